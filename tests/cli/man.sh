#!/bin/sh
# The manual pages render without a warning from mandoc, groff or man,
# installed in sections and read with man -l in the tree.
: "${srcdir:?}"
status=0
for page in "$srcdir"/man/*.[1-9]; do
	# A page that is only a link to another is checked as that one.
	head -n 1 "$page" | grep -q '^\.so ' && continue
	if ! out=$(mandoc -Tlint -Wwarning "$page" 2>&1) || [ -n "$out" ]; then
		echo "FAIL: mandoc: $out"
		status=1
	fi
	if ! out=$(groff -t -ww -z -man "$page" 2>&1) || [ -n "$out" ]; then
		echo "FAIL: groff: $out"
		status=1
	fi
done
# As a reader meets them: installed in sections (.so links resolve) and
# read with man at 80 columns, where a table that does not fit warns.
if command -v man >/dev/null; then
	tmp=$(mktemp -d) || exit 99
	for page in "$srcdir"/man/*.[1-9]; do
		mkdir -p "$tmp/man${page##*.}" && cp "$page" "$tmp/man${page##*.}/"
	done
	for page in "$tmp"/man*/*; do
		out=$(cd "$tmp" && MANWIDTH=80 man --warnings=w -l "$page" 2>&1 >/dev/null)
		if [ -n "$out" ]; then
			echo "FAIL: man ${page#"$tmp"/}: $out"
			status=1
		fi
	done
	rm -rf "$tmp"
	# And as a reader of the tree meets them: man -l on each file there,
	# a function's page (a link to its family's) included.
	for page in "$srcdir"/man/*.[1-9]; do
		out=$(cd "$srcdir" && MANWIDTH=80 man --warnings=w -l "man/${page##*/}" 2>&1 >/dev/null)
		if [ -n "$out" ]; then
			echo "FAIL: man -l man/${page##*/}: $out"
			status=1
		fi
	done
else
	echo "man is not installed: pages not read with man"
	[ $status = 0 ] && status=77
fi
exit $status
