#!/bin/sh
# Boots the kernel the module was built for in QEMU, loads cma.ko with
# the QEMU example board as a table and then as cma=/cma_map=, runs
# cma_selftest.ko on each, records the first run's calls and replays
# them with cmacc --simulate, checks that bad policies are refused with
# their reason in the log, and reads the console: any "not ok", kernel
# warning or oops, a KTAP block without its plan, or a boot over 120 s
# fails.  Without headers, QEMU or a kernel image it skips (77) and says
# which; with CMA_REQUIRE_KERNEL_TEST=1 (as .ci/run sets) that skip fails.
#
# Environment: CMACC, CMA_BOOT_WORK (the work folder, tests/kernel/work by
# default), and those tests/kernel/qemu.sh reads.
set -u
me=boot.sh
src=${srcdir:-.}
. "$src/tests/kernel/qemu.sh"

qemu_prepare "${CMA_BOOT_WORK:-$(pwd)/tests/kernel/work}"
[ -f "$obj/cma_selftest.ko" ] || fail "$obj/cma_selftest.ko was not built"

# The board, as a table and as the two parameters.
board=$src/examples/qemu/qemu.cma
"$CMACC" -O table -o "$work/root/lib/firmware/board.cmat" "$board" ||
	fail "cmacc could not compile $board"
params=$("$CMACC" "$board") || fail "cmacc could not write $board's parameters"
cma=$(echo "$params" | sed -n 's/^cma=\([^ ]*\) cma_map=.*/\1/p')
cma_map=$(echo "$params" | sed -n 's/.* cma_map=\([^ ]*\)$/\1/p')
[ -n "$cma" ] && [ -n "$cma_map" ] || fail "unexpected parameters: $params"
# A damaged copy: one byte of the first region's size changed.
cp "$work/root/lib/firmware/board.cmat" "$work/root/lib/firmware/bad.cmat"
regions_at=$(od -An -tu4 -j28 -N4 "$work/root/lib/firmware/board.cmat" | tr -d ' ')
printf '\001' | dd of="$work/root/lib/firmware/bad.cmat" bs=1 seek=$((regions_at + 1)) \
	conv=notrunc 2>/dev/null

# The requests cover every rule of the board and both allocators.
{ cat <<EOF
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
EOF
ktap_shell
cat <<EOF
refused() { ! insmod /lib/modules/cma.ko "\$@"; }
logged() { dmesg | grep -q -- "\$1"; }
requests=camera/raw,vpu/a,vpu/b,fb,dsp/any

check "cma.ko loads the table, recording calls" \
	insmod /lib/modules/cma.ko table=board.cmat trace=1
check "cma_selftest.ko runs on the table's policy" \
	insmod /lib/modules/cma_selftest.ko requests=\$requests
mount -t debugfs debugfs /sys/kernel/debug
check "the recorder has the self-test's calls" \
	grep -q ' alloc 0x' /sys/kernel/debug/cma/trace
# The trace to the console, with the kernel's messages held back.
level=\$(cut -f1 /proc/sys/kernel/printk)
echo 1 >/proc/sys/kernel/printk
sed 's/^/trace: /' /sys/kernel/debug/cma/trace
echo \$level >/proc/sys/kernel/printk
check "writing to the trace empties it" \
	sh -c 'echo >/sys/kernel/debug/cma/trace && ! test -s /sys/kernel/debug/cma/trace'
check "both unload" rmmod cma_selftest cma
check "cma.ko loads cma= and cma_map=" \
	insmod /lib/modules/cma.ko 'cma=$cma' 'cma_map=$cma_map'
check "cma_selftest.ko runs on the parameters' policy" \
	insmod /lib/modules/cma_selftest.ko requests=\$requests
check "both unload again" rmmod cma_selftest cma
check "a line the 2010 kernel reads sensibly loads as it read it" \
	insmod /lib/modules/cma.ko 'cma=r_1=16M@0x10000000/0;s=1M@:bf(x)' \
	'cma_map=cam/=r_1,s'
check "and unloads" rmmod cma
check "a damaged table is refused" refused table=bad.cmat
check "and the log says why" logged "cma: bad.cmat: table: "
check "a missing table is refused" refused table=none.cmat
check "and the log says where to put it" logged "cma: none.cmat: cannot read the table"
check "a region in System RAM is refused" \
	refused 'cma=low=16M@0x1000000' 'cma_map=cam=low'
check "and the log says how to reserve it" \
	logged "cma: region 'low' at 0x1000000-0x1ffffff overlaps System RAM"
check "a syntax error is refused" refused 'cma=r=16M@x' 'cma_map=cam=r'
check "and the log gives cmacc's words and the byte" \
	logged "cma: unexpected 'x': expected a start address after '@' (byte 6 of cma=)"
check "a rule naming no region is refused" refused 'cma=r=1M@0x10000000' 'cma_map=cam=q'
check "and the log names it" logged "cma: a rule names region 'q', which cma= does not define (byte 4 of cma_map=)"
check "no policy is refused" refused
check "and the log says what to give" logged "cma: give the policy either"
ktap_results
poweroff -f
EOF
} >"$work/root/init"
qemu_boot 120 'memmap=64M$0x10000000'
log=$work/console
# Three KTAP blocks (two self-tests, the init's), each complete.
ktap_verify "$log" 3

# The recorded trace, replayed by cmacc on the same policy, fails at the
# very calls that failed in the kernel, and nowhere else.
sed -n 's/^trace: //p' "$log" >"$work/recorded.trace"
grep -q ' alloc 0x' "$work/recorded.trace" || fail "no trace on the console"
"$CMACC" --simulate="$work/recorded.trace" -o "$work/replay" "$board"
[ $? -le 1 ] || fail "cmacc cannot replay the recorded trace"
grep -n 'alloc failed-' "$work/recorded.trace" | cut -d: -f1 >"$work/failed-kernel"
sed -n 's/^  [^ ]*recorded\.trace:\([0-9]*\):.*/\1/p' "$work/replay" \
	>"$work/failed-replay"
[ -s "$work/failed-kernel" ] || fail "no call failed in the kernel: the self-test fills its regions"
cmp -s "$work/failed-kernel" "$work/failed-replay" ||
	fail "the replay fails elsewhere than the kernel did (lines $(tr '\n' ' ' <"$work/failed-replay"), not $(tr '\n' ' ' <"$work/failed-kernel"))"
echo "boot.sh: the replay of $(wc -l <"$work/recorded.trace") recorded calls fails where the kernel did"
echo "boot.sh: pass"
