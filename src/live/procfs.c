/* procfs.c — reads processes, memory cgroups and system memory state from
 * /proc and /sys/fs/cgroup under a root directory (see procfs.h).  The
 * parsers at the top are pure; the I/O half below them opens files under
 * the root only, bounded to PROCFS_FILE_MAX bytes each.
 */
#include "procfs.h"
#include "event.h"
#include "root_open.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stddef.h>
#include <sys/stat.h>
#include <unistd.h>

#define CGROUP_WALK_DEPTH 64      /* deeper cgroup trees are not walked further */
#define CGROUP_WALK_MAX 65536     /* directories visited at most */
#define CAP_SYS_ADMIN_BIT 21      /* include/uapi/linux/capability.h */

/* ---- pure parsers ------------------------------------------------------ */

/* The next line of [*p, end): sets *line and *n (without '\n'), advances *p. */
static bool next_line(const char **p, const char *end, const char **line, size_t *n)
{
        if (*p >= end)
                return false;
        const char *nl = memchr(*p, '\n', (size_t)(end - *p));
        const char *stop = nl ? nl : end;
        *line = *p;
        *n = (size_t)(stop - *p);
        *p = nl ? nl + 1 : end;
        return true;
}

static bool is_blank(char c) { return c == ' ' || c == '\t'; }

/* A decimal integer at the start of s (after blanks); stops at the first
 * non-digit.  -EINVAL without digits, -ERANGE on overflow. */
static int parse_i64_prefix(const char *s, size_t n, int64_t *ret, size_t *ret_used)
{
        size_t i = 0;
        bool neg = false;
        uint64_t v = 0, max = (uint64_t)INT64_MAX;

        while (i < n && is_blank(s[i]))
                i++;
        if (i < n && (s[i] == '-' || s[i] == '+'))
                neg = s[i++] == '-';
        if (neg)
                max++;
        size_t digits = i;
        for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
                unsigned d = (unsigned)(s[i] - '0');
                if (v > (max - d) / 10)
                        return -ERANGE;
                v = v * 10 + d;
        }
        if (i == digits)
                return -EINVAL;
        *ret = neg ? (v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v) : (int64_t)v;
        if (ret_used)
                *ret_used = i;
        return 0;
}

/* Only blanks and newlines follow. */
static bool rest_blank(const char *s, size_t n)
{
        for (size_t i = 0; i < n; i++)
                if (!is_blank(s[i]) && s[i] != '\n' && s[i] != '\0')
                        return false;
        return true;
}

int procfs_parse_int(const char *buf, size_t len, int64_t *ret)
{
        int64_t v;
        size_t used;
        int r = parse_i64_prefix(buf, len, &v, &used);
        if (r < 0)
                return r;
        if (!rest_blank(buf + used, len - used))
                return -EINVAL;
        *ret = v;
        return 0;
}

int procfs_parse_limit(const char *buf, size_t len, int64_t *ret_bytes)
{
        size_t n = len;
        while (n > 0 && (buf[n - 1] == '\n' || is_blank(buf[n - 1])))
                n--;
        if (n == 3 && memcmp(buf, "max", 3) == 0) {
                *ret_bytes = OOM_UNSET;
                return 0;
        }
        int64_t v;
        int r = procfs_parse_int(buf, len, &v);
        if (r < 0)
                return r;
        if (v < 0)
                return -EINVAL;
        /* v1 "unlimited" is PAGE_COUNTER_MAX pages in bytes: INT64_MAX
         * rounded down to the page size (up to 1 MiB pages covered). */
        *ret_bytes = v > INT64_MAX - (INT64_C(1) << 20) ? OOM_UNSET : v;
        return 0;
}

int procfs_parse_key_value(const char *buf, size_t len, const char *key, int64_t *ret)
{
        const char *p = buf, *end = buf + len, *line;
        size_t n, klen = strlen(key);

        while (next_line(&p, end, &line, &n)) {
                if (n <= klen || memcmp(line, key, klen) != 0 || !is_blank(line[klen]))
                        continue;
                return procfs_parse_int(line + klen, n - klen, ret);
        }
        return -ENOENT;
}

/* "Key:" at the start of line: the value after it, else NULL. */
static const char *field(const char *line, size_t n, const char *key, size_t *ret_n)
{
        size_t klen = strlen(key);
        if (n <= klen || memcmp(line, key, klen) != 0 || line[klen] != ':')
                return NULL;
        *ret_n = n - klen - 1;
        return line + klen + 1;
}

/* A "Key:   123 kB" value. */
/* KEY's value in kB into *dst: 0 absent, 1 read, -1 present but not a
 * number (a damaged or forged file: the process is unreadable, not gone). */
static int field_kb(const char *line, size_t n, const char *key, int64_t *dst)
{
        size_t vn;
        const char *v = field(line, n, key, &vn);
        int64_t x;
        if (!v)
                return 0;
        if (parse_i64_prefix(v, vn, &x, NULL) < 0 || x < 0)
                return -1;
        *dst = x;
        return 1;
}

int procfs_parse_meminfo(const char *buf, size_t len, struct system_mem *ret)
{
        struct system_mem m = *ret;
        const char *p = buf, *end = buf + len, *line;
        size_t n;

        m.mem_total_kb = m.mem_available_kb = m.mem_free_kb = OOM_UNSET;
        m.swap_total_kb = m.swap_free_kb = m.committed_as_kb = m.commit_limit_kb = OOM_UNSET;
        while (next_line(&p, end, &line, &n)) {
                field_kb(line, n, "MemTotal", &m.mem_total_kb);
                field_kb(line, n, "MemFree", &m.mem_free_kb);
                field_kb(line, n, "MemAvailable", &m.mem_available_kb);
                field_kb(line, n, "SwapTotal", &m.swap_total_kb);
                field_kb(line, n, "SwapFree", &m.swap_free_kb);
                field_kb(line, n, "Committed_AS", &m.committed_as_kb);
                field_kb(line, n, "CommitLimit", &m.commit_limit_kb);
        }
        if (m.mem_total_kb == OOM_UNSET)
                return -EINVAL;
        *ret = m;
        return 0;
}

static void copy_comm(char dst[PROCFS_COMM_MAX], const char *v, size_t n)
{
        while (n > 0 && is_blank(*v))
                v++, n--;
        /* an embedded NUL would silently shorten it: keep the bytes visible */
        char tmp[PROCFS_COMM_MAX + 1];
        size_t m = n < sizeof(tmp) ? n : sizeof(tmp);
        for (size_t i = 0; i < m; i++)
                tmp[i] = v[i] ? v[i] : '?';
        copy_field(dst, PROCFS_COMM_MAX, tmp, m); /* a longer name ends in "…" */
}

