/* test_db.c - pins down db.c: the database file is private (0600) whether
 * funnel made it or found it, another application's SQLite file is refused
 * untouched, migrations land whole or not at all, and a database funnel may
 * not write says so. */
#include "testutil.h"

#include "db.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- helpers ---- */

static mode_t mode_of(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) fail_msg("%s does not exist", path);
    return st.st_mode & 07777;
}

/* Runs sql on the file at path with SQLite alone (no funnel checks). */
static void raw_exec(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    char *msg = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) fail_msg("%s: %s", sql, msg);
    sqlite3_close(db);
}

/* The text of the one-value query sql on the open handle db. */
static char *handle_text(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    char *text = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return text;
}

static void expect_handle(sqlite3 *db, const char *sql, const char *want)
{
    char *got = handle_text(db, sql);
    assert_string_equal(got, want);
    free(got);
}

/* ---- tests ---- */

static void test_new_database_is_created_0600_and_migrated(void **state)
{
    (void)state;
    char path[256], err[512];
    tu_fresh_db(path, sizeof path, "db-new");
    mode_t old = umask(0);
    sqlite3 *db = db_open(path, err, sizeof err);
    umask(old);
    if (!db) fail_msg("db_open: %s", err);
    db_close(db);
    assert_int_equal(mode_of(path), 0600);
    assert_int_equal(tu_query_int(path, "PRAGMA user_version"), 12);
}

/* A new file has 16 KiB pages, and its contacts' index leads with the day
 * then the store, so one store's rows of a day lie together. */
static void test_new_database_has_16k_pages_and_the_store_in_its_index(void **state)
{
    (void)state;
    char path[256], err[512];
    tu_fresh_db(path, sizeof path, "db-pages");
    sqlite3 *db = db_open(path, err, sizeof err);
    if (!db) fail_msg("db_open: %s", err);
    db_close(db);
    assert_int_equal(tu_query_int(path, "PRAGMA page_size"), 16384);
    assert_int_equal(tu_query_int(path, "SELECT count(*) FROM pragma_index_info('contacts_by_day')"),
                     3);
    assert_int_equal(tu_query_int(path, "SELECT count(*) FROM pragma_index_info('contacts_by_day')"
                                        " WHERE (seqno, name) IN (VALUES (0, 'day'), (1, 'store'),"
                                        " (2, 'rowkey'))"),
                     3);
}

/* A file that already has pages keeps their size. */
static void test_existing_database_keeps_its_page_size(void **state)
{
    (void)state;
    char path[256], err[512];
    tu_fresh_db(path, sizeof path, "db-pages-4k");
    raw_exec(path, "PRAGMA page_size = 4096; PRAGMA journal_mode = WAL; CREATE TABLE t (x);"
                   " DROP TABLE t;");
    sqlite3 *db = db_open(path, err, sizeof err);
    if (!db) fail_msg("db_open: %s", err);
    db_close(db);
    assert_int_equal(tu_query_int(path, "PRAGMA page_size"), 4096);
    assert_int_equal(tu_query_int(path, "PRAGMA user_version"), 12);
}

static void test_existing_0644_files_become_0600(void **state)
{
    (void)state;
    char path[256], wal[300], err[512];
    tu_fresh_db(path, sizeof path, "db-0644");
    int fd = open(path, O_WRONLY | O_CREAT, 0644); /* an empty file someone made */
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(chmod(path, 0644), 0);
    sqlite3 *db = db_open(path, err, sizeof err);
    if (!db) fail_msg("db_open: %s", err);
    db_close(db);
    assert_int_equal(mode_of(path), 0600);

    /* a funnel database (and its WAL) left readable by others */
    snprintf(wal, sizeof wal, "%s-wal", path);
    fd = open(wal, O_WRONLY | O_CREAT, 0644);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(chmod(path, 0644), 0);
    assert_int_equal(chmod(wal, 0644), 0);
    db = db_open_existing(path, err, sizeof err);
    if (!db) fail_msg("db_open_existing: %s", err);
    assert_int_equal(mode_of(path), 0600);
    assert_int_equal(mode_of(wal), 0600);
    db_close(db);
}

