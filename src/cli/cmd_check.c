/* cmd_check.c — `oomlens check [--root DIR] [LOG…]`: audit this machine (or
 * a captured tree) for what invites its next OOM kill, and print the
 * findings of audit.c as text or JSON.  The exit status says whether a
 * finding at or above --fail-on (default critical) exists, so that
 * monitoring and CI can run it. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "cli_msg.h"
#include "commands.h"
#include "exit_codes.h"
#include "i18n.h"
#include "log_tally.h"
#include "check_output.h"
#include "oom_rank.h"
#include "terminal.h"
#include "procfs.h"

struct check_opts {
        struct cli_common common;  /* --color, --lang, --root */
        bool json, pretty, quiet, no_logs;
        enum audit_severity fail_on;
};

static void usage(FILE *out) {
        fprintf(out, "%s\n", _("Usage: oomlens check [OPTION]... [LOG]..."));
        fprintf(out, "%s\n\n", _("Audit this machine for what invites its next OOM kill: each finding with its severity, evidence and fix."));
        fprintf(out, "%s\n", _("      --root=DIR       read DIR/proc, DIR/sys and the logs below DIR instead of this machine's"));
        fprintf(out, "%s\n", _("      --json           the findings as JSON"));
        fprintf(out, "%s\n", _("      --compact        JSON on one line"));
        fprintf(out, "%s\n", _("      --fail-on=LEVEL  exit 1 when a finding of LEVEL or worse exists: critical (default), warning or info"));
        fprintf(out, "%s\n", _("      --no-logs        do not read logs (no comparison of the kernel's kill counters with them)"));
        fprintf(out, "%s\n", _("      --color=WHEN     colours in text output: auto (default; not with NO_COLOR), always, never"));
        fprintf(out, "%s\n", _("      --lang=LANG      language of messages (e.g. en, zh_CN)"));
        fprintf(out, "%s\n", _("  -q, --quiet          no warnings about unreadable logs"));
        fprintf(out, "%s\n\n", _("  -h, --help           show this help"));
        fprintf(out, "%s\n", _("The OOM kills the kernel counted since boot are compared with those this machine's logs report"));
        fprintf(out, "%s\n", _("(/dev/kmsg, the journal, /var/log/{messages,syslog,kern.log}*), or the LOG files given."));
        fprintf(out, "%s\n", _("Exit status: 0 no finding at --fail-on or worse, 1 some, 2 usage error, 4 /proc/meminfo unreadable."));
}


static int parse_opts(int argc, char **argv, struct check_opts *o) {
        static const struct option longopts[] = {
                { "json", no_argument, NULL, 'j' },         CLI_COMMON_OPTIONS,
                { "compact", no_argument, NULL, 'C' },      { "fail-on", required_argument, NULL, 'F' },
                { "no-logs", no_argument, NULL, 'N' },      { "quiet", no_argument, NULL, 'q' },
                { "help", no_argument, NULL, 'h' },         { NULL, 0, NULL, 0 },
        };
        int c;
        optind = 1;
        while ((c = cli_getopt("oomlens check", argc, argv, "qh", longopts)) != -1) {
                int k = cli_common_option("check", c, optarg, &o->common);
                if (k == EXIT_USAGE)
                        return -EINVAL;
                if (k)
                        continue;
                switch (c) {
                case 'j': o->json = true; break;
                case 'C': o->pretty = false; break;
                case 'N': o->no_logs = true; break;
                case 'q': o->quiet = true; break;
                case 'F':
                        if (strcmp(optarg, "critical") == 0)
                                o->fail_on = AUDIT_CRITICAL;
                        else if (strcmp(optarg, "warning") == 0)
                                o->fail_on = AUDIT_WARNING;
                        else if (strcmp(optarg, "info") == 0)
                                o->fail_on = AUDIT_INFO;
                        else {
                                cli_usage_error("check", _("invalid --fail-on '%s' (use critical, warning or info)"), optarg);
                                return -EINVAL;
                        }
                        break;
                case 'h': usage(stdout); return 1;
                default: cli_try_help("check"); return -EINVAL;
                }
        }
        return 0;
}

int cmd_check(int argc, char **argv) {
        struct check_opts o = { .pretty = true, .fail_on = AUDIT_CRITICAL };
        int r = parse_opts(argc, argv, &o);
        if (r != 0)
                return r > 0 ? (fflush(stdout) == 0 ? EXIT_CHECK_CLEAN : EXIT_INTERNAL) : EXIT_USAGE;
        bool live = !o.common.root || strcmp(o.common.root, "/") == 0;
        const char *root = live ? "/" : o.common.root;

        struct proc_snapshot snap;
        r = procfs_snapshot(root, &snap);
        if (r < 0) {
                cli_error("oomlens", _("cannot read %s/proc/meminfo: %s"), live ? "" : root, strerror(-r));
                return r == -ENOMEM ? EXIT_INTERNAL : EXIT_NO_INPUT;
        }
        struct oom_ranking rank = { 0 };
        struct log_tally logs = { 0 };
        struct audit_report rep = { 0 };
        int status = EXIT_INTERNAL;
        if (oom_rank_build(&snap, snap.page_kb, &rank) < 0)
                goto oom;
        if (!o.no_logs && local_logs_tally(live ? NULL : root, argv + optind, (size_t)(argc - optind),
                                           procfs_boot_time_us(root), o.quiet, &logs) < 0)
                goto oom;
        struct audit_input in = { .snap = &snap, .rank = &rank, .logs = o.no_logs ? NULL : &logs };
        if (audit_run(&in, &rep) < 0)
                goto oom;

        if (o.json)
                r = check_print_json(stdout, &rep, in.logs, o.pretty);
        else
                check_print_text(stdout, &rep, in.logs, &snap, terminal_use_color(o.common.color));
        if (r == -ENOMEM)
                goto oom;
        status = EXIT_CHECK_CLEAN;
        for (int s = AUDIT_CRITICAL; s >= (int)o.fail_on; s--)
                if (rep.count[s])
                        status = EXIT_CHECK_RISK;
        if (fflush(stdout) != 0 || ferror(stdout) || r < 0)
                status = EXIT_INTERNAL; /* said once by main() */
        goto done;
oom:
        cli_error("oomlens", "%s", _("out of memory"));
done:
        audit_report_free(&rep);
        log_tally_free(&logs);
        oom_rank_free(&rank);
        procfs_snapshot_free(&snap);
        return status;
}
