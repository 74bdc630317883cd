/* scanner.c — the fast path over big inputs (see scanner.h).
 *
 * Anchors: every line that can begin or extend an OOM event outside an open
 * report contains "oom" (oom-killer, oom-kill:, oom_reaper, oom_kill_process,
 * panic_on_oom, memory.oom.group) or "Kil" (Killed process, Kill process).
 * "tgi" (the task-table header's tgid) and "m-I" (Mem-Info:) find the body
 * of a report whose head was lost (ring buffer, a pasted excerpt).  The
 * other lines inside a report carry no anchor, but by then the parser is
 * busy and gets every line.  A journal JSON line whose MESSAGE journalctl
 * wrote as an array of byte values ("MESSAGE":[72,101,...], for a control
 * byte or invalid UTF-8 such as an escape sequence in a comm) shows none
 * of the words: its '":[' is the anchor, and the splitter decodes it.
 */
#include "scanner.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif

/* ------------------------------------------------------------ SIMD core */

static bool trigram_at(const char *p) {
        return (p[0] == 'o' && p[1] == 'o' && p[2] == 'm') || (p[0] == 'K' && p[1] == 'i' && p[2] == 'l') ||
               (p[0] == 't' && p[1] == 'g' && p[2] == 'i') || (p[0] == 'm' && p[1] == '-' && p[2] == 'I') ||
               (p[0] == '"' && p[1] == ':' && p[2] == '[');
}

static const char *find_candidate_scalar(const char *p, const char *last) {
        for (; p < last; p++)
                if (trigram_at(p))
                        return p;
        return NULL;
}

#if defined(__SSE2__)
static const char *find_candidate_sse2(const char *p, const char *last) {
        const __m128i o = _mm_set1_epi8('o'), m = _mm_set1_epi8('m');
        const __m128i K = _mm_set1_epi8('K'), i = _mm_set1_epi8('i'), l = _mm_set1_epi8('l');
        const __m128i t = _mm_set1_epi8('t'), g = _mm_set1_epi8('g'), dash = _mm_set1_epi8('-');
        const __m128i I = _mm_set1_epi8('I'), quote = _mm_set1_epi8('"'), colon = _mm_set1_epi8(':');
        const __m128i bracket = _mm_set1_epi8('[');
        while (last - p >= 16) {
                __m128i a = _mm_loadu_si128((const __m128i *)(const void *)p);
                __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(p + 1));
                __m128i c = _mm_loadu_si128((const __m128i *)(const void *)(p + 2));
                __m128i oom = _mm_and_si128(_mm_and_si128(_mm_cmpeq_epi8(a, o), _mm_cmpeq_epi8(b, o)),
                                            _mm_cmpeq_epi8(c, m));
                __m128i kil = _mm_and_si128(_mm_and_si128(_mm_cmpeq_epi8(a, K), _mm_cmpeq_epi8(b, i)),
                                            _mm_cmpeq_epi8(c, l));
                __m128i tgi = _mm_and_si128(_mm_and_si128(_mm_cmpeq_epi8(a, t), _mm_cmpeq_epi8(b, g)),
                                            _mm_cmpeq_epi8(c, i));
                __m128i mem = _mm_and_si128(_mm_and_si128(_mm_cmpeq_epi8(a, m), _mm_cmpeq_epi8(b, dash)),
                                            _mm_cmpeq_epi8(c, I));
                __m128i arr = _mm_and_si128(_mm_and_si128(_mm_cmpeq_epi8(a, quote), _mm_cmpeq_epi8(b, colon)),
                                            _mm_cmpeq_epi8(c, bracket));
                int mask = _mm_movemask_epi8(
                        _mm_or_si128(_mm_or_si128(_mm_or_si128(oom, kil), _mm_or_si128(tgi, mem)), arr));
                if (mask)
                        return p + __builtin_ctz((unsigned)mask);
                p += 16;
        }
        return find_candidate_scalar(p, last);
}
#endif

