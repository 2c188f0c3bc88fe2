// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The table loader.  cma_table_open() checks, in one pass over the
 * buffer, everything the accessors will rely on: the header, the layout
 * of the sections, the CRC, every string offset and its terminator, every
 * range and index.  After it, no access can leave the buffer.
 *
 * A driver whose one table is cmacc's, compiled into it (-O c), may
 * build with CMA_ASSUME_VALID_TABLE, as libfdt's users may assume a valid
 * tree: cmacc wrote the table after every check of its own, so only what
 * tells a table from another buffer is checked (magic, version, sizes),
 * and the code of the rest is left out.
 */
#include "table.h"
#include "cmdline.h"

#if CMA_CHECKS_TABLE	/* else not called: cmacc's tables are not damaged */
/*
 * CRC-32 (IEEE, as zlib's crc32()), four bits at a time: a 64-byte table
 * instead of a 1 KiB one; tables are checked once, at load.
 */
static const uint32_t crc_nibble[16] = {
	0x00000000, 0x1db71064, 0x3b6e20c8, 0x26d930ac,
	0x76dc4190, 0x6b6b51f4, 0x4db26158, 0x5005713c,
	0xedb88320, 0xf00f9344, 0xd6d6a3e8, 0xcb61b38c,
	0x9b64c2b0, 0x86d3d2d4, 0xa00ae278, 0xbdbdf21c,
};

uint32_t cma_crc32(uint32_t crc, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	crc = ~crc;
	while (len--) {
		crc ^= *p++;
		crc = crc_nibble[crc & 15] ^ (crc >> 4);
		crc = crc_nibble[crc & 15] ^ (crc >> 4);
	}
	return ~crc;
}
#endif /* CMA_CHECKS_TABLE */

static const uint8_t record_size[CMA_TABLE_SECTIONS] = {
	CMA_TABLE_REGION_SIZE, CMA_TABLE_RULE_SIZE, CMA_TABLE_PATTERN_SIZE,
	CMA_TABLE_TARGET_SIZE, 1, CMA_TABLE_MEMORY_SIZE, CMA_TABLE_RANGE_SIZE,
};

void cma_table_layout(uint64_t at[CMA_TABLE_SECTIONS + 1],
		      const uint32_t count[CMA_TABLE_SECTIONS],
		      uint32_t header_size)
{
	int i;

	/* Counts are 32 bits: no product or sum here can overflow 64. */
	at[0] = header_size;
	for (i = 0; i < CMA_TABLE_SECTIONS; i++)
		at[i + 1] = (at[i] + (uint64_t)count[i] * record_size[i] + 7) &
			    ~(uint64_t)7;
}

/* The problems' words, in the order of enum cma_table_problem. */
static const char problem_text[] =
	"no problem\0"
	"the table is shorter than its header says\0"
	"not a CMA table: the magic number is wrong\0"
	"a table format version this runtime does not know\0"
	"the header size is not 64 (version 1) or 80 (version 2)\0"
	"the total size is not the size of the table\0"
	"the CRC does not match: the table is damaged\0"
	"flags that this version does not define are set\0"
	"the page size is not a power of two\0"
	"a section is not where its counts put it\0"
	"a padding byte is not 0\0"
	"a string offset is outside the string section\0"
	"a name holds a character other than a letter, a digit or a region's '_'\0"
	"a region has size 0, a reserved bit set, or ends past 64 bits\0"
	"a rule has no patterns or no regions, or the rules' counts do not add up to the sections'\0"
	"a pattern is empty or has '*' before its end\0"
	"a rule names a region index past the last region\0"
	"a bank or carve-out has size 0, ends past 64 bits, or is of an unknown kind\0"
	"an allocation range has size 0, ends past 64 bits, or names a region past the last or out of order\0"
	"an unknown problem";

cma_cold const char *cma_table_strerror(enum cma_table_problem problem)
{
	unsigned int n = (unsigned int)problem;

	/* Past the last problem: the words that follow it. */
	return cma_nth_string(problem_text,
			      n <= CMA_TBAD_RANGE ? n : CMA_TBAD_RANGE + 1);
}

static int fail(struct cma_table_error *err, enum cma_table_problem p,
		uint64_t offset)
{
	err->problem = p;
	err->offset = (uint32_t)offset;
	return -EINVAL;
}

/* A string offset: NONE if allowed, else inside the section. */
static bool string_ok(const struct cma_table *t, uint32_t off, bool none_ok)
{
	return off == CMA_TABLE_NONE ? none_ok : off < t->strings_size;
}

/* Letters and digits; a region's name may hold '_' too, as cma= may. */
static bool is_name(const char *s, bool region)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!cma_cl_is_name_char(*s) && !(region && *s == '_'))
			return false;
	return true;
}

static cma_always_inline bool pattern_ok(const char *s)
{
	const char *star = strchr(s, '*');

	return *s && (!star || !star[1]);
}

