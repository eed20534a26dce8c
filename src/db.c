/* db.c - opening funnel's database and migrating its schema. The schema is
 * a list of steps; PRAGMA user_version records how many have run. */
#include "db.h"

#include "i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Step N takes the schema from version N to N+1. Never edit a step that has
 * shipped: add one. */
static const char *const migrations[] = {
    /* 0 -> 1: imports ledger, contacts, quarantine, warnings, customers view */
    "CREATE TABLE imports ("
    "  id INTEGER PRIMARY KEY,"
    "  file TEXT NOT NULL,"
    "  sha256 TEXT NOT NULL,"
    "  size INTEGER NOT NULL,"
    "  kind TEXT NOT NULL,"
    "  encoding TEXT NOT NULL,"
    "  imported_at TEXT NOT NULL,"
    "  read INTEGER NOT NULL,"
    "  imported INTEGER NOT NULL,"
    "  duplicates INTEGER NOT NULL,"
    "  rejected INTEGER NOT NULL,"
    "  warnings INTEGER NOT NULL,"
    "  same_as INTEGER REFERENCES imports(id));"
    "CREATE INDEX imports_by_digest ON imports(sha256);"
    "CREATE TABLE contacts ("
    "  id INTEGER PRIMARY KEY,"
    "  import_id INTEGER NOT NULL REFERENCES imports(id),"
    "  line INTEGER NOT NULL,"
    "  kind TEXT NOT NULL CHECK (kind IN ('visit', 'call')),"
    "  day TEXT NOT NULL,"
    "  time TEXT,"
    "  customer_key TEXT NOT NULL,"
    "  customer TEXT,"
    "  phone TEXT,"
    "  phone_raw TEXT,"
    "  salesperson TEXT NOT NULL,"
    "  model TEXT,"
    "  source TEXT,"
    "  competitor TEXT,"
    "  test_drive INTEGER NOT NULL DEFAULT 0,"
    "  quote INTEGER NOT NULL DEFAULT 0,"
    "  financing INTEGER NOT NULL DEFAULT 0,"
    "  trade_in INTEGER NOT NULL DEFAULT 0,"
    "  invited INTEGER NOT NULL DEFAULT 0,"
    "  direction TEXT,"
    "  duration INTEGER,"
    "  visit_no TEXT,"
    "  party_size TEXT,"
    "  time_out TEXT,"
    "  appointment TEXT,"
    "  timeframe TEXT,"
    "  timeframe_days INTEGER,"
    "  outcome TEXT NOT NULL,"
    "  defeat_reason TEXT,"
    "  notes TEXT,"
    "  rowkey BLOB NOT NULL UNIQUE);"
    "CREATE INDEX contacts_by_day ON contacts(day);"
    "CREATE TABLE quarantine ("
    "  id INTEGER PRIMARY KEY,"
    "  import_id INTEGER NOT NULL REFERENCES imports(id),"
    "  file TEXT NOT NULL,"
    "  line INTEGER NOT NULL,"
    "  raw TEXT NOT NULL,"
    "  reason TEXT NOT NULL);"
    "CREATE INDEX quarantine_by_file ON quarantine(file, line);"
    "CREATE TABLE warnings ("
    "  id INTEGER PRIMARY KEY,"
    "  import_id INTEGER NOT NULL REFERENCES imports(id),"
    "  file TEXT NOT NULL,"
    "  line INTEGER NOT NULL,"
    "  message TEXT NOT NULL);"
    "CREATE TABLE settings (name TEXT PRIMARY KEY, value BLOB NOT NULL);"
    "INSERT INTO settings VALUES ('rowkey_secret', randomblob(16));"
    "CREATE VIEW customers AS"
    "  SELECT customer_key, phone,"
    "         (SELECT c2.customer FROM contacts c2 WHERE c2.customer_key = c.customer_key"
    "            AND c2.customer <> '' ORDER BY c2.day DESC, c2.time DESC, c2.id DESC"
    "            LIMIT 1) AS name,"
    "         (SELECT c2.salesperson FROM contacts c2 WHERE c2.customer_key = c.customer_key"
    "            ORDER BY c2.day, c2.time, c2.id LIMIT 1) AS owner,"
    "         min(day) AS first_day, max(day) AS last_day, count(*) AS contacts"
    "  FROM contacts c GROUP BY customer_key;",

    /* 1 -> 2: grades as of a date, written by 'funnel grade' and the reports */
    "CREATE TABLE grades ("
    "  as_of TEXT NOT NULL,"
    "  customer_key TEXT NOT NULL,"
    "  state TEXT NOT NULL CHECK (state IN ('pipeline', 'delivered', 'defeated', 'lost')),"
    "  grade TEXT,"
    "  rule TEXT NOT NULL,"
    "  phone TEXT,"
    "  name TEXT,"
    "  model TEXT,"
    "  owner TEXT NOT NULL,"
    "  first_day TEXT NOT NULL,"
    "  last_day TEXT NOT NULL,"
    "  buy_day TEXT,"
    "  terminal_day TEXT,"
    "  follow_up INTEGER,"
    "  next_due TEXT,"
    "  days_overdue INTEGER NOT NULL DEFAULT 0,"
    "  missing TEXT,"
    "  contacts INTEGER NOT NULL,"
    "  PRIMARY KEY (as_of, customer_key)) WITHOUT ROWID;",

    /* 2 -> 3: which grades are up to date (graded with which rules, after
     * which import, customer by customer or in sum), and the sums */
    "CREATE TABLE grade_runs ("
    "  as_of TEXT PRIMARY KEY,"
    "  rules TEXT NOT NULL,"
    "  data_version INTEGER NOT NULL,"
    "  full INTEGER NOT NULL,"
    "  graded_at TEXT NOT NULL);"
    /* customers per owner, state and grade as of a date: what the reports'
     * counts read, written by the same pass as the grades */
    "CREATE TABLE grade_summary ("
    "  as_of TEXT NOT NULL,"
    "  owner TEXT NOT NULL,"
    "  state TEXT NOT NULL,"
    "  grade TEXT NOT NULL,"
    "  customers INTEGER NOT NULL,"
    "  overdue INTEGER NOT NULL,"
    "  PRIMARY KEY (as_of, owner, state, grade)) WITHOUT ROWID;",

    /* 3 -> 4: one index on contacts, (day, rowkey): unique, so it is the
     * duplicate check, and led by the day, so rows of a file in date order
     * land side by side and the reports' day ranges read it too. The
     * grades' state check without IN, which built a table on each insert
     * (grades are made again on demand). */
    "CREATE TABLE contacts_new ("
    "  id INTEGER PRIMARY KEY,"
    "  import_id INTEGER NOT NULL REFERENCES imports(id),"
    "  line INTEGER NOT NULL,"
    "  kind TEXT NOT NULL CHECK (kind IN ('visit', 'call')),"
    "  day TEXT NOT NULL,"
    "  time TEXT,"
    "  customer_key TEXT NOT NULL,"
    "  customer TEXT,"
    "  phone TEXT,"
    "  phone_raw TEXT,"
    "  salesperson TEXT NOT NULL,"
    "  model TEXT,"
    "  source TEXT,"
    "  competitor TEXT,"
    "  test_drive INTEGER NOT NULL DEFAULT 0,"
    "  quote INTEGER NOT NULL DEFAULT 0,"
    "  financing INTEGER NOT NULL DEFAULT 0,"
    "  trade_in INTEGER NOT NULL DEFAULT 0,"
    "  invited INTEGER NOT NULL DEFAULT 0,"
    "  direction TEXT,"
    "  duration INTEGER,"
    "  visit_no TEXT,"
    "  party_size TEXT,"
    "  time_out TEXT,"
    "  appointment TEXT,"
    "  timeframe TEXT,"
    "  timeframe_days INTEGER,"
    "  outcome TEXT NOT NULL,"
    "  defeat_reason TEXT,"
    "  notes TEXT,"
    "  rowkey BLOB NOT NULL);"
    "INSERT INTO contacts_new SELECT * FROM contacts;"
    "DROP VIEW customers;"
    "DROP TABLE contacts;"
    "ALTER TABLE contacts_new RENAME TO contacts;"
    "CREATE UNIQUE INDEX contacts_by_day ON contacts(day, rowkey);"
    "CREATE VIEW customers AS"
    "  SELECT customer_key, phone,"
    "         (SELECT c2.customer FROM contacts c2 WHERE c2.customer_key = c.customer_key"
    "            AND c2.customer <> '' ORDER BY c2.day DESC, c2.time DESC, c2.id DESC"
    "            LIMIT 1) AS name,"
    "         (SELECT c2.salesperson FROM contacts c2 WHERE c2.customer_key = c.customer_key"
    "            ORDER BY c2.day, c2.time, c2.id LIMIT 1) AS owner,"
    "         min(day) AS first_day, max(day) AS last_day, count(*) AS contacts"
    "  FROM contacts c GROUP BY customer_key;"
    "DROP TABLE grades;"
    "CREATE TABLE grades ("
    "  as_of TEXT NOT NULL,"
    "  customer_key TEXT NOT NULL,"
    "  state TEXT NOT NULL CHECK (state = 'pipeline' OR state = 'delivered'"
    "                             OR state = 'defeated' OR state = 'lost'),"
    "  grade TEXT,"
    "  rule TEXT NOT NULL,"
    "  phone TEXT,"
    "  name TEXT,"
    "  model TEXT,"
    "  owner TEXT NOT NULL,"
    "  first_day TEXT NOT NULL,"
    "  last_day TEXT NOT NULL,"
    "  buy_day TEXT,"
    "  terminal_day TEXT,"
    "  follow_up INTEGER,"
    "  next_due TEXT,"
    "  days_overdue INTEGER NOT NULL DEFAULT 0,"
    "  missing TEXT,"
    "  contacts INTEGER NOT NULL,"
    "  PRIMARY KEY (as_of, customer_key)) WITHOUT ROWID;"
    "DELETE FROM grade_runs;"
    "DELETE FROM grade_summary;",

    /* 4 -> 5: the ledger counts the summary rows an import skipped, and
     * records the options a file was read with: the same bytes read
     * otherwise (another encoding, --fill-down) are read again */
    "ALTER TABLE imports ADD COLUMN skipped INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE imports ADD COLUMN options TEXT NOT NULL DEFAULT '';",

    /* 5 -> 6: stores of a dealer group (DOMAIN.md 6.3). A row's store;
     * the rows there were are the unnamed store "", whose customer keys
     * are the phones as before (another store's keys are "STORE\x1f" and
     * the phone). Grades and their sums per (store, owner), made again on
     * demand. */
    "ALTER TABLE contacts ADD COLUMN store TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE grades ADD COLUMN store TEXT NOT NULL DEFAULT '';"
    "DROP TABLE grade_summary;"
    "CREATE TABLE grade_summary ("
    "  as_of TEXT NOT NULL,"
    "  store TEXT NOT NULL,"
    "  owner TEXT NOT NULL,"
    "  state TEXT NOT NULL,"
    "  grade TEXT NOT NULL,"
    "  customers INTEGER NOT NULL,"
    "  overdue INTEGER NOT NULL,"
    "  PRIMARY KEY (as_of, store, owner, state, grade)) WITHOUT ROWID;"
    "DELETE FROM grades;"
    "DELETE FROM grade_runs;",

    /* 6 -> 7: the targets a manager sets per store, month and salesperson
     * (DOMAIN.md 7.5); visitors and prospects NULL when derived */
    "CREATE TABLE targets ("
    "  store TEXT NOT NULL,"
    "  month TEXT NOT NULL,"
    "  salesperson TEXT NOT NULL,"
    "  buyers INTEGER NOT NULL CHECK (buyers >= 0),"
    "  visitors INTEGER CHECK (visitors >= 0),"
    "  prospects INTEGER CHECK (prospects >= 0),"
    "  import_id INTEGER NOT NULL REFERENCES imports(id),"
    "  line INTEGER NOT NULL,"
    "  PRIMARY KEY (store, month, salesperson)) WITHOUT ROWID;",

    /* 7 -> 8: customers handed to a new salesperson from a day (DOMAIN.md
     * 7.12): the owner as of a date is the latest on or before it */
    "CREATE TABLE assignments ("
    "  customer_key TEXT NOT NULL,"
    "  day TEXT NOT NULL,"
    "  salesperson TEXT NOT NULL,"
    "  store TEXT NOT NULL,"
    "  import_id INTEGER NOT NULL REFERENCES imports(id),"
    "  line INTEGER NOT NULL,"
    "  PRIMARY KEY (customer_key, day)) WITHOUT ROWID;"
    "DELETE FROM grade_runs;",

    /* 8 -> 9: whether the database holds rows of a named store and of the
     * unnamed one, kept up by each import, so that telling a split
     * dealership needs no scan of the contacts */
    "INSERT OR REPLACE INTO settings (name, value)"
    " SELECT 'stores_unnamed', EXISTS (SELECT 1 FROM contacts WHERE store = '');"
    "INSERT OR REPLACE INTO settings (name, value)"
    " SELECT 'stores_named', EXISTS (SELECT 1 FROM contacts WHERE store <> '');",

    /* 9 -> 10: the store inside the day's part of the index, so that a
     * store's rows of one day lie side by side: each store's import into a
     * group's database touches its own stretch of each day, not every page
     * of the index */
    "DROP INDEX contacts_by_day;"
    "CREATE UNIQUE INDEX contacts_by_day ON contacts(day, store, rowkey);",

    /* 10 -> 11: a delivered customer's first delivery and the after-sales
     * steps done since (DOMAIN.md 7.13), and a customer's lead source (7.11),
     * judged with the grade; every date is graded again */
    "ALTER TABLE grades ADD COLUMN delivered_day TEXT;"
    "ALTER TABLE grades ADD COLUMN care INTEGER;"
    "ALTER TABLE grades ADD COLUMN source TEXT;"
    "DELETE FROM grades;"
    "DELETE FROM grade_summary;"
    "DELETE FROM grade_runs;",

    /* 11 -> 12: a date stored with the rows of the customers contacted in
     * the days to it also holds those who bought in bought_within days to
     * it (the monthly pack's month end) */
    "ALTER TABLE grade_runs ADD COLUMN bought_within INTEGER NOT NULL DEFAULT 0;",
};