/* 1 read, 0 absent or not a number (*dst unchanged, *bad set then). */
static int field_int_bad(const char *line, size_t n, const char *key, int64_t *dst, bool *bad)
{
        size_t vn;
        const char *v = field(line, n, key, &vn);
        int64_t x;
        if (!v)
                return 0;
        if (parse_i64_prefix(v, vn, &x, NULL) < 0) {
                *bad = true;
                return 0;
        }
        *dst = x;
        return 1;
}

static int field_int(const char *line, size_t n, const char *key, int64_t *dst)
{
        bool bad = false;
        return field_int_bad(line, n, key, dst, &bad);
}

/* Bit B of a "CapEff:" hex mask (as 000001ffffffffff). */
static bool cap_bit(const char *v, size_t n, unsigned b)
{
        while (n > 0 && is_blank(*v))
                v++, n--;
        size_t digits = 0;
        while (digits < n && strchr("0123456789abcdefABCDEF", v[digits]) && v[digits])
                digits++;
        if (b / 4 >= digits)
                return false;
        char c = v[digits - 1 - b / 4];
        unsigned nibble = (unsigned)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
        return (nibble >> (b % 4)) & 1;
}

int procfs_parse_status(const char *buf, size_t len, struct proc_task *ret)
{
        struct proc_task t = *ret;
        const char *p = buf, *end = buf + len, *line;
        size_t n, vn;
        bool have_name = false;
        int64_t pid = -1, ppid = -1, uid = -1, kthread = 0, threads = 1;
        bool have_kthread = false, bad = false;

        t.vm_rss_kb = t.rss_anon_kb = t.rss_file_kb = t.rss_shmem_kb = OOM_UNSET;
        t.swap_kb = t.pgtables_kb = OOM_UNSET;
        t.cap_sys_admin = false;
        /* ~57 lines, 12 wanted: the first letter picks the candidates (this
         * loop runs for every process on every refresh of top) */
        while (next_line(&p, end, &line, &n)) {
                const char *v;
                if (n == 0)
                        continue;
                switch (line[0]) {
                case 'N':
                        if (!have_name && (v = field(line, n, "Name", &vn))) {
                                copy_comm(t.comm, v, vn);
                                have_name = true;
                        }
                        break;
                case 'P':
                        if (!field_int_bad(line, n, "Pid", &pid, &bad))
                                field_int_bad(line, n, "PPid", &ppid, &bad);
                        break;
                case 'U': field_int_bad(line, n, "Uid", &uid, &bad); break; /* real uid comes first */
                case 'K': have_kthread |= field_int(line, n, "Kthread", &kthread); break;
                case 'T': field_int(line, n, "Threads", &threads); break;
                case 'R':
                        bad |= field_kb(line, n, "RssAnon", &t.rss_anon_kb) < 0;
                        bad |= field_kb(line, n, "RssFile", &t.rss_file_kb) < 0;
                        bad |= field_kb(line, n, "RssShmem", &t.rss_shmem_kb) < 0;
                        break;
                case 'V':
                        bad |= field_kb(line, n, "VmRSS", &t.vm_rss_kb) < 0;
                        bad |= field_kb(line, n, "VmSwap", &t.swap_kb) < 0;
                        bad |= field_kb(line, n, "VmPTE", &t.pgtables_kb) < 0;
                        break;
                case 'C':
                        if ((v = field(line, n, "CapEff", &vn)))
                                t.cap_sys_admin = cap_bit(v, vn, CAP_SYS_ADMIN_BIT);
                        break;
                }
        }
        if (bad)
                return -EBADMSG;
        if (!have_name || pid <= 0 || pid > INT_MAX || uid < 0 || uid > UINT32_MAX)
                return -EINVAL;
        t.pid = (int)pid;
        t.ppid = ppid >= 0 && ppid <= INT_MAX ? (int)ppid : -1;
        t.uid = (uid_t)uid;
        t.threads = threads > 0 && threads <= INT_MAX ? (int)threads : 1;
        /* "Kthread:" is new (6.x); before it, kthreadd (pid 2) and its
         * children without an mm are the kernel threads (inside a pid
         * namespace pid 2 is an ordinary process, with an mm) */
        t.kernel_thread = kthread == 1 ||
                          (!have_kthread && t.vm_rss_kb == OOM_UNSET && (t.pid == 2 || t.ppid == 2));
        *ret = t;
        return 0;
}

/* Whether a comma-separated v1 controller list holds "memory". */
static bool has_memory_controller(const char *s, size_t n)
{
        size_t i = 0;
        while (i < n) {
                size_t j = i;
                while (j < n && s[j] != ',')
                        j++;
                if (j - i == 6 && memcmp(s + i, "memory", 6) == 0)
                        return true;
                i = j + 1;
        }
        return false;
}

static char *dup_bounded(const char *s, size_t n, size_t max)
{
        if (n > max)
                n = max;
        char *d = malloc(n + 1);
        if (!d)
                return NULL;
        for (size_t i = 0; i < n; i++)
                d[i] = s[i] ? s[i] : '?';
        d[n] = '\0';
        return d;
}

int procfs_parse_cgroup_file(const char *buf, size_t len, char **ret_memcg_path)
{
        const char *p = buf, *end = buf + len, *line, *v1 = NULL, *v2 = NULL;
        size_t n, v1n = 0, v2n = 0;

        /* "hierarchy-ID:controller-list:cgroup-path"; the path may itself
         * contain ':' so it is everything after the second colon. */
        while (next_line(&p, end, &line, &n)) {
                const char *c1 = memchr(line, ':', n);
                if (!c1)
                        continue;
                const char *c2 = memchr(c1 + 1, ':', (size_t)(line + n - c1 - 1));
                if (!c2)
                        continue;
                const char *path = c2 + 1;
                size_t pn = (size_t)(line + n - path);
                if (c1 - line == 1 && line[0] == '0' && c2 == c1 + 1) {
                        if (!v2)
                                v2 = path, v2n = pn;
                } else if (!v1 && has_memory_controller(c1 + 1, (size_t)(c2 - c1 - 1))) {
                        v1 = path, v1n = pn;
                }
        }
        const char *path = v1 ? v1 : v2;
        size_t pn = v1 ? v1n : v2n;
        if (!path || pn == 0)
                return -ENODATA;
        char *d = dup_bounded(path, pn, PATH_MAX);
        if (!d)
                return -ENOMEM;
        *ret_memcg_path = d;
        return 0;
}

