// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * --simulate: a trace replayed through libcma itself, on a context made
 * from the checked policy's table and banks as a board would make it, and
 * what each region went through: peaks, failures and why, fallbacks,
 * fragmentation.  --suggest then searches, with the same replay, each
 * region's smallest size that still serves the whole trace, and the
 * smallest that leaves every request where it is served now.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <cma.h>

#include "../runtime/allocator.h"
#include "json.h"
#include "trace.h"

/* A chunk of the trace, by ID, as the replay has it. */
struct sim_chunk {
	uint64_t addr, asked;
	int region;		/* -1: its alloc failed, or it is not live */
};

struct region_stats {
	uint64_t asked, peak_used, peak_asked, peak_chunks;
	uint64_t served, fallback;
	double worst;		/* the lowest largest hole / free bytes */
	size_t worst_event;	/* (size_t)-1: never measured */
	uint64_t worst_free, worst_largest;
	struct sim_sample *samples;
	size_t nsamples, samples_cap;
};

/* A region a failed request tried, as it was then. */
struct tried {
	long region;
	uint64_t free_bytes, largest;
};

struct failure {
	size_t event;
	int err;
	size_t tried_from, ntried;
};

struct region_start {
	uint64_t start;
	unsigned int k;
};

struct replay {
	const struct compilation *c;
	const struct trace *t;
	bool detail;		/* stats, failures, samples; else stop at a miss */
	/*
	 * NULL: a miss is -ENOMEM.  Else the region that served each alloc
	 * in the policy as it is (-1: none), and a miss is also an alloc
	 * served by another region, or not at all, that was served there.
	 */
	const int *same;
	int *served_by;		/* with detail: that, for this replay */
	bool samples;
	struct cma_ctx *ctx;
	unsigned int nregions;
	struct region_start *by_start;	/* regions in address order */
	struct cma_region_state *state;	/* name, allocator, start, size */
	struct sim_chunk *chunks;
	struct region_stats *st;
	struct failure *failures;
	size_t nfailures, failures_cap;
	struct tried *tried;
	size_t ntried, tried_cap;
	size_t first_miss;	/* the first event that missed, or (size_t)-1 */
	char *error;		/* why no context could be made */
};

static const char *errno_name(int err)
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

static void replay_free(struct replay *rp)
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

/*
 * The whole trace through a new context of the policy as it is now: 0,
 * or -1 with rp->error saying why the policy makes no context.
 */
static int replay(struct replay *rp, const struct compilation *c,
		  const struct trace *t, const int *same, bool detail,
		  bool samples)
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
 * serves and one step less does not; 0 when no size up to 2^62 does.
 */
static uint64_t smallest(struct probe *pb, uint64_t now, uint64_t step)
{
	uint64_t lo = 0, hi = (now + step - 1) / step * step;
	int ok = serves(pb, hi);

	while (ok <= 0) {
		if (ok < 0 || hi > ((uint64_t)1 << 62))
			return 0;
		hi *= 2;
		ok = serves(pb, hi);
	}
	while (hi - lo > step) {
		uint64_t mid = lo + (hi - lo) / step / 2 * step;

		if (serves(pb, mid) > 0)
			hi = mid;
		else
			lo = mid;
	}
	return hi;
}

struct suggestion {
	uint64_t now;
	uint64_t any;		/* the whole trace served; 0: no size does */
	uint64_t own;		/* every request served where it is now */
	const char *alt;	/* another allocator that needs less, or NULL */
	uint64_t alt_size;
};

/*
 * Two questions for each region, each with the other regions as they are.
 * Any: the smallest size for which the whole trace is served, wherever:
 * a region whose requests can fall back to another may need next to
 * nothing.  Own: the smallest for which every request is served by the
 * very region that serves it now, so the policy behaves as it does; such
 * sizes hold all at once, and other allocators are weighed by it.
 */
struct suggestions {
	struct suggestion *s;
	uint64_t step;
	bool served;		/* with every own size at once, as now */
	size_t fails;		/* else the first event that differs */
	size_t replays;
};

