/* badness.h — the kernel's choice, recomputed: for every task of an OOM
 * report's table, the "badness" points the OOM killer of that kernel
 * generation gave it (oom_badness() in mm/oom_kill.c), the task it would
 * pick, and how the printed score relates to it.  Pure: reads one event.
 *
 * Formula by generation (mm/oom_kill.c of each; details in badness.c):
 *  - <= 2.6.35: the old heuristic (total_vm, cpu time, nice, children) —
 *    cannot be recomputed from the log: formula NULL, no points.
 *  - 2.6.36-3.4 (also RHEL 6's 2.6.32, a backport): per-mille inside
 *    oom_badness(): (rss + nr_ptes + swapents) * 1000 / totalpages, root
 *    -30, + oom_score_adj, clamped to 1..1000; the printed score is that.
 *  - 3.5+: points in pages = rss + swapents + page-table pages (nr_ptes;
 *    + nr_pmds 4.0-4.14; pgtables_bytes / PAGE_SIZE from 4.15, af5b0f6 —
 *    the table's columns follow the same commit), plus
 *    oom_score_adj * (totalpages / 1000) — integer division first.  Root
 *    bonus for CAP_SYS_ADMIN tasks: adj -= 30 (3.5-3.13), points -= points
 *    * 3 / 100 (3.14-4.16), none from 4.17.  Non-positive points become 1
 *    before 5.9.  The printed score ("Kill process N (c) score S", <= 5.0)
 *    is chosen_points * 1000 / totalpages.
 *  totalpages: totalram_pages + total_swap_pages for a system-wide OOM
 *  (managed pages of the zones), swap + the allowed nodes' pages for a
 *  cpuset/mempolicy OOM, mem_cgroup_get_limit()/get_max() for a memcg OOM.
 *  The log never says which uid-0 task had CAP_SYS_ADMIN: uid 0 is taken
 *  for it, except where the printed score shows otherwise (containers).
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "event.h"

struct badness_entry {
        size_t task_index;         /* its row in e->tasks */
        int64_t pid;
        char comm[OOM_COMM_MAX];
        int64_t uid;
        int64_t rss_pages, swap_pages, pgtables_pages; /* the parts of the points (0 when the table lacks the column) */
        int64_t oom_score_adj;
        int64_t points;            /* after the adj and root bonus; OOM_UNSET without a formula */
        int64_t points_without_adj; /* the same with oom_score_adj taken as 0 (root bonus kept) */
        int64_t score;             /* points * 1000 / totalpages (2.6.36-3.4: points); OOM_UNSET if unknown */
        bool protected_task;       /* oom_score_adj -1000 (or oom_adj -17): never chosen */
        bool root_bonus;           /* the CAP_SYS_ADMIN discount was applied */
};

/* Remarks on a result (bits of badness_result.notes). */
enum badness_note {
        BADNESS_NOTE_NO_COLUMNS = 1u << 0,      /* table lacks swapents/page-table columns (2.6.36-3.7) */
        BADNESS_NOTE_TOTAL_ESTIMATED = 1u << 1, /* totalpages approximated (see totalpages_source) */
        BADNESS_NOTE_TOTAL_UNKNOWN = 1u << 2,   /* totalpages unknown: scores unknown, adj weighed with totalpages_min */
        BADNESS_NOTE_ROOT_ASSUMED = 1u << 3,    /* uid-0 tasks were given the root bonus */
        BADNESS_NOTE_NO_CAP_SYS_ADMIN = 1u << 4, /* the printed score shows the uid-0 selected task had no bonus */
        BADNESS_NOTE_BONUS_DECIDES = 1u << 5,   /* without the root-bonus assumption another task wins */
        BADNESS_NOTE_ADJ_DECIDES = 1u << 6,     /* oom_score_adj changed which task wins */
        BADNESS_NOTE_ALLOCATING_TASK = 1u << 7, /* oom_kill_allocating_task: no ranking was done */
        BADNESS_NOTE_CHILD_SACRIFICED = 1u << 8, /* selected and killed differ (<= 5.0 "sacrifice child") */
        BADNESS_NOTE_SCORE_MISMATCH = 1u << 9,  /* recomputed score of the selected task != printed */
        BADNESS_NOTE_PAGE_SIZE_ASSUMED = 1u << 10, /* page size not derivable: 4 KiB used for pgtables_bytes */
        BADNESS_NOTE_LAST = BADNESS_NOTE_PAGE_SIZE_ASSUMED,
};

