// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The binary table (cma-table(5)), and the same as C source.  Strings
 * are stored once each, in the order they are first met; the same policy
 * always gives the same bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "cmacc.h"
#include "../runtime/allocator.h"
#include "../runtime/cmdline.h"
#include "../runtime/table.h"

/* The strings section, each string once, found by its text. */
struct strings {
	struct strbuf text;
	uint32_t *offs;		/* of each string in text */
	size_t n, cap;
	struct cma_names index;
};

static const char *string_at(const void *strings, uint32_t i)
{
	const struct strings *st = strings;

	return st->text.buf + st->offs[i];
}

static uint32_t intern(struct strings *st, const char *s)
{
	uint32_t filed;
	size_t len;

	if (!s)
		return CMA_TABLE_NONE;
	len = strlen(s);
	filed = names_add(&st->index, s, len, st->n);
	if (filed != st->n)
		return st->offs[filed];
	VEC_RESERVE(st->offs, st->n, st->cap);
	st->offs[st->n++] = (uint32_t)st->text.len;
	sb_add(&st->text, s, len + 1);
	return st->offs[st->n - 1];
}

static void strings_free(struct strings *st)
{
	sb_free(&st->text);
	free(st->offs);
	cma_names_free(&st->index);
}

static unsigned int log2_of(uint64_t v)
{
	unsigned int k = 0;

	while (v >>= 1)
		k++;
	return k;
}

/* Does the policy need version 2: memory, ranges, or a pool's flags? */
static bool needs_memory(const struct policy *p)
{
	size_t i;

	if (p->nbanks || p->nreserved)
		return true;
	for (i = 0; i < p->nregions; i++)
		if (p->regions[i].nranges || p->regions[i].no_map ||
		    !p->regions[i].reusable)
			return true;
	return false;
}

static unsigned int region_flags(const struct region *r)
{
	return (r->no_map ? CMA_TR_NO_MAP : 0) |
	       (r->reusable ? 0 : CMA_TR_NOT_REUSABLE);
}

/* A span the loader takes: not empty, inside 64 bits (placement's too). */
static bool whole(uint64_t base, uint64_t size)
{
	uint64_t last;

	return span_last(base, size, &last);
}

/* The banks, then the carve-outs, that are whole: their records. */
static uint32_t put_memory(uint8_t *at, const struct bank *b, size_t n,
			   uint32_t kind, const uint32_t *names)
{
	uint32_t k = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!whole(b[i].base, b[i].size))
			continue;
		if (at) {
			uint8_t *rec = at + (size_t)k * CMA_TABLE_MEMORY_SIZE;

			cma_put64(rec + CMA_TM_BASE, b[i].base);
			cma_put64(rec + CMA_TM_SIZE, b[i].size);
			cma_put32(rec + CMA_TM_NAME, names[i]);
			rec[CMA_TM_KIND] = kind;
		}
		k++;
	}
	return k;
}

