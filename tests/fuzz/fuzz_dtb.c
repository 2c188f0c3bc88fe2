// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The device-tree reader (-I dtb) on any bytes: libfdt decides what is a
 * tree, and whatever it lets through must be read, checked (the kernel's
 * placement included), explained and written to every output without a
 * fault; a tree read without error decompiles into a source that reads
 * back without a syntax error.
 */
#include "fuzz.h"

/* Reads text as a source: false if the grammar refuses any of it. */
static bool parses(const char *text, size_t len)
{
	struct compilation c;
	bool ok = true;
	size_t i;

	compilation_init(&c, &fuzz_options);
	c.diags.out = fuzz_quiet();
	c.diags.max_errors = 0;
	read_cma_source(&c, compilation_add_text(&c, "fuzz.cma", text, len));
	for (i = 0; i < c.diags.nentries; i++)
		ok &= c.diags.entries[i].check != CHECK_SYNTAX;
	compilation_free(&c);
	return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct compilation c;
	struct strbuf out = { 0 };

	if (fuzz_compile(&c, FUZZ_DTB, "fuzz.dtb", data, size)) {
		fuzz_emit_all(&c);
		if (c.policy.nrules)
			explain(&c, "1000.cam", &out);
		sb_free(&out);
		FUZZ_ASSERT(emit_source(&c, &out) == 0);
		FUZZ_ASSERT(parses(out.buf, out.len));
		sb_free(&out);
	}
	compilation_free(&c);
	return 0;
}
