/* log_time.c — calendar arithmetic and timestamp parsers for log
 * containers (see log_time.h).  Pure functions: no I/O, no locale, no TZ.
 */
#include "log_time.h"

#include <errno.h>
#include <string.h>

#define US_PER_SEC INT64_C(1000000)

bool log_time_is_leap(int year)
{
        return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int log_time_days_in_month(int year, int mon)
{
        static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

        if (mon < 1 || mon > 12)
                return 0;
        if (mon == 2 && log_time_is_leap(year))
                return 29;
        return days[mon - 1];
}

/* Howard Hinnant's days_from_civil: eras of 400 years (146097 days),
 * March-based years so that the leap day is the last day of a year. */
int64_t log_time_days_from_civil(int year, int mon, int day)
{
        int64_t y = (int64_t)year - (mon <= 2);
        int64_t era = (y >= 0 ? y : y - 399) / 400;
        int64_t yoe = y - era * 400;
        int64_t mp = mon > 2 ? mon - 3 : mon + 9;
        int64_t doy = (153 * mp + 2) / 5 + day - 1;
        int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

        return era * 146097 + doe - 719468;
}

void log_time_civil_from_days(int64_t days, int *ret_year, int *ret_mon, int *ret_day)
{
        int64_t z = days + 719468;
        int64_t era = (z >= 0 ? z : z - 146096) / 146097;
        int64_t doe = z - era * 146097;
        int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        int64_t mp = (5 * doy + 2) / 153;
        int64_t d = doy - (153 * mp + 2) / 5 + 1;
        int64_t m = mp < 10 ? mp + 3 : mp - 9;

        *ret_year = (int)(yoe + era * 400 + (m <= 2));
        *ret_mon = (int)m;
        *ret_day = (int)d;
}

int64_t log_time_tm_to_us(const struct log_tm *tm)
{
        int64_t days = log_time_days_from_civil(tm->year, tm->mon, tm->day);
        int64_t secs = days * 86400 + tm->hour * 3600 + tm->min * 60 + tm->sec;

        return secs * US_PER_SEC + tm->usec;
}

void log_time_us_to_tm(int64_t us, struct log_tm *ret)
{
        int64_t secs = us / US_PER_SEC;
        int64_t usec = us % US_PER_SEC;
        int64_t days, sod;

        if (usec < 0) {
                usec += US_PER_SEC;
                secs--;
        }
        days = secs / 86400;
        sod = secs % 86400;
        if (sod < 0) {
                sod += 86400;
                days--;
        }
        log_time_civil_from_days(days, &ret->year, &ret->mon, &ret->day);
        ret->hour = (int)(sod / 3600);
        ret->min = (int)(sod / 60 % 60);
        ret->sec = (int)(sod % 60);
        ret->usec = (int)usec;
}

/* ---- small locale-free scanners ---- */

static bool is_digit(char c)
{
        return c >= '0' && c <= '9';
}

/* Reads exactly N digits at S. */
static bool read_fixed(const char *s, size_t len, size_t n, int *ret)
{
        int v = 0;

        if (len < n)
                return false;
        for (size_t i = 0; i < n; i++) {
                if (!is_digit(s[i]))
                        return false;
                v = v * 10 + (s[i] - '0');
        }
        *ret = v;
        return true;
}

/* Reads 1..9 fraction digits as µs (extra digits beyond 6 are truncated,
 * fewer are scaled: ".5" is 500000 µs).  Returns the digits consumed. */
static size_t read_frac_us(const char *s, size_t len, int *ret_us)
{
        size_t n = 0;
        int v = 0;

        while (n < len && n < 9 && is_digit(s[n])) {
                if (n < 6)
                        v = v * 10 + (s[n] - '0');
                n++;
        }
        for (size_t i = n; i < 6; i++)
                v *= 10;
        if (n > 0)
                *ret_us = v;
        return n;
}

/* "HH:MM:SS" with two-digit fields. */
static bool read_hms(const char *s, size_t len, struct log_tm *tm)
{
        int h, m, sec;

        if (len < 8 || s[2] != ':' || s[5] != ':')
                return false;
        if (!read_fixed(s, 2, 2, &h) || !read_fixed(s + 3, 2, 2, &m) || !read_fixed(s + 6, 2, 2, &sec))
                return false;
        if (h > 23 || m > 59 || sec > 60)
                return false;
        tm->hour = h;
        tm->min = m;
        tm->sec = sec;
        return true;
}

/* ---- month names ---- */

/* Lower-case prefixes of the month abbreviations of the C, de, fr, es, it,
 * pt, nl, pl and ru locales (glibc abmon), UTF-8.  A name matches when the
 * (lower-cased) token starts with one of them; no prefix here is a prefix
 * of another month's token in these languages. */
static const struct {
        const char *name;
        int mon;
} month_names[] = {
        { "jan", 1 },  { "feb", 2 },  { "mar", 3 },  { "apr", 4 },  { "may", 5 },  { "jun", 6 },
        { "jul", 7 },  { "aug", 8 },  { "sep", 9 },  { "oct", 10 }, { "nov", 11 }, { "dec", 12 },
        /* de */
        { "mär", 3 },  { "mrz", 3 },  { "mai", 5 },  { "okt", 10 }, { "dez", 12 },
        /* fr: janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc. */
        { "fév", 2 },  { "avr", 4 },  { "juin", 6 }, { "juil", 7 }, { "aoû", 8 }, { "déc", 12 },
        /* es, it, pt */
        { "ene", 1 },  { "abr", 4 },  { "ago", 8 },  { "dic", 12 }, { "gen", 1 },  { "mag", 5 },
        { "giu", 6 },  { "lug", 7 },  { "set", 9 },  { "ott", 10 }, { "fev", 2 },  { "out", 10 },
        /* nl */
        { "mrt", 3 },  { "mei", 5 },
        /* pl */
        { "sty", 1 },  { "lut", 2 },  { "kwi", 4 },  { "maj", 5 },  { "cze", 6 },  { "lip", 7 },
        { "sie", 8 },  { "wrz", 9 },  { "paź", 10 }, { "lis", 11 }, { "gru", 12 },
        /* ru (glibc uses both "май" and the genitive "мая") */
        { "янв", 1 },  { "фев", 2 },  { "мар", 3 },  { "апр", 4 },  { "май", 5 },  { "мая", 5 },
        { "июн", 6 },  { "июл", 7 },  { "авг", 8 },  { "сен", 9 },  { "окт", 10 }, { "ноя", 11 },
        { "дек", 12 },
};

/* Lower-cases ASCII, Latin-1 letters (U+00C0..U+00DE) and Cyrillic
 * (U+0400..U+042F) in UTF-8; other bytes are copied.  Returns the length
 * written (at most CAP). */
static size_t fold_case(const char *s, size_t len, char *out, size_t cap)
{
        size_t o = 0;

        for (size_t i = 0; i < len && o < cap; i++) {
                unsigned char c = (unsigned char)s[i];

                if (c >= 'A' && c <= 'Z') {
                        out[o++] = (char)(c + 32);
                } else if (c == 0xC3 && i + 1 < len && o + 1 < cap) {
                        unsigned char d = (unsigned char)s[i + 1];

                        if (d >= 0x80 && d <= 0x9E && d != 0x97)
                                d = (unsigned char)(d + 0x20);
                        out[o++] = (char)c;
                        out[o++] = (char)d;
                        i++;
                } else if (c == 0xD0 && i + 1 < len && o + 1 < cap) {
                        unsigned char d = (unsigned char)s[i + 1];

                        if (d >= 0x90 && d <= 0x9F) { /* А..П → а..п */
                                out[o++] = (char)0xD0;
                                out[o++] = (char)(d + 0x20);
                        } else if (d >= 0xA0 && d <= 0xAF) { /* Р..Я → р..я */
                                out[o++] = (char)0xD1;
                                out[o++] = (char)(d - 0x20);
                        } else if (d >= 0x80 && d <= 0x8F) { /* Ѐ..Џ → ѐ..џ */
                                out[o++] = (char)0xD1;
                                out[o++] = (char)(d + 0x10);
                        } else {
                                out[o++] = (char)c;
                                out[o++] = (char)d;
                        }
                        i++;
                } else {
                        out[o++] = (char)c;
                }
        }
        return o;
}

static int month_from_number(const char *s, size_t len)
{
        size_t n = 0;
        int v = 0;

        while (n < len && n < 2 && is_digit(s[n]))
                v = v * 10 + (s[n++] - '0');
        if (n == 0 || v < 1 || v > 12)
                return 0;
        s += n;
        len -= n;
        if ((len == 1 && s[0] == '.') || (len == 3 && memcmp(s, "\xE6\x9C\x88", 3) == 0) || /* 月 */
            (len == 3 && memcmp(s, "\xEC\x9B\x94", 3) == 0))                              /* 월 */
                return v;
        return 0;
}

int log_time_month_from_name(const char *name, size_t len)
{
        char buf[32];
        size_t n;

        if (len == 0 || len > sizeof(buf))
                return 0;
        if (is_digit(name[0]))
                return month_from_number(name, len);
        n = fold_case(name, len, buf, sizeof(buf));
        if (n > 0 && buf[n - 1] == '.')
                n--;
        for (size_t i = 0; i < sizeof(month_names) / sizeof(month_names[0]); i++) {
                size_t l = strlen(month_names[i].name);

                if (l <= n && memcmp(buf, month_names[i].name, l) == 0)
                        return month_names[i].mon;
        }
        return 0;
}

/* ---- stamp parsers ---- */

size_t log_time_parse_mono(const char *s, size_t len, int64_t *ret_us)
{
        size_t i = 0;
        int64_t secs = 0;
        int us = 0;
        size_t nf;

        while (i < len && i < 12 && is_digit(s[i]))
                secs = secs * 10 + (s[i++] - '0');
        if (i == 0 || i >= len || s[i] != '.')
                return 0;
        i++;
        nf = read_frac_us(s + i, len - i, &us);
        if (nf == 0)
                return 0;
        i += nf;
        if (i < len && is_digit(s[i])) /* more than 9 digits: not a kernel stamp */
                return 0;
        *ret_us = secs * US_PER_SEC + us;
        return i;
}

/* "Z", "±HH:MM", "±HHMM" or "±HH".  Returns the bytes consumed, 0 if none. */
static size_t read_tz(const char *s, size_t len, int *ret_off_min)
{
        int sign, h, m = 0;
        size_t n;

        if (len >= 1 && (s[0] == 'Z' || s[0] == 'z')) {
                *ret_off_min = 0;
                return 1;
        }
        if (len < 3 || (s[0] != '+' && s[0] != '-') || !read_fixed(s + 1, 2, 2, &h))
                return 0;
        sign = s[0] == '-' ? -1 : 1;
        n = 3;
        if (len >= 6 && s[3] == ':' && read_fixed(s + 4, 2, 2, &m))
                n = 6;
        else if (len >= 5 && read_fixed(s + 3, 2, 2, &m))
                n = 5;
        if (h > 23 || m > 59)
                return 0;
        *ret_off_min = sign * (h * 60 + m);
        return n;
}

int log_time_parse_iso(const char *s, size_t len, struct log_stamp *ret)
{
        struct log_tm tm = { 0 };
        size_t i;
        char sep = 0;
        int off = 0;
        size_t ntz;

        if (len < 19 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't'))
                return -EINVAL;
        if (!read_fixed(s, 4, 4, &tm.year) || !read_fixed(s + 5, 2, 2, &tm.mon) ||
            !read_fixed(s + 8, 2, 2, &tm.day) || !read_hms(s + 11, len - 11, &tm))
                return -EINVAL;
        if (tm.mon < 1 || tm.mon > 12 || tm.day < 1 || tm.day > log_time_days_in_month(tm.year, tm.mon))
                return -EINVAL;
        i = 19;
        if (i + 1 < len && (s[i] == '.' || s[i] == ',') && is_digit(s[i + 1])) {
                sep = s[i];
                i++;
                i += read_frac_us(s + i, len - i, &tm.usec);
                while (i < len && is_digit(s[i])) /* ns and beyond */
                        i++;
        }
        ntz = read_tz(s + i, len - i, &off);
        i += ntz;
        ret->wall_us = log_time_tm_to_us(&tm) - (int64_t)off * 60 * US_PER_SEC;
        ret->tz_known = ntz > 0;
        ret->tz_off_min = off;
        ret->frac_sep = sep;
        return (int)i;
}

