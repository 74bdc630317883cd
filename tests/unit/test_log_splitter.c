/* test_log_splitter.c — container prefixes taken apart (src/log_splitter.c)
 * on real outputs of dmesg, journalctl, rsyslog and /dev/kmsg dumps
 * (tests/data/containers, see its README), plus lines built exactly as the
 * tools print them, plus hostile input. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log_line.h"
#include "log_time.h"

/* 2023-01-02T00:00:00Z: the journal fixtures' entries end on 2023-01-01 */
#define REF_2023_01_02 1672617600LL
/* 2023-11-14T22:13:20Z */
#define REF_2023_11_14 1700000000LL

#define KILLED "Out of memory: Killed process 473206 (doxygen) total-vm:30290680kB, anon-rss:9234320kB, " \
               "file-rss:4kB, shmem-rss:0kB, UID:504 pgtables:59264kB oom_score_adj:0"

/* ---- collecting what the splitter emits ---- */

struct rec {
        struct log_line l; /* l.text points into text below */
        char *text;
};

struct col {
        struct rec *v;
        size_t n, cap;
};

static void collect(const struct log_line *l, void *userdata)
{
        struct col *c = userdata;
        struct rec *r;

        assert_true(l->text != NULL || l->text_len == 0);
        assert_true(l->text_len <= 64 * 1024);
        assert_true(l->host[LOG_HOST_MAX - 1] == '\0' || strlen(l->host) < LOG_HOST_MAX);
        assert_true(l->level >= -1 && l->level <= 7);
        if (c->n == c->cap) {
                c->cap = c->cap ? c->cap * 2 : 64;
                c->v = realloc(c->v, c->cap * sizeof(*c->v));
                assert_non_null(c->v);
        }
        r = &c->v[c->n++];
        r->l = *l;
        r->text = malloc(l->text_len + 1);
        assert_non_null(r->text);
        if (l->text_len > 0)
                memcpy(r->text, l->text, l->text_len);
        r->text[l->text_len] = '\0';
        r->l.text = r->text;
}

static void col_free(struct col *c)
{
        for (size_t i = 0; i < c->n; i++)
                free(c->v[i].text);
        free(c->v);
        memset(c, 0, sizeof(*c));
}

static void feed(struct log_splitter *s, struct col *c, const char *line)
{
        log_splitter_feed(s, line, strlen(line), collect, c);
}

/* Splits the whole of BUF on '\n' as a reader would, feeds, finishes. */
static void feed_buf(struct log_splitter *s, struct col *c, const char *buf, size_t len)
{
        size_t start = 0;

        while (start < len) {
                const char *nl = memchr(buf + start, '\n', len - start);
                size_t end = nl ? (size_t)(nl - buf) : len;

                log_splitter_feed(s, buf + start, end - start, collect, c);
                start = end + 1;
        }
        log_splitter_finish(s, collect, c);
}

static char *read_fixture(const char *name, size_t *ret_len)
{
        const char *dir = getenv("OOMLENS_TEST_DATA");
        char path[4096];
        FILE *f;
        char *buf;
        long n;

        snprintf(path, sizeof(path), "%s/containers/%s", dir ? dir : "tests/data", name);
        f = fopen(path, "rb");
        if (!f)
                fail_msg("cannot open %s", path);
        assert_int_equal(fseek(f, 0, SEEK_END), 0);
        n = ftell(f);
        assert_true(n >= 0);
        rewind(f);
        buf = malloc((size_t)n + 1);
        assert_non_null(buf);
        assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
        buf[n] = '\0';
        fclose(f);
        *ret_len = (size_t)n;
        return buf;
}

static void split_fixture(const char *name, long long ref, struct col *c)
{
        struct log_splitter *s = log_splitter_new(ref);
        size_t len;
        char *buf = read_fixture(name, &len);

        assert_non_null(s);
        feed_buf(s, c, buf, len);
        log_splitter_free(s);
        free(buf);
}

static void split_line(const char *line, long long ref, struct col *c)
{
        struct log_splitter *s = log_splitter_new(ref);

        assert_non_null(s);
        feed(s, c, line);
        log_splitter_finish(s, collect, c);
        log_splitter_free(s);
}

static size_t count_format(const struct col *c, enum log_format f, bool cont)
{
        size_t n = 0;

        for (size_t i = 0; i < c->n; i++)
                n += c->v[i].l.format == f && c->v[i].l.continuation == cont;
        return n;
}

static const struct rec *find_text(const struct col *c, const char *prefix)
{
        for (size_t i = 0; i < c->n; i++)
                if (strncmp(c->v[i].text, prefix, strlen(prefix)) == 0)
                        return &c->v[i];
        fail_msg("no line starts with \"%s\"", prefix);
        return NULL;
}

static int64_t utc_us(int y, int mon, int d, int h, int mi, int s, int us)
{
        struct log_tm tm = { .year = y, .mon = mon, .day = d, .hour = h, .min = mi, .sec = s, .usec = us };

        return log_time_tm_to_us(&tm);
}

/* ---- dmesg ---- */

static void test_dmesg_plain(void **state)
{
        struct col c = { 0 };

        (void)state;
        split_line("[  455.498827] badsysprogram invoked oom-killer: gfp_mask=0x280da, order=0, oom_score_adj=0",
                   0, &c);
        split_line("[330320.062004] Out of memory: Killed process 1", 0, &c);
        split_line("[12345.67890] Out of memory: Killed process 3281050 (next-server)", 0, &c);
        split_line("[  123.456789] [ T1234] " KILLED, 0, &c);
        split_line("[    C3] " KILLED, 0, &c);
        split_line("[  455.507353]  [<ffffffff817199c4>] dump_stack+0x45/0x56", 0, &c);
        split_line("[    0.000000] \tRCU dyntick-idle grace-period acceleration is enabled.", 0, &c);
        split_line("[  455.498827] [ 1234]     0  1234    12345      678      90        0             0 sshd", 0,
                   &c);
        assert_int_equal(c.n, 8);
        for (size_t i = 0; i < c.n; i++) {
                assert_int_equal(c.v[i].l.format, LOG_FMT_DMESG);
                assert_int_equal(c.v[i].l.level, -1);
                assert_true(c.v[i].l.from_kernel);
                assert_false(c.v[i].l.continuation);
                assert_false(c.v[i].l.has_wall);
                assert_string_equal(c.v[i].l.host, "");
        }
        assert_string_equal(c.v[0].text, "badsysprogram invoked oom-killer: gfp_mask=0x280da, order=0, oom_score_adj=0");
        assert_true(c.v[0].l.has_mono);
        assert_int_equal(c.v[0].l.mono_us, INT64_C(455498827));
        assert_int_equal(c.v[1].l.mono_us, INT64_C(330320062004));
        assert_int_equal(c.v[2].l.mono_us, INT64_C(12345678900));
        /* printk caller ids are not text */
        assert_string_equal(c.v[3].text, KILLED);
        assert_int_equal(c.v[3].l.mono_us, INT64_C(123456789));
        assert_string_equal(c.v[4].text, KILLED);
        assert_false(c.v[4].l.has_mono);
        /* the kernel's own leading space of a stack frame is text */
        assert_string_equal(c.v[5].text, " [<ffffffff817199c4>] dump_stack+0x45/0x56");
        assert_string_equal(c.v[6].text, "\tRCU dyntick-idle grace-period acceleration is enabled.");
        /* a task-table row is not a caller id */
        assert_string_equal(c.v[7].text, "[ 1234]     0  1234    12345      678      90        0             0 sshd");
        col_free(&c);
}

