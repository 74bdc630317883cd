#!/usr/bin/env python3
"""`oomlens check` on fixtures (their whole outputs are golden cases too:
tests/cases/check-fixture-*/, a base tree plus an overlay of the edited
files, written from CASES below; run by tests/golden.py): each case copies a captured host tree
(tests/data/hosts/<base>, see its README) to a temporary directory, makes
ONE documented edit that creates a risky setting (a sysctl file, a new
process's /proc files, a cgroup file, a log), runs
`oomlens check --root TMP --json` and asserts that the expected finding id
appears with the expected severity (and evidence), while the unedited base
tree does not show it.  Then the exit statuses (0, 1, --fail-on, 2, 4), the
text output, the comparison of the kernel's kill counter with the logs
under the root or named on the command line, and hostile process names.

usage: check_cases.py OOMLENS [HOSTS_DIR]      exit 0 pass, 1 fail
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
OOMLENS = os.path.abspath(sys.argv[1])
HOSTS = os.path.abspath(sys.argv[2]) if len(sys.argv) > 2 else os.path.join(HERE, "data", "hosts")
# a real RHEL 7 syslog with one OOM kill (seed 000; tests/data/memory/README.md)
ONE_KILL_LOG = os.path.join(HERE, "data", "memory", "seed000-rhel7-3.10-java.log")
DOCKER_ID = "4f1c2b9e8a7d" + "0123456789abcdef" * 3 + "0123"   # 64 hex digits, as docker names it

failures = []
passed = 0


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg)


def ok(cond, msg):
    global passed
    if cond:
        passed += 1
    else:
        fail(msg)
    return cond


def run(*args, env_extra=None):
    env = dict(os.environ, LC_ALL="C.UTF-8", LANGUAGE="", NO_COLOR="1")
    env.pop("LANG", None)
    if env_extra:
        env.update(env_extra)
    p = subprocess.run([OOMLENS, "check"] + list(args), capture_output=True, env=env, timeout=60)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def check_json(root, *extra):
    rc, out, err = run("--root", root, "--json", *extra)
    try:
        doc = json.loads(out)
    except ValueError as e:
        fail("%s: not JSON (%s): %r %r" % (root, e, out[:200], err[:200]))
        return rc, {"findings": [], "logs": None}
    for f in doc["findings"]:
        for k in ("id", "severity", "summary", "evidence", "fix"):
            if k not in f:
                fail("%s: finding without %r: %r" % (root, k, f))
    return rc, doc


def write(root, rel, text, mode="w"):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, mode) as f:
        f.write(text)


def read(root, rel):
    with open(os.path.join(root, rel)) as f:
        return f.read()


# --- edits: each makes one risky setting ------------------------------------

def sysctl(name, value):
    def edit(root):
        write(root, "proc/sys/vm/" + name, "%s\n" % value)
    return edit


def new_process(pid, name, rss_kb, cgroup, cmdline, adj=0, swap_kb=0):
    """A new process directory: status (the real captured sleep's status of
    v1-hybrid with Name, Pid and the memory lines changed), cmdline,
    cgroup, oom_score, oom_score_adj.  CGROUP is the path; the cgroup file
    takes the base tree's shape (v1 memory line, or v2 "0::")."""
    def edit(root):
        status = read(HOSTS, "v1-hybrid/proc/13872/status")
        status = re.sub(r"(?m)^Name:\t.*$", "Name:\t" + name.replace("\\", "\\\\"), status)
        for key, val in (("Pid", pid), ("Tgid", pid), ("PPid", 1)):
            status = re.sub(r"(?m)^%s:\t.*$" % key, "%s:\t%d" % (key, val), status)
        for key, val in (("VmRSS", rss_kb), ("RssAnon", rss_kb), ("RssFile", 0), ("RssShmem", 0),
                         ("VmSwap", swap_kb), ("VmHWM", rss_kb)):
            status = re.sub(r"(?m)^%s:.*$" % key, "%s:\t%d kB" % (key, val), status)
        d = "proc/%d/" % pid
        write(root, d + "status", status)
        write(root, d + "cmdline", cmdline.replace(" ", "\0") + "\0")
        write(root, d + "oom_score_adj", "%d\n" % adj)
        write(root, d + "oom_score", "%d\n" % (0 if adj == -1000 else 500))
        if os.path.exists(os.path.join(root, "sys/fs/cgroup/memory")):
            cg = read(HOSTS, "v1-hybrid/proc/13872/cgroup").replace("4:memory:/oomlens-capture", "4:memory:" + cgroup)
        else:
            cg = "0::%s\n" % cgroup
        write(root, d + "cgroup", cg)
    return edit


