#!/usr/bin/env python3
"""Every command reports a write error on standard output once and exits 70
(issue 9, item 5): stdout on /dev/full (a full disk), for help, version,
analyze in every format, top, top --json, top --pid, check, check --json.
A closed pipe ends the command (SIGPIPE, as for grep) without hanging and
without status 0.

usage: write_errors.py OOMLENS SRCDIR       exit 0 pass, 1 fail, 77 skip
"""
import os
import subprocess
import sys


def main():
    oomlens, src = sys.argv[1], sys.argv[2]
    if not os.path.exists("/dev/full"):
        print("SKIP: no /dev/full")
        return 77
    log = os.path.join(src, "tests", "data", "peers", "oomanalyser", "rhel7.log")
    tree = os.path.join(src, "tests", "data", "hosts", "v2")
    commands = [
        ["--help"], ["--version"], ["analyze", "--help"], ["top", "--help"], ["check", "--help"],
        [log], ["analyze", log], ["analyze", "--format", "json", log], ["analyze", "--format", "markdown", log],
        ["analyze", "--format", "postmortem", log], ["analyze", "--count", log],
        ["top", "--root", tree], ["top", "--root", tree, "--json"], ["top", "--root", tree, "--pid", "812"],
        ["top", "--root", tree, "-d", "0.1", "--iterations", "2"],
        ["check", "--root", tree, "--no-logs"], ["check", "--root", tree, "--no-logs", "--json"],
    ]
    env = dict(os.environ, LC_ALL="C.UTF-8", LANGUAGE="")
    failed = 0
    for args in commands:
        name = " ".join(os.path.basename(a) if "/" in a else a for a in args)
        with open("/dev/full", "w") as full:
            p = subprocess.run([oomlens] + args, stdout=full, stderr=subprocess.PIPE, env=env, timeout=60)
        lines = [l for l in p.stderr.decode("utf-8", "replace").splitlines() if "write error" in l]
        if p.returncode != 70 or len(lines) != 1:
            failed += 1
            print("FAIL %s >/dev/full: exit %d, %d write-error message(s): %r"
                  % (name, p.returncode, len(lines), p.stderr[-300:]))
        r, w = os.pipe()
        os.close(r)
        try:
            q = subprocess.run([oomlens] + args, stdout=w, stderr=subprocess.DEVNULL, env=env, timeout=60)
            code = q.returncode
        except subprocess.TimeoutExpired:
            code = "hung"
        finally:
            os.close(w)
        if code == 0 or code == "hung":
            failed += 1
            print("FAIL %s into a closed pipe: %s" % (name, code))
    print("%d command(s), %d failed" % (len(commands), failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
