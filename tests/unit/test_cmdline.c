/*
 * The command-line reader: numbers as memparse() reads them, the kernel's
 * splitting and quoting, the grammar's events with their byte offsets, and
 * every problem it reports.  Each case is a command line and the log of
 * the events it gives.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "unit.h"
#include "cmdline-args.h"

static char log_buf[4096];

static void logf_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void logf_(const char *fmt, ...)
{
	size_t n = strlen(log_buf);
	va_list ap;

	if (n)
		log_buf[n++] = ' ';
	va_start(ap, fmt);
	vsnprintf(log_buf + n, sizeof(log_buf) - n, fmt, ap);
	va_end(ap);
}

static const char *text;

static int on_param(void *priv, enum cma_param which, struct cma_span name,
		    struct cma_span value, bool overridden)
{
	logf_("P%s%s=%zu+%zu", which ? "map" : "cma", overridden ? "!" : "",
	      value.off, value.len);
	return 0;
}

static int on_region(void *priv, const struct cma_cl_region *r)
{
	char b[256];
	int n = snprintf(b, sizeof(b), "R%.*s=%" PRIu64, (int)r->name.len,
			 text + r->name.off, r->size_val);

	if (r->flags & CMA_REGION_START)
		n += snprintf(b + n, sizeof(b) - n, "@%" PRIu64, r->start_val);
	if (r->flags & CMA_REGION_ALIGN)
		n += snprintf(b + n, sizeof(b) - n, "/%" PRIu64, r->align_val);
	if (r->flags & CMA_REGION_COLON)
		n += snprintf(b + n, sizeof(b) - n, ":%.*s", (int)r->alloc.len,
			      text + r->alloc.off);
	if (r->flags & CMA_REGION_PARAMS)
		n += snprintf(b + n, sizeof(b) - n, "(%.*s)", (int)r->params.len,
			      text + r->params.off);
	snprintf(b + n, sizeof(b) - n, "%s[%zu+%zu]",
		 r->flags & CMA_REGION_BROKEN ? "!" : "", r->whole.off,
		 r->whole.len);
	logf_("%s", b);
	return 0;
}

static int on_rule_begin(void *priv, struct cma_span at)
{
	logf_("{");
	return 0;
}

static int on_pattern(void *priv, const struct cma_cl_pattern *p)
{
	logf_("p%.*s%s%.*s%s", (int)p->dev.len, text + p->dev.off,
	      p->flags & CMA_PATTERN_KIND ? "/" : "", (int)p->kind.len,
	      text + p->kind.off,
	      p->flags & CMA_PATTERN_INHERITED ? "^" :
	      p->flags & CMA_PATTERN_ORPHAN ? "?!" : "");
	return 0;
}

static int on_target(void *priv, struct cma_span name)
{
	logf_("t%.*s", (int)name.len, text + name.off);
	return 0;
}

static int on_rule_end(void *priv, struct cma_span whole, bool broken)
{
	logf_("}%s[%zu+%zu]", broken ? "!" : "", whole.off, whole.len);
	return 0;
}

/* Events: P param (! overridden), R region (! broken), { rule }, p pattern
 * (^ inherited device, ?! orphan), t target, E problem:where@offset+length. */
static const char *const problems[] = {
	[CMA_CL_UNEXPECTED] = "unexpected", [CMA_CL_END] = "end",
	[CMA_CL_SPACE] = "space", [CMA_CL_BAD_NAME] = "badname",
	[CMA_CL_COMMA] = "comma", [CMA_CL_OVERFLOW] = "overflow",
	[CMA_CL_OCTAL] = "octal", [CMA_CL_STAR] = "star",
	[CMA_CL_EMPTY] = "empty", [CMA_CL_PARAM_SEMI] = "paramsemi",
	[CMA_CL_NO_VALUE] = "novalue",
	[CMA_CL_NAME_UNDERSCORE] = "underscore",
	[CMA_CL_EMPTY_NUMBER] = "emptynumber",
	[CMA_CL_ZERO_ALIGN] = "zeroalign", [CMA_CL_EMPTY_KIND] = "emptykind",
	[CMA_CL_EMPTY_PARAM] = "emptyparam",
};

static int on_error(void *priv, const struct cma_cl_error *e)
{
	logf_("E%s:%d@%zu+%zu", problems[e->problem], (int)e->where, e->at.off,
	      e->at.len);
	return 0;
}

static const struct cma_cl_ops ops = {
	on_param, on_region, on_rule_begin, on_pattern, on_target,
	on_rule_end, on_error,
};

static const char *read_line(const char *line)
{
	log_buf[0] = '\0';
	text = line;
	ck_assert_int_eq(cma_cl_read_cmdline(line, strlen(line), false, &ops, NULL), 0);
	return log_buf;
}