int emit_table(const struct policy *p, struct strbuf *out)
{
	struct strings st = { .index = { .name_of = string_at, .owner = &st } };
	uint64_t at[CMA_TABLE_SECTIONS + 1];
	uint32_t count[CMA_TABLE_SECTIONS];
	size_t i, j, npatterns = 0, ntargets = 0, np = 0, nt = 0, ng = 0;
	uint32_t *names, *allocs, *params, *devs, *kinds, *mem_names;
	uint32_t nbanks, nreserved, version = needs_memory(p) ? 2 : 1;
	size_t nranges = 0;
	uint8_t *b;

	for (i = 0; i < p->nrules; i++) {
		if (p->rules[i].npatterns > CMA_TABLE_RULE_MAX ||
		    p->rules[i].ntargets > CMA_TABLE_RULE_MAX)
			return -1;
		npatterns += p->rules[i].npatterns;
		ntargets += p->rules[i].ntargets;
	}
	for (i = 0; i < p->nregions; i++)
		for (j = 0; j < p->regions[i].nranges; j++)
			nranges += whole(p->regions[i].ranges[j].base,
					 p->regions[i].ranges[j].size);
	if (p->nregions > UINT32_MAX / 64 || p->nrules > UINT32_MAX / 64 ||
	    npatterns > UINT32_MAX / 64 || ntargets > UINT32_MAX / 64 ||
	    p->nbanks + p->nreserved > UINT32_MAX / 64 ||
	    nranges > UINT32_MAX / 64 || p->page_size > UINT32_MAX)
		return -1;
	names = xcalloc(p->nregions * 3 + 1, sizeof(*names));
	allocs = names + p->nregions;
	params = allocs + p->nregions;
	devs = xcalloc(npatterns * 2 + 1, sizeof(*devs));
	kinds = devs + npatterns;
	for (i = 0; i < p->nregions; i++) {
		names[i] = intern(&st, p->regions[i].name);
		allocs[i] = intern(&st, p->regions[i].alloc);
		params[i] = intern(&st, p->regions[i].params);
	}
	for (i = 0; i < p->nrules; i++) {
		for (j = 0; j < p->rules[i].npatterns; j++, np++) {
			devs[np] = intern(&st, p->rules[i].patterns[j].dev);
			kinds[np] = intern(&st, p->rules[i].patterns[j].kind);
		}
	}
	mem_names = xcalloc(p->nbanks + p->nreserved + 1, sizeof(*mem_names));
	for (i = 0; i < p->nbanks; i++)
		mem_names[i] = intern(&st, p->banks[i].name);
	for (i = 0; i < p->nreserved; i++)
		mem_names[p->nbanks + i] = intern(&st, p->reserved[i].name);
	nbanks = put_memory(NULL, p->banks, p->nbanks, CMA_TM_BANK, NULL);
	nreserved = put_memory(NULL, p->reserved, p->nreserved,
			       CMA_TM_CARVE_OUT, NULL);
	count[CMA_TS_REGIONS] = p->nregions;
	count[CMA_TS_RULES] = p->nrules;
	count[CMA_TS_PATTERNS] = npatterns;
	count[CMA_TS_TARGETS] = ntargets;
	count[CMA_TS_STRINGS] = st.text.len;
	count[CMA_TS_MEMORY] = nbanks + nreserved;
	count[CMA_TS_RANGES] = nranges;
	cma_table_layout(at, count, version > 1 ? CMA_TABLE_HEADER_SIZE :
				    CMA_TABLE_HEADER_SIZE_V1);
	if (st.text.len > UINT32_MAX || at[CMA_TABLE_SECTIONS] > UINT32_MAX) {
		free(names);
		free(devs);
		free(mem_names);
		strings_free(&st);
		return -1;
	}
	b = xcalloc(at[CMA_TABLE_SECTIONS], 1);
	cma_put32(b + CMA_TH_MAGIC, CMA_TABLE_MAGIC);
	b[CMA_TH_VERSION] = version;
	b[CMA_TH_HEADER_SIZE] = at[0];
	cma_put32(b + CMA_TH_TOTAL_SIZE, (uint32_t)at[CMA_TABLE_SECTIONS]);
	cma_put32(b + CMA_TH_PAGE_SIZE, (uint32_t)p->page_size);
	for (i = 0; i < (version > 1 ? CMA_TABLE_SECTIONS :
			 CMA_TABLE_SECTIONS_V1); i++) {
		cma_put32(b + CMA_TH_COUNT(i), count[i]);
		cma_put32(b + CMA_TH_OFFSET(i), (uint32_t)at[i]);
	}
	for (i = 0; i < p->nregions; i++) {
		const struct region *r = &p->regions[i];
		uint8_t *rec = b + at[CMA_TS_REGIONS] + i * CMA_TABLE_REGION_SIZE;

		cma_put64(rec + CMA_TR_SIZE, r->size);
		cma_put64(rec + CMA_TR_START, r->has_start ? r->start : 0);
		cma_put32(rec + CMA_TR_NAME, names[i]);
		cma_put32(rec + CMA_TR_ALLOCATOR, allocs[i]);
		cma_put32(rec + CMA_TR_PARAMS, params[i]);
		/* An alignment of a page or less is the default: 0. */
		rec[CMA_TR_ALIGN_SHIFT] = r->has_align && r->align > p->page_size ?
					  log2_of(r->align) : 0;
		rec[CMA_TR_FLAGS] = region_flags(r);
		for (j = 0; j < r->nranges; j++) {
			uint8_t *g = b + at[CMA_TS_RANGES] +
				     ng * CMA_TABLE_RANGE_SIZE;

			if (!whole(r->ranges[j].base, r->ranges[j].size))
				continue;
			ng++;
			cma_put64(g + CMA_TG_BASE, r->ranges[j].base);
			cma_put64(g + CMA_TG_SIZE, r->ranges[j].size);
			cma_put32(g + CMA_TG_REGION, (uint32_t)i);
		}
	}
	put_memory(b + at[CMA_TS_MEMORY], p->banks, p->nbanks, CMA_TM_BANK,
		   mem_names);
	put_memory(b + at[CMA_TS_MEMORY] + nbanks * CMA_TABLE_MEMORY_SIZE,
		   p->reserved, p->nreserved, CMA_TM_CARVE_OUT,
		   mem_names + p->nbanks);
	for (i = 0, np = 0; i < p->nrules; i++) {
		const struct rule *r = &p->rules[i];
		uint8_t *rec = b + at[CMA_TS_RULES] + i * CMA_TABLE_RULE_SIZE;

		cma_put16(rec + CMA_TU_PATTERN_COUNT, r->npatterns);
		cma_put16(rec + CMA_TU_TARGET_COUNT, r->ntargets);
		for (j = 0; j < r->npatterns; j++, np++) {
			uint8_t *pat = b + at[CMA_TS_PATTERNS] +
				       np * CMA_TABLE_PATTERN_SIZE;

			cma_put32(pat + CMA_TP_DEVICE, devs[np]);
			cma_put32(pat + CMA_TP_KIND, kinds[np]);
		}
		for (j = 0; j < r->ntargets; j++, nt++)
			cma_put32(b + at[CMA_TS_TARGETS] +
				  nt * CMA_TABLE_TARGET_SIZE,
				  (uint32_t)r->targets[j].region);
	}
	if (st.text.len)
		memcpy(b + at[CMA_TS_STRINGS], st.text.buf, st.text.len);
	cma_put32(b + CMA_TH_CRC,
		  cma_crc32(0, b + CMA_TH_FLAGS,
			    at[CMA_TABLE_SECTIONS] - CMA_TH_FLAGS));
	sb_add(out, (const char *)b, at[CMA_TABLE_SECTIONS]);
	free(b);
	free(names);
	free(devs);
	free(mem_names);
	strings_free(&st);
	return 0;
}

