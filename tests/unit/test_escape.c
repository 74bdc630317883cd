/* test_escape.c — UTF-8 decoding and terminal/HTML escaping of hostile
 * kernel strings: comm names (any bytes but NUL, cut by the kernel at 15
 * bytes, even inside a UTF-8 character), cgroup paths, kmsg text; shell
 * quoting of the words of a command to paste, read back by a real sh. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "escape.h"

/* A Chinese comm: "java数据同步服务" is 22 bytes; the kernel keeps 15
 * (TASK_COMM_LEN 16 with the NUL), which cuts 步 (E6 AD A5) after 2 bytes. */
#define COMM_ZH "数据同步"
#define COMM_ZH_CUT "java数据同\xe6\xad"

static void check_term(const char *in, size_t len, const char *want)
{
        char buf[256];
        size_t need = escape_terminal_buf(buf, sizeof(buf), in, len);

        assert_string_equal(buf, want);
        assert_int_equal(need, strlen(want));
}

#define CHECK_TERM(lit, want) check_term(lit, sizeof(lit) - 1, want)

static void test_utf8_decode(void **state)
{
        uint32_t cp = 0xdead;

        (void)state;
        assert_int_equal(utf8_decode("A", 1, &cp), 1);
        assert_int_equal(cp, 'A');
        assert_int_equal(utf8_decode("\x7f", 1, &cp), 1);
        assert_int_equal(utf8_decode("\xc2\x80", 2, &cp), 2);
        assert_int_equal(cp, 0x80);
        assert_int_equal(utf8_decode("\xdf\xbf", 2, &cp), 2);
        assert_int_equal(cp, 0x7ff);
        assert_int_equal(utf8_decode("\xe0\xa0\x80", 3, &cp), 3);
        assert_int_equal(cp, 0x800);
        assert_int_equal(utf8_decode("数", 3, &cp), 3);
        assert_int_equal(cp, 0x6570);
        assert_int_equal(utf8_decode("\xed\x9f\xbf", 3, &cp), 3);     /* U+D7FF */
        assert_int_equal(cp, 0xd7ff);
        assert_int_equal(utf8_decode("\xef\xbf\xbf", 3, &cp), 3);     /* U+FFFF */
        assert_int_equal(utf8_decode("\xf0\x9f\x98\x80", 4, &cp), 4); /* U+1F600 */
        assert_int_equal(cp, 0x1f600);
        assert_int_equal(utf8_decode("\xf4\x8f\xbf\xbf", 4, &cp), 4); /* U+10FFFF */
        assert_int_equal(cp, 0x10ffff);
        assert_int_equal(utf8_decode("\xc2\x80", 2, NULL), 2);

        cp = 0xdead;
        assert_int_equal(utf8_decode("", 0, &cp), 0);
        assert_int_equal(utf8_decode("\x80", 1, &cp), 0);             /* stray continuation */
        assert_int_equal(utf8_decode("\xc0\xaf", 2, &cp), 0);         /* overlong '/' */
        assert_int_equal(utf8_decode("\xc1\xbf", 2, &cp), 0);
        assert_int_equal(utf8_decode("\xe0\x80\xaf", 3, &cp), 0);     /* overlong, 3 bytes */
        assert_int_equal(utf8_decode("\xf0\x8f\xbf\xbf", 4, &cp), 0); /* overlong, 4 bytes */
        assert_int_equal(utf8_decode("\xed\xa0\x80", 3, &cp), 0);     /* U+D800 */
        assert_int_equal(utf8_decode("\xed\xbf\xbf", 3, &cp), 0);     /* U+DFFF */
        assert_int_equal(utf8_decode("\xf4\x90\x80\x80", 4, &cp), 0); /* U+110000 */
        assert_int_equal(utf8_decode("\xf5\x80\x80\x80", 4, &cp), 0);
        assert_int_equal(utf8_decode("\xff", 1, &cp), 0);
        assert_int_equal(utf8_decode("\xe6\xad", 2, &cp), 0);         /* truncated */
        assert_int_equal(utf8_decode("\xe6\xad\xa5", 2, &cp), 0);     /* LEN is the limit */
        assert_int_equal(utf8_decode("\xe6" "a\xa5", 3, &cp), 0);
        assert_int_equal(cp, 0xdead);                                 /* untouched */
}

