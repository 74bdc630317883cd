#!/bin/bash
# e2e_top.sh — end to end on the running kernel: does `oomlens top` name the
# process the kernel really kills?  In a 128 MiB memory cgroup it starts
# three holders (tests/data/holder.c) of different sizes and oom_score_adj,
# checks that `oomlens top --cgroup /NAME --json` lists exactly them, in
# the kernel's own oom_score order, with the right next_victim_pid, and that
# `oomlens top --pid VICTIM` says it goes first in the cgroup; then a hog
# (tests/data/hog.c) pushes the cgroup over its limit and the first process
# the kernel kills there (read from /dev/kmsg) must be the predicted one.
#
# Usage: tests/e2e_top.sh OOMLENS [HOLDER [HOG]]
#   HOLDER, HOG: the oomlens_holder and oomlens_hog executables; compiled
#   with cc into a temporary directory when not given.
# Needs root, /dev/kmsg and a writable memory cgroup (v1 hierarchy, or v2
# with the memory controller enabled in the root's cgroup.subtree_control);
# exits 77 (skip) with the reason otherwise.
#
# The sizes.  The kernel's badness is rss + swap + page tables (pages) plus
# oom_score_adj * totalpages / 1000, where totalpages is the domain's size:
# the cgroup's limit in the cgroup (32768 pages here), RAM + swap for the
# machine (/proc/PID/oom_score, which scales it to 0..1000*2/3 and more).
#       holder  MiB  adj   badness in the cgroup (pages, about)
#       A        40    0   10240 + ~400 binary and libc          = ~10600
#       B        20  300    5120 + ~400 + 300 * 32768 / 1000     = ~15400
#       C        10  700    2560 + ~400 + 700 * 32768 / 1000     = ~25900
# so the kernel's order in the cgroup is C, B, A.  Machine-wide the adj
# weighs far more (300/1000 of the machine against at most 40 MiB of size
# difference), so oom_score orders them C, B, A as well, with well
# separated scores (about 1133, 866, 666 on a 24 GiB machine): the two
# orders agree on any machine of more than ~140 MiB, and the test compares
# oomlens's cgroup order with the kernel's oom_score order.  The hog (adj 0)
# can hold at most what the holders leave, 128 - ~72 = ~56 MiB = ~14400
# pages when the cgroup first runs out, far below C's ~25900: the first
# victim is C, not the hog.  Only the first kill is checked: later OOMs in
# the cgroup (the hog keeps allocating) may kill B, A or the hog.
#
# Safety: the limit is written (and read back) before any process enters
# the cgroup, so every OOM stays inside it; the holders allocate at most
# 40 MiB each and the hog stops at 256 MiB by itself.  Everything started
# here is killed and the cgroup removed on exit.
set -u

oomlens=${1:?usage: $0 OOMLENS [HOLDER [HOG]]}
holder=${2:-}
hog=${3:-}
limit_mib=128
hog_cap_mib=256
name=oomlens-top-e2e-$$
here=$(cd "$(dirname "$0")" && pwd)
export LANGUAGE=en LC_ALL=C

skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }

[ "$(id -u)" -eq 0 ] || skip "not root"
python3 -c 'import os; os.close(os.open("/dev/kmsg", os.O_RDONLY | os.O_NONBLOCK))' 2>/dev/null ||
        skip "cannot read /dev/kmsg (the kernel's kill lines are the test's evidence)"
# The holders inherit this shell's oom_score_adj and may only raise it
# (lowering needs CAP_SYS_RESOURCE): the design above needs 0 to start from.
echo 0 >/proc/self/oom_score_adj 2>/dev/null ||
        skip "cannot set oom_score_adj 0 (it is $(cat /proc/self/oom_score_adj) and lowering it needs CAP_SYS_RESOURCE)"

# A memory cgroup of our own (cg, version), or skip.
# shellcheck source=tests/memcg_lib.sh
. "$(dirname "$0")/memcg_lib.sh"
make_test_memcg "$name"

