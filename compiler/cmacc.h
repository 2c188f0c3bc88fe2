/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One run of cmacc: its options, its sources, its model, its diagnostics. */
#ifndef CMACC_H
#define CMACC_H

#include <stdint.h>

#include "diag.h"
#include "model.h"
#include "srcpos.h"
#include "util.h"

enum in_format {
	IN_AUTO,	/* by the file name: .cma, .cmat, else a command line */
	IN_CMDLINE,
	IN_CMA,
	IN_TABLE,
};

enum out_format {
	OUT_NONE,
	OUT_CMDLINE,
	OUT_CMA,
	OUT_TABLE,
	OUT_C,
	OUT_JSON,
	OUT_MAINLINE,
	OUT_DTS,
};

struct options {
	enum in_format in;
	enum out_format out;
	const char *in_path;	/* "-": standard input */
	const char *out_path;	/* NULL: standard output */
	uint64_t cmdline_max;	/* COMMAND_LINE_SIZE, with its NUL */
	uint64_t page_size;
	const char **include_dirs;	/* -i, in order */
	size_t ninclude_dirs;
	const char *deps_path;		/* -d */
	const char *explain;		/* --explain DEV[/KIND] */
	bool out_given;			/* -O was given */
	const char *simulate;		/* --simulate TRACE */
	bool suggest;			/* --suggest[=STEP] */
	uint64_t suggest_step;		/* 0: the page size */
	const char *plot;		/* --plot FILE.svg */
};

struct compilation {
	const struct options *opts;
	struct diags diags;
	struct policy policy;
	struct srcfile **files;
	size_t nfiles, files_cap;
};

void compilation_init(struct compilation *c, const struct options *opts);
void compilation_free(struct compilation *c);
/* Once the options are known: checks that bind only some outputs. */
void compilation_set_output(struct compilation *c);
/* Reads path into a new source file of c; NULL (errno set) on failure. */
struct srcfile *compilation_read(struct compilation *c, const char *path);
/* A new source file of c holding text, called name: for tests and tools. */
struct srcfile *compilation_add_text(struct compilation *c, const char *name,
				     const char *text, size_t len);

/*
 * A number as the language writes it (decimal or 0x hex, '_' between
 * digits, a suffix K ... E or KiB ... EiB): false, reported at at, when
 * it is not one or does not fit in 64 bits.
 */
bool read_number(struct diags *d, const char *text, size_t len,
		 struct srcpos at, uint64_t *value);

/* Front ends: each fills c->policy and reports what it finds wrong. */
void read_cmdline_source(struct compilation *c, struct srcfile *f);
void read_table_source(struct compilation *c, struct srcfile *f);

/*
 * Where each piece of a written command line ends, as offsets in it: for
 * the length checks to point at what crosses a limit.
 */
struct cmdline_layout {
	size_t regions_from, map_from;	/* where each value starts */
	size_t *region_end;		/* one per region */
	size_t *rule_end;		/* one per rule */
};

/* What the 2010 kernel keeps of a parameter's value, in bytes. */
#define CMDLINE_VALUE_MAX 511

/* Emitters: each writes the checked model. */
void emit_cmdline(const struct policy *p, struct strbuf *out,
		  struct cmdline_layout *layout);
void emit_source(const struct compilation *c, struct strbuf *out);
/* The table; -1 when the policy is too big for one (2^32 bytes). */
int emit_table(const struct policy *p, struct strbuf *out);
/* The table as a C array called name, and a header declaring it. */
void emit_c(const struct strbuf *table, const char *name, const char *from,
	    const char *header, struct strbuf *out);
void emit_c_header(size_t len, const char *name, struct strbuf *out);
char *c_identifier(const char *path);
/* The policy as JSON (cma-json(5)), with the diagnostics when asked. */
void emit_json(struct compilation *c, bool with_diagnostics,
	       struct strbuf *out);
/* Today's cma= for the default region (a check made sure there is one). */
void emit_mainline(const struct policy *p, struct strbuf *out);
/* A /reserved-memory fragment, and the rules as a guide for device nodes. */
void emit_dts(const struct compilation *c, struct strbuf *out);
/* --explain: which rule and regions would serve the request "DEV[/KIND]". */
void explain(struct compilation *c, const char *request, struct strbuf *out);

#endif
