/* source.c — byte streams from a file or stdin, decompressed by magic:
 * the shared handle (source_read/free/name/error/mtime), sniffing, and the
 * plain, gzip (zlib), xz (liblzma) and zstd (libzstd) backends.  /dev/kmsg
 * and the journal live in source_kmsg.c and source_journal.c.
 *
 * Memory stays a few MiB whatever the input size: one compressed-input
 * buffer plus the decoder's own window (gzip 32 KiB, xz the dictionary the
 * file asks for, capped below, zstd at most 128 MiB window by libzstd's
 * default limit — 8 MiB or less for files made with levels up to 19).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <lzma.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "source_internal.h"

/* Compressed input is read in chunks this big: large enough that read()
 * calls cost nothing next to decompression, small enough to not matter. */
#define SOURCE_INPUT_BUFFER (256u * 1024u)

/* liblzma refuses streams that need more memory than this.  xz -9 needs
 * 65 MiB to decode; a header asking for more is hostile or exotic. */
#define SOURCE_XZ_MEMLIMIT (256u * 1024u * 1024u)

static const uint8_t magic_gzip[] = { 0x1f, 0x8b };
static const uint8_t magic_xz[] = { 0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00 };
static const uint8_t magic_zstd[] = { 0x28, 0xb5, 0x2f, 0xfd };

/* ---- shared handle ---------------------------------------------------- */

struct source *source_alloc(const char *name, int fd, const struct source_backend *backend) {
        struct source *s = calloc(1, sizeof(*s));
        if (!s)
                return NULL;
        s->name = strdup(name ? name : "");
        if (!s->name) {
                free(s);
                return NULL;
        }
        s->fd = fd;
        s->backend = backend;
        s->codec = SOURCE_PLAIN;
        return s;
}

int source_fail(struct source *s, int err, const char *fmt, ...) {
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(s->error, sizeof(s->error), fmt, ap);
        va_end(ap);
        return err;
}

ssize_t source_read_fd(int fd, void *buf, size_t len) {
        if (len > SSIZE_MAX)
                len = SSIZE_MAX;
        for (;;) {
                ssize_t n = read(fd, buf, len);
                if (n >= 0)
                        return n;
                if (errno == EINTR)
                        continue;
                if (errno == EAGAIN) {
                        struct pollfd p = { .fd = fd, .events = POLLIN };
                        if (poll(&p, 1, -1) < 0 && errno != EINTR)
                                return -errno;
                        continue;
                }
                return -errno;
        }
}

long long source_stat_mtime(int fd) {
        struct stat st;

        if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))
                return 0;
        return (long long) st.st_mtime;
}

ssize_t source_read(struct source *s, void *buf, size_t len) {
        size_t produced = 0;
        int r;

        if (!s || !buf)
                return -EINVAL;
        if (s->failed)
                return s->failed;
        if (len == 0)
                return 0;
        if (len > SSIZE_MAX)
                len = SSIZE_MAX;
        r = s->backend->read(s, buf, len, &produced);
        if (r < 0)
                s->failed = r;
        if (produced > 0)
                return (ssize_t) produced;
        return r;
}

enum source_codec source_codec(const struct source *s) {
        return s ? s->codec : SOURCE_PLAIN;
}

const char *source_name(const struct source *s) {
        return s ? s->name : NULL;
}

const char *source_error(const struct source *s) {
        return s && s->error[0] ? s->error : NULL;
}

long long source_mtime(const struct source *s) {
        return s ? s->mtime : 0;
}

void source_free(struct source *s) {
        if (!s)
                return;
        if (s->backend && s->backend->free)
                s->backend->free(s);
        if (s->fd >= 0)
                close(s->fd);
        free(s->in);
        free(s->name);
        free(s);
}

/* ---- raw input buffer ------------------------------------------------- */

/* Refills the input buffer once it is drained.  Sets in_eof at the end. */
static int input_fill(struct source *s) {
        ssize_t n;

        if (s->in_pos < s->in_len || s->in_eof)
                return 0;
        s->in_pos = s->in_len = 0;
        n = source_read_fd(s->fd, s->in, s->in_cap);
        if (n < 0)
                return (int) n;
        if (n == 0)
                s->in_eof = true;
        s->in_len = (size_t) n;
        return 0;
}

static bool input_empty(const struct source *s) {
        return s->in_pos >= s->in_len;
}

static bool input_has_magic(const struct source *s, const uint8_t *magic, size_t len) {
        return s->in_len >= len && memcmp(s->in, magic, len) == 0;
}

/* True while the bytes read so far could still grow into MAGIC. */
static bool input_may_be(const struct source *s, const uint8_t *magic, size_t len) {
        return s->in_len < len && memcmp(s->in, magic, s->in_len) == 0;
}

