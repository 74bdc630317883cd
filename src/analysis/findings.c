/* findings.c — the root-cause rules (see findings.h).  Each rule reads
 * only what the report printed; thresholds are written next to the rule,
 * and a rule that lacks its numbers stays silent rather than guess. */
#include "findings.h"

#include "cgroup_owner.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "units.h"

/* ------------------------------------------------------------ helpers */

struct ctx {
        const struct oom_event *e;
        const struct memory_report *mr; /* NULL when it could not be computed */
        struct findings *out;
        size_t cap;
        int error;
        int64_t ps;          /* page size kB */
        int64_t ram_kb;      /* RAM of the machine */
        int64_t scope_kb;    /* what the OOM was about: the memcg limit or RAM */
};

static struct finding *add(struct ctx *c, const char *id, enum finding_confidence conf) {
        if (c->out->n == c->cap) {
                size_t cap = c->cap ? c->cap * 2 : 8;
                struct finding *items = reallocarray(c->out->items, cap, sizeof(*items));
                if (!items) {
                        c->error = -ENOMEM;
                        return NULL;
                }
                c->out->items = items;
                c->cap = cap;
        }
        struct finding *f = &c->out->items[c->out->n++];
        memset(f, 0, sizeof(*f));
        f->id = id;
        f->confidence = conf;
        return f;
}

static void evidence(struct finding *f, int64_t line) {
        if (!f || !val_known(line) || f->n_evidence == FINDING_MAX_EVIDENCE)
                return;
        for (size_t i = 0; i < f->n_evidence; i++)
                if (f->evidence[i] == line)
                        return;
        f->evidence[f->n_evidence++] = line;
}

/* Sets *DST to the formatted sentence, whole (no fixed buffer cuts a long
 * cgroup path and the limit after it). */
__attribute__((format(printf, 2, 3))) static void text(char **dst, const char *fmt, ...) {
        va_list ap;
        va_start(ap, fmt);
        char *s;
        int n = vasprintf(&s, fmt, ap);
        va_end(ap);
        if (n < 0)
                s = xstrdup(""); /* exits when that fails too */
        free(*dst);
        *dst = s;
}

#define SUMMARY(f, ...) text(&(f)->summary, __VA_ARGS__)
/* the sentence's facts as data: JSON "params" (finding_params.h) */
#define PI(f, name, v) param_int(&(f)->params, name, v)
#define PS(f, name, v) param_str(&(f)->params, name, v)
#define REFUTE(f, ...) text(&(f)->refute, __VA_ARGS__)
#define REMEDY(f, ...)                                                          \
        do {                                                                    \
                if ((f)->n_remedies < FINDING_MAX_REMEDIES)                     \
                        text(&(f)->remedies[(f)->n_remedies++], __VA_ARGS__);   \
        } while (0)

static int64_t task_kb(const struct ctx *c, const struct oom_task *t) {
        return val_known(c->ps) && val_known(t->rss) ? sat_mul(t->rss, c->ps) : OOM_UNSET;
}

static const struct oom_task *largest_task(const struct oom_event *e) {
        const struct oom_task *best = NULL;
        for (size_t i = 0; i < e->n_tasks; i++)
                if (val_known(e->tasks[i].rss) && (!best || e->tasks[i].rss > best->rss))
                        best = &e->tasks[i];
        return best;
}

static int64_t permille(int64_t part, int64_t whole) {
        if (!val_known(part) || !val_known(whole) || whole <= 0)
                return OOM_UNSET;
        return sat_mul(part, 1000) / whole;
}

static const char *pct(char *buf, size_t size, int64_t part, int64_t whole) {
        return units_percent(buf, size, part, whole);
}

static int64_t meminfo_kb(const struct ctx *c, const char *key) {
        int64_t v = kv_get(&c->e->meminfo, key);
        return val_known(v) && val_known(c->ps) ? sat_mul(v, c->ps) : OOM_UNSET;
}

/* Free memory of the zones the report printed, or OOM_UNSET. */
static int64_t zones_free_kb(const struct oom_event *e) {
        int64_t sum = OOM_UNSET;
        for (size_t i = 0; i < e->n_zones; i++)
                if (val_known(e->zones[i].free_kb))
                        sum = sat_add(val_known(sum) ? sum : 0, e->zones[i].free_kb);
        return sum;
}

static bool is_memcg(const struct oom_event *e) {
        return e->constraint == OOM_CONSTRAINT_MEMCG;
}

/* ------------------------------------------------------------ rules */

static void rule_manual(struct ctx *c) {
        if (!c->e->manual)
                return;
        struct finding *f = add(c, "manual_trigger", CONFIDENCE_HIGH);
        if (!f)
                return;
        evidence(f, c->e->lines.trigger);
        PI(f, "trigger_pid", c->e->trigger_pid);
        PS(f, "trigger_comm", c->e->trigger_comm[0] ? c->e->trigger_comm : NULL);
        SUMMARY(f, "%s", _("The OOM killer was started by hand (sysrq-f, or 'echo f > /proc/sysrq-trigger'): "
                           "no allocation had failed."));
        REFUTE(f, "%s", _("A trigger line with an order other than -1."));
        REMEDY(f, "%s", _("Find who sent sysrq-f (shell history, monitoring or watchdog scripts); nothing needs resizing."));
}

