/*
 * libcma's API, against the 2010 semantics: matching, fallback, errors,
 * references, info; contexts refused for what cmacc calls errors; and
 * four threads hammering one context.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "cma.h"

#define PAGE 4096UL
#define ERR(e) ((unsigned long)-(e))

static struct cma_ctx *make(const char *cma, const char *map)
{
	struct cma_ctx *ctx = (struct cma_ctx *)1;
	int ret = cma_ctx_from_cmdline(&ctx, cma, map);

	ck_assert_msg(!ret, "%s %s: %d: %s", cma, map, ret, cma_ctx_error());
	return ctx;
}

/* The top page's chunk, at -4096, is not an error code: it is served. */
START_TEST(top_of_the_address_space)
{
	struct cma_ctx *ctx;
	unsigned long a, b;

	ck_assert_int_eq(cma_ctx_from_cmdline(&ctx, "a=8K@0xffffffffffffe000",
					      "cam=a"), 0);
	a = cma_ctx_alloc(ctx, "cam", NULL, 4096, 0);
	b = cma_ctx_alloc(ctx, "cam", NULL, 4096, 0);
	ck_assert(!CMA_IS_ERR_VALUE(a) && !CMA_IS_ERR_VALUE(b));
	ck_assert_uint_eq(a < b ? b : a, 0xfffffffffffff000ul);
	ck_assert_int_eq(cma_ctx_put(ctx, a), 1);
	ck_assert_int_eq(cma_ctx_put(ctx, b), 1);
	cma_ctx_destroy(ctx);
}
END_TEST

START_TEST(alloc_get_put)
{
	struct cma_ctx *ctx = make("a=1M@0x40000000", "cam=a");
	unsigned long p = cma_ctx_alloc(ctx, "cam", NULL, 3 * PAGE + 1, 0);

	ck_assert(!CMA_IS_ERR_VALUE(p));
	ck_assert_uint_eq(p, 0x40000000);
	ck_assert_int_eq(cma_ctx_get(ctx, p), 0);
	ck_assert_int_eq(cma_ctx_put(ctx, p), 0);
	ck_assert_int_eq(cma_ctx_put(ctx, p), 1);
	ck_assert_int_eq(cma_ctx_put(ctx, p), -ENOENT);
	ck_assert_int_eq(cma_ctx_get(ctx, p), -ENOENT);
	/* Not the start of a chunk: -ENOENT. */
	p = cma_ctx_alloc(ctx, "cam", "", 2 * PAGE, 0);
	ck_assert_int_eq(cma_ctx_get(ctx, p + PAGE), -ENOENT);
	ck_assert_int_eq(cma_ctx_put(ctx, p + PAGE), -ENOENT);
	cma_ctx_destroy(ctx);
}
END_TEST

START_TEST(alloc_errors)
{
	struct cma_ctx *ctx = make("a=64K@0x40000000", "cam=a");

	ck_assert_uint_eq(cma_ctx_alloc(ctx, "cam", NULL, 0, 0), ERR(EINVAL));
	ck_assert_uint_eq(cma_ctx_alloc(ctx, "cam", NULL, PAGE, 3), ERR(EINVAL));
	ck_assert_uint_eq(cma_ctx_alloc(ctx, "cam", NULL, PAGE, 6 * PAGE),
			  ERR(EINVAL));
	ck_assert_uint_eq(cma_ctx_alloc(ctx, "vpu", NULL, PAGE, 0), ERR(ENOENT));
	ck_assert_uint_eq(cma_ctx_alloc(ctx, "cam", "raw", PAGE, 0), ERR(ENOENT));
	ck_assert_uint_eq(cma_ctx_alloc(ctx, "cam", NULL, 128 << 10, 0),
			  ERR(ENOMEM));
	ck_assert_uint_eq(cma_ctx_alloc(ctx, "cam", NULL, ~0UL - 100, 0),
			  ERR(ENOMEM));
	/* No device, or one without a name: -EINVAL, as in the 2010 code. */
	ck_assert_uint_eq(cma_ctx_alloc(ctx, NULL, NULL, PAGE, 0), ERR(EINVAL));
	ck_assert_uint_eq(cma_ctx_alloc(ctx, "", NULL, PAGE, 0), ERR(EINVAL));
	cma_ctx_destroy(ctx);
}
END_TEST