/* "avg10=0.00 avg60=0.00 ..." after "some"/"full". */
static int psi_line(const char *s, size_t n, double *avg10, double *avg60)
{
        char tmp[256];
        double a10, a60;

        if (n >= sizeof(tmp))
                n = sizeof(tmp) - 1;
        memcpy(tmp, s, n);
        tmp[n] = '\0';
        const char *x = strstr(tmp, "avg10="), *y = strstr(tmp, "avg60=");
        if (!x || !y)
                return -EINVAL;
        char *e1, *e2;
        a10 = strtod(x + 6, &e1);
        a60 = strtod(y + 6, &e2);
        if (e1 == x + 6 || e2 == y + 6 || !(a10 >= 0 && a10 <= 100) || !(a60 >= 0 && a60 <= 100))
                return -EINVAL;
        *avg10 = a10;
        *avg60 = a60;
        return 0;
}

int procfs_parse_psi(const char *buf, size_t len, struct procfs_psi *ret)
{
        struct procfs_psi r = { 0 };
        const char *p = buf, *end = buf + len, *line;
        size_t n;
        bool some = false;

        while (next_line(&p, end, &line, &n)) {
                if (n > 5 && memcmp(line, "some ", 5) == 0 && !some)
                        some = psi_line(line + 5, n - 5, &r.some_avg10, &r.some_avg60) == 0;
                else if (n > 5 && memcmp(line, "full ", 5) == 0 && !r.has_full)
                        r.has_full = psi_line(line + 5, n - 5, &r.full_avg10, &r.full_avg60) == 0;
        }
        if (!some)
                return -EINVAL;
        *ret = r;
        return 0;
}

int procfs_parse_cmdline(const char *buf, size_t len, char **ret)
{
        if (len > PROCFS_CMDLINE_MAX)
                len = PROCFS_CMDLINE_MAX;
        while (len > 0 && buf[len - 1] == '\0')
                len--;
        char *d = malloc(len + 1);
        if (!d)
                return -ENOMEM;
        for (size_t i = 0; i < len; i++)
                d[i] = buf[i] ? buf[i] : ' ';
        d[len] = '\0';
        *ret = d;
        return 0;
}

/* ---- I/O under the root ------------------------------------------------ */

/* pid -> memory cgroup, from the cgroup.procs files of the hierarchy: one
 * read per cgroup instead of one /proc/PID/cgroup per process. */
struct member {
        int pid;
        uint32_t dir;              /* index into dirs */
};

struct membership {
        bool active;               /* the hierarchy's root has a readable cgroup.procs, in our pid namespace */
        bool complete;             /* every cgroup was read: the map holds every process */
        struct member *m;
        size_t n, cap;
        char **dirs;               /* paths as /proc/PID/cgroup names them */
        size_t n_dirs, cap_dirs;
};

struct reader {
        const char *root;
        int root_fd;               /* the captured tree's directory; -1 for the live machine */
        unsigned flags;            /* enum procfs_flags */
        const struct procfs_reuse *reuse;
        struct membership members;
        char buf[PROCFS_FILE_MAX];
        size_t len;
};

/* REL (below the root) opened for reading.  The live /proc and /sys are
 * the kernel's own, nothing can be planted there, and this is top's hot
 * path: a plain open().  A captured tree goes through root_open.h: inside
 * it only, and a FIFO or device planted in it is unreadable (-EBADFD), not
 * waited on.  -errno. */
static int open_rel(const struct reader *r, const char *rel, unsigned flags)
{
        if (r->root_fd >= 0)
                return root_openat(r->root_fd, rel, flags);
        char path[PATH_MAX];
        int k = snprintf(path, sizeof(path), "/%s", rel);
        if (k < 0 || (size_t)k >= sizeof(path))
                return -ENAMETOOLONG;
        int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | ((flags & ROOT_OPEN_DIRECTORY) ? O_DIRECTORY : 0));
        return fd < 0 ? -errno : fd;
}

/* The directory REL for readdir(), or NULL with errno set. */
static DIR *open_dir_rel(const struct reader *r, const char *rel)
{
        int fd = open_rel(r, rel, ROOT_OPEN_DIRECTORY);
        if (fd < 0) {
                errno = -fd;
                return NULL;
        }
        DIR *d = fdopendir(fd);
        if (!d) {
                int e = errno;
                close(fd);
                errno = e;
        }
        return d;
}

/* Reads root + rel into r->buf (at most PROCFS_FILE_MAX bytes, the rest
 * ignored).  ONE_SHOT: the file comes whole in one read() when the buffer
 * holds it, so a short read is its end — true of the per-process files
 * read here (single_open() seq_files, oom_score_adj, cmdline) and saves a
 * read() per file per process; not of multi-record files such as
 * /proc/vmstat, which come a page at a time.  -errno; ESRCH from a
 * vanished /proc/PID is passed through. */
static int read_rel_mode(struct reader *r, const char *rel, bool one_shot)
{
        int fd = open_rel(r, rel, 0);
        if (fd < 0)
                return fd;
        size_t got = 0;
        while (got < sizeof(r->buf)) {
                ssize_t m = read(fd, r->buf + got, sizeof(r->buf) - got);
                if (m < 0) {
                        if (errno == EINTR)
                                continue;
                        int e = -errno;
                        close(fd);
                        return e;
                }
                if (m == 0)
                        break;
                got += (size_t)m;
                if (one_shot && got < sizeof(r->buf))
                        break;
        }
        close(fd);
        r->len = got;
        return 0;
}

static int read_rel(struct reader *r, const char *rel) { return read_rel_mode(r, rel, false); }
static int read_proc_pid(struct reader *r, const char *rel) { return read_rel_mode(r, rel, true); }

static int read_int_rel(struct reader *r, const char *rel, int64_t *ret)
{
        int e = read_rel(r, rel);
        return e < 0 ? e : procfs_parse_int(r->buf, r->len, ret);
}

static int read_pid_int(struct reader *r, const char *rel, int64_t *ret)
{
        int e = read_proc_pid(r, rel);
        return e < 0 ? e : procfs_parse_int(r->buf, r->len, ret);
}

static int read_small_int(struct reader *r, const char *rel)
{
        int64_t v;
        if (read_int_rel(r, rel, &v) < 0 || v < INT_MIN || v > INT_MAX)
                return PROCFS_INT_UNSET;
        return (int)v;
}

