#!/bin/sh
# Code size against issue 25's targets: the runtime's machine code (its
# .text sections, .text.unlikely with what cma_cold marks) as a module
# links it, built by Kbuild for x86-64 and for arm64, whole (cma.ko's:
# both policy readers) and table-only (CMA_TABLE_ONLY, as the driver of
# examples/board-build builds it: no cma=/cma_map= reader); and libcma.so.
# "text" is size(1)'s: code, read-only data and the unwind tables (ORC
# in the kernel, .eh_frame in userspace) that stay in memory.
set -u
me=bench/size/run.sh
src=$(cd "${srcdir:-.}" && pwd)
. "$src/tests/kernel/qemu.sh"
CMACC=${CMACC:-$(pwd)/cmacc}
work=$(pwd)/bench/size/work

# report METRIC WHAT TARGET FILES...: METRIC code (the .text sections)
# or text (size(1)'s), against TARGET KiB.
report() {
	metric=$1 what=$2 target=$3
	shift 3
	text=$(size "$@" | awk 'NR > 1 { t += $1 } END { print t }')
	code=$(size -A "$@" | awk '$1 ~ /^\.text/ { t += $2 } END { print t }')
	awk -v m="$metric" -v w="$what" -v t="$text" -v c="$code" -v g="$target" 'BEGIN {
		v = m == "code" ? c : t
		printf "%-34s %5.1f KiB .text, %5.1f KiB text;  target %2d KiB of %s: %s\n",
		       w, c / 1024, t / 1024, g, m == "code" ? ".text" : "text",
		       v <= g * 1024 ? "met" : "MISSED"
	}'
}

runtime_objects() {	# the folder the runtime's objects are under
	grep -o 'runtime/[a-z_]*\.c' "$src/runtime/sources.mk" |
		sed "s|^|$1/|; s|\\.c\$|.o|"
}

# board ARCH MAKE-ARGS...: examples/board-build's driver, in work/ARCH.
board() {
	dir=$work/board-$1
	shift
	board_driver "$dir" "$headers" "$@"
}

mkdir -p "$work" || fail "cannot make $work"
if [ -n "${KERNEL_BUILD:-}" ] && [ -f kernel/obj/cma.ko ]; then
	headers=$KERNEL_BUILD
	# shellcheck disable=SC2046 # a list of files
	report code "x86-64, whole (cma.ko)" 16 $(runtime_objects kernel/obj)
	board x86
	# shellcheck disable=SC2046
	report code "x86-64, table-only (board-build)" 11 \
		$(runtime_objects "$work/board-x86/cmatools")
	arm64_fetch
	copy_kernel_obj "$work/cma-arm64"
	module_build "$work/cma-arm64" "$headers" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-
	# shellcheck disable=SC2046
	report code "arm64, whole (cma.ko)" 16 $(runtime_objects "$work/cma-arm64")
	board arm64 ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-
	# shellcheck disable=SC2046
	report code "arm64, table-only (board-build)" 11 \
		$(runtime_objects "$work/board-arm64/cmatools")
else
	echo "the runtime in a module: not built (configure found no kernel build tree)"
fi
report text "libcma.so" 24 .libs/libcma.so
