// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include "workloads.h"
#include "../include/cma.h"
#include "../runtime/allocator.h"
#include "../runtime/block.h"

#define MAX_ROUNDS 16
#define SIZE_CLASSES 11		/* 4 KiB << 0 .. 10: up to 8 MiB */
#define ALIGN_CLASSES 9		/* 4 KiB << 0 .. 8: up to 1 MiB */

struct workload_chunk {
	uint64_t addr, size, token;
};

uint32_t bench_rnd(uint64_t *seed, uint32_t n)
{
	*seed = *seed * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)(*seed >> 32) % n;
}

static uint64_t page_up(uint64_t v)
{
	return (v + BENCH_PAGE - 1) & ~(BENCH_PAGE - 1);
}

static void draw(uint64_t *seed, uint64_t *size, uint64_t *align)
{
	uint64_t base = BENCH_PAGE << bench_rnd(seed, SIZE_CLASSES);

	*size = page_up(base + bench_rnd(seed, (uint32_t)base));
	*align = BENCH_PAGE << bench_rnd(seed, ALIGN_CLASSES);
}

uint64_t bench_random_mean(void)
{
	uint64_t sum = 0;
	unsigned int k;

	for (k = 0; k < SIZE_CLASSES; k++)
		sum += (BENCH_PAGE << k) + (BENCH_PAGE << k) / 2;
	return sum / SIZE_CLASSES;
}

static uint64_t median(uint64_t *v, unsigned int n)
{
	unsigned int i, j;

	for (i = 1; i < n; i++)
		for (j = i; j && v[j - 1] > v[j]; j--) {
			uint64_t x = v[j];

			v[j] = v[j - 1];
			v[j - 1] = x;
		}
	return v[n / 2];
}

static uint64_t region_for(unsigned int n)
{
	uint64_t size = page_up((uint64_t)n * bench_random_mean() / 3 * 4);

	return size < (16ULL << 20) ? 16ULL << 20 : size;
}

static void put_random(const struct bench_target *t, uint64_t *seed,
		       struct workload_chunk *live, unsigned int *count)
{
	unsigned int k = bench_rnd(seed, *count);

	t->put(t->arg, live[k].addr, live[k].token);
	live[k] = live[--*count];
}

/*
 * One step of (a): at n live, put one at random; then alloc one.  An
 * allocator that cannot hold n (buddy rounds chunks up) puts one when
 * an alloc fails, so that it too reaches a steady state, at its own
 * capacity.
 */
static void step(const struct bench_target *t, uint64_t *seed,
		 struct workload_chunk *live, unsigned int *count, unsigned int n,
		 bool aligned, uint64_t *fails)
{
	uint64_t size, align, addr, token;

	if (*count == n)
		put_random(t, seed, live, count);
	draw(seed, &size, &align);
	if (!aligned)
		align = BENCH_PAGE;
	if (t->alloc(t->arg, size, align, &addr, &token)) {
		(*fails)++;
		if (*count)
			put_random(t, seed, live, count);
		return;
	}
	live[*count].addr = addr;
	live[*count].token = token;
	live[(*count)++].size = size;
}

/* Fills to n live chunks (or as near as four tries a chunk get). */
static void fill(const struct bench_target *t, uint64_t *seed,
		 struct workload_chunk *live, unsigned int *count, unsigned int n,
		 bool aligned)
{
	uint64_t tries, fails = 0;

	for (tries = 0; *count < n && tries < 4ULL * n; tries++)
		step(t, seed, live, count, n, aligned, &fails);
}

static void put_all(const struct bench_target *t, struct workload_chunk *live,
		    unsigned int count)
{
	while (count--)
		t->put(t->arg, live[count].addr, live[count].token);
}

int bench_random(const struct bench_target *t, const struct bench_env *env,
		 unsigned int n, unsigned int rounds, unsigned int pairs,
		 uint64_t *ns_per_pair, uint64_t *fails)
{
	struct workload_chunk *live = cma_zalloc((size_t)n * sizeof(*live));
	uint64_t seed = 1, ns[MAX_ROUNDS];
	unsigned int count = 0, r, i;

	if (!live || rounds > MAX_ROUNDS || t->start(t->arg, region_for(n))) {
		cma_free(live);
		return -ENOMEM;
	}
	fill(t, &seed, live, &count, n, true);
	*fails = 0;
	for (r = 0; r < rounds; r++) {
		uint64_t t0 = env->now_ns();

		for (i = 0; i < pairs; i++)
			step(t, &seed, live, &count, n, true, fails);
		ns[r] = (env->now_ns() - t0) / pairs;
		env->yield();
	}
	*ns_per_pair = median(ns, rounds);
	put_all(t, live, count);
	t->stop(t->arg);
	cma_free(live);
	return 0;
}

