#!/bin/sh
# The Debian packages as a user meets them (issue 26).  From a clean
# clone of HEAD: dpkg-buildpackage builds cmatools, libcma0, libcma-dev
# and cma-dkms; lintian finds no error and no warning; apt-get installs
# them on this machine; then cmacc compiles an installed example, a
# program builds against libcma through pkg-config and runs, DKMS builds
# and installs cma.ko for the kernel headers configure found (the
# packages' own trigger builds it for every kernel with headers), and
# tests/kernel/boot.sh passes with that cma.ko in place of the tree's;
# asked to (CMA_TEST_MODULES=m), DKMS builds the test modules too.
# Everything installed is removed at the end (dkms remove, apt-get purge).
#
# Run from a configured and built tree (it needs kernel/obj for the boot
# test), as root: .ci/run runs it.  KERNEL_BUILD: the headers, by default
# those configure found.
set -u
me=tests/package/run.sh
fail() {
	echo "$me: FAIL: $*" >&2
	exit 1
}
[ "$(id -u)" = 0 ] || fail "it installs packages: run it as root"
[ -f Makefile ] || fail "run it from a configured tree"
: "${KERNEL_BUILD:=$(sed -n 's/^KERNEL_BUILD = //p' Makefile)}"
[ -n "${KERNEL_BUILD:-}" ] || fail "no KERNEL_BUILD: configure found no kernel headers"
release=$(sed -n 's/.*UTS_RELEASE "\(.*\)"/\1/p' \
	"$KERNEL_BUILD/include/generated/utsrelease.h")
top=$(pwd)
work=$(mktemp -d) || exit 1
packages="cmatools libcma0 libcma-dev cma-dkms"
cleanup() {
	if dkms status cma 2>/dev/null | grep -q .; then
		dkms remove "cma/$version" --all >/dev/null 2>&1
	fi
	# shellcheck disable=SC2086 # a list of names
	apt-get purge -y -qq $packages >/dev/null 2>&1
	rm -rf "$work"
}
version=
trap cleanup EXIT

git clone -q "$top" "$work/cmatools" || fail "cannot clone $top"
version=$(dpkg-parsechangelog -l "$work/cmatools/debian/changelog" -SVersion)
echo "$me: building the packages of cmatools $version"
(cd "$work/cmatools" && DEB_BUILD_OPTIONS=nocheck \
	dpkg-buildpackage -us -uc -b) >"$work/build.log" 2>&1 ||
	fail "dpkg-buildpackage: $(tail -20 "$work/build.log")"
lintian --fail-on error,warning "$work"/*.changes >"$work/lintian.log" 2>&1 ||
	fail "lintian: $(cat "$work/lintian.log")"
grep -E '^[EW]: ' "$work/lintian.log" && fail "lintian warns"
echo "$me: lintian: no error, no warning"

debs=
for p in $packages; do
	set -- "$work"/"${p}"_*.deb
	[ -f "$1" ] || fail "no package $p"
	debs="$debs $1"
done
# shellcheck disable=SC2086 # a list of files
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $debs \
	>"$work/install.log" 2>&1 || fail "apt-get install: $(tail -20 "$work/install.log")"

# cmacc, on an example as installed.
example=/usr/share/doc/cmatools/examples/phone/phone.cma
line=$(cmacc "$example" 2>/dev/null) ||
	fail "cmacc $example: $(cmacc "$example" 2>&1)"
[ "$line" = "$("$top/cmacc" "$top/examples/phone/phone.cma" 2>/dev/null)" ] ||
	fail "the installed cmacc writes another line: $line"
man -w cmacc >/dev/null && man -w 3 cma_ctx_alloc >/dev/null &&
	man -w 9 cma_alloc >/dev/null || fail "a manual page is not installed"

# A program, through pkg-config, against the installed library.
cat >"$work/prog.c" <<'PROG'
#include <stdio.h>
#include <cma.h>

int main(void)
{
	struct cma_ctx *ctx;
	unsigned long p;

	if (cma_ctx_from_cmdline(&ctx, "r=4M@0x10000000", "cam=r"))
		return 1;
	p = cma_ctx_alloc(ctx, "cam", NULL, 8192, 0);
	printf("%#lx %d\n", p, cma_ctx_put(ctx, p));
	cma_ctx_destroy(ctx);
	return 0;
}
PROG
# shellcheck disable=SC2046 # pkg-config's words
cc -o "$work/prog" "$work/prog.c" $(pkg-config --cflags --libs libcma) ||
	fail "cannot build against libcma through pkg-config"
[ "$("$work/prog")" = "0x10000000 1" ] || fail "the program says: $("$work/prog")"
ldd "$work/prog" | grep -Eq "libcma\.so\.0 => /(usr/)?lib/[^ ]*/libcma\.so\.0 " ||
	fail "the program does not use the installed libcma.so.0"

# The module, by DKMS, for the headers configure found.
dkms status "cma/$version" -k "$release" | grep -q installed ||
	dkms install "cma/$version" -k "$release" >"$work/dkms.log" 2>&1 ||
	fail "dkms install: $(tail -20 "$work/dkms.log")"
ko=$(dkms status "cma/$version" -k "$release" >/dev/null &&
	find "/lib/modules/$release/updates/dkms" -name 'cma.ko*' | head -1)
[ -n "$ko" ] || fail "DKMS installed no cma.ko for $release"
find "/lib/modules/$release/updates/dkms" -name 'cma_selftest.ko*' | grep -q . &&
	fail "DKMS installed the self-test without being asked"
echo "$me: DKMS built $ko"
case $ko in
*.ko) ;;
*) fail "a compressed module ($ko): the boot test takes a .ko" ;;
esac
CMA_MODULE_KO=$ko make check TESTS=tests/kernel/boot.sh >"$work/boot.log" 2>&1 ||
	fail "the boot test with DKMS's cma.ko: $(cat tests/kernel/boot.log 2>/dev/null | tail -30)"
grep -q '^PASS: tests/kernel/boot.sh' "$work/boot.log" ||
	fail "the boot test did not pass: $(tail -20 "$work/boot.log")"
grep -q "booting $ko as cma.ko" tests/kernel/boot.log ||
	fail "the boot test did not take DKMS's cma.ko"

# Asked for, DKMS builds the self-test and benchmark modules too.
{ dkms unbuild "cma/$version" -k "$release" &&
	CMA_TEST_MODULES=m dkms build "cma/$version" -k "$release"; } \
	>"$work/dkms-test.log" 2>&1 || fail "dkms build with the test modules: $(tail -20 "$work/dkms-test.log")"
for m in cma cma_selftest cma_bench; do
	[ -f "/var/lib/dkms/cma/$version/$release/$(uname -m)/module/$m.ko" ] ||
		fail "CMA_TEST_MODULES=m dkms build made no $m.ko"
done

dkms remove "cma/$version" --all >/dev/null 2>&1 || fail "dkms remove"
[ -z "$(find "/lib/modules/$release/updates/dkms" -name 'cma.ko*' 2>/dev/null)" ] ||
	fail "dkms remove left cma.ko"
echo "$me: PASS: packages built, lintian clean, installed; cmacc, libcma through pkg-config, DKMS's cma.ko booted"