START_TEST(alignment)
{
	struct cma_ctx *ctx = make("a=8M@0x40001000", "cam=a");
	unsigned long p;

	/* Small alignments mean a page; large ones are honoured exactly. */
	p = cma_ctx_alloc(ctx, "cam", NULL, PAGE, 1);
	ck_assert_uint_eq(p % PAGE, 0);
	p = cma_ctx_alloc(ctx, "cam", NULL, PAGE, 1 << 20);
	ck_assert_uint_eq(p % (1 << 20), 0);
	p = cma_ctx_alloc(ctx, "cam", NULL, PAGE, 1UL << 40);
	ck_assert_uint_eq(p, ERR(ENOMEM));
	cma_ctx_destroy(ctx);
}
END_TEST

START_TEST(first_rule_wins_and_fallback)
{
	struct cma_ctx *ctx = make("a=64K@0x40000000;b=64K@0x50000000;c=1M",
				   "cam/*=a,b;cam=c;*/*=c");
	unsigned long p1, p2, p3;

	/* "cam" with any kind takes no kind too: the second rule never runs. */
	p1 = cma_ctx_alloc(ctx, "cam", NULL, 64 << 10, 0);
	ck_assert_uint_eq(p1, 0x40000000);
	p2 = cma_ctx_alloc(ctx, "cam", "raw", 64 << 10, 0);
	ck_assert_uint_eq(p2, 0x50000000);
	/* Both listed regions are full: -ENOMEM, not the next rule. */
	p3 = cma_ctx_alloc(ctx, "cam", "raw", PAGE, 0);
	ck_assert_uint_eq(p3, ERR(ENOMEM));
	ck_assert_int_eq(cma_ctx_put(ctx, p1), 1);
	ck_assert_uint_eq(cma_ctx_alloc(ctx, "cam", NULL, PAGE, 0), 0x40000000);
	cma_ctx_destroy(ctx);
}
END_TEST

START_TEST(patterns)
{
	struct cma_ctx *ctx = make("a=1M;b=1M;c=1M;d=1M",
				   "foo=a;/quaz=b;foo/*=c;baz?/a*,baz?/b*=d");
	struct cma_info info;

	/* A device alone: no kind only; "/quaz" inherits foo; then any kind. */
	ck_assert_int_eq(cma_ctx_info(ctx, &info, "foo", NULL), 0);
	ck_assert_uint_eq(info.lower_bound, 0);		/* region a at 0 */
	ck_assert_int_eq(cma_ctx_info(ctx, &info, "foo", ""), 0);
	ck_assert_uint_eq(info.lower_bound, 0);
	ck_assert_int_eq(cma_ctx_info(ctx, &info, "foo", "quaz"), 0);
	ck_assert_uint_eq(info.lower_bound, 1 << 20);	/* b */
	ck_assert_int_eq(cma_ctx_info(ctx, &info, "foo", "other"), 0);
	ck_assert_uint_eq(info.lower_bound, 2 << 20);	/* c */
	ck_assert_int_eq(cma_ctx_info(ctx, &info, "baz1", "apple"), 0);
	ck_assert_uint_eq(info.lower_bound, 3 << 20);	/* d */
	ck_assert_int_eq(cma_ctx_info(ctx, &info, "baz1", "b"), 0);
	ck_assert_int_eq(cma_ctx_info(ctx, &info, "baz12", "b"), -ENOENT);
	ck_assert_int_eq(cma_ctx_info(ctx, &info, "baz1", "c"), -ENOENT);
	ck_assert_int_eq(cma_ctx_info(ctx, &info, "baz1", NULL), -ENOENT);
	cma_ctx_destroy(ctx);
}
END_TEST

