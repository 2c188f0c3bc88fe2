#!/bin/sh
# The compiler benchmark: boards of N regions, each used by its own
# device rule, written as .cma and as the equivalent device tree
# (/reserved-memory with one shared-dma-pool node per region, one device
# node per rule with a memory-region phandle).  Times `cmacc -O table`
# against `dtc -I dts -O dtb` in the same run and compares peak memory
# and output sizes.  dtc's parser runs out of stack at 10,000 sibling
# nodes, so beyond 9,000 regions cmacc is measured alone.
set -u
: "${CMACC:?CMACC names the cmacc to measure}"
work=$(pwd)/bench/compile/work
measure=$(pwd)/bench/compile/measure
rm -rf "$work" && mkdir -p "$work" || exit 1
command -v dtc >/dev/null || { echo "bench/compile: no dtc (apt-get install device-tree-compiler)"; exit 1; }

gen() {	# gen N: writes $work/N.cma and, up to 9,000, $work/N.dts
	awk -v n="$1" -v cma="$work/$1.cma" -v dts="$work/$1.dts" 'BEGIN {
		print "memory {\n\tpage_size = 4K;\n}\n" > cma
		for (i = 0; i < n; i++) {
			hi = 1 + int(i / 2048); lo = (i % 2048) * 2097152
			printf "region r%d {\n\tsize = 1M;\n\tstart = 0x%x_%08x;\n\talign = 1M;\n}\n\n", i, hi, lo > cma
		}
		print "map {" > cma
		for (i = 0; i < n; i++)
			printf "\tdev%d -> r%d;\n", i, i > cma
		print "}" > cma
		if (n > 9000)
			exit
		print "/dts-v1/;\n\n/ {\n\t#address-cells = <2>;\n\t#size-cells = <2>;\n\n\treserved-memory {\n\t\t#address-cells = <2>;\n\t\t#size-cells = <2>;\n\t\tranges;\n" > dts
		for (i = 0; i < n; i++) {
			hi = 1 + int(i / 2048); lo = (i % 2048) * 2097152
			printf "\t\tr%d: r%d@%x%08x {\n\t\t\tcompatible = \"shared-dma-pool\";\n\t\t\treg = <0x%x 0x%x 0x0 0x100000>;\n\t\t\talignment = <0x0 0x100000>;\n\t\t\treusable;\n\t\t};\n\n", i, i, hi, lo, hi, lo > dts
		}
		print "\t};\n" > dts
		for (i = 0; i < n; i++)
			printf "\tdev%d {\n\t\tmemory-region = <&r%d>;\n\t};\n\n", i, i > dts
		print "};" > dts
	}'
}

# best RUNS PROGRAM [ARG]...: the shortest of RUNS timed runs and its
# peak memory.  A shared machine only ever adds time, so the minimum is
# the measure least disturbed; small boards take milliseconds, where one
# run's noise would swamp the per-region comparison.
best() {
	runs=$1 all=
	shift
	while [ "$runs" -gt 0 ]; do
		one=$("$measure" "$@") || return 1
		all="$all$one
"
		runs=$((runs - 1))
	done
	printf '%s' "$all" | sort -n | head -n 1
}

echo "cmacc -O table against dtc -I dts -O dtb ($(dtc --version | head -n 1)),"
echo "the best of 5 runs (of 2 at 1,000,000 regions):"
printf '%9s %9s %9s %8s %9s %9s %11s %11s %7s\n' regions cmacc_s dtc_s speedup cmacc_MiB dtc_MiB table_bytes dtb_bytes table%
status=0
for n in 16 1000 5000 9000 100000 1000000; do
	gen "$n"
	runs=5
	[ "$n" = 1000000 ] && runs=2
	r=$(best "$runs" "$CMACC" -O table -o "$work/$n.cmat" "$work/$n.cma") ||
		{ echo "bench/compile: cmacc failed at $n regions"; status=1; continue; }
	set -- $r
	ct=$1 cm=$2 cs=$(wc -c <"$work/$n.cmat")
	[ "$n" = 1000 ] && per1k=$(awk -v t="$ct" 'BEGIN { print t / 1000 }')
	[ "$n" = 1000000 ] && per1m=$(awk -v t="$ct" 'BEGIN { print t / 1000000 }')
	if [ -f "$work/$n.dts" ]; then
		r=$(best "$runs" dtc -q -I dts -O dtb -o "$work/$n.dtb" "$work/$n.dts") ||
			{ echo "bench/compile: dtc failed at $n regions"; status=1; continue; }
		set -- $r
		ds=$(wc -c <"$work/$n.dtb")
		awk -v n="$n" -v ct="$ct" -v dt="$1" -v cm="$cm" -v dm="$2" -v cs="$cs" -v ds="$ds" 'BEGIN {
			printf "%9d %9.3f %9.3f %7.1fx %9.1f %9.1f %11d %11d %6.1f%%\n", n, ct, dt, dt / (ct > 0.001 ? ct : 0.001), cm / 1024, dm / 1024, cs, ds, 100 * cs / ds }'
	else
		awk -v n="$n" -v ct="$ct" -v cm="$cm" -v cs="$cs" 'BEGIN {
			printf "%9d %9.3f %9s %8s %9.1f %9s %11d %11s %7s\n", n, ct, "-", "-", cm / 1024, "-", cs, "-", "-" }'
	fi
	rm -f "$work/$n.cma" "$work/$n.dts"
done
awk -v a="${per1k:-0}" -v b="${per1m:-0}" 'BEGIN {
	printf "\ntime per region at 1,000,000 regions / at 1,000 (target: at most 2): %.2f\n", (a > 0 ? b / a : 0) }'
exit $status