/* 1080p NV12 frames for the camera and decoder, ARGB for the display. */
#define FRAME (1920ULL * 1088 * 3 / 2)
#define SCREEN (1920ULL * 1080 * 4)

static const struct {
	uint64_t size;
	unsigned int depth;
} rings[] = {
	{ FRAME, 8 },		/* camera capture */
	{ FRAME, 16 },		/* decoder references */
	{ SCREEN, 3 },		/* display */
};

#define RINGS (sizeof(rings) / sizeof(rings[0]))
#define RING_MAX 16

int bench_rings(const struct bench_target *t, const struct bench_env *env,
		unsigned int rounds, unsigned int pairs, uint64_t *ns_per_pair,
		uint64_t *fails)
{
	struct workload_chunk ring[RINGS][RING_MAX], bits = { 0, 0, 0 };
	uint64_t head[RINGS] = { 0 }, ns[MAX_ROUNDS], region = 0, seed = 1;
	unsigned int i, j, r, step_no = 0;

	for (i = 0; i < RINGS; i++)
		region += rings[i].depth * page_up(rings[i].size);
	region = page_up(region + (8ULL << 20)) / 4 * 5;
	if (rounds > MAX_ROUNDS || t->start(t->arg, region))
		return -ENOMEM;
	*fails = 0;
	for (i = 0; i < RINGS; i++)
		for (j = 0; j < rings[i].depth; j++)
			if (t->alloc(t->arg, rings[i].size, 0, &ring[i][j].addr,
				     &ring[i][j].token)) {
				ring[i][j].token = 0;
				(*fails)++;
			}
	for (r = 0; r < rounds; r++) {
		uint64_t t0 = env->now_ns();

		for (j = 0; j < pairs; j++, step_no++) {
			unsigned int k = step_no % RINGS;
			struct workload_chunk *slot = &ring[k][head[k]++ % rings[k].depth];

			if (slot->token)
				t->put(t->arg, slot->addr, slot->token);
			if (t->alloc(t->arg, rings[k].size, 0, &slot->addr,
				     &slot->token)) {
				slot->token = 0;
				(*fails)++;
			}
			if (step_no % 8 == 0 && !bits.token) {
				bits.size = (1 + bench_rnd(&seed, 8)) << 20;
				if (t->alloc(t->arg, bits.size, 0, &bits.addr,
					     &bits.token)) {
					bits.token = 0;
					(*fails)++;
				}
			} else if (step_no % 8 == 4 && bits.token) {
				t->put(t->arg, bits.addr, bits.token);
				bits.token = 0;
			}
		}
		/* A bitstream pair every 8 steps: 9 pairs per 8 steps. */
		ns[r] = (env->now_ns() - t0) * 8 / (pairs * 9ULL);
		env->yield();
	}
	*ns_per_pair = median(ns, rounds);
	if (bits.token)
		t->put(t->arg, bits.addr, bits.token);
	for (i = 0; i < RINGS; i++)
		for (j = 0; j < rings[i].depth; j++)
			if (ring[i][j].token)
				t->put(t->arg, ring[i][j].addr, ring[i][j].token);
	t->stop(t->arg);
	return 0;
}

int bench_fragmentation(const struct bench_target *t,
			const struct bench_env *env, unsigned int n,
			unsigned int pairs, uint64_t *largest,
			uint64_t *free_bytes)
{
	struct workload_chunk *live = cma_zalloc((size_t)n * sizeof(*live));
	uint64_t seed = 7, fails = 0, used = 0, lo = 0, hi, addr, token;
	uint64_t region = region_for(n);
	unsigned int count = 0, i;

	if (!live || t->start(t->arg, region)) {
		cma_free(live);
		return -ENOMEM;
	}
	fill(t, &seed, live, &count, n, false);
	for (i = 0; i < pairs; i++) {
		step(t, &seed, live, &count, n, false, &fails);
		if (i % 1024 == 0)
			env->yield();
	}
	for (i = 0; i < count; i++)
		used += live[i].size;
	/* The largest number of pages one alloc still gets. */
	hi = (region - used) / BENCH_PAGE;
	while (lo < hi) {
		uint64_t mid = lo + (hi - lo + 1) / 2;

		if (t->alloc(t->arg, mid * BENCH_PAGE, BENCH_PAGE, &addr, &token)) {
			hi = mid - 1;
		} else {
			t->put(t->arg, addr, token);
			lo = mid;
		}
	}
	*largest = lo * BENCH_PAGE;
	*free_bytes = region - used;
	put_all(t, live, count);
	t->stop(t->arg);
	cma_free(live);
	return 0;
}

