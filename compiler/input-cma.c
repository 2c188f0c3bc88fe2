// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The region-map language front end: numbers, strings, constants and
 * expressions, includes, and the calls with which the parser's actions
 * fill the model.  The lexer and parser are in grammar/.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lang.h"
#include "parser.h"
/* flex's header names the types bison's api.prefix renamed. */
#define YYSTYPE CMAYYSTYPE
#define YYLTYPE CMAYYLTYPE
#include "lexer.h"

void lang_advance(struct lang *l, struct srcpos *loc, size_t len)
{
	struct lang_frame *fr = &l->frames[l->depth];

	loc->file = fr->file;
	loc->off = fr->off;
	loc->len = len;
	fr->off += len;
}

void lang_token(struct lang *l, int token, const struct srcpos *loc)
{
	l->last_token = token;
	l->prev = l->last;
	l->last = *loc;
	l->prev_field = l->last_field;
	l->last_field = l->field;
	l->prev_after_arrow = l->last_after_arrow;
	l->last_after_arrow = l->after_arrow;
}

void lang_error(struct lang *l, struct srcpos at, const char *fmt, ...)
{
	struct strbuf sb = { 0 };
	va_list ap;

	va_start(ap, fmt);
	sb_vprintf(&sb, fmt, ap);
	va_end(ap);
	diag(&l->c->diags, CHECK_SYNTAX, at, NULL, "%s", sb.buf);
	sb_free(&sb);
}

/*
 * Numbers: decimal or 0x hex, '_' between digits as a reader's aid, and a
 * suffix K M G T P E or KiB ... EiB, each a factor of 1024.  A leading 0
 * is refused: the command line would read such a number as octal.
 */
static bool is_digit_of(char ch, unsigned int base)
{
	return (ch >= '0' && ch <= '9') ||
	       (base == 16 && ((ch >= 'a' && ch <= 'f') ||
			       (ch >= 'A' && ch <= 'F')));
}

/* cma-map(5) puts '_' between two digits, and nowhere else. */
static bool underscores_between_digits(struct diags *d, const char *text,
				       size_t len, size_t from,
				       unsigned int base, struct srcpos at)
{
	size_t i, n = 0;
	char *fix;

	for (i = from; i < len; i++)
		if (text[i] == '_' &&
		    (i == from || !is_digit_of(text[i - 1], base) ||
		     i + 1 == len || !is_digit_of(text[i + 1], base)))
			break;
	if (i == len)
		return true;
	fix = xmalloc(len + 1);
	for (i = 0; i < len; i++)
		if (text[i] != '_')
			fix[n++] = text[i];
	fix[n] = '\0';
	diag(d, CHECK_SYNTAX, at, fix,
	     "'%.*s' has a '_' that is not between two digits, the one place a number may have one",
	     (int)len, text);
	free(fix);
	return false;
}

bool read_number(struct diags *d, const char *text, size_t len,
		 struct srcpos at, uint64_t *value)
{
	static const char units[] = "KMGTPE";
	size_t i = 0, digits = 0;
	unsigned int base = 10, shift = 0;
	bool overflow = false;
	uint64_t v = 0;
	const char *u;