/* Reads until the first bytes decide the codec or the input ends: a pipe
 * may deliver them in several pieces, and cannot be rewound, so whatever
 * is read here is served again by the backend.  Input whose first byte
 * starts no magic (nearly all text) is decided without waiting for more. */
static int input_sniff(struct source *s) {
        while (!s->in_eof && (input_may_be(s, magic_gzip, sizeof(magic_gzip)) ||
                              input_may_be(s, magic_xz, sizeof(magic_xz)) ||
                              input_may_be(s, magic_zstd, sizeof(magic_zstd)))) {
                ssize_t n = source_read_fd(s->fd, s->in + s->in_len, s->in_cap - s->in_len);
                if (n < 0)
                        return (int) n;
                if (n == 0)
                        s->in_eof = true;
                s->in_len += (size_t) n;
        }
        return 0;
}

/* ---- plain ------------------------------------------------------------ */

static int plain_read(struct source *s, uint8_t *buf, size_t len, size_t *ret_produced) {
        ssize_t n;

        if (!input_empty(s)) {
                size_t k = s->in_len - s->in_pos;
                if (k > len)
                        k = len;
                memcpy(buf, s->in + s->in_pos, k);
                s->in_pos += k;
                if (input_empty(s)) {
                        /* Sniffed bytes are served; later reads go straight
                         * to the caller's buffer. */
                        free(s->in);
                        s->in = NULL;
                        s->in_cap = s->in_pos = s->in_len = 0;
                }
                *ret_produced = k;
                return 0;
        }
        if (s->in_eof) {
                /* The sniff already saw the end. */
                *ret_produced = 0;
                return 0;
        }
        n = source_read_fd(s->fd, buf, len);
        if (n < 0)
                return (int) n;
        *ret_produced = (size_t) n;
        return 0;
}

static const struct source_backend plain_backend = {
        .read = plain_read,
};

/* Decoders make progress whenever both buffers have room; a few calls in a
 * row without any is a decoder that is stuck on bad input. */
#define SOURCE_STALL_MAX 4

/* ---- gzip ------------------------------------------------------------- */

struct gzip_state {
        z_stream z;
        bool member_done;  /* the last member ended at its trailer */
        bool in_padding;   /* zero bytes after a member (tape-style padding) */
};

/* After a complete member: another member follows (cat a.gz b.gz, or a
 * logrotate that appends), or zero padding, which gzip(1) ignores too.
 * Returns 1 when a new member starts, 0 to go on skipping, or -EBADMSG. */
static int gzip_next_member(struct source *s, struct gzip_state *g) {
        if (s->in[s->in_pos] == 0) {
                s->in_pos++;
                g->in_padding = true;
                return 0;
        }
        if (g->in_padding || s->in[s->in_pos] != magic_gzip[0])
                return source_fail(s, -EBADMSG, "gzip: trailing garbage after compressed data");
        if (inflateReset(&g->z) != Z_OK)
                return source_fail(s, -EBADMSG, "gzip: cannot restart decoder");
        g->member_done = false;
        return 1;
}

static int gzip_error(struct source *s, const struct gzip_state *g, int zr) {
        if (zr == Z_MEM_ERROR)
                return -ENOMEM;
        return source_fail(s, -EBADMSG, "gzip: corrupt data (%s)", g->z.msg ? g->z.msg : "unknown error");
}

static int gzip_read(struct source *s, uint8_t *buf, size_t len, size_t *ret_produced) {
        struct gzip_state *g = s->state;
        uInt out_cap = len > UINT_MAX ? UINT_MAX : (uInt) len;
        unsigned stalls = 0;
        int r = 0;

        g->z.next_out = buf;
        g->z.avail_out = out_cap;
        while (g->z.avail_out > 0) {
                uInt avail, out_before = g->z.avail_out;
                size_t left;
                int zr;

                if (input_empty(s) && !s->in_eof) {
                        r = input_fill(s);
                        if (r < 0)
                                break;
                        continue;
                }
                if (g->member_done) {
                        if (input_empty(s))
                                break; /* clean end after the last member */
                        r = gzip_next_member(s, g);
                        if (r < 0)
                                break;
                        continue;
                }
                /* At EOF inflate still runs with no input: it may hold
                 * decoded bytes that did not fit in the last call. */
                left = s->in_len - s->in_pos;
                avail = left > UINT_MAX ? UINT_MAX : (uInt) left;
                g->z.next_in = s->in + s->in_pos;
                g->z.avail_in = avail;
                zr = inflate(&g->z, Z_NO_FLUSH);
                s->in_pos += avail - g->z.avail_in;
                if (zr == Z_STREAM_END) {
                        g->member_done = true;
                        continue;
                }
                if (zr != Z_OK && zr != Z_BUF_ERROR) {
                        r = gzip_error(s, g, zr);
                        break;
                }
                if (g->z.avail_out != out_before || g->z.avail_in != avail)
                        stalls = 0;
                else if (input_empty(s) && s->in_eof) {
                        r = source_fail(s, -EBADMSG, "gzip stream truncated");
                        break;
                } else if (++stalls > SOURCE_STALL_MAX) {
                        r = source_fail(s, -EBADMSG, "gzip: decoder makes no progress");
                        break;
                }
        }
        *ret_produced = out_cap - g->z.avail_out;
        return r;
}

