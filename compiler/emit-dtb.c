// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * -O dtb --board=FILE.dtb: the board's own device tree with the policy
 * in it.  Each region becomes a reusable "shared-dma-pool" child of
 * /reserved-memory, as -O dts writes it; each device node a rule takes
 * (board.c) gets the rule's regions as "memory-region" (with
 * "memory-region-names" when there are several), in fallback order.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "board.h"
#include "cmacc.h"

/* Cells of one value, 1 or 2 of them; false when it does not fit. */
static bool put_cells(struct strbuf *prop, uint32_t cells, uint64_t v)
{
	fdt32_t be[2];

	if (cells == 1 && v > UINT32_MAX)
		return false;
	be[0] = cpu_to_fdt32((uint32_t)(v >> 32));
	be[1] = cpu_to_fdt32((uint32_t)v);
	sb_add(prop, cells == 1 ? (char *)&be[1] : (char *)be, 4 * cells);
	return true;
}

struct pools {
	int parent;		/* /reserved-memory */
	uint32_t na, ns;
	uint32_t *phandles;	/* one a region */
};

/* One region as a pool, in fdt; a libfdt error, or 1 when it cannot. */
static int add_pool(struct compilation *c, void *fdt, struct pools *pl,
		    size_t i, uint32_t phandle)
{
	const struct policy *p = &c->policy;
	const struct region *r = &p->regions[i];
	uint64_t size = 0, start = 0;
	bool fixed = r->has_start && r->start, ok = true;
	struct strbuf prop = { 0 }, name = { 0 };
	size_t j;
	int node, err;

	region_size(r, p->page_size, &size);
	if (fixed)
		region_start(r, p->page_size, &start);
	sb_puts(&name, r->name);
	if (fixed)
		sb_printf(&name, "@%" PRIx64, start);
	node = fdt_add_subnode(fdt, pl->parent, name.buf);
	if (node == -FDT_ERR_EXISTS) {
		diag(&c->diags, CHECK_BOARD_TREE, r->name_pos, NULL,
		     "the board already has /reserved-memory/%s", name.buf);
		err = 1;
		goto out;
	}
	err = node < 0 ? node : 0;
	if (!err)
		err = fdt_setprop_string(fdt, node, "compatible",
					 "shared-dma-pool");
	if (!err)
		err = fdt_setprop_empty(fdt, node, "reusable");
	if (!err && fixed) {
		ok = put_cells(&prop, pl->na, start) &&
		     put_cells(&prop, pl->ns, size);
		err = fdt_setprop(fdt, node, "reg", prop.buf, (int)prop.len);
	} else if (!err) {
		ok = put_cells(&prop, pl->ns, size);
		err = fdt_setprop(fdt, node, "size", prop.buf, (int)prop.len);
		prop.len = 0;
		ok = ok && put_cells(&prop, pl->na,
				     region_alignment(r, p->page_size));
		if (!err)
			err = fdt_setprop(fdt, node, "alignment", prop.buf,
					  (int)prop.len);
		prop.len = 0;
		for (j = 0; j < p->nbanks; j++)
			ok = ok && put_cells(&prop, pl->na, p->banks[j].base) &&
			     put_cells(&prop, pl->ns, p->banks[j].size);
		if (!err && prop.len)
			err = fdt_setprop(fdt, node, "alloc-ranges", prop.buf,
					  (int)prop.len);
	}
	if (!err && (long)i == policy_default_region(p))
		err = fdt_setprop_empty(fdt, node, "linux,cma-default");
	if (!err)
		err = fdt_setprop_u32(fdt, node, "phandle", phandle);
	if (!err && !ok) {
		diag(&c->diags, CHECK_BOARD_TREE, r->pos, NULL,
		     "region '%s' does not fit the board's /reserved-memory, whose #address-cells is %u and #size-cells %u",
		     r->name, pl->na, pl->ns);
		err = 1;
	}
out:
	sb_free(&prop);
	sb_free(&name);
	return err;
}

