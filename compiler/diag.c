// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "diag.h"
#include "json.h"

/* The colours GCC uses by default. */
#define C_BOLD "\033[01m"
#define C_ERROR "\033[01;31m"
#define C_WARNING "\033[01;35m"
#define C_NOTE "\033[01;36m"
#define C_CARET "\033[01;32m"
#define C_FIXIT "\033[32m"
#define C_RESET "\033[m\033[K"

void diag_init(struct diags *d, FILE *out)
{
	int i;

	memset(d, 0, sizeof(*d));
	d->out = out;
	d->max_errors = 20;
	for (i = 0; i < CHECK_COUNT; i++)
		d->levels[i] = checks[i].level;
}

void diag_init_like(struct diags *d, const struct diags *like)
{
	*d = *like;
	d->entries = NULL;
	d->nentries = d->entries_cap = 0;
	d->errors = d->warnings = d->unbuilt = d->kept_errors = 0;
	d->last_kept = srcpos_none();
}

void diag_take(struct diags *d, struct diags *from)
{
	size_t i;

	for (i = 0; i < from->nentries; i++) {
		VEC_RESERVE(d->entries, d->nentries, d->entries_cap);
		d->entries[d->nentries] = from->entries[i];
		d->entries[d->nentries].order = d->nentries;
		d->nentries++;
	}
	d->errors += from->errors;
	d->warnings += from->warnings;
	d->unbuilt += from->unbuilt;
	d->kept_errors += from->kept_errors;
	free(from->entries);
	from->entries = NULL;
	from->nentries = from->entries_cap = 0;
	from->errors = from->warnings = from->unbuilt = from->kept_errors = 0;
}

enum level diag_level(const struct diags *d, int id)
{
	enum level l = d->levels[id];

	if (l == LEVEL_WARNING && (d->explicit_error[id] ||
				   (d->werror && !d->no_werror[id])))
		return LEVEL_ERROR;
	return l;
}

static const char *color(const struct diags *d, const char *code)
{
	return d->color ? code : "";
}

static void print_include_stack(struct diags *d, struct strbuf *sb,
				struct srcfile *f)
{
	const char *lead = "In file included from";
	struct srcpos at;

	for (at = f->included_from; at.file; at = at.file->included_from) {
		size_t line, col;

		srcfile_linecol(at.file, at.off, &line, &col);
		sb_printf(sb, "%s %s%s:%zu:%s\n", lead, color(d, C_BOLD),
			  at.file->name, line, color(d, C_RESET));
		lead = "                 from";
	}
}

static void indent_to(struct strbuf *sb, const char *text, size_t len,
		      size_t col)
{
	size_t i;

	/* Copy tabs so that the marker lines up under any tab width. */
	for (i = 0; i + 1 < col && i < len; i++)
		sb_putc(sb, text[i] == '\t' ? '\t' : ' ');
}

/*
 * A command line is one long line: longer lines show only this many
 * columns around the marker, so that a diagnostic costs the same however
 * long its line is, and the marker stays on the screen.
 */
#define EXCERPT_WIDTH 120
#define EXCERPT_LEAD 40		/* columns kept before the marker */

/* The source line under pos, a marker under its range, and the fix-it. */
static void print_excerpt(struct diags *d, struct strbuf *sb,
			  struct srcpos pos, const char *fixit)
{
	size_t line, col, len, i, mark, from = 0;
	const char *text;

	srcfile_linecol(pos.file, pos.off, &line, &col);
	text = srcfile_line(pos.file, line, &len);
	if (len > EXCERPT_WIDTH) {
		if (col - 1 > EXCERPT_LEAD)
			from = col - 1 - EXCERPT_LEAD;
		if (from > len - EXCERPT_WIDTH)
			from = len - EXCERPT_WIDTH;
		sb_printf(sb, "%5zu | %s%.*s%s\n      | %s", line,
			  from ? "..." : "",
			  EXCERPT_WIDTH, text + from,
			  from + EXCERPT_WIDTH < len ? "..." : "",
			  from ? "   " : "");
		text += from;
		len = EXCERPT_WIDTH;
		col -= from;
	} else {
		sb_printf(sb, "%5zu | %.*s\n      | ", line, (int)len, text);
	}
	indent_to(sb, text, len, col);
	mark = pos.len;
	if (col - 1 + mark > len)
		mark = len >= col - 1 ? len - (col - 1) : 0;
	sb_printf(sb, "%s^", color(d, C_CARET));
	for (i = 1; i < mark; i++)
		sb_putc(sb, '~');
	sb_printf(sb, "%s\n", color(d, C_RESET));
	if (fixit) {
		sb_printf(sb, "      | %s", from ? "   " : "");
		indent_to(sb, text, len, col);
		sb_printf(sb, "%s%s%s\n", color(d, C_FIXIT), fixit,
			  color(d, C_RESET));
	}
}

