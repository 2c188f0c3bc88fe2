// SPDX-License-Identifier: GPL-2.0-or-later
/* The replay engine of --simulate and --suggest's search (replay.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../runtime/allocator.h"
#include "replay.h"

const char *errno_name(int err)
{
	return err == ENOMEM ? "ENOMEM" : err == ENOENT ? "ENOENT" :
	       err == EINVAL ? "EINVAL" : err == EOVERFLOW ? "EOVERFLOW" :
	       "error";
}

static int region_of(const struct replay *rp, uint64_t addr)
{
	unsigned int lo = 0, hi = rp->nregions;

	while (lo < hi) {	/* the last region starting at or below addr */
		unsigned int mid = lo + (hi - lo) / 2;

		if (rp->by_start[mid].start <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? (int)rp->by_start[lo - 1].k : -1;
}

static int by_start(const void *a, const void *b)
{
	const struct region_start *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static double x_of(const struct replay *rp, size_t i)
{
	return rp->t->timed ? rp->t->events[i].time : (double)(i + 1);
}

/* After event i changed region k: its state, into the stats. */
static void measure(struct replay *rp, unsigned int k, size_t i)
{
	struct region_stats *st = &rp->st[k];
	struct cma_region_state s;
	uint64_t used;

	cma_ctx_region_state(rp->ctx, k, &s);
	used = s.size - s.free_bytes;
	if (i == (size_t)-1)
		goto sample;	/* the start: nothing to count yet */
	if (used > st->peak_used)
		st->peak_used = used;
	if (st->asked > st->peak_asked)
		st->peak_asked = st->asked;
	if (s.chunks > st->peak_chunks)
		st->peak_chunks = s.chunks;
	if (s.free_bytes &&
	    (double)s.largest_free / (double)s.free_bytes < st->worst) {
		st->worst = (double)s.largest_free / (double)s.free_bytes;
		st->worst_event = i;
		st->worst_free = s.free_bytes;
		st->worst_largest = s.largest_free;
	}
sample:
	if (rp->samples) {
		VEC_RESERVE(st->samples, st->nsamples, st->samples_cap);
		st->samples[st->nsamples].x = i == (size_t)-1 ?
			(rp->t->timed ? rp->t->events[0].time : 0) : x_of(rp, i);
		st->samples[st->nsamples].used = used;
		st->samples[st->nsamples++].largest = s.largest_free;
	}
}

static void fail(struct replay *rp, size_t i, int err)
{
	const struct trace_event *ev = &rp->t->events[i];
	struct failure *f;
	size_t j;

	if (err == ENOMEM && !rp->same && rp->first_miss == (size_t)-1)
		rp->first_miss = i;
	if (!rp->detail)
		return;
	VEC_RESERVE(rp->failures, rp->nfailures, rp->failures_cap);
	f = &rp->failures[rp->nfailures++];
	f->event = i;
	f->err = err;
	f->tried_from = rp->ntried;
	f->ntried = 0;
	if (err != ENOMEM || ev->rule < 0)
		return;
	for (j = 0; j < rp->c->policy.rules[ev->rule].ntargets; j++) {
		long k = rp->c->policy.rules[ev->rule].targets[j].region;
		struct cma_region_state s;

		cma_ctx_region_state(rp->ctx, (unsigned int)k, &s);
		VEC_RESERVE(rp->tried, rp->ntried, rp->tried_cap);
		rp->tried[rp->ntried].region = k;
		rp->tried[rp->ntried].free_bytes = s.free_bytes;
		rp->tried[rp->ntried++].largest = s.largest_free;
		f->ntried++;
	}
}

/* Which place region k has in the fallback list of the rule. */
static size_t choice(const struct policy *p, long rule, unsigned int k)
{
	size_t j;

	for (j = 0; rule >= 0 && j < p->rules[rule].ntargets; j++)
		if (p->rules[rule].targets[j].region == (long)k)
			return j;
	return 0;
}

/*
 * libcma answers -ENOMEM both when no region has room, which the replay
 * reports, and when it could not get memory of its own (and may then
 * have tried the next region), which ends cmacc as every allocation
 * failure does.  Only a failed allocation sets errno to ENOMEM.
 */
static void check_replay_memory(void)
{
	if (errno == ENOMEM)
		out_of_memory(0);
}

static void replay_event(struct replay *rp, size_t i)
{
	const struct trace_event *ev = &rp->t->events[i];
	struct sim_chunk *ch = &rp->chunks[ev->id];
	unsigned long addr;
	int k;

	if (ev->op == TRACE_ALLOC) {
		errno = 0;
		addr = cma_ctx_alloc(rp->ctx, ev->dev, ev->kind, ev->size,
				     ev->align);
		check_replay_memory();
		ch->region = -1;
		if (CMA_IS_ERR_VALUE(addr)) {
			if (rp->same && rp->same[i] >= 0)
				rp->first_miss = i;
			fail(rp, i, -(int)(long)addr);
			return;
		}
		k = region_of(rp, addr);
		ch->addr = addr;
		ch->asked = ev->size;
		ch->region = k;
		if (rp->same && rp->same[i] >= 0 && rp->same[i] != k)
			rp->first_miss = i;
		if (!rp->detail)
			return;
		rp->served_by[i] = k;
		rp->st[k].served++;
		if (choice(&rp->c->policy, ev->rule, k))
			rp->st[k].fallback++;
		rp->st[k].asked += ev->size;
		measure(rp, k, i);
		return;
	}
	if (ch->region < 0)
		return;		/* the replay never had this chunk */
	if (ev->op == TRACE_GET) {
		cma_ctx_get(rp->ctx, ch->addr);
		return;
	}
	if (cma_ctx_put(rp->ctx, ch->addr) != 1)
		return;
	k = ch->region;
	ch->region = -1;
	if (!rp->detail)
		return;
	rp->st[k].asked -= ch->asked;
	measure(rp, k, i);
}

void replay_free(struct replay *rp)
{
	unsigned int k;

	for (k = 0; rp->st && k < rp->nregions; k++)
		free(rp->st[k].samples);
	cma_ctx_destroy(rp->ctx);
	free(rp->by_start);
	free(rp->state);
	free(rp->chunks);
	free(rp->st);
	free(rp->failures);
	free(rp->tried);
	free(rp->served_by);
	free(rp->error);
	memset(rp, 0, sizeof(*rp));
}

int replay(struct replay *rp, const struct compilation *c,
	   const struct trace *t, const int *same, bool detail, bool samples)
{
	const struct policy *p = &c->policy;
	struct cma_ctx_bank *banks = xcalloc(p->nbanks, sizeof(*banks));
	struct cma_ctx_config cfg = { banks, 0 };
	struct strbuf table = { 0 };
	unsigned int k;
	size_t i;
	int ret;

	memset(rp, 0, sizeof(*rp));
	rp->c = c;
	rp->t = t;
	rp->detail = detail;
	rp->same = same;
	rp->samples = samples;
	rp->first_miss = (size_t)-1;
	for (i = 0; i < p->nbanks; i++)
		if (p->banks[i].has_base && p->banks[i].has_size) {
			banks[cfg.nbanks].start = p->banks[i].base;
			banks[cfg.nbanks++].size = p->banks[i].size;
		}
	if (emit_table(p, &table) < 0) {
		rp->error = xstrdup("the policy is too large for a table");
		ret = -1;
	} else {
		errno = 0;
		ret = cma_ctx_from_table_config(&rp->ctx, table.buf, table.len,
						&cfg);
		check_replay_memory();
		if (ret)
			rp->error = xstrdup(cma_ctx_error());
	}
	sb_free(&table);
	free(banks);
	if (ret)
		return -1;
	rp->nregions = cma_ctx_region_count(rp->ctx);
	rp->state = xcalloc(rp->nregions, sizeof(*rp->state));
	rp->by_start = xcalloc(rp->nregions, sizeof(*rp->by_start));
	rp->st = xcalloc(rp->nregions, sizeof(*rp->st));
	rp->chunks = xcalloc(t->ids.n, sizeof(*rp->chunks));
	if (detail) {
		rp->served_by = xcalloc(t->nevents, sizeof(*rp->served_by));
		for (i = 0; i < t->nevents; i++)
			rp->served_by[i] = -1;
	}
	for (k = 0; k < rp->nregions; k++) {
		cma_ctx_region_state(rp->ctx, k, &rp->state[k]);
		rp->by_start[k].start = rp->state[k].start;
		rp->by_start[k].k = k;
		rp->st[k].worst = 2;
		rp->st[k].worst_event = (size_t)-1;
		if (samples)
			measure(rp, k, (size_t)-1);
	}
	qsort(rp->by_start, rp->nregions, sizeof(*rp->by_start), by_start);
	for (i = 0; i < t->nevents; i++) {
		replay_event(rp, i);
		if (!detail && rp->first_miss != (size_t)-1)
			break;
	}
	return 0;
}

/* --suggest's question: does region k of this size (and allocator) do? */
struct probe {
	struct compilation *c;
	const struct trace *t;
	const int *same;	/* NULL: the whole trace is to be served */
	size_t k;
	const char *alloc;	/* NULL: the policy's own */
	size_t replays;
};

/* 1: the replay misses nothing; 0: it does; -1: no context. */
static int serves(struct probe *pb, uint64_t size)
{
	struct region *r = &pb->c->policy.regions[pb->k];
	uint64_t old_size = r->size;
	char *old_alloc = r->alloc, *old_params = r->params;
	struct replay rp;
	int ret;

	r->size = size;
	if (pb->alloc) {
		r->alloc = (char *)pb->alloc;
		r->params = NULL;	/* its own defaults */
	}
	ret = replay(&rp, pb->c, pb->t, pb->same, false, false);
	if (!ret)
		ret = rp.first_miss == (size_t)-1;
	replay_free(&rp);
	r->size = old_size;
	r->alloc = old_alloc;
	r->params = old_params;
	pb->replays++;
	return ret;
}

/*
 * The smallest multiple of step that serves the trace, found so that it
 * serves and one step less does not; 0 when no size up to 2^62 does.  A
 * size above now's that no context can be built with (the memory cannot
 * hold it) bounds the search from above, like one that serves: doubling
 * a coarse step's size past the memory must not end the search there.
 */
static uint64_t smallest(struct probe *pb, uint64_t now, uint64_t step)
{
	uint64_t lo = 0, hi = (now + step - 1) / step * step;
	int ok = serves(pb, hi);

	while (!ok) {
		if (hi > ((uint64_t)1 << 62))
			return 0;
		lo = hi;
		hi *= 2;
		ok = serves(pb, hi);
	}
	if (ok < 0 && hi <= now)	/* now's own policy cannot be built */
		return 0;
	while (hi - lo > step) {
		uint64_t mid = lo + (hi - lo) / step / 2 * step;
		int r = serves(pb, mid);

		if (r > 0 || (r < 0 && mid > now)) {
			hi = mid;
			ok = r;
		} else {
			lo = mid;
		}
	}
	return ok > 0 ? hi : 0;
}

void suggest(struct compilation *c, const struct trace *t,
		    const int *same, uint64_t step, struct suggestions *out)
{
	struct policy *p = &c->policy;
	uint64_t *old = xcalloc(p->nregions, sizeof(*old));
	struct probe pb = { c, t, NULL, 0, NULL, 0 };
	const struct cma_allocator *other;
	struct replay rp;
	unsigned int a;
	size_t k;

	out->s = xcalloc(p->nregions, sizeof(*out->s));
	out->step = step;
	for (k = 0; k < p->nregions; k++) {
		struct suggestion *sg = &out->s[k];
		const struct cma_allocator *mine =
			cma_allocator_find(p->regions[k].alloc);

		region_size(&p->regions[k], p->page_size, &sg->now);
		pb.k = k;
		pb.alloc = NULL;
		pb.same = NULL;
		sg->any = smallest(&pb, sg->now, step);
		pb.same = same;
		sg->own = smallest(&pb, sg->now, step);
		for (a = 0; (other = cma_allocator_at(a)) != NULL; a++) {
			uint64_t size;

			if (other == mine)
				continue;
			pb.alloc = other->name;
			size = smallest(&pb, sg->now, step);
			if (size && (!sg->own || size < sg->own) &&
			    (!sg->alt || size < sg->alt_size)) {
				sg->alt = other->name;
				sg->alt_size = size;
			}
		}
	}
	for (k = 0; k < p->nregions; k++) {
		old[k] = p->regions[k].size;
		if (out->s[k].own)
			p->regions[k].size = out->s[k].own;
	}
	out->served = !replay(&rp, c, t, same, false, false) &&
		      rp.first_miss == (size_t)-1;
	out->fails = rp.first_miss;
	replay_free(&rp);
	for (k = 0; k < p->nregions; k++)
		p->regions[k].size = old[k];
	out->replays = pb.replays + 1;
	free(old);
}
