/* test_sampler.c — the sampling policy of `top -d` (sampler.h) on a copy
 * of the captured v2 tree: the first look is a full scan; the next ones
 * re-read only the heads (carrying the others over) while the CPU budget
 * says so; a full scan at once when MemAvailable falls by more
 * than 1 % of RAM (memory moved below the heads). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sampler.h"

static void copy_tree(char *tmp) {
        char cmd[4096];
        assert_non_null(mkdtemp(tmp));
        snprintf(cmd, sizeof(cmd), "cp -r '%s/hosts/v2/.' '%s/'", getenv("OOMLENS_TEST_DATA"), tmp);
        assert_int_equal(system(cmd), 0);
}

static void look(struct sampler *s, const char *root, size_t *ret_reused) {
        struct proc_snapshot snap;
        struct oom_ranking rank;
        assert_int_equal(sampler_next(s, root, 0, 1.0, &snap, &rank), 0);
        assert_true(snap.n_tasks > 0);
        assert_true(rank.n > 0);
        *ret_reused = snap.n_reused;
        sampler_keep(s, &snap, &rank, true);
}

static void test_policy(void **state) {
        (void)state;
        char tmp[] = "/tmp/oomlens-sampler-XXXXXX", cmd[8192];
        copy_tree(tmp);
        struct sampler s = { 0 };
        size_t reused;
        look(&s, tmp, &reused);
        assert_true(s.was_full);
        assert_int_equal(reused, 0);
        /* a scan of a small tree costs far less than the budget: the next
         * full scan is due after the delay, so the next look carries over */
        s.full_every = 3600;
        look(&s, tmp, &reused);
        assert_false(s.was_full);
        /* the tree's four processes are all heads of their domains (32
         * each are re-read): none is carried over, all were re-read */
        assert_int_equal(reused, 0);
        assert_int_equal(s.n_hot > 0, 1);
        /* MemAvailable drops by 2 GiB of 24 GiB: memory moved, full scan
         * (once a quarter of the interval has passed) */
        s.last_full -= 1000;
        snprintf(cmd, sizeof(cmd), "sed -i 's/^MemAvailable:.*/MemAvailable:   21680132 kB/' '%s/proc/meminfo'", tmp);
        assert_int_equal(system(cmd), 0);
        look(&s, tmp, &reused);
        assert_true(s.was_full);
        assert_int_equal(reused, 0);
        sampler_free(&s);
        snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
        assert_int_equal(system(cmd), 0);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_policy),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
