/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kernels cmacc writes for, by name (--target): what each one's CMA
 * refuses, read from its code, so that an output for it never holds a
 * pool it will not create.
 */
#ifndef CMACC_TARGET_H
#define CMACC_TARGET_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct compilation;
struct strbuf;

struct kernel_target {
	const char *name;	/* linux-RELEASE-ARCH-PAGESIZE */
	uint64_t page_size;
	/*
	 * CMA_MIN_ALIGNMENT_BYTES: a pool's base and size must be multiples
	 * of it (rmem_cma_setup()); cma= sizes are rounded up to it and an
	 * unaligned fixed base is refused (cma_declare_contiguous_nid()).
	 */
	uint64_t cma_align;
	unsigned int cma_areas;	/* MAX_CMA_AREAS: 1 + CONFIG_CMA_AREAS */
	/* CONFIG_CMA_SIZE_MBYTES: the area made when no pool is the default */
	unsigned int default_mbytes;
};

/*
 * The kernels that read the 2010 command line: cmacc's own runtime (libcma
 * and cma.ko, the default) or the 2010 patch's kernel, on a 64-bit or a
 * 32-bit machine.  Canonical output means to the one named what the input
 * meant; the compat-* checks say where the 2010 kernel does otherwise.
 */
enum cmdline_kernel {
	KERNEL_RUNTIME,
	KERNEL_2010,
	KERNEL_2010_32,
};

/*
 * --target=NAME for the 2010 command line: true, with *k set, when name
 * is one of runtime, 2010 and 2010-32.
 */
bool cmdline_kernel_find(const char *name, enum cmdline_kernel *k);

/* The largest number the kernel k reads: ULONG_MAX there. */
uint64_t cmdline_kernel_max(enum cmdline_kernel k);

/* The target for today's kernels when --target is not given. */
extern const struct kernel_target *const default_target;

/* The target called name, or NULL with why set to what names are known. */
const struct kernel_target *target_find(const char *name, struct strbuf *why);

/* One line a target: name, page size, CMA alignment, CMA areas. */
void targets_list(FILE *out);

/* The target the output is checked for: --target's, or the default. */
const struct kernel_target *compilation_target(const struct compilation *c);

/*
 * Does region i of c's policy become a CMA area of the target, in the
 * output being written?  The device-tree outputs and a device tree read
 * make every reusable region one, -O mainline the default one; a no_map
 * pool is none.
 */
bool target_writes_region(const struct compilation *c, size_t i);

/*
 * With --round-to-target: the sizes and starts of the regions written,
 * rounded up to what the target takes, each change a warning.  Before
 * the checks, so that they see what is written.
 */
void target_round(struct compilation *c);

#endif /* CMACC_TARGET_H */
