/* main.c — the oomlens command line: global options and dispatch to one
 * subcommand per file (cmd_<name>.c), git-style.  Bare `oomlens` analyzes
 * this machine's own logs; `oomlens FILE…` is `oomlens analyze FILE…`. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli_msg.h"
#include "commands.h"
#include "config.h"
#include "exit_codes.h"
#include "i18n.h"

struct command {
        const char *name;
        int (*run)(int argc, char **argv);
        const char *summary;
};

static const struct command commands[] = {
        { "analyze", cmd_analyze, N_("find and explain OOM kills in kernel logs (default)") },
        { "top", cmd_top, N_("who the OOM killer would kill next, per machine and per cgroup") },
        { "check", cmd_check, N_("audit this machine for settings that invite the next OOM kill") },
};

static void usage(FILE *out) {
        fprintf(out, "%s\n", _("Usage: oomlens [COMMAND] [OPTION]... [FILE|-]..."));
        fprintf(out, "%s\n\n", _("Find out what the kernel's OOM killer killed, when and why."));
        fprintf(out, "%s\n", _("Commands:"));
        for (size_t i = 0; i < sizeof(commands) / sizeof(*commands); i++)
                fprintf(out, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
        fprintf(out, "\n%s\n", _("Options:"));
        fprintf(out, "%s\n", _("  -h, --help     show this help (oomlens COMMAND --help for a command's options)"));
        fprintf(out, "%s\n\n", _("  -V, --version  show the version"));
        fprintf(out, "%s\n", _("With no command, oomlens analyzes this machine's logs: /dev/kmsg, the systemd"));
        fprintf(out, "%s\n", _("journal and /var/log/{messages,syslog,kern.log}*."));
}

static const struct command *find_command(const char *name) {
        for (size_t i = 0; i < sizeof(commands) / sizeof(*commands); i++)
                if (strcmp(commands[i].name, name) == 0)
                        return &commands[i];
        return NULL;
}

/* Standard output is checked once, at the end, for every command and
 * every path (help and version too), the way util-linux's close_stdout()
 * does: a full disk gives one message and status 70, never a silent 0.
 * A closed pipe ends oomlens by SIGPIPE, as it does grep and jq. */
static int close_stdout(const char *cmd, int status) {
        int err = 0; /* -1: failed earlier, the reason is gone */
        errno = 0;
        if (fflush(stdout) != 0)
                err = errno ? errno : -1;
        else if (ferror(stdout))
                err = -1;
        if (fclose(stdout) != 0 && !err)
                err = errno ? errno : -1;
        if (!err)
                return status;
        fprintf(stderr, "oomlens%s%s: %s%s%s\n", cmd ? " " : "", cmd ? cmd : "", _("write error on standard output"),
                err > 0 ? ": " : "", err > 0 ? strerror(err) : "");
        return EXIT_INTERNAL;
}

static int run(int argc, char **argv) {
        if (argc < 2)
                return cmd_analyze(1, (char *[]){ (char *)"analyze", NULL });
        const char *arg = argv[1];
        if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0 || strcmp(arg, "help") == 0) {
                usage(stdout);
                return EXIT_FOUND;
        }
        if (strcmp(arg, "-V") == 0 || strcmp(arg, "--version") == 0) {
                printf("oomlens %s\n", VERSION);
                return EXIT_FOUND;
        }
        const struct command *cmd = find_command(arg);
        if (cmd)
                return cmd->run(argc - 1, argv + 1);
        /* `oomlens FILE…` and `oomlens --format json` mean analyze */
        struct stat st;
        if (arg[0] == '-' || stat(arg, &st) == 0) {
                argv[0] = (char *)"analyze";
                return cmd_analyze(argc, argv);
        }
        cli_error("oomlens", _("unknown command or file '%s'"), arg);
        fprintf(stderr, "%s\n", _("Try 'oomlens --help'."));
        return EXIT_USAGE;
}

int main(int argc, char **argv) {
        i18n_init(NULL);
        const struct command *cmd = argc >= 2 ? find_command(argv[1]) : NULL;
        int status = run(argc, argv);
        return close_stdout(cmd ? cmd->name : argc < 2 || argv[1][0] == '-' ? NULL : "analyze", status);
}