static void test_utf8_valid_prefix(void **state)
{
        (void)state;
        assert_int_equal(utf8_valid_prefix(COMM_ZH, strlen(COMM_ZH)), 12);
        assert_int_equal(utf8_valid_prefix(COMM_ZH_CUT, strlen(COMM_ZH_CUT)), 13);
        assert_int_equal(utf8_valid_prefix("ab\xff" "cd", 5), 2);
        assert_int_equal(utf8_valid_prefix("", 0), 0);
}

static void test_printable_passes(void **state)
{
        (void)state;
        /* ubuntu2110.log: "task=unattended-upgr" (comm cut at 15 bytes) */
        CHECK_TERM("unattended-upgr", "unattended-upgr");
        CHECK_TERM(COMM_ZH, COMM_ZH);
        CHECK_TERM("\xf0\x9f\x98\x80 ok", "\xf0\x9f\x98\x80 ok");
        CHECK_TERM("caf\xc3\xa9", "caf\xc3\xa9");
        /* Backslashes pass: /dev/kmsg (kmsg-input of util-linux's tests)
         * writes "initrd=\x5cucode.img", systemd units "serial\x2dgetty". */
        CHECK_TERM("initrd=\\x5cucode.img", "initrd=\\x5cucode.img");
        CHECK_TERM("/system.slice/system-serial\\x2dgetty.slice",
                   "/system.slice/system-serial\\x2dgetty.slice");
}

static void test_controls_visible(void **state)
{
        (void)state;
        CHECK_TERM("\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m");          /* CSI */
        CHECK_TERM("\x1b]0;owned\x07", "\\x1b]0;owned\\x07");              /* OSC title */
        CHECK_TERM("a\nb\tc\rd", "a\\nb\\tc\\rd");
        CHECK_TERM("\x01\x08\x0c\x1f", "\\x01\\x08\\x0c\\x1f");
        CHECK_TERM("a\0b", "a\\x00b");
        CHECK_TERM("x\x7fy", "x\\x7fy");
        /* C1: CSI as a valid UTF-8 character and as a raw byte */
        CHECK_TERM("\xc2\x9b" "31m", "\\u009b31m");
        CHECK_TERM("\xc2\x85", "\\u0085");
        CHECK_TERM("\x9b" "31m", "\\x9b31m");
        /* text that reorders or hides: RLO, ZWSP, BOM, U+2028 */
        CHECK_TERM("evil\xe2\x80\xaegpj.exe", "evil\\u202egpj.exe");
        CHECK_TERM("a\xe2\x80\x8b" "b", "a\\u200bb");
        CHECK_TERM("\xef\xbb\xbfx", "\\ufeffx");
        CHECK_TERM("\xe2\x80\xa8", "\\u2028");
}

static void test_invalid_bytes(void **state)
{
        (void)state;
        CHECK_TERM("\xff\xfe", "\\xff\\xfe");
        CHECK_TERM("\xc0\xaf", "\\xc0\\xaf");
        CHECK_TERM("\xed\xa0\x80", "\\xed\\xa0\\x80");
        CHECK_TERM("\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80");
        CHECK_TERM(COMM_ZH_CUT, "java数据同\\xe6\\xad");
        CHECK_TERM("\xe6" "a", "\\xe6" "a");
        CHECK_TERM("\xf0\x9f\x98", "\\xf0\\x9f\\x98");
}

static void test_buf_truncation(void **state)
{
        char buf[8];

        (void)state;
        /* Never half a character: 数 (3 bytes) fits in 5, 据 does not. */
        assert_int_equal(escape_terminal_buf(buf, 5, "数据", 6), 6);
        assert_string_equal(buf, "数");
        /* Never half an escape. */
        memset(buf, 'Z', sizeof(buf));
        assert_int_equal(escape_terminal_buf(buf, 4, "\x1b[0m", 4), 7);
        assert_string_equal(buf, "");
        assert_int_equal(escape_terminal_buf(buf, 5, "\x1b[0m", 4), 7);
        assert_string_equal(buf, "\\x1b");
        assert_int_equal(escape_terminal_buf(buf, 8, "\x1b[0m", 4), 7);
        assert_string_equal(buf, "\\x1b[0m");
        /* Once full, later short units are not squeezed in. */
        assert_int_equal(escape_terminal_buf(buf, 3, "a\x1b" "b", 3), 6);
        assert_string_equal(buf, "a");
        assert_int_equal(escape_terminal_buf(NULL, 0, COMM_ZH_CUT, strlen(COMM_ZH_CUT)), 21);
        assert_int_equal(escape_terminal_buf(buf, 1, "abc", 3), 3);
        assert_string_equal(buf, "");
}

