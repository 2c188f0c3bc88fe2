/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The model of a CMA policy: regions and ordered rules, each element with
 * the source position it came from.  Every front end fills it; every check
 * and emitter reads it; nothing else looks at input text.
 */
#ifndef CMACC_MODEL_H
#define CMACC_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "srcpos.h"
#include "../runtime/names.h"

/* A range of addresses, [base, base + size). */
struct addr_range {
	uint64_t base, size;
	struct srcpos pos;
};

struct region {
	char *name;
	struct srcpos pos;		/* the whole definition */
	struct srcpos name_pos;
	bool has_size;
	uint64_t size;
	struct srcpos size_pos;
	bool has_start;			/* @0 counts as given */
	uint64_t start;
	struct srcpos start_pos;
	bool has_align;
	uint64_t align;
	struct srcpos align_pos;
	char *alloc;			/* NULL: the first registered */
	struct srcpos alloc_pos;
	char *params;			/* NULL: none given */
	struct srcpos params_pos;
	/*
	 * A today's-kernel pool's flags: a CMA pool is reusable (the
	 * default), a coherent pool no-map; the kernel refuses both.
	 */
	bool reusable, no_map;
	struct srcpos reusable_pos, no_map_pos;
	/* Where a pool without a start may be placed (alloc-ranges). */
	struct addr_range *ranges;
	size_t nranges, ranges_cap;
	bool broken;			/* the front end reported an error in it */
};

struct pattern {
	char *dev;		/* NULL: "/kind" with no device pattern before it */
	char *kind;		/* NULL: only requests with no kind */
	bool inherited;		/* dev taken from an earlier pattern */
	struct srcpos pos;
};

struct target {
	char *name;
	struct srcpos pos;
	long region;		/* index in the policy, or -1: undefined */
};

struct rule {
	struct pattern *patterns;
	size_t npatterns, patterns_cap;
	struct target *targets;
	size_t ntargets, targets_cap;
	struct srcpos pos;
	bool broken;
};

/* A bank of the board's memory, as a source declares it. */
struct bank {
	char *name;
	struct srcpos pos;
	struct srcpos name_pos;
	bool has_base, has_size;
	uint64_t base, size;
	struct srcpos base_pos, size_pos;
	/* A carve-out that is a tree's /reserved-memory node (its first reg) */
	bool is_node;
};

/* Which of the two parameters a command line gave, and where. */
struct param_use {
	int which;		/* enum cma_param */
	struct srcpos name;
	struct srcpos value;
	bool overridden;	/* a later one of the same name wins */
};

struct policy {
	struct region *regions;
	size_t nregions, regions_cap;
	struct rule *rules;
	size_t nrules, rules_cap;
	struct param_use *params;
	size_t nparams, params_cap;
	uint64_t page_size;
	struct srcpos page_size_pos;	/* where a source set it, if it did */
	struct bank *banks;
	size_t nbanks, banks_cap;
	bool from_tree;		/* read from a device tree */
	/* Memory in the banks that no region may take: carve-outs. */
	struct bank *reserved;
	size_t nreserved, reserved_cap;
	struct srcpos cmdline;	/* the whole command line, when read from one */
	bool has_regions;	/* cma= was given (or a source defined them) */
	bool has_map;
	/* A region was lost whole (its name unreadable): rules naming it
	 * would be reported as undefined for no fault of their own. */
	bool regions_incomplete;
	/* A rule lost some of its regions to an error: "unused" is in doubt. */
	bool rules_incomplete;
	/* Each name to the region that first defines it. */
	struct cma_names by_name;
};

/*
 * The regions and rules the front ends read without error, for the
 * checks: those with an error were reported already, and judging what
 * is left of them would only add noise.
 */
#define for_each_region(p, r) \
	for ((r) = (p)->regions; \
	     (r) && (r) < (p)->regions + (p)->nregions; (r)++) \
		if ((r)->broken) {} else
#define for_each_rule(p, r) \
	for ((r) = (p)->rules; (r) && (r) < (p)->rules + (p)->nrules; (r)++) \
		if ((r)->broken) {} else
/* Each pattern of rule r (an array that may not be there yet). */
#define for_each_pattern(r, pt) \
	for ((pt) = (r)->patterns; \
	     (pt) && (pt) < (r)->patterns + (r)->npatterns; (pt)++)

void policy_init(struct policy *p);
void policy_free(struct policy *p);

struct region *policy_add_region(struct policy *p);
struct rule *policy_add_rule(struct policy *p);
struct pattern *rule_add_pattern(struct rule *r);
struct target *rule_add_target(struct rule *r);
struct bank *policy_add_bank(struct policy *p);
struct bank *policy_add_reserved(struct policy *p);
struct addr_range *region_add_range(struct region *r);

/* Adds region i to the name index, unless its name is there already. */
void policy_index_region(struct policy *p, size_t i);
/* Indexes region names and resolves every rule's targets. */
void policy_resolve(struct policy *p);
/* The first region called name, or -1; needs policy_resolve(). */
long policy_find(const struct policy *p, const char *name);

/*
 * The default region: the first defined region of the first rule that takes
 * every request (a pattern "*" of kind "*"), or -1.  Today's kernels call
 * it the default CMA area (cma=, linux,cma-default): the one that serves
 * every device without an area of its own.
 */
long policy_default_region(const struct policy *p);

/*
 * The values the kernel works with: the alignment (at least a page), the
 * size rounded up to pages, the start rounded up to the alignment.  Each
 * returns false when the result does not fit in 64 bits.
 */
uint64_t region_alignment(const struct region *r, uint64_t page);

/*
 * The last byte of [base, base + size): false when the span is empty or
 * passes 2^64, which no placement, check or table takes.  bank_last()
 * also wants the bank's base and size given.
 */
bool span_last(uint64_t base, uint64_t size, uint64_t *last);
bool bank_last(const struct bank *b, uint64_t *last);

bool region_size(const struct region *r, uint64_t page, uint64_t *size);
bool region_start(const struct region *r, uint64_t page, uint64_t *start);

static inline bool is_power_of_2(uint64_t v)
{
	return v && !(v & (v - 1));
}

#endif
