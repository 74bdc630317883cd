/* test_json_writer.c — exact bytes of the streaming JSON writer: structure
 * in compact and pretty mode, string sanitising of hostile kernel strings
 * (and that the bytes come back from the parsed value: the \xNN notation),
 * numbers in any locale, write errors and misuse. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "json_writer.h"

struct capture {
        char *data;
        size_t size;
        FILE *f;
        struct json_writer *w;
};

static void cap_open(struct capture *c, bool pretty)
{
        c->data = NULL;
        c->size = 0;
        c->f = open_memstream(&c->data, &c->size);
        assert_non_null(c->f);
        c->w = json_writer_new(c->f, pretty);
        assert_non_null(c->w);
}

/* Closes the stream and checks it holds exactly WANT. */
static void cap_check(struct capture *c, const char *want, size_t want_len)
{
        assert_int_equal(json_writer_error(c->w), 0);
        json_writer_free(c->w);
        assert_int_equal(fclose(c->f), 0);
        if (c->size != want_len || memcmp(c->data, want, want_len) != 0)
                fail_msg("got [%.*s]\nwant [%.*s]", (int)c->size, c->data, (int)want_len, want);
        free(c->data);
}

#define CAP_CHECK(c, lit) cap_check(c, lit, sizeof(lit) - 1)

/* The kill of seeds/000 (RHEL 7, 3.10): "java invoked oom-killer:
 * gfp_mask=0x280da, order=0, oom_score_adj=0", "Kill process 39855 (java)
 * score 632", "Killed process 39855 (java) total-vm:27364080kB,
 * anon-rss:10222016kB, file-rss:0kB" (no shmem-rss before 4.5), rss
 * 2555504 of 4187036 pages RAM. */
static void write_seed_doc(struct json_writer *w)
{
        json_begin_object(w);
        json_kv_string(w, "source", "seeds/000");
        json_key(w, "events");
        json_begin_array(w);
        json_begin_object(w);
        json_key(w, "trigger");
        json_begin_object(w);
        json_kv_string(w, "comm", "java");
        json_kv_string(w, "gfp_mask", "0x280da");
        json_kv_int(w, "order", 0);
        json_kv_int(w, "oom_score_adj", 0);
        json_end_object(w);
        json_key(w, "victim");
        json_begin_object(w);
        json_kv_int(w, "pid", 39855);
        json_kv_string_len(w, "comm", "java)", 4);
        json_kv_int(w, "score", 632);
        json_kv_int(w, "total_vm_kb", 27364080);
        json_kv_int(w, "anon_rss_kb", 10222016);
        json_kv_int(w, "file_rss_kb", 0);
        json_kv_int(w, "shmem_rss_kb", INT64_MIN);
        json_kv_double(w, "rss_share", 2555504.0 / 4187036.0, 3);
        json_kv_bool(w, "killed", true);
        json_end_object(w);
        json_kv_null(w, "constraint");
        json_key(w, "tasks");
        json_begin_array(w);
        json_end_array(w);
        json_key(w, "memcg");
        json_begin_object(w);
        json_end_object(w);
        json_key(w, "flags");
        json_begin_array(w);
        json_bool(w, false);
        json_null(w);
        json_int(w, -1);
        json_end_array(w);
        json_end_object(w);
        json_end_array(w);
        json_kv_int(w, "count", 1);
        json_end_object(w);
}

static void test_compact_document(void **state)
{
        struct capture c;

        (void)state;
        cap_open(&c, false);
        write_seed_doc(c.w);
        CAP_CHECK(&c, "{\"source\":\"seeds/000\",\"events\":[{\"trigger\":{\"comm\":\"java\","
                      "\"gfp_mask\":\"0x280da\",\"order\":0,\"oom_score_adj\":0},\"victim\":"
                      "{\"pid\":39855,\"comm\":\"java\",\"score\":632,\"total_vm_kb\":27364080,"
                      "\"anon_rss_kb\":10222016,\"file_rss_kb\":0,\"shmem_rss_kb\":null,"
                      "\"rss_share\":0.61,\"killed\":true},\"constraint\":null,\"tasks\":[],"
                      "\"memcg\":{},\"flags\":[false,null,-1]}],\"count\":1}\n");
}

