// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * --simulate's reports, as text or JSON, and the plot: what the replay
 * (replay.c) found each region went through, peaks, failures and why,
 * fallbacks, fragmentation, and --suggest's sizes.
 */
#include <stdlib.h>

#include "../runtime/allocator.h"
#include "json.h"
#include "replay.h"

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
