/* report_parse.h — the report state machine: turns a stream of logical
 * kernel lines (log_line.h) into OOM events (event.h).
 *
 * It keeps one report in progress per host (a central syslog interleaves
 * many), attaches late lines (oom_reaper, panics, memory.oom.group kills) to
 * the event they belong to, closes reports that were cut off and marks them
 * incomplete, and turns header-less kill lines (rate-limited reports,
 * `dmesg -l err`) into minimal events.  Pure: no I/O.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "event.h"
#include "log_line.h"

/* Receives each finished event; the callee owns it (event_free). */
typedef void (*event_sink)(struct oom_event *e, void *userdata);

struct report_parser;

/* SOURCE_NAME is copied into every event's source.file. */
struct report_parser *report_parser_new(const char *source_name, event_sink sink, void *userdata);

/* Feeds one logical line; LINENO is its 1-based line number in the source. */
void report_parser_line(struct report_parser *p, const struct log_line *line, int64_t lineno);

/* True while a report is open: the caller must then feed every line, not
 * only the lines its fast scan flags. */
bool report_parser_busy(const struct report_parser *p);

/* Ends the input: open reports are closed (incomplete) and everything is
 * delivered to the sink. */
void report_parser_finish(struct report_parser *p);

void report_parser_free(struct report_parser *p); /* NULL-safe; finishes first */
