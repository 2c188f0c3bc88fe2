// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Where the 2010 patch's kernel does otherwise than cmacc and libcma say,
 * for --target=2010 and 2010-32.  Each pass is read from that patch's
 * mm/cma.c ("[PATCH 2/4] mm: cma: Contiguous Memory Allocator added", 20
 * July 2010): cma_param_parse_entry(), cma_map_param_parse(),
 * __cma_where_from(), cma_init() and the early-parameter code of its day.
 * cma-map(5) says which behaviour libcma follows and why.
 */
#include <string.h>

#include "cmacc.h"
#include "cmdline-args.h"

/*
 * A name the pattern dev takes, as the 2010 matcher has it, that is a
 * proper prefix of what dev matches: its literals but the last ('?' as
 * 'a'), into buf.
 */
static const char *prefix_example(const char *dev, char *buf, size_t n)
{
	size_t literal = 0, i, k = 0;

	for (i = 0; dev[i]; i++)
		literal += dev[i] != '*';
	for (i = 0; dev[i] && k + 1 < literal && k + 1 < n; i++)
		if (dev[i] != '*')
			buf[k++] = dev[i] == '?' ? 'a' : dev[i];
	buf[k] = '\0';
	return buf;
}

/*
 * __cma_where_from() keeps "name_matched" across patterns and sets it
 * once the device's name runs out, pattern characters left or not; a
 * "/KIND" then matches on it.  So after "ab/y", "/x" serves "a" too.
 */
void check_compat_kind_prefix(struct compilation *c)
{
	struct policy *p = &c->policy;
	const struct pattern *pt;
	struct rule *r;
	char example[64];

	for_each_rule(p, r) {
		for_each_pattern(r, pt) {
			if (!pt->inherited || !pt->dev || !prefix_prone(pt->dev))
				continue;
			diag(&c->diags, CHECK_COMPAT_KIND_PREFIX, pt->pos, NULL,
			     "on a 2010 kernel, '/%s' here also serves devices whose name is a prefix of '%s', such as '%s': its matcher takes the device as matched once the name runs out",
			     pt->kind ? pt->kind : "", pt->dev,
			     prefix_example(pt->dev, example, sizeof(example)));
			diag_note(&c->diags, srcpos_none(),
				  "libcma and --explain take '/%s' as '%s/%s', as the 2010 documentation says; write that to mean it on both",
				  pt->kind ? pt->kind : "", pt->dev,
				  pt->kind ? pt->kind : "");
		}
	}
}

/* cma_init(): a name no allocator has leaves the region without one. */
void check_compat_allocator(struct compilation *c)
{
	struct policy *p = &c->policy;
	struct region *r;

	for_each_region(p, r) {
		if (!r->alloc || !strcmp(r->alloc, "bf"))
			continue;
		diag(&c->diags, CHECK_COMPAT_ALLOCATOR, r->alloc_pos, NULL,
		     "on a 2010 kernel, there is no allocator '%s' (it has only 'bf'): region '%s' gets none, and every request that lists it goes on to the next region",
		     r->alloc, r->name);
	}
}

/* How many entries the 2010 parsers make of a value: its ';' items. */
static size_t items_2010(const char *v, size_t len)
{
	size_t n = 0, i;

	for (i = 0; i < len; i++)
		if (i == 0 || v[i - 1] == ';')
			n += v[i] != ';' || i + 1 < len;
	return n;
}

struct early_params {
	struct compilation *c;
	struct srcfile *f;
	/* Each parameter's last value so far, and its most items before it. */
	struct cma_span last[2];
	size_t items[2], most_before[2], seen[2];
	bool quiet;		/* count only, say nothing */
};

static void on_early_arg(void *priv, struct cma_span name,
			 struct cma_span value, bool past_dashes)
{
	static const char *const names[2] = { "cma", "cma_map" };
	struct early_params *e = priv;
	const char *buf = e->f->buf;
	struct srcpos at = srcpos_at(e->f, name.off, name.len);
	int which;

	for (which = 0; which < 2; which++)
		if (cma_cl_param_is(buf, name, names[which]))
			break;
	if (which == 2)
		return;
	if (name.len != strlen(names[which]) ||
	    memcmp(buf + name.off, names[which], name.len)) {
		if (!e->quiet)
			diag(&e->c->diags, CHECK_COMPAT_CMDLINE, at, names[which],
			     "on a 2010 kernel, '%.*s=' is not '%s=': it matches early parameters' names exactly, and ignores this one",
			     (int)name.len, buf + name.off, names[which]);
		return;
	}
	if (past_dashes && !e->quiet)
		diag(&e->c->diags, CHECK_COMPAT_CMDLINE, at, NULL,
		     "on a 2010 kernel, '--' does not end the early parameters: it reads this %s= too, where libcma's reading of the line stops",
		     names[which]);
	if (e->seen[which] && e->items[which] > e->most_before[which])
		e->most_before[which] = e->items[which];
	e->seen[which]++;
	e->last[which] = value;
	e->items[which] = items_2010(buf + value.off, value.len);
}

