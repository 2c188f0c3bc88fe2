// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The checks: one table of named passes over the model, in the manner of
 * dtc's checks.c.  A pass reports its own check and no other, and runs
 * only when that check is on.  Entries without a pass name problems the
 * front ends find while reading; they are here so that -W switches them
 * all alike.
 */
#include <stdlib.h>
#include <string.h>

#include "cmacc.h"
#include "glob.h"
#include "kernel-place.h"
#include "placement.h"
#include "../runtime/allocator.h"
#include "../runtime/cmdline.h"
#include "../runtime/refusals.h"
#include "cma_table.h"

/* The limits of the 2010 kernel. */
#define MAX_REGIONS 16
#define MAX_RULES 64
#define MAX_VALUE CMDLINE_VALUE_MAX

/* The whole character at bad, in s, in words: 'x', 'é' (U+00E9), ... */
static const char *char_words(const char *s, const char *bad, char words[32])
{
	cma_char_words(s, strlen(s), bad - s, words, 32);
	return words;
}

static const char *bad_name_char(const char *s)
{
	for (; *s; s++)
		if (!cma_cl_is_name_char(*s))
			return s;
	return NULL;
}

/* A region's name may hold '_' too, as the 2010 kernel takes it. */
static const char *bad_region_name_char(const char *s)
{
	for (; *s; s++)
		if (!cma_cl_is_name_char(*s) && *s != '_')
			return s;
	return NULL;
}


/*
 * Names a source gives that a command line cannot hold.  (The command-line
 * front end reports its own while reading; those regions are broken.)
 */
static void check_bad_name(struct compilation *c)
{
	struct policy *p = &c->policy;
	struct region *r;

	for_each_region(p, r) {
		const char *bad = bad_region_name_char(r->name);
		char *fix, what[32];

		if (bad || !r->name[0]) {
			fix = name_fix(r->name, strlen(r->name));
			if (!r->name[0])
				diag(&c->diags, CHECK_BAD_NAME, r->name_pos, NULL,
				     "a region needs a name of letters and digits");
			else
				diag(&c->diags, CHECK_BAD_NAME, r->name_pos, fix,
				     "region name '%s' has %s in it: names may hold only letters and digits",
				     r->name, char_words(r->name, bad, what));
			free(fix);
		}
		if (r->alloc && (bad = bad_name_char(r->alloc)) != NULL) {
			fix = name_fix(r->alloc, strlen(r->alloc));
			diag(&c->diags, CHECK_BAD_NAME, r->alloc_pos, fix,
			     "allocator name '%s' has %s in it: names may hold only letters and digits",
			     r->alloc, char_words(r->alloc, bad, what));
			free(fix);
		}
	}
}

/*
 * What the command line cannot carry inside a pattern: the separators,
 * the quote, and the white space that ends a parameter (the reader's set,
 * as the kernel's).  Any other byte is read back as it was written.
 */
static const char *unsafe_in_pattern(const char *s)
{
	for (; *s; s++)
		if (strchr(",;=/\" \t\n\r\v\f", *s))
			return s;
	return NULL;
}

typedef void glob_fn(struct compilation *c, const struct pattern *pt,
		     const char *glob, const char *what);

/*
 * Calls fn on each pattern a source gives, its device then its kind.  A
 * command line's patterns were checked by its reader, and hold what the
 * line carried.
 */
static void each_source_glob(struct compilation *c, glob_fn *fn)
{
	struct policy *p = &c->policy;
	const struct pattern *pt;
	const struct rule *r;

	if (p->cmdline.file)
		return;
	for_each_rule(p, r)
		for_each_pattern(r, pt) {
			if (pt->dev)
				fn(c, pt, pt->dev, "device");
			if (pt->kind)
				fn(c, pt, pt->kind, "kind");
		}
}

static void empty_glob(struct compilation *c, const struct pattern *pt,
		       const char *glob, const char *what)
{
	if (!glob[0])
		diag(&c->diags, CHECK_EMPTY, pt->pos, NULL,
		     "empty %s pattern: it would match only an empty name", what);
}

static void check_empty(struct compilation *c)
{
	each_source_glob(c, empty_glob);
}

static void star_glob(struct compilation *c, const struct pattern *pt,
		      const char *glob, const char *what)
{
	const char *star = strchr(glob, '*');
	char *one;
	size_t i;

	if (!star || !star[1])
		return;
	diag(&c->diags, CHECK_STAR_POSITION, pt->pos, NULL,
	     "'*' may stand only at the end of a pattern, not inside %s pattern '%s'",
	     what, glob);
	/* What a '*' inside most likely meant: any one character. */
	one = xstrdup(glob);
	for (i = 0; one[i]; i++)
		if (one[i] == '*' && one[i + 1])
			one[i] = '?';
	diag_note(&c->diags, srcpos_none(),
		  "'?' stands for any one character anywhere: '%s'; a final '*' for any rest",
		  one);
	free(one);
}

static void check_star_position(struct compilation *c)
{
	each_source_glob(c, star_glob);
}

/*
 * The first byte of allocator parameters that a command line cannot
 * carry there, or ';', which ends the region: NULL when there is none.
 */
static const char *bad_param_char(const char *params)
{
	for (; *params; params++)
		if (*params == ';' || *params == ')' ||
		    (unsigned char)*params <= ' ')
			return params;
	return NULL;
}

/*
 * What a source says that the grammar of the command line forbids, but
 * that the 2010 kernel and libcma read sensibly.  (The command-line front
 * end reports the same of a line while reading it.)
 */
static void check_lenient(struct compilation *c)
{
	struct policy *p = &c->policy;
	struct region *r;

	for_each_region(p, r) {
		if (!p->cmdline.file && strchr(r->name, '_') &&
		    !bad_region_name_char(r->name))
			diag(&c->diags, CHECK_LENIENT, r->name_pos, NULL,
			     "region name '%s' has '_' in it: the grammar allows only letters and digits, but the 2010 kernel and libcma take it as part of the name",
			     r->name);
		if (r->params && !bad_param_char(r->params) &&
		    (!r->alloc || !strcmp(r->alloc, "bf")))
			diag(&c->diags, CHECK_LENIENT, r->params_pos, NULL,
			     "allocator 'bf' takes no parameters: libcma and the 2010 kernel ignore '(%s)'",
			     r->params);
	}
}

static void check_param_semicolon(struct compilation *c)
{
	struct policy *p = &c->policy;
	const char *bad;
	struct region *r;

	for_each_region(p, r)
		if (r->params && (bad = bad_param_char(r->params)) &&
		    *bad == ';')
			diag(&c->diags, CHECK_PARAM_SEMICOLON, r->params_pos,
			     NULL,
			     "allocator parameters of region '%s' cannot contain ';'",
			     r->name);
}

static void unsafe_glob(struct compilation *c, const struct pattern *pt,
			const char *glob, const char *what)
{
	const char *bad = unsafe_in_pattern(glob);

	if (bad && strchr(" \t\n\r\v\f", *bad))
		diag(&c->diags, CHECK_UNREPRESENTABLE, pt->pos, NULL,
		     "%s pattern '%s' holds white space, which a command line cannot carry",
		     what, glob);
	else if (bad)
		diag(&c->diags, CHECK_UNREPRESENTABLE, pt->pos, NULL,
		     "%s pattern '%s' holds '%c', which a command line cannot carry in a pattern",
		     what, glob, *bad);
}

/*
 * On a command line, '/KIND' takes the device of the pattern before it,
 * even across rules: a source's pattern with no device cannot follow one
 * with a device there.
 */
static void unrepresentable_orphans(struct compilation *c)
{
	struct policy *p = &c->policy;
	bool device_before = false;
	const struct pattern *pt;
	const struct rule *r;

	for_each_rule(p, r)
		for_each_pattern(r, pt) {
			if (pt->dev) {
				device_before = true;
				continue;
			}
			if (!device_before)
				continue;
			diag(&c->diags, CHECK_UNREPRESENTABLE, pt->pos, NULL,
			     "a pattern with no device cannot follow one with a device on a command line");
			diag_note(&c->diags, srcpos_none(),
				  "the kernel would read '/%s' as the kind of the device before it",
				  pt->kind ? pt->kind : "");
		}
}

/* In a command line's patterns: a quote changes how the rest is split. */
static void unrepresentable_quotes(struct compilation *c)
{
	struct policy *p = &c->policy;
	const struct pattern *pt;
	const struct rule *r;

	for_each_rule(p, r)
		for_each_pattern(r, pt)
			if ((pt->dev && strchr(pt->dev, '"')) ||
			    (pt->kind && strchr(pt->kind, '"')))
				diag(&c->diags, CHECK_UNREPRESENTABLE, pt->pos,
				     NULL,
				     "'\"' in a pattern: the kernel reads it as a quote, and white space after it no longer ends the parameter");
}

/* What a policy says that a command line cannot. */
static void check_unrepresentable(struct compilation *c)
{
	struct policy *p = &c->policy;
	const char *bad;
	struct region *r;

	if (p->cmdline.file) {
		unrepresentable_quotes(c);
	} else {
		each_source_glob(c, unsafe_glob);
		unrepresentable_orphans(c);
	}
	for_each_region(p, r)
		if (r->params && (bad = bad_param_char(r->params)) &&
		    *bad != ';')
			diag(&c->diags, CHECK_UNREPRESENTABLE, r->params_pos,
			     NULL,
			     "allocator parameters of region '%s' hold %s, which a command line cannot carry there",
			     r->name, *bad == ')' ? "')'" : "white space");
}

static void check_missing_field(struct compilation *c)
{
	struct policy *p = &c->policy;
	struct region *r;

	for_each_region(p, r) {
		if (r->has_size)
			continue;
		diag(&c->diags, CHECK_MISSING_FIELD, r->name_pos, NULL,
		     "region '%s' has no size", r->name);
		diag_note(&c->diags, srcpos_none(),
			  "give it one in its block, as 'size = 16M;'");
	}
}

/*
 * Whether the memory checks can judge against the banks: each has a base
 * and a size and ends inside 64 bits (checked against a bank that is
 * wrong, every region would be).  A bank of size 0 is no memory, and
 * libcma leaves it out too.
 */
static bool banks_whole(const struct policy *p)
{
	const struct bank *b;
	size_t j;

	for (j = 0; j < p->nbanks; j++) {
		b = &p->banks[j];
		if (!b->has_base || !b->has_size ||
		    (b->size && b->base > UINT64_MAX - (b->size - 1)))
			return false;
	}
	return true;
}

/* Banks with memory in them, all whole: what the memory checks need. */
static bool banks_usable(const struct policy *p)
{
	size_t j;

	for (j = 0; j < p->nbanks; j++)
		if (p->banks[j].size)
			return banks_whole(p);
	return false;
}

/*
 * The memory the banks declare less their carve-outs (carved), and what
 * the regions need, if it fits.
 */
struct memory_sums {
	uint64_t total, used, carved;
	bool total_ok, used_ok;
};

struct bank_span {
	uint64_t first, last;
	uint64_t reach;		/* the furthest last of this and those before */
};

