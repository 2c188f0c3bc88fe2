/*
 * Placement (runtime/place.c) against the rule written out plainly: each
 * region without a start, in order, at the lowest aligned address of the
 * first bank where it overlaps nothing, fixed or placed before it.  The
 * runtime's search skips what cannot hold a region; on many random
 * boards, with banks, alignments, overlapping fixed regions and ends at
 * the top of the address space, it must place every region where the
 * plain rule does, and tell an overlap, of two that meet, where any is.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "unit.h"
#include "place.h"

#define MAX_ITEMS 40
#define MAX_BANKS 3

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

/* The lowest room in b, trying every address a span does not rule out. */
static bool plain_room(const struct cma_bank *b, uint64_t size, uint64_t align,
		       const struct cma_place_item *items, size_t n,
		       uint64_t *at)
{
	uint64_t start;
	size_t k;

	if (!align_up(b->first, align, &start))
		return false;
	for (;;) {
		if (start > b->last || b->last - start < size - 1)
			return false;
		for (k = 0; k < n; k++)
			if (items[k].placed && meets(start, size, &items[k]))
				break;
		if (k == n) {
			*at = start;
			return true;
		}
		/* No address before this one's end past start is free. */
		if (items[k].start + (items[k].size - 1) == UINT64_MAX ||
		    !align_up(items[k].start + items[k].size, align, &start))
			return false;
	}
}

/* Places as the rule says; true when two fixed items meet. */
static bool plain_place(struct cma_place_item *items, size_t n,
			const struct cma_bank *banks, size_t nbanks)
{
	static const struct cma_bank everything = { 0, UINT64_MAX };
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
		uint64_t at;

		if (items[i].fixed)
			continue;
		for (j = 0; j < nbanks; j++) {
			if (plain_room(&banks[j], items[i].size, items[i].align,
				       items, n, &at)) {
				items[i].start = at;
				items[i].placed = true;
				break;
			}
		}
	}
	return any_meet;
}

/* Sizes and alignments mostly alike, as boards have them, some not. */
static void random_board(struct cma_place_item *items, size_t *n,
			 struct cma_bank *banks, size_t *nbanks)
{
	const uint64_t page = 4096;
	uint64_t base = rnd(4) == 0 ? UINT64_MAX - (64ULL << 20) + 1 : 0;
	uint64_t size = page << rnd(8), align = page << rnd(9);
	size_t i;

	*n = 1 + rnd(MAX_ITEMS);
	*nbanks = rnd(MAX_BANKS + 1);
	for (i = 0; i < *nbanks; i++) {
		uint64_t first = base + page * rnd(16384);

		banks[i].first = first;
		banks[i].last = first + page * (1 + rnd(4096)) - 1;
		if (banks[i].last < first)
			banks[i].last = UINT64_MAX;
	}
	for (i = 0; i < *n; i++) {
		struct cma_place_item *it = &items[i];

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
	}
}

START_TEST(placement_is_the_plain_rule)
{
	struct cma_place_item got[MAX_ITEMS], want[MAX_ITEMS];
	struct cma_bank banks[MAX_BANKS];
	size_t n, nbanks, i, k;
	bool any_meet, marked;
	int board;

	for (board = 0; board < 20000; board++) {
		random_board(want, &n, banks, &nbanks);
		memcpy(got, want, sizeof(want));
		any_meet = plain_place(want, n, banks, nbanks);
		ck_assert_int_eq(cma_place(got, n, banks, nbanks), 0);
		marked = false;
		for (i = 0; i < n; i++) {
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
