#!/bin/sh
# Boots the kernel the module was built for in QEMU, loads cma.ko with
# the QEMU example board as a table and then as cma=/cma_map=, runs
# cma_selftest.ko on each, checks that bad policies are refused with
# their reason in the log, and reads the console: any "not ok", kernel
# warning or oops, a KTAP block without its plan, or a boot over 120 s
# fails.  Without headers, QEMU or a kernel image it skips (77) and says
# which; with CMA_REQUIRE_KERNEL_TEST=1 (as .ci/run sets) that skip fails.
#
# Environment: KERNEL_BUILD (from configure), CMACC, CMA_KERNEL_IMAGE (a
# vmlinuz to boot instead of the one fetched into tests/kernel/cache/).
set -u

build=$(pwd)
src=${srcdir:-.}
work=$build/tests/kernel/work
cache=$build/tests/kernel/cache

skip() {
	echo "boot.sh: skipped: $*" >&2
	if [ "${CMA_REQUIRE_KERNEL_TEST:-0}" = 1 ]; then
		echo "boot.sh: CMA_REQUIRE_KERNEL_TEST=1: a skip is a failure" >&2
		exit 1
	fi
	exit 77
}

fail() {
	echo "boot.sh: FAIL: $*" >&2
	exit 1
}

[ -n "${KERNEL_BUILD:-}" ] ||
	skip "no kernel headers (apt-get install linux-headers-amd64, then ./configure)"
[ -f kernel/obj/cma.ko ] && [ -f kernel/obj/cma_selftest.ko ] ||
	fail "kernel/obj/cma.ko was not built: run make"
command -v qemu-system-x86_64 >/dev/null ||
	skip "no qemu-system-x86_64 (apt-get install qemu-system-x86)"
busybox=$(command -v busybox || true)
[ -n "$busybox" ] && ! ldd "$busybox" >/dev/null 2>&1 ||
	skip "no static busybox (apt-get install busybox-static)"
command -v cpio >/dev/null || skip "no cpio (apt-get install cpio)"

release=$(sed -n 's/.*UTS_RELEASE "\(.*\)"/\1/p' \
	"$KERNEL_BUILD/include/generated/utsrelease.h")
