#!/usr/bin/env python3
"""Memory stays bounded whatever the number of reports (issue 9, item 6).

200,000 two-line reports (kill lines with their trigger lines, half a
second apart: one long storm; then one kill a minute apart on distinct
hosts and comms: 200,000 incidents) go through `analyze --count` and
`--format json`; the peak RSS must stay under 32 MiB for the storm and
64 MiB for the distinct kills (the index is 48 bytes an event; before it
was ~500 bytes, 100 MiB and more here).  Under an address
space limit too small for the run, oomlens says "out of memory" and exits
70, never abort()s.  Only in the unsanitized build (ASan reserves terabytes
of address space).

usage: memory_bound.py OOMLENS        exit 0 pass, 1 fail, 77 skip
"""
import os
import resource
import subprocess
import sys
import tempfile

N = 200000
LIMIT_KIB = {False: 32 * 1024, True: 64 * 1024}


def write_log(path, distinct):
    with open(path, "w") as f:
        for i in range(N):
            t = 100 + (i * 61.0 if distinct else i * 0.5)
            comm = "w%d" % i if distinct else "worker%d" % (i % 977)
            host = ("h%d " % i) if distinct else ""
            f.write("[%12.6f] %sapp invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0, "
                    "oom_score_adj=0\n" % (t, host))
            f.write("[%12.6f] %sOut of memory: Killed process %d (%s) total-vm:%dkB, anon-rss:%dkB, "
                    "file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:2048kB oom_score_adj:0\n"
                    % (t + 0.000001, host, 1000 + i, comm, 100000 + i, 50000 + i))


def peak_kib(cmd, limit_as=None):
    """Exit status, stderr and peak RSS (KiB) of CMD, run alone."""
    code = ("import resource,subprocess,sys\n"
            "lim=%d\n"
            "pre=(lambda: resource.setrlimit(resource.RLIMIT_AS,(lim,lim))) if lim else None\n"
            "p=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.PIPE,preexec_fn=pre)\n"
            "sys.stderr.buffer.write(p.stderr)\n"
            "print(p.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n") % (limit_as or 0)
    # meson's MALLOC_PERTURB_ makes glibc touch every freed block: not what users run
    env = {k: v for k, v in os.environ.items() if k != "MALLOC_PERTURB_"}
    p = subprocess.run([sys.executable, "-c", code] + cmd, capture_output=True, text=True, env=env)
    rc, kib = p.stdout.split()
    return int(rc), p.stderr, int(kib)


def main():
    oomlens = sys.argv[1]
    failed = False
    with tempfile.TemporaryDirectory(prefix="oomlens-mem-") as tmp:
        for distinct in (False, True):
            log = os.path.join(tmp, "many.log")
            write_log(log, distinct)
            name = "distinct hosts and comms" if distinct else "one storm"
            for args in (["--count"], ["--format", "json"]):
                rc, err, kib = peak_kib([oomlens, "analyze"] + args + [log])
                ok = rc == 0 and kib < LIMIT_KIB[distinct]
                failed |= not ok
                print("%s %s, %s: exit %d, peak RSS %.1f MiB (limit %d MiB)"
                      % ("ok" if ok else "FAIL", name, " ".join(args), rc, kib / 1024, LIMIT_KIB[distinct] // 1024))
        # too little address space: a message and status 70
        rc, err, _ = peak_kib([oomlens, "analyze", "--count", log], limit_as=12 * 1024 * 1024)
        ok = rc == 70 and "out of memory" in err
        failed |= not ok
        print("%s under a 12 MiB address space: exit %d, stderr %r" % ("ok" if ok else "FAIL", rc, err.strip()[:100]))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
