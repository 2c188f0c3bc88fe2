// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * bf: best fit, as in 2010.  Free holes are kept in two trees, by
 * (size, start) to find the smallest that fits and by start to merge a
 * freed chunk with its neighbours.
 *
 * Cost: a hole at least size + align - page long always holds an aligned
 * chunk, since holes start on a page.  A smaller hole may not: the search
 * walks up from the smallest hole of at least size bytes and skips those
 * that alignment defeats.  So alloc is O(log n) with no alignment above a
 * page, and O((k + 1) log n) in the worst case, k being the number of
 * holes between size and size + align - page bytes long that the aligned
 * chunk does not fit.  Free is O(log n).
 *
 * Memory: each hole is one node.  Each live chunk holds one node in
 * reserve, taken at alloc, so that free never has to allocate and never
 * fails.
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

static int bf_alloc(void *priv, uint64_t size, uint64_t align, uint64_t *addr,
		    uint64_t *got)
{
	struct bf *bf = priv;
	struct hole *h, *split, *reserve;
	struct cma_tnode *n;
	uint64_t at = 0, hs, he;

	for (n = cma_tree_ceil(bf->by_size, size, 0, false); n;
	     n = cma_tree_ceil(bf->by_size, n->a, n->b, true))
		if (fits(by_size(n), size, align, &at))
			break;
	if (!n)
		return -ENOMEM;
	h = by_size(n);
	/* Nodes first: past this point nothing can fail. */
	split = cma_zalloc(sizeof(*split));
	reserve = cma_zalloc(sizeof(*reserve));
	if (!split || !reserve) {
		cma_free(split);
		cma_free(reserve);
		return -ENOMEM;
	}
	hs = h->by_addr.a;
	he = hs + (h->by_size.a - 1);	/* the last byte: no overflow at 2^64 */
	hole_del(bf, h);
	if (at > hs) {
		hole_add(bf, h, hs, at - hs);
		h = NULL;
	}
	if (at + (size - 1) < he) {
		if (!h) {
			h = split;
			split = NULL;
		}
		hole_add(bf, h, at + size, he - (at + size - 1));
		h = NULL;
	}
	cma_free(h);
	cma_free(split);
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
	uint64_t start = addr, len = got;

	bf->spares = h->next_spare;
	bf->free_bytes += got;
	prev = by_addr(cma_tree_floor(bf->by_addr, addr, 0));
	if (prev && prev->by_addr.a + prev->by_size.a == addr) {
		start = prev->by_addr.a;
		len += prev->by_size.a;
		hole_del(bf, prev);
		cma_free(h);
		h = prev;
	}
	/* A chunk that ends at 2^64 has no neighbour after it. */
	next = addr + got ? by_addr(cma_tree_ceil(bf->by_addr, addr + got, 0,
						  false)) : NULL;
	if (next && next->by_addr.a == addr + got) {
		len += next->by_size.a;
		hole_del(bf, next);
		cma_free(next);
	}
	hole_add(bf, h, start, len);
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
