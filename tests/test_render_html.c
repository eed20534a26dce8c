/* test_render_html.c - pins down render_html.c: a hand-built report becomes
 * one self-contained page with every table and chart marked for the browser
 * test, text escaped, rates as percentages, NULL as "–", JSON cells
 * flattened, and the chart's SVG inlined without its XML prolog. */
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
        t->cols[c].label = cols[c].label ? strdup(cols[c].label) : NULL;
        t->cols[c].type = cols[c].type;
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

static const char svg_file_text[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"  standalone=\"no\"?>\n"
    "<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" "
    "\"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n"
    "<svg viewBox=\"0 0 100 50\" xmlns=\"http://www.w3.org/2000/svg\" "
    "xmlns:xlink=\"http://www.w3.org/1999/xlink\">\n"
    "<defs><circle id='gpPt0' r='1'/></defs>\n"
    "<g id=\"gnuplot_canvas\"><use xlink:href='#gpPt0' x='5' y='5'/>"
    "<text x=\"10\" y=\"20\">战败原因</text></g>\n"
    "</svg>\n";

/* A report with a visible table (rates with a NULL, a JSON array, text with
 * <&>), a second visible table, a hidden one, and one chart per given SVG
 * path (NULL = not drawn) on the first table. */
static struct report_result *make_report(const char *svg_path)
{
    struct report_result *r = calloc(1, sizeof *r);
    assert_non_null(r);
    r->name = strdup("monthly");
    r->title = strdup("月度经营分析 <Monthly> & \"review\"");
    strcpy(r->from, "2026-10-01");
    strcpy(r->to, "2026-10-31");
    strcpy(r->as_of, "2026-10-31");
    r->notes = strdup("gnuplot not found: reports are written without charts");

    const struct column_spec people_cols[] = {
        {"salesperson", "销售顾问 salesperson", CELL_TEXT},
        {"visitors", NULL, CELL_INT},
        {"close_rate", "成交率 close rate", CELL_RATE},
        {"ratio", "漏斗比 ratio", CELL_JSON},
        {"grades", "级别 grades", CELL_JSON},
        {"phone", "电话 phone", CELL_PHONE},
    };
    const char *people_cells[] = {
        "张三 <&> \"老\"",
        "12",
        "0.41666",
        "[25.0,5.0,1]",
        "{\"O\":3,\"A+\":1}",
        "138****5678",
        "李四",
        "0",
        NULL,
        "[\"a\\\"b\",null]",
        "{}",
        NULL,
    };
    const struct column_spec brand_cols[] = {
        {"name", "品牌 brand", CELL_TEXT},
        {"count", "件数 count", CELL_INT},
    };
    const char *brand_cells[] = {"丰田", "7", "比亚迪", "3"};
    const struct column_spec scalar_cols[] = {{"prospects", "潜在客户", CELL_INT}};
    const char *scalar_cells[] = {"999999"};

    r->ntables = 3;
    r->tables = calloc(3, sizeof *r->tables);
    r->tables[0] = make_table("rows", "销售顾问 Salespeople", 6, people_cols, 2, people_cells);
    r->tables[1] = make_table("by_brand", "战败品牌 Lost to brand", 2, brand_cols, 2, brand_cells);
    r->tables[2] = make_table("totals", "合计", 1, scalar_cols, 1, scalar_cells);
    r->tables[2]->hidden = 1;

    r->ncharts = 2;
    r->charts = calloc(2, sizeof *r->charts);
    r->charts[0].name = strdup("close_rates");
    r->charts[0].title = strdup("成交率 <close rate>");
    r->charts[0].template_name = strdup("rates.gp");
    r->charts[0].columns = strdup("salesperson,close_rate");
    r->charts[0].table = 0;
    r->charts[0].svg_path = svg_path ? strdup(svg_path) : NULL;
    r->charts[1].name = strdup("brands");
    r->charts[1].title = strdup("品牌");
    r->charts[1].template_name = strdup("bars.gp");
    r->charts[1].columns = strdup("name,count");
    r->charts[1].table = 1;
    r->charts[1].svg_path = NULL; /* not drawn: zero rows or no gnuplot */
    return r;
}

/* Renders r into a malloc'd string; *rc gets render_html's result. */
static char *render_to_string(const struct report_result *r, int *rc)
{
    char *page = NULL;
    size_t size = 0;
    FILE *fp = open_memstream(&page, &size);
    assert_non_null(fp);
    *rc = render_html(r, fp);
    fclose(fp);
    return page;
}

static void write_svg(char *path, size_t size)
{
    snprintf(path, size, "/tmp/funnel-test-html-%d.svg", (int)getpid());
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(svg_file_text, fp);
    fclose(fp);
}

static void expect_contains(const char *page, const char *text)
{
    if (!strstr(page, text)) fail_msg("the page lacks: %s", text);
}

static void expect_lacks(const char *page, const char *text)
{
    if (strstr(page, text)) fail_msg("the page should not contain: %s", text);
}

/* ---- tests ---- */

static void test_page_is_self_contained_html5(void **state)
{
    (void)state;
    int rc;
    struct report_result *r = make_report(NULL);
    char *page = render_to_string(r, &rc);
    assert_int_equal(rc, 0);
    assert_true(strncmp(page, "<!DOCTYPE html>", 15) == 0);
    expect_contains(page, "<html lang=\"zh-CN\">");
    expect_contains(page, "<meta charset=\"utf-8\">");
    expect_contains(page, "<style>");
    expect_contains(page, "@page");
    expect_contains(page, "size: A4");
    expect_lacks(page, "<link");
    expect_lacks(page, "<script");
    expect_contains(page, "</html>");
    free(page);
    report_result_free(r);
}

static void test_header_shows_title_period_and_notes(void **state)
{
    (void)state;
    int rc;
    struct report_result *r = make_report(NULL);
    char *page = render_to_string(r, &rc);
    expect_contains(page, "<h1>月度经营分析 &lt;Monthly&gt; &amp; &quot;review&quot;</h1>");
    expect_contains(page, "2026-10-01");
    expect_contains(page, "2026-10-31");
    expect_contains(page, "class=\"notes\"");
    expect_contains(page, "gnuplot not found");
    free(page);
    report_result_free(r);
}

static void test_every_visible_table_is_marked_and_hidden_ones_are_not(void **state)
{
    (void)state;
    int rc;
    struct report_result *r = make_report(NULL);
    char *page = render_to_string(r, &rc);
    /* rows shows 6 columns: a wide table (the page's width in print) */
    expect_contains(page, "<table data-table=\"rows\" class=\"wide\">");
    expect_contains(page, "<table data-table=\"by_brand\">");
    expect_lacks(page, "data-table=\"totals\"");
    expect_lacks(page, "999999");
    expect_contains(page, "<h2>销售顾问 Salespeople</h2>");
    /* a column without a label falls back to its name */
    expect_contains(page, "<th class=\"num\">visitors</th>");
    expect_contains(page, "<th>销售顾问 salesperson</th>");
    free(page);
    report_result_free(r);
}

static void test_cells_are_formatted_for_people(void **state)
{
    (void)state;
    int rc;
    struct report_result *r = make_report(NULL);
    char *page = render_to_string(r, &rc);
    expect_contains(page, "<td class=\"num\">41.7%</td>");
    expect_contains(page, "<td class=\"num null\">\xE2\x80\x93</td>");
    expect_contains(page, "<td class=\"num\">12</td>");
    expect_contains(page, "<td>25.0 : 5.0 : 1</td>");
    expect_contains(page, "<td>a&quot;b : -</td>");
    expect_contains(page, "<td>O 3, A+ 1</td>");
    expect_contains(page, "<td>138****5678</td>");
    expect_contains(page, "<td>张三 &lt;&amp;&gt; &quot;老&quot;</td>");
    expect_lacks(page, "张三 <&>");
    free(page);
    report_result_free(r);
}

static void test_only_long_free_text_wraps(void **state)
{
    (void)state;
    int rc;
    const struct column_spec cols[] = {
        {"date", "日期 date", CELL_TEXT},
        {"text", "原话 as written", CELL_TEXT},
        {"count", "件数 count", CELL_INT},
    };
    /* 13 CJK characters are 26 columns wide: past the 24 that never wrap */
    const char *cells[] = {"2026-10-26", "已经买了比亚迪汉价格便宜很多", "1", "2026-10-29", "关机",
                           "2"};
    struct report_result *r = calloc(1, sizeof *r);
    r->name = strdup("weekly");
    r->ntables = 1;
    r->tables = calloc(1, sizeof *r->tables);
    r->tables[0] = make_table("list", "明细", 3, cols, 2, cells);
    char *page = render_to_string(r, &rc);
    assert_int_equal(rc, 0);
    expect_contains(page, "<td>2026-10-26</td>");
    expect_contains(page, "<th class=\"text\">原话 as written</th>");
    expect_contains(page, "<td class=\"text\">已经买了比亚迪汉价格便宜很多</td>");
    expect_contains(page, "<td class=\"text\">关机</td>");
    expect_contains(page, "<table data-table=\"list\">");
    free(page);
    report_result_free(r);
}

static void test_a_narrow_table_has_its_chart_beside_it(void **state)
{
    (void)state;
    int rc;
    struct report_result *r = make_report(NULL);
    r->charts[1].layout = CHART_BESIDE; /* by_brand: two columns */
    char *page = render_to_string(r, &rc);
    const char *section = strstr(page, "<section class=\"report-section has-charts beside\">");
    if (!section) fail_msg("no section with its chart beside in:\n%s", page);
    const char *side = strstr(section, "<div class=\"side-by-side\">");
    assert_non_null(side);
    assert_true(side < strstr(section, "data-table=\"by_brand\""));
    assert_true(strstr(section, "data-chart=\"brands\"") < strstr(section, "</div>"));
    /* the wide table's chart goes below it, without the side-by-side box */
    expect_contains(page, "<section class=\"report-section has-charts\">\n<h2>销售顾问");
    free(page);
    report_result_free(r);
}

static void test_print_header_carries_the_title_escaped_for_css(void **state)
{
    (void)state;
    int rc;
    struct report_result *r = make_report(NULL);
    free(r->title);
    r->title = strdup("周报 \"A\" </style> 2026-10-26 ~ 2026-11-01");
    snprintf(r->as_of, sizeof r->as_of, "2026-11-01");
    char *page = render_to_string(r, &rc);
    expect_contains(page, "@top-left { content: \"周报 \\22 A\\22  \\3c /style\\3e  2026-10-26 ~ "
                          "2026-11-01\"; }");
    expect_contains(page, "@top-right { content: \"截至 as of 2026-11-01\"; }");
    expect_contains(page, "@page :first");
    /* the only </style> are those that close the two style elements */
    const char *p = page;
    int closes = 0;
    while ((p = strstr(p, "</style>")))
        closes++, p++;
    assert_int_equal(closes, 2);
    free(page);
    report_result_free(r);
}

static void test_chart_svg_is_inlined_without_prolog(void **state)
{
    (void)state;
    char svg_path[128];
    int rc;
    write_svg(svg_path, sizeof svg_path);
    struct report_result *r = make_report(svg_path);
    char *page = render_to_string(r, &rc);
    assert_int_equal(rc, 0);
    const char *figure = strstr(page, "<figure class=\"chart\" data-chart=\"close_rates\">");
    if (!figure) fail_msg("no figure for close_rates in:\n%s", page);
    const char *svg = strstr(figure, "<svg");
    const char *end = strstr(figure, "</figure>");
    assert_non_null(svg);
    assert_true(svg < end);
    expect_contains(figure, "战败原因");
    expect_contains(figure, "<figcaption>成交率 &lt;close rate&gt;</figcaption>");
    /* the chart follows its table, before the next table */
    assert_true(strstr(page, "data-table=\"rows\"") < figure);
    assert_true(figure < strstr(page, "data-table=\"by_brand\""));
    /* ids are made unique per chart, references follow them */
    expect_contains(figure, "id='chart0-gpPt0'");
    expect_contains(figure, "href='#chart0-gpPt0'");
    const char *body = strstr(page, "<body>");
    assert_non_null(body);
    expect_lacks(body, "<?xml");
    expect_lacks(body, "<!DOCTYPE");
    unlink(svg_path);
    free(page);
    report_result_free(r);
}

static void test_undrawn_chart_says_no_data(void **state)
{
    (void)state;
    int rc;
    struct report_result *r = make_report(NULL);
    char *page = render_to_string(r, &rc);
    const char *figure = strstr(page, "data-chart=\"brands\"");
    assert_non_null(figure);
    expect_contains(figure, "no data / 无数据");
    free(page);
    report_result_free(r);
}

static void test_unreadable_svg_still_writes_the_page(void **state)
{
    (void)state;
    int rc;
    struct report_result *r = make_report("/nonexistent/funnel-chart.svg");
    char *page = render_to_string(r, &rc);
    assert_int_equal(rc, -1);
    expect_contains(page, "data-chart=\"close_rates\"");
    expect_contains(page, "data-table=\"by_brand\"");
    expect_contains(page, "</html>");
    free(page);
    report_result_free(r);
}

/* The monthly pack's compare table (this month, last month, the change, a
 * hidden name and headline) and the funnel's scalars, worked by hand: last
 * month 170 prospects and 150 visitors over 20 buyers is 8.5 : 7.5 : 1. */
static struct report_result *make_monthly(void)
{
    const struct column_spec compare_cols[] = {
        {"metric", "指标 metric", CELL_TEXT},
        {"this_month", "本月", CELL_REAL},
        {"last_month", "上月", CELL_REAL},
        {"change", "变化", CELL_REAL},
        {"name", "-", CELL_TEXT},
        {"headline", "-", CELL_TEXT},
    };
    const char *compare_cells[] = {
        "潜在客户 prospects",   "175",  "170",  "5",    "prospects",  "up",
        "到店客户 visitors",    "161",  "150",  "11",   "visitors",   "up",
        "成交客户 buyers",      "17",   "20",   "-3",   "buyers",     "up",
        "到店率 visit rate %",  "92",   "88.2", "3.8",  "visit_rate", NULL,
        "成交率 close rate %",  "10.6", "12.5", "-1.9", "close_rate", "up",
        "战败/失控 lost sales", "26",   "16",   "10",   "defeats",    "down",
        "逾期未跟进 overdue",   "30",   "30",   "0",    "overdue",    "down",
    };
    const struct column_spec totals_cols[] = {{"prospects", "潜在客户", CELL_INT},
                                              {"ratio", "比例 ratio", CELL_JSON},
                                              {"target", "目标 target", CELL_JSON}};
    const char *totals_cells[] = {"175", "[10.3,9.5,1]", "[25,5,1]"};
    struct report_result *r = calloc(1, sizeof *r);
    assert_non_null(r);
    r->name = strdup("monthly");
    r->ntables = 2;
    r->tables = calloc(2, sizeof *r->tables);
    r->tables[0] = make_table("compare", "本月与上月对比", 6, compare_cols, 7, compare_cells);
    r->tables[0]->cols[4].hidden = r->tables[0]->cols[5].hidden = 1;
    r->tables[1] = make_table("totals", "销售漏斗", 3, totals_cols, 1, totals_cells);
    r->tables[1]->shape = SHAPE_SCALARS;
    return r;
}

static void test_monthly_header_of_figures_shows_each_change_against_last_month(void **state)
{
    (void)state;
    int rc;
    struct report_result *r = make_monthly();
    char *page = render_to_string(r, &rc);
    assert_int_equal(rc, 0);
    const char *kpis = strstr(page, "<section class=\"kpis\"");
    if (!kpis) fail_msg("no header of figures in:\n%s", page);
    /* after the title, before the first table */
    assert_true(strstr(page, "</header>") < kpis);
    assert_true(kpis < strstr(page, "data-table=\"compare\""));
    /* the boxes in the table's order, the ratio after the buyers; the
     * visit rate is not a headline */
    const char *order[] = {"data-kpi=\"prospects\"",  "data-kpi=\"visitors\"",
                           "data-kpi=\"buyers\"",     "data-kpi=\"ratio\"",
                           "data-kpi=\"close_rate\"", "data-kpi=\"defeats\"",
                           "data-kpi=\"overdue\""};
    const char *at = kpis;
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        const char *next = strstr(at, order[i]);
        if (!next) fail_msg("%s missing or out of order in:\n%s", order[i], kpis);
        at = next;
    }
    expect_lacks(page, "data-kpi=\"visit_rate\"");
    /* more prospects is better, more lost sales worse, fewer buyers worse */
    expect_contains(kpis, "<div class=\"kpi-value\">175</div>\n"
                          "<div class=\"kpi-change better\"><span class=\"delta\">\xE2\x96\xB2+5");
    expect_contains(kpis, "<div class=\"kpi-change worse\"><span class=\"delta\">\xE2\x96\xBC-3");
    expect_contains(kpis, "<div class=\"kpi-change worse\"><span class=\"delta\">\xE2\x96\xB2+10");
    expect_contains(kpis, "<div class=\"kpi-change same\"><span class=\"delta\">+0");
    /* a rate: its value a percentage, its change in percentage points */
    expect_contains(kpis, "<div class=\"kpi-value\">10.6%</div>");
    expect_contains(kpis, "\xE2\x96\xBC-1.9 个百分点 <span class=\"en\">pts</span>");
    /* the ratio against the target, and last month's */
    expect_contains(kpis, "10.3 : 9.5 : 1<span class=\"target\">目标 target 25 : 5 : 1");
    expect_contains(kpis, "上月 8.5 : 7.5 : 1");
    free(page);
    report_result_free(r);
}

static void test_a_report_without_a_compare_table_has_no_header_of_figures(void **state)
{
    (void)state;
    int rc;
    struct report_result *r = make_report(NULL);
    char *page = render_to_string(r, &rc);
    expect_lacks(page, "class=\"kpis\"");
    free(page);
    report_result_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_page_is_self_contained_html5),
        cmocka_unit_test(test_only_long_free_text_wraps),
        cmocka_unit_test(test_a_narrow_table_has_its_chart_beside_it),
        cmocka_unit_test(test_print_header_carries_the_title_escaped_for_css),
        cmocka_unit_test(test_header_shows_title_period_and_notes),
        cmocka_unit_test(test_every_visible_table_is_marked_and_hidden_ones_are_not),
        cmocka_unit_test(test_cells_are_formatted_for_people),
        cmocka_unit_test(test_chart_svg_is_inlined_without_prolog),
        cmocka_unit_test(test_undrawn_chart_says_no_data),
        cmocka_unit_test(test_unreadable_svg_still_writes_the_page),
        cmocka_unit_test(test_monthly_header_of_figures_shows_each_change_against_last_month),
        cmocka_unit_test(test_a_report_without_a_compare_table_has_no_header_of_figures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
