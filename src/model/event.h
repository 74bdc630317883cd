/* event.h — the OOM event model: everything one invocation of the kernel's
 * OOM killer left in a log, with the units the kernel printed.
 *
 * Every number is int64_t; OOM_UNSET (INT64_MIN) means "the log does not
 * say" and becomes null in JSON.  Strings copied from the log (comm, cgroup
 * paths, host) are raw bytes of bounded length and hostile: outputs escape
 * them.  The parser (report_parse.c) fills events; analysis and outputs only
 * read them.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "log_line.h"

#define OOM_UNSET INT64_MIN
#define OOM_COMM_MAX 64      /* comm is 15 bytes in the kernel; room for odd logs */
#define OOM_ZONE_NAME_MAX 16
#define OOM_MAX_ORDERS 16    /* MAX_ORDER is 11 on x86, up to 14 on 64K-page arm64 */
#define OOM_MAX_RESERVE 8

static inline bool val_known(int64_t v) { return v != OOM_UNSET; }

/* Arithmetic on numbers read from a log: hostile input may hold values near
 * INT64_MAX, so sums and products saturate instead of overflowing.
 * OOM_UNSET is never produced (the low end saturates at INT64_MIN + 1). */
static inline int64_t sat_add(int64_t a, int64_t b) {
        int64_t r;
        if (__builtin_add_overflow(a, b, &r))
                return a > 0 ? INT64_MAX : INT64_MIN + 1;
        return r == OOM_UNSET ? INT64_MIN + 1 : r;
}
static inline int64_t sat_sub(int64_t a, int64_t b) {
        int64_t r;
        if (__builtin_sub_overflow(a, b, &r))
                return a >= 0 ? INT64_MAX : INT64_MIN + 1;
        return r == OOM_UNSET ? INT64_MIN + 1 : r;
}
static inline int64_t sat_mul(int64_t a, int64_t b) {
        int64_t r;
        if (__builtin_mul_overflow(a, b, &r))
                return (a < 0) != (b < 0) ? INT64_MIN + 1 : INT64_MAX;
        return r == OOM_UNSET ? INT64_MIN + 1 : r;
}
static inline int64_t sat_abs(int64_t a) { return a < 0 ? (a == INT64_MIN ? INT64_MAX : -a) : a; }

/* a + b, where an unknown term counts as nothing; unknown if both are */
static inline int64_t add_known(int64_t a, int64_t b) {
        if (!val_known(a))
                return b;
        if (!val_known(b))
                return a;
        return sat_add(a, b);
}

enum oom_constraint {
        OOM_CONSTRAINT_UNKNOWN = 0,
        OOM_CONSTRAINT_NONE,
        OOM_CONSTRAINT_CPUSET,
        OOM_CONSTRAINT_MEMORY_POLICY,
        OOM_CONSTRAINT_MEMCG,
};

/* Which task-table header the kernel printed (see kernel-oom-report §4.1). */
enum oom_task_layout {
        TASKS_NONE = 0,
        TASKS_CPU_OOM_ADJ,          /* 2.6.25-2.6.35 */
        TASKS_CPU_OOM_ADJ_SCORE,    /* 2.6.36-3.7 */
        TASKS_NR_PTES,              /* 3.8-3.19 */
        TASKS_NR_PTES_PMDS,         /* 4.0-4.14 */
        TASKS_PGTABLES_BYTES,       /* 4.15-6.7 */
        TASKS_RSS_SPLIT,            /* 6.8+ */
        TASKS_OTHER,                /* unknown header: columns mapped by name */
};

/* Parts of a report; an event lists the ones it saw, and the missing ones
 * when it is incomplete. */
enum oom_part {
        PART_TRIGGER = 1u << 0,
        PART_STACK = 1u << 1,      /* CPU:/Pid: line */
        PART_MEMINFO = 1u << 2,
        PART_MEMCG = 1u << 3,
        PART_TASKS = 1u << 4,
        PART_SUMMARY = 1u << 5,    /* oom-kill: line (5.0+) */
        PART_SELECT = 1u << 6,     /* Kill process ... score (<= 5.0) */
        PART_KILL = 1u << 7,       /* Killed process */
        PART_NO_KILLABLE = 1u << 8,
        PART_PANIC = 1u << 9,
};

struct kv {
        char key[40];
        int64_t value;
};

struct kv_list {
        struct kv *items;
        size_t n, cap;
};

