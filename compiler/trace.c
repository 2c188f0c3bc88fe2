// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The trace reader (cma-trace(5)).  A line is an event:
 *
 *   [TIME] alloc ID DEVICE KIND SIZE [ALIGNMENT]
 *   [TIME] get ID
 *   [TIME] put ID
 *
 * with '#' starting a comment, KIND '-' for none, numbers as the language
 * writes them; or the same fields as CSV under a header naming them.
 * Both forms become the same events, checked the same way.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "glob.h"
#include "trace.h"

static const char *string_at(const void *set, uint32_t i)
{
	return ((const struct strset *)set)->s[i];
}

/* The number of the string text[0, len), added when new. */
static size_t strset_add(struct strset *set, const char *text, size_t len)
{
	uint32_t filed;

	set->index.name_of = string_at;
	set->index.owner = set;
	filed = names_add(&set->index, text, len, set->n);
	if (filed == set->n) {
		VEC_RESERVE(set->s, set->n, set->cap);
		set->s[set->n++] = xstrndup(text, len);
	}
	return filed;
}

static void strset_free(struct strset *set)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		free(set->s[i]);
	free(set->s);
	cma_names_free(&set->index);
}

/* A field of an event: where its text is, if it was given. */
struct field {
	size_t off, len;
	bool given;
};

enum field_id { F_TIME, F_OP, F_ID, F_DEV, F_KIND, F_SIZE, F_ALIGN, F_COUNT };

/* A CSV header's names for the fields, in any case. */
static const struct {
	const char *name;
	enum field_id id;
} columns[] = {
	{ "time", F_TIME }, { "timestamp", F_TIME }, { "op", F_OP },
	{ "event", F_OP }, { "id", F_ID }, { "device", F_DEV },
	{ "dev", F_DEV }, { "kind", F_KIND }, { "size", F_SIZE },
	{ "alignment", F_ALIGN }, { "align", F_ALIGN },
};

struct reader {
	struct compilation *c;
	struct srcfile *f;
	struct trace *t;
	/* the trace's own account of each ID: references, last event */
	uint32_t *refs;
	size_t *last;
	size_t ids_cap;
	double time;		/* of the last timed event */
	bool untimed;
	bool subpage_said;	/* compat-subpage is said once */
};


static struct srcpos at(const struct reader *r, const struct field *fl)
{
	return srcpos_at(r->f, fl->off, fl->len);
}

/*
 * The 2010 cma_alloc() hands its size to the allocator as it is: a
 * chunk below a page, or not a whole number of pages, is that many bytes
 * there, where libcma rounds it up (cma-map(5), THE 2010 KERNEL).
 */
static void check_subpage(struct reader *r, const struct field *fl,
			  uint64_t size)
{
	uint64_t page = r->c->policy.page_size, up;
	char a[32], b[32];

	if (r->subpage_said || !size || !(size % page) ||
	    !cma_round_up(size, page, &up))
		return;
	r->subpage_said = true;
	diag(&r->c->diags, CHECK_COMPAT_SUBPAGE, at(r, fl), NULL,
	     "on a 2010 kernel, cma_alloc() does not round size %s up to a page: the chunk takes just that there, and %s in libcma",
	     fmt_size(a, size), fmt_size(b, up));
	diag_note(&r->c->diags, srcpos_none(),
		  "so the 2010 kernel fits more such chunks in a region than the replay does; only the first such size is shown");
}

static const char *text_of(const struct reader *r, const struct field *fl)
{
	return r->f->buf + fl->off;
}

static bool is_word(const struct reader *r, const struct field *fl,
		    const char *word)
{
	return fl->len == strlen(word) &&
	       !strncmp(text_of(r, fl), word, fl->len);
}

/* Seconds: digits, and a fraction after a point. */
static bool read_time(struct reader *r, const struct field *fl, double *v)
{
	const char *s = text_of(r, fl);
	size_t i, point = 0, digits = 0;

	for (i = 0; i < fl->len; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else if (s[i] == '.' && !point)
			point = i + 1;
		else
			break;
	}
	if (i < fl->len || !digits || point == fl->len) {
		diag(&r->c->diags, CHECK_TRACE, at(r, fl), NULL,
		     "'%.*s' is not a time: times are seconds, such as 12 or 0.25",
		     (int)fl->len, s);
		return false;
	}
	*v = strtod(s, NULL);
	return true;
}