static void suggest(struct compilation *c, const struct trace *t,
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

/* "FILE:LINE:COL" of event i. */
static void where(struct strbuf *out, const struct trace *t, size_t i)
{
	const struct srcpos *pos = &t->events[i].pos;
	size_t line, col;

	srcfile_linecol(pos->file, pos->off, &line, &col);
	sb_printf(out, "%s:%zu:%zu", pos->file->name, line, col);
}

static size_t line_of(const struct trace *t, size_t i)
{
	size_t line, col;

	srcfile_linecol(t->events[i].pos.file, t->events[i].pos.off, &line,
			&col);
	return line;
}

static void request_words(struct strbuf *out, const struct trace_event *ev)
{
	sb_printf(out, "device '%s', ", ev->dev);
	if (ev->kind)
		sb_printf(out, "kind '%s'", ev->kind);
	else
		sb_puts(out, "no kind");
}

static void text_failure(struct strbuf *out, const struct replay *rp,
			 const struct failure *f)
{
	const struct trace_event *ev = &rp->t->events[f->event];
	const struct policy *p = &rp->c->policy;
	char a[32], b[32];
	size_t j;

	sb_puts(out, "  ");
	where(out, rp->t, f->event);
	sb_printf(out, ": %.*s\n    -%s: ", (int)ev->pos.len,
		  ev->pos.file->buf + ev->pos.off, errno_name(f->err));
	if (f->err == ENOENT) {
		sb_puts(out, "no rule takes ");
		request_words(out, ev);
		sb_putc(out, '\n');
		return;
	}
	if (f->err != ENOMEM) {
		sb_puts(out, ev->size ? "the alignment is not a power of two\n" :
					"a size of 0 is no request\n");
		return;
	}
	sb_printf(out, "no region of the rule had %s at the alignment asked:\n",
		  fmt_size(a, ev->size));
	for (j = 0; j < f->ntried; j++) {
		const struct tried *tr = &rp->tried[f->tried_from + j];

		sb_printf(out, "      %zu. %-12s %s free, largest hole %s\n",
			  j + 1, p->regions[tr->region].name,
			  fmt_size(a, tr->free_bytes), fmt_size(b, tr->largest));
	}
}

static void text_report(struct strbuf *out, const struct replay *rp,
			const struct suggestions *sg)
{
	const struct trace *t = rp->t;
	const struct policy *p = &rp->c->policy;
	char a[32], b[32], c[32], d[32], e[32];
	uint64_t now = 0, best = 0;
	unsigned int k;
	size_t i;

	sb_printf(out, "trace %s: %zu events (%zu alloc, %zu get, %zu put)",
		  t->file->name,
		  t->nevents, t->counts[TRACE_ALLOC], t->counts[TRACE_GET],
		  t->counts[TRACE_PUT]);
	if (t->timed)
		sb_printf(out, ", %g s to %g s", t->events[0].time,
			  t->events[t->nevents - 1].time);
	sb_putc(out, '\n');
	if (!rp->nfailures)
		sb_puts(out, "every allocation succeeded\n");
	else
		sb_printf(out, "%zu allocation%s failed:\n", rp->nfailures,
			  rp->nfailures == 1 ? "" : "s");
	for (i = 0; i < rp->nfailures; i++)
		text_failure(out, rp, &rp->failures[i]);
	sb_printf(out, "\n%-12s %-9s %10s %10s %10s %11s %7s %8s  %s\n",
		  "region", "allocator", "size", "peak used", "peak asked",
		  "peak chunks", "served", "fallback", "worst largest/free");
	for (k = 0; k < rp->nregions; k++) {
		const struct region_stats *st = &rp->st[k];
		const struct cma_region_state *s = &rp->state[k];

		sb_printf(out, "%-12s %-9s %10s %10s %10s %11llu %7llu %8llu  ",
			  s->name, s->allocator ? s->allocator : "(none)",
			  fmt_size(a, s->size), fmt_size(b, st->peak_used),
			  fmt_size(c, st->peak_asked),
			  (unsigned long long)st->peak_chunks,
			  (unsigned long long)st->served,
			  (unsigned long long)st->fallback);
		if (st->worst_event == (size_t)-1)
			sb_puts(out, "-\n");
		else if (st->worst >= 1)
			sb_puts(out, "never split\n");
		else
			sb_printf(out, "%.1f%% (%s of %s) at line %zu\n",
				  100 * st->worst, fmt_size(d, st->worst_largest),
				  fmt_size(e, st->worst_free),
				  line_of(t, st->worst_event));
	}
	if (!sg)
		return;
	sb_printf(out, "\nsmallest sizes, in %s steps, each with the other regions as they are\n"
		  "(%zu replays): 'any' serves the whole trace, with requests free to fall\n"
		  "back elsewhere; 'own' serves every request in the region that serves it\n"
		  "now, and these hold all at once:\n",
		  fmt_size(a, sg->step), sg->replays);
	sb_printf(out, "%-12s %-9s %10s %10s %10s\n", "region", "allocator",
		  "size", "any", "own");
	for (k = 0; k < p->nregions; k++) {
		const struct suggestion *s = &sg->s[k];
		const struct cma_allocator *al =
			cma_allocator_find(p->regions[k].alloc);

		sb_printf(out, "%-12s %-9s %10s %10s %10s\n", p->regions[k].name,
			  al ? al->name : "(none)", fmt_size(a, s->now),
			  s->any ? fmt_size(b, s->any) : "none",
			  s->own ? fmt_size(c, s->own) : "none");
		now += s->now;
		best += s->own ? s->own : s->now;
		if (s->alt)
			sb_printf(out, "  with %s (its default parameters) it would need %s\n",
				  s->alt, fmt_size(a, s->alt_size));
	}
	sb_printf(out, "all regions: %s now, %s at their own sizes", fmt_size(a, now),
		  fmt_size(b, best));
	if (best <= now)
		sb_printf(out, ", %s saved\n", fmt_size(c, now - best));
	else
		sb_printf(out, ", %s more\n", fmt_size(c, best - now));
	if (sg->served) {
		sb_puts(out, "with every own size at once, each request is served where it is now\n");
	} else {
		sb_puts(out, "with every own size at once, a request is served elsewhere than now, first at ");
		where(out, t, sg->fails);
		sb_puts(out, "\n");
	}
}

/* Where the trace's event i is: its number from 1, and its line. */
static void json_event(struct json *j, const struct trace *t, size_t i)
{
	json_u64(j, "event", i + 1);
	json_u64(j, "line", line_of(t, i));
}

static void json_failure(struct json *j, const struct replay *rp,
			 const struct failure *f)
{
	const struct trace *t = rp->t;
	const struct trace_event *ev = &t->events[f->event];
	const struct policy *p = &rp->c->policy;
	size_t i;

	json_break(j, "\n    ");
	json_object(j, NULL);
	json_event(j, t, f->event);
	json_string(j, "id", t->ids.s[ev->id]);
	json_string(j, "device", ev->dev);
	json_string(j, "kind", ev->kind);
	json_u64(j, "size", ev->size);
	json_u64(j, "alignment", ev->align);
	json_string(j, "error", errno_name(f->err));
	json_array(j, "tried");
	for (i = 0; i < f->ntried; i++) {
		const struct tried *tr = &rp->tried[f->tried_from + i];

		json_object(j, NULL);
		json_string(j, "region", p->regions[tr->region].name);
		json_u64(j, "free_bytes", tr->free_bytes);
		json_u64(j, "largest_free", tr->largest);
		json_end(j, NULL);
	}
	json_end(j, NULL);
	json_end(j, NULL);
}

static void json_region(struct json *j, const struct replay *rp,
			unsigned int k, const struct suggestion *g)
{
	const struct region_stats *st = &rp->st[k];
	const struct cma_region_state *s = &rp->state[k];

	json_break(j, "\n    ");
	json_object(j, NULL);
	json_string(j, "name", s->name);
	json_string(j, "allocator", s->allocator);
	json_u64(j, "start", s->start);
	json_u64(j, "size", s->size);
	json_break(j, "\n     ");
	json_u64(j, "peak_used", st->peak_used);
	json_u64(j, "peak_asked", st->peak_asked);
	json_u64(j, "peak_chunks", st->peak_chunks);
	json_u64(j, "served", st->served);
	json_u64(j, "fallback", st->fallback);
	json_break(j, "\n     ");
	if (st->worst_event == (size_t)-1) {
		json_string(j, "worst_fragmentation", NULL);
	} else {
		json_object(j, "worst_fragmentation");
		json_event(j, rp->t, st->worst_event);
		json_u64(j, "largest_free", st->worst_largest);
		json_u64(j, "free_bytes", st->worst_free);
		json_end(j, NULL);
	}
	if (g) {
		/* 0: no size serves the trace. */
		json_break(j, "\n     ");
		json_u64_or_null(j, "smallest", g->any, g->any);
		json_u64_or_null(j, "smallest_own", g->own, g->own);
		if (g->alt) {
			json_object(j, "smaller_with");
			json_string(j, "allocator", g->alt);
			json_u64(j, "smallest", g->alt_size);
			json_end(j, NULL);
		}
	}
	json_end(j, NULL);
}

static void json_report(struct strbuf *out, const struct replay *rp,
			const struct suggestions *sg)
{
	const struct trace *t = rp->t;
	struct json j;
	unsigned int k;
	size_t i;

	json_init(&j, out);
	json_object(&j, NULL);
	json_break(&j, "\n  ");
	json_string(&j, "schema", "cma-simulation");
	json_break(&j, "\n  ");
	json_u64(&j, "version", 1);
	json_break(&j, "\n  ");
	json_string(&j, "trace", t->file->name);
	json_break(&j, "\n  ");
	json_object(&j, "events");
	json_u64(&j, "alloc", t->counts[TRACE_ALLOC]);
	json_u64(&j, "get", t->counts[TRACE_GET]);
	json_u64(&j, "put", t->counts[TRACE_PUT]);
	json_end(&j, NULL);
	json_break(&j, "\n  ");
	json_array(&j, "failures");
	for (i = 0; i < rp->nfailures; i++)
		json_failure(&j, rp, &rp->failures[i]);
	json_end(&j, "\n  ");
	json_break(&j, "\n  ");
	json_array(&j, "regions");
	for (k = 0; k < rp->nregions; k++)
		json_region(&j, rp, k, sg ? &sg->s[k] : NULL);
	json_end(&j, "\n  ");
	if (sg) {
		json_break(&j, "\n  ");
		json_object(&j, "suggest");
		json_u64(&j, "step", sg->step);
		json_bool(&j, "own_served", sg->served);
		if (!sg->served) {
			json_object(&j, "own_differs");
			json_event(&j, t, sg->fails);
			json_end(&j, NULL);
		}
		json_end(&j, NULL);
	}
	json_end(&j, "\n");
	sb_putc(out, '\n');
}

bool simulate(struct compilation *c, const struct trace *t,
	      const struct sim_options *o, struct strbuf *out,
	      struct strbuf *plot)
{
	struct suggestions sg = { 0 };
	struct replay rp;
	bool served;
	unsigned int k;

	if (replay(&rp, c, t, NULL, true, o->plot_path != NULL) < 0) {
		/* The checks passed, so this is the runtime disagreeing. */
		sb_printf(out, "libcma refuses the policy: %s\n", rp.error);
		replay_free(&rp);
		return false;
	}
	if (o->suggest)
		suggest(c, t, rp.served_by,
			o->step ? o->step : c->policy.page_size, &sg);
	if (o->json)
		json_report(out, &rp, o->suggest ? &sg : NULL);
	else
		text_report(out, &rp, o->suggest ? &sg : NULL);
	if (plot) {
		struct sim_series *s = xcalloc(rp.nregions, sizeof(*s));

		for (k = 0; k < rp.nregions; k++) {
			s[k].name = rp.state[k].name;
			s[k].allocator = rp.state[k].allocator;
			s[k].size = rp.state[k].size;
			s[k].samples = rp.st[k].samples;
			s[k].nsamples = rp.st[k].nsamples;
		}
		plot_svg(s, rp.nregions, t->timed, plot);
		free(s);
	}
	served = !rp.nfailures;
	free(sg.s);
	replay_free(&rp);
	return served;
}
