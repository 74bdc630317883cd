/* terminal.h — what standard output is: whether it gets colours (a
 * terminal, no NO_COLOR, not TERM=dumb, or --color=always) and how wide it
 * is; and the --color option every text-printing command takes. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

enum terminal_color { TERMINAL_COLOR_AUTO = 0, TERMINAL_COLOR_ALWAYS = 1, TERMINAL_COLOR_NEVER = -1 };

/* "auto", "always" or "never" into *ret; -EINVAL for anything else (the
 * caller names the option in its message). */
int terminal_parse_color(const char *arg, int *ret);
/* Colours on standard output for a --color value (enum terminal_color). */
bool terminal_use_color(int color_opt);
/* Columns of the terminal on standard output; 0 when it is none, or
 * narrower than 40 (then nothing is wrapped or cut). */
size_t terminal_width(void);

/* The SGR sequences oomlens writes when colour is on (terminal_use_color()),
 * named once here rather than spelt in every output. */
#define SGR_BOLD "\033[1m"
#define SGR_RED "\033[31m"
#define SGR_BOLD_RED "\033[1;31m"
#define SGR_YELLOW "\033[33m"
#define SGR_DIM "\033[2m"
#define SGR_RESET "\033[0m"
/* cursor home and clear to the end of the screen: top -d redrawing in place */
#define TERM_HOME_CLEAR "\033[H\033[J"
