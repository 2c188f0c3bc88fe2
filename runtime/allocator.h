/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Allocators: the four operations of 2010 (init, cleanup, alloc, free)
 * and a way to read their state.  The framework serialises the calls on
 * one region and gives them sizes in whole pages and alignments that are
 * powers of two of at least a page.  Addresses are physical, not offsets,
 * so that an alignment larger than the region's own is honoured.  Alloc,
 * free and stats run under the region's lock, which spins: what memory
 * they need comes from cma_zalloc_locked() (cma_env.h).
 */
#ifndef CMA_ALLOCATOR_H
#define CMA_ALLOCATOR_H

#include "cma_env.h"

struct cma_block;

struct cma_alloc_stats {
	uint64_t free_bytes;
	uint64_t largest;	/* the largest chunk one alloc could give */
	uint64_t holes;		/* free extents (or blocks) it keeps */
};

struct cma_allocator {
	const char *name;
	/*
	 * Takes charge of [base, base + size); params is the policy's text
	 * (NULL: none).  0, -EINVAL for params it does not take, or -ENOMEM.
	 */
	int (*init)(void **priv, uint64_t base, uint64_t size, uint64_t page,
		    const char *params);
	void (*cleanup)(void *priv);
	/*
	 * At least size bytes at a multiple of align: the chunk's block
	 * (block.h; its start is the address, its size the bytes it holds,
	 * its refs the framework's until free), or NULL when none fits.
	 */
	struct cma_block *(*alloc)(void *priv, uint64_t size, uint64_t align);
	void (*free)(void *priv, struct cma_block *chunk);
	void (*stats)(void *priv, struct cma_alloc_stats *st);
};

#define CMA_ALLOCATOR(name) extern const struct cma_allocator cma_alloc_##name;
#include "allocators.def"
#undef CMA_ALLOCATOR

/* The allocator called name; NULL asks for the first, best fit. */
const struct cma_allocator *cma_allocator_find(const char *name);
/* The i-th built-in allocator, or NULL past the last. */
const struct cma_allocator *cma_allocator_at(unsigned int i);

#endif /* CMA_ALLOCATOR_H */
