// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * -O dtso --board=FILE.dtb: what -O dtb writes into the board's tree, as
 * the source of a device-tree overlay for boards that apply overlays
 * (dtc -@ -O dtb makes the .dtbo; fdtoverlay or the boot loader applies
 * it).  The pools go into the board's /reserved-memory, or a new one,
 * and each device node a rule takes (board.c) gets "memory-region" by
 * path, with "memory-region-names" when there are several.
 */
#include <libfdt.h>

#include "board.h"
#include "cmacc.h"

int emit_dtso(struct compilation *c, struct strbuf *out)
{
	const struct policy *p = &c->policy;
	struct board b;
	uint32_t na, ns;
	size_t i, j;
	int parent, ret = 0;

	if (board_read(c, &b)) {
		board_free(&b);
		return -1;
	}
	sb_printf(out, "// The CMA regions of %s as an overlay for %s, made by cmacc.\n"
		  "/dts-v1/;\n/plugin/;\n\n", c->files[0]->name, b.file->name);
	parent = fdt_path_offset(b.fdt, "/reserved-memory");
	if (parent >= 0) {
		na = board_cells(b.fdt, parent, "#address-cells", 2);
		ns = board_cells(b.fdt, parent, "#size-cells", 1);
		sb_puts(out, "&{/reserved-memory} {");
	} else {
		na = board_cells(b.fdt, 0, "#address-cells", 2);
		ns = board_cells(b.fdt, 0, "#size-cells", 1);
		sb_printf(out, "&{/} {\n\treserved-memory {\n"
			  "\t\t#address-cells = <%u>;\n\t\t#size-cells = <%u>;\n"
			  "\t\tranges;\n", na, ns);
	}
	for (i = 0; i < p->nregions; i++) {
		if (dts_pool(out, p, i, na, ns, parent >= 0 ? 1 : 2))
			continue;
		diag(&c->diags, CHECK_BOARD_TREE, p->regions[i].pos, NULL,
		     "region '%s' does not fit the board's /reserved-memory, whose #address-cells is %u and #size-cells %u",
		     p->regions[i].name, na, ns);
		ret = -1;
	}
	sb_puts(out, parent >= 0 ? "};\n" : "\t};\n};\n");
	for (i = 0; i < b.nclaims; i++) {
		const struct rule *r = &p->rules[b.claims[i].rule];

		sb_printf(out, "\n&{%s} {\n\tmemory-region = ", b.claims[i].path);
		for (j = 0; j < r->ntargets; j++) {
			sb_puts(out, j ? ", <&" : "<&");
			dts_label(out, r->targets[j].name);
			sb_putc(out, '>');
		}
		sb_puts(out, ";\n");
		if (r->ntargets > 1) {
			sb_puts(out, "\tmemory-region-names = ");
			for (j = 0; j < r->ntargets; j++)
				sb_printf(out, "%s\"%s\"", j ? ", " : "",
					  r->targets[j].name);
			sb_puts(out, ";\n");
		}
		sb_puts(out, "};\n");
	}
	board_free(&b);
	return ret;
}
