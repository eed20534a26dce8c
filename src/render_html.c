/* render_html.c - writes a report as one self-contained HTML5 page: the CSS
 * of reports/pack.css inline, every visible table, and each chart's SVG file
 * inlined after the table it was drawn from. Reads only the view model and
 * the chart files that chart.c wrote. */
#include "render.h"

#include "embedded.h"
#include "output.h"
#include "textfile.h"
#include "version.h"

#include <stdlib.h>
#include <string.h>

#define RENDER_NULL_TEXT "\xE2\x80\x93" /* "–", an en dash */
#define RENDER_NO_DATA "无数据 no data"
/* A text column whose longest cell is wider than this (in terminal
 * columns, CJK counting two) wraps; shorter ones (dates, names, models,
 * labels) never break. */
#define RENDER_WRAP_WIDTH 24
/* A table of at most this many rows is kept on one printed page. */
#define RENDER_SHORT_ROWS 20

/* ---- text ---- */

/* Writes text with &, <, >, " and ' escaped; NULL writes nothing. */
static void render_escape(FILE *fp, const char *text)
{
    if (!text) return;
    for (const char *p = text; *p; p++) {
        switch (*p) {
        case '&':
            fputs("&amp;", fp);
            break;
        case '<':
            fputs("&lt;", fp);
            break;
        case '>':
            fputs("&gt;", fp);
            break;
        case '"':
            fputs("&quot;", fp);
            break;
        case '\'':
            fputs("&#39;", fp);
            break;
        default:
            fputc(*p, fp);
        }
    }
}

/* ---- cells and tables ---- */

/* Whether column col of t holds free text long enough to wrap: a text
 * column with a cell wider than RENDER_WRAP_WIDTH. Other cells never break
 * (pack.css), so no column is squeezed below its content's width. */
static int render_column_wraps(const struct table *t, int col)
{
    if (t->cols[col].type != CELL_TEXT) return 0;
    for (int r = 0; r < t->nrows; r++)
        if (t->cells[r][col] && output_width(t->cells[r][col]) > RENDER_WRAP_WIDTH) return 1;
    return 0;
}

/* Writes one <td>: the cell's text as render_cell_text gives it, numbers
 * right-aligned, NULL as a dash; wrap marks a column of long text. */
static void render_cell(FILE *fp, const struct table *t, int row, int col, int wrap)
{
    int number = table_type_is_number(t->cols[col].type);
    char text[4096];
    if (!t->cells[row][col]) {
        fprintf(fp, "<td class=\"%snull\">" RENDER_NULL_TEXT "</td>", number ? "num " : "");
        return;
    }
    render_cell_text(t, row, col, text, sizeof text);
    fputs(number ? "<td class=\"num\">" : wrap ? "<td class=\"text\">" : "<td>", fp);
    render_escape(fp, text);
    fputs("</td>", fp);
}

/* Writes t's rows first to last - 1 as a <table data-table="KEY">, from
 * column first_col on: one header row of labels, then the rows, or one "no
 * data" row when there are none. */
static void render_rows(FILE *fp, const struct table *t, int first, int last, int first_col)
{
    int *wrap = calloc((size_t)t->ncols + 1, sizeof *wrap);
    int shown = table_visible_columns(t);
    fputs("<table data-table=\"", fp);
    render_escape(fp, t->key);
    fputs("\"", fp);
    if (t->nrows > RENDER_SHORT_ROWS || shown > TABLE_NARROW_COLUMNS)
        fprintf(fp, " class=\"%s%s%s\"", t->nrows > RENDER_SHORT_ROWS ? "long" : "",
                t->nrows > RENDER_SHORT_ROWS && shown > TABLE_NARROW_COLUMNS ? " " : "",
                shown > TABLE_NARROW_COLUMNS ? "wide" : "");
    fputs(">\n<thead><tr>", fp);
    for (int c = first_col; c < t->ncols; c++) {
        const struct table_column *col = &t->cols[c];
        if (col->hidden) continue;
        if (wrap) wrap[c] = render_column_wraps(t, c);
        fputs(table_type_is_number(col->type) ? "<th class=\"num\">"
              : wrap && wrap[c]               ? "<th class=\"text\">"
                                              : "<th>",
              fp);
        render_escape(fp, col->label && col->label[0] ? col->label : col->name);
        fputs("</th>", fp);
    }
    fputs("</tr></thead>\n<tbody>\n", fp);
    if (first >= last)
        fprintf(fp, "<tr><td class=\"empty\" colspan=\"%d\">" RENDER_NO_DATA "</td></tr>\n",
                shown > 0 ? shown : 1);
    for (int r = first; r < last; r++) {
        fputs("<tr>", fp);
        for (int c = first_col; c < t->ncols; c++)
            if (!t->cols[c].hidden) render_cell(fp, t, r, c, wrap && wrap[c]);
        fputs("</tr>\n", fp);
    }
    fputs("</tbody>\n</table>\n", fp);
    free(wrap);
}

