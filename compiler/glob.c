// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Coverage of one pattern by a union of others, decided exactly.
 *
 * A pattern is a product of two string sets, devices x kinds, so a union
 * of them covers t when, for every device d that t matches, the kinds of
 * the patterns whose device part matches d cover t's kinds.  We walk the
 * strings of t's device part one position at a time, keeping, for each
 * prefix, the set of candidates that still match it; strings that differ
 * only in characters no pattern names behave alike, so each position needs
 * only the literals the candidates name there plus one "other" character.
 * Every set of candidates reached at a possible end of a device string is
 * then checked the same way over the kinds.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "glob.h"
#include "util.h"
#include "../runtime/match.h"

#define OTHER 256	/* a character that no pattern names */

struct glob glob_of(const char *pattern)
{
	struct glob g = { "", 0, false };

	if (!pattern)
		return g;
	g.text = pattern;
	g.len = strlen(pattern);
	if (g.len && pattern[g.len - 1] == '*') {
		g.len--;
		g.star = true;
	}
	return g;
}

/* The runtime's matcher: what cmacc says of a request is what libcma does. */
bool glob_match(const struct glob *g, const char *s)
{
	return cma_glob_match(g->text, s);
}

bool glob_overlap(const struct glob *a, const struct glob *b)
{
	size_t i, n = a->len < b->len ? a->len : b->len;

	for (i = 0; i < n; i++)
		if (a->text[i] != '?' && b->text[i] != '?' &&
		    a->text[i] != b->text[i])
			return false;
	if (a->len == b->len)
		return true;
	/* The shorter must let the longer's extra characters through. */
	return a->len < b->len ? a->star : b->star;
}

/* Does a match every string b matches? */
static bool glob_covers(const struct glob *a, const struct glob *b)
{
	size_t i;

	if (a->star ? a->len > b->len : b->star || a->len != b->len)
		return false;
	for (i = 0; i < a->len; i++)
		if (a->text[i] != '?' &&
		    (b->text[i] == '?' || a->text[i] != b->text[i]))
			return false;
	return true;
}

bool pattern_takes(const struct pattern *pt, const char *dev,
		   const char *kind)
{
	return cma_pattern_match(pt->dev, pt->kind, dev, kind);
}

bool pattern_overlap(const struct pattern *a, const struct pattern *b)
{
	struct glob ad, bd, ak, bk;

	if (!a->dev || !b->dev)
		return false;
	ad = glob_of(a->dev);
	bd = glob_of(b->dev);
	ak = glob_of(a->kind);
	bk = glob_of(b->kind);
	return glob_overlap(&ad, &bd) && glob_overlap(&ak, &bk);
}

/* Sets of candidates, as bit vectors of a fixed number of words. */
struct sets {
	size_t words;
	uint64_t *bits;
	size_t n, cap;
	size_t *budget;		/* the work the question may still do */
};

static uint64_t *set_at(struct sets *s, size_t i)
{
	return s->bits + i * s->words;
}

static bool set_empty(const uint64_t *v, size_t words)
{
	size_t i;

	for (i = 0; i < words; i++)
		if (v[i])
			return false;
	return true;
}

/* Work is counted in words of candidate sets compared or built. */
static void spend(size_t *budget, size_t words)
{
	*budget = *budget > words ? *budget - words : 0;
}

/* Adds v unless it is there already. */
static void sets_add(struct sets *s, const uint64_t *v)
{
	size_t i;

	spend(s->budget, (s->n + 1) * s->words);
	for (i = 0; i < s->n; i++)
		if (!memcmp(set_at(s, i), v, s->words * sizeof(*v)))
			return;
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 4;
		s->bits = xrealloc(s->bits, s->cap * s->words * sizeof(*v));
	}
	memcpy(set_at(s, s->n++), v, s->words * sizeof(*v));
}

static bool has(const uint64_t *v, size_t i)
{
	return v[i / 64] >> (i % 64) & 1;
}

/* Called with each set of candidates that match one string of the target. */
typedef bool (*visit_fn)(void *arg, const uint64_t *set);

/*
 * Walks the strings of t against the candidates g[0..n); false as soon as
 * visit says false or the budget runs out.
 */