[ -n "$release" ] || fail "no kernel release in $KERNEL_BUILD"
image=${CMA_KERNEL_IMAGE:-$cache/boot/vmlinuz-$release}
if [ ! -f "$image" ] && [ -z "${CMA_KERNEL_IMAGE:-}" ]; then
	mkdir -p "$cache" && (cd "$cache" && rm -f ./*.deb &&
		apt-get download "linux-image-$release" >download.log 2>&1 &&
		dpkg -x ./*.deb . && rm -f ./*.deb) ||
		skip "cannot fetch linux-image-$release (see $cache/download.log)"
fi
[ -f "$image" ] || skip "no kernel image $image"

# The board, as a table and as the two parameters.
rm -rf "$work" && mkdir -p "$work/root/bin" "$work/root/lib/modules" \
	"$work/root/lib/firmware" "$work/root/proc" "$work/root/sys" || exit 1
board=$src/examples/qemu/qemu.cma
"$CMACC" -O table -o "$work/root/lib/firmware/board.cmat" "$board" ||
	fail "cmacc could not compile $board"
params=$("$CMACC" "$board") || fail "cmacc could not write $board's parameters"
cma=$(echo "$params" | sed -n 's/^cma=\([^ ]*\) cma_map=.*/\1/p')
cma_map=$(echo "$params" | sed -n 's/.* cma_map=\([^ ]*\)$/\1/p')
[ -n "$cma" ] && [ -n "$cma_map" ] || fail "unexpected parameters: $params"
# A damaged copy: one byte of the first region's size changed.
cp "$work/root/lib/firmware/board.cmat" "$work/root/lib/firmware/bad.cmat"
printf '\001' | dd of="$work/root/lib/firmware/bad.cmat" bs=1 seek=64 \
	conv=notrunc 2>/dev/null
cp kernel/obj/cma.ko kernel/obj/cma_selftest.ko "$work/root/lib/modules/"
cp "$busybox" "$work/root/bin/busybox"

# The requests cover every rule of the board and both allocators.
cat >"$work/root/init" <<EOF
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
n=0
: >/results
check() {
	desc=\$1; shift
	n=\$((n + 1))
	if "\$@" >/out 2>&1; then
		echo "ok \$n - \$desc" >>/results
	else
		echo "not ok \$n - \$desc" >>/results
		sed 's/^/# /' /out >>/results
	fi
}
refused() { ! insmod /lib/modules/cma.ko "\$@"; }
logged() { dmesg | grep -q -- "\$1"; }
requests=camera/raw,vpu/a,vpu/b,fb,dsp/any

check "cma.ko loads the table" insmod /lib/modules/cma.ko table=board.cmat
check "cma_selftest.ko runs on the table's policy" \
	insmod /lib/modules/cma_selftest.ko requests=\$requests
check "both unload" rmmod cma_selftest cma
check "cma.ko loads cma= and cma_map=" \
	insmod /lib/modules/cma.ko 'cma=$cma' 'cma_map=$cma_map'
check "cma_selftest.ko runs on the parameters' policy" \
	insmod /lib/modules/cma_selftest.ko requests=\$requests
check "both unload again" rmmod cma_selftest cma
check "a damaged table is refused" refused table=bad.cmat
check "and the log says why" logged "cma: bad.cmat: table: "
check "a missing table is refused" refused table=none.cmat
check "and the log says where to put it" logged "cma: none.cmat: cannot read the table"
check "a region in System RAM is refused" \
	refused 'cma=low=16M@0x1000000' 'cma_map=cam=low'
check "and the log says how to reserve it" \
	logged "cma: region 'low' at 0x1000000-0x1ffffff overlaps System RAM"
check "a syntax error is refused" refused 'cma=r=16M@' 'cma_map=cam=r'
check "and the log gives its byte" logged "cma: cma=: ends too early at byte 6"
check "a rule naming no region is refused" refused 'cma=r=1M@0x10000000' 'cma_map=cam=q'
check "and the log names it" logged "cma: cma_map=: a rule names region 'q'"
check "no policy is refused" refused
check "and the log says what to give" logged "cma: give the policy either"
echo "KTAP version 1"
echo "1..\$n"
cat /results
poweroff -f
EOF
chmod +x "$work/root/init"
(cd "$work/root" && find . | cpio -o -H newc 2>/dev/null | gzip) \
	>"$work/initrd.gz" || fail "cannot make the initramfs"

start=$(date +%s)
timeout 120 qemu-system-x86_64 -accel tcg -m 512M -smp 2 -nographic \
	-no-reboot -kernel "$image" -initrd "$work/initrd.gz" \
	-append 'console=ttyS0 memmap=64M$0x10000000 panic=-1 oops=panic' \
	</dev/null >"$work/console.log" 2>&1
status=$?
echo "boot.sh: the boot took $(($(date +%s) - start)) s; log in $work/console.log"
[ $status = 124 ] && fail "the boot took more than 120 s"
[ $status = 0 ] || fail "qemu exited with status $status"

# The console, without timestamps and carriage returns.
log=$work/ktap.log
tr -d '\r' <"$work/console.log" | sed 's/^\[ *[0-9.]*\] //' >"$log"
grep -E '^(not ok|ok|1\.\.|KTAP|#)' "$log"
bad=$(grep -E 'WARNING:|BUG:|Oops|Call Trace|Kernel panic' "$log") &&
	fail "the kernel log has: $bad"
grep -q '^not ok ' "$log" && fail "a test failed"
# Three KTAP blocks (two self-tests, the init's), each complete.
awk '/^KTAP version 1$/ { if (want != "" && got != want) bad = 1;
			  blocks++; want = ""; got = 0; next }
     /^1\.\.[0-9]+$/ { want = substr($0, 4) + 0; next }
     /^ok [0-9]+ - / { got++ }
     END { if (got != want || blocks != 3) exit 1 }' "$log" ||
	fail "a KTAP block lacks its plan or some of its results (or there are not three)"
grep -q 'reboot: Power down' "$log" || fail "the guest did not power off"
echo "boot.sh: pass"
