// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The command-line front end: the shared reader in runtime/ reads the
 * text; this file turns its events into the model and its problems into
 * diagnostics in the user's terms.
 */
#include <stdlib.h>
#include <string.h>

#include "cmacc.h"
#include "cmdline-args.h"

struct cl_state {
	struct compilation *c;
	struct srcfile *f;
	struct rule *rule;	/* the rule being read */
};

static struct srcpos pos_of(struct cl_state *s, struct cma_span sp)
{
	return srcpos_at(s->f, sp.off, sp.len);
}

static char *str_of(struct cl_state *s, struct cma_span sp)
{
	return xstrndup(s->f->buf + sp.off, sp.len);
}

static int on_param(void *priv, enum cma_param which, struct cma_span name,
		    struct cma_span value, bool overridden)
{
	struct cl_state *s = priv;
	struct policy *p = &s->c->policy;
	struct param_use *u;

	VEC_RESERVE(p->params, p->nparams, p->params_cap);
	u = &p->params[p->nparams++];
	u->which = which;
	u->name = pos_of(s, name);
	u->value = pos_of(s, value);
	u->overridden = overridden;
	if (which == CMA_PARAM_REGIONS)
		p->has_regions = true;
	else
		p->has_map = true;
	return 0;
}

static int on_region(void *priv, const struct cma_cl_region *cr)
{
	struct cl_state *s = priv;
	struct region *r = policy_add_region(&s->c->policy);

	r->name = str_of(s, cr->name);
	r->pos = pos_of(s, cr->whole);
	r->name_pos = pos_of(s, cr->name);
	r->has_size = true;
	r->size = cr->size_val;
	r->size_pos = pos_of(s, cr->size);
	r->has_start = cr->flags & CMA_REGION_START;
	r->start = cr->start_val;
	r->start_pos = pos_of(s, cr->start);
	r->has_align = cr->flags & CMA_REGION_ALIGN;
	r->align = cr->align_val;
	r->align_pos = pos_of(s, cr->align);
	if (cr->flags & CMA_REGION_ALLOC) {
		r->alloc = str_of(s, cr->alloc);
		r->alloc_pos = pos_of(s, cr->alloc);
	}
	if (cr->flags & CMA_REGION_PARAMS) {
		r->params = str_of(s, cr->params);
		r->params_pos = pos_of(s, cr->params);
	}
	r->broken = cr->flags & CMA_REGION_BROKEN;
	return 0;
}

static int on_rule_begin(void *priv, struct cma_span at)
{
	struct cl_state *s = priv;

	s->rule = policy_add_rule(&s->c->policy);
	s->rule->pos = pos_of(s, at);
	return 0;
}

static int on_pattern(void *priv, const struct cma_cl_pattern *cp)
{
	struct cl_state *s = priv;
	struct pattern *p = rule_add_pattern(s->rule);

	p->pos = pos_of(s, cp->whole);
	p->inherited = cp->flags & CMA_PATTERN_INHERITED;
	if (!(cp->flags & CMA_PATTERN_ORPHAN))
		p->dev = str_of(s, cp->dev);
	if (cp->flags & CMA_PATTERN_KIND)
		p->kind = str_of(s, cp->kind);
	return 0;
}

static int on_target(void *priv, struct cma_span name)
{
	struct cl_state *s = priv;
	struct target *t = rule_add_target(s->rule);

	t->name = str_of(s, name);
	t->pos = pos_of(s, name);
	return 0;
}

static int on_rule_end(void *priv, struct cma_span whole, bool broken)
{
	struct cl_state *s = priv;

	s->rule->pos = pos_of(s, whole);
	s->rule->broken = broken;
	if (broken)
		s->c->policy.rules_incomplete = true;
	s->rule = NULL;
	return 0;
}

