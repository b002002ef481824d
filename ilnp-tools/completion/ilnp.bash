# SPDX-License-Identifier: GPL-2.0
# bash completion for ilnp(8).  Needs only bash (not the bash-completion
# package), sed and ip; live NIDs and locators come from "ilnp -j".

# Live values of key $2 from "ilnp -j $1 show", without jq: one JSON member
# per line, then the string value of "key".
_ilnp_values()
{
	local -a netns=()

	[[ -n $_ilnp_netns ]] && netns=(-n "$_ilnp_netns")
	ilnp "${netns[@]}" -j "$1" show 2>/dev/null |
		sed -e 's/[[{,]/\n/g' |
		sed -n -e "s/^\"$2\":\"\([^\"]*\)\".*/\1/p"
}

# Canonical object for an abbreviation, as ilnp matches them.
_ilnp_object()
{
	case $1 in
	n|ni|nid) echo nid ;;
	l|lo|loc|loca|locat|locato|locator) echo locator ;;
	p|pe|pee|peer) echo peer ;;	# "p" is peer, as ilnp takes it
	pr|pre|pref|prefi|prefix) echo prefix ;;
	ma|map) echo map ;;
	s|st|sta|stat|stats) echo stats ;;	# as ilnp takes them
	state) echo state ;;
	mo|mon|moni|monit|monito|monitor) echo monitor ;;
	r|re|reb|rebi|rebin|rebind|mi|mig|migr|migra|migrat|migrate)
		echo rebind ;;
	i|in|inf|info) echo info ;;
	h|he|hel|help) echo help ;;
	esac
}

_ilnp_verb()
{
	case $1 in
	a|ad|add) echo add ;;
	d|de|del|dele|delet|delete) echo del ;;
	s|sh|sho|show|l|li|lis|list) echo show ;;
	se|set|c|ch|cha|chan|chang|change) echo set ;;
	f|fl|flu|flus|flush) echo flush ;;
	n|ne|neu|neut|neutr|neutra|neutral) echo neutral ;;
	esac
}

# Interface names, in the -n namespace if one was given.
_ilnp_interfaces()
{
	ip ${_ilnp_netns:+-n "$_ilnp_netns"} -o link show 2>/dev/null |
		sed -n -e 's/^[0-9]*: \([^:@]*\).*/\1/p'
}

