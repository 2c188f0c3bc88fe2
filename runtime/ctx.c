// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Contexts: a policy made runnable.  Built from a table or from the two
 * parameters, refusing what cmacc calls an error, into arrays allocated
 * once at their size, with every string in one copy of the source's;
 * then placed, then served: matching a request to its rule, trying the
 * rule's regions in order, and keeping each region's live chunks in an
 * index of its own.
 *
 * Locks: a region's lock guards its allocator and its index, so that an
 * alloc or a put takes one lock, and calls on different regions do not
 * wait on one another.  A put finds the region by the address.  The lock
 * spins, so nothing under it sleeps: the index grows out of it.
 */
/*
 * The runtime builds with hidden symbols (-fvisibility=hidden); what
 * cma.h declares is libcma's API, the one thing it exports.
 */
#pragma GCC visibility push(default)
#include "../include/cma.h"
#pragma GCC visibility pop
#include "allocator.h"
#include "block.h"
#include "cmdline.h"
#include "match.h"
#include "names.h"
#include "place.h"
#include "refusals.h"
#include "table.h"

#define ERR_LEN 256

/*
 * A live chunk, in its region's index; record NULL: an empty slot.  The
 * record is the allocator's block, which keeps the chunk's references:
 * 16 bytes a slot, so that the index at 100,000 chunks is 4 MiB, not 6.
 */
struct ctx_chunk {
	uint64_t addr;
	struct cma_block *record;	/* which the allocator's free takes */
};

struct ctx_region {
	const char *name, *alloc_name, *params;	/* see copied(); NULL: none */
	uint64_t size, start, align;	/* start 0 and !fixed: to be placed */
	bool fixed;
	uint32_t summed;	/* 1 + the last rule sum_rules() counted it in */
	const struct cma_allocator *alloc;	/* NULL: unknown: unusable */
	void *priv;
	struct cma_lock lock;
	/*
	 * The index: open addressing, linear probing, at most half full, so
	 * that no chunk allocates.  mask: slots - 1, or 0 before the first.
	 */
	struct ctx_chunk *slots;
	size_t mask, chunks;
	unsigned int shift;	/* 64 - log2(slots) */
};

/* A rule's patterns and targets run up to the next rule's first ones. */
struct ctx_rule {
	uint32_t first_pattern, first_target;
};

struct ctx_pattern {
	const char *dev, *kind;	/* in ctx->text; NULL: none */
};

struct cma_ctx {
	uint64_t page;
	char *text;		/* a copy of the policy's strings, or NULL (copied()) */
	struct ctx_region *regions;	/* one block with the five arrays below */
	struct ctx_pattern *patterns;
	struct ctx_rule *rules;	/* and one more, past the last rule */
	uint32_t *targets;
	struct cma_info *rule_info;	/* what cma_ctx_info says of each rule */
	struct ctx_region **by_start;	/* the usable regions, by address */
	uint32_t nregions, nrules, npatterns, ntargets;
	uint32_t nusable;
};

static CMA_THREAD_LOCAL char last_error[ERR_LEN];

const char *cma_ctx_error(void)
{
	return last_error;
}

/*
 * What is being built.  A command line is read twice: once to count, so
 * that every array is allocated once at its size, and once to fill them.
 */
struct builder {
	struct cma_ctx *ctx;
	char *text;		/* the copy of the value being read */
	const char *value;	/* the value itself, for the reader's words */
	size_t value_len;
	struct cma_names names;		/* the region names */
	const struct cma_table *table;	/* the table read, if one was */
	int error;
};

/* The first problem found is the one told: it names the field and why. */
static cma_cold __attribute__((format(printf, 3, 4)))
int fail(struct builder *b, int err, const char *fmt, ...)
{
	va_list ap;

	if (!b->error) {
		b->error = err;
		va_start(ap, fmt);
		vsnprintf(last_error, sizeof(last_error), fmt, ap);
		va_end(ap);
	}
	return err;
}

static int oom(struct builder *b)
{
	return fail(b, -ENOMEM, "out of memory");
}

/*
 * The arrays, for the counts in ctx, in one block: those of pointers and
 * 64-bit numbers first, then those of 32-bit ones.  Each offset is where
 * an array ends: the counts are 32 bits, so none overflows.
 */
