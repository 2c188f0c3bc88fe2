// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The canonical command line: ';' between items, no trailing ';', no
 * defaults (@0, an alignment of a page or less, an empty ':'), each number
 * with the largest suffix that divides it (up to G for the 2010 kernel,
 * whose memparse() knows no T), and each pattern as it was written: a
 * "/KIND" stays one, a "DEV/KIND" keeps its device, since the 2010
 * matcher reads the two differently.  Only if that makes cma_map= longer
 * than the kernel keeps is a pattern whose device is the one before it
 * written "/KIND", and for the 2010 kernel only where that kernel reads
 * it the same (see prefix_prone()).  Reading it back gives the same bytes.
 */
#include <string.h>

#include "cmacc.h"

static void put_size(struct strbuf *out, uint64_t v, enum cmdline_kernel k)
{
	char buf[32];

	sb_puts(out, fmt_size_upto(buf, v, k == KERNEL_RUNTIME ? 'E' : 'G'));
}

static void emit_region(const struct policy *p, const struct region *r,
			enum cmdline_kernel k, struct strbuf *out)
{
	sb_printf(out, "%s=", r->name);
	put_size(out, r->size, k);
	if (r->has_start && r->start) {
		sb_putc(out, '@');
		put_size(out, r->start, k);
	}
	if (r->has_align && r->align > p->page_size) {
		sb_putc(out, '/');
		put_size(out, r->align, k);
	}
	if (r->alloc || r->params) {
		sb_putc(out, ':');
		if (r->alloc)
			sb_puts(out, r->alloc);
		if (r->params)
			sb_printf(out, "(%s)", r->params);
	}
}

bool prefix_prone(const char *dev)
{
	size_t literal = 0;

	for (; *dev; dev++)
		literal += *dev != '*';
	return literal >= 2;
}

/* *last: the device the next "/KIND" would inherit (NULL: none). */
static void emit_rule(const struct rule *r, bool compact, enum cmdline_kernel k,
		      const char **last, struct strbuf *out)
{
	size_t i;

	for (i = 0; i < r->npatterns; i++) {
		const struct pattern *pt = &r->patterns[i];
		bool bare = pt->inherited ||
			    (compact && pt->kind && pt->dev && *last &&
			     !strcmp(pt->dev, *last) &&
			     (k == KERNEL_RUNTIME || !prefix_prone(pt->dev)));

		if (i)
			sb_putc(out, ',');
		if (pt->dev && !bare)
			sb_puts(out, pt->dev);
		if (pt->kind)
			sb_printf(out, "/%s", pt->kind);
		else if (bare || !pt->dev)
			sb_putc(out, '/');
		if (pt->dev)
			*last = pt->dev;
	}
	sb_putc(out, '=');
	for (i = 0; i < r->ntargets; i++)
		sb_printf(out, "%s%s", i ? "," : "", r->targets[i].name);
}

static void emit_cma_map(const struct policy *p, bool compact,
		     enum cmdline_kernel k, struct strbuf *out,
		     struct cmdline_layout *layout)
{
	const char *last = NULL;
	size_t i;

	for (i = 0; i < p->nrules; i++) {
		if (i)
			sb_putc(out, ';');
		emit_rule(&p->rules[i], compact, k, &last, out);
		if (layout)
			layout->rule_end[i] = out->len;
	}
}

void emit_cmdline(const struct policy *p, enum cmdline_kernel k,
		  struct strbuf *out, struct cmdline_layout *layout)
{
	size_t i, from;

	if (p->nregions) {
		sb_puts(out, "cma=");
		if (layout)
			layout->regions_from = out->len;
		for (i = 0; i < p->nregions; i++) {
			if (i)
				sb_putc(out, ';');
			emit_region(p, &p->regions[i], k, out);
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
		emit_cma_map(p, false, k, out, layout);
		if (out->len - from > CMDLINE_VALUE_MAX) {
			out->len = from;
			out->buf[from] = '\0';
			emit_cma_map(p, true, k, out, layout);
		}
	}
	if (p->nregions || p->nrules)
		sb_putc(out, '\n');
}

int emit_params(struct compilation *c, struct strbuf *out)
{
	emit_cmdline(&c->policy, c->opts->cmdline_kernel, out, NULL);
	return 0;
}
