#!/bin/sh
# Every device tree that Debian's arm64 kernel package ships (577 boards,
# 121 of them with shared-dma-pool nodes) read by cmacc -I dtb: these
# boards boot, so no tree may get an error but the findings listed below,
# each explained.  dtb-corpus.py then compares, by dtc and fdtget, each
# pool's fields in the board and in cmacc's -O dts of it, and the board
# with what the round trip through the language (-O cma, then -O dtb
# --board onto the board stripped of its pools and memory-regions) gives
# back: the same pools and memory-region lists.  The findings are
# printed as a table (the README shows it); what each means:
#
#   -Wmemory-region (a note): a device's memory-region names reserved
#     memory that is no pool, such as a remote processor's firmware
#     carve-out; its driver maps it itself (of_reserved_mem_lookup()),
#     and the dma_alloc_coherent() path cmacc models never sees it.
#   -Wunused-region: a pool no available device names and that is not
#     the default one: no driver reaches it through memory-region.
#   -Wboard: reserved memory the kernel places itself that is no pool
#     (a "size" with no "reg", __reserved_mem_alloc_size()), whose place
#     cmacc does not model.
#
# The errors expected, one line each: the tree, then the check.
#   amlogic/meson-gxl-s805x-libretech-ac.dtb and -p241.dtb: pool-placement.
#     Their /memory is 512M at 0 and their no-map carve-outs (hwrom@0,
#     secmon@5000000, @5300000, @10000000) leave free pieces of 64M, 141M
#     and 254M, so the 256M linux,cma pool fits none:
#     __reserved_mem_alloc_size() gets no base from
#     memblock_phys_alloc_range() and says "failed to allocate memory for
#     node 'linux,cma'"; the kernel then makes its own default area
#     (CONFIG_CMA_SIZE_MBYTES, dma_contiguous_reserve()).  They boot
#     because U-Boot rewrites /memory with the RAM the board has, which
#     the tree as shipped does not say.
expected="amlogic/meson-gxl-s805x-libretech-ac.dtb pool-placement
amlogic/meson-gxl-s805x-p241.dtb pool-placement"
#
# The Debian arm64 image is fetched into tests/kernel/cache-dtbs/ (apt-get
# download); without it, or without dtc and fdtget, the test skips (77),
# and fails under CMA_REQUIRE_KERNEL_TEST=1, as CI runs it.
me=dtb-corpus.sh
: "${CMACC:?}" "${srcdir:?}"
. "$srcdir/tests/kernel/qemu.sh"

for tool in dtc fdtget python3; do
	command -v $tool >/dev/null ||
		skip "no $tool (./bootstrap --deps installs it)"
done
[ -n "${KERNEL_BUILD:-}" ] ||
	skip "no kernel headers to take the release from (apt-get install linux-headers-amd64, then ./configure)"
release=$(sed -n 's/.*UTS_RELEASE "\(.*\)"/\1/p' \
	"$KERNEL_BUILD/include/generated/utsrelease.h")
release=${release%-amd64}-arm64
cache=$(pwd)/tests/kernel/cache-dtbs
trees=$cache/usr/lib/linux-image-$release
if [ ! -d "$trees" ]; then
	mkdir -p "$cache" && (cd "$cache" && rm -f ./*.deb &&
		apt-get download "linux-image-$release:arm64" >download.log 2>&1 &&
		dpkg -x ./linux-image-*.deb . && rm -f ./*.deb) ||
		skip "cannot fetch linux-image-$release:arm64 (see $cache/download.log)"
fi
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT

find "$trees" -name '*.dtb' | sort >"$tmp/list"
count=$(wc -l <"$tmp/list")
[ "$count" -ge 500 ] || fail "only $count trees in $trees"
status=0
: >"$tmp/warnings"
while read -r dtb; do
	name=${dtb#"$trees"/}
	out=$tmp/$(echo "$name" | tr / _)
	"$CMACC" -I dtb -O dts -o "$out.dts" "$dtb" 2>"$out.err"
	rc=$?
	grep -o '\[-W[a-z-]*\]$' "$out.err" >>"$tmp/warnings"
	found=$(sed -n 's/.*: error: .*\[-W\([a-z-]*\)\]$/\1/p; s/.*: error: .*\[\([a-z-]*\)\]$/\1/p' \
		"$out.err" | sort -u | tr '\n' ' ')
	want=$(echo "$expected" | sed -n "s|^$name ||p" | tr '\n' ' ')
	if [ "$found" != "$want" ] || { [ -z "$want" ] && [ $rc != 0 ]; }; then
		echo "FAIL: $name: errors '$found', expected '$want': $(grep ': error: ' "$out.err" | head -3)"
		status=1
		continue
	fi
	if [ -n "$want" ]; then
		echo "$name: the expected $want"
		"$CMACC" -I dtb -O dts -Wno-pool-placement -o "$out.dts" "$dtb" 2>/dev/null ||
			{ echo "FAIL: $name: -Wno-pool-placement still fails"; status=1; continue; }
	fi
	dtc -q -I dts -O dtb -o "$out.out.dtb" "$out.dts" ||
		{ echo "FAIL: $name: dtc refuses cmacc's -O dts"; status=1; continue; }
	echo "$dtb $out.out.dtb" >>"$tmp/pairs"
done <"$tmp/list"

# Each pool of each board, field by field, and the round trip through the
# language (dtb-corpus.py says how).
python3 "$srcdir/tests/kernel/dtb-corpus.py" "$CMACC" "$tmp" "$tmp/pairs" \
	>"$tmp/compare" || status=1
cat "$tmp/compare"
grep -q '^[0-9]* boards with pools, [0-9]* pools' "$tmp/compare" ||
	fail "the comparison did not run"
echo "$count trees read; findings across them:"
sort "$tmp/warnings" | uniq -c | sort -rn
exit $status
