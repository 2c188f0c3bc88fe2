// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The canonical command line: ';' between items, no trailing ';', no
 * defaults (@0, an alignment of a page or less, an empty ':'), each number
 * with the largest suffix that divides it, and every "/KIND" written with
 * the device it inherits, unless that makes cma_map= longer than the
 * kernel keeps: then every pattern whose device is the one before it is
 * written "/KIND", as the 2010 syntax allows, so that a value that fits
 * as the user wrote it still fits.  Reading it back gives the same bytes.
 */
#include <string.h>

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

/* *last: the device the next "/KIND" would inherit (NULL: none). */
static void emit_rule(const struct rule *r, bool compact, const char **last,
		      struct strbuf *out)
{
	size_t i;

	for (i = 0; i < r->npatterns; i++) {
		const struct pattern *pt = &r->patterns[i];

		if (i)
			sb_putc(out, ',');
		if (pt->dev && !(compact && pt->kind && *last &&
				 !strcmp(pt->dev, *last)))
			sb_puts(out, pt->dev);
		if (pt->kind)
			sb_printf(out, "/%s", pt->kind);
		if (pt->dev)
			*last = pt->dev;
	}
	sb_putc(out, '=');
	for (i = 0; i < r->ntargets; i++)
		sb_printf(out, "%s%s", i ? "," : "", r->targets[i].name);
}

static void emit_map(const struct policy *p, bool compact, struct strbuf *out,
		     struct cmdline_layout *layout)
{
	const char *last = NULL;
	size_t i;

	for (i = 0; i < p->nrules; i++) {
		if (i)
			sb_putc(out, ';');
		emit_rule(&p->rules[i], compact, &last, out);
		if (layout)
			layout->rule_end[i] = out->len;
	}
}

void emit_cmdline(const struct policy *p, struct strbuf *out,
		  struct cmdline_layout *layout)
{
	size_t i, from;

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
		from = out->len;
		emit_map(p, false, out, layout);
		if (out->len - from > CMDLINE_VALUE_MAX) {
			out->len = from;
			out->buf[from] = '\0';
			emit_map(p, true, out, layout);
		}
	}
	if (p->nregions || p->nrules)
		sb_putc(out, '\n');
}

int emit_params(struct compilation *c, struct strbuf *out)
{
	emit_cmdline(&c->policy, out, NULL);
	return 0;
}
