/* holder.c — a process of known size for tests/e2e_top.sh: sets its own
 * oom_score_adj, allocates and touches a fixed amount of memory, says
 * "ready" and then sleeps until it is killed.
 *
 * Usage: oomlens_holder MIB [OOM_SCORE_ADJ]
 * MIB is at most 1024 (a safety cap: the test wants a few tens of MiB).
 * OOM_SCORE_ADJ, when given, is written to /proc/self/oom_score_adj
 * before the allocation; failing to write it is an error (exit 1), so a
 * test never runs with a score it did not ask for.  "ready" is printed
 * on stdout, flushed, once every page is charged.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MIB (1024L * 1024L)
#define MAX_MIB 1024L

/* the block escapes here, so the compiler cannot drop the unused
 * allocation and its memset (gcc -O1 does without it) */
static char *volatile held;

static int parse_long(const char *s, long lo, long hi, long *out)
{
        char *end;

        errno = 0;
        long v = strtol(s, &end, 10);
        if (*s == '\0' || *end != '\0' || errno != 0 || v < lo || v > hi)
                return -1;
        *out = v;
        return 0;
}

static int set_adj(long adj)
{
        FILE *f = fopen("/proc/self/oom_score_adj", "w");

        if (!f)
                return -1;
        int bad = fprintf(f, "%ld\n", adj) < 0;
        /* the kernel checks the value (and the caller's right to lower
         * it) when the buffer is written out, so fclose() reports it */
        if (fclose(f) != 0 || bad)
                return -1;
        return 0;
}

int main(int argc, char **argv)
{
        long mib, adj = 0;

        if (argc < 2 || argc > 3 || parse_long(argv[1], 0, MAX_MIB, &mib) != 0 ||
            (argc == 3 && parse_long(argv[2], -1000, 1000, &adj) != 0)) {
                fprintf(stderr, "usage: %s MIB(0-%ld) [OOM_SCORE_ADJ(-1000-1000)]\n", argv[0], MAX_MIB);
                return 2;
        }
        if (argc == 3 && set_adj(adj) != 0) {
                fprintf(stderr, "oomlens_holder: cannot set oom_score_adj %ld: %s\n", adj, strerror(errno));
                return 1;
        }
        if (mib > 0) {
                char *p = malloc((size_t)(mib * MIB));
                if (!p) {
                        fprintf(stderr, "oomlens_holder: cannot allocate %ld MiB\n", mib);
                        return 1;
                }
                /* touching every page makes it resident and charges it to
                 * the memory cgroup; not zero, so no page stays shared */
                memset(p, 0x5a, (size_t)(mib * MIB));
                held = p;
        }
        printf("ready\n");
        fflush(stdout);
        for (;;)
                pause();
}
