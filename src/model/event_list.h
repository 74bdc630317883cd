/* event_list.h — all events of one analysis: collected from every source,
 * duplicates merged (the same kill quoted twice in a ticket, or seen in both
 * /dev/kmsg and the journal), wall-clock time completed from monotonic time
 * where a boot time is known, and sorted in time order.
 *
 * Memory stays bounded whatever the number of reports: each event keeps a
 * 48-byte key (struct event_key) in memory, and once the events held
 * exceed EVENT_LIST_MEMORY their full bodies go to an unlinked scratch
 * file (event_spill.c) and are read back one at a time.  Out of memory
 * while growing the index ends the program with "out of memory" and
 * status 70, as it does in the parser (xrealloc_array()).
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "event.h"

#define EVENT_LIST_MEMORY (4u << 20)

/* The in-memory index of one event: what ordering, de-duplication's first
 * cut and the time filters need, 48 bytes whatever the event holds, so that
 * a million reports cost under 50 MiB.  Everything else (names, host,
 * sizes) stays in the event, which is read back when needed; the key's
 * clock fields are authoritative over the event's (boot times change them). */
struct event_key {
        int64_t where;            /* >= 0: offset in the scratch file; < 0: held[-1 - where] */
        int64_t mono_us, wall_us; /* OOM_UNSET when unknown; wall valid with KEY_HAS_WALL */
        int32_t victim_pid;       /* -1: unknown or beyond any pid */
        uint32_t comm_hash;       /* of the victim's comm: candidates for a merge */
        uint32_t size_hash;       /* of the kill line's total-vm and anon-rss; 0: not printed */
        uint32_t source_line;     /* saturated: only a tie-break */
        uint32_t source;          /* index in event_list.sources */
        int16_t tz_off_min;
        uint8_t flags;            /* enum event_key_flag */
};

enum event_key_flag {
        KEY_HAS_WALL = 1u << 0,
        KEY_TZ_KNOWN = 1u << 1,
        KEY_WALL_FROM_MONO = 1u << 2,
        KEY_GONE = 1u << 3,       /* merged into another; released by event_list_finish() */
};

struct event_list {
        struct event_key *slots;
        size_t n, cap;
        char **sources;           /* the source names, each once */
        size_t n_sources;
        struct oom_event **held;  /* the events still in memory */
        size_t n_held, cap_held;
        size_t held_bytes;        /* footprint of the events in memory */
        FILE *spill;              /* scratch file in $TMPDIR (else /tmp), created on demand */
        bool spill_off;           /* it could not be made or written: the events stay in memory */
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
