// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * -O dtb --board=FILE.dtb: the board's own device tree with the policy
 * in it.  Each region becomes a "shared-dma-pool" child of
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
	int parent;		/* /reserved-memory in the board, or < 0 */
	uint32_t na, ns;
	uint32_t *phandles;	/* one a region */
};

/* One region as a pool; a libfdt error, or 1 when it cannot be one. */
static int add_pool(struct compilation *c, const struct board *b, void *fdt,
		    const struct pools *pl, size_t i)
{
	const struct policy *p = &c->policy;
	const struct region *r = &p->regions[i];
	uint64_t size = 0, start = 0;
	bool fixed = r->has_start && r->start, ok = true;
	struct strbuf prop = { 0 }, name = { 0 };
	size_t j;
	int err;

	region_size(r, p->page_size, &size);
	if (fixed)
		region_start(r, p->page_size, &start);
	sb_puts(&name, r->name);
	if (fixed)
		sb_printf(&name, "@%" PRIx64, start);
	if (pl->parent >= 0 &&
	    fdt_subnode_offset(b->fdt, pl->parent, name.buf) >= 0) {
		diag(&c->diags, CHECK_BOARD_TREE, r->name_pos, NULL,
		     "the board already has /reserved-memory/%s", name.buf);
		err = 1;
		goto out;
	}
	err = fdt_begin_node(fdt, name.buf);
	if (!err)
		err = fdt_property_string(fdt, "compatible", "shared-dma-pool");
	if (!err && r->reusable)
		err = fdt_property(fdt, "reusable", NULL, 0);
	if (!err && r->no_map)
		err = fdt_property(fdt, "no-map", NULL, 0);
	if (!err && fixed) {
		ok = put_cells(&prop, pl->na, start) &&
		     put_cells(&prop, pl->ns, size);
		err = fdt_property(fdt, "reg", prop.buf, (int)prop.len);
	} else if (!err) {
		ok = put_cells(&prop, pl->ns, size);
		err = fdt_property(fdt, "size", prop.buf, (int)prop.len);
		prop.len = 0;
		if (r->has_align) {
			ok = ok && put_cells(&prop, pl->na,
					     region_alignment(r, p->page_size));
			if (!err)
				err = fdt_property(fdt, "alignment", prop.buf,
						   (int)prop.len);
			prop.len = 0;
		}
		for (j = 0; j < r->nranges; j++) {
			struct addr_range a = r->ranges[j];

			ok = ok && put_cells(&prop, pl->na, a.base) &&
			     put_cells(&prop, pl->ns, a.size);
		}
		if (!err && prop.len)
			err = fdt_property(fdt, "alloc-ranges", prop.buf,
					   (int)prop.len);
	}
	if (!err && (long)i == policy_default_region(p))
		err = fdt_property(fdt, "linux,cma-default", NULL, 0);
	if (!err)
		err = fdt_property_u32(fdt, "phandle", pl->phandles[i]);
	if (!err)
		err = fdt_end_node(fdt);
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

static int add_pools(struct compilation *c, const struct board *b, void *fdt,
		     const struct pools *pl)
{
	size_t i;
	int err = 0;

	for (i = 0; !err && i < c->policy.nregions; i++)
		err = add_pool(c, b, fdt, pl, i);
	return err;
}

/* A /reserved-memory for a board without one, in the root's cells. */
static int add_reserved_memory(struct compilation *c, const struct board *b,
			       void *fdt, const struct pools *pl)
{
	int err = fdt_begin_node(fdt, "reserved-memory");

	if (!err)
		err = fdt_property_u32(fdt, "#address-cells", pl->na);
	if (!err)
		err = fdt_property_u32(fdt, "#size-cells", pl->ns);
	if (!err)
		err = fdt_property(fdt, "ranges", NULL, 0);
	if (!err)
		err = add_pools(c, b, fdt, pl);
	return err ? err : fdt_end_node(fdt);
}

/* A claimed device's memory-region: the rule's regions, in order. */
static int add_memory_region(void *fdt, const struct pools *pl,
			     const struct rule *r)
{
	struct strbuf prop = { 0 }, names = { 0 };
	size_t j;
	int err;

	for (j = 0; j < r->ntargets; j++) {
		fdt32_t be = cpu_to_fdt32(pl->phandles[r->targets[j].region]);

		sb_add(&prop, (char *)&be, sizeof(be));
		sb_add(&names, r->targets[j].name,
		       strlen(r->targets[j].name) + 1);
	}
	err = fdt_property(fdt, "memory-region", prop.buf, (int)prop.len);
	if (!err && r->ntargets > 1)
		err = fdt_property(fdt, "memory-region-names", names.buf,
				   (int)names.len);
	sb_free(&prop);
	sb_free(&names);
	return err;
}

/*
 * What goes after a node's own properties: a claimed device's
 * memory-region, /reserved-memory's pools before its other children,
 * or, for a board without /reserved-memory, one as the root's first
 * child.
 */
static int after_properties(struct compilation *c, const struct board *b,
			    void *fdt, const struct pools *pl, int node,
			    const struct claim *claim)
{
	int err = 0;

	if (claim)
		err = add_memory_region(fdt, pl, &c->policy.rules[claim->rule]);
	if (!err && node == pl->parent)
		err = add_pools(c, b, fdt, pl);
	if (!err && node == 0 && pl->parent < 0)
		err = add_reserved_memory(c, b, fdt, pl);
	return err;
}

/*
 * The board with the pools and memory-regions, into buf of size bytes,
 * written in one pass over the board's tree: editing it in place moves
 * the blob's tail on each property, which costs its size per device.
 */
static int copy_tree(struct compilation *c, const struct board *b, void *buf,
		     int size, const struct pools *pl)
{
	const void *in = b->fdt;
	const struct claim *claim = NULL;
	size_t next_claim = 0;
	int offset = 0, next, pending = -1, i, err;
	uint32_t tag;

	err = fdt_create(buf, size);
	for (i = 0; !err && i < fdt_num_mem_rsv(in); i++) {
		uint64_t addr, len;

		err = fdt_get_mem_rsv(in, i, &addr, &len);
		if (!err)
			err = fdt_add_reservemap_entry(buf, addr, len);
	}
	if (!err)
		err = fdt_finish_reservemap(buf);
	for (; !err; offset = next) {
		tag = fdt_next_tag(in, offset, &next);
		if (pending >= 0 && tag != FDT_PROP && tag != FDT_NOP) {
			err = after_properties(c, b, buf, pl, pending, claim);
			pending = -1;
			if (err)
				break;
		}
		if (tag == FDT_END)
			break;
		if (tag == FDT_BEGIN_NODE) {
			err = fdt_begin_node(buf, fdt_get_name(in, offset, NULL));
			pending = offset;
			claim = next_claim < b->nclaims &&
				b->claims[next_claim].node == offset ?
				&b->claims[next_claim++] : NULL;
		} else if (tag == FDT_PROP) {
			const struct fdt_property *prop;
			const char *name;
			int len;

			prop = fdt_get_property_by_offset(in, offset, &len);
			name = fdt_string(in, (int)fdt32_to_cpu(prop->nameoff));
			/* The claim's memory-region replaces the board's. */
			if (claim && pending == claim->node &&
			    (!strcmp(name, "memory-region") ||
			     !strcmp(name, "memory-region-names")))
				continue;
			err = fdt_property(buf, name, prop->data, len);
		} else if (tag == FDT_END_NODE) {
			err = fdt_end_node(buf);
		}
	}
	if (!err)
		err = fdt_finish(buf);
	if (!err)
		fdt_set_boot_cpuid_phys(buf, fdt_boot_cpuid_phys(in));
	return err;
}

static int build(struct compilation *c, const struct board *b, void *buf,
		 int size)
{
	const struct policy *p = &c->policy;
	struct pools pl = { 0 };
	uint32_t phandle;
	size_t i;
	int err;

	pl.parent = fdt_path_offset(b->fdt, "/reserved-memory");
	pl.na = board_cells(b->fdt, pl.parent >= 0 ? pl.parent : 0,
			    "#address-cells", 2);
	pl.ns = board_cells(b->fdt, pl.parent >= 0 ? pl.parent : 0,
			    "#size-cells", 1);
	/* New phandles past the board's. */
	err = fdt_find_max_phandle(b->fdt, &phandle);
	if (!err && phandle > FDT_MAX_PHANDLE - p->nregions)
		err = -FDT_ERR_NOPHANDLES;
	if (err)
		return err;
	pl.phandles = xcalloc(p->nregions + 1, sizeof(*pl.phandles));
	for (i = 0; i < p->nregions; i++)
		pl.phandles[i] = phandle + 1 + (uint32_t)i;
	err = copy_tree(c, b, buf, size, &pl);
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
