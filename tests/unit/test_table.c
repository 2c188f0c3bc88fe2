/*
 * The table: what cmacc writes, the loader opens; what is damaged in any
 * way, the loader refuses, with the problem and where, and reads nothing
 * outside the buffer it is given.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "cma.h"
#include "cmacc.h"
#include "lang.h"
#include "table.h"

static const char source[] =
	"region camera { size = 16M; start = 0x6000_0000; align = 1M; }\n"
	"region video { size = 32M; allocator = buddy; params = \"min=64K\"; }\n"
	"region common { size = 8M; }\n"
	"map {\n"
	"\ts5p-fimc.? kind any -> camera, common;\n"
	"\ts5p-mfc kind a, s5p-mfc -> video, common;\n"
	"\tkind raw -> common;\n"
	"\t* kind any -> common;\n"
	"}\n";

/* Memory, carve-outs, ranges and pool flags: a version 2 table. */
static const char source_v2[] =
	"memory {\n"
	"\tbank low { base = 0x4000_0000; size = 512M; }\n"
	"\tbank high { base = 0x1_0000_0000; size = 1G; }\n"
	"\treserved tee { base = 0x4000_0000; size = 16M; }\n"
	"}\n"
	"region camera { size = 16M; alloc_range = 0x1_0000_0000, 256M;\n"
	"\talloc_range = 0x4000_0000, 256M; }\n"
	"region dsp { size = 1M; no_map; }\n"
	"map { * kind any -> camera, dsp; }\n";

/* A sample table, as cmacc -O table writes it. */
static struct strbuf sample_of(const char *text)
{
	static const struct options o = {
		.in = IN_CMA, .out = OUT_TABLE, .in_path = "-",
		.cmdline_max = 2048, .page_size = 4096,
	};
	struct compilation c;
	struct strbuf out = { 0 };
	struct srcfile *f;

	compilation_init(&c, &o);
	compilation_set_output(&c);
	c.diags.out = fopen("/dev/null", "w");
	f = compilation_add_text(&c, "t.cma", text, strlen(text));
	read_cma_source(&c, f);
	run_checks(&c);
	diag_flush(&c.diags);
	ck_assert_uint_eq(c.diags.errors, 0);
	ck_assert_int_eq(emit_table(&c.policy, &out), 0);
	fclose(c.diags.out);
	compilation_free(&c);
	return out;
}

static struct strbuf sample(void)
{
	return sample_of(source);
}

static struct strbuf sample_v2(void)
{
	return sample_of(source_v2);
}

/* Opens a copy of exactly len bytes: any read past it is ASan's to see. */
static int open_copy(const void *buf, size_t len, struct cma_table_error *err)
{
	struct cma_table t;
	void *copy = malloc(len ? len : 1);
	int ret;

	memcpy(copy, buf, len);
	ret = cma_table_open(&t, copy, len, err);
	free(copy);
	return ret;
}

static void fix_crc(uint8_t *b, size_t len)
{
	cma_put32(b + CMA_TH_CRC, cma_crc32(0, b + CMA_TH_FLAGS,
					    len - CMA_TH_FLAGS));
}

START_TEST(sample_opens)
{
	struct strbuf t = sample(), again = sample();
	struct cma_table tab;
	struct cma_table_error err;
	struct cma_table_region r;
	const char *dev, *kind;

	ck_assert_int_eq(cma_table_open(&tab, t.buf, t.len, &err), 0);
	/* Nothing that needs version 2: version 1, for older loaders. */
	ck_assert_uint_eq(tab.version, 1);
	ck_assert_uint_eq(cma_get16(tab.base + CMA_TH_HEADER_SIZE), 64);
	ck_assert_uint_eq(tab.nmemory + tab.nranges, 0);
	ck_assert_uint_eq(tab.nregions, 3);
	ck_assert_uint_eq(tab.nrules, 4);
	cma_table_region(&tab, 1, &r);
	ck_assert_str_eq(r.name, "video");
	ck_assert_str_eq(r.allocator, "buddy");
	ck_assert_str_eq(r.params, "min=64K");
	cma_table_region(&tab, 0, &r);
	ck_assert_uint_eq(r.align, 1 << 20);
	ck_assert_uint_eq(r.start, 0x60000000);
	/* 'kind raw' alone takes the device of the pattern before it. */
	cma_table_pattern(&tab, 3, &dev, &kind);
	ck_assert_str_eq(dev, "s5p-mfc");
	ck_assert_str_eq(kind, "raw");
	/* The same policy, the same bytes. */
	ck_assert_uint_eq(t.len, again.len);
	ck_assert_int_eq(memcmp(t.buf, again.buf, t.len), 0);
	sb_free(&t);
	sb_free(&again);
}
END_TEST

