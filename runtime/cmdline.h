/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The reader of the 2010 CMA boot parameters, cma= and cma_map=.
 *
 * It is written once and shared: cmacc builds its model from it, and the
 * runtime builds its tables from it at boot.  It allocates nothing and hands
 * what it reads to its caller as a stream of events, each carrying byte
 * offsets into the caller's buffer, so that every consumer can point at the
 * exact text.  It never reads outside [0, len) of the buffer it is given.
 */
#ifndef CMA_CMDLINE_H
#define CMA_CMDLINE_H

#include "cma_env.h"

/* A stretch of the input: offsets into the buffer given to the reader. */
struct cma_span {
	size_t off;
	size_t len;
};

enum cma_param {
	CMA_PARAM_REGIONS,	/* cma= */
	CMA_PARAM_MAP,		/* cma_map= */
};

/*
 * What the reader was looking at when it found a problem.  The places in
 * cma_map= are CMA_AT_MAP and all after it.
 */
enum cma_cl_where {
	CMA_AT_REGIONS,		/* the start of the value of cma= */
	CMA_AT_REGION_NAME,
	CMA_AT_REGION_EQ,	/* after a region's name */
	CMA_AT_SIZE,
	CMA_AT_AFTER_SIZE,
	CMA_AT_START,
	CMA_AT_AFTER_START,
	CMA_AT_ALIGN,
	CMA_AT_AFTER_ALIGN,
	CMA_AT_ALLOC,		/* after ':' */
	CMA_AT_AFTER_ALLOC,
	CMA_AT_PARAMS,		/* inside '(' ... ')' */
	CMA_AT_AFTER_PARAMS,
	CMA_AT_MAP,		/* the start of the value of cma_map= */
	CMA_AT_PATTERN,
	CMA_AT_KIND,
	CMA_AT_AFTER_PATTERN,
	CMA_AT_TARGET,		/* a region name in a rule's list */
	CMA_AT_AFTER_TARGET,
};

/* A digit's value in bases up to 16; 99 for a character that is none. */
static inline int cma_cl_digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

/* What a region or allocator name may hold: letters and digits. */
static inline bool cma_cl_is_name_char(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z');
}

enum cma_cl_problem {
	CMA_CL_UNEXPECTED = 1,	/* a character that cannot stand here */
	CMA_CL_END,		/* the value ended where more was needed */
	CMA_CL_SPACE,		/* white space ended or entered the value here */
	CMA_CL_BAD_NAME,	/* a name with a character other than [A-Za-z0-9] */
	CMA_CL_COMMA,		/* ',' where ';' separates regions */
	CMA_CL_OVERFLOW,	/* a number does not fit in 64 bits */
	CMA_CL_OCTAL,		/* '8' or '9' in a number read as octal */
	CMA_CL_STAR,		/* '*' before the end of a pattern */
	CMA_CL_EMPTY,		/* empty pattern, kind or region name */
	CMA_CL_PARAM_SEMI,	/* ';' inside an allocator's parameters */
	CMA_CL_NO_VALUE,	/* "cma" or "cma_map" without '=' */
	/*
	 * What the grammar forbids but the 2010 kernel's parser takes and
	 * reads sensibly; the reader goes on as that parser does, and the
	 * item is not broken.  See cma_cl_is_lenient().
	 */
	CMA_CL_NAME_UNDERSCORE,	/* '_' in a region name: part of the name */
	CMA_CL_EMPTY_NUMBER,	/* "@" or "/" with no number: 0, the default */
	CMA_CL_ZERO_ALIGN,	/* "/0": a page, as no alignment */
	CMA_CL_EMPTY_KIND,	/* "dev/": the same as "dev" */
	CMA_CL_EMPTY_PARAM,	/* an empty cma= or cma_map=: nothing */
};

/* A problem the 2010 kernel reads past: a warning, not an error. */
static inline bool cma_cl_is_lenient(enum cma_cl_problem p)
{
	return p >= CMA_CL_NAME_UNDERSCORE;
}

struct cma_cl_error {
	enum cma_cl_problem problem;
	enum cma_cl_where where;
	struct cma_span at;		/* the offending text, len 0 at an end */
	struct cma_span subject;	/* the region or rule being read */
};

