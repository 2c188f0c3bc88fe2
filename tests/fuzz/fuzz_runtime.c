// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libcma driven by an operation stream.  The input is a cma= value, a
 * newline, a cma_map= value, a newline, then four bytes an operation
 * (alloc, get, put, info).  A model of the live chunks is kept beside the
 * context, and after every step the context must agree with it: chunks
 * aligned, inside a region of the rule, never overlapping; reference
 * counts exact; each region's free bytes and chunk count what the live
 * chunks leave.  At the end every chunk is put and every region must be
 * whole again.
 */
#include <errno.h>

#include "fuzz.h"
#include "cma.h"

#define MAX_LIVE 256
#define PAGE 4096ul

struct live {
	unsigned long addr, size;	/* size: rounded up to the page */
	unsigned int refs, region;
};

static const char *const devs[] = { "cam", "vpu", "x", NULL };
static const char *const kinds[] = { NULL, "a", "b" };

static unsigned int region_of(struct cma_ctx *ctx, unsigned long addr,
			      unsigned long size)
{
	unsigned int i, n = cma_ctx_region_count(ctx);
	struct cma_region_state st;

	for (i = 0; i < n; i++) {
		FUZZ_ASSERT(!cma_ctx_region_state(ctx, i, &st));
		if (addr >= st.start && addr - st.start < st.size &&
		    size <= st.size - (addr - st.start))
			return i;
	}
	FUZZ_ASSERT(!"a chunk outside every region");
	return 0;
}

static void check_regions(struct cma_ctx *ctx, const struct live *live,
			  unsigned int n)
{
	unsigned int i, k, count = cma_ctx_region_count(ctx);
	struct cma_region_state st;

	for (i = 0; i < count; i++) {
		unsigned long used = 0, chunks = 0;

		FUZZ_ASSERT(!cma_ctx_region_state(ctx, i, &st));
		for (k = 0; k < n; k++)
			if (live[k].region == i) {
				used += live[k].size;
				chunks++;
			}
		FUZZ_ASSERT(st.chunks == chunks);
		if (!st.allocator)
			continue;
		FUZZ_ASSERT(st.free_bytes <= st.size - used);
		FUZZ_ASSERT(st.largest_free <= st.free_bytes);
		/* bf gives exactly the pages asked for. */
		if (!strcmp(st.allocator, "bf"))
			FUZZ_ASSERT(st.free_bytes == st.size - used);
	}
}

static void do_alloc(struct cma_ctx *ctx, const uint8_t *op,
		     struct live *live, unsigned int *n)
{
	const char *dev = devs[op[1] % 4], *kind = kinds[(op[1] >> 2) % 3];
	unsigned long size = ((unsigned long)(op[2] | op[3] << 8) + 1) * 1024;
	unsigned long align = op[1] >> 4 ? 1ul << (8 + (op[1] >> 4)) : 0;
	unsigned long a, want, at_least = align > PAGE ? align : PAGE;
	unsigned int k;

	if (*n == MAX_LIVE)
		return;
	a = cma_ctx_alloc(ctx, dev, kind, size, align);
	if (CMA_IS_ERR_VALUE(a)) {
		struct cma_info info;
		long e = (long)a;

		/* No device (or no name), as the 2010 code refuses it. */
		if (!dev || !*dev) {
			FUZZ_ASSERT(e == -EINVAL);
			FUZZ_ASSERT(cma_ctx_info(ctx, &info, dev, kind) ==
				    -EINVAL);
			return;
		}
		/* No rule for the request, or no room in its regions. */
		FUZZ_ASSERT(e == -ENOENT || e == -ENOMEM);
		FUZZ_ASSERT((e == -ENOENT) ==
			    (cma_ctx_info(ctx, &info, dev, kind) == -ENOENT));
		return;
	}
	FUZZ_ASSERT(dev && *dev);
	FUZZ_ASSERT(a % at_least == 0);
	want = (size + PAGE - 1) / PAGE * PAGE;
	for (k = 0; k < *n; k++)
		FUZZ_ASSERT(a + want <= live[k].addr ||
			    live[k].addr + live[k].size <= a);
	live[*n].addr = a;
	live[*n].size = want;
	live[*n].refs = 1;
	live[*n].region = region_of(ctx, a, want);
	++*n;
}

/* A live chunk by the byte, or (odd bytes past the live) an address that is none. */
static unsigned long pick(const uint8_t *op, const struct live *live,
			  unsigned int n, unsigned int *k)
{
	*k = n ? op[1] % n : 0;
	if (n && !(op[2] & 1))
		return live[*k].addr;
	*k = n;
	return n ? live[op[1] % n].addr + PAGE / 2 : PAGE;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *end = data + size, *nl1, *nl2, *op;
	struct live live[MAX_LIVE];
	struct cma_ctx *ctx;
	unsigned int n = 0, k;
	char *cma, *map;

	nl1 = memchr(data, '\n', size);
	nl2 = nl1 ? memchr(nl1 + 1, '\n', (size_t)(end - nl1 - 1)) : NULL;
	if (!nl2)
		return 0;
	cma = strndup((const char *)data, (size_t)(nl1 - data));
	map = strndup((const char *)nl1 + 1, (size_t)(nl2 - nl1 - 1));
	if (cma_ctx_from_cmdline(&ctx, cma, map)) {
		FUZZ_ASSERT(!ctx && *cma_ctx_error());
		goto out;
	}
	for (op = nl2 + 1; end - op >= 4; op += 4) {
		unsigned long addr;
		struct cma_info info;
		int ret;

		switch (op[0] % 4) {
		case 0:
			do_alloc(ctx, op, live, &n);
			break;
		case 1:
			addr = pick(op, live, n, &k);
			ret = cma_ctx_get(ctx, addr);
			FUZZ_ASSERT(ret == (k < n ? 0 : -ENOENT));
			if (k < n)
				live[k].refs++;
			break;
		case 2:
			addr = pick(op, live, n, &k);
			ret = cma_ctx_put(ctx, addr);
			if (k == n) {
				FUZZ_ASSERT(ret == -ENOENT);
				break;
			}
			FUZZ_ASSERT(ret == (live[k].refs == 1));
			if (--live[k].refs == 0)
				live[k] = live[--n];
			break;
		default:
			ret = cma_ctx_info(ctx, &info, devs[op[1] % 4],
					   kinds[(op[1] >> 2) % 3]);
			FUZZ_ASSERT(devs[op[1] % 4] ? ret == 0 || ret == -ENOENT :
				    ret == -EINVAL);
			if (!ret) {
				FUZZ_ASSERT(info.count <= cma_ctx_region_count(ctx));
				FUZZ_ASSERT(info.lower_bound <= info.upper_bound);
			}
		}
		check_regions(ctx, live, n);
	}
	while (n) {
		FUZZ_ASSERT(cma_ctx_put(ctx, live[n - 1].addr) ==
			    (live[n - 1].refs == 1));
		if (--live[n - 1].refs == 0)
			n--;
	}
	check_regions(ctx, live, 0);
	for (k = 0; k < cma_ctx_region_count(ctx); k++) {
		struct cma_region_state st;

		FUZZ_ASSERT(!cma_ctx_region_state(ctx, k, &st));
		FUZZ_ASSERT(!st.allocator || st.free_bytes == st.size);
	}
	cma_ctx_destroy(ctx);
out:
	free(cma);
	free(map);
	return 0;
}
