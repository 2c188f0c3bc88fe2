#!/bin/sh
# Tables: every example goes through a table and back, through its source,
# to the same table (with its memory), and through its line to the same
# line; the same policy gives the same bytes; a damaged table is refused
# with its fault; -O c gives a C array that a program links with libcma
# and runs.
: "${CMACC:?}" "${srcdir:?}" "${LIBCMA:?}"
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
n=0
for f in "$srcdir"/examples/*/*.cma "$srcdir"/examples/*/*.cmdline; do
	case $f in */soc.cma|*/features-base.cma) continue ;; esac
	"$CMACC" "$f" >"$tmp/line" 2>/dev/null || fail "$f does not compile"
	"$CMACC" -O table -o "$tmp/t.cmat" "$f" 2>/dev/null || fail "$f: -O table"
	"$CMACC" -O table -o "$tmp/t2.cmat" "$f" 2>/dev/null
	cmp -s "$tmp/t.cmat" "$tmp/t2.cmat" || fail "$f: two tables differ"
	"$CMACC" "$tmp/t.cmat" >"$tmp/back" || fail "$f: its table is refused"
	# A table holds what the runtime reads: a "/KIND" comes back with the
	# device it inherits written out, the same policy to libcma.
	"$CMACC" -O table -o "$tmp/t3.cmat" "$tmp/back" 2>/dev/null ||
		fail "$f: the line from its table does not compile"
	"$CMACC" "$tmp/t3.cmat" | cmp -s "$tmp/back" - ||
		fail "$f: through its line the table changed"
	# Decompiled, with its memory and ranges: the same bytes again.
	"$CMACC" -I table -O cma "$tmp/t.cmat" >"$tmp/src.cma" &&
		"$CMACC" "$tmp/src.cma" | cmp -s "$tmp/back" - ||
		fail "$f: decompiled from its table it changed"
	"$CMACC" -q -O table -o "$tmp/t4.cmat" "$tmp/src.cma" &&
		cmp -s "$tmp/t.cmat" "$tmp/t4.cmat" ||
		fail "$f: through its source the table changed"
	n=$((n + 1))
done
[ "$n" -ge 5 ] || fail "only $n examples"

# Damage: refused, exit 1, the fault and its byte named.
f="$srcdir/examples/phone/phone.cma"
"$CMACC" -O table -o "$tmp/p.cmat" "$f" 2>/dev/null
cp "$tmp/p.cmat" "$tmp/bad.cmat"
printf '\377' | dd of="$tmp/bad.cmat" bs=1 seek=96 conv=notrunc 2>/dev/null
"$CMACC" "$tmp/bad.cmat" 2>"$tmp/err"
[ $? -eq 1 ] || fail "a damaged table should exit 1"
grep -q "bad.cmat: byte 12: error: the CRC does not match: the table is damaged \[table\]" \
	"$tmp/err" || fail "damage message: $(cat "$tmp/err")"

# -O c: a header beside the source; a program built on them runs.
"$CMACC" -O c -o "$tmp/board.c" "$f" 2>/dev/null || fail "-O c"
[ -f "$tmp/board.h" ] || fail "-O c wrote no header"
cat >"$tmp/main.c" <<'PROG'
#include <stdio.h>
#include <cma.h>
#include "board.h"
int main(void)
{
	struct cma_ctx *ctx;
	unsigned long p;

	if (cma_ctx_from_table(&ctx, board, board_size)) {
		fprintf(stderr, "%s\n", cma_ctx_error());
		return 1;
	}
	p = cma_ctx_alloc(ctx, "s5p-mfc", "a", 1 << 20, 0);
	printf("%#lx %d\n", p, cma_ctx_put(ctx, p));
	cma_ctx_destroy(ctx);
	return 0;
}
PROG
# shellcheck disable=SC2086 # the build's flags are several words
${CC:-cc} $CFLAGS -I"$srcdir/include" -I"$tmp" -o "$tmp/prog" "$tmp/main.c" \
	"$tmp/board.c" "$LIBCMA" $LDFLAGS -pthread ||
	fail "the C array does not build"
[ "$("$tmp/prog")" = "0x38000000 1" ] || fail "program said: $("$tmp/prog")"
echo "$n examples through tables; damage refused; -O c links and runs"