static void test_pretty_document(void **state)
{
        struct capture c;

        (void)state;
        cap_open(&c, true);
        write_seed_doc(c.w);
        CAP_CHECK(&c, "{\n"
                      "  \"source\": \"seeds/000\",\n"
                      "  \"events\": [\n"
                      "    {\n"
                      "      \"trigger\": {\n"
                      "        \"comm\": \"java\",\n"
                      "        \"gfp_mask\": \"0x280da\",\n"
                      "        \"order\": 0,\n"
                      "        \"oom_score_adj\": 0\n"
                      "      },\n"
                      "      \"victim\": {\n"
                      "        \"pid\": 39855,\n"
                      "        \"comm\": \"java\",\n"
                      "        \"score\": 632,\n"
                      "        \"total_vm_kb\": 27364080,\n"
                      "        \"anon_rss_kb\": 10222016,\n"
                      "        \"file_rss_kb\": 0,\n"
                      "        \"shmem_rss_kb\": null,\n"
                      "        \"rss_share\": 0.61,\n"
                      "        \"killed\": true\n"
                      "      },\n"
                      "      \"constraint\": null,\n"
                      "      \"tasks\": [],\n"
                      "      \"memcg\": {},\n"
                      "      \"flags\": [\n"
                      "        false,\n"
                      "        null,\n"
                      "        -1\n"
                      "      ]\n"
                      "    }\n"
                      "  ],\n"
                      "  \"count\": 1\n"
                      "}\n");
}

/* One JSON value per call, in an array, compact: "[<value>]\n". */
static void check_string(const char *in, size_t len, const char *want, size_t want_len)
{
        struct capture c;
        char *expect = malloc(want_len + 3);

        assert_non_null(expect);
        expect[0] = '[';
        memcpy(expect + 1, want, want_len);
        memcpy(expect + 1 + want_len, "]\n", 2);
        cap_open(&c, false);
        json_begin_array(c.w);
        json_string_len(c.w, in, len);
        json_end_array(c.w);
        cap_check(&c, expect, want_len + 3);
        free(expect);
}

#define CHECK_STRING(in, want) check_string(in, sizeof(in) - 1, want, sizeof(want) - 1)

static void test_string_escapes(void **state)
{
        (void)state;
        CHECK_STRING("plain/path", "\"plain/path\"");
        CHECK_STRING("q\"b", "\"q\\\"b\"");
        CHECK_STRING("\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\"");
        CHECK_STRING("\x01\x1f\x7f", "\"\\u0001\\u001f\\u007f\"");
        CHECK_STRING("a\0b", "\"a\\u0000b\"");
        CHECK_STRING("\x1b[31mred", "\"\\u001b[31mred\"");
        CHECK_STRING("\x1b]52;c;eA==\x07", "\"\\u001b]52;c;eA==\\u0007\"");
        CHECK_STRING("\xe2\x80\xa8\xe2\x80\xa9", "\"\\u2028\\u2029\"");
        CHECK_STRING("\xc2\x85\xc2\x9b", "\"\\u0085\\u009b\"");   /* C1 as UTF-8 */
        /* what reorders or hides text on a terminal: RLO, RLM, ZWSP, BOM */
        CHECK_STRING("evil\xe2\x80\xaegol", "\"evil\\u202egol\"");
        CHECK_STRING("\xe2\x80\x8f\xe2\x80\x8b\xef\xbb\xbf", "\"\\u200f\\u200b\\ufeff\"");
        CHECK_STRING("", "\"\"");
}

