/* test_source.c — byte streams: plain, gzip, xz and zstd files and pipes
 * decode to the same bytes; truncated and corrupt data end in -EBADMSG
 * after what could be decoded; /dev/kmsg dumps and the live device; a real
 * .journal file built from tests/data/sources/kernel-oom.export.
 *
 * Fixtures (tests/data/sources/, see README.md there): rhel7.log (a real
 * OOM report) and its .gz/.xz/.zst made by the gzip, xz and zstd tools;
 * large, concatenated, truncated and corrupt variants are made here at run
 * time, in a temporary directory.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdbool.h>
#include <lzma.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "source.h"

#define JOURNAL_REMOTE "/lib/systemd/systemd-journal-remote"

static char tmpdir[] = "/tmp/oomlens-test-source-XXXXXX";

struct bytes {
        uint8_t *data;
        size_t len, cap;
};

/* ---- helpers ---------------------------------------------------------- */

static const char *data_path(const char *name) {
        static char path[4096];
        const char *dir = getenv("OOMLENS_TEST_DATA");

        snprintf(path, sizeof(path), "%s/sources/%s", dir ? dir : "tests/data", name);
        return path;
}

static const char *tmp_path(const char *name) {
        static char path[4096];

        snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
        return path;
}

static void bytes_append(struct bytes *b, const void *p, size_t n) {
        if (!b->data || b->cap - b->len < n + 1) {
                b->cap = (b->len + n + 1) * 2;
                b->data = realloc(b->data, b->cap);
        }
        assert_non_null(b->data);
        memcpy(b->data + b->len, p, n);
        b->len += n;
        b->data[b->len] = 0;
}

static struct bytes file_load(const char *path) {
        struct bytes b = { 0 };
        uint8_t buf[65536];
        ssize_t n;
        int fd = open(path, O_RDONLY | O_CLOEXEC);

        assert_true(fd >= 0);
        while ((n = read(fd, buf, sizeof(buf))) > 0)
                bytes_append(&b, buf, (size_t) n);
        assert_int_equal(n, 0);
        close(fd);
        if (!b.data)
                bytes_append(&b, "", 0);
        return b;
}

static void file_store(const char *path, const void *p, size_t n) {
        int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

        assert_true(fd >= 0);
        assert_int_equal(write(fd, p, n), (ssize_t) n);
        close(fd);
}

/* Reads S to its end in CHUNK-sized reads; returns the final status (0 at
 * a clean end, else the error) and the bytes delivered before it. */
static int source_slurp(struct source *s, size_t chunk, struct bytes *ret) {
        uint8_t *buf = malloc(chunk);
        struct bytes b = { 0 };
        ssize_t n;

        assert_non_null(buf);
        while ((n = source_read(s, buf, chunk)) > 0) {
                assert_true((size_t) n <= chunk);
                bytes_append(&b, buf, (size_t) n);
        }
        free(buf);
        if (!b.data)
                bytes_append(&b, "", 0);
        *ret = b;
        return (int) n;
}

static void assert_bytes_equal(const struct bytes *a, const struct bytes *b) {
        assert_int_equal(a->len, b->len);
        assert_memory_equal(a->data, b->data, a->len);
}

/* Opens PATH, checks its codec and that it decodes to EXPECTED whole. */
static void check_decodes_to(const char *path, enum source_codec codec, const struct bytes *expected,
                             size_t chunk) {
        struct source *s = NULL;
        struct bytes got;

        assert_int_equal(source_open(path, &s), 0);
        assert_int_equal(source_codec(s), codec);
        assert_string_equal(source_name(s), path);
        assert_int_equal(source_slurp(s, chunk, &got), 0);
        assert_bytes_equal(&got, expected);
        assert_null(source_error(s));
        free(got.data);
        source_free(s);
}

/* A writer process feeding DATA into a pipe: one byte first, a pause, then
 * the rest, so the reader's sniff sees the magic arrive in pieces. */
static int pipe_writer(const struct bytes *data, pid_t *ret_pid) {
        int p[2];
        pid_t pid;

        assert_int_equal(pipe(p), 0);
        pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
                size_t off = 0;
                close(p[0]);
                while (off < data->len) {
                        size_t n = off == 0 ? 1 : data->len - off;
                        ssize_t w = write(p[1], data->data + off, n);
                        if (w <= 0)
                                _exit(1);
                        off += (size_t) w;
                        if (off == 1)
                                usleep(20000);
                }
                _exit(0);
        }
        close(p[1]);
        *ret_pid = pid;
        return p[0];
}