static void rule_unreported(struct ctx *c) {
        const struct oom_event *e = c->e;
        if ((e->parts_seen & PART_TRIGGER) || !(e->parts_seen & PART_KILL))
                return;
        struct finding *f = add(c, "unreported_kills", CONFIDENCE_MEDIUM);
        if (!f)
                return;
        evidence(f, e->kill_line);
        PI(f, "pid", e->victim_pid);
        PS(f, "comm", e->victim_comm[0] ? e->victim_comm : NULL);
        SUMMARY(f, "%s", _("The log holds only the kill line of this OOM kill, not its report: the kernel "
                           "rate-limits OOM reports (10 per 5 s), or the log was filtered by level."));
        REFUTE(f, "%s", _("The full report (\"invoked oom-killer\" and the memory dump) found in another log of the same machine."));
        REMEDY(f, "%s", _("Keep kernel messages of every level (the report is logged at levels 4 to 6) in syslog or the "
                          "journal, and enlarge the kernel ring buffer (log_buf_len=) so that reports survive."));
}

static void rule_memcg(struct ctx *c) {
        const struct oom_event *e = c->e;
        if (!is_memcg(e))
                return;
        char usage[UNITS_BUF_SIZE], limit[UNITS_BUF_SIZE], want[UNITS_BUF_SIZE];
        const char *path = e->oom_memcg ? e->oom_memcg : e->memcg_stats_path;
        struct finding *f = add(c, "memcg_limit", val_known(e->memcg_limit_kb) ? CONFIDENCE_HIGH : CONFIDENCE_MEDIUM);
        if (!f)
                return;
        evidence(f, e->lines.memcg_usage);
        evidence(f, e->lines.summary);
        evidence(f, e->kill_line);
        if (val_known(e->memcg_limit_kb))
                SUMMARY(f, _("The memory cgroup %s reached its limit of %s (usage %s): the kill happened inside the "
                             "cgroup; the rest of the machine may have had free memory."),
                        path ? path : "?", units_kb(limit, sizeof(limit), e->memcg_limit_kb),
                        units_kb(usage, sizeof(usage), e->memcg_usage_kb));
        else
                SUMMARY(f, "%s", _("A memory cgroup reached its limit (the kernel said \"Memory cgroup out of memory\"; "
                                   "the log does not keep the cgroup's numbers): the rest of the machine may have had "
                                   "free memory."));
        PI(f, "limit_kb", e->memcg_limit_kb);
        PI(f, "usage_kb", e->memcg_usage_kb);
        PS(f, "cgroup", path);
        REFUTE(f, "%s", _("A usage well below the limit at the time of the kill."));
        if (val_known(e->memcg_usage_kb)) {
                int64_t need = sat_add(e->memcg_usage_kb, e->memcg_usage_kb / 4);
                PI(f, "suggested_limit_kb", need);
                units_kb(want, sizeof(want), need);
                REMEDY(f, _("If the workload legitimately needs more, raise the limit to at least %s (the usage at the "
                            "kill plus 25 %%): MemoryMax= for a systemd unit, 'docker run -m', or the Kubernetes "
                            "container memory limit."),
                       want);
        }
        /* "Otherwise" only after the raise-the-limit remedy above */
        if (val_known(e->memcg_usage_kb))
                REMEDY(f, "%s", _("Otherwise make the workload fit: a smaller heap or cache, fewer workers; a Java process "
                                  "needs -Xmx well below the limit (heap plus metaspace, threads and direct buffers)."));
        else
                REMEDY(f, "%s", _("Raise the cgroup's limit if the workload legitimately needs more, or make the workload "
                                  "fit: a smaller heap or cache, fewer workers; a Java process needs -Xmx well below the "
                                  "limit (heap plus metaspace, threads and direct buffers)."));
}