/* util-linux tests/ts/dmesg/cid-input: "<pri>[secs] [ Tn] text"; level is
 * pri & 7, facilities other than kern (0) are userspace. */
static void test_dmesg_raw_buffer(void **state)
{
        struct col c = { 0 };

        (void)state;
        split_fixture("util-linux-cid-input", 0, &c);
        assert_int_equal(c.n, 106);
        assert_int_equal(count_format(&c, LOG_FMT_DMESG, false), 106);
        assert_string_equal(c.v[0].text, "example[0]");
        assert_int_equal(c.v[0].l.level, 0);
        assert_true(c.v[0].l.from_kernel);
        assert_int_equal(c.v[0].l.mono_us, 0);
        assert_true(c.v[0].l.has_mono);
        assert_string_equal(c.v[7].text, "example[7]");
        assert_int_equal(c.v[7].l.level, 7);
        assert_true(c.v[7].l.from_kernel);
        assert_string_equal(c.v[10].text, "example[10]");
        assert_int_equal(c.v[10].l.level, 2);
        assert_false(c.v[10].l.from_kernel);
        assert_int_equal(c.v[10].l.mono_us, INT64_C(1000000000));
        /* "<150>[4557523.000000] example[105]": width grows */
        assert_string_equal(c.v[105].text, "example[105]");
        assert_int_equal(c.v[105].l.level, 6);
        assert_int_equal(c.v[105].l.mono_us, INT64_C(4557523000000));
        col_free(&c);

        split_line("<4>" KILLED, 0, &c);
        assert_int_equal(c.v[0].l.format, LOG_FMT_DMESG);
        assert_int_equal(c.v[0].l.level, 4);
        assert_false(c.v[0].l.has_mono);
        assert_string_equal(c.v[0].text, KILLED);
        col_free(&c);
}

/* util-linux tests/ts/dmesg/newlines: raw newlines of a record follow bare. */
static void test_dmesg_raw_newlines(void **state)
{
        static const char *const texts[] = { "new", "line", "two", "new", "lines" };
        static const bool cont[] = { false, true, false, true, true };
        struct col c = { 0 };

        (void)state;
        split_fixture("util-linux-newlines", 0, &c);
        assert_int_equal(c.n, 5);
        for (size_t i = 0; i < 5; i++) {
                assert_string_equal(c.v[i].text, texts[i]);
                assert_int_equal(c.v[i].l.continuation, cont[i]);
                assert_int_equal(c.v[i].l.format, LOG_FMT_DMESG);
        }
        assert_int_equal(c.v[1].l.level, 2);
        assert_int_equal(c.v[1].l.mono_us, INT64_C(1000000));
        assert_int_equal(c.v[4].l.level, 4);
        assert_int_equal(c.v[4].l.mono_us, INT64_C(2000000));
        col_free(&c);
}

/* One record set, rendered by dmesg -r, dmesg, -x, -T and --time-format
 * iso: the kernel text and record structure must come out identical. */
static void test_dmesg_renderings(void **state)
{
        static const char *const names[] = {
                "archlinux-excerpt.buffer", "archlinux-excerpt.dmesg",     "archlinux-excerpt.dmesg-x",
                "archlinux-excerpt.dmesg-T", "archlinux-excerpt.dmesg-iso",
        };
        static const enum log_format formats[] = {
                LOG_FMT_DMESG, LOG_FMT_DMESG, LOG_FMT_DMESG, LOG_FMT_DMESG_CTIME, LOG_FMT_DMESG_ISO,
        };
        struct col c[5] = { { 0 } };
        const struct rec *r;

        (void)state;
        for (size_t k = 0; k < 5; k++) {
                split_fixture(names[k], 0, &c[k]);
                assert_int_equal(c[k].n, 23);
                assert_int_equal(count_format(&c[k], formats[k], true), 7);
                assert_int_equal(count_format(&c[k], formats[k], false), 16);
        }
        for (size_t i = 0; i < 23; i++)
                for (size_t k = 1; k < 5; k++) {
                        assert_string_equal(c[k].v[i].text, c[0].v[i].text);
                        assert_int_equal(c[k].v[i].l.continuation, c[0].v[i].l.continuation);
                }
        assert_string_equal(c[0].v[5].text, " dump_stack_lvl+0x48/0x60");
        assert_string_equal(c[0].v[9].text, "active_anon:1413442 inactive_anon:1509191 isolated_anon:0");
        assert_string_equal(c[0].v[10].text, "active_file:29 inactive_file:186 isolated_file:0");
        assert_true(c[0].v[10].l.continuation);
        assert_string_equal(c[0].v[21].text, KILLED);

        /* dmesg -r: level from <N>, kernel time */
        r = &c[0].v[21];
        assert_int_equal(r->l.level, 3);
        assert_int_equal(r->l.mono_us, INT64_C(11686888109));
        assert_int_equal(c[0].v[10].l.level, 4); /* a continuation keeps its record's level and time */
        assert_int_equal(c[0].v[10].l.mono_us, INT64_C(11686861409));
        /* plain dmesg */
        assert_int_equal(c[1].v[21].l.level, -1);
        assert_int_equal(c[1].v[21].l.mono_us, INT64_C(11686888109));
        /* dmesg -x: "kern  :err   : [11686.888109] …" */
        assert_int_equal(c[2].v[21].l.level, 3);
        assert_int_equal(c[2].v[0].l.level, 4);
        assert_int_equal(c[2].v[20].l.level, 6);
        assert_true(c[2].v[21].l.from_kernel);
        assert_int_equal(c[2].v[21].l.mono_us, INT64_C(11686888109));
        /* dmesg -T in Europe/Berlin: local time, no zone */
        r = &c[3].v[21];
        assert_true(r->l.has_wall);
        assert_false(r->l.tz_known);
        assert_false(r->l.year_inferred);
        assert_false(r->l.has_mono);
        assert_int_equal(r->l.wall_us, utc_us(2026, 11, 22, 6, 3, 48, 0));
        assert_int_equal(c[3].v[10].l.wall_us, utc_us(2026, 11, 22, 6, 3, 48, 0));
        /* --time-format iso: "2026-11-22T06:03:48,888109+01:00" */
        r = &c[4].v[21];
        assert_true(r->l.tz_known);
        assert_int_equal(r->l.tz_off_min, 60);
        assert_int_equal(r->l.wall_us, utc_us(2026, 11, 22, 5, 3, 48, 888109));
        assert_int_equal(c[4].v[10].l.wall_us, utc_us(2026, 11, 22, 5, 3, 48, 861409));
        assert_true(c[4].v[10].l.continuation);
        for (size_t k = 0; k < 5; k++)
                col_free(&c[k]);
}

