/* test_targets.c - end to end: targets imported from a manager's sheet,
 * pace in the monthly pack, and funnel plan (DOMAIN.md 7.5). Every number
 * is worked out by hand from tests/data/targets/ in the comments:
 *
 *   August to October: 张伟 owns V1 V3 V5 (visits) and C1 C2 (calls), 李娜
 *   V2 V4 V6 and C3 C4; V1 orders on 08-20, V2 on 09-10. So 10 prospects,
 *   6 visitors, 2 buyers; each salesperson 5, 3, 1.
 *   November to the 10th (the latest data): 张伟's N1 (visit, order 11-02),
 *   N2 (visit), N3 (call): 3 prospects, 2 visitors, 1 buyer. */
#include "testutil.h"

#define DATA "data/targets/"

static void fresh_with_logs(char *db, size_t size, const char *name)
{
    char *json;
    tu_fresh_db(db, size, name);
    if (tu_runf(&json,
                TU_FUNNEL " --db '%s' import --format json " DATA "visits.csv " DATA "calls.csv",
                db) != 0)
        fail_msg("the logs did not import:\n%s", json);
    free(json);
}

static char *run_json(const char *db, const char *args, int want_status)
{
    char *json = NULL;
    int status = tu_runf(&json, TU_FUNNEL " --db '%s' %s 2>/dev/null", db, args);
    if (status != want_status) fail_msg("%s exited %d:\n%s", args, status, json ? json : "");
    return json;
}

static void test_targets_import_like_logs_and_a_later_file_replaces_them(void **state)
{
    (void)state;
    char db[256];
    fresh_with_logs(db, sizeof db, "targets-import");
    char *json = run_json(db, "import --format json " DATA "targets.csv", 0);
    tu_expect_text(json, "$.files[0].kind", "targets");
    tu_expect_int(json, "$.files[0].imported", 2);
    free(json);
    /* the same file again: imported before */
    json = run_json(db, "import --format json " DATA "targets.csv", 0);
    tu_expect_int(json, "$.files[0].duplicates", 2);
    free(json);
    /* 张伟 revised to 5 buyers and 22 visitors; 李娜 unchanged */
    json = run_json(db, "import --format json " DATA "targets_revised.csv", 0);
    tu_expect_int(json, "$.files[0].imported", 1);
    tu_expect_int(json, "$.files[0].duplicates", 1);
    free(json);
    assert_int_equal(tu_db_int(db, "SELECT count(*) FROM targets"), 2);
    assert_int_equal(tu_db_int(db, "SELECT buyers * 100 + visitors FROM targets"
                                   " WHERE salesperson = '张伟'"),
                     5 * 100 + 22);
}

static void test_bad_targets_rows_are_rejected_with_line_and_reason(void **state)
{
    (void)state;
    char db[256];
    fresh_with_logs(db, sizeof db, "targets-bad");
    /* lines 3-8: 2026年11月 张伟 ok; 2026-13; -1; 两台; 赵六 ok but in no log
     * (a warning); 合计 skipped */
    char *json = run_json(db, "import --format json " DATA "bad_targets.csv", 2);
    tu_expect_int(json, "$.files[0].read", 6);
    tu_expect_int(json, "$.files[0].imported", 2);
    tu_expect_int(json, "$.files[0].rejected", 3);
    tu_expect_int(json, "$.files[0].skipped", 1);
    tu_expect_int(json, "$.files[0].warnings", 1);
    char *all =
        tu_json_eval(json, "(SELECT group_concat(json_extract(value, '$.line') || ' ' ||"
                           " json_extract(value, '$.text'), '|')"
                           " FROM json_each(?1, '$.files[0].messages')"
                           " WHERE json_extract(value, '$.level') IN ('reject', 'warning'))");
    assert_non_null(strstr(all, "4 month '2026-13' is not a month"));
    assert_non_null(strstr(all, "5 buyers '-1' is a negative target"));
    assert_non_null(strstr(all, "6 buyers '两台' is not a number"));
    assert_non_null(strstr(all, "7 salesperson '赵六' appears in no visit or phone log"));
    free(all);
    free(json);
    assert_int_equal(tu_db_int(db, "SELECT count(*) FROM targets WHERE month = '2026-11'"), 2);
}

