/* event_list.h — all events of one analysis: collected from every source,
 * duplicates merged (the same kill quoted twice in a ticket, or seen in both
 * /dev/kmsg and the journal), wall-clock time completed from monotonic time
 * where a boot time is known, and sorted in time order.
 *
 * Memory stays bounded whatever the number of reports: each event keeps a
 * small key (what de-duplication and ordering need) in memory, and once
 * the events held exceed EVENT_LIST_MEMORY their full bodies go to an
 * unlinked scratch file (event_spill.c) and are read back one at a time.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "event.h"

#define EVENT_LIST_MEMORY (4u << 20)

/* What de-duplication and ordering look at, and the fields a merge
 * changes; it is authoritative over the stored event's copies. */
struct event_key {
        int64_t victim_pid, victim_anon_rss_kb, victim_total_vm_kb;
        int64_t victim_rss_kb;           /* anon + file + shmem, for --worst */
        char victim_comm[OOM_COMM_MAX];
        char host[LOG_HOST_MAX];
        int64_t mono_us, wall_us, source_line;
        int tz_off_min;
        bool has_wall, tz_known, year_inferred, wall_from_mono;
        char *source_file;
        int richness;
        int n_duplicates;
        bool reaped;
        int64_t reaped_pid, reaped_anon_rss_kb, reaped_file_rss_kb, reaped_shmem_rss_kb;
};

struct event_slot {
        struct event_key key;
        struct oom_event *e;      /* in memory, or NULL when spilled */
        long offset;              /* its place in the scratch file */
};

struct event_list {
        struct event_slot *slots;
        size_t n, cap;
        size_t held_bytes;        /* footprint of the events in memory */
        FILE *spill;              /* scratch file, created on demand */
        struct oom_event *loaded; /* the last event read back */
        int error;                /* -errno of a failed spill or read-back */
        size_t memory_limit;      /* 0: EVENT_LIST_MEMORY; tests set 1 (spill all) or SIZE_MAX */
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

/* Which events to keep (analyze's --since, --until, --host, --victim,
 * --last, --worst).  Unset members keep everything. */
struct event_filter {
        bool have_since, have_until;
        int64_t since_us, until_us;   /* compared with the events' UTC time; events without wall time fail both */
        const char *host;             /* exact host name */
        const char *victim;           /* comm, or a pid in decimal */
        size_t last;                  /* the N latest (0 = all) */
        size_t worst;                 /* the N whose victims held the most memory (0 = all) */
};

/* Drops the events the filter rejects; call after event_list_finish(). */
void event_list_filter(struct event_list *l, const struct event_filter *f);

static inline size_t event_list_count(const struct event_list *l) { return l->n; }

/* Event I (borrowed).  A spilled event is read back, and its pointer is
 * valid only until the next call; NULL if it could not be read back. */
const struct oom_event *event_list_get(struct event_list *l, size_t i);

void event_list_clear(struct event_list *l);
