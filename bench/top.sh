#!/usr/bin/env bash
# bench/top.sh BINARY — speed of one `oomlens top` scan against ps, and the
# CPU the refreshing mode takes, on this machine as it is and with ~10,000
# extra sleeping processes.
#
# For each of the two process counts:
#   ps -eo pid,rss,comm --sort=-rss >/dev/null
#   BINARY top --json -n 0 >/dev/null          (every process of every domain)
#   BINARY top >/dev/null                      (text, the default 10 per domain)
# timed side by side, warm, median of $REPS interleaved rounds after a
# warm-up round: each run's wall time, and its CPU time (user + system,
# from wait4), steadier than wall time on a loaded machine; then
#   BINARY top -d $DELAY --iterations $ITER >/dev/null
# whose (user + system CPU) / wall time is the share of one core the
# refreshing mode takes, and CPU / $ITER the CPU per refresh.
# Before timing, oomlens's answer is checked: its whole-machine domain must
# list every sleeper (and about as many processes as /proc holds).
# The summary goes to stdout and bench/out/top.txt.
#
# The sleepers: a helper compiled here forks BENCH_PROCS children that
# pause(); they share its pages (a few KiB of page tables and kernel stack
# each) and die with it (PR_SET_PDEATHSIG); the script kills their process
# group on exit, whatever happens.
#
# Environment: BENCH_PROCS (default 10000), BENCH_REPS (default 21),
# BENCH_DELAY (default 2), BENCH_ITERATIONS (default 31: a minute, the first
# full scan included, then the budgeted ones and the refreshes between), BENCH_STRICT=1
# (exit 2 when a target is missed), CC (default cc), PYTHON (default python3).
set -euo pipefail
export LC_ALL=C LANGUAGE=en

