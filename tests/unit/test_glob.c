/*
 * The pattern analysis behind -Wshadowed-rule: hand-picked cases, then
 * thousands of random pattern sets checked against brute force over every
 * request up to a length where all longer ones behave alike.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "unit.h"
#include "glob.h"

static struct pattern pat(const char *dev, const char *kind)
{
	struct pattern p;

	memset(&p, 0, sizeof(p));
	p.dev = (char *)dev;
	p.kind = (char *)kind;
	return p;
}

static bool covered_within(struct pattern t, const struct pattern *c,
			   size_t n, size_t *budget)
{
	const struct pattern *ptrs[32];
	size_t i;

	for (i = 0; i < n; i++)
		ptrs[i] = &c[i];
	return pattern_covered(&t, ptrs, n, budget);
}

static bool covered_by(struct pattern t, const struct pattern *c, size_t n)
{
	size_t budget = (size_t)-1;

	return covered_within(t, c, n, &budget);
}

START_TEST(glob_matching)
{
	struct glob g = glob_of("cam?ra*");

	ck_assert(glob_match(&g, "camera"));
	ck_assert(glob_match(&g, "camXra0"));
	ck_assert(!glob_match(&g, "camra"));
	g = glob_of(NULL);
	ck_assert(glob_match(&g, ""));
	ck_assert(!glob_match(&g, "a"));
	g = glob_of("*");
	ck_assert(glob_match(&g, ""));
	ck_assert(glob_match(&g, "anything"));
	g = glob_of("a?");
	ck_assert(!glob_match(&g, "a"));
	ck_assert(!glob_match(&g, "abc"));
}
END_TEST

START_TEST(overlap)
{
	struct glob a = glob_of("ab*"), b = glob_of("a?c"), c = glob_of("b*");
	struct glob d = glob_of("a"), e = glob_of("a?");

	ck_assert(glob_overlap(&a, &b));
	ck_assert(!glob_overlap(&a, &c));
	ck_assert(!glob_overlap(&d, &e));
	ck_assert(glob_overlap(&e, &a));
}
END_TEST

START_TEST(simple_shadowing)
{
	struct pattern all = pat("*", "*");
	struct pattern foo_any = pat("foo", "*");
	struct pattern foo_a = pat("foo", "a*"), foo_b = pat("foo", "b*");
	struct pattern pair[2] = { pat("foo", "a*"), pat("foo", "b*") };

	/* Any device with any kind takes every request, no kind too. */
	ck_assert(covered_by(pat("camera", NULL), &all, 1));
	ck_assert(covered_by(pat("cam?", "x"), &all, 1));
	/* DEV alone matches only the NULL kind: it does not cover DEV/x. */
	struct pattern foo_none = pat("foo", NULL);

	ck_assert(!covered_by(pat("foo", "x"), &foo_none, 1));
	ck_assert(covered_by(foo_none, &foo_any, 1));
	/* a* and b* together still leave kind "c" and the NULL kind. */
	ck_assert(!covered_by(foo_any, pair, 2));
	ck_assert(covered_by(pat("foo", "ab"), pair, 2));
	ck_assert(!covered_by(foo_a, &foo_b, 1));
	/* An orphan "/kind" matches nothing, so it is covered by anything. */
	ck_assert(covered_by(pat(NULL, "x"), NULL, 0));
	ck_assert(!covered_by(pat("x", NULL), NULL, 0));
}
END_TEST

START_TEST(union_coverage)
{
	/* "a*" is "a" or "a" and at least one more: neither alone covers it. */
	struct pattern halves[2] = { pat("a", NULL), pat("a?*", "*") };
	struct pattern kinds[3] = { pat("a", "x*"), pat("a", "?*"),
				    pat("a", NULL) };

	ck_assert(covered_by(pat("a*", NULL), halves, 2));
	ck_assert(!covered_by(pat("a*", NULL), halves, 1));
	ck_assert(!covered_by(pat("a*", NULL), halves + 1, 1));
	/* The kinds needed depend on which device matched. */
	ck_assert(!covered_by(pat("a*", "k"), halves, 2));
	ck_assert(covered_by(pat("ab*", "k"), halves, 2));
	/* Every kind: the empty one from "a", the rest from "a/?*". */
	ck_assert(covered_by(pat("a", "*"), kinds + 1, 2));
	ck_assert(!covered_by(pat("a", "*"), kinds, 2));
}
END_TEST

/* A tiny random generator, the same on every machine. */
static unsigned long seed = 12345;

static unsigned int rnd(unsigned int n)
{
	seed = seed * 6364136223846793005UL + 1442695040888963407UL;
	return (unsigned int)(seed >> 33) % n;
}

