#!/bin/bash
# badinput.sh — `oomlens analyze` against hostile and broken input: empty
# and binary files, NUL bytes, a 100 MiB line, CRLF, escape sequences and
# invalid UTF-8 in a comm, every line prefix of real reports, unreadable,
# missing and corrupt (.gz) files, a --root tree of FIFOs and symlinks to
# /dev/zero.  Checks exit codes, JSON validity,
# terminal safety of text output and that events around the damage are
# still found.  Prints one PASS/FAIL line per check; exits 1 on any FAIL.
#
# Usage: tests/badinput.sh OOMLENS [FIXTURE_DIR]
#   FIXTURE_DIR: real reports (*.log) to cut and convert; default: the four
#   OOMAnalyser reports of the fuzz seed corpus (byte copies of
#   tests/data/peers/oomanalyser/*.log, see tests/fuzz/make_corpus.sh).
set -u
export LC_ALL=C
# Sanitizer reports must end the run (and fail the check), not scroll by.
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:abort_on_error=1:print_stacktrace=1}
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1}

oomlens=${1:?usage: $0 OOMLENS [FIXTURE_DIR]}
oomlens=$(cd "$(dirname "$oomlens")" && pwd)/$(basename "$oomlens")
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fixtures=()
if [ $# -ge 2 ]; then
        for f in "$2"/*.log; do [ -f "$f" ] && fixtures+=("$f"); done
else
        for f in "$here"/fuzz/corpus/real-oomanalyser-*.log; do [ -f "$f" ] && fixtures+=("$f"); done
fi
if [ ${#fixtures[@]} -eq 0 ]; then
        echo "FAIL: no fixture (*.log) found"
        exit 1
fi
# the smallest fixture (the victim pid check of several checks uses it)
small=$(ls -S "${fixtures[@]}" | tail -n 1)

failures=0
pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# run NAME ARGS... — runs oomlens analyze, leaving $tmp/NAME.{out,err} and
# the status in $rc.  Statuses above 100 are crashes or sanitizer aborts.
run() {
        local name=$1
        shift
        # (the group's stderr swallows bash's "Aborted" notice of a crash)
        { "$oomlens" analyze "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"; rc=$?; } 2>/dev/null
}
crash_text() { head -c 2000 "$tmp/$1.err"; }

# json_check FILE [PYTHON-EXPR] — FILE must be strict UTF-8 JSON; the
# expression (over `d`, the document) must be true.  Prints what failed.
json_check() {
        python3 - "$@" <<'EOF'
import json, sys
try:
    d = json.loads(open(sys.argv[1], 'rb').read().decode('utf-8'))
except Exception as e:
    print(f"invalid JSON: {e}")
    sys.exit(1)
if len(sys.argv) > 2 and sys.argv[2] and not eval(sys.argv[2], {'d': d, 'pids': lambda: [(e.get('victim') or {}).get('pid') for e in d['events']]}):
    print(f"not true: {sys.argv[2]}; victims: {[(e.get('victim') or {}).get('pid') for e in d['events']]}")
    sys.exit(1)
EOF
}

# expect NAME "WANTED STATUSES" [PYTHON-EXPR] -- ARGS: one check.
expect() {
        local name=$1 want=$2 expr=$3
        shift 4
        run "$name" --format json "$@"
        if [[ " $want " != *" $rc "* ]]; then
                fail "$name: exit $rc, want one of: $want"
                crash_text "$name"
                return
        fi
        local why
        if ! why=$(json_check "$tmp/$name.out" "$expr"); then
                fail "$name: $why"
                return
        fi
        pass "$name (exit $rc)"
}

victim_of() { # the victim pids of FILE, as a Python list
        "$oomlens" analyze --format json "$1" 2>/dev/null |
                python3 -c 'import json,sys; print([(e.get("victim") or {}).get("pid") for e in json.load(sys.stdin)["events"]])'
}
small_victims=$(victim_of "$small")

# --- empty and degenerate files ------------------------------------------
: >"$tmp/empty"
expect empty "1" "d['events'] == []" -- "$tmp/empty"
expect dev-null "1" "d['events'] == []" -- /dev/null
printf '\n\n\r\n   \n' >"$tmp/blank"
expect blank-lines "1" "d['events'] == []" -- "$tmp/blank"

# --- binary garbage: 1 MiB from a fixed seed, the same on every run -------
python3 -c 'import random,sys; r=random.Random(20240601); sys.stdout.buffer.write(r.randbytes(1<<20))' >"$tmp/garbage"
expect binary-garbage "0 1" "" -- "$tmp/garbage"

# garbage with a real report after it, and another garbage tail
{ cat "$tmp/garbage"; printf '\n'; cat "$small"; head -c 65536 "$tmp/garbage"; } >"$tmp/garbage-report"
expect garbage-around-report "0" "pids() == $small_victims" -- "$tmp/garbage-report"

# --- NUL bytes --------------------------------------------------------------
{ head -c 65536 /dev/zero; printf '\n'; cat "$small"; } >"$tmp/nul-block"
expect nul-block-then-report "0" "pids() == $small_victims" -- "$tmp/nul-block"
# a NUL inside each of the first ten lines of the report
awk 'NR <= 10 { printf "%s\0tail\n", $0; next } { print }' "$small" >"$tmp/nul-lines"
expect nul-inside-lines "0 1" "" -- "$tmp/nul-lines"

# --- one 100 MiB line: a kill line at its start, and one after it --------
{
        printf 'Out of memory: Killed process 4242 (first) total-vm:1000kB, anon-rss:500kB, file-rss:0kB, shmem-rss:0kB '
        head -c $((100 * 1024 * 1024)) /dev/zero | tr '\0' 'A'
        printf '\nOut of memory: Killed process 4343 (after) total-vm:1000kB, anon-rss:500kB, file-rss:0kB, shmem-rss:0kB\n'
} >"$tmp/long-line"
expect long-line-100MiB "0" "4343 in pids() and d['inputs'][0]['long_lines'] >= 1" -- "$tmp/long-line"
if json_check "$tmp/long-line-100MiB.out" "4242 in pids()" >/dev/null; then
        pass "long-line-100MiB: the kill at the start of the long line is found too"
else
        echo "INFO: long-line-100MiB: the kill at the start of the 100 MiB line is not reported (the line is cut)"
fi
rm -f "$tmp/long-line"

# --- CRLF: the same facts as LF ------------------------------------------
mkdir -p "$tmp/lf" "$tmp/crlf"
for f in "${fixtures[@]}"; do
        b=$(basename "$f")
        cp "$f" "$tmp/lf/$b"
        sed 's/$/\r/' "$f" >"$tmp/crlf/$b"
        (cd "$tmp/lf" && "$oomlens" analyze --format json "$b" >"../$b.lf.json" 2>/dev/null)
        rc_lf=$?
        (cd "$tmp/crlf" && "$oomlens" analyze --format json "$b" >"../$b.crlf.json" 2>"../$b.crlf.err")
        rc=$?
        if [ $rc -ne $rc_lf ]; then
                fail "crlf-$b: exit $rc, LF gives $rc_lf"
                head -c 2000 "$tmp/$b.crlf.err"
                continue
        fi
        if why=$(python3 - "$tmp/$b.lf.json" "$tmp/$b.crlf.json" <<'EOF'
import json, sys
lf, crlf = (json.loads(open(p, 'rb').read().decode('utf-8'))['events'] for p in sys.argv[1:3])
def diff(a, b, path=''):
    if type(a) != type(b) or (not isinstance(a, (dict, list)) and a != b):
        return f"{path or '/'}: LF {a!r} vs CRLF {b!r}"
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            r = diff(a.get(k), b.get(k), f"{path}/{k}")
            if r: return r
    if isinstance(a, list):
        if len(a) != len(b): return f"{path}: {len(a)} vs {len(b)} items"
        for i, (x, y) in enumerate(zip(a, b)):
            r = diff(x, y, f"{path}/{i}")
            if r: return r
    return None
r = diff(lf, crlf)
if r or not lf:
    print(r or 'no events in the LF file')
    sys.exit(1)
EOF
        ); then
                pass "crlf-$b: events equal to LF"
        else
                fail "crlf-$b: $why"
        fi
done

# --- escape sequences and invalid UTF-8 in a comm ------------------------
printf 'Out of memory: Killed process 1 (\033[31mevil\377) total-vm:1000kB, anon-rss:500kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0\n' >"$tmp/evil"
printf '[  1.000000] Out of memory: Killed process 2 (\033]0;title\007\302) total-vm:1kB, anon-rss:1kB, file-rss:0kB\n' >>"$tmp/evil"
run evil-text --format text "$tmp/evil"
if [ $rc -ne 0 ]; then
        fail "evil-comm-text: exit $rc, want 0"
        crash_text evil-text
elif LC_ALL=C grep -q $'\033' "$tmp/evil-text.out"; then
        fail "evil-comm-text: raw ESC byte in text output"
elif LC_ALL=C grep -q $'\007' "$tmp/evil-text.out"; then
        fail "evil-comm-text: raw BEL byte in text output"
else
        pass "evil-comm-text: no raw ESC/BEL in text output"
fi
run evil-json --format json "$tmp/evil"
if [ $rc -ne 0 ]; then
        fail "evil-comm-json: exit $rc, want 0"
        crash_text evil-json
elif ! python3 -m json.tool "$tmp/evil-json.out" >/dev/null 2>"$tmp/evil-json.tool"; then
        fail "evil-comm-json: python3 -m json.tool: $(cat "$tmp/evil-json.tool")"
elif ! why=$(json_check "$tmp/evil-json.out" "pids() == [1, 2] and 'evil' in d['events'][0]['victim']['comm']"); then
        fail "evil-comm-json: $why"
else
        pass "evil-comm-json: valid JSON, both kills found"
fi
# the bad byte as the text output's \xNN, the same in the comm and the headline
comm_expr="d['events'][0]['victim']['comm'] == '\x1b[31mevil\\\\xff' and d['events'][0]['victim']['comm'] in d['events'][0]['headline']"
if why=$(json_check "$tmp/evil-json.out" "$comm_expr"); then
        pass "evil-comm-json: the byte FF is \\xff in the comm and in the headline"
else
        fail "evil-comm-json: $why"
fi

# --- journal entries whose MESSAGE is binary ------------------------------
# journalctl -o json writes a MESSAGE with a control byte (an ESC in a comm)
# as an array of byte values, -o export as a binary field (NAME, le64 size,
# bytes).  A report whose trigger and kill lines are such must give the
# same event as with text: victim and trigger named, the name escaped.
python3 - "$tmp/binary.json" "$tmp/binary.export" <<'EOF2'
import json, struct, sys
evil = "\x1b[2Jevil"
lines = [evil + " invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0",
         "CPU: 0 PID: 1234 Comm: " + evil + " Not tainted 6.1.0 #1",
         "Mem-Info:",
         "Tasks state (memory values in pages):",
         "[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name",
         "[   1234]     0  1234   100000    50000   400000        0             0 " + evil,
         "oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,"
         "task_memcg=/,task=" + evil + ",pid=1234,uid=0",
         "Out of memory: Killed process 1234 (" + evil + ") total-vm:400000kB, anon-rss:200000kB, "
         "file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:400kB oom_score_adj:0"]
with open(sys.argv[1], "w") as js, open(sys.argv[2], "wb") as ex:
    for i, text in enumerate(lines):
        meta = {"__REALTIME_TIMESTAMP": str(1700000000000000 + i), "_TRANSPORT": "kernel", "PRIORITY": "4"}
        binary = "\x1b" in text
        js.write(json.dumps(dict(meta, MESSAGE=list(text.encode()) if binary else text), separators=(",", ":")) + "\n")
        ex.write(b"__CURSOR=s=1;i=%d\n" % i + b"".join(b"%s=%s\n" % (k.encode(), v.encode()) for k, v in meta.items()))
        data = text.encode()
        ex.write(b"MESSAGE\n" + struct.pack("<Q", len(data)) + data + b"\n\n" if binary else b"MESSAGE=" + data + b"\n\n")
EOF2
for f in binary.json binary.export; do
        expect "$f" "0" "len(d['events']) == 1 and pids() == [1234] and d['events'][0]['victim']['comm'] == '\x1b[2Jevil' and (d['events'][0]['trigger'] or {}).get('comm') == '\x1b[2Jevil'" -- "$tmp/$f"
        run "$f-text" --format text "$tmp/$f"
        if [ $rc -ne 0 ] || LC_ALL=C grep -q $'\033' "$tmp/$f-text.out" ||
                ! grep -qF 'killed:    \x1b[2Jevil (pid 1234' "$tmp/$f-text.out" ||
                ! grep -qF 'trigger:   \x1b[2Jevil (pid 1234)' "$tmp/$f-text.out"; then
                fail "$f-text: exit $rc; want the victim and trigger named \\x1b[2Jevil, no raw ESC: $(head -c 1500 "$tmp/$f-text.out")"
        else
                pass "$f-text: victim and trigger named, escaped"
        fi
done

# --- a newline (and an ESC) in a comm of /dev/kmsg records ----------------
# The kernel writes them as \x0a and \x1b inside one record: the record
# stays one line, the victim is named, its name escaped in every output.
# Read as a file and as the dev/kmsg of a --root tree.
for comm in 'ev\x0ail' '\x1b[2Jevil'; do
        f=kmsg-$([ "$comm" = 'ev\x0ail' ] && echo newline || echo esc)
        {
                printf '%s\n' "4,100,5000000,-;$comm invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0"
                printf '%s\n' "4,101,5000001,-;CPU: 0 PID: 1234 Comm: $comm Not tainted 6.1.0 #1"
                printf '%s\n' "4,102,5000002,-;Mem-Info:"
                printf '%s\n' '4,103,5000003,-;active_anon:1 inactive_anon:2 isolated_anon:0\x0a active_file:3 inactive_file:4 isolated_file:0\x0a free:5 free_pcp:6 free_cma:0'
                printf '%s\n' "6,104,5000004,-;Tasks state (memory values in pages):"
                printf '%s\n' "6,105,5000005,-;[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name"
                printf '%s\n' "6,106,5000006,-;[   1234]     0  1234   100000    50000   400000        0             0 $comm"
                printf '%s\n' "6,107,5000007,-;oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/,task=$comm,pid=1234,uid=0"
                printf '%s\n' "3,108,5000008,-;Out of memory: Killed process 1234 ($comm) total-vm:400000kB, anon-rss:200000kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:400kB oom_score_adj:0"
        } >"$tmp/$f"
        raw=$(printf '%b' "${comm/\\x0a/\\n}")
        shown=${comm/\\x0a/\\n}
        mkdir -p "$tmp/$f-root/dev"
        cp "$tmp/$f" "$tmp/$f-root/dev/kmsg"
        for how in file root; do
                [ $how = file ] && args=("$tmp/$f") || args=(--root "$tmp/$f-root")
                expect "$f-$how" "0" "pids() == [1234] and d['events'][0]['victim']['comm'] == $(python3 -c 'import sys; print(repr(sys.argv[1]))' "$raw") and d['events'][0]['trigger']['comm'] == d['events'][0]['victim']['comm'] and d['events'][0]['tasks'][0]['comm'] == d['events'][0]['victim']['comm'] and d['events'][0]['complete']" -- "${args[@]}"
                run "$f-$how-text" --format text "${args[@]}"
                if [ $rc -ne 0 ] || LC_ALL=C grep -q $'\033' "$tmp/$f-$how-text.out" ||
                        ! grep -qF "killed:    $shown (pid 1234" "$tmp/$f-$how-text.out" ||
                        ! grep -qF "trigger:   $shown (pid 1234)" "$tmp/$f-$how-text.out" ||
                        grep -q '^il' "$tmp/$f-$how-text.out"; then
                        fail "$f-$how-text: exit $rc; want victim and trigger shown as $shown: $(head -c 1500 "$tmp/$f-$how-text.out")"
                else
                        pass "$f-$how-text: victim and trigger shown as $shown"
                fi
        done
done

# --- every line prefix of the real reports -------------------------------
# One Python process runs all prefixes (through stdin) and checks each:
# no crash, exit 0 or 1, valid JSON, and a prefix that ends inside a
# report (its first line present, its last line not) yields an incomplete
# event, while one that holds the whole report yields a complete one.
if ! python3 - "$oomlens" "${fixtures[@]}" <<'EOF'
import json, subprocess, sys
oomlens, fixtures = sys.argv[1], sys.argv[2:]
def analyze(data):
    p = subprocess.run([oomlens, 'analyze', '--format', 'json', '-'], input=data,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return p.returncode, p.stdout, p.stderr
failed = 0
for path in fixtures:
    name = path.rsplit('/', 1)[-1]
    lines = open(path, 'rb').read().splitlines(keepends=True)
    rc, out, err = analyze(b''.join(lines))
    try:
        reports = [(e['source']['line'], e['source']['last_line'])
                   for e in json.loads(out.decode('utf-8'))['events']]
    except Exception as e:
        print(f"FAIL: prefixes-{name}: whole file: exit {rc}, {e}")
        failed += 1
        continue
    bad = []
    for k in range(0, len(lines) + 1):
        rc, out, err = analyze(b''.join(lines[:k]))
        if rc not in (0, 1):
            bad.append(f"cut at line {k}: exit {rc}: {err[-1500:].decode('utf-8', 'replace')}")
            continue
        try:
            events = json.loads(out.decode('utf-8'))['events']
        except Exception as e:
            bad.append(f"cut at line {k}: invalid JSON: {e}")
            continue
        for first, last in reports:
            inside = [e for e in events if e['source']['line'] == first]
            if first <= k < last:
                if not inside or inside[0]['complete'] is not False:
                    bad.append(f"cut at line {k} inside the report of lines {first}-{last}: "
                               + ("no event" if not inside else "complete is not false"))
            elif k >= last:
                if not inside or inside[0]['complete'] is not True:
                    bad.append(f"cut at line {k} after the report of lines {first}-{last}: "
                               + ("no event" if not inside else "complete is not true"))
    if bad or not reports:
        failed += 1
        print(f"FAIL: prefixes-{name}: {len(bad)} of {len(lines) + 1} cuts wrong"
              + ("" if reports else " (no report in the whole file)"))
        for b in bad[:5]:
            print("   ", b.strip())
    else:
        print(f"PASS: prefixes-{name}: {len(lines) + 1} cuts, reports {reports}")
sys.exit(1 if failed else 0)
EOF
then
        failures=$((failures + 1))
fi

# --- unreadable and missing files ----------------------------------------
names_file() { grep -qF -- "$2" "$tmp/$1.err"; }
run directory --format json "$tmp/lf"
if [ $rc -eq 4 ] && names_file directory "$tmp/lf"; then
        pass "directory: exit 4, stderr names it"
else
        fail "directory: exit $rc (want 4); stderr: $(head -c 500 "$tmp/directory.err")"
fi
run missing --format json "$tmp/no-such-file.log"
if [ $rc -eq 4 ] && names_file missing "$tmp/no-such-file.log"; then
        pass "missing: exit 4, stderr names it"
else
        fail "missing: exit $rc (want 4); stderr: $(head -c 500 "$tmp/missing.err")"
fi
expect missing-and-good "3" "pids() == $small_victims" -- "$tmp/no-such-file.log" "$small"
if names_file missing-and-good "$tmp/no-such-file.log"; then
        pass "missing-and-good: stderr names the missing file"
else
        fail "missing-and-good: stderr does not name the missing file: $(head -c 500 "$tmp/missing-and-good.err")"
fi

# --- corrupt gzip: the events before the damage, exit 3, a message --------
# The small fixture comes first, then the others: cutting the compressed
# stream at 3/4 loses only later reports.
others=()
for f in "${fixtures[@]}"; do [ "$f" = "$small" ] || others+=("$f"); done
cat "$small" "${others[@]}" "${others[@]}" >"$tmp/full.log"
gzip -9 -n -c "$tmp/full.log" >"$tmp/full.log.gz"
size=$(stat -c %s "$tmp/full.log.gz")
head -c $((size * 3 / 4)) "$tmp/full.log.gz" >"$tmp/truncated.log.gz"
expect gz-truncated "3" "set($small_victims) <= set(pids())" -- "$tmp/truncated.log.gz"
if [ -s "$tmp/gz-truncated.err" ] && names_file gz-truncated "truncated.log.gz"; then
        pass "gz-truncated: stderr names the damaged file"
else
        fail "gz-truncated: no message naming the file on stderr: $(head -c 500 "$tmp/gz-truncated.err")"
fi
# bytes overwritten in the middle of the compressed data
cp "$tmp/full.log.gz" "$tmp/damaged.log.gz"
printf '\377\000\377\000\377\000\377\000\377\000\377\000\377\000\377\000' |
        dd of="$tmp/damaged.log.gz" bs=1 seek=$((size * 3 / 4)) conv=notrunc status=none
expect gz-damaged "3" "set($small_victims) <= set(pids())" -- "$tmp/damaged.log.gz"
# The other compressors, cut the same way.  zstd decodes whole blocks (up
# to 128 KiB of output): the small fixture gets a frame of its own, so
# something precedes the damage.
for z in xz zstd; do
        command -v $z >/dev/null 2>&1 || { echo "SKIP: $z-truncated: no $z"; continue; }
        ext=$z
        [ $z = zstd ] && ext=zst
        if [ $z = zstd ]; then
                { zstd -q -c "$small"; cat "${others[@]}" "${others[@]}" | zstd -q -c; } >"$tmp/full.log.$ext"
        else
                $z -q -c "$tmp/full.log" >"$tmp/full.log.$ext"
        fi
        zsize=$(stat -c %s "$tmp/full.log.$ext")
        head -c $((zsize * 3 / 4)) "$tmp/full.log.$ext" >"$tmp/truncated.log.$ext"
        expect $z-truncated "3" "set($small_victims) <= set(pids())" -- "$tmp/truncated.log.$ext"
done
# a .gz that is not gzip at all
cp "$small" "$tmp/plain.log.gz"
expect gz-not-gzip "0 3 4" "" -- "$tmp/plain.log.gz"

# --- a --root tree whose logs are FIFOs and symlinks to /dev/zero ---------
# analyze, check and top must neither hang nor read outside the tree: each
# such file is named on stderr with why, and counts as unreadable.  A
# captured host tree gives check and top their /proc and /sys; some of
# those files are FIFOs too.
troot="$tmp/hostile-root"
cp -R "$here/data/hosts/v2" "$troot"
mkdir -p "$troot/var/log/journal" "$troot/dev"
mkfifo "$troot/var/log/kern.log" "$troot/dev/kmsg" "$troot/var/log/journal/system.journal" \
        "$troot/var/log/kern.log."$'\033[2J' "$troot/proc/stat"
ln -s /dev/zero "$troot/var/log/messages"
ln -s ../../../../../../../../../../dev/zero "$troot/var/log/syslog"
rm -f "$troot/proc/812/status" "$troot/proc/vmstat"
mkfifo "$troot/proc/812/status"
ln -s /dev/zero "$troot/proc/vmstat"
# run_root NAME CMD ARGS...: oomlens CMD under a 10 s timeout
run_root() {
        local name=$1
        shift
        { timeout 10 "$oomlens" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"; rc=$?; } 2>/dev/null
}
# root_named NAME: stderr names every planted file with its reason, escaped
root_named() {
        local name=$1 want
        for want in "dev/kmsg: not a regular file" "var/log/kern.log: not a regular file" \
                "var/log/messages: symlink leading out of the root" "var/log/syslog: symlink leading out of the root" \
                "var/log/journal/system.journal: not a regular file" 'var/log/kern.log.\x1b[2J: not a regular file'; do
                if ! grep -qF -- "$want" "$tmp/$name.err"; then
                        echo "no '$want' on stderr: $(head -c 1500 "$tmp/$name.err")"
                        return 1
                fi
        done
        if LC_ALL=C grep -q $'\033' "$tmp/$name.err"; then
                echo "raw ESC on stderr"
                return 1
        fi
}
run_root root-analyze analyze --root "$troot" --format json
if [ $rc -eq 124 ]; then
        fail "root-fifo-analyze: hangs (killed after 10 s)"
elif [ $rc -ne 4 ]; then
        fail "root-fifo-analyze: exit $rc, want 4 (no log readable)"; crash_text root-analyze
elif ! why=$(root_named root-analyze) || ! why=$(json_check "$tmp/root-analyze.out" "d['events'] == []"); then
        fail "root-fifo-analyze: $why"
else
        pass "root-fifo-analyze: exit 4, every planted file named, none read"
fi
cp "$small" "$troot/var/log/kern.log.1"
run_root root-analyze-good analyze --root "$troot" --format json
if [ $rc -ne 3 ] || ! why=$(json_check "$tmp/root-analyze-good.out" "pids() == $small_victims"); then
        fail "root-fifo-and-good-log: exit $rc (want 3) ${why:-}"; crash_text root-analyze-good
else
        pass "root-fifo-and-good-log: exit 3, the regular kern.log.1 read"
fi
run_root root-check check --root "$troot" --json
if [ $rc -eq 124 ]; then
        fail "root-fifo-check: hangs (killed after 10 s)"
elif [ $rc -gt 1 ]; then
        fail "root-fifo-check: exit $rc, want 0 or 1"; crash_text root-check
elif ! why=$(root_named root-check) || ! why=$(python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/root-check.out" 2>&1); then
        fail "root-fifo-check: $why"
else
        pass "root-fifo-check: exit $rc, every planted log named, FIFOs in /proc read as unreadable"
fi
run_root root-top top --root "$troot" --json
if [ $rc -eq 124 ]; then
        fail "root-fifo-top: hangs (killed after 10 s)"
elif [ $rc -ne 0 ] || ! python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/root-top.out" 2>/dev/null; then
        fail "root-fifo-top: exit $rc, want 0 and JSON"; crash_text root-top
else
        pass "root-fifo-top: exit 0 with FIFOs and /dev/zero in /proc"
fi

# The "events found before the damage are kept" hint only where the damage
# came after events (issue 9, item 12): not for a file that gave nothing,
# not for an xz stream oomlens declines for its memory limit.
if command -v xz >/dev/null && command -v gzip >/dev/null; then
        printf 'nothing here\n' | xz >"$tmp/empty.xz"
        head -c 20 "$tmp/empty.xz" >"$tmp/cut-empty.xz"
        { cat "$small"; head -c 3000 /dev/urandom; } | gzip >"$tmp/full.gz"
        head -c $(($(stat -c %s "$tmp/full.gz") - 100)) "$tmp/full.gz" >"$tmp/cut-after.gz"
        run hint-none "$tmp/cut-empty.xz"
        if grep -q "before the damage" "$tmp/hint-none.err"; then
                fail "damage-hint: said for a file with no event: $(head -c 300 "$tmp/hint-none.err")"
        else
                run hint-some --count "$tmp/cut-after.gz"
                if [ $rc -ne 3 ] || ! grep -q "before the damage are kept" "$tmp/hint-some.err"; then
                        fail "damage-hint: exit $rc, no hint after events: $(head -c 300 "$tmp/hint-some.err")"
                else
                        pass "damage-hint: only when events were found before the damage"
                fi
        fi
fi

# No scratch file for the spilled events (a read-only /tmp, a TMPDIR that
# does not exist): the events stay in memory, the answer is whole, exit 0
# (review: it printed the right count, then failed with status 70).
python3 - "$tmp/many.log" <<'PYEOF'
import sys
with open(sys.argv[1], "w") as f:
    for i in range(3000):
        f.write("[%12.6f] Out of memory: Killed process %d (w%d) total-vm:99999kB, anon-rss:%dkB, file-rss:0kB, "
                "shmem-rss:0kB, UID:0 pgtables:100kB oom_score_adj:0\n" % (100 + i, 1000 + i, i % 97, 5000 + i))
PYEOF
got=$(TMPDIR=/nonexistent "$oomlens" analyze --count "$tmp/many.log" 2>"$tmp/notmp.err"); rc=$?
if [ $rc -ne 0 ] || [ "$got" != 3000 ]; then
        fail "no-scratch-dir: exit $rc, count '$got': $(head -c 300 "$tmp/notmp.err")"
elif [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
        got=$(unshare -m sh -c 'mount -o bind,ro /tmp /tmp && exec "$0" analyze --count "$1"' "$oomlens" "$tmp/many.log" 2>"$tmp/rotmp.err"); rc=$?
        if [ $rc -ne 0 ] || [ "$got" != 3000 ]; then
                fail "read-only-tmp: exit $rc, count '$got': $(head -c 300 "$tmp/rotmp.err")"
        else
                pass "no scratch file (TMPDIR missing, /tmp read-only): 3000 events kept in memory, exit 0"
        fi
else
        pass "no scratch file (TMPDIR missing): 3000 events kept in memory, exit 0 (read-only /tmp not tried: no unshare)"
fi

echo
if [ $failures -gt 0 ]; then
        echo "badinput: $failures check(s) FAILED"
        exit 1
fi
echo "badinput: all checks passed"
