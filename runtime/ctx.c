// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Contexts: a policy made runnable.  Built from a table or from the two
 * parameters through one builder that refuses what cmacc calls an error,
 * then placed, then served: matching a request to its rule, trying the
 * rule's regions in order, and keeping live chunks in an index split
 * into stripes, each with its own lock, so that get and put on chunks of
 * different regions do not wait on one another.
 *
 * Locks: a region's lock serialises its allocator; a stripe's lock guards
 * its part of the chunk index and the counts in it.  No code holds both.
 */
#include "../include/cma.h"
#include "allocator.h"
#include "cmdline.h"
#include "match.h"
#include "place.h"
#include "table.h"

#define STRIPES 64
#define ERR_LEN 160

struct region {
	char *name, *alloc_name, *params;
	uint64_t size, start, align;	/* start 0 and !fixed: to be placed */
	bool fixed;
	const struct cma_allocator *alloc;	/* NULL: unknown: unusable */
	void *priv;
	uint64_t chunks;
	struct cma_lock lock;
};

struct rule {
	uint32_t first_pattern, npatterns, first_target, ntargets;
};

struct pattern {
	char *dev, *kind;	/* NULL: none */
};

/* A live chunk, in its stripe's table; refs 0: an empty slot. */
struct chunk {
	uint64_t addr, got;
	uint32_t region;
	uint32_t refs;
};

/* Open addressing, linear probing, at most half full: no chunk allocates. */
struct stripe {
	struct cma_lock lock;
	struct chunk *slots;
	size_t mask, count;	/* mask: slots - 1, or 0 before the first */
};

struct cma_ctx {
	uint64_t page;
	struct region *regions;
	struct rule *rules;
	struct pattern *patterns;
	uint32_t *targets;
	uint32_t nregions, nrules, npatterns, ntargets;
	struct stripe stripes[STRIPES];
};

static CMA_THREAD_LOCAL char last_error[ERR_LEN];

const char *cma_ctx_error(void)
{
	return last_error;
}

/* A growable array: room for one more element, or false. */
static bool grow(void **array, uint32_t *cap, uint32_t n, size_t elem)
{
	uint32_t want = *cap ? 2 * *cap : 8;
	void *p;

	if (n < *cap)
		return true;
	if (*cap > UINT32_MAX / 2)
		return false;
	p = cma_zalloc((size_t)want * elem);
	if (!p)
		return false;
	if (*array)
		memcpy(p, *array, (size_t)n * elem);
	cma_free(*array);
	*array = p;
	*cap = want;
	return true;
}

static char *dup_span(const char *s, size_t len)
{
	char *d = cma_zalloc(len + 1);

	if (d)
		memcpy(d, s, len);
	return d;
}

static char *dup_str(const char *s)
{
	return s ? dup_span(s, strlen(s)) : NULL;
}

/* What is being built: a context, and names of targets to resolve. */
struct builder {
	struct cma_ctx *ctx;
	uint32_t regions_cap, rules_cap, patterns_cap, targets_cap;
	char **target_names;	/* from a command line, until resolved */
	uint32_t names_cap;
	const char *text;	/* the command line being read */
	int error;
};

/* The first problem found is the one told: it names the field and why. */
static __attribute__((format(printf, 3, 4)))
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

static struct region *add_region(struct builder *b)
{
	struct cma_ctx *c = b->ctx;

	if (!grow((void **)&c->regions, &b->regions_cap, c->nregions,
		  sizeof(*c->regions))) {
		oom(b);
		return NULL;
	}
	return &c->regions[c->nregions++];
}

static struct rule *add_rule(struct builder *b)
{
	struct cma_ctx *c = b->ctx;

	if (!grow((void **)&c->rules, &b->rules_cap, c->nrules,
		  sizeof(*c->rules))) {
		oom(b);
		return NULL;
	}
	c->rules[c->nrules].first_pattern = c->npatterns;
	c->rules[c->nrules].first_target = c->ntargets;
	return &c->rules[c->nrules++];
}

