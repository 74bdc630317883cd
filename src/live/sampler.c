/* sampler.c — full scans within a CPU budget, the heads re-read between
 * them, a full scan when memory moved (sampler.h). */
#include "sampler.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define HOT_PER_DOMAIN 32           /* re-read each refresh: the head of every domain's order */
#define CPU_BUDGET 0.004            /* full scans may take 0.4 % of a CPU; the refreshes between them about as much at 10,000 processes */

static double now_s(clockid_t clock) {
        struct timespec t;
        clock_gettime(clock, &t);
        return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int int_cmp(const void *a, const void *b) {
        int x = *(const int *)a, y = *(const int *)b;
        return (x > y) - (x < y);
}

static void forget_usage(struct sampler *st) {
        for (size_t i = 0; i < st->n_cg_at_full; i++)
                free(st->cg_at_full[i].path);
        free(st->cg_at_full);
        st->cg_at_full = NULL;
        st->n_cg_at_full = 0;
}

static void remember_usage(struct sampler *st, const struct proc_snapshot *s) {
        forget_usage(st);
        st->avail_at_full = s->sys.mem_available_kb;
        st->cg_at_full = calloc(s->n_cgroups ? s->n_cgroups : 1, sizeof(*st->cg_at_full));
        if (!st->cg_at_full)
                return;
        for (size_t i = 0; i < s->n_cgroups; i++)
                if ((st->cg_at_full[st->n_cg_at_full].path = strdup(s->cgroups[i].path)))
                        st->cg_at_full[st->n_cg_at_full++].usage_kb = s->cgroups[i].usage_kb;
}

/* Memory moved since the last full scan (a process growing below the
 * re-read heads): MemAvailable fell by 1 % of RAM (at least 64 MiB), or a
 * limited cgroup grew by 5 % of its limit (at least 16 MiB). */
static bool memory_moved(const struct sampler *st, const struct proc_snapshot *s) {
        const struct system_mem *m = &s->sys;
        int64_t ram_step = m->mem_total_kb != OOM_UNSET && m->mem_total_kb / 100 > 65536 ? m->mem_total_kb / 100 : 65536;
        if (st->avail_at_full != OOM_UNSET && m->mem_available_kb != OOM_UNSET &&
            st->avail_at_full - m->mem_available_kb > ram_step)
                return true;
        for (size_t i = 0; i < s->n_cgroups; i++) {
                const struct cgroup_mem *c = &s->cgroups[i];
                if (c->usage_kb == OOM_UNSET || c->limit_kb == OOM_UNSET)
                        continue;
                int64_t step = c->limit_kb / 20 > 16384 ? c->limit_kb / 20 : 16384;
                for (size_t k = 0; k < st->n_cg_at_full; k++)
                        if (strcmp(st->cg_at_full[k].path, c->path) == 0 && st->cg_at_full[k].usage_kb != OOM_UNSET &&
                            c->usage_kb - st->cg_at_full[k].usage_kb > step)
                                return true;
        }
        return false;
}

/* The pids that could be next anywhere: each domain's first entries. */
static void remember_hot(struct sampler *st, const struct oom_ranking *rank) {
        size_t n = 0, cap = rank->n * HOT_PER_DOMAIN;
        int *hot = realloc(st->hot, (cap ? cap : 1) * sizeof(int));
        if (!hot)
                return;             /* the old set stays: still valid pids, only fewer */
        for (size_t di = 0; di < rank->n; di++)
                for (size_t i = 0; i < rank->domains[di].n && i < HOT_PER_DOMAIN; i++)
                        hot[n++] = rank->domains[di].entries[i].pid;
        qsort(hot, n, sizeof(int), int_cmp);
        st->hot = hot;
        st->n_hot = n;
}


int sampler_next(struct sampler *st, const char *root, unsigned flags, double delay, struct proc_snapshot *ret_snap,
                 struct oom_ranking *ret_rank) {
        struct proc_snapshot snap;
        double mono = now_s(CLOCK_MONOTONIC);
        bool full = !st->have || mono - st->last_full >= st->full_every;
        struct procfs_reuse reuse = { .prev = &st->snap, .hot = st->hot, .n_hot = st->n_hot };
        double cpu0 = now_s(CLOCK_PROCESS_CPUTIME_ID);
        int e = procfs_snapshot_ex(root, flags, full ? NULL : &reuse, &snap);
        /* memory moved where the carried-over numbers cannot see it: a full
         * scan now, if a quarter of the budget's interval has passed */
        if (e == 0 && !full && memory_moved(st, &snap) && mono - st->last_full >= st->full_every / 4) {
                procfs_snapshot_free(&snap);
                full = true;
                cpu0 = now_s(CLOCK_PROCESS_CPUTIME_ID);
                e = procfs_snapshot_ex(root, flags, NULL, &snap);
        }
        if (st->have) {
                procfs_snapshot_free(&st->snap);
                st->have = false;
        }
        if (e < 0)
                return e;
        st->was_full = full;
        if (full && delay > 0) {
                /* full scans as often as the budget allows, at most every refresh */
                double cost = now_s(CLOCK_PROCESS_CPUTIME_ID) - cpu0;
                st->last_full = mono;
                st->full_every = cost / CPU_BUDGET > delay ? cost / CPU_BUDGET : 0;
                remember_usage(st, &snap);
        }
        if (oom_rank_build(&snap, snap.page_kb, ret_rank) < 0) {
                procfs_snapshot_free(&snap);
                return -ENOMEM;
        }
        *ret_snap = snap;
        return 0;
}

void sampler_keep(struct sampler *st, struct proc_snapshot *snap, struct oom_ranking *rank, bool keep) {
        if (keep) {
                remember_hot(st, rank);
                st->snap = *snap;
                st->have = true;
        } else {
                procfs_snapshot_free(snap);
        }
        oom_rank_free(rank);
}

void sampler_free(struct sampler *st) {
        if (st->have)
                procfs_snapshot_free(&st->snap);
        free(st->hot);
        forget_usage(st);
        memset(st, 0, sizeof(*st));
}
