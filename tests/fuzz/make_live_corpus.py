#!/usr/bin/env python3
"""Writes the seeds of fuzz_live (tests/fuzz/corpus-live/) from the captured
host trees of tests/data/hosts: each tree as records "=== PATH\\nCONTENT"
(see fuzz_live.c), files over 16 KiB cut.  The output is checked in; run
this only to refresh it.   usage: tests/fuzz/make_live_corpus.py"""
import os
import re

here = os.path.dirname(os.path.abspath(__file__))
hosts = os.path.join(here, "..", "data", "hosts")
out = os.path.join(here, "corpus-live")
os.makedirs(out, exist_ok=True)
ok = re.compile(r"^[A-Za-z0-9._:-]+(/[A-Za-z0-9._:-]+){0,7}$")
for tree in sorted(os.listdir(hosts)):
    top = os.path.join(hosts, tree)
    if not os.path.isdir(top):
        continue
    parts = []
    for root, dirs, files in sorted(os.walk(top)):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(root, name)
            rel = os.path.relpath(path, top)
            if not ok.match(rel) or os.path.islink(path):
                continue
            with open(path, "rb") as f:
                body = f.read(16384)
            parts.append(b"=== " + rel.encode() + b"\n" + body.rstrip(b"\n") + b"\n")
    with open(os.path.join(out, tree), "wb") as f:
        f.write(b"".join(parts))
    print("%s: %d files" % (tree, len(parts)))
