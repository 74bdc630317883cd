/* audit.c — the rules of `oomlens check` (see audit.h for the ids and
 * thresholds): what on a live machine invites its next OOM kill.  Each rule
 * reads the snapshot (procfs.c), the OOM domains with their headroom
 * (oom_rank.c) and the log tally (log_tally.h), and writes findings whose
 * evidence names the files under /proc and /sys the values came from
 * (relative to the root that was read).
 *
 * Kernel facts the rules rest on:
 *  - vm.panic_on_oom 1 panics on a system-wide OOM (not a memcg, cpuset or
 *    mempolicy one), 2 on every OOM (mm/oom_kill.c check_panic_on_oom());
 *  - vm.oom_kill_allocating_task kills current instead of scanning, unless
 *    current is unkillable or -1000 (out_of_memory());
 *  - overcommit_memory 2: CommitLimit = swap + RAM * overcommit_ratio / 100
 *    (minus huge pages), allocations beyond it fail with ENOMEM
 *    (__vm_enough_memory());
 *  - oom_score_adj -1000 is never chosen (oom_badness() returns LONG_MIN);
 *  - the vmstat oom_kill counter and memcg OOM_KILL events are counted once
 *    per victim in __oom_kill_process() (4.13+), the memcg one in the
 *    victim's memcg and, on v2, its ancestors (memcg_memory_event()); the
 *    "Killed process" line is printed for each of them, not rate-limited.
 */
#include "audit.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup_owner.h"
#include "escape.h"
#include "event.h"
#include "i18n.h"
#include "units.h"

#define MIB_KB 1024LL
#define LIMIT_STEP_KB (64 * MIB_KB)
#define MAX_LISTED 3              /* services named in one finding */
#define FILE_BUF 512              /* a /proc or /sys path for evidence (evidence lines are shorter) */

struct ctx {
        const struct audit_input *in;
        const struct proc_snapshot *s;
        const struct oom_ranking *rank;
        struct audit_report *r;
        int error;
};

const char *audit_severity_name(enum audit_severity s) {
        switch (s) {
        case AUDIT_CRITICAL: return N_("critical");
        case AUDIT_WARNING: return N_("warning");
        case AUDIT_INFO: return N_("info");
        }
        return "?";
}

/* --- pure helpers ------------------------------------------------------- */

int audit_parse_java_size(const char *s, size_t len, int64_t *ret_bytes) {
        size_t i = 0;
        int64_t v = 0;
        while (i < len && s[i] >= '0' && s[i] <= '9') {
                if (__builtin_mul_overflow(v, 10, &v) || __builtin_add_overflow(v, s[i] - '0', &v))
                        return -ERANGE;
                i++;
        }
        if (i == 0)
                return -EINVAL;
        int shift = 0;
        if (i < len) {
                switch (s[i]) {
                case 'k': case 'K': shift = 10; break;
                case 'm': case 'M': shift = 20; break;
                case 'g': case 'G': shift = 30; break;
                case 't': case 'T': shift = 40; break;
                default: return -EINVAL;
                }
                if (++i != len)
                        return -EINVAL;
        }
        if (v == 0)
                return -EINVAL;
        if (v > (INT64_MAX >> shift))
                return -ERANGE;
        *ret_bytes = v << shift;
        return 0;
}

/* JVM launcher options whose value is the next word (java -help, JDK 8-21). */
static bool takes_argument(const char *w, size_t n) {
        static const char *const with_arg[] = {
                "-cp", "-classpath", "--class-path", "-p", "--module-path", "--upgrade-module-path",
                "--add-modules", "--limit-modules", "--add-reads", "--add-exports", "--add-opens",
                "--patch-module", "--enable-native-access", "--source",
        };
        for (size_t k = 0; k < sizeof(with_arg) / sizeof(*with_arg); k++)
                if (strlen(with_arg[k]) == n && memcmp(w, with_arg[k], n) == 0)
                        return true;
        return false;
}

static bool word_is(const char *w, size_t n, const char *lit) { return strlen(lit) == n && memcmp(w, lit, n) == 0; }

static bool word_starts(const char *w, size_t n, const char *lit) {
        size_t l = strlen(lit);
        return n >= l && memcmp(w, lit, l) == 0;
}

int audit_jvm_max_heap(const char *cmdline, int64_t *ret_bytes, char *opt, size_t opt_size) {
        if (!cmdline)
                return -ENOENT;
        const char *p = cmdline;
        bool first = true, found = false, skip_next = false;
        int64_t heap = 0;
        while (*p) {
                while (*p == ' ')
                        p++;
                if (!*p)
                        break;
                const char *w = p;
                while (*p && *p != ' ')
                        p++;
                size_t n = (size_t)(p - w);
                if (first) {                 /* the program */
                        first = false;
                        continue;
                }
                if (skip_next) {
                        skip_next = false;
                        continue;
                }
                if (w[0] != '-' || word_is(w, n, "-jar") || word_is(w, n, "-m") || word_is(w, n, "--module") ||
                    word_starts(w, n, "--module="))
                        break;               /* the program's own arguments follow */
                if (takes_argument(w, n)) {
                        skip_next = true;
                        continue;
                }
                size_t skip = word_starts(w, n, "-Xmx") ? 4 : word_starts(w, n, "-XX:MaxHeapSize=") ? 16 : 0;
                int64_t v;
                if (skip && audit_parse_java_size(w + skip, n - skip, &v) == 0) {
                        heap = v;
                        found = true;
                        if (opt && opt_size)
                                snprintf(opt, opt_size, "%.*s", (int)(n < 256 ? n : 256), w);
                }
        }
        if (!found)
                return -ENOENT;
        *ret_bytes = heap;
        return 0;
}

/* PART >= PCT % of WHOLE, both known, WHOLE > 0. */
static bool pct_at_least(int64_t part, int64_t whole, int pct) {
        if (!val_known(part) || !val_known(whole) || whole <= 0)
                return false;
        return sat_mul(part, 100) >= sat_mul(whole, pct);
}

int audit_near_limit_severity(int64_t used_kb, int64_t capacity_kb) {
        if (pct_at_least(used_kb, capacity_kb, AUDIT_NEAR_CRITICAL_PCT))
                return AUDIT_CRITICAL;
        if (pct_at_least(used_kb, capacity_kb, AUDIT_NEAR_WARNING_PCT))
                return AUDIT_WARNING;
        return -1;
}

/* KB rounded up to a multiple of 64 MiB, at least 64 MiB. */
static int64_t round_up_kb(int64_t kb) {
        if (kb < LIMIT_STEP_KB)
                return LIMIT_STEP_KB;
        if (kb > INT64_MAX - LIMIT_STEP_KB)
                return kb;
        return (kb + LIMIT_STEP_KB - 1) / LIMIT_STEP_KB * LIMIT_STEP_KB;
}

