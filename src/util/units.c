/* units.c — human-readable sizes and percentages, size argument parsing.
 * Integer arithmetic only, so the output is exact and locale-independent;
 * the contracts are in units.h.
 */
#include "units.h"

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static const char *const kb_units[] = { "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
#define LAST_UNIT 5 /* 1024^5 KiB = 1 EiB; INT64_MAX KiB is 8192 EiB */

static const uint64_t pow10s[] = { 1, 10, 100 };

/* MAG / 1024^UNIT × 10^DEC, rounded half up.  UNIT <= 5 keeps the
 * remainder below 2^50, so remainder × 100 cannot overflow. */
static uint64_t scale_round(uint64_t mag, int unit, int dec)
{
        unsigned shift = 10u * (unsigned)unit;
        uint64_t hi = mag >> shift, lo = mag & ((UINT64_C(1) << shift) - 1);

        return hi * pow10s[dec] + ((lo * pow10s[dec] + (UINT64_C(1) << shift >> 1)) >> shift);
}

static const char *format_mag(char *buf, size_t size, bool neg, uint64_t mag)
{
        const char *sign = neg ? "-" : "";
        int unit = 0, dec;
        uint64_t ip, scaled;

        if (mag < 1024) {
                snprintf(buf, size, "%s%" PRIu64 " KiB", sign, mag);
                return buf;
        }
        while (unit < LAST_UNIT && (mag >> (10 * (unit + 1))) > 0)
                unit++;
        ip = mag >> (10 * unit);
        dec = ip < 10 ? 2 : ip < 100 ? 1 : 0;
        for (;;) {
                scaled = scale_round(mag, unit, dec);
                if (dec > 0 && scaled >= 1000)          /* 9.996 -> 10.0 */
                        dec--;
                else if (dec == 0 && scaled >= 1024 && unit < LAST_UNIT) {
                        unit++;                         /* 1023.6 MiB -> 1.00 GiB */
                        dec = 2;
                } else
                        break;
        }
        if (dec == 0)
                snprintf(buf, size, "%s%" PRIu64 " %s", sign, scaled, kb_units[unit]);
        else if (dec == 1)
                snprintf(buf, size, "%s%" PRIu64 ".%" PRIu64 " %s", sign, scaled / 10, scaled % 10,
                         kb_units[unit]);
        else
                snprintf(buf, size, "%s%" PRIu64 ".%02" PRIu64 " %s", sign, scaled / 100, scaled % 100,
                         kb_units[unit]);
        return buf;
}

const char *units_kb(char *buf, size_t size, int64_t kb)
{
        if (size == 0)
                return buf;
        if (kb == INT64_MIN) {
                snprintf(buf, size, "?");
                return buf;
        }
        if (kb == 0) {
                snprintf(buf, size, "0 B");
                return buf;
        }
        if (kb < 0)
                return format_mag(buf, size, true, (uint64_t)-kb);
        return format_mag(buf, size, false, (uint64_t)kb);
}

const char *units_pages(char *buf, size_t size, int64_t pages, int64_t page_size_kb)
{
        int64_t kb;

        if (size == 0)
                return buf;
        if (pages == INT64_MIN) {
                snprintf(buf, size, "?");
                return buf;
        }
        if (page_size_kb == INT64_MIN || page_size_kb <= 0 ||
            __builtin_mul_overflow(pages, page_size_kb, &kb) || kb == INT64_MIN) {
                snprintf(buf, size, "%" PRId64 " %s", pages, pages == 1 ? "page" : "pages");
                return buf;
        }
        return units_kb(buf, size, kb);
}

/* round(PART × FACTOR / WHOLE) for 0 <= PART, 0 < WHOLE; exact while
 * PART × FACTOR fits in 63 bits, else in double precision. */
static uint64_t ratio_round(int64_t part, int64_t whole, uint64_t factor)
{
        uint64_t p = (uint64_t)part, w = (uint64_t)whole;

        if (p <= (uint64_t)INT64_MAX / factor)
                return (p * factor + w / 2) / w;
        return (uint64_t)((double)part * (double)factor / (double)whole + 0.5);
}

const char *units_percent(char *buf, size_t size, int64_t part, int64_t whole)
{
        uint64_t tenths, pct;

        if (size == 0)
                return buf;
        if (part == INT64_MIN || whole == INT64_MIN || part < 0 || whole <= 0) {
                snprintf(buf, size, "?");
                return buf;
        }
        if (part == 0) {
                snprintf(buf, size, "0%%");
                return buf;
        }
        tenths = ratio_round(part, whole, 1000);
        pct = ratio_round(part, whole, 100);
        if (tenths == 0)
                snprintf(buf, size, "<0.1%%");
        else if (tenths < 100)
                snprintf(buf, size, "%" PRIu64 ".%" PRIu64 "%%", tenths / 10, tenths % 10);
        else if (pct >= 100 && part < whole)
                snprintf(buf, size, ">99%%");
        else
                snprintf(buf, size, "%" PRIu64 "%%", pct);
        return buf;
}

static bool is_digit(char c)
{
        return c >= '0' && c <= '9';
}

/* Reads the suffix at S into a multiplier; false if S is not one. */
static bool parse_suffix(const char *s, uint64_t *ret_mult, bool *ret_is_bytes)
{
        static const char letters[] = "kmgtpe";
        const char *l;
        uint64_t base, mult = 1;

        *ret_is_bytes = false;
        if (strcmp(s, "") == 0 || strcmp(s, "B") == 0) {
                *ret_is_bytes = true;
                *ret_mult = 1;
                return true;
        }
        if (s[0] == '\0' || !(l = strchr(letters, s[0] | 0x20)))
                return false;
        if (s[1] == '\0' || strcmp(s + 1, "iB") == 0)
                base = 1024;
        else if (strcmp(s + 1, "B") == 0)
                base = 1000;
        else
                return false;
        for (ptrdiff_t i = 0; i <= l - letters; i++)
                mult *= base;   /* at most 1024^6 = 2^60 */
        *ret_mult = mult;
        return true;
}

int units_parse_bytes(const char *s, uint64_t *ret_bytes)
{
        uint64_t ip = 0, frac = 0, frac_den = 1, mult, total;
        bool is_bytes;
        const char *p = s;

        if (!s || !is_digit(*p))
                return -EINVAL;
        for (; is_digit(*p); p++) {
                if (ip > (UINT64_MAX - (uint64_t)(*p - '0')) / 10)
                        return -ERANGE;
                ip = ip * 10 + (uint64_t)(*p - '0');
        }
        if (*p == '.') {
                p++;
                if (!is_digit(*p))
                        return -EINVAL;
                for (; is_digit(*p); p++) {
                        if (frac_den == UINT64_C(1000000000))
                                return -EINVAL;     /* more than 9 decimals */
                        frac = frac * 10 + (uint64_t)(*p - '0');
                        frac_den *= 10;
                }
        }
        if (!parse_suffix(p, &mult, &is_bytes))
                return -EINVAL;
        if (is_bytes && frac_den > 1)
                return -EINVAL;                     /* "1.5" bytes */
        if (__builtin_mul_overflow(ip, mult, &total))
                return -ERANGE;
        /* floor(mult × frac / frac_den) without overflow: with
         * mult = q·den + r, it is q·frac + r·frac/den; r, frac < 10^9. */
        if (__builtin_add_overflow(total, (mult / frac_den) * frac + (mult % frac_den) * frac / frac_den,
                                   &total))
                return -ERANGE;
        *ret_bytes = total;
        return 0;
}
