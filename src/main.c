/* main.c — the oomlens command line: global options and dispatch to one
 * subcommand per file (cmd_<name>.c), git-style.  Bare `oomlens` analyzes
 * this machine's own logs; `oomlens FILE…` is `oomlens analyze FILE…`. */
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

int main(int argc, char **argv) {
        i18n_init(NULL);
        if (argc < 2)
                return cmd_analyze(1, (char *[]){ (char *)"analyze", NULL });
        const char *arg = argv[1];
        if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0 || strcmp(arg, "help") == 0) {
                usage(stdout);
                return fflush(stdout) == 0 ? EXIT_FOUND : EXIT_INTERNAL;
        }
        if (strcmp(arg, "-V") == 0 || strcmp(arg, "--version") == 0) {
                printf("oomlens %s\n", VERSION);
                return fflush(stdout) == 0 ? EXIT_FOUND : EXIT_INTERNAL;
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
