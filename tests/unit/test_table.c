/*
 * The table: what cmacc writes, the loader opens; what is damaged in any
 * way, the loader refuses, with the problem and where, and reads nothing
 * outside the buffer it is given.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
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

/* The sample table, as cmacc -O table writes it. */
static struct strbuf sample(void)
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
	f = compilation_add_text(&c, "t.cma", source, strlen(source));
	read_cma_source(&c, f);
	run_checks(&c);
	diag_flush(&c.diags);
	ck_assert_uint_eq(c.diags.errors, 0);
	ck_assert_int_eq(emit_table(&c.policy, &out), 0);
	fclose(c.diags.out);
	compilation_free(&c);
	return out;
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
		{ CMA_TH_VERSION, 2, CMA_TBAD_VERSION, false },
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
	struct strbuf t = sample();
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
	DAMAGE(b[regions + CMA_TR_RESERVED + 2] = 1, CMA_TBAD_REGION);
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
	ck_assert_str_eq(cma_table_strerror(CMA_TBAD_TARGET + 1),
			 "an unknown problem");
	ck_assert_str_eq(cma_table_strerror((enum cma_table_problem)1000),
			 "an unknown problem");
}
END_TEST

START_TEST(random_damage_never_crashes)
{
	struct strbuf t = sample();
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
	tcase_add_test(tc, header_fields);
	tcase_add_test(tc, header_size_and_length);
	tcase_add_test(tc, every_bit_flip);
	tcase_add_test(tc, structure_behind_a_good_crc);
	tcase_add_test(tc, problem_words);
	tcase_add_test(tc, random_damage_never_crashes);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
