/* source_internal.h — what the source backends (plain, gzip, xz, zstd in
 * source.c; /dev/kmsg in source_kmsg.c; the journal in source_journal.c)
 * share: the struct behind the opaque handle and the small vtable through
 * which source_read() and source_free() reach a backend.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "source.h"

struct source_backend {
        /* Writes up to LEN bytes to BUF and stores their count in
         * *RET_PRODUCED, also on failure (bytes decoded before an error are
         * still delivered).  Returns 0, or -errno once the stream is broken;
         * 0 with nothing produced is the end of the stream.  Never called
         * with LEN == 0. */
        int (*read)(struct source *s, uint8_t *buf, size_t len, size_t *ret_produced);
        /* Releases the backend's state; the fd and input buffer belong to
         * struct source and are released by source_free(). */
        void (*free)(struct source *s);
};

#define SOURCE_ERROR_MAX 160

struct source {
        const struct source_backend *backend;
        void *state;               /* owned by the backend */
        char *name;
        enum source_codec codec;
        long long mtime;
        int fd;                    /* -1 when the backend has none */

        /* Raw (compressed) input: bytes in[in_pos, in_len) are unread.  For
         * plain streams it only holds the bytes read while sniffing. */
        uint8_t *in;
        size_t in_cap, in_pos, in_len;
        bool in_eof;

        int failed;                /* sticky -errno once a read failed */
        char error[SOURCE_ERROR_MAX];
};

/* Allocates a source named NAME reading FD (may be -1) through BACKEND;
 * the fd is owned by the new source.  Returns NULL on ENOMEM (FD is then
 * left open for the caller to close). */
struct source *source_alloc(const char *name, int fd, const struct source_backend *backend);

/* Records why the stream is broken (for source_error()) and returns ERR. */
int source_fail(struct source *s, int err, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

/* read(2) that retries EINTR and waits on EAGAIN (a stdin someone left
 * O_NONBLOCK).  Returns the count, 0 at EOF, or -errno. */
ssize_t source_read_fd(int fd, void *buf, size_t len);

/* Modification time for source_mtime(): st_mtime of a regular file, else 0. */
long long source_stat_mtime(int fd);
