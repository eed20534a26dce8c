/* render.h - the renderers: each writes a report_result (the view model) in
 * one format and never touches the database. */
#ifndef FUNNEL_RENDER_H
#define FUNNEL_RENDER_H

#include "table.h"

#include <stdio.h>

/* Aligned tables for a terminal: CJK characters count two columns, numbers
 * right-aligned, rates as percentages, NULL as "-". */
void render_text(const struct report_result *r, FILE *fp);

/* One JSON object: "report", "from", "to", "as_of" and each table by its
 * key and shape (table.h). */
void render_json(const struct report_result *r, FILE *fp);

/* The text of one cell for people: rates as percentages with one decimal,
 * reals with at most one decimal, JSON arrays as "a : b : c" and objects as
 * "k v, k v", NULL as "-". Writes at most size-1 bytes to out, cutting
 * longer text before a character, never inside one. */
void render_cell_text(const struct table *t, int row, int col, char *out, size_t size);

/* One table as CSV: UTF-8 BOM, header row of column names, CRLF lines, text
 * cells guarded against Excel formulas. */
void render_csv_table(const struct table *t, FILE *fp);

/* One self-contained HTML page (CSS inline, charts embedded from their SVG
 * files, A4 print styles) with every table and chart of r. Returns 0, or -1
 * when a chart file cannot be read (the page is still written, without it). */
int render_html(const struct report_result *r, FILE *fp);

#endif
