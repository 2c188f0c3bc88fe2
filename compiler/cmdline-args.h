/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef CMACC_CMDLINE_ARGS_H
#define CMACC_CMDLINE_ARGS_H

#include "../runtime/cmdline.h"

/*
 * Reads a whole kernel command line, as the kernel splits it (white space,
 * double quotes, '-' and '_' alike in names, "--" ends the kernel's part),
 * tells ops->param of each cma= and cma_map=, and reads the last of each
 * with the shared reader.  early_2010: as the 2010 kernel's early
 * parameters were found instead: names compared exactly, no end at "--".
 */
int cma_cl_read_cmdline(const char *buf, size_t len, bool early_2010,
			const struct cma_cl_ops *ops, void *priv);

/* Each of the kernel's arguments of a line, in order, until fn returns non-0. */
int cma_cl_each_arg(const char *buf, size_t len,
		    int (*fn)(void *priv, struct cma_span name,
			      struct cma_span value, bool has_value),
		    void *priv);

/*
 * Each argument with a value, as the 2010 kernel's early parameters see
 * them: "--" did not end those then; past_dashes says one came before.
 */
void cma_cl_each_2010_arg(const char *buf, size_t len,
			  void (*fn)(void *priv, struct cma_span name,
				     struct cma_span value, bool past_dashes),
			  void *priv);

/* Is name the parameter want, '-' and '_' alike, as parameq() has it? */
bool cma_cl_param_is(const char *buf, struct cma_span name, const char *want);

#endif
