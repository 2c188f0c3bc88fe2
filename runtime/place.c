// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include "place.h"

struct span {
	uint64_t start, last;
	size_t item;
};

static int by_start(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static bool align_up(uint64_t v, uint64_t a, uint64_t *out)
{
	if (v > UINT64_MAX - (a - 1))
		return false;
	*out = (v + a - 1) & ~(a - 1);
	return true;
}

/* Keeps spans sorted by start as they are added: n is small per board. */
static void insert_sorted(struct span *s, size_t *n, uint64_t start,
			  uint64_t last)
{
	size_t i = *n;

	while (i && s[i - 1].start > start) {
		s[i] = s[i - 1];
		i--;
	}
	s[i].start = start;
	s[i].last = last;
	(*n)++;
}

static bool find_room(const struct cma_bank *b, uint64_t size, uint64_t align,
		      const struct span *taken, size_t ntaken, uint64_t *at)
{
	uint64_t start;
	size_t i;

	if (!align_up(b->first, align, &start))
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
	if (start > b->last || b->last - start < size - 1)
		return false;
	*at = start;
	return true;
}

cma_cold int cma_place(struct cma_place_item *items, size_t n,
		       const struct cma_bank *banks, size_t nbanks)
{
	static const struct cma_bank everything = { 0, UINT64_MAX };
	struct span *taken = cma_zalloc((n ? n : 1) * sizeof(*taken));
	size_t i, j, ntaken = 0;

	if (!taken)
		return -ENOMEM;
	if (!nbanks) {
		banks = &everything;
		nbanks = 1;
	}
	for (i = 0; i < n; i++) {
		items[i].placed = items[i].fixed;
		items[i].overlaps = false;
		if (!items[i].fixed)
			continue;
		taken[ntaken].start = items[i].start;
		taken[ntaken].last = items[i].start + (items[i].size - 1);
		taken[ntaken++].item = i;
	}
	/*
	 * By start, each fixed item overlapping an earlier one meets the one
	 * that reaches furthest, which overlaps it too: marking both marks
	 * every item that overlaps any, in n log n.
	 */
	cma_sort(taken, ntaken, sizeof(*taken), by_start);
	for (i = 1, j = 0; i < ntaken; i++) {
		if (taken[i].start <= taken[j].last) {
			items[taken[i].item].overlaps = true;
			items[taken[j].item].overlaps = true;
		}
		if (taken[i].last > taken[j].last)
			j = i;
	}
	for (i = 0; i < n; i++) {
		uint64_t at = 0;

		if (items[i].fixed)
			continue;
		for (j = 0; j < nbanks; j++)
			if (find_room(&banks[j], items[i].size, items[i].align,
				      taken, ntaken, &at))
				break;
		if (j == nbanks)
			continue;
		items[i].start = at;
		items[i].placed = true;
		insert_sorted(taken, &ntaken, at, at + (items[i].size - 1));
	}
	cma_free(taken);
	return 0;
}