struct badness_result {
        const char *formula;       /* static, e.g. "3.14-4.16 (pages, root bonus 3 %)"; NULL when unknown */
        int64_t totalpages;        /* the denominator, OOM_UNSET if unknown */
        int64_t totalpages_min, totalpages_max; /* bounds (== totalpages when known; max OOM_UNSET if unbounded) */
        const char *totalpages_source; /* static English text naming the evidence */
        int64_t implied_totalpages_min, implied_totalpages_max; /* what the printed score allows, OOM_UNSET if not derivable */
        int64_t printed_score;     /* e->score on the 2.6.36+ scale, OOM_UNSET otherwise */
        int64_t recomputed_score;  /* entry score of the selected (else killed) task, OOM_UNSET if unknown */
        bool score_matches;        /* printed_score == recomputed_score, both known */
        struct badness_entry *entries; /* kill order: highest points first (ties: table order), protected last */
        size_t n;
        ssize_t victim_index;      /* the kernel's pick: the selected task (select line) else the killed one; -1 if not in the table */
        ssize_t killed_index;      /* the killed task (may be a sacrificed child of the selected), -1 if not in the table */
        ssize_t chosen_index;      /* the recomputation's pick (0 or -1) */
        ssize_t chosen_without_adj_index; /* the pick if every oom_score_adj were 0, -1 if none */
        bool agrees;               /* chosen == victim */
        const char *disagreement;  /* static English reason when !agrees */
        unsigned notes;            /* enum badness_note bits */
};

/* Fills RET for event E.  Returns 0; -ENODATA when the event has no task
 * table (RET is then an empty result: n 0, indices -1, numbers OOM_UNSET,
 * so badness_free() is safe); -ENOMEM (RET untouched). */
int badness_compute(const struct oom_event *e, struct badness_result *ret);
void badness_free(struct badness_result *r); /* NULL-safe, frees entries */
/* The English text of one note (static). */
const char *badness_note_text(enum badness_note note);

/* The same oom_badness() for a live process (oom_rank.c): the generation
 * of the running kernel, resolved once from its release ("6.1.0-13-amd64";
 * NULL or "" = the newest formula; RHEL 6's ".el6" 2.6.32 = 2.6.36). */
struct badness_live {
        int gen;                   /* private to badness.c */
        const char *formula;       /* static; NULL before 2.6.36: not recomputed */
        bool per_mille;            /* 2.6.36-3.4: points are per mille of totalpages, not pages */
        bool root_bonus;           /* CAP_SYS_ADMIN tasks get a discount (before 4.17) */
        bool signed_scale;         /* 5.9+: /proc/PID/oom_score = (1000 + points * 1000 / totalpages) * 2 / 3 */
};
void badness_live_init(struct badness_live *b, const char *release);
/* BASE_PAGES = rss + swap + page-table pages; OOM_UNSET before 2.6.36. */
int64_t badness_live_points(const struct badness_live *b, int64_t base_pages, int64_t adj, int64_t totalpages,
                            bool cap_sys_admin);
/* POINTS on the scale of /proc/PID/oom_score: see signed_scale; before
 * 5.9 points * 1000 / totalpages; on 2.6.36-3.4 the per-mille points. */
int64_t badness_live_proc_score(const struct badness_live *b, int64_t points, int64_t totalpages);
