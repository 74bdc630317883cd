/* log_line.h — one logical kernel log line with the container around it
 * taken apart: whatever wrapped the kernel's text (dmesg, dmesg -T in any
 * locale, dmesg --time-format iso, /dev/kmsg records, RFC 3164 and RFC 3339
 * syslog, journalctl short/short-iso/short-precise/short-monotonic/json/
 * export, rsyslog #012 escapes, printk caller ids, e-mail quoting) is
 * reduced to the text the kernel printed plus the metadata the wrapper
 * carried (host, wall-clock time, monotonic time, level).
 *
 * The splitter is pure: it is fed raw input lines and calls back with zero
 * or more logical lines.  It never does I/O.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LOG_HOST_MAX 64

/* How the container was recognised; kept for diagnostics and for the
 * "source" of an event.  LOG_FMT_TEXT is bare kernel text (pasted). */
enum log_format {
        LOG_FMT_TEXT,
        LOG_FMT_DMESG,          /* [  123.456789] text */
        LOG_FMT_DMESG_CTIME,    /* [Sun Nov 27 21:02:21 2022] text, any locale */
        LOG_FMT_DMESG_ISO,      /* 2022-11-27T21:02:21,123456+01:00 text */
        LOG_FMT_KMSG,           /* 6,1234,5678901,-;text */
        LOG_FMT_SYSLOG,         /* Nov 27 21:02:21 host kernel: text */
        LOG_FMT_SYSLOG_ISO,     /* 2022-11-27T21:02:21.123+01:00 host kernel: text */
        LOG_FMT_JOURNAL_MONO,   /* [  123.456789] host kernel: text */
        LOG_FMT_JOURNAL_JSON,   /* {"MESSAGE": ...} */
        LOG_FMT_JOURNAL_EXPORT, /* KEY=value blocks */
};

struct log_line {
        const char *text; /* kernel text, prefixes stripped, not NUL-terminated */
        size_t text_len;

        char host[LOG_HOST_MAX]; /* "" when the container names no host */

        bool has_wall;       /* wall_us is valid */
        int64_t wall_us;     /* µs since the epoch, UTC when tz_known, else local clock read as UTC */
        bool tz_known;       /* the container gave a UTC offset (or it is UTC) */
        int tz_off_min;      /* that offset, minutes east of UTC */
        bool year_inferred;  /* RFC 3164 / journal short: the year was guessed */

        bool has_mono;       /* mono_us is valid */
        int64_t mono_us;     /* kernel timestamp, µs since boot */

        int level;           /* 0..7 when the container said, else -1 */
        bool from_kernel;    /* false only when the container names another program */
        bool continuation;   /* a later line of a multi-line printk record
                                (indented dmesg/journal continuation, kmsg \x0a,
                                rsyslog #012, journal MESSAGE with \n); a
                                record that names a task (kill, trigger,
                                task row, oom-kill:, Comm:, …) is never split:
                                its newline is a byte of the name, kept in text */
        enum log_format format;
        bool truncated;      /* the text was cut at an internal bound (64 KiB
                                input line, 8 KiB kmsg record or journal
                                MESSAGE); the kernel text continues */
};

typedef void (*log_line_cb)(const struct log_line *line, void *userdata);

struct log_splitter;

/* REFERENCE_TIME (seconds since the epoch, e.g. the file's mtime; 0 = now)
 * is used to infer the missing year of RFC 3164 timestamps: the year is
 * chosen so that the stamp is not later than the reference, walking back
 * across a year wrap. */
struct log_splitter *log_splitter_new(long long reference_time);
void log_splitter_free(struct log_splitter *s); /* NULL-safe */

/* Feeds one raw input line (without its '\n'; a trailing '\r' is allowed).
 * Calls CB for each logical line it yields, possibly none (a journal export
 * entry is only emitted at its terminating blank line).  Pointers inside
 * the log_line are valid only during the callback. */
void log_splitter_feed(struct log_splitter *s, const char *raw, size_t len,
                       log_line_cb cb, void *userdata);

/* Flushes a pending record (journal export entry without final blank line). */
void log_splitter_finish(struct log_splitter *s, log_line_cb cb, void *userdata);

/* True while the splitter is inside a record that spans raw lines (journal
 * export), so a caller that skips lines must feed every line. */
bool log_splitter_needs_every_line(const struct log_splitter *s);
