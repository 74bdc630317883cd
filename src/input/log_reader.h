/* log_reader.h — the input layer's one entry: logs read into a log set
 * (the events found, de-duplication pending, and what each input gave).
 * analyze reads the files it is given or this machine's logs; check
 * counts the kills of the same logs (log_tally.h); watch and history will
 * read the same way.  May call: parse, model, util.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event_list.h"

/* What was read from one input, for the report's "sources" section. */
struct input_summary {
        const char *name;
        const char *kind;        /* "file", "stdin", "kmsg", "journal" */
        uint64_t bytes, lines;
        uint64_t long_lines;
        int error;               /* 0, or -errno: unreadable or stopped early */
        const char *error_text;  /* decoder's reason, or NULL */
        size_t events;           /* events found in it (before de-duplication) */
};

struct log_set {
        struct event_list events;
        struct input_summary *inputs;
        size_t n_inputs;
};

struct log_read_options {
        const char *root;          /* a captured tree the machine's logs are read in; NULL or "/": this machine */
        bool have_boot;
        int64_t boot_us;           /* boot time for monotonic-only events (--boot-time) */
        bool quiet;                /* no message for an unreadable input */
        long long reference_time;  /* for the year of RFC 3164 stamps; 0 = the file's mtime */
};

/* PATH ("-": standard input): a file in any container (plain, gz, xz,
 * zst, journal JSON or export, kmsg dump, a journal file or directory), or
 * /dev/kmsg itself.  An unreadable input is recorded (and named on stderr
 * unless quiet). */
void log_read_path(struct log_set *s, const char *path, const struct log_read_options *o);

/* This machine's logs, or those under o->root: /dev/kmsg, the systemd
 * journal, /var/log/{messages,syslog,kern.log} and their rotations. */
void log_read_local(struct log_set *s, const struct log_read_options *o);

/* The exit status the set calls for: 0 found, 1 none, 3 partial, 4 no
 * input readable (exit_codes.h). */
int log_set_status(const struct log_set *s);

void log_set_free(struct log_set *s);
