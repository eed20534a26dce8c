/* report_def.h - what a report is, as data: the registry of reports and
 * the SQL files of queries/ with the table and charts each file's leading
 * comment declares; checked before a report runs. For report.c. */
#ifndef FUNNEL_REPORT_DEF_H
#define FUNNEL_REPORT_DEF_H

#include "report.h"
#include "table.h"

#include <stddef.h>

/* A report: its SQL files, space-separated, in the order they run (a file
 * written FILE>KEY makes its table under KEY in this report, so that a pack
 * holds two reports' tables of one name); the charts it draws, by name and
 * in order, or NULL for every chart its files declare, in file order; and
 * the dates its SQL reads grades as of, space-separated: "as_of" and "to"
 * (table grades, customer by customer), "prev_to" (grade_summary only: the
 * month before), "as_of_sums" (grade_summary only), "to_period" (as of to,
 * grade_summary and the grades of the customers contacted in the period:
 * what temp.period reads), "as_of_recent" and "to_recent" (grade_summary
 * and the grades of the customers contacted or buying lately: what the
 * monthly pack's files read; see grade_for in report.c), "before"
 * (temp.grades_before: the customers
 * contacted in the period, as of the day before it; see grade_before),
 * "mondays" (the forecast's Mondays, in sum with the customers who buy soon
 * after each; DOMAIN.md 7.6). Adding a report is adding an entry here and
 * its files to queries/ (tests/test_report.c checks every entry). */
struct report_def {
    const char *name, *title;
    enum report_period period;
    int pack; /* a meeting pack: always written into a folder */
    const char *files;
    const char *charts;
    const char *grades;
};

#define MAX_QUERY_CHARTS 4

/* "-- chart: NAME TEMPLATE COLUMNS TITLE": a chart drawn from the file's
 * table with a template of reports/, COLUMNS comma-separated or "*" for
 * all of them. */
struct query_chart {
    char name[64], template_name[64], columns[256], title[256];
};

/* A file of queries/ and its header: "-- key:" (the file makes a table;
 * without it the file only prepares), "-- file:" (the name of its table's
 * CSV file in a pack, NAME_FILE.csv, where the key would say little; the
 * key when absent, and when a report keys the table anew), "-- title:", "-- shape:" (rows,
 * scalars, object), "-- hidden: yes", "-- pivot: yes", "-- paged: yes" (a
 * printed page per value of the first column), "-- columns:" and its
 * charts. */
struct query {
    char file[64];
    char *text;
    int has_table;
    char key[64], file_name[64], title[256], columns[1024];
    enum table_shape shape;
    int hidden, pivot, paged;
    struct query_chart charts[MAX_QUERY_CHARTS];
    int ncharts;
};

/* The report called name in the registry, or NULL. */
const struct report_def *report_def_find(const char *name);

/* Reads the files of report d (from dir, else built in) and their headers
 * into *queries, *count of them, which the caller frees with
 * report_def_free. Returns 0, or -1 with a reason in err. */
int report_def_load(const struct report_def *d, const char *dir, struct query **queries, int *count,
                    char *err, size_t errsize);

/* Frees what report_def_load read; NULL is a no-op. */
void report_def_free(struct query *q, int n);

/* The charts report d draws, as (file, chart) index pairs into at (room
 * for max), in order; returns their number, or -1 with a reason in err when
 * d names a chart none of its files declares. */
int report_def_charts(const struct report_def *d, const struct query *q, int n, int (*at)[2],
                      int max, char *err, size_t errsize);

/* Non-zero when report d grades as of word ("as_of", "to_period" ...: a
 * word of d->grades). */
int report_def_grades(const struct report_def *d, const char *word);

/* Non-zero when one of the files q, n of them, that reads the grades table
 * is not the built-in file of its name (from --queries DIR, changed). */
int report_def_own_grades(const struct query *q, int n);

/* Checks report d's files q as report_check says. Returns 0, or -1 with a
 * reason in err. */
int report_def_check(const struct report_def *d, const struct query *q, int n, char *err,
                     size_t errsize);

/* Reads a "-- columns:" spec, "name type label | ...", into t's columns
 * (a label "-" hides the column from people). Returns 0, or -1 when out of
 * memory (what was added stays t's). */
int report_def_columns(struct table *t, const char *spec);

#endif
