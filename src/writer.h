/* writer.h - stores rows in SQLite on a thread of its own, so that reading
 * a file and storing its rows run side by side: the caller stages each row's
 * values, the writer binds them to one of its prepared statements and steps
 * it, in the order staged. */
#ifndef FUNNEL_WRITER_H
#define FUNNEL_WRITER_H

#include <sqlite3.h>
#include <stddef.h>

#define WRITER_MAX_STATEMENTS 8

struct writer;

/* Starts a writer on db for the count statements given. The statements stay
 * the caller's, and neither they nor db may be used by the caller until
 * writer_finish. Returns NULL when out of memory or when no thread can be
 * started. */
struct writer *writer_start(sqlite3 *db, sqlite3_stmt *const *statements, int count);

/* Lets w store rows staged for statements[statement] that many at a time,
 * by many: a statement whose parameters are those of that many rows, one
 * row's after the other's (a multi-row INSERT); rows it counts as changed
 * by sqlite3_changes. An error in such a run names its first row. Call
 * before staging the first row; many stays the caller's. */
void writer_many(struct writer *w, int statement, sqlite3_stmt *many, int rows);

/* Stages a row for statements[statement]: the values staged until
 * writer_end_row are bound to its parameters 1, 2, ... in that order. Text
 * and blobs are copied. tag names the row in an error (a line number). */
void writer_row(struct writer *w, int statement, long tag);
void writer_null(struct writer *w);
void writer_int(struct writer *w, sqlite3_int64 value);
void writer_text(struct writer *w, const char *text, size_t len);
void writer_string(struct writer *w, const char *text); /* NUL-terminated */
void writer_string_or_null(struct writer *w, const char *text); /* NULL when NULL or "" */
void writer_blob(struct writer *w, const void *data, size_t len);

/* Ends the staged row. Returns 0, or -1 once the writer has stopped on an
 * error (rows staged after it are not stored; writer_finish tells why). */
int writer_end_row(struct writer *w);

/* What a writer did. */
struct writer_result {
    long changed[WRITER_MAX_STATEMENTS];   /* rows of each statement that changed the database */
    long unchanged[WRITER_MAX_STATEMENTS]; /* and that did not (an INSERT OR IGNORE that ignored) */
    long failed_tag;                       /* the tag of the row that failed */
    char error[256];                       /* why it failed */
};

/* Stores what is still staged, ends the thread, fills result and frees w.
 * Returns 0, or -1 when a row could not be stored (result says which and
 * why) or staging ran out of memory. */
int writer_finish(struct writer *w, struct writer_result *result);

#endif