#if defined(__x86_64__) && defined(__GNUC__)
/* The same search 32 bytes at a time, chosen at run time on CPUs with AVX2. */
__attribute__((target("avx2"))) static const char *find_candidate_avx2(const char *p, const char *last) {
        const __m256i o = _mm256_set1_epi8('o'), m = _mm256_set1_epi8('m');
        const __m256i K = _mm256_set1_epi8('K'), i = _mm256_set1_epi8('i'), l = _mm256_set1_epi8('l');
        const __m256i t = _mm256_set1_epi8('t'), g = _mm256_set1_epi8('g'), dash = _mm256_set1_epi8('-');
        const __m256i I = _mm256_set1_epi8('I'), quote = _mm256_set1_epi8('"'), colon = _mm256_set1_epi8(':');
        const __m256i bracket = _mm256_set1_epi8('[');
        while (last - p >= 32) {
                __m256i a = _mm256_loadu_si256((const __m256i *)(const void *)p);
                __m256i b = _mm256_loadu_si256((const __m256i *)(const void *)(p + 1));
                __m256i c = _mm256_loadu_si256((const __m256i *)(const void *)(p + 2));
                __m256i oom = _mm256_and_si256(_mm256_and_si256(_mm256_cmpeq_epi8(a, o), _mm256_cmpeq_epi8(b, o)),
                                               _mm256_cmpeq_epi8(c, m));
                __m256i kil = _mm256_and_si256(_mm256_and_si256(_mm256_cmpeq_epi8(a, K), _mm256_cmpeq_epi8(b, i)),
                                               _mm256_cmpeq_epi8(c, l));
                __m256i tgi = _mm256_and_si256(_mm256_and_si256(_mm256_cmpeq_epi8(a, t), _mm256_cmpeq_epi8(b, g)),
                                               _mm256_cmpeq_epi8(c, i));
                __m256i mem = _mm256_and_si256(
                        _mm256_and_si256(_mm256_cmpeq_epi8(a, m), _mm256_cmpeq_epi8(b, dash)), _mm256_cmpeq_epi8(c, I));
                __m256i arr = _mm256_and_si256(
                        _mm256_and_si256(_mm256_cmpeq_epi8(a, quote), _mm256_cmpeq_epi8(b, colon)),
                        _mm256_cmpeq_epi8(c, bracket));
                unsigned mask = (unsigned)_mm256_movemask_epi8(_mm256_or_si256(
                        _mm256_or_si256(_mm256_or_si256(oom, kil), _mm256_or_si256(tgi, mem)), arr));
                if (mask)
                        return p + __builtin_ctz(mask);
                p += 32;
        }
        return find_candidate_sse2(p, last);
}
#endif

typedef const char *(*find_fn)(const char *p, const char *last);

static find_fn pick_find(void) {
#if defined(__x86_64__) && defined(__GNUC__)
        __builtin_cpu_init();
        if (__builtin_cpu_supports("avx2"))
                return find_candidate_avx2;
#endif
#if defined(__SSE2__)
        return find_candidate_sse2;
#else
        return find_candidate_scalar;
#endif
}

const char *scanner_find_candidate(const char *p, const char *end) {
        static find_fn find;
        if (!find)
                find = pick_find();
        if (end - p < 3)
                return NULL;
        return find(p, end - 2); /* a trigram may start before end - 2 */
}

uint64_t scanner_count_newlines(const char *p, const char *end) {
        uint64_t n = 0;
#if defined(__SSE2__)
        /* per-byte counters (a match subtracts -1) summed with SAD before
         * they can overflow: no popcount, which is a libgcc call without -mpopcnt */
        const __m128i nl = _mm_set1_epi8('\n'), zero = _mm_setzero_si128();
        while (end - p >= 16) {
                __m128i acc = zero;
                for (int k = 0; k < 255 && end - p >= 16; k++, p += 16)
                        acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)p), nl));
                __m128i sums = _mm_sad_epu8(acc, zero);
                n += (uint64_t)_mm_cvtsi128_si64(sums) + (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(sums, sums));
        }
#endif
        for (; p < end; p++)
                n += *p == '\n';
        return n;
}

static bool has_at(const char *p, const char *lo, const char *hi, long off, const char *lit) {
        size_t n = strlen(lit);
        if (off < 0 && p - lo < -off)
                return false;
        return (size_t)(hi - (p + off)) >= n && memcmp(p + off, lit, n) == 0;
}

/* Is the prefilter hit at P (inside [lo, hi)) the start of a real anchor?
 * Everything else ("room", "Kilobytes", "outgoing") is skipped. */
static bool anchor_at(const char *p, const char *lo, const char *hi) {
        switch (p[0]) {
        case 'o':
                return has_at(p, lo, hi, 0, "oom-kill") || has_at(p, lo, hi, 0, "oom_reaper") ||
                       has_at(p, lo, hi, 0, "oom_kill") || has_at(p, lo, hi, -9, "panic_on_oom") ||
                       has_at(p, lo, hi, -7, "memory.oom.group");
        case 'K':
                return has_at(p, lo, hi, 0, "Killed process") || has_at(p, lo, hi, 0, "Kill process");
        case 't':
                return has_at(p, lo, hi, -1, " tgid ");
        case 'm':
                return has_at(p, lo, hi, -2, "Mem-Info:");
        case '"':
                return has_at(p, lo, hi, -8, "\"MESSAGE\":[");
        }
        return false;
}

/* ------------------------------------------------------------ state */

struct scan_state {
        struct log_splitter *splitter;
        struct report_parser *parser;
        struct scan_result *res;
        int64_t lineno;          /* number of the line being fed */
        bool every_line;         /* journal export: records span lines */
        bool first;
};

static void on_log_line(const struct log_line *line, void *userdata) {
        struct scan_state *st = userdata;
        report_parser_line(st->parser, line, st->lineno);
}

