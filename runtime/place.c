// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include "place.h"

/*
 * Memory taken, by start.  Once the fixed spans are joined where they
 * meet, spans lie apart and their ends ascend, so the room for a region
 * is found by a binary search and a walk past the spans in its way.
 * Regions that pack one after another, or that each need no less room
 * than the one before (the hint below), cost O(log n) each; it was a
 * scan of every span placed, quadratic in the regions.
 */
struct span {
	uint64_t start, last;
	size_t item;
};

static cma_cold int by_start(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->item < y->item ? -1 : x->item > y->item;
}

/* The first of n spans, sorted and apart, that reaches addr or past it. */
static size_t first_reaching(const struct span *s, size_t n, uint64_t addr)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s[mid].last < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * The lowest aligned room for size bytes in bank b from address from on:
 * *at, and *pos, where its span goes among the taken ones.
 */
static bool find_room(const struct cma_bank *b, uint64_t from, uint64_t size,
		      uint64_t align, const struct span *taken, size_t ntaken,
		      uint64_t *at, size_t *pos)
{
	uint64_t start;
	size_t i;

	if (!cma_round_up(from > b->first ? from : b->first, align, &start))
		return false;
	for (i = first_reaching(taken, ntaken, start);
	     i < ntaken && taken[i].start <= b->last; i++) {
		if (taken[i].last < start)
			continue;
		if (start <= UINT64_MAX - (size - 1) &&
		    start + (size - 1) < taken[i].start)
			break;
		if (taken[i].last == UINT64_MAX ||
		    !cma_round_up(taken[i].last + 1, align, &start))
			return false;
	}
	if (start > b->last || b->last - start < size - 1)
		return false;
	*at = start;
	*pos = i;
	return true;
}

/*
 * Files [first, last] at pos; one that starts where the span before it
 * ends extends that span, so that regions placed one after another stay
 * one span.  The count after.
 */
static size_t take(struct span *s, size_t n, size_t pos, uint64_t first,
		   uint64_t last)
{
	if (pos && s[pos - 1].last + 1 == first) {
		s[pos - 1].last = last;
		return n;
	}
	memmove(&s[pos + 1], &s[pos], (n - pos) * sizeof(*s));
	s[pos].start = first;
	s[pos].last = last;
	return n + 1;
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
		else if (taken[i].last > prev->last)
			*prev = (struct span){ prev->start, taken[i].last,
					       taken[i].item };
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
				bool ordered, const struct span *taken,
				size_t ntaken, uint64_t *at, size_t *pos)
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
			if (find_room(&in, 0, it->size, it->align, taken,
				      ntaken, at, pos))
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
	uint64_t last_size = 0, last_align = 0, last_start = 0;
	size_t i, j, ntaken = 0, last_bank = 0, pos = 0;
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
	for (i = 0; i < n; i++) {
		struct cma_place_item *it = &items[i];
		uint64_t at = 0, from = 0;

		if (it->fixed)
			continue;
		if (it->nranges) {
			/* Placed in its own ranges: no hint to take or give. */
			if (!find_room_in_ranges(it, banks, nbanks, ordered,
						 taken, ntaken, &at, &pos))
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
					      it->align, taken, ntaken, &at,
					      &pos))
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
		ntaken = take(taken, ntaken, pos, at, at + (it->size - 1));
	}
	cma_free(taken);
	return 0;
}
