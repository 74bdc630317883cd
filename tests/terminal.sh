#!/bin/sh
# Colours and wrapping on a terminal only: NO_COLOR, TERM=dumb and
# --color=never turn colours off, --color=always on; a pipe gets neither.
# usage: terminal.sh OOMLENS FIXTURE
set -u
bin=$1 fixture=$2
command -v script >/dev/null 2>&1 || { echo "SKIP: script(1) not installed"; exit 77; }
esc=$(printf '\033')
fail=0
check() { # name, want (yes|no), output
        if printf '%s' "$3" | grep -q "$esc"; then got=yes; else got=no; fi
        if [ "$got" = "$2" ]; then echo "PASS: $1"; else echo "FAIL: $1: colour escapes $got, want $2"; fail=1; fi
}
tty_run() { script -qec "stty cols 80 2>/dev/null; $1" /dev/null; }
check "pipe" no "$("$bin" analyze "$fixture")"
check "terminal" yes "$(TERM=xterm tty_run "NO_COLOR= $bin analyze $fixture")"
check "terminal with NO_COLOR" no "$(TERM=xterm tty_run "NO_COLOR=1 $bin analyze $fixture")"
check "terminal with TERM=dumb" no "$(TERM=dumb tty_run "$bin analyze $fixture")"
check "terminal with --color=never" no "$(TERM=xterm tty_run "$bin analyze --color=never $fixture")"
check "pipe with --color=always" yes "$("$bin" analyze --color=always "$fixture")"
# wrapped at 80 columns on the terminal (the seed's findings are long sentences)
long=$(TERM=xterm tty_run "NO_COLOR=1 $bin analyze $fixture" | tr -d '\r' |
        python3 -c 'import sys, unicodedata
w = lambda l: sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in l)
print(sum(1 for l in sys.stdin.read().splitlines() if w(l) > 80 or l.endswith(" ")))')
if [ "$long" -eq 0 ]; then echo "PASS: wrapped at 80 columns"; else echo "FAIL: $long lines longer than 80 columns or ending in a space"; fail=1; fi
exit $fail
