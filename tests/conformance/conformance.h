/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The conformance cases every allocator and every context must pass,
 * written once against the runtime's environment header so that the
 * Check unit test and the kernel self-test run the very same cases.
 */
#ifndef CMA_CONFORMANCE_H
#define CMA_CONFORMANCE_H

#include "../../runtime/allocator.h"

struct cma_conformance_case {
	const char *name;
	/* Run once for each registered allocator, or once with NULL. */
	bool per_allocator;
	/* NULL when it passed, or what went wrong. */
	const char *(*run)(const struct cma_allocator *a);
};

extern const struct cma_conformance_case cma_conformance_cases[];
extern const unsigned int cma_conformance_count;

#endif /* CMA_CONFORMANCE_H */
