/* render_xlsx.c - writes a report as an Excel workbook with libxlsxwriter:
 * one sheet per table (Chinese headers, number and percent formats, a
 * frozen header row, columns as wide as their content) and a native Excel
 * chart for each of the report's charts, beside the table it is drawn
 * from. Reads only the view model. */
#include "output.h"
#include "render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

#define XLSX_SHEET_NAME_MAX 31 /* characters, Excel's limit */
#define XLSX_MIN_WIDTH 6       /* column widths in Excel's character units */
#define XLSX_MAX_WIDTH 50
#define XLSX_CELL_SIZE 4096
#define XLSX_CHART_ROWS 16 /* rows a chart of the default size covers, and a gap */

/* The Excel chart for a gnuplot template: the same kind of picture. A chart
 * of counts drops the rate columns its template draws on a second axis (a
 * Pareto's cumulative share): Excel would draw them on the counts' scale. */
static const struct {
    const char *template_name;
    uint8_t type;
} xlsx_chart_types[] = {
    {"bars.gp", LXW_CHART_BAR},      {"pareto.gp", LXW_CHART_COLUMN},
    {"trend.gp", LXW_CHART_LINE},    {"rates.gp", LXW_CHART_COLUMN},
    {"funnel.gp", LXW_CHART_COLUMN}, {"stacked.gp", LXW_CHART_COLUMN_STACKED},
};

/* The formats of one workbook. */
struct xlsx_formats {
    lxw_format *header, *integer, *real, *rate, *text, *wrap;
};

/* Whether table t gets a sheet: it is shown, or a chart is drawn from it
 * (the sheet then holds the chart's data). */
static int xlsx_has_sheet(const struct report_result *r, int t)
{
    if (!r->tables[t]->hidden) return 1;
    for (int i = 0; i < r->ncharts; i++)
        if (r->charts[i].table == t) return 1;
    return 0;
}

/* Writes into name (room for size bytes) the sheet name of a table titled
 * title: its Chinese part, without the characters Excel refuses, cut to 31
 * characters; " 2", " 3", ... when an earlier sheet has that name. */
static void xlsx_sheet_name(lxw_workbook *wb, const char *title, char *name, size_t size)
{
    char base[256];
    size_t len = table_label_chinese_length(title);
    size_t o = 0;
    int chars = 0;
    for (size_t i = 0; i < len && o + 5 < sizeof base && chars < XLSX_SHEET_NAME_MAX - 3; i++) {
        unsigned char c = (unsigned char)title[i];
        if (c && strchr("[]:*?/\\'", c)) {
            base[o++] = '_';
        } else if (c >= 0x20) {
            base[o++] = (char)c;
        }
        /* count a character at its last byte */
        if (c < 0x80 || ((unsigned char)title[i + 1] & 0xC0) != 0x80) chars++;
    }
    base[o] = '\0';
    output_utf8_trim(base);
    if (!base[0]) snprintf(base, sizeof base, "表");
    snprintf(name, size, "%s", base);
    for (int n = 2; workbook_get_worksheet_by_name(wb, name) && n < 1000; n++)
        snprintf(name, size, "%s %d", base, n);
}

static double xlsx_number(const char *text)
{
    return strtod(text, NULL);
}

/* The width a column needs: its header's and its cells' widest text, in
 * Excel's character units (a CJK character counts two). */
static int xlsx_column_width(const struct table *t, int c, const char *header)
{
    char cell[XLSX_CELL_SIZE];
    int width = output_width(header);
    for (int r = 0; r < t->nrows; r++) {
        render_cell_text(t, r, c, cell, sizeof cell);
        int w = output_width(cell);
        if (w > width) width = w;
    }
    width += 2;
    return width < XLSX_MIN_WIDTH ? XLSX_MIN_WIDTH : width;
}

/* Writes table t on sheet ws: the header row (the Chinese part of each
 * label), then its rows; sheet_col[c] gets the sheet column of table
 * column c (-1 when hidden). Returns 0, or -1 with a reason in err. */