static int check_regions(const struct cma_table *t, struct cma_table_error *err)
{
	uint32_t i;

	for (i = 0; i < t->nregions; i++) {
		const uint8_t *r = t->regions + (size_t)i * CMA_TABLE_REGION_SIZE;
		uint64_t off = r - t->base, size = cma_get64(r + CMA_TR_SIZE);
		uint64_t start = cma_get64(r + CMA_TR_START), align;
		uint32_t name = cma_get32(r + CMA_TR_NAME);
		unsigned int shift = r[CMA_TR_ALIGN_SHIFT];

		if (!string_ok(t, name, false) ||
		    !string_ok(t, cma_get32(r + CMA_TR_ALLOCATOR), true) ||
		    !string_ok(t, cma_get32(r + CMA_TR_PARAMS), true))
			return fail(err, CMA_TBAD_STRING, off + CMA_TR_NAME);
		if (!is_name(t->strings + name, true))
			return fail(err, CMA_TBAD_NAME, off + CMA_TR_NAME);
		if (cma_get32(r + CMA_TR_ALLOCATOR) != CMA_TABLE_NONE &&
		    !is_name(t->strings + cma_get32(r + CMA_TR_ALLOCATOR), false))
			return fail(err, CMA_TBAD_NAME, off + CMA_TR_ALLOCATOR);
		if (!size || shift > 63)
			return fail(err, CMA_TBAD_REGION, off);
		/* Flags only version 2 defines, then two bytes of 0. */
		if (r[CMA_TR_FLAGS] & ~(t->version > 1 ? CMA_TR_NO_MAP |
					CMA_TR_NOT_REUSABLE : 0))
			return fail(err, CMA_TBAD_REGION, off + CMA_TR_FLAGS);
		if (cma_get16(r + CMA_TR_RESERVED))
			return fail(err, CMA_TBAD_REGION, off + CMA_TR_RESERVED);
		/* The start rounded up to the alignment, plus the size. */
		align = (uint64_t)1 << shift;
		if (align < t->page_size)
			align = t->page_size;
		if (size > UINT64_MAX - (t->page_size - 1) ||
		    (start && (start > UINT64_MAX - (align - 1) ||
			       ((start + align - 1) & ~(align - 1)) >
			       UINT64_MAX - (size - 1))))
			return fail(err, CMA_TBAD_REGION, off + CMA_TR_SIZE);
	}
	return 0;
}

static int check_map(const struct cma_table *t, struct cma_table_error *err)
{
	uint64_t np = 0, nt = 0;
	uint32_t i;

	for (i = 0; i < t->nrules; i++) {
		const uint8_t *r = t->rules + (size_t)i * CMA_TABLE_RULE_SIZE;
		uint64_t off = r - t->base;
		uint32_t p = cma_get16(r + CMA_TU_PATTERN_COUNT);
		uint32_t g = cma_get16(r + CMA_TU_TARGET_COUNT);

		np += p;
		nt += g;
		if (!p || np > t->npatterns)
			return fail(err, CMA_TBAD_RULE, off + CMA_TU_PATTERN_COUNT);
		if (!g || nt > t->ntargets)
			return fail(err, CMA_TBAD_RULE, off + CMA_TU_TARGET_COUNT);
	}
	if (np != t->npatterns)
		return fail(err, CMA_TBAD_RULE, CMA_TH_PATTERN_COUNT);
	if (nt != t->ntargets)
		return fail(err, CMA_TBAD_RULE, CMA_TH_TARGET_COUNT);
	for (i = 0; i < t->npatterns; i++) {
		const uint8_t *p = t->patterns + (size_t)i * CMA_TABLE_PATTERN_SIZE;
		uint32_t dev = cma_get32(p + CMA_TP_DEVICE);
		uint32_t kind = cma_get32(p + CMA_TP_KIND);
		uint64_t off = p - t->base;

		if (!string_ok(t, dev, true) || !string_ok(t, kind, true))
			return fail(err, CMA_TBAD_STRING, off);
		if ((dev != CMA_TABLE_NONE && !pattern_ok(t->strings + dev)) ||
		    (kind != CMA_TABLE_NONE && !pattern_ok(t->strings + kind)))
			return fail(err, CMA_TBAD_PATTERN, off);
	}
	for (i = 0; i < t->ntargets; i++)
		if (cma_get32(t->targets + (size_t)i * 4) >= t->nregions)
			return fail(err, CMA_TBAD_TARGET,
				    t->targets + (size_t)i * 4 - t->base);
	return 0;
}

/* base + size - 1 inside 64 bits, size not 0. */
static bool span_ok(const uint8_t *p)
{
	uint64_t base = cma_get64(p), size = cma_get64(p + 8);

	return size && base <= UINT64_MAX - (size - 1);
}

static int check_memory(const struct cma_table *t,
			struct cma_table_error *err)
{
	uint32_t i, region = 0;

