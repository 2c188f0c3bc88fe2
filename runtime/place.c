// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include "place.h"

/*
 * Memory taken, by start.  Once the fixed spans are joined where they
 * meet, spans lie apart and their ends ascend, so the room for a region
 * is found by a search and a walk past the spans in its way.  Regions
 * that pack one after another, or that each need no less room than the
 * one before (the hint below), cost O(log n) each; it was a scan of
 * every span placed, quadratic in the regions.  Sorted and joined in an
 * array, the spans then make a tree (a treap, by start), so that a
 * region placed between two spans is filed in O(log n): moving the
 * spans after it along the array was quadratic in the regions placed in
 * ranges between carve-outs.
 */
struct span {
	uint64_t start, last;
	size_t item;
	struct span *up, *kid[2];	/* in the tree */
};

struct taken {
	struct span *s, *root;
	size_t n;
};

static cma_cold int by_start(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->item < y->item ? -1 : x->item > y->item;
}

/*
 * A span's rank in the treap's heap order: Fibonacci hashing of its
 * index.  Spans filed in address order, as the first ones are, make a
 * tree about 1.44 log2 n deep; in random order, about 3 log2 n.
 */
static uint64_t rank(const struct taken *t, const struct span *x)
{
	return ((uint64_t)(x - t->s) + 1) * 0x9e3779b97f4a7c15ull;
}

/* Makes x, a child, its parent's parent. */
static void rotate_up(struct taken *t, struct span *x)
{
	struct span *p = x->up, *g = p->up;
	int side = p->kid[1] == x;

	p->kid[side] = x->kid[!side];
	if (p->kid[side])
		p->kid[side]->up = p;
	x->kid[!side] = p;
	p->up = x;
	x->up = g;
	if (!g)
		t->root = x;
	else
		g->kid[g->kid[1] == p] = x;
}

/* Files x, which meets no other span, in the tree. */
static void insert(struct taken *t, struct span *x)
{
	struct span **link = &t->root, *p = NULL;
	uint64_t r = rank(t, x);

	while (*link) {
		p = *link;
		link = &p->kid[x->start > p->start];
	}
	*link = x;
	x->up = p;
	x->kid[0] = x->kid[1] = NULL;
	while (x->up && rank(t, x->up) < r)
		rotate_up(t, x);
}

/* The span after x (side 1) or before it (side 0), or NULL. */
static struct span *next(struct span *x, int side)
{
	struct span *c = x->kid[side];

	if (c) {
		while (c->kid[!side])
			c = c->kid[!side];
		return c;
	}
	while (x->up && x->up->kid[side] == x)
		x = x->up;
	return x->up;
}

/* The first span that reaches addr or past it, or NULL. */
static struct span *first_reaching(const struct taken *t, uint64_t addr)
{
	struct span *c = t->root, *found = NULL;

	while (c) {
		if (c->last < addr) {
			c = c->kid[1];
		} else {
			found = c;
			c = c->kid[0];
		}
	}
	return found;
}

/*
 * The lowest aligned room for size bytes in bank b from address from on:
 * *at, and *pos, the span after it (NULL: none).
 */
static bool find_room(const struct cma_bank *b, uint64_t from, uint64_t size,
		      uint64_t align, const struct taken *t, uint64_t *at,
		      struct span **pos)
{
	struct span *x;
	uint64_t start;

	if (!cma_round_up(from > b->first ? from : b->first, align, &start))
		return false;
	for (x = first_reaching(t, start); x && x->start <= b->last;
	     x = next(x, 1)) {
		if (x->last < start)
			continue;
		if (start <= UINT64_MAX - (size - 1) &&
		    start + (size - 1) < x->start)
			break;
		if (x->last == UINT64_MAX ||
		    !cma_round_up(x->last + 1, align, &start))
			return false;
	}
	if (start > b->last || b->last - start < size - 1)
		return false;
	*at = start;
	*pos = x;
	return true;
}

/*
 * Files [first, last] before span pos (NULL: after every span); one that
 * starts where the span before it ends extends that span, so that
 * regions placed one after another stay one span.
 */
static void take(struct taken *t, struct span *pos, uint64_t first,
		 uint64_t last)
{
	struct span *before = pos ? next(pos, 0) : t->root, *x;

	while (!pos && before && before->kid[1])
		before = before->kid[1];
	if (before && before->last + 1 == first) {
		before->last = last;
		return;
	}
	x = &t->s[t->n++];
	x->start = first;
	x->last = last;
	insert(t, x);
}

/*
 * Sorts the n spans by start and joins those that meet, keeping the
 * furthest one's item, so that their ends ascend as their starts do; the
 * count after.  With items, each fixed item overlapping an earlier one
 * meets the one that reaches furthest, which overlaps it too: the later
 * of the two in the list is marked with the other, so that every overlap
 * marks one item, in n log n.  The compiler's region-overlap check pairs
 * them alike.
 */
