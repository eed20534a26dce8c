/* test_render_xlsx.c - pins down render_xlsx.c: a hand-built report becomes
 * a workbook (opened here with unzip) with one sheet per table shown or
 * charted, named by the Chinese part of its title, Chinese headers, numbers
 * and percentages as numbers in their formats, text as text (never a
 * formula), the header row frozen, columns as wide as their content, and a
 * native chart over the table's cells for each chart. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "render.h"
#include "report.h"
#include "testutil.h"

/* ---- building a report by hand ---- */

struct column_spec {
    const char *name, *label;
    enum cell_type type;
};

/* A malloc'd table; cells row by row, NULL entries stay SQL NULL. */
static struct table *make_table(const char *key, const char *title, int ncols,
                                const struct column_spec *cols, int nrows, const char *const *cells)
{
    struct table *t = calloc(1, sizeof *t);
    assert_non_null(t);
    t->key = strdup(key);
    t->title = strdup(title);
    t->ncols = ncols;
    t->cols = calloc((size_t)ncols, sizeof *t->cols);
    for (int c = 0; c < ncols; c++) {
        t->cols[c].name = strdup(cols[c].name);
        t->cols[c].label = strdup(cols[c].label);
        t->cols[c].type = cols[c].type;
        t->cols[c].hidden = strcmp(cols[c].label, "-") == 0;
    }
    t->nrows = nrows;
    t->cells = calloc((size_t)(nrows ? nrows : 1), sizeof *t->cells);
    for (int r = 0; r < nrows; r++) {
        t->cells[r] = calloc((size_t)ncols, sizeof **t->cells);
        for (int c = 0; c < ncols; c++) {
            const char *cell = cells[r * ncols + c];
            t->cells[r][c] = cell ? strdup(cell) : NULL;
        }
    }
    return t;
}

static void add_chart(struct report_result *r, const char *name, const char *template_name,
                      const char *columns, int table)
{
    r->charts = realloc(r->charts, (size_t)(r->ncharts + 1) * sizeof *r->charts);
    struct chart *c = &r->charts[r->ncharts++];
    memset(c, 0, sizeof *c);
    c->name = strdup(name);
    c->title = strdup("到店率与成交率 Rates");
    c->template_name = strdup(template_name);
    c->columns = strdup(columns);
    c->table = table;
}

/* Four tables: salespeople (text, ints, a rate with a NULL, a real, a hidden
 * code column, a cell that looks like a formula), lost to brand (drawn as
 * bars), a hidden table drawn as a chart (gets a sheet), a hidden table
 * without a chart (gets none), and a title with characters Excel refuses in
 * a sheet name, twice. */
static struct report_result *make_report(void)
{
    struct report_result *r = calloc(1, sizeof *r);
    r->name = strdup("monthly");
    r->title = strdup("月度 Monthly");
    const struct column_spec people_cols[] = {
        {"salesperson", "销售顾问 salesperson", CELL_TEXT},
        {"code", "-", CELL_TEXT},
        {"buyers", "成交 buyers", CELL_INT},
        {"close_rate", "成交率 close rate", CELL_RATE},
        {"days", "成交天数(中位) days to buy", CELL_REAL},
    };
    const char *people_cells[] = {"欧阳娜娜", "x", "3", "0.4166666667", "12.5",
                                  "=1+2",     "y", "0", NULL,           NULL};
    const struct column_spec brand_cols[] = {
        {"name", "名称 name", CELL_TEXT},
        {"count", "客户数 cases", CELL_INT},
    };
    const char *brand_cells[] = {"丰田", "7", "比亚迪", "3"};
    const struct column_spec stage_cols[] = {
        {"stage", "阶段 stage", CELL_TEXT},
        {"actual", "实际 actual", CELL_INT},
    };
    const char *stage_cells[] = {"潜在客户 prospects", "25"};
    const char *odd_cells[] = {"a", "1"};
    r->ntables = 6;
    r->tables = calloc(6, sizeof *r->tables);
    r->tables[0] = make_table("rows", "销售顾问转化 Conversion", 5, people_cols, 2, people_cells);
    r->tables[1] = make_table("by_brand", "流失品牌 Lost to brand", 2, brand_cols, 2, brand_cells);
    r->tables[2] = make_table("funnel_chart", "漏斗 Funnel", 2, stage_cols, 1, stage_cells);
    r->tables[2]->hidden = 1;
    r->tables[3] = make_table("totals", "合计 Totals", 2, stage_cols, 1, stage_cells);
    r->tables[3]->hidden = 1;
    r->tables[4] = make_table("odd", "原因[a/b]: 明细 reasons", 2, brand_cols, 1, odd_cells);
    r->tables[5] = make_table("odd2", "原因[a/b]: 明细 more", 2, brand_cols, 1, odd_cells);
    add_chart(r, "monthly_brands", "bars.gp", "name,count", 1);
    add_chart(r, "monthly_funnel", "funnel.gp", "stage,actual", 2);
    add_chart(r, "monthly_rates", "rates.gp", "salesperson,close_rate", 0);
    return r;
}