static void test_another_applications_database_is_refused_untouched(void **state)
{
    (void)state;
    char path[256], err[512];
    const char *versions[] = {"0", "1"};
    for (int v = 0; v < 2; v++) {
        tu_fresh_db(path, sizeof path, "db-foreign");
        char sql[200];
        snprintf(sql, sizeof sql,
                 "CREATE TABLE orders (id INTEGER PRIMARY KEY, item TEXT);"
                 " PRAGMA user_version = %s;",
                 versions[v]);
        raw_exec(path, sql);
        sqlite3 *db = db_open(path, err, sizeof err);
        if (db) fail_msg("user_version %s: a foreign database was opened", versions[v]);
        if (!strstr(err, path) || !strstr(err, "not a funnel database"))
            fail_msg("the reason does not name the file: %s", err);
        assert_int_equal(tu_query_int(path, "SELECT count(*) FROM sqlite_master"), 1);
        assert_int_equal(tu_query_int(path, "PRAGMA user_version"), atoi(versions[v]));
        char *mode = tu_db_text(path, "PRAGMA journal_mode");
        assert_string_equal(mode, "delete"); /* not switched to WAL either */
        free(mode);
    }
}

static void test_failed_migration_leaves_the_file_as_it_was(void **state)
{
    (void)state;
    char path[256], err[512];
    tu_fresh_db(path, sizeof path, "db-migrate");
    sqlite3 *db = db_open(path, err, sizeof err);
    if (!db) fail_msg("db_open: %s", err);
    db_close(db);
    /* claims version 4: step 4 -> 5 fails (its columns exist) */
    raw_exec(path, "PRAGMA user_version = 4");
    db = db_open(path, err, sizeof err);
    assert_null(db);
    if (!strstr(err, "duplicate column")) fail_msg("unexpected reason: %s", err);
    assert_int_equal(tu_query_int(path, "PRAGMA user_version"), 4);
}

/* Opens path as user nobody in a child process; returns 0 when it was
 * refused as read-only, 1 when opened, 2 when refused otherwise, and puts
 * the reason in err. */
