/* cmd_analyze.c — `oomlens analyze [FILE|-]…`: find every OOM kill in the
 * given logs, or with no file in this machine's own logs (/dev/kmsg, the
 * systemd journal, /var/log/{messages,syslog,kern.log}*), and print them. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_msg.h"
#include "commands.h"
#include "exit_codes.h"
#include "i18n.h"
#include "log_time.h"
#include "output.h"
#include "terminal.h"

struct analyze_opts {
        const struct output_format *format;
        bool pretty;
        int top;
        bool have_boot;
        int64_t boot_us;
        bool quiet;
        long long reference_time; /* for the year of RFC 3164 stamps; 0 = file mtime */
        struct event_filter filter;
};

/* "2024-09-03", "2024-09-03T05:00", "2024-09-03 05:00:00+08:00" → µs.
 * Without an offset the time is read like the logs' own zone-less stamps. */
static int parse_when(const char *s, int64_t *ret_us) {
        char iso[64];
        size_t n = strlen(s);
        if (n < 10 || n > 40)
                return -EINVAL;
        snprintf(iso, sizeof(iso), "%s", s);
        if (iso[10] == ' ')
                iso[10] = 'T';
        if (n == 10)
                strcat(iso, "T00:00:00");
        else if (n == 16 || (n > 16 && (iso[16] == '+' || iso[16] == '-' || iso[16] == 'Z'))) {
                /* HH:MM, with or without an offset: seconds 00 (n <= 40 fits) */
                memmove(iso + 19, iso + 16, strlen(iso + 16) + 1);
                memcpy(iso + 16, ":00", 3);
        }
        struct log_stamp t;
        if (log_time_parse_iso(iso, strlen(iso), &t) != (int)strlen(iso))
                return -EINVAL;
        *ret_us = t.wall_us;
        return 0;
}


static int parse_count(const char *s, size_t *ret) {
        char *end;
        long v = strtol(s, &end, 10);
        if (*s == '\0' || *end || v < 1 || v > 10000000)
                return -EINVAL;
        *ret = (size_t)v;
        return 0;
}

static void usage(FILE *out) {
        fprintf(out, "%s\n", _("Usage: oomlens analyze [OPTION]... [FILE|-]..."));
        fprintf(out, "%s\n\n", _("Find and explain every kernel OOM kill in the given logs, or in this machine's own logs."));
        fprintf(out, "%s\n", _("  -f, --format=FORMAT  text (default), json, markdown, or postmortem (an incident report draft)"));
        fprintf(out, "%s\n", _("      --compact        JSON on one line"));
        fprintf(out, "%s\n", _("  -c, --count          print only the number of OOM events, like grep -c"));
        fprintf(out, "%s\n", _("  -n, --top=N          tasks listed per event in text output (default 10)"));
        fprintf(out, "%s\n", _("      --color=WHEN     colours in text output: auto (default; not with NO_COLOR), always, never"));
        fprintf(out, "%s\n", _("      --boot-time=T    boot time for logs with only kernel uptime (epoch seconds or ISO 8601)"));
        fprintf(out, "%s\n", _("      --log-date=DATE  when the logs were written (YYYY-MM-DD), to infer the year of\n"
                                "                       syslog stamps that have none (default: each file's date)"));
        fprintf(out, "%s\n", _("      --root=DIR       read this machine's logs below DIR instead of /"));
        fprintf(out, "%s\n", _("      --lang=LANG      language of messages (e.g. en, zh_CN)"));
        fprintf(out, "%s\n", _("      --since=TIME     only events at or after TIME (YYYY-MM-DD[ HH:MM[:SS]][+HH:MM])"));
        fprintf(out, "%s\n", _("      --until=TIME     only events at or before TIME"));
        fprintf(out, "%s\n", _("      --host=NAME      only events of this host"));
        fprintf(out, "%s\n", _("      --victim=NAME|PID  only events that killed this process"));
        fprintf(out, "%s\n", _("      --last=N         only the N latest events"));
        fprintf(out, "%s\n", _("      --worst[=N]      only the N events (default 1) whose victim held the most memory"));
        fprintf(out, "%s\n", _("  -q, --quiet          no warnings about unreadable inputs"));
        fprintf(out, "%s\n\n", _("  -h, --help           show this help"));
        fprintf(out, "%s\n", _("Compressed files (.gz, .xz, .zst) are recognised by their content."));
        fprintf(out, "%s\n", _("Exit status: 0 OOM kills found, 1 none found, 2 usage error, 3 some input unreadable, 4 no input readable."));
}

/* "1700000000", "1700000000.5" or an ISO 8601 time with offset */
static int parse_boot_time(const char *s, int64_t *ret_us) {
        char *end;
        errno = 0;
        double secs = strtod(s, &end);
        if (errno == 0 && end != s && *end == '\0' && secs >= 0) {
                *ret_us = (int64_t)(secs * 1e6);
                return 0;
        }
        struct log_stamp t;
        if (log_time_parse_iso(s, strlen(s), &t) == (int)strlen(s) && t.tz_known) {
                *ret_us = t.wall_us;
                return 0;
        }
        return -EINVAL;
}