static int span_by_first(const void *a, const void *b)
{
	const struct bank_span *x = a, *y = b;

	return x->first < y->first ? -1 : x->first > y->first;
}

/*
 * The banks by address, each with how far it and those before reach, so
 * that a binary search finds the first that can meet a range: many
 * ranges against many banks cost n log n.  *n is how many (free() it).
 */
static struct bank_span *bank_spans(const struct policy *p, size_t *n)
{
	struct bank_span *s = xcalloc(p->nbanks + 1, sizeof(*s));
	uint64_t last;
	size_t i;

	*n = 0;
	for (i = 0; i < p->nbanks; i++)
		if (bank_last(&p->banks[i], &last))
			s[(*n)++] = (struct bank_span){ p->banks[i].base, last, 0 };
	qsort(s, *n, sizeof(*s), span_by_first);
	for (i = 0; i < *n; i++)
		s[i].reach = i && s[i - 1].reach > s[i].last ? s[i - 1].reach :
			     s[i].last;
	return s;
}

/* How many bytes of [first, last] the n banks of s hold. */
static uint64_t in_banks(const struct bank_span *s, size_t n, uint64_t first,
			 uint64_t last)
{
	size_t lo = 0, hi = n, i;
	uint64_t total = 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s[mid].reach < first)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; i < n && s[i].first <= last; i++) {
		uint64_t in;

		if (s[i].last < first)
			continue;
		in = (s[i].last < last ? s[i].last : last) -
		     (s[i].first > first ? s[i].first : first) + 1;
		total = total > UINT64_MAX - in ? UINT64_MAX : total + in;
	}
	return total;
}

/* How much of the carve-outs lies in the banks. */
static uint64_t carved_from_banks(const struct policy *p)
{
	size_t j, n;
	struct bank_span *s = bank_spans(p, &n);
	uint64_t last, in, total = 0;

	for (j = 0; j < p->nreserved; j++) {
		if (!bank_last(&p->reserved[j], &last))
			continue;
		in = in_banks(s, n, p->reserved[j].base, last);
		total = total > UINT64_MAX - in ? UINT64_MAX : total + in;
	}
	free(s);
	return total;
}

/*
 * A carve-out outside every bank takes nothing: its numbers are likely
 * wrong, or its bank is missing.  A tree's /memreserve/ entries are the
 * firmware's, often outside /memory, and left alone.
 */
static void check_reserved_outside(struct compilation *c)
{
	struct policy *p = &c->policy;
	struct bank_span *s;
	uint64_t last;
	char a[32], b[32];
	size_t j, n;

	if (p->from_tree || !banks_usable(p))
		return;
	s = bank_spans(p, &n);
	for (j = 0; j < p->nreserved; j++) {
		const struct bank *k = &p->reserved[j];

		if (!bank_last(k, &last) || in_banks(s, n, k->base, last))
			continue;
		diag(&c->diags, CHECK_RESERVED_OUTSIDE, k->pos, NULL,
		     "reserved memory '%s' [%s, %s] lies outside every bank: no region is placed there anyway, so it reserves nothing",
		     k->name, fmt_addr(a, k->base), fmt_addr(b, last));
		diag_note(&c->diags, srcpos_none(),
			  "a reserved block is a carve-out inside a bank: check its base, or declare the bank it lies in");
	}
	free(s);
}

static struct memory_sums memory_sums(const struct policy *p)
{
	struct memory_sums m = { .total_ok = true, .used_ok = true };
	const struct region *r;
	uint64_t size;
	size_t j;

	for (j = 0; j < p->nbanks; j++) {
		if (m.total > UINT64_MAX - p->banks[j].size)
			m.total_ok = false;
		else
			m.total += p->banks[j].size;
	}
	if (m.total_ok)
		m.carved = carved_from_banks(p);
	/* Overlapping carve-outs count twice: never below nothing. */
	m.total = m.carved < m.total ? m.total - m.carved : 0;
	for_each_region(p, r) {
		if (!r->has_size || !region_size(r, p->page_size, &size))
			continue;
		if (m.used > UINT64_MAX - size)
			m.used_ok = false;
		else
			m.used += size;
	}
	return m;
}

/* How many banks an outside-memory error shows. */
#define OUTSIDE_MEMORY_BANKS 8

/* How many of the largest regions the memory-total error lists. */
#define MEMORY_TOTAL_LISTED 4

/* When the regions need more than all of memory, none is placed. */
static bool memory_overcommitted(const struct memory_sums *m)
{
	return m->total_ok && (!m->used_ok || m->used > m->total);
}

static void check_memory_total(struct compilation *c)
{
	struct policy *p = &c->policy;
	struct memory_sums m;
	char a[32], e[32], n[32];

	if (!banks_usable(p))
		return;
	m = memory_sums(p);
	if (!memory_overcommitted(&m))
		return;
	/*
	 * Blamed on the largest region (the later of equals: a board's
	 * override comes after its SoC's), and the few largest listed: the
	 * first region defined is seldom the one that grew.  One pass keeps
	 * them in order, largest first, the later of equals before.
	 */
	struct { size_t region; uint64_t size; } top[MEMORY_TOTAL_LISTED];
	size_t ntop = 0, i, k, keep;
	uint64_t size;

	for (i = 0; i < p->nregions; i++) {
		const struct region *r = &p->regions[i];

		if (!r->has_size || !region_size(r, p->page_size, &size))
			continue;
		for (k = 0; k < ntop && top[k].size > size; k++)
			;
		if (k == MEMORY_TOTAL_LISTED)
			continue;
		keep = ntop < MEMORY_TOTAL_LISTED ? ntop : MEMORY_TOTAL_LISTED - 1;
		memmove(&top[k + 1], &top[k], (keep - k) * sizeof(top[0]));
		top[k].region = i;
		top[k].size = size;
		ntop = keep + 1;
	}
	for (k = 0; k < ntop; k++) {
		const struct region *r = &p->regions[top[k].region];

		if (!k)
			diag(&c->diags, CHECK_MEMORY_TOTAL, r->size_pos, NULL,
			     "the regions need %s%s, more than the %s of memory the banks declare%s; region '%s' needs the most, %s",
			     m.used_ok ? "" : "more than ",
			     m.used_ok ? fmt_size(a, m.used) : "16E",
			     fmt_size(e, m.total),
			     m.carved ? " less their carve-outs" : "",
			     r->name, fmt_size(n, top[k].size));
		else
			diag_note(&c->diags, r->size_pos, "region '%s' needs %s",
				  r->name, fmt_size(n, top[k].size));
	}
}

/* Does [base, base + size) meet a bank? */
static bool meets_memory(const struct policy *p, uint64_t base, uint64_t size)
{
	uint64_t last = base + (size - 1), end;
	size_t i;

	for (i = 0; i < p->nbanks; i++)
		if (bank_last(&p->banks[i], &end) &&
		    p->banks[i].base <= last && base <= end)
			return true;
	return false;
}

/* How many names a note lists of what takes a range. */
#define TAKEN_LISTED 4

/*
 * What holds range g of region i instead of it: the carve-outs and the
 * regions placed before it that meet g.
 */
static void note_taken_range(struct compilation *c, const struct placement *pl,
			     size_t i, const struct addr_range *g)
{
	const struct policy *p = &c->policy;
	uint64_t last = g->base + (g->size - 1);
	struct strbuf names = { 0 };
	char a[32], b[32];
	size_t j, n = 0;

	for (j = 0; j < p->nreserved; j++) {
		const struct bank *v = &p->reserved[j];

		if (v->size && v->base <= last &&
		    g->base <= v->base + (v->size - 1) && n++ < TAKEN_LISTED)
			sb_printf(&names, "%s'%s'", n > 1 ? ", " : "", v->name);
	}
	for (j = 0; j < p->nregions; j++) {
		if (j == i || !pl[j].fits || (!pl[j].fixed && j > i) ||
		    pl[j].start > last || pl[j].last < g->base)
			continue;
		if (n++ < TAKEN_LISTED)
			sb_printf(&names, "%s'%s'", n > 1 ? ", " : "",
				  p->regions[j].name);
	}
	if (n > TAKEN_LISTED)
		sb_printf(&names, " and %zu more", n - TAKEN_LISTED);
	if (n)
		diag_note(&c->diags, g->pos,
			  "its allocation range [%s, %s] is taken by %s; cmacc -O map shows where",
			  fmt_addr(a, g->base), fmt_addr(b, last), names.buf);
	sb_free(&names);
}

/*
 * Allocation ranges that could never hold the pool, each said; with pl,
 * the placement that found region r (its index i) no room, what took
 * the others.
 */
static void note_bad_ranges(struct compilation *c, const struct region *r,
			    uint64_t size, const struct placement *pl,
			    size_t i)
{
	const struct policy *p = &c->policy;
	char a[32], b[32], e[32];
	size_t k;

	for (k = 0; k < r->nranges; k++) {
		const struct addr_range *g = &r->ranges[k];

		fmt_addr(a, g->base);
		fmt_addr(b, g->base + (g->size - 1));
		if (!meets_memory(p, g->base, g->size))
			diag_note(&c->diags, g->pos,
				  "its allocation range [%s, %s] lies outside the memory",
				  a, b);
		else if (g->size < size)
			diag_note(&c->diags, g->pos,
				  "its allocation range [%s, %s] is smaller than the pool's %s",
				  a, b, fmt_size(e, size));
		else if (pl)
			note_taken_range(c, pl, i, g);
	}
}

static void check_placement(struct compilation *c)
{
	struct policy *p = &c->policy;
	struct memory_sums m;
	const struct placement *pl;
	bool banks;
	size_t i;

	/*
	 * Pools for today's kernels (a device tree's, a cma= area, or an
	 * output for them) are the kernel's to place (pool-placement).
	 */
	if (compilation_scopes(c) & SCOPE_TODAY)
		return;
	/* With no banks, the whole address space is the one libcma uses. */
	if (!banks_whole(p))
		return;
	banks = banks_usable(p);
	if (banks) {
		m = memory_sums(p);
		if (memory_overcommitted(&m))
			return;
	}
	pl = compilation_placement(c);
	for (i = 0; i < p->nregions; i++) {
		const struct region *r = &p->regions[i];
		uint64_t size;

		if (!pl[i].tried || pl[i].fits)
			continue;
		diag(&c->diags, CHECK_PLACEMENT, r->pos, NULL,
		     CMA_WHY_NO_ROOM, r->name, r->nranges ? CMA_IN_RANGES :
		     banks ? CMA_IN_BANKS : CMA_IN_ALL);
		if (banks && region_size(r, p->page_size, &size))
			note_bad_ranges(c, r, size, pl, i);
	}
}

