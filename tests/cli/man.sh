#!/bin/sh
# The manual pages render without a warning from mandoc or groff.
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
exit $status