START_TEST(sample_v2_opens)
{
	struct strbuf t = sample_v2(), again = sample_v2();
	struct cma_table tab;
	struct cma_table_error err;
	struct cma_table_region r;
	struct cma_table_span m;

	ck_assert_int_eq(cma_table_open(&tab, t.buf, t.len, &err), 0);
	ck_assert_uint_eq(tab.version, 2);
	ck_assert_uint_eq(cma_get16(tab.base + CMA_TH_HEADER_SIZE), 80);
	ck_assert_uint_eq(cma_get32(tab.base + CMA_TH_REGION_OFFSET), 80);
	/* The banks in the order declared, then the carve-out. */
	ck_assert_uint_eq(tab.nmemory, 3);
	cma_table_memory(&tab, 1, &m);
	ck_assert_str_eq(m.name, "high");
	ck_assert_uint_eq(m.kind, CMA_TM_BANK);
	ck_assert_uint_eq(m.base, 0x100000000ULL);
	ck_assert_uint_eq(m.size, 1ULL << 30);
	cma_table_memory(&tab, 2, &m);
	ck_assert_str_eq(m.name, "tee");
	ck_assert_uint_eq(m.kind, CMA_TM_CARVE_OUT);
	/* camera's two ranges, in the order they are tried. */
	ck_assert_uint_eq(tab.nranges, 2);
	cma_table_range(&tab, 0, &m);
	ck_assert_uint_eq(m.region, 0);
	ck_assert_uint_eq(m.base, 0x100000000ULL);
	cma_table_range(&tab, 1, &m);
	ck_assert_uint_eq(m.base, 0x40000000);
	ck_assert_uint_eq(m.size, 256 << 20);
	/* no_map alone: a coherent pool, not reusable. */
	cma_table_region(&tab, 1, &r);
	ck_assert_uint_eq(r.flags, CMA_TR_NO_MAP | CMA_TR_NOT_REUSABLE);
	cma_table_region(&tab, 0, &r);
	ck_assert_uint_eq(r.flags, 0);
	ck_assert_uint_eq(t.len, again.len);
	ck_assert_int_eq(memcmp(t.buf, again.buf, t.len), 0);
	sb_free(&t);
	sb_free(&again);
}
END_TEST

/* Where region i of the context lies. */
static unsigned long start_of(struct cma_ctx *ctx, unsigned int i)
{
	struct cma_region_state st;

	ck_assert_int_eq(cma_ctx_region_state(ctx, i, &st), 0);
	return st.start;
}

/*
 * libcma places by the table's memory: camera in its first range (the
 * high bank), dsp at the lowest room of the low bank past the carve-out.
 * Banks the caller gives replace the table's: camera's first range then
 * lies outside them, so its second, past the carve-out, holds it.
 */
START_TEST(runtime_places_by_the_table)
{
	static const struct cma_ctx_bank low[] = { { 0x40000000UL, 512UL << 20 } };
	struct cma_ctx_config cfg = { low, 1 };
	struct strbuf t = sample_v2();
	struct cma_ctx *ctx;

	ck_assert_int_eq(cma_ctx_from_table(&ctx, t.buf, t.len), 0);
	ck_assert_uint_eq(start_of(ctx, 0), 0x100000000UL);
	ck_assert_uint_eq(start_of(ctx, 1), 0x41000000UL);
	cma_ctx_destroy(ctx);
	ck_assert_int_eq(cma_ctx_from_table_config(&ctx, t.buf, t.len, &cfg), 0);
	ck_assert_uint_eq(start_of(ctx, 0), 0x41000000UL);
	ck_assert_uint_eq(start_of(ctx, 1), 0x42000000UL);
	cma_ctx_destroy(ctx);
	sb_free(&t);
}
END_TEST

