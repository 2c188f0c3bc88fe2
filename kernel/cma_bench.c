// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * cma_bench.ko: the allocator workloads of bench/workloads.c, in kernel
 * context, against each built-in allocator called directly (as gen_pool
 * is), bf through a libcma context as a driver meets it, the kernel's
 * gen_pool with best fit and first fit on a region of the same size at
 * page granularity, and drm_mm (drm.ko, which GPU drivers place video
 * memory with: holes in red-black trees by size and by address) with its
 * best and lowest fit; and the harness alone, what every column includes.
 * gen_pool cannot align, so it is given the sizes alone; drm_mm aligns,
 * so it gets the alignments we get.  Results go to the log,
 * one line each, for bench/kernel/run.sh to tabulate; then it stays
 * loaded, having done its work.
 */
#include <drm/drm_mm.h>
#include <linux/genalloc.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "../bench/workloads.h"
#include "../runtime/allocator.h"

#define ROUNDS 5
#define MAX_TARGETS 10

struct gp {
	struct gen_pool *pool;
	genpool_algo_t algo;
};

static int gp_start(void *arg, uint64_t size)
{
	struct gp *g = arg;

	g->pool = gen_pool_create(PAGE_SHIFT, -1);
	if (!g->pool)
		return -ENOMEM;
	gen_pool_set_algo(g->pool, g->algo, NULL);
	if (gen_pool_add(g->pool, BENCH_BASE, size, -1)) {
		gen_pool_destroy(g->pool);
		return -ENOMEM;
	}
	return 0;
}

static void gp_stop(void *arg)
{
	struct gp *g = arg;

	gen_pool_destroy(g->pool);
}

static int gp_alloc(void *arg, uint64_t size, uint64_t align, uint64_t *addr,
		    uint64_t *token)
{
	struct gp *g = arg;
	unsigned long a = gen_pool_alloc(g->pool, size);

	if (!a)
		return -ENOMEM;
	*addr = a;
	*token = size;
	return 0;
}

static void gp_put(void *arg, uint64_t addr, uint64_t token)
{
	struct gp *g = arg;

	gen_pool_free(g->pool, addr, token);
}

/*
 * drm_mm keeps its record of a range in a node the caller provides (a
 * driver embeds it in its buffer object); spare nodes wait in a list, so
 * that a pair costs drm_mm's work, not the slab's.
 */
struct dm_node {
	struct drm_mm_node node;
	struct dm_node *next_spare;
};

struct dm {
	struct drm_mm mm;
	enum drm_mm_insert_mode mode;
	struct dm_node *spare;
};

static int dm_start(void *arg, uint64_t size)
{
	struct dm *d = arg;

	drm_mm_init(&d->mm, BENCH_BASE, size);
	d->spare = NULL;
	return 0;
}

static void dm_stop(void *arg)
{
	struct dm *d = arg;
	struct dm_node *n;

	drm_mm_takedown(&d->mm);
	while ((n = d->spare)) {
		d->spare = n->next_spare;
		kfree(n);
	}
}

static int dm_alloc(void *arg, uint64_t size, uint64_t align, uint64_t *addr,
		    uint64_t *token)
{
	struct dm *d = arg;
	struct dm_node *n = d->spare;

	if (n)
		d->spare = n->next_spare;
	else if (!(n = kzalloc(sizeof(*n), GFP_KERNEL)))
		return -ENOMEM;
	/* Page-aligned sizes from a page-aligned start: a page is implied. */
	if (drm_mm_insert_node_generic(&d->mm, &n->node, PAGE_ALIGN(size),
				       align > PAGE_SIZE ? align : 0, 0,
				       d->mode)) {
		n->next_spare = d->spare;
		d->spare = n;
		return -ENOMEM;
	}
	*addr = n->node.start;
	*token = (uintptr_t)n;
	return 0;
}

static void dm_put(void *arg, uint64_t addr, uint64_t token)
{
	struct dm *d = arg;
	struct dm_node *n = (struct dm_node *)(uintptr_t)token;

	drm_mm_remove_node(&n->node);
	n->next_spare = d->spare;
	d->spare = n;
}