static void rule_dominant_or_capacity(struct ctx *c) {
        const struct oom_event *e = c->e;
        const struct oom_task *big = largest_task(e);
        if (!big || !val_known(c->scope_kb))
                return;
        int64_t big_kb = task_kb(c, big);
        int64_t total_kb = 0;
        for (size_t i = 0; i < e->n_tasks; i++)
                total_kb = sat_add(total_kb, val_known(task_kb(c, &e->tasks[i])) ? task_kb(c, &e->tasks[i]) : 0);
        int64_t share = permille(big_kb, c->scope_kb);
        char a[UNITS_BUF_SIZE], b[UNITS_BUF_SIZE], p[UNITS_BUF_SIZE], heap[UNITS_BUF_SIZE];
        if (val_known(share) && share >= 500) {
                struct finding *f = add(c, "dominant_process", share >= 600 ? CONFIDENCE_HIGH : CONFIDENCE_MEDIUM);
                if (!f)
                        return;
                evidence(f, big->line);
                evidence(f, is_memcg(e) ? e->lines.memcg_usage : e->lines.ram);
                SUMMARY(f, _("%s (pid %lld) alone held %s, %s of %s: one process too big for %s."), big->comm,
                        (long long)big->pid, units_kb(a, sizeof(a), big_kb), pct(p, sizeof(p), big_kb, c->scope_kb),
                        units_kb(b, sizeof(b), c->scope_kb),
                        is_memcg(e) ? _("its cgroup's limit") : _("this machine"));
                PI(f, "pid", big->pid); PS(f, "comm", big->comm); PI(f, "rss_kb", big_kb); PI(f, "scope_kb", c->scope_kb); PI(f, "share_permille", share);
                REFUTE(f, "%s", _("Its RSS being normal for it, with other processes or the kernel having grown instead."));
                /* everything else in use at the kill: on the machine, what was not
                 * free and not this process (other processes, shmem, slab, the
                 * kernel); in a cgroup, the other tasks' RSS */
                int64_t others = sat_sub(total_kb, big_kb);
                int64_t free_kb = zones_free_kb(e);
                if (!is_memcg(e) && val_known(free_kb))
                        others = sat_sub(sat_sub(c->scope_kb, free_kb), big_kb);
                if (others < 0)
                        others = 0;
                if (strcmp(big->comm, "java") == 0) {
                        /* what the JVM may use: the scope minus the rest, 25 % headroom,
                         * and heap ≈ 75 % of the JVM's RSS (metaspace, threads, buffers) */
                        int64_t room = sat_sub(c->scope_kb, others);
                        int64_t xmx = room > 0 ? room / 16 * 9 : 0;
                        PI(f, "suggested_xmx_kb", xmx);
                        REMEDY(f, _("Cap the JVM: -Xmx at most %s (%s minus the %s used by everything else, 25 %% "
                                    "headroom, and a quarter of the JVM's footprint for metaspace, threads and direct "
                                    "buffers); at the kill its RSS was %s."),
                               units_kb(heap, sizeof(heap), xmx), units_kb(a, sizeof(a), c->scope_kb),
                               units_kb(b, sizeof(b), others), units_kb(p, sizeof(p), big_kb));
                } else if (is_memcg(e)) {
                        REMEDY(f, "%s", _("The process alone does not fit in its cgroup: raise the cgroup's limit "
                                          "(see memcg_limit) or make the process smaller."));
                } else {
                        REMEDY(f, "%s", _("Give it a memory limit of its own (MemoryMax= for its systemd unit, "
                                          "'docker run -m') so that only it is throttled or killed, or move it to a "
                                          "bigger machine."));
                }
                return;
        }
        int64_t total_share = permille(total_kb, c->scope_kb);
        if (val_known(total_share) && total_share >= 700) {
                struct finding *f = add(c, "capacity", CONFIDENCE_MEDIUM);
                if (!f)
                        return;
                evidence(f, e->lines.tasks_header);
                evidence(f, big->line);
                SUMMARY(f, _("%zu processes together held %s, %s of %s, the largest %s with %s: the workload as a whole "
                             "does not fit."),
                        e->n_tasks, units_kb(a, sizeof(a), total_kb), pct(p, sizeof(p), total_kb, c->scope_kb),
                        units_kb(b, sizeof(b), c->scope_kb), big->comm, units_kb(heap, sizeof(heap), big_kb));
                PI(f, "process_count", (int64_t)e->n_tasks); PI(f, "rss_kb", total_kb); PI(f, "scope_kb", c->scope_kb); PI(f, "share_permille", total_share); PS(f, "largest_comm", big->comm); PI(f, "largest_rss_kb", big_kb);
                REFUTE(f, "%s", _("A single process or the kernel holding most of the memory."));
                REMEDY(f, "%s", _("Add memory or move services to other machines; give each service a memory "
                                  "limit (MemoryMax=) so that one service's growth cannot take the others down."));
                REMEDY(f, "%s", _("Do not reach for vm.overcommit_memory=2 as a cure: with the default "
                                  "vm.overcommit_ratio it makes ordinary allocations (fork, a JVM starting) fail long "
                                  "before the memory is really used."));
        }
}

static void rule_swap(struct ctx *c) {
        const struct oom_event *e = c->e;
        if (is_memcg(e) || !val_known(e->total_swap_kb))
                return;
        char a[UNITS_BUF_SIZE], b[UNITS_BUF_SIZE];
        if (e->total_swap_kb == 0) {
                struct finding *f = add(c, "no_swap", CONFIDENCE_LOW);
                if (!f)
                        return;
                evidence(f, e->lines.swap);
                SUMMARY(f, "%s", _("The machine has no swap: every anonymous page had to stay in RAM, so short "
                                   "peaks end in an OOM kill instead of slowing down."));
                REFUTE(f, "%s", _("Swap configured (Total swap above 0)."));
                int64_t want = val_known(c->ram_kb) ? c->ram_kb / 4 : OOM_UNSET;
                PI(f, "swap_total_kb", 0);
                PI(f, "suggested_swap_kb", want);
                if (val_known(want))
                        REMEDY(f, _("Consider some swap (e.g. %s, a quarter of RAM, or zram) to absorb peaks, with "
                                    "earlyoom or systemd-oomd so that a thrashing machine still acts in time."),
                               units_kb(a, sizeof(a), want));
        } else if (val_known(e->free_swap_kb) && sat_mul(e->free_swap_kb, 20) < e->total_swap_kb) {
                struct finding *f = add(c, "no_swap", CONFIDENCE_MEDIUM);
                if (!f)
                        return;
                evidence(f, e->lines.swap);
                SUMMARY(f, _("Swap was exhausted too (%s free of %s)."), units_kb(a, sizeof(a), e->free_swap_kb),
                        units_kb(b, sizeof(b), e->total_swap_kb));
                PI(f, "swap_free_kb", e->free_swap_kb); PI(f, "swap_total_kb", e->total_swap_kb);
                REFUTE(f, "%s", _("Plenty of free swap at the time of the kill."));
                REMEDY(f, "%s", _("More swap only postpones the kill; find what grew (see the other findings)."));
        }
}