/* Writes t as one table, or, when it is paged, as a table per value of its
 * first column, each in a <div class="page-group"> headed by that value
 * (printed on a page of its own) and without that column. */
static void render_table(FILE *fp, const struct table *t)
{
    if (!t->paged || t->nrows == 0 || t->ncols < 2) {
        render_rows(fp, t, 0, t->nrows, 0);
        return;
    }
    /* a shown store column splits the groups too: two stores' 张伟 */
    int store = table_column_index(t, "store");
    if (store >= 0 && t->cols[store].hidden) store = -1;
    for (int first = 0, last; first < t->nrows; first = last) {
        const char *value = table_cell(t, first, 0);
        const char *where = store >= 0 ? table_cell(t, first, store) : "";
        for (last = first + 1; last < t->nrows && strcmp(table_cell(t, last, 0), value) == 0 &&
                               (store < 0 || strcmp(table_cell(t, last, store), where) == 0);)
            last++;
        fputs("<div class=\"page-group\">\n<h3>", fp);
        render_escape(fp, t->title ? t->title : t->key);
        fputs(" \xC2\xB7 ", fp);
        render_escape(fp, value);
        if (*where) {
            fputs(" \xC2\xB7 ", fp);
            render_escape(fp, where);
        }
        fputs("</h3>\n", fp);
        render_rows(fp, t, first, last, 1);
        fputs("</div>\n", fp);
    }
}

/* ---- charts ---- */

/* Writes the SVG document svg from its <svg element on (dropping the XML
 * declaration, doctype and comments before it). Element ids and references
 * to them get prefix, so that several gnuplot charts on one page (which
 * all use the same ids) do not clash. Returns 0, or -1 when there is no
 * <svg element. */
static int render_inline_svg(FILE *fp, const char *svg, const char *prefix)
{
    static const char *const markers[] = {" id=\"", " id='", "href=\"#", "href='#", "url(#"};
    const char *p = strstr(svg, "<svg");
    if (!p) return -1;
    size_t len = strlen(p);
    while (len && (p[len - 1] == '\n' || p[len - 1] == '\r' || p[len - 1] == ' '))
        len--;
    const char *end = p + len;
    while (p < end) {
        size_t marker_len = 0;
        for (size_t m = 0; m < sizeof markers / sizeof markers[0]; m++) {
            size_t n = strlen(markers[m]);
            if ((size_t)(end - p) >= n && memcmp(p, markers[m], n) == 0) {
                marker_len = n;
                break;
            }
        }
        if (marker_len) {
            fwrite(p, 1, marker_len, fp);
            fputs(prefix, fp);
            p += marker_len;
        } else {
            fputc(*p++, fp);
        }
    }
    fputc('\n', fp);
    return 0;
}

/* Writes chart c (index i in r->charts) as a <figure data-chart="NAME">
 * with its SVG inline, or a "no data" note when it was not drawn. Returns
 * 0, or -1 when its SVG file cannot be read (a note is written instead). */
static int render_chart(FILE *fp, const struct chart *c, int i)
{
    int rc = 0;
    fputs("<figure class=\"chart\" data-chart=\"", fp);
    render_escape(fp, c->name);
    fputs("\">\n", fp);
    if (!c->svg_path) {
        fputs("<p class=\"no-data\">no data / 无数据</p>\n", fp);
    } else {
        char *svg = textfile_read(c->svg_path, (size_t)64 << 20, NULL, NULL, 0);
        char prefix[32];
        snprintf(prefix, sizeof prefix, "chart%d-", i);
        if (!svg || render_inline_svg(fp, svg, prefix) != 0) {
            fputs("<p class=\"chart-error\">图表文件无法读取 chart file could not be read: ", fp);
            render_escape(fp, c->svg_path);
            fputs("</p>\n", fp);
            rc = -1;
        }
        free(svg);
    }
    fputs("<figcaption>", fp);
    render_escape(fp, c->title ? c->title : c->name);
    fputs("</figcaption>\n</figure>\n", fp);
    return rc;
}

/* Whether any chart of r belongs to table index t: 0 none, 1 some, 2 some
 * and one of them goes beside the table. */
