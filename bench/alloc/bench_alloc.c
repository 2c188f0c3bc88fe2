/*
 * The allocator workloads (bench/workloads.c) against libcma in
 * userspace: each built-in allocator called directly, and bf through a
 * context as a program meets it, with the live set growing to 100,000
 * chunks to show how the cost grows.  The kernel benchmark runs the same
 * workloads against gen_pool; here the baseline is libcma itself at 100
 * live chunks.  The harness column is what the workload alone costs.
 * Beside the growth it prints what a dependent load costs on this
 * machine in the same run, within a small working set and across one as
 * large as bf's and the index's at 100,000 live chunks, whose cost moves
 * with the second: on a shared machine it is the neighbours' load.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/* A cache line of a chain of loads, each depending on the one before. */
struct line {
	struct line *next;
	char pad[56];
};

/* ns a load along a random chain through bytes of memory; 0: no memory. */
static double chase_ns(size_t bytes)
{
	size_t n = bytes / sizeof(struct line), i, loads = 4000000;
	struct line *v = calloc(n, sizeof(*v)), *p;
	size_t *order = malloc(n * sizeof(*order));
	uint64_t seed = 1, t0;

	if (!v || !order) {
		free(v);
		free(order);
		return 0;
	}
	for (i = 0; i < n; i++)
		order[i] = i;
	for (i = n - 1; i > 0; i--) {	/* a random cycle through all */
		size_t j = bench_rnd(&seed, (uint32_t)(i + 1)), x;

		x = order[i];
		order[i] = order[j];
		order[j] = x;
	}
	for (i = 0; i < n; i++)
		v[order[i]].next = &v[order[(i + 1) % n]];
	p = &v[order[0]];
	t0 = now_ns();
	for (i = 0; i < loads; i++)
		p = p->next;
	t0 = now_ns() - t0;
	/* p, used: the compiler must make every load. */
	if (!p)
		t0 = 0;
	free(v);
	free(order);
	return (double)t0 / loads;
}

/*
 * --count TARGET N PAIRS: fills to N live chunks and runs PAIRS pairs of
 * workload (a), untimed, for bench/alloc/counts.sh to run under
 * cachegrind twice and subtract.
 */
static int count_run(const char *name, unsigned int n, unsigned int pairs)
{
	struct bench_target t;
	struct bench_direct d;
	struct bench_ctx c;
	uint64_t ns, fails;

	if (!strcmp(name, "bf_context"))
		bench_ctx_target(&t, &c, "bf");
	else if (cma_allocator_find(name))
		bench_direct_target(&t, &d, cma_allocator_find(name));
	else
		return fprintf(stderr, "bench_alloc: no allocator '%s'\n", name), 2;
	return bench_random(&t, &env, n, 1, pairs, &ns, &fails) ? 1 : 0;
}

int main(int argc, char **argv)
{
	static const unsigned int ns_list[] = { 10, 100, 1000, 10000, 100000 };
	const unsigned int nn = sizeof(ns_list) / sizeof(ns_list[0]);
	struct bench_target t[5];
	struct bench_direct d[5];
	struct bench_ctx c;
	uint64_t at100[5] = { 0 }, at100k[5] = { 0 };
	double near_ns, far_ns;
	unsigned int na = 0, i, k;
	const struct cma_allocator *a;
	int bad = 0;

	if (argc == 5 && !strcmp(argv[1], "--count"))
		return count_run(argv[2], (unsigned int)strtoul(argv[3], NULL, 10),
				 (unsigned int)strtoul(argv[4], NULL, 10));
	if (argc != 1) {
		fprintf(stderr, "usage: bench_alloc [--count ALLOCATOR|bf_context N PAIRS]\n");
		return 2;
	}
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
	near_ns = chase_ns(1 << 20);
	far_ns = chase_ns(16 << 20);
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
	if (!near_ns || !far_ns) {
		printf("this machine's memory: no memory to measure it\n");
		return 1;
	}
	printf("this machine's memory, just after that row, ns per dependent load:\n"
	       "  %.0f within 1 MiB (all of a pair's data at 100 live chunks)\n"
	       "  %.0f across 16 MiB (about bf's blocks and the index at 100,000)\n",
	       near_ns, far_ns);
	return bad;
}
