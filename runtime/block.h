/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The blocks an allocator cuts its region into.  Every block, free or a
 * live chunk, is in one list in address order, so that a freed chunk
 * finds its neighbours beside it with no search; a free block is also in
 * a list of the blocks of its size.  A live chunk's block is the record
 * that alloc hands out and free is given back, and it carries the
 * chunk's references for the framework (ctx.c), so that the framework's
 * index of chunks holds only an address and a record.
 *
 * 48 bytes on 64-bit machines: at 100,000 live chunks the blocks and
 * that index are what a put reads from memory, and what fits the cache
 * decides its cost (bench/HISTORY.md).
 */
#ifndef CMA_BLOCK_H
#define CMA_BLOCK_H

#include "cma_env.h"

struct cma_block {
	struct cma_block *left, *right;	/* beside it in address order */
	uint64_t start, size;
	union {
		struct cma_block *prev;	/* a hole: in its size's list */
		struct {	/* a live chunk: */
			uint32_t refs;	/* the framework's */
			uint32_t tag;	/* its allocator's (bf: the class) */
		};
	};
	struct cma_block *next;		/* a live chunk: itself */
};

static inline bool cma_block_is_hole(const struct cma_block *h)
{
	return h->next != h;
}

/* Marks h a live chunk; filing it in a list makes it a hole again. */
static inline void cma_block_make_chunk(struct cma_block *h)
{
	h->next = h;
}

/* Puts n just after h in the address list at *first (h NULL: first). */
static inline void cma_block_link_after(struct cma_block **first,
					struct cma_block *h,
					struct cma_block *n)
{
	n->left = h;
	n->right = h ? h->right : *first;
	if (n->right)
		n->right->left = n;
	if (h)
		h->right = n;
	else
		*first = n;
}

static inline void cma_block_unlink(struct cma_block **first,
				    struct cma_block *h)
{
	if (h->left)
		h->left->right = h->right;
	else
		*first = h->right;
	if (h->right)
		h->right->left = h->left;
}

/* Frees every block of an address list, and empties it. */
static inline void cma_block_free_all(struct cma_block **first)
{
	struct cma_block *h;

	while ((h = *first)) {
		*first = h->right;
		cma_free(h);
	}
}

/* A list of free blocks, through prev and next. */
static inline void cma_block_push(struct cma_block **list,
				  struct cma_block *h)
{
	h->prev = NULL;
	h->next = *list;
	if (h->next)
		h->next->prev = h;
	*list = h;
}

static inline void cma_block_remove(struct cma_block **list,
				    struct cma_block *h)
{
	if (h->next)
		h->next->prev = h->prev;
	if (h->prev)
		h->prev->next = h->next;
	else
		*list = h->next;
}

#endif /* CMA_BLOCK_H */
