/* columns.h - the columns of the two export kinds, the names real exports
 * give them, and matching a file's header row to them (DOMAIN.md sections 3
 * and 3.4). */
#ifndef FUNNEL_COLUMNS_H
#define FUNNEL_COLUMNS_H

#include <stddef.h>

struct rules;

/* The kinds of file: the two logs, and the targets a manager sets
 * (DOMAIN.md 7.5). Bits, so a column can belong to several. */
enum kind {
    KIND_UNKNOWN = 0,
    KIND_VISITS = 1,
    KIND_CALLS = 2,
    KIND_TARGETS = 4,
    KIND_ASSIGNMENTS = 8 /* customers handed to a new salesperson (DOMAIN.md 7.12) */
};

/* Canonical columns, in the order contacts store them. */
enum column {
    COL_DATE,
    COL_TIME_IN,
    COL_TIME_OUT,
    COL_DATETIME,
    COL_DIRECTION,
    COL_CUSTOMER,
    COL_PHONE,
    COL_SALESPERSON,
    COL_VISIT_NO,
    COL_PARTY_SIZE,
    COL_MODEL,
    COL_SOURCE,
    COL_TEST_DRIVE,
    COL_QUOTE,
    COL_FINANCING,
    COL_TRADE_IN,
    COL_COMPETITOR,
    COL_TIMEFRAME,
    COL_OUTCOME,
    COL_DEFEAT_REASON,
    COL_NOTES,
    COL_DURATION,
    COL_INVITED,
    COL_APPOINTMENT,
    COL_STORE,
    COL_MONTH,           /* targets: YYYY-MM */
    COL_BUYERS,          /* targets: buyers */
    COL_VISITORS,        /* targets: visitors, or derived */
    COL_PROSPECTS,       /* targets: prospects, or derived */
    COL_NEW_SALESPERSON, /* assignments: the customer's new salesperson */
    COL_COUNT
};

#define COLUMN_ABSENT (-1)
#define COLUMNS_MAX_PHONES 8 /* phone columns read per file */

/* How a file's header maps onto the canonical columns. */
struct column_map {
    enum kind kind;
    int index[COL_COUNT];           /* field index in a record, or COLUMN_ABSENT; for
                                     * COL_PHONE the first phone column */
    int phones[COLUMNS_MAX_PHONES]; /* every phone column, in header order */
    int nphones;
    int nfields;       /* fields in the header, trailing empty names dropped */
    char unknown[512]; /* header names ignored, comma-separated, for a warning */
};

/* What columns_match needs besides the header. */
struct columns_options {
    enum kind kind;            /* the --kind given, or KIND_UNKNOWN to tell it */
    const struct rules *rules; /* the dealer's own names ([columns]), or NULL */
    const char *ignore;        /* "NAME,..." columns to leave out (--ignore-column), or NULL */
};

/* Canonical English name of a column ("date", "time_in", ...). */
const char *column_name(enum column col);

/* The column whose canonical name is name, or -1. */
int column_parse(const char *name);

/* Name of a kind: "visits", "calls", "targets", "assignments" or
 * "unknown". */
const char *kind_name(enum kind kind);

/* Parses "visits", "calls", "targets" or "assignments"; returns
 * KIND_UNKNOWN for anything else. */
enum kind kind_parse(const char *text);

/* Writes the form header names are compared in: full-width folded, ASCII
 * lower case, without a BOM, spaces, '_', '-', '*', a trailing ':' or a
 * trailing note in brackets ("手机号码(必填)" reads "手机号码"). Returns out. */
char *column_key(const char *name, size_t len, char *out, size_t size);

/* The column a header cell names for a file of kind (KIND_UNKNOWN: for
 * either kind), or -1: the dealer's [columns] names first, then the
 * built-in ones. */
int column_lookup(const char *name, size_t len, enum kind kind, const struct rules *rules);

/* Matches header fields (UTF-8, any order) to columns (DOMAIN.md 3.4): the
 * kind is options->kind or told from all the columns together; every phone
 * column is kept. Returns 0 on success; on error returns -1 and writes a
 * one-line reason to err: a missing required column, a column named twice,
 * a kind that cannot be told, or a column that looks like one of funnel's
 * fields without being mapped (naming the [columns] line and the
 * --ignore-column that would settle it). */
int columns_match(const char *const *fields, const size_t *lengths, int nfields,
                  const struct columns_options *options, struct column_map *map, char *err,
                  size_t errsize);

#endif
