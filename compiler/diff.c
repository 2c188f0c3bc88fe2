// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * --diff=OLD: what changed from an older policy to this one, for the
 * review of a board change.  Regions by name (added, removed, each field
 * that changed, and where a region now lies when that moved), the memory
 * by name, and the requests whose answer changed: one request drawn from
 * each pattern of either policy, answered by --explain's rule (the first
 * rule whose pattern takes it) in both.
 */
#include <stdlib.h>
#include <string.h>

#include "cmacc.h"
#include "glob.h"
#include "placement.h"

struct diff {
	struct strbuf *out;
	const char *section;	/* printed before its first line */
	size_t lines;		/* of all sections */
};

static void line_start(struct diff *d)
{
	if (d->section) {
		sb_printf(d->out, "%s%s:\n", d->lines ? "\n" : "", d->section);
		d->section = NULL;
	}
	d->lines++;
}

static const char *or_none(const char *s)
{
	return s ? s : "(none)";
}

/* "what: old -> new", when they differ. */
static void field(struct diff *d, const char *name, const char *what,
		  const char *old, const char *new)
{
	if (!strcmp(old, new))
		return;
	line_start(d);
	sb_printf(d->out, "  ~ %s: %s %s -> %s\n", name, what, old, new);
}

static void size_field(struct diff *d, const char *name, const char *what,
		       bool had, uint64_t old, bool has, uint64_t new)
{
	char a[32], b[32];

	field(d, name, what, had ? fmt_size(a, old) : "(none)",
	      has ? fmt_size(b, new) : "(none)");
}

static void addr_field(struct diff *d, const char *name, const char *what,
		       bool had, uint64_t old, bool has, uint64_t new)
{
	char a[32], b[32];

	field(d, name, what, had ? fmt_addr(a, old) : "(none)",
	      has ? fmt_addr(b, new) : "(none)");
}

/* A region's ranges as one string, to compare and to show. */
static char *ranges_text(const struct region *r)
{
	struct strbuf sb = { 0 };
	char a[32], s[32];
	size_t i;

	for (i = 0; i < r->nranges; i++)
		sb_printf(&sb, "%s%s+%s", i ? ", " : "",
			  fmt_addr(a, r->ranges[i].base),
			  fmt_size(s, r->ranges[i].size));
	if (!sb.buf)
		sb_puts(&sb, "(none)");
	return sb.buf;
}

static const char *flags_text(const struct region *r)
{
	return r->no_map ? (r->reusable ? "reusable, no_map" : "no_map") :
	       r->reusable ? "reusable" : "(none)";
}

static void place_text(char buf[80], const struct placement *pl)
{
	char a[32], b[32];

	if (pl->known || (pl->fixed && pl->fits))
		snprintf(buf, 80, "[%s, %s]", fmt_addr(a, pl->start),
			 fmt_addr(b, pl->last));
	else
		snprintf(buf, 80, "%s", pl->tried && !pl->fits ?
			 "nowhere" : "(placed at run time)");
}

static void region_added(struct diff *d, const struct region *r,
			 const struct placement *pl, char sign)
{
	char s[32], where[80];

	place_text(where, pl);
	line_start(d);
	sb_printf(d->out, "  %c %s: %s at %s\n", sign, r->name,
		  r->has_size ? fmt_size(s, r->size) : "(no size)", where);
}

static void region_changed(struct diff *d, const struct region *o,
			   const struct placement *opl, const struct region *n,
			   const struct placement *npl)
{
	char *or = ranges_text(o), *nr = ranges_text(n);
	char ow[80], nw[80];

	size_field(d, n->name, "size", o->has_size, o->size, n->has_size,
		   n->size);
	addr_field(d, n->name, "start", o->has_start && o->start, o->start,
		   n->has_start && n->start, n->start);
	size_field(d, n->name, "align", o->has_align, o->align, n->has_align,
		   n->align);
	field(d, n->name, "allocator", or_none(o->alloc), or_none(n->alloc));
	field(d, n->name, "params", or_none(o->params), or_none(n->params));
	field(d, n->name, "alloc_range", or, nr);
	field(d, n->name, "flags", flags_text(o), flags_text(n));
	/* Where it lands: a region that gives no start moves with others. */
	place_text(ow, opl);
	place_text(nw, npl);
	field(d, n->name, "lies at", ow, nw);
	free(or);
	free(nr);
}

static void diff_regions(struct diff *d, struct compilation *old,
			 struct compilation *new)
{
	const struct policy *op = &old->policy, *np = &new->policy;
	const struct placement *opl = compilation_placement(old);
	const struct placement *npl = compilation_placement(new);
	size_t i;
	long k;