#define MIGRATION_COUNT ((int)(sizeof migrations / sizeof migrations[0]))
#define NOT_FUNNEL                                                                                 \
    N_("not a funnel database: it holds another application's tables (give --db a new or empty "   \
       "file)")
#define DB_RETRY_MS 10 /* pause between tries to open a database being created */

void db_cache_size(sqlite3 *db, int kib)
{
    char sql[64], ignored[64];
    snprintf(sql, sizeof sql, "PRAGMA main.cache_size = %d", -kib);
    db_exec(db, sql, ignored, sizeof ignored);
}

/* Sets the journal mode with pragma ("PRAGMA journal_mode = X") without
 * waiting for a lock: 0 when the mode is now mode, -1 when not. */
static int journal_mode(sqlite3 *db, const char *pragma, const char *mode)
{
    sqlite3_stmt *st = NULL;
    int rc = -1;
    sqlite3_busy_timeout(db, 0);
    if (sqlite3_prepare_v2(db, pragma, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) &&
        strcmp((const char *)sqlite3_column_text(st, 0), mode) == 0)
        rc = 0;
    sqlite3_finalize(st);
    sqlite3_busy_timeout(db, DB_BUSY_TIMEOUT_MS);
    return rc;
}

int db_bulk_begin(sqlite3 *db)
{
    char ignored[64];
    if (journal_mode(db, "PRAGMA journal_mode = DELETE", "delete") != 0) return 0;
    db_exec(db, "PRAGMA synchronous = FULL", ignored, sizeof ignored);
    return 1;
}