/* Runs escape_terminal() or escape_html() into memory. */
static char *capture(int (*fn)(FILE *, const char *, size_t), const char *s, size_t len, int *ret)
{
        char *data = NULL;
        size_t size = 0;
        FILE *f = open_memstream(&data, &size);

        assert_non_null(f);
        *ret = fn(f, s, len);
        assert_int_equal(fclose(f), 0);
        return data;
}

static void test_stream(void **state)
{
        static const char in[] = "\x1b[2J" COMM_ZH_CUT "\n";
        int r;
        char *out;

        (void)state;
        out = capture(escape_terminal, in, sizeof(in) - 1, &r);
        assert_string_equal(out, "\\x1b[2Jjava数据同\\xe6\\xad\\n");
        assert_int_equal(r, (int)strlen(out));
        free(out);

        /* Longer than the internal chunk: every unit still arrives. */
        char big[3000];
        for (size_t i = 0; i < sizeof(big); i++)
                big[i] = "\x1b" "a\xff"[i % 3];
        out = capture(escape_terminal, big, sizeof(big), &r);
        assert_int_equal(r, 1000 * (4 + 1 + 4));
        assert_int_equal(strlen(out), (size_t)r);
        assert_memory_equal(out + 8991, "\\x1ba\\xff", 9);
        free(out);

        out = capture(escape_terminal, "", 0, &r);
        assert_int_equal(r, 0);
        assert_string_equal(out, "");
        free(out);
}

static void test_html(void **state)
{
        static const char in[] = "<script>alert('x')&\"</script>\x1b[31m\xff" COMM_ZH;
        int r;
        char *out;

        (void)state;
        out = capture(escape_html, in, sizeof(in) - 1, &r);
        assert_string_equal(out, "&lt;script&gt;alert(&#39;x&#39;)&amp;&quot;&lt;/script&gt;"
                                 "\\x1b[31m\\xff" COMM_ZH);
        assert_int_equal(r, (int)strlen(out));
        free(out);

        /* A cgroup path from proxmox_cgroup_oom.log needs nothing. */
        static const char path[] = "/lxc/39004/ns/system.slice/docker-a59e4e7d3090.scope";
        out = capture(escape_html, path, sizeof(path) - 1, &r);
        assert_string_equal(out, path);
        free(out);

        /* Every byte expands to at most 6: "&quot;" */
        char quotes[600];
        memset(quotes, '"', sizeof(quotes));
        out = capture(escape_html, quotes, sizeof(quotes), &r);
        assert_int_equal(r, 3600);
        free(out);
}

static void test_write_error(void **state)
{
        FILE *f = fopen("/dev/full", "w");

        (void)state;
        if (!f)
                skip();
        setvbuf(f, NULL, _IONBF, 0);
        assert_int_equal(escape_terminal(f, "oom", 3), -ENOSPC);
        assert_int_equal(escape_html(f, "<b>", 3), -ENOSPC);
        assert_int_equal(escape_terminal(f, "", 0), 0);   /* nothing to write */
        fclose(f);
}

static void test_display_width(void **state)
{
        (void)state;
        assert_int_equal(escape_display_width("java", 4), 4);
        assert_int_equal(escape_display_width(COMM_ZH, strlen(COMM_ZH)), 8);
        /* "java数据同\xe6\xad": 4 + 3×2 + two 4-column escapes */
        assert_int_equal(escape_display_width(COMM_ZH_CUT, strlen(COMM_ZH_CUT)), 18);
        assert_int_equal(escape_display_width("\x1b[31m", 5), 8);
        assert_int_equal(escape_display_width("e\xcc\x81", 3), 1);          /* e + combining acute */
        assert_int_equal(escape_display_width("\xef\xbc\xa1", 3), 2);       /* fullwidth A */
        assert_int_equal(escape_display_width("\xea\xb0\x80", 3), 2);       /* Hangul 가 */
        assert_int_equal(escape_display_width("\xe3\x81\x82", 3), 2);       /* Hiragana あ */
        assert_int_equal(escape_display_width("\xf0\x9f\x98\x80", 4), 2);   /* emoji */
        assert_int_equal(escape_display_width("\xf0\xa0\x80\x80", 4), 2);   /* CJK ext. B */
        assert_int_equal(escape_display_width("\xe2\x80\xae", 3), 6);       /* shown as \u202e */
        assert_int_equal(escape_display_width("\xe2\x80\x8d", 3), 0);       /* ZWJ */
        assert_int_equal(escape_display_width("\xc3\xa9", 2), 1);
        assert_int_equal(escape_display_width("\xe2\x94\x80", 3), 1);       /* box drawing ─ */
        assert_int_equal(escape_display_width("", 0), 0);
}