static void unknown_op(struct reader *r, const struct field *fl)
{
	static const char *const ops[] = { "alloc", "get", "put" };
	char *word = xstrndup(text_of(r, fl), fl->len);
	const char *fix = NULL;
	size_t i;

	for (i = 0; i < 3; i++)
		if (edit_distance(word, ops[i], 3) <= 2)
			fix = ops[i];
	diag(&r->c->diags, CHECK_TRACE, at(r, fl), fix,
	     "unknown event '%s': events are alloc, get and put", word);
	free(word);
}

/* Which event the word fl names; false for none. */
static bool op_of(const struct reader *r, const struct field *fl,
		  enum trace_op *op)
{
	static const char *const words[] = {
		[TRACE_ALLOC] = "alloc", [TRACE_GET] = "get", [TRACE_PUT] = "put",
	};
	int i;

	for (i = TRACE_ALLOC; i <= TRACE_PUT; i++)
		if (is_word(r, fl, words[i])) {
			*op = i;
			return true;
		}
	return false;
}

/* The ID's account: alloc makes it live, get and put need it live. */
static bool account(struct reader *r, enum trace_op op, size_t id,
		    const struct field *fl)
{
	struct diags *d = &r->c->diags;
	const char *name = r->t->ids.s[id];

	if (id >= r->ids_cap) {
		size_t n = r->ids_cap;

		r->ids_cap = 2 * id + 16;
		r->refs = xrealloc(r->refs, r->ids_cap * sizeof(*r->refs));
		r->last = xrealloc(r->last, r->ids_cap * sizeof(*r->last));
		for (; n < r->ids_cap; n++) {
			r->refs[n] = 0;
			r->last[n] = (size_t)-1;
		}
	}
	if (op == TRACE_ALLOC && r->refs[id]) {
		diag(d, CHECK_TRACE, at(r, fl), NULL,
		     "chunk '%s' is allocated again while it is live: put it first, or give this allocation another ID",
		     name);
		diag_note(d, r->t->events[r->last[id]].pos,
			  "its last event, which left it live");
		return false;
	}
	if (op != TRACE_ALLOC && !r->refs[id]) {
		diag(d, CHECK_TRACE, at(r, fl), NULL,
		     "no live chunk '%s' to %s: an ID is live from its alloc until as many puts as it had references",
		     name, op == TRACE_GET ? "get" : "put");
		if (r->last[id] != (size_t)-1)
			diag_note(d, r->t->events[r->last[id]].pos,
				  "its last event, which freed it");
		return false;
	}
	if (op == TRACE_GET && r->refs[id] == UINT32_MAX) {
		diag(d, CHECK_TRACE, at(r, fl), NULL,
		     "chunk '%s' would have 2^32 references: the runtime refuses the last get",
		     name);
		return false;
	}
	r->refs[id] += op == TRACE_ALLOC || op == TRACE_GET ? 1 : -1;
	r->last[id] = r->t->nevents;
	return true;
}

/* The field's text, kept once however many events name it. */
static const char *name_of(struct trace *t, const struct reader *r,
			   const struct field *fl)
{
	size_t i = strset_add(&t->names, text_of(r, fl), fl->len);

	return t->names.s[i];
}

/* One event from its fields; line is the whole of it. */
static void add_event(struct reader *r, const struct field *fl,
		      struct srcpos line)
{
	struct diags *d = &r->c->diags;
	struct trace *t = r->t;
	struct trace_event ev = { 0 };
	unsigned int errors = d->errors;
	const struct field *op = &fl[F_OP];

