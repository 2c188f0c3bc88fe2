/*
 * Running out of memory: the Nth allocation fails, for every N a call
 * makes.  Each time the call fails cleanly (-ENOMEM, or no context) and
 * what was there before stays whole and usable.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "cma.h"
#include "conformance.h"

/*
 * This program's calloc, which the runtime's cma_zalloc() reaches; the
 * real one is the C library's, or AddressSanitizer's in a sanitized
 * build, so that ASan still sees every allocation.  gcc says it builds
 * with ASan through __SANITIZE_ADDRESS__, clang through __has_feature.
 */
#if defined(__has_feature) && !defined(__SANITIZE_ADDRESS__)
#if __has_feature(address_sanitizer)
#define __SANITIZE_ADDRESS__ 1
#endif
#endif
#ifdef __SANITIZE_ADDRESS__
extern void *__interceptor_calloc(size_t n, size_t size);
#define real_calloc __interceptor_calloc
#else
extern void *__libc_calloc(size_t n, size_t size);
#define real_calloc __libc_calloc
#endif

static long countdown;	/* 0: never fail */
static long calls;	/* allocations made */

void *calloc(size_t n, size_t size)
{
	calls++;
	if (countdown > 0 && --countdown == 0)
		return NULL;
	return real_calloc(n, size);
}

static const char regions[] = "a=1M@0x40000000;b=4M:buddy;c=2M";
static const char map[] = "cam/*=a,b;vpu=b,c;*/*=c";

START_TEST(making_a_context)
{
	long n;

	for (n = 1;; n++) {
		struct cma_ctx *ctx = (struct cma_ctx *)1;
		int ret;

		countdown = n;
		ret = cma_ctx_from_cmdline(&ctx, regions, map);
		countdown = 0;
		if (!ret) {
			cma_ctx_destroy(ctx);
			break;
		}
		ck_assert_int_eq(ret, -ENOMEM);
		ck_assert_ptr_null(ctx);
	}
	/* A context takes a few dozen allocations: all were tried. */
	ck_assert_int_gt(n, 10);
}
END_TEST

/* Fill a region with chunks, with the Nth allocation failing each time. */
START_TEST(allocating)
{
	struct cma_ctx *ctx;
	struct cma_region_state st;
	unsigned long live[600];
	int nlive = 0, failures = 0, i;
	long n;

	ck_assert_int_eq(cma_ctx_from_cmdline(&ctx, regions, map), 0);
	for (n = 1; n < 2000 && nlive < 600; n++) {
		unsigned long p;

		countdown = 1 + n % 5;
		p = cma_ctx_alloc(ctx, n % 2 ? "cam" : "vpu", n % 3 ? "raw" : NULL,
				  4096 * (1 + n % 3), 0);
		countdown = 0;
		if (p == (unsigned long)-ENOMEM) {
			failures++;
			continue;
		}
		ck_assert(!CMA_IS_ERR_VALUE(p));
		live[nlive++] = p;
		/* Now and then, a put whose free would have to allocate. */
		if (n % 7 == 0) {
			countdown = 1;
			ck_assert_int_eq(cma_ctx_put(ctx, live[--nlive]), 1);
			countdown = 0;
		}
	}
	ck_assert_int_gt(failures, 100);
	for (i = 0; i < nlive; i++)
		ck_assert_int_eq(cma_ctx_put(ctx, live[i]), 1);
	/* Nothing lost, nothing leaked into the regions. */
	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(cma_ctx_region_state(ctx, i, &st), 0);
		ck_assert_uint_eq(st.chunks, 0);
		ck_assert_uint_eq(st.free_bytes, st.size);
		ck_assert_uint_eq(st.largest_free, st.size);
	}
	cma_ctx_destroy(ctx);
}
END_TEST

/*
 * Every conformance case (tests/conformance/), each allocator, with its
 * Nth allocation failing for every N it makes (for the long random
 * sequences, 500 Ns spread evenly over all it makes, since each run
 * repeats the whole sequence): a case may then report a failed step, but
 * it must end, and (in the sanitized build) leak nothing; without a
 * failure it must pass.
 */
START_TEST(conformance_sequences)
{
	unsigned int i, k, runs = 0;

	for (i = 0; i < cma_conformance_count; i++) {
		const struct cma_conformance_case *cc = &cma_conformance_cases[i];

		for (k = 0; k == 0 || (cc->per_allocator && cma_allocator_at(k)); k++) {
			const struct cma_allocator *a =
				cc->per_allocator ? cma_allocator_at(k) : NULL;
			long total, n, step;

			calls = 0;
			ck_assert_msg(!cc->run(a), "%s fails with memory", cc->name);
			total = calls;
			step = total > 500 ? total / 500 : 1;
			for (n = 1; n <= total; n += step, runs++) {
				countdown = n;
				cc->run(a);
				countdown = 0;
			}
			if (!cc->per_allocator)
				break;
		}
	}
	ck_assert_uint_gt(runs, 100);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("out of memory");
	TCase *tc = tcase_create("libcma");

	tcase_add_test(tc, making_a_context);
	tcase_add_test(tc, allocating);
	tcase_add_test(tc, conformance_sequences);
	tcase_set_timeout(tc, 600);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
