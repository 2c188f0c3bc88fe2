/*
 * cmacc and libcma on the same random policies: where cmacc finds no
 * error, libcma loads the policy, places every region and can allocate a
 * page from each region whose allocator it has; where libcma refuses one,
 * cmacc has found an error.  The policies are drawn from the values that
 * sit on the edges: sizes of 0 and of 8 EiB, starts at the top of the
 * address space, alignments that are not powers of two, allocators with
 * parameters they do not take or cannot serve with, names used twice.
 * Where libcma refuses, cmacc gives its reason among its errors, at the
 * byte libcma names.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "cmacc.h"
#include "cma.h"
#include "placement.h"

#define POLICIES 5000

static uint64_t seed = 88172645463325252ULL;

static unsigned int pick(unsigned int n)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return (unsigned int)(seed % n);
}

static const char *const sizes[] = { "4K", "1M", "16M", "0", "8E", "3",
				     "4G", "64K", "1M", "4K" };
static const char *const starts[] = { "", "", "", "", "", "@0x10000000",
				      "@0xfffffffffffff000", "@0x10000800",
				      "@0x20000000", "@0" };
static const char *const aligns[] = { "", "", "", "", "/1M", "/3", "/0",
				      "/4K", "/2G", "" };
static const char *const allocators[] = { "", "", "", "", ":bf", ":buddy",
					  ":buddy(min=8K)", ":buddy(min=1G)",
					  ":na", ":bf(x)" };
static const char *const devices[] = { "cam", "vpu", "*", "c?m", "fb*" };

/* A random cma= and cma_map= value. */
static void policy(char *cma, char *map, size_t n)
{
	unsigned int regions = 1 + pick(4), rules = 1 + pick(3), i, j;
	size_t at = 0;

	for (i = 0; i < regions; i++)
		at += snprintf(cma + at, n - at, "%sr%u=%s%s%s%s", i ? ";" : "",
			       pick(8) ? i : 0, sizes[pick(10)],
			       starts[pick(10)], aligns[pick(10)],
			       allocators[pick(10)]);
	at = 0;
	for (i = 0; i < rules; i++) {
		at += snprintf(map + at, n - at, "%s%s=", i ? ";" : "",
			       devices[pick(5)]);
		for (j = 0; j <= pick(2); j++)
			at += snprintf(map + at, n - at, "%sr%u", j ? "," : "",
				       pick(regions + 1));
	}
}

/*
 * libcma's reason is one of cmacc's errors, whole, and libcma's byte of
 * cma= or cma_map= is cmacc's column there: the line is "cma=A cma_map=B".
 */
static bool said_at(const char *said, const char *why, int len,
		    size_t column)
{
	char head[32];
	const char *at;

	snprintf(head, sizeof(head), column ? "agree:1:%zu: error: " :
					      ": error: ", column);
	for (at = said; (at = strstr(at, head)); at++) {
		const char *end = at + strlen(head) + len;

		if (!strncmp(at + strlen(head), why, len) &&
		    (!strncmp(end, " [", 2) || *end == '\n'))
			return true;
	}
	return false;
}

static void assert_same_reason(const char *line, const char *said,
			       const char *why, size_t cma_len)
{
	const char *tail = strstr(why, " (byte ");
	int len = tail ? (int)(tail - why) : (int)strlen(why);
	size_t byte, column = 0;
	char where[16];

	if (tail && sscanf(tail, " (byte %zu of %15[^)])", &byte, where) == 2)
		column = !strcmp(where, "cma=") ? 5 + byte :
						  5 + cma_len + 9 + byte;
	ck_assert_msg(said_at(said, why, len, column),
		      "%slibcma: %s\ncmacc:\n%.3000s", line, why, said);
}

/* cmacc's errors for the command line, as it checks one for -O cmdline. */
static unsigned int cmacc_errors(const char *line, char **said)
{
	static const struct options o = {
		.in = IN_CMDLINE, .out = OUT_CMDLINE, .in_path = "-",
		.cmdline_max = 2048, .page_size = 4096,
	};
	struct compilation c;
	struct srcfile *f;
	unsigned int errors;
	size_t len;

	compilation_init(&c, &o);
	compilation_set_output(&c);
	c.diags.max_errors = 0;
	c.diags.out = open_memstream(said, &len);
	f = compilation_add_text(&c, "agree", line, strlen(line));
	read_cmdline_source(&c, f);
	run_checks(&c);
	errors = c.diags.errors;
	diag_flush(&c.diags);
	fclose(c.diags.out);
	compilation_free(&c);
	return errors;
}