static void test_string_utf8(void **state)
{
        (void)state;
        /* valid multibyte passes unchanged */
        CHECK_STRING("数据同步", "\"数据同步\"");
        CHECK_STRING("\xf0\x9f\x98\x80", "\"\xf0\x9f\x98\x80\"");          /* emoji */
        CHECK_STRING("\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x92\xbb", /* ZWJ sequence */
                     "\"\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x92\xbb\"");
        CHECK_STRING("caf\xc3\xa9 \xc2\xa0", "\"caf\xc3\xa9 \xc2\xa0\"");
        CHECK_STRING("\xef\xbf\xbd", "\"\xef\xbf\xbd\"");                  /* a real U+FFFD */
        CHECK_STRING("\xed\x9f\xbf\xf4\x8f\xbf\xbf", "\"\xed\x9f\xbf\xf4\x8f\xbf\xbf\"");  /* U+D7FF, U+10FFFF */
}

/* Each byte that is not UTF-8 is \xNN in the value, as in the text output:
 * two names that differ only there stay different. */
static void test_string_bad_bytes(void **state)
{
        (void)state;
        CHECK_STRING("\xff", "\"\\\\xff\"");
        CHECK_STRING("\xfe", "\"\\\\xfe\"");
        CHECK_STRING("\xff\xfe" "evil", "\"\\\\xff\\\\xfeevil\"");
        CHECK_STRING("\xc0\xaf", "\"\\\\xc0\\\\xaf\"");                    /* overlong '/' */
        CHECK_STRING("\xe0\x80\xaf", "\"\\\\xe0\\\\x80\\\\xaf\"");          /* overlong, 3 bytes */
        CHECK_STRING("\xed\xa0\x80", "\"\\\\xed\\\\xa0\\\\x80\"");          /* surrogate U+D800 */
        CHECK_STRING("\xed\xbf\xbf", "\"\\\\xed\\\\xbf\\\\xbf\"");          /* surrogate U+DFFF */
        CHECK_STRING("\xf4\x90\x80\x80x", "\"\\\\xf4\\\\x90\\\\x80\\\\x80x\"");   /* > U+10FFFF */
        CHECK_STRING("\x9b", "\"\\\\x9b\"");                                /* raw C1 byte */
        /* "java数据同步服务" cut by the kernel at 15 bytes, inside 步 */
        CHECK_STRING("java数据同\xe6\xad", "\"java数据同\\\\xe6\\\\xad\"");
        CHECK_STRING("\xe6\"", "\"\\\\xe6\\\"\"");
        CHECK_STRING("\xe6" "a", "\"\\\\xe6a\"");
}

/* A backslash is doubled, so that \xNN in the value always means a byte. */
static void test_string_backslash(void **state)
{
        (void)state;
        CHECK_STRING("\\", "\"\\\\\\\\\"");
        CHECK_STRING("\\xff", "\"\\\\\\\\xff\"");                           /* not byte FF */
        CHECK_STRING("a\\\xff", "\"a\\\\\\\\\\\\xff\"");
        CHECK_STRING("/system.slice/system-serial\\x2dgetty.slice",
                     "\"/system.slice/system-serial\\\\\\\\x2dgetty.slice\"");
}

/* The value a JSON parser returns for the writer's string S: the string
 * escapes resolved (\uXXXX to UTF-8; the writer writes no surrogates). */
static size_t json_value(const char *s, size_t n, char *out)
{
        size_t o = 0;

        assert_true(n >= 2 && s[0] == '"' && s[n - 1] == '"');
        for (size_t i = 1; i < n - 1; i++) {
                assert_true((unsigned char)s[i] >= 0x20);
                if (s[i] != '\\') {
                        out[o++] = s[i];
                        continue;
                }
                char e = s[++i];
                const char *simple = strchr("\"\"\\\\//b\bf\fn\nr\rt\t", e);
                if (e != 'u') {
                        assert_non_null(simple);
                        out[o++] = simple[1];
                        continue;
                }
                unsigned cp = (unsigned)strtoul((char[5]){ s[i + 1], s[i + 2], s[i + 3], s[i + 4], 0 }, NULL, 16);
                i += 4;
                assert_false(cp >= 0xd800 && cp <= 0xdfff);
                if (cp < 0x80) {
                        out[o++] = (char)cp;
                } else if (cp < 0x800) {
                        out[o++] = (char)(0xc0 | cp >> 6);
                        out[o++] = (char)(0x80 | (cp & 0x3f));
                } else {
                        out[o++] = (char)(0xe0 | cp >> 12);
                        out[o++] = (char)(0x80 | (cp >> 6 & 0x3f));
                        out[o++] = (char)(0x80 | (cp & 0x3f));
                }
        }
        return o;
}

