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
#include "json.h"
#include "placement.h"

/* Bump on any change that could break a reader; adding members is not. */
#define JSON_SCHEMA_VERSION 1

static void emit_region(struct json *j, const struct policy *p,
			const struct region *r, const struct placement *pl)
{
	uint64_t page = p->page_size, size = 0, start = 0;
	bool fixed = r->has_start && r->start;
	size_t i;

	/* Checked: the rounded values fit, or there would be an error. */
	region_size(r, page, &size);
	if (fixed)
		region_start(r, page, &start);
	json_break(j, "\n    ");
	json_object(j, NULL);
	json_string(j, "name", r->name);
	json_u64(j, "size", size);
	json_u64(j, "align", region_alignment(r, page));
	json_u64_or_null(j, "start", fixed || pl->known,
			 fixed ? start : pl->start);
	json_bool(j, "fixed", fixed);
	json_string(j, "allocator", r->alloc);
	json_string(j, "params", r->params);
	json_array(j, "alloc_ranges");
	for (i = 0; i < r->nranges; i++) {
		json_object(j, NULL);
		json_u64(j, "base", r->ranges[i].base);
		json_u64(j, "size", r->ranges[i].size);
		json_end(j, NULL);
	}
	json_end(j, NULL);
	json_break(j, "\n     ");
	json_object(j, "written");
	json_u64(j, "size", r->size);
	json_u64_or_null(j, "start", r->has_start, r->start);
	json_u64_or_null(j, "align", r->has_align, r->align);
	json_end(j, NULL);
	json_location(j, "location", r->pos, false);
	json_end(j, NULL);
}

/* The banks, or the carve-outs, each with its name, base and size. */
static void emit_banks(struct json *j, const char *key, const struct bank *b,
		       size_t n)
{
	size_t i;

	json_break(j, "\n  ");
	json_array(j, key);
	for (i = 0; i < n; i++) {
		json_break(j, "\n    ");
		json_object(j, NULL);
		json_string(j, "name", b[i].name);
		json_u64(j, "base", b[i].base);
		json_u64(j, "size", b[i].size);
		json_end(j, NULL);
	}
	json_end(j, "\n  ");
}

static void emit_rule(struct json *j, const struct rule *r)
{
	size_t i;

	json_break(j, "\n    ");
	json_object(j, NULL);
	json_array(j, "patterns");
	for (i = 0; i < r->npatterns; i++) {
		json_object(j, NULL);
		json_string(j, "device", r->patterns[i].dev);
		json_string(j, "kind", r->patterns[i].kind);
		json_bool(j, "inherited", r->patterns[i].inherited);
		json_end(j, NULL);
	}
	json_end(j, NULL);
	json_array(j, "regions");
	for (i = 0; i < r->ntargets; i++)
		json_string(j, NULL, r->targets[i].name);
	json_end(j, NULL);
	json_location(j, "location", r->pos, false);
	json_end(j, NULL);
}

/* With --diagnostics-format=json, the document carries the diagnostics. */
int emit_json(struct compilation *c, struct strbuf *out)
{
	const struct policy *p = &c->policy;
	const struct placement *pl = compilation_placement(c);
	struct json j;
	size_t i;

	json_init(&j, out);
	json_object(&j, NULL);
	json_break(&j, "\n  ");
	json_string(&j, "schema", "cmacc-policy");
	json_u64(&j, "version", JSON_SCHEMA_VERSION);
	json_break(&j, "\n  ");
	json_string(&j, "source", c->files[0]->name);
	json_break(&j, "\n  ");
	json_u64(&j, "page_size", p->page_size);
	emit_banks(&j, "banks", p->banks, p->nbanks);
	emit_banks(&j, "reserved", p->reserved, p->nreserved);
	json_break(&j, "\n  ");
	json_array(&j, "regions");
	for (i = 0; i < p->nregions; i++)
		emit_region(&j, p, &p->regions[i], &pl[i]);
	json_end(&j, "\n  ");
	json_break(&j, "\n  ");
	json_array(&j, "rules");
	for (i = 0; i < p->nrules; i++)
		emit_rule(&j, &p->rules[i]);
	json_end(&j, "\n  ");
	if (c->diags.json) {
		json_break(&j, "\n  ");
		json_key(&j, "diagnostics");
		diag_json(&c->diags, out);
	}
	json_end(&j, "\n");
	sb_putc(out, '\n');
	return 0;
}
