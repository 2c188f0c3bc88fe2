// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Writing an output file safely: into a temporary file in the same folder,
 * renamed into place only when complete, so that the file a user had is
 * either replaced whole or left as it was, even when a signal ends us.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output.h"
#include "util.h"

/* The temporary file to remove if a signal ends us while writing it. */
static char *volatile pending_tmp;

static void remove_pending(int sig)
{
	if (pending_tmp)
		unlink(pending_tmp);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void catch_signals(void (*handler)(int))
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };
	size_t i;

	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		signal(sigs[i], handler);
}

static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		buf += n;
		len -= n;
	}
	return 0;
}

int write_output(const char *path, const char *buf, size_t len)
{
	const char *slash;
	char *tmp;
	mode_t mask;
	int fd, err = 0;

	if (!path || !strcmp(path, "-")) {
		if (write_all(STDOUT_FILENO, buf, len) < 0)
			return -1;
		return 0;
	}
	slash = strrchr(path, '/');
	tmp = xmalloc(strlen(path) + 16);
	if (slash)
		sprintf(tmp, "%.*s.%s.XXXXXX", (int)(slash - path + 1), path,
			slash + 1);
	else
		sprintf(tmp, ".%s.XXXXXX", path);
	catch_signals(remove_pending);
	/* Named before it exists: a signal in mkstemp leaves nothing either. */
	pending_tmp = tmp;
	fd = mkstemp(tmp);
	if (fd < 0) {
		err = errno;
		pending_tmp = NULL;
		goto out;
	}
	/* mkstemp makes the file 0600; give it what a new file would get. */
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) < 0 || write_all(fd, buf, len) < 0)
		err = errno;
	if (close(fd) < 0 && !err)
		err = errno;
	if (!err && rename(tmp, path) < 0)
		err = errno;
	if (err)
		unlink(tmp);
	pending_tmp = NULL;
out:
	catch_signals(SIG_DFL);
	free(tmp);
	errno = err;
	return err ? -1 : 0;
}

void output_add(struct output_set *s, const char *path, struct strbuf *text)
{
	VEC_RESERVE(s->files, s->n, s->cap);
	s->files[s->n].path = path ? xstrdup(path) : NULL;
	s->files[s->n++].text = *text;
	memset(text, 0, sizeof(*text));
}

int output_write_all(const struct output_set *s, const char **failed)
{
	const struct output_file *f;

	for (f = s->files; f < s->files + s->n; f++)
		if (write_output(f->path, f->text.buf ? f->text.buf : "",
				 f->text.len) < 0) {
			*failed = f->path ? f->path : "<stdout>";
			return -1;
		}
	return 0;
}

void output_set_free(struct output_set *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		free(s->files[i].path);
		sb_free(&s->files[i].text);
	}
	free(s->files);
	memset(s, 0, sizeof(*s));
}