/* The digits around an octal number's bad digit, and them without the 0s. */
static char *octal_fix(struct cl_state *s, size_t off, struct srcpos *at)
{
	const char *buf = s->f->buf;
	size_t from = off, to = off, zeros;

	while (from > 0 && buf[from - 1] >= '0' && buf[from - 1] <= '9')
		from--;
	while (to < s->f->len && buf[to] >= '0' && buf[to] <= '9')
		to++;
	for (zeros = from; zeros + 1 < to && buf[zeros] == '0';)
		zeros++;
	*at = srcpos_at(s->f, from, to - from);
	return xstrndup(buf + zeros, to - zeros);
}

/*
 * The reader's words for a problem (the runtime's, which libcma gives
 * too), as the diagnostic of its check, with where and what would be
 * right, and a note where the kernel's reading needs one.
 */
static int on_error(void *priv, const struct cma_cl_error *e)
{
	struct cl_state *s = priv;
	struct diags *d = &s->c->diags;
	struct srcpos at = pos_of(s, e->at);
	const char *fixit = NULL, *note = NULL;
	int check = CHECK_SYNTAX;
	char *owned = NULL, *words;
	struct cma_span name;
	size_t n;

	if ((e->where == CMA_AT_REGIONS || e->where == CMA_AT_REGION_NAME) &&
	    e->problem != CMA_CL_BAD_NAME && !cma_cl_is_lenient(e->problem))
		s->c->policy.regions_incomplete = true;
	switch (e->problem) {
	case CMA_CL_END:
		if (e->where == CMA_AT_PARAMS)
			fixit = ")";
		else if (e->where == CMA_AT_REGIONS || e->where == CMA_AT_MAP)
			check = CHECK_EMPTY;
		break;
	case CMA_CL_SPACE:
		check = CHECK_WHITESPACE;
		note = "the kernel splits its command line at white space and allows none inside cma= or cma_map=, even in quotes";
		break;
	case CMA_CL_BAD_NAME:
		check = CHECK_BAD_NAME;
		name = cma_cl_name_around(s->f->buf, s->f->len, e->at.off);
		at = pos_of(s, name);
		fixit = owned = name_fix(s->f->buf + name.off, name.len);
		break;
	case CMA_CL_COMMA:
		check = CHECK_COMMA_SEPARATOR;
		fixit = ";";
		if (e->where < CMA_AT_MAP)
			note = "the 2010 documentation writes ',' here, but the kernel's parser stops at it";
		break;
	case CMA_CL_OVERFLOW:
		check = CHECK_OVERFLOW;
		break;
	case CMA_CL_OCTAL:
		fixit = owned = octal_fix(s, e->at.off, &at);
		break;
	case CMA_CL_STAR:
		check = CHECK_STAR_POSITION;
		note = "'*' matches any rest of a name; use '?' for any one character";
		break;
	case CMA_CL_EMPTY:
		check = CHECK_EMPTY;
		break;
	case CMA_CL_PARAM_SEMI:
		check = CHECK_PARAM_SEMICOLON;
		note = "the kernel ends the region at ';' and reads the rest as another region";
		break;
	case CMA_CL_NO_VALUE:
		fixit = "=";
		break;
	case CMA_CL_UNEXPECTED:
		break;
	case CMA_CL_NAME_UNDERSCORE:
		check = CHECK_LENIENT;
		name = cma_cl_name_around(s->f->buf, s->f->len, e->at.off);
		at = pos_of(s, name);
		break;
	case CMA_CL_EMPTY_NUMBER:
		check = CHECK_LENIENT;
		note = e->where == CMA_AT_START ?
		       "the grammar of cma-map(5) does not allow it; leave out the '@' to say the same" :
		       "the grammar of cma-map(5) does not allow it; leave out the '/' to say the same";
		break;
	case CMA_CL_ZERO_ALIGN:
		check = CHECK_LENIENT;
		note = "leave out '/0' to align the region to one page";
		break;
	case CMA_CL_EMPTY_KIND:
		check = CHECK_LENIENT;
		note = "the grammar of cma-map(5) does not allow it; leave out the '/' to say the same";
		break;
	case CMA_CL_EMPTY_PARAM:
		check = CHECK_LENIENT;
		note = "the grammar of cma-map(5) does not allow it; leave the parameter out to say the same";
		break;
	}
	n = cma_cl_describe(e, s->f->buf, s->f->len, NULL, 0) + 1;
	words = xmalloc(n);
	cma_cl_describe(e, s->f->buf, s->f->len, words, n);
	diag(d, check, at, fixit, "%s", words);
	if (note)
		diag_note(d, srcpos_none(), "%s", note);
	free(words);
	free(owned);
	return 0;
}