static void feed(struct scan_state *st, const char *s, size_t n) {
        if (n > SCAN_MAX_LINE) {
                n = SCAN_MAX_LINE;
                st->res->long_lines++;
        }
        st->res->fed_lines++;
        log_splitter_feed(st->splitter, s, n, on_log_line, st);
}

static bool must_feed_all(const struct scan_state *st) {
        return st->every_line || report_parser_busy(st->parser) || log_splitter_needs_every_line(st->splitter);
}

/* journalctl -o export starts with "__CURSOR=" or another "KEY=" field */
static bool looks_like_export(const char *p, size_t n) {
        size_t i = 0;
        while (i < n && i < 64 && ((p[i] >= 'A' && p[i] <= 'Z') || p[i] == '_' || (p[i] >= '0' && p[i] <= '9')))
                i++;
        return i > 0 && i < n && p[i] == '=' && p[0] != '0';
}

/* Scans complete lines in [p, end) — END is just past a '\n' or the end of
 * the input.  Lines are counted as they are passed. */
static void scan_lines(struct scan_state *st, const char *p, const char *end) {
        if (st->first && p < end) {
                st->first = false;
                st->every_line = looks_like_export(p, (size_t)(end - p));
        }
        while (p < end) {
                if (!must_feed_all(st)) {
                        /* P is at a line start; the newlines before P are counted */
                        const char *search = p, *hit;
                        while ((hit = scanner_find_candidate(search, end)) && !anchor_at(hit, p, end))
                                search = hit + 1;
                        if (!hit) {
                                st->lineno += (int64_t)scanner_count_newlines(p, end);
                                return;
                        }
                        const char *ls = memrchr(p, '\n', (size_t)(hit - p));
                        ls = ls ? ls + 1 : p;
                        st->lineno += (int64_t)scanner_count_newlines(p, ls);
                        const char *nl = memchr(hit, '\n', (size_t)(end - hit));
                        const char *le = nl ? nl : end;
                        st->lineno++;
                        feed(st, ls, (size_t)(le - ls));
                        p = nl ? nl + 1 : end;
                        continue;
                }
                if (!st->every_line && !report_parser_busy(st->parser) && *p != ' ') {
                        /* only a /dev/kmsg record waits for wrapped pieces,
                         * and this line is none: it is complete, and the
                         * fast path can go on */
                        log_splitter_finish(st->splitter, on_log_line, st);
                        continue;
                }
                const char *nl = memchr(p, '\n', (size_t)(end - p));
                const char *le = nl ? nl : end;
                st->lineno++;
                feed(st, p, (size_t)(le - p));
                p = nl ? nl + 1 : end;
        }
}

void scanner_scan_buffer(const char *buf, size_t len, struct log_splitter *splitter,
                         struct report_parser *parser, struct scan_result *ret) {
        struct scan_result res = { 0 };
        struct scan_state st = { splitter, parser, &res, 0, false, true };
        res.bytes = len;
        scan_lines(&st, buf, buf + len);
        log_splitter_finish(splitter, on_log_line, &st);
        res.lines = (uint64_t)st.lineno;
        *ret = res;
}

int scanner_run(struct source *src, struct log_splitter *splitter, struct report_parser *parser,
                struct scan_result *ret) {
        struct scan_result res = { 0 };
        struct scan_state st = { splitter, parser, &res, 0, false, true };
        /* carry-over of an unfinished line lives in front of the read area */
        char *buf = malloc(SCAN_MAX_LINE + SCAN_BUFFER);
        if (!buf) {
                *ret = res;
                return -ENOMEM;
        }
        size_t carry = 0;
        bool skipping = false; /* inside the tail of an over-long line */
        int err = 0;
        for (;;) {
                ssize_t r = source_read(src, buf + carry, SCAN_BUFFER);
                if (r < 0) {
                        err = (int)r;
                        break;
                }
                if (r == 0)
                        break;
                res.bytes += (uint64_t)r;
                char *p = buf, *end = buf + carry + (size_t)r;
                if (skipping) {
                        char *nl = memchr(p, '\n', (size_t)(end - p));
                        if (!nl) {
                                carry = 0;
                                continue;
                        }
                        p = nl + 1;
                        skipping = false;
                }
                char *last_nl = memrchr(p, '\n', (size_t)(end - p));
                if (last_nl) {
                        scan_lines(&st, p, last_nl + 1);
                        p = last_nl + 1;
                }
                size_t rest = (size_t)(end - p);
                if (rest >= SCAN_MAX_LINE) {
                        /* an over-long line: look at its head, skip the rest */
                        res.long_lines++;
                        scan_lines(&st, p, p + SCAN_MAX_LINE);
                        carry = 0;
                        skipping = true;
                        continue;
                }
                memmove(buf, p, rest);
                carry = rest;
        }
        if (carry > 0 && !skipping)
                scan_lines(&st, buf, buf + carry); /* last line without '\n' */
        log_splitter_finish(splitter, on_log_line, &st);
        free(buf);
        res.lines = (uint64_t)st.lineno;
        res.error = err;
        *ret = res;
        return err;
}