static void print_location(struct diags *d, struct strbuf *sb,
			   struct srcpos pos)
{
	char path[1024];
	size_t line, col;

	if (!pos.file) {
		sb_printf(sb, "%scmacc:%s ", color(d, C_BOLD),
			  color(d, C_RESET));
		return;
	}
	/* In a device tree, the node's path says where. */
	if (pos.file->fdt && pos.off >= fdt_off_dt_struct(pos.file->buf) &&
	    !fdt_get_path(pos.file->buf,
			  (int)(pos.off - fdt_off_dt_struct(pos.file->buf)),
			  path, sizeof(path))) {
		sb_printf(sb, "%s%s: %s:%s ", color(d, C_BOLD),
			  pos.file->name, path, color(d, C_RESET));
		return;
	}
	/* In a binary file there are no lines: the byte offset says where. */
	if (pos.file->binary) {
		sb_printf(sb, "%s%s: byte %zu:%s ", color(d, C_BOLD),
			  pos.file->name, pos.off, color(d, C_RESET));
		return;
	}
	srcfile_linecol(pos.file, pos.off, &line, &col);
	sb_printf(sb, "%s%s:%zu:%zu:%s ", color(d, C_BOLD), pos.file->name,
		  line, col, color(d, C_RESET));
}

static const char *level_name(enum level level)
{
	return level == LEVEL_ERROR ? "error" :
	       level == LEVEL_WARNING ? "warning" : "note";
}

/* The text GCC shows for one entry: where, what, the line, the notes. */
static void render_text(struct diags *d, const struct diag_entry *e,
			struct strbuf *sb)
{
	size_t i;

	if (e->pos.file)
		print_include_stack(d, sb, e->pos.file);
	print_location(d, sb, e->pos);
	sb_printf(sb, "%s%s:%s %s",
		  color(d, e->level == LEVEL_ERROR ? C_ERROR :
			e->level == LEVEL_WARNING ? C_WARNING : C_NOTE),
		  level_name(e->level), color(d, C_RESET), e->message);
	if (e->check >= 0) {
		const struct check *c = &checks[e->check];

		if (c->always_on)
			sb_printf(sb, " [%s]", c->name);
		else if (e->level == LEVEL_ERROR &&
			 d->levels[e->check] == LEVEL_WARNING)
			sb_printf(sb, " [-Werror=%s]", c->name);
		else
			sb_printf(sb, " [-W%s]", c->name);
	}
	sb_putc(sb, '\n');
	if (e->pos.file && !e->pos.file->binary)
		print_excerpt(d, sb, e->pos, e->fixit);
	for (i = 0; i < e->nnotes; i++) {
		const struct diag_note *n = &e->notes[i];

		if (n->pos.file)
			print_location(d, sb, n->pos);
		sb_printf(sb, "%snote:%s %s\n", color(d, C_NOTE),
			  color(d, C_RESET), n->message);
		if (n->pos.file && !n->pos.file->binary)
			print_excerpt(d, sb, n->pos, NULL);
	}
}

static void render_json(struct json *j, const struct diag_entry *e)
{
	size_t i;

	json_object(j, NULL);
	json_string(j, "kind", level_name(e->level));
	json_string(j, "message", e->message);
	if (e->check >= 0)
		json_string(j, "check", checks[e->check].name);
	json_location(j, "location", e->pos, true);
	if (e->fixit)
		json_string(j, "fixit", e->fixit);
	json_array(j, "notes");
	for (i = 0; i < e->nnotes; i++) {
		json_object(j, NULL);
		json_string(j, "message", e->notes[i].message);
		json_location(j, "location", e->notes[i].pos, true);
		json_end(j, NULL);
	}
	json_end(j, NULL);
	json_end(j, NULL);
}

static char *vformat(const char *fmt, va_list ap)
{
	struct strbuf sb = { 0 };

	sb_vprintf(&sb, fmt, ap);
	return sb.buf ? sb.buf : xstrdup("");
}

/* Source order: files in the order they were read, then offsets. */
static int pos_order(struct srcpos x, struct srcpos y)
{
	unsigned long fx = x.file ? x.file->seq + 1 : 0;
	unsigned long fy = y.file ? y.file->seq + 1 : 0;

	if (fx != fy)
		return fx < fy ? -1 : 1;
	return x.off < y.off ? -1 : x.off > y.off;
}

