/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The replay engine of --simulate: a trace through libcma itself, on a
 * context made from the checked policy's table and banks as a board
 * would make it, with what each region went through; and --suggest's
 * search, with the same replay, for each region's smallest size.
 * simulate.c writes the reports.
 */
#ifndef CMACC_REPLAY_H
#define CMACC_REPLAY_H

#include <cma.h>

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

/*
 * Replays t on the policy of c: with detail, every statistic, failure and
 * (with samples) the plot's samples; without, until the first miss.  same,
 * when given, is the region that served each alloc as the policy is, and
 * a miss is then also an alloc served elsewhere.  0, or -1 when libcma
 * refuses the policy (rp->error says why); replay_free() either way.
 */
int replay(struct replay *rp, const struct compilation *c,
	   const struct trace *t, const int *same, bool detail, bool samples);
void replay_free(struct replay *rp);

/* --suggest: the smallest sizes, in steps of step, as struct suggestions says. */
void suggest(struct compilation *c, const struct trace *t, const int *same,
	     uint64_t step, struct suggestions *out);

/* The name of an errno value that a failed alloc gives. */
const char *errno_name(int err);

#endif
