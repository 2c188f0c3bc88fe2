# Sourced by tests/kernel/boot.sh, boot-arm64.sh and bench/kernel/run.sh:
# what it takes to boot the kernel the module was built for in QEMU, with
# our modules in a busybox initramfs, and Debian's arm64 kernel of the
# same release.  Set "me" (the script's name) first; it sets $work (an
# empty folder with root/ to fill) and $image.
#
# Environment: KERNEL_BUILD (from configure), CMA_KERNEL_OBJ (the folder
# of the x86 modules to boot, kernel/obj by default), CMA_MODULE_KO (a
# cma.ko to boot instead of that folder's, for the x86 tests),
# CMA_KERNEL_IMAGE and CMA_ARM64_IMAGE (a vmlinuz to boot instead of the
# one fetched into tests/kernel/cache/ or cache-arm64/), and
# CMA_REQUIRE_KERNEL_TEST=1, which makes a skip a failure (CI sets it).

# ktap_shell: for an init script, check DESC COMMAND..., which records
# "ok N - DESC", or "not ok N - DESC" with the command's output, and
# ktap_results, which prints the records as a KTAP block.
ktap_shell() {
	cat <<'EOF'
n=0
: >/results
check() {
	desc=$1; shift
	n=$((n + 1))
	if "$@" >/out 2>&1; then
		echo "ok $n - $desc" >>/results
	else
		echo "not ok $n - $desc" >>/results
		sed 's/^/# /' /out >>/results
	fi
}
ktap_results() {
	echo "KTAP version 1"
	echo "1..$n"
	cat /results
}
EOF
}

# ktap_verify LOG BLOCKS: shows LOG's results; fails on a "not ok", or
# unless LOG has BLOCKS KTAP blocks, each with its plan and every result.
ktap_verify() {
	grep -E '^(not ok|ok|1\.\.|KTAP|#)' "$1"
	grep -q '^not ok ' "$1" && fail "a test failed"
	awk -v blocks_wanted="$2" '
	/^KTAP version 1$/ { if (want != "" && got != want) bad = 1;
			     blocks++; want = ""; got = 0; next }
	/^1\.\.[0-9]+$/ { want = substr($0, 4) + 0; next }
	/^ok [0-9]+ - / { got++ }
	END { if (bad || got != want || blocks != blocks_wanted) exit 1 }' "$1" ||
		fail "a KTAP block lacks its plan or some of its results (or there are not $2)"
}

skip() {
	echo "$me: skipped: $*" >&2
	if [ "${CMA_REQUIRE_KERNEL_TEST:-0}" = 1 ]; then
		echo "$me: CMA_REQUIRE_KERNEL_TEST=1: a skip is a failure" >&2
		exit 1
	fi
	exit 77
}

fail() {
	echo "$me: FAIL: $*" >&2
	exit 1
}

