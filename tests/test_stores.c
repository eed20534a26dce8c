/* test_stores.c - end to end: a dealer group's stores (DOMAIN.md 6.3). A
 * customer is a (store, phone) pair and a salesperson a (store, name) pair;
 * each store's report equals that of a database holding the store alone;
 * a group's totals count a person once, with shared_customers. The numbers
 * are worked out by hand from tests/data/stores/ in the comments. */
#include "testutil.h"

#define DATA "data/stores/"
#define OCTOBER "--from 2026-10-01 --to 2026-10-31"

static int import_json(const char *db, const char *args, char **json)
{
    return tu_runf(json, TU_FUNNEL " --db '%s' import --format json %s 2>/dev/null", db, args);
}

static void test_one_export_under_two_stores_is_two_stores_customers(void **state)
{
    (void)state;
    char single[256], group[256], *json;
    const char *file = "data/import/visits_week1.csv";
    tu_fresh_db(single, sizeof single, "stores-single");
    tu_fresh_db(group, sizeof group, "stores-group");
    assert_int_equal(import_json(single, file, &json), 0);
    free(json);
    char args[256];
    snprintf(args, sizeof args, "--store A %s", file);
    assert_int_equal(import_json(group, args, &json), 0);
    tu_expect_int(json, "$.files[0].imported", 3);
    free(json);
    /* the same rows under another store are that store's rows, not duplicates */
    snprintf(args, sizeof args, "--store B %s", file);
    assert_int_equal(import_json(group, args, &json), 0);
    tu_expect_int(json, "$.files[0].imported", 3);
    tu_expect_int(json, "$.files[0].duplicates", 0);
    free(json);
    assert_int_equal(tu_db_int(group, "SELECT count(DISTINCT customer_key) FROM contacts"), 6);

    char *alone = tu_report_json(single, "funnel --from 2026-09-01 --to 2026-09-30");
    char *store_a = tu_report_json(group, "funnel --from 2026-09-01 --to 2026-09-30 --store A");
    char *both = tu_report_json(group, "funnel --from 2026-09-01 --to 2026-09-30");
    /* store A alone, number for number: 3 prospects, 3 visitors, 1 buyer */
    const char *paths[] = {"$.prospects",
                           "$.visitors",
                           "$.buyers",
                           "$.by_owner[0].prospects",
                           "$.by_owner[1].prospects",
                           "$.by_owner[0].buyers"};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++)
        tu_expect_int(store_a, paths[i], tu_json_int(alone, paths[i]));
    char *ratio = tu_json_text(alone, "$.ratio");
    tu_expect_text(store_a, "$.ratio", ratio);
    free(ratio);
    tu_expect_int(alone, "$.prospects", 3);
    /* the group: the three people once each, every one shared by A and B */
    tu_expect_int(both, "$.prospects", 3);
    tu_expect_int(both, "$.shared_customers", 3);
    assert_int_equal(tu_json_int(both, "$.prospects") + tu_json_int(both, "$.shared_customers"),
                     2 * tu_json_int(alone, "$.prospects"));
    free(alone);
    free(store_a);
    free(both);
}

