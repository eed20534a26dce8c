/* render_json.c - a report as one JSON object: the period, then each table
 * by its shape (table.h). Numbers are written as numbers, rates as
 * fractions, NULL as null. */
#include "jsonw.h"
#include "render.h"

#include <stdlib.h>
#include <string.h>

static void cell(struct jsonw *w, const struct table *t, int row, int col)
{
    const char *text = t->cells[row][col];
    if (!text) {
        jsonw_null(w);
        return;
    }
    switch (t->cols[col].type) {
    case CELL_INT:
        jsonw_int(w, atoll(text));
        break;
    case CELL_REAL:
    case CELL_RATE:
        jsonw_double(w, strtod(text, NULL));
        break;
    case CELL_JSON:
        jsonw_raw(w, text); /* made by SQLite's json functions */
        break;
    default:
        jsonw_string(w, text);
    }
}

/* A drawn chart's file by its name alone: the charts are drawn into the
 * folder the pack's JSON is written in, so the name is the path relative to
 * the JSON file, whatever the working directory or --out; NULL when not
 * drawn. */
static const char *chart_file(const char *path)
{
    const char *slash = path ? strrchr(path, '/') : NULL;
    return slash ? slash + 1 : path;
}

static void table_json(struct jsonw *w, const struct table *t)
{
    switch (t->shape) {
    case SHAPE_SCALARS:
        for (int c = 0; c < t->ncols; c++) {
            jsonw_key(w, t->cols[c].name);
            if (t->nrows > 0)
                cell(w, t, 0, c);
            else
                jsonw_null(w);
        }
        break;
    case SHAPE_OBJECT:
        jsonw_key(w, t->key);
        jsonw_object_begin(w);
        for (int r = 0; r < t->nrows && t->ncols >= 2; r++) {
            jsonw_key(w, table_cell(t, r, 0));
            cell(w, t, r, 1);
        }
        jsonw_object_end(w);
        break;
    case SHAPE_ROWS:
        jsonw_key(w, t->key);
        jsonw_array_begin(w);
        for (int r = 0; r < t->nrows; r++) {
            jsonw_object_begin(w);
            for (int c = 0; c < t->ncols; c++) {
                jsonw_key(w, t->cols[c].name);
                cell(w, t, r, c);
            }
            jsonw_object_end(w);
        }
        jsonw_array_end(w);
        break;
    }
}

int render_json(const struct report_result *r, FILE *fp)
{
    struct jsonw w;
    jsonw_init(&w, fp);
    jsonw_object_begin(&w);
    jsonw_key(&w, "report");
    jsonw_string(&w, r->name);
    jsonw_key(&w, "title");
    jsonw_string(&w, r->title);
    jsonw_key(&w, "from");
    jsonw_string(&w, r->from[0] ? r->from : NULL);
    jsonw_key(&w, "to");
    jsonw_string(&w, r->to[0] ? r->to : NULL);
    jsonw_key(&w, "as_of");
    jsonw_string(&w, r->as_of);
    for (int i = 0; i < r->ntables; i++)
        table_json(&w, r->tables[i]);
    if (r->ncharts) {
        jsonw_key(&w, "charts");
        jsonw_array_begin(&w);
        for (int i = 0; i < r->ncharts; i++) {
            const struct chart *c = &r->charts[i];
            jsonw_object_begin(&w);
            jsonw_key(&w, "name");
            jsonw_string(&w, c->name);
            jsonw_key(&w, "title");
            jsonw_string(&w, c->title);
            jsonw_key(&w, "png");
            jsonw_string(&w, chart_file(c->png_path));
            jsonw_key(&w, "svg");
            jsonw_string(&w, chart_file(c->svg_path));
            jsonw_object_end(&w);
        }
        jsonw_array_end(&w);
    }
    if (r->notes) {
        jsonw_key(&w, "notes");
        jsonw_string(&w, r->notes);
    }
    jsonw_object_end(&w);
    return jsonw_finish(&w);
}
