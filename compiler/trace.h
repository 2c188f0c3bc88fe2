/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Allocation traces (cma-trace(5)): what drivers asked of the runtime, in
 * order, to replay against a policy (--simulate).
 */
#ifndef CMACC_TRACE_H
#define CMACC_TRACE_H

#include <stdbool.h>
#include <stdint.h>

#include "cmacc.h"

enum trace_op {
	TRACE_ALLOC,
	TRACE_GET,
	TRACE_PUT,
};

struct trace_event {
	enum trace_op op;
	size_t id;		/* index in trace.ids.s */
	/* alloc: the request (kind NULL: none), and the rule that takes it */
	const char *dev, *kind;
	uint64_t size, align;
	long rule;		/* index in the policy, or -1: none */
	bool has_time;
	double time;		/* seconds */
	struct srcpos pos;	/* the whole event */
};

/* Strings kept once each, by number. */
struct strset {
	char **s;
	size_t n, cap;
	struct cma_names index;
};

struct trace {
	struct srcfile *file;
	struct trace_event *events;
	size_t nevents, events_cap;
	struct strset ids;	/* each chunk's ID, as written */
	struct strset names;	/* device and kind names */
	size_t counts[3];	/* events of each trace_op */
	bool timed;		/* every event has a time */
};

/*
 * Reads f as a trace, line by line or as CSV with a header, into t, and
 * reports what is wrong with it in c's diagnostics.  Also checks the
 * trace's own account of each chunk: an ID is allocated only when it is
 * not live, and taken or put only while it is.
 */
void trace_read(struct compilation *c, struct srcfile *f, struct trace *t);
/* Finds each allocation's rule in c's (checked) policy. */
void trace_match(const struct compilation *c, struct trace *t);
void trace_free(struct trace *t);

/* --simulate: what replaying t through libcma shows, per region. */
struct sim_options {
	bool suggest;
	uint64_t step;		/* --suggest's step: 0 for the page size */
	const char *plot_path;	/* --plot: an SVG of the occupancy */
	bool json;
};

/* The report as text or JSON in out; false when an allocation failed. */
bool simulate(struct compilation *c, const struct trace *t,
	      const struct sim_options *o, struct strbuf *out,
	      struct strbuf *plot);

/* One region's occupancy over the trace, for the plot. */
struct sim_sample {
	double x;		/* the time, or the event's number */
	uint64_t used, largest;
};

struct sim_series {
	const char *name, *allocator;
	uint64_t size;
	struct sim_sample *samples;
	size_t nsamples;
};

/* The plot of n series as one SVG document. */
void plot_svg(const struct sim_series *s, size_t n, bool timed,
	      struct strbuf *out);

#endif
