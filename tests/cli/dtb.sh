#!/bin/sh
# -O dtb --board: the board's tree comes back with the pools under its
# /reserved-memory and "memory-region" on the device nodes the rules take,
# by the names the kernel gives devices (the address through a bus's
# "ranges", a dot, the node's name); the checks read it back with fdtget.
# Disabled nodes and those on a bus that is not one (I2C) get nothing, a
# rule that takes no device and a memory-region replaced are warnings,
# and a blob libfdt cannot read, or one that cannot take the pools, is an
# error that leaves no output.  -O dtso, applied with fdtoverlay, makes
# the same tree.  What the kernel makes of such trees is
# tests/kernel/boot-arm64.sh's.
: "${CMACC:?}"
for tool in dtc fdtget fdtoverlay; do
	command -v $tool >/dev/null || {
		echo "SKIP: $tool is needed (Debian: device-tree-compiler)"
		exit 77
	}
done
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
cd "$tmp" || exit 99

cat >board.dts <<'DTS'
/dts-v1/;
/ {
	#address-cells = <2>;
	#size-cells = <2>;
	soc {
		compatible = "simple-bus";
		#address-cells = <1>;
		#size-cells = <1>;
		ranges = <0x0 0x0 0x10000000 0x1000000>;
		vpu@1000 { compatible = "acme,vpu"; reg = <0x1000 0x100>; };
		isp@2000 { compatible = "acme,isp"; reg = <0x2000 0x100>;
			   status = "disabled"; };
		fb@3000 { compatible = "acme,fb"; reg = <0x3000 0x100>;
			  memory-region = <&old>; };
	};
	i2c {
		#address-cells = <1>;
		#size-cells = <0>;
		cam@36 { compatible = "acme,cam"; reg = <0x36>; };
	};
	gpu { compatible = "acme,gpu"; };
	reserved-memory {
		#address-cells = <2>;
		#size-cells = <2>;
		ranges;
		old: old@50000000 { reg = <0x0 0x50000000 0x0 0x100000>; no-map; };
	};
};
DTS
dtc -q -I dts -O dtb -o board.dtb board.dts || fail "dtc refuses the board"
cat >p.cma <<'CMA'
memory { bank ram { base = 0x40000000; size = 1G; } }
region video { size = 16M; }
region fb { size = 8M; start = 0x60000000; }
region common { size = 32M; }
map {
	10001000.vpu kind any -> video, common;
	10002000.isp -> video;
	10003000.fb -> fb;
	gpu -> fb, common;
	cam -> video;
	* kind any -> common;
}
CMA

"$CMACC" -O dtb --board=board.dtb -o out.dtb p.cma 2>err ||
	fail "cmacc -O dtb: $(cat err)"
pool() { fdtget out.dtb "/reserved-memory/$1" phandle; }
want() { # node property value
	got=$(fdtget out.dtb "$1" "$2" 2>/dev/null)
	[ "$got" = "$3" ] || fail "$1 $2 is '$got', not '$3'"
}
want /reserved-memory/video compatible shared-dma-pool
want /reserved-memory/fb@60000000 reg "0 1610612736 0 8388608"
want /reserved-memory/common linux,cma-default ""
want /reserved-memory/old@50000000 reg "0 1342177280 0 1048576"
want /soc/vpu@1000 memory-region "$(pool video) $(pool common)"
want /soc/vpu@1000 memory-region-names "video common"
want /soc/fb@3000 memory-region "$(pool fb@60000000)"
want /gpu memory-region "$(pool fb@60000000) $(pool common)"
for node in /soc/isp@2000 /i2c/cam@36; do
	fdtget out.dtb $node memory-region >/dev/null 2>&1 &&
		fail "$node got a memory-region"
done
# The rules that take no device, and the memory-region replaced.
grep -q "^p.cma:7:2: warning: rule '10002000.isp -> video' takes no device of board.dtb \[-Wboard\]$" err ||
	fail "no warning for the rule of the disabled node: $(cat err)"
grep -q "^p.cma:10:2: warning: rule 'cam -> video' takes no device" err ||
	fail "no warning for the rule of the I2C device: $(cat err)"
grep -q "^board.dtb: byte [0-9]*: warning: /soc/fb@3000 (device 10003000.fb) has a memory-region already; cmacc replaces it with the regions of rule '10003000.fb -> fb' \[-Wboard\]$" err ||
	fail "no warning for the memory-region replaced: $(cat err)"
[ "$(grep -c warning: err)" = 3 ] || fail "other warnings: $(cat err)"

# -O dtso, compiled by dtc and applied by fdtoverlay, gives the same tree.
describe() { # DTB: each pool's values, each device's pools by name
	for pool in $(fdtget -l "$1" /reserved-memory); do
		for prop in compatible reg size alignment alloc-ranges; do
			echo "$pool $prop $(fdtget -t x "$1" "/reserved-memory/$pool" $prop 2>/dev/null)"
		done
	done
	for node in /soc/vpu@1000 /soc/fb@3000 /gpu /soc/isp@2000 /i2c/cam@36; do
		printf '%s' "$node:"
		for ph in $(fdtget "$1" $node memory-region 2>/dev/null); do
			for pool in $(fdtget -l "$1" /reserved-memory); do
				[ "$(fdtget "$1" "/reserved-memory/$pool" phandle 2>/dev/null)" = "$ph" ] &&
					printf ' %s' "$pool"
			done
		done
		echo " $(fdtget "$1" $node memory-region-names 2>/dev/null)"
	done
}
"$CMACC" -O dtso --board=board.dtb -o out.dtso p.cma 2>err ||
	fail "cmacc -O dtso: $(cat err)"
