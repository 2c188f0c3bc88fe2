// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The reader of the 2010 cma= and cma_map= boot parameters.
 *
 * The grammar (see cma-map(5) and the 2010 Documentation/cma.txt):
 *
 *   cma     ::= region { ";" region } [ ";" ]
 *   region  ::= NAME "=" SIZE [ "@" START ] [ "/" ALIGN ]
 *               [ ":" [ ALLOC ] [ "(" PARAMS ")" ] ]
 *   cma_map ::= rule { ";" rule } [ ";" ]
 *   rule    ::= pattern { "," pattern } "=" NAME { "," NAME }
 *   pattern ::= DEV [ "/" KIND ] | "/" KIND
 *
 * Every access to the buffer is checked against the end of the value being
 * read; a problem is reported and reading resumes at the next ';'.
 */
#include "cmdline.h"

/* Only buddy's parameters need numbers in a driver that reads no cma=. */
#if !defined(CMA_TABLE_ONLY) || !defined(CMA_BF_ONLY)
static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

cma_cold int cma_cl_parse_number(const char *buf, size_t *pos, size_t end,
				  uint64_t *value)
{
	static const char suffixes[] = "KMGTPE";
	size_t i = *pos;
	unsigned int base = 10, shift = 0;
	uint64_t v = 0;
	bool overflow = false;
	int d;

	if (i >= end || !is_digit(buf[i]))
		return CMA_CL_UNEXPECTED;
	/* The radix rule of the kernel's simple_strtoull(). */
	if (buf[i] == '0') {
		base = 8;
		if (i + 2 < end && (buf[i + 1] == 'x' || buf[i + 1] == 'X') &&
		    cma_cl_digit_value(buf[i + 2]) < 16) {
			base = 16;
			i += 2;
		}
	}
	for (; i < end && (d = cma_cl_digit_value(buf[i])) < (int)base; i++) {
		/* Builtins, not a division: 32-bit kernels lack 64-bit ones. */
		if (__builtin_mul_overflow(v, base, &v) ||
		    __builtin_add_overflow(v, (uint64_t)d, &v))
			overflow = true;
	}
	if (base == 8 && i < end && (buf[i] == '8' || buf[i] == '9')) {
		*pos = i;
		return CMA_CL_OCTAL;
	}
	if (i < end) {
		char up = buf[i] & ~0x20;
		const char *s;

		for (s = suffixes; *s; s++) {
			if (*s == up) {
				shift = 10 * (unsigned int)(s - suffixes + 1);
				i++;
				break;
			}
		}
	}
	if (shift && v > (UINT64_MAX >> shift))
		overflow = true;
	*pos = i;
	if (overflow)
		return CMA_CL_OVERFLOW;
	*value = v << shift;
	return 0;
}
#endif

/*
 * A driver built with CMA_TABLE_ONLY takes its policy as a table alone:
 * the reader below, and its words, are left out (cma_cl_parse_number
 * stays, for buddy's parameters).
 */
#ifndef CMA_TABLE_ONLY

struct reader {
	const char *buf;
	size_t pos;
	size_t end;
	bool cut_by_space;
	const struct cma_cl_ops *ops;
	void *priv;
	struct cma_span subject;
	bool broken;		/* an error was reported in this item */
	int stop;		/* what a callback returned to stop us */
};

static cma_always_inline bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	       c == '\v' || c == '\f';
}

static struct cma_span span(size_t from, size_t to)
{
	struct cma_span s = { from, to - from };

	return s;
}

/* Tells the caller of a problem at [off, off + len). */
static void report(struct reader *r, enum cma_cl_problem problem,
		   enum cma_cl_where where, size_t off, size_t len)
{
	struct cma_cl_error e;

	if ((problem == CMA_CL_UNEXPECTED || problem == CMA_CL_EMPTY) &&
	    off >= r->end && r->cut_by_space)
		problem = CMA_CL_SPACE;
	else if (problem == CMA_CL_UNEXPECTED && off >= r->end)
		problem = CMA_CL_END;
	else if (problem == CMA_CL_UNEXPECTED && is_space(r->buf[off]))
		problem = CMA_CL_SPACE;
	if (problem == CMA_CL_END || problem == CMA_CL_SPACE)
		len = off < r->end ? 1 : 0;
	e.problem = problem;
	e.where = where;
	e.at = span(off, off + len);
	e.subject = r->subject;
	if (!cma_cl_is_lenient(problem))
		r->broken = true;
	if (r->ops->error && !r->stop)
		r->stop = r->ops->error(r->priv, &e);
}

