#!/bin/sh
# Today's kernel is the judge of cmacc's outputs for it: Debian's arm64
# kernel (CONFIG_CMA=y) booted in QEMU's virt machine, with QEMU's own
# device tree plus the pools of cmacc -O dts, or with the cma= of
# -O mainline.  Each boot's log must show what cmacc planned:
#
#   - examples/virt-arm64/virt.cma: every pool created, with the size
#     cmacc wrote, a fixed one at its start, the others inside the bank
#     on the 2M grid, and no more CMA memory than the pools';
#   - tests/kernel/arm64/misaligned.cma: cmacc refuses exactly the pools
#     the kernel refuses when they are written anyway (-Wno-cma-alignment),
#     and with --round-to-target the kernel creates every one, at the
#     rounded size;
#   - tests/kernel/arm64/areas.cma: cmacc refuses twenty pools with no
#     default region, and the kernel, given them, has no slot left for its
#     own default area;
#   - examples/virt-arm64/virt.cma on the board's own tree (QEMU's, with
#     the devices of devices.dts) through -O dtb: the pools as planned,
#     and tests/kernel/arm64/cma_dmatest.c, cross-built for the kernel,
#     gets dma_alloc_coherent() memory from the first region of each
#     device's rule, from the second by index, and from the default area
#     for a device whose rule gives no other; and the same with -O dtso,
#     applied to the board's tree with fdtoverlay;
#   - -O mainline: a fixed cma= reserves its area where cmacc said; one
#     whose start cmacc refuses, the kernel refuses;
#   - cma.ko and cma_selftest.ko, cross-built from the same sources as on
#     x86, pass their KTAP self-test on tests/kernel/arm64/module.cma,
#     loaded as a table and as parameters; and examples/board-build's
#     driver places its regions where cmacc places them.
#
# Without QEMU for arm64, dtc or the arm64 kernel it skips (77) and says
# which; with CMA_REQUIRE_KERNEL_TEST=1 (as .ci/run sets) that skip fails.
set -u
me=boot-arm64.sh
src=${srcdir:-.}
. "$src/tests/kernel/qemu.sh"
: "${CMACC:?}"

arm64_prepare "$(pwd)/tests/kernel/work-arm64" "$src/tests/kernel/arm64/cma_dmatest.c"
boards=$src/tests/kernel/arm64

# cma.ko and its self-test, built from the same files as on x86, on a
# policy in memory a no-map child of /reserved-memory leaves to it (as
# memmap= does on x86): as a table, then as parameters; KTAP on the
# console.
policy=$boards/module.cma
# And examples/board-build's driver, cross-built as its Kbuild builds it
# (the runtime table-only, its table assumed valid, bf alone), placing
# its regions in that memory.
board_driver "$work/board" "$headers" W=1 ARCH=arm64 \
	CROSS_COMPILE=aarch64-linux-gnu-
cp "$work/board/board_cma.ko" "$work/root/lib/modules/" ||
	fail "cannot copy board_cma.ko"
"$CMACC" -O table -o "$work/root/lib/firmware/board.cmat" "$policy" ||
	fail "cmacc could not compile $policy"
