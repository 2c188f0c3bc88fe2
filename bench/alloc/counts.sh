#!/bin/sh
# Growth, counted: workload (a)'s pairs under cachegrind with a fixed
# cache model (32 KiB 8-way L1s, an 8 MiB 16-way last level, 64-byte
# lines), so that the figures are the code's and not this shared
# machine's.  Each case runs twice, with 20,000 and 120,000 pairs after
# the same fill; the difference over 100,000 pairs is what a pair costs,
# set-up excluded.  Prints instructions, D1 and LL misses a pair at 100
# and 100,000 live chunks, for bf called directly and through a context,
# beside issue 25's targets.  BENCH_ALLOC: the program (bench/alloc/bench_alloc).
set -u
prog=${BENCH_ALLOC:-bench/alloc/bench_alloc}
command -v valgrind >/dev/null || {
	echo "counts: no valgrind (apt-get install valgrind)" >&2
	exit 1
}
out=$(mktemp -d) || exit 1
trap 'rm -rf "$out"' EXIT

# per_pair TARGET N: "instructions D1-misses LL-misses" a pair.
per_pair() {
	for pairs in 20000 120000; do
		valgrind --tool=cachegrind --cache-sim=yes \
			--I1=32768,8,64 --D1=32768,8,64 --LL=8388608,16,64 \
			--cachegrind-out-file="$out/$1.$2.$pairs" \
			"$prog" --count "$1" "$2" "$pairs" 2>"$out/log" || {
			echo "counts: $prog --count $1 $2 $pairs failed:" >&2
			cat "$out/log" >&2
			exit 1
		}
	done
	# events: Ir I1mr ILmr Dr D1mr DLmr Dw D1mw DLmw
	awk '/^summary:/ { for (i = 2; i <= NF; i++) v[i] = $i - v[i] }
	function z(x) { return x < 0.005 && x > -0.005 ? 0 : x }
	END { printf "%.1f %.2f %.2f\n", v[2] / 1e5, z((v[6] + v[9]) / 1e5),
		z((v[4] + v[7] + v[10]) / 1e5) }' \
		"$out/$1.$2.20000" "$out/$1.$2.120000"
}

echo "cachegrind counts a pair (I1, D1 32 KiB 8-way, LL 8 MiB 16-way, 64 B lines),"
echo "100,000 pairs after the fill:"
echo
printf "%-12s %8s %10s %8s %8s\n" "" "chunks" "instr" "D1 miss" "LL miss"
for target in bf bf_context; do
	case $target in
	bf) ll_max=4 base100=732.8 ;;	# base100: 2cd895b's count
	bf_context) ll_max=5 base100=1282.4 ;;
	esac
	set -- $(per_pair $target 100) $(per_pair $target 100000)
	printf "%-12s %8s %10s %8s %8s\n" $target 100 "$1" "$2" "$3"
	printf "%-12s %8s %10s %8s %8s\n" $target 100000 "$4" "$5" "$6"
	awk -v t=$target -v i100="$1" -v i100k="$4" -v ll="$6" \
		-v llmax=$ll_max -v base=$base100 'BEGIN {
		g = i100k / i100
		printf "  %s: LL misses at 100,000 %.2f, target at most %d: %s\n",
			t, ll, llmax, ll <= llmax ? "met" : "MISSED"
		printf "  %s: instructions 100,000 / 100 %.2fx, target at most 1.3x: %s\n",
			t, g, g <= 1.3 ? "met" : "MISSED"
		printf "  %s: instructions at 100 %.1f, 2cd895b %.1f: %s\n",
			t, i100, base, i100 <= base ? "met" : "MISSED"
	}'
done