START_TEST(info_bounds)
{
	struct cma_ctx *ctx = make("a=1M;b=2M@0x40000000;c=4M/4M",
				   "cam=b,a,c,a");
	struct cma_info info;

	ck_assert_int_eq(cma_ctx_info(ctx, &info, "cam", NULL), 0);
	/* a lies at 0: a lower bound of 0 is a real one. */
	ck_assert_uint_eq(info.lower_bound, 0);
	ck_assert_uint_eq(info.upper_bound, 0x40000000 + (2 << 20));
	ck_assert_uint_eq(info.total_size, 7 << 20);
	ck_assert_uint_eq(info.count, 3);
	ck_assert_int_eq(cma_ctx_info(ctx, &info, "vpu", NULL), -ENOENT);
	cma_ctx_destroy(ctx);
}
END_TEST

START_TEST(refused_policies)
{
	static const char *const bad[][2] = {
		{ "a=1M", "cam=b" },		/* undefined region */
		{ "a=1M;a=2M", "cam=a" },	/* defined twice */
		{ "a=1M,b=1M", "cam=a" },	/* ',' between regions */
		{ "a=0", "cam=a" },		/* size 0 */
		{ "a=1M/3K", "cam=a" },		/* alignment */
		{ "a=16E", "cam=a" },		/* overflow */
		{ "a=1M@1M;b=1M@1536K", "cam=a,b" },	/* overlap */
		{ "a=1M:buddy(min=3K)", "cam=a" },
		{ "a=1M", "ca*m=a" },		/* '*' not last */
		{ "a=1M", "cam=" },		/* empty */
		{ "", "cam=a" },
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct cma_ctx *ctx = (struct cma_ctx *)1;
		int ret = cma_ctx_from_cmdline(&ctx, bad[i][0], bad[i][1]);

		ck_assert_msg(ret < 0, "%s %s accepted", bad[i][0], bad[i][1]);
		ck_assert_ptr_null(ctx);
		ck_assert_msg(cma_ctx_error()[0], "%s: no message", bad[i][0]);
	}
	ck_assert_int_eq(cma_ctx_from_table(&(struct cma_ctx *){ NULL },
					    "CMAT", 4), -EINVAL);
	ck_assert_str_eq(cma_ctx_error(),
			 "table: the table is shorter than its header says (byte 0)");
}
END_TEST

/*
 * The reader's problems in cmacc's words (the runtime's one description
 * of them, runtime/cmdline.c), then where: what cmacc says of the same
 * line, less its position.
 */