static int read_system(struct reader *r, struct system_mem *sys)
{
        struct procfs_psi psi;
        int e = read_rel(r, "proc/meminfo");
        if (e < 0)
                return e;
        e = procfs_parse_meminfo(r->buf, r->len, sys);
        if (e < 0)
                return e;
        sys->vmstat_oom_kill = OOM_UNSET;
        if (read_rel(r, "proc/vmstat") == 0)
                (void)procfs_parse_key_value(r->buf, r->len, "oom_kill", &sys->vmstat_oom_kill);
        sys->has_psi = read_rel(r, "proc/pressure/memory") == 0 &&
                       procfs_parse_psi(r->buf, r->len, &psi) == 0;
        if (sys->has_psi) {
                sys->psi_some_avg10 = psi.some_avg10;
                sys->psi_some_avg60 = psi.some_avg60;
                sys->psi_full_avg10 = psi.full_avg10;
                sys->psi_full_avg60 = psi.full_avg60;
        }
        sys->overcommit_memory = read_small_int(r, "proc/sys/vm/overcommit_memory");
        sys->overcommit_ratio = read_small_int(r, "proc/sys/vm/overcommit_ratio");
        sys->panic_on_oom = read_small_int(r, "proc/sys/vm/panic_on_oom");
        sys->oom_kill_allocating_task = read_small_int(r, "proc/sys/vm/oom_kill_allocating_task");
        sys->swappiness = read_small_int(r, "proc/sys/vm/swappiness");
        sys->kernel_release[0] = '\0';
        if (read_rel(r, "proc/sys/kernel/osrelease") == 0) {
                size_t n = 0;
                while (n < r->len && n + 1 < sizeof(sys->kernel_release) && r->buf[n] > ' ' && r->buf[n] < 0x7f)
                        n++;
                memcpy(sys->kernel_release, r->buf, n);
                sys->kernel_release[n] = '\0';
        }
        return 0;
}

static bool exists_rel(const char *root, const char *rel)
{
        char path[PATH_MAX];
        int k = snprintf(path, sizeof(path), "%s/%s", root, rel);
        return k > 0 && (size_t)k < sizeof(path) && access(path, F_OK) == 0;
}

static int detect_layout(const char *root)
{
        if (exists_rel(root, "sys/fs/cgroup/cgroup.controllers"))
                return PROCFS_CGROUP_V2;
        if (exists_rel(root, "sys/fs/cgroup/memory/memory.limit_in_bytes"))
                return exists_rel(root, "sys/fs/cgroup/unified") ? PROCFS_CGROUP_HYBRID : PROCFS_CGROUP_V1;
        return PROCFS_CGROUP_NONE;
}

static void task_free(struct proc_task *t)
{
        free(t->cmdline);
        free(t->cgroup);
        t->cmdline = t->cgroup = NULL;
}

static bool vanished(int e) { return e == -ENOENT || e == -ESRCH; }

/* cgroup.procs lists pids as the reader's pid namespace numbers them: the
 * map fits ROOT/proc only when that procfs is of our namespace (its "self"
 * is our pid), or is no procfs at all (a captured tree, made in one
 * namespace by tools/capture-host.sh). */
static bool same_pid_namespace(const char *root)
{
        char path[PATH_MAX], link[32];
        int k = snprintf(path, sizeof(path), "%s/proc/self", root);
        if (k < 0 || (size_t)k >= sizeof(path))
                return false;
        ssize_t n = readlink(path, link, sizeof(link) - 1);
        if (n < 0)
                return errno == ENOENT;
        link[n] = '\0';
        return atoi(link) == (int)getpid();
}

static int member_cmp(const void *a, const void *b)
{
        int x = ((const struct member *)a)->pid, y = ((const struct member *)b)->pid;
        return (x > y) - (x < y);
}

/* *ret = a copy of PID's cgroup path; -ENOENT when the map lacks it (a
 * process started after the walk: its /proc/PID/cgroup is read). */
static int member_path(const struct membership *ms, int pid, char **ret)
{
        struct member key = { .pid = pid };
        if (ms->n == 0)
                return -ENOENT;
        const struct member *m = bsearch(&key, ms->m, ms->n, sizeof(*ms->m), member_cmp);
        if (!m)
                return -ENOENT;
        *ret = strdup(ms->dirs[m->dir]);
        return *ret ? 0 : -ENOMEM;
}

static void membership_free(struct membership *ms)
{
        for (size_t i = 0; i < ms->n_dirs; i++)
                free(ms->dirs[i]);
        free(ms->dirs);
        free(ms->m);
        memset(ms, 0, sizeof(*ms));
}

static bool all_digits(const char *s)
{
        if (!*s)
                return false;
        for (; *s; s++)
                if (*s < '0' || *s > '9')
                        return false;
        return true;
}

/* The memory numbers of PID's first thread that still has its mm. */
static void thread_mm(struct reader *r, const char *pid, struct proc_task *t)
{
        char rel[PATH_MAX];
        snprintf(rel, sizeof(rel), "proc/%s/task", pid);
        DIR *d = open_dir_rel(r, rel);
        if (!d)
                return;
        struct dirent *de;
        while ((de = readdir(d))) {
                struct proc_task th = { 0 };
                if (!all_digits(de->d_name) || strcmp(de->d_name, pid) == 0 || strlen(de->d_name) > 10)
                        continue;
                snprintf(rel, sizeof(rel), "proc/%s/task/%s/status", pid, de->d_name);
                if (read_proc_pid(r, rel) < 0 || procfs_parse_status(r->buf, r->len, &th) < 0 ||
                    th.vm_rss_kb == OOM_UNSET)
                        continue;
                t->vm_rss_kb = th.vm_rss_kb;
                t->rss_anon_kb = th.rss_anon_kb;
                t->rss_file_kb = th.rss_file_kb;
                t->rss_shmem_kb = th.rss_shmem_kb;
                t->swap_kb = th.swap_kb;
                t->pgtables_kb = th.pgtables_kb;
                break;
        }
        closedir(d);
}

/* oom_score and cmdline of /proc/PID into *t: 1, 0 vanished, -ENOMEM. */
static int read_details(struct reader *r, const char *pid, struct proc_task *t)
{
        char rel[64];
        int64_t v;
        int e;
        snprintf(rel, sizeof(rel), "proc/%s/oom_score", pid);
        if ((e = read_pid_int(r, rel, &v)) == 0 && v >= 0 && v <= INT_MAX)
                t->oom_score = (int)v;
        else if (vanished(e))
                return 0;
        if (t->cmdline)
                return 1;
        snprintf(rel, sizeof(rel), "proc/%s/cmdline", pid);
        e = read_proc_pid(r, rel);
        if (vanished(e))
                return 0;
        return procfs_parse_cmdline(r->buf, e < 0 ? 0 : r->len, &t->cmdline) < 0 ? -ENOMEM : 1;
}