static int xlsx_write_table(lxw_worksheet *ws, const struct table *t, const struct xlsx_formats *f,
                            int *sheet_col, char *err, size_t errsize)
{
    char cell[XLSX_CELL_SIZE], header[512];
    lxw_error e = LXW_NO_ERROR;
    int col = 0;
    for (int c = 0; c < t->ncols && e == LXW_NO_ERROR; c++) {
        const struct table_column *tc = &t->cols[c];
        sheet_col[c] = -1;
        if (tc->hidden) continue;
        const char *label = tc->label && tc->label[0] ? tc->label : tc->name;
        snprintf(header, sizeof header, "%.*s", (int)table_label_chinese_length(label), label);
        sheet_col[c] = col;
        e = worksheet_write_string(ws, 0, (lxw_col_t)col, header, f->header);
        int width = xlsx_column_width(t, c, header);
        lxw_format *format = table_type_is_number(tc->type) ? NULL : f->text;
        if (width > XLSX_MAX_WIDTH) {
            width = XLSX_MAX_WIDTH;
            format = f->wrap;
        }
        if (e == LXW_NO_ERROR)
            e = worksheet_set_column(ws, (lxw_col_t)col, (lxw_col_t)col, width, format);
        col++;
    }
    for (int r = 0; r < t->nrows && e == LXW_NO_ERROR; r++) {
        for (int c = 0; c < t->ncols && e == LXW_NO_ERROR; c++) {
            if (sheet_col[c] < 0 || !t->cells[r][c]) continue;
            lxw_row_t row = (lxw_row_t)(r + 1);
            lxw_col_t at = (lxw_col_t)sheet_col[c];
            switch (t->cols[c].type) {
            case CELL_INT:
                e = worksheet_write_number(ws, row, at, xlsx_number(t->cells[r][c]), f->integer);
                break;
            case CELL_REAL:
                e = worksheet_write_number(ws, row, at, xlsx_number(t->cells[r][c]), f->real);
                break;
            case CELL_RATE:
                e = worksheet_write_number(ws, row, at, xlsx_number(t->cells[r][c]), f->rate);
                break;
            default: /* text, phones (already masked), JSON as people read it */
                render_cell_text(t, r, c, cell, sizeof cell);
                e = worksheet_write_string(ws, row, at, cell, NULL);
            }
        }
    }
    if (e != LXW_NO_ERROR) {
        snprintf(err, errsize, "table %s: %s", t->key, lxw_strerror(e));
        return -1;
    }
    worksheet_freeze_panes(ws, 1, 0);
    return 0;
}

/* Adds chart c, drawn from table t on sheet name (columns at sheet_col), to
 * ws to the right of the table, below the sheet's nth chart before it. A chart of a table without
 * rows is left out, as gnuplot draws none. Returns 0, or -1 with a reason in err. */
static int xlsx_add_chart(lxw_workbook *wb, lxw_worksheet *ws, const char *name,
                          const struct chart *c, const struct table *t, const int *sheet_col,
                          int shown, int nth, char *err, size_t errsize)
{
    if (t->nrows == 0) return 0;
    uint8_t type = LXW_CHART_COLUMN;
    for (size_t i = 0; i < sizeof xlsx_chart_types / sizeof xlsx_chart_types[0]; i++)
        if (c->template_name && strcmp(c->template_name, xlsx_chart_types[i].template_name) == 0)
            type = xlsx_chart_types[i].type;
    int cols[64], n = 0;
    for (const char *p = c->columns ? c->columns : ""; *p && n < 64;) {
        size_t len = strcspn(p, ",");
        char col_name[128];
        snprintf(col_name, sizeof col_name, "%.*s", (int)len, p);
        int index = table_column_index(t, col_name);
        if (index >= 0 && sheet_col[index] >= 0) cols[n++] = index;
        p += len + (p[len] == ',');
    }
    if (n < 2) return 0; /* nothing to draw against the categories */
    lxw_chart *chart = workbook_add_chart(wb, type);
    if (!chart) {
        snprintf(err, errsize, "chart %s: out of memory", c->name);
        return -1;
    }
    chart_title_set_name(chart, c->title ? c->title : c->name);
    int counts = t->cols[cols[1]].type != CELL_RATE, series = 0;
    lxw_row_t last = (lxw_row_t)t->nrows;
    for (int i = 1; i < n; i++) {
        if (counts && t->cols[cols[i]].type == CELL_RATE) continue;
        lxw_chart_series *s = chart_add_series(chart, NULL, NULL);
        if (!s) {
            snprintf(err, errsize, "chart %s: out of memory", c->name);
            return -1;
        }
        chart_series_set_categories(s, name, 1, (lxw_col_t)sheet_col[cols[0]], last,
                                    (lxw_col_t)sheet_col[cols[0]]);
        chart_series_set_values(s, name, 1, (lxw_col_t)sheet_col[cols[i]], last,
                                (lxw_col_t)sheet_col[cols[i]]);
        chart_series_set_name_range(s, name, 0, (lxw_col_t)sheet_col[cols[i]]);
        series++;
    }
    if (!counts) chart_axis_set_num_format(chart->y_axis, "0%");
    if (type == LXW_CHART_BAR) chart_axis_set_reverse(chart->x_axis); /* largest on top */
    chart_legend_set_position(chart, series > 1 ? LXW_CHART_LEGEND_BOTTOM : LXW_CHART_LEGEND_NONE);
    lxw_error e = worksheet_insert_chart(ws, (lxw_row_t)(1 + XLSX_CHART_ROWS * nth),
                                         (lxw_col_t)(shown + 1), chart);
    if (e != LXW_NO_ERROR) {
        snprintf(err, errsize, "chart %s: %s", c->name, lxw_strerror(e));
        return -1;
    }
    return 0;
}

