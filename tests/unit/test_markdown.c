/* test_markdown.c — Markdown escaping of hostile log strings (escape.h):
 * process names, hosts and file names that would otherwise become links,
 * entities, emphasis, headings, table cells or code, exact bytes for each.
 * That these bytes render as the plain text under a GFM renderer is
 * checked by tests/markdown_render.py with cmark-gfm. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"

static void check(int (*fn)(FILE *, const char *, size_t), const char *in, size_t len, const char *want)
{
        char *data = NULL;
        size_t size = 0;
        FILE *f = open_memstream(&data, &size);

        assert_non_null(f);
        int r = fn(f, in, len);
        assert_int_equal(fclose(f), 0);
        if (strcmp(data, want) != 0)
                fail_msg("got [%s]\nwant [%s]", data, want);
        assert_int_equal(r, (int)strlen(want));
        free(data);
}

#define TEXT(lit, want) check(escape_markdown, lit, sizeof(lit) - 1, want)
#define CODE(lit, want) check(escape_markdown_code, lit, sizeof(lit) - 1, want)

static void test_plain_names(void **state)
{
        (void)state;
        TEXT("java", "java");
        TEXT("systemd-journal", "systemd-journal");
        TEXT("数据同步", "数据同步");
        TEXT("python2.6", "python2.6");
        TEXT("/system.slice/a.service", "/system.slice/a.service");
        TEXT("", "");
}

static void test_entities(void **state)
{
        (void)state;
        /* "&rlm;" would render as U+200F, past the bidi escaping */
        TEXT("&rlm;", "&amp;rlm;");
        TEXT("a&#x202e;b", "a&amp;\\#x202e;b");
        TEXT("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;");
        TEXT("<!-- x -->", "&lt;!-- x --&gt;");
        /* the real characters are escaped for the terminal first */
        TEXT("\xe2\x80\x8f" "x", "\\\\u200fx");
}

static void test_autolinks(void **state)
{
        (void)state;
        TEXT("www.evil.com", "www\\.evil.com");
        TEXT("WWW.Evil.com", "WWW\\.Evil.com");
        TEXT("go www.x.io now", "go www\\.x.io now");
        TEXT("http://x", "http\\://x");
        TEXT("https://evil.com/a", "https\\://evil.com/a");
        TEXT("ftp://a.b", "ftp\\://a.b");
        TEXT("a@b.com", "a@<!-- -->b.com");
        TEXT("mailto:root@x.io", "mailto:root@<!-- -->x.io");
        TEXT("user@1000.service", "user@<!-- -->1000.service");
        /* no address around the @: nothing to break */
        TEXT("@x", "@x");
        TEXT("a@", "a@");
        TEXT("a @ b", "a @ b");
        /* a colon or dot elsewhere stays as it is */
        TEXT("a:b", "a:b");
        TEXT("x.www", "x.www");
}

static void test_markup(void **state)
{
        (void)state;
        TEXT("[a](b)", "\\[a\\](b)");
        TEXT("![x](y)", "!\\[x\\](y)");
        TEXT("*x*", "\\*x\\*");
        TEXT("_x_", "\\_x\\_");
        TEXT("#x", "\\#x");
        TEXT("# heading", "\\# heading");
        TEXT("~~gone~~", "\\~\\~gone\\~\\~");
        TEXT("$x^2$", "\\$x^2\\$");
        TEXT("a`b", "a\\`b");
        TEXT("a\\b", "a\\\\b");
}

static void test_table_cells(void **state)
{
        (void)state;
        /* neither a | nor a newline may end a cell or a row */
        TEXT("a|b", "a\\|b");
        TEXT("a\nb|c", "a\\\\nb\\|c");
        TEXT("x\r\n| y |", "x\\\\r\\\\n\\| y \\|");
        /* control bytes: the terminal's \xNN, its backslash escaped */
        TEXT("\x1b[2J", "\\\\x1b\\[2J");
        TEXT("\x1b]52;c;eA==\x07", "\\\\x1b\\]52;c;eA==\\\\x07");
        TEXT("\xff\xfe", "\\\\xff\\\\xfe");
}

static void test_code_spans(void **state)
{
        (void)state;
        CODE("/var/log/kern.log:12", "`/var/log/kern.log:12`");
        CODE("&rlm;<b>*x*", "`&rlm;<b>*x*`");          /* nothing is markup in code */
        CODE("www.evil.com", "`www.evil.com`");
        /* a fence longer than any run of backquotes inside */
        CODE("a`b", "``a`b``");
        CODE("a``b`c", "```a``b`c```");
        /* padded when it starts or ends with a backquote or a space */
        CODE("`x", "`` `x ``");
        CODE("x`", "`` x` ``");
        CODE("``", "``` `` ```");
        CODE(" a", "`  a `");
        CODE("   ", "`   `");                            /* only spaces: kept as they are */
        CODE("", "");
        /* no line ending inside, control bytes visible */
        CODE("a\nb", "`a\\nb`");
        CODE("\x1b[2J|", "`\\x1b[2J|`");
}

static void test_write_error(void **state)
{
        FILE *f = fopen("/dev/full", "w");

        (void)state;
        if (!f)
                skip();
        setvbuf(f, NULL, _IONBF, 0);
        assert_int_equal(escape_markdown(f, "a*b", 3), -ENOSPC);
        assert_int_equal(escape_markdown_code(f, "a`b", 3), -ENOSPC);
        fclose(f);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_plain_names),
                cmocka_unit_test(test_entities),
                cmocka_unit_test(test_autolinks),
                cmocka_unit_test(test_markup),
                cmocka_unit_test(test_table_cells),
                cmocka_unit_test(test_code_spans),
                cmocka_unit_test(test_write_error),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
