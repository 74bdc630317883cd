/* source.h — byte streams the analyzer reads: a file or stdin, transparently
 * decompressed (gzip, xz, zstd detected by magic bytes, never by name).
 *
 * A source only moves bytes; it knows nothing about lines or kernel text.
 * Errors follow the project convention: int return, < 0 is -errno
 * (-EBADMSG for corrupt compressed data), results through ret_ pointers.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct source;

enum source_codec {
        SOURCE_PLAIN,
        SOURCE_GZIP,
        SOURCE_XZ,
        SOURCE_ZSTD,
};

/* Opens PATH ("-" is stdin) and sniffs its first bytes for a compression
 * magic.  On success *ret owns the stream.  Fails with -errno when the file
 * cannot be opened (the caller turns that into a message). */
int source_open(const char *path, struct source **ret);

/* Wraps an already open descriptor; NAME is used in messages.  Takes
 * ownership of FD. */
int source_open_fd(int fd, const char *name, struct source **ret);

/* Reads up to LEN decompressed bytes.  Returns the byte count, 0 at the end
 * of the stream, or -errno.  A truncated or corrupt compressed stream
 * returns what could be decoded, then -EBADMSG; source_error() says why. */
ssize_t source_read(struct source *s, void *buf, size_t len);

/* Reads /dev/kmsg (or PATH, for tests) whole without blocking: every record
 * currently in the ring buffer, then EOF.  Output bytes are the records as
 * the kernel gives them, "pri,seq,usec,flags[,caller=..];text" each
 * followed by '\n' (the kernel's "\n KEY=value" dictionary lines are kept
 * as they come).  -EPIPE from read (records overwritten while reading) is
 * skipped and reading continues; EAGAIN means the end.  A regular file or
 * pipe is passed through as bytes, minus a NUL byte that starts a record
 * (the separator of dumps that write each record followed by NUL).  PATH
 * NULL is /dev/kmsg.  Fails with -errno if the file cannot be opened
 * (EACCES/EPERM when not allowed: the caller will say "needs root or
 * CAP_SYSLOG / kernel.dmesg_restrict=0"). */
int source_open_kmsg(const char *path, struct source **ret);

/* The same on an open descriptor (see root_open.h for opening one safely);
 * NAME is used in messages.  Takes ownership of FD, also on failure. */
int source_open_kmsg_fd(int fd, const char *name, struct source **ret);

/* Reads the kernel messages (_TRANSPORT=kernel) of every boot the systemd
 * journal keeps, oldest first, through libsystemd's sd-journal.  DIRECTORY
 * NULL = the system journal (sd_journal_open with
 * SD_JOURNAL_LOCAL_ONLY|SD_JOURNAL_SYSTEM); else sd_journal_open_directory
 * (for tests, and for a copied /var/log/journal).  Output bytes: one JSON
 * object per entry per line, the fields journalctl -o json would print for
 * __REALTIME_TIMESTAMP, __MONOTONIC_TIMESTAMP, _BOOT_ID, PRIORITY,
 * _HOSTNAME, _SOURCE_MONOTONIC_TIMESTAMP and MESSAGE (those present, in
 * that order), all values strings: JSON-escaped when journalctl deems them
 * printable UTF-8 (\n and \t allowed), else an array of byte numbers, as
 * journalctl does for invalid UTF-8 and control characters.  Unlike
 * journalctl without --all, long values are not replaced by null.  Fails
 * with -errno when the journal cannot be opened; an empty journal is not
 * an error (0 bytes). */
int source_open_journal(const char *directory, struct source **ret);

/* The same for the journal files FDS (N of them, open for reading; see
 * root_open.h), interleaved like one journal; NAME is used in messages.
 * Takes ownership of the descriptors, also on failure.  Fails with the
 * -errno of sd_journal_open_files_fd() when one of them is not a journal
 * file it can read. */
int source_open_journal_fds(int *fds, size_t n, const char *name, struct source **ret);

/* True when PATH starts with the journal file signature "LPKSHHRH": such a
 * file is read with source_open_journal(PATH), not as text. */
bool source_is_journal_file(const char *path);
/* The same for an open file (read with pread: the offset stays). */
bool source_fd_is_journal(int fd);

enum source_codec source_codec(const struct source *s);
const char *source_name(const struct source *s);
/* Human-readable reason of the last -EBADMSG, or NULL. */
const char *source_error(const struct source *s);
/* Modification time of the underlying file (seconds since the epoch), or 0
 * for pipes; used to infer the year of RFC 3164 timestamps. */
long long source_mtime(const struct source *s);

void source_free(struct source *s); /* NULL-safe */