int emit_cmat(struct compilation *c, struct strbuf *out)
{
	if (emit_table(&c->policy, out) == 0)
		return 0;
	diag_plain_error(&c->diags,
			 "the policy is too large for a table (4 GiB, or a rule with over 65,535 patterns or regions)");
	return -1;
}

static bool is_c_keyword(const char *s)
{
	static const char *const keywords[] = {
		"auto", "break", "case", "char", "const", "continue",
		"default", "do", "double", "else", "enum", "extern", "float",
		"for", "goto", "if", "inline", "int", "long", "register",
		"restrict", "return", "short", "signed", "sizeof", "static",
		"struct", "switch", "typedef", "union", "unsigned", "void",
		"volatile", "while", "asm", "typeof", "bool", "true", "false",
	};
	size_t i;

	for (i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++)
		if (!strcmp(s, keywords[i]))
			return true;
	return false;
}

/*
 * A C name from a file name: "out/board-a.c" gives "board_a".  Other
 * characters than letters and digits become '_'; a name that would
 * start with a digit or '_' (reserved at file scope), or is empty,
 * becomes "table_NAME", and a keyword "NAME_table".
 */
static char *c_identifier(const char *path)
{
	const char *base = strrchr(path, '/'), *dot;
	struct strbuf id = { 0 };
	size_t i, len;

	base = base ? base + 1 : path;
	dot = strrchr(base, '.');
	len = dot ? (size_t)(dot - base) : strlen(base);
	if (!len || !cma_cl_is_name_char(base[0]) ||
	    (base[0] >= '0' && base[0] <= '9'))
		sb_puts(&id, "table_");
	for (i = 0; i < len; i++)
		sb_putc(&id, cma_cl_is_name_char(base[i]) ? base[i] : '_');
	if (!id.buf)
		sb_puts(&id, "");
	if (is_c_keyword(id.buf))
		sb_puts(&id, "_table");
	return id.buf;
}

