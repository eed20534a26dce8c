/* import.h - importing one visit or phone log into the database: records
 * are normalized into contacts, bad rows go to the quarantine, repeated rows
 * count as duplicates, and the file lands in one transaction or not at all. */
#ifndef FUNNEL_IMPORT_H
#define FUNNEL_IMPORT_H

#include "columns.h"
#include "encoding.h"

#include <sqlite3.h>
#include <stdio.h>

#define IMPORT_FIRST_MESSAGES 10

struct import_options {
    enum kind kind;         /* KIND_UNKNOWN: detect from the header */
    enum encoding encoding; /* ENCODING_AUTO: detect */
    FILE *progress;         /* where to report progress, or NULL */
};

struct import_summary {
    char file[1024];
    enum kind kind;
    enum encoding encoding;
    long read, imported, duplicates, rejected, warnings;
    int known;       /* the ledger already held this file: nothing was parsed */
    char fatal[512]; /* non-empty: the file was refused, nothing imported */
    int nrejects;    /* messages kept below, at most IMPORT_FIRST_MESSAGES */
    char rejects[IMPORT_FIRST_MESSAGES][256]; /* "FILE:LINE: reason" */
    int nwarned;
    char warned[IMPORT_FIRST_MESSAGES][256];
};

/* Imports the file at path into db. Fills summary in every case. Returns 0
 * when the file was imported (with or without rejected rows) and -1 when it
 * was refused as a whole (summary->fatal says why; the database is as it
 * was). */
int import_file(sqlite3 *db, const char *path, const struct import_options *options,
                struct import_summary *summary);

#endif
