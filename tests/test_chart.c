/* test_chart.c - pins down chart.c: every template in reports/ draws a PNG
 * and an SVG with the Chinese labels of a hand-built table; zero rows draw
 * nothing; a missing template or column is an error. gnuplot must be
 * installed: without it these tests fail rather than skip. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chart.h"
#include "testutil.h"

/* ---- helpers ---- */

/* A malloc'd table named key with ncols columns (names given, all labels
 * "<name> 标签") and nrows rows of cells given row by row ("?" = NULL). */
static struct table *make_table(const char *key, int ncols, const char *const *names, int nrows,
                                const char *const *cells)
{
    struct table *t = calloc(1, sizeof *t);
    assert_non_null(t);
    t->key = strdup(key);
    t->title = strdup(key);
    t->ncols = ncols;
    t->cols = calloc((size_t)ncols, sizeof *t->cols);
    for (int c = 0; c < ncols; c++) {
        char label[128];
        snprintf(label, sizeof label, "%s 标签", names[c]);
        t->cols[c].name = strdup(names[c]);
        t->cols[c].label = strdup(label);
        t->cols[c].type = c == 0 ? CELL_TEXT : CELL_INT;
    }
    t->nrows = nrows;
    t->cells = calloc((size_t)(nrows ? nrows : 1), sizeof *t->cells);
    for (int r = 0; r < nrows; r++) {
        t->cells[r] = calloc((size_t)ncols, sizeof **t->cells);
        for (int c = 0; c < ncols; c++) {
            const char *cell = cells[r * ncols + c];
            t->cells[r][c] = strcmp(cell, "?") == 0 ? NULL : strdup(cell);
        }
    }
    return t;
}

static struct chart make_chart(const char *name, const char *template_name, const char *columns)
{
    struct chart c = {0};
    c.name = strdup(name);
    c.title = strdup("图表 \"标题\" \\ with_underscore");
    c.template_name = strdup(template_name);
    c.columns = strdup(columns);
    return c;
}

static void chart_free_fields(struct chart *c)
{
    free(c->name);
    free(c->title);
    free(c->template_name);
    free(c->columns);
    free(c->png_path);
    free(c->svg_path);
}

static int file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* A fresh temporary directory for one test (the caller removes it). */
static void make_dir(char *dir, size_t size)
{
    snprintf(dir, size, "/tmp/funnel-test-chart-XXXXXX");
    if (!mkdtemp(dir)) fail_msg("cannot create a temporary directory");
}

static void remove_dir(const char *dir)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) fail_msg("cannot remove %s", dir);
}

/* Draws chart name from table t with template and columns, and checks the
 * PNG signature, that the SVG holds <svg and the label text, and that the
 * work files are gone. */
static void expect_drawn(const struct table *t, const char *name, const char *template_name,
                         const char *columns, const char *label)
{
    char dir[64], err[512];
    make_dir(dir, sizeof dir);
    struct chart c = make_chart(name, template_name, columns);
    if (chart_draw(&c, t, dir, err, sizeof err) != 0)
        fail_msg("chart_draw(%s) failed: %s", template_name, err);
    assert_non_null(c.png_path);
    assert_non_null(c.svg_path);

    size_t size;
    char *png = tu_read_file(c.png_path, &size);
    if (size < 8 || memcmp(png, "\x89PNG\r\n\x1a\n", 8) != 0)
        fail_msg("%s: %s is not a PNG", template_name, c.png_path);
    free(png);
    char *svg = tu_read_file(c.svg_path, &size);
    if (!strstr(svg, "<svg")) fail_msg("%s: %s has no <svg", template_name, c.svg_path);
    if (!strstr(svg, label))
        fail_msg("%s: %s lacks the label \"%s\"", template_name, c.svg_path, label);
    free(svg);

    const char *leftovers[] = {".gp", ".dat", ".log"};
    for (size_t i = 0; i < 3; i++) {
        char path[128];
        snprintf(path, sizeof path, "%s/%s%s", dir, name, leftovers[i]);
        if (file_exists(path)) fail_msg("%s: %s was left behind", template_name, path);
    }
    chart_free_fields(&c);
    remove_dir(dir);
}

/* ---- tests ---- */

static void test_gnuplot_and_cjk_font_are_available(void **state)
{
    (void)state;
    char warning[256];
    if (chart_available(warning, sizeof warning) != 0)
        fail_msg("charts cannot be drawn here: %s (install gnuplot-nox)", warning);
    if (warning[0]) fail_msg("%s", warning);
}

static void test_funnel_template_draws_stages(void **state)
{
    (void)state;
    const char *names[] = {"stage", "actual", "target"};
    const char *cells[] = {"潜在客户", "120",      "120", "到店客户", "30",
                           "24",       "成交客户", "4",   "4.8"};
    struct table *t = make_table("funnel_chart", 3, names, 3, cells);
    expect_drawn(t, "funnel", "funnel.gp", "stage,actual,target", "到店客户");
    table_free(t);
}

