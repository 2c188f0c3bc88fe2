// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * cma_selftest.ko: proves cma.ko in kernel context and reports in KTAP.
 * It runs the conformance cases that the userspace tests run, then, for
 * each request given (requests=DEV[/KIND],...) that the loaded policy
 * maps, it checks cma_info, fills the request's regions with chunks that
 * it writes and reads back through memremap() (so the addresses are
 * real, unused memory, and no two chunks share a byte), checks the
 * reference counts, and then hammers the API from several kernel threads
 * at once.  Last, every region must be whole again.
 *
 * It loads, reports and stays loaded; rmmod it before loading it again.
 */
#include <linux/completion.h>
#include <linux/device.h>
#include <linux/io.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/random.h>
#include <linux/slab.h>

#include "../include/cma_driver.h"
#include "../tests/conformance/conformance.h"

static char *requests;
module_param(requests, charp, 0444);
MODULE_PARM_DESC(requests, "DEV[/KIND],... that the loaded policy maps");

#define MAX_REQUESTS 16
#define MAX_CHUNKS 4096
#define THREADS 4
#define THREAD_ROUNDS 300
#define THREAD_LIVE 8

struct request {
	struct device dev;
	const char *kind;	/* NULL: no kind */
	char text[64];
};

struct selftest_chunk {
	unsigned long addr, size;
};

static struct request *reqs;
static unsigned int nreqs;
static unsigned int test_no;
static bool all_ok = true;

static __printf(2, 3) void report(const char *err, const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	if (err) {
		all_ok = false;
		pr_info("not ok %u - %pV\n", ++test_no, &vaf);
		pr_info("# %s\n", err);
	} else {
		pr_info("ok %u - %pV\n", ++test_no, &vaf);
	}
	va_end(args);
}

static void release_request(struct device *dev)
{
}

/* "cam,vid/raw,fb/": devices to ask for, with a kind or none. */
static int parse_requests(void)
{
	char *s = requests;

	reqs = kcalloc(MAX_REQUESTS, sizeof(*reqs), GFP_KERNEL);
	if (!reqs)
		return -ENOMEM;
	while (s && *s && nreqs < MAX_REQUESTS) {
		struct request *r = &reqs[nreqs];
		size_t len = strcspn(s, ",");
		char *slash;

		if (len >= sizeof(r->text))
			return -EINVAL;
		memcpy(r->text, s, len);
		slash = strchr(r->text, '/');
		if (slash) {
			*slash = '\0';
			r->kind = slash + 1;
		}
		device_initialize(&r->dev);
		r->dev.release = release_request;
		if (dev_set_name(&r->dev, "%s", r->text))
			return -ENOMEM;
		if (slash)
			*slash = '/';
		nreqs++;
		s += len + (s[len] == ',');
	}
	return nreqs ? 0 : -EINVAL;
}

static const char *write_pattern(unsigned long addr, unsigned long size,
				 u64 salt)
{
	u64 *p = memremap(addr, size, MEMREMAP_WB);
	unsigned long i;

	if (!p)
		return "memremap failed";
	for (i = 0; i < size / 8; i++)
		p[i] = (addr + 8 * i) ^ salt;
	memunmap(p);
	return NULL;
}

static const char *check_pattern(unsigned long addr, unsigned long size,
				 u64 salt)
{
	u64 *p = memremap(addr, size, MEMREMAP_WB);
	const char *err = NULL;
	unsigned long i;

	if (!p)
		return "memremap failed";
	for (i = 0; i < size / 8 && !err; i++)
		if (p[i] != ((addr + 8 * i) ^ salt))
			err = "a chunk's memory changed under it: chunks share memory";
	memunmap(p);
	return err;
}

static void run_conformance(void)
{
	unsigned int i, k;

	for (i = 0; i < cma_conformance_count; i++) {
		const struct cma_conformance_case *c = &cma_conformance_cases[i];
		const struct cma_allocator *a;

		for (k = 0; c->per_allocator ?
		     (a = cma_allocator_at(k)) != NULL : !k; k++) {
			if (c->per_allocator)
				report(c->run(a), "conformance: %s, %s",
				       c->name, a->name);
			else
				report(c->run(NULL), "conformance: %s",
				       c->name);
			cond_resched();
		}
	}
}

