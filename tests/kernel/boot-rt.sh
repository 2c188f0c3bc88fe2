#!/bin/sh
# boot.sh again, on Debian's PREEMPT_RT kernel of the headers' release.
# There the runtime's lock is a spinlock_t rather than a bit lock (a bit
# lock keeps preemption off even on PREEMPT_RT, where the allocators'
# memory cannot be had so: runtime/cma_env.h), and only such a kernel
# builds and runs that code.  The modules are built against its headers,
# warning-free with W=1 (and sparse, when installed), in
# tests/kernel/work-rt/obj; its image is fetched as boot.sh's is.
# Without the headers it skips (./bootstrap --deps installs them), which
# CMA_REQUIRE_KERNEL_TEST=1 makes a failure.
#
# Environment: those tests/kernel/boot.sh reads.
set -u
me=boot-rt.sh
src=${srcdir:-.}
. "$src/tests/kernel/qemu.sh"

[ -n "${KERNEL_BUILD:-}" ] ||
	skip "no kernel headers (apt-get install linux-headers-amd64, then ./configure)"
release=$(sed -n 's/.*UTS_RELEASE "\(.*\)"/\1/p' \
	"$KERNEL_BUILD/include/generated/utsrelease.h")
rt_release=${release%-amd64}
rt_release=${rt_release%-rt}-rt-amd64
rt=/usr/src/linux-headers-$rt_release
[ -f "$rt/include/generated/utsrelease.h" ] ||
	skip "no $rt (apt-get install linux-headers-$rt_release)"
grep -qx 'CONFIG_PREEMPT_RT=y' "$rt/.config" ||
	fail "$rt is not a PREEMPT_RT kernel's"

obj=$(pwd)/tests/kernel/work-rt/obj
copy_kernel_obj "$obj"
checks=W=1
command -v sparse >/dev/null && checks="$checks C=1"
# shellcheck disable=SC2086 # $checks is one or two arguments
module_build "$obj" "$rt" $checks CMA_TEST_MODULES=m
echo "$me: built for $rt_release ($checks); boot.sh follows"

KERNEL_BUILD=$rt CMA_KERNEL_OBJ=$obj \
	CMA_BOOT_WORK=$(pwd)/tests/kernel/work-rt/boot \
	exec sh "$src/tests/kernel/boot.sh"