static const struct cma_cl_ops cmdline_ops = {
	.param = on_param,
	.region = on_region,
	.rule_begin = on_rule_begin,
	.pattern = on_pattern,
	.target = on_target,
	.rule_end = on_rule_end,
	.error = on_error,
};

/*
 * Which dialect a line is in: the 2010 patch's has cma_map= or a cma= of
 * named regions (cma=r=4M), today's a cma= that is a size (cma=256M@0-4G),
 * cma_pernuma= or numa_cma=.
 */
struct dialects {
	const char *buf;
	struct cma_span today, old;	/* the first of each */
	bool has_today, has_old;
};

static int sort_arg(void *priv, struct cma_span name, struct cma_span value,
		    bool has_value)
{
	struct dialects *d = priv;
	const char *v = d->buf + value.off;
	bool today = false, old = false;

	if (cma_cl_param_is(d->buf, name, "cma") && has_value && value.len) {
		old = memchr(v, '=', value.len) != NULL;
		today = !old && v[0] >= '0' && v[0] <= '9';
	} else if (cma_cl_param_is(d->buf, name, "cma_map")) {
		old = true;
	} else {
		today = cma_cl_param_is(d->buf, name, "cma_pernuma") ||
			cma_cl_param_is(d->buf, name, "numa_cma");
	}
	if (today && !d->has_today) {
		d->today = (struct cma_span){ name.off,
					      value.off + value.len - name.off };
		d->has_today = true;
	}
	if (old && !d->has_old) {
		d->old = (struct cma_span){ name.off,
					    value.off + value.len - name.off };
		d->has_old = true;
	}
	return 0;
}

static struct dialects dialects_of(const struct srcfile *f)
{
	struct dialects d = { .buf = f->buf };

	cma_cl_each_arg(f->buf, f->len, sort_arg, &d);
	return d;
}

bool cmdline_is_today(const struct srcfile *f)
{
	struct dialects d = dialects_of(f);

	return d.has_today && !d.has_old;
}

void read_cmdline_source(struct compilation *c, struct srcfile *f)
{
	struct cl_state s = { .c = c, .f = f };
	struct dialects d = dialects_of(f);
	size_t len = f->len;

	if (d.has_today && !d.has_old) {
		read_today_cmdline(c, f);
		return;
	}
	if (d.has_today) {
		diag(&c->diags, CHECK_DIALECT, srcpos_at(f, d.today.off, d.today.len),
		     NULL, "%.*s is today's kernels' and %.*s the 2010 patch's: a line is in one dialect or the other",
		     (int)d.today.len, f->buf + d.today.off,
		     (int)d.old.len, f->buf + d.old.off);
		diag_note(&c->diags, srcpos_at(f, d.old.off, d.old.len),
			  "the 2010 dialect here; today's cma= is a size and an optional @start-limit (cma=256M@0-4G), the 2010 one names regions (cma=r=256M)");
		return;
	}

	/* What the length limit counts: the line, not its final newline. */
	while (len && (f->buf[len - 1] == '\n' || f->buf[len - 1] == '\r'))
		len--;
	c->policy.cmdline = srcpos_at(f, 0, len);
	cma_cl_read_cmdline(f->buf, f->len,
			    c->opts->cmdline_kernel != KERNEL_RUNTIME,
			    &cmdline_ops, &s);
}
