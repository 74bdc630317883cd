/* event_list.h — all events of one analysis: collected from every source,
 * duplicates merged (the same kill quoted twice in a ticket, or seen in both
 * /dev/kmsg and the journal), wall-clock time completed from monotonic time
 * where a boot time is known, and sorted in time order per host.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"

struct event_list {
        struct oom_event **items;
        size_t n, cap;
};

/* Takes ownership of E.  Usable directly as a report_parser event_sink. */
void event_list_add(struct oom_event *e, void *list);

/* For events without wall time but with monotonic time: wall = BOOT_US +
 * mono (µs since the epoch), marked as converted.  Only events whose
 * source_file equals SOURCE (or all, when SOURCE is NULL). */
void event_list_apply_boot_time(struct event_list *l, const char *source, int64_t boot_us);

/* Merges duplicates and sorts.  Two events are the same kill when host,
 * victim pid and comm and the kill line's numbers agree and their times (if
 * both known) are within a few seconds; the fuller one is kept and counts
 * the other in n_duplicates. */
void event_list_finish(struct event_list *l);

void event_list_clear(struct event_list *l);
