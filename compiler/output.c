// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Writing the files of one run as a set.  A regular file (or a new name)
 * is written whole into a temporary file beside it, with the old file's
 * mode; only when every output is ready are they renamed into place, in
 * order, so that a run that fails leaves each file the user had as it
 * was, even when a signal ends it.  A symbolic link is followed: its
 * target is what gets replaced.  A device or a FIFO is written in place,
 * since replacing it would delete it; a directory or a socket is refused
 * before anything is written.  A regular file that holds the very bytes
 * already is left alone, its time too, so that make rebuilds what is
 * made from it only when it changed.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output.h"

/* A run writes a handful of files: the output, a header, -d, --plot. */
#define OUTPUTS_MAX 8

/* The temporary files to remove if a signal ends us before the renames. */
static char *volatile pending[OUTPUTS_MAX];

static void remove_pending(int sig)
{
	size_t i;

	for (i = 0; i < OUTPUTS_MAX; i++)
		if (pending[i])
			unlink(pending[i]);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* The signals that end a run, which must not leave half a set behind. */
static const int ending[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };
#define NENDING (sizeof(ending) / sizeof(ending[0]))

static void catch_signals(void (*handler)(int))
{
	size_t i;

	for (i = 0; i < NENDING; i++)
		signal(ending[i], handler);
}

static void hold_signals(int how)
{
	sigset_t set;
	size_t i;

	sigemptyset(&set);
	for (i = 0; i < NENDING; i++)
		sigaddset(&set, ending[i]);
	sigprocmask(how, &set, NULL);
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

enum how {
	TO_STDOUT,
	REPLACE,	/* a temporary file, renamed over the target */
	IN_PLACE,	/* a device or a FIFO */
	UNCHANGED,	/* it holds these bytes already */
};

struct plan {
	enum how how;
	char *target;	/* the path, its links followed */
	char *tmp;	/* REPLACE: the whole new file, till renamed */
};

/* path with its symbolic links followed, as far as they lead. */
static char *follow_links(const char *path)
{
	char *at = xstrdup(path), link[PATH_MAX];
	struct stat st;
	int hops;

	for (hops = 0; hops < 40; hops++) {
		const char *slash;
		ssize_t n;
		char *next;

		if (lstat(at, &st) < 0 || !S_ISLNK(st.st_mode))
			return at;
		n = readlink(at, link, sizeof(link) - 1);
		if (n < 0)
			return at;
		link[n] = '\0';
		slash = strrchr(at, '/');
		if (link[0] == '/' || !slash) {
			next = xstrdup(link);
		} else {
			next = xmalloc((slash - at) + 1 + n + 1);
			sprintf(next, "%.*s/%s", (int)(slash - at), at, link);
		}
		free(at);
		at = next;
	}
	/* A loop of links: let the open say so. */
	return at;
}

/* The temporary file beside target, written whole: 0, or -1 with errno. */
static int write_temporary(struct plan *p, size_t slot,
			   const struct strbuf *text, const struct stat *old)
{
	const char *slash = strrchr(p->target, '/');
	mode_t mode, mask;
	int fd, err = 0;

	p->tmp = xmalloc(strlen(p->target) + 16);
	if (slash)
		sprintf(p->tmp, "%.*s.%s.XXXXXX", (int)(slash - p->target + 1),
			p->target, slash + 1);
	else
		sprintf(p->tmp, ".%s.XXXXXX", p->target);
	/* Named before it exists: a signal in mkstemp leaves nothing either. */
	pending[slot] = p->tmp;
	fd = mkstemp(p->tmp);
	if (fd < 0)
		return -1;
	/* mkstemp makes the file 0600: give it the old file's mode. */
	if (old) {
		mode = old->st_mode & 07777;
	} else {
		mask = umask(0);
		umask(mask);
		mode = 0666 & ~mask;
	}
	if (fchmod(fd, mode) < 0 ||
	    write_all(fd, text->buf ? text->buf : "", text->len) < 0)
		err = errno;
	if (close(fd) < 0 && !err)
		err = errno;
	errno = err;
	return err ? -1 : 0;
}

/* Does the regular file at path (of st) hold exactly text? */
static bool holds(const char *path, const struct stat *st,
		  const struct strbuf *text)
{
	char buf[65536];
	size_t at = 0;
	bool same = (uint64_t)st->st_size == text->len;
	int fd = same ? open(path, O_RDONLY) : -1;

	if (fd < 0)
		return false;
	while (same) {
		ssize_t n = read(fd, buf, sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			same = n == 0 && at == text->len;
			break;
		}
		same = at + (size_t)n <= text->len &&
		       !memcmp(buf, text->buf + at, (size_t)n);
		at += (size_t)n;
	}
	close(fd);
	return same;
}

/* How f is to be written, and for a replaced file its new text: 0 or -1. */
static int prepare(struct plan *p, size_t slot, const struct output_file *f)
{
	struct stat st;

	if (!f->path || !strcmp(f->path, "-")) {
		p->how = TO_STDOUT;
		return 0;
	}
	p->target = follow_links(f->path);
	if (stat(p->target, &st) < 0) {
		if (errno != ENOENT)
			return -1;
		p->how = REPLACE;
		return write_temporary(p, slot, &f->text, NULL);
	}
	if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		return -1;
	}
	if (S_ISSOCK(st.st_mode)) {
		errno = ENXIO;
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		p->how = IN_PLACE;
		return access(p->target, W_OK);
	}
	if (holds(p->target, &st, &f->text)) {
		p->how = UNCHANGED;
		return 0;
	}
	p->how = REPLACE;
	return write_temporary(p, slot, &f->text, &st);
}

static int commit(struct plan *p, size_t slot, const struct output_file *f)
{
	const char *buf = f->text.buf ? f->text.buf : "";
	int fd, err = 0;

	switch (p->how) {
	case UNCHANGED:
		return 0;
	case TO_STDOUT:
		return write_all(STDOUT_FILENO, buf, f->text.len);
	case REPLACE:
		if (rename(p->tmp, p->target) < 0)
			return -1;
		pending[slot] = NULL;
		return 0;
	case IN_PLACE:
		fd = open(p->target, O_WRONLY | O_TRUNC);
		if (fd < 0)
			return -1;
		if (write_all(fd, buf, f->text.len) < 0)
			err = errno;
		if (close(fd) < 0 && !err)
			err = errno;
		errno = err;
		return err ? -1 : 0;
	}
	return 0;
}

int output_write_all(const struct output_set *s, const char **failed)
{
	struct plan plans[OUTPUTS_MAX] = { { 0 } };
	size_t i, n = s->n, bad = n;
	int err = 0;

	if (n > OUTPUTS_MAX)
		abort();
	catch_signals(remove_pending);
	for (i = 0; i < n && bad == n; i++)
		if (prepare(&plans[i], i, &s->files[i]) < 0)
			bad = i;
	/*
	 * A signal before the first file takes its place leaves them all as
	 * they were; once one has, the rest follow before a signal is let in.
	 */
	for (i = 0; i < n && bad == n; i++) {
		if (commit(&plans[i], i, &s->files[i]) < 0)
			bad = i;
		else if (i == 0)
			hold_signals(SIG_BLOCK);
	}
	if (bad < n) {
		err = errno;
		*failed = s->files[bad].path ? s->files[bad].path : "<stdout>";
	}
	for (i = 0; i < n; i++) {
		if (pending[i])
			unlink(pending[i]);
		pending[i] = NULL;
		free(plans[i].tmp);
		free(plans[i].target);
	}
	catch_signals(SIG_DFL);
	hold_signals(SIG_UNBLOCK);
	errno = err;
	return bad < n ? -1 : 0;
}

void output_add(struct output_set *s, const char *path, struct strbuf *text)
{
	VEC_RESERVE(s->files, s->n, s->cap);
	s->files[s->n].path = path ? xstrdup(path) : NULL;
	s->files[s->n++].text = *text;
	memset(text, 0, sizeof(*text));
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
