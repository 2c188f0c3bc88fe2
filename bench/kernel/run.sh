#!/bin/sh
# The kernel allocator benchmark: boots the kernel the module was built
# for in QEMU (tests/kernel/qemu.sh), loads cma.ko with a one-region
# policy (for its exports) and cma_bench.ko, which runs the workloads of
# bench/workloads.c against our allocators and gen_pool in the same boot,
# and prints the table with our speed-up over each gen_pool algorithm.
set -u
me=bench/kernel/run.sh
src=${srcdir:-.}
. "$src/tests/kernel/qemu.sh"

qemu_prepare "$(pwd)/bench/kernel/work"
cat >"$work/root/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
insmod /lib/modules/cma.ko 'cma=r=1M@0x10000000' 'cma_map=bench=r' &&
	insmod /lib/modules/cma_bench.ko
poweroff -f
INIT
qemu_boot 900 'memmap=16M$0x10000000 quiet loglevel=7'
grep -q '^cma_bench: done' "$work/console" ||
	fail "cma_bench did not finish: see $work/console"

grep '^cma_bench: ' "$work/console" | awk '
$2 == "random" || $2 == "rings" || $2 == "fragmentation" {
	if ($7 != 0) { print "cma_bench: " $4 " failed: " $7; bad = 1 }
	key = $2 " " $3
	if (!(key in seen)) { seen[key] = 1; rows[nrows++] = key }
	if (!($4 in seencol)) { seencol[$4] = 1; cols[ncols++] = $4 }
	v[key, $4] = $5; w[key, $4] = $6
}
END {
	printf "Allocators in the kernel (QEMU TCG, one boot): ns per alloc+put pair,\n"
	printf "median of 5 rounds; fragmentation: largest obtainable chunk / free\n\n"
	printf "%-22s", "workload"
	for (c = 0; c < ncols; c++) printf " %18s", cols[c]
	printf "\n"
	for (r = 0; r < nrows; r++) {
		split(rows[r], f, " ")
		label = f[1] == "random" ? "(a) random, N=" f[2] : f[1] == "rings" ? "(b) camera/video rings" : "(c) fragmentation"
		printf "%-22s", label
		for (c = 0; c < ncols; c++) {
			k = rows[r] SUBSEP cols[c]
			if (f[1] == "fragmentation" && cols[c] == "harness")
				printf " %18s", "-"
			else if (f[1] == "fragmentation")
				printf " %17.1f%%", 100 * v[k] / w[k]
			else
				printf " %18d", v[k]
		}
		printf "\n"
	}
	printf "\nOur speed-up over gen_pool (its ns / ours; above 1: we are faster):\n"
	for (c = 0; c < ncols; c++) {
		if (cols[c] ~ /^gen_pool/ || cols[c] == "harness") continue
		for (r = 0; r < nrows; r++) {
			split(rows[r], f, " ")
			if (f[1] == "fragmentation") continue
			label = f[1] == "random" ? "(a) N=" f[2] : "(b) rings"
			printf "  %-6s %-12s", cols[c], label
			for (g = 0; g < ncols; g++)
				if (cols[g] ~ /^gen_pool/)
					printf "  vs %s: %6.1fx", substr(cols[g], 10), v[rows[r], cols[g]] / v[rows[r], cols[c]]
			printf "\n"
		}
	}
	exit bad
}'
