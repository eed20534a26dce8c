/* db.h - the SQLite database: opening it (created 0600), its versioned
 * schema and migrations, and small helpers for statements. */
#ifndef FUNNEL_DB_H
#define FUNNEL_DB_H

#include <sqlite3.h>
#include <stddef.h>

/* How long a connection waits for another process's lock. */
#define DB_BUSY_TIMEOUT_MS 120000

/* A connection's page cache, in KiB: the import's B-trees keep their
 * upper pages in it, however large the file. A grading pass reads each
 * contact once in id order and appends grades in key order: it does as well
 * with DB_PASS_CACHE_KIB, in 24 MiB less memory. */
#define DB_CACHE_KIB 32768
#define DB_PASS_CACHE_KIB 8192

/* SQLite's default: a commit that leaves the log this many pages long
 * copies it into the file. */
#define DB_WAL_AUTOCHECKPOINT 1000

/* For a transaction that writes much (a grading pass: every customer's
 * row): its commit leaves the log uncopied (db_checkpoint_hold, before
 * it), and db_checkpoint_behind, after it, copies the log into the file on
 * a thread and a connection of their own while db reads on (the queries of
 * a report, on the other core); db_close waits for that copy. Without it
 * the commit copies the log itself before returning: 0.4 to 0.7 s for the
 * grades of 1M customers. */
void db_checkpoint_hold(sqlite3 *db);
void db_checkpoint_behind(sqlite3 *db);

/* Sets db's page cache (main database) to kib KiB. */
void db_cache_size(sqlite3 *db, int kib);

/* An import's transactions write each new page once: when db is the
 * database's only connection, it leaves WAL mode (where every page is
 * written to the log, then copied into the file) for a rollback journal,
 * which keeps only the old content of the pages changed; with synchronous
 * FULL, as NORMAL is not safe from power loss there. A connection opened
 * meanwhile waits for the import's lock, even to read (in WAL mode only a
 * writer would), and puts the database back in WAL mode (db_open).
 * Returns 1 when switched, 0 when left in WAL mode (another connection has
 * the database open). */
int db_bulk_begin(sqlite3 *db);

/* Back to WAL mode and synchronous NORMAL after db_bulk_begin returned 1;
 * when another connection holds a lock, the next db_open does it. */
void db_bulk_end(sqlite3 *db);

/* Opens (creating with mode 0600 if needed) and migrates the database at
 * path. An existing file loses group and other permissions (0644 becomes
 * 0600). Refused, with a one-line reason in err and NULL returned: a file
 * funnel may not write ("database X is read-only"), one it cannot make
 * private, and one holding another application's tables. Returns the
 * handle; the caller closes it with db_close. */
sqlite3 *db_open(const char *path, char *err, size_t errsize);

/* Opens an existing database read-write without creating it (for reports),
 * checked and migrated as db_open does. Returns NULL with a reason in err
 * if it does not exist or is refused. */
sqlite3 *db_open_existing(const char *path, char *err, size_t errsize);

/* Closes db; NULL is a no-op. */
void db_close(sqlite3 *db);

/* Runs sql (one or more statements, no results). Returns 0, or -1 with
 * SQLite's message in err. */
int db_exec(sqlite3 *db, const char *sql, char *err, size_t errsize);

/* Prepares sql. Returns the statement, or NULL with SQLite's message in err. */
sqlite3_stmt *db_prepare(sqlite3 *db, const char *sql, char *err, size_t errsize);

/* Prepares head (an INSERT up to and with its "VALUES ") followed by rows
 * rows of columns parameters each: "(?, ?), (?, ?)". Returns the statement,
 * or NULL with a reason in err. */
sqlite3_stmt *db_prepare_rows(sqlite3 *db, const char *head, int columns, int rows, char *err,
                              size_t errsize);

/* Binds text (NULL, or "" when empty_is_null, binds NULL) without copying
 * it: text must stay as it is until the statement has been stepped. */
void db_bind_text(sqlite3_stmt *st, int index, const char *text, int empty_is_null);

/* Migrates db to the latest schema version, every step in one transaction:
 * on failure the file is as it was. A database that holds tables but not
 * funnel's is refused. Returns 0, or -1 with a reason in err. */
int db_migrate(sqlite3 *db, char *err, size_t errsize);

#endif
