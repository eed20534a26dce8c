/* grade.h - customer state and grade as of a date (DOMAIN.md section 6):
 * one ordered pass over the contacts, customer by customer, with the rules
 * in force; results are stored in the grades table for the reports. */
#ifndef FUNNEL_GRADE_H
#define FUNNEL_GRADE_H

#include "rules.h"
#include "timeline.h"

#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>

enum grade_state { STATE_PIPELINE, STATE_DELIVERED, STATE_DEFEATED, STATE_LOST };

/* A day that is not there (no order yet, no stated timeframe ...). */
#define GRADE_NO_DAY LONG_MIN

/* One contact as the grading reads it. Texts are borrowed until the
 * customer's verdict is taken. */
struct grade_contact {
    long day;                                   /* days since 1970-01-01 */
    int visit;                                  /* 1 a row of the visit log, 0 a call */
    int outcome;                                /* enum outcome (normalize.h) */
    const char *customer, *model, *salesperson; /* NULL or "" when empty */
    int timeframe_days;                         /* -1 unknown */
    int flags;                                  /* enum rules_flag bits */
    const char *source;                         /* the lead source, NULL or "" when empty */
};

/* What is known of one customer so far; fed contacts in time order. Days
 * are days since 1970-01-01, GRADE_NO_DAY when none. */
struct grade_customer {
    char key[160], phone[16];
    char store[128]; /* the store of the key ("STORE\x1fPHONE"), "" for the unnamed one */
    /* the latest non-empty name and model, the first contact's salesperson:
     * "" when none, else borrowed from the contacts added */
    const char *name, *model, *owner;
    const char *source; /* the first non-empty lead source (DOMAIN.md 7.11), "" for none */
    long first_day, last_day, order_day, delivered_day, terminal_day;
    int delivered;
    int care;     /* the after-sales steps done since delivered_day: bit k for rank k */
    int terminal; /* the latest ORDER/DEFEAT/LOST as an OUTCOME_ code, -1 none */
    int contacts;
    /* since the last DEFEAT/LOST */
    int timeframe_days;
    long timeframe_day;
    int flags;
};

struct grade_verdict {
    enum grade_state state;
    int grade;        /* index in rules->grades, or -1 when not in the pipeline */
    char rule[256];   /* why, in words */
    char missing[64]; /* "phone, name" ... for a grade whose condition is missing data */
    char next_due[11];
    int days_overdue; /* 0 when not overdue or no schedule */
};

struct grade_counts {
    char as_of[11];
    long grades[RULES_MAX_GRADES];
    long delivered, defeated, lost;
};

/* The contact k of a timeline as the grading reads it (borrowing its
 * texts). */
struct grade_contact grade_contact_of(const struct timeline_contact *k);

/* Starts a customer with its key (the normalized phone, or "#import:line"). */
void grade_customer_begin(struct grade_customer *c, const char *key);

/* The last day after the first delivery of the after-sales steps'
 * windows (care_6 ends at T + 367). */
#define CARE_LAST_DAY 367

/* The rank (0 to 7) of the after-sales step whose window holds a contact
 * days whole days after the first delivery; -1 when none does. */
int grade_care_step(long days);

/* Adds the customer's next contact (time order, up to the as-of date). */
void grade_customer_add(struct grade_customer *c, const struct grade_contact *contact);

/* The customer's state and grade as of as_of ("YYYY-MM-DD"). */
void grade_customer_verdict(const struct grade_customer *c, const struct rules *r,
                            const char *as_of, struct grade_verdict *v);

/* Name of a state: "pipeline", "delivered", "defeated", "lost". */
const char *grade_state_name(enum grade_state state);

/* A date to grade as of; full to store each customer's grade (table
 * grades) beside the sums per owner (table grade_summary). Without full,
 * buying_within > 0 stores the grades of the customers who buy soon after
 * the date only: those whose buy date, as of as_of + buying_within days,
 * falls in (as_of, as_of + buying_within] (what the forecast's hits read,
 * a few rows per date where full would write every customer); and
 * rows_within > 0 those of the customers with a contact in the rows_within
 * days that end with the date, (as_of - rows_within, as_of] (what a
 * period's funnel reads, a tenth of the customers in a month), and with
 * it bought_within > 0 those of the customers whose first order or first
 * delivery falls in the bought_within days that end with the date (what
 * the monthly pack's forecast and after-sales care read). The sums are of
 * every customer whatever is stored. */
struct grade_date {
    char as_of[11];
    int full;
    int buying_within;
    int rows_within;
    int bought_within;
};

/* Grades every customer as of each of the n dates in one pass over the
 * contacts (each as if graded alone) and stores, replacing earlier results
 * for those dates in one transaction, what grade_run stores. Fills counts[i]
 * for dates[i]. A date given twice is an error. Returns 0, or -1 with a
 * reason in err. */
int grade_run_dates(sqlite3 *db, const struct rules *r, const struct grade_date *dates, int n,
                    struct grade_counts *counts, char *err, size_t errsize);

/* Like grade_run_dates, but grades only the dates whose stored results are
 * not up to date: what is stored for a date is kept when it was graded with
 * the same rules after the latest import, and in full when full is asked for
 * (the reports use this); a date given twice is graded once, in full if
 * either asks. A date when another date (earlier or later) is up to date in
 * full is derived from the nearest such date's grades: only the customers
 * contacted between the two are graded again, the others keep their verdict
 * but for the days overdue (the results are the same as a pass would give);
 * the nearest first, so that a date derived in full can serve the next. The
 * rest are graded in one pass; when a date asks for the customers buying
 * within some days (which no derivation gives), every date not up to date
 * is graded in that pass. Returns 0, or -1 with a reason in err. */
int grade_ensure_dates(sqlite3 *db, const struct rules *r, const struct grade_date *dates, int n,
                       char *err, size_t errsize);

/* grade_ensure_dates, then, when before is not NULL, what grade_before
 * makes for before and until: in the pass over the contacts when the dates
 * need one (the verdicts are the same), else on its own. Returns 0, or -1
 * with a reason in err. */
int grade_ensure_dates_before(sqlite3 *db, const struct rules *r, const struct grade_date *dates,
                              int n, const char *before, const char *until, char *err,
                              size_t errsize);

/* Grades every customer as of as_of and stores, replacing earlier results
 * for that date in one transaction, the customers per owner, state and grade
 * (table grade_summary) and, when full, each customer's state, grade and
 * follow-up (table grades). Fills counts. Returns 0, or -1 with a reason in
 * err. */
int grade_run(sqlite3 *db, const struct rules *r, const char *as_of, int full,
              struct grade_counts *counts, char *err, size_t errsize);

/* Grades as of as_of only the customers with a contact after as_of and on
 * or before until, and stores their verdicts, in the columns of the grades
 * table, in the temporary table temp.grades_before (made afresh). With the
 * grades as of until, it is what the changes between the two dates need: a
 * customer without a contact between them is what it was. Returns 0, or -1
 * with a reason in err. */
int grade_before(sqlite3 *db, const struct rules *r, const char *as_of, const char *until,
                 char *err, size_t errsize);

/* The date of the latest contact in the database into day (11 bytes);
 * returns 0, or -1 when there are no contacts. */
int grade_latest_day(sqlite3 *db, char *day);

/* The latest hand-over of customer key on or before as_of (DOMAIN.md
 * 7.12): 1 with the new salesperson and the day in salesperson and day, 0
 * when there is none, -1 on a database error. */
int grade_handover(sqlite3 *db, const char *key, const char *as_of, char *salesperson, size_t size,
                   char day[11]);

#endif