	d->section = "regions";
	for (i = 0; i < op->nregions; i++)
		if (policy_find(op, op->regions[i].name) == (long)i &&
		    policy_find(np, op->regions[i].name) < 0)
			region_added(d, &op->regions[i], &opl[i], '-');
	for (i = 0; i < np->nregions; i++) {
		if (policy_find(np, np->regions[i].name) != (long)i)
			continue;
		k = policy_find(op, np->regions[i].name);
		if (k < 0)
			region_added(d, &np->regions[i], &npl[i], '+');
		else
			region_changed(d, &op->regions[k], &opl[k],
				       &np->regions[i], &npl[i]);
	}
}

/* The bank or carve-out called name in the n of all, or NULL. */
static const struct bank *bank_named(const struct bank *all, size_t n,
				     const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (all[i].name && name && !strcmp(all[i].name, name))
			return &all[i];
	return NULL;
}

static void diff_banks(struct diff *d, const char *what,
		       const struct bank *old, size_t nold,
		       const struct bank *new, size_t nnew)
{
	char a[32], s[32], label[160];
	const struct bank *b;
	size_t i;

	for (i = 0; i < nold; i++)
		if (!bank_named(new, nnew, old[i].name)) {
			line_start(d);
			sb_printf(d->out, "  - %s %s: %s at %s\n", what,
				  or_none(old[i].name), fmt_size(s, old[i].size),
				  fmt_addr(a, old[i].base));
		}
	for (i = 0; i < nnew; i++) {
		b = bank_named(old, nold, new[i].name);
		if (!b) {
			line_start(d);
			sb_printf(d->out, "  + %s %s: %s at %s\n", what,
				  or_none(new[i].name), fmt_size(s, new[i].size),
				  fmt_addr(a, new[i].base));
			continue;
		}
		snprintf(label, sizeof(label), "%s %s", what, new[i].name);
		addr_field(d, label, "base", true, b->base, true, new[i].base);
		size_field(d, label, "size", true, b->size, true, new[i].size);
	}
}

/* A request that pattern text s (a device or a kind) takes. */
static char *sample_of(const char *s)
{
	size_t n = strlen(s);
	char *r = xcalloc(n + 8, 1), *w = r;

	for (; *s; s++)
		if (*s == '?')
			*w++ = '0';
		else if (*s != '*')
			*w++ = *s;
	/* A pattern of '*' alone: any name, so one of its own. */
	if (w == r)
		strcpy(r, "other");
	return r;
}

struct request {
	char *dev, *kind;	/* kind NULL: no kind */
};

static int by_request(const void *a, const void *b)
{
	const struct request *x = a, *y = b;
	int c = strcmp(x->dev, y->dev);

	if (c)
		return c;
	if (!x->kind || !y->kind)
		return !!x->kind - !!y->kind;
	return strcmp(x->kind, y->kind);
}

static void add_request(struct request **all, size_t *n, size_t *cap,
			const char *dev, const char *kind)
{
	VEC_RESERVE(*all, *n, *cap);
	(*all)[*n].dev = sample_of(dev);
	(*all)[(*n)++].kind = kind ? sample_of(kind) : NULL;
}

/*
 * A request from each pattern of p, into *all; and one with no kind
 * from a kind pattern that takes it too ("kind any").
 */
static void add_requests(const struct policy *p, struct request **all,
			 size_t *n, size_t *cap)
{
	const struct rule *r;
	const struct pattern *pt;

	for_each_rule(p, r)
		for_each_pattern(r, pt) {
			struct glob k = glob_of(pt->kind);

			if (!pt->dev)
				continue;
			add_request(all, n, cap, pt->dev, pt->kind);
			if (pt->kind && glob_match(&k, ""))
				add_request(all, n, cap, pt->dev, NULL);
		}
}

/*
 * A policy's patterns for answering many requests: those whose device is
 * a literal, by device then rule, found by a binary search; the others
 * in rule order.  A request's answer is the first rule, of its device's
 * run and the others merged by rule, whose pattern takes it: about log n
 * a request, not the n rules a walk would try.
 */
struct entry {
	const char *dev;
	size_t rule;
	const struct pattern *pt;
};

struct answers {
	const struct policy *p;
	struct entry *literal, *wild;
	size_t nliteral, nwild;
};

static int by_device(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c = strcmp(x->dev, y->dev);

	return c ? c : x->rule < y->rule ? -1 : x->rule > y->rule;
}

