/* test_log_time.c — calendar arithmetic and container timestamp parsers
 * (src/log_time.c).  Expected epoch values were computed independently
 * (Python datetime, UTC). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>

#include "log_time.h"

#define S(lit) (lit), (sizeof(lit) - 1)

static void test_leap_and_month_length(void **state)
{
        (void)state;
        assert_true(log_time_is_leap(2000));
        assert_false(log_time_is_leap(1900));
        assert_false(log_time_is_leap(2100));
        assert_true(log_time_is_leap(2024));
        assert_false(log_time_is_leap(2023));
        assert_int_equal(log_time_days_in_month(2024, 2), 29);
        assert_int_equal(log_time_days_in_month(2023, 2), 28);
        assert_int_equal(log_time_days_in_month(2100, 2), 28);
        assert_int_equal(log_time_days_in_month(2000, 2), 29);
        assert_int_equal(log_time_days_in_month(2023, 4), 30);
        assert_int_equal(log_time_days_in_month(2023, 12), 31);
        assert_int_equal(log_time_days_in_month(2023, 0), 0);
        assert_int_equal(log_time_days_in_month(2023, 13), 0);
}

static void test_days_from_civil(void **state)
{
        (void)state;
        assert_int_equal(log_time_days_from_civil(1970, 1, 1), 0);
        assert_int_equal(log_time_days_from_civil(1969, 12, 31), -1);
        assert_int_equal(log_time_days_from_civil(2000, 3, 1), 11017);
        assert_int_equal(log_time_days_from_civil(2009, 2, 13), 14288);
        assert_int_equal(log_time_days_from_civil(1, 1, 1), -719162);
        assert_int_equal(log_time_days_from_civil(9999, 12, 31), 2932896);
        /* Feb 29 and Mar 1 of a leap year are adjacent */
        assert_int_equal(log_time_days_from_civil(2024, 3, 1) - log_time_days_from_civil(2024, 2, 29), 1);
        assert_int_equal(log_time_days_from_civil(2023, 3, 1) - log_time_days_from_civil(2023, 2, 28), 1);
}

static void test_civil_round_trip(void **state)
{
        (void)state;
        for (int64_t d = -800000; d <= 800000; d += 997) {
                int y, m, day;

                log_time_civil_from_days(d, &y, &m, &day);
                assert_true(m >= 1 && m <= 12);
                assert_true(day >= 1 && day <= log_time_days_in_month(y, m));
                assert_int_equal(log_time_days_from_civil(y, m, day), d);
        }
}

static void test_tm_us(void **state)
{
        struct log_tm tm = { .year = 2009, .mon = 2, .day = 13, .hour = 23, .min = 31, .sec = 30, .usec = 123456 };
        struct log_tm back;

        (void)state;
        /* util-linux's dmesg tests pin the boot time to 1234567890.123456 */
        assert_int_equal(log_time_tm_to_us(&tm), INT64_C(1234567890123456));
        log_time_us_to_tm(INT64_C(1234567890123456), &back);
        assert_memory_equal(&back, &tm, sizeof(tm));
        log_time_us_to_tm(-1, &back);
        assert_int_equal(back.year, 1969);
        assert_int_equal(back.mon, 12);
        assert_int_equal(back.day, 31);
        assert_int_equal(back.hour, 23);
        assert_int_equal(back.min, 59);
        assert_int_equal(back.sec, 59);
        assert_int_equal(back.usec, 999999);
}

