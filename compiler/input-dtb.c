// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The device-tree front end (-I dtb), read with libfdt as the kernel
 * reads the flattened tree at boot (drivers/of/fdt.c,
 * of_reserved_mem.c): /memory nodes are the banks; /memreserve/ entries
 * and the reg of /reserved-memory children that are not pools are
 * carve-outs; each "shared-dma-pool" child is a region, with its reg
 * (a start), size, alignment, alloc-ranges and flags; the pool with
 * linux,cma-default is the default region (a last rule that takes every
 * request); and each device node's memory-region list is a rule for the
 * device's dev_name(), in order.  Positions are node offsets: diagnostics
 * name the node's path.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "board.h"
#include "cmacc.h"
#include "../runtime/cmdline.h"

#define MAX_DEPTH 64

struct dtb_reader {
	struct compilation *c;
	struct srcfile *f;
	const void *fdt;
	uint32_t na, ns;	/* the root's cells, as the kernel reads them */
	int reserved;		/* /reserved-memory, or < 0 */
	/* Pools by phandle, for memory-region: sorted after reading. */
	struct pool_ref {
		uint32_t phandle;
		long region;	/* -1: a reserved node that is no pool */
		int node;
	} *refs;
	size_t nrefs, refs_cap;
	long default_region;
	int default_node;
};

static struct srcpos at_node(const struct dtb_reader *d, int node)
{
	return srcpos_at(d->f, (size_t)fdt_off_dt_struct(d->fdt) + (size_t)node, 1);
}

static uint64_t cells_at(const fdt32_t *p, uint32_t n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 32 | fdt32_to_cpu(*p++);
	return v;
}

/*
 * A property of n cells (n > 2 cannot be read into 64 bits); false,
 * with the property reported, when it is not that long.
 */
static bool read_cells_prop(struct dtb_reader *d, int node, const char *prop,
			uint32_t n, uint64_t *v)
{
	int len;
	const fdt32_t *p = fdt_getprop(d->fdt, node, prop, &len);

	if (!p)
		return false;
	if (n < 1 || n > 2 || len != (int)(4 * n)) {
		diag(&d->c->diags, CHECK_BOARD_TREE, at_node(d, node), NULL,
		     "%s is %d bytes, and #%s-cells = <%u> makes it %u: the kernel refuses the node",
		     prop, len, strcmp(prop, "size") ? "address" : "size", n,
		     4 * n);
		return false;
	}
	*v = cells_at(p, n);
	return true;
}

/* Each (address, size) pair of a property, through fn; false if malformed. */
static bool for_each_pair(struct dtb_reader *d, int node, const char *prop,
			  void (*fn)(struct dtb_reader *, int, size_t,
				     uint64_t, uint64_t, void *),
			  void *arg)
{
	int len, i, entry = (int)(d->na + d->ns);
	const fdt32_t *p = fdt_getprop(d->fdt, node, prop, &len);

	if (!p)
		return true;
	if (d->na < 1 || d->na > 2 || d->ns < 1 || d->ns > 2 ||
	    len % (4 * entry)) {
		diag(&d->c->diags, CHECK_BOARD_TREE, at_node(d, node), NULL,
		     "%s is %d bytes, not a whole number of (address, size) pairs of %u and %u cells: the kernel skips the node",
		     prop, len, d->na, d->ns);
		return false;
	}
	for (i = 0; i < len / 4; i += entry)
		fn(d, node, (size_t)(i / entry), cells_at(p + i, d->na),
		   cells_at(p + i + d->na, d->ns), arg);
	return true;
}

static bool available(const void *fdt, int node)
{
	const char *s = fdt_getprop(fdt, node, "status", NULL);

	return !s || !strcmp(s, "okay") || !strcmp(s, "ok");
}

/*
 * A name for the k-th of a node's ranges: the node's, then "name#k";
 * a byte a source's string cannot hold (a node name may have any but
 * '\0') becomes '_'.
 */
static char *entry_name(const char *node, size_t k)
{
	struct strbuf sb = { 0 };

	for (; *node; node++)
		sb_putc(&sb, *node > ' ' && *node <= '~' && *node != '"' &&
			     *node != '\\' ? *node : '_');
	if (!sb.len)
		sb_puts(&sb, "reserved");
	if (k)
		sb_printf(&sb, "#%zu", k);
	return sb.buf;
}

