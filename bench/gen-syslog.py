#!/usr/bin/env python3
"""gen-syslog.py — deterministic benchmark inputs for bench/run.sh.

  gen-syslog.py noise OUT [--size BYTES] [--every BYTES] [--seed N]
      RFC 3164 syslog ("Mon DD HH:MM:SS host prog[pid]: msg") of ordinary
      server noise (sshd, CRON, systemd, kernel usb/EXT4/audit/TCP/UFW,
      postfix, nginx, dockerd, sudo, chronyd, ...) with a real kernel OOM
      report embedded about every BYTES (default 50 MB).
  gen-syslog.py dense OUT [--size BYTES] [--seed N]
      Back-to-back OOM reports only.

OUT is written at least BYTES long (default 1 GiB / 150 MB) and ends on a
line boundary.  OUT.meta records the parameters, the byte size and
`events=N`, the number of OOM kills embedded: every embedded report is one
kill with its own victim and trigger pid and its own timestamp, so an
analyzer must report exactly N events.

The reports are the bare kernel text of the oomanalyser corpus
(rhel7.log: 3.10 RHEL 7; archlinux_6_1_1.log: 6.1 with oom-kill: line and
oom_reaper), each line prefixed the way rsyslog writes kernel messages.
Same arguments and seed give byte-identical output.
"""
import argparse
import datetime
import hashlib
import os
import random
import re
import sys

CORPUS = os.environ.get("OOMLENS_CORPUS", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "data", "peers", "oomanalyser"))
# (file, pids to renumber: trigger first, then victim; equal when the
# trigger was also the victim)
REPORTS = [
    ("rhel7.log", ("29481", "6576")),
    ("archlinux_6_1_1.log", ("473206", "473206")),
]
HOSTS = ["web01", "web02", "db01", "mail01"]
# pids of renumbered tasks lie above every pid in the corpus reports and
# below the kernel's PID_MAX_LIMIT (4194304)
VICTIM_PID_BASE = 3000000
TRIGGER_PID_BASE = 3600000
EPOCH = datetime.datetime(2023, 3, 1)  # no year in RFC 3164: stay inside one
LINES_PER_SECOND = 4                   # mean rate of the noise
CHUNK_LINES = 100000
POOL = 60000                           # distinct noise messages alive at once
REFRESH = 6000                         # of them replaced per chunk

MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def stamp(t):
    d = EPOCH + datetime.timedelta(seconds=t)
    return "%s %2d %02d:%02d:%02d " % (MONTHS[d.month - 1], d.day, d.hour, d.minute, d.second)


# ------------------------------------------------------------------ noise

USERS = ["deploy", "root", "alice", "bob", "backup", "git", "ansible", "postgres", "www-data"]
BAD_USERS = ["admin", "test", "oracle", "ubuntu", "guest", "user", "pi", "ftpuser", "support", "hadoop"]
UNITS = [
    ("apt-daily.service", "Daily apt download activities"),
    ("apt-daily-upgrade.service", "Daily apt upgrade and clean activities"),
    ("logrotate.service", "Rotate log files"),
    ("man-db.service", "Daily man-db regeneration"),
    ("systemd-tmpfiles-clean.service", "Cleanup of Temporary Directories"),
    ("phpsessionclean.service", "Clean php session files"),
    ("certbot.service", "Certbot"),
    ("fstrim.service", "Discard unused blocks on filesystems from /etc/fstab"),
    ("sysstat-collect.service", "system activity accounting tool"),
    ("e2scrub_all.service", "Online ext4 Metadata Check for All Filesystems"),
    ("backup-db.service", "Nightly database dump"),
]
PATHS = ["/", "/index.html", "/api/v1/items", "/api/v1/items/%d", "/api/v1/users/%d/orders",
         "/static/js/app.%x.js", "/static/css/main.%x.css", "/login", "/healthz", "/metrics",
         "/api/v1/search?q=shoes&page=%d", "/wp-login.php", "/favicon.ico", "/robots.txt", "/api/v1/cart/%d"]
