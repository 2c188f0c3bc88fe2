// SPDX-License-Identifier: GPL-2.0-or-later
/* cmacc: the CMA policy compiler and linter.  Options, then one run. */
#include <config.h>	/* PACKAGE_VERSION, from configure.ac */
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
	OPT_LIST_FORMATS,
	OPT_EXPLAIN,
	OPT_DIFF,
	OPT_DEPS_TARGET,
	OPT_DIAGNOSTICS_FORMAT,
	OPT_SIMULATE,
	OPT_SUGGEST,
	OPT_PLOT,
	OPT_TARGET,
	OPT_ROUND_TO_TARGET,
	OPT_LIST_TARGETS,
	OPT_BOARD,
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
	{ "list-formats", no_argument, NULL, OPT_LIST_FORMATS },
	{ "include", required_argument, NULL, 'i' },
	{ "depfile", required_argument, NULL, 'd' },
	{ "deps-target", required_argument, NULL, OPT_DEPS_TARGET },
	{ "explain", required_argument, NULL, OPT_EXPLAIN },
	{ "diff", required_argument, NULL, OPT_DIFF },
	{ "diagnostics-format", required_argument, NULL,
	  OPT_DIAGNOSTICS_FORMAT },
	{ "simulate", required_argument, NULL, OPT_SIMULATE },
	{ "suggest", optional_argument, NULL, OPT_SUGGEST },
	{ "plot", required_argument, NULL, OPT_PLOT },
	{ "target", required_argument, NULL, OPT_TARGET },
	{ "round-to-target", no_argument, NULL, OPT_ROUND_TO_TARGET },
	{ "list-targets", no_argument, NULL, OPT_LIST_TARGETS },
	{ "board", required_argument, NULL, OPT_BOARD },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static void usage(FILE *out)
{
	fputs("Usage: cmacc [OPTION]... [FILE]\n"
	      "Check a CMA region map and write it in another form.\n"
	      "With no FILE, or when FILE is -, read standard input.\n"
	      "\n", out);
	formats_help(out);
	fputs("  -o, --out=FILE           write to FILE, not standard output\n"
	      "      --check              check only; the same as -O none\n"
	      "  -i, --include=DIR        look in DIR for included files\n"
	      "  -d, --depfile=FILE       write the files read as a make rule to FILE\n"
	      "      --deps-target=NAME   the target of that rule (default: the output)\n"
	      "      --explain=DEV[/KIND] tell which rule and regions serve a request\n"
	      "      --diff=OLD           what changed from the policy in OLD to this one\n"
	      "                           (each, when given more than once)\n"
	      "      --simulate=TRACE     replay an allocation trace (cma-trace(5)) through\n"
	      "                           libcma and report on each region; -O json for JSON\n"
	      "      --suggest[=STEP]     with --simulate: each region's smallest size that\n"
	      "                           serves the trace, in STEP steps (default a page)\n"
	      "      --plot=FILE          with --simulate: each region's occupancy as SVG\n"
	      "  -WCHECK, -Wno-CHECK      turn a check on or off\n"
	      "  -Werror, -Werror=CHECK   make all warnings, or one, errors\n"
	      "      --list-checks        list the checks and their default levels\n"
	      "      --list-formats       list the input and output formats\n"
	      "  -fmax-errors=N           show at most N errors (default 20; 0: all)\n"
	      "  -q, --quiet              no notes of their own (warnings and errors\n"
	      "                           keep theirs)\n"
	      "      --color[=WHEN]       colour diagnostics: auto, always, never\n"
	      "      --diagnostics-format=FORMAT  text (the default) or json\n"
	      "      --cmdline-max=N      the kernel's COMMAND_LINE_SIZE (default 2048)\n"
	      "      --page-size=N        the page size (default 4K)\n"
	      "      --target=KERNEL      the kernel the output is for: runtime (libcma,\n"
	      "                           the default), 2010 or 2010-32 for the command\n"
	      "                           line; linux-6.1-arm64-4k (the default) and\n"
	      "                           others for -O dts and -O mainline\n"
	      "      --round-to-target    round CMA areas up to what that kernel takes\n"
	      "      --list-targets       list the kernels --target names\n"
	      "      --board=FILE.dtb     the board's device tree, for -O dtb\n"
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

static int parse_size_arg(const char *arg, const char *opt, uint64_t *v)
{
	size_t pos = 0, len = strlen(arg);

	if (cma_cl_parse_number(arg, &pos, len, v) || pos != len)
		return usage_error("%s wants a number such as 4K", opt);
	return 0;
}

/*
 * A file that could not be read or written: usage or I/O (2), except
 * when memory ran out, which is reported as every other time it does (1).
 */
static int io_error(const char *what, const char *path)
{
	int err = errno;

	if (err == EFBIG) {
		fprintf(stderr, "cmacc: error: cannot read '%s': it is over 1 GiB, more than cmacc reads of one input\n",
			path);
		return EXIT_USAGE;
	}
	if (err == ENOMEM) {
		fprintf(stderr, "cmacc: error: out of memory %s '%s'\n",
			!strcmp(what, "read") ? "reading" : "writing", path);
		return EXIT_INPUT;
	}
	fprintf(stderr, "cmacc: error: cannot %s '%s': %s\n", what, path,
		strerror(err));
	return EXIT_USAGE;
}

/*
 * A file name as make reads it in a rule: '$' doubled, and white space,
 * '#', ':', '\\' before those, and '%' escaped with a backslash.
 */
static void make_word(struct strbuf *sb, const char *name)
{
	for (; *name; name++) {
		if (*name == '$')
			sb_putc(sb, '$');
		else if (strchr(" \t#:%\\", *name))
			sb_putc(sb, '\\');
		sb_putc(sb, *name);
	}
}

/*
 * -d: the files read, as a make rule for the output, and an empty rule for
 * each included file so that make does not stop when one is removed.
 */
static void add_deps(struct compilation *c)
{
	const char *target = c->opts->deps_target ? c->opts->deps_target :
			     c->opts->out_path ? c->opts->out_path : "-";
	struct strbuf sb = { 0 };
	size_t i;

	make_word(&sb, target);
	sb_putc(&sb, ':');
	for (i = 0; i < c->nfiles; i++) {
		sb_putc(&sb, ' ');
		make_word(&sb, c->files[i]->name);
	}
	sb_putc(&sb, '\n');
	for (i = 1; i < c->nfiles; i++) {
		sb_putc(&sb, '\n');
		make_word(&sb, c->files[i]->name);
		sb_puts(&sb, ":\n");
	}
	output_add(&c->outputs, c->opts->deps_path, &sb);
}

/* Writes what the run made: 0, or what io_error() says. */
static int write_outputs(struct compilation *c)
{
	const char *failed;

	if (output_write_all(&c->outputs, &failed) < 0)
		return io_error("write", failed);
	return EXIT_OK;
}

/*
 * --simulate: the plot when asked, then the report, each written whole;
 * exit status 1 when the policy does not serve every allocation.
 */
static int run_simulation(struct compilation *c, struct trace *t,
			  const struct sim_options *sim)
{
	struct strbuf report = { 0 }, plot = { 0 };
	char page[32];
	bool served;
	int status;

	if (sim->step % c->policy.page_size)
		return usage_error("--suggest's step must be a multiple of the page size, %s",
				   fmt_size(page, c->policy.page_size));
	trace_match(c, t);
	served = simulate(c, t, sim, &report, sim->plot_path ? &plot : NULL);
	if (sim->plot_path)
		output_add(&c->outputs, sim->plot_path, &plot);
	output_add(&c->outputs, c->opts->out_path, &report);
	if (served && c->opts->deps_path)
		add_deps(c);
	status = write_outputs(c);
	return status ? status : served ? EXIT_OK : EXIT_INPUT;
}

/* The policy, checked, in the output format (or as --explain's answer). */
static int run_output(struct compilation *c)
{
	const struct options *o = c->opts;
	struct strbuf out = { 0 };
	int ret = 0;

	size_t i;

	for (i = 0; i < o->nexplain; i++) {
		if (i)
			sb_putc(&out, '\n');
		explain(c, o->explain[i], &out);
	}
	if (!o->nexplain)
		ret = out_formats[o->out].emit(c, &out);
	/* What the emitter found (-O dtb's board), and -Werror's errors. */
	if (c->diags.nentries || ret < 0)
		diag_flush(&c->diags);
	if (ret < 0 || c->diags.errors) {
		sb_free(&out);
		return EXIT_INPUT;
	}
	if (ret != EMIT_NOTHING)
		output_add(&c->outputs, o->out_path, &out);
	if (o->deps_path)
		add_deps(c);
	return write_outputs(c);
}

/*
 * Reads the policy at path into c, by its format (in, or by its name and
 * bytes), and checks it: the file, or NULL when it cannot be read.
 */
static struct srcfile *read_policy(struct compilation *c, enum in_format in,
				   const char *path)
{
	struct srcfile *f = compilation_read(c, path);

	if (!f)
		return NULL;
	c->in_format = in == IN_AUTO ? in_format_of(path, f) : in;
	c->today_cmdline = c->in_format == IN_CMDLINE && cmdline_is_today(f);
	compilation_set_output(c);
	in_formats[c->in_format].read(c, f);
	/* Without what it includes, the policy would only show the gap. */
	if (!c->include_missing)
		run_checks(c);
	return f;
}

/*
 * --diff: the older policy, read and checked as the input was, with the
 * same settings; its diagnostics join the input's, reported after them.
 * NULL when it cannot be read.
 */
static struct srcfile *read_older(struct compilation *c,
				  struct compilation *old,
				  struct options *old_opts,
				  const struct diags *settings)
{
	struct srcfile *f;
	size_t i;

	*old_opts = *c->opts;
	old_opts->in = IN_AUTO;
	old_opts->in_path = c->opts->diff;
	compilation_init(old, old_opts);
	diag_init_like(&old->diags, settings);
	f = read_policy(old, IN_AUTO, old_opts->in_path);
	for (i = 0; i < old->nfiles; i++)
		old->files[i]->seq += c->nfiles;
	diag_take(&c->diags, &old->diags);
	return f;
}

static int run_diff(struct compilation *c, struct compilation *old)
{
	struct strbuf out = { 0 };

	diff_policies(old, c, &out);
	output_add(&c->outputs, c->opts->out_path, &out);
	return write_outputs(c);
}

/*
 * One run: read the input, check it and report; then, if it has no error,
 * simulate, explain, compare or write it.
 */
static int run(struct compilation *c, const struct sim_options *sim)
{
	const struct options *o = c->opts;
	struct trace trace = { 0 };
	struct diags *d = &c->diags, settings = *d;
	struct options old_opts;
	struct compilation old;
	int status = EXIT_OK;
	bool json_diagnostics;
	struct srcfile *f;

	if (!read_policy(c, o->in, o->in_path))
		return io_error("read", o->in_path);
	if (o->diff && !read_older(c, &old, &old_opts, &settings))
		status = io_error("read", o->diff);
	/* A JSON document being written carries the JSON diagnostics. */
	json_diagnostics = d->json && o->out == OUT_JSON && !o->explain &&
			   !o->simulate && !o->diff && !d->errors;
	/* The trace's problems are reported with the policy's, at once. */
	if (o->simulate && !d->errors) {
		f = compilation_read(c, o->simulate);
		if (!f)
			status = io_error("read", o->simulate);
		else
			trace_read(c, f, &trace);
	}
	if (!json_diagnostics)
		diag_flush(d);
	if (!status && d->errors)
		status = EXIT_INPUT;
	if (!status)
		status = o->simulate ? run_simulation(c, &trace, sim) :
			 o->diff ? run_diff(c, &old) : run_output(c);
	trace_free(&trace);
	if (o->diff)
		compilation_free(&old);
	return status;
}

/* Is the input a device tree, by -I or by its name? */
static bool reads_dtb(const struct options *o)
{
	size_t n = strlen(o->in_path);

	return o->in == IN_DTB ||
	       (o->in == IN_AUTO && n > 4 && !strcmp(o->in_path + n - 4, ".dtb"));
}

/* The options into o and c's diagnostics: EXIT_OK to go on, or how to end. */
static int parse_options(int argc, char **argv, struct options *o,
			 struct compilation *c, struct sim_options *sim,
			 bool *done)
{
	struct diags *d = &c->diags;
	struct strbuf why = { 0 };
	const char *color = "auto";
	size_t dirs_cap = 0;
	int opt, id;
	char *end;

	while ((opt = getopt_long(argc, argv, "I:O:o:W:f:i:d:qhV", long_options,
				  NULL)) != -1) {
		switch (opt) {
		case 'I':
		case 'O':
			id = opt == 'I' ? in_format_lookup(optarg, &why) :
					  out_format_lookup(optarg, &why);
			if (id < 0) {
				usage_error("%s", why.buf);
				sb_free(&why);
				return EXIT_USAGE;
			}
			if (opt == 'I') {
				o->in = id;
			} else {
				o->out = id;
				o->out_given = true;
			}
			break;
		case 'i':
			VEC_RESERVE(o->include_dirs, o->ninclude_dirs, dirs_cap);
			o->include_dirs[o->ninclude_dirs++] = optarg;
			break;
		case 'd':
			o->deps_path = optarg;
			break;
		case OPT_DEPS_TARGET:
			o->deps_target = optarg;
			break;
		case OPT_EXPLAIN:
			o->explain = xrealloc(o->explain, (o->nexplain + 1) *
					      sizeof(*o->explain));
			o->explain[o->nexplain++] = optarg;
			break;
		case OPT_SIMULATE:
			o->simulate = optarg;
			break;
		case OPT_DIFF:
			o->diff = optarg;
			break;
		case OPT_SUGGEST:
			o->suggest = true;
			if (!optarg)
				break;
			if (parse_size_arg(optarg, "--suggest", &o->suggest_step))
				return EXIT_USAGE;
			if (!o->suggest_step)
				return usage_error("--suggest wants a step of a page or more, not '%s'",
						   optarg);
			break;
		case OPT_TARGET:
			if (cmdline_kernel_find(optarg, &o->cmdline_kernel)) {
				o->cmdline_kernel_given = true;
				break;
			}
			o->target = target_find(optarg, &why);
			if (!o->target) {
				usage_error("%s", why.buf);
				sb_free(&why);
				return EXIT_USAGE;
			}
			break;
		case OPT_BOARD:
			o->board = optarg;
			break;
		case OPT_ROUND_TO_TARGET:
			o->round_to_target = true;
			break;
		case OPT_PLOT:
			o->plot = optarg;
			break;
		case 'o':
			o->out_path = optarg;
			break;
		case OPT_CHECK:
			o->out = OUT_NONE;
			break;
		case 'W':
			if (check_option(d, optarg, &why) < 0) {
				usage_error("%s", why.buf);
				sb_free(&why);
				return EXIT_USAGE;
			}
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
			if (parse_size_arg(optarg, "--cmdline-max", &o->cmdline_max))
				return EXIT_USAGE;
			if (!o->cmdline_max)
				return usage_error("--cmdline-max wants the kernel's COMMAND_LINE_SIZE, not '%s'; -Wno-cmdline-length turns the check off",
						   optarg);
			break;
		case OPT_PAGE_SIZE:
			if (parse_size_arg(optarg, "--page-size", &o->page_size))
				return EXIT_USAGE;
			if (!is_power_of_2(o->page_size))
				return usage_error("--page-size wants a power of two, not '%s'",
						   optarg);
			c->policy.page_size = o->page_size;
			break;
		case OPT_LIST_CHECKS:
			checks_list(stdout);
			*done = true;
			return EXIT_OK;
		case OPT_LIST_TARGETS:
			targets_list(stdout);
			*done = true;
			return EXIT_OK;
		case OPT_LIST_FORMATS:
			formats_list(stdout);
			*done = true;
			return EXIT_OK;
		case 'q':
			d->quiet = true;
			break;
		case 'h':
			usage(stdout);
			*done = true;
			return EXIT_OK;
		case 'V':
			printf("cmacc (cmatools) %s\n", PACKAGE_VERSION);
			*done = true;
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
		o->in_path = argv[optind];
	if (o->cmdline_kernel_given &&
	    ((out_formats[o->out].scopes & SCOPE_TODAY) || reads_dtb(o)))
		return usage_error("%s", "--target=runtime, 2010 and 2010-32 name kernels of the 2010 command line, not of -O dts, -O dtb, -O dtso, -O mainline or -I dtb");
	if ((o->target || o->round_to_target) &&
	    !(out_formats[o->out].scopes & SCOPE_TODAY) && !reads_dtb(o))
		return usage_error("%s goes with the outputs and inputs for today's kernels: -O dts, -O dtb, -O dtso, -O mainline, -I dtb",
				   o->target ? "--target" : "--round-to-target");
	if (!o->board != (o->out != OUT_DTB && o->out != OUT_DTSO))
		return usage_error("%s", o->board ?
				   "--board goes with -O dtb and -O dtso" :
				   "-O dtb and -O dtso write into the board's tree: give it with --board=FILE.dtb");
	if ((o->suggest || o->plot) && !o->simulate)
		return usage_error("%s goes with --simulate=TRACE",
				   o->suggest ? "--suggest" : "--plot");
	if (o->deps_target && !o->deps_path)
		return usage_error("%s", "--deps-target names the target of -d's rule: give -d FILE too");
	if (o->diff && (o->simulate || o->explain || o->out_given))
		return usage_error("%s", "--diff writes its own report: not with --simulate, --explain or -O");
	if (o->simulate) {
		if (o->explain)
			return usage_error("%s", "--simulate and --explain are separate runs");
		if (o->out_given && o->out != OUT_JSON)
			return usage_error("%s", "--simulate writes a report: as text, or with -O json as JSON");
		sim->json = o->out_given && o->out == OUT_JSON;
		sim->suggest = o->suggest;
		sim->step = o->suggest_step;
		sim->plot_path = o->plot;
	}
	d->color = !strcmp(color, "always") ||
		   (!strcmp(color, "auto") && isatty(STDERR_FILENO) &&
		    getenv("TERM") && strcmp(getenv("TERM"), "dumb"));
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	struct options opts = {
		.in = IN_AUTO, .out = OUT_CMDLINE, .in_path = "-",
		.cmdline_max = 2048, .page_size = 4096,
	};
	struct sim_options sim = { 0 };
	struct compilation c;
	bool done = false;
	int status;

	compilation_init(&c, &opts);
	status = parse_options(argc, argv, &opts, &c, &sim, &done);
	if (!status && !done)
		status = run(&c, &sim);
	compilation_free(&c);
	free(opts.include_dirs);
	free(opts.explain);
	return status;
}
