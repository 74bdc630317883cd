/* test_units.c — units_kb/pages/percent formatting and size parsing, on
 * numbers from real OOM reports (seeds/000: a RHEL 7 box whose java was
 * killed; corpus oomanalyser rhel7.log and archlinux_6_1_1.log). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <locale.h>
#include <string.h>

#include "units.h"

static void check_kb(int64_t kb, const char *want)
{
        char buf[UNITS_BUF_SIZE];

        assert_string_equal(units_kb(buf, sizeof(buf), kb), want);
}

static void test_kb_small(void **state)
{
        (void)state;
        check_kb(INT64_MIN, "?");
        check_kb(0, "0 B");
        check_kb(1, "1 KiB");
        check_kb(4, "4 KiB");          /* "file-rss:4kB" (archlinux_6_1_1.log) */
        check_kb(512, "512 KiB");
        check_kb(1023, "1023 KiB");
        check_kb(1024, "1.00 MiB");
        check_kb(-1024, "-1.00 MiB");
}

static void test_kb_real_reports(void **state)
{
        (void)state;
        /* seeds/000: "Killed process 39855 (java) total-vm:27364080kB,
         * anon-rss:10222016kB, file-rss:0kB" — the write-up multiplies
         * 2555504 pages by 4k by hand and says "10G". */
        check_kb(10222016, "9.75 GiB");
        check_kb(27364080, "26.1 GiB");
        check_kb(0, "0 B");
        /* rhel7.log: mysqld anon-rss:20629004kB */
        check_kb(20629004, "19.7 GiB");
        /* archlinux_6_1_1.log: doxygen anon-rss:9234320kB, pgtables:59264kB */
        check_kb(9234320, "8.81 GiB");
        check_kb(59264, "57.9 MiB");
}

static void test_kb_rounding_edges(void **state)
{
        (void)state;
        check_kb(10238, "10.0 MiB");           /* 9.998 MiB: carry to 1 decimal */
        check_kb(102350, "100 MiB");           /* 99.95 MiB: carry to 0 decimals */
        check_kb(102348, "99.9 MiB");
        check_kb(998400, "975 MiB");
        check_kb(1047552, "1023 MiB");
        check_kb(1048575, "1.00 GiB");         /* 1023.999 MiB rounds into GiB */
        check_kb(1048576, "1.00 GiB");
        check_kb(10485760, "10.0 GiB");
        check_kb(1288490189, "1.20 TiB");
        check_kb(INT64_C(1) << 50, "1.00 EiB");
        check_kb(INT64_MAX, "8192 EiB");       /* no ZiB: EiB is the last unit */
        check_kb(-INT64_MAX, "-8192 EiB");
}

static void test_kb_truncates(void **state)
{
        char buf[4];

        (void)state;
        assert_string_equal(units_kb(buf, sizeof(buf), 10222016), "9.7");
        assert_ptr_equal(units_kb(buf, 0, 10222016), buf);
}

static void test_pages(void **state)
{
        char buf[UNITS_BUF_SIZE];

        (void)state;
        /* seeds/000 task table: "[39855] 0 39855 6841020 2555504 ... java",
         * rss in 4 KiB pages on x86_64. */
        assert_string_equal(units_pages(buf, sizeof(buf), 2555504, 4), "9.75 GiB");
        /* "4187036 pages RAM" in the same report: a 16 GB machine. */
        assert_string_equal(units_pages(buf, sizeof(buf), 4187036, 4), "16.0 GiB");
        /* The same count on a 64 KiB-page arm64 kernel. */
        assert_string_equal(units_pages(buf, sizeof(buf), 2555504, 64), "156 GiB");
        assert_string_equal(units_pages(buf, sizeof(buf), 2555504, INT64_MIN), "2555504 pages");
        assert_string_equal(units_pages(buf, sizeof(buf), 2555504, 0), "2555504 pages");
        assert_string_equal(units_pages(buf, sizeof(buf), 1, -4), "1 page");
        assert_string_equal(units_pages(buf, sizeof(buf), 0, 4), "0 B");
        assert_string_equal(units_pages(buf, sizeof(buf), INT64_MIN, 4), "?");
        assert_string_equal(units_pages(buf, sizeof(buf), INT64_MAX, 4), "9223372036854775807 pages");
}

static void check_pct(int64_t part, int64_t whole, const char *want)
{
        char buf[UNITS_BUF_SIZE];

        assert_string_equal(units_percent(buf, sizeof(buf), part, whole), want);
}

