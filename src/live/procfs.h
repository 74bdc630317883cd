/* procfs.h — the live-system snapshot: processes, memory cgroups and the
 * machine's memory state read from /proc and /sys/fs/cgroup under a root
 * directory ("/" on the live machine, tests/data/hosts/<name>/ in tests).
 * Pure parsers take buffers; only procfs_snapshot() opens files.  Nothing
 * here ranks or scores: that is the job of the views built on top.
 *
 * Every kB/byte number is int64_t; OOM_UNSET (INT64_MIN) means "not there"
 * (a field an older kernel lacks, a file that could not be read, or "no
 * limit" for a cgroup limit).  Strings are raw, bounded, hostile bytes
 * (process names and command lines are chosen by whoever runs them):
 * outputs escape them.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#ifndef OOM_UNSET
#define OOM_UNSET INT64_MIN
#endif

#define PROCFS_INT_UNSET (-2147483647 - 1) /* an int field that could not be read */
#define PROCFS_FILE_MAX (64 * 1024)        /* no file read here is longer; more is cut */
#define PROCFS_CMDLINE_MAX 4096            /* bytes kept of a command line */
#define PROCFS_COMM_MAX 64                 /* the kernel's comm is 15 bytes; room for odd input */

enum procfs_cgroup_layout {
        PROCFS_CGROUP_NONE = 0,   /* no memory controller mounted (or not found under root) */
        PROCFS_CGROUP_V1,         /* sys/fs/cgroup/memory only */
        PROCFS_CGROUP_V2,         /* unified hierarchy at sys/fs/cgroup */
        PROCFS_CGROUP_HYBRID,     /* v1 memory controller + sys/fs/cgroup/unified (systemd "hybrid") */
};

struct proc_task {
        int pid, ppid;
        uid_t uid;                 /* real uid (first field of "Uid:"), as the OOM report prints it */
        char comm[PROCFS_COMM_MAX];
        char *cmdline;             /* NULs turned into spaces, <= PROCFS_CMDLINE_MAX bytes; "" for none */
        int64_t vm_rss_kb;         /* OOM_UNSET when the task has no mm (kernel thread, zombie) */
        int64_t rss_anon_kb, rss_file_kb, rss_shmem_kb; /* split since 4.5; OOM_UNSET before */
        int64_t swap_kb, pgtables_kb;
        int oom_score, oom_score_adj; /* the kernel's own numbers; PROCFS_INT_UNSET if unread */
        char *cgroup;              /* path in the memory hierarchy (v1 "N:memory:" line, else v2 "0::"), NULL if none */
        bool kernel_thread;        /* "Kthread: 1" (6.x), pid 2 or a child of kthreadd */
        bool cap_sys_admin;        /* CapEff has CAP_SYS_ADMIN (the root bonus of kernels before 4.17) */
        bool reused;               /* carried over from the previous snapshot, not read again */
        int threads;               /* "Threads:" */
        bool cgroup_from_file;     /* cgroup read from /proc/PID/cgroup (a host path in a container view) */
};

struct cgroup_mem {
        char *path;                /* "/" for the root, else "/a/b" as in /proc/PID/cgroup */
        int64_t usage_kb, limit_kb;        /* limit OOM_UNSET = no limit ("max" / v1 huge value) */
        int64_t swap_usage_kb, swap_limit_kb; /* v2 memory.swap.*; v1 derived from memsw (mem+swap) minus mem */
        int64_t oom_kill;          /* v2 memory.events / v1 memory.oom_control "oom_kill" (4.13+) */
        int64_t file_kb;           /* page cache on the file LRUs (memory.stat active_file + inactive_file,
                                    * v1 total_*): what reclaim frees before the OOM killer runs */
        int oom_group;             /* v2 memory.oom.group: 1 kill the whole cgroup, 0 no, -1 unknown/v1 */
        int swappiness;            /* v1 memory.swappiness, -1 on v2 (the machine's applies) or unread */
        int version;               /* 1 or 2 */
};

struct system_mem {
        int64_t mem_total_kb, mem_available_kb, mem_free_kb, swap_total_kb, swap_free_kb,
                committed_as_kb, commit_limit_kb;  /* MemAvailable appears in 3.14 */
        bool has_psi;              /* /proc/pressure/memory (4.20+, CONFIG_PSI, psi=1) */
        double psi_some_avg10, psi_some_avg60, psi_full_avg10, psi_full_avg60;
        int64_t vmstat_oom_kill;   /* /proc/vmstat oom_kill (4.13+), OOM_UNSET before */
        int overcommit_memory, overcommit_ratio, panic_on_oom, oom_kill_allocating_task,
            swappiness;            /* PROCFS_INT_UNSET if unread */
        char kernel_release[64];   /* /proc/sys/kernel/osrelease, "" if unread */
};

