/* escape.c — UTF-8 decoding, terminal/HTML/Markdown escaping of hostile
 * log strings, their display width, and shell quoting of the words of a
 * command to paste.  The rules are documented in escape.h.
 */
#include "escape.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

size_t utf8_decode(const char *s, size_t len, uint32_t *ret_cp)
{
        const unsigned char *p = (const unsigned char *)s;
        uint32_t cp, min;
        size_t n;

        if (len == 0)
                return 0;
        if (p[0] < 0x80) {
                if (ret_cp)
                        *ret_cp = p[0];
                return 1;
        }
        /* RFC 3629 §4: C0, C1 and F5-FF never appear; 80-BF only continue. */
        if (p[0] >= 0xc2 && p[0] <= 0xdf) {
                n = 2;
                cp = p[0] & 0x1fu;
                min = 0x80;
        } else if (p[0] >= 0xe0 && p[0] <= 0xef) {
                n = 3;
                cp = p[0] & 0x0fu;
                min = 0x800;
        } else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
                n = 4;
                cp = p[0] & 0x07u;
                min = 0x10000;
        } else
                return 0;
        if (len < n)
                return 0;
        for (size_t i = 1; i < n; i++) {
                if ((p[i] & 0xc0) != 0x80)
                        return 0;
                cp = (cp << 6) | (p[i] & 0x3fu);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
                return 0;
        if (ret_cp)
                *ret_cp = cp;
        return n;
}

size_t utf8_valid_prefix(const char *s, size_t len)
{
        size_t i = 0;

        while (i < len) {
                size_t n = utf8_decode(s + i, len - i, NULL);
                if (n == 0)
                        break;
                i += n;
        }
        return i;
}

struct range {
        uint32_t first, last;
};

static bool in_table(uint32_t cp, const struct range *t, size_t n)
{
        size_t lo = 0, hi = n;

        while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (cp < t[mid].first)
                        hi = mid;
                else if (cp > t[mid].last)
                        lo = mid + 1;
                else
                        return true;
        }
        return false;
}

/* Zero-width code points: combining marks of the common scripts, Hangul
 * medial/final jamo, ZWNJ/ZWJ, variation selectors, tags.  A subset of
 * Unicode's Mn/Me/Cf: rarer scripts may be off by a column. */
static const struct range zero_width[] = {
        { 0x0300, 0x036f }, { 0x0483, 0x0489 }, { 0x0591, 0x05bd }, { 0x05bf, 0x05bf },
        { 0x05c1, 0x05c2 }, { 0x05c4, 0x05c5 }, { 0x05c7, 0x05c7 }, { 0x0610, 0x061a },
        { 0x064b, 0x065f }, { 0x0670, 0x0670 }, { 0x06d6, 0x06dc }, { 0x06df, 0x06e4 },
        { 0x06e7, 0x06e8 }, { 0x06ea, 0x06ed }, { 0x0900, 0x0902 }, { 0x093a, 0x093a },
        { 0x093c, 0x093c }, { 0x0941, 0x0948 }, { 0x094d, 0x094d }, { 0x0951, 0x0957 },
        { 0x0962, 0x0963 }, { 0x0e31, 0x0e31 }, { 0x0e34, 0x0e3a }, { 0x0e47, 0x0e4e },
        { 0x1160, 0x11ff }, { 0x1ab0, 0x1aff }, { 0x1dc0, 0x1dff }, { 0x200c, 0x200d },
        { 0x20d0, 0x20f0 }, { 0x302a, 0x302d }, { 0x3099, 0x309a }, { 0xfe00, 0xfe0f },
        { 0xfe20, 0xfe2f }, { 0xe0001, 0xe0001 }, { 0xe0020, 0xe007f }, { 0xe0100, 0xe01ef },
};

/* East Asian Wide (W) and Fullwidth (F) ranges of Unicode 15's
 * EastAsianWidth.txt, which terminals draw in two columns. */