/* ---- reading the workbook back ---- */

struct workbook {
    char dir[64], path[128];
};

static void write_workbook(struct workbook *w, const struct report_result *r)
{
    char err[512] = "";
    snprintf(w->dir, sizeof w->dir, "/tmp/funnel-test-xlsx-XXXXXX");
    assert_non_null(mkdtemp(w->dir));
    snprintf(w->path, sizeof w->path, "%s/monthly.xlsx", w->dir);
    if (render_xlsx(r, w->path, w->dir, err, sizeof err) != 0) fail_msg("render_xlsx: %s", err);
}

/* The text of one part of the workbook (malloc'd), by unzip. */
static char *part(const struct workbook *w, const char *name)
{
    char *out = NULL;
    int status = tu_runf(&out, "unzip -p '%s' '%s' 2>/dev/null", w->path, name);
    if (status != 0 || !out || !out[0]) fail_msg("%s has no part %s", w->path, name);
    return out;
}

static void remove_workbook(struct workbook *w)
{
    unlink(w->path);
    rmdir(w->dir);
}

static void expect_contains(const char *text, const char *what, const char *where)
{
    if (!strstr(text, what)) fail_msg("%s lacks %s:\n%s", where, what, text);
}

static void expect_lacks(const char *text, const char *what, const char *where)
{
    if (strstr(text, what)) fail_msg("%s should not hold %s:\n%s", where, what, text);
}

/* ---- tests ---- */

static void test_one_sheet_per_table_shown_or_charted(void **state)
{
    (void)state;
    struct report_result *r = make_report();
    struct workbook w;
    write_workbook(&w, r);
    char *book = part(&w, "xl/workbook.xml");
    expect_contains(book, "<sheet name=\"销售顾问转化\" sheetId=\"1\"", "workbook.xml");
    expect_contains(book, "<sheet name=\"流失品牌\" sheetId=\"2\"", "workbook.xml");
    /* a hidden table holding a chart's data gets a sheet; one without, none */
    expect_contains(book, "<sheet name=\"漏斗\" sheetId=\"3\"", "workbook.xml");
    expect_lacks(book, "合计", "workbook.xml");
    /* [ ] : / are refused in sheet names; a second sheet of one name is numbered */
    expect_contains(book, "<sheet name=\"原因_a_b__ 明细\" sheetId=\"4\"", "workbook.xml");
    expect_contains(book, "<sheet name=\"原因_a_b__ 明细 2\" sheetId=\"5\"", "workbook.xml");
    free(book);
    remove_workbook(&w);
    report_result_free(r);
}

static void test_cells_headers_formats_and_frozen_header(void **state)
{
    (void)state;
    struct report_result *r = make_report();
    struct workbook w;
    write_workbook(&w, r);
    char *strings = part(&w, "xl/sharedStrings.xml");
    /* the Chinese part of each label; the hidden code column is left out */
    expect_contains(strings, "<t>销售顾问</t>", "sharedStrings.xml");
    expect_contains(strings, "<t>成交率</t>", "sharedStrings.xml");
    expect_contains(strings, "<t>成交天数(中位)</t>", "sharedStrings.xml");
    expect_lacks(strings, "close rate", "sharedStrings.xml");
    expect_lacks(strings, "<t>x</t>", "sharedStrings.xml");
    /* a cell that looks like a formula is text */
    expect_contains(strings, "<t>=1+2</t>", "sharedStrings.xml");
    free(strings);
    char *sheet = part(&w, "xl/worksheets/sheet1.xml");
    expect_contains(sheet,
                    "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\""
                    " state=\"frozen\"/>",
                    "sheet1.xml");
    /* numbers as numbers: 3 buyers, 41.7% as its fraction, 12.5 days */
    expect_contains(sheet, "<c r=\"B2\" s=\"", "sheet1.xml");
    expect_contains(sheet, "\"><v>3</v></c>", "sheet1.xml");
    expect_contains(sheet, "<v>0.4166666667</v>", "sheet1.xml");
    expect_contains(sheet, "<v>12.5</v>", "sheet1.xml");
    expect_lacks(sheet, "<f>", "sheet1.xml");
    /* NULL stays an empty cell: row 3 has the name and 0 buyers only */
    expect_lacks(sheet, "<c r=\"C3\"", "sheet1.xml");
    /* widths: 欧阳娜娜 and 销售顾问 are 8 columns, +2: 10 (Excel adds 0.71);
     * 成交天数(中位) 14 + 2 = 16; 成交 is 4 + 2, raised to the minimum 6 */
    expect_contains(sheet, "<col min=\"1\" max=\"1\" width=\"10.7109375\"", "sheet1.xml");
    expect_contains(sheet, "<col min=\"2\" max=\"2\" width=\"6.7109375\"", "sheet1.xml");
    expect_contains(sheet, "<col min=\"4\" max=\"4\" width=\"16.7109375\"", "sheet1.xml");
    free(sheet);
    char *styles = part(&w, "xl/styles.xml");
    expect_contains(styles, "formatCode=\"0.0%\"", "styles.xml");
    expect_contains(styles, "formatCode=\"0.0\"", "styles.xml");
    free(styles);
    remove_workbook(&w);
    report_result_free(r);
}

