#!/bin/sh
# The decompiler is faithful: for every accepted command line and source
# among the cases and examples, writing it as a source (-O cma) and
# compiling that source gives the same canonical command line.
: "${CMACC:?}" "${srcdir:?}"
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
checked=0
for f in "$srcdir"/tests/cli/*/*.cmdline "$srcdir"/tests/cli/*/*.cma \
	 "$srcdir"/examples/*/*.cma "$srcdir"/examples/*/*.cmdline; do
	"$CMACC" "$f" >"$tmp/canon" 2>/dev/null || continue
	[ -s "$tmp/canon" ] || continue
	"$CMACC" -O cma "$f" >"$tmp/src.cma" 2>/dev/null ||
		{ echo "FAIL: $f: -O cma failed"; exit 1; }
	if ! "$CMACC" "$tmp/src.cma" >"$tmp/again" 2>"$tmp/err"; then
		echo "FAIL: $f: the decompiled source does not compile:"
		cat "$tmp/err" "$tmp/src.cma"
		exit 1
	fi
	if ! cmp -s "$tmp/canon" "$tmp/again"; then
		echo "FAIL: $f: decompiled and compiled again, it differs:"
		diff "$tmp/canon" "$tmp/again"
		exit 1
	fi
	# The decompiled source is itself canonical: a fixed point too.
	"$CMACC" -O cma "$tmp/src.cma" 2>/dev/null | sed 1d >"$tmp/src2"
	sed 1d "$tmp/src.cma" | cmp -s - "$tmp/src2" ||
		{ echo "FAIL: $f: -O cma is not a fixed point"; exit 1; }
	checked=$((checked + 1))
done
echo "$checked policies decompile and compile back to the same command line"
[ "$checked" -ge 60 ]
