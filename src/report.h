/* report.h - the reports as data: each is a list of SQL files from queries/
 * (embedded, or read from --queries DIR) and the charts drawn from their
 * tables. report_build runs them and returns the view model. */
#ifndef FUNNEL_REPORT_H
#define FUNNEL_REPORT_H

#include "rules.h"
#include "table.h"

#include <sqlite3.h>
#include <stddef.h>

enum report_period { PERIOD_RANGE, PERIOD_MONTH, PERIOD_WEEK, PERIOD_AS_OF };

struct report_options {
    char from[11], to[11];           /* the period, inclusive */
    char as_of[11];                  /* the date grades are taken at */
    char prev_from[11], prev_to[11]; /* the month before (monthly) */
    const char *salesperson;         /* only this owner's customers, or NULL */
    const char *queries_dir;         /* read SQL from here instead of the built-in copies */
    int show_phones;                 /* leave phones unmasked */
};

/* Non-zero when name is a report. */
int report_exists(const char *name);

/* The period a report needs: PERIOD_MONTH for monthly, PERIOD_WEEK for
 * weekly, PERIOD_AS_OF for audit, PERIOD_RANGE for the others. */
enum report_period report_period_of(const char *name);

/* Non-zero when the report is a meeting pack (written into a folder). */
int report_is_pack(const char *name);

/* Grades customers as of the dates the report reads, runs its SQL and
 * returns the view model (phones masked unless show_phones), which the
 * caller frees with report_result_free; NULL with a reason in err. */
struct report_result *report_build(sqlite3 *db, const struct rules *r, const char *name,
                                   const struct report_options *o, char *err, size_t errsize);

/* Frees a result of report_build and everything it owns; NULL is a no-op. */
void report_result_free(struct report_result *r);

#endif
