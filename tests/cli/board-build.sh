#!/bin/sh
# examples/board-build, as a board build would use it, from a clean
# folder: make writes the table, the C array and the boot parameters, all
# of one policy; the C array links into a program that loads it with
# libcma; the dependency files make an edit of the included file remake
# everything; a policy with an error stops make and leaves the last good
# outputs; and the Kbuild snippet builds a driver carrying the runtime,
# table-only (when configure found a kernel build tree: without one this
# test skips).
: "${CMACC:?}" "${srcdir:?}" "${LIBCMA:?}" "${CC:=cc}"
srcdir=$(cd "$srcdir" && pwd) || exit 99
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
cp -R "$srcdir/examples/board-build" "$tmp/board"
chmod -R u+w "$tmp/board"
cd "$tmp/board" || exit 99
build() { make -s CMACC="$CMACC" "$@" >"$tmp/make.log" 2>&1; }

build || fail "make: $(cat "$tmp/make.log")"
for f in board.cmat board.c board.h bootargs board.cmat.d board.c.d bootargs.d; do
	[ -f "$f" ] || fail "make wrote no $f"
done
"$CMACC" board.cma | cmp -s - bootargs || fail "bootargs differ from cmacc's"
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

# Up to date; an edit of the included file remakes all three.
build -q || fail "make -q: not up to date after make"
sleep 1
touch soc.cma
build -q && fail "make -q: soc.cma changed and nothing is out of date"
build || fail "make after touching soc.cma: $(cat "$tmp/make.log")"
for f in board.cmat board.c bootargs; do
	[ "$f" -nt soc.cma ] || fail "$f was not remade"
done

# An error: make stops, says where, and the last good outputs remain.
cp bootargs "$tmp/good"
sleep 1
printf 'region broken {\n\tsize = 4M\n}\n' >>soc.cma
build && fail "make succeeded with an error in soc.cma"
grep -q "soc.cma:.*error" "$tmp/make.log" || fail "no diagnostic: $(cat "$tmp/make.log")"
cmp -s bootargs "$tmp/good" || fail "bootargs changed on an error"
cp "$srcdir/examples/board-build/soc.cma" soc.cma

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
echo "PASS: board build, C array in a program, depfiles, errors, driver"
