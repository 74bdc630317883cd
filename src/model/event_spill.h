/* event_spill.h — writes a finished event to a scratch file and reads it
 * back, so that an analysis of a log with thousands of reports keeps only
 * small summaries in memory (event_list.c).  The format is private to one
 * process: raw structs plus their variable parts, never a file format. */
#pragma once

#include <stdio.h>

#include "event.h"

/* Appends E to F.  Returns 0 or -errno. */
int event_spill_write(FILE *f, const struct oom_event *e);

/* Reads back the event written at the current position of F.  Returns 0
 * and a new event in *RET, or -errno (-EBADMSG for a damaged scratch file). */
int event_spill_read(FILE *f, struct oom_event **ret);

/* Approximate heap footprint of E, to decide when to spill. */
size_t event_footprint(const struct oom_event *e);
