/* log_splitter.c — takes the container apart around each kernel log line
 * (see log_line.h for the formats).  Pure: no I/O, no locale-dependent
 * libc, no allocation after log_splitter_new(); every length is bounded.
 *
 * State carried between raw lines:
 *  - the metadata of the last prefixed line, for prefix-less indented
 *    continuation lines (dmesg, dmesg -T and journalctl short print the
 *    2nd+ lines of a multi-line record under the message column);
 *  - a pending /dev/kmsg record, because wrapped continuations (" ifice
 *    child"), dictionary lines (" SUBSYSTEM=pci") and, in NUL-separated
 *    dumps, raw newlines belong to it;
 *  - a journalctl -o export entry, emitted at its blank line.
 */
#include "log_line.h"
#include "log_time.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Only the first 64 KiB of an input line are looked at: the kernel caps a
 * record at 1 KiB (PRINTKRB_RECORD_MAX, 5.10+), so anything longer is not
 * one kernel line, and a journal JSON line that long still has MESSAGE
 * (about 1 KiB) well inside. */
#define RAW_LINE_MAX (64 * 1024)
/* A kmsg record or journal MESSAGE kept for later emission: 8 × the
 * kernel's record limit, room for userspace writers of /dev/kmsg. */
#define RECORD_MAX (8 * 1024)
/* A binary export field claiming more than this is taken as corrupt
 * (journald refuses entries above 768 MiB, but no kernel message is near). */
#define BINARY_FIELD_MAX (1u << 20)
/* Small journal field values (hostname, numbers, identifiers). */
#define FIELD_MAX 128

enum tri { TRI_UNKNOWN, TRI_NO, TRI_YES };

/* The fields of one journal entry (JSON line or export block) we use. */
struct journal_entry {
        const char *msg;
        size_t msg_len;
        bool has_msg;
        bool msg_trunc;
        char host[LOG_HOST_MAX];
        int prio;
        bool has_real, has_src_mono, has_mono;
        int64_t real_us, src_mono_us, mono_us;
        enum tri transport_kernel;
        enum tri ident_kernel;
};

struct log_splitter {
        int64_t reference_s;
        bool line_trunc; /* the raw line being fed was cut at RAW_LINE_MAX */

        /* the previous emitted line, for continuation lines */
        struct log_line prev;
        bool prev_prefixed; /* it had a time or host prefix */
        bool prev_raw_pri;  /* it was "<N>[…] text": raw newlines follow bare */

        /* a /dev/kmsg record waiting for its wrapped/dictionary lines */
        bool kmsg_pending;
        bool kmsg_nul_mode; /* records are NUL-separated (util-linux dumps) */
        bool kmsg_trunc;
        struct log_line kmsg_meta;
        size_t kmsg_len;

        /* a journalctl -o export entry being read */
        bool exp_active;
        struct journal_entry exp;
        size_t exp_msg_len;
        bool bin_active; /* inside a binary field: NAME\n<le64 len><bytes>\n */
        bool bin_is_msg;
        unsigned char bin_hdr[8];
        uint64_t bin_len;
        uint64_t bin_have; /* bytes of header + payload collected */

        char kmsg_buf[RECORD_MAX];
        char exp_msg[RECORD_MAX];
        char work[RAW_LINE_MAX]; /* unescaped text of the current line */
};

/* ---- small helpers ---- */

static bool is_digit(char c)
{
        return c >= '0' && c <= '9';
}

static bool is_lower(char c)
{
        return c >= 'a' && c <= 'z';
}

static bool is_blank(char c)
{
        return c == ' ' || c == '\t';
}

static int hex_value(char c)
{
        if (c >= '0' && c <= '9')
                return c - '0';
        if (c >= 'a' && c <= 'f')
                return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
                return c - 'A' + 10;
        return -1;
}

static bool has_prefix(const char *p, size_t n, const char *lit)
{
        size_t l = strlen(lit);

        return n >= l && memcmp(p, lit, l) == 0;
}

static bool equals(const char *p, size_t n, const char *lit)
{
        return n == strlen(lit) && memcmp(p, lit, n) == 0;
}

/* Unsigned decimal of at most 18 digits, the whole of P. */
static bool parse_u63(const char *p, size_t n, int64_t *ret)
{
        int64_t v = 0;

        if (n == 0 || n > 18)
                return false;
        for (size_t i = 0; i < n; i++) {
                if (!is_digit(p[i]))
                        return false;
                v = v * 10 + (p[i] - '0');
        }
        *ret = v;
        return true;
}

static void meta_init(struct log_line *l)
{
        memset(l, 0, sizeof(*l));
        l->level = -1;
        l->from_kernel = true;
        l->format = LOG_FMT_TEXT;
}

static void set_host(char host[LOG_HOST_MAX], const char *p, size_t n)
{
        if (n >= LOG_HOST_MAX)
                n = LOG_HOST_MAX - 1;
        memcpy(host, p, n);
        host[n] = '\0';
}

static void emit(const struct log_line *meta, const char *text, size_t len, bool cont, bool trunc,
                 log_line_cb cb, void *userdata)
{
        struct log_line l = *meta;

        l.text = text;
        l.text_len = len;
        l.continuation = meta->continuation || cont;
        l.truncated = meta->truncated || trunc;
        cb(&l, userdata);
}

/* Emits TEXT split at '\n'; the 2nd+ pieces are continuations.  A final
 * '\n' ends the text rather than starting an empty line. */
static void emit_lines(const struct log_line *meta, const char *text, size_t len, bool trunc,
                       log_line_cb cb, void *userdata)
{
        size_t start = 0;
        bool cont = false;

        if (len > 0 && text[len - 1] == '\n')
                len--;
        for (;;) {
                const char *nl = memchr(text + start, '\n', len - start);
                size_t end = nl ? (size_t)(nl - text) : len;

                emit(meta, text + start, end - start, cont, trunc && !nl, cb, userdata);
                if (!nl)
                        break;
                start = end + 1;
                cont = true;
        }
}

/* A kernel record (a /dev/kmsg record, a journal MESSAGE, an rsyslog line
 * with #012) holds a newline either between the lines of one printk call
 * (show_free_areas()' " active_file:…" lines, the memory.stat dump of 5.x
 * memcg reports) or inside a name: a comm is whatever a process wrote to
 * /proc/self/comm, a cgroup name whatever a runtime chose.  The report
 * lines that carry a name are single-line printks, so a record that reads
 * as one of them is kept whole, its newline a byte of the name; any other
 * record is split at its newlines. */
