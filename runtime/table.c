// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The table loader.  cma_table_open() checks, in one pass over the
 * buffer, everything the accessors will rely on: the header, the layout
 * of the sections, the CRC, every string offset and its terminator, every
 * range and index.  After it, no access can leave the buffer.
 */
#include "table.h"

static const uint32_t crc_table[256] = {
	0x00000000, 0x77073096, 0xee0e612c, 0x990951ba,
	0x076dc419, 0x706af48f, 0xe963a535, 0x9e6495a3,
	0x0edb8832, 0x79dcb8a4, 0xe0d5e91e, 0x97d2d988,
	0x09b64c2b, 0x7eb17cbd, 0xe7b82d07, 0x90bf1d91,
	0x1db71064, 0x6ab020f2, 0xf3b97148, 0x84be41de,
	0x1adad47d, 0x6ddde4eb, 0xf4d4b551, 0x83d385c7,
	0x136c9856, 0x646ba8c0, 0xfd62f97a, 0x8a65c9ec,
	0x14015c4f, 0x63066cd9, 0xfa0f3d63, 0x8d080df5,
	0x3b6e20c8, 0x4c69105e, 0xd56041e4, 0xa2677172,
	0x3c03e4d1, 0x4b04d447, 0xd20d85fd, 0xa50ab56b,
	0x35b5a8fa, 0x42b2986c, 0xdbbbc9d6, 0xacbcf940,
	0x32d86ce3, 0x45df5c75, 0xdcd60dcf, 0xabd13d59,
	0x26d930ac, 0x51de003a, 0xc8d75180, 0xbfd06116,
	0x21b4f4b5, 0x56b3c423, 0xcfba9599, 0xb8bda50f,
	0x2802b89e, 0x5f058808, 0xc60cd9b2, 0xb10be924,
	0x2f6f7c87, 0x58684c11, 0xc1611dab, 0xb6662d3d,
	0x76dc4190, 0x01db7106, 0x98d220bc, 0xefd5102a,
	0x71b18589, 0x06b6b51f, 0x9fbfe4a5, 0xe8b8d433,
	0x7807c9a2, 0x0f00f934, 0x9609a88e, 0xe10e9818,
	0x7f6a0dbb, 0x086d3d2d, 0x91646c97, 0xe6635c01,
	0x6b6b51f4, 0x1c6c6162, 0x856530d8, 0xf262004e,
	0x6c0695ed, 0x1b01a57b, 0x8208f4c1, 0xf50fc457,
	0x65b0d9c6, 0x12b7e950, 0x8bbeb8ea, 0xfcb9887c,
	0x62dd1ddf, 0x15da2d49, 0x8cd37cf3, 0xfbd44c65,
	0x4db26158, 0x3ab551ce, 0xa3bc0074, 0xd4bb30e2,
	0x4adfa541, 0x3dd895d7, 0xa4d1c46d, 0xd3d6f4fb,
	0x4369e96a, 0x346ed9fc, 0xad678846, 0xda60b8d0,
	0x44042d73, 0x33031de5, 0xaa0a4c5f, 0xdd0d7cc9,
	0x5005713c, 0x270241aa, 0xbe0b1010, 0xc90c2086,
	0x5768b525, 0x206f85b3, 0xb966d409, 0xce61e49f,
	0x5edef90e, 0x29d9c998, 0xb0d09822, 0xc7d7a8b4,
	0x59b33d17, 0x2eb40d81, 0xb7bd5c3b, 0xc0ba6cad,
	0xedb88320, 0x9abfb3b6, 0x03b6e20c, 0x74b1d29a,
	0xead54739, 0x9dd277af, 0x04db2615, 0x73dc1683,
	0xe3630b12, 0x94643b84, 0x0d6d6a3e, 0x7a6a5aa8,
	0xe40ecf0b, 0x9309ff9d, 0x0a00ae27, 0x7d079eb1,
	0xf00f9344, 0x8708a3d2, 0x1e01f268, 0x6906c2fe,
	0xf762575d, 0x806567cb, 0x196c3671, 0x6e6b06e7,
	0xfed41b76, 0x89d32be0, 0x10da7a5a, 0x67dd4acc,
	0xf9b9df6f, 0x8ebeeff9, 0x17b7be43, 0x60b08ed5,
	0xd6d6a3e8, 0xa1d1937e, 0x38d8c2c4, 0x4fdff252,
	0xd1bb67f1, 0xa6bc5767, 0x3fb506dd, 0x48b2364b,
	0xd80d2bda, 0xaf0a1b4c, 0x36034af6, 0x41047a60,
	0xdf60efc3, 0xa867df55, 0x316e8eef, 0x4669be79,
	0xcb61b38c, 0xbc66831a, 0x256fd2a0, 0x5268e236,
	0xcc0c7795, 0xbb0b4703, 0x220216b9, 0x5505262f,
	0xc5ba3bbe, 0xb2bd0b28, 0x2bb45a92, 0x5cb36a04,
	0xc2d7ffa7, 0xb5d0cf31, 0x2cd99e8b, 0x5bdeae1d,
	0x9b64c2b0, 0xec63f226, 0x756aa39c, 0x026d930a,
	0x9c0906a9, 0xeb0e363f, 0x72076785, 0x05005713,
	0x95bf4a82, 0xe2b87a14, 0x7bb12bae, 0x0cb61b38,
	0x92d28e9b, 0xe5d5be0d, 0x7cdcefb7, 0x0bdbdf21,
	0x86d3d2d4, 0xf1d4e242, 0x68ddb3f8, 0x1fda836e,
	0x81be16cd, 0xf6b9265b, 0x6fb077e1, 0x18b74777,
	0x88085ae6, 0xff0f6a70, 0x66063bca, 0x11010b5c,
	0x8f659eff, 0xf862ae69, 0x616bffd3, 0x166ccf45,
	0xa00ae278, 0xd70dd2ee, 0x4e048354, 0x3903b3c2,
	0xa7672661, 0xd06016f7, 0x4969474d, 0x3e6e77db,
	0xaed16a4a, 0xd9d65adc, 0x40df0b66, 0x37d83bf0,
	0xa9bcae53, 0xdebb9ec5, 0x47b2cf7f, 0x30b5ffe9,
	0xbdbdf21c, 0xcabac28a, 0x53b39330, 0x24b4a3a6,
	0xbad03605, 0xcdd70693, 0x54de5729, 0x23d967bf,
	0xb3667a2e, 0xc4614ab8, 0x5d681b02, 0x2a6f2b94,
	0xb40bbe37, 0xc30c8ea1, 0x5a05df1b, 0x2d02ef8d,
};

