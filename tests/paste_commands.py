#!/usr/bin/env python3
"""The commands oomlens prints for a reader to paste, for hostile log names.

A real report (tests/data/peers/oomanalyser/rhel7.log) is copied into a
temporary directory under names that run code, split into several words
or turn into an option when pasted unquoted (x$(touch${IFS}pwned);.log,
a space, a quote, a leading "-").  `analyze --format postmortem`,
`markdown` and `text` run on each; every command shown (a Markdown code
span whose first word is a command, a "$ " line) must parse with sh -n,
the read-only ones (sed) are run by sh in the directory and must print
the report's lines, and no file "pwned" may appear.  A name with a
newline or an escape sequence gets no command but a note.

usage: paste_commands.py OOMLENS DATADIR      exit 0 pass, 1 fail
"""
import os
import re
import subprocess
import sys
import tempfile

PASTEABLE = [
    "x$(touch${IFS}pwned);.log", "a b.log", "it's.log", "-n.log", "--expression=1e touch pwned",
    "a`touch pwned`b.log", "$(touch pwned)", "日志 (1).log", "a;touch pwned;.log", "~x|y&z>w<v.log",
]
REFUSED = ["x\n$(touch pwned).log", "\x1b]52;c;eA==\x07.log", "a\tb.log"]
COMMANDS = {"sed", "journalctl", "free", "cat", "systemctl", "grep", "echo", "oomlens", "sysctl", "choom"}
SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)


def shown_commands(out):
    """Code spans and "$ " lines whose first word is a command."""
    found = []
    for m in SPAN.finditer(out):
        body = m.group(2)
        if body.startswith(" ") and body.endswith(" ") and body.strip():
            body = body[1:-1]
        found.append(body)
    found += [line[2:] for line in out.splitlines() if line.startswith("$ ")]
    return [c for c in found if c.split(" ", 1)[0] in COMMANDS]


def main():
    oomlens, data = os.path.abspath(sys.argv[1]), sys.argv[2]
    report = open(os.path.join(data, "peers", "oomanalyser", "rhel7.log"), "rb").read()
    lines = report.split(b"\n")
    failed = 0

    def fail(msg):
        nonlocal failed
        failed += 1
        print("FAIL: " + msg)

    with tempfile.TemporaryDirectory() as tmp:
        for name in PASTEABLE + REFUSED:
            with open(os.path.join(tmp, name), "wb") as f:
                f.write(report)
            seds = 0
            for fmt in ("postmortem", "markdown", "text"):
                p = subprocess.run([oomlens, "analyze", "--format", fmt, "--", name], cwd=tmp, capture_output=True,
                                   env=dict(os.environ, LC_ALL="C.UTF-8", LANGUAGE=""))
                out = p.stdout.decode("utf-8")
                if p.returncode != 0:
                    fail("%r %s: exit %d: %s" % (name, fmt, p.returncode, p.stderr.decode()[-300:]))
                for cmd in shown_commands(out):
                    if subprocess.run(["sh", "-n", "-c", cmd], cwd=tmp, capture_output=True).returncode:
                        fail("%r %s: sh -n rejects %r" % (name, fmt, cmd))
                        continue
                    m = re.match(r"sed -n '(\d+),(\d+)p' ", cmd)
                    if not m:
                        continue
                    seds += 1
                    r = subprocess.run(["sh", "-c", cmd], cwd=tmp, capture_output=True, timeout=20)
                    want = b"\n".join(lines[int(m.group(1)) - 1:int(m.group(2))]) + b"\n"
                    if r.returncode or r.stdout != want:
                        fail("%r %s: %r printed %d bytes (exit %d), not the report's lines %s-%s"
                             % (name, fmt, cmd, len(r.stdout), r.returncode, m.group(1), m.group(2)))
                if name in REFUSED and fmt == "postmortem" and "no command shown" not in out:
                    fail("%r: no note where the command would be" % name)
                if b"\x1b" in p.stdout or b"\x07" in p.stdout:
                    fail("%r %s: raw ESC or BEL on standard output" % (name, fmt))
            if name in PASTEABLE and seds != 1:
                fail("%r: %d sed commands shown, want the postmortem's one" % (name, seds))
            if name in REFUSED and seds:
                fail("%r: a command shown for a name that cannot be pasted as shown" % name)
            if os.path.exists(os.path.join(tmp, "pwned")):
                fail("%r: a pasted command ran the code in the file name" % name)
                os.unlink(os.path.join(tmp, "pwned"))
            os.unlink(os.path.join(tmp, name))
            print("checked %r" % name)
    print("%d failed" % failed)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
