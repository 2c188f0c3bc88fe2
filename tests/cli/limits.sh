#!/bin/sh
# Limits: each input either works or fails with a clear message and exit
# status 1, never by running out of memory or stack.  Includes nest at
# most 200 deep; parentheses and blocks 10,000; names, rules and files
# have no limit but memory (the benchmark compiles 1,000,000 regions).
set -u
: "${CMACC:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cd "$tmp" || exit 99

# Includes 1,000 deep: refused at the 201st, said so.
i=0
while [ $i -lt 1000 ]; do
	echo "include \"f$((i + 1)).cma\";" >f$i.cma
	i=$((i + 1))
done
printf 'region r { size = 1M; }\nmap { * -> r; }\n' >f1000.cma
"$CMACC" f0.cma >out 2>err
[ $? = 1 ] || fail "1,000 nested includes: exit status not 1"
grep -q "f200.cma:1:9: error: includes nest more than 200 deep here" err ||
	fail "1,000 nested includes: $(head -n 1 err)"
[ ! -s out ] || fail "1,000 nested includes: output written"

# An include cycle: each file is read once.
printf 'include "b.cma";\nregion r { size = 1M; }\nmap { * -> r; }\n' >a.cma
printf 'include "a.cma";\n' >b.cma
[ "$("$CMACC" a.cma 2>&1)" = "cma=r=1M cma_map=*=r" ] || fail "include cycle"

# Parentheses 100,000 deep: refused at the parser's limit, said so.
awk 'BEGIN {
	printf "const X = "
	for (i = 0; i < 100000; i++) printf "("
	printf "1"
	for (i = 0; i < 100000; i++) printf ")"
	printf ";\nregion r { size = X * 1M; }\nmap { * -> r; }\n"
}' >paren.cma
"$CMACC" paren.cma >out 2>err
[ $? = 1 ] || fail "deep parentheses: exit status not 1"
grep -q "nest too deep here: the parser's limit is 10000 levels" err ||
	fail "deep parentheses: $(head -c 200 err)"

# A name of 1 MiB: fine in a table (a command line would exceed its limits).
awk 'BEGIN {
	n = "a"; while (length(n) < 1048576) n = n n
	printf "region %s { size = 1M; }\nmap { * -> %s; }\n", n, n
}' >name.cma
"$CMACC" -O table -o name.cmat name.cma || fail "a 1 MiB name"
[ "$(wc -c <name.cmat)" -gt 1048576 ] || fail "a 1 MiB name: table too small"
"$CMACC" name.cma >out 2>err
[ $? = 1 ] && grep -q "value-length" err || fail "a 1 MiB name on a command line"

# 100,000 rules, and 20 MB of input: they work.
awk 'BEGIN {
	print "region r { size = 1M; }"; print "map {"
	for (i = 0; i < 100000; i++) printf "dev%d -> r;\n", i
	print "}"
	for (i = 0; i < 200000; i++) printf "// %096d\n", i
}' >big.cma
"$CMACC" -O table -o big.cmat big.cma || fail "100,000 rules in 20 MB"
echo "ok: includes, cycles, nesting, a 1 MiB name, 100,000 rules in 20 MB"