/* dmesg -T in twelve locales, same second: same time, same text. */
static void test_dmesg_ctime_locales(void **state)
{
        struct col c = { 0 };

        (void)state;
        split_fixture("dmesg-T-locales.txt", 0, &c);
        assert_int_equal(c.n, 12);
        for (size_t i = 0; i < c.n; i++) {
                assert_int_equal(c.v[i].l.format, LOG_FMT_DMESG_CTIME);
                assert_true(c.v[i].l.has_wall);
                assert_false(c.v[i].l.tz_known);
                assert_int_equal(c.v[i].l.wall_us, utc_us(2026, 11, 22, 6, 3, 48, 0));
                assert_string_equal(c.v[i].text, KILLED);
        }
        col_free(&c);

        split_line("[二 9月  3 05:57:48 2024] " KILLED, 0, &c);
        split_line("[月  1月 26 01:49:41 2026] " KILLED, 0, &c);
        split_line("[Sun Nov 27 21:02:21 2022] " KILLED, 0, &c);
        split_line("[Fri Feb 13 23:31:30 2009] line zero", 0, &c); /* util-linux expected ctime */
        split_line("[Xx Foo 26 01:49:41 2026] " KILLED, 0, &c);
        assert_int_equal(c.n, 5);
        assert_int_equal(c.v[0].l.wall_us, utc_us(2024, 9, 3, 5, 57, 48, 0));
        assert_int_equal(c.v[1].l.wall_us, utc_us(2026, 1, 26, 1, 49, 41, 0));
        assert_int_equal(c.v[2].l.wall_us, utc_us(2022, 11, 27, 21, 2, 21, 0));
        assert_int_equal(c.v[3].l.wall_us, INT64_C(1234567890000000));
        assert_string_equal(c.v[3].text, "line zero");
        /* unknown month: no time, but the text is still right */
        assert_int_equal(c.v[4].l.format, LOG_FMT_DMESG_CTIME);
        assert_false(c.v[4].l.has_wall);
        for (size_t i = 0; i < 5; i++)
                if (i != 3)
                        assert_string_equal(c.v[i].text, KILLED);
        col_free(&c);
}

/* OOMAnalyser's Proxmox example: real German dmesg -T with the memory.stat
 * record's lines indented under the message column. */
static void test_dmesg_ctime_proxmox(void **state)
{
        struct col c = { 0 };
        const struct rec *r;

        (void)state;
        split_fixture("oomanalyser-proxmox_cgroup_oom.log", 0, &c);
        assert_int_equal(count_format(&c, LOG_FMT_DMESG_CTIME, false), 120);
        assert_int_equal(count_format(&c, LOG_FMT_DMESG_CTIME, true), 39);
        r = find_text(&c, "anon 31154200576");
        assert_false(r->l.continuation);
        r = find_text(&c, "file 688283648");
        assert_true(r->l.continuation);
        assert_int_equal(r->l.format, LOG_FMT_DMESG_CTIME);
        assert_true(r->l.has_wall);
        assert_int_equal(r->l.wall_us, utc_us(2025, 8, 12, 3, 54, 3, 0));
        r = find_text(&c, "Memory cgroup out of memory: Killed process 3902942 (php-fpm)");
        assert_false(r->l.continuation);
        assert_int_equal(r->l.wall_us, utc_us(2025, 8, 12, 3, 54, 3, 0));
        /* stack frames keep the kernel's leading space and are not continuations */
        r = find_text(&c, " dump_stack_lvl+0x4a/0x63");
        assert_false(r->l.continuation);
        col_free(&c);
}

/* ---- /dev/kmsg ---- */

static void test_kmsg_records(void **state)
{
        struct col c = { 0 };
        struct log_splitter *s;

        (void)state;
        /* go-kmsg-parser sample1: priority 6, µs since boot */
        split_fixture("go-kmsg-parser-sample1.kmsg", 0, &c);
        assert_int_equal(c.n, 3);
        assert_string_equal(c.v[0].text, "wlp4s0: associated");
        assert_int_equal(c.v[0].l.level, 6);
        assert_int_equal(c.v[0].l.mono_us, INT64_C(47700428483));
        assert_int_equal(c.v[0].l.format, LOG_FMT_KMSG);
        assert_true(c.v[0].l.from_kernel);
        assert_string_equal(c.v[1].text, "thinkpad_acpi: EC reports that Thermal Table has changed");
        assert_int_equal(c.v[2].l.mono_us, INT64_C(106819644585));
        col_free(&c);

        /* caller id, \x escapes, a multi-line record and its dictionary */
        s = log_splitter_new(0);
        feed(s, &c, "6,1234,5678901,-,caller=T123;" KILLED);
        assert_int_equal(c.n, 0); /* held until the next line: it may continue */
        feed(s, &c, "4,1235,5678950,-;Mem-Info:");
        assert_int_equal(c.n, 1);
        feed(s, &c, "4,1236,5678990,-;active_anon:1413442 inactive_anon:1509191 isolated_anon:0\\x0a active_file:29 "
                    "inactive_file:186 isolated_file:0\\x0a free:34629 free_pcp:0 free_cma:0");
        feed(s, &c, " SUBSYSTEM=memory");
        feed(s, &c, " DEVICE=+memory:memory0");
        feed(s, &c, "6,1237,5679000,-;ACPI: \\x5c_SB_.PRWL: New power resource");
        log_splitter_finish(s, collect, &c);
        log_splitter_free(s);
        assert_int_equal(c.n, 6);
        assert_string_equal(c.v[0].text, KILLED);
        assert_int_equal(c.v[0].l.level, 6);
        assert_int_equal(c.v[0].l.mono_us, INT64_C(5678901));
        assert_string_equal(c.v[2].text, "active_anon:1413442 inactive_anon:1509191 isolated_anon:0");
        assert_false(c.v[2].l.continuation);
        /* kmsg text is never trimmed */
        assert_string_equal(c.v[3].text, " active_file:29 inactive_file:186 isolated_file:0");
        assert_true(c.v[3].l.continuation);
        assert_int_equal(c.v[3].l.level, 4);
        assert_int_equal(c.v[3].l.mono_us, INT64_C(5678990));
        assert_string_equal(c.v[4].text, " free:34629 free_pcp:0 free_cma:0");
        assert_true(c.v[4].l.continuation);
        assert_string_equal(c.v[5].text, "ACPI: \\_SB_.PRWL: New power resource");
        col_free(&c);
}

/* The kernel escapes a newline in a record as \x0a: between the lines of
 * one printk (show_free_areas) it separates lines, inside a comm it is a
 * byte of the name, and the record that names the task stays one line. */