static void test_percent(void **state)
{
        (void)state;
        /* seeds/000: java rss 2555504 of 4187036 pages RAM = 61.03% */
        check_pct(2555504, 4187036, "61%");
        /* rhel7.log: mysqld anon-rss 20629004 kB of 8379834 pages RAM
         * (×4 kB) = 61.54% */
        check_pct(20629004, 8379834 * INT64_C(4), "62%");
        check_pct(0, 100, "0%");
        check_pct(1, 1000, "0.1%");
        check_pct(4, 1000, "0.4%");
        check_pct(1, 10001, "<0.1%");
        check_pct(95, 1000, "9.5%");
        check_pct(9995, 100000, "10%");        /* 9.995 rounds up out of the 1-decimal range */
        check_pct(63, 100, "63%");
        check_pct(999, 1000, ">99%");
        check_pct(1000, 1000, "100%");
        check_pct(3, 2, "150%");
        check_pct(INT64_MAX, INT64_MAX, "100%");
        check_pct(INT64_MAX / 2, INT64_MAX, "50%");
        check_pct(1, 0, "?");
        check_pct(1, -5, "?");
        check_pct(-1, 5, "?");
        check_pct(INT64_MIN, 5, "?");
        check_pct(5, INT64_MIN, "?");
}

static void check_parse(const char *s, uint64_t want)
{
        uint64_t got = 12345;

        assert_int_equal(units_parse_bytes(s, &got), 0);
        assert_int_equal(got, want);
}

static void check_parse_fails(const char *s, int err)
{
        uint64_t got = 12345;

        assert_int_equal(units_parse_bytes(s, &got), err);
        assert_int_equal(got, 12345);   /* untouched on failure */
}

static void test_parse_ok(void **state)
{
        (void)state;
        check_parse("1048576", 1048576);
        check_parse("0", 0);
        check_parse("512B", 512);
        check_parse("512k", 524288);
        check_parse("512K", 524288);
        check_parse("64M", 67108864);
        check_parse("64m", 67108864);
        check_parse("64MiB", 67108864);
        check_parse("1.5G", 1610612736);
        check_parse("2GiB", UINT64_C(2147483648));
        check_parse("100MB", 100000000);
        check_parse("1KB", 1000);
        check_parse("0.1K", 102);               /* 102.4 rounded down */
        check_parse("1.000000001G", 1073741825);  /* 9 decimals */
        check_parse("1T", UINT64_C(1) << 40);
        check_parse("1P", UINT64_C(1) << 50);
        check_parse("15E", UINT64_C(15) << 60);
        check_parse("15.999999999E", UINT64_C(18446744072556630111));
        check_parse("18446744073709551615", UINT64_MAX);
        check_parse("007k", 7168);
}

static void test_parse_errors(void **state)
{
        (void)state;
        check_parse_fails(NULL, -EINVAL);
        check_parse_fails("", -EINVAL);
        check_parse_fails("k", -EINVAL);
        check_parse_fails("M64", -EINVAL);
        check_parse_fails("12x", -EINVAL);
        check_parse_fails("64 M", -EINVAL);
        check_parse_fails(" 64M", -EINVAL);
        check_parse_fails("64M ", -EINVAL);
        check_parse_fails("64M\n", -EINVAL);
        check_parse_fails("-1", -EINVAL);
        check_parse_fails("+1", -EINVAL);
        check_parse_fails("1.", -EINVAL);
        check_parse_fails(".5G", -EINVAL);
        check_parse_fails("1.5", -EINVAL);      /* fractional bytes */
        check_parse_fails("1.5B", -EINVAL);
        check_parse_fails("1,5G", -EINVAL);     /* German decimal comma */
        check_parse_fails("64Mi", -EINVAL);
        check_parse_fails("64mb", -EINVAL);
        check_parse_fails("64MiBB", -EINVAL);
        check_parse_fails("1.0000000001G", -EINVAL);  /* 10 decimals */
        check_parse_fails("1Z", -EINVAL);
        check_parse_fails("0x10", -EINVAL);
        check_parse_fails("16E", -ERANGE);
        check_parse_fails("18446744073709551616", -ERANGE);
        check_parse_fails("99999999999999999999999", -ERANGE);
        check_parse_fails("17179869184G", -ERANGE);
}

/* The decimal point never follows LC_NUMERIC. */
static void test_locale_independent(void **state)
{
        char buf[UNITS_BUF_SIZE];
        uint64_t got = 0;

        (void)state;
        if (!setlocale(LC_NUMERIC, "de_DE.UTF-8"))
                skip();
        assert_string_equal(units_kb(buf, sizeof(buf), 10222016), "9.75 GiB");
        assert_string_equal(units_percent(buf, sizeof(buf), 4, 1000), "0.4%");
        assert_int_equal(units_parse_bytes("1.5G", &got), 0);
        assert_int_equal(got, 1610612736);
        assert_int_equal(units_parse_bytes("1,5G", &got), -EINVAL);
        setlocale(LC_NUMERIC, "C");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_kb_small),
                cmocka_unit_test(test_kb_real_reports),
                cmocka_unit_test(test_kb_rounding_edges),
                cmocka_unit_test(test_kb_truncates),
                cmocka_unit_test(test_pages),
                cmocka_unit_test(test_percent),
                cmocka_unit_test(test_parse_ok),
                cmocka_unit_test(test_parse_errors),
                cmocka_unit_test(test_locale_independent),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
