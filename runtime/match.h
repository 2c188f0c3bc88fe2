/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Patterns of cma_map=: '?' is any one character, a final '*' any rest.
 * Inline: the one caller is the request path, matching every alloc.
 */
#ifndef CMA_MATCH_H
#define CMA_MATCH_H

#include "cma_env.h"

static inline bool cma_glob_match(const char *p, const char *s)
{
	/* Equal characters first: most patterns are mostly literal. */
	for (;; p++, s++) {
		if (*p == *s) {
			if (!*p || (*p == '*' && !p[1]))
				return true;
		} else if (*p == '*') {
			return !p[1];
		} else if (*p != '?' || !*s) {
			return false;
		}
	}
}

/*
 * Does a pattern (device, kind) take a request (dev, kind)?  A pattern
 * with no device takes nothing; with no kind, only requests with none
 * (NULL or ""); a request's NULL kind is "".
 */
static inline bool cma_pattern_match(const char *pat_dev, const char *pat_kind,
				     const char *dev, const char *kind)
{
	if (!pat_dev || !cma_glob_match(pat_dev, dev))
		return false;
	if (!kind)
		kind = "";
	return pat_kind ? cma_glob_match(pat_kind, kind) : !*kind;
}

#endif /* CMA_MATCH_H */
