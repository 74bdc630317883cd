/* source_journal.c — kernel messages from the systemd journal (every boot
 * it keeps, oldest first) as a byte stream of journalctl -o json lines, so
 * the rest of oomlens reads a journal the way it reads a saved
 * `journalctl -k -o json` file.
 *
 * Format facts (systemd 252 journalctl -o json): one compact object per
 * line, every value a string, __REALTIME_TIMESTAMP/__MONOTONIC_TIMESTAMP in
 * decimal µs and _BOOT_ID (32 hex digits) taken from the entry header.  A
 * value is written as a string only when it is valid UTF-8 without
 * control characters other than \n and \t (C0, DEL and the C1 range
 * U+0080..U+009F count as control); otherwise it becomes an array of its
 * byte values.  journalctl also replaces fields of 4096 bytes or more by
 * null unless --all is given; we keep them (up to JOURNAL_FIELD_MAX).
 */
#include <errno.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <systemd/sd-journal.h>

#include "escape.h"
#include "source_internal.h"

/* Longest field value written.  Kernel records are at most ~1 KiB of
 * text, and sd-journal by default returns at most 64 KiB of a compressed
 * field anyway; a longer value is cut (hostile or not from the kernel). */
#define JOURNAL_FIELD_MAX (64u * 1024u)

struct jbuf {
        char *data;
        size_t len, cap;
};

struct journal_state {
        sd_journal *j;
        int *fds;         /* the files of source_open_journal_fds(), or NULL */
        size_t n_fds;
        bool eof;
        struct jbuf line; /* the current entry; bytes [pos, line.len) unread */
        size_t pos;
};

static int jbuf_grow(struct jbuf *b, size_t more) {
        size_t cap;
        char *p;

        if (b->cap - b->len >= more)
                return 0;
        cap = b->cap ? b->cap : 1024;
        while (cap - b->len < more)
                cap *= 2;
        p = realloc(b->data, cap);
        if (!p)
                return -ENOMEM;
        b->data = p;
        b->cap = cap;
        return 0;
}

static int jbuf_put(struct jbuf *b, const void *p, size_t n) {
        int r = jbuf_grow(b, n);

        if (r < 0)
                return r;
        memcpy(b->data + b->len, p, n);
        b->len += n;
        return 0;
}

static int jbuf_puts(struct jbuf *b, const char *s) {
        return jbuf_put(b, s, strlen(s));
}

__attribute__((format(printf, 2, 3))) static int jbuf_printf(struct jbuf *b, const char *fmt, ...) {
        char tmp[64];
        va_list ap;
        int n;

        va_start(ap, fmt);
        n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
        va_end(ap);
        if (n < 0 || (size_t) n >= sizeof(tmp))
                return -EINVAL;
        return jbuf_put(b, tmp, (size_t) n);
}

static bool journal_printable(const uint8_t *p, size_t n) {
        while (n > 0) {
                uint32_t cp = 0;
                size_t k = utf8_decode((const char *)p, n, &cp);
                if (k == 0)
                        return false;
                /* journalctl also writes noncharacters as byte arrays */
                if ((cp < 0x20 && cp != '\n' && cp != '\t') || (cp >= 0x7f && cp <= 0x9f) ||
                    (cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) == 0xfffe)
                        return false;
                p += k;
                n -= k;
        }
        return true;
}

/* Writes "NAME":<value> with VALUE as journalctl would. */
static int journal_put_field(struct jbuf *b, const char *name, const uint8_t *value, size_t n) {
        int r;

        if (n > JOURNAL_FIELD_MAX)
                n = JOURNAL_FIELD_MAX;
        r = jbuf_printf(b, "%s\"%s\":", b->len > 1 ? "," : "", name);
        if (r < 0)
                return r;
        if (!journal_printable(value, n)) {
                r = jbuf_puts(b, "[");
                for (size_t i = 0; i < n && r >= 0; i++)
                        r = jbuf_printf(b, i ? ",%u" : "%u", value[i]);
                return r < 0 ? r : jbuf_puts(b, "]");
        }
        r = jbuf_puts(b, "\"");
        for (size_t i = 0; i < n && r >= 0; i++) {
                uint8_t c = value[i];
                if (c == '"' || c == '\\')
                        r = jbuf_printf(b, "\\%c", c);
                else if (c == '\n')
                        r = jbuf_puts(b, "\\n");
                else if (c == '\t')
                        r = jbuf_puts(b, "\\t");
                else if (c < 0x20)
                        r = jbuf_printf(b, "\\u%04x", c); /* unreachable: arrays */
                else
                        r = jbuf_put(b, &c, 1);
        }
        return r < 0 ? r : jbuf_puts(b, "\"");
}

static int journal_put_string(struct jbuf *b, const char *name, const char *value) {
        return journal_put_field(b, name, (const uint8_t *) value, strlen(value));
}

/* Writes field NAME of the current entry if present.  A field the journal
 * cannot return (corrupt object) is left out, as journalctl does. */
static int journal_put_data(struct jbuf *b, sd_journal *j, const char *name) {
        size_t prefix = strlen(name) + 1, len;
        const void *data;
        int r;

        r = sd_journal_get_data(j, name, &data, &len);
        if (r == -ENOMEM)
                return r;
        if (r < 0 || len < prefix)
                return 0;
        return journal_put_field(b, name, (const uint8_t *) data + prefix, len - prefix);
}

