// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * --explain DEV[/KIND]: the answer the kernel would give a request, with
 * the reasons.  Which rule takes it and by which pattern, which regions
 * it tries in which order, with their sizes and addresses; or, when no
 * rule does, the rules that came closest and what kept each out.
 */
#include <stdlib.h>
#include <string.h>

#include "cmacc.h"
#include "glob.h"
#include "kernel-place.h"
#include "placement.h"

#include <libfdt.h>

static void print_rule(struct strbuf *out, const struct rule *r)
{
	char path[1024];
	size_t line, col;

	/* A device tree's rule is a node's memory-region: its path says it. */
	if (r->pos.file->fdt &&
	    !fdt_get_path(r->pos.file->buf,
			  (int)(r->pos.off - fdt_off_dt_struct(r->pos.file->buf)),
			  path, sizeof(path))) {
		sb_printf(out, "%s: %s", r->pos.file->name, path);
		return;
	}
	srcfile_linecol(r->pos.file, r->pos.off, &line, &col);
	sb_printf(out, "%s:%zu:%zu: '%.*s'", r->pos.file->name, line, col,
		  (int)r->pos.len, r->pos.file->buf + r->pos.off);
}

static void print_request(struct strbuf *out, const char *dev,
			  const char *kind)
{
	sb_printf(out, "request: device '%s', ", dev);
	if (kind)
		sb_printf(out, "kind '%s'\n", kind);
	else
		sb_puts(out, "no kind\n");
}

/*
 * Where a region of today's kernels lies: as the kernel places its pool,
 * or, not knowing the memory, within its ranges.
 */
static void print_pool_place(struct strbuf *out, const struct policy *p,
			     const struct region *g, const struct kernel_place *kp)
{
	char a[32], b[32];
	size_t j;

	if (kp->placed) {
		sb_printf(out, "[%s, %s]%s\n", fmt_addr(a, kp->start),
			  fmt_addr(b, kp->start + (kp->size - 1)),
			  kp->fixed ? " (fixed)" : " (where the kernel places it)");
		return;
	}
	if (kp->tried && p->nbanks) {
		sb_puts(out, "nowhere: the kernel finds no room\n");
		return;
	}
	if (!g->nranges) {
		sb_puts(out, "anywhere the kernel finds room\n");
		return;
	}
	sb_puts(out, "where the kernel finds room in");
	for (j = 0; j < g->nranges; j++)
		sb_printf(out, "%s [%s, %s]", j ? "," : "",
			  fmt_addr(a, g->ranges[j].base),
			  fmt_addr(b, g->ranges[j].base +
				   (g->ranges[j].size - 1)));
	sb_putc(out, '\n');
}

static void print_regions(struct strbuf *out, struct compilation *c,
			  const struct rule *r)
{
	const struct policy *p = &c->policy;
	bool today = p->from_tree || c->today_cmdline;
	struct placement *pl = policy_placement(p);
	struct kernel_place *kp = today ? kernel_placement(c) : NULL;
	char a[32], b[32], s[32];
	size_t i;

	sb_puts(out, "regions tried, in this order, until one has room:\n");
	for (i = 0; i < r->ntargets; i++) {
		long k = r->targets[i].region;
		const struct region *g = &p->regions[k];
		uint64_t size;

		region_size(g, p->page_size, &size);
		sb_printf(out, "  %zu. %-12s %8s  ", i + 1, g->name,
			  fmt_size(s, size));
		if (kp)
			print_pool_place(out, p, g, &kp[k]);
		else if (pl[k].known)
			sb_printf(out, "[%s, %s]%s\n", fmt_addr(a, pl[k].start),
				  fmt_addr(b, pl[k].last),
				  pl[k].fixed ? " (fixed)" : " (placed in the declared memory)");
		else
			sb_puts(out, "anywhere the kernel finds room\n");
	}
	free(kp);
	free(pl);
}

