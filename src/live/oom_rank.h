/* oom_rank.h — who the kernel would kill next, on a live snapshot: the
 * machine and every memory cgroup with a limit are "OOM domains"; each gets
 * its processes in the order oom_badness() would pick them with that
 * domain's totalpages, and the room it has left before its OOM killer runs.
 * Pure: reads a proc_snapshot (procfs.h), opens nothing.
 *
 * Why per domain: oom_score_adj is weighed as adj * totalpages / 1000, and
 * a memcg OOM uses the cgroup's limit (+ allowed swap) as totalpages, so
 * the order inside a small cgroup can differ from /proc/PID/oom_score's
 * (which is computed against the whole machine).
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "procfs.h"

struct rank_entry {
        size_t task;               /* index into snapshot->tasks */
        int pid;
        int64_t rss_pages, swap_pages, pgtables_pages; /* the parts of the points */
        int64_t adj_pages;         /* oom_score_adj * (totalpages / 1000) */
        int64_t points;            /* oom_badness() in pages; OOM_UNSET for protected (-1000) tasks */
        int64_t points_without_adj;
        int64_t score;             /* /proc/PID/oom_score's formula on this domain's scale
                                    * (1000 + points * 1000 / totalpages on 5.9+), OOM_UNSET when protected */
        bool protected_task;       /* oom_score_adj -1000: never chosen */
        bool root_bonus;           /* CAP_SYS_ADMIN discount applied (kernels before 4.17) */
};

struct oom_domain {
        ssize_t cgroup;            /* index into snapshot->cgroups; -1 = the whole machine */
        ssize_t parent;            /* the nearest enclosing domain (index in ranking->domains), -1 for the machine */
        int64_t totalpages;        /* the denominator oom_badness() uses in this domain */
        int64_t limit_kb, usage_kb; /* machine: MemTotal + SwapTotal and what is in use of them */
        int64_t reclaimable_kb;    /* page cache the kernel reclaims before it kills (file LRU) */
        int64_t headroom_kb;       /* more memory this domain can take before its own OOM:
                                    * machine: MemAvailable + SwapFree; cgroup: limit - usage +
                                    * reclaimable (+ swap it may still use) */
        int64_t swap_room_kb;      /* the part of headroom_kb that is swap the cgroup may still use (0 if none) */
        int64_t effective_headroom_kb; /* the smallest headroom of this domain and all that enclose it */
        ssize_t limited_by;        /* the domain whose headroom is the effective one */
        struct rank_entry *entries; /* kill order: highest points first; protected last */
        size_t n;
        size_t n_protected;
        bool oom_group;            /* v2 memory.oom.group: the whole cgroup is killed together */
};

struct oom_ranking {
        struct oom_domain *domains; /* [0] the machine, then the cgroups in snapshot order */
        size_t n;
        int64_t page_kb;
        const char *formula;       /* static, the oom_badness() generation used; NULL before 2.6.36:
                                    * the heuristic of those kernels is not recomputed, no order */
        bool per_mille;            /* 2.6.36-3.4: points are per mille of totalpages (0..1000), not pages */
};

/* Builds the ranking.  page_kb: the page size in kB (sysconf on the live
 * machine, 4 for captured trees).  0, or -ENOMEM. */
int oom_rank_build(const struct proc_snapshot *s, int64_t page_kb, struct oom_ranking *ret);
void oom_rank_free(struct oom_ranking *r); /* NULL-safe */

/* The innermost domain that holds task T (its memory cgroup or the nearest
 * limited ancestor), else 0 (the machine). */
size_t oom_rank_domain_of(const struct oom_ranking *r, const struct proc_snapshot *s, size_t task);

/* The cgroup path of domain D, NULL for the machine. */
const char *oom_rank_domain_path(const struct proc_snapshot *s, const struct oom_domain *d);
/* PATH (a cgroup path; NULL is nowhere) is DIR or below it; "/" holds everything. */
bool oom_rank_path_within(const char *path, const char *dir);
