/* finding_params.c — the typed parameters of a finding (finding_params.h). */
#include "finding_params.h"

#include <stdlib.h>
#include <string.h>

#include "event.h"

static struct finding_param *slot(struct finding_params *ps, const char *name) {
        for (size_t i = 0; i < ps->n; i++)
                if (strcmp(ps->p[i].name, name) == 0) {
                        free(ps->p[i].str);
                        ps->p[i].str = NULL;
                        return &ps->p[i];
                }
        if (ps->n == FINDING_MAX_PARAMS)
                return NULL;
        return &ps->p[ps->n++];
}

void param_int(struct finding_params *ps, const char *name, int64_t v) {
        struct finding_param *p = slot(ps, name);
        if (p)
                *p = (struct finding_param){ .name = name, .type = PARAM_INT, .num = v };
}

void param_str(struct finding_params *ps, const char *name, const char *s) {
        struct finding_param *p = slot(ps, name);
        if (p)
                *p = (struct finding_param){ .name = name, .type = PARAM_STRING, .str = s ? xstrdup(s) : NULL };
}

void params_free(struct finding_params *ps) {
        for (size_t i = 0; i < ps->n; i++)
                free(ps->p[i].str);
        ps->n = 0;
}

void params_copy(struct finding_params *dst, const struct finding_params *src) {
        *dst = *src;
        for (size_t i = 0; i < src->n; i++)
                dst->p[i].str = src->p[i].str ? xstrdup(src->p[i].str) : NULL;
}
