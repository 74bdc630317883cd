/* test_root_open.c — files of a hostile tree (src/root_open.c): FIFOs,
 * sockets and symlinks to /dev/zero are refused without blocking, symlinks
 * resolve inside the root (absolute ones and ".." included) or are named
 * as leading out of it; each case with openat2 and with the walk used on
 * kernels without it. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "root_open.h"

static char root[256];

static void put(const char *rel, const char *text)
{
        char path[PATH_MAX];
        snprintf(path, sizeof(path), "%s/%s", root, rel);
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        fputs(text, f);
        fclose(f);
}

static void sub(const char *rel, char *path, size_t size)
{
        snprintf(path, size, "%s/%s", root, rel);
}

static void link_to(const char *target, const char *rel)
{
        char path[PATH_MAX];
        sub(rel, path, sizeof(path));
        assert_int_equal(symlink(target, path), 0);
}

static void make_dir(const char *rel)
{
        char path[PATH_MAX];
        sub(rel, path, sizeof(path));
        assert_int_equal(mkdir(path, 0755), 0);
}

/* A socket bound in the tree (open(2) gives ENXIO on one). */
static void make_socket(const char *rel)
{
        struct sockaddr_un a = { .sun_family = AF_UNIX };
        char path[PATH_MAX];
        sub(rel, path, sizeof(path));
        if (strlen(path) >= sizeof(a.sun_path))
                return;
        strcpy(a.sun_path, path);
        int s = socket(AF_UNIX, SOCK_STREAM, 0);
        assert_true(s >= 0);
        assert_int_equal(bind(s, (struct sockaddr *)&a, sizeof(a)), 0);
        close(s);
}