/* Each header field wrong in turn: refused, and blamed. */
START_TEST(header_fields)
{
	static const struct {
		size_t at;
		uint32_t value;
		enum cma_table_problem want;
		bool fix;	/* recompute the CRC, to reach the field's check */
	} cases[] = {
		{ CMA_TH_MAGIC, 0x54414d43, CMA_TBAD_MAGIC, false },
		{ CMA_TH_VERSION, 3, CMA_TBAD_VERSION, false },
		/* Version 2 has an 80-byte header: this one is 64. */
		{ CMA_TH_VERSION, 2, CMA_TBAD_HEADER, false },
		{ CMA_TH_VERSION, 0, CMA_TBAD_VERSION, false },
		{ CMA_TH_TOTAL_SIZE, 8, CMA_TBAD_TOTAL, false },
		{ CMA_TH_CRC, 0, CMA_TBAD_CRC, false },
		{ CMA_TH_FLAGS, 1, CMA_TBAD_FLAGS, true },
		{ CMA_TH_PAGE_SIZE, 0, CMA_TBAD_PAGE, true },
		{ CMA_TH_PAGE_SIZE, 3000, CMA_TBAD_PAGE, true },
		{ CMA_TH_REGION_COUNT, 4, CMA_TBAD_LAYOUT, true },
		{ CMA_TH_REGION_COUNT, 0xffffffff, CMA_TBAD_LAYOUT, true },
		{ CMA_TH_REGION_OFFSET, 72, CMA_TBAD_LAYOUT, true },
		{ CMA_TH_RULE_COUNT, 20, CMA_TBAD_LAYOUT, true },
		{ CMA_TH_RULE_OFFSET, 0, CMA_TBAD_LAYOUT, true },
		{ CMA_TH_PATTERN_COUNT, 99, CMA_TBAD_LAYOUT, true },
		{ CMA_TH_PATTERN_OFFSET, 8, CMA_TBAD_LAYOUT, true },
		{ CMA_TH_TARGET_COUNT, 1, CMA_TBAD_LAYOUT, true },
		{ CMA_TH_TARGET_OFFSET, 0xfffffff8, CMA_TBAD_LAYOUT, true },
		{ CMA_TH_STRINGS_SIZE, 0x7fffffff, CMA_TBAD_LAYOUT, true },
		{ CMA_TH_STRINGS_OFFSET, 64, CMA_TBAD_LAYOUT, true },
	};
	struct strbuf t = sample();
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t *b = malloc(t.len);
		struct cma_table_error err;

		memcpy(b, t.buf, t.len);
		if (cases[i].at == CMA_TH_VERSION) {
			b[CMA_TH_VERSION] = cases[i].value;
			b[CMA_TH_VERSION + 1] = 0;
		} else {
			cma_put32(b + cases[i].at, cases[i].value);
		}
		if (cases[i].fix)
			fix_crc(b, t.len);
		ck_assert_int_eq(open_copy(b, t.len, &err), -EINVAL);
		ck_assert_msg(err.problem == cases[i].want,
			      "field at %zu: problem %d, want %d", cases[i].at,
			      err.problem, cases[i].want);
		free(b);
	}
	sb_free(&t);
}
END_TEST

START_TEST(header_size_and_length)
{
	struct strbuf t = sample();
	struct cma_table_error err;
	uint8_t *b = malloc(t.len + 8);
	size_t n;

	memcpy(b, t.buf, t.len);
	b[CMA_TH_HEADER_SIZE] = 48;
	ck_assert_int_eq(open_copy(b, t.len, &err), -EINVAL);
	ck_assert_int_eq(err.problem, CMA_TBAD_HEADER);
	/* Every length short of the whole, and one longer. */
	for (n = 0; n < t.len; n++) {
		ck_assert_int_eq(open_copy(t.buf, n, &err), -EINVAL);
		if (n < CMA_TABLE_HEADER_SIZE)
			ck_assert_int_eq(err.problem, CMA_TBAD_SHORT);
	}
	memcpy(b, t.buf, t.len);
	memset(b + t.len, 0, 8);
	ck_assert_int_eq(open_copy(b, t.len + 8, &err), -EINVAL);
	ck_assert_int_eq(err.problem, CMA_TBAD_TOTAL);
	free(b);
	sb_free(&t);
}
END_TEST

START_TEST(every_bit_flip)
{
	struct strbuf t = _i ? sample_v2() : sample();
	uint8_t *b = malloc(t.len);
	struct cma_table_error err;
	size_t bit;

	for (bit = 0; bit < t.len * 8; bit++) {
		memcpy(b, t.buf, t.len);
		b[bit / 8] ^= 1 << (bit % 8);
		if (open_copy(b, t.len, &err) != -EINVAL)
			ck_abort_msg("bit %zu flipped: the table still opens", bit);
	}
	free(b);
	sb_free(&t);
}
END_TEST

