/* report_def.c - the reports as data: the registry, the headers of their
 * SQL files (table and charts), and the checks that a definition holds
 * together, at run time and in tests/test_report.c. */
#include "report_def.h"

#include "embedded.h"
#include "i18n.h"
#include "textfile.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- the registry ---- */

/* period.sql prepares the period's customers that the funnel and conversion
 * tables read: listed once before them; salesperson_order.sql, from them and
 * the grades, the one order of salespeople that every per-salesperson table
 * of a report follows; defeat_cases.sql the cases the defeats tables read */
#define ORDER_FILES "period.sql salesperson_order.sql "
#define FUNNEL_FILES "funnel.sql funnel_by_owner.sql funnel_chart.sql"
#define DEFEAT_FILES                                                                               \
    "defeat_cases.sql defeats_total.sql defeats_by_reason.sql defeats_by_model.sql "               \
    "defeats_by_brand.sql defeats_by_salesperson.sql defeats_trend.sql defeats_list.sql"
#define AUDIT_FILES                                                                                \
    "audit_grades.sql audit_totals.sql audit_by_owner.sql audit_grade_mix.sql "                    \
    "audit_overdue.sql audit_missing.sql"
/* the week planned is the one after the as-of date; in a pack, keyed apart */
#define FOLLOWUP_FILES "followup_week.sql followup_by_owner.sql followup_rows.sql"
#define FOLLOWUP_PACK                                                                              \
    "followup_week.sql followup_by_owner.sql>followup_by_owner followup_rows.sql>followup"
#define CHANGES_FILES                                                                              \
    "changes_prepare.sql changes_totals.sql changes_by_owner.sql changes_stuck.sql "               \
    "changes_list.sql"
/* in a pack, the list of those who moved down or left only */
#define CHANGES_PACK                                                                               \
    "changes_prepare.sql changes_totals.sql changes_by_owner.sql>changes_by_owner "                \
    "changes_to_discuss.sql"
/* care_steps.sql prepares the after-sales steps the care tables read; the
 * daily report lists those due by tomorrow, the monthly pack the share done */
#define CARE_FILES "care_steps.sql care_due.sql care_overdue.sql care_by_owner.sql"
#define DAILY_FILES                                                                                \
    "daily_date.sql daily_rows.sql daily_defeats.sql care_steps.sql care_tomorrow.sql"

/* forecast.sql prepares the counts the forecast's tables read */
#define FORECAST_FILES                                                                             \
    "forecast.sql forecast_horizons.sql forecast_by_grade.sql forecast_backtest.sql "              \
    "forecast_backtest_30.sql forecast_backtest_7.sql forecast_error.sql forecast_accuracy.sql"