AGENTS = ["Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
          "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
          "curl/7.88.1", "kube-probe/1.28", "Prometheus/2.45.0", "python-requests/2.31.0", "Go-http-client/1.1"]
MAILDOMS = ["example.com", "example.org", "mail.example.net", "corp.example.com"]


def ip(r):
    return "%d.%d.%d.%d" % (r.choice((10, 172, 192, 198, 203, 45, 185, 91)), r.randrange(256),
                            r.randrange(256), r.randrange(1, 255))


def qid(r):
    return "%010X" % r.getrandbits(40)


def sshd(r):
    u, a, p = r.choice(USERS), ip(r), r.randrange(1024, 65535)
    return r.choice([
        "Accepted publickey for %s from %s port %d ssh2: ED25519 SHA256:%s" % (u, a, p, "%043x" % r.getrandbits(172)),
        "Connection closed by authenticating user root %s port %d [preauth]" % (a, p),
        "Invalid user %s from %s port %d" % (r.choice(BAD_USERS), a, p),
        "Failed password for invalid user %s from %s port %d ssh2" % (r.choice(BAD_USERS), a, p),
        "pam_unix(sshd:session): session opened for user %s(uid=%d) by (uid=0)" % (u, r.randrange(1000, 1010)),
        "pam_unix(sshd:session): session closed for user %s" % u,
        "Received disconnect from %s port %d:11: Bye Bye [preauth]" % (a, p),
        "Disconnected from user %s %s port %d" % (u, a, p),
        "error: kex_exchange_identification: Connection closed by remote host",
        "Timeout before authentication for %s port %d" % (a, p),
    ])


def cron(r):
    u = r.choice(("root", "root", "www-data", "backup"))
    return r.choice([
        "(%s) CMD (   cd / && run-parts --report /etc/cron.hourly)" % u,
        "(%s) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)" % u,
        "(%s) CMD ([ -x /usr/lib/php/sessionclean ] && if [ ! -d /run/systemd/system ]; then /usr/lib/php/sessionclean; fi)" % u,
        "pam_unix(cron:session): session opened for user %s(uid=0) by (uid=0)" % u,
        "pam_unix(cron:session): session closed for user %s" % u,
    ])


def systemd(r):
    unit, desc = r.choice(UNITS)
    s = r.randrange(1, 90000)
    return r.choice([
        "Starting %s..." % desc,
        "Finished %s." % desc,
        "%s: Deactivated successfully." % unit,
        "%s: Consumed %d.%03ds CPU time." % (unit, r.randrange(0, 40), r.randrange(1000)),
        "Started Session %d of User %s." % (s, r.choice(USERS)),
        "session-%d.scope: Deactivated successfully." % s,
        "Started %s." % desc,
        "user@%d.service: Deactivated successfully." % r.randrange(1000, 1010),
        "Reloading.",
    ]) if r.random() > 0.01 else "Started systemd-oomd.service - Userspace Out-Of-Memory (OOM) Killer."


def logind(r):
    s = r.randrange(1, 90000)
    return r.choice([
        "New session %d of user %s." % (s, r.choice(USERS)),
        "Session %d logged out. Waiting for processes to exit." % s,
        "Removed session %d." % s,
    ])


