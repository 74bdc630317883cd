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

/* One run of a format over an analysis. */
struct output_run {
        FILE *out;
        struct analysis *a;
        const struct output_options *o;
        void *state;             /* the format's own, set by begin, freed by end */
};

/* A format: begin, then event for every event (analysed once by the
 * analysis walk), then end with the findings merged across events (when
 * MERGES; else empty).  end is called even when begin or an event failed.
 * Each returns 0 or -errno. */
struct output_format {
        const char *name;        /* --format NAME */
        int (*begin)(struct output_run *r);
        int (*event)(struct output_run *r, const struct analyzed_event *ev);
        int (*end)(struct output_run *r, const struct merged_findings *all);
        bool merges;
        bool timeline;           /* shows incidents and findings: the caller builds a->timeline */
};

extern const struct output_format output_text_format, output_json_format, output_markdown_format,
        output_postmortem_format, output_count_format;

/* The format called NAME ("text", "json", "markdown", "postmortem", "count"), or NULL. */
const struct output_format *output_format_find(const char *name);
/* Writes the document of A in format F; 0 or -errno (a write error, or the
 * events' scratch file unreadable). */
int output_run(const struct output_format *f, FILE *out, struct analysis *a, const struct output_options *o);

/* The same, by format (tests and fuzz targets). */
int output_json(FILE *out, struct analysis *a, const struct output_options *o);
int output_text(FILE *out, struct analysis *a, const struct output_options *o);
/* Markdown report, or (AS_POSTMORTEM) an incident postmortem draft. */
int output_markdown(FILE *out, struct analysis *a, const struct output_options *o, bool as_postmortem);

/* Shared helpers of the formats (output_common.c). */
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

/* "params": an object of a finding's typed parameters (finding_params.h):
 * numbers as numbers (null when unknown), strings escaped as every JSON
 * string is (json_writer.h). */
struct json_writer;
void json_params(struct json_writer *w, const struct finding_params *ps);

/* Names of the parts in MASK (enum oom_part), for "missing". */
const char *part_name(unsigned part);
