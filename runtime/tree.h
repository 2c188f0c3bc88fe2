/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * An intrusive red-black tree keyed by pairs of 64-bit numbers, ordered
 * first by a then by b.  Keys are unique.  Search, insert and remove are
 * O(log n) in the worst case, without recursion; insert rotates at most
 * twice and remove three times; the next node is O(1) amortised.
 */
#ifndef CMA_TREE_H
#define CMA_TREE_H

#include "cma_env.h"

struct cma_tnode {
	struct cma_tnode *left, *right, *parent;
	uint64_t a, b;
	bool red;
};

#define cma_container_of(p, type, member) \
	((type *)((char *)(p) - offsetof(type, member)))

/* Inserts n (its keys set): the new root. */
struct cma_tnode *cma_tree_insert(struct cma_tnode *root, struct cma_tnode *n);
/* Removes n, which is in the tree: the new root. */
struct cma_tnode *cma_tree_remove(struct cma_tnode *root, struct cma_tnode *n);
/* The node with the smallest key >= (a, b), or > (a, b) when strict. */
struct cma_tnode *cma_tree_ceil(struct cma_tnode *root, uint64_t a,
				uint64_t b, bool strict);
/* The node with the largest key <= (a, b). */
struct cma_tnode *cma_tree_floor(struct cma_tnode *root, uint64_t a,
				 uint64_t b);
struct cma_tnode *cma_tree_first(struct cma_tnode *root);
struct cma_tnode *cma_tree_last(struct cma_tnode *root);
/* The node after n in key order, or NULL. */
struct cma_tnode *cma_tree_next(struct cma_tnode *n);
/* Hands every node to release, in no particular order; the tree is gone. */
void cma_tree_drain(struct cma_tnode *root,
		    void (*release)(struct cma_tnode *n));

#endif /* CMA_TREE_H */