/* One /proc/PID.  1 = keep *t, 0 = skip (vanished, kernel thread, no mm),
 * TASK_UNREADABLE (its status unreadable, too long or damaged: a process
 * the OOM killer may well see, which top must not call gone), < 0 = out
 * of memory. */
#define TASK_UNREADABLE 2
static int read_task(struct reader *r, const char *pid, struct proc_task *t)
{
        char rel[64];
        int64_t v;
        int e;

        memset(t, 0, sizeof(*t));
        snprintf(rel, sizeof(rel), "proc/%s/status", pid);
        e = read_proc_pid(r, rel);
        if (vanished(e))
                return 0;
        if (e < 0 || r->len >= PROCFS_FILE_MAX || procfs_parse_status(r->buf, r->len, t) < 0)
                return TASK_UNREADABLE;
        /* a leader that called pthread_exit(): its status has no mm, its
         * threads share one (find_lock_task_mm() finds it too) */
        if (!t->kernel_thread && t->vm_rss_kb == OOM_UNSET && t->threads > 1)
                thread_mm(r, pid, t);
        /* no mm: the OOM killer skips it (find_lock_task_mm() fails) */
        if (t->kernel_thread || t->vm_rss_kb == OOM_UNSET)
                return 0;
        t->oom_score = t->oom_score_adj = PROCFS_INT_UNSET;
        snprintf(rel, sizeof(rel), "proc/%s/oom_score_adj", pid);
        if ((e = read_pid_int(r, rel, &v)) == 0 && v >= -1000 && v <= 1000)
                t->oom_score_adj = (int)v;
        else if (vanished(e))
                return 0;
        /* lazily: pid 1's oom_score still (0 marks the global init) */
        if (!(r->flags & PROCFS_DETAILS_LATER) || t->pid == 1) {
                e = read_details(r, pid, t);
                if (e <= 0)
                        return e;
        }
        if (r->members.active && (e = member_path(&r->members, t->pid, &t->cgroup)) != -ENOENT) {
                if (e < 0) {
                        task_free(t);
                        return -ENOMEM;
                }
                return 1;
        }
        snprintf(rel, sizeof(rel), "proc/%s/cgroup", pid);
        e = read_proc_pid(r, rel);
        if (vanished(e)) {
                task_free(t);
                return 0;
        }
        if (e == 0 && procfs_parse_cgroup_file(r->buf, r->len, &t->cgroup) == -ENOMEM) {
                task_free(t);
                return -ENOMEM;
        }
        t->cgroup_from_file = t->cgroup != NULL;
        return 1;
}


static int pid_cmp(const void *a, const void *b)
{
        int x = *(const int *)a, y = *(const int *)b;
        return (x > y) - (x < y);
}

static int task_pid_cmp(const void *a, const void *b)
{
        int x = ((const struct proc_task *)a)->pid, y = ((const struct proc_task *)b)->pid;
        return (x > y) - (x < y);
}

/* A process of the previous snapshot that is not hot is carried over
 * without reading it (its cgroup refreshed from cgroup.procs when that is
 * read): 1 taken, -ENOENT read it, -ENOMEM. */
static int reuse_task(struct reader *r, const char *pid_s, struct proc_task *t)
{
        const struct procfs_reuse *ru = r->reuse;
        if (!ru || !ru->prev)
                return -ENOENT;
        struct proc_task key = { .pid = atoi(pid_s) };
        if (ru->n_hot && bsearch(&key.pid, ru->hot, ru->n_hot, sizeof(int), pid_cmp))
                return -ENOENT;
        struct proc_task *old = ru->prev->n_tasks == 0 ? NULL : bsearch(&key, ru->prev->tasks, ru->prev->n_tasks, sizeof(key), task_pid_cmp);
        if (!old || !old->cgroup)
                return -ENOENT;
        *t = *old;
        old->cmdline = old->cgroup = NULL;   /* moved */
        t->reused = true;
        t->cgroup_from_file = false;         /* stripped already, or replaced from cgroup.procs below */
        if (r->members.active) {
                char *path;
                int e = member_path(&r->members, t->pid, &path);
                if (e == -ENOMEM) {
                        task_free(t);
                        return -ENOMEM;
                }
                if (e == 0) {
                        free(t->cgroup);
                        t->cgroup = path;
                }
        }
        return 1;
}

/* Appends the process PID_S to s (read or carried over), unless it is no
 * candidate (kernel thread, zombie, gone). */
static int take_pid(struct reader *r, struct proc_snapshot *s, const char *pid_s, size_t *cap)
{
        if (s->n_tasks == *cap) {
                size_t ncap = *cap ? *cap * 2 : 256;
                struct proc_task *nt = realloc(s->tasks, ncap * sizeof(*nt));
                if (!nt)
                        return -ENOMEM;
                s->tasks = nt;
                *cap = ncap;
        }
        int e = reuse_task(r, pid_s, &s->tasks[s->n_tasks]);
        if (e == -ENOENT)
                e = read_task(r, pid_s, &s->tasks[s->n_tasks]);
        if (e == TASK_UNREADABLE) {
                int *grown = reallocarray(s->unreadable, s->n_unreadable + 1, sizeof(*grown));
                if (!grown)
                        return -ENOMEM;
                s->unreadable = grown;
                s->unreadable[s->n_unreadable++] = atoi(pid_s);
                return 0;
        }
        if (e > 0)
                s->n_tasks++;
        return e < 0 ? e : 0;
}

/* A refresh with cgroup.procs just read: its pids are the processes, no
 * need to list /proc (10,000 entries cost milliseconds of kernel time). */
static int read_tasks_from_members(struct reader *r, struct proc_snapshot *s)
{
        const struct membership *ms = &r->members;
        size_t cap = 0;
        for (size_t i = 0; i < ms->n; i++) {
                int pid = ms->m[i].pid;
                if (i > 0 && ms->m[i - 1].pid == pid)
                        continue;   /* moved between two cgroups while listed */
                char pid_s[16];
                snprintf(pid_s, sizeof(pid_s), "%d", pid);
                int e = take_pid(r, s, pid_s, &cap);
                if (e < 0)
                        return e;
        }
        return 0;
}

