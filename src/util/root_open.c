/* root_open.c — files of a root opened without leaving it or blocking on
 * them (see root_open.h): openat2(RESOLVE_IN_ROOT) or, without it, a walk
 * of O_NOFOLLOW opens that follows symlinks by hand; then the file type. */
#include "root_open.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "i18n.h"

#if defined(__has_include)
#if __has_include(<linux/openat2.h>)
#include <linux/openat2.h>
#define HAVE_OPEN_HOW 1
#endif
#endif
#ifndef HAVE_OPEN_HOW
/* include/uapi/linux/openat2.h */
struct open_how {
        uint64_t flags, mode, resolve;
};
#define RESOLVE_NO_MAGICLINKS 0x02
#define RESOLVE_IN_ROOT 0x10
#endif

#define WALK_MAX_LINKS 40   /* the kernel's MAXSYMLINKS */
#define WALK_MAX_DEPTH 256  /* directories held open while walking down */
#define EAGAIN_RETRIES 8    /* RESOLVE_IN_ROOT fails with EAGAIN when a rename races it */

static bool force_walk;
static bool no_openat2;     /* the kernel said ENOSYS once */

void root_open_force_walk(bool on) { force_walk = on; }

static bool is_live(const char *root) { return !root || !*root || strcmp(root, "/") == 0; }

/* /dev/kmsg: character device 1:11 (Documentation/admin-guide/devices.txt) */
static bool is_kmsg(const struct stat *st)
{
        return S_ISCHR(st->st_mode) && major(st->st_rdev) == 1 && minor(st->st_rdev) == 11;
}

/* FD (opened O_NONBLOCK) checked against what FLAGS accept; regular files
 * and directories get O_NONBLOCK cleared.  Returns FD or -errno (FD closed). */
static int check_type(int fd, unsigned flags)
{
        struct stat st;
        int err = 0;
        if (fstat(fd, &st) < 0)
                err = -errno;
        else if (flags & ROOT_OPEN_DIRECTORY)
                err = S_ISDIR(st.st_mode) ? 0 : -ENOTDIR;
        else if (S_ISDIR(st.st_mode))
                err = -EISDIR;
        else if ((flags & ROOT_OPEN_KMSG) && is_kmsg(&st))
                return fd;
        else if (!S_ISREG(st.st_mode))
                err = -EBADFD;
        if (err == 0 && fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) < 0)
                err = -errno;
        if (err < 0) {
                close(fd);
                return err;
        }
        return fd;
}

/* open(2) fails with ENXIO on a socket or a device without a driver: not a
 * regular file either. */
static int not_regular(int err) { return err == -ENXIO ? -EBADFD : err; }

static int open_flags(unsigned flags)
{
        return O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | ((flags & ROOT_OPEN_DIRECTORY) ? O_DIRECTORY : 0);
}

/* ---- the walk, for kernels without openat2 ----------------------------- */

struct walk {
        int dirs[WALK_MAX_DEPTH]; /* the directories below the root walked into */
        size_t depth;
        char rest[PATH_MAX];      /* what is left of the path */
        size_t pos;
        int links;
};

static int walk_cur(const struct walk *w, int root_fd) { return w->depth ? w->dirs[w->depth - 1] : root_fd; }

static void walk_up(struct walk *w, size_t to)
{
        while (w->depth > to)
                close(w->dirs[--w->depth]);
}

/* The next component of w->rest into COMP; false at the end of the path. */
static bool walk_next(struct walk *w, char comp[NAME_MAX + 1], bool *ret_last, int *ret_err)
{
        while (w->rest[w->pos] == '/')
                w->pos++;
        if (!w->rest[w->pos])
                return false;
        size_t len = strcspn(w->rest + w->pos, "/");
        if (len > NAME_MAX) {
                *ret_err = -ENAMETOOLONG;
                return false;
        }
        memcpy(comp, w->rest + w->pos, len);
        comp[len] = '\0';
        w->pos += len;
        *ret_last = w->rest[w->pos + strspn(w->rest + w->pos, "/")] == '\0';
        return true;
}

/* The symlink COMP in DIR: its target replaces it in what is left. */
static int walk_follow(struct walk *w, int dir, const char *comp)
{
        char target[PATH_MAX];
        if (++w->links > WALK_MAX_LINKS)
                return -ELOOP;
        ssize_t n = readlinkat(dir, comp, target, sizeof(target) - 1);
        if (n < 0)
                return -errno;
        size_t tail = strlen(w->rest + w->pos);
        if ((size_t)n + 1 + tail >= sizeof(w->rest))
                return -ENAMETOOLONG;
        memmove(w->rest + n + 1, w->rest + w->pos, tail + 1);
        memcpy(w->rest, target, (size_t)n);
        w->rest[n] = '/';
        w->pos = 0;
        if (target[0] == '/')
                walk_up(w, 0); /* absolute: from the root again */
        return 0;
}

/* One component that is not "." or "..": a symlink to follow, a directory
 * to enter, or the last one, opened.  Returns 0 to go on, an fd, or -errno. */
