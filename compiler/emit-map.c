// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * -O map: where everything lands.  A table in address order, each bank
 * with what lies in it (regions, carve-outs, the free memory between),
 * then a bar a bank for a terminal.  Places are the ones the checks use
 * (compilation_placement()): libcma's rule, or today's kernel's for a
 * device tree or today's cma=.
 */
#include <stdlib.h>

#include "cmacc.h"
#include "placement.h"

#define MAP_WIDTH 64		/* cells in a bank's bar */

enum map_kind { MAP_BANK, MAP_RESERVED, MAP_REGION };

struct map_entry {
	uint64_t first, last;
	enum map_kind kind;
	const char *name;
	uint64_t align;		/* a region's */
	char mark;		/* its character on the bars */
};

static int by_address(const void *a, const void *b)
{
	const struct map_entry *x = a, *y = b;

	if (x->first != y->first)
		return x->first < y->first ? -1 : 1;
	return (int)x->kind - (int)y->kind;
}

/* A bank or carve-out that has a place: a base and a size, in 2^64. */
static bool bank_span(const struct bank *b, struct map_entry *e,
		      enum map_kind kind)
{
	uint64_t last;

	if (!bank_last(b, &last))
		return false;
	*e = (struct map_entry){ b->base, last, kind,
				 b->name ? b->name : "memory", 0,
				 kind == MAP_RESERVED ? '#' : 0 };
	return true;
}

/* Has the region a place to show: known, or fixed where it fits? */
static bool has_place(const struct placement *pl)
{
	return pl->known || (pl->fixed && pl->fits);
}

