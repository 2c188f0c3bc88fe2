#!/bin/sh
# cmacc(1) lists every check as --list-checks does: the same names, in
# the same order, with the same level, summary and "always on".
: "${srcdir:?}" "${CMACC:?}"
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT

"$CMACC" --list-checks |
	sed 's/^\([^ ]*\)  *\([a-z]*\)  *\(.*\)$/\1 \2: \3/' >"$tmp/listed"
# Under ".SS Checks", each ".TP" entry is ".B NAME" then "LEVEL: SUMMARY".
sed -n '/^\.SS Checks$/,/^\.S[HS] /p' "$srcdir/man/cmacc.1" |
	awk '/^\.TP$/ { getline name; getline text;
		sub(/^\.B /, "", name); print name " " text }' |
	sed 's/\\-/-/g; s/\\e/\\/g' >"$tmp/documented"
if [ ! -s "$tmp/listed" ] || ! diff -u "$tmp/listed" "$tmp/documented"; then
	echo "FAIL: cmacc(1)'s Checks and --list-checks differ (above: - is cmacc, + the page)"
	exit 1
fi
echo "PASS: cmacc(1) lists the $(wc -l <"$tmp/listed") checks as cmacc does"
