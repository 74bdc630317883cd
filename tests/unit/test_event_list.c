/* test_event_list.c — duplicates merge the right way, and events spilled
 * to the scratch file come back byte-for-byte as they went (compared
 * through the JSON output of a real report). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "scanner.h"

static char *read_fixture(const char *name, size_t *ret_len) {
        char path[4096];
        snprintf(path, sizeof(path), "%s/sources/%s", getenv("OOMLENS_TEST_DATA"), name);
        FILE *f = fopen(path, "rb");
        assert_non_null(f);
        char *buf = malloc(1 << 20);
        assert_non_null(buf);
        *ret_len = fread(buf, 1, 1 << 20, f);
        fclose(f);
        return buf;
}

/* Parses TEXT into A with the given memory limit and returns its JSON. */
static char *analyze_json(const char *text, size_t len, size_t limit, size_t *ret_n) {
        struct analysis a = { 0 };
        a.logs.events.memory_limit = limit;
        struct log_splitter *sp = log_splitter_new(1700000000);
        struct report_parser *p = report_parser_new("fixture", event_list_add, &a.logs.events);
        struct scan_result r;
        scanner_scan_buffer(text, len, sp, p, &r);
        report_parser_free(p);
        log_splitter_free(sp);
        event_list_finish(&a.logs.events);
        *ret_n = event_list_count(&a.logs.events);
        char *out = NULL;
        size_t out_len = 0;
        FILE *f = open_memstream(&out, &out_len);
        struct output_options o = { .top_tasks = 10, .pretty = true };
        assert_int_equal(output_json(f, &a, &o), 0);
        fclose(f);
        if (limit == 1)
                assert_non_null(a.logs.events.spill); /* really went through the file */
        event_list_clear(&a.logs.events);
        return out;
}

static void spilled_events_round_trip(void **state) {
        (void)state;
        size_t len;
        char *one = read_fixture("rhel7.log", &len);
        /* 30 copies of the real RHEL 7 report, each a different kill */
        size_t cap = len * 30 + 30 * 64;
        char *many = malloc(cap);
        assert_non_null(many);
        size_t used = 0;
        for (int i = 0; i < 30; i++) {
                used += (size_t)snprintf(many + used, cap - used, "Mar  1 10:%02d:00 db%d kernel: marker\n", i, i % 3);
                memcpy(many + used, one, len);
                used += len;
                /* change the victim's pid so that the copies are distinct kills */
                char *k = memmem(many + used - len, len, "Killed process 6576", 19);
                assert_non_null(k);
                k[15] = (char)('0' + i % 10);
                k[16] = (char)('0' + i / 10);
        }
        size_t n_mem, n_spill;
        char *in_memory = analyze_json(many, used, SIZE_MAX, &n_mem);
        char *spilled = analyze_json(many, used, 1, &n_spill);
        assert_int_equal(n_mem, 30);
        assert_int_equal(n_spill, 30);
        assert_string_equal(in_memory, spilled);
        free(in_memory);
        free(spilled);
        free(many);
        free(one);
}

static void quoted_duplicate_is_merged(void **state) {
        (void)state;
        const char *text =
                "Nov 27 21:02:21 localhost kernel: Out of memory: Kill process 39855 (java) score 632 or sacrifice child\n"
                "Nov 27 21:02:21 localhost kernel: Killed process 39855 (java) total-vm:27364080kB, anon-rss:10222016kB, file-rss:0kB\n"
                "Some prose in between, then the same two lines quoted again:\n"
                "Nov 27 21:02:21 localhost kernel: Out of memory: Kill process 39855 (java) score 632 or sacrifice child\n"
                "Nov 27 21:02:21 localhost kernel: Killed process 39855 (java) total-vm:27364080kB, anon-rss:10222016kB, file-rss:0kB\n"
                /* same pid, other numbers: a different kill (pid reuse) */
                "Nov 28 03:00:00 localhost kernel: Killed process 39855 (java) total-vm:1kB, anon-rss:1kB, file-rss:0kB\n";
        size_t n;
        char *json = analyze_json(text, strlen(text), 0, &n);
        assert_int_equal(n, 2);
        assert_non_null(strstr(json, "\"duplicates\": 1"));
        free(json);
}

/* The same kill line (pid, comm, sizes, second) on a dozen hosts, read
 * from two files: twelve kills, each seen twice — as a pairwise comparison
 * of every event would merge them, held or spilled (review: a window of 8
 * candidates left 18 events for 9 hosts). */
static void same_kill_many_hosts(void **state) {
        (void)state;
        char text[8192] = "";
        for (int copy = 0; copy < 2; copy++)
                for (int h = 0; h < 12; h++) {
                        char line[512];
                        snprintf(line, sizeof(line),
                                 "2024-03-01T10:00:00+00:00 host%d kernel: Out of memory: Killed process 2345 (java) "
                                 "total-vm:99999kB, anon-rss:5000kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:100kB "
                                 "oom_score_adj:0\n", h);
                        strcat(text, line);
                }
        const size_t limits[] = { 1, SIZE_MAX };
        for (size_t k = 0; k < 2; k++) {
                size_t n;
                char *json = analyze_json(text, strlen(text), limits[k], &n);
                assert_int_equal(n, 12);
                free(json);
        }
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(same_kill_many_hosts),
                cmocka_unit_test(spilled_events_round_trip),
                cmocka_unit_test(quoted_duplicate_is_merged),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
