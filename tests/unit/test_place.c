/*
 * Placement (runtime/place.c) against the rule written out plainly: each
 * region without a start, in order, at the lowest aligned address of the
 * first bank (of its first range with room, when it has ranges) where it
 * overlaps nothing, fixed or placed before it, and no reserved span.  The
 * runtime's search skips what cannot hold a region; on many random
 * boards, with banks, carve-outs, ranges, alignments, overlapping fixed
 * regions and ends at the top of the address space, it must place every
 * region where the plain rule does, and tell an overlap, of two that
 * meet, where any is.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "unit.h"
#include "place.h"

#define MAX_ITEMS 40
#define MAX_BANKS 3
#define MAX_RESERVED 3
#define MAX_RANGES 2		/* a region's */

struct board {
	struct cma_place_item items[MAX_ITEMS];
	size_t n;
	struct cma_bank banks[MAX_BANKS], reserved[MAX_RESERVED];
	size_t nbanks, nreserved;
	struct cma_bank ranges[MAX_ITEMS][MAX_RANGES];
};

static uint64_t seed = 1;

static uint64_t rnd(uint64_t n)
{
	seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
	return (seed >> 33) % n;
}

static bool align_up(uint64_t v, uint64_t a, uint64_t *out)
{
	if (v > UINT64_MAX - (a - 1))
		return false;
	*out = (v + a - 1) & ~(a - 1);
	return true;
}

static bool meets(uint64_t start, uint64_t size, const struct cma_place_item *o)
{
	return o->start <= start + (size - 1) && start <= o->start + (o->size - 1);
}

/*
 * The lowest room in b, trying every address that no placed item and no
 * reserved span rules out.
 */
static bool plain_room(const struct cma_bank *b, uint64_t size, uint64_t align,
		       const struct board *bd, uint64_t *at)
{
	uint64_t start, in_way;
	size_t k;

	if (!align_up(b->first, align, &start))
		return false;
	for (;;) {
		bool blocked = false;

		if (start > b->last || b->last - start < size - 1)
			return false;
		for (k = 0; k < bd->n && !blocked; k++)
			if (bd->items[k].placed &&
			    meets(start, size, &bd->items[k])) {
				blocked = true;
				in_way = bd->items[k].start +
					 (bd->items[k].size - 1);
			}
		for (k = 0; k < bd->nreserved && !blocked; k++)
			if (bd->reserved[k].first <= start + (size - 1) &&
			    start <= bd->reserved[k].last) {
				blocked = true;
				in_way = bd->reserved[k].last;
			}
		if (!blocked) {
			*at = start;
			return true;
		}
		/* No address before this one's end past start is free. */
		if (in_way == UINT64_MAX || !align_up(in_way + 1, align, &start))
			return false;
	}
}

/* Places as the rule says; true when two fixed items meet. */
static bool plain_place(struct board *bd)
{
	static const struct cma_bank everything = { 0, UINT64_MAX };
	struct cma_place_item *items = bd->items;
	const struct cma_bank *banks = bd->banks;
	size_t n = bd->n, nbanks = bd->nbanks;
	bool any_meet = false;
	size_t i, j;

	if (!nbanks) {
		banks = &everything;
		nbanks = 1;
	}
	for (i = 0; i < n; i++) {
		items[i].placed = items[i].fixed;
		for (j = 0; j < i; j++)
			if (items[i].fixed && items[j].fixed &&
			    meets(items[i].start, items[i].size, &items[j]))
				any_meet = true;
	}
	for (i = 0; i < n; i++) {
		static const struct cma_bank anywhere = { 0, UINT64_MAX };
		const struct cma_bank *ranges = items[i].nranges ?
						items[i].ranges : &anywhere;
		size_t k, nranges = items[i].nranges ? items[i].nranges : 1;
		uint64_t at;

		for (k = 0; k < nranges && !items[i].placed; k++)
			for (j = 0; j < nbanks; j++) {
				struct cma_bank in = banks[j];

				if (ranges[k].first > in.last ||
				    ranges[k].last < in.first)
					continue;
				if (ranges[k].first > in.first)
					in.first = ranges[k].first;
				if (ranges[k].last < in.last)
					in.last = ranges[k].last;
				if (plain_room(&in, items[i].size,
					       items[i].align, bd, &at)) {
					items[i].start = at;
					items[i].placed = true;
					break;
				}
			}
	}
	return any_meet;
}

