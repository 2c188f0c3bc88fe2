// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * -O mainline: the cma= of today's kernels, "cma=SIZE[@START-END]", for
 * the default region.  A region with a start becomes a fixed area: the
 * kernel fixes an area exactly when START + SIZE == END.  The check
 * "mainline" says what of the policy this leaves out.
 */
#include "cmacc.h"

int emit_mainline(struct compilation *c, struct strbuf *out)
{
	const struct policy *p = &c->policy;
	long d = policy_default_region(p);
	const struct region *r;
	uint64_t size = 0, start = 0;

	/* The check mainline-default stops cmacc before this. */
	if (d < 0) {
		diag_plain_error(&c->diags, "-O mainline needs a default region");
		return -1;
	}
	r = &p->regions[d];
	/* Checked: both fit, and start + size does not pass 2^64. */
	region_size(r, p->page_size, &size);
	sb_puts(out, "cma=");
	sb_size(out, size);
	if (r->has_start && r->start && region_start(r, p->page_size, &start)) {
		sb_putc(out, '@');
		sb_addr(out, start);
		/* An area ending at 2^64 has no END to write: a bound only. */
		if (start + size) {
			sb_putc(out, '-');
			sb_addr(out, start + size);
		}
	}
	sb_putc(out, '\n');
	return 0;
}
