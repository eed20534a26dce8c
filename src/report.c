/* report.c - runs a report (its definition in report_def.c): check the
 * definition, grade as of its dates, set up the SQL functions and
 * temporary tables the queries use, run each SQL file of the report and
 * turn its rows into a table of the view model, then add its charts. */
#include "report.h"

#include "dates.h"
#include "db.h"
#include "grade.h"
#include "i18n.h"
#include "normalize.h"
#include "report_def.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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
    free(r->dealer);
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
                "DROP TABLE IF EXISTS temp.outcome_list;"
                "CREATE TEMP TABLE grade_list (name TEXT PRIMARY KEY, label TEXT, rank INTEGER,"
                " follow_up INTEGER, purpose TEXT, is_order INTEGER);"
                "CREATE TEMP TABLE reason_list (name TEXT PRIMARY KEY, label TEXT, rank INTEGER);"
                /* the outcomes of DOMAIN.md, as people at the dealer name them */
                "CREATE TEMP TABLE outcome_list (name TEXT PRIMARY KEY, label TEXT);"
                "INSERT INTO temp.outcome_list VALUES ('FOLLOW', '跟进'), ('ORDER', '订车'),"
                " ('DELIVERED', '交车'), ('DEFEAT', '战败'), ('LOST', '失控');",
                err, errsize) != 0)
        return -1;
    sqlite3_stmt *g =
        db_prepare(db, "INSERT INTO temp.grade_list VALUES (?, ?, ?, ?, ?, ?)", err, errsize);
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
        sqlite3_bind_text(g, 5, gr->purpose, -1, SQLITE_STATIC);
        sqlite3_bind_int(g, 6, r->display[i] == r->order_grade);
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

/* ---- running the files ---- */

/* The day before the period into before ("" without a period). */
static void day_before(const struct report_options *o, char before[11])
{
    long ignored;
    before[0] = '\0';
    if (dates_parse(o->from, &ignored) == 0) dates_add(o->from, -1, before);
}

static void bind_parameters(sqlite3_stmt *st, const struct rules *r, const struct report_options *o)
{
    char before[11];
    day_before(o, before);
    const struct {
        const char *name;
        const char *value;
    } texts[] = {{":from", o->from},
                 {":to", o->to},
                 {":as_of", o->as_of},
                 {":prev_from", o->prev_from},
                 {":prev_to", o->prev_to},
                 {":salesperson", o->salesperson},
                 {":before", before[0] ? before : NULL},
                 {":month", o->month},
                 {":to_list", o->to_list}};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        int index = sqlite3_bind_parameter_index(st, texts[i].name);
        if (index > 0) db_bind_text(st, index, texts[i].value, 1);
    }
    int index = sqlite3_bind_parameter_index(st, ":before");
    if (index > 0 && before[0]) /* a copy: before ends with this function */
        sqlite3_bind_text(st, index, before, -1, SQLITE_TRANSIENT);
    index = sqlite3_bind_parameter_index(st, ":buyers");
    if (index > 0) sqlite3_bind_int64(st, index, o->buyers);
    const char *targets[] = {":target_p", ":target_v", ":target_b"};
    for (int i = 0; i < 3; i++) {
        int index = sqlite3_bind_parameter_index(st, targets[i]);
        if (index > 0) sqlite3_bind_int(st, index, r->target[i]);
    }
}

/* Adds the statement's current row to t: phones masked unless show_phones,
 * rates and reals as numbers. Returns 0, or -1 when out of memory. */
static int add_row(struct table *t, sqlite3_stmt *st, int show_phones)
{
    char **row = calloc((size_t)t->ncols + 1, sizeof *row);
    char ***rows = realloc(t->cells, (size_t)(t->nrows + 1) * sizeof *rows);
    if (rows) t->cells = rows;
    if (!row || !rows) {
        free(row);
        return -1;
    }
    t->cells[t->nrows++] = row; /* freed with the table from here on */
    int n = sqlite3_column_count(st);
    for (int c = 0; c < t->ncols && c < n; c++) {
        const char *text = (const char *)sqlite3_column_text(st, c);
        if (!text) {
            if (sqlite3_errcode(sqlite3_db_handle(st)) == SQLITE_NOMEM) return -1;
            continue;
        }
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
        if (!row[c]) return -1;
    }
    return 0;
}