static void unexpected(struct reader *r, enum cma_cl_where where)
{
	report(r, CMA_CL_UNEXPECTED, where, r->pos, 1);
}

/* Skips to just after the next ';', where the next item starts. */
static void skip_item(struct reader *r)
{
	while (r->pos < r->end && r->buf[r->pos] != ';')
		r->pos++;
	if (r->pos < r->end)
		r->pos++;
}

/* The span of an item from from, without the ';' or ',' that ended it. */
static struct cma_span item_span(struct reader *r, size_t from)
{
	size_t to = r->pos;

	if (to > from && (r->buf[to - 1] == ';' || r->buf[to - 1] == ','))
		to--;
	return span(from, to);
}

static bool at(struct reader *r, char c)
{
	return r->pos < r->end && r->buf[r->pos] == c;
}

/* White space inside a value: reported where it is found. */
static bool at_space(struct reader *r)
{
	return r->pos < r->end && is_space(r->buf[r->pos]);
}

/* Is the item over: ';' or the end of the value? Eats the ';'. */
static bool item_ends(struct reader *r)
{
	if (r->pos >= r->end)
		return true;
	if (r->buf[r->pos] == ';') {
		r->pos++;
		return true;
	}
	return false;
}

/*
 * Reads a name up to one of stops; a character that is not a letter or a
 * digit is reported once, at the first one.  In a region's name, '_' is
 * only a warning: the 2010 kernel compares names as strings.
 */
static struct cma_span read_name(struct reader *r, const char *stops,
				 enum cma_cl_where where)
{
	size_t from = r->pos, bad = r->end, underscore = r->end;

	while (r->pos < r->end && !strchr(stops, r->buf[r->pos]) &&
	       !is_space(r->buf[r->pos])) {
		char c = r->buf[r->pos];

		if (c == '_' && where != CMA_AT_ALLOC) {
			if (underscore == r->end)
				underscore = r->pos;
		} else if (!cma_cl_is_name_char(c) && bad == r->end) {
			bad = r->pos;
		}
		r->pos++;
	}
	if (bad != r->end)
		report(r, CMA_CL_BAD_NAME, where, bad, 1);
	else if (underscore != r->end && where == CMA_AT_REGION_NAME)
		report(r, CMA_CL_NAME_UNDERSCORE, where, underscore, 1);
	if (at_space(r))
		unexpected(r, where);
	return span(from, r->pos);
}

/* Reads a number for a region; false after reporting a problem. */
static bool read_number(struct reader *r, enum cma_cl_where where,
			struct cma_span *text, uint64_t *value)
{
	size_t from = r->pos;
	int err = cma_cl_parse_number(r->buf, &r->pos, r->end, value);

	*text = span(from, r->pos);
	if (err == CMA_CL_UNEXPECTED)
		unexpected(r, where);
	else if (err == CMA_CL_OCTAL)
		report(r, CMA_CL_OCTAL, where, r->pos, 1);
	else if (err)
		report(r, CMA_CL_OVERFLOW, where, from, r->pos - from);
	return !err;
}

/*
 * After a part of a region: ';' or the end finish it, and ',' is the 2010
 * documentation's mistake for ';', reported and then read as one.
 */
static bool region_ends(struct reader *r, enum cma_cl_where where)
{
	if (item_ends(r))
		return true;
	if (at(r, ',')) {
		report(r, CMA_CL_COMMA, where, r->pos, 1);
		r->pos++;
		return true;
	}
	return false;
}

/*
 * "@" or "/" with no number before what may follow it: the kernel's
 * memparse() reads 0 there, which means the default.
 */
static bool empty_number(struct reader *r, const char *follows,
			 enum cma_cl_where where)
{
	if (r->pos < r->end ? !strchr(follows, r->buf[r->pos]) :
	    r->cut_by_space)
		return false;
	report(r, CMA_CL_EMPTY_NUMBER, where, r->pos - 1, 1);
	return true;
}

/*
 * The number after '@' or '/' (at r->pos): with none, the kernel's 0,
 * the default, and flag stays unset.  False after reporting a problem.
 */
