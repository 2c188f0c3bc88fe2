/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The words libcma and cmacc both use when they refuse a policy.  A user
 * who meets a refusal at boot and lints the same policy should read the
 * same reason; keeping the words in one place is what holds them alike
 * (tests/unit/test_agree.c compares them on random policies).  Each says
 * what is wrong; where it is (a byte offset, a file and line) and what
 * would be right are added by each side in its own way.
 */
#ifndef CMA_REFUSALS_H
#define CMA_REFUSALS_H

/* region name */
#define CMA_WHY_DEFINED_TWICE "region '%s' is defined twice"
#define CMA_WHY_ALIGNMENT \
	"the alignment of region '%s' is not a power of two"
#define CMA_WHY_SIZE_ZERO \
	"region '%s' has size 0: a region needs at least one page"
#define CMA_WHY_SIZE_WRAPS \
	"the size of region '%s' overflows 64 bits when rounded up to a page"
#define CMA_WHY_START_WRAPS \
	"the start of region '%s' overflows 64 bits when rounded up to its alignment"
#define CMA_WHY_PAST_TOP \
	"region '%s' ends past the top of the 64-bit address space"

/* region name, then where: CMA_IN_RANGES, CMA_IN_BANKS or CMA_IN_ALL */
#define CMA_WHY_NO_ROOM "region '%s' fits nowhere in %s beside the regions before it"
#define CMA_IN_RANGES "its allocation ranges"
#define CMA_IN_BANKS "the declared memory"
#define CMA_IN_ALL "the 64-bit address space"

/* a region, its first and last byte, then the earlier region it meets */
#define CMA_WHY_OVERLAP \
	"region '%s' [0x%llx, 0x%llx] overlaps region '%s' [0x%llx, 0x%llx]"

/* region name, as a command line's rule names it */
#define CMA_WHY_UNDEFINED \
	"a rule names region '%s', which cma= does not define"

/* allocator, region, parameters */
#define CMA_WHY_PARAMS \
	"allocator '%s' of region '%s' does not take the parameters '%s'"
/* allocator, parameters, region */
#define CMA_WHY_NO_CHUNK \
	"allocator '%s' with '%s' can never hand out a chunk of region '%s'"

#endif /* CMA_REFUSALS_H */
