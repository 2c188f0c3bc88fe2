#!/bin/sh
# Canonical output is a fixed point: for every accepted input among
# the cases and examples, reading cmacc's output back gives the same bytes,
# and the same policy (the output of the output is the output).
: "${CMACC:?}" "${srcdir:?}"
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
checked=0
for f in "$srcdir"/tests/cli/*/*.cmdline "$srcdir"/tests/cli/*/*.cma \
	 "$srcdir"/examples/*/*.cma "$srcdir"/examples/*/*.cmdline; do
	"$CMACC" "$f" >"$tmp/once" 2>/dev/null || continue
	[ -s "$tmp/once" ] || continue
	if ! "$CMACC" "$tmp/once" >"$tmp/twice" 2>"$tmp/err"; then
		echo "FAIL: $f: canonical output rejected:"; cat "$tmp/err"
		exit 1
	fi
	if ! cmp -s "$tmp/once" "$tmp/twice"; then
		echo "FAIL: $f: canonical output is not a fixed point:"
		diff "$tmp/once" "$tmp/twice"
		exit 1
	fi
	checked=$((checked + 1))
done
echo "$checked canonical outputs are fixed points"
# Too few would mean the loop saw nothing: a test that cannot fail.
[ "$checked" -ge 30 ]
