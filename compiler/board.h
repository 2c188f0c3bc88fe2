/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The board's own device tree (--board) for -O dtb and -O dtso: the
 * device nodes the policy's rules take.
 */
#ifndef CMACC_BOARD_H
#define CMACC_BOARD_H

#include <stddef.h>
#include <stdint.h>

struct compilation;
struct strbuf;

/* A device node that a rule takes, by its path in the board's tree. */
struct claim {
	char *path;
	int node;	/* its offset in the board's blob */
	size_t rule;
};

struct board {
	struct srcfile *file;
	const void *fdt;
	struct claim *claims;	/* in the tree's order */
	size_t nclaims, claims_cap;
};

/*
 * Reads and checks --board, and matches its devices to c's rules,
 * warning of rules that take none: 0, or -1 with an error reported.
 */
int board_read(struct compilation *c, struct board *b);
void board_free(struct board *b);

/*
 * The dev_name() the kernel gives the platform device of the node at
 * stack[depth], stack[0..depth-1] being its ancestors from the root.
 */
void board_device_name(const void *fdt, const int *stack, int depth,
		       struct strbuf *name);

/*
 * Is buf a whole device tree blob libfdt can read safely: 0, or a libfdt
 * error (-FDT_ERR_BADVERSION before version 16).
 */
int board_check_blob(const void *buf, size_t len);

/* A #address-cells or #size-cells of a node, or dflt. */
uint32_t board_cells(const void *fdt, int node, const char *name,
		     uint32_t dflt);

#endif /* CMACC_BOARD_H */
