################################################################################
#
# cmatools
#
################################################################################

# host-cmatools builds cmacc for the build machine (without the kernel
# module: --with-kernel-build=no).  The target package builds nothing of
# its own: it runs the host's cmacc on the board's policy and installs
# what it writes.  CMATOOLS_SITE: a cmatools checkout, or set
# CMATOOLS_SITE and CMATOOLS_SITE_METHOD to where your release lies.
CMATOOLS_VERSION = 0.1.0
CMATOOLS_SITE ?= $(TOPDIR)/../cmatools
CMATOOLS_SITE_METHOD ?= local
CMATOOLS_LICENSE = GPL-2.0+ (cmacc), GPL-2.0 or BSD-2-Clause (runtime)
CMATOOLS_LICENSE_FILES = debian/copyright

# A checkout has no configure: bootstrap's autoreconf wants m4/ first.
HOST_CMATOOLS_AUTORECONF = YES
define HOST_CMATOOLS_MAKE_M4
	mkdir -p $(@D)/m4
endef
HOST_CMATOOLS_PRE_CONFIGURE_HOOKS += HOST_CMATOOLS_MAKE_M4
HOST_CMATOOLS_DEPENDENCIES = host-bison host-flex host-dtc host-check \
	host-pkgconf
HOST_CMATOOLS_CONF_OPTS = --with-kernel-build=no

CMATOOLS_POLICY = $(call qstrip,$(BR2_PACKAGE_CMATOOLS_POLICY))
CMATOOLS_BOARD_DTB = $(call qstrip,$(BR2_PACKAGE_CMATOOLS_BOARD_DTB))
CMATOOLS_FLAGS = $(call qstrip,$(BR2_PACKAGE_CMATOOLS_FLAGS))
CMATOOLS_CMACC = $(HOST_DIR)/bin/cmacc $(CMATOOLS_FLAGS)
CMATOOLS_DEPENDENCIES = host-cmatools
ifneq ($(CMATOOLS_BOARD_DTB),)
CMATOOLS_DEPENDENCIES += linux
endif

# cmacc writes nothing on an error, so a failed step leaves no output.
# -O mainline keeps the default region only, by design: the board tree
# carries the others as pools, so that warning is not the board's fault.
define CMATOOLS_BUILD_CMDS
	$(CMATOOLS_CMACC) -O table -o $(@D)/cma.cmat $(CMATOOLS_POLICY)
	$(CMATOOLS_CMACC) -o $(@D)/cma-bootargs $(CMATOOLS_POLICY)
	$(CMATOOLS_CMACC) -Wno-mainline -O mainline -o $(@D)/cma-mainline \
		$(CMATOOLS_POLICY)
	$(if $(CMATOOLS_BOARD_DTB),$(CMATOOLS_CMACC) -O dtb \
		--board=$(BINARIES_DIR)/$(CMATOOLS_BOARD_DTB) \
		-o $(@D)/cma-$(CMATOOLS_BOARD_DTB) $(CMATOOLS_POLICY))
endef

define CMATOOLS_INSTALL_TARGET_CMDS
	$(INSTALL) -D -m 0644 $(@D)/cma.cmat $(TARGET_DIR)/lib/firmware/cma.cmat
endef

CMATOOLS_INSTALL_IMAGES = YES
define CMATOOLS_INSTALL_IMAGES_CMDS
	$(INSTALL) -D -m 0644 $(@D)/cma.cmat $(BINARIES_DIR)/cma.cmat
	$(INSTALL) -D -m 0644 $(@D)/cma-bootargs $(BINARIES_DIR)/cma-bootargs
	$(INSTALL) -D -m 0644 $(@D)/cma-mainline $(BINARIES_DIR)/cma-mainline
	$(if $(CMATOOLS_BOARD_DTB),$(INSTALL) -D -m 0644 \
		$(@D)/cma-$(CMATOOLS_BOARD_DTB) \
		$(BINARIES_DIR)/cma-$(CMATOOLS_BOARD_DTB))
endef

$(eval $(generic-package))
$(eval $(host-autotools-package))
