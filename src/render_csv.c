/* render_csv.c - one table of a report as CSV for Excel: UTF-8 with a BOM,
 * a header row of the columns' labels (as the HTML shows them), CRLF lines,
 * numbers as plain numbers, text guarded against formulas. */
#include "output.h"
#include "render.h"

int render_csv_table(const struct table *t, FILE *fp)
{
    char cell[4096];
    output_csv_bom(fp);
    int first = 0; /* the first column shown */
    while (first < t->ncols - 1 && t->cols[first].hidden)
        first++;
    for (int c = first; c < t->ncols; c++) {
        if (t->cols[c].hidden) continue;
        if (c > first) fputc(',', fp);
        const char *label = t->cols[c].label;
        output_csv_cell(fp, label && label[0] ? label : t->cols[c].name, 0);
    }
    fputs("\r\n", fp);
    for (int r = 0; r < t->nrows; r++) {
        for (int c = first; c < t->ncols; c++) {
            if (t->cols[c].hidden) continue;
            if (c > first) fputc(',', fp);
            if (!t->cells[r][c]) continue;
            if (t->cols[c].type == CELL_JSON) {
                render_cell_text(t, r, c, cell, sizeof cell);
                output_csv_cell(fp, cell, 0);
            } else {
                output_csv_cell(fp, t->cells[r][c], table_type_is_number(t->cols[c].type));
            }
        }
        fputs("\r\n", fp);
    }
    return ferror(fp) ? -1 : 0;
}
