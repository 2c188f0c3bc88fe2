#!/bin/sh
# examples/board-build's driver, built as its Kbuild builds it (the
# runtime table-only, its compiled-in table assumed valid, bf alone:
# cma_alloc(9)) with W=1 and sparse, booted in QEMU: it places the
# board's regions in the memory that memmap= keeps from the kernel, where
# cmacc places them in that memory, unloads, and refuses memory too small
# with the reason in the log.  It skips (77) as boot.sh does.
#
# Environment: CMACC, and those tests/kernel/qemu.sh reads.
set -u
me=boot-board.sh
src=$(cd "${srcdir:-.}" && pwd)
. "$src/tests/kernel/qemu.sh"

qemu_prepare "$(pwd)/tests/kernel/work-board"
# Warning-free with W=1, and with sparse when it is installed, as cma.ko.
checks=W=1
command -v sparse >/dev/null && checks="$checks C=1"
# shellcheck disable=SC2086 # $checks is one or two arguments
board_driver "$work/board" "$KERNEL_BUILD" $checks
cp "$work/board/board_cma.ko" "$work/root/lib/modules/" || fail "cannot copy board_cma.ko"
base=0x10000000
board_placed $base 64M >"$work/expected"
[ "$(wc -l <"$work/expected")" = 3 ] || fail "cmacc placed not 3 regions: $(cat "$work/expected")"

{ cat <<EOF
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
EOF
ktap_shell
cat <<EOF
check "board_cma.ko places its regions in the memory given" \
	insmod /lib/modules/board_cma.ko base=$base size=0x4000000
check "and unloads" rmmod board_cma
check "memory too small for the board is refused" \
	sh -c '! insmod /lib/modules/board_cma.ko base=$base size=0x1000000'
check "and the log says which region found no room" \
	sh -c 'dmesg | grep -q "board_cma: region .common. fits nowhere in the declared memory"'
ktap_results
poweroff -f
EOF
} >"$work/root/init"
qemu_boot 120 'memmap=64M$0x10000000'
log=$work/console
ktap_verify "$log" 1
grep '^board_cma: region .* at 0x' "$log" >"$work/placed"
cmp -s "$work/expected" "$work/placed" ||
	fail "the driver placed the regions elsewhere than cmacc: $(cat "$work/placed"), not $(cat "$work/expected")"
grep -m1 "^board_cma: region 'common'" "$log" | sed "s/^/$me: refused: /"
echo "$me: pass"