params=$("$CMACC" "$policy") || fail "cmacc could not write $policy's parameters"
cma=$(echo "$params" | sed -n 's/^cma=\([^ ]*\) cma_map=.*/\1/p')
cma_map=$(echo "$params" | sed -n 's/.* cma_map=\([^ ]*\)$/\1/p')
{ ktap_shell && cat <<EOF
requests=camera/raw,vpu/a,vpu/b,fb,dsp/any
check "cma.ko loads the table" insmod /lib/modules/cma.ko table=board.cmat
check "cma_selftest.ko runs on it" \
	insmod /lib/modules/cma_selftest.ko requests=\$requests
check "both unload" rmmod cma_selftest cma
check "cma.ko loads cma= and cma_map=" \
	insmod /lib/modules/cma.ko 'cma=$cma' 'cma_map=$cma_map'
check "cma_selftest.ko runs on them" \
	insmod /lib/modules/cma_selftest.ko requests=\$requests
check "both unload again" rmmod cma_selftest cma
check "board_cma.ko places the board-build example's regions" \
	insmod /lib/modules/board_cma.ko base=0x70000000 size=0x4000000
check "and unloads" rmmod board_cma
ktap_results
EOF
} >"$work/root/module-test"
arm64_pack
{ dtc -q -I dtb -O dts "$virt_dtb" && cat <<'EOF'
/ {
	reserved-memory {
		#address-cells = <2>;
		#size-cells = <2>;
		ranges;
		spare@70000000 {
			reg = <0x0 0x70000000 0x0 0x4000000>;
			no-map;
		};
	};
};
EOF
} >"$work/spare.dts" &&
	dtc -q -I dts -O dtb -o "$work/spare.dtb" "$work/spare.dts" ||
	fail "module: cannot add the spare memory to QEMU's tree"
arm64_boot module "$work/spare.dtb" "cmatools.module-test"
# Three KTAP blocks (two self-tests, the script's), each complete.
ktap_verify "$work/module.console" 3
board_placed 0x70000000 64M >"$work/board.expected"
grep '^board_cma: region .* at 0x' "$work/module.console" >"$work/board.placed"
[ -s "$work/board.expected" ] && cmp -s "$work/board.expected" "$work/board.placed" ||
	fail "board_cma.ko placed its regions elsewhere than cmacc: $(cat "$work/board.placed"), not $(cat "$work/board.expected")"
echo "$me: cma.ko and cma_selftest.ko pass on arm64, and board_cma.ko places as cmacc"

# board NAME CMACC-ARGS...: QEMU's tree with cmacc's pools added, as
# $work/NAME.dtb, and cmacc's pools alone as $work/NAME.pools.dtb.
board() {
	name=$1
	shift
	"$CMACC" -O dts -o "$work/$name.pools" "$@" ||
		fail "$name: cmacc -O dts $* failed"
	dtc -q -I dts -O dtb -o "$work/$name.pools.dtb" "$work/$name.pools" ||
		fail "$name: dtc refuses cmacc's pools"
	# One tree: QEMU's, then cmacc's without its /dts-v1/ line.
	{ dtc -q -I dtb -O dts "$virt_dtb" && sed '/^\/dts-v1\/;$/d' \
		"$work/$name.pools"; } >"$work/$name.dts" ||
		fail "$name: cannot read QEMU's tree"
	dtc -q -I dts -O dtb -o "$work/$name.dtb" "$work/$name.dts" ||
		fail "$name: dtc refuses the merged tree"
}

# The log's pools: "NODE created BASE SIZE-MIB" or "NODE refused", and
# the CMA memory as /proc/meminfo gives it: "total KB".
cat >"$work/pools.py" <<'EOF'
import re, sys

base = None
for line in open(sys.argv[1]):
    m = re.match(r'Reserved memory: created CMA memory pool at (0x[0-9a-f]+), size (\d+) MiB', line)
    if m:
        base, mib = int(m.group(1), 16), int(m.group(2))
    m = re.match(r'OF: reserved mem: initialized node (\S+), compatible id shared-dma-pool', line)
    if m and base is not None:
        print(m.group(1).split('@')[0], 'created', base, mib)
        base = None
    m = re.match(r'OF: reserved mem: node (\S+) compatible matching fail', line)
    if m:
        print(m.group(1).split('@')[0], 'refused')
    m = re.match(r'CmaTotal: +(\d+) kB', line)
    if m:
        print('total', m.group(1))
EOF

# What the log must say of the pools of a tree, read back with fdtget:
# each created at its size, one with "reg" at its base, the others on the
# 2M grid inside their "alloc-ranges" if they have them, and, given the
# -O json of cmacc -I dtb on the booted tree, each where cmacc says the
# kernel places it; the CMA memory their sum.
cat >"$work/expect.py" <<'EOF'
import json, subprocess, sys

