/* cmd_analyze.c — `oomlens analyze [FILE|-]…`: find every OOM kill in the
 * given logs, or with no file in this machine's own logs (/dev/kmsg, the
 * systemd journal, /var/log/{messages,syslog,kern.log}*), and print them. */
#include <errno.h>
#include <stdarg.h>
#include <getopt.h>
#include <limits.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "cli_msg.h"
#include "commands.h"
#include "escape.h"
#include "exit_codes.h"
#include "i18n.h"
#include "local_logs.h"
#include "log_time.h"
#include "output.h"
#include "report_parse.h"
#include "root_open.h"
#include "scanner.h"
#include "source.h"
#include "terminal.h"

struct analyze_opts {
        enum { FMT_TEXT, FMT_JSON, FMT_COUNT, FMT_MARKDOWN, FMT_POSTMORTEM } format;
        bool pretty;
        int top;
        const char *root;         /* prefix of the local log paths (tests) */
        bool have_boot;
        int64_t boot_us;
        bool quiet;
        long long reference_time; /* for the year of RFC 3164 stamps; 0 = file mtime */
        struct event_filter filter;
        int color;                /* enum terminal_color */
};

/* "2024-09-03", "2024-09-03T05:00", "2024-09-03 05:00:00+08:00" → µs.
 * Without an offset the time is read like the logs' own zone-less stamps. */
static int parse_when(const char *s, int64_t *ret_us) {
        char iso[64];
        size_t n = strlen(s);
        if (n < 10 || n > 40)
                return -EINVAL;
        snprintf(iso, sizeof(iso), "%s", s);
        if (iso[10] == ' ')
                iso[10] = 'T';
        if (n == 10)
                strcat(iso, "T00:00:00");
        else if (n == 16)
                strcat(iso, ":00");
        struct log_stamp t;
        if (log_time_parse_iso(iso, strlen(iso), &t) != (int)strlen(iso))
                return -EINVAL;
        *ret_us = t.wall_us;
        return 0;
}

/* "oomlens: " and the message on standard error, its arguments escaped
 * (cli_msg.h); the usage exit status, for `return bad_option(...)`. */
__attribute__((format(printf, 1, 2)))
static int bad_option(const char *fmt, ...) {
        va_list ap;
        va_start(ap, fmt);
        cli_vmessage(stderr, "oomlens", fmt, ap);
        va_end(ap);
        return EXIT_USAGE;
}

static int parse_count(const char *s, size_t *ret) {
        char *end;
        long v = strtol(s, &end, 10);
        if (*s == '\0' || *end || v < 1 || v > 10000000)
                return -EINVAL;
        *ret = (size_t)v;
        return 0;
}

struct input_counter {
        struct event_list *list;
        size_t n;
};

static void count_and_add(struct oom_event *e, void *userdata) {
        struct input_counter *c = userdata;
        c->n++;
        event_list_add(e, c->list);
}

