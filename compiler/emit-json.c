// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * -O json: the checked policy for tools and dashboards, in the schema
 * cma-json(5) documents (man/cmacc-policy.schema.json).  Each region gives
 * the values the kernel will use, after its rounding, beside the values as
 * written; each rule its patterns as the command line writes them (a
 * "/KIND" with the device it inherits, "kind any" as its two patterns).
 */
#include <inttypes.h>
#include <stdlib.h>

#include "cmacc.h"
#include "placement.h"

/* Bump on any change that could break a reader; adding members is not. */
#define JSON_SCHEMA_VERSION 1

static void json_u64(struct strbuf *out, const char *key, bool has,
		     uint64_t v)
{
	if (has)
		sb_json_u64(out, key, v);
	else
		sb_printf(out, "\"%s\": null", key);
}

static void json_string_or_null(struct strbuf *out, const char *key,
				const char *s)
{
	sb_printf(out, "\"%s\": ", key);
	sb_json_string_or_null(out, s);
}

static void json_where(struct strbuf *out, struct srcpos pos)
{
	size_t line, col;

	sb_puts(out, "\"location\": ");
	if (!pos.file) {
		sb_puts(out, "null");
		return;
	}
	sb_puts(out, "{\"file\": ");
	sb_json_string(out, pos.file->name);
	if (!pos.file->binary) {
		srcfile_linecol(pos.file, pos.off, &line, &col);
		sb_printf(out, ", \"line\": %zu, \"column\": %zu", line, col);
	}
	sb_printf(out, ", \"offset\": %zu}", pos.off);
}

static void emit_region(const struct policy *p, const struct region *r,
			const struct placement *pl, struct strbuf *out)
{
	uint64_t page = p->page_size, size = 0, start = 0;
	bool fixed = r->has_start && r->start;

	/* Checked: the rounded values fit, or there would be an error. */
	region_size(r, page, &size);
	if (fixed)
		region_start(r, page, &start);
	sb_puts(out, "    {\"name\": ");
	sb_json_string(out, r->name);
	sb_printf(out, ", \"size\": %" PRIu64 ", \"align\": %" PRIu64 ", ",
		  size, region_alignment(r, page));
	json_u64(out, "start", fixed || pl->known,
		 fixed ? start : pl->start);
	sb_printf(out, ", \"fixed\": %s, ", fixed ? "true" : "false");
	json_string_or_null(out, "allocator", r->alloc);
	sb_puts(out, ", ");
	json_string_or_null(out, "params", r->params);
	sb_puts(out, ",\n     \"written\": {");
	json_u64(out, "size", true, r->size);
	sb_puts(out, ", ");
	json_u64(out, "start", r->has_start, r->start);
	sb_puts(out, ", ");
	json_u64(out, "align", r->has_align, r->align);
	sb_puts(out, "}, ");
	json_where(out, r->pos);
	sb_putc(out, '}');
}

static void emit_rule(const struct rule *r, struct strbuf *out)
{
	size_t i;

	sb_puts(out, "    {\"patterns\": [");
	for (i = 0; i < r->npatterns; i++) {
		sb_puts(out, i ? ", {" : "{");
		json_string_or_null(out, "device", r->patterns[i].dev);
		sb_puts(out, ", ");
		json_string_or_null(out, "kind", r->patterns[i].kind);
		sb_putc(out, '}');
	}
	sb_puts(out, "], \"regions\": [");
	for (i = 0; i < r->ntargets; i++) {
		if (i)
			sb_puts(out, ", ");
		sb_json_string(out, r->targets[i].name);
	}
	sb_puts(out, "], ");
	json_where(out, r->pos);
	sb_putc(out, '}');
}

/* With --diagnostics-format=json, the document carries the diagnostics. */
int emit_json(struct compilation *c, struct strbuf *out)
{
	const struct policy *p = &c->policy;
	struct placement *pl = policy_placement(p);
	size_t i;

	sb_printf(out, "{\n  \"schema\": \"cmacc-policy\", \"version\": %d,\n",
		  JSON_SCHEMA_VERSION);
	sb_puts(out, "  \"source\": ");
	sb_json_string(out, c->files[0]->name);
	sb_printf(out, ",\n  \"page_size\": %" PRIu64 ",\n  \"banks\": [",
		  p->page_size);
	for (i = 0; i < p->nbanks; i++) {
		const struct bank *b = &p->banks[i];

		sb_puts(out, i ? ",\n    {\"name\": " : "\n    {\"name\": ");
		sb_json_string(out, b->name);
		sb_printf(out, ", \"base\": %" PRIu64 ", \"size\": %" PRIu64 "}",
			  b->base, b->size);
	}
	sb_puts(out, p->nbanks ? "\n  ],\n  \"regions\": [" :
		"],\n  \"regions\": [");
	for (i = 0; i < p->nregions; i++) {
		sb_puts(out, i ? ",\n" : "\n");
		emit_region(p, &p->regions[i], &pl[i], out);
	}
	sb_puts(out, p->nregions ? "\n  ],\n  \"rules\": [" :
		"],\n  \"rules\": [");
	for (i = 0; i < p->nrules; i++) {
		sb_puts(out, i ? ",\n" : "\n");
		emit_rule(&p->rules[i], out);
	}
	sb_puts(out, p->nrules ? "\n  ]" : "]");
	if (c->diags.json) {
		sb_puts(out, ",\n  \"diagnostics\": ");
		diag_json(&c->diags, out);
	}
	sb_puts(out, "\n}\n");
	free(pl);
	return 0;
}