/* Turns a long table (row key, column key, value) into a wide one: one row
 * per row key, one column per column key, in order of appearance; a pair
 * that does not occur is NULL. Returns 0 (t is then the wide table, with
 * its key and title), or -1 when out of memory (t is as it was). */
static int pivot(struct table *t)
{
    if (t->ncols != 3) return 0;
    struct table wide = {0};
    const char **keys = NULL;
    int nkeys = 0, rc = 0;
    for (int r = 0; rc == 0 && r < t->nrows; r++) {
        const char *k = table_cell(t, r, 1);
        int found = 0;
        for (int i = 0; i < nkeys && !found; i++)
            found = strcmp(keys[i], k) == 0;
        if (found) continue;
        const char **grown = realloc(keys, (size_t)(nkeys + 1) * sizeof *keys);
        if (!grown)
            rc = -1;
        else {
            keys = grown;
            keys[nkeys++] = k;
        }
    }
    wide.cols = rc == 0 ? calloc((size_t)nkeys + 1, sizeof *wide.cols) : NULL;
    if (!wide.cols) rc = -1;
    if (rc == 0) {
        wide.ncols = nkeys + 1;
        wide.cols[0] = (struct table_column){strdup(t->cols[0].name), strdup(t->cols[0].label),
                                             t->cols[0].type, 0, 0};
        rc = wide.cols[0].name && wide.cols[0].label ? 0 : -1;
    }
    for (int i = 0; rc == 0 && i < nkeys; i++) {
        wide.cols[i + 1] =
            (struct table_column){strdup(keys[i]), strdup(keys[i]), t->cols[2].type, 0, 0};
        if (!wide.cols[i + 1].name || !wide.cols[i + 1].label) rc = -1;
    }
    for (int r = 0; rc == 0 && r < t->nrows; r++) {
        const char *rowkey = table_cell(t, r, 0), *colkey = table_cell(t, r, 1);
        if (wide.nrows == 0 || strcmp(table_cell(&wide, wide.nrows - 1, 0), rowkey) != 0) {
            char ***cells = realloc(wide.cells, (size_t)(wide.nrows + 1) * sizeof *cells);
            if (cells) wide.cells = cells;
            char **row = cells ? calloc((size_t)wide.ncols, sizeof *row) : NULL;
            if (!row) {
                rc = -1;
                break;
            }
            wide.cells[wide.nrows++] = row;
            if (!(row[0] = strdup(rowkey))) rc = -1;
        }
        for (int i = 0; rc == 0 && i < nkeys; i++)
            if (strcmp(keys[i], colkey) == 0 && t->cells[r][2]) {
                char **cell = &wide.cells[wide.nrows - 1][i + 1];
                free(*cell); /* a pair given twice: the last value */
                if (!(*cell = strdup(t->cells[r][2]))) rc = -1;
            }
    }
    free(keys);
    /* the cells of the table that goes (the long one, or the wide one when
     * out of memory); t's key, file and title stay */
    struct table *gone = malloc(sizeof *gone);
    if (rc == 0) {
        struct table old = *t;
        t->ncols = wide.ncols;
        t->cols = wide.cols;
        t->nrows = wide.nrows;
        t->cells = wide.cells;
        wide = old;
    }
    wide.key = wide.title = wide.file = NULL;
    if (gone) {
        *gone = wide;
        table_free(gone);
    } else {
        /* cannot happen in practice; free by hand rather than leak */
        for (int r = 0; r < wide.nrows; r++) {
            for (int c = 0; c < wide.ncols; c++)
                free(wide.cells[r][c]);
            free(wide.cells[r]);
        }
        free(wide.cells);
        for (int c = 0; c < wide.ncols; c++) {
            free(wide.cols[c].name);
            free(wide.cols[c].label);
        }
        free(wide.cols);
    }
    return rc;
}

