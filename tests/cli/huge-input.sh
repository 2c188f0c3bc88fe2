#!/bin/sh
# An input that never ends (/dev/zero) as the input or as an included
# file: cmacc stops at its limit, 1 GiB, and says so, where it once
# grew without bound.
: "${CMACC:?}"
fail() { echo "FAIL: $*"; exit 1; }
[ -r /dev/zero ] || { echo "SKIP: no /dev/zero"; exit 77; }
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
"$CMACC" -I table /dev/zero 2>"$tmp/err"
[ $? = 2 ] || fail "/dev/zero as a table: exit status"
grep -q "cannot read '/dev/zero': it is over 1 GiB" "$tmp/err" || fail "$(cat "$tmp/err")"
printf 'include "/dev/zero";\n' >"$tmp/z.cma"
"$CMACC" "$tmp/z.cma" 2>"$tmp/err"
[ $? = 1 ] || fail "/dev/zero included: exit status"
grep -q "included file '/dev/zero': it is over 1 GiB" "$tmp/err" || fail "$(cat "$tmp/err")"
echo "PASS: endless inputs stop at 1 GiB"