static void test_rates_template_draws_with_missing_rates(void **state)
{
    (void)state;
    const char *names[] = {"salesperson", "prospects", "visit_rate", "close_rate"};
    const char *cells[] = {"张三", "12", "0.25", "0.4166", "李四", "0",
                           "?",    "?",  "王五", "10",     "0.5",  "?"};
    struct table *t = make_table("salespeople", 4, names, 3, cells);
    expect_drawn(t, "rates", "rates.gp", "salesperson,visit_rate,close_rate", "王五");
    table_free(t);
}

static void test_pareto_template_draws_bars_and_cumulative_line(void **state)
{
    (void)state;
    const char *names[] = {"label", "count", "cumulative"};
    const char *cells[] = {"价格",          "12", "0.4",    "竞品", "9", "0.7",
                           "失控/联系不上", "5",  "0.8667", "其他", "4", "1"};
    struct table *t = make_table("by_reason", 3, names, 4, cells);
    expect_drawn(t, "pareto", "pareto.gp", "label,count,cumulative", "失控/联系不上");
    table_free(t);
}

static void test_bars_template_draws_labels_with_tabs_and_quotes(void **state)
{
    (void)state;
    const char *names[] = {"name", "count"};
    const char *cells[] = {"卡罗拉", "8", "凯美瑞\t\"XLE\"", "5", "RAV4_x", "2"};
    struct table *t = make_table("by_model", 2, names, 3, cells);
    expect_drawn(t, "bars", "bars.gp", "name,count", "卡罗拉");
    table_free(t);
}

static void test_trend_template_draws_weeks(void **state)
{
    (void)state;
    const char *names[] = {"week", "count"};
    const char *cells[] = {"2026-W38", "3", "2026-W39", "7", "2026-W40", "0"};
    struct table *t = make_table("trend", 2, names, 3, cells);
    /* the year is in the title and the table: the axis says W39 */
    expect_drawn(t, "trend", "trend.gp", "week,count", ">W39<");
    table_free(t);
}

/* Draws chart name from t with template in layout and returns the SVG's
 * opening tag (malloc'd). */
static char *drawn_svg_tag(const struct table *t, const char *template_name, const char *columns,
                           enum chart_layout layout)
{
    char dir[64], err[512];
    make_dir(dir, sizeof dir);
    struct chart c = make_chart("sized", template_name, columns);
    c.layout = layout;
    if (chart_draw(&c, t, dir, err, sizeof err) != 0) fail_msg("chart_draw failed: %s", err);
    size_t size;
    char *svg = tu_read_file(c.svg_path, &size);
    char *open = strstr(svg, "<svg");
    assert_non_null(open);
    char *tag = strndup(open, strcspn(open, ">"));
    free(svg);
    chart_free_fields(&c);
    remove_dir(dir);
    return tag;
}

static void expect_size(const char *tag, const char *width, const char *height)
{
    if (!strstr(tag, width) || !strstr(tag, height))
        fail_msg("expected %s and %s in %s", width, height, tag);
}

static void test_canvas_fits_the_layout_and_the_rows(void **state)
{
    (void)state;
    const char *names[] = {"name", "count"};
    const char *cells[] = {"a", "5", "b", "4", "c", "3", "d", "2", "e", "1",
                           "f", "1", "g", "1", "h", "1", "i", "1", "j", "1"};
    /* bars: 80 px of axes and title plus 26 per bar, at least 150 */
    struct table *one = make_table("by_model", 2, names, 1, cells);
    struct table *five = make_table("by_model", 2, names, 5, cells);
    struct table *ten = make_table("by_model", 2, names, 10, cells);
    char *tag = drawn_svg_tag(five, "bars.gp", "name,count", CHART_BESIDE);
    expect_size(tag, "width=\"400\"", "height=\"210\"");
    free(tag);
    tag = drawn_svg_tag(one, "bars.gp", "name,count", CHART_BESIDE);
    expect_size(tag, "width=\"400\"", "height=\"150\"");
    free(tag);
    tag = drawn_svg_tag(five, "bars.gp", "name,count", CHART_BELOW);
    expect_size(tag, "width=\"700\"", "height=\"210\"");
    free(tag);
    /* trend beside its table: 120 px plus 44 per week, 400 at least, 700 at most */
    tag = drawn_svg_tag(five, "trend.gp", "name,count", CHART_BESIDE);
    expect_size(tag, "width=\"400\"", "height=\"240\"");
    free(tag);
    tag = drawn_svg_tag(ten, "trend.gp", "name,count", CHART_BESIDE);
    expect_size(tag, "width=\"560\"", "height=\"240\"");
    free(tag);
    tag = drawn_svg_tag(ten, "pareto.gp", "name,count,count", CHART_BESIDE);
    expect_size(tag, "width=\"700\"", "height=\"240\"");
    free(tag);
    tag = drawn_svg_tag(ten, "trend.gp", "name,count", CHART_BELOW);
    expect_size(tag, "width=\"700\"", "height=\"300\"");
    free(tag);
    table_free(one);
    table_free(five);
    table_free(ten);
}

