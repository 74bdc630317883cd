#!/usr/bin/env python3
"""Golden-file test of one case: tests/cases/<name>/.

A case holds `args` (the command line after `oomlens`, one argument per
line; tokens as in tests/caseargs.py: @DATA@ is tests/data, @CASE@ the case
folder, @SHARED@ ../shared beside the repository for the seed write-ups,
@TREE@ a copy of the captured host tree named in the case's `tree` file with
the case's `overlay/` files written over it: one documented edit),
`expected.json` (the JSON output), optionally `expected.txt` (the text
output, run with the same args plus --format text; for `top` and `check`
cases, whose args start with the command, JSON is asked with --json and
text is the bare output), and for the formats
named in `formats`, `expected.<format>.md`.  Inputs may live in the
case folder (input*, written by hand or copied from a real log) or in
tests/data.  Output is normalised where it depends on the machine: the
paths behind the tokens, and the version.

usage: golden.py OOMLENS CASEDIR [--update]
exit 0 pass, 1 fail, 77 skip (a seed case without ../shared)
"""
import json
import os
import subprocess
import sys
import difflib

import caseargs

def main():
    binary, case = sys.argv[1], os.path.abspath(sys.argv[2])
    update = "--update" in sys.argv[3:]
    raw = caseargs.read_args(case)
    why = caseargs.missing(raw)
    if why:
        print("SKIP: " + why)
        return 77
    tree = caseargs.make_tree(case)   # @TREE@: a captured tree with the case's overlay
    args = [a.replace("@TREE@", tree.name) if tree else a for a in caseargs.expand(raw, case)]
    env = dict(os.environ, LC_ALL="C.UTF-8", LANGUAGE="", TZ="UTC")
    env.pop("LANG", None)

    def run(extra):
        p = subprocess.run([binary] + args + extra, capture_output=True, env=env)
        text = p.stdout.decode("utf-8", "replace")
        if tree:
            text = text.replace(tree.name, "@TREE@")
        return p.returncode, caseargs.normalise(text, case)

    failed = False
    # analyze takes --format; top and check print JSON with --json, text bare
    live = raw and raw[0] in ("top", "check")
    as_json, as_text = (["--json"], []) if live else (["--format", "json"], ["--format", "text"])
    code, out = run(as_json)
    try:
        doc = json.loads(out)
    except ValueError as e:
        print("FAIL: output is not JSON: %s" % e)
        return 1
    doc.pop("oomlens_version", None)
    doc["exit_status"] = code
    if os.path.exists(os.path.join(case, "summary-only")):
        doc = {"exit_status": code, "events": [summary(e) for e in doc["events"]]}
    got = json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
    failed |= compare(os.path.join(case, "expected.json"), got, update)
    txt = os.path.join(case, "expected.txt")
    if os.path.exists(txt) or update:
        _, out = run(as_text)
        failed |= compare(txt, out, update)
    # more formats for some cases: a file `formats`, one name per line (markdown, postmortem)
    formats = os.path.join(case, "formats")
    if os.path.exists(formats):
        for fmt in open(formats).read().split():
            _, out = run(["--format", fmt])
            failed |= compare(os.path.join(case, "expected.%s.md" % fmt), out, update)
    return 1 if failed else 0

def summary(e):
    """The facts of one event that a reviewer checks by eye."""
    v = e.get("victim") or {}
    t = e.get("trigger") or {}
    m = e.get("memcg") or {}
    return {"line": e["source"]["line"], "host": e["host"], "wall": e["time"]["wall"],
            "mono": e["time"]["monotonic_s"], "kernel": e["kernel"]["release"],
            "trigger": [t.get("comm"), t.get("pid"), t.get("gfp_mask"), t.get("order")],
            "constraint": e["constraint"], "memcg": m.get("path"),
            "selected": e["selected"], "score": e["score"],
            "victim": [v.get("pid"), v.get("comm"), v.get("uid"), v.get("anon_rss_kb")],
            "complete": e["complete"], "missing": e["missing"], "notes": e.get("notes"),
            "tasks": len(e["tasks"]), "zones": len(e["zones"]), "ram_pages": e["ram"]["pages"],
            "page_size_kb": e["ram"]["page_size_kb"]}

def compare(path, got, update):
    if update:
        with open(path, "w") as f:
            f.write(got)
        print("updated %s" % path)
        return False
    try:
        with open(path) as f:
            want = f.read()
    except FileNotFoundError:
        print("FAIL: %s is missing (run with --update after checking the output)" % path)
        return True
    if want == got:
        print("PASS: %s" % os.path.basename(path))
        return False
    print("FAIL: %s differs:" % path)
    sys.stdout.writelines(list(difflib.unified_diff(want.splitlines(True), got.splitlines(True), "expected", "got"))[:200])
    return True

if __name__ == "__main__":
    sys.exit(main())