uint32_t cma_crc32(uint32_t crc, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	crc = ~crc;
	while (len--)
		crc = crc_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

static uint64_t align8(uint64_t v)
{
	return (v + 7) & ~(uint64_t)7;
}

void cma_table_layout(struct cma_table_layout *l, uint64_t nregions,
		      uint64_t nrules, uint64_t npatterns, uint64_t ntargets,
		      uint64_t strings_size)
{
	/* Counts are 32 bits: no product or sum here can overflow 64. */
	l->regions = CMA_TABLE_HEADER_SIZE;
	l->rules = align8(l->regions + nregions * CMA_TABLE_REGION_SIZE);
	l->patterns = align8(l->rules + nrules * CMA_TABLE_RULE_SIZE);
	l->targets = align8(l->patterns + npatterns * CMA_TABLE_PATTERN_SIZE);
	l->strings = align8(l->targets + ntargets * CMA_TABLE_TARGET_SIZE);
	l->total = align8(l->strings + strings_size);
}

const char *cma_table_strerror(enum cma_table_problem problem)
{
	switch (problem) {
	case CMA_TBAD_NONE:
		return "no problem";
	case CMA_TBAD_SHORT:
		return "the table is shorter than its header says";
	case CMA_TBAD_MAGIC:
		return "not a CMA table: the magic number is wrong";
	case CMA_TBAD_VERSION:
		return "a table format version this runtime does not know";
	case CMA_TBAD_HEADER:
		return "the header size is not 64";
	case CMA_TBAD_TOTAL:
		return "the total size is not the size of the table";
	case CMA_TBAD_CRC:
		return "the CRC does not match: the table is damaged";
	case CMA_TBAD_FLAGS:
		return "flags that this version does not define are set";
	case CMA_TBAD_PAGE:
		return "the page size is not a power of two";
	case CMA_TBAD_LAYOUT:
		return "a section is not where its counts put it";
	case CMA_TBAD_PADDING:
		return "a padding byte is not 0";
	case CMA_TBAD_STRING:
		return "a string offset is outside the string section";
	case CMA_TBAD_NAME:
		return "a name holds a character other than a letter or digit";
	case CMA_TBAD_REGION:
		return "a region has size 0, a reserved bit set, or ends past 64 bits";
	case CMA_TBAD_RULE:
		return "a rule has no patterns or no regions, or the rules' counts do not add up to the sections'";
	case CMA_TBAD_PATTERN:
		return "a pattern is empty or has '*' before its end";
	case CMA_TBAD_TARGET:
		return "a rule names a region index past the last region";
	}
	return "an unknown problem";
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

static bool is_name(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'z') ||
		      (*s >= 'A' && *s <= 'Z')))
			return false;
	return true;
}