static int render_table_has_charts(const struct report_result *r, int t)
{
    int found = 0;
    for (int i = 0; i < r->ncharts; i++)
        if (r->charts[i].table == t)
            found = found == 2 || r->charts[i].layout == CHART_BESIDE ? 2 : 1;
    return found;
}

/* Writes the charts of r that belong to table index t (all charts whose
 * table index is out of range when t is -1), in r->charts order. Returns
 * 0, or -1 when one could not be read. */
static int render_charts_of(FILE *fp, const struct report_result *r, int t)
{
    int rc = 0;
    for (int i = 0; i < r->ncharts; i++) {
        int owner = r->charts[i].table;
        int orphan = owner < 0 || owner >= r->ntables;
        if ((t < 0 && orphan) || (t >= 0 && owner == t))
            if (render_chart(fp, &r->charts[i], i) != 0) rc = -1;
    }
    return rc;
}

/* ---- the header of figures (the monthly pack) ---- */

/* The row of the compare table whose name column is name, or -1. */
static int render_kpi_row(const struct table *t, int name_col, const char *name)
{
    for (int r = 0; r < t->nrows; r++)
        if (strcmp(table_cell(t, r, name_col), name) == 0) return r;
    return -1;
}

/* Writes the label of a box: the Chinese part of label big, the rest
 * small below it. */
static void render_kpi_label(FILE *fp, const char *label)
{
    size_t n = table_label_chinese_length(label);
    char chinese[256];
    snprintf(chinese, sizeof chinese, "%.*s", (int)n, label);
    fputs("<div class=\"kpi-label\">", fp);
    render_escape(fp, chinese);
    while (label[n] == ' ')
        n++;
    if (label[n]) {
        fputs("<span class=\"en\">", fp);
        render_escape(fp, label + n);
        fputs("</span>", fp);
    }
    fputs("</div>\n", fp);
}

/* Writes one box of the compare table's row: this month's value (a rate
 * with "%"), and the change against last month, a rate's in percentage
 * points, coloured by whether it is better (headline "up": more is better,
 * "down": less is). */
static void render_kpi_box(FILE *fp, const struct table *t, int row)
{
    int metric = table_column_index(t, "metric"), name = table_column_index(t, "name");
    int value = table_column_index(t, "this_month"), change = table_column_index(t, "change");
    int headline = table_column_index(t, "headline");
    size_t len = strlen(table_cell(t, row, name));
    int rate = len > 5 && strcmp(table_cell(t, row, name) + len - 5, "_rate") == 0;
    fprintf(fp, "<div class=\"kpi%s\" data-kpi=\"", rate ? " rate" : "");
    render_escape(fp, table_cell(t, row, name));
    fputs("\">\n", fp);
    render_kpi_label(fp, table_cell(t, row, metric));
    fputs("<div class=\"kpi-value\">", fp);
    if (t->cells[row][value])
        fprintf(fp, rate ? "%.1f%%" : "%.10g", strtod(t->cells[row][value], NULL));
    else
        fputs(RENDER_NULL_TEXT, fp);
    fputs("</div>\n<div class=\"kpi-change", fp);
    if (!t->cells[row][change]) {
        fputs("\">上月无数据 <span class=\"en\">no last month</span></div>\n</div>\n", fp);
        return;
    }
    double d = strtod(t->cells[row][change], NULL);
    int up = strcmp(table_cell(t, row, headline), "down") != 0;
    fputs(d == 0 ? " same" : (d > 0) == up ? " better" : " worse", fp);
    fputs("\"><span class=\"delta\">", fp);
    fputs(d > 0 ? "\xE2\x96\xB2" : d < 0 ? "\xE2\x96\xBC" : "", fp); /* ▲ ▼ */
    fprintf(fp, rate ? "%+.1f" : "%+.10g", d);
    fputs(rate ? " 个百分点 <span class=\"en\">pts</span>" : "", fp);
    fputs("</span></div>\n</div>\n", fp);
}

/* Writes one decimal of prospects and visitors per buyer, "p : v : 1",
 * from the text of three numbers; false without buyers. */
static int render_kpi_ratio(FILE *fp, const char *p, const char *v, const char *b)
{
    double buyers = b ? strtod(b, NULL) : 0;
    if (!p || !v || buyers <= 0) return 0;
    fprintf(fp, "%.1f : %.1f : 1", strtod(p, NULL) / buyers, strtod(v, NULL) / buyers);
    return 1;
}

