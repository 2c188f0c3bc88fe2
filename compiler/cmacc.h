/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One run of cmacc: its options, its sources, its model, its diagnostics. */
#ifndef CMACC_H
#define CMACC_H

#include <stdint.h>

#include "diag.h"
#include "model.h"
#include "output.h"
#include "srcpos.h"
#include "target.h"
#include "util.h"

struct compilation;

/* The formats (formats.def), by id: IN_CMA, ..., OUT_CMDLINE, ... */
enum in_format {
	IN_AUTO = -1,	/* by the file name */
#define INPUT(id, name, ending, magic, reader, help) IN_##id,
#define OUTPUT(id, name, emitter, scopes, help)
#include "formats.def"
#undef INPUT
#undef OUTPUT
	IN_FORMATS
};

enum out_format {
#define INPUT(id, name, ending, magic, reader, help)
#define OUTPUT(id, name, emitter, scopes, help) OUT_##id,
#include "formats.def"
#undef INPUT
#undef OUTPUT
	OUT_FORMATS
};

struct in_format_desc {
	const char *name;
	const char *ending;	/* of a file name, that picks it; NULL: none */
	const char *magic;	/* what a file of it starts with; NULL: none */
	/* Fills c->policy and reports what it finds wrong. */
	void (*read)(struct compilation *c, struct srcfile *f);
	const char *help;
};

/*
 * An emitter writes the checked policy to out, and any file that goes
 * with it to c->outputs: 0; EMIT_NOTHING when there is no out to write
 * (-O none); or -1 when it has reported why it cannot.
 */
#define EMIT_NOTHING 1
typedef int emit_fn(struct compilation *c, struct strbuf *out);

struct out_format_desc {
	const char *name;
	emit_fn *emit;
	unsigned int scopes;	/* the checks that bind it (checks.h) */
	const char *help;
};

extern const struct in_format_desc in_formats[IN_FORMATS];
extern const struct out_format_desc out_formats[OUT_FORMATS];

/* The format called name, or -1 (and the list of names in why). */
int in_format_lookup(const char *name, struct strbuf *why);
int out_format_lookup(const char *name, struct strbuf *why);
/*
 * The input format of f, read from path: the one its name ends in, else
 * the one whose first bytes it has, else the one for any other name.
 */
enum in_format in_format_of(const char *path, const struct srcfile *f);
/* For --help and --list-formats. */
void formats_help(FILE *out);
void formats_list(FILE *out);

#define INPUT(id, name, ending, magic, reader, help) \
	void reader(struct compilation *c, struct srcfile *f);
#define OUTPUT(id, name, emitter, scopes, help) emit_fn emitter;
#include "formats.def"
#undef INPUT
#undef OUTPUT

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
	const char *deps_target;	/* --deps-target; NULL: the output */
	const char **explain;		/* each --explain DEV[/KIND] */
	size_t nexplain;
	bool out_given;			/* -O was given */
	const char *simulate;		/* --simulate TRACE */
	bool suggest;			/* --suggest[=STEP] */
	uint64_t suggest_step;		/* 0: the page size */
	const char *plot;		/* --plot FILE.svg */
	const struct kernel_target *target;	/* --target; NULL: the default */
	enum cmdline_kernel cmdline_kernel;	/* --target=runtime|2010|2010-32 */
	bool cmdline_kernel_given;
	bool round_to_target;		/* --round-to-target */
	const char *board;		/* --board FILE.dtb, for -O dtb */
	const char *diff;		/* --diff OLD: the policy to compare */
};

struct compilation {
	const struct options *opts;
	struct diags diags;
	struct policy policy;
	struct srcfile **files;
	size_t nfiles, files_cap;
	struct output_set outputs;	/* what the run writes, in order */
	struct placement *placement;	/* made when first asked for */
	int in_format;			/* enum in_format, once known */
	bool today_cmdline;		/* a command line of today's kernels */
	bool include_missing;		/* the policy lacks what it includes */
};

void compilation_init(struct compilation *c, const struct options *opts);
void compilation_free(struct compilation *c);
/*
 * Where the policy's regions lie, worked out once: checks and emitters
 * ask after the policy is read, when it no longer changes.  As libcma
 * places them; for a device tree or today's command line, as the kernel
 * places its pools (kernel-place.c).
 */
const struct placement *compilation_placement(struct compilation *c);
/* The check scopes that bind what the options ask c to write. */
unsigned int compilation_scopes(const struct compilation *c);
/* Once the options are known: off go the checks that do not bind them. */
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

/* The 2010 command line, with where each piece ends when layout is given. */
/*
 * Region i of p as a pool node of /reserved-memory in DTS, labelled
 * cma_NAME, its values in na address and ns size cells (1 or 2), depth
 * tabs in: false when a value does not fit its cells.
 */
/* Is the line in the dialect of today's kernels (cma=256M@0-4G)? */
bool cmdline_is_today(const struct srcfile *f);
/* Reads such a line (input-mainline.c). */
void read_today_cmdline(struct compilation *c, struct srcfile *f);

void dts_label(struct strbuf *out, const char *name);
bool dts_pool(struct strbuf *out, const struct policy *p, size_t i,
	      uint32_t na, uint32_t ns, int depth);
void emit_cmdline(const struct policy *p, enum cmdline_kernel k,
		  struct strbuf *out, struct cmdline_layout *layout);
/*
 * Could a device pattern be taken for a shorter name by the 2010
 * matcher, which marks a device as matched as soon as its name runs
 * out?  Only with two or more characters besides a final '*'.
 */
bool prefix_prone(const char *dev);
/* The table; -1 when the policy is too big for one (2^32 bytes). */
int emit_table(const struct policy *p, struct strbuf *out);
/* --diff: what changed from old's policy to new's, as a report. */
void diff_policies(struct compilation *old, struct compilation *new,
		   struct strbuf *out);

/* --explain: which rule and regions would serve the request "DEV[/KIND]". */
void explain(struct compilation *c, const char *request, struct strbuf *out);

#endif
