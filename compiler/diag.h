/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Diagnostics in the form GCC and clang print and editors parse:
 *
 *   FILE:LINE:COL: error: MESSAGE [-Wcheck]
 *       1 | the source line
 *         |     ^~~~
 *         |     fix-it
 *   note: ...
 */
#ifndef CMACC_DIAG_H
#define CMACC_DIAG_H

#include <stdbool.h>
#include <stdio.h>

#include "checks.h"
#include "srcpos.h"
#include "util.h"

/* One diagnostic with its notes, rendered, waiting to be printed in order. */
struct diag_entry {
	struct srcpos pos;
	bool is_error;
	size_t order;		/* when it was found, to keep ties in order */
	char *text;
};

struct diags {
	FILE *out;
	struct diag_entry *entries;
	size_t nentries, entries_cap;
	struct strbuf cur_text;		/* the entry being built */
	struct strbuf *cur;		/* where notes go; NULL: dropped */
	bool color;
	unsigned int max_errors;	/* 0: no limit */
	unsigned int errors;		/* all, shown or not */
	unsigned int warnings;
	bool werror;
	enum level levels[CHECK_COUNT];
	bool no_werror[CHECK_COUNT];
	bool explicit_error[CHECK_COUNT];	/* -Werror=name */
};

void diag_init(struct diags *d, FILE *out);

/* The level check id has after the -W options. */
enum level diag_level(const struct diags *d, int id);

/*
 * Reports a problem that check id finds at pos.  fixit, when not NULL, is
 * the text that would be right in place of pos.
 */
void diag(struct diags *d, int id, struct srcpos pos, const char *fixit,
	  const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* A note to the last diagnostic; pos.file may be NULL. */
void diag_note(struct diags *d, struct srcpos pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* A problem with no source position (I/O, out of memory). */
void diag_plain_error(struct diags *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Prints what was reported, in source order, up to -fmax-errors errors,
 * then how many it kept back.
 */
void diag_flush(struct diags *d);
void diag_free(struct diags *d);

#endif
