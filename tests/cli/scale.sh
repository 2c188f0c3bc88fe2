#!/bin/sh
# Cost that grows no faster than n log n: each input dimension at N and
# at 8N, in inputs of the shape that once made it quadratic; the best of
# three runs at 8N may cost at most 12 times the best at N (n log n
# gives about 9, quadratic 64).  A ratio, measured in one run, so that
# the machine's load moves both sides alike.
: "${CMACC:?}" "${srcdir:?}" "${LIBCMA:?}" "${CC:=cc}"
srcdir=$(cd "$srcdir" && pwd) || exit 99
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; status=1; }
status=0
cd "$tmp" || exit 99

# The best of three runs of a command, in microseconds.
best() {
	b=
	for _ in 1 2 3; do
		t0=$(date +%s%N)
		"$@" >/dev/null 2>&1
		t1=$(date +%s%N)
		t=$(((t1 - t0) / 1000))
		[ -z "$b" ] || [ "$t" -lt "$b" ] && b=$t
	done
	echo "$b"
}

# dimension N: make (a function) writes the input for N as $1.N, and
# the rest of the line is the command, with @ for the input.
scale() {
	what=$1 n=$2 make=$3
	shift 3
	$make "$n" && $make $((8 * n)) || { fail "$what: no input"; return; }
	one=$(best "$@" "in.$n")
	eight=$(best "$@" "in.$((8 * n))")
	ratio=$(awk -v a="$one" -v b="$eight" 'BEGIN { printf "%.1f", b / (a ? a : 1) }')
	echo "$what: $n in $one us, $((8 * n)) in $eight us: ${ratio}x"
	awk -v r="$ratio" 'BEGIN { exit !(r <= 12) }' ||
		fail "$what grows ${ratio}x from $n to $((8 * n))"
}

gen() { python3 -c "$2" "$1" >"in.$1"; }