int64_t audit_suggest_limit_kb(int64_t used_kb) {
        return round_up_kb(val_known(used_kb) && used_kb > 0 ? sat_add(used_kb, used_kb / 2) : 0);
}

/* --- findings ------------------------------------------------------------ */

static struct audit_finding *add(struct ctx *c, const char *id, enum audit_severity sev) {
        if (c->error)
                return NULL;
        struct audit_finding *n = reallocarray(c->r->items, c->r->n + 1, sizeof(*n));
        if (!n) {
                c->error = -ENOMEM;
                return NULL;
        }
        c->r->items = n;
        struct audit_finding *f = &n[c->r->n++];
        memset(f, 0, sizeof(*f));
        f->id = id;
        f->severity = sev;
        return f;
}

/* A whole sentence in a heap string: a long cgroup path in it is never
 * cut, nor what follows it. */
static char *vformat(const char *fmt, va_list ap) {
        char *s;
        if (vasprintf(&s, fmt, ap) < 0)
                s = xstrdup(""); /* exits with "out of memory" when that fails too */
        return s;
}

__attribute__((format(printf, 2, 3)))
static void text(char **dst, const char *fmt, ...) {
        va_list ap;
        va_start(ap, fmt);
        char *s = vformat(fmt, ap);
        va_end(ap);
        free(*dst);
        *dst = s;
}

/* the sentences' facts as data: JSON "params" (finding_params.h) */
#define PI(f, name, v) param_int(&(f)->params, name, v)
#define PS(f, name, v) param_str(&(f)->params, name, v)

__attribute__((format(printf, 2, 3)))
static void evidence(struct audit_finding *f, const char *fmt, ...) {
        if (f->n_evidence >= AUDIT_MAX_EVIDENCE)
                return;
        va_list ap;
        va_start(ap, fmt);
        f->evidence[f->n_evidence++] = vformat(fmt, ap);
        va_end(ap);
}

static long long ll(int64_t v) { return (long long)v; }

/* "768M", "2G": a size argument systemd, docker and the cgroup files take. */
static const char *size_arg(char *buf, size_t n, int64_t kb) {
        int64_t mib = (kb + MIB_KB - 1) / MIB_KB;
        if (mib > 0 && mib % 1024 == 0)
                snprintf(buf, n, "%lldG", ll(mib / 1024));
        else
                snprintf(buf, n, "%lldM", ll(mib));
        return buf;
}

static const char *cgroup_base(const struct cgroup_mem *c) {
        return c->version == 2 ? "/sys/fs/cgroup" : "/sys/fs/cgroup/memory";
}

/* The file FILE of cgroup C as the machine names it ("/sys/fs/cgroup/a/memory.max"). */
static const char *cg_file(char *buf, size_t n, const struct cgroup_mem *c, const char *file) {
        snprintf(buf, n, "%s%s/%s", cgroup_base(c), strcmp(c->path, "/") == 0 ? "" : c->path, file);
        return buf;
}

/* S as one word of a command the user may paste (shell_quote(): cgroup
 * paths, unit and container names are chosen by whoever creates them);
 * false when it cannot be shown as one (control characters, or too long). */
static bool shell_word(char *buf, size_t n, const char *s) {
        return shell_quote(buf, n, s, strlen(s)) >= 0;
}

/* What stands where a command would, for a name that cannot be pasted. */
static const char *no_command(void) {
        return _("no command shown: the name holds characters a terminal does not show as they are");
}

/* The command that sets a memory limit of LIMIT_KB on cgroup PATH (owned
 * by O when HAVE_OWNER).  V2 picks the cgroup file's name. */
static void limit_command(char *buf, size_t n, const char *path, const struct cgroup_owner *o, bool have_owner,
                          int64_t limit_kb, bool v2) {
        char sz[32];
        size_arg(sz, sizeof(sz), limit_kb);
        char id12[16], word[FILE_BUF], file[FILE_BUF];
        bool ok = true;
        snprintf(id12, sizeof(id12), "%.12s", have_owner ? o->id : "");
        if (have_owner && strcmp(o->kind, "docker") == 0)
                snprintf(buf, n, "docker update --memory=%s --memory-swap=%s %s", sz, sz, id12);
        else if (have_owner && strcmp(o->kind, "podman") == 0)
                snprintf(buf, n, "podman update --memory=%s %s", sz, id12);
        else if (have_owner && strcmp(o->kind, "containerd") == 0)
                snprintf(buf, n, "nerdctl update --memory=%s %s", sz, id12);
        else if (have_owner && strcmp(o->kind, "cri-o") == 0)
                snprintf(buf, n, "crictl update --memory=%lld %s", ll(sat_mul(limit_kb, 1024)), id12);
        else if (have_owner && strcmp(o->kind, "kubernetes") == 0)
                snprintf(buf, n, _("resources.limits.memory: %si in the pod's container spec"), sz);
        else if (have_owner && strcmp(o->kind, "lxc") == 0) {
                ok = shell_word(word, sizeof(word), o->id);
                snprintf(buf, n, "lxc-cgroup -n %s %s %s", word, v2 ? "memory.max" : "memory.limit_in_bytes", sz);
        } else if (have_owner && o->unit[0]) {
                ok = shell_word(word, sizeof(word), o->unit);
                snprintf(buf, n, "systemctl%s set-property %s MemoryMax=%s", o->manager[0] ? " --user" : "", word, sz);
        } else {
                snprintf(file, sizeof(file), "%s%s/%s", v2 ? "/sys/fs/cgroup" : "/sys/fs/cgroup/memory",
                         strcmp(path, "/") == 0 ? "" : path, v2 ? "memory.max" : "memory.limit_in_bytes");
                ok = shell_word(word, sizeof(word), file);
                snprintf(buf, n, "echo %s > %s", sz, word);
        }
        if (!ok)
                snprintf(buf, n, "%s", no_command());
}

static bool owner_label(const char *path, struct cgroup_owner *o, char *label, size_t n) {
        return cgroup_owner_describe(path, o, label, n) > 0;
}

static int64_t kb_or_zero(int64_t v) { return val_known(v) && v > 0 ? v : 0; }

static int64_t task_size_kb(const struct proc_task *t) {
        return sat_add(kb_or_zero(t->vm_rss_kb), kb_or_zero(t->swap_kb));
}

static size_t domain_of(const struct ctx *c, size_t task) {
        return c->rank ? oom_rank_domain_of(c->rank, c->s, task) : 0;
}

static const struct cgroup_mem *domain_cgroup(const struct ctx *c, size_t d) {
        if (!c->rank || d == 0 || d >= c->rank->n || c->rank->domains[d].cgroup < 0)
                return NULL;
        return &c->s->cgroups[c->rank->domains[d].cgroup];
}