def kernel(r):
    bus, port = r.randrange(1, 4), r.randrange(1, 8)
    ts = 1677628800 + r.randrange(3000000)
    return r.choice([
        "usb %d-%d: new high-speed USB device number %d using xhci_hcd" % (bus, port, r.randrange(2, 40)),
        "usb %d-%d: New USB device found, idVendor=%04x, idProduct=%04x, bcdDevice= 1.00" % (bus, port, r.getrandbits(16), r.getrandbits(16)),
        "usb %d-%d: USB disconnect, device number %d" % (bus, port, r.randrange(2, 40)),
        "EXT4-fs (%s): mounted filesystem with ordered data mode. Quota mode: none." % r.choice(("sda1", "sdb1", "dm-0", "nvme0n1p2")),
        "EXT4-fs (dm-%d): re-mounted. Opts: errors=remount-ro. Quota mode: none." % r.randrange(3),
        'audit: type=1400 audit(%d.%03d:%d): apparmor="DENIED" operation="open" profile="/usr/sbin/cups-browsed" name="/proc/%d/status" pid=%d comm="cups-browsed" requested_mask="r" denied_mask="r" fsuid=0 ouid=0'
        % (ts, r.randrange(1000), r.randrange(100, 9999), r.randrange(1, 99999), r.randrange(300, 99999)),
        "audit: type=1106 audit(%d.%03d:%d): pid=%d uid=0 auid=%d ses=%d res=success" % (ts, r.randrange(1000), r.randrange(100, 99999), r.randrange(300, 99999), r.randrange(1000, 1010), r.randrange(1, 9000)),
        "TCP: request_sock_TCP: Possible SYN flooding on port %d. Sending cookies.  Check SNMP counters." % r.choice((80, 443, 8080, 25)),
        "[UFW BLOCK] IN=eth0 OUT= MAC=52:54:00:%02x:%02x:%02x:fe:ff:ff:ff:ff:ff:08:00 SRC=%s DST=%s LEN=%d TOS=0x00 PREC=0x00 TTL=%d ID=%d PROTO=TCP SPT=%d DPT=%d WINDOW=1024 RES=0x00 SYN URGP=0"
        % (r.getrandbits(8), r.getrandbits(8), r.getrandbits(8), ip(r), ip(r), r.choice((40, 44, 60)), r.randrange(30, 255), r.randrange(65535), r.randrange(1024, 65535), r.choice((22, 23, 3389, 5900, 8080, 445))),
        "e1000e: eth%d NIC Link is Up 1000 Mbps Full Duplex, Flow Control: Rx/Tx" % r.randrange(2),
        "perf: interrupt took too long (%d > %d), lowering kernel.perf_event_max_sample_rate to %d" % (r.randrange(2500, 9000), 2500, r.randrange(20000, 80000)),
        "nf_conntrack: nf_conntrack: table full, dropping packet",
        "device veth%07x entered promiscuous mode" % r.getrandbits(28),
        "docker0: port %d(veth%07x) entered forwarding state" % (r.randrange(1, 9), r.getrandbits(28)),
        "sd %d:0:0:0: [sda] Synchronizing SCSI cache" % r.randrange(4),
    ])


def nginx(r):
    # a booking app: "rooms" holds the "oom" a fast scanner looks for
    path = r.choice(PATHS) if r.random() > 0.02 else "/api/v2/rooms/%d/bookings"
    if "%" in path:
        path = path % r.randrange(1, 99999)
    d = EPOCH + datetime.timedelta(seconds=r.randrange(3000000))
    return '%s - - [%s +0000] "%s %s HTTP/1.1" %d %d "-" "%s"' % (
        ip(r), d.strftime("%d/%b/%Y:%H:%M:%S"), r.choice(("GET", "GET", "GET", "POST")), path,
        r.choice((200, 200, 200, 200, 304, 301, 404, 502)), r.randrange(0, 90000), r.choice(AGENTS))


def postfix(r):
    q, a, dom = qid(r), ip(r), r.choice(MAILDOMS)
    return r.choice([
        ("postfix/smtpd", "connect from unknown[%s]" % a),
        ("postfix/smtpd", "disconnect from unknown[%s] ehlo=1 auth=0/1 quit=1 commands=2/3" % a),
        ("postfix/qmgr", "%s: from=<root@%s>, size=%d, nrcpt=1 (queue active)" % (q, dom, r.randrange(500, 90000))),
        ("postfix/smtp", "%s: to=<ops@%s>, relay=mx.%s[%s]:25, delay=%.2f, delays=0.01/0/0.2/0.31, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as %s)"
         % (q, dom, dom, a, r.random() * 3, qid(r))),
        ("postfix/cleanup", "%s: message-id=<20230301%06d.%s@%s>" % (q, r.randrange(999999), q, dom)),
        ("postfix/qmgr", "%s: removed" % q),
    ])


