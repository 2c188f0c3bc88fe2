// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * cma.ko's recorder: while trace=1, every cma_alloc, cma_get and cma_put
 * is appended to a buffer in the form of cma-trace(5), read from
 * debugfs as cma/trace (writing to it empties it).  Times are the
 * monotonic clock's, IDs the chunks' addresses.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/math64.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>
#include <linux/timekeeping.h>

#include "cma_trace.h"

static bool trace;
module_param(trace, bool, 0644);
MODULE_PARM_DESC(trace, "record every call for cmacc --simulate, in debugfs cma/trace");

#define TRACE_SIZE SZ_1M
#define TRACE_LINE 160		/* room for one line and its drop note */

static DEFINE_MUTEX(trace_lock);
static char *buf;		/* TRACE_SIZE bytes, made on first use */
static size_t len;
static unsigned long dropped, failures;
static struct dentry *dir;

bool cma_trace_begin(void)
{
	if (!READ_ONCE(trace))
		return false;
	mutex_lock(&trace_lock);
	return true;
}

/* Appends one line, an event with its time or a comment, and unlocks. */
static __cold __printf(2, 3) void append(bool event, const char *fmt, ...)
{
	u32 us;
	u64 s = div_u64_rem(div_u64(ktime_get_ns(), NSEC_PER_USEC),
			    USEC_PER_SEC, &us);
	va_list ap;

	if (!buf)
		buf = kvmalloc(TRACE_SIZE, GFP_KERNEL);
	if (!buf || len + TRACE_LINE > TRACE_SIZE) {
		dropped++;
		goto out;
	}
	if (event)
		len += scnprintf(buf + len, TRACE_LINE, "%llu.%06u ", s, us);
	va_start(ap, fmt);
	len += vscnprintf(buf + len, TRACE_SIZE - len, fmt, ap);
	va_end(ap);
out:
	mutex_unlock(&trace_lock);
}

__cold void cma_trace_alloc(const char *dev, const char *kind,
			    unsigned long size, unsigned long alignment,
			    unsigned long addr)
{
	kind = kind && *kind ? kind : "-";
	if (IS_ERR_VALUE(addr))
		append(true, "alloc failed-%lu %s %s %lu %lu # -%s\n", ++failures,
		       dev, kind, size, alignment,
		       addr == (unsigned long)-ENOMEM ? "ENOMEM" :
		       addr == (unsigned long)-ENOENT ? "ENOENT" : "EINVAL");
	else
		append(true, "alloc %#lx %s %s %lu %lu\n", addr, dev, kind, size,
		       alignment);
}

__cold void cma_trace_ref(bool get, unsigned long addr, int ret)
{
	if (ret < 0)	/* the driver's mistake: nothing happened */
		append(false, "# %s %#lx failed with %d\n", get ? "get" : "put",
		       addr, ret);
	else
		append(true, "%s %#lx\n", get ? "get" : "put", addr);
}

static __cold int trace_show(struct seq_file *m, void *v)
{
	mutex_lock(&trace_lock);
	if (len)
		seq_write(m, buf, len);
	if (dropped)
		seq_printf(m, "# %lu events not recorded: the trace buffer (%u KiB) was full\n",
			   dropped, TRACE_SIZE / SZ_1K);
	mutex_unlock(&trace_lock);
	return 0;
}

static __cold int trace_open(struct inode *inode, struct file *file)
{
	return single_open_size(file, trace_show, NULL, TRACE_SIZE + PAGE_SIZE);
}

static __cold ssize_t trace_write(struct file *file,
				  const char __user *ubuf, size_t count,
				  loff_t *ppos)
{
	mutex_lock(&trace_lock);
	len = 0;
	dropped = 0;
	failures = 0;
	mutex_unlock(&trace_lock);
	return count;
}

static const struct file_operations trace_fops = {
	.owner = THIS_MODULE,
	.open = trace_open,
	.read = seq_read,
	.write = trace_write,
	.llseek = seq_lseek,
	.release = single_release,
};

void __init cma_trace_init(void)
{
	dir = debugfs_create_dir("cma", NULL);
	debugfs_create_file("trace", 0600, dir, NULL, &trace_fops);
}

void __exit cma_trace_exit(void)
{
	debugfs_remove_recursive(dir);
	kvfree(buf);
}
