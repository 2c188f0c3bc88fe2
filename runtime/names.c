// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The index of names (names.h).  A driver that assumes its compiled-in
 * table valid (table.c) needs none: cmacc refused names defined twice.
 */
#include "names.h"
#include "table.h"

#if CMA_CHECKS_TABLE

cma_cold uint32_t *cma_names_slot(const struct cma_names *x, const char *key,
				  size_t len)
{
	/* FNV-1a: short names spread well, for a few instructions. */
	uint32_t h = 2166136261u, i;
	const char *name;
	size_t k;

	for (k = 0; k < len; k++)
		h = (h ^ (unsigned char)key[k]) * 16777619u;
	for (i = h & x->mask; x->slots[i]; i = (i + 1) & x->mask) {
		name = x->name_of(x->owner, x->slots[i] - 1);
		if (!strncmp(name, key, len) && !name[len])
			break;
	}
	return &x->slots[i];
}

/* Twice the slots, every item filed again by its name. */
static cma_always_inline int grow(struct cma_names *x)
{
	uint32_t *old = x->slots, old_n = old ? x->mask + 1 : 0, i;
	uint32_t n = old_n ? 2 * old_n : 16;
	uint32_t *slots = cma_zalloc((size_t)n * sizeof(*slots));
	const char *name;

	if (!slots)
		return -ENOMEM;
	x->slots = slots;
	x->mask = n - 1;
	for (i = 0; i < old_n; i++) {
		if (!old[i])
			continue;
		name = x->name_of(x->owner, old[i] - 1);
		*cma_names_slot(x, name, strlen(name)) = old[i];
	}
	cma_free(old);
	return 0;
}

cma_cold int cma_names_add(struct cma_names *x, const char *key, size_t len,
			   uint32_t item, uint32_t *filed)
{
	uint32_t *slot;

	if ((!x->slots || 2 * (x->used + 1) > x->mask + 1) && grow(x))
		return -ENOMEM;
	slot = cma_names_slot(x, key, len);
	if (!*slot) {
		*slot = item + 1;
		x->used++;
	}
	*filed = *slot - 1;
	return 0;
}
#endif /* CMA_CHECKS_TABLE */
