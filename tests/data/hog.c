/* hog.c — the victim of tests/e2e_memcg.sh: allocates and touches memory
 * 1 MiB at a time until the kernel's OOM killer ends it.
 *
 * Usage: oomlens_hog [MAX_MIB]
 * As a safety net against a memory limit that did not take effect, it
 * stops allocating after MAX_MIB (default 512) and sleeps, so a broken
 * setup makes the test time out instead of pressing the whole machine.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHUNK (1024 * 1024)

int main(int argc, char **argv) {
        long max_mib = 512;
        if (argc > 1) {
                char *end;
                max_mib = strtol(argv[1], &end, 10);
                if (*argv[1] == '\0' || *end || max_mib <= 0) {
                        fprintf(stderr, "usage: %s [MAX_MIB]\n", argv[0]);
                        return 2;
                }
        }
        for (long i = 0; i < max_mib; i++) {
                char *p = malloc(CHUNK);
                if (!p)
                        break;
                /* touching every page charges it to the memory cgroup */
                memset(p, (int)(i & 0x7f) + 1, CHUNK);
        }
        fprintf(stderr, "oomlens_hog: still alive after %ld MiB: is the memory limit in effect?\n", max_mib);
        for (;;)
                pause();
}
