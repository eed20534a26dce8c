/* report.c - runs a report: grade as of its dates, set up the temporary
 * tables and SQL functions the queries use, run each SQL file of the report
 * and turn its rows into a table of the view model. */
#include "report.h"

#include "dates.h"
#include "db.h"
#include "embedded.h"
#include "grade.h"
#include "normalize.h"
#include "textfile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FILES 24
#define MAX_CHARTS 8

struct chart_def {
    const char *name, *title, *template_name, *table_key, *columns;
};

struct report_def {
    const char *name, *title;
    enum report_period period;
    int pack;
    const char *files[MAX_FILES];
    struct chart_def charts[MAX_CHARTS];
};

/* period.sql prepares the period's customers that the funnel and conversion
 * tables read: listed once before them */
#define FUNNEL_FILES "funnel.sql", "funnel_by_owner.sql", "funnel_chart.sql"
#define FUNNEL_CHART                                                                               \
    {                                                                                              \
        "funnel", "漏斗与 25:5:1 目标 Funnel against the target", "funnel.gp", "funnel_chart",     \
            "stage,actual,target"                                                                  \
    }
#define RATES_CHART                                                                                \
    {                                                                                              \
        "conversion", "到店率与成交率 Visit and close rates by salesperson", "rates.gp", "rows",   \
            "salesperson,visit_rate,close_rate"                                                    \
    }
#define DEFEAT_FILES                                                                               \
    "defeat_cases.sql", "defeats_total.sql", "defeats_by_reason.sql", "defeats_by_model.sql",      \
        "defeats_by_brand.sql", "defeats_by_salesperson.sql", "defeats_trend.sql",                 \
        "defeats_list.sql"
#define PARETO_CHART                                                                               \
    {                                                                                              \
        "defeats_pareto", "战败原因 Pareto Lost sales by reason", "pareto.gp", "by_reason",        \
            "label,count,cumulative"                                                               \
    }
#define DEFEAT_CHARTS                                                                              \
    PARETO_CHART,                                                                                  \
        {"defeats_by_model", "战败车型 Lost sales by model", "bars.gp", "by_model", "name,count"}, \
        {"defeats_by_brand", "流失品牌 Lost to brand", "bars.gp", "by_brand", "name,count"},       \
        {"defeats_by_salesperson", "各销售顾问战败 Lost sales by salesperson", "bars.gp",          \
         "by_salesperson", "name,count"},                                                          \
    {                                                                                              \
        "defeats_trend", "每周战败趋势 Weekly trend of lost sales", "trend.gp", "trend",           \
            "week,count"                                                                           \
    }
#define MIX_CHART                                                                                  \
    {                                                                                              \
        "grade_mix", "各销售顾问客户级别 Grade mix by salesperson", "stacked.gp", "grade_mix", "*" \
    }
#define AUDIT_FILES                                                                                \
    "audit_grades.sql", "audit_totals.sql", "audit_by_owner.sql", "audit_grade_mix.sql",           \
        "audit_overdue.sql", "audit_missing.sql"

static const struct report_def reports[] = {
    {"funnel", "销售漏斗 Funnel", PERIOD_RANGE, 0, {"period.sql", FUNNEL_FILES}, {FUNNEL_CHART}},
    {"salespeople",
     "销售顾问转化 Conversion by salesperson",
     PERIOD_RANGE,
     0,
     {"period.sql", "salespeople.sql"},
     {RATES_CHART}},
    {"defeats", "战败分析 Lost sales", PERIOD_RANGE, 0, {DEFEAT_FILES}, {DEFEAT_CHARTS}},
    {"audit", "客户跟进检查 Pipeline audit", PERIOD_AS_OF, 0, {AUDIT_FILES}, {MIX_CHART}},
    {"monthly",
     "月度经营分析 Monthly management review",
     PERIOD_MONTH,
     1,
     {"period.sql", "monthly_compare.sql", FUNNEL_FILES, "salespeople.sql", "monthly_grades.sql",
      "audit_grade_mix.sql", DEFEAT_FILES},
     {FUNNEL_CHART, RATES_CHART, PARETO_CHART, MIX_CHART}},
    {"weekly",
     "每周战败分析会 Weekly lost-sales meeting",
     PERIOD_WEEK,
     1,
     {DEFEAT_FILES},
     {DEFEAT_CHARTS}},
};

#define REPORT_COUNT (int)(sizeof reports / sizeof reports[0])

static const struct report_def *find(const char *name)
{
    for (int i = 0; i < REPORT_COUNT; i++)
        if (strcmp(reports[i].name, name) == 0) return &reports[i];
    return NULL;
}

