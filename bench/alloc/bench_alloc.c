/*
 * The allocator workloads (bench/workloads.c) against libcma in
 * userspace: each built-in allocator called directly, and bf through a
 * context as a program meets it, with the live set growing to 100,000
 * chunks to show how the cost grows.  The kernel benchmark runs the same
 * workloads against gen_pool; here the baseline is libcma itself at 100
 * live chunks.  The harness column is what the workload alone costs.
 */
#include <stdio.h>
#include <time.h>

#include "workloads.h"
#include "allocator.h"

#define ROUNDS 5

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void no_yield(void)
{
}

static const struct bench_env env = { now_ns, no_yield };

int main(void)
{
	static const unsigned int ns_list[] = { 10, 100, 1000, 10000, 100000 };
	const unsigned int nn = sizeof(ns_list) / sizeof(ns_list[0]);
	struct bench_target t[5];
	struct bench_direct d[5];
	struct bench_ctx c;
	uint64_t at100[5] = { 0 }, at100k[5] = { 0 };
	unsigned int na = 0, i, k;
	const struct cma_allocator *a;
	int bad = 0;

	bench_null_target(&t[na++]);
	for (k = 0; (a = cma_allocator_at(k)) != NULL && na < 4; k++, na++)
		bench_direct_target(&t[na], &d[na], a);
	bench_ctx_target(&t[na], &c, "bf");
	t[na++].name = "bf_context";
	printf("libcma allocators in userspace: ns per alloc+put pair (median of %d\n"
	       "rounds) and the share of allocs that found no room\n", ROUNDS);
	printf("%-34s", "workload");
	for (k = 0; k < na; k++)
		printf(" %12s", t[k].name);
	printf("\n");
	for (i = 0; i < nn; i++) {
		unsigned int n = ns_list[i];

		printf("(a) random, %6u live chunks     ", n);
		for (k = 0; k < na; k++) {
			uint64_t ns, fails;

			if (bench_random(&t[k], &env, n, ROUNDS, 20000, &ns, &fails)) {
				printf(" %12s", "no memory");
				bad = 1;
				continue;
			}
			printf(" %7llu %3.0f%%", (unsigned long long)ns,
			       100.0 * fails / (ROUNDS * 20000.0));
			if (n == 100)
				at100[k] = ns;
			if (n == 100000)
				at100k[k] = ns;
		}
		printf("\n");
	}
	printf("%-34s", "(b) camera and video rings");
	for (k = 0; k < na; k++) {
		uint64_t ns, fails;

		if (bench_rings(&t[k], &env, ROUNDS, 20000, &ns, &fails))
			bad = 1;
		printf(" %7llu %3.0f%%", (unsigned long long)ns,
		       100.0 * fails / (ROUNDS * 20000.0));
	}
	printf("\n%-34s", "(c) largest free chunk / free");
	for (k = 0; k < na; k++) {
		uint64_t largest, free_bytes;

		if (k == 0) {	/* the harness keeps nothing */
			printf(" %12s", "-");
			continue;
		}
		if (bench_fragmentation(&t[k], &env, 1000, 100000, &largest,
					&free_bytes))
			bad = 1;
		printf(" %11.1f%%", 100.0 * largest / free_bytes);
	}
	printf("\n\ncost growth, ns per pair at 100,000 live chunks / at 100 (target: at most 3):\n");
	for (k = 1; k < na; k++)
		printf("  %-10s %.2f\n", t[k].name,
		       at100[k] ? (double)at100k[k] / at100[k] : 0.0);
	return bad;
}