struct oom_zone {
        int64_t node;                       /* OOM_UNSET on non-NUMA kernels */
        char name[OOM_ZONE_NAME_MAX];
        bool has_zone_line, has_buddy_line;
        int64_t free_kb, min_kb, low_kb, high_kb, boost_kb, present_kb, managed_kb;
        struct kv_list fields;              /* every key of the zone line, kB unless named otherwise */
        int64_t lowmem_reserve[OOM_MAX_RESERVE]; /* pages */
        int n_reserve;
        int64_t free_chunks[OOM_MAX_ORDERS];     /* free blocks per order */
        int n_orders;
        int64_t order0_kb;                  /* size of an order-0 block = page size in kB */
        int64_t buddy_total_kb;
};

struct oom_hugepages {
        int64_t node, total, free, surp, size_kb;
};

struct oom_node {
        int64_t node;
        struct kv_list fields;              /* kB values, all_unreclaimable as 0/1 */
};

struct oom_slab {
        char name[48];
        int64_t used_kb, total_kb;
};

struct oom_task {
        int64_t pid, uid, tgid, total_vm, rss, rss_anon, rss_file, rss_shmem;
        int64_t pgtables_bytes, nr_ptes, nr_pmds, swapents, cpu, oom_adj, oom_score_adj;
        char comm[OOM_COMM_MAX];
        int64_t line;                   /* its line in the source, for evidence */
};

/* Where some lines of a report were found (line numbers in the source,
 * OOM_UNSET when absent), so that explanations can cite their evidence. */
struct oom_lines {
        int64_t trigger, meminfo, zones, swap, ram, slab, hugepages, memcg_usage, memcg_stats, tasks_header;
        int64_t select, summary;
};

struct oom_event {
        /* where it was read */
        char *source_file;
        int64_t source_line;            /* the first line of the event */
        int64_t last_line;
        char host[LOG_HOST_MAX];
        enum log_format format;

        /* when */
        bool has_wall;
        int64_t wall_us;
        bool tz_known;
        int tz_off_min;
        bool year_inferred;
        bool wall_from_mono;            /* computed from monotonic time + boot time */
        int64_t mono_us;

        char kernel_release[64];
        unsigned parts_seen;            /* enum oom_part bits */
        bool complete;
        unsigned missing;               /* enum oom_part bits expected but absent */
        int n_duplicates;               /* the same event seen again (quoted, second source) */

        /* trigger line */
        char trigger_comm[OOM_COMM_MAX];
        int64_t trigger_pid;            /* from the CPU:/Pid: line */
        char gfp_mask[24];
        char gfp_flags[256];            /* names as printed in (%pGg), '|' separated */
        int64_t order;
        int64_t trigger_oom_score_adj;
        int64_t trigger_oom_adj;        /* oom_adj / oomkilladj (<= 3.7) */
        char nodemask[64];
        char cpuset[256];
        char mems_allowed[64];
        bool manual;                    /* sysrq-f: order=-1 */

        enum oom_constraint constraint;
        bool global_oom;
        char *oom_memcg;                /* cgroup whose limit was hit */
        char *task_memcg;               /* cgroup of the victim */
        char *oom_group;                /* memory.oom.group: whole cgroup killed */
        int64_t group_kills;            /* further members killed with the victim (their kill lines) */

        /* select line (<= 5.0) */
        char kill_message[64];          /* "Out of memory", "Memory cgroup out of memory", ... */
        int64_t selected_pid;
        char selected_comm[OOM_COMM_MAX];
        int64_t score;

        /* kill line */
        int64_t victim_pid;
        char victim_comm[OOM_COMM_MAX];
        int64_t victim_uid;
        int64_t victim_total_vm_kb, victim_anon_rss_kb, victim_file_rss_kb, victim_shmem_rss_kb;
        int64_t victim_pgtables_kb, victim_oom_score_adj;
        int64_t kill_line;              /* its line number */
        struct oom_lines lines;         /* where the other parts were */

        /* oom_reaper */
        bool reaped;
        int64_t reaped_pid, reaped_anon_rss_kb, reaped_file_rss_kb, reaped_shmem_rss_kb;
        bool reap_failed;

        /* memcg block */
        int64_t memcg_usage_kb, memcg_limit_kb, memcg_failcnt;
        int64_t memsw_usage_kb, memsw_limit_kb, memsw_failcnt;
        int64_t swap_usage_kb, swap_limit_kb, swap_failcnt; /* cgroup v2 */
        int64_t kmem_usage_kb, kmem_limit_kb, kmem_failcnt;
        char *memcg_stats_path;
        struct kv_list memcg_stats;     /* converted to kB for sizes; counts as printed */