void db_bulk_end(sqlite3 *db)
{
    char ignored[64];
    db_exec(db, "PRAGMA synchronous = NORMAL", ignored, sizeof ignored);
    journal_mode(db, "PRAGMA journal_mode = WAL", "wal");
}

sqlite3_stmt *db_prepare_rows(sqlite3 *db, const char *head, int columns, int rows, char *err,
                              size_t errsize)
{
    sqlite3_str *sql = sqlite3_str_new(db);
    sqlite3_str_appendall(sql, head);
    for (int r = 0; r < rows; r++) {
        sqlite3_str_appendall(sql, r ? ", (?" : "(?");
        for (int c = 1; c < columns; c++)
            sqlite3_str_appendall(sql, ", ?");
        sqlite3_str_appendchar(sql, 1, ')');
    }
    char *text = sqlite3_str_finish(sql);
    if (!text) {
        snprintf(err, errsize, _("out of memory"));
        return NULL;
    }
    sqlite3_stmt *st = db_prepare(db, text, err, errsize);
    sqlite3_free(text);
    return st;
}

int db_exec(sqlite3 *db, const char *sql, char *err, size_t errsize)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK) return 0;
    snprintf(err, errsize, "%s", msg ? msg : sqlite3_errmsg(db));
    sqlite3_free(msg);
    return -1;
}

