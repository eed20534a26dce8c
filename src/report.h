/* report.h - the reports as data: each is a list of SQL files from queries/
 * (embedded, or read from --queries DIR) and the charts drawn from their
 * tables. report_build runs them and returns the view model. */
#ifndef FUNNEL_REPORT_H
#define FUNNEL_REPORT_H

#include "rules.h"
#include "table.h"

#include <sqlite3.h>
#include <stddef.h>

/* PERIOD_PLAN: a week to plan (from, to), as of a day before it; PERIOD_DAY:
 * one day (from = to = as_of); PERIOD_HANDOVER: as of a date, for one
 * salesperson, whose --to is not a period but the names to hand to
 * (to_list); PERIOD_MONTHS_BEFORE: the three full months
 * before a month, for `funnel plan`, which is not one of `funnel report`'s
 * names. */
enum report_period {
    PERIOD_RANGE,
    PERIOD_MONTH,
    PERIOD_WEEK,
    PERIOD_AS_OF,
    PERIOD_PLAN,
    PERIOD_DAY,
    PERIOD_HANDOVER,
    PERIOD_MONTHS_BEFORE
};

struct report_options {
    char from[11], to[11];           /* the period, inclusive */
    char as_of[11];                  /* the date grades are taken at */
    char prev_from[11], prev_to[11]; /* the month before (monthly) */
    const char *salesperson;         /* only this owner's customers, or NULL */
    const char *store;               /* only this store's rows (DOMAIN.md 6.3), or NULL */
    const char *to_list;             /* handover: who takes over, "A,B,..." (:to_list), or NULL */
    const char *queries_dir;         /* read SQL from here instead of the built-in copies */
    int show_phones;                 /* leave phones unmasked */
    int running;                     /* the month or week goes on after `to`, the latest data */
    long buyers;                     /* funnel plan: the buyers to plan for (:buyers) */
    char month[8];                   /* funnel plan: the month planned (:month) */
};

/* The number of reports, and the name of report i (0 <= i < count) in the
 * registry's order; NULL when i is out of range. */
int report_count(void);
const char *report_name(int i);

/* Non-zero when name is a report. */
int report_exists(const char *name);

/* The period a report needs: PERIOD_MONTH for monthly, PERIOD_WEEK for
 * weekly, PERIOD_AS_OF for audit and care, PERIOD_PLAN for followup,
 * PERIOD_DAY for daily, PERIOD_HANDOVER for handover, PERIOD_RANGE for the
 * others. */
enum report_period report_period_of(const char *name);

/* Non-zero when the report is a meeting pack (written into a folder). */
int report_is_pack(const char *name);

/* Checks the report's definition (report_check), grades customers as of
 * the dates the report reads, runs its SQL and
 * returns the view model (phones masked unless show_phones), which the
 * caller frees with report_result_free; NULL with a reason in err. */
struct report_result *report_build(sqlite3 *db, const struct rules *r, const char *name,
                                   const struct report_options *o, char *err, size_t errsize);

/* Checks the definition of report name with its SQL files (from
 * queries_dir, else built in): each file's header parses; no two tables
 * share a key; no name is written twice at the top of the report's JSON
 * object (a scalar table's column against "report", "title", "from", "to",
 * "as_of", "charts", "notes", a table's key or another scalar); a pivot has
 * three columns; each chart the report draws is declared by one of its
 * files, once, with a template of reports/ and columns its table has.
 * report_build runs the same check first. Returns 0, or -1 with the reason
 * in err. */
int report_check(const char *name, const char *queries_dir, char *err, size_t errsize);

/* report_check for every report of the registry, and no report name twice
 * and no file of a pack's folder (NAME_TABLE.csv, NAME_CHART.png) written
 * by two reports. Returns 0, or -1 with the reason in err. */
int report_check_all(const char *queries_dir, char *err, size_t errsize);

/* Adds note to the notes of res (joined with "; "), the warnings for the
 * reader that the renderers show. report_build notes a --salesperson the
 * data does not know and a period without contacts; out of memory, the
 * note is dropped. */
void report_add_note(struct report_result *res, const char *note);

/* Frees a result of report_build and everything it owns; NULL is a no-op. */
void report_result_free(struct report_result *r);

#endif