	for (i = 0; i < t->nmemory; i++) {
		const uint8_t *m = t->memory + (size_t)i * CMA_TABLE_MEMORY_SIZE;
		uint64_t off = m - t->base;

		if (!span_ok(m))
			return fail(err, CMA_TBAD_MEMORY, off + CMA_TM_SIZE);
		if (!string_ok(t, cma_get32(m + CMA_TM_NAME), true))
			return fail(err, CMA_TBAD_STRING, off + CMA_TM_NAME);
		if (m[CMA_TM_KIND] > CMA_TM_CARVE_OUT ||
		    cma_get32(m + CMA_TM_KIND) >> 8)
			return fail(err, CMA_TBAD_MEMORY, off + CMA_TM_KIND);
	}
	for (i = 0; i < t->nranges; i++) {
		const uint8_t *g = t->ranges + (size_t)i * CMA_TABLE_RANGE_SIZE;
		uint64_t off = g - t->base;
		uint32_t r = cma_get32(g + CMA_TG_REGION);

		if (!span_ok(g))
			return fail(err, CMA_TBAD_RANGE, off + CMA_TG_SIZE);
		if (r >= t->nregions || r < region)
			return fail(err, CMA_TBAD_RANGE, off + CMA_TG_REGION);
		if (cma_get32(g + CMA_TG_RESERVED))
			return fail(err, CMA_TBAD_RANGE, off + CMA_TG_RESERVED);
		region = r;
	}
	return 0;
}

cma_cold int cma_table_open(struct cma_table *t, const void *buf,
			    size_t len, struct cma_table_error *err)
{
	const uint8_t *b = buf;
	uint64_t at[CMA_TABLE_SECTIONS + 1], pos;
	uint32_t page, version, header;
	int i, sections, ret;

	if (len < CMA_TABLE_HEADER_SIZE_V1)
		return fail(err, CMA_TBAD_SHORT, 0);
	if (cma_get32(b + CMA_TH_MAGIC) != CMA_TABLE_MAGIC)
		return fail(err, CMA_TBAD_MAGIC, CMA_TH_MAGIC);
	version = cma_get16(b + CMA_TH_VERSION);
	if (version < 1 || version > CMA_TABLE_VERSION)
		return fail(err, CMA_TBAD_VERSION, CMA_TH_VERSION);
	header = version > 1 ? CMA_TABLE_HEADER_SIZE : CMA_TABLE_HEADER_SIZE_V1;
	sections = version > 1 ? CMA_TABLE_SECTIONS : CMA_TABLE_SECTIONS_V1;
	if (cma_get16(b + CMA_TH_HEADER_SIZE) != header)
		return fail(err, CMA_TBAD_HEADER, CMA_TH_HEADER_SIZE);
	if (len < header)
		return fail(err, CMA_TBAD_SHORT, 0);
	if (cma_get32(b + CMA_TH_TOTAL_SIZE) > len)
		return fail(err, CMA_TBAD_SHORT, CMA_TH_TOTAL_SIZE);
	if (cma_get32(b + CMA_TH_TOTAL_SIZE) != len)
		return fail(err, CMA_TBAD_TOTAL, CMA_TH_TOTAL_SIZE);
	if (CMA_CHECKS_TABLE &&
	    cma_crc32(0, b + CMA_TH_FLAGS, len - CMA_TH_FLAGS) !=
	    cma_get32(b + CMA_TH_CRC))
		return fail(err, CMA_TBAD_CRC, CMA_TH_CRC);
	page = cma_get32(b + CMA_TH_PAGE_SIZE);
	if (CMA_CHECKS_TABLE && cma_get32(b + CMA_TH_FLAGS))
		return fail(err, CMA_TBAD_FLAGS, CMA_TH_FLAGS);
	if (CMA_CHECKS_TABLE && (!page || (page & (page - 1))))
		return fail(err, CMA_TBAD_PAGE, CMA_TH_PAGE_SIZE);

	for (i = 0; i < CMA_TABLE_SECTIONS; i++)
		t->count[i] = i < sections ? cma_get32(b + CMA_TH_COUNT(i)) : 0;
	cma_table_layout(at, t->count, header);
	for (i = 0; CMA_CHECKS_TABLE && i < sections; i++)
		if (cma_get32(b + CMA_TH_OFFSET(i)) != at[i])
			return fail(err, CMA_TBAD_LAYOUT, CMA_TH_OFFSET(i));
	if (at[CMA_TABLE_SECTIONS] != len)
		return fail(err, CMA_TBAD_LAYOUT, CMA_TH_REGION_COUNT);
	/* Between the sections' records and the end, every byte is 0. */
	for (i = 0; CMA_CHECKS_TABLE && i < CMA_TABLE_SECTIONS; i++)
		for (pos = at[i] + (uint64_t)t->count[i] * record_size[i];
		     pos < at[i + 1]; pos++)
			if (b[pos])
				return fail(err, CMA_TBAD_PADDING, pos);

	t->base = b;
	t->size = (uint32_t)len;
	t->version = version;
	t->page_size = page;
	for (i = 0; i < CMA_TABLE_SECTIONS; i++)
		t->section[i] = b + at[i];
	if (!CMA_CHECKS_TABLE)
		return 0;
	/* Every string ends inside the section: its last byte is a NUL. */
	if (t->strings_size && t->strings[t->strings_size - 1])
		return fail(err, CMA_TBAD_STRING,
			    at[CMA_TS_STRINGS] + t->strings_size - 1);
	ret = check_regions(t, err);
	if (!ret)
		ret = check_map(t, err);
	if (!ret)
		ret = check_memory(t, err);
	return ret;
}
