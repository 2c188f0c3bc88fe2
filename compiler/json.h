/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The JSON writer of every JSON output (-O json, --diagnostics-format=json,
 * --simulate -O json): it places the commas, keys and quotes, so that an
 * output says only what it holds and where a line breaks.  Members and
 * elements follow each other as ", "; json_break() starts the next one on
 * a new line instead.
 */
#ifndef CMACC_JSON_H
#define CMACC_JSON_H

#include <stdbool.h>
#include <stdint.h>

#include "srcpos.h"
#include "util.h"

#define JSON_DEPTH 8

struct json {
	struct strbuf *out;
	unsigned int depth;		/* of open containers */
	char close[JSON_DEPTH];		/* each one's closing bracket */
	bool members[JSON_DEPTH];	/* whether it has any yet */
	const char *brk;		/* the next member's new line, if any */
};

void json_init(struct json *j, struct strbuf *out);

/* The next member or element starts with brk: "\n" and its indent. */
void json_break(struct json *j, const char *brk);

/*
 * A member called key (NULL: an element of an array, or the document),
 * of each kind of value; a NULL string is null.
 */
void json_object(struct json *j, const char *key);
void json_array(struct json *j, const char *key);
void json_string(struct json *j, const char *key, const char *s);
void json_u64(struct json *j, const char *key, uint64_t v);
void json_u64_or_null(struct json *j, const char *key, bool has, uint64_t v);
void json_bool(struct json *j, const char *key, bool v);
/* A source position: file, line and column, offset (and length). */
void json_location(struct json *j, const char *key, struct srcpos pos,
		   bool with_length);
/* The key alone: the caller writes the value, a whole JSON value. */
void json_key(struct json *j, const char *key);

/* Closes the innermost container, after brk when it has members. */
void json_end(struct json *j, const char *brk);

#endif