static const struct report_def reports[] = {
    {"funnel", "销售漏斗 Funnel", PERIOD_RANGE, 0, ORDER_FILES FUNNEL_FILES, NULL,
     "as_of_sums to_period"},
    {"salespeople", "销售顾问转化 Conversion by salesperson", PERIOD_RANGE, 0,
     ORDER_FILES "salespeople.sql", NULL, "as_of_sums to_period"},
    {"defeats", "战败分析 Lost sales", PERIOD_RANGE, 0, ORDER_FILES DEFEAT_FILES, NULL,
     "as_of to"},
    {"audit", "客户跟进检查 Pipeline audit", PERIOD_AS_OF, 0, ORDER_FILES AUDIT_FILES, NULL,
     "as_of"},
    {"stores", "门店对比 Stores", PERIOD_RANGE, 0, ORDER_FILES "funnel.sql stores.sql", NULL,
     "as_of_sums to_period"},
    {"forecast", "预计销售结果 Forecast", PERIOD_AS_OF, 0, FORECAST_FILES, NULL, "as_of mondays"},
    {"plan", "销售计划 Plan", PERIOD_MONTHS_BEFORE, 0,
     "period.sql plan.sql plan_by_salesperson.sql", NULL, "to_period"},
    {"followup", "下周跟踪回访计划 Follow-up plan", PERIOD_PLAN, 0, ORDER_FILES FOLLOWUP_FILES,
     NULL, "as_of"},
    {"changes", "客户级别变动 Grade changes", PERIOD_RANGE, 0, ORDER_FILES CHANGES_FILES, NULL,
     "as_of to before"},
    {"daily", "销售日报表 Daily report", PERIOD_DAY, 0, DAILY_FILES, NULL, "as_of"},
    {"sources", "客户来源 Lead sources", PERIOD_RANGE, 0, "period.sql sources.sql", NULL,
     "to_period"},
    {"handover", "销售顾问离职客户交接 Hand-over", PERIOD_HANDOVER, 0,
     "handover_salesperson.sql care_steps.sql handover_rows.sql handover_delivered.sql", NULL,
     "as_of"},
    {"care", "交车后的跟踪 After-sales care", PERIOD_AS_OF, 0, ORDER_FILES CARE_FILES, NULL,
     "as_of"},
    {"monthly", "月度经营分析 Monthly management review", PERIOD_MONTH, 1,
     ORDER_FILES "monthly_compare.sql stores.sql>stores " FUNNEL_FILES
     " salespeople.sql targets_pace.sql monthly_grades.sql audit_grade_mix.sql " DEFEAT_FILES
     " " CHANGES_PACK " sources.sql>sources forecast.sql forecast_30.sql forecast_backtest_30.sql"
     " forecast_error.sql forecast_accuracy.sql care_steps.sql care_by_owner.sql>care_by_owner",
     "funnel conversion pace defeats_pareto defeats_by_model defeats_by_brand"
     " defeats_by_salesperson grade_mix by_source backtest_30",
     "as_of_recent to_recent prev_to before mondays"},
    {"weekly", "每周战败分析会 Weekly lost-sales meeting", PERIOD_WEEK, 1,
     ORDER_FILES DEFEAT_FILES " " CHANGES_PACK " " FOLLOWUP_PACK, NULL, "as_of to before"},
};

#define REPORT_COUNT (int)(sizeof reports / sizeof reports[0])

const struct report_def *report_def_find(const char *name)
{
    for (int i = 0; i < REPORT_COUNT; i++)
        if (strcmp(reports[i].name, name) == 0) return &reports[i];
    return NULL;
}

int report_count(void)
{
    return REPORT_COUNT;
}

const char *report_name(int i)
{
    return i >= 0 && i < REPORT_COUNT ? reports[i].name : NULL;
}

int report_exists(const char *name)
{
    return report_def_find(name) != NULL;
}

enum report_period report_period_of(const char *name)
{
    const struct report_def *d = report_def_find(name);
    return d ? d->period : PERIOD_RANGE;
}

int report_is_pack(const char *name)
{
    const struct report_def *d = report_def_find(name);
    return d && d->pack;
}

/* ---- the query files and what their leading comments declare ---- */

/* The text of a query file: from dir when given, else built in. Returns a
 * malloc'd string, or NULL with a reason in err. */
static char *query_text(const char *dir, const char *file, char *err, size_t errsize)
{
    if (!dir) {
        const char *text = embedded_find(file);
        char *copy = text ? strdup(text) : NULL;
        if (!text)
            snprintf(err, errsize, _("%s: not built into this funnel"), file);
        else if (!copy)
            snprintf(err, errsize, _("out of memory"));
        return copy;
    }
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    return textfile_read(path, (size_t)1 << 20, NULL, err, errsize);
}

/* The value of the nth (from 0) "-- name: value" line of the file's leading
 * comment, into out; returns 1, or 0 (out "") when there is none. */