/* Damage past the CRC (a writer's bug): each caught by its own check. */
START_TEST(structure_behind_a_good_crc)
{
	struct strbuf t = sample();
	struct cma_table tab;
	struct cma_table_error err;
	uint8_t *b = malloc(t.len);
	size_t regions, rules, patterns, targets, strings;

	cma_table_open(&tab, t.buf, t.len, &err);
	regions = tab.regions - tab.base;
	rules = tab.rules - tab.base;
	patterns = tab.patterns - tab.base;
	targets = tab.targets - tab.base;
	strings = tab.strings - (const char *)tab.base;

#define DAMAGE(what, want) do {						\
		memcpy(b, t.buf, t.len);				\
		what;							\
		fix_crc(b, t.len);					\
		ck_assert_int_eq(open_copy(b, t.len, &err), -EINVAL);	\
		ck_assert_msg(err.problem == (want), "%s: problem %d",	\
			      #what, err.problem);			\
	} while (0)

	DAMAGE(cma_put32(b + regions + CMA_TR_NAME, 0x10000), CMA_TBAD_STRING);
	DAMAGE(cma_put32(b + regions + CMA_TR_ALLOCATOR, tab.strings_size),
	       CMA_TBAD_STRING);
	DAMAGE(cma_put64(b + regions + CMA_TR_SIZE, 0), CMA_TBAD_REGION);
	DAMAGE(b[regions + CMA_TR_ALIGN_SHIFT] = 64, CMA_TBAD_REGION);
	DAMAGE(b[regions + CMA_TR_RESERVED + 1] = 1, CMA_TBAD_REGION);
	/* Version 1 has no pool flags. */
	DAMAGE(b[regions + CMA_TR_FLAGS] = CMA_TR_NO_MAP, CMA_TBAD_REGION);
	DAMAGE(cma_put64(b + regions + CMA_TR_START, 0xfffffffffff00000ULL),
	       CMA_TBAD_REGION);
	DAMAGE(b[strings] = '-', CMA_TBAD_NAME);
	DAMAGE(b[strings + tab.strings_size - 1] = 'x', CMA_TBAD_STRING);
	DAMAGE(cma_put16(b + rules + CMA_TU_PATTERN_COUNT, 0), CMA_TBAD_RULE);
	DAMAGE(cma_put16(b + rules + CMA_TU_PATTERN_COUNT, 0xffff),
	       CMA_TBAD_RULE);
	DAMAGE(cma_put16(b + rules + CMA_TU_TARGET_COUNT, 0xfff0),
	       CMA_TBAD_RULE);
	DAMAGE(cma_put32(b + targets, 3), CMA_TBAD_TARGET);
	DAMAGE(cma_put32(b + patterns + CMA_TP_KIND, 0x7fffffff),
	       CMA_TBAD_STRING);
	DAMAGE(b[t.len - 1] = 1, CMA_TBAD_PADDING);
#undef DAMAGE
	free(b);
	sb_free(&t);
}
END_TEST