int cmd_analyze(int argc, char **argv) {
        static const struct option longopts[] = {
                { "format", required_argument, NULL, 'f' }, { "compact", no_argument, NULL, 'C' },
                { "top", required_argument, NULL, 'n' },    { "boot-time", required_argument, NULL, 'B' },
                CLI_COMMON_OPTIONS,
                { "quiet", no_argument, NULL, 'q' },        { "help", no_argument, NULL, 'h' },
                { "log-date", required_argument, NULL, 'D' },
                { "count", no_argument, NULL, 'c' },
                { "since", required_argument, NULL, 'S' },  { "until", required_argument, NULL, 'U' },
                { "host", required_argument, NULL, 'H' },   { "victim", required_argument, NULL, 'v' },
                { "last", required_argument, NULL, 'l' },   { "worst", optional_argument, NULL, 'w' },
                { NULL, 0, NULL, 0 },
        };
        struct analyze_opts o = { .format = &output_text_format, .pretty = true, .top = 10 };
        int c;
        optind = 1;
        struct cli_common common = { 0 };
        while ((c = cli_getopt("oomlens analyze", argc, argv, "f:n:cqh", longopts)) != -1) {
                int k = cli_common_option("analyze", c, optarg, &common);
                if (k == EXIT_USAGE)
                        return k;
                if (k)
                        continue;
                switch (c) {
                case 'f':
                        o.format = output_format_find(optarg);
                        if (!o.format || o.format == &output_count_format)
                                return cli_usage_error("analyze", _("unknown format '%s' (use text, json, markdown or postmortem)"), optarg);
                        break;
                case 'C': o.pretty = false; break;
                case 'c': o.format = &output_count_format; break;
                case 'n': {
                        char *end;
                        long v = strtol(optarg, &end, 10);
                        if (*optarg == '\0' || *end || v < 0 || v > 100000)
                                return cli_usage_error("analyze", _("invalid number '%s'"), optarg);
                        o.top = (int)v;
                        break;
                }
                case 'B':
                        if (parse_boot_time(optarg, &o.boot_us) < 0)
                                return cli_usage_error("analyze", _("invalid boot time '%s' (epoch seconds or ISO 8601 with offset)"), optarg);
                        o.have_boot = true;
                        break;
                case 'D': {
                        struct log_stamp t;
                        char iso[40];
                        snprintf(iso, sizeof(iso), "%.10sT23:59:59Z", optarg);
                        if (strlen(optarg) != 10 || log_time_parse_iso(iso, strlen(iso), &t) != (int)strlen(iso))
                                return cli_usage_error("analyze", _("invalid date '%s' (use YYYY-MM-DD)"), optarg);
                        o.reference_time = t.wall_us / 1000000;
                        break;
                }
                case 'S':
                case 'U': {
                        int64_t us;
                        if (parse_when(optarg, &us) < 0)
                                return cli_usage_error("analyze", _("invalid time '%s' (use YYYY-MM-DD, optionally with HH:MM[:SS] and an offset)"), optarg);
                        if (c == 'S')
                                o.filter.have_since = true, o.filter.since_us = us;
                        else
                                o.filter.have_until = true, o.filter.until_us = us;
                        break;
                }
                case 'H': o.filter.host = optarg; break;
                case 'v': o.filter.victim = optarg; break;
                case 'l':
                case 'w': {
                        size_t v = 1;
                        if (optarg && parse_count(optarg, &v) < 0)
                                return cli_usage_error("analyze", _("invalid number '%s'"), optarg);
                        if (c == 'l')
                                o.filter.last = v;
                        else
                                o.filter.worst = v;
                        break;
                }
                case 'q': o.quiet = true; break;
                case 'h': usage(stdout); return EXIT_FOUND;
                default: cli_try_help("analyze"); return EXIT_USAGE;
                }
        }

        struct analysis a = { 0 };
        struct log_read_options ro = { .root = common.root, .have_boot = o.have_boot, .boot_us = o.boot_us,
                                       .quiet = o.quiet, .reference_time = o.reference_time };
        if (optind >= argc) {
                log_read_local(&a.logs, &ro);
        } else {
                for (int i = optind; i < argc; i++)
                        log_read_path(&a.logs, argv[i], &ro);
        }
        event_list_finish(&a.logs.events);
        event_list_filter(&a.logs.events, &o.filter);
        /* the timeline only for a format that shows it (not --count: two
         * more read-back passes over a million events for nothing) */
        if (a.logs.events.error == -ENOMEM ||
            (o.format->timeline && timeline_build(&a.logs.events, &a.timeline) < 0)) {
                cli_error("oomlens", "%s", _("out of memory"));
                analysis_free(&a);
                return EXIT_INTERNAL;
        }

        struct output_options oo = { .top_tasks = o.top, .pretty = o.pretty };
        oo.color = terminal_use_color(common.color);
        oo.width = (int)terminal_width();  /* at most 65535 columns */
        int r = output_run(o.format, stdout, &a, &oo);
        int status = log_set_status(&a.logs);
        if (fflush(stdout) != 0 || ferror(stdout)) {
                status = EXIT_INTERNAL; /* said once by main() */
        } else if (r < 0 || a.logs.events.error < 0) {
                /* the scratch file of spilled events failed (a full disk) */
                cli_error("oomlens", "%s: %s", _("the events set aside in a temporary file could not be read back"),
                          strerror(-(r < 0 ? r : a.logs.events.error)));
                status = EXIT_INTERNAL;
        }
        analysis_free(&a);
        return status;
}
