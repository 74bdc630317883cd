/* i18n.c — locale and message catalogue selection (see i18n.h). */
#include "i18n.h"

#include <limits.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"

static const char *catalogue_dir(char *buf, size_t size) {
        const char *env = getenv("OOMLENS_LOCALEDIR");
        if (env && env[0])
                return env;
        /* build tree: <builddir>/oomlens with catalogues in <builddir>/po */
        ssize_t n = readlink("/proc/self/exe", buf, size - 1);
        if (n > 0) {
                buf[n] = '\0';
                char *slash = strrchr(buf, '/');
                if (slash && (size_t)(slash - buf) + 40 < size) {
                        strcpy(slash, "/po/zh_CN/LC_MESSAGES/oomlens.mo");
                        if (access(buf, R_OK) == 0) {
                                strcpy(slash, "/po");
                                return buf;
                        }
                }
        }
        return LOCALEDIR;
}

void i18n_init(const char *lang_opt) {
        if (lang_opt && lang_opt[0])
                setenv("LANGUAGE", lang_opt, 1);
        if (!setlocale(LC_ALL, "")) {
                /* the wanted locale is not generated: keep UTF-8 output */
                if (!setlocale(LC_ALL, "C.UTF-8"))
                        setlocale(LC_ALL, "C");
        }
        /* gettext ignores LANGUAGE in the plain "C" locale */
        const char *cur = setlocale(LC_MESSAGES, NULL);
        if (getenv("LANGUAGE") && cur && strcmp(cur, "C") == 0)
                setlocale(LC_MESSAGES, "C.UTF-8");
        /* numbers in our output never follow LC_NUMERIC */
        setlocale(LC_NUMERIC, "C");
        char buf[PATH_MAX];
        bindtextdomain(PACKAGE, catalogue_dir(buf, sizeof(buf)));
        bind_textdomain_codeset(PACKAGE, "UTF-8");
        textdomain(PACKAGE);
}
