#!/bin/sh
# -O dts and -O mainline, read by what consumes them.  Every example's
# device tree compiles with dtc without a warning, and its nodes, read
# back from the blob with fdtget, hold what -O json says the kernel will
# use: reg for a fixed region, else size and the alignment it gives (and
# no alloc-ranges: the examples give none, so their pools may lie
# anywhere in memory), and linux,cma-default on the default region alone.  Every -O mainline line
# parses as today's early_cma() reads cma= and asks for the default
# region's size, fixed where the region gives its start.
# The examples are written for the 2010 patch, so their sizes need not
# meet the CMA alignment of today's kernels (-Wcma-alignment); what the
# kernel takes is tests/kernel/boot-arm64.sh's.
: "${CMACC:?}" "${srcdir:?}"
for tool in dtc fdtget python3; do
	command -v $tool >/dev/null || {
		echo "SKIP: $tool is needed (Debian: device-tree-compiler, python3)"
		exit 77
	}
done
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# Prints what each region's node must hold, one "node property value" a
# line, from the JSON; then the mainline line's expected meaning.
cat >"$tmp/expect.py" <<'EOF'
import json, sys

doc = json.load(open(sys.argv[1]))

def cells(*vs):
    return ' '.join('%x %x' % (v >> 32, v & 0xffffffff) for v in vs)

default = None
for rule in doc['rules']:
    if any(p['device'] == '*' and p['kind'] == '*' for p in rule['patterns']):
        default = rule['regions'][0]
        break
for r in doc['regions']:
    node = r['name'] + ('@%x' % r['start'] if r['fixed'] else '')
    print(node, 'compatible', 'shared-dma-pool')
    if r['fixed']:
        print(node, 'reg', cells(r['start'], r['size']))
    else:
        print(node, 'size', cells(r['size']))
        if r['written']['align'] is not None:
            print(node, 'alignment', cells(r['align']))
        print(node, 'alloc-ranges', '-')
    print(node, 'default', 'yes' if r['name'] == default else 'no')
if default:
    r = [r for r in doc['regions'] if r['name'] == default][0]
    print('mainline', r['size'], r['start'] if r['fixed'] else -1)
EOF

# The mainline line as early_cma() in kernel/dma/contiguous.c reads it:
# memparse, then '@' and a memparse base, then '-' and a memparse limit;
# the area is fixed when base + size == limit.
cat >"$tmp/early_cma.py" <<'EOF'
import re, sys

def memparse(s, i):
    t = re.match(r'0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*', s[i:]).group(0)
    v = int(t[2:], 16) if t[:2] in ('0x', '0X') else \
        int(t, 8) if t.startswith('0') else int(t)
    i += len(t)
    if i < len(s) and s[i].upper() in 'KMGTPE':
        v <<= 10 * ('KMGTPE'.index(s[i].upper()) + 1)
        i += 1
    return v, i

line = open(sys.argv[1]).read()
assert line.endswith('\n') and line.count('\n') == 1, 'one line'
arg = line.strip()
assert arg.startswith('cma=') and ' ' not in arg, arg
size, i = memparse(arg, 4)
base, limit = 0, 0
if i < len(arg):
    assert arg[i] == '@', arg
    base, i = memparse(arg, i + 1)
    if i < len(arg):
        assert arg[i] == '-', arg
        limit, i = memparse(arg, i + 1)
assert i == len(arg), 'trailing text in ' + arg
fixed = limit != 0 and base + size == limit
print('mainline', size, base if fixed else -1)
EOF

n=0
for f in "$srcdir"/examples/*/*.cma "$srcdir"/examples/*/*.cmdline; do
	case $f in */soc.cma | */features-base.cma) continue ;; esac
	"$CMACC" -O dts -Wno-cma-alignment -o "$tmp/board.dts" "$f" 2>/dev/null ||
		fail "$f: -O dts failed"
	dtc -I dts -O dtb -o "$tmp/board.dtb" "$tmp/board.dts" 2>"$tmp/dtc" ||
		fail "$f: dtc refuses the output: $(cat "$tmp/dtc")"
	[ -s "$tmp/dtc" ] && fail "$f: dtc warns: $(cat "$tmp/dtc")"
	"$CMACC" -O json -o "$tmp/board.json" "$f" 2>/dev/null ||
		fail "$f: -O json failed"
	python3 "$tmp/expect.py" "$tmp/board.json" >"$tmp/expect" ||
		fail "$f: bad JSON"
	while read -r node prop want; do
		[ "$node" = mainline ] && continue
		path=/reserved-memory/$node
		if [ "$prop" = default ]; then
			got=no
			fdtget -t x "$tmp/board.dtb" "$path" linux,cma-default \
				>/dev/null 2>&1 && got=yes
			fdtget "$tmp/board.dtb" "$path" reusable >/dev/null 2>&1 ||
				fail "$f: $node is not reusable"
		elif [ "$prop" = compatible ]; then
			got=$(fdtget "$tmp/board.dtb" "$path" compatible)
		else
			got=$(fdtget -t x "$tmp/board.dtb" "$path" "$prop" 2>/dev/null) ||
				got=-
		fi
		[ "$got" = "$want" ] ||
			fail "$f: $path $prop is '$got', not '$want'"
	done <"$tmp/expect"
	if grep -q '^mainline' "$tmp/expect"; then
		"$CMACC" -Wno-mainline -Wno-cma-alignment -O mainline -o "$tmp/mainline" "$f" \
			2>/dev/null || fail "$f: -O mainline failed"
		python3 "$tmp/early_cma.py" "$tmp/mainline" >"$tmp/read" ||
			fail "$f: the kernel would not read $(cat "$tmp/mainline")"
		grep '^mainline' "$tmp/expect" | cmp -s - "$tmp/read" ||
			fail "$f: $(cat "$tmp/mainline") reads as $(cat "$tmp/read")"
		m=$((${m:-0} + 1))
	fi
	n=$((n + 1))
done
[ "$n" -ge 7 ] && [ "${m:-0}" -ge 4 ] || fail "only $n trees and ${m:-0} mainline lines"

# A fixed default region: the line fixes the area.
printf 'cma=fb=8M;pool=64M@0x40000000 cma_map=s3c-fb=fb;*/*=pool\n' \
	>"$tmp/fixed.cmdline"
"$CMACC" -Wno-mainline -O mainline -o "$tmp/mainline" "$tmp/fixed.cmdline" ||
	fail "fixed: -O mainline failed"
[ "$(python3 "$tmp/early_cma.py" "$tmp/mainline")" = \
	"mainline 67108864 1073741824" ] || fail "fixed: $(cat "$tmp/mainline")"
echo "PASS: $n device trees, $m mainline lines"
