/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * libcma: the CMA runtime in userspace (libcma(3)).
 *
 * A context holds a policy (from a table that cmacc wrote, or from the
 * cma= and cma_map= parameters) and the regions it describes, and hands
 * out chunks of them as the 2010 driver API did: the first rule whose
 * pattern matches the device and kind wins, and its regions are tried in
 * order.  Every call may be made from any thread at any time.
 */
#ifndef CMA_H
#define CMA_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stddef.h>
#endif

#ifdef __cplusplus
extern "C" {
#endif

struct cma_ctx;

struct cma_info {
	unsigned long lower_bound;	/* the lowest address */
	unsigned long upper_bound;	/* one past the highest */
	unsigned long total_size;
	unsigned count;			/* regions */
};

/* cma_ctx_alloc()'s errors are negative errnos cast to unsigned long. */
#define CMA_IS_ERR_VALUE(x) ((unsigned long)(x) >= (unsigned long)-4095)

/* A range of memory that regions without a start may be placed in. */
struct cma_ctx_bank {
	unsigned long start, size;
};

struct cma_ctx_config {
	const struct cma_ctx_bank *banks;	/* tried in this order */
	unsigned nbanks;			/* 0: all of memory */
};

/*
 * Make a context: 0, or a negative errno with *ctx NULL and the reason in
 * cma_ctx_error().  A policy that cmacc would reject with an error is
 * refused here with the same reason.
 */
int cma_ctx_from_table(struct cma_ctx **ctx, const void *table, size_t len);
int cma_ctx_from_cmdline(struct cma_ctx **ctx, const char *cma,
			 const char *cma_map);
int cma_ctx_from_table_config(struct cma_ctx **ctx, const void *table,
			      size_t len, const struct cma_ctx_config *config);
int cma_ctx_from_cmdline_config(struct cma_ctx **ctx, const char *cma,
				const char *cma_map,
				const struct cma_ctx_config *config);
void cma_ctx_destroy(struct cma_ctx *ctx);

/* Why this thread's last cma_ctx_from_*() failed, or "". */
const char *cma_ctx_error(void);

/*
 * A chunk of at least size bytes at a multiple of alignment (0: a page),
 * page aligned in any case, holding one reference: its address, or
 * -EINVAL (size 0, alignment not a power of two, dev NULL or ""), -ENOENT
 * (no rule takes the request) or -ENOMEM (no listed region has room).
 */
unsigned long cma_ctx_alloc(struct cma_ctx *ctx, const char *dev,
			    const char *kind, unsigned long size,
			    unsigned long alignment);
/*
 * One more reference to the chunk at addr: 0, -ENOENT (no chunk starts
 * there) or -EOVERFLOW (it has 2^32 - 1 already: counts never wrap).
 */
int cma_ctx_get(struct cma_ctx *ctx, unsigned long addr);
/* One reference less: 1 when that freed the chunk, 0, or -ENOENT. */
int cma_ctx_put(struct cma_ctx *ctx, unsigned long addr);
/* The regions (dev, kind) may get memory from: 0, -EINVAL or -ENOENT. */
int cma_ctx_info(struct cma_ctx *ctx, struct cma_info *info, const char *dev,
		 const char *kind);

/* A region's state, for tools (capacity planning, tests). */
struct cma_region_state {
	const char *name;
	const char *allocator;	/* NULL: none by that name: unusable */
	unsigned long start, size;
	unsigned long free_bytes, largest_free, chunks;
};

/* The number of regions; region i's state: 0 or -ENOENT past the last. */
unsigned cma_ctx_region_count(const struct cma_ctx *ctx);
int cma_ctx_region_state(struct cma_ctx *ctx, unsigned i,
			 struct cma_region_state *state);

#ifdef __cplusplus
}
#endif

#endif /* CMA_H */
