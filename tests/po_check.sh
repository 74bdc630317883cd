#!/bin/bash
# po_check.sh SRCDIR BUILDDIR BINARY — the zh_CN catalogue is complete and in use:
#  (a) every message marked _()/N_() in the current sources is in po/zh_CN.po,
#      translated and not fuzzy, and every source file with marked messages is
#      listed in po/POTFILES;
#  (b) msgfmt --check accepts the catalogue;
#  (c) with LC_ALL=C.UTF-8 LANGUAGE=zh_CN (these machines have no zh_CN.UTF-8
#      locale) `--help`, `analyze --help` and `analyze --format text` on real
#      logs print the Chinese text and none of their translated English
#      messages.  The catalogue is found next to the binary (BUILDDIR/po).
# Exit 0 pass, 1 fail, 77 skip.
set -u

if [ $# -ne 3 ]; then
        echo "usage: $0 SRCDIR BUILDDIR BINARY" >&2
        exit 2
fi
SRCDIR=$1 BUILDDIR=$2 BINARY=$3
PO=$SRCDIR/po/zh_CN.po
FIXTURES=$SRCDIR/tests/data/i18n

for tool in xgettext msgmerge msgattrib msgexec msggrep msgfmt; do
        if ! command -v "$tool" >/dev/null; then
                echo "SKIP: $tool not found (install gettext)"
                exit 77
        fi
done
if ! LC_ALL=C.UTF-8 locale >/dev/null 2>&1 || [ "$(LC_ALL=C.UTF-8 locale charmap 2>/dev/null)" != UTF-8 ]; then
        echo "SKIP: no C.UTF-8 locale on this machine"
        exit 77
fi

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
failed=0
fail() {
        echo "FAIL: $*"
        failed=1
}

# Prints the msgids of a PO/POT file, one record per message, NUL-terminated
# (msgids may hold newlines).  The header (empty msgid) is left out.
# shellcheck disable=SC2016  # the variables are for msgexec's shell
msgids() {
        msgexec -i "$1" sh -c '[ -n "$MSGEXEC_MSGID" ] && printf "%s\0" "$MSGEXEC_MSGID"; exit 0'
}

# Prints the msgstr of the non-fuzzy entry whose msgid is $1.
# shellcheck disable=SC2016
msgstr_of() {
        WANT=$1 msgattrib --no-fuzzy --no-obsolete "$PO" |
                WANT=$1 msgexec -i - sh -c '[ "$MSGEXEC_MSGID" = "$WANT" ] && cat; exit 0'
}

# --- (a) template from the current sources vs the catalogue ---------------
unlisted=$(cd "$SRCDIR" && grep -lE '(^|[^A-Za-z0-9_])N?_\("' src/*.c | while read -r f; do
        grep -qxF "$f" po/POTFILES || echo "$f"
done)
[ -z "$unlisted" ] || fail "files with marked messages missing from po/POTFILES: ${unlisted//$'\n'/ }"

POT=$TMP/oomlens.pot
if ! (cd "$SRCDIR" && xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --add-comments \
        --package-name=oomlens -f po/POTFILES -o "$POT") 2>"$TMP/xgettext.err"; then
        cat "$TMP/xgettext.err"
        fail "xgettext could not extract the messages"
        exit 1
fi
if [ ! -s "$POT" ]; then
        fail "xgettext found no marked message in the files of po/POTFILES"
        exit 1
fi
n_msgs=$(msgids "$POT" | tr -cd '\0' | wc -c)

MERGED=$TMP/merged.po
msgmerge --quiet --no-fuzzy-matching --no-wrap -o "$MERGED" "$PO" "$POT" || { fail "msgmerge failed on $PO"; exit 1; }
for kind in untranslated only-fuzzy; do
        msgattrib --force-po --"$kind" --no-obsolete --no-wrap -o "$TMP/$kind.po" "$MERGED"
        n=$(msgids "$TMP/$kind.po" | tr -cd '\0' | wc -c)
        if [ "$n" -gt 0 ]; then
                fail "$n message(s) of the sources ${kind#only-} in po/zh_CN.po (translate them there):"
                msgattrib --no-obsolete --no-wrap "$TMP/$kind.po" | sed -n '/^#:/,/^$/p'
        fi
done
# the merged catalogue carries the c-format flags of the current sources
if ! msgfmt --check -o /dev/null "$MERGED" 2>"$TMP/merged.err"; then
        cat "$TMP/merged.err"
        fail "translations do not match the printf directives of the current sources"
fi
obsolete=$(msgattrib --only-obsolete --no-wrap "$MERGED" | grep -c '^#~ msgid "[^"]')
[ "$obsolete" -eq 0 ] || echo "note: $obsolete message(s) of po/zh_CN.po are no longer in the sources"

# --- (b) the catalogue itself ---------------------------------------------
if ! msgfmt --check --statistics -o /dev/null "$PO" 2>"$TMP/msgfmt.err"; then
        cat "$TMP/msgfmt.err"
        fail "msgfmt --check rejects po/zh_CN.po"
fi
grep -E 'untranslated|fuzzy' "$TMP/msgfmt.err" && fail "po/zh_CN.po has untranslated or fuzzy messages"

# --- (c) the binary speaks Chinese ----------------------------------------
MO=$BUILDDIR/po/zh_CN/LC_MESSAGES/oomlens.mo
if [ ! -f "$MO" ]; then
        fail "$MO was not built (meson compile builds it by default)"
        exit 1
fi

run_zh() {
        env -u OOMLENS_LOCALEDIR -u LANG -u LC_MESSAGES LC_ALL=C.UTF-8 LANGUAGE=zh_CN "$BINARY" "$@"
}

# Splits a message at its printf directives: one literal piece per line.
pieces() {
        printf '%s\n' "$1" |
                sed -E 's/%[-#0 +'"'"']*[0-9*]*(\.[0-9*]+)?(hh|h|ll|l|L|j|z|t)?[diouxXeEfFgGaAcspn%]/\n/g'
}

# Literal parts of a message: the text between its printf directives, one
# per line, trimmed; only those of 4+ characters with a letter, so that a
# short word ("pid") does not match unrelated log text.
fragments() {
        pieces "$1" | sed -E 's/^[[:space:]]+//; s/[[:space:]]+$//' | grep -E '^.{4,}$' | grep '[A-Za-z]'
}

# A PCRE matching the literal text $1 as whole words: no letter, digit or
# "_" may touch an end of it that is itself one ("score" must not match
# inside "oom_score_adj"; "order-" must match "order-0").
word_pattern() {
        local p='\Q'"${1//\\E/\\E\\\\E\\Q}"'\E'
        [[ $1 =~ ^[A-Za-z0-9_] ]] && p='(?<![A-Za-z0-9_])'$p
        [[ $1 =~ [A-Za-z0-9_]$ ]] && p=$p'(?![A-Za-z0-9_])'
        printf '%s' "$p"
}

# check_output NAME FILE SOURCE [phrases]: no translated English message of
# SOURCE (a file of po/POTFILES) remains in the output FILE.  With
# "phrases", single-token pieces are not looked for: top and check print
# paths, sysctl names and level names that stay English by design.
check_output() {
        local name=$1 out=$2 src=$3 only_phrases=${4:-} id str frag left=0
        msggrep --no-wrap -N "$src" "$POT" -o "$TMP/src.pot"
        while IFS= read -r -d '' id; do
                str=$(msgstr_of "$id")
                # kept on purpose (column headers, "cgroup:")
                [ -n "$str" ] && [ "$str" = "$id" ] && continue
                while IFS= read -r frag; do
                        # a piece the translation keeps too (a path, a command) is not English left over
                        [[ $str == *"$frag"* ]] && continue
                        [[ -n $only_phrases && $frag != *" "* ]] && continue
                        if grep -qP -- "$(word_pattern "$frag")" "$out"; then
                                echo "  untranslated in $name output: \"$frag\" (msgid \"$id\")"
                                left=1
                        fi
                done < <(fragments "$id")
        done < <(msgids "$TMP/src.pot")
        [ $left -eq 0 ] || fail "$name output still holds English messages"
}

# expect NAME FILE MSGID: the translation of MSGID appears in the output
# FILE (each of its literal pieces, when it has printf directives)
expect() {
        local str piece
        str=$(msgstr_of "$3")
        if [ -z "$str" ]; then
                fail "po/zh_CN.po has no translation of \"$3\""
                return
        fi
        while IFS= read -r piece; do
                [ -z "$piece" ] && continue
                if ! grep -qF -- "$piece" "$2"; then
                        fail "$1 output lacks \"$piece\" (from the translation \"$str\" of \"$3\")"
                        return
                fi
        done < <(pieces "$str")
}

run_zh --help >"$TMP/help.out" 2>&1 || fail "oomlens --help exited with $?"
expect "--help" "$TMP/help.out" "Usage: oomlens [COMMAND] [OPTION]... [FILE|-]..."
expect "--help" "$TMP/help.out" "find and explain OOM kills in kernel logs (default)"
check_output "--help" "$TMP/help.out" src/main.c

run_zh analyze --help >"$TMP/ahelp.out" 2>&1 || fail "oomlens analyze --help exited with $?"
expect "analyze --help" "$TMP/ahelp.out" "Usage: oomlens analyze [OPTION]... [FILE|-]..."
check_output "analyze --help" "$TMP/ahelp.out" src/cmd_analyze.c

run_zh analyze --format text --log-date=2018-12-31 "$FIXTURES/parseoom-messages" \
        "$FIXTURES/nohang-docstring.kmsg" "$FIXTURES/cadvisor-memcg-v1-3.13.log" >"$TMP/analyze.out" 2>&1
rc=$?
[ $rc -eq 0 ] || fail "oomlens analyze exited with $rc (OOM kills expected: 0)"
for label in "killed:" "held:" "when:" "scope:" "trigger:" "swap:" "partial:" "memory cgroup" \
        "largest of %zu tasks by RSS:" "OOM event %zu of %zu"; do
        expect "analyze" "$TMP/analyze.out" "$label"
done
check_output "analyze" "$TMP/analyze.out" src/output_text.c
# the fixtures hold OOM kills: the "none found" message must not show
none=$(msgstr_of "No OOM kill found.")
[ -n "$none" ] && grep -qF -- "$none" "$TMP/analyze.out" && fail "analyze found no OOM kill in the fixtures"

# top and check: their help and their output on a captured tree
HOSTS=$SRCDIR/tests/data/hosts
for cmd in top check; do
        run_zh $cmd --help >"$TMP/$cmd-help.out" 2>&1 || fail "oomlens $cmd --help exited with $?"
        check_output "$cmd --help" "$TMP/$cmd-help.out" src/cmd_$cmd.c phrases
done
expect "top --help" "$TMP/top-help.out" "Usage: oomlens top [OPTION]..."
expect "check --help" "$TMP/check-help.out" "Usage: oomlens check [OPTION]... [LOG]..."
run_zh top --root "$HOSTS/v2" -n 0 >"$TMP/top.out" 2>&1 || fail "oomlens top exited with $?"
run_zh top --root "$HOSTS/v2" --pid 812 >>"$TMP/top.out" 2>&1 || fail "oomlens top --pid exited with $?"
expect "top" "$TMP/top.out" "Whole machine"
expect "top" "$TMP/top.out" "next to die:"
check_output "top" "$TMP/top.out" src/top_output.c phrases
run_zh check --root "$HOSTS/v2" --no-logs >"$TMP/check.out" 2>&1
[ $? -eq 1 ] || fail "oomlens check on the v2 tree: a critical finding (exit 1) expected"
check_output "check" "$TMP/check.out" src/cmd_check.c phrases
check_output "check" "$TMP/check.out" src/audit.c phrases

if [ $failed -ne 0 ]; then
        echo "--- LANGUAGE=zh_CN oomlens analyze output:"
        cat "$TMP/analyze.out"
        exit 1
fi
echo "ok: $n_msgs messages translated; --help, analyze, top and check (help and output) print zh_CN"
exit 0