static void usage(FILE *out) {
        fprintf(out, "%s\n", _("Usage: oomlens analyze [OPTION]... [FILE|-]..."));
        fprintf(out, "%s\n\n", _("Find and explain every kernel OOM kill in the given logs, or in this machine's own logs."));
        fprintf(out, "%s\n", _("  -f, --format=FORMAT  text (default), json, markdown, or postmortem (an incident report draft)"));
        fprintf(out, "%s\n", _("      --compact        JSON on one line"));
        fprintf(out, "%s\n", _("  -c, --count          print only the number of OOM events, like grep -c"));
        fprintf(out, "%s\n", _("  -n, --top=N          tasks listed per event in text output (default 10)"));
        fprintf(out, "%s\n", _("      --color=WHEN     colours in text output: auto (default; not with NO_COLOR), always, never"));
        fprintf(out, "%s\n", _("      --boot-time=T    boot time for logs with only kernel uptime (epoch seconds or ISO 8601)"));
        fprintf(out, "%s\n", _("      --log-date=DATE  when the logs were written (YYYY-MM-DD), to infer the year of\n"
                                "                       syslog stamps that have none (default: each file's date)"));
        fprintf(out, "%s\n", _("      --root=DIR       read this machine's logs below DIR instead of /"));
        fprintf(out, "%s\n", _("      --lang=LANG      language of messages (e.g. en, zh_CN)"));
        fprintf(out, "%s\n", _("      --since=TIME     only events at or after TIME (YYYY-MM-DD[ HH:MM[:SS]][+HH:MM])"));
        fprintf(out, "%s\n", _("      --until=TIME     only events at or before TIME"));
        fprintf(out, "%s\n", _("      --host=NAME      only events of this host"));
        fprintf(out, "%s\n", _("      --victim=NAME|PID  only events that killed this process"));
        fprintf(out, "%s\n", _("      --last=N         only the N latest events"));
        fprintf(out, "%s\n", _("      --worst[=N]      only the N events (default 1) whose victim held the most memory"));
        fprintf(out, "%s\n", _("  -q, --quiet          no warnings about unreadable inputs"));
        fprintf(out, "%s\n\n", _("  -h, --help           show this help"));
        fprintf(out, "%s\n", _("Compressed files (.gz, .xz, .zst) are recognised by their content."));
        fprintf(out, "%s\n", _("Exit status: 0 OOM kills found, 1 none found, 2 usage error, 3 some input unreadable, 4 no input readable."));
}

/* "1700000000", "1700000000.5" or an ISO 8601 time with offset */
static int parse_boot_time(const char *s, int64_t *ret_us) {
        char *end;
        errno = 0;
        double secs = strtod(s, &end);
        if (errno == 0 && end != s && *end == '\0' && secs >= 0) {
                *ret_us = (int64_t)(secs * 1e6);
                return 0;
        }
        struct log_stamp t;
        if (log_time_parse_iso(s, strlen(s), &t) == (int)strlen(s) && t.tz_known) {
                *ret_us = t.wall_us;
                return 0;
        }
        return -EINVAL;
}

static const char *privilege_hint(const char *kind) {
        if (strcmp(kind, "kmsg") == 0)
                return _("run as root, or grant CAP_SYSLOG, or set kernel.dmesg_restrict=0");
        if (strcmp(kind, "journal") == 0)
                return _("run as root, or join the systemd-journal or adm group");
        return _("run as root, or join the adm group");
}

static void warn_input(const struct analyze_opts *o, const struct input_summary *in) {
        if (o->quiet || !in->error)
                return;
        const char *why = in->error_text ? in->error_text : strerror(-in->error);
        /* the events-kept hint only where damage stopped a read that had found some */
        const char *hint = in->error == -EACCES || in->error == -EPERM ? privilege_hint(in->kind)
                           : in->error == -EBADMSG && in->events > 0  ? _("the events found before the damage are kept")
                                                                      : NULL;
        if (hint)
                cli_error("oomlens", _("cannot read %s: %s (%s)"), in->name, why, hint);
        else
                cli_error("oomlens", _("cannot read %s: %s"), in->name, why);
}

static struct input_summary *new_input(struct analysis *a, const char *name, const char *kind) {
        struct input_summary *grown = reallocarray(a->inputs, a->n_inputs + 1, sizeof(*grown));
        if (!grown)
                return NULL;
        a->inputs = grown;
        struct input_summary *in = &a->inputs[a->n_inputs++];
        memset(in, 0, sizeof(*in));
        in->name = strdup(name);
        in->kind = kind;
        return in;
}

/* Reads one opened source into the analysis.  BOOT_US (or OOM_UNSET) turns
 * its monotonic-only events into wall time. */
static void read_source(struct analysis *a, struct input_summary *in, struct source *src, int64_t boot_us,
                        long long reference_time) {
        struct input_counter counter = { &a->events, 0 };
        struct log_splitter *splitter = log_splitter_new(reference_time ? reference_time : source_mtime(src));
        struct report_parser *parser = report_parser_new(in->name, count_and_add, &counter);
        if (!splitter || !parser) {
                in->error = -ENOMEM;
        } else {
                struct scan_result res;
                int r = scanner_run(src, splitter, parser, &res);
                in->bytes = res.bytes;
                in->lines = res.lines;
                in->long_lines = res.long_lines;
                if (r < 0) {
                        in->error = r;
                        const char *why = source_error(src);
                        in->error_text = why ? strdup(why) : NULL;
                }
        }
        report_parser_free(parser);
        log_splitter_free(splitter);
        in->events = counter.n;
        if (val_known(boot_us))
                event_list_apply_boot_time(&a->events, in->name, boot_us);
}