static const struct range wide[] = {
        { 0x1100, 0x115f },   { 0x231a, 0x231b },   { 0x2329, 0x232a },   { 0x23e9, 0x23ec },
        { 0x23f0, 0x23f0 },   { 0x23f3, 0x23f3 },   { 0x25fd, 0x25fe },   { 0x2614, 0x2615 },
        { 0x2648, 0x2653 },   { 0x267f, 0x267f },   { 0x2693, 0x2693 },   { 0x26a1, 0x26a1 },
        { 0x26aa, 0x26ab },   { 0x26bd, 0x26be },   { 0x26c4, 0x26c5 },   { 0x26ce, 0x26ce },
        { 0x26d4, 0x26d4 },   { 0x26ea, 0x26ea },   { 0x26f2, 0x26f3 },   { 0x26f5, 0x26f5 },
        { 0x26fa, 0x26fa },   { 0x26fd, 0x26fd },   { 0x2705, 0x2705 },   { 0x270a, 0x270b },
        { 0x2728, 0x2728 },   { 0x274c, 0x274c },   { 0x274e, 0x274e },   { 0x2753, 0x2755 },
        { 0x2757, 0x2757 },   { 0x2795, 0x2797 },   { 0x27b0, 0x27b0 },   { 0x27bf, 0x27bf },
        { 0x2b1b, 0x2b1c },   { 0x2b50, 0x2b50 },   { 0x2b55, 0x2b55 },   { 0x2e80, 0x2e99 },
        { 0x2e9b, 0x2ef3 },   { 0x2f00, 0x2fd5 },   { 0x2ff0, 0x2fff },   { 0x3000, 0x303e },
        { 0x3041, 0x3096 },   { 0x3099, 0x30ff },   { 0x3105, 0x312f },   { 0x3131, 0x318e },
        { 0x3190, 0x31e3 },   { 0x31f0, 0x321e },   { 0x3220, 0x3247 },   { 0x3250, 0x4dbf },
        { 0x4e00, 0xa48c },   { 0xa490, 0xa4c6 },   { 0xa960, 0xa97c },   { 0xac00, 0xd7a3 },
        { 0xf900, 0xfaff },   { 0xfe10, 0xfe19 },   { 0xfe30, 0xfe52 },   { 0xfe54, 0xfe66 },
        { 0xfe68, 0xfe6b },   { 0xff01, 0xff60 },   { 0xffe0, 0xffe6 },   { 0x16fe0, 0x16fe4 },
        { 0x16ff0, 0x16ff1 }, { 0x17000, 0x187f7 }, { 0x18800, 0x18cd5 }, { 0x18d00, 0x18d08 },
        { 0x1aff0, 0x1affe }, { 0x1b000, 0x1b122 }, { 0x1b132, 0x1b132 }, { 0x1b150, 0x1b152 },
        { 0x1b155, 0x1b155 }, { 0x1b164, 0x1b167 }, { 0x1b170, 0x1b2fb }, { 0x1f004, 0x1f004 },
        { 0x1f0cf, 0x1f0cf }, { 0x1f18e, 0x1f18e }, { 0x1f191, 0x1f19a }, { 0x1f200, 0x1f202 },
        { 0x1f210, 0x1f23b }, { 0x1f240, 0x1f248 }, { 0x1f250, 0x1f251 }, { 0x1f260, 0x1f265 },
        { 0x1f300, 0x1f320 }, { 0x1f32d, 0x1f335 }, { 0x1f337, 0x1f37c }, { 0x1f37e, 0x1f393 },
        { 0x1f3a0, 0x1f3ca }, { 0x1f3cf, 0x1f3d3 }, { 0x1f3e0, 0x1f3f0 }, { 0x1f3f4, 0x1f3f4 },
        { 0x1f3f8, 0x1f43e }, { 0x1f440, 0x1f440 }, { 0x1f442, 0x1f4fc }, { 0x1f4ff, 0x1f53d },
        { 0x1f54b, 0x1f54e }, { 0x1f550, 0x1f567 }, { 0x1f57a, 0x1f57a }, { 0x1f595, 0x1f596 },
        { 0x1f5a4, 0x1f5a4 }, { 0x1f5fb, 0x1f64f }, { 0x1f680, 0x1f6c5 }, { 0x1f6cc, 0x1f6cc },
        { 0x1f6d0, 0x1f6d2 }, { 0x1f6d5, 0x1f6d7 }, { 0x1f6dc, 0x1f6df }, { 0x1f6eb, 0x1f6ec },
        { 0x1f6f4, 0x1f6fc }, { 0x1f7e0, 0x1f7eb }, { 0x1f7f0, 0x1f7f0 }, { 0x1f90c, 0x1f93a },
        { 0x1f93c, 0x1f945 }, { 0x1f947, 0x1f9ff }, { 0x1fa70, 0x1fa7c }, { 0x1fa80, 0x1fa88 },
        { 0x1fa90, 0x1fabd }, { 0x1fabf, 0x1fac5 }, { 0x1face, 0x1fadb }, { 0x1fae0, 0x1fae8 },
        { 0x1faf0, 0x1faf8 }, { 0x20000, 0x2fffd }, { 0x30000, 0x3fffd },
};

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

