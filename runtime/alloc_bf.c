// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * bf: best fit.  Free holes are filed by size in classes, 64 to each
 * power of two (the two-level segregated fit of TLSF), with a bitmap of
 * the classes that hold any; and in two hashes, by start and by end, so
 * that a freed chunk finds the holes it touches.  Every alloc and free
 * costs O(1) and a few cache misses whatever the number of holes; with
 * balanced trees (this allocator's first form) the cost grew with the
 * tree's depth, a cache miss a level: 8x from 100 to 100,000 live chunks.
 *
 * The fit: alloc looks at the holes of the class the size falls in and
 * then of the next classes that hold any, and takes the smallest of those
 * that fit (the lowest of equals, as gen_pool's best fit does), looking
 * at no more than BF_TRIES.  Holes of one class differ by less than a
 * 64th, so without alignment the hole taken is at most a 32nd larger than
 * the best, and is the best whenever the classes looked at hold no more
 * than BF_TRIES holes (on the benchmark's fragmentation workload, 32
 * tries choose as exact best fit does; 16 did not).  An alignment above
 * a page may defeat the holes looked at; then alloc takes a hole of the
 * first class whose every hole is sure to hold the chunk aligned, which
 * is what bounds the work.
 *
 * Memory: each hole is one node.  Each live chunk holds one node in
 * reserve, taken at alloc, so that free never has to allocate a node and
 * never fails; nodes that merging frees are kept for later allocs.
 */
#include "allocator.h"
#include "hash.h"

#define SUB_BITS 6		/* 64 classes to each power of two */
#define BF_TRIES 32

struct hole {
	struct hole *prev, *next;	/* in its class; next: in the pool */
	struct cma_hnode by_start, by_end;	/* end: past the last byte */
	uint64_t size;
};

struct bf {
	struct hole **classes;
	uint64_t *nonempty;		/* a bit for each class with holes */
	unsigned int nclasses, shift;	/* shift: log2 of the page */
	struct cma_hash starts, ends;
	struct hole *spares;		/* one per live chunk */
	struct hole *pool;		/* nodes merges freed, for reuse */
	uint64_t free_bytes;
};

static unsigned int class_of(uint64_t pages)
{
	unsigned int top;

	if (pages < 1u << SUB_BITS)
		return (unsigned int)pages;
	top = 63 - (unsigned int)__builtin_clzll(pages);
	return ((top - SUB_BITS + 1) << SUB_BITS) +
	       (unsigned int)((pages >> (top - SUB_BITS)) & ((1u << SUB_BITS) - 1));
}

/* The smallest size, in pages, of class c. */
static uint64_t class_floor(unsigned int c)
{
	if (c < 1u << SUB_BITS)
		return c;
	return (uint64_t)((1u << SUB_BITS) + (c & ((1u << SUB_BITS) - 1))) <<
	       ((c >> SUB_BITS) - 1);
}

/* The first class from c on that holds a hole, or nclasses. */
static unsigned int next_class(const struct bf *bf, unsigned int c)
{
	unsigned int w = c / 64;
	uint64_t bits;

	if (c >= bf->nclasses)
		return bf->nclasses;
	bits = bf->nonempty[w] & (~0ULL << (c % 64));
	while (!bits) {
		if (++w > (bf->nclasses - 1) / 64)
			return bf->nclasses;
		bits = bf->nonempty[w];
	}
	return w * 64 + (unsigned int)__builtin_ctzll(bits);
}

static uint64_t start_of(const struct hole *h)
{
	return h->by_start.key;
}

static void file_hole(struct bf *bf, struct hole *h)
{
	unsigned int c = class_of(h->size >> bf->shift);

	h->prev = NULL;
	h->next = bf->classes[c];
	if (h->next)
		h->next->prev = h;
	bf->classes[c] = h;
	bf->nonempty[c / 64] |= 1ULL << (c % 64);
}

static void unfile_hole(struct bf *bf, struct hole *h)
{
	unsigned int c = class_of(h->size >> bf->shift);

	if (h->next)
		h->next->prev = h->prev;
	if (h->prev) {
		h->prev->next = h->next;
	} else {
		bf->classes[c] = h->next;
		if (!h->next)
			bf->nonempty[c / 64] &= ~(1ULL << (c % 64));
	}
}

static void hole_add(struct bf *bf, struct hole *h, uint64_t start,
		     uint64_t size)
{
	h->by_start.key = start;
	h->by_end.key = start + size;	/* 0 for a hole that ends at 2^64 */
	h->size = size;
	cma_hash_add(&bf->starts, &h->by_start);
	cma_hash_add(&bf->ends, &h->by_end);
	file_hole(bf, h);
}

static void hole_del(struct bf *bf, struct hole *h)
{
	unfile_hole(bf, h);
	cma_hash_del(&bf->starts, &h->by_start);
	cma_hash_del(&bf->ends, &h->by_end);
}

/* h now spans [start, start + size): refiles what changed. */
static void reshape(struct bf *bf, struct hole *h, uint64_t start,
		    uint64_t size)
{
	unfile_hole(bf, h);
	if (start != h->by_start.key) {
		cma_hash_del(&bf->starts, &h->by_start);
		h->by_start.key = start;
		cma_hash_add(&bf->starts, &h->by_start);
	}
	if (start + size != h->by_end.key) {
		cma_hash_del(&bf->ends, &h->by_end);
		h->by_end.key = start + size;
		cma_hash_add(&bf->ends, &h->by_end);
	}
	h->size = size;
	file_hole(bf, h);
}

static struct hole *node_get(struct bf *bf)
{
	struct hole *h = bf->pool;

	if (!h)
		return cma_zalloc(sizeof(*h));
	bf->pool = h->next;
	return h;
}

static void node_put(struct bf *bf, struct hole *h)
{
	if (h) {
		h->next = bf->pool;
		bf->pool = h;
	}
}

static void free_list(struct hole *h)
{
	while (h) {
		struct hole *next = h->next;

		cma_free(h);
		h = next;
	}
}

static cma_cold void bf_cleanup(void *priv)
{
	struct bf *bf = priv;
	unsigned int c;

	for (c = 0; bf->classes && c < bf->nclasses; c++)
		free_list(bf->classes[c]);
	free_list(bf->spares);
	free_list(bf->pool);
	cma_hash_destroy(&bf->starts);
	cma_hash_destroy(&bf->ends);
	cma_free(bf->classes);
	cma_free(bf->nonempty);
	cma_free(bf);
}

static cma_cold int bf_init(void **priv, uint64_t base, uint64_t size,
			    uint64_t page, const char *params)
{
	struct bf *bf;
	struct hole *h;

	if (params && *params)
		return -EINVAL;
	bf = cma_zalloc(sizeof(*bf));
	if (!bf)
		return -ENOMEM;
	bf->shift = (unsigned int)__builtin_ctzll(page);
	bf->nclasses = class_of(size >> bf->shift) + 1;
	bf->classes = cma_zalloc(bf->nclasses * sizeof(*bf->classes));
	bf->nonempty = cma_zalloc((bf->nclasses + 63) / 64 * sizeof(uint64_t));
	h = cma_zalloc(sizeof(*h));
	bf->spares = h;		/* freed with the rest if the next fail */
	if (!bf->classes || !bf->nonempty || !h ||
	    cma_hash_init(&bf->starts) || cma_hash_init(&bf->ends)) {
		bf_cleanup(bf);
		return -ENOMEM;
	}
	bf->spares = NULL;
	bf->free_bytes = size;
	hole_add(bf, h, base, size);
	*priv = bf;
	return 0;
}

/* Does an aligned chunk of size fit in h?  *at: where it would start. */
static bool fits(const struct hole *h, uint64_t size, uint64_t align,
		 uint64_t *at)
{
	uint64_t pad = (0 - start_of(h)) & (align - 1);

	if (pad > h->size || h->size - pad < size)
		return false;
	*at = start_of(h) + pad;
	return true;
}

/* Smaller, or as small and lower: address order keeps the top end free. */
static bool better(const struct hole *h, const struct hole *best)
{
	return !best || h->size < best->size ||
	       (h->size == best->size && start_of(h) < start_of(best));
}

static struct hole *pick(struct bf *bf, uint64_t size, uint64_t align,
			 uint64_t *at)
{
	uint64_t pages = size >> bf->shift, sure, where;
	struct hole *h, *best = NULL;
	unsigned int c, tries = 0;

	for (c = next_class(bf, class_of(pages));
	     !best && c < bf->nclasses && tries < BF_TRIES;
	     c = next_class(bf, c + 1))
		for (h = bf->classes[c]; h && tries < BF_TRIES;
		     h = h->next, tries++)
			if (fits(h, size, align, &where) &&
			    better(h, best)) {
				best = h;
				*at = where;
			}
	if (best)
		return best;
	/* Every hole of class c and above holds sure pages, so the chunk. */
	sure = pages + ((align >> bf->shift) - 1);
	if (sure < pages)
		return NULL;
	c = class_of(sure);
	if (class_floor(c) < sure)
		c++;
	c = next_class(bf, c);
	if (c >= bf->nclasses || !fits(bf->classes[c], size, align, at))
		return NULL;
	return bf->classes[c];
}

static int bf_alloc(void *priv, uint64_t size, uint64_t align, uint64_t *addr,
		    uint64_t *got)
{
	struct bf *bf = priv;
	struct hole *h, *split = NULL, *reserve;
	uint64_t at = 0, hs, last;
	bool before, after;

	h = pick(bf, size, align, &at);
	if (!h)
		return -ENOMEM;
	hs = start_of(h);
	last = hs + (h->size - 1);	/* no overflow at 2^64 */
	before = at > hs;
	after = at + (size - 1) < last;
	/* Nodes first: past this point nothing can fail. */
	reserve = node_get(bf);
	if (reserve && before && after)
		split = node_get(bf);
	if (!reserve || (before && after && !split)) {
		node_put(bf, reserve);
		return -ENOMEM;
	}
	if (before)
		reshape(bf, h, hs, at - hs);
	else if (after)
		reshape(bf, h, at + size, last - (at + size - 1));
	else
		hole_del(bf, h);
	if (before && after)
		hole_add(bf, split, at + size, last - (at + size - 1));
	if (!before && !after)
		node_put(bf, h);
	reserve->next = bf->spares;
	bf->spares = reserve;
	bf->free_bytes -= size;
	*addr = at;
	*got = size;
	return 0;
}

static struct hole *hole_at(const struct cma_hash *hash, uint64_t key,
			    bool by_end)
{
	struct cma_hnode *n = cma_hash_find(hash, key);

	if (!n)
		return NULL;
	return by_end ? cma_container_of(n, struct hole, by_end) :
			cma_container_of(n, struct hole, by_start);
}

static void bf_free(void *priv, uint64_t addr, uint64_t got)
{
	struct bf *bf = priv;
	struct hole *h = bf->spares;
	struct hole *prev = hole_at(&bf->ends, addr, true);
	struct hole *next = hole_at(&bf->starts, addr + got, false);

	bf->spares = h->next;
	bf->free_bytes += got;
	if (prev && next) {
		uint64_t size = prev->size + got + next->size;

		hole_del(bf, next);
		node_put(bf, next);
		reshape(bf, prev, start_of(prev), size);
	} else if (prev) {
		reshape(bf, prev, start_of(prev), prev->size + got);
	} else if (next) {
		reshape(bf, next, addr, next->size + got);
	} else {
		hole_add(bf, h, addr, got);
		return;
	}
	node_put(bf, h);
}

static void bf_stats(void *priv, struct cma_alloc_stats *st)
{
	struct bf *bf = priv;
	const struct hole *h;
	unsigned int c;

	st->free_bytes = bf->free_bytes;
	st->holes = bf->starts.count;
	st->largest = 0;
	for (c = bf->nclasses; c--;) {
		for (h = bf->classes[c]; h; h = h->next)
			if (h->size > st->largest)
				st->largest = h->size;
		if (st->largest)
			break;
	}
}

const struct cma_allocator cma_alloc_bf = {
	.name = "bf",
	.init = bf_init,
	.cleanup = bf_cleanup,
	.alloc = bf_alloc,
	.free = bf_free,
	.stats = bf_stats,
};
