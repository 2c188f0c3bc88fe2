/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef CMACC_PLACEMENT_H
#define CMACC_PLACEMENT_H

#include <stdbool.h>
#include <stdint.h>

#include "model.h"

struct placement {
	uint64_t start, last;	/* when known */
	bool known;
	bool fixed;		/* the region gives its own start */
	bool tried;		/* placed in the banks: known says if it fit */
};

/*
 * One placement per region of p (free() the array).  Regions without a
 * start get a place only when p declares memory banks.
 */
struct placement *policy_placement(const struct policy *p);

#endif
