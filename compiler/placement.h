/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef CMACC_PLACEMENT_H
#define CMACC_PLACEMENT_H

#include <stdbool.h>
#include <stdint.h>

#include "model.h"

struct placement {
	uint64_t start, last;	/* when known */
	bool known;		/* where it lies is the board's, worth telling */
	bool fixed;		/* the region gives its own start */
	bool tried;		/* placed by the runtime's rule */
	bool fits;		/* and it found room */
};

/*
 * One placement per region of p (free() the array).  Regions without a
 * start are placed as libcma places them, in the declared banks or, with
 * none, in the whole address space; their place is known, worth telling,
 * only when p declares banks.
 */
struct placement *policy_placement(const struct policy *p);

#endif
