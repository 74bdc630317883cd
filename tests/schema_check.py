#!/usr/bin/env python3
"""Validates `oomlens analyze --format json` of every golden case (and that
`--count` agrees with it) against
schema/oomlens-analyze.schema.json, and runs the contract checker of the
shared tools (../shared/tools/check-json-contract.py) on the corpus.

usage: schema_check.py OOMLENS REPO   (exit 77 when python3-jsonschema is absent)
"""
import json
import os
import subprocess
import sys

import caseargs

def main():
    binary, repo = sys.argv[1], sys.argv[2]
    try:
        import jsonschema
    except ImportError:
        print("SKIP: python3-jsonschema is not installed")
        return 77
    schema = json.load(open(os.path.join(repo, "schema", "oomlens-analyze.schema.json")))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    shared = os.path.abspath(os.environ.get("OOMLENS_SHARED", os.path.join(repo, "..", "shared")))
    cases = os.path.join(repo, "tests", "cases")
    failures = checked = 0
    logs = []
    for case in sorted(os.listdir(cases)):
        raw = caseargs.read_args(os.path.join(cases, case))
        if caseargs.missing(raw) or caseargs.is_live(raw):
            continue
        args = caseargs.expand(raw, os.path.join(cases, case))
        logs += [a for a in args[1:] if not a.startswith("-")]
        out = subprocess.run([binary] + args + ["--format", "json"], capture_output=True).stdout
        doc = json.loads(out)
        errors = list(validator.iter_errors(doc))
        count = subprocess.run([binary] + args + ["--count"], capture_output=True).stdout.strip()
        if count != str(len(doc["events"])).encode():
            failures += 1
            print("FAIL %s: --count says %r, the JSON has %d events" % (case, count, len(doc["events"])))
        checked += 1
        for e in errors[:5]:
            failures += 1
            print("FAIL %s: %s at %s" % (case, e.message, "/".join(map(str, e.absolute_path))))
    contract = os.path.join(shared, "tools", "check-json-contract.py")
    if os.path.exists(contract) and logs:
        p = subprocess.run([sys.executable, contract, binary] + logs, capture_output=True, text=True)
        print(p.stdout.strip().splitlines()[-1] if p.stdout.strip() else p.stderr)
        if p.returncode != 0:
            print(p.stdout)
            failures += 1
    print("%d case(s) validated, %d problem(s)" % (checked, failures))
    return 1 if failures else 0

if __name__ == "__main__":
    sys.exit(main())