int log_time_parse_bsd(const char *s, size_t len, struct log_tm *ret)
{
        struct log_tm tm = { 0 };
        size_t i = 0, mlen;

        while (i < len && i < 16 && s[i] != ' ')
                i++;
        if (i == 0 || i >= len || s[i] != ' ')
                return -EINVAL;
        mlen = i;
        tm.mon = log_time_month_from_name(s, mlen);
        if (tm.mon == 0)
                return -EINVAL;
        i++;
        if (i < len && s[i] == ' ') /* space-padded day: "Nov  7" */
                i++;
        if (i < len && is_digit(s[i])) {
                tm.day = s[i++] - '0';
                if (i < len && is_digit(s[i]))
                        tm.day = tm.day * 10 + (s[i++] - '0');
        }
        if (tm.day < 1 || tm.day > 31 || tm.day > log_time_days_in_month(2000, tm.mon))
                return -EINVAL;
        if (i >= len || s[i] != ' ' || !read_hms(s + i + 1, len - i - 1, &tm))
                return -EINVAL;
        i += 9;
        if (i + 1 < len && s[i] == '.' && is_digit(s[i + 1])) { /* journalctl short-precise */
                i++;
                i += read_frac_us(s + i, len - i, &tm.usec);
                while (i < len && is_digit(s[i]))
                        i++;
        }
        *ret = tm;
        return (int)i;
}