dtc -q -@ -I dts -O dtb -o out.dtbo out.dtso || fail "dtc refuses the overlay"
fdtoverlay -i board.dtb -o applied.dtb out.dtbo || fail "fdtoverlay refuses the overlay"
# (fdtoverlay adds the pools in an order of its own.)
describe out.dtb | sort >want.txt
describe applied.dtb | sort >got.txt
grep -q ' video common$' want.txt || fail "the description misses what it checks"
cmp -s want.txt got.txt || fail "the overlay applied differs from -O dtb: $(diff want.txt got.txt)"

# Errors: no output file, and the old one kept.
echo old >kept
"$CMACC" -O dtb --board=p.cma -o kept p.cma 2>err
[ $? = 1 ] || fail "a board that is no blob: not exit 1"
grep -q "^p.cma: byte 0: error: not a device tree blob (libfdt: FDT_ERR_BADMAGIC): --board wants the board's .dtb, as dtc -O dtb writes it \[board-tree\]$" err ||
	fail "a board that is no blob: $(cat err)"
[ "$(cat kept)" = old ] || fail "a failed run replaced the output"
sed 's/old: old@50000000/old: video/' board.dts >clash.dts &&
	dtc -q -I dts -O dtb -o clash.dtb clash.dts || fail "dtc refuses clash.dts"
"$CMACC" -O dtb --board=clash.dtb -o kept p.cma 2>err
[ $? = 1 ] && grep -q "^p.cma:2:8: error: the board already has /reserved-memory/video \[board-tree\]$" err ||
	fail "a pool the board has already: $(cat err)"
sed 's/#address-cells = <2>;\n\t\t#size-cells = <2>;\n\t\tranges;//' board.dts |
	awk '/reserved-memory {/ { print; print "\t\t#address-cells = <1>;"; print "\t\t#size-cells = <1>;"; print "\t\tranges;"; skip = 3; next }
	     skip > 0 { skip--; next } { print }' |
	sed 's/reg = <0x0 0x50000000 0x0 0x100000>/reg = <0x50000000 0x100000>/' >narrow.dts &&
	dtc -q -I dts -O dtb -o narrow.dtb narrow.dts || fail "dtc refuses narrow.dts"
sed 's/start = 0x60000000/start = 0x160000000/; /^memory/d' p.cma >high.cma
"$CMACC" -O dtb --board=narrow.dtb -o kept high.cma 2>err
[ $? = 1 ] && grep -q "error: region 'fb' does not fit the board's /reserved-memory, whose #address-cells is 1 and #size-cells 1 \[board-tree\]$" err ||
	fail "a pool past 32 bits in 32-bit cells: $(cat err)"
[ "$(cat kept)" = old ] || fail "a failed run replaced the output"
# What the board holds already: a default pool, a cma= in its bootargs,
# CMA pools that leave too few areas.
sed 's/no-map; };/reusable; compatible = "shared-dma-pool"; linux,cma-default; };/' \
	board.dts >default.dts && dtc -q -I dts -O dtb -o default.dtb default.dts ||
	fail "dtc refuses default.dts"
"$CMACC" -O dtb --board=default.dtb -o kept p.cma 2>err
[ $? = 1 ] && grep -q "^default.dtb: byte [0-9]*: error: /reserved-memory/old@50000000 is the board's default CMA pool, and region 'common' would be a second: the kernel keeps one \[board-tree\]$" err ||
	fail "a second default pool: $(cat err)"
awk '{ print } /#size-cells = <2>;/ && !done {
	print "\tchosen { bootargs = \"console=ttyAMA0 cma=64M\"; };"; done = 1 }' \
	board.dts >args.dts &&
	dtc -q -I dts -O dtb -o args.dtb args.dts || fail "dtc refuses args.dts"
"$CMACC" -O dtso --board=args.dtb -o kept p.cma 2>err
[ $? = 1 ] && grep -q "^args.dtb: byte [0-9]*: error: the board's bootargs give cma=64M, which makes the kernel bypass the default pool, region 'common' \[board-tree\]$" err ||
	fail "cma= in the bootargs: $(cat err)"
awk '/old: old@50000000/ { for (i = 0; i < 18; i++)
	printf "\t\tp%d { compatible = \"shared-dma-pool\"; reusable; size = <0 0x200000>; };\n", i }
     { print }' board.dts >many.dts && dtc -q -I dts -O dtb -o many.dtb many.dts ||
	fail "dtc refuses many.dts"
"$CMACC" -O dtb --board=many.dtb -o kept p.cma 2>err
[ $? = 1 ] && grep -q "error: the board's 18 CMA pools and the policy's 3 regions need 21 CMA areas, and linux-6.1-arm64-4k has room for 20 \[-Wcma-areas\]$" err ||
	fail "too many CMA areas with the board's: $(cat err)"
[ "$(cat kept)" = old ] || fail "a failed run replaced the output"
"$CMACC" -O dtb p.cma 2>err
[ $? = 2 ] && grep -q "give it with --board=FILE.dtb" err || fail "-O dtb without --board: $(cat err)"
"$CMACC" --board=board.dtb p.cma 2>err
[ $? = 2 ] && grep -q "^cmacc: --board goes with -O dtb and -O dtso$" err || fail "--board without -O dtb: $(cat err)"
echo "PASS: -O dtb and -O dtso"
