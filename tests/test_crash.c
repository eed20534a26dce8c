/* test_crash.c - crash safety of `funnel import` (DOMAIN.md section 4: a
 * file lands all or nothing): a large export is imported and the process is
 * killed with SIGKILL at points chosen by time and by watching the database
 * and its journal grow; after each kill the database passes integrity_check
 * and holds all of the file's rows or none, with no half entry in the
 * imports ledger; importing again gives what an uninterrupted run gives. */
#include "testutil.h"

#include <errno.h>
#include <signal.h>
#include <sys/stat.h>
#include <time.h>

#define ROWS 300000

struct counts {
    long long contacts, imports, quarantine, warnings;
    long long ledger_read, ledger_imported, ledger_rejected;
};

static char dir[256], csv[512];
static struct counts reference;
static double reference_seconds;

static const char *funnel_bin(void)
{
    const char *bin = getenv("FUNNEL_BIN");
    return bin && *bin ? bin : TU_FUNNEL;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long long file_size(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 ? (long long)sb.st_size : -1;
}

static long long side_file_size(const char *db, const char *suffix)
{
    char path[600];
    snprintf(path, sizeof path, "%s%s", db, suffix);
    return file_size(path);
}

static void remove_db(const char *db)
{
    const char *suffixes[] = {"", "-wal", "-shm", "-journal"};
    for (int i = 0; i < 4; i++) {
        char path[600];
        snprintf(path, sizeof path, "%s%s", db, suffixes[i]);
        unlink(path);
    }
}

/* Starts `funnel --db db import csv` with its output thrown away. */
static pid_t start_import(const char *db)
{
    pid_t pid = fork();
    if (pid < 0) fail_msg("fork: %s", strerror(errno));
    if (pid == 0) {
        if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr)) _exit(126);
        execl(funnel_bin(), funnel_bin(), "--db", db, "import", csv, (char *)NULL);
        _exit(127);
    }
    return pid;
}

/* The first column of the first row of sql, opening the database read-write
 * as funnel would (so that a hot journal is rolled back); -1 on error. */
static long long query(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    long long value = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        value = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return value;
}

/* Checks integrity and reads the counts; a database with no schema yet
 * (killed before its migration committed) counts as empty. */
static struct counts check_database(const char *path)
{
    struct counts c = {0, 0, 0, 0, 0, 0, 0};
    sqlite3 *db = NULL;
    if (file_size(path) < 0) return c; /* killed before it was created */
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    sqlite3_busy_timeout(db, 10000);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    const char *result = (const char *)sqlite3_column_text(st, 0);
    if (!result || strcmp(result, "ok") != 0)
        fail_msg("integrity_check of %s: %s", path, result ? result : "(null)");
    sqlite3_finalize(st);
    if (query(db, "SELECT count(*) FROM sqlite_master WHERE name = 'contacts'") == 1) {
        c.contacts = query(db, "SELECT count(*) FROM contacts");
        c.imports = query(db, "SELECT count(*) FROM imports");
        c.quarantine = query(db, "SELECT count(*) FROM quarantine");
        c.warnings = query(db, "SELECT count(*) FROM warnings");
        c.ledger_read = query(db, "SELECT coalesce(sum(read), 0) FROM imports");
        c.ledger_imported = query(db, "SELECT coalesce(sum(imported), 0) FROM imports");
        c.ledger_rejected = query(db, "SELECT coalesce(sum(rejected), 0) FROM imports");
    }
    sqlite3_close(db);
    return c;
}

static int same_counts(const struct counts *a, const struct counts *b)
{
    return a->contacts == b->contacts && a->imports == b->imports &&
           a->quarantine == b->quarantine && a->warnings == b->warnings &&
           a->ledger_read == b->ledger_read && a->ledger_imported == b->ledger_imported &&
           a->ledger_rejected == b->ledger_rejected;
}