static struct pattern *add_pattern(struct builder *b)
{
	struct cma_ctx *c = b->ctx;

	if (!grow((void **)&c->patterns, &b->patterns_cap, c->npatterns,
		  sizeof(*c->patterns))) {
		oom(b);
		return NULL;
	}
	return &c->patterns[c->npatterns++];
}

static bool add_target(struct builder *b, uint32_t region, char *name)
{
	struct cma_ctx *c = b->ctx;
	uint32_t cap = b->targets_cap;

	if (!grow((void **)&c->targets, &b->targets_cap, c->ntargets,
		  sizeof(*c->targets)) ||
	    (name && !grow((void **)&b->target_names, &cap, c->ntargets,
			   sizeof(*b->target_names)))) {
		cma_free(name);
		oom(b);
		return false;
	}
	if (name)
		b->target_names[c->ntargets] = name;
	c->targets[c->ntargets++] = region;
	return true;
}

/* From a command line: the shared reader's events. */

static int on_region(void *priv, const struct cma_cl_region *cr)
{
	struct builder *b = priv;
	struct region *r = add_region(b);

	if (!r)
		return b->error;
	r->name = dup_span(b->text + cr->name.off, cr->name.len);
	r->size = cr->size_val;
	r->start = cr->flags & CMA_REGION_START ? cr->start_val : 0;
	r->align = cr->flags & CMA_REGION_ALIGN ? cr->align_val : 0;
	if (cr->flags & CMA_REGION_ALIGN && (!r->align ||
					    (r->align & (r->align - 1))))
		return fail(b, -EINVAL,
			    "cma=: the alignment of region '%s' is not a power of two",
			    r->name);
	if (cr->flags & CMA_REGION_ALLOC)
		r->alloc_name = dup_span(b->text + cr->alloc.off,
					 cr->alloc.len);
	if (cr->flags & CMA_REGION_PARAMS)
		r->params = dup_span(b->text + cr->params.off, cr->params.len);
	if (!r->name || (cr->flags & CMA_REGION_ALLOC && !r->alloc_name) ||
	    (cr->flags & CMA_REGION_PARAMS && !r->params))
		return oom(b);
	return 0;
}

static int on_rule_begin(void *priv, struct cma_span at)
{
	struct builder *b = priv;

	return add_rule(b) ? 0 : b->error;
}

static int on_pattern(void *priv, const struct cma_cl_pattern *cp)
{
	struct builder *b = priv;
	struct pattern *p = add_pattern(b);

	if (!p)
		return b->error;
	b->ctx->rules[b->ctx->nrules - 1].npatterns++;
	if (!(cp->flags & CMA_PATTERN_ORPHAN)) {
		p->dev = dup_span(b->text + cp->dev.off, cp->dev.len);
		if (!p->dev)
			return oom(b);
	}
	if (cp->flags & CMA_PATTERN_KIND) {
		p->kind = dup_span(b->text + cp->kind.off, cp->kind.len);
		if (!p->kind)
			return oom(b);
	}
	return 0;
}

static int on_target(void *priv, struct cma_span name)
{
	struct builder *b = priv;
	char *n = dup_span(b->text + name.off, name.len);

	if (!n)
		return oom(b);
	if (!add_target(b, 0, n))
		return b->error;
	b->ctx->rules[b->ctx->nrules - 1].ntargets++;
	return 0;
}

static const char *const problem_words[] = {
	[CMA_CL_UNEXPECTED] = "unexpected character",
	[CMA_CL_END] = "ends too early",
	[CMA_CL_SPACE] = "white space",
	[CMA_CL_BAD_NAME] = "a name that is not letters and digits",
	[CMA_CL_COMMA] = "',' between regions, where ';' belongs",
	[CMA_CL_OVERFLOW] = "a number past 64 bits",
	[CMA_CL_OCTAL] = "'8' or '9' in an octal number",
	[CMA_CL_STAR] = "'*' before the end of a pattern",
	[CMA_CL_EMPTY] = "empty",
	[CMA_CL_PARAM_SEMI] = "';' in allocator parameters",
	[CMA_CL_NO_VALUE] = "no value",
};

