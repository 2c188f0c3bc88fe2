// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A whole kernel command line, split into arguments as the kernel's
 * next_arg() splits it (white space, double quotes, '-' and '_' alike in
 * names, "--" ends the kernel's part), with the last cma= and the last
 * cma_map= handed to the shared reader.  Only cmacc reads whole command
 * lines, so this lives here and not in the runtime.
 */
#include "cmdline-args.h"

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	       c == '\v' || c == '\f';
}

static struct cma_span span(size_t from, size_t to)
{
	struct cma_span s = { from, to - from };

	return s;
}

/* One argument of a command line, split as the kernel's next_arg() does. */
struct cl_arg {
	struct cma_span name;
	struct cma_span value;
	bool has_value;
	bool cut_by_space;	/* white space, then more text, ended it */
};

/* Names compare as the kernel's parameq() does: '-' and '_' alike. */
static bool param_is(const char *buf, struct cma_span name, const char *want)
{
	size_t i;

	for (i = 0; i < name.len; i++) {
		char a = buf[name.off + i], b = want[i];

		if (!b)
			return false;
		if (a == '-')
			a = '_';
		if (a != b)
			return false;
	}
	return !want[i];
}

/* A bare "--" ends the kernel's arguments; the rest go to init. */
static bool ends_kernel_args(const char *buf, const struct cl_arg *arg)
{
	return !arg->has_value && arg->name.len == 2 &&
	       buf[arg->name.off] == '-' && buf[arg->name.off + 1] == '-';
}

/* Is name exactly want, as the 2010 kernel's do_early_param() compares? */
static bool param_is_exactly(const char *buf, struct cma_span name,
			     const char *want)
{
	return name.len == strlen(want) && !memcmp(buf + name.off, want, name.len);
}

static int which_param(const char *buf, const struct cl_arg *arg,
		       bool early_2010)
{
	bool (*is)(const char *, struct cma_span, const char *) =
		early_2010 ? param_is_exactly : param_is;

	if (is(buf, arg->name, "cma"))
		return CMA_PARAM_REGIONS;
	if (is(buf, arg->name, "cma_map"))
		return CMA_PARAM_MAP;
	return -1;
}

static size_t skip_blanks(const char *buf, size_t i, size_t len)
{
	while (i < len && buf[i] && is_space(buf[i]))
		i++;
	return i;
}

/* Reads the argument at *pos; false at the end of the line. */
static bool split_arg(const char *buf, size_t len, size_t *pos,
		     struct cl_arg *arg)
{
	size_t i = *pos, from, eq = 0, vend;
	bool in_quote = false, quoted = false, has_eq = false;

	if (i >= len || !buf[i])
		return false;
	if (buf[i] == '"') {
		i++;
		in_quote = true;
		quoted = true;
	}
	from = i;
	for (; i < len && buf[i]; i++) {
		if (is_space(buf[i]) && !in_quote)
			break;
		if (!has_eq && buf[i] == '=') {
			has_eq = true;
			eq = i;
		}
		if (buf[i] == '"')
			in_quote = !in_quote;
	}
	vend = i;
	/* The quote that opened the argument or the value is not part of it. */
	if (quoted && vend > from && buf[vend - 1] == '"')
		vend--;
	arg->has_value = has_eq;
	if (has_eq) {
		size_t vfrom = eq + 1;

		if (vfrom < i && buf[vfrom] == '"') {
			vfrom++;
			if (buf[i - 1] == '"' && i - 1 >= vfrom)
				vend = i - 1;
		}
		if (vend < vfrom)
			vend = vfrom;
		arg->name = span(from, eq);
		arg->value = span(vfrom, vend);
	} else {
		arg->name = span(from, vend);
		arg->value = span(vend, vend);
	}
	*pos = skip_blanks(buf, i, len);
	arg->cut_by_space = i < len && is_space(buf[i]) && *pos < len &&
			    buf[*pos];
	return true;
}

