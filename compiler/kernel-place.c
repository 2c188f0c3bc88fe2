// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Where today's kernel puts the pools without a start, worked out as
 * early_init_fdt_scan_reserved_mem() does it (drivers/of/fdt.c,
 * of_reserved_mem.c, mm/memblock.c of 6.1):
 *
 *   - /memreserve/ entries and every fixed reserved node are taken first
 *     (reserved, or marked no-map: either way not free);
 *   - the reserved nodes, fixed ones with their base and size and dynamic
 *     ones as (0, 0), are sorted by (base, size) with the kernel's own
 *     heapsort (lib/sort.c), which is not stable: the dynamic nodes are
 *     placed in the order it leaves them, not always the tree's;
 *   - each dynamic node is placed by memblock_phys_alloc_range() in each
 *     of its alloc-ranges in turn (or in all memory): top-down, at the
 *     highest address aligned to its alignment (at least the CMA minimum
 *     for a reusable pool; 64 bytes when it has none) that is free, and
 *     never in the first page.
 *
 * What cmacc cannot know is left out: the kernel's image, the initrd and
 * the blob itself, which the kernel reserves before; dynamic reserved
 * nodes that are no pools.
 */
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "cmacc.h"
#include "kernel-place.h"
#include "target.h"

#define SMP_CACHE_BYTES 64	/* L1_CACHE_BYTES of arm64 */

struct span {
	uint64_t first, last;
};

struct node_entry {
	uint64_t base, size;	/* (0, 0): dynamic */
	long region;		/* -1: a carve-out */
	size_t order;		/* in the tree */
};

/* The kernel's __rmem_cmp(): by base, then by size. */
static int rmem_cmp(const struct node_entry *a, const struct node_entry *b)
{
	if (a->base != b->base)
		return a->base < b->base ? -1 : 1;
	if (a->size != b->size)
		return a->size < b->size ? -1 : 1;
	return 0;
}

static void swap_entries(struct node_entry *a, struct node_entry *b)
{
	struct node_entry t = *a;

	*a = *b;
	*b = t;
}

/*
 * lib/sort.c's sort_r(), in element units: a bottom-up heapsort whose
 * order for equal elements this must reproduce exactly.
 */
static void kernel_sort(struct node_entry *e, size_t n)
{
	size_t a = n / 2, b, c, d;

	if (!a)
		return;
	for (;;) {
		if (a)
			a--;
		else if (--n)
			swap_entries(&e[0], &e[n]);
		else
			break;
		for (b = a; c = 2 * b + 1, (d = c + 1) < n;)
			b = rmem_cmp(&e[c], &e[d]) >= 0 ? c : d;
		if (d == n)
			b = c;
		while (b != a && rmem_cmp(&e[a], &e[b]) >= 0)
			b = (b - 1) / 2;
		c = b;
		while (b != a) {
			b = (b - 1) / 2;
			swap_entries(&e[b], &e[c]);
		}
	}
}

static int by_order(const void *a, const void *b)
{
	const struct node_entry *x = a, *y = b;

	return x->order < y->order ? -1 : x->order > y->order;
}

static int by_first(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	return x->first < y->first ? -1 : x->first > y->first;
}

struct memory {
	struct span *banks, *taken;
	size_t nbanks, ntaken, taken_cap;
};

static void take(struct memory *m, uint64_t first, uint64_t last)
{
	size_t i;

	VEC_RESERVE(m->taken, m->ntaken, m->taken_cap);
	for (i = m->ntaken; i > 0 && m->taken[i - 1].first > first; i--)
		m->taken[i] = m->taken[i - 1];
	m->taken[i] = (struct span){ first, last };
	m->ntaken++;
}

/*
 * The free pieces of memory, lowest first: the banks less what is
 * taken (spans sorted by their first byte, which may overlap).
 */
static size_t free_pieces(const struct memory *m, struct span *out)
{
	size_t b, k, n = 0;

	for (b = 0; b < m->nbanks; b++) {
		uint64_t from = m->banks[b].first, last = m->banks[b].last;
		bool covered = false;

		for (k = 0; k < m->ntaken; k++) {
			const struct span *s = &m->taken[k];

			if (s->last < from)
				continue;
			if (s->first > last)
				break;
			if (s->first > from)
				out[n++] = (struct span){ from, s->first - 1 };
			if (s->last >= last) {
				covered = true;
				break;
			}
			from = s->last + 1;
		}
		if (!covered)
			out[n++] = (struct span){ from, last };
	}
	return n;
}

