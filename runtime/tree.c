// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Red-black trees with parent pointers and NULL leaves, after Cormen et
 * al.  They replaced AA trees, whose recursive remove (a second descent
 * for the neighbour, a rebalance at every level) was most of bf's cost.
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

static bool is_red(const struct cma_tnode *n)
{
	return n && n->red;
}

/* Puts child where n was under n's parent (or as the root). */
static void replace(struct cma_tnode **root, struct cma_tnode *n,
		    struct cma_tnode *child)
{
	if (!n->parent)
		*root = child;
	else if (n == n->parent->left)
		n->parent->left = child;
	else
		n->parent->right = child;
	if (child)
		child->parent = n->parent;
}

static void rotate_left(struct cma_tnode **root, struct cma_tnode *x)
{
	struct cma_tnode *y = x->right;

	x->right = y->left;
	if (y->left)
		y->left->parent = x;
	replace(root, x, y);
	y->left = x;
	x->parent = y;
}

static void rotate_right(struct cma_tnode **root, struct cma_tnode *x)
{
	struct cma_tnode *y = x->left;

	x->left = y->right;
	if (y->right)
		y->right->parent = x;
	replace(root, x, y);
	y->right = x;
	x->parent = y;
}

struct cma_tnode *cma_tree_insert(struct cma_tnode *root, struct cma_tnode *n)
{
	struct cma_tnode *p = NULL, *t = root, *g, *u;

	while (t) {
		p = t;
		t = cmp(t, n->a, n->b) < 0 ? t->left : t->right;
	}
	n->parent = p;
	n->left = NULL;
	n->right = NULL;
	n->red = true;
	if (!p)
		root = n;
	else if (cmp(p, n->a, n->b) < 0)
		p->left = n;
	else
		p->right = n;
	/* A red parent has a parent: the root is black. */
	while ((p = n->parent) && p->red) {
		g = p->parent;
		u = p == g->left ? g->right : g->left;
		if (is_red(u)) {
			p->red = false;
			u->red = false;
			g->red = true;
			n = g;
			continue;
		}
		if (p == g->left) {
			if (n == p->right) {
				rotate_left(&root, p);
				p = n;
			}
			rotate_right(&root, g);
		} else {
			if (n == p->left) {
				rotate_right(&root, p);
				p = n;
			}
			rotate_left(&root, g);
		}
		p->red = false;
		g->red = true;
		break;
	}
	root->red = false;
	return root;
}

/* x (maybe NULL) under parent p lacks one black: restore the counts. */
static void remove_fixup(struct cma_tnode **root, struct cma_tnode *x,
			 struct cma_tnode *p)
{
	struct cma_tnode *w;

	while (x != *root && !is_red(x)) {
		if (x == p->left) {
			w = p->right;
			if (w->red) {
				w->red = false;
				p->red = true;
				rotate_left(root, p);
				w = p->right;
			}
			if (!is_red(w->left) && !is_red(w->right)) {
				w->red = true;
				x = p;
				p = x->parent;
				continue;
			}
			if (!is_red(w->right)) {
				w->left->red = false;
				w->red = true;
				rotate_right(root, w);
				w = p->right;
			}
			w->red = p->red;
			p->red = false;
			w->right->red = false;
			rotate_left(root, p);
		} else {
			w = p->left;
			if (w->red) {
				w->red = false;
				p->red = true;
				rotate_right(root, p);
				w = p->left;
			}
			if (!is_red(w->left) && !is_red(w->right)) {
				w->red = true;
				x = p;
				p = x->parent;
				continue;
			}
			if (!is_red(w->left)) {
				w->right->red = false;
				w->red = true;
				rotate_left(root, w);
				w = p->left;
			}
			w->red = p->red;
			p->red = false;
			w->left->red = false;
			rotate_right(root, p);
		}
		x = *root;
	}
	if (x)
		x->red = false;
}

struct cma_tnode *cma_tree_remove(struct cma_tnode *root, struct cma_tnode *n)
{
	struct cma_tnode *x, *p, *y;
	bool removed_red = n->red;

	if (!n->left || !n->right) {
		x = n->left ? n->left : n->right;
		p = n->parent;
		replace(&root, n, x);
	} else {
		/* n's successor y takes n's place and colour. */
		y = cma_tree_first(n->right);
		removed_red = y->red;
		x = y->right;
		if (y->parent == n) {
			p = y;
		} else {
			p = y->parent;
			replace(&root, y, x);
			y->right = n->right;
			y->right->parent = y;
		}
		replace(&root, n, y);
		y->left = n->left;
		y->left->parent = y;
		y->red = n->red;
	}
	if (!removed_red)
		remove_fixup(&root, x, p);
	return root;
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

struct cma_tnode *cma_tree_next(struct cma_tnode *n)
{
	if (n->right)
		return cma_tree_first(n->right);
	while (n->parent && n == n->parent->right)
		n = n->parent;
	return n->parent;
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
