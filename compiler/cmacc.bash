# bash completion for cmacc(1): options, their values, the formats and
# the checks (as cmacc --list-formats and --list-checks give them) and
# input files.
_cmacc()
{
	local cur prev ext
	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD - 1]}
	# --opt=value arrives as three words: --opt, =, value.
	if [[ $cur == = ]]; then
		prev=${COMP_WORDS[COMP_CWORD - 1]}
		cur=
	elif [[ $prev == = && $COMP_CWORD -ge 2 ]]; then
		prev=${COMP_WORDS[COMP_CWORD - 2]}
	fi

	case $prev in
	-I | --in-format | -O | --out-format)
		local want=input formats
		[[ $prev == -O || $prev == --out-format ]] && want=output
		formats=$("${COMP_WORDS[0]}" --list-formats 2>/dev/null |
			while read -r kind name _; do
				[[ $kind == "$want" ]] && printf '%s\n' "$name"
			done)
		COMPREPLY=($(compgen -W "$formats" -- "$cur"))
		return ;;
	--diagnostics-format)
		COMPREPLY=($(compgen -W 'text json' -- "$cur"))
		return ;;
	--color | --colour)
		COMPREPLY=($(compgen -W 'auto always never' -- "$cur"))
		return ;;
	-i | --include)
		COMPREPLY=($(compgen -d -- "$cur"))
		return ;;
	--board)
		COMPREPLY=($(compgen -f -X '!*.dtb' -- "$cur") $(compgen -d -- "$cur"))
		return ;;
	-o | --out | -d | --depfile | --plot | --diff)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	--simulate)
		for ext in trace csv; do
			COMPREPLY+=($(compgen -f -X "!*.$ext" -- "$cur"))
		done
		COMPREPLY+=($(compgen -d -- "$cur"))
		return ;;
	--target)
		local targets
		targets=$("${COMP_WORDS[0]}" --list-targets 2>/dev/null |
			while read -r name _; do printf '%s\n' "$name"; done)
		COMPREPLY=($(compgen -W "$targets" -- "$cur"))
		return ;;
	-Werror)	# -Werror=CHECK arrives as -Werror, =, CHECK
		local checks
		checks=$("${COMP_WORDS[0]}" --list-checks 2>/dev/null |
			while read -r name _; do printf '%s\n' "$name"; done)
		COMPREPLY=($(compgen -W "$checks" -- "$cur"))
		return ;;
	--explain)
		# The devices the input's rules name, wildcards left out.
		local file= i w devs
		for ((i = 1; i < COMP_CWORD; i++)); do
			w=${COMP_WORDS[i]}
			case ${COMP_WORDS[i - 1]} in
			-o | --out | -d | --depfile | -i | --include | -I | -O | \
			--board | --simulate | --plot | --in-format | --out-format | \
			--diff)
				continue ;;
			esac
			[[ $w != -* && $w != = && -f $w ]] && file=$w
		done
		[[ -n $file ]] || return
		devs=$("${COMP_WORDS[0]}" -q "$file" 2>/dev/null |
			sed -n 's/.*cma_map=\([^ ]*\).*/\1/p' | tr ';' '\n' |
			sed 's/=.*//' | tr ',' '\n' | sed 's|/\*$||' |
			grep -v '[*?]' | sort -u)
		COMPREPLY=($(compgen -W "$devs" -- "$cur"))
		return ;;
	--cmdline-max | --page-size | --suggest)
		return ;;
	esac

	case $cur in
	-W*)
		local checks
		checks=$("${COMP_WORDS[0]}" --list-checks 2>/dev/null |
			while read -r name _; do
				printf '%s\n' "-W$name" "-Wno-$name" "-Werror=$name"
			done)
		COMPREPLY=($(compgen -W "-Werror $checks" -- "$cur"))
		return ;;
	-*)
		COMPREPLY=($(compgen -W '-I --in-format= -O --out-format= -o
			--out= --check -i --include= -d --depfile= --deps-target=
			--explain= --diff=
			-W -Werror -fmax-errors= --color --color= --list-checks
			--list-formats --list-targets --target= --round-to-target
			--board=
			--diagnostics-format= --cmdline-max= --page-size=
			--simulate= --suggest --suggest= --plot= -q --quiet -h
			--help -V --version' -- "$cur"))
		[[ ${COMPREPLY[0]} == *= ]] && compopt -o nospace 2>/dev/null
		return ;;
	esac
	# Sources, tables, device trees and saved command lines first; any
	# file will do.
	for ext in cma cmat dtb cmdline; do
		COMPREPLY+=($(compgen -f -X "!*.$ext" -- "$cur"))
	done
	COMPREPLY+=($(compgen -d -- "$cur"))
	[[ ${#COMPREPLY[@]} -eq 0 ]] && COMPREPLY=($(compgen -f -- "$cur"))
	return 0
} &&
	complete -F _cmacc cmacc