overlapping() { gen "$1" '
import sys
n = int(sys.argv[1])
for i in range(n): print("region r%d { size = 4K; start = 0x100000; }" % i)
print("map { x -> r0; }")'; }
scale "regions at one address" 1000 overlapping "$CMACC" -I cma -O none -fmax-errors=1

wild_rules() { gen "$1" '
import sys
print("region r { size = 4K; }\nmap {")
for i in range(int(sys.argv[1])): print("\t?d%d -> r;" % i)
print("}")'; }
scale "wildcard rules" 2000 wild_rules "$CMACC" -I cma -O table -o /dev/null

fallbacks() { gen "$1" '
import sys
n = int(sys.argv[1])
print("cma=" + ";".join("r%d=4K" % i for i in range(n)) +
      " cma_map=x=" + ",".join("r%d" % i for i in range(n)))'; }
scale "a rule's regions" 4000 fallbacks "$CMACC" -I cmdline -O table -o /dev/null

patterns() { gen "$1" '
import sys
n = int(sys.argv[1])
print("cma=r=4K cma_map=" + ",".join("d%d" % i for i in range(n)) + "=r")'; }
scale "a rule's patterns" 4000 patterns "$CMACC" -I cmdline -O table -o /dev/null

banks() { gen "$1" '
import sys
n = int(sys.argv[1])
print("memory {")
for i in range(n): print("\tbank b%d { base = %d; size = 4K; }" % (i, 8192 * i))
print("}\nregion r { size = 4K; }\nmap { x -> r; }")'; }
scale "banks" 2000 banks "$CMACC" -I cma -O none

constants() { gen "$1" '
import sys
n = int(sys.argv[1])
print("const c0 = 4K;")
for i in range(1, n): print("const c%d = c%d + 0;" % (i, i - 1))
print("region r { size = c%d; }\nmap { x -> r; }" % (n - 1))'; }
scale "constants" 2000 constants "$CMACC" -I cma -O none

includes() {
	mkdir -p "inc.$1" && python3 -c '
import sys
n = int(sys.argv[1])
for i in range(n):
    open("inc.%d/f%d.cma" % (n, i), "w").write("region r%d { size = 4K; }\n" % i)
print("\n".join("include \"inc.%d/f%d.cma\";" % (n, i) for i in range(n)))
print("map { x -> r0; }")' "$1" >"in.$1"; }
scale "includes" 500 includes "$CMACC" -I cma -O none -Wno-unused-region

regions() { gen "$1" '
import sys
n = int(sys.argv[1])
for i in range(n): print("region r%d { size = 4K; }" % i)
print("map {")
for i in range(n): print("\td%d -> r%d;" % (i, i))
print("}")'; }
scale "regions and rules" 2000 regions "$CMACC" -I cma -O table -o /dev/null
# A policy against itself: each request's answer found by a search.
diff_self() { "$CMACC" -q --diff="$1" "$1"; }
scale "--diff of regions and rules" 2000 regions diff_self

# Banks with a carve-out each, a region with a range in each: placement,
# the memory's sums and the map's bars.
carved() { gen "$1" '
import sys
n = int(sys.argv[1])
print("memory {")
for i in range(n): print("\tbank b%d { base = %d; size = 8K; }" % (i, 16384 * i))
for i in range(n): print("\treserved c%d { base = %d; size = 4K; }" % (i, 16384 * i + 4096))
print("}")
for i in range(n): print("region r%d { size = 4K; alloc_range = %d, 16K; }" % (i, 16384 * i))
print("map {")
for i in range(n): print("\td%d -> r%d;" % (i, i))
print("}")'; }
scale "banks, carve-outs and ranges, mapped" 1000 carved "$CMACC" -I cma -O map -o /dev/null

undefined() { gen "$1" '
import sys
n = int(sys.argv[1])
for i in range(n): print("region r%d { size = 4K; }" % i)
print("map {")
for i in range(n): print("\td%d -> q%d;" % (i, i))
print("}")'; }
scale "undefined region names" 2000 undefined "$CMACC" -I cma -O none

# -O dtb on a board of N devices, each named by a rule of its own, and a
# last wildcard rule that takes none of them: each device is matched to
# the rules, and the tree is written with a memory-region for each.
board() { gen "$1" '
import sys
n = int(sys.argv[1])
print("memory { bank ram { base = 0x40000000; size = 1G; } }")
print("region a { size = 2M; }\nregion b { size = 2M; }\nmap {")
for i in range(n): print("\t%x.d%d -> a, b;" % (0x10000000 + 0x1000 * i, i))
print("\t* kind any -> b;\n}")
with open("board.%d.dts" % n, "w") as dts:
    dts.write("/dts-v1/;\n/ {\n\t#address-cells = <1>;\n\t#size-cells = <1>;\n")
    for i in range(n):
        a = 0x10000000 + 0x1000 * i
        dts.write("\td%d@%x { compatible = \"x\"; reg = <0x%x 0x1000>; };\n" % (i, a, a))
    dts.write("};\n")' && dtc -q -I dts -O dtb -o "in.$1.dtb" "board.$1.dts"; }
board_tree() { "$CMACC" -I cma -O dtb -Wno-shadowed-rule --board="$1.dtb" -o /dev/null "$1"; }
# -I dtb on a tree of N dynamic pools, each a device's memory-region:
# read, matched, placed as the kernel places them and checked.
tree() { gen "$1" '
import sys
n = int(sys.argv[1])
print("/dts-v1/;\n/ {\n#address-cells = <1>;\n#size-cells = <1>;")
print("memory@0 { device_type = \"memory\"; reg = <0x0 0xf0000000>; };")
print("reserved-memory {\n#address-cells = <1>;\n#size-cells = <1>;\nranges;")
for i in range(n): print("p%d: p%d { compatible = \"shared-dma-pool\"; reusable; size = <0x200000>; };" % (i, i))
print("};")
for i in range(n): print("d%d@%x { compatible = \"x\"; reg = <0x%x 0x10>; memory-region = <&p%d>; };" % (i, 0x10000000 + i * 16, 0x10000000 + i * 16, i))
print("};")' && mv "in.$1" "tree.$1.dts" &&
	dtc -q -I dts -O dtb -o "in.$1" "tree.$1.dts"; }
if command -v dtc >/dev/null; then
	scale "board devices" 500 board board_tree
	scale "device tree pools" 1000 tree "$CMACC" -I dtb -O none \
		-Wno-cma-areas -Wno-pool-placement
else
	fail "dtc is missing: install device-tree-compiler"
fi

# A trace of N events, and one that leaves N equal holes and then asks
# for more: --simulate measures every region after every event.
printf 'region r { size = 4G; }\nmap { cam -> r; }\n' >trace.cma
events() { gen "$1" '
import sys
n = int(sys.argv[1])
for i in range(n // 2): print("alloc c%d cam - 4K" % i)
for i in range(n // 2): print("put c%d" % i)'; }
scale "trace events" 4000 events "$CMACC" trace.cma --simulate
holes() { gen "$1" '
import sys
n = int(sys.argv[1])
for i in range(2 * n): print("alloc c%d cam - 4K" % i)
for i in range(0, 2 * n, 2): print("put c%d" % i)
for i in range(n): print("alloc d%d cam - 8K" % i)'; }
for n in 1000 8000; do holes $n; mv "in.$n" "h.$n"; done
one=$(best "$CMACC" trace.cma --simulate=h.1000)
eight=$(best "$CMACC" trace.cma --simulate=h.8000)
ratio=$(awk -v a="$one" -v b="$eight" 'BEGIN { printf "%.1f", b / (a ? a : 1) }')
echo "equal holes: 1000 in $one us, 8000 in $eight us: ${ratio}x"
awk -v r="$ratio" 'BEGIN { exit !(r <= 12) }' || fail "equal holes grow ${ratio}x"

# cma_ctx_info on a rule of N regions, called N times.
cat >info.c <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cma.h>

int main(int argc, char **argv)
{
	unsigned n = atoi(argv[1]), i;
	size_t cap = 16 * (size_t)n + 16;
	char *cma = malloc(cap), *map = malloc(cap), *p = cma, *q = map;
	struct cma_ctx *ctx;
	struct cma_info info;
	int ret = 0;

	q += sprintf(q, "x=");
	for (i = 0; i < n; i++) {
		p += sprintf(p, "%sr%u=4K", i ? ";" : "", i);
		q += sprintf(q, "%sr%u", i ? "," : "", i);
	}
	ret = cma_ctx_from_cmdline(&ctx, cma, map);
	free(cma);
	free(map);
	if (ret)
		return printf("%s\n", cma_ctx_error()), 1;
	for (i = 0; i < n && !ret; i++)
		ret = cma_ctx_info(ctx, &info, "x", NULL) || info.count != n;
	cma_ctx_destroy(ctx);
	return ret;
}
C
# shellcheck disable=SC2086 # CFLAGS holds several words
if $CC $CFLAGS -I"$srcdir/include" -o info info.c "$LIBCMA" -lpthread; then
	one=$(best ./info 2000)
	eight=$(best ./info 16000)
	./info 16000 || fail "cma_ctx_info: the driver failed"
	ratio=$(awk -v a="$one" -v b="$eight" 'BEGIN { printf "%.1f", b / (a ? a : 1) }')
	echo "cma_ctx_info: 2000 in $one us, 16000 in $eight us: ${ratio}x"
	awk -v r="$ratio" 'BEGIN { exit !(r <= 12) }' ||
		fail "cma_ctx_info grows ${ratio}x"
else
	fail "cannot build the cma_ctx_info driver"
fi
exit $status
