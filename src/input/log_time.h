/* log_time.h — pure parsers for the timestamps that log containers put in
 * front of kernel text, and the calendar arithmetic behind them.
 *
 * Every time is µs since the epoch computed with days-from-civil arithmetic
 * (proleptic Gregorian calendar): no mktime(), no TZ, no locale.  A local
 * clock reading without a UTC offset is stored as if it were UTC and the
 * caller records tz_known = false.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A broken-down clock reading.  year is 0 when the container gave none
 * (RFC 3164, journalctl short); mon is 0 when the month could not be read
 * (dmesg -T in an unknown locale). */
struct log_tm {
        int year;  /* e.g. 2022; 0 = unknown */
        int mon;   /* 1..12; 0 = unknown */
        int day;   /* 1..31 */
        int hour;  /* 0..23 */
        int min;   /* 0..59 */
        int sec;   /* 0..60 (leap second allowed) */
        int usec;  /* 0..999999 */
};

/* The result of parsing a stamp that may carry a UTC offset. */
struct log_stamp {
        int64_t wall_us; /* UTC when tz_known, else the local clock read as UTC */
        bool tz_known;
        int tz_off_min;  /* minutes east of UTC, 0 when !tz_known */
        char frac_sep;   /* ',' (dmesg --time-format iso), '.' or 0 (no fraction) */
};

bool log_time_is_leap(int year);
int log_time_days_in_month(int year, int mon); /* 0 for an invalid month */

/* Days since 1970-01-01 of Y-M-D (M 1..12, D 1..31), and back. */
int64_t log_time_days_from_civil(int year, int mon, int day);
void log_time_civil_from_days(int64_t days, int *ret_year, int *ret_mon, int *ret_day);

/* µs since the epoch of TM read as UTC (TM must hold a known year and
 * month), and the inverse. */
int64_t log_time_tm_to_us(const struct log_tm *tm);
void log_time_us_to_tm(int64_t us, struct log_tm *ret);

/* Month from an abbreviated or full month name in English, German, French,
 * Spanish, Italian, Portuguese, Dutch or Russian (any case, a trailing '.'
 * allowed), or from a number followed by "月", "월" or ".".  Returns 1..12,
 * or 0 when NAME is none of these. */
int log_time_month_from_name(const char *name, size_t len);

/* Parses "SECS.FRAC" (kernel monotonic time, 1..9 fraction digits, extra
 * digits truncated) into µs.  Returns the bytes consumed, 0 if none. */
size_t log_time_parse_mono(const char *s, size_t len, int64_t *ret_us);

/* ISO 8601 / RFC 3339: "YYYY-MM-DDTHH:MM:SS[(.|,)frac][Z|±HH:MM|±HHMM|±HH]".
 * Returns the bytes consumed (> 0) or -EINVAL; RET untouched on failure. */
int log_time_parse_iso(const char *s, size_t len, struct log_stamp *ret);

/* RFC 3164 / journalctl short(-precise): "Mmm dD HH:MM:SS[.frac]"; the day
 * may be space-padded ("Nov  7") or zero-padded ("Apr 01"); the month name
 * may be in any language log_time_month_from_name() knows.  ret->year = 0.
 * Returns the bytes consumed (> 0) or -EINVAL. */
int log_time_parse_bsd(const char *s, size_t len, struct log_tm *ret);

/* The bracket content of dmesg -T, written by util-linux as
 * strftime("%a %b %e %H:%M:%S %Y") in the user's locale: "Sun Nov 27
 * 21:02:21 2022", "Di Aug 12 03:54:03 2025", "二 9月  3 05:57:48 2024",
 * "月  1月 26 01:49:41 2026".  Returns 0 when the shape (… day time year) is
 * there; ret->mon is 0 when the month name is not one we can read.
 * -EINVAL otherwise. */
int log_time_parse_ctime(const char *s, size_t len, struct log_tm *ret);

/* The year of a year-less stamp (MON 1..12, DAY, time of day) seen in a
 * log whose REFERENCE_S (seconds since the epoch, e.g. the file mtime) is
 * known: the latest year in which the stamp exists and is not later than
 * REFERENCE_S + 1 day (slack for clock skew and time zones). */
int log_time_infer_year(const struct log_tm *tm, int64_t reference_s);