/* The output of escape_terminal_buf() is valid UTF-8 with no C0, DEL or
 * C1 control, for every 1- and 2-byte input and pseudo-random longer ones
 * (a fixed xorshift seed, so failures reproduce). */
static void check_safe(const char *in, size_t len)
{
        char out[64];
        size_t n = escape_terminal_buf(out, sizeof(out), in, len);

        assert_true(n < sizeof(out));
        assert_int_equal(utf8_valid_prefix(out, n), n);
        for (size_t i = 0; i < n; i++) {
                unsigned char c = (unsigned char)out[i];
                assert_true(c >= 0x20 && c != 0x7f);
                if (c == 0xc2)
                        assert_true((unsigned char)out[i + 1] >= 0xa0);
        }
}

static void test_exhaustive_safety(void **state)
{
        char in[6];
        uint32_t x = 2463534242u;

        (void)state;
        for (unsigned a = 0; a < 256; a++) {
                in[0] = (char)a;
                check_safe(in, 1);
                for (unsigned b = 0; b < 256; b++) {
                        in[1] = (char)b;
                        check_safe(in, 2);
                }
        }
        for (int i = 0; i < 200000; i++) {
                for (size_t k = 0; k < sizeof(in); k++) {
                        x ^= x << 13;
                        x ^= x >> 17;
                        x ^= x << 5;
                        /* bias towards lead and continuation bytes */
                        in[k] = (char)((x & 1) ? 0x80 | (x >> 8 & 0x7f) : (x >> 8 & 0xff));
                }
                check_safe(in, sizeof(in));
        }
}

static void check_quote(const char *in, size_t len, const char *want)
{
        char buf[256];
        int n = shell_quote(buf, sizeof(buf), in, len);

        assert_int_equal(n, (int)strlen(want));
        assert_string_equal(buf, want);
}

#define CHECK_QUOTE(lit, want) check_quote(lit, sizeof(lit) - 1, want)

static void test_shell_quote(void **state)
{
        (void)state;
        CHECK_QUOTE("/var/log/kern.log.1", "/var/log/kern.log.1");
        CHECK_QUOTE("a-b_c:d@e,f%g+h=i", "a-b_c:d@e,f%g+h=i");
        CHECK_QUOTE("", "''");
        CHECK_QUOTE("my log", "'my log'");
        CHECK_QUOTE("it's", "'it'\\''s'");
        CHECK_QUOTE("'", "''\\'''");
        CHECK_QUOTE("x$(touch${IFS}pwned);.log", "'x$(touch${IFS}pwned);.log'");
        CHECK_QUOTE("`id`", "'`id`'");
        CHECK_QUOTE("a;b|c&d>e<f", "'a;b|c&d>e<f'");
        CHECK_QUOTE("~root", "'~root'");
        CHECK_QUOTE("*.log", "'*.log'");
        CHECK_QUOTE("{a,b}", "'{a,b}'");
        CHECK_QUOTE("!!", "'!!'");
        CHECK_QUOTE("\"$HOME\"", "'\"$HOME\"'");
        CHECK_QUOTE("system-serial\\x2dgetty.slice", "'system-serial\\x2dgetty.slice'");
        CHECK_QUOTE(COMM_ZH, "'" COMM_ZH "'");
}