def dockerd(r):
    return 'time="2023-03-%02dT%02d:%02d:%02d.%09dZ" level=info msg="ignoring event" container=%s module=libcontainerd namespace=moby topic=/tasks/delete type="*events.TaskDelete"' % (
        r.randrange(1, 29), r.randrange(24), r.randrange(60), r.randrange(60), r.randrange(10**9), "%064x" % r.getrandbits(256))


def sudo(r):
    cmd = r.choice(("/usr/bin/systemctl restart nginx", "/usr/bin/apt-get update", "/usr/bin/journalctl -u nginx",
                    "/usr/bin/tail -f /var/log/syslog", "/usr/sbin/ufw status"))
    return "%8s : TTY=pts/%d ; PWD=/home/%s ; USER=root ; COMMAND=%s" % (r.choice(USERS[:4]), r.randrange(5), r.choice(USERS[:4]), cmd)


def chronyd(r):
    return r.choice([
        "Selected source %s (%d.debian.pool.ntp.org)" % (ip(r), r.randrange(4)),
        "System clock wrong by %.6f seconds" % (r.random() - 0.5),
        "Source %s replaced with %s (%d.debian.pool.ntp.org)" % (ip(r), ip(r), r.randrange(4)),
    ])


def misc(r):
    return r.choice([
        ("rsyslogd", '[origin software="rsyslogd" swVersion="8.2302.0" x-pid="%d" x-info="https://www.rsyslog.com"] rsyslogd was HUPed' % r.randrange(300, 900)),
        ("dhclient", "DHCPACK of %s from %s (xid=0x%08x)" % (ip(r), ip(r), r.getrandbits(32))),
        ("systemd-resolved", "Using degraded feature set UDP instead of UDP+EDNS0 for DNS server %s." % ip(r)),
        ("containerd", 'time="2023-03-01T00:00:00.%09dZ" level=info msg="shim disconnected" id=%s namespace=moby' % (r.randrange(10**9), "%064x" % r.getrandbits(256))),
        ("snapd", "storehelpers.go:%d: cannot refresh: snap has no updates available: \"core20\", \"lxd\", \"snapd\"" % r.randrange(700, 800)),
        ("earlyoom", "mem avail: %5d of %5d MiB (%2d.%02d%%), swap free: %4d of %4d MiB (%3d.%02d%%)"
         % (r.randrange(500, 30000), 31890, r.randrange(2, 95), r.randrange(100), r.randrange(0, 2047), 2047, r.randrange(0, 100), r.randrange(100))),
    ])


# (weight, producer): producer returns (prog, msg) or msg for a default prog
SOURCES = [
    (18, lambda r: ("sshd", sshd(r))),
    (10, lambda r: ("CRON", cron(r))),
    (14, lambda r: ("systemd", systemd(r))),
    (4, lambda r: ("systemd-logind", logind(r))),
    (14, lambda r: ("kernel", kernel(r))),
    (18, lambda r: ("nginx", nginx(r))),
    (10, postfix),
    (4, lambda r: ("dockerd", dockerd(r))),
    (3, lambda r: ("sudo", sudo(r))),
    (3, lambda r: ("chronyd", chronyd(r))),
    (2, misc),
]
NOPID = {"kernel", "sudo", "nginx"}


def make_body(r, prods, weights):
    prog, msg = r.choices(prods, weights)[0](r)
    host = r.choice(HOSTS)
    if prog in NOPID:
        return "%s %s: %s\n" % (host, prog, msg)
    pid = 1 if prog == "systemd" else r.randrange(300, 400000)
    return "%s %s[%d]: %s\n" % (host, prog, pid, msg)


# ---------------------------------------------------------------- reports

def load_reports():
    out = []
    for name, pids in REPORTS:
        with open(os.path.join(CORPUS, name), encoding="ascii") as f:
            lines = [l.rstrip("\n") for l in f if l.strip()]
        if not any("invoked oom-killer" in l for l in lines):
            sys.exit("gen-syslog: %s holds no OOM report" % name)
        out.append((lines, pids))
    return out


