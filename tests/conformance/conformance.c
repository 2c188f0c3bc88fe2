// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Long random sequences checked after every step against a model of the
 * live chunks, then the edge cases, then the context's promises (errors,
 * fallback, reference counts, info).  Nothing here touches the memory:
 * regions may lie anywhere in the 64-bit space.
 */
#include "conformance.h"
#include "../../include/cma.h"
#include "../../runtime/block.h"

#define PAGE 4096ULL
#define MAX_LIVE 256

struct live {
	uint64_t addr, size, got, align;
	struct cma_block *chunk;
};

/* A run's state, on the heap: kernel stacks are small. */
struct run {
	const struct cma_allocator *a;
	void *priv;
	uint64_t base, size, seed;
	struct live l[MAX_LIVE];	/* sorted by address */
	unsigned int n;
};

static uint32_t rnd(struct run *r, uint32_t n)
{
	r->seed = r->seed * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)(r->seed >> 32) % n;
}

/* a's chunk, with its address and the bytes it holds: 0, or -ENOMEM. */
static int take(const struct cma_allocator *a, void *priv, uint64_t size,
		uint64_t align, uint64_t *addr, uint64_t *got,
		struct cma_block **chunk)
{
	*chunk = a->alloc(priv, size, align);
	if (!*chunk)
		return -ENOMEM;
	*addr = (*chunk)->start;
	*got = (*chunk)->size;
	return 0;
}

/* Every live chunk inside the region, aligned, disjoint; free exact. */
static const char *check(struct run *r)
{
	struct cma_alloc_stats st;
	uint64_t used = 0, end = 0, gap = 0;
	unsigned int i;

	for (i = 0; i < r->n; i++) {
		const struct live *c = &r->l[i];

		if (c->addr < r->base || c->addr - r->base > r->size - c->got)
			return "a chunk outside the region";
		/* The holes between chunks, as offsets in the region. */
		if (c->addr - r->base > end &&
		    c->addr - r->base - end > gap)
			gap = c->addr - r->base - end;
		end = c->addr - r->base + c->got;
		if (c->addr & (c->align - 1))
			return "a chunk not aligned as asked";
		if (c->got < c->size)
			return "a chunk smaller than asked";
		if (i && r->l[i - 1].addr + r->l[i - 1].got > c->addr)
			return "two chunks overlap";
		used += c->got;
	}
	r->a->stats(r->priv, &st);
	if (st.free_bytes != r->size - used)
		return "free bytes differ from the region less the live chunks";
	if (st.largest > st.free_bytes)
		return "the largest hole is larger than the free bytes";
	if (r->size - end > gap)
		gap = r->size - end;
	/* bf's holes are the gaps between chunks, so it knows the largest. */
	if (!strcmp(r->a->name, "bf") && st.largest != gap)
		return "bf's largest hole is not the largest gap between chunks";
	return NULL;
}

static void add_live(struct run *r, const struct live *c)
{
	unsigned int i = r->n++;

	while (i && r->l[i - 1].addr > c->addr) {
		r->l[i] = r->l[i - 1];
		i--;
	}
	r->l[i] = *c;
}

static void drop_live(struct run *r, unsigned int k)
{
	r->a->free(r->priv, r->l[k].chunk);
	r->n--;
	memmove(&r->l[k], &r->l[k + 1], (r->n - k) * sizeof(r->l[0]));
}