static void rule_protected(struct ctx *c) {
        const struct oom_event *e = c->e;
        char a[UNITS_BUF_SIZE], p[UNITS_BUF_SIZE];
        for (size_t i = 0; i < e->n_tasks; i++) {
                const struct oom_task *t = &e->tasks[i];
                bool prot = (val_known(t->oom_score_adj) && t->oom_score_adj == -1000) ||
                            (!val_known(t->oom_score_adj) && val_known(t->oom_adj) && t->oom_adj == -17);
                int64_t kb = task_kb(c, t);
                int64_t share = permille(kb, c->scope_kb);
                if (!prot || !val_known(share) || share < 200)
                        continue;
                struct finding *f = add(c, "protected_hog", CONFIDENCE_HIGH);
                if (!f)
                        return;
                evidence(f, t->line);
                evidence(f, e->kill_line);
                SUMMARY(f, _("%s (pid %lld) is protected from the OOM killer (oom_score_adj -1000) yet held %s, %s: "
                             "the kernel had to kill other processes instead, and will again."),
                        t->comm, (long long)t->pid, units_kb(a, sizeof(a), kb), pct(p, sizeof(p), kb, c->scope_kb));
                PI(f, "pid", t->pid); PS(f, "comm", t->comm); PI(f, "rss_kb", kb); PI(f, "share_permille", share); PI(f, "oom_score_adj", t->oom_score_adj);
                REFUTE(f, "%s", _("Its oom_score_adj above -1000."));
                REMEDY(f, "%s", _("Do not put large services at -1000: use a milder value such as -500 "
                                  "(OOMScoreAdjust=-500, or 'choom -n -500 -p PID'), and give the service a memory "
                                  "limit instead; -1000 turns its growth into kills of everything else."));
                return;
        }
}

static void rule_kernel_memory(struct ctx *c) {
        const struct oom_event *e = c->e;
        char a[UNITS_BUF_SIZE], p[UNITS_BUF_SIZE];
        int64_t slab = meminfo_kb(c, "slab_unreclaimable");
        int64_t share = permille(slab, c->ram_kb);
        if (!is_memcg(e) && (e->n_slabs > 0 || (val_known(share) && share >= 200))) {
                struct finding *f = add(c, "kernel_slab", e->n_slabs > 0 ? CONFIDENCE_HIGH : CONFIDENCE_MEDIUM);
                if (f) {
                        evidence(f, e->lines.slab);
                        evidence(f, e->lines.meminfo);
                        const struct oom_slab *top = NULL;
                        for (size_t i = 0; i < e->n_slabs; i++)
                                if (val_known(e->slabs[i].total_kb) && (!top || e->slabs[i].total_kb > top->total_kb))
                                        top = &e->slabs[i];
                        SUMMARY(f, _("Unreclaimable kernel slab held %s (%s of RAM)%s%s: memory went to the kernel, "
                                     "not to processes."),
                                units_kb(a, sizeof(a), slab), pct(p, sizeof(p), slab, c->ram_kb),
                                top ? _(", the largest cache ") : "", top ? top->name : "");
                        PI(f, "slab_unreclaimable_kb", slab); PI(f, "ram_kb", c->ram_kb); PS(f, "largest_cache", top ? top->name : NULL);
                        REFUTE(f, "%s", _("Slab small next to the processes' RSS."));
                        REMEDY(f, "%s", _("Watch the caches with slabtop; a growing one points at a driver, "
                                          "filesystem or network leak (update the kernel or module)."));
                }
        }
        int64_t shmem = meminfo_kb(c, "shmem");
        share = permille(shmem, c->ram_kb);
        if (!is_memcg(e) && val_known(share) && share >= 200) {
                struct finding *f = add(c, "shmem", CONFIDENCE_MEDIUM);
                if (f) {
                        evidence(f, e->lines.meminfo);
                        SUMMARY(f, _("Shared memory and tmpfs held %s (%s of RAM): files in /dev/shm or tmpfs mounts "
                                     "are not freed by killing processes."),
                                units_kb(a, sizeof(a), shmem), pct(p, sizeof(p), shmem, c->ram_kb));
                        PI(f, "shmem_kb", shmem); PI(f, "ram_kb", c->ram_kb);
                        REFUTE(f, "%s", _("Little shmem in the Mem-Info counters."));
                        REMEDY(f, "%s", _("Look for large files in tmpfs ('df -h -t tmpfs', /dev/shm) and SysV segments "
                                          "('ipcs -m'); cap tmpfs mounts with size=."));
                }
        }
        int64_t huge = 0;
        for (size_t i = 0; i < e->n_hugepages; i++)
                if (val_known(e->hugepages[i].total) && val_known(e->hugepages[i].size_kb))
                        huge = sat_add(huge, sat_mul(e->hugepages[i].total, e->hugepages[i].size_kb));
        share = permille(huge, c->ram_kb);
        if (val_known(share) && share >= 200) {
                struct finding *f = add(c, "hugepages", share >= 400 ? CONFIDENCE_HIGH : CONFIDENCE_MEDIUM);
                if (f) {
                        evidence(f, e->lines.hugepages);
                        SUMMARY(f, _("%s (%s of RAM) is reserved for huge pages and unavailable to ordinary "
                                     "allocations."),
                                units_kb(a, sizeof(a), huge), pct(p, sizeof(p), huge, c->ram_kb));
                        PI(f, "hugepages_kb", huge); PI(f, "ram_kb", c->ram_kb);
                        REFUTE(f, "%s", _("Huge pages in use by the application that needs them (few free)."));
                        REMEDY(f, "%s", _("Lower vm.nr_hugepages (or the hugepages= boot option) to what the "
                                          "application uses: compare HugePages_Total and HugePages_Free in /proc/meminfo."));
                }
        }
}