static void test_kmsg_newline_in_comm(void **state)
{
        static const char *const whole[] = {
                "ev\nil invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0",
                "CPU: 0 PID: 1234 Comm: ev\nil Not tainted 6.1.0 #1",
                "[   1234]     0  1234   100000    50000   400000        0             0 ev\nil",
                "oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,"
                "task_memcg=/,task=ev\nil,pid=1234,uid=0",
                "Out of memory: Killed process 1234 (ev\nil) total-vm:400000kB, anon-rss:200000kB, file-rss:0kB, "
                "shmem-rss:0kB, UID:0 pgtables:400kB oom_score_adj:0",
                "oom_reaper: reaped process 1234 (ev\nil), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB",
        };
        struct col c = { 0 };
        struct log_splitter *s = log_splitter_new(0);
        char rec[512];

        (void)state;
        feed(s, &c, "4,100,5000000,-;ev\\x0ail invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0");
        feed(s, &c, "4,101,5000001,-;CPU: 0 PID: 1234 Comm: ev\\x0ail Not tainted 6.1.0 #1");
        feed(s, &c, "4,102,5000002,-;active_anon:1 inactive_anon:2 isolated_anon:0\\x0a active_file:3 inactive_file:4");
        feed(s, &c, "6,106,5000006,-;[   1234]     0  1234   100000    50000   400000        0             0 ev\\x0ail");
        feed(s, &c, " SUBSYSTEM=memory");
        feed(s, &c, "6,107,5000007,-;oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,"
                    "global_oom,task_memcg=/,task=ev\\x0ail,pid=1234,uid=0");
        feed(s, &c, "3,108,5000008,-;Out of memory: Killed process 1234 (ev\\x0ail) total-vm:400000kB, "
                    "anon-rss:200000kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:400kB oom_score_adj:0\\x0a");
        feed(s, &c, "6,109,5000009,-;oom_reaper: reaped process 1234 (ev\\x0ail), now anon-rss:0kB, file-rss:0kB, "
                    "shmem-rss:0kB");
        log_splitter_finish(s, collect, &c);
        log_splitter_free(s);
        assert_int_equal(c.n, 8);
        assert_string_equal(c.v[0].text, whole[0]);
        assert_string_equal(c.v[1].text, whole[1]);
        assert_string_equal(c.v[2].text, "active_anon:1 inactive_anon:2 isolated_anon:0");
        assert_string_equal(c.v[3].text, " active_file:3 inactive_file:4");
        assert_true(c.v[3].l.continuation);
        for (size_t i = 2; i < 6; i++) {
                assert_string_equal(c.v[i + 2].text, whole[i]);
                assert_false(c.v[i + 2].l.continuation);
                assert_int_equal(c.v[i + 2].l.format, LOG_FMT_KMSG);
        }
        col_free(&c);

        /* the same records with raw newlines in a NUL-separated dump, as a
         * journal MESSAGE (journald unescapes \x0a), and as rsyslog #012 */
        for (size_t i = 0; i < sizeof(whole) / sizeof(*whole); i++) {
                /* "first\n\0RECORD\n\0": each record followed by NUL */
                int n = snprintf(rec, sizeof(rec), "6,1,1,-;first\n%c6,%zu,5000000,-;%s\n%c", 0, 200 + i, whole[i], 0);
                s = log_splitter_new(0);
                assert_true(n > 0 && (size_t)n < sizeof(rec));
                feed_buf(s, &c, rec, (size_t)n);
                log_splitter_free(s);
                assert_int_equal(c.n, 2 * i + 2);
                assert_string_equal(c.v[2 * i + 1].text, whole[i]);
        }
        col_free(&c);
        for (size_t i = 0; i < sizeof(whole) / sizeof(*whole); i++) {
                char json[512];
                size_t o = (size_t)snprintf(json, sizeof(json), "{\"_TRANSPORT\":\"kernel\",\"MESSAGE\":\"");
                for (const char *p = whole[i]; *p; p++)
                        o += (size_t)snprintf(json + o, sizeof(json) - o, *p == '\n' ? "\\n" : "%c", *p);
                snprintf(json + o, sizeof(json) - o, "\"}");
                split_line(json, 0, &c);
                assert_int_equal(c.n, i + 1);
                assert_string_equal(c.v[i].text, whole[i]);
        }
        col_free(&c);
        split_line("Nov 27 21:02:21 h kernel: Out of memory: Killed process 1 (a#012b) total-vm:1kB", REF_2023_11_14, &c);
        split_line("Nov 27 21:02:21 h kernel: Mem-Info:#012 active_file:3", REF_2023_11_14, &c);
        assert_int_equal(c.n, 3);
        assert_string_equal(c.v[0].text, "Out of memory: Killed process 1 (a\nb) total-vm:1kB");
        assert_string_equal(c.v[2].text, " active_file:3");
        col_free(&c);
}

/* nohang's docstring: records wrapped at ~80 columns, even inside words. */
static void test_kmsg_nohang_wrapped(void **state)
{
        static const int levels[] = { 3, 3, 3, 4, 6, 6 };
        struct col c = { 0 };
        size_t k = 0;

        (void)state;
        split_fixture("nohang-docstring.kmsg", 0, &c);
        assert_int_equal(count_format(&c, LOG_FMT_KMSG, false), 6);
        assert_int_equal(count_format(&c, LOG_FMT_KMSG, true), 0);
        for (size_t i = 0; i < c.n; i++)
                if (c.v[i].l.format == LOG_FMT_KMSG)
                        assert_int_equal(c.v[i].l.level, levels[k++]);
        assert_string_equal(find_text(&c, "Out of memory: Kill process 1061")->text,
                            "Out of memory: Kill process 1061 (tail) score 917 or sacrifice child");
        assert_int_equal(find_text(&c, "Out of memory: Kill process 1061")->l.mono_us, INT64_C(248095206));
        assert_string_equal(find_text(&c, "Out of memory: Killed process 9277")->text,
                            "Out of memory: Killed process 9277 (tail) total-vm:783724kB, anon-rss:566796kB, "
                            "file-rss:1508kB, shmem-rss:0kB, UID:1000");
        assert_string_equal(find_text(&c, "tail invoked")->text,
                            "tail invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0, "
                            "oom_score_adj=0");
        assert_string_equal(find_text(&c, "oom_reaper")->text,
                            "oom_reaper: reaped process 15512 (tail), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB");
        assert_int_equal(find_text(&c, "oom_reaper")->l.mono_us, INT64_C(54036119432));
        col_free(&c);
}

/* util-linux kmsg dumps: records separated by NUL, dictionary lines. */
static void test_kmsg_util_linux(void **state)
{
        struct col c = { 0 };

        (void)state;
        split_fixture("util-linux-kmsg-input", 0, &c);
        assert_int_equal(count_format(&c, LOG_FMT_KMSG, false), 45);
        assert_int_equal(count_format(&c, LOG_FMT_KMSG, true), 0);
        assert_string_equal(c.v[0].text, "Linux version 6.6.4-arch1-1 (linux@archlinux) (gcc (GCC) 13.2.1 20230801, GNU "
                                         "ld (GNU Binutils) 2.41.0) #1 SMP PREEMPT_DYNAMIC Mon, 04 Dec 2023 00:29:19 +0000");
        assert_string_equal(c.v[1].text, "Command line: initrd=\\ucode.img initrd=\\initramfs-linux.img rw "
                                         "cryptdevice=/dev/nvme0n1p3:system:discard root=/dev/mapper/system");
        assert_int_equal(c.v[1].l.level, 1);
        assert_string_equal(find_text(&c, "smp: Brought up")->text, "smp: Brought up 1 node, 16 CPUs");
        assert_int_equal(find_text(&c, "smp: Brought up")->l.mono_us, INT64_C(212630));
        assert_string_equal(find_text(&c, "  #1")->text, "  #1  #3  #5  #7");
        for (size_t i = 0; i < c.n; i++) {
                assert_null(strstr(c.v[i].text, "SUBSYSTEM="));
                assert_null(strstr(c.v[i].text, "DEVICE="));
        }
        col_free(&c);

        split_fixture("util-linux-cid-kmsg-input", 0, &c);
        assert_int_equal(count_format(&c, LOG_FMT_KMSG, false), 58);
        assert_string_equal(c.v[2].text, "BIOS-provided physical RAM map:");
        col_free(&c);

        /* raw newlines inside NUL-separated records */
        split_fixture("util-linux-cid-kmsg-newlines", 0, &c);
        assert_int_equal(c.n, 10);
        assert_int_equal(count_format(&c, LOG_FMT_KMSG, false), 4);
        assert_string_equal(c.v[0].text, "line zero");
        assert_string_equal(c.v[1].text, "new");
        assert_string_equal(c.v[2].text, "line");
        assert_true(c.v[2].l.continuation);
        assert_int_equal(c.v[2].l.mono_us, INT64_C(1000000));
        assert_int_equal(c.v[2].l.level, 2);
        assert_string_equal(c.v[9].text, "lines");
        assert_int_equal(c.v[9].l.mono_us, INT64_C(3000000));
        col_free(&c);
}

