#!/bin/sh
# Nesting past the parser's limit inside a region: the one message is the
# nesting, not a cascade about the region the parse was in.
: "${CMACC:?}"
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
awk 'BEGIN {
	printf "region r { size = "
	for (i = 0; i < 20000; i++) printf "("
	printf "1"
	for (i = 0; i < 20000; i++) printf ")"
	printf "; }\nmap { x -> r; }\n"
}' >"$tmp/nest.cma"
"$CMACC" "$tmp/nest.cma" >/dev/null 2>"$tmp/err"
[ $? = 1 ] || { echo "FAIL: exit status"; exit 1; }
first=$(grep -m 1 'error:' "$tmp/err")
case $first in
*"nest too deep here: the parser's limit is 10000 levels"*) ;;
*) echo "FAIL: the first error is not the nesting: $first"; exit 1 ;;
esac
[ "$(grep -c 'error:' "$tmp/err")" = 1 ] ||
	{ echo "FAIL: more errors than the nesting: $(grep 'error:' "$tmp/err" | cut -c1-120)"; exit 1; }
echo "PASS: nesting too deep is said once, first"