static void rule_constrained(struct ctx *c) {
        const struct oom_event *e = c->e;
        if (e->constraint != OOM_CONSTRAINT_CPUSET && e->constraint != OOM_CONSTRAINT_MEMORY_POLICY)
                return;
        struct finding *f = add(c, "constrained_node", CONFIDENCE_HIGH);
        if (!f)
                return;
        evidence(f, e->lines.summary);
        SUMMARY(f, _("The allocation could only use NUMA node(s) %s (%s): other nodes may have had free memory."),
                e->mems_allowed[0] ? e->mems_allowed : (e->nodemask[0] ? e->nodemask : "?"),
                e->constraint == OOM_CONSTRAINT_CPUSET ? _("cpuset") : _("memory policy"));
        PS(f, "nodes", e->mems_allowed[0] ? e->mems_allowed : (e->nodemask[0] ? e->nodemask : NULL)); PS(f, "constraint", constraint_name(e->constraint));
        REFUTE(f, "%s", _("Every node short of memory in the zone lines."));
        REMEDY(f, "%s", _("Widen the cpuset's mems or the numactl --membind policy, or size the workload to its node."));
}

static void rule_lowmem(struct ctx *c) {
        const struct oom_event *e = c->e;
        bool highmem = false;
        const struct oom_zone *low = NULL;
        for (size_t i = 0; i < e->n_zones; i++) {
                const struct oom_zone *z = &e->zones[i];
                if (strcmp(z->name, "HighMem") == 0 && val_known(z->free_kb) && val_known(z->min_kb) &&
                    z->free_kb > sat_mul(z->min_kb, 2))
                        highmem = true;
                if ((strcmp(z->name, "Normal") == 0 || strcmp(z->name, "DMA32") == 0) && val_known(z->free_kb) &&
                    val_known(z->min_kb) && z->free_kb <= z->min_kb)
                        low = z;
        }
        bool dma32 = strstr(e->gfp_flags, "GFP_DMA32") || strstr(e->gfp_flags, "__GFP_DMA");
        if (!low || (!highmem && !dma32))
                return;
        struct finding *f = add(c, "lowmem", CONFIDENCE_MEDIUM);
        if (!f)
                return;
        evidence(f, e->lines.zones);
        evidence(f, e->lines.trigger);
        SUMMARY(f, _("The %s zone was below its minimum while %s: the allocation needed low memory, not just memory."),
                low->name, highmem ? _("HighMem had free memory (a 32-bit kernel)") : _("the allocation asked for DMA memory"));
        PS(f, "zone", low->name);
        REFUTE(f, "%s", _("Every zone below its minimum."));
        REMEDY(f, "%s", _("Run a 64-bit kernel; for DMA allocations, look at the driver named in the call trace."));
}

static void rule_storm(struct ctx *c, const struct timeline *t, size_t index) {
        const struct oom_event *e = c->e;
        bool allocating = strstr(e->kill_message, "oom_kill_allocating_task") != NULL;
        size_t kills = 0;
        if (t && index < t->n && t->incident_of[index] < t->n_incidents)
                kills = t->incidents[t->incident_of[index]].kills;
        if (kills < 5 && !allocating)
                return;
        struct finding *f = add(c, "kill_storm", CONFIDENCE_HIGH);
        if (!f)
                return;
        evidence(f, e->kill_line);
        evidence(f, e->lines.select);
        if (allocating)
                SUMMARY(f, _("This kill is one of %zu in one incident under vm.oom_kill_allocating_task=1: the kernel "
                             "killed whichever task was allocating, not the one holding the memory."),
                        kills ? kills : 1);
        else
                SUMMARY(f, _("This kill is one of %zu in one incident: killing did not free enough, the memory "
                             "pressure went on."),
                        kills);
        PI(f, "incident_kills", (int64_t)(kills ? kills : 1));
        REFUTE(f, "%s", _("Kills minutes apart, each after the previous one freed memory."));
        if (allocating)
                REMEDY(f, "%s", _("Set vm.oom_kill_allocating_task=0 (the default) so that the kernel kills the task "
                                  "that frees the most memory, once."));
        else
                REMEDY(f, "%s", _("Find what keeps allocating (the trigger of each kill) and limit it."));
}

/* The container a path names, by check's rule too (cgroup_owner.h). */
static bool container_of(const char *path, char *label, size_t n) {
        struct cgroup_owner o;
        return cgroup_owner_describe(path, &o, label, n) > 0 && cgroup_owner_is_container(&o);
}

static void rule_container(struct ctx *c) {
        const struct oom_event *e = c->e;
        char where[512];         /* a label is at most ~400 bytes (cgroup_owner.h) */
        /* the victim's cgroup; before 4.19 a global OOM names only the
         * trigger's cpuset, which for a container is the container's */
        if (!val_known(e->victim_pid) ||
            (!container_of(e->task_memcg, where, sizeof(where)) && !container_of(e->cpuset, where, sizeof(where))))
                return;
        struct finding *f = add(c, "container_survives", CONFIDENCE_MEDIUM);
        if (!f)
                return;
        evidence(f, e->kill_line);
        evidence(f, e->lines.summary);
        SUMMARY(f, _("%s ran in a container (%s): the kernel killed the process, not the container, which may "
                     "still be running without its service."),
                e->victim_comm, where);
        PS(f, "comm", e->victim_comm); PS(f, "container", where); PI(f, "pid", e->victim_pid);
        REFUTE(f, "%s", _("The victim being the container's main process (the container then exits with code 137)."));
        REMEDY(f, "%s", _("Run the service as the container's main process, or add a health check that restarts "
                          "it (Docker HEALTHCHECK with a restart policy, a Kubernetes liveness probe); set the "
                          "container's memory limit so the kill stays inside it."));
}

static const struct victim_history *history_of(const struct timeline *t, const char *comm) {
        for (size_t i = 0; t && i < t->n_victims; i++)
                if (strcmp(t->victims[i].comm, comm) == 0)
                        return &t->victims[i];
        return NULL;
}