static int read_tasks(struct reader *r, struct proc_snapshot *s)
{
        if (r->reuse && r->reuse->prev && r->members.active && r->members.complete && r->members.n > 0)
                return read_tasks_from_members(r, s);
        size_t cap = 0;
        DIR *d = open_dir_rel(r, "proc");
        if (!d)
                return errno == ENOENT ? 0 : -errno;
        struct dirent *de;
        int ret = 0;
        while (ret == 0 && (de = readdir(d))) {
                if (!all_digits(de->d_name) || strlen(de->d_name) > 10)
                        continue;
                ret = take_pid(r, s, de->d_name, &cap);
        }
        closedir(d);
        return ret;
}

static int64_t bytes_to_kb(int64_t b) { return b == OOM_UNSET ? OOM_UNSET : b / 1024; }

/* DIR/FILE (relative to the root) into r->buf. */
static int read_in(struct reader *r, const char *dir, const char *file)
{
        char rel[PATH_MAX];
        int k = snprintf(rel, sizeof(rel), "%s/%s", dir, file);
        if (k < 0 || (size_t)k >= sizeof(rel))
                return -ENAMETOOLONG;
        return read_rel(r, rel);
}

static int64_t read_bytes_kb(struct reader *r, const char *dir, const char *file)
{
        int64_t v;
        if (read_in(r, dir, file) < 0 || procfs_parse_limit(r->buf, r->len, &v) < 0)
                return OOM_UNSET;
        return bytes_to_kb(v);
}

static int64_t read_key_kb(struct reader *r, const char *dir, const char *file, const char *key)
{
        int64_t v;
        if (read_in(r, dir, file) < 0 || procfs_parse_key_value(r->buf, r->len, key, &v) < 0)
                return OOM_UNSET;
        return v;
}

static int read_int_rel_in(struct reader *r, const char *dir, const char *file, int64_t *ret)
{
        int e = read_in(r, dir, file);
        return e < 0 ? e : procfs_parse_int(r->buf, r->len, ret);
}

/* memory.stat's two file LRU counters (bytes) in kB, OOM_UNSET if unread. */
static int64_t file_lru_kb(struct reader *r, const char *dir, const char *active, const char *inactive)
{
        int64_t a, i;
        if (read_in(r, dir, "memory.stat") < 0 || procfs_parse_key_value(r->buf, r->len, active, &a) < 0 ||
            procfs_parse_key_value(r->buf, r->len, inactive, &i) < 0 || a < 0 || i < 0)
                return OOM_UNSET;
        return (a / 1024) + (i / 1024);
}

/* dir: the cgroup directory relative to root; path: as /proc/PID/cgroup names it. */
static void read_cgroup(struct reader *r, const char *dir, int version, struct cgroup_mem *c)
{
        c->version = version;
        if (version == 2) {
                c->usage_kb = read_bytes_kb(r, dir, "memory.current");
                c->limit_kb = read_bytes_kb(r, dir, "memory.max");
                c->swap_usage_kb = read_bytes_kb(r, dir, "memory.swap.current");
                c->swap_limit_kb = read_bytes_kb(r, dir, "memory.swap.max");
                c->oom_kill = read_key_kb(r, dir, "memory.events", "oom_kill");
                c->file_kb = file_lru_kb(r, dir, "active_file", "inactive_file");
                int64_t g;
                c->oom_group = read_int_rel_in(r, dir, "memory.oom.group", &g) == 0 ? g != 0 : -1;
                c->swappiness = -1;        /* v2: the machine's vm.swappiness */
                return;
        }
        c->oom_group = -1;
        c->file_kb = file_lru_kb(r, dir, "total_active_file", "total_inactive_file");
        int64_t sw;
        c->swappiness = read_int_rel_in(r, dir, "memory.swappiness", &sw) == 0 && sw >= 0 && sw <= 200 ? (int)sw : -1;
        c->usage_kb = read_bytes_kb(r, dir, "memory.usage_in_bytes");
        c->limit_kb = read_bytes_kb(r, dir, "memory.limit_in_bytes");
        /* memsw counts memory + swap (CONFIG_MEMCG_SWAP, swapaccount=1) */
        int64_t mu = read_bytes_kb(r, dir, "memory.memsw.usage_in_bytes");
        int64_t ml = read_bytes_kb(r, dir, "memory.memsw.limit_in_bytes");
        c->swap_usage_kb = mu != OOM_UNSET && c->usage_kb != OOM_UNSET && mu >= c->usage_kb
                                   ? mu - c->usage_kb : OOM_UNSET;
        c->swap_limit_kb = ml != OOM_UNSET && c->limit_kb != OOM_UNSET && ml >= c->limit_kb
                                   ? ml - c->limit_kb : OOM_UNSET;
        c->oom_kill = read_key_kb(r, dir, "memory.oom_control", "oom_kill");
}

struct walk {
        struct reader *r;
        struct proc_snapshot *s;
        size_t cap, visited;
        bool truncated;            /* the walk stopped at its limits: some cgroups were not read */
        int version;
        size_t base_len;           /* strlen of the hierarchy's dir relative to root */
};

static int add_cgroup(struct walk *w, const char *dir, bool is_root)
{
        struct cgroup_mem c = { 0 };
        /* the limit first: most cgroups have none, and their other files are not needed */
        if (!is_root && read_bytes_kb(w->r, dir, w->version == 2 ? "memory.max" : "memory.limit_in_bytes") == OOM_UNSET)
                return 0;
        read_cgroup(w->r, dir, w->version, &c);
        if (!is_root && c.limit_kb == OOM_UNSET)
                return 0;
        if (w->s->n_cgroups == w->cap) {
                size_t ncap = w->cap ? w->cap * 2 : 16;
                struct cgroup_mem *n = realloc(w->s->cgroups, ncap * sizeof(*n));
                if (!n)
                        return -ENOMEM;
                w->s->cgroups = n;
                w->cap = ncap;
        }
        c.path = strdup(is_root ? "/" : dir + w->base_len);
        if (!c.path)
                return -ENOMEM;
        w->s->cgroups[w->s->n_cgroups++] = c;
        return 0;
}

static int add_member(struct membership *ms, int64_t pid)
{
        if (pid <= 0 || pid > INT_MAX)
                return 0;
        if (ms->n == ms->cap) {
                size_t ncap = ms->cap ? ms->cap * 2 : 1024;
                struct member *nm = realloc(ms->m, ncap * sizeof(*nm));
                if (!nm)
                        return -ENOMEM;
                ms->m = nm;
                ms->cap = ncap;
        }
        ms->m[ms->n++] = (struct member){ .pid = (int)pid, .dir = (uint32_t)ms->n_dirs };
        return 0;
}

