// SPDX-License-Identifier: GPL-2.0-or-later
/* cmacc: the CMA policy compiler and linter.  Options, then one run. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmacc.h"
#include "lang.h"
#include "output.h"
#include "trace.h"
#include "../runtime/cmdline.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "0"
#endif

enum exit_status {
	EXIT_OK = 0,
	EXIT_INPUT = 1,		/* the input has errors */
	EXIT_USAGE = 2,		/* usage or I/O */
};

enum long_only {
	OPT_CHECK = 256,
	OPT_COLOR,
	OPT_CMDLINE_MAX,
	OPT_PAGE_SIZE,
	OPT_LIST_CHECKS,
	OPT_EXPLAIN,
	OPT_DIAGNOSTICS_FORMAT,
	OPT_SIMULATE,
	OPT_SUGGEST,
	OPT_PLOT,
};

static const struct option long_options[] = {
	{ "in-format", required_argument, NULL, 'I' },
	{ "out-format", required_argument, NULL, 'O' },
	{ "out", required_argument, NULL, 'o' },
	{ "check", no_argument, NULL, OPT_CHECK },
	{ "color", optional_argument, NULL, OPT_COLOR },
	{ "colour", optional_argument, NULL, OPT_COLOR },
	{ "cmdline-max", required_argument, NULL, OPT_CMDLINE_MAX },
	{ "page-size", required_argument, NULL, OPT_PAGE_SIZE },
	{ "list-checks", no_argument, NULL, OPT_LIST_CHECKS },
	{ "include", required_argument, NULL, 'i' },
	{ "depfile", required_argument, NULL, 'd' },
	{ "explain", required_argument, NULL, OPT_EXPLAIN },
	{ "diagnostics-format", required_argument, NULL,
	  OPT_DIAGNOSTICS_FORMAT },
	{ "simulate", required_argument, NULL, OPT_SIMULATE },
	{ "suggest", optional_argument, NULL, OPT_SUGGEST },
	{ "plot", required_argument, NULL, OPT_PLOT },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static void usage(FILE *out)
{
	fputs("Usage: cmacc [OPTION]... [FILE]\n"
	      "Check a CMA region map and write it in another form.\n"
	      "With no FILE, or when FILE is -, read standard input.\n"
	      "\n"
	      "  -I, --in-format=FORMAT   read FILE as FORMAT: cma (a region-map source,\n"
	      "                           the default for *.cma), table (for *.cmat)\n"
	      "                           or cmdline (otherwise)\n"
	      "  -O, --out-format=FORMAT  write FORMAT: cmdline (the default), cma,\n"
	      "                           table, c (the table as a C array), json,\n"
	      "                           dts (reserved memory), mainline (today's\n"
	      "                           cma=), none\n"
	      "  -o, --out=FILE           write to FILE, not standard output\n"
	      "      --check              check only; the same as -O none\n"
	      "  -i, --include=DIR        look in DIR for included files\n"
	      "  -d, --depfile=FILE       write the files read as a make rule to FILE\n"
	      "      --explain=DEV[/KIND] tell which rule and regions serve a request\n"
	      "      --simulate=TRACE     replay an allocation trace (cma-trace(5)) through\n"
	      "                           libcma and report on each region; -O json for JSON\n"
	      "      --suggest[=STEP]     with --simulate: each region's smallest size that\n"
	      "                           serves the trace, in STEP steps (default a page)\n"
	      "      --plot=FILE          with --simulate: each region's occupancy as SVG\n"
	      "  -WCHECK, -Wno-CHECK      turn a check on or off\n"
	      "  -Werror, -Werror=CHECK   make all warnings, or one, errors\n"
	      "      --list-checks        list the checks and their default levels\n"
	      "  -fmax-errors=N           show at most N errors (default 20; 0: all)\n"
	      "      --color[=WHEN]       colour diagnostics: auto, always, never\n"
	      "      --diagnostics-format=FORMAT  text (the default) or json\n"
	      "      --cmdline-max=N      the kernel's COMMAND_LINE_SIZE (default 2048)\n"
	      "      --page-size=N        the page size (default 4K)\n"
	      "  -h, --help               show this help and exit\n"
	      "  -V, --version            show the version and exit\n"
	      "\n"
	      "Exit status: 0 when the input has no error, 1 when it has (or, with\n"
	      "--simulate, when an allocation of the trace fails), 2 for a usage or\n"
	      "I/O problem.\n",
	      out);
}

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "cmacc: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry 'cmacc --help' for more information.\n");
	return EXIT_USAGE;
}

static void list_checks(void)
{
	int i;

	for (i = 0; i < CHECK_COUNT; i++)
		printf("%-20s %-7s %s%s\n", checks[i].name,
		       checks[i].level == LEVEL_ERROR ? "error" :
		       checks[i].level == LEVEL_WARNING ? "warning" : "note",
		       checks[i].summary, checks[i].fixed ? " (always on)" : "");
}

