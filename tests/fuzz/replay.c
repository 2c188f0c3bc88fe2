// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Runs a fuzz harness over files, without libFuzzer: `make check` replays
 * the corpora and every input that once made a harness fail, under the
 * sanitizers when the build has them.
 */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"

int main(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		struct strbuf sb = { 0 };
		char chunk[4096];
		size_t n;

		if (!f) {
			perror(argv[i]);
			return 2;
		}
		while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
			sb_add(&sb, chunk, n);
		fclose(f);
		LLVMFuzzerTestOneInput((const uint8_t *)(sb.buf ? sb.buf : ""),
				       sb.len);
		sb_free(&sb);
	}
	return 0;
}