static int header_value(const char *text, const char *name, int nth, char *out, size_t size)
{
    size_t len = strlen(name);
    for (const char *line = text; line && strncmp(line, "--", 2) == 0;) {
        const char *p = line + 2;
        while (*p == ' ')
            p++;
        if (strncmp(p, name, len) == 0 && p[len] == ':' && nth-- == 0) {
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

/* Reads q's header from q->text. Returns 0, or -1 with "FILE: what is
 * wrong" in err. */
static int parse_header(struct query *q, char *err, size_t errsize)
{
    char value[1024];
    q->has_table = header_value(q->text, "key", 0, q->key, sizeof q->key);
    header_value(q->text, "file", 0, q->file_name, sizeof q->file_name);
    for (const char *p = q->file_name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_')) {
            snprintf(err, errsize, _("%s: '-- file: %s' is not a name of a-z, 0-9 and _"), q->file,
                     q->file_name);
            return -1;
        }
    if (!q->file_name[0]) snprintf(q->file_name, sizeof q->file_name, "%s", q->key);
    header_value(q->text, "title", 0, q->title, sizeof q->title);
    header_value(q->text, "columns", 0, q->columns, sizeof q->columns);
    header_value(q->text, "shape", 0, value, sizeof value);
    if (strcmp(value, "scalars") == 0)
        q->shape = SHAPE_SCALARS;
    else if (strcmp(value, "object") == 0)
        q->shape = SHAPE_OBJECT;
    else if (strcmp(value, "rows") == 0 || !value[0])
        q->shape = SHAPE_ROWS;
    else {
        snprintf(err, errsize, _("%s: shape '%s' is none of rows, scalars, object"), q->file, value);
        return -1;
    }
    header_value(q->text, "hidden", 0, value, sizeof value);
    q->hidden = strcmp(value, "yes") == 0;
    header_value(q->text, "pivot", 0, value, sizeof value);
    q->pivot = strcmp(value, "yes") == 0;
    header_value(q->text, "paged", 0, value, sizeof value);
    q->paged = strcmp(value, "yes") == 0;
    for (int n = 0; header_value(q->text, "chart", n, value, sizeof value); n++) {
        struct query_chart *c = &q->charts[q->ncharts];
        int used = 0;
        if (n >= MAX_QUERY_CHARTS) {
            snprintf(err, errsize, _("%s: more than %d charts"), q->file, MAX_QUERY_CHARTS);
            return -1;
        }
        if (sscanf(value, "%63s %63s %255s %n", c->name, c->template_name, c->columns, &used) < 3 ||
            !value[used]) {
            snprintf(err, errsize, _("%s: '-- chart: %s' is not NAME TEMPLATE COLUMNS TITLE"), q->file,
                     value);
            return -1;
        }
        snprintf(c->title, sizeof c->title, "%s", value + used);
        q->ncharts++;
    }
    if (!q->has_table && (q->ncharts || q->columns[0])) {
        snprintf(err, errsize, _("%s: columns or a chart but no '-- key:' to name the table"),
                 q->file);
        return -1;
    }
    return 0;
}

void report_def_free(struct query *q, int n)
{
    for (int i = 0; q && i < n; i++)
        free(q[i].text);
    free(q);
}

/* Reads the files of report d (from dir, else built in) and their headers
 * into *queries, *count of them, which the caller frees with free_queries.
 * Returns 0, or -1 with a reason in err. */
int report_def_load(const struct report_def *d, const char *dir, struct query **queries, int *count,
                    char *err, size_t errsize)
{
    int n = 0;
    for (const char *p = d->files; *p;) {
        size_t len = strcspn(p, " ");
        n += len > 0;
        p += len + (p[len] == ' ');
    }
    struct query *q = calloc((size_t)n + 1, sizeof *q);
    if (!q) {
        snprintf(err, errsize, _("out of memory"));
        return -1;
    }
    int i = 0, rc = 0;
    for (const char *p = d->files; rc == 0 && *p;) {
        size_t len = strcspn(p, " ");
        if (len > 0) {
            size_t file_len = strcspn(p, " >");
            snprintf(q[i].file, sizeof q[i].file, "%.*s", (int)file_len, p);
            q[i].text = query_text(dir, q[i].file, err, errsize);
            rc = q[i].text ? parse_header(&q[i], err, errsize) : -1;
            if (rc == 0 && file_len < len) { /* FILE>KEY */
                if (!q[i].has_table || len - file_len - 1 == 0) {
                    snprintf(err, errsize,
                             _("%s: %.*s: a table to key anew needs a file that has one"), d->name,
                             (int)len, p);
                    rc = -1;
                } else {
                    snprintf(q[i].key, sizeof q[i].key, "%.*s", (int)(len - file_len - 1),
                             p + file_len + 1);
                    snprintf(q[i].file_name, sizeof q[i].file_name, "%s", q[i].key);
                }
            }
            i++;
        }
        p += len + (p[len] == ' ');
    }
    if (rc != 0) {
        report_def_free(q, i);
        return -1;
    }
    *queries = q;
    *count = n;
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

/* Reads "name type label | ..." into the table's columns. Returns 0, or -1
 * when out of memory. */
int report_def_columns(struct table *t, const char *spec)
{
    char *copy = strdup(spec), *save = NULL;
    if (!copy) return -1;
    int rc = 0;
    for (char *item = strtok_r(copy, "|", &save); rc == 0 && item;
         item = strtok_r(NULL, "|", &save)) {
        char name[64] = "", type[16] = "";
        int used = 0;
        if (sscanf(item, " %63s %15s %n", name, type, &used) < 2) continue;
        struct table_column *cols = realloc(t->cols, (size_t)(t->ncols + 1) * sizeof *cols);
        if (!cols) {
            rc = -1;
            break;
        }
        t->cols = cols;
        char *label = item + used;
        size_t n = strlen(label);
        while (n > 0 && label[n - 1] == ' ')
            label[--n] = '\0';
        struct table_column *c = &cols[t->ncols];
        c->varying = label[0] == '?';
        if (c->varying) label++;
        c->name = strdup(name);
        c->label = strdup(*label ? label : name);
        c->type = parse_type(type);
        c->hidden = strcmp(label, "-") == 0;
        t->ncols++; /* freed with the table even when a copy failed */
        if (!c->name || !c->label) rc = -1;
    }
    free(copy);
    return rc;
}

/* ---- checking a report's definition ---- */

/* Frees the columns report_def_columns read into t (a table of columns
 * only, not allocated itself). */
static void free_columns(struct table *t)
{
    for (int c = 0; c < t->ncols; c++) {
        free(t->cols[c].name);
        free(t->cols[c].label);
    }
    free(t->cols);
    t->cols = NULL;
    t->ncols = 0;
}

/* The names a report's JSON object holds besides its tables. */
static const char *const fixed_keys[] = {"report", "title",  "from", "to",
                                         "as_of",  "charts", "notes"};

/* The chart called name among the files' charts: its file into *file;
 * NULL when none is. */
static const struct query_chart *find_chart(const struct query *q, int n, const char *name,
                                            int *file)
{
    for (int i = 0; i < n; i++)
        for (int c = 0; c < q[i].ncharts; c++)
            if (strcmp(q[i].charts[c].name, name) == 0) {
                *file = i;
                return &q[i].charts[c];
            }
    return NULL;
}

/* The charts report d draws, as (file, chart) pairs into at (room for
 * max); returns their number, or -1 with a reason in err when d names a
 * chart none of its files declares. */
int report_def_charts(const struct report_def *d, const struct query *q, int n, int (*at)[2],
                      int max, char *err, size_t errsize)
{
    int count = 0;
    if (!d->charts) {
        for (int i = 0; i < n; i++)
            for (int c = 0; c < q[i].ncharts && count < max; c++, count++)
                at[count][0] = i, at[count][1] = c;
        return count;
    }
    for (const char *p = d->charts; *p && count < max;) {
        size_t len = strcspn(p, " ");
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)len, p);
        p += len + (p[len] == ' ');
        if (!len) continue;
        int file;
        const struct query_chart *c = find_chart(q, n, name, &file);
        if (!c) {
            snprintf(err, errsize, _("%s: the chart %s is declared by none of its files"), d->name,
                     name);
            return -1;
        }
        at[count][0] = file;
        at[count][1] = (int)(c - q[file].charts);
        count++;
    }
    return count;
}

/* Whether the chart's columns are columns of the table of q. Returns 0, or
 * -1 with a reason in err. */
static int check_chart(const struct query *q, const struct query_chart *c, char *err,
                       size_t errsize)
{
    if (!embedded_find(c->template_name)) {
        snprintf(err, errsize, _("%s: chart %s: no template %s in reports/"), q->file, c->name,
                 c->template_name);
        return -1;
    }
    if (strcmp(c->columns, "*") == 0) return 0;
    if (q->pivot) {
        snprintf(err, errsize,
                 _("%s: chart %s: the columns of a pivoted table are known only when it runs:"
                 " draw them all with *"),
                 q->file, c->name);
        return -1;
    }
    struct table t = {0};
    int rc = report_def_columns(&t, q->columns);
    if (rc != 0) snprintf(err, errsize, _("out of memory"));
    for (const char *p = c->columns; rc == 0 && *p;) {
        size_t len = strcspn(p, ",");
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)len, p);
        if (table_column_index(&t, name) < 0) {
            snprintf(err, errsize, _("%s: chart %s: the table %s has no column %s"), q->file, c->name,
                     q->key, name);
            rc = -1;
        }
        p += len + (p[len] == ',');
    }
    free_columns(&t);
    return rc;
}

