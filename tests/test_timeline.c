/* test_timeline.c - pins down timeline.c: customers in key order, each
 * customer's contacts by day, then time (none as 00:00:00), then id,
 * whichever of the two halves read them; the filters (until, the recent
 * customers, one customer); the flags and a contact's place in id order. */
#include "testutil.h"

#include "dates.h"
#include "db.h"
#include "normalize.h"
#include "rules.h"
#include "timeline.h"

/* A database file (read in two halves) or in memory (one), holding the
 * contacts below in id order. */
static sqlite3 *make_db(const char *name, int in_memory)
{
    char path[256], err[256];
    tu_fresh_db(path, sizeof path, name);
    sqlite3 *db = db_open(in_memory ? ":memory:" : path, err, sizeof err);
    if (!db) fail_msg("%s", err);
    static const char sql[] =
        "INSERT INTO imports (id, file, sha256, size, kind, encoding, imported_at, read,"
        " imported, duplicates, rejected, warnings) VALUES (1, 'f.csv', 'x', 0, 'visits',"
        " 'utf-8', '2026-10-01', 0, 0, 0, 0, 0);"
        /* id, day, time, key, name, outcome, timeframe_days, test_drive, quote, source */
        "INSERT INTO contacts (id, import_id, line, kind, day, time, customer_key, customer,"
        " salesperson, model, outcome, timeframe_days, test_drive, quote, source, rowkey) VALUES"
        " (1, 1, 2, 'visit', '2026-10-05', '10:00:00', '139', 'B', '王磊', 'X3', 'FOLLOW', 30,"
        "  1, 0, '展厅', x'01'),"
        " (2, 1, 3, 'call', '2026-10-02', NULL, '138', 'A', '李娜', NULL, 'FOLLOW', NULL, 0, 1,"
        "  NULL, x'02'),"
        " (3, 1, 4, 'visit', '2026-10-05', '09:00:00', '139', '', '王磊', 'X3', 'FOLLOW', 7, 0,"
        "  0, '网络', x'03'),"
        " (4, 1, 5, 'call', '2026-10-02', '00:00:00', '138', 'A', '李娜', 'EV6', 'FOLLOW', NULL,"
        "  0, 0, '网络', x'04'),"
        " (5, 1, 6, 'visit', '2026-10-20', '11:00:00', '137', 'C', '刘洋', 'X3', 'ORDER', NULL,"
        "  0, 0, '', x'05'),"
        " (6, 1, 7, 'call', '2026-10-01', '08:00:00', '138', 'A', '李娜', 'EV6', 'FOLLOW', 14,"
        "  0, 0, '展厅', x'06'),"
        " (7, 1, 8, 'visit', '2026-10-09', '15:00:00', '139', 'B', '王磊', 'X3', 'DEFEAT', NULL,"
        "  0, 0, '展厅', x'07');";
    if (db_exec(db, sql, err, sizeof err) != 0) fail_msg("%s", err);
    return db;
}

static struct timeline *load(sqlite3 *db, const char *until, const char *since,
                             const char *recent_until, const char *customer)
{
    char err[256];
    struct timeline_filter f = {until, since, recent_until, customer};
    struct timeline *t = timeline_load(db, &f, err, sizeof err);
    if (!t) fail_msg("timeline_load: %s", err);
    return t;
}

/* Customer i's contacts as "day time outcome read_order; ...". */
static void contacts_text(struct timeline *t, size_t i, char *out, size_t size)
{
    const struct timeline_contact *const *k;
    size_t n = timeline_contacts(t, 0, i, &k), used = 0;
    out[0] = '\0';
    for (size_t j = 0; j < n && used < size; j++) {
        char day[DATES_DAY_SIZE];
        int s = k[j]->seconds;
        dates_format(k[j]->day, day);
        used += (size_t)snprintf(out + used, size - used, "%s%s %02d:%02d:%02d %s %zu",
                                 j ? "; " : "", day, s / 3600, s / 60 % 60, s % 60,
                                 norm_outcome_name(k[j]->outcome), k[j]->read_order);
    }
}

static void check_all_customers(sqlite3 *db)
{
    char text[512];
    struct timeline *t = load(db, "2026-12-31", NULL, NULL, NULL);
    assert_int_equal(timeline_customers(t), 3);
    assert_string_equal(timeline_key(t, 0), "137");
    assert_string_equal(timeline_key(t, 1), "138");
    assert_string_equal(timeline_key(t, 2), "139");
    contacts_text(t, 1, text, sizeof text);
    /* 10-02 without a time counts as 00:00:00 and keeps id order with the
     * contact at 00:00:00 the same day */
    assert_string_equal(text, "2026-10-01 08:00:00 FOLLOW 2; 2026-10-02 00:00:00 FOLLOW 0;"
                              " 2026-10-02 00:00:00 FOLLOW 1");
    contacts_text(t, 2, text, sizeof text);
    assert_string_equal(text, "2026-10-05 09:00:00 FOLLOW 1; 2026-10-05 10:00:00 FOLLOW 0;"
                              " 2026-10-09 15:00:00 DEFEAT 2");
    timeline_free(t);
}

static void test_contacts_come_by_day_time_and_id_in_one_half(void **state)
{
    (void)state;
    sqlite3 *db = make_db("timeline-memory", 1);
    check_all_customers(db);
    db_close(db);
}

static void test_contacts_come_by_day_time_and_id_across_two_halves(void **state)
{
    (void)state;
    sqlite3 *db = make_db("timeline-file", 0);
    check_all_customers(db);
    db_close(db);
}

