/* Shared by the Check unit tests: run a suite, print Check's summary. */
#ifndef UNIT_H
#define UNIT_H

#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/*
 * Runs s and prints Check's summary line; `make check` gives us fd 9 as
 * the terminal (AM_TESTS_FD_REDIRECT), where the line is printed again so
 * that it shows among automake's results.
 */
static inline int unit_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int run, failures = 0, errors = 0, i;
	TestResult **results;

	srunner_run_all(sr, CK_NORMAL);
	run = srunner_ntests_run(sr);
	results = srunner_results(sr);
	for (i = 0; i < run; i++) {
		if (tr_rtype(results[i]) == CK_FAILURE)
			failures++;
		else if (tr_rtype(results[i]) == CK_ERROR)
			errors++;
	}
	free(results);
	if (fcntl(9, F_GETFD) != -1) {
		dprintf(9, "%d%%: Checks: %d, Failures: %d, Errors: %d\n",
			run ? (run - failures - errors) * 100 / run : 0, run,
			failures, errors);
	}
	srunner_free(sr);
	return failures || errors || !run ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif
