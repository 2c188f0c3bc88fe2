// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * bf: best fit, as in 2010.  Free holes are kept in two trees, by
 * (size, start) to find the smallest that fits and by start to merge a
 * freed chunk with its neighbours.
 *
 * Alignment: a hole at least size + align - page long always holds an
 * aligned chunk, since holes start on a page; a smaller one may or may
 * not, by where it starts.  Trying every smaller one cost O(k log n) for
 * k of them, and k grows with the live set (the benchmark measured
 * 330 us a pair at 100,000 live chunks with random alignments), so alloc
 * tries the BF_TRIES smallest holes of at least size bytes (walking the
 * tree in order) and otherwise
 * takes the smallest hole that is sure to fit.  Without alignment above
 * a page that is the exact best fit.  alloc and free are O(log n).
 *
 * A hole that shrinks or grows at one end keeps its place among the
 * others by address, so only its place by size is redone: most allocs
 * and frees cost two tree operations, not four to eight.
 *
 * Memory: each hole is one node.  Each live chunk holds one node in
 * reserve, taken at alloc, so that free never has to allocate and never
 * fails; nodes that merging frees are kept for later allocs.
 */
#include "allocator.h"
#include "tree.h"

struct hole {
	struct cma_tnode by_addr;	/* a: start */
	struct cma_tnode by_size;	/* a: size, b: start */
	struct hole *next_spare;
};

struct bf {
	struct cma_tnode *by_addr, *by_size;
	struct hole *spares;		/* one per live chunk */
	struct hole *pool;		/* nodes merges freed, for reuse */
	uint64_t free_bytes, holes, page;
};

static struct hole *by_addr(struct cma_tnode *n)
{
	return n ? cma_container_of(n, struct hole, by_addr) : NULL;
}

static struct hole *by_size(struct cma_tnode *n)
{
	return n ? cma_container_of(n, struct hole, by_size) : NULL;
}

static void hole_add(struct bf *bf, struct hole *h, uint64_t start,
		     uint64_t size)
{
	h->by_addr.a = start;
	h->by_addr.b = 0;
	h->by_size.a = size;
	h->by_size.b = start;
	bf->by_addr = cma_tree_insert(bf->by_addr, &h->by_addr);
	bf->by_size = cma_tree_insert(bf->by_size, &h->by_size);
	bf->holes++;
}

static void hole_del(struct bf *bf, struct hole *h)
{
	bf->by_addr = cma_tree_remove(bf->by_addr, &h->by_addr);
	bf->by_size = cma_tree_remove(bf->by_size, &h->by_size);
	bf->holes--;
}

static struct hole *node_get(struct bf *bf)
{
	struct hole *h = bf->pool;

	if (!h)
		return cma_zalloc(sizeof(*h));
	bf->pool = h->next_spare;
	return h;
}

static void node_put(struct bf *bf, struct hole *h)
{
	if (h) {
		h->next_spare = bf->pool;
		bf->pool = h;
	}
}

/* The hole's size (and start, by_size's second key) changed: refile it. */
static void resize(struct bf *bf, struct hole *h, uint64_t start,
		   uint64_t size)
{
	bf->by_size = cma_tree_remove(bf->by_size, &h->by_size);
	h->by_addr.a = start;
	h->by_size.a = size;
	h->by_size.b = start;
	bf->by_size = cma_tree_insert(bf->by_size, &h->by_size);
}

static int bf_init(void **priv, uint64_t base, uint64_t size, uint64_t page,
		   const char *params)
{
	struct bf *bf;
	struct hole *h;

	if (params && *params)
		return -EINVAL;
	bf = cma_zalloc(sizeof(*bf));
	h = cma_zalloc(sizeof(*h));
	if (!bf || !h) {
		cma_free(bf);
		cma_free(h);
		return -ENOMEM;
	}
	bf->page = page;
	bf->free_bytes = size;
	hole_add(bf, h, base, size);
	*priv = bf;
	return 0;
}

static void release_hole(struct cma_tnode *n)
{
	cma_free(by_addr(n));
}

static void bf_cleanup(void *priv)
{
	struct bf *bf = priv;
	struct hole *s;

	cma_tree_drain(bf->by_addr, release_hole);
	while ((s = bf->spares)) {
		bf->spares = s->next_spare;
		cma_free(s);
	}
	while ((s = bf->pool)) {
		bf->pool = s->next_spare;
		cma_free(s);
	}
	cma_free(bf);
}

