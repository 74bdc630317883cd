/* escape.h — UTF-8 validation and escaping of hostile log strings (comm,
 * cgroup paths, host names, file names) for terminals, HTML, Markdown and
 * POSIX shell command lines, plus their display width for table alignment.
 *
 * Kernel strings are raw bytes: comm is whatever a process wrote to
 * /proc/self/comm (any byte but NUL, 15 bytes max), cgroup paths are names
 * chosen by container runtimes.  Nothing here depends on the process locale.
 *
 * What the terminal/HTML escaping does, per decoded unit of input:
 *   - C0 controls (0x00-0x1f): \n \t \r as such, the rest as \xNN
 *     (so ESC of "\x1b[31m" shows as the four characters \x1b);
 *   - DEL (0x7f): \x7f;
 *   - C1 controls encoded as valid UTF-8 (U+0080-U+009F): \u00NN;
 *   - Unicode format characters that hide or reorder text (U+061C,
 *     U+200B, U+200E-U+200F, U+2028-U+202E, U+2060-U+2064, U+2066-U+206F,
 *     U+FEFF): \uNNNN;
 *   - every byte that does not start a valid UTF-8 sequence (bad lead
 *     byte, stray continuation byte such as a raw C1 byte 0x80-0x9f,
 *     truncated sequence, overlong form, surrogate, > U+10FFFF): \xNN,
 *     then decoding resumes at the next byte;
 *   - everything else, including all printable non-ASCII UTF-8, is copied.
 * A backslash is copied as is: systemd unit names in cgroup paths carry
 * literal "\x2d" escapes that users copy into systemctl.  The escaping is
 * therefore meant to make output safe, not reversible.
 * HTML escaping additionally writes & < > " ' as &amp; &lt; &gt; &quot; &#39;,
 * which makes it safe in text and in quoted attribute values.
 *
 * Markdown (CommonMark with GitHub's extensions: tables, strikethrough,
 * extended autolinks; and GitHub's $math$) is escaped after the terminal
 * escaping, so that the text renders as escape_terminal() would show it:
 *   - & < > as &amp; &lt; &gt; (so "&rlm;" stays those five characters
 *     and does not become U+200F past the bidi escaping);
 *   - \ ` * _ [ ] | # ~ $ with a backslash (no emphasis, code, link,
 *     image, table cell, heading, strikethrough or math starts; a
 *     newline is already the two characters \n);
 *   - autolinks broken where GFM would make them (spec 0.29, the
 *     autolink extension): the "." after "www" and the ":" before "//"
 *     backslash-escaped ("www\.evil.com", "https\://x": GFM finds
 *     www. and scheme:// in the source, where these are no longer
 *     there, and renders the escapes as the bare characters); an "@"
 *     between e-mail characters is followed by an empty HTML comment
 *     ("a@<!-- -->b.com"), because GFM finds e-mail addresses in the
 *     text after escapes are resolved, and only a non-text node stops
 *     it: renderers drop the comment, raw Markdown shows it.
 * A code span holds the terminal escaping of the text between fences one
 * backquote longer than its longest run of backquotes, padded with a
 * space on both sides when it starts or ends with a backquote or a space
 * (CommonMark strips one from each end).  Code spans are not for table
 * cells: GFM splits a cell at | even inside one.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <stddef.h>

/* Decodes the UTF-8 sequence at the start of S (LEN bytes available).
 * Returns its length (1-4) and stores the code point in *ret_cp (when
 * ret_cp is not NULL), or returns 0 and leaves *ret_cp untouched when S is
 * empty or does not start with a complete, shortest-form encoding of a
 * Unicode scalar value (RFC 3629: no overlongs, no surrogates D800-DFFF,
 * nothing above U+10FFFF). */
size_t utf8_decode(const char *s, size_t len, uint32_t *ret_cp);

/* Whether code point CP is one of the format characters above that hide or
 * reorder text (the bidi controls, U+2028/U+2029, zero-width ones). */
bool escape_hides_text(uint32_t cp);

/* Length in bytes of the longest prefix of S that is valid UTF-8; LEN when
 * the whole string is valid.  A truncated sequence at the end is not part
 * of the prefix. */
size_t utf8_valid_prefix(const char *s, size_t len);

/* Writes S to OUT escaped for a terminal (see above).  Returns the number
 * of bytes written, or -errno on a write error (-EIO when errno says
 * nothing), -E2BIG when LEN could expand beyond INT_MAX. */
int escape_terminal(FILE *out, const char *s, size_t len);

/* escape_terminal() of a NUL-terminated string, for the outputs' one-liners. */
static inline void put_escaped(FILE *out, const char *s) { escape_terminal(out, s, strlen(s)); }

/* Same escaping into BUF.  Writes at most SIZE bytes including the
 * terminating NUL (always written when SIZE > 0); on truncation stops
 * before the first escape or UTF-8 character that does not fit whole.
 * Returns the length the full escaped string needs, without the NUL, like
 * snprintf: the output was truncated iff the return value >= SIZE. */
size_t escape_terminal_buf(char *buf, size_t size, const char *s, size_t len);

/* Writes S to OUT escaped for HTML text or a quoted attribute value (see
 * above).  Returns bytes written or -errno, like escape_terminal(). */
int escape_html(FILE *out, const char *s, size_t len);

/* Writes S to OUT as Markdown text (see above).  Returns bytes written or
 * -errno, like escape_terminal(); -ENOMEM when out of memory. */
int escape_markdown(FILE *out, const char *s, size_t len);

/* Writes S to OUT as one Markdown code span (see above); nothing for an
 * empty S.  Returns bytes written or -errno, like escape_markdown(). */
int escape_markdown_code(FILE *out, const char *s, size_t len);

/* Terminal columns the output of escape_terminal() for S occupies: escapes
 * and ASCII are one column per byte, East Asian Wide and Fullwidth
 * characters (CJK, Hangul, kana, fullwidth forms, most emoji) two,
 * combining marks, variation selectors and ZWJ/ZWNJ zero; from a
 * built-in table, independent of the locale. */
size_t escape_display_width(const char *s, size_t len);

/* S (LEN bytes) as one argument word of a POSIX sh command line that a
 * user may paste: copied when it is not empty and holds only characters
 * no shell treats specially (letters, digits and % + , - . / : = @ _),
 * else in single quotes with each ' written as '\'' (nothing is special
 * inside single quotes, so "$(...)", `...`, ; | & spaces stay literal).
 * A word that would not show as what it is (one that escape_terminal()
 * changes: control characters such as a newline, invalid UTF-8, bidi and
 * invisible format characters) cannot be pasted as shown and is refused:
 * -EINVAL, and the caller prints a note instead of the command.  -ENOSPC
 * when the word and its NUL do not fit in SIZE bytes.  Returns the word's
 * length; on error BUF holds "" (when SIZE > 0).  A word starting with "-"
 * is still an option to most commands: pass paths as "./-x" or after
 * "--". */
int shell_quote(char *buf, size_t size, const char *s, size_t len);