/* ---- syslog ---- */

static void test_syslog_rfc3164(void **state)
{
        struct col c = { 0 };
        const struct rec *r;

        (void)state;
        /* cAdvisor: dmesg boot log, a shell prompt, syslog with kernel times */
        split_fixture("cadvisor-systemOomExampleLog.txt", REF_2023_11_14, &c);
        r = find_text(&c, "badsysprogram invoked oom-killer");
        assert_int_equal(r->l.format, LOG_FMT_SYSLOG);
        assert_string_equal(r->l.host, "localhost");
        assert_true(r->l.from_kernel);
        assert_true(r->l.has_wall);
        assert_true(r->l.year_inferred);
        assert_false(r->l.tz_known);
        assert_int_equal(r->l.wall_us, utc_us(2023, 1, 28, 19, 58, 45, 0));
        assert_true(r->l.has_mono);
        assert_int_equal(r->l.mono_us, INT64_C(455498827));
        r = find_text(&c, " [<ffffffff817199c4>] dump_stack+0x45/0x56");
        assert_int_equal(r->l.mono_us, INT64_C(455507353));
        r = find_text(&c, "ntpd 4.2.6p5");
        assert_false(r->l.from_kernel);
        r = find_text(&c, "kateknister@kateknister-test3:~$ tail -f /var/log/syslog");
        assert_int_equal(r->l.format, LOG_FMT_TEXT);
        col_free(&c);

        split_line("Nov  7 21:02:21 host kernel: " KILLED, REF_2023_11_14, &c);
        split_line("<4>Nov 27 21:02:21 host kernel: " KILLED, REF_2023_11_14, &c);
        split_line("Jan 28 19:51:47 localhost systemd[1]: user@504.service: Failed with result 'oom-kill'.",
                   REF_2023_11_14, &c);
        split_line("Apr  1 14:13:32 mysrv kern.err kernel: " KILLED, REF_2023_11_14, &c);
        split_line("Nov 27 21:02:21 kernel: " KILLED, REF_2023_11_14, &c);
        split_line("Nov 27 21:02:21 kernel:" KILLED, REF_2023_11_14, &c);
        assert_int_equal(c.n, 6);
        assert_int_equal(c.v[0].l.wall_us, utc_us(2023, 11, 7, 21, 2, 21, 0));
        /* Nov 27 is after the reference (Nov 14): last year */
        assert_int_equal(c.v[1].l.wall_us, utc_us(2022, 11, 27, 21, 2, 21, 0));
        assert_int_equal(c.v[1].l.level, 4);
        assert_string_equal(c.v[2].text, "user@504.service: Failed with result 'oom-kill'.");
        assert_false(c.v[2].l.from_kernel);
        assert_int_equal(c.v[3].l.level, 3); /* busybox syslogd -S */
        assert_string_equal(c.v[4].l.host, "");
        assert_string_equal(c.v[5].l.host, "");
        for (size_t i = 0; i < c.n; i++)
                if (i != 2) {
                        assert_string_equal(c.v[i].text, KILLED);
                        assert_true(c.v[i].l.from_kernel);
                }
        col_free(&c);
}

/* RHEL 8 rsyslog escapes the newlines of the Mem-Info record as #012. */
static void test_syslog_rsyslog_escapes(void **state)
{
        struct col c = { 0 };
        const struct rec *r;
        size_t i;

        (void)state;
        split_fixture("out-of-memory-rhel8-messages.1", REF_2023_11_14, &c);
        r = find_text(&c, "active_anon:33632 inactive_anon:1327714 isolated_anon:0");
        assert_string_equal(r->text, "active_anon:33632 inactive_anon:1327714 isolated_anon:0");
        assert_false(r->l.continuation);
        i = (size_t)(r - c.v);
        assert_string_equal(c.v[i + 1].text, " active_file:43 inactive_file:127 isolated_file:40");
        assert_true(c.v[i + 1].l.continuation);
        assert_string_equal(c.v[i + 1].l.host, "hnsin-varnish");
        assert_int_equal(c.v[i + 1].l.wall_us, utc_us(2023, 9, 29, 8, 12, 34, 0));
        assert_true(c.v[i + 1].l.from_kernel);
        assert_string_equal(find_text(&c, "Node 0 active_anon:134528kB")->l.host, "hnsin-varnish");
        assert_false(find_text(&c, "Node 0 active_anon:134528kB")->l.continuation);
        for (i = 0; i < c.n; i++)
                assert_null(strstr(c.v[i].text, "#012"));
        col_free(&c);

        split_line("Jun 18 02:23:48 host kernel: a#011b#012c", REF_2023_11_14, &c);
        assert_int_equal(c.n, 2);
        assert_string_equal(c.v[0].text, "a\tb");
        assert_string_equal(c.v[1].text, "c");
        assert_true(c.v[1].l.continuation);
        col_free(&c);
}

static void test_syslog_iso(void **state)
{
        struct col c = { 0 };

        (void)state;
        split_line("2022-11-27T21:02:21.123456+01:00 host kernel: " KILLED, 0, &c);
        split_line("2022-11-27T20:02:21.123456Z host kernel: [11686.888109] " KILLED, 0, &c);
        split_line("2022-11-27T21:02:21,123456+01:00 " KILLED, 0, &c);
        split_line("2022-11-27T21:02:21.123456+01:00 host systemd[1]: foo.service: Failed with result 'oom-kill'.",
                   0, &c);
        assert_int_equal(c.n, 4);
        assert_int_equal(c.v[0].l.format, LOG_FMT_SYSLOG_ISO);
        assert_string_equal(c.v[0].l.host, "host");
        assert_int_equal(c.v[0].l.wall_us, utc_us(2022, 11, 27, 20, 2, 21, 123456));
        assert_true(c.v[0].l.tz_known);
        assert_int_equal(c.v[0].l.tz_off_min, 60);
        assert_false(c.v[0].l.year_inferred);
        assert_int_equal(c.v[1].l.wall_us, c.v[0].l.wall_us);
        assert_int_equal(c.v[1].l.mono_us, INT64_C(11686888109));
        assert_int_equal(c.v[2].l.format, LOG_FMT_DMESG_ISO);
        assert_int_equal(c.v[2].l.wall_us, c.v[0].l.wall_us);
        assert_string_equal(c.v[2].l.host, "");
        for (size_t i = 0; i < 3; i++)
                assert_string_equal(c.v[i].text, KILLED);
        assert_false(c.v[3].l.from_kernel);
        assert_string_equal(c.v[3].text, "foo.service: Failed with result 'oom-kill'.");
        col_free(&c);
}

/* ---- journalctl ---- */

/* Texts of the journal fixtures' six entries (the 0xff one last).  The
 * short formats lose the kernel's leading space of continuation lines
 * (they are indented anyway); JSON and export keep MESSAGE as it is. */
