// SPDX-License-Identifier: GPL-2.0-or-later
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "../runtime/cmdline.h"
#include "../runtime/names.h"

void out_of_memory(size_t size)
{
	if (size)
		fprintf(stderr, "cmacc: error: out of memory (asked for %zu bytes)\n",
			size);
	else
		fprintf(stderr, "cmacc: error: out of memory\n");
	exit(1);
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p)
		out_of_memory(size);
	return p;
}

uint32_t names_add(struct cma_names *x, const char *key, size_t len,
		   uint32_t item)
{
	uint32_t filed;

	if (cma_names_add(x, key, len, item, &filed))
		out_of_memory(0);
	return filed;
}

char *name_fix(const char *s, size_t len)
{
	char *fix = xmalloc(len + 1);
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (cma_cl_is_name_char(s[i]))
			fix[n++] = s[i];
	fix[n] = '\0';
	if (!n) {
		free(fix);
		return NULL;
	}
	return fix;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		out_of_memory(n * size);
	return p;
}

void *xrealloc(void *p, size_t size)
{
	p = realloc(p, size ? size : 1);
	if (!p)
		out_of_memory(size);
	return p;
}

char *xstrndup(const char *s, size_t len)
{
	char *d = xmalloc(len + 1);

	memcpy(d, s, len);
	d[len] = '\0';
	return d;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

void sb_add(struct strbuf *sb, const char *s, size_t len)
{
	if (sb->len + len + 1 > sb->cap) {
		sb->cap = sb->cap ? sb->cap : 64;
		while (sb->len + len + 1 > sb->cap)
			sb->cap *= 2;
		sb->buf = xrealloc(sb->buf, sb->cap);
	}
	memcpy(sb->buf + sb->len, s, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
}

void sb_puts(struct strbuf *sb, const char *s)
{
	sb_add(sb, s, strlen(s));
}

void sb_putc(struct strbuf *sb, char c)
{
	sb_add(sb, &c, 1);
}

void sb_vprintf(struct strbuf *sb, const char *fmt, va_list ap)
{
	char small[256];
	va_list copy;
	int n;

	va_copy(copy, ap);
	n = vsnprintf(small, sizeof(small), fmt, copy);
	va_end(copy);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		sb_add(sb, small, n);
	} else {
		char *big = xmalloc(n + 1);

		vsnprintf(big, n + 1, fmt, ap);
		sb_add(sb, big, n);
		free(big);
	}
}

void sb_printf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sb_vprintf(sb, fmt, ap);
	va_end(ap);
}

void sb_free(struct strbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}

const char *fmt_size(char buf[32], uint64_t v)
{
	return fmt_size_upto(buf, v, 'E');
}

const char *fmt_size_upto(char buf[32], uint64_t v, char largest)
{
	static const char suffix[] = "KMGTPE";
	int k = 0, most = (int)(strchr(suffix, largest) - suffix) + 1;

	while (v && k < most && !(v & 1023)) {
		v >>= 10;
		k++;
	}
	if (k)
		snprintf(buf, 32, "%" PRIu64 "%c", v, suffix[k - 1]);
	else
		snprintf(buf, 32, "%" PRIu64, v);
	return buf;
}

const char *fmt_addr(char buf[32], uint64_t v)
{
	snprintf(buf, 32, "0x%" PRIx64, v);
	return buf;
}

void sb_size(struct strbuf *sb, uint64_t v)
{
	char buf[32];

	sb_puts(sb, fmt_size(buf, v));
}

void sb_addr(struct strbuf *sb, uint64_t v)
{
	char buf[32];

	sb_puts(sb, fmt_addr(buf, v));
}

/* The length of the UTF-8 sequence at s, or 0 when it is not one. */
static size_t utf8_length(const unsigned char *s)
{
	size_t n, i;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates and past U+10FFFF are not UTF-8. */
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n;
}

void sb_json_string(struct strbuf *sb, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	sb_putc(sb, '"');
	while (*p) {
		size_t n = utf8_length(p);

		if (*p == '"' || *p == '\\') {
			sb_putc(sb, '\\');
			sb_putc(sb, (char)*p++);
		} else if (*p == '\n') {
			sb_puts(sb, "\\n");
			p++;
		} else if (*p < 0x20) {
			sb_printf(sb, "\\u%04x", *p++);
		} else if (n == 0) {
			/* U+0080..U+00FF in UTF-8: two bytes. */
			sb_putc(sb, (char)(0xc0 | *p >> 6));
			sb_putc(sb, (char)(0x80 | (*p++ & 0x3f)));
		} else {
			sb_add(sb, (const char *)p, n);
			p += n;
		}
	}
	sb_putc(sb, '"');
}

void sb_json_string_or_null(struct strbuf *sb, const char *s)
{
	if (s)
		sb_json_string(sb, s);
	else
		sb_puts(sb, "null");
}

void sb_json_u64(struct strbuf *sb, const char *key, uint64_t v)
{
	sb_printf(sb, "\"%s\": %" PRIu64, key, v);
}

size_t edit_distance(const char *a, const char *b, size_t max)
{
	size_t la = strlen(a), lb = strlen(b), i, j, best, *row, result;

	if ((la > lb ? la - lb : lb - la) > max)
		return max + 1;
	row = xmalloc((lb + 1) * sizeof(*row));
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		best = row[0];
		for (j = 1; j <= lb; j++) {
			size_t up = row[j], v = diag + (a[i - 1] != b[j - 1]);

			if (up + 1 < v)
				v = up + 1;
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			diag = up;
			row[j] = v;
			if (v < best)
				best = v;
		}
		if (best > max) {
			free(row);
			return max + 1;
		}
	}
	result = row[lb];
	free(row);
	return result;
}