static void test_charts_are_native_over_the_tables_cells(void **state)
{
    (void)state;
    struct report_result *r = make_report();
    struct workbook w;
    write_workbook(&w, r);
    /* charts are numbered in the order they are added: sheet by sheet */
    char *rates = part(&w, "xl/charts/chart1.xml");
    expect_contains(rates, "<c:barDir val=\"col\"/>", "chart1.xml");
    expect_contains(rates, "<c:f>'销售顾问转化'!$A$2:$A$3</c:f>", "chart1.xml");
    expect_contains(rates, "<c:f>'销售顾问转化'!$C$2:$C$3</c:f>", "chart1.xml");
    expect_contains(rates, "<c:f>'销售顾问转化'!$C$1</c:f>", "chart1.xml");
    expect_contains(rates, "formatCode=\"0%\"", "chart1.xml");
    free(rates);
    char *bars = part(&w, "xl/charts/chart2.xml");
    expect_contains(bars, "<c:barDir val=\"bar\"/>", "chart2.xml");
    expect_contains(bars, "<c:f>'流失品牌'!$A$2:$A$3</c:f>", "chart2.xml");
    expect_contains(bars, "<c:f>'流失品牌'!$B$2:$B$3</c:f>", "chart2.xml");
    expect_contains(bars, "<c:orientation val=\"maxMin\"/>", "chart2.xml");
    free(bars);
    char *funnel = part(&w, "xl/charts/chart3.xml");
    expect_contains(funnel, "<c:f>'漏斗'!$B$2</c:f>", "chart3.xml");
    free(funnel);
    /* the chart sits on the sheet of its table, right of the table's columns */
    char *drawing = part(&w, "xl/drawings/drawing1.xml");
    expect_contains(drawing, "<xdr:from><xdr:col>5</xdr:col>", "drawing1.xml");
    free(drawing);
    remove_workbook(&w);
    report_result_free(r);
}

/* A pack made at a given time (SOURCE_DATE_EPOCH) is the same workbook,
 * byte for byte, whenever it is written. */
static void test_the_same_pack_made_at_the_same_time_is_the_same_file(void **state)
{
    (void)state;
    struct report_result *r = make_report();
    r->made = 1767225600; /* 2026-01-01T00:00:00Z */
    struct workbook a, b;
    write_workbook(&a, r);
    sleep(2); /* the clock moves on: a workbook dated by it would differ */
    write_workbook(&b, r);
    char *out = NULL;
    int same = tu_runf(&out, "cmp -s '%s' '%s'", a.path, b.path);
    free(out);
    char *core = part(&a, "docProps/core.xml");
    expect_contains(core, "2026-01-01T00:00:00Z", "docProps/core.xml");
    free(core);
    remove_workbook(&a);
    remove_workbook(&b);
    report_result_free(r);
    assert_int_equal(same, 0);
}

static void test_a_workbook_that_cannot_be_written_is_an_error(void **state)
{
    (void)state;
    struct report_result *r = make_report();
    char err[512] = "";
    int rc = render_xlsx(r, "/nonexistent-funnel-dir/monthly.xlsx", NULL, err, sizeof err);
    assert_int_equal(rc, -1);
    if (!strstr(err, "/nonexistent-funnel-dir/monthly.xlsx")) fail_msg("error: %s", err);
    report_result_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_sheet_per_table_shown_or_charted),
        cmocka_unit_test(test_cells_headers_formats_and_frozen_header),
        cmocka_unit_test(test_charts_are_native_over_the_tables_cells),
        cmocka_unit_test(test_the_same_pack_made_at_the_same_time_is_the_same_file),
        cmocka_unit_test(test_a_workbook_that_cannot_be_written_is_an_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
