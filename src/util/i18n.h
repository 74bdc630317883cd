/* i18n.h — gettext set-up.  Messages are marked _("…") and translated
 * through the "oomlens" domain; zh_CN is maintained in po/. */
#pragma once

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

/* Picks the locale from the environment, applies --lang (LANG_OPT may be
 * NULL) through LANGUAGE, and falls back to C.UTF-8 when the wanted locale
 * is not installed (these machines have no zh_CN.UTF-8) so that UTF-8
 * translations still show.  The catalogue is looked up in
 * $OOMLENS_LOCALEDIR, then next to the binary (build tree), then LOCALEDIR. */
void i18n_init(const char *lang_opt);