static void rule_leak(struct ctx *c, const struct timeline *t) {
        const struct victim_history *v = history_of(t, c->e->victim_comm);
        /* kills in different cgroups grow with their limits, not a leak */
        if (!v || !v->rss_growing || v->kills < 3 || v->memcgs_differ)
                return;
        char a[UNITS_BUF_SIZE], b[UNITS_BUF_SIZE];
        struct finding *f = add(c, "leak_suspected", CONFIDENCE_MEDIUM);
        if (!f)
                return;
        evidence(f, c->e->kill_line);
        SUMMARY(f, _("%s was killed %zu times, holding more each time (%s at the first kill, %s at the last): a "
                     "memory leak is likely."),
                v->comm, v->kills, units_kb(a, sizeof(a), v->rss_first_kb), units_kb(b, sizeof(b), v->rss_last_kb));
        PS(f, "comm", v->comm); PI(f, "kills", (int64_t)v->kills); PI(f, "rss_first_kb", v->rss_first_kb); PI(f, "rss_last_kb", v->rss_last_kb);
        REFUTE(f, "%s", _("Growth explained by more load (requests, data) rather than by time since start."));
        REMEDY(f, "%s", _("Profile its memory (heap dumps for Java, heaptrack or valgrind for native code) and cap "
                          "it with MemoryMax= so that it alone restarts until the leak is fixed."));
}

static void rule_recurring(struct ctx *c, const struct timeline *t) {
        if (!t || !t->recurring || !c->e->has_wall)
                return;
        struct finding *f = add(c, "recurring_schedule", CONFIDENCE_MEDIUM);
        if (!f)
                return;
        evidence(f, c->e->lines.trigger);
        evidence(f, c->e->kill_line);
        SUMMARY(f, _("OOM incidents recur around %02d:%02d on %zu different days: a scheduled job (cron, backup, "
                     "batch, log rotation) is likely."),
                t->recurring_hour, t->recurring_minute, t->recurring_days);
        { char hhmm[8]; snprintf(hhmm, sizeof(hhmm), "%02d:%02d", t->recurring_hour, t->recurring_minute); PS(f, "time_of_day", hhmm); } PI(f, "days", (int64_t)t->recurring_days);
        REFUTE(f, "%s", _("Nothing scheduled at that time, and incidents at other times too."));
        REMEDY(f, "%s", _("Check crontab -l, /etc/cron.*, and systemd timers ('systemctl list-timers') at that time; "
                          "spread the jobs or give them a memory limit (systemd-run -p MemoryMax=…)."));
}

static void rule_innocent(struct ctx *c, const struct grower *g) {
        const struct oom_event *e = c->e;
        if (!g || !g->known || g->pid == e->victim_pid || !val_known(g->page_size_kb))
                return;
        int64_t grown_kb = sat_mul(sat_sub(g->after_pages, g->before_pages), g->page_size_kb);
        /* a grower that matters: at least 5 % of what the OOM was about, or
         * (size unknown) 512 MiB and more than doubling */
        if (val_known(c->scope_kb) ? permille(grown_kb, c->scope_kb) < 50
                                   : grown_kb < 512 * 1024 || g->after_pages < sat_mul(g->before_pages, 2))
                return;
        char a[UNITS_BUF_SIZE], b[UNITS_BUF_SIZE];
        struct finding *f = add(c, "innocent_victim", CONFIDENCE_MEDIUM);
        if (!f)
                return;
        evidence(f, g->line_before);
        evidence(f, g->line_after);
        evidence(f, e->kill_line);
        SUMMARY(f, _("The process that kept growing was %s (pid %lld: %s in this report, %s in the next one), not "
                     "the victim %s: the victim was probably innocent."),
                g->comm, (long long)g->pid, units_kb(a, sizeof(a), sat_mul(g->before_pages, g->page_size_kb)),
                units_kb(b, sizeof(b), sat_mul(g->after_pages, g->page_size_kb)),
                e->victim_comm[0] ? e->victim_comm : "?");
        PI(f, "grower_pid", g->pid); PS(f, "grower_comm", g->comm); PI(f, "grower_before_kb", sat_mul(g->before_pages, g->page_size_kb)); PI(f, "grower_after_kb", sat_mul(g->after_pages, g->page_size_kb)); PS(f, "victim_comm", e->victim_comm);
        REFUTE(f, "%s", _("The grower's size being its normal working set."));
        REMEDY(f, "%s", _("Limit the grower (MemoryMax=, a smaller input, or run it elsewhere); protect the victim "
                          "mildly (OOMScoreAdjust=-100) if it is the more important service."));
}

static void rule_fragmentation(struct ctx *c) {
        const struct memory_report *m = c->mr;
        if (!m || m->failure != ALLOC_FAILURE_FRAGMENTATION)
                return;
        const struct oom_event *e = c->e;
        char a[UNITS_BUF_SIZE], b[UNITS_BUF_SIZE];
        int64_t usable = 0;
        for (size_t i = 0; i < m->n_zones; i++)
                if (val_known(m->zones[i].usable_kb))
                        usable = sat_add(usable, m->zones[i].usable_kb);
        int64_t chunk = val_known(m->page_size_kb) && m->page_size_kb > 0 && m->page_size_kb <= 1024 &&
                                e->order >= 0 && e->order < 32
                        ? m->page_size_kb << e->order
                        : OOM_UNSET;
        struct finding *f = add(c, "fragmentation", e->order > 3 ? CONFIDENCE_HIGH : CONFIDENCE_MEDIUM);
        if (!f)
                return;
        evidence(f, e->lines.trigger);
        evidence(f, e->lines.zones);
        SUMMARY(f, _("The allocation asked for %s of contiguous memory (order %lld); %s was free above the "
                     "watermarks, but not in pieces that large: memory was fragmented."),
                units_kb(a, sizeof(a), chunk), (long long)e->order, units_kb(b, sizeof(b), usable));
        PI(f, "order", e->order); PI(f, "chunk_kb", chunk); PI(f, "free_above_kb", usable);
        REFUTE(f, "%s", _("Free chunks of the requested order in the buddy lists."));
        REMEDY(f, "%s", _("Let the kernel compact memory (vm.compaction_proactiveness, or 'echo 1 > "
                          "/proc/sys/vm/compact_memory'), keep more free memory (vm.min_free_kbytes), or avoid "
                          "high-order allocations in the driver or application named in the call trace."));
}