sqlite3_stmt *db_prepare(sqlite3 *db, const char *sql, char *err, size_t errsize)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        snprintf(err, errsize, "%s", sqlite3_errmsg(db));
        sqlite3_finalize(st);
        return NULL;
    }
    return st;
}

void db_bind_text(sqlite3_stmt *st, int index, const char *text, int empty_is_null)
{
    if (!text || (empty_is_null && !*text))
        sqlite3_bind_null(st, index);
    else
        sqlite3_bind_text(st, index, text, -1, SQLITE_STATIC);
}

static int user_version(sqlite3 *db)
{
    sqlite3_stmt *st = NULL;
    int version = -1;
    if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        version = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return version;
}

/* Whether db holds funnel's schema, or nothing at all. Returns 1 when it
 * does, 0 when it holds another application's tables, -1 on error. The
 * version and the tables are read in one statement, so one snapshot: a
 * process creating the same database beside this one has either created
 * and numbered its schema or not begun. */
static int is_funnel_schema(sqlite3 *db)
{
    sqlite3_stmt *st = NULL;
    int rc = -1;
    if (sqlite3_prepare_v2(db,
                           "SELECT count(*), count(*) FILTER (WHERE type = 'table'"
                           "  AND name IN ('imports', 'contacts', 'quarantine')),"
                           " (SELECT user_version FROM pragma_user_version)"
                           " FROM sqlite_master WHERE name NOT LIKE 'sqlite!_%' ESCAPE '!'",
                           -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
        int objects = sqlite3_column_int(st, 0), ours = sqlite3_column_int(st, 1);
        int version = sqlite3_column_int(st, 2);
        rc = objects == 0 ? version == 0 : ours == 3 && version > 0;
    }
    sqlite3_finalize(st);
    return rc;
}

int db_migrate(sqlite3 *db, char *err, size_t errsize)
{
    char sql[64], ignored[64];
    /* a current schema needs no write lock: a command opening the database
     * beside a running import reads on at once */
    int version = user_version(db);
    if (version == MIGRATION_COUNT && is_funnel_schema(db) > 0) return 0;
    /* under the write lock, as another process may be migrating too; all
     * steps in one transaction, so a failed step leaves the file as it was */
    if (db_exec(db, "BEGIN IMMEDIATE", err, errsize) != 0) return -1;
    version = user_version(db);
    if (version < 0 || version > MIGRATION_COUNT) {
        db_exec(db, "ROLLBACK", ignored, sizeof ignored);
        snprintf(err, errsize, _("database schema version %d is newer than this funnel (%d)"),
                 version, MIGRATION_COUNT);
        return -1;
    }
    int ours = is_funnel_schema(db);
    if (ours <= 0) {
        if (ours < 0) snprintf(err, errsize, "%s", sqlite3_errmsg(db));
        db_exec(db, "ROLLBACK", ignored, sizeof ignored);
        if (ours == 0) snprintf(err, errsize, "%s", _(NOT_FUNNEL));
        return -1;
    }
    for (; version < MIGRATION_COUNT; version++) {
        if (db_exec(db, migrations[version], err, errsize) != 0) {
            db_exec(db, "ROLLBACK", ignored, sizeof ignored);
            return -1;
        }
    }
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", MIGRATION_COUNT);
    if (db_exec(db, sql, err, errsize) != 0 || db_exec(db, "COMMIT", err, errsize) != 0) {
        db_exec(db, "ROLLBACK", ignored, sizeof ignored);
        return -1;
    }
    return 0;
}

/* Takes group and other permissions off the database file and SQLite's
 * files beside it (they hold customers' phones): 0644 becomes 0600, a
 * read-only 0444 becomes 0400. Returns 0, or -1 with a reason in err. */
static int make_private(const char *path, char *err, size_t errsize)
{
    static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
    char file[4096 + 16];
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        struct stat st;
        if (snprintf(file, sizeof file, "%s%s", path, suffixes[i]) >= (int)sizeof file) {
            snprintf(err, errsize, _("%s: the file name is too long"), path);
            return -1;
        }
        if (stat(file, &st) != 0 || !S_ISREG(st.st_mode) || (st.st_mode & 077) == 0) continue;
        if (chmod(file, st.st_mode & 0700) != 0) {
            snprintf(err, errsize,
                     _("%s: cannot make the database private (mode 0600, it holds phone"
                       " numbers): %s"),
                     file, strerror(errno));
            return -1;
        }
    }
    return 0;
}