static const char *random_run(struct run *r, int steps)
{
	struct cma_alloc_stats first, last;
	const char *err = NULL;
	int i;

	r->n = 0;
	if (r->a->init(&r->priv, r->base, r->size, PAGE, NULL))
		return "init failed";
	r->a->stats(r->priv, &first);
	for (i = 0; i < steps && !err; i++) {
		if (r->n < MAX_LIVE && (!r->n || rnd(r, 3))) {
			struct live c;

			c.size = (1 + rnd(r, 64)) * PAGE;
			c.align = PAGE << rnd(r, 6);
			if (!rnd(r, 8))	/* as callers give them, rounded */
				c.size = (1 + rnd(r, 3 * PAGE) + PAGE - 1) &
					 ~(PAGE - 1);
			if (!take(r->a, r->priv, c.size, c.align, &c.addr,
				  &c.got, &c.chunk))
				add_live(r, &c);
		} else {
			drop_live(r, rnd(r, r->n));
		}
		err = check(r);
	}
	while (r->n)
		drop_live(r, r->n - 1);
	/* Everything back: merged into what there was at the start. */
	r->a->stats(r->priv, &last);
	if (!err && (last.free_bytes != r->size || last.holes != first.holes ||
		     last.largest != first.largest))
		err = "the free space did not merge back after every free";
	r->a->cleanup(r->priv);
	return err;
}

static const char *random_sequences(const struct cma_allocator *a)
{
	/* A power of two at an aligned base, an awkward size, and 0. */
	static const uint64_t regions[][2] = {
		{ 0x40000000, 64 << 20 },
		{ 0x12345000, (37 << 20) + 5 * PAGE },
		{ 0, 16 << 20 },
	};
	struct run *r = cma_zalloc(sizeof(*r));
	const char *err = NULL;
	unsigned int i;

	if (!r)
		return "out of memory";
	r->a = a;
	r->seed = 42;
	for (i = 0; i < 3 && !err; i++) {
		r->base = regions[i][0];
		r->size = regions[i][1];
		err = random_run(r, i < 2 ? 20000 : 5000);
	}
	cma_free(r);
	return err;
}

static const char *whole_region_chunk(const struct cma_allocator *a)
{
	uint64_t addr, got, addr2, got2;
	const char *err = NULL;
	void *priv;
	struct cma_block *chunk, *chunk2;

	if (a->init(&priv, 0x100000, 1 << 20, PAGE, NULL))
		return "init failed";
	if (take(a, priv, 1 << 20, PAGE, &addr, &got, &chunk) ||
	    addr != 0x100000)
		err = "the whole region is not one chunk";
	else if (take(a, priv, PAGE, PAGE, &addr2, &got2, &chunk2) != -ENOMEM)
		err = "a full region still gives chunks";
	if (!err) {
		a->free(priv, chunk);
		if (take(a, priv, PAGE, PAGE, &addr2, &got2, &chunk2))
			err = "a freed region gives no chunk";
		else
			a->free(priv, chunk2);
	}
	a->cleanup(priv);
	return err;
}

static const char *huge_alignment(const struct cma_allocator *a)
{
	uint64_t addr, got;
	const char *err = NULL;
	void *priv;
	struct cma_block *chunk;

	if (a->init(&priv, 1ULL << 40, 1 << 20, PAGE, NULL))
		return "init failed";
	/* 2^63 alignment: only address 0 qualifies, and it is not ours. */
	if (take(a, priv, PAGE, 1ULL << 63, &addr, &got, &chunk) != -ENOMEM)
		err = "a chunk at an alignment of 2^63";
	/* An alignment larger than the region's own base alignment. */
	else if (take(a, priv, PAGE, 1 << 19, &addr, &got, &chunk) ||
		 (addr & ((1 << 19) - 1)))
		err = "no chunk at 512K alignment";
	else if ((a->free(priv, chunk),
		  take(a, priv, (1 << 20) + PAGE, PAGE, &addr, &got, &chunk))
		 != -ENOMEM)
		err = "a chunk larger than the region";
	a->cleanup(priv);
	return err;
}

static const char *region_at_the_top(const struct cma_allocator *a)
{
	uint64_t base = 0 - (uint64_t)(1 << 20), addr, got;
	const char *err = NULL;
	void *priv;
	struct cma_block *chunk;

	/* The region ends exactly at 2^64. */
	if (a->init(&priv, base, 1 << 20, PAGE, NULL))
		return "init failed";
	if (take(a, priv, 1 << 20, PAGE, &addr, &got, &chunk) || addr != base)
		err = "no whole chunk of a region that ends at 2^64";
	else
		a->free(priv, chunk);
	a->cleanup(priv);
	return err;
}