static bool record_names_task(const char *p, size_t n)
{
        static const char *const marks[] = {
                " invoked oom-killer: ", "Killed process ", "Kill process ", "oom-kill:constraint=",
                "reaped process ", " Comm: ", " cpuset=", "Task in ", "Memory cgroup stats for ",
                "Tasks in ",
        };
        size_t i = 1;

        for (size_t k = 0; k < sizeof(marks) / sizeof(marks[0]); k++)
                if (memmem(p, n, marks[k], strlen(marks[k])))
                        return true;
        /* a task table row: "[  1234]" and the name last */
        if (n < 3 || p[0] != '[')
                return false;
        while (i < n && p[i] == ' ')
                i++;
        if (i >= n || !is_digit(p[i]))
                return false;
        while (i < n && is_digit(p[i]))
                i++;
        return i < n && p[i] == ']';
}

/* One kernel record: whole when its newlines are bytes of a name (see
 * above), else split into lines by emit_lines(). */
static void emit_record(const struct log_line *meta, const char *text, size_t len, bool trunc, log_line_cb cb,
                        void *userdata)
{
        if (len > 0 && text[len - 1] == '\n')
                len--;
        if (memchr(text, '\n', len) && record_names_task(text, len))
                emit(meta, text, len, false, trunc, cb, userdata);
        else
                emit_lines(meta, text, len, trunc, cb, userdata);
}

/* ---- names: syslog/dmesg facilities and levels ---- */

static int level_from_name(const char *p, size_t n)
{
        static const struct {
                const char *name;
                int level;
        } names[] = {
                { "emerg", 0 }, { "panic", 0 },   { "alert", 1 },  { "crit", 2 },   { "err", 3 },
                { "error", 3 }, { "warning", 4 }, { "warn", 4 },   { "notice", 5 }, { "info", 6 },
                { "debug", 7 },
        };

        for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
                if (equals(p, n, names[i].name))
                        return names[i].level;
        return -1;
}

static bool is_facility_name(const char *p, size_t n)
{
        static const char *const names[] = {
                "kern", "user",   "mail",   "daemon", "auth",   "syslog", "lpr",    "news",
                "uucp", "cron",   "authpriv", "ftp",  "ntp",    "audit",  "alert",  "clock",
                "res0", "res1",   "res2",   "res3",   "local0", "local1", "local2", "local3",
                "local4", "local5", "local6", "local7", "security", "console", "solaris-cron",
        };

        for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
                if (equals(p, n, names[i]))
                        return true;
        return false;
}

/* "fac.level" (rsyslog %syslogfacility-text%.%syslogseverity-text%, as in
 * the OOMAnalyser example "<kern.warning>", or busybox syslogd -S). */
static bool parse_fac_level(const char *p, size_t n, struct log_line *meta)
{
        const char *dot = memchr(p, '.', n);
        size_t fl;
        int level;

        if (!dot)
                return false;
        fl = (size_t)(dot - p);
        if (!is_facility_name(p, fl))
                return false;
        level = level_from_name(dot + 1, n - fl - 1);
        if (level < 0)
                return false;
        meta->level = level;
        if (!equals(p, fl, "kern"))
                meta->from_kernel = false;
        return true;
}

/* ---- bracketed prefixes ---- */

/* "[  123.456789]" (or a delta "[  +0.000123]").  Returns the bytes of the
 * bracket, 0 if P does not start with one. */
static size_t parse_mono_bracket(const char *p, size_t n, bool *ret_has, int64_t *ret_us)
{
        size_t i = 1, c;
        bool delta = false;
        int64_t us = 0;

        if (n < 4 || p[0] != '[')
                return 0;
        while (i < n && i < 16 && p[i] == ' ')
                i++;
        if (i < n && (p[i] == '+' || p[i] == '-')) {
                delta = true;
                i++;
        }
        c = log_time_parse_mono(p + i, n - i, &us);
        if (c == 0 || i + c >= n || p[i + c] != ']')
                return 0;
        *ret_has = !delta;
        *ret_us = us;
        return i + c + 1;
}

/* Printk caller id "[ T1234]" / "[    C3]" (CONFIG_PRINTK_CALLER, 4.19+)
 * and one following space.  Returns the bytes to strip, 0 if none. */
static size_t caller_id_len(const char *p, size_t n)
{
        size_t i = 1, d = 0;

        if (n < 4 || p[0] != '[')
                return 0;
        while (i < n && i < 12 && p[i] == ' ')
                i++;
        if (i >= n || (p[i] != 'T' && p[i] != 'C'))
                return 0;
        i++;
        while (i < n && d < 10 && is_digit(p[i])) {
                i++;
                d++;
        }
        if (d == 0 || i >= n || p[i] != ']')
                return 0;
        i++;
        if (i < n && p[i] == ' ')
                i++;
        return i;
}

/* Strips the one space after a prefix, then a caller id. */
static size_t skip_after_prefix(const char *p, size_t n, size_t i)
{
        if (i < n && p[i] == ' ')
                i++;
        return i + caller_id_len(p + i, n - i);
}

/* ---- the parsed result of one line's prefix ---- */

struct parsed {
        struct log_line meta;
        const char *text;
        size_t len;
        bool rsyslog; /* text may hold rsyslog #ooo control-character escapes */
        bool raw_pri; /* "<N>" dmesg -r line: bare lines after it continue it */
};

static void set_text(struct parsed *pr, const char *p, size_t n, size_t i)
{
        pr->text = p + (i < n ? i : n);
        pr->len = i < n ? n - i : 0;
}

/* After "kernel:" or a host/tag: klogd and rsyslog keep the kernel
 * timestamp "[  123.456789] " in front of the text. */
static void take_embedded_mono(struct parsed *pr, const char *p, size_t n, size_t i)
{
        bool has = false;
        int64_t us = 0;
        size_t b = parse_mono_bracket(p + i, n - i, &has, &us);

        if (b > 0) {
                pr->meta.has_mono = has;
                pr->meta.mono_us = us;
                i = skip_after_prefix(p, n, i + b);
        }
        set_text(pr, p, n, i);
}

enum tag_shape { TAG_NONE, TAG_NAME, TAG_PID, TAG_KERNEL };

/* A syslog tag without its colon: "kernel", "prog[123]" or "prog". */
static enum tag_shape tag_shape(const char *p, size_t n)
{
        size_t i = 0;

        if (equals(p, n, "kernel"))
                return TAG_KERNEL;
        if (n == 0 || n > 64)
                return TAG_NONE;
        while (i < n && p[i] != '[') {
                if (p[i] == ' ' || p[i] == ':' || p[i] == ']' || p[i] == '=' || p[i] == ',' ||
                    p[i] == '(' || p[i] == ')' || (unsigned char)p[i] < 0x20)
                        return TAG_NONE;
                i++;
        }
        if (i == 0)
                return TAG_NONE;
        if (i == n)
                return TAG_NAME;
        if (n - i < 3 || p[n - 1] != ']')
                return TAG_NONE;
        for (size_t j = i + 1; j < n - 1; j++)
                if (!is_digit(p[j]))
                        return TAG_NONE;
        return TAG_PID;
}

