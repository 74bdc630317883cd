/* test_scanner.c — the SIMD fast path agrees with a byte-by-byte reference
 * at every alignment, and finds anchors with the right line numbers, also
 * in journal JSON lines whose MESSAGE is an array of byte values. */
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
        static const char *const tri[] = { "oom", "Kil", "tgi", "m-I", "\":[" };
        for (; end - p >= 3; p++)
                for (int i = 0; i < 5; i++)
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
                        memcpy(buf + at, at % 3 == 2 ? "\":[" : at % 3 ? "oom" : "Kil", 3);
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

/* "MESSAGE":[…] of TEXT, as journalctl -o json writes a message holding a
 * control byte, appended to OUT as one journal entry line. */
static void byte_array_entry(char *out, size_t size, const char *text, int i) {
        size_t o = strlen(out);
        o += (size_t)snprintf(out + o, size - o, "{\"__REALTIME_TIMESTAMP\":\"17000000000000%02d\","
                              "\"_TRANSPORT\":\"kernel\",\"PRIORITY\":\"4\",\"MESSAGE\":[", i);
        for (size_t k = 0; text[k] && o < size; k++)
                o += (size_t)snprintf(out + o, size - o, k ? ", %u" : "%u", (unsigned char)text[k]);
        snprintf(out + o, size - o, "]}\n");
}

static void journal_byte_arrays(void **state) {
        (void)state;
        /* the trigger and the kill line as byte arrays (ESC in the comm);
         * nothing else in them says "oom" or "Kil" */
        static char buf[16384];
        buf[0] = '\0';
        strcat(buf, "{\"MESSAGE\":\"noise before\",\"_TRANSPORT\":\"kernel\"}\n");
        byte_array_entry(buf, sizeof(buf),
                         "\x1b[2Jevil invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0", 1);
        strcat(buf, "{\"__REALTIME_TIMESTAMP\":\"1700000000000002\",\"_TRANSPORT\":\"kernel\","
                    "\"MESSAGE\":\"Mem-Info:\"}\n");
        byte_array_entry(buf, sizeof(buf),
                         "Out of memory: Killed process 1234 (\x1b[2Jevil) total-vm:400000kB, anon-rss:200000kB, "
                         "file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:400kB oom_score_adj:0", 3);
        struct event_list l = { 0 };
        struct log_splitter *sp = log_splitter_new(0);
        struct report_parser *p = report_parser_new("t", event_list_add, &l);
        struct scan_result r;
        scanner_scan_buffer(buf, strlen(buf), sp, p, &r);
        report_parser_free(p);
        log_splitter_free(sp);
        assert_int_equal(r.lines, 4);
        assert_int_equal(event_list_count(&l), 1);
        const struct oom_event *e = event_list_get(&l, 0);
        assert_int_equal(e->source_line, 2);
        assert_int_equal(e->victim_pid, 1234);
        assert_string_equal(e->victim_comm, "\x1b[2Jevil");
        assert_string_equal(e->trigger_comm, "\x1b[2Jevil");
        assert_int_equal(e->kill_line, 4);
        event_list_clear(&l);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(candidates_at_every_offset),
                cmocka_unit_test(newline_counts),
                cmocka_unit_test(anchors_and_line_numbers),
                cmocka_unit_test(journal_byte_arrays),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