static void answers_init(struct answers *a, const struct policy *p)
{
	const struct rule *r;
	const struct pattern *pt;
	size_t lcap = 0, wcap = 0;

	*a = (struct answers){ .p = p };
	for_each_rule(p, r)
		for_each_pattern(r, pt) {
			struct entry e = { pt->dev, (size_t)(r - p->rules), pt };

			if (!pt->dev)
				continue;
			if (strpbrk(pt->dev, "?*")) {
				VEC_RESERVE(a->wild, a->nwild, wcap);
				a->wild[a->nwild++] = e;
			} else {
				VEC_RESERVE(a->literal, a->nliteral, lcap);
				a->literal[a->nliteral++] = e;
			}
		}
	if (a->nliteral)
		qsort(a->literal, a->nliteral, sizeof(*a->literal), by_device);
}

static void answers_free(struct answers *a)
{
	free(a->literal);
	free(a->wild);
}

/* The first rule that takes the request, or NULL. */
static const struct rule *answer(const struct answers *a,
				 const struct request *q)
{
	size_t lo = 0, hi = a->nliteral, w = 0;

	/* The first literal pattern of the request's device. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(a->literal[mid].dev, q->dev) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (;;) {
		bool lit = lo < a->nliteral && !strcmp(a->literal[lo].dev, q->dev);
		const struct entry *e;

		if (!lit && w == a->nwild)
			return NULL;
		if (lit && (w == a->nwild || a->literal[lo].rule < a->wild[w].rule))
			e = &a->literal[lo++];
		else
			e = &a->wild[w++];
		if (pattern_takes(e->pt, q->dev, q->kind))
			return &a->p->rules[e->rule];
	}
}

static void answer_text(struct strbuf *sb, const struct rule *r)
{
	size_t i;

	if (!r) {
		sb_puts(sb, "no rule (-ENOENT)");
		return;
	}
	for (i = 0; i < r->ntargets; i++)
		sb_printf(sb, "%s%s", i ? ", " : "", r->targets[i].name);
}

static void diff_answers(struct diff *d, const struct policy *op,
			 const struct policy *np)
{
	struct request *all = NULL;
	struct answers old, new;
	size_t i, n = 0, cap = 0;

	add_requests(op, &all, &n, &cap);
	add_requests(np, &all, &n, &cap);
	qsort(all, n, sizeof(*all), by_request);
	answers_init(&old, op);
	answers_init(&new, np);
	d->section = "requests whose answer changed (try each with --explain)";
	for (i = 0; i < n; i++) {
		struct strbuf was = { 0 }, is = { 0 }, req = { 0 };
		const struct rule *nr;

		if (i && !by_request(&all[i - 1], &all[i]))
			continue;
		nr = answer(&new, &all[i]);
		answer_text(&was, answer(&old, &all[i]));
		answer_text(&is, nr);
		if (strcmp(was.buf, is.buf)) {
			size_t line, col;

			sb_printf(&req, "%s%s%s", all[i].dev,
				  all[i].kind ? "/" : "",
				  all[i].kind ? all[i].kind : "");
			line_start(d);
			sb_printf(d->out, "  %-24s %s -> %s", req.buf, was.buf,
				  is.buf);
			if (nr && !nr->pos.file->binary) {
				srcfile_linecol(nr->pos.file, nr->pos.off,
						&line, &col);
				sb_printf(d->out, "  (%s:%zu)",
					  nr->pos.file->name, line);
			}
			sb_putc(d->out, '\n');
		}
		sb_free(&was);
		sb_free(&is);
		sb_free(&req);
	}
	for (i = 0; i < n; i++) {
		free(all[i].dev);
		free(all[i].kind);
	}
	free(all);
	answers_free(&old);
	answers_free(&new);
}

void diff_policies(struct compilation *old, struct compilation *new,
		   struct strbuf *out)
{
	const struct policy *op = &old->policy, *np = &new->policy;
	struct diff d = { out, NULL, 0 };
	char a[32], b[32];

	sb_printf(out, "--- %s\n+++ %s\n", old->files[0]->name,
		  new->files[0]->name);
	diff_regions(&d, old, new);
	d.section = "memory";
	if (op->page_size != np->page_size) {
		line_start(&d);
		sb_printf(out, "  ~ page_size: %s -> %s\n",
			  fmt_size(a, op->page_size), fmt_size(b, np->page_size));
	}
	diff_banks(&d, "bank", op->banks, op->nbanks, np->banks, np->nbanks);
	diff_banks(&d, "reserved", op->reserved, op->nreserved, np->reserved,
		   np->nreserved);
	diff_answers(&d, op, np);
	if (!d.lines)
		sb_puts(out, "no difference: the same regions, memory and answers\n");
}
