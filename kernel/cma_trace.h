/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The recorder of cma.ko (cma-trace(5)): with the parameter trace=1,
 * each driver call and its result become a line of
 * /sys/kernel/debug/cma/trace, for cmacc --simulate.
 */
#ifndef CMA_TRACE_H
#define CMA_TRACE_H

#include <linux/compiler.h>
#include <linux/init.h>
#include <linux/types.h>

/*
 * Before a call: true when recording, with the recorder's lock held so
 * that the call and its line are one step; then cma_trace_*() unlocks.
 * Cold: recording is for debugging, and out of the request path's way.
 */
bool cma_trace_begin(void);
__cold void cma_trace_alloc(const char *dev, const char *kind,
			    unsigned long size, unsigned long alignment,
			    unsigned long addr);
__cold void cma_trace_ref(bool get, unsigned long addr, int ret);

void __init cma_trace_init(void);
void __exit cma_trace_exit(void);

#endif /* CMA_TRACE_H */