/* A random pattern over "ab?" of length 0..3, maybe with a final '*'. */
static void random_glob(char *out, bool allow_empty)
{
	static const char alphabet[] = "ab?";
	unsigned int len = rnd(4), i;

	if (!len && !allow_empty)
		len = 1;
	for (i = 0; i < len; i++)
		out[i] = alphabet[rnd(3)];
	if (rnd(3) == 0)
		out[i++] = '*';
	out[i] = '\0';
}

/*
 * Every string over "abc" ('c' stands for any other character) up to
 * length 4: patterns have at most 3 characters before their '*', so every
 * longer string behaves as one of length 4.
 */
static int all_strings(char strs[][8])
{
	int n = 0, len, k;

	for (len = 0; len <= 4; len++) {
		int count = 1;

		for (k = 0; k < len; k++)
			count *= 3;
		for (k = 0; k < count; k++) {
			int v = k, i;

			for (i = 0; i < len; i++, v /= 3)
				strs[n][i] = "abc"[v % 3];
			strs[n][len] = '\0';
			n++;
		}
	}
	return n;
}

static bool request_matches(const struct pattern *p, const char *dev,
			    const char *kind)
{
	struct glob d, k;

	if (!p->dev)
		return false;
	d = glob_of(p->dev);
	k = glob_of(p->kind);
	return glob_match(&d, dev) && glob_match(&k, kind);
}

START_TEST(random_against_brute_force)
{
	static char strs[128][8];
	char texts[8][2][8];
	struct pattern ps[8];
	int nstr = all_strings(strs), round, agreed_covered = 0;

	for (round = 0; round < 3000; round++) {
		int n = 1 + rnd(5), i, d, k;
		bool brute = true, fast;

		for (i = 0; i < n; i++) {
			random_glob(texts[i][0], false);
			random_glob(texts[i][1], true);
			ps[i] = pat(texts[i][0],
				    rnd(3) ? texts[i][1] : NULL);
			if (ps[i].kind && !ps[i].kind[0])
				ps[i].kind = "*";
		}
		/* Is ps[n-1] covered by ps[0..n-2]? */
		for (d = 0; brute && d < nstr; d++) {
			for (k = 0; brute && k < nstr; k++) {
				bool any = false;

				if (!request_matches(&ps[n - 1], strs[d], strs[k]))
					continue;
				for (i = 0; i < n - 1 && !any; i++)
					any = request_matches(&ps[i], strs[d], strs[k]);
				brute = any;
			}
		}
		fast = covered_by(ps[n - 1], ps, n - 1);
		ck_assert_msg(fast == brute, "round %d: %s/%s covered: %d, brute %d",
			      round, ps[n - 1].dev,
			      ps[n - 1].kind ? ps[n - 1].kind : "(none)", fast,
			      brute);
		agreed_covered += brute;
	}
	/* The generator must reach both answers often to mean anything. */
	ck_assert_int_gt(agreed_covered, 100);
	ck_assert_int_lt(agreed_covered, 2900);
}
END_TEST

/*
 * "xa*", "x?a*", "x??a*"... make the walk tell 2^12 sets of candidates
 * apart; "x" and "x?*" together (neither alone) cover "x*".  The answer is
 * exact with the work to spare, and false (no warning) when the budget
 * runs out, which leaves it spent.
 */
START_TEST(work_budget)
{
	static char texts[12][20];
	struct pattern ps[14];
	size_t budget = (size_t)-1, little = 10000;
	int i;

	for (i = 0; i < 12; i++) {
		texts[i][0] = 'x';
		memset(texts[i] + 1, '?', i);
		strcpy(texts[i] + 1 + i, "a*");
		ps[i] = pat(texts[i], NULL);
	}
	ps[12] = pat("x", NULL);
	ps[13] = pat("x?*", NULL);
	ck_assert(covered_within(pat("x*", NULL), ps, 14, &budget));
	ck_assert_uint_gt((size_t)-1 - budget, 10000);
	ck_assert(!covered_within(pat("x*", NULL), ps, 14, &little));
	ck_assert_uint_eq(little, 0);
	/* One rule covering alone costs nothing. */
	ck_assert(covered_within(pat("xa", NULL), ps, 1, &little));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("glob");
	TCase *tc = tcase_create("patterns");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, glob_matching);
	tcase_add_test(tc, overlap);
	tcase_add_test(tc, simple_shadowing);
	tcase_add_test(tc, union_coverage);
	tcase_add_test(tc, random_against_brute_force);
	tcase_add_test(tc, work_budget);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