/* Input NAME of KIND: read from SRC when R (the opening's result) is 0,
 * else named unreadable with R (and root_open's reason when it has one). */
static void read_opened(struct analysis *a, const char *name, const char *kind, int r, struct source *src,
                        int64_t boot_us, const struct analyze_opts *o) {
        struct input_summary *in = new_input(a, name, kind);
        if (!in) {
                source_free(src);
                return;
        }
        if (r < 0) {
                in->error = r;
                const char *why = root_open_reason(r);
                in->error_text = why ? strdup(why) : NULL;
        } else {
                read_source(a, in, src, boot_us, o->reference_time);
                source_free(src);
        }
        warn_input(o, in);
}

static void read_journal(struct analysis *a, const char *dir, const struct analyze_opts *o);
static int64_t live_boot_time_us(void);

static void read_path(struct analysis *a, const char *path, const char *kind, int64_t boot_us,
                      const struct analyze_opts *o) {
        struct source *src = NULL;
        if (strcmp(kind, "file") == 0 && source_is_journal_file(path)) {
                read_journal(a, path, o);
                return;
        }
        /* /dev/kmsg named on the command line: read it the non-blocking
         * way, or the read at the end of the ring buffer would wait forever */
        struct stat st;
        if (strcmp(kind, "file") == 0 && stat(path, &st) == 0 && S_ISCHR(st.st_mode) &&
            major(st.st_rdev) == 1 && minor(st.st_rdev) == 11) {
                kind = "kmsg";
                if (!val_known(boot_us))
                        boot_us = live_boot_time_us();
        }
        int r = strcmp(kind, "kmsg") == 0 ? source_open_kmsg(path, &src) : source_open(path, &src);
        bool in_stdin = strcmp(path, "-") == 0;
        read_opened(a, in_stdin ? "<stdin>" : path, in_stdin ? "stdin" : kind, r, src, boot_us, o);
}

static void read_journal(struct analysis *a, const char *dir, const struct analyze_opts *o) {
        struct source *src = NULL;
        int r = source_open_journal(dir, &src);
        read_opened(a, dir ? dir : "systemd-journal", "journal", r, src, OOM_UNSET, o);
}

static int64_t live_boot_time_us(void) {
        /* printk stamps follow local_clock(), which like CLOCK_MONOTONIC stops
         * in suspend: realtime − monotonic is the boot time they add up to */
        struct timespec rt, mono;
        clock_gettime(CLOCK_REALTIME, &rt);
        clock_gettime(CLOCK_MONOTONIC, &mono);
        return ((int64_t)rt.tv_sec - mono.tv_sec) * 1000000 + (rt.tv_nsec - mono.tv_nsec) / 1000;
}

/* ---- this machine's logs, or those of the tree under --root ----
 * Every file is opened through root_open.h: inside the tree only, and only
 * if it is a regular file (or, live, the kernel's /dev/kmsg), so that a
 * FIFO or a symlink to /dev/zero planted in the tree is named, not read. */

struct local_root {
        const char *prefix;       /* what names start with: "" live, else the root */
        int fd;                   /* the root directory, or -1 live */
};

static int local_open(const struct local_root *lr, const char *rel, unsigned flags) {
        return lr->fd >= 0 ? root_openat(lr->fd, rel, flags) : root_open(NULL, rel, flags);
}

/* The name of REL in messages and JSON: the root's path in front of it
 * (cut at SIZE: only a name). */
static void local_name(const struct local_root *lr, const char *rel, char *buf, size_t size) {
        if (snprintf(buf, size, "%s/%s", lr->prefix, rel) < 0)
                buf[0] = '\0';
}

