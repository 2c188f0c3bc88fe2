/*
 * The allocator conformance suite, run against every registered
 * allocator: long random sequences checked after every step against a
 * reference model, then the edge cases.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "allocator.h"

#define PAGE 4096ULL

struct live {
	uint64_t addr, size, got;
};

static unsigned long long seed;

static uint64_t rnd(uint64_t n)
{
	seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
	return (seed >> 17) % n;
}

static int by_addr(const void *x, const void *y)
{
	const struct live *a = x, *b = y;

	return a->addr < b->addr ? -1 : a->addr > b->addr;
}

/*
 * Every live chunk inside the region, aligned, disjoint; free exact.
 * Plain tests: a passing ck_assert costs a system call, and this runs
 * after each of 60,000 steps.
 */
static void check(const struct cma_allocator *a, void *priv, uint64_t base,
		  uint64_t size, struct live *l, size_t n, const uint64_t *align)
{
	struct cma_alloc_stats st;
	struct live sorted[256];
	uint64_t used = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (l[i].addr < base || l[i].addr - base > size - l[i].got)
			ck_abort_msg("%s: chunk outside the region", a->name);
		if (l[i].addr & (align[i] - 1))
			ck_abort_msg("%s: chunk not aligned", a->name);
		if (l[i].got < l[i].size)
			ck_abort_msg("%s: chunk smaller than asked", a->name);
		used += l[i].got;
	}
	memcpy(sorted, l, n * sizeof(*l));
	qsort(sorted, n, sizeof(*sorted), by_addr);
	for (i = 1; i < n; i++)
		if (sorted[i - 1].addr + sorted[i - 1].got > sorted[i].addr)
			ck_abort_msg("%s: chunks overlap", a->name);
	a->stats(priv, &st);
	if (st.free_bytes != size - used)
		ck_abort_msg("%s: free %llu, want %llu", a->name,
			     (unsigned long long)st.free_bytes,
			     (unsigned long long)(size - used));
	if (st.largest > st.free_bytes)
		ck_abort_msg("%s: largest hole over the free bytes", a->name);
}

static void random_run(const struct cma_allocator *a, uint64_t base,
		       uint64_t size, int steps)
{
	struct live l[256];
	uint64_t align[256];
	struct cma_alloc_stats first, last;
	size_t n = 0;
	void *priv;
	int i;

	ck_assert_int_eq(a->init(&priv, base, size, PAGE, NULL), 0);
	a->stats(priv, &first);
	for (i = 0; i < steps; i++) {
		if (n < 256 && (n == 0 || rnd(3))) {
			uint64_t sz = (1 + rnd(64)) * PAGE, al = PAGE << rnd(6);

			if (rnd(8) == 0)
				sz = 1 + rnd(3 * PAGE);	/* as callers give them */
			sz = (sz + PAGE - 1) & ~(PAGE - 1);
			if (!a->alloc(priv, sz, al, &l[n].addr, &l[n].got)) {
				l[n].size = sz;
				align[n] = al;
				n++;
			}
		} else {
			size_t k = rnd(n);

			a->free(priv, l[k].addr, l[k].got);
			l[k] = l[n - 1];
			align[k] = align[n - 1];
			n--;
		}
		check(a, priv, base, size, l, n, align);
	}
	while (n) {
		n--;
		a->free(priv, l[n].addr, l[n].got);
	}
	/* Everything back: merged into what there was at the start. */
	a->stats(priv, &last);
	ck_assert_msg(last.free_bytes == size && last.holes == first.holes &&
		      last.largest == first.largest,
		      "%s: after all frees %llu holes, largest %llu",
		      a->name, (unsigned long long)last.holes,
		      (unsigned long long)last.largest);
	a->cleanup(priv);
}

START_TEST(random_sequences)
{
	const struct cma_allocator *a = cma_allocator_at(_i);

	seed = 42 + _i;
	/* A power of two at an aligned base, and an awkward size elsewhere. */
	random_run(a, 0x40000000, 64 << 20, 20000);
	random_run(a, 0x12345000, (37 << 20) + 5 * PAGE, 20000);
	random_run(a, 0, 16 << 20, 5000);
}
END_TEST

START_TEST(whole_region_chunk)
{
	const struct cma_allocator *a = cma_allocator_at(_i);
	uint64_t addr, got, addr2;
	void *priv;

	ck_assert_int_eq(a->init(&priv, 0x100000, 1 << 20, PAGE, NULL), 0);
	ck_assert_int_eq(a->alloc(priv, 1 << 20, PAGE, &addr, &got), 0);
	ck_assert_uint_eq(addr, 0x100000);
	/* Exhausted, then recovered. */
	ck_assert_int_eq(a->alloc(priv, PAGE, PAGE, &addr2, &got), -ENOMEM);
	a->free(priv, addr, 1 << 20);
	ck_assert_int_eq(a->alloc(priv, PAGE, PAGE, &addr2, &got), 0);
	a->free(priv, addr2, got);
	a->cleanup(priv);
}
END_TEST