#define EXPECT(line, events) ck_assert_str_eq(read_line(line), events)

static uint64_t number(const char *s, int *err, size_t *end)
{
	uint64_t v = 12345;
	size_t pos = 0;

	*err = cma_cl_parse_number(s, &pos, strlen(s), &v);
	*end = pos;
	return v;
}

START_TEST(numbers_as_memparse)
{
	static const struct {
		const char *text;
		uint64_t value;
		size_t end;
	} ok[] = {
		{ "0", 0, 1 }, { "10", 10, 2 }, { "10M", 10 << 20, 3 },
		{ "10m", 10 << 20, 3 }, { "1k", 1024, 2 }, { "2G", 2ULL << 30, 2 },
		{ "3T", 3ULL << 40, 2 }, { "1p", 1ULL << 50, 2 },
		{ "15E", 15ULL << 60, 3 }, { "0x10", 16, 4 },
		{ "0X1fK", 31 << 10, 5 }, { "010", 8, 3 }, { "0x1E", 30, 4 },
		{ "0xg", 0, 1 }, { "0x", 0, 1 }, { "7x", 7, 1 },
		{ "18446744073709551615", UINT64_MAX, 20 },
		{ "0xffffffffffffffff", UINT64_MAX, 18 },
		{ "0x3fffffffffffffK", 0x3fffffffffffffULL << 10, 17 },
		{ "1MB", 1 << 20, 2 },
	};
	static const char *const overflow[] = {
		"16E", "0xffffffffffffffffK", "18446744073709551616",
		"0x10000000000000000", "16777216T", "0x4000000000000000K",
		"99999999999999999999999999999",
	};
	size_t i, end;
	int err;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		uint64_t v = number(ok[i].text, &err, &end);

		ck_assert_msg(!err, "%s: error %d", ok[i].text, err);
		ck_assert_msg(v == ok[i].value, "%s: %" PRIu64, ok[i].text, v);
		ck_assert_msg(end == ok[i].end, "%s: end %zu", ok[i].text, end);
	}
	for (i = 0; i < sizeof(overflow) / sizeof(overflow[0]); i++) {
		number(overflow[i], &err, &end);
		ck_assert_msg(err == CMA_CL_OVERFLOW, "%s: %d", overflow[i], err);
		ck_assert_uint_eq(end, strlen(overflow[i]));
	}
	number("09", &err, &end);
	ck_assert_int_eq(err, CMA_CL_OCTAL);
	ck_assert_uint_eq(end, 1);
	number("M", &err, &end);
	ck_assert_int_eq(err, CMA_CL_UNEXPECTED);
	number("", &err, &end);
	ck_assert_int_eq(err, CMA_CL_UNEXPECTED);
}
END_TEST

START_TEST(number_never_reads_past_end)
{
	/* "12M" with the end at 2: the M is not ours to read. */
	uint64_t v = 0;
	size_t pos = 0;

	ck_assert_int_eq(cma_cl_parse_number("12M", &pos, 2, &v), 0);
	ck_assert_uint_eq(v, 12);
	ck_assert_uint_eq(pos, 2);
	/* "0x" then a hex digit beyond the end: octal 0, not hex. */
	pos = 0;
	ck_assert_int_eq(cma_cl_parse_number("0x5", &pos, 2, &v), 0);
	ck_assert_uint_eq(v, 0);
	ck_assert_uint_eq(pos, 1);
}
END_TEST

START_TEST(documentation_examples)
{
	EXPECT("cma=c=10M cma_map=camera=c",
	       "Pcma=4+5 Pmap=18+8 Rc=10485760[4+5] { pcamera tc }[18+8]");
	EXPECT("cma=r=20M cma_map=video,camera=r",
	       "Pcma=4+5 Pmap=18+14 Rr=20971520[4+5] { pvideo pcamera tr "
	       "}[18+14]");
	EXPECT("cma=r=30M:na cma_map=video,camera=r",
	       "Pcma=4+8 Pmap=21+14 Rr=31457280:na[4+8] { pvideo pcamera "
	       "tr }[21+14]");
	EXPECT("cma=r=64M cma_map=foo/*=r",
	       "Pcma=4+5 Pmap=18+7 Rr=67108864[4+5] { pfoo/* tr }[18+7]");
	EXPECT("cma=r1=64M@512M/1M:foo(bar);r2=64M/1M;r3=64M@512M:foo "
	       "cma_map=foo=r1;foo/quaz=r2;foo/*=r3;bar/*=r1,r2;baz?/a*,baz?/b*=r3",
	       "Pcma=4+49 Pmap=62+58 "
	       "Rr1=67108864@536870912/1048576:foo(bar)[4+23] "
	       "Rr2=67108864/1048576[28+9] Rr3=67108864@536870912:foo[38+15] "
	       "{ pfoo tr1 }[62+6] { pfoo/quaz tr2 }[69+11] "
	       "{ pfoo/* tr3 }[81+8] { pbar/* tr1 tr2 }[90+11] "
	       "{ pbaz?/a* pbaz?/b* tr3 }[102+18]");
}
END_TEST

