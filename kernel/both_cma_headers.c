// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Built with cma.ko and never loaded: proof that a driver can include
 * today's <linux/cma.h>, whose cma_alloc() is another function, and
 * cmatools' driver header together.  <linux/cma.h> comes first; the
 * 2010 calls then go by their cma2010_ names.
 */
#include <linux/cma.h>
#include <linux/device.h>

#include "../include/cma_driver.h"

unsigned long both_cma_headers(const struct device *dev,
			       const struct cma *area);

unsigned long both_cma_headers(const struct device *dev,
			       const struct cma *area)
{
	struct cma_info info;

	if (cma2010_info(&info, dev, NULL))
		return cma_get_size(area);
	return cma2010_alloc(dev, NULL, info.total_size, 0);
}
