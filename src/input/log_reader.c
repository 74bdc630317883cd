/* log_reader.c — reading logs into a log set (see log_reader.h): one file
 * or stream in any container, or this machine's own logs (/dev/kmsg, the
 * journal, /var/log with its rotations) or those of a captured tree, each
 * opened through root_open.h so that nothing outside the tree, and nothing
 * that would block, is read. */
#include "log_reader.h"

#include <errno.h>
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "cli_msg.h"
#include "exit_codes.h"
#include "i18n.h"
#include "report_parse.h"
#include "root_open.h"
#include "scanner.h"
#include "source.h"

struct input_counter {
        struct event_list *list;
        size_t n;
};

static void count_and_add(struct oom_event *e, void *userdata) {
        struct input_counter *c = userdata;
        c->n++;
        event_list_add(e, c->list);
}

static const char *privilege_hint(const char *kind) {
        if (strcmp(kind, "kmsg") == 0)
                return _("run as root, or grant CAP_SYSLOG, or set kernel.dmesg_restrict=0");
        if (strcmp(kind, "journal") == 0)
                return _("run as root, or join the systemd-journal or adm group");
        return _("run as root, or join the adm group");
}

static void warn_input(const struct log_read_options *o, const struct input_summary *in) {
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

static struct input_summary *new_input(struct log_set *a, const char *name, const char *kind) {
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
static void read_source(struct log_set *a, struct input_summary *in, struct source *src, int64_t boot_us,
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
static void read_opened(struct log_set *a, const char *name, const char *kind, int r, struct source *src,
                        int64_t boot_us, const struct log_read_options *o) {
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

static void read_journal(struct log_set *a, const char *dir, const struct log_read_options *o);
static int64_t live_boot_time_us(void);

static void read_path(struct log_set *a, const char *path, const char *kind, int64_t boot_us,
                      const struct log_read_options *o) {
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

static void read_journal(struct log_set *a, const char *dir, const struct log_read_options *o) {
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
static void read_local(struct log_set *a, const struct local_root *lr, const char *rel, const char *kind,
                       int64_t boot_us, bool missing_ok, const struct log_read_options *o) {
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
static void local_unreadable(struct log_set *a, const struct local_root *lr, const char *rel, const char *kind,
                             int err, const struct log_read_options *o) {
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
static bool collect_journal_files(struct log_set *a, const struct local_root *lr, const char *dir, int depth,
                                  struct journal_set *js, const struct log_read_options *o) {
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
static void read_root_journal(struct log_set *a, const struct local_root *lr, const struct log_read_options *o) {
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
static void read_var_log(struct log_set *a, const struct local_root *lr, const struct log_read_options *o) {
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

void log_read_local(struct log_set *a, const struct log_read_options *o) {
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

void log_read_path(struct log_set *a, const char *path, const struct log_read_options *o) {
        read_path(a, path, "file", o->have_boot ? o->boot_us : OOM_UNSET, o);
}

int log_set_status(const struct log_set *a) {
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

void log_set_free(struct log_set *a) {
        event_list_clear(&a->events);
        for (size_t i = 0; i < a->n_inputs; i++) {
                free((char *)a->inputs[i].name);
                free((char *)a->inputs[i].error_text);
        }
        free(a->inputs);
}
