// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kernels cmacc writes for.  Each row is read from linux-source-6.1:
 * CMA_MIN_ALIGNMENT_BYTES is PAGE_SIZE << pageblock_order
 * (include/linux/cma.h), and pageblock_order is min(HUGETLB_PAGE_ORDER,
 * MAX_ORDER - 1) (include/linux/pageblock-flags.h): on arm64 the order of
 * a PMD, PMD_SHIFT - PAGE_SHIFT, which is 9, 11 and 13 for 4K, 16K and
 * 64K pages, against MAX_ORDER 11, 12 and 14 (arch/arm64/Kconfig).
 * MAX_CMA_AREAS is 1 + CONFIG_CMA_AREAS; CONFIG_CMA_AREAS (19) and
 * CONFIG_CMA_SIZE_MBYTES (64) are those of Debian 12's arm64 kernel.
 * Only 6.1 is here because 6.1 is the code we can read and boot.
 */
#include <string.h>

#include "cmacc.h"
#include "target.h"
#include "../runtime/cma_env.h"

#define MiB (1ULL << 20)
#define NTARGETS (sizeof(targets) / sizeof(targets[0]))

static const struct kernel_target targets[] = {
	{ "linux-6.1-arm64-4k", 4096, 2 * MiB, 20, 64 },
	{ "linux-6.1-arm64-16k", 16384, 32 * MiB, 20, 64 },
	{ "linux-6.1-arm64-64k", 65536, 512 * MiB, 20, 64 },
};

/* Debian 12's arm64 kernel, the one the boot test runs. */
const struct kernel_target *const default_target = &targets[0];

const struct kernel_target *target_find(const char *name, struct strbuf *why)
{
	size_t i, n = strlen(name);

	for (i = 0; i < NTARGETS; i++)
		if (!strcmp(targets[i].name, name) ||
		    /* The page size may be left out: 4K, as Debian builds. */
		    (!strncmp(targets[i].name, name, n) &&
		     !strcmp(targets[i].name + n, "-4k")))
			return &targets[i];
	sb_printf(why, "unknown target '%s'; the targets are runtime, 2010, 2010-32,",
		  name);
	for (i = 0; i < NTARGETS; i++)
		sb_printf(why, "%s %s", i ? "," : "", targets[i].name);
	return NULL;
}

static const char *const cmdline_kernels[] = {
	[KERNEL_RUNTIME] = "runtime",
	[KERNEL_2010] = "2010",
	[KERNEL_2010_32] = "2010-32",
};

bool cmdline_kernel_find(const char *name, enum cmdline_kernel *k)
{
	unsigned int i;

	for (i = 0; i < sizeof(cmdline_kernels) / sizeof(*cmdline_kernels); i++)
		if (!strcmp(cmdline_kernels[i], name)) {
			*k = (enum cmdline_kernel)i;
			return true;
		}
	return false;
}

uint64_t cmdline_kernel_max(enum cmdline_kernel k)
{
	return k == KERNEL_2010_32 ? UINT32_MAX : UINT64_MAX;
}

void targets_list(FILE *out)
{
	char a[32], b[32];
	size_t i;

	fprintf(out, "%-20s the 2010 command line as libcma and cma.ko read it (the default)\n"
		"%-20s the 2010 patch's kernel, 64-bit\n"
		"%-20s the 2010 patch's kernel, 32-bit (unsigned long of 32 bits)\n",
		cmdline_kernels[0], cmdline_kernels[1], cmdline_kernels[2]);
	for (i = 0; i < NTARGETS; i++)
		fprintf(out, "%-20s pages of %s, CMA areas in multiples of %s, at most %u of them%s\n",
			targets[i].name, fmt_size(a, targets[i].page_size),
			fmt_size(b, targets[i].cma_align),
			targets[i].cma_areas,
			&targets[i] == default_target ? " (the default)" : "");
}

const struct kernel_target *compilation_target(const struct compilation *c)
{
	return c->opts->target ? c->opts->target : default_target;
}

bool target_writes_region(const struct compilation *c, size_t i)
{
	const struct region *r = &c->policy.regions[i];

	/* A coherent pool (no_map) is memory the kernel keeps, not CMA. */
	if (!r->reusable || r->no_map)
		return false;
	if (c->opts->out == OUT_MAINLINE)
		return (long)i == policy_default_region(&c->policy);
	return c->in_format == IN_DTB || c->today_cmdline ||
	       (out_formats[c->opts->out].scopes & SCOPE_DTS);
}

void target_round(struct compilation *c)
{
	const struct kernel_target *t = compilation_target(c);
	struct policy *p = &c->policy;
	char a[32], b[32], e[32], g[32];
	uint64_t size, start, up;
	size_t i;

	for (i = 0; i < p->nregions; i++) {
		struct region *r = &p->regions[i];

		if (r->broken || !target_writes_region(c, i) ||
		    !r->has_size || !r->size ||
		    !region_size(r, p->page_size, &size))
			continue;
		if (size % t->cma_align && cma_round_up(size, t->cma_align, &up)) {
			diag(&c->diags, CHECK_CMA_ROUNDED, r->size_pos, NULL,
			     "region '%s' is written with size %s, %s more than its %s, as %s needs a multiple of %s",
			     r->name, fmt_size(a, up), fmt_size(b, up - size),
			     fmt_size(e, size), t->name,
			     fmt_size(g, t->cma_align));
			r->size = up;
		}
		if (!r->has_start || !r->start ||
		    !region_start(r, p->page_size, &start) ||
		    !(start % t->cma_align) ||
		    !cma_round_up(start, t->cma_align, &up))
			continue;
		diag(&c->diags, CHECK_CMA_ROUNDED, r->start_pos, NULL,
		     "region '%s' is written at %s, %s above its %s, as %s needs a multiple of %s",
		     r->name, fmt_addr(a, up), fmt_size(b, up - start),
		     fmt_addr(e, start), t->name,
		     fmt_size(g, t->cma_align));
		r->start = up;
	}
}