START_TEST(huge_alignment)
{
	const struct cma_allocator *a = cma_allocator_at(_i);
	uint64_t addr, got;
	void *priv;

	/* 2^63 alignment: only address 0 qualifies, and it is not ours. */
	ck_assert_int_eq(a->init(&priv, 1ULL << 40, 1 << 20, PAGE, NULL), 0);
	ck_assert_int_eq(a->alloc(priv, PAGE, 1ULL << 63, &addr, &got), -ENOMEM);
	/* An alignment larger than the region's own base alignment. */
	ck_assert_int_eq(a->alloc(priv, PAGE, 1 << 19, &addr, &got), 0);
	ck_assert_uint_eq(addr & ((1 << 19) - 1), 0);
	a->free(priv, addr, got);
	ck_assert_int_eq(a->alloc(priv, (1 << 20) + PAGE, PAGE, &addr, &got),
			 -ENOMEM);
	a->cleanup(priv);
}
END_TEST

START_TEST(region_at_the_top)
{
	const struct cma_allocator *a = cma_allocator_at(_i);
	uint64_t base = 0 - (uint64_t)(1 << 20), addr, got;
	void *priv;

	/* The region ends exactly at 2^64. */
	ck_assert_int_eq(a->init(&priv, base, 1 << 20, PAGE, NULL), 0);
	ck_assert_int_eq(a->alloc(priv, 1 << 20, PAGE, &addr, &got), 0);
	ck_assert_uint_eq(addr, base);
	a->free(priv, addr, got);
	a->cleanup(priv);
}
END_TEST

START_TEST(best_fit_takes_smallest_hole)
{
	uint64_t a1, a2, a3, a4, got, addr;
	void *priv;

	/* Holes of 3, 1 and 2 pages: a 1-page chunk takes the 1-page one. */
	ck_assert_int_eq(cma_alloc_bf.init(&priv, 0, 64 * PAGE, PAGE, NULL), 0);
	cma_alloc_bf.alloc(priv, 3 * PAGE, PAGE, &a1, &got);
	cma_alloc_bf.alloc(priv, PAGE, PAGE, &a2, &got);
	cma_alloc_bf.alloc(priv, PAGE, PAGE, &a3, &got);
	cma_alloc_bf.alloc(priv, PAGE, PAGE, &a4, &got);
	cma_alloc_bf.free(priv, a1, 3 * PAGE);	/* a 3-page hole at 0 */
	cma_alloc_bf.free(priv, a3, PAGE);	/* a 1-page hole */
	ck_assert_int_eq(cma_alloc_bf.alloc(priv, PAGE, PAGE, &addr, &got), 0);
	ck_assert_uint_eq(addr, a3);
	cma_alloc_bf.cleanup(priv);
	ck_assert_int_eq(cma_alloc_bf.init(&priv, 0, PAGE, PAGE, "x"), -EINVAL);
}
END_TEST

START_TEST(buddy_params_and_rounding)
{
	uint64_t addr, got;
	void *priv;

	ck_assert_int_eq(cma_alloc_buddy.init(&priv, 0, 1 << 20, PAGE, "min=3K"),
			 -EINVAL);
	ck_assert_int_eq(cma_alloc_buddy.init(&priv, 0, 1 << 20, PAGE, "min=2K"),
			 -EINVAL);
	ck_assert_int_eq(cma_alloc_buddy.init(&priv, 0, 1 << 20, PAGE, "max=8K"),
			 -EINVAL);
	ck_assert_int_eq(cma_alloc_buddy.init(&priv, 0, 1 << 20, PAGE, "min=64K"),
			 0);
	/* 5 pages round up to the 64K minimum block. */
	ck_assert_int_eq(cma_alloc_buddy.alloc(priv, 5 * PAGE, PAGE, &addr, &got),
			 0);
	ck_assert_uint_eq(got, 64 << 10);
	cma_alloc_buddy.free(priv, addr, got);
	cma_alloc_buddy.cleanup(priv);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("allocators");
	TCase *tc = tcase_create("conformance");
	int n = 0;

	while (cma_allocator_at(n))
		n++;
	tcase_set_timeout(tc, 300);
	tcase_add_loop_test(tc, random_sequences, 0, n);
	tcase_add_loop_test(tc, whole_region_chunk, 0, n);
	tcase_add_loop_test(tc, huge_alignment, 0, n);
	tcase_add_loop_test(tc, region_at_the_top, 0, n);
	tcase_add_test(tc, best_fit_takes_smallest_hole);
	tcase_add_test(tc, buddy_params_and_rounding);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
