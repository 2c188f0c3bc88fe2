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

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libfdt.h>

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

enum fuzz_input { FUZZ_CMA, FUZZ_CMDLINE, FUZZ_TABLE, FUZZ_DTB };

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
	if (in == FUZZ_CMA) {
		read_cma_source(c, f);
	} else if (in == FUZZ_TABLE) {
		read_table_source(c, f);
	} else if (in == FUZZ_DTB) {
		c->in_format = IN_DTB;
		read_dtb_source(c, f);
	} else {
		c->today_cmdline = cmdline_is_today(f);
		read_cmdline_source(c, f);
	}
	run_checks(c);
	diag_flush(&c->diags);
	return !c->diags.errors;
}

static char fuzz_board_path[] = "/tmp/cmacc-fuzz-board-XXXXXX";

static void fuzz_board_remove(void)
{
	unlink(fuzz_board_path);
}

/*
 * A board for -O dtb, made once: devices named "1000.cam", "vpu" and
 * "2000.fb" for the rules to take.
 */
static inline const char *fuzz_board(void)
{
	static bool made;
	char blob[1024];
	int fd, node, err;

	if (made)
		return fuzz_board_path;
	err = fdt_create_empty_tree(blob, sizeof(blob));
	FUZZ_ASSERT(!err);
	fdt_setprop_u32(blob, 0, "#address-cells", 1);
	fdt_setprop_u32(blob, 0, "#size-cells", 1);
	node = fdt_add_subnode(blob, 0, "cam@1000");
	fdt_setprop_string(blob, node, "compatible", "acme,cam");
	fdt_setprop_u64(blob, node, "reg", 0x100000001000ULL);
	node = fdt_add_subnode(blob, 0, "vpu");
	fdt_setprop_string(blob, node, "compatible", "acme,vpu");
	node = fdt_add_subnode(blob, 0, "fb@2000");
	fdt_setprop_string(blob, node, "compatible", "acme,fb");
	fdt_setprop_u64(blob, node, "reg", 0x200000001000ULL);
	fd = mkstemp(fuzz_board_path);
	FUZZ_ASSERT(fd >= 0);
	FUZZ_ASSERT(write(fd, blob, fdt_totalsize(blob)) ==
		    (ssize_t)fdt_totalsize(blob));
	close(fd);
	atexit(fuzz_board_remove);
	made = true;
	return fuzz_board_path;
}

/* Every output format's emitter, over a policy without errors. */
static inline void fuzz_emit_all(struct compilation *c)
{
	const struct options *given = c->opts;
	struct options with_board = *given;
	struct strbuf out = { 0 };
	int i;

	with_board.board = fuzz_board();
	for (i = 0; i < OUT_FORMATS; i++) {
		c->opts = i == OUT_DTB || i == OUT_DTSO ? &with_board : given;
		out_formats[i].emit(c, &out);
		sb_free(&out);
	}
	c->opts = given;
}

#endif /* CMA_FUZZ_H */