static bool is_host_char(char c)
{
        return c > ' ' && c != ':' && c != '[' && c != ']' && c != '(' && c != ')' && c != '=' &&
               c != ',' && c != '<' && c != '>' && c != 0x7f;
}

/* What may follow a host: a program tag and its colon. */
enum tag_rule {
        TAG_ANY,          /* RFC 3164: "host: text", "host prog: text", or no tag */
        TAG_NAMED,        /* ISO syslog: "host prog[pid]: " or "host prog: " */
        TAG_KERNEL_OR_PID /* short-monotonic, ambiguous with dmesg: "host kernel: " or "host prog[pid]: " */
};

/* Parses "host [<fac.level>] tag: text" (or "tag: text" without a host)
 * at P+I.  Fills host, from_kernel, level, embedded kernel time, text. */
static bool parse_host_tag(struct parsed *pr, const char *p, size_t n, size_t i, enum tag_rule rule)
{
        size_t t0 = i, t1, c;
        const char *colon;
        enum tag_shape shape;

        while (i < n && i - t0 < 256 && p[i] != ' ')
                i++;
        t1 = i;
        if (t1 == t0)
                return false;
        colon = memchr(p + t0, ':', t1 - t0);
        if (colon) { /* no host: "kernel: text", "kernel:text", "systemd[1]: text", or "host: text" */
                size_t k = (size_t)(colon - p), after = k + 1 < n && p[k + 1] == ' ' ? k + 2 : k + 1;

                if (rule != TAG_ANY) /* journalctl and RFC 3339 syslog always name the host */
                        return false;
                shape = tag_shape(p + t0, k - t0);
                if (shape == TAG_KERNEL) {
                        take_embedded_mono(pr, p, n, after);
                        return true;
                }
                if (shape == TAG_PID) {
                        pr->meta.from_kernel = false;
                        set_text(pr, p, n, after);
                        return true;
                }
                if (shape != TAG_NAME || k != t1 - 1)
                        return false;
                set_host(pr->meta.host, p + t0, k - t0); /* OOMA "Apr 01 14:13:32 mysrv: " */
                set_text(pr, p, n, after);
                return true;
        }
        for (size_t k = t0; k < t1; k++)
                if (!is_host_char(p[k]))
                        return false;
        while (i < n && p[i] == ' ')
                i++;
        /* "<kern.warning> " or busybox "kern.warn " */
        if (i < n) {
                size_t e = i;

                while (e < n && e - i < 32 && p[e] != ' ')
                        e++;
                if (e - i > 2 && p[i] == '<' && p[e - 1] == '>' && parse_fac_level(p + i + 1, e - i - 2, &pr->meta))
                        i = e;
                else if (rule == TAG_ANY && e - i > 2 && is_lower(p[i]) && parse_fac_level(p + i, e - i, &pr->meta))
                        i = e;
                while (i < n && p[i] == ' ')
                        i++;
        }
        c = i;
        while (c < n && c - i < 80 && p[c] != ':' && p[c] != ' ')
                c++;
        shape = c < n && p[c] == ':' ? tag_shape(p + i, c - i) : TAG_NONE;
        if (shape == TAG_NONE || (rule == TAG_KERNEL_OR_PID && shape == TAG_NAME)) {
                if (rule != TAG_ANY)
                        return false;
                set_host(pr->meta.host, p + t0, t1 - t0); /* no tag: the rest is text */
                set_text(pr, p, n, i);
                return true;
        }
        set_host(pr->meta.host, p + t0, t1 - t0);
        c++;
        if (c < n && p[c] == ' ')
                c++;
        if (shape == TAG_KERNEL) {
                take_embedded_mono(pr, p, n, c);
        } else {
                pr->meta.from_kernel = false;
                set_text(pr, p, n, c);
        }
        return true;
}

/* "[…]" at the start: dmesg, dmesg -T, caller id only, or journalctl
 * short-monotonic. */
static bool parse_bracket(struct parsed *pr, const char *p, size_t n)
{
        bool has = false;
        int64_t us = 0;
        size_t b = parse_mono_bracket(p, n, &has, &us);
        struct log_tm tm;

        if (b > 0) {
                pr->meta.has_mono = has;
                pr->meta.mono_us = us;
                if (has && b + 1 < n && p[b] == ' ') {
                        struct parsed j = *pr;

                        j.meta.format = LOG_FMT_JOURNAL_MONO;
                        if (parse_host_tag(&j, p, n, b + 1, TAG_KERNEL_OR_PID)) {
                                *pr = j;
                                pr->meta.has_mono = true; /* the journal's time, not a second one */
                                pr->meta.mono_us = us;
                                return true;
                        }
                }
                pr->meta.format = LOG_FMT_DMESG;
                set_text(pr, p, n, skip_after_prefix(p, n, b));
                return true;
        }
        b = caller_id_len(p, n);
        if (b > 0) { /* printk.time=0 with caller ids */
                pr->meta.format = LOG_FMT_DMESG;
                set_text(pr, p, n, b);
                return true;
        }
        /* dmesg -T: the bracket content is at most ~40 bytes even in CJK locales */
        for (b = 1; b < n && b < 80 && p[b] != ']'; b++)
                ;
        if (b >= n || p[b] != ']' || log_time_parse_ctime(p + 1, b - 1, &tm) < 0)
                return false;
        pr->meta.format = LOG_FMT_DMESG_CTIME;
        if (tm.mon > 0) {
                pr->meta.has_wall = true;
                pr->meta.wall_us = log_time_tm_to_us(&tm);
        }
        set_text(pr, p, n, skip_after_prefix(p, n, b + 1));
        return true;
}

/* "2022-11-27T21:02:21,123456+01:00 text" (dmesg --time-format iso) or
 * "2022-11-27T21:02:21.123456+01:00 host kernel: text" (RFC 3339 syslog,
 * journalctl short-iso). */
static bool parse_iso(struct parsed *pr, const char *p, size_t n)
{
        struct log_stamp st;
        int r = log_time_parse_iso(p, n, &st);
        size_t c;

        if (r < 0)
                return false;
        c = (size_t)r;
        if (c < n && p[c] != ' ')
                return false;
        pr->meta.has_wall = true;
        pr->meta.wall_us = st.wall_us;
        pr->meta.tz_known = st.tz_known;
        pr->meta.tz_off_min = st.tz_off_min;
        if (st.frac_sep != ',' && c + 1 < n) {
                struct parsed j = *pr;

                j.meta.format = LOG_FMT_SYSLOG_ISO;
                j.rsyslog = true;
                if (parse_host_tag(&j, p, n, c + 1, TAG_NAMED)) {
                        *pr = j;
                        return true;
                }
        }
        pr->meta.format = LOG_FMT_DMESG_ISO;
        set_text(pr, p, n, skip_after_prefix(p, n, c));
        return true;
}

