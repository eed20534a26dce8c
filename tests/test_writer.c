/* test_writer.c - pins down writer.c: rows staged on one thread are stored
 * on the writer's, in order, with every kind of value, across many batches;
 * ignored inserts are counted apart; the first failing row stops the writer
 * and is named by its tag; rows stored several at once keep their order. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "writer.h"

struct fixture {
    sqlite3 *db;
    sqlite3_stmt *statements[2];
};

#define SCHEMA                                                                                     \
    "CREATE TABLE t (n INTEGER UNIQUE, text TEXT, data BLOB, none);"                               \
    "CREATE TABLE log (message TEXT NOT NULL CHECK (message <> 'boom'));"

/* An in-memory database with tables t and log, and a writer started on
 * their two statements. */
static struct writer *start_writer(struct fixture *f)
{
    assert_int_equal(sqlite3_open(":memory:", &f->db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(f->db, SCHEMA, NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(f->db, "INSERT OR IGNORE INTO t VALUES (?, ?, ?, ?)", -1,
                                        &f->statements[0], NULL),
                     SQLITE_OK);
    assert_int_equal(
        sqlite3_prepare_v2(f->db, "INSERT INTO log VALUES (?)", -1, &f->statements[1], NULL),
        SQLITE_OK);
    struct writer *w = writer_start(f->db, f->statements, 2);
    assert_non_null(w);
    return w;
}

static void close_fixture(struct fixture *f)
{
    sqlite3_finalize(f->statements[0]);
    sqlite3_finalize(f->statements[1]);
    sqlite3_close(f->db);
}

static long count(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    long n = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

/* Stages row n of statement 0: n, "row n" padded to a length that varies,
 * a 3-byte blob and a NULL. */
static int stage_row(struct writer *w, long n)
{
    char text[3000];
    int len = snprintf(text, sizeof text, "row %ld ", n);
    size_t pad = (size_t)(n % 7) * 400;
    memset(text + len, 'x', pad);
    unsigned char blob[3] = {(unsigned char)n, 0, 0xFF};
    writer_row(w, 0, n);
    writer_int(w, n);
    writer_text(w, text, (size_t)len + pad);
    writer_blob(w, blob, sizeof blob);
    writer_null(w);
    return writer_end_row(w);
}

static void test_rows_of_many_batches_are_stored_in_order_with_every_kind_of_value(void **state)
{
    (void)state;
    struct fixture f;
    struct writer *w = start_writer(&f);
    for (long n = 1; n <= 20000; n++)
        assert_int_equal(stage_row(w, n), 0);
    writer_row(w, 1, 0);
    writer_text(w, "done", 4);
    assert_int_equal(writer_end_row(w), 0);
    struct writer_result result;
    assert_int_equal(writer_finish(w, &result), 0);
    assert_int_equal(result.changed[0], 20000);
    assert_int_equal(result.unchanged[0], 0);
    assert_int_equal(result.changed[1], 1);

    assert_int_equal(count(f.db, "SELECT count(*) FROM t"), 20000);
    /* in staging order: rowids follow n */
    assert_int_equal(count(f.db, "SELECT count(*) FROM t WHERE rowid <> n"), 0);
    assert_int_equal(count(f.db,
                           "SELECT count(*) FROM t WHERE text <> 'row ' || n || ' ' ||"
                           " substr(replace(hex(zeroblob(3000)), '00', 'x'), 1, n % 7 * 400)"),
                     0);
    assert_int_equal(count(f.db, "SELECT count(*) FROM t WHERE typeof(data) <> 'blob'"
                                 " OR hex(data) <> printf('%02X00FF', n % 256)"),
                     0);
    assert_int_equal(count(f.db, "SELECT count(*) FROM t WHERE none IS NOT NULL"), 0);
    assert_int_equal(count(f.db, "SELECT count(*) FROM log WHERE message = 'done'"), 1);
    close_fixture(&f);
}

static void test_ignored_inserts_are_counted_as_unchanged(void **state)
{
    (void)state;
    struct fixture f;
    struct writer *w = start_writer(&f);
    for (long n = 1; n <= 3000; n++)
        assert_int_equal(stage_row(w, n % 1000), 0); /* 0..999, three times */
    struct writer_result result;
    assert_int_equal(writer_finish(w, &result), 0);
    assert_int_equal(result.changed[0], 1000);
    assert_int_equal(result.unchanged[0], 2000);
    assert_int_equal(count(f.db, "SELECT count(*) FROM t"), 1000);
    close_fixture(&f);
}

static void test_first_failing_row_stops_the_writer_and_is_named(void **state)
{
    (void)state;
    struct fixture f;
    struct writer *w = start_writer(&f);
    int refused = 0;
    for (long n = 1; n <= 50000 && !refused; n++) {
        if (n == 1234) {
            writer_row(w, 1, n);
            writer_text(w, "boom", 4);
            refused = writer_end_row(w) != 0;
        } else {
            refused = stage_row(w, n) != 0;
        }
    }
    assert_true(refused); /* staging learns of the failure before the end */
    struct writer_result result;
    assert_int_equal(writer_finish(w, &result), -1);
    assert_int_equal(result.failed_tag, 1234);
    assert_non_null(strstr(result.error, "CHECK constraint failed"));
    /* the rows before it were stored, none after it */
    assert_int_equal(count(f.db, "SELECT count(*) FROM t"), 1233);
    assert_int_equal(count(f.db, "SELECT max(n) FROM t"), 1233);
    close_fixture(&f);
}

/* With a 7-row insert for statement 0, rows in runs of 7 and between the
 * log's rows alike are stored in staging order, each once, and counted. */
static void test_rows_stored_several_at_once_keep_their_order_and_counts(void **state)
{
    (void)state;
    struct fixture f;
    struct writer *w = start_writer(&f);
    sqlite3_stmt *many;
    assert_int_equal(sqlite3_prepare_v2(f.db,
                                        "INSERT OR IGNORE INTO t VALUES (?, ?, ?, ?), (?, ?, ?, ?),"
                                        " (?, ?, ?, ?), (?, ?, ?, ?), (?, ?, ?, ?), (?, ?, ?, ?),"
                                        " (?, ?, ?, ?)",
                                        -1, &many, NULL),
                     SQLITE_OK);
    writer_many(w, 0, many, 7);
    for (long n = 1; n <= 3000; n++) {
        assert_int_equal(stage_row(w, n % 1000), 0); /* 1..999, 0, three times */
        if (n % 100 == 0) {                          /* a run broken by another statement */
            writer_row(w, 1, n);
            writer_text(w, "hundred", 7);
            assert_int_equal(writer_end_row(w), 0);
        }
    }
    struct writer_result result;
    assert_int_equal(writer_finish(w, &result), 0);
    assert_int_equal(result.changed[0], 1000);
    assert_int_equal(result.unchanged[0], 2000);
    assert_int_equal(result.changed[1], 30);
    assert_int_equal(count(f.db, "SELECT count(*) FROM t"), 1000);
    /* the first 999 rows as staged, then 0 */
    assert_int_equal(count(f.db, "SELECT count(*) FROM t WHERE n <> rowid % 1000"), 0);
    assert_int_equal(count(f.db,
                           "SELECT count(*) FROM t WHERE text <> 'row ' || n || ' ' ||"
                           " substr(replace(hex(zeroblob(3000)), '00', 'x'), 1, n % 7 * 400)"
                           " OR hex(data) <> printf('%02X00FF', n % 256) OR none IS NOT NULL"),
                     0);
    assert_int_equal(count(f.db, "SELECT count(*) FROM log WHERE message = 'hundred'"), 30);
    sqlite3_finalize(many);
    close_fixture(&f);
}

static void test_writer_with_nothing_staged_stores_nothing(void **state)
{
    (void)state;
    struct fixture f;
    struct writer *w = start_writer(&f);
    struct writer_result result;
    assert_int_equal(writer_finish(w, &result), 0);
    assert_int_equal(result.changed[0] + result.unchanged[0] + result.changed[1], 0);
    assert_int_equal(count(f.db, "SELECT count(*) FROM t"), 0);
    close_fixture(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows_of_many_batches_are_stored_in_order_with_every_kind_of_value),
        cmocka_unit_test(test_ignored_inserts_are_counted_as_unchanged),
        cmocka_unit_test(test_first_failing_row_stops_the_writer_and_is_named),
        cmocka_unit_test(test_rows_stored_several_at_once_keep_their_order_and_counts),
        cmocka_unit_test(test_writer_with_nothing_staged_stores_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
