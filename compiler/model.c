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
		free(p->regions[i].ranges);
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
	for (i = 0; i < p->nreserved; i++)
		free(p->reserved[i].name);
	free(p->reserved);
	free(p->regions);
	free(p->rules);
	free(p->params);
	cma_names_free(&p->by_name);
	memset(p, 0, sizeof(*p));
}

struct region *policy_add_region(struct policy *p)
{
	VEC_RESERVE(p->regions, p->nregions, p->regions_cap);
	memset(&p->regions[p->nregions], 0, sizeof(p->regions[0]));
	p->regions[p->nregions].reusable = true;
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

struct bank *policy_add_reserved(struct policy *p)
{
	VEC_RESERVE(p->reserved, p->nreserved, p->reserved_cap);
	memset(&p->reserved[p->nreserved], 0, sizeof(p->reserved[0]));
	return &p->reserved[p->nreserved++];
}

struct addr_range *region_add_range(struct region *r)
{
	VEC_RESERVE(r->ranges, r->nranges, r->ranges_cap);
	memset(&r->ranges[r->nranges], 0, sizeof(r->ranges[0]));
	return &r->ranges[r->nranges++];
}

static const char *region_name(const void *policy, uint32_t i)
{
	return ((const struct policy *)policy)->regions[i].name;
}

void policy_index_region(struct policy *p, size_t i)
{
	p->by_name.name_of = region_name;
	p->by_name.owner = p;
	names_add(&p->by_name, p->regions[i].name, strlen(p->regions[i].name),
		  i);
}

void policy_resolve(struct policy *p)
{
	size_t i, j;

	cma_names_free(&p->by_name);
	for (i = 0; i < p->nregions; i++)
		policy_index_region(p, i);
	for (i = 0; i < p->nrules; i++)
		for (j = 0; j < p->rules[i].ntargets; j++)
			p->rules[i].targets[j].region =
				policy_find(p, p->rules[i].targets[j].name);
}

long policy_find(const struct policy *p, const char *name)
{
	return cma_names_find(&p->by_name, name, strlen(name));
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

bool region_size(const struct region *r, uint64_t page, uint64_t *size)
{
	return cma_round_up(r->size, page, size);
}

bool region_start(const struct region *r, uint64_t page, uint64_t *start)
{
	return cma_round_up(r->start, region_alignment(r, page), start);
}

bool span_last(uint64_t base, uint64_t size, uint64_t *last)
{
	if (!size || base > UINT64_MAX - (size - 1))
		return false;
	*last = base + (size - 1);
	return true;
}

bool bank_last(const struct bank *b, uint64_t *last)
{
	return b->has_base && b->has_size && span_last(b->base, b->size, last);
}