/* A span of up to 4096 pages from base on, in the first 16384 pages. */
static struct cma_bank random_span(uint64_t base)
{
	const uint64_t page = 4096;
	struct cma_bank s = { base + page * rnd(16384), 0 };

	s.last = s.first + page * (1 + rnd(4096)) - 1;
	if (s.last < s.first)
		s.last = UINT64_MAX;
	return s;
}

/* Sizes and alignments mostly alike, as boards have them, some not. */
static void random_board(struct board *bd)
{
	const uint64_t page = 4096;
	uint64_t base = rnd(4) == 0 ? UINT64_MAX - (64ULL << 20) + 1 : 0;
	uint64_t size = page << rnd(8), align = page << rnd(9);
	size_t i, k;

	bd->n = 1 + rnd(MAX_ITEMS);
	bd->nbanks = rnd(MAX_BANKS + 1);
	for (i = 0; i < bd->nbanks; i++)
		bd->banks[i] = random_span(base);
	bd->nreserved = rnd(MAX_RESERVED + 1);
	for (i = 0; i < bd->nreserved; i++)
		bd->reserved[i] = random_span(base);
	for (i = 0; i < bd->n; i++) {
		struct cma_place_item *it = &bd->items[i];

		if (rnd(3) == 0) {
			size = page << rnd(8);
			align = page << rnd(9);
		}
		memset(it, 0, sizeof(*it));
		it->size = size;
		it->align = align;
		it->fixed = rnd(4) == 0;
		if (it->fixed)
			it->start = base + page * rnd(16384);
		if (it->fixed && it->start + (it->size - 1) < it->start)
			it->start = UINT64_MAX - it->size + 1;
		if (!it->fixed && rnd(4) == 0) {
			it->nranges = 1 + rnd(MAX_RANGES);
			it->ranges = bd->ranges[i];
			for (k = 0; k < it->nranges; k++)
				bd->ranges[i][k] = random_span(base);
		}
	}
}

START_TEST(placement_is_the_plain_rule)
{
	static struct board bd;
	struct cma_place_item got[MAX_ITEMS], *want = bd.items;
	size_t i, k;
	bool any_meet, marked;
	int board;

	for (board = 0; board < 20000; board++) {
		random_board(&bd);
		memcpy(got, want, sizeof(got));
		any_meet = plain_place(&bd);
		ck_assert_int_eq(cma_place(got, bd.n, bd.banks, bd.nbanks,
					   bd.reserved, bd.nreserved), 0);
		marked = false;
		for (i = 0; i < bd.n; i++) {
			ck_assert_msg(got[i].placed == want[i].placed &&
				      (!got[i].placed ||
				       got[i].start == want[i].start),
				      "board %d, item %zu: placed %d at %#llx; "
				      "the rule: %d at %#llx",
				      board, i, got[i].placed,
				      (unsigned long long)got[i].start,
				      want[i].placed,
				      (unsigned long long)want[i].start);
			if (!got[i].overlaps)
				continue;
			/* It names a fixed item before it that it meets. */
			k = got[i].overlaps - 1;
			ck_assert_msg(k < i && got[i].fixed && got[k].fixed &&
				      meets(got[i].start, got[i].size, &got[k]),
				      "board %d: item %zu does not meet item %zu",
				      board, i, k);
			marked = true;
		}
		/* Where fixed items meet, one overlap at least is told. */
		ck_assert_int_eq(marked, any_meet);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("place");
	TCase *tc = tcase_create("place");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, placement_is_the_plain_rule);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