	*value = 0;
	if (len > 1 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
		base = 16;
		i = 2;
	}
	if (!underscores_between_digits(d, text, len, i, base, at))
		return false;
	for (; i < len; i++) {
		int dv;

		if (text[i] == '_')
			continue;
		if (text[i] >= '0' && text[i] <= '9')
			dv = text[i] - '0';
		else if (base == 16 && text[i] >= 'a' && text[i] <= 'f')
			dv = text[i] - 'a' + 10;
		else if (base == 16 && text[i] >= 'A' && text[i] <= 'F')
			dv = text[i] - 'A' + 10;
		else
			break;
		if (v > (UINT64_MAX - dv) / base)
			overflow = true;
		v = v * base + dv;
		digits++;
	}
	if (!digits) {
		diag(d, CHECK_SYNTAX, at, NULL,
		     "'%.*s' has no digits after '0x'", (int)len, text);
		return false;
	}
	if (base == 10 && text[0] == '0' && digits > 1) {
		char *fix = xmalloc(len + 1);
		size_t skip = 0;

		while (skip + 1 < len && (text[skip] == '0' || text[skip] == '_'))
			skip++;
		memcpy(fix, text + skip, len - skip);
		fix[len - skip] = '\0';
		diag(d, CHECK_SYNTAX, at, fix,
		     "'%.*s' starts with 0: numbers are decimal or 0x hex, never octal",
		     (int)len, text);
		free(fix);
		return false;
	}
	if (i < len) {
		const char *suffix = text + i;
		size_t n = len - i;

		u = strchr(units, suffix[0]);
		if (!u || !suffix[0] || !(n == 1 || (n == 3 && !strncmp(suffix + 1, "iB", 2)))) {
			/* 256m, 256mib, 256MB: the suffix it must mean. */
			const char *up = suffix[0] ? strchr(units, suffix[0] & ~0x20) : NULL;
			bool ib = n == 3 && (suffix[1] | 0x20) == 'i' &&
				  (suffix[2] | 0x20) == 'b';
			bool meant = up && *up && (n == 1 || ib ||
				     (n == 2 && (suffix[1] | 0x20) == 'b'));
			char fix[64];

			snprintf(fix, sizeof(fix), "%.*s%c%s", (int)i, text,
				 meant ? *up : 'M', ib ? "iB" : "");
			if (meant)
				diag(d, CHECK_SYNTAX, at, fix,
				     "unknown suffix '%.*s' in '%.*s': suffixes are upper case and binary (K, M, G, T, P, E or KiB ... EiB, each 1024 of the one before): '%s'",
				     (int)n, suffix, (int)len, text, fix);
			else
				diag(d, CHECK_SYNTAX, at, NULL,
				     "unknown suffix '%.*s' in '%.*s': sizes take K, M, G, T, P, E or KiB, MiB, GiB, TiB, PiB, EiB",
				     (int)n, suffix, (int)len, text);
			return false;
		}
		shift = 10 * (unsigned int)(u - units + 1);
	}
	if (overflow || (shift && v > (UINT64_MAX >> shift))) {
		diag(d, CHECK_OVERFLOW, at, NULL,
		     "'%.*s' does not fit in 64 bits", (int)len, text);
		return false;
	}
	*value = v << shift;
	return true;
}

/* A string's text: \" and \\ are the only escapes. */
char *lang_string(struct lang *l, const char *text, size_t len,
		  struct srcpos at)
{
	char *out = xmalloc(len + 1);
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		if (text[i] == '\\' && i + 1 < len) {
			i++;
			if (text[i] != '"' && text[i] != '\\') {
				struct srcpos esc = at;

				esc.off += i;
				esc.len = 2;
				diag(&l->c->diags, CHECK_SYNTAX, esc, NULL,
				     "unknown escape '\\%c' in a string: only \\\" and \\\\ are known",
				     text[i]);
			}
		}
		out[n++] = text[i];
	}
	out[n] = '\0';
	return out;
}

/* The includer's folder; NULL: the working folder (standard input's). */
static char *includer_folder(const struct lang *l)
{
	const char *from = l->frames[l->depth].file->name;
	const char *slash = strrchr(from, '/');

	return slash && strcmp(from, "<stdin>") ?
	       xstrndup(from, (size_t)(slash - from)) : NULL;
}

/* Where to look for an include: beside the includer, then the -i folders. */
static char *find_include(struct lang *l, const char *path)
{
	const struct options *o = l->c->opts;
	char *dir, *cand;
	size_t i;

#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
	/* Fuzzed sources must not read this machine's files. */
	return NULL;
#endif
	if (path[0] == '/')
		return access(path, R_OK) ? NULL : xstrdup(path);
	dir = includer_folder(l);
	cand = xmalloc((dir ? strlen(dir) : 0) + strlen(path) + 2);
	if (dir)
		sprintf(cand, "%s/%s", dir, path);
	else
		strcpy(cand, path);
	free(dir);
	if (!access(cand, R_OK))
		return cand;
	free(cand);
	for (i = 0; i < o->ninclude_dirs; i++) {
		cand = xmalloc(strlen(o->include_dirs[i]) + strlen(path) + 2);
		sprintf(cand, "%s/%s", o->include_dirs[i], path);
		if (!access(cand, R_OK))
			return cand;
		free(cand);
	}
	return NULL;
}

/*
 * The file most like path's name in folder dir (path's own folder part
 * added), within two edits: "soc.cm" finds "soc.cma".  NULL: none.
 */