def cgroup_file(rel, value):
    def edit(root):
        write(root, "sys/fs/cgroup/" + rel, "%s\n" % value)
    return edit


def log_file(rel, src):
    def edit(root):
        os.makedirs(os.path.dirname(os.path.join(root, rel)), exist_ok=True)
        shutil.copyfile(src, os.path.join(root, rel))
    return edit


GIB = 1024 * 1024
# (name, base tree, edit, expected id, severity, evidence substring, the edit in words)
CASES = [
    ("panic_on_oom", "v1-hybrid", sysctl("panic_on_oom", 1), "panic_on_oom", "critical",
     "/proc/sys/vm/panic_on_oom: 1", "vm.panic_on_oom = 1"),
    ("panic_on_oom_2", "v2", sysctl("panic_on_oom", 2), "panic_on_oom", "critical",
     "/proc/sys/vm/panic_on_oom: 2", "vm.panic_on_oom = 2 (memcg OOMs panic too)"),
    ("oom_kill_allocating_task", "v1-hybrid", sysctl("oom_kill_allocating_task", 1), "oom_kill_allocating_task",
     "warning", "/proc/sys/vm/oom_kill_allocating_task: 1", "vm.oom_kill_allocating_task = 1"),
    ("overcommit_strict", "v1-hybrid", sysctl("overcommit_memory", 2), "overcommit_strict_low", "warning",
     "CommitLimit: 12342048 kB", "vm.overcommit_memory = 2 with ratio 50 and no swap (CommitLimit half the RAM)"),
    ("protected_large", "v1-hybrid",
     new_process(4000, "hog", 8 * GIB, "/", "/opt/hog/bin/hog --big", adj=-1000), "protected_large_process",
     "warning", "/proc/4000/oom_score_adj: -1000", "a new 8 GiB process (a third of RAM) at oom_score_adj -1000"),
    ("protected_huge", "v1-hybrid",
     new_process(4000, "hog", 13 * GIB, "/", "/opt/hog/bin/hog --big", adj=-1000), "protected_large_process",
     "critical", "VmRSS: 13631488 kB", "a new 13 GiB process (over half the RAM) at oom_score_adj -1000"),
    ("no_swap_unlimited", "v1-hybrid",
     new_process(4001, "bigsvc", 6 * GIB, "/system.slice/big.service", "/usr/sbin/bigsvc"),
     "no_swap_unlimited_services", "warning", "/proc/4001/cgroup: /system.slice/big.service",
     "a new 6 GiB process in big.service, which has no limit, on this swapless machine"),
    ("jvm_over_cgroup", "v1-hybrid",
     new_process(4002, "java", 200 * 1024, "/oomlens-capture", "/usr/bin/java -Xms64m -Xmx1g -jar app.jar -Xmx1m"),
     "jvm_heap_too_large", "critical", "/sys/fs/cgroup/memory/oomlens-capture/memory.limit_in_bytes: 64.0 MiB",
     "a new java -Xmx1g in the 64 MiB cgroup oomlens-capture"),
    ("jvm_over_host", "v1-hybrid",
     new_process(4003, "java", 2 * GIB, "/", "java -XX:MaxHeapSize=8g -Xmx32g com.example.Main"),
     "jvm_heap_too_large", "critical", "/proc/4003/cmdline: -Xmx32g",
     "a new java -Xmx32g on a 23.5 GiB machine, in no limited cgroup"),
    ("container_unlimited", "v2",
     new_process(4004, "redis-server", 300 * 1024, "/system.slice/docker-%s.scope" % DOCKER_ID,
                 "redis-server *:6379"), "container_no_memory_limit", "warning",
     "/proc/4004/cgroup: /system.slice/docker-" + DOCKER_ID,
     "a new process in a docker container's scope that has no memory.max"),
    ("cgroup_near_limit_warning", "v1-hybrid", cgroup_file("memory/oomlens-capture/memory.usage_in_bytes", 60 << 20),
     "cgroup_near_limit", "warning", "memory.usage_in_bytes: 61440 kB",
     "oomlens-capture (64 MiB) using 60 MiB, no page cache"),
    ("cgroup_near_limit_critical", "v1-hybrid",
     cgroup_file("memory/oomlens-capture/memory.usage_in_bytes", 63 << 20), "cgroup_near_limit", "critical",
     "memory.usage_in_bytes: 64512 kB", "oomlens-capture (64 MiB) using 63 MiB, no page cache"),
    ("unexplained_kills", "v1-hybrid", log_file("var/log/kern.log", ONE_KILL_LOG), "unexplained_oom_kills",
     "warning", "/proc/vmstat: oom_kill 32",
     "a kern.log with one OOM kill where /proc/vmstat counts 32"),
]