static void check_journal_texts(const struct col *c, size_t n, bool structured)
{
        assert_true(c->n >= n);
        assert_string_equal(c->v[0].text, "doxygen invoked oom-killer: gfp_mask=0x140dca(GFP_HIGHUSER_MOVABLE|"
                                          "__GFP_COMP|__GFP_ZERO), order=0, oom_score_adj=0");
        assert_string_equal(c->v[1].text, "Mem-Info:");
        assert_string_equal(c->v[2].text, "active_anon:1413442 inactive_anon:1509191 isolated_anon:0");
        assert_true(c->v[2].l.continuation);
        assert_string_equal(c->v[9].text, structured ? " free:34629 free_pcp:0 free_cma:0"
                                                     : "free:34629 free_pcp:0 free_cma:0");
        assert_true(c->v[9].l.continuation);
        assert_string_equal(c->v[10].text, KILLED);
        assert_false(c->v[10].l.continuation);
        assert_string_equal(c->v[11].text,
                            "user@504.service: A process of this unit has been killed by the OOM killer.");
        assert_false(c->v[11].l.from_kernel);
        assert_true(c->v[10].l.from_kernel);
        assert_string_equal(c->v[12].text, "anon 31154200576");
        assert_string_equal(c->v[27].text, "inactive_file 0");
        assert_true(c->v[27].l.continuation);
        for (size_t i = 0; i < n; i++)
                assert_string_equal(c->v[i].l.host, "mysrv");
}

static void test_journal_short(void **state)
{
        struct col c = { 0 };

        (void)state;
        split_fixture("journal.short", REF_2023_01_02, &c);
        assert_int_equal(c.n, 29);
        check_journal_texts(&c, 29, false);
        assert_int_equal(count_format(&c, LOG_FMT_SYSLOG, true), 23);
        /* Berlin local time; the year is guessed across the new year */
        assert_int_equal(c.v[0].l.wall_us, utc_us(2023, 1, 1, 0, 59, 58, 0));
        assert_true(c.v[0].l.year_inferred);
        assert_false(c.v[0].l.tz_known);
        assert_int_equal(c.v[5].l.wall_us, utc_us(2023, 1, 1, 0, 59, 58, 0));
        col_free(&c);

        split_fixture("journal.short-precise", REF_2023_01_02, &c);
        assert_int_equal(c.n, 29);
        check_journal_texts(&c, 29, false);
        assert_int_equal(c.v[1].l.wall_us, utc_us(2023, 1, 1, 0, 59, 58, 124456));
        assert_int_equal(c.v[9].l.wall_us, utc_us(2023, 1, 1, 0, 59, 58, 124456));
        col_free(&c);

        split_fixture("journal.short-iso", REF_2023_01_02, &c);
        assert_int_equal(c.n, 29);
        check_journal_texts(&c, 29, false);
        assert_int_equal(c.v[0].l.format, LOG_FMT_SYSLOG_ISO);
        assert_true(c.v[0].l.tz_known);
        assert_int_equal(c.v[0].l.tz_off_min, 60);
        assert_int_equal(c.v[0].l.wall_us, utc_us(2022, 12, 31, 23, 59, 58, 0));
        col_free(&c);

        split_fixture("journal.short-monotonic", REF_2023_01_02, &c);
        assert_int_equal(c.n, 29);
        check_journal_texts(&c, 29, false);
        assert_int_equal(c.v[0].l.format, LOG_FMT_JOURNAL_MONO);
        assert_false(c.v[0].l.has_wall);
        assert_int_equal(c.v[0].l.mono_us, INT64_C(11686888109));
        assert_int_equal(c.v[9].l.format, LOG_FMT_JOURNAL_MONO);
        assert_int_equal(c.v[9].l.mono_us, INT64_C(11686889109));
        assert_int_equal(c.v[11].l.mono_us, INT64_C(11689388300));
        col_free(&c);
}

static void check_journal_structured(const struct col *c, enum log_format f)
{
        assert_int_equal(c->n, 29);
        check_journal_texts(c, 29, true);
        for (size_t i = 0; i < c->n; i++) {
                assert_int_equal(c->v[i].l.format, f);
                assert_true(c->v[i].l.tz_known);
                assert_int_equal(c->v[i].l.tz_off_min, 0);
        }
        assert_int_equal(c->v[0].l.wall_us, INT64_C(1672531198123456));
        assert_int_equal(c->v[0].l.level, 4);
        assert_int_equal(c->v[0].l.mono_us, INT64_C(11686888109)); /* _SOURCE_MONOTONIC_TIMESTAMP */
        assert_int_equal(c->v[5].l.mono_us, INT64_C(11686889109));
        assert_int_equal(c->v[10].l.level, 3);
        assert_false(c->v[11].l.has_mono); /* not the kernel transport */
        assert_int_equal(c->v[11].l.level, 5);
        assert_int_equal(c->v[12].l.level, 6);
        assert_string_equal(c->v[28].text, "Out of memory: Killed process 4242 (bad\xff"
                                           "comm) total-vm:1024kB, anon-rss:512kB, file-rss:0kB, shmem-rss:0kB, "
                                           "UID:0 pgtables:40kB oom_score_adj:0");
        assert_int_equal(c->v[28].l.mono_us, INT64_C(11690388109));
}

static void test_journal_json(void **state)
{
        struct col c = { 0 };

        (void)state;
        split_fixture("journal.json", 0, &c);
        check_journal_structured(&c, LOG_FMT_JOURNAL_JSON);
        col_free(&c);

        split_line("{\"MESSAGE\":\"a\\tb \\u00e9\\ud83d\\ude00 \\\"q\\\"\\nsecond\",\"_TRANSPORT\":\"kernel\","
                   "\"__MONOTONIC_TIMESTAMP\":\"5000\",\"PRIORITY\":3,\"_X\":{\"n\":[1,{\"k\":\"}\"}]}}",
                   0, &c);
        split_line("{\"MESSAGE\":null,\"PRIORITY\":\"3\"}", 0, &c);
        split_line("{\"__MONOTONIC_TIMESTAMP\":\"5000\",\"MESSAGE\":\"x\"}", 0, &c);
        split_line("{ not json", 0, &c);
        split_line("\x1e{\"MESSAGE\":\"json-seq\"}", 0, &c);
        assert_int_equal(c.n, 5);
        assert_string_equal(c.v[4].text, "json-seq");
        assert_string_equal(c.v[0].text, "a\tb \xc3\xa9\xf0\x9f\x98\x80 \"q\"");
        assert_string_equal(c.v[1].text, "second");
        assert_true(c.v[1].l.continuation);
        assert_int_equal(c.v[0].l.level, 3);
        assert_true(c.v[0].l.has_mono); /* __MONOTONIC_TIMESTAMP of the kernel transport */
        assert_int_equal(c.v[0].l.mono_us, 5000);
        assert_false(c.v[0].l.has_wall);
        assert_false(c.v[2].l.has_mono); /* transport unknown: journald's own clock */
        assert_true(c.v[2].l.from_kernel);
        assert_int_equal(c.v[3].l.format, LOG_FMT_TEXT);
        assert_string_equal(c.v[3].text, "{ not json");
        col_free(&c);
}

/* journalctl -o json writes MESSAGE as an array of byte values when it
 * holds a control byte or invalid UTF-8 (an ESC or 0xff in a comm): the
 * array is decoded into those bytes; anything else in the brackets makes
 * the line unreadable, never a wrong text. */
