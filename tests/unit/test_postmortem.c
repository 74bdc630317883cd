/* test_postmortem.c — the postmortem over events that were spilled to the
 * scratch file (issue 9, items 1 and 2): its root cause cites each
 * finding's evidence in the file the finding came from, and reads no
 * freed event (the ASan build runs this too).  Two real reports
 * (tests/data/peers/oomanalyser), one per source name. */
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

static void feed(struct analysis *a, const char *fixture, const char *name) {
        char path[4096];
        snprintf(path, sizeof(path), "%s/%s", getenv("OOMLENS_TEST_DATA"), fixture);
        FILE *f = fopen(path, "rb");
        assert_non_null(f);
        static char buf[1 << 20];
        size_t len = fread(buf, 1, sizeof(buf) - 1, f);
        fclose(f);
        struct log_splitter *sp = log_splitter_new(1700000000);
        struct report_parser *p = report_parser_new(name, event_list_add, &a->logs.events);
        struct scan_result r;
        scanner_scan_buffer(buf, len, sp, p, &r);
        report_parser_free(p);
        log_splitter_free(sp);
}

/* The postmortem of FIXTURES A then B, with every event spilled or none. */
static char *postmortem(size_t memory_limit, const char *a_fixture, const char *b_fixture) {
        struct analysis a = { 0 };
        a.logs.events.memory_limit = memory_limit;
        feed(&a, a_fixture, "first.log");
        feed(&a, b_fixture, "second.log");
        event_list_finish(&a.logs.events);
        assert_int_equal(event_list_count(&a.logs.events), 2);
        assert_int_equal(timeline_build(&a.logs.events, &a.timeline), 0);
        char *text = NULL;
        size_t len = 0;
        FILE *out = open_memstream(&text, &len);
        struct output_options o = { .top_tasks = 5 };
        assert_int_equal(output_markdown(out, &a, &o, true), 0);
        fclose(out);
        timeline_free(&a.timeline);
        event_list_clear(&a.logs.events);
        return text;
}

/* The evidence of every root-cause finding: "`FILE:LINE`" pairs. */
static void check_evidence(const char *text) {
        const char *root = strstr(text, "## Root cause");
        const char *fix = strstr(text, "## Fix");
        assert_non_null(root);
        assert_non_null(fix);
        size_t first = 0, second = 0;
        for (const char *p = root; (p = strstr(p, "evidence:")) && p < fix; p++) {
                const char *eol = strchr(p, '\n');
                for (const char *q = p; (q = strchr(q, '`')) && q < eol; q++) {
                        if (strncmp(q + 1, "first.log:", 10) == 0)
                                first++;
                        else if (strncmp(q + 1, "second.log:", 11) == 0)
                                second++;
                        else
                                fail_msg("evidence in no known file: %.40s", q);
                        q = strchr(q + 1, '`');
                        assert_non_null(q);
                }
        }
        /* each report has findings with evidence of its own */
        assert_true(first > 0);
        assert_true(second > 0);
}

static void spilled_and_held_agree(void **state) {
        (void)state;
        const char *a = "peers/oomanalyser/rhel7.log", *b = "peers/oomanalyser/archlinux_6_1_1.log";
        char *held = postmortem(SIZE_MAX, a, b);
        char *spilled = postmortem(1, a, b);
        assert_string_equal(held, spilled);
        check_evidence(spilled);
        free(held);
        free(spilled);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(spilled_and_held_agree),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
