// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * --plot: each region's occupancy over a replayed trace as one SVG
 * document, a panel a region: the bytes in use and the largest hole, from
 * 0 to the region's size.  Small and dependency-free: lines and text.
 */
#include <stdio.h>

#include "trace.h"

enum {
	WIDTH = 800,		/* the document */
	LEFT = 70,		/* room for the size labels */
	RIGHT = 20,
	PANEL = 150,		/* the plot area of one region */
	GAP = 60,		/* title above, axis labels below */
	TOP = 40,		/* the legend */
	AREA = WIDTH - LEFT - RIGHT,
};

/* Names may hold any byte: XML gets the printable ASCII ones. */
static void xml_text(struct strbuf *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '&')
			sb_puts(out, "&amp;");
		else if (*s == '<')
			sb_puts(out, "&lt;");
		else if (*s == '>')
			sb_puts(out, "&gt;");
		else if (*s >= ' ' && *s <= '~')
			sb_putc(out, *s);
		else
			sb_putc(out, '?');
	}
}

/* A size for a reader's eye: "12.5M". */
static void human(struct strbuf *out, uint64_t v)
{
	static const char units[] = " KMGTPE";
	double d = (double)v;
	int u = 0;

	while (d >= 1024 && u < 6) {
		d /= 1024;
		u++;
	}
	if (u)
		sb_printf(out, "%.3g%c", d, units[u]);
	else
		sb_printf(out, "%llu", (unsigned long long)v);
}

/*
 * One line through the samples; where there are more samples than
 * pixels, each pixel column shows the worst of its samples (the most
 * used, the smallest hole).
 */
static void series(struct strbuf *out, const struct sim_series *s, double x0,
		   double x1, double top, bool largest, const char *colour)
{
	double scale = s->size ? (double)PANEL / (double)s->size : 0;
	double span = x1 > x0 ? x1 - x0 : 1;
	double y, last = 0;
	size_t i = 0, j;

	/* Occupancy moves in steps: level, then up or down at each event. */
	sb_printf(out, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"",
		  colour);
	while (i < s->nsamples) {
		long px = (long)((s->samples[i].x - x0) / span * AREA);
		uint64_t worst = largest ? s->samples[i].largest :
					   s->samples[i].used;

		for (j = i + 1; j < s->nsamples &&
		     (long)((s->samples[j].x - x0) / span * AREA) == px; j++) {
			uint64_t v = largest ? s->samples[j].largest :
					       s->samples[j].used;

			if (largest ? v < worst : v > worst)
				worst = v;
		}
		y = top + PANEL - (double)worst * scale;
		if (i)
			sb_printf(out, " %ld,%.1f", LEFT + px, last);
		sb_printf(out, "%s%ld,%.1f", i ? " " : "", LEFT + px, y);
		last = y;
		i = j;
	}
	if (i)
		sb_printf(out, " %d,%.1f", LEFT + AREA, last);
	sb_puts(out, "\"/>\n");
}

void plot_svg(const struct sim_series *s, size_t n, bool timed,
	      struct strbuf *out)
{
	double x0 = 0, x1 = 0;
	size_t i, height = TOP + n * (PANEL + GAP) + 10;
	bool any = false;

	for (i = 0; i < n; i++) {
		if (!s[i].nsamples)
			continue;
		if (!any || s[i].samples[0].x < x0)
			x0 = s[i].samples[0].x;
		if (!any || s[i].samples[s[i].nsamples - 1].x > x1)
			x1 = s[i].samples[s[i].nsamples - 1].x;
		any = true;
	}
	sb_printf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		  "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%zu\" viewBox=\"0 0 %d %zu\" font-family=\"sans-serif\" font-size=\"12\">\n"
		  "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n"
		  "<line x1=\"%d\" y1=\"20\" x2=\"%d\" y2=\"20\" stroke=\"steelblue\" stroke-width=\"3\"/>"
		  "<text x=\"%d\" y=\"24\">bytes in use</text>\n"
		  "<line x1=\"%d\" y1=\"20\" x2=\"%d\" y2=\"20\" stroke=\"darkorange\" stroke-width=\"3\"/>"
		  "<text x=\"%d\" y=\"24\">largest hole</text>\n",
		  WIDTH, height, WIDTH, height, LEFT, LEFT + 20, LEFT + 26,
		  LEFT + 140, LEFT + 160, LEFT + 166);
	for (i = 0; i < n; i++) {
		double top = TOP + (double)i * (PANEL + GAP) + 25;

		sb_printf(out, "<text x=\"%d\" y=\"%.0f\" font-weight=\"bold\">",
			  LEFT, top - 8);
		xml_text(out, s[i].name);
		sb_puts(out, " (");
		xml_text(out, s[i].allocator ? s[i].allocator : "no allocator");
		sb_puts(out, ", ");
		human(out, s[i].size);
		sb_puts(out, ")</text>\n");
		sb_printf(out, "<rect x=\"%d\" y=\"%.0f\" width=\"%d\" height=\"%d\" fill=\"#f4f4f4\" stroke=\"#999\"/>\n",
			  LEFT, top, AREA, PANEL);
		sb_printf(out, "<text x=\"%d\" y=\"%.0f\" text-anchor=\"end\">",
			  LEFT - 6, top + 4);
		human(out, s[i].size);
		sb_printf(out, "</text><text x=\"%d\" y=\"%.0f\" text-anchor=\"end\">0</text>\n",
			  LEFT - 6, top + PANEL + 4);
		sb_printf(out, "<text x=\"%d\" y=\"%.0f\">%g</text>"
			  "<text x=\"%d\" y=\"%.0f\" text-anchor=\"end\">%g %s</text>\n",
			  LEFT, top + PANEL + 16, x0, WIDTH - RIGHT,
			  top + PANEL + 16, x1, timed ? "s" : "events");
		series(out, &s[i], x0, x1, top, false, "steelblue");
		series(out, &s[i], x0, x1, top, true, "darkorange");
	}
	sb_puts(out, "</svg>\n");
}