static void test_a_group_export_counts_each_store_and_each_salesperson_apart(void **state)
{
    (void)state;
    char db[256], *json;
    tu_fresh_db(db, sizeof db, "stores-export");
    assert_int_equal(import_json(db, DATA "group.csv", &json), 0);
    tu_expect_int(json, "$.files[0].imported", 6);
    free(json);

    /* 城东店: 甲 乙 丙, 乙 ordered; 城西店: 丁 甲 戊, 甲 ordered, 戊 defeated */
    char *stores = tu_report_json(db, "stores " OCTOBER);
    tu_expect_text(stores, "$.rows[0].store", "城东店"); /* both 1 buyer, 3 prospects: by name */
    tu_expect_text(stores, "$.rows[1].store", "城西店");
    for (int i = 0; i < 2; i++) {
        char path[64];
        snprintf(path, sizeof path, "$.rows[%d].prospects", i);
        tu_expect_int(stores, path, 3);
        snprintf(path, sizeof path, "$.rows[%d].visitors", i);
        tu_expect_int(stores, path, 3);
        snprintf(path, sizeof path, "$.rows[%d].buyers", i);
        tu_expect_int(stores, path, 1);
        /* the order of 10-02 and 10-05 is overdue by 10-31 (O: more than 4 days) */
        snprintf(path, sizeof path, "$.rows[%d].overdue", i);
        tu_expect_int(stores, path, 1);
    }
    tu_expect_int(stores, "$.rows[0].defeats", 0);
    tu_expect_int(stores, "$.rows[1].defeats", 1);
    /* the group: 5 people, 甲 shared, 2 buyers (乙 and 甲) */
    tu_expect_int(stores, "$.prospects", 5);
    tu_expect_int(stores, "$.visitors", 5);
    tu_expect_int(stores, "$.buyers", 2);
    tu_expect_int(stores, "$.shared_customers", 1);
    free(stores);

    /* 张伟 of 城东店 and 张伟 of 城西店: two salespeople */
    char *people = tu_report_json(db, "salespeople " OCTOBER);
    char *zhang = tu_json_eval(people, "(SELECT group_concat(json_extract(value, '$.store') || ':'"
                                       " || json_extract(value, '$.prospects') || ':'"
                                       " || json_extract(value, '$.buyers'), ' ')"
                                       " FROM (SELECT value FROM json_each(?1, '$.rows')"
                                       " WHERE json_extract(value, '$.salesperson') = '张伟'"
                                       " ORDER BY json_extract(value, '$.store')))");
    assert_string_equal(zhang, "城东店:2:1 城西店:2:1");
    free(zhang);
    free(people);
}

static void test_a_stores_report_equals_the_database_of_that_store_alone(void **state)
{
    (void)state;
    char group[256], alone[256], *json;
    tu_fresh_db(group, sizeof group, "stores-east-group");
    tu_fresh_db(alone, sizeof alone, "stores-east-alone");
    assert_int_equal(import_json(group, DATA "group.csv", &json), 0);
    free(json);
    assert_int_equal(import_json(alone, DATA "east_alone.csv", &json), 0);
    free(json);
    const char *reports[] = {"funnel " OCTOBER, "salespeople " OCTOBER, "defeats " OCTOBER,
                             "audit --as-of 2026-10-31"};
    const char *keys[] = {"$.prospects", "$.buyers",  "$.rows[0].prospects",
                          "$.cases",     "$.overdue", "$.rows[0].buyers"};
    for (size_t r = 0; r < sizeof reports / sizeof reports[0]; r++) {
        char args[128];
        snprintf(args, sizeof args, "%s --store 城东店", reports[r]);
        char *east = tu_report_json(group, args);
        char *own = tu_report_json(alone, reports[r]);
        for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
            char *a = tu_json_text(east, keys[k]), *b = tu_json_text(own, keys[k]);
            if (strcmp(a, b) != 0)
                fail_msg("%s %s: '%s' in the group's store, '%s' alone", reports[r], keys[k], a, b);
            free(a);
            free(b);
        }
        free(east);
        free(own);
    }
    /* and the by-hand numbers: 3 prospects, 1 buyer (乙), 1 overdue order */
    char *east = tu_report_json(group, "audit --as-of 2026-10-31 --store 城东店");
    tu_expect_int(east, "$.overdue", 1);
    free(east);
}

