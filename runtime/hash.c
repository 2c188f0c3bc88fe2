// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include "hash.h"

#define MIN_BITS 4

/* Fibonacci hashing: page-aligned keys spread over the top bits. */
static size_t bucket(unsigned int bits, uint64_t key)
{
	return (size_t)((key * 0x9e3779b97f4a7c15ull) >> (64 - bits));
}

cma_cold int cma_hash_init(struct cma_hash *h)
{
	h->count = 0;
	h->bits = MIN_BITS;
	h->buckets = cma_zalloc(sizeof(*h->buckets) << MIN_BITS);
	return h->buckets ? 0 : -ENOMEM;
}

cma_cold void cma_hash_destroy(struct cma_hash *h)
{
	cma_free(h->buckets);
	h->buckets = NULL;
}

static void grow(struct cma_hash *h)
{
	unsigned int bits = h->bits + 1;
	struct cma_hnode **b, *n;
	size_t i;

	if (bits > 32)
		return;
	b = cma_zalloc(sizeof(*b) << bits);
	if (!b)
		return;
	for (i = 0; i < (size_t)1 << h->bits; i++) {
		while ((n = h->buckets[i])) {
			struct cma_hnode **to = &b[bucket(bits, n->key)];

			h->buckets[i] = n->next;
			n->next = *to;
			*to = n;
		}
	}
	cma_free(h->buckets);
	h->buckets = b;
	h->bits = bits;
}

void cma_hash_add(struct cma_hash *h, struct cma_hnode *n)
{
	struct cma_hnode **to;

	if (h->count >> h->bits)
		grow(h);
	to = &h->buckets[bucket(h->bits, n->key)];
	n->next = *to;
	*to = n;
	h->count++;
}

void cma_hash_del(struct cma_hash *h, struct cma_hnode *n)
{
	struct cma_hnode **p = &h->buckets[bucket(h->bits, n->key)];

	while (*p != n)
		p = &(*p)->next;
	*p = n->next;
	h->count--;
}

struct cma_hnode *cma_hash_find(const struct cma_hash *h, uint64_t key)
{
	struct cma_hnode *n = h->buckets[bucket(h->bits, key)];

	while (n && n->key != key)
		n = n->next;
	return n;
}

cma_cold void cma_hash_drain(struct cma_hash *h,
			     void (*release)(struct cma_hnode *n))
{
	struct cma_hnode *n, *next;
	size_t i;

	for (i = 0; i < (size_t)1 << h->bits; i++) {
		for (n = h->buckets[i]; n; n = next) {
			next = n->next;
			release(n);
		}
		h->buckets[i] = NULL;
	}
	h->count = 0;
}