tmp=$(mktemp -d)
pids=()
cleanup() {
        local p
        exec 2>/dev/null # bash's "Killed" job notices
        for p in "${pids[@]}"; do
                kill -KILL "$p" 2>/dev/null
        done
        # whatever else got into the cgroup
        [ -f "$cg/cgroup.procs" ] && xargs -r kill -KILL <"$cg/cgroup.procs" 2>/dev/null
        # rmdir fails while a task is still leaving the cgroup: retry briefly
        for _ in $(seq 50); do
                [ -d "$cg" ] || break
                rmdir "$cg" 2>/dev/null && break
                sleep 0.2
        done
        [ -d "$cg" ] && echo "warning: could not remove $cg"
        rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

for prog in holder hog; do
        if [ -z "${!prog}" ]; then
                ${CC:-cc} -O1 -o "$tmp/oomlens_$prog" "$here/data/$prog.c" || fail "cannot compile $here/data/$prog.c"
                printf -v "$prog" '%s' "$tmp/oomlens_$prog"
        fi
        [ -x "${!prog}" ] || fail "$prog ${!prog} is not executable"
done

# The limit first: nothing may run in the cgroup unconfined.
limit=$((limit_mib * 1024 * 1024))
if [ $version = 1 ]; then
        echo $limit >"$cg/memory.limit_in_bytes" || fail "cannot set $cg/memory.limit_in_bytes"
        # no swapping instead of the OOM: memsw = mem where swap accounting
        # exists, and swappiness 0 (no swap is counted in totalpages then)
        [ -f "$cg/memory.memsw.limit_in_bytes" ] && echo $limit >"$cg/memory.memsw.limit_in_bytes" 2>/dev/null
        [ -f "$cg/memory.swappiness" ] && echo 0 >"$cg/memory.swappiness" 2>/dev/null
        [ "$(cat "$cg/memory.limit_in_bytes")" = $limit ] || fail "limit did not take: $(cat "$cg/memory.limit_in_bytes")"
        grep -q '^oom_kill_disable 0' "$cg/memory.oom_control" || fail "the OOM killer is disabled in $cg"
else
        echo $limit >"$cg/memory.max" || fail "cannot set $cg/memory.max"
        [ -f "$cg/memory.swap.max" ] && echo 0 >"$cg/memory.swap.max"
        [ "$(cat "$cg/memory.max")" = $limit ] || fail "limit did not take: $(cat "$cg/memory.max")"
fi

# kmsg last|first-kill SEQ PATH PID...: the sequence number of the kernel
# log's last record; or the pid of the first OOM kill after record SEQ in
# the memory cgroup PATH (the "oom-kill:" line, 4.19+; older kernels: the
# first "Killed process PID" of one of the PIDs), nothing when none yet.
kmsg() {
        python3 - "$@" <<'EOF'
import os, re, sys
fd = os.open('/dev/kmsg', os.O_RDONLY | os.O_NONBLOCK)
recs = []
while True:
    try:
        b = os.read(fd, 16384)
    except BlockingIOError:
        break
    except BrokenPipeError:   # records overwritten under us: go on
        continue
    head, _, msg = b.decode('utf-8', 'replace').partition(';')
    recs.append((int(head.split(',')[1]), msg.split('\n')[0]))
if sys.argv[1] == 'last':
    print(recs[-1][0] if recs else -1)
    sys.exit(0)
start, path, pids = int(sys.argv[2]), sys.argv[3], set(sys.argv[4:])
for seq, msg in recs:
    if seq <= start:
        continue
    m = re.search(r'oom-kill:.*[,:]oom_memcg=([^,]*),.*[,:]pid=(\d+)', msg)
    if m:
        if m.group(1) == path:
            print(m.group(2))
            break
        continue
    m = re.search(r'Killed process (\d+)', msg)
    if m and m.group(1) in pids:
        print(m.group(1))
        break
EOF
}

# start MIB ADJ: a holder in the cgroup; the shell moves itself in and
# becomes the holder (same pid), so nothing runs there before the limit
names=(A B C)
sizes=(40 20 10)
adjs=(0 300 700)
for i in 0 1 2; do
        sh -c 'echo $$ >"$1/cgroup.procs" && exec "$2" "$3" "$4"' oomlens-e2e "$cg" "$holder" "${sizes[$i]}" "${adjs[$i]}" \
                >"$tmp/holder$i.out" 2>"$tmp/holder$i.err" &
        pids+=($!)
done
A=${pids[0]} B=${pids[1]} C=${pids[2]}
echo "holders A=$A (${sizes[0]} MiB, adj ${adjs[0]}), B=$B (${sizes[1]} MiB, adj ${adjs[1]}), C=$C (${sizes[2]} MiB, adj ${adjs[2]}) in $cg (cgroup v$version, limit $limit_mib MiB)"

deadline=$(($(date +%s) + 30))
for i in 0 1 2; do
        until grep -qx ready "$tmp/holder$i.out" 2>/dev/null; do
                kill -0 "${pids[$i]}" 2>/dev/null || fail "holder ${names[$i]} (pid ${pids[$i]}) died: $(cat "$tmp/holder$i.err")"
                [ "$(date +%s)" -lt $deadline ] || fail "holder ${names[$i]} (pid ${pids[$i]}) not ready after 30 s"
                sleep 0.1
        done
done
[ "$(sort -n "$cg/cgroup.procs" | tr '\n' ' ')" = "$(printf '%s\n' "$A" "$B" "$C" | sort -n | tr '\n' ' ')" ] ||
        fail "$cg/cgroup.procs holds $(tr '\n' ' ' <"$cg/cgroup.procs"), want $A $B $C"

# The cgroup path as /proc/PID/cgroup names it (the memory controller's line
# on v1, the 0:: line on v2).
if [ $version = 1 ]; then
        path=$(awk -F: '$2 ~ /(^|,)memory(,|$)/ { print $3 }' "/proc/$A/cgroup")
else
        path=$(awk -F: '$1 == "0" { print $3 }' "/proc/$A/cgroup")
fi
[ -n "$path" ] || fail "no memory cgroup in /proc/$A/cgroup"

for i in 0 1 2; do
        score[i]=$(cat "/proc/${pids[$i]}/oom_score")
done
echo "kernel's oom_score: A ${score[0]}, B ${score[1]}, C ${score[2]}"

"$oomlens" top --cgroup "$path" --json >"$tmp/top.json" 2>"$tmp/top.err" ||
        fail "oomlens top --cgroup $path --json exited $?: $(cat "$tmp/top.err")"
python3 - "$tmp/top.json" "$path" $((limit_mib * 1024)) "$A:${score[0]}:${adjs[0]}" "$B:${score[1]}:${adjs[1]}" \
        "$C:${score[2]}:${adjs[2]}" <<'EOF' || { echo "--- oomlens top output in $tmp/top.json:"; head -c 4000 "$tmp/top.json"; exit 1; }
import json, sys
doc = json.load(open(sys.argv[1], encoding='utf-8'))
path, limit_kb = sys.argv[2], int(sys.argv[3])
procs = {}
for arg in sys.argv[4:]:
    pid, score, adj = map(int, arg.split(':'))
    procs[pid] = (score, adj)
errors = []
if len({s for s, _ in procs.values()}) != 3:
    print(f"FAIL: the design needs three different oom_scores, the kernel gives {procs}")
    sys.exit(1)
# the kernel's order: highest oom_score first
kernel = sorted(procs, key=lambda p: -procs[p][0])
mine = [d for d in doc['domains'] if d.get('cgroup') == path]
if len(mine) != 1:
    print(f"FAIL: {len(mine)} domains with cgroup {path!r}; domains: {[d.get('cgroup') for d in doc['domains']]}")
    sys.exit(1)
d = mine[0]
got = [p['pid'] for p in d['processes']]
if sorted(got) != sorted(procs):
    errors.append(f"cgroup domain lists pids {got}, want exactly {sorted(procs)}")
elif got != kernel:
    errors.append(f"cgroup domain order {got}, the kernel's oom_score order is {kernel}")
if d.get('next_victim_pid') != kernel[0]:
    errors.append(f"next_victim_pid = {d.get('next_victim_pid')}, want {kernel[0]}")
if d.get('limit_kb') != limit_kb:
    errors.append(f"limit_kb = {d.get('limit_kb')}, want {limit_kb}")
for p in d['processes']:
    if p['pid'] in procs:
        if p.get('oom_score') != procs[p['pid']][0]:
            errors.append(f"pid {p['pid']}: oom_score {p.get('oom_score')}, /proc says {procs[p['pid']][0]}")
        if p.get('oom_score_adj') != procs[p['pid']][1]:
            errors.append(f"pid {p['pid']}: oom_score_adj {p.get('oom_score_adj')}, want {procs[p['pid']][1]}")
        if p.get('cgroup') != path:
            errors.append(f"pid {p['pid']}: cgroup {p.get('cgroup')!r}, want {path!r}")
# the machine's domain, cut to the processes inside PATH: the same three,
# in oom_score order (there the kernel's order is oom_score itself)
m = doc['domains'][0]
if m.get('cgroup') is not None:
    errors.append(f"domains[0].cgroup = {m.get('cgroup')!r}, want null (the machine)")
else:
    mg = [p['pid'] for p in m['processes']]
    if mg != kernel:
        errors.append(f"machine domain under --cgroup lists {mg}, want {kernel}")
for e in errors:
    print('FAIL:', e)
if errors:
    sys.exit(1)
print(f"PASS: top --cgroup {path}: exactly {kernel} in the kernel's oom_score order, next victim {kernel[0]}")
EOF
predicted=$(python3 -c 'import json, sys; d = [d for d in json.load(open(sys.argv[1]))["domains"] if d["cgroup"] == sys.argv[2]]; print(d[0]["next_victim_pid"])' "$tmp/top.json" "$path")
[ "$predicted" = "$C" ] || fail "predicted victim $predicted is not C ($C): the design above is wrong for this kernel"

# --pid, text: in the cgroup's block, C is number 1 of 3 and the next to die.
"$oomlens" top --pid "$C" --color=never >"$tmp/pid.txt" 2>"$tmp/pid.err" ||
        fail "oomlens top --pid $C exited $?: $(cat "$tmp/pid.err")"
block=$(awk -v head="in cgroup $path " 'index($0, head) { on = 1; print; next } on && /^  [^ ]/ { on = 0 } on' "$tmp/pid.txt")
if [ -z "$block" ] || ! grep -q "number 1 of 3 in kill order" <<<"$block" ||
        ! grep -q "it is the next to die when this domain runs out of memory" <<<"$block"; then
        cat "$tmp/pid.txt"
        echo "--- the cgroup's block:"
        echo "$block"
        fail "oomlens top --pid $C does not say it is the first of 3 and next to die in cgroup $path"
fi
echo "PASS: top --pid $C: number 1 of 3 in $path, the next to die"
printf "%s\n" "$block"

# Push: the hog allocates in the cgroup until the kernel kills someone.
start=$(kmsg last)
sh -c 'echo $$ >"$1/cgroup.procs" && exec "$2" "$3"' oomlens-e2e "$cg" "$hog" $hog_cap_mib 2>"$tmp/hog.err" &
pids+=($!)
H=$!
echo "hog H=$H pushing (stops at $hog_cap_mib MiB by itself)"
killed=""
deadline=$(($(date +%s) + 30))
while [ -z "$killed" ]; do
        [ "$(date +%s)" -lt $deadline ] || fail "no OOM kill in $path after 30 s: $(cat "$tmp/hog.err")"
        sleep 0.2
        killed=$(kmsg first-kill "$start" "$path" "$A" "$B" "$C" "$H")
done 2>/dev/null # bash's "Killed" job notice comes when it reaps a victim
# stop the pushing at once: later kills do not matter
kill -KILL "$H" 2>/dev/null
{ wait "$C"; } 2>/dev/null
status=$?
case $killed in
"$A") who=A ;; "$B") who=B ;; "$C") who=C ;; "$H") who="the hog" ;; *) who="not ours" ;;
esac
[ "$killed" = "$predicted" ] || fail "the kernel killed $killed ($who) first in $path; oomlens top predicted $predicted (C)"
[ $status -eq 137 ] || fail "C ($C) ended with status $status, not SIGKILL (137)"
echo "PASS: the kernel's first OOM kill in $path was pid $killed (C), as oomlens top predicted"
exit 0