static bool read_part(struct reader *r, const char *follows,
		      enum cma_cl_where where, unsigned int flag,
		      struct cma_cl_region *reg, struct cma_span *text,
		      uint64_t *value)
{
	r->pos++;
	if (empty_number(r, follows, where)) {
		*text = span(r->pos, r->pos);
		return true;
	}
	reg->flags |= flag;
	return read_number(r, where, text, value);
}

static void read_region(struct reader *r)
{
	struct cma_cl_region reg;
	size_t from = r->pos;

	memset(&reg, 0, sizeof(reg));
	r->broken = false;
	r->subject = span(from, from);
	reg.name = read_name(r, "=;,@/:()", CMA_AT_REGION_NAME);
	r->subject = reg.name;
	if (at_space(r))
		goto fail;
	if (!reg.name.len) {
		report(r, CMA_CL_EMPTY, CMA_AT_REGION_NAME, r->pos, 0);
		goto fail;
	}
	if (!at(r, '=')) {
		unexpected(r, CMA_AT_REGION_EQ);
		goto fail;
	}
	r->pos++;
	if (!read_number(r, CMA_AT_SIZE, &reg.size, &reg.size_val))
		goto fail;
	if (region_ends(r, CMA_AT_AFTER_SIZE))
		goto done;
	if (at(r, '@')) {
		if (!read_part(r, "/:;,", CMA_AT_START, CMA_REGION_START, &reg,
			       &reg.start, &reg.start_val))
			goto fail;
		if (region_ends(r, CMA_AT_AFTER_START))
			goto done;
	}
	if (at(r, '/')) {
		if (!read_part(r, ":;,", CMA_AT_ALIGN, CMA_REGION_ALIGN, &reg,
			       &reg.align, &reg.align_val))
			goto fail;
		if ((reg.flags & CMA_REGION_ALIGN) && !reg.align_val) {
			report(r, CMA_CL_ZERO_ALIGN, CMA_AT_ALIGN,
			       reg.align.off, reg.align.len);
			reg.flags &= ~CMA_REGION_ALIGN;
		}
		if (region_ends(r, CMA_AT_AFTER_ALIGN))
			goto done;
	}
	if (!at(r, ':')) {
		unexpected(r, reg.flags & CMA_REGION_ALIGN ? CMA_AT_AFTER_ALIGN :
			   reg.flags & CMA_REGION_START ? CMA_AT_AFTER_START :
			   CMA_AT_AFTER_SIZE);
		goto fail;
	}
	r->pos++;
	reg.flags |= CMA_REGION_COLON;
	reg.alloc = read_name(r, ";,()", CMA_AT_ALLOC);
	if (at_space(r))
		goto fail;
	if (reg.alloc.len)
		reg.flags |= CMA_REGION_ALLOC;
	if (at(r, '(')) {
		size_t open = r->pos++, close;

		for (close = r->pos; close < r->end; close++)
			if (r->buf[close] == ')')
				break;
		if (close == r->end) {
			r->pos = r->end;
			report(r, CMA_CL_END, CMA_AT_PARAMS, open, 1);
			goto fail;
		}
		reg.params = span(r->pos, close);
		reg.flags |= CMA_REGION_PARAMS;
		for (; r->pos < close; r->pos++) {
			if (r->buf[r->pos] == ';') {
				report(r, CMA_CL_PARAM_SEMI, CMA_AT_PARAMS,
				       r->pos, 1);
				break;
			}
			if (is_space(r->buf[r->pos])) {
				unexpected(r, CMA_AT_PARAMS);
				break;
			}
		}
		r->pos = close + 1;
		if (region_ends(r, CMA_AT_AFTER_PARAMS))
			goto done;
		unexpected(r, CMA_AT_AFTER_PARAMS);
		goto fail;
	}
	if (region_ends(r, CMA_AT_AFTER_ALLOC))
		goto done;
	unexpected(r, CMA_AT_AFTER_ALLOC);
fail:
	skip_item(r);
done:
	if (r->broken)
		reg.flags |= CMA_REGION_BROKEN;
	reg.whole = item_span(r, from);
	if (reg.name.len && r->ops->region && !r->stop)
		r->stop = r->ops->region(r->priv, &reg);
}

cma_cold int cma_cl_read_regions(const char *buf, size_t off,
				 size_t end, bool cut_by_space,
				 const struct cma_cl_ops *ops, void *priv)
{
	struct reader r = { .buf = buf, .pos = off, .end = end,
			    .cut_by_space = cut_by_space, .ops = ops,
			    .priv = priv };

	if (off == end)
		report(&r, CMA_CL_EMPTY_PARAM, CMA_AT_REGIONS, off, 0);
	while (r.pos < r.end && !r.stop)
		read_region(&r);
	return r.stop;
}