/* Adds the pids of DIR's cgroup.procs to the membership map.  The file is
 * streamed: a root cgroup of a busy host lists more pids than a buffer. */
static int read_members(struct walk *w, const char *dir, bool is_root)
{
        struct membership *ms = &w->r->members;
        char rel[PATH_MAX + 16];
        char *buf = w->r->buf;
        int k = snprintf(rel, sizeof(rel), "%s/cgroup.procs", dir);
        if (k < 0 || (size_t)k >= sizeof(rel))
                return 0;
        int fd = open_rel(w->r, rel, 0);
        if (fd < 0)
                return 0;           /* removed meanwhile: its processes are read one by one */
        if (ms->n_dirs == ms->cap_dirs) {
                size_t ncap = ms->cap_dirs ? ms->cap_dirs * 2 : 64;
                char **nd = realloc(ms->dirs, ncap * sizeof(*nd));
                if (!nd) {
                        close(fd);
                        return -ENOMEM;
                }
                ms->dirs = nd;
                ms->cap_dirs = ncap;
        }
        size_t have = 0;
        int ret = 0;
        for (;;) {
                ssize_t m = read(fd, buf + have, PROCFS_FILE_MAX - have);
                if (m < 0 && errno == EINTR)
                        continue;
                if (m <= 0)
                        break;      /* an error midway keeps what was read */
                have += (size_t)m;
                /* whole lines only; the rest waits for the next read */
                const char *p = buf, *end = buf + have, *nl;
                while (ret == 0 && (nl = memchr(p, '\n', (size_t)(end - p)))) {
                        int64_t pid;
                        if (procfs_parse_int(p, (size_t)(nl - p), &pid) == 0)
                                ret = add_member(ms, pid);
                        p = nl + 1;
                }
                have = (size_t)(end - p);
                memmove(buf, p, have);
                if (ret < 0 || have == PROCFS_FILE_MAX)
                        break;      /* a "line" longer than the buffer: not a pid list */
        }
        close(fd);
        if (ret == 0 && have > 0 && have < PROCFS_FILE_MAX) {
                int64_t pid;            /* a last line without its newline */
                if (procfs_parse_int(buf, have, &pid) == 0)
                        ret = add_member(ms, pid);
        }
        if (ret < 0)
                return ret;
        ms->dirs[ms->n_dirs] = strdup(is_root ? "/" : dir + w->base_len);
        if (!ms->dirs[ms->n_dirs])
                return -ENOMEM;
        ms->n_dirs++;
        return 0;
}

static int walk_cgroups(struct walk *w, char *dir, size_t dir_len, int depth)
{
        int ret = add_cgroup(w, dir, depth == 0);
        if (ret == 0 && w->r->members.active)
                ret = read_members(w, dir, depth == 0);
        if (ret < 0)
                return ret;
        if (depth >= CGROUP_WALK_DEPTH) {
                w->truncated = true;
                return 0;
        }
        DIR *d = open_dir_rel(w->r, dir);
        if (!d)
                return 0;            /* removed meanwhile, or unreadable: skip */
        struct dirent *de;
        while (ret == 0 && (de = readdir(d)) && w->visited < CGROUP_WALK_MAX) {
                if (de->d_name[0] == '.')
                        continue;
                if (de->d_type != DT_DIR && de->d_type != DT_UNKNOWN)
                        continue;
                size_t nl = strlen(de->d_name);
                if (dir_len + 1 + nl >= PATH_MAX)
                        continue;
                dir[dir_len] = '/';
                memcpy(dir + dir_len + 1, de->d_name, nl + 1);
                struct stat st;
                if (de->d_type == DT_UNKNOWN &&
                    (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISDIR(st.st_mode))) {
                        dir[dir_len] = '\0';
                        continue;
                }
                if (++w->visited >= CGROUP_WALK_MAX)
                        w->truncated = true;
                ret = walk_cgroups(w, dir, dir_len + 1 + nl, depth + 1);
                dir[dir_len] = '\0';
        }
        closedir(d);
        return ret;
}

static int read_cgroups(struct reader *r, struct proc_snapshot *s)
{
        char dir[PATH_MAX];
        struct walk w = { .r = r, .s = s };

        if (s->cgroup_layout == PROCFS_CGROUP_NONE)
                return 0;
        w.version = s->cgroup_layout == PROCFS_CGROUP_V2 ? 2 : 1;
        strcpy(dir, w.version == 2 ? "sys/fs/cgroup" : "sys/fs/cgroup/memory");
        w.base_len = strlen(dir);
        char rel[PATH_MAX + 16];
        snprintf(rel, sizeof(rel), "%s/cgroup.procs", dir);
        r->members.active = exists_rel(r->root, rel) && same_pid_namespace(r->root);
        int e = walk_cgroups(&w, dir, w.base_len, 0);
        r->members.complete = !w.truncated;
        if (e < 0 || !r->members.active || r->members.n == 0)
                return e;
        qsort(r->members.m, r->members.n, sizeof(*r->members.m), member_cmp);
        return 0;
}

/* A container without a cgroup namespace (docker on v1, classic LXC): its
 * /proc/PID/cgroup paths name the host's hierarchy ("/docker/<id>/...")
 * while the hierarchy mounted inside starts at that cgroup.  Pid 1's path
 * missing from the mounted hierarchy is the sign; it is stripped from
 * every task's path so that they match the cgroups walked. */
/* The host path of the container's root cgroup, or NULL: pid 1's path as
 * /proc/1/cgroup gives it, when the mounted hierarchy has no such
 * directory.  *ret malloc'ed; -ENOMEM. */
static int find_cgroup_prefix(struct reader *r, const struct proc_snapshot *s, char **ret)
{
        char *init = NULL;
        *ret = NULL;
        if (read_proc_pid(r, "proc/1/cgroup") < 0)
                return 0;
        if (procfs_parse_cgroup_file(r->buf, r->len, &init) == -ENOMEM)
                return -ENOMEM;
        char rel[PATH_MAX];
        int k = init ? snprintf(rel, sizeof(rel), "%s%s",
                                s->cgroup_layout == PROCFS_CGROUP_V2 ? "sys/fs/cgroup" : "sys/fs/cgroup/memory", init) : -1;
        if (!init || strcmp(init, "/") == 0 || k < 0 || (size_t)k >= sizeof(rel) || exists_rel(r->root, rel)) {
                free(init);
                return 0;
        }
        *ret = init;
        return 0;
}