#define CTIME_MAX_TOKENS 8

int log_time_parse_ctime(const char *s, size_t len, struct log_tm *ret)
{
        const char *tok[CTIME_MAX_TOKENS];
        size_t tlen[CTIME_MAX_TOKENS];
        size_t ntok = 0, i = 0, t;
        struct log_tm tm = { 0 };
        int v;

        while (i < len) {
                while (i < len && s[i] == ' ')
                        i++;
                if (i >= len)
                        break;
                if (ntok == CTIME_MAX_TOKENS)
                        return -EINVAL;
                tok[ntok] = s + i;
                while (i < len && s[i] != ' ')
                        i++;
                tlen[ntok] = (size_t)(s + i - tok[ntok]);
                ntok++;
        }
        /* weekday? month day HH:MM:SS year */
        if (ntok < 4 || ntok > 5)
                return -EINVAL;
        t = ntok - 2;
        if (tlen[t] != 8 || !read_hms(tok[t], tlen[t], &tm))
                return -EINVAL;
        if (tlen[t + 1] != 4 || !read_fixed(tok[t + 1], 4, 4, &tm.year))
                return -EINVAL;
        if (tlen[t - 1] < 1 || tlen[t - 1] > 2 || !read_fixed(tok[t - 1], tlen[t - 1], tlen[t - 1], &v))
                return -EINVAL;
        tm.day = v;
        tm.mon = log_time_month_from_name(tok[t - 2], tlen[t - 2]);
        if (tm.day < 1 || tm.day > 31 || (tm.mon > 0 && tm.day > log_time_days_in_month(tm.year, tm.mon)))
                return -EINVAL;
        *ret = tm;
        return 0;
}

int log_time_infer_year(const struct log_tm *tm, int64_t reference_s)
{
        int64_t limit_s = reference_s + 86400;
        int64_t days = limit_s / 86400 - (limit_s % 86400 < 0);
        int ref_year, m, d;

        log_time_civil_from_days(days, &ref_year, &m, &d);
        for (int y = ref_year; y > ref_year - 8; y--) {
                struct log_tm c = *tm;

                if (tm->day > log_time_days_in_month(y, tm->mon))
                        continue;
                c.year = y;
                if (log_time_tm_to_us(&c) <= limit_s * US_PER_SEC)
                        return y;
        }
        return ref_year - 1;
}