/* The smallest memory limit on TASK's cgroup or its ancestors: its domain
 * index, 0 when none. */
static size_t tightest_domain(const struct ctx *c, size_t task) {
        size_t best = 0;
        int64_t best_limit = OOM_UNSET;
        for (ssize_t d = (ssize_t)domain_of(c, task); d > 0; d = c->rank->domains[d].parent) {
                const struct cgroup_mem *cg = domain_cgroup(c, (size_t)d);
                if (cg && val_known(cg->limit_kb) && (best == 0 || cg->limit_kb < best_limit)) {
                        best = (size_t)d;
                        best_limit = cg->limit_kb;
                }
        }
        return best;
}

/* vm.* sysctls */
static void rule_panic(struct ctx *c) {
        int v = c->s->sys.panic_on_oom;
        if (v == PROCFS_INT_UNSET || v == 0)
                return;
        struct audit_finding *f = add(c, "panic_on_oom", AUDIT_CRITICAL);
        if (!f)
                return;
        if (v == 2)
                text(&f->summary, "%s",
                     _("vm.panic_on_oom is 2: every OOM, even one inside a memory cgroup, panics the kernel instead "
                       "of killing one process; the whole machine reboots (kernel.panic) or hangs."));
        else
                text(&f->summary, _("vm.panic_on_oom is %d: a system-wide OOM panics the kernel instead of killing one process; "
                       "the whole machine reboots (kernel.panic) or hangs."), v);
        evidence(f, "/proc/sys/vm/panic_on_oom: %d", v);
        PI(f, "panic_on_oom", v);
        text(&f->fix, "%s",
             _("sysctl -w vm.panic_on_oom=0, and keep it: echo 'vm.panic_on_oom = 0' > /etc/sysctl.d/90-oom.conf "
               "(unless a reboot is deliberately how this cluster fails over)"));
}

static void rule_allocating_task(struct ctx *c) {
        int v = c->s->sys.oom_kill_allocating_task;
        if (v == PROCFS_INT_UNSET || v == 0)
                return;
        struct audit_finding *f = add(c, "oom_kill_allocating_task", AUDIT_WARNING);
        if (!f)
                return;
        text(&f->summary, _("vm.oom_kill_allocating_task is %d: the OOM killer kills whichever process asked for the page that "
               "could not be found, often a small, innocent one, instead of the largest; the process that "
               "filled memory survives and the kills repeat (seed 002's storm of 51 kills)."), v);
        evidence(f, "/proc/sys/vm/oom_kill_allocating_task: %d", v);
        PI(f, "oom_kill_allocating_task", v);
        text(&f->fix, "%s",
             _("sysctl -w vm.oom_kill_allocating_task=0, and keep it: "
               "echo 'vm.oom_kill_allocating_task = 0' > /etc/sysctl.d/90-oom.conf"));
}

static void rule_overcommit(struct ctx *c) {
        const struct system_mem *m = &c->s->sys;
        if (m->overcommit_memory != 2 || !val_known(m->commit_limit_kb) || m->commit_limit_kb <= 0 ||
            !val_known(m->mem_total_kb) || m->mem_total_kb <= 0)
                return;
        bool low = !pct_at_least(m->commit_limit_kb, m->mem_total_kb, AUDIT_COMMIT_LOW_PCT);
        bool full = pct_at_least(m->committed_as_kb, m->commit_limit_kb, AUDIT_COMMITTED_WARNING_PCT);
        if (!low && !full)
                return;
        bool critical = pct_at_least(m->committed_as_kb, m->commit_limit_kb, AUDIT_COMMITTED_CRITICAL_PCT);
        struct audit_finding *f = add(c, "overcommit_strict_low", critical ? AUDIT_CRITICAL : AUDIT_WARNING);
        if (!f)
                return;
        char a[UNITS_BUF_SIZE], b[UNITS_BUF_SIZE], p[UNITS_BUF_SIZE];
        int ratio = m->overcommit_ratio == PROCFS_INT_UNSET ? 50 : m->overcommit_ratio;
        if (full)
                text(&f->summary, _("vm.overcommit_memory is 2 (strict accounting) and %s of the CommitLimit of %s is already "
                       "committed: the next allocations fail with ENOMEM (fork, new threads, a JVM's heap), a "
                       "crash that leaves no OOM report."),
                     units_percent(p, sizeof(p), m->committed_as_kb, m->commit_limit_kb),
                     units_kb(a, sizeof(a), m->commit_limit_kb));
        else
                text(&f->summary, _("vm.overcommit_memory is 2 (strict accounting) and CommitLimit is %s (swap + %d%% of RAM), "
                       "less than %d%% of the %s of RAM: allocations fail with ENOMEM (fork, new threads, a JVM's "
                       "heap) while RAM is still free."),
                     units_kb(a, sizeof(a), m->commit_limit_kb), ratio, AUDIT_COMMIT_LOW_PCT,
                     units_kb(b, sizeof(b), m->mem_total_kb));
        evidence(f, "/proc/sys/vm/overcommit_memory: %d", m->overcommit_memory);
        PI(f, "committed_as_kb", m->committed_as_kb); PI(f, "commit_limit_kb", m->commit_limit_kb); PI(f, "overcommit_ratio", m->overcommit_ratio); PI(f, "mem_total_kb", m->mem_total_kb);
        if (m->overcommit_ratio != PROCFS_INT_UNSET)
                evidence(f, "/proc/sys/vm/overcommit_ratio: %d", m->overcommit_ratio);
        evidence(f, "/proc/meminfo: MemTotal: %lld kB, SwapTotal: %lld kB, CommitLimit: %lld kB, Committed_AS: %lld kB",
                 ll(m->mem_total_kb), ll(kb_or_zero(m->swap_total_kb)), ll(m->commit_limit_kb),
                 ll(kb_or_zero(m->committed_as_kb)));
        /* the smallest ratio that lets swap + ratio % of RAM reach 95 % of RAM */
        int64_t swap = kb_or_zero(m->swap_total_kb);
        int64_t want = sat_sub(sat_mul(m->mem_total_kb, 95), sat_mul(swap, 100));
        int64_t r = want <= 0 ? ratio : (want + m->mem_total_kb - 1) / m->mem_total_kb;
        if (r <= ratio)
                r = ratio + 10;
        if (r > 100)
                r = 100;
        int64_t new_limit = sat_add(swap, m->mem_total_kb / 100 * r);
        text(&f->fix, _("sysctl -w vm.overcommit_ratio=%lld (CommitLimit becomes about %s), or add swap, or return to the "
               "heuristic mode most software expects: sysctl -w vm.overcommit_memory=0; keep it in "
               "/etc/sysctl.d/90-oom.conf"),
             ll(r), units_kb(p, sizeof(p), new_limit));
}

/* oom_score_adj -1000 on a process that is large: for the machine, or for
 * the cgroup that holds it */