static char *nearest_file(const char *dir, const char *path)
{
	const char *base = strrchr(path, '/');
	size_t sub = base ? (size_t)(base - path) + 1 : 0, best = 3, d;
	char *folder, *found = NULL;
	struct dirent *e;
	DIR *dp;

	base = path + sub;
	folder = xmalloc(strlen(dir) + sub + 2);
	sprintf(folder, "%s/%.*s", dir, (int)sub, path);
	dp = opendir(folder);
	free(folder);
	if (!dp)
		return NULL;
	while ((e = readdir(dp)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		d = edit_distance(base, e->d_name, best);
		if (d < best) {
			best = d;
			free(found);
			found = xmalloc(sub + strlen(e->d_name) + 1);
			sprintf(found, "%.*s%s", (int)sub, path, e->d_name);
		}
	}
	closedir(dp);
	return found;
}

/* Where a missing include may have meant: beside the includer, then -i's. */
static char *nearest_include(struct lang *l, const char *path)
{
	const struct options *o = l->c->opts;
	char *dir, *near;
	size_t i;

#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
	return NULL;
#endif
	if (path[0] == '/')
		return NULL;
	dir = includer_folder(l);
	near = nearest_file(dir ? dir : ".", path);
	free(dir);
	for (i = 0; !near && i < o->ninclude_dirs; i++)
		near = nearest_file(o->include_dirs[i], path);
	return near;
}

/* Notes a file as read; false when it was read already. */
static const char *seen_path(const void *lang, uint32_t i)
{
	return ((const struct lang *)lang)->seen[i];
}

static bool first_time(struct lang *l, const char *path)
{
	char *real = realpath(path, NULL);

	if (!real)
		return true;
	if (names_add(&l->seen_index, real, strlen(real), l->nseen) !=
	    l->nseen) {
		free(real);
		return false;
	}
	VEC_RESERVE(l->seen, l->nseen, l->seen_cap);
	l->seen[l->nseen++] = real;
	return true;
}

bool lang_include(struct lang *l, const char *path, struct srcpos at)
{
	const struct options *o = l->c->opts;
	struct srcfile *f;
	char *found;

	if (l->depth >= LANG_MAX_INCLUDE_DEPTH) {
		diag(&l->c->diags, CHECK_INCLUDE, at, NULL,
		     "includes nest more than %d deep here", LANG_MAX_INCLUDE_DEPTH);
		return false;
	}
	found = find_include(l, path);
	if (!found) {
		char *near = nearest_include(l, path), *fix = NULL;
		size_t i;

		if (near) {
			fix = xmalloc(strlen(near) + 3);
			sprintf(fix, "\"%s\"", near);
		}
		l->c->include_missing = true;
		diag(&l->c->diags, CHECK_INCLUDE, at, fix,
		     "cannot find the included file '%s'", path);
		if (near)
			diag_note(&l->c->diags, srcpos_none(),
				  "did you mean '%s'?", near);
		diag_note(&l->c->diags, srcpos_none(),
			  "looked beside the including file%s",
			  o->ninclude_dirs ? " and in:" : "; -i DIR adds a folder to look in");
		for (i = 0; i < o->ninclude_dirs; i++)
			diag_note(&l->c->diags, srcpos_none(), "  %s",
				  o->include_dirs[i]);
		diag_note(&l->c->diags, srcpos_none(),
			  "the policy's checks wait until it is found: what it defines is missing");
		free(near);
		free(fix);
		return false;
	}
	if (!first_time(l, found)) {
		free(found);
		return false;
	}
	f = compilation_read(l->c, found);
	if (!f && errno == ENOMEM)
		out_of_memory(0);
	if (!f) {
		diag(&l->c->diags, CHECK_INCLUDE, at, NULL,
		     "cannot read the included file '%s': %s", found,
		     errno == EFBIG ? "it is over 1 GiB, more than cmacc reads of one input" :
		     strerror(errno));
		free(found);
		return false;
	}
	free(found);
	f->included_from = at;
	l->depth++;
	l->frames[l->depth].file = f;
	l->frames[l->depth].off = 0;
	return true;
}

void lang_pop(struct lang *l)
{
	l->depth--;
}

struct lang_value lang_literal(uint64_t v)
{
	struct lang_value r = { v, true };

	return r;
}

static struct lang_value bad(void)
{
	struct lang_value r = { 0, false };

	return r;
}

static const char *constant_name(const void *lang, uint32_t i)
{
	return ((const struct lang *)lang)->consts[i].name;
}

static struct lang_constant *find_constant(struct lang *l, const char *name)
{
	long i = cma_names_find(&l->const_index, name, strlen(name));

	return i < 0 ? NULL : &l->consts[i];
}

struct lang_value lang_constant_ref(struct lang *l, char *name,
				    struct srcpos at)
{
	struct lang_constant *k = find_constant(l, name);
	const char *near = NULL;
	size_t i, best = 3;

	if (k) {
		free(name);
		return k->value;
	}
	/* Each guess reads every name: a few are enough (as for regions). */
	for (i = 0; l->const_guesses < 64 && i < l->nconsts; i++) {
		size_t dist = edit_distance(name, l->consts[i].name, 2);

		if (dist < best) {
			best = dist;
			near = l->consts[i].name;
		}
	}
	l->const_guesses++;
	diag(&l->c->diags, CHECK_UNDEFINED_CONSTANT, at, near,
	     "'%s' is not a constant defined before this point", name);
	if (near)
		diag_note(&l->c->diags, srcpos_none(), "did you mean '%s'?", near);
	free(name);
	return bad();
}

struct lang_value lang_binary(struct lang *l, int op, struct lang_value a,
			      struct lang_value b, struct srcpos op_at,
			      struct srcpos whole)
{
	struct diags *d = &l->c->diags;
	uint64_t x = a.v, y = b.v;

	if (!a.ok || !b.ok)
		return bad();
	switch (op) {
	case '+':
		if (x > UINT64_MAX - y)
			goto overflow;
		return lang_literal(x + y);
	case '-':
		if (y > x) {
			diag(d, CHECK_EXPRESSION, whole, NULL,
			     "'%.*s' is negative (%llu - %llu): values here are sizes and addresses, never below 0",
			     (int)whole.len, whole.file->buf + whole.off,
			     (unsigned long long)x, (unsigned long long)y);
			return bad();
		}
		return lang_literal(x - y);
	case '*':
		if (x && y > UINT64_MAX / x)
			goto overflow;
		return lang_literal(x * y);
	case '/':
	case '%':
		if (!y) {
			diag(d, CHECK_EXPRESSION, op_at, NULL,
			     "division by zero in '%.*s'", (int)whole.len,
			     whole.file->buf + whole.off);
			return bad();
		}
		return lang_literal(op == '/' ? x / y : x % y);
	case T_SHL:
		if (y >= 64 || (x && x > (UINT64_MAX >> y)))
			goto overflow;
		return lang_literal(x << y);
	case T_SHR:
		if (y >= 64) {
			diag(d, CHECK_EXPRESSION, whole, NULL,
			     "'%.*s' shifts by %llu: a shift takes 0 to 63",
			     (int)whole.len, whole.file->buf + whole.off,
			     (unsigned long long)y);
			return bad();
		}
		return lang_literal(x >> y);
	case T_ALIGN_UP:	/* x rounded up to a multiple of y */
		if (!y) {
			diag(d, CHECK_EXPRESSION, op_at, NULL,
			     "'%.*s' aligns to 0: align_up(VALUE, MULTIPLE) takes a multiple above 0",
			     (int)whole.len, whole.file->buf + whole.off);
			return bad();
		}
		if (x % y && x > UINT64_MAX - (y - x % y))
			goto overflow;
		return lang_literal(x % y ? x + (y - x % y) : x);
	}
	return bad();
overflow:
	diag(d, CHECK_OVERFLOW, whole, NULL, "'%.*s' does not fit in 64 bits",
	     (int)whole.len, whole.file->buf + whole.off);
	return bad();
}

void lang_define_constant(struct lang *l, char *name, struct srcpos name_at,
			  struct lang_value v)
{
	struct lang_constant *k = find_constant(l, name);

	if (k) {
		diag(&l->c->diags, CHECK_DUPLICATE_DEFINITION, name_at, NULL,
		     "constant '%s' is defined twice", name);
		diag_note(&l->c->diags, k->pos, "first defined here");
		free(name);
		return;
	}
	names_add(&l->const_index, name, strlen(name), l->nconsts);
	VEC_RESERVE(l->consts, l->nconsts, l->consts_cap);
	k = &l->consts[l->nconsts++];
	k->name = name;
	k->pos = name_at;
	k->value = v;
}

static void block_begin(struct lang *l, const char *block, const char *name)
{
	l->block = block;
	free(l->block_name);
	l->block_name = name ? xstrdup(name) : NULL;
	memset(l->region_seen, 0, sizeof(l->region_seen));
}

void lang_block_end(struct lang *l)
{
	l->block = NULL;
	free(l->block_name);
	l->block_name = NULL;
	l->region = NULL;
	l->bank = NULL;
	lang_recover(l);
}

void lang_region_begin(struct lang *l, char *name, struct srcpos at)
{
	struct policy *p = &l->c->policy;
	long i = policy_find(p, name);

	block_begin(l, "region", name);
	if (i >= 0) {
		l->region = &p->regions[i];
		free(name);
		return;
	}
	l->region = policy_add_region(p);
	l->region->name = name;
	l->region->name_pos = at;
	l->region->pos = at;
	policy_index_region(p, p->nregions - 1);
}

void lang_region_end(struct lang *l, struct srcpos whole)
{
	if (l->region && l->region->pos.off == l->region->name_pos.off &&
	    l->region->pos.file == whole.file)
		l->region->pos = whole;
	lang_block_end(l);
}

/* A field given twice in one block is an error; over an earlier block, a note. */
static bool take_field(struct lang *l, enum lang_field field, const char *what,
		       bool had, struct srcpos earlier, struct srcpos at,
		       const char *old_value)
{
	struct diags *d = &l->c->diags;

	if (l->region_seen[field].file) {
		diag(d, CHECK_DUPLICATE_DEFINITION, at, NULL,
		     "the %s of %s '%s' is given twice", what, l->block,
		     l->block_name);
		diag_note(d, l->region_seen[field], "first given here");
		return false;
	}
	l->region_seen[field] = at;
	if (had && earlier.file) {
		diag(d, CHECK_OVERRIDE, at, NULL,
		     "the %s of %s '%s' replaces %s, given earlier", what,
		     l->block, l->block_name, old_value);
		diag_note(d, earlier, "the earlier %s", what);
	}
	return true;
}

void lang_region_number(struct lang *l, enum lang_field field,
			struct lang_value v, struct srcpos at)
{
	struct region *r = l->region;
	char old[32];

	if (!r)
		return;
	if (!v.ok)
		r->broken = true;
	switch (field) {
	case FIELD_SIZE:
		if (take_field(l, field, "size", r->has_size, r->size_pos, at,
			       fmt_size(old, r->size))) {
			r->size = v.v;
			r->size_pos = at;
			r->has_size = true;
		}
		break;
	case FIELD_START:
		if (take_field(l, field, "start", r->has_start, r->start_pos, at,
			       fmt_addr(old, r->start))) {
			r->start = v.v;
			r->start_pos = at;
			r->has_start = true;
		}
		break;
	case FIELD_ALIGN:
		if (take_field(l, field, "alignment", r->has_align, r->align_pos,
			       at, fmt_size(old, r->align))) {
			r->align = v.v;
			r->align_pos = at;
			r->has_align = true;
		}
		break;
	default:
		break;
	}
}

void lang_region_text(struct lang *l, enum lang_field field, char *text,
		      struct srcpos at)
{
	struct region *r = l->region;
	char **slot;
	struct srcpos *pos;
	struct strbuf old = { 0 };

	if (!r) {
		free(text);
		return;
	}
	slot = field == FIELD_ALLOCATOR ? &r->alloc : &r->params;
	pos = field == FIELD_ALLOCATOR ? &r->alloc_pos : &r->params_pos;
	if (*slot)
		sb_printf(&old, "'%s'", *slot);
	if (take_field(l, field,
		       field == FIELD_ALLOCATOR ? "allocator" : "parameters",
		       *slot != NULL, *pos, at, old.buf ? old.buf : "")) {
		free(*slot);
		*slot = text;
		*pos = at;
	} else {
		free(text);
	}
	sb_free(&old);
}

void lang_page_size(struct lang *l, struct lang_value v, struct srcpos at)
{
	struct policy *p = &l->c->policy;
	char a[32];

	if (p->page_size_pos.file) {
		diag(&l->c->diags, CHECK_DUPLICATE_DEFINITION, at, NULL,
		     "the page size is given twice");
		diag_note(&l->c->diags, p->page_size_pos, "first given here");
		return;
	}
	p->page_size_pos = at;
	if (!v.ok)
		return;
	if (!is_power_of_2(v.v)) {
		diag(&l->c->diags, CHECK_ALIGNMENT, at, NULL,
		     "page size %s is not a power of two", fmt_size(a, v.v));
		return;
	}
	p->page_size = v.v;
}

void lang_region_flag(struct lang *l, enum lang_field field, struct srcpos at)
{
	struct region *r = l->region;
	bool reusable = field == FIELD_REUSABLE;

	if (!r || !take_field(l, field, reusable ? "reusable flag" : "no_map flag",
			      false, srcpos_none(), at, ""))
		return;
	if (reusable) {
		r->reusable = true;
		r->reusable_pos = at;
	} else {
		/* no_map alone is a coherent pool, not a CMA one. */
		r->no_map = true;
		r->no_map_pos = at;
		if (!r->reusable_pos.file)
			r->reusable = false;
	}
}

void lang_region_range(struct lang *l, struct lang_value base,
		       struct lang_value size, struct srcpos base_at,
		       struct srcpos size_at)
{
	struct region *r = l->region;
	struct addr_range *a;
	char b[32], a_text[32];

	if (!r)
		return;
	if (!base.ok || !size.ok) {
		r->broken = true;
		return;
	}
	if (!size.v) {
		diag(&l->c->diags, CHECK_ZERO_SIZE, size_at, NULL,
		     "an allocation range needs a size above zero: alloc_range = BASE, SIZE;");
		r->broken = true;
		return;
	}
	if (base.v > UINT64_MAX - (size.v - 1)) {
		diag(&l->c->diags, CHECK_OVERFLOW, size_at, NULL,
		     "an allocation range of %s from %s passes the end of the address space",
		     fmt_size(b, size.v), fmt_addr(a_text, base.v));
		r->broken = true;
		return;
	}
	a = region_add_range(r);
	a->base = base.v;
	a->size = size.v;
	a->pos = base_at;
	a->pos.len = size_at.off + size_at.len - base_at.off;
}

static const char *bank_name(const void *policy, uint32_t i)
{
	return ((const struct policy *)policy)->banks[i].name;
}

static const char *reserved_name(const void *policy, uint32_t i)
{
	return ((const struct policy *)policy)->reserved[i].name;
}

void lang_bank_begin(struct lang *l, char *name, struct srcpos at,
		     bool reserved)
{
	struct policy *p = &l->c->policy;
	struct cma_names *index = reserved ? &l->reserved_index : &l->bank_index;
	size_t n = reserved ? p->nreserved : p->nbanks;
	struct bank *all = reserved ? p->reserved : p->banks;
	uint32_t first;

	block_begin(l, reserved ? "reserved" : "bank", name);
	first = names_add(index, name, strlen(name), n);
	if (first != n) {
		diag(&l->c->diags, CHECK_DUPLICATE_DEFINITION, at, NULL,
		     "%s '%s' is defined twice", l->block, name);
		diag_note(&l->c->diags, all[first].name_pos,
			  "first defined here");
		free(name);
		l->bank = NULL;
		return;
	}
	l->bank = reserved ? policy_add_reserved(p) : policy_add_bank(p);
	l->bank->name = name;
	l->bank->name_pos = at;
	l->bank->pos = at;
}

void lang_bank_number(struct lang *l, enum lang_field field,
		      struct lang_value v, struct srcpos at)
{
	struct bank *b = l->bank;

	if (!b || !take_field(l, field, field == FIELD_BASE ? "base" : "size",
			      false, srcpos_none(), at, ""))
		return;
	if (field == FIELD_BASE) {
		b->base = v.v;
		b->base_pos = at;
		b->has_base = v.ok;
	} else {
		b->size = v.v;
		b->size_pos = at;
		b->has_size = v.ok;
	}
}

void lang_bank_end(struct lang *l, struct srcpos whole)
{
	struct bank *b = l->bank;

	if (b) {
		b->pos = whole;
		if (!b->base_pos.file || !b->size_pos.file)
			diag(&l->c->diags, CHECK_MISSING_FIELD, b->name_pos,
			     NULL, "%s '%s' needs %s", l->block, b->name,
			     !b->base_pos.file && !b->size_pos.file ?
			     "a base and a size" :
			     !b->base_pos.file ? "a base" : "a size");
	}
	/* The bank is over; the memory block goes on. */
	l->bank = NULL;
	l->block = "memory";
	free(l->block_name);
	l->block_name = NULL;
}

void lang_map_begin(struct lang *l, struct srcpos at)
{
	block_begin(l, "map", NULL);
	l->c->policy.has_map = true;
}

void lang_rule_begin(struct lang *l)
{
	l->rule = policy_add_rule(&l->c->policy);
}

void lang_pattern(struct lang *l, char *dev, char *kind, struct srcpos at)
{
	struct pattern *p;

	if (!l->rule) {
		free(dev);
		free(kind);
		return;
	}
	p = rule_add_pattern(l->rule);
	/*
	 * 'kind K' alone is the command line's "/K": the device before it;
	 * 'kind ""' alone its "/": that device, with no kind.
	 */
	if (!dev && kind && !*kind) {
		free(kind);
		kind = NULL;
	}
	if (!dev && l->last_dev) {
		dev = xstrdup(l->last_dev);
		p->inherited = true;
	}
	p->dev = dev;
	p->kind = kind;
	p->pos = at;
	if (dev)
		l->last_dev = dev;
}

void lang_target(struct lang *l, char *name, struct srcpos at)
{
	struct target *t;

	if (!l->rule) {
		free(name);
		return;
	}
	t = rule_add_target(l->rule);
	t->name = name;
	t->pos = at;
}

void lang_recover(struct lang *l)
{
	/* What follows an error in a region would only echo it. */
	if (l->region)
		l->region->broken = true;
	if (l->rule) {
		l->rule->broken = true;
		l->c->policy.rules_incomplete = true;
		l->rule = NULL;
	}
}

void lang_lost_statement(struct lang *l)
{
	/* It may have been a region: names of regions are now in doubt. */
	l->c->policy.regions_incomplete = true;
	if (l->region)
		l->region->broken = true;
	lang_block_end(l);
}

void lang_rule_end(struct lang *l, struct srcpos whole)
{
	if (!l->rule)
		return;
	/* From its first pattern (not the empty rule_start before it)... */
	if (l->rule->npatterns && l->rule->patterns[0].pos.file == whole.file) {
		size_t from = l->rule->patterns[0].pos.off;

		whole.len -= from - whole.off;
		whole.off = from;
	}
	/* ...to its last region, without the ';' that ends it. */
	if (whole.len && whole.file->buf[whole.off + whole.len - 1] == ';')
		whole.len--;
	l->rule->pos = whole;
	l->rule = NULL;
}

void read_cma_source(struct compilation *c, struct srcfile *f)
{
	struct lang l;
	yyscan_t scanner;
	size_t i;

	memset(&l, 0, sizeof(l));
	l.c = c;
	l.frames[0].file = f;
	l.seen_index = (struct cma_names){ .name_of = seen_path, .owner = &l };
	l.const_index = (struct cma_names){ .name_of = constant_name,
					    .owner = &l };
	l.bank_index = (struct cma_names){ .name_of = bank_name,
					   .owner = &c->policy };
	l.reserved_index = (struct cma_names){ .name_of = reserved_name,
					       .owner = &c->policy };
	if (strcmp(f->name, "<stdin>"))
		first_time(&l, f->name);
	c->policy.has_regions = true;
	if (cmayylex_init_extra(&l, &scanner)) {
		diag_plain_error(&c->diags, "cannot start the lexer: %s",
				 strerror(errno));
		return;
	}
	l.scanner = scanner;
	cmayy_scan_bytes(f->buf, f->len, scanner);
	cmayyparse(scanner, &l);
	cmayylex_destroy(scanner);
	lang_block_end(&l);
	for (i = 0; i < l.nconsts; i++)
		free(l.consts[i].name);
	free(l.consts);
	for (i = 0; i < l.nseen; i++)
		free(l.seen[i]);
	free(l.seen);
	cma_names_free(&l.seen_index);
	cma_names_free(&l.const_index);
	cma_names_free(&l.bank_index);
	cma_names_free(&l.reserved_index);
}