if [ $# -ne 1 ] || [ ! -x "$1" ]; then
        echo "usage: bench/top.sh BINARY   (e.g. bench/top.sh build/oomlens)" >&2
        exit 2
fi
BIN=$(realpath "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$HERE/out
RESULTS=$OUT/top.txt
PROCS=${BENCH_PROCS:-10000}
export PROCS
REPS=${BENCH_REPS:-21}
DELAY=${BENCH_DELAY:-2}
ITER=${BENCH_ITERATIONS:-31}
PY=${PYTHON:-python3}
TMP=$(mktemp -d)
SPAWNER_PID=""

die() { echo "bench: $*" >&2; exit 1; }
say() { echo "bench: $*" >&2; }

cleanup() {
        if [ -n "$SPAWNER_PID" ]; then
                # the sleepers are the spawner's process group (pgid = its pid)
                kill -KILL -- "-$SPAWNER_PID" 2>/dev/null || true
                kill -KILL "$SPAWNER_PID" 2>/dev/null || true
                wait "$SPAWNER_PID" 2>/dev/null || true
        fi
        rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

[ "$REPS" -ge 3 ] 2>/dev/null || die "BENCH_REPS must be >= 3 (the median of 3 or more runs is reported)"
[ "$PROCS" -ge 1 ] 2>/dev/null || die "BENCH_PROCS must be >= 1"
[ "$ITER" -ge 2 ] 2>/dev/null || die "BENCH_ITERATIONS must be >= 2"
command -v ps >/dev/null || die "ps not found (Debian package procps)"
command -v "$PY" >/dev/null || die "$PY not found (set PYTHON=...)"
mkdir -p "$OUT"

# Room for the sleepers: pid_max and RLIMIT_NPROC, with a margin.
pids_now=(/proc/[0-9]*)
now=${#pids_now[@]}
pid_max=$(cat /proc/sys/kernel/pid_max)
threads_max=$(cat /proc/sys/kernel/threads-max)
nproc_limit=$(ulimit -u)
need=$((now + PROCS + 500))
[ "$need" -le "$pid_max" ] || die "$PROCS sleepers do not fit: $now processes now, pid_max $pid_max"
[ "$need" -le "$threads_max" ] || die "$PROCS sleepers do not fit: threads-max $threads_max"
[ "$nproc_limit" = unlimited ] || [ "$(id -u)" -eq 0 ] || [ "$need" -le "$nproc_limit" ] ||
        die "$PROCS sleepers do not fit: ulimit -u is $nproc_limit"

cat >"$TMP/sleepers.c" <<'EOF'
/* sleepers N: forks N children that sleep until killed; prints N when all are there. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <unistd.h>

int main(int argc, char **argv)
{
        long n = argc > 1 ? strtol(argv[1], NULL, 10) : 0;
        pid_t parent = getpid();

        setpgid(0, 0); /* one group: the bench kills it whole */
        for (long i = 0; i < n; i++) {
                pid_t p = fork();
                if (p < 0) {
                        perror("sleepers: fork");
                        return 1; /* the children die with us */
                }
                if (p == 0) {
                        prctl(PR_SET_PDEATHSIG, SIGKILL);
                        if (getppid() != parent)
                                _exit(0);
                        for (;;)
                                pause();
                }
        }
        printf("%ld\n", n);
        fflush(stdout);
        for (;;)
                pause();
}
EOF
${CC:-cc} -O2 -o "$TMP/oomlens-sleeper" "$TMP/sleepers.c" || die "cannot compile the sleepers helper"

# The floor: what one open + read + close of each /proc/PID file costs, per
# process, over every pid (the best of 3 passes) — what a scan is made of.
cat >"$TMP/procfiles.c" <<'EOF'
/* procfiles FILE...: for each FILE, microseconds per process to open,
 * read whole and close /proc/PID/FILE for every pid; best of 3 passes. */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static char buf[65536];

static double now(void)
{
        struct timespec t;
        clock_gettime(CLOCK_MONOTONIC, &t);
        return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
        static int pids[1 << 22];
        int np = 0;
        DIR *d = opendir("/proc");
        struct dirent *e;

        while (d && (e = readdir(d)) && np < (1 << 22))
                if (e->d_name[0] >= '1' && e->d_name[0] <= '9')
                        pids[np++] = atoi(e->d_name);
        if (d)
                closedir(d);
        for (int k = 1; k < argc; k++) {
                double best = 1e9;
                for (int pass = 0; pass < 3; pass++) {
                        double t0 = now();
                        for (int i = 0; i < np; i++) {
                                char path[64];
                                snprintf(path, sizeof(path), "/proc/%d/%s", pids[i], argv[k]);
                                int fd = open(path, O_RDONLY | O_CLOEXEC);
                                if (fd < 0)
                                        continue;
                                while (read(fd, buf, sizeof(buf)) > 0)
                                        ;
                                close(fd);
                        }
                        double t = (now() - t0) / np * 1e6;
                        best = t < best ? t : best;
                }
                printf("%s %.2f\n", argv[k], best);
        }
        return 0;
}
EOF
${CC:-cc} -O2 -o "$TMP/procfiles" "$TMP/procfiles.c" || die "cannot compile the procfiles helper"
FILES=(status oom_score oom_score_adj cmdline cgroup stat statm)

# The timer: runs commands with stdout to /dev/null and takes each one's
# own wall time and CPU time (user + system, from wait4's rusage: that
# child alone, microseconds).
#   timer.py scan REPS BIN: ps, oomlens --json -n 0, oomlens text, in
#     turns, REPS rounds after a warm-up round; per case one line
#     "case wall_median wall_min wall_max cpu_median" (seconds)
#   timer.py once CMD...: one run; "user_s system_s wall_s"
cat >"$TMP/timer.py" <<'EOF'
import os, statistics, subprocess, sys, time

def run(argv):
    t = time.monotonic()
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    w = time.monotonic() - t
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        sys.exit(f"bench: {' '.join(argv)} exited {p.returncode}")
    return w, ru.ru_utime, ru.ru_stime

if sys.argv[1] == 'once':
    w, u, s = run(sys.argv[2:])
    print(f"{u:.6f} {s:.6f} {w:.6f}")
    sys.exit(0)
reps, binary = int(sys.argv[2]), sys.argv[3]
cases = [('ps', ['ps', '-eo', 'pid,rss,comm', '--sort=-rss']),
         ('json', [binary, 'top', '--json', '-n', '0']),
         ('text', [binary, 'top'])]
walls = {c: [] for c, _ in cases}
cpus = {c: [] for c, _ in cases}
for r in range(reps + 1):
    for c, argv in cases:
        w, u, s = run(argv)
        if r > 0:  # round 0 warms up
            walls[c].append(w)
            cpus[c].append(u + s)
for c, _ in cases:
    print(c, f"{statistics.median(walls[c]):.5f} {min(walls[c]):.5f} {max(walls[c]):.5f} {statistics.median(cpus[c]):.5f}")
EOF

# check LABEL [SLEEPERS_PGID]: oomlens's whole-machine domain lists about as
# many processes as /proc holds (kernel threads excluded), and every sleeper
check() {
        local label=$1 pgid=${2:-}
        "$BIN" top --json -n 0 >"$TMP/top.json" || die "WRONG ANSWER: oomlens top --json exited $?"
        "$PY" - "$TMP/top.json" "$label" "$pgid" <<'EOF' >&2 || exit 1
import json, os, sys
doc = json.load(open(sys.argv[1], encoding='utf-8'))
label, pgid = sys.argv[2], sys.argv[3]
# user processes now: the ones with an address space (kernel threads have
# none); the sleepers: the children of the helper (pgid = its pid)
users, sleepers = set(), set()
for d in os.listdir('/proc'):
    if not d.isdigit():
        continue
    try:
        status = open(f'/proc/{d}/status').read()
    except OSError:
        continue  # gone meanwhile
    if '\nVmRSS:' in status:
        users.add(int(d))
    if pgid and f'\nPPid:\t{pgid}\n' in status:
        sleepers.add(int(d))
if pgid and len(sleepers) < int(os.environ['PROCS']):
    print(f"bench: only {len(sleepers)} sleepers (children of {pgid}), want {os.environ['PROCS']}")
    sys.exit(1)
with open(sys.argv[1] + '.count', 'w') as f:
    print(len(users), file=f)
m = doc['domains'][0]
got = {p['pid'] for p in m['processes']}
missing = sleepers - got
if missing:
    print(f"bench: WRONG ANSWER ({label}): {len(missing)} of {len(sleepers)} sleepers missing from oomlens top, e.g. {sorted(missing)[:5]}")
    sys.exit(1)
# processes come and go between the two reads (ps, python, the shell's own)
if abs(len(got) - len(users)) > 20:
    print(f"bench: WRONG ANSWER ({label}): oomlens top lists {len(got)} processes, /proc holds {len(users)} with memory")
    sys.exit(1)
print(f"bench: check {label}: oomlens top lists {len(got)} processes (/proc: {len(users)}), all {len(sleepers)} sleepers among them")
EOF
        COUNT=$(cat "$TMP/top.json.count")
}

secs() { awk -v ns="$1" 'BEGIN { printf "%.4f", ns / 1e9 }'; }

# measure TAG: the timed rounds and the refresh run for the current
# process count; sets MED[<case>_TAG] (wall s), CPUMED[<case>_TAG] (CPU s),
# and CPU[TAG] (% of one core), PER[TAG] (ms CPU per refresh), WALL[TAG]
# and US[TAG] ("user system" s) of the refresh run
declare -A MED CPUMED CPU PER WALL US
measure() {
        local tag=$1 c w lo hi cpu u s
        say "[$tag] timing: $REPS rounds of ps, oomlens --json, oomlens text, interleaved, after a warm-up round..."
        "$PY" "$TMP/timer.py" scan "$REPS" "$BIN" >"$TMP/scan.txt" || die "[$tag] a timed command failed"
        while read -r c w lo hi cpu; do
                MED[${c}_$tag]=$w
                CPUMED[${c}_$tag]=$cpu
                say "$(printf '[%s] %-5s wall median %8.4f s (min %.4f, max %.4f), CPU median %8.4f s' "$tag" "$c" "$w" "$lo" "$hi" "$cpu")"
        done <"$TMP/scan.txt"
        say "[$tag] refresh: $BIN top -d $DELAY --iterations $ITER >/dev/null ..."
        read -r u s w < <("$PY" "$TMP/timer.py" once "$BIN" top -d "$DELAY" --iterations "$ITER" || true)
        [ -n "${w:-}" ] || die "[$tag] $BIN top -d $DELAY --iterations $ITER failed"
        CPU[$tag]=$(awk -v u="$u" -v s="$s" -v w="$w" 'BEGIN { printf "%.3f", (u + s) / w * 100 }')
        PER[$tag]=$(awk -v u="$u" -v s="$s" -v n="$ITER" 'BEGIN { printf "%.1f", (u + s) / n * 1000 }')
        WALL[$tag]=$w
        US[$tag]="$u $s"
        say "[$tag] refresh: user $u s, system $s s, wall $w s: ${CPU[$tag]} % of one core, ${PER[$tag]} ms CPU per refresh"
}

# ------------------------------------------------------------ normal
check normal
N_NORMAL=$COUNT
measure normal

# ------------------------------------------------------------ sleepers
say "spawning $PROCS sleepers..."
t0=$(date +%s%N)
"$TMP/oomlens-sleeper" "$PROCS" >"$TMP/sleepers.out" &
SPAWNER_PID=$!
deadline=$(($(date +%s) + 120))
until [ "$(cat "$TMP/sleepers.out" 2>/dev/null)" = "$PROCS" ]; do
        kill -0 "$SPAWNER_PID" 2>/dev/null || die "the sleepers helper died"
        [ "$(date +%s)" -lt $deadline ] || die "$PROCS sleepers not there after 120 s"
        sleep 0.1
done
say "  $PROCS sleepers in $(secs $(($(date +%s%N) - t0))) s"
check sleepers "$SPAWNER_PID"
N_MANY=$COUNT
measure many
say "[many] cost of each /proc/PID file (open, read, close), best of 3 passes..."
declare -A FILE_US
while read -r f us; do FILE_US[$f]=$us; done < <("$TMP/procfiles" "${FILES[@]}")

# ------------------------------------------------------------ summary
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
verdict() { awk -v v="$1" -v lim="$2" 'BEGIN { print v <= lim ? "ok" : "MISSED" }'; }
R_JSON_N=$(ratio "${MED[json_normal]}" "${MED[ps_normal]}")
R_TEXT_N=$(ratio "${MED[text_normal]}" "${MED[ps_normal]}")
R_JSON_M=$(ratio "${MED[json_many]}" "${MED[ps_many]}")
R_TEXT_M=$(ratio "${MED[text_many]}" "${MED[ps_many]}")
per_proc() { awk -v a="${CPUMED[$1_many]}" -v b="${CPUMED[$1_normal]}" -v n="$((N_MANY - N_NORMAL))" 'BEGIN { printf "%.1f", (a - b) / n * 1e6 }'; }
row() { printf '%-46s %12s %12s\n' "$1" "$2" "$3"; }
{
        echo "oomlens top benchmark — $(date -u '+%Y-%m-%d %H:%M UTC')"
        echo "binary:  $BIN ($("$BIN" --version 2>/dev/null || echo '?'))"
        echo "machine: $(nproc) CPU, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), kernel $(uname -r), load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
        echo "         ps: $(ps --version 2>&1 | head -1)"
        echo "method:  wall and CPU time of each run (wait4), median of $REPS interleaved rounds after a warm-up round;"
        echo "         refresh CPU = (user + system) / wall of one \`top -d $DELAY --iterations $ITER\` run;"
        echo "         oomlens's answer checked first (every sleeper listed, process count as /proc's)."
        echo
        row "" "normal" "+$PROCS"
        row "user processes (with an address space)" "$N_NORMAL" "$N_MANY"
        row "ps -eo pid,rss,comm --sort=-rss (s)" "${MED[ps_normal]}" "${MED[ps_many]}"
        row "oomlens top --json -n 0 (s)" "${MED[json_normal]}" "${MED[json_many]}"
        row "oomlens top, text, 10 per domain (s)" "${MED[text_normal]}" "${MED[text_many]}"
        row "CPU (user + system): ps (s)" "${CPUMED[ps_normal]}" "${CPUMED[ps_many]}"
        row "CPU: oomlens top --json -n 0 (s)" "${CPUMED[json_normal]}" "${CPUMED[json_many]}"
        row "CPU: oomlens top, text (s)" "${CPUMED[text_normal]}" "${CPUMED[text_many]}"
        row "top -d $DELAY: CPU s (user system)" "${US[normal]}" "${US[many]}"
        row "top -d $DELAY: wall s" "${WALL[normal]}" "${WALL[many]}"
        row "top -d $DELAY: CPU per refresh (ms)" "${PER[normal]}" "${PER[many]}"
        row "ps: µs CPU per extra process" "" "$(per_proc ps)"
        row "oomlens --json: µs CPU per extra process" "" "$(per_proc json)"
        row "oomlens text: µs CPU per extra process" "" "$(per_proc text)"
        echo
        echo "the floor, +$PROCS: one open + read + close of /proc/PID/FILE, µs per process (best of 3 passes)"
        echo "(oomlens reads status, oom_score, oom_score_adj, cmdline and cgroup of each process;"
        echo " ps -eo pid,rss,comm of procps-ng 4 opens stat, status, environ and cmdline)"
        for f in "${FILES[@]}"; do printf '  %-14s %6s\n' "$f" "${FILE_US[$f]}"; done
        echo
        printf '%-46s %10s %10s  %s\n' "measure" "value" "target" "verdict"
        printf '%-46s %10s %10s  %s\n' "oomlens --json / ps, normal" "$R_JSON_N" "<= 1.00" "$(verdict "$R_JSON_N" 1.0)"
        printf '%-46s %10s %10s  %s\n' "oomlens text / ps, normal" "$R_TEXT_N" "<= 1.00" "$(verdict "$R_TEXT_N" 1.0)"
        printf '%-46s %10s %10s  %s\n' "oomlens --json / ps, +$PROCS" "$R_JSON_M" "<= 1.00" "$(verdict "$R_JSON_M" 1.0)"
        printf '%-46s %10s %10s  %s\n' "oomlens text / ps, +$PROCS" "$R_TEXT_M" "<= 1.00" "$(verdict "$R_TEXT_M" 1.0)"
        printf '%-46s %10s\n' "CPU: oomlens --json / ps, +$PROCS" "$(ratio "${CPUMED[json_many]}" "${CPUMED[ps_many]}")"
        printf '%-46s %10s\n' "CPU: oomlens text / ps, +$PROCS" "$(ratio "${CPUMED[text_many]}" "${CPUMED[ps_many]}")"
        printf '%-46s %10s %10s  %s\n' "top -d $DELAY, % of one core, normal" "${CPU[normal]}" "< 1" "$(verdict "${CPU[normal]}" 0.999)"
        printf '%-46s %10s %10s  %s\n' "top -d $DELAY, % of one core, +$PROCS" "${CPU[many]}" "< 1" "$(verdict "${CPU[many]}" 0.999)"
} | tee "$RESULTS"
say "written to $RESULTS"

if [ "${BENCH_STRICT:-0}" = 1 ] && grep -q MISSED "$RESULTS"; then
        exit 2
fi
exit 0
