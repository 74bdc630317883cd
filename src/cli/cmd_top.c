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
#include "sampler.h"
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
static int show_once(const struct top_opts *o, struct sampler *st, struct users *users, bool redraw) {
        struct proc_snapshot snap;
        struct oom_ranking rank;
        const char *root = o->common.root ? o->common.root : "/";
        /* every detail only when every process is printed as JSON */
        int limit = o->limit >= 0 ? o->limit : (o->json ? 0 : 10);
        unsigned flags = o->json && limit == 0 ? 0 : PROCFS_DETAILS_LATER;
        int e = sampler_next(st, root, flags, o->delay, &snap, &rank);
        if (e == -ENOMEM) {
                cli_error("oomlens top", "%s", _("out of memory"));
                return EXIT_INTERNAL;
        }
        if (e < 0) {
                cli_error("oomlens top", _("cannot read %s/proc/meminfo: %s"), strcmp(root, "/") == 0 ? "" : root,
                          strerror(-e));
                return EXIT_NO_INPUT;
        }
        if (st->was_full)
                users_forget(users); /* accounts come and go: names again at every full scan */
        struct top_view v = {
                .snap = &snap, .rank = &rank, .root = root, .users = users, .cgroup = o->cgroup, .limit = limit,
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
                if (e == -ESRCH && procfs_pid_unreadable(&snap, o->pid)) {
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
        sampler_keep(st, &snap, &rank, o->delay > 0);
        return status;
}

int cmd_top(int argc, char **argv) {
        struct top_opts o = { .limit = -1, .pretty = true };
        struct sampler st = { 0 };
        static struct users users;
        int r = parse_args(argc, argv, &o);
        if (r != 0)
                return r < 0 ? EXIT_FOUND : r;
        if (o.delay == 0)
                return show_once(&o, &st, &users, false);
        /* with -d, JSON is one compact document per line (ndjson) */
        if (o.json)
                o.pretty = false;
        bool redraw = !o.json && isatty(STDOUT_FILENO);
        struct timespec next;
        int status = EXIT_FOUND;
        clock_gettime(CLOCK_MONOTONIC, &next);
        for (long i = 0; o.iterations == 0 || i < o.iterations; i++) {
                status = show_once(&o, &st, &users, redraw);
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
        sampler_free(&st);
        return status;
}