/* Fixed regions inside the declared memory. */
static void check_outside_memory(struct compilation *c)
{
	struct policy *p = &c->policy;
	const struct placement *pl, *at;
	uint64_t size, last;
	struct region *r;
	char a[32], b[32];
	size_t j;

	if (!banks_usable(p))
		return;
	pl = compilation_placement(c);
	for_each_region(p, r) {
		at = &pl[r - p->regions];
		/*
		 * A no-map pool may be device memory: the kernel marks it
		 * without asking (early_init_dt_reserve_memory()) and
		 * memremap()s it (dma_init_coherent_memory()).
		 */
		if (!r->has_size || !region_size(r, p->page_size, &size) ||
		    !at->fixed || r->no_map)
			continue;
		for (j = 0; j < p->nbanks; j++)
			if (bank_last(&p->banks[j], &last) &&
			    at->start >= p->banks[j].base && at->last <= last)
				break;
		if (j < p->nbanks)
			continue;
		diag(&c->diags, CHECK_OUTSIDE_MEMORY, r->pos, NULL,
		     "region '%s' [%s, %s] is not inside any declared memory bank",
		     r->name, fmt_addr(a, at->start), fmt_addr(b, at->last));
		/* Where memory is, to compare (a few: boards have fewer). */
		for (j = 0; j < p->nbanks && j < OUTSIDE_MEMORY_BANKS; j++)
			if (bank_last(&p->banks[j], &last))
				diag_note(&c->diags, p->banks[j].pos,
					  "bank '%s' is [%s, %s]",
					  p->banks[j].name ? p->banks[j].name : "memory",
					  fmt_addr(a, p->banks[j].base),
					  fmt_addr(b, last));
	}
}

static int bank_by_base(const void *a, const void *b)
{
	const struct bank *x = *(const struct bank *const *)a;
	const struct bank *y = *(const struct bank *const *)b;

	return x->base < y->base ? -1 : x->base > y->base;
}

/*
 * Banks that overlap: the memory between would count twice, for the
 * total and for placement.  A device tree's memory nodes are left to the
 * kernel, whose memblock_add() merges them.
 */
static void check_bank_overlap(struct compilation *c)
{
	struct policy *p = &c->policy;
	const struct bank **sorted, *reach = NULL;
	uint64_t last, reach_last = 0;
	char a[32], b[32], e[32], g[32];
	size_t i, n = 0;

	if (p->from_tree || p->nbanks < 2)
		return;
	sorted = xcalloc(p->nbanks, sizeof(*sorted));
	for (i = 0; i < p->nbanks; i++)
		if (bank_last(&p->banks[i], &last))
			sorted[n++] = &p->banks[i];
	qsort(sorted, n, sizeof(*sorted), bank_by_base);
	for (i = 0; i < n; i++) {
		const struct bank *k = sorted[i];

		bank_last(k, &last);
		if (reach && k->base <= reach_last) {
			diag(&c->diags, CHECK_BANK_OVERLAP, k->pos, NULL,
			     "bank '%s' [%s, %s] overlaps bank '%s' [%s, %s]: the memory both hold would count twice",
			     k->name, fmt_addr(a, k->base), fmt_addr(b, last),
			     reach->name, fmt_addr(e, reach->base),
			     fmt_addr(g, reach_last));
			if (reach->base < k->base && last > reach_last)
				diag_note(&c->diags, reach->size_pos,
					  "for '%s' to end where '%s' begins, its size would be %s",
					  reach->name, k->name,
					  fmt_size(a, k->base - reach->base));
		}
		if (!reach || last > reach_last) {
			reach = k;
			reach_last = last;
		}
	}
	free(sorted);
}

static void check_zero_size(struct compilation *c)
{
	struct policy *p = &c->policy;
	struct region *r;

	for_each_region(p, r)
		if (r->has_size && !r->size)
			diag(&c->diags, CHECK_ZERO_SIZE, r->size_pos, NULL,
			     CMA_WHY_SIZE_ZERO, r->name);
}

static void check_alignment(struct compilation *c)
{
	struct policy *p = &c->policy;
	char a[32], b[32], e[32];
	struct region *r;

	for_each_region(p, r) {
		uint64_t up = 1;

		if (!r->has_align || is_power_of_2(r->align))
			continue;
		diag(&c->diags, CHECK_ALIGNMENT, r->align_pos, NULL,
		     CMA_WHY_ALIGNMENT, r->name);
		if (!r->align) {
			diag_note(&c->diags, srcpos_none(),
				  "leave out '/0' to align the region to one page");
			continue;
		}
		while (up < r->align / 2 + 1 && up <= UINT64_MAX / 2)
			up <<= 1;
		while (up < r->align && up <= UINT64_MAX / 2)
			up <<= 1;
		if (up > r->align)
			diag_note(&c->diags, srcpos_none(),
				  "the powers of two nearest to %s are %s and %s",
				  fmt_size(e, r->align), fmt_size(a, up >> 1),
				  fmt_size(b, up));
		else
			diag_note(&c->diags, srcpos_none(),
				  "the largest power of two below %s is %s",
				  fmt_size(e, r->align),
				  fmt_size(a, (uint64_t)1 << 63));
	}
}

static void check_duplicate_region(struct compilation *c)
{
	struct policy *p = &c->policy;
	size_t i;

	for (i = 0; i < p->nregions; i++) {
		struct region *r = &p->regions[i];
		long first = policy_find(p, r->name);

		if (first < 0 || (size_t)first == i)
			continue;
		diag(&c->diags, CHECK_DUPLICATE_REGION, r->name_pos, NULL,
		     CMA_WHY_DEFINED_TWICE, r->name);
		diag_note(&c->diags, p->regions[first].name_pos,
			  "first defined here");
	}
}

/*
 * The names undefined-region guesses at ("did you mean"): each guess
 * reads every region's name, so a policy of thousands of undefined names
 * would cost names times regions.
 */
#define NEAREST_GUESSES 64

/* The region name nearest to name, for "did you mean"; NULL if none is. */
static const char *nearest_region(const struct policy *p, const char *name)
{
	/* A third of the letters may be wrong: none of a short name's. */
	size_t i, best = strlen(name) / 3 + 1, d;
	const char *found = NULL;

	for (i = 0; i < p->nregions; i++) {
		d = edit_distance(name, p->regions[i].name, best);
		if (d < best) {
			best = d;
			found = p->regions[i].name;
		}
	}
	return found;
}

static void check_undefined_region(struct compilation *c)
{
	struct policy *p = &c->policy;
	size_t i, j, guesses = 0;

	if (p->regions_incomplete)
		return;
	for (i = 0; i < p->nrules; i++) {
		struct rule *r = &p->rules[i];

		for (j = 0; j < r->ntargets; j++) {
			struct target *t = &r->targets[j];
			const char *near = NULL;

			if (t->region >= 0)
				continue;
			/* Each guess reads every name: a few are enough. */
			if (guesses < NEAREST_GUESSES) {
				near = nearest_region(p, t->name);
				guesses++;
			}
			diag(&c->diags, CHECK_UNDEFINED_REGION, t->pos, near,
			     p->cmdline.file ? CMA_WHY_UNDEFINED :
			     "a rule names region '%s', which no region block defines",
			     t->name);
			if (near)
				diag_note(&c->diags, srcpos_none(),
					  "did you mean '%s'?", near);
			diag_note(&c->diags, srcpos_none(),
				  "the kernel would skip it silently when allocating");
		}
	}
}

/* Is r placed at a fixed address that we can work out? */
static bool fixed_range(const struct policy *p, const struct region *r,
			uint64_t *start, uint64_t *last)
{
	uint64_t size;

	if (r->broken || !r->has_start || !r->start || !r->size ||
	    (r->has_align && !is_power_of_2(r->align)) ||
	    !region_size(r, p->page_size, &size) ||
	    !region_start(r, p->page_size, start) ||
	    *start > UINT64_MAX - (size - 1))
		return false;
	*last = *start + (size - 1);
	return true;
}

struct fixed {
	uint64_t start, last;
	size_t index;
};

