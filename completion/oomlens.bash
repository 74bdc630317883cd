# bash completion for oomlens(1)
_oomlens() {
    local cur prev words cword
    _init_completion -s || return

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
        --root)
            _filedir -d
            return ;;
        -n|--top|--last|--worst|--boot-time|--log-date|--since|--until|--host|--victim)
            return ;;
    esac
    [[ $cur == --*=* ]] && return

    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W '--format --compact --count --color --top --boot-time --log-date --since
            --until --host --victim --last --worst --root --lang --quiet --help --version' -- "$cur"))
        [[ ${COMPREPLY-} == *= ]] && compopt -o nospace
        return
    fi
    if ((cword == 1)); then
        COMPREPLY=($(compgen -W 'analyze help' -- "$cur"))
    fi
    _filedir
} &&
    complete -F _oomlens oomlens