def fdtget(*args):
    return subprocess.run(['fdtget'] + list(args), capture_output=True,
                          text=True).stdout.split()

def values(cells):
    v = [int(c, 16) for c in cells]
    return [(v[i] << 32) | v[i + 1] for i in range(0, len(v), 2)]

dtb = sys.argv[1]
plan = {}
if len(sys.argv) > 3:
    plan = {r['name']: r['start'] for r in json.load(open(sys.argv[3]))['regions']}
got = {}
total = None
for line in open(sys.argv[2]):
    w = line.split()
    if w[0] == 'total':
        total = int(w[1]) * 1024
    else:
        got[w[0]] = w[1:]
bad = []
want = 0
for node in fdtget('-l', dtb, '/reserved-memory'):
    path = '/reserved-memory/' + node
    name = node.split('@')[0]
    reg = values(fdtget('-t', 'x', dtb, path, 'reg'))
    size = reg[1] if reg else values(fdtget('-t', 'x', dtb, path, 'size'))[0]
    ranges = values(fdtget('-t', 'x', dtb, path, 'alloc-ranges'))
    want += size
    g = got.get(name)
    if not g or g[0] != 'created':
        bad.append('%s: not created (%s)' % (name, g))
        continue
    at, mib = int(g[1]), int(g[2])
    if mib != size >> 20:
        bad.append('%s: %d MiB, not %d' % (name, mib, size >> 20))
    if reg and at != reg[0]:
        bad.append('%s: at %#x, not %#x' % (name, at, reg[0]))
    if not reg and (at % (2 << 20) or (ranges and not any(
            b <= at and at + size <= b + n
            for b, n in zip(ranges[::2], ranges[1::2])))):
        bad.append('%s: at %#x, off the 2M grid or outside its ranges'
                   % (name, at))
    if plan and plan.get(name) != at:
        bad.append('%s: at %#x, where cmacc said %s' % (name, at, plan.get(name)))
if total != want:
    bad.append("CMA holds %s bytes, not the pools' %d" % (total, want))
print('\n'.join(bad))
sys.exit(1 if bad else 0)
EOF

# pools NAME: the pools and CMA total of boot NAME.
pools() {
	python3 "$work/pools.py" "$work/$1.console" >"$work/$1.pools-seen" ||
		fail "$1: cannot read the log"
}

# The example board: every pool as planned, each where cmacc -I dtb,
# reading the tree booted, says the kernel places it.
board virt "$src/examples/virt-arm64/virt.cma"
arm64_boot virt "$work/virt.dtb" ""
pools virt
"$CMACC" -I dtb -O json -o "$work/virt.plan.json" "$work/virt.dtb" 2>"$work/virt.plan.err" ||
	fail "virt: cmacc -I dtb on the booted tree: $(cat "$work/virt.plan.err")"
python3 "$work/expect.py" "$work/virt.pools.dtb" "$work/virt.pools-seen" \
	"$work/virt.plan.json" ||
	fail "virt: the kernel did not create the pools cmacc planned"
echo "$me: virt.cma: $(grep -c created "$work/virt.pools-seen") pools created as planned"

# The misaligned board: the pools cmacc refuses are the kernel's.
mis=$boards/misaligned.cma
"$CMACC" -O dts -o /dev/null "$mis" 2>"$work/mis.errors" &&
	fail "misaligned: cmacc accepts it"
sed -n "s/.*error: region '\([a-z]*\)' .*\[-Wcma-alignment\]$/\1/p" \
	"$work/mis.errors" | sort -u >"$work/mis.cmacc"
[ "$(tr '\n' ' ' <"$work/mis.cmacc")" = "camera codec fb " ] ||
	fail "misaligned: cmacc refuses $(tr '\n' ' ' <"$work/mis.cmacc"), not camera, codec and fb"
board mis -Wno-cma-alignment "$mis"
arm64_boot mis "$work/mis.dtb" ""
pools mis
grep -q 'incorrect alignment of CMA region' "$work/mis.console" ||
	fail "misaligned: the kernel does not say why"