static void test_texts_flags_and_timeframes_are_the_contacts(void **state)
{
    (void)state;
    sqlite3 *db = make_db("timeline-fields", 0);
    struct timeline *t = load(db, "2026-12-31", NULL, NULL, NULL);
    const struct timeline_contact *const *k;
    assert_int_equal(timeline_contacts(t, 0, 2, &k), 3);
    assert_string_equal(k[0]->customer, ""); /* as stored */
    assert_string_equal(k[1]->customer, "B");
    assert_int_equal(k[1]->visit, 1);
    assert_int_equal(k[0]->outcome, OUTCOME_FOLLOW);
    assert_string_equal(k[1]->salesperson, "王磊");
    assert_string_equal(k[1]->model, "X3");
    /* the model and the source, one pair per contact */
    assert_string_equal(k[0]->model, "X3");
    assert_string_equal(k[0]->source, "网络");
    assert_string_equal(k[1]->source, "展厅");
    assert_int_equal(k[0]->timeframe_days, 7);
    assert_int_equal(k[1]->timeframe_days, 30);
    assert_int_equal(k[1]->flags, RULES_TEST_DRIVE);
    /* customer 1 on the other lane leaves customer 2's contacts as they
     * are */
    const struct timeline_contact *const *other;
    assert_int_equal(timeline_contacts(t, 1, 1, &other), 3);
    assert_string_equal(k[1]->customer, "B");
    assert_string_equal(k[0]->source, "网络");
    assert_int_equal(k[1]->flags, RULES_TEST_DRIVE);
    k = other;
    /* id 2 (no time) comes before id 4 (00:00:00) on the same day */
    assert_int_equal(k[1]->read_order, 0);
    assert_string_equal(k[1]->model, ""); /* NULL as "" */
    assert_string_equal(k[1]->source, "");
    assert_string_equal(k[0]->source, "展厅");
    assert_string_equal(k[2]->source, "网络");
    assert_int_equal(k[1]->seconds, 0);
    assert_int_equal(k[1]->visit, 0);
    assert_int_equal(k[1]->timeframe_days, -1);
    assert_int_equal(k[1]->flags, RULES_QUOTE);
    assert_string_equal(k[2]->model, "EV6");
    timeline_free(t);
    db_close(db);
}

static void test_until_leaves_out_later_contacts_and_customers(void **state)
{
    (void)state;
    char text[512];
    sqlite3 *db = make_db("timeline-until", 0);
    struct timeline *t = load(db, "2026-10-05", NULL, NULL, NULL);
    assert_int_equal(timeline_customers(t), 2); /* 137 first comes on 10-20 */
    assert_string_equal(timeline_key(t, 0), "138");
    contacts_text(t, 1, text, sizeof text);
    assert_string_equal(text, "2026-10-05 09:00:00 FOLLOW 1; 2026-10-05 10:00:00 FOLLOW 0");
    timeline_free(t);
    db_close(db);
}

static void test_since_keeps_only_the_customers_contacted_recently(void **state)
{
    (void)state;
    char text[512];
    sqlite3 *db = make_db("timeline-since", 0);
    /* contacted after 10-04 and up to 10-09: 139 only (137 comes later) */
    struct timeline *t = load(db, "2026-10-09", "2026-10-04", "2026-10-09", NULL);
    assert_int_equal(timeline_customers(t), 1);
    assert_string_equal(timeline_key(t, 0), "139");
    contacts_text(t, 0, text, sizeof text);
    assert_string_equal(text, "2026-10-05 09:00:00 FOLLOW 1; 2026-10-05 10:00:00 FOLLOW 0;"
                              " 2026-10-09 15:00:00 DEFEAT 2");
    timeline_free(t);
    db_close(db);
}

static void test_customer_filter_reads_one_customer_as_the_grading_does(void **state)
{
    (void)state;
    char text[512];
    sqlite3 *db = make_db("timeline-customer", 0);
    struct timeline *t = load(db, "2026-10-02", NULL, NULL, "138");
    assert_int_equal(timeline_customers(t), 1);
    assert_string_equal(timeline_key(t, 0), "138");
    contacts_text(t, 0, text, sizeof text);
    assert_string_equal(text, "2026-10-01 08:00:00 FOLLOW 2; 2026-10-02 00:00:00 FOLLOW 0;"
                              " 2026-10-02 00:00:00 FOLLOW 1");
    timeline_free(t);
    t = load(db, "2026-12-31", NULL, NULL, "13900000000");
    assert_int_equal(timeline_customers(t), 0);
    timeline_free(t);
    db_close(db);
}

static void test_an_empty_database_has_no_customers(void **state)
{
    (void)state;
    char path[256], err[256];
    tu_fresh_db(path, sizeof path, "timeline-empty");
    sqlite3 *db = db_open(path, err, sizeof err);
    assert_non_null(db);
    struct timeline *t = load(db, "2026-12-31", NULL, NULL, NULL);
    assert_int_equal(timeline_customers(t), 0);
    timeline_free(t);
    timeline_free(NULL);
    db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_contacts_come_by_day_time_and_id_in_one_half),
        cmocka_unit_test(test_contacts_come_by_day_time_and_id_across_two_halves),
        cmocka_unit_test(test_texts_flags_and_timeframes_are_the_contacts),
        cmocka_unit_test(test_until_leaves_out_later_contacts_and_customers),
        cmocka_unit_test(test_since_keeps_only_the_customers_contacted_recently),
        cmocka_unit_test(test_customer_filter_reads_one_customer_as_the_grading_does),
        cmocka_unit_test(test_an_empty_database_has_no_customers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