int report_exists(const char *name)
{
    return find(name) != NULL;
}

enum report_period report_period_of(const char *name)
{
    const struct report_def *d = find(name);
    return d ? d->period : PERIOD_RANGE;
}

int report_is_pack(const char *name)
{
    const struct report_def *d = find(name);
    return d && d->pack;
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

/* ---- SQL functions and temporary tables from the rules ---- */

static void fn_lost_reason(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const struct rules *r = sqlite3_user_data(ctx);
    (void)argc;
    const char *outcome = (const char *)sqlite3_value_text(argv[0]);
    int lost = outcome && strcmp(outcome, "LOST") == 0;
    int i = rules_reason(r, lost, (const char *)sqlite3_value_text(argv[1]),
                         (const char *)sqlite3_value_text(argv[2]));
    sqlite3_result_text(ctx, r->reasons[i].name, -1, SQLITE_TRANSIENT);
}

static void fn_lost_brand(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const struct rules *r = sqlite3_user_data(ctx);
    (void)argc;
    const char *brand = rules_brand(r, (const char *)sqlite3_value_text(argv[0]),
                                    (const char *)sqlite3_value_text(argv[1]));
    if (brand)
        sqlite3_result_text(ctx, brand, -1, SQLITE_TRANSIENT);
    else
        sqlite3_result_null(ctx);
}

static void fn_iso_week(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *day = (const char *)sqlite3_value_text(argv[0]);
    long ignored;
    char week[9];
    if (!day || dates_parse(day, &ignored) != 0) {
        sqlite3_result_null(ctx);
        return;
    }
    dates_week_of(day, week);
    sqlite3_result_text(ctx, week, -1, SQLITE_TRANSIENT);
}

static int install_rules(sqlite3 *db, const struct rules *r, char *err, size_t errsize)
{
    const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC;
    if (sqlite3_create_function(db, "lost_reason", 3, flags, (void *)r, fn_lost_reason, NULL,
                                NULL) != SQLITE_OK ||
        sqlite3_create_function(db, "lost_brand", 2, flags, (void *)r, fn_lost_brand, NULL, NULL) !=
            SQLITE_OK ||
        sqlite3_create_function(db, "iso_week", 1, flags, NULL, fn_iso_week, NULL, NULL) !=
            SQLITE_OK) {
        snprintf(err, errsize, "%s", sqlite3_errmsg(db));
        return -1;
    }
    if (db_exec(db,
                "DROP TABLE IF EXISTS temp.grade_list; DROP TABLE IF EXISTS temp.reason_list;"
                "CREATE TEMP TABLE grade_list (name TEXT PRIMARY KEY, label TEXT, rank INTEGER,"
                " follow_up INTEGER);"
                "CREATE TEMP TABLE reason_list (name TEXT PRIMARY KEY, label TEXT, rank INTEGER);",
                err, errsize) != 0)
        return -1;
    sqlite3_stmt *g =
        db_prepare(db, "INSERT INTO temp.grade_list VALUES (?, ?, ?, ?)", err, errsize);
    sqlite3_stmt *s = db_prepare(db, "INSERT INTO temp.reason_list VALUES (?, ?, ?)", err, errsize);
    int rc = g && s ? 0 : -1;
    for (int i = 0; rc == 0 && i < r->ngrades; i++) {
        const struct rules_grade *gr = &r->grades[r->display[i]];
        sqlite3_bind_text(g, 1, gr->name, -1, SQLITE_STATIC);
        sqlite3_bind_text(g, 2, gr->label, -1, SQLITE_STATIC);
        sqlite3_bind_int(g, 3, i);
        if (gr->follow_up == RULES_NO_FOLLOW_UP)
            sqlite3_bind_null(g, 4);
        else
            sqlite3_bind_int(g, 4, gr->follow_up);
        rc = sqlite3_step(g) == SQLITE_DONE ? 0 : -1;
        sqlite3_reset(g);
    }
    for (int i = 0; rc == 0 && i < r->nreasons; i++) {
        sqlite3_bind_text(s, 1, r->reasons[i].name, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, r->reasons[i].label, -1, SQLITE_STATIC);
        sqlite3_bind_int(s, 3, i);
        rc = sqlite3_step(s) == SQLITE_DONE ? 0 : -1;
        sqlite3_reset(s);
    }
    if (rc != 0 && g && s) snprintf(err, errsize, "%s", sqlite3_errmsg(db));
    sqlite3_finalize(g);
    sqlite3_finalize(s);
    return rc;
}

/* ---- SQL files ---- */

/* The text of a query file: from dir when given, else built in. Returns a
 * malloc'd string, or NULL with a reason in err. */
static char *query_text(const char *dir, const char *file, char *err, size_t errsize)
{
    if (!dir) {
        const char *text = embedded_find(file);
        if (!text) snprintf(err, errsize, "%s: not built into this funnel", file);
        return text ? strdup(text) : NULL;
    }
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    return textfile_read(path, (size_t)1 << 20, NULL, err, errsize);
}

/* The value of "-- name: value" in the file's leading comment, into out. */
static int header_value(const char *text, const char *name, char *out, size_t size)
{
    size_t len = strlen(name);
    for (const char *line = text; line && strncmp(line, "--", 2) == 0;) {
        const char *p = line + 2;
        while (*p == ' ')
            p++;
        if (strncmp(p, name, len) == 0 && p[len] == ':') {
            p += len + 1;
            while (*p == ' ')
                p++;
            const char *end = strchr(p, '\n');
            size_t n = end ? (size_t)(end - p) : strlen(p);
            while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\r'))
                n--;
            snprintf(out, size, "%.*s", (int)n, p);
            return 1;
        }
        line = strchr(line, '\n');
        if (line) line++;
    }
    out[0] = '\0';
    return 0;
}

static enum cell_type parse_type(const char *word)
{
    static const struct {
        const char *name;
        enum cell_type type;
    } types[] = {{"int", CELL_INT},
                 {"real", CELL_REAL},
                 {"rate", CELL_RATE},
                 {"json", CELL_JSON},
                 {"phone", CELL_PHONE}};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (strcmp(word, types[i].name) == 0) return types[i].type;
    return CELL_TEXT;
}

/* Reads "name type label | ..." into the table's columns. */
static int parse_columns(struct table *t, const char *spec)
{
    char *copy = strdup(spec), *save = NULL;
    if (!copy) return -1;
    for (char *item = strtok_r(copy, "|", &save); item; item = strtok_r(NULL, "|", &save)) {
        char name[64] = "", type[16] = "";
        int used = 0;
        if (sscanf(item, " %63s %15s %n", name, type, &used) < 2) continue;
        struct table_column *cols = realloc(t->cols, (size_t)(t->ncols + 1) * sizeof *cols);
        if (!cols) break;
        t->cols = cols;
        char *label = item + used;
        size_t n = strlen(label);
        while (n > 0 && label[n - 1] == ' ')
            label[--n] = '\0';
        cols[t->ncols].name = strdup(name);
        cols[t->ncols].label = strdup(*label ? label : name);
        cols[t->ncols].type = parse_type(type);
        cols[t->ncols].hidden = strcmp(label, "-") == 0;
        t->ncols++;
    }
    free(copy);
    return 0;
}

static void bind_parameters(sqlite3_stmt *st, const struct rules *r, const struct report_options *o)
{
    const struct {
        const char *name;
        const char *value;
    } texts[] = {{":from", o->from},       {":to", o->to},
                 {":as_of", o->as_of},     {":prev_from", o->prev_from},
                 {":prev_to", o->prev_to}, {":salesperson", o->salesperson}};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        int index = sqlite3_bind_parameter_index(st, texts[i].name);
        if (index > 0) db_bind_text(st, index, texts[i].value, 1);
    }
    const char *targets[] = {":target_p", ":target_v", ":target_b"};
    for (int i = 0; i < 3; i++) {
        int index = sqlite3_bind_parameter_index(st, targets[i]);
        if (index > 0) sqlite3_bind_int(st, index, r->target[i]);
    }
}