static int on_error(void *priv, const struct cma_cl_error *e)
{
	struct builder *b = priv;

	return fail(b, -EINVAL, e->where >= CMA_AT_MAP ?
		    "cma_map=: %s at byte %zu" : "cma=: %s at byte %zu",
		    problem_words[e->problem], e->at.off);
}

static const struct cma_cl_ops cmdline_ops = {
	.region = on_region,
	.rule_begin = on_rule_begin,
	.pattern = on_pattern,
	.target = on_target,
	.error = on_error,
};

/* Names to indices: a small hash of the region names, for both sources. */
struct name_index {
	uint32_t *slots;	/* 1 + region index */
	uint32_t mask;
};

static uint32_t hash(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static uint32_t *slot_of(struct name_index *x, const struct cma_ctx *c,
			 const char *name)
{
	uint32_t i = hash(name) & x->mask;

	while (x->slots[i] && strcmp(c->regions[x->slots[i] - 1].name, name))
		i = (i + 1) & x->mask;
	return &x->slots[i];
}

/* Duplicate names are refused; targets named by text are resolved. */
static int resolve_names(struct builder *b)
{
	struct cma_ctx *c = b->ctx;
	struct name_index x;
	uint32_t i, n = 16;

	while (n < 2 * c->nregions)
		n *= 2;
	x.slots = cma_zalloc((size_t)n * sizeof(*x.slots));
	if (!x.slots)
		return oom(b);
	x.mask = n - 1;
	for (i = 0; i < c->nregions; i++) {
		uint32_t *s = slot_of(&x, c, c->regions[i].name);

		if (*s) {
			fail(b, -EINVAL, "region '%s' is defined twice",
			     c->regions[i].name);
			break;
		}
		*s = i + 1;
	}
	for (i = 0; !b->error && b->target_names && i < c->ntargets; i++) {
		uint32_t s = *slot_of(&x, c, b->target_names[i]);

		if (!s)
			fail(b, -EINVAL,
			     "cma_map=: a rule names region '%s', which cma= does not define",
			     b->target_names[i]);
		c->targets[i] = s - 1;
	}
	cma_free(x.slots);
	return b->error;
}

static uint64_t round_up_checked(uint64_t v, uint64_t a, bool *overflow)
{
	if (v > UINT64_MAX - (a - 1)) {
		*overflow = true;
		return 0;
	}
	return (v + a - 1) & ~(a - 1);
}

/* Sizes and starts rounded as the kernel does, then the placement rule. */
static int place_regions(struct builder *b, const struct cma_ctx_config *cfg)
{
	struct cma_ctx *c = b->ctx;
	struct cma_place_item *items;
	struct cma_bank *banks = NULL;
	uint32_t i, j, nbanks = 0;
	int ret = 0;

	items = cma_zalloc(((size_t)c->nregions + 1) * sizeof(*items));
	if (cfg && cfg->nbanks)
		banks = cma_zalloc((size_t)cfg->nbanks * sizeof(*banks));
	if (!items || (cfg && cfg->nbanks && !banks)) {
		ret = oom(b);
		goto out;
	}
	for (i = 0; cfg && i < cfg->nbanks; i++) {
		const struct cma_ctx_bank *cb = &cfg->banks[i];

		if (!cb->size)
			continue;
		banks[nbanks].first = cb->start;
		banks[nbanks].last = cb->start + (cb->size - 1) < cb->start ?
				     UINT64_MAX : cb->start + (cb->size - 1);
		nbanks++;
	}
	for (i = 0; i < c->nregions; i++) {
		struct region *r = &c->regions[i];
		bool overflow = false;

		r->align = r->align > c->page ? r->align : c->page;
		r->size = round_up_checked(r->size, c->page, &overflow);
		r->fixed = r->start != 0;
		if (r->fixed)
			r->start = round_up_checked(r->start, r->align, &overflow);
		if (!r->size || overflow ||
		    (r->fixed && r->start > UINT64_MAX - (r->size - 1)))
			ret = fail(b, -EINVAL,
				   r->size || overflow ?
				   "region '%s' ends past the top of the 64-bit address space" :
				   "region '%s' has size 0", r->name);
		items[i].size = r->size;
		items[i].align = r->align;
		items[i].start = r->start;
		items[i].fixed = r->fixed;
	}
	if (ret)
		goto out;
	if (cma_place(items, c->nregions, banks, nbanks)) {
		ret = oom(b);
		goto out;
	}
	for (i = 0; i < c->nregions; i++) {
		struct region *r = &c->regions[i];

		if (!items[i].placed) {
			ret = fail(b, -ENOMEM, nbanks ?
				   "no room to place region '%s' in the memory given for it" :
				   "no room to place region '%s'", r->name);
			goto out;
		}
		r->start = items[i].start;
	}
	/*
	 * No chunk can start in the last 4095 bytes, and none overlaps
	 * another.  Placed regions are disjoint by making: only fixed ones
	 * need checking.
	 */
	for (i = 0; i < c->nregions; i++) {
		struct region *r = &c->regions[i];

		/* Its last chunk may not start where an error code reads. */
		if (r->start + (r->size - 1) < r->start ||
		    r->start + (r->size - c->page) > (uint64_t)-4096) {
			ret = fail(b, -EINVAL,
				   "region '%s' reaches the last 4095 bytes, whose addresses read as errors",
				   r->name);
			goto out;
		}
		if (!r->fixed)
			continue;
		for (j = 0; j < c->nregions; j++) {
			struct region *q = &c->regions[j];

			if (j != i && r->start <= q->start + (q->size - 1) &&
			    q->start <= r->start + (r->size - 1)) {
				ret = fail(b, -EINVAL,
					   "region '%s' overlaps another region",
					   r->name);
				goto out;
			}
		}
	}
out:
	cma_free(banks);
	cma_free(items);
	return ret;
}

static int start_allocators(struct builder *b)
{
	struct cma_ctx *c = b->ctx;
	uint32_t i;

	for (i = 0; i < c->nregions; i++) {
		struct region *r = &c->regions[i];
		int ret;

		cma_lock_init(&r->lock);
		r->alloc = cma_allocator_find(r->alloc_name);
		/* An allocator no one has: the region is unusable, as in 2010. */
		if (!r->alloc)
			continue;
		ret = r->alloc->init(&r->priv, r->start, r->size, c->page,
				     r->params);
		if (ret == -EINVAL)
			return fail(b, ret,
				    "region '%s': its allocator does not take these parameters",
				    r->name);
		if (ret) {
			r->alloc = NULL;
			return oom(b);
		}
	}
	return 0;
}

static void free_ctx(struct cma_ctx *c, uint32_t ntarget_names,
		     char **target_names)
{
	uint32_t i;

	if (!c)
		return;
	for (i = 0; i < c->nregions; i++) {
		struct region *r = &c->regions[i];

		if (r->alloc && r->priv)
			r->alloc->cleanup(r->priv);
		cma_free(r->name);
		cma_free(r->alloc_name);
		cma_free(r->params);
	}
	for (i = 0; i < c->npatterns; i++) {
		cma_free(c->patterns[i].dev);
		cma_free(c->patterns[i].kind);
	}
	for (i = 0; target_names && i < ntarget_names; i++)
		cma_free(target_names[i]);
	cma_free(target_names);
	for (i = 0; i < STRIPES; i++) {
		cma_free(c->stripes[i].slots);
		cma_lock_destroy(&c->stripes[i].lock);
	}
	cma_free(c->regions);
	cma_free(c->rules);
	cma_free(c->patterns);
	cma_free(c->targets);
	cma_free(c);
}

static int finish(struct builder *b, struct cma_ctx **ctx,
		  const struct cma_ctx_config *cfg)
{
	uint32_t i;

	if (!b->error)
		resolve_names(b);
	if (!b->error)
		place_regions(b, cfg);
	for (i = 0; i < STRIPES; i++)
		cma_lock_init(&b->ctx->stripes[i].lock);
	if (!b->error)
		start_allocators(b);
	if (b->error) {
		free_ctx(b->ctx, b->ctx->ntargets, b->target_names);
		return b->error;
	}
	for (i = 0; b->target_names && i < b->ctx->ntargets; i++)
		cma_free(b->target_names[i]);
	cma_free(b->target_names);
	last_error[0] = '\0';
	*ctx = b->ctx;
	return 0;
}

int cma_ctx_from_cmdline_config(struct cma_ctx **ctx, const char *cma,
				const char *cma_map,
				const struct cma_ctx_config *cfg)
{
	struct builder b = { NULL };

	*ctx = NULL;
	b.ctx = cma_zalloc(sizeof(*b.ctx));
	if (!b.ctx)
		return oom(&b);
	b.ctx->page = 4096;
	if (!cma || !cma_map) {
		fail(&b, -EINVAL, "both cma= and cma_map= are needed");
	} else {
		b.text = cma;
		cma_cl_read_regions(cma, 0, strlen(cma), false, &cmdline_ops, &b);
		b.text = cma_map;
		if (!b.error)
			cma_cl_read_map(cma_map, 0, strlen(cma_map), false,
					&cmdline_ops, &b);
	}
	return finish(&b, ctx, cfg);
}

int cma_ctx_from_cmdline(struct cma_ctx **ctx, const char *cma,
			 const char *cma_map)
{
	return cma_ctx_from_cmdline_config(ctx, cma, cma_map, NULL);
}

static int copy_table(struct builder *b, const struct cma_table *t)
{
	struct cma_ctx *c = b->ctx;
	uint32_t i, np, nt;

	c->page = t->page_size;
	for (i = 0; i < t->nregions && !b->error; i++) {
		struct cma_table_region tr;
		struct region *r = add_region(b);

		if (!r)
			break;
		cma_table_region(t, i, &tr);
		r->size = tr.size;
		r->start = tr.start;
		r->align = tr.align;
		r->name = dup_str(tr.name);
		r->alloc_name = dup_str(tr.allocator);
		r->params = dup_str(tr.params);
		if (!r->name || (tr.allocator && !r->alloc_name) ||
		    (tr.params && !r->params))
			oom(b);
	}
	for (i = 0, np = 0, nt = 0; i < t->nrules && !b->error; i++) {
		struct rule *r = add_rule(b);

		if (!r)
			break;
		cma_table_rule(t, i, &r->npatterns, &r->ntargets);
		r->first_pattern = np;
		r->first_target = nt;
		np += r->npatterns;
		nt += r->ntargets;
	}
	for (i = 0; i < t->npatterns && !b->error; i++) {
		struct pattern *p = add_pattern(b);
		const char *dev, *kind;

		if (!p)
			break;
		cma_table_pattern(t, i, &dev, &kind);
		p->dev = dup_str(dev);
		p->kind = dup_str(kind);
		if ((dev && !p->dev) || (kind && !p->kind))
			oom(b);
	}
	for (i = 0; i < t->ntargets && !b->error; i++)
		add_target(b, cma_table_target(t, i), NULL);
	return b->error;
}

int cma_ctx_from_table_config(struct cma_ctx **ctx, const void *table,
			      size_t len, const struct cma_ctx_config *cfg)
{
	struct builder b = { NULL };
	struct cma_table t;
	struct cma_table_error err;

	*ctx = NULL;
	b.ctx = cma_zalloc(sizeof(*b.ctx));
	if (!b.ctx)
		return oom(&b);
	if (!table || cma_table_open(&t, table, len, &err))
		fail(&b, -EINVAL, "table: %s (byte %u)",
		     table ? cma_table_strerror(err.problem) : "no table",
		     table ? err.offset : 0);
	else
		copy_table(&b, &t);
	return finish(&b, ctx, cfg);
}

int cma_ctx_from_table(struct cma_ctx **ctx, const void *table, size_t len)
{
	return cma_ctx_from_table_config(ctx, table, len, NULL);
}

void cma_ctx_destroy(struct cma_ctx *ctx)
{
	free_ctx(ctx, 0, NULL);
}

/* The first rule that takes the request, or NULL. */
static const struct rule *match(const struct cma_ctx *c, const char *dev,
				const char *kind)
{
	uint32_t i, j;

	if (!dev)
		return NULL;
	for (i = 0; i < c->nrules; i++) {
		const struct rule *r = &c->rules[i];

		for (j = 0; j < r->npatterns; j++) {
			const struct pattern *p = &c->patterns[r->first_pattern + j];

			if (cma_pattern_match(p->dev, p->kind, dev, kind))
				return r;
		}
	}
	return NULL;
}

static struct stripe *stripe_of(struct cma_ctx *c, uint64_t addr)
{
	uint64_t h = (addr >> 12) * 0x9e3779b97f4a7c15ull;

	return &c->stripes[h >> 58];
}

static size_t home_of(const struct stripe *s, uint64_t addr)
{
	return (size_t)(((addr >> 12) * 0xff51afd7ed558ccdull) >> 32) & s->mask;
}

/* The chunk at addr, or NULL. */
static struct chunk *find(struct stripe *s, uint64_t addr)
{
	size_t i;

	if (!s->slots)
		return NULL;
	for (i = home_of(s, addr); s->slots[i].refs; i = (i + 1) & s->mask)
		if (s->slots[i].addr == addr)
			return &s->slots[i];
	return NULL;
}

/* Files a copy of ch; the table is less than half full. */
static void insert(struct stripe *s, const struct chunk *ch)
{
	size_t i = home_of(s, ch->addr);

	while (s->slots[i].refs)
		i = (i + 1) & s->mask;
	s->slots[i] = *ch;
	s->count++;
}

/* Empties slot ch, moving back the chunks that probed past it. */
static void erase(struct stripe *s, struct chunk *ch)
{
	size_t hole = (size_t)(ch - s->slots), i = hole;

	for (;;) {
		size_t home;

		i = (i + 1) & s->mask;
		if (!s->slots[i].refs)
			break;
		home = home_of(s, s->slots[i].addr);
		/* Movable when its home is not within (hole, i], cyclically. */
		if (((i - home) & s->mask) >= ((i - hole) & s->mask)) {
			s->slots[hole] = s->slots[i];
			hole = i;
		}
	}
	s->slots[hole].refs = 0;
	s->count--;
}

/* Room for one more chunk, keeping the table at most half full. */
static bool make_room(struct stripe *s)
{
	struct chunk *old = s->slots;
	size_t old_n = old ? s->mask + 1 : 0, i;

	if (old && 2 * (s->count + 1) <= old_n)
		return true;
	s->slots = cma_zalloc((old_n ? 2 * old_n : 16) * sizeof(*s->slots));
	if (!s->slots) {
		s->slots = old;
		return false;
	}
	s->mask = (old_n ? 2 * old_n : 16) - 1;
	s->count = 0;
	for (i = 0; i < old_n; i++)
		if (old[i].refs)
			insert(s, &old[i]);
	cma_free(old);
	return true;
}

unsigned long cma_ctx_alloc(struct cma_ctx *ctx, const char *dev,
			    const char *kind, unsigned long size,
			    unsigned long alignment)
{
	const struct rule *r;
	struct chunk ch = { 0, 0, 0, 1 };
	uint64_t align = alignment ? alignment : ctx->page, want;
	bool overflow = false;
	uint32_t i;

	if (!size || (align & (align - 1)))
		return (unsigned long)-EINVAL;
	if (align < ctx->page)
		align = ctx->page;
	want = round_up_checked(size, ctx->page, &overflow);
	if (overflow)
		return (unsigned long)-ENOMEM;
	r = match(ctx, dev, kind);
	if (!r)
		return (unsigned long)-ENOENT;
	for (i = 0; i < r->ntargets; i++) {
		struct region *reg;
		struct stripe *s;
		bool filed;
		int ret;

		ch.region = ctx->targets[r->first_target + i];
		reg = &ctx->regions[ch.region];
		if (!reg->alloc)
			continue;
		cma_lock(&reg->lock);
		ret = reg->alloc->alloc(reg->priv, want, align, &ch.addr,
					&ch.got);
		if (!ret)
			reg->chunks++;
		cma_unlock(&reg->lock);
		if (ret)
			continue;
		s = stripe_of(ctx, ch.addr);
		cma_lock(&s->lock);
		filed = make_room(s);
		if (filed)
			insert(s, &ch);
		cma_unlock(&s->lock);
		if (filed)
			return (unsigned long)ch.addr;
		/* No room to index it: give the chunk back. */
		cma_lock(&reg->lock);
		reg->alloc->free(reg->priv, ch.addr, ch.got);
		reg->chunks--;
		cma_unlock(&reg->lock);
		break;
	}
	return (unsigned long)-ENOMEM;
}

int cma_ctx_get(struct cma_ctx *ctx, unsigned long addr)
{
	struct stripe *s = stripe_of(ctx, addr);
	struct chunk *ch;
	int ret = 0;

	cma_lock(&s->lock);
	ch = find(s, addr);
	if (!ch)
		ret = -ENOENT;
	else if (ch->refs == UINT32_MAX)
		ret = -EOVERFLOW;
	else
		ch->refs++;
	cma_unlock(&s->lock);
	return ret;
}

int cma_ctx_put(struct cma_ctx *ctx, unsigned long addr)
{
	struct stripe *s = stripe_of(ctx, addr);
	struct chunk *ch, gone;
	struct region *reg;

	cma_lock(&s->lock);
	ch = find(s, addr);
	if (!ch || --ch->refs) {
		cma_unlock(&s->lock);
		return ch ? 0 : -ENOENT;
	}
	gone = *ch;
	erase(s, ch);
	cma_unlock(&s->lock);
	/* Out of the index: no one else can reach it; now free it. */
	reg = &ctx->regions[gone.region];
	cma_lock(&reg->lock);
	reg->alloc->free(reg->priv, gone.addr, gone.got);
	reg->chunks--;
	cma_unlock(&reg->lock);
	return 1;
}

int cma_ctx_info(struct cma_ctx *ctx, struct cma_info *info, const char *dev,
		 const char *kind)
{
	const struct rule *r = match(ctx, dev, kind);
	uint64_t lower = 0, upper = 0, total = 0;
	unsigned count = 0;
	uint32_t i, j;

	if (!r)
		return -ENOENT;
	for (i = 0; i < r->ntargets; i++) {
		uint32_t k = ctx->targets[r->first_target + i];
		const struct region *reg = &ctx->regions[k];

		/* A region listed twice counts once. */
		for (j = 0; j < i; j++)
			if (ctx->targets[r->first_target + j] == k)
				break;
		if (j < i)
			continue;
		/* count, not the values, says whether a bound is set yet. */
		if (!count || reg->start < lower)
			lower = reg->start;
		if (!count || reg->start + reg->size > upper)
			upper = reg->start + reg->size;
		total += reg->size;
		count++;
	}
	info->lower_bound = lower;
	info->upper_bound = upper;
	info->total_size = total;
	info->count = count;
	return 0;
}

unsigned cma_ctx_region_count(const struct cma_ctx *ctx)
{
	return ctx->nregions;
}

int cma_ctx_region_state(struct cma_ctx *ctx, unsigned i,
			 struct cma_region_state *st)
{
	struct region *r;
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