static void vdiag(struct diags *d, enum level level, int id,
		  struct srcpos pos, const char *fixit, const char *fmt,
		  va_list ap)
{
	struct diag_entry *e;

	/*
	 * Once max_errors errors are kept, one that sorts after all of them
	 * would never be shown: it is counted, and costs nothing more.
	 */
	if (level == LEVEL_ERROR && !d->json && d->max_errors &&
	    d->kept_errors >= d->max_errors &&
	    pos_order(pos, d->last_kept) >= 0) {
		d->errors++;
		d->unbuilt++;
		return;
	}
	if (level == LEVEL_ERROR) {
		if (!d->kept_errors++ || pos_order(pos, d->last_kept) > 0)
			d->last_kept = pos;
		d->errors++;
	} else if (level == LEVEL_WARNING) {
		d->warnings++;
	}
	VEC_RESERVE(d->entries, d->nentries, d->entries_cap);
	e = &d->entries[d->nentries++];
	memset(e, 0, sizeof(*e));
	e->pos = pos;
	e->level = level;
	e->check = id;
	e->message = vformat(fmt, ap);
	e->fixit = fixit ? xstrdup(fixit) : NULL;
	e->order = d->nentries;
	d->take_notes = true;
}

void diag(struct diags *d, int id, struct srcpos pos, const char *fixit,
	  const char *fmt, ...)
{
	enum level level = diag_level(d, id);
	va_list ap;

	d->take_notes = false;
	if (level == LEVEL_OFF || (level == LEVEL_NOTE && d->quiet))
		return;
	va_start(ap, fmt);
	vdiag(d, level, id, pos, fixit, fmt, ap);
	va_end(ap);
}

void diag_plain_error(struct diags *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdiag(d, LEVEL_ERROR, -1, srcpos_none(), NULL, fmt, ap);
	va_end(ap);
}

void diag_note(struct diags *d, struct srcpos pos, const char *fmt, ...)
{
	struct diag_entry *e;
	va_list ap;

	if (!d->take_notes)
		return;
	e = &d->entries[d->nentries - 1];
	VEC_RESERVE(e->notes, e->nnotes, e->notes_cap);
	e->notes[e->nnotes].pos = pos;
	va_start(ap, fmt);
	e->notes[e->nnotes++].message = vformat(fmt, ap);
	va_end(ap);
}

static int entry_order(const void *a, const void *b)
{
	const struct diag_entry *x = a, *y = b;
	int by_pos = pos_order(x->pos, y->pos);

	if (by_pos)
		return by_pos;
	/* Equal places keep the order they were found in. */
	return x->order < y->order ? -1 : x->order > y->order;
}

static void sort_entries(struct diags *d)
{
	d->take_notes = false;
	if (d->nentries)
		qsort(d->entries, d->nentries, sizeof(*d->entries),
		      entry_order);
}

void diag_json(struct diags *d, struct strbuf *out)
{
	struct json j;
	size_t i;

	sort_entries(d);
	json_init(&j, out);
	json_array(&j, NULL);
	for (i = 0; i < d->nentries; i++) {
		if (i)
			json_break(&j, "\n ");
		render_json(&j, &d->entries[i]);
	}
	json_end(&j, NULL);
	diag_free(d);
}

void diag_flush(struct diags *d)
{
	unsigned int shown_errors = 0, hidden = 0;
	struct strbuf sb = { 0 };
	size_t i;

	if (d->json) {
		diag_json(d, &sb);
		sb_putc(&sb, '\n');
		fputs(sb.buf, d->out);
		sb_free(&sb);
		return;
	}
	sort_entries(d);
	for (i = 0; i < d->nentries; i++) {
		struct diag_entry *e = &d->entries[i];
		bool is_error = e->level == LEVEL_ERROR;

		if (is_error && d->max_errors && shown_errors >= d->max_errors) {
			hidden++;
			continue;
		}
		shown_errors += is_error;
		sb.len = 0;
		render_text(d, e, &sb);
		fwrite(sb.buf, 1, sb.len, d->out);
	}
	sb_free(&sb);
	diag_free(d);
	hidden += d->unbuilt;
	d->unbuilt = d->kept_errors = 0;
	if (hidden)
		fprintf(d->out,
			"cmacc: %u more error%s not shown (-fmax-errors=%u)\n",
			hidden, hidden == 1 ? "" : "s", d->max_errors);
}

void diag_free(struct diags *d)
{
	size_t i, j;

	for (i = 0; i < d->nentries; i++) {
		struct diag_entry *e = &d->entries[i];

		free(e->message);
		free(e->fixit);
		for (j = 0; j < e->nnotes; j++)
			free(e->notes[j].message);
		free(e->notes);
	}
	free(d->entries);
	d->entries = NULL;
	d->nentries = d->entries_cap = 0;
	d->take_notes = false;
}
