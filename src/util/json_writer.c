/* json_writer.c — streaming JSON output: structure (commas, nesting,
 * indentation), string sanitising and locale-independent numbers.  The
 * output contract is in json_writer.h.
 */
#include "json_writer.h"

#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct frame {
        bool is_object;
        bool has_items;
};

struct json_writer {
        FILE *out;
        bool pretty;
        bool have_key;          /* json_key() done, its value comes next */
        int error;
        size_t depth;
        struct frame stack[JSON_WRITER_MAX_DEPTH];
        /* Output is gathered here and written in large blocks: one stdio
         * call per token made a report with big task tables output-bound. */
        size_t used;
        char buf[64 * 1024];
};

struct json_writer *json_writer_new(FILE *out, bool pretty)
{
        struct json_writer *w;

        if (!out) {
                errno = EINVAL;
                return NULL;
        }
        w = calloc(1, sizeof(*w));
        if (!w)
                return NULL;
        w->out = out;
        w->pretty = pretty;
        return w;
}

static void flush(struct json_writer *w)
{
        if (w->used == 0)
                return;
        if (w->error == 0) {
                errno = 0;
                if (fwrite(w->buf, 1, w->used, w->out) != w->used)
                        w->error = errno > 0 ? -errno : -EIO;
        }
        w->used = 0;
}

void json_writer_free(struct json_writer *w)
{
        if (w)
                flush(w);
        free(w);
}

int json_writer_error(const struct json_writer *w)
{
        return w->error;
}

/* Records misuse when !OK; the caller asserts first so debug builds stop
 * at the faulty call. */
static bool usage_ok(struct json_writer *w, bool ok)
{
        if (!ok && w->error == 0)
                w->error = -EINVAL;
        return ok;
}

static void put(struct json_writer *w, const char *s, size_t n)
{
        if (w->error != 0 || n == 0)
                return;
        if (n > sizeof(w->buf) - w->used) {
                flush(w);
                if (n > sizeof(w->buf)) {
                        errno = 0;
                        if (fwrite(s, 1, n, w->out) != n)
                                w->error = errno > 0 ? -errno : -EIO;
                        return;
                }
        }
        /* most pieces are a few bytes: a loop beats a libc call here */
        char *d = w->buf + w->used;
        if (n <= 16) {
                for (size_t i = 0; i < n; i++)
                        d[i] = s[i];
        } else {
                memcpy(d, s, n);
        }
        w->used += n;
}

static void newline_indent(struct json_writer *w, size_t depth)
{
        static const char spaces[] = "                                ";

        if (!w->pretty)
                return;
        put(w, "\n", 1);
        for (size_t n = 2 * depth; n > 0;) {
                size_t k = n < sizeof(spaces) - 1 ? n : sizeof(spaces) - 1;
                put(w, spaces, k);
                n -= k;
        }
}

/* Places the separator before a value; false when nothing may be written. */
static bool begin_value(struct json_writer *w)
{
        struct frame *f;

        if (w->error != 0)
                return false;
        if (w->depth == 0)
                return true;
        f = &w->stack[w->depth - 1];
        if (f->is_object) {
                assert(w->have_key);
                if (!usage_ok(w, w->have_key))
                        return false;
                w->have_key = false;
                return true;
        }
        if (f->has_items)
                put(w, ",", 1);
        newline_indent(w, w->depth);
        f->has_items = true;
        return w->error == 0;
}

/* A completed top-level value ends its line (JSON Lines when repeated). */
static void end_value(struct json_writer *w)
{
        if (w->depth == 0) {
                put(w, "\n", 1);
                flush(w); /* a finished document reaches the stream (and its errors the caller) */
        }
}

static const char hexdigits[] = "0123456789abcdef";

static void put_u_escape(struct json_writer *w, uint32_t cp)
{
        char e[6] = { '\\', 'u' };

        for (int i = 0; i < 4; i++)
                e[2 + i] = hexdigits[(cp >> (12 - 4 * i)) & 0xf];
        put(w, e, sizeof(e));
}

