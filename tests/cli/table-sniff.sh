#!/bin/sh
# A table is read as one by its first bytes, whatever its name, and from
# standard input; so is a region-map source, by its first word (after
# white space and comments: region, map, memory, const, include), which
# no command line starts with; anything else keeps its reading by name,
# and is a command line when its name says nothing.
: "${CMACC:?}" "${srcdir:?}"
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
board=$srcdir/examples/phone/phone.cma
"$CMACC" -Wno-override "$board" >"$tmp/want" || fail "the example"
"$CMACC" -Wno-override -O table -o "$tmp/board.bin" "$board" || fail "-O table"
"$CMACC" "$tmp/board.bin" >"$tmp/got" 2>"$tmp/err" || fail "board.bin: $(cat "$tmp/err")"
cmp -s "$tmp/want" "$tmp/got" || fail "board.bin was not read as a table"
"$CMACC" <"$tmp/board.bin" >"$tmp/got" 2>"$tmp/err" || fail "stdin: $(cat "$tmp/err")"
cmp -s "$tmp/want" "$tmp/got" || fail "standard input was not read as a table"
# -I says otherwise: then it is what -I says.
"$CMACC" -I cmdline "$tmp/board.bin" >/dev/null 2>"$tmp/err"
grep -q 'missing-param' "$tmp/err" || fail "-I cmdline was not obeyed"

# A source on standard input, or under a name that says nothing.
"$CMACC" -Wno-override -i "$srcdir/examples/phone" <"$board" >"$tmp/got" 2>"$tmp/err" ||
	fail "a source on stdin: $(cat "$tmp/err")"
cmp -s "$tmp/want" "$tmp/got" || fail "a source on stdin was not read as one: $(cat "$tmp/got")"
# Each line a source that starts otherwise (\n: a new line), under a
# name that says nothing.
printf 'region r { size = 4M; }\n' >"$tmp/r.cma"
while IFS= read -r source; do
	printf '%b\n' "$source" >"$tmp/board.policy"
	(cd "$tmp" && "$CMACC" board.policy) >"$tmp/got" 2>"$tmp/err" ||
		fail "'$source': $(cat "$tmp/err")"
	[ "$(cat "$tmp/got")" = "cma=r=4M cma_map=a=r" ] ||
		fail "'$source' was read as: $(cat "$tmp/got") $(cat "$tmp/err")"
done <<'SOURCES'
// the board\nregion r { size = 4M; } map { a -> r; }
/* the board */ region r { size = 4M; } map { a -> r; }
  region r { size = 4M; } map { a -> r; }
map { a -> r; } region r { size = 4M; }
memory { bank ram { base = 0; size = 1G; } } region r { size = 4M; } map { a -> r; }
const M4 = 4M; region r { size = M4; } map { a -> r; }
include "r.cma"; map { a -> r; }
SOURCES
# A command line stays one, even where a parameter begins like a word.
printf 'map=1 cma=r=4M cma_map=a=r\n' >"$tmp/line"
[ "$("$CMACC" "$tmp/line" 2>/dev/null)" = "cma=r=4M cma_map=a=r" ] ||
	fail "a command line starting 'map=' was not read as one"
[ "$(echo 'cma=r=4M cma_map=a=r' | "$CMACC")" = "cma=r=4M cma_map=a=r" ] ||
	fail "a command line on stdin was not read as one"
echo "PASS: tables and sources are known by their first bytes"
