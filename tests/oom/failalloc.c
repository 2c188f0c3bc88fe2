// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * LD_PRELOAD shim for tests/oom/cmacc.sh: the Nth allocation of the
 * process fails (CMA_FAIL_ALLOC=N), and at exit the number of
 * allocations made is written to the file CMA_ALLOC_COUNT names, so
 * that the test knows every N it has to try.  glibc lets a program
 * replace malloc, and its own calls (stdio, strdup) come here too.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t size);

static long calls, fail_at = -1;

/* As a real failure does, it sets errno. */
static int fails(void)
{
	if (fail_at < 0) {
		const char *n = getenv("CMA_FAIL_ALLOC");

		fail_at = n ? atol(n) : 0;
	}
	if (++calls != fail_at)
		return 0;
	errno = ENOMEM;
	return 1;
}

void *malloc(size_t size)
{
	return fails() ? NULL : __libc_malloc(size);
}

void *calloc(size_t n, size_t size)
{
	return fails() ? NULL : __libc_calloc(n, size);
}

void *realloc(void *p, size_t size)
{
	return fails() ? NULL : __libc_realloc(p, size);
}

__attribute__((destructor)) static void report(void)
{
	const char *path = getenv("CMA_ALLOC_COUNT");
	long n = calls;
	FILE *f;

	if (!path)
		return;
	f = fopen(path, "w");
	if (f) {
		fprintf(f, "%ld\n", n);
		fclose(f);
	}
}
