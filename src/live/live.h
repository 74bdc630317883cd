/* live.h — the live layer: the running machine or a captured tree of it
 * (/proc, /sys/fs/cgroup) read into a snapshot, the OOM domains and the
 * kernel's kill order in each, and check's audit of risky settings.
 * May call: analysis (the badness formula, the log tally's data), model,
 * util.
 */
#pragma once

#include "audit.h"
#include "oom_rank.h"
#include "procfs.h"