def finding(doc, fid):
    return [f for f in doc["findings"] if f["id"] == fid]


def main():
    tmp = tempfile.mkdtemp(prefix="oomlens-check-")
    try:
        base_docs = {}
        for base in sorted({c[1] for c in CASES}):
            rc, base_docs[base] = check_json(os.path.join(HOSTS, base))

        for name, base, edit, fid, sev, evid, words in CASES:
            root = os.path.join(tmp, name)
            shutil.copytree(os.path.join(HOSTS, base), root, symlinks=True)
            edit(root)
            rc, doc = check_json(root)
            got = finding(doc, fid)
            ok(not finding(base_docs[base], fid), "%s: the clean %s tree already shows %s" % (name, base, fid))
            if not ok(got, "%s (%s): no %s finding in %s" % (name, words, fid, [f["id"] for f in doc["findings"]])):
                continue
            ok(any(f["severity"] == sev for f in got), "%s: %s is %s, not %s" % (name, fid, got[0]["severity"], sev))
            ok(any(evid in e for f in got for e in f["evidence"]),
               "%s: no evidence %r in %r" % (name, evid, [f["evidence"] for f in got]))
            ok(all(f["fix"] and f["summary"] for f in got), "%s: empty summary or fix" % name)
            want_rc = 1 if any(f["severity"] == "critical" for f in doc["findings"]) else 0
            ok(rc == want_rc, "%s: exit %d, want %d" % (name, rc, want_rc))
            print("PASS %s: %s -> %s (%s)" % (name, words, fid, sev))

        check_logs(tmp, base_docs)
        check_group_kill(tmp)
        check_status_and_text(tmp)
        check_hostile(tmp)
    finally:
        shutil.rmtree(tmp)
    print("%d passed, %d failed" % (passed, len(failures)))
    return 1 if failures else 0


