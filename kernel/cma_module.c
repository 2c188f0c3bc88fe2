// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * cma.ko: the runtime in the kernel, with the 2010 driver API over one
 * policy.  The policy comes from a cma-table(5) loaded with
 * request_firmware() (table=FILE) or from the cma= and cma_map= module
 * parameters, read by the runtime's own reader.  Its regions must lie in
 * memory the kernel does not use, where regions without a start are
 * placed: on x86, ranges reserved at boot with memmap=SIZE$START; on
 * arm64, no-map children of the device tree's /reserved-memory.
 *
 * Every call may sleep (an alloc may grow a region's index with
 * GFP_KERNEL): call them from process context only.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/firmware.h>
#include <linux/ioport.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/of_address.h>
#include <linux/sizes.h>

#include "../include/cma_driver.h"
#include "../runtime/allocator.h"
#include "cma_trace.h"

static char *table;
module_param(table, charp, 0444);
MODULE_PARM_DESC(table, "a cma-table(5) to load from /lib/firmware");

static char *cma_param;
module_param_named(cma, cma_param, charp, 0444);
MODULE_PARM_DESC(cma, "the regions, as the 2010 cma= boot parameter");

static char *cma_map_param;
module_param_named(cma_map, cma_map_param, charp, 0444);
MODULE_PARM_DESC(cma_map, "the rules, as the 2010 cma_map= boot parameter");

#define MAX_BANKS 16

static struct cma_ctx *policy;
static struct device *fw_dev;
static struct resource **claimed;

struct cma_ctx *cma_policy(void)
{
	return policy;
}
EXPORT_SYMBOL_GPL(cma_policy);

unsigned long cma2010_alloc(const struct device *dev, const char *kind,
			    unsigned long size, unsigned long alignment)
{
	bool traced;
	unsigned long addr;

	if (!dev)
		return (unsigned long)-EINVAL;
	traced = cma_trace_begin();
	addr = cma_ctx_alloc(policy, dev_name(dev), kind, size, alignment);
	if (traced)
		cma_trace_alloc(dev_name(dev), kind, size, alignment, addr);
	return addr;
}
EXPORT_SYMBOL_GPL(cma2010_alloc);

int cma2010_get(unsigned long addr)
{
	bool traced = cma_trace_begin();
	int ret = cma_ctx_get(policy, addr);

	if (traced)
		cma_trace_ref(true, addr, ret);
	return ret;
}
EXPORT_SYMBOL_GPL(cma2010_get);

int cma2010_put(unsigned long addr)
{
	bool traced = cma_trace_begin();
	int ret = cma_ctx_put(policy, addr);

	if (traced)
		cma_trace_ref(false, addr, ret);
	return ret;
}
EXPORT_SYMBOL_GPL(cma2010_put);

int cma2010_info(struct cma_info *info, const struct device *dev,
		 const char *kind)
{
	if (!dev || !info)
		return -EINVAL;
	return cma_ctx_info(policy, info, dev_name(dev), kind);
}
EXPORT_SYMBOL_GPL(cma2010_info);

/* The runtime's own calls, for drivers that keep policies of their own. */
EXPORT_SYMBOL_GPL(cma_ctx_from_table_config);
EXPORT_SYMBOL_GPL(cma_ctx_from_cmdline_config);
EXPORT_SYMBOL_GPL(cma_ctx_from_table);
EXPORT_SYMBOL_GPL(cma_ctx_from_cmdline);
EXPORT_SYMBOL_GPL(cma_ctx_destroy);
EXPORT_SYMBOL_GPL(cma_ctx_error);
EXPORT_SYMBOL_GPL(cma_ctx_alloc);
EXPORT_SYMBOL_GPL(cma_ctx_get);
EXPORT_SYMBOL_GPL(cma_ctx_put);
EXPORT_SYMBOL_GPL(cma_ctx_info);
EXPORT_SYMBOL_GPL(cma_ctx_region_count);
EXPORT_SYMBOL_GPL(cma_ctx_region_state);
/* The allocators, for the self-test's conformance cases. */
EXPORT_SYMBOL_GPL(cma_allocator_at);
#define CMA_ALLOCATOR(name) EXPORT_SYMBOL_GPL(cma_alloc_##name);
#include "../runtime/allocators.def"
#undef CMA_ALLOCATOR

struct banks {
	struct cma_ctx_bank bank[MAX_BANKS];
	unsigned int n;
};

static bool __init overlaps_ram(unsigned long start, unsigned long size)
{
	return region_intersects(start, size, IORESOURCE_SYSTEM_RAM,
				 IORES_DESC_NONE) != REGION_DISJOINT;
}

/*
 * Memory the kernel was told to leave alone.  Firmware reserves a few
 * small ranges too: those under a megabyte, or below the first megabyte,
 * are not taken for placing regions.
 */
static void __init add_bank(struct banks *b, const struct resource *res)
{
	if (resource_size(res) < SZ_1M || res->start < SZ_1M ||
	    b->n == MAX_BANKS || overlaps_ram(res->start, resource_size(res)))
		return;
	b->bank[b->n].start = res->start;
	b->bank[b->n].size = resource_size(res);
	b->n++;
}

/* On x86, memmap=SIZE$START ranges: "Reserved" in iomem. */
static int __init add_reserved(struct resource *res, void *arg)
{
	add_bank(arg, res);
	return 0;
}

