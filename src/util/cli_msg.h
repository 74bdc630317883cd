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