static int make_arrays(struct builder *b)
{
	struct cma_ctx *c = b->ctx;
	uint64_t regions = (uint64_t)c->nregions * sizeof(*c->regions);
	uint64_t patterns = regions +
			    (uint64_t)c->npatterns * sizeof(*c->patterns);
	uint64_t by_start = patterns +
			    (uint64_t)c->nregions * sizeof(*c->by_start);
	uint64_t info = by_start +
			(uint64_t)c->nrules * sizeof(*c->rule_info);
	uint64_t rules = info + ((uint64_t)c->nrules + 1) * sizeof(*c->rules);
	uint64_t all = rules + (uint64_t)c->ntargets * sizeof(*c->targets);
	char *p = (size_t)all == all ? cma_zalloc((size_t)all) : NULL;

	if (!p)
		return oom(b);
	c->regions = (struct ctx_region *)p;
	c->patterns = (struct ctx_pattern *)(p + regions);
	c->by_start = (struct ctx_region **)(p + patterns);
	c->rule_info = (struct cma_info *)(p + by_start);
	c->rules = (struct ctx_rule *)(p + info);
	c->targets = (uint32_t *)(p + rules);
	c->rules[c->nrules].first_pattern = c->npatterns;
	c->rules[c->nrules].first_target = c->ntargets;
	return 0;
}

static cma_cold const char *region_name(const void *ctx, uint32_t i)
{
	return ((const struct cma_ctx *)ctx)->regions[i].name;
}

/* Files the region names, refusing duplicates. */
static int index_names(struct builder *b)
{
	struct cma_ctx *c = b->ctx;
	struct cma_names *x = &b->names;
	const char *name;
	uint32_t i, filed;

	if (!CMA_CHECKS_TABLE)	/* cmacc refuses a name defined twice */
		return 0;
	x->name_of = region_name;
	x->owner = c;
	for (i = 0; i < c->nregions; i++) {
		name = c->regions[i].name;
		if (cma_names_add(x, name, strlen(name), i, &filed))
			return oom(b);
		if (filed != i)
			return fail(b, -EINVAL, CMA_WHY_DEFINED_TWICE, name);
	}
	return 0;
}

#ifndef CMA_TABLE_ONLY
/* From a command line: the shared reader's events, counted or filed. */

/* The text of s, in the copy, made a string. */
static const char *string_of(struct builder *b, struct cma_span s)
{
	b->text[s.off + s.len] = '\0';
	return b->text + s.off;
}

static cma_cold int on_region(void *priv, const struct cma_cl_region *cr)
{
	struct builder *b = priv;
	struct cma_ctx *c = b->ctx;
	struct ctx_region *r = c->regions ? &c->regions[c->nregions] : NULL;

	if (cr->flags & CMA_REGION_ALIGN &&
	    (!cr->align_val || (cr->align_val & (cr->align_val - 1))))
		return fail(b, -EINVAL, CMA_WHY_ALIGNMENT " (byte %zu of cma=)",
			    string_of(b, cr->name), cr->align.off);
	c->nregions++;
	if (!r)
		return 0;
	r->name = string_of(b, cr->name);
	r->size = cr->size_val;
	r->start = cr->start_val;	/* 0 when not given, as align */
	r->align = cr->align_val;
	if (cr->flags & CMA_REGION_ALLOC)
		r->alloc_name = string_of(b, cr->alloc);
	if (cr->flags & CMA_REGION_PARAMS)
		r->params = string_of(b, cr->params);
	return 0;
}

static cma_cold int on_rule_begin(void *priv, struct cma_span at)
{
	struct builder *b = priv;
	struct cma_ctx *c = b->ctx;

	if (c->rules) {
		c->rules[c->nrules].first_pattern = c->npatterns;
		c->rules[c->nrules].first_target = c->ntargets;
	}
	c->nrules++;
	return 0;
}

static cma_cold int on_pattern(void *priv, const struct cma_cl_pattern *cp)
{
	struct builder *b = priv;
	struct cma_ctx *c = b->ctx;
	struct ctx_pattern *p = c->patterns ? &c->patterns[c->npatterns] : NULL;

	c->npatterns++;
	if (!p)
		return 0;
	if (!(cp->flags & CMA_PATTERN_ORPHAN))
		p->dev = string_of(b, cp->dev);
	if (cp->flags & CMA_PATTERN_KIND)
		p->kind = string_of(b, cp->kind);
	return 0;
}

