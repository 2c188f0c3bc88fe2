// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The board's own device tree (--board), read with libfdt for -O dtb and
 * -O dtso: which device node each rule takes.  A rule takes a node as
 * the runtime would serve a request from the node's dev_name() with no
 * kind.  The kernel names a device from its node
 * (of_device_make_bus_id() in drivers/of/platform.c): the translated
 * address of its "reg", a dot and the node's name, or failing that the
 * node's full name, joined with ':' to its parents' names until one
 * translates.  A wildcard rule whose only region is the default one is
 * left out: a device with no memory-region gets the default area already.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "board.h"
#include "cmacc.h"
#include "../runtime/match.h"

/* Paths the kernel cannot hold are longer than this. */
#define PATH_MAX_LEN 1024
#define MAX_DEPTH 64

static struct srcpos node_pos(const struct board *b, int node)
{
	return srcpos_at(b->file, fdt_off_dt_struct(b->fdt) + node, 1);
}

int board_check_blob(const void *buf, size_t len)
{
	int offset, next = 0, err;
	uint32_t tag;

	/*
	 * Debian's libfdt 1.6.1 fails two ways checking a damaged tree: it
	 * dereferences NULL in some older than version 16 (dtc writes 17),
	 * and loops forever on a property whose length wraps the offset of
	 * the next tag back onto its own.  Those are refused first.
	 */
	if (len > INT32_MAX || len < sizeof(struct fdt_header))
		return -FDT_ERR_TRUNCATED;
	if (fdt_magic(buf) == FDT_MAGIC && fdt_version(buf) < 16)
		return -FDT_ERR_BADVERSION;
	err = fdt_check_header(buf);
	if (err)
		return err;
	if (fdt_totalsize(buf) > len)
		return -FDT_ERR_TRUNCATED;
	do {
		offset = next;
		tag = fdt_next_tag(buf, offset, &next);
		if (next < 0)
			return next;
		if (next <= offset)
			return -FDT_ERR_BADSTRUCTURE;
	} while (tag != FDT_END);
	return fdt_check_full(buf, len);
}

uint32_t board_cells(const void *fdt, int node, const char *name,
		     uint32_t dflt)
{
	const fdt32_t *v = fdt_getprop(fdt, node, name, NULL);

	return v ? fdt32_to_cpu(*v) : dflt;
}

static uint64_t read_cells(const fdt32_t *p, uint32_t n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 32 | fdt32_to_cpu(*p++);
	return v;
}

/*
 * The first address of node's "reg" in the root's space, as
 * of_translate_address() gives it: through each bus's "ranges" (none:
 * not translatable; empty: one to one).  stack[0..depth-1] are the
 * node's ancestors, root first.  Cells past two are not read.
 */
static bool translate(const void *fdt, const int *stack, int depth, int node,
		      uint64_t *addr)
{
	const fdt32_t *reg = fdt_getprop(fdt, node, "reg", NULL);
	uint32_t na = board_cells(fdt, stack[depth - 1], "#address-cells", 2);
	int d;

	if (!reg || na < 1 || na > 2)
		return false;
	*addr = read_cells(reg, na);
	for (d = depth - 1; d > 0; d--) {
		int bus = stack[d], len, i;
		uint32_t pna = board_cells(fdt, stack[d - 1], "#address-cells", 2);
		uint32_t ns = board_cells(fdt, bus, "#size-cells", 1);
		const fdt32_t *r = fdt_getprop(fdt, bus, "ranges", &len);
		int entry = (int)(na + pna + ns);

		if (!r || pna < 1 || pna > 2 || ns > 2)
			return false;
		for (i = 0; len > 0 && i + entry <= len / 4; i += entry) {
			uint64_t child = read_cells(r + i, na);
			uint64_t parent = read_cells(r + i + na, pna);
			uint64_t size = read_cells(r + i + na + pna, ns);

			if (*addr >= child && *addr - child < size) {
				*addr = parent + (*addr - child);
				break;
			}
		}
		if (len > 0 && i + entry > len / 4)
			return false;
		na = pna;
	}
	return true;
}

/* The node's name without its unit address. */
static int name_length(const char *name)
{
	const char *at = strchr(name, '@');

	return at ? (int)(at - name) : (int)strlen(name);
}

