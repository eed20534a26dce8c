/* timeline.h - every customer's contacts in time order, read from the
 * database in one scan in id order (no sort in SQLite; two threads when the
 * database is a file) and held in memory compactly (days and times as
 * numbers, outcomes as codes, each text once), customers in key order. */
#ifndef FUNNEL_TIMELINE_H
#define FUNNEL_TIMELINE_H

#include <sqlite3.h>
#include <stddef.h>

/* One contact; its texts belong to the timeline. */
struct timeline_contact {
    long day;    /* days since 1970-01-01 */
    int seconds; /* time of day in seconds, 0 when unknown (the grading order) */
    int visit;   /* 1 a row of the visit log, 0 a call */
    int outcome; /* enum outcome (normalize.h) */
    const char *customer, *model, *salesperson; /* "" when empty */
    int timeframe_days;                         /* -1 unknown */
    int flags;                                  /* enum rules_flag bits of the contact's columns */
    size_t read_order; /* its place among its customer's contacts in id order: 0, 1, ... */
    const char *source; /* the lead source, "" when empty */
};

struct timeline;

/* Which contacts to read: those dated on or before until; when since is
 * not NULL, only those of the customers with a contact dated after since and
 * on or before recent_until; when customer is not NULL (and since is NULL),
 * only those of the customer with that key. Dates are "YYYY-MM-DD". */
struct timeline_filter {
    const char *until;
    const char *since, *recent_until;
    const char *customer;
};

/* Reads the contacts f selects. Returns the timeline, which the caller frees
 * with timeline_free, or NULL with a reason in err. */
struct timeline *timeline_load(sqlite3 *db, const struct timeline_filter *f, char *err,
                               size_t errsize);

/* The number of customers. */
size_t timeline_customers(const struct timeline *t);

/* The key of customer i (0 <= i < timeline_customers), customers sorted by
 * key as SQLite sorts text. */
const char *timeline_key(const struct timeline *t, size_t i);

/* The timeline's lanes: threads that read contacts at once, each through
 * a lane of its own. */
#define TIMELINE_LANES 2

/* Customer i's contacts by day, then time, then id (DOMAIN.md section 6):
 * sets *contacts to an array the timeline owns, valid until the next call
 * on the same lane (0 to TIMELINE_LANES - 1), and returns their number; 0
 * when out of memory. */
size_t timeline_contacts(struct timeline *t, int lane, size_t i,
                         const struct timeline_contact *const **contacts);

/* Frees the timeline; NULL is a no-op. */
void timeline_free(struct timeline *t);

#endif