static void test_journal_json_byte_arrays(void **state)
{
        static const char *const malformed[] = {
                "[256]", "[-1]", "[1,,2]", "[1,]", "[,1]", "[1 2]", "[1.5]", "[\"a\"]", "[0x41]", "[1e2]",
                "[99999999999999999999]", "[1,2", "[", "[[65]]", "[65}", "[null]",
        };
        struct col c = { 0 };
        char line[128];

        (void)state;
        split_line("{\"MESSAGE\":[72, 105 ,\t33 ],\"_TRANSPORT\":\"kernel\",\"PRIORITY\":\"3\"}", 0, &c);
        split_line("{\"_TRANSPORT\":\"kernel\",\"MESSAGE\":[27,91,50,74,101,118,105,108]}", 0, &c);
        split_line("{\"MESSAGE\":[255,0,1]}", 0, &c);
        split_line("{\"MESSAGE\" : [ ] }", 0, &c);
        assert_int_equal(c.n, 4);
        assert_string_equal(c.v[0].text, "Hi!");
        assert_int_equal(c.v[0].l.format, LOG_FMT_JOURNAL_JSON);
        assert_int_equal(c.v[0].l.level, 3);
        assert_true(c.v[0].l.from_kernel);
        assert_string_equal(c.v[1].text, "\x1b[2Jevil");
        assert_int_equal(c.v[2].l.text_len, 3);
        assert_memory_equal(c.v[2].text, "\xff\x00\x01", 3);
        assert_int_equal(c.v[3].l.text_len, 0);
        col_free(&c);

        for (size_t i = 0; i < sizeof(malformed) / sizeof(*malformed); i++) {
                snprintf(line, sizeof(line), "{\"MESSAGE\":%s,\"_TRANSPORT\":\"kernel\"}", malformed[i]);
                split_line(line, 0, &c);
                if (c.n != 0)
                        fail_msg("%s gave \"%s\"", malformed[i], c.v[0].text);
        }

        /* bounded: 16000 bytes decode whole; an array cut at the 64 KiB
         * line bound is unterminated, so ignored */
        for (size_t n = 16000; n <= 40000; n += 24000) {
                size_t cap = 32 + n * 4, o;
                char *big = malloc(cap);
                assert_non_null(big);
                o = (size_t)snprintf(big, cap, "{\"MESSAGE\":[");
                for (size_t k = 0; k < n; k++)
                        o += (size_t)snprintf(big + o, cap - o, k ? ",%u" : "%u", 100 + (unsigned)(k % 10));
                snprintf(big + o, cap - o, "]}");
                split_line(big, 0, &c);
                free(big);
        }
        assert_int_equal(c.n, 1);
        assert_int_equal(c.v[0].l.text_len, 16000);
        assert_memory_equal(c.v[0].text, "defghijklmdefg", 14);
        col_free(&c);
}

static void test_journal_export(void **state)
{
        struct col c = { 0 };
        struct log_splitter *s;

        (void)state;
        split_fixture("journal.export", 0, &c);
        check_journal_structured(&c, LOG_FMT_JOURNAL_EXPORT);
        /* the memory.stat MESSAGE is 266 = 0x10a bytes: its length holds a '\n' */
        assert_string_equal(c.v[12].text, "anon 31154200576");
        assert_string_equal(c.v[13].text, "file 688283648");
        col_free(&c);

        /* needs_every_line inside an entry; an entry without a final blank
         * line is emitted at finish */
        s = log_splitter_new(0);
        assert_false(log_splitter_needs_every_line(s));
        feed(s, &c, "__CURSOR=s=52bf;i=1");
        assert_true(log_splitter_needs_every_line(s));
        feed(s, &c, "__REALTIME_TIMESTAMP=1672531198123456");
        feed(s, &c, "_TRANSPORT=kernel");
        feed(s, &c, "MESSAGE=" KILLED);
        assert_int_equal(c.n, 0);
        feed(s, &c, "");
        assert_int_equal(c.n, 1);
        assert_false(log_splitter_needs_every_line(s));
        feed(s, &c, "__CURSOR=s=52bf;i=2");
        feed(s, &c, "MESSAGE=last");
        log_splitter_finish(s, collect, &c);
        assert_int_equal(c.n, 2);
        assert_string_equal(c.v[0].text, KILLED);
        assert_int_equal(c.v[0].l.wall_us, INT64_C(1672531198123456));
        assert_string_equal(c.v[1].text, "last");
        assert_false(log_splitter_needs_every_line(s));
        log_splitter_free(s);
        col_free(&c);
}

/* ---- quoting, prose, continuation rule ---- */

static void test_quoting_and_prose(void **state)
{
        static const char *const lines[] = {
                "查看系统日志 message 发现如下日志，证实了猜想：",
                "```",
                "Nov 27 21:02:21 localhost kernel: " KILLED,
                "```",
                "",
                "> [11686.888109] " KILLED,
                ">> [11686.888109] " KILLED,
                "> > [11686.888109] " KILLED,
                "    [11686.888109] " KILLED,
                "\t[11686.888109] " KILLED,
                ">",
                "The kernel then printed:",
                "    " KILLED,
        };
        struct log_splitter *s = log_splitter_new(REF_2023_11_14);
        struct col c = { 0 };

        (void)state;
        for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
                feed(s, &c, lines[i]);
        log_splitter_finish(s, collect, &c);
        log_splitter_free(s);
        assert_int_equal(c.n, 13);
        assert_int_equal(c.v[0].l.format, LOG_FMT_TEXT);
        assert_string_equal(c.v[0].text, lines[0]);
        assert_int_equal(c.v[1].l.format, LOG_FMT_TEXT);
        assert_int_equal(c.v[2].l.format, LOG_FMT_SYSLOG);
        assert_string_equal(c.v[2].l.host, "localhost");
        assert_string_equal(c.v[4].text, "");
        for (size_t i = 5; i <= 9; i++) {
                assert_int_equal(c.v[i].l.format, LOG_FMT_DMESG);
                assert_int_equal(c.v[i].l.mono_us, INT64_C(11686888109));
                assert_false(c.v[i].l.continuation);
                assert_string_equal(c.v[i].text, KILLED);
        }
        /* indented bare text after prose is not a continuation */
        assert_int_equal(c.v[12].l.format, LOG_FMT_TEXT);
        assert_false(c.v[12].l.continuation);
        assert_string_equal(c.v[12].text, KILLED);
        col_free(&c);
}

/* OOMAnalyser feeds its examples with these seven prefixes (corpus
 * README); the kernel text must come out the same under each, and bare. */
