/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef CMACC_OUTPUT_H
#define CMACC_OUTPUT_H

#include <stddef.h>

#include "util.h"

/* The files one run writes, gathered as they are made. */
struct output_file {
	char *path;		/* NULL: standard output */
	struct strbuf text;
};

struct output_set {
	struct output_file *files;
	size_t n, cap;
};

/* Adds a copy of path, to hold text; takes text's buffer. */
void output_add(struct output_set *s, const char *path, struct strbuf *text);
/*
 * Writes the files as a set (output.c says how): each is made whole
 * first, then they take their places in the order added.  0, or -1 with
 * errno set and *failed the path of the file that could not be written;
 * a failure before the renames leaves every file as it was.
 */
int output_write_all(const struct output_set *s, const char **failed);
void output_set_free(struct output_set *s);

#endif