/* Reads the device or kind part of a pattern up to one of ",;=/". */
static struct cma_span read_glob(struct reader *r, enum cma_cl_where where)
{
	size_t from = r->pos;
	bool star_reported = false;

	while (r->pos < r->end && !strchr(",;=/", r->buf[r->pos])) {
		char c = r->buf[r->pos];

		if (is_space(c)) {
			unexpected(r, where);
			break;
		}
		if (c == '*' && !star_reported && r->pos + 1 < r->end &&
		    !strchr(",;=/", r->buf[r->pos + 1])) {
			report(r, CMA_CL_STAR, where, r->pos, 1);
			star_reported = true;
		}
		r->pos++;
	}
	return span(from, r->pos);
}

struct map_state {
	struct cma_span last_dev;
	bool have_dev;
};

/* Reads one pattern; false when the rule cannot go on. */
static bool read_pattern(struct reader *r, struct map_state *m)
{
	struct cma_cl_pattern p;
	size_t from = r->pos;
	bool slash = false;

	memset(&p, 0, sizeof(p));
	p.dev = read_glob(r, CMA_AT_PATTERN);
	if (at_space(r))
		return false;
	if (at(r, '/')) {
		r->pos++;
		slash = true;
		p.kind = read_glob(r, CMA_AT_KIND);
		if (at_space(r))
			return false;
		/* The kernel matches "DEV/" as "DEV": the empty kind. */
		if (p.kind.len)
			p.flags |= CMA_PATTERN_KIND;
		else
			report(r, CMA_CL_EMPTY_KIND, CMA_AT_KIND, r->pos - 1, 1);
		if (at(r, '/')) {
			unexpected(r, CMA_AT_KIND);
			return false;
		}
	} else if (!p.dev.len) {
		/* Nothing to hand on; at the end, nothing to read on either. */
		report(r, CMA_CL_EMPTY, CMA_AT_PATTERN, r->pos, 0);
		return r->pos < r->end;
	}
	if (!p.dev.len && slash) {
		if (m->have_dev) {
			p.dev = m->last_dev;
			p.flags |= CMA_PATTERN_INHERITED;
		} else {
			p.flags |= CMA_PATTERN_ORPHAN;
		}
	} else if (p.dev.len) {
		m->last_dev = p.dev;
		m->have_dev = true;
	}
	p.whole = span(from, r->pos);
	if (r->ops->pattern && !r->stop)
		r->stop = r->ops->pattern(r->priv, &p);
	return true;
}

/* Does a pattern and its '=' (or '/') start here, rather than a region? */
static bool rule_follows(const struct reader *r)
{
	size_t i = r->pos;

	while (i < r->end && !strchr(",;=/", r->buf[i]) && !is_space(r->buf[i]))
		i++;
	return i > r->pos && i < r->end && (r->buf[i] == '=' || r->buf[i] == '/');
}

static void read_rule(struct reader *r, struct map_state *m)
{
	size_t from = r->pos;

	r->broken = false;
	r->subject = span(from, from);
	if (r->ops->rule_begin && !r->stop)
		r->stop = r->ops->rule_begin(r->priv, span(from, from));
	for (;;) {
		if (!read_pattern(r, m))
			goto fail;
		if (at(r, ','))
			r->pos++;
		else if (at(r, '='))
			break;
		else {
			unexpected(r, CMA_AT_AFTER_PATTERN);
			goto fail;
		}
	}
	r->pos++;
	for (;;) {
		struct cma_span name;

		/* "cam=a,fb=b": the ',' ends the rule, as a ';' would. */
		if (r->buf[r->pos - 1] == ',' && rule_follows(r)) {
			report(r, CMA_CL_COMMA, CMA_AT_AFTER_TARGET, r->pos - 1, 1);
			goto done;
		}
		name = read_name(r, ",;=/", CMA_AT_TARGET);

		if (at_space(r))
			goto fail;
		if (!name.len) {
			report(r, CMA_CL_EMPTY, CMA_AT_TARGET, r->pos, 0);
			if (!at(r, ','))
				goto fail;
		} else if (r->ops->target && !r->stop) {
			r->stop = r->ops->target(r->priv, name);
		}
		if (item_ends(r))
			goto done;
		if (!at(r, ',')) {
			unexpected(r, CMA_AT_AFTER_TARGET);
			goto fail;
		}
		r->pos++;
	}
fail:
	skip_item(r);
done:
	if (r->ops->rule_end && !r->stop)
		r->stop = r->ops->rule_end(r->priv, item_span(r, from),
					   r->broken);
}

