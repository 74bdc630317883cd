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

/* One event of an analysis with everything concluded about it, computed
 * once and handed to every output: its findings, the kernel's choice
 * recomputed and where the memory went (inside struct findings).  Valid
 * until the next analysis_next(): a spilled event is read back each time. */
struct analyzed_event {
        size_t index, count;            /* this is event INDEX of COUNT */
        const struct oom_event *event;
        struct findings findings;
};

struct analysis_walk {
        struct analysis *a;
        struct findings_walk fw;
        size_t next;
        struct analyzed_event cur;
        bool have_cur;
};

/* Starts a walk over the events of A (finished, filtered, timeline built).
 * 0 or -ENOMEM. */
int analysis_begin(struct analysis *a, struct analysis_walk *w);
/* The next event: 1 and *RET, or 0 at the end.  An event that cannot be
 * read back or analysed is skipped (the list's error says why). */
int analysis_next(struct analysis_walk *w, const struct analyzed_event **ret);
void analysis_end(struct analysis_walk *w);

/* The distinct findings of all the events walked (by id, the first
 * occurrence), most confident first, each with the file its evidence is
 * in: what the postmortem's root cause cites. */
struct merged_findings {
        struct finding *items;
        char **files;
        size_t n, cap;
};
void merged_findings_add(struct merged_findings *m, const struct analyzed_event *ev);
void merged_findings_sort(struct merged_findings *m);
void merged_findings_free(struct merged_findings *m);