/* A byte that is not UTF-8 as the four characters \xNN: "\\xNN" in JSON. */
static void put_byte_escape(struct json_writer *w, unsigned char c)
{
        char e[5] = { '\\', '\\', 'x', hexdigits[c >> 4], hexdigits[c & 0xf] };

        put(w, e, sizeof(e));
}

static void put_ascii_escape(struct json_writer *w, unsigned char c)
{
        switch (c) {
        case '"': put(w, "\\\"", 2); break;
        case '\\': put(w, "\\\\\\\\", 4); break;   /* the notation's \\ (json_writer.h) */
        case '\b': put(w, "\\b", 2); break;
        case '\f': put(w, "\\f", 2); break;
        case '\n': put(w, "\\n", 2); break;
        case '\r': put(w, "\\r", 2); break;
        case '\t': put(w, "\\t", 2); break;
        default: put_u_escape(w, c); break;
        }
}

/* Copies runs of bytes that need no escaping in one write. */
static void put_string(struct json_writer *w, const char *s, size_t len)
{
        size_t run = 0, i = 0;

        put(w, "\"", 1);
        while (i < len) {
                unsigned char c = (unsigned char)s[i];
                uint32_t cp = 0;
                size_t n;

                if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                        i++;
                        continue;
                }
                n = c < 0x80 ? 1 : utf8_decode(s + i, len - i, &cp);
                if (n > 1 && !(cp <= 0x9f || escape_hides_text(cp))) {
                        i += n;
                        continue;
                }
                put(w, s + run, i - run);
                if (n == 0) {
                        put_byte_escape(w, c);
                        n = 1;
                } else if (n == 1)
                        put_ascii_escape(w, c);
                else
                        put_u_escape(w, cp);        /* C1 control, bidi, U+2028/9 */
                i += n;
                run = i;
        }
        put(w, s + run, i - run);
        put(w, "\"", 1);
}

static void begin_container(struct json_writer *w, bool is_object)
{
        if (!begin_value(w))
                return;
        assert(w->depth < JSON_WRITER_MAX_DEPTH);
        if (!usage_ok(w, w->depth < JSON_WRITER_MAX_DEPTH))
                return;
        put(w, is_object ? "{" : "[", 1);
        w->stack[w->depth++] = (struct frame){ .is_object = is_object };
}

static void end_container(struct json_writer *w, bool is_object)
{
        bool ok;

        if (w->error != 0)
                return;
        ok = w->depth > 0 && w->stack[w->depth - 1].is_object == is_object && !w->have_key;
        assert(ok);
        if (!usage_ok(w, ok))
                return;
        w->depth--;
        if (w->stack[w->depth].has_items)
                newline_indent(w, w->depth);
        put(w, is_object ? "}" : "]", 1);
        end_value(w);
}

void json_begin_object(struct json_writer *w)
{
        begin_container(w, true);
}

void json_end_object(struct json_writer *w)
{
        end_container(w, true);
}

void json_begin_array(struct json_writer *w)
{
        begin_container(w, false);
}

void json_end_array(struct json_writer *w)
{
        end_container(w, false);
}

void json_key(struct json_writer *w, const char *key)
{
        struct frame *f;
        bool ok;

        if (w->error != 0)
                return;
        ok = key && w->depth > 0 && w->stack[w->depth - 1].is_object && !w->have_key;
        assert(ok);
        if (!usage_ok(w, ok))
                return;
        f = &w->stack[w->depth - 1];
        if (f->has_items)
                put(w, ",", 1);
        newline_indent(w, w->depth);
        put_string(w, key, strlen(key));
        put(w, w->pretty ? ": " : ":", w->pretty ? 2 : 1);
        f->has_items = true;
        w->have_key = true;
}

static void put_scalar_len(struct json_writer *w, const char *text, size_t len)
{
        if (!begin_value(w))
                return;
        put(w, text, len);
        end_value(w);
}