/* The board with the pools and memory-regions, into buf of size bytes. */
static int build(struct compilation *c, const struct board *b, void *buf,
		 int size)
{
	const struct policy *p = &c->policy;
	struct pools pl = { 0 };
	struct strbuf prop = { 0 }, names = { 0 };
	uint32_t phandle;
	size_t i, j;
	int err;

	err = fdt_open_into(b->fdt, buf, size);
	if (!err) {
		pl.parent = fdt_path_offset(buf, "/reserved-memory");
		if (pl.parent == -FDT_ERR_NOTFOUND) {
			pl.parent = fdt_add_subnode(buf, 0, "reserved-memory");
			if (pl.parent >= 0)
				err = fdt_setprop_u32(buf, pl.parent, "#address-cells",
						      board_cells(buf, 0, "#address-cells", 2));
			if (!err && pl.parent >= 0)
				err = fdt_setprop_u32(buf, pl.parent, "#size-cells",
						      board_cells(buf, 0, "#size-cells", 1));
			if (!err && pl.parent >= 0)
				err = fdt_setprop_empty(buf, pl.parent, "ranges");
		}
		if (pl.parent < 0)
			err = pl.parent;
	}
	if (err)
		return err;
	pl.na = board_cells(buf, pl.parent, "#address-cells", 2);
	pl.ns = board_cells(buf, pl.parent, "#size-cells", 1);
	/*
	 * New phandles past the board's; pools added last first, as each
	 * goes before the others, so that they lie in the policy's order.
	 */
	pl.phandles = xcalloc(p->nregions + 1, sizeof(*pl.phandles));
	err = fdt_find_max_phandle(buf, &phandle);
	for (i = 0; !err && i < p->nregions; i++)
		pl.phandles[i] = phandle + 1 + (uint32_t)i;
	if (!err && phandle > FDT_MAX_PHANDLE - p->nregions)
		err = -FDT_ERR_NOPHANDLES;
	for (i = p->nregions; !err && i > 0; i--)
		err = add_pool(c, buf, &pl, i - 1, pl.phandles[i - 1]);
	for (i = 0; !err && i < b->nclaims; i++) {
		const struct rule *r = &p->rules[b->claims[i].rule];
		int node = fdt_path_offset(buf, b->claims[i].path);

		prop.len = 0;
		names.len = 0;
		for (j = 0; j < r->ntargets; j++) {
			fdt32_t be = cpu_to_fdt32(pl.phandles[r->targets[j].region]);

			sb_add(&prop, (char *)&be, sizeof(be));
			sb_add(&names, r->targets[j].name,
				  strlen(r->targets[j].name) + 1);
		}
		err = node < 0 ? node :
		      fdt_setprop(buf, node, "memory-region", prop.buf,
				  (int)prop.len);
		if (!err && r->ntargets > 1)
			err = fdt_setprop(buf, node, "memory-region-names",
					  names.buf, (int)names.len);
	}
	if (!err)
		err = fdt_pack(buf);
	sb_free(&prop);
	sb_free(&names);
	free(pl.phandles);
	return err;
}

int emit_dtb(struct compilation *c, struct strbuf *out)
{
	struct board b;
	void *buf = NULL;
	int err, size;

	if (board_read(c, &b)) {
		board_free(&b);
		return -1;
	}
	/* Room for the pools and properties, grown until they fit. */
	size = (int)b.file->len;
	do {
		free(buf);
		if (size > INT32_MAX / 2) {
			err = -FDT_ERR_NOSPACE;
			break;
		}
		size *= 2;
		buf = xmalloc((size_t)size);
		err = build(c, &b, buf, size);
	} while (err == -FDT_ERR_NOSPACE);
	if (err < 0)
		diag(&c->diags, CHECK_BOARD_TREE, srcpos_at(b.file, 0, 0), NULL,
		     "cannot add the pools to the tree: %s", fdt_strerror(err));
	if (!err)
		sb_add(out, buf, fdt_totalsize(buf));
	free(buf);
	board_free(&b);
	return err ? -1 : 0;
}
