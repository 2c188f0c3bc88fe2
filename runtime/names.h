/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * An index of names, the one string hash table of the runtime and of
 * cmacc: open addressing, kept at most half full.  A slot holds 1 + the
 * number of an item; the items and their names stay with their owner,
 * who says through name_of what item n is called, so the index costs
 * four bytes a slot and a name is never copied.
 */
#ifndef CMA_NAMES_H
#define CMA_NAMES_H

#include "cma_env.h"

typedef const char *cma_name_of(const void *owner, uint32_t item);

struct cma_names {
	cma_name_of *name_of;
	const void *owner;
	uint32_t *slots;
	uint32_t mask;		/* the number of slots less one */
	uint32_t used;
};

/*
 * The slot of key[0, len) (x must hold a name): its item's, or the empty
 * one where it would go.
 */
uint32_t *cma_names_slot(const struct cma_names *x, const char *key,
			 size_t len);

/*
 * Files key[0, len) as item, unless a name equal to it is filed: then
 * *filed is that item's number, else item's.  0, or -ENOMEM.
 */
int cma_names_add(struct cma_names *x, const char *key, size_t len,
		  uint32_t item, uint32_t *filed);

/* The item whose name is key[0, len), or -1. */
static inline long cma_names_find(const struct cma_names *x, const char *key,
				  size_t len)
{
	return x->slots ? (long)*cma_names_slot(x, key, len) - 1 : -1;
}

static inline void cma_names_free(struct cma_names *x)
{
	cma_free(x->slots);
	x->slots = NULL;
	x->mask = x->used = 0;
}

#endif /* CMA_NAMES_H */
