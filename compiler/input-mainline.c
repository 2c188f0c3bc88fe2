// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Today's command line (the other dialect of -I cmdline): cma=, read by
 * early_cma() of kernel/dma/contiguous.c, and cma_pernuma=, by
 * early_cma_pernuma(), both through memparse() of lib/cmdline.c.  Each
 * cma= is read in turn into the same three values, so an '@' of an
 * earlier one survives a later one without.  The default area becomes
 * region "cma" with a last rule that takes every request, its '@' a fixed
 * start (when base + size is the limit, as dma_contiguous_reserve() has
 * it) or an allocation range; cma_pernuma= a region tried first.
 */
#include <string.h>

#include "cmacc.h"
#include "cmdline-args.h"

struct today_line {
	struct compilation *c;
	struct srcfile *f;
	/* early_cma()'s static variables, and where each was last set */
	bool has_size;
	uint64_t size, base, limit;
	struct srcpos size_at, base_at, limit_at, cma_at;
	unsigned int ncma;
	bool has_pernuma;
	uint64_t pernuma;
	struct srcpos pernuma_at;
	bool broken;
};

/*
 * memparse(): simple_strtoull() with the base from the prefix (0x hex, 0
 * octal), then one of K M G T P E in either case.  Reports a value past
 * 64 bits, which the kernel would wrap, and returns where it stopped.
 */
static size_t memparse(struct today_line *t, size_t at, size_t end,
		       uint64_t *v, struct srcpos *pos)
{
	const char *buf = t->f->buf;
	unsigned int base = 10, shift = 0;
	size_t i = at;
	bool wrapped = false;
	int d;

	if (i < end && buf[i] == '0') {
		base = 8;
		if (i + 2 < end && (buf[i + 1] | 0x20) == 'x' &&
		    cma_cl_digit_value(buf[i + 2]) < 16) {
			base = 16;
			i += 2;
		}
	}
	for (*v = 0; i < end && (d = cma_cl_digit_value(buf[i])) < (int)base; i++) {
		if (*v > (UINT64_MAX - (uint64_t)d) / base)
			wrapped = true;
		*v = *v * base + (uint64_t)d;
	}
	if (i < end && strchr("KkMmGgTtPpEe", buf[i])) {
		shift = 10 * (unsigned int)(strchr("KMGTPE",
				buf[i] & ~0x20) - "KMGTPE" + 1);
		wrapped |= *v && (shift >= 64 || *v > UINT64_MAX >> shift);
		*v <<= shift;
		i++;
	}
	*pos = srcpos_at(t->f, at, i - at);
	if (wrapped) {
		diag(&t->c->diags, CHECK_OVERFLOW, *pos, NULL,
		     "%.*s is more than 64 bits hold: the kernel's memparse() wraps it",
		     (int)(i - at), buf + at);
		t->broken = true;
	}
	return i;
}

/* The kernel stops reading at what memparse() does not take: say so. */
static void unread_tail(struct today_line *t, size_t at, size_t end,
			const char *param, const char *expected)
{
	if (at >= end)
		return;
	diag(&t->c->diags, CHECK_TODAY_PARAM, srcpos_at(t->f, at, end - at),
	     NULL, "the kernel stops reading %s at '%.*s', which it ignores: %s",
	     param, (int)(end - at), t->f->buf + at, expected);
}

/* early_cma(): size, then '@' base, then '-' limit. */
static void read_cma(struct today_line *t, struct cma_span name,
		     struct cma_span value)
{
	size_t end = value.off + value.len, i;

	if (t->ncma++)
		diag(&t->c->diags, CHECK_TODAY_PARAM, srcpos_at(t->f, name.off, name.len),
		     NULL, "cma= again: the kernel reads it over the earlier one, whose @start and -limit stay unless this one gives its own");
	t->cma_at = srcpos_at(t->f, name.off, end - name.off);
	t->has_size = true;
	i = memparse(t, value.off, end, &t->size, &t->size_at);
	if (i == value.off)
		diag(&t->c->diags, CHECK_SYNTAX, t->size_at, NULL,
		     "cma= wants a size first, as in cma=256M or cma=256M@0x80000000-4G: the kernel reads 0 here and makes no area");
	if (i >= end || t->f->buf[i] != '@') {
		unread_tail(t, i, end, "cma=", "after the size it wants '@' and a start");
		return;
	}
	i = memparse(t, i + 1, end, &t->base, &t->base_at);
	if (i >= end || t->f->buf[i] != '-') {
		t->limit = t->base + t->size;
		t->limit_at = t->base_at;
		unread_tail(t, i, end, "cma=", "after the start it wants '-' and a limit");
		return;
	}
	i = memparse(t, i + 1, end, &t->limit, &t->limit_at);
	unread_tail(t, i, end, "cma=", "the limit is the last thing it reads");
}

