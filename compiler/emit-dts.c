// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * -O dts: the policy in the device tree of today's kernels.  Each region is
 * a "shared-dma-pool" node of /reserved-memory, labelled cma_NAME, with
 * its flags (reusable, unless no_map alone): with "reg" when it gives its
 * start, else "size", and "alignment" and "alloc-ranges" when it gives
 * them (without, the kernel places it anywhere in memory, as the
 * language means); the default region carries "linux,cma-default".  Device nodes are the board's: cmacc knows device
 * names, not paths, so the rules follow as a guide of "memory-region"
 * lines, one per rule, to copy into the nodes they name.
 */
#include <inttypes.h>
#include <string.h>

#include "cmacc.h"

/* v as n cells (1 or 2) of a DTS array; false when it does not fit. */
static bool cells(struct strbuf *out, uint32_t n, uint64_t v)
{
	if (n == 1 && v > UINT32_MAX)
		return false;
	if (n == 2)
		sb_printf(out, "0x%" PRIx64 " ", v >> 32);
	sb_printf(out, "0x%" PRIx64, v & 0xffffffffu);
	return true;
}

/* A pool's label: its name, with '_' for what a label cannot hold. */
void dts_label(struct strbuf *out, const char *name)
{
	sb_puts(out, "cma_");
	for (; *name; name++)
		sb_putc(out, (*name >= 'a' && *name <= 'z') ||
			     (*name >= 'A' && *name <= 'Z') ||
			     (*name >= '0' && *name <= '9') ? *name : '_');
}

bool dts_pool(struct strbuf *out, const struct policy *p, size_t i,
	      uint32_t na, uint32_t ns, int depth)
{
	const struct region *r = &p->regions[i];
	uint64_t size = 0, start = 0, align = region_alignment(r,
							       p->page_size);
	bool fixed = r->has_start && r->start, ok = true;
	size_t j, n = 0;

	/* Checked: the rounded values fit. */
	region_size(r, p->page_size, &size);
	if (fixed)
		region_start(r, p->page_size, &start);
	sb_printf(out, "\n%.*s", depth, "\t\t\t\t");
	dts_label(out, r->name);
	sb_printf(out, ": %s", r->name);
	if (fixed)
		sb_printf(out, "@%" PRIx64, start);
	sb_printf(out, " {\n%.*scompatible = \"shared-dma-pool\";\n",
		  depth + 1, "\t\t\t\t\t");
	if (r->reusable)
		sb_printf(out, "%.*sreusable;\n", depth + 1, "\t\t\t\t\t");
	if (r->no_map)
		sb_printf(out, "%.*sno-map;\n", depth + 1, "\t\t\t\t\t");
	if (fixed) {
		sb_printf(out, "%.*sreg = <", depth + 1, "\t\t\t\t\t");
		ok = cells(out, na, start);
		sb_putc(out, ' ');
		ok = cells(out, ns, size) && ok;
		sb_puts(out, ">;\n");
	} else {
		sb_printf(out, "%.*ssize = <", depth + 1, "\t\t\t\t\t");
		ok = cells(out, ns, size);
		sb_puts(out, ">;\n");
		if (r->has_align) {
			sb_printf(out, "%.*salignment = <", depth + 1,
				  "\t\t\t\t\t");
			ok = cells(out, na, align) && ok;
			sb_puts(out, ">;\n");
		}
		for (j = 0; j < r->nranges; j++) {
			struct addr_range a = r->ranges[j];

			if (n++)
				sb_printf(out, ",\n%.*s<", depth + 2,
					  "\t\t\t\t\t\t");
			else
				sb_printf(out, "%.*salloc-ranges = <",
					  depth + 1, "\t\t\t\t\t");
			ok = cells(out, na, a.base) && ok;
			sb_putc(out, ' ');
			ok = cells(out, ns, a.size) && ok;
			sb_putc(out, '>');
		}
		if (n)
			sb_puts(out, ";\n");
	}
	if ((long)i == policy_default_region(p))
		sb_printf(out, "%.*slinux,cma-default;\n", depth + 1,
			  "\t\t\t\t\t");
	sb_printf(out, "%.*s};\n", depth, "\t\t\t\t");
	return ok;
}

static void emit_guide(const struct rule *r, struct strbuf *out)
{
	size_t i;

	sb_puts(out, "//");
	for (i = 0; i < r->npatterns; i++) {
		const struct pattern *pt = &r->patterns[i];

		if (!pt->dev)
			continue;	/* an orphan kind matches nothing */
		sb_printf(out, "%s %s", i ? "," : "", pt->dev);
		if (!pt->kind)
			sb_puts(out, " (no kind)");
		else if (!strcmp(pt->kind, "*"))
			sb_puts(out, " (any kind)");
		else
			sb_printf(out, " (kind %s)", pt->kind);
	}
	sb_puts(out, ":\n//\tmemory-region = ");
	for (i = 0; i < r->ntargets; i++) {
		sb_puts(out, i ? ", <&" : "<&");
		dts_label(out, r->targets[i].name);
		sb_putc(out, '>');
	}
	sb_puts(out, ";\n");
}

int emit_dts(struct compilation *c, struct strbuf *out)
{
	const struct policy *p = &c->policy;
	size_t i;

	sb_printf(out, "// The CMA regions of %s as reserved memory, made by cmacc.\n"
		  "/dts-v1/;\n\n/ {\n\t#address-cells = <2>;\n"
		  "\t#size-cells = <2>;\n\n\treserved-memory {\n"
		  "\t\t#address-cells = <2>;\n\t\t#size-cells = <2>;\n"
		  "\t\tranges;\n", c->files[0]->name);
	for (i = 0; i < p->nregions; i++)
		dts_pool(out, p, i, 2, 2, 2);
	sb_puts(out, "\t};\n};\n");
	if (!p->nrules)
		return 0;
	sb_puts(out, "\n// The rules, in order, for the board's device nodes (cmacc knows\n"
		"// device names, not paths): copy each memory-region line into the\n"
		"// node of the device it names.  Today's kernels give a device its\n"
		"// first region; the others are for drivers that ask by index.\n");
	for (i = 0; i < p->nrules; i++)
		emit_guide(&p->rules[i], out);
	return 0;
}