/* "Nov 27 21:02:21 host kernel: text" (RFC 3164, journalctl short and
 * short-precise). */
static bool parse_bsd_syslog(struct log_splitter *s, struct parsed *pr, const char *p, size_t n)
{
        struct log_tm tm;
        int r = log_time_parse_bsd(p, n, &tm);
        size_t c;

        if (r < 0)
                return false;
        c = (size_t)r;
        if (c >= n || p[c] != ' ')
                return false;
        while (c < n && p[c] == ' ')
                c++;
        pr->meta.format = LOG_FMT_SYSLOG;
        pr->rsyslog = true;
        tm.year = log_time_infer_year(&tm, s->reference_s);
        pr->meta.has_wall = true;
        pr->meta.year_inferred = true;
        pr->meta.wall_us = log_time_tm_to_us(&tm);
        if (c >= n || !parse_host_tag(pr, p, n, c, TAG_ANY))
                set_text(pr, p, n, c); /* an odd tag: the stamp alone is sure */
        return true;
}

/* dmesg -x (--decode): "kern  :warn  : [  123.456789] text", written by
 * util-linux as "%-6s:%-6s: ". */
static bool parse_decode(struct parsed *pr, const char *p, size_t n, size_t *ret_rest)
{
        size_t i = 0, f1, l0, l1;
        int level;

        while (i < n && i < 12 && (is_lower(p[i]) || is_digit(p[i])))
                i++;
        f1 = i;
        if (!is_facility_name(p, f1))
                return false;
        while (i < n && p[i] == ' ')
                i++;
        if (i >= n || p[i] != ':')
                return false;
        l0 = ++i;
        while (i < n && i - l0 < 8 && is_lower(p[i]))
                i++;
        l1 = i;
        level = level_from_name(p + l0, l1 - l0);
        if (level < 0)
                return false;
        while (i < n && p[i] == ' ')
                i++;
        if (i >= n || p[i] != ':')
                return false;
        i++;
        if (i < n && p[i] == ' ')
                i++;
        pr->meta.level = level;
        pr->meta.from_kernel = equals(p, f1, "kern");
        *ret_rest = i;
        return true;
}

static bool parse_inner(struct log_splitter *s, struct parsed *pr, const char *p, size_t n);

static bool parse_after_decode(struct log_splitter *s, struct parsed *pr, const char *p, size_t n)
{
        size_t rest = 0;
        struct parsed j = *pr;

        if (!parse_decode(&j, p, n, &rest))
                return false;
        if (rest < n && (p[rest] == '[' || is_digit(p[rest]))) {
                struct parsed k = j;

                if (parse_inner(s, &k, p + rest, n - rest) &&
                    (k.meta.format == LOG_FMT_DMESG || k.meta.format == LOG_FMT_DMESG_CTIME ||
                     k.meta.format == LOG_FMT_DMESG_ISO)) {
                        *pr = k;
                        return true;
                }
        }
        *pr = j;
        pr->meta.format = LOG_FMT_DMESG;
        set_text(pr, p, n, rest);
        return true;
}

/* Recognises the container prefix at P (leading whitespace and quoting
 * already removed), "<N>" excluded. */
static bool parse_inner(struct log_splitter *s, struct parsed *pr, const char *p, size_t n)
{
        if (n == 0)
                return false;
        if (p[0] == '[')
                return parse_bracket(pr, p, n);
        if (is_digit(p[0]))
                return parse_iso(pr, p, n) || parse_bsd_syslog(s, pr, p, n); /* "9月 3 …" */
        if (has_prefix(p, n, "kernel:")) { /* OOMAnalyser prefix style "kernel:" */
                pr->meta.format = LOG_FMT_SYSLOG;
                pr->rsyslog = true;
                take_embedded_mono(pr, p, n, n > 7 && p[7] == ' ' ? 8 : 7);
                return true;
        }
        return parse_bsd_syslog(s, pr, p, n) || parse_after_decode(s, pr, p, n);
}

/* "<N>" in front: dmesg -r, a saved syslog buffer, /proc/kmsg on ≤3.4, or
 * the PRI of a syslog line.  N = facility × 8 + level. */
static bool parse_prefix(struct log_splitter *s, struct parsed *pr, const char *p, size_t n)
{
        size_t i = 1;
        int pri = 0;

        meta_init(&pr->meta);
        pr->rsyslog = false;
        pr->raw_pri = false;
        if (n >= 3 && p[0] == '<' && is_digit(p[1])) {
                while (i < n && i < 4 && is_digit(p[i]))
                        pri = pri * 10 + (p[i++] - '0');
                if (i < n && p[i] == '>' && pri <= 191) {
                        i++;
                        if (!parse_inner(s, pr, p + i, n - i)) {
                                meta_init(&pr->meta);
                                pr->rsyslog = false;
                                pr->meta.format = LOG_FMT_DMESG;
                                set_text(pr, p, n, i);
                        }
                        if (pr->meta.level < 0)
                                pr->meta.level = pri & 7;
                        if (pri >> 3 != 0)
                                pr->meta.from_kernel = false;
                        pr->raw_pri = pr->meta.format == LOG_FMT_DMESG;
                        return true;
                }
        }
        return parse_inner(s, pr, p, n);
}

/* ---- rsyslog escapes ---- */

/* rsyslog writes control characters as '#' and three octal digits
 * ($EscapeControlCharactersOnReceive): "#012" is a newline inside one
 * record, "#011" a tab.  Returns the unescaped length in OUT. */
static size_t rsyslog_unescape(const char *p, size_t n, char *out)
{
        size_t o = 0;

        for (size_t i = 0; i < n; i++) {
                if (p[i] == '#' && i + 3 < n && p[i + 1] >= '0' && p[i + 1] <= '3' && p[i + 2] >= '0' &&
                    p[i + 2] <= '7' && p[i + 3] >= '0' && p[i + 3] <= '7') {
                        int v = (p[i + 1] - '0') * 64 + (p[i + 2] - '0') * 8 + (p[i + 3] - '0');

                        if (v < 0x20 || v == 0x7f) {
                                out[o++] = (char)v;
                                i += 3;
                                continue;
                        }
                }
                out[o++] = p[i];
        }
        return o;
}

/* ---- /dev/kmsg records ---- */

/* "pri,seq,usec,flags[,key=value…];" — returns the header length
 * including ';', 0 if P is not a kmsg record. */
