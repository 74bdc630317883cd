#!/bin/sh
# Runs the whole suite in each build directory given (the plain build and
# the ASan+UBSan build) and ends with the line CI reads:
#   N passed, N failed, N skipped
set -u
total_ok=0 total_fail=0 total_skip=0
for dir in "$@"; do
    echo "== meson test -C $dir"
    ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1} \
    UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
        meson test -C "$dir" --print-errorlogs --num-processes 2 >"$dir/suite.out" 2>&1
    grep -E "^ *[0-9]+/[0-9]+ " "$dir/suite.out" | sed 's/^/  /'
    grep -q "FAIL\|ERROR\|TIMEOUT" "$dir/suite.out" && sed -n '/^--- command ---/,$p' "$dir/suite.out" | head -200
    counts=$(python3 - "$dir/meson-logs/testlog.json" <<'PY'
import json, sys
ok = fail = skip = 0
for line in open(sys.argv[1]):
    r = json.loads(line)["result"]
    if r in ("OK", "EXPECTEDFAIL"): ok += 1
    elif r == "SKIP": skip += 1
    else: fail += 1
print(ok, fail, skip)
PY
)
    ok=${counts%% *}; rest=${counts#* }; fail=${rest%% *}; skip=${rest#* }
    total_ok=$((total_ok + ok)); total_fail=$((total_fail + fail)); total_skip=$((total_skip + skip))
done
echo "$total_ok passed, $total_fail failed, $total_skip skipped"
[ "$total_fail" -eq 0 ]