/* libcma's context, as a driver meets it: match, allocator, chunk index. */

static char *put_hex(char *p, uint64_t v)
{
	int shift = 60;

	*p++ = '0';
	*p++ = 'x';
	while (shift && !(v >> shift))
		shift -= 4;
	for (; shift >= 0; shift -= 4)
		*p++ = "0123456789abcdef"[(v >> shift) & 15];
	return p;
}

static int ctx_start(void *arg, uint64_t size)
{
	struct bench_ctx *c = arg;
	char cma[80], *p = cma;
	size_t len = strlen(c->allocator);

	if (len > 32)
		return -EINVAL;
	*p++ = 'r';
	*p++ = '=';
	p = put_hex(p, size);
	*p++ = '@';
	p = put_hex(p, BENCH_BASE);
	*p++ = ':';
	memcpy(p, c->allocator, len + 1);
	return cma_ctx_from_cmdline(&c->ctx, cma, "bench=r");
}

static void ctx_stop(void *arg)
{
	struct bench_ctx *c = arg;

	cma_ctx_destroy(c->ctx);
	c->ctx = NULL;
}

static int ctx_alloc(void *arg, uint64_t size, uint64_t align, uint64_t *addr,
		     uint64_t *token)
{
	struct bench_ctx *c = arg;
	unsigned long a = cma_ctx_alloc(c->ctx, "bench", NULL, size, align);

	if (CMA_IS_ERR_VALUE(a))
		return -ENOMEM;
	*addr = a;
	*token = size;
	return 0;
}

static void ctx_put(void *arg, uint64_t addr, uint64_t token)
{
	struct bench_ctx *c = arg;

	cma_ctx_put(c->ctx, addr);
}

void bench_ctx_target(struct bench_target *t, struct bench_ctx *c,
		      const char *allocator)
{
	c->ctx = NULL;
	c->allocator = allocator;
	t->name = allocator;
	t->start = ctx_start;
	t->stop = ctx_stop;
	t->alloc = ctx_alloc;
	t->put = ctx_put;
	t->arg = c;
}

/* An allocator, called directly. */

static int direct_start(void *arg, uint64_t size)
{
	struct bench_direct *d = arg;

	return d->allocator->init(&d->priv, BENCH_BASE, size, BENCH_PAGE, NULL);
}

static void direct_stop(void *arg)
{
	struct bench_direct *d = arg;

	d->allocator->cleanup(d->priv);
}

static int direct_alloc(void *arg, uint64_t size, uint64_t align,
			uint64_t *addr, uint64_t *token)
{
	struct bench_direct *d = arg;
	struct cma_block *chunk;

	chunk = d->allocator->alloc(d->priv, page_up(size),
				    align < BENCH_PAGE ? BENCH_PAGE : align);
	if (!chunk)
		return -ENOMEM;
	*addr = chunk->start;
	*token = (uintptr_t)chunk;
	return 0;
}

static void direct_put(void *arg, uint64_t addr, uint64_t token)
{
	struct bench_direct *d = arg;

	d->allocator->free(d->priv, (struct cma_block *)(uintptr_t)token);
}

void bench_direct_target(struct bench_target *t, struct bench_direct *d,
			 const struct cma_allocator *allocator)
{
	d->allocator = allocator;
	d->priv = NULL;
	t->name = allocator->name;
	t->start = direct_start;
	t->stop = direct_stop;
	t->alloc = direct_alloc;
	t->put = direct_put;
	t->arg = d;
}

/* Nothing at all: the harness's own cost. */

static int null_start(void *arg, uint64_t size)
{
	return 0;
}

static void null_stop(void *arg)
{
}

static int null_alloc(void *arg, uint64_t size, uint64_t align,
		      uint64_t *addr, uint64_t *token)
{
	*addr = BENCH_BASE;
	*token = size;
	return 0;
}

static void null_put(void *arg, uint64_t addr, uint64_t token)
{
}

void bench_null_target(struct bench_target *t)
{
	t->name = "harness";
	t->start = null_start;
	t->stop = null_stop;
	t->alloc = null_alloc;
	t->put = null_put;
	t->arg = NULL;
}