/* The original bytes from a value: \\ is a backslash, \xNN byte NN. */
static size_t unnotate(const char *v, size_t n, char *out)
{
        size_t o = 0;

        for (size_t i = 0; i < n; i++) {
                if (v[i] != '\\') {
                        out[o++] = v[i];
                        continue;
                }
                assert_true(i + 1 < n);
                if (v[i + 1] == '\\') {
                        out[o++] = '\\';
                        i++;
                        continue;
                }
                assert_true(i + 3 < n && v[i + 1] == 'x');
                out[o++] = (char)strtoul((char[3]){ v[i + 2], v[i + 3], 0 }, NULL, 16);
                i += 3;
        }
        return o;
}

/* Any bytes come back from the parsed value, and the value is valid
 * UTF-8: every 1- and 2-byte string, and pseudo-random longer ones biased
 * towards backslashes, x, hex digits and UTF-8 lead/continuation bytes. */
static void check_round_trip(const char *in, size_t len)
{
        struct capture c;
        char value[256], back[256];

        cap_open(&c, false);
        json_string_len(c.w, in, len);
        assert_int_equal(json_writer_error(c.w), 0);
        json_writer_free(c.w);
        assert_int_equal(fclose(c.f), 0);
        assert_true(c.size >= 3 && c.data[c.size - 1] == '\n');
        assert_int_equal(utf8_valid_prefix(c.data, c.size), c.size);
        size_t nv = json_value(c.data, c.size - 1, value);
        assert_int_equal(utf8_valid_prefix(value, nv), nv);
        size_t nb = unnotate(value, nv, back);
        if (nb != len || memcmp(back, in, len) != 0)
                fail_msg("bytes do not come back from [%s]", c.data);
        free(c.data);
}

static void test_string_round_trip(void **state)
{
        static const char pool[] = "\\x\\xff0aAz\"\n\x1b\x7f\xc2\x80\x9f\xe6\xad\xa5\xed\xa0\xf0\x9f\xff";
        char in[12];
        uint32_t x = 2463534242u;

        (void)state;
        for (unsigned a = 0; a < 256; a++) {
                in[0] = (char)a;
                check_round_trip(in, 1);
                for (unsigned b = 0; b < 256; b++) {
                        in[1] = (char)b;
                        check_round_trip(in, 2);
                }
        }
        for (int i = 0; i < 20000; i++) {
                for (size_t k = 0; k < sizeof(in); k++) {
                        x ^= x << 13;
                        x ^= x >> 17;
                        x ^= x << 5;
                        in[k] = (x & 3) ? pool[(x >> 8) % (sizeof(pool) - 1)] : (char)(x >> 16);
                }
                check_round_trip(in, sizeof(in));
        }
}

static void test_string_null_and_keys(void **state)
{
        struct capture c;

        (void)state;
        cap_open(&c, false);
        json_begin_object(c.w);
        json_kv_string(c.w, "a", NULL);
        json_kv_string_len(c.w, "b", NULL, 5);
        json_kv_string(c.w, "k\"\n\xff", "v");
        json_kv_string_len(c.w, "task", "unattended-upgrades", 15); /* ubuntu2110.log comm */
        json_end_object(c.w);
        CAP_CHECK(&c, "{\"a\":null,\"b\":null,\"k\\\"\\n\\\\xff\":\"v\",\"task\":\"unattended-upgr\"}\n");
}

static void test_ints(void **state)
{
        struct capture c;

        (void)state;
        cap_open(&c, false);
        json_begin_array(c.w);
        json_int(c.w, 0);
        json_int(c.w, -1000);          /* oom_score_adj of a protected task */
        json_int(c.w, INT64_MAX);
        json_int(c.w, INT64_MIN + 1);
        json_int(c.w, INT64_MIN);      /* OOM_UNSET */
        json_end_array(c.w);
        CAP_CHECK(&c, "[0,-1000,9223372036854775807,-9223372036854775807,null]\n");
}

