/* json_writer.h — a streaming JSON writer to a FILE*: no document tree,
 * output is written as calls are made.
 *
 * The writer places commas, colons and (in pretty mode) newlines and
 * 2-space indentation.  Each completed top-level value is followed by
 * "\n", so several top-level values form JSON Lines.  Output looks like
 *   compact: {"a":1,"b":[true,null],"c":{}}
 *   pretty:  {
 *              "a": 1,
 *              "b": [
 *                true,
 *                null
 *              ],
 *              "c": {}
 *            }
 * Misuse (a value in an object without json_key(), a key outside an
 * object, mismatched end, nesting deeper than JSON_WRITER_MAX_DEPTH) is a
 * programming error: it asserts; with NDEBUG the writer stops writing and
 * json_writer_error() returns -EINVAL.
 *
 * Strings are raw bytes (kernel log data, file names: hostile) and always
 * come out as valid UTF-8 JSON from which the bytes can be recovered.  The
 * value a JSON parser returns is the input in the text output's notation
 * for bad bytes (escape.h), made unambiguous:
 *   - every byte that does not start a valid UTF-8 sequence (utf8_decode()
 *     in escape.h: bad lead or stray continuation byte, truncated sequence,
 *     overlong form, surrogate, > U+10FFFF) becomes the four characters
 *     \xNN, lowercase hex (JSON text "\\xNN"), as the text output shows it;
 *   - a backslash becomes two (JSON text "\\\\"), so that a \ in the value
 *     is always followed by \ or by xNN;
 *   - everything else is itself: valid UTF-8 is copied, " is escaped, the
 *     control characters become \n \t \r \b \f or \u00XX, DEL \u007f, the
 *     C1 controls U+0080-U+009F and the characters that hide or reorder
 *     text (escape_hides_text(): bidi controls, zero-width ones, U+2028/
 *     U+2029) \uXXXX (JSON escapes a parser turns back into the same
 *     characters; the JSON is safe to cat to a terminal and to embed in
 *     JavaScript).
 * The original bytes are the value with, left to right, each \\ turned into
 * one backslash and each \xNN into byte NN.  So "\xff" and "\xfe" differ, a
 * literal "\xff" in the input reads "\\xff", and a name and a sentence
 * quoting it (the headline) show the same text.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "escape.h" /* utf8_decode(), utf8_valid_prefix() */

#define JSON_WRITER_MAX_DEPTH 32

struct json_writer;

/* Returns a writer to OUT (borrowed: not closed by json_writer_free()),
 * or NULL with errno set when out of memory. */
struct json_writer *json_writer_new(FILE *out, bool pretty);
/* NULL-safe.  Does not flush or close the stream. */
void json_writer_free(struct json_writer *w);

void json_begin_object(struct json_writer *w);
void json_end_object(struct json_writer *w);
void json_begin_array(struct json_writer *w);
void json_end_array(struct json_writer *w);

/* Names the next value written inside the current object. */
void json_key(struct json_writer *w, const char *key);

/* NUL-terminated string; NULL writes null. */
void json_string(struct json_writer *w, const char *s);
/* LEN raw bytes (may contain NUL, invalid UTF-8); NULL writes null. */
void json_string_len(struct json_writer *w, const char *s, size_t len);
/* INT64_MIN (OOM_UNSET, "the log does not say") writes null. */
void json_int(struct json_writer *w, int64_t v);
/* V rounded to DECIMALS (clamped to 0-17) fractional digits as printf
 * rounds the exact binary value (2.5 with 0 decimals is "2", 0.1 with 17
 * is "0.10000000000000001": ask for the precision the data has), trailing
 * zeros trimmed but one kept ("2.0", "0.1", "63.25"; DECIMALS 0 gives
 * "2"), "." as the decimal point whatever LC_NUMERIC says, never "-0".
 * NaN and infinities write null. */
void json_double(struct json_writer *w, double v, int decimals);
void json_bool(struct json_writer *w, bool v);
void json_null(struct json_writer *w);

/* json_key() followed by the value. */
void json_kv_string(struct json_writer *w, const char *key, const char *s);
void json_kv_string_len(struct json_writer *w, const char *key, const char *s, size_t len);
void json_kv_int(struct json_writer *w, const char *key, int64_t v);
void json_kv_double(struct json_writer *w, const char *key, double v, int decimals);
void json_kv_bool(struct json_writer *w, const char *key, bool v);
void json_kv_null(struct json_writer *w, const char *key);

/* Output is buffered in the writer and written when a top-level value is
 * complete, when the buffer fills, and by json_writer_free(): check this
 * after the document is finished.
 * 0, or the -errno of the first failed write (-EIO when errno said
 * nothing), or -EINVAL after misuse in an NDEBUG build.  After an error
 * the writer writes nothing more. */
int json_writer_error(const struct json_writer *w);