/* The names the tables of q put at the top of the report's JSON object
 * (the key, or a scalar table's column names), into names (room for max)
 * with the file of each in files; returns how many, or -1 when out of
 * memory. The names point into t, which the caller frees. */
static int top_level_names(const struct query *q, struct table *t, const char **names, int max)
{
    if (q->shape != SHAPE_SCALARS) {
        names[0] = q->key;
        return 1;
    }
    if (report_def_columns(t, q->columns) != 0) return -1;
    int n = 0;
    for (int c = 0; c < t->ncols && n < max; c++)
        names[n++] = t->cols[c].name;
    return n;
}

/* Checks report d's files q: no two tables with one key, no name twice at
 * the top of the JSON object (a scalar's column against a fixed key, a
 * table's key or another scalar), a pivot of three columns, charts that
 * exist, with names used once and columns their table has. Returns 0, or
 * -1 with a reason in err. */
/* Whether every date of d->grades is one report_build grades as of.
 * Returns 0, or -1 with a reason in err. */
static int check_grades(const struct report_def *d, char *err, size_t errsize)
{
    static const char *const known[] = {"as_of",      "to",           "prev_to",
                                        "as_of_sums", "to_period",    "before",
                                        "mondays",    "as_of_recent", "to_recent"};
    for (const char *p = d->grades ? d->grades : ""; *p;) {
        size_t len = strcspn(p, " "), k = 0;
        while (len && k < sizeof known / sizeof known[0] &&
               !(strlen(known[k]) == len && strncmp(known[k], p, len) == 0))
            k++;
        if (len && k == sizeof known / sizeof known[0]) {
            snprintf(err, errsize,
                     _("%s: grades as of '%.*s': none of as_of, to, prev_to, as_of_sums,"
                       " to_period, as_of_recent, to_recent, before, mondays"),
                     d->name, (int)len, p);
            return -1;
        }
        p += len + (p[len] == ' ');
    }
    return 0;
}

