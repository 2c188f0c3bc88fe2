// SPDX-License-Identifier: GPL-2.0-or-later
/* The command-line reader, its checks and every writer. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct compilation c;

	if (fuzz_compile(&c, FUZZ_CMDLINE, "fuzz", data, size))
		fuzz_emit_all(&c);
	compilation_free(&c);
	return 0;
}
