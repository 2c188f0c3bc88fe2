// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The built-in allocators (allocators.def), by name; the first is the default. */
#include "allocator.h"

static const struct cma_allocator *const builtin[] = {
#define CMA_ALLOCATOR(name) &cma_alloc_##name,
#include "allocators.def"
#undef CMA_ALLOCATOR
};

const struct cma_allocator *cma_allocator_at(unsigned int i)
{
	return i < sizeof(builtin) / sizeof(builtin[0]) ? builtin[i] : NULL;
}

cma_cold const struct cma_allocator *cma_allocator_find(const char *name)
{
	unsigned int i;

	if (!name || !*name)
		return builtin[0];
	for (i = 0; cma_allocator_at(i); i++)
		if (!strcmp(builtin[i]->name, name))
			return builtin[i];
	return NULL;
}
