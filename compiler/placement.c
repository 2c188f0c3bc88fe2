// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Where the regions of the model lie in its declared memory, by the
 * runtime's own placement rule (runtime/place.c): the compiler's checks
 * and --explain show what the runtime will do.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cmacc.h"
#include "placement.h"
#include "../runtime/place.h"

static int bank_order(const void *a, const void *b)
{
	const struct cma_bank *x = a, *y = b;

	return x->first < y->first ? -1 : x->first > y->first;
}

/* A range, bank or carve-out as a span, when it is whole. */
static bool span_of(uint64_t base, uint64_t size, struct cma_bank *s)
{
	s->first = base;
	return span_last(base, size, &s->last);
}

static bool bank_span(const struct bank *b, struct cma_bank *s)
{
	s->first = b->base;
	return bank_last(b, &s->last);
}

/*
 * Can the region be placed at all: a size, an alignment, no overflow?
 * Its ranges go to *spans, which moves past them.
 */
static bool placeable(const struct policy *p, const struct region *r,
		      struct cma_place_item *it, struct cma_bank **spans)
{
	uint64_t size, start;
	size_t i;

	if (r->broken || !r->has_size || !r->size ||
	    (r->has_align && !is_power_of_2(r->align)) ||
	    !region_size(r, p->page_size, &size))
		return false;
	it->size = size;
	it->align = region_alignment(r, p->page_size);
	it->fixed = r->has_start && r->start;
	if (!it->fixed) {
		struct cma_bank *mine = *spans;

		for (i = 0; i < r->nranges; i++)
			it->nranges += span_of(r->ranges[i].base,
					       r->ranges[i].size,
					       &mine[it->nranges]);
		it->ranges = mine;
		*spans += it->nranges;
		return true;
	}
	if (!region_start(r, p->page_size, &start) ||
	    start > UINT64_MAX - (size - 1))
		return false;
	it->start = start;
	return true;
}

struct placement *policy_placement(const struct policy *p)
{
	struct placement *pl = xcalloc(p->nregions, sizeof(*pl));
	struct cma_place_item *items = xcalloc(p->nregions + 1, sizeof(*items));
	size_t i, n = 0, nbanks = 0, nreserved = 0, nranges = 0;
	size_t *index = xcalloc(p->nregions + 1, sizeof(*index));
	struct cma_bank *banks, *reserved, *ranges;

	for (i = 0; i < p->nregions; i++)
		nranges += p->regions[i].nranges;
	banks = xcalloc(p->nbanks + p->nreserved + nranges + 1, sizeof(*banks));
	for (i = 0; i < p->nbanks; i++)
		nbanks += bank_span(&p->banks[i], &banks[nbanks]);
	qsort(banks, nbanks, sizeof(*banks), bank_order);
	reserved = banks + nbanks;
	for (i = 0; i < p->nreserved; i++)
		nreserved += bank_span(&p->reserved[i], &reserved[nreserved]);
	ranges = reserved + nreserved;
	for (i = 0; i < p->nregions; i++)
		if (placeable(p, &p->regions[i], &items[n], &ranges))
			index[n++] = i;
	if (cma_place(items, n, banks, nbanks, reserved, nreserved) < 0) {
		fprintf(stderr, "cmacc: error: out of memory\n");
		exit(1);
	}
	for (i = 0; i < n; i++) {
		struct placement *q = &pl[index[i]];

		q->fixed = items[i].fixed;
		q->tried = !items[i].fixed;
		q->fits = items[i].placed;
		/* With no banks, only a fixed region's place is the board's. */
		q->known = items[i].placed && (nbanks || q->fixed);
		q->start = items[i].start;
		q->last = items[i].start + (items[i].size - 1);
	}
	free(items);
	free(banks);
	free(index);
	return pl;
}