static uint64_t clamp(uint64_t v, uint64_t lo, uint64_t hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/*
 * __memblock_find_range_top_down(): the free pieces from the highest
 * down, each clamped to [start, end), and in the first with room the
 * highest aligned address.
 */
static bool find_top_down(const struct memory *m, uint64_t size,
			  uint64_t align, uint64_t start, uint64_t end,
			  uint64_t *at)
{
	struct span *pieces = xcalloc(m->nbanks + m->ntaken + 1, sizeof(*pieces));
	size_t i = free_pieces(m, pieces);
	bool found = false;

	while (!found && i-- > 0) {
		uint64_t this_start = clamp(pieces[i].first, start, end);
		uint64_t this_end = clamp(pieces[i].last == UINT64_MAX ?
					  UINT64_MAX : pieces[i].last + 1,
					  start, end);

		if (this_end < size)
			continue;
		*at = (this_end - size) & ~(align - 1);
		found = *at >= this_start;
	}
	free(pieces);
	return found;
}

static bool place_dynamic(struct compilation *c, struct memory *m,
			  const struct region *r, struct kernel_place *kp)
{
	const struct kernel_target *t = compilation_target(c);
	uint64_t align = r->has_align ? r->align : 0, page = t->page_size;
	size_t i, n = r->nranges;

	if (r->reusable && !r->no_map && align < t->cma_align)
		align = t->cma_align;
	if (!align)
		align = SMP_CACHE_BYTES;
	if (!is_power_of_2(align))
		return false;
	for (i = 0; i < n || (!n && !i); i++) {
		uint64_t start = 0, end = UINT64_MAX;

		if (n) {
			struct addr_range a = r->ranges[i];

			start = a.base;
			end = a.base + (a.size - 1) == UINT64_MAX ?
			      UINT64_MAX : a.base + a.size;
		}
		if (start < page)
			start = page;
		if (end < start)
			end = start;
		if (find_top_down(m, kp->size, align, start, end, &kp->start)) {
			take(m, kp->start, kp->start + (kp->size - 1));
			return true;
		}
		if (!n)
			break;
	}
	return false;
}

struct kernel_place *kernel_placement(struct compilation *c)
{
	const struct policy *p = &c->policy;
	struct kernel_place *kp = xcalloc(p->nregions + 1, sizeof(*kp));
	struct node_entry *e = xcalloc(p->nregions + p->nreserved + 1,
				       sizeof(*e));
	struct memory m = { 0 };
	size_t i, j, n = 0;

	m.banks = xcalloc(p->nbanks + 1, sizeof(*m.banks));
	for (i = 0; i < p->nbanks; i++)
		if (p->banks[i].size &&
		    p->banks[i].base <= UINT64_MAX - (p->banks[i].size - 1))
			m.banks[m.nbanks++] = (struct span){
				p->banks[i].base,
				p->banks[i].base + (p->banks[i].size - 1) };
	qsort(m.banks, m.nbanks, sizeof(*m.banks), by_first);
	/* Merge banks that meet, as memblock does. */
	for (i = 0, j = 0; i < m.nbanks; i++)
		if (j && m.banks[j - 1].last != UINT64_MAX &&
		    m.banks[i].first <= m.banks[j - 1].last + 1) {
			if (m.banks[i].last > m.banks[j - 1].last)
				m.banks[j - 1].last = m.banks[i].last;
		} else {
			m.banks[j++] = m.banks[i];
		}
	m.nbanks = j;
	for (i = 0; i < p->nreserved; i++) {
		const struct bank *b = &p->reserved[i];

		if (!b->size || b->base > UINT64_MAX - (b->size - 1))
			continue;
		take(&m, b->base, b->base + (b->size - 1));
		/* Only /reserved-memory nodes are in the kernel's list. */
		if (b->is_node)
			e[n++] = (struct node_entry){ b->base, b->size, -1,
						      b->pos.off };
	}
	for (i = 0; i < p->nregions; i++) {
		const struct region *r = &p->regions[i];
		uint64_t size, start = 0;

		if (r->broken || !r->has_size || !r->size ||
		    !region_size(r, p->page_size, &size))
			continue;
		kp[i].size = size;
		kp[i].fixed = r->has_start && r->start;
		if (kp[i].fixed) {
			if (!region_start(r, p->page_size, &start) ||
			    start > UINT64_MAX - (size - 1))
				continue;
			kp[i].start = start;
			kp[i].placed = true;
			take(&m, start, start + (size - 1));
		}
		kp[i].tried = !kp[i].fixed;
		e[n++] = (struct node_entry){ kp[i].fixed ? kp[i].start : 0,
					      kp[i].fixed ? size : 0,
					      (long)i, r->pos.off };
	}
	/* The tree's order for a tree's nodes; a source's is its own. */
	if (p->from_tree)
		qsort(e, n, sizeof(*e), by_order);
	/*
	 * fdt_reserved_mem_save_node() keeps MAX_RESERVED_REGIONS nodes: the
	 * dynamic pools past them are never placed (the fixed ones are
	 * reserved all the same).
	 */
	for (i = MAX_RESERVED_REGIONS; i < n; i++)
		if (e[i].region >= 0 && !e[i].size)
			kp[e[i].region].dropped = true;
	if (n > MAX_RESERVED_REGIONS)
		n = MAX_RESERVED_REGIONS;
	kernel_sort(e, n);
	for (i = 0, j = 0; i < n; i++) {
		if (e[i].size || e[i].region < 0)
			continue;
		kp[e[i].region].order = j++;
		kp[e[i].region].placed =
			m.nbanks && place_dynamic(c, &m, &p->regions[e[i].region],
						  &kp[e[i].region]);
	}
	free(e);
	free(m.banks);
	free(m.taken);
	return kp;
}