/* cma= has been filed by now: a target is resolved as it is read. */
static cma_cold int on_target(void *priv, struct cma_span name)
{
	struct builder *b = priv;
	struct cma_ctx *c = b->ctx;
	const char *n;
	long region;

	if (!c->targets) {
		c->ntargets++;
		return 0;
	}
	n = string_of(b, name);
	region = cma_names_find(&b->names, n, strlen(n));
	if (region < 0)
		return fail(b, -EINVAL, CMA_WHY_UNDEFINED " (byte %zu of cma_map=)",
			    n, name.off);
	c->targets[c->ntargets++] = region;
	return 0;
}

/* The reader's words, as cmacc gives them, and where in the value. */
static cma_cold int on_error(void *priv, const struct cma_cl_error *e)
{
	struct builder *b = priv;
	char words[ERR_LEN];

	/* Read as the 2010 kernel reads it; only cmacc warns. */
	if (cma_cl_is_lenient(e->problem))
		return 0;
	cma_cl_describe(e, b->value, b->value_len, words, sizeof(words));
	return fail(b, -EINVAL, "%s (byte %zu of %s)", words, e->at.off,
		    e->where >= CMA_AT_MAP ? "cma_map=" : "cma=");
}

static const struct cma_cl_ops cmdline_ops = {
	.region = on_region,
	.rule_begin = on_rule_begin,
	.pattern = on_pattern,
	.target = on_target,
	.error = on_error,
};
#endif /* CMA_TABLE_ONLY */

/* Region i meets region j, defined before it: both are where they lie. */
static cma_cold int fail_overlap(struct builder *b, uint32_t i, size_t j)
{
	const struct ctx_region *x = &b->ctx->regions[i];
	const struct ctx_region *y = &b->ctx->regions[j];

	return fail(b, -EINVAL, CMA_WHY_OVERLAP, x->name,
		    (unsigned long long)x->start,
		    (unsigned long long)(x->start + (x->size - 1)), y->name,
		    (unsigned long long)y->start,
		    (unsigned long long)(y->start + (y->size - 1)));
}

/* [base, base + size) as a span; size 0 is none.  False when it is none. */
static bool span_of(uint64_t base, uint64_t size, struct cma_bank *s)
{
	if (!size)
		return false;
	s->first = base;
	s->last = base + (size - 1) < base ? UINT64_MAX : base + (size - 1);
	return true;
}

static cma_cold int by_first(const void *a, const void *b)
{
	const struct cma_bank *x = a, *y = b;

	return x->first < y->first ? -1 : x->first > y->first;
}

/*
 * The memory to place in: the caller's banks (tried in its order), else
 * the table's (by address, as cmacc placed them); and the
 * table's carve-outs and each region's ranges.  One array holds them, in
 * that order: *nbanks banks, *nreserved carve-outs, then the ranges.
 */
static struct cma_bank *memory_of(struct builder *b,
				  const struct cma_ctx_config *cfg,
				  struct cma_place_item *items, size_t *nbanks,
				  size_t *nreserved)
{
	const struct cma_table *t = b->table;
	size_t nmemory = t ? t->nmemory : 0, nranges = t ? t->nranges : 0;
	size_t n = (cfg ? cfg->nbanks : 0) + nmemory + nranges;
	struct cma_bank *all = cma_zalloc((n + 1) * sizeof(*all)), *s = all;
	struct cma_table_span m;
	uint32_t i;
	int kind;

	if (!all)
		return NULL;
	for (i = 0; cfg && i < cfg->nbanks; i++)
		s += span_of(cfg->banks[i].start, cfg->banks[i].size, s);
	*nbanks = s - all;
	/* The table's banks, unless the caller gave its own; then its carve-outs. */
	for (kind = *nbanks ? CMA_TM_CARVE_OUT : CMA_TM_BANK;
	     kind <= CMA_TM_CARVE_OUT; kind++) {
		for (i = 0; i < nmemory; i++) {
			cma_table_memory(t, i, &m);
			if (m.kind == (uint32_t)kind)
				s += span_of(m.base, m.size, s);
		}
		if (kind == CMA_TM_BANK) {
			*nbanks = s - all;
			cma_sort(all, *nbanks, sizeof(*all), by_first);
		}
	}
	*nreserved = s - all - *nbanks;
	for (i = 0; i < nranges; i++) {
		cma_table_range(t, i, &m);
		if (!items[m.region].nranges)
			items[m.region].ranges = s;
		items[m.region].nranges++;
		span_of(m.base, m.size, s++);
	}
	return all;
}