static sqlite3 *open_handle(const char *path, int flags, char *err, size_t errsize)
{
    sqlite3 *db = NULL;
    /* no memory statistics: they take a global lock on every allocation.
     * Only possible before SQLite starts; later calls change nothing. */
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    if (sqlite3_open_v2(path, &db, flags, NULL) != SQLITE_OK) {
        snprintf(err, errsize, "%s: %s", path, db ? sqlite3_errmsg(db) : _("cannot open"));
        sqlite3_close(db);
        return NULL;
    }
    /* SQLite opens a file it may not write read-only, and says so only at
     * the first write */
    if (sqlite3_db_readonly(db, "main") == 1) {
        snprintf(err, errsize, _("database %s is read-only: funnel needs to write to it"), path);
        sqlite3_close(db);
        return NULL;
    }
    if (strcmp(path, ":memory:") != 0 && make_private(path, err, errsize) != 0) {
        sqlite3_close(db);
        return NULL;
    }
    sqlite3_busy_timeout(db, DB_BUSY_TIMEOUT_MS);
    /* before anything is written (WAL mode changes the file's header) */
    if (is_funnel_schema(db) == 0) {
        snprintf(err, errsize, "%s: %s", path, _(NOT_FUNNEL));
        sqlite3_close(db);
        return NULL;
    }
    char msg[256];
    /* Switching a new file to WAL takes a lock that the busy handler does
     * not wait for: when another process is creating the same database,
     * try again for as long as the busy timeout. */
    int rc = -1;
    /* A new file gets 16 KiB pages (fewer B-tree levels and page writes
     * for an import); an existing one keeps its own, as SQLite ignores the
     * page size of a database that has pages. The temporary tables get a
     * cache of 8 MiB rather than 2: a report looks each contact of a scan
     * up in the index of one (the period's customers, the delivered),
     * which outgrows 2 MiB from a few million contacts on. */
    for (int waited = 0; rc != 0; waited += DB_RETRY_MS) {
        rc = db_exec(db,
                     "PRAGMA foreign_keys = ON; PRAGMA page_size = 16384;"
                     " PRAGMA journal_mode = WAL;"
                     " PRAGMA journal_size_limit = 0; PRAGMA synchronous = NORMAL;"
                     " PRAGMA temp.cache_size = -8192;",
                     msg, sizeof msg);
        if (rc == 0) rc = db_migrate(db, msg, sizeof msg);
        if (rc == 0 || sqlite3_errcode(db) != SQLITE_BUSY || waited >= DB_BUSY_TIMEOUT_MS) break;
        struct timespec pause = {0, DB_RETRY_MS * 1000000L};
        nanosleep(&pause, NULL);
    }
    if (rc != 0) {
        if (sqlite3_errcode(db) == SQLITE_READONLY)
            snprintf(err, errsize, _("database %s is read-only: %s"), path, msg);
        else
            snprintf(err, errsize, "%s: %s", path, msg);
        sqlite3_close(db);
        return NULL;
    }
    db_cache_size(db, DB_CACHE_KIB);
    return db;
}