static void rule_protected(struct ctx *c) {
        const struct proc_snapshot *s = c->s;
        int64_t ram = s->sys.mem_total_kb;
        size_t largest = SIZE_MAX;
        for (size_t i = 0; i < s->n_tasks; i++)
                if (largest == SIZE_MAX || task_size_kb(&s->tasks[i]) > task_size_kb(&s->tasks[largest]))
                        largest = i;
        for (size_t i = 0; i < s->n_tasks; i++) {
                const struct proc_task *t = &s->tasks[i];
                if (t->oom_score_adj != -1000)
                        continue;
                int64_t size = task_size_kb(t);
                size_t d = tightest_domain(c, i);
                const struct cgroup_mem *cg = domain_cgroup(c, d);
                bool of_ram = pct_at_least(size, ram, AUDIT_LARGE_PCT) ||
                              (i == largest && pct_at_least(size, ram, AUDIT_LARGEST_MIN_PCT));
                bool of_cgroup = cg && pct_at_least(size, cg->limit_kb, AUDIT_PROTECTED_DOMAIN_PCT);
                if (!of_ram && !of_cgroup)
                        continue;
                bool critical = pct_at_least(size, ram, AUDIT_PROTECTED_CRITICAL_PCT);
                struct audit_finding *f = add(c, "protected_large_process", critical ? AUDIT_CRITICAL : AUDIT_WARNING);
                if (!f)
                        return;
                char a[UNITS_BUF_SIZE], p[UNITS_BUF_SIZE], l[UNITS_BUF_SIZE];
                text(&f->subject, "%s (pid %d)", t->comm, t->pid);
                if (of_ram)
                        text(&f->summary, _("%s (pid %d) holds %s (%s of RAM) and has oom_score_adj -1000: the OOM killer never "
                               "chooses it, so when it grows the kernel kills every other process first (seed 004's "
                               "avalanche) and may end with nothing left to kill but a panic."),
                             t->comm, t->pid, units_kb(a, sizeof(a), size), units_percent(p, sizeof(p), size, ram));
                else
                        text(&f->summary, _("%s (pid %d) holds %s (%s of its cgroup's %s limit) and has oom_score_adj -1000: the "
                               "OOM killer never chooses it, so when it grows the kernel kills every other process "
                               "of %s first, then finds nothing to kill."),
                             t->comm, t->pid, units_kb(a, sizeof(a), size), units_percent(p, sizeof(p), size, cg->limit_kb),
                             units_kb(l, sizeof(l), cg->limit_kb), cg->path);
                evidence(f, "/proc/%d/oom_score_adj: -1000", t->pid);
                PI(f, "pid", t->pid); PS(f, "comm", t->comm); PI(f, "size_kb", size); PS(f, "cgroup", of_ram ? NULL : cg->path); PI(f, "limit_kb", of_ram ? OOM_UNSET : cg->limit_kb); PI(f, "ram_kb", ram);
                evidence(f, "/proc/%d/status: VmRSS: %lld kB, VmSwap: %lld kB", t->pid, ll(kb_or_zero(t->vm_rss_kb)),
                         ll(kb_or_zero(t->swap_kb)));
                if (of_ram)
                        evidence(f, "/proc/meminfo: MemTotal: %lld kB", ll(ram));
                if (cg) {
                        char file[FILE_BUF];
                        evidence(f, "%s: %s", cg_file(file, sizeof(file), cg, cg->version == 2 ? "memory.max" : "memory.limit_in_bytes"),
                                 units_kb(l, sizeof(l), cg->limit_kb));
                }
                struct cgroup_owner o;
                char label[256], word[FILE_BUF];
                if (owner_label(t->cgroup, &o, label, sizeof(label)) && o.unit[0] && !o.kind[0])
                        text(&f->fix, _("Let the kernel choose it: choom -p %d -n 0 now, and OOMScoreAdjust=0 in %s "
                               "(systemctl edit %s) with a MemoryMax= that keeps its growth inside its own cgroup; "
                               "keep -1000 for small, vital daemons such as sshd."),
                             t->pid, o.unit, shell_word(word, sizeof(word), o.unit) ? word : no_command());
                else
                        text(&f->fix, _("Let the kernel choose it: choom -p %d -n 0 (or echo 0 > /proc/%d/oom_score_adj), and "
                               "stop whatever sets -1000 when it starts; keep -1000 for small, vital daemons such as "
                               "sshd."),
                             t->pid, t->pid);
        }
}

static const char *limit_file(const struct cgroup_mem *cg) {
        return cg->version == 2 ? "memory.max" : "memory.limit_in_bytes";
}

/* The severity of a JVM heap of HEAP_KB against a bound of BOUND_KB: over
 * it critical; fitting, but not with the non-heap memory, a warning. */
static int heap_severity(int64_t heap_kb, int64_t bound_kb) {
        if (!val_known(bound_kb))
                return -1;
        if (heap_kb > bound_kb)
                return AUDIT_CRITICAL;
        if (sat_add(heap_kb, heap_kb / AUDIT_JVM_NONHEAP_DIV) > bound_kb)
                return AUDIT_WARNING;
        return -1;
}

/* What a process holds that no other process shares: anonymous memory and
 * swap (shared memory and file pages count in every process that maps
 * them: summing VmRSS counts a database's shared buffers once per backend).
 * VmRSS before 4.5, which has no split. */
static int64_t private_kb(const struct proc_task *t) {
        int64_t anon = val_known(t->rss_anon_kb) ? t->rss_anon_kb : t->vm_rss_kb;
        return sat_add(kb_or_zero(anon), kb_or_zero(t->swap_kb));
}

