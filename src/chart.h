/* chart.h - charts drawn by gnuplot, run as an external program, from the
 * templates in reports/ (embedded in the binary). */
#ifndef FUNNEL_CHART_H
#define FUNNEL_CHART_H

#include "table.h"

#include <stddef.h>

/* Checks once whether gnuplot can be run and whether a font with Chinese
 * glyphs is installed (fc-list :lang=zh). Returns 0 when charts can be drawn;
 * otherwise -1 with a one-line warning in warning. When gnuplot works but no
 * CJK font is found, returns 0 and still writes a warning. */
int chart_available(char *warning, size_t size);

/* Draws chart c from table t into dir as NAME.png (pngcairo) and NAME.svg,
 * and sets c->png_path and c->svg_path (malloc'd). Returns 0, or -1 with a
 * reason in err (gnuplot failed, an output file is missing or empty). */
int chart_draw(struct chart *c, const struct table *t, const char *dir, char *err, size_t errsize);

/* chart_draw in two steps, so that several charts are drawn at once:
 * chart_begin writes the data and scripts and starts gnuplot, and returns
 * the chart being drawn; NULL when there is nothing to draw (err "") or on
 * an error (err says it). chart_end waits for it, then does the rest of
 * chart_draw and returns what chart_draw returns. */
struct chart_job;
struct chart_job *chart_begin(struct chart *c, const struct table *t, const char *dir, char *err,
                              size_t errsize);
int chart_end(struct chart_job *j, char *err, size_t errsize);

#endif
