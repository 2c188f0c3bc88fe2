// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * buddy: a binary buddy allocator, for regions that hold power-of-two
 * buffers (video frame rings, codec reference frames).  Every chunk is a
 * block of 2^k bytes at a multiple of 2^k, so any alignment up to the
 * chunk's size costs nothing, freeing merges blocks with their buddies
 * at once, and no sequence of allocations can leave free memory in more
 * than one block of each size between two live chunks.  The price: a
 * chunk is rounded up to a power of two.
 *
 * Parameter: "min=SIZE", the smallest block (a power of two of at least a
 * page; the default is a page).  Blocks, free or live, are kept in
 * address order (block.h), where a freed block's buddy, if whole and
 * free, lies beside it; free blocks also in a list for each size: alloc
 * and free are O(1) per size, of which there are at most 64.  A live
 * chunk's block is what alloc hands out and free is given back, so free
 * never allocates and never fails.
 */
#include "allocator.h"
#include "block.h"
#include "cmdline.h"

#ifndef CMA_BF_ONLY	/* allocators.def */

#define ORDERS 64

struct buddy {
	struct cma_block *free[ORDERS];	/* the free blocks of 2^k bytes */
	struct cma_block *first;	/* the lowest block */
	uint64_t free_bytes, blocks;	/* blocks: the free ones */
	unsigned int min_order;
};

static unsigned int log2_floor(uint64_t v)
{
	return 63 - (unsigned int)__builtin_clzll(v);
}

static unsigned int log2_ceil(uint64_t v)
{
	unsigned int k = log2_floor(v);

	return (v & (v - 1)) ? k + 1 : k;
}

/* Makes blk, of 2^k bytes at addr, a free block. */
static void block_add(struct buddy *b, struct cma_block *blk, uint64_t addr,
		      unsigned int k)
{
	blk->start = addr;
	blk->size = (uint64_t)1 << k;
	b->blocks++;
	cma_block_push(&b->free[k], blk);
}

static void block_del(struct buddy *b, struct cma_block *blk)
{
	b->blocks--;
	cma_block_remove(&b->free[log2_floor(blk->size)], blk);
}

/* "min=SIZE", or nothing. */
static int parse_params(const char *params, uint64_t page, unsigned int *min)
{
	uint64_t v;
	size_t pos = 4, len;

	*min = log2_floor(page);
	if (!params || !*params)
		return 0;
	len = strlen(params);
	if (len < 4 || memcmp(params, "min=", 4) ||
	    cma_cl_parse_number(params, &pos, len, &v) || pos != len ||
	    v < page || (v & (v - 1)))
		return -EINVAL;
	*min = log2_floor(v);
	return 0;
}

static cma_cold void buddy_cleanup(void *priv)
{
	struct buddy *b = priv;

	cma_block_free_all(&b->first);
	cma_free(b);
}

static cma_cold int buddy_init(void **priv, uint64_t base,
			       uint64_t size, uint64_t page,
			       const char *params)
{
	struct buddy *b;
	struct cma_block *last = NULL;
	uint64_t at = base, left = size;
	unsigned int min;

	if (parse_params(params, page, &min))
		return -EINVAL;
	b = cma_zalloc(sizeof(*b));
	if (!b)
		return -ENOMEM;
	b->min_order = min;
	/* The largest naturally aligned blocks that tile the region. */
	while (left >> min) {
		unsigned int k = log2_floor(left);
		struct cma_block *blk;

		if (at) {
			unsigned int align = __builtin_ctzll(at);

			if (align < k)
				k = align;
		}
		if (k < min)
			break;
		blk = cma_zalloc(sizeof(*blk));
		if (!blk) {
			buddy_cleanup(b);
			return -ENOMEM;
		}
		cma_block_link_after(&b->first, last, blk);
		last = blk;
		block_add(b, blk, at, k);
		b->free_bytes += (uint64_t)1 << k;
		at += (uint64_t)1 << k;
		left -= (uint64_t)1 << k;
	}
	*priv = b;
	return 0;
}

static struct cma_block *buddy_alloc(void *priv, uint64_t size,
				      uint64_t align)
{
	struct buddy *b = priv;
	struct cma_block *blk, *spare[ORDERS];	/* spare[0, j - k): one a split */
	unsigned int k = log2_ceil(size), j, i;

	if (log2_floor(align) > k)
		k = log2_floor(align);
	if (k < b->min_order)
		k = b->min_order;
	if (k >= ORDERS)
		return NULL;
	for (j = k; j < ORDERS && !b->free[j]; j++)
		;
	if (j == ORDERS)
		return NULL;
	/* A node for each split, all before any change; under the lock. */
	for (i = 0; i < j - k; i++) {
		spare[i] = cma_zalloc_locked(sizeof(*spare[i]));
		if (!spare[i]) {
			while (i--)
				cma_free(spare[i]);
			return NULL;
		}
	}
	blk = b->free[j];
	block_del(b, blk);
	/* Split down: the upper half of each split stays free. */
	for (i = 0; j > k; i++) {
		j--;
		cma_block_link_after(&b->first, blk, spare[i]);
		block_add(b, spare[i], blk->start + ((uint64_t)1 << j), j);
	}
	/* The block taken is the chunk's record from now on. */
	blk->size = (uint64_t)1 << k;
	cma_block_make_chunk(blk);
	b->free_bytes -= blk->size;
	return blk;
}

static void buddy_free(void *priv, struct cma_block *blk)
{
	struct buddy *b = priv;
	struct cma_block *mate;
	unsigned int k = log2_floor(blk->size);

	b->free_bytes += blk->size;
	for (; k + 1 < ORDERS; k++) {
		/* The buddy lies below when this block is its upper half. */
		uint64_t mate_addr = blk->start ^ ((uint64_t)1 << k);

		mate = mate_addr < blk->start ? blk->left : blk->right;
		if (!mate || !cma_block_is_hole(mate) ||
		    mate->start != mate_addr || mate->size != blk->size)
			break;
		block_del(b, mate);
		/* The lower block of the two stays, twice the size. */
		if (mate_addr < blk->start) {
			struct cma_block *upper = blk;

			blk = mate;
			mate = upper;
		}
		blk->size *= 2;
		cma_block_unlink(&b->first, mate);
		cma_free(mate);
	}
	block_add(b, blk, blk->start, k);
}

static cma_cold void buddy_stats(void *priv, struct cma_alloc_stats *st)
{
	struct buddy *b = priv;
	int k;

	st->free_bytes = b->free_bytes;
	st->largest = 0;
	st->holes = b->blocks;
	for (k = ORDERS - 1; k >= 0; k--) {
		if (b->free[k]) {
			st->largest = (uint64_t)1 << k;
			break;
		}
	}
}

const struct cma_allocator cma_alloc_buddy = {
	.name = "buddy",
	.init = buddy_init,
	.cleanup = buddy_cleanup,
	.alloc = buddy_alloc,
	.free = buddy_free,
	.stats = buddy_stats,
};
#endif /* CMA_BF_ONLY */
