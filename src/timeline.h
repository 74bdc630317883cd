/* timeline.h — all the events of one analysis seen together: kills close
 * in time on one host grouped into incidents (a storm is one incident of
 * many kills), the history of each repeatedly killed process (how often,
 * in which cgroup, its RSS at each kill), and the time of day incidents
 * start at.  Built from the event list in one pass; keeps only summaries.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event_list.h"

/* Kills of one host less than this apart belong to the same incident. */
#define TIMELINE_STORM_GAP_US (60 * INT64_C(1000000))

struct timeline_entry {
        size_t event;                   /* index in the event list */
        char host[LOG_HOST_MAX];
        bool has_wall;
        int64_t utc_us;                 /* wall time for ordering (zone-less stamps as they are) */
        int64_t mono_us;
        int64_t victim_pid;
        char victim_comm[OOM_COMM_MAX];
        int64_t victim_rss_kb;
        enum oom_constraint constraint;
        char *memcg;                    /* the cgroup whose limit was hit (owned), NULL if none or unknown */
        bool headerless;                /* the kernel printed only the kill line */
        size_t incident;                /* index in incidents */
};

struct incident {
        char host[LOG_HOST_MAX];
        size_t first, last;             /* entries */
        size_t kills;
        bool has_wall;
        int64_t start_us, end_us;       /* wall, or monotonic when the log has only that */
};

struct victim_history {
        char comm[OOM_COMM_MAX];
        size_t kills;
        size_t first, last;             /* entries */
        bool one_memcg;                 /* every kill in the same (non-empty) cgroup */
        char memcg[256];
        int64_t rss_first_kb, rss_last_kb, rss_max_kb;
        bool rss_growing;               /* each kill held more than the one before, overall +20 % or more */
};

struct timeline {
        struct timeline_entry *entries; /* in the event list's (time) order */
        size_t n;
        struct incident *incidents;
        size_t n_incidents;
        struct victim_history *victims; /* killed more than once, most kills first */
        size_t n_victims;
        /* recurrence: the hour-of-day window where incidents cluster */
        bool recurring;
        int recurring_hour;             /* 0-23: incidents start between HH:00 and HH:59 ... */
        int recurring_minute;           /* ... within ±30 min of HH:MM */
        size_t recurring_days;          /* on this many distinct days */
};

/* Builds the timeline of the (finished, filtered) event list L.  Returns 0
 * or -ENOMEM; events that cannot be read back are skipped. */
int timeline_build(struct event_list *l, struct timeline *ret);
void timeline_free(struct timeline *t); /* NULL-safe */