static void xlsx_make_formats(lxw_workbook *wb, struct xlsx_formats *f)
{
    f->header = workbook_add_format(wb);
    f->integer = workbook_add_format(wb);
    f->real = workbook_add_format(wb);
    f->rate = workbook_add_format(wb);
    f->text = workbook_add_format(wb);
    f->wrap = workbook_add_format(wb);
    format_set_bold(f->header);
    format_set_bg_color(f->header, 0xEEF2F7);
    format_set_bottom(f->header, LXW_BORDER_THIN);
    format_set_text_wrap(f->header);
    format_set_align(f->header, LXW_ALIGN_VERTICAL_TOP);
    format_set_num_format(f->integer, "0");
    format_set_num_format(f->real, "0.0");
    format_set_num_format(f->rate, "0.0%");
    format_set_num_format(f->text, "@");
    format_set_num_format(f->wrap, "@");
    format_set_text_wrap(f->wrap);
    format_set_align(f->wrap, LXW_ALIGN_VERTICAL_TOP);
}

int render_xlsx(const struct report_result *r, const char *path, const char *tmpdir, char *err,
                size_t errsize)
{
    lxw_workbook_options options = {.constant_memory = 0, .tmpdir = (char *)tmpdir};
    lxw_workbook *wb = workbook_new_opt(path, &options);
    if (!wb) {
        snprintf(err, errsize, "%s: cannot start the workbook", path);
        return -1;
    }
    /* made when the pack was (SOURCE_DATE_EPOCH's time, when set): the same
     * pack gives the same bytes, as libxlsxwriter otherwise writes the time
     * of the run */
    lxw_doc_properties properties = {.created = (time_t)r->made};
    if (r->made > 0) workbook_set_properties(wb, &properties);
    struct xlsx_formats f;
    xlsx_make_formats(wb, &f);
    int rc = 0;
    for (int t = 0; rc == 0 && t < r->ntables; t++) {
        const struct table *table = r->tables[t];
        if (!xlsx_has_sheet(r, t)) continue;
        char name[128];
        xlsx_sheet_name(wb, table->title ? table->title : table->key, name, sizeof name);
        lxw_worksheet *ws = workbook_add_worksheet(wb, name);
        int *sheet_col = calloc((size_t)table->ncols + 1, sizeof *sheet_col);
        if (!ws || !sheet_col) {
            snprintf(err, errsize, "%s: cannot add the sheet %s", path, name);
            rc = -1;
        }
        if (rc == 0) rc = xlsx_write_table(ws, table, &f, sheet_col, err, errsize);
        int shown = table_visible_columns(table), nth = 0;
        for (int i = 0; rc == 0 && i < r->ncharts; i++)
            if (r->charts[i].table == t)
                rc = xlsx_add_chart(wb, ws, name, &r->charts[i], table, sheet_col, shown, nth++,
                                    err, errsize);
        free(sheet_col);
    }
    /* the workbook is written here: where write errors surface */
    lxw_error e = workbook_close(wb);
    if (rc == 0 && e != LXW_NO_ERROR) {
        snprintf(err, errsize, "%s: %s", path, lxw_strerror(e));
        rc = -1;
    }
    return rc;
}