	ev.pos = line;
	ev.rule = -1;
	if (fl[F_TIME].given && read_time(r, &fl[F_TIME], &ev.time)) {
		ev.has_time = true;
		if (ev.time < r->time) {
			diag(d, CHECK_TRACE, at(r, &fl[F_TIME]), NULL,
			     "time %.*s is before the previous event's: events are in the order they happened",
			     (int)fl[F_TIME].len, text_of(r, &fl[F_TIME]));
		}
		r->time = ev.time;
	} else {
		r->untimed = true;
	}
	if (!op_of(r, op, &ev.op)) {
		unknown_op(r, op);
		return;
	}
	if (!fl[F_ID].given || !fl[F_ID].len) {
		diag(d, CHECK_TRACE, srcpos_at(r->f, op->off + op->len, 0), NULL,
		     "%.*s wants the chunk's ID next", (int)op->len,
		     text_of(r, op));
		return;
	}
	if (ev.op == TRACE_ALLOC) {
		static const char *const want[] = {
			[F_DEV] = "the device", [F_KIND] = "the kind ('-' for none)",
			[F_SIZE] = "the size",
		};
		int k;

		for (k = F_DEV; k <= F_SIZE; k++) {
			if (fl[k].given && fl[k].len)
				continue;
			if (k == F_KIND && fl[k].given)
				continue;	/* an empty CSV field: no kind */
			diag(d, CHECK_TRACE,
			     fl[k].given ? at(r, &fl[k]) :
			     srcpos_at(r->f, line.off + line.len, 0), NULL,
			     "alloc wants ID DEVICE KIND SIZE [ALIGNMENT]: %s is missing",
			     want[k]);
			return;
		}
		ev.dev = name_of(t, r, &fl[F_DEV]);
		if (fl[F_KIND].len && !is_word(r, &fl[F_KIND], "-"))
			ev.kind = name_of(t, r, &fl[F_KIND]);
		if (read_number(d, text_of(r, &fl[F_SIZE]), fl[F_SIZE].len,
				at(r, &fl[F_SIZE]), &ev.size))
			check_subpage(r, &fl[F_SIZE], ev.size);
		if (fl[F_ALIGN].given && fl[F_ALIGN].len)
			read_number(d, text_of(r, &fl[F_ALIGN]), fl[F_ALIGN].len,
				    at(r, &fl[F_ALIGN]), &ev.align);
	}
	if (d->errors != errors)
		return;
	ev.id = strset_add(&t->ids, text_of(r, &fl[F_ID]), fl[F_ID].len);
	if (!account(r, ev.op, ev.id, &fl[F_ID]))
		return;
	VEC_RESERVE(t->events, t->nevents, t->events_cap);
	t->events[t->nevents++] = ev;
	t->counts[ev.op]++;
}

static bool blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r';
}

/* The line [from, to) without a comment and the blanks around it. */
static void trim(const char *buf, size_t *from, size_t *to)
{
	const char *hash = memchr(buf + *from, '#', *to - *from);

	if (hash)
		*to = hash - buf;
	while (*from < *to && blank(buf[*from]))
		(*from)++;
	while (*to > *from && blank(buf[*to - 1]))
		(*to)--;
}

static void read_words_line(struct reader *r, size_t from, size_t to)
{
	static const enum field_id order[] = {
		F_OP, F_ID, F_DEV, F_KIND, F_SIZE, F_ALIGN,
	};
	struct field fl[F_COUNT] = { { 0 } };
	const char *buf = r->f->buf;
	size_t i = from, nwords = 0, extra = 0;
	struct field word;
	enum trace_op op;
	bool known;

	while (i < to) {
		word.off = i;
		while (i < to && !blank(buf[i]))
			i++;
		word.len = i - word.off;
		word.given = true;
		while (i < to && blank(buf[i]))
			i++;
		if (!nwords && !fl[F_TIME].given && buf[word.off] >= '0' &&
		    buf[word.off] <= '9')
			fl[F_TIME] = word;
		else if (nwords < 6)
			fl[order[nwords++]] = word;
		else if (!extra)
			extra = word.off;
	}
	if (!nwords) {
		diag(&r->c->diags, CHECK_TRACE, at(r, &fl[F_TIME]), NULL,
		     "a time with no event after it: alloc, get or put");
		return;
	}
	known = op_of(r, &fl[F_OP], &op);
	if (known && op != TRACE_ALLOC && fl[F_DEV].given)
		extra = fl[F_DEV].off;
	if (known && extra) {
		bool alloc = op == TRACE_ALLOC;

		diag(&r->c->diags, CHECK_TRACE,
		     srcpos_at(r->f, extra, to - extra), NULL,
		     "%.*s takes %s: what follows is one field too many",
		     (int)fl[F_OP].len, text_of(r, &fl[F_OP]),
		     alloc ? "ID DEVICE KIND SIZE [ALIGNMENT]" : "only the ID");
		return;
	}
	add_event(r, fl, srcpos_at(r->f, from, to - from));
}

/* CSV: the header names the columns, in any order. */
struct csv {
	enum field_id col[F_COUNT];
	size_t ncols;
};