/* A log file (KIND "file", or "kmsg") at REL, skipped when missing and
 * MISSING_OK. */
static void read_local(struct analysis *a, const struct local_root *lr, const char *rel, const char *kind,
                       int64_t boot_us, bool missing_ok, const struct analyze_opts *o) {
        char name[PATH_MAX];
        struct source *src = NULL;
        bool kmsg = strcmp(kind, "kmsg") == 0;
        int fd = local_open(lr, rel, kmsg ? ROOT_OPEN_KMSG : 0);
        if (fd == -ENOENT && missing_ok)
                return;
        local_name(lr, rel, name, sizeof(name));
        int r = fd;
        if (fd >= 0 && !kmsg && source_fd_is_journal(fd)) {
                r = source_open_journal_fds(&fd, 1, name, &src);
                kind = "journal";
        } else if (fd >= 0) {
                r = kmsg ? source_open_kmsg_fd(fd, name, &src) : source_open_fd(fd, name, &src);
        }
        read_opened(a, name, kind, r, src, boot_us, o);
}

static int strcoll_p(const void *x, const void *y) {
        return strcoll(*(char *const *)x, *(char *const *)y);
}

/* The names in directory fd DFD (taken) that start with one of PREFIXES
 * (N of them; NULL: every name but . and ..), sorted like glob(3) sorts;
 * *ret is a malloc'ed array of malloc'ed names.  -errno. */
static int list_dir(int dfd, const char *const *prefixes, size_t n, char ***ret, size_t *ret_n) {
        DIR *d = fdopendir(dfd);
        if (!d) {
                int r = -errno;
                close(dfd);
                return r;
        }
        char **names = NULL;
        size_t count = 0;
        int r = 0;
        struct dirent *de;
        while (r == 0 && (de = readdir(d))) {
                bool want = !prefixes && strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0;
                for (size_t i = 0; prefixes && i < n; i++)
                        want |= strncmp(de->d_name, prefixes[i], strlen(prefixes[i])) == 0;
                if (!want)
                        continue;
                char **grown = reallocarray(names, count + 1, sizeof(*names));
                if (!grown || !(grown[count] = strdup(de->d_name))) {
                        names = grown ? grown : names;
                        r = -ENOMEM;
                        break;
                }
                names = grown;
                count++;
        }
        closedir(d);
        if (count > 1)
                qsort(names, count, sizeof(*names), strcoll_p);
        *ret = names;
        *ret_n = count;
        return r;
}

static void free_names(char **names, size_t n) {
        for (size_t i = 0; i < n; i++)
                free(names[i]);
        free(names);
}

/* An input that could not be opened: named with why. */
static void local_unreadable(struct analysis *a, const struct local_root *lr, const char *rel, const char *kind,
                             int err, const struct analyze_opts *o) {
        char name[PATH_MAX];
        local_name(lr, rel, name, sizeof(name));
        read_opened(a, name, kind, err, NULL, OOM_UNSET, o);
}

/* sd-journal's rules: files *.journal and *.journal~, in var/log/journal
 * and its machine-id subdirectories (32 hex digits). */
static bool is_journal_name(const char *s) {
        size_t n = strlen(s);
        return (n > 8 && strcmp(s + n - 8, ".journal") == 0) || (n > 9 && strcmp(s + n - 9, ".journal~") == 0);
}

static bool is_machine_id(const char *s) {
        size_t i = 0;
        while ((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))
                i++;
        return i == 32 && s[i] == '\0';
}

struct journal_set {
        int *fds;
        char **rels;              /* each file's path below the root */
        size_t n;
        size_t seen;              /* journal files found, opened or not */
};

static void journal_set_add(struct journal_set *js, int fd, const char *rel) {
        int *fds = reallocarray(js->fds, js->n + 1, sizeof(*fds));
        if (fds)
                js->fds = fds;
        char **rels = reallocarray(js->rels, js->n + 1, sizeof(*rels));
        if (rels)
                js->rels = rels;
        char *copy = strdup(rel);
        if (!fds || !rels || !copy) {
                free(copy);
                close(fd);
                return;
        }
        js->fds[js->n] = fd;
        js->rels[js->n++] = copy;
}