/* The table q declares, without rows; NULL when out of memory. */
static struct table *new_table(const struct query *q)
{
    struct table *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    t->key = strdup(q->key);
    t->file = strdup(q->file_name[0] ? q->file_name : q->key);
    t->title = strdup(q->title[0] ? q->title : q->key);
    t->shape = q->shape;
    t->hidden = q->hidden;
    t->paged = q->paged;
    if (!t->key || !t->file || !t->title || report_def_columns(t, q->columns) != 0) {
        table_free(t);
        return NULL;
    }
    return t;
}

/* A column marked "?" in its header shows for people only when its cells
 * differ (the store of each salesperson, in a dealer group's database); it
 * stays in the JSON either way. */
static void hide_what_does_not_vary(struct table *t)
{
    for (int c = 0; c < t->ncols; c++) {
        if (!t->cols[c].varying) continue;
        int same = 1;
        for (int r = 1; r < t->nrows && same; r++) {
            const char *a = t->cells[0][c], *b = t->cells[r][c];
            same = (!a && !b) || (a && b && strcmp(a, b) == 0);
        }
        t->cols[c].hidden = same;
    }
}

/* Runs every statement of q; the rows of the last one make q's table,
 * added to res, when q declares one. Returns 0, or -1 with a reason in
 * err. */
static int run_query(sqlite3 *db, const struct rules *r, const struct report_options *o,
                     const struct query *q, struct report_result *res, char *err, size_t errsize)
{
    struct table *t = NULL;
    if (q->has_table && !(t = new_table(q))) {
        snprintf(err, errsize, _("out of memory"));
        return -1;
    }
    int rc = 0;
    const char *sql = q->text, *tail = NULL;
    while (rc == 0 && sql && *sql) {
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(db, sql, -1, &st, &tail) != SQLITE_OK) {
            snprintf(err, errsize, "%s: %s", q->file, sqlite3_errmsg(db));
            rc = -1;
            break;
        }
        if (!st) break; /* only comments or spaces left */
        bind_parameters(st, r, o);
        int step, nomem = 0;
        while ((step = sqlite3_step(st)) == SQLITE_ROW)
            if (t && add_row(t, st, o->show_phones) != 0) {
                nomem = 1;
                break;
            }
        if (nomem) {
            snprintf(err, errsize, _("%s: out of memory"), q->file);
            rc = -1;
        } else if (step != SQLITE_DONE) {
            snprintf(err, errsize, "%s: %s", q->file, sqlite3_errmsg(db));
            rc = -1;
        }
        if (t && sqlite3_column_count(st) > 0 && sqlite3_column_count(st) != t->ncols && rc == 0) {
            snprintf(err, errsize, _("%s: the query gives %d columns but its header names %d"),
                     q->file, sqlite3_column_count(st), t->ncols);
            rc = -1;
        }
        sqlite3_finalize(st);
        sql = tail;
    }
    if (rc == 0 && t && q->pivot && pivot(t) != 0) {
        snprintf(err, errsize, _("%s: out of memory"), q->file);
        rc = -1;
    }
    if (rc == 0 && t) hide_what_does_not_vary(t);
    if (rc == 0 && t) {
        struct table **tables = realloc(res->tables, (size_t)(res->ntables + 1) * sizeof *tables);
        if (!tables) {
            snprintf(err, errsize, _("out of memory"));
            rc = -1;
        } else {
            res->tables = tables;
            res->tables[res->ntables++] = t;
            t = NULL;
        }
    }
    table_free(t);
    return rc;
}

static int table_index(const struct report_result *res, const char *key)
{
    for (int i = 0; i < res->ntables; i++)
        if (strcmp(res->tables[i]->key, key) == 0) return i;
    return -1;
}

/* The table's column names, comma-separated (malloc'd); NULL when out of
 * memory. */
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