START_TEST(reader_words_are_cmaccs)
{
	static const char *const cases[][3] = {
		{ "", "cam=r",
		  "a rule names region 'r', which cma= does not define (byte 4 of cma_map=)" },
		{ "r=16M@x", "cam=r",
		  "unexpected 'x': expected a start address after '@' (byte 6 of cma=)" },
		{ "r=1M,s=2M", "cam=r",
		  "regions are separated by ';', not ',' (byte 4 of cma=)" },
		{ "r=1M;a-b=2M", "cam=r",
		  "region name 'a-b' has '-' in it: names may hold only letters and digits (byte 6 of cma=)" },
		{ "r=1M", "c*x=r",
		  "'*' may stand only at the end of a pattern (byte 1 of cma_map=)" },
		{ "r=1M", "cam=r x",
		  "white space inside cma_map=: expected a region name (byte 5 of cma_map=)" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cma_ctx *ctx;

		ck_assert_int_eq(cma_ctx_from_cmdline(&ctx, cases[i][0],
						      cases[i][1]), -EINVAL);
		ck_assert_str_eq(cma_ctx_error(), cases[i][2]);
	}
}
END_TEST

/* A region whose allocator could never hand out a chunk, as cmacc says. */
START_TEST(allocator_that_never_serves)
{
	struct cma_ctx *ctx;

	ck_assert_int_eq(cma_ctx_from_cmdline(&ctx, "r=4K:buddy(min=8K)",
					      "cam=r"), -EINVAL);
	ck_assert_str_eq(cma_ctx_error(),
			 "allocator 'buddy' with 'min=8K' can never hand out a chunk of region 'r'");
	ck_assert_int_eq(cma_ctx_from_cmdline(&ctx, "r=8K:buddy(min=8K)",
					      "cam=r"), 0);
	cma_ctx_destroy(ctx);
}
END_TEST

/* Sums and ends past 64 bits are ULONG_MAX, not what wraps round. */
START_TEST(info_saturates)
{
	struct cma_ctx *ctx;
	struct cma_info info;

	ck_assert_int_eq(cma_ctx_from_cmdline(&ctx, "r=8E;s=8E", "cam=r,s,r"),
			 0);
	ck_assert_int_eq(cma_ctx_info(ctx, &info, "cam", NULL), 0);
	ck_assert_uint_eq(info.count, 2);
	ck_assert_uint_eq(info.lower_bound, 0);
	ck_assert_uint_eq(info.total_size, ULONG_MAX);
	ck_assert_uint_eq(info.upper_bound, ULONG_MAX);
	cma_ctx_destroy(ctx);
	ck_assert_int_eq(cma_ctx_from_cmdline(&ctx, "t=4K@0xfffffffffffff000",
					      "cam=t"), 0);
	ck_assert_int_eq(cma_ctx_info(ctx, &info, "cam", NULL), 0);
	ck_assert_uint_eq(info.lower_bound, 0xfffffffffffff000UL);
	ck_assert_uint_eq(info.upper_bound, ULONG_MAX);
	ck_assert_uint_eq(info.total_size, 4096);
	cma_ctx_destroy(ctx);
}
END_TEST

START_TEST(unknown_allocator_is_unusable)
{
	struct cma_ctx *ctx = make("a=1M:na;b=1M@0x40000000", "cam=a,b");
	struct cma_region_state st;

	/* As in 2010: the region is there, but nothing comes from it. */
	ck_assert_uint_eq(cma_ctx_alloc(ctx, "cam", NULL, PAGE, 0), 0x40000000);
	ck_assert_int_eq(cma_ctx_region_state(ctx, 0, &st), 0);
	ck_assert_ptr_null(st.allocator);
	ck_assert_int_eq(cma_ctx_region_state(ctx, 2, &st), -ENOENT);
	cma_ctx_destroy(ctx);
}
END_TEST

/* 512 KiB at 256 MiB and 4 MiB at 2 GiB. */
static const struct cma_ctx_bank two_banks[] = {
	{ 0x10000000UL, 0x80000UL },
	{ 0x80000000UL, 0x400000UL },
};

START_TEST(placement_in_banks)
{
	/* The first bank is too small for a; b is fixed inside the second. */
	struct cma_ctx_config cfg = { two_banks, 2 };
	struct cma_ctx *ctx;

	ck_assert_int_eq(cma_ctx_from_cmdline_config(&ctx,
			 "a=1M;b=1M@0x80000000;c=256K", "cam=a;vid=b;fb=c",
			 &cfg), 0);
	ck_assert_uint_eq(cma_ctx_alloc(ctx, "cam", NULL, PAGE, 0), 0x80100000UL);
	ck_assert_uint_eq(cma_ctx_alloc(ctx, "fb", NULL, PAGE, 0), 0x10000000UL);
	cma_ctx_destroy(ctx);
	ck_assert_int_eq(cma_ctx_from_cmdline_config(&ctx, "a=8M", "cam=a",
						     &cfg), -ENOMEM);
	ck_assert_str_eq(cma_ctx_error(),
			 "region 'a' fits nowhere in the declared memory beside the regions before it");
}
END_TEST

/* Where each region of the context lies, in the policy's order. */
static void assert_starts(struct cma_ctx *ctx, const unsigned long *want,
			  unsigned int n)
{
	struct cma_region_state st;
	unsigned int i;

	ck_assert_uint_eq(cma_ctx_region_count(ctx), n);
	for (i = 0; i < n; i++) {
		ck_assert_int_eq(cma_ctx_region_state(ctx, i, &st), 0);
		ck_assert_msg(st.start == want[i], "region '%s' at %#lx, not %#lx",
			      st.name, (unsigned long)st.start, want[i]);
	}
}

/*
 * Each region without a start goes to the lowest room that fits it, in
 * the policy's order: a smaller one after a larger one still finds the
 * gap the larger one skipped, touching regions count as one, and
 * alignment leaves gaps, even of one page, that a later region fills.
 */
START_TEST(placement_order)
{
	static const struct {
		const char *cma;
		unsigned long start[5];
	} cases[] = {
		{ "f=1M@0x100000;a=2M;b=1M;c=1M",
		  { 0x100000, 0x200000, 0, 0x400000 } },
		{ "f=1M@0x100000;g=1M@0x200000;a=2M;b=1M",
		  { 0x100000, 0x200000, 0x300000, 0 } },
		{ "a=1M/2M;b=1M/2M;c=1M/2M;d=1M;e=1M/2M",
		  { 0, 0x200000, 0x400000, 0x100000, 0x600000 } },
		/* a's alignment leaves one page after f, which b takes. */
		{ "z=1M;f=0x101000@0x100000;a=1M/8K;b=4K",
		  { 0, 0x100000, 0x202000, 0x201000 } },
	};
	unsigned int i, n;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cma_ctx *ctx = make(cases[i].cma, "cam=a");

		n = 1;
		for (const char *c = cases[i].cma; *c; c++)
			n += *c == ';';
		assert_starts(ctx, cases[i].start, n);
		cma_ctx_destroy(ctx);
	}
}
END_TEST