static void print_counts(const char *what, const struct counts *c)
{
    print_message("%s: contacts %lld, imports %lld, quarantine %lld, warnings %lld,"
                  " ledger read %lld imported %lld rejected %lld\n",
                  what, c->contacts, c->imports, c->quarantine, c->warnings, c->ledger_read,
                  c->ledger_imported, c->ledger_rejected);
}

static int group_setup(void **state)
{
    (void)state;
    const char *gensamples = access("../build/gensamples", X_OK) == 0 ? "../build/gensamples"
                                                                      : "../build-asan/gensamples";
    /* SIGKILL loses no written data, so a RAM disk tests the same thing faster */
    const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(dir, sizeof dir, "%s/funnel-crash-%d", base, (int)getpid());
    snprintf(csv, sizeof csv, "%s/visits_%d.csv", dir, ROWS);
    if (tu_runf(NULL, "mkdir -p '%s' && %s --rows %d --kind visits --out '%s'", dir, gensamples,
                ROWS, csv) != 0)
        return -1;
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    tu_runf(NULL, "rm -rf '%s'", dir);
    return 0;
}

/* The uninterrupted run into a fresh database: its counts and time. */
static void test_uninterrupted_import_gives_the_reference_counts(void **state)
{
    (void)state;
    char db[600];
    snprintf(db, sizeof db, "%s/reference.db", dir);
    remove_db(db);
    double start = now_seconds();
    int status = tu_runf(NULL, "%s --db '%s' import '%s' >/dev/null 2>&1", funnel_bin(), db, csv);
    reference_seconds = now_seconds() - start;
    assert_true(status == 0 || status == 2);
    reference = check_database(db);
    print_counts("reference", &reference);
    print_message("uninterrupted import: %.2f s\n", reference_seconds);
    assert_true(reference.contacts > ROWS / 2);
    assert_int_equal(reference.imports, 1);
    assert_int_equal(reference.ledger_read, ROWS);
    assert_int_equal(reference.ledger_imported, reference.contacts);
    assert_int_equal(reference.ledger_rejected, reference.quarantine);
}

/* When to kill: after a time, or when the files show a state. */
enum trigger { AT_TIME, JOURNAL_APPEARS, GROWN, JOURNAL_GONE_AFTER_GROWTH };

struct kill_point {
    const char *name;
    enum trigger trigger;
    double fraction; /* AT_TIME: of the reference run's time; <0: -seconds */
};

static const struct kill_point kill_points[] = {
    {"at once", AT_TIME, 0.0},
    {"when the journal or WAL first appears", JOURNAL_APPEARS, 0},
    {"after 0.2 s", AT_TIME, -0.2},
    {"when the database and its journal have grown by 16 MB", GROWN, 0},
    {"at half the reference time", AT_TIME, 0.5},
    {"at 90% of the reference time", AT_TIME, 0.9},
    {"just after the journal is deleted (the commit)", JOURNAL_GONE_AFTER_GROWTH, 0},
};

#define GROWTH (16LL * 1024 * 1024)

static long long journal_at_kill, wal_at_kill; /* -1: none */

/* Runs the import on db and kills it at point p. Returns 1 when it was
 * killed, 0 when it finished first. */
static int run_and_kill(const char *db, const struct kill_point *p)
{
    long long base = file_size(db);
    if (base < 0) base = 0;
    double start = now_seconds();
    double limit = reference_seconds * 3 + 30; /* never wait forever */
    int grown = 0;
    journal_at_kill = wal_at_kill = -1;
    pid_t pid = start_import(db);
    for (;;) {
        int status;
        pid_t done = waitpid(pid, &status, WNOHANG);
        if (done == pid) return 0; /* finished before the point */
        double t = now_seconds() - start;
        long long journal = side_file_size(db, "-journal"), wal = side_file_size(db, "-wal");
        long long size = file_size(db) + (journal > 0 ? journal : 0) + (wal > 0 ? wal : 0);
        if (size - base > GROWTH) grown = 1;
        int fire = 0;
        switch (p->trigger) {
        case AT_TIME:
            fire = t >= (p->fraction < 0 ? -p->fraction : p->fraction * reference_seconds);
            break;
        case JOURNAL_APPEARS:
            fire = journal > 0 || wal > 0;
            break;
        case GROWN:
            fire = grown;
            break;
        case JOURNAL_GONE_AFTER_GROWTH:
            fire = grown && journal < 0 && wal <= 0;
            break;
        }
        if (fire || t > limit) {
            kill(pid, SIGKILL);
            journal_at_kill = journal;
            wal_at_kill = wal;
            waitpid(pid, &status, 0);
            if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) return 1;
            return 0;
        }
        struct timespec pause = {0, 1000000}; /* 1 ms */
        nanosleep(&pause, NULL);
    }
}