# qemu_prepare WORKDIR: checks the tools, finds or fetches the image.
# Sets $work, $image and $obj (the modules' folder).
qemu_prepare() {
	work=$1
	cache=$(pwd)/tests/kernel/cache
	obj=${CMA_KERNEL_OBJ:-kernel/obj}
	[ -n "${KERNEL_BUILD:-}" ] ||
		skip "no kernel headers (apt-get install linux-headers-amd64, then ./configure)"
	[ -f "$obj/cma.ko" ] || fail "$obj/cma.ko was not built: run make"
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
	# Each fetch in a folder of its own: two boot tests may fetch at once.
	if [ ! -f "$image" ] && [ -z "${CMA_KERNEL_IMAGE:-}" ]; then
		log=$cache/download-$release.log
		mkdir -p "$cache" && fetch=$(mktemp -d "$cache/fetch.XXXXXX") &&
			(cd "$fetch" && apt-get download "linux-image-$release" \
				>"$log" 2>&1 && dpkg -x ./*.deb "$cache")
		ret=$?
		rm -rf "${fetch:-}"
		[ $ret = 0 ] || skip "cannot fetch linux-image-$release (see $log)"
	fi
	[ -f "$image" ] || skip "no kernel image $image"
	rm -rf "$work" && mkdir -p "$work/root/bin" "$work/root/lib/modules" \
		"$work/root/lib/firmware" "$work/root/proc" "$work/root/sys" ||
		fail "cannot make $work"
	cp "$obj"/*.ko "$work/root/lib/modules/" &&
		cp "$busybox" "$work/root/bin/busybox" || fail "cannot fill $work"
	# Another build of cma.ko (DKMS's, tests/package/run.sh) in its place.
	if [ -n "${CMA_MODULE_KO:-}" ]; then
		cp "$CMA_MODULE_KO" "$work/root/lib/modules/cma.ko" ||
			fail "cannot copy $CMA_MODULE_KO"
		echo "$me: booting $CMA_MODULE_KO as cma.ko"
	fi
}

# copy_kernel_obj DEST: kernel/obj's links to the sources, without its
# objects, for the same modules built against other headers.
copy_kernel_obj() {
	[ -f kernel/obj/Kbuild ] || fail "no kernel/obj/Kbuild: run make"
	rm -rf "$1" && mkdir -p "$1" || fail "cannot make $1"
	(cd kernel/obj && find . -type l) | while read -r f; do
		mkdir -p "$1/$(dirname "$f")" && cp -P "kernel/obj/$f" "$1/$f" ||
			exit 1
	done || fail "cannot copy kernel/obj to $1"
}

# qemu_boot SECONDS APPEND: boots $work/root (its init written by the
# caller) and leaves the console, without timestamps, in $work/console.
qemu_boot() {
	chmod +x "$work/root/init"
	(cd "$work/root" && find . | cpio -o -H newc 2>/dev/null | gzip) \
		>"$work/initrd.gz" || fail "cannot make the initramfs"
	start=$(date +%s)
	timeout "$1" qemu-system-x86_64 -accel tcg -m 512M -smp 2 -nographic \
		-no-reboot -kernel "$image" -initrd "$work/initrd.gz" \
		-append "console=ttyS0 panic=-1 oops=panic $2" \
		</dev/null >"$work/console.raw" 2>&1
	status=$?
	echo "$me: the boot took $(($(date +%s) - start)) s; log in $work/console.raw"
	[ $status = 124 ] && fail "the boot took more than $1 s"
	[ $status = 0 ] || fail "qemu exited with status $status"
	tr -d '\r' <"$work/console.raw" | sed 's/^\[ *[0-9.]*\] //' \
		>"$work/console"
	bad=$(grep -E 'WARNING:|BUG:|Oops|Call Trace|Kernel panic' "$work/console") &&
		fail "the kernel log has: $bad"
	grep -q 'reboot: Power down' "$work/console" ||
		fail "the guest did not power off"
}

# arm64_prepare WORKDIR MODULE.c: the tools and Debian's arm64 kernel of
# the same release as the headers, with its headers and an arm64 busybox,
# fetched into tests/kernel/cache-arm64/ (apt-get download; bootstrap
# --deps adds the arm64 architecture).  MODULE.c, and cma.ko with its
# self-test from the same files as kernel/obj/, are cross-built against
# them.  Sets $work, $image and $virt_dtb (QEMU's own tree); fill
# $work/root, then arm64_pack.  The init loads MODULE.ko, runs
# /module-test when the command line has cmatools.module-test, shows how
# much memory CMA holds and powers off.
# arm64_fetch: Debian's arm64 kernel, its headers (ready to build
# modules with the host's Kbuild programs) and busybox, of the release of
# the headers configure found, in tests/kernel/cache-arm64/.  Sets
# $cache, $release, $image and $headers.
arm64_fetch() {
	cache=$(pwd)/tests/kernel/cache-arm64
	[ -n "${KERNEL_BUILD:-}" ] ||
		skip "no kernel headers to take the release from (apt-get install linux-headers-amd64, then ./configure)"
	command -v aarch64-linux-gnu-gcc >/dev/null ||
		skip "no aarch64-linux-gnu-gcc (./bootstrap --deps installs it)"
	release=$(sed -n 's/.*UTS_RELEASE "\(.*\)"/\1/p' \
		"$KERNEL_BUILD/include/generated/utsrelease.h")
	release=${release%-amd64}-arm64
	image=${CMA_ARM64_IMAGE:-$cache/boot/vmlinuz-$release}
	headers=$cache/usr/src/linux-headers-$release
	if [ ! -f "$image" ] || [ ! -f "$cache/bin/busybox" ] ||
		[ ! -f "$headers/Makefile" ]; then
		mkdir -p "$cache" && (cd "$cache" && rm -f ./*.deb &&
			apt-get download "linux-image-$release:arm64" \
				"linux-headers-$release:arm64" \
				busybox-static:arm64 >download.log 2>&1 &&
			for deb in ./*.deb; do dpkg -x "$deb" . || exit 1; done &&
			rm -f ./*.deb) ||
			skip "cannot fetch the arm64 kernel $release (see $cache/download.log; ./bootstrap --deps adds the arm64 architecture)"
	fi
	[ -f "$image" ] || skip "no arm64 kernel image $image"
	# The headers' build programs are the host's (never install the
	# arm64 headers package: it would take the host's compilers away).
	kbuild=/usr/lib/linux-kbuild-$(echo "$release" | cut -d. -f1-2)
	[ -d "$kbuild/scripts" ] ||
		skip "no $kbuild (apt-get install linux-headers-amd64)"
	ln -sfn "$kbuild/scripts" "$headers/scripts" &&
		ln -sfn "$kbuild/tools" "$headers/tools" ||
		fail "cannot link the arm64 headers to $kbuild"
}

arm64_prepare() {
	work=$1
	for tool in qemu-system-aarch64 dtc fdtget fdtoverlay python3 cpio; do
		command -v $tool >/dev/null ||
			skip "no $tool (./bootstrap --deps installs it)"
	done
	arm64_fetch
	rm -rf "$work" && mkdir -p "$work/root/bin" "$work/root/proc" \
		"$work/root/sys" "$work/root/lib/modules/auto" \
		"$work/root/lib/firmware" "$work/module" "$work/cma" ||
		fail "cannot make $work"
	cp "$2" "$work/module/" &&
		echo "obj-m := $(basename "$2" .c).o" >"$work/module/Kbuild" ||
		fail "cannot copy $2"
	copy_kernel_obj "$work/cma"
	for m in module cma; do
		module_build "$work/$m" "$headers" ARCH=arm64 \
			CROSS_COMPILE=aarch64-linux-gnu- CMA_TEST_MODULES=m
	done
	cp "$work/module/"*.ko "$work/root/lib/modules/auto/" &&
		cp "$work/cma/cma.ko" "$work/cma/cma_selftest.ko" \
			"$work/root/lib/modules/" &&
		cp "$cache/bin/busybox" "$work/root/bin/busybox" ||
		fail "cannot fill $work"
	cat >"$work/root/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
for m in /lib/modules/auto/*.ko; do insmod "$m"; done
grep -q cmatools.module-test /proc/cmdline && sh /module-test
grep Cma /proc/meminfo
poweroff -f
INIT
	chmod +x "$work/root/init"
	virt_dtb=$work/qemu-virt.dtb
	qemu-system-aarch64 -M virt,dumpdtb="$virt_dtb" -cpu cortex-a57 \
		-m 1024 -nographic >/dev/null 2>&1 ||
		fail "qemu-system-aarch64 cannot write its device tree"
}

# arm64_pack: $work/root as the initramfs.
arm64_pack() {
	(cd "$work/root" && find . | cpio -o -H newc 2>/dev/null | gzip) \
		>"$work/initrd.gz" || fail "cannot make the initramfs"
}

# arm64_boot NAME DTB APPEND: boots QEMU's virt machine (1G of RAM at
# 1G) with the tree DTB (empty: QEMU's own) and the command line; the
# console, without timestamps, goes to $work/NAME.console.
arm64_boot() {
	timeout 120 qemu-system-aarch64 -M virt -cpu cortex-a57 -accel tcg \
		-m 1024 -nographic -no-reboot -kernel "$image" \
		-initrd "$work/initrd.gz" ${2:+-dtb "$2"} \
		-append "console=ttyAMA0 panic=-1 $3" \
		</dev/null >"$work/$1.raw" 2>&1
	status=$?
	[ $status = 124 ] && fail "$1: the boot took more than 120 s"
	[ $status = 0 ] || fail "$1: qemu exited with status $status"
	tr -d '\r' <"$work/$1.raw" | sed 's/^\[ *[0-9.]*\] //' \
		>"$work/$1.console"
	bad=$(grep -E 'WARNING:|BUG:|Oops|Call Trace|Kernel panic' \
		"$work/$1.console") && fail "$1: the kernel log has: $bad"
	grep -q 'reboot: Power down' "$work/$1.console" ||
		fail "$1: the guest did not power off"
}

# module_build DIR HEADERS MAKE-ARGS...: the modules of DIR's Kbuild,
# built against HEADERS, warning-free (make -s: only what the compiler
# and sparse say is in DIR/build.log, so a path holding "error" cannot
# fail it).
module_build() {
	mdir=$1 mheaders=$2
	shift 2
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$mheaders" \
		M="$mdir" "$@" modules >"$mdir/build.log" 2>&1 &&
		! grep -E 'warning|error' "$mdir/build.log" ||
		fail "Kbuild in $mdir ($*): $(tail -20 "$mdir/build.log")"
}

# board_driver DIR HEADERS MAKE-ARGS...: examples/board-build's driver,
# built in DIR as its Kbuild builds it (the runtime table-only, its table
# assumed valid, bf alone) against HEADERS with cmacc's board.c, warning-
# free; DIR/board_cma.ko.  Needs $src and $CMACC.
board_driver() {
	bdir=$1 bheaders=$2
	shift 2
	rm -rf "$bdir" && cp -R "$src/examples/board-build" "$bdir" &&
		chmod -R u+w "$bdir" && mkdir "$bdir/cmatools" &&
		cp -R "$src/runtime" "$src/include" "$bdir/cmatools/" &&
		chmod -R u+w "$bdir/cmatools" || fail "cannot copy the example to $bdir"
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$bdir" \
		CMACC="$CMACC" board.c >"$bdir/cmacc.log" 2>&1 ||
		fail "cmacc in $bdir: $(cat "$bdir/cmacc.log")"
	module_build "$bdir" "$bheaders" "$@"
	[ -f "$bdir/board_cma.ko" ] || fail "no $bdir/board_cma.ko"
}

# board_placed BASE SIZE: the lines board_cma.ko logs for its regions
# placed in [BASE, BASE + SIZE), as cmacc places them in a bank there.
board_placed() {
	sed "s/base = 0x8000_0000;/base = $1;/; s/size = 1G;/size = $2;/" \
		"$src/examples/board-build/soc.cma" >"$work/board-soc.cma" &&
		sed 's/"soc.cma"/"board-soc.cma"/' \
		"$src/examples/board-build/board.cma" >"$work/board-at.cma" &&
		"$CMACC" -O json -o "$work/board-at.json" "$work/board-at.cma" ||
		fail "cmacc cannot place the board at $1"
	sed -n 's/.*"name": "\([^"]*\)", "size": \([0-9]*\), .*"start": \([0-9]*\),.*/\1 \2 \3/p' \
		"$work/board-at.json" | while read -r name size start; do
		printf 'board_cma: region %s at %#x, %s bytes\n' \
			"$name" "$start" "$size"
	done
}
