/* units.h — memory sizes and ratios for humans, and size arguments from
 * them.  Binary units throughout (the kernel's "kB" in OOM reports and
 * /proc/meminfo is 1024 bytes).  Nothing here depends on the locale: the
 * decimal point is always ".".
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* Large enough for every result below ("-9223372036854775807 pages"). */
#define UNITS_BUF_SIZE 32

/* Formats KB kibibytes into BUF (SIZE bytes, truncated like snprintf) and
 * returns BUF.  0 is "0 B"; below 1024 KiB the exact count ("512 KiB",
 * "1023 KiB"); from MiB up to EiB three significant digits rounded to
 * nearest ("1.00 MiB", "9.75 GiB", "97.5 MiB", "975 MiB", "10.0 GiB",
 * "1023 MiB"); a value that rounds up to 1024 of a unit moves to the next
 * ("1.00 GiB").  Negative values get a "-".  INT64_MIN (OOM_UNSET) is "?". */
const char *units_kb(char *buf, size_t size, int64_t kb);

/* PAGES × PAGE_SIZE_KB formatted like units_kb().  When the page size is
 * unknown (OOM_UNSET or <= 0) or the product overflows, "N pages" ("1
 * page").  PAGES unset is "?". */
const char *units_pages(char *buf, size_t size, int64_t pages, int64_t page_size_kb);

/* PART as a percentage of WHOLE, rounded to nearest: "0%" for 0, "<0.1%",
 * one decimal below 10% ("0.4%", "9.5%"), whole numbers from 10% ("63%",
 * "150%"), ">99%" rather than "100%" while PART < WHOLE.  "?" when either
 * is unset, PART < 0 or WHOLE <= 0. */
const char *units_percent(char *buf, size_t size, int64_t part, int64_t whole);

/* Parses a size argument into bytes: digits, an optional fraction
 * (at most 9 digits, "." only), an optional suffix, nothing else (no
 * blanks, no sign).  Suffixes: none or "B" = bytes (no fraction allowed);
 * K M G T P E (either case), alone or followed by "iB" = powers of 1024;
 * followed by "B" alone ("KB", "MB") = powers of 1000, as util-linux
 * reads them.  Fractions are rounded down to whole bytes ("0.1K" = 102).
 * Examples: "1048576", "512k", "64M", "1.5G", "2GiB", "100MB".
 * Returns 0 and sets *ret_bytes, -EINVAL on malformed input, -ERANGE when
 * the result exceeds UINT64_MAX; *ret_bytes is untouched on failure. */
int units_parse_bytes(const char *s, uint64_t *ret_bytes);
