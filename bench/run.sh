#!/usr/bin/env bash
# bench/run.sh BINARY — speed and memory of `oomlens analyze` against grep.
#
# Makes (once, then reuses) in bench/out/: a >= 1 GiB syslog of server
# noise with real OOM reports about every 50 MB, its gzip copy, and a
# "dense" file of back-to-back reports; then times side by side, warm
# page cache, median of $REPS runs (wall clock from `date +%s%N`):
#   LC_ALL=C grep -c 'invoked oom-killer' LOG
#   BINARY analyze --format json LOG >/dev/null
#   zcat LOG.gz | LC_ALL=C grep -c 'invoked oom-killer'
#   BINARY analyze --format json LOG.gz >/dev/null
#   BINARY analyze --format json DENSE >/dev/null           (MB/s)
# Peak RSS of every single command from `/usr/bin/time -f %M`.
# Before timing, every command's answer is checked against the number of
# OOM kills the generator embedded: a wrong answer exits 1.
# The summary goes to stdout and bench/out/results.txt.
#
# Environment: BENCH_SIZE (bytes, default 1 GiB), BENCH_EVERY (bytes
# between reports, default 50000000), BENCH_DENSE_SIZE (default
# 150000000), BENCH_REPS (default 7), BENCH_GZIP_LEVEL (default 6, gzip's
# own default and what logrotate's `compress` writes), BENCH_STRICT=1
# (exit 2 when a target is missed), PYTHON (default python3).
set -euo pipefail
export LC_ALL=C