static void gzip_free(struct source *s) {
        struct gzip_state *g = s->state;

        if (!g)
                return;
        inflateEnd(&g->z);
        free(g);
}

static const struct source_backend gzip_backend = {
        .read = gzip_read,
        .free = gzip_free,
};

static int gzip_init(struct source *s) {
        struct gzip_state *g = calloc(1, sizeof(*g));

        if (!g)
                return -ENOMEM;
        /* 15 + 16: a 32 KiB window, gzip wrapper only (the magic already
         * said gzip; a zlib or raw stream after a member is garbage). */
        if (inflateInit2(&g->z, 15 + 16) != Z_OK) {
                free(g);
                return -ENOMEM;
        }
        s->state = g;
        s->backend = &gzip_backend;
        s->codec = SOURCE_GZIP;
        return 0;
}

/* ---- xz --------------------------------------------------------------- */

struct xz_state {
        lzma_stream z;
        bool done;
};

static int xz_error(struct source *s, lzma_ret lr) {
        switch (lr) {
        case LZMA_MEM_ERROR:
                return -ENOMEM;
        case LZMA_MEMLIMIT_ERROR:
                /* not damage: the file may be whole, oomlens declines to decode it */
                return source_fail(s, -E2BIG, "xz: stream needs more than %u MiB of memory",
                                   SOURCE_XZ_MEMLIMIT >> 20);
        case LZMA_FORMAT_ERROR:
                return source_fail(s, -EBADMSG, "xz: not in .xz format");
        case LZMA_OPTIONS_ERROR:
                return source_fail(s, -EBADMSG, "xz: unsupported options");
        case LZMA_BUF_ERROR:
                return source_fail(s, -EBADMSG, "xz stream truncated");
        default:
                return source_fail(s, -EBADMSG, "xz: corrupt data");
        }
}

static int xz_read(struct source *s, uint8_t *buf, size_t len, size_t *ret_produced) {
        struct xz_state *x = s->state;
        int r = 0;

        x->z.next_out = buf;
        x->z.avail_out = len;
        while (x->z.avail_out > 0 && !x->done) {
                lzma_action action;
                lzma_ret lr;

                if (input_empty(s) && !s->in_eof) {
                        r = input_fill(s);
                        if (r < 0)
                                break;
                        continue;
                }
                /* LZMA_FINISH once the input is exhausted: a stream that
                 * ends early then fails with LZMA_BUF_ERROR (truncated). */
                action = input_empty(s) && s->in_eof ? LZMA_FINISH : LZMA_RUN;
                x->z.next_in = s->in + s->in_pos;
                x->z.avail_in = s->in_len - s->in_pos;
                lr = lzma_code(&x->z, action);
                s->in_pos = s->in_len - x->z.avail_in;
                if (lr == LZMA_STREAM_END)
                        x->done = true;
                else if (lr != LZMA_OK) {
                        r = xz_error(s, lr);
                        break;
                }
        }
        *ret_produced = len - x->z.avail_out;
        return r;
}

static void xz_free(struct source *s) {
        struct xz_state *x = s->state;

        if (!x)
                return;
        lzma_end(&x->z);
        free(x);
}

static const struct source_backend xz_backend = {
        .read = xz_read,
        .free = xz_free,
};

static int xz_init(struct source *s) {
        struct xz_state *x = calloc(1, sizeof(*x));

        if (!x)
                return -ENOMEM;
        x->z = (lzma_stream) LZMA_STREAM_INIT;
        /* LZMA_CONCATENATED: `cat a.xz b.xz` (and stream padding) decodes
         * as one, like xz -d does. */
        if (lzma_stream_decoder(&x->z, SOURCE_XZ_MEMLIMIT, LZMA_CONCATENATED) != LZMA_OK) {
                free(x);
                return -ENOMEM;
        }
        s->state = x;
        s->backend = &xz_backend;
        s->codec = SOURCE_XZ;
        return 0;
}

/* ---- zstd ------------------------------------------------------------- */