/* The same for what version 2 adds. */
START_TEST(memory_behind_a_good_crc)
{
	struct strbuf t = sample_v2();
	struct cma_table tab;
	struct cma_table_error err;
	uint8_t *b = malloc(t.len);
	size_t regions, memory, ranges;

	ck_assert_int_eq(cma_table_open(&tab, t.buf, t.len, &err), 0);
	regions = tab.regions - tab.base;
	memory = tab.memory - tab.base;
	ranges = tab.ranges - tab.base;

#define DAMAGE(what, want, field) do {					\
		memcpy(b, t.buf, t.len);				\
		what;							\
		fix_crc(b, t.len);					\
		ck_assert_int_eq(open_copy(b, t.len, &err), -EINVAL);	\
		ck_assert_msg(err.problem == (want) &&			\
			      err.offset == (field), "%s: problem %d at %u", \
			      #what, err.problem, err.offset);		\
	} while (0)

	DAMAGE(b[regions + CMA_TR_FLAGS] = 4, CMA_TBAD_REGION,
	       regions + CMA_TR_FLAGS);
	DAMAGE(cma_put64(b + memory + CMA_TM_SIZE, 0), CMA_TBAD_MEMORY,
	       memory + CMA_TM_SIZE);
	DAMAGE(cma_put64(b + memory + CMA_TM_BASE, 0xfffffffff0000000ULL),
	       CMA_TBAD_MEMORY, memory + CMA_TM_SIZE);
	DAMAGE(b[memory + CMA_TM_KIND] = 2, CMA_TBAD_MEMORY,
	       memory + CMA_TM_KIND);
	DAMAGE(b[memory + CMA_TM_RESERVED] = 1, CMA_TBAD_MEMORY,
	       memory + CMA_TM_KIND);
	DAMAGE(cma_put32(b + memory + CMA_TM_NAME, 0x10000), CMA_TBAD_STRING,
	       memory + CMA_TM_NAME);
	DAMAGE(cma_put64(b + ranges + CMA_TG_SIZE, 0), CMA_TBAD_RANGE,
	       ranges + CMA_TG_SIZE);
	DAMAGE(cma_put32(b + ranges + CMA_TG_REGION, 2), CMA_TBAD_RANGE,
	       ranges + CMA_TG_REGION);
	/* Region 1's range before region 0's: out of order. */
	DAMAGE(cma_put32(b + ranges + CMA_TG_REGION, 1), CMA_TBAD_RANGE,
	       ranges + CMA_TABLE_RANGE_SIZE + CMA_TG_REGION);
	DAMAGE(b[ranges + CMA_TG_RESERVED + 3] = 1, CMA_TBAD_RANGE,
	       ranges + CMA_TG_RESERVED);
	DAMAGE(cma_put32(b + CMA_TH_MEMORY_COUNT, 4), CMA_TBAD_LAYOUT,
	       CMA_TH_RANGE_OFFSET);
	DAMAGE(cma_put32(b + CMA_TH_MEMORY_OFFSET, 0), CMA_TBAD_LAYOUT,
	       CMA_TH_MEMORY_OFFSET);
	DAMAGE(b[CMA_TH_HEADER_SIZE] = 64, CMA_TBAD_HEADER,
	       CMA_TH_HEADER_SIZE);
#undef DAMAGE
	free(b);
	sb_free(&t);
}
END_TEST

/* Each problem has its own words; a value past the last has the fallback. */
START_TEST(problem_words)
{
	ck_assert_str_eq(cma_table_strerror(CMA_TBAD_NONE), "no problem");
	ck_assert_str_eq(cma_table_strerror(CMA_TBAD_SHORT),
			 "the table is shorter than its header says");
	ck_assert_str_eq(cma_table_strerror(CMA_TBAD_CRC),
			 "the CRC does not match: the table is damaged");
	ck_assert_str_eq(cma_table_strerror(CMA_TBAD_TARGET),
			 "a rule names a region index past the last region");
	ck_assert_str_eq(cma_table_strerror(CMA_TBAD_RANGE),
			 "an allocation range has size 0, ends past 64 bits, or names a region past the last or out of order");
	ck_assert_str_eq(cma_table_strerror(CMA_TBAD_RANGE + 1),
			 "an unknown problem");
	ck_assert_str_eq(cma_table_strerror((enum cma_table_problem)1000),
			 "an unknown problem");
}
END_TEST

START_TEST(random_damage_never_crashes)
{
	struct strbuf t = _i ? sample_v2() : sample();
	uint8_t *b = malloc(t.len);
	struct cma_table_error err;
	unsigned long long seed = 7;
	int i, j;

	for (i = 0; i < 20000; i++) {
		memcpy(b, t.buf, t.len);
		for (j = 0; j < 1 + i % 8; j++) {
			seed = seed * 6364136223846793005ULL + 1;
			b[(seed >> 33) % t.len] = (uint8_t)(seed >> 20);
		}
		/* Half with the CRC mended, to reach the deeper checks. */
		if (i % 2)
			fix_crc(b, t.len);
		open_copy(b, t.len, &err);
	}
	free(b);
	sb_free(&t);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("table");
	TCase *tc = tcase_create("loader");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, sample_opens);
	tcase_add_test(tc, sample_v2_opens);
	tcase_add_test(tc, runtime_places_by_the_table);
	tcase_add_test(tc, header_fields);
	tcase_add_test(tc, header_size_and_length);
	tcase_add_loop_test(tc, every_bit_flip, 0, 2);
	tcase_add_test(tc, structure_behind_a_good_crc);
	tcase_add_test(tc, memory_behind_a_good_crc);
	tcase_add_test(tc, problem_words);
	tcase_add_loop_test(tc, random_damage_never_crashes, 0, 2);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
