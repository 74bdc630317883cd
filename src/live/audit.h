/* audit.h — `oomlens check`: the settings and states of a live machine that
 * invite its next OOM kill, each as a finding with a stable id, a severity,
 * the files and values it was decided from, and a concrete fix.  Pure:
 * decided from a procfs snapshot, its OOM ranking (headroom per domain) and
 * a tally of the kills its logs report; nothing here opens a file.
 *
 * Finding ids (stable; see audit.c for each rule):
 *   no_swap_unlimited_services   no swap, and large services have no memory limit
 *   protected_large_process      oom_score_adj -1000 on a large process (the avalanche)
 *   panic_on_oom                 vm.panic_on_oom != 0
 *   oom_kill_allocating_task     vm.oom_kill_allocating_task != 0
 *   overcommit_strict_low        vm.overcommit_memory=2 with a small CommitLimit, or one nearly used
 *   jvm_heap_too_large           -Xmx above the JVM's cgroup limit or what the machine has left
 *   container_no_memory_limit    a container (docker, podman, containerd, CRI-O, k8s, LXC) without a limit
 *   cgroup_near_limit            a memory cgroup (nearly) out of room after reclaimable cache and swap
 *   unexplained_oom_kills        the kernel counted more OOM kills than the logs report
 *   oom_kills_unverified         the kernel counted OOM kills and no log could be read
 *
 * Texts are translated (gettext); subject, summary, evidence and fix may
 * hold process names, command lines and cgroup paths as raw bytes: the
 * outputs escape them.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "finding_params.h"
#include "log_tally.h"
#include "oom_rank.h"
#include "procfs.h"

enum audit_severity {
        AUDIT_INFO = 0,
        AUDIT_WARNING,
        AUDIT_CRITICAL,
};

/* Thresholds, in percent unless named otherwise. */
#define AUDIT_LARGE_PCT 10               /* a large process or service: >= 10 % of RAM */
#define AUDIT_LARGEST_MIN_PCT 2          /* ... or the largest process, from 2 % of RAM */
#define AUDIT_PROTECTED_DOMAIN_PCT 50    /* ... or half of its cgroup's limit (for -1000) */
#define AUDIT_PROTECTED_CRITICAL_PCT 50  /* a -1000 process holding half the RAM: critical */
#define AUDIT_NEAR_WARNING_PCT 90        /* a cgroup using >= 90 % of what it may use */
#define AUDIT_NEAR_CRITICAL_PCT 98
#define AUDIT_COMMIT_LOW_PCT 75          /* overcommit 2: CommitLimit below 75 % of RAM */
#define AUDIT_COMMITTED_WARNING_PCT 90   /* overcommit 2: Committed_AS at 90 % of CommitLimit */
#define AUDIT_COMMITTED_CRITICAL_PCT 98
#define AUDIT_JVM_NONHEAP_DIV 4          /* a JVM's non-heap memory: about a quarter of its heap */

#define AUDIT_MAX_EVIDENCE 8

/* The texts are owned heap strings, whole whatever the paths in them, and
 * never NULL once audit_run() returned. */
struct audit_finding {
        const char *id;                  /* static, one of the ids above */
        enum audit_severity severity;
        char *subject;                   /* what it is about ("x.service", "java (pid 812)"); "" = the machine */
        char *summary;
        char *evidence[AUDIT_MAX_EVIDENCE]; /* "/proc/sys/vm/panic_on_oom: 1" */
        size_t n_evidence;
        char *fix;
        struct finding_params params;    /* the facts of the sentences as data (JSON "params") */
};

struct audit_report {
        struct audit_finding *items;     /* most severe first, then in the order above */
        size_t n;
        size_t count[3];                 /* by enum audit_severity */
};

struct audit_input {
        const struct proc_snapshot *snap;
        const struct oom_ranking *rank;  /* oom_rank_build() of snap */
        const struct log_tally *logs;    /* NULL: the logs were not consulted */
};

/* Decides every finding.  0 or -ENOMEM; *ret owned by the caller. */
int audit_run(const struct audit_input *in, struct audit_report *ret);
void audit_report_free(struct audit_report *r); /* NULL-safe; leaves *r zeroed */

/* "critical", "warning", "info" (untranslated, for JSON; mark with N_). */
const char *audit_severity_name(enum audit_severity s);

/* Pure parts, exposed for tests. */

/* A HotSpot size argument ("768m", "8G", "1048576"): digits and at most
 * one of k K m M g G t T (powers of 1024), nothing else.  0 and overflow
 * are refused (-EINVAL, -ERANGE); *ret_bytes untouched on failure. */
int audit_parse_java_size(const char *s, size_t len, int64_t *ret_bytes);

/* The maximum heap a JVM command line asks for: -Xmx<size> and
 * -XX:MaxHeapSize=<size>, the last valid one wins (as HotSpot reads them;
 * an invalid one would have stopped it from starting, so it is skipped).
 * Only the JVM's own options count: scanning stops at the main class,
 * -jar or -m/--module (what follows are the program's arguments), and the
 * argument of -cp/-classpath/--class-path/-p/--module-path and similar is
 * skipped.  OPT (OPT_SIZE bytes, may be NULL) gets the winning option.
 * 0, or -ENOENT when there is none. */
int audit_jvm_max_heap(const char *cmdline, int64_t *ret_bytes, char *opt, size_t opt_size);

/* Severity of a memory domain using USED_KB of CAPACITY_KB: AUDIT_CRITICAL
 * from AUDIT_NEAR_CRITICAL_PCT, AUDIT_WARNING from AUDIT_NEAR_WARNING_PCT,
 * else -1 (also when either is unknown or CAPACITY_KB <= 0). */
int audit_near_limit_severity(int64_t used_kb, int64_t capacity_kb);

/* The size a limit should be set to for something using USED_KB: 1.5 x
 * its use, at least 64 MiB, rounded up to 64 MiB; in kB. */
int64_t audit_suggest_limit_kb(int64_t used_kb);
