/* table.c - freeing the view model, and small lookups on it. */
#include "table.h"

#include <stdlib.h>
#include <string.h>

const char *table_cell(const struct table *t, int row, int col)
{
    const char *s = t->cells[row][col];
    return s ? s : "";
}

int table_column_index(const struct table *t, const char *name)
{
    for (int c = 0; c < t->ncols; c++)
        if (strcmp(t->cols[c].name, name) == 0) return c;
    return -1;
}

void table_free(struct table *t)
{
    if (!t) return;
    for (int r = 0; r < t->nrows; r++) {
        for (int c = 0; c < t->ncols; c++)
            free(t->cells[r][c]);
        free(t->cells[r]);
    }
    free(t->cells);
    for (int c = 0; c < t->ncols; c++) {
        free(t->cols[c].name);
        free(t->cols[c].label);
    }
    free(t->cols);
    free(t->key);
    free(t->title);
    free(t);
}

void report_result_free(struct report_result *r)
{
    if (!r) return;
    for (int i = 0; i < r->ntables; i++)
        table_free(r->tables[i]);
    free(r->tables);
    for (int i = 0; i < r->ncharts; i++) {
        struct chart *c = &r->charts[i];
        free(c->name);
        free(c->title);
        free(c->template_name);
        free(c->columns);
        free(c->png_path);
        free(c->svg_path);
    }
    free(r->charts);
    free(r->name);
    free(r->title);
    free(r->notes);
    free(r);
}
