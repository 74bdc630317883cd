/* cmd_top.c — `oomlens top`: who the kernel would kill next, for the whole
 * machine and for every memory cgroup with a limit, and how much room each
 * has left.  Reads /proc and /sys/fs/cgroup (or a captured tree with
 * --root) through procfs.c, ranks with oom_rank.c, prints with
 * top_output.c; -d redraws every N seconds. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli_msg.h"
#include "commands.h"
#include "escape.h"
#include "exit_codes.h"
#include "i18n.h"
#include "oom_rank.h"
#include "procfs.h"
#include "terminal.h"
#include "top_output.h"

struct top_opts {
        struct cli_common common;  /* --color, --lang, --root */
        const char *cgroup;
        int pid;                   /* --pid, 0 = none */
        int limit;                 /* -n; -1 = default */
        bool json, pretty;
        double delay;              /* -d seconds, 0 = once */
        long iterations;           /* --iterations, 0 = until interrupted */
};

static void usage(FILE *out) {
        fprintf(out, "%s\n", _("Usage: oomlens top [OPTION]..."));
        fprintf(out, "%s\n\n", _("Show who the kernel's OOM killer would kill next, for the whole machine and for every memory cgroup with a limit."));
        fprintf(out, "%s\n", _("  -n, --top=N          processes per domain (default 10 in text, all in JSON; 0 = all)"));
        fprintf(out, "%s\n", _("  -c, --cgroup=PATH    only this cgroup (as /proc/PID/cgroup names it) and the cgroups below it"));
        fprintf(out, "%s\n", _("  -p, --pid=PID        explain one process: its badness, its place in each domain, what would make it go first"));
        fprintf(out, "%s\n", _("  -j, --json           JSON output (one compact document per refresh with -d)"));
        fprintf(out, "%s\n", _("      --compact        JSON on one line"));
        fprintf(out, "%s\n", _("  -d, --delay=SECONDS  refresh every SECONDS, redrawing in place on a terminal"));
        fprintf(out, "%s\n", _("      --iterations=N   stop after N refreshes (with -d)"));
        fprintf(out, "%s\n", _("      --color=WHEN     auto (default; not with NO_COLOR), always, never"));
        fprintf(out, "%s\n", _("      --root=DIR       read DIR/proc and DIR/sys instead of this machine's (a captured tree)"));
        fprintf(out, "%s\n", _("      --lang=LANG      language of the output (en, zh_CN)"));
        fprintf(out, "%s\n", _("  -h, --help           show this help"));
        fprintf(out, "\n%s\n", _("Exit status: 0 shown, 2 usage, 4 /proc could not be read, 1 --pid not found."));
}

static int bad_value(const char *what, const char *v) {
        return cli_usage_error("top", _("invalid %s '%s'"), what, v);
}

static bool parse_long(const char *s, long lo, long hi, long *ret) {
        char *end;
        errno = 0;
        long v = strtol(s, &end, 10);
        if (*s == '\0' || *end || errno || v < lo || v > hi)
                return false;
        *ret = v;
        return true;
}

