#!/bin/sh
# cmacc --simulate against what a user checks by hand: every size
# --suggest gives serves the trace and one step less does not (checked
# by replaying the board with that region's size changed in its source);
# the 'own' sizes all at once serve each request in the same region;
# peaks and chunk counts agree with a count made here from a random
# trace; every JSON report follows its schema; the plot is SVG with a panel a region;
# a trace with an error leaves the old report and plot as they were; -d
# names the trace; and CSV says the same as the one-line form.
: "${CMACC:?}" "${srcdir:?}"
command -v python3 >/dev/null || {
	echo "SKIP: python3 is needed"
	exit 77
}
srcdir=$(cd "$srcdir" && pwd) || exit 99
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
json() {	# a Python expression over the report d, from standard input
	python3 -c 'import json, sys; d = json.load(sys.stdin); print(eval(sys.argv[1]))' "$1"
}

# replay BOARD TRACE [OPTIONS]: the JSON report, exit status kept
replay() {
	_board=$1 _trace=$2
	shift 2
	"$CMACC" -Wno-override --simulate="$_trace" -O json "$@" "$_board"
}

# A board that includes another and changes one region's size.
resized() {	# board region size
	printf 'include "%s";\nregion %s {\n\tsize = %s;\n}\n' "$1" "$2" "$3" \
		>"$tmp/resized.cma"
	echo "$tmp/resized.cma"
}

checked=0
phone=$srcdir/examples/phone/phone.cma
small=$srcdir/tests/cli/trace/inc/board.cma
for pair in "$phone camera" "$phone video" "$phone mixed" \
	"$small suggest" "$small grows"; do
	set -- $pair
	board=$1
	case $2 in
	suggest | grows) trace=$srcdir/tests/cli/trace/$2.trace ;;
	*) trace=$srcdir/examples/traces/$2.trace ;;
	esac
	replay "$board" "$trace" --suggest >"$tmp/report.json"
	[ $? -le 1 ] || fail "$2: no report"
	step=$(json 'd["suggest"]["step"]' <"$tmp/report.json") || fail "$2: bad JSON"
	json '"\n".join("%s %s %s" % (r["name"], r["smallest"], r["smallest_own"]) for r in d["regions"])' \
		<"$tmp/report.json" >"$tmp/sizes"
	while read -r name any own; do
		[ "$any" = None ] && continue
		replay "$(resized "$board" "$name" "$any")" "$trace" >"$tmp/r.json"
		[ "$(json 'sum(f["error"] == "ENOMEM" for f in d["failures"])' <"$tmp/r.json")" = 0 ] ||
			fail "$2: $name at its smallest size $any does not serve the trace"
		[ "$any" -gt "$step" ] || continue
		replay "$(resized "$board" "$name" $((any - step)))" "$trace" >"$tmp/r.json"
		[ "$(json 'sum(f["error"] == "ENOMEM" for f in d["failures"])' <"$tmp/r.json")" != 0 ] ||
			fail "$2: $name one step under its smallest size, $((any - step)), serves the trace too"
		checked=$((checked + 1))
	done <"$tmp/sizes"
	# Every own size at once: the same regions serve the same requests.
	{
		printf 'include "%s";\n' "$board"
		while read -r name any own; do
			printf 'region %s {\n\tsize = %s;\n}\n' "$name" "$own"
		done <"$tmp/sizes"
	} >"$tmp/own.cma"
	replay "$tmp/own.cma" "$trace" >"$tmp/own.json"
	counts='[(r["name"], r["served"], r["fallback"]) for r in d["regions"]], len(d["failures"])'
	[ "$(json "$counts" <"$tmp/own.json")" = "$(json "$counts" <"$tmp/report.json")" ] ||
		fail "$2: at the own sizes, other regions serve the requests: $(json "$counts" <"$tmp/own.json")"
done
[ "$checked" -ge 8 ] || fail "only $checked sizes were checked a step under"

# Peaks against a count made here: one region, page-sized requests, so
# that what bf uses is what was asked.
python3 - "$tmp/random.trace" <<'EOF' >"$tmp/expected" || exit 99
import random, sys
rng = random.Random(7)
live, peak, peak_n, used, out = {}, 0, 0, 0, []
for i in range(3000):
    if live and rng.random() < 0.5:
        k = rng.choice(sorted(live))
        used -= live.pop(k)
        out.append('put c%d' % k)
    else:
        size = 4096 * rng.randint(1, 64)
        live[i] = size
        used += size
        out.append('alloc c%d gpu - %d' % (i, size))
        peak, peak_n = max(peak, used), max(peak_n, len(live))
