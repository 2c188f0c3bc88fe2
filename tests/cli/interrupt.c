// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * LD_PRELOAD shim for tests/cli/output.sh: SIGTERM arrives at the worst
 * moments of writing an output file, when the temporary file has just
 * been made (CMA_INTERRUPT=made) or is whole and about to be renamed into
 * place (CMA_INTERRUPT=rename).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int now(const char *when)
{
	const char *at = getenv("CMA_INTERRUPT");

	return at && !strcmp(at, when);
}

int fchmod(int fd, mode_t mode)
{
	int (*real)(int, mode_t) = (int (*)(int, mode_t))dlsym(RTLD_NEXT, "fchmod");

	if (now("made"))
		raise(SIGTERM);
	return real(fd, mode);
}

int rename(const char *from, const char *to)
{
	int (*real)(const char *, const char *) =
		(int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");

	if (now("rename"))
		raise(SIGTERM);
	return real(from, to);
}