/*
 * The line as the 2010 kernel's early-parameter code reads it: names
 * compared exactly, "--" no end, and each cma= or cma_map= parsed again
 * into the same static buffer and table, so that the entries of an
 * earlier, longer value survive behind a later one's.
 */
void check_compat_cmdline(struct compilation *c)
{
	struct early_params e = { .c = c, .f = c->policy.cmdline.file };

	if (e.f)
		cma_cl_each_2010_arg(e.f->buf, e.f->len, on_early_arg, &e);
}

/*
 * A repeated parameter whose later value has fewer entries: the earlier
 * one's last entries survive, with names in the later one's text.  No
 * output can say that, so it is an error.
 */
void check_compat_repeat(struct compilation *c)
{
	static const char *const what[2] = { "regions", "rules" };
	static const char *const names[2] = { "cma=", "cma_map=" };
	struct early_params e = { .c = c, .f = c->policy.cmdline.file };
	int which;

	if (!e.f)
		return;
	e.quiet = true;
	cma_cl_each_2010_arg(e.f->buf, e.f->len, on_early_arg, &e);
	for (which = 0; which < 2; which++) {
		if (e.seen[which] < 2 || e.most_before[which] <= e.items[which])
			continue;
		diag(&c->diags, CHECK_COMPAT_REPEAT,
		     srcpos_at(e.f, e.last[which].off, e.last[which].len), NULL,
		     "on a 2010 kernel, each %s is parsed into the same table: %s %zu to %zu of an earlier one survive behind this one's %zu, pointing into this one's text",
		     names[which], what[which], e.items[which] + 1,
		     e.most_before[which], e.items[which]);
		diag_note(&c->diags, srcpos_none(),
			  "libcma and cmacc use only the last %s, and no output can say what survives; give it once",
			  names[which]);
	}
}

/* Does a number's text end in a suffix the 2010 memparse() lacks? */
static bool beyond_g(const struct srcpos *at)
{
	char last;

	if (!at->file || !at->len || at->file->fdt)
		return false;
	last = at->file->buf[at->off + at->len - 1];
	return strchr("TtPpEe", last) != NULL;
}

static void number_2010(struct compilation *c, const struct region *r,
			const char *what, uint64_t v, const struct srcpos *at)
{
	enum cmdline_kernel k = c->opts->cmdline_kernel;
	char a[32];

	if (c->policy.cmdline.file && beyond_g(at))
		diag(&c->diags, CHECK_COMPAT_NUMBER, *at, fmt_size_upto(a, v, 'G'),
		     "the 2010 kernel's memparse() knows only the suffixes K, M and G: it stops at '%c' and refuses region '%s'",
		     at->file->buf[at->off + at->len - 1], r->name);
	else if (v > cmdline_kernel_max(k))
		diag(&c->diags, CHECK_COMPAT_NUMBER, *at, NULL,
		     "region '%s' has %s %s, which a 32-bit 2010 kernel refuses: it holds at most 4G - 1 in an unsigned long",
		     r->name, what, fmt_size(a, v));
}

/*
 * Numbers the 2010 kernel cannot read: T, P or E, which its memparse()
 * did not know, and on a 32-bit kernel anything past its unsigned long,
 * rounded as cma_param_parse_entry() rounds it.
 */
void check_compat_number(struct compilation *c)
{
	struct policy *p = &c->policy;
	uint64_t max = cmdline_kernel_max(c->opts->cmdline_kernel), v;
	struct region *r;
	char a[32];

	for_each_region(p, r) {
		number_2010(c, r, "size", r->size, &r->size_pos);
		if (r->has_start)
			number_2010(c, r, "start", r->start, &r->start_pos);
		if (r->has_align)
			number_2010(c, r, "alignment", r->align, &r->align_pos);
		if (r->size <= max && region_size(r, p->page_size, &v) &&
		    v > max)
			diag(&c->diags, CHECK_COMPAT_NUMBER, r->size_pos, NULL,
			     "region '%s' rounds up to %s, past a 32-bit 2010 kernel's unsigned long: it becomes 0 there, which ends the list of regions",
			     r->name, fmt_size(a, v));
		if (r->has_start && r->start && r->start <= max &&
		    region_start(r, p->page_size, &v) && v > max)
			diag(&c->diags, CHECK_COMPAT_NUMBER, r->start_pos, NULL,
			     "region '%s' starts at %s once aligned, past a 32-bit 2010 kernel's unsigned long",
			     r->name, fmt_addr(a, v));
	}
}