/* Sizes and starts rounded as the kernel does, then the placement rule. */
static int place_regions(struct builder *b, const struct cma_ctx_config *cfg)
{
	struct cma_ctx *c = b->ctx;
	struct cma_place_item *items;
	struct cma_bank *memory = NULL;
	size_t nbanks = 0, nreserved = 0;
	uint32_t i;
	int ret = 0;

	items = cma_zalloc(((size_t)c->nregions + 1) * sizeof(*items));
	if (items)
		memory = memory_of(b, cfg, items, &nbanks, &nreserved);
	if (!items || !memory) {
		ret = oom(b);
		goto out;
	}
	for (i = 0; i < c->nregions; i++) {
		struct ctx_region *r = &c->regions[i];

		r->align = r->align > c->page ? r->align : c->page;
		r->fixed = r->start != 0;
		/*
		 * Faults cmacc always refuses: with the table assumed valid,
		 * only the rounding is left.
		 */
		if (CMA_CHECKS_TABLE && !r->size)
			ret = fail(b, -EINVAL, CMA_WHY_SIZE_ZERO, r->name);
		else if (!cma_round_up(r->size, c->page, &r->size) &&
			 CMA_CHECKS_TABLE)
			ret = fail(b, -EINVAL, CMA_WHY_SIZE_WRAPS, r->name);
		else if (r->fixed && !cma_round_up(r->start, r->align, &r->start) &&
			 CMA_CHECKS_TABLE)
			ret = fail(b, -EINVAL, CMA_WHY_START_WRAPS, r->name);
		else if (CMA_CHECKS_TABLE && r->fixed &&
			 r->start > UINT64_MAX - (r->size - 1))
			ret = fail(b, -EINVAL, CMA_WHY_PAST_TOP, r->name);
		items[i].size = r->size;
		items[i].align = r->align;
		items[i].start = r->start;
		items[i].fixed = r->fixed;
	}
	if (ret)
		goto out;
	if (cma_place(items, c->nregions, memory, nbanks, memory + nbanks,
		      nreserved)) {
		ret = oom(b);
		goto out;
	}
	/*
	 * No chunk can start in the last 4095 bytes, and no region overlaps
	 * another: placed ones are disjoint by making, and cma_place() marks
	 * the fixed ones that overlap.
	 */
	for (i = 0; i < c->nregions; i++) {
		struct ctx_region *r = &c->regions[i];

		r->start = items[i].start;
		if (!items[i].placed)
			ret = fail(b, -ENOMEM, CMA_WHY_NO_ROOM, r->name,
				   items[i].nranges ? CMA_IN_RANGES :
				   nbanks ? CMA_IN_BANKS : CMA_IN_ALL);
		/* Its last chunk may not start where an error code reads. */
		else if (r->start + (r->size - 1) < r->start ||
			 r->start + (r->size - c->page) > (uint64_t)-4096)
			ret = fail(b, -EINVAL,
				   "region '%s' reaches the last 4095 bytes, whose addresses read as errors",
				   r->name);
		else if (items[i].overlaps)
			ret = fail_overlap(b, i, items[i].overlaps - 1);
		if (ret)
			goto out;
	}
out:
	cma_free(memory);
	cma_free(items);
	return ret;
}