static int add_row(struct table *t, sqlite3_stmt *st, int show_phones)
{
    char **row = calloc((size_t)t->ncols + 1, sizeof *row);
    char ***rows = realloc(t->cells, (size_t)(t->nrows + 1) * sizeof *rows);
    if (!row || !rows) {
        free(row);
        if (rows) t->cells = rows;
        return -1;
    }
    t->cells = rows;
    int n = sqlite3_column_count(st);
    for (int c = 0; c < t->ncols && c < n; c++) {
        const char *text = (const char *)sqlite3_column_text(st, c);
        if (!text) continue;
        if (t->cols[c].type == CELL_PHONE && !show_phones) {
            char masked[32];
            norm_mask_phone(text, masked, sizeof masked);
            row[c] = strdup(masked);
        } else if (t->cols[c].type == CELL_RATE || t->cols[c].type == CELL_REAL) {
            char num[64];
            snprintf(num, sizeof num, "%.10g", sqlite3_column_double(st, c));
            row[c] = strdup(num);
        } else {
            row[c] = strdup(text);
        }
    }
    t->cells[t->nrows++] = row;
    return 0;
}

/* Turns a long table (row key, column key, value) into a wide one: one row
 * per row key, one column per column key, in order of appearance. */
static int pivot(struct table *t)
{
    if (t->ncols != 3) return 0;
    struct table wide = {0};
    char **keys = NULL;
    int nkeys = 0;
    for (int r = 0; r < t->nrows; r++) {
        const char *k = table_cell(t, r, 1);
        int found = 0;
        for (int i = 0; i < nkeys && !found; i++)
            found = strcmp(keys[i], k) == 0;
        if (!found) {
            char **grown = realloc(keys, (size_t)(nkeys + 1) * sizeof *keys);
            if (!grown) break;
            keys = grown;
            keys[nkeys++] = (char *)k;
        }
    }
    wide.ncols = nkeys + 1;
    wide.cols = calloc((size_t)wide.ncols, sizeof *wide.cols);
    wide.cols[0] = (struct table_column){strdup(t->cols[0].name), strdup(t->cols[0].label),
                                         t->cols[0].type, 0};
    for (int i = 0; i < nkeys; i++)
        wide.cols[i + 1] =
            (struct table_column){strdup(keys[i]), strdup(keys[i]), t->cols[2].type, 0};
    for (int r = 0; r < t->nrows; r++) {
        const char *rowkey = table_cell(t, r, 0), *colkey = table_cell(t, r, 1);
        if (wide.nrows == 0 || strcmp(table_cell(&wide, wide.nrows - 1, 0), rowkey) != 0) {
            wide.cells = realloc(wide.cells, (size_t)(wide.nrows + 1) * sizeof *wide.cells);
            wide.cells[wide.nrows] = calloc((size_t)wide.ncols, sizeof **wide.cells);
            wide.cells[wide.nrows][0] = strdup(rowkey);
            wide.nrows++;
        }
        for (int i = 0; i < nkeys; i++)
            if (strcmp(keys[i], colkey) == 0 && t->cells[r][2])
                wide.cells[wide.nrows - 1][i + 1] = strdup(t->cells[r][2]);
    }
    free(keys);
    /* the long table's cells go, its key and title stay */
    struct table old = *t;
    old.key = old.title = NULL;
    t->ncols = wide.ncols;
    t->cols = wide.cols;
    t->nrows = wide.nrows;
    t->cells = wide.cells;
    struct table *o = malloc(sizeof *o);
    if (o) {
        *o = old;
        table_free(o);
    }
    return 0;
}