/* Does an aligned chunk of size fit in h?  *at: where it would start. */
static bool fits(const struct hole *h, uint64_t size, uint64_t align,
		 uint64_t *at)
{
	uint64_t start = h->by_addr.a, len = h->by_size.a, pad;

	pad = (align - (start & (align - 1))) & (align - 1);
	if (pad > len || len - pad < size)
		return false;
	*at = start + pad;
	return true;
}

#define BF_TRIES 16

static int bf_alloc(void *priv, uint64_t size, uint64_t align, uint64_t *addr,
		    uint64_t *got)
{
	struct bf *bf = priv;
	struct hole *h, *split, *reserve;
	struct cma_tnode *n;
	uint64_t at = 0, hs, he, sure;
	unsigned int tries = 0;
	bool before, after;

	sure = size <= UINT64_MAX - (align - bf->page) ?
	       size + (align - bf->page) : UINT64_MAX;
	for (n = cma_tree_ceil(bf->by_size, size, 0, false);
	     n && n->a < sure && tries < BF_TRIES;
	     n = cma_tree_next(n), tries++)
		if (fits(by_size(n), size, align, &at))
			break;
	if (!n || n->a >= sure || tries == BF_TRIES) {
		n = cma_tree_ceil(bf->by_size, sure, 0, false);
		if (!n || !fits(by_size(n), size, align, &at))
			return -ENOMEM;
	}
	h = by_size(n);
	hs = h->by_addr.a;
	he = hs + (h->by_size.a - 1);	/* the last byte: no overflow at 2^64 */
	before = at > hs;
	after = at + (size - 1) < he;
	/* Nodes first: past this point nothing can fail. */
	reserve = node_get(bf);
	split = before && after ? node_get(bf) : NULL;
	if (!reserve || (before && after && !split)) {
		node_put(bf, reserve);
		node_put(bf, split);
		return -ENOMEM;
	}
	if (before) {
		resize(bf, h, hs, at - hs);
		if (after)
			hole_add(bf, split, at + size, he - (at + size - 1));
	} else if (after) {
		resize(bf, h, at + size, he - (at + size - 1));
	} else {
		hole_del(bf, h);
		node_put(bf, h);
	}
	reserve->next_spare = bf->spares;
	bf->spares = reserve;
	bf->free_bytes -= size;
	*addr = at;
	*got = size;
	return 0;
}

static void bf_free(void *priv, uint64_t addr, uint64_t got)
{
	struct bf *bf = priv;
	struct hole *h = bf->spares, *prev, *next;
	bool merge_prev, merge_next;

	bf->spares = h->next_spare;
	bf->free_bytes += got;
	prev = by_addr(cma_tree_floor(bf->by_addr, addr, 0));
	merge_prev = prev && prev->by_addr.a + prev->by_size.a == addr;
	/* A chunk that ends at 2^64 has no neighbour after it. */
	next = addr + got ? by_addr(cma_tree_ceil(bf->by_addr, addr + got, 0,
						  false)) : NULL;
	merge_next = next && next->by_addr.a == addr + got;
	if (merge_prev && merge_next) {
		uint64_t len = prev->by_size.a + got + next->by_size.a;

		hole_del(bf, next);
		node_put(bf, next);
		resize(bf, prev, prev->by_addr.a, len);
	} else if (merge_prev) {
		resize(bf, prev, prev->by_addr.a, prev->by_size.a + got);
	} else if (merge_next) {
		resize(bf, next, addr, next->by_size.a + got);
	} else {
		hole_add(bf, h, addr, got);
		return;
	}
	node_put(bf, h);
}

static void bf_stats(void *priv, struct cma_alloc_stats *st)
{
	struct bf *bf = priv;
	struct cma_tnode *last = cma_tree_last(bf->by_size);

	st->free_bytes = bf->free_bytes;
	st->largest = last ? last->a : 0;
	st->holes = bf->holes;
}

const struct cma_allocator cma_alloc_bf = {
	.name = "bf",
	.init = bf_init,
	.cleanup = bf_cleanup,
	.alloc = bf_alloc,
	.free = bf_free,
	.stats = bf_stats,
};