static void rule_jvm(struct ctx *c) {
        const struct proc_snapshot *s = c->s;
        int64_t all_private = 0;
        for (size_t i = 0; i < s->n_tasks; i++)
                all_private = sat_add(all_private, private_kb(&s->tasks[i]));
        for (size_t i = 0; i < s->n_tasks; i++) {
                const struct proc_task *t = &s->tasks[i];
                int64_t heap;
                char opt[128];
                if (audit_jvm_max_heap(t->cmdline, &heap, opt, sizeof(opt)) < 0)
                        continue;
                int64_t heap_kb = heap / 1024;
                size_t d = tightest_domain(c, i);
                const struct cgroup_mem *cg = domain_cgroup(c, d);
                int64_t others = sat_sub(all_private, private_kb(t));
                int64_t host_room = val_known(s->sys.mem_total_kb) ? sat_sub(s->sys.mem_total_kb, others) : OOM_UNSET;
                int sev_cg = cg ? heap_severity(heap_kb, cg->limit_kb) : -1;
                int sev_host = heap_severity(heap_kb, host_room);
                if (sev_cg < 0 && sev_host < 0)
                        continue;
                bool by_cgroup = sev_cg >= sev_host;
                struct audit_finding *f = add(c, "jvm_heap_too_large", (enum audit_severity)(by_cgroup ? sev_cg : sev_host));
                if (!f)
                        return;
                char h[UNITS_BUF_SIZE], l[UNITS_BUF_SIZE], o[UNITS_BUF_SIZE], r[UNITS_BUF_SIZE];
                const char *tail = f->severity == AUDIT_CRITICAL
                        ? _("when the heap fills, the kernel OOM-kills the JVM before Java can throw OutOfMemoryError.")
                        : _("the heap fits, but with metaspace, thread stacks and direct buffers (about a quarter more) "
                            "the JVM outgrows it and the kernel OOM-kills it.");
                text(&f->subject, "%s (pid %d)", t->comm, t->pid);
                if (by_cgroup)
                        text(&f->summary, _("%s (pid %d) may grow its Java heap to %s (%s) but its memory cgroup %s allows %s: %s"),
                             t->comm, t->pid, units_kb(h, sizeof(h), heap_kb), opt, cg->path,
                             units_kb(l, sizeof(l), cg->limit_kb), tail);
                else
                        text(&f->summary, _("%s (pid %d) may grow its Java heap to %s (%s) but the machine has %s of RAM and the "
                               "other processes hold %s of their own (anonymous memory and swap), which leaves %s: %s"),
                             t->comm, t->pid, units_kb(h, sizeof(h), heap_kb), opt,
                             units_kb(l, sizeof(l), s->sys.mem_total_kb), units_kb(o, sizeof(o), others),
                             units_kb(r, sizeof(r), host_room), tail);
                evidence(f, "/proc/%d/cmdline: %s", t->pid, opt);
                PI(f, "pid", t->pid); PS(f, "comm", t->comm); PI(f, "heap_kb", heap_kb); PS(f, "heap_option", opt); PS(f, "cgroup", by_cgroup ? cg->path : NULL); PI(f, "limit_kb", by_cgroup ? cg->limit_kb : OOM_UNSET);
                int64_t bound = by_cgroup ? cg->limit_kb : host_room;
                if (by_cgroup) {
                        char file[FILE_BUF];
                        evidence(f, "%s: %s", cg_file(file, sizeof(file), cg, limit_file(cg)), units_kb(l, sizeof(l), cg->limit_kb));
                } else {
                        evidence(f, "/proc/meminfo: MemTotal: %lld kB", ll(s->sys.mem_total_kb));
                        evidence(f, _("/proc/*/status: RssAnon + VmSwap of the other processes: %lld kB"), ll(others));
                }
                /* heap + a quarter for the rest within 90 % of the bound */
                int64_t fit_mib = bound > 0 ? bound * 70 / 100 / MIB_KB : 0;
                if (fit_mib < 64)
                        fit_mib = 64;
                if (by_cgroup) {
                        struct cgroup_owner ow;
                        char label[256], cmd[640];
                        bool have = owner_label(cg->path, &ow, label, sizeof(label));
                        limit_command(cmd, sizeof(cmd), cg->path, &ow, have,
                                      round_up_kb(sat_add(heap_kb, heap_kb / AUDIT_JVM_NONHEAP_DIV)), cg->version == 2);
                        text(&f->fix, _("Lower the heap to fit: -Xmx%lldm (70%% of %s, room for the memory outside the heap), or "
                               "-XX:MaxRAMPercentage=70 instead of -Xmx so that the JVM sizes itself from its cgroup; "
                               "or raise the limit: %s"),
                             ll(fit_mib), units_kb(l, sizeof(l), bound), cmd);
                } else {
                        text(&f->fix, _("Lower the heap to fit: -Xmx%lldm (70%% of the %s left), or give the machine more "
                               "memory; and give the service a MemoryMax= so that its growth cannot take the whole "
                               "machine."),
                             ll(fit_mib), units_kb(r, sizeof(r), bound));
                }
        }
}

/* --- services: processes grouped by unit, container or cgroup ------------ */

struct group {
        char key[256];             /* owner label or cgroup path; "" for a process of its own */
        char label[256];           /* what to call it */
        const char *cgroup;        /* borrowed from the largest task */
        struct cgroup_owner owner;
        bool have_owner;
        int64_t rss_kb;
        size_t n_tasks, top;       /* top: its largest task */
        bool unlimited;            /* some process of it has no limit on its cgroup or above */
};

static int group_cmp(const void *pa, const void *pb) {
        const struct group *a = pa, *b = pb;
        if (a->rss_kb != b->rss_kb)
                return a->rss_kb > b->rss_kb ? -1 : 1;
        return a->top < b->top ? -1 : a->top > b->top;
}

/* Groups the processes: by unit or container where the cgroup path names
 * one, by cgroup otherwise; a process in the root cgroup (or without a
 * memory cgroup) is its own group.  Sorted by RSS, largest first. */
static struct group *build_groups(struct ctx *c, size_t *ret_n) {
        const struct proc_snapshot *s = c->s;
        struct group *g = calloc(s->n_tasks ? s->n_tasks : 1, sizeof(*g));
        size_t n = 0;
        if (!g) {
                c->error = -ENOMEM;
                return NULL;
        }
        for (size_t i = 0; i < s->n_tasks; i++) {
                const struct proc_task *t = &s->tasks[i];
                struct group cur = { .cgroup = t->cgroup, .top = i };
                cur.have_owner = owner_label(t->cgroup, &cur.owner, cur.label, sizeof(cur.label));
                if (cur.have_owner)
                        snprintf(cur.key, sizeof(cur.key), "%s", cur.label);
                else if (t->cgroup && strcmp(t->cgroup, "/") != 0)
                        snprintf(cur.key, sizeof(cur.key), "%s", t->cgroup);
                if (!cur.key[0])
                        snprintf(cur.label, sizeof(cur.label), "%s (pid %d)", t->comm, t->pid);
                else if (!cur.have_owner)
                        snprintf(cur.label, sizeof(cur.label), "%s", t->cgroup);
                size_t k = 0;
                while (cur.key[0] && k < n && strcmp(g[k].key, cur.key) != 0)
                        k++;
                if (!cur.key[0] || k == n)
                        g[k = n++] = cur;
                struct group *x = &g[k];
                x->rss_kb = sat_add(x->rss_kb, kb_or_zero(t->vm_rss_kb));
                x->n_tasks++;
                if (kb_or_zero(t->vm_rss_kb) > kb_or_zero(s->tasks[x->top].vm_rss_kb)) {
                        x->top = i;
                        x->cgroup = t->cgroup;
                }
                x->unlimited |= domain_of(c, i) == 0;
        }
        if (n > 1)
                qsort(g, n, sizeof(*g), group_cmp);
        *ret_n = n;
        return g;
}