/* Adds chart c of the file q, drawn from q's table in res, to res as
 * chart REPORT_NAME. Returns 0, or -1 with a reason in err. */
static int add_chart(struct report_result *res, const struct query *q, const struct query_chart *c,
                     char *err, size_t errsize)
{
    int t = table_index(res, q->key);
    if (t < 0) { /* check_definition makes this impossible: say so if not */
        snprintf(err, errsize, _("chart %s: no table %s"), c->name, q->key);
        return -1;
    }
    struct chart *charts = realloc(res->charts, (size_t)(res->ncharts + 1) * sizeof *charts);
    if (!charts) {
        snprintf(err, errsize, _("out of memory"));
        return -1;
    }
    res->charts = charts;
    struct chart *chart = &res->charts[res->ncharts++];
    memset(chart, 0, sizeof *chart);
    char name[192]; /* files of several packs may share a folder */
    snprintf(name, sizeof name, "%s_%s", res->name, c->name);
    chart->name = strdup(name);
    chart->title = strdup(c->title);
    chart->template_name = strdup(c->template_name);
    chart->table = t;
    chart->layout = table_chart_layout(res->tables[t]);
    chart->columns =
        strcmp(c->columns, "*") == 0 ? join_columns(res->tables[t]) : strdup(c->columns);
    if (!chart->name || !chart->title || !chart->template_name || !chart->columns) {
        snprintf(err, errsize, _("out of memory"));
        return -1;
    }
    return 0;
}

/* Shows the queries one store's rows (DOMAIN.md 6.3): temporary views of
 * the same names hide the other stores' contacts, grades and sums, as
 * SQLite looks a name up in the temporary schema first. The grades are
 * made before, for all stores: a store's customers are its own. Returns 0,
 * or -1 with err (a store the database does not hold). */
static int scope_to_store(sqlite3 *db, const char *store, char *err, size_t errsize)
{
    sqlite3_stmt *st = db_prepare(
        db, "SELECT EXISTS (SELECT 1 FROM main.contacts WHERE store = ?1)", err, errsize);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, store, -1, SQLITE_STATIC);
    int known = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (!known) {
        snprintf(err, errsize,
                 _("the database holds no store named '%s' (funnel report stores lists them)"),
                 store);
        return -1;
    }
    char *sql = sqlite3_mprintf(
        "CREATE TEMP VIEW contacts AS SELECT * FROM main.contacts WHERE store = %Q;"
        "CREATE TEMP VIEW grades AS SELECT * FROM main.grades WHERE store = %Q;"
        "CREATE TEMP VIEW grade_summary AS SELECT * FROM main.grade_summary WHERE store = %Q;"
        "CREATE TEMP VIEW targets AS SELECT * FROM main.targets WHERE store = %Q;",
        store, store, store, store);
    if (!sql) {
        snprintf(err, errsize, _("out of memory"));
        return -1;
    }
    int rc = db_exec(db, sql, err, errsize);
    sqlite3_free(sql);
    return rc;
}

/* Drops what scope_to_store made. */
static void unscope(sqlite3 *db)
{
    char ignored[64];
    db_exec(db,
            "DROP VIEW IF EXISTS temp.contacts; DROP VIEW IF EXISTS temp.grades;"
            " DROP VIEW IF EXISTS temp.grade_summary; DROP VIEW IF EXISTS temp.targets;",
            ignored, sizeof ignored);
}

/* The forecast (DOMAIN.md 7.6, queries/forecast.sql) reads the grades of
 * the Mondays from 28 days after the first contact and from 182 + 91 days
 * before the as-of date (the calibration Mondays of the earliest back-test
 * Monday) up to 7 days before it (the shorter horizon): in sum, with the
 * customers who buy within 30 days (the longer horizon). */
#define FORECAST_WARMUP 28
#define FORECAST_LOOKBACK (182 + 91)
#define FORECAST_SHORTER 7
#define FORECAST_LONGER 30

/* Adds to dates (room for max, *n used) the Mondays the forecast as of
 * as_of reads, the earliest first. Returns 0, or -1 with a reason in err
 * when there is no room. */