if [ $# -ne 1 ] || [ ! -x "$1" ]; then
        echo "usage: bench/run.sh BINARY   (e.g. bench/run.sh build/oomlens)" >&2
        exit 2
fi
BIN=$(realpath "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$HERE/out
SIZE=${BENCH_SIZE:-1073741824}
EVERY=${BENCH_EVERY:-50000000}
DENSE_SIZE=${BENCH_DENSE_SIZE:-150000000}
REPS=${BENCH_REPS:-7}
GZ_LEVEL=${BENCH_GZIP_LEVEL:-6}
PY=${PYTHON:-python3}
SEED=1
PATTERN='invoked oom-killer'

LOG=$OUT/syslog-$SIZE.log
GZ=$LOG.gz
DENSE=$OUT/dense-$DENSE_SIZE.log
RESULTS=$OUT/results.txt
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

die() { echo "bench: $*" >&2; exit 1; }
say() { echo "bench: $*" >&2; }

[ "$REPS" -ge 3 ] 2>/dev/null || die "BENCH_REPS must be >= 3 (the median of 3 or more runs is reported)"
if [ ! -x /usr/bin/time ]; then
        say "/usr/bin/time is missing (Debian package 'time'); installing it"
        apt-get install -y time >/dev/null || die "install the 'time' package: peak RSS is read with /usr/bin/time -f %M"
fi
command -v "$PY" >/dev/null || die "$PY not found: the generator is bench/gen-syslog.py (set PYTHON=...)"
mkdir -p "$OUT"

# --------------------------------------------------------------- data

meta() { sed -n "s/^$2=//p" "$1.meta" 2>/dev/null; }

# fresh FILE KIND REQUESTED EVERY: FILE was made by this generator with
# these arguments and is still whole
fresh() {
        local f=$1
        [ -f "$f" ] && [ -f "$f.meta" ] || return 1
        [ "$(meta "$f" kind)" = "$2" ] && [ "$(meta "$f" requested)" = "$3" ] &&
                [ "$(meta "$f" every)" = "$4" ] && [ "$(meta "$f" seed)" = "$SEED" ] &&
                [ "$(meta "$f" generator)" = "$(sha256sum "$HERE/gen-syslog.py" | cut -c1-16)" ] &&
                [ "$(stat -c %s "$f")" = "$(meta "$f" bytes)" ]
}

make_data() {
        local f=$1 kind=$2 size=$3 every=$4
        if fresh "$f" "$kind" "$size" "$every"; then
                say "reusing $f"
                return
        fi
        say "generating $f ($kind, $size bytes)..."
        local t0
        t0=$(date +%s%N)
        if [ "$kind" = noise ]; then
                "$PY" "$HERE/gen-syslog.py" noise "$f" --size "$size" --every "$every" --seed "$SEED" >&2
        else
                "$PY" "$HERE/gen-syslog.py" dense "$f" --size "$size" --seed "$SEED" >&2
        fi
        say "  took $(secs $(( $(date +%s%N) - t0 ))) s"
        rm -f "$f.gz"
}

secs() { awk -v ns="$1" 'BEGIN { printf "%.3f", ns / 1e9 }'; }

make_data "$LOG" noise "$SIZE" "$EVERY"
make_data "$DENSE" dense "$DENSE_SIZE" 0
if [ ! -f "$GZ" ] || [ "$(cat "$GZ.level" 2>/dev/null)" != "$GZ_LEVEL" ] || [ "$LOG" -nt "$GZ" ]; then
        say "compressing $LOG with gzip -$GZ_LEVEL..."
        gzip -"$GZ_LEVEL" -c "$LOG" >"$GZ.tmp"
        mv "$GZ.tmp" "$GZ"
        echo "$GZ_LEVEL" >"$GZ.level"
else
        say "reusing $GZ (gzip -$GZ_LEVEL)"
fi
EXPECT=$(meta "$LOG" events)
EXPECT_DENSE=$(meta "$DENSE" events)
LOG_BYTES=$(stat -c %s "$LOG")
GZ_BYTES=$(stat -c %s "$GZ")
DENSE_BYTES=$(stat -c %s "$DENSE")

# Disk reads from a cold page cache are very slow on these machines (a
# 1 GiB file: minutes cold, a twentieth of a second warm): every input is
# read once before timing and all figures are warm-cache figures.
say "warming the page cache (cat >/dev/null)..."
cat "$LOG" "$GZ" "$DENSE" >/dev/null

# -------------------------------------------------------- correctness

# events FILE.json: OOM kills reported, or a message why the run is broken
events() {
        "$PY" - "$1" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
bad = [i for i in d["inputs"] if i.get("error") is not None]
if bad:
    print("input error: %s" % bad[0]["error"])
else:
    print(len(d["events"]))
EOF
}

# check LABEL EXPECTED FILE: oomlens and grep both count EXPECTED kills
check() {
        local label=$1 want=$2 f=$3 rc=0 got g
        "$BIN" analyze --format json "$f" >"$TMP/out.json" 2>"$TMP/err" || rc=$?
        [ $rc -eq 0 ] || die "WRONG ANSWER: oomlens exit $rc on $label (want 0: kills found): $(head -c 300 "$TMP/err")"
        got=$(events "$TMP/out.json")
        [ "$got" = "$want" ] || die "WRONG ANSWER: oomlens reports $got OOM kills in $label, the generator embedded $want"
        if [ "${f%.gz}" != "$f" ]; then g=$(zcat "$f" | grep -c "$PATTERN"); else g=$(grep -c "$PATTERN" "$f"); fi
        [ "$g" = "$want" ] || die "WRONG ANSWER: grep counts $g reports in $label, the generator embedded $want"
        say "check $label: oomlens and grep both find $want OOM kills"
}
check "$(basename "$LOG")" "$EXPECT" "$LOG"
check "$(basename "$GZ")" "$EXPECT" "$GZ"
check "$(basename "$DENSE")" "$EXPECT_DENSE" "$DENSE"
DENSE_JSON_BYTES=$(stat -c %s "$TMP/out.json")
DENSE_TEXT_BYTES=$("$BIN" analyze "$DENSE" | wc -c)

# ------------------------------------------------------------- timing

# Each case is a function run under /usr/bin/time (peak RSS; a fork+exec,
# about 1 ms) — never through `bash -c`.  grep's count goes to a file,
# never to /dev/null: GNU grep writing to /dev/null stops at the first
# match (as with -q), and in `zcat | grep` that also ends zcat early — the
# times would mean nothing.
c_grep() { /usr/bin/time -f %M -o "$TMP/rss" grep -c "$PATTERN" "$LOG" >"$TMP/count"; }
c_oomlens() { /usr/bin/time -f %M -o "$TMP/rss" "$BIN" analyze --format json "$LOG" >/dev/null; }
c_zgrep() { rm -f "$TMP/rss"; zcat "$GZ" | grep -c "$PATTERN" >"$TMP/count"; }
c_oomlens_gz() { /usr/bin/time -f %M -o "$TMP/rss" "$BIN" analyze --format json "$GZ" >/dev/null; }
c_grep_dense() { /usr/bin/time -f %M -o "$TMP/rss" grep -c "$PATTERN" "$DENSE" >"$TMP/count"; }
c_oomlens_dense() { /usr/bin/time -f %M -o "$TMP/rss" "$BIN" analyze --format json "$DENSE" >/dev/null; }
c_oomlens_dense_count() { /usr/bin/time -f %M -o "$TMP/rss" "$BIN" analyze --count "$DENSE" >/dev/null; }
c_oomlens_dense_text() { /usr/bin/time -f %M -o "$TMP/rss" "$BIN" analyze "$DENSE" >/dev/null; }

CASES=(grep oomlens zgrep oomlens_gz grep_dense oomlens_dense oomlens_dense_text oomlens_dense_count)
declare -A WANT=([grep]=$EXPECT [zgrep]=$EXPECT [grep_dense]=$EXPECT_DENSE)
declare -A TIMES RSS

# run1 CASE: one timed run; appends to TIMES[CASE], raises RSS[CASE]
run1() {
        local c=$1 t0 t1 r
        rm -f "$TMP/rss" "$TMP/count"
        t0=$(date +%s%N)
        "c_$c" || true # oomlens exits 0 (kills found); answers were checked above
        t1=$(date +%s%N)
        TIMES[$c]+="$((t1 - t0)) "
        if [ -n "${WANT[$c]:-}" ] && [ "$(cat "$TMP/count")" != "${WANT[$c]}" ]; then
                die "WRONG ANSWER: timed $c counted $(cat "$TMP/count"), want ${WANT[$c]}"
        fi
        if [ -s "$TMP/rss" ]; then
                r=$(tail -n1 "$TMP/rss")
                [ "$r" -gt "${RSS[$c]:-0}" ] && RSS[$c]=$r
        fi
        return 0
}

# The cases take turns, one run each per round, so that a load change on a
# shared machine hits grep and oomlens alike; round 0 is a warm-up.
say "timing: $REPS rounds of every case, interleaved (median reported), after one warm-up round..."
for c in "${CASES[@]}"; do run1 "$c"; done
TIMES=()
for ((i = 0; i < REPS; i++)); do
        for c in "${CASES[@]}"; do run1 "$c"; done
done
declare -A MED
for c in "${CASES[@]}"; do
        MED[$c]=$(secs "$(printf '%s\n' ${TIMES[$c]} | sort -n | sed -n "$(((REPS + 1) / 2))p")")
        say "$(printf '%-20s median %7.3f s   runs: %s' "$c" "${MED[$c]}" \
                "$(printf '%s\n' ${TIMES[$c]} | awk '{ printf "%s%.3f", (NR > 1 ? " " : ""), $1 / 1e9 }')")"
done

# ------------------------------------------------------------ summary

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
mib() { [ -n "$1" ] && awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }' || echo "-"; }
mbps() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.0f", b / 1e6 / s }'; }
verdict() { awk -v v="$1" -v lim="$2" -v dir="$3" 'BEGIN { ok = dir == "le" ? v <= lim : v >= lim; print ok ? "ok" : "MISSED" }'; }
# rounds A B: the ratio A/B of each round, in round order
rounds() {
        paste -d' ' <(printf '%s\n' ${TIMES[$1]}) <(printf '%s\n' ${TIMES[$2]}) |
                awk '{ printf "%s%.2f", (NR > 1 ? " " : ""), $1 / $2 }'
}

R_PLAIN=$(ratio "${MED[oomlens]}" "${MED[grep]}")
R_GZ=$(ratio "${MED[oomlens_gz]}" "${MED[zgrep]}")
RSS_MAX=$(printf '%s\n' "${RSS[oomlens]}" "${RSS[oomlens_gz]}" | sort -n | tail -1)
DENSE_MBPS=$(mbps "$DENSE_BYTES" "${MED[oomlens_dense]}")
DENSE_TEXT_MBPS=$(mbps "$DENSE_BYTES" "${MED[oomlens_dense_text]}")
DENSE_PARSE_MBPS=$(mbps "$DENSE_BYTES" "${MED[oomlens_dense_count]}")
V_PLAIN=$(verdict "$R_PLAIN" 1.0 le)
V_GZ=$(verdict "$R_GZ" 1.0 le)
V_RSS=$(verdict "$(mib "$RSS_MAX")" 16 le)
V_DENSE=$(verdict "$DENSE_MBPS" 200 ge)
V_DRSS=$(verdict "$(mib "${RSS[oomlens_dense]}")" 16 le)

row() { printf '%-56s %9s %11s\n' "$1" "$2" "$3"; }
{
        echo "oomlens benchmark — $(date -u '+%Y-%m-%d %H:%M UTC')"
        echo "binary:  $BIN ($("$BIN" --version 2>/dev/null || echo '?'))"
        echo "machine: $(nproc) CPU, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
        echo "inputs:  LOG   = $(basename "$LOG"): $LOG_BYTES bytes, $EXPECT OOM kills (one per ~$EVERY bytes)"
        echo "         LOG.gz: $GZ_BYTES bytes (gzip -$GZ_LEVEL)"
        echo "         DENSE = $(basename "$DENSE"): $DENSE_BYTES bytes, $EXPECT_DENSE back-to-back reports;"
        echo "                 its JSON output is $DENSE_JSON_BYTES bytes, its text output $DENSE_TEXT_BYTES bytes"
        echo "method:  warm page cache (inputs read once with cat first: cold reads are very slow here);"
        echo "         wall time by date +%s%N, median of $REPS interleaved rounds after a warm-up round;"
        echo "         peak RSS by /usr/bin/time -f %M (largest of the rounds); answers checked first:"
        echo "         oomlens and grep each found exactly the number of kills the generator embedded."
        echo
        row "command" "median s" "peak RSS"
        row "LC_ALL=C grep -c '$PATTERN' LOG" "${MED[grep]}" "$(mib "${RSS[grep]:-}") MiB"
        row "oomlens analyze --format json LOG >/dev/null" "${MED[oomlens]}" "$(mib "${RSS[oomlens]:-}") MiB"
        row "zcat LOG.gz | LC_ALL=C grep -c '$PATTERN'" "${MED[zgrep]}" "-"
        row "oomlens analyze --format json LOG.gz >/dev/null" "${MED[oomlens_gz]}" "$(mib "${RSS[oomlens_gz]:-}") MiB"
        row "LC_ALL=C grep -c '$PATTERN' DENSE" "${MED[grep_dense]}" "$(mib "${RSS[grep_dense]:-}") MiB"
        row "oomlens analyze --format json DENSE >/dev/null" "${MED[oomlens_dense]}" "$(mib "${RSS[oomlens_dense]:-}") MiB"
        row "oomlens analyze DENSE >/dev/null   (text)" "${MED[oomlens_dense_text]}" "$(mib "${RSS[oomlens_dense_text]:-}") MiB"
        row "oomlens analyze --count DENSE  (parse only)" "${MED[oomlens_dense_count]}" "$(mib "${RSS[oomlens_dense_count]:-}") MiB"
        echo
        printf '%-44s %10s %10s  %s\n' "measure" "value" "target" "verdict"
        printf '%-44s %10s %10s  %s\n' "oomlens / grep (LOG)" "$R_PLAIN" "<= 1.00" "$V_PLAIN"
        printf '%-44s %10s %10s  %s\n' "oomlens LOG.gz / zcat|grep" "$R_GZ" "<= 1.00" "$V_GZ"
        printf '%-44s %10s %10s  %s\n' "peak RSS, LOG and LOG.gz (MiB)" "$(mib "$RSS_MAX")" "<= 16" "$V_RSS"
        printf '%-44s %10s %10s  %s\n' "DENSE throughput, json (MB/s)" "$DENSE_MBPS" ">= 200" "$V_DENSE"
        printf '%-44s %10s %10s  %s\n' "peak RSS, DENSE json (MiB)" "$(mib "${RSS[oomlens_dense]:-}")" "<= 16" "$V_DRSS"
        printf '%-44s %10s\n' "DENSE throughput, text (MB/s)" "$DENSE_TEXT_MBPS"
        printf '%-44s %10s %10s  %s\n' "DENSE parse throughput, --count (MB/s)" "$DENSE_PARSE_MBPS" ">= 200" "$(verdict "$DENSE_PARSE_MBPS" 200 ge)"
        printf '%-44s %10s\n' "grep throughput, LOG (MB/s)" "$(mbps "$LOG_BYTES" "${MED[grep]}")"
        printf '%-44s %10s\n' "oomlens throughput, LOG (MB/s)" "$(mbps "$LOG_BYTES" "${MED[oomlens]}")"
        echo
        echo "per-round ratios (noise):  oomlens/grep $(rounds oomlens grep)"
        echo "                           oomlens.gz/zcat|grep $(rounds oomlens_gz zgrep)"
} | tee "$RESULTS"
say "written to $RESULTS"

if [ "${BENCH_STRICT:-0}" = 1 ] && printf '%s\n' "$V_PLAIN" "$V_GZ" "$V_RSS" "$V_DENSE" "$V_DRSS" | grep -q MISSED; then
        exit 2
fi
exit 0
