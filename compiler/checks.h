/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The named checks.  Each problem cmacc reports belongs to one of them;
 * -W<name>, -Wno-<name>, -Werror and -Werror=<name> switch them.  Some are
 * found by the front ends while reading, the rest by passes over the model.
 */
#ifndef CMACC_CHECKS_H
#define CMACC_CHECKS_H

#include <stdbool.h>

enum check_id {
	/* errors */
	CHECK_SYNTAX,
	CHECK_TABLE,
	CHECK_BAD_NAME,
	CHECK_COMMA_SEPARATOR,
	CHECK_WHITESPACE,
	CHECK_EMPTY,
	CHECK_STAR_POSITION,
	CHECK_PARAM_SEMICOLON,
	CHECK_OVERFLOW,
	CHECK_ZERO_SIZE,
	CHECK_ALIGNMENT,
	CHECK_DUPLICATE_REGION,
	CHECK_UNDEFINED_REGION,
	CHECK_REGION_OVERLAP,
	CHECK_LIMITS,
	CHECK_VALUE_LENGTH,
	CHECK_CMDLINE_LENGTH,
	CHECK_EXPRESSION,
	CHECK_UNDEFINED_CONSTANT,
	CHECK_DUPLICATE_DEFINITION,
	CHECK_MISSING_FIELD,
	CHECK_INCLUDE,
	CHECK_ALLOCATOR_PARAMS,
	CHECK_UNREPRESENTABLE,
	CHECK_OUTSIDE_MEMORY,
	CHECK_MEMORY_TOTAL,
	CHECK_PLACEMENT,
	CHECK_MAINLINE_DEFAULT,
	CHECK_TRACE,
	/* warnings */
	CHECK_START_ZERO,
	CHECK_START_UNALIGNED,
	CHECK_PAGE_MULTIPLE,
	CHECK_UNKNOWN_ALLOCATOR,
	CHECK_UNUSED_REGION,
	CHECK_SHADOWED_RULE,
	CHECK_DUPLICATE_FALLBACK,
	CHECK_ORPHAN_KIND,
	CHECK_REPEATED_PARAM,
	CHECK_MISSING_PARAM,
	CHECK_MAINLINE,
	/* notes */
	CHECK_OVERRIDE,
	CHECK_COUNT
};

enum level {
	LEVEL_OFF,
	LEVEL_NOTE,
	LEVEL_WARNING,
	LEVEL_ERROR,
};

struct compilation;

struct check {
	const char *name;
	enum level level;	/* by default */
	bool fixed;		/* cannot be switched off */
	/* A pass over the model; NULL for a check the front ends make. */
	void (*run)(struct compilation *c);
	const char *summary;
};

extern const struct check checks[CHECK_COUNT];

/* The check called name, or -1. */
int check_lookup(const char *name);

/* Runs every enabled pass over the model of c. */
void run_checks(struct compilation *c);

#endif
