#!/bin/bash
# completion.sh COMPLETION OOMLENS — the bash completion offers, after each
# subcommand, exactly the long options its --help lists (so neither can
# drift), and the subcommands themselves.
set -u
comp=$1 oomlens=$2
bc=/usr/share/bash-completion/bash_completion
[ -r "$bc" ] || { echo "SKIP: $bc missing (Debian package bash-completion)"; exit 77; }
. "$bc"
. "$comp"
fail=0
complete_words() { # WORDS... : COMPREPLY for the last word
        COMP_WORDS=("$@")
        COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
        COMP_LINE="${COMP_WORDS[*]}"
        COMP_POINT=${#COMP_LINE}
        COMPREPLY=()
        _oomlens
        printf '%s\n' "${COMPREPLY[@]}" | sort -u
}
for cmd in analyze top check; do
        want=$("$oomlens" $cmd --help | grep -o -- '--[a-z][a-z-]*' | sort -u)
        [ "$cmd" = analyze ] && want=$(printf '%s\n--version\n' "$want" | sort -u)
        got=$(complete_words oomlens $cmd --)
        if [ "$want" != "$got" ]; then
                echo "FAIL: oomlens $cmd: completion and --help differ:"
                diff <(echo "$want") <(echo "$got")
                fail=1
        fi
done
subs=$(complete_words oomlens "")
for s in analyze top check; do
        grep -qx "$s" <<<"$subs" || { echo "FAIL: subcommand $s not offered"; fail=1; }
done
fmts=$(complete_words oomlens analyze --format "")
[ "$(echo $fmts)" = "json markdown postmortem text" ] || { echo "FAIL: formats: $fmts"; fail=1; }
[ $fail = 0 ] && echo "completion: analyze, top and check options match their --help"
exit $fail