/* Flags of a region event. */
#define CMA_REGION_START	0x01	/* "@start" given */
#define CMA_REGION_ALIGN	0x02	/* "/align" given */
#define CMA_REGION_COLON	0x04	/* ':' given */
#define CMA_REGION_ALLOC	0x08	/* an allocator name given */
#define CMA_REGION_PARAMS	0x10	/* "(params)" given */
#define CMA_REGION_BROKEN	0x20	/* an error was reported inside it */

struct cma_cl_region {
	struct cma_span whole, name, size, start, align, alloc, params;
	uint64_t size_val, start_val, align_val;
	unsigned int flags;
};

/* Flags of a pattern event. */
#define CMA_PATTERN_KIND	0x01	/* "/kind" given */
#define CMA_PATTERN_INHERITED	0x02	/* device taken from an earlier pattern */
#define CMA_PATTERN_ORPHAN	0x04	/* "/kind" with no device pattern before */

struct cma_cl_pattern {
	struct cma_span whole;	/* as written */
	struct cma_span dev;	/* may lie in an earlier pattern: INHERITED */
	struct cma_span kind;
	unsigned int flags;
};

/*
 * The events.  A callback returning non-zero stops the reader, which then
 * returns that value.  Unset callbacks are skipped.  The error callback is
 * told of every problem; reading goes on after it, from the next region or
 * rule, so that one pass reports every independent problem.
 */
struct cma_cl_ops {
	/*
	 * A cma= or cma_map= parameter of a whole command line (cmacc's
	 * cma_cl_read_cmdline); overridden is true for one that a later one
	 * of the same name replaces.
	 */
	int (*param)(void *priv, enum cma_param which, struct cma_span name,
		     struct cma_span value, bool overridden);
	int (*region)(void *priv, const struct cma_cl_region *region);
	int (*rule_begin)(void *priv, struct cma_span at);
	int (*pattern)(void *priv, const struct cma_cl_pattern *pattern);
	int (*target)(void *priv, struct cma_span name);
	/* broken: an error was reported inside the rule */
	int (*rule_end)(void *priv, struct cma_span whole, bool broken);
	int (*error)(void *priv, const struct cma_cl_error *error);
};

/*
 * Parses one parameter value lying at [off, end) of buf.  cut_by_space
 * says that white space in the command line ended the value at end, so
 * that a value cut short is reported as such.
 */
int cma_cl_read_regions(const char *buf, size_t off, size_t end,
			bool cut_by_space, const struct cma_cl_ops *ops,
			void *priv);
int cma_cl_read_map(const char *buf, size_t off, size_t end,
		    bool cut_by_space, const struct cma_cl_ops *ops,
		    void *priv);

/*
 * Reads a number as the kernel's memparse() does, from [*pos, end): decimal,
 * 0x hex or leading-0 octal, then one of K M G T P E (either case).  On
 * success *pos is past the number.  Returns 0, or CMA_CL_OVERFLOW (*pos
 * past all of it), CMA_CL_OCTAL (*pos at the bad digit) or
 * CMA_CL_UNEXPECTED (no digit at *pos).
 */
int cma_cl_parse_number(const char *buf, size_t *pos, size_t end,
			uint64_t *value);

/*
 * What the reader found wrong, in words, the one place both cmacc and
 * libcma take them from: into out, cut to n bytes; the length of the
 * whole message, as snprintf's.  buf[0, len) is what the reader read.
 */
int cma_cl_describe(const struct cma_cl_error *e, const char *buf, size_t len,
		    char *out, size_t n);

/*
 * The character at buf[off], whole, in words: 'x' where a terminal shows
 * it, 'é' (U+00E9) for UTF-8 beyond ASCII, else what it is: a NUL byte,
 * a byte-order mark, byte 0x01.  The length as snprintf's.
 */
int cma_char_words(const char *buf, size_t len, size_t off, char *out,
		   size_t n);

/* The name around buf[off]: up to the next delimiter each side. */
struct cma_span cma_cl_name_around(const char *buf, size_t len, size_t off);

#endif /* CMA_CMDLINE_H */