static int setup(void **state)
{
        char path[PATH_MAX];
        (void)state;
        snprintf(root, sizeof(root), "%s/oomlens-root-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
        assert_non_null(mkdtemp(root));
        make_dir("var");
        make_dir("var/log");
        make_dir("var/log/dir");
        make_dir("dev");
        make_dir("data");
        put("var/log/syslog", "hello");
        put("data/real.log", "inside");
        sub("var/log/kern.log", path, sizeof(path));
        assert_int_equal(mkfifo(path, 0644), 0);
        sub("dev/kmsg", path, sizeof(path));
        assert_int_equal(mkfifo(path, 0644), 0);
        make_socket("var/log/sock");
        link_to("/dev/zero", "var/log/messages");
        link_to("../../../../../../../../../../etc/passwd", "var/log/up");
        link_to("/data/real.log", "var/log/abs");
        link_to("../../data/real.log", "var/log/rel");
        link_to("../../../../../../../../../../data/real.log", "var/log/up-inside");
        link_to("/var/log/kern.log", "var/log/fifo-link");
        link_to("/dev/kmsg", "var/log/kmsg-link");
        link_to("loop", "var/log/loop");
        link_to("nothing-here", "var/log/dangling");
        link_to("/var/log", "logs");
        return 0;
}

static int teardown(void **state)
{
        char cmd[PATH_MAX + 16];
        (void)state;
        snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
        assert_int_equal(system(cmd), 0);
        return 0;
}

/* REL opened below the root: its content, or the error. */
static int open_read(const char *rel, unsigned flags, char *buf, size_t size)
{
        int rfd = root_dir_open(root);
        assert_true(rfd >= 0);
        int fd = root_openat(rfd, rel, flags);
        close(rfd);
        if (fd < 0)
                return fd;
        assert_int_equal(fcntl(fd, F_GETFL) & O_NONBLOCK, 0); /* blocking again */
        ssize_t n = read(fd, buf, size - 1);
        assert_true(n >= 0);
        buf[n] = '\0';
        close(fd);
        return 0;
}

static void expect_text(const char *rel, const char *text)
{
        char buf[64];
        assert_int_equal(open_read(rel, 0, buf, sizeof(buf)), 0);
        assert_string_equal(buf, text);
}

static void expect_error(const char *rel, unsigned flags, int err)
{
        char buf[64];
        assert_int_equal(open_read(rel, flags, buf, sizeof(buf)), err);
}

static void check_tree(void)
{
        expect_text("var/log/syslog", "hello");
        expect_text("/var/log/syslog", "hello");            /* leading '/' is the root */
        expect_text("var/log/abs", "inside");               /* absolute symlink: inside the root */
        expect_text("var/log/rel", "inside");
        expect_text("var/log/up-inside", "inside");         /* ".." stops at the root */
        expect_text("logs/syslog", "hello");                /* a symlinked directory on the way */
        expect_text("var/log/dir/../syslog", "hello");
        expect_error("var/log/kern.log", 0, -EBADFD);       /* FIFO: refused, not waited on */
        expect_error("dev/kmsg", ROOT_OPEN_KMSG, -EBADFD);  /* a tree's kmsg must be a dump */
        expect_error("var/log/fifo-link", 0, -EBADFD);
        expect_error("var/log/kmsg-link", ROOT_OPEN_KMSG, -EBADFD);
        expect_error("var/log/messages", 0, -EXDEV);        /* -> /dev/zero: outside */
        expect_error("var/log/up", 0, -EXDEV);              /* climbs out to /etc/passwd */
        expect_error("var/log/dangling", 0, -ENOENT);
        expect_error("var/log/missing", 0, -ENOENT);
        expect_error("var/log/loop", 0, -ELOOP);
        expect_error("var/log/dir", 0, -EISDIR);
        expect_error("var/log/syslog", ROOT_OPEN_DIRECTORY, -ENOTDIR);
        char path[PATH_MAX];
        sub("var/log/sock", path, sizeof(path));
        if (access(path, F_OK) == 0) /* (not made when the path is too long for a socket) */
                expect_error("var/log/sock", 0, -EBADFD);

        int rfd = root_dir_open(root);
        assert_true(rfd >= 0);
        int d = root_openat(rfd, "logs/dir", ROOT_OPEN_DIRECTORY);
        assert_true(d >= 0);
        close(d);
        d = root_openat(rfd, "", ROOT_OPEN_DIRECTORY);    /* the root itself */
        assert_true(d >= 0);
        close(d);
        close(rfd);
}

static void test_openat2(void **state)
{
        (void)state;
        root_open_force_walk(false);
        check_tree();
}

static void test_walk(void **state)
{
        (void)state;
        root_open_force_walk(true);
        check_tree();
        root_open_force_walk(false);
}

static void test_root_open_paths(void **state)
{
        char rel[PATH_MAX];
        (void)state;
        /* root_open() with a directory opens below it */
        int fd = root_open(root, "var/log/syslog", 0);
        assert_true(fd >= 0);
        close(fd);
        assert_int_equal(root_open(root, "var/log/kern.log", 0), -EBADFD);
        assert_int_equal(root_open(root, "var/log/messages", 0), -EXDEV);
        snprintf(rel, sizeof(rel), "%s/no-such-dir", root);
        assert_int_equal(root_open(rel, "x", 0), -ENOENT);

        /* the live machine: symlinks followed, the same type rules */
        snprintf(rel, sizeof(rel), "%s/var/log/syslog", root + 1);
        fd = root_open("/", rel, 0);
        assert_true(fd >= 0);
        close(fd);
        snprintf(rel, sizeof(rel), "%s/var/log/kern.log", root + 1);
        assert_int_equal(root_open(NULL, rel, 0), -EBADFD);
        snprintf(rel, sizeof(rel), "%s/var/log/messages", root + 1);
        assert_int_equal(root_open(NULL, rel, 0), -EBADFD); /* /dev/zero */
        assert_int_equal(root_open(NULL, "dev/null", ROOT_OPEN_KMSG), -EBADFD);
        fd = root_open(NULL, "dev/kmsg", ROOT_OPEN_KMSG);
        if (fd >= 0) {
                assert_int_not_equal(fcntl(fd, F_GETFL) & O_NONBLOCK, 0);
                close(fd);
        } else {
                assert_true(fd == -ENOENT || fd == -EACCES || fd == -EPERM);
        }
        assert_int_equal(root_open(NULL, "dev/kmsg", 0), fd >= 0 ? -EBADFD : fd);

        assert_non_null(root_open_reason(-EBADFD));
        assert_non_null(root_open_reason(-EXDEV));
        assert_null(root_open_reason(-ENOENT));
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_openat2),
                cmocka_unit_test(test_walk),
                cmocka_unit_test(test_root_open_paths),
        };
        return cmocka_run_group_tests(tests, setup, teardown);
}
