/* root_open.h — opening a file of this machine or of a captured tree
 * (--root DIR) so that a hostile tree can neither lead the reader out of
 * it nor make it wait forever: below a root, paths resolve inside it
 * (symlinks, absolute ones and ".." included, as if DIR were "/"), and only
 * regular files are handed out — never a FIFO, socket or device, whose
 * read() may block or never end (/dev/zero).  The one exception is the
 * kernel's own /dev/kmsg on the live machine, when asked for.
 *
 * Resolution uses openat2(2) with RESOLVE_IN_ROOT (Linux 5.6+); without it
 * (ENOSYS, or a seccomp filter that refuses it) the same resolution is done
 * one component at a time with O_NOFOLLOW, symlinks read and followed by
 * hand, never above the root.
 *
 * Errors are -errno; besides those of open(2):
 *   -EBADFD  not a regular file (a FIFO, socket or device);
 *   -EISDIR  a directory where a file was wanted (-ENOTDIR the reverse);
 *   -EXDEV   a symlink leading out of the root: its target does not exist
 *            inside the root, but does outside it (an absolute link to
 *            /dev/zero, a relative one climbing above the root).
 */
#pragma once

#include <stdio.h>

#include <stdbool.h>

/* Flags of root_open() and root_openat(). */
enum {
        ROOT_OPEN_DIRECTORY = 1u << 0, /* a directory, for fdopendir(), instead of a file */
        ROOT_OPEN_KMSG = 1u << 1,      /* also the kernel's /dev/kmsg (character device 1:11),
                                        * on the live machine only; its fd stays O_NONBLOCK */
};

/* Opens DIR as a root for root_openat(): an O_PATH directory descriptor
 * (DIR itself may be reached through symlinks: it is the caller's choice).
 * Returns the fd or -errno. */
int root_dir_open(const char *dir);

/* Opens REL (a path below the root; leading '/' ignored) below ROOT_FD for
 * reading.  Returns a blocking O_RDONLY|O_CLOEXEC descriptor of a regular
 * file (a directory with ROOT_OPEN_DIRECTORY), or -errno (see above).
 * ROOT_OPEN_KMSG is ignored: a character device inside a tree is refused. */
int root_openat(int root_fd, const char *rel, unsigned flags);

/* ROOT NULL, "" or "/": the live machine — "/" REL is opened as any path
 * is (symlinks followed), with the same file type rules; /dev/kmsg is
 * accepted with ROOT_OPEN_KMSG.  Otherwise root_dir_open(ROOT) and
 * root_openat().  Returns the fd or -errno. */
int root_open(const char *root, const char *rel, unsigned flags);

/* root_open() of a regular file as a stdio stream for reading, or NULL
 * with errno set. */
FILE *root_fopen(const char *root, const char *rel);

/* Why root_open() failed with ERR (< 0), translated, for the codes above
 * that strerror() would misname (-EBADFD, -EXDEV); NULL for the others. */
const char *root_open_reason(int err);

/* For tests: true makes root_openat() resolve without openat2(2), as on a
 * kernel before 5.6. */
void root_open_force_walk(bool on);