sed -n 's/ refused$//p' "$work/mis.pools-seen" | sort >"$work/mis.kernel"
cmp -s "$work/mis.cmacc" "$work/mis.kernel" ||
	fail "misaligned: the kernel refuses $(tr '\n' ' ' <"$work/mis.kernel"), cmacc $(tr '\n' ' ' <"$work/mis.cmacc")"
board round --round-to-target "$mis"
arm64_boot round "$work/round.dtb" ""
pools round
python3 "$work/expect.py" "$work/round.pools.dtb" "$work/round.pools-seen" ||
	fail "misaligned, rounded: the kernel did not create the pools cmacc planned"
echo "$me: misaligned.cma: cmacc and the kernel refuse the same $(wc -l <"$work/mis.kernel") pools; rounded, all are created"

# Twenty pools and no default: the kernel's own default area is lost.
"$CMACC" -O dts -o /dev/null "$boards/areas.cma" 2>"$work/areas.errors" &&
	fail "areas: cmacc accepts it"
grep -q 'error: the 20 regions take every CMA area' "$work/areas.errors" ||
	fail "areas: cmacc does not say why: $(cat "$work/areas.errors")"
board areas -Wno-cma-areas "$boards/areas.cma"
arm64_boot areas "$work/areas.dtb" ""
pools areas
grep -q 'Not enough slots for CMA reserved regions' "$work/areas.console" ||
	fail "areas: the kernel found a slot for its default area"
[ "$(grep -c created "$work/areas.pools-seen")" = 20 ] ||
	fail "areas: the kernel did not create the 20 pools"
echo "$me: areas.cma: the kernel, as cmacc said, has no slot for its default area"

# The board's own tree (QEMU's and examples/virt-arm64/devices.dts)
# through -O dtb: every pool created as planned, and the driver of each
# device allocates from the regions of its rule, by index, or from the
# default area when its rule gives it no other.
example=$src/examples/virt-arm64
{ dtc -q -I dtb -O dts "$virt_dtb" && sed '/^\/dts-v1\/;$/d' \
	"$example/devices.dts"; } >"$work/board-in.dts" &&
	dtc -q -I dts -O dtb -o "$work/board-in.dtb" "$work/board-in.dts" ||
	fail "devices: cannot add devices.dts to QEMU's tree"
"$CMACC" -O dtb --board="$work/board-in.dtb" -o "$work/board.dtb" \
	"$example/virt.cma" || fail "devices: cmacc -O dtb failed"
arm64_boot devices "$work/board.dtb" ""
pools devices
python3 "$work/expect.py" "$work/board.dtb" "$work/devices.pools-seen" ||
	fail "devices: the kernel did not create the pools cmacc planned"
cat >"$work/dma.py" <<'EOF'
import re, subprocess, sys

def fdtget(*args):
    return subprocess.run(['fdtget'] + list(args), capture_output=True,
                          text=True).stdout.split()

dtb, log = sys.argv[1], sys.argv[2]
pools, by_phandle = {}, {}
default = None
for node in fdtget('-l', dtb, '/reserved-memory'):
    path = '/reserved-memory/' + node
    by_phandle[int(fdtget(dtb, path, 'phandle')[0])] = node.split('@')[0]
    if subprocess.run(['fdtget', dtb, path, 'linux,cma-default'],
                      capture_output=True).returncode == 0:
        default = node.split('@')[0]
base = None
for line in open(log):
    m = re.match(r'Reserved memory: created CMA memory pool at (0x[0-9a-f]+), size (\d+) MiB', line)
    if m:
        base, size = int(m.group(1), 16), int(m.group(2)) << 20
    m = re.match(r'OF: reserved mem: initialized node (\S+),', line)
    if m and base is not None:
        pools[m.group(1).split('@')[0]] = (base, size)
        base = None
got = {}
for line in open(log):
    m = re.match(r'cma-dmatest: (\S+) (-?\d+) (\S+)$', line.strip())
    if m:
        got[(m.group(1), int(m.group(2)))] = m.group(3)