static int journal_format_entry(sd_journal *j, struct jbuf *b) {
        static const char *const fields[] = { "PRIORITY", "_HOSTNAME", "_SOURCE_MONOTONIC_TIMESTAMP",
                                              "MESSAGE" };
        char num[32], id[SD_ID128_STRING_MAX];
        sd_id128_t boot;
        uint64_t usec;
        int r;

        b->len = 0;
        r = jbuf_puts(b, "{");
        if (r >= 0 && sd_journal_get_realtime_usec(j, &usec) >= 0) {
                snprintf(num, sizeof(num), "%" PRIu64, usec);
                r = journal_put_string(b, "__REALTIME_TIMESTAMP", num);
        }
        if (r >= 0 && sd_journal_get_monotonic_usec(j, &usec, &boot) >= 0) {
                snprintf(num, sizeof(num), "%" PRIu64, usec);
                r = journal_put_string(b, "__MONOTONIC_TIMESTAMP", num);
                if (r >= 0)
                        r = journal_put_string(b, "_BOOT_ID", sd_id128_to_string(boot, id));
        } else if (r >= 0)
                r = journal_put_data(b, j, "_BOOT_ID");
        for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]) && r >= 0; i++)
                r = journal_put_data(b, j, fields[i]);
        return r < 0 ? r : jbuf_puts(b, "}\n");
}

static int journal_read(struct source *s, uint8_t *buf, size_t len, size_t *ret_produced) {
        struct journal_state *js = s->state;
        size_t produced = 0;
        int r = 0;

        while (produced < len) {
                size_t n;

                if (js->pos == js->line.len) {
                        if (js->eof)
                                break;
                        r = sd_journal_next(js->j);
                        if (r < 0) {
                                r = source_fail(s, r, "journal: cannot read the next entry: %s",
                                                strerror(-r));
                                break;
                        }
                        if (r == 0) {
                                js->eof = true;
                                break;
                        }
                        js->pos = 0;
                        r = journal_format_entry(js->j, &js->line);
                        if (r < 0)
                                break;
                }
                n = js->line.len - js->pos;
                if (n > len - produced)
                        n = len - produced;
                memcpy(buf + produced, js->line.data + js->pos, n);
                js->pos += n;
                produced += n;
        }
        *ret_produced = produced;
        return r < 0 ? r : 0;
}

/* The files given to sd_journal_open_files_fd(), after sd_journal_close():
 * systemd 252 closes them there, later versions leave them to the caller;
 * a descriptor still open is ours (nothing was opened in between). */
static void close_fds(int *fds, size_t n) {
        for (size_t i = 0; i < n; i++)
                if (fcntl(fds[i], F_GETFD) >= 0)
                        close(fds[i]);
}

static void journal_free(struct source *s) {
        struct journal_state *js = s->state;

        if (!js)
                return;
        sd_journal_close(js->j);
        close_fds(js->fds, js->n_fds);
        free(js->fds);
        free(js->line.data);
        free(js);
}

static const struct source_backend journal_backend = {
        .read = journal_read,
        .free = journal_free,
};

/* Reads the kernel records of J from its start, as source NAME; J (and
 * FDS, N_FDS, which may be NULL, 0) are owned by the source on success. */
static int journal_source(sd_journal *j, const char *name, int *fds, size_t n_fds, struct source **ret) {
        struct journal_state *js;
        struct source *s;
        int r;

        /* Kernel records are those journald read from /dev/kmsg. */
        r = sd_journal_add_match(j, "_TRANSPORT=kernel", 0);
        if (r >= 0)
                r = sd_journal_seek_head(j);
        if (r < 0)
                return r;
        js = calloc(1, sizeof(*js));
        s = js ? source_alloc(name, -1, &journal_backend) : NULL;
        if (!s) {
                free(js);
                return -ENOMEM;
        }
        js->j = j;
        js->fds = fds;
        js->n_fds = n_fds;
        s->state = js;
        *ret = s;
        return 0;
}

int source_open_journal(const char *directory, struct source **ret) {
        sd_journal *j;
        int r;

        if (!ret)
                return -EINVAL;
        struct stat st;
        if (directory && stat(directory, &st) == 0 && S_ISREG(st.st_mode))
                /* one .journal file, e.g. copied from a broken machine */
                r = sd_journal_open_files(&j, (const char *[]){ directory, NULL }, 0);
        else if (directory)
                r = sd_journal_open_directory(&j, directory, 0);
        else
                r = sd_journal_open(&j, SD_JOURNAL_LOCAL_ONLY | SD_JOURNAL_SYSTEM);
        if (r < 0)
                return r;
        r = journal_source(j, directory ? directory : "journal", NULL, 0, ret);
        if (r < 0)
                sd_journal_close(j);
        return r;
}

int source_open_journal_fds(int *fds, size_t n, const char *name, struct source **ret) {
        sd_journal *j;
        int r;

        if (!fds || n == 0 || n > UINT_MAX || !ret)
                return -EINVAL;
        int *own = malloc(n * sizeof(*own));
        if (!own) {
                close_fds(fds, n);
                return -ENOMEM;
        }
        memcpy(own, fds, n * sizeof(*own));
        r = sd_journal_open_files_fd(&j, own, (unsigned) n, 0);
        if (r < 0) {
                close_fds(own, n); /* a failed open leaves them open */
                free(own);
                return r;
        }
        r = journal_source(j, name, own, n, ret);
        if (r < 0) {
                sd_journal_close(j);
                close_fds(own, n);
                free(own);
        }
        return r;
}

bool source_fd_is_journal(int fd) {
        char magic[8];
        return pread(fd, magic, sizeof(magic), 0) == (ssize_t)sizeof(magic) && memcmp(magic, "LPKSHHRH", 8) == 0;
}

bool source_is_journal_file(const char *path) {
        char magic[8];
        int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
        if (fd < 0)
                return false;
        bool yes = read(fd, magic, sizeof(magic)) == (ssize_t)sizeof(magic) && memcmp(magic, "LPKSHHRH", 8) == 0;
        close(fd);
        return yes;
}