open(sys.argv[1], 'w').write('\n'.join(out) + '\n')
print(peak, peak, peak_n, 0)
EOF
printf 'region pool {\n\tsize = 1G;\n\tstart = 0x4000_0000;\n}\nmap {\n\t* kind any -> pool;\n}\n' \
	>"$tmp/pool.cma"
replay "$tmp/pool.cma" "$tmp/random.trace" >"$tmp/random.json" ||
	fail "the random trace is not served"
got=$(json '"%d %d %d %d" % (d["regions"][0]["peak_used"], d["regions"][0]["peak_asked"], d["regions"][0]["peak_chunks"], len(d["failures"]))' \
	<"$tmp/random.json")
[ "$got" = "$(cat "$tmp/expected")" ] ||
	fail "peaks: cmacc says $got, the count here $(cat "$tmp/expected")"

# Every report in JSON follows its schema.
python3 -c 'import jsonschema' 2>/dev/null || {
	echo "SKIP: python3 with jsonschema (Debian: python3-jsonschema) is needed"
	exit 77
}
reports=0
for f in "$srcdir"/tests/cli/trace/*.trace "$srcdir"/examples/traces/*.trace; do
	board=$small
	case $f in */examples/*) board=$phone ;; esac
	replay "$board" "$f" --suggest >"$tmp/r.json" 2>/dev/null
	[ $? -le 1 ] && [ -s "$tmp/r.json" ] || continue	# a bad trace: no report
	python3 -c 'import json, sys, jsonschema
jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])))' \
		"$srcdir/man/cma-simulation.schema.json" "$tmp/r.json" ||
		fail "$f: the JSON report does not follow its schema"
	reports=$((reports + 1))
done
[ "$reports" -ge 10 ] || fail "only $reports JSON reports were checked"

# The plot: SVG, one panel a region.
"$CMACC" -Wno-override --simulate="$srcdir/examples/traces/mixed.trace" \
	--plot="$tmp/mixed.svg" "$phone" >/dev/null || fail "--plot failed"
python3 -c 'import sys, xml.etree.ElementTree as E
t = E.parse(sys.argv[1]).getroot()
ns = "{http://www.w3.org/2000/svg}"
assert t.tag == ns + "svg", t.tag
panels = [r for r in t.iter(ns + "rect") if r.get("fill") == "#f4f4f4"]
lines = list(t.iter(ns + "polyline"))
assert len(panels) == 6 and len(lines) == 12, (len(panels), len(lines))' "$tmp/mixed.svg" ||
	fail "the plot is not an SVG with six panels"

# A trace with an error: the report and plot that were there stay.
echo old >"$tmp/report.txt"
echo old >"$tmp/plot.svg"
printf 'alloc a camera\n' >"$tmp/bad.trace"
"$CMACC" --simulate="$tmp/bad.trace" --plot="$tmp/plot.svg" \
	-o "$tmp/report.txt" "$small" 2>/dev/null
[ $? = 1 ] || fail "a bad trace does not exit 1"
[ "$(cat "$tmp/report.txt")" = old ] && [ "$(cat "$tmp/plot.svg")" = old ] ||
	fail "a bad trace overwrote the report or the plot"

# -d names the policy's files and the trace.
"$CMACC" --simulate="$srcdir/tests/cli/trace/csv.trace" -d "$tmp/deps" \
	-o "$tmp/report.txt" "$srcdir/tests/cli/trace/csv.cma" || fail "-d: exit $?"
grep -q 'csv.trace' "$tmp/deps" && grep -q 'inc/board.cma' "$tmp/deps" ||
	fail "-d: $(cat "$tmp/deps")"

# CSV and the one-line form of the same events say the same.
printf '%s\n' '0.5 alloc a camera - 3M 1M' '1.0 alloc b vpu a 1M' \
	'2.0 put a' '2.5 put b' >"$tmp/words.trace"
same='[(r["name"], r["peak_used"], r["peak_asked"], r["served"], r["fallback"], (r["worst_fragmentation"] or {}).get("event")) for r in d["regions"]]'
a=$(replay "$small" "$srcdir/tests/cli/trace/csv.trace" | json "$same")
b=$(replay "$small" "$tmp/words.trace" | json "$same")
[ -n "$a" ] && [ "$a" = "$b" ] || fail "CSV: $a; words: $b"
echo "PASS: $checked suggested sizes, peaks, $reports JSON reports, plot, safe outputs, -d, CSV"
