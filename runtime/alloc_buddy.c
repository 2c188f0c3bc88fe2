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
 * page; the default is a page).  Free blocks are kept in a list for each
 * size and in one hash by address, where a freed block finds its buddy:
 * alloc and free are O(1) per size, of which there are at most 64.  A
 * live chunk's node is what alloc hands out and free is given back, so
 * free never allocates and never fails.
 */
#include "allocator.h"
#include "cmdline.h"
#include "hash.h"

#define ORDERS 64

struct block {
	struct block *prev, *next;	/* in its size's list, or live */
	struct cma_hnode node;		/* key: address */
	unsigned int order;
};

struct buddy {
	struct block *free[ORDERS];
	struct cma_hash blocks;		/* the free blocks, by address */
	struct block *live;		/* the live chunks' nodes */
	uint64_t free_bytes;
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

static void push(struct block **list, struct block *blk)
{
	blk->prev = NULL;
	blk->next = *list;
	if (blk->next)
		blk->next->prev = blk;
	*list = blk;
}

static void unlink_from(struct block **list, struct block *blk)
{
	if (blk->next)
		blk->next->prev = blk->prev;
	if (blk->prev)
		blk->prev->next = blk->next;
	else
		*list = blk->next;
}

static void block_add(struct buddy *b, struct block *blk, uint64_t addr,
		      unsigned int k)
{
	blk->node.key = addr;
	blk->order = k;
	cma_hash_add(&b->blocks, &blk->node);
	push(&b->free[k], blk);
}

static void block_del(struct buddy *b, struct block *blk)
{
	cma_hash_del(&b->blocks, &blk->node);
	unlink_from(&b->free[blk->order], blk);
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
	if (strncmp(params, "min=", 4) ||
	    cma_cl_parse_number(params, &pos, len, &v) || pos != len ||
	    v < page || (v & (v - 1)))
		return -EINVAL;
	*min = log2_floor(v);
	return 0;
}

static void release_block(struct cma_hnode *n)
{
	cma_free(cma_container_of(n, struct block, node));
}

static cma_cold void buddy_cleanup(void *priv)
{
	struct buddy *b = priv;
	struct block *s;

	if (b->blocks.buckets)
		cma_hash_drain(&b->blocks, release_block);
	cma_hash_destroy(&b->blocks);
	while ((s = b->live)) {
		b->live = s->next;
		cma_free(s);
	}
	cma_free(b);
}

static cma_cold int buddy_init(void **priv, uint64_t base,
			       uint64_t size, uint64_t page,
			       const char *params)
{
	struct buddy *b;
	uint64_t at = base, left = size;
	unsigned int min;

	if (parse_params(params, page, &min))
		return -EINVAL;
	b = cma_zalloc(sizeof(*b));
	if (!b)
		return -ENOMEM;
	if (cma_hash_init(&b->blocks)) {
		buddy_cleanup(b);
		return -ENOMEM;
	}
	b->min_order = min;
	/* The largest naturally aligned blocks that tile the region. */
	while (left >> min) {
		unsigned int k = log2_floor(left);
		struct block *blk;

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
		block_add(b, blk, at, k);
		b->free_bytes += (uint64_t)1 << k;
		at += (uint64_t)1 << k;
		left -= (uint64_t)1 << k;
	}
	*priv = b;
	return 0;
}

static int buddy_alloc(void *priv, uint64_t size, uint64_t align,
		       uint64_t *addr, uint64_t *got, void **chunk)
{
	struct buddy *b = priv;
	struct block *blk, *spare[ORDERS] = { NULL };
	unsigned int k = log2_ceil(size), j, i;
	uint64_t at;

	if (log2_floor(align) > k)
		k = log2_floor(align);
	if (k < b->min_order)
		k = b->min_order;
	if (k >= ORDERS)
		return -ENOMEM;
	for (j = k; j < ORDERS && !b->free[j]; j++)
		;
	if (j == ORDERS)
		return -ENOMEM;
	/* A node for each split, all before any change. */
	for (i = 0; i < j - k; i++) {
		spare[i] = cma_zalloc(sizeof(*spare[i]));
		if (!spare[i]) {
			while (i--)
				cma_free(spare[i]);
			return -ENOMEM;
		}
	}
	blk = b->free[j];
	at = blk->node.key;
	block_del(b, blk);
	/* Split down: the upper half of each split stays free. */
	for (i = 0; j > k; i++) {
		j--;
		block_add(b, spare[i], at + ((uint64_t)1 << j), j);
	}
	/* The block taken is the chunk's node from now on. */
	blk->order = k;
	push(&b->live, blk);
	b->free_bytes -= (uint64_t)1 << k;
	*addr = at;
	*got = (uint64_t)1 << k;
	*chunk = blk;
	return 0;
}

static void buddy_free(void *priv, void *chunk)
{
	struct buddy *b = priv;
	struct block *blk = chunk, *mate;
	uint64_t addr = blk->node.key;
	unsigned int k = blk->order;

	unlink_from(&b->live, blk);
	b->free_bytes += (uint64_t)1 << k;
	for (; k + 1 < ORDERS; k++) {
		uint64_t buddy_addr = addr ^ ((uint64_t)1 << k);
		struct cma_hnode *n = cma_hash_find(&b->blocks, buddy_addr);

		mate = n ? cma_container_of(n, struct block, node) : NULL;
		if (!mate || mate->order != k)
			break;
		block_del(b, mate);
		cma_free(mate);
		if (buddy_addr < addr)
			addr = buddy_addr;
	}
	block_add(b, blk, addr, k);
}

static void buddy_stats(void *priv, struct cma_alloc_stats *st)
{
	struct buddy *b = priv;
	int k;

	st->free_bytes = b->free_bytes;
	st->largest = 0;
	st->holes = b->blocks.count;
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
