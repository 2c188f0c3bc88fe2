// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "util.h"

void policy_init(struct policy *p)
{
	memset(p, 0, sizeof(*p));
	p->page_size = 4096;
}

void policy_free(struct policy *p)
{
	size_t i, j;

	for (i = 0; i < p->nregions; i++) {
		free(p->regions[i].name);
		free(p->regions[i].alloc);
		free(p->regions[i].params);
	}
	for (i = 0; i < p->nrules; i++) {
		struct rule *r = &p->rules[i];

		for (j = 0; j < r->npatterns; j++) {
			free(r->patterns[j].dev);
			free(r->patterns[j].kind);
		}
		for (j = 0; j < r->ntargets; j++)
			free(r->targets[j].name);
		free(r->patterns);
		free(r->targets);
	}
	for (i = 0; i < p->nbanks; i++)
		free(p->banks[i].name);
	free(p->banks);
	free(p->regions);
	free(p->rules);
	free(p->params);
	free(p->by_name);
	memset(p, 0, sizeof(*p));
}

struct region *policy_add_region(struct policy *p)
{
	VEC_RESERVE(p->regions, p->nregions, p->regions_cap);
	memset(&p->regions[p->nregions], 0, sizeof(p->regions[0]));
	return &p->regions[p->nregions++];
}

struct rule *policy_add_rule(struct policy *p)
{
	VEC_RESERVE(p->rules, p->nrules, p->rules_cap);
	memset(&p->rules[p->nrules], 0, sizeof(p->rules[0]));
	return &p->rules[p->nrules++];
}

struct pattern *rule_add_pattern(struct rule *r)
{
	VEC_RESERVE(r->patterns, r->npatterns, r->patterns_cap);
	memset(&r->patterns[r->npatterns], 0, sizeof(r->patterns[0]));
	return &r->patterns[r->npatterns++];
}

struct target *rule_add_target(struct rule *r)
{
	VEC_RESERVE(r->targets, r->ntargets, r->targets_cap);
	memset(&r->targets[r->ntargets], 0, sizeof(r->targets[0]));
	r->targets[r->ntargets].region = -1;
	return &r->targets[r->ntargets++];
}

struct bank *policy_add_bank(struct policy *p)
{
	VEC_RESERVE(p->banks, p->nbanks, p->banks_cap);
	memset(&p->banks[p->nbanks], 0, sizeof(p->banks[0]));
	return &p->banks[p->nbanks++];
}

static size_t hash_name(const char *s)
{
	size_t h = 14695981039346656037ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

static void index_insert(struct policy *p, size_t i)
{
	size_t j, mask = p->by_name_cap - 1;
	const char *name = p->regions[i].name;

	for (j = hash_name(name) & mask; p->by_name[j]; j = (j + 1) & mask)
		if (!strcmp(p->regions[p->by_name[j] - 1].name, name))
			return;
	p->by_name[j] = i + 1;
	p->by_name_used++;
}

void policy_index_region(struct policy *p, size_t i)
{
	/* Kept at most half full; grown by rebuilding from the regions. */
	if (2 * (p->by_name_used + 1) > p->by_name_cap) {
		size_t k, n = p->by_name_cap ? 2 * p->by_name_cap : 16;
		size_t *old = p->by_name, old_cap = p->by_name_cap;

		p->by_name = xcalloc(n, sizeof(*p->by_name));
		p->by_name_cap = n;
		p->by_name_used = 0;
		for (k = 0; k < old_cap; k++)
			if (old[k])
				index_insert(p, old[k] - 1);
		free(old);
	}
	index_insert(p, i);
}

void policy_resolve(struct policy *p)
{
	size_t i, j;

	free(p->by_name);
	p->by_name = NULL;
	p->by_name_cap = p->by_name_used = 0;
	for (i = 0; i < p->nregions; i++)
		policy_index_region(p, i);
	for (i = 0; i < p->nrules; i++)
		for (j = 0; j < p->rules[i].ntargets; j++)
			p->rules[i].targets[j].region =
				policy_find(p, p->rules[i].targets[j].name);
}

long policy_find(const struct policy *p, const char *name)
{
	size_t j, mask = p->by_name_cap - 1;

	if (!p->by_name)
		return -1;
	for (j = hash_name(name) & mask; p->by_name[j]; j = (j + 1) & mask)
		if (!strcmp(p->regions[p->by_name[j] - 1].name, name))
			return (long)p->by_name[j] - 1;
	return -1;
}

static bool takes_every_request(const struct rule *r)
{
	size_t i;

	for (i = 0; i < r->npatterns; i++)
		if (r->patterns[i].dev && !strcmp(r->patterns[i].dev, "*") &&
		    r->patterns[i].kind && !strcmp(r->patterns[i].kind, "*"))
			return true;
	return false;
}

long policy_default_region(const struct policy *p)
{
	size_t i, j;

	for (i = 0; i < p->nrules; i++) {
		if (!takes_every_request(&p->rules[i]))
			continue;
		for (j = 0; j < p->rules[i].ntargets; j++)
			if (p->rules[i].targets[j].region >= 0)
				return p->rules[i].targets[j].region;
		return -1;
	}
	return -1;
}

uint64_t region_alignment(const struct region *r, uint64_t page)
{
	return r->has_align && r->align > page ? r->align : page;
}

/* Rounds v up to a multiple of the power of two a; false on overflow. */
static bool round_up(uint64_t v, uint64_t a, uint64_t *out)
{
	uint64_t mask = a - 1;

	if (v > UINT64_MAX - mask)
		return false;
	*out = (v + mask) & ~mask;
	return true;
}

bool region_size(const struct region *r, uint64_t page, uint64_t *size)
{
	return round_up(r->size, page, size);
}

bool region_start(const struct region *r, uint64_t page, uint64_t *start)
{
	return round_up(r->start, region_alignment(r, page), start);
}
