/* findings.h — root-cause hypotheses for one OOM event, each with a
 * stable id, a confidence, the log lines that support it, what would refute
 * it, and remedies computed from the event's own numbers.  Decided from the
 * event, the timeline of the whole input, and the previous report of the
 * same host (to see which process grew).  Texts go through gettext.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "event_list.h"
#include "badness.h"
#include "memory_report.h"
#include "timeline.h"
#include "finding_params.h"

enum finding_confidence {
        CONFIDENCE_LOW,
        CONFIDENCE_MEDIUM,
        CONFIDENCE_HIGH,
};

#define FINDING_MAX_EVIDENCE 6
#define FINDING_MAX_REMEDIES 4

struct finding {
        const char *id;                 /* stable: "dominant_process", "memcg_limit", … */
        enum finding_confidence confidence;
        int64_t evidence[FINDING_MAX_EVIDENCE]; /* line numbers in the event's source file */
        size_t n_evidence;
        /* the sentences, whole whatever the names and paths in them (owned,
         * never NULL once findings_compute() returned) */
        char *summary;
        char *refute;                   /* what would show the hypothesis wrong; "" if nothing */
        char *remedies[FINDING_MAX_REMEDIES];
        size_t n_remedies;
        struct finding_params params;   /* the sentence's facts as data (JSON "params") */
};

struct findings {
        struct finding *items;          /* most confident first */
        size_t n;
        bool have_memory;
        struct memory_report memory;    /* where the memory went (the rules' numbers) */
        bool have_badness;
        struct badness_result badness;  /* the kernel's choice recomputed */
};

/* Which process grew the most between one report and the next report of
 * the same host (found by findings_prepare()). */
struct grower {
        bool known;
        int64_t pid, before_pages, after_pages, line_before, line_after, page_size_kb;
        char comm[OOM_COMM_MAX];
};

/* Decides the findings of event E (index EVENT_INDEX of timeline T; T may
 * be NULL).  GROWER (may be NULL) is what grew between E and the next
 * report of its host.  Returns 0 or -ENOMEM. */
int findings_compute(const struct oom_event *e, const struct timeline *t, size_t event_index,
                     const struct grower *grower, struct findings *ret);
void findings_free(struct findings *f); /* NULL-safe */
void finding_free(struct finding *x);   /* the texts of one finding */

const char *confidence_name(enum finding_confidence c); /* "high", "medium", "low" */

/* The findings of every event of an analysis: findings_prepare() reads the
 * events once to compare each task table with the next one of the same
 * host; findings_next() then decides event INDEX. */
struct findings_walk {
        struct grower *growers;         /* one per event */
        size_t n;
};
int findings_prepare(struct findings_walk *w, struct event_list *l);
int findings_next(struct findings_walk *w, const struct oom_event *e, const struct timeline *t, size_t index,
                  struct findings *ret);
void findings_walk_free(struct findings_walk *w);

/* The most likely cause in a few words (translated), for headlines. */
const char *findings_cause(const struct findings *f);
