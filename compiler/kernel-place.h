/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef CMACC_KERNEL_PLACE_H
#define CMACC_KERNEL_PLACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct compilation;

/* Where the --target kernel puts one region's pool. */
struct kernel_place {
	uint64_t start, size;
	size_t order;		/* of a dynamic pool, in the kernel's turn */
	bool fixed;		/* it gives its start */
	bool tried;		/* the kernel places it */
	bool placed;		/* a fixed one, or a dynamic one with room */
	bool dropped;		/* past the kernel's MAX_RESERVED_REGIONS */
};

/* drivers/of/of_reserved_mem.c: the reserved nodes the kernel keeps */
#define MAX_RESERVED_REGIONS 64

/*
 * One entry per region of c's policy (free() the array), placed as
 * today's kernel places /reserved-memory pools among the banks and the
 * carve-outs; with no banks, no dynamic pool is placed.
 */
struct kernel_place *kernel_placement(struct compilation *c);

#endif
