/* test_concurrency.c - several funnel processes on one database at once:
 * two imports started together both finish and land what running them one
 * after the other lands; while a large import is held in its transaction
 * (a test hook of writer.c), a reader sees the database before that file
 * and a report started then sees it before or after, never half of it; and
 * grading a database of the size of a dealer group's first year, after a
 * new import, neither waits for itself nor fails as locked. */
#include "testutil.h"

#include <errno.h>
#include <sys/stat.h>
#include <time.h>

#define SMALL_ROWS 20000
#define LARGE_ROWS 300000

static char dir[256], file_a[512], file_b[512], file_large[512];

static const char *funnel_bin(void)
{
    const char *bin = getenv("FUNNEL_BIN");
    return bin && *bin ? bin : TU_FUNNEL;
}

static void remove_db(const char *db)
{
    tu_runf(NULL, "rm -f '%s' '%s-wal' '%s-shm' '%s-journal'", db, db, db, db);
}

/* Starts `funnel --db db ARGS...` (NULL-terminated) with stdout to out
 * (or /dev/null) and stderr thrown away. */
static pid_t start_funnel(const char *out, const char *db, ...)
{
    const char *argv[16];
    int argc = 0;
    va_list ap;
    argv[argc++] = funnel_bin();
    argv[argc++] = "--db";
    argv[argc++] = db;
    va_start(ap, db);
    const char *arg;
    while ((arg = va_arg(ap, const char *)) != NULL && argc < 15)
        argv[argc++] = arg;
    va_end(ap);
    argv[argc] = NULL;
    pid_t pid = fork();
    if (pid < 0) fail_msg("fork: %s", strerror(errno));
    if (pid == 0) {
        if (!freopen(out ? out : "/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr))
            _exit(126);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    return pid;
}

/* Waits for pid; returns its exit status, failing the test on a signal. */
static int wait_exit(pid_t pid)
{
    int status;
    if (waitpid(pid, &status, 0) != pid) fail_msg("waitpid: %s", strerror(errno));
    if (!WIFEXITED(status)) fail_msg("funnel died of signal %d", WTERMSIG(status));
    return WEXITSTATUS(status);
}

static long long contacts(const char *db)
{
    return tu_query_int(db, "SELECT count(*) FROM contacts");
}

static int group_setup(void **state)
{
    (void)state;
    const char *gensamples = access("../build/gensamples", X_OK) == 0 ? "../build/gensamples"
                                                                      : "../build-asan/gensamples";
    const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(dir, sizeof dir, "%s/funnel-concurrency-%d", base, (int)getpid());
    snprintf(file_a, sizeof file_a, "%s/a.csv", dir);
    snprintf(file_b, sizeof file_b, "%s/b.csv", dir);
    snprintf(file_large, sizeof file_large, "%s/large.csv", dir);
    if (tu_runf(NULL,
                "mkdir -p '%s' && %s --rows %d --kind visits --seed 11 --out '%s' &&"
                " %s --rows %d --kind visits --seed 22 --out '%s' &&"
                " %s --rows %d --kind visits --seed 33 --out '%s'",
                dir, gensamples, SMALL_ROWS, file_a, gensamples, SMALL_ROWS, file_b, gensamples,
                LARGE_ROWS, file_large) != 0)
        return -1;
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    tu_runf(NULL, "rm -rf '%s'", dir);
    return 0;
}

static void test_two_imports_at_once_land_what_two_in_a_row_land(void **state)
{
    (void)state;
    char sequential[600], together[600];
    snprintf(sequential, sizeof sequential, "%s/sequential.db", dir);
    remove_db(sequential);
    assert_int_equal(wait_exit(start_funnel(NULL, sequential, "import", file_a, NULL)), 0);
    assert_int_equal(wait_exit(start_funnel(NULL, sequential, "import", file_b, NULL)), 0);
    long long expected = contacts(sequential);
    assert_true(expected > SMALL_ROWS);

    /* three rounds, each on a new database: both processes also race to
     * create and migrate it */
    for (int round = 0; round < 3; round++) {
        snprintf(together, sizeof together, "%s/together-%d.db", dir, round);
        remove_db(together);
        pid_t a = start_funnel(NULL, together, "import", file_a, NULL);
        pid_t b = start_funnel(NULL, together, "import", file_b, NULL);
        int status_a = wait_exit(a), status_b = wait_exit(b);
        if (status_a != 0 || status_b != 0)
            fail_msg("round %d: the imports exited %d and %d", round, status_a, status_b);
        assert_int_equal(contacts(together), expected);
        assert_int_equal(tu_query_int(together, "SELECT count(*) FROM imports"), 2);
        char *sql = sqlite3_mprintf("SELECT count(*) FROM imports WHERE imported + duplicates +"
                                    " rejected = read AND read = %d",
                                    SMALL_ROWS);
        assert_int_equal(tu_query_int(together, sql), 2);
        sqlite3_free(sql);
    }
}

static void test_report_during_a_large_import_sees_before_or_after(void **state)
{
    (void)state;
    char before_db[600], after_db[600], live_db[600], out[600];
    char *period[] = {"--from", "2000-01-01", "--to", "2099-12-31"};
    snprintf(before_db, sizeof before_db, "%s/before.db", dir);
    snprintf(after_db, sizeof after_db, "%s/after.db", dir);
    snprintf(live_db, sizeof live_db, "%s/live.db", dir);
    snprintf(out, sizeof out, "%s/report.json", dir);

    /* the report before the large file, and after it */
    remove_db(before_db);
    assert_int_equal(wait_exit(start_funnel(NULL, before_db, "import", file_a, NULL)), 0);
    assert_int_equal(wait_exit(start_funnel(out, before_db, "report", "funnel", "--format", "json",
                                            period[0], period[1], period[2], period[3], NULL)),
                     0);
    char *before = tu_read_file(out, NULL);
    remove_db(after_db);
    assert_int_equal(wait_exit(start_funnel(NULL, after_db, "import", file_a, NULL)), 0);
    assert_int_equal(wait_exit(start_funnel(NULL, after_db, "import", file_large, NULL)), 0);
    assert_int_equal(wait_exit(start_funnel(out, after_db, "report", "funnel", "--format", "json",
                                            period[0], period[1], period[2], period[3], NULL)),
                     0);
    char *after = tu_read_file(out, NULL);
    assert_string_not_equal(before, after);

    /* the report while the large file is being imported: the import is
     * held after its first thousand rows are stored, its transaction open */
    remove_db(live_db);
    assert_int_equal(wait_exit(start_funnel(NULL, live_db, "import", file_a, NULL)), 0);
    char hold[700];
    snprintf(hold, sizeof hold, "%s/hold-import", dir);
    unlink(hold);
    setenv("FUNNEL_TEST_HOLD_IMPORT", hold, 1);
    pid_t import = start_funnel(NULL, live_db, "import", file_large, NULL);
    unsetenv("FUNNEL_TEST_HOLD_IMPORT");
    struct timespec pause = {0, 10 * 1000000};
    int status, held = 0;
    for (int i = 0; i < 12000 && !held; i++) { /* two minutes at most */
        held = access(hold, F_OK) == 0;
        if (!held && waitpid(import, &status, WNOHANG) == import)
            fail_msg("the import ended before it was held");
        if (!held) nanosleep(&pause, NULL);
    }
    if (!held) fail_msg("the import was never held");
    assert_int_equal(waitpid(import, &status, WNOHANG), 0); /* still in its transaction */
    /* a reader sees the database as before the file, not its first rows */
    assert_int_equal(contacts(live_db), contacts(before_db));
    /* the report starts inside the import; opening the database waits for
     * the import's lock, so it may only end once the import is let go */
    pid_t report = start_funnel(out, live_db, "report", "funnel", "--format", "json", period[0],
                                period[1], period[2], period[3], NULL);
    int ended = 0;
    for (int i = 0; i < 30 && !ended; i++) {
        nanosleep(&pause, NULL);
        ended = waitpid(report, &status, WNOHANG) == report;
    }
    unlink(hold); /* let the import go on */
    int report_status = ended ? (WIFEXITED(status) ? WEXITSTATUS(status) : -1) : wait_exit(report);
    assert_int_equal(wait_exit(import), 0);
    assert_int_equal(report_status, 0);
    char *during = tu_read_file(out, NULL);
    if (strcmp(during, before) != 0 && strcmp(during, after) != 0)
        fail_msg("the report during the import is neither the one before nor the one after:\n%s",
                 during);
    if (ended && strcmp(during, before) != 0)
        fail_msg("the report ended while the import was held, yet saw its rows:\n%s", during);
    print_message("report started inside the import: %s\n",
                  strcmp(during, before) == 0 ? "before" : "after");
    assert_int_equal(wait_exit(start_funnel(out, live_db, "report", "funnel", "--format", "json",
                                            period[0], period[1], period[2], period[3], NULL)),
                     0);
    char *later = tu_read_file(out, NULL);
    assert_string_equal(later, after);
    free(later);
    assert_int_equal(contacts(live_db), contacts(after_db));
    free(before);
    free(after);
    free(during);
}

/* Starts `funnel --db db --format json import file` held by the writer's
 * test hook after its first batch, and returns once it is held (its JSON
 * summary goes to out). */
static pid_t start_held_import(const char *out, const char *db, const char *file, const char *hold)
{
    unlink(hold);
    setenv("FUNNEL_TEST_HOLD_IMPORT", hold, 1);
    pid_t import = start_funnel(out, db, "import", "--format", "json", file, NULL);
    unsetenv("FUNNEL_TEST_HOLD_IMPORT");
    struct timespec pause = {0, 10 * 1000000};
    int status;
    for (int i = 0; i < 12000; i++) { /* two minutes at most */
        if (access(hold, F_OK) == 0) return import;
        if (waitpid(import, &status, WNOHANG) == import)
            fail_msg("the import ended before it was held");
        nanosleep(&pause, NULL);
    }
    fail_msg("the import was never held");
    return import;
}

static void test_a_file_replaced_during_its_import_is_imported_as_it_was_opened(void **state)
{
    (void)state;
    char db[600], path[600], other[600], hold[600], out[600];
    snprintf(db, sizeof db, "%s/replaced.db", dir);
    snprintf(path, sizeof path, "%s/export.csv", dir);
    snprintf(other, sizeof other, "%s/other.csv", dir);
    snprintf(hold, sizeof hold, "%s/hold-replaced", dir);
    snprintf(out, sizeof out, "%s/replaced.json", dir);
    remove_db(db);
    assert_int_equal(tu_runf(NULL, "cp '%s' '%s' && cp '%s' '%s'", file_a, path, file_b, other), 0);
    pid_t import = start_held_import(out, db, path, hold);
    /* another export takes the file's name while the first is read */
    assert_int_equal(rename(other, path), 0);
    unlink(hold);
    assert_int_equal(wait_exit(import), 0);
    char *json = tu_read_file(out, NULL);
    /* every row of the file that was opened: its rows and its digest */
    assert_int_equal(tu_json_int(json, "$.files[0].read"), SMALL_ROWS);
    free(json);
    assert_int_equal(tu_db_int(db, "SELECT imported + duplicates FROM imports"), SMALL_ROWS);
    /* so the export now under that name is not "imported before" */
    assert_int_equal(wait_exit(start_funnel(out, db, "import", "--format", "json", path, NULL)), 0);
    json = tu_read_file(out, NULL);
    assert_int_equal(tu_json_int(json, "$.files[0].known"), 0);
    assert_int_equal(tu_json_int(json, "$.files[0].read"), SMALL_ROWS);
    free(json);
    assert_int_equal(tu_db_int(db, "SELECT count(DISTINCT sha256) FROM imports"), 2);
}

static void test_a_file_written_to_during_its_import_is_refused(void **state)
{
    (void)state;
    char db[600], path[600], hold[600], out[600];
    snprintf(db, sizeof db, "%s/growing.db", dir);
    snprintf(path, sizeof path, "%s/growing.csv", dir);
    snprintf(hold, sizeof hold, "%s/hold-growing", dir);
    snprintf(out, sizeof out, "%s/growing.json", dir);
    remove_db(db);
    assert_int_equal(tu_runf(NULL, "cp '%s' '%s'", file_a, path), 0);
    pid_t import = start_held_import(out, db, path, hold);
    /* the export is still being written when the import reads it */
    assert_int_equal(tu_runf(NULL, "tail -n 5 '%s' >> '%s'", file_b, path), 0);
    unlink(hold);
    assert_int_equal(wait_exit(import), 1);
    char *json = tu_read_file(out, NULL);
    char *error = tu_json_text(json, "$.files[0].error");
    assert_non_null(strstr(error, "changed while it was read"));
    free(error);
    free(json);
    /* nothing of it is stored or remembered, so the whole file imports later */
    assert_int_equal(contacts(db), 0);
    assert_int_equal(tu_db_int(db, "SELECT count(*) FROM imports"), 0);
    assert_int_equal(wait_exit(start_funnel(out, db, "import", "--format", "json", path, NULL)), 0);
    json = tu_read_file(out, NULL);
    assert_int_equal(tu_json_int(json, "$.files[0].read"), SMALL_ROWS + 5);
    assert_int_equal(contacts(db), tu_json_int(json, "$.files[0].imported"));
    free(json);
}

/* Waits for pid and returns its exit status: a run that waited on its own
 * lock fails as "database is locked" once the busy timeout is over. Prints
 * how long it took. */
static int run_timed(const char *db, const char *what, pid_t pid)
{
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    int status = wait_exit(pid);
    clock_gettime(CLOCK_MONOTONIC, &end);
    print_message("%s on %s: exit %d after %ld s\n", what, db, status,
                  (long)(end.tv_sec - start.tv_sec));
    return status;
}

static void test_grade_after_a_new_import_on_a_large_database_does_not_lock_itself(void **state)
{
    (void)state;
    char db[600], out[600];
    snprintf(db, sizeof db, "%s/large-grade.db", dir);
    snprintf(out, sizeof out, "%s/large-grade", dir);
    remove_db(db);
    assert_int_equal(wait_exit(start_funnel(NULL, db, "import", file_large, NULL)), 0);
    assert_int_equal(run_timed(db, "grade", start_funnel(NULL, db, "grade", NULL)), 0);
    /* the new import makes the stored grades stale: the next grading
     * deletes them in a transaction larger than the page cache while it
     * reads the contacts on a second connection */
    assert_int_equal(wait_exit(start_funnel(NULL, db, "import", file_a, NULL)), 0);
    assert_int_equal(run_timed(db, "grade", start_funnel(NULL, db, "grade", NULL)), 0);
    assert_int_equal(wait_exit(start_funnel(NULL, db, "import", file_b, NULL)), 0);
    assert_int_equal(run_timed(db, "report audit",
                               start_funnel(NULL, db, "report", "audit", "--out", out, NULL)),
                     0);
    assert_true(tu_query_int(db, "SELECT count(*) FROM grades") > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_imports_at_once_land_what_two_in_a_row_land),
        cmocka_unit_test(test_report_during_a_large_import_sees_before_or_after),
        cmocka_unit_test(test_a_file_replaced_during_its_import_is_imported_as_it_was_opened),
        cmocka_unit_test(test_a_file_written_to_during_its_import_is_refused),
        cmocka_unit_test(test_grade_after_a_new_import_on_a_large_database_does_not_lock_itself),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
