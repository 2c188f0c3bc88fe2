/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Where regions lie.  Fixed regions at their start rounded up to their
 * alignment; the others, in the order given, each at the lowest aligned
 * address of the lowest bank where it overlaps nothing placed before it.
 * With no banks, all of memory is one bank.  The compiler and the
 * runtime place regions by this one rule.
 */
#ifndef CMA_PLACE_H
#define CMA_PLACE_H

#include "cma_env.h"

struct cma_place_item {
	uint64_t size;		/* whole pages */
	uint64_t align;		/* a power of two, at least a page */
	uint64_t start;		/* in: 0 to be placed; out: where it lies */
	bool fixed;		/* in: start was given */
	bool placed;		/* out */
	/* out: 1 + the index of an item before it that both are fixed and meet */
	size_t overlaps;
};

/* A bank of memory by its first and last byte: [0, 2^64) fits. */
struct cma_bank {
	uint64_t first, last;
};

/*
 * Places every item that is not fixed, in banks sorted by address (none:
 * all of memory); items[i].placed says which found room.  Needs scratch
 * space for n spans: 0 or -ENOMEM.
 */
int cma_place(struct cma_place_item *items, size_t n,
	      const struct cma_bank *banks, size_t nbanks);

#endif /* CMA_PLACE_H */