static void rule_unaccounted(struct ctx *c) {
        const struct memory_report *m = c->mr;
        if (!m || is_memcg(c->e) || !val_known(m->unaccounted_kb) || !val_known(m->ram_kb))
                return;
        int64_t share = permille(m->unaccounted_kb, m->ram_kb);
        /* a report whose zones do not add up to its RAM cannot tell */
        if (!val_known(share) || share < 150 || !val_known(m->zones_present_kb) ||
            m->zones_present_kb < m->ram_kb / 10 * 9)
                return;
        char a[UNITS_BUF_SIZE], p[UNITS_BUF_SIZE];
        struct finding *f = add(c, "unaccounted_memory", CONFIDENCE_MEDIUM);
        if (!f)
                return;
        evidence(f, c->e->lines.meminfo);
        evidence(f, c->e->lines.ram);
        SUMMARY(f, _("%s (%s of RAM) is in none of the report's counters (process memory, caches, slab, page "
                     "tables, huge pages, free): kernel allocations outside slab, such as drivers, vmalloc, GPU "
                     "memory or a VM balloon."),
                units_kb(a, sizeof(a), m->unaccounted_kb), pct(p, sizeof(p), m->unaccounted_kb, m->ram_kb));
        PI(f, "unaccounted_kb", m->unaccounted_kb); PI(f, "ram_kb", m->ram_kb);
        REFUTE(f, "%s", _("A report from a kernel whose Mem-Info lacks counters (then the gap is an artefact)."));
        REMEDY(f, "%s", _("Compare MemTotal with the sum of /proc/meminfo on the live machine (VmallocUsed, "
                          "Percpu, balloon drivers in a VM, GPU drivers); a steadily growing gap is a kernel leak."));
}

static int compare_findings(const void *pa, const void *pb) {
        const struct finding *a = pa, *b = pb;
        return (int)b->confidence - (int)a->confidence;
}

/* ------------------------------------------------------------ entry points */

int findings_compute(const struct oom_event *e, const struct timeline *t, size_t event_index,
                     const struct grower *grower, struct findings *ret) {
        struct findings out = { 0 };
        out.have_memory = memory_report_compute(e, &out.memory) == 0;
        out.have_badness = badness_compute(e, &out.badness) == 0;
        struct ctx c = { .e = e, .out = &out, .ps = e->page_size_kb, .mr = out.have_memory ? &out.memory : NULL };
        c.ram_kb = val_known(e->ram_pages) && val_known(c.ps) ? sat_mul(e->ram_pages, c.ps) : OOM_UNSET;
        c.scope_kb = is_memcg(e) && val_known(e->memcg_limit_kb) ? e->memcg_limit_kb : c.ram_kb;
        rule_manual(&c);
        rule_memcg(&c);
        rule_dominant_or_capacity(&c);
        rule_protected(&c);
        rule_kernel_memory(&c);
        rule_constrained(&c);
        rule_lowmem(&c);
        rule_storm(&c, t, event_index);
        rule_container(&c);
        rule_leak(&c, t);
        rule_recurring(&c, t);
        rule_innocent(&c, grower);
        rule_fragmentation(&c);
        rule_unaccounted(&c);
        rule_swap(&c);
        rule_unreported(&c);
        if (c.error) {
                findings_free(&out);
                return c.error;
        }
        for (size_t i = 0; i < out.n; i++) {
                if (!out.items[i].summary)
                        out.items[i].summary = xstrdup("");
                if (!out.items[i].refute)
                        out.items[i].refute = xstrdup("");
        }
        /* stable: rules run in a fixed order, then by confidence */
        for (size_t i = 1; i < out.n; i++)
                for (size_t j = i; j > 0 && compare_findings(&out.items[j - 1], &out.items[j]) > 0; j--) {
                        struct finding tmp = out.items[j];
                        out.items[j] = out.items[j - 1];
                        out.items[j - 1] = tmp;
                }
        *ret = out;
        return 0;
}

void finding_free(struct finding *x) {
        free(x->summary);
        free(x->refute);
        for (size_t k = 0; k < x->n_remedies; k++)
                free(x->remedies[k]);
        x->summary = x->refute = NULL;
        x->n_remedies = 0;
        params_free(&x->params);
}

void findings_free(struct findings *f) {
        if (!f)
                return;
        for (size_t i = 0; i < f->n; i++)
                finding_free(&f->items[i]);
        if (f->have_memory)
                memory_report_free(&f->memory);
        f->have_memory = false;
        if (f->have_badness)
                badness_free(&f->badness);
        f->have_badness = false;
        free(f->items);
        f->items = NULL;
        f->n = 0;
}