static const char *best_fit_takes_smallest_hole(const struct cma_allocator *a)
{
	const struct cma_allocator *bf = &cma_alloc_bf;
	uint64_t a1, a2, a3, a4, got, addr;
	const char *err = NULL;
	void *priv;
	struct cma_block *c1, *c2, *c3, *c4, *c;

	/* Holes of 3 and 1 pages, and the rest: a page goes in the 1-page one. */
	if (bf->init(&priv, 0, 64 * PAGE, PAGE, NULL))
		return "init failed";
	if (take(bf, priv, 3 * PAGE, PAGE, &a1, &got, &c1) ||
	    take(bf, priv, PAGE, PAGE, &a2, &got, &c2) ||
	    take(bf, priv, PAGE, PAGE, &a3, &got, &c3) ||
	    take(bf, priv, PAGE, PAGE, &a4, &got, &c4)) {
		err = "no room for four chunks";
	} else {
		bf->free(priv, c1);
		bf->free(priv, c3);
		if (take(bf, priv, PAGE, PAGE, &addr, &got, &c) || addr != a3)
			err = "a page did not go in the smallest hole";
	}
	bf->cleanup(priv);
	/* Parameters are ignored, as the 2010 kernel's bf ignores them. */
	if (!err && bf->init(&priv, 0, PAGE, PAGE, "x"))
		err = "bf refused parameters, which it ignores";
	else if (!err)
		bf->cleanup(priv);
	return err;
}

/*
 * bf looks first at holes long enough to fit an aligned chunk often;
 * when only a short hole with the right start can take it, it must still
 * be found.
 */
static const char *best_fit_finds_a_lucky_hole(const struct cma_allocator *a)
{
	const struct cma_allocator *bf = &cma_alloc_bf;
	uint64_t addr, got;
	const char *err = NULL;
	void *priv;
	struct cma_block *c1, *c2, *c3, *c;

	/* Full, but for one page at 16 pages: a 16-page-aligned page fits. */
	if (bf->init(&priv, 0, 64 * PAGE, PAGE, NULL))
		return "init failed";
	if (take(bf, priv, 16 * PAGE, PAGE, &addr, &got, &c1) ||
	    take(bf, priv, PAGE, PAGE, &addr, &got, &c2) ||
	    take(bf, priv, 47 * PAGE, PAGE, &addr, &got, &c3)) {
		err = "no room for three chunks";
	} else {
		bf->free(priv, c2);
		if (take(bf, priv, PAGE, 16 * PAGE, &addr, &got, &c))
			err = "an aligned page found no room in the one hole that fits it";
		else if (addr != 16 * PAGE)
			err = "an aligned page went outside the only hole";
	}
	bf->cleanup(priv);
	return err;
}

static const char *buddy_params_and_rounding(const struct cma_allocator *a)
{
	static const char *const bad[] = { "min=3K", "min=2K", "max=8K" };
	const struct cma_allocator *buddy = &cma_alloc_buddy;
	uint64_t addr, got;
	const char *err = NULL;
	unsigned int i;
	void *priv;
	struct cma_block *chunk;

	for (i = 0; i < 3; i++)
		if (buddy->init(&priv, 0, 1 << 20, PAGE, bad[i]) != -EINVAL)
			return "buddy took a bad parameter";
	if (buddy->init(&priv, 0, 1 << 20, PAGE, "min=64K"))
		return "buddy refused min=64K";
	/* 5 pages round up to the 64K minimum block. */
	if (take(buddy, priv, 5 * PAGE, PAGE, &addr, &got, &chunk) ||
	    got != 64 << 10)
		err = "5 pages did not take one 64K block";
	else
		buddy->free(priv, chunk);
	buddy->cleanup(priv);
	return err;
}

/* The context: the 2010 API's promises, on a policy of its own. */

#define CTX_CMA "a=1M@0x100000000;b=2M@0x200000000:buddy(min=8K);c=1M"
#define CTX_MAP "cam=a,b;vid/*=b;x/y=c"