static int strip_cgroup_prefix(struct reader *r, struct proc_snapshot *s)
{
        char *prefix = NULL;
        if (s->cgroup_layout == PROCFS_CGROUP_NONE)
                return 0;
        /* a refresh keeps what the full scan found: its pid 1 may be carried over, already stripped */
        if (r->reuse && r->reuse->prev && r->reuse->prev->cgroup_ns_prefix) {
                if (!(prefix = strdup(r->reuse->prev->cgroup_ns_prefix)))
                        return -ENOMEM;
        } else if (find_cgroup_prefix(r, s, &prefix) < 0) {
                return -ENOMEM;
        }
        if (!prefix)
                return 0;
        size_t pl = strlen(prefix);
        for (size_t i = 0; i < s->n_tasks; i++) {
                char *c = s->tasks[i].cgroup;
                /* only paths read from /proc/PID/cgroup are the host's */
                if (!c || !s->tasks[i].cgroup_from_file || strncmp(c, prefix, pl) != 0 ||
                    (c[pl] != '\0' && c[pl] != '/'))
                        continue;
                if (c[pl] == '\0')
                        strcpy(c, "/");
                else
                        memmove(c, c + pl, strlen(c + pl) + 1);
        }
        s->cgroup_ns_prefix = prefix;
        return 0;
}

/* Whether ROOT/proc's pid 1 is the machine's init (which the OOM killer
 * never picks) or a container's (an ordinary task): known when ROOT/proc is
 * our own /proc — the initial pid namespace has the fixed inode
 * PROC_PID_INIT_INO (include/linux/proc_ns.h) — else -1. */
static int pid1_global_init(const char *root)
{
        struct stat st;
        /* a captured tree (no proc/self) or another namespace's procfs: unknown */
        if (strcmp(root, "/") != 0 && (!exists_rel(root, "proc/self") || !same_pid_namespace(root)))
                return -1;
        if (stat("/proc/self/ns/pid", &st) < 0)
                return -1;
        return st.st_ino == 0xEFFFFFFCu;
}

bool procfs_pid_unreadable(const struct proc_snapshot *s, int pid)
{
        for (size_t i = 0; i < s->n_unreadable; i++)
                if (s->unreadable[i] == pid)
                        return true;
        return false;
}

void procfs_snapshot_free(struct proc_snapshot *s)
{
        if (!s)
                return;
        for (size_t i = 0; i < s->n_tasks; i++)
                task_free(&s->tasks[i]);
        for (size_t i = 0; i < s->n_cgroups; i++)
                free(s->cgroups[i].path);
        free(s->tasks);
        free(s->cgroups);
        free(s->cgroup_ns_prefix);
        free(s->unreadable);
        memset(s, 0, sizeof(*s));
}

int procfs_snapshot_ex(const char *root, unsigned flags, const struct procfs_reuse *reuse,
                       struct proc_snapshot *ret)
{
        struct proc_snapshot s = { 0 };
        struct reader *r = malloc(sizeof(*r));
        if (!r)
                return -ENOMEM;
        r->root = root && *root ? root : "/";
        r->root_fd = -1;
        if (strcmp(r->root, "/") != 0 && (r->root_fd = root_dir_open(r->root)) < 0) {
                int e = r->root_fd;
                free(r);
                return e;
        }
        r->flags = flags;
        r->reuse = reuse;
        memset(&r->members, 0, sizeof(r->members));
        int e = read_system(r, &s.sys);
        if (e == 0) {
                s.cgroup_layout = detect_layout(r->root);
                /* the cgroups first: their cgroup.procs say where each process is */
                e = read_cgroups(r, &s);
        }
        if (e == 0)
                e = read_tasks(r, &s);
        if (e == 0)
                e = strip_cgroup_prefix(r, &s);
        s.pid1_global_init = pid1_global_init(r->root);
        /* the page size: this machine's; a captured tree's is not recorded (4 KiB) */
        long page = strcmp(r->root, "/") == 0 ? sysconf(_SC_PAGESIZE) : 4096;
        s.page_kb = page >= 1024 ? page / 1024 : 4;
        membership_free(&r->members);
        if (r->root_fd >= 0)
                close(r->root_fd);
        free(r);
        if (e < 0) {
                procfs_snapshot_free(&s);
                return e;
        }
        /* /proc lists pids in order; sorted for reuse_task()'s lookups */
        if (s.n_tasks > 1)
                qsort(s.tasks, s.n_tasks, sizeof(*s.tasks), task_pid_cmp);
        for (size_t i = 0; i < s.n_tasks; i++)
                s.n_reused += s.tasks[i].reused;
        *ret = s;
        return 0;
}

/* The boot time, µs since the epoch: "btime" of ROOT/proc/stat (the line
 * comes after the per-CPU and interrupt lines, which may be long);
 * OOM_UNSET when it cannot be read (a captured tree without it). */
int64_t procfs_boot_time_us(const char *root)
{
        FILE *f = root_fopen(root, "proc/stat");
        if (!f)
                return OOM_UNSET;
        char *line = NULL;
        size_t cap = 0;
        int64_t ret = OOM_UNSET;
        while (getline(&line, &cap, f) > 0) {
                long long v;
                if (strncmp(line, "btime ", 6) == 0 && sscanf(line + 6, "%lld", &v) == 1 && v > 0 &&
                    v < INT64_MAX / 1000000) {
                        ret = (int64_t)v * 1000000;
                        break;
                }
        }
        free(line);
        fclose(f);
        return ret;
}

int procfs_snapshot(const char *root, struct proc_snapshot *ret)
{
        return procfs_snapshot_ex(root, 0, NULL, ret);
}

int procfs_task_details(const char *root, struct proc_task *t)
{
        char pid[16];
        struct reader *r = malloc(sizeof(*r));
        if (!r)
                return -ENOMEM;
        memset(r, 0, offsetof(struct reader, buf));
        r->root = root && *root ? root : "/";
        bool live = strcmp(r->root, "/") == 0;
        r->root_fd = live ? -1 : root_dir_open(r->root);
        snprintf(pid, sizeof(pid), "%d", t->pid);
        int e = live || r->root_fd >= 0 ? read_details(r, pid, t) : r->root_fd;
        if (r->root_fd >= 0)
                close(r->root_fd);
        free(r);
        return e < 0 ? e : e == 0 ? -ESRCH : 0;
}
