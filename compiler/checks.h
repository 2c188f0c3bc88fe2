/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The named checks.  Each problem cmacc reports belongs to one of them;
 * -W<name>, -Wno-<name>, -Werror and -Werror=<name> switch them.  Some are
 * found by the front ends while reading, the rest by passes over the model.
 */
#ifndef CMACC_CHECKS_H
#define CMACC_CHECKS_H

#include <stdbool.h>
#include <stdio.h>

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
	CHECK_BANK_OVERLAP,
	CHECK_MEMORY_TOTAL,
	CHECK_PLACEMENT,
	CHECK_MAINLINE_DEFAULT,
	CHECK_TRACE,
	CHECK_TABLE_LIMITS,
	CHECK_CMA_ALIGNMENT,
	CHECK_CMA_AREAS,
	CHECK_BOARD_TREE,
	CHECK_POOL_FLAGS,
	CHECK_RESERVED_OVERLAP,
	CHECK_POOL_PLACEMENT,
	CHECK_DIALECT,
	CHECK_COMPAT_NUMBER,
	CHECK_COMPAT_REPEAT,
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
	CHECK_RESERVED_OUTSIDE,
	CHECK_IGNORED_RANGE,
	CHECK_CMA_ROUNDED,
	CHECK_BOARD,
	CHECK_TODAY_PARAM,
	CHECK_LENIENT,
	CHECK_COMPAT_KIND_PREFIX,
	CHECK_COMPAT_ALLOCATOR,
	CHECK_COMPAT_CMDLINE,
	CHECK_COMPAT_SUBPAGE,
	/* notes */
	CHECK_OVERRIDE,
	CHECK_MEMORY_REGION,
	CHECK_COUNT
};

enum level {
	LEVEL_OFF,
	LEVEL_NOTE,
	LEVEL_WARNING,
	LEVEL_ERROR,
};

struct compilation;
struct diags;
struct strbuf;

/*
 * The outputs a check binds, beyond those every check binds: a check
 * runs only when the output chosen has each of its scopes (enum
 * out_format's table says which scopes an output has).
 */
enum check_scope {
	SCOPE_ANY = 0,
	SCOPE_CMDLINE = 1 << 0,		/* the 2010 kernel's command line */
	SCOPE_MAINLINE = 1 << 1,	/* today's one cma= area */
	SCOPE_TABLE = 1 << 2,		/* the binary table (cma-table(5)) */
	SCOPE_TODAY = 1 << 3,		/* CMA pools of today's kernels (--target) */
	SCOPE_DTS = 1 << 4,		/* /reserved-memory pools */
	SCOPE_2010 = 1 << 5,		/* the 2010 patch's kernel (--target=2010) */
};

struct check {
	const char *name;
	enum level level;		/* by default */
	bool always_on;			/* -Wno-NAME is refused */
	unsigned int scope;		/* enum check_scope bits */
	/*
	 * Its pass over the model, which reports this check alone; NULL
	 * where only the front ends find it while reading.
	 */
	void (*pass)(struct compilation *c);
	const char *summary;		/* for --list-checks and cmacc(1) */
};

extern const struct check checks[CHECK_COUNT];

/* The check called name, or -1. */
int check_lookup(const char *name);

/*
 * -W<arg> in the forms GCC has (NAME, no-NAME, error, no-error,
 * error=NAME): 0, or -1 with what is wrong in why.
 */
int check_option(struct diags *d, const char *arg, struct strbuf *why);

/* --list-checks: a line each, name, default level and summary. */
void checks_list(FILE *out);

/* Turns off the checks that do not bind an output with these scopes. */
void checks_scope(struct diags *d, unsigned int scopes);

/* The passes of compat.c: where the 2010 patch's kernel does otherwise. */
void check_compat_kind_prefix(struct compilation *c);
void check_compat_allocator(struct compilation *c);
void check_compat_cmdline(struct compilation *c);
void check_compat_number(struct compilation *c);
void check_compat_repeat(struct compilation *c);

/* Runs the pass of every check that is on over the model of c. */
void run_checks(struct compilation *c);

#endif