static unsigned cp_width(uint32_t cp)
{
        if (in_table(cp, zero_width, N_ELEMS(zero_width)))
                return 0;
        if (in_table(cp, wide, N_ELEMS(wide)))
                return 2;
        return 1;
}

/* Format characters (Cf) that reorder or hide text: the Arabic letter mark,
 * zero-width space, LRM/RLM, line/paragraph separators, the bidi
 * embeddings/overrides and isolates, invisible operators, the BOM.  Used
 * to spoof what a terminal shows ("Trojan Source", CVE-2021-42574). */
bool escape_hides_text(uint32_t cp)
{
        return cp == 0x061c || cp == 0x200b || (cp >= 0x200e && cp <= 0x200f) ||
               (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x2064) ||
               (cp >= 0x2066 && cp <= 0x206f) || cp == 0xfeff;
}

/* One unit of escaped output: an escape, an entity, or one copied
 * character.  8 bytes hold the longest ("&quot;", "\u202e"). */
struct unit {
        char text[8];
        size_t n;        /* bytes in text */
        size_t width;    /* terminal columns */
};

static const char hexdigits[] = "0123456789abcdef";

static void unit_hex_byte(struct unit *u, unsigned char c)
{
        u->text[0] = '\\';
        u->text[1] = 'x';
        u->text[2] = hexdigits[c >> 4];
        u->text[3] = hexdigits[c & 0xf];
        u->n = u->width = 4;
}

static void unit_u16(struct unit *u, uint32_t cp)
{
        u->text[0] = '\\';
        u->text[1] = 'u';
        for (int i = 0; i < 4; i++)
                u->text[2 + i] = hexdigits[(cp >> (12 - 4 * i)) & 0xf];
        u->n = u->width = 6;
}

static void unit_str(struct unit *u, const char *s)
{
        u->n = u->width = strlen(s);
        memcpy(u->text, s, u->n);
}

static const char *html_entity(uint32_t cp)
{
        switch (cp) {
        case '&': return "&amp;";
        case '<': return "&lt;";
        case '>': return "&gt;";
        case '"': return "&quot;";
        case '\'': return "&#39;";
        default: return NULL;
        }
}

/* Escapes the unit at the start of S (LEN > 0) into *U; returns the number
 * of input bytes it consumed (>= 1). */
static size_t next_unit(const char *s, size_t len, bool html, struct unit *u)
{
        const char *entity;
        uint32_t cp;
        size_t n = utf8_decode(s, len, &cp);

        if (n == 0) {
                unit_hex_byte(u, (unsigned char)s[0]);
                return 1;
        }
        if (cp == '\n')
                unit_str(u, "\\n");
        else if (cp == '\t')
                unit_str(u, "\\t");
        else if (cp == '\r')
                unit_str(u, "\\r");
        else if (cp < 0x20 || cp == 0x7f)
                unit_hex_byte(u, (unsigned char)cp);
        else if ((cp >= 0x80 && cp <= 0x9f) || escape_hides_text(cp))
                unit_u16(u, cp);
        else if (html && (entity = html_entity(cp)))
                unit_str(u, entity);
        else {
                memcpy(u->text, s, n);
                u->n = n;
                u->width = cp_width(cp);
        }
        return n;
}

