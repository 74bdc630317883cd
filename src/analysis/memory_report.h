/* memory_report.h — where the memory went at the moment of one OOM kill,
 * computed from the report alone: task RSS (anon/file/shmem) aggregated by
 * name and by uid, page cache, shmem/tmpfs, slab, kernel stacks, page
 * tables, reserved hugepages, free memory and what is unaccounted; RAM and
 * swap use; per-zone free memory against the min/low watermarks; for the
 * requested allocation order, the free chunks at or above it (a
 * fragmentation check) and why the allocation failed; for a memcg OOM,
 * usage against the limit and the cgroup's memory.stat breakdown.
 * Every size is in KiB; OOM_UNSET where the report does not say.  Pure.
 *
 * The global breakdown is a partition of RAM (no page counted twice):
 *   anon + shmem + file + unevictable + slab_reclaimable +
 *   slab_unreclaimable + kernel_stack + pagetables + hugepages +
 *   reserved + free + unaccounted = ram.
 * pagecache_kb and swapcache_kb are shown beside it, not part of the sum
 * (the page cache holds the file LRU, shmem and the swap cache).
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"

/* A memcg limit at or above this (4 EiB) is the kernel's "max": the
 * unlimited page counter prints as PAGE_COUNTER_MAX in kB, about 2^53
 * (9007199254740988kB with 4 KiB pages; the same order for any page size). */
#define MEMCG_LIMIT_MAX_KB (INT64_C(1) << 52)
static inline bool memcg_limit_is_max(int64_t kb) { return val_known(kb) && kb >= MEMCG_LIMIT_MAX_KB; }

struct rss_group {
        char key[OOM_COMM_MAX];   /* comm, or the uid as decimal text */
        int64_t tasks;
        int64_t rss_kb, swap_kb;  /* sums of the rows' rss and swapents */
};

enum zone_state {
        ZONE_STATE_UNKNOWN,
        ZONE_OK,                  /* free above the low watermark */
        ZONE_BELOW_LOW,           /* kswapd would be reclaiming */
        ZONE_BELOW_MIN,           /* direct reclaim, allocations failing */
};

struct zone_report {
        int64_t node;
        char name[OOM_ZONE_NAME_MAX];
        int64_t free_kb, min_kb, low_kb, high_kb, managed_kb;
        enum zone_state state;     /* free against the raw min/low watermarks */
        int64_t reserve_kb;        /* lowmem_reserve protection against the highest zone type, OOM_UNSET if not printed */
        int64_t usable_kb;         /* free above min + reserve (>= 0): what an ordinary allocation could still take */
        int64_t free_at_order_kb;  /* free memory in chunks >= the requested order, OOM_UNSET if no buddy line */
        int64_t chunks_at_order;   /* number of such chunks */
};

enum alloc_failure {
        ALLOC_FAILURE_UNKNOWN,
        ALLOC_FAILURE_MEMCG_LIMIT,     /* the cgroup's usage reached its limit */
        ALLOC_FAILURE_WATERMARK,       /* every eligible zone out of free memory (at or below low + reserve) */
        ALLOC_FAILURE_FRAGMENTATION,   /* a zone above min + reserve, but no free chunk of the requested order anywhere usable */
        ALLOC_FAILURE_MANUAL,          /* sysrq-f: nothing failed */
};

struct memory_report {
        int64_t page_size_kb;
        int64_t ram_kb;               /* pages RAM × page size */
        int64_t zones_present_kb;     /* Σ present of the zone lines: equals ram_kb when no zone line is missing */
        int64_t swap_total_kb, swap_free_kb, swap_used_kb;
        int64_t tasks_rss_kb, tasks_swap_kb, tasks_pgtables_kb;  /* sums over the task table */
        int64_t anon_kb;              /* anon LRU minus shmem: private anonymous memory (swap cache included) */
        int64_t file_kb;              /* file LRU: page cache without shmem */
        int64_t pagecache_kb;         /* "total pagecache pages": file LRU + shmem + swap cache (not in the sum) */
        int64_t swapcache_kb;         /* "pages in swap cache" (not in the sum) */
        int64_t shmem_kb;             /* tmpfs, shared anonymous, SysV shm */
        int64_t unevictable_kb;       /* mlocked and otherwise unevictable LRU pages */
        int64_t slab_reclaimable_kb, slab_unreclaimable_kb, kernel_stack_kb, pagetables_kb;
        int64_t hugepages_kb;         /* reserved by hugetlb pools (total × size, all nodes) */
        int64_t reserved_kb;          /* "pages reserved": present but never given to the page allocator */
        int64_t free_kb;
        int64_t unaccounted_kb;       /* RAM − everything above; negative values are clamped to 0 */
        int64_t ram_used_permille, swap_used_permille;
        struct rss_group *by_comm;    /* largest first */
        size_t n_by_comm;
        struct rss_group *by_uid;     /* largest first; rows without a uid are left out */
        size_t n_by_uid;
        struct zone_report *zones;
        size_t n_zones;
        int64_t short_node;           /* the NUMA node with the least usable free memory, or OOM_UNSET */
        int64_t short_node_usable_kb; /* its Σ usable_kb */
        enum alloc_failure failure;
        /* memcg OOM */
        int64_t memcg_usage_kb, memcg_limit_kb, memcg_swap_usage_kb, memcg_swap_limit_kb;
        int64_t memcg_used_permille;
        /* the cgroup's memory.stat: anon + file + kernel + unaccounted = usage */
        int64_t memcg_anon_kb, memcg_file_kb, memcg_shmem_kb; /* shmem is part of file here */
        int64_t memcg_kernel_kb;      /* stacks, page tables, slab, percpu, sockets (v2), kmem usage (v1) */
        int64_t memcg_unaccounted_kb;
};

/* Fills RET for E.  Returns 0 or -ENOMEM (RET untouched then). */
int memory_report_compute(const struct oom_event *e, struct memory_report *ret);
void memory_report_free(struct memory_report *r); /* NULL-safe; frees the arrays, not R */

/* Static English names: "BELOW_MIN", "FRAGMENTATION", ... */
const char *zone_state_name(enum zone_state s);
const char *alloc_failure_name(enum alloc_failure f);