/* Opens the journal files of DIR (below the root; DEPTH 0 is
 * var/log/journal) into JS; those that cannot be opened are named as
 * unreadable inputs.  False when DIR is not there. */
static bool collect_journal_files(struct analysis *a, const struct local_root *lr, const char *dir, int depth,
                                  struct journal_set *js, const struct analyze_opts *o) {
        char **names = NULL;
        size_t n = 0;
        int dfd = root_openat(lr->fd, dir, ROOT_OPEN_DIRECTORY);
        if (dfd == -ENOENT || (dfd == -ENOTDIR && depth > 0))
                return false;
        if (dfd < 0 || list_dir(dfd, NULL, 0, &names, &n) == -EACCES) {
                local_unreadable(a, lr, dir, "journal", dfd < 0 ? dfd : -EACCES, o);
                return true;
        }
        for (size_t i = 0; i < n; i++) {
                char rel[PATH_MAX];
                snprintf(rel, sizeof(rel), "%s/%s", dir, names[i]);
                if (is_journal_name(names[i])) {
                        js->seen++;
                        int fd = root_openat(lr->fd, rel, 0);
                        if (fd < 0)
                                local_unreadable(a, lr, rel, "journal", fd, o);
                        else
                                journal_set_add(js, fd, rel);
                } else if (depth == 0 && is_machine_id(names[i])) {
                        collect_journal_files(a, lr, rel, 1, js, o);
                }
        }
        free_names(names, n);
        return true;
}

/* ROOT/var/log/journal, read like sd_journal_open_directory() would but
 * through root_open: one input for the files together, or, when one of
 * them is not a journal sd-journal can read, one input per file. */
static void read_root_journal(struct analysis *a, const struct local_root *lr, const struct analyze_opts *o) {
        struct journal_set js = { 0 };
        struct source *src = NULL;
        char name[PATH_MAX];
        if (!collect_journal_files(a, lr, "var/log/journal", 0, &js, o))
                return;
        local_name(lr, "var/log/journal", name, sizeof(name));
        if (js.seen == 0)
                new_input(a, name, "journal"); /* an empty journal is read, and empty */
        int r = js.n ? source_open_journal_fds(js.fds, js.n, name, &src) : 0;
        if (js.n > 0 && r >= 0)
                read_opened(a, name, "journal", r, src, OOM_UNSET, o);
        for (size_t i = 0; r < 0 && i < js.n; i++) {
                local_name(lr, js.rels[i], name, sizeof(name));
                int fd = root_openat(lr->fd, js.rels[i], 0);
                int k = fd < 0 ? fd : source_open_journal_fds(&fd, 1, name, &src);
                read_opened(a, name, "journal", k, k < 0 ? NULL : src, OOM_UNSET, o);
        }
        free_names(js.rels, js.n);
        free(js.fds);
}

/* var/log/{messages,syslog,kern.log}*, each base's files in glob order. */
static void read_var_log(struct analysis *a, const struct local_root *lr, const struct analyze_opts *o) {
        static const char *const bases[] = { "messages", "syslog", "kern.log" };
        int dfd = local_open(lr, "var/log", ROOT_OPEN_DIRECTORY);
        char **names = NULL;
        size_t n = 0;
        if (dfd == -ENOENT || dfd == -ENOTDIR)
                return;
        int r = dfd < 0 ? dfd : list_dir(dfd, bases, 3, &names, &n);
        if (r < 0 && r != -ENOMEM) {
                local_unreadable(a, lr, "var/log", "file", r, o);
                return;
        }
        for (size_t b = 0; b < 3; b++)
                for (size_t i = 0; i < n; i++) {
                        char rel[PATH_MAX];
                        if (strncmp(names[i], bases[b], strlen(bases[b])) != 0)
                                continue;
                        snprintf(rel, sizeof(rel), "var/log/%s", names[i]);
                        read_local(a, lr, rel, "file", OOM_UNSET, true, o);
                }
        free_names(names, n);
}