START_TEST(comma_between_regions)
{
	/* Reported, then read as ';' so that both regions are known. */
	EXPECT("cma=v=20M,c=20M",
	       "Pcma=4+11 Ecomma:4@9+1 Rv=20971520![4+5] "
	       "Rc=20971520[10+5]");
	EXPECT("cma=a=32M@0,b=32M@512M",
	       "Pcma=4+18 Ecomma:6@11+1 Ra=33554432@0![4+7] "
	       "Rb=33554432@536870912[12+10]");
}
END_TEST

START_TEST(kind_inherits_device)
{
	EXPECT("cma_map=foo=r;/quaz=r2;/a,/b=r",
	       "Pmap=8+22 { pfoo tr }[8+5] { pfoo/quaz^ tr2 }[14+8] { "
	       "pfoo/a^ pfoo/b^ tr }[23+7]");
	EXPECT("cma_map=/k=r;x=r",
	       "Pmap=8+8 { p/k?! tr }[8+4] { px tr }[13+3]");
}
END_TEST

START_TEST(last_parameter_wins)
{
	EXPECT("cma=a=1M quiet cma=b=2M",
	       "Pcma!=4+4 Pcma=19+4 Rb=2097152[19+4]");
	/* The kernel takes '-' and '_' alike in parameter names. */
	EXPECT("cma-map=x=r",
	       "Pmap=8+3 { px tr }[8+3]");
	/* After a bare "--" the arguments are init's. */
	EXPECT("cma=a=1M -- cma=b=2M",
	       "Pcma=4+4 Ra=1048576[4+4]");
	EXPECT("root=/dev/sda1 console=ttyS0",
	       "");
	EXPECT("xcma=a=1M cmap=b",
	       "");
}
END_TEST

START_TEST(kernel_quotes)
{
	EXPECT("\"cma=a=1M\"",
	       "Pcma=5+4 Ra=1048576[5+4]");
	EXPECT("cma=\"a=1M\"",
	       "Pcma=5+4 Ra=1048576[5+4]");
	/* White space inside quotes stays in the value: an error there. */
	EXPECT("cma=\"a=1M; b=2M\"",
	       "Pcma=5+10 Ra=1048576[5+4] Espace:1@10+1");
}
END_TEST

START_TEST(value_cut_by_space)
{
	EXPECT("cma=a=1M/ 4K",
	       "Pcma=4+5 Espace:7@9+0 Ra=1048576/0![4+5]");
	EXPECT("cma_map=a, b=r",
	       "Pmap=8+2 { pa Espace:14@10+0 }![8+1]");
	/* A value at the end of the line simply ends. */
	EXPECT("cma=a=",
	       "Pcma=4+2 Eend:3@6+0 Ra=0![4+2]");
}
END_TEST

START_TEST(region_problems)
{
	EXPECT("cma=my-cam=1M",
	       "Pcma=4+9 Ebadname:1@6+1 Rmy-cam=1048576![4+9]");
	EXPECT("cma==1M",
	       "Pcma=4+3 Eempty:1@4+0");
	EXPECT("cma=a",
	       "Pcma=4+1 Eend:2@5+0 Ra=0![4+1]");
	EXPECT("cma=a=x",
	       "Pcma=4+3 Eunexpected:3@6+1 Ra=0![4+3]");
	EXPECT("cma=a=08M",
	       "Pcma=4+5 Eoctal:3@7+1 Ra=0![4+5]");
	EXPECT("cma=a=16E",
	       "Pcma=4+5 Eoverflow:3@6+3 Ra=0![4+5]");
	EXPECT("cma=a=1M:bf(x;y);b=2M",
	       "Pcma=4+17 Eparamsemi:11@13+1 Ra=1048576:bf(x;y)![4+12] "
	       "Rb=2097152[17+4]");
	EXPECT("cma=a=1M:bf(x",
	       "Pcma=4+9 Eend:11@11+1 Ra=1048576:bf![4+9]");
	EXPECT("cma=a=1M@1M@2M",
	       "Pcma=4+10 Eunexpected:6@11+1 Ra=1048576@1048576![4+10]");
	EXPECT("cma=a=1M:b-f",
	       "Pcma=4+8 Ebadname:9@10+1 Ra=1048576:b-f![4+8]");
	EXPECT("cma=a=1M:bf(x)y",
	       "Pcma=4+11 Eunexpected:12@14+1 Ra=1048576:bf(x)![4+11]");
	EXPECT("cma=a=1M;",
	       "Pcma=4+5 Ra=1048576[4+4]");
	EXPECT("cma=",
	       "Pcma=4+0 Eemptyparam:0@4+0");
	EXPECT("cma",
	       "Pcma=3+0 Enovalue:0@3+0");
}
END_TEST

