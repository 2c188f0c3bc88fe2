// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The trace reader and --simulate: any input is read as a trace and, when
 * it has no error, replayed against a fixed board with a fallback, a
 * fixed region and both allocators, through the text and JSON reports and
 * the plot; short traces through --suggest as well.
 */
#include "fuzz.h"
#include "trace.h"

static const char board[] =
	"memory { bank ram { base = 0x1000_0000; size = 64M; } }\n"
	"region cam { size = 2M; align = 64K; }\n"
	"region vpu { size = 1M; start = 0x1300_0000; allocator = buddy; }\n"
	"region common { size = 1M; }\n"
	"map { c* kind any -> cam, common; v kind ? -> vpu, common; * -> common; }\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sim_options o = { 0 };
	struct strbuf out = { 0 }, plot = { 0 };
	struct compilation c;
	struct trace t;
	bool served;

	FUZZ_ASSERT(fuzz_compile(&c, FUZZ_CMA, "board.cma", board,
				 sizeof(board) - 1));
	trace_read(&c, compilation_add_text(&c, "fuzz.trace", (const char *)data,
					    size), &t);
	diag_flush(&c.diags);
	if (!c.diags.errors) {
		trace_match(&c, &t);
		o.json = size & 1;
		o.suggest = size < 256;
		o.step = 64 << 10;
		o.plot_path = "fuzz.svg";
		served = simulate(&c, &t, &o, &out, &plot);
		FUZZ_ASSERT(out.len && plot.len);
		/* A trace with no alloc cannot fail. */
		FUZZ_ASSERT(served || t.counts[TRACE_ALLOC]);
	}
	sb_free(&out);
	sb_free(&plot);
	trace_free(&t);
	compilation_free(&c);
	return 0;
}
