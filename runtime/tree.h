/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * An intrusive AA tree (Andersson's balanced binary tree) keyed by pairs
 * of 64-bit numbers, ordered first by a then by b.  Keys are unique.
 * Search, insert and delete are O(log n) in the worst case; the depth of
 * the recursion is at most 2 log2(n + 1).
 */
#ifndef CMA_TREE_H
#define CMA_TREE_H

#include "cma_env.h"

struct cma_tnode {
	struct cma_tnode *left, *right;
	uint64_t a, b;
	unsigned int level;
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
/* Hands every node to release, in no particular order; the tree is gone. */
void cma_tree_drain(struct cma_tnode *root,
		    void (*release)(struct cma_tnode *n));
struct cma_tnode *cma_tree_last(struct cma_tnode *root);

/*
 * An in-order walk up from a key, each step O(1) amortised.  The stack
 * holds a path, at most 2 log2(n + 1) nodes: 64 serve any tree below
 * 2^32 nodes; a deeper one ends the walk early (NULL), never overflows.
 */
#define CMA_TREE_MAX_DEPTH 64

struct cma_titer {
	struct cma_tnode *stack[CMA_TREE_MAX_DEPTH];
	unsigned int depth;
};

/* The node with the smallest key >= (a, b), and a walk from it. */
struct cma_tnode *cma_titer_ceil(struct cma_titer *it, struct cma_tnode *root,
				 uint64_t a, uint64_t b);
/* The node after the last one the walk gave, or NULL. */
struct cma_tnode *cma_titer_next(struct cma_titer *it);

#endif /* CMA_TREE_H */