def check_logs(tmp, base_docs):
    base = os.path.join(HOSTS, "v1-hybrid")
    # no log under the root: the counter is named, not compared
    doc = base_docs["v1-hybrid"]
    ok(finding(doc, "oom_kills_unverified") and doc["logs"]["read"] == [] and not finding(doc, "unexplained_oom_kills"),
       "v1-hybrid without logs: want oom_kills_unverified only, got %r" % doc)

    # the log under the root explains every kill the kernel counted
    root = os.path.join(tmp, "explained")
    shutil.copytree(base, root, symlinks=True)
    log_file("var/log/messages", ONE_KILL_LOG)(root)
    write(root, "proc/vmstat", read(base, "proc/vmstat").replace("oom_kill 32", "oom_kill 1"))
    rc, doc = check_json(root)
    ok(not finding(doc, "unexplained_oom_kills") and not finding(doc, "oom_kills_unverified"),
       "explained: one kill counted, one logged, yet %r" % [f["id"] for f in doc["findings"]])
    ok(doc["logs"]["kills"] == 1 and doc["logs"]["read"] == [root + "/var/log/messages"],
       "explained: logs %r" % doc["logs"])

    # LOG named on the command line instead of the root's logs
    rc, doc = check_json(base, ONE_KILL_LOG)
    got = finding(doc, "unexplained_oom_kills")
    ok(got and "(32 against 1): 31 left" in got[0]["summary"] and doc["logs"]["read"] == [ONE_KILL_LOG],
       "LOG argument: want 31 unexplained of 32 from %s, got %r" % (ONE_KILL_LOG, doc))
    rc, doc = check_json(base, "/nonexistent/kern.log")
    ok(finding(doc, "oom_kills_unverified") and doc["logs"]["unreadable"] == ["/nonexistent/kern.log"],
       "unreadable LOG: want oom_kills_unverified, got %r" % doc)
    rc, doc = check_json(base, "--no-logs")
    ok(doc["logs"] is None and not finding(doc, "oom_kills_unverified"), "--no-logs: %r" % doc)

    # since boot: a boot (proc/stat btime) after the logged kill leaves it out
    root = os.path.join(tmp, "since-boot")
    shutil.copytree(os.path.join(tmp, "explained"), root, symlinks=True)
    write(root, "proc/stat", "cpu  1 2 3 4\nintr 0\nbtime %d\nprocesses 100\n" % int(time.time()))
    rc, doc = check_json(root)
    ok(doc["logs"]["since_boot"] and doc["logs"]["kills"] == 0 and finding(doc, "unexplained_oom_kills"),
       "since-boot: a kill from before boot counted: %r" % doc["logs"])
    write(root, "proc/stat", "btime 1000000000\n")      # 2001: the 2015 kill is since then
    rc, doc = check_json(root)
    ok(doc["logs"]["since_boot"] and doc["logs"]["kills"] == 1 and not finding(doc, "unexplained_oom_kills"),
       "since-boot 2001: %r" % doc["logs"])


# A memory.oom.group kill as 4.19+ prints it (mm/oom_kill.c: the victim,
# then "Tasks in ... are going to be killed due to memory.oom.group set",
# then one kill line per member); written here, the numbers are made up.
GROUP_KILL_LOG = """\
[    1.000000] a invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0
[    1.000000] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,\
oom_memcg=/system.slice/x.service,task_memcg=/system.slice/x.service,task=a,pid=5,uid=0
[    1.000000] Memory cgroup out of memory: Killed process 5 (a) total-vm:8kB, anon-rss:4kB, file-rss:0kB, \
shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0
[    1.000000] Tasks in /system.slice/x.service are going to be killed due to memory.oom.group set
[    1.000000] Memory cgroup out of memory: Killed process 6 (b) total-vm:8kB, anon-rss:4kB, file-rss:0kB, \
shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0
"""


def check_group_kill(tmp):
    """The kernel counts every member of a memory.oom.group kill (x.service:
    oom_kill 2 in the v2 tree); the log's one event with two kill lines
    explains both, and the machine's third kill stays unexplained."""
    path = os.path.join(tmp, "group.log")
    with open(path, "w") as f:
        f.write(GROUP_KILL_LOG)
    rc, doc = check_json(os.path.join(HOSTS, "v2"), path)
    got = finding(doc, "unexplained_oom_kills")
    ok(doc["logs"]["kills"] == 2, "group kill: want 2 kills logged, got %r" % doc["logs"])
    ok(len(got) == 1 and "(3 against 2)" in got[0]["summary"],
       "group kill: want only the machine's 1 unexplained kill, got %r" % [f["summary"] for f in got])

    # v2 counts x.service's two kills in a limited system.slice as well:
    # said once, for x.service, not again for each ancestor
    root = os.path.join(tmp, "nested")
    shutil.copytree(os.path.join(HOSTS, "v2"), root, symlinks=True)
    write(root, "sys/fs/cgroup/system.slice/memory.max", "%d\n" % (16 * GIB * 1024))
    write(root, "sys/fs/cgroup/system.slice/memory.events",
          read(root, "sys/fs/cgroup/system.slice/memory.events").replace("oom_kill 0", "oom_kill 2"))
    empty = os.path.join(tmp, "empty.log")
    open(empty, "w").close()
    rc, doc = check_json(root, empty)
    subjects = [f["subject"] for f in finding(doc, "unexplained_oom_kills")]
    ok(subjects == [None, "/system.slice/x.service"],
       "nested cgroups: want the machine and x.service once each, got %r" % subjects)


