#!/bin/sh
# examples/board-build, as a board build would use it, from a clean
# folder: make writes every output (table, C array, boot parameters,
# today's cma=, dts, JSON, map), each byte for byte cmacc's own; the C
# array links into a program that loads it with libcma; an edit of the
# included file runs cmacc again but rewrites only the outputs whose
# bytes change, so that what is built from the others is not rebuilt;
# a policy with an error stops make and leaves the last good outputs; a
# table naming buddy stops a CMA_BF_ONLY build; and the Kbuild snippet
# builds a driver carrying the runtime, table-only, with neither the
# table's checks nor buddy (when configure found a kernel build tree:
# without one this test skips).
: "${CMACC:?}" "${srcdir:?}" "${LIBCMA:?}" "${CC:=cc}"
srcdir=$(cd "$srcdir" && pwd) || exit 99
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
cp -R "$srcdir/examples/board-build" "$tmp/board"
chmod -R u+w "$tmp/board"
cd "$tmp/board" || exit 99
# The outer make's flags (a jobserver, -w) are not the board build's.
build() {
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s CMACC="$CMACC" "$@" \
		>"$tmp/make.log" 2>&1
}

outputs="board.cmat:table board.c:c bootargs:cmdline cma-mainline:mainline
	board-cma.dts:dts board.json:json board.map:map"
build || fail "make: $(cat "$tmp/make.log")"
[ -s "$tmp/make.log" ] && fail "make says more than nothing: $(cat "$tmp/make.log")"
for o in $outputs; do
	f=${o%:*}
	[ -f "$f" ] && [ -f ".$f.d" ] && [ -f ".$f.stamp" ] ||
		fail "make wrote no $f, .$f.d or .$f.stamp"
	[ "$f" = board.c ] && continue
	"$CMACC" -q -O "${o#*:}" board.cma 2>/dev/null | cmp -s - "$f" ||
		fail "$f differs from cmacc -O ${o#*:}'s"
done
[ -f board.h ] || fail "make wrote no board.h"
grep -q '^# Where the regions of board.cma lie' board.map || fail "board.map is no map"
grep -q '^\.board\.cmat\.stamp: board\.cma soc\.cma$' .board.cmat.d ||
	fail "the stamp's rule: $(cat .board.cmat.d)"
"$CMACC" board.cmat | cmp -s - bootargs || fail "the table holds another policy"
cat >main.c <<'EOF'
#include <stdio.h>
#include <cma.h>
#include "board.h"

int main(void)
{
	struct cma_ctx_bank bank = { 0x80000000ul, 1ul << 30 };
	struct cma_ctx_config config = { &bank, 1 };
	struct cma_ctx *ctx;
	unsigned long p;

	if (cma_ctx_from_table_config(&ctx, board, board_size, &config)) {
		printf("%s\n", cma_ctx_error());
		return 1;
	}
	p = cma_ctx_alloc(ctx, "fb", NULL, 4096, 0);
	printf("%d %d\n", !CMA_IS_ERR_VALUE(p), cma_ctx_put(ctx, p));
	cma_ctx_destroy(ctx);
	return 0;
}
EOF
# shellcheck disable=SC2086 # CFLAGS holds several words
$CC $CFLAGS -I"$srcdir/include" -o main main.c board.c "$LIBCMA" -lpthread ||
	fail "board.c does not link with libcma"
[ "$(./main)" = "1 1" ] || fail "the linked table does not serve: $(./main)"

# Up to date.  A touch of the included file runs cmacc for each output
# again, and rewrites none: the bytes are the same, so their times stay
# and what a board builds from them stays built.
build -q || fail "make -q: not up to date after make"
sleep 1
touch soc.cma
build -q && fail "make -q: soc.cma changed and nothing is out of date"
[ ".board.cmat.stamp" -nt soc.cma ] && fail "make -q ran cmacc"
build || fail "make after touching soc.cma: $(cat "$tmp/make.log")"
build -q || fail "make -q: not up to date after the second make"
for o in $outputs; do
	f=${o%:*}
	[ ".$f.stamp" -nt soc.cma ] || fail ".$f.stamp: cmacc did not run again"
	[ "$f" -nt soc.cma ] && fail "$f was rewritten with the same bytes"
done
# An edit that changes the policy rewrites what it changes.
sleep 1
sed 's/size = 32M;/size = 64M;/' soc.cma >soc.new && mv soc.new soc.cma
build || fail "make after editing soc.cma: $(cat "$tmp/make.log")"
for f in board.cmat bootargs board.map; do
	[ "$f" -nt soc.cma ] || fail "$f was not rewritten"
done
grep -q 'common=64M' bootargs || fail "bootargs: $(cat bootargs)"

