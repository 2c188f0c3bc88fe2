/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * An intrusive hash of nodes keyed by 64-bit addresses, chained, with as
 * many buckets as nodes.  Find, add and remove cost O(1) on average and
 * one or two cache misses, whatever the number of nodes: this is what
 * lets bf and buddy merge a freed chunk with its neighbours at a cost
 * that does not grow with the live set, as a balanced tree's does.
 */
#ifndef CMA_HASH_H
#define CMA_HASH_H

#include "cma_env.h"

struct cma_hnode {
	struct cma_hnode *next;
	uint64_t key;
};

struct cma_hash {
	struct cma_hnode **buckets;
	uint64_t count;
	unsigned int bits;
};

#define cma_container_of(p, type, member) \
	((type *)((char *)(p) - offsetof(type, member)))

/* An empty hash: 0 or -ENOMEM. */
int cma_hash_init(struct cma_hash *h);
/* Frees the buckets; the nodes are the caller's. */
void cma_hash_destroy(struct cma_hash *h);
/*
 * Adds n (its key set).  The buckets double when there are more nodes
 * than buckets; when memory is short they do not, and chains grow, so
 * adding never fails.
 */
void cma_hash_add(struct cma_hash *h, struct cma_hnode *n);
/* Removes n, which is in the hash. */
void cma_hash_del(struct cma_hash *h, struct cma_hnode *n);
/* A node with this key, or NULL. */
struct cma_hnode *cma_hash_find(const struct cma_hash *h, uint64_t key);
/* Hands every node to release, in no particular order; empties h. */
void cma_hash_drain(struct cma_hash *h, void (*release)(struct cma_hnode *n));

#endif /* CMA_HASH_H */