static void add_bank(struct dtb_reader *d, int node, size_t k, uint64_t base,
		     uint64_t size, void *reserved)
{
	struct policy *p = &d->c->policy;
	struct bank *b;

	if (!size)
		return;
	b = reserved ? policy_add_reserved(p) : policy_add_bank(p);
	b->name = entry_name(fdt_get_name(d->fdt, node, NULL), k);
	b->pos = b->name_pos = b->base_pos = b->size_pos = at_node(d, node);
	b->has_base = b->has_size = true;
	b->base = base;
	b->size = size;
	b->is_node = reserved && !k;
}

/*
 * The memory the kernel takes from the tree (early_init_dt_scan_memory()):
 * root children whose device_type is "memory", by linux,usable-memory
 * if they have it, else by reg.
 */
static void read_memory(struct dtb_reader *d)
{
	int node;

	fdt_for_each_subnode(node, d->fdt, 0) {
		const char *type = fdt_getprop(d->fdt, node, "device_type", NULL);

		if (!type || strcmp(type, "memory") || !available(d->fdt, node))
			continue;
		for_each_pair(d, node,
			      fdt_getprop(d->fdt, node, "linux,usable-memory",
					  NULL) ? "linux,usable-memory" : "reg",
			      add_bank, NULL);
	}
}

static void add_range(struct dtb_reader *d, int node, size_t k, uint64_t base,
		      uint64_t size, void *region)
{
	struct addr_range *a = region_add_range(region);

	(void)k;
	a->base = base;
	a->size = size;
	a->pos = at_node(d, node);
}

/* The first reg entry is the pool; the kernel reserves the others too. */
static void add_pool_reg(struct dtb_reader *d, int node, size_t k,
			 uint64_t base, uint64_t size, void *region)
{
	struct region *r = region;

	if (k) {
		add_bank(d, node, k, base, size, d);
		return;
	}
	r->has_start = r->has_size = true;
	r->start = base;
	r->size = size;
}

/*
 * The region's name: the letters and digits of the node's name without
 * its unit address (a region's name is a command line's too), then of
 * the whole name, then a number, until it names no other region.
 */
static char *pool_name(struct dtb_reader *d, int node)
{
	const char *name = fdt_get_name(d->fdt, node, NULL);
	size_t n = strcspn(name, "@"), i;
	struct strbuf sb = { 0 };
	unsigned int k = 2;

	for (i = 0; i < n; i++)
		if (cma_cl_is_name_char(name[i]))
			sb_putc(&sb, name[i]);
	if (!sb.len || policy_find(&d->c->policy, sb.buf) >= 0)
		for (; name[i]; i++)
			if (cma_cl_is_name_char(name[i]))
				sb_putc(&sb, name[i]);
	if (!sb.len)
		sb_puts(&sb, "pool");
	for (n = sb.len; policy_find(&d->c->policy, sb.buf) >= 0; k++) {
		sb.len = n;
		sb_printf(&sb, "%u", k);
	}
	return sb.buf;
}

static void add_ref(struct dtb_reader *d, int node, long region)
{
	const fdt32_t *ph = fdt_getprop(d->fdt, node, "phandle", NULL);

	if (!ph)
		ph = fdt_getprop(d->fdt, node, "linux,phandle", NULL);
	if (!ph)
		return;
	VEC_RESERVE(d->refs, d->nrefs, d->refs_cap);
	d->refs[d->nrefs].phandle = fdt32_to_cpu(*ph);
	d->refs[d->nrefs].region = region;
	d->refs[d->nrefs++].node = node;
}

