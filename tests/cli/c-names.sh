#!/bin/sh
# -O c names its array after the output file, and the name is one a C
# compiler takes whatever the file is called; -d's rule is one make reads
# whatever the files are called.
: "${CMACC:?}" "${srcdir:?}" "${CC:=cc}"
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
cd "$tmp" || exit 99
echo 'cma=a=1M cma_map=x=a' >good.cmdline
for name in int.c é.c 1board.c board-a.c _x.c .c static.c; do
	"$CMACC" -O c -o "$name" good.cmdline || fail "-O c -o $name"
	# shellcheck disable=SC2086 # CFLAGS holds several words
	$CC $CFLAGS -c -o out.o "$name" 2>err || fail "$name does not compile: $(cat err)"
done
grep -q 'unsigned char int_table\[' int.c || fail "int.c: $(grep 'unsigned char' int.c)"
grep -q 'unsigned char board_a\[' board-a.c || fail "board-a.c"

mkdir 'my dir'
cp good.cmdline 'my dir/b $1#x:y.cmdline'
"$CMACC" -d deps.d -o 'out put' 'my dir/b $1#x:y.cmdline' || fail "-d"
printf 'all: out\\ put\n\t@echo built\ninclude deps.d\n' >Makefile
mk() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make "$@"; }
[ "$(mk -s)" = built ] || fail "make cannot read the rule: $(cat deps.d)"
touch -d '1 hour ago' 'out put'
mk -s -q && fail "make does not see the source as a prerequisite"
echo "PASS: C names compile; make reads -d's rule"