static void put_scalar(struct json_writer *w, const char *text)
{
        put_scalar_len(w, text, strlen(text));
}

void json_null(struct json_writer *w)
{
        put_scalar_len(w, "null", 4);
}

void json_bool(struct json_writer *w, bool v)
{
        put_scalar(w, v ? "true" : "false");
}

void json_string_len(struct json_writer *w, const char *s, size_t len)
{
        if (!s) {
                json_null(w);
                return;
        }
        if (!begin_value(w))
                return;
        put_string(w, s, len);
        end_value(w);
}

void json_string(struct json_writer *w, const char *s)
{
        json_string_len(w, s, s ? strlen(s) : 0);
}

void json_int(struct json_writer *w, int64_t v)
{
        char buf[24]; /* "-9223372036854775807" is 20 bytes */

        if (v == INT64_MIN) {
                json_null(w);
                return;
        }
        /* by hand: snprintf dominated the output of big task tables */
        char *end = buf + sizeof(buf) - 1, *q = end;
        uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
        *q = '\0';
        do {
                *--q = (char)('0' + u % 10);
                u /= 10;
        } while (u);
        if (v < 0)
                *--q = '-';
        put_scalar_len(w, q, (size_t)(end - q));
}

/* Rebuilds printf's "%.*f" output with '.' as the decimal point: under
 * LC_NUMERIC=de_DE it is ",", in some locales a multibyte character
 * (ps_AF: U+066B), so whatever separates the digit runs is replaced.
 * Trims trailing fractional zeros down to one and drops the sign of a
 * value that rounds to zero.  RAW holds at most 309 integer digits
 * (DBL_MAX), 17 decimals, a sign and a radix, OUT at least as much. */
static void normalize_fixed(const char *raw, int decimals, char *out)
{
        const char *p = raw, *frac;
        size_t n_int, n_frac;
        bool neg = *p == '-', nonzero = false;
        char *o = out;

        if (neg)
                p++;
        n_int = strspn(p, "0123456789");
        frac = p + n_int;
        if (decimals > 0)
                frac += strcspn(frac, "0123456789");
        n_frac = strspn(frac, "0123456789");
        while (n_frac > 1 && frac[n_frac - 1] == '0')
                n_frac--;
        for (size_t i = 0; i < n_int; i++)
                nonzero |= p[i] != '0';
        for (size_t i = 0; i < n_frac; i++)
                nonzero |= frac[i] != '0';
        if (neg && nonzero)
                *o++ = '-';
        memcpy(o, p, n_int);
        o += n_int;
        if (decimals > 0 && n_frac > 0) {
                *o++ = '.';
                memcpy(o, frac, n_frac);
                o += n_frac;
        }
        *o = '\0';
}

void json_double(struct json_writer *w, double v, int decimals)
{
        char raw[400], out[400];

        if (!isfinite(v)) {
                json_null(w);
                return;
        }
        if (decimals < 0)
                decimals = 0;
        if (decimals > 17)
                decimals = 17;
        snprintf(raw, sizeof(raw), "%.*f", decimals, v);
        normalize_fixed(raw, decimals, out);
        put_scalar(w, out);
}

void json_kv_string(struct json_writer *w, const char *key, const char *s)
{
        json_key(w, key);
        json_string(w, s);
}

void json_kv_string_len(struct json_writer *w, const char *key, const char *s, size_t len)
{
        json_key(w, key);
        json_string_len(w, s, len);
}

void json_kv_int(struct json_writer *w, const char *key, int64_t v)
{
        json_key(w, key);
        json_int(w, v);
}

void json_kv_double(struct json_writer *w, const char *key, double v, int decimals)
{
        json_key(w, key);
        json_double(w, v, decimals);
}

void json_kv_bool(struct json_writer *w, const char *key, bool v)
{
        json_key(w, key);
        json_bool(w, v);
}

void json_kv_null(struct json_writer *w, const char *key)
{
        json_key(w, key);
        json_null(w);
}
