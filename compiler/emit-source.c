// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The canonical region-map source (cma-map(5)): the decompiler when the
 * input was a command line.  Memory first, then regions in their order,
 * then the map; sizes with the largest suffix that divides them,
 * addresses in hex with '_' every four digits, defaults left out, names
 * and patterns quoted only when they must be.
 */
#include <string.h>

#include "cmacc.h"

static const char *const keywords[] = {
	"region", "map", "memory", "bank", "const", "include", "size",
	"start", "align", "allocator", "params", "base", "page_size",
	"reserved", "reusable", "no_map", "alloc_range", NULL,
};

static bool is_keyword(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(s, *list))
			return true;
	return false;
}

static void quoted(struct strbuf *out, const char *s)
{
	sb_putc(out, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			sb_putc(out, '\\');
		sb_putc(out, *s);
	}
	sb_putc(out, '"');
}

/* A name as the lexer reads an identifier, or else a string. */
static void name(struct strbuf *out, const char *s)
{
	const char *p = s;

	if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '_') {
		while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		       (*p >= '0' && *p <= '9') || *p == '_')
			p++;
		if (!*p && !is_keyword(s, keywords)) {
			sb_puts(out, s);
			return;
		}
	}
	quoted(out, s);
}

static bool is_pattern_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || strchr("_.?*:+@%!~[]$^&|", c);
}

/* A pattern or a region name inside the map: a bare word when it can be. */
static void word(struct strbuf *out, const char *s)
{
	static const char *const map_words[] = { "kind", "any", NULL };
	size_t n = strlen(s), i;
	bool bare = n && is_pattern_char(s[0]) && is_pattern_char(s[n - 1]) &&
		    !is_keyword(s, map_words);

	for (i = 0; bare && i < n; i++)
		bare = is_pattern_char(s[i]) || s[i] == '-';
	if (bare)
		sb_puts(out, s);
	else
		quoted(out, s);
}

/* 0x6000_0000: hex, '_' between groups of four digits. */
static void address(struct strbuf *out, uint64_t v)
{
	char hex[17];
	int n = 0, i;

	do {
		hex[n++] = "0123456789abcdef"[v & 15];
		v >>= 4;
	} while (v);
	sb_puts(out, "0x");
	for (i = n - 1; i >= 0; i--) {
		sb_putc(out, hex[i]);
		if (i && i % 4 == 0)
			sb_putc(out, '_');
	}
}

static void emit_banks(const struct bank *banks, size_t n, const char *what,
		       struct strbuf *out)
{
	size_t i;

	for (i = 0; i < n; i++) {
		sb_printf(out, "\t%s ", what);
		name(out, banks[i].name);
		sb_puts(out, " {\n\t\tbase = ");
		address(out, banks[i].base);
		sb_puts(out, ";\n\t\tsize = ");
		sb_size(out, banks[i].size);
		sb_puts(out, ";\n\t}\n");
	}
}

static void emit_memory(const struct policy *p, struct strbuf *out)
{
	if (!p->nbanks && !p->nreserved && !p->page_size_pos.file)
		return;
	sb_puts(out, "memory {\n");
	if (p->page_size_pos.file) {
		sb_puts(out, "\tpage_size = ");
		sb_size(out, p->page_size);
		sb_puts(out, ";\n");
	}
	emit_banks(p->banks, p->nbanks, "bank", out);
	emit_banks(p->reserved, p->nreserved, "reserved", out);
	sb_puts(out, "}\n\n");
}

static void emit_region(const struct policy *p, const struct region *r,
			struct strbuf *out)
{
	size_t i;

	sb_puts(out, "region ");
	name(out, r->name);
	sb_puts(out, " {\n\tsize = ");
	sb_size(out, r->size);
	sb_puts(out, ";\n");
	if (r->has_start && r->start) {
		sb_puts(out, "\tstart = ");
		address(out, r->start);
		sb_puts(out, ";\n");
	}
	if (r->has_align && r->align > p->page_size) {
		sb_puts(out, "\talign = ");
		sb_size(out, r->align);
		sb_puts(out, ";\n");
	}
	if (r->alloc) {
		sb_puts(out, "\tallocator = ");
		name(out, r->alloc);
		sb_puts(out, ";\n");
	}
	if (r->params) {
		sb_puts(out, "\tparams = ");
		quoted(out, r->params);
		sb_puts(out, ";\n");
	}
	/* reusable only where no_map alone would drop it. */
	if (r->reusable && r->no_map)
		sb_puts(out, "\treusable;\n");
	if (r->no_map)
		sb_puts(out, "\tno_map;\n");
	for (i = 0; i < r->nranges; i++) {
		sb_puts(out, "\talloc_range = ");
		address(out, r->ranges[i].base);
		sb_puts(out, ", ");
		sb_size(out, r->ranges[i].size);
		sb_puts(out, ";\n");
	}
	sb_puts(out, "}\n\n");
}

static void emit_pattern(const struct pattern *pt, struct strbuf *out)
{
	/* 'kind K' alone inherits the device before it, as "/K" does. */
	bool named = pt->dev && !pt->inherited;

	if (named)
		word(out, pt->dev);
	if (!pt->kind) {
		if (!named)
			sb_puts(out, "kind \"\"");
		return;
	}
	sb_puts(out, named ? " kind " : "kind ");
	if (!strcmp(pt->kind, "*"))
		sb_puts(out, "any");
	else
		word(out, pt->kind);
}

int emit_source(struct compilation *c, struct strbuf *out)
{
	const struct policy *p = &c->policy;
	size_t i, j;

	sb_printf(out, "// Written by cmacc -O cma from %s.\n\n",
		  c->files[0]->name);
	emit_memory(p, out);
	for (i = 0; i < p->nregions; i++)
		emit_region(p, &p->regions[i], out);
	if (!p->nrules && !p->has_map) {
		out->len--;	/* one newline at the end, not two */
		out->buf[out->len] = '\0';
		return 0;
	}
	sb_puts(out, "map {\n");
	for (i = 0; i < p->nrules; i++) {
		const struct rule *r = &p->rules[i];

		sb_putc(out, '\t');
		for (j = 0; j < r->npatterns; j++) {
			if (j)
				sb_puts(out, ", ");
			emit_pattern(&r->patterns[j], out);
		}
		sb_puts(out, " -> ");
		for (j = 0; j < r->ntargets; j++) {
			if (j)
				sb_puts(out, ", ");
			word(out, r->targets[j].name);
		}
		sb_puts(out, ";\n");
	}
	sb_puts(out, "}\n");
	return 0;
}
