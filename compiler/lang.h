/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The region-map language front end: the state one parse shares between
 * the flex lexer and the bison parser in grammar/, and the calls their
 * actions make to fill the model.  Nothing here is global: two parses in
 * one process do not meet.
 */
#ifndef CMACC_LANG_H
#define CMACC_LANG_H

#include <stdbool.h>
#include <stdint.h>

#include "cmacc.h"

/* Include depth past which cmacc stops, saying so. */
#define LANG_MAX_INCLUDE_DEPTH 200

/* A value of an expression; ok is false once its error was reported. */
struct lang_value {
	uint64_t v;
	bool ok;
};

struct lang_constant {
	char *name;
	struct lang_value value;	/* not ok: its error was reported */
	struct srcpos pos;
};

/* A file being read, with where the lexer was in the one that included it. */
struct lang_frame {
	struct srcfile *file;
	void *buffer;		/* the lexer's buffer for it */
	size_t off;		/* where the lexer is in it */
};

enum lang_field {
	FIELD_SIZE,
	FIELD_START,
	FIELD_ALIGN,
	FIELD_ALLOCATOR,
	FIELD_PARAMS,
	FIELD_BASE,
	FIELD_PAGE_SIZE,
	FIELD_REUSABLE,
	FIELD_NO_MAP,
};

struct lang {
	struct compilation *c;
	void *scanner;

	struct lang_frame frames[LANG_MAX_INCLUDE_DEPTH + 1];
	size_t depth;			/* frames[depth] is being read */
	char **seen;			/* real paths read: include once */
	size_t nseen, seen_cap;
	struct cma_names seen_index;

	/* For messages in the language's terms. */
	struct srcpos prev;		/* the token before the lookahead */
	struct srcpos last;		/* the last token read */
	int last_token;
	const char *field;		/* the field being given, or NULL */
	const char *prev_field;		/* the field at the token before */
	const char *last_field;
	/* "region", "bank", "reserved", "map", "memory" */
	const char *block;
	char *block_name;
	bool map_opens;			/* 'map' was read: its '{' opens it */
	bool in_map;			/* the lexer is inside a map block */
	bool after_arrow;		/* in a rule, past its "->" */
	bool prev_after_arrow;		/* ...at the token before */
	bool last_after_arrow;
	struct srcpos block_comment;	/* where an open comment began */
	struct srcpos include_at;	/* the include being read */
	unsigned int syntax_errors;

	/* What is being built. */
	const char *last_dev;		/* the device 'kind K' alone inherits */
	struct region *region;
	long region_index;
	struct srcpos region_seen[FIELD_NO_MAP + 1];	/* this block */
	struct bank *bank;
	struct rule *rule;
	struct lang_constant *consts;
	size_t nconsts, consts_cap;
	struct cma_names const_index;
	unsigned int const_guesses;	/* "did you mean" searches made */
	struct cma_names bank_index;	/* the policy's banks by name */
	struct cma_names reserved_index;	/* and its carve-outs */
};

/* Parses the file f (already read into c) and all it includes. */
void read_cma_source(struct compilation *c, struct srcfile *f);

/* From the lexer: every match, then every token it returns. */
void lang_advance(struct lang *l, struct srcpos *loc, size_t len);
void lang_token(struct lang *l, int token, const struct srcpos *loc);
char *lang_string(struct lang *l, const char *text, size_t len,
		  struct srcpos at);
/* include "path": pushes the file; false when it is not to be read. */
bool lang_include(struct lang *l, const char *path, struct srcpos at);
/* At the end of an included file: back to the one that included it. */
void lang_pop(struct lang *l);
void lang_error(struct lang *l, struct srcpos at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* From the parser. */
struct lang_value lang_literal(uint64_t v);
struct lang_value lang_constant_ref(struct lang *l, char *name,
				    struct srcpos at);
struct lang_value lang_binary(struct lang *l, int op, struct lang_value a,
			      struct lang_value b, struct srcpos op_at,
			      struct srcpos whole);
void lang_define_constant(struct lang *l, char *name, struct srcpos name_at,
			  struct lang_value v);

void lang_region_begin(struct lang *l, char *name, struct srcpos at);
void lang_region_end(struct lang *l, struct srcpos whole);
void lang_region_number(struct lang *l, enum lang_field field,
			struct lang_value v, struct srcpos at);
void lang_region_text(struct lang *l, enum lang_field field, char *text,
		      struct srcpos at);

void lang_page_size(struct lang *l, struct lang_value v, struct srcpos at);
void lang_region_flag(struct lang *l, enum lang_field field, struct srcpos at);
void lang_region_range(struct lang *l, struct lang_value base,
		       struct lang_value size, struct srcpos base_at,
		       struct srcpos size_at);
/* A bank of memory, or (reserved) a carve-out in it. */
void lang_bank_begin(struct lang *l, char *name, struct srcpos at,
		     bool reserved);
void lang_bank_number(struct lang *l, enum lang_field field,
		      struct lang_value v, struct srcpos at);
void lang_bank_end(struct lang *l, struct srcpos whole);

void lang_map_begin(struct lang *l, struct srcpos at);
void lang_rule_begin(struct lang *l);
/* dev NULL: a pattern with no device; kind NULL: no kind. */
void lang_pattern(struct lang *l, char *dev, char *kind, struct srcpos at);
void lang_target(struct lang *l, char *name, struct srcpos at);
void lang_rule_end(struct lang *l, struct srcpos whole);
/* After a syntax error inside a rule or a block. */
void lang_recover(struct lang *l);
/* After a syntax error that lost a whole statement. */
void lang_lost_statement(struct lang *l);
void lang_block_end(struct lang *l);

#endif