static const char *context_errors(const struct cma_allocator *a)
{
	struct cma_info info;
	struct cma_ctx *ctx;
	const char *err = NULL;

	if (cma_ctx_from_cmdline(&ctx, CTX_CMA, CTX_MAP))
		return "the context was refused";
	if (cma_ctx_alloc(ctx, "cam", NULL, 0, 0) != (unsigned long)-EINVAL)
		err = "size 0 is not -EINVAL";
	else if (cma_ctx_alloc(ctx, "cam", NULL, PAGE, 3 * PAGE) !=
		 (unsigned long)-EINVAL)
		err = "an alignment of 3 pages is not -EINVAL";
	else if (cma_ctx_alloc(ctx, "dsp", NULL, PAGE, 0) !=
		 (unsigned long)-ENOENT)
		err = "a device no rule names is not -ENOENT";
	else if (cma_ctx_alloc(ctx, "cam", "raw", PAGE, 0) !=
		 (unsigned long)-ENOENT)
		err = "a kind the rule does not name is not -ENOENT";
	else if (cma_ctx_alloc(ctx, "x", "y", 2 << 20, 0) !=
		 (unsigned long)-ENOMEM)
		err = "more than the regions hold is not -ENOMEM";
	else if (cma_ctx_info(ctx, &info, "nobody", NULL) != -ENOENT)
		err = "info of a device no rule names is not -ENOENT";
	cma_ctx_destroy(ctx);
	return err;
}

static const char *context_fallback_and_refs(const struct cma_allocator *a)
{
	struct cma_ctx *ctx;
	struct cma_info info;
	unsigned long first, second;
	const char *err = NULL;

	if (cma_ctx_from_cmdline(&ctx, CTX_CMA, CTX_MAP))
		return "the context was refused";
	first = cma_ctx_alloc(ctx, "cam", NULL, 1 << 20, 0);
	second = cma_ctx_alloc(ctx, "cam", NULL, PAGE, 0);
	if (first != 0x100000000UL)
		err = "the first region listed was not tried first";
	else if (second != 0x200000000UL)
		err = "a full first region did not fall back to the second";
	else if (cma_ctx_get(ctx, first) || cma_ctx_put(ctx, first) != 0)
		err = "get then put freed a chunk that still had a reference";
	else if (cma_ctx_put(ctx, first) != 1)
		err = "the last put did not free the chunk";
	else if (cma_ctx_put(ctx, first) != -ENOENT ||
		 cma_ctx_get(ctx, first) != -ENOENT)
		err = "a freed chunk still takes get or put";
	else if (cma_ctx_get(ctx, second + PAGE) != -ENOENT)
		err = "get inside a chunk is not -ENOENT";
	else if (cma_ctx_alloc(ctx, "cam", NULL, PAGE, 0) != first)
		err = "a freed chunk's memory was not given again";
	else if (cma_ctx_info(ctx, &info, "cam", NULL) ||
		 info.lower_bound != 0x100000000UL ||
		 info.upper_bound != 0x200200000UL ||
		 info.total_size != 3 << 20 || info.count != 2)
		err = "info over two regions is wrong";
	cma_ctx_destroy(ctx);
	return err;
}

const struct cma_conformance_case cma_conformance_cases[] = {
	{ "random sequences", true, random_sequences },
	{ "a chunk of the whole region", true, whole_region_chunk },
	{ "huge alignments", true, huge_alignment },
	{ "a region that ends at 2^64", true, region_at_the_top },
	{ "bf takes the smallest hole", false, best_fit_takes_smallest_hole },
	{ "bf finds a short hole that fits", false, best_fit_finds_a_lucky_hole },
	{ "buddy parameters and rounding", false, buddy_params_and_rounding },
	{ "context errors", false, context_errors },
	{ "context fallback and references", false, context_fallback_and_refs },
};

const unsigned int cma_conformance_count =
	sizeof(cma_conformance_cases) / sizeof(cma_conformance_cases[0]);
