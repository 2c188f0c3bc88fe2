#!/bin/sh
# -o writes whole files or nothing: a failed run leaves the previous file
# as it was and no temporary beside it.
: "${CMACC:?}"
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

echo 'cma=a=1M cma_map=camera=a' >"$tmp/good.cmdline"
echo 'cma=a=1M,b=2M cma_map=camera=a' >"$tmp/bad.cmdline"

"$CMACC" -o "$tmp/out" "$tmp/good.cmdline" || fail "good input rejected"
[ "$(cat "$tmp/out")" = "cma=a=1M cma_map=camera=a" ] || fail "wrong output"

echo "the user's file" >"$tmp/out"
"$CMACC" -o "$tmp/out" "$tmp/bad.cmdline" 2>/dev/null
[ $? -eq 1 ] || fail "bad input should exit 1"
[ "$(cat "$tmp/out")" = "the user's file" ] || fail "file overwritten on error"
"$CMACC" -o "$tmp/new" "$tmp/bad.cmdline" 2>/dev/null
[ ! -e "$tmp/new" ] || fail "output written on error"

# A folder that cannot be written: exit 2, and the message names the file.
mkdir "$tmp/ro" && chmod 555 "$tmp/ro"
if [ "$(id -u)" != 0 ]; then
	"$CMACC" -o "$tmp/ro/out" "$tmp/good.cmdline" 2>"$tmp/err"
	[ $? -eq 2 ] || fail "unwritable output should exit 2"
	grep -q "cannot write '$tmp/ro/out'" "$tmp/err" || fail "message"
fi
"$CMACC" "$tmp/missing.cmdline" 2>"$tmp/err"
[ $? -eq 2 ] || fail "missing input should exit 2"
grep -q "cannot read '$tmp/missing.cmdline': No such file" "$tmp/err" ||
	fail "missing input message: $(cat "$tmp/err")"

# Standard input is named <stdin> in diagnostics.
echo 'cma=a=0 cma_map=x=a' | "$CMACC" 2>"$tmp/err"
grep -q '^<stdin>:1:7: error: region .a. has size 0' "$tmp/err" ||
	fail "stdin name: $(cat "$tmp/err")"

# --help and --version as GNU tools: standard output, exit 0.
"$CMACC" --help | grep -q '^Usage: cmacc' || fail "--help"
# The version is configure.ac's (AC_INIT), the one the packages carry.
version=$(sed -n 's/^AC_INIT(\[cmatools\], \[\([^]]*\)\].*/\1/p' "$srcdir/configure.ac")
[ -n "$version" ] || fail "no version in configure.ac"
[ "$("$CMACC" --version)" = "cmacc (cmatools) $version" ] ||
	fail "--version says '$("$CMACC" --version)', not cmatools $version"

# -q: a check at note level says nothing; a warning keeps its notes.
phone=$srcdir/examples/phone/phone.cma
"$CMACC" "$phone" 2>"$tmp/err" >"$tmp/loud" && grep -q 'note: .*-Woverride' "$tmp/err" ||
	fail "phone.cma has no override note to silence: $(cat "$tmp/err")"
"$CMACC" -q "$phone" 2>"$tmp/err" >"$tmp/quiet" || fail "-q: $(cat "$tmp/err")"
[ ! -s "$tmp/err" ] || fail "-q printed: $(cat "$tmp/err")"
cmp -s "$tmp/loud" "$tmp/quiet" || fail "-q changed the output"
"$CMACC" --quiet -O mainline "$srcdir/examples/board-build/board.cma" \
	>/dev/null 2>"$tmp/err"
grep -q 'warning: .*-Wmainline' "$tmp/err" && grep -q "note: region 'camera' is left out" "$tmp/err" ||
	fail "--quiet dropped a warning or its notes: $(cat "$tmp/err")"

# -d: the output depends on every file read; each include has a rule.
mkdir "$tmp/soc"
printf 'region a {\n\tsize = 1M;\n}\n' >"$tmp/soc/soc.cma"
printf 'include "soc.cma";\nmap {\n\tcam -> a;\n}\n' >"$tmp/board.cma"
"$CMACC" -i "$tmp/soc" -d "$tmp/board.d" -o "$tmp/bootargs" "$tmp/board.cma" ||
	fail "-d run failed"
