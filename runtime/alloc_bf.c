// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * bf: best fit.  The region is a list of blocks in address order, each
 * a hole or a live chunk; a chunk's block is what alloc hands out and
 * free is given back, so free finds the chunk's neighbours beside it,
 * with no search.  Holes are filed by size in classes, 64 to each power
 * of two (the two-level segregated fit of TLSF), with a bitmap of the
 * classes that hold any.  Every alloc and free costs O(1) and a few
 * cache misses whatever the number of blocks; with balanced trees (this
 * allocator's first form) the cost grew with the tree's depth, a cache
 * miss a level: 8x from 100 to 100,000 live chunks.
 *
 * The fit: alloc looks at the holes of the class the size falls in and
 * then of the next classes that hold any, and takes the smallest of those
 * that fit (the lowest of equals, as gen_pool's best fit does), looking
 * at no more than BF_TRIES.  Holes of one class differ by less than a
 * 64th, so without alignment the hole taken is at most a 32nd larger than
 * the best, and is the best whenever the classes looked at hold no more
 * than BF_TRIES holes (on the benchmark's fragmentation workload, 32
 * tries choose as exact best fit does; 16 did not).
 *
 * With an alignment of 8 pages or more, a hole shorter than the chunk
 * plus an eighth of the alignment holds it only if its start falls in
 * the right eighth or less of an alignment's span: tries there go mostly
 * to holes that cannot take it.  They start from the class of holes that
 * long instead; where they find nothing, alloc takes a hole of the first
 * class whose every hole is sure to hold the chunk aligned, which is what
 * bounds the work, and only where there is none, near exhaustion, tries
 * the shorter holes.  So it fails only where looking from the size's own
 * class would fail too.  Measured on workload (a)'s aligned requests,
 * against tries from the size's class, over 30 seeds: the largest chunk
 * left free after 20,000 and 100,000 pairs was larger in 30 and 30 of
 * them at 10,000 live chunks, 21 and 21 at 1,000, 15 and 12 at 100; and
 * a pair costs 13% less at 100 live chunks.
 *
 * Memory: one node a block.  Alloc takes the nodes a split needs before
 * it changes anything; free only joins blocks, so it never allocates and
 * never fails.  Nodes that joining frees are kept for later allocs.
 * Nodes come in slabs of a page, with no allocator's header between
 * them: 48 bytes a node rather than the 64 of a kmalloc or malloc of
 * one, which at 100,000 live chunks is a third of what a put misses.
 */
#include "allocator.h"
#include "block.h"

#define SUB_BITS 6		/* 64 classes to each power of two */
#define BF_TRIES 32

#define SLAB_BYTES 4096

/* Nodes, as many as a page holds. */
struct bf_slab {
	struct bf_slab *next;
	struct cma_block node[];
};

#define SLAB_NODES ((SLAB_BYTES - sizeof(struct bf_slab)) / \
		    sizeof(struct cma_block))

struct bf {
	struct cma_block **classes;
	uint64_t *nonempty;		/* a bit for each class with holes */
	unsigned int nclasses, shift;	/* shift: log2 of the page */
	struct cma_block *first;	/* the lowest block */
	struct cma_block *pool;		/* nodes joins freed, through right */
	struct bf_slab *slabs;		/* the newest first */
	unsigned int unused;		/* the newest slab's never used */
	uint64_t free_bytes, holes;
	/*
	 * The largest hole's size and how many holes have it, for stats:
	 * kept as holes come and go, found again only when the last of that
	 * size goes, so that stats after every event stay cheap even with
	 * many equal holes.
	 */
	uint64_t largest, nlargest;
	bool largest_lost;
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

/* Makes h a hole, filed in class c, its size's. */
static void file_hole_of(struct bf *bf, struct cma_block *h, unsigned int c)
{
	bf->holes++;
	if (h->size > bf->largest) {
		bf->largest = h->size;
		bf->nlargest = 1;
	} else if (h->size == bf->largest) {
		bf->nlargest++;
	}
	cma_block_push(&bf->classes[c], h);
	bf->nonempty[c / 64] |= 1ULL << (c % 64);
}

static void file_hole(struct bf *bf, struct cma_block *h)
{
	file_hole_of(bf, h, class_of(h->size >> bf->shift));
}

/*
 * Takes hole h out of class c, its size's, before its size changes.
 * Inline: alloc calls it on every request.
 */
static cma_always_inline void unfile_hole_of(struct bf *bf,
					     struct cma_block *h,
					     unsigned int c)
{
	bf->holes--;
	if (h->size == bf->largest && !--bf->nlargest)
		bf->largest_lost = true;
	cma_block_remove(&bf->classes[c], h);
	if (!bf->classes[c])
		bf->nonempty[c / 64] &= ~(1ULL << (c % 64));
}

static void unfile_hole(struct bf *bf, struct cma_block *h)
{
	unfile_hole_of(bf, h, class_of(h->size >> bf->shift));
}

/*
 * Rare (a page of nodes at a time): kept out of the request path.  Alloc
 * runs under its region's lock.
 */
static cma_cold bool new_slab(struct bf *bf)
{
	struct bf_slab *slab = cma_zalloc_locked(SLAB_BYTES);

	if (!slab)
		return false;
	slab->next = bf->slabs;
	bf->slabs = slab;
	bf->unused = SLAB_NODES;
	return true;
}

static struct cma_block *node_get(struct bf *bf)
{
	struct cma_block *h = bf->pool;

	if (h) {
		bf->pool = h->right;
		return h;
	}
	if (!bf->unused && !new_slab(bf))
		return NULL;
	return &bf->slabs->node[--bf->unused];
}

static void node_put(struct bf *bf, struct cma_block *h)
{
	if (h) {
		h->right = bf->pool;
		bf->pool = h;
	}
}

static cma_cold void bf_cleanup(void *priv)
{
	struct bf *bf = priv;
	struct bf_slab *slab;

	while ((slab = bf->slabs)) {
		bf->slabs = slab->next;
		cma_free(slab);
	}
	cma_free(bf);	/* and the classes, in the same block */
}

static cma_cold int bf_init(void **priv, uint64_t base, uint64_t size,
			    uint64_t page, const char *params)
{
	unsigned int shift = (unsigned int)__builtin_ctzll(page);
	unsigned int nclasses = class_of(size >> shift) + 1;
	size_t words = (nclasses + 63) / 64;
	struct bf *bf;
	struct cma_block *h;

	/* Parameters are ignored, as the 2010 best fit ignores them. */
	(void)params;
	/* One block: the allocator, the classes' bitmap, their lists. */
	bf = cma_zalloc(sizeof(*bf) + words * sizeof(*bf->nonempty) +
			nclasses * sizeof(*bf->classes));
	if (!bf)
		return -ENOMEM;
	bf->shift = shift;
	bf->nclasses = nclasses;
	bf->nonempty = (uint64_t *)(bf + 1);
	bf->classes = (struct cma_block **)(bf->nonempty + words);
	h = node_get(bf);
	if (!h) {
		bf_cleanup(bf);
		return -ENOMEM;
	}
	bf->first = h;
	h->start = base;
	h->size = size;
	file_hole(bf, h);
	bf->free_bytes = size;
	*priv = bf;
	return 0;
}

/* Does an aligned chunk of size fit in h?  *at: where it would start. */
static bool fits(const struct cma_block *h, uint64_t size, uint64_t align,
		 uint64_t *at)
{
	uint64_t pad = (0 - h->start) & (align - 1);

	if (pad > h->size || size > h->size - pad)
		return false;
	*at = h->start + pad;
	return true;
}

/*
 * The best of up to BF_TRIES holes from class c0 on that hold the chunk:
 * the smallest, and the lowest of equals (address order keeps the top
 * end free).  A hole that could not beat the best so far is passed over
 * on its size and start alone, before its fit is worked out: in a class
 * of many equal holes that is most of them.  *class: the class it is in.
 */
static struct cma_block *best_of(struct bf *bf, unsigned int c0,
				 uint64_t size, uint64_t align, uint64_t *at,
				 unsigned int *class)
{
	struct cma_block *h, *best = NULL;
	/* best's size and start, copied: the walk compares with registers */
	uint64_t best_size = UINT64_MAX, best_start = UINT64_MAX, where;
	unsigned int c, budget = BF_TRIES;

	/* c0 itself first: a ring of equal sizes finds its hole there. */
	c = c0 < bf->nclasses && bf->classes[c0] ? c0 : next_class(bf, c0);
	for (; c < bf->nclasses; c = next_class(bf, c + 1)) {
		for (h = bf->classes[c]; h; h = h->next) {
			if ((h->size < best_size ||
			     (h->size == best_size && h->start < best_start)) &&
			    fits(h, size, align, &where)) {
				best = h;
				best_size = h->size;
				best_start = h->start;
				*at = where;
				*class = c;
			}
			if (!--budget)
				return best;
		}
		/* Tested before the next class is looked for, not after. */
		if (best)
			break;
	}
	return best;
}

/*
 * A hole of the first class whose every hole holds the chunk aligned.
 * Cold: most allocs find their hole in best_of(); inline, its sums were
 * worked out ahead of the walk in every alloc.
 */
static cma_cold struct cma_block *sure_fit(struct bf *bf, uint64_t size,
					   uint64_t align, uint64_t *at,
					   unsigned int *class)
{
	uint64_t pages = size >> bf->shift;
	uint64_t sure = pages + ((align >> bf->shift) - 1);
	unsigned int c;

	if (sure < pages)
		return NULL;
	c = class_of(sure);
	if (class_floor(c) < sure)
		c++;
	c = next_class(bf, c);
	if (c >= bf->nclasses || !fits(bf->classes[c], size, align, at))
		return NULL;
	*class = c;
	return bf->classes[c];
}

static struct cma_block *pick(struct bf *bf, uint64_t size, uint64_t align,
			      uint64_t *at, unsigned int *class)
{
	uint64_t pages = size >> bf->shift;
	uint64_t from = pages + ((align >> bf->shift) >> 3);
	unsigned int c = class_of(pages);
	unsigned int first = from > pages ? class_of(from) : c;
	struct cma_block *h;

	/*
	 * The likely holes, then a sure one; with neither (near exhaustion),
	 * again from the size's own class, whose holes only a lucky start
	 * fits.  One loop, so that the walk is written out once: that
	 * repeats the sure look, an O(1) one, where nothing fits at all.
	 */
	for (;; first = c) {
		h = best_of(bf, first, size, align, at, class);
		if (h)
			return h;
		h = sure_fit(bf, size, align, at, class);
		if (h || first == c)
			return h;
	}
}

static struct cma_block *bf_alloc(void *priv, uint64_t size, uint64_t align)
{
	struct bf *bf = priv;
	struct cma_block *h, *c, *rest = NULL;
	uint64_t at = 0, hs, last;
	unsigned int class = 0;
	bool before, after;

	h = pick(bf, size, align, &at, &class);
	if (!h)
		return NULL;
	hs = h->start;
	last = hs + (h->size - 1);	/* no overflow at 2^64 */
	before = at > hs;
	after = at + (size - 1) < last;
	/* Nodes first: past this point nothing can fail. */
	c = before || after ? node_get(bf) : h;
	if (c && before && after)
		rest = node_get(bf);
	if (!c || (before && after && !rest)) {
		if (c != h)
			node_put(bf, c);
		return NULL;
	}
	unfile_hole_of(bf, h, class);
	if (before) {
		/* h keeps what lies below the chunk, rest what lies above. */
		h->size = at - hs;
		cma_block_link_after(&bf->first, h, c);
		file_hole(bf, h);
		if (after) {
			rest->start = at + size;
			rest->size = last - (at + size - 1);
			cma_block_link_after(&bf->first, c, rest);
			file_hole(bf, rest);
		}
	} else if (after) {
		/* h keeps what lies above the chunk. */
		cma_block_link_after(&bf->first, h->left, c);
		h->start = at + size;
		h->size = last - (at + size - 1);
		file_hole(bf, h);
	}
	c->start = at;
	c->size = size;
	cma_block_make_chunk(c);
	c->tag = class_of(size >> bf->shift);	/* what free files it in */
	bf->free_bytes -= size;
	return c;
}

static void bf_free(void *priv, struct cma_block *h)
{
	struct bf *bf = priv;
	struct cma_block *l = h->left, *r = h->right;
	unsigned int c = h->tag;
	bool joined = false;

	bf->free_bytes += h->size;
	/* Joined to the holes beside it, the chunk is one hole with them. */
	if (r && cma_block_is_hole(r)) {
		unfile_hole(bf, r);
		h->size += r->size;
		cma_block_unlink(&bf->first, r);
		node_put(bf, r);
		joined = true;
	}
	if (l && cma_block_is_hole(l)) {
		unfile_hole(bf, l);
		l->size += h->size;
		cma_block_unlink(&bf->first, h);
		node_put(bf, h);
		h = l;
		joined = true;
	}
	if (joined)
		c = class_of(h->size >> bf->shift);
	file_hole_of(bf, h, c);
}

/* The largest hole, found again in the highest class that holds any. */
static cma_cold void find_largest(struct bf *bf)
{
	const struct cma_block *h;
	unsigned int w;

	bf->largest = bf->nlargest = 0;
	bf->largest_lost = false;
	for (w = (bf->nclasses + 63) / 64; w--;) {
		if (!bf->nonempty[w])
			continue;
		h = bf->classes[w * 64 + 63 - __builtin_clzll(bf->nonempty[w])];
		for (; h; h = h->next) {
			if (h->size > bf->largest) {
				bf->largest = h->size;
				bf->nlargest = 0;
			}
			bf->nlargest += h->size == bf->largest;
		}
		return;
	}
}

static cma_cold void bf_stats(void *priv, struct cma_alloc_stats *st)
{
	struct bf *bf = priv;

	if (bf->largest_lost)
		find_largest(bf);
	st->free_bytes = bf->free_bytes;
	st->holes = bf->holes;
	st->largest = bf->largest;
}

const struct cma_allocator cma_alloc_bf = {
	.name = "bf",
	.init = bf_init,
	.cleanup = bf_cleanup,
	.alloc = bf_alloc,
	.free = bf_free,
	.stats = bf_stats,
};