static void test_the_monthly_pack_of_a_group_opens_with_its_stores(void **state)
{
    (void)state;
    char db[256], out[256], *json;
    tu_fresh_db(db, sizeof db, "stores-monthly");
    snprintf(out, sizeof out, "/tmp/funnel-test-%d-stores-monthly", (int)getpid());
    assert_int_equal(import_json(db, DATA "group.csv", &json), 0);
    free(json);
    assert_int_equal(
        tu_runf(NULL, TU_FUNNEL " --db '%s' report monthly --month 2026-10 --out '%s'", db, out),
        0);
    char path[300];
    snprintf(path, sizeof path, "%s/monthly.json", out);
    json = tu_read_file(path, NULL);
    tu_expect_text(json, "$.stores[0].store", "城东店");
    tu_expect_text(json, "$.stores[1].store", "城西店");
    tu_expect_int(json, "$.stores[1].defeats", 1);
    /* the month against the month before counts a person once too: 5, not 6 */
    tu_expect_int(json, "$.prospects", 5);
    tu_expect_int(json, "$.compare[0].this_month", 5);
    tu_expect_int(json, "$.shared_customers", 1);
    /* the funnel chart counts people as the table does */
    tu_expect_int(json, "$.funnel_chart[0].actual", 5);
    /* salespeople store by store, in the stores' order (1 buyer and 3
     * prospects each; in the pipeline 城东店 3: 甲, 乙 O, 丙; 城西店 2: 丁, 甲
     * O, 戊 defeated), then by buyers: 张伟 1 before 李娜 0, 张伟 1 before 王磊
     * 0; the same in every per-salesperson table */
    static const char *const order[][2] = {
        {"城东店", "张伟"}, {"城东店", "李娜"}, {"城西店", "张伟"}, {"城西店", "王磊"}};
    static const char *const tables[] = {"rows", "by_owner"};
    for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++)
        for (int i = 0; i < 4; i++) {
            char at[64];
            snprintf(at, sizeof at, "$.%s[%d].store", tables[t], i);
            tu_expect_text(json, at, order[i][0]);
            snprintf(at, sizeof at, "$.%s[%d].salesperson", tables[t], i);
            tu_expect_text(json, at, order[i][1]);
        }
    /* the grade mix tells the two 张伟 apart too (as of 10-31, in the
     * pipeline: 城东店's 甲 C and 乙 O, 城西店's 丁 C and 甲 O; 李娜's 丙 C;
     * 王磊's 戊 is defeated) */
    assert_int_equal(tu_array_length(json, "$.grade_mix"), 3);
    static const char *const mix[] = {"张伟（城东店）", "李娜", "张伟（城西店）"};
    for (int i = 0; i < 3; i++) {
        char at[64];
        snprintf(at, sizeof at, "$.grade_mix[%d].salesperson", i);
        tu_expect_text(json, at, mix[i]);
        snprintf(at, sizeof at, "$.grade_mix[%d].C", i);
        tu_expect_int(json, at, 1);
        snprintf(at, sizeof at, "$.grade_mix[%d].O", i);
        tu_expect_int(json, at, i == 1 ? 0 : 1);
    }
    free(json);
    /* the two 张伟 are told apart by their store, where stores differ */
    snprintf(path, sizeof path, "%s/monthly.html", out);
    char *html = tu_read_file(path, NULL);
    assert_non_null(strstr(html, "门店 store</th>"));
    free(html);
    tu_runf(NULL, "rm -rf '%s'", out);
}

/* The grade changes and the daily report count a salesperson as a (store,
 * name) pair too. October's changes (D1 2026-09-30, D2 2026-10-31): every
 * customer is new, first contacted in October; in the pipeline at D2
 * 城东店's 甲 and 乙 (张伟) and 丙 (李娜), 城西店's 丁 and 甲 (张伟); 戊 is
 * defeated, in the pipeline at neither date. On 2026-10-05 城西店's 张伟
 * saw 甲, who ordered; 城东店's 张伟 did nothing that day. */
