/* render.h - the renderers: each writes a report_result (the view model) in
 * one format and never touches the database. Each returns 0, or -1 when
 * writing to fp failed (ferror(fp) is then set) or memory ran out; the
 * caller says so. */
#ifndef FUNNEL_RENDER_H
#define FUNNEL_RENDER_H

#include "table.h"

#include <stdio.h>

/* Aligned tables for a terminal: CJK characters count two columns, numbers
 * right-aligned, rates as percentages, NULL as "-". With width > 0 (a
 * terminal of that many columns) headers are the Chinese part of each label
 * and text columns wrap within themselves so that a table fits when it can;
 * with width 0 every table is as wide as its content, headers bilingual. */
#define RENDER_TEXT_WIDTH 100
int render_text(const struct report_result *r, FILE *fp, int width);

/* One JSON object: "report", "from", "to", "as_of", each table by its
 * key and shape (table.h), and "charts": each chart's name, title and its
 * PNG and SVG file names, relative to the folder the JSON is written in
 * (a pack's: the charts are drawn beside it), null when not drawn (no
 * gnuplot, no rows, or the JSON goes to standard output). */
int render_json(const struct report_result *r, FILE *fp);

/* The text of one cell for people: rates as percentages with one decimal,
 * reals with at most one decimal, JSON arrays as "a : b : c" and objects as
 * "k v, k v", NULL as "-". Writes at most size-1 bytes to out, cutting
 * longer text before a character, never inside one. */
void render_cell_text(const struct table *t, int row, int col, char *out, size_t size);

/* One table as CSV: UTF-8 BOM, header row of the columns' labels for people
 * (the name when a column has none), CRLF lines, text cells guarded against
 * Excel formulas; hidden columns are left out. */
int render_csv_table(const struct table *t, FILE *fp);

/* One self-contained HTML page (CSS inline, charts embedded from their SVG
 * files, A4 print styles) with every table and chart of r. Returns 0, or -1
 * when writing failed or a chart file cannot be read (the page is still
 * written, with a note in its place; ferror(fp) tells the two apart). */
int render_html(const struct report_result *r, FILE *fp);

/* The report as an Excel workbook written to path (libxlsxwriter writes by
 * name; its temporary files go to tmpdir, or the system's when NULL): one
 * sheet per table shown or charted, named by the Chinese part of its title,
 * with the Chinese part of each label as its header, numbers, rates (as
 * percentages) and text in their formats, the header row frozen, columns as
 * wide as their content (long text wraps), and a native chart beside the
 * table for each chart of r. Returns 0, or -1 with a reason in err (the
 * file at path may then be incomplete: the caller removes it). */
int render_xlsx(const struct report_result *r, const char *path, const char *tmpdir, char *err,
                size_t errsize);

#endif