/*
 * Did white space cut the value of arg short?  Only if more text follows
 * that is not a parameter of ours: "cma=a=1M@ cma_map=..." is a value
 * that ends too early, "cma=a=1M/ 4K" one that was cut.
 */
static bool cut_short(const char *buf, size_t len, const struct cl_arg *arg,
		      size_t next)
{
	struct cl_arg following;

	return arg->cut_by_space && split_arg(buf, len, &next, &following) &&
	       which_param(buf, &following, false) < 0;
}

int cma_cl_each_arg(const char *buf, size_t len,
		    int (*fn)(void *priv, struct cma_span name,
			      struct cma_span value, bool has_value),
		    void *priv)
{
	struct cl_arg arg;
	size_t pos;
	int ret = 0;

	for (pos = skip_blanks(buf, 0, len);
	     !ret && split_arg(buf, len, &pos, &arg);) {
		if (ends_kernel_args(buf, &arg))
			break;
		ret = fn(priv, arg.name, arg.value, arg.has_value);
	}
	return ret;
}

void cma_cl_each_2010_arg(const char *buf, size_t len,
			  void (*fn)(void *priv, struct cma_span name,
				     struct cma_span value, bool past_dashes),
			  void *priv)
{
	struct cl_arg arg;
	bool past_dashes = false;
	size_t pos;

	for (pos = skip_blanks(buf, 0, len); split_arg(buf, len, &pos, &arg);) {
		if (ends_kernel_args(buf, &arg))
			past_dashes = true;
		else if (arg.has_value)
			fn(priv, arg.name, arg.value, past_dashes);
	}
}

bool cma_cl_param_is(const char *buf, struct cma_span name, const char *want)
{
	return param_is(buf, name, want);
}

int cma_cl_read_cmdline(const char *buf, size_t len, bool early_2010,
			const struct cma_cl_ops *ops, void *priv)
{
	struct cl_arg arg, last[2];
	bool seen[2] = { false, false };
	size_t pos, after[2] = { 0, 0 }, count[2] = { 0, 0 };
	size_t n[2] = { 0, 0 };
	int which, ret = 0;

	memset(last, 0, sizeof(last));
	/* First pass: the last of each parameter is the one that counts. */
	for (pos = skip_blanks(buf, 0, len); split_arg(buf, len, &pos, &arg);) {
		if (!early_2010 && ends_kernel_args(buf, &arg))
			break;
		which = which_param(buf, &arg, early_2010);
		if (which >= 0) {
			last[which] = arg;
			after[which] = pos;
			seen[which] = true;
			count[which]++;
		}
	}
	for (pos = skip_blanks(buf, 0, len); split_arg(buf, len, &pos, &arg);) {
		if (!early_2010 && ends_kernel_args(buf, &arg))
			break;
		which = which_param(buf, &arg, early_2010);
		if (which < 0)
			continue;
		n[which]++;
		if (ops->param)
			ret = ops->param(priv, which, arg.name, arg.value,
					 n[which] < count[which]);
		if (ret)
			return ret;
	}
	for (which = 0; which < 2 && !ret; which++) {
		if (!seen[which])
			continue;
		arg = last[which];
		arg.cut_by_space = cut_short(buf, len, &arg, after[which]);
		if (!arg.has_value) {
			struct cma_cl_error e = {
				.problem = CMA_CL_NO_VALUE,
				.where = which == CMA_PARAM_MAP ?
					 CMA_AT_MAP : CMA_AT_REGIONS,
				.at = span(arg.name.off + arg.name.len,
					   arg.name.off + arg.name.len),
				.subject = arg.name,
			};

			ret = ops->error ? ops->error(priv, &e) : 0;
		} else if (which == CMA_PARAM_REGIONS) {
			ret = cma_cl_read_regions(buf, arg.value.off,
						  arg.value.off + arg.value.len,
						  arg.cut_by_space, ops, priv);
		} else {
			ret = cma_cl_read_map(buf, arg.value.off,
					      arg.value.off + arg.value.len,
					      arg.cut_by_space, ops, priv);
		}
	}
	return ret;
}