static void test_doubles(void **state)
{
        struct capture c;

        (void)state;
        cap_open(&c, false);
        json_begin_array(c.w);
        json_double(c.w, 0.1, 3);
        json_double(c.w, 0.1, 15);
        json_double(c.w, 2.0, 2);
        json_double(c.w, 2.0, 0);
        json_double(c.w, 2.5, 0);
        json_double(c.w, 63.25, 2);
        json_double(c.w, 1.0 / 3.0, 2);
        json_double(c.w, -0.001, 2);    /* rounds to zero: no "-0.0" */
        json_double(c.w, -0.0, 1);
        json_double(c.w, -1.5, 1);
        json_double(c.w, 1e20, 1);
        json_double(c.w, NAN, 2);
        json_double(c.w, INFINITY, 2);
        json_double(c.w, -INFINITY, 2);
        json_double(c.w, 0.5, -3);      /* clamped to 0 decimals */
        json_end_array(c.w);
        CAP_CHECK(&c, "[0.1,0.1,2.0,2,2,63.25,0.33,0.0,0.0,-1.5,100000000000000000000.0,"
                      "null,null,null,0]\n");
}

static void test_double_extremes(void **state)
{
        struct capture c;
        char want[400];

        (void)state;
        /* DBL_MAX has 309 integer digits: the buffers must hold them. */
        cap_open(&c, false);
        json_double(c.w, 1.7976931348623157e308, 17);
        json_writer_free(c.w);
        c.w = NULL;
        assert_int_equal(fclose(c.f), 0);
        assert_int_equal(c.size, 309 + 2 + 1);
        assert_memory_equal(c.data, "179769313486231570814527423731704356798", 39);
        assert_memory_equal(c.data + 309, ".0\n", 3);
        free(c.data);

        cap_open(&c, false);
        json_double(c.w, -1.7976931348623157e308, 0);
        snprintf(want, sizeof(want), "%.0f\n", -1.7976931348623157e308);
        cap_check(&c, want, strlen(want));
}

/* LC_NUMERIC=de_DE makes printf write "0,5": the writer must not. */
static void test_doubles_locale(void **state)
{
        struct capture c;

        (void)state;
        if (!setlocale(LC_NUMERIC, "de_DE.UTF-8"))
                skip();
        cap_open(&c, false);
        json_begin_array(c.w);
        json_double(c.w, 0.5, 2);
        json_double(c.w, -1234.125, 3);
        json_double(c.w, 2555504.0 / 4187036.0, 3);
        json_int(c.w, 1234567);
        json_end_array(c.w);
        setlocale(LC_NUMERIC, "C");
        CAP_CHECK(&c, "[0.5,-1234.125,0.61,1234567]\n");
}

static void test_top_level_values(void **state)
{
        struct capture c;

        (void)state;
        /* Several top-level values make JSON Lines. */
        cap_open(&c, false);
        json_begin_object(c.w);
        json_kv_int(c.w, "pid", 39855);
        json_end_object(c.w);
        json_begin_object(c.w);
        json_end_object(c.w);
        json_null(c.w);
        json_string(c.w, "x");
        CAP_CHECK(&c, "{\"pid\":39855}\n{}\nnull\n\"x\"\n");

        cap_open(&c, true);
        json_begin_array(c.w);
        json_end_array(c.w);
        json_int(c.w, 7);
        CAP_CHECK(&c, "[]\n7\n");
}

static void test_max_depth(void **state)
{
        struct capture c;
        char want[2 * JSON_WRITER_MAX_DEPTH + 2];

        (void)state;
        cap_open(&c, false);
        for (int i = 0; i < JSON_WRITER_MAX_DEPTH; i++)
                json_begin_array(c.w);
        for (int i = 0; i < JSON_WRITER_MAX_DEPTH; i++)
                json_end_array(c.w);
        memset(want, '[', JSON_WRITER_MAX_DEPTH);
        memset(want + JSON_WRITER_MAX_DEPTH, ']', JSON_WRITER_MAX_DEPTH);
        want[2 * JSON_WRITER_MAX_DEPTH] = '\n';
        cap_check(&c, want, 2 * JSON_WRITER_MAX_DEPTH + 1);
}

