/* commands.h — the cli layer: the subcommands, one file each
 * (cmd_<name>.c), dispatched by main.c, which also checks standard output
 * once at exit.  Each takes its own argv (argv[0] is the command name) and
 * returns an enum exit_code.  May call every layer; no command calls
 * another command's file (layer-check-cli-NAME). */
#pragma once

int cmd_analyze(int argc, char **argv);
int cmd_top(int argc, char **argv);
int cmd_check(int argc, char **argv);
