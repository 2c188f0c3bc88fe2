// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The canonical command line: ';' between items, no trailing ';', no
 * defaults (@0, an alignment of a page or less, an empty ':'), each number
 * with the largest suffix that divides it, and every "/KIND" written with
 * the device it inherits.  Reading it back gives the same bytes.
 */
#include "cmacc.h"

static void emit_region(const struct policy *p, const struct region *r,
			struct strbuf *out)
{
	sb_printf(out, "%s=", r->name);
	sb_size(out, r->size);
	if (r->has_start && r->start) {
		sb_putc(out, '@');
		sb_size(out, r->start);
	}
	if (r->has_align && r->align > p->page_size) {
		sb_putc(out, '/');
		sb_size(out, r->align);
	}
	if (r->alloc || r->params) {
		sb_putc(out, ':');
		if (r->alloc)
			sb_puts(out, r->alloc);
		if (r->params)
			sb_printf(out, "(%s)", r->params);
	}
}

static void emit_rule(const struct rule *r, struct strbuf *out)
{
	size_t i;

	for (i = 0; i < r->npatterns; i++) {
		const struct pattern *pt = &r->patterns[i];

		if (i)
			sb_putc(out, ',');
		if (pt->dev)
			sb_puts(out, pt->dev);
		if (pt->kind)
			sb_printf(out, "/%s", pt->kind);
	}
	sb_putc(out, '=');
	for (i = 0; i < r->ntargets; i++)
		sb_printf(out, "%s%s", i ? "," : "", r->targets[i].name);
}

void emit_cmdline(const struct policy *p, struct strbuf *out,
		  struct cmdline_layout *layout)
{
	size_t i;

	if (p->nregions) {
		sb_puts(out, "cma=");
		if (layout)
			layout->regions_from = out->len;
		for (i = 0; i < p->nregions; i++) {
			if (i)
				sb_putc(out, ';');
			emit_region(p, &p->regions[i], out);
			if (layout)
				layout->region_end[i] = out->len;
		}
	}
	if (p->nrules) {
		if (p->nregions)
			sb_putc(out, ' ');
		sb_puts(out, "cma_map=");
		if (layout)
			layout->map_from = out->len;
		for (i = 0; i < p->nrules; i++) {
			if (i)
				sb_putc(out, ';');
			emit_rule(&p->rules[i], out);
			if (layout)
				layout->rule_end[i] = out->len;
		}
	}
	if (p->nregions || p->nrules)
		sb_putc(out, '\n');
}
