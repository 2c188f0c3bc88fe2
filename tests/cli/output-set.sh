#!/bin/sh
# What -o, -d and -O c's header do to what is already there: a device or
# a FIFO is written in place and stays what it was; a symbolic link stays
# and its target is replaced; a file keeps its mode; and the files of one
# run are a set: when one cannot be written, none is, and a signal after
# the first takes its place waits until the last has.
: "${CMACC:?}" "${srcdir:?}"
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
cd "$tmp" || exit 99
echo 'cma=a=1M cma_map=x=a' >good.cmdline
"$CMACC" good.cmdline >want || fail "the policy does not compile"
temporaries() { ls -A | grep '^\.' ; }

# A character device (as root, a node of /dev/null's own) and a FIFO.
if [ "$(id -u)" = 0 ]; then
	mknod null c 1 3 || fail "mknod"
	"$CMACC" -o null good.cmdline || fail "-o a device: exit $?"
	[ -c null ] || fail "-o replaced the device node: $(ls -l null)"
	"$CMACC" -O c -o null good.cmdline || fail "-O c -o a device"
	[ -c null ] || fail "-O c replaced the device node"
	"$CMACC" -d null -o out good.cmdline || fail "-d a device"
	[ -c null ] || fail "-d replaced the device node"
fi
mkfifo fifo
cat fifo >from-fifo &
"$CMACC" -o fifo good.cmdline || fail "-o a FIFO: exit $?"
wait
[ -p fifo ] || fail "-o replaced the FIFO"
cmp -s want from-fifo || fail "the FIFO did not carry the output"

# A symbolic link is followed; a file keeps its mode.
mkdir there
echo old >there/target
ln -s there/target link
"$CMACC" -o link good.cmdline || fail "-o a link"
[ -L link ] || fail "-o replaced the link"
cmp -s want there/target || fail "the link's target does not hold the output"
ln -s nowhere dangling
"$CMACC" -o dangling good.cmdline || fail "-o a dangling link"
[ -L dangling ] && cmp -s want nowhere || fail "a dangling link's target was not made"
echo old >private
chmod 600 private
"$CMACC" -o private good.cmdline || fail "-o a 0600 file"
[ "$(stat -c %a private)" = 600 ] || fail "the mode became $(stat -c %a private)"

# One output that cannot be written: the others stay as they were.
mkdir pair.c
echo "old header" >pair.h
"$CMACC" -O c -o pair.c good.cmdline 2>err
[ $? = 2 ] || fail "-O c -o a directory: exit status"
grep -q "cannot write 'pair.c': Is a directory" err || fail "message: $(cat err)"
[ "$(cat pair.h)" = "old header" ] || fail "pair.h was replaced"
mkdir depdir
echo "old output" >od
"$CMACC" -d depdir -o od good.cmdline 2>/dev/null
[ $? = 2 ] || fail "-d a directory: exit status"
[ "$(cat od)" = "old output" ] || fail "-o was replaced though -d failed"
temporaries && fail "temporary files left"

# SIGTERM once the first of a set has taken its place: the rest follow.
cat >second.c <<'C'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>
#include <stdio.h>
int rename(const char *from, const char *to)
{
	static int n;
	int (*real)(const char *, const char *) =
		(int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");

	if (++n == 2)
		raise(SIGTERM);
	return real(from, to);
}
C
case $(sed -n 's/^CFLAGS = //p' "$OLDPWD/Makefile" 2>/dev/null) in
*-fsanitize=*) ;;	# AddressSanitizer wants to be loaded first
*)
	${CC:-cc} -shared -fPIC -o second.so second.c || fail "cannot build the shim"
	echo old >set.c
	echo old >set.h
	LD_PRELOAD=$tmp/second.so "$CMACC" -O c -o set.c good.cmdline
	[ $? = 143 ] || fail "SIGTERM at the second rename: exit status"
	grep -q 'const unsigned char set' set.c && grep -q 'extern' set.h ||
		fail "SIGTERM between the renames left half a set"
	temporaries && fail "temporary files left after SIGTERM"
esac
echo "PASS: outputs replace only what is theirs, whole as a set"