static const char *check_info(struct request *r, struct cma_info *info)
{
	if (cma_info(info, &r->dev, r->kind))
		return "cma_info found no rule";
	if (!info->count || info->lower_bound >= info->upper_bound ||
	    info->total_size > info->upper_bound - info->lower_bound)
		return "cma_info's bounds do not hold its regions";
	if (page_is_ram(PHYS_PFN(info->lower_bound)))
		return "the regions are in System RAM";
	return NULL;
}

/* As many chunks as fit, of mixed sizes and alignments, all written. */
static const char *fill(struct request *r, const struct cma_info *info,
			struct selftest_chunk *c, unsigned int *n)
{
	static const unsigned long sizes[] = { SZ_64K, SZ_1M + 1, 12288,
					       SZ_2M + 4096, 4096, SZ_256K };
	static const unsigned long aligns[] = { 0, SZ_64K, SZ_1M, 8192 };
	const char *err = NULL;
	unsigned int i;

	for (*n = 0; *n < MAX_CHUNKS && !err; ) {
		unsigned long size = sizes[*n % ARRAY_SIZE(sizes)];
		unsigned long align = aligns[*n % ARRAY_SIZE(aligns)];
		unsigned long addr = cma_alloc(&r->dev, r->kind, size, align);

		if (addr == (unsigned long)-ENOMEM)
			break;
		if (IS_ERR_VALUE(addr))
			return "cma_alloc failed with an error other than -ENOMEM";
		if (addr < info->lower_bound ||
		    addr + size > info->upper_bound)
			err = "a chunk outside the bounds cma_info gives";
		else if (addr & (PAGE_SIZE - 1) || (align && addr & (align - 1)))
			err = "a chunk not aligned as asked";
		else
			err = write_pattern(addr, round_up(size, PAGE_SIZE), 0);
		c[*n].addr = addr;
		c[(*n)++].size = round_up(size, PAGE_SIZE);
	}
	if (!err && !*n)
		err = "not even one chunk";
	for (i = 0; i < *n && !err; i++)
		err = check_pattern(c[i].addr, c[i].size, 0);
	for (i = 0; i < *n; i++)
		if (cma_put(c[i].addr) != 1 && !err)
			err = "the only reference's put did not free the chunk";
	return err;
}

static const char *refcounts(struct request *r)
{
	unsigned long addr = cma_alloc(&r->dev, r->kind, PAGE_SIZE, 0);

	if (IS_ERR_VALUE(addr))
		return "cma_alloc of one page failed";
	if (cma_get(addr) || cma_get(addr))
		return "cma_get failed";
	if (cma_put(addr) || cma_put(addr))
		return "a put before the last freed the chunk";
	if (cma_put(addr) != 1)
		return "the last put did not free the chunk";
	if (cma_put(addr) != -ENOENT || cma_get(addr) != -ENOENT)
		return "a freed chunk still takes get or put";
	return NULL;
}

struct worker {
	struct completion done;
	unsigned int id;
	const char *err;
	unsigned long allocs;
};

/* Alloc, write, check and put in a random order, with others at once. */
static int hammer(void *arg)
{
	struct worker *w = arg;
	struct selftest_chunk live[THREAD_LIVE];
	unsigned int n = 0, round;
	u64 salt = (u64)w->id << 56;

	for (round = 0; round < THREAD_ROUNDS && !w->err; round++) {
		struct request *r = &reqs[(w->id + round) % nreqs];

		if (n < THREAD_LIVE && (!n || get_random_u32() % 3)) {
			unsigned long size = PAGE_SIZE *
					     (1 + get_random_u32() % 32);
			unsigned long addr = cma_alloc(&r->dev, r->kind, size,
						       0);

			if (addr == (unsigned long)-ENOMEM)
				continue;
			if (IS_ERR_VALUE(addr)) {
				w->err = "cma_alloc failed with an error other than -ENOMEM";
				break;
			}
			w->err = write_pattern(addr, size, salt);
			live[n].addr = addr;
			live[n++].size = size;
			w->allocs++;
		} else {
			unsigned int k = get_random_u32() % n;

			w->err = check_pattern(live[k].addr, live[k].size, salt);
			if (cma_put(live[k].addr) != 1 && !w->err)
				w->err = "put of a thread's own chunk did not free it";
			live[k] = live[--n];
		}
		cond_resched();
	}
	while (n)
		cma_put(live[--n].addr);
	complete(&w->done);
	return 0;
}

