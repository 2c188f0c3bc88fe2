/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Small helpers of cmacc: memory that cannot fail, growable buffers. */
#ifndef CMACC_UTIL_H
#define CMACC_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Out of memory ends cmacc with a diagnostic and exit status 1. */
void *xmalloc(size_t size);
/*
 * The letters and digits of s[0, len), as a fix-it for a name that has
 * other characters; NULL when it has none.
 */
char *name_fix(const char *s, size_t len);
/*
 * cma_names_add() (runtime/names.h), where running out of memory ends
 * cmacc as it does everywhere: the item filed under key[0, len).
 */
struct cma_names;
uint32_t names_add(struct cma_names *x, const char *key, size_t len,
		   uint32_t item);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
/* Says so and exits with status 1, as every allocation failure does. */
void out_of_memory(size_t size) __attribute__((noreturn));
char *xstrndup(const char *s, size_t len);
char *xstrdup(const char *s);

/* Grows array p of *cap elements so that it holds n + 1. */
#define VEC_RESERVE(p, n, cap)                                               \
	do {                                                                 \
		if ((n) >= (cap)) {                                          \
			(cap) = (cap) ? 2 * (cap) : 8;                       \
			(p) = xrealloc((p), (cap) * sizeof(*(p)));           \
		}                                                            \
	} while (0)

struct strbuf {
	char *buf;
	size_t len;
	size_t cap;
};

void sb_add(struct strbuf *sb, const char *s, size_t len);
void sb_puts(struct strbuf *sb, const char *s);
void sb_putc(struct strbuf *sb, char c);
void sb_printf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sb_vprintf(struct strbuf *sb, const char *fmt, va_list ap);
void sb_free(struct strbuf *sb);

/*
 * Numbers as the command line writes them: the largest of K M G T P E
 * that divides v exactly ("16M", "1536K", "0").
 */
void sb_size(struct strbuf *sb, uint64_t v);
/* Addresses in hex ("0x20000000"). */
void sb_addr(struct strbuf *sb, uint64_t v);

/*
 * s as a JSON string, quotes included.  Bytes that are not UTF-8 (names
 * may hold any byte but NUL) become the code points of the same value,
 * U+0080 to U+00FF, so that the output is always valid JSON.
 */
void sb_json_string(struct strbuf *sb, const char *s);
/* The same, or null for NULL. */
void sb_json_string_or_null(struct strbuf *sb, const char *s);
/* A member "key": v. */
void sb_json_u64(struct strbuf *sb, const char *key, uint64_t v);

/* A string of at most a few words, for messages: size or address. */
const char *fmt_size(char buf[32], uint64_t v);
/* The same with no suffix beyond largest: 'G' for the 2010 memparse(). */
const char *fmt_size_upto(char buf[32], uint64_t v, char largest);
const char *fmt_addr(char buf[32], uint64_t v);

/* Edit distance, for "did you mean" hints; stops counting above max. */
size_t edit_distance(const char *a, const char *b, size_t max);

#endif