static void test_grade_changes_and_the_daily_report_tell_the_two_zhang_wei_apart(void **state)
{
    (void)state;
    char db[256], *json;
    tu_fresh_db(db, sizeof db, "stores-changes");
    assert_int_equal(import_json(db, DATA "group.csv", &json), 0);
    free(json);
    json = tu_report_json(db, "changes --month 2026-10");
    assert_int_equal(tu_array_length(json, "$.by_owner"), 3);
    static const char *const owners[][2] = {{"城东店", "张伟"}, {"城东店", "李娜"}, {"城西店", "张伟"}};
    static const int news[] = {2, 1, 2};
    for (int i = 0; i < 3; i++) {
        char at[64];
        snprintf(at, sizeof at, "$.by_owner[%d].store", i);
        tu_expect_text(json, at, owners[i][0]);
        snprintf(at, sizeof at, "$.by_owner[%d].salesperson", i);
        tu_expect_text(json, at, owners[i][1]);
        snprintf(at, sizeof at, "$.by_owner[%d].new", i);
        tu_expect_int(json, at, news[i]);
    }
    free(json);
    json = tu_report_json(db, "daily --date 2026-10-05");
    char *n = tu_json_eval(json, "(SELECT json_extract(value, '$.visits') || '/' ||"
                                 " json_extract(value, '$.orders') FROM json_each(?1, '$.rows')"
                                 " WHERE json_extract(value, '$.salesperson') = '张伟'"
                                 " AND json_extract(value, '$.store') = '城西店')");
    assert_string_equal(n, "1/1");
    free(n);
    n = tu_json_eval(json, "(SELECT count(*) FROM json_each(?1, '$.rows')"
                           " WHERE json_extract(value, '$.salesperson') = '张伟'"
                           " AND json_extract(value, '$.store') = '城东店'"
                           " AND json_extract(value, '$.visits') > 0)");
    assert_string_equal(n, "0");
    free(n);
    free(json);
}

static void test_a_store_column_shows_only_when_stores_differ(void **state)
{
    (void)state;
    char group[256], alone[256], *json, *text;
    tu_fresh_db(group, sizeof group, "stores-column-group");
    tu_fresh_db(alone, sizeof alone, "stores-column-alone");
    assert_int_equal(import_json(group, DATA "group.csv", &json), 0);
    free(json);
    assert_int_equal(import_json(alone, DATA "east_alone.csv", &json), 0);
    free(json);
    assert_int_equal(tu_runf(&text, TU_FUNNEL " --db '%s' report salespeople " OCTOBER, group), 0);
    assert_non_null(strstr(text, "城西店"));
    assert_non_null(strstr(text, "门店"));
    free(text);
    assert_int_equal(tu_runf(&text, TU_FUNNEL " --db '%s' report salespeople " OCTOBER, alone), 0);
    assert_null(strstr(text, "门店"));
    free(text);
}

static void test_a_store_the_database_does_not_hold_is_refused(void **state)
{
    (void)state;
    char db[256], *json, *out;
    tu_fresh_db(db, sizeof db, "stores-unknown");
    assert_int_equal(import_json(db, DATA "group.csv", &json), 0);
    free(json);
    assert_int_equal(
        tu_runf(&out, TU_FUNNEL " --db '%s' report funnel " OCTOBER " --store 城北店 2>&1", db), 1);
    assert_non_null(strstr(out, "no store named '城北店'"));
    free(out);
}

static void test_a_store_column_beside_files_without_one_is_warned_of(void **state)
{
    (void)state;
    char db[256], *json;
    tu_fresh_db(db, sizeof db, "stores-split");
    assert_int_equal(import_json(db, DATA "east_alone.csv", &json), 0);
    free(json);
    assert_int_equal(import_json(db, DATA "group.csv", &json), 0);
    tu_expect_int(json, "$.files[0].warnings", 1);
    char *text = tu_json_text(json, "$.files[0].messages[0].text");
    assert_non_null(strstr(text, "--store NAME"));
    free(text);
    free(json);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_export_under_two_stores_is_two_stores_customers),
        cmocka_unit_test(test_a_group_export_counts_each_store_and_each_salesperson_apart),
        cmocka_unit_test(test_a_stores_report_equals_the_database_of_that_store_alone),
        cmocka_unit_test(test_the_monthly_pack_of_a_group_opens_with_its_stores),
        cmocka_unit_test(test_grade_changes_and_the_daily_report_tell_the_two_zhang_wei_apart),
        cmocka_unit_test(test_a_store_column_shows_only_when_stores_differ),
        cmocka_unit_test(test_a_store_the_database_does_not_hold_is_refused),
        cmocka_unit_test(test_a_store_column_beside_files_without_one_is_warned_of),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