const char *confidence_name(enum finding_confidence c) {
        switch (c) {
        case CONFIDENCE_HIGH: return N_("high");
        case CONFIDENCE_MEDIUM: return N_("medium");
        case CONFIDENCE_LOW: return N_("low");
        }
        return "low";
}

/* The previous task table of one host, during findings_prepare(). */
struct host_table {
        char host[LOG_HOST_MAX];
        size_t event;
        int64_t page_size_kb;
        size_t n;
        struct {
                int64_t pid, rss, line;
                char comm[OOM_COMM_MAX];
        } *tasks;
};

static int table_take(struct host_table *h, const struct oom_event *e, size_t index) {
        void *tasks = reallocarray(NULL, e->n_tasks, sizeof(*h->tasks));
        if (!tasks)
                return -ENOMEM;
        free(h->tasks);
        h->tasks = tasks;
        h->n = e->n_tasks;
        h->event = index;
        h->page_size_kb = e->page_size_kb;
        memcpy(h->host, e->host, sizeof(h->host));
        for (size_t i = 0; i < e->n_tasks; i++) {
                h->tasks[i].pid = e->tasks[i].pid;
                h->tasks[i].rss = e->tasks[i].rss;
                h->tasks[i].line = e->tasks[i].line;
                memcpy(h->tasks[i].comm, e->tasks[i].comm, sizeof(h->tasks[i].comm));
        }
        return 0;
}

/* The task of E that grew the most since table H (same pid and comm). */
static void top_grower(const struct host_table *h, const struct oom_event *e, struct grower *g) {
        int64_t best = 0;
        for (size_t i = 0; i < e->n_tasks; i++) {
                const struct oom_task *t = &e->tasks[i];
                for (size_t k = 0; k < h->n; k++) {
                        if (h->tasks[k].pid != t->pid || strcmp(h->tasks[k].comm, t->comm) != 0 ||
                            !val_known(t->rss) || !val_known(h->tasks[k].rss))
                                continue;
                        int64_t d = sat_sub(t->rss, h->tasks[k].rss);
                        if (d > best) {
                                best = d;
                                g->known = true;
                                g->pid = t->pid;
                                g->before_pages = h->tasks[k].rss;
                                g->after_pages = t->rss;
                                g->line_before = h->tasks[k].line;
                                g->line_after = t->line;
                                g->page_size_kb = val_known(h->page_size_kb) ? h->page_size_kb : e->page_size_kb;
                                memcpy(g->comm, t->comm, sizeof(g->comm));
                        }
                        break;
                }
        }
}

int findings_prepare(struct findings_walk *w, struct event_list *l) {
        size_t n = event_list_count(l);
        w->growers = calloc(n ? n : 1, sizeof(*w->growers));
        if (!w->growers)
                return -ENOMEM;
        w->n = n;
        struct host_table tables[32];
        size_t n_tables = 0;
        int r = 0;
        for (size_t i = 0; i < n && r == 0; i++) {
                const struct oom_event *e = event_list_get(l, i);
                if (!e || e->n_tasks == 0)
                        continue;
                struct host_table *h = NULL;
                for (size_t k = 0; k < n_tables && !h; k++)
                        if (strcmp(tables[k].host, e->host) == 0)
                                h = &tables[k];
                if (h) {
                        top_grower(h, e, &w->growers[h->event]);
                } else {
                        if (n_tables == sizeof(tables) / sizeof(*tables)) {
                                free(tables[0].tasks);
                                memmove(tables, tables + 1, sizeof(tables[0]) * (n_tables - 1));
                                n_tables--;
                        }
                        h = &tables[n_tables++];
                        memset(h, 0, sizeof(*h));
                }
                r = table_take(h, e, i);
        }
        for (size_t k = 0; k < n_tables; k++)
                free(tables[k].tasks);
        return r;
}

int findings_next(struct findings_walk *w, const struct oom_event *e, const struct timeline *t, size_t index,
                  struct findings *ret) {
        return findings_compute(e, t, index, index < w->n ? &w->growers[index] : NULL, ret);
}

void findings_walk_free(struct findings_walk *w) {
        free(w->growers);
        w->growers = NULL;
        w->n = 0;
}

/* The cause a headline names: the most specific finding present. */
static const struct {
        const char *id;
        const char *cause;
} causes[] = {
        { "manual_trigger", N_("a manual trigger (sysrq-f)") },
        { "protected_hog", N_("a large process protected at oom_score_adj -1000") },
        { "kill_storm", N_("a storm of kills") },
        { "dominant_process", N_("one process too big for its memory") },
        { "innocent_victim", N_("another process that grew") },
        { "leak_suspected", N_("a probable memory leak") },
        { "memcg_limit", N_("the cgroup's memory limit") },
        { "kernel_slab", N_("kernel slab memory") },
        { "hugepages", N_("memory reserved for huge pages") },
        { "shmem", N_("shared memory and tmpfs") },
        { "capacity", N_("the workload as a whole not fitting") },
        { "fragmentation", N_("fragmented memory (no large enough free chunk)") },
        { "unaccounted_memory", N_("kernel memory outside the report's counters") },
        { "constrained_node", N_("a NUMA node restriction") },
        { "lowmem", N_("low memory (DMA/Normal zone) exhaustion") },
        { "recurring_schedule", N_("a recurring scheduled job") },
};

const char *findings_cause(const struct findings *f) {
        for (size_t k = 0; k < sizeof(causes) / sizeof(*causes); k++)
                for (size_t i = 0; i < f->n; i++)
                        if (strcmp(f->items[i].id, causes[k].id) == 0)
                                return _(causes[k].cause);
        return _("unknown from this log");
}
