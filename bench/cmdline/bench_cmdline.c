/*
 * The command-line reader's throughput: a 2,048-byte kernel command line
 * (16 regions, 16 rules, other parameters around them) read and checked
 * by cmacc's front end and checks, in a loop in one process, in bytes a
 * second; beside it, the runtime's reader alone (what a kernel runs at
 * boot), the same bytes with no model and no checks, as the baseline.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cmacc.h"
#include "checks.h"
#include "cmdline.h"
#include "cmdline-args.h"

#define LINE_LEN 2047	/* COMMAND_LINE_SIZE less its NUL */

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void make_line(char *line)
{
	size_t n = 0;
	int i;

	n += sprintf(line + n, "BOOT_IMAGE=/vmlinuz root=/dev/mmcblk0p2 rw rootwait console=ttyS0,115200 cma=");
	for (i = 0; i < 16; i++)
		n += sprintf(line + n, "%sr%d=%dM@0x%x/1M", i ? ";" : "", i,
			     4 + i, 0x40000000 + i * 0x2000000);
	n += sprintf(line + n, " cma_map=");
	for (i = 0; i < 16; i++)
		n += sprintf(line + n, "%sdev%d/k%d*,dev%d=r%d,r%d", i ? ";" : "",
			     i, i, i, i, (i + 1) % 16);
	while (n < LINE_LEN - 12)
		n += sprintf(line + n, " quiet=%03d", (int)(n % 1000));
	while (n < LINE_LEN)
		line[n++] = 'x';
	line[n] = '\0';
}

static const struct options opts = {
	.in = IN_CMDLINE, .out = OUT_NONE, .in_path = "-",
	.cmdline_max = 2048, .page_size = 4096,
};

/* One read and check; the number of errors, which must be 0. */
static unsigned int check_line(const char *line, FILE *quiet)
{
	struct compilation c;
	struct srcfile *f;
	unsigned int errors;

	compilation_init(&c, &opts);
	c.diags.out = quiet;
	f = compilation_add_text(&c, "bench", line, strlen(line));
	read_cmdline_source(&c, f);
	run_checks(&c);
	diag_flush(&c.diags);
	errors = c.diags.errors;
	compilation_free(&c);
	return errors;
}

static int count_region(void *priv, const struct cma_cl_region *r)
{
	(*(unsigned long *)priv)++;
	return 0;
}

int main(void)
{
	static const struct cma_cl_ops ops = { .region = count_region };
	FILE *quiet = fopen("/dev/null", "w");
	char line[LINE_LEN + 1];
	unsigned long loops = 0, regions = 0;
	double t0, checked, read;

	make_line(line);
	if (!quiet || check_line(line, quiet)) {
		fprintf(stderr, "bench_cmdline: the sample line does not check cleanly\n");
		return 1;
	}
	t0 = now();
	do {
		check_line(line, quiet);
		loops++;
	} while (now() - t0 < 1.0);
	checked = loops * (double)LINE_LEN / (now() - t0);
	t0 = now();
	loops = 0;
	do {
		cma_cl_read_cmdline(line, LINE_LEN, false, &ops, &regions);
		loops++;
	} while (now() - t0 < 1.0);
	read = loops * (double)LINE_LEN / (now() - t0);
	printf("a %d-byte command line, 16 regions and 16 rules, read in a loop:\n",
	       LINE_LEN);
	printf("  cmacc's reader, model and checks  %8.1f MB/s\n", checked / 1e6);
	printf("  the runtime's reader alone         %8.1f MB/s (baseline)\n",
	       read / 1e6);
	printf("  checking costs %.1fx the bare read\n", read / checked);
	fclose(quiet);
	return 0;
}