/* What the 2010 kernel reads sensibly: warned of, read on, not broken. */
START_TEST(lenient_problems)
{
	EXPECT("cma=r_1=1M",
	       "Pcma=4+6 Eunderscore:1@5+1 Rr_1=1048576[4+6]");
	EXPECT("cma=a=1M@/0:bf",
	       "Pcma=4+10 Eemptynumber:5@8+1 Ezeroalign:7@10+1 Ra=1048576:bf[4+10]");
	EXPECT("cma=a=1M/;b=1M",
	       "Pcma=4+10 Eemptynumber:7@8+1 Ra=1048576[4+5] Rb=1048576[10+4]");
	EXPECT("cma_map=/=c",
	       "Pmap=8+3 { Eemptykind:15@8+1 p?! tc }[8+3]");
}
END_TEST

START_TEST(map_problems)
{
	EXPECT("cma_map=ca*m=c",
	       "Pmap=8+6 { Estar:14@10+1 pca*m tc }![8+6]");
	EXPECT("cma_map=,x=c",
	       "Pmap=8+4 { Eempty:14@8+0 px tc }![8+4]");
	EXPECT("cma_map=x/=c",
	       "Pmap=8+4 { Eemptykind:15@9+1 px tc }[8+4]");
	EXPECT("cma_map=x=",
	       "Pmap=8+2 { px Eempty:17@10+0 }![8+2]");
	EXPECT("cma_map=x=a,,b",
	       "Pmap=8+6 { px ta Eempty:17@12+0 tb }![8+6]");
	EXPECT("cma_map=x",
	       "Pmap=8+1 { px Eend:16@9+0 }![8+1]");
	EXPECT("cma_map=x/a/b=c",
	       "Pmap=8+7 { Eunexpected:15@11+1 }![8+7]");
	EXPECT("cma_map=x=c=d;y=e",
	       "Pmap=8+9 { px tc Eunexpected:18@11+1 }![8+5] { py te "
	       "}[14+3]");
	EXPECT("cma_map=x=c-1",
	       "Pmap=8+5 { px Ebadname:17@11+1 tc-1 }![8+5]");
	EXPECT("cma_map=",
	       "Pmap=8+0 Eemptyparam:13@8+0");
}
END_TEST

/* Every prefix of every case: the reader must stop at the end it is given. */
START_TEST(never_reads_past_the_end)
{
	static const char *const lines[] = {
		"cma=r1=64M@512M/1M:foo(bar);r2=64M/1M cma_map=foo=r1;/q*=r2",
		"cma=\"a=0x1fK:bf(x;y\" cma_map=\"a?,/b=a,b\"",
	};
	size_t i, n;

	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		for (n = 0; n <= strlen(lines[i]); n++) {
			/* A copy of exactly n bytes: ASan sees any over-read. */
			char *copy = malloc(n ? n : 1);

			memcpy(copy, lines[i], n);
			log_buf[0] = '\0';
			text = copy;
			cma_cl_read_cmdline(copy, n, false, &ops, NULL);
			free(copy);
		}
	}
}
END_TEST

static int stop_at_first(void *priv, const struct cma_cl_region *r)
{
	(*(int *)priv)++;
	return 7;
}

START_TEST(callback_stops_reading)
{
	struct cma_cl_ops stop = { .region = stop_at_first };
	int calls = 0;

	ck_assert_int_eq(cma_cl_read_cmdline("cma=a=1M;b=2M", 13, false, &stop, &calls),
			 7);
	ck_assert_int_eq(calls, 1);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("cmdline");
	TCase *tc = tcase_create("reader");

	tcase_add_test(tc, numbers_as_memparse);
	tcase_add_test(tc, number_never_reads_past_end);
	tcase_add_test(tc, documentation_examples);
	tcase_add_test(tc, comma_between_regions);
	tcase_add_test(tc, kind_inherits_device);
	tcase_add_test(tc, last_parameter_wins);
	tcase_add_test(tc, kernel_quotes);
	tcase_add_test(tc, value_cut_by_space);
	tcase_add_test(tc, region_problems);
	tcase_add_test(tc, map_problems);
	tcase_add_test(tc, lenient_problems);
	tcase_add_test(tc, never_reads_past_the_end);
	tcase_add_test(tc, callback_stops_reading);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
