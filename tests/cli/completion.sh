#!/bin/sh
# The bash completion (compiler/cmacc.bash) and the Vim syntax
# (grammar/syntax/cma.vim): completion offers every long option --help lists,
# each option's values and the checks -W takes, and sources before other
# files; Vim recognises *.cma files and colours each kind of token.
: "${CMACC:?}" "${srcdir:?}"
for tool in bash vim; do
	command -v $tool >/dev/null || {
		echo "SKIP: $tool is needed"
		exit 77
	}
done
srcdir=$(cd "$srcdir" && pwd) || exit 99
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

mkdir "$tmp/files" "$tmp/files/boards"
touch "$tmp/files/a.cma" "$tmp/files/b.cmat" "$tmp/files/c.dtb" \
	"$tmp/files/notes.txt"
printf '%s\n' 'region r { size = 4M; }' \
	'map { cam kind any -> r; fb kind scanout -> r; isp? -> r; * -> r; }' \
	>"$tmp/files/a.cma"
# shellcheck disable=SC2016 # bash expands these, not sh
(cd "$tmp/files" && bash -c '
	. "$1"
	cmacc=$2
	offer() {	# the completions of a command line ending in its last word
		COMP_WORDS=("$cmacc" "$@")
		COMP_CWORD=$#
		COMPREPLY=()
		_cmacc
		printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "
		echo
	}
	echo "O=$(offer -O j)"
	echo "eq=$(offer --out-format = m)"
	echo "in=$(offer -I "")"
	echo "diag=$(offer --diagnostics-format = "")"
	echo "W=$(offer -Wshad)"
	echo "Wno=$(offer -Wno-unused)"
	echo "long=$(offer --)"
	echo "files=$(offer "")"
	echo "o=$(offer -o no)"
	echo "Werror=$(offer -Werror = shad)"
	echo "explain=$(offer a.cma --explain = "")"
	echo "explain-o=$(offer -o a.cma --explain = "")"
' sh "$srcdir/compiler/cmacc.bash" "$CMACC") >"$tmp/offers" 2>&1 ||
	fail "completion: $(cat "$tmp/offers")"
expect() {
	grep -qxF "$1" "$tmp/offers" || fail "completion: no line '$1' in:
$(cat "$tmp/offers")"
}
expect "O=json "
expect "eq=mainline map "
expect "in=cma cmdline dtb table "
expect "diag=json text "
expect "W=-Wshadowed-rule "
expect "Wno=-Wno-unused-region "
expect "files=a.cma b.cmat boards c.dtb "
expect "o=notes.txt "
expect "Werror=shadowed-rule "
expect "explain=cam fb/scanout "
expect "explain-o= "
long=$(sed -n 's/^long=//p' "$tmp/offers")
for opt in $("$CMACC" --help | grep -o -- '--[a-z-]*' | sort -u); do
	case " $long " in
	*" $opt "* | *" $opt= "*) ;;
	*) fail "completion does not offer $opt" ;;
	esac
done

# Vim: the file type from the name, and the syntax group of each token.
# The tree's grammar/ is the runtime folder, as a reader of the tree
# would add it: set rtp+=grammar.
cat >"$tmp/board.cma" <<'CMA'
// a comment
region video {
	size = 0x1_0000 * 2MiB;
	allocator = "buddy";
}
map {
	vpu kind any -> video;
}
CMA
# Each probe: line, column, the group expected there.
cat >"$tmp/probes" <<'PROBES'
1 4 cmaComment
2 1 cmaStatement
3 2 cmaField
3 9 cmaNumber
3 20 cmaNumber
4 14 cmaString
6 1 cmaStatement
7 6 cmaMapWord
7 11 cmaMapWord
7 15 cmaArrow
PROBES
HOME=$tmp vim -Nu NONE -i NONE -es \
	-c "set runtimepath+=$srcdir/grammar" -c 'filetype on' -c 'syntax on' \
	-c "edit $tmp/board.cma" \
	-c 'let out = [&filetype]' \
	-c "for p in readfile('$tmp/probes') | let [l, c, g] = split(p) | call add(out, p . ' ' . synIDattr(synID(l, c, 1), 'name')) | endfor" \
	-c "call writefile(out, '$tmp/vim.out')" -c 'qa!' </dev/null
[ -f "$tmp/vim.out" ] || fail "vim wrote nothing"
[ "$(head -n 1 "$tmp/vim.out")" = cma ] || fail "vim: *.cma is not filetype cma"
tail -n +2 "$tmp/vim.out" | while read -r l c want got; do
	[ "$want" = "$got" ] || fail "vim: line $l column $c is '$got', not $want"
done || exit 1
echo "PASS: completion and syntax"
