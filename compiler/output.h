/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef CMACC_OUTPUT_H
#define CMACC_OUTPUT_H

#include <stddef.h>

/*
 * Writes buf to path (NULL or "-": standard output) through a temporary
 * file renamed into place.  Returns 0, or -1 with errno set and path as
 * it was.
 */
int write_output(const char *path, const char *buf, size_t len);

#endif