static bool read_csv_header(struct reader *r, struct csv *csv, size_t from,
			    size_t to)
{
	const char *buf = r->f->buf;
	bool seen[F_COUNT] = { false };
	size_t i = from;

	csv->ncols = 0;
	for (;;) {
		size_t s = i, e;
		int k = F_COUNT;
		size_t j;

		while (i < to && buf[i] != ',')
			i++;
		e = i;
		trim(buf, &s, &e);
		for (j = 0; j < sizeof(columns) / sizeof(columns[0]); j++)
			if (e - s == strlen(columns[j].name) &&
			    !strncasecmp(buf + s, columns[j].name, e - s))
				k = columns[j].id;
		if (k == F_COUNT || seen[k] || csv->ncols == F_COUNT) {
			diag(&r->c->diags, CHECK_TRACE,
			     srcpos_at(r->f, s, e - s), NULL,
			     k == F_COUNT ?
			     "unknown column '%.*s': a CSV trace's header names time, op, id, device, kind, size and alignment" :
			     "column '%.*s' is named twice",
			     (int)(e - s), buf + s);
			return false;
		}
		seen[k] = true;
		csv->col[csv->ncols++] = k;
		if (i == to)
			break;
		i++;
	}
	if (!seen[F_OP] || !seen[F_ID]) {
		diag(&r->c->diags, CHECK_TRACE, srcpos_at(r->f, from, to - from),
		     NULL, "a CSV trace's header names at least the columns op and id");
		return false;
	}
	return true;
}

static void read_csv_line(struct reader *r, const struct csv *csv,
			  size_t from, size_t to)
{
	/* Without a kind column, every alloc asks for no kind. */
	struct field fl[F_COUNT] = { [F_KIND] = { .given = true } };
	const char *buf = r->f->buf;
	size_t i = from, n = 0;

	for (;;) {
		size_t s = i, e;

		while (i < to && buf[i] != ',')
			i++;
		e = i;
		trim(buf, &s, &e);
		if (n == csv->ncols) {
			diag(&r->c->diags, CHECK_TRACE,
			     srcpos_at(r->f, s - 1, to - s + 1), NULL,
			     "this row has more fields than the header's %zu columns",
			     csv->ncols);
			return;
		}
		fl[csv->col[n]].off = s;
		fl[csv->col[n]].len = e - s;
		fl[csv->col[n]].given = e > s || csv->col[n] == F_KIND;
		n++;
		if (i == to)
			break;
		i++;
	}
	if (!fl[F_OP].given) {
		diag(&r->c->diags, CHECK_TRACE, srcpos_at(r->f, from, to - from),
		     NULL, "this row has no op: alloc, get or put");
		return;
	}
	add_event(r, fl, srcpos_at(r->f, from, to - from));
}

void trace_read(struct compilation *c, struct srcfile *f, struct trace *t)
{
	struct reader r = { .c = c, .f = f, .t = t };
	struct csv csv;
	bool first = true, is_csv = false;
	size_t pos = 0;

	memset(t, 0, sizeof(*t));
	t->file = f;
	while (pos < f->len) {
		const char *nl = memchr(f->buf + pos, '\n', f->len - pos);
		size_t end = nl ? (size_t)(nl - f->buf) : f->len;
		size_t from = pos, to = end;

		pos = end + 1;
		trim(f->buf, &from, &to);
		if (from == to)
			continue;
		if (memchr(f->buf + from, '\0', to - from)) {
			diag(&c->diags, CHECK_TRACE, srcpos_at(f, from, to - from),
			     NULL, "a NUL byte: a trace is text");
			break;
		}
		if (first) {
			first = false;
			is_csv = memchr(f->buf + from, ',', to - from) != NULL;
			if (is_csv) {
				if (!read_csv_header(&r, &csv, from, to))
					break;
				continue;
			}
		}
		if (is_csv)
			read_csv_line(&r, &csv, from, to);
		else
			read_words_line(&r, from, to);
	}
	t->timed = t->nevents && !r.untimed;
	free(r.refs);
	free(r.last);
}

void trace_match(const struct compilation *c, struct trace *t)
{
	const struct policy *p = &c->policy;
	size_t i, j, k;

	for (i = 0; i < t->nevents; i++) {
		struct trace_event *ev = &t->events[i];

		if (ev->op != TRACE_ALLOC)
			continue;
		ev->rule = -1;
		for (j = 0; j < p->nrules && ev->rule < 0; j++)
			for (k = 0; k < p->rules[j].npatterns; k++)
				if (pattern_takes(&p->rules[j].patterns[k],
						  ev->dev, ev->kind)) {
					ev->rule = j;
					break;
				}
	}
}

void trace_free(struct trace *t)
{
	free(t->events);
	strset_free(&t->ids);
	strset_free(&t->names);
}
