// SPDX-License-Identifier: GPL-2.0-or-later
/* The JSON writer (json.h). */
#include <inttypes.h>
#include <stdlib.h>

#include "json.h"

void json_init(struct json *j, struct strbuf *out)
{
	*j = (struct json){ .out = out };
}

void json_break(struct json *j, const char *brk)
{
	j->brk = brk;
}

void json_key(struct json *j, const char *key)
{
	bool later = j->depth && j->members[j->depth - 1];

	if (later)
		sb_putc(j->out, ',');
	if (j->brk)
		sb_puts(j->out, j->brk);
	else if (later)
		sb_putc(j->out, ' ');
	j->brk = NULL;
	if (j->depth)
		j->members[j->depth - 1] = true;
	if (key) {
		sb_json_string(j->out, key);
		sb_puts(j->out, ": ");
	}
}

static void begin(struct json *j, const char *key, char open, char close)
{
	json_key(j, key);
	sb_putc(j->out, open);
	if (j->depth == JSON_DEPTH)
		abort();
	j->close[j->depth] = close;
	j->members[j->depth++] = false;
}

void json_object(struct json *j, const char *key)
{
	begin(j, key, '{', '}');
}

void json_array(struct json *j, const char *key)
{
	begin(j, key, '[', ']');
}

void json_end(struct json *j, const char *brk)
{
	j->depth--;
	if (brk && j->members[j->depth])
		sb_puts(j->out, brk);
	sb_putc(j->out, j->close[j->depth]);
	j->brk = NULL;
}

void json_string(struct json *j, const char *key, const char *s)
{
	json_key(j, key);
	sb_json_string_or_null(j->out, s);
}

void json_u64(struct json *j, const char *key, uint64_t v)
{
	json_key(j, key);
	sb_printf(j->out, "%" PRIu64, v);
}

void json_u64_or_null(struct json *j, const char *key, bool has, uint64_t v)
{
	if (has)
		json_u64(j, key, v);
	else
		json_string(j, key, NULL);
}

void json_bool(struct json *j, const char *key, bool v)
{
	json_key(j, key);
	sb_puts(j->out, v ? "true" : "false");
}

void json_location(struct json *j, const char *key, struct srcpos pos,
		   bool with_length)
{
	size_t line, col;

	if (!pos.file) {
		json_string(j, key, NULL);
		return;
	}
	json_object(j, key);
	json_string(j, "file", pos.file->name);
	if (!pos.file->binary) {
		srcfile_linecol(pos.file, pos.off, &line, &col);
		json_u64(j, "line", line);
		json_u64(j, "column", col);
	}
	json_u64(j, "offset", pos.off);
	if (with_length)
		json_u64(j, "length", pos.len);
	json_end(j, NULL);
}
