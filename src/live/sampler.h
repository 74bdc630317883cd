/* sampler.h — the sampling policy of a repeated look at the machine
 * (`top -d`, and next `watch`): a full scan of /proc as often as a CPU
 * budget of 0.4 % allows, and between full scans only the heads of every
 * OOM domain's kill order re-read, the other processes carried over; a
 * full scan at once when memory moved where the carried-over numbers
 * cannot see it.  The previous state is passed in explicitly: a sampler
 * per loop, no globals.  May call: procfs, oom_rank (live), util.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "oom_rank.h"
#include "procfs.h"

/* What one refresh keeps for the next. */
struct sampler {
        struct proc_snapshot snap;  /* the last one (its tasks can be carried over) */
        bool have;
        double last_full;           /* monotonic seconds of the last full scan */
        double full_every;          /* seconds between full scans (0: every refresh) */
        int *hot;                   /* sorted pids re-read at every refresh */
        size_t n_hot;
        int64_t avail_at_full;      /* MemAvailable at the last full scan */
        struct { char *path; int64_t usage_kb; } *cg_at_full; /* limited cgroups' usage then */
        size_t n_cg_at_full;
        bool was_full;              /* the last sampler_next() scanned everything */
};

/* The next snapshot of ROOT (PROCFS_* FLAGS) and its ranking: a full scan,
 * or the last one carried over with the heads re-read, as the policy
 * says; DELAY the seconds between refreshes (0: a single look).  0, or
 * -errno (-ENOMEM; another when ROOT/proc/meminfo cannot be read). */
int sampler_next(struct sampler *s, const char *root, unsigned flags, double delay, struct proc_snapshot *ret_snap,
                 struct oom_ranking *ret_rank);

/* After the refresh was shown: keeps SNAP (taken over) and RANK's heads for
 * the next one when KEEP, frees them otherwise. */
void sampler_keep(struct sampler *s, struct proc_snapshot *snap, struct oom_ranking *rank, bool keep);

void sampler_free(struct sampler *s);
