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

static const char *param_name(int which)
{
	return which == CMA_PARAM_REGIONS ? "cma=" : "cma_map=";
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

/* What the reader wanted at each place, in the user's terms. */
static const char *wanted(enum cma_cl_where where)
{
	switch (where) {
	case CMA_AT_REGIONS:
		return "a region, as NAME=SIZE";
	case CMA_AT_MAP:
		return "a rule, as DEVICE=REGION";
	case CMA_AT_REGION_NAME:
		return "a region name";
	case CMA_AT_REGION_EQ:
		return "'=' and the region's size";
	case CMA_AT_SIZE:
		return "the region's size, a number such as 16M";
	case CMA_AT_AFTER_SIZE:
		return "'@start', '/alignment', ':allocator', ';' or the end of cma= after the size";
	case CMA_AT_START:
		return "a start address after '@'";
	case CMA_AT_AFTER_START:
		return "'/alignment', ':allocator', ';' or the end of cma= after the start";
	case CMA_AT_ALIGN:
		return "an alignment after '/', a power of two such as 1M";
	case CMA_AT_AFTER_ALIGN:
		return "':allocator', ';' or the end of cma= after the alignment";
	case CMA_AT_ALLOC:
		return "an allocator name";
	case CMA_AT_AFTER_ALLOC:
		return "'(parameters)', ';' or the end of cma= after the allocator";
	case CMA_AT_PARAMS:
		return "')' to close the allocator's parameters";
	case CMA_AT_AFTER_PARAMS:
		return "';' or the end of cma= after the allocator's parameters";
	case CMA_AT_PATTERN:
		return "a device pattern";
	case CMA_AT_KIND:
		return "a kind pattern after '/'";
	case CMA_AT_AFTER_PATTERN:
		return "',' and another pattern, or '=' and the rule's regions";
	case CMA_AT_TARGET:
		return "a region name";
	case CMA_AT_AFTER_TARGET:
		return "',' and another region, ';' or the end of cma_map=";
	}
	return "something else";
}

/* The letters and digits of a bad name, as a fix-it; NULL when none. */
/* The name around a bad character: up to the next delimiter each side. */
static struct srcpos name_around(struct cl_state *s, size_t off)
{
	static const char stops[] = "=;,@/:() \t\n\"";
	size_t from = off, to = off;

	while (from > 0 && !strchr(stops, s->f->buf[from - 1]))
		from--;
	while (to < s->f->len && !strchr(stops, s->f->buf[to]))
		to++;
	return srcpos_at(s->f, from, to - from);
}

static void report_bad_name(struct cl_state *s, const struct cma_cl_error *e)
{
	struct diags *d = &s->c->diags;
	struct srcpos name = name_around(s, e->at.off);
	char *fix = name_fix(s->f->buf + name.off, name.len);
	const char *what = e->where == CMA_AT_ALLOC ? "allocator" : "region";
	char bad = s->f->buf[e->at.off];

	diag(d, CHECK_BAD_NAME, name, fix,
	     "%s name '%.*s' has '%c' in it: names may hold only letters and digits",
	     what, (int)name.len, s->f->buf + name.off, bad);
	free(fix);
}

static void report_octal(struct cl_state *s, const struct cma_cl_error *e)
{
	struct diags *d = &s->c->diags;
	size_t from = e->at.off, to = e->at.off, zeros;
	char *fix;

	while (from > 0 && s->f->buf[from - 1] >= '0' && s->f->buf[from - 1] <= '9')
		from--;
	while (to < s->f->len && s->f->buf[to] >= '0' && s->f->buf[to] <= '9')
		to++;
	for (zeros = from; zeros + 1 < to && s->f->buf[zeros] == '0';)
		zeros++;
	fix = xstrndup(s->f->buf + zeros, to - zeros);
	diag(d, CHECK_SYNTAX, srcpos_at(s->f, from, to - from), fix,
	     "'%c' is not an octal digit, and a number with a leading 0 is read as octal",
	     s->f->buf[e->at.off]);
	free(fix);
}

static int on_error(void *priv, const struct cma_cl_error *e)
{
	struct cl_state *s = priv;
	struct diags *d = &s->c->diags;
	struct srcpos at = pos_of(s, e->at);
	const char *param = param_name(e->where >= CMA_AT_MAP ?
				       CMA_PARAM_MAP : CMA_PARAM_REGIONS);
	char c = e->at.off < s->f->len ? s->f->buf[e->at.off] : '\0';

	if ((e->where == CMA_AT_REGIONS || e->where == CMA_AT_REGION_NAME) &&
	    e->problem != CMA_CL_BAD_NAME)
		s->c->policy.regions_incomplete = true;

	switch (e->problem) {
	case CMA_CL_UNEXPECTED:
		if (c == '"')
			diag(d, CHECK_SYNTAX, at, NULL,
			     "unexpected '\"' inside %s: expected %s", param,
			     wanted(e->where));
		else if (c >= ' ' && c < 127)
			diag(d, CHECK_SYNTAX, at, NULL,
			     "unexpected '%c': expected %s", c,
			     wanted(e->where));
		else
			diag(d, CHECK_SYNTAX, at, NULL,
			     "unexpected byte 0x%02x: expected %s",
			     (unsigned char)c, wanted(e->where));
		break;
	case CMA_CL_END:
		if (e->where == CMA_AT_PARAMS)
			diag(d, CHECK_SYNTAX, at, ")",
			     "the allocator's parameters are not closed: expected ')' before the end of cma=");
		else if (e->where == CMA_AT_REGIONS ||
			 e->where == CMA_AT_MAP)
			diag(d, CHECK_EMPTY, at, NULL, "%s is empty: expected %s",
			     param, wanted(e->where));
		else
			diag(d, CHECK_SYNTAX, at, NULL,
			     "%s ends too early: expected %s", param,
			     wanted(e->where));
		break;
	case CMA_CL_SPACE:
		diag(d, CHECK_WHITESPACE, at, NULL,
		     "white space inside %s: expected %s", param,
		     wanted(e->where));
		diag_note(d, srcpos_none(),
			  "the kernel splits its command line at white space and allows none inside cma= or cma_map=, even in quotes");
		break;
	case CMA_CL_BAD_NAME:
		report_bad_name(s, e);
		break;
	case CMA_CL_COMMA:
		diag(d, CHECK_COMMA_SEPARATOR, at, ";",
		     "regions are separated by ';', not ','");
		diag_note(d, srcpos_none(),
			  "the 2010 documentation writes ',' here, but the kernel's parser stops at it");
		break;
	case CMA_CL_OVERFLOW:
		diag(d, CHECK_OVERFLOW, at, NULL,
		     "number '%.*s' does not fit in 64 bits", (int)at.len,
		     s->f->buf + at.off);
		break;
	case CMA_CL_OCTAL:
		report_octal(s, e);
		break;
	case CMA_CL_STAR:
		diag(d, CHECK_STAR_POSITION, at, NULL,
		     "'*' may stand only at the end of a pattern");
		diag_note(d, srcpos_none(),
			  "'*' matches any rest of a name; use '?' for any one character");
		break;
	case CMA_CL_EMPTY:
		diag(d, CHECK_EMPTY, at, NULL, "empty %s: expected %s",
		     e->where == CMA_AT_KIND ? "kind" :
		     e->where == CMA_AT_PATTERN ? "pattern" :
		     "region name", wanted(e->where));
		break;
	case CMA_CL_PARAM_SEMI:
		diag(d, CHECK_PARAM_SEMICOLON, at, NULL,
		     "allocator parameters cannot contain ';'");
		diag_note(d, srcpos_none(),
			  "the kernel ends the region at ';' and reads the rest as another region");
		break;
	case CMA_CL_NO_VALUE:
		diag(d, CHECK_SYNTAX, at, "=",
		     "'%.*s' without a value: expected '=' and its value",
		     (int)e->subject.len, s->f->buf + e->subject.off);
		break;
	}
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

void read_cmdline_source(struct compilation *c, struct srcfile *f)
{
	struct cl_state s = { .c = c, .f = f };
	size_t len = f->len;

	/* What the length limit counts: the line, not its final newline. */
	while (len && (f->buf[len - 1] == '\n' || f->buf[len - 1] == '\r'))
		len--;
	c->policy.cmdline = srcpos_at(f, 0, len);
	cma_cl_read_cmdline(f->buf, f->len, &cmdline_ops, &s);
}