static size_t kmsg_header(const char *p, size_t n, struct log_line *meta)
{
        int64_t v[3] = { 0, 0, 0 };
        size_t i = 0, end;

        for (int f = 0; f < 3; f++) {
                size_t d = i;

                while (i < n && i - d < 20 && is_digit(p[i]))
                        i++;
                if (i == d || !parse_u63(p + d, i - d, &v[f]) || i >= n)
                        return 0;
                if (f < 2 && p[i] != ',')
                        return 0;
                if (f == 2 && p[i] != ',' && p[i] != ';')
                        return 0;
                if (f < 2)
                        i++;
        }
        for (end = i; end < n && end < 256 && p[end] != ';'; end++) {
                char c = p[end];

                if (!(is_digit(c) || is_lower(c) || (c >= 'A' && c <= 'Z') || c == ',' || c == '=' ||
                      c == '-' || c == '+' || c == '_'))
                        return 0;
        }
        if (end >= n || p[end] != ';' || v[0] > 1023)
                return 0;
        meta_init(meta);
        meta->format = LOG_FMT_KMSG;
        meta->level = (int)(v[0] & 7);
        meta->from_kernel = (v[0] >> 3) == 0; /* facility 0 = kernel; others were written by userspace */
        meta->has_mono = true;
        meta->mono_us = v[2];
        return end + 1;
}

static void kmsg_append(struct log_splitter *s, const char *p, size_t n)
{
        size_t room = RECORD_MAX - s->kmsg_len;

        if (n > room) {
                n = room;
                s->kmsg_trunc = true;
        }
        memcpy(s->kmsg_buf + s->kmsg_len, p, n);
        s->kmsg_len += n;
        if (s->line_trunc)
                s->kmsg_trunc = true;
}

/* The kernel escapes non-printable bytes of a record as \xNN, '\\' as
 * \x5c (printk devkmsg_read / msg_print_ext_body). */
static size_t kmsg_unescape(const char *p, size_t n, char *out)
{
        size_t o = 0;

        for (size_t i = 0; i < n; i++) {
                if (p[i] == '\\' && i + 3 < n && p[i + 1] == 'x') {
                        int hi = hex_value(p[i + 2]), lo = hex_value(p[i + 3]);

                        if (hi >= 0 && lo >= 0) {
                                out[o++] = (char)(hi * 16 + lo);
                                i += 3;
                                continue;
                        }
                }
                out[o++] = p[i];
        }
        return o;
}

static void kmsg_flush(struct log_splitter *s, log_line_cb cb, void *userdata)
{
        size_t len;

        if (!s->kmsg_pending)
                return;
        s->kmsg_pending = false;
        len = kmsg_unescape(s->kmsg_buf, s->kmsg_len, s->work);
        emit_record(&s->kmsg_meta, s->work, len, s->kmsg_trunc, cb, userdata);
}

/* A dictionary line after a record: " KEY=value" (SUBSYSTEM=, DEVICE=). */
static bool is_dict_line(const char *p, size_t n)
{
        size_t i = 1;

        if (n < 3 || p[0] != ' ' || !((p[1] >= 'A' && p[1] <= 'Z') || p[1] == '_'))
                return false;
        while (i < n && ((p[i] >= 'A' && p[i] <= 'Z') || is_digit(p[i]) || p[i] == '_'))
                i++;
        return i < n && p[i] == '=';
}

/* Lines that belong to the pending record: dictionary lines (dropped),
 * lines wrapped at a fixed width with a leading space (nohang's docstring
 * log; the wrap may split a word, so the space is not text), and in
 * NUL-separated dumps every line up to the next NUL (raw newlines). */
static bool kmsg_take_line(struct log_splitter *s, const char *p, size_t n)
{
        struct log_line dummy;

        if (is_dict_line(p, n))
                return true;
        if (s->kmsg_nul_mode) {
                if (kmsg_header(p, n, &dummy) > 0)
                        return false;
                kmsg_append(s, "\n", 1);
                kmsg_append(s, p, n);
                return true;
        }
        if (n > 1 && p[0] == ' ') {
                kmsg_append(s, p + 1, n - 1);
                return true;
        }
        return false;
}

/* ---- journal entries (json and export) ---- */

static void journal_entry_init(struct journal_entry *e)
{
        memset(e, 0, sizeof(*e));
        e->prio = -1;
}

/* Takes one field of an entry; VAL is already unescaped. */
static void journal_entry_field(struct journal_entry *e, const char *key, size_t klen, const char *val,
                                size_t vlen)
{
        int64_t v;

        if (equals(key, klen, "_HOSTNAME")) {
                set_host(e->host, val, vlen);
        } else if (equals(key, klen, "PRIORITY")) {
                if (parse_u63(val, vlen, &v) && v <= 7)
                        e->prio = (int)v;
        } else if (equals(key, klen, "__REALTIME_TIMESTAMP")) {
                e->has_real = parse_u63(val, vlen, &e->real_us);
        } else if (equals(key, klen, "_SOURCE_MONOTONIC_TIMESTAMP")) {
                e->has_src_mono = parse_u63(val, vlen, &e->src_mono_us);
        } else if (equals(key, klen, "__MONOTONIC_TIMESTAMP")) {
                e->has_mono = parse_u63(val, vlen, &e->mono_us);
        } else if (equals(key, klen, "_TRANSPORT")) {
                e->transport_kernel = equals(val, vlen, "kernel") ? TRI_YES : TRI_NO;
        } else if (equals(key, klen, "SYSLOG_IDENTIFIER")) {
                e->ident_kernel = equals(val, vlen, "kernel") ? TRI_YES : TRI_NO;
        }
}

static void journal_entry_emit(const struct journal_entry *e, enum log_format format, log_line_cb cb,
                               void *userdata)
{
        struct log_line meta;

        if (!e->has_msg)
                return;
        meta_init(&meta);
        meta.format = format;
        memcpy(meta.host, e->host, sizeof(meta.host));
        meta.level = e->prio;
        if (e->has_real) {
                meta.has_wall = true;
                meta.wall_us = e->real_us;
                meta.tz_known = true;
        }
        if (e->transport_kernel != TRI_UNKNOWN)
                meta.from_kernel = e->transport_kernel == TRI_YES;
        else if (e->ident_kernel != TRI_UNKNOWN)
                meta.from_kernel = e->ident_kernel == TRI_YES;
        /* journald stores the kmsg timestamp of kernel records as
         * _SOURCE_MONOTONIC_TIMESTAMP; its own receive time is close to it
         * only for the kernel transport. */
        if (e->has_src_mono) {
                meta.has_mono = true;
                meta.mono_us = e->src_mono_us;
        } else if (e->has_mono && e->transport_kernel == TRI_YES) {
                meta.has_mono = true;
                meta.mono_us = e->mono_us;
        }
        emit_record(&meta, e->msg, e->msg_len, e->msg_trunc, cb, userdata);
}