/* A region that needs no less room than the last goes no lower. */
START_TEST(placement_across_banks)
{
	static const unsigned long want[] = {
		0x80000000UL, 0x80100000UL, 0x10000000UL, 0x80200000UL,
		0x10040000UL,
	};
	struct cma_ctx_config cfg = { two_banks, 2 };
	struct cma_ctx *ctx;

	ck_assert_int_eq(cma_ctx_from_cmdline_config(&ctx,
			 "a=1M;b=1M;c=256K;d=1M;e=256K", "cam=a", &cfg), 0);
	assert_starts(ctx, want, 5);
	cma_ctx_destroy(ctx);
}
END_TEST

/*
 * Overlaps are found by one sweep in address order, each region against
 * the one before it that reaches furthest; the one told is the first, in
 * the policy's order, found to overlap one defined before it, named with
 * that one, as cmacc tells it.
 */
START_TEST(overlap_named)
{
	static const char *const cases[][3] = {
		/* m and d lie inside w, which is defined last. */
		{ "d=1M@0x3000000;m=1M@0x1000000;w=64M@0x100000", "d",
		  "region 'w' [0x100000, 0x40fffff] overlaps region 'm' [0x1000000, 0x10fffff]" },
		/* Descending starts; only the last two overlap. */
		{ "a=1M@0x9000000;b=1M@0x7000000;c=2M@0x1000000;d=1M@0x1100000",
		  "a",
		  "region 'd' [0x1100000, 0x11fffff] overlaps region 'c' [0x1000000, 0x11fffff]" },
		/* Nested: y lies inside z. */
		{ "p=1M@0x40000000;y=1M@0x2000000;z=64M@0x1000000", "p",
		  "region 'z' [0x1000000, 0x4ffffff] overlaps region 'y' [0x2000000, 0x20fffff]" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cma_ctx *ctx;
		char map[16];

		snprintf(map, sizeof(map), "cam=%s", cases[i][1]);
		ck_assert_int_eq(cma_ctx_from_cmdline(&ctx, cases[i][0], map),
				 -EINVAL);
		ck_assert_str_eq(cma_ctx_error(), cases[i][2]);
	}
}
END_TEST

/* Four threads, each its own chunks, all from one context. */
#define THREADS 4
#define OPS 1000000
#define REGION (64UL << 20)

static atomic_uchar owner[REGION / PAGE];
static struct cma_ctx *shared;
static const char *const kinds[] = { NULL, "raw", "yuv" };

static void *hammer(void *arg)
{
	unsigned long long seed = (unsigned long long)(uintptr_t)arg * 7919 + 1;
	unsigned long live[64], sizes[64];
	long bad = 0;
	int n = 0, i;

	for (i = 0; i < OPS; i++) {
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		if (n < 64 && (n == 0 || (seed >> 40) % 2)) {
			unsigned long size = PAGE * (1 + (seed >> 20) % 16);
			unsigned long p = cma_ctx_alloc(shared, "cam",
							kinds[(seed >> 8) % 3],
							size, 0);
			unsigned long k;

			if (CMA_IS_ERR_VALUE(p))
				continue;
			/* Claim its pages: one already claimed is an overlap. */
			for (k = 0; k < size / PAGE; k++)
				if (atomic_exchange(&owner[p / PAGE + k], 1))
					bad++;
			live[n] = p;
			sizes[n++] = size;
		} else {
			int j = (seed >> 30) % n;
			unsigned long k;

			if ((seed >> 12) % 4 == 0) {
				/* Another reference, dropped at once. */
				bad += cma_ctx_get(shared, live[j]) != 0;
				bad += cma_ctx_put(shared, live[j]) != 0;
			}
			for (k = 0; k < sizes[j] / PAGE; k++)
				atomic_store(&owner[live[j] / PAGE + k], 0);
			bad += cma_ctx_put(shared, live[j]) != 1;
			live[j] = live[--n];
			sizes[j] = sizes[n];
		}
	}
	while (n--) {
		unsigned long k;

		for (k = 0; k < sizes[n] / PAGE; k++)
			atomic_store(&owner[live[n] / PAGE + k], 0);
		bad += cma_ctx_put(shared, live[n]) != 1;
	}
	return (void *)bad;
}

START_TEST(four_threads)
{
	pthread_t t[THREADS];
	struct cma_region_state st;
	void *bad;
	int i;

	/* Two regions from address 0, filling the owner map between them. */
	ck_assert_int_eq(cma_ctx_from_cmdline(&shared, "a=32M;b=32M:buddy",
					      "cam/*=a,b"), 0);
	for (i = 0; i < THREADS; i++)
		pthread_create(&t[i], NULL, hammer, (void *)(uintptr_t)i);
	for (i = 0; i < THREADS; i++) {
		pthread_join(t[i], &bad);
		ck_assert_ptr_eq(bad, NULL);
	}
	/* Everything put back: every region whole again. */
	for (i = 0; i < 2; i++) {
		ck_assert_int_eq(cma_ctx_region_state(shared, i, &st), 0);
		ck_assert_uint_eq(st.chunks, 0);
		ck_assert_uint_eq(st.free_bytes, st.size);
		ck_assert_uint_eq(st.largest_free, st.size);
	}
	cma_ctx_destroy(shared);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("libcma");
	TCase *tc = tcase_create("api");

	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, top_of_the_address_space);
	tcase_add_test(tc, alloc_get_put);
	tcase_add_test(tc, alloc_errors);
	tcase_add_test(tc, alignment);
	tcase_add_test(tc, first_rule_wins_and_fallback);
	tcase_add_test(tc, patterns);
	tcase_add_test(tc, info_bounds);
	tcase_add_test(tc, refused_policies);
	tcase_add_test(tc, reader_words_are_cmaccs);
	tcase_add_test(tc, allocator_that_never_serves);
	tcase_add_test(tc, info_saturates);
	tcase_add_test(tc, unknown_allocator_is_unusable);
	tcase_add_test(tc, placement_in_banks);
	tcase_add_test(tc, overlap_named);
	tcase_add_test(tc, placement_order);
	tcase_add_test(tc, placement_across_banks);
	tcase_add_test(tc, four_threads);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