static int parse_args(int argc, char **argv, struct top_opts *o) {
        static const struct option longopts[] = {
                { "top", required_argument, NULL, 'n' },     { "cgroup", required_argument, NULL, 'c' },
                { "pid", required_argument, NULL, 'p' },     { "json", no_argument, NULL, 'j' },
                { "compact", no_argument, NULL, 'C' },       { "delay", required_argument, NULL, 'd' },
                { "iterations", required_argument, NULL, 'I' }, CLI_COMMON_OPTIONS,
                { "help", no_argument, NULL, 'h' },          { NULL, 0, NULL, 0 },
        };
        int c;
        long v;
        optind = 1;
        while ((c = cli_getopt("oomlens top", argc, argv, "n:c:p:jd:h", longopts)) != -1) {
                int k = cli_common_option("top", c, optarg, &o->common);
                if (k == EXIT_USAGE)
                        return k;
                if (k)
                        continue;
                switch (c) {
                case 'n':
                        if (!parse_long(optarg, 0, 1000000, &v))
                                return bad_value(_("number"), optarg);
                        o->limit = (int)v;
                        break;
                case 'c':
                        if (optarg[0] != '/')
                                return bad_value(_("cgroup path (it starts with /)"), optarg);
                        o->cgroup = optarg;
                        break;
                case 'p':
                        if (!parse_long(optarg, 1, 0x7fffffff, &v))
                                return bad_value(_("pid"), optarg);
                        o->pid = (int)v;
                        break;
                case 'j': o->json = true; break;
                case 'C': o->pretty = false; break;
                case 'd': {
                        char *end;
                        errno = 0;
                        double d = strtod(optarg, &end);
                        if (*optarg == '\0' || *end || errno || !(d >= 0.1 && d <= 86400))
                                return bad_value(_("delay (0.1 to 86400 seconds)"), optarg);
                        o->delay = d;
                        break;
                }
                case 'I':
                        if (!parse_long(optarg, 1, 1000000000, &o->iterations))
                                return bad_value(_("number"), optarg);
                        break;
                case 'h': usage(stdout); return -1;
                default: cli_try_help("top"); return EXIT_USAGE;
                }
        }
        if (optind < argc)
                return cli_usage_error("top", _("unexpected argument '%s'"), argv[optind]);
        return 0;
}

/* What -d keeps from one refresh to the next. */
struct top_state {
        struct proc_snapshot snap;  /* the last one (its tasks can be carried over) */
        bool have;
        double last_full;           /* monotonic seconds of the last full scan */
        double full_every;          /* seconds between full scans (0: every refresh) */
        int *hot;                   /* sorted pids re-read at every refresh */
        size_t n_hot;
        int64_t avail_at_full;      /* MemAvailable at the last full scan */
        struct { char *path; int64_t usage_kb; } *cg_at_full; /* limited cgroups' usage then */
        size_t n_cg_at_full;
};

#define HOT_PER_DOMAIN 32           /* re-read each refresh: the head of every domain's order */
#define CPU_BUDGET 0.004            /* full scans may take 0.4 % of a CPU; the refreshes between them about as much at 10,000 processes */