struct proc_snapshot {
        struct system_mem sys;
        struct proc_task *tasks;   /* user-space processes only, in /proc order */
        size_t n_tasks;
        struct cgroup_mem *cgroups; /* the root first, then every cgroup with a memory limit */
        size_t n_cgroups;
        int cgroup_layout;         /* enum procfs_cgroup_layout */
        size_t n_reused;           /* tasks carried over (procfs_snapshot_ex with reuse) */
        int *unreadable;           /* pids whose /proc/PID/status could not be read or does not parse */
        size_t n_unreadable;
        int64_t page_kb;           /* page size in kB: this machine's, 4 for a captured tree */
        int pid1_global_init;      /* pid 1 is the machine's init (1), a container's (0), unknown (-1) */
        char *cgroup_ns_prefix;    /* container view without a cgroup namespace: the prefix stripped from
                                    * every task's cgroup path (the mounted hierarchy starts there), else NULL */
};

struct procfs_psi {
        double some_avg10, some_avg60, full_avg10, full_avg60;
        bool has_full;             /* "full" line: memory since 4.20, cpu only from 5.13 */
};

/* Reads the machine under root ("/" or a captured tree).  Processes that
 * vanish while being read are skipped; kernel threads and tasks without an
 * mm (zombies) are excluded, as the OOM killer excludes them.  Fails only
 * when root/proc/meminfo cannot be read or memory runs out.  *ret is owned
 * by the caller: procfs_snapshot_free(). */
int procfs_snapshot(const char *root, struct proc_snapshot *ret);
enum procfs_flags {
        /* oom_score and cmdline are left for procfs_task_details() (pid 1's
         * oom_score is read anyway): a ranking needs neither, a table of
         * ten rows needs them for ten processes */
        PROCFS_DETAILS_LATER = 1u << 0,
};

/* Carrying a previous snapshot over (top's refreshes between full scans):
 * its processes not in HOT (sorted pids, re-read) keep their numbers; new
 * processes are read, gone ones dropped.  PREV's tasks are moved out:
 * free PREV afterwards as usual. */
struct procfs_reuse {
        struct proc_snapshot *prev;
        const int *hot;
        size_t n_hot;
};

/* procfs_snapshot() with FLAGS (enum procfs_flags) and REUSE (NULL: read
 * everything).  Tasks come sorted by pid. */
int procfs_snapshot_ex(const char *root, unsigned flags, const struct procfs_reuse *reuse,
                       struct proc_snapshot *ret);
/* The boot time in µs since the epoch: "btime" of ROOT/proc/stat (read
 * line by line: the interrupt line before it can be long); OOM_UNSET when
 * it cannot be read. */
int64_t procfs_boot_time_us(const char *root);
/* Reads T's oom_score and (when T has none) cmdline now: 0, -ESRCH when
 * the process is gone, -ENOMEM. */
int procfs_task_details(const char *root, struct proc_task *t);

/* NULL-safe; leaves *s zeroed. */
void procfs_snapshot_free(struct proc_snapshot *s);

/* Whether PID is one of S's processes that could not be read. */
bool procfs_pid_unreadable(const struct proc_snapshot *s, int pid);

/* Pure parsers.  buf need not be NUL-terminated and may hold any bytes. */

/* /proc/meminfo: sets the meminfo fields of *ret (others untouched); -EINVAL
 * without MemTotal. */
int procfs_parse_meminfo(const char *buf, size_t len, struct system_mem *ret);
/* /proc/PID/status: pid, ppid, uid, comm, VmRSS and its split, VmSwap,
 * VmPTE, kernel_thread; leaves cmdline, cgroup and oom_score* untouched.
 * -EINVAL without Name, Pid or Uid. */
int procfs_parse_status(const char *buf, size_t len, struct proc_task *ret);
/* /proc/PID/cgroup: the v1 line whose controller list holds "memory", else
 * the v2 "0::" line; *ret_memcg_path is malloc'ed.  -ENODATA with neither. */
int procfs_parse_cgroup_file(const char *buf, size_t len, char **ret_memcg_path);
/* /proc/pressure/memory or a v2 memory.pressure: -EINVAL without "some". */
int procfs_parse_psi(const char *buf, size_t len, struct procfs_psi *ret);
/* /proc/PID/cmdline: NUL separators become spaces, trailing ones dropped,
 * cut at PROCFS_CMDLINE_MAX; *ret malloc'ed ("" for an empty file). */
int procfs_parse_cmdline(const char *buf, size_t len, char **ret);
/* "key value" line files (/proc/vmstat, memory.events, memory.oom_control,
 * memory.stat): the integer after key; -ENOENT if the key is absent. */
int procfs_parse_key_value(const char *buf, size_t len, const char *key, int64_t *ret);
/* A one-number file (oom_score, memory.current, overcommit_ratio...). */
int procfs_parse_int(const char *buf, size_t len, int64_t *ret);
/* A memory limit in bytes: "max" (v2) or a v1 value within a page of
 * INT64_MAX (PAGE_COUNTER_MAX * PAGE_SIZE, 9223372036854771712 on 4 KiB
 * pages) gives OOM_UNSET = no limit. */
int procfs_parse_limit(const char *buf, size_t len, int64_t *ret_bytes);