static void test_kill_at_any_point_leaves_all_or_none_and_reimport_completes(void **state)
{
    (void)state;
    char db[600];
    int killed = 0, none = 0, all = 0, round = 0;
    const struct counts empty = {0, 0, 0, 0, 0, 0, 0};
    assert_true(reference_seconds > 0);
    snprintf(db, sizeof db, "%s/crash-%d.db", dir, round);
    remove_db(db);
    for (size_t i = 0; i < sizeof kill_points / sizeof kill_points[0]; i++) {
        const struct kill_point *p = &kill_points[i];
        int was_killed = run_and_kill(db, p);
        struct counts c = check_database(db);
        killed += was_killed;
        if (same_counts(&c, &empty)) {
            none++;
            print_message("kill %s: %s (journal %lld bytes, WAL %lld); nothing landed\n", p->name,
                          was_killed ? "killed" : "it had finished", journal_at_kill, wal_at_kill);
        } else if (same_counts(&c, &reference)) {
            all++;
            print_message("kill %s: %s (journal %lld bytes, WAL %lld); the whole file landed\n",
                          p->name, was_killed ? "killed" : "it had finished", journal_at_kill,
                          wal_at_kill);
            /* importing again counts every row as a duplicate and adds nothing */
            char *json = NULL;
            int status = tu_runf(&json, "%s --db '%s' import --format json '%s' 2>/dev/null",
                                 funnel_bin(), db, csv);
            assert_true(status == 0 || status == 2);
            assert_int_equal(tu_json_int(json, "$.files[0].imported"), 0);
            assert_int_equal(tu_json_int(json, "$.files[0].duplicates") +
                                 tu_json_int(json, "$.files[0].rejected"),
                             ROWS);
            free(json);
            struct counts again = check_database(db);
            assert_int_equal(again.contacts, reference.contacts);
            /* the next point starts from a fresh database */
            snprintf(db, sizeof db, "%s/crash-%d.db", dir, ++round);
            remove_db(db);
        } else {
            print_counts("half a file", &c);
            fail_msg("kill %s left part of the file in the database", p->name);
        }
    }
    print_message("%d kill points, %d killed mid-run: %d left nothing, %d left the whole file\n",
                  (int)(sizeof kill_points / sizeof kill_points[0]), killed, none, all);
    assert_true(killed >= 4);
    assert_true(none >= 1);

    /* the import, run to the end on the database left by the last kill */
    char *json = NULL;
    int status =
        tu_runf(&json, "%s --db '%s' import --format json '%s' 2>/dev/null", funnel_bin(), db, csv);
    assert_true(status == 0 || status == 2);
    struct counts final = check_database(db);
    print_counts("after importing again", &final);
    assert_int_equal(final.contacts, reference.contacts);
    assert_int_equal(final.quarantine, reference.quarantine);
    assert_int_equal(final.warnings, reference.warnings);
    assert_int_equal(tu_json_int(json, "$.files[0].read"), ROWS);
    free(json);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_uninterrupted_import_gives_the_reference_counts),
        cmocka_unit_test(test_kill_at_any_point_leaves_all_or_none_and_reimport_completes),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
