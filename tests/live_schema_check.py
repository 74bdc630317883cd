#!/usr/bin/env python3
"""`oomlens top --json` and `oomlens check --json` against their schemas
(schema/oomlens-top.schema.json, schema/oomlens-check.schema.json), on
every captured host tree and on this machine.

usage: live_schema_check.py OOMLENS REPO   (exit 77 when python3-jsonschema is absent)
"""
import json
import os
import subprocess
import sys


def main():
    binary, repo = sys.argv[1:3]
    try:
        import jsonschema
    except ImportError:
        print("SKIP: python3-jsonschema is not installed")
        return 77
    validators = {}
    for name in ("top", "check"):
        with open(os.path.join(repo, "schema", "oomlens-%s.schema.json" % name)) as f:
            schema = json.load(f)
        jsonschema.Draft202012Validator.check_schema(schema)
        validators[name] = jsonschema.Draft202012Validator(schema)
    hosts = os.path.join(repo, "tests", "data", "hosts")
    roots = [os.path.join(hosts, t) for t in sorted(os.listdir(hosts))
             if os.path.isdir(os.path.join(hosts, t))] + [None]
    failures = runs = 0
    for root in roots:
        extra = ["--root", root] if root else []
        for cmd, args in (("top", ["--json"]), ("top", ["--json", "-n", "3"]), ("check", ["--json", "--no-logs"])):
            p = subprocess.run([binary, cmd] + args + extra, capture_output=True, timeout=120)
            runs += 1
            try:
                doc = json.loads(p.stdout)
            except ValueError as e:
                print("FAIL: %s %s on %s: not JSON (%s), exit %d" % (cmd, args, root or "this machine", e, p.returncode))
                failures += 1
                continue
            errors = list(validators[cmd].iter_errors(doc))
            for e in errors[:5]:
                print("FAIL: %s %s on %s: %s at %s" % (cmd, args, root or "this machine", e.message,
                                                       "/".join(str(x) for x in e.absolute_path)))
            failures += bool(errors)
    print("%d of %d documents valid" % (runs - failures, runs))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