/* The box of the funnel's ratio: this month's (the scalars' ratio)
 * against the target, and last month's, prospects and visitors per buyer
 * of the compare table's last month. */
static void render_kpi_ratio_box(FILE *fp, const struct table *totals, const struct table *compare)
{
    char ratio[128], target[128];
    int name = table_column_index(compare, "name"),
        last = table_column_index(compare, "last_month");
    int rows[3] = {render_kpi_row(compare, name, "prospects"),
                   render_kpi_row(compare, name, "visitors"),
                   render_kpi_row(compare, name, "buyers")};
    render_cell_text(totals, 0, table_column_index(totals, "ratio"), ratio, sizeof ratio);
    render_cell_text(totals, 0, table_column_index(totals, "target"), target, sizeof target);
    fputs("<div class=\"kpi ratio\" data-kpi=\"ratio\">\n", fp);
    render_kpi_label(fp, "漏斗比例 ratio");
    fputs("<div class=\"kpi-value\">", fp);
    render_escape(fp,
                  totals->cells[0][table_column_index(totals, "ratio")] ? ratio : RENDER_NULL_TEXT);
    fputs("<span class=\"target\">目标 target ", fp);
    render_escape(fp, target);
    fputs("</span></div>\n<div class=\"kpi-change same\">上月 ", fp);
    if (rows[0] < 0 || rows[1] < 0 || rows[2] < 0 ||
        !render_kpi_ratio(fp, compare->cells[rows[0]][last], compare->cells[rows[1]][last],
                          compare->cells[rows[2]][last]))
        fputs(RENDER_NULL_TEXT, fp);
    fputs(" <span class=\"en\">last month</span></div>\n</div>\n", fp);
}

/* The pack's header of figures, when r has a compare table (monthly): a
 * box per row marked headline, in its order, with the funnel's ratio after
 * the buyers when r has the scalars ratio and target. */
static void render_kpis(FILE *fp, const struct report_result *r)
{
    const struct table *compare = NULL, *totals = NULL;
    for (int i = 0; i < r->ntables; i++) {
        const struct table *t = r->tables[i];
        if (strcmp(t->key, "compare") == 0 && table_column_index(t, "headline") >= 0 &&
            table_column_index(t, "name") >= 0 && table_column_index(t, "metric") >= 0 &&
            table_column_index(t, "this_month") >= 0 && table_column_index(t, "last_month") >= 0 &&
            table_column_index(t, "change") >= 0)
            compare = t;
        if (t->shape == SHAPE_SCALARS && t->nrows > 0 && table_column_index(t, "ratio") >= 0 &&
            table_column_index(t, "target") >= 0)
            totals = t;
    }
    if (!compare) return;
    int headline = table_column_index(compare, "headline");
    int name = table_column_index(compare, "name");
    fputs("<section class=\"kpis\" aria-label=\"本月要点 Key figures\">\n", fp);
    for (int row = 0; row < compare->nrows; row++) {
        if (!compare->cells[row][headline]) continue;
        render_kpi_box(fp, compare, row);
        if (totals && strcmp(table_cell(compare, row, name), "buyers") == 0)
            render_kpi_ratio_box(fp, totals, compare);
    }
    fputs("<p class=\"kpi-note\">\xE2\x96\xB2\xE2\x96\xBC 较上月 against last month;"
          " 率的变化为百分点 rate changes in percentage points</p>\n</section>\n",
          fp);
}

/* ---- the page ---- */

static const char *render_css(void)
{
    const char *css = embedded_find("pack.css");
    return css ? css : "body { font-family: sans-serif; }\n";
}

/* Writes text as the inside of a CSS string: quotes, backslashes, "<"
 * (which could close the <style> element) and control characters as hex
 * escapes. */
static void render_css_string(FILE *fp, const char *text)
{
    for (const unsigned char *p = (const unsigned char *)text; p && *p; p++) {
        if (*p == '"' || *p == '\\' || *p == '<' || *p == '>' || *p < 0x20 || *p == 0x7f)
            fprintf(fp, "\\%x ", *p);
        else
            fputc(*p, fp);
    }
}

/* The running header of every printed page but the first: the pack's
 * title (with its period) on the left, the as-of date on the right.
 * pack.css adds the page numbers. */
