#!/bin/sh
# The fuzz harnesses, without libFuzzer, over their seed corpora and every
# input that once made one fail (tests/fuzz/regress/HARNESS/): each input
# must pass the harness's checks, under the sanitizers in such a build.
set -u
src=${srcdir:-.}
status=0
for t in lang cmdline table runtime roundtrip trace dtb; do
	corpus=$t
	[ "$t" = roundtrip ] && corpus=cmdline
	set -- "$src/tests/fuzz/corpus/$corpus"/*
	[ -d "$src/tests/fuzz/regress/$t" ] && set -- "$@" "$src/tests/fuzz/regress/$t"/*
	if tests/fuzz/replay_$t "$@"; then
		echo "ok: replay_$t, $# inputs"
	else
		echo "FAIL: replay_$t (one of: $*)"
		status=1
	fi
done
exit $status