/* -- a flat JSON object reader: string, number, array-of-numbers values;
 *    other values are skipped. -- */

struct jcur {
        const char *p;
        size_t n, i;
};

static void j_ws(struct jcur *c)
{
        while (c->i < c->n && (c->p[c->i] == ' ' || c->p[c->i] == '\t' || c->p[c->i] == '\r' || c->p[c->i] == '\n'))
                c->i++;
}

/* A string at the cursor: its raw (escaped) content. */
static bool j_string(struct jcur *c, const char **ret, size_t *ret_len)
{
        size_t start;

        if (c->i >= c->n || c->p[c->i] != '"')
                return false;
        start = ++c->i;
        while (c->i < c->n && c->p[c->i] != '"') {
                if (c->p[c->i] == '\\')
                        c->i++;
                c->i++;
        }
        if (c->i >= c->n)
                return false;
        *ret = c->p + start;
        *ret_len = c->i - start;
        c->i++;
        return true;
}

static size_t utf8_put(char *out, uint32_t cp)
{
        if (cp < 0x80) {
                out[0] = (char)cp;
                return 1;
        }
        if (cp < 0x800) {
                out[0] = (char)(0xC0 | (cp >> 6));
                out[1] = (char)(0x80 | (cp & 0x3F));
                return 2;
        }
        if (cp < 0x10000) {
                out[0] = (char)(0xE0 | (cp >> 12));
                out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
                out[2] = (char)(0x80 | (cp & 0x3F));
                return 3;
        }
        out[0] = (char)(0xF0 | (cp >> 18));
        out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[3] = (char)(0x80 | (cp & 0x3F));
        return 4;
}

static bool read_hex4(const char *p, size_t n, uint32_t *ret)
{
        uint32_t v = 0;

        if (n < 4)
                return false;
        for (size_t i = 0; i < 4; i++) {
                int h = hex_value(p[i]);

                if (h < 0)
                        return false;
                v = v * 16 + (uint32_t)h;
        }
        *ret = v;
        return true;
}

/* Unescapes a JSON string body into OUT (at most CAP bytes; *TRUNC set
 * when cut).  Never longer than the input. */
static size_t j_unescape(const char *p, size_t n, char *out, size_t cap, bool *trunc)
{
        size_t o = 0;

        for (size_t i = 0; i < n; i++) {
                char tmp[4];
                size_t k = 1;
                uint32_t cp, lo;

                tmp[0] = p[i];
                if (p[i] == '\\' && i + 1 < n) {
                        i++;
                        switch (p[i]) {
                        case 'n': tmp[0] = '\n'; break;
                        case 't': tmp[0] = '\t'; break;
                        case 'r': tmp[0] = '\r'; break;
                        case 'b': tmp[0] = '\b'; break;
                        case 'f': tmp[0] = '\f'; break;
                        case 'u':
                                if (!read_hex4(p + i + 1, n - i - 1, &cp)) {
                                        tmp[0] = 'u';
                                        break;
                                }
                                i += 4;
                                if (cp >= 0xD800 && cp <= 0xDBFF && i + 6 < n && p[i + 1] == '\\' &&
                                    p[i + 2] == 'u' && read_hex4(p + i + 3, n - i - 3, &lo) && lo >= 0xDC00 &&
                                    lo <= 0xDFFF) {
                                        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                                        i += 6;
                                } else if (cp >= 0xD800 && cp <= 0xDFFF) {
                                        cp = 0xFFFD; /* lone surrogate */
                                }
                                k = utf8_put(tmp, cp);
                                break;
                        default: tmp[0] = p[i]; break; /* \" \\ \/ */
                        }
                }
                if (o + k > cap) {
                        *trunc = true;
                        break;
                }
                memcpy(out + o, tmp, k);
                o += k;
        }
        return o;
}

/* Skips any value (nested containers included, depth-bounded). */
static bool j_skip(struct jcur *c)
{
        int depth = 0;

        do {
                const char *s;
                size_t l;

                j_ws(c);
                if (c->i >= c->n)
                        return false;
                switch (c->p[c->i]) {
                case '"':
                        if (!j_string(c, &s, &l))
                                return false;
                        break;
                case '{':
                case '[':
                        if (++depth > 64)
                                return false;
                        c->i++;
                        break;
                case '}':
                case ']':
                        if (depth == 0)
                                return false;
                        depth--;
                        c->i++;
                        break;
                case ',':
                case ':':
                        if (depth == 0)
                                return false;
                        c->i++;
                        break;
                default:
                        while (c->i < c->n && c->p[c->i] != ',' && c->p[c->i] != '}' && c->p[c->i] != ']' &&
                               c->p[c->i] != ':' && c->p[c->i] != '"' && !is_blank(c->p[c->i]))
                                c->i++;
                        break;
                }
        } while (depth > 0);
        return true;
}

/* MESSAGE as an array of byte values (journalctl writes non-UTF-8 or
 * binary messages this way). */
static bool j_byte_array(struct jcur *c, char *out, size_t cap, size_t *ret_len, bool *trunc)
{
        size_t o = 0;

        c->i++; /* '[' */
        for (;;) {
                size_t d;
                int64_t v;

                j_ws(c);
                if (c->i < c->n && c->p[c->i] == ']' && o == 0) {
                        c->i++;
                        break;
                }
                d = c->i;
                while (c->i < c->n && is_digit(c->p[c->i]))
                        c->i++;
                if (!parse_u63(c->p + d, c->i - d, &v) || v > 255)
                        return false;
                if (o < cap)
                        out[o++] = (char)v;
                else
                        *trunc = true;
                j_ws(c);
                if (c->i >= c->n)
                        return false;
                if (c->p[c->i] == ']') {
                        c->i++;
                        break;
                }
                if (c->p[c->i] != ',')
                        return false;
                c->i++;
        }
        *ret_len = o;
        return true;
}

/* A scalar value (string or bare number/literal) unescaped into OUT. */
static bool j_scalar(struct jcur *c, char *out, size_t cap, size_t *ret_len)
{
        const char *s;
        size_t l, d;
        bool trunc = false;

        if (c->i < c->n && c->p[c->i] == '"') {
                if (!j_string(c, &s, &l))
                        return false;
                *ret_len = j_unescape(s, l, out, cap, &trunc);
                return true;
        }
        d = c->i;
        while (c->i < c->n && (is_digit(c->p[c->i]) || is_lower(c->p[c->i]) || c->p[c->i] == '-' ||
                               c->p[c->i] == '.' || c->p[c->i] == '+' || c->p[c->i] == 'E'))
                c->i++;
        if (c->i == d)
                return false;
        l = c->i - d < cap ? c->i - d : cap;
        memcpy(out, c->p + d, l);
        *ret_len = l;
        return true;
}

