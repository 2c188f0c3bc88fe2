// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * -O dts: the policy in the device tree of today's kernels.  Each region is
 * a reusable "shared-dma-pool" node of /reserved-memory, labelled
 * cma_NAME: with "reg" when it gives its start, else "size", "alignment"
 * and "alloc-ranges" (the declared banks); the default region carries
 * "linux,cma-default".  Device nodes are the board's: cmacc knows device
 * names, not paths, so the rules follow as a guide of "memory-region"
 * lines, one per rule, to copy into the nodes they name.
 */
#include <inttypes.h>
#include <string.h>

#include "cmacc.h"

/* A 64-bit value as two cells, for #address-cells = #size-cells = 2. */
static void cells(struct strbuf *out, uint64_t v)
{
	sb_printf(out, "0x%" PRIx64 " 0x%" PRIx64, v >> 32, v & 0xffffffffu);
}

static void emit_region(const struct policy *p, const struct region *r,
			bool is_default, struct strbuf *out)
{
	uint64_t size = 0, start = 0, align = region_alignment(r,
							       p->page_size);
	bool fixed = r->has_start && r->start;
	size_t i, n = 0;

	/* Checked: the rounded values fit. */
	region_size(r, p->page_size, &size);
	if (fixed)
		region_start(r, p->page_size, &start);
	sb_printf(out, "\n\t\tcma_%s: %s", r->name, r->name);
	if (fixed)
		sb_printf(out, "@%" PRIx64, start);
	sb_puts(out, " {\n\t\t\tcompatible = \"shared-dma-pool\";\n"
		"\t\t\treusable;\n");
	if (fixed) {
		sb_puts(out, "\t\t\treg = <");
		cells(out, start);
		sb_putc(out, ' ');
		cells(out, size);
		sb_puts(out, ">;\n");
	} else {
		sb_puts(out, "\t\t\tsize = <");
		cells(out, size);
		sb_puts(out, ">;\n\t\t\talignment = <");
		cells(out, align);
		sb_puts(out, ">;\n");
		for (i = 0; i < p->nbanks; i++) {
			sb_puts(out, n++ ? ",\n\t\t\t\t<" :
				"\t\t\talloc-ranges = <");
			cells(out, p->banks[i].base);
			sb_putc(out, ' ');
			cells(out, p->banks[i].size);
			sb_putc(out, '>');
		}
		if (n)
			sb_puts(out, ";\n");
	}
	if (is_default)
		sb_puts(out, "\t\t\tlinux,cma-default;\n");
	sb_puts(out, "\t\t};\n");
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
	for (i = 0; i < r->ntargets; i++)
		sb_printf(out, "%s<&cma_%s>", i ? ", " : "", r->targets[i].name);
	sb_puts(out, ";\n");
}

int emit_dts(struct compilation *c, struct strbuf *out)
{
	const struct policy *p = &c->policy;
	long d = policy_default_region(p);
	size_t i;

	sb_printf(out, "// The CMA regions of %s as reserved memory, made by cmacc.\n"
		  "/dts-v1/;\n\n/ {\n\t#address-cells = <2>;\n"
		  "\t#size-cells = <2>;\n\n\treserved-memory {\n"
		  "\t\t#address-cells = <2>;\n\t\t#size-cells = <2>;\n"
		  "\t\tranges;\n", c->files[0]->name);
	for (i = 0; i < p->nregions; i++)
		emit_region(p, &p->regions[i], (long)i == d, out);
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
