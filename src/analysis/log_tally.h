/* log_tally.h — how many OOM kills this machine's own logs (or the logs
 * named on a command line) report, for `oomlens check` to compare with the
 * kernel's counters (/proc/vmstat oom_kill, memory.events oom_kill).  The
 * logs are read by the input layer (log_reader.h: /dev/kmsg, the journal,
 * /var/log/{messages,syslog,kern.log}*), de-duplicated as analyze does;
 * only the tally comes out.  The struct is plain data: audit.c reads it without
 * reading any log.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct log_tally_input {
        char *name;                /* "/dev/kmsg", "systemd-journal", a file path (raw bytes) */
        int error;                 /* 0, or -errno: unreadable, or stopped early */
        bool readable;             /* yielded data (a truncated .gz that did is readable) */
};

struct log_tally_cgroup {
        char *path;                /* the victim's memory cgroup as the report names it */
        int64_t kills;
};

struct log_tally {
        struct log_tally_input *inputs; /* every log tried, in reading order */
        size_t n_inputs, n_readable;
        int64_t since_us;          /* kills counted from this time (boot - slack); OOM_UNSET: all */
        int64_t kills;             /* OOM kills the logs report since then, duplicates merged;
                                    * a report whose time is unknown counts */
        struct log_tally_cgroup *cgroups; /* the same kills by victim cgroup (reports that name one) */
        size_t n_cgroups;
};

/* Reads FILES (N_FILES paths, analyze's "file" kind: any container,
 * compressed or not) or, with none, the machine's own logs under ROOT
 * (NULL or "/" = the live machine: /dev/kmsg, the systemd journal,
 * /var/log/...; a directory = the same paths below it), and counts the
 * OOM kills they report at or after BOOT_US (µs since the epoch, UTC;
 * OOM_UNSET counts every kill).  A report stamped without a time zone is
 * compared with 15 hours' slack (its zone is unknown), one with a zone
 * with 5 minutes': the count errs on the high side, so that a shortfall
 * against the kernel's counter is real.  Unless QUIET, an unreadable log is
 * named on stderr as analyze does.  0, -ENOMEM, or -EIO when the events
 * could not be kept (scratch file); *ret is owned by the caller:
 * log_tally_free(). */
int local_logs_tally(const char *root, char *const *files, size_t n_files, int64_t boot_us, bool quiet,
                     struct log_tally *ret);
void log_tally_free(struct log_tally *t); /* NULL-safe; leaves *t zeroed */