int report_def_grades(const struct report_def *d, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = d->grades ? d->grades : ""; *p;) {
        size_t len = strcspn(p, " ");
        if (len == n && strncmp(p, word, n) == 0) return 1;
        p += len + (p[len] == ' ');
    }
    return 0;
}

/* Whether the SQL text names the table name: a word of it (case aside)
 * outside comments and quoted strings. */
static int names_table(const char *sql, const char *name)
{
    size_t len = strlen(name);
    for (const char *p = sql; *p;) {
        if (p[0] == '-' && p[1] == '-') {
            p += strcspn(p, "\n");
        } else if (*p == '\'') {
            const char *end = strchr(p + 1, '\'');
            p = end ? end + 1 : p + strlen(p);
        } else if (isalnum((unsigned char)*p) || *p == '_') {
            size_t word = 0;
            while (isalnum((unsigned char)p[word]) || p[word] == '_')
                word++;
            if (word == len && strncasecmp(p, name, len) == 0) return 1;
            p += word;
        } else {
            p++;
        }
    }
    return 0;
}

/* A report graded as of to_period finds, in the grades table as of the
 * period's end, the customers contacted in the period alone: period.sql
 * reads them into temp.period; any other file reading that table would
 * count those customers only, and say nothing. */
static int check_period_grades(const struct report_def *d, const struct query *q, int n, char *err,
                               size_t errsize)
{
    if (!report_def_grades(d, "to_period")) return 0;
    for (int i = 0; i < n; i++)
        if (strcmp(q[i].file, "period.sql") != 0 && q[i].text && names_table(q[i].text, "grades")) {
            snprintf(err, errsize,
                     _("%s: %s reads the grades table, which holds the customers contacted in"
                       " the period alone as of its end: read them from temp.period"
                       " (period.sql)"),
                     d->name, q[i].file);
            return -1;
        }
    return 0;
}

