/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The one place where the runtime meets its environment: the userspace C
 * library or the Linux kernel.  Everything in runtime/ includes this header
 * and reaches nothing else from outside, so the same sources build in both.
 *
 * It gives: fixed-width types, string functions and vsnprintf, error
 * codes, memory (cma_zalloc, which may sleep, and cma_zalloc_locked,
 * which does not, for use under the lock; cma_free), a lock (struct
 * cma_lock) never held across a sleep, cma_sort,
 * CMA_THREAD_LOCAL, cma_cold, cma_always_inline, cma_nth_string and
 * cma_round_up.
 */
#ifndef CMA_ENV_H
#define CMA_ENV_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/limits.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/bit_spinlock.h>
#include <linux/spinlock.h>
#include <linux/kernel.h>
#include <linux/sort.h>

#define UINT32_MAX	U32_MAX
#define UINT64_MAX	U64_MAX

/*
 * A bit lock: it spins, inline.  mutex_lock() and, in this kernel's
 * builds, spin_lock() are calls, and under QEMU's TCG, where bench/kernel
 * runs, calls were most of what a context added to an alloc and a put.
 * It is held only for an allocator's work and the index's, never across
 * anything that sleeps.  PREEMPT_RT keeps a bit lock atomic, and there
 * memory cannot be had with preemption off, so there it is a spinlock_t,
 * which sleeps (Documentation/locking/locktypes.rst, "bit spinlocks").
 */
struct cma_lock {
#ifdef CONFIG_PREEMPT_RT
	spinlock_t s;
#else
	unsigned long bit;
#endif
};

/* Process context: may sleep.  Index tables outgrow kmalloc: kvzalloc. */
static inline void *cma_zalloc(size_t size)
{
	return kvzalloc(size, GFP_KERNEL);
}

/*
 * Under a cma_lock: an allocator's nodes, small, with no sleep and no
 * warning, as the kernel's IOVA allocator takes its own; a failure is an
 * alloc that finds no room.
 */
static inline void *cma_zalloc_locked(size_t size)
{
	return kzalloc(size, GFP_ATOMIC | __GFP_NOWARN);
}

/* Under a cma_lock only what is a page or less: kfree's, not vfree's. */
static inline void cma_free(void *p)
{
	kvfree(p);
}

#ifdef CONFIG_PREEMPT_RT
static inline void cma_lock_init(struct cma_lock *l)
{
	spin_lock_init(&l->s);
}

static inline void cma_lock(struct cma_lock *l)
	__acquires(l)
{
	spin_lock(&l->s);
}

static inline void cma_unlock(struct cma_lock *l)
	__releases(l)
{
	spin_unlock(&l->s);
}
#else
static inline void cma_lock_init(struct cma_lock *l)
{
	l->bit = 0;
}

static inline void cma_lock(struct cma_lock *l)
	__acquires(l)
{
	bit_spin_lock(0, &l->bit);
}

/* Not an atomic clear: the word holds nothing but the lock. */
static inline void cma_unlock(struct cma_lock *l)
	__releases(l)
{
	__bit_spin_unlock(0, &l->bit);
}
#endif

static inline void cma_sort(void *base, size_t n, size_t size,
			    int (*cmp)(const void *, const void *))
{
	sort(base, n, size, cmp, NULL);
}

/* Contexts are made at module load, one at a time. */
#define CMA_THREAD_LOCAL

#define cma_cold __cold
#define cma_always_inline __always_inline

#else /* userspace */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <stdarg.h>
#include <stdio.h>
#include <pthread.h>

struct cma_lock {
	pthread_mutex_t m;
};

static inline void *cma_zalloc(size_t size)
{
	return calloc(1, size ? size : 1);
}

static inline void *cma_zalloc_locked(size_t size)
{
	return cma_zalloc(size);
}

static inline void cma_free(void *p)
{
	free(p);
}

static inline void cma_lock_init(struct cma_lock *l)
{
	pthread_mutex_init(&l->m, NULL);
}

static inline void cma_lock(struct cma_lock *l)
{
	pthread_mutex_lock(&l->m);
}

static inline void cma_unlock(struct cma_lock *l)
{
	pthread_mutex_unlock(&l->m);
}

static inline void cma_sort(void *base, size_t n, size_t size,
			    int (*cmp)(const void *, const void *))
{
	qsort(base, n, size, cmp);
}

#define CMA_THREAD_LOCAL _Thread_local

#define cma_cold __attribute__((__cold__))
#define cma_always_inline inline __attribute__((__always_inline__))

#endif /* __KERNEL__ */

/*
 * cma_cold marks what runs once per policy (reading, checking and
 * placing it, starting and stopping allocators) and what runs rarely
 * beside the requests (cma_info, a region's state, growing the chunk
 * index, bf's fallback for aligned requests).  The compiler optimises it
 * for size, while the code that serves alloc, get and put stays
 * optimised for speed; it is most of the runtime's machine code.
 */

/*
 * cma_always_inline is for helpers of a line or two (a field's bytes, a
 * character's class) that code optimised for size would otherwise call
 * out of line, at more bytes per call than their bodies; and for a
 * request path's helper whose call costs more than its body.
 */

/*
 * The n-th string of a list of NUL-terminated ones written one after
 * another: message tables kept as one string, where an array of pointers
 * would cost libcma.so a relocation each.
 */
static inline const char *cma_nth_string(const char *list, unsigned int n)
{
	while (n--)
		list += strlen(list) + 1;
	return list;
}

/* v rounded up to a multiple of the power of two a: false past 2^64. */
static inline bool cma_round_up(uint64_t v, uint64_t a, uint64_t *out)
{
	if (v > UINT64_MAX - (a - 1))
		return false;
	*out = (v + a - 1) & ~(a - 1);
	return true;
}

#endif /* CMA_ENV_H */
