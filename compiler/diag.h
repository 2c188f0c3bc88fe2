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

struct diag_note {
	struct srcpos pos;		/* pos.file may be NULL */
	char *message;
};

/* One diagnostic with its notes, waiting to be printed in source order. */
struct diag_entry {
	struct srcpos pos;
	enum level level;
	int check;			/* its check, or -1 */
	char *message;
	char *fixit;			/* NULL: none */
	struct diag_note *notes;
	size_t nnotes, notes_cap;
	size_t order;		/* when it was found, to keep ties in order */
};

struct diags {
	FILE *out;
	struct diag_entry *entries;
	size_t nentries, entries_cap;
	bool take_notes;		/* false: notes to the last are dropped */
	bool color;
	bool json;			/* --diagnostics-format=json */
	unsigned int max_errors;	/* 0: no limit */
	unsigned int errors;		/* all, shown or not */
	/*
	 * Errors past -fmax-errors in source order, counted but never built:
	 * past the last of the first max_errors kept, none would be shown.
	 */
	unsigned int unbuilt, kept_errors;
	struct srcpos last_kept;
	unsigned int warnings;
	bool werror;
	bool quiet;			/* -q: checks at note level say nothing */
	enum level levels[CHECK_COUNT];
	bool no_werror[CHECK_COUNT];
	bool explicit_error[CHECK_COUNT];	/* -Werror=name */
};

void diag_init(struct diags *d, FILE *out);
/* Empty, with like's settings (output, -W levels, -q, colour, limits). */
void diag_init_like(struct diags *d, const struct diags *like);
/*
 * Moves from's diagnostics into d, to be reported with d's; their files
 * must live till d is flushed.
 */
void diag_take(struct diags *d, struct diags *from);

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
 * Prints what was reported, in source order: as text, up to -fmax-errors
 * errors, then how many it kept back; or, with d->json, as one JSON array
 * (cma-json(5)).
 */
void diag_flush(struct diags *d);
/* The JSON array of what was reported, in source order, and forgets it. */
void diag_json(struct diags *d, struct strbuf *out);
void diag_free(struct diags *d);

#endif