static bool pattern_ok(const char *s)
{
	const char *star = strchr(s, '*');

	return *s && (!star || !star[1]);
}

static int check_regions(const struct cma_table *t, struct cma_table_error *err)
{
	uint32_t i, j;

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
		if (!is_name(t->strings + name))
			return fail(err, CMA_TBAD_NAME, off + CMA_TR_NAME);
		if (cma_get32(r + CMA_TR_ALLOCATOR) != CMA_TABLE_NONE &&
		    !is_name(t->strings + cma_get32(r + CMA_TR_ALLOCATOR)))
			return fail(err, CMA_TBAD_NAME, off + CMA_TR_ALLOCATOR);
		if (!size || shift > 63)
			return fail(err, CMA_TBAD_REGION, off);
		for (j = 0; j < 3; j++)
			if (r[CMA_TR_RESERVED + j])
				return fail(err, CMA_TBAD_REGION,
					    off + CMA_TR_RESERVED + j);
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

int cma_table_open(struct cma_table *t, const void *buf, size_t len,
		   struct cma_table_error *err)
{
	const uint8_t *b = buf;
	struct cma_table_layout l;
	uint64_t pos, expect[5];
	uint32_t page;
	int i, ret;

	memset(t, 0, sizeof(*t));
	if (len < CMA_TABLE_HEADER_SIZE)
		return fail(err, CMA_TBAD_SHORT, 0);
	if (cma_get32(b + CMA_TH_MAGIC) != CMA_TABLE_MAGIC)
		return fail(err, CMA_TBAD_MAGIC, CMA_TH_MAGIC);
	if ((b[CMA_TH_VERSION] | b[CMA_TH_VERSION + 1] << 8) != CMA_TABLE_VERSION)
		return fail(err, CMA_TBAD_VERSION, CMA_TH_VERSION);
	if ((b[CMA_TH_HEADER_SIZE] | b[CMA_TH_HEADER_SIZE + 1] << 8) !=
	    CMA_TABLE_HEADER_SIZE)
		return fail(err, CMA_TBAD_HEADER, CMA_TH_HEADER_SIZE);
	if (cma_get32(b + CMA_TH_TOTAL_SIZE) > len)
		return fail(err, CMA_TBAD_SHORT, CMA_TH_TOTAL_SIZE);
	if (cma_get32(b + CMA_TH_TOTAL_SIZE) != len)
		return fail(err, CMA_TBAD_TOTAL, CMA_TH_TOTAL_SIZE);
	if (cma_crc32(0, b + CMA_TH_FLAGS, len - CMA_TH_FLAGS) !=
	    cma_get32(b + CMA_TH_CRC))
		return fail(err, CMA_TBAD_CRC, CMA_TH_CRC);
	if (cma_get32(b + CMA_TH_FLAGS))
		return fail(err, CMA_TBAD_FLAGS, CMA_TH_FLAGS);
	page = cma_get32(b + CMA_TH_PAGE_SIZE);
	if (!page || (page & (page - 1)))
		return fail(err, CMA_TBAD_PAGE, CMA_TH_PAGE_SIZE);

	t->base = b;
	t->size = (uint32_t)len;
	t->page_size = page;
	t->nregions = cma_get32(b + CMA_TH_REGION_COUNT);
	t->nrules = cma_get32(b + CMA_TH_RULE_COUNT);
	t->npatterns = cma_get32(b + CMA_TH_PATTERN_COUNT);
	t->ntargets = cma_get32(b + CMA_TH_TARGET_COUNT);
	t->strings_size = cma_get32(b + CMA_TH_STRINGS_SIZE);
	cma_table_layout(&l, t->nregions, t->nrules, t->npatterns,
			 t->ntargets, t->strings_size);
	expect[0] = l.regions;
	expect[1] = l.rules;
	expect[2] = l.patterns;
	expect[3] = l.targets;
	expect[4] = l.strings;
	for (i = 0; i < 5; i++)
		if (cma_get32(b + CMA_TH_REGION_OFFSET + 8 * i) != expect[i])
			return fail(err, CMA_TBAD_LAYOUT,
				    CMA_TH_REGION_OFFSET + 8 * i);
	if (l.total != len)
		return fail(err, CMA_TBAD_LAYOUT, CMA_TH_REGION_COUNT);
	/* The bytes between sections, and after the strings, are 0. */
	for (pos = CMA_TABLE_HEADER_SIZE; pos < len; pos++) {
		bool gap = (pos >= l.regions + (uint64_t)t->nregions * 32 &&
			    pos < l.rules) ||
			   (pos >= l.rules + (uint64_t)t->nrules * CMA_TABLE_RULE_SIZE &&
			    pos < l.patterns) ||
			   (pos >= l.patterns + (uint64_t)t->npatterns * 8 &&
			    pos < l.targets) ||
			   (pos >= l.targets + (uint64_t)t->ntargets * 4 &&
			    pos < l.strings) ||
			   pos >= l.strings + t->strings_size;

		if (gap && b[pos])
			return fail(err, CMA_TBAD_PADDING, pos);
	}
	t->regions = b + l.regions;
	t->rules = b + l.rules;
	t->patterns = b + l.patterns;
	t->targets = b + l.targets;
	t->strings = (const char *)b + l.strings;
	/* Every string ends inside the section: its last byte is a NUL. */
	if (t->strings_size && t->strings[t->strings_size - 1])
		return fail(err, CMA_TBAD_STRING, l.strings + t->strings_size - 1);
	ret = check_regions(t, err);
	if (!ret)
		ret = check_map(t, err);
	return ret;
}

static const char *string_at(const struct cma_table *t, uint32_t off)
{
	return off == CMA_TABLE_NONE ? NULL : t->strings + off;
}

void cma_table_region(const struct cma_table *t, uint32_t i,
		      struct cma_table_region *r)
{
	const uint8_t *p = t->regions + (size_t)i * CMA_TABLE_REGION_SIZE;
	unsigned int shift = p[CMA_TR_ALIGN_SHIFT];

	r->size = cma_get64(p + CMA_TR_SIZE);
	r->start = cma_get64(p + CMA_TR_START);
	r->align = shift ? (uint64_t)1 << shift : 0;
	r->name = string_at(t, cma_get32(p + CMA_TR_NAME));
	r->allocator = string_at(t, cma_get32(p + CMA_TR_ALLOCATOR));
	r->params = string_at(t, cma_get32(p + CMA_TR_PARAMS));
}

void cma_table_rule(const struct cma_table *t, uint32_t i,
		    uint32_t *npatterns, uint32_t *ntargets)
{
	const uint8_t *p = t->rules + (size_t)i * CMA_TABLE_RULE_SIZE;

	*npatterns = cma_get16(p + CMA_TU_PATTERN_COUNT);
	*ntargets = cma_get16(p + CMA_TU_TARGET_COUNT);
}

void cma_table_pattern(const struct cma_table *t, uint32_t i,
		       const char **dev, const char **kind)
{
	const uint8_t *p = t->patterns + (size_t)i * CMA_TABLE_PATTERN_SIZE;

	*dev = string_at(t, cma_get32(p + CMA_TP_DEVICE));
	*kind = string_at(t, cma_get32(p + CMA_TP_KIND));
}

uint32_t cma_table_target(const struct cma_table *t, uint32_t i)
{
	return cma_get32(t->targets + (size_t)i * CMA_TABLE_TARGET_SIZE);
}
