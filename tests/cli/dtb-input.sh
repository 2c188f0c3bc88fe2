#!/bin/sh
# -I dtb: a board's tree read as the kernel reads it.  good.dts reads
# without a finding, decompiles to a source (-O cma) that compiles back to
# the same pools and memory-region lists, and -O dts of the tree has its
# pools field by field; faults.dts has one planted fault of each kind,
# each reported at its node with the kernel's reason.
: "${CMACC:?}" "${srcdir:?}"
here=$(cd "$srcdir/tests/cli/dtb-input" && pwd) || exit 99
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; status=1; }
status=0
for tool in dtc fdtget; do
	command -v $tool >/dev/null || { echo "no $tool: install device-tree-compiler"; exit 1; }
done
cd "$tmp" || exit 99
dtc -q -I dts -O dtb -o good.dtb "$here/good.dts" &&
	dtc -q -I dts -O dtb -o faults.dtb "$here/faults.dts" || exit 99

# The good board: no finding at all.
"$CMACC" -O cma -o good.cma good.dtb 2>err || fail "good.dtb: exit $?: $(cat err)"
[ -s err ] && fail "good.dtb: findings: $(cat err)"
grep -q '^	reserved "firmware@50000000" {$' good.cma || fail "the carve-out is lost: $(cat good.cma)"
grep -q '^	reserved "memreserve#0" {$' good.cma || fail "the /memreserve/ is lost"
grep -q '^	no_map;$' good.cma || fail "no_map is lost"
grep -q '^	alloc_range = 0x4000_0000, 512M;$' good.cma || fail "alloc-ranges are lost"
grep -q '^	10100000.codec -> video, linuxcma;$' good.cma || fail "the codec's rule is wrong: $(cat good.cma)"
grep -q '^	\* kind any -> linuxcma;$' good.cma || fail "the default rule is lost"

# -O map: the pools where the kernel puts them (top-down, in their
# allocation ranges), among the carve-outs, in address order.
"$CMACC" -q -O map good.dtb >map 2>err || fail "-O map: $(cat err)"
grep -q '^# Where the regions of good.dtb lie, as linux-6.1-arm64-4k places them; page 4K.$' map ||
	fail "-O map: no header naming the kernel: $(cat map)"
[ "$(awk '/^0x/ { printf "%s %s %s %s;", $1, $2, $4, $5 }' map)" = \
"0x4000_0000 0x7fff_ffff bank memory@40000000;0x4000_0000 0x47ff_ffff . free;0x4800_0000 0x480f_ffff # reserved;\
0x4810_0000 0x4fff_ffff . free;0x5000_0000 0x503f_ffff # reserved;0x5040_0000 0x53ff_ffff . free;\
0x5400_0000 0x540f_ffff A dsppool;0x5410_0000 0x5eff_ffff . free;0x5f00_0000 0x5fff_ffff B video;\
0x6000_0000 0x607f_ffff C framebuffer;0x6080_0000 0x7bff_ffff . free;0x7c00_0000 0x7fff_ffff D linuxcma;" ] ||
	fail "-O map: the rows are wrong: $(cat map)"
grep -q '^memory@40000000 0x4000_0000 |\.\{8\}#\.\{7\}#\.\.\.A\.\{10\}BC\.\{27\}DDDD| 0x7fff_ffff$' map ||
	fail "-O map: the bar is wrong: $(cat map)"

