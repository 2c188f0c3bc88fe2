/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Patterns of cma_map=: '?' is any one character, a final '*' any rest. */
#ifndef CMA_MATCH_H
#define CMA_MATCH_H

#include "cma_env.h"

bool cma_glob_match(const char *pattern, const char *s);

/*
 * Does a pattern (device, kind) take a request (dev, kind)?  A pattern
 * with no device takes nothing; with no kind, only requests with none
 * (NULL or ""); a request's NULL kind is "".
 */
bool cma_pattern_match(const char *pat_dev, const char *pat_kind,
		       const char *dev, const char *kind);

#endif /* CMA_MATCH_H */
