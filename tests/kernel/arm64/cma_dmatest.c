// SPDX-License-Identifier: GPL-2.0
/*
 * A driver as a board's drivers are written, for the arm64 boot test of
 * cmacc -O dtb: it binds to "cmatools,dma-test" nodes and, for each
 * region its node's memory-region lists, in order, takes that region for
 * the device (of_reserved_mem_device_init_by_idx()) and allocates from it
 * with dma_alloc_coherent(); a node with none allocates as any device
 * does, from the default CMA area.  Each allocation is written to, and
 * where it lies printed for the test to compare with the pools the
 * kernel created:
 *
 *	cma-dmatest: DEVICE INDEX ADDRESS	(INDEX -1: no memory-region)
 */
#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/of_reserved_mem.h>
#include <linux/platform_device.h>
#include <linux/string.h>

/* Over a page, so that it comes from CMA, not the page allocator. */
#define CHUNK_SIZE (64 * 1024)

static int alloc_one(struct device *dev, int index)
{
	dma_addr_t dma;
	void *p = dma_alloc_coherent(dev, CHUNK_SIZE, &dma, GFP_KERNEL);

	if (!p) {
		pr_err("cma-dmatest: %s %d no memory\n", dev_name(dev), index);
		return -ENOMEM;
	}
	memset(p, 0xa5, CHUNK_SIZE);
	pr_info("cma-dmatest: %s %d %pad\n", dev_name(dev), index, &dma);
	dma_free_coherent(dev, CHUNK_SIZE, p, dma);
	return 0;
}

static int dmatest_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct device_node *np = dev->of_node;
	int n = of_count_phandle_with_args(np, "memory-region", NULL);
	int i, ret = 0;

	if (n <= 0)
		return alloc_one(dev, -1);
	for (i = 0; i < n && !ret; i++) {
		ret = of_reserved_mem_device_init_by_idx(dev, np, i);
		if (ret)
			pr_err("cma-dmatest: %s %d cannot take region: %d\n",
			       dev_name(dev), i, ret);
		else
			ret = alloc_one(dev, i);
		of_reserved_mem_device_release(dev);
	}
	return ret;
}

static const struct of_device_id dmatest_of_match[] = {
	{ .compatible = "cmatools,dma-test" },
	{ }
};
MODULE_DEVICE_TABLE(of, dmatest_of_match);

static struct platform_driver dmatest_driver = {
	.probe = dmatest_probe,
	.driver = {
		.name = "cma-dmatest",
		.of_match_table = dmatest_of_match,
	},
};
module_platform_driver(dmatest_driver);

MODULE_DESCRIPTION("DMA allocations from the regions cmacc -O dtb gives devices");
MODULE_LICENSE("GPL");