static int walk_step(struct walk *w, int root_fd, const char *comp, bool last, int oflags)
{
        int dir = walk_cur(w, root_fd);
        struct stat st;
        if (fstatat(dir, comp, &st, AT_SYMLINK_NOFOLLOW) < 0)
                return -errno;
        if (S_ISLNK(st.st_mode))
                return walk_follow(w, dir, comp);
        if (!last) {
                if (w->depth == WALK_MAX_DEPTH)
                        return -ENAMETOOLONG;
                int fd = openat(dir, comp, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                if (fd < 0)
                        return -errno;
                w->dirs[w->depth++] = fd;
                return 0;
        }
        /* swapped for a symlink since the fstatat: ELOOP, never followed */
        int fd = openat(dir, comp, oflags | O_NOFOLLOW);
        return fd < 0 ? -errno : fd;
}

static int walk_open(int root_fd, const char *rel, int oflags)
{
        struct walk w;
        char comp[NAME_MAX + 1];
        bool last = false;
        int r = 0;

        if (strlen(rel) >= sizeof(w.rest))
                return -ENAMETOOLONG;
        strcpy(w.rest, rel);
        w.depth = w.pos = 0;
        w.links = 0;
        for (;;) {
                if (!walk_next(&w, comp, &last, &r)) {
                        if (r == 0) { /* the path ends at a directory */
                                r = openat(walk_cur(&w, root_fd), ".", oflags);
                                r = r < 0 ? -errno : r;
                        }
                        break;
                }
                if (strcmp(comp, ".") == 0)
                        continue;
                if (strcmp(comp, "..") == 0) {
                        walk_up(&w, w.depth ? w.depth - 1 : 0); /* never above the root */
                        continue;
                }
                r = walk_step(&w, root_fd, comp, last, oflags);
                if (r != 0)
                        break;
        }
        walk_up(&w, 0);
        return r;
}

/* ---- openat2 ---------------------------------------------------------- */

/* openat2(RESOLVE_IN_ROOT); -ENOSYS when the kernel (or a seccomp filter)
 * does not offer it, so that the caller walks instead. */
static int openat2_in_root(int root_fd, const char *rel, int oflags)
{
#ifdef SYS_openat2
        struct open_how how = { .flags = (uint64_t)oflags, .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS };
        for (int i = 0; i < EAGAIN_RETRIES; i++) {
                long fd = syscall(SYS_openat2, root_fd, *rel ? rel : ".", &how, sizeof(how));
                if (fd >= 0)
                        return (int)fd;
                if (errno == ENOSYS)
                        no_openat2 = true;
                /* EPERM: seccomp; E2BIG/EINVAL: a kernel without these flags */
                if (errno == ENOSYS || errno == EPERM || errno == E2BIG || errno == EINVAL)
                        return -ENOSYS;
                if (errno != EAGAIN && errno != EINTR)
                        return -errno;
        }
        return -ENOSYS;
#else
        (void)root_fd, (void)rel, (void)oflags;
        no_openat2 = true;
        return -ENOSYS;
#endif
}

/* REL does not exist inside the root: does it outside, through a symlink
 * that leaves it?  (O_PATH resolves without opening anything.) */
static bool leads_out(int root_fd, const char *rel)
{
        int fd = openat(root_fd, *rel ? rel : ".", O_PATH | O_CLOEXEC);
        if (fd < 0)
                return false;
        close(fd);
        return true;
}

int root_dir_open(const char *dir)
{
        int fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
        return fd < 0 ? -errno : fd;
}

int root_openat(int root_fd, const char *rel, unsigned flags)
{
        int oflags = open_flags(flags);
        int fd = -ENOSYS;

        while (*rel == '/')
                rel++;
        if (!force_walk && !no_openat2)
                fd = openat2_in_root(root_fd, rel, oflags);
        if (fd == -ENOSYS)
                fd = walk_open(root_fd, rel, oflags);
        if (fd == -ENOENT && leads_out(root_fd, rel))
                return -EXDEV;
        return fd < 0 ? not_regular(fd) : check_type(fd, flags & ~(unsigned)ROOT_OPEN_KMSG);
}

int root_open(const char *root, const char *rel, unsigned flags)
{
        char path[PATH_MAX];

        if (is_live(root)) {
                while (*rel == '/')
                        rel++;
                int k = snprintf(path, sizeof(path), "/%s", rel);
                if (k < 0 || (size_t)k >= sizeof(path))
                        return -ENAMETOOLONG;
                int fd = open(path, open_flags(flags));
                return fd < 0 ? not_regular(-errno) : check_type(fd, flags);
        }
        int root_fd = root_dir_open(root);
        if (root_fd < 0)
                return root_fd;
        int fd = root_openat(root_fd, rel, flags);
        close(root_fd);
        return fd;
}

const char *root_open_reason(int err)
{
        switch (err) {
        case -EBADFD:
                return _("not a regular file");
        case -EXDEV:
                return _("symlink leading out of the root");
        default:
                return NULL;
        }
}

FILE *root_fopen(const char *root, const char *rel) {
        int fd = root_open(root, rel, 0);
        if (fd < 0) {
                errno = -fd;
                return NULL;
        }
        FILE *f = fdopen(fd, "re");
        if (!f) {
                int e = errno;
                close(fd);
                errno = e;
        }
        return f;
}