static int on_arg(void *priv, struct cma_span name, struct cma_span value,
		  bool has_value)
{
	struct today_line *t = priv;
	const char *buf = t->f->buf;
	size_t i;

	if (cma_cl_param_is(buf, name, "cma") && has_value) {
		read_cma(t, name, value);
	} else if (cma_cl_param_is(buf, name, "cma_pernuma") && has_value) {
		t->has_pernuma = true;
		i = memparse(t, value.off, value.off + value.len, &t->pernuma,
			     &t->pernuma_at);
		unread_tail(t, i, value.off + value.len, "cma_pernuma=",
			    "it takes a size alone");
	} else if (cma_cl_param_is(buf, name, "numa_cma")) {
		diag(&t->c->diags, CHECK_TODAY_PARAM,
		     srcpos_at(t->f, name.off, value.off + value.len - name.off),
		     NULL, "%s has no numa_cma= (later kernels read it): it passes it to init, and makes no area",
		     compilation_target(t->c)->name);
	}
	return 0;
}

static struct region *add_region(struct today_line *t, const char *name,
				 uint64_t size, struct srcpos at)
{
	struct region *r = policy_add_region(&t->c->policy);

	r->name = xstrdup(name);
	r->pos = r->name_pos = r->size_pos = r->start_pos = r->align_pos = at;
	r->alloc_pos = r->params_pos = at;
	r->has_size = true;
	r->size = size;
	r->broken = t->broken;
	policy_index_region(&t->c->policy, t->c->policy.nregions - 1);
	return r;
}

/* The area of cma=: fixed, or placed between its start and limit. */
static void model_default(struct today_line *t)
{
	uint64_t a, base, size, limit;
	struct region *r;
	char sa[32], sb[32], se[32];

	if (!t->size) {
		diag(&t->c->diags, CHECK_TODAY_PARAM, t->size_at, NULL,
		     "cma= of size 0: the kernel makes no default area, and devices without a pool of their own get no CMA memory");
		return;
	}
	r = add_region(t, "cma", t->size, t->cma_at);
	r->size_pos = t->size_at;
	if (!t->base_at.file)
		return;
	/* A start of 0 is "anywhere" in the language: a range of the size says it. */
	if (t->base + t->size == t->limit && t->base) {
		r->has_start = true;
		r->start = t->base;
		r->start_pos = t->base_at;
		return;
	}
	/*
	 * cma_declare_contiguous_nid() aligns the start and the size up and
	 * the limit down to the CMA alignment; a limit of 0 is the end of
	 * memory.
	 */
	a = compilation_target(t->c)->cma_align;
	limit = t->limit & ~(a - 1);
	if (!cma_round_up(t->base, a, &base) || !cma_round_up(t->size, a, &size))
		base = size = UINT64_MAX;
	if (limit && (limit <= base || limit - base < size)) {
		diag(&t->c->diags, CHECK_PLACEMENT, t->limit_at, NULL,
		     "cma= asks for %s between %s and %s, where it cannot fit: the kernel makes no area",
		     fmt_size(sa, t->size), fmt_addr(sb, t->base),
		     fmt_addr(se, t->limit));
		r->broken = true;
		return;
	}
	if (t->base + t->size == t->limit)
		diag(&t->c->diags, CHECK_TODAY_PARAM, t->base_at, NULL,
		     "cma=%s@0 asks for an area fixed at address 0, where memory seldom is: did you mean a limit, as in @0-4G?",
		     fmt_size(sa, t->size));
	if (t->base || limit) {
		struct addr_range *range = region_add_range(r);

		range->base = t->base;
		range->size = limit ? limit - t->base : 0 - t->base;
		range->pos = t->base_at;
		range->pos.len = t->limit_at.off + t->limit_at.len - t->base_at.off;
	}
}

static void add_rule(struct compilation *c, struct srcpos at,
		     const char *first, const char *second)
{
	struct rule *rule = policy_add_rule(&c->policy);
	struct pattern *pt = rule_add_pattern(rule);
	struct target *tg;

	rule->pos = pt->pos = at;
	pt->dev = xstrdup("*");
	pt->kind = xstrdup("*");
	tg = rule_add_target(rule);
	tg->name = xstrdup(first);
	tg->pos = at;
	if (second) {
		tg = rule_add_target(rule);
		tg->name = xstrdup(second);
		tg->pos = at;
	}
}

void read_today_cmdline(struct compilation *c, struct srcfile *f)
{
	struct today_line t = { .c = c, .f = f };
	struct policy *p = &c->policy;
	bool has_default;

	p->has_regions = p->has_map = true;
	cma_cl_each_arg(f->buf, f->len, on_arg, &t);
	if (t.has_size)
		model_default(&t);
	else if (t.has_pernuma)	/* dma_contiguous_reserve()'s own */
		add_region(&t, "cma",
			   (uint64_t)compilation_target(c)->default_mbytes << 20,
			   t.pernuma_at);
	has_default = p->nregions > 0;
	if (t.has_pernuma && t.pernuma) {
		/* dma_alloc_contiguous(): the device's node's area, then the default. */
		add_region(&t, "pernuma", t.pernuma, t.pernuma_at);
		diag(&c->diags, CHECK_TODAY_PARAM, t.pernuma_at, NULL,
		     "cma_pernuma= makes an area of this size on each NUMA node, tried first for the node's devices: cmacc models one node");
		add_rule(c, t.pernuma_at, "pernuma", has_default ? "cma" : NULL);
	} else if (has_default) {
		add_rule(c, t.cma_at, "cma", NULL);
	}
}