static int forecast_mondays(sqlite3 *db, const char *as_of, struct grade_date *dates, int *n,
                            int max, char *err, size_t errsize)
{
    char first[11];
    long d, first_day, from, to;
    if (grade_latest_day(db, first) != 0) return 0; /* no contacts: no Monday */
    sqlite3_stmt *st = db_prepare(db, "SELECT min(day) FROM main.contacts", err, errsize);
    if (!st) return -1;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
        snprintf(first, sizeof first, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    if (dates_parse(as_of, &d) != 0 || dates_parse(first, &first_day) != 0) return 0;
    from = d - FORECAST_LOOKBACK;
    if (from < first_day + FORECAST_WARMUP) from = first_day + FORECAST_WARMUP;
    to = d - FORECAST_SHORTER;
    /* the Monday on or after from (1970-01-01 was a Thursday: 0 is Monday) */
    from += (7 - ((from % 7) + 7 + 3) % 7) % 7;
    for (long m = from; m <= to; m += 7) {
        if (*n == max) {
            snprintf(err, errsize, _("too many dates to grade"));
            return -1;
        }
        struct grade_date *g = &dates[(*n)++];
        *g = (struct grade_date){"", 0, FORECAST_LONGER, 0, 0};
        dates_format(m, g->as_of);
    }
    return 0;
}

/* A new result for report d with its name, period and title; NULL when out
 * of memory. */
static struct report_result *new_result(const struct report_def *d, const struct report_options *o)
{
    struct report_result *res = calloc(1, sizeof *res);
    if (!res) return NULL;
    snprintf(res->from, sizeof res->from, "%s", o->from);
    snprintf(res->to, sizeof res->to, "%s", o->to);
    snprintf(res->as_of, sizeof res->as_of, "%s", o->as_of);
    char title[256];
    if (d->period == PERIOD_AS_OF || d->period == PERIOD_DAY || d->period == PERIOD_HANDOVER)
        snprintf(title, sizeof title, "%s %s", d->title, o->as_of);
    else
        snprintf(title, sizeof title, "%s %s ~ %s", d->title, o->from, o->to);
    if (o->running) {
        size_t n = strlen(title);
        snprintf(title + n, sizeof title - n, " (截至 %s, 未完 still running)", o->to + 5);
    }
    if (o->store) {
        size_t n = strlen(title);
        snprintf(title + n, sizeof title - n, " · %s", o->store);
    }
    if (o->salesperson) {
        size_t n = strlen(title);
        snprintf(title + n, sizeof title - n, " (%s)", o->salesperson);
    }
    res->name = strdup(d->name);
    res->title = strdup(title);
    if (!res->name || !res->title) {
        report_result_free(res);
        return NULL;
    }
    return res;
}

/* Sets what the footer of a pack says: when it was made (local time; the
 * time SOURCE_DATE_EPOCH gives, when set, so that a build can be
 * reproduced), the latest contact's day of the data the report reads (the
 * store's, with --store) and the dealer's name. Returns 0, or -1 when out
 * of memory. */
static int set_footer(sqlite3 *db, const struct rules *r, struct report_result *res)
{
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    char *end = NULL;
    long long seconds = epoch ? strtoll(epoch, &end, 10) : 0;
    time_t now = epoch && end != epoch && !*end ? (time_t)seconds : time(NULL);
    struct tm tm;
    res->made = (long long)now;
    if (localtime_r(&now, &tm))
        strftime(res->generated, sizeof res->generated, "%Y-%m-%d %H:%M", &tm);
    if (grade_latest_day(db, res->data_through) != 0) res->data_through[0] = '\0';
    if (r->dealer[0] && !(res->dealer = strdup(r->dealer))) return -1;
    return 0;
}

void report_add_note(struct report_result *res, const char *note)
{
    size_t old = res->notes ? strlen(res->notes) : 0;
    char *notes = realloc(res->notes, old + strlen(note) + 3);
    if (!notes) return;
    if (old) memcpy(notes + old, "; ", 2), old += 2;
    memcpy(notes + old, note, strlen(note) + 1);
    res->notes = notes;
}

/* 1 when the query, with text parameters ?1 and ?2, gives a first row
 * whose first column is non-zero; 0 when not; -1 with err on an error. */
static int sql_holds(sqlite3 *db, const char *sql, const char *a, const char *b, char *err,
                     size_t errsize)
{
    sqlite3_stmt *st = db_prepare(db, sql, err, errsize);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, a, -1, SQLITE_STATIC);
    if (b) sqlite3_bind_text(st, 2, b, -1, SQLITE_STATIC);
    int step = sqlite3_step(st), holds = step == SQLITE_ROW && sqlite3_column_int(st, 0);
    if (step != SQLITE_ROW) snprintf(err, errsize, "%s", sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return step == SQLITE_ROW ? holds : -1;
}

/* Notes in res when the report can only show zeros: a --salesperson no
 * contact names and no customer is owned by, or a period without a
 * contact (of the store, with --store). Returns 0, or -1 with err. */
static int note_empty(sqlite3 *db, const struct report_options *o, struct report_result *res,
                      char *err, size_t errsize)
{
    char note[512];
    int rc = 0;
    if (o->salesperson) {
        rc = sql_holds(db,
                       "SELECT EXISTS (SELECT 1 FROM contacts WHERE salesperson = ?1)"
                       " OR EXISTS (SELECT 1 FROM grade_summary WHERE owner = ?1)",
                       o->salesperson, NULL, err, errsize);
        if (rc == 0) {
            snprintf(note, sizeof note,
                     "数据中没有销售顾问 %s no salesperson '%s' in the data: every count is 0"
                     " (check the name)",
                     o->salesperson, o->salesperson);
            report_add_note(res, note);
        }
    }
    if (rc >= 0 && o->from[0] && o->to[0]) {
        rc = sql_holds(db, "SELECT EXISTS (SELECT 1 FROM contacts WHERE day BETWEEN ?1 AND ?2)",
                       o->from, o->to, err, errsize);
        if (rc == 0) {
            snprintf(note, sizeof note,
                     "%s 至 %s 没有联系记录 no contacts from %s to %s: every count of the period"
                     " is 0",
                     o->from, o->to, o->from, o->to);
            report_add_note(res, note);
        }
    }
    return rc < 0 ? -1 : 0;
}

/* The monthly pack's dates (as_of_recent, to_recent) hold the rows of the
 * customers contacted in the RECENT_CONTACTED days to them: the month and
 * the month before, at most 62 days (monthly_compare.sql), and the eight
 * weeks of lost sales, from :to - 62 (defeats_trend.sql); and of those who
 * bought in the RECENT_BOUGHT days to them: the forecast's buyers after its
 * first Monday, :as_of - 273 at the earliest (forecast.sql), and the
 * after-sales steps whose windows closed in the 90 days to the date,
 * delivered at most 90 + 367 days before (care_by_owner.sql,
 * care_steps.sql). A month's customers are mostly neither: on 1M visits
 * and 1M calls, 130,000 rows rather than 825,000. */
#define RECENT_CONTACTED 63
#define RECENT_BOUGHT 458

/* Grades the customers as of the dates report d reads (d->grades): as_of
 * and to customer by customer, the month before in sum only, all in one
 * pass or derived from dates graded before; as_of_sums in sum only, and
 * to_period with the customers contacted in the period only; as_of_recent
 * and to_recent with the customers contacted or buying lately (every
 * customer when one of its files q, n of them, that reads the grades is not
 * the built-in one: it may read any); and for "before", the customers
 * contacted in the period as of the day before it, in that pass when there
 * is one. Returns 0, or -1 with a reason in err. */
static int grade_for(sqlite3 *db, const struct rules *r, const struct report_def *d,
                     const struct query *q, int n, const struct report_options *o, char *err,
                     size_t errsize)
{
    enum { MAX_DATES = 5 + FORECAST_LOOKBACK / 7 + 2 };
    struct grade_date dates[MAX_DATES];
    int ndates = 0, rc = 0;
    /* the period's days, from its first to to: every customer's grade when
     * it has none */
    long first, last;
    int period =
        dates_parse(o->from, &first) == 0 && dates_parse(o->to, &last) == 0 && last >= first
            ? (int)(last - first + 1)
            : 0;
    int every = report_def_own_grades(q, n);
    int contacted = every ? 0 : RECENT_CONTACTED, bought = every ? 0 : RECENT_BOUGHT;
    const struct {
        const char *word, *day;
        int full, rows_within, bought_within;
    } wanted[] = {{"as_of", o->as_of, 1, 0, 0},
                  {"to", o->to, 1, 0, 0},
                  {"prev_to", o->prev_to, 0, 0, 0},
                  {"as_of_sums", o->as_of, 0, 0, 0},
                  {"to_period", o->to, !period, period, 0},
                  {"as_of_recent", o->as_of, every, contacted, bought},
                  {"to_recent", o->to, every, contacted, bought}};
    for (size_t i = 0; i < sizeof wanted / sizeof wanted[0]; i++) {
        if (!wanted[i].day[0] || !report_def_grades(d, wanted[i].word)) continue;
        dates[ndates] = (struct grade_date){"", wanted[i].full, 0, wanted[i].rows_within,
                                            wanted[i].bought_within};
        snprintf(dates[ndates++].as_of, sizeof dates[0].as_of, "%s", wanted[i].day);
    }
    /* the forecast's Mondays, in sum with the customers who buy soon after */
    if (report_def_grades(d, "mondays"))
        rc = forecast_mondays(db, o->as_of, dates, &ndates, MAX_DATES, err, errsize);
    char before[11];
    day_before(o, before);
    int changes = before[0] && o->to[0] && report_def_grades(d, "before");
    if (rc == 0)
        rc = grade_ensure_dates_before(db, r, dates, ndates, changes ? before : NULL, o->to, err,
                                       errsize);
    return rc;
}

struct report_result *report_build(sqlite3 *db, const struct rules *r, const char *name,
                                   const struct report_options *o, char *err, size_t errsize)
{
    const struct report_def *d = report_def_find(name);
    struct query *q = NULL;
    int n = 0;
    if (errsize) err[0] = '\0';
    if (!d) {
        snprintf(err, errsize, _("unknown report '%s'"), name);
        return NULL;
    }
    if (report_def_load(d, o->queries_dir, &q, &n, err, errsize) != 0) return NULL;
    int at[64][2], ncharts = -1;
    int rc = report_def_check(d, q, n, err, errsize);
    if (rc == 0 && (ncharts = report_def_charts(d, q, n, at, 64, err, errsize)) < 0) rc = -1;
    struct report_result *res = rc == 0 ? new_result(d, o) : NULL;
    if (rc == 0 && !res) {
        snprintf(err, errsize, _("out of memory"));
        rc = -1;
    }
    if (rc == 0) rc = install_rules(db, r, err, errsize);
    if (rc == 0) rc = grade_for(db, r, d, q, n, o, err, errsize);
    if (rc == 0 && o->store) rc = scope_to_store(db, o->store, err, errsize);
    if (rc == 0) rc = note_empty(db, o, res, err, errsize);
    if (rc == 0 && set_footer(db, r, res) != 0) {
        snprintf(err, errsize, _("out of memory"));
        rc = -1;
    }
    for (int i = 0; rc == 0 && i < n; i++)
        rc = run_query(db, r, o, &q[i], res, err, errsize);
    if (o->store) unscope(db);
    for (int i = 0; rc == 0 && i < ncharts; i++)
        rc = add_chart(res, &q[at[i][0]], &q[at[i][0]].charts[at[i][1]], err, errsize);
    report_def_free(q, n);
    if (rc != 0) {
        if (!err[0]) snprintf(err, errsize, _("out of memory"));
        report_result_free(res);
        return NULL;
    }
    return res;
}
