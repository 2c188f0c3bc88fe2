// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Where the regions lie in the declared memory.  Fixed regions lie where
 * the kernel puts them (the start rounded up to the alignment); the
 * others are placed in definition order, each at the lowest aligned
 * address of the lowest bank where it overlaps nothing placed before it.
 * The runtime places them by the same rule.
 */
#include <stdlib.h>

#include "cmacc.h"
#include "place.h"

struct span {
	uint64_t start, last;
};

static int by_start(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static int bank_order(const void *a, const void *b)
{
	const struct bank *const *x = a, *const *y = b;

	return (*x)->base < (*y)->base ? -1 : (*x)->base > (*y)->base;
}

/* Rounds v up to a power of two a; false past 64 bits. */
static bool align_up(uint64_t v, uint64_t a, uint64_t *out)
{
	if (v > UINT64_MAX - (a - 1))
		return false;
	*out = (v + a - 1) & ~(a - 1);
	return true;
}

/* The lowest place for size bytes in bank b, among the sorted taken spans. */
static bool find_room(const struct bank *b, uint64_t size, uint64_t align,
		      const struct span *taken, size_t ntaken, uint64_t *at)
{
	uint64_t start;
	size_t i;

	if (b->base > UINT64_MAX - (b->size - 1) ||
	    !align_up(b->base, align, &start))
		return false;
	for (i = 0; i < ntaken; i++) {
		if (taken[i].last < start)
			continue;
		if (start <= UINT64_MAX - (size - 1) &&
		    start + (size - 1) < taken[i].start)
			break;
		if (taken[i].last == UINT64_MAX ||
		    !align_up(taken[i].last + 1, align, &start))
			return false;
	}
	if (start > b->base + (b->size - 1) ||
	    b->base + (b->size - 1) - start < size - 1)
		return false;
	*at = start;
	return true;
}

struct placement *place_regions(const struct policy *p)
{
	struct placement *pl = xcalloc(p->nregions, sizeof(*pl));
	struct span *taken = xcalloc(p->nregions, sizeof(*taken));
	const struct bank **banks = xcalloc(p->nbanks, sizeof(*banks));
	size_t i, j, ntaken = 0, nbanks = 0;

	for (i = 0; i < p->nregions; i++) {
		const struct region *r = &p->regions[i];
		uint64_t start, size;

		if (r->broken || !r->has_size || !r->size || !r->has_start ||
		    !r->start || (r->has_align && !is_power_of_2(r->align)) ||
		    !region_size(r, p->page_size, &size) ||
		    !region_start(r, p->page_size, &start) ||
		    start > UINT64_MAX - (size - 1))
			continue;
		pl[i].start = start;
		pl[i].last = start + (size - 1);
		pl[i].known = pl[i].fixed = true;
		taken[ntaken].start = pl[i].start;
		taken[ntaken++].last = pl[i].last;
	}
	for (i = 0; i < p->nbanks; i++)
		if (p->banks[i].has_base && p->banks[i].has_size &&
		    p->banks[i].size)
			banks[nbanks++] = &p->banks[i];
	qsort(banks, nbanks, sizeof(*banks), bank_order);
	for (i = 0; i < p->nregions && nbanks; i++) {
		const struct region *r = &p->regions[i];
		uint64_t size, at = 0;

		if (pl[i].fixed || r->broken || !r->has_size || !r->size ||
		    (r->has_start && r->start) ||
		    (r->has_align && !is_power_of_2(r->align)) ||
		    !region_size(r, p->page_size, &size))
			continue;
		qsort(taken, ntaken, sizeof(*taken), by_start);
		for (j = 0; j < nbanks; j++) {
			if (find_room(banks[j], size,
				      region_alignment(r, p->page_size), taken,
				      ntaken, &at))
				break;
		}
		pl[i].tried = true;
		if (j == nbanks)
			continue;
		pl[i].start = at;
		pl[i].last = at + (size - 1);
		pl[i].known = true;
		taken[ntaken].start = pl[i].start;
		taken[ntaken++].last = pl[i].last;
	}
	free(taken);
	free(banks);
	return pl;
}