/* Longest expansion: one input byte becomes "&quot;" (6 bytes). */
#define MAX_EXPANSION 6

static int flush(FILE *out, const char *buf, size_t n)
{
        if (n == 0)
                return 0;
        errno = 0;
        if (fwrite(buf, 1, n, out) != n)
                return errno > 0 ? -errno : -EIO;
        return 0;
}

static int escape_stream(FILE *out, const char *s, size_t len, bool html)
{
        char chunk[512];
        size_t used = 0, total = 0;
        int r;

        if (len > (size_t)INT_MAX / MAX_EXPANSION)
                return -E2BIG;
        for (size_t i = 0; i < len;) {
                struct unit u;

                i += next_unit(s + i, len - i, html, &u);
                if (used + u.n > sizeof(chunk)) {
                        r = flush(out, chunk, used);
                        if (r < 0)
                                return r;
                        used = 0;
                }
                memcpy(chunk + used, u.text, u.n);
                used += u.n;
                total += u.n;
        }
        r = flush(out, chunk, used);
        if (r < 0)
                return r;
        return (int)total;
}

int escape_terminal(FILE *out, const char *s, size_t len)
{
        return escape_stream(out, s, len, false);
}

int escape_html(FILE *out, const char *s, size_t len)
{
        return escape_stream(out, s, len, true);
}

size_t escape_terminal_buf(char *buf, size_t size, const char *s, size_t len)
{
        size_t pos = 0, need = 0;
        bool full = size == 0;

        for (size_t i = 0; i < len;) {
                struct unit u;

                i += next_unit(s + i, len - i, false, &u);
                if (!full && pos + u.n < size) {
                        memcpy(buf + pos, u.text, u.n);
                        pos += u.n;
                } else
                        full = true;
                need += u.n;
        }
        if (size > 0)
                buf[pos] = '\0';
        return need;
}

size_t escape_display_width(const char *s, size_t len)
{
        size_t width = 0;

        for (size_t i = 0; i < len;) {
                struct unit u;

                i += next_unit(s + i, len - i, false, &u);
                width += u.width;
        }
        return width;
}

/* Whether escape_terminal() writes S unchanged. */
static bool shows_as_is(const char *s, size_t len)
{
        for (size_t i = 0; i < len;) {
                struct unit u;
                size_t n = next_unit(s + i, len - i, false, &u);

                if (u.n != n || memcmp(u.text, s + i, n) != 0)
                        return false;
                i += n;
        }
        return true;
}