static void test_chart_text_is_at_least_9pt_on_paper(void **state)
{
    (void)state;
    const char *names[] = {"name", "a", "b"};
    const char *cells[] = {"王磊", "0.5", "0.25", "陈静", "0.75", "0.1"};
    struct table *t = make_table("rows", 3, names, 2, cells);
    const char *templates[] = {"rates.gp",  "bars.gp",   "trend.gp",
                               "pareto.gp", "funnel.gp", "stacked.gp"};
    const char *columns[] = {"name,a,b", "name,a", "name,a", "name,a,b", "name,a,b", "name,a,b"};
    for (size_t i = 0; i < sizeof templates / sizeof templates[0]; i++) {
        char dir[64], err[512];
        make_dir(dir, sizeof dir);
        struct chart c = make_chart("text", templates[i], columns[i]);
        c.layout = CHART_BESIDE;
        if (chart_draw(&c, t, dir, err, sizeof err) != 0) fail_msg("%s: %s", templates[i], err);
        size_t size;
        char *svg = tu_read_file(c.svg_path, &size);
        /* shown at its drawn size, 12 px is 9 pt */
        for (const char *p = svg; (p = strstr(p, "font-size=\"")); p++) {
            double px = strtod(p + strlen("font-size=\""), NULL);
            if (px < 12) fail_msg("%s: text at %.1f px", templates[i], px);
        }
        free(svg);
        chart_free_fields(&c);
        remove_dir(dir);
    }
    table_free(t);
}

static void test_stacked_template_names_grades_in_key(void **state)
{
    (void)state;
    const char *names[] = {"salesperson", "O", "H", "A+", "C"};
    const char *cells[] = {"张三", "2", "3", "1", "7", "李四", "0", "1", "?", "2"};
    struct table *t = make_table("grade_mix", 5, names, 2, cells);
    expect_drawn(t, "stacked", "stacked.gp", "salesperson,O,H,A+,C", "李四");
    table_free(t);
}

static void test_zero_rows_draw_nothing(void **state)
{
    (void)state;
    const char *names[] = {"name", "count"};
    struct table *t = make_table("empty", 2, names, 0, NULL);
    char dir[64], err[256];
    make_dir(dir, sizeof dir);
    struct chart c = make_chart("empty_bars", "bars.gp", "name,count");
    assert_int_equal(chart_draw(&c, t, dir, err, sizeof err), 0);
    assert_null(c.png_path);
    assert_null(c.svg_path);
    char path[128];
    snprintf(path, sizeof path, "%s/empty_bars.png", dir);
    assert_false(file_exists(path));
    chart_free_fields(&c);
    remove_dir(dir);
    table_free(t);
}

static void test_missing_template_is_an_error(void **state)
{
    (void)state;
    const char *names[] = {"name", "count"};
    const char *cells[] = {"张三", "1"};
    struct table *t = make_table("one", 2, names, 1, cells);
    char dir[64], err[256];
    make_dir(dir, sizeof dir);
    struct chart c = make_chart("nope", "no_such_template.gp", "name,count");
    assert_int_equal(chart_draw(&c, t, dir, err, sizeof err), -1);
    assert_non_null(strstr(err, "no_such_template.gp"));
    assert_null(c.png_path);
    chart_free_fields(&c);
    remove_dir(dir);
    table_free(t);
}

static void test_unknown_column_is_an_error(void **state)
{
    (void)state;
    const char *names[] = {"name", "count"};
    const char *cells[] = {"张三", "1"};
    struct table *t = make_table("one", 2, names, 1, cells);
    char dir[64], err[256];
    make_dir(dir, sizeof dir);
    struct chart c = make_chart("bad", "bars.gp", "name,total");
    assert_int_equal(chart_draw(&c, t, dir, err, sizeof err), -1);
    assert_non_null(strstr(err, "\"total\""));
    assert_null(c.svg_path);
    chart_free_fields(&c);
    remove_dir(dir);
    table_free(t);
}