struct zstd_state {
        ZSTD_DStream *z;
        bool frame_done; /* the last call finished a frame and flushed it */
};

static int zstd_read(struct source *s, uint8_t *buf, size_t len, size_t *ret_produced) {
        struct zstd_state *d = s->state;
        ZSTD_outBuffer out = { .dst = buf, .size = len, .pos = 0 };
        unsigned stalls = 0;
        int r = 0;

        while (out.pos < out.size) {
                ZSTD_inBuffer in;
                size_t zr, out_before = out.pos;

                if (input_empty(s) && !s->in_eof) {
                        r = input_fill(s);
                        if (r < 0)
                                break;
                        continue;
                }
                if (input_empty(s) && d->frame_done)
                        break; /* clean end between frames */
                /* Called with no input at EOF too, to flush what the
                 * decoder holds; libzstd decodes one frame after another. */
                in = (ZSTD_inBuffer){ .src = s->in + s->in_pos, .size = s->in_len - s->in_pos, .pos = 0 };
                zr = ZSTD_decompressStream(d->z, &out, &in);
                s->in_pos += in.pos;
                if (ZSTD_isError(zr)) {
                        r = source_fail(s, -EBADMSG, "zstd: %s", ZSTD_getErrorName(zr));
                        break;
                }
                d->frame_done = zr == 0;
                if (out.pos != out_before || in.pos > 0)
                        stalls = 0;
                else if (input_empty(s) && s->in_eof) {
                        r = source_fail(s, -EBADMSG, "zstd stream truncated");
                        break;
                } else if (++stalls > SOURCE_STALL_MAX) {
                        r = source_fail(s, -EBADMSG, "zstd: decoder makes no progress");
                        break;
                }
        }
        *ret_produced = out.pos;
        return r;
}

static void zstd_free(struct source *s) {
        struct zstd_state *d = s->state;

        if (!d)
                return;
        ZSTD_freeDStream(d->z);
        free(d);
}

static const struct source_backend zstd_backend = {
        .read = zstd_read,
        .free = zstd_free,
};

static int zstd_init(struct source *s) {
        struct zstd_state *d = calloc(1, sizeof(*d));

        if (!d)
                return -ENOMEM;
        d->z = ZSTD_createDStream();
        if (!d->z || ZSTD_isError(ZSTD_initDStream(d->z))) {
                ZSTD_freeDStream(d->z);
                free(d);
                return -ENOMEM;
        }
        s->state = d;
        s->backend = &zstd_backend;
        s->codec = SOURCE_ZSTD;
        return 0;
}

/* ---- opening ---------------------------------------------------------- */

/* Picks the backend from the first bytes, never from the name: rotated
 * logs are misnamed often enough (a .gz that is plain text). */
static int source_pick_codec(struct source *s) {
        if (input_has_magic(s, magic_xz, sizeof(magic_xz)))
                return xz_init(s);
        if (input_has_magic(s, magic_zstd, sizeof(magic_zstd)))
                return zstd_init(s);
        if (input_has_magic(s, magic_gzip, sizeof(magic_gzip)))
                return gzip_init(s);
        return 0; /* plain_backend, set by source_alloc's caller */
}

int source_open_fd(int fd, const char *name, struct source **ret) {
        struct source *s;
        struct stat st;
        int r;

        if (fd < 0 || !ret)
                return -EINVAL;
        if (fstat(fd, &st) < 0) {
                r = -errno;
                close(fd);
                return r;
        }
        if (S_ISDIR(st.st_mode)) {
                close(fd);
                return -EISDIR;
        }
        if (S_ISREG(st.st_mode))
                (void) posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);

        s = source_alloc(name, fd, &plain_backend);
        if (!s) {
                close(fd);
                return -ENOMEM;
        }
        s->mtime = S_ISREG(st.st_mode) ? (long long) st.st_mtime : 0;
        s->in_cap = SOURCE_INPUT_BUFFER;
        s->in = malloc(s->in_cap);
        r = s->in ? input_sniff(s) : -ENOMEM;
        if (r >= 0)
                r = source_pick_codec(s);
        if (r < 0) {
                source_free(s);
                return r;
        }
        *ret = s;
        return 0;
}

int source_open(const char *path, struct source **ret) {
        int fd;

        if (!path || !ret)
                return -EINVAL;
        if (strcmp(path, "-") == 0) {
                /* A duplicate, so that source_free() leaves fd 0 alone. */
                fd = fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 3);
                if (fd < 0)
                        return -errno;
                return source_open_fd(fd, "(standard input)", ret);
        }
        fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
        if (fd < 0)
                return -errno;
        return source_open_fd(fd, path, ret);
}