static size_t join(struct span *taken, size_t n, struct cma_place_item *items)
{
	size_t i, j;

	cma_sort(taken, n, sizeof(*taken), by_start);
	for (i = 0, j = 0; i < n; i++) {
		struct span *prev = j ? &taken[j - 1] : NULL;

		if (items && prev && taken[i].start <= prev->last) {
			size_t a = taken[i].item, b = prev->item;
			size_t later = a > b ? a : b;

			if (!items[later].overlaps)
				items[later].overlaps = (a > b ? b : a) + 1;
		}
		if (!prev || (prev->last != UINT64_MAX &&
			      taken[i].start > prev->last + 1))
			taken[j++] = taken[i];
		else if (taken[i].last > prev->last) {
			prev->last = taken[i].last;
			prev->item = taken[i].item;
		}
	}
	return j;
}

/*
 * The room for it in its first range with any, inside the banks.  When
 * the banks lie apart in ascending order (ordered), a binary search finds
 * the first that can meet a range, so that a board of many banks and
 * many ranges costs log n a range; otherwise every bank is tried.
 */
static bool find_room_in_ranges(const struct cma_place_item *it,
				const struct cma_bank *banks, size_t nbanks,
				bool ordered, const struct taken *t,
				uint64_t *at, struct span **pos)
{
	size_t k, j;

	for (k = 0; k < it->nranges; k++) {
		const struct cma_bank *g = &it->ranges[k];
		size_t lo = 0, hi = ordered ? nbanks : 0;

		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (banks[mid].last < g->first)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (j = lo; j < nbanks; j++) {
			struct cma_bank in = banks[j];

			if (g->first > in.last || g->last < in.first) {
				if (ordered && in.first > g->last)
					break;
				continue;
			}
			if (g->first > in.first)
				in.first = g->first;
			if (g->last < in.last)
				in.last = g->last;
			if (find_room(&in, 0, it->size, it->align, t, at,
				      pos))
				return true;
		}
	}
	return false;
}

cma_cold int cma_place(struct cma_place_item *items, size_t n,
		       const struct cma_bank *banks, size_t nbanks,
		       const struct cma_bank *reserved, size_t nreserved)
{
	static const struct cma_bank everything = { 0, UINT64_MAX };
	struct span *taken = cma_zalloc((n + nreserved + 1) * sizeof(*taken));
	struct taken t = { taken, NULL, 0 };
	struct span *pos = NULL;
	uint64_t last_size = 0, last_align = 0, last_start = 0;
	size_t i, j, ntaken = 0, last_bank = 0;
	bool ordered = true;

	if (!taken)
		return -ENOMEM;
	if (!nbanks) {
		banks = &everything;
		nbanks = 1;
	}
	for (i = 1; i < nbanks && ordered; i++)
		ordered = banks[i].first > banks[i - 1].last;
	for (i = 0; i < n; i++) {
		items[i].placed = items[i].fixed;
		items[i].overlaps = 0;
		if (!items[i].fixed)
			continue;
		taken[ntaken].start = items[i].start;
		taken[ntaken].last = items[i].start + (items[i].size - 1);
		taken[ntaken++].item = i;
	}
	ntaken = join(taken, ntaken, items);
	/* Then the reserved memory, which marks nothing. */
	for (i = 0; i < nreserved; i++) {
		taken[ntaken].start = reserved[i].first;
		taken[ntaken].last = reserved[i].last;
		taken[ntaken++].item = n;
	}
	if (nreserved)
		ntaken = join(taken, ntaken, NULL);
	while (t.n < ntaken)
		insert(&t, &taken[t.n++]);
	for (i = 0; i < n; i++) {
		struct cma_place_item *it = &items[i];
		uint64_t at = 0, from = 0;

		if (it->fixed)
			continue;
		if (it->nranges) {
			/* Placed in its own ranges: no hint to take or give. */
			if (!find_room_in_ranges(it, banks, nbanks, ordered,
						 &t, &at, &pos))
				continue;
		} else {
			/*
			 * Free memory only shrinks: where the last region
			 * placed found no room, one at least as large and as
			 * aligned finds none.
			 */
			j = 0;
			if (it->size >= last_size && it->align >= last_align) {
				j = last_bank;
				from = last_start;
			}
			for (; j < nbanks; j++, from = 0)
				if (find_room(&banks[j], from, it->size,
					      it->align, &t, &at, &pos))
					break;
			if (j == nbanks)
				continue;
			last_size = it->size;
			last_align = it->align;
			last_start = at;
			last_bank = j;
		}
		it->start = at;
		it->placed = true;
		take(&t, pos, at, at + (it->size - 1));
	}
	cma_free(taken);
	return 0;
}
