// SPDX-License-Identifier: GPL-2.0-or-later
/* The formats of formats.def as tables, and what the options ask of them. */
#include <string.h>

#include "cmacc.h"

const struct in_format_desc in_formats[IN_FORMATS] = {
#define INPUT(id, name_, ending_, magic_, reader, help_) \
	[IN_##id] = { .name = name_, .ending = ending_, .magic = magic_, \
		      .read = reader, .help = help_ },
#define OUTPUT(id, name, emitter, scopes, help)
#include "formats.def"
#undef INPUT
#undef OUTPUT
};

const struct out_format_desc out_formats[OUT_FORMATS] = {
#define INPUT(id, name, ending, magic, reader, help)
#define OUTPUT(id, name_, emitter, scopes_, help_) \
	[OUT_##id] = { .name = name_, .emit = emitter, .scopes = scopes_, \
		       .help = help_ },
#include "formats.def"
#undef INPUT
#undef OUTPUT
};

int emit_none(struct compilation *c, struct strbuf *out)
{
	return EMIT_NOTHING;
}

/* The index of name among n names stride bytes apart, or -1. */
static int lookup(const char *name, const void *table, size_t n,
		  size_t stride, const char *what, struct strbuf *why)
{
	const char *const *row;
	size_t i;

	for (i = 0; i < n; i++) {
		row = (const char *const *)((const char *)table + i * stride);
		if (!strcmp(*row, name))
			return (int)i;
	}
	sb_printf(why, "unknown %s format '%s'; the %s formats are: ", what,
		  name, what);
	for (i = 0; i < n; i++) {
		row = (const char *const *)((const char *)table + i * stride);
		sb_printf(why, "%s%s", i ? ", " : "", *row);
	}
	return -1;
}

int in_format_lookup(const char *name, struct strbuf *why)
{
	return lookup(name, in_formats, IN_FORMATS, sizeof(in_formats[0]),
		      "input", why);
}

int out_format_lookup(const char *name, struct strbuf *why)
{
	return lookup(name, out_formats, OUT_FORMATS, sizeof(out_formats[0]),
		      "output", why);
}

/*
 * Does f start as a region-map source: after white space and comments,
 * a statement's first word (region, map, memory, const, include) and a
 * character no name or parameter takes next?  A command line starts with
 * a parameter, whose name an '=' or a space ends, and never with a
 * comment.
 */
static bool looks_like_source(const struct srcfile *f)
{
	static const char *const starts[] = {
		"region", "map", "memory", "const", "include",
	};
	const char *p = f->buf, *end = f->buf + f->len;
	size_t i, n;

	while (p < end && *p && strchr(" \t\r\n\f\v", *p))
		p++;
	if (end - p >= 2 && p[0] == '/' && (p[1] == '/' || p[1] == '*'))
		return true;
	for (i = 0; i < sizeof(starts) / sizeof(starts[0]); i++) {
		n = strlen(starts[i]);
		if ((size_t)(end - p) > n && !memcmp(p, starts[i], n) &&
		    p[n] && strchr(" \t\r\n{\"", p[n]))
			return true;
	}
	return false;
}

enum in_format in_format_of(const char *path, const struct srcfile *f)
{
	const struct in_format_desc *in;
	size_t n = strlen(path), m;
	int i, other = IN_AUTO;

	for (i = 0; i < IN_FORMATS; i++) {
		in = &in_formats[i];
		m = in->ending ? strlen(in->ending) : 0;
		if (!in->ending)
			other = i;
		else if (n >= m && !strcmp(path + n - m, in->ending))
			return i;
	}
	for (i = 0; i < IN_FORMATS; i++) {
		in = &in_formats[i];
		m = in->magic ? strlen(in->magic) : 0;
		if (m && f->len >= m && !memcmp(f->buf, in->magic, m))
			return i;
	}
	return looks_like_source(f) ? IN_CMA : other;
}

void formats_help(FILE *out)
{
	int i;

	fputs("  -I, --in-format=FORMAT   read FILE as FORMAT, by default the one its name\n"
	      "                           ends in or its first bytes show, else cmdline:\n",
	      out);
	for (i = 0; i < IN_FORMATS; i++)
		fprintf(out, "                             %-9s %s%s%s%s\n",
			in_formats[i].name, in_formats[i].help,
			in_formats[i].ending ? " (*" : "",
			in_formats[i].ending ? in_formats[i].ending : "",
			in_formats[i].ending ? ")" : "");
	fputs("  -O, --out-format=FORMAT  write FORMAT:\n", out);
	for (i = 0; i < OUT_FORMATS; i++)
		fprintf(out, "                             %-9s %s\n",
			out_formats[i].name, out_formats[i].help);
}

void formats_list(FILE *out)
{
	int i;

	for (i = 0; i < IN_FORMATS; i++)
		fprintf(out, "input  %-9s %s\n", in_formats[i].name,
			in_formats[i].help);
	for (i = 0; i < OUT_FORMATS; i++)
		fprintf(out, "output %-9s %s\n", out_formats[i].name,
			out_formats[i].help);
}