static bool walk(const struct glob *t, const struct glob *g, size_t n,
		 visit_fn visit, void *arg, size_t *budget)
{
	size_t words = (n + 63) / 64, maxlen = t->len, p, i, k;
	struct sets cur = { .words = words, .budget = budget };
	struct sets next = { .words = words, .budget = budget };
	uint64_t *v = xcalloc(words ? words : 1, sizeof(*v));
	bool seen[OTHER + 1], ok = true;
	int chars[OTHER + 1], nchars;

	for (i = 0; i < n; i++) {
		v[i / 64] |= 1ULL << (i % 64);
		if (g[i].len > maxlen)
			maxlen = g[i].len;
	}
	sets_add(&cur, v);
	for (p = 0; ok; p++) {
		if (p == t->len || (t->star && p > t->len)) {
			for (k = 0; ok && k < cur.n; k++) {
				const uint64_t *s = set_at(&cur, k);

				memset(v, 0, words * sizeof(*v));
				for (i = 0; i < n; i++)
					if (has(s, i) &&
					    (g[i].star ? g[i].len <= p :
					     g[i].len == p))
						v[i / 64] |= 1ULL << (i % 64);
				ok = visit(arg, v);
			}
		}
		if (!ok || p > maxlen || (p >= t->len && !t->star))
			break;
		/* The characters that can tell candidates apart here. */
		nchars = 0;
		if (p < t->len && t->text[p] != '?') {
			chars[nchars++] = (unsigned char)t->text[p];
		} else {
			memset(seen, 0, sizeof(seen));
			for (i = 0; i < n; i++) {
				unsigned char c;

				if (g[i].len <= p || g[i].text[p] == '?')
					continue;
				c = g[i].text[p];
				if (!seen[c]) {
					seen[c] = true;
					chars[nchars++] = c;
				}
			}
			/* Every byte but NUL may stand in a name. */
			if (nchars < 255)
				chars[nchars++] = OTHER;
		}
		next.n = 0;
		for (k = 0; k < cur.n; k++) {
			const uint64_t *s = set_at(&cur, k);
			int ci;

			for (ci = 0; ci < nchars; ci++) {
				memset(v, 0, words * sizeof(*v));
				for (i = 0; i < n; i++) {
					if (!has(s, i))
						continue;
					if (g[i].len > p ?
					    g[i].text[p] == '?' ||
					    (unsigned char)g[i].text[p] == chars[ci] :
					    g[i].star)
						v[i / 64] |= 1ULL << (i % 64);
				}
				spend(budget, words);
				sets_add(&next, v);
			}
		}
		if (!*budget)
			ok = false;
		{
			struct sets tmp = cur;

			cur = next;
			next = tmp;
		}
	}
	free(cur.bits);
	free(next.bits);
	free(v);
	return ok;
}

static bool nonempty(void *arg, const uint64_t *set)
{
	return !set_empty(set, *(size_t *)arg);
}

struct cover {
	const struct pattern *const *cands;
	size_t n;
	struct glob target_kind;
	struct glob *kinds;
	struct sets done;	/* device-match sets already shown covered */
};

/* For the candidates S matching some device: do their kinds cover ours? */
static bool kinds_cover(void *arg, const uint64_t *set)
{
	struct cover *c = arg;
	size_t i, m = 0, words, before = c->done.n;

	if (set_empty(set, c->done.words))
		return false;
	sets_add(&c->done, set);
	if (c->done.n == before)
		return true;
	for (i = 0; i < c->n; i++)
		if (has(set, i))
			c->kinds[m++] = glob_of(c->cands[i]->kind);
	words = (m + 63) / 64;
	return walk(&c->target_kind, c->kinds, m, nonempty, &words,
		    c->done.budget);
}

bool pattern_covered(const struct pattern *t, const struct pattern *const *cands,
		     size_t n, size_t *budget)
{
	struct cover c = { .cands = cands, .n = n };
	struct glob dev, *devs;
	size_t i, m = 0;
	const struct pattern **live;
	bool ok;

	if (!t->dev)
		return true;
	dev = glob_of(t->dev);
	c.target_kind = glob_of(t->kind);
	/* Most shadowing is by one rule alone, which needs no walk. */
	for (i = 0; i < n; i++) {
		struct glob d = glob_of(cands[i]->dev);
		struct glob k = glob_of(cands[i]->kind);

		if (cands[i]->dev && glob_covers(&d, &dev) &&
		    glob_covers(&k, &c.target_kind))
			return true;
	}
	live = xcalloc(n, sizeof(*live));
	for (i = 0; i < n; i++)
		if (cands[i]->dev)
			live[m++] = cands[i];
	c.cands = live;
	c.n = m;
	devs = xcalloc(m, sizeof(*devs));
	c.kinds = xcalloc(m, sizeof(*c.kinds));
	c.done.words = (m + 63) / 64;
	c.done.budget = budget;
	for (i = 0; i < m; i++)
		devs[i] = glob_of(live[i]->dev);
	ok = walk(&dev, devs, m, kinds_cover, &c, budget);
	free(c.done.bits);
	free(c.kinds);
	free(devs);
	free(live);
	return ok;
}