/* The dev_name() the kernel gives the platform device of a node. */
void board_device_name(const void *fdt, const int *stack, int depth,
			struct strbuf *name)
{
	struct strbuf part = { 0 };
	uint64_t addr;

	name->len = 0;
	for (; depth > 0; depth--) {
		int node = stack[depth];
		const char *n = fdt_get_name(fdt, node, NULL);
		const fdt32_t *mask = fdt_getprop(fdt, node, "mask", NULL);

		part.len = 0;
		if (translate(fdt, stack, depth, node, &addr)) {
			sb_printf(&part, "%" PRIx64 ".", addr);
			if (mask)
				sb_printf(&part, "%d.",
					  __builtin_ffs((int)fdt32_to_cpu(*mask)) - 1);
			sb_printf(&part, "%.*s", name_length(n), n);
		} else {
			sb_puts(&part, n);
		}
		if (name->len)
			sb_printf(&part, ":%s", name->buf);
		name->len = 0;
		sb_puts(name, part.buf);
		if (translate(fdt, stack, depth, node, &addr))
			break;
	}
	sb_free(&part);
}

/*
 * The node's path from its ancestors on the stack: fdt_get_path() walks
 * the tree from its start, which would cost a board's size for each node.
 */
static int node_path(const void *fdt, const int *stack, int depth, char *path,
		     size_t size)
{
	size_t len = 0;
	int d;

	for (d = 1; d <= depth; d++) {
		const char *n = fdt_get_name(fdt, stack[d], NULL);
		size_t nlen = strlen(n);

		if (len + 1 + nlen + 1 > size)
			return -FDT_ERR_NOSPACE;
		path[len++] = '/';
		memcpy(path + len, n, nlen);
		len += nlen;
	}
	path[len] = 0;
	return 0;
}

static bool is_bus(const void *fdt, int node)
{
	static const char *const buses[] = {
		"simple-bus", "simple-mfd", "isa", "arm,amba-bus",
	};
	size_t i;

	for (i = 0; i < sizeof(buses) / sizeof(buses[0]); i++)
		if (!fdt_node_check_compatible(fdt, node, buses[i]))
			return true;
	return false;
}

static bool is_available(const void *fdt, int node)
{
	const char *s = fdt_getprop(fdt, node, "status", NULL);

	return !s || !strcmp(s, "okay") || !strcmp(s, "ok");
}

/*
 * The rules a request from a device with no kind can meet, indexed so
 * that a board's thousands of nodes against a policy's thousands of
 * rules cost n log n: patterns naming one device exactly, sorted by
 * name, and the wildcard patterns in rule order.
 */
struct rule_index {
	struct named_rule {
		const char *dev;
		size_t rule;
	} *exact, *wild;
	size_t nexact, nwild;
};

static bool is_wildcard(const char *pat)
{
	size_t n = strlen(pat);

	return strchr(pat, '?') || (n && pat[n - 1] == '*');
}

static int named_rule_cmp(const void *a, const void *b)
{
	const struct named_rule *x = a, *y = b;
	int d = strcmp(x->dev, y->dev);

	return d ? d : (x->rule > y->rule) - (x->rule < y->rule);
}

static void rule_index_build(struct rule_index *ix, const struct policy *p)
{
	const struct pattern *pt;
	size_t i, n = 0;

	for (i = 0; i < p->nrules; i++)
		n += p->rules[i].npatterns;
	ix->exact = xcalloc(n + 1, sizeof(*ix->exact));
	ix->wild = xcalloc(n + 1, sizeof(*ix->wild));
	ix->nexact = ix->nwild = 0;
	for (i = 0; i < p->nrules; i++)
		for_each_pattern(&p->rules[i], pt) {
			/* Only patterns that take a request with no kind. */
			if (!pt->dev || (pt->kind && !cma_glob_match(pt->kind, "")))
				continue;
			if (is_wildcard(pt->dev))
				ix->wild[ix->nwild++] =
					(struct named_rule){ pt->dev, i };
			else
				ix->exact[ix->nexact++] =
					(struct named_rule){ pt->dev, i };
		}
	qsort(ix->exact, ix->nexact, sizeof(*ix->exact), named_rule_cmp);
}