# An error: make stops, says where, and the last good outputs remain.
cp bootargs "$tmp/good"
sleep 1
printf 'region broken {\n\tsize = 4M\n}\n' >>soc.cma
build && fail "make succeeded with an error in soc.cma"
grep -q "soc.cma:.*error" "$tmp/make.log" || fail "no diagnostic: $(cat "$tmp/make.log")"
cmp -s bootargs "$tmp/good" || fail "bootargs changed on an error"
cp "$srcdir/examples/board-build/soc.cma" soc.cma

# CMACCFLAGS reaches every run: -Werror makes -O mainline's warning,
# which the Makefile turns off for that output alone, no error; a
# warning it keeps (a rule no request reaches) stops the build.
build clean
build CMACCFLAGS=-Werror || fail "make CMACCFLAGS=-Werror: $(cat "$tmp/make.log")"
printf 'map {\n\tcamera kind any -> camera;\n}\n' >>board.cma
build CMACCFLAGS=-Werror && fail "CMACCFLAGS=-Werror: a shadowed rule passes"
grep -q "error: .*\[-Werror=shadowed-rule\]\|error: .*shadowed" "$tmp/make.log" ||
	fail "CMACCFLAGS: no error: $(cat "$tmp/make.log")"
cp "$srcdir/examples/board-build/board.cma" board.cma

# A policy naming another allocator than bf: its C source stops the
# build of a runtime that carries bf alone (CMA_BF_ONLY), saying which
# region and where its allocator is given; without CMA_BF_ONLY it builds.
line=$(($(grep -c '' board.cma) + 3))	# the allocator's
printf 'region dsp {\n\tsize = 4M;\n\tallocator = "buddy";\n}\n' >>board.cma
printf 'map {\n\tdsp -> dsp;\n}\n' >>board.cma
"$CMACC" -O c -o buddy.c board.cma || fail "cmacc -O c: a policy with buddy"
$CC -DCMA_BF_ONLY -c -o buddy.o buddy.c 2>"$tmp/cc.log" &&
	fail "a table naming buddy compiles with CMA_BF_ONLY"
grep -q "#error \"board.cma:$line:14: region 'dsp' takes allocator 'buddy', which a runtime built with CMA_BF_ONLY leaves out: build it without\"" "$tmp/cc.log" ||
	fail "CMA_BF_ONLY's refusal: $(cat "$tmp/cc.log")"
$CC -c -o buddy.o buddy.c || fail "a table naming buddy does not compile"
"$CMACC" -O c -o bf.c "$srcdir/examples/board-build/board.cma" &&
	$CC -DCMA_BF_ONLY -c -o bf.o bf.c || fail "a table of bf alone does not compile with CMA_BF_ONLY"
# An allocator no runtime has leaves its region unusable in any (cmacc
# warns): CMA_BF_ONLY changes nothing, and builds.
sed 's/"buddy"/"foo"/' board.cma >foo.cma
"$CMACC" -q -O c -o foo.c foo.cma 2>/dev/null &&
	$CC -DCMA_BF_ONLY -c -o foo.o foo.c || fail "an unknown allocator stops a CMA_BF_ONLY build"
cp "$srcdir/examples/board-build/board.cma" board.cma

# The driver, through the Kbuild snippet.
if [ -z "$KERNEL_BUILD" ]; then
	echo "SKIP: no kernel build tree configured: the Kbuild snippet is untested"
	exit 77
fi
build || fail "make: $(cat "$tmp/make.log")"
# A copy, not a link: Kbuild writes its objects beside the sources.
mkdir cmatools && cp -R "$srcdir/runtime" "$srcdir/include" cmatools/ &&
	chmod -R u+w cmatools || exit 99
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -C "$KERNEL_BUILD" M="$PWD" \
	W=1 modules >"$tmp/kbuild.log" 2>&1 || fail "Kbuild: $(cat "$tmp/kbuild.log")"
grep -E 'warning|error' "$tmp/kbuild.log" && fail "Kbuild warns"
[ -f board_cma.ko ] || fail "no board_cma.ko"
# Its policy is a table: the command-line reader is left out.
nm board_cma.ko | grep -q ' cma_table_open$' ||
	fail "board_cma.ko has no table loader"
nm board_cma.ko | grep -E ' (cma_cl_read_map|cma_ctx_from_cmdline)$' &&
	fail "board_cma.ko carries the command-line reader (CMA_TABLE_ONLY)"
# Nor what cmacc checked (CMA_ASSUME_VALID_TABLE), nor buddy (CMA_BF_ONLY).
nm board_cma.ko | grep -E ' (cma_crc32|cma_names_add|cma_alloc_buddy|cma_cl_parse_number)$' &&
	fail "board_cma.ko carries the table's checks or buddy"
nm board_cma.ko | grep -q ' cma_alloc_bf$' || fail "board_cma.ko has no bf"
echo "PASS: board build, every output, C array in a program, stamps, unchanged outputs kept, errors, CMACCFLAGS, CMA_BF_ONLY, driver"
