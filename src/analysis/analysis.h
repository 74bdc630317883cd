/* analysis.h — the analysis layer: what oomlens concludes from the events
 * of a log set — the kernel's choice recomputed (badness.h), where the
 * memory went (memory_report.h), root causes (findings.h), incidents and
 * repeat victims (timeline.h), the kill tally for check (log_tally.h).
 * May call: input (log_tally reads logs), parse, model, util; never an
 * output, never the CLI.
 */
#pragma once

#include "findings.h"
#include "log_reader.h"
#include "timeline.h"

/* One analysis: the logs read, then (after filtering) their timeline. */
struct analysis {
        struct log_set logs;
        struct timeline timeline;    /* built after filtering */
};

void analysis_free(struct analysis *a);