# Sets COMPREPLY from words[], cword, cur and prev.
_ilnp_complete()
{
	local options="-json -pretty -statistics -netns -batch -Version -help"
	local objects="nid locator peer prefix map state stats monitor rebind info help"
	local _ilnp_netns="" obj="" verb="" i=1 nargs

	# Skip the options (and the argument of -n) to find object and verb.
	while ((i < cword)); do
		case ${words[i]} in
		-n|-netns|--netns)
			_ilnp_netns=${words[i + 1]}
			((i += 2))
			continue
			;;
		-b|-batch|--batch)
			# After -batch FILE nothing follows.
			((i + 1 < cword)) && return
			((i += 2))
			continue
			;;
		-*) ((i++)); continue ;;
		esac
		break
	done

	case $prev in
	-n|-netns|--netns)
		COMPREPLY=($(compgen -W "$(ip netns list 2>/dev/null |
			cut -d' ' -f1)" -- "$cur"))
		return
		;;
	-b|-batch|--batch)
		COMPREPLY=($(compgen -f -- "$cur"))
		return
		;;
	esac

	if ((i == cword)); then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "$options" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$objects" -- "$cur"))
		fi
		return
	fi

	obj=$(_ilnp_object "${words[i]}")
	((i++))
	case $obj in
	help)
		((i == cword)) &&
			COMPREPLY=($(compgen -W "${objects% help}" -- "$cur"))
		return
		;;
	monitor|info)
		((i == cword)) && COMPREPLY=($(compgen -W "help" -- "$cur"))
		return
		;;
	rebind)
		if ((i == cword)); then
			COMPREPLY=($(compgen -W "help" -- "$cur"))
		elif [[ $prev == from ]]; then
			COMPREPLY=($(compgen -W "$(_ilnp_values locator locator)" \
				-- "$cur"))
		elif ((cword == i + 1)); then
			COMPREPLY=($(compgen -W "from" -- "$cur"))
		fi
		return
		;;
	"")
		return
		;;
	esac

	if ((i == cword)); then
		case $obj in
		nid) COMPREPLY=($(compgen -W "add del show help" -- "$cur")) ;;
		locator) COMPREPLY=($(compgen -W "add set del show help" -- "$cur")) ;;
		peer) COMPREPLY=($(compgen -W "add del show flush help" -- "$cur")) ;;
		map) COMPREPLY=($(compgen -W "add set del show flush neutral help" \
			-- "$cur")) ;;
		prefix) COMPREPLY=($(compgen -W "add del show help" -- "$cur")) ;;
		state) COMPREPLY=($(compgen -W "export import activate deactivate show help" \
			-- "$cur")) ;;
		stats) COMPREPLY=($(compgen -W "show help" -- "$cur")) ;;
		esac
		return
	fi
	if [[ $obj == state ]]; then
		case ${words[i]} in
		e|ex|exp|expo|expor|export) verb=export ;;
		i|im|imp|impo|impor|import) verb=import ;;
		a|ac|act|acti|activ|activa|activat|activate) verb=activate ;;
		d|de|dea|deac|deact|deacti|deactiv|deactiva|deactivat|deactivate)
			verb=deactivate ;;
		*) verb=$(_ilnp_verb "${words[i]}") ;;
		esac
	else
		verb=$(_ilnp_verb "${words[i]}")
	fi
	((i++))
	nargs=$((cword - i))	# words after the verb, before cur

	case $obj/$verb in
	nid/add)
		((nargs == 0)) && return
		case $prev in
		born|loc|auto) ;;
		*) if ((nargs == 1)); then
			COMPREPLY=($(compgen -W "auto hosted" -- "$cur"))
		   else
			COMPREPLY=($(compgen -W "born loc" -- "$cur"))
		   fi ;;
		esac
		;;
	state/export|state/activate|state/deactivate)
		if ((nargs == 0)); then
			COMPREPLY=($(compgen -W "$(_ilnp_values nid nid)" -- "$cur"))
		elif [[ $verb == activate ]] && ((nargs == 1)); then
			COMPREPLY=($(compgen -W "$(_ilnp_values locator locator)" \
				-- "$cur"))
		fi
		;;
	state/show|state/import)
		((nargs == 0)) && COMPREPLY=($(compgen -f -- "$cur"))
		;;
	nid/del|nid/show)
		((nargs == 0)) &&
			COMPREPLY=($(compgen -W "$(_ilnp_values nid nid)" -- "$cur"))
		;;
	locator/*)
		if ((nargs == 0)); then
			[[ $verb != add ]] &&
				COMPREPLY=($(compgen -W "$(_ilnp_values locator locator)" \
					-- "$cur"))
			return
		fi
		[[ $verb == add || $verb == set ]] || return
		case $prev in
		dev) COMPREPLY=($(compgen -W "$(_ilnp_interfaces)" -- "$cur")) ;;
		lifetime) COMPREPLY=($(compgen -W "forever" -- "$cur")) ;;
		pref) ;;
		*) COMPREPLY=($(compgen -W "pref lifetime dev" -- "$cur")) ;;
		esac
		;;
	peer/del|peer/show)
		if ((nargs == 0)); then
			COMPREPLY=($(compgen -W "$(_ilnp_values peer nid)" -- "$cur"))
			return
		fi
		case $prev in
		local) COMPREPLY=($(compgen -W "$(_ilnp_values nid nid)" -- "$cur")) ;;
		loc) COMPREPLY=($(compgen -W "$(_ilnp_values peer locator)" \
			-- "$cur")) ;;
		*) COMPREPLY=($(compgen -W "local loc" -- "$cur")) ;;
		esac
		;;
	peer/add)
		((nargs == 0)) && return
		case $prev in
		local) COMPREPLY=($(compgen -W "$(_ilnp_values nid nid)" -- "$cur")) ;;
		loc|pref) ;;
		lifetime) COMPREPLY=($(compgen -W "forever" -- "$cur")) ;;
		*) COMPREPLY=($(compgen -W "local loc pref lifetime" -- "$cur")) ;;
		esac
		;;
	prefix/del)
		((nargs == 0)) &&
			COMPREPLY=($(compgen -W "$(_ilnp_values prefix prefix)" \
				-- "$cur"))
		;;
	peer/flush)
		((nargs == 0)) && COMPREPLY=($(compgen -W "all" -- "$cur"))
		;;
	map/set|map/del|map/show)
		if ((nargs == 0)); then
			COMPREPLY=($(compgen -W "$(_ilnp_values map nid)" -- "$cur"))
			return
		fi
		[[ $verb == set ]] || return
		case $prev in
		ext|int|seq) ;;
		ilnp) COMPREPLY=($(compgen -W "on off" -- "$cur")) ;;
		*) COMPREPLY=($(compgen -W "ext int seq ilnp" -- "$cur")) ;;
		esac
		;;
	map/add)
		((nargs == 0)) && return
		case $prev in
		ext|int|seq) ;;
		*) COMPREPLY=($(compgen -W "ext int seq ilnp pointer" -- "$cur")) ;;
		esac
		;;
	esac
}

_ilnp()
{
	# Split the line ourselves: ":" is in COMP_WORDBREAKS, but NIDs and
	# locators are single words here.
	local line=${COMP_LINE:0:COMP_POINT} cur prev cword colon i
	local -a words

	read -ra words <<<"$line"
	[[ -z $line || $line == *[[:space:]] ]] && words+=("")
	cword=$((${#words[@]} - 1))
	cur=${words[cword]}
	prev=${words[cword - 1]}
	COMPREPLY=()
	_ilnp_complete

	# bash replaces only the part of cur after its last ":".
	if [[ $cur == *:* && $COMP_WORDBREAKS == *:* ]]; then
		colon=${cur%"${cur##*:}"}
		for i in "${!COMPREPLY[@]}"; do
			COMPREPLY[i]=${COMPREPLY[i]#"$colon"}
		done
	fi
}

complete -F _ilnp ilnp