/* Runs every statement of a query file. The statement whose results make the
 * table is the last one; a file without "-- key:" only prepares. */
static int run_file(sqlite3 *db, const struct rules *r, const struct report_options *o,
                    const char *file, struct report_result *res, char *err, size_t errsize)
{
    char *text = query_text(o->queries_dir, file, err, errsize);
    if (!text) return -1;
    char key[64], value[1024];
    struct table *t = NULL;
    if (header_value(text, "key", key, sizeof key)) {
        t = calloc(1, sizeof *t);
        if (!t) {
            free(text);
            return -1;
        }
        t->key = strdup(key);
        header_value(text, "title", value, sizeof value);
        t->title = strdup(value[0] ? value : key);
        header_value(text, "shape", value, sizeof value);
        t->shape = strcmp(value, "scalars") == 0  ? SHAPE_SCALARS
                   : strcmp(value, "object") == 0 ? SHAPE_OBJECT
                                                  : SHAPE_ROWS;
        header_value(text, "hidden", value, sizeof value);
        t->hidden = strcmp(value, "yes") == 0;
        header_value(text, "columns", value, sizeof value);
        parse_columns(t, value);
    }
    int rc = 0;
    const char *sql = text, *tail = NULL;
    while (rc == 0 && sql && *sql) {
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(db, sql, -1, &st, &tail) != SQLITE_OK) {
            snprintf(err, errsize, "%s: %s", file, sqlite3_errmsg(db));
            rc = -1;
            break;
        }
        if (!st) break; /* only comments or spaces left */
        bind_parameters(st, r, o);
        int step;
        while ((step = sqlite3_step(st)) == SQLITE_ROW)
            if (t && add_row(t, st, o->show_phones) != 0) {
                step = SQLITE_NOMEM;
                break;
            }
        if (step != SQLITE_DONE) {
            snprintf(err, errsize, "%s: %s", file, sqlite3_errmsg(db));
            rc = -1;
        }
        if (t && sqlite3_column_count(st) > 0 && sqlite3_column_count(st) != t->ncols && rc == 0) {
            snprintf(err, errsize, "%s: the query gives %d columns but its header names %d", file,
                     sqlite3_column_count(st), t->ncols);
            rc = -1;
        }
        sqlite3_finalize(st);
        sql = tail;
    }
    if (rc == 0 && t) {
        header_value(text, "pivot", value, sizeof value);
        if (strcmp(value, "yes") == 0) pivot(t);
        struct table **tables = realloc(res->tables, (size_t)(res->ntables + 1) * sizeof *tables);
        if (!tables)
            rc = -1;
        else {
            res->tables = tables;
            res->tables[res->ntables++] = t;
            t = NULL;
        }
    }
    table_free(t);
    free(text);
    return rc;
}

