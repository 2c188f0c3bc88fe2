// SPDX-License-Identifier: GPL-2.0-or-later
/* One run of cmacc: everything it owns, so that runs never share state. */
#include <stdlib.h>
#include <string.h>

#include "cmacc.h"
#include "kernel-place.h"
#include "placement.h"

void compilation_init(struct compilation *c, const struct options *opts)
{
	memset(c, 0, sizeof(*c));
	c->opts = opts;
	diag_init(&c->diags, stderr);
	policy_init(&c->policy);
	c->in_format = IN_AUTO;
	c->policy.page_size = opts->page_size;
}

unsigned int compilation_scopes(const struct compilation *c)
{
	const struct options *o = c->opts;

	/*
	 * The replay loads a table: the command line's limits are not its.
	 * A diff writes a report, which no output's limits bind.
	 */
	unsigned int scopes = o->diff ? SCOPE_ANY :
		out_formats[o->simulate ? OUT_TABLE : o->out].scopes;

	/*
	 * A device tree, or a command line of today's kernels, is for them:
	 * its source, or a check of it, answers to their rules and not to
	 * the 2010 command line's.
	 */
	if (c->in_format == IN_DTB || c->today_cmdline) {
		if (o->out == OUT_CMA || o->out == OUT_NONE)
			scopes &= ~(unsigned int)SCOPE_CMDLINE;
		scopes |= SCOPE_TODAY | SCOPE_DTS;
	}
	if (o->cmdline_kernel != KERNEL_RUNTIME)
		scopes |= SCOPE_2010;
	return scopes;
}

void compilation_set_output(struct compilation *c)
{
	checks_scope(&c->diags, compilation_scopes(c));
}

void compilation_free(struct compilation *c)
{
	size_t i;

	free(c->placement);
	policy_free(&c->policy);
	diag_free(&c->diags);
	output_set_free(&c->outputs);
	for (i = 0; i < c->nfiles; i++)
		srcfile_free(c->files[i]);
	free(c->files);
}

/* Today's kernel's placement: of a tree's pools, a cma= line's, or those written for it. */
static struct placement *kernel_placement_of(struct compilation *c)
{
	struct kernel_place *kp = kernel_placement(c);
	struct placement *pl = xcalloc(c->policy.nregions + 1, sizeof(*pl));
	size_t i;

	for (i = 0; i < c->policy.nregions; i++) {
		pl[i].start = kp[i].start;
		pl[i].last = kp[i].start + (kp[i].size ? kp[i].size - 1 : 0);
		pl[i].fixed = kp[i].fixed;
		pl[i].tried = kp[i].tried;
		pl[i].fits = kp[i].placed;
		pl[i].known = kp[i].placed && (kp[i].fixed || c->policy.nbanks);
	}
	free(kp);
	return pl;
}

const struct placement *compilation_placement(struct compilation *c)
{
	if (!c->placement)
		c->placement = compilation_scopes(c) & SCOPE_TODAY ?
			       kernel_placement_of(c) :
			       policy_placement(&c->policy);
	return c->placement;
}

static struct srcfile *add_file(struct compilation *c, struct srcfile *f)
{
	f->seq = c->nfiles;
	VEC_RESERVE(c->files, c->nfiles, c->files_cap);
	c->files[c->nfiles++] = f;
	return f;
}

struct srcfile *compilation_read(struct compilation *c, const char *path)
{
	struct srcfile *f = srcfile_read(path);

	return f ? add_file(c, f) : NULL;
}

struct srcfile *compilation_add_text(struct compilation *c, const char *name,
				     const char *text, size_t len)
{
	return add_file(c, srcfile_from_string(name, text, len));
}
