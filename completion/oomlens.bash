# bash completion for oomlens(1): the subcommands, and each one's options
_oomlens() {
    local cur prev words cword
    _init_completion -s || return

    local cmd=analyze i
    for ((i = 1; i < cword; i++)); do
        case ${words[i]} in
            analyze|top|check) cmd=${words[i]}; break ;;
            -*) ;;
            *) break ;;
        esac
    done

    case $prev in
        -f|--format)
            COMPREPLY=($(compgen -W 'text json markdown postmortem' -- "$cur"))
            return ;;
        --lang)
            COMPREPLY=($(compgen -W 'en zh_CN' -- "$cur"))
            return ;;
        --color)
            COMPREPLY=($(compgen -W 'auto always never' -- "$cur"))
            return ;;
        --fail-on)
            COMPREPLY=($(compgen -W 'critical warning info' -- "$cur"))
            return ;;
        --root)
            _filedir -d
            return ;;
        -p|--pid)
            COMPREPLY=($(compgen -W "$(command ls /proc 2>/dev/null | grep '^[0-9]')" -- "$cur"))
            return ;;
        -c|--cgroup)
            [[ $cmd == top ]] || return
            COMPREPLY=($(compgen -W "$(cd /sys/fs/cgroup/memory 2>/dev/null || cd /sys/fs/cgroup 2>/dev/null &&
                find . -mindepth 1 -maxdepth 3 -type d 2>/dev/null | sed 's|^\.||')" -- "$cur"))
            return ;;
        -n|--top|--last|--worst|--boot-time|--log-date|--since|--until|--host|--victim|-d|--delay|--iterations)
            return ;;
    esac
    [[ $cur == --*=* ]] && return

    if [[ $cur == -* ]]; then
        local opts
        case $cmd in
            top) opts='--top --cgroup --pid --json --compact --delay --iterations --color --root --lang --help' ;;
            check) opts='--json --compact --fail-on --no-logs --color --root --lang --quiet --help' ;;
            *) opts='--format --compact --count --color --top --boot-time --log-date --since
                --until --host --victim --last --worst --root --lang --quiet --help --version' ;;
        esac
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        [[ ${COMPREPLY-} == *= ]] && compopt -o nospace
        return
    fi
    if ((cword == 1)); then
        COMPREPLY=($(compgen -W 'analyze top check help' -- "$cur"))
        [[ $cur ]] && return
    fi
    [[ $cmd == top ]] && return
    _filedir
} &&
    complete -F _oomlens oomlens