        /* Mem-Info */
        struct kv_list meminfo;         /* global counters, pages */
        struct oom_node *nodes;
        size_t n_nodes;
        struct oom_zone *zones;
        size_t n_zones;
        struct oom_hugepages *hugepages;
        size_t n_hugepages;
        int64_t pagecache_pages, swapcache_pages, free_swap_kb, total_swap_kb;
        int64_t ram_pages, highmem_pages, reserved_pages, cma_reserved_pages, hwpoisoned_pages;
        struct oom_slab *slabs;
        size_t n_slabs;

        /* task table */
        enum oom_task_layout task_layout;
        struct oom_task *tasks;
        size_t n_tasks;

        int64_t page_size_kb;           /* derived, never assumed */
        const char *page_size_how;      /* static string naming the evidence */

        char panic[160];                /* "Kernel panic - not syncing: ..." text */
        int64_t suppressed;             /* "oom_kill_process: N callbacks suppressed" just before */

        char notes[512];                /* parser remarks, English, "; "-separated */
        unsigned note_flags;            /* enum oom_note bits */
};

/* reallocarray() that exits with "out of memory" and status 70 when memory
 * is exhausted: a half-built event would silently lose evidence. */
void *xrealloc_array(void *p, size_t n, size_t size);
void *xcalloc(size_t n, size_t size);   /* the same for calloc() */
char *xstrdup(const char *s);           /* and strdup() */

struct oom_event *event_new(void);
void event_free(struct oom_event *e); /* NULL-safe */

/* kv_list helpers; kv_set replaces an existing key. */
int kv_set(struct kv_list *l, const char *key, size_t key_len, int64_t value);
int64_t kv_get(const struct kv_list *l, const char *key);
void kv_clear(struct kv_list *l);

/* What the parser remarks about an event.  The English text goes into
 * e->notes (JSON); text output shows the translated text of each flag. */
enum oom_note {
        NOTE_CUT = 1u << 0,
        NOTE_HEADERLESS = 1u << 1,
        NOTE_TASK_HEADER_LOST = 1u << 2,
        NOTE_ROWS_DAMAGED = 1u << 3,
        NOTE_OOM_GROUP = 1u << 4,
        NOTE_SHARING = 1u << 5,
        NOTE_LAST = NOTE_SHARING,
};
/* The English text of one note (untranslated; mark it with gettext where shown). */
const char *note_text(enum oom_note note);
/* Records NOTE on E (flag, and its text appended to e->notes). */
void event_note(struct oom_event *e, enum oom_note note);

/* Bounded copy of a raw byte string into a fixed buffer; never fails.  A
 * value too long for DST is cut at a character boundary and ends in "…". */
void copy_field(char *dst, size_t dst_size, const char *src, size_t len);

/* Sets a heap string field (replacing the old value); beyond
 * EVENT_STR_MAX bytes the value is cut and ends in "…". */
#define EVENT_STR_MAX 4096
int event_set_str(char **field, const char *src, size_t len);

struct oom_zone *event_add_zone(struct oom_event *e, int64_t node, const char *name, size_t name_len);
struct oom_zone *event_find_zone(struct oom_event *e, int64_t node, const char *name, size_t name_len);
struct oom_task *event_add_task(struct oom_event *e);
struct oom_node *event_add_node(struct oom_event *e, int64_t node);
struct oom_hugepages *event_add_hugepages(struct oom_event *e);
struct oom_slab *event_add_slab(struct oom_event *e);

const char *constraint_name(enum oom_constraint c); /* "NONE", ... or NULL */

/* Total RSS of a task in kB, or OOM_UNSET when the page size is unknown. */
int64_t task_rss_kb(const struct oom_event *e, const struct oom_task *t);

/* What the victim held at the kill: anon + file + shmem RSS from the kill
 * line (kB), OOM_UNSET when the kill line gave no sizes. */
int64_t event_victim_rss_kb(const struct oom_event *e);

/* The N largest tasks by RSS (pointers into e->tasks, largest first); returns
 * how many were stored in RET (an array of MAX). */
size_t event_largest_tasks(const struct oom_event *e, const struct oom_task **ret, size_t max);

/* Victim pid: the kill line, else the oom-kill: summary, else the select line. */
const struct oom_task *event_find_task(const struct oom_event *e, int64_t pid);
