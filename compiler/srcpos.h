/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Source files and positions.  A position is a byte range in one file;
 * lines and columns are worked out only when a diagnostic is printed.
 */
#ifndef CMACC_SRCPOS_H
#define CMACC_SRCPOS_H

#include <stdbool.h>
#include <stddef.h>

struct srcfile;

struct srcpos {
	struct srcfile *file;	/* NULL: no position */
	size_t off;
	size_t len;
};

struct srcfile {
	char *name;		/* as the user wrote it; "<stdin>" */
	char *buf;		/* the whole file, NUL-terminated */
	size_t len;
	size_t *line_starts;	/* made on first use */
	size_t nlines;
	struct srcpos included_from;
	unsigned long seq;	/* order of reading, for sorting diagnostics */
	bool binary;		/* a table: positions are byte offsets */
	bool fdt;		/* a device tree: they are nodes' offsets */
};

/*
 * The most cmacc reads of one input: a source of a million regions is
 * some 40 MiB, so /dev/zero given as one fails at this, not when memory
 * runs out.
 */
#define SRCFILE_MAX ((size_t)1 << 30)

/*
 * Reads path ("-" is standard input) whole.  Returns NULL with errno set
 * when it cannot.
 */
struct srcfile *srcfile_read(const char *path);
struct srcfile *srcfile_from_string(const char *name, const char *text,
				    size_t len);
void srcfile_free(struct srcfile *f);

/* 1-based line and byte column of off in f. */
void srcfile_linecol(struct srcfile *f, size_t off, size_t *line,
		     size_t *col);
/* The text of 1-based line n of f, without its newline. */
const char *srcfile_line(struct srcfile *f, size_t n, size_t *len);

static inline struct srcpos srcpos_at(struct srcfile *f, size_t off,
				      size_t len)
{
	struct srcpos p = { f, off, len };

	return p;
}

/* No position: a diagnostic or note about no place in particular. */
static inline struct srcpos srcpos_none(void)
{
	struct srcpos p = { NULL, 0, 0 };

	return p;
}

#endif
