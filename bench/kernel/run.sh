#!/bin/sh
# The kernel allocator benchmark: boots the kernel the module was built
# for in QEMU (tests/kernel/qemu.sh), loads cma.ko with a one-region
# policy (for its exports), the image's drm.ko (for drm_mm) and
# cma_bench.ko, which runs the workloads of bench/workloads.c against our
# allocators, gen_pool and drm_mm in the same boot, and prints the table,
# our speed-up over each, and issue 25's targets against drm_mm.
set -u
me=bench/kernel/run.sh
src=${srcdir:-.}
. "$src/tests/kernel/qemu.sh"

qemu_prepare "$(pwd)/bench/kernel/work"
drm=$(dirname "$image")/../lib/modules/$release/kernel/drivers/gpu/drm/drm.ko
[ -f "$drm" ] || fail "no $drm: the image's modules must be beside it"
cp "$drm" "$work/root/lib/modules/" || fail "cannot copy $drm"
cat >"$work/root/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
insmod /lib/modules/cma.ko 'cma=r=1M@0x10000000' 'cma_map=bench=r' &&
	insmod /lib/modules/drm.ko && insmod /lib/modules/cma_bench.ko
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
	printf "\nOur speed-up over each kernel allocator (its ns / ours; above 1: we are faster):\n"
	for (c = 0; c < ncols; c++) {
		if (cols[c] ~ /^(gen_pool|drm_mm)/ || cols[c] == "harness") continue
		for (r = 0; r < nrows; r++) {
			split(rows[r], f, " ")
			if (f[1] == "fragmentation") continue
			label = f[1] == "random" ? "(a) N=" f[2] : "(b) rings"
			printf "  %-10s %-12s", cols[c], label
			for (g = 0; g < ncols; g++)
				if (cols[g] ~ /^(gen_pool|drm_mm)/)
					printf "  %s %6.1fx", cols[g], v[rows[r], cols[g]] / v[rows[r], cols[c]]
			printf "\n"
		}
	}
	printf "\nTargets against drm_mm_best (issue 25), in this boot:\n"
	for (r = 0; r < nrows; r++) {
		split(rows[r], f, " ")
		label = f[1] == "random" ? "(a) N=" f[2] : f[1] == "rings" ? "(b) rings" : "(c)"
		if (f[1] == "fragmentation") {
			ours = v[rows[r], "bf"] / w[rows[r], "bf"]
			theirs = v[rows[r], "drm_mm_best"] / w[rows[r], "drm_mm_best"]
			printf "  bf %-10s largest free %5.1f%%, drm_mm_best %5.1f%%: at least as large: %s\n",
				label, 100 * ours, 100 * theirs, (ours >= theirs ? "met" : "MISSED")
			continue
		}
		for (c = 0; c < 2; c++) {
			col = c ? "bf_context" : "bf"
			want = c ? 1.5 : 3
			x = v[rows[r], "drm_mm_best"] / v[rows[r], col]
			printf "  %-10s %-10s %6.1fx faster, target %.1fx: %s\n",
				col, label, x, want, (x >= want ? "met" : "MISSED")
		}
	}
	exit bad
}'
