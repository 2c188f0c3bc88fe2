/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The one place where the runtime meets its environment: the userspace C
 * library or the Linux kernel.  Everything in runtime/ includes this header
 * and nothing else from outside, so the same sources build in both.
 */
#ifndef CMA_ENV_H
#define CMA_ENV_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/limits.h>
#else
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <errno.h>
#endif

#endif /* CMA_ENV_H */