static void test_month_names(void **state)
{
        (void)state;
        assert_int_equal(log_time_month_from_name(S("Nov")), 11);
        assert_int_equal(log_time_month_from_name(S("NOV")), 11);
        assert_int_equal(log_time_month_from_name(S("November")), 11);
        assert_int_equal(log_time_month_from_name(S("Jan")), 1);
        /* glibc abmon of de, fr, es, it, pt, nl, pl, ru */
        assert_int_equal(log_time_month_from_name(S("Mär")), 3);
        assert_int_equal(log_time_month_from_name(S("MÄR")), 3);
        assert_int_equal(log_time_month_from_name(S("Okt")), 10);
        assert_int_equal(log_time_month_from_name(S("Dez")), 12);
        assert_int_equal(log_time_month_from_name(S("janv.")), 1);
        assert_int_equal(log_time_month_from_name(S("févr.")), 2);
        assert_int_equal(log_time_month_from_name(S("mars")), 3);
        assert_int_equal(log_time_month_from_name(S("avril")), 4);
        assert_int_equal(log_time_month_from_name(S("juin")), 6);
        assert_int_equal(log_time_month_from_name(S("juil.")), 7);
        assert_int_equal(log_time_month_from_name(S("août")), 8);
        assert_int_equal(log_time_month_from_name(S("Déc.")), 12);
        assert_int_equal(log_time_month_from_name(S("ene")), 1);
        assert_int_equal(log_time_month_from_name(S("abr")), 4);
        assert_int_equal(log_time_month_from_name(S("ago")), 8);
        assert_int_equal(log_time_month_from_name(S("dic")), 12);
        assert_int_equal(log_time_month_from_name(S("gen")), 1);
        assert_int_equal(log_time_month_from_name(S("mag")), 5);
        assert_int_equal(log_time_month_from_name(S("giu")), 6);
        assert_int_equal(log_time_month_from_name(S("lug")), 7);
        assert_int_equal(log_time_month_from_name(S("set")), 9);
        assert_int_equal(log_time_month_from_name(S("ott")), 10);
        assert_int_equal(log_time_month_from_name(S("fev")), 2);
        assert_int_equal(log_time_month_from_name(S("out")), 10);
        assert_int_equal(log_time_month_from_name(S("mrt")), 3);
        assert_int_equal(log_time_month_from_name(S("mei")), 5);
        assert_int_equal(log_time_month_from_name(S("paź")), 10);
        assert_int_equal(log_time_month_from_name(S("lis")), 11);
        assert_int_equal(log_time_month_from_name(S("мая")), 5);
        assert_int_equal(log_time_month_from_name(S("ноя")), 11);
        assert_int_equal(log_time_month_from_name(S("ДЕК")), 12);
        assert_int_equal(log_time_month_from_name(S("Янв")), 1);
        /* CJK and numbered months */
        assert_int_equal(log_time_month_from_name(S("9月")), 9);
        assert_int_equal(log_time_month_from_name(S("11月")), 11);
        assert_int_equal(log_time_month_from_name(S("1월")), 1);
        assert_int_equal(log_time_month_from_name(S("12.")), 12);
        assert_int_equal(log_time_month_from_name(S("13月")), 0);
        assert_int_equal(log_time_month_from_name(S("0月")), 0);
        assert_int_equal(log_time_month_from_name(S("9")), 0);
        assert_int_equal(log_time_month_from_name(S("Foo")), 0);
        assert_int_equal(log_time_month_from_name(S("Ma")), 0);
        assert_int_equal(log_time_month_from_name(S("")), 0);
        assert_int_equal(log_time_month_from_name(S("\xff\xfe\xd0")), 0);
}

static void test_parse_mono(void **state)
{
        int64_t us = -1;

        (void)state;
        assert_int_equal(log_time_parse_mono(S("123.456789] x"), &us), 10);
        assert_int_equal(us, INT64_C(123456789));
        assert_int_equal(log_time_parse_mono(S("330320.062004"), &us), 13);
        assert_int_equal(us, INT64_C(330320062004));
        /* a hand-written 5-digit fraction (seed 003: "[12345.67890]") */
        assert_int_equal(log_time_parse_mono(S("12345.67890"), &us), 11);
        assert_int_equal(us, INT64_C(12345678900));
        assert_int_equal(log_time_parse_mono(S("0.5"), &us), 3);
        assert_int_equal(us, INT64_C(500000));
        assert_int_equal(log_time_parse_mono(S("1.123456789"), &us), 11);
        assert_int_equal(us, INT64_C(1123456));
        us = 7;
        assert_int_equal(log_time_parse_mono(S("1.1234567890"), &us), 0);
        assert_int_equal(log_time_parse_mono(S("123."), &us), 0);
        assert_int_equal(log_time_parse_mono(S(".5"), &us), 0);
        assert_int_equal(log_time_parse_mono(S("abc"), &us), 0);
        assert_int_equal(log_time_parse_mono(S("1234567890123.0"), &us), 0);
        assert_int_equal(us, 7);
}

