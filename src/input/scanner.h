/* scanner.h — reads a source at the speed of grep and hands the report
 * parser only the lines that matter.
 *
 * Most bytes of a real log have nothing to do with OOM kills.  Outside a
 * report the scanner searches big buffers for rare anchors ("oom", "Kil",
 * a journal JSON MESSAGE written as byte values) with SIMD and only splits the line around a hit; inside a report (the
 * parser says it is busy) it feeds every line.  Memory is constant: one
 * read buffer plus one line of carry-over, whatever the input size.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "log_line.h"
#include "report_parse.h"
#include "source.h"

/* Longest line handled; the rest of a longer line is skipped (the kernel's
 * own records are at most ~1 KiB, a journal JSON line a few KiB). */
#define SCAN_MAX_LINE (64 * 1024)
#define SCAN_BUFFER (1024 * 1024)

struct scan_result {
        uint64_t bytes;         /* decompressed bytes read */
        uint64_t lines;         /* lines in the input */
        uint64_t fed_lines;     /* lines handed to the parser */
        uint64_t long_lines;    /* lines cut at SCAN_MAX_LINE */
        int error;              /* 0, or -errno of the read that stopped the scan */
};

/* Scans SRC to its end (or its first read error), feeding SPLITTER and
 * PARSER.  Does not finish the parser: the caller does, so that several
 * sources can share one.  Returns 0 or the -errno that stopped it (partial
 * results are kept in the parser; RET is filled either way). */
int scanner_run(struct source *src, struct log_splitter *splitter, struct report_parser *parser,
                struct scan_result *ret);

/* The pure core, exposed for tests and fuzzing: scans one complete buffer
 * (as if it were a whole file). */
void scanner_scan_buffer(const char *buf, size_t len, struct log_splitter *splitter,
                         struct report_parser *parser, struct scan_result *ret);

/* First position in [p, end) where a candidate anchor starts, or NULL. */
const char *scanner_find_candidate(const char *p, const char *end);
/* Number of '\n' bytes in [p, end). */
uint64_t scanner_count_newlines(const char *p, const char *end);
