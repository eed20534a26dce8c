/* columns.h - the columns of the two export kinds, their English and Chinese
 * names, and matching a file's header row to them (DOMAIN.md section 3). */
#ifndef FUNNEL_COLUMNS_H
#define FUNNEL_COLUMNS_H

#include <stddef.h>

enum kind { KIND_UNKNOWN = 0, KIND_VISITS = 1, KIND_CALLS = 2 };

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
    COL_COUNT
};

#define COLUMN_ABSENT (-1)

/* How a file's header maps onto the canonical columns. */
struct column_map {
    enum kind kind;
    int index[COL_COUNT]; /* field index in a record, or COLUMN_ABSENT */
    int nfields;          /* fields in the header, trailing empty names dropped */
    char unknown[512];    /* unknown header names, comma-separated, for a warning */
};

/* Canonical English name of a column ("date", "time_in", ...). */
const char *column_name(enum column col);

/* Name of a kind: "visits", "calls" or "unknown". */
const char *kind_name(enum kind kind);

/* Parses "visits" or "calls"; returns KIND_UNKNOWN for anything else. */
enum kind kind_parse(const char *text);

/* Matches header fields (UTF-8, any order, English or Chinese names; case,
 * surrounding spaces and a BOM ignored) to columns. kind is the --kind given
 * or KIND_UNKNOWN to detect it. Returns 0 on success; on error returns -1 and
 * writes a one-line reason to err (a missing required column, a repeated
 * column, or a kind that cannot be told). */
int columns_match(const char *const *fields, const size_t *lengths, int nfields, enum kind kind,
                  struct column_map *map, char *err, size_t errsize);

#endif
