#!/bin/sh
# Code size against issue 7's targets: the runtime's text in the kernel
# module (the objects Kbuild built of runtime/sources.mk's files) and
# libcma.so's.  "text" is size(1)'s: code, read-only data and the unwind
# tables (ORC in the kernel, .eh_frame in userspace) that stay in memory.
# The .text sections alone, the machine code (.text.unlikely holds what
# cma_cold marks), are shown beside it.
set -u
src=${srcdir:-.}
report() {	# what, target in KiB, files...
	what=$1 target=$2
	shift 2
	text=$(size "$@" | awk 'NR > 1 { t += $1 } END { print t }')
	code=$(size -A "$@" | awk '$1 ~ /^\.text/ { t += $2 } END { print t }')
	awk -v w="$what" -v t="$text" -v c="$code" -v g="$target" 'BEGIN {
		printf "%-32s %5.1f KiB text (%4.1f KiB .text)  target %2d KiB: %s\n",
		       w, t / 1024, c / 1024, g, t <= g * 1024 ? "met" : "MISSED"
	}'
}
objs=$(grep -o 'runtime/[a-z_]*\.c' "$src/runtime/sources.mk" |
	sed 's|^|kernel/obj/|; s|\.c$|.o|')
if [ -f kernel/obj/cma.ko ]; then
	# shellcheck disable=SC2086 # a list of files
	report "runtime in cma.ko" 16 $objs
else
	echo "runtime in cma.ko: not built (configure found no kernel build tree)"
fi
report "libcma.so" 24 .libs/libcma.so