static void read_local_logs(struct analysis *a, const struct analyze_opts *o) {
        bool live = !o->root || strcmp(o->root, "/") == 0;
        struct local_root lr = { live ? "" : o->root, -1 };
        int64_t boot = o->have_boot ? o->boot_us : (live ? live_boot_time_us() : OOM_UNSET);

        if (!live && (lr.fd = root_dir_open(o->root)) < 0) {
                read_opened(a, o->root, "file", lr.fd, NULL, OOM_UNSET, o);
                return;
        }
        read_local(a, &lr, "dev/kmsg", "kmsg", boot, !live, o);
        if (live)
                read_journal(a, NULL, o);
        else
                read_root_journal(a, &lr, o);
        read_var_log(a, &lr, o);
        if (lr.fd >= 0)
                close(lr.fd);
}

static int exit_status(const struct analysis *a) {
        /* an input that failed after yielding data (a truncated .gz) is
         * partial; one that yielded nothing is unreadable */
        size_t failed = 0, unreadable = 0;
        for (size_t i = 0; i < a->n_inputs; i++) {
                failed += a->inputs[i].error != 0;
                unreadable += a->inputs[i].error != 0 && a->inputs[i].bytes == 0;
        }
        if (a->n_inputs > 0 && unreadable == a->n_inputs)
                return EXIT_NO_INPUT;
        if (failed)
                return EXIT_PARTIAL;
        return event_list_count(&a->events) ? EXIT_FOUND : EXIT_NOT_FOUND;
}

static void analysis_free(struct analysis *a) {
        event_list_clear(&a->events);
        timeline_free(&a->timeline);
        for (size_t i = 0; i < a->n_inputs; i++) {
                free((char *)a->inputs[i].name);
                free((char *)a->inputs[i].error_text);
        }
        free(a->inputs);
}

/* local_logs.h: the kills of this machine's logs, for `oomlens check`. */

#define TALLY_SLACK_US (5 * 60 * 1000000LL)        /* clocks of log and kernel disagree a little */
#define TALLY_ZONELESS_SLACK_US (15 * 3600 * 1000000LL) /* a stamp without zone: UTC-12 to UTC+14 */

/* Whether event E counts at or after SINCE_US (OOM_UNSET: always). */
static bool tally_in_time(const struct oom_event *e, int64_t since_us) {
        if (!val_known(since_us) || !e->has_wall)
                return true;
        return e->wall_us >= sat_sub(since_us, e->tz_known ? TALLY_SLACK_US : TALLY_ZONELESS_SLACK_US);
}

static int tally_cgroup(struct log_tally *t, const char *path, int64_t kills) {
        for (size_t i = 0; i < t->n_cgroups; i++)
                if (strcmp(t->cgroups[i].path, path) == 0) {
                        t->cgroups[i].kills += kills;
                        return 0;
                }
        struct log_tally_cgroup *grown = reallocarray(t->cgroups, t->n_cgroups + 1, sizeof(*grown));
        if (!grown)
                return -ENOMEM;
        t->cgroups = grown;
        grown[t->n_cgroups].path = strdup(path);
        if (!grown[t->n_cgroups].path)
                return -ENOMEM;
        grown[t->n_cgroups++].kills = kills;
        return 0;
}

static int tally_events(struct analysis *a, struct log_tally *t) {
        for (size_t i = 0; i < event_list_count(&a->events); i++) {
                const struct oom_event *e = event_list_get(&a->events, i);
                if (e && !tally_in_time(e, t->since_us))
                        continue;
                /* a report that says no process could be killed, or that
                 * the machine panicked, killed nothing; one cut short
                 * before its kill line may have killed */
                if (e && !val_known(e->victim_pid) &&
                    (e->parts_seen & (PART_NO_KILLABLE | PART_PANIC)))
                        continue;
                /* the kernel counts each member of a memory.oom.group kill */
                int64_t kills = 1 + (e && e->group_kills > 0 ? e->group_kills : 0);
                t->kills += kills;
                const char *cg = e ? (e->task_memcg ? e->task_memcg : e->oom_memcg) : NULL;
                if (cg && tally_cgroup(t, cg, kills) < 0)
                        return -ENOMEM;
        }
        return 0;
}