static bool shell_plain(const char *s, size_t len)
{
        static const char safe[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789%+,-./:=@_";

        if (len == 0)
                return false;
        for (size_t i = 0; i < len; i++)
                if (!s[i] || !strchr(safe, s[i]))
                        return false;
        return true;
}

/* Appends N bytes of P to BUF (SIZE bytes) at *O, keeping room for the NUL. */
static bool put_bytes(char *buf, size_t size, size_t *o, const char *p, size_t n)
{
        if (*o + n >= size)
                return false;
        memcpy(buf + *o, p, n);
        *o += n;
        return true;
}

int shell_quote(char *buf, size_t size, const char *s, size_t len)
{
        size_t o = 0;
        bool plain = shell_plain(s, len), ok;

        if (size > 0)
                buf[0] = '\0';
        if (!shows_as_is(s, len))
                return -EINVAL;
        if (size > INT_MAX)
                size = INT_MAX;
        ok = plain || put_bytes(buf, size, &o, "'", 1);
        for (size_t i = 0; ok && i < len; i++)
                ok = s[i] == '\'' ? put_bytes(buf, size, &o, "'\\''", 4) : put_bytes(buf, size, &o, s + i, 1);
        if (ok && !plain)
                ok = put_bytes(buf, size, &o, "'", 1);
        if (!ok) {
                if (size > 0)
                        buf[0] = '\0';
                return -ENOSPC;
        }
        buf[o] = '\0';
        return (int)o;
}

/* S escaped for the terminal in a new string (*RET_N bytes, NUL-terminated);
 * NULL when out of memory. */
static char *terminal_copy(const char *s, size_t len, size_t *ret_n)
{
        size_t need = escape_terminal_buf(NULL, 0, s, len);
        char *t = malloc(need + 1);

        if (t)
                escape_terminal_buf(t, need + 1, s, len);
        *ret_n = need;
        return t;
}

static bool ascii_alnum(char c)
{
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* The Markdown for byte I of T (N bytes, escaped for the terminal), in
 * TMP when it is the byte itself or a backslash escape. */
static const char *md_piece(const char *t, size_t n, size_t i, char tmp[3])
{
        char c = t[i];

        switch (c) {
        case '&': return "&amp;";
        case '<': return "&lt;";
        case '>': return "&gt;";
        default: break;
        }
        bool www_dot = c == '.' && i >= 3 && strncasecmp(t + i - 3, "www", 3) == 0;
        bool url_colon = c == ':' && i + 2 < n && t[i + 1] == '/' && t[i + 2] == '/';
        if (c == '@' && i > 0 && (ascii_alnum(t[i - 1]) || strchr(".+-_", t[i - 1])) && i + 1 < n &&
            (ascii_alnum(t[i + 1]) || t[i + 1] == '-' || t[i + 1] == '_'))
                return "@<!-- -->";
        tmp[0] = '\\';
        tmp[1] = c;
        tmp[2] = '\0';
        return www_dot || url_colon || strchr("\\`*_[]|#~$", c) ? tmp : tmp + 1;
}

static int put_all(FILE *out, const char *p, size_t n, size_t *total)
{
        int r = flush(out, p, n);

        *total += n;
        return r;
}

int escape_markdown(FILE *out, const char *s, size_t len)
{
        size_t n, total = 0;
        char *t = terminal_copy(s, len, &n), tmp[3];
        int r = t ? 0 : -ENOMEM;

        for (size_t i = 0; r == 0 && i < n; i++) {
                const char *piece = md_piece(t, n, i, tmp);
                r = put_all(out, piece, strlen(piece), &total);
        }
        free(t);
        if (r == 0 && total > INT_MAX)
                r = -E2BIG;
        return r < 0 ? r : (int)total;
}

static int put_repeat(FILE *out, char c, size_t count, size_t *total)
{
        int r = 0;

        for (size_t k = 0; r == 0 && k < count; k++)
                r = put_all(out, &c, 1, total);
        return r;
}

static bool space_or_tick(char c)
{
        return c == ' ' || c == '`';
}

int escape_markdown_code(FILE *out, const char *s, size_t len)
{
        size_t n, total = 0, run = 0, longest = 0;
        char *t = terminal_copy(s, len, &n);
        int r = 0;

        if (!t)
                return -ENOMEM;
        for (size_t i = 0; i < n; i++) {
                run = t[i] == '`' ? run + 1 : 0;
                longest = run > longest ? run : longest;
        }
        /* CommonMark strips one space at each end when both ends have one
         * (and the span is not all spaces): pad both, or neither */
        bool pad = n > 0 && strspn(t, " ") < n && (space_or_tick(t[0]) || space_or_tick(t[n - 1]));
        if (n > 0) {
                r = put_repeat(out, '`', longest + 1, &total);
                if (r == 0)
                        r = put_repeat(out, ' ', pad, &total);
                if (r == 0)
                        r = put_all(out, t, n, &total);
                if (r == 0)
                        r = put_repeat(out, ' ', pad, &total);
                if (r == 0)
                        r = put_repeat(out, '`', longest + 1, &total);
        }
        free(t);
        if (r == 0 && total > INT_MAX)
                r = -E2BIG;
        return r < 0 ? r : (int)total;
}
