/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef CMACC_CMDLINE_ARGS_H
#define CMACC_CMDLINE_ARGS_H

#include "../runtime/cmdline.h"

/*
 * Reads a whole kernel command line, as the kernel splits it (white space,
 * double quotes, '-' and '_' alike in names, "--" ends the kernel's part),
 * tells ops->param of each cma= and cma_map=, and reads the last of each
 * with the shared reader.
 */
int cma_cl_read_cmdline(const char *buf, size_t len,
			const struct cma_cl_ops *ops, void *priv);

#endif
