#!/usr/bin/env python3
"""The whole golden suite in zh_CN: every case gives the same facts in
Chinese as in English (only the human sentences differ), and its text output
is in Chinese.

usage: golden_zh.py OOMLENS CASES_DIR   (cases that need ../shared are skipped and counted)
"""
import json
import os
import re
import subprocess
import sys

import caseargs

TEXT_KEYS = {"headline", "summary", "refuted_by", "remedies"}
HAN = re.compile("[\u4e00-\u9fff]")

def strip_text(v):
    if isinstance(v, dict):
        return {k: strip_text(x) for k, x in v.items() if k not in TEXT_KEYS}
    if isinstance(v, list):
        return [strip_text(x) for x in v]
    return v

def main():
    binary, cases = sys.argv[1], os.path.abspath(sys.argv[2])
    failures = skipped = live = 0
    for name in sorted(os.listdir(cases)):
        case = os.path.join(cases, name)
        raw = caseargs.read_args(case)
        if caseargs.missing(raw):
            skipped += 1
            continue
        if caseargs.is_live(raw):
            live += 1   # top and check in zh_CN: tests/po_check.py
            continue
        args = caseargs.expand(raw, case)
        def run(lang, fmt):
            env = dict(os.environ, LC_ALL="C.UTF-8", LANGUAGE=lang, TZ="UTC")
            p = subprocess.run([binary] + args + ["--format", fmt], capture_output=True, env=env)
            return p.returncode, p.stdout.decode("utf-8", "replace")
        code_en, en = run("", "json")
        code_zh, zh = run("zh_CN", "json")
        problems = []
        if code_en != code_zh:
            problems.append("exit %d in English, %d in zh_CN" % (code_en, code_zh))
        if strip_text(json.loads(en)) != strip_text(json.loads(zh)):
            problems.append("the JSON facts differ between English and zh_CN")
        _, text = run("zh_CN", "text")
        if not HAN.search(text):
            problems.append("the zh_CN text output has no Chinese")
        for p in problems:
            print("FAIL %s: %s" % (name, p))
        failures += bool(problems)
        if not problems:
            print("PASS %s" % name)
    print("%d case(s), %d failed, %d skipped (they need ../shared), %d top/check cases left to po_check"
          % (len(os.listdir(cases)) - skipped - live, failures, skipped, live))
    return 1 if failures else 0

if __name__ == "__main__":
    sys.exit(main())