static const char *concurrency(void)
{
	struct worker *w = kcalloc(THREADS, sizeof(*w), GFP_KERNEL);
	const char *err = NULL;
	unsigned long allocs = 0;
	unsigned int i;

	if (!w)
		return "out of memory";
	for (i = 0; i < THREADS; i++) {
		struct task_struct *t;

		init_completion(&w[i].done);
		w[i].id = i + 1;
		t = kthread_run(hammer, &w[i], "cma_selftest/%u", i);
		if (IS_ERR(t)) {
			w[i].err = "kthread_run failed";
			complete(&w[i].done);
		}
	}
	for (i = 0; i < THREADS; i++) {
		wait_for_completion(&w[i].done);
		if (!err)
			err = w[i].err;
		allocs += w[i].allocs;
	}
	if (!err && allocs < THREADS)
		err = "the threads got almost no chunks";
	kfree(w);
	return err;
}

static const char *regions_whole(void)
{
	struct cma_ctx *ctx = cma_policy();
	unsigned int i;

	for (i = 0; i < cma_ctx_region_count(ctx); i++) {
		struct cma_region_state st;

		cma_ctx_region_state(ctx, i, &st);
		if (st.allocator && (st.chunks || st.free_bytes != st.size))
			return "a region is not whole after every chunk was put";
	}
	return NULL;
}

static int __init cma_selftest_init(void)
{
	struct selftest_chunk *chunks;
	unsigned int i, k, plan = 0;
	int ret = parse_requests();

	if (ret) {
		pr_err("cma_selftest: requests= must name DEV[/KIND],... (at most %d)\n",
		       MAX_REQUESTS);
		goto out;
	}
	chunks = kvcalloc(MAX_CHUNKS, sizeof(*chunks), GFP_KERNEL);
	if (!chunks) {
		ret = -ENOMEM;
		goto out;
	}
	for (i = 0; i < cma_conformance_count; i++)
		for (k = 0; cma_conformance_cases[i].per_allocator ?
		     cma_allocator_at(k) != NULL : !k; k++)
			plan++;
	plan += 3 * nreqs + 2;
	pr_info("KTAP version 1\n");
	pr_info("1..%u\n", plan);
	run_conformance();
	for (i = 0; i < nreqs; i++) {
		struct request *r = &reqs[i];
		struct cma_info info;
		const char *err = check_info(r, &info);
		unsigned int n = 0;

		report(err, "cma_info %s", r->text);
		err = err ? "no regions to fill" : fill(r, &info, chunks, &n);
		report(err, "cma_alloc fills %s's regions: %u chunks written and read back",
		       r->text, n);
		report(refcounts(r), "cma_get and cma_put count references for %s",
		       r->text);
	}
	report(concurrency(), "%d kernel threads allocate, write and put at once",
	       THREADS);
	report(regions_whole(), "every region is whole again");
	kvfree(chunks);
	pr_info("# cma_selftest: %s\n", all_ok ? "pass" : "FAIL");
out:
	if (ret) {
		for (i = 0; reqs && i < nreqs; i++)
			put_device(&reqs[i].dev);
		kfree(reqs);
		reqs = NULL;
	}
	return ret;
}

static void __exit cma_selftest_exit(void)
{
	unsigned int i;

	for (i = 0; i < nreqs; i++)
		put_device(&reqs[i].dev);
	kfree(reqs);
}

module_init(cma_selftest_init);
module_exit(cma_selftest_exit);
MODULE_DESCRIPTION("KTAP self-test of cma.ko");
MODULE_LICENSE("Dual BSD/GPL");