# Its pools and each device's memory-region list, through the source and
# back into a board (-O dtb on the tree without them) and straight.
pools() { # TREE: each pool's fields in order, and each device's list
	for n in $(fdtget -l "$1" /reserved-memory); do
		p=/reserved-memory/$n
		fdtget "$1" "$p" compatible 2>/dev/null | grep -q shared-dma-pool || continue
		printf '%s:' "$(echo "$n" | sed 's/@.*//' | tr -cd 'a-zA-Z0-9')"
		for f in reg size alignment alloc-ranges; do
			printf ' %s=%s' $f "$(fdtget -t x "$1" "$p" $f 2>/dev/null)"
		done
		for f in reusable no-map linux,cma-default; do
			fdtget "$1" "$p" $f >/dev/null 2>&1 && printf ' %s' $f
		done
		echo
		ph=$(fdtget -t x "$1" "$p" phandle)
		echo "phandle $ph is $n" >>"$1.phandles"
	done
	for d in codec@100000 display@200000 dsp@300000; do
		printf '%s ->' $d
		for ph in $(fdtget -t x "$1" /soc/$d memory-region); do
			printf ' %s' "$(sed -n "s/^phandle $ph is //p" "$1.phandles" | sed 's/@.*//' | tr -cd 'a-zA-Z0-9')"
		done
		echo
	done
}
sed -e 's/ memory-region = <[^>]*>;//' -e '/^		[a-z]*: [^{]*{ compatible = "shared-dma-pool"/d' \
	"$here/good.dts" >bare.dts
dtc -q -I dts -O dtb -o bare.dtb bare.dts || exit 99
"$CMACC" -I cma -O dtb --board=bare.dtb -o back.dtb good.cma 2>err ||
	fail "the decompiled source does not compile back: $(cat err)"
pools good.dtb >want
pools back.dtb >got
diff want got >/dev/null || fail "the round trip changes the pools: $(diff want got)"

# The faults, each at its node, each for the reason the kernel has.
"$CMACC" -O none faults.dtb 2>err && fail "faults.dtb passes"
expect() { grep -q -- "$1" err || fail "no '$1' in: $(cat err)"; }
expect "^faults.dtb: /reserved-memory/both@60000000: error: region 'both' is both reusable and no_map: the kernel refuses such a pool.*\[-Wpool-flags\]$"
expect "^faults.dtb: /reserved-memory/odd: error: region 'odd' has size 3M, which linux-6.1-arm64-4k refuses for a CMA area: it takes multiples of 2M \[-Wcma-alignment\]$"
expect "^faults.dtb: /reserved-memory/over@50100000: error: region 'over' \[0x50000000, 0x501fffff\] overlaps reserved memory 'firmware@50000000' \[0x50000000, 0x503fffff\], which no region may take \[-Wreserved-overlap\]$"
expect "^faults.dtb: /reserved-memory/far@90000000: error: region 'far' \[0x90000000, 0x901fffff\] is not inside any declared memory bank \[-Woutside-memory\]$"
expect "^faults.dtb: /vpu@2000: error: memory-region entry 0 is phandle 0x77, which is no node of /reserved-memory \[board-tree\]$"
expect "^faults.dtb: /cam@1000: note: memory-region entry 1 is firmware@50000000, reserved memory that is no shared-dma-pool"

# pools NAME COUNT FLAG SIZE: NAME.dtb, 1G of memory and COUNT dynamic
# pools p0, p1... with the flag and size.
pools() {
	python3 -c '
import sys
n, flag, size = int(sys.argv[1]), sys.argv[2], sys.argv[3]
print("/dts-v1/;\n/ {\n#address-cells = <1>;\n#size-cells = <1>;")
print("memory@40000000 { device_type = \"memory\"; reg = <0x40000000 0x40000000>; };")
print("reserved-memory {\n#address-cells = <1>;\n#size-cells = <1>;\nranges;")
for i in range(n): print("p%d { compatible = \"shared-dma-pool\"; %s; size = <%s>; };" % (i, flag, size))
print("};\n};")' "$2" "$3" "$4" >"$1.dts" && dtc -q -O dtb -o "$1.dtb" "$1.dts"
}

# Too many areas: twenty-one pools, for a kernel with room for twenty.
pools areas 21 reusable 0x200000 || exit 99
"$CMACC" -O none -Wno-unused-region areas.dtb 2>err && fail "21 pools pass"
expect "^areas.dtb: /reserved-memory/p20: error: region 'p20' would be CMA area 21, and linux-6.1-arm64-4k has room for 20 \[-Wcma-areas\]$"