/* One key/value pair of the entry object; false when the object ends
 * badly (the fields read so far are kept). */
static bool json_member(struct log_splitter *s, struct jcur *c, struct journal_entry *e)
{
        const char *key;
        size_t klen, vlen = 0;
        char val[FIELD_MAX];

        if (!j_string(c, &key, &klen))
                return false;
        j_ws(c);
        if (c->i >= c->n || c->p[c->i] != ':')
                return false;
        c->i++;
        j_ws(c);
        if (c->i >= c->n)
                return false;
        if (equals(key, klen, "MESSAGE")) {
                const char *raw;
                size_t rl;

                if (c->p[c->i] == '[') {
                        if (!j_byte_array(c, s->work, sizeof(s->work), &e->msg_len, &e->msg_trunc))
                                return false;
                } else if (c->p[c->i] == '"') {
                        if (!j_string(c, &raw, &rl))
                                return false;
                        e->msg_len = j_unescape(raw, rl, s->work, sizeof(s->work), &e->msg_trunc);
                } else {
                        return j_skip(c); /* null: the field was too large for journalctl */
                }
                e->msg = s->work;
                e->has_msg = true;
                return true;
        }
        if ((klen > 0 && key[0] == '_') || equals(key, klen, "PRIORITY") || equals(key, klen, "SYSLOG_IDENTIFIER")) {
                if (c->p[c->i] == '"' || is_digit(c->p[c->i])) {
                        if (!j_scalar(c, val, sizeof(val), &vlen))
                                return false;
                        journal_entry_field(e, key, klen, val, vlen);
                        return true;
                }
        }
        return j_skip(c);
}

/* journalctl -o json: one object per line.  Returns false when P is not
 * a JSON object at all; true when it was consumed (emitted, or an object
 * without a readable MESSAGE). */
static bool json_line(struct log_splitter *s, const char *p, size_t n, log_line_cb cb, void *userdata)
{
        struct jcur c = { p, n, 1 };
        struct journal_entry e;

        journal_entry_init(&e);
        j_ws(&c);
        if (c.i >= c.n || (c.p[c.i] != '"' && c.p[c.i] != '}'))
                return false;
        while (c.i < c.n && c.p[c.i] == '"') {
                if (!json_member(s, &c, &e))
                        break;
                j_ws(&c);
                if (c.i < c.n && c.p[c.i] == ',') {
                        c.i++;
                        j_ws(&c);
                }
        }
        if (s->line_trunc)
                e.msg_trunc = true;
        journal_entry_emit(&e, LOG_FMT_JOURNAL_JSON, cb, userdata);
        return true;
}

/* -- journalctl -o export -- */

/* A journal field name: [A-Z0-9_]+ (sd-journal's field_name_is_valid also
 * bounds it to 64 bytes and forbids a leading digit). */
static bool is_field_name(const char *p, size_t n)
{
        if (n == 0 || n > 64 || is_digit(p[0]))
                return false;
        for (size_t i = 0; i < n; i++)
                if (!((p[i] >= 'A' && p[i] <= 'Z') || is_digit(p[i]) || p[i] == '_'))
                        return false;
        return true;
}

/* journalctl -o export starts every entry with __CURSOR=, then
 * __REALTIME_TIMESTAMP=, __MONOTONIC_TIMESTAMP= (and __SEQNUM= on newer
 * systemd): a "__NAME=" line opens an entry. */
static bool is_export_start(const char *p, size_t n)
{
        const char *eq = memchr(p, '=', n < 66 ? n : 66);

        return n > 3 && p[0] == '_' && p[1] == '_' && eq && is_field_name(p, (size_t)(eq - p));
}

static void export_end(struct log_splitter *s, log_line_cb cb, void *userdata)
{
        if (!s->exp_active)
                return;
        s->exp_active = false;
        s->bin_active = false;
        s->exp.msg = s->exp_msg;
        s->exp.msg_len = s->exp_msg_len;
        journal_entry_emit(&s->exp, LOG_FMT_JOURNAL_EXPORT, cb, userdata);
}

static void export_begin(struct log_splitter *s)
{
        s->exp_active = true;
        s->bin_active = false;
        journal_entry_init(&s->exp);
        s->exp_msg_len = 0;
}

static void export_msg_append(struct log_splitter *s, const char *p, size_t n)
{
        size_t room = RECORD_MAX - s->exp_msg_len;

        if (n > room) {
                n = room;
                s->exp.msg_trunc = true;
        }
        memcpy(s->exp_msg + s->exp_msg_len, p, n);
        s->exp_msg_len += n;
}

/* One text line inside an entry.  False when the line does not belong to
 * an entry (the entry is then emitted and the line must be parsed). */
static bool export_line(struct log_splitter *s, const char *p, size_t n, log_line_cb cb, void *userdata)
{
        const char *eq;

        if (n == 0) {
                export_end(s, cb, userdata);
                return true;
        }
        eq = memchr(p, '=', n);
        if (eq && is_field_name(p, (size_t)(eq - p))) {
                size_t kl = (size_t)(eq - p);

                if (equals(p, kl, "MESSAGE")) {
                        s->exp_msg_len = 0;
                        s->exp.msg_trunc = s->line_trunc;
                        export_msg_append(s, eq + 1, n - kl - 1);
                        s->exp.has_msg = true;
                } else {
                        journal_entry_field(&s->exp, p, kl, eq + 1, n - kl - 1 < FIELD_MAX ? n - kl - 1 : FIELD_MAX);
                }
                return true;
        }
        if (is_field_name(p, n)) { /* NAME\n<le64 length><bytes>\n */
                s->bin_active = true;
                s->bin_is_msg = equals(p, n, "MESSAGE");
                s->bin_have = 0;
                s->bin_len = 0;
                if (s->bin_is_msg) {
                        s->exp_msg_len = 0;
                        s->exp.msg_trunc = false;
                        s->exp.has_msg = true;
                }
                return true;
        }
        export_end(s, cb, userdata);
        return false;
}

/* Raw bytes of a binary field, the caller's '\n' splits included.  The
 * field ends after 8 + length bytes and one '\n'. */