int local_logs_tally(const char *root, char *const *files, size_t n_files, int64_t boot_us, bool quiet,
                     struct log_tally *ret) {
        struct analyze_opts o = { .root = root && strcmp(root, "/") != 0 ? root : NULL, .quiet = quiet };
        struct analysis a = { 0 };
        struct log_tally t = { .since_us = boot_us };
        if (n_files == 0)
                read_local_logs(&a, &o);
        for (size_t i = 0; i < n_files; i++)
                read_path(&a, files[i], "file", OOM_UNSET, &o);
        event_list_finish(&a.events);
        int r = a.events.error;
        t.inputs = calloc(a.n_inputs ? a.n_inputs : 1, sizeof(*t.inputs));
        if (!t.inputs)
                r = -ENOMEM;
        for (size_t i = 0; r == 0 && i < a.n_inputs; i++) {
                struct log_tally_input *in = &t.inputs[t.n_inputs];
                in->name = strdup(a.inputs[i].name ? a.inputs[i].name : "?");
                if (!in->name)
                        r = -ENOMEM;
                in->error = a.inputs[i].error;
                in->readable = a.inputs[i].error == 0 || a.inputs[i].bytes > 0;
                t.n_readable += in->readable;
                t.n_inputs++;
        }
        if (r == 0)
                r = tally_events(&a, &t);
        analysis_free(&a);
        if (r < 0) {
                log_tally_free(&t);
                return r == -ENOMEM ? r : -EIO;
        }
        *ret = t;
        return 0;
}

void log_tally_free(struct log_tally *t) {
        if (!t)
                return;
        for (size_t i = 0; i < t->n_inputs; i++)
                free(t->inputs[i].name);
        for (size_t i = 0; i < t->n_cgroups; i++)
                free(t->cgroups[i].path);
        free(t->inputs);
        free(t->cgroups);
        memset(t, 0, sizeof(*t));
}

