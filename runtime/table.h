/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The table loader: checks every field of a table (cma-table(5)) in one
 * pass before anything uses it, and then reads it through the accessors
 * below, which cannot go outside the buffer once the table is open.
 */
#ifndef CMA_TABLE_LOADER_H
#define CMA_TABLE_LOADER_H

#include "cma_env.h"
#include "../include/cma_table.h"

/*
 * 0 when built with CMA_ASSUME_VALID_TABLE (table.c): the one table is
 * cmacc's, compiled in, and what cmacc checked is not checked again.
 */
#ifdef CMA_ASSUME_VALID_TABLE
#ifndef CMA_TABLE_ONLY
#error "CMA_ASSUME_VALID_TABLE: a table must be the only way in (CMA_TABLE_ONLY)"
#endif
#define CMA_CHECKS_TABLE 0
#else
#define CMA_CHECKS_TABLE 1
#endif

/*
 * The sections, in the order they lie.  The header holds each one's
 * count (the strings': their size in bytes) and, 4 bytes on, its offset.
 * Version 1 has the first CMA_TABLE_SECTIONS_V1.
 */
enum cma_table_section {
	CMA_TS_REGIONS,
	CMA_TS_RULES,
	CMA_TS_PATTERNS,
	CMA_TS_TARGETS,
	CMA_TS_STRINGS,
	CMA_TS_MEMORY,
	CMA_TS_RANGES,
	CMA_TABLE_SECTIONS
};

#define CMA_TABLE_SECTIONS_V1	(CMA_TS_STRINGS + 1)

/* Each section's count and where it lies, by name or by number. */
struct cma_table {
	const uint8_t *base;
	uint32_t size;
	uint32_t version;
	uint32_t page_size;
	union {
		struct {
			uint32_t nregions, nrules, npatterns, ntargets;
			uint32_t strings_size;
			uint32_t nmemory, nranges;	/* 0 in version 1 */
		};
		uint32_t count[CMA_TABLE_SECTIONS];
	};
	union {
		struct {
			const uint8_t *regions, *rules, *patterns, *targets;
			const char *strings;
			const uint8_t *memory, *ranges;
		};
		const uint8_t *section[CMA_TABLE_SECTIONS];
	};
};

enum cma_table_problem {
	CMA_TBAD_NONE,
	CMA_TBAD_SHORT,	/* smaller than a header, or than total_size */
	CMA_TBAD_MAGIC,
	CMA_TBAD_VERSION,
	CMA_TBAD_HEADER,	/* header_size */
	CMA_TBAD_TOTAL,	/* total_size is not the buffer's size */
	CMA_TBAD_CRC,
	CMA_TBAD_FLAGS,
	CMA_TBAD_PAGE,		/* page size not a power of two */
	CMA_TBAD_LAYOUT,	/* a section's offset or count */
	CMA_TBAD_PADDING,	/* a byte between sections is not 0 */
	CMA_TBAD_STRING,	/* a string offset out of range, or unterminated */
	CMA_TBAD_NAME,		/* a name that is not letters and digits */
	CMA_TBAD_REGION,	/* size 0, alignment 2^64, reserved bits, overflow */
	CMA_TBAD_RULE,		/* a range outside its section, or empty */
	CMA_TBAD_PATTERN,	/* an empty pattern, or '*' before its end */
	CMA_TBAD_TARGET,	/* a region index out of range */
	CMA_TBAD_MEMORY,	/* a bank or carve-out: size 0, wraps, kind */
	CMA_TBAD_RANGE,		/* size 0, wraps, region out of order */
};

struct cma_table_error {
	enum cma_table_problem problem;
	uint32_t offset;	/* of the field at fault */
};

/* Checks buf and opens it as t; 0 or -EINVAL with *err filled. */
int cma_table_open(struct cma_table *t, const void *buf, size_t len,
		   struct cma_table_error *err);
const char *cma_table_strerror(enum cma_table_problem problem);

uint32_t cma_crc32(uint32_t crc, const void *buf, size_t len);

struct cma_table_region {
	uint64_t size, start, align;	/* align 0: a page */
	const char *name, *allocator, *params;	/* NULL: none */
	unsigned int flags;		/* CMA_TR_NO_MAP, CMA_TR_NOT_REUSABLE */
};

/* A bank or a carve-out, or an allocation range of region "region". */
struct cma_table_span {
	uint64_t base, size;
	const char *name;	/* NULL: none; a range has none */
	uint32_t kind;		/* CMA_TM_BANK or CMA_TM_CARVE_OUT */
	uint32_t region;	/* a range's */
};