static void test_write_error(void **state)
{
        FILE *f = fopen("/dev/full", "w");
        struct json_writer *w;

        (void)state;
        if (!f)
                skip();
        setvbuf(f, NULL, _IONBF, 0);
        w = json_writer_new(f, true);
        assert_non_null(w);
        json_begin_object(w);
        json_kv_string(w, "comm", "java");
        json_end_object(w);
        /* output is buffered: the error shows once the document is done */
        assert_int_equal(json_writer_error(w), -ENOSPC);
        /* later values are ignored, the first error kept */
        json_int(w, 1);
        assert_int_equal(json_writer_error(w), -ENOSPC);
        json_writer_free(w);
        fclose(f);
}

static void test_new_free(void **state)
{
        (void)state;
        errno = 0;
        assert_null(json_writer_new(NULL, false));
        assert_int_equal(errno, EINVAL);
        json_writer_free(NULL);
}

enum misuse { VALUE_WITHOUT_KEY, KEY_IN_ARRAY, WRONG_END, END_AT_TOP, TOO_DEEP, KEY_TWICE };

/* Misuse asserts (debug builds) or sets -EINVAL and stops writing (NDEBUG
 * builds); either way it must not corrupt memory.  Run in a child. */
static void check_misuse(enum misuse m)
{
        pid_t pid;
        int status;

        fflush(NULL);
        pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
                FILE *f = fopen("/dev/null", "w");
                struct json_writer *w;

                if (!f || !freopen("/dev/null", "w", stderr))
                        _exit(3);
                w = json_writer_new(f, false);
                if (!w)
                        _exit(3);
                json_begin_object(w);
                switch (m) {
                case VALUE_WITHOUT_KEY: json_int(w, 1); break;
                case KEY_IN_ARRAY: json_key(w, "a"); json_begin_array(w); json_key(w, "b"); break;
                case WRONG_END: json_end_array(w); break;
                case END_AT_TOP: json_end_object(w); json_end_object(w); break;
                case TOO_DEEP:
                        json_key(w, "a");
                        for (int i = 0; i < JSON_WRITER_MAX_DEPTH; i++)
                                json_begin_array(w);
                        break;
                case KEY_TWICE: json_key(w, "a"); json_key(w, "b"); break;
                }
                _exit(json_writer_error(w) == -EINVAL ? 0 : 1);
        }
        assert_int_equal(waitpid(pid, &status, 0), pid);
        if (WIFSIGNALED(status))
                assert_int_equal(WTERMSIG(status), SIGABRT);
        else
                assert_int_equal(WEXITSTATUS(status), 0);
}

static void test_misuse(void **state)
{
        (void)state;
        check_misuse(VALUE_WITHOUT_KEY);
        check_misuse(KEY_IN_ARRAY);
        check_misuse(WRONG_END);
        check_misuse(END_AT_TOP);
        check_misuse(TOO_DEEP);
        check_misuse(KEY_TWICE);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_compact_document),
                cmocka_unit_test(test_pretty_document),
                cmocka_unit_test(test_string_escapes),
                cmocka_unit_test(test_string_utf8),
                cmocka_unit_test(test_string_bad_bytes),
                cmocka_unit_test(test_string_backslash),
                cmocka_unit_test(test_string_round_trip),
                cmocka_unit_test(test_string_null_and_keys),
                cmocka_unit_test(test_ints),
                cmocka_unit_test(test_doubles),
                cmocka_unit_test(test_double_extremes),
                cmocka_unit_test(test_doubles_locale),
                cmocka_unit_test(test_top_level_values),
                cmocka_unit_test(test_max_depth),
                cmocka_unit_test(test_write_error),
                cmocka_unit_test(test_new_free),
                cmocka_unit_test(test_misuse),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
