/* timeline.h — all the events of one analysis seen together: kills close
 * in time on one host grouped into incidents (a storm is one incident of
 * many kills), the history of each repeatedly killed process (how often,
 * in which cgroup, its RSS at each kill), and the time of day incidents
 * start at.  Built from the event list in two passes that read the
 * events back; keeps only summaries, linear in the number of events.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event_list.h"

/* Kills of one host less than this apart belong to the same incident. */
#define TIMELINE_STORM_GAP_US (60 * INT64_C(1000000))
#define TIMELINE_MAX_VICTIMS 100        /* repeat victims kept: the most killed */

/* One kill as the timeline sees it, filled on demand from its event
 * (timeline_entry()); the strings point into that event. */
struct timeline_entry {
        size_t event;                   /* index in the event list */
        const char *host;
        bool has_wall;
        int64_t utc_us;                 /* wall time for ordering (zone-less stamps as they are) */
        int64_t mono_us;
        int64_t victim_pid;
        const char *victim_comm;
        int64_t victim_rss_kb;
        enum oom_constraint constraint;
        const char *memcg;              /* the cgroup whose limit was hit, NULL if none or unknown */
        bool headerless;                /* the kernel printed only the kill line */
        size_t incident;                /* index in incidents */
};

struct incident {
        const char *host;               /* owned by the timeline */
        size_t first, last;             /* events */
        size_t kills;
        bool has_wall;
        int64_t start_us, end_us;       /* wall, or monotonic when the log has only that */
};

struct victim_history {
        char comm[OOM_COMM_MAX];
        size_t kills;
        size_t first, last;             /* events */
        bool first_has_wall, last_has_wall;
        int64_t first_utc_us, last_utc_us;
        bool one_memcg;                 /* every kill in the same (non-empty) cgroup */
        bool memcgs_differ;             /* kills in different cgroups (or some in one, some in none) */
        char *memcg;                    /* owned; NULL when not one_memcg */
        int64_t rss_first_kb, rss_last_kb, rss_max_kb;
        bool rss_growing;               /* each kill held more than the one before, overall +20 % or more */
};

/* Memory: 4 bytes an event, one struct per incident, and at most
 * TIMELINE_MAX_VICTIMS histories; building reads every event back twice
 * and needs 32 bytes per distinct comm while it runs. */
struct timeline {
        uint32_t *incident_of;          /* per event: its incident */
        size_t n;                       /* events */
        struct incident *incidents;
        size_t n_incidents, cap_incidents;
        struct victim_history *victims; /* killed more than once, most kills first */
        size_t n_victims;
        char **hosts;                   /* the incidents' host names, each once */
        size_t n_hosts;
        /* recurrence: the hour-of-day window where incidents cluster */
        bool recurring;
        int recurring_hour;             /* 0-23: incidents start between HH:00 and HH:59 ... */
        int recurring_minute;           /* ... within ±30 min of HH:MM */
        size_t recurring_days;          /* on this many distinct days */
};

/* Builds the timeline of the (finished, filtered) event list L.  Returns 0
 * or -ENOMEM; events that cannot be read back are skipped. */
int timeline_build(struct event_list *l, struct timeline *ret);

/* Event I of L as a timeline entry (I < t->n).  Returns false when the
 * event cannot be read back.  The strings are valid until the next
 * event_list_get(). */
bool timeline_entry(const struct timeline *t, struct event_list *l, size_t i, struct timeline_entry *ret);
void timeline_free(struct timeline *t); /* NULL-safe */
