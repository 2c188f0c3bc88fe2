// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "srcpos.h"
#include "util.h"

struct srcfile *srcfile_from_string(const char *name, const char *text,
				    size_t len)
{
	struct srcfile *f = xcalloc(1, sizeof(*f));

	f->name = xstrdup(name);
	f->buf = xstrndup(text, len);
	f->len = len;
	return f;
}

struct srcfile *srcfile_read(const char *path)
{
	bool is_stdin = !strcmp(path, "-");
	FILE *in = is_stdin ? stdin : fopen(path, "rb");
	struct strbuf sb = { 0 };
	struct srcfile *f;
	char chunk[65536];
	size_t n;
	int err;

	if (!in)
		return NULL;
	while (sb.len <= SRCFILE_MAX &&
	       (n = fread(chunk, 1, sizeof(chunk), in)) > 0)
		sb_add(&sb, chunk, n);
	err = sb.len > SRCFILE_MAX ? EFBIG : ferror(in) ? errno : 0;
	if (!is_stdin)
		fclose(in);
	if (err) {
		sb_free(&sb);
		errno = err ? err : EIO;
		return NULL;
	}
	f = xcalloc(1, sizeof(*f));
	f->name = xstrdup(is_stdin ? "<stdin>" : path);
	if (!sb.buf)
		sb_add(&sb, "", 0);
	f->buf = sb.buf;
	f->len = sb.len;
	return f;
}

void srcfile_free(struct srcfile *f)
{
	if (!f)
		return;
	free(f->name);
	free(f->buf);
	free(f->line_starts);
	free(f);
}

static void index_lines(struct srcfile *f)
{
	size_t i, cap = 0;

	if (f->line_starts)
		return;
	VEC_RESERVE(f->line_starts, f->nlines, cap);
	f->line_starts[f->nlines++] = 0;
	for (i = 0; i < f->len; i++) {
		if (f->buf[i] == '\n') {
			VEC_RESERVE(f->line_starts, f->nlines, cap);
			f->line_starts[f->nlines++] = i + 1;
		}
	}
}

void srcfile_linecol(struct srcfile *f, size_t off, size_t *line,
		     size_t *col)
{
	size_t lo = 0, hi;

	index_lines(f);
	hi = f->nlines;
	/* The last line start at or before off. */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (f->line_starts[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	*line = lo + 1;
	*col = off - f->line_starts[lo] + 1;
}

const char *srcfile_line(struct srcfile *f, size_t n, size_t *len)
{
	size_t from, to;

	index_lines(f);
	if (n < 1 || n > f->nlines) {
		*len = 0;
		return "";
	}
	from = f->line_starts[n - 1];
	to = n < f->nlines ? f->line_starts[n] - 1 : f->len;
	if (to > from && f->buf[to - 1] == '\r')
		to--;
	*len = to - from;
	return f->buf + from;
}