START_TEST(random_policies)
{
	unsigned int k, accepted = 0, refused = 0;

	for (k = 0; k < POLICIES; k++) {
		char cma[512], map[512], line[1100];
		struct cma_region_state st;
		struct cma_ctx *ctx;
		unsigned int errors, i;
		char *said;
		int ret;

		policy(cma, map, sizeof(cma));
		snprintf(line, sizeof(line), "cma=%s cma_map=%s\n", cma, map);
		errors = cmacc_errors(line, &said);
		ret = cma_ctx_from_cmdline(&ctx, cma, map);
		if (ret) {
			refused++;
			ck_assert_msg(errors,
				      "cmacc accepts %s but libcma refuses it: %s",
				      line, cma_ctx_error());
			assert_same_reason(line, said, cma_ctx_error(),
					   strlen(cma));
			free(said);
			continue;
		}
		free(said);
		accepted++;
		for (i = 0; !errors && i < cma_ctx_region_count(ctx); i++) {
			ck_assert_int_eq(cma_ctx_region_state(ctx, i, &st), 0);
			/* Its allocator, where libcma has it, can serve a page. */
			ck_assert_msg(!st.allocator || st.largest_free >= 4096,
				      "%s: region %s has no page to give", line,
				      st.name);
		}
		cma_ctx_destroy(ctx);
	}
	/* Both answers came up often enough to mean something. */
	ck_assert_uint_gt(accepted, POLICIES / 20);
	ck_assert_uint_gt(refused, POLICIES / 20);
}
END_TEST

/*
 * A random source with memory: banks, carve-outs, regions with starts,
 * alignments and allocation ranges, drawn so that most fit and some not.
 */
static void memory_source(char *src, size_t n)
{
	static const char *const region_sizes[] = { "1M", "4M", "16M", "64M",
						    "256M" };
	unsigned int banks = 1 + pick(3), carve_outs = pick(3);
	unsigned int regions = 1 + pick(6), i, k;
	size_t at = 0;

	at += snprintf(src + at, n - at, "memory {\n");
	for (i = 0; i < banks; i++)
		at += snprintf(src + at, n - at,
			       "bank b%u { base = 0x%x000_0000; size = %uM; }\n",
			       i, 4 * i + 4, 64u << pick(4));
	for (i = 0; i < carve_outs; i++)
		at += snprintf(src + at, n - at,
			       "reserved c%u { base = 0x%x%x0_0000; size = %uM; }\n",
			       i, 4 * pick(banks) + 4, pick(16), 1u << pick(6));
	at += snprintf(src + at, n - at, "}\n");
	for (i = 0; i < regions; i++) {
		at += snprintf(src + at, n - at, "region r%u { size = %s;", i,
			       region_sizes[pick(5)]);
		if (!pick(5))
			at += snprintf(src + at, n - at, " start = 0x%x%x00_0000;",
				       4 * pick(banks) + 4, pick(4) * 4);
		if (!pick(3))
			at += snprintf(src + at, n - at, " align = %uM;",
				       1u << pick(6));
		for (k = pick(3); k > 0 && pick(2); k--)
			at += snprintf(src + at, n - at,
				       " alloc_range = 0x%x%x00_0000, %uM;",
				       4 * pick(banks) + 4, pick(16),
				       16u << pick(5));
		at += snprintf(src + at, n - at, " }\n");
	}
	at += snprintf(src + at, n - at, "map { * kind any -> r0; }\n");
}

/*
 * Where cmacc finds no error in a source with memory, libcma loads its
 * table and places every region where cmacc placed it (what -O map
 * shows); where cmacc finds a region no room, libcma refuses the table
 * (for that, or an overlap it finds first).
 */
START_TEST(placement_with_memory)
{
	static const struct options o = {
		.in = IN_CMA, .out = OUT_TABLE, .in_path = "-",
		.cmdline_max = 2048, .page_size = 4096,
	};
	unsigned int k, agreed = 0, no_room = 0;

	for (k = 0; k < POLICIES; k++) {
		char src[4096];
		struct compilation c;
		struct strbuf table = { 0 };
		const struct placement *pl;
		struct cma_ctx *ctx;
		bool placed = true;
		size_t i;
		int ret;

		memory_source(src, sizeof(src));
		compilation_init(&c, &o);
		compilation_set_output(&c);
		c.diags.out = fopen("/dev/null", "w");
		read_cma_source(&c, compilation_add_text(&c, "agree.cma", src,
							 strlen(src)));
		run_checks(&c);
		diag_flush(&c.diags);
		pl = compilation_placement(&c);
		for (i = 0; i < c.policy.nregions; i++)
			placed &= !pl[i].tried || pl[i].fits;
		ck_assert_int_eq(emit_table(&c.policy, &table), 0);
		ret = cma_ctx_from_table(&ctx, table.buf, table.len);
		if (!placed) {
			no_room++;
			ck_assert_msg(ret < 0, "%slibcma accepts it", src);
		} else if (!c.diags.errors) {
			agreed++;
			ck_assert_msg(!ret, "%slibcma: %s", src, cma_ctx_error());
			for (i = 0; i < c.policy.nregions; i++) {
				struct cma_region_state st;

				cma_ctx_region_state(ctx, (unsigned int)i, &st);
				ck_assert_msg(st.start == pl[i].start,
					      "%sregion %zu: libcma %#lx, cmacc %#llx",
					      src, i, (unsigned long)st.start,
					      (unsigned long long)pl[i].start);
			}
		}
		if (!ret)
			cma_ctx_destroy(ctx);
		fclose(c.diags.out);
		sb_free(&table);
		compilation_free(&c);
	}
	ck_assert_uint_gt(agreed, POLICIES / 20);
	ck_assert_uint_gt(no_room, POLICIES / 50);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("agree");
	TCase *tc = tcase_create("cmacc and libcma");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, random_policies);
	tcase_add_test(tc, placement_with_memory);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
