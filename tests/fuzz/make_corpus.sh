#!/bin/sh
# make_corpus.sh — regenerates the seed corpus of fuzz_analyze in
# tests/fuzz/corpus/ from the real logs of tests/data (each cut to
# at most 64 KiB, the scanner's longest line and a size libFuzzer mutates
# quickly) and the repository's container fixtures, plus hand-made edge
# cases.  The output is checked in; run this only to refresh it.
# Usage: tests/fuzz/make_corpus.sh [SHARED_CORPUS_DIR]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=${1:-"$(dirname "$0")/../data"}
seeds=$(dirname "$src")/seeds
out=$here/corpus
data=$here/../data
mkdir -p "$out"
max=65536

# Real logs: first 64 KiB of each.
for f in "$src"/peers/*/* "$seeds"/*.txt; do
        case $f in *README.md) continue ;; esac
        [ -f "$f" ] || continue
        peer=$(basename "$(dirname "$f")")
        head -c $max "$f" >"$out/real-$peer-$(basename "$f")"
done
# The big syslog of peers/out-of-memory: also 64 KiB from its first report.
big=$src/peers/out-of-memory/messages
if [ -f "$big" ]; then
        n=$(grep -n -m1 'invoked oom-killer' "$big" | cut -d: -f1)
        tail -n +"$n" "$big" | head -c $max >"$out/real-out-of-memory-messages-report"
fi
# The repository's container fixtures (dmesg variants, journal renderings).
# Copies of the real logs above are skipped (same bytes).
for f in "$data"/containers/* "$data"/sources/*.kmsg "$data"/sources/*.export; do
        case $f in *.md) continue ;; esac
        [ -f "$f" ] || continue
        t=$out/fixture-$(basename "$f")
        head -c $max "$f" >"$t"
        sum=$(cksum <"$t")
        for r in "$out"/real-*; do
                if [ "$(cksum <"$r")" = "$sum" ]; then
                        rm -f "$t"
                        break
                fi
        done
done

# Hand-made edge cases.  Kernel facts: /dev/kmsg escapes bytes < 0x20 and
# '\' as \xNN (printk_safe/devkmsg_read); rsyslog escapes control bytes as
# #NNN octal; journalctl -o json prints a non-UTF-8 MESSAGE as an array of
# byte values; export format writes a binary field as NAME\n + 64-bit LE
# length + bytes.
e=$out
printf '%s\n' \
'4,1,100,-;hog invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0' \
'4,2,101,-;Mem-Info:\x0aactive_anon:1 inactive_anon:2 isolated_anon:0\x0a active_file:3 inactive_file:4\x0a free:5 free_pcp:6' \
'6,3,102,c;comm \x5c with \x1b[31m escapes \x0a and\x00 nul' \
'6,4,103,-;oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/a\x0ab,task_memcg=/a,task=h\x29g,pid=7,uid=0' \
'3,5,104,-;Memory cgroup out of memory: Killed process 7 (h)g) total-vm:1kB, anon-rss:2kB, file-rss:3kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0' \
' SUBSYSTEM=mem' \
'3,6,105,-;\x' \
'3,7,106,-;\x4' >"$e/edge-kmsg-escapes"

printf '%s\n' \
'Nov 27 21:02:21 web1 kernel: [  12.000001] java invoked oom-killer: gfp_mask=0x201da, order=0, oom_score_adj=0#012Mem-Info:#012active_anon:10 inactive_anon:20 isolated_anon:0#012 free:30' \
'Nov 27 21:02:21 web1 kernel: [  12.000002] Node 0 Normal free:1kB min:2kB#011low:3kB#015high:4kB#0' \
'Nov 27 21:02:21 web1 kernel: [  12.000003] Out of memory: Kill process 99 (java) score 999 or sacrifice child#012Killed process 99 (java) total-vm:100kB, anon-rss:50kB, file-rss:0kB' \
'Nov 27 21:02:21 web1 kernel: #01' >"$e/edge-rsyslog-012"

printf '%s\n' \
'{"__REALTIME_TIMESTAMP":"1672531198123456","_TRANSPORT":"kernel","_HOSTNAME":"h","MESSAGE":"a invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0"}' \
'{"__REALTIME_TIMESTAMP":"1672531198123457","_TRANSPORT":"kernel","_HOSTNAME":"h","MESSAGE":[79,117,116,32,111,102,32,109,101,109,111,114,121,58,32,75,105,108,108,101,100,32,112,114,111,99,101,115,115,32,49,32,40,255,27,41,10]}' \
'{"MESSAGE":"Killed process 2 (\u00e9\u0000\ud800x) total-vm:1kB, anon-rss:1kB","_TRANSPORT":"kernel","__MONOTONIC_TIMESTAMP":"99999999999999999999"}' \
'{"MESSAGE":"\u","_TRANSPORT":"kernel"}' \
'{"MESSAGE":[256,-1,"x"],"_TRANSPORT":"kernel"}' \
'{"MESSAGE":' \
'{"_TRANSPORT":"kernel","MESSAGE":"Killed process 3 (x) total-vm:1kB\\' >"$e/edge-journal-json"

{
        printf '__REALTIME_TIMESTAMP=1672531198123456\n_TRANSPORT=kernel\n_HOSTNAME=h\n'
        printf 'MESSAGE=x invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\n\n'
        printf '__REALTIME_TIMESTAMP=1672531198123457\n_TRANSPORT=kernel\nMESSAGE\n'
        printf '\046\000\000\000\000\000\000\000Killed process 5 (a\nb\033\377) total-vm:1kB\n\n'
        printf '_TRANSPORT=kernel\nMESSAGE\n\377\377\377\377\377\377\377\177short\n\n'
        printf '_TRANSPORT=kernel\nMESSAGE\n\005\000\000'
} >"$e/edge-journal-export"

printf '%s\n' \
'[99999999999.999999] a invoked oom-killer: gfp_mask=0xffffffffffffffffffff(GFP_KERNEL|0x1), order=-2147483649, oom_score_adj=-99999999999999999999' \
'[99999999999.999999] Mem-Info:' \
'[99999999999.999999] active_anon:18446744073709551616 inactive_anon:-9223372036854775808 free:99999999999999999999999' \
'[99999999999.999999] 18446744073709551615 pages RAM' \
'[99999999999.999999] 9223372036854775807 pages reserved' \
'[99999999999.999999] Node 0 Normal free:18446744073709551615kB min:9223372036854775807kB' \
'[99999999999.999999] Free swap  = 18446744073709551615kB' \
'[99999999999.999999] Total swap = -1kB' \
'[99999999999.999999] Tasks state (memory values in pages):' \
'[99999999999.999999] [  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name' \
'[99999999999.999999] [99999999999]  4294967296 99999999999 18446744073709551615 9223372036854775808 18446744073709551615 -1 -1001 x' \
'[99999999999.999999] memory: usage 18446744073709551615kB, limit 9223372036854775807kB, failcnt 18446744073709551616' \
'[99999999999.999999] oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0-99999999999,global_oom,task_memcg=/,task=x,pid=99999999999,uid=4294967296' \
'[99999999999.999999] Out of memory: Killed process 99999999999 (x) total-vm:18446744073709551615kB, anon-rss:18446744073709551616kB, file-rss:-1kB, shmem-rss:99999999999999999999kB, UID:4294967296 pgtables:9223372036854775807kB oom_score_adj:-2147483649' \
'[-1.5] oom_reaper: reaped process 99999999999 (x), now anon-rss:18446744073709551615kB, file-rss:0kB, shmem-rss:0kB' >"$e/edge-huge-numbers"

printf '%s\n' \
'[  100.000001] Web Content (x) invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0' \
'[  100.000002] CPU: 0 PID: 42 Comm: Web Content (x) Not tainted 6.1.1 #1' \
'[  100.000003] Tasks state (memory values in pages):' \
'[  100.000004] [  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name' \
'[  100.000005] [     42]  1000    42   100000    50000   409600        0           200 Web Content (x)' \
'[  100.000006] [     43]  1000    43   100000    50000   409600        0           200 a) b (c' \
'[  100.000007] [     44]  1000    44   100000    50000   409600        0           200 ' \
'[  100.000008] oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/user.slice/a b,task=Web Content (x),pid=42,uid=1000' \
'[  100.000009] Out of memory: Killed process 42 (Web Content (x)) total-vm:400000kB, anon-rss:200000kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:400kB oom_score_adj:200' \
'[  100.000010] Out of memory: Killed process 43 (a) b (c) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:4kB oom_score_adj:200' \
'[  100.000011] Out of memory: Killed process 44 () total-vm:1kB' \
'[  100.000012] Out of memory: Killed process 45 (unterminated total-vm:1kB' \
'[  100.000013] oom_reaper: reaped process 42 (Web Content (x)), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB' >"$e/edge-comm-parens"

# CRLF line endings, a year wrap in RFC 3164 stamps, and two hosts whose
# reports interleave in one central syslog.
printf 'Dec 31 23:59:59 a kernel: x invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\r\n'\
'Dec 31 23:59:59 b kernel: y invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\r\n'\
'Jan  1 00:00:01 a kernel: Out of memory: Killed process 1 (x) total-vm:1kB, anon-rss:1kB, file-rss:0kB\r\n'\
'Jan  1 00:00:01 b kernel: Memory cgroup out of memory: Killed process 2 (y) total-vm:1kB, anon-rss:1kB, file-rss:0kB\r\n'\
'Feb 30 25:61:61 c kernel: Killed process 3 (z)\r\r\n' >"$e/edge-crlf-yearwrap-hosts"

# A report cut off in the middle, then a bare kill line (rate-limited report).
head -n 40 "$src/peers/oomanalyser/rhel7.log" >"$e/edge-cut-report"
printf 'Killed process 1234 (cut) total-vm:1kB, anon-rss:1kB, file-rss:0kB\n' >>"$e/edge-cut-report"

# One line longer than the scanner's 64 KiB bound, with a kill line inside
# and one after it.
{
        printf 'Out of memory: Killed process 11 (first) total-vm:1kB, anon-rss:1kB, file-rss:0kB '
        head -c 70000 /dev/zero | tr '\0' 'A'
        printf 'Killed process 12 (inside) total-vm:1kB\n'
        printf 'Out of memory: Killed process 13 (after) total-vm:1kB, anon-rss:1kB, file-rss:0kB\n'
} >"$e/edge-long-line"

# One whole report whose comm holds an ESC and a newline, in the record
# formats that carry such bytes: journal JSON with MESSAGE as arrays of
# byte values (and malformed arrays), journal export with binary MESSAGE
# fields (NAME\n, le64 size, bytes), /dev/kmsg with \x1b and \x0a escapes
# (and a NUL-separated dump with raw newlines).
esc=$(printf '\033')
report_lines() { # COMM: the report's lines, one per line
        printf '%s\n' \
"$1 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0" \
"CPU: 0 PID: 1234 Comm: $1 Not tainted 6.1.0 #1" \
'Mem-Info:' \
'Tasks state (memory values in pages):' \
'[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name' \
"[   1234]     0  1234   100000    50000   400000        0             0 $1" \
"oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/,task=$1,pid=1234,uid=0" \
"Out of memory: Killed process 1234 ($1) total-vm:400000kB, anon-rss:200000kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:400kB oom_score_adj:0" \
"oom_reaper: reaped process 1234 ($1), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB"
}
byte_values() { # TEXT: its bytes as "72,101,..."
        printf '%s' "$1" | od -An -v -tu1 | tr -s ' \n' '  ' | sed 's/^ //; s/ $//; s/ /,/g'
}
le64() { # N: 8 bytes, little-endian
        n=$1
        for _ in 1 2 3 4 5 6 7 8; do
                printf "\\$(printf '%03o' $((n % 256)))"
                n=$((n / 256))
        done
}
i=0
report_lines "${esc}[2Jevil" | while IFS= read -r l; do
        i=$((i + 1))
        printf '{"__REALTIME_TIMESTAMP":"17000000000000%02d","_TRANSPORT":"kernel","PRIORITY":"4","MESSAGE":[%s]}\n' \
                "$i" "$(byte_values "$l")"
done >"$e/edge-journal-json-bytes"
printf '%s\n' '{"_TRANSPORT":"kernel","MESSAGE":[ 79 , 117,116, 32,111,102,32,109,101,109,111,114,121,58,32,75,105,108,108,101,100,32,112,114,111,99,101,115,115,32,57,32,40,101,118,10,105,108,41 ]}' \
        '{"MESSAGE":[75,105,108,108,256],"_TRANSPORT":"kernel"}' '{"MESSAGE":[75,,105]}' '{"MESSAGE":[75,105' \
        '{"MESSAGE":[]}' '{"MESSAGE":[0,0,0,10,10]}' >>"$e/edge-journal-json-bytes"
i=0
report_lines "ev${esc}il" | while IFS= read -r l; do
        i=$((i + 1))
        printf '__CURSOR=s=1;i=%d\n__REALTIME_TIMESTAMP=17000000000000%02d\n_TRANSPORT=kernel\nMESSAGE\n' "$i" "$i"
        le64 ${#l}
        printf '%s\n\n' "$l"
done >"$e/edge-journal-export-binary"
i=0
report_lines 'ev\x0ail\x1b' | while IFS= read -r l; do
        i=$((i + 1))
        printf '6,%d,%d,-;%s\n' "$i" $((5000000 + i)) "$l"
done >"$e/edge-kmsg-newline-comm"
printf '4,20,6000000,-;active_anon:1 inactive_anon:2\\x0a active_file:3\\x0a\n\0003,21,6000001,-;Out of memory: Killed process 9 (a\nb) total-vm:1kB\n\0' \
        >>"$e/edge-kmsg-newline-comm"

: >"$e/edge-empty"
printf '\n\n\r\n\000\000\n' >"$e/edge-blank-nul"
echo "corpus: $(ls "$out" | wc -l) files in $out"
