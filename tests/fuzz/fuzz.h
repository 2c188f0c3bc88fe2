/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The fuzz harnesses' shared part: one compilation of an in-memory text,
 * with diagnostics thrown away.  Each harness defines
 * LLVMFuzzerTestOneInput; libFuzzer drives it under `make fuzz`, and
 * replay.c runs it over the corpora and the regressions in `make check`.
 * Any failed expectation aborts, which both report as a finding.
 */
#ifndef CMA_FUZZ_H
#define CMA_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmacc.h"
#include "lang.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_ASSERT(cond)						\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "%s:%d: expected %s\n",		\
				__FILE__, __LINE__, #cond);		\
			abort();					\
		}							\
	} while (0)

static const struct options fuzz_options = {
	.in = IN_AUTO,
	.out = OUT_CMDLINE,
	.in_path = "fuzz",
	.cmdline_max = 2048,
	.page_size = 4096,
};

static FILE *fuzz_quiet(void)
{
	static FILE *quiet;

	if (!quiet)
		quiet = fopen("/dev/null", "w");
	return quiet;
}

enum fuzz_input { FUZZ_CMA, FUZZ_CMDLINE, FUZZ_TABLE };

/* Reads text as the given input into c; true when it has no error. */
static inline bool fuzz_compile(struct compilation *c, enum fuzz_input in,
				const char *name, const void *text, size_t len)
{
	struct srcfile *f;

	compilation_init(c, &fuzz_options);
	c->diags.out = fuzz_quiet();
	c->diags.max_errors = 0;
	/* Half the inputs have their diagnostics written as JSON. */
	c->diags.json = len & 1;
	f = compilation_add_text(c, name, text, len);
	if (in == FUZZ_CMA)
		read_cma_source(c, f);
	else if (in == FUZZ_TABLE)
		read_table_source(c, f);
	else
		read_cmdline_source(c, f);
	run_checks(c);
	diag_flush(&c->diags);
	return !c->diags.errors;
}

/* Every output format's emitter, over a policy without errors. */
static inline void fuzz_emit_all(struct compilation *c)
{
	struct strbuf out = { 0 };
	int i;

	for (i = 0; i < OUT_FORMATS; i++) {
		out_formats[i].emit(c, &out);
		sb_free(&out);
	}
}

#endif /* CMA_FUZZ_H */