static void test_parse_iso(void **state)
{
        struct log_stamp st;
        const int64_t t = INT64_C(1669579341000000); /* 2022-11-27T20:02:21Z */

        (void)state;
        /* dmesg --time-format iso */
        assert_int_equal(log_time_parse_iso(S("2022-11-27T21:02:21,123456+01:00 text"), &st), 32);
        assert_int_equal(st.wall_us, t + 123456);
        assert_true(st.tz_known);
        assert_int_equal(st.tz_off_min, 60);
        assert_int_equal(st.frac_sep, ',');
        /* journalctl short-iso (systemd 252) */
        assert_int_equal(log_time_parse_iso(S("2022-11-27T21:02:21+0100 host"), &st), 24);
        assert_int_equal(st.wall_us, t);
        assert_int_equal(st.tz_off_min, 60);
        assert_int_equal(st.frac_sep, 0);
        /* rsyslog RFC 3339 */
        assert_int_equal(log_time_parse_iso(S("2022-11-27T20:02:21.123Z"), &st), 24);
        assert_int_equal(st.wall_us, t + 123000);
        assert_true(st.tz_known);
        assert_int_equal(st.tz_off_min, 0);
        assert_int_equal(st.frac_sep, '.');
        assert_int_equal(log_time_parse_iso(S("2022-11-27T14:32:21.123456789-05:30"), &st), 35);
        assert_int_equal(st.wall_us, t + 123456);
        assert_int_equal(st.tz_off_min, -330);
        /* no offset: local time, stored as if UTC */
        assert_int_equal(log_time_parse_iso(S("2022-11-27T20:02:21 x"), &st), 19);
        assert_false(st.tz_known);
        assert_int_equal(st.wall_us, t);
        /* util-linux's expected iso rendering of its boot time in TZ=GMT */
        assert_int_equal(log_time_parse_iso(S("2009-02-13T23:31:30,123456+00:00"), &st), 32);
        assert_int_equal(st.wall_us, INT64_C(1234567890123456));
        /* leap day */
        assert_true(log_time_parse_iso(S("2024-02-29T00:00:00Z"), &st) > 0);
        assert_int_equal(st.wall_us, log_time_days_from_civil(2024, 2, 29) * 86400 * INT64_C(1000000));

        st.wall_us = 42;
        assert_int_equal(log_time_parse_iso(S("2023-02-29T00:00:00Z"), &st), -EINVAL);
        assert_int_equal(log_time_parse_iso(S("2022-13-27T21:02:21Z"), &st), -EINVAL);
        assert_int_equal(log_time_parse_iso(S("2022-11-27 21:02:21"), &st), -EINVAL);
        assert_int_equal(log_time_parse_iso(S("2022-11-27T24:02:21"), &st), -EINVAL);
        assert_int_equal(log_time_parse_iso(S("2022-11-27T21:02"), &st), -EINVAL);
        assert_int_equal(st.wall_us, 42);
}

static void test_parse_bsd(void **state)
{
        struct log_tm tm;

        (void)state;
        assert_int_equal(log_time_parse_bsd(S("Nov 27 21:02:21 host kernel: x"), &tm), 15);
        assert_int_equal(tm.year, 0);
        assert_int_equal(tm.mon, 11);
        assert_int_equal(tm.day, 27);
        assert_int_equal(tm.hour, 21);
        assert_int_equal(tm.min, 2);
        assert_int_equal(tm.sec, 21);
        assert_int_equal(tm.usec, 0);
        assert_int_equal(log_time_parse_bsd(S("Nov  7 01:02:03 h"), &tm), 15);
        assert_int_equal(tm.day, 7);
        assert_int_equal(log_time_parse_bsd(S("Apr 01 14:13:32 mysrv: x"), &tm), 15);
        assert_int_equal(tm.mon, 4);
        assert_int_equal(tm.day, 1);
        /* journalctl short-precise */
        assert_int_equal(log_time_parse_bsd(S("Jan 01 00:59:58.124456 mysrv"), &tm), 22);
        assert_int_equal(tm.usec, 124456);
        /* localized journalctl short */
        assert_int_equal(log_time_parse_bsd(S("11月 27 21:02:21 host"), &tm), 17);
        assert_int_equal(tm.mon, 11);
        assert_int_equal(log_time_parse_bsd(S("Feb 29 00:00:00"), &tm), 15);

        tm.mon = 99;
        assert_int_equal(log_time_parse_bsd(S("Foo 27 21:02:21 host"), &tm), -EINVAL);
        assert_int_equal(log_time_parse_bsd(S("Nov 31 21:02:21 host"), &tm), -EINVAL);
        assert_int_equal(log_time_parse_bsd(S("Feb 30 21:02:21 host"), &tm), -EINVAL);
        assert_int_equal(log_time_parse_bsd(S("Nov 27 25:02:21 host"), &tm), -EINVAL);
        assert_int_equal(log_time_parse_bsd(S("Nov 27 21:02"), &tm), -EINVAL);
        assert_int_equal(log_time_parse_bsd(S("Setting up foo"), &tm), -EINVAL);
        assert_int_equal(log_time_parse_bsd(S("Nov"), &tm), -EINVAL);
        assert_int_equal(log_time_parse_bsd(S("Novemberxxxxxxxxxx 27 21:02:21"), &tm), -EINVAL);
        assert_int_equal(tm.mon, 99);
}