static uint64_t now_ns(void)
{
	return ktime_get_ns();
}

static void bench_yield(void)
{
	cond_resched();
}

static const struct bench_env env = { now_ns, bench_yield };

static struct bench_target targets[MAX_TARGETS];
static struct bench_direct directs[MAX_TARGETS];
static struct bench_ctx bf_ctx;
static struct gp gps[2] = {
	{ NULL, gen_pool_best_fit },
	{ NULL, gen_pool_first_fit },
};
static struct dm dms[2] = {
	{ .mode = DRM_MM_INSERT_BEST },
	{ .mode = DRM_MM_INSERT_LOW },
};
static unsigned int ntargets;

/* Each kernel allocator's calls; a target adds its name and state. */
static const struct bench_target gen_pool_calls = {
	.start = gp_start, .stop = gp_stop, .alloc = gp_alloc, .put = gp_put,
};
static const struct bench_target drm_mm_calls = {
	.start = dm_start, .stop = dm_stop, .alloc = dm_alloc, .put = dm_put,
};

static void add_target(const struct bench_target *calls, const char *name,
		       void *arg)
{
	struct bench_target *t = &targets[ntargets++];

	*t = *calls;
	t->name = name;
	t->arg = arg;
}

/* gen_pool's cost grows with the region: fewer pairs at large N. */
static unsigned int pairs_for(unsigned int n)
{
	return n >= 10000 ? 400 : n >= 1000 ? 2000 : 5000;
}

static int __init cma_bench_init(void)
{
	static const unsigned int ns[] = { 10, 100, 1000, 10000 };
	const struct cma_allocator *a;
	unsigned int i, k;

	bench_null_target(&targets[ntargets++]);
	for (k = 0; (a = cma_allocator_at(k)) && ntargets < MAX_TARGETS - 5; k++) {
		bench_direct_target(&targets[ntargets], &directs[ntargets], a);
		ntargets++;
	}
	bench_ctx_target(&targets[ntargets], &bf_ctx, "bf");
	targets[ntargets++].name = "bf_context";
	add_target(&gen_pool_calls, "gen_pool_best_fit", &gps[0]);
	add_target(&gen_pool_calls, "gen_pool_first_fit", &gps[1]);
	add_target(&drm_mm_calls, "drm_mm_best", &dms[0]);
	add_target(&drm_mm_calls, "drm_mm_low", &dms[1]);

	pr_info("cma_bench: start\n");
	for (i = 0; i < ARRAY_SIZE(ns); i++) {
		for (k = 0; k < ntargets; k++) {
			u64 per, fails;
			int ret = bench_random(&targets[k], &env, ns[i], ROUNDS,
					       pairs_for(ns[i]), &per, &fails);

			pr_info("cma_bench: random %u %s %llu %llu %d\n", ns[i],
				targets[k].name, per, fails, ret);
		}
	}
	for (k = 0; k < ntargets; k++) {
		u64 per, fails;
		int ret = bench_rings(&targets[k], &env, ROUNDS, 5000, &per,
				      &fails);

		pr_info("cma_bench: rings 0 %s %llu %llu %d\n",
			targets[k].name, per, fails, ret);
	}
	for (k = 0; k < ntargets; k++) {
		u64 largest, free_bytes;
		int ret = bench_fragmentation(&targets[k], &env, 1000, 20000,
					      &largest, &free_bytes);

		pr_info("cma_bench: fragmentation 1000 %s %llu %llu %d\n",
			targets[k].name, largest, free_bytes, ret);
	}
	pr_info("cma_bench: done\n");
	return 0;
}

static void __exit cma_bench_exit(void)
{
}

module_init(cma_bench_init);
module_exit(cma_bench_exit);
MODULE_DESCRIPTION("cma.ko's allocators against gen_pool and drm_mm");
MODULE_LICENSE("Dual BSD/GPL");
