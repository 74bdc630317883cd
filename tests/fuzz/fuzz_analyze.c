/* fuzz_analyze.c — fuzz target for the whole pure pipeline of `oomlens
 * analyze`: container splitter → scanner → report parser → event list
 * (merge, sort, boot-time conversion) → JSON and text outputs.
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
        struct report_parser *parser = report_parser_new("fuzz", event_list_add, &a.events);
        struct scan_result res = { 0 };

        if (splitter && parser)
                scanner_scan_buffer((const char *)data, size, splitter, parser, &res);
        report_parser_free(parser); /* finishes: open reports are delivered */
        log_splitter_free(splitter);

        if (size & 1)
                event_list_apply_boot_time(&a.events, "fuzz", FUZZ_BOOT_US);
        event_list_finish(&a.events);
        if (size & 16) {
                struct event_filter filter = { .last = 3, .worst = 2 };
                event_list_filter(&a.events, &filter);
        }
        (void)timeline_build(&a.events, &a.timeline);

        struct input_summary in = {
                .name = "fuzz", .kind = "file", .bytes = res.bytes, .lines = res.lines,
                .long_lines = res.long_lines, .error = res.error, .events = event_list_count(&a.events),
        };
        a.inputs = &in;
        a.n_inputs = 1;
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
        event_list_clear(&a.events);
        return 0;
}

#ifdef FUZZ_REPLAY_MAIN
/* Replays one file; returns 0, or -errno when it cannot be read. */
static int replay_file(const char *path) {
        FILE *f = fopen(path, "rb");
        if (!f)
                return -errno;
        size_t cap = 1 << 16, n = 0;
        uint8_t *buf = malloc(cap);
        int r = 0;
        while (buf) {
                if (n == cap) {
                        uint8_t *grown = realloc(buf, cap * 2);
                        if (!grown) {
                                r = -ENOMEM;
                                break;
                        }
                        buf = grown;
                        cap *= 2;
                }
                size_t got = fread(buf + n, 1, cap - n, f);
                n += got;
                if (got == 0)
                        break;
        }
        if (!buf)
                r = -ENOMEM;
        else if (ferror(f))
                r = -EIO;
        fclose(f);
        /* like libFuzzer, hand over an exactly sized copy so that ASan sees
         * a read one byte past the input */
        uint8_t *exact = r == 0 ? malloc(n ? n : 1) : NULL;
        if (r == 0 && !exact)
                r = -ENOMEM;
        if (exact) {
                if (n)
                        memcpy(exact, buf, n);
                LLVMFuzzerTestOneInput(exact, n);
        }
        free(exact);
        free(buf);
        return r;
}

static int cmp_str(const void *x, const void *y) {
        return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Replays every regular file of DIR in name order; returns the number
 * replayed, or -errno. */
static int replay_dir(const char *dir) {
        DIR *d = opendir(dir);
        if (!d)
                return -errno;
        char **names = NULL;
        size_t n = 0;
        int r = 0;
        struct dirent *de;
        while ((de = readdir(d))) {
                if (de->d_name[0] == '.')
                        continue;
                char **grown = realloc(names, (n + 1) * sizeof(*names));
                if (!grown || !(grown[n] = strdup(de->d_name))) {
                        names = grown ? grown : names;
                        r = -ENOMEM;
                        break;
                }
                names = grown;
                n++;
        }
        closedir(d);
        if (names)
                qsort(names, n, sizeof(*names), cmp_str);
        int count = 0;
        for (size_t i = 0; i < n; i++) {
                char path[4096];
                struct stat st;
                snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
                if (r == 0 && stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
                        int k = replay_file(path);
                        if (k < 0) {
                                fprintf(stderr, "fuzz_replay: %s: %s\n", path, strerror(-k));
                                r = k;
                        } else {
                                count++;
                        }
                }
                free(names[i]);
        }
        free(names);
        return r < 0 ? r : count;
}

/* Usage: fuzz_analyze_replay FILE|DIR...  Exit 0 when every input was
 * replayed (sanitizers abort on a bug), 1 when one could not be read. */
int main(int argc, char **argv) {
        int failed = 0, total = 0;
        for (int i = 1; i < argc; i++) {
                struct stat st;
                int r;
                if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
                        r = replay_dir(argv[i]);
                        total += r > 0 ? r : 0;
                } else {
                        r = replay_file(argv[i]);
                        total += r == 0;
                }
                if (r < 0) {
                        fprintf(stderr, "fuzz_replay: %s: %s\n", argv[i], strerror(-r));
                        failed = 1;
                }
        }
        if (total == 0) {
                fprintf(stderr, "fuzz_replay: no input replayed\n");
                return 1;
        }
        printf("fuzz_replay: %d inputs replayed\n", total);
        return failed;
}
#endif