static void read_pool(struct dtb_reader *d, int node)
{
	struct policy *p = &d->c->policy;
	struct region *r = policy_add_region(p);
	struct srcpos at = at_node(d, node);
	uint64_t v;

	r->name = pool_name(d, node);
	r->pos = r->name_pos = r->size_pos = r->start_pos = at;
	r->align_pos = r->alloc_pos = r->params_pos = at;
	r->reusable = fdt_getprop(d->fdt, node, "reusable", NULL) != NULL;
	r->no_map = fdt_getprop(d->fdt, node, "no-map", NULL) != NULL;
	if (r->reusable)
		r->reusable_pos = at;
	if (r->no_map)
		r->no_map_pos = at;
	policy_index_region(p, p->nregions - 1);
	add_ref(d, node, (long)(p->nregions - 1));
	if (fdt_getprop(d->fdt, node, "reg", NULL)) {
		if (!for_each_pair(d, node, "reg", add_pool_reg, r))
			r->broken = true;
	} else if (read_cells_prop(d, node, "size", d->ns, &v)) {
		r->has_size = true;
		r->size = v;
		if (read_cells_prop(d, node, "alignment", d->na, &v)) {
			r->has_align = true;
			r->align = v;
		} else if (fdt_getprop(d->fdt, node, "alignment", NULL)) {
			r->broken = true;
		}
		if (!for_each_pair(d, node, "alloc-ranges", add_range, r))
			r->broken = true;
	} else {
		diag(&d->c->diags, CHECK_BOARD, at, NULL,
		     "pool %s has neither reg nor a size the kernel can read: the kernel skips it",
		     fdt_get_name(d->fdt, node, NULL));
		r->broken = true;
	}
	if (!r->reusable && !r->no_map) {
		diag(&d->c->diags, CHECK_UNREPRESENTABLE, at, NULL,
		     "pool %s is neither reusable nor no-map: a mapped coherent pool, which cmacc's language cannot say",
		     fdt_get_name(d->fdt, node, NULL));
		r->broken = true;
	}
	/* rmem_cma_setup(): the last default pool wins. */
	if (r->reusable && !r->no_map &&
	    fdt_getprop(d->fdt, node, "linux,cma-default", NULL)) {
		if (d->default_region >= 0) {
			diag(&d->c->diags, CHECK_BOARD, at, NULL,
			     "a second linux,cma-default pool: the kernel makes this one the default area, and %s an area like any other",
			     fdt_get_name(d->fdt, d->default_node, NULL));
			diag_note(&d->c->diags, at_node(d, d->default_node),
				  "the first default pool");
		}
		d->default_region = (long)(p->nregions - 1);
		d->default_node = node;
	}
}

/*
 * /reserved-memory, which the kernel ignores whole unless its cells are
 * the root's and it has ranges (__reserved_mem_check_root()).
 */
static void read_reserved(struct dtb_reader *d)
{
	int node;

	d->reserved = fdt_path_offset(d->fdt, "/reserved-memory");
	if (d->reserved < 0)
		return;
	if (board_cells(d->fdt, d->reserved, "#address-cells", 0) != d->na ||
	    board_cells(d->fdt, d->reserved, "#size-cells", 0) != d->ns ||
	    !fdt_getprop(d->fdt, d->reserved, "ranges", NULL)) {
		diag(&d->c->diags, CHECK_BOARD, at_node(d, d->reserved), NULL,
		     "the kernel ignores /reserved-memory: it needs #address-cells = <%u>, #size-cells = <%u> (the root's) and ranges",
		     d->na, d->ns);
		d->reserved = -1;
		return;
	}
	fdt_for_each_subnode(node, d->fdt, d->reserved) {
		if (!available(d->fdt, node))
			continue;
		if (!fdt_node_check_compatible(d->fdt, node, "shared-dma-pool")) {
			read_pool(d, node);
			continue;
		}
		add_ref(d, node, -1);
		if (fdt_getprop(d->fdt, node, "reg", NULL))
			for_each_pair(d, node, "reg", add_bank, d);
		else if (fdt_getprop(d->fdt, node, "size", NULL))
			diag(&d->c->diags, CHECK_BOARD, at_node(d, node), NULL,
			     "%s is reserved memory the kernel places itself: cmacc does not know where it lands, and leaves it out",
			     fdt_get_name(d->fdt, node, NULL));
	}
}

static int by_phandle(const void *a, const void *b)
{
	const struct pool_ref *x = a, *y = b;

	return x->phandle < y->phandle ? -1 : x->phandle > y->phandle;
}

static const struct pool_ref *find_ref(const struct dtb_reader *d,
				       uint32_t phandle)
{
	struct pool_ref key = { .phandle = phandle };

	return d->nrefs ? bsearch(&key, d->refs, d->nrefs, sizeof(key),
				  by_phandle) : NULL;
}

/* A device's memory-region list as a rule for its dev_name(). */
static void read_device(struct dtb_reader *d, const int *stack, int depth,
			struct strbuf *name)
{
	struct policy *p = &d->c->policy;
	int node = stack[depth], len, i;
	const fdt32_t *list = fdt_getprop(d->fdt, node, "memory-region", &len);
	struct rule *rule = NULL;