static void rule_index_free(struct rule_index *ix)
{
	free(ix->exact);
	free(ix->wild);
}

/*
 * The first rule that takes a request from dev with no kind, or -1;
 * *by_name says whether it names dev, not by a wildcard.
 */
static long rule_for(const struct rule_index *ix, const char *dev,
		     bool *by_name)
{
	size_t lo = 0, hi = ix->nexact, i;
	size_t first = SIZE_MAX;

	/* The lowest rule naming dev: the first of its run in the order. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(ix->exact[mid].dev, dev) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < ix->nexact && !strcmp(ix->exact[lo].dev, dev))
		first = ix->exact[lo].rule;
	*by_name = false;
	for (i = 0; i < ix->nwild && ix->wild[i].rule < first; i++)
		if (cma_glob_match(ix->wild[i].dev, dev))
			return (long)ix->wild[i].rule;
	*by_name = first != SIZE_MAX;
	return first == SIZE_MAX ? -1 : (long)first;
}

/*
 * Does the rule give a device more than the default area it has anyway?
 * A rule naming the device says so even with the default alone (as a
 * tree's memory-region does, which cmacc -I dtb reads as such a rule).
 */
static bool rule_worth_writing(const struct policy *p, const struct rule *r,
			       bool by_name)
{
	return by_name || r->ntargets > 1 ||
	       (r->ntargets == 1 &&
		r->targets[0].region != policy_default_region(p));
}

/*
 * The platform devices of the board (children of the root, and of buses
 * below it, that are available and have "compatible"), each matched to
 * the policy's rules; warnings for rules that take none.
 */
static void claim_devices(struct compilation *c, struct board *b)
{
	const struct policy *p = &c->policy;
	bool *used = xcalloc(p->nrules + 1, sizeof(*used));
	struct strbuf name = { 0 };
	int stack[MAX_DEPTH], node, depth = 0;
	char path[PATH_MAX_LEN];
	bool platform[MAX_DEPTH];
	struct rule_index ix;
	size_t i;

	rule_index_build(&ix, p);
	stack[0] = 0;
	platform[0] = true;
	for (node = fdt_next_node(b->fdt, 0, &depth); node >= 0 && depth > 0;
	     node = fdt_next_node(b->fdt, node, &depth)) {
		bool by_name;
		long r;

		if (depth >= MAX_DEPTH)
			continue;
		stack[depth] = node;
		/* A bus's children are devices only if the bus is one. */
		platform[depth] = platform[depth - 1] &&
				  (depth == 1 || is_bus(b->fdt, stack[depth - 1])) &&
				  fdt_getprop(b->fdt, node, "compatible", NULL) &&
				  is_available(b->fdt, node);
		if (!platform[depth] && !is_available(b->fdt, node))
			continue;
		board_device_name(b->fdt, stack, depth, &name);
		r = rule_for(&ix, name.buf, &by_name);
		/*
		 * Other nodes only by a rule that names them: devices their
		 * parent's driver makes, nodes a driver reads memory-region
		 * from itself (as cmacc -I dtb names them).
		 */
		if (r < 0 || (!platform[depth] && !by_name))
			continue;
		used[r] = true;
		if (!rule_worth_writing(p, &p->rules[r], by_name) ||
		    node_path(b->fdt, stack, depth, path, sizeof(path)))
			continue;
		if (fdt_getprop(b->fdt, node, "memory-region", NULL))
			diag(&c->diags, CHECK_BOARD, node_pos(b, node), NULL,
			     "%s (device %s) has a memory-region already; cmacc replaces it with the regions of rule '%.*s'",
			     path, name.buf, (int)p->rules[r].pos.len,
			     p->rules[r].pos.file ?
			     p->rules[r].pos.file->buf + p->rules[r].pos.off : "");
		VEC_RESERVE(b->claims, b->nclaims, b->claims_cap);
		b->claims[b->nclaims].path = xstrdup(path);
		b->claims[b->nclaims].node = node;
		b->claims[b->nclaims++].rule = (size_t)r;
	}
	for (i = 0; i < p->nrules; i++) {
		const struct srcpos *at = &p->rules[i].pos;

		if (!used[i] && at->file)
			diag(&c->diags, CHECK_BOARD, *at, NULL,
			     "rule '%.*s' takes no device of %s", (int)at->len,
			     at->file->buf + at->off, b->file->name);
	}
	sb_free(&name);
	rule_index_free(&ix);
	free(used);
}

/*
 * What the board's tree already holds that the kernel would set against
 * the policy's pools: its own CMA pools, which take areas too, its own
 * default pool (the kernel keeps the last one it meets: one is silently
 * lost), and a cma= in its bootargs, which makes the kernel bypass every
 * linux,cma-default pool (rmem_cma_setup()).
 */
static void check_board_pools(struct compilation *c, const struct board *b)
{
	const struct kernel_target *t = compilation_target(c);
	const struct policy *p = &c->policy;
	long d = policy_default_region(p);
	int parent = fdt_path_offset(b->fdt, "/reserved-memory");
	int chosen = fdt_path_offset(b->fdt, "/chosen");
	const char *args = chosen >= 0 ?
			   fdt_getprop(b->fdt, chosen, "bootargs", NULL) : NULL;
	const char *cma = args ? strstr(args, "cma=") : NULL;
	bool has_default = d >= 0;
	unsigned int pools = 0;
	int node;

	fdt_for_each_subnode(node, b->fdt, parent) {
		if (fdt_node_check_compatible(b->fdt, node, "shared-dma-pool") ||
		    !fdt_getprop(b->fdt, node, "reusable", NULL) ||
		    !is_available(b->fdt, node))
			continue;
		pools++;
		if (!fdt_getprop(b->fdt, node, "linux,cma-default", NULL))
			continue;
		if (d >= 0)
			diag(&c->diags, CHECK_BOARD_TREE, node_pos(b, node), NULL,
			     "/reserved-memory/%s is the board's default CMA pool, and region '%s' would be a second: the kernel keeps one",
			     fdt_get_name(b->fdt, node, NULL),
			     p->regions[d].name);
		has_default = true;
	}
	if (pools && pools + p->nregions + !has_default > t->cma_areas)
		diag(&c->diags, CHECK_CMA_AREAS, node_pos(b, parent), NULL,
		     "the board's %u CMA pools and the policy's %zu regions%s need %zu CMA areas, and %s has room for %u",
		     pools, p->nregions,
		     has_default ? "" : " and the kernel's own default area",
		     pools + p->nregions + !has_default, t->name,
		     t->cma_areas);
	/* cma= as a word of its own, not the end of another parameter. */
	while (cma && cma != args && cma[-1] != ' ')
		cma = strstr(cma + 1, "cma=");
	if (cma && d >= 0) {
		diag(&c->diags, CHECK_BOARD_TREE, node_pos(b, chosen), NULL,
		     "the board's bootargs give %.*s, which makes the kernel bypass the default pool, region '%s'",
		     (int)strcspn(cma, " "), cma, p->regions[d].name);
		diag_note(&c->diags, srcpos_none(),
			  "take cma= out of /chosen/bootargs, or give the policy no default region");
	}
}

int board_read(struct compilation *c, struct board *b)
{
	int err;

	memset(b, 0, sizeof(*b));
	if (!c->opts->board) {
		diag_plain_error(&c->diags, "-O %s needs the board's tree: --board=FILE.dtb",
				 out_formats[c->opts->out].name);
		return -1;
	}
	b->file = compilation_read(c, c->opts->board);
	if (!b->file) {
		diag_plain_error(&c->diags, "cannot read the board's tree %s: %s",
				 c->opts->board, strerror(errno));
		return -1;
	}
	b->file->binary = true;
	b->fdt = b->file->buf;
	err = board_check_blob(b->fdt, b->file->len);
	if (err) {
		diag(&c->diags, CHECK_BOARD_TREE, srcpos_at(b->file, 0, 0), NULL,
		     "not a device tree blob (libfdt: %s): --board wants the board's .dtb, as dtc -O dtb writes it",
		     fdt_strerror(err));
		return -1;
	}
	check_board_pools(c, b);
	claim_devices(c, b);
	return c->diags.errors ? -1 : 0;
}

void board_free(struct board *b)
{
	size_t i;

	for (i = 0; i < b->nclaims; i++)
		free(b->claims[i].path);
	free(b->claims);
}