int report_def_own_grades(const struct query *q, int n)
{
    for (int i = 0; i < n; i++) {
        const char *builtin = embedded_find(q[i].file);
        if (q[i].text && (!builtin || strcmp(builtin, q[i].text) != 0) &&
            names_table(q[i].text, "grades"))
            return 1;
    }
    return 0;
}

int report_def_check(const struct report_def *d, const struct query *q, int n, char *err,
                     size_t errsize)
{
    if (check_grades(d, err, errsize) != 0 || check_period_grades(d, q, n, err, errsize) != 0)
        return -1;
    enum { MAX_NAMES = 256 };
    const char *names[MAX_NAMES];
    const char *owners[MAX_NAMES];
    struct table *scalars = calloc((size_t)n + 1, sizeof *scalars);
    int nnames = 0, rc = scalars ? 0 : -1;
    if (!scalars) snprintf(err, errsize, _("out of memory"));
    for (size_t k = 0; k < sizeof fixed_keys / sizeof fixed_keys[0]; k++) {
        owners[nnames] = "the report";
        names[nnames++] = fixed_keys[k];
    }
    for (int i = 0; rc == 0 && i < n; i++) {
        if (!q[i].has_table) continue;
        for (int j = 0; j < i && rc == 0; j++)
            if (q[j].has_table && strcmp(q[j].key, q[i].key) == 0) {
                snprintf(err, errsize, _("%s: two tables are called %s (%s and %s)"), d->name,
                         q[i].key, q[j].file, q[i].file);
                rc = -1;
            } else if (q[j].has_table && !q[j].hidden && !q[i].hidden &&
                       strcmp(q[j].file_name, q[i].file_name) == 0) {
                snprintf(err, errsize, _("%s: two tables are written to %s_%s.csv (%s and %s)"),
                         d->name, d->name, q[i].file_name, q[j].file, q[i].file);
                rc = -1;
            }
        if (rc == 0 && q[i].pivot) {
            struct table t = {0};
            int ok = report_def_columns(&t, q[i].columns) == 0 && t.ncols == 3;
            free_columns(&t);
            if (!ok) {
                snprintf(err, errsize, _("%s: a pivot takes three columns (row, column, value)"),
                         q[i].file);
                rc = -1;
            }
        }
        int added =
            rc == 0 ? top_level_names(&q[i], &scalars[i], names + nnames, MAX_NAMES - nnames) : 0;
        if (added < 0) {
            snprintf(err, errsize, _("out of memory"));
            rc = -1;
        }
        for (int a = 0; rc == 0 && a < added; a++) {
            for (int b = 0; rc == 0 && b < nnames + a; b++)
                if (strcmp(names[b], names[nnames + a]) == 0) {
                    snprintf(err, errsize,
                             _("%s: %s writes the key \"%s\" at the top of the JSON, as %s does"),
                             d->name, q[i].file, names[b], owners[b]);
                    rc = -1;
                }
            owners[nnames + a] = q[i].file;
        }
        if (rc == 0) nnames += added;
    }
    int at[64][2];
    int ncharts = rc == 0 ? report_def_charts(d, q, n, at, 64, err, errsize) : -1;
    for (int i = 0; i < ncharts && rc == 0; i++) {
        const struct query *file = &q[at[i][0]];
        const struct query_chart *c = &file->charts[at[i][1]];
        for (int j = 0; j < i && rc == 0; j++)
            if (strcmp(q[at[j][0]].charts[at[j][1]].name, c->name) == 0) {
                snprintf(err, errsize, _("%s: two charts are called %s"), d->name, c->name);
                rc = -1;
            }
        if (rc == 0) rc = check_chart(file, c, err, errsize);
    }
    if (ncharts < 0) rc = -1;
    for (int i = 0; scalars && i < n; i++)
        free_columns(&scalars[i]);
    free(scalars);
    return rc;
}