cma_cold int cma_cl_read_map(const char *buf, size_t off, size_t end,
			     bool cut_by_space, const struct cma_cl_ops *ops,
			     void *priv)
{
	struct reader r = { .buf = buf, .pos = off, .end = end,
			    .cut_by_space = cut_by_space, .ops = ops,
			    .priv = priv };
	struct map_state m = { .have_dev = false };

	if (off == end)
		report(&r, CMA_CL_EMPTY_PARAM, CMA_AT_MAP, off, 0);
	while (r.pos < r.end && !r.stop)
		read_rule(&r, &m);
	return r.stop;
}

/* What the reader wanted at each place, in the user's terms. */
static cma_cold const char *wanted(enum cma_cl_where where)
{
	switch (where) {
	case CMA_AT_REGIONS:
		return "a region, as NAME=SIZE";
	case CMA_AT_MAP:
		return "a rule, as DEVICE=REGION";
	case CMA_AT_REGION_NAME:
	case CMA_AT_TARGET:
		return "a region name";
	case CMA_AT_REGION_EQ:
		return "'=' and the region's size";
	case CMA_AT_SIZE:
		return "the region's size, a number such as 16M";
	case CMA_AT_AFTER_SIZE:
		return "'@start', '/alignment', ':allocator', ';' or the end of cma= after the size";
	case CMA_AT_START:
		return "a start address after '@'";
	case CMA_AT_AFTER_START:
		return "'/alignment', ':allocator', ';' or the end of cma= after the start";
	case CMA_AT_ALIGN:
		return "an alignment after '/', a power of two such as 1M";
	case CMA_AT_AFTER_ALIGN:
		return "':allocator', ';' or the end of cma= after the alignment";
	case CMA_AT_ALLOC:
		return "an allocator name";
	case CMA_AT_AFTER_ALLOC:
		return "'(parameters)', ';' or the end of cma= after the allocator";
	case CMA_AT_PARAMS:
		return "')' to close the allocator's parameters";
	case CMA_AT_AFTER_PARAMS:
		return "';' or the end of cma= after the allocator's parameters";
	case CMA_AT_PATTERN:
		return "a device pattern";
	case CMA_AT_KIND:
		return "a kind pattern after '/'";
	case CMA_AT_AFTER_PATTERN:
		return "',' and another pattern, or '=' and the rule's regions";
	case CMA_AT_AFTER_TARGET:
		return "',' and another region, ';' or the end of cma_map=";
	}
	return "something else";
}

/* The UTF-8 character at s[0, n): its code point and length, or 0. */
static cma_cold unsigned int utf8_at(const unsigned char *s, size_t n,
				     uint32_t *cp)
{
	unsigned int len = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 :
			   s[0] >= 0xc2 ? 2 : 0, i;

	if (!len || len > n || s[0] > 0xf4)
		return 0;
	*cp = s[0] & (0x7f >> len);
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		*cp = *cp << 6 | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates and past U+10FFFF are not UTF-8. */
	if ((len == 3 && *cp < 0x800) || (len == 4 && *cp < 0x10000) ||
	    (*cp >= 0xd800 && *cp <= 0xdfff) || *cp > 0x10ffff)
		return 0;
	return len;
}

cma_cold int cma_char_words(const char *buf, size_t len, size_t off,
			    char *out, size_t n)
{
	const unsigned char *s = (const unsigned char *)buf + off;
	unsigned int k;
	uint32_t cp;

	if (off >= len)
		return snprintf(out, n, "the end");
	if (*s >= ' ' && *s < 127)
		return snprintf(out, n, "'%c'", *s);
	if (!*s)
		return snprintf(out, n, "a NUL byte");
	k = utf8_at(s, len - off, &cp);
	if (cp == 0xfeff && k)
		return snprintf(out, n, "a byte-order mark (U+FEFF)");
	if (k)
		return snprintf(out, n, "'%.*s' (U+%04X)", (int)k, buf + off,
				(unsigned int)cp);
	return snprintf(out, n, "byte 0x%02x", *s);
}