/* -W<arg>: the forms GCC has. */
static int set_check(struct diags *d, const char *arg)
{
	bool off = false, error = false;
	const char *name = arg;
	int id;

	if (!strcmp(arg, "error")) {
		d->werror = true;
		return 0;
	}
	if (!strcmp(arg, "no-error")) {
		d->werror = false;
		return 0;
	}
	if (!strncmp(name, "no-", 3)) {
		off = true;
		name += 3;
	}
	if (!strncmp(name, "error=", 6)) {
		error = true;
		name += 6;
	}
	id = check_lookup(name);
	if (id < 0)
		return usage_error("unknown check '%s'; --list-checks lists them",
				   name);
	if (error) {
		d->explicit_error[id] = !off;
		d->no_werror[id] = off;
		if (!off && d->levels[id] == LEVEL_OFF)
			d->levels[id] = LEVEL_WARNING;
	} else if (off) {
		if (checks[id].fixed)
			return usage_error("check '%s' cannot be turned off",
					   name);
		d->levels[id] = LEVEL_OFF;
	} else if (d->levels[id] == LEVEL_OFF) {
		d->levels[id] = checks[id].level;
	}
	return 0;
}

static int parse_size_arg(const char *arg, const char *opt, uint64_t *v)
{
	size_t pos = 0, len = strlen(arg);

	if (cma_cl_parse_number(arg, &pos, len, v) || pos != len)
		return usage_error("%s wants a number such as 4K", opt);
	return 0;
}

/*
 * -O c: the table as a C array, and, when writing FILE.c, FILE.h beside
 * it declaring the array.  The header goes first: if the source cannot
 * be written after it, the user has a header for a table they lack, but
 * never a source that includes a header that is not there.
 */
/*
 * A file that could not be read or written: usage or I/O (2), except
 * when memory ran out, which is reported as every other time it does (1).
 */
static int io_error(const char *what, const char *path)
{
	int err = errno;

	if (err == ENOMEM) {
		fprintf(stderr, "cmacc: error: out of memory %s '%s'\n",
			!strcmp(what, "read") ? "reading" : "writing", path);
		return EXIT_INPUT;
	}
	fprintf(stderr, "cmacc: error: cannot %s '%s': %s\n", what, path,
		strerror(err));
	return EXIT_USAGE;
}