static void rule_no_swap(struct ctx *c, const struct group *g, size_t n) {
        const struct system_mem *m = &c->s->sys;
        if (m->swap_total_kb != 0 || !val_known(m->mem_total_kb))
                return;
        size_t pick[MAX_LISTED], np = 0;
        for (size_t i = 0; i < n && np < MAX_LISTED; i++)
                if (g[i].unlimited && pct_at_least(g[i].rss_kb, m->mem_total_kb, AUDIT_LARGE_PCT))
                        pick[np++] = i;
        if (np == 0)
                return;
        struct audit_finding *f = add(c, "no_swap_unlimited_services", AUDIT_WARNING);
        if (!f)
                return;
        char list[512] = "", a[UNITS_BUF_SIZE], q[UNITS_BUF_SIZE];
        size_t used = 0;
        for (size_t k = 0; k < np; k++) {
                const struct group *x = &g[pick[k]];
                int w = snprintf(list + used, sizeof(list) - used, "%s%s %s (%s)", k ? ", " : "", x->label,
                                 units_kb(a, sizeof(a), x->rss_kb), units_percent(q, sizeof(q), x->rss_kb, m->mem_total_kb));
                if (w < 0 || (size_t)w >= sizeof(list) - used)
                        break;
                used += (size_t)w;
        }
        text(&f->subject, "%s", g[pick[0]].label);
        text(&f->summary, _("The machine has no swap, and its largest services have no memory limit: %s. When one of them "
               "grows, the whole machine runs out and the OOM killer chooses among all processes, not only the "
               "one that grew."),
             list);
        evidence(f, "/proc/meminfo: MemTotal: %lld kB, SwapTotal: 0 kB", ll(m->mem_total_kb));
        PI(f, "mem_total_kb", m->mem_total_kb); PI(f, "swap_total_kb", 0);
        for (size_t k = 0; k < np; k++) {
                const struct group *x = &g[pick[k]];
                const struct proc_task *t = &c->s->tasks[x->top];
                if (x->cgroup)
                        evidence(f, _("/proc/%d/cgroup: %s (no memory limit on it or above it)"), t->pid, x->cgroup);
                evidence(f, _("/proc/%d/status: VmRSS: %lld kB (%s; processes: %zu, together %lld kB)"), t->pid,
                         ll(kb_or_zero(t->vm_rss_kb)), t->comm, x->n_tasks, ll(x->rss_kb));
        }
        const struct group *top = &g[pick[0]];
        char cmd[640], swap[32];
        int64_t lim = audit_suggest_limit_kb(top->rss_kb);
        if (top->cgroup && strcmp(top->cgroup, "/") != 0) {
                limit_command(cmd, sizeof(cmd), top->cgroup, &top->owner, top->have_owner, lim,
                              c->s->cgroup_layout == PROCFS_CGROUP_V2);
        } else {
                char sz[32], word[FILE_BUF];
                if (shell_word(word, sizeof(word), c->s->tasks[top->top].comm))
                        snprintf(cmd, sizeof(cmd), "systemd-run --scope -p MemoryMax=%s -- %s …",
                                 size_arg(sz, sizeof(sz), lim), word);
                else
                        snprintf(cmd, sizeof(cmd), "%s", no_command());
        }
        text(&f->fix, _("Give each a memory limit, e.g. %s; or add swap to absorb peaks (a quarter of RAM: fallocate -l %s "
               "/swapfile && chmod 600 /swapfile && mkswap /swapfile && swapon /swapfile)."),
             cmd, size_arg(swap, sizeof(swap), round_up_kb(m->mem_total_kb / 4)));
}

/* A limit on the container itself (or its pod): an enclosing domain whose
 * path names the same container or pod. */
static bool container_limited(const struct ctx *c, size_t task, const struct cgroup_owner *o) {
        if (!c->rank)
                return false;
        for (ssize_t d = (ssize_t)domain_of(c, task); d > 0; d = c->rank->domains[d].parent) {
                const struct cgroup_mem *cg = domain_cgroup(c, (size_t)d);
                struct cgroup_owner x;
                if (!cg || cgroup_owner_parse(cg->path, &x) < 0 || strcmp(x.kind, o->kind) != 0)
                        continue;
                if ((o->id[0] && strcmp(x.id, o->id) == 0) || (o->pod[0] && strcmp(x.pod, o->pod) == 0))
                        return true;
        }
        return false;
}

static void rule_containers(struct ctx *c) {
        const struct proc_snapshot *s = c->s;
        struct cont { char label[256]; struct cgroup_owner o; size_t top; int64_t rss_kb; size_t n; } *v = NULL;
        size_t n = 0;
        if (s->n_tasks && !(v = calloc(s->n_tasks, sizeof(*v)))) {
                c->error = -ENOMEM;
                return;
        }
        for (size_t i = 0; i < s->n_tasks; i++) {
                const struct proc_task *t = &s->tasks[i];
                struct cgroup_owner o;
                char label[256];
                if (!owner_label(t->cgroup, &o, label, sizeof(label)) || !cgroup_owner_is_container(&o) ||
                    container_limited(c, i, &o))
                        continue;
                size_t k = 0;
                while (k < n && strcmp(v[k].label, label) != 0)
                        k++;
                if (k == n) {
                        snprintf(v[n].label, sizeof(v[n].label), "%s", label);
                        v[n].o = o;
                        v[n++].top = i;
                }
                v[k].rss_kb = sat_add(v[k].rss_kb, kb_or_zero(t->vm_rss_kb));
                v[k].n++;
                if (kb_or_zero(t->vm_rss_kb) > kb_or_zero(s->tasks[v[k].top].vm_rss_kb))
                        v[k].top = i;
        }
        for (size_t k = 0; k < n; k++) {
                struct audit_finding *f = add(c, "container_no_memory_limit", AUDIT_WARNING);
                if (!f)
                        break;
                const struct proc_task *t = &s->tasks[v[k].top];
                char a[UNITS_BUF_SIZE], cmd[640];
                text(&f->subject, "%s", v[k].label);
                text(&f->summary, _("Container %s has no memory limit of its own: its processes (%s now) can take all of the "
                       "machine's memory, and the OOM killer then chooses among every process of the host, not only "
                       "the container's."),
                     v[k].label, units_kb(a, sizeof(a), v[k].rss_kb));
                evidence(f, _("/proc/%d/cgroup: %s (no memory limit on the container's cgroup)"), t->pid, t->cgroup);
                PI(f, "pid", t->pid); PS(f, "cgroup", t->cgroup); PS(f, "container", v[k].label); PI(f, "rss_kb", v[k].rss_kb);
                evidence(f, _("/proc/%d/status: VmRSS: %lld kB (%s; processes: %zu, together %lld kB)"), t->pid,
                         ll(kb_or_zero(t->vm_rss_kb)), t->comm, v[k].n, ll(v[k].rss_kb));
                int64_t lim = audit_suggest_limit_kb(v[k].rss_kb * 4 / 3);
                limit_command(cmd, sizeof(cmd), t->cgroup, &v[k].o, true, lim, s->cgroup_layout == PROCFS_CGROUP_V2);
                text(&f->fix, _("Set a limit with some room above its use: %s"), cmd);
        }
        free(v);
}

