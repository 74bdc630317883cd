#!/usr/bin/env python3
"""`oomlens top` on the captured host trees (tests/data/hosts/<tree>).

The outputs of every tree are golden cases run by tests/golden.py
(tests/cases/top-<tree>/, tests/cases/top-v2-pid812/).  Here: the JSON
must keep the issue's names: system, domains[0] the whole machine
(cgroup null), processes in kill order with pid, comm, cmdline, user,
oom_score, oom_score_adj, badness, rss_kb, swap_kb, pgtables_kb, cgroup,
unit.  Then the options: --cgroup, --pid (text and JSON), -n, -d with
--iterations, and the exit statuses for bad usage, a missing tree and an
unknown pid.

usage: top_cases.py OOMLENS DATA_DIR
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

TREES = ["v1-hybrid", "v2", "no-psi", "container-v1", "container-v1-cgns"]
PROCESS_KEYS = ["pid", "comm", "cmdline", "user", "oom_score", "oom_score_adj", "badness",
                "rss_kb", "swap_kb", "pgtables_kb", "cgroup", "unit"]
DOMAIN_KEYS = ["cgroup", "limit_kb", "usage_kb", "headroom_kb", "processes"]

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg)


def run(binary, *args):
    env = dict(os.environ, LC_ALL="C.UTF-8", LANGUAGE="", NO_COLOR="1")
    env.pop("LANG", None)
    p = subprocess.run([binary, "top"] + list(args), capture_output=True, env=env, timeout=60)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def check_contract(tree, doc):
    if not isinstance(doc.get("system"), dict):
        fail("%s: no system object" % tree)
    doms = doc.get("domains")
    if not doms or doms[0].get("cgroup") is not None:
        fail("%s: domains[0] is not the whole machine" % tree)
        return
    for d in doms:
        for k in DOMAIN_KEYS:
            if k not in d:
                fail("%s: domain %s lacks %s" % (tree, d.get("cgroup"), k))
        killable = [p for p in d["processes"] if not p["protected"]]
        if [p["badness"] for p in killable] != sorted((p["badness"] for p in killable), reverse=True):
            fail("%s: domain %s not in kill order" % (tree, d.get("cgroup")))
        if killable and d["next_victim_pid"] != killable[0]["pid"]:
            fail("%s: next_victim_pid is not the first killable process" % tree)
        for p in d["processes"]:
            for k in PROCESS_KEYS:
                if k not in p:
                    fail("%s: process %s lacks %s" % (tree, p.get("pid"), k))


def hostile(binary, v2):
    """A process whose name, command line and cgroup carry terminal
    escapes, invalid UTF-8 and a bidi override: nothing raw reaches the
    terminal, and JSON still carries the (valid) characters."""
    with tempfile.TemporaryDirectory() as tmp:
        root = os.path.join(tmp, "t")
        shutil.copytree(v2, root)
        status = os.path.join(root, "proc", "1500", "status")
        with open(status, "rb") as f:
            lines = f.read().split(b"\n")
        lines = [b"Name:\t\x1b[31mev\xffil\u202e" if l.startswith(b"Name:") else l for l in lines]
        with open(status, "wb") as f:
            f.write(b"\n".join(lines).replace(b"\\u202e", "\u202e".encode()))
        with open(os.path.join(root, "proc", "1500", "cmdline"), "wb") as f:
            f.write(b"sh\0-c\0\x1b]0;pwned\x07\x9b31m\0")
        with open(os.path.join(root, "proc", "1500", "cgroup"), "wb") as f:
            f.write(b"0::/user.slice/\x1b[2Jx.scope\n")
        for args in (["-n", "0"], ["--pid", "1500"]):
            code, out, err = run(binary, "--root", root, *args)
            if code != 0 or "\x1b" in out or "\x07" in out or "\u202e" in out or "\x9b" in out or "\ufffd" in out:
                fail("hostile names reach the terminal raw (top %s, exit %d)" % (" ".join(args), code))
            # the table shows the command line, --pid the name too
            want = "\\x1b[31mev\\xffil" if "--pid" in args else "sh -c \\x1b]0;pwned\\x07\\x9b31m"
            if want not in out:
                fail("hostile name not shown escaped (top %s): %r" % (" ".join(args), want))
        code, out, _ = run(binary, "--root", root, "--json")
        doc = json.loads(out)
        p = [p for p in doc["domains"][0]["processes"] if p["pid"] == 1500][0]
        if not p["comm"].startswith("\x1b[31mev"):
            fail("JSON comm: %r" % p["comm"])


def unreadable(binary, v2):
    """A status that does not parse (a 20-digit VmRSS) is a process top
    could not read, said in the header and by --pid, never "gone"
    (issue 9, item 12)."""
    with tempfile.TemporaryDirectory() as tmp:
        root = os.path.join(tmp, "t")
        shutil.copytree(v2, root)
        status = os.path.join(root, "proc", "812", "status")
        with open(status) as f:
            text = f.read()
        with open(status, "w") as f:
            f.write("\n".join("VmRSS:\t99999999999999999999 kB" if l.startswith("VmRSS:") else l
                              for l in text.split("\n")))
        code, out, err = run(binary, "--root", root, "-n", "0")
        if code != 0 or "1 process could not be read" not in out or " 812" not in out:
            fail("top on a damaged status: exit %d, header %r" % (code, out[:600]))
        code, out, err = run(binary, "--root", root, "--pid", "812")
        if code != 1 or "could not be read" not in err or "gone" in err:
            fail("top --pid of a damaged status: exit %d, %r" % (code, err))
        code, out, _ = run(binary, "--root", root, "--json")
        if json.loads(out)["system"]["unreadable_pids"] != [812]:
            fail("JSON unreadable_pids: %r" % json.loads(out)["system"].get("unreadable_pids"))


def hostile_passwd(binary, v2):
    """A user name from the tree's etc/passwd is hostile text too: --pid
    shows it escaped (review: it was printed raw)."""
    with tempfile.TemporaryDirectory() as tmp:
        root = os.path.join(tmp, "t")
        shutil.copytree(v2, root)
        with open(os.path.join(root, "proc", "812", "status")) as f:
            uid = [l.split()[1] for l in f if l.startswith("Uid:")][0]
        os.makedirs(os.path.join(root, "etc"), exist_ok=True)
        with open(os.path.join(root, "etc", "passwd"), "wb") as f:
            f.write(b"ev\x1b]52;c;cHduZWQ=\x07\x1b[2J:x:%s:%s::/:/bin/sh\n" % (uid.encode(), uid.encode()))
        for args in (["--pid", "812"], ["-n", "0"]):
            code, out, err = run(binary, "--root", root, *args)
            shown = "\\x1b]52" in out or "--pid" not in args   # the table cuts it to 9 columns
            if code != 0 or "\x1b" in out or "\x07" in out or not shown:
                fail("hostile user name reaches the terminal raw (top %s, exit %d)" % (" ".join(args), code))


def old_kernels(binary, v2):
    """Before 2.6.36 the kernel's heuristic is not recomputed: no order, no
    victim named; 2.6.36-3.4 (and RHEL 6) rank by per-mille points."""
    with tempfile.TemporaryDirectory() as tmp:
        root = os.path.join(tmp, "t")
        shutil.copytree(v2, root)
        os.makedirs(os.path.join(root, "proc", "sys", "kernel"), exist_ok=True)
        for release, formula in (("2.6.18-400.el5", None), ("2.6.32-754.el6.x86_64", "2.6.36"), ("3.2.0", "2.6.36")):
            with open(os.path.join(root, "proc", "sys", "kernel", "osrelease"), "w") as f:
                f.write(release + "\n")
            code, out, _ = run(binary, "--root", root, "--json")
            doc = json.loads(out)
            got = doc["system"]["badness_formula"]
            procs = [p for d in doc["domains"] for p in d["processes"]]
            if formula is None:
                if got is not None or any(d["next_victim_pid"] is not None for d in doc["domains"]) \
                        or any(p["badness"] is not None for p in procs):
                    fail("%s: a victim or badness named without the kernel's formula" % release)
                code, out, _ = run(binary, "--root", root, "--pid", "812")
                if "no order" not in out or "would need" in out:
                    fail("%s: --pid claims an order: %s" % (release, out))
            elif not got or not got.startswith(formula) or \
                    not all(1 <= p["badness"] <= 1000 for p in procs if not p["protected"]):
                fail("%s: want per-mille points (%s), got %s %r" % (release, formula, got,
                                                                   [p["badness"] for p in procs]))


def garbage(binary, hosts):
    """Every file of each captured tree replaced by random bytes, cut short,
    emptied or made huge: top and check must still answer (exit 0, 1 or
    4), never crash or trip a sanitizer."""
    import random
    rnd = random.Random(int(os.environ.get("OOMLENS_GARBAGE_SEED", "4")))
    for tree in TREES:
        for rounds in range(3):
            with tempfile.TemporaryDirectory() as tmp:
                root = os.path.join(tmp, "t")
                shutil.copytree(os.path.join(hosts, tree), root)
                for dirpath, _, files in os.walk(root):
                    for name in files:
                        path = os.path.join(dirpath, name)
                        with open(path, "rb") as f:
                            data = f.read()
                        kind = rnd.randrange(5)
                        if kind == 0:
                            data = bytes(rnd.randrange(256) for _ in range(rnd.randrange(1, 300)))
                        elif kind == 1:
                            data = data[:rnd.randrange(len(data) + 1)]
                        elif kind == 2:
                            data = b""
                        elif kind == 3:
                            data = data * 2000 + b"9" * 70000
                        with open(path, "wb") as f:
                            f.write(data)
                for args in (["top", "--json", "-n", "0"], ["top", "-n", "0"], ["top", "--pid", "1"],
                             ["check", "--no-logs"], ["check", "--json", "--no-logs"]):
                    env = dict(os.environ, LC_ALL="C.UTF-8", NO_COLOR="1")
                    p = subprocess.run([binary] + args + ["--root", root], capture_output=True, env=env, timeout=60)
                    err = p.stderr.decode("utf-8", "replace")
                    if p.returncode not in (0, 1, 4) or "Sanitizer" in err or "runtime error" in err:
                        fail("garbage %s round %d: %s exit %d: %s" % (tree, rounds, " ".join(args), p.returncode, err[-500:]))
                    elif "--json" in args and p.returncode != 4:
                        json.loads(p.stdout.decode("utf-8"))


def main():
    binary, data = sys.argv[1:3]
    hosts = os.path.join(data, "hosts")
    for tree in TREES:
        root = os.path.join(hosts, tree)
        code, out, err = run(binary, "--root", root, "--json")
        if code != 0:
            fail("%s: exit %d: %s" % (tree, code, err))
            continue
        doc = json.loads(out)
        check_contract(tree, doc)
        # the outputs themselves are golden cases: tests/cases/top-<tree>/

    v2 = os.path.join(hosts, "v2")
    unreadable(binary, v2)
    hostile_passwd(binary, v2)
    # --cgroup: only the domains within it; the machine lists only its processes
    code, out, _ = run(binary, "--root", v2, "--json", "--cgroup", "/system.slice")
    doc = json.loads(out)
    cgs = [d["cgroup"] for d in doc["domains"]]
    if cgs != [None, "/system.slice/x.service", "/system.slice/docker-4f1c2b9e8a7d.scope"]:
        fail("--cgroup /system.slice: domains %s" % cgs)
    if sorted(p["pid"] for p in doc["domains"][0]["processes"]) != [812, 4096]:
        fail("--cgroup /system.slice: machine processes %s" % [p["pid"] for p in doc["domains"][0]["processes"]])
    # -n bounds every domain
    code, out, _ = run(binary, "--root", v2, "--json", "-n", "1")
    if any(len(d["processes"]) > 1 for d in json.loads(out)["domains"]):
        fail("-n 1 not applied")
    # --pid: java is second machine-wide, first in its service
    code, out, _ = run(binary, "--root", v2, "--pid", "812", "--json")
    doc = json.loads(out)
    places = {d["cgroup"]: d for d in doc["domains"]}
    if places.get(None, {}).get("rank") != 2 or places[None]["first_pid"] != 4096:
        fail("--pid 812: machine place %s" % places.get(None))
    if places.get("/system.slice/x.service", {}).get("rank") != 1:
        fail("--pid 812: x.service place %s" % places.get("/system.slice/x.service"))
    need = places[None]["need_kb"]
    if not need or need <= 0 or places[None]["need_oom_score_adj"] is None:
        fail("--pid 812: nothing said about what would make it first: %s" % places[None])
    # (its text is the golden case tests/cases/top-v2-pid812/)
    # -d: one compact JSON document per refresh
    code, out, _ = run(binary, "--root", v2, "--json", "-d", "0.1", "--iterations", "3")
    lines = out.strip().split("\n")
    if code != 0 or len(lines) != 3 or not all(json.loads(l)["domains"] for l in lines):
        fail("-d 0.1 --iterations 3: exit %d, %d lines" % (code, len(lines)))
    # exit statuses
    for args, want in ((["--pid", "424242"], 1), (["-n", "x"], 2), (["--cgroup", "rel"], 2),
                       (["--delay", "0"], 2), (["extra"], 2)):
        code, _, err = run(binary, "--root", v2, *args)
        if code != want:
            fail("top %s: exit %d, want %d (%s)" % (" ".join(args), code, want, err.strip()))
    code, _, err = run(binary, "--root", os.path.join(hosts, "does-not-exist"))
    if code != 4 or "meminfo" not in err:
        fail("missing tree: exit %d, %r" % (code, err))
    hostile(binary, v2)
    old_kernels(binary, v2)
    garbage(binary, hosts)
    print("%d failure(s)" % len(failures) if failures else "top cases: all passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
