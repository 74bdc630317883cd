#!/bin/bash
# e2e_memcg.sh — end to end on the running kernel: provokes a real OOM kill
# inside a 64 MiB memory cgroup, then checks that a bare `oomlens analyze`
# (reading /dev/kmsg, the journal and /var/log like a user would) reports
# that very kill.
#
# Usage: tests/e2e_memcg.sh OOMLENS [HOG]
#   HOG: the oomlens_hog executable (tests/data/hog.c); compiled with cc
#   into a temporary directory when not given.
# Needs root and a writable memory cgroup (v1 hierarchy, or v2 with the
# memory controller enabled in the root's cgroup.subtree_control); exits 77
# (skip) with the reason otherwise.  Only the kill of our own hog counts:
# the kernel log may hold OOM kills of earlier runs.
#
# Safety: the limit is written before the hog enters the cgroup, so the
# kill stays inside the cgroup; the hog also stops at 512 MiB by itself.
set -u

oomlens=${1:?usage: $0 OOMLENS [HOG]}
hog=${2:-}
limit_mib=64
name=oomlens-e2e-$$
here=$(cd "$(dirname "$0")" && pwd)

skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }

[ "$(id -u)" -eq 0 ] || skip "not root"

# A memory cgroup of our own (cg, version), or skip.
# shellcheck source=tests/memcg_lib.sh
. "$(dirname "$0")/memcg_lib.sh"
make_test_memcg "$name"

tmp=$(mktemp -d)
hog_pid=""
cleanup() {
        [ -n "$hog_pid" ] && kill -KILL "$hog_pid" 2>/dev/null
        # rmdir fails while a task is still leaving the cgroup: retry briefly
        for _ in 1 2 3 4 5 6 7 8 9 10; do
                [ -d "$cg" ] || break
                rmdir "$cg" 2>/dev/null && break
                sleep 0.2
        done
        [ -d "$cg" ] && echo "warning: could not remove $cg" >&2
        rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

if [ -z "$hog" ]; then
        ${CC:-cc} -O1 -o "$tmp/oomlens_hog" "$here/data/hog.c" || fail "cannot compile $here/data/hog.c"
        hog=$tmp/oomlens_hog
fi
[ -x "$hog" ] || fail "hog $hog is not executable"

# The limit first: the hog must never run unconfined.
limit=$((limit_mib * 1024 * 1024))
if [ $version = 1 ]; then
        echo $limit >"$cg/memory.limit_in_bytes" || fail "cannot set $cg/memory.limit_in_bytes"
        # with swap the hog would swap instead of dying; memsw >= mem
        [ -f "$cg/memory.memsw.limit_in_bytes" ] && echo $limit >"$cg/memory.memsw.limit_in_bytes" 2>/dev/null
        [ "$(cat "$cg/memory.limit_in_bytes")" = $limit ] || fail "limit did not take: $(cat "$cg/memory.limit_in_bytes")"
else
        echo $limit >"$cg/memory.max" || fail "cannot set $cg/memory.max"
        [ -f "$cg/memory.swap.max" ] && echo 0 >"$cg/memory.swap.max"
        [ "$(cat "$cg/memory.max")" = $limit ] || fail "limit did not take: $(cat "$cg/memory.max")"
fi

# The shell moves itself into the cgroup and becomes the hog: same pid.
start=$(date +%s)
sh -c 'echo $$ >"$1/cgroup.procs" && exec "$2" 512' oomlens-e2e "$cg" "$hog" 2>"$tmp/hog.err" &
hog_pid=$!
echo "hog pid $hog_pid in $cg (cgroup v$version, limit ${limit_mib} MiB)"

deadline=$((start + 30))
while kill -0 "$hog_pid" 2>/dev/null; do
        if [ "$(date +%s)" -ge $deadline ]; then
                cat "$tmp/hog.err"
                fail "hog $hog_pid still alive after 30 s"
        fi
        sleep 0.2
done 2>/dev/null # bash's "Killed" job notice comes when it reaps the hog
{ wait "$hog_pid"; } 2>/dev/null
status=$?
hog_pid_done=$hog_pid
hog_pid=""
[ $status -eq 137 ] || { cat "$tmp/hog.err"; fail "hog exited with status $status, not SIGKILL (137)"; }
echo "hog killed after $(($(date +%s) - start)) s"

# The kill line reaches /dev/kmsg synchronously; give the journal a moment.
sleep 1
"$oomlens" analyze --format json >"$tmp/out.json" 2>"$tmp/err"
rc=$?
if [ $rc -ne 0 ] && [ $rc -ne 3 ]; then
        cat "$tmp/err"
        fail "oomlens analyze exited $rc (want 0, or 3 when some local log was unreadable)"
fi

memcg_path=/$name
# the kernel's comm is the executable's name cut to TASK_COMM_LEN - 1 bytes
comm=$(basename "$hog" | cut -c1-15)
python3 - "$tmp/out.json" "$hog_pid_done" "$memcg_path" $((limit_mib * 1024)) "$comm" <<'EOF'
import json, sys, datetime
path, pid, memcg, limit_kb, comm = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5]
doc = json.loads(open(path, 'rb').read().decode('utf-8'))
mine = [e for e in doc['events'] if (e.get('victim') or {}).get('pid') == pid]
if not mine:
    print(f"FAIL: no event with victim.pid == {pid} among {len(doc['events'])} events")
    sys.exit(1)
# pids are reused: prefer the event of our own cgroup
mine.sort(key=lambda e: (e.get('memcg') or {}).get('path') != memcg)
e = mine[0]
errors = []
def want(what, got, expected):
    if got != expected:
        errors.append(f"{what} = {got!r}, want {expected!r}")
want('victim.comm', e['victim'].get('comm'), comm)
want('constraint', e.get('constraint'), 'MEMCG')
want('memcg.path', (e.get('memcg') or {}).get('path'), memcg)
want('memcg.limit_kb', (e.get('memcg') or {}).get('limit_kb'), limit_kb)
wall = (e.get('time') or {}).get('wall')
if not wall:
    errors.append('time.wall is null')
else:
    t = datetime.datetime.fromisoformat(wall)
    if t.tzinfo is None:
        t = t.replace(tzinfo=datetime.timezone.utc)
    age = (datetime.datetime.now(datetime.timezone.utc) - t).total_seconds()
    if abs(age) > 300:
        errors.append(f"time.wall = {wall} is {age:.0f} s from now")
for err in errors:
    print('FAIL:', err)
if errors:
    sys.exit(1)
print(f"PASS: event for pid {pid} ({comm}): constraint MEMCG, memcg {memcg}, limit {limit_kb} kB, wall {wall}")
EOF
r=$?
[ $r -eq 0 ] || { echo "--- oomlens stderr"; cat "$tmp/err"; exit 1; }
exit 0