def pid_re(pid):
    # a pid as its own token: "PID: N ", "[ N]", "process N (", "pid=N,"
    return re.compile(r"(?<=[\s\[(=])%s(?=[\s\]),]|$)" % pid)


def render_report(report, k, t, host):
    """The K-th embedded kill: report lines with fresh pids, rsyslog prefix."""
    lines, (trig, victim) = report
    prefix = stamp(t) + host + " kernel: "
    vpid, tpid = str(VICTIM_PID_BASE + k), str(TRIGGER_PID_BASE + k)
    rv, rt = pid_re(victim), pid_re(trig)
    buf = []
    for l in lines:
        if victim in l:
            l = rv.sub(vpid, l)
        if trig != victim and trig in l:
            l = rt.sub(tpid, l)
        buf.append(prefix + l + "\n")
    return "".join(buf)


# ------------------------------------------------------------------ files

def write_noise(out, size, every, seed):
    r = random.Random(seed)
    prods = [p for _, p in SOURCES]
    weights = [w for w, _ in SOURCES]
    pool = [make_body(r, prods, weights) for _ in range(POOL)]
    reports = load_reports()
    steps = [0] * (LINES_PER_SECOND - 1) + [1]
    t, written, events = 0, 0, 0
    next_report = every // 2
    while written < size:
        for _ in range(REFRESH):
            pool[r.randrange(POOL)] = make_body(r, prods, weights)
        bodies = r.choices(pool, k=CHUNK_LINES)
        secs = []
        for s in r.choices(steps, k=CHUNK_LINES):
            t += s
            secs.append(t)
        lo = secs[0]
        pf = [stamp(x) for x in range(lo, t + 1)]
        data = "".join([pf[s - lo] + b for s, b in zip(secs, bodies)]).encode()
        # end on the first line boundary at or past SIZE
        if written + len(data) > size:
            data = data[:data.index(b"\n", size - written - 1) + 1]
        line = 0  # index in secs of the first line of DATA
        while next_report < written + len(data):
            cut = data.rfind(b"\n", 0, max(0, next_report - written)) + 1
            out.write(data[:cut])
            written += cut
            line += data.count(b"\n", 0, cut)
            data = data[cut:]
            # stamped with the second of the noise line before it
            rep = render_report(reports[events % len(reports)], events, secs[max(0, line - 1)],
                                r.choice(HOSTS)).encode()
            out.write(rep)
            written += len(rep)
            events += 1
            next_report += int(every * (0.75 + r.random() / 2))
        out.write(data)
        written += len(data)
    return written, events


def write_dense(out, size, seed):
    r = random.Random(seed)
    reports = load_reports()
    t, written, events = 0, 0, 0
    while written < size:
        rep = render_report(reports[events % len(reports)], events, t, r.choice(HOSTS)).encode()
        out.write(rep)
        written += len(rep)
        events += 1
        t += r.randrange(3, 40)
    return written, events


def self_digest():
    """Names this generator's version in OUT.meta: data made by another
    version is made anew."""
    with open(os.path.abspath(__file__), "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()[:16]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("kind", choices=("noise", "dense"))
    ap.add_argument("out")
    ap.add_argument("--size", type=int, default=None, help="bytes (noise: 1 GiB, dense: 150 MB)")
    ap.add_argument("--every", type=int, default=50_000_000, help="bytes of noise between reports")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    size = a.size or (1 << 30 if a.kind == "noise" else 150_000_000)
    tmp = a.out + ".tmp"
    with open(tmp, "wb", buffering=8 << 20) as f:
        if a.kind == "noise":
            written, events = write_noise(f, size, a.every, a.seed)
        else:
            written, events = write_dense(f, size, a.seed)
    os.replace(tmp, a.out)
    with open(a.out + ".meta", "w") as m:
        m.write("kind=%s\nrequested=%d\nevery=%d\nseed=%d\ngenerator=%s\nbytes=%d\nevents=%d\n"
                % (a.kind, size, a.every if a.kind == "noise" else 0, a.seed, self_digest(), written, events))
    print("%s: %d bytes, %d OOM kills embedded" % (a.out, written, events))


if __name__ == "__main__":
    main()
