/* test_scanner.c — the SIMD fast path agrees with a byte-by-byte reference
 * at every alignment, and finds anchors with the right line numbers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "event_list.h"
#include "scanner.h"

static const char *reference_find(const char *p, const char *end) {
        static const char *const tri[] = { "oom", "Kil", "tgi", "m-I" };
        for (; end - p >= 3; p++)
                for (int i = 0; i < 4; i++)
                        if (memcmp(p, tri[i], 3) == 0)
                                return p;
        return NULL;
}

static void candidates_at_every_offset(void **state) {
        (void)state;
        char buf[300];
        for (size_t len = 0; len < 100; len++) {
                for (size_t at = 0; at + 3 <= len; at++) {
                        memset(buf, 'x', sizeof(buf));
                        memcpy(buf + at, at % 2 ? "oom" : "Kil", 3);
                        const char *got = scanner_find_candidate(buf, buf + len);
                        assert_ptr_equal(got, reference_find(buf, buf + len));
                        assert_ptr_equal(got, buf + at);
                }
                memset(buf, 'o', sizeof(buf)); /* "oo" but never "oom" */
                assert_null(scanner_find_candidate(buf, buf + len));
        }
}

static void newline_counts(void **state) {
        (void)state;
        size_t n = 100000;
        char *buf = malloc(n);
        assert_non_null(buf);
        srand(7);
        uint64_t want = 0;
        for (size_t i = 0; i < n; i++) {
                buf[i] = rand() % 3 == 0 ? '\n' : 'a';
                want += buf[i] == '\n';
        }
        assert_int_equal(scanner_count_newlines(buf, buf + n), want);
        /* a run longer than the 255-block counter limit, all newlines */
        memset(buf, '\n', n);
        for (size_t k = 0; k < 40; k++)
                assert_int_equal(scanner_count_newlines(buf + k, buf + n - k), n - 2 * k);
        free(buf);
}

static void anchors_and_line_numbers(void **state) {
        (void)state;
        /* "room", "Kilobytes", "outgoing" are prefilter hits but no anchor */
        const char *text = "a room with a view\n"
                           "Kilobytes of noise\n"
                           "outgoing mail\n"
                           "[ 5.0] Out of memory: Killed process 7 (c) total-vm:8kB, anon-rss:4kB, file-rss:0kB\n"
                           "tail\n";
        struct event_list l = { 0 };
        struct log_splitter *sp = log_splitter_new(0);
        struct report_parser *p = report_parser_new("t", event_list_add, &l);
        struct scan_result r;
        scanner_scan_buffer(text, strlen(text), sp, p, &r);
        report_parser_free(p);
        log_splitter_free(sp);
        assert_int_equal(r.lines, 5);
        assert_int_equal(event_list_count(&l), 1);
        assert_int_equal(event_list_get(&l, 0)->source_line, 4);
        assert_int_equal(event_list_get(&l, 0)->victim_pid, 7);
        event_list_clear(&l);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(candidates_at_every_offset),
                cmocka_unit_test(newline_counts),
                cmocka_unit_test(anchors_and_line_numbers),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