static void expect_ctime(const char *s, int year, int mon, int day, int h, int m, int sec)
{
        struct log_tm tm;

        assert_int_equal(log_time_parse_ctime(s, strlen(s), &tm), 0);
        assert_int_equal(tm.year, year);
        assert_int_equal(tm.mon, mon);
        assert_int_equal(tm.day, day);
        assert_int_equal(tm.hour, h);
        assert_int_equal(tm.min, m);
        assert_int_equal(tm.sec, sec);
}

static void test_parse_ctime(void **state)
{
        struct log_tm tm;

        (void)state;
        expect_ctime("Sun Nov 27 21:02:21 2022", 2022, 11, 27, 21, 2, 21);
        expect_ctime("Fri Feb 13 23:31:30 2009", 2009, 2, 13, 23, 31, 30);
        /* OOMAnalyser's Proxmox example (German) */
        expect_ctime("Di Aug 12 03:54:03 2025", 2025, 8, 12, 3, 54, 3);
        expect_ctime("二 9月  3 05:57:48 2024", 2024, 9, 3, 5, 57, 48);
        expect_ctime("月  1月 26 01:49:41 2026", 2026, 1, 26, 1, 49, 41);
        expect_ctime("일 11월 22 06:03:48 2026", 2026, 11, 22, 6, 3, 48);
        expect_ctime("dim. nov. 22 06:03:48 2026", 2026, 11, 22, 6, 3, 48);
        expect_ctime("Вс ноя 22 06:03:48 2026", 2026, 11, 22, 6, 3, 48);
        expect_ctime("nie lis 22 06:03:48 2026", 2026, 11, 22, 6, 3, 48);
        expect_ctime("Nov 27 21:02:21 2022", 2022, 11, 27, 21, 2, 21); /* no weekday */
        /* a month we cannot read: the shape is still dmesg -T */
        expect_ctime("Xx Foo 26 01:49:41 2026", 2026, 0, 26, 1, 49, 41);

        tm.year = 7;
        assert_int_equal(log_time_parse_ctime(S("  123.456789"), &tm), -EINVAL);
        assert_int_equal(log_time_parse_ctime(S("Sun Nov 27 21:02:21"), &tm), -EINVAL);
        assert_int_equal(log_time_parse_ctime(S("Sun Nov 27 21:02:21 22"), &tm), -EINVAL);
        assert_int_equal(log_time_parse_ctime(S("Sun Feb 30 21:02:21 2022"), &tm), -EINVAL);
        assert_int_equal(log_time_parse_ctime(S("Sun Nov 27 21:02:21 2022 extra"), &tm), -EINVAL);
        assert_int_equal(log_time_parse_ctime(S("a b c d e f g h i"), &tm), -EINVAL);
        assert_int_equal(log_time_parse_ctime(S(""), &tm), -EINVAL);
        assert_int_equal(tm.year, 7);
}

static int infer(int mon, int day, int h, int m, int s, int64_t ref)
{
        struct log_tm tm = { .mon = mon, .day = day, .hour = h, .min = m, .sec = s };

        return log_time_infer_year(&tm, ref);
}

static void test_infer_year(void **state)
{
        const int64_t jan2 = 1672617600; /* 2023-01-02T00:00:00Z */
        const int64_t jun15 = 1686787200; /* 2023-06-15T00:00:00Z */
        const int64_t mar1 = 1677628800; /* 2023-03-01T00:00:00Z */

        (void)state;
        /* a log written across new year, read on Jan 2 */
        assert_int_equal(infer(12, 31, 23, 59, 58, jan2), 2022);
        assert_int_equal(infer(1, 1, 0, 59, 58, jan2), 2023);
        /* one day of slack for zones and clock skew, not more */
        assert_int_equal(infer(1, 3, 0, 0, 0, jan2), 2023);
        assert_int_equal(infer(1, 3, 0, 0, 1, jan2), 2022);
        assert_int_equal(infer(6, 16, 0, 0, 0, jun15), 2023);
        assert_int_equal(infer(6, 17, 12, 0, 0, jun15), 2022);
        assert_int_equal(infer(11, 27, 21, 2, 21, jun15), 2022);
        /* Feb 29 exists only in leap years */
        assert_int_equal(infer(2, 29, 12, 0, 0, mar1), 2020);
        assert_int_equal(infer(2, 28, 12, 0, 0, mar1), 2023);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_leap_and_month_length),
                cmocka_unit_test(test_days_from_civil),
                cmocka_unit_test(test_civil_round_trip),
                cmocka_unit_test(test_tm_us),
                cmocka_unit_test(test_month_names),
                cmocka_unit_test(test_parse_mono),
                cmocka_unit_test(test_parse_iso),
                cmocka_unit_test(test_parse_bsd),
                cmocka_unit_test(test_parse_ctime),
                cmocka_unit_test(test_infer_year),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
