#!/bin/sh
# capture-host.sh — copy what oomlens top/check read from this machine (or
# from SRC, a mounted root) into DEST, as a tree that `oomlens top --root
# DEST` and the tests read exactly like the live machine.  Only the files
# procfs.c opens are copied: per process status, cgroup, cmdline,
# oom_score, oom_score_adj; /proc/meminfo, vmstat, pressure/memory, the vm
# sysctls and the kernel release; per memory cgroup its memory.* files.
#
# Usage: tools/capture-host.sh DEST [PID...]   (no PID: every process)
# Command lines and cgroup names can be private: read DEST before you
# share it.
set -eu
dest=${1:?usage: capture-host.sh DEST [PID...]}
shift
src=${CAPTURE_SRC:-}

copy() { # copy REL if it is readable; vanished files are skipped
        [ -r "$src/$1" ] || return 0
        mkdir -p "$dest/$(dirname "$1")"
        cat "$src/$1" > "$dest/$1" 2>/dev/null || rm -f "$dest/$1"
}

mkdir -p "$dest"
for f in proc/meminfo proc/vmstat proc/pressure/memory proc/sys/kernel/osrelease \
         proc/sys/vm/overcommit_memory proc/sys/vm/overcommit_ratio \
         proc/sys/vm/panic_on_oom proc/sys/vm/oom_kill_allocating_task proc/sys/vm/swappiness; do
        copy "$f"
done

if [ $# -eq 0 ]; then
        set -- $(cd "$src/proc" && ls -d [0-9]* 2>/dev/null)
fi
for pid in "$@"; do
        for f in status cgroup cmdline oom_score oom_score_adj; do
                copy "proc/$pid/$f"
        done
done

# cgroups: v2 unified at sys/fs/cgroup, or the v1 memory hierarchy (plus
# the marker files that tell the layouts apart)
copy sys/fs/cgroup/cgroup.controllers
copy sys/fs/cgroup/unified/cgroup.controllers
for base in sys/fs/cgroup sys/fs/cgroup/memory; do
        [ -e "$src/$base/memory.limit_in_bytes" ] || [ -e "$src/$base/cgroup.controllers" ] || continue
        (cd "$src/$base" && find . -type d 2>/dev/null) | while read -r d; do
                for f in memory.max memory.current memory.swap.max memory.swap.current memory.events \
                         memory.oom.group memory.stat memory.swappiness memory.limit_in_bytes memory.usage_in_bytes \
                         memory.memsw.limit_in_bytes memory.memsw.usage_in_bytes memory.oom_control \
                         cgroup.procs; do
                        copy "$base/${d#./}/$f"
                done
        done
        [ "$base" = sys/fs/cgroup ] && [ -e "$src/sys/fs/cgroup/cgroup.controllers" ] && break
done
# paths like sys/fs/cgroup/./memory.max: normalised by the shell above; empty dirs are harmless
echo "captured into $dest"