def check_status_and_text(tmp):
    base = os.path.join(HOSTS, "v1-hybrid")
    rc, out, err = run("--root", base)
    ok(rc == 0, "clean v1-hybrid: exit %d" % rc)
    ok(out.rstrip("\n").splitlines()[-1] == "findings: 0 critical, 0 warning, 1 info",
       "clean v1-hybrid text: last line %r" % out[-80:])
    rc, out, err = run("--root", base, "--fail-on=info")
    ok(rc == 1, "--fail-on=info with an info finding: exit %d" % rc)
    rc, out, err = run("--root", base, "--no-logs")
    ok(rc == 0 and out.strip().startswith("No OOM risk found"), "nothing to report: %d %r" % (rc, out))

    root = os.path.join(tmp, "oom_kill_allocating_task")     # a warning only
    rc, _, _ = run("--root", root)
    ok(rc == 0, "warning only: exit %d, want 0" % rc)
    rc, _, _ = run("--root", root, "--fail-on=warning")
    ok(rc == 1, "warning with --fail-on=warning: exit %d, want 1" % rc)
    rc, _, _ = run("--root", os.path.join(tmp, "panic_on_oom"), "--fail-on", "critical")
    ok(rc == 1, "critical: exit %d, want 1" % rc)

    rc, out, err = run("--root", os.path.join(tmp, "panic_on_oom"))
    ok("[critical] panic_on_oom: vm.panic_on_oom is 1" in out and "    evidence: /proc/sys/vm/panic_on_oom: 1" in out
       and "    fix: sysctl -w vm.panic_on_oom=0" in out, "panic text output:\n" + out)
    ok(out.rstrip("\n").splitlines()[-1] == "findings: 1 critical, 0 warning, 1 info", "panic summary line: %r" % out[-80:])
    ok("\033[" not in out, "colours with NO_COLOR on a pipe")
    rc, out, err = run("--root", os.path.join(tmp, "panic_on_oom"), "--color=always")
    ok("\033[1;31m[critical]\033[0m" in out, "--color=always: no red critical")
    rc, out, err = run("--root", os.path.join(tmp, "panic_on_oom"), "--json", "--compact")
    ok(len(out.strip().splitlines()) == 1 and json.loads(out)["counts"]["critical"] == 1, "--compact: %r" % out[:100])

    # usage errors: 2; an unreadable /proc/meminfo: 4
    for args in (["--bogus"], ["--fail-on=never"], ["--color=sometimes"]):
        rc, out, err = run("--root", base, *args)
        ok(rc == 2, "%s: exit %d, want 2" % (args, rc))
    rc, out, err = run("--help")
    ok(rc == 0 and "--fail-on" in out and "--root" in out, "--help: %d" % rc)
    root = os.path.join(tmp, "no-meminfo")
    shutil.copytree(base, root, symlinks=True)
    os.unlink(os.path.join(root, "proc/meminfo"))
    rc, out, err = run("--root", root)
    ok(rc == 4 and "proc/meminfo" in err and out == "", "no meminfo: exit %d, %r" % (rc, err))
    rc, out, err = run("--root", os.path.join(tmp, "does-not-exist"))
    ok(rc == 4, "missing root: exit %d" % rc)


def check_hostile(tmp):
    """A process whose name and command line carry terminal escapes and bad
    UTF-8: text shows them escaped, JSON stays valid UTF-8."""
    root = os.path.join(tmp, "hostile")
    shutil.copytree(os.path.join(HOSTS, "v1-hybrid"), root, symlinks=True)
    name = "\x1b]0;pwned\x07\x1b[2J"
    new_process(4005, name, 9 * GIB, "/", "evil\x1b[31m --x", adj=-1000)(root)
    rc, out, err = run("--root", root)
    ok("protected_large_process" in out and "\x1b" not in out and "\x07" not in out and "\\x1b]0;pwned\\x07" in out,
       "hostile name in text: %r" % out[:400])
    rc, out, err = run("--root", root, "--json")
    doc = json.loads(out)
    got = finding(doc, "protected_large_process")
    ok(got and got[0]["subject"] == name + " (pid 4005)", "hostile name in JSON: %r" % (got,))


if __name__ == "__main__":
    sys.exit(main())
