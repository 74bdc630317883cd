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
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "exit_codes.h"
#include "i18n.h"
#include "oom_rank.h"
#include "procfs.h"
#include "top_output.h"

struct top_opts {
        const char *root;
        const char *cgroup;
        int pid;                   /* --pid, 0 = none */
        int limit;                 /* -n; -1 = default */
        bool json, pretty;
        double delay;              /* -d seconds, 0 = once */
        long iterations;           /* --iterations, 0 = until interrupted */
        int color;                 /* 0 auto, 1 always, -1 never */
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
        fprintf(stderr, "oomlens top: ");
        fprintf(stderr, _("invalid %s '%s'"), what, v);
        fprintf(stderr, "\n%s\n", _("Try 'oomlens top --help'."));
        return EXIT_USAGE;
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
                { "iterations", required_argument, NULL, 'I' }, { "color", required_argument, NULL, 'K' },
                { "root", required_argument, NULL, 'R' },    { "lang", required_argument, NULL, 'L' },
                { "help", no_argument, NULL, 'h' },          { NULL, 0, NULL, 0 },
        };
        int c;
        long v;
        optind = 1;
        while ((c = getopt_long(argc, argv, "n:c:p:jd:h", longopts, NULL)) != -1) {
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
                case 'K':
                        if (strcmp(optarg, "auto") == 0)
                                o->color = 0;
                        else if (strcmp(optarg, "always") == 0)
                                o->color = 1;
                        else if (strcmp(optarg, "never") == 0)
                                o->color = -1;
                        else
                                return bad_value("--color", optarg);
                        break;
                case 'R': o->root = optarg; break;
                case 'L': i18n_init(optarg); break;
                case 'h': usage(stdout); return -1;
                default: usage(stderr); return EXIT_USAGE;
                }
        }
        if (optind < argc) {
                fprintf(stderr, "oomlens top: ");
                fprintf(stderr, _("unexpected argument '%s'"), argv[optind]);
                fprintf(stderr, "\n%s\n", _("Try 'oomlens top --help'."));
                return EXIT_USAGE;
        }
        return 0;
}

static size_t terminal_width(void) {
        struct winsize ws;
        if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40)
                return ws.ws_col;
        return 0;
}

static bool want_color(int opt) {
        const char *term = getenv("TERM"), *no_color = getenv("NO_COLOR");
        if (opt != 0)
                return opt > 0;
        return isatty(STDOUT_FILENO) && !(no_color && *no_color) && !(term && strcmp(term, "dumb") == 0);
}

/* One snapshot, ranked and printed.  Returns an exit status. */
static int show_once(const struct top_opts *o, bool redraw) {
        struct proc_snapshot snap;
        struct oom_ranking rank;
        const char *root = o->root ? o->root : "/";
        int e = procfs_snapshot(root, &snap);
        if (e < 0) {
                fprintf(stderr, "oomlens top: ");
                fprintf(stderr, _("cannot read %s/proc/meminfo: %s"), strcmp(root, "/") == 0 ? "" : root, strerror(-e));
                fputc('\n', stderr);
                return e == -ENOMEM ? EXIT_INTERNAL : EXIT_NO_INPUT;
        }
        long page = o->root ? 4096 : sysconf(_SC_PAGESIZE);
        if (oom_rank_build(&snap, page > 0 ? page / 1024 : 4, &rank) < 0) {
                procfs_snapshot_free(&snap);
                return EXIT_INTERNAL;
        }
        struct top_view v = {
                .snap = &snap, .rank = &rank, .root = root, .cgroup = o->cgroup,
                .limit = o->limit >= 0 ? o->limit : (o->json ? 0 : 10),
                .width = terminal_width(), .color = want_color(o->color), .pretty = o->pretty,
        };
        if (redraw)
                fputs("\033[H\033[J", stdout);
        int status = EXIT_FOUND;
        if (o->pid) {
                e = o->json ? top_explain_json(stdout, &v, o->pid) : top_explain_text(stdout, &v, o->pid);
                if (e == -ESRCH) {
                        fprintf(stderr, "oomlens top: ");
                        fprintf(stderr, _("no process %d with memory of its own (gone, a kernel thread, or a zombie)"), o->pid);
                        fputc('\n', stderr);
                        status = EXIT_NOT_FOUND;
                        e = 0;
                }
        } else {
                e = o->json ? top_print_json(stdout, &v) : top_print_text(stdout, &v);
        }
        if (e < 0 || fflush(stdout) != 0)
                status = EXIT_INTERNAL;
        oom_rank_free(&rank);
        procfs_snapshot_free(&snap);
        return status;
}

int cmd_top(int argc, char **argv) {
        struct top_opts o = { .limit = -1, .pretty = true };
        int r = parse_args(argc, argv, &o);
        if (r != 0)
                return r < 0 ? EXIT_FOUND : r;
        if (o.delay == 0)
                return show_once(&o, false);
        /* with -d, JSON is one compact document per line (ndjson) */
        if (o.json)
                o.pretty = false;
        bool redraw = !o.json && isatty(STDOUT_FILENO);
        struct timespec next;
        clock_gettime(CLOCK_MONOTONIC, &next);
        for (long i = 0; o.iterations == 0 || i < o.iterations; i++) {
                int status = show_once(&o, redraw);
                if (status != EXIT_FOUND)
                        return status;
                if (o.iterations && i + 1 >= o.iterations)
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
        return EXIT_FOUND;
}