/*
 * With a device tree (arm64), no-map children of /reserved-memory: iomem
 * has them as "reserved" too, but with no descriptor to find them by.
 */
static void __init add_nomap(struct banks *b)
{
	struct device_node *parent = of_find_node_by_path("/reserved-memory");
	struct device_node *np;
	struct resource res;

	for_each_available_child_of_node(parent, np)
		if (of_property_read_bool(np, "no-map") &&
		    !of_address_to_resource(np, 0, &res))
			add_bank(b, &res);
	of_node_put(parent);
}

static int __init load_policy(const struct cma_ctx_config *cfg)
{
	const struct firmware *fw;
	int ret;

	if (!table) {
		ret = cma_ctx_from_cmdline_config(&policy, cma_param,
						  cma_map_param, cfg);
		if (ret)
			pr_err("%s\n", cma_ctx_error());
		return ret;
	}
	ret = request_firmware(&fw, table, fw_dev);
	if (ret) {
		pr_err("%s: cannot read the table (error %d): is it in /lib/firmware?\n",
		       table, ret);
		return ret;
	}
	ret = cma_ctx_from_table_config(&policy, fw->data, fw->size, cfg);
	if (ret)
		pr_err("%s: %s\n", table, cma_ctx_error());
	release_firmware(fw);
	return ret;
}

static void release_regions(void)
{
	unsigned int i, n = cma_ctx_region_count(policy);

	for (i = 0; claimed && i < n; i++)
		if (claimed[i])
			release_mem_region(claimed[i]->start,
					   resource_size(claimed[i]));
	kfree(claimed);
	claimed = NULL;
}

/* Each region in memory the kernel leaves alone, and ours alone. */
static int __init claim_regions(void)
{
	unsigned int i, n = cma_ctx_region_count(policy);
	int ret = 0;

	claimed = kcalloc(n, sizeof(*claimed), GFP_KERNEL);
	if (!claimed)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		struct cma_region_state st;

		cma_ctx_region_state(policy, i, &st);
		if (overlaps_ram(st.start, st.size)) {
			if (IS_ENABLED(CONFIG_X86))
				pr_err("region '%s' at %#lx-%#lx overlaps System RAM the kernel uses: reserve it at boot with memmap=%#lx$%#lx\n",
				       st.name, st.start,
				       st.start + st.size - 1, st.size,
				       st.start);
			else
				pr_err("region '%s' at %#lx-%#lx overlaps System RAM the kernel uses: reserve it with a no-map child of /reserved-memory\n",
				       st.name, st.start,
				       st.start + st.size - 1);
			ret = -EBUSY;
			continue;
		}
		claimed[i] = request_mem_region(st.start, st.size, st.name);
		if (!claimed[i]) {
			pr_err("region '%s' at %#lx-%#lx: another driver holds part of it\n",
			       st.name, st.start, st.start + st.size - 1);
			ret = -EBUSY;
		} else if (!st.allocator) {
			pr_notice("region '%s': no allocator has the name the policy gives: it gives no memory\n",
				  st.name);
		}
	}
	if (ret)
		release_regions();
	return ret;
}

static int __init cma_module_init(void)
{
	struct cma_ctx_config cfg = { NULL, 0 };
	struct banks *b;
	int ret;

	if (!table == !(cma_param || cma_map_param)) {
		pr_err("give the policy either as table=FILE or as cma=... cma_map=...\n");
		return -EINVAL;
	}
	b = kzalloc(sizeof(*b), GFP_KERNEL);
	fw_dev = root_device_register(KBUILD_MODNAME);
	if (!b || IS_ERR(fw_dev)) {
		ret = b ? PTR_ERR(fw_dev) : -ENOMEM;
		goto out;
	}
	walk_iomem_res_desc(IORES_DESC_RESERVED, IORESOURCE_MEM, 0, -1, b,
			    add_reserved);
	add_nomap(b);
	cfg.banks = b->bank;
	cfg.nbanks = b->n;
	ret = load_policy(&cfg);
	if (!ret)
		ret = claim_regions();
	if (ret) {
		cma_ctx_destroy(policy);
		policy = NULL;
		goto out;
	}
	cma_trace_init();
	pr_info("%u regions from %s\n", cma_ctx_region_count(policy),
		table ? table : "cma= and cma_map=");
out:
	kfree(b);
	if (ret && !IS_ERR_OR_NULL(fw_dev))
		root_device_unregister(fw_dev);
	return ret;
}

static void __exit cma_module_exit(void)
{
	unsigned int i, n = cma_ctx_region_count(policy);
	unsigned long held = 0;

	for (i = 0; i < n; i++) {
		struct cma_region_state st;

		cma_ctx_region_state(policy, i, &st);
		held += st.chunks;
	}
	if (held)
		pr_notice("%lu chunks still held at unload are lost\n", held);
	cma_trace_exit();
	release_regions();
	cma_ctx_destroy(policy);
	root_device_unregister(fw_dev);
}

module_init(cma_module_init);
module_exit(cma_module_exit);
MODULE_DESCRIPTION("Contiguous Memory Allocator: the 2010 driver API over a checked policy");
MODULE_LICENSE("Dual BSD/GPL");
