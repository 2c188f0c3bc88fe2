/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The 2010 CMA driver API, as the cma.ko module exports it (cma_alloc(9)).
 * Build a driver with -I<cmatools>/include and KBUILD_EXTRA_SYMBOLS
 * pointing at the module's Module.symvers.
 *
 * Every call may sleep: call them from process context only.
 */
#ifndef CMA_DRIVER_H
#define CMA_DRIVER_H

#include "cma.h"

struct device;

/*
 * A chunk of at least size bytes at a multiple of alignment (0: a page)
 * for the device (by dev_name()) and kind: its physical address, or
 * -EINVAL, -ENOENT or -ENOMEM cast to unsigned long (IS_ERR_VALUE()).
 */
unsigned long cma2010_alloc(const struct device *dev, const char *kind,
			    unsigned long size, unsigned long alignment);
/* One more reference to the chunk at addr: 0, -ENOENT or -EOVERFLOW. */
int cma2010_get(unsigned long addr);
/* One reference less: 1 when that freed the chunk, 0, or -ENOENT. */
int cma2010_put(unsigned long addr);
/* The regions dev and kind may get memory from: 0 or -ENOENT. */
int cma2010_info(struct cma_info *info, const struct device *dev,
		 const char *kind);

/*
 * The 2010 names, for drivers written for them.  Today's <linux/cma.h>
 * declares a cma_alloc() of its own, another function: a driver that
 * needs both includes <linux/cma.h> first, which leaves these out, and
 * calls the cma2010_ names.
 */
#ifndef __CMA_H__
#define cma_alloc(dev, kind, size, alignment) \
	cma2010_alloc(dev, kind, size, alignment)
#define cma_get(addr) cma2010_get(addr)
#define cma_put(addr) cma2010_put(addr)
#define cma_info(info, dev, kind) cma2010_info(info, dev, kind)
#endif

/* The loaded policy, for tools and the self-test. */
struct cma_ctx *cma_policy(void);

#endif /* CMA_DRIVER_H */
