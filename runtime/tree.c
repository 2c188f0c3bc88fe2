// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * AA trees: a red-black tree in which red nodes lean right, so that two
 * operations (skew and split) keep it balanced.
 */
#include "tree.h"

static int cmp(const struct cma_tnode *n, uint64_t a, uint64_t b)
{
	if (a != n->a)
		return a < n->a ? -1 : 1;
	if (b != n->b)
		return b < n->b ? -1 : 1;
	return 0;
}

static unsigned int level(const struct cma_tnode *n)
{
	return n ? n->level : 0;
}

/* A left child on the same level: rotate right. */
static struct cma_tnode *skew(struct cma_tnode *t)
{
	struct cma_tnode *l;

	if (!t || !t->left || t->left->level != t->level)
		return t;
	l = t->left;
	t->left = l->right;
	l->right = t;
	return l;
}

/* Two right children on the same level: rotate left, go up one level. */
static struct cma_tnode *split(struct cma_tnode *t)
{
	struct cma_tnode *r;

	if (!t || !t->right || !t->right->right ||
	    t->right->right->level != t->level)
		return t;
	r = t->right;
	t->right = r->left;
	r->left = t;
	r->level++;
	return r;
}

struct cma_tnode *cma_tree_insert(struct cma_tnode *t, struct cma_tnode *n)
{
	if (!t) {
		n->left = NULL;
		n->right = NULL;
		n->level = 1;
		return n;
	}
	if (cmp(t, n->a, n->b) < 0)
		t->left = cma_tree_insert(t->left, n);
	else
		t->right = cma_tree_insert(t->right, n);
	return split(skew(t));
}

static struct cma_tnode *rebalance(struct cma_tnode *t)
{
	unsigned int should = (level(t->left) < level(t->right) ?
			       level(t->left) : level(t->right)) + 1;

	if (should < t->level) {
		t->level = should;
		if (t->right && should < t->right->level)
			t->right->level = should;
	}
	t = skew(t);
	t->right = skew(t->right);
	if (t->right)
		t->right->right = skew(t->right->right);
	t = split(t);
	t->right = split(t->right);
	return t;
}

struct cma_tnode *cma_tree_remove(struct cma_tnode *t, struct cma_tnode *n)
{
	struct cma_tnode *r;
	int c;

	if (!t)
		return NULL;
	c = cmp(t, n->a, n->b);
	if (c < 0) {
		t->left = cma_tree_remove(t->left, n);
	} else if (c > 0) {
		t->right = cma_tree_remove(t->right, n);
	} else {
		if (!t->left && !t->right)
			return NULL;
		/* Put the nearest neighbour in t's place, keys and all. */
		if (!t->left) {
			r = cma_tree_first(t->right);
			t->right = cma_tree_remove(t->right, r);
		} else {
			r = cma_tree_last(t->left);
			t->left = cma_tree_remove(t->left, r);
		}
		r->left = t->left;
		r->right = t->right;
		r->level = t->level;
		t = r;
	}
	return rebalance(t);
}

struct cma_tnode *cma_tree_ceil(struct cma_tnode *t, uint64_t a, uint64_t b,
				bool strict)
{
	struct cma_tnode *best = NULL;

	while (t) {
		int c = cmp(t, a, b);

		if (c < 0 || (!c && !strict)) {
			best = t;
			if (!c)
				break;
			t = t->left;
		} else {
			t = t->right;
		}
	}
	return best;
}

static bool push(struct cma_titer *it, struct cma_tnode *n)
{
	if (it->depth == CMA_TREE_MAX_DEPTH) {
		it->depth = 0;
		return false;
	}
	it->stack[it->depth++] = n;
	return true;
}

static struct cma_tnode *top(const struct cma_titer *it)
{
	return it->depth ? it->stack[it->depth - 1] : NULL;
}

/* The stack holds, top first, the node given and its greater ancestors. */
struct cma_tnode *cma_titer_ceil(struct cma_titer *it, struct cma_tnode *t,
				 uint64_t a, uint64_t b)
{
	it->depth = 0;
	while (t) {
		int c = cmp(t, a, b);

		if (c <= 0) {
			if (!push(it, t))
				return NULL;
			if (!c)
				break;
			t = t->left;
		} else {
			t = t->right;
		}
	}
	return top(it);
}

struct cma_tnode *cma_titer_next(struct cma_titer *it)
{
	struct cma_tnode *n;

	if (!it->depth)
		return NULL;
	n = it->stack[--it->depth];
	for (n = n->right; n; n = n->left)
		if (!push(it, n))
			return NULL;
	return top(it);
}

struct cma_tnode *cma_tree_floor(struct cma_tnode *t, uint64_t a, uint64_t b)
{
	struct cma_tnode *best = NULL;

	while (t) {
		int c = cmp(t, a, b);

		if (c >= 0) {
			best = t;
			if (!c)
				break;
			t = t->right;
		} else {
			t = t->left;
		}
	}
	return best;
}

void cma_tree_drain(struct cma_tnode *t, void (*release)(struct cma_tnode *n))
{
	while (t) {
		struct cma_tnode *right = t->right;

		cma_tree_drain(t->left, release);
		release(t);
		t = right;
	}
}

struct cma_tnode *cma_tree_first(struct cma_tnode *t)
{
	while (t && t->left)
		t = t->left;
	return t;
}

struct cma_tnode *cma_tree_last(struct cma_tnode *t)
{
	while (t && t->right)
		t = t->right;
	return t;
}
