#!/usr/bin/env python3
"""The zh_CN catalogue is complete and in use.

 (a) every message marked _()/N_() in the current sources is in po/zh_CN.po,
     translated and not fuzzy, and every source file with marked messages is
     listed in po/POTFILES (xgettext and msgmerge run once each);
 (b) msgfmt --check accepts the catalogue and the merge with the sources;
 (c) with LC_ALL=C.UTF-8 LANGUAGE=zh_CN (these machines have no zh_CN.UTF-8
     locale) `--help`, `analyze --help`, `analyze --format text` on real logs,
     and top and check on a captured tree print the Chinese text and none of
     their translated English messages.  The catalogue is found next to the
     binary (BUILDDIR/po).

The catalogue is parsed here, once: the earlier shell version ran msgexec
and a shell per message and took minutes.

usage: po_check.py SRCDIR BUILDDIR BINARY      exit 0 pass, 1 fail, 77 skip
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile


def unquote(s):
    """The value of one PO string literal ("..." with C escapes)."""
    s = s.strip()
    assert s.startswith('"') and s.endswith('"'), s
    out, i, body = [], 0, s[1:-1]
    esc = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
    while i < len(body):
        c = body[i]
        if c == "\\" and i + 1 < len(body):
            out.append(esc.get(body[i + 1], body[i + 1]))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def parse_po(path):
    """Entries of a PO/POT file: dicts with msgid, msgstr (the first form),
    fuzzy, obsolete and refs (the source files of its #: lines)."""
    entries, cur, field = [], None, None

    def flush():
        if cur is not None and "msgid" in cur:
            entries.append(cur)

    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            obsolete = line.startswith("#~")
            if obsolete:
                line = line[2:].lstrip()
            if not line.strip():
                flush()
                cur, field = None, None
                continue
            if cur is None:
                cur = {"msgstr": "", "fuzzy": False, "obsolete": False, "refs": set()}
            if obsolete:
                cur["obsolete"] = True
            if line.startswith("#,"):
                cur["fuzzy"] |= "fuzzy" in line
            elif line.startswith("#:"):
                for ref in line[2:].split():
                    cur["refs"].add(ref.rsplit(":", 1)[0])
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                if field:
                    cur[field] += unquote(line)
            else:
                key, _, value = line.partition(" ")
                if key in ("msgid", "msgctxt", "msgid_plural"):
                    field = key
                elif key in ("msgstr", "msgstr[0]"):
                    field = "msgstr"
                else:
                    field = None  # a further plural form
                    continue
                cur[field] = unquote(value)
    flush()
    return [e for e in entries if e["msgid"]]


DIRECTIVE = re.compile(r"%[-#0 +']*[0-9*]*(\.[0-9*]+)?(hh|h|ll|l|L|j|z|t)?[diouxXeEfFgGaAcspn%]")


def pieces(msg):
    """The literal text of a message between its printf directives."""
    return DIRECTIVE.sub("\n", msg).split("\n")


def fragments(msg):
    """Literal parts of 4+ characters holding a letter, trimmed: a short word
    ("pid") would match unrelated log text."""
    return [p.strip() for p in pieces(msg) if len(p.strip()) >= 4 and re.search("[A-Za-z]", p)]


def word_pattern(frag):
    """The literal text as whole words: no letter, digit or "_" may touch an
    end of it that is itself one ("score" must not match inside
    "oom_score_adj"; "order-" must match "order-0")."""
    p = re.escape(frag)
    if re.match(r"[A-Za-z0-9_]", frag):
        p = r"(?<![A-Za-z0-9_])" + p
    if re.search(r"[A-Za-z0-9_]$", frag):
        p += r"(?![A-Za-z0-9_])"
    return re.compile(p)


class Check:
    def __init__(self, srcdir, builddir, binary):
        self.srcdir, self.builddir, self.binary = srcdir, builddir, binary
        self.failed = False
        self.tmp = tempfile.mkdtemp(prefix="oomlens-po-")

    def fail(self, msg):
        print("FAIL: " + msg)
        self.failed = True

    def run_zh(self, *args):
        env = {k: v for k, v in os.environ.items() if k not in ("OOMLENS_LOCALEDIR", "LANG", "LC_MESSAGES")}
        env.update(LC_ALL="C.UTF-8", LANGUAGE="zh_CN")
        p = subprocess.run([self.binary] + list(args), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
        return p.returncode, p.stdout.decode("utf-8", "replace")

    def sources(self):
        po = os.path.join(self.srcdir, "po", "zh_CN.po")
        with open(os.path.join(self.srcdir, "po", "POTFILES")) as f:
            listed = [l.strip() for l in f if l.strip() and not l.startswith("#")]
        marked = re.compile(r'(^|[^A-Za-z0-9_])N?_\("', re.M)
        unlisted = []
        for root, _, files in sorted(os.walk(os.path.join(self.srcdir, "src"))):
            for name in sorted(files):
                if name.endswith(".c"):
                    rel = os.path.relpath(os.path.join(root, name), self.srcdir)
                    with open(os.path.join(self.srcdir, rel), encoding="utf-8", errors="replace") as f:
                        if marked.search(f.read()) and rel not in listed:
                            unlisted.append(rel)
        if unlisted:
            self.fail("files with marked messages missing from po/POTFILES: " + " ".join(unlisted))
        pot = os.path.join(self.tmp, "oomlens.pot")
        p = subprocess.run(["xgettext", "--from-code=UTF-8", "--keyword=_", "--keyword=N_", "--add-comments",
                            "--package-name=oomlens", "-f", "po/POTFILES", "-o", pot],
                           cwd=self.srcdir, capture_output=True, text=True)
        if p.returncode != 0 or not os.path.exists(pot):
            print(p.stderr)
            self.fail("xgettext could not extract the messages")
            return False
        self.pot = parse_po(pot)
        self.po = parse_po(po)
        if not self.pot:
            self.fail("xgettext found no marked message in the files of po/POTFILES")
            return False
        self.translation = {e["msgid"]: e["msgstr"] for e in self.po if not e["fuzzy"] and not e["obsolete"]}
        known = {e["msgid"]: e for e in self.po if not e["obsolete"]}
        untranslated = [e for e in self.pot if not known.get(e["msgid"], {}).get("msgstr")]
        fuzzy = [e for e in self.pot if e["msgid"] in known and known[e["msgid"]]["fuzzy"]]
        for kind, bad in (("untranslated", untranslated), ("fuzzy", fuzzy)):
            if bad:
                self.fail("%d message(s) of the sources %s in po/zh_CN.po (translate them there):" % (len(bad), kind))
                for e in bad:
                    print("  %s: %r" % (" ".join(sorted(e["refs"])), e["msgid"]))
        # the merged catalogue carries the c-format flags of the current sources
        merged = os.path.join(self.tmp, "merged.po")
        p = subprocess.run(["msgmerge", "--quiet", "--no-fuzzy-matching", "-o", merged, po, pot],
                           capture_output=True, text=True)
        if p.returncode != 0:
            self.fail("msgmerge failed on po/zh_CN.po: " + p.stderr)
        else:
            p = subprocess.run(["msgfmt", "--check", "-o", os.devnull, merged], capture_output=True, text=True)
            if p.returncode != 0:
                print(p.stderr)
                self.fail("translations do not match the printf directives of the current sources")
        stale = [e for e in self.po if not e["obsolete"] and e["msgid"] not in {x["msgid"] for x in self.pot}]
        if stale:
            print("note: %d message(s) of po/zh_CN.po are no longer in the sources" % len(stale))
        p = subprocess.run(["msgfmt", "--check", "--statistics", "-o", os.devnull, po], capture_output=True, text=True)
        if p.returncode != 0:
            print(p.stderr)
            self.fail("msgfmt --check rejects po/zh_CN.po")
        elif re.search("untranslated|fuzzy", p.stderr):
            self.fail("po/zh_CN.po has untranslated or fuzzy messages: " + p.stderr.strip())
        return True

    def check_output(self, name, out, src, only_phrases=False):
        """No translated English message of SOURCE is left in OUT.  With
        only_phrases, single-token pieces are not looked for: top and check
        print paths, sysctl names and level names that stay English."""
        left = False
        for e in self.pot:
            if src not in e["refs"]:
                continue
            msgid = e["msgid"]
            msgstr = self.translation.get(msgid, "")
            if msgstr and msgstr == msgid:
                continue  # kept on purpose (column headers, "cgroup:")
            for frag in fragments(msgid):
                if frag in msgstr:
                    continue  # a piece the translation keeps too (a path, a command)
                if only_phrases and " " not in frag:
                    continue
                if word_pattern(frag).search(out):
                    print('  untranslated in %s output: "%s" (msgid %r)' % (name, frag, msgid))
                    left = True
        if left:
            self.fail("%s output still holds English messages" % name)

    def expect(self, name, out, msgid):
        """The translation of MSGID appears in OUT (each literal piece)."""
        msgstr = self.translation.get(msgid)
        if not msgstr:
            self.fail('po/zh_CN.po has no translation of "%s"' % msgid)
            return
        for piece in pieces(msgstr):
            if piece and piece not in out:
                self.fail('%s output lacks "%s" (from the translation "%s" of "%s")' % (name, piece, msgstr, msgid))
                return

    def outputs(self):
        mo = os.path.join(self.builddir, "po", "zh_CN", "LC_MESSAGES", "oomlens.mo")
        if not os.path.isfile(mo):
            self.fail("%s was not built (meson compile builds it by default)" % mo)
            return
        fixtures = os.path.join(self.srcdir, "tests", "data", "i18n")
        hosts = os.path.join(self.srcdir, "tests", "data", "hosts")

        rc, out = self.run_zh("--help")
        if rc != 0:
            self.fail("oomlens --help exited with %d" % rc)
        self.expect("--help", out, "Usage: oomlens [COMMAND] [OPTION]... [FILE|-]...")
        self.expect("--help", out, "find and explain OOM kills in kernel logs (default)")
        self.check_output("--help", out, "src/cli/main.c")

        rc, out = self.run_zh("analyze", "--help")
        if rc != 0:
            self.fail("oomlens analyze --help exited with %d" % rc)
        self.expect("analyze --help", out, "Usage: oomlens analyze [OPTION]... [FILE|-]...")
        self.check_output("analyze --help", out, "src/cli/cmd_analyze.c")

        rc, out = self.run_zh(
            "analyze", "--format", "text", "--log-date=2018-12-31", os.path.join(fixtures, "parseoom-messages"),
            os.path.join(fixtures, "nohang-docstring.kmsg"), os.path.join(fixtures, "cadvisor-memcg-v1-3.13.log"))
        self.analyze_out = out
        if rc != 0:
            self.fail("oomlens analyze exited with %d (OOM kills expected: 0)" % rc)
        for label in ("killed:", "held:", "when:", "scope:", "trigger:", "swap:", "partial:", "memory cgroup",
                      "largest of %zu tasks by RSS:", "OOM event %zu of %zu"):
            self.expect("analyze", out, label)
        self.check_output("analyze", out, "src/output/output_text.c")
        none = self.translation.get("No OOM kill found.")
        if none and none in out:
            self.fail("analyze found no OOM kill in the fixtures")

        for cmd in ("top", "check"):
            rc, out = self.run_zh(cmd, "--help")
            if rc != 0:
                self.fail("oomlens %s --help exited with %d" % (cmd, rc))
            self.check_output(cmd + " --help", out, "src/cli/cmd_%s.c" % cmd, True)
            self.expect(cmd + " --help", out, {"top": "Usage: oomlens top [OPTION]...",
                                               "check": "Usage: oomlens check [OPTION]... [LOG]..."}[cmd])
        rc1, out1 = self.run_zh("top", "--root", os.path.join(hosts, "v2"), "-n", "0")
        rc2, out2 = self.run_zh("top", "--root", os.path.join(hosts, "v2"), "--pid", "812")
        if rc1 or rc2:
            self.fail("oomlens top exited with %d / --pid with %d" % (rc1, rc2))
        out = out1 + out2
        self.expect("top", out, "Whole machine")
        self.expect("top", out, "next to die:")
        self.check_output("top", out, "src/output/top_output.c", True)
        rc, out = self.run_zh("check", "--root", os.path.join(hosts, "v2"), "--no-logs")
        if rc != 1:
            self.fail("oomlens check on the v2 tree: a critical finding (exit 1) expected, got %d" % rc)
        self.check_output("check", out, "src/cli/cmd_check.c", True)
        self.check_output("check", out, "src/output/check_output.c", True)
        self.check_output("check", out, "src/live/audit.c", True)


def main():
    if len(sys.argv) != 4:
        print("usage: po_check.py SRCDIR BUILDDIR BINARY", file=sys.stderr)
        return 2
    for tool in ("xgettext", "msgmerge", "msgfmt"):
        if not shutil.which(tool):
            print("SKIP: %s not found (install gettext)" % tool)
            return 77
    charmap = subprocess.run(["locale", "charmap"], env=dict(os.environ, LC_ALL="C.UTF-8"),
                             capture_output=True, text=True).stdout.strip()
    if charmap != "UTF-8":
        print("SKIP: no C.UTF-8 locale on this machine")
        return 77
    c = Check(*sys.argv[1:])
    try:
        if c.sources():
            c.outputs()
    finally:
        shutil.rmtree(c.tmp, ignore_errors=True)
    if c.failed:
        print("--- LANGUAGE=zh_CN oomlens analyze output:")
        print(getattr(c, "analyze_out", ""))
        return 1
    print("ok: %d messages translated; --help, analyze, top and check (help and output) print zh_CN" % len(c.pot))
    return 0


if __name__ == "__main__":
    sys.exit(main())