static int write_c(const struct compilation *c, struct strbuf *table,
		   const char *path)
{
	struct strbuf src = { 0 }, hdr = { 0 };
	char *name = c_identifier(path ? path : c->files[0]->name);
	char *header = NULL;
	int ret = 0;

	if (path && strlen(path) > 2 && !strcmp(path + strlen(path) - 2, ".c")) {
		const char *slash = strrchr(path, '/');

		header = xstrdup(path);
		header[strlen(header) - 1] = 'h';
		emit_c_header(table->len, name, &hdr);
		if (write_output(header, hdr.buf, hdr.len) < 0)
			ret = -io_error("write", header);
		emit_c(table, name, c->files[0]->name,
		       slash ? header + (slash - path) + 1 : header, &src);
	} else {
		emit_c(table, name, c->files[0]->name, NULL, &src);
	}
	/* What main() writes to -o is now the source. */
	sb_free(table);
	*table = src;
	sb_free(&hdr);
	free(header);
	free(name);
	return ret;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

/*
 * -d: the files read, as a make rule for the output, and an empty rule for
 * each included file so that make does not stop when one is removed.
 */
static int write_deps(const struct compilation *c, const char *path)
{
	const char *target = c->opts->out_path ? c->opts->out_path : "-";
	struct strbuf sb = { 0 };
	size_t i;
	int ret;

	sb_printf(&sb, "%s:", target);
	for (i = 0; i < c->nfiles; i++)
		sb_printf(&sb, " %s", c->files[i]->name);
	sb_putc(&sb, '\n');
	for (i = 1; i < c->nfiles; i++)
		sb_printf(&sb, "\n%s:\n", c->files[i]->name);
	ret = write_output(path, sb.buf, sb.len);
	sb_free(&sb);
	return ret;
}

/*
 * --simulate: the report, and the plot when asked, each written whole;
 * exit status 1 when the policy does not serve every allocation.
 */
static int run_simulation(struct compilation *c, struct trace *t,
			  const struct sim_options *sim, struct strbuf *out)
{
	const char *path = c->opts->out_path;
	struct strbuf plot = { 0 };
	char page[32];
	bool served;
	int status = EXIT_OK;

	if (sim->step % c->policy.page_size)
		return usage_error("--suggest's step must be a multiple of the page size, %s",
				   fmt_size(page, c->policy.page_size));
	trace_match(c, t);
	served = simulate(c, t, sim, out, sim->plot_path ? &plot : NULL);
	if (sim->plot_path &&
	    write_output(sim->plot_path, plot.buf, plot.len) < 0)
		status = io_error("write", sim->plot_path);
	else if (write_output(path, out->buf, out->len) < 0)
		status = io_error("write", path ? path : "<stdout>");
	else if (!served)
		status = EXIT_INPUT;
	if (!status && c->opts->deps_path &&
	    write_deps(c, c->opts->deps_path) < 0)
		status = io_error("write", c->opts->deps_path);
	sb_free(&plot);
	return status;
}

int main(int argc, char **argv)
{
	struct options opts = {
		.in = IN_AUTO, .out = OUT_CMDLINE, .in_path = "-",
		.cmdline_max = 2048, .page_size = 4096,
	};
	struct compilation c;
	struct trace trace = { 0 };
	struct sim_options sim = { 0 };
	struct diags *d = &c.diags;
	struct strbuf out = { 0 };
	const char *color = "auto";
	const char **include_dirs = NULL;
	size_t dirs_cap = 0;
	struct srcfile *f;
	int opt, status = EXIT_OK;
	bool json_diagnostics;
	char *end;

	compilation_init(&c, &opts);
	while ((opt = getopt_long(argc, argv, "I:O:o:W:f:i:d:hV", long_options,
				  NULL)) != -1) {
		switch (opt) {
		case 'I':
			if (!strcmp(optarg, "cmdline"))
				opts.in = IN_CMDLINE;
			else if (!strcmp(optarg, "cma"))
				opts.in = IN_CMA;
			else if (!strcmp(optarg, "table"))
				opts.in = IN_TABLE;
			else
				return usage_error("unknown input format '%s'; the input formats are: cma, cmdline, table",
						   optarg);
			break;
		case 'O':
			opts.out_given = true;
			if (!strcmp(optarg, "cmdline"))
				opts.out = OUT_CMDLINE;
			else if (!strcmp(optarg, "cma"))
				opts.out = OUT_CMA;
			else if (!strcmp(optarg, "table"))
				opts.out = OUT_TABLE;
			else if (!strcmp(optarg, "c"))
				opts.out = OUT_C;
			else if (!strcmp(optarg, "json"))
				opts.out = OUT_JSON;
			else if (!strcmp(optarg, "mainline"))
				opts.out = OUT_MAINLINE;
			else if (!strcmp(optarg, "dts"))
				opts.out = OUT_DTS;
			else if (!strcmp(optarg, "none"))
				opts.out = OUT_NONE;
			else
				return usage_error("unknown output format '%s'; the output formats are: cmdline, cma, table, c, json, dts, mainline, none",
						   optarg);
			break;
		case 'i':
			VEC_RESERVE(include_dirs, opts.ninclude_dirs, dirs_cap);
			include_dirs[opts.ninclude_dirs++] = optarg;
			opts.include_dirs = include_dirs;
			break;
		case 'd':
			opts.deps_path = optarg;
			break;
		case OPT_EXPLAIN:
			opts.explain = optarg;
			break;
		case OPT_SIMULATE:
			opts.simulate = optarg;
			break;
		case OPT_SUGGEST:
			opts.suggest = true;
			if (!optarg)
				break;
			if (parse_size_arg(optarg, "--suggest",
					   &opts.suggest_step))
				return EXIT_USAGE;
			if (!opts.suggest_step)
				return usage_error("--suggest wants a step of a page or more, not '%s'",
						   optarg);
			break;
		case OPT_PLOT:
			opts.plot = optarg;
			break;
		case 'o':
			opts.out_path = optarg;
			break;
		case OPT_CHECK:
			opts.out = OUT_NONE;
			break;
		case 'W':
			if (set_check(d, optarg))
				return EXIT_USAGE;
			break;
		case 'f':
			if (strncmp(optarg, "max-errors=", 11))
				return usage_error("unknown option '-f%s'", optarg);
			errno = 0;
			d->max_errors = strtoul(optarg + 11, &end, 10);
			if (errno || *end || end == optarg + 11)
				return usage_error("-fmax-errors wants a number, not '%s'",
						   optarg + 11);
			break;
		case OPT_COLOR:
			color = optarg ? optarg : "always";
			if (strcmp(color, "auto") && strcmp(color, "always") &&
			    strcmp(color, "never"))
				return usage_error("--color wants auto, always or never, not '%s'",
						   color);
			break;
		case OPT_DIAGNOSTICS_FORMAT:
			if (strcmp(optarg, "text") && strcmp(optarg, "json"))
				return usage_error("--diagnostics-format wants text or json, not '%s'",
						   optarg);
			d->json = !strcmp(optarg, "json");
			break;
		case OPT_CMDLINE_MAX:
			if (parse_size_arg(optarg, "--cmdline-max",
					   &opts.cmdline_max))
				return EXIT_USAGE;
			break;
		case OPT_PAGE_SIZE:
			if (parse_size_arg(optarg, "--page-size", &opts.page_size))
				return EXIT_USAGE;
			if (!is_power_of_2(opts.page_size))
				return usage_error("--page-size wants a power of two, not '%s'",
						   optarg);
			c.policy.page_size = opts.page_size;
			break;
		case OPT_LIST_CHECKS:
			list_checks();
			return EXIT_OK;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		case 'V':
			printf("cmacc (cmatools) %s\n", PACKAGE_VERSION);
			return EXIT_OK;
		default:
			fprintf(stderr, "Try 'cmacc --help' for more information.\n");
			return EXIT_USAGE;
		}
	}
	if (argc - optind > 1)
		return usage_error("one input file at a time, not '%s' too",
				   argv[optind + 1]);
	if (optind < argc)
		opts.in_path = argv[optind];
	if ((opts.suggest || opts.plot) && !opts.simulate)
		return usage_error("%s goes with --simulate=TRACE",
				   opts.suggest ? "--suggest" : "--plot");
	if (opts.simulate) {
		if (opts.explain)
			return usage_error("%s", "--simulate and --explain are separate runs");
		if (opts.out_given && opts.out != OUT_JSON)
			return usage_error("%s", "--simulate writes a report: as text, or with -O json as JSON");
		sim.json = opts.out_given && opts.out == OUT_JSON;
		sim.suggest = opts.suggest;
		sim.step = opts.suggest_step;
		sim.plot_path = opts.plot;
		/* The replay loads a table: the command line's limits are not its. */
		opts.out = OUT_TABLE;
	}
	d->color = !strcmp(color, "always") ||
		   (!strcmp(color, "auto") && isatty(STDERR_FILENO) &&
		    getenv("TERM") && strcmp(getenv("TERM"), "dumb"));

	if (opts.in == IN_AUTO)
		opts.in = ends_with(opts.in_path, ".cma") ? IN_CMA :
			  ends_with(opts.in_path, ".cmat") ? IN_TABLE : IN_CMDLINE;
	compilation_set_output(&c);
	f = compilation_read(&c, opts.in_path);
	if (!f) {
		status = io_error("read", opts.in_path);
		goto out;
	}
	if (opts.in == IN_CMA)
		read_cma_source(&c, f);
	else if (opts.in == IN_TABLE)
		read_table_source(&c, f);
	else
		read_cmdline_source(&c, f);
	run_checks(&c);
	/* A JSON document being written carries the JSON diagnostics. */
	json_diagnostics = d->json && opts.out == OUT_JSON && !opts.explain &&
			   !d->errors;
	/* The trace's problems are reported with the policy's, at once. */
	if (opts.simulate && !d->errors) {
		f = compilation_read(&c, opts.simulate);
		if (!f)
			status = io_error("read", opts.simulate);
		else
			trace_read(&c, f, &trace);
	}
	if (!json_diagnostics)
		diag_flush(d);
	if (status)
		goto out;
	if (d->errors) {
		status = EXIT_INPUT;
		goto out;
	}
	if (opts.simulate) {
		status = run_simulation(&c, &trace, &sim, &out);
		goto out;
	}
	if (opts.explain)
		explain(&c, opts.explain, &out);
	else if (opts.out == OUT_CMDLINE)
		emit_cmdline(&c.policy, &out, NULL);
	else if (opts.out == OUT_CMA)
		emit_source(&c, &out);
	else if (opts.out == OUT_JSON)
		emit_json(&c, json_diagnostics, &out);
	else if (opts.out == OUT_MAINLINE)
		emit_mainline(&c.policy, &out);
	else if (opts.out == OUT_DTS)
		emit_dts(&c, &out);
	else if ((opts.out == OUT_TABLE || opts.out == OUT_C) &&
		 emit_table(&c.policy, &out) < 0) {
		fprintf(stderr, "cmacc: error: the policy is too large for a table (4 GiB, or a rule with over 65,535 patterns or regions)\n");
		status = EXIT_INPUT;
		goto out;
	}
	if (opts.out == OUT_C && !opts.explain) {
		status = -write_c(&c, &out, opts.out_path);
		if (status)
			goto out;
	}
	if ((opts.explain || opts.out != OUT_NONE) &&
	    write_output(opts.out_path, out.buf ? out.buf : "", out.len) < 0) {
		status = io_error("write", opts.out_path ? opts.out_path :
					   "<stdout>");
		goto out;
	}
	if (opts.deps_path && write_deps(&c, opts.deps_path) < 0)
		status = io_error("write", opts.deps_path);
out:
	sb_free(&out);
	trace_free(&trace);
	compilation_free(&c);
	free(include_dirs);
	return status;
}