static int by_start(const void *a, const void *b)
{
	const struct fixed *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

static void report_overlap(struct compilation *c, const struct fixed *x,
			   const struct fixed *y, size_t more)
{
	struct policy *p = &c->policy;
	struct region *rx, *ry;

	/* Report at the later definition, point back at the earlier. */
	if (x->index < y->index) {
		const struct fixed *t = x;

		x = y;
		y = t;
	}
	rx = &p->regions[x->index];
	ry = &p->regions[y->index];
	diag(&c->diags, CHECK_REGION_OVERLAP, rx->pos, NULL, CMA_WHY_OVERLAP,
	     rx->name, (unsigned long long)x->start,
	     (unsigned long long)x->last, ry->name,
	     (unsigned long long)y->start, (unsigned long long)y->last);
	diag_note(&c->diags, ry->pos, "region '%s' is defined here", ry->name);
	if (more)
		diag_note(&c->diags, srcpos_none(),
			  "and it overlaps %zu more region%s",
			  more, more == 1 ? "" : "s");
}

/* A min-heap of regions by their last byte: those still open. */
struct open_regions {
	const struct fixed *f;
	size_t *heap, n;
};

static void open_push(struct open_regions *o, size_t i)
{
	size_t at = o->n++, up;

	for (; at && o->f[o->heap[up = (at - 1) / 2]].last > o->f[i].last;
	     at = up)
		o->heap[at] = o->heap[up];
	o->heap[at] = i;
}

static void open_pop(struct open_regions *o)
{
	size_t last = o->heap[--o->n], at = 0, down;

	while ((down = 2 * at + 1) < o->n) {
		if (down + 1 < o->n &&
		    o->f[o->heap[down + 1]].last < o->f[o->heap[down]].last)
			down++;
		if (o->f[o->heap[down]].last >= o->f[last].last)
			break;
		o->heap[at] = o->heap[down];
		at = down;
	}
	o->heap[at] = last;
}

/*
 * A sweep by start: each fixed region that begins inside one before it
 * is reported once, against the one that reaches furthest, with the
 * number of the others it meets, so the work is n log n however many
 * regions overlap.
 */
static void check_region_overlap(struct compilation *c)
{
	struct policy *p = &c->policy;
	struct fixed *f = xcalloc(p->nregions, sizeof(*f));
	struct open_regions o = { f, xcalloc(p->nregions, sizeof(size_t)), 0 };
	size_t i, n = 0, reach = 0;

	for (i = 0; i < p->nregions; i++) {
		if (fixed_range(p, &p->regions[i], &f[n].start, &f[n].last))
			f[n++].index = i;
	}
	qsort(f, n, sizeof(*f), by_start);
	for (i = 0; i < n; i++) {
		while (o.n && f[o.heap[0]].last < f[i].start)
			open_pop(&o);
		if (o.n)
			report_overlap(c, &f[i], &f[reach], o.n - 1);
		open_push(&o, i);
		if (!i || f[i].last > f[reach].last)
			reach = i;
	}
	free(o.heap);
	free(f);
}

static void check_overflow(struct compilation *c)
{
	struct policy *p = &c->policy;
	const struct bank *bank;
	char a[32], b[32];
	struct region *r;
	uint64_t last;
	size_t j;

	for_each_region(p, r) {
		uint64_t size, start;

		if (r->has_align && !is_power_of_2(r->align))
			continue;
		if (!region_size(r, p->page_size, &size)) {
			diag(&c->diags, CHECK_OVERFLOW, r->size_pos, NULL,
			     CMA_WHY_SIZE_WRAPS, r->name);
			continue;
		}
		if (!r->has_start || !r->start || !size)
			continue;
		if (!region_start(r, p->page_size, &start)) {
			diag(&c->diags, CHECK_OVERFLOW, r->start_pos, NULL,
			     CMA_WHY_START_WRAPS, r->name);
			diag_note(&c->diags, srcpos_none(),
				  "%s rounded up to the alignment %s passes 0xffffffffffffffff",
				  fmt_addr(a, r->start),
				  fmt_size(b, region_alignment(r, p->page_size)));
		} else if (start > UINT64_MAX - (size - 1)) {
			diag(&c->diags, CHECK_OVERFLOW, r->pos, NULL,
			     CMA_WHY_PAST_TOP, r->name);
			diag_note(&c->diags, srcpos_none(),
				  "it starts at %s and its size is %s",
				  fmt_addr(a, start), fmt_size(b, size));
		}
	}
	/* The first bank the memory checks cannot use, if it is why. */
	for (j = 0; j < p->nbanks; j++) {
		bank = &p->banks[j];
		if (bank_last(bank, &last) || (bank->has_size && !bank->size))
			continue;
		if (bank->has_base && bank->has_size)
			diag(&c->diags, CHECK_OVERFLOW, bank->pos, NULL,
			     "bank '%s' ends past the top of the 64-bit address space",
			     bank->name);
		break;
	}
}

static void check_limits(struct compilation *c)
{
	struct policy *p = &c->policy;

	if (p->nregions > MAX_REGIONS)
		diag(&c->diags, CHECK_LIMITS, p->regions[MAX_REGIONS].pos, NULL,
		     "%s defines %zu regions; the 2010 kernel takes at most %d",
		     p->cmdline.file ? "cma=" : "the policy", p->nregions,
		     MAX_REGIONS);
	if (p->nrules > MAX_RULES)
		diag(&c->diags, CHECK_LIMITS, p->rules[MAX_RULES].pos, NULL,
		     "%s has %zu rules; the 2010 kernel takes at most %d",
		     p->cmdline.file ? "cma_map=" : "the map", p->nrules,
		     MAX_RULES);
}

/*
 * The first region or rule whose text, written as cmacc writes it, ends
 * past limit bytes from the value's start (or from the line's, for whole).
 */
static struct srcpos crossing(const struct policy *p,
			      const struct cmdline_layout *lay, bool map,
			      size_t from, size_t limit)
{
	size_t i;

	if (!map) {
		for (i = 0; i < p->nregions; i++)
			if (lay->region_end[i] - from > limit)
				return p->regions[i].pos;
	}
	for (i = 0; i < p->nrules; i++)
		if (lay->rule_end[i] - from > limit)
			return p->rules[i].pos;
	return srcpos_none();
}

/* A source's policy as cmacc writes it on a command line. */
struct written_line {
	struct cmdline_layout lay;
	struct strbuf line;
};

static void write_line(const struct compilation *c, struct written_line *w)
{
	const struct policy *p = &c->policy;

	memset(w, 0, sizeof(*w));
	w->lay.region_end = xcalloc(p->nregions, sizeof(size_t));
	w->lay.rule_end = xcalloc(p->nrules, sizeof(size_t));
	emit_cmdline(p, c->opts->cmdline_kernel, &w->line, &w->lay);
}

static void written_line_free(struct written_line *w)
{
	sb_free(&w->line);
	free(w->lay.region_end);
	free(w->lay.rule_end);
}

/* The values a source's command line will have, against the limit. */
static void check_written_values(struct compilation *c)
{
	struct policy *p = &c->policy;
	struct written_line w;
	size_t len[2];
	int which;

	write_line(c, &w);
	len[0] = p->nregions ?
		 w.lay.region_end[p->nregions - 1] - w.lay.regions_from : 0;
	len[1] = p->nrules ? w.lay.rule_end[p->nrules - 1] - w.lay.map_from : 0;
	for (which = 0; which < 2; which++) {
		if (len[which] <= MAX_VALUE)
			continue;
		diag(&c->diags, CHECK_VALUE_LENGTH,
		     crossing(p, &w.lay, which,
			      which ? w.lay.map_from : w.lay.regions_from,
			      MAX_VALUE),
		     NULL,
		     "the %s cmacc writes is %zu bytes; the 2010 kernel keeps %d and silently drops the rest, from here",
		     which ? "cma_map= value" : "cma= value", len[which],
		     MAX_VALUE);
	}
	written_line_free(&w);
}

static void check_value_length(struct compilation *c)
{
	struct policy *p = &c->policy;
	size_t i;

	if (!p->cmdline.file) {
		check_written_values(c);
		return;
	}
	for (i = 0; i < p->nparams; i++) {
		struct param_use *u = &p->params[i];
		struct srcpos cut = u->value;

		if (u->overridden || u->value.len <= MAX_VALUE)
			continue;
		cut.off += MAX_VALUE;
		cut.len -= MAX_VALUE;
		diag(&c->diags, CHECK_VALUE_LENGTH, cut, NULL,
		     "the value of %s is %zu bytes; the 2010 kernel keeps %d and silently drops the rest, from here",
		     u->which ? "cma_map=" : "cma=", u->value.len, MAX_VALUE);
	}
}

static void check_cmdline_length(struct compilation *c)
{
	struct srcpos at = c->policy.cmdline;
	uint64_t max = c->opts->cmdline_max;
	struct written_line w = { 0 };
	size_t len = at.len;

	/* Of a source, what cmacc writes, less its newline. */
	if (!at.file) {
		write_line(c, &w);
		len = w.line.len ? w.line.len - 1 : 0;
	}
	if (max && len >= max) {
		if (at.file) {
			at.off += max - 1;
			at.len -= max - 1;
		} else {
			at = crossing(&c->policy, &w.lay, false, 0, max - 1);
		}
		diag(&c->diags, CHECK_CMDLINE_LENGTH, at, NULL,
		     "the command line %sis %zu bytes; the kernel keeps %llu (COMMAND_LINE_SIZE %llu, less its final NUL) and drops the rest, from here",
		     c->policy.cmdline.file ? "" : "cmacc writes ", len,
		     (unsigned long long)(max - 1), (unsigned long long)max);
		diag_note(&c->diags, srcpos_none(),
			  "set --cmdline-max to the COMMAND_LINE_SIZE of the target architecture");
	}
	written_line_free(&w);
}

static void check_start_zero(struct compilation *c)
{
	struct policy *p = &c->policy;
	struct region *r;

	for_each_region(p, r) {
		if (!r->has_start || r->start)
			continue;
		diag(&c->diags, CHECK_START_ZERO, r->start_pos, NULL,
		     "region '%s' starts at @0, which the kernel reads as 'anywhere', not as address 0",
		     r->name);
		diag_note(&c->diags, srcpos_none(),
			  "leave out '@0' to place the region anywhere; the 2010 kernel cannot place one at address 0");
	}
}

static void check_start_unaligned(struct compilation *c)
{
	struct policy *p = &c->policy;
	char a[32], b[32], e[32];
	struct region *r;

	for_each_region(p, r) {
		uint64_t align, start;

		if (!r->has_start || !r->start ||
		    (r->has_align && !is_power_of_2(r->align)))
			continue;
		align = region_alignment(r, p->page_size);
		if (!(r->start & (align - 1)) ||
		    !region_start(r, p->page_size, &start))
			continue;
		diag(&c->diags, CHECK_START_UNALIGNED, r->start_pos,
		     fmt_addr(e, start),
		     "start %s of region '%s' is not a multiple of its alignment %s: the kernel moves it up to %s",
		     fmt_addr(a, r->start), r->name, fmt_size(b, align),
		     fmt_addr(e, start));
	}
}

static void check_page_multiple(struct compilation *c)
{
	struct policy *p = &c->policy;
	uint64_t page = p->page_size, size;
	char a[32], b[32], e[32];
	struct region *r;

	for_each_region(p, r) {
		if (r->size && (r->size & (page - 1)) &&
		    region_size(r, page, &size))
			diag(&c->diags, CHECK_PAGE_MULTIPLE, r->size_pos,
			     fmt_size(e, size),
			     "size %s of region '%s' is not a multiple of the page size %s: the kernel rounds it up to %s",
			     fmt_size(a, r->size), r->name, fmt_size(b, page),
			     fmt_size(e, size));
		if (r->has_align && is_power_of_2(r->align) && r->align < page)
			diag(&c->diags, CHECK_PAGE_MULTIPLE, r->align_pos, NULL,
			     "alignment %s of region '%s' is less than a page: the kernel aligns it to %s",
			     fmt_size(a, r->align), r->name, fmt_size(b, page));
	}
}

/* The allocator a region asks for, if its name can be given at all. */
static const struct cma_allocator *allocator_of(const struct region *r,
						bool *named)
{
	/* A name no command line can carry is reported as such. */
	*named = !bad_name_char(r->alloc ? r->alloc : "");
	return *named ? cma_allocator_find(r->alloc) : NULL;
}

static void check_unknown_allocator(struct compilation *c)
{
	struct policy *p = &c->policy;
	struct strbuf known = { 0 };
	const struct cma_allocator *a;
	struct region *r;
	unsigned int k;
	bool named;

	for (k = 0; (a = cma_allocator_at(k)); k++)
		sb_printf(&known, "%s%s", k ? ", " : "", a->name);
	for_each_region(p, r) {
		const char *near = NULL;

		if (allocator_of(r, &named) || !named)
			continue;
		for (k = 0; (a = cma_allocator_at(k)); k++)
			if (edit_distance(a->name, r->alloc, 1) <= 1)
				near = a->name;
		diag(&c->diags, CHECK_UNKNOWN_ALLOCATOR, r->alloc_pos, near,
		     "region '%s' asks for allocator '%s', which is not known: the region would be unusable at boot",
		     r->name, r->alloc);
		diag_note(&c->diags, srcpos_none(),
			  "the known allocators are: %s", known.buf);
	}
	sb_free(&known);
}

/*
 * The runtime's own allocator judges its parameters, on the region as
 * libcma gives it: its size, at the start libcma places it (where it has
 * one).  Parameters it takes but with which it could never hand out a
 * chunk there are refused too, as libcma refuses them.
 */
static void check_allocator_params(struct compilation *c)
{
	struct policy *p = &c->policy;
	const struct placement *pl = compilation_placement(c), *at;
	const struct cma_allocator *a;
	struct cma_alloc_stats st;
	uint64_t size, base;
	struct region *r;
	bool named;
	void *priv;
	int ret;

	for_each_region(p, r) {
		/* Parameters no command line can carry are reported already. */
		if (!(a = allocator_of(r, &named)) ||
		    (r->params && bad_param_char(r->params)) ||
		    !r->has_size || !r->size ||
		    !region_size(r, p->page_size, &size))
			continue;
		at = &pl[r - p->regions];
		base = at->fixed || at->fits ? at->start : 0;
		ret = a->init(&priv, base, size, p->page_size, r->params);
		if (ret == -EINVAL) {
			diag(&c->diags, CHECK_ALLOCATOR_PARAMS,
			     r->params ? r->params_pos : r->alloc_pos, NULL,
			     CMA_WHY_PARAMS, a->name, r->name, r->params ? r->params : "");
			continue;
		}
		if (ret)
			continue;
		a->stats(priv, &st);
		a->cleanup(priv);
		if (!st.largest)
			diag(&c->diags, CHECK_ALLOCATOR_PARAMS,
			     r->params ? r->params_pos : r->alloc_pos, NULL,
			     CMA_WHY_NO_CHUNK, a->name,
			     r->params ? r->params : "", r->name);
	}
}

static void check_unused_region(struct compilation *c)
{
	struct policy *p = &c->policy;
	bool *used;
	size_t i, j;

	if (!p->has_map || p->rules_incomplete)
		return;
	used = xcalloc(p->nregions, sizeof(*used));
	for (i = 0; i < p->nrules; i++)
		for (j = 0; j < p->rules[i].ntargets; j++)
			if (p->rules[i].targets[j].region >= 0)
				used[p->rules[i].targets[j].region] = true;
	for (i = 0; i < p->nregions; i++) {
		struct region *r = &p->regions[i];

		/* A later duplicate is reported as one already. */
		if (!used[i] && policy_find(p, r->name) == (long)i)
			diag(&c->diags, CHECK_UNUSED_REGION, r->name_pos, NULL,
			     "region '%s' is not used by any rule of %s",
			     r->name, p->cmdline.file ? "cma_map=" : "the map");
	}
	free(used);
}

/*
 * The earlier patterns a rule's pattern can overlap, found quickly: those
 * with a literal device (the common case) are kept by device name.
 */
struct pattern_ref {
	const struct pattern *pattern;
	size_t rule;
};

struct pattern_index {
	struct pattern_ref *wild;	/* device with '?' or '*' */
	size_t nwild, wild_cap;
	struct bucket {
		const char *dev;
		struct pattern_ref *refs;
		size_t n, cap;
	} *buckets;			/* one per literal device */
	size_t nbuckets, buckets_cap;
	struct cma_names by_dev;	/* device -> its bucket */
};

static bool is_literal(const char *s)
{
	return !strpbrk(s, "?*");
}

static const char *bucket_dev(const void *index, uint32_t i)
{
	return ((const struct pattern_index *)index)->buckets[i].dev;
}

static void index_add(struct pattern_index *x, const struct pattern *pt,
		      size_t rule)
{
	struct pattern_ref ref = { pt, rule };
	struct bucket *b;
	uint32_t i;

	if (!is_literal(pt->dev)) {
		VEC_RESERVE(x->wild, x->nwild, x->wild_cap);
		x->wild[x->nwild++] = ref;
		return;
	}
	i = names_add(&x->by_dev, pt->dev, strlen(pt->dev), x->nbuckets);
	if (i == x->nbuckets) {
		VEC_RESERVE(x->buckets, x->nbuckets, x->buckets_cap);
		x->buckets[x->nbuckets++] = (struct bucket){ .dev = pt->dev };
	}
	b = &x->buckets[i];
	VEC_RESERVE(b->refs, b->n, b->cap);
	b->refs[b->n++] = ref;
}

/* Each earlier pattern compared costs a unit of *work, while it lasts. */
static void add_overlapping(const struct pattern *pt,
			    const struct pattern_ref *refs, size_t n,
			    size_t before, struct pattern_ref **out,
			    size_t *nout, size_t *cap, size_t *work)
{
	size_t i;

	for (i = 0; i < n && refs[i].rule < before && *work; i++, --*work) {
		if (!pattern_overlap(pt, refs[i].pattern))
			continue;
		VEC_RESERVE(*out, *nout, *cap);
		(*out)[(*nout)++] = refs[i];
	}
}

static int by_rule(const void *a, const void *b)
{
	const struct pattern_ref *x = a, *y = b;

	return x->rule < y->rule ? -1 : x->rule > y->rule;
}

/*
 * Earlier rules named for one shadowed rule: a rule under a wildcard can
 * be shadowed by hundreds, and the first few say enough.
 */
#define SHADOW_NOTES 4

/*
 * The work the analysis may do, in earlier patterns compared and in words
 * of candidate sets.  Real maps need a few hundred per rule; patterns
 * built to defeat the analysis ("a*", "?a*", "??a*"... before "*") would
 * take seconds per rule, and tens of thousands of wildcard rules would
 * each be compared with all the others.  So each rule's question gets at
 * most SHADOW_RULE_WORK, all rules together at most SHADOW_WORK plus
 * SHADOW_PATTERN_WORK per pattern (the cost stays linear in the input),
 * and a rule whose work runs out counts as not shadowed: no warning
 * rather than a slow one.
 */
#define SHADOW_RULE_WORK (1UL << 18)
#define SHADOW_WORK (1UL << 22)
#define SHADOW_PATTERN_WORK 256

static void check_shadowed_rule(struct compilation *c)
{
	struct policy *p = &c->policy;
	struct pattern_index x = { .by_dev = { .name_of = bucket_dev } };
	struct pattern_ref *cands = NULL;
	const struct pattern **cp = NULL;
	size_t i, j, k, total = 0, ncands, cap = 0, cp_cap = 0, pool;

	for (i = 0; i < p->nrules; i++)
		total += p->rules[i].npatterns;
	pool = SHADOW_WORK + SHADOW_PATTERN_WORK * total;
	x.by_dev.owner = &x;
	for (i = 0; i < p->nrules; i++)
		for (j = 0; !p->rules[i].broken && j < p->rules[i].npatterns; j++)
			if (p->rules[i].patterns[j].dev)
				index_add(&x, &p->rules[i].patterns[j], i);

	for (i = 0; i < p->nrules && pool; i++) {
		struct rule *r = &p->rules[i];
		bool covered = true, any = false;
		size_t budget;

		if (r->broken)
			continue;
		ncands = 0;
		for (j = 0; j < r->npatterns; j++) {
			const struct pattern *pt = &r->patterns[j];

			if (!pt->dev)
				continue;
			any = true;
			if (is_literal(pt->dev)) {
				long b = cma_names_find(&x.by_dev, pt->dev,
							strlen(pt->dev));

				if (b >= 0)
					add_overlapping(pt, x.buckets[b].refs,
							x.buckets[b].n, i,
							&cands, &ncands, &cap,
							&pool);
			} else {
				for (k = 0; k < x.nbuckets && pool; k++, pool--)
					add_overlapping(pt, x.buckets[k].refs,
							x.buckets[k].n, i,
							&cands, &ncands, &cap,
							&pool);
			}
			add_overlapping(pt, x.wild, x.nwild, i, &cands, &ncands,
					&cap, &pool);
		}
		if (!any || !ncands || !pool)
			continue;
		if (cp_cap < ncands) {
			cp_cap = ncands;
			cp = xrealloc(cp, cp_cap * sizeof(*cp));
		}
		for (k = 0; k < ncands; k++)
			cp[k] = cands[k].pattern;
		budget = pool < SHADOW_RULE_WORK ? pool : SHADOW_RULE_WORK;
		pool -= budget;
		for (j = 0; covered && j < r->npatterns; j++)
			covered = pattern_covered(&r->patterns[j], cp, ncands,
						  &budget);
		pool += budget;
		if (!covered)
			continue;
		diag(&c->diags, CHECK_SHADOWED_RULE, r->pos, NULL,
		     "rule '%.*s' can never match", (int)r->pos.len,
		     r->pos.file->buf + r->pos.off);
		/* Name each earlier rule that takes part of its requests. */
		qsort(cands, ncands, sizeof(*cands), by_rule);
		{
			size_t last = (size_t)-1, shown = 0, nrules = 0;

			for (k = 0; k < ncands; k++)
				if (k == 0 || cands[k].rule != cands[k - 1].rule)
					nrules++;
			for (k = 0; k < ncands && shown < SHADOW_NOTES; k++) {
				struct rule *e = &p->rules[cands[k].rule];

				if (cands[k].rule == last)
					continue;
				last = cands[k].rule;
				diag_note(&c->diags, e->pos, "%s",
					  shown++ ? "and by this one" :
					  nrules == 1 ?
					  "every request it matches is taken by this earlier rule" :
					  "every request it matches is taken by these earlier rules");
			}
			if (nrules > shown)
				diag_note(&c->diags, srcpos_none(),
					  "and by %zu more earlier rule%s",
					  nrules - shown,
					  nrules - shown == 1 ? "" : "s");
		}
	}
	for (k = 0; k < x.nbuckets; k++)
		free(x.buckets[k].refs);
	free(x.buckets);
	cma_names_free(&x.by_dev);
	free(x.wild);
	free(cands);
	free(cp);
}

static const char *target_name(const void *rule, uint32_t i)
{
	return ((const struct rule *)rule)->targets[i].name;
}

static void check_duplicate_fallback(struct compilation *c)
{
	struct policy *p = &c->policy;
	struct cma_names seen = { .name_of = target_name };
	const char *name;
	uint32_t first;
	size_t i, j;

	for (i = 0; i < p->nrules; i++) {
		struct rule *r = &p->rules[i];

		seen.owner = r;
		for (j = 0; j < r->ntargets; j++) {
			name = r->targets[j].name;
			first = names_add(&seen, name, strlen(name), j);
			if (first == j)
				continue;
			diag(&c->diags, CHECK_DUPLICATE_FALLBACK, r->targets[j].pos,
			     NULL,
			     "region '%s' is listed twice in this rule: the second try cannot succeed where the first failed",
			     name);
			diag_note(&c->diags, r->targets[first].pos,
				  "first listed here");
		}
		cma_names_free(&seen);
	}
}

static void check_orphan_kind(struct compilation *c)
{
	struct policy *p = &c->policy;
	size_t i, j;

	for (i = 0; i < p->nrules; i++) {
		for (j = 0; j < p->rules[i].npatterns; j++) {
			struct pattern *pt = &p->rules[i].patterns[j];

			const char *kind = pt->kind ? pt->kind : "";

			if (pt->dev)
				continue;
			if (!p->cmdline.file) {
				diag(&c->diags, CHECK_ORPHAN_KIND, pt->pos, NULL,
				     "pattern 'kind %s' has no device pattern before it, so it can never match",
				     kind);
				diag_note(&c->diags, srcpos_none(),
					  "'kind K' alone takes the device of the nearest pattern before it; write 'DEVICE kind %s'",
					  kind);
				continue;
			}
			diag(&c->diags, CHECK_ORPHAN_KIND, pt->pos, NULL,
			     "pattern '/%s' has no device pattern before it, so it can never match",
			     kind);
			diag_note(&c->diags, srcpos_none(),
				  "'/KIND' takes the device of the nearest pattern before it; write 'DEVICE/%s'",
				  kind);
		}
	}
}

static void check_repeated_param(struct compilation *c)
{
	struct policy *p = &c->policy;
	size_t i, j;

	for (i = 0; i < p->nparams; i++) {
		struct param_use *u = &p->params[i];
		const char *name = u->which ? "cma_map=" : "cma=";

		if (!u->overridden)
			continue;
		diag(&c->diags, CHECK_REPEATED_PARAM, u->name, NULL,
		     "%s is given again later: the kernel uses only the last one",
		     name);
		for (j = p->nparams; j-- > i;)
			if (p->params[j].which == u->which)
				break;
		diag_note(&c->diags, p->params[j].name, "this one is used");
	}
}

static void check_missing_param(struct compilation *c)
{
	struct policy *p = &c->policy;
	struct srcpos at = p->cmdline;

	if (!at.file)
		return;
	at.len = 0;
	if (!p->has_regions && !p->has_map)
		diag(&c->diags, CHECK_MISSING_PARAM, at, NULL,
		     "the command line has neither cma= nor cma_map=");
	else if (!p->has_map)
		diag(&c->diags, CHECK_MISSING_PARAM, at, NULL,
		     "the command line has no cma_map=: no device can allocate from its regions");
	else if (!p->has_regions)
		diag(&c->diags, CHECK_MISSING_PARAM, at, NULL,
		     "the command line has no cma=: its rules name regions that do not exist");
}

/* What a table's fields cannot hold (cma-table(5)). */
static void check_table_limits(struct compilation *c)
{
	struct policy *p = &c->policy;
	char a[32];
	size_t i;

	if (p->page_size > UINT32_MAX)
		diag(&c->diags, CHECK_TABLE_LIMITS, p->page_size_pos, NULL,
		     "page size %s does not fit a table's 32-bit field: a table holds pages of up to 2G",
		     fmt_size(a, p->page_size));
	for (i = 0; i < p->nrules; i++)
		if (p->rules[i].npatterns > CMA_TABLE_RULE_MAX ||
		    p->rules[i].ntargets > CMA_TABLE_RULE_MAX)
			diag(&c->diags, CHECK_TABLE_LIMITS, p->rules[i].pos, NULL,
			     "this rule has %zu patterns and %zu regions: a table holds at most %u of each in a rule",
			     p->rules[i].npatterns, p->rules[i].ntargets,
			     CMA_TABLE_RULE_MAX);
}

/*
 * A CMA pool whose base or size is not a multiple of the target's
 * CMA_MIN_ALIGNMENT_BYTES is refused by rmem_cma_setup(); for cma= the
 * kernel rounds the size up and refuses the base.  Either way the area is
 * not what the policy says.
 */
static void cma_misaligned(struct compilation *c, const struct region *r,
			   struct srcpos at, const char *what, uint64_t v,
			   bool address)
{
	const struct kernel_target *t = compilation_target(c);
	uint64_t down = v - v % t->cma_align, up;
	char a[32], b[32], e[32], g[32];

	diag(&c->diags, CHECK_CMA_ALIGNMENT, at, NULL,
	     "region '%s' %s %s, which %s refuses for a CMA area: it takes multiples of %s",
	     r->name, what, address ? fmt_addr(a, v) : fmt_size(a, v),
	     t->name, fmt_size(b, t->cma_align));
	if (!cma_round_up(v, t->cma_align, &up))
		return;
	if (address || down)
		diag_note(&c->diags, srcpos_none(),
			  "the nearest it takes are %s and %s; --round-to-target writes %s",
			  address ? fmt_addr(e, down) : fmt_size(e, down),
			  address ? fmt_addr(g, up) : fmt_size(g, up),
			  address ? fmt_addr(a, up) : fmt_size(a, up));
	else
		diag_note(&c->diags, srcpos_none(),
			  "the smallest it takes is %s; --round-to-target writes it",
			  fmt_size(e, up));
}

/* Is region i the area of a cma= parameter, read or written? */
static bool is_cmdline_area(const struct compilation *c, size_t i)
{
	return c->opts->out == OUT_MAINLINE ||
	       (c->today_cmdline && !strcmp(c->policy.regions[i].name, "cma"));
}

static void check_cma_alignment(struct compilation *c)
{
	const struct kernel_target *t = compilation_target(c);
	struct policy *p = &c->policy;
	uint64_t size, start;
	char a[32], b[32], e[32];
	size_t i;

	for (i = 0; i < p->nregions; i++) {
		const struct region *r = &p->regions[i];

		if (r->broken || !target_writes_region(c, i) ||
		    !r->has_size || !r->size ||
		    !region_size(r, p->page_size, &size))
			continue;
		/*
		 * cma_declare_contiguous_nid() rounds a cma= area's size up;
		 * only a pool's is refused.
		 */
		if (size % t->cma_align && is_cmdline_area(c, i))
			diag(&c->diags, CHECK_CMA_ROUNDED, r->size_pos, NULL,
			     "cma= asks for %s, and %s rounds it up to %s, a multiple of the %s a CMA area takes",
			     fmt_size(a, size), t->name,
			     fmt_size(b, size + (t->cma_align - size % t->cma_align)),
			     fmt_size(e, t->cma_align));
		else if (size % t->cma_align)
			cma_misaligned(c, r, r->size_pos, "has size", size,
				       false);
		if (r->has_start && r->start &&
		    region_start(r, p->page_size, &start) &&
		    start % t->cma_align)
			cma_misaligned(c, r, r->start_pos, "starts at", start,
				       true);
	}
}

/*
 * Every pool is a CMA area, made first (early_init_fdt_scan_reserved_mem()),
 * and so is the default area the kernel makes later (CONFIG_CMA_SIZE_MBYTES,
 * dma_contiguous_reserve()) when no pool is the default one.  Past
 * MAX_CMA_AREAS the kernel refuses the rest: "Not enough slots".
 */
static void check_cma_areas(struct compilation *c)
{
	const struct kernel_target *t = compilation_target(c);
	struct policy *p = &c->policy;
	size_t i, areas = 0, last = 0;

	for (i = 0; i < p->nregions; i++) {
		if (!target_writes_region(c, i))
			continue;
		last = i;
		if (++areas == t->cma_areas + 1)
			break;
	}
	if (areas > t->cma_areas) {
		diag(&c->diags, CHECK_CMA_AREAS, p->regions[last].name_pos, NULL,
		     "region '%s' would be CMA area %u, and %s has room for %u",
		     p->regions[last].name, t->cma_areas + 1, t->name,
		     t->cma_areas);
	} else if (areas == t->cma_areas && policy_default_region(p) < 0) {
		diag(&c->diags, CHECK_CMA_AREAS, p->regions[last].name_pos, NULL,
		     "the %zu regions take every CMA area %s has, and leave none for its own default area (%uM)",
		     areas, t->name, t->default_mbytes);
		diag_note(&c->diags, srcpos_none(),
			  "devices with no region of their own allocate from the default area: make a region the default with a last rule that takes every request");
	}
}

/* Where region r could start instead: the first aligned address past reach. */
static void note_past_reserved(struct compilation *c, const struct region *r,
			       uint64_t reach)
{
	uint64_t align = region_alignment(r, c->policy.page_size), at;
	char a[32];

	if (reach == UINT64_MAX || !cma_round_up(reach + 1, align, &at))
		return;
	diag_note(&c->diags, r->start_pos,
		  "the first start past it aligned for '%s' is %s; or give no start, and the region is placed around it",
		  r->name, fmt_addr(a, at));
}

/*
 * A fixed region on a carve-out: firmware's memory would become a CMA
 * area the kernel hands out (the kernel itself only says "OVERLAP
 * DETECTED" for /reserved-memory nodes, and nothing for /memreserve/).
 * Carve-outs by base: for each region, a binary search for the last one
 * starting in it, then back past those that end before it (boards have
 * a few carve-outs, which seldom nest).
 */
static void check_reserved_overlap(struct compilation *c)
{
	struct policy *p = &c->policy;
	const struct bank **sorted = xcalloc(p->nreserved + 1, sizeof(*sorted));
	size_t i, n = 0, lo, hi;
	uint64_t start, last, reach = 0;
	char a[32], b[32], e[32], g[32];
	struct region *r;

	for (i = 0; i < p->nreserved; i++)
		if (p->reserved[i].has_base && p->reserved[i].has_size &&
		    p->reserved[i].size &&
		    p->reserved[i].base <= UINT64_MAX - (p->reserved[i].size - 1))
			sorted[n++] = &p->reserved[i];
	qsort(sorted, n, sizeof(*sorted), bank_by_base);
	for_each_region(p, r) {
		if (!fixed_range(p, r, &start, &last))
			continue;
		/* The first carve-out starting past last, then look back. */
		for (lo = 0, hi = n; lo < hi;) {
			size_t mid = lo + (hi - lo) / 2;

			if (sorted[mid]->base <= last)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (i = lo; i-- > 0;) {
			const struct bank *k = sorted[i];

			reach = k->base + (k->size - 1);
			if (reach < start)
				continue;
			diag(&c->diags, CHECK_RESERVED_OVERLAP, r->pos, NULL,
			     "region '%s' [%s, %s] overlaps reserved memory '%s' [%s, %s], which no region may take",
			     r->name, fmt_addr(a, start), fmt_addr(b, last),
			     k->name, fmt_addr(e, k->base), fmt_addr(g, reach));
			diag_note(&c->diags, k->pos, "'%s' is reserved here",
				  k->name);
			note_past_reserved(c, r, reach);
			break;
		}
	}
	free(sorted);
}

/*
 * Pools without a start, placed as the kernel places them: each that
 * finds no room is an error, with where the dynamic pools before it
 * landed.
 */
static void check_pool_placement(struct compilation *c)
{
	struct policy *p = &c->policy;
	struct kernel_place *kp;
	char a[32], b[32], e[32];
	size_t i, j, k, *turn;
	bool noted = false;

	if (!p->nbanks)
		return;
	kp = kernel_placement(c);
	/* The dynamic pools by their turn. */
	turn = xcalloc(p->nregions + 1, sizeof(*turn));
	for (i = 0; i < p->nregions; i++)
		if (kp[i].tried)
			turn[kp[i].order] = i + 1;
	for (i = 0; i < p->nregions; i++) {
		const struct region *r = &p->regions[i];

		if (!kp[i].tried || kp[i].placed)
			continue;
		if (kp[i].dropped) {
			diag(&c->diags, CHECK_POOL_PLACEMENT, r->pos, NULL,
			     "region '%s' comes after the %d reserved-memory nodes the kernel keeps: it says \"not enough space for all defined regions\" and never places this pool",
			     r->name, MAX_RESERVED_REGIONS);
			continue;
		}
		diag(&c->diags, CHECK_POOL_PLACEMENT, r->pos, NULL,
		     "%s finds no room for region '%s' (%s) in %s, placing pools top-down as it does",
		     compilation_target(c)->name, r->name,
		     fmt_size(a, kp[i].size),
		     r->nranges ? "its allocation ranges" :
		     "the memory");
		note_bad_ranges(c, r, kp[i].size, NULL, 0);
		/* Where the dynamic pools just before it landed, once. */
		for (k = kp[i].order > 8 ? kp[i].order - 8 : 0;
		     !noted && k < kp[i].order; k++) {
			j = turn[k] - 1;
			if (turn[k] && kp[j].placed)
				diag_note(&c->diags, p->regions[j].pos,
					  "'%s' lands at [%s, %s] before it",
					  p->regions[j].name,
					  fmt_addr(b, kp[j].start),
					  fmt_addr(e, kp[j].start +
						   (kp[j].size - 1)));
		}
		noted = true;
	}
	free(turn);
	free(kp);
}

/*
 * rmem_cma_setup() refuses a reusable pool with no-map, and so does
 * rmem_dma_setup(): the memory stays reserved, and no pool is made.
 */
/*
 * Allocation ranges that place nothing: a region with a start lies
 * there (the kernel reads no alloc-ranges beside reg), and the 2010
 * command line has no way to carry them.
 */
static void check_ignored_range(struct compilation *c)
{
	struct policy *p = &c->policy;
	bool line = c->opts->out == OUT_CMDLINE && !c->opts->diff &&
		    !c->opts->simulate && !c->opts->nexplain;
	struct region *r;

	/* A tree's pools are the board's: the kernel's rule is the fact. */
	if (p->from_tree)
		return;
	for_each_region(p, r) {
		if (!r->nranges)
			continue;
		if (r->has_start && r->start) {
			diag(&c->diags, CHECK_IGNORED_RANGE, r->ranges[0].pos,
			     NULL,
			     "region '%s' gives its start, so its allocation ranges place nothing",
			     r->name);
			diag_note(&c->diags, r->start_pos,
				  "leave out the start to have it placed in the ranges, or the ranges to keep it here");
		} else if (line) {
			diag(&c->diags, CHECK_IGNORED_RANGE, r->ranges[0].pos,
			     NULL,
			     "the command line cannot carry the allocation ranges of region '%s': a kernel reading it places the region anywhere in its memory",
			     r->name);
			diag_note(&c->diags, srcpos_none(),
				  "-O table keeps them, for libcma and cma.ko; or give the region a start inside them");
		}
	}
}

static void check_pool_flags(struct compilation *c)
{
	struct policy *p = &c->policy;
	struct region *r;

	for_each_region(p, r)
		if (r->reusable && r->no_map) {
			diag(&c->diags, CHECK_POOL_FLAGS, r->no_map_pos, NULL,
			     "region '%s' is both reusable and no_map: the kernel refuses such a pool, keeping its memory reserved for nothing",
			     r->name);
			diag_note(&c->diags, srcpos_none(),
				  "a CMA pool is reusable (the default); a coherent pool that the kernel must not map is no_map alone");
		}
}

/* -O mainline writes the default region: it needs one. */
static void check_mainline_default(struct compilation *c)
{
	struct policy *p = &c->policy;

	if (policy_default_region(p) >= 0)
		return;
	diag(&c->diags, CHECK_MAINLINE_DEFAULT,
	     p->nrules ? p->rules[p->nrules - 1].pos : p->cmdline, NULL,
	     "-O mainline writes the default region, and no rule takes every request");
	diag_note(&c->diags, srcpos_none(),
		  "add a last rule %s: its first region is the default",
		  p->cmdline.file ? "'*/*=REGION' to cma_map=" :
		  "'* kind any -> REGION;'");
}

/* Regions named one by one in a note; the rest are counted. */
#define MAINLINE_NOTES 4

/*
 * -O mainline: today's cma= makes one area, the default region, with a
 * size and maybe a fixed place.  Says what it leaves out of the policy.
 */
static void check_mainline(struct compilation *c)
{
	struct policy *p = &c->policy;
	const struct region *r;
	size_t i, shown = 0, others;
	long d = policy_default_region(p);

	if (d < 0)
		return;
	r = &p->regions[d];
	others = p->nregions - 1;
	if (!others && p->nrules == 1 && p->rules[0].ntargets == 1 &&
	    region_alignment(r, p->page_size) == p->page_size &&
	    !r->alloc && !r->params)
		return;
	diag(&c->diags, CHECK_MAINLINE, r->name_pos, NULL,
	     "today's kernels take one CMA area: -O mainline writes region '%s', the default, and leaves out the rest",
	     r->name);
	for (i = 0; i < p->nregions && shown < MAINLINE_NOTES; i++) {
		if (i == (size_t)d)
			continue;
		diag_note(&c->diags, p->regions[i].name_pos,
			  "region '%s' is left out", p->regions[i].name);
		shown++;
	}
	if (others > shown)
		diag_note(&c->diags, srcpos_none(),
			  "and %zu more region%s", others - shown,
			  others - shown == 1 ? "" : "s");
	if (p->nrules > 1 || p->rules[0].ntargets > 1)
		diag_note(&c->diags, p->rules[0].pos,
			  "the rules are left out: a device gets an area of its own from the device tree (-O dts)");
	if (region_alignment(r, p->page_size) > p->page_size)
		diag_note(&c->diags, r->align_pos,
			  "the alignment is left out: the kernel aligns the area itself");
	if (r->alloc || r->params)
		diag_note(&c->diags, r->alloc ? r->alloc_pos : r->params_pos,
			  "the allocator is left out: today's CMA has one");
}

const struct check checks[CHECK_COUNT] = {
	[CHECK_SYNTAX] = {
		.name = "syntax", .level = LEVEL_ERROR, .always_on = true,
		.summary = "text the grammar does not allow",
	},
	[CHECK_TABLE] = {
		.name = "table", .level = LEVEL_ERROR, .always_on = true,
		.summary = "a table that is damaged or not a table",
	},
	[CHECK_BAD_NAME] = {
		.name = "bad-name", .level = LEVEL_ERROR, .always_on = true,
		.pass = check_bad_name,
		.summary = "a region or allocator name with a character other than a letter or digit",
	},
	[CHECK_COMMA_SEPARATOR] = {
		.name = "comma-separator", .level = LEVEL_ERROR,
		.always_on = true,
		.summary = "',' between regions, where the kernel wants ';'",
	},
	[CHECK_WHITESPACE] = {
		.name = "whitespace", .level = LEVEL_ERROR, .always_on = true,
		.summary = "white space inside cma= or cma_map=",
	},
	[CHECK_EMPTY] = {
		.name = "empty", .level = LEVEL_ERROR, .always_on = true,
		.pass = check_empty,
		.summary = "an empty value, pattern, kind or region name",
	},
	[CHECK_STAR_POSITION] = {
		.name = "star-position", .level = LEVEL_ERROR,
		.always_on = true, .pass = check_star_position,
		.summary = "'*' before the end of a pattern",
	},
	[CHECK_PARAM_SEMICOLON] = {
		.name = "param-semicolon", .level = LEVEL_ERROR,
		.always_on = true, .pass = check_param_semicolon,
		.summary = "';' inside an allocator's parameters",
	},
	[CHECK_OVERFLOW] = {
		.name = "overflow", .level = LEVEL_ERROR, .always_on = true,
		.pass = check_overflow,
		.summary = "a number, a rounded size or start, or an end past 64 bits",
	},
	[CHECK_ZERO_SIZE] = {
		.name = "zero-size", .level = LEVEL_ERROR, .always_on = true,
		.pass = check_zero_size,
		.summary = "a region of size 0",
	},
	[CHECK_ALIGNMENT] = {
		.name = "alignment", .level = LEVEL_ERROR, .always_on = true,
		.pass = check_alignment,
		.summary = "an alignment that is not a power of two",
	},
	[CHECK_DUPLICATE_REGION] = {
		.name = "duplicate-region", .level = LEVEL_ERROR,
		.always_on = true, .pass = check_duplicate_region,
		.summary = "two regions with one name",
	},
	[CHECK_UNDEFINED_REGION] = {
		.name = "undefined-region", .level = LEVEL_ERROR,
		.always_on = true, .pass = check_undefined_region,
		.summary = "a rule naming a region that is not defined",
	},
	[CHECK_REGION_OVERLAP] = {
		.name = "region-overlap", .level = LEVEL_ERROR,
		.pass = check_region_overlap,
		.summary = "fixed regions that overlap",
	},
	[CHECK_LIMITS] = {
		.name = "limits", .level = LEVEL_ERROR, .scope = SCOPE_CMDLINE,
		.pass = check_limits,
		.summary = "more than 16 regions or 64 rules (the 2010 kernel's limits)",
	},
	[CHECK_VALUE_LENGTH] = {
		.name = "value-length", .level = LEVEL_ERROR,
		.scope = SCOPE_CMDLINE, .pass = check_value_length,
		.summary = "a value over 511 bytes, which the 2010 kernel cuts",
	},
	[CHECK_CMDLINE_LENGTH] = {
		.name = "cmdline-length", .level = LEVEL_ERROR,
		.scope = SCOPE_CMDLINE, .pass = check_cmdline_length,
		.summary = "a command line over --cmdline-max",
	},
	[CHECK_EXPRESSION] = {
		.name = "expression", .level = LEVEL_ERROR, .always_on = true,
		.summary = "a division by zero, a negative value or a shift past 63",
	},
	[CHECK_UNDEFINED_CONSTANT] = {
		.name = "undefined-constant", .level = LEVEL_ERROR,
		.always_on = true,
		.summary = "a name that no constant before it defines",
	},
	[CHECK_DUPLICATE_DEFINITION] = {
		.name = "duplicate-definition", .level = LEVEL_ERROR,
		.always_on = true,
		.summary = "a constant, bank or field defined twice",
	},
	[CHECK_MISSING_FIELD] = {
		.name = "missing-field", .level = LEVEL_ERROR,
		.always_on = true, .pass = check_missing_field,
		.summary = "a region without a size, a bank without base or size",
	},
	[CHECK_INCLUDE] = {
		.name = "include", .level = LEVEL_ERROR, .always_on = true,
		.summary = "an included file that cannot be found or read",
	},
	[CHECK_ALLOCATOR_PARAMS] = {
		.name = "allocator-params", .level = LEVEL_ERROR,
		.always_on = true, .pass = check_allocator_params,
		.summary = "parameters an allocator does not take, or cannot serve the region with",
	},
	[CHECK_UNREPRESENTABLE] = {
		.name = "unrepresentable", .level = LEVEL_ERROR,
		.scope = SCOPE_CMDLINE, .pass = check_unrepresentable,
		.summary = "what a command line cannot say",
	},
	[CHECK_OUTSIDE_MEMORY] = {
		.name = "outside-memory", .level = LEVEL_ERROR,
		.pass = check_outside_memory,
		.summary = "a fixed region outside every declared bank",
	},
	[CHECK_BANK_OVERLAP] = {
		.name = "bank-overlap", .level = LEVEL_ERROR,
		.pass = check_bank_overlap,
		.summary = "memory banks that overlap",
	},
	[CHECK_MEMORY_TOTAL] = {
		.name = "memory-total", .level = LEVEL_ERROR,
		.pass = check_memory_total,
		.summary = "regions that need more than the declared memory",
	},
	[CHECK_PLACEMENT] = {
		.name = "placement", .level = LEVEL_ERROR,
		.pass = check_placement,
		.summary = "a region that fits nowhere in the declared memory",
	},
	[CHECK_MAINLINE_DEFAULT] = {
		.name = "mainline-default", .level = LEVEL_ERROR,
		.always_on = true, .scope = SCOPE_MAINLINE,
		.pass = check_mainline_default,
		.summary = "-O mainline without a rule that takes every request",
	},
	[CHECK_TRACE] = {
		.name = "trace", .level = LEVEL_ERROR, .always_on = true,
		.summary = "a --simulate trace line that is not a well-formed event",
	},
	[CHECK_TABLE_LIMITS] = {
		.name = "table-limits", .level = LEVEL_ERROR,
		.always_on = true, .scope = SCOPE_TABLE,
		.pass = check_table_limits,
		.summary = "what a table's fields cannot hold (-O table, c and --simulate)",
	},
	[CHECK_START_ZERO] = {
		.name = "start-zero", .level = LEVEL_WARNING,
		.pass = check_start_zero,
		.summary = "'@0', which means 'anywhere'",
	},
	[CHECK_START_UNALIGNED] = {
		.name = "start-unaligned", .level = LEVEL_WARNING,
		.pass = check_start_unaligned,
		.summary = "a start the kernel moves up to the alignment",
	},
	[CHECK_PAGE_MULTIPLE] = {
		.name = "page-multiple", .level = LEVEL_WARNING,
		.pass = check_page_multiple,
		.summary = "a size or alignment the kernel rounds to pages",
	},
	[CHECK_UNKNOWN_ALLOCATOR] = {
		.name = "unknown-allocator", .level = LEVEL_WARNING,
		.pass = check_unknown_allocator,
		.summary = "an allocator name no allocator has",
	},
	[CHECK_UNUSED_REGION] = {
		.name = "unused-region", .level = LEVEL_WARNING,
		.pass = check_unused_region,
		.summary = "a region that no rule names",
	},
	[CHECK_SHADOWED_RULE] = {
		.name = "shadowed-rule", .level = LEVEL_WARNING,
		.pass = check_shadowed_rule,
		.summary = "a rule whose requests earlier rules all take",
	},
	[CHECK_DUPLICATE_FALLBACK] = {
		.name = "duplicate-fallback", .level = LEVEL_WARNING,
		.pass = check_duplicate_fallback,
		.summary = "a region listed twice in one rule",
	},
	[CHECK_ORPHAN_KIND] = {
		.name = "orphan-kind", .level = LEVEL_WARNING,
		.pass = check_orphan_kind,
		.summary = "'/KIND' with no device pattern before it",
	},
	[CHECK_REPEATED_PARAM] = {
		.name = "repeated-param", .level = LEVEL_WARNING,
		.pass = check_repeated_param,
		.summary = "cma= or cma_map= given more than once",
	},
	[CHECK_MISSING_PARAM] = {
		.name = "missing-param", .level = LEVEL_WARNING,
		.pass = check_missing_param,
		.summary = "a command line without cma= or cma_map=",
	},
	[CHECK_MAINLINE] = {
		.name = "mainline", .level = LEVEL_WARNING,
		.scope = SCOPE_MAINLINE, .pass = check_mainline,
		.summary = "what -O mainline leaves out of the policy",
	},
	[CHECK_RESERVED_OUTSIDE] = {
		.name = "reserved-outside", .level = LEVEL_WARNING,
		.pass = check_reserved_outside,
		.summary = "reserved memory outside every declared bank",
	},
	[CHECK_IGNORED_RANGE] = {
		.name = "ignored-range", .level = LEVEL_WARNING,
		.pass = check_ignored_range,
		.summary = "allocation ranges that bind nothing: beside a start, or on a command line",
	},
	[CHECK_CMA_ALIGNMENT] = {
		.name = "cma-alignment", .level = LEVEL_ERROR,
		.scope = SCOPE_TODAY, .pass = check_cma_alignment,
		.summary = "a CMA area whose size or start the --target kernel refuses",
	},
	[CHECK_CMA_AREAS] = {
		.name = "cma-areas", .level = LEVEL_ERROR,
		.scope = SCOPE_DTS, .pass = check_cma_areas,
		.summary = "more CMA areas than the --target kernel has room for",
	},
	[CHECK_CMA_ROUNDED] = {
		.name = "cma-rounded", .level = LEVEL_WARNING,
		.scope = SCOPE_TODAY,
		.summary = "a size or start --round-to-target changed, or a cma= size the kernel rounds up",
	},
	[CHECK_BOARD_TREE] = {
		.name = "board-tree", .level = LEVEL_ERROR, .always_on = true,
		.summary = "a device tree libfdt cannot read, that cannot take the pools, or whose memory-region names no node",
	},
	[CHECK_POOL_FLAGS] = {
		.name = "pool-flags", .level = LEVEL_ERROR,
		.scope = SCOPE_TODAY, .pass = check_pool_flags,
		.summary = "a pool both reusable and no_map, which the kernel refuses",
	},
	[CHECK_RESERVED_OVERLAP] = {
		.name = "reserved-overlap", .level = LEVEL_ERROR,
		.pass = check_reserved_overlap,
		.summary = "a fixed region on reserved memory (a carve-out, a /memreserve/)",
	},
	[CHECK_POOL_PLACEMENT] = {
		.name = "pool-placement", .level = LEVEL_ERROR,
		.scope = SCOPE_TODAY | SCOPE_DTS, .pass = check_pool_placement,
		.summary = "a pool without a start that the --target kernel finds no room for",
	},
	[CHECK_DIALECT] = {
		.name = "dialect", .level = LEVEL_ERROR, .always_on = true,
		.summary = "a command line with parameters of both the 2010 patch and today's kernels",
	},
	[CHECK_BOARD] = {
		.name = "board", .level = LEVEL_WARNING,
		.summary = "what the kernel does otherwise than a device tree seems to say: a pool it skips or bypasses, a second default, a rule that takes no --board device",
	},
	[CHECK_TODAY_PARAM] = {
		.name = "today-param", .level = LEVEL_WARNING,
		.summary = "a parameter of today's kernels that the --target kernel reads otherwise than it looks, or not at all",
	},
	[CHECK_COMPAT_NUMBER] = {
		.name = "compat-number", .level = LEVEL_ERROR,
		.scope = SCOPE_2010, .pass = check_compat_number,
		.summary = "a number the --target=2010 kernel cannot read: a T, P or E suffix, or past 32 bits on 2010-32",
	},
	[CHECK_COMPAT_REPEAT] = {
		.name = "compat-repeat", .level = LEVEL_ERROR,
		.scope = SCOPE_2010, .pass = check_compat_repeat,
		.summary = "cma= or cma_map= given again with fewer entries, whose earlier entries survive on the --target=2010 kernel",
	},
	[CHECK_LENIENT] = {
		.name = "lenient", .level = LEVEL_WARNING,
		.pass = check_lenient,
		.summary = "what the grammar forbids but the 2010 kernel and libcma read sensibly: '_' in a name, an empty '@' or '/', '/0', 'DEV/', an empty parameter, parameters for bf",
	},
	[CHECK_COMPAT_KIND_PREFIX] = {
		.name = "compat-kind-prefix", .level = LEVEL_WARNING,
		.scope = SCOPE_2010, .pass = check_compat_kind_prefix,
		.summary = "a '/KIND' that the --target=2010 kernel also matches for devices named by a prefix of the device it inherits",
	},
	[CHECK_COMPAT_ALLOCATOR] = {
		.name = "compat-allocator", .level = LEVEL_WARNING,
		.scope = SCOPE_2010, .pass = check_compat_allocator,
		.summary = "an allocator other than bf, which leaves the region without one on the --target=2010 kernel",
	},
	[CHECK_COMPAT_CMDLINE] = {
		.name = "compat-cmdline", .level = LEVEL_WARNING,
		.scope = SCOPE_2010, .pass = check_compat_cmdline,
		.summary = "a command line the --target=2010 kernel splits otherwise than libcma: 'cma-map=', a parameter after '--'",
	},
	[CHECK_COMPAT_SUBPAGE] = {
		.name = "compat-subpage", .level = LEVEL_WARNING,
		.scope = SCOPE_2010,
		.summary = "a --simulate request for part of a page, which the --target=2010 kernel does not round up",
	},
	[CHECK_OVERRIDE] = {
		.name = "override", .level = LEVEL_NOTE,
		.summary = "a field that a later definition of a region replaces",
	},
	[CHECK_MEMORY_REGION] = {
		.name = "memory-region", .level = LEVEL_NOTE,
		.summary = "a device tree's memory-region entry that is reserved memory but no pool, left out of the device's rule",
	},
};

int check_lookup(const char *name)
{
	int i;

	for (i = 0; i < CHECK_COUNT; i++)
		if (!strcmp(checks[i].name, name))
			return i;
	return -1;
}

int check_option(struct diags *d, const char *arg, struct strbuf *why)
{
	bool off = false, error = false;
	const char *name = arg;
	int id;

	if (!strcmp(arg, "error") || !strcmp(arg, "no-error")) {
		d->werror = arg[0] == 'e';
		return 0;
	}
	if (!strncmp(name, "no-", 3)) {
		off = true;
		name += 3;
	}
	if (!strncmp(name, "error=", 6)) {
		error = true;
		name += 6;
	}
	id = check_lookup(name);
	if (id < 0) {
		sb_printf(why, "unknown check '%s'; --list-checks lists them",
			  name);
		return -1;
	}
	if (error) {
		d->explicit_error[id] = !off;
		d->no_werror[id] = off;
		if (!off && d->levels[id] == LEVEL_OFF)
			d->levels[id] = LEVEL_WARNING;
	} else if (off) {
		if (checks[id].always_on) {
			sb_printf(why, "check '%s' cannot be turned off", name);
			return -1;
		}
		d->levels[id] = LEVEL_OFF;
	} else if (d->levels[id] == LEVEL_OFF) {
		d->levels[id] = checks[id].level;
	}
	return 0;
}

void checks_list(FILE *out)
{
	static const char *const level_names[] = {
		[LEVEL_NOTE] = "note", [LEVEL_WARNING] = "warning",
		[LEVEL_ERROR] = "error",
	};
	int i;

	for (i = 0; i < CHECK_COUNT; i++)
		fprintf(out, "%-20s %-7s %s%s\n", checks[i].name,
			level_names[checks[i].level], checks[i].summary,
			checks[i].always_on ? " (always on)" : "");
}

static bool binds(int id, unsigned int scopes)
{
	return (checks[id].scope & scopes) == checks[id].scope;
}

void checks_scope(struct diags *d, unsigned int scopes)
{
	int i;

	for (i = 0; i < CHECK_COUNT; i++)
		if (!binds(i, scopes))
			d->levels[i] = LEVEL_OFF;
}

void run_checks(struct compilation *c)
{
	unsigned int scopes = compilation_scopes(c);
	int i;

	policy_resolve(&c->policy);
	if (c->opts->round_to_target && (scopes & SCOPE_TODAY))
		target_round(c);
	for (i = 0; i < CHECK_COUNT; i++)
		if (checks[i].pass && binds(i, scopes) &&
		    diag_level(&c->diags, i) != LEVEL_OFF)
			checks[i].pass(c);
}
