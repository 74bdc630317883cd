/* analysis.c — the lifetime of one analysis (analysis.h). */
#include "analysis.h"

void analysis_free(struct analysis *a) {
        log_set_free(&a->logs);
        timeline_free(&a->timeline);
}