/* Little-endian fields, for writers and readers alike. */
static cma_always_inline uint32_t cma_get16(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static cma_always_inline void cma_put16(uint8_t *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
}

static cma_always_inline uint32_t cma_get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static cma_always_inline uint64_t cma_get64(const uint8_t *p)
{
	return (uint64_t)cma_get32(p) | (uint64_t)cma_get32(p + 4) << 32;
}

static cma_always_inline void cma_put32(uint8_t *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

static cma_always_inline void cma_put64(uint8_t *p, uint64_t v)
{
	cma_put32(p, (uint32_t)v);
	cma_put32(p + 4, (uint32_t)(v >> 32));
}

/* The accessors: reads of fields that cma_table_open() has checked. */
static inline const char *cma_table_string(const struct cma_table *t,
					   uint32_t off)
{
	return off == CMA_TABLE_NONE ? NULL : t->strings + off;
}

static inline void cma_table_region(const struct cma_table *t, uint32_t i,
				    struct cma_table_region *r)
{
	const uint8_t *p = t->regions + (size_t)i * CMA_TABLE_REGION_SIZE;
	unsigned int shift = p[CMA_TR_ALIGN_SHIFT];

	r->size = cma_get64(p + CMA_TR_SIZE);
	r->start = cma_get64(p + CMA_TR_START);
	r->align = shift ? (uint64_t)1 << shift : 0;
	r->name = cma_table_string(t, cma_get32(p + CMA_TR_NAME));
	r->allocator = cma_table_string(t, cma_get32(p + CMA_TR_ALLOCATOR));
	r->params = cma_table_string(t, cma_get32(p + CMA_TR_PARAMS));
	r->flags = p[CMA_TR_FLAGS];
}

static inline void cma_table_memory(const struct cma_table *t, uint32_t i,
				    struct cma_table_span *m)
{
	const uint8_t *p = t->memory + (size_t)i * CMA_TABLE_MEMORY_SIZE;

	m->base = cma_get64(p + CMA_TM_BASE);
	m->size = cma_get64(p + CMA_TM_SIZE);
	m->name = cma_table_string(t, cma_get32(p + CMA_TM_NAME));
	m->kind = p[CMA_TM_KIND];
	m->region = 0;
}

static inline void cma_table_range(const struct cma_table *t, uint32_t i,
				   struct cma_table_span *g)
{
	const uint8_t *p = t->ranges + (size_t)i * CMA_TABLE_RANGE_SIZE;

	g->base = cma_get64(p + CMA_TG_BASE);
	g->size = cma_get64(p + CMA_TG_SIZE);
	g->name = NULL;
	g->kind = 0;
	g->region = cma_get32(p + CMA_TG_REGION);
}

/* A rule's counts: its patterns and targets follow the previous rule's. */
static inline void cma_table_rule(const struct cma_table *t, uint32_t i,
				  uint32_t *npatterns, uint32_t *ntargets)
{
	const uint8_t *p = t->rules + (size_t)i * CMA_TABLE_RULE_SIZE;

	*npatterns = cma_get16(p + CMA_TU_PATTERN_COUNT);
	*ntargets = cma_get16(p + CMA_TU_TARGET_COUNT);
}

/* NULL: no device (matches nothing), or no kind. */
static inline void cma_table_pattern(const struct cma_table *t, uint32_t i,
				     const char **dev, const char **kind)
{
	const uint8_t *p = t->patterns + (size_t)i * CMA_TABLE_PATTERN_SIZE;

	*dev = cma_table_string(t, cma_get32(p + CMA_TP_DEVICE));
	*kind = cma_table_string(t, cma_get32(p + CMA_TP_KIND));
}

static inline uint32_t cma_table_target(const struct cma_table *t, uint32_t i)
{
	return cma_get32(t->targets + (size_t)i * CMA_TABLE_TARGET_SIZE);
}


#define CMA_TH_COUNT(section)	(CMA_TH_REGION_COUNT + 8 * (section))
#define CMA_TH_OFFSET(section)	(CMA_TH_REGION_OFFSET + 8 * (section))

/*
 * Where each section lies for these counts after a header of
 * header_size bytes, as a writer lays it out; at[CMA_TABLE_SECTIONS] is
 * the total size.  (Version 1's two missing sections count 0.)
 */
void cma_table_layout(uint64_t at[CMA_TABLE_SECTIONS + 1],
		      const uint32_t count[CMA_TABLE_SECTIONS],
		      uint32_t header_size);

#endif /* CMA_TABLE_LOADER_H */