static void rule_near_limit(struct ctx *c) {
        if (!c->rank)
                return;
        for (size_t di = 1; di < c->rank->n; di++) {
                const struct oom_domain *d = &c->rank->domains[di];
                const struct cgroup_mem *cg = domain_cgroup(c, di);
                if (!cg || !val_known(d->headroom_kb) || !val_known(cg->limit_kb) || d->totalpages <= 0)
                        continue;
                int64_t capacity = sat_mul(d->totalpages, c->rank->page_kb);
                int64_t used = sat_sub(capacity, d->headroom_kb);
                if (used < 0)
                        used = 0;
                int sev = audit_near_limit_severity(used, capacity);
                if (sev < 0)
                        continue;
                struct audit_finding *f = add(c, "cgroup_near_limit", (enum audit_severity)sev);
                if (!f)
                        return;
                struct cgroup_owner o;
                char label[256], cmd[640], file[FILE_BUF], word[FILE_BUF];
                bool have = owner_label(cg->path, &o, label, sizeof(label));
                text(&f->subject, "%s", have ? label : cg->path);
                char p[UNITS_BUF_SIZE], u[UNITS_BUF_SIZE], r[UNITS_BUF_SIZE], l[UNITS_BUF_SIZE], w[UNITS_BUF_SIZE];
                int64_t swap_allow = sat_sub(capacity, cg->limit_kb);
                const char *tail = sev == AUDIT_CRITICAL ? _("Its next allocations start its OOM killer.")
                                                         : _("A small peak starts its OOM killer.");
                char cache[160] = "", swap[160] = "";
                if (val_known(cg->file_kb))
                        snprintf(cache, sizeof(cache), _("%s of it page cache the kernel can reclaim"),
                             units_kb(r, sizeof(r), cg->file_kb));
                else
                        snprintf(cache, sizeof(cache), "%s", _("its page cache unknown: memory.stat unread"));
                if (swap_allow > 0)
                        snprintf(swap, sizeof(swap), _(" plus %s of swap"), units_kb(w, sizeof(w), swap_allow));
                text(&f->summary, _("Memory cgroup %s is at %s of what it may use: %s in use (%s) against a limit of %s%s. %s"),
                     cg->path, units_percent(p, sizeof(p), used, capacity), units_kb(u, sizeof(u), cg->usage_kb), cache,
                     units_kb(l, sizeof(l), cg->limit_kb), swap, tail);
                bool v2 = cg->version == 2;
                evidence(f, "%s: %lld kB", cg_file(file, sizeof(file), cg, v2 ? "memory.current" : "memory.usage_in_bytes"),
                         ll(cg->usage_kb));
                PS(f, "cgroup", cg->path); PI(f, "usage_kb", cg->usage_kb); PI(f, "limit_kb", cg->limit_kb); PI(f, "used_kb", used); PI(f, "capacity_kb", capacity); PI(f, "page_cache_kb", cg->file_kb);
                evidence(f, "%s: %lld kB", cg_file(file, sizeof(file), cg, limit_file(cg)), ll(cg->limit_kb));
                if (val_known(cg->file_kb))
                        evidence(f, "%s: %s: %lld kB", cg_file(file, sizeof(file), cg, "memory.stat"),
                                 v2 ? "active_file + inactive_file" : "total_active_file + total_inactive_file",
                                 ll(cg->file_kb));
                if (swap_allow > 0 && val_known(cg->swap_usage_kb))
                        evidence(f, "%s: %lld kB", cg_file(file, sizeof(file), cg, v2 ? "memory.swap.current" : "memory.memsw.usage_in_bytes"),
                                 ll(v2 ? cg->swap_usage_kb : sat_add(cg->usage_kb, cg->swap_usage_kb)));
                if (val_known(cg->oom_kill) && cg->oom_kill > 0)
                        evidence(f, "%s: oom_kill %lld", cg_file(file, sizeof(file), cg, v2 ? "memory.events" : "memory.oom_control"),
                                 ll(cg->oom_kill));
                int64_t want = audit_suggest_limit_kb(sat_sub(cg->usage_kb, kb_or_zero(cg->file_kb)));
                if (want <= cg->limit_kb)
                        want = audit_suggest_limit_kb(cg->limit_kb);
                limit_command(cmd, sizeof(cmd), cg->path, &o, have, want, v2);
                text(&f->fix, _("Raise the limit (%s), or find what grows in it: oomlens top --cgroup %s"),
                     cmd, shell_word(word, sizeof(word), cg->path) ? word : no_command());
        }
}

/* The kills the logs report in cgroup PATH: below it on v2 (memory.events
 * counts the subtree), in it on v1 (memory.oom_control counts its own). */
static int64_t logged_kills_in(const struct log_tally *L, const char *prefix, const char *path, bool v2) {
        char full[FILE_BUF];
        if (prefix && prefix[0] && strcmp(prefix, "/") != 0)
                snprintf(full, sizeof(full), "%s%s", prefix, strcmp(path, "/") == 0 ? "" : path);
        else
                snprintf(full, sizeof(full), "%s", path);
        size_t n = strlen(full);
        int64_t k = 0;
        for (size_t i = 0; i < L->n_cgroups; i++) {
                const char *p = L->cgroups[i].path;
                if (strcmp(p, full) == 0 || (v2 && strncmp(p, full, n) == 0 && p[n] == '/'))
                        k = sat_add(k, L->cgroups[i].kills);
        }
        return k;
}

/* "/dev/kmsg, systemd-journal, /var/log/kern.log" (the readable logs). */
static void logs_read(const struct log_tally *L, char *buf, size_t n) {
        size_t used = 0, shown = 0;
        buf[0] = '\0';
        for (size_t i = 0; i < L->n_inputs && used < n; i++) {
                if (!L->inputs[i].readable)
                        continue;
                if (shown == 4) {
                        snprintf(buf + used, n - used, ", …");
                        break;
                }
                int w = snprintf(buf + used, n - used, "%s%s", shown ? ", " : "", L->inputs[i].name);
                if (w < 0)
                        break;
                used += (size_t)w;
                shown++;
        }
}

/* Kills cgroup CI's counter has beyond those the logs report in it
 * (*ret_logged); 0 for the root and unknown counters. */