static void test_pace_projects_a_running_month_from_the_latest_data(void **state)
{
    (void)state;
    char db[256], out[256], path[300];
    fresh_with_logs(db, sizeof db, "targets-pace");
    free(run_json(db, "import " DATA "targets.csv", 0));
    snprintf(out, sizeof out, "/tmp/funnel-test-%d-pace", (int)getpid());
    char args[400];
    snprintf(args, sizeof args, "report monthly --month 2026-11 --out '%s'", out);
    free(run_json(db, args, 0));
    snprintf(path, sizeof path, "%s/monthly.json", out);
    char *json = tu_read_file(path, NULL);
    /* the month runs to the latest data, 11-10: 10 of its 30 days */
    tu_expect_text(json, "$.to", "2026-11-10");
    char *title = tu_json_text(json, "$.title");
    assert_non_null(strstr(title, "截至 11-10"));
    free(title);
    /* 张伟: 1 buyer × 30 / 10 = 3.0 against 4; 2 visitors → 6.0 against 20
     * (4 × 5); 3 prospects → 9.0 against 100 (4 × 25) */
    tu_expect_text(json, "$.targets[0].salesperson", "张伟");
    tu_expect_int(json, "$.targets[0].buyers", 1);
    tu_expect_int(json, "$.targets[0].projected_buyers", 3);
    tu_expect_int(json, "$.targets[0].target_visitors", 20);
    tu_expect_int(json, "$.targets[0].visitors", 2);
    tu_expect_int(json, "$.targets[0].projected_visitors", 6);
    tu_expect_int(json, "$.targets[0].target_prospects", 100);
    tu_expect_int(json, "$.targets[0].prospects", 3);
    tu_expect_int(json, "$.targets[0].gap", 1);
    /* 李娜: target 2, nothing yet: gap 2.0; after 张伟, who has a buyer (the
     * pack's order of salespeople, the conversion table's) */
    tu_expect_text(json, "$.targets[1].salesperson", "李娜");
    tu_expect_int(json, "$.targets[1].target_buyers", 2);
    tu_expect_int(json, "$.targets[1].projected_buyers", 0);
    tu_expect_int(json, "$.targets[1].gap", 2);
    /* the total: 6 against 3.0 projected */
    tu_expect_int(json, "$.targets[2].target_buyers", 6);
    tu_expect_int(json, "$.targets[2].projected_buyers", 3);
    tu_expect_int(json, "$.targets[2].gap", 3);
    free(json);
    tu_runf(NULL, "rm -rf '%s'", out);
}

static void test_plan_works_back_from_the_buyers_two_ways(void **state)
{
    (void)state;
    char db[256];
    fresh_with_logs(db, sizeof db, "targets-plan");
    free(run_json(db, "import " DATA "targets.csv", 0));
    char *json = run_json(db, "plan --buyers 5 --month 2026-11 --format json", 0);
    tu_expect_int(json, "$.buyers", 5);
    /* 25:5:1: 25 visitors, 125 prospects */
    tu_expect_int(json, "$.by_target.visitors", 25);
    tu_expect_int(json, "$.by_target.prospects", 125);
    /* August to October: visit rate 6/10, close rate 2/6; ⌈5 × 6 / 2⌉ = 15
     * visitors, ⌈15 × 10 / 6⌉ = 25 prospects */
    tu_expect_text(json, "$.by_own_rates.from", "2026-08-01");
    tu_expect_text(json, "$.by_own_rates.to", "2026-10-31");
    tu_expect_text(json, "$.by_own_rates.visit_rate", "0.6");
    tu_expect_text(json, "$.by_own_rates.close_rate", "0.3333");
    tu_expect_int(json, "$.by_own_rates.visitors", 15);
    tu_expect_int(json, "$.by_own_rates.prospects", 25);
    /* 张伟: 4 buyers; his 5, 3, 1: ⌈4 × 3 / 1⌉ = 12 visitors, ⌈12 × 5 / 3⌉
     * = 20 prospects; 李娜: 2 buyers → 6 and 10 */
    /* (listed by name: 张 before 李 in UTF-8) */
    tu_expect_text(json, "$.by_salesperson[0].salesperson", "张伟");
    tu_expect_int(json, "$.by_salesperson[0].target_visitors", 20);
    tu_expect_int(json, "$.by_salesperson[0].target_prospects", 100);
    tu_expect_int(json, "$.by_salesperson[0].visitors", 12);
    tu_expect_int(json, "$.by_salesperson[0].prospects", 20);
    tu_expect_text(json, "$.by_salesperson[1].salesperson", "李娜");
    tu_expect_int(json, "$.by_salesperson[1].visitors", 6);
    tu_expect_int(json, "$.by_salesperson[1].prospects", 10);
    free(json);
    /* before any history there is no rate: none, not 0 */
    json = run_json(db, "plan --buyers 5 --month 2026-08 --format json", 0);
    tu_expect_text(json, "$.by_own_rates.visitors", "");
    tu_expect_text(json, "$.by_own_rates.close_rate", "");
    free(json);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_targets_import_like_logs_and_a_later_file_replaces_them),
        cmocka_unit_test(test_bad_targets_rows_are_rejected_with_line_and_reason),
        cmocka_unit_test(test_pace_projects_a_running_month_from_the_latest_data),
        cmocka_unit_test(test_plan_works_back_from_the_buyers_two_ways),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
