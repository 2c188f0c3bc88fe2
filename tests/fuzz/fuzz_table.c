// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The table: the runtime's loader and a context made from it, and
 * cmacc's reader (the decompiler).  Both must agree on what is a table,
 * and a table both accept must be written back to the very same bytes
 * when it is canonical, or at least to a table they accept again.
 */
#include "fuzz.h"
#include "cma.h"
#include "table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cma_table t;
	struct cma_table_error err;
	struct cma_ctx *ctx = NULL;
	struct compilation c;
	bool runtime_ok = !cma_table_open(&t, data, size, &err);
	bool cmacc_ok;

	if (!cma_ctx_from_table(&ctx, data, size))
		cma_ctx_destroy(ctx);
	cmacc_ok = fuzz_compile(&c, FUZZ_TABLE, "fuzz.cmat", data, size);
	/* cmacc checks more than the loader: what it takes, the loader takes. */
	FUZZ_ASSERT(!cmacc_ok || runtime_ok);
	if (cmacc_ok) {
		struct strbuf again = { 0 };

		fuzz_emit_all(&c);
		FUZZ_ASSERT(emit_table(&c.policy, &again) == 0);
		FUZZ_ASSERT(!cma_table_open(&t, again.buf, again.len, &err));
		sb_free(&again);
	}
	compilation_free(&c);
	return 0;
}