	if (!list || !available(d->fdt, node))
		return;
	for (i = 0; i < len / 4; i++) {
		uint32_t ph = fdt32_to_cpu(list[i]);
		const struct pool_ref *ref = find_ref(d, ph);
		struct target *t;

		if (!ref) {
			diag(&d->c->diags, CHECK_BOARD_TREE, at_node(d, node),
			     NULL, "memory-region entry %d is phandle %#x, which is no node of /reserved-memory",
			     i, ph);
			continue;
		}
		if (ref->region < 0) {
			diag(&d->c->diags, CHECK_MEMORY_REGION, at_node(d, node),
			     NULL, "memory-region entry %d is %s, reserved memory that is no shared-dma-pool: its driver must map it itself, and cmacc leaves it out of the rule",
			     i, fdt_get_name(d->fdt, ref->node, NULL));
			continue;
		}
		if (!rule) {
			struct pattern *pt;

			board_device_name(d->fdt, stack, depth, name);
			rule = policy_add_rule(p);
			rule->pos = at_node(d, node);
			pt = rule_add_pattern(rule);
			pt->dev = xstrdup(name->buf);
			pt->pos = rule->pos;
		}
		t = rule_add_target(rule);
		t->name = xstrdup(p->regions[ref->region].name);
		t->pos = rule->pos;
	}
}

static void read_devices(struct dtb_reader *d)
{
	struct strbuf name = { 0 };
	int stack[MAX_DEPTH], node, depth = 0;

	stack[0] = 0;
	for (node = fdt_next_node(d->fdt, 0, &depth); node >= 0 && depth > 0;
	     node = fdt_next_node(d->fdt, node, &depth)) {
		if (depth >= MAX_DEPTH)
			continue;
		stack[depth] = node;
		read_device(d, stack, depth, &name);
	}
	sb_free(&name);
}

/* The default pool serves every request no rule takes: a last rule. */
static void add_default_rule(struct dtb_reader *d)
{
	struct policy *p = &d->c->policy;
	struct rule *rule;
	struct pattern *pt;
	struct target *t;

	if (d->default_region < 0)
		return;
	rule = policy_add_rule(p);
	rule->pos = at_node(d, d->default_node);
	pt = rule_add_pattern(rule);
	pt->dev = xstrdup("*");
	pt->kind = xstrdup("*");
	pt->pos = rule->pos;
	t = rule_add_target(rule);
	t->name = xstrdup(p->regions[d->default_region].name);
	t->pos = rule->pos;
}

/* A cma= in the tree's bootargs replaces the default pool (rmem_cma_setup()). */
static void check_bootargs(struct dtb_reader *d)
{
	int chosen = fdt_path_offset(d->fdt, "/chosen");
	const char *args = chosen >= 0 ?
			   fdt_getprop(d->fdt, chosen, "bootargs", NULL) : NULL;
	const char *cma = args ? strstr(args, "cma=") : NULL;

	while (cma && cma != args && cma[-1] != ' ')
		cma = strstr(cma + 1, "cma=");
	if (cma && d->default_region >= 0)
		diag(&d->c->diags, CHECK_BOARD, at_node(d, chosen), NULL,
		     "bootargs give %.*s, so the kernel bypasses the default pool %s and makes its default area from the command line",
		     (int)strcspn(cma, " "), cma,
		     fdt_get_name(d->fdt, d->default_node, NULL));
}

void read_dtb_source(struct compilation *c, struct srcfile *f)
{
	struct dtb_reader d = { .c = c, .f = f, .fdt = f->buf,
				.default_region = -1 };
	struct policy *p = &c->policy;
	uint64_t base, size;
	int err, i;

	f->binary = true;
	f->fdt = true;
	p->has_regions = true;
	p->has_map = true;
	p->from_tree = true;
	err = board_check_blob(f->buf, f->len);
	if (err) {
		f->fdt = false;
		diag(&c->diags, CHECK_BOARD_TREE, srcpos_at(f, 0, 0), NULL,
		     "not a device tree blob (libfdt: %s): -I dtb reads a .dtb, as dtc -O dtb writes it",
		     fdt_strerror(err));
		return;
	}
	d.na = board_cells(d.fdt, 0, "#address-cells", 2);
	d.ns = board_cells(d.fdt, 0, "#size-cells", 1);
	read_memory(&d);
	for (i = 0; i < fdt_num_mem_rsv(d.fdt); i++)
		if (!fdt_get_mem_rsv(d.fdt, i, &base, &size) && size) {
			struct bank *b = policy_add_reserved(p);
			struct strbuf name = { 0 };

			sb_printf(&name, "memreserve#%d", i);
			b->name = name.buf;
			b->pos = b->name_pos = b->base_pos = b->size_pos =
				srcpos_at(f, (size_t)fdt_off_mem_rsvmap(d.fdt) +
					     (size_t)i * 16, 16);
			b->has_base = b->has_size = true;
			b->base = base;
			b->size = size;
		}
	read_reserved(&d);
	if (d.nrefs)
		qsort(d.refs, d.nrefs, sizeof(*d.refs), by_phandle);
	read_devices(&d);
	add_default_rule(&d);
	check_bootargs(&d);
	free(d.refs);
}
