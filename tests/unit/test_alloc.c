/*
 * The conformance cases (tests/conformance/), each run against every
 * registered allocator where it applies; the kernel self-test runs the
 * same cases in kernel context.
 */
#include "unit.h"
#include "conformance.h"

START_TEST(conformance)
{
	const struct cma_conformance_case *c = &cma_conformance_cases[_i];
	const struct cma_allocator *a;
	unsigned int k;

	for (k = 0; c->per_allocator ? (a = cma_allocator_at(k)) != NULL : !k;
	     k++) {
		const char *err = c->run(c->per_allocator ? a : NULL);

		ck_assert_msg(!err, "%s%s%s: %s", c->name,
			      c->per_allocator ? ", " : "",
			      c->per_allocator ? a->name : "", err);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("allocators");
	TCase *tc = tcase_create("conformance");

	tcase_set_timeout(tc, 300);
	tcase_add_loop_test(tc, conformance, 0, cma_conformance_count);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
