#!/bin/sh
# Every device tree that Debian's arm64 kernel package ships (577 boards,
# 121 of them with shared-dma-pool nodes) read by cmacc -I dtb: these
# boards boot, so no tree may get an error but the findings listed below,
# each explained, and cmacc's reading of each pool must be fdtget's.  The check reads each pool's reg, size,
# alignment, alloc-ranges, reusable, no-map and linux,cma-default from the
# board's blob with fdtget, and the same from the tree cmacc writes with
# -O dts from its reading (compiled by dtc), as numbers in each tree's
# own cells, in order.  The warnings cmacc gives across the corpus are
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

# Each pool of each board, field by field, fdtget's reading of both trees.
python3 - "$tmp/pairs" >"$tmp/compare" <<'PY' || status=1
import subprocess, sys

def get(tree, path, prop, kind="x"):
    r = subprocess.run(["fdtget", "-t", kind, tree, path, prop],
                       capture_output=True, text=True)
    return r.stdout.split() if r.returncode == 0 else None

def cells(tree, path, name, dflt):
    v = get(tree, path, name)
    return int(v[0], 16) if v else dflt

def numbers(words, widths):
    """Words of hex cells as numbers, taking widths in turn."""
    out, i = [], 0
    while words and i < len(words):
        for w in widths:
            v = 0
            for k in range(w):
                v = v << 32 | int(words[i + k], 16)
            out.append(v)
            i += w
    return out

def pools(tree):
    na, ns = cells(tree, "/", "#address-cells", 2), cells(tree, "/", "#size-cells", 1)
    kids = subprocess.run(["fdtget", "-l", tree, "/reserved-memory"],
                          capture_output=True, text=True).stdout.split()
    found = []
    for kid in kids:
        path = "/reserved-memory/" + kid
        compat = get(tree, path, "compatible", "s") or []
        status = get(tree, path, "status", "s")
        if "shared-dma-pool" not in compat or (status and status[0] not in ("okay", "ok")):
            continue
        props = set(subprocess.run(["fdtget", "-p", tree, path],
                                   capture_output=True, text=True).stdout.split())
        reg = get(tree, path, "reg")
        size, align = get(tree, path, "size"), get(tree, path, "alignment")
        ranges = get(tree, path, "alloc-ranges")
        found.append({
            "reg": numbers(reg, [na, ns])[:2] if reg else None,
            "size": numbers(size, [ns]) if size and not reg else None,
            "alignment": numbers(align, [na]) if align and not reg else None,
            "alloc-ranges": numbers(ranges, [na, ns]) if ranges and not reg else None,
            "flags": sorted(props & {"reusable", "no-map", "linux,cma-default"}),
            "name": kid,
        })
    return found

total = boards = bad = 0
for line in open(sys.argv[1]):
    board, ours = line.split()
    theirs, mine = pools(board), pools(ours)
    if theirs:
        boards += 1
    total += len(theirs)
    if len(theirs) != len(mine):
        print("FAIL: %s: %d pools, cmacc read %d" % (board, len(theirs), len(mine)))
        bad += 1
        continue
    for t, m in zip(theirs, mine):
        for field in ("reg", "size", "alignment", "alloc-ranges", "flags"):
            if t[field] != m[field]:
                print("FAIL: %s: pool %s: %s is %s, cmacc read %s" %
                      (board, t["name"], field, t[field], m[field]))
                bad += 1
print("%d boards with pools, %d pools, each compared field by field" % (boards, total))
sys.exit(1 if bad else 0)
PY
cat "$tmp/compare"
grep -q '^[0-9]* boards with pools, [0-9]* pools' "$tmp/compare" ||
	fail "the comparison did not run"
echo "$count trees read; findings across them:"
sort "$tmp/warnings" | uniq -c | sort -rn
exit $status