int cmd_analyze(int argc, char **argv) {
        static const struct option longopts[] = {
                { "format", required_argument, NULL, 'f' }, { "compact", no_argument, NULL, 'C' },
                { "top", required_argument, NULL, 'n' },    { "boot-time", required_argument, NULL, 'B' },
                { "root", required_argument, NULL, 'R' },   { "lang", required_argument, NULL, 'L' },
                { "quiet", no_argument, NULL, 'q' },        { "help", no_argument, NULL, 'h' },
                { "log-date", required_argument, NULL, 'D' },
                { "count", no_argument, NULL, 'c' },
                { "color", required_argument, NULL, 'K' },
                { "since", required_argument, NULL, 'S' },  { "until", required_argument, NULL, 'U' },
                { "host", required_argument, NULL, 'H' },   { "victim", required_argument, NULL, 'v' },
                { "last", required_argument, NULL, 'l' },   { "worst", optional_argument, NULL, 'w' },
                { NULL, 0, NULL, 0 },
        };
        struct analyze_opts o = { .format = FMT_TEXT, .pretty = true, .top = 10 };
        int c;
        optind = 1;
        while ((c = cli_getopt("oomlens", argc, argv, "f:n:cqh", longopts)) != -1) {
                switch (c) {
                case 'f':
                        if (strcmp(optarg, "json") == 0)
                                o.format = FMT_JSON;
                        else if (strcmp(optarg, "text") == 0)
                                o.format = FMT_TEXT;
                        else if (strcmp(optarg, "markdown") == 0)
                                o.format = FMT_MARKDOWN;
                        else if (strcmp(optarg, "postmortem") == 0)
                                o.format = FMT_POSTMORTEM;
                        else
                                return bad_option(_("unknown format '%s' (use text, json, markdown or postmortem)"), optarg);
                        break;
                case 'C': o.pretty = false; break;
                case 'c': o.format = FMT_COUNT; break;
                case 'K':
                        if (terminal_parse_color(optarg, &o.color) < 0)
                                return bad_option(_("invalid --color '%s' (use auto, always or never)"), optarg);
                        break;
                case 'n': {
                        char *end;
                        long v = strtol(optarg, &end, 10);
                        if (*optarg == '\0' || *end || v < 0 || v > 100000)
                                return bad_option(_("invalid number '%s'"), optarg);
                        o.top = (int)v;
                        break;
                }
                case 'B':
                        if (parse_boot_time(optarg, &o.boot_us) < 0)
                                return bad_option(_("invalid boot time '%s' (epoch seconds or ISO 8601 with offset)"), optarg);
                        o.have_boot = true;
                        break;
                case 'D': {
                        struct log_stamp t;
                        char iso[40];
                        snprintf(iso, sizeof(iso), "%.10sT23:59:59Z", optarg);
                        if (strlen(optarg) != 10 || log_time_parse_iso(iso, strlen(iso), &t) != (int)strlen(iso))
                                return bad_option(_("invalid date '%s' (use YYYY-MM-DD)"), optarg);
                        o.reference_time = t.wall_us / 1000000;
                        break;
                }
                case 'S':
                case 'U': {
                        int64_t us;
                        if (parse_when(optarg, &us) < 0)
                                return bad_option(_("invalid time '%s' (use YYYY-MM-DD, optionally with HH:MM[:SS] and an offset)"), optarg);
                        if (c == 'S')
                                o.filter.have_since = true, o.filter.since_us = us;
                        else
                                o.filter.have_until = true, o.filter.until_us = us;
                        break;
                }
                case 'H': o.filter.host = optarg; break;
                case 'v': o.filter.victim = optarg; break;
                case 'l':
                case 'w': {
                        size_t v = 1;
                        if (optarg && parse_count(optarg, &v) < 0)
                                return bad_option(_("invalid number '%s'"), optarg);
                        if (c == 'l')
                                o.filter.last = v;
                        else
                                o.filter.worst = v;
                        break;
                }
                case 'R': o.root = optarg; break;
                case 'L': i18n_init(optarg); break;
                case 'q': o.quiet = true; break;
                case 'h': usage(stdout); return EXIT_FOUND;
                default: usage(stderr); return EXIT_USAGE;
                }
        }

        struct analysis a = { 0 };
        if (optind >= argc) {
                read_local_logs(&a, &o);
        } else {
                for (int i = optind; i < argc; i++)
                        read_path(&a, argv[i], "file", o.have_boot ? o.boot_us : OOM_UNSET, &o);
        }
        event_list_finish(&a.events);
        event_list_filter(&a.events, &o.filter);
        if (a.events.error == -ENOMEM || timeline_build(&a.events, &a.timeline) < 0) {
                cli_error("oomlens", "%s", _("out of memory"));
                analysis_free(&a);
                return EXIT_INTERNAL;
        }

        struct output_options oo = { .top_tasks = o.top, .pretty = o.pretty };
        oo.color = terminal_use_color(o.color);
        oo.width = (int)terminal_width();  /* at most 65535 columns */
        int r = 0;
        if (o.format == FMT_JSON)
                r = output_json(stdout, &a, &oo);
        else if (o.format == FMT_TEXT)
                r = output_text(stdout, &a, &oo);
        else if (o.format == FMT_MARKDOWN || o.format == FMT_POSTMORTEM)
                r = output_markdown(stdout, &a, &oo, o.format == FMT_POSTMORTEM);
        else
                printf("%zu\n", event_list_count(&a.events));
        int status = exit_status(&a);
        if (fflush(stdout) != 0 || ferror(stdout)) {
                status = EXIT_INTERNAL; /* said once by main() */
        } else if (r < 0 || a.events.error < 0) {
                /* the scratch file of spilled events failed (a full disk) */
                cli_error("oomlens", "%s: %s", _("the events set aside in a temporary file could not be read back"),
                          strerror(-(r < 0 ? r : a.events.error)));
                status = EXIT_INTERNAL;
        }
        analysis_free(&a);
        return status;
}