static void test_without_gnuplot_charts_are_unavailable(void **state)
{
    (void)state;
    char *saved = strdup(getenv("PATH") ? getenv("PATH") : "");
    char dir[64], warning[256], err[256];
    make_dir(dir, sizeof dir);
    setenv("PATH", dir, 1); /* an empty directory: no gnuplot, no fc-list */
    int available = chart_available(warning, sizeof warning);
    const char *names[] = {"name", "count"};
    const char *cells[] = {"张三", "1"};
    struct table *t = make_table("one", 2, names, 1, cells);
    struct chart c = make_chart("lonely", "bars.gp", "name,count");
    int drawn = chart_draw(&c, t, dir, err, sizeof err);
    setenv("PATH", saved, 1);
    free(saved);

    assert_int_equal(available, -1);
    assert_string_equal(warning, "gnuplot not found: reports are written without charts");
    assert_int_equal(drawn, -1);
    assert_non_null(strstr(err, "gnuplot"));
    assert_null(c.png_path);
    chart_free_fields(&c);
    remove_dir(dir);
    table_free(t);
}

static void test_unwritable_directory_is_an_error(void **state)
{
    (void)state;
    const char *names[] = {"name", "count"};
    const char *cells[] = {"张三", "1"};
    struct table *t = make_table("one", 2, names, 1, cells);
    char err[256];
    struct chart c = make_chart("nowhere", "bars.gp", "name,count");
    assert_int_equal(chart_draw(&c, t, "/nonexistent-funnel-dir", err, sizeof err), -1);
    assert_non_null(strstr(err, "nowhere.dat"));
    chart_free_fields(&c);
    table_free(t);
}

/* Charts begun together (as a pack draws them) are each drawn as
 * chart_draw draws it alone: the same SVG; one of a table without rows
 * gives nothing to wait for and no error; nothing is left in the folder
 * but the charts. */
static void test_charts_begun_together_are_each_drawn_as_alone(void **state)
{
    (void)state;
    const char *names[] = {"name", "count"};
    const char *cells[] = {"张三", "3", "李四", "5"};
    struct table *t = make_table("two", 2, names, 2, cells);
    struct table *none = make_table("none", 2, names, 0, NULL);
    char alone[64], together[64], err[512];
    make_dir(alone, sizeof alone);
    make_dir(together, sizeof together);
    struct chart a = make_chart("a", "bars.gp", "name,count");
    if (chart_draw(&a, t, alone, err, sizeof err) != 0) fail_msg("chart_draw: %s", err);
    char *svg = tu_read_file(a.svg_path, NULL);
    chart_free_fields(&a);

    struct chart c[3] = {make_chart("a", "bars.gp", "name,count"),
                         make_chart("empty", "bars.gp", "name,count"),
                         make_chart("b", "pareto.gp", "name,count")};
    const struct table *tables[3] = {t, none, t};
    struct chart_job *jobs[3];
    for (int i = 0; i < 3; i++) {
        jobs[i] = chart_begin(&c[i], tables[i], together, err, sizeof err);
        if (!jobs[i] && (i != 1 || err[0])) fail_msg("chart_begin(%s): %s", c[i].name, err);
    }
    assert_null(jobs[1]);
    for (int i = 0; i < 3; i += 2)
        if (chart_end(jobs[i], err, sizeof err) != 0) fail_msg("chart_end: %s", err);
    char *again = tu_read_file(c[0].svg_path, NULL);
    assert_string_equal(again, svg);
    assert_non_null(c[2].png_path);
    assert_null(c[1].png_path);
    assert_int_equal(tu_runf(NULL,
                             "test \"$(ls -A '%s' | tr '\\n' ' ')\" = 'a.png a.svg b.png b.svg '",
                             together),
                     0);
    free(again);
    free(svg);
    for (int i = 0; i < 3; i++)
        chart_free_fields(&c[i]);
    remove_dir(alone);
    remove_dir(together);
    table_free(t);
    table_free(none);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gnuplot_and_cjk_font_are_available),
        cmocka_unit_test(test_canvas_fits_the_layout_and_the_rows),
        cmocka_unit_test(test_chart_text_is_at_least_9pt_on_paper),
        cmocka_unit_test(test_funnel_template_draws_stages),
        cmocka_unit_test(test_rates_template_draws_with_missing_rates),
        cmocka_unit_test(test_pareto_template_draws_bars_and_cumulative_line),
        cmocka_unit_test(test_bars_template_draws_labels_with_tabs_and_quotes),
        cmocka_unit_test(test_trend_template_draws_weeks),
        cmocka_unit_test(test_stacked_template_names_grades_in_key),
        cmocka_unit_test(test_zero_rows_draw_nothing),
        cmocka_unit_test(test_charts_begun_together_are_each_drawn_as_alone),
        cmocka_unit_test(test_missing_template_is_an_error),
        cmocka_unit_test(test_unknown_column_is_an_error),
        cmocka_unit_test(test_without_gnuplot_charts_are_unavailable),
        cmocka_unit_test(test_unwritable_directory_is_an_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
