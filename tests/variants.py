#!/usr/bin/env python3
"""variants.py — the same OOM facts must come out of every log container.

For each OOMAnalyser example report in tests/data/peers
(tests/data/peers/oomanalyser/*.log) this test takes the bare kernel text,
runs `oomlens analyze --format json` on it and keeps the "facts" of the
event: everything the kernel said about the OOM kill, without the fields
that depend on the container (host, time, source position/format, notes
about time).  Then it writes the same records in many containers (syslog
prefixes, dmesg time formats, /dev/kmsg, journalctl outputs, rsyslog #012,
pasted e-mail/markdown/CRLF text, two hosts in one central syslog) and
asserts that every container gives the same facts, plus the host and time
the container names where it names one.

Kernel facts behind the containers: reference/kernel-oom-report.md §5.
The Mem-Info counter line and the 5.3-6.4 memory.stat dump are ONE printk
record with embedded newlines (§3.3, §3.10, §5.1): dmesg and journalctl
indent their continuation lines to the message column, /dev/kmsg escapes
the newline as \\x0a, rsyslog as #012, the journal keeps \\n in MESSAGE
(binary field in export format).  Levels follow §5.4.

usage: variants.py OOMLENS     exit 0 pass, 1 fail, 77 skip
Prints one PASS/FAIL line per (example, variant); on failure, the first
fact that differs.
"""
import datetime
import json
import os
import re
import struct
import subprocess
import sys
import tempfile
import unicodedata

EXAMPLES = ["archlinux_6_1_1.log", "proxmox_cgroup_oom.log", "rhel7.log", "ubuntu2110.log"]

# Event keys that depend on the container, not on what the kernel reported.
CONTAINER_KEYS = {"host", "time", "source"}
# Notes (e->notes, "; "-separated) that talk about time are container facts too.
TIME_NOTE = re.compile(r"\b(time|times|timestamp|timestamps|clock|year|date|wall|monotonic|boot)\b", re.I)

MONO_STAMP = 11686.888109          # the stamp of OOMAnalyser's prefix examples
MONO_BASE_US = 11686888109         # per-record kernel time: base + i * STEP_US
STEP_US = 1873
TZ_CET = datetime.timezone(datetime.timedelta(hours=1))
WALL_BASE = datetime.datetime(2022, 11, 27, 21, 2, 21, 123456, tzinfo=TZ_CET)
BOOT_ID = "4f0c1e1d2a6b4c8e9d3f0a1b2c3d4e5f"

# The seven prefix styles of OOMAnalyser's own tests, each applied to every
# physical line (a syslog daemon prefixes each line it writes).
OOMA_PREFIXES = [
        ("[11686.888109] ", None, True),
        ("Apr 01 14:13:32 mysrv: ", "mysrv", False),
        ("Apr 01 14:13:32 mysrv kernel: ", "mysrv", False),
        ("Apr 01 14:13:32 mysrv <kern.warning> kernel: ", "mysrv", False),
        ("Apr 01 14:13:32 mysrv kernel: [11686.888109] ", "mysrv", True),
        ("kernel:", None, False),
        ("Apr 01 14:13:32 mysrv <kern.warning> kernel:", "mysrv", False),
]

DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
LEVEL_NAMES = {0: "emerg", 1: "alert", 2: "crit", 3: "err", 4: "warn", 5: "notice", 6: "info", 7: "debug"}


# ---------------------------------------------------------------- bare text

DMESG_T = re.compile(r"^\[[^\]]*\d\d:\d\d:\d\d \d{4}\] ")
# First lines of the multi-line printk records found in these examples
# (the Mem-Info counter record, kernel-oom-report §3.3).
MULTILINE_HEADS = ("active_anon:", "Active:")


def load_records(path):
    """The kernel records of one corpus file: a list of records, each a list
    of its physical lines (1 for most, several for multi-line printks).
    Understands the three shapes of the OOMAnalyser examples: bare text with
    ' '-led counter continuations, rsyslog #012, and dmesg -T with
    continuation lines indented to the message column."""
    with open(path, encoding="utf-8") as f:
        raw = f.read().split("\n")
    records, width = [], None
    for line in raw:
        line = line.rstrip("\r")
        if not line.strip():
            continue
        m = DMESG_T.match(line)
        if m:
            width = m.end()
            records.append([line[width:]])
        elif width and records and line.startswith(" " * width):
            # dmesg: a continuation line, indented exactly to the message
            # column; what follows the indentation is the kernel's text
            # (memory.stat lines have no leading space of their own).
            records[-1].append(line[width:])
        elif "#012" in line:
            records.append(line.split("#012"))
        elif line.startswith(" ") and records and records[-1][0].startswith(MULTILINE_HEADS):
            records[-1].append(line)
        else:
            records.append([line])
    return records