static int table_index(const struct report_result *res, const char *key)
{
    for (int i = 0; i < res->ntables; i++)
        if (strcmp(res->tables[i]->key, key) == 0) return i;
    return -1;
}

static char *join_columns(const struct table *t)
{
    size_t size = 1;
    for (int c = 0; c < t->ncols; c++)
        size += strlen(t->cols[c].name) + 1;
    char *out = calloc(size, 1);
    for (int c = 0; out && c < t->ncols; c++) {
        if (c) strcat(out, ",");
        strcat(out, t->cols[c].name);
    }
    return out;
}

struct report_result *report_build(sqlite3 *db, const struct rules *r, const char *name,
                                   const struct report_options *o, char *err, size_t errsize)
{
    const struct report_def *d = find(name);
    if (!d) {
        snprintf(err, errsize, "unknown report '%s'", name);
        return NULL;
    }
    struct report_result *res = calloc(1, sizeof *res);
    if (!res) return NULL;
    res->name = strdup(d->name);
    snprintf(res->from, sizeof res->from, "%s", o->from);
    snprintf(res->to, sizeof res->to, "%s", o->to);
    snprintf(res->as_of, sizeof res->as_of, "%s", o->as_of);
    char title[256];
    if (d->period == PERIOD_AS_OF)
        snprintf(title, sizeof title, "%s %s", d->title, o->as_of);
    else
        snprintf(title, sizeof title, "%s %s ~ %s", d->title, o->from, o->to);
    if (o->salesperson) {
        size_t n = strlen(title);
        snprintf(title + n, sizeof title - n, " (%s)", o->salesperson);
    }
    res->title = strdup(title);

    int rc = install_rules(db, r, err, errsize);
    /* customer by customer as of the report's dates, in one pass; the month
     * before (the monthly pack) is only compared in sum */
    struct grade_date dates[3];
    int ndates = 0;
    dates[ndates++] = (struct grade_date){"", 1};
    snprintf(dates[0].as_of, sizeof dates[0].as_of, "%s", o->as_of);
    if (o->to[0]) {
        dates[ndates] = (struct grade_date){"", 1};
        snprintf(dates[ndates++].as_of, sizeof dates[0].as_of, "%s", o->to);
    }
    if (o->prev_to[0]) {
        dates[ndates] = (struct grade_date){"", 0};
        snprintf(dates[ndates++].as_of, sizeof dates[0].as_of, "%s", o->prev_to);
    }
    if (rc == 0) rc = grade_ensure_dates(db, r, dates, ndates, err, errsize);
    for (int i = 0; rc == 0 && i < MAX_FILES && d->files[i]; i++)
        rc = run_file(db, r, o, d->files[i], res, err, errsize);
    for (int i = 0; rc == 0 && i < MAX_CHARTS && d->charts[i].name; i++) {
        const struct chart_def *cd = &d->charts[i];
        int t = table_index(res, cd->table_key);
        if (t < 0) continue;
        struct chart *charts = realloc(res->charts, (size_t)(res->ncharts + 1) * sizeof *charts);
        if (!charts) {
            rc = -1;
            break;
        }
        res->charts = charts;
        struct chart *c = &res->charts[res->ncharts++];
        memset(c, 0, sizeof *c);
        char chart_name[128]; /* files of several packs may share a folder */
        snprintf(chart_name, sizeof chart_name, "%s_%s", d->name, cd->name);
        c->name = strdup(chart_name);
        c->title = strdup(cd->title);
        c->template_name = strdup(cd->template_name);
        c->table = t;
        c->columns =
            strcmp(cd->columns, "*") == 0 ? join_columns(res->tables[t]) : strdup(cd->columns);
    }
    if (rc != 0) {
        report_result_free(res);
        return NULL;
    }
    return res;
}
