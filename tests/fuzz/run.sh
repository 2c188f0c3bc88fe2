#!/bin/sh
# `make fuzz`: builds each harness with clang's libFuzzer, AddressSanitizer
# and UBSan, and runs it for FUZZ_SECONDS (default 60) from its seed corpus
# and dictionary.  New inputs go to tests/fuzz/work/ in the build tree,
# never to the sources; a finding is saved in tests/fuzz/findings/ and
# fails the run.  FUZZ_TARGETS picks harnesses (default: all seven).
set -u
src=${srcdir:-.}
seconds=${FUZZ_SECONDS:-60}
targets=${FUZZ_TARGETS:-lang cmdline table runtime roundtrip trace dtb}
cc=${CLANG:-clang}
out=tests/fuzz
command -v "$cc" >/dev/null || {
	echo "$0: $cc is not installed (./bootstrap --deps installs it)" >&2
	exit 1
}
mkdir -p "$out/obj" "$out/work" "$out/findings"
flags="-g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined
	-fno-sanitize-recover=all -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
	-D_GNU_SOURCE -I$src/include -I$src/runtime -I$src/compiler -Igrammar"

# The compiler and runtime once, instrumented for coverage; main.c stays
# out.  An object is rebuilt when its source or any header is newer.
# shellcheck disable=SC2012 # names of our own headers
header=$(ls -t "$src"/runtime/*.h "$src"/runtime/*.def "$src"/include/*.h \
	"$src"/compiler/*.h "$src"/compiler/*.def grammar/*.h 2>/dev/null |
	head -n 1)
objs=
for c in "$src"/runtime/*.c "$src"/compiler/*.c grammar/parser.c grammar/lexer.c; do
	case $c in */main.c) continue ;; esac
	o=$out/obj/$(basename "$(dirname "$c")")-$(basename "$c" .c).o
	if [ ! -f "$o" ] || [ "$c" -nt "$o" ] || [ "$header" -nt "$o" ]; then
		# shellcheck disable=SC2086 # flags are words
		$cc $flags -fsanitize=fuzzer-no-link -w -c "$c" -o "$o" || exit 1
	fi
	objs="$objs $o"
done

status=0
for t in $targets; do
	corpus=$t dict=$t
	case $t in
	runtime | roundtrip) dict=cmdline ;;
	esac
	[ "$t" = roundtrip ] && corpus=cmdline
	# shellcheck disable=SC2086
	$cc $flags -fsanitize=fuzzer -o "$out/fuzz_$t" "$src/tests/fuzz/fuzz_$t.c" \
		$objs -lfdt -lpthread || exit 1
	mkdir -p "$out/work/$t"
	"$out/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -dict="$src/tests/fuzz/$dict.dict" \
		-artifact_prefix="$out/findings/$t-" \
		"$out/work/$t" "$src/tests/fuzz/corpus/$corpus" \
		>"$out/work/$t.log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/work/$t.log")
	if [ "$rc" = 0 ]; then
		echo "fuzz_$t: ${runs:-?} inputs in ${seconds} s, no finding"
	else
		echo "fuzz_$t: FINDING after ${runs:-?} inputs (log: $out/work/$t.log):"
		grep -E 'ERROR|expected|SUMMARY|Test unit written' "$out/work/$t.log" | head -5
		echo "  add the input to $src/tests/fuzz/regress/$t/ once it is fixed"
		status=1
	fi
done
exit $status
