/* fuzz_live.c — fuzz target for what `oomlens top` and `oomlens check`
 * read: a captured tree of /proc and /sys/fs/cgroup, generated from the
 * input, goes through the procfs snapshot, the OOM ranking, the audit and
 * top's text, JSON and --pid outputs.
 *
 * The input is a tree written as text, one file per record:
 *
 *   === proc/meminfo
 *   MemTotal: 16384 kB
 *   === proc/812/status
 *   Name:	java
 *
 * A record's path is relative, made of [A-Za-z0-9._:-] components, no
 * "..", at most 8 deep; other records are ignored.  The seeds
 * (tests/fuzz/corpus-live) are the captured trees of tests/data/hosts,
 * written so by tests/fuzz/make_live_corpus.py.  Built like fuzz_analyze:
 * libFuzzer with clang, or FUZZ_REPLAY_MAIN for the replay test.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit.h"
#include "oom_rank.h"
#include "procfs.h"
#include "top_output.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_RECORDS 256
#define MAX_DEPTH 8

static bool path_ok(const char *p, size_t n) {
        if (n == 0 || n > 200 || p[0] == '/')
                return false;
        size_t depth = 1, comp = 0;
        for (size_t i = 0; i < n; i++) {
                char c = p[i];
                if (c == '/') {
                        if (comp == 0 || ++depth > MAX_DEPTH)
                                return false;
                        comp = 0;
                        continue;
                }
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                      c == '_' || c == '-' || c == ':'))
                        return false;
                comp++;
                /* "." and ".." components */
                if (c == '.' && comp <= 2 && (i + 1 == n || p[i + 1] == '/') && (comp == 1 || p[i - 1] == '.'))
                        return false;
        }
        return comp > 0;
}

/* mkdir -p of the directories of PATH (inside DIR, which exists). */
static void make_parents(int dir, char *path) {
        for (char *s = strchr(path, '/'); s; s = strchr(s + 1, '/')) {
                *s = '\0';
                (void)mkdirat(dir, path, 0755);
                *s = '/';
        }
}

static void write_file(int dir, const char *path, size_t n, const uint8_t *body, size_t len) {
        char p[256];
        memcpy(p, path, n);
        p[n] = '\0';
        make_parents(dir, p);
        int fd = openat(dir, p, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (fd < 0)
                return;
        while (len > 0) {
                ssize_t w = write(fd, body, len);
                if (w <= 0)
                        break;
                body += w;
                len -= (size_t)w;
        }
        close(fd);
}

/* Writes the records of DATA under the directory fd DIR. */
static void build_tree(int dir, const uint8_t *data, size_t size) {
        static const char mark[] = "=== ";
        const uint8_t *end = data + size, *p = data;
        size_t records = 0;
        /* the first record starts at the beginning, or after a newline */
        while (p < end && records < MAX_RECORDS) {
                if ((size_t)(end - p) < 4 || memcmp(p, mark, 4) != 0) {
                        const uint8_t *nl = memchr(p, '\n', (size_t)(end - p));
                        p = nl ? nl + 1 : end;
                        continue;
                }
                const uint8_t *name = p + 4;
                const uint8_t *nl = memchr(name, '\n', (size_t)(end - name));
                const uint8_t *body = nl ? nl + 1 : end;
                size_t name_len = (size_t)((nl ? nl : end) - name);
                /* the body runs to the next "\n=== " */
                const uint8_t *q = body, *next = end;
                while (q < end) {
                        const uint8_t *n2 = memchr(q, '\n', (size_t)(end - q));
                        if (!n2)
                                break;
                        if ((size_t)(end - n2 - 1) >= 4 && memcmp(n2 + 1, mark, 4) == 0) {
                                next = n2 + 1;
                                break;
                        }
                        q = n2 + 1;
                }
                size_t body_len = (size_t)(next - body);
                if (next < end && body_len > 0)
                        body_len--; /* the newline before the next mark */
                if (path_ok((const char *)name, name_len))
                        write_file(dir, (const char *)name, name_len, body, body_len);
                records++;
                p = next;
        }
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
        (void)st;
        (void)flag;
        (void)ftw;
        remove(path);
        return 0;
}

static FILE *null_out(void) {
        static FILE *f;
        if (!f)
                f = fopen("/dev/null", "w");
        return f;
}

static void run_tree(const char *root, size_t size) {
        struct proc_snapshot snap;
        if (procfs_snapshot(root, &snap) < 0)
                return;
        struct oom_ranking rank = { 0 };
        if (oom_rank_build(&snap, snap.page_kb, &rank) == 0) {
                struct top_view v = { .snap = &snap, .rank = &rank, .root = root, .limit = (size & 1) ? 3 : 0,
                                      .width = (size & 2) ? 80 : 0, .color = (size & 4) != 0, .pretty = true };
                FILE *out = null_out();
                if (out) {
                        (void)top_print_text(out, &v);
                        (void)top_print_json(out, &v);
                        for (size_t i = 0; i < snap.n_tasks && i < 4; i++) {
                                (void)top_explain_text(out, &v, snap.tasks[i].pid);
                                (void)top_explain_json(out, &v, snap.tasks[i].pid);
                        }
                        fflush(out);
                }
                struct audit_input in = { .snap = &snap, .rank = &rank };
                struct audit_report rep = { 0 };
                (void)audit_run(&in, &rep);
                audit_report_free(&rep);
        }
        oom_rank_free(&rank);
        procfs_snapshot_free(&snap);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        char root[] = "/tmp/oomlens-fuzz-live-XXXXXX";
        if (!mkdtemp(root))
                return 0;
        int dir = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dir >= 0) {
                build_tree(dir, data, size);
                close(dir);
                run_tree(root, size);
        }
        nftw(root, remove_one, 16, FTW_DEPTH | FTW_PHYS);
        return 0;
}

#ifdef FUZZ_REPLAY_MAIN
#include "replay_main.h"
#endif
