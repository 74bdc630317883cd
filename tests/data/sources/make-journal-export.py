#!/usr/bin/env python3
# Writes kernel-oom.export (journalctl -o export format) from the real
# kernel text in rhel7.log and kmsg-6.18-memcg-oom.kmsg, with the fields
# journald adds to a /dev/kmsg record (_TRANSPORT=kernel, PRIORITY,
# SYSLOG_FACILITY, _SOURCE_MONOTONIC_TIMESTAMP = the record's usec, \xNN
# escapes of the text undone).  Timestamps, boot ids and host names are made
# up.  Run from this directory; test_source.c turns the output into a real
# .journal file with systemd-journal-remote.
import re
import struct


def field(name, value):
    if isinstance(value, str):
        value = value.encode()
    if b"\n" in value:  # binary form: NAME\n<le64 size><bytes>\n
        return name.encode() + b"\n" + struct.pack("<Q", len(value)) + value + b"\n"
    return name.encode() + b"=" + value + b"\n"


def entry(boot, host, realtime, mono, fields):
    out = field("__REALTIME_TIMESTAMP", str(realtime))
    out += field("__MONOTONIC_TIMESTAMP", str(mono))
    out += field("_BOOT_ID", boot) + field("_MACHINE_ID", "5c1a1c0ffee0000000000000000000aa")
    out += field("_HOSTNAME", host)
    for k, v in fields:
        out += field(k, v)
    return out + b"\n"  # an entry ends with a blank line, the last one too


def kernel(pri, usec, text, extra=()):
    return [("_TRANSPORT", "kernel"), ("SYSLOG_FACILITY", "0"), ("SYSLOG_IDENTIFIER", "kernel"),
            ("PRIORITY", str(pri)), ("_SOURCE_MONOTONIC_TIMESTAMP", str(usec)), *extra,
            ("MESSAGE", text)]


def unescape(b):
    return re.sub(rb"\\x([0-9a-f]{2})", lambda m: bytes([int(m.group(1), 16)]), b)


out = b""
# Boot 1: RHEL 7 (3.10) global OOM, lines 1-3 and 143-144 of rhel7.log.
boot1, t1 = "aa11aa11aa11aa11aa11aa11aa11aa11", 1488362400000000
rhel = open("rhel7.log", "rb").read().split(b"\n")
for i, n in enumerate([0, 1, 2, 142, 143]):
    out += entry(boot1, "db1", t1 + i * 10, 11686888109 + i * 10, kernel(4 if n < 142 else 3, 11686888000 + i * 10, rhel[n]))

# Boot 2: 6.18 memcg OOM from /dev/kmsg records (text unescaped as journald does).
boot2, t2 = "bb22bb22bb22bb22bb22bb22bb22bb22", 1763599080000000
recs = {}
for line in open("kmsg-6.18-memcg-oom.kmsg", "rb").read().split(b"\n"):
    if line[:1].isdigit():
        head, text = line.split(b";", 1)
        pri, seq, usec = head.split(b",")[:3]
        recs[int(seq)] = (int(pri) & 7, int(usec), unescape(text))
for seq in [202, 351, 352, 353]:
    pri, usec, text = recs[seq]
    extra = [("_KERNEL_SUBSYSTEM", "acpi"), ("_KERNEL_DEVICE", "+acpi:PNP0A08:00")] if seq == 202 else []
    out += entry(boot2, "box", t2 + usec, usec + 150, kernel(pri, usec, text, extra))
# Not from the kernel: must not be read as a kernel record.
out += entry(boot2, "box", t2 + 44901300, 44901450, [
    ("_TRANSPORT", "syslog"), ("SYSLOG_IDENTIFIER", "logger"), ("PRIORITY", "3"),
    ("MESSAGE", "Out of memory: Killed process 4242 (impostor) total-vm:1kB")])
for seq in [428, 429]:
    pri, usec, text = recs[seq]
    out += entry(boot2, "box", t2 + usec, usec + 150, kernel(pri, usec, text))
# Hostile text: the kernel escapes a comm's raw bytes as \xNN and journald
# unescapes them, so MESSAGE may be invalid UTF-8 or hold control characters.
out += entry(boot2, "box", t2 + 44901500, 44901650,
             kernel(3, 44901500, unescape(rb"Out of memory: Killed process 4243 (\xff\xfeevil) total-vm:1kB")))
out += entry(boot2, "box", t2 + 44901600, 44901750,
             kernel(4, 44901600, unescape(rb"comm \x1b[31mred\x1b[0m")))
out += entry(boot2, "box", t2 + 44901700, 44901850,
             kernel(4, 44901700, "quote \" backslash \\ tab\tumlaut \u00fc"))
open("kernel-oom.export", "wb").write(out)
