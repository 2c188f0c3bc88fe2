#!/bin/sh
# The 2010 code, modelled from its patch (model2010.py), against cmacc and
# libcma over seeded random command lines and requests: every difference
# must be one a compat-* check warns of, and no canonical output may mean
# something else to the kernel it is written for.  DIFF2010_SEED and
# DIFF2010_COUNT pick other lines; the seed is printed to rerun a failure.
: "${CMACC:?}" "${srcdir:?}"
answers=tests/diff2010/libcma-answers
[ -x "$answers" ] || { echo "FAIL: $answers is not built"; exit 1; }
command -v python3 >/dev/null || {
	echo "SKIP: python3 is needed"
	exit 77
}
exec python3 "$srcdir/tests/diff2010/differential.py" "$CMACC" "$answers" \
	"${DIFF2010_COUNT:-2000}" "${DIFF2010_SEED:-2010}"
