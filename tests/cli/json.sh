#!/bin/sh
# -O json and --diagnostics-format=json, read by a JSON parser against the
# schema (man/cma-json.schema.json): every example and every command-line
# case that compiles validates, says what -O cmdline says (the canonical
# command line rebuilt from the JSON is cmacc's, byte for byte) and gives
# the kernel's rounded values; diagnostics agree with the text ones; names
# with bytes that are not UTF-8 still make valid JSON.
: "${CMACC:?}" "${srcdir:?}"
python3 -c 'import jsonschema' 2>/dev/null || {
	echo "SKIP: python3 with jsonschema (Debian: python3-jsonschema) is needed"
	exit 77
}
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

cat >"$tmp/check.py" <<'EOF'
import json, sys, jsonschema

schema = json.load(open(sys.argv[1]))
mode, path = sys.argv[2], sys.argv[3]
doc = json.loads(open(path, 'rb').read())

def suffixed(v):
    for k, s in reversed(list(enumerate('KMGTPE', 1))):
        if v and v % (1 << (10 * k)) == 0:
            return '%d%s' % (v >> (10 * k), s)
    return str(v)

def round_up(v, a):
    return (v + a - 1) // a * a

if mode == 'diagnostics':
    sub = dict(schema, **{'$ref': '#/$defs/diagnostics'})
    for k in ('required', 'properties', 'additionalProperties', 'type'):
        sub.pop(k, None)
    jsonschema.validate(doc, sub)
    for d in doc:
        for loc, kind in [(d['location'], d['kind'])] + \
                [(n['location'], 'note') for n in d['notes']]:
            if loc:
                print('%s:%d:%d: %s' % (loc['file'], loc['line'],
                                        loc['column'], kind))
    sys.exit(0)

jsonschema.validate(doc, schema)
page = doc['page_size']
items = []
for r in doc['regions']:
    w = r['written']
    align = max(w['align'] or page, page)
    assert r['align'] == align, r
    assert r['size'] == round_up(w['size'], page), r
    if r['fixed']:
        assert r['start'] == round_up(w['start'], align), r
    text = '%s=%s' % (r['name'], suffixed(w['size']))
    if w['start']:
        text += '@' + suffixed(w['start'])
    if w['align'] and w['align'] > page:
        text += '/' + suffixed(w['align'])
    if r['allocator'] is not None or r['params'] is not None:
        text += ':' + (r['allocator'] or '')
        if r['params'] is not None:
            text += '(%s)' % r['params']
    items.append(text)
line = []
if items:
    line.append('cma=' + ';'.join(items))
def map_value(compact):
    # compact: '/KIND' for each pattern whose device is the one before
    last, rules = None, []
    for rule in doc['rules']:
        pats = []
        for p in rule['patterns']:
            dev, kind = p['device'], p['kind']
            bare = p['inherited'] or (compact and kind is not None and
                                      dev == last)
            text = ''
            if dev is not None and not bare:
                text = dev
            if kind is not None:
                text += '/' + kind
            elif bare:
                text += '/'
            if dev is not None:
                last = dev
            pats.append(text)
        rules.append(','.join(pats) + '=' + ','.join(rule['regions']))
    return ';'.join(rules)
if doc['rules']:
    value = map_value(False)
    if len(value.encode('utf-8')) > 511:
        value = map_value(True)
    line.append('cma_map=' + value)
sys.stdout.write(' '.join(line) + '\n' if line else '')
EOF
check() { python3 "$tmp/check.py" "$srcdir/man/cma-json.schema.json" "$@"; }

n=0
for f in "$srcdir"/examples/*/*.cma "$srcdir"/examples/*/*.cmdline \
	"$srcdir"/tests/cli/*/*.cmdline; do
	case $f in */soc.cma | */features-base.cma) continue ;; esac
	args=
	[ -f "${f%.*}.args" ] && args=$(cat "${f%.*}.args")
	# The rebuilt line is the runtime's: no --target=2010 suffixes.
	case $args in *-O* | *--explain* | *--check* | *--simulate* | *--target=2010*)
		continue ;;
	esac
	# shellcheck disable=SC2086 # args holds several words
	"$CMACC" $args "$f" >"$tmp/line" 2>/dev/null || continue
	# shellcheck disable=SC2086
	"$CMACC" $args -O json --diagnostics-format=json "$f" \
		>"$tmp/doc.json" 2>"$tmp/err" || fail "$f: -O json failed"
	[ -s "$tmp/err" ] && fail "$f: -O json wrote to stderr: $(cat "$tmp/err")"
	check policy "$tmp/doc.json" >"$tmp/rebuilt" || fail "$f: bad JSON"
	cmp -s "$tmp/line" "$tmp/rebuilt" ||
		fail "$f: JSON says $(cat "$tmp/rebuilt"), -O cmdline $(cat "$tmp/line")"
	n=$((n + 1))
