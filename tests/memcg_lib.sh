# memcg_lib.sh — sourced by the end-to-end tests that make real kernel OOM
# kills: finds a memory cgroup hierarchy this user may create children in
# and creates one named $1.  Sets cg (its directory) and version (1 or 2),
# or calls skip() (defined by the test) with the reason.
make_test_memcg() {
        cg="" version=""
        if [ -w /sys/fs/cgroup/memory ] && [ -f /sys/fs/cgroup/memory/memory.limit_in_bytes ]; then
                cg=/sys/fs/cgroup/memory/$1 version=1
        elif [ -f /sys/fs/cgroup/cgroup.subtree_control ] &&
                grep -qw memory /sys/fs/cgroup/cgroup.subtree_control && [ -w /sys/fs/cgroup ]; then
                cg=/sys/fs/cgroup/$1 version=2
        fi
        [ -n "$cg" ] || skip "no writable memory cgroup (v1 /sys/fs/cgroup/memory, or v2 with memory in /sys/fs/cgroup/cgroup.subtree_control)"
        mkdir "$cg" 2>/dev/null || skip "no writable memory cgroup (mkdir $cg failed)"
}