static void pipe_writer_wait(pid_t pid) {
        int status;

        assert_int_equal(waitpid(pid, &status, 0), pid);
        assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* ---- compressors for run-time fixtures -------------------------------- */

static struct bytes gzip_member(const uint8_t *p, size_t n) {
        struct bytes out = { 0 };
        z_stream z = { 0 };

        assert_int_equal(deflateInit2(&z, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
        out.data = malloc(deflateBound(&z, n) + 64);
        z.next_in = (Bytef *) p;
        z.avail_in = (uInt) n;
        z.next_out = out.data;
        z.avail_out = (uInt) (deflateBound(&z, n) + 64);
        assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
        out.len = z.total_out;
        deflateEnd(&z);
        return out;
}

static struct bytes xz_stream(const uint8_t *p, size_t n) {
        struct bytes out = { 0 };
        size_t cap = lzma_stream_buffer_bound(n);

        out.data = malloc(cap);
        assert_int_equal(lzma_easy_buffer_encode(0, LZMA_CHECK_CRC64, NULL, p, n, out.data, &out.len, cap),
                         LZMA_OK);
        return out;
}

static struct bytes zstd_frame(const uint8_t *p, size_t n) {
        struct bytes out = { 0 };
        size_t cap = ZSTD_compressBound(n), r;

        out.data = malloc(cap);
        r = ZSTD_compress(out.data, cap, p, n, 1);
        assert_false(ZSTD_isError(r));
        out.len = r;
        return out;
}

typedef struct bytes (*compress_fn)(const uint8_t *p, size_t n);

/* A log of pseudo-random lines: ~4 MiB that compress to well over the
 * decoder's 256 KiB input buffer, so refills happen mid-stream. */
static struct bytes big_log(void) {
        struct bytes b = { 0 };
        uint64_t x = 0x9e3779b97f4a7c15u;
        char line[128];

        for (unsigned i = 0; b.len < 4u * 1024 * 1024; i++) {
                x = x * 6364136223846793005u + 1442695040888963407u;
                int n = snprintf(line, sizeof(line), "Nov 27 21:02:%02u host kernel: [%7u.%06u] %016llx\n",
                                 i % 60, i, (unsigned) (x >> 44), (unsigned long long) x);
                bytes_append(&b, line, (size_t) n);
        }
        return b;
}

/* ---- fixtures --------------------------------------------------------- */

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
        (void) st, (void) flag, (void) ftw;
        return remove(path);
}

static int group_setup(void **state) {
        (void) state;
        return mkdtemp(tmpdir) ? 0 : -1;
}

static int group_teardown(void **state) {
        (void) state;
        return nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* ---- tests: files and codecs ------------------------------------------ */

static void test_plain_file(void **state) {
        struct bytes want = file_load(data_path("rhel7.log"));
        struct source *s = NULL;
        struct stat st;

        (void) state;
        check_decodes_to(data_path("rhel7.log"), SOURCE_PLAIN, &want, 65536);
        check_decodes_to(data_path("rhel7.log"), SOURCE_PLAIN, &want, 1);

        assert_int_equal(stat(data_path("rhel7.log"), &st), 0);
        assert_int_equal(source_open(data_path("rhel7.log"), &s), 0);
        assert_int_equal(source_mtime(s), (long long) st.st_mtime);
        source_free(s);
        free(want.data);
}

static void test_compressed_files(void **state) {
        struct bytes want = file_load(data_path("rhel7.log"));
        static const size_t chunks[] = { 1, 7, 4096, 1 << 20 };

        (void) state;
        for (size_t i = 0; i < sizeof(chunks) / sizeof(chunks[0]); i++) {
                check_decodes_to(data_path("rhel7.log.gz"), SOURCE_GZIP, &want, chunks[i]);
                check_decodes_to(data_path("rhel7.log.xz"), SOURCE_XZ, &want, chunks[i]);
                check_decodes_to(data_path("rhel7.log.zst"), SOURCE_ZSTD, &want, chunks[i]);
        }
        free(want.data);
}

/* `cat a.gz b.gz > c.gz` is valid gzip (RFC 1952 members), and logrotate
 * setups append; xz and zstd define concatenation the same way. */
static void test_concatenated(void **state) {
        static const struct {
                const char *name;
                enum source_codec codec;
        } files[] = { { "rhel7.log.gz", SOURCE_GZIP }, { "rhel7.log.xz", SOURCE_XZ }, { "rhel7.log.zst", SOURCE_ZSTD } };
        struct bytes plain = file_load(data_path("rhel7.log")), twice = { 0 };

        (void) state;
        bytes_append(&twice, plain.data, plain.len);
        bytes_append(&twice, plain.data, plain.len);
        for (size_t i = 0; i < 3; i++) {
                struct bytes c = file_load(data_path(files[i].name)), cc = { 0 };
                bytes_append(&cc, c.data, c.len);
                bytes_append(&cc, c.data, c.len);
                file_store(tmp_path("concat"), cc.data, cc.len);
                check_decodes_to(tmp_path("concat"), files[i].codec, &twice, 4096);
                free(c.data);
                free(cc.data);
        }
        free(twice.data);
        free(plain.data);
}

/* gzip(1) ignores zero bytes after the last member; other trailing bytes
 * are garbage, reported after all the data. */
static void test_gzip_trailing_bytes(void **state) {
        struct bytes plain = file_load(data_path("rhel7.log")), gz = file_load(data_path("rhel7.log.gz"));
        static const uint8_t zeros[512], junk[] = "not gzip\n";
        struct source *s = NULL;
        struct bytes got;

        (void) state;
        bytes_append(&gz, zeros, sizeof(zeros));
        file_store(tmp_path("padded.gz"), gz.data, gz.len);
        check_decodes_to(tmp_path("padded.gz"), SOURCE_GZIP, &plain, 4096);

        bytes_append(&gz, junk, sizeof(junk) - 1);
        file_store(tmp_path("junk.gz"), gz.data, gz.len);
        assert_int_equal(source_open(tmp_path("junk.gz"), &s), 0);
        assert_int_equal(source_slurp(s, 4096, &got), -EBADMSG);
        assert_bytes_equal(&got, &plain);
        assert_string_equal(source_error(s), "gzip: trailing garbage after compressed data");
        source_free(s);
        free(got.data);
        free(gz.data);
        free(plain.data);
}

/* The codec comes from the bytes, never from the name. */
static void test_magic_wins_over_name(void **state) {
        struct bytes plain = file_load(data_path("rhel7.log")), xz = file_load(data_path("rhel7.log.xz"));

        (void) state;
        file_store(tmp_path("really-text.log.gz"), plain.data, plain.len);
        check_decodes_to(tmp_path("really-text.log.gz"), SOURCE_PLAIN, &plain, 4096);
        file_store(tmp_path("messages.1"), xz.data, xz.len);
        check_decodes_to(tmp_path("messages.1"), SOURCE_XZ, &plain, 4096);
        free(xz.data);
        free(plain.data);
}

static void test_short_and_empty(void **state) {
        struct bytes empty = { (uint8_t *) "", 0, 0 }, one = { (uint8_t *) "\x1f", 1, 0 };
        struct bytes text = { (uint8_t *) "ok\n", 3, 0 };

        (void) state;
        file_store(tmp_path("empty"), "", 0);
        check_decodes_to(tmp_path("empty"), SOURCE_PLAIN, &empty, 4096);
        /* One byte of the gzip magic, then EOF: plain text. */
        file_store(tmp_path("one"), one.data, one.len);
        check_decodes_to(tmp_path("one"), SOURCE_PLAIN, &one, 4096);
        file_store(tmp_path("text"), text.data, text.len);
        check_decodes_to(tmp_path("text"), SOURCE_PLAIN, &text, 1);
}

/* Cuts DATA at half its length: the decoded bytes come out (a prefix of
 * WANT, at least MIN_OUT of them), then -EBADMSG, which stays. */
static void check_truncated(const struct bytes *data, const struct bytes *want, size_t min_out,
                            const char *why) {
        struct source *s = NULL;
        struct bytes got;
        uint8_t buf[16];

        file_store(tmp_path("cut"), data->data, data->len / 2);
        assert_int_equal(source_open(tmp_path("cut"), &s), 0);
        assert_int_equal(source_slurp(s, 1000, &got), -EBADMSG);
        assert_true(got.len >= min_out && got.len < want->len);
        assert_memory_equal(got.data, want->data, got.len);
        assert_string_equal(source_error(s), why);
        assert_int_equal(source_read(s, buf, sizeof(buf)), -EBADMSG);
        source_free(s);
        free(got.data);
}

/* Small files made by the tools (a 12 KiB zstd frame is one block, which
 * decodes only whole: nothing may come out), then multi-block streams
 * where half the input must yield data. */
static void test_truncated(void **state) {
        static const struct {
                const char *name, *why;
                compress_fn compress;
        } codecs[] = { { "rhel7.log.gz", "gzip stream truncated", gzip_member },
                       { "rhel7.log.xz", "xz stream truncated", xz_stream },
                       { "rhel7.log.zst", "zstd stream truncated", zstd_frame } };
        struct bytes plain = file_load(data_path("rhel7.log")), big = big_log();

        (void) state;
        for (size_t i = 0; i < 3; i++) {
                struct bytes c = file_load(data_path(codecs[i].name));
                struct bytes bc = codecs[i].compress(big.data, big.len);

                check_truncated(&c, &plain, 0, codecs[i].why);
                check_truncated(&bc, &big, big.len / 4, codecs[i].why);
                free(c.data);
                free(bc.data);
        }
        free(big.data);
        free(plain.data);
}

static void check_corrupt(const char *name, const void *p, size_t n, const char *why_prefix) {
        struct source *s = NULL;
        struct bytes got;

        file_store(tmp_path(name), p, n);
        assert_int_equal(source_open(tmp_path(name), &s), 0);
        assert_int_equal(source_slurp(s, 4096, &got), -EBADMSG);
        assert_non_null(source_error(s));
        assert_memory_equal(source_error(s), why_prefix, strlen(why_prefix));
        source_free(s);
        free(got.data);
}

/* Compression magic followed by garbage, and flipped bytes inside real
 * compressed data: -EBADMSG, never a crash or a hang. */
static void test_corrupt(void **state) {
        static const char gz[] = "\x1f\x8bthis is not deflate data at all\n";
        static const char xz[] = "\xfd\x37\x7a\x58\x5a\x00garbage garbage garbage garbage\n";
        static const char zs[] = "\x28\xb5\x2f\xfdgarbage garbage garbage garbage\n";
        static const struct {
                const char *name, *why;
        } files[] = { { "rhel7.log.gz", "gzip: " }, { "rhel7.log.xz", "xz: " }, { "rhel7.log.zst", "zstd: " } };

        (void) state;
        check_corrupt("bad.gz", gz, sizeof(gz) - 1, "gzip: corrupt data");
        check_corrupt("bad.xz", xz, sizeof(xz) - 1, "xz: ");
        check_corrupt("bad.zst", zs, sizeof(zs) - 1, "zstd: ");
        for (size_t i = 0; i < 3; i++) {
                struct bytes c = file_load(data_path(files[i].name));
                for (size_t k = c.len / 2; k < c.len / 2 + 16; k++)
                        c.data[k] ^= 0x5a;
                check_corrupt("flipped", c.data, c.len, files[i].why);
                free(c.data);
        }
}

/* Streams far larger than the input buffer, in several members/streams/
 * frames, decode exactly. */
static void test_large_streams(void **state) {
        static const struct {
                compress_fn compress;
                enum source_codec codec;
        } codecs[] = { { gzip_member, SOURCE_GZIP }, { xz_stream, SOURCE_XZ }, { zstd_frame, SOURCE_ZSTD } };
        struct bytes log = big_log();
        size_t half = log.len / 2 + 12345;

        (void) state;
        for (size_t i = 0; i < 3; i++) {
                struct bytes a = codecs[i].compress(log.data, half);
                struct bytes b = codecs[i].compress(log.data + half, log.len - half);
                struct bytes both = { 0 };

                bytes_append(&both, a.data, a.len);
                bytes_append(&both, b.data, b.len);
                assert_true(both.len > 1024 * 1024);
                file_store(tmp_path("big"), both.data, both.len);
                check_decodes_to(tmp_path("big"), codecs[i].codec, &log, 1 << 20);
                check_decodes_to(tmp_path("big"), codecs[i].codec, &log, 3001);
                free(a.data);
                free(b.data);
                free(both.data);
        }
        free(log.data);
}

/* A pipe cannot be rewound: the sniffed bytes must be served again. */
static void test_pipe(void **state) {
        static const struct {
                const char *name;
                enum source_codec codec;
        } files[] = { { "rhel7.log", SOURCE_PLAIN }, { "rhel7.log.gz", SOURCE_GZIP },
                      { "rhel7.log.xz", SOURCE_XZ }, { "rhel7.log.zst", SOURCE_ZSTD } };
        struct bytes plain = file_load(data_path("rhel7.log"));
        struct bytes big = big_log(), big_gz = gzip_member(big.data, big.len);

        (void) state;
        for (size_t i = 0; i < 4; i++) {
                struct bytes c = file_load(data_path(files[i].name)), got;
                struct source *s = NULL;
                pid_t pid;
                int fd = pipe_writer(&c, &pid);

                assert_int_equal(source_open_fd(fd, "pipe", &s), 0);
                assert_int_equal(source_codec(s), files[i].codec);
                assert_int_equal(source_mtime(s), 0);
                assert_string_equal(source_name(s), "pipe");
                assert_int_equal(source_slurp(s, 8192, &got), 0);
                assert_bytes_equal(&got, &plain);
                source_free(s);
                pipe_writer_wait(pid);
                free(got.data);
                free(c.data);
        }
        /* More than a pipe holds (64 KiB): the writer blocks mid-stream. */
        {
                struct source *s = NULL;
                struct bytes got;
                pid_t pid;
                int fd = pipe_writer(&big_gz, &pid);

                assert_int_equal(source_open_fd(fd, "pipe", &s), 0);
                assert_int_equal(source_codec(s), SOURCE_GZIP);
                assert_int_equal(source_slurp(s, 65536, &got), 0);
                assert_bytes_equal(&got, &big);
                source_free(s);
                pipe_writer_wait(pid);
                free(got.data);
        }
        free(big.data);
        free(big_gz.data);
        free(plain.data);
}

/* "-" reads standard input and leaves fd 0 open for the caller. */
static void test_stdin(void **state) {
        struct bytes plain = file_load(data_path("rhel7.log")), got;
        int saved = dup(STDIN_FILENO), fd = open(data_path("rhel7.log.zst"), O_RDONLY | O_CLOEXEC);
        struct source *s = NULL;

        (void) state;
        assert_true(saved >= 0 && fd >= 0);
        assert_int_equal(dup2(fd, STDIN_FILENO), STDIN_FILENO);
        close(fd);
        assert_int_equal(source_open("-", &s), 0);
        assert_int_equal(source_codec(s), SOURCE_ZSTD);
        assert_string_equal(source_name(s), "(standard input)");
        assert_int_equal(source_slurp(s, 4096, &got), 0);
        assert_bytes_equal(&got, &plain);
        source_free(s);
        assert_true(fcntl(STDIN_FILENO, F_GETFD) >= 0);
        assert_int_equal(dup2(saved, STDIN_FILENO), STDIN_FILENO);
        close(saved);
        free(got.data);
        free(plain.data);
}

static void test_open_errors(void **state) {
        struct source *sentinel = (struct source *) &sentinel, *s = sentinel;

        (void) state;
        assert_int_equal(source_open(tmp_path("does-not-exist.log"), &s), -ENOENT);
        assert_ptr_equal(s, sentinel);
        assert_int_equal(source_open(tmpdir, &s), -EISDIR);
        assert_ptr_equal(s, sentinel);
        assert_int_equal(source_open_kmsg(tmp_path("no-kmsg"), &s), -ENOENT);
        assert_int_equal(source_open_kmsg(tmpdir, &s), -EISDIR);
        assert_ptr_equal(s, sentinel);
        if (geteuid() != 0) {
                file_store(tmp_path("secret"), "x\n", 2);
                assert_int_equal(chmod(tmp_path("secret"), 0), 0);
                assert_int_equal(source_open(tmp_path("secret"), &s), -EACCES);
                assert_ptr_equal(s, sentinel);
        }
        source_free(NULL);
}

/* ---- tests: /dev/kmsg ------------------------------------------------- */

/* A saved dump passes through unchanged: records from a 6.18 kernel with
 * dictionary lines and a \x0a escape. */
static void test_kmsg_file(void **state) {
        struct bytes want = file_load(data_path("kmsg-6.18-memcg-oom.kmsg")), got;
        struct source *s = NULL;

        (void) state;
        assert_int_equal(source_open_kmsg(data_path("kmsg-6.18-memcg-oom.kmsg"), &s), 0);
        assert_int_equal(source_codec(s), SOURCE_PLAIN);
        assert_int_equal(source_slurp(s, 5, &got), 0);
        assert_bytes_equal(&got, &want);
        assert_non_null(strstr((char *) got.data, "6,202,116284,-;acpi PNP0A08:00: _OSC: OS supports"
                                                  " [ExtendedConfig ASPM ClockPM Segments MSI HPX-Type3]\n"
                                                  " SUBSYSTEM=acpi\n DEVICE=+acpi:PNP0A08:00\n"));
        source_free(s);
        free(got.data);
        free(want.data);
}

/* Dumps that write each record followed by a NUL byte read as the device
 * does: the NULs between records are dropped. */
static void test_kmsg_nul_separated(void **state) {
        struct bytes want = file_load(data_path("kmsg-6.18-memcg-oom.kmsg")), dump = { 0 }, got;
        struct source *s = NULL;

        (void) state;
        for (size_t i = 0; i < want.len; i++) {
                /* a record starts at a digit after a newline */
                if (i > 0 && want.data[i - 1] == '\n' && want.data[i] >= '0' && want.data[i] <= '9')
                        bytes_append(&dump, "", 1);
                bytes_append(&dump, want.data + i, 1);
        }
        assert_true(dump.len > want.len + 80);
        file_store(tmp_path("nul.kmsg"), dump.data, dump.len);
        assert_int_equal(source_open_kmsg(tmp_path("nul.kmsg"), &s), 0);
        assert_int_equal(source_slurp(s, 100, &got), 0);
        assert_bytes_equal(&got, &want);
        source_free(s);
        free(got.data);
        free(dump.data);
        free(want.data);
}

static bool kmsg_record_header(const char *line) {
        unsigned pri;
        unsigned long long seq, usec;
        char flag;

        return sscanf(line, "%u,%llu,%llu,%c", &pri, &seq, &usec, &flag) == 4;
}

/* The live ring buffer is read to its end and the read returns: O_NONBLOCK
 * turns "no more records" into EAGAIN, the end of the stream. */
static void test_kmsg_live(void **state) {
        struct source *s = NULL;
        struct bytes got;
        char *line, *save = NULL;
        int r;

        (void) state;
        r = source_open_kmsg(NULL, &s);
        if (r < 0) {
                print_message("skipped: cannot open /dev/kmsg: %s\n", strerror(-r));
                skip();
        }
        alarm(30); /* a blocking read would hang here; fail instead */
        assert_int_equal(source_slurp(s, 8192, &got), 0);
        alarm(0);
        assert_int_equal(source_mtime(s), 0);
        assert_string_equal(source_name(s), "/dev/kmsg");
        if (got.len > 0) {
                assert_int_equal(got.data[got.len - 1], '\n');
                for (line = strtok_r((char *) got.data, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
                        assert_true(line[0] == ' ' || kmsg_record_header(line));
        }
        source_free(s);
        free(got.data);
}

/* ---- tests: journal --------------------------------------------------- */

/* Builds DIR/x.journal from an export-format file with the real tool. */
static bool journal_build(const char *dir, const char *export_path) {
        char out[4200];
        pid_t pid;
        int status;

        snprintf(out, sizeof(out), "%s/x.journal", dir);
        if (mkdir(dir, 0755) < 0 && errno != EEXIST)
                return false;
        pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
                int in = open(export_path, O_RDONLY), null = open("/dev/null", O_WRONLY);
                if (in < 0 || null < 0)
                        _exit(126);
                dup2(in, STDIN_FILENO);
                dup2(null, STDOUT_FILENO);
                dup2(null, STDERR_FILENO);
                execl(JOURNAL_REMOTE, JOURNAL_REMOTE, "-o", out, "-", (char *) NULL);
                _exit(127);
        }
        return waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static void test_journal(void **state) {
        char dir[4096];
        struct source *s = NULL;
        struct bytes got, want = file_load(data_path("kernel-oom.expected.json"));
        unsigned lines = 0;

        (void) state;
        if (access(JOURNAL_REMOTE, X_OK) < 0) {
                print_message("skipped: %s not installed (package systemd-journal-remote)\n", JOURNAL_REMOTE);
                free(want.data);
                skip();
        }
        snprintf(dir, sizeof(dir), "%s", tmp_path("journal"));
        assert_true(journal_build(dir, data_path("kernel-oom.export")));

        assert_int_equal(source_open_journal(dir, &s), 0);
        assert_int_equal(source_codec(s), SOURCE_PLAIN);
        assert_int_equal(source_slurp(s, 333, &got), 0);
        /* Every value checked against journalctl --file x.journal -o json
         * (systemd 252) when the expected file was made. */
        assert_bytes_equal(&got, &want);
        for (size_t i = 0; i < got.len; i++)
                lines += got.data[i] == '\n';
        assert_int_equal(lines, 14); /* 15 entries, one not from the kernel */
        assert_null(strstr((char *) got.data, "impostor"));
        /* oldest boot first */
        assert_true(strstr((char *) got.data, "aa11aa11") < strstr((char *) got.data, "bb22bb22"));
        assert_non_null(strstr((char *) got.data,
                               "{\"__REALTIME_TIMESTAMP\":\"1488362400000000\",\"__MONOTONIC_TIMESTAMP\":"
                               "\"11686888109\",\"_BOOT_ID\":\"aa11aa11aa11aa11aa11aa11aa11aa11\",\"PRIORITY\":"
                               "\"4\",\"_HOSTNAME\":\"db1\",\"_SOURCE_MONOTONIC_TIMESTAMP\":\"11686888000\","
                               "\"MESSAGE\":\"sed invoked oom-killer: gfp_mask=0x201da, order=0, "
                               "oom_score_adj=0\"}\n"));
        /* the kernel's \x0a, unescaped by journald, comes back as \n */
        assert_non_null(strstr((char *) got.data, "\"MESSAGE\":\"Per memcg swappiness does not exist in "
                                                  "cgroup v2. See memory.reclaim or memory.swap.max there\\n \"}"));
        /* invalid UTF-8 (a comm's raw bytes) and an ESC: byte arrays */
        assert_non_null(strstr((char *) got.data, "\"MESSAGE\":[79,117,116,32,111,102,32,109,101,109,111,114,"
                                                  "121,58,32,75,105,108,108,101,100,32,112,114,111,99,101,"
                                                  "115,115,32,52,50,52,51,32,40,255,254,101,118,105,108,41"));
        assert_non_null(strstr((char *) got.data, "\"MESSAGE\":[99,111,109,109,32,27,91,51,49,109"));
        assert_non_null(strstr((char *) got.data,
                               "\"MESSAGE\":\"quote \\\" backslash \\\\ tab\\tumlaut \xc3\xbc\"}\n"));
        source_free(s);
        free(got.data);
        free(want.data);
}

static void test_journal_empty_and_missing(void **state) {
        struct source *sentinel = (struct source *) &sentinel, *s = sentinel;
        struct bytes got;

        (void) state;
        assert_int_equal(mkdir(tmp_path("empty-journal"), 0755), 0);
        assert_int_equal(source_open_journal(tmp_path("empty-journal"), &s), 0);
        assert_int_equal(source_slurp(s, 4096, &got), 0);
        assert_int_equal(got.len, 0);
        source_free(s);
        free(got.data);

        s = sentinel;
        assert_int_equal(source_open_journal(tmp_path("no-such-journal"), &s), -ENOENT);
        assert_ptr_equal(s, sentinel);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_plain_file),
                cmocka_unit_test(test_compressed_files),
                cmocka_unit_test(test_concatenated),
                cmocka_unit_test(test_gzip_trailing_bytes),
                cmocka_unit_test(test_magic_wins_over_name),
                cmocka_unit_test(test_short_and_empty),
                cmocka_unit_test(test_truncated),
                cmocka_unit_test(test_corrupt),
                cmocka_unit_test(test_large_streams),
                cmocka_unit_test(test_pipe),
                cmocka_unit_test(test_stdin),
                cmocka_unit_test(test_open_errors),
                cmocka_unit_test(test_kmsg_file),
                cmocka_unit_test(test_kmsg_nul_separated),
                cmocka_unit_test(test_kmsg_live),
                cmocka_unit_test(test_journal),
                cmocka_unit_test(test_journal_empty_and_missing),
        };

        return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
