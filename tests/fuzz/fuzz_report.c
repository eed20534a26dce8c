/* fuzz_report.c - libFuzzer target: the input bytes are one CSV file,
 * imported into an in-memory database; then every report is built over
 * it (the month, week and day of the latest contact, and a salesperson
 * filter) and written in every format: text, JSON, each table as CSV, and
 * HTML (without charts: gnuplot is too slow to run per input). A report
 * may refuse with a reason; it must not fault. Build with `make fuzz`. */
#include "dates.h"
#include "db.h"
#include "grade.h"
#include "import.h"
#include "render.h"
#include "report.h"

#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char path[64];
static struct rules *rules;
static FILE *sink;

/* The first salesperson stored, malloc'd, or NULL. */
static char *first_salesperson(sqlite3 *db)
{
    sqlite3_stmt *st = NULL;
    char *name = NULL;
    if (sqlite3_prepare_v2(db, "SELECT salesperson FROM contacts ORDER BY id LIMIT 1", -1, &st,
                           NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        name = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return name;
}

/* Works out the period of report name around day, as the report command
 * does without options. */
static void period_of(const char *name, const char *day, struct report_options *o)
{
    char month[8], week[9];
    enum report_period kind = report_period_of(name);
    if (kind == PERIOD_DAY) {
        snprintf(o->from, sizeof o->from, "%s", day);
        snprintf(o->to, sizeof o->to, "%s", day);
    } else if (kind == PERIOD_WEEK) {
        dates_week_of(day, week);
        dates_week(week, o->from, o->to);
    } else if (kind != PERIOD_AS_OF && kind != PERIOD_HANDOVER) {
        snprintf(month, sizeof month, "%.7s", day);
        dates_month(month, o->from, o->to);
    }
    if (kind == PERIOD_AS_OF || kind == PERIOD_HANDOVER) {
        snprintf(o->as_of, sizeof o->as_of, "%s", day);
        o->from[0] = o->to[0] = '\0';
    } else {
        snprintf(o->as_of, sizeof o->as_of, "%s", o->to);
    }
    if (kind == PERIOD_MONTH) {
        char prev[8];
        snprintf(month, sizeof month, "%.7s", o->from);
        dates_previous_month(month, prev);
        dates_month(prev, o->prev_from, o->prev_to);
    }
}

static void build_and_render(sqlite3 *db, const char *name, const char *day,
                             const char *salesperson)
{
    struct report_options o;
    char err[512];
    memset(&o, 0, sizeof o);
    o.salesperson = salesperson;
    period_of(name, day, &o);
    struct report_result *res = report_build(db, rules, name, &o, err, sizeof err);
    if (!res) {
        if (!err[0]) abort(); /* a refused report always says why */
        return;
    }
    render_text(res, sink, RENDER_TEXT_WIDTH);
    render_text(res, sink, 0);
    render_json(res, sink);
    for (int i = 0; i < res->ntables; i++)
        render_csv_table(res->tables[i], sink);
    render_html(res, sink);
    report_result_free(res);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[512];
    if (!path[0]) {
        snprintf(path, sizeof path, "/tmp/fuzz-report-%d.csv", (int)getpid());
        rules = rules_load(NULL, err, sizeof err);
        sink = fopen("/dev/null", "w");
        if (!rules || !sink) abort();
    }
    FILE *fp = fopen(path, "wb");
    if (!fp) abort();
    if (size && fwrite(data, 1, size, fp) != size) abort();
    fclose(fp);

    sqlite3 *db = db_open(":memory:", err, sizeof err);
    if (!db) {
        fprintf(stderr, "open: %s\n", err);
        abort();
    }
    struct import_options options = {
        .kind = KIND_UNKNOWN, .encoding = ENCODING_AUTO, .rules = rules};
    static struct import_summary sum;
    char day[11];
    if (import_file(db, path, &options, &sum) == 0 && grade_latest_day(db, day) == 0) {
        char *salesperson = first_salesperson(db);
        for (int i = 0; i < report_count(); i++)
            build_and_render(db, report_name(i), day, NULL);
        if (salesperson) build_and_render(db, "audit", day, salesperson);
        free(salesperson);
    }
    db_close(db);
    return 0;
}
