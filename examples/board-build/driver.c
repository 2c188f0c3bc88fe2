// SPDX-License-Identifier: GPL-2.0
/*
 * A driver that carries libcma and its board's policy (board.c, made by
 * cmacc -O c): at load it builds a context from the table, placing the
 * regions that give no start in the memory range base/size (one that
 * memmap= keeps from the kernel), and logs where each region lies.
 */
#include <linux/module.h>
#include <linux/printk.h>

#include <cma.h>
#include "board.h"

static unsigned long base;
static unsigned long size;
module_param(base, ulong, 0444);
MODULE_PARM_DESC(base, "start of the memory the regions may be placed in");
module_param(size, ulong, 0444);
MODULE_PARM_DESC(size, "its size");

static struct cma_ctx *ctx;

static int __init board_cma_init(void)
{
	struct cma_ctx_bank bank = { base, size };
	struct cma_ctx_config config = { &bank, size ? 1 : 0 };
	struct cma_region_state st;
	unsigned int i;
	int ret;

	ret = cma_ctx_from_table_config(&ctx, board, board_size, &config);
	if (ret) {
		pr_err("board_cma: %s\n", cma_ctx_error());
		return ret;
	}
	for (i = 0; i < cma_ctx_region_count(ctx); i++)
		if (!cma_ctx_region_state(ctx, i, &st))
			pr_info("board_cma: region %s at %#lx, %lu bytes\n",
				st.name, st.start, st.size);
	return 0;
}

static void __exit board_cma_exit(void)
{
	cma_ctx_destroy(ctx);
}

module_init(board_cma_init);
module_exit(board_cma_exit);
MODULE_DESCRIPTION("A board's CMA policy, carried by its driver");
MODULE_LICENSE("GPL");
