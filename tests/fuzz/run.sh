#!/bin/sh
# run.sh — builds the fuzz targets (fuzz_analyze: logs through every
# output, spilled and held; fuzz_live: captured /proc and cgroup trees
# through top and check) with clang-14 + libFuzzer + ASan + UBSan in their
# own build directory and fuzzes each for a bounded time.
#
# Usage: tests/fuzz/run.sh BUILDDIR SECONDS     (SECONDS for each target)
#   FUZZ_TARGETS="analyze live"  which targets, default both
#   FUZZ_JOBS=N  run N fuzzing processes (libFuzzer -fork=N), default 1
#   FUZZ_CC=...  the clang to use, default clang-14
#
# The checked-in seeds (tests/fuzz/corpus, corpus-live) are only read: new
# inputs go to BUILDDIR/corpus-TARGET, crashes to BUILDDIR/artifacts-TARGET.
# Exit 0 when the time ran out without a finding, 1 on a crash, leak,
# timeout or build failure, 77 (skip) when clang-14 or libFuzzer is missing.
set -eu

if [ $# -ne 2 ]; then
        echo "usage: $0 BUILDDIR SECONDS" >&2
        exit 2
fi
builddir=$1
seconds=$2
here=$(cd "$(dirname "$0")" && pwd)
srcroot=$(cd "$here/../.." && pwd)
cc=${FUZZ_CC:-clang-14}

if ! command -v "$cc" >/dev/null 2>&1; then
        echo "SKIP: $cc not found (apt-get install clang-14 libclang-rt-14-dev)"
        exit 77
fi
probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
printf '#include <stddef.h>\n#include <stdint.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }\n' \
        >"$probe/p.c"
if ! "$cc" -fsanitize=fuzzer,address,undefined "$probe/p.c" -o "$probe/p" >"$probe/log" 2>&1; then
        echo "SKIP: $cc cannot link libFuzzer (apt-get install libclang-rt-14-dev):"
        sed 's/^/  /' "$probe/log" | head -5
        exit 77
fi

if [ ! -f "$builddir/build.ninja" ]; then
        CC=$cc meson setup "$builddir" "$srcroot" -Dfuzz=true -Dbuildtype=debugoptimized >"$probe/setup.log" 2>&1 || {
                cat "$probe/setup.log" >&2
                echo "FAIL: meson setup of $builddir" >&2
                exit 1
        }
fi
targets=${FUZZ_TARGETS:-analyze live}
jobs=${FUZZ_JOBS:-1}
fork=""
[ "$jobs" -gt 1 ] && fork="-fork=$jobs"
# UBSan findings must stop the run like ASan's (set UBSAN_OPTIONS yourself,
# e.g. with suppressions=FILE, to fuzz past a known bug).
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:abort_on_error=1:print_stacktrace=1}"
failed=0
for t in $targets; do
        name=fuzz_$t
        seeds=$here/corpus
        [ "$t" = live ] && seeds=$here/corpus-live
        meson compile -C "$builddir" "$name" >"$probe/build.log" 2>&1 || {
                cat "$probe/build.log" >&2
                echo "FAIL: building $name in $builddir" >&2
                exit 1
        }
        fuzzer=$builddir/tests/$name
        [ -x "$fuzzer" ] || { echo "FAIL: $fuzzer was not built (is $builddir configured with CC=clang-14 -Dfuzz=true?)"; exit 1; }
        work=$builddir/corpus-$t
        artifacts=$builddir/artifacts-$t
        mkdir -p "$work" "$artifacts"
        echo "$name: fuzzing for ${seconds}s (jobs $jobs); new inputs in $work, findings in $artifacts/"
        set +e
        # libFuzzer's default error exit code is 77, which test runners read
        # as "skipped": findings must fail.
        # shellcheck disable=SC2086
        "$fuzzer" $fork -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
                -error_exitcode=1 -timeout_exitcode=1 -print_final_stats=1 \
                -artifact_prefix="$artifacts/" "$work" "$seeds" 2>"$builddir/$name.log"
        status=$?
        set -e
        tail -n 12 "$builddir/$name.log"
        if [ $status -ne 0 ]; then
                echo "FAIL: $name found a bug (exit $status); full log: $builddir/$name.log"
                echo "reproducers (copy them to tests/fuzz/crashes/$name/ so ${name}_replay keeps them):"
                ls -1 "$artifacts" | sed "s|^|  $artifacts/|"
                failed=1
        else
                echo "PASS: $name, no finding in ${seconds}s"
        fi
done
exit $failed
