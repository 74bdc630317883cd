#!/usr/bin/env python3
"""Hostile process names in `analyze --format markdown|postmortem`, rendered.

The victim of a real report (tests/data/peers/oomanalyser/rhel7.log,
mysqld) is renamed to names that GitHub-flavoured Markdown would turn into
links, entities, emphasis, headings, code or extra table cells.  Each
document is rendered by cmark-gfm with GitHub's extensions (table,
autolink, strikethrough) and must have the same HTML structure, tag by
tag, as the document of the unrenamed log, and show the name as the text
output shows it (escape.h: control bytes as \\xNN).  The log file's own
name is made hostile too: it is shown in code spans.

usage: markdown_render.py OOMLENS DATADIR     exit 0 pass, 1 fail, 77 skip
"""
import html
import html.parser
import os
import re
import shutil
import subprocess
import sys
import tempfile

NAMES = [
    "&rlm;x", "&#x202e;x", "www.evil.com", "http://x.io", "https://evil.io/a", "ftp://a.b", "a@b.com",
    "mailto:r@x.io", "a`b", "``x", "x`", "a|b", "<script>", "<b>x</b>", "[a](b)", "![x](y)", "*x*",
    "_x_", "**x**", "#x", "~~x~~", "$x$", "a\\b", "\\*x", "\x1b]52;c;eA==\x07", "\x1b[2J",
]


def shown(name):
    """The name as escape_terminal() shows it (the C0 controls used here)."""
    return "".join("\\x%02x" % ord(c) if ord(c) < 0x20 else c for c in name)


class Tags(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_endtag(self, tag):
        self.tags.append("/" + tag)

    def handle_data(self, data):
        self.text.append(data)


def render(cmark, md):
    p = subprocess.run([cmark, "-e", "table", "-e", "autolink", "-e", "strikethrough"],
                       input=md.encode(), capture_output=True, check=True)
    t = Tags()
    t.feed(p.stdout.decode())
    return t.tags, "".join(t.text)


def main():
    oomlens, data = os.path.abspath(sys.argv[1]), sys.argv[2]
    cmark = shutil.which("cmark-gfm")
    if not cmark:
        print("SKIP: no cmark-gfm (apt-get install cmark-gfm)")
        return 77
    report = open(os.path.join(data, "peers", "oomanalyser", "rhel7.log"), encoding="utf-8").read()
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        def doc(name, fmt, fname="rhel7.log"):
            path = os.path.join(tmp, fname)
            with open(path, "w", encoding="utf-8") as f:
                f.write(report.replace("mysqld", name))
            p = subprocess.run([oomlens, "analyze", "--format", fmt, fname], cwd=tmp, capture_output=True,
                               env=dict(os.environ, LC_ALL="C.UTF-8", LANGUAGE=""))
            os.unlink(path)
            return p.stdout.decode("utf-8")

        for fmt in ("markdown", "postmortem"):
            base_tags, _ = render(cmark, doc("mysqld", fmt))
            for name in NAMES:
                md = doc(name, fmt)
                tags, text = render(cmark, md)
                why = None
                if tags != base_tags:
                    extra = [t for t in tags if t not in base_tags] or tags[len(base_tags):] or ["(fewer tags)"]
                    why = "structure differs from mysqld's: %s" % " ".join(sorted(set(extra))[:8])
                elif shown(name) not in text:
                    why = "the name does not show as %r" % shown(name)
                if why:
                    failed += 1
                    print("FAIL: %s %r: %s" % (fmt, name, why))
                else:
                    print("PASS: %s %r" % (fmt, name))
            # the file name is in code spans: one with backquotes keeps them
            for fname in ("a`b.log", "``x.log", "x` y.log", "<b>&rlm;.log"):
                tags, text = render(cmark, doc("mysqld", fmt, fname))
                if tags != base_tags or fname not in text:
                    failed += 1
                    print("FAIL: %s file %r: %s" % (fmt, fname, "structure differs" if tags != base_tags
                                                     else "not shown as it is"))
                else:
                    print("PASS: %s file %r" % (fmt, fname))
    print("%d failed" % failed)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
