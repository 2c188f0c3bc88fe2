/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Where regions lie.  Fixed regions at their start rounded up to their
 * alignment; the others, in the order given, each at the lowest aligned
 * address of the lowest bank where it overlaps nothing placed before it
 * and no reserved memory; a region with ranges of its own, in the first
 * of them (in the order given) where it finds room so, inside the banks.
 * With no banks, all of memory is one bank.  The compiler and the
 * runtime place regions by this one rule.
 */
#ifndef CMA_PLACE_H
#define CMA_PLACE_H

#include "cma_env.h"

/* A bank of memory by its first and last byte: [0, 2^64) fits. */
struct cma_bank {
	uint64_t first, last;
};

struct cma_place_item {
	const struct cma_bank *ranges;	/* in: where it may lie, in order */
	size_t nranges;			/* in: 0: anywhere in the banks */
	uint64_t size;		/* whole pages */
	uint64_t align;		/* a power of two, at least a page */
	uint64_t start;		/* in: 0 to be placed; out: where it lies */
	bool fixed;		/* in: start was given */
	bool placed;		/* out */
	/* out: 1 + the index of an item before it that both are fixed and meet */
	size_t overlaps;
};

/*
 * Places every item that is not fixed, in banks sorted by address (none:
 * all of memory), around the reserved spans (in any order: what no
 * region may take; fixed items are not checked against them);
 * items[i].placed says which found room.  Needs scratch space for n +
 * nreserved spans: 0 or -ENOMEM.
 */
int cma_place(struct cma_place_item *items, size_t n,
	      const struct cma_bank *banks, size_t nbanks,
	      const struct cma_bank *reserved, size_t nreserved);

#endif /* CMA_PLACE_H */
