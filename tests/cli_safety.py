#!/usr/bin/env python3
"""No raw escape sequence from outside reaches the terminal.

File names, paths found by globbing a --root tree (its var/log), option
values and unknown options are quoted by the messages of analyze, check
and top.  Each is made of ESC, BEL, an OSC 52 clipboard write, a screen
clear, a C1 CSI and a bidi override; every run must leave standard error
and standard output without the bytes 0x1b, 0x07, 0x9b and without
U+202E, and the message must name the thing it rejects, escaped as the
text output escapes it (escape.h: \\xNN, \\u202e).

usage: cli_safety.py OOMLENS DATADIR      exit 0 pass, 1 fail
"""
import os
import shutil
import subprocess
import sys
import tempfile

OSC52 = "\x1b]52;c;cm0gLXJmIH4K\x07"
CLEAR = "\x1b[2J"
HOSTILE = [OSC52, CLEAR, "\x07", "\u009b31m", "\u202egol.txt"]
BAD = [b"\x1b", b"\x07", b"\x9b", "\u202e".encode()]


def shown(s):
    """S as escape_terminal() shows it (for the characters used here)."""
    out = []
    for ch in s:
        if ord(ch) < 0x20:
            out.append("\\x%02x" % ord(ch))
        elif 0x80 <= ord(ch) <= 0x9f or ch == "\u202e":
            out.append("\\u%04x" % ord(ch))
        else:
            out.append(ch)
    return "".join(out)


def main():
    oomlens, data = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    env = dict(os.environ, LC_ALL="C.UTF-8", LANGUAGE="")
    failed = 0
    checked = 0

    def run(what, argv, want, cwd=None, code=None):
        """Runs oomlens ARGV; stderr+stdout must be clean and name WANT (escaped)."""
        nonlocal failed, checked
        checked += 1
        p = subprocess.run([oomlens] + argv, cwd=cwd, env=env, capture_output=True, timeout=60)
        both = p.stdout + p.stderr
        why = None
        for b in BAD:
            if b in both:
                why = "raw %r on %s" % (b, "stderr" if b in p.stderr else "stdout")
        if not why and want is not None and shown(want).encode() not in p.stderr:
            why = "stderr does not name %r as %r: %r" % (want, shown(want), p.stderr[-300:])
        if not why and code is not None and p.returncode != code:
            why = "exit %d, want %d" % (p.returncode, code)
        if why:
            failed += 1
            print("FAIL: %s: %s" % (what, why))
        else:
            print("PASS: %s" % what)

    with tempfile.TemporaryDirectory() as tmp:
        report = os.path.join(data, "peers", "oomanalyser", "rhel7.log")
        for i, h in enumerate(HOSTILE):
            tag = "name %d %r" % (i, h)
            # a file that is not there, a directory, a damaged .gz, and (stdout) over-long lines
            run("analyze missing " + tag, ["analyze", "x" + h + ".log"], "x" + h + ".log", cwd=tmp, code=4)
            os.mkdir(os.path.join(tmp, "d" + h))
            run("analyze directory " + tag, ["analyze", "d" + h], "d" + h, cwd=tmp, code=4)
            gz = os.path.join(tmp, "z" + h + ".gz")
            with open(gz, "wb") as f:
                f.write(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03garbage")
            run("analyze damaged gz " + tag, ["analyze", "z" + h + ".gz"], "z" + h + ".gz", cwd=tmp)
            long = os.path.join(tmp, "l" + h)
            with open(long, "w") as f:
                f.write("A" * 300000 + "\n" + open(report).read())
            run("analyze over-long lines " + tag, ["analyze", "l" + h], None, cwd=tmp, code=0)
            run("bare command " + tag, ["q" + h], "q" + h, cwd=tmp, code=2)
            # bad option values
            for opt in ("--format", "--since", "--until", "--boot-time", "--log-date", "--color", "--top",
                        "--last", "--worst"):
                run("analyze %s %s" % (opt, tag), ["analyze", "%s=%s" % (opt, h), "/dev/null"], h, code=2)
            for opt in ("--fail-on", "--color"):
                run("check %s %s" % (opt, tag), ["check", "%s=%s" % (opt, h)], h, code=2)
            for opt in ("--top", "--cgroup", "--pid", "--delay", "--iterations", "--color"):
                run("top %s %s" % (opt, tag), ["top", "%s=%s" % (opt, h)], h, code=2)
            run("top unexpected argument " + tag, ["top", h], h, code=2)
            # unknown options, and an argument given to an option that takes none
            for cmd in ("analyze", "check", "top"):
                run("%s unknown option %s" % (cmd, tag), [cmd, "--" + h], "--" + h, code=2)
                run("%s --compact=%s" % (cmd, tag), [cmd, "--compact=" + h], "--compact", code=2)
            run("analyze unknown short option " + tag, ["analyze", "-" + h], None, code=2)
            run("top unknown short option in a cluster " + tag, ["top", "-j" + h], None, code=2)
            # a --root tree: its missing /proc, and the logs its var/log holds
            root = os.path.join(tmp, "root" + h)
            os.makedirs(os.path.join(root, "var", "log", "messages" + h))
            with open(os.path.join(root, "var", "log", "syslog" + h + ".gz"), "wb") as f:
                f.write(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03garbage")
            run("analyze --root " + tag, ["analyze", "--root", root], "/var/log/messages" + h)
            run("analyze --root gz " + tag, ["analyze", "--root", root], "/var/log/syslog" + h + ".gz")
            run("check --root without proc " + tag, ["check", "--root", root], root, code=4)
            run("top --root without proc " + tag, ["top", "--root", root], root, code=4)
            host = os.path.join(tmp, "host" + h)
            shutil.copytree(os.path.join(data, "hosts", "v2"), host, symlinks=True)
            shutil.copytree(os.path.join(root, "var"), os.path.join(host, "var"), dirs_exist_ok=True)
            run("check --root logs " + tag, ["check", "--root", host], "/var/log/messages" + h)
            run("check LOG " + tag, ["check", "--root", host, os.path.join(tmp, "x" + h)], "x" + h)
            run("check --json --root logs " + tag, ["check", "--json", "--root", host], "/var/log/messages" + h)
        # options that lack their argument
        run("analyze --format without argument", ["analyze", "--format"], "--format", code=2)
        run("top -n without argument", ["top", "-n"], "-n", code=2)
    print("%d checked, %d failed" % (checked, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