static void export_binary_bytes(struct log_splitter *s, const char *p, size_t n, log_line_cb cb, void *userdata)
{
        size_t i = 0;

        while (i < n && s->bin_active) {
                if (s->bin_have < 8) {
                        s->bin_hdr[s->bin_have++] = (unsigned char)p[i++];
                        if (s->bin_have == 8) {
                                s->bin_len = 0;
                                for (int k = 7; k >= 0; k--)
                                        s->bin_len = s->bin_len << 8 | s->bin_hdr[k];
                                if (s->bin_len > BINARY_FIELD_MAX) { /* corrupt: give up on the entry */
                                        export_end(s, cb, userdata);
                                        return;
                                }
                        }
                } else if (s->bin_have < 8 + s->bin_len) {
                        size_t want = (size_t)(8 + s->bin_len - s->bin_have);
                        size_t take = n - i < want ? n - i : want;

                        if (s->bin_is_msg)
                                export_msg_append(s, p + i, take);
                        s->bin_have += take;
                        i += take;
                } else { /* the terminating '\n' (or garbage: end the field anyway) */
                        s->bin_active = false;
                        i++;
                }
        }
}

/* ---- one line ---- */

/* E-mail / markdown quoting: "> ", ">> ", "> > " (up to 3 spaces before
 * each '>').  Returns the bytes to strip. */
static size_t quote_len(const char *p, size_t n)
{
        size_t i = 0, done = 0;

        for (;;) {
                size_t j = i;

                while (j < n && j - i < 3 && p[j] == ' ')
                        j++;
                if (j >= n || p[j] != '>')
                        return done;
                j++;
                if (j < n && p[j] == ' ')
                        j++;
                i = done = j;
        }
}

static void remember(struct log_splitter *s, const struct log_line *meta, bool prefixed, bool raw_pri)
{
        s->prev = *meta;
        s->prev.continuation = false;
        s->prev.truncated = false;
        s->prev_prefixed = prefixed;
        s->prev_raw_pri = raw_pri;
}

static void forget(struct log_splitter *s)
{
        s->prev_prefixed = false;
        s->prev_raw_pri = false;
}

static void emit_parsed(struct log_splitter *s, const struct parsed *pr, log_line_cb cb, void *userdata)
{
        const struct log_line *m = &pr->meta;
        bool prefixed = m->has_wall || m->has_mono || m->host[0] != '\0' || m->format == LOG_FMT_DMESG_CTIME;

        if (pr->rsyslog && memchr(pr->text, '#', pr->len)) {
                size_t len = rsyslog_unescape(pr->text, pr->len, s->work);

                emit_record(m, s->work, len, s->line_trunc, cb, userdata);
        } else {
                emit(m, pr->text, pr->len, false, s->line_trunc, cb, userdata);
        }
        remember(s, m, prefixed, pr->raw_pri);
}

static void parse_line(struct log_splitter *s, const char *p, size_t n, bool after_nul, log_line_cb cb,
                       void *userdata)
{
        size_t q = quote_len(p, n), w;
        struct parsed pr;
        struct log_line meta;
        size_t hl;

        p += q;
        n -= q;
        for (w = 0; w < n && is_blank(p[w]); w++)
                ;
        if (w == n) { /* blank */
                meta_init(&meta);
                emit(&meta, p + n, 0, false, false, cb, userdata);
                forget(s);
                return;
        }
        if (p[w] == '\x1e' && w + 1 < n && p[w + 1] == '{') /* journalctl -o json-seq (RFC 7464) */
                w++;
        if (p[w] == '{' && json_line(s, p + w, n - w, cb, userdata)) {
                forget(s);
                return;
        }
        hl = kmsg_header(p + w, n - w, &s->kmsg_meta);
        if (hl > 0) {
                s->kmsg_pending = true;
                s->kmsg_len = 0;
                s->kmsg_trunc = false;
                if (after_nul)
                        s->kmsg_nul_mode = true;
                kmsg_append(s, p + w + hl, n - w - hl);
                forget(s);
                return;
        }
        if (parse_prefix(s, &pr, p + w, n - w)) {
                emit_parsed(s, &pr, cb, userdata);
                return;
        }
        /* no prefix: an indented continuation of a multi-line record, a
         * bare line after "<N>[…]" raw output, or bare kernel text/prose */
        if ((w > 0 && s->prev_prefixed) || s->prev_raw_pri) {
                emit(&s->prev, p + w, n - w, true, s->line_trunc, cb, userdata);
                return;
        }
        meta_init(&meta);
        emit(&meta, p + w, n - w, false, s->line_trunc, cb, userdata);
        forget(s);
}

static void feed_segment(struct log_splitter *s, const char *p, size_t n, bool after_nul, log_line_cb cb,
                         void *userdata)
{
        if (s->exp_active && export_line(s, p, n, cb, userdata))
                return;
        if (s->kmsg_pending) {
                if (!after_nul && kmsg_take_line(s, p, n))
                        return;
                kmsg_flush(s, cb, userdata);
        }
        if (is_export_start(p, n)) {
                forget(s);
                export_begin(s);
                export_line(s, p, n, cb, userdata);
                return;
        }
        parse_line(s, p, n, after_nul, cb, userdata);
}

void log_splitter_feed(struct log_splitter *s, const char *raw, size_t len, log_line_cb cb, void *userdata)
{
        bool after_nul = false;

        if (!s || !cb)
                return;
        if (!raw) {
                raw = "";
                len = 0;
        }
        if (s->bin_active) {
                export_binary_bytes(s, raw, len, cb, userdata);
                export_binary_bytes(s, "\n", 1, cb, userdata);
                return;
        }
        s->line_trunc = len > RAW_LINE_MAX;
        if (s->line_trunc)
                len = RAW_LINE_MAX;
        if (len > 0 && raw[len - 1] == '\r')
                len--;
        /* NUL separates records in util-linux kmsg dumps; anywhere else a
         * NUL is garbage, and a record boundary is as good a reading as any. */
        for (;;) {
                const char *z = memchr(raw, '\0', len);
                size_t seg = z ? (size_t)(z - raw) : len;

                if (seg > 0 || !z)
                        if (seg > 0 || !after_nul)
                                feed_segment(s, raw, seg, after_nul, cb, userdata);
                if (!z)
                        break;
                if (s->kmsg_pending) {
                        s->kmsg_nul_mode = true;
                        kmsg_flush(s, cb, userdata);
                }
                after_nul = true;
                raw = z + 1;
                len -= seg + 1;
        }
}

void log_splitter_finish(struct log_splitter *s, log_line_cb cb, void *userdata)
{
        if (!s || !cb)
                return;
        kmsg_flush(s, cb, userdata);
        export_end(s, cb, userdata);
        forget(s);
}

bool log_splitter_needs_every_line(const struct log_splitter *s)
{
        return s && (s->exp_active || s->kmsg_pending);
}

struct log_splitter *log_splitter_new(long long reference_time)
{
        struct log_splitter *s = calloc(1, sizeof(*s));

        if (!s)
                return NULL;
        s->reference_s = reference_time != 0 ? (int64_t)reference_time : (int64_t)time(NULL);
        meta_init(&s->prev);
        return s;
}

void log_splitter_free(struct log_splitter *s)
{
        free(s);
}
