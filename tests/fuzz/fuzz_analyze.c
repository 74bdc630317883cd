/* fuzz_analyze.c — fuzz target for the whole pure pipeline of `oomlens
 * analyze`: container splitter → scanner → report parser → event list
 * (merge, sort, boot-time conversion, filters) → timeline → every output
 * (JSON, text, markdown, postmortem).  One input in two runs events stay
 * in memory; in the others every event is spilled to the scratch file and
 * read back (memory limit 1), so a pointer kept across event_list_get()
 * is a use-after-free the sanitizers see.
 *
 * The input is one log file as it would be found on disk.  Built two ways:
 * with libFuzzer (clang, -fsanitize=fuzzer) it is a fuzz target; with
 * FUZZ_REPLAY_MAIN defined it gets a main() that replays files and
 * directories of inputs, so gcc ASan+UBSan builds run the seed corpus and
 * every saved crash as a regression test.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "event_list.h"
#include "log_line.h"
#include "output.h"
#include "report_parse.h"
#include "scanner.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A fixed reference time (2023-11-14) instead of "now" keeps the year
 * inference of RFC 3164 stamps, and so every run, reproducible. */
#define FUZZ_REFERENCE_TIME 1700000000LL
/* Boot time applied to monotonic-only events of odd-sized inputs, so both
 * the converted and the unconverted paths of the outputs are reached. */
#define FUZZ_BOOT_US (1690000000LL * 1000000)

static FILE *null_out(void) {
        static FILE *f;
        if (!f)
                f = fopen("/dev/null", "w");
        return f;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        struct analysis a = { 0 };
        struct log_splitter *splitter = log_splitter_new(FUZZ_REFERENCE_TIME);
        struct report_parser *parser = report_parser_new("fuzz", event_list_add, &a.logs.events);
        if (size & 32)
                a.logs.events.memory_limit = 1; /* spill every event */
        struct scan_result res = { 0 };

        if (splitter && parser)
                scanner_scan_buffer((const char *)data, size, splitter, parser, &res);
        report_parser_free(parser); /* finishes: open reports are delivered */
        log_splitter_free(splitter);

        if (size & 1)
                event_list_apply_boot_time(&a.logs.events, "fuzz", FUZZ_BOOT_US);
        event_list_finish(&a.logs.events);
        if (size & 16) {
                struct event_filter filter = { .last = 3, .worst = 2 };
                if (size & 64)
                        filter.victim = (size & 128) ? "1234" : "java";
                if (size & 256)
                        filter.host = "localhost";
                event_list_filter(&a.logs.events, &filter);
        }
        (void)timeline_build(&a.logs.events, &a.timeline);

        struct input_summary in = {
                .name = "fuzz", .kind = "file", .bytes = res.bytes, .lines = res.lines,
                .long_lines = res.long_lines, .error = res.error, .events = event_list_count(&a.logs.events),
        };
        a.logs.inputs = &in;
        a.logs.n_inputs = 1;
        struct output_options oo = { .top_tasks = 10, .pretty = (size & 2) != 0, .color = (size & 4) != 0,
                                     .width = (size & 8) ? 60 : 0 };
        FILE *out = null_out();
        if (out) {
                (void)output_json(out, &a, &oo);
                (void)output_text(out, &a, &oo);
                (void)output_markdown(out, &a, &oo, false);
                (void)output_markdown(out, &a, &oo, true);
                fflush(out);
        }
        timeline_free(&a.timeline);
        event_list_clear(&a.logs.events);
        return 0;
}

#ifdef FUZZ_REPLAY_MAIN
#include "replay_main.h"
#endif