def physical_lines(records):
    return [line for rec in records for line in rec]


def bare_text(records):
    return "\n".join(physical_lines(records)) + "\n"


INFO_RECORD = re.compile(
        r"(\S+ cpuset=\S* mems_allowed=|Node \d+ hugepages_|memory: usage|memory\+swap: usage"
        r"|swap: usage|kmem: usage|Memory cgroup stats|anon \d+$|Tasks state|\[ *(pid|\d+) *\]"
        r"|oom-kill:|oom_reaper:|Unreclaimable slab|Task in )")


def level(rec):
    """printk level of a record (kernel-oom-report §5.4)."""
    head = rec[0]
    if "invoked oom-killer" in head:
        return 4
    if re.search(r"\bKill(ed)? process \d+", head):
        return 3
    if INFO_RECORD.match(head):
        return 6
    return 4                    # KERN_DEFAULT, stored as default_message_loglevel


# ---------------------------------------------------------------- clocks

def mono_us(i):
    return MONO_BASE_US + i * STEP_US


def mono_str(i):
    us = mono_us(i)
    return "[%5d.%06d]" % (us // 1000000, us % 1000000)


def wall(i):
    return WALL_BASE + datetime.timedelta(microseconds=i * STEP_US)


def ctime_c(t):
    """dmesg -T / ctime in the C locale: 'Sun Nov 27 21:02:21 2022'."""
    return "%s %s %2d %02d:%02d:%02d %d" % (DAYS[t.weekday()], MONTHS[t.month - 1], t.day,
                                            t.hour, t.minute, t.second, t.year)


def rfc3164_time(t):
    return "%s %2d %02d:%02d:%02d" % (MONTHS[t.month - 1], t.day, t.hour, t.minute, t.second)


def display_width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


# ---------------------------------------------------------------- containers
# Each builder takes the records and returns the file's bytes.

def per_line(prefix_of):
    """Every physical line gets its record's prefix (syslog daemons)."""
    def build(records):
        out = []
        for i, rec in enumerate(records):
            out += [prefix_of(i, rec) + line for line in rec]
        return ("\n".join(out) + "\n").encode()
    return build


def indented(prefix_of):
    """dmesg / journalctl short: the first line of a record gets the prefix,
    its continuation lines are indented to the message column."""
    def build(records):
        out = []
        for i, rec in enumerate(records):
            prefix = prefix_of(i, rec)
            out.append(prefix + rec[0])
            out += [" " * display_width(prefix) + line for line in rec[1:]]
        return ("\n".join(out) + "\n").encode()
    return build


def kmsg_escape(text):
    """/dev/kmsg escapes control bytes, DEL+ and backslash as \\xNN."""
    out = []
    for b in text.encode():
        out.append("\\x%02x" % b if b < 0x20 or b >= 0x7f or b == 0x5c else chr(b))
    return "".join(out)


def build_kmsg(records):
    out = []
    for i, rec in enumerate(records):
        out.append("%d,%d,%d,-;%s" % (level(rec), 4711 + i, mono_us(i), kmsg_escape("\n".join(rec))))
        if i == 0:
            out.append(" SUBSYSTEM=cpu")          # dictionary line of a dev_printk record
    return ("\n".join(out) + "\n").encode()


def rsyslog_012(records):
    out = ["%s mysrv kernel: %s" % (rfc3164_time(wall(i)), "#012".join(rec))
           for i, rec in enumerate(records)]
    return ("\n".join(out) + "\n").encode()


def journal_fields(i, rec, host="mysrv"):
    us = int(wall(i).timestamp()) * 1000000 + wall(i).microsecond
    return [
            ("__CURSOR", "s=a356065f475945b8a511c45aa3c5417d;i=%x;b=%s;m=%x;t=%x;x=%016x"
             % (i + 1, BOOT_ID, mono_us(i) + 200, us, 0x1234567 * (i + 1))),
            ("__REALTIME_TIMESTAMP", str(us)),
            ("__MONOTONIC_TIMESTAMP", str(mono_us(i) + 200)),
            ("_BOOT_ID", BOOT_ID),
            ("_TRANSPORT", "kernel"),
            ("PRIORITY", str(level(rec))),
            ("SYSLOG_FACILITY", "0"),
            ("SYSLOG_IDENTIFIER", "kernel"),
            ("_SOURCE_MONOTONIC_TIMESTAMP", str(mono_us(i))),
            ("_MACHINE_ID", "0123456789abcdef0123456789abcdef"),
            ("_HOSTNAME", host),
            ("MESSAGE", "\n".join(rec)),
    ]


def journal_json(records):
    out = [json.dumps(dict(journal_fields(i, rec)), ensure_ascii=False, separators=(",", ":"))
           for i, rec in enumerate(records)]
    return ("\n".join(out) + "\n").encode()


def journal_export(records):
    out = bytearray()
    for i, rec in enumerate(records):
        for key, value in journal_fields(i, rec):
            data = value.encode()
            if b"\n" in data:
                # Binary field: NAME\n, little-endian 64-bit size, the bytes, \n.
                out += key.encode() + b"\n" + struct.pack("<Q", len(data)) + data + b"\n"
            else:
                out += key.encode() + b"=" + data + b"\n"
        out += b"\n"
    return bytes(out)


def text_lines(transform, sep="\n", head="", tail=""):
    """The bare text pasted somewhere: each physical line transformed."""
    def build(records):
        body = sep.join(transform(line) for line in physical_lines(records)) + sep
        return (head + body + tail).encode()
    return build


MARKDOWN_HEAD = ("我们的数据库服务器昨晚又被 OOM killer 杀掉了进程，下面是 dmesg 的完整输出：\n"
                 "\n```text\n")
MARKDOWN_TAIL = "```\n\n请问这是内存泄漏还是配置问题？谢谢！\n"


def variants():
    """(name, builder, expected host, expected monotonic_s, expected wall)."""
    v = []
    for n, (prefix, host, stamped) in enumerate(OOMA_PREFIXES, 1):
        v.append(("A%d %r" % (n, prefix), per_line(lambda i, r, p=prefix: p), host,
                  MONO_STAMP if stamped else None, None))
    zh = "[二 9月  3 05:57:48 2024] "
    v += [
            ("B dmesg", indented(lambda i, r: mono_str(i) + " "), None, None, None),
            ("B dmesg -T C", indented(lambda i, r: "[%s] " % ctime_c(wall(i))), None, None, None),
            ("B dmesg -T zh_CN", indented(lambda i, r: zh), None, None, "2024-09-03T05:57:48"),
            ("B dmesg --time-format iso",
             indented(lambda i, r: wall(i).strftime("%Y-%m-%dT%H:%M:%S,%f+01:00 ")), None, None, None),
            ("B dmesg -x", indented(lambda i, r: "kern  :%-6s: %s " % (LEVEL_NAMES[level(r)], mono_str(i))),
             None, None, None),
            ("B printk caller id", indented(lambda i, r: "%s [ T1234] " % mono_str(i)), None, None, None),
            ("C /dev/kmsg", build_kmsg, None, None, None),
            ("D RFC3164 <PRI>",
             per_line(lambda i, r: "<%d>%s mysrv kernel: " % (level(r), rfc3164_time(wall(i)))),
             "mysrv", None, None),
            ("D RFC3339 rsyslog",
             per_line(lambda i, r: wall(i).strftime("%Y-%m-%dT%H:%M:%S.%f+01:00 mysrv kernel: ")),
             "mysrv", None, None),
            ("D journalctl short-iso",
             indented(lambda i, r: wall(i).strftime("%Y-%m-%dT%H:%M:%S+0100 mysrv kernel: ")),
             "mysrv", None, None),
            ("D journalctl short-precise",
             indented(lambda i, r: "%s.%06d mysrv kernel: " % (rfc3164_time(wall(i)), wall(i).microsecond)),
             "mysrv", None, None),
            ("D journalctl short-monotonic", indented(lambda i, r: "%s mysrv kernel: " % mono_str(i)),
             "mysrv", None, None),
            ("E rsyslog #012", rsyslog_012, "mysrv", None, None),
            ("F journalctl -o json", journal_json, "mysrv", None, None),
            ("F journalctl -o export", journal_export, "mysrv", None, None),
            ("G e-mail quote", text_lines(lambda l: "> " + l), None, None, None),
            ("G markdown in prose", text_lines(lambda l: l, head=MARKDOWN_HEAD, tail=MARKDOWN_TAIL),
             None, None, None),
            ("G indented 4", text_lines(lambda l: "    " + l), None, None, None),
            ("G CRLF", text_lines(lambda l: l, sep="\r\n"), None, None, None),
            ("G blank line between lines", text_lines(lambda l: l, sep="\n\n"), None, None, None),
    ]
    return v


def interleave_hosts(a_records, a_host, b_records, b_host):
    """Two hosts in one central syslog, physical lines alternating."""
    def lines(records, host):
        return ["%s %s kernel: %s" % (rfc3164_time(wall(i)), host, line)
                for i, rec in enumerate(records) for line in rec]
    a, b = lines(a_records, a_host), lines(b_records, b_host)
    out = []
    for k in range(max(len(a), len(b))):
        out += a[k:k + 1] + b[k:k + 1]
    return ("\n".join(out) + "\n").encode()


# ---------------------------------------------------------------- running

def run(oomlens, path):
    env = dict(os.environ, LC_ALL="C.UTF-8", LANGUAGE="", TZ="UTC")
    env.pop("LANG", None)
    p = subprocess.run([oomlens, "analyze", "--format", "json", path], capture_output=True, env=env)
    if p.returncode != 0:
        return None, "exit status %d: %s" % (p.returncode, p.stderr.decode("utf-8", "replace").strip()[:300])
    try:
        return json.loads(p.stdout.decode("utf-8")).get("events", []), None
    except ValueError as e:
        return None, "output is not JSON: %s" % e


def facts(event):
    f = {k: v for k, v in event.items() if k not in CONTAINER_KEYS}
    notes = [n for n in (f.get("notes") or "").split("; ") if n and not TIME_NOTE.search(n)]
    f["notes"] = notes
    # line numbers depend on how the container lays the report out
    f["tasks"] = [{k: v for k, v in t.items() if k != "line"} for t in f.get("tasks") or []]
    # the headline names the time and host; evidence cites container line numbers
    f.pop("headline", None)
    f["findings"] = [{k: v for k, v in x.items() if k != "evidence"} for x in f.get("findings") or []]
    return f


def bare_is_meaningful(records, event):
    """Why the bare run's facts are too thin to compare, or None.  Every
    variant is compared with the bare run, so the bare run must itself
    hold the report: the kill, the task table, and every counter of the
    multi-line record (which is what the containers mangle most)."""
    if not event.get("complete"):
        return "bare run: event not complete (missing %s)" % event.get("missing")
    for key, val in (("victim.pid", (event.get("victim") or {}).get("pid")),
                     ("trigger.pid", (event.get("trigger") or {}).get("pid")),
                     ("kernel.release", (event.get("kernel") or {}).get("release")),
                     ("tasks", event.get("tasks"))):
        if not val:
            return "bare run: %s is empty" % key
    meminfo = event.get("meminfo_pages") or {}
    stats = ((event.get("memcg") or {}).get("stats")) or {}
    for rec in records:
        if len(rec) < 2:
            continue
        if rec[0].startswith(MULTILINE_HEADS):        # Mem-Info counters, in pages
            pairs = [t.split(":", 1) for line in rec for t in line.split() if ":" in t]
            for k, val in pairs:
                if meminfo.get(k) != int(val):
                    return "bare run: meminfo_pages.%s = %s, the log says %s" % (k, meminfo.get(k), val)
        else:                                          # memory.stat: "key value", bytes or counts
            for line in rec:
                k = line.split()[0]
                if k not in stats and k + "_kb" not in stats:
                    return "bare run: memcg.stats lacks %s" % k
    return None


def first_diff(want, got, path="facts"):
    """Path and values of the first place where two JSON values differ."""
    if isinstance(want, dict) and isinstance(got, dict):
        for k in list(want) + [k for k in got if k not in want]:
            if k not in got:
                return "%s.%s: bare=%s, variant has no such key" % (path, k, short(want[k]))
            if k not in want:
                return "%s.%s: bare has no such key, variant=%s" % (path, k, short(got[k]))
            d = first_diff(want[k], got[k], "%s.%s" % (path, k))
            if d:
                return d
        return None
    if isinstance(want, list) and isinstance(got, list):
        for n, (a, b) in enumerate(zip(want, got)):
            d = first_diff(a, b, "%s[%d]" % (path, n))
            if d:
                return d
        if len(want) != len(got):
            return "%s: bare has %d items, variant %d" % (path, len(want), len(got))
        return None
    if want != got or type(want) is not type(got):
        return "%s: bare=%s variant=%s" % (path, short(want), short(got))
    return None


def short(v):
    s = json.dumps(v, ensure_ascii=False)
    return s if len(s) <= 200 else s[:200] + "…"


def check_one(events, want, host, mono, wall_s, err):
    """Failure text, or None when the variant gave the bare run's facts."""
    if err:
        return err
    if len(events) != 1:
        return "expected 1 event, got %d" % len(events)
    e = events[0]
    d = first_diff(want, facts(e))
    if d:
        return d
    if e.get("host") != host:
        return "host: expected %s, got %s" % (short(host), short(e.get("host")))
    t = e.get("time") or {}
    if mono is not None and t.get("monotonic_s") != mono:
        return "time.monotonic_s: expected %s, got %s" % (mono, short(t.get("monotonic_s")))
    if wall_s is not None and t.get("wall") != wall_s:
        return "time.wall: expected %s, got %s" % (wall_s, short(t.get("wall")))
    return None


def main():
    if len(sys.argv) != 2:
        print("usage: variants.py OOMLENS", file=sys.stderr)
        return 2
    oomlens = os.path.abspath(sys.argv[1])
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    corpus = os.path.join(repo, "tests", "data", "peers", "oomanalyser")
    if not all(os.path.isfile(os.path.join(corpus, x)) for x in EXAMPLES):
        print("SKIP: OOMAnalyser examples not found in %s " % corpus)
        return 77

    failures, passes = [], 0
    tmp = tempfile.TemporaryDirectory(prefix="oomlens-variants-")

    def write(name, data):
        path = os.path.join(tmp.name, re.sub(r"[^A-Za-z0-9_.+-]+", "_", name))
        with open(path, "wb") as f:
            f.write(data)
        return path

    def report(example, variant, fail):
        nonlocal passes
        if fail:
            failures.append((example, variant, fail))
            print("FAIL %s | %s: %s" % (example, variant, fail))
        else:
            passes += 1
            print("PASS %s | %s" % (example, variant))

    bare = {}
    for ex in EXAMPLES:
        records = load_records(os.path.join(corpus, ex))
        if not any(len(r) > 1 for r in records):
            report(ex, "bare", "no multi-line record found in the example: the test's reader is wrong")
            continue
        events, err = run(oomlens, write(ex + ".bare.log", bare_text(records).encode()))
        if err or len(events) != 1:
            report(ex, "bare", err or "expected 1 event from the bare text, got %d" % len(events))
            continue
        thin = bare_is_meaningful(records, events[0])
        if thin:
            report(ex, "bare", thin)
            continue
        want = facts(events[0])
        bare[ex] = (records, want)
        report(ex, "bare", None)
        # The corpus file as it is (dmesg -T in German, rsyslog #012, bare text).
        events, err = run(oomlens, os.path.join(corpus, ex))
        report(ex, "original file", check_one(events or [], want, None, None, None, err))
        for name, build, host, mono, wall_s in variants():
            suffix = ".json" if "json" in name else ".export" if "export" in name else ".log"
            path = write(ex + "." + name + suffix, build(records))
            events, err = run(oomlens, path)
            report(ex, name, check_one(events or [], want, host, mono, wall_s, err))

    # H: rhel7 on db1 and archlinux on build7 in one central syslog.
    a, b = "rhel7.log", "archlinux_6_1_1.log"
    if a in bare and b in bare:
        data = interleave_hosts(bare[a][0], "db1", bare[b][0], "build7")
        events, err = run(oomlens, write("H.two-hosts.log", data))
        fail = err
        if not fail and len(events) != 2:
            fail = "expected 2 events, got %d (hosts %s)" % (len(events), [e.get("host") for e in events])
        if not fail:
            by_host = {e.get("host"): e for e in events}
            if set(by_host) != {"db1", "build7"}:
                fail = "expected one event per host db1, build7; got hosts %s" % sorted(map(str, by_host))
            else:
                fail = (first_diff(bare[a][1], facts(by_host["db1"]), "db1.facts")
                        or first_diff(bare[b][1], facts(by_host["build7"]), "build7.facts"))
        report("rhel7@db1 + archlinux_6_1_1@build7", "H two hosts interleaved", fail)

    tmp.cleanup()
    print("%d passed, %d failed" % (passes, len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
