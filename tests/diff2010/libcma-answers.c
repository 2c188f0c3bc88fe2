// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libcma's answers, for the differential test against the model of the
 * 2010 code.  Reads lines from standard input, fields separated by tabs:
 *
 *   L CMA MAP         a context from cma= and cma_map= values ("-": absent)
 *   T FILE            a context from a table
 *   R DEV KIND SIZE ALIGN   cma_ctx_alloc() ("-" for KIND: NULL)
 *   E                 the end of the context
 *
 * and writes, for each R, the name of the region that served it, or the
 * negative errno, or "refused" when the context could not be made.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cma.h"

static const char *field(char **rest)
{
	char *f = *rest, *tab;

	if (!f)
		return "";
	tab = strchr(f, '\t');
	if (tab) {
		*tab = '\0';
		*rest = tab + 1;
	} else {
		*rest = NULL;
	}
	return f;
}

static const char *or_null(const char *s)
{
	return strcmp(s, "-") ? s : NULL;
}

static struct cma_ctx *from_table(const char *path)
{
	struct cma_ctx *ctx = NULL;
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc(n > 0 ? (size_t)n : 1);
	if (buf && fread(buf, 1, (size_t)n, f) == (size_t)n)
		cma_ctx_from_table(&ctx, buf, (size_t)n);
	free(buf);
	fclose(f);
	return ctx;
}

static void answer(struct cma_ctx *ctx, const char *dev, const char *kind,
		   unsigned long size, unsigned long align)
{
	unsigned long addr = cma_ctx_alloc(ctx, dev, kind, size, align);
	struct cma_region_state st;
	unsigned i;

	if (addr >= (unsigned long)-4095) {
		printf("%ld\n", (long)addr);
		return;
	}
	for (i = 0; !cma_ctx_region_state(ctx, i, &st); i++) {
		if (addr >= st.start && addr - st.start < st.size) {
			printf("%s\n", st.name);
			return;
		}
	}
	printf("outside every region\n");
}

int main(void)
{
	struct cma_ctx *ctx = NULL;
	char line[8192];
	int made = 0;

	while (fgets(line, sizeof(line), stdin)) {
		char *rest = line, *nl = strchr(line, '\n');
		const char *op;

		if (nl)
			*nl = '\0';
		op = field(&rest);
		if (!strcmp(op, "L")) {
			const char *cma = or_null(field(&rest));
			const char *map = or_null(field(&rest));

			made = !cma_ctx_from_cmdline(&ctx, cma, map);
		} else if (!strcmp(op, "T")) {
			ctx = from_table(field(&rest));
			made = ctx != NULL;
		} else if (!strcmp(op, "R")) {
			const char *dev = field(&rest);
			const char *kind = or_null(field(&rest));
			unsigned long size = strtoul(field(&rest), NULL, 0);
			unsigned long align = strtoul(field(&rest), NULL, 0);

			if (made)
				answer(ctx, dev, kind, size, align);
			else
				printf("refused\n");
		} else if (!strcmp(op, "E")) {
			if (made)
				cma_ctx_destroy(ctx);
			ctx = NULL;
			made = 0;
		}
	}
	return 0;
}