int report_check(const char *name, const char *queries_dir, char *err, size_t errsize)
{
    const struct report_def *d = report_def_find(name);
    struct query *q = NULL;
    int n = 0;
    if (!d) {
        snprintf(err, errsize, _("unknown report '%s'"), name);
        return -1;
    }
    if (report_def_load(d, queries_dir, &q, &n, err, errsize) != 0) return -1;
    int rc = report_def_check(d, q, n, err, errsize);
    report_def_free(q, n);
    return rc;
}

/* The files report d writes into a pack's folder that another report's
 * may clash with: NAME_FILE.csv for each table shown, NAME_CHART for each
 * chart (.png, .svg); added to names (malloc'd, room for max). Returns the
 * new count, or -1 with a reason in err. */
static int pack_files(const struct report_def *d, const char *dir, char **names, int count, int max,
                      char *err, size_t errsize)
{
    struct query *q = NULL;
    int n = 0, at[64][2];
    if (report_def_load(d, dir, &q, &n, err, errsize) != 0) return -1;
    int ncharts = report_def_charts(d, q, n, at, 64, err, errsize);
    for (int i = 0; i < n && count >= 0; i++) {
        if (!q[i].has_table || q[i].hidden) continue;
        if (count == max) break;
        size_t size = strlen(d->name) + strlen(q[i].file_name) + 6;
        if (!(names[count] = malloc(size)))
            count = -1;
        else
            snprintf(names[count++], size, "%s_%s.csv", d->name, q[i].file_name);
    }
    for (int i = 0; i < ncharts && count >= 0 && count < max; i++) {
        const char *chart = q[at[i][0]].charts[at[i][1]].name;
        size_t size = strlen(d->name) + strlen(chart) + 6;
        if (!(names[count] = malloc(size)))
            count = -1;
        else
            snprintf(names[count++], size, "%s_%s.png", d->name, chart);
    }
    if (count < 0) snprintf(err, errsize, _("out of memory"));
    if (ncharts < 0) count = -1;
    report_def_free(q, n);
    return count;
}

int report_check_all(const char *queries_dir, char *err, size_t errsize)
{
    enum { MAX_FILES = 1024 };
    char **files = calloc(MAX_FILES, sizeof *files);
    int nfiles = 0, rc = files ? 0 : -1;
    if (!files) snprintf(err, errsize, _("out of memory"));
    for (int i = 0; rc == 0 && i < REPORT_COUNT; i++) {
        for (int j = 0; j < i && rc == 0; j++)
            if (strcmp(reports[i].name, reports[j].name) == 0) {
                snprintf(err, errsize, _("two reports are called %s"), reports[i].name);
                rc = -1;
            }
        if (rc == 0) rc = report_check(reports[i].name, queries_dir, err, errsize);
        if (rc != 0) break;
        int before = nfiles;
        nfiles = pack_files(&reports[i], queries_dir, files, nfiles, MAX_FILES, err, errsize);
        if (nfiles < 0) {
            nfiles = before;
            rc = -1;
        }
        /* a file of this report against those of the reports before it */
        for (int a = before; rc == 0 && a < nfiles; a++)
            for (int b = 0; rc == 0 && b < before; b++)
                if (strcmp(files[a], files[b]) == 0) {
                    snprintf(err, errsize, _("%s: two reports write %s into one folder"),
                             reports[i].name, files[a]);
                    rc = -1;
                }
    }
    for (int i = 0; files && i < nfiles; i++)
        free(files[i]);
    free(files);
    return rc;
}
