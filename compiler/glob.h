/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The pattern language of cma_map=, as sets of strings: '?' is any one
 * character, a final '*' any rest, and a pattern without a kind matches
 * only the empty kind.  Exact answers to "do these overlap?" and "does
 * this union cover that?", for the shadowed-rule check.
 */
#ifndef CMACC_GLOB_H
#define CMACC_GLOB_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

struct glob {
	const char *text;	/* literals and '?' */
	size_t len;
	bool star;		/* a final '*' follows text */
};

/* NULL (no kind) is the pattern that matches only "". */
struct glob glob_of(const char *pattern);

bool glob_match(const struct glob *g, const char *s);
bool glob_overlap(const struct glob *a, const struct glob *b);

/* Does pattern pt take the request (dev, kind)?  kind NULL: none. */
bool pattern_takes(const struct pattern *pt, const char *dev,
		   const char *kind);

/* Does some request match both patterns? */
bool pattern_overlap(const struct pattern *a, const struct pattern *b);

/*
 * Is every request (device, kind) that t matches also matched by one of
 * cands?  Patterns with no device (orphans) match nothing.  The answer
 * spends from *budget (words of work); when that runs out it is false.
 */
bool pattern_covered(const struct pattern *t, const struct pattern *const *cands,
		     size_t n, size_t *budget);

#endif