# --explain on a tree: the node whose memory-region takes the request,
# and where the kernel puts each pool.
"$CMACC" --explain=10100000.codec good.dtb >out 2>err || fail "--explain: $(cat err)"
grep -q "^taken by rule good.dtb: /soc/codec@100000$" out || fail "--explain's rule: $(cat out)"
grep -q "^  1. video  *16M  \[0x5f000000, 0x5fffffff\] (where the kernel places it)$" out ||
	fail "--explain's first region: $(cat out)"
grep -q "^  2. linuxcma  *64M  \[0x7c000000, 0x7fffffff\] (where the kernel places it)$" out ||
	fail "--explain's second region: $(cat out)"

# Dynamic pools placed as the kernel places them: 'a' top-down in all
# memory below the carve-out, 'b' top-down in its alloc-ranges, and 'c'
# (96M) then finds no free piece large enough.
dtc -q -I dts -O dtb -o place.dtb "$here/place.dts" || exit 99
"$CMACC" -O none -Wno-unused-region place.dtb 2>err && fail "place.dtb passes"
expect "^place.dtb: /reserved-memory/c: error: linux-6.1-arm64-4k finds no room for region 'c' (96M) in the memory, placing pools top-down as it does \[-Wpool-placement\]$"
expect "^place.dtb: /reserved-memory/a: note: 'a' lands at \[0x4a000000, 0x4dffffff\] before it$"
expect "^place.dtb: /reserved-memory/b: note: 'b' lands at \[0x44000000, 0x47ffffff\] before it$"
# 32M less for 'c' fits in the 64M left at the bottom.
sed 's/size = <0x6000000>/size = <0x4000000>/' "$here/place.dts" >fits.dts &&
	dtc -q -I dts -O dtb -o fits.dtb fits.dts || exit 99
"$CMACC" -O none -Wno-unused-region fits.dtb 2>err || fail "fits.dtb: $(cat err)"

# alloc-ranges outside memory, or smaller than the pool.
dtc -q -I dts -O dtb -o ranges.dtb "$here/ranges.dts" || exit 99
"$CMACC" -O none -Wno-unused-region ranges.dtb 2>err && fail "ranges.dtb passes"
expect "^ranges.dtb: /reserved-memory/out: error: linux-6.1-arm64-4k finds no room for region 'out' (4M) in its allocation ranges, placing pools top-down as it does \[-Wpool-placement\]$"
expect "^ranges.dtb: /reserved-memory/out: note: its allocation range \[0x80000000, 0x8fffffff\] lies outside the memory$"
expect "^ranges.dtb: /reserved-memory/tight: note: its allocation range \[0x40000000, 0x401fffff\] is smaller than the pool's 4M$"

# The kernel keeps 64 reserved-memory nodes: the 65th pool never exists.
pools many 65 no-map 0x100000 || exit 99
"$CMACC" -O none -Wno-unused-region many.dtb 2>err && fail "65 pools pass"
expect "^many.dtb: /reserved-memory/p64: error: region 'p64' comes after the 64 reserved-memory nodes the kernel keeps: it says \"not enough space for all defined regions\" and never places this pool \[-Wpool-placement\]$"
[ "$(grep -c ': error: ' err)" = 1 ] || fail "65 pools: not one error: $(cat err)"

# Not a tree at all: the byte, and what it wants.
printf 'hello' >bad.dtb
"$CMACC" -O none bad.dtb 2>err; rc=$?
[ $rc = 1 ] || fail "bad.dtb: exit $rc"
expect "^bad.dtb: byte 0: error: not a device tree blob (libfdt: FDT_ERR_TRUNCATED): -I dtb reads a .dtb, as dtc -O dtb writes it \[board-tree\]$"
exit $status