static void render_page_header(FILE *fp, const struct report_result *r)
{
    fputs("<style>\n@page {\n    @top-left { content: \"", fp);
    render_css_string(fp, r->title ? r->title : r->name);
    fputs("\"; }\n", fp);
    if (r->as_of[0]) {
        fputs("    @top-right { content: \"截至 as of ", fp);
        render_css_string(fp, r->as_of);
        fputs("\"; }\n", fp);
    }
    /* the first page shows the title in full below the margin */
    fputs("}\n@page :first {\n    @top-left { content: none; }\n"
          "    @top-right { content: none; }\n}\n</style>\n",
          fp);
}

static void render_head(FILE *fp, const struct report_result *r)
{
    fputs("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<meta name=\"generator\" content=\"funnel\">\n<title>",
          fp);
    render_escape(fp, r->title ? r->title : r->name);
    fputs("</title>\n<style>\n", fp);
    fputs(render_css(), fp);
    fputs("</style>\n", fp);
    render_page_header(fp, r);
    fputs("</head>\n", fp);
}

static void render_header(FILE *fp, const struct report_result *r)
{
    fputs("<header class=\"report-header\">\n<h1>", fp);
    render_escape(fp, r->title ? r->title : r->name);
    fputs("</h1>\n<p class=\"period\">", fp);
    if (r->from[0] || r->to[0]) {
        fputs("统计期间 Period: ", fp);
        render_escape(fp, r->from);
        fputs(" 至 ", fp);
        render_escape(fp, r->to);
    }
    if (r->as_of[0]) {
        if (r->from[0] || r->to[0]) fputs(" \xC2\xB7 ", fp);
        fputs("截至 As of: ", fp);
        render_escape(fp, r->as_of);
    }
    fputs("</p>\n</header>\n", fp);
    if (r->notes && r->notes[0]) {
        fputs("<div class=\"notes\" role=\"note\"><strong>注意 Note:</strong> ", fp);
        render_escape(fp, r->notes);
        fputs("</div>\n", fp);
    }
    render_kpis(fp, r);
}

/* The footer: the dealer, the day the data runs to, when the pack was made
 * and by which funnel, each part only when known. */
static void render_footer(FILE *fp, const struct report_result *r)
{
    fputs("<footer>", fp);
    if (r->dealer) {
        fputs("<span class=\"dealer\">", fp);
        render_escape(fp, r->dealer);
        fputs("</span> \xC2\xB7 ", fp);
    }
    if (r->data_through[0]) {
        fputs("数据截至 data through <span class=\"data-through\">", fp);
        render_escape(fp, r->data_through);
        fputs("</span> \xC2\xB7 ", fp);
    }
    if (r->generated[0]) {
        fputs("生成于 generated <span class=\"generated\">", fp);
        render_escape(fp, r->generated);
        fputs("</span> \xC2\xB7 ", fp);
    }
    fputs("funnel <span class=\"version\">" FUNNEL_VERSION "</span>", fp);
    if (r->name) {
        fputs(" \xC2\xB7 ", fp);
        render_escape(fp, r->name);
    }
    fputs("</footer>\n", fp);
}

int render_html(const struct report_result *r, FILE *fp)
{
    int rc = 0;
    render_head(fp, r);
    fputs("<body>\n", fp);
    render_header(fp, r);
    fputs("<main>\n", fp);
    for (int t = 0; t < r->ntables; t++) {
        const struct table *table = r->tables[t];
        int has_charts = render_table_has_charts(r, t);
        if (table->hidden && !has_charts) continue;
        /* A section with charts is kept on one printed page; a narrow
         * table has its chart beside it. */
        int beside = has_charts == 2 && !table->hidden;
        fprintf(fp, "<section class=\"report-section%s%s\">\n<h2>", has_charts ? " has-charts" : "",
                beside ? " beside" : "");
        render_escape(fp, table->title ? table->title : table->key);
        fputs("</h2>\n", fp);
        if (beside) fputs("<div class=\"side-by-side\">\n", fp);
        if (!table->hidden) render_table(fp, table);
        if (render_charts_of(fp, r, t) != 0) rc = -1;
        if (beside) fputs("</div>\n", fp);
        fputs("</section>\n", fp);
    }
    int orphans = 0;
    for (int i = 0; i < r->ncharts; i++)
        if (r->charts[i].table < 0 || r->charts[i].table >= r->ntables) orphans = 1;
    if (orphans) {
        fputs("<section class=\"report-section has-charts\">\n<h2>图表 Charts</h2>\n", fp);
        if (render_charts_of(fp, r, -1) != 0) rc = -1;
        fputs("</section>\n", fp);
    }
    fputs("</main>\n", fp);
    render_footer(fp, r);
    fputs("</body>\n</html>\n", fp);
    return rc != 0 || ferror(fp) ? -1 : 0;
}