/* What the kind part of pt asks for, in words. */
static void kind_words(struct strbuf *sb, const struct pattern *pt,
		       const char *kind)
{
	if (!pt->kind)
		sb_printf(sb, "the pattern takes only requests with no kind, not kind '%s'",
			  kind);
	else if (!kind)
		sb_printf(sb, "kind pattern '%s' does not match a request with no kind",
			  pt->kind);
	else
		sb_printf(sb, "kind '%s' does not match '%s'", kind, pt->kind);
}

/* Why pattern pt does not take (dev, kind), and how far it is from it. */
static size_t why_not(const struct pattern *pt, const char *dev,
		      const char *kind, struct strbuf *why)
{
	struct glob d, k = glob_of(pt->kind);
	bool dev_ok, kind_ok = glob_match(&k, kind ? kind : "");

	if (!pt->dev) {
		sb_puts(why, "it has no device pattern, so it matches nothing");
		return 1000;
	}
	d = glob_of(pt->dev);
	dev_ok = glob_match(&d, dev);
	if (dev_ok) {
		sb_puts(why, "the device matches, but ");
		kind_words(why, pt, kind);
		return 0;
	}
	sb_printf(why, "device '%s' does not match '%s'", dev, pt->dev);
	if (kind_ok)
		return 1 + edit_distance(dev, pt->dev, 64);
	sb_puts(why, ", and ");
	kind_words(why, pt, kind);
	return 100 + edit_distance(dev, pt->dev, 64);
}

struct near_miss {
	size_t score;
	size_t rule;
	char *why;
};

static int by_score(const void *a, const void *b)
{
	const struct near_miss *x = a, *y = b;

	if (x->score != y->score)
		return x->score < y->score ? -1 : 1;
	return x->rule < y->rule ? -1 : x->rule > y->rule;
}

void explain(struct compilation *c, const char *request, struct strbuf *out)
{
	const struct policy *p = &c->policy;
	const char *slash = strchr(request, '/');
	char *dev = slash ? xstrndup(request, slash - request) : xstrdup(request);
	const char *kind = slash && slash[1] ? slash + 1 : NULL;
	struct near_miss *miss = xcalloc(p->nrules, sizeof(*miss));
	size_t i, j, nmiss = 0;

	print_request(out, dev, kind);
	if (!*dev) {
		/* As the 2010 __cma_where_from() and libcma refuse it. */
		sb_puts(out, "a request needs a device name: cma_alloc() would fail with -EINVAL\n");
		goto done;
	}
	for (i = 0; i < p->nrules; i++) {
		const struct rule *r = &p->rules[i];
		struct near_miss best = { (size_t)-1, i, NULL };

		for (j = 0; j < r->npatterns; j++) {
			const struct pattern *pt = &r->patterns[j];
			struct strbuf why = { 0 };
			size_t score;

			if (pattern_takes(pt, dev, kind)) {
				sb_puts(out, "taken by rule ");
				print_rule(out, r);
				/* A tree's pattern is no text of its file. */
				if (pt->pos.file->binary)
					sb_printf(out, "\n  by its pattern '%s%s%s'\n",
						  pt->dev ? pt->dev : "",
						  pt->kind ? " kind " : "",
						  pt->kind ? pt->kind : "");
				else
					sb_printf(out, "\n  by its pattern '%.*s'\n",
						  (int)pt->pos.len,
						  pt->pos.file->buf + pt->pos.off);
				print_regions(out, c, r);
				free(best.why);
				goto done;
			}
			score = why_not(pt, dev, kind, &why);
			if (score < best.score) {
				free(best.why);
				best.score = score;
				best.why = why.buf;
			} else {
				sb_free(&why);
			}
		}
		if (best.why)
			miss[nmiss++] = best;
	}
	sb_puts(out, "no rule takes it: cma_alloc() would fail with -ENOENT\n");
	qsort(miss, nmiss, sizeof(*miss), by_score);
	if (nmiss)
		sb_puts(out, "the rules that came closest:\n");
	for (i = 0; i < nmiss && i < 3; i++) {
		sb_puts(out, "  ");
		print_rule(out, &p->rules[miss[i].rule]);
		sb_printf(out, "\n    %s\n", miss[i].why);
	}
done:
	for (i = 0; i < nmiss; i++)
		free(miss[i].why);
	free(miss);
	free(dev);
}