static void test_ooma_prefix_styles(void **state)
{
        static const char *const prefixes[] = {
                "[11686.888109] ",
                "Apr 01 14:13:32 mysrv: ",
                "Apr 01 14:13:32 mysrv kernel: ",
                "Apr 01 14:13:32 mysrv <kern.warning> kernel: ",
                "Apr 01 14:13:32 mysrv kernel: [11686.888109] ",
                "kernel:",
                "Apr 01 14:13:32 mysrv <kern.warning> kernel:",
                "",
        };
        struct col c = { 0 };
        char line[512];

        (void)state;
        for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
                snprintf(line, sizeof(line), "%s%s", prefixes[i], KILLED);
                split_line(line, REF_2023_11_14, &c);
                assert_int_equal(c.n, i + 1);
                assert_string_equal(c.v[i].text, KILLED);
                assert_true(c.v[i].l.from_kernel);
                assert_false(c.v[i].l.continuation);
        }
        assert_int_equal(c.v[0].l.format, LOG_FMT_DMESG);
        for (size_t i = 1; i <= 6; i++)
                assert_int_equal(c.v[i].l.format, LOG_FMT_SYSLOG);
        assert_int_equal(c.v[7].l.format, LOG_FMT_TEXT);
        for (size_t i = 1; i <= 6; i++)
                if (i != 5) {
                        assert_string_equal(c.v[i].l.host, "mysrv");
                        assert_int_equal(c.v[i].l.wall_us, utc_us(2023, 4, 1, 14, 13, 32, 0));
                }
        assert_int_equal(c.v[3].l.level, 4);
        assert_int_equal(c.v[6].l.level, 4);
        assert_true(c.v[4].l.has_mono);
        assert_int_equal(c.v[4].l.mono_us, INT64_C(11686888109));
        assert_false(c.v[5].l.has_wall);
        col_free(&c);
}

static void test_crlf_and_long_lines(void **state)
{
        struct log_splitter *s = log_splitter_new(0);
        struct col c = { 0 };
        size_t big = 100 * 1024;
        char *line = malloc(big);

        (void)state;
        assert_non_null(line);
        feed(s, &c, "[  123.456789] " KILLED "\r");
        memset(line, 'A', big);
        memcpy(line, "[  123.456789] ", 15);
        log_splitter_feed(s, line, big, collect, &c);
        feed(s, &c, "6,1,2,-;short");
        log_splitter_feed(s, line, big, collect, &c); /* flushes the kmsg record */
        line[0] = '6';
        memcpy(line, "6,1,2,-;", 8);
        log_splitter_feed(s, line, big, collect, &c); /* a huge kmsg record */
        log_splitter_finish(s, collect, &c);
        log_splitter_free(s);
        assert_int_equal(c.n, 5);
        assert_string_equal(c.v[0].text, KILLED);
        assert_false(c.v[0].l.truncated);
        assert_int_equal(c.v[1].l.text_len, 64 * 1024 - 15);
        assert_true(c.v[1].l.truncated);
        assert_string_equal(c.v[2].text, "short");
        assert_false(c.v[2].l.truncated);
        assert_int_equal(c.v[4].l.format, LOG_FMT_KMSG);
        assert_int_equal(c.v[4].l.text_len, 8 * 1024);
        assert_true(c.v[4].l.truncated);
        free(line);
        col_free(&c);
}

/* Random bytes, NULs, broken prefixes, truncated escapes and JSON, export
 * fields with absurd lengths: no crash (run under ASan/UBSan), bounded
 * output. */
static void test_garbage(void **state)
{
        static const char *const nasty[] = {
                "[", "[ ", "[  123.", "[  123.456", "[  123.456789", "<", "<4", "<999>x", "<4>", "<4>[",
                "6,", "6,1,2", "6,1,2,-", "6,1,2,-;\\x", "6,1,2,-;\\x4", "6,1,2,-;abc\\", "{", "{\"", "{\"MESSAGE\"",
                "{\"MESSAGE\":\"\\", "{\"MESSAGE\":\"\\u12", "{\"MESSAGE\":[1,2,", "{\"MESSAGE\":[300]}",
                "{\"a\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
                "Nov", "Nov 27", "Nov 27 21:02:21", "Nov 27 21:02:21 ", "Nov 27 21:02:21 h", "Nov 27 21:02:21 h:",
                "Nov 27 21:02:21 h <kern.", "Nov 27 21:02:21 h <>", "2022-11-27T21:02:21", "2022-11-27T21:02:21+",
                "kern  :", "kern  :warn  :", "kernel:", "> ", ">>>>>>>>>>", "\r", "\r\r", " ", "\t\t",
                "__CURSOR=", "MESSAGE", "", "__X=1", "MESSAGE", "\xff\xff\xff\xff\xff\xff\xff\x7f", "", "",
        };
        struct log_splitter *s = log_splitter_new(0);
        struct col c = { 0 };
        uint32_t x = 2463534242u;
        char buf[512];

        (void)state;
        for (size_t i = 0; i < sizeof(nasty) / sizeof(nasty[0]); i++)
                feed(s, &c, nasty[i]);
        /* a binary field whose length says 8 bytes, then more entries */
        log_splitter_feed(s, "__CURSOR=a", 10, collect, &c);
        log_splitter_feed(s, "MESSAGE", 7, collect, &c);
        log_splitter_feed(s, "\x08\0\0\0\0\0\0\0abc", 11, collect, &c);
        log_splitter_feed(s, "defg", 4, collect, &c);
        log_splitter_feed(s, "", 0, collect, &c);
        log_splitter_feed(s, "[ 1.000000] after", 17, collect, &c);
        log_splitter_feed(s, "a\0b\0\0c", 6, collect, &c);
        log_splitter_feed(s, NULL, 0, collect, &c);
        for (int round = 0; round < 20000; round++) {
                size_t n;

                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                n = x % sizeof(buf);
                for (size_t i = 0; i < n; i++) {
                        x ^= x << 13;
                        x ^= x >> 17;
                        x ^= x << 5;
                        /* bias towards the bytes prefixes are made of */
                        buf[i] = x % 4 == 0 ? "[]<>0123456789.:, ;-TZ+#\\x{}\"\n\0kernel"[(x >> 8) % 37] : (char)(x >> 16);
                }
                log_splitter_feed(s, buf, n, collect, &c);
                if (c.n > 10000) {
                        col_free(&c);
                }
        }
        log_splitter_finish(s, collect, &c);
        log_splitter_free(s);
        log_splitter_free(NULL);
        log_splitter_feed(NULL, "x", 1, collect, &c);
        log_splitter_finish(NULL, collect, &c);
        assert_false(log_splitter_needs_every_line(NULL));
        col_free(&c);

        /* the NUL-separated pieces above came out as separate lines */
        split_line("[ 1.000000] after", 0, &c);
        assert_string_equal(c.v[0].text, "after");
        col_free(&c);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_dmesg_plain),
                cmocka_unit_test(test_dmesg_raw_buffer),
                cmocka_unit_test(test_dmesg_raw_newlines),
                cmocka_unit_test(test_dmesg_renderings),
                cmocka_unit_test(test_dmesg_ctime_locales),
                cmocka_unit_test(test_dmesg_ctime_proxmox),
                cmocka_unit_test(test_kmsg_records),
                cmocka_unit_test(test_kmsg_newline_in_comm),
                cmocka_unit_test(test_kmsg_nohang_wrapped),
                cmocka_unit_test(test_kmsg_util_linux),
                cmocka_unit_test(test_syslog_rfc3164),
                cmocka_unit_test(test_syslog_rsyslog_escapes),
                cmocka_unit_test(test_syslog_iso),
                cmocka_unit_test(test_journal_short),
                cmocka_unit_test(test_journal_json),
                cmocka_unit_test(test_journal_json_byte_arrays),
                cmocka_unit_test(test_journal_export),
                cmocka_unit_test(test_quoting_and_prose),
                cmocka_unit_test(test_ooma_prefix_styles),
                cmocka_unit_test(test_crlf_and_long_lines),
                cmocka_unit_test(test_garbage),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
