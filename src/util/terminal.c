/* terminal.c — colours and width of standard output (see terminal.h). */
#include "terminal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

int terminal_parse_color(const char *arg, int *ret) {
        if (strcmp(arg, "auto") == 0)
                *ret = TERMINAL_COLOR_AUTO;
        else if (strcmp(arg, "always") == 0)
                *ret = TERMINAL_COLOR_ALWAYS;
        else if (strcmp(arg, "never") == 0)
                *ret = TERMINAL_COLOR_NEVER;
        else
                return -EINVAL;
        return 0;
}

/* NO_COLOR (no-color.org) and TERM=dumb turn automatic colours off. */
bool terminal_use_color(int color_opt) {
        if (color_opt != TERMINAL_COLOR_AUTO)
                return color_opt == TERMINAL_COLOR_ALWAYS;
        const char *term = getenv("TERM"), *no_color = getenv("NO_COLOR");
        return isatty(STDOUT_FILENO) && !(no_color && *no_color) && !(term && strcmp(term, "dumb") == 0);
}

size_t terminal_width(void) {
        struct winsize ws;
        if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40)
                return ws.ws_col;
        return 0;
}
