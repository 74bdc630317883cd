"""The tokens of a golden case's `args` file, shared by the drivers.

@DATA@ is tests/data of this repository (real kernel output kept with the
suite), @CASE@ the case folder, @SHARED@ the team's ../shared folder beside
the repository (only the seed write-ups live there alone: a case that needs
it is skipped with a reason when it is absent).
"""
import os
import shutil
import tempfile

TESTS = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(TESTS, "data")
REPO = os.path.dirname(TESTS)
SHARED = os.path.abspath(os.environ.get("OOMLENS_SHARED", os.path.join(REPO, "..", "shared")))


def read_args(case):
    """The command line of a case: one argument per line, # comments."""
    with open(os.path.join(case, "args")) as f:
        return [l.rstrip("\n") for l in f if l.strip() and not l.startswith("#")]


def missing(raw):
    """Why the case cannot run here, or None."""
    if any("@SHARED@" in a for a in raw) and not os.path.isdir(SHARED):
        return "needs the seed write-ups of ../shared, not found at %s (set OOMLENS_SHARED)" % SHARED
    return None


def expand(raw, case):
    return [a.replace("@SHARED@", SHARED).replace("@DATA@", DATA).replace("@CASE@", case) for a in raw]


def normalise(text, case):
    """Machine-dependent paths back to their tokens."""
    return text.replace(case, "@CASE@").replace(DATA, "@DATA@").replace(SHARED, "@SHARED@")


def is_live(raw):
    """A top or check case (its args start with the command): JSON with
    --json, its own schemas (tests/live_schema_check.py)."""
    return bool(raw) and raw[0] in ("top", "check")


def make_tree(case):
    """For a case with a `tree` file (its first word the name of a tree in
    tests/data/hosts, the rest of the file saying what the overlay changes):
    a temporary copy of that tree with the case's `overlay/` written over
    it, as a TemporaryDirectory (removed when dropped); else None."""
    path = os.path.join(case, "tree")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        base = f.read().split()[0]
    tmp = tempfile.TemporaryDirectory(prefix="oomlens-case-")
    shutil.copytree(os.path.join(DATA, "hosts", base), tmp.name, dirs_exist_ok=True, symlinks=True)
    overlay = os.path.join(case, "overlay")
    if os.path.isdir(overlay):
        shutil.copytree(overlay, tmp.name, dirs_exist_ok=True, symlinks=True)
    return tmp
