/* output.h — the output layer: every document oomlens writes.  The
 * interface every analyze format implements: one analysis (the events plus
 * what was read) in, one document out; and top's tables (top_output.h).
 * Formats know the event model and the analysis, nothing about parsing.
 * May call: analysis, live, input (time formatting), parse, model, util.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "analysis.h"

struct output_options {
        int top_tasks;           /* rows of the task table in text output */
        bool pretty;             /* JSON indentation */
        bool color;              /* ANSI colours (a terminal, NO_COLOR unset) */
        int width;               /* wrap long sentences at this many columns; 0 = never */
};

int output_json(FILE *out, struct analysis *a, const struct output_options *o);
int output_text(FILE *out, struct analysis *a, const struct output_options *o);
/* Markdown report, or (AS_POSTMORTEM) an incident postmortem draft. */
int output_markdown(FILE *out, struct analysis *a, const struct output_options *o, bool as_postmortem);

/* Shared helpers of the formats (output_common in output_json.c). */
/* ISO-8601 time of the event ("2023-11-27T21:02:21", "+01:00" when the
 * zone is known, ".123456" when the log had sub-seconds); false if unknown. */
bool event_time_iso(const struct oom_event *e, char *buf, size_t size);
/* The allocation flags of the trigger: as printed (4.5+), or decoded from
 * the bare mask with the table of the kernel generation (RET_DECODED). */
bool event_gfp_names(const struct oom_event *e, char *buf, size_t size, bool *ret_decoded);
/* One sentence a person can paste into chat: who was killed, when, where,
 * in which scope, how much it held, and the most likely cause.  The names
 * from the log are copied as they are (raw bytes, cut to fit): each format
 * escapes the sentence as it escapes them (escape.h, json_writer.h). */
void event_headline(const struct oom_event *e, const struct findings *f, char *buf, size_t size);

/* Names of the parts in MASK (enum oom_part), for "missing". */
const char *part_name(unsigned part);