bad, n = [], 0
for node in fdtget('-l', dtb, '/'):
    path = '/' + node
    if 'cmatools,dma-test' not in fdtget(dtb, path, 'compatible'):
        continue
    reg = fdtget('-t', 'x', dtb, path, 'reg')
    dev = '%x.%s' % ((int(reg[0], 16) << 32) | int(reg[1], 16),
                     node.split('@')[0])
    regions = [by_phandle[int(p)] for p in
               fdtget('-t', 'u', dtb, path, 'memory-region')]
    want = list(enumerate(regions)) or [(-1, default)]
    for index, pool in want:
        n += 1
        at = got.get((dev, index))
        if at is None or not at.startswith('0x'):
            bad.append('%s %d: no allocation (%s)' % (dev, index, at))
            continue
        b, size = pools[pool]
        if not b <= int(at, 16) < b + size:
            bad.append('%s %d: %s is not in %s [%#x, %#x)'
                       % (dev, index, at, pool, b, b + size))
print('\n'.join(bad) if bad else '%d allocations where the rules say' % n)
sys.exit(1 if bad or n < 5 else 0)
EOF
python3 "$work/dma.py" "$work/board.dtb" "$work/devices.console" \
	>"$work/dma.out" ||
	fail "devices: a driver's memory came from elsewhere than its rule says: $(cat "$work/dma.out")"
echo "$me: devices.dts: $(cat "$work/dma.out")"

# The same through -O dtso, applied to the board's tree by fdtoverlay.
"$CMACC" -O dtso --board="$work/board-in.dtb" -o "$work/board.dtso" \
	"$example/virt.cma" || fail "overlay: cmacc -O dtso failed"
dtc -q -@ -I dts -O dtb -o "$work/board.dtbo" "$work/board.dtso" &&
	fdtoverlay -i "$work/board-in.dtb" -o "$work/overlaid.dtb" \
		"$work/board.dtbo" || fail "overlay: dtc or fdtoverlay refuses it"
arm64_boot overlaid "$work/overlaid.dtb" ""
pools overlaid
python3 "$work/expect.py" "$work/overlaid.dtb" "$work/overlaid.pools-seen" ||
	fail "overlay: the kernel did not create the pools cmacc planned"
python3 "$work/dma.py" "$work/overlaid.dtb" "$work/overlaid.console" \
	>"$work/dma.out" ||
	fail "overlay: a driver's memory came from elsewhere than its rule says: $(cat "$work/dma.out")"
echo "$me: the overlay: $(cat "$work/dma.out")"

# -O mainline: a fixed area where cmacc put it, and a start it refuses.
line=$("$CMACC" -O mainline "$boards/fixed.cmdline") ||
	fail "fixed: cmacc -O mainline failed"
[ "$line" = "cma=64M@0x60000000-0x64000000" ] || fail "fixed: cmacc wrote $line"
arm64_boot fixed "" "$line"
grep -q '^cma: Reserved 64 MiB at 0x0000000060000000$' "$work/fixed.console" ||
	fail "fixed: the kernel did not reserve 64 MiB at 0x60000000 for $line"
grep -q '^CmaTotal: *65536 kB$' "$work/fixed.console" ||
	fail "fixed: CMA does not hold 64 MiB"
"$CMACC" -O mainline -o /dev/null "$boards/start.cmdline" 2>/dev/null &&
	fail "start: cmacc accepts a start off the 2M grid"
line=$("$CMACC" -O mainline -Wno-cma-alignment "$boards/start.cmdline") ||
	fail "start: cmacc -O mainline -Wno-cma-alignment failed"
arm64_boot start "" "$line"
grep -q '^cma: Region at 0x0*60100000 must be aligned' "$work/start.console" ||
	fail "start: the kernel did not refuse $line"
echo "$me: -O mainline: $line refused by both; the fixed area reserved as planned"
echo "$me: pass"