static int open_as_nobody(const char *path, char *err, size_t errsize)
{
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0)) _exit(3);
        char reason[512] = "";
        sqlite3 *db = db_open_existing(path, reason, sizeof reason);
        if (write(fds[1], reason, strlen(reason)) < 0) _exit(3);
        _exit(db ? 1 : strstr(reason, "is read-only") ? 0 : 2);
    }
    close(fds[1]);
    ssize_t n = read(fds[0], err, errsize - 1);
    err[n > 0 ? n : 0] = '\0';
    close(fds[0]);
    int status;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void test_read_only_database_says_so(void **state)
{
    (void)state;
    char dir[64], path[128], err[512];
    snprintf(dir, sizeof dir, "/tmp/funnel-test-db-ro-XXXXXX");
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/ro.db", dir);
    sqlite3 *db = db_open(path, err, sizeof err);
    if (!db) fail_msg("db_open: %s", err);
    db_close(db);
    assert_int_equal(chmod(path, 0444), 0);
    /* a folder the user may write (SQLite makes its -shm there), then not */
    const mode_t folders[] = {01777, 0555};
    for (int i = 0; i < 2; i++) {
        assert_int_equal(chmod(dir, folders[i]), 0);
        int rc = open_as_nobody(path, err, sizeof err);
        if (rc != 0) fail_msg("folder %o: rc %d, reason: %s", folders[i], rc, err);
        assert_non_null(strstr(err, path));
    }
    chmod(dir, 0700);
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

/* An import alone on the database writes with a rollback journal and
 * synchronous FULL, and leaves it in WAL mode with synchronous NORMAL. */
static void test_an_import_alone_writes_with_a_rollback_journal(void **state)
{
    (void)state;
    char path[256], err[512];
    tu_fresh_db(path, sizeof path, "db-bulk");
    sqlite3 *db = db_open(path, err, sizeof err);
    if (!db) fail_msg("db_open: %s", err);
    expect_handle(db, "PRAGMA journal_mode", "wal");
    assert_int_equal(db_bulk_begin(db), 1);
    expect_handle(db, "PRAGMA journal_mode", "delete");
    expect_handle(db, "PRAGMA synchronous", "2");
    assert_int_equal(db_exec(db,
                             "BEGIN IMMEDIATE; INSERT INTO settings VALUES ('bulk', 1); COMMIT",
                             err, sizeof err),
                     0);
    db_bulk_end(db);
    expect_handle(db, "PRAGMA journal_mode", "wal");
    expect_handle(db, "PRAGMA synchronous", "1");
    db_close(db);
    assert_int_equal(tu_query_int(path, "SELECT value FROM settings WHERE name = 'bulk'"), 1);
    char journal[300];
    snprintf(journal, sizeof journal, "%s-journal", path);
    assert_int_not_equal(access(journal, F_OK), 0);
}

/* Beside another open connection the import stays in WAL mode, at once
 * rather than after the busy timeout; a connection opened during a bulk
 * import puts the database back in WAL mode, and the import's next
 * transaction writes there. */
static void test_an_import_beside_another_connection_stays_in_wal(void **state)
{
    (void)state;
    char path[256], err[512];
    tu_fresh_db(path, sizeof path, "db-bulk-shared");
    sqlite3 *db = db_open(path, err, sizeof err), *other = db_open(path, err, sizeof err);
    if (!db || !other) fail_msg("db_open: %s", err);
    time_t began = time(NULL);
    assert_int_equal(db_bulk_begin(db), 0);
    assert_true(time(NULL) - began < DB_BUSY_TIMEOUT_MS / 2000);
    expect_handle(db, "PRAGMA journal_mode", "wal");
    db_close(other);

    assert_int_equal(db_bulk_begin(db), 1);
    other = db_open(path, err, sizeof err);
    if (!other) fail_msg("db_open during a bulk import: %s", err);
    expect_handle(other, "PRAGMA journal_mode", "wal");
    assert_int_equal(db_exec(db,
                             "BEGIN IMMEDIATE; INSERT INTO settings VALUES ('shared', 2); COMMIT",
                             err, sizeof err),
                     0);
    expect_handle(db, "PRAGMA journal_mode", "wal");
    expect_handle(other, "SELECT value FROM settings WHERE name = 'shared'", "2");
    db_bulk_end(db);
    db_close(db);
    db_close(other);
}

static long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

/* A commit between db_checkpoint_hold and db_checkpoint_behind is copied
 * from the log into the file on a thread of its own, done when db_close
 * returns: with another connection open, the close alone would copy
 * nothing, so the file grows only by that copy. */
static void test_a_large_commit_is_copied_into_the_file_behind_it(void **state)
{
    (void)state;
    char path[256], err[512];
    tu_fresh_db(path, sizeof path, "db-behind");
    sqlite3 *db = db_open(path, err, sizeof err), *other = db_open(path, err, sizeof err);
    if (!db || !other) fail_msg("db_open: %s", err);
    expect_handle(other, "SELECT count(*) FROM settings WHERE name = 'big'", "0");
    long before = file_size(path);
    db_checkpoint_hold(db);
    assert_int_equal(db_exec(db,
                             "BEGIN IMMEDIATE;"
                             " WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
                             "  WHERE i < 2000)"
                             " INSERT INTO settings SELECT 'big' || i, randomblob(1000) FROM n;"
                             " COMMIT",
                             err, sizeof err),
                     0);
    assert_int_equal(file_size(path), before); /* the commit left it in the log */
    db_checkpoint_behind(db);
    db_close(db);
    assert_true(file_size(path) > before + 2000 * 1000);
    expect_handle(other, "SELECT count(*) FROM settings WHERE name LIKE 'big%'", "2000");
    db_close(other);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_new_database_is_created_0600_and_migrated),
        cmocka_unit_test(test_new_database_has_16k_pages_and_the_store_in_its_index),
        cmocka_unit_test(test_existing_database_keeps_its_page_size),
        cmocka_unit_test(test_existing_0644_files_become_0600),
        cmocka_unit_test(test_another_applications_database_is_refused_untouched),
        cmocka_unit_test(test_failed_migration_leaves_the_file_as_it_was),
        cmocka_unit_test(test_read_only_database_says_so),
        cmocka_unit_test(test_an_import_alone_writes_with_a_rollback_journal),
        cmocka_unit_test(test_an_import_beside_another_connection_stays_in_wal),
        cmocka_unit_test(test_a_large_commit_is_copied_into_the_file_behind_it),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