sqlite3 *db_open(const char *path, char *err, size_t errsize)
{
    if (strcmp(path, ":memory:") == 0)
        return open_handle(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, err, errsize);
    /* create the file ourselves so that it is 0600 whatever the umask */
    int fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
    if (fd >= 0) {
        fchmod(fd, 0600);
        close(fd);
    } else if (errno != EEXIST) {
        snprintf(err, errsize, _("%s: cannot create: %s"), path, strerror(errno));
        return NULL;
    }
    return open_handle(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, err,
                       errsize);
}

sqlite3 *db_open_existing(const char *path, char *err, size_t errsize)
{
    if (access(path, F_OK) != 0) {
        snprintf(err, errsize, _("%s: no such database (run 'funnel import' first)"), path);
        return NULL;
    }
    return open_handle(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, err, errsize);
}

/* ---- copying a large transaction's log into the file behind it ---- */

/* The checkpoints running behind a connection's commits: at most a few
 * connections at once (one per command, a few in the tests). */
struct behind {
    sqlite3 *db; /* the connection whose commit it copies, NULL for a free slot */
    pthread_t thread;
    char *path;
};

static struct behind behinds[4];
static pthread_mutex_t behinds_lock = PTHREAD_MUTEX_INITIALIZER;

/* Copies the log into the file on a connection of its own. PASSIVE: it
 * never waits for a lock, and copies what no reader still needs from the
 * log (the connection that committed reads the latest state, so
 * everything). What it leaves, the next checkpoint copies. */
