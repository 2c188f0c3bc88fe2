#!/bin/sh
# examples/board-build/buildroot's package, through a stand-in of what
# Buildroot gives a package's .mk: its variables (TOPDIR, HOST_DIR,
# TARGET_DIR, BINARIES_DIR, INSTALL, qstrip, the BR2_ options as
# .config quotes them) and package macros that run the package's steps
# in Buildroot's order with $(@D) its build folder.  The host package's
# build is Buildroot's autotools infrastructure, not run here: its
# options and hook are checked, and the built cmacc stands in for it.
# Checked: the table in the target's /lib/firmware and in images/, the
# boot parameters, today's cma=, the board tree with its pools, each the
# bytes cmacc writes itself; a policy with an error stops the build with
# its diagnostic and puts nothing in images/; with no board tree no dtb
# is written and the kernel is not a dependency.
: "${CMACC:?}" "${srcdir:?}"
for tool in dtc fdtget; do
	command -v $tool >/dev/null || {
		echo "SKIP: $tool is needed (Debian: device-tree-compiler)"
		exit 77
	}
done
srcdir=$(cd "$srcdir" && pwd) || exit 99
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
cd "$tmp" || exit 99
mkdir board images
cat >board/board.dts <<'DTS'
/dts-v1/;
/ {
	#address-cells = <2>;
	#size-cells = <2>;
	soc {
		compatible = "simple-bus";
		#address-cells = <1>;
		#size-cells = <1>;
		ranges = <0x0 0x0 0x10000000 0x1000000>;
		vpu@1000 { compatible = "acme,vpu"; reg = <0x1000 0x100>; };
	};
};
DTS
dtc -q -I dts -O dtb -o images/board.dtb board/board.dts || exit 99
cat >board/soc.cma <<'CMA'
memory { bank ram { base = 0x40000000; size = 1G; } }
region video { size = 16M; }
region common { size = 32M; }
CMA
cat >board/board.cma <<'CMA'
include "soc.cma";
map {
	10001000.vpu kind any -> video, common;
	* kind any -> common;
}
CMA

cat >stand-in.mk <<'MK'
TOPDIR := $(CURDIR)
HOST_DIR := $(CURDIR)/host
TARGET_DIR := $(CURDIR)/target
BINARIES_DIR := $(CURDIR)/images
INSTALL := install
qstrip = $(strip $(subst ",,$(1)))

define generic-package
build/cmatools/.stamp_built:
	mkdir -p $$(@D)
	$$(CMATOOLS_BUILD_CMDS)
	touch $$@
build/cmatools/.stamp_target_installed: build/cmatools/.stamp_built
	$$(CMATOOLS_INSTALL_TARGET_CMDS)
	touch $$@
build/cmatools/.stamp_images_installed: build/cmatools/.stamp_target_installed
	$$(CMATOOLS_INSTALL_IMAGES_CMDS)
	touch $$@
cmatools: build/cmatools/.stamp_images_installed
endef

define host-autotools-package
build/host-cmatools/.stamp_configured:
	mkdir -p $$(@D)
	$$(foreach hook,$$(HOST_CMATOOLS_PRE_CONFIGURE_HOOKS),$$(call $$(hook))$$(sep))
	touch $$@
host-cmatools: build/host-cmatools/.stamp_configured
	mkdir -p $$(HOST_DIR)/bin
	cp $$(CMACC_BUILT) $$(HOST_DIR)/bin/cmacc
endef
define sep


endef

include $(PACKAGE_DIR)/cmatools.mk

show-%:
	@echo '$($*)'
MK
br() {	# make's arguments: the stand-in with the package
	make -s -f stand-in.mk PACKAGE_DIR="$srcdir/examples/board-build/buildroot/package/cmatools" \
		CMACC_BUILT="$CMACC" "$@" >make.log 2>&1
}
config='BR2_PACKAGE_CMATOOLS_POLICY="board/board.cma"
BR2_PACKAGE_CMATOOLS_BOARD_DTB="board.dtb"
BR2_PACKAGE_CMATOOLS_FLAGS="-Werror"'

br $config host-cmatools || fail "host-cmatools: $(cat make.log)"
[ -d build/host-cmatools/m4 ] || fail "the host package's hook made no m4/"
br show-HOST_CMATOOLS_CONF_OPTS && grep -q -- '--with-kernel-build=no' make.log ||
	fail "the host package builds the module: $(cat make.log)"
br show-HOST_CMATOOLS_AUTORECONF && grep -qx YES make.log ||
	fail "the host package does not autoreconf a checkout"
br $config show-CMATOOLS_DEPENDENCIES && grep -q linux make.log ||
	fail "with a board tree, the kernel (which installs it) is not a dependency"

br $config cmatools || fail "cmatools: $(cat make.log)"
policy=board/board.cma
"$CMACC" -O table -o want.cmat $policy 2>/dev/null || exit 99
cmp -s want.cmat target/lib/firmware/cma.cmat || fail "target/lib/firmware/cma.cmat is not cmacc's table"
cmp -s want.cmat images/cma.cmat || fail "images/cma.cmat is not cmacc's table"
[ "$(cat images/cma-bootargs)" = "$("$CMACC" $policy 2>/dev/null)" ] ||
	fail "images/cma-bootargs: $(cat images/cma-bootargs)"
[ "$(cat images/cma-mainline)" = "cma=32M" ] ||
	fail "images/cma-mainline: $(cat images/cma-mainline)"
[ "$(fdtget images/cma-board.dtb /reserved-memory/video compatible)" = shared-dma-pool ] ||
	fail "images/cma-board.dtb has no video pool"
fdtget images/cma-board.dtb /soc/vpu@1000 memory-region >/dev/null ||
	fail "images/cma-board.dtb: the vpu has no memory-region"

# An error: the build stops with cmacc's diagnostic; images/ gets nothing.
rm -rf build target images/cma*
printf 'region broken {\n\tsize = 4M\n}\n' >>board/soc.cma
br $config cmatools && fail "cmatools built a policy with an error"
grep -q "soc.cma:.*error" make.log || fail "no diagnostic: $(cat make.log)"
[ -z "$(ls images | grep cma)" ] || fail "images/ got $(ls images)"

# No board tree: no dtb, and no kernel to wait for.
head -n 3 board/soc.cma >board/fixed.cma && mv board/fixed.cma board/soc.cma
rm -rf build target
br BR2_PACKAGE_CMATOOLS_POLICY='"board/board.cma"' BR2_PACKAGE_CMATOOLS_BOARD_DTB='""' \
	cmatools || fail "cmatools without a tree: $(cat make.log)"
[ -f images/cma.cmat ] && [ ! -f images/cma-.dtb ] ||
	fail "without a board tree: images/ has $(ls images)"
br BR2_PACKAGE_CMATOOLS_BOARD_DTB='""' show-CMATOOLS_DEPENDENCIES
grep -q linux make.log && fail "without a board tree the kernel is a dependency"
echo "PASS: the Buildroot package's steps, through a stand-in of Buildroot"
