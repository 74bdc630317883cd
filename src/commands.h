/* commands.h — the subcommands, one file each (cmd_<name>.c), dispatched
 * by main.c.  Each takes its own argv (argv[0] is the command name) and
 * returns an enum exit_code. */
#pragma once

int cmd_analyze(int argc, char **argv);
int cmd_top(int argc, char **argv);
int cmd_check(int argc, char **argv);
