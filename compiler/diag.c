// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

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
	size_t line, col;

	if (!pos.file) {
		sb_printf(sb, "%scmacc:%s ", color(d, C_BOLD),
			  color(d, C_RESET));
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

static void vdiag(struct diags *d, enum level level, int id,
		  struct srcpos pos, const char *fixit, const char *fmt,
		  va_list ap)
{
	bool is_error = level == LEVEL_ERROR;
	struct strbuf sb = { 0 };
	struct diag_entry *e;

	if (is_error)
		d->errors++;
	else if (level == LEVEL_WARNING)
		d->warnings++;
	if (pos.file)
		print_include_stack(d, &sb, pos.file);
	print_location(d, &sb, pos);
	sb_printf(&sb, "%s%s:%s ",
		  color(d, is_error ? C_ERROR :
			level == LEVEL_WARNING ? C_WARNING : C_NOTE),
		  is_error ? "error" : level == LEVEL_WARNING ? "warning" : "note",
		  color(d, C_RESET));
	sb_vprintf(&sb, fmt, ap);
	if (id >= 0) {
		const struct check *c = &checks[id];

		if (c->fixed)
			sb_printf(&sb, " [%s]", c->name);
		else if (is_error && d->levels[id] == LEVEL_WARNING)
			sb_printf(&sb, " [-Werror=%s]", c->name);
		else
			sb_printf(&sb, " [-W%s]", c->name);
	}
	sb_putc(&sb, '\n');
	if (pos.file && !pos.file->binary)
		print_excerpt(d, &sb, pos, fixit);

	VEC_RESERVE(d->entries, d->nentries, d->entries_cap);
	e = &d->entries[d->nentries++];
	e->pos = pos;
	e->is_error = is_error;
	e->order = d->nentries;
	e->text = NULL;
	d->cur_text = sb;
	d->cur = &d->cur_text;
}

/* Moves the text being built into the last entry. */
static void close_entry(struct diags *d)
{
	if (d->cur) {
		d->entries[d->nentries - 1].text = d->cur_text.buf;
		memset(&d->cur_text, 0, sizeof(d->cur_text));
		d->cur = NULL;
	}
}

void diag(struct diags *d, int id, struct srcpos pos, const char *fixit,
	  const char *fmt, ...)
{
	enum level level = diag_level(d, id);
	va_list ap;

	close_entry(d);
	if (level == LEVEL_OFF)
		return;
	va_start(ap, fmt);
	vdiag(d, level, id, pos, fixit, fmt, ap);
	va_end(ap);
}

void diag_plain_error(struct diags *d, const char *fmt, ...)
{
	va_list ap;

	close_entry(d);
	va_start(ap, fmt);
	vdiag(d, LEVEL_ERROR, -1, srcpos_none(), NULL, fmt, ap);
	va_end(ap);
}

void diag_note(struct diags *d, struct srcpos pos, const char *fmt, ...)
{
	va_list ap;

	if (!d->cur)
		return;
	if (pos.file)
		print_location(d, d->cur, pos);
	sb_printf(d->cur, "%snote:%s ", color(d, C_NOTE), color(d, C_RESET));
	va_start(ap, fmt);
	sb_vprintf(d->cur, fmt, ap);
	va_end(ap);
	sb_putc(d->cur, '\n');
	if (pos.file && !pos.file->binary)
		print_excerpt(d, d->cur, pos, NULL);
}

/* Source order: files in the order they were read, then offsets. */
static int entry_order(const void *a, const void *b)
{
	const struct diag_entry *x = a, *y = b;
	unsigned long fx = x->pos.file ? x->pos.file->seq + 1 : 0;
	unsigned long fy = y->pos.file ? y->pos.file->seq + 1 : 0;

	if (fx != fy)
		return fx < fy ? -1 : 1;
	if (x->pos.off != y->pos.off)
		return x->pos.off < y->pos.off ? -1 : 1;
	/* Equal places keep the order they were found in. */
	return x->order < y->order ? -1 : x->order > y->order;
}

void diag_flush(struct diags *d)
{
	unsigned int shown_errors = 0, hidden = 0;
	size_t i;

	close_entry(d);
	if (d->nentries)
		qsort(d->entries, d->nentries, sizeof(*d->entries),
		      entry_order);
	for (i = 0; i < d->nentries; i++) {
		struct diag_entry *e = &d->entries[i];

		if (e->is_error && d->max_errors &&
		    shown_errors >= d->max_errors) {
			hidden++;
		} else {
			shown_errors += e->is_error;
			fputs(e->text, d->out);
		}
		free(e->text);
	}
	d->nentries = 0;
	if (hidden)
		fprintf(d->out,
			"cmacc: %u more error%s not shown (-fmax-errors=%u)\n",
			hidden, hidden == 1 ? "" : "s", d->max_errors);
}

void diag_free(struct diags *d)
{
	size_t i;

	close_entry(d);
	for (i = 0; i < d->nentries; i++)
		free(d->entries[i].text);
	free(d->entries);
	d->entries = NULL;
	d->nentries = d->entries_cap = 0;
}