static double now_s(clockid_t clock) {
        struct timespec t;
        clock_gettime(clock, &t);
        return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int int_cmp(const void *a, const void *b) {
        int x = *(const int *)a, y = *(const int *)b;
        return (x > y) - (x < y);
}

static void forget_usage(struct top_state *st) {
        for (size_t i = 0; i < st->n_cg_at_full; i++)
                free(st->cg_at_full[i].path);
        free(st->cg_at_full);
        st->cg_at_full = NULL;
        st->n_cg_at_full = 0;
}

static void remember_usage(struct top_state *st, const struct proc_snapshot *s) {
        forget_usage(st);
        st->avail_at_full = s->sys.mem_available_kb;
        st->cg_at_full = calloc(s->n_cgroups ? s->n_cgroups : 1, sizeof(*st->cg_at_full));
        if (!st->cg_at_full)
                return;
        for (size_t i = 0; i < s->n_cgroups; i++)
                if ((st->cg_at_full[st->n_cg_at_full].path = strdup(s->cgroups[i].path)))
                        st->cg_at_full[st->n_cg_at_full++].usage_kb = s->cgroups[i].usage_kb;
}

/* Memory moved since the last full scan (a process growing below the
 * re-read heads): MemAvailable fell by 1 % of RAM (at least 64 MiB), or a
 * limited cgroup grew by 5 % of its limit (at least 16 MiB). */
static bool memory_moved(const struct top_state *st, const struct proc_snapshot *s) {
        const struct system_mem *m = &s->sys;
        int64_t ram_step = m->mem_total_kb != OOM_UNSET && m->mem_total_kb / 100 > 65536 ? m->mem_total_kb / 100 : 65536;
        if (st->avail_at_full != OOM_UNSET && m->mem_available_kb != OOM_UNSET &&
            st->avail_at_full - m->mem_available_kb > ram_step)
                return true;
        for (size_t i = 0; i < s->n_cgroups; i++) {
                const struct cgroup_mem *c = &s->cgroups[i];
                if (c->usage_kb == OOM_UNSET || c->limit_kb == OOM_UNSET)
                        continue;
                int64_t step = c->limit_kb / 20 > 16384 ? c->limit_kb / 20 : 16384;
                for (size_t k = 0; k < st->n_cg_at_full; k++)
                        if (strcmp(st->cg_at_full[k].path, c->path) == 0 && st->cg_at_full[k].usage_kb != OOM_UNSET &&
                            c->usage_kb - st->cg_at_full[k].usage_kb > step)
                                return true;
        }
        return false;
}

/* The pids that could be next anywhere: each domain's first entries. */
static void remember_hot(struct top_state *st, const struct oom_ranking *rank) {
        size_t n = 0, cap = rank->n * HOT_PER_DOMAIN;
        int *hot = realloc(st->hot, (cap ? cap : 1) * sizeof(int));
        if (!hot)
                return;             /* the old set stays: still valid pids, only fewer */
        for (size_t di = 0; di < rank->n; di++)
                for (size_t i = 0; i < rank->domains[di].n && i < HOT_PER_DOMAIN; i++)
                        hot[n++] = rank->domains[di].entries[i].pid;
        qsort(hot, n, sizeof(int), int_cmp);
        st->hot = hot;
        st->n_hot = n;
}

struct details_ctx {
        struct proc_snapshot *snap;
        const char *root;
};

static void fill_details(size_t task, void *userdata) {
        struct details_ctx *c = userdata;
        struct proc_task *t = &c->snap->tasks[task];
        if (t->oom_score == PROCFS_INT_UNSET || !t->cmdline)
                (void)procfs_task_details(c->root, t); /* gone meanwhile: shown with what was read */
}

/* One snapshot (full, or carrying st's last one over), ranked and printed.
 * Returns an exit status. */
static bool pid_unreadable(const struct proc_snapshot *s, int pid) {
        for (size_t i = 0; i < s->n_unreadable; i++)
                if (s->unreadable[i] == pid)
                        return true;
        return false;
}

static int show_once(const struct top_opts *o, struct top_state *st, bool redraw) {
        struct proc_snapshot snap;
        struct oom_ranking rank;
        const char *root = o->common.root ? o->common.root : "/";
        /* every detail only when every process is printed as JSON */
        int limit = o->limit >= 0 ? o->limit : (o->json ? 0 : 10);
        unsigned flags = o->json && limit == 0 ? 0 : PROCFS_DETAILS_LATER;
        double mono = now_s(CLOCK_MONOTONIC);
        bool full = !st->have || mono - st->last_full >= st->full_every;
        struct procfs_reuse reuse = { .prev = &st->snap, .hot = st->hot, .n_hot = st->n_hot };
        double cpu0 = now_s(CLOCK_PROCESS_CPUTIME_ID);
        int e = procfs_snapshot_ex(root, flags, full ? NULL : &reuse, &snap);
        /* memory moved where the carried-over numbers cannot see it: a full
         * scan now, if a quarter of the budget's interval has passed */
        if (e == 0 && !full && memory_moved(st, &snap) && mono - st->last_full >= st->full_every / 4) {
                procfs_snapshot_free(&snap);
                full = true;
                cpu0 = now_s(CLOCK_PROCESS_CPUTIME_ID);
                e = procfs_snapshot_ex(root, flags, NULL, &snap);
        }
        if (st->have) {
                procfs_snapshot_free(&st->snap);
                st->have = false;
        }
        if (e < 0) {
                cli_error("oomlens top", _("cannot read %s/proc/meminfo: %s"), strcmp(root, "/") == 0 ? "" : root,
                          strerror(-e));
                return e == -ENOMEM ? EXIT_INTERNAL : EXIT_NO_INPUT;
        }
        if (full && o->delay > 0) {
                /* full scans as often as the budget allows, at most every refresh */
                double cost = now_s(CLOCK_PROCESS_CPUTIME_ID) - cpu0;
                st->last_full = mono;
                st->full_every = cost / CPU_BUDGET > o->delay ? cost / CPU_BUDGET : 0;
                remember_usage(st, &snap);
        }
        if (oom_rank_build(&snap, snap.page_kb, &rank) < 0) {
                procfs_snapshot_free(&snap);
                return EXIT_INTERNAL;
        }
        struct top_view v = {
                .snap = &snap, .rank = &rank, .root = root, .cgroup = o->cgroup, .limit = limit,
                .width = terminal_width(), .color = terminal_use_color(o->common.color), .pretty = o->pretty,
                .full_scan_every = st->full_every,
        };
        if (flags & PROCFS_DETAILS_LATER) {
                struct details_ctx dc = { .snap = &snap, .root = root };
                top_for_each_shown(&v, o->pid, fill_details, &dc);
        }
        if (redraw) {
                char host[256] = "", when[32] = "";
                time_t t = time(NULL);
                struct tm tm;
                gethostname(host, sizeof(host) - 1);
                if (localtime_r(&t, &tm))
                        strftime(when, sizeof(when), "%H:%M:%S", &tm);
                fputs(TERM_HOME_CLEAR, stdout);
                escape_terminal(stdout, host, strlen(host));
                printf("  %s  ", when);
                printf(_("every %g s, Ctrl-C to stop"), o->delay);
                fputs("\n", stdout);
        }
        int status = EXIT_FOUND;
        if (o->pid) {
                e = o->json ? top_explain_json(stdout, &v, o->pid) : top_explain_text(stdout, &v, o->pid);
                if (e == -ESRCH && pid_unreadable(&snap, o->pid)) {
                        cli_error("oomlens top", _("process %d could not be read: its /proc/%d/status is unreadable or damaged, so its rank is unknown"),
                                  o->pid, o->pid);
                        status = EXIT_NOT_FOUND;
                        e = 0;
                } else if (e == -ESRCH) {
                        cli_error("oomlens top", _("no process %d with memory of its own (gone, a kernel thread, or a zombie)"),
                                  o->pid);
                        status = EXIT_NOT_FOUND;
                        e = 0;
                }
        } else {
                e = o->json ? top_print_json(stdout, &v) : top_print_text(stdout, &v);
        }
        if (e < 0 || fflush(stdout) != 0)
                status = EXIT_INTERNAL;
        if (o->delay > 0) {
                remember_hot(st, &rank);
                st->snap = snap;
                st->have = true;
        } else {
                procfs_snapshot_free(&snap);
        }
        oom_rank_free(&rank);
        return status;
}

int cmd_top(int argc, char **argv) {
        struct top_opts o = { .limit = -1, .pretty = true };
        struct top_state st = { 0 };
        int r = parse_args(argc, argv, &o);
        if (r != 0)
                return r < 0 ? EXIT_FOUND : r;
        if (o.delay == 0)
                return show_once(&o, &st, false);
        /* with -d, JSON is one compact document per line (ndjson) */
        if (o.json)
                o.pretty = false;
        bool redraw = !o.json && isatty(STDOUT_FILENO);
        struct timespec next;
        int status = EXIT_FOUND;
        clock_gettime(CLOCK_MONOTONIC, &next);
        for (long i = 0; o.iterations == 0 || i < o.iterations; i++) {
                status = show_once(&o, &st, redraw);
                if (status != EXIT_FOUND || (o.iterations && i + 1 >= o.iterations))
                        break;
                if (!redraw && !o.json)
                        fputc('\n', stdout);
                /* sleep to the next tick, not for the delay: no drift */
                long long ns = (long long)(o.delay * 1e9);
                next.tv_sec += ns / 1000000000;
                next.tv_nsec += ns % 1000000000;
                if (next.tv_nsec >= 1000000000) {
                        next.tv_sec++;
                        next.tv_nsec -= 1000000000;
                }
                while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL) == EINTR)
                        ;
        }
        if (st.have)
                procfs_snapshot_free(&st.snap);
        free(st.hot);
        forget_usage(&st);
        return status;
}