static char region_mark(size_t i)
{
	static const char marks[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

	return i < sizeof(marks) - 1 ? marks[i] : '@';
}

struct map {
	struct strbuf *out;
	int digits;		/* hex digits of the addresses */
	int name_width;		/* of the bars' names */
	uint64_t *reach;	/* the furthest last byte of each entry and those before */
};

/* An address in m's width, its digits in groups of four as sources write. */
static const char *map_addr(const struct map *m, char buf[32], uint64_t v)
{
	char *at = buf + 31;
	int i;

	*at = '\0';
	for (i = 0; i < m->digits; i++) {
		if (i && !(i % 4))
			*--at = '_';
		*--at = "0123456789abcdef"[v & 15];
		v >>= 4;
	}
	*--at = 'x';
	*--at = '0';
	return at;
}

static void row(struct map *m, uint64_t first, uint64_t last, int indent,
		const char *what)
{
	char size[32], a[32], b[32];

	/* The size of [0, 2^64) is one more than 64 bits hold. */
	if (last - first == UINT64_MAX)
		snprintf(size, sizeof(size), "16E");
	else
		fmt_size(size, last - first + 1);
	sb_printf(m->out, "%s  %s  %8s  %*s%s\n", map_addr(m, a, first),
		  map_addr(m, b, last), size, indent, "", what);
}

static void entry_row(struct map *m, const struct map_entry *e, int indent)
{
	struct strbuf what = { 0 };
	char align[32];

	switch (e->kind) {
	case MAP_BANK:
		sb_printf(&what, "bank %s", e->name);
		break;
	case MAP_RESERVED:
		sb_printf(&what, "# reserved %s", e->name);
		break;
	case MAP_REGION:
		sb_printf(&what, "%c %s", e->mark, e->name);
		if (e->align)
			sb_printf(&what, " (align %s)",
				  fmt_size(align, e->align));
		break;
	}
	row(m, e->first, e->last, indent, what.buf);
	sb_free(&what);
}

/*
 * The entries inside [first, last] from *next on, with the free memory
 * between them; *next ends past the last one inside.
 */
static void bank_rows(struct map *m, const struct map_entry *e, size_t n,
		      size_t *next, uint64_t first, uint64_t last)
{
	uint64_t free_from = first;
	bool free_left = true;	/* free_from is not past the bank's end */
	size_t i;

	for (i = *next; i < n && e[i].first <= last; i++) {
		if (free_left && e[i].first > free_from)
			row(m, free_from, e[i].first - 1, 2, ". free");
		entry_row(m, &e[i], 2);
		if (e[i].last >= last)
			free_left = false;
		else if (e[i].last >= free_from)
			free_from = e[i].last + 1;
	}
	if (free_left)
		row(m, free_from, last, 2, ". free");
	*next = i;
}

/* The cells of a bar that [first, last] touches, clipped to the bank. */
static bool cells_of(const struct map_entry *bank, uint64_t cell,
		     const struct map_entry *e, size_t *c0, size_t *c1)
{
	uint64_t first = e->first, last = e->last;

	if (e->kind == MAP_BANK || last < bank->first || first > bank->last)
		return false;
	if (first < bank->first)
		first = bank->first;
	if (last > bank->last)
		last = bank->last;
	*c0 = (first - bank->first) / cell;
	*c1 = (last - bank->first) / cell;
	return true;
}

/*
 * One bank's bar over fill ('.' free memory, ' ' memory no bank
 * declares).  A cell shows what covers most of it; then each region or
 * carve-out that shows nowhere takes a cell of its own from a neighbour
 * that shows in more than one, so that none is hidden when room allows.
 */
static void bar(struct map *m, const struct map_entry *bank,
		const struct map_entry *all, size_t nall, char fill)
{
	uint64_t cell = (bank->last - bank->first) / MAP_WIDTH + 1;
	uint64_t most[MAP_WIDTH] = { 0 };
	size_t owner[MAP_WIDTH], *shown, lo = 0, hi = nall, n;
	char cells[MAP_WIDTH + 1], a[32], b[32];
	const struct map_entry *e;
	size_t i, c, c0, c1;

	/* The entries that can meet the bank: from the first that reaches it. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (m->reach[mid] < bank->first)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (hi = lo; hi < nall && all[hi].first <= bank->last; hi++)
		;
	e = all + lo;
	n = hi - lo;
	shown = xcalloc(n + 1, sizeof(*shown));

	for (c = 0; c < MAP_WIDTH; c++)
		owner[c] = n;
	for (i = 0; i < n; i++) {
		if (!cells_of(bank, cell, &e[i], &c0, &c1))
			continue;
		for (c = c0; c <= c1; c++) {
			uint64_t from = bank->first + c * cell;
			uint64_t to = from + (cell - 1), covered;

			if (to < from || to > bank->last)
				to = bank->last;
			covered = (e[i].last < to ? e[i].last : to) -
				  (e[i].first > from ? e[i].first : from);
			if (owner[c] == n || covered + 1 > most[c]) {
				owner[c] = i;
				most[c] = covered + 1;
			}
		}
	}
	for (c = 0; c < MAP_WIDTH; c++)
		if (owner[c] < n)
			shown[owner[c]]++;
	for (i = 0; i < n; i++) {
		if (e[i].kind == MAP_BANK || shown[i] ||
		    !cells_of(bank, cell, &e[i], &c0, &c1))
			continue;
		for (c = c0; c <= c1; c++)
			if (owner[c] < n && shown[owner[c]] > 1) {
				shown[owner[c]]--;
				owner[c] = i;
				shown[i] = 1;
				break;
			}
	}
	for (c = 0; c < MAP_WIDTH; c++)
		cells[c] = owner[c] < n ? e[owner[c]].mark : fill;
	cells[MAP_WIDTH] = '\0';
	sb_printf(m->out, "%-*s %s |%s| %s\n", m->name_width, bank->name,
		  map_addr(m, a, bank->first), cells,
		  map_addr(m, b, bank->last));
	free(shown);
}

static int hex_digits(uint64_t v)
{
	int d = 8;

	while (d < 16 && v >> (4 * d))
		d++;
	return d;
}

int emit_map(struct compilation *c, struct strbuf *out)
{
	const struct policy *p = &c->policy;
	const struct placement *pl = compilation_placement(c);
	size_t nall = p->nbanks + p->nreserved + p->nregions;
	struct map_entry *banks = xcalloc(p->nbanks + 1, sizeof(*banks));
	struct map_entry *e = xcalloc(nall + 1, sizeof(*e));
	struct map m = { out, 8, (int)strlen("(regions)"), NULL };
	size_t i, n = 0, nbanks = 0, next = 0, nmarks = 0, unplaced = 0;
	char size[32];

	for (i = 0; i < p->nbanks; i++)
		nbanks += bank_span(&p->banks[i], &banks[nbanks], MAP_BANK);
	for (i = 0; i < p->nreserved; i++)
		n += bank_span(&p->reserved[i], &e[n], MAP_RESERVED);
	for (i = 0; i < p->nregions; i++) {
		const struct region *r = &p->regions[i];

		if (r->broken || !has_place(&pl[i]))
			continue;
		e[n++] = (struct map_entry){
			pl[i].start, pl[i].last, MAP_REGION, r->name,
			r->has_align ? region_alignment(r, p->page_size) : 0, 0
		};
	}
	qsort(banks, nbanks, sizeof(*banks), by_address);
	qsort(e, n, sizeof(*e), by_address);
	m.reach = xcalloc(n + 1, sizeof(*m.reach));
	for (i = 0; i < n; i++)
		m.reach[i] = i && m.reach[i - 1] > e[i].last ? m.reach[i - 1] :
			     e[i].last;
	for (i = 0; i < n; i++) {
		if (e[i].kind == MAP_REGION)
			e[i].mark = region_mark(nmarks++);
		if (hex_digits(e[i].last) > m.digits)
			m.digits = hex_digits(e[i].last);
	}
	for (i = 0; i < nbanks; i++) {
		if (hex_digits(banks[i].last) > m.digits)
			m.digits = hex_digits(banks[i].last);
		if (strlen(banks[i].name) > (size_t)m.name_width)
			m.name_width = (int)strlen(banks[i].name);
	}

	sb_printf(out, "# Where the regions of %s lie, as %s places them; page %s.\n",
		  c->files[0]->name,
		  compilation_scopes(c) & SCOPE_TODAY ?
		  compilation_target(c)->name : "libcma",
		  fmt_size(size, p->page_size));
	sb_puts(out, "# first and last byte, size, what\n");
	for (i = 0; i < nbanks; i++) {
		/* What lies below this bank and above the one before. */
		while (next < n && e[next].first < banks[i].first)
			entry_row(&m, &e[next++], 0);
		entry_row(&m, &banks[i], 0);
		bank_rows(&m, e, n, &next, banks[i].first, banks[i].last);
	}
	if (!nbanks && n)
		sb_puts(out, "# no memory banks declared: only what has a start is shown\n");
	while (next < n)
		entry_row(&m, &e[next++], 0);
	for (i = 0; i < p->nregions; i++) {
		const struct region *r = &p->regions[i];

		if (r->broken || has_place(&pl[i]))
			continue;
		sb_printf(out, "%s%s (%s)", unplaced++ ? ", " :
			  nbanks ? "# not placed: " : "# placed at run time: ",
			  r->name, r->has_size ?
			  fmt_size(size, r->size) : "no size");
	}
	if (unplaced)
		sb_putc(out, '\n');

	if (nbanks || n)
		sb_putc(out, '\n');
	for (i = 0; i < nbanks; i++)
		bar(&m, &banks[i], e, n, '.');
	if (!nbanks && n) {
		struct map_entry all = { e[0].first, m.reach[n - 1], MAP_BANK,
					 "(regions)", 0, 0 };

		bar(&m, &all, e, n, ' ');
	}
	if (n) {
		sb_puts(out, "#");
		for (i = 0; i < n; i++)
			if (e[i].kind == MAP_REGION)
				sb_printf(out, " %c %s", e[i].mark, e[i].name);
		if (p->nreserved)
			sb_puts(out, "  # reserved");
		sb_puts(out, nbanks ? "  . free\n" : "\n");
	}
	free(m.reach);
	free(banks);
	free(e);
	return 0;
}
