/* source_kmsg.c — the kernel ring buffer through /dev/kmsg, read whole and
 * without blocking, as one byte stream of records.
 *
 * Facts about the device (Documentation/ABI/testing/dev-kmsg): each read()
 * returns exactly one record, "pri,seq,usec,flags[,caller=..];text\n"
 * followed by "\n KEY=value" dictionary lines when the record has them;
 * non-printable bytes of the text, newlines included, arrive escaped as
 * \xNN.  A fresh open starts at the oldest record still in the buffer.
 * read() fails with EINVAL when the buffer is smaller than the record
 * (the kernel formats records into CONSOLE_EXT_LOG_MAX = 8 KiB), EPIPE
 * when records were overwritten since the last read (the next read
 * continues at the oldest remaining one), and EAGAIN under O_NONBLOCK when
 * no record is left.
 *
 * A regular file or pipe given as PATH (a saved dump, a test fixture) is
 * passed through as bytes, except that a NUL byte at the start of a record
 * is dropped: dumps made by writing each record followed by NUL (the
 * layout of util-linux's kmsg test inputs) then read like the device.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "source_internal.h"

/* Twice the kernel's 8 KiB record limit, with room for a '\n' we may add. */
#define KMSG_RECORD_MAX (16u * 1024u)

struct kmsg_state {
        bool device;        /* a character device: one record per read() */
        bool at_record;     /* file mode: the next byte starts a record */
        bool eof;
        size_t rec_pos, rec_len;
        uint8_t rec[KMSG_RECORD_MAX];
};

/* Reads the next record into the state's buffer; 0 at the end. */
static int kmsg_next_record(struct kmsg_state *k, int fd) {
        for (;;) {
                ssize_t n = read(fd, k->rec, sizeof(k->rec) - 1);
                if (n > 0) {
                        k->rec_pos = 0;
                        k->rec_len = (size_t) n;
                        if (k->rec[k->rec_len - 1] != '\n')
                                k->rec[k->rec_len++] = '\n';
                        return 1;
                }
                if (n == 0 || errno == EAGAIN) {
                        k->eof = true;
                        return 0;
                }
                if (errno == EINTR || errno == EPIPE)
                        continue; /* EPIPE: records were lost, go on */
                return -errno;
        }
}

static int kmsg_read_device(struct source *s, struct kmsg_state *k, uint8_t *buf, size_t len,
                            size_t *ret_produced) {
        size_t produced = 0;
        int r = 0;

        while (produced < len) {
                size_t n;

                if (k->rec_pos == k->rec_len) {
                        if (k->eof)
                                break;
                        r = kmsg_next_record(k, s->fd);
                        if (r <= 0)
                                break;
                }
                n = k->rec_len - k->rec_pos;
                if (n > len - produced)
                        n = len - produced;
                memcpy(buf + produced, k->rec + k->rec_pos, n);
                k->rec_pos += n;
                produced += n;
        }
        *ret_produced = produced;
        return r < 0 ? r : 0;
}

/* Drops NUL bytes that start a record, in place; returns the new length. */
static size_t kmsg_drop_separators(struct kmsg_state *k, uint8_t *buf, size_t n) {
        size_t j = 0;

        for (size_t i = 0; i < n; i++) {
                if (buf[i] == '\0' && k->at_record)
                        continue;
                buf[j++] = buf[i];
                k->at_record = buf[i] == '\n';
        }
        return j;
}

static int kmsg_read_file(struct source *s, struct kmsg_state *k, uint8_t *buf, size_t len,
                          size_t *ret_produced) {
        *ret_produced = 0;
        while (!k->eof) {
                ssize_t n = source_read_fd(s->fd, buf, len);
                if (n < 0)
                        return (int) n;
                if (n == 0) {
                        k->eof = true;
                        break;
                }
                *ret_produced = kmsg_drop_separators(k, buf, (size_t) n);
                if (*ret_produced > 0)
                        break;
        }
        return 0;
}

static int kmsg_read(struct source *s, uint8_t *buf, size_t len, size_t *ret_produced) {
        struct kmsg_state *k = s->state;

        if (k->device)
                return kmsg_read_device(s, k, buf, len, ret_produced);
        return kmsg_read_file(s, k, buf, len, ret_produced);
}

static void kmsg_free(struct source *s) {
        free(s->state);
}

static const struct source_backend kmsg_backend = {
        .read = kmsg_read,
        .free = kmsg_free,
};

int source_open_kmsg_fd(int fd, const char *name, struct source **ret) {
        struct kmsg_state *k;
        struct source *s;
        struct stat st;

        if (fd < 0 || !ret)
                return -EINVAL;
        if (fstat(fd, &st) < 0) {
                int r = -errno;
                close(fd);
                return r;
        }
        if (S_ISDIR(st.st_mode)) {
                close(fd);
                return -EISDIR;
        }
        /* The device: the end of the ring buffer is EAGAIN, not a wait.  A
         * pipe or FIFO given as PATH is read to its end, blocking. */
        int fl = fcntl(fd, F_GETFL);
        if (fl >= 0)
                (void) fcntl(fd, F_SETFL, S_ISCHR(st.st_mode) ? fl | O_NONBLOCK : fl & ~O_NONBLOCK);

        k = calloc(1, sizeof(*k));
        s = k ? source_alloc(name, fd, &kmsg_backend) : NULL;
        if (!s) {
                free(k);
                close(fd);
                return -ENOMEM;
        }
        k->device = S_ISCHR(st.st_mode);
        k->at_record = true;
        s->state = k;
        s->mtime = S_ISREG(st.st_mode) ? (long long) st.st_mtime : 0;
        *ret = s;
        return 0;
}

int source_open_kmsg(const char *path, struct source **ret) {
        if (!ret)
                return -EINVAL;
        if (!path)
                path = "/dev/kmsg";
        /* O_NONBLOCK from the start: neither the device nor a FIFO makes the
         * open itself wait */
        int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
        if (fd < 0)
                return -errno;
        return source_open_kmsg_fd(fd, path, ret);
}
