#!/bin/sh
# A table is read as one by its first bytes, whatever its name, and from
# standard input; anything else keeps its reading by name.
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
echo "PASS: tables are known by their first bytes"
