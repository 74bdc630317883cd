/* cli_msg.c — messages on standard error with the quoted parts escaped,
 * and getopt's errors in the same way (contracts in cli_msg.h). */
#include "cli_msg.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "exit_codes.h"
#include "i18n.h"
#include "terminal.h"

void cli_vmessage(FILE *out, const char *prog, const char *fmt, va_list ap) {
        char *msg = NULL;
        int n = vasprintf(&msg, fmt, ap);
        fprintf(out, "%s: ", prog);
        if (n >= 0)
                escape_terminal(out, msg, (size_t)n);
        else
                fputs(_("out of memory"), out);
        fputc('\n', out);
        free(msg);
}

void cli_error(const char *prog, const char *fmt, ...) {
        va_list ap;
        va_start(ap, fmt);
        cli_vmessage(stderr, prog, fmt, ap);
        va_end(ap);
}

static bool takes_argument(const char *shortopts, int c) {
        const char *p = c > 0 && c != ':' ? strchr(shortopts, c) : NULL;
        return p && p[1] == ':';
}

/* What getopt rejected in ELEM (the argument it was reading). */
static void bad_option(const char *prog, const char *elem, const char *shortopts) {
        if (strncmp(elem, "--", 2) == 0) {
                size_t name = strcspn(elem, "=");
                if (optopt == 0)
                        cli_error(prog, _("unknown or ambiguous option '%.*s'"), (int)name, elem);
                else if (elem[name] == '=')
                        cli_error(prog, _("option '%.*s' takes no argument"), (int)name, elem);
                else
                        cli_error(prog, _("option '%s' needs an argument"), elem);
        } else if (takes_argument(shortopts, optopt)) {
                cli_error(prog, _("option '-%c' needs an argument"), optopt);
        } else {
                cli_error(prog, _("unknown option '-%c'"), optopt);
        }
}

int cli_getopt(const char *prog, int argc, char **argv, const char *shortopts, const struct option *longopts) {
        int before = optind;
        opterr = 0;
        int c = getopt_long(argc, argv, shortopts, longopts, NULL);
        if (c == '?') {
                /* the argument getopt was in: left behind, or still being read (-zq) */
                int at = optind > before ? optind - 1 : optind;
                bad_option(prog, at < argc && argv[at] ? argv[at] : "?", shortopts);
        }
        return c;
}

int cli_usage_error(const char *cmd, const char *fmt, ...) {
        char prog[64];
        snprintf(prog, sizeof(prog), "oomlens%s%s", cmd ? " " : "", cmd ? cmd : "");
        va_list ap;
        va_start(ap, fmt);
        cli_vmessage(stderr, prog, fmt, ap);
        va_end(ap);
        cli_try_help(cmd);
        return EXIT_USAGE;
}

void cli_try_help(const char *cmd) {
        if (cmd)
                fprintf(stderr, _("Try 'oomlens %s --help'."), cmd);
        else
                fputs(_("Try 'oomlens --help'."), stderr);
        fputc('\n', stderr);
}

int cli_common_option(const char *cmd, int c, const char *optarg, struct cli_common *co) {
        switch (c) {
        case 'K':
                if (terminal_parse_color(optarg, &co->color) < 0)
                        return cli_usage_error(cmd, _("invalid --color '%s' (use auto, always or never)"), optarg);
                return 1;
        case 'L':
                i18n_init(optarg);
                return 1;
        case 'R':
                co->root = optarg;
                return 1;
        }
        return 0;
}
