// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The table front end: the runtime's loader checks the table; this file
 * turns it into the model, each element positioned at its record's byte
 * offset, so that every output can be made from a table.
 */
#include <string.h>

#include "cmacc.h"
#include "../runtime/table.h"

void read_table_source(struct compilation *c, struct srcfile *f)
{
	struct policy *p = &c->policy;
	struct cma_table t;
	struct cma_table_error err;
	uint32_t i, j, fp, ft;

	f->binary = true;
	p->has_regions = true;
	if (cma_table_open(&t, f->buf, f->len, &err)) {
		diag(&c->diags, CHECK_TABLE, srcpos_at(f, err.offset, 1), NULL,
		     "%s", cma_table_strerror(err.problem));
		return;
	}
	p->page_size = t.page_size;
	for (i = 0; i < t.nregions; i++) {
		struct region *r = policy_add_region(p);
		struct cma_table_region tr;
		size_t off = t.regions - t.base + (size_t)i * CMA_TABLE_REGION_SIZE;

		cma_table_region(&t, i, &tr);
		r->name = xstrdup(tr.name);
		r->pos = r->name_pos = r->size_pos = srcpos_at(f, off, 1);
		r->start_pos = r->align_pos = r->pos;
		r->alloc_pos = r->params_pos = r->pos;
		r->has_size = true;
		r->size = tr.size;
		r->has_start = tr.start != 0;
		r->start = tr.start;
		r->has_align = tr.align != 0;
		r->align = tr.align;
		r->alloc = tr.allocator ? xstrdup(tr.allocator) : NULL;
		r->params = tr.params ? xstrdup(tr.params) : NULL;
		r->no_map = tr.flags & CMA_TR_NO_MAP;
		r->reusable = !(tr.flags & CMA_TR_NOT_REUSABLE);
		r->no_map_pos = r->reusable_pos = r->pos;
	}
	for (i = 0; i < t.nmemory; i++) {
		struct cma_table_span m;
		struct bank *b;

		cma_table_memory(&t, i, &m);
		b = m.kind == CMA_TM_BANK ? policy_add_bank(p) :
		    policy_add_reserved(p);
		b->name = m.name ? xstrdup(m.name) : NULL;
		b->pos = srcpos_at(f, t.memory - t.base +
				   (size_t)i * CMA_TABLE_MEMORY_SIZE, 1);
		b->name_pos = b->base_pos = b->size_pos = b->pos;
		b->has_base = b->has_size = true;
		b->base = m.base;
		b->size = m.size;
	}
	for (i = 0; i < t.nranges; i++) {
		struct cma_table_span g;
		struct addr_range *a;

		cma_table_range(&t, i, &g);
		a = region_add_range(&p->regions[g.region]);
		a->base = g.base;
		a->size = g.size;
		a->pos = srcpos_at(f, t.ranges - t.base +
				   (size_t)i * CMA_TABLE_RANGE_SIZE, 1);
	}
	p->has_map = t.nrules > 0;
	for (i = 0, fp = 0, ft = 0; i < t.nrules; i++) {
		struct rule *r = policy_add_rule(p);
		uint32_t np, nt;

		cma_table_rule(&t, i, &np, &nt);
		r->pos = srcpos_at(f, t.rules - t.base +
				   (size_t)i * CMA_TABLE_RULE_SIZE, 1);
		for (j = 0; j < np; j++) {
			struct pattern *pt = rule_add_pattern(r);
			const char *dev, *kind;

			cma_table_pattern(&t, fp + j, &dev, &kind);
			pt->dev = dev ? xstrdup(dev) : NULL;
			pt->kind = kind ? xstrdup(kind) : NULL;
			pt->pos = srcpos_at(f, t.patterns - t.base +
					    (size_t)(fp + j) * CMA_TABLE_PATTERN_SIZE, 1);
		}
		for (j = 0; j < nt; j++) {
			struct target *tg = rule_add_target(r);
			uint32_t k = cma_table_target(&t, ft + j);

			tg->name = xstrdup(p->regions[k].name);
			tg->pos = srcpos_at(f, t.targets - t.base +
					    (size_t)(ft + j) * 4, 1);
		}
		fp += np;
		ft += nt;
	}
}
