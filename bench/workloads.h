/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The allocator workloads of the benchmarks, written once against the
 * runtime's environment header so that the kernel benchmark (against
 * gen_pool) and the userspace one (libcma alone, to larger N) run the
 * very same sequences.  No workload touches the memory it is given.
 */
#ifndef CMA_BENCH_WORKLOADS_H
#define CMA_BENCH_WORKLOADS_H

#include "../runtime/cma_env.h"

struct cma_ctx;

#define BENCH_PAGE 4096ULL
#define BENCH_BASE (1ULL << 40)	/* where the region lies: never touched */

/* What is measured: one allocator on one region of the given size. */
struct bench_target {
	const char *name;
	/* Takes charge of [BENCH_BASE, BENCH_BASE + size): 0 or -ENOMEM. */
	int (*start)(void *arg, uint64_t size);
	void (*stop)(void *arg);
	/*
	 * 0 with the chunk's address and a token, never 0, that put needs
	 * back (a size, or an allocator's record of the chunk), or -ENOMEM.
	 */
	int (*alloc)(void *arg, uint64_t size, uint64_t align, uint64_t *addr,
		     uint64_t *token);
	/* Gives back what alloc gave. */
	void (*put)(void *arg, uint64_t addr, uint64_t token);
	void *arg;
};

struct bench_env {
	uint64_t (*now_ns)(void);
	void (*yield)(void);	/* between rounds: a kernel reschedules */
};

/* The workloads' random numbers: the next of seed's sequence, below n. */
uint32_t bench_rnd(uint64_t *seed, uint32_t n);

/* The mean size of workload (a)'s chunks, to size its region. */
uint64_t bench_random_mean(void);

/*
 * (a) n live chunks of random sizes (4 KiB to 8 MiB, log-uniform) and
 * power-of-two alignments (4 KiB to 1 MiB) in a region that they fill to
 * about three quarters; then rounds of pairs, each a put of a random
 * live chunk and an alloc.  ns per pair: the median of the rounds; fails
 * counts the allocs that found no room.  0, or -ENOMEM if the harness
 * ran out of memory.
 */
int bench_random(const struct bench_target *t, const struct bench_env *env,
		 unsigned int n, unsigned int rounds, unsigned int pairs,
		 uint64_t *ns_per_pair, uint64_t *fails);

/*
 * (b) A camera and a video decoder: rings of equal frame buffers, the
 * oldest put and a new one allocated in turn, with a bitstream buffer
 * of 1 to 8 MiB allocated every 8 steps and put 4 steps later.
 */
int bench_rings(const struct bench_target *t, const struct bench_env *env,
		unsigned int rounds, unsigned int pairs, uint64_t *ns_per_pair,
		uint64_t *fails);

/*
 * (c) After a long run of workload (a) with n live chunks, but with no
 * alignment above a page (gen_pool's best and first fit cannot align,
 * so this is where they are compared like with like): the largest
 * chunk still obtainable, found by trying, and the free bytes (the
 * region less the live chunks' sizes), so that the largest's share of
 * the free memory can be compared between allocators.
 */
int bench_fragmentation(const struct bench_target *t,
			const struct bench_env *env, unsigned int n,
			unsigned int pairs, uint64_t *largest,
			uint64_t *free_bytes);

/*
 * A target that is one of libcma's allocators called directly, as
 * gen_pool is: the allocator's own cost, like with like.
 */
struct cma_allocator;

struct bench_direct {
	const struct cma_allocator *allocator;
	void *priv;
};

void bench_direct_target(struct bench_target *t, struct bench_direct *d,
			 const struct cma_allocator *allocator);

/*
 * A target that does nothing (every alloc gets the same address): what
 * the harness itself costs a pair, to be read beside the others.
 */
void bench_null_target(struct bench_target *t);

/*
 * A target that is a libcma context with one region of this allocator:
 * the allocator plus what a driver's call adds (matching the device,
 * locks, the index of live chunks).
 */
struct bench_ctx {
	struct cma_ctx *ctx;
	const char *allocator;
};

void bench_ctx_target(struct bench_target *t, struct bench_ctx *c,
		      const char *allocator);

#endif /* CMA_BENCH_WORKLOADS_H */