/*
 * A runtime built with CMA_BF_ONLY carries the default allocator alone:
 * the first region that names another built-in one stops the table's
 * compilation, so that no region of it is left unusable at load.  (A
 * region naming an allocator no runtime has is unusable in any, as in
 * 2010, which cmacc warns of.)
 */
static void c_allocator_guard(const struct policy *p, const char *from,
			      struct strbuf *out)
{
	size_t i;

	for (i = 0; i < p->nregions; i++) {
		const struct region *r = &p->regions[i];
		const struct cma_allocator *a = cma_allocator_find(r->alloc);
		struct srcpos at = r->alloc_pos;
		const char *c;
		size_t line = 0, col = 0;

		if (!a || a == cma_allocator_at(0))
			continue;
		if (at.file && !at.file->binary && !at.file->fdt)
			srcfile_linecol(at.file, at.off, &line, &col);
		sb_puts(out, "\n#ifdef CMA_BF_ONLY\n#error \"");
		/* The file's name, as a C string holds it. */
		for (c = at.file ? at.file->name : from; *c; c++)
			sb_printf(out, *c == '"' || *c == '\\' ? "\\%c" :
				  *c >= ' ' && *c < 127 ? "%c" : "?", *c);
		if (line)
			sb_printf(out, ":%zu:%zu", line, col);
		sb_printf(out, ": region '%s' takes allocator '%s', which a runtime built with CMA_BF_ONLY leaves out: build it without\"\n#endif\n",
			  r->name, r->alloc);
		return;
	}
}

static void c_source(const struct policy *p, const struct strbuf *table,
		     const char *name, const char *from, const char *header,
		     struct strbuf *out)
{
	size_t i;

	sb_printf(out, "/* Written by cmacc -O c from %s: a cma-table(5). */\n",
		  from);
	if (header)
		sb_printf(out, "#include \"%s\"\n", header);
	c_allocator_guard(p, from, out);
	sb_printf(out, "\nconst unsigned char %s[%zu] __attribute__((aligned(8))) = {",
		  name, table->len);
	for (i = 0; i < table->len; i++)
		sb_printf(out, "%s0x%02x,", i % 12 ? " " : "\n\t",
			  (unsigned char)table->buf[i]);
	sb_printf(out, "\n};\n\nconst unsigned long %s_size = %zu;\n", name,
		  table->len);
}

static void c_header(size_t len, const char *name, struct strbuf *out)
{
	char *guard = xstrdup(name);
	size_t i;

	for (i = 0; guard[i]; i++)
		if (guard[i] >= 'a' && guard[i] <= 'z')
			guard[i] -= 'a' - 'A';
	sb_printf(out,
		  "/* Written by cmacc -O c: a cma-table(5) to link into a program. */\n"
		  "#ifndef %s_H\n#define %s_H\n\n"
		  "extern const unsigned char %s[%zu];\n"
		  "extern const unsigned long %s_size;\n\n#endif\n",
		  guard, guard, name, len, name);
	free(guard);
}

/*
 * -O c: the table as a C array, and, when writing FILE.c, FILE.h beside
 * it declaring the array.  The header is written first: if the source
 * cannot be written after it, the user has a header for a table they
 * lack, but never a source that includes a header that is not there.
 */
int emit_c(struct compilation *c, struct strbuf *out)
{
	const char *path = c->opts->out_path, *from = c->files[0]->name;
	char *name = c_identifier(path ? path : from);
	struct strbuf table = { 0 }, hdr = { 0 };
	size_t len = path ? strlen(path) : 0;
	char *header = NULL;
	const char *slash;

	if (emit_cmat(c, &table) < 0) {
		free(name);
		return -1;
	}
	if (len > 2 && !strcmp(path + len - 2, ".c")) {
		slash = strrchr(path, '/');
		header = xstrdup(path);
		header[len - 1] = 'h';
		c_header(table.len, name, &hdr);
		output_add(&c->outputs, header, &hdr);
		c_source(&c->policy, &table, name, from,
			 slash ? header + (slash - path) + 1 : header, out);
	} else {
		c_source(&c->policy, &table, name, from, NULL, out);
	}
	sb_free(&table);
	free(header);
	free(name);
	return 0;
}