cma_cold struct cma_span cma_cl_name_around(const char *buf, size_t len,
					    size_t off)
{
	static const char stops[] = "=;,@/:() \t\n\"";
	size_t from = off, to = off;

	while (from > 0 && !strchr(stops, buf[from - 1]))
		from--;
	while (to < len && !strchr(stops, buf[to]))
		to++;
	return span(from, to);
}

cma_cold int cma_cl_describe(const struct cma_cl_error *e, const char *buf,
			     size_t len, char *out, size_t n)
{
	const char *param = e->where >= CMA_AT_MAP ? "cma_map=" : "cma=";
	const char *want = wanted(e->where);
	char c = e->at.off < len ? buf[e->at.off] : '\0', what[32];
	struct cma_span name;

	cma_char_words(buf, len, e->at.off, what, sizeof(what));
	switch (e->problem) {
	case CMA_CL_UNEXPECTED:
		if (c == '"')
			return snprintf(out, n, "unexpected '\"' inside %s: expected %s",
					param, want);
		return snprintf(out, n, "%s %s: expected %s",
				c >= ' ' && c < 127 ? "unexpected" : "found",
				what, want);
	case CMA_CL_END:
		if (e->where == CMA_AT_PARAMS)
			return snprintf(out, n, "the allocator's parameters are not closed: expected ')' before the end of cma=");
		return snprintf(out, n, "%s %s: expected %s", param,
				e->where == CMA_AT_REGIONS ||
				e->where == CMA_AT_MAP ? "is empty" :
				"ends too early", want);
	case CMA_CL_SPACE:
		return snprintf(out, n, "white space inside %s: expected %s",
				param, want);
	case CMA_CL_BAD_NAME:
		name = cma_cl_name_around(buf, len, e->at.off);
		return snprintf(out, n, "%s name '%.*s' has %s in it: names may hold only letters and digits",
				e->where == CMA_AT_ALLOC ? "allocator" : "region",
				(int)name.len, buf + name.off, what);
	case CMA_CL_COMMA:
		return snprintf(out, n, "%s are separated by ';', not ','",
				e->where >= CMA_AT_MAP ? "rules" : "regions");
	case CMA_CL_OVERFLOW:
		return snprintf(out, n, "number '%.*s' does not fit in 64 bits",
				(int)e->at.len, buf + e->at.off);
	case CMA_CL_OCTAL:
		return snprintf(out, n, "'%c' is not an octal digit, and a number with a leading 0 is read as octal",
				c);
	case CMA_CL_STAR:
		return snprintf(out, n, "'*' may stand only at the end of a pattern");
	case CMA_CL_EMPTY:
		return snprintf(out, n, "empty %s: expected %s",
				e->where == CMA_AT_KIND ? "kind" :
				e->where == CMA_AT_PATTERN ? "pattern" :
				"region name", want);
	case CMA_CL_PARAM_SEMI:
		return snprintf(out, n, "allocator parameters cannot contain ';'");
	case CMA_CL_NO_VALUE:
		return snprintf(out, n, "'%.*s' without a value: expected '=' and its value",
				(int)e->subject.len, buf + e->subject.off);
	case CMA_CL_NAME_UNDERSCORE:
		name = cma_cl_name_around(buf, len, e->at.off);
		return snprintf(out, n, "region name '%.*s' has '_' in it: the grammar allows only letters and digits, but the 2010 kernel and libcma take it as part of the name",
				(int)name.len, buf + name.off);
	case CMA_CL_EMPTY_NUMBER:
		return snprintf(out, n, e->where == CMA_AT_START ?
				"'@' with no start address: the kernel reads 0, and places the region anywhere" :
				"'/' with no alignment: the kernel reads 0, and aligns the region to a page");
	case CMA_CL_ZERO_ALIGN:
		return snprintf(out, n, "alignment 0 is no power of two, but the 2010 kernel and libcma read it as a page");
	case CMA_CL_EMPTY_KIND:
		return snprintf(out, n, "empty kind after '/': the kernel reads 'DEV/' as 'DEV', which takes only requests with no kind");
	case CMA_CL_EMPTY_PARAM:
		return snprintf(out, n, "%s is empty: the kernel reads it as no %s",
				param, e->where == CMA_AT_MAP ? "rules" : "regions");
	}
	return snprintf(out, n, "a problem the reader has no words for");
}

#endif /* CMA_TABLE_ONLY */
