#!/bin/sh
# Running out of memory in cmacc, on every example and to each output
# format: for every N from 1 to the number of allocations a run makes,
# the Nth fails (tests/oom/failalloc.c, through LD_PRELOAD).  Each run
# must end with exit status 1 and an out-of-memory diagnostic, leave the
# output file it was to replace as it was, and leave no temporary file;
# or, if the failure fell where nothing needed the memory, succeed with
# the right output.
set -u
: "${CMACC:?}" "${srcdir:?}" "${CC:=cc}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

case ${CFLAGS:-}$(sed -n 's/^CFLAGS = //p' Makefile 2>/dev/null) in
*-fsanitize=*)
	echo "SKIP: AddressSanitizer replaces malloc itself; libcma's" \
		"injection test (test_oom) covers the sanitized build"
	exit 77 ;;
esac
$CC -shared -fPIC -O1 -o "$tmp/failalloc.so" "$srcdir/tests/oom/failalloc.c" ||
	fail "cannot build the shim"

total_runs=0
# Every example (those with expected output; the rest are included) to
# every output, and a trace replayed through libcma on the phone board.
trace=$srcdir/examples/traces/camera.trace
for want in "$srcdir"/examples/*/*.expected "$trace"; do
	src=${want%.expected}.cma
	[ -f "$src" ] || src=${want%.expected}.cmdline
	formats="cmdline table c"
	if [ "$want" = "$trace" ]; then
		src=$srcdir/examples/traces/camera.cma
		formats=simulate
	fi
	for fmt in $formats; do
		set -- -O "$fmt"
		[ "$fmt" = simulate ] && set -- -Wno-override --simulate="$trace"
		# The C output names the file it is in: make it under the same name.
		"$CMACC" "$@" -o "$tmp/out" "$src" 2>/dev/null &&
			mv "$tmp/out" "$tmp/want" || fail "$src does not compile"
		CMA_ALLOC_COUNT=$tmp/count LD_PRELOAD=$tmp/failalloc.so \
			"$CMACC" "$@" -o "$tmp/out" "$src" || fail "the shim breaks cmacc"
		total=$(cat "$tmp/count")
		[ "$total" -gt 10 ] || fail "only $total allocations counted: is the shim working?"
		n=1
		while [ "$n" -le "$total" ]; do
			echo previous >"$tmp/out"
			rm -f "$tmp/out.h"
			CMA_FAIL_ALLOC=$n LD_PRELOAD=$tmp/failalloc.so \
				"$CMACC" "$@" -o "$tmp/out" "$src" 2>"$tmp/err"
			status=$?
			case $status in
			0)	cmp -s "$tmp/out" "$tmp/want" ||
					fail "-O $fmt $src, allocation $n failed: exit 0 with wrong output" ;;
			1)	grep -q "out of memory" "$tmp/err" ||
					fail "-O $fmt $src, allocation $n failed: exit 1 without saying out of memory: $(cat "$tmp/err")"
				[ "$(cat "$tmp/out")" = previous ] ||
					fail "-O $fmt $src, allocation $n failed: the output file was changed" ;;
			*)	fail "-O $fmt $src, allocation $n failed: exit $status: $(cat "$tmp/err")" ;;
			esac
			leftover=$(find "$tmp" -name '.out*' | head -n 1)
			[ -z "$leftover" ] || fail "allocation $n failed: $leftover left behind"
			n=$((n + 1))
		done
		total_runs=$((total_runs + total))
	done
done
echo "ok: $total_runs runs, each with one allocation failing"