static int64_t cgroup_missing(const struct ctx *c, size_t ci, int64_t *ret_logged) {
        const struct cgroup_mem *cg = &c->s->cgroups[ci];
        *ret_logged = 0;
        if (!val_known(cg->oom_kill) || cg->oom_kill <= 0 || strcmp(cg->path, "/") == 0)
                return 0;
        *ret_logged = logged_kills_in(c->in->logs, c->s->cgroup_ns_prefix, cg->path, cg->version == 2);
        return cg->oom_kill - *ret_logged;
}

static void rule_kills(struct ctx *c) {
        const struct log_tally *L = c->in->logs;
        const struct proc_snapshot *s = c->s;
        int64_t vm = s->sys.vmstat_oom_kill;
        if (!L)
                return;
        if (L->n_readable == 0) {
                if (!val_known(vm) || vm <= 0)
                        return;
                struct audit_finding *f = add(c, "oom_kills_unverified", AUDIT_INFO);
                if (!f)
                        return;
                text(&f->summary, _("The kernel counted OOM kills since boot (%lld), and no log on this machine could be read "
                       "to tell which processes they killed and why."),
                     ll(vm));
                evidence(f, "/proc/vmstat: oom_kill %lld", ll(vm));
                PI(f, "vmstat_oom_kill", vm);
                evidence(f, "%s", L->n_inputs ? _("logs tried: none readable") : _("logs tried: none found"));
                text(&f->fix, "%s",
                     _("Run oomlens check as root (or in the adm and systemd-journal groups), or name the logs: "
                       "oomlens check /var/log/kern.log; then oomlens explains each kill."));
                return;
        }
        char names[FILE_BUF];
        logs_read(L, names, sizeof(names));
        const char *fix = _("Keep the kernel's reports: a persistent journal (mkdir -p /var/log/journal && systemctl "
                            "restart systemd-journald), a larger kernel ring buffer (log_buf_len=4M on the kernel "
                            "command line), no rate limit on kernel messages (journald RateLimitBurst=, rsyslog "
                            "imjournal ratelimit); then run oomlens after each kill.");
        if (val_known(vm) && vm > L->kills) {
                struct audit_finding *f = add(c, "unexplained_oom_kills", AUDIT_WARNING);
                if (!f)
                        return;
                text(&f->summary, _("The kernel counted more OOM kills since boot than the logs read report (%lld against %lld): "
                       "%lld left no report there (the ring buffer was overwritten before a log daemon saved it, the "
                       "journal is not persistent or was rotated, or the lines were dropped)."),
                     ll(vm), ll(L->kills), ll(vm - L->kills));
                evidence(f, "/proc/vmstat: oom_kill %lld", ll(vm));
                PI(f, "vmstat_oom_kill", vm); PI(f, "logged_kills", L->kills); PI(f, "unexplained_kills", vm - L->kills);
                if (val_known(L->since_us))
                        evidence(f, _("%s: OOM kills since boot: %lld"), names, ll(L->kills));
                else
                        evidence(f, _("%s: OOM kills: %lld"), names, ll(L->kills));
                text(&f->fix, "%s", fix);
        }
        /* every cgroup with a counter beyond the root has a limit: a domain */
        for (size_t di = 1; di < c->rank->n; di++) {
                size_t ci = (size_t)c->rank->domains[di].cgroup;
                const struct cgroup_mem *cg = &s->cgroups[ci];
                int64_t logged, missing = cgroup_missing(c, ci, &logged);
                /* v2 counts a kill in every ancestor too: what a limited
                 * cgroup inside it already reports is not said again */
                int64_t own = missing;
                for (size_t dj = 1; dj < c->rank->n && cg->version == 2; dj++)
                        if (c->rank->domains[dj].parent == (ssize_t)di) {
                                int64_t dl, dm = cgroup_missing(c, (size_t)c->rank->domains[dj].cgroup, &dl);
                                own -= dm > 0 ? dm : 0;
                        }
                if (missing <= 0 || own <= 0)
                        continue;
                struct audit_finding *f = add(c, "unexplained_oom_kills", AUDIT_WARNING);
                if (!f)
                        return;
                char file[FILE_BUF];
                text(&f->subject, "%s", cg->path);
                text(&f->summary, _("Memory cgroup %s counted more OOM kills than the logs read report in it (%lld against "
                       "%lld): %lld left no report there."),
                     cg->path, ll(cg->oom_kill), ll(logged), ll(cg->oom_kill - logged));
                evidence(f, "%s: oom_kill %lld",
                         cg_file(file, sizeof(file), cg, cg->version == 2 ? "memory.events" : "memory.oom_control"),
                         ll(cg->oom_kill));
                evidence(f, _("%s: OOM kills in %s: %lld"), names, cg->path, ll(logged));
                PS(f, "cgroup", cg->path); PI(f, "cgroup_oom_kill", cg->oom_kill); PI(f, "logged_kills", logged); PI(f, "unexplained_kills", cg->oom_kill - logged);
                text(&f->fix, "%s", fix);
        }
}

/* Most severe first; rules' order kept within a severity. */
static void sort_findings(struct audit_report *r) {
        for (size_t i = 1; i < r->n; i++) {
                struct audit_finding tmp;
                size_t j = i;
                if (r->items[j - 1].severity >= r->items[j].severity)
                        continue;
                tmp = r->items[i];
                while (j > 0 && r->items[j - 1].severity < tmp.severity) {
                        r->items[j] = r->items[j - 1];
                        j--;
                }
                r->items[j] = tmp;
        }
}

int audit_run(const struct audit_input *in, struct audit_report *ret) {
        struct audit_report r = { 0 };
        struct ctx c = { .in = in, .s = in->snap, .rank = in->rank, .r = &r };
        size_t ng = 0;
        struct group *g = build_groups(&c, &ng);
        if (g)
                rule_no_swap(&c, g, ng);
        free(g);
        rule_protected(&c);
        rule_panic(&c);
        rule_allocating_task(&c);
        rule_overcommit(&c);
        rule_jvm(&c);
        rule_containers(&c);
        rule_near_limit(&c);
        rule_kills(&c);
        if (c.error) {
                audit_report_free(&r);
                return c.error;
        }
        sort_findings(&r);
        for (size_t i = 0; i < r.n; i++) {
                struct audit_finding *f = &r.items[i];
                if (!f->subject)
                        f->subject = xstrdup("");
                if (!f->summary)
                        f->summary = xstrdup("");
                if (!f->fix)
                        f->fix = xstrdup("");
                r.count[f->severity]++;
        }
        *ret = r;
        return 0;
}

void audit_report_free(struct audit_report *r) {
        if (!r)
                return;
        for (size_t i = 0; i < r->n; i++) {
                struct audit_finding *f = &r->items[i];
                free(f->subject);
                free(f->summary);
                free(f->fix);
                for (size_t k = 0; k < f->n_evidence; k++)
                        free(f->evidence[k]);
                params_free(&f->params);
        }
        free(r->items);
        memset(r, 0, sizeof(*r));
}