printf '%s: %s %s\n\n%s:\n' "$tmp/bootargs" "$tmp/board.cma" \
	"$tmp/soc/soc.cma" "$tmp/soc/soc.cma" | cmp -s - "$tmp/board.d" ||
	fail "dependency file: $(cat "$tmp/board.d")"
# --deps-target names the rule's target (a build's stamp) instead.
"$CMACC" -i "$tmp/soc" -d "$tmp/board.d" --deps-target=.stamp \
	-o "$tmp/bootargs" "$tmp/board.cma" || fail "--deps-target run failed"
head -n 1 "$tmp/board.d" | grep -q "^\.stamp: $tmp/board.cma $tmp/soc/soc.cma\$" ||
	fail "--deps-target: $(cat "$tmp/board.d")"
"$CMACC" --deps-target=.stamp "$tmp/board.cma" 2>"$tmp/err"
[ $? -eq 2 ] && grep -q 'give -d FILE too' "$tmp/err" ||
	fail "--deps-target without -d: $(cat "$tmp/err")"
# No -d file either when the input has errors.
printf 'region a {\n\tsize = 0;\n}\n' >"$tmp/zero.cma"
"$CMACC" -d "$tmp/zero.d" "$tmp/zero.cma" 2>/dev/null
[ ! -e "$tmp/zero.d" ] || fail "dependency file written on error"
# A source on standard input, named so: -I cma.
printf 'region a {\n\tsize = 0;\n}\n' | "$CMACC" -I cma 2>"$tmp/err"
grep -q '^<stdin>:2:9: error: region .a. has size 0' "$tmp/err" ||
	fail "source on stdin: $(cat "$tmp/err")"

ls -A "$tmp" | grep -q '^\.' && fail "temporary file left: $(ls -A "$tmp")"

# An output that holds the bytes already is left alone, its time and
# inode too (make rebuilds what is built from it only when it changed);
# one byte different, and it is replaced.
"$CMACC" -o "$tmp/same" "$tmp/good.cmdline" || fail "cannot write same"
touch -d '2001-01-01 00:00' "$tmp/same"
before=$(ls -i --time-style=+%s -l "$tmp/same" | awk '{ print $1, $7 }')
"$CMACC" -o "$tmp/same" "$tmp/good.cmdline" || fail "cannot write same again"
after=$(ls -i --time-style=+%s -l "$tmp/same" | awk '{ print $1, $7 }')
[ "$before" = "$after" ] || fail "an unchanged output was rewritten: $before, then $after"
"$CMACC" "$tmp/good.cmdline" | sed 's/.$/X/' >"$tmp/same"
touch -d '2001-01-01 00:00' "$tmp/same"
"$CMACC" -o "$tmp/same" "$tmp/good.cmdline" || fail "cannot write same a third time"
"$CMACC" "$tmp/good.cmdline" | cmp -s - "$tmp/same" || fail "a changed output was kept"
[ "$tmp/same" -nt "$tmp/good.cmdline" ] || fail "a changed output kept its time"

# Killed while writing (tests/cli/interrupt.c raises SIGTERM just after
# the temporary file is made, and when it is whole): the old file stays,
# no temporary remains.  AddressSanitizer wants to be loaded first.
case $(sed -n 's/^CFLAGS = //p' Makefile 2>/dev/null) in
*-fsanitize=*) ;;
*)
	${CC:-cc} -shared -fPIC -o "$tmp/interrupt.so" "$srcdir/tests/cli/interrupt.c" ||
		fail "cannot build the shim"
	for when in made rename; do
		echo "the user's file" >"$tmp/out"
		CMA_INTERRUPT=$when LD_PRELOAD=$tmp/interrupt.so \
			"$CMACC" -o "$tmp/out" "$tmp/good.cmdline"
		status=$?
		[ $status -eq 143 ] || fail "SIGTERM at $when: exit status $status"
		[ "$(cat "$tmp/out")" = "the user's file" ] ||
			fail "SIGTERM at $when: the file was changed"
		ls -A "$tmp" | grep -q '^\.' &&
			fail "SIGTERM at $when: temporary file left: $(ls -A "$tmp")"
	done
	rm -f "$tmp/interrupt.so"
esac
echo "output files are whole or untouched, and unchanged ones kept"