static cma_cold int by_start(const void *a, const void *b)
{
	const struct ctx_region *x = *(struct ctx_region *const *)a;
	const struct ctx_region *y = *(struct ctx_region *const *)b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* The usable regions in address order, for a put to find its chunk's. */
static cma_cold void index_regions(struct cma_ctx *c)
{
	uint32_t i, n = 0;

	for (i = 0; i < c->nregions; i++)
		if (c->regions[i].alloc)
			c->by_start[n++] = &c->regions[i];
	cma_sort(c->by_start, n, sizeof(*c->by_start), by_start);
	c->nusable = n;
}

static int start_allocators(struct builder *b)
{
	struct cma_ctx *c = b->ctx;
	struct cma_alloc_stats st;
	uint32_t i;

	for (i = 0; i < c->nregions; i++) {
		struct ctx_region *r = &c->regions[i];
		int ret;

		cma_lock_init(&r->lock);
		r->alloc = cma_allocator_find(r->alloc_name);
		/* An allocator no one has: the region is unusable, as in 2010. */
		if (!r->alloc)
			continue;
		ret = r->alloc->init(&r->priv, r->start, r->size, c->page,
				     r->params);
		/* Both faults of the policy are cmacc's errors too. */
		if (ret == -EINVAL && CMA_CHECKS_TABLE)
			return fail(b, ret, CMA_WHY_PARAMS, r->alloc->name,
				    r->name, r->params ? r->params : "");
		if (ret) {
			r->alloc = NULL;
			return oom(b);
		}
		if (!CMA_CHECKS_TABLE)
			continue;
		r->alloc->stats(r->priv, &st);
		if (!st.largest)
			return fail(b, -EINVAL, CMA_WHY_NO_CHUNK, r->alloc->name, r->params ? r->params : "",
				    r->name);
	}
	index_regions(c);
	return 0;
}

/* a + b, or ULONG_MAX when that does not fit. */
static cma_cold unsigned long saturated_add(uint64_t a, uint64_t b)
{
	return a > ULONG_MAX || b > ULONG_MAX - a ? ULONG_MAX :
						    (unsigned long)(a + b);
}

/*
 * What cma_ctx_info() tells of each rule, once the regions lie where they
 * will: the bounds and total of its regions, each counted once.  A sum or
 * an end that does not fit in an unsigned long is ULONG_MAX.
 */
static cma_cold void sum_rules(struct cma_ctx *c)
{
	uint32_t i, t;

	for (i = 0; i < c->nrules; i++) {
		struct cma_info *info = &c->rule_info[i];

		for (t = c->rules[i].first_target;
		     t < c->rules[i + 1].first_target; t++) {
			struct ctx_region *reg = &c->regions[c->targets[t]];
			unsigned long end = saturated_add(reg->start, reg->size);

			/* A region listed twice counts once. */
			if (reg->summed == i + 1)
				continue;
			reg->summed = i + 1;
			if (!info->count || reg->start < info->lower_bound)
				info->lower_bound = reg->start;
			if (!info->count || end > info->upper_bound)
				info->upper_bound = end;
			info->total_size = saturated_add(info->total_size,
							 reg->size);
			info->count++;
		}
	}
}

cma_cold void cma_ctx_destroy(struct cma_ctx *c)
{
	uint32_t i;

	if (!c)
		return;
	for (i = 0; i < c->nregions && c->regions; i++) {
		struct ctx_region *r = &c->regions[i];

		if (r->alloc && r->priv)
			r->alloc->cleanup(r->priv);
		cma_free(r->slots);
	}
	cma_free(c->regions);
	cma_free(c->text);
	cma_free(c);
}

static int finish(struct builder *b, struct cma_ctx **ctx,
		  const struct cma_ctx_config *cfg)
{
	if (!b->error)
		place_regions(b, cfg);
	if (!b->error)
		start_allocators(b);
	if (!b->error)
		sum_rules(b->ctx);
	if (CMA_CHECKS_TABLE)	/* else none was made: index_names() */
		cma_names_free(&b->names);
	if (b->error) {
		cma_ctx_destroy(b->ctx);
		return b->error;
	}
	last_error[0] = '\0';
	*ctx = b->ctx;
	return 0;
}

/*
 * A context with no policy yet, for b (all zero): 0, or -ENOMEM with
 * b->ctx NULL.
 */
static int begin(struct builder *b, struct cma_ctx **ctx)
{
	*ctx = NULL;
	b->ctx = cma_zalloc(sizeof(*b->ctx));
	return b->ctx ? 0 : oom(b);
}

#ifndef CMA_TABLE_ONLY
static void read_cmdline(struct builder *b, const char *cma,
			 const char *cma_map)
{
	struct cma_ctx *c = b->ctx;
	size_t regions_len = strlen(cma), map_len = strlen(cma_map);
	int pass;

	c->text = cma_zalloc(regions_len + map_len + 2);
	if (!c->text) {
		oom(b);
		return;
	}
	memcpy(c->text, cma, regions_len);
	memcpy(c->text + regions_len + 1, cma_map, map_len);
	for (pass = 0; pass < 2 && !b->error; pass++) {
		if (pass) {
			if (make_arrays(b))
				return;
			c->nregions = c->nrules = c->npatterns = c->ntargets = 0;
		}
		b->text = c->text;
		b->value = cma;
		b->value_len = regions_len;
		cma_cl_read_regions(cma, 0, regions_len, false, &cmdline_ops, b);
		if (pass && !b->error)
			index_names(b);
		b->text = c->text + regions_len + 1;
		b->value = cma_map;
		b->value_len = map_len;
		if (!b->error)
			cma_cl_read_map(cma_map, 0, map_len, false,
					&cmdline_ops, b);
	}
}

cma_cold int cma_ctx_from_cmdline_config(struct cma_ctx **ctx,
					 const char *cma, const char *cma_map,
					 const struct cma_ctx_config *cfg)
{
	struct builder b = { 0 };

	if (begin(&b, ctx))
		return b.error;
	b.ctx->page = 4096;
	if (!cma || !cma_map)
		fail(&b, -EINVAL, "both cma= and cma_map= are needed");
	else
		read_cmdline(&b, cma, cma_map);
	return finish(&b, ctx, cfg);
}

int cma_ctx_from_cmdline(struct cma_ctx **ctx, const char *cma,
			 const char *cma_map)
{
	return cma_ctx_from_cmdline_config(ctx, cma, cma_map, NULL);
}
#endif /* CMA_TABLE_ONLY */

/*
 * The table's string s, in the context's copy of them; a table assumed
 * valid is compiled in, and there as long as the context: it is not
 * copied.  The copy and the table's strings are passed in, not read
 * through c and t, which the stores of copy_table() could alias: the
 * loads would repeat each time.
 */
static const char *copied(const char *copy, const char *strings,
			  const char *s)
{
	return !CMA_CHECKS_TABLE || !s ? s : copy + (s - strings);
}

static int copy_table(struct builder *b, const struct cma_table *t)
{
	struct cma_ctx *c = b->ctx;
	const char *strings = t->strings;
	struct ctx_region *r;
	struct ctx_pattern *p;
	uint32_t i, np = 0, nt = 0;
	char *text = NULL;

	c->page = t->page_size;
	c->nregions = t->nregions;
	c->nrules = t->nrules;
	c->npatterns = t->npatterns;
	c->ntargets = t->ntargets;
	if (CMA_CHECKS_TABLE) {
		text = c->text = cma_zalloc(t->strings_size);
		if (!text)
			return oom(b);
		memcpy(text, strings, t->strings_size);
	}
	if (make_arrays(b))
		return b->error;
	for (i = 0, r = c->regions; i < c->nregions; i++, r++) {
		struct cma_table_region tr;

		cma_table_region(t, i, &tr);
		r->size = tr.size;
		r->start = tr.start;
		r->align = tr.align;
		r->name = copied(text, strings, tr.name);
		r->alloc_name = copied(text, strings, tr.allocator);
		r->params = copied(text, strings, tr.params);
	}
	for (i = 0; i < c->nrules; i++) {
		uint32_t np_rule, nt_rule;

		c->rules[i].first_pattern = np;
		c->rules[i].first_target = nt;
		cma_table_rule(t, i, &np_rule, &nt_rule);
		np += np_rule;
		nt += nt_rule;
	}
	for (i = 0, p = c->patterns; i < c->npatterns; i++, p++) {
		const char *dev, *kind;

		cma_table_pattern(t, i, &dev, &kind);
		p->dev = copied(text, strings, dev);
		p->kind = copied(text, strings, kind);
	}
	for (i = 0; i < c->ntargets; i++)
		c->targets[i] = cma_table_target(t, i);
	return index_names(b);
}

cma_cold int cma_ctx_from_table_config(struct cma_ctx **ctx,
				       const void *table, size_t len,
				       const struct cma_ctx_config *cfg)
{
	struct builder b = { 0 };
	struct cma_table t;
	struct cma_table_error err;

	if (begin(&b, ctx))
		return b.error;
	if (!table || cma_table_open(&t, table, len, &err))
		fail(&b, -EINVAL, "table: %s (byte %u)",
		     table ? cma_table_strerror(err.problem) : "no table",
		     table ? err.offset : 0);
	else if (!copy_table(&b, &t))
		b.table = &t;
	return finish(&b, ctx, cfg);
}

int cma_ctx_from_table(struct cma_ctx **ctx, const void *table, size_t len)
{
	return cma_ctx_from_table_config(ctx, table, len, NULL);
}

/*
 * The first rule that takes the request, or NULL.  Inline, as is
 * region_of(): calls are what the request path spends most on under
 * QEMU's TCG, where bench/kernel runs (bench/HISTORY.md).
 */
static cma_always_inline const struct ctx_rule *match(const struct cma_ctx *c,
						       const char *dev,
						       const char *kind)
{
	uint32_t i, j;

	if (!dev)
		return NULL;
	for (i = 0; i < c->nrules; i++) {
		const struct ctx_rule *r = &c->rules[i];

		for (j = r->first_pattern; j < r[1].first_pattern; j++) {
			const struct ctx_pattern *p = &c->patterns[j];

			if (cma_pattern_match(p->dev, p->kind, dev, kind))
				return r;
		}
	}
	return NULL;
}

/* The usable region that addr lies in, or NULL. */
static cma_always_inline struct ctx_region *region_of(const struct cma_ctx *c,
						       uint64_t addr)
{
	uint32_t lo = 0, hi = c->nusable;

	while (hi - lo > 1) {	/* by_start[lo] is the last to start <= addr */
		uint32_t mid = lo + (hi - lo) / 2;

		if (c->by_start[mid]->start <= addr)
			lo = mid;
		else
			hi = mid;
	}
	if (!hi || addr - c->by_start[lo]->start >= c->by_start[lo]->size)
		return NULL;
	return c->by_start[lo];
}

/*
 * Fibonacci hashing of the page number: the product's top bits, which
 * every bit of it moves (chunks of equal sizes lie at an arithmetic
 * progression, which a product's middle bits would crowd into a few
 * slots).
 */
static size_t home_of(const struct ctx_region *r, uint64_t addr)
{
	return (size_t)(((addr >> 12) * 0x9e3779b97f4a7c15ull) >> r->shift);
}

/* The chunk at addr, or NULL. */
static struct ctx_chunk *find(struct ctx_region *r, uint64_t addr)
{
	size_t i;

	if (!r->slots)
		return NULL;
	for (i = home_of(r, addr); r->slots[i].record; i = (i + 1) & r->mask)
		if (r->slots[i].addr == addr)
			return &r->slots[i];
	return NULL;
}

/* Files a copy of ch; the index is less than half full. */
static void insert(struct ctx_region *r, const struct ctx_chunk *ch)
{
	size_t i = home_of(r, ch->addr);

	while (r->slots[i].record)
		i = (i + 1) & r->mask;
	r->slots[i] = *ch;
	r->chunks++;
}

/* Empties slot ch, moving back the chunks that probed past it. */
static void erase(struct ctx_region *r, struct ctx_chunk *ch)
{
	size_t hole = (size_t)(ch - r->slots), i = hole;

	for (;;) {
		size_t home;

		i = (i + 1) & r->mask;
		if (!r->slots[i].record)
			break;
		home = home_of(r, r->slots[i].addr);
		/* Movable when its home is not within (hole, i], cyclically. */
		if (((i - home) & r->mask) >= ((i - hole) & r->mask)) {
			r->slots[hole] = r->slots[i];
			hole = i;
		}
	}
	r->slots[hole].record = NULL;
	r->chunks--;
}

/* Is there room for one more chunk, keeping the index at most half full? */
static bool has_room(const struct ctx_region *r)
{
	return r->slots && 2 * (r->chunks + 1) <= r->mask + 1;
}

/*
 * Makes r's index n slots, the double of what it was found at (16: its
 * first), unless another call has grown it meanwhile: false if out of
 * memory.  The lock spins and a big table's memory may sleep, so both
 * tables are allocated and freed with the lock not held; the chunks move
 * under it, once a doubling.
 */
static cma_cold bool grow(struct ctx_region *r, size_t n)
{
	struct ctx_chunk *slots = cma_zalloc(n * sizeof(*slots)), *old;
	size_t old_n, i;

	if (!slots)
		return false;
	cma_lock(&r->lock);
	old = r->slots;
	old_n = old ? r->mask + 1 : 0;
	if (old_n < n) {
		r->slots = slots;
		r->mask = n - 1;
		r->shift = 64 - (unsigned int)__builtin_ctzll(n);
		r->chunks = 0;
		for (i = 0; i < old_n; i++)
			if (old[i].record)
				insert(r, &old[i]);
	} else {
		old = slots;
	}
	cma_unlock(&r->lock);
	cma_free(old);
	return true;
}

unsigned long cma_ctx_alloc(struct cma_ctx *ctx, const char *dev,
			    const char *kind, unsigned long size,
			    unsigned long alignment)
{
	const struct ctx_rule *r;
	struct ctx_chunk ch;
	uint64_t align = alignment ? alignment : ctx->page, want;
	uint32_t i;

	/* A device without a name is a bad argument, as in the 2010 code. */
	if (!size || (align & (align - 1)) || !dev || !*dev)
		return (unsigned long)-EINVAL;
	if (align < ctx->page)
		align = ctx->page;
	if (!cma_round_up(size, ctx->page, &want))
		return (unsigned long)-ENOMEM;
	r = match(ctx, dev, kind);
	if (!r)
		return (unsigned long)-ENOENT;
	for (i = r->first_target; i < r[1].first_target; i++) {
		struct ctx_region *reg = &ctx->regions[ctx->targets[i]];

		if (!reg->alloc)
			continue;
		cma_lock(&reg->lock);
		while (!has_room(reg)) {
			size_t n = reg->slots ? 2 * (reg->mask + 1) : 16;

			cma_unlock(&reg->lock);
			if (!grow(reg, n))
				return (unsigned long)-ENOMEM;
			cma_lock(&reg->lock);
		}
		ch.record = reg->alloc->alloc(reg->priv, want, align);
		if (ch.record) {
			ch.addr = ch.record->start;
			ch.record->refs = 1;
			insert(reg, &ch);
		}
		cma_unlock(&reg->lock);
		if (ch.record)
			return (unsigned long)ch.addr;
	}
	return (unsigned long)-ENOMEM;
}

int cma_ctx_get(struct cma_ctx *ctx, unsigned long addr)
{
	struct ctx_region *reg = region_of(ctx, addr);
	struct ctx_chunk *ch;
	int ret = 0;

	if (!reg)
		return -ENOENT;
	cma_lock(&reg->lock);
	ch = find(reg, addr);
	if (!ch)
		ret = -ENOENT;
	else if (ch->record->refs == UINT32_MAX)
		ret = -EOVERFLOW;
	else
		ch->record->refs++;
	cma_unlock(&reg->lock);
	return ret;
}

int cma_ctx_put(struct cma_ctx *ctx, unsigned long addr)
{
	struct ctx_region *reg = region_of(ctx, addr);
	struct ctx_chunk *ch;
	int ret = 0;

	if (!reg)
		return -ENOENT;
	cma_lock(&reg->lock);
	ch = find(reg, addr);
	if (!ch) {
		ret = -ENOENT;
	} else if (!--ch->record->refs) {
		struct cma_block *record = ch->record;

		erase(reg, ch);
		reg->alloc->free(reg->priv, record);
		ret = 1;
	}
	cma_unlock(&reg->lock);
	return ret;
}

cma_cold int cma_ctx_info(struct cma_ctx *ctx, struct cma_info *info,
			  const char *dev, const char *kind)
{
	const struct ctx_rule *r;

	if (!dev || !*dev)
		return -EINVAL;
	r = match(ctx, dev, kind);
	if (!r)
		return -ENOENT;
	*info = ctx->rule_info[r - ctx->rules];
	return 0;
}

unsigned cma_ctx_region_count(const struct cma_ctx *ctx)
{
	return ctx->nregions;
}

cma_cold int cma_ctx_region_state(struct cma_ctx *ctx, unsigned i,
				  struct cma_region_state *st)
{
	struct ctx_region *r;
	struct cma_alloc_stats as = { 0, 0, 0 };

	if (i >= ctx->nregions)
		return -ENOENT;
	r = &ctx->regions[i];
	cma_lock(&r->lock);
	if (r->alloc)
		r->alloc->stats(r->priv, &as);
	st->chunks = r->chunks;
	cma_unlock(&r->lock);
	st->name = r->name;
	st->allocator = r->alloc ? r->alloc->name : NULL;
	st->start = r->start;
	st->size = r->size;
	st->free_bytes = as.free_bytes;
	st->largest_free = as.largest;
	return 0;
}
