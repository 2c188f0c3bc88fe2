// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include "match.h"

bool cma_glob_match(const char *p, const char *s)
{
	for (; *p; p++, s++) {
		if (*p == '*' && !p[1])
			return true;
		if (!*s || (*p != '?' && *p != *s))
			return false;
	}
	return !*s;
}

bool cma_pattern_match(const char *pat_dev, const char *pat_kind,
		       const char *dev, const char *kind)
{
	if (!pat_dev || !cma_glob_match(pat_dev, dev))
		return false;
	if (!kind)
		kind = "";
	return pat_kind ? cma_glob_match(pat_kind, kind) : !*kind;
}
