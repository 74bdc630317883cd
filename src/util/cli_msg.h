/* cli_msg.h — every message on standard error: "oomlens: " (or "oomlens
 * top: "), the message, a newline, with whatever it quotes from outside
 * (argv, file names, paths found by globbing a --root tree, /proc
 * contents) escaped for the terminal by escape_terminal(), so that a file
 * name holding "\e]52;c;...\a" or "\e[2J" shows as text instead of writing
 * to the clipboard or clearing the screen.  Also getopt's errors, which
 * glibc would print with the option unescaped.
 */
#pragma once

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>

/* Formats FMT and its arguments as printf does (positional arguments
 * too), then writes "PROG: ", the whole message escaped by
 * escape_terminal() and "\n" to OUT.  The program's own text, translations
 * included, is printable and comes out as it is: only bytes of the
 * arguments change.  FMT must not hold a newline (it would show as \n):
 * write a second line with its own call. */
void cli_vmessage(FILE *out, const char *prog, const char *fmt, va_list ap) __attribute__((format(printf, 3, 0)));

/* cli_vmessage() to standard error. */
void cli_error(const char *prog, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* getopt_long() with glibc's own messages off (opterr = 0).  When it
 * returns '?' (an unknown option, a missing argument, an argument given to
 * an option that takes none) the option is named on standard error through
 * cli_error(), as PROG; the caller then prints its usage. */
int cli_getopt(const char *prog, int argc, char **argv, const char *shortopts, const struct option *longopts);

/* A bad command line: "oomlens CMD: MESSAGE" (escaped as cli_error does)
 * and "Try 'oomlens CMD --help'." on standard error, the one style of
 * every command; CMD NULL for oomlens itself.  Returns EXIT_USAGE, for
 * `return cli_usage_error(...)`. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The "Try 'oomlens CMD --help'." line alone (after getopt's message). */
void cli_try_help(const char *cmd);

/* The options every command takes: --color, --lang and --root, parsed
 * once here (getopt codes 'K', 'L', 'R' in each command's table). */
#define CLI_COMMON_OPTIONS                                                              \
        { "color", required_argument, NULL, 'K' }, { "lang", required_argument, NULL, 'L' }, \
        { "root", required_argument, NULL, 'R' }

struct cli_common {
        int color;                /* enum terminal_color */
        const char *root;         /* --root, or NULL */
};

/* Handles getopt code C (with OPTARG) when it is a common option: returns
 * 1 when handled, 0 when C is not one, or EXIT_USAGE after the message for
 * a bad value (CMD as for cli_usage_error()). */
int cli_common_option(const char *cmd, int c, const char *optarg, struct cli_common *co);
