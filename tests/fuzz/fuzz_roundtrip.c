// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Differential: for a command line cmacc accepts, decompiling it into the
 * language and compiling that must give the canonical line back.
 */
#include "fuzz.h"

static char *canonical(struct compilation *c)
{
	struct strbuf out = { 0 };

	emit_cmdline(&c->policy, KERNEL_RUNTIME, &out, NULL);
	return out.buf ? out.buf : xstrdup("");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct compilation line, source;
	struct strbuf decompiled = { 0 };
	char *first, *second;

	if (!fuzz_compile(&line, FUZZ_CMDLINE, "fuzz", data, size)) {
		compilation_free(&line);
		return 0;
	}
	first = canonical(&line);
	emit_source(&line, &decompiled);
	FUZZ_ASSERT(fuzz_compile(&source, FUZZ_CMA, "fuzz.cma",
				 decompiled.buf ? decompiled.buf : "",
				 decompiled.len));
	second = canonical(&source);
	if (strcmp(first, second)) {
		fprintf(stderr, "canonical:  %s\nround trip: %s\n", first,
			second);
		abort();
	}
	free(first);
	free(second);
	sb_free(&decompiled);
	compilation_free(&source);
	compilation_free(&line);
	return 0;
}
