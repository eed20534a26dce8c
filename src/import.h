/* import.h - importing one visit or phone log into the database: records
 * are normalized into contacts, bad rows go to the quarantine, repeated rows
 * count as duplicates, and the file lands in one transaction or not at all. */
#ifndef FUNNEL_IMPORT_H
#define FUNNEL_IMPORT_H

#include "columns.h"
#include "encoding.h"
#include "rules.h"

#include <sqlite3.h>
#include <stdio.h>

#define IMPORT_FIRST_MESSAGES 10 /* rejects and warnings printed per file */
#define IMPORT_MESSAGES 100      /* warnings and rejects kept for the JSON summary */
#define IMPORT_COLUMNS_SHOWN 64  /* header columns listed in the summary */
#define IMPORT_HEADER_LINES 30   /* the header is sought in this many first lines */

struct import_options {
    enum kind kind;            /* KIND_UNKNOWN: detect from the header */
    enum encoding encoding;    /* ENCODING_AUTO: detect */
    char delimiter;            /* 0: sniff from the header line */
    const char *fill_down;     /* "COLUMN,..." filled from the row above when empty, or NULL */
    const char *ignore;        /* "NAME,..." header columns to leave out, or NULL */
    const struct rules *rules; /* the dealer's column names and words, or NULL */
    int tally;                 /* count the values each field understood (inspect) */
    const char *store;         /* the store of rows without a store cell (--store), or NULL */
    FILE *progress;            /* where to report progress, or NULL */
};

#define IMPORT_FIELDS 12  /* fields of a fixed vocabulary, tallied under options->tally */
#define IMPORT_NOT_READ 5 /* the most common values not understood, kept per field */

/* A value not understood, and how often it came. */
struct import_value {
    char text[48];
    long count;
};

/* How the values of one field of a fixed vocabulary read. */
struct import_field {
    char name[16]; /* "date", "phone", "outcome", ... */
    long values;   /* cells that are not empty */
    long understood;
    int nnot_read;
    struct import_value not_read[IMPORT_NOT_READ * 3]; /* candidates; the most common first
                                                        * once finished */
};

/* A warning or a reject, for a script to see. */
struct import_message {
    long line;
    char level[8]; /* "warning", "reject", "skipped" or "info" */
    char text[504];
};

struct import_summary {
    char file[1024];
    enum kind kind;
    enum encoding encoding;
    long read, imported, duplicates, rejected, warnings;
    long skipped;      /* summary and signature rows (合计, 制表, ...) */
    long excel_phones; /* phones Excel stored as a number, digits lost */
    int known;         /* the ledger already held this file: nothing was parsed */
    char fatal[512];   /* non-empty: the file was refused, nothing imported */
    int nrejects;      /* messages kept below, at most IMPORT_FIRST_MESSAGES */
    char rejects[IMPORT_FIRST_MESSAGES][640]; /* "FILE:LINE: reason" */
    int nwarned;
    char warned[IMPORT_FIRST_MESSAGES][640];
    int nmessages; /* the first IMPORT_MESSAGES warnings, rejects and skipped rows */
    struct import_message messages[IMPORT_MESSAGES];
    char advice[256]; /* what to pass to read the file better, or "" */
    char delimiter;   /* the separator read */
    long header_line; /* the line of the header row */
    long title_lines; /* non-empty lines above the header, skipped */
    int nfields;      /* under options->tally: the fields tallied */
    struct import_field fields[IMPORT_FIELDS];
    int ncolumns; /* the header's columns and the field each feeds ("" when ignored) */
    char columns[IMPORT_COLUMNS_SHOWN][2][64];
};

/* Imports the file at path into db. Fills summary in every case. Returns 0
 * when the file was imported (with or without rejected rows) and -1 when it
 * was refused as a whole (summary->fatal says why; the database is as it
 * was). */
int import_file(sqlite3 *db, const char *path, const struct import_options *options,
                struct import_summary *summary);

#endif