static void *checkpoint_main(void *arg)
{
    sqlite3 *db = NULL;
    /* the connection finds the log when it first reads: a checkpoint before
     * that sees no log */
    if (sqlite3_open_v2(arg, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) == SQLITE_OK &&
        sqlite3_exec(db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL) == SQLITE_OK)
        sqlite3_wal_checkpoint_v2(db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
    sqlite3_close(db);
    return NULL;
}

/* Waits for the checkpoint behind db's commit, if one runs. Called with
 * behinds_lock held. */
static void join_behind(sqlite3 *db)
{
    for (size_t i = 0; i < sizeof behinds / sizeof behinds[0]; i++)
        if (behinds[i].db == db) {
            pthread_join(behinds[i].thread, NULL);
            free(behinds[i].path);
            behinds[i].db = NULL;
        }
}

void db_checkpoint_hold(sqlite3 *db)
{
    sqlite3_wal_autocheckpoint(db, 0);
}

void db_checkpoint_behind(sqlite3 *db)
{
    sqlite3_wal_autocheckpoint(db, DB_WAL_AUTOCHECKPOINT);
    const char *path = sqlite3_db_filename(db, "main");
    if (!path || !*path) return; /* in memory: no log */
    pthread_mutex_lock(&behinds_lock);
    join_behind(db);
    struct behind *b = NULL;
    for (size_t i = 0; !b && i < sizeof behinds / sizeof behinds[0]; i++)
        if (!behinds[i].db) b = &behinds[i];
    if (b && (b->path = strdup(path)) != NULL &&
        pthread_create(&b->thread, NULL, checkpoint_main, b->path) == 0) {
        b->db = db;
    } else {
        if (b) free(b->path);
        sqlite3_wal_checkpoint_v2(db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
    }
    pthread_mutex_unlock(&behinds_lock);
}

void db_close(sqlite3 *db)
{
    pthread_mutex_lock(&behinds_lock);
    join_behind(db);
    pthread_mutex_unlock(&behinds_lock);
    sqlite3_close(db);
}