static void test_shell_quote_refuses(void **state)
{
        char buf[64] = "x";

        (void)state;
        /* what the terminal would not show as it is: no command for it */
        assert_int_equal(shell_quote(buf, sizeof(buf), "a\nb", 3), -EINVAL);
        assert_string_equal(buf, "");
        assert_int_equal(shell_quote(buf, sizeof(buf), "\x1b]52;c;eA==\x07", 11), -EINVAL);
        assert_int_equal(shell_quote(buf, sizeof(buf), "\x1b[2J", 4), -EINVAL);
        assert_int_equal(shell_quote(buf, sizeof(buf), "a\tb", 3), -EINVAL);
        assert_int_equal(shell_quote(buf, sizeof(buf), "a\0b", 3), -EINVAL);
        assert_int_equal(shell_quote(buf, sizeof(buf), "\xff", 1), -EINVAL);
        assert_int_equal(shell_quote(buf, sizeof(buf), "\xed\xa0\x80", 3), -EINVAL);
        assert_int_equal(shell_quote(buf, sizeof(buf), "evil\xe2\x80\xaegol", 10), -EINVAL);
        assert_int_equal(shell_quote(buf, sizeof(buf), "\xc2\x9b", 2), -EINVAL);
        /* too small: nothing half-quoted */
        strcpy(buf, "x");
        assert_int_equal(shell_quote(buf, 4, "a b", 3), -ENOSPC);
        assert_string_equal(buf, "");
        assert_int_equal(shell_quote(buf, 6, "a b", 3), 5);
        assert_int_equal(shell_quote(buf, 5, "a b", 3), -ENOSPC);
        assert_int_equal(shell_quote(buf, 4, "abc", 3), 3);
        assert_int_equal(shell_quote(buf, 3, "abc", 3), -ENOSPC);
        assert_int_equal(shell_quote(NULL, 0, "abc", 3), -ENOSPC);
}

/* What sh makes of WORD after "printf %s --": its one argument, with DIR
 * as the working directory. */
static const char *sh_word(const char *dir, const char *word)
{
        static char out[512];
        char cmd[512];
        int fds[2], status;
        size_t n = 0;
        ssize_t r;

        snprintf(cmd, sizeof(cmd), "printf %%s %s", word);
        assert_int_equal(pipe(fds), 0);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
                dup2(fds[1], 1);
                close(fds[0]);
                if (chdir(dir) == 0)
                        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
                _exit(127);
        }
        close(fds[1]);
        while ((r = read(fds[0], out + n, sizeof(out) - 1 - n)) > 0)
                n += (size_t)r;
        close(fds[0]);
        assert_int_equal(waitpid(pid, &status, 0), pid);
        assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        out[n] = '\0';
        return out;
}

/* Every quoted word reads back through sh as exactly the input, and the
 * command substitutions in them never run. */
static void test_shell_quote_round_trip(void **state)
{
        static const char *const words[] = {
                "x$(touch${IFS}pwned);.log", "a'b''c", "`touch pwned`", "$(touch pwned)", "a b  c",
                "*", "~", "a\\b\\", "\"", "#x", "a;touch pwned", "${IFS}", COMM_ZH, "日志 (1).log",
        };
        char dir[] = "/tmp/test_escape.XXXXXX", word[256], pwned[64];
        struct stat st;

        (void)state;
        assert_non_null(mkdtemp(dir));
        for (size_t i = 0; i < sizeof(words) / sizeof(*words); i++) {
                assert_true(shell_quote(word, sizeof(word), words[i], strlen(words[i])) > 0);
                assert_string_equal(sh_word(dir, word), words[i]);
        }
        snprintf(pwned, sizeof(pwned), "%s/pwned", dir);
        assert_int_equal(stat(pwned, &st), -1);
        assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_utf8_decode),
                cmocka_unit_test(test_utf8_valid_prefix),
                cmocka_unit_test(test_printable_passes),
                cmocka_unit_test(test_controls_visible),
                cmocka_unit_test(test_invalid_bytes),
                cmocka_unit_test(test_buf_truncation),
                cmocka_unit_test(test_stream),
                cmocka_unit_test(test_html),
                cmocka_unit_test(test_write_error),
                cmocka_unit_test(test_display_width),
                cmocka_unit_test(test_exhaustive_safety),
                cmocka_unit_test(test_shell_quote),
                cmocka_unit_test(test_shell_quote_refuses),
                cmocka_unit_test(test_shell_quote_round_trip),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
