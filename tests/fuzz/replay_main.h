/* replay_main.h — the main() of a fuzz target built without libFuzzer
 * (FUZZ_REPLAY_MAIN): replays files and directories of inputs through
 * LLVMFuzzerTestOneInput(), so the gcc ASan+UBSan build runs every seed
 * and saved crash as a regression test.  Included by each fuzz_*.c. */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