done
[ "$n" -ge 40 ] || fail "only $n inputs compiled"

# Errors: exit 1, no output, and JSON diagnostics on stderr at the same
# places as the text ones.
m=0
for f in "$srcdir"/tests/cli/*/*.cmdline "$srcdir"/tests/cli/*/*.cma; do
	args=
	[ -f "${f%.*}.args" ] && args=$(cat "${f%.*}.args")
	case $args in *-O* | *--explain*) continue ;; esac
	# shellcheck disable=SC2086 # args holds several words
	(cd "$(dirname "$f")" && "$CMACC" --color=never $args \
		"$(basename "$f")" >/dev/null 2>"$tmp/text") && continue
	rm -f "$tmp/none"
	# shellcheck disable=SC2086
	(cd "$(dirname "$f")" && "$CMACC" --diagnostics-format=json $args \
		-o "$tmp/none" "$(basename "$f")" 2>"$tmp/diag.json")
	status=$?
	[ "$status" = 1 ] || [ "$status" = 2 ] || fail "$f: exit $status"
	# A replay whose allocations fail has no errors: its report is whole.
	case $args in *--simulate*) [ -s "$tmp/text" ] || continue ;; esac
	[ -e "$tmp/none" ] && fail "$f: output despite errors"
	[ "$status" = 2 ] && continue
	check diagnostics "$tmp/diag.json" >"$tmp/places" ||
		fail "$f: bad JSON diagnostics"
	# JSON lists every diagnostic; text stops at -fmax-errors.
	grep -q 'not shown (-fmax-errors' "$tmp/text" && continue
	grep -o '^[^ ]*:[0-9]*:[0-9]*: [a-z]*' "$tmp/text" >"$tmp/text-places"
	grep ':[0-9]*:[0-9]*: ' "$tmp/places" | cmp -s - "$tmp/text-places" ||
		fail "$f: JSON and text diagnostics differ"
	m=$((m + 1))
done
[ "$m" -ge 50 ] || fail "only $m inputs with errors"
rm -f "$tmp/doc.json"
printf 'cma=r=1M cma_map=camera=q\n' >"$tmp/undefined.cmdline"
"$CMACC" -O json --diagnostics-format=json -o "$tmp/doc.json" \
	"$tmp/undefined.cmdline" 2>"$tmp/diag.json"
[ $? = 1 ] && [ ! -e "$tmp/doc.json" ] || fail "-O json wrote despite an error"
check diagnostics "$tmp/diag.json" | grep -q ': error$' ||
	fail "-O json: the error is not on stderr as JSON"

# A device name with bytes that are not UTF-8, and a control byte.
printf 'cma=r=1M cma_map=\377\022dev\303=r\n' >"$tmp/bytes.cmdline"
"$CMACC" -O json "$tmp/bytes.cmdline" >"$tmp/bytes.json" || fail "bytes: -O json"
check policy "$tmp/bytes.json" >/dev/null || fail "bytes: not valid JSON"
python3 -c 'import json,sys; d = json.load(open(sys.argv[1]))
assert d["rules"][0]["patterns"][0]["device"] == "\u00ff\u0012dev\u00c3"' \
	"$tmp/bytes.json" || fail "bytes: not carried as U+00xx"
# The carve-outs and each region's allocation ranges, as declared, and
# the places libcma's rule gives around and inside them.
"$CMACC" -q -O json "$srcdir/tests/cli/map/ranges.cma" >"$tmp/ranges.json" ||
	fail "ranges: -O json"
check policy "$tmp/ranges.json" >/dev/null || fail "ranges: not valid JSON"
python3 -c 'import json,sys; d = json.load(open(sys.argv[1]))
assert [(r["name"], r["base"], r["size"]) for r in d["reserved"]] == \
	[("tee", 0x40000000, 16 << 20), ("fw", 0x42000000, 1 << 20)], d["reserved"]
g = {r["name"]: r for r in d["regions"]}
assert g["vpu"]["alloc_ranges"] == [{"base": 0, "size": 0x80000000}]
assert [a["base"] for a in g["isp"]["alloc_ranges"]] == [0x40000000, 0xa0000000]
assert g["big"]["alloc_ranges"] == [] and g["big"]["start"] == 0x42100000
assert g["isp"]["start"] == 0xa0000000' "$tmp/ranges.json" ||
	fail "ranges: carve-outs or ranges wrong in the JSON"
echo "PASS: $n documents and $m sets of diagnostics"
