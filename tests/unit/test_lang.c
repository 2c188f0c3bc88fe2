/*
 * The language front end as a library: compilations share nothing, so
 * two may run at once; long lists cost no parser stack; a source and its
 * decompiled form mean the same.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "unit.h"
#include "cmacc.h"
#include "lang.h"

static const struct options defaults = {
	.in = IN_CMA, .out = OUT_CMDLINE, .in_path = "-",
	.cmdline_max = 2048, .page_size = 4096,
};

/*
 * Compiles text; returns the canonical command line (or "" when there
 * are errors) and the number of errors in *errors.
 */
static char *compile(const char *text, unsigned int *errors)
{
	struct compilation c;
	struct strbuf out = { 0 };
	struct srcfile *f;
	FILE *quiet = fopen("/dev/null", "w");

	compilation_init(&c, &defaults);
	c.diags.out = quiet;
	f = compilation_add_text(&c, "test.cma", text, strlen(text));
	read_cma_source(&c, f);
	run_checks(&c);
	diag_flush(&c.diags);
	*errors = c.diags.errors;
	if (!c.diags.errors)
		emit_cmdline(&c.policy, KERNEL_RUNTIME, &out, NULL);
	compilation_free(&c);
	fclose(quiet);
	return out.buf ? out.buf : xstrdup("");
}

static const char good[] =
	"const F = 3 * 1M;\n"
	"region cam { size = 2 * F; align = 1M; }\n"
	"region vid { size = 8M; start = 0x4000_0000; }\n"
	"map { cam kind any -> cam, vid; * -> vid; }\n";
static const char good_line[] =
	"cma=cam=6M/1M;vid=8M@1G cma_map=cam/*=cam,vid;*=vid\n";
static const char bad[] =
	"region a { size = 1M }\nregion b { sise = 2; }\nmap { x -> c; }\n";

START_TEST(one_compilation)
{
	unsigned int errors;
	char *line = compile(good, &errors);

	ck_assert_uint_eq(errors, 0);
	ck_assert_str_eq(line, good_line);
	free(line);
	line = compile(bad, &errors);
	ck_assert_uint_eq(errors, 3);
	free(line);
}
END_TEST

static void *compile_many(void *arg)
{
	const char *text = arg;
	long failures = 0;
	int i;

	for (i = 0; i < 300; i++) {
		unsigned int errors;
		char *line = compile(text, &errors);

		if (text == good ? errors || strcmp(line, good_line) :
		    errors != 3)
			failures++;
		free(line);
	}
	return (void *)failures;
}

START_TEST(two_at_once)
{
	pthread_t a, b;
	void *fa, *fb;

	/* One thread's errors must not leak into the other's results. */
	ck_assert_int_eq(pthread_create(&a, NULL, compile_many, (void *)good), 0);
	ck_assert_int_eq(pthread_create(&b, NULL, compile_many, (void *)bad), 0);
	pthread_join(a, &fa);
	pthread_join(b, &fb);
	ck_assert_ptr_eq(fa, NULL);
	ck_assert_ptr_eq(fb, NULL);
}
END_TEST

START_TEST(long_lists_no_stack)
{
	/* dtc's right recursion fails at 10,000 siblings: we go to 200,000. */
	struct strbuf src = { 0 };
	unsigned int errors;
	char *line;
	int i;

	for (i = 0; i < 200000; i++)
		sb_printf(&src, "region r%d { size = 4K; }\n", i);
	sb_puts(&src, "map {\n");
	for (i = 0; i < 200000; i++)
		sb_printf(&src, "\td%d, e%d -> r%d;\n", i, i, i);
	sb_puts(&src, "}\n");
	line = compile(src.buf, &errors);
	/*
	 * All parsed; the only errors are the 2010 kernel's limits: regions,
	 * rules, the two values' lengths and the whole line's.
	 */
	ck_assert_uint_eq(errors, 5);
	free(line);
	sb_free(&src);
}
END_TEST

START_TEST(expressions)
{
	static const struct {
		const char *expr;
		const char *size;	/* NULL: an error */
	} cases[] = {
		{ "1 + 2 * 3", "7" }, { "(1 + 2) * 3", "9" },
		{ "1M >> 10 << 10", "1M" }, { "10 - 3 - 2", "5" },
		{ "100 / 10 / 5", "2" }, { "7 % 4", "3" }, { "1_000", "1000" },
		{ "0x10_0000", "1M" }, { "2KiB", "2K" }, { "1G - 1M", "1023M" },
		{ "1 << 63", "8E" }, { "0xffff_f000", "4194300K" },
		{ "1 << 64", NULL }, { "8E + 8E", NULL }, { "1 - 2", NULL },
		{ "1 / 0", NULL }, { "4 % 0", NULL }, { "1 >> 64", NULL },
		{ "16E", NULL }, { "3 * 6E", NULL }, { "012", NULL },
		/* Fits, but not once the kernel rounds it up to a page. */
		{ "0xffff_ffff_ffff_ffff", NULL },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char src[128], want[128];
		unsigned int errors;
		char *line;

		snprintf(src, sizeof(src), "region a { size = %s; }\n",
			 cases[i].expr);
		line = compile(src, &errors);
		if (!cases[i].size) {
			ck_assert_msg(errors == 1, "%s: %u errors", cases[i].expr,
				      errors);
		} else {
			snprintf(want, sizeof(want), "cma=a=%s\n", cases[i].size);
			ck_assert_msg(!strcmp(line, want), "%s: %s", cases[i].expr,
				      line);
		}
		free(line);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("lang");
	TCase *tc = tcase_create("front end");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, one_compilation);
	tcase_add_test(tc, two_at_once);
	tcase_add_test(tc, long_lists_no_stack);
	tcase_add_test(tc, expressions);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
