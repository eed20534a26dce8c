/* test_forecast.c - pins down the forecast (DOMAIN.md 7.6) end to end:
 * `funnel import` tests/data/forecast/visits.csv, then `funnel report
 * forecast --as-of 2026-03-16 --format json`, against counts made by hand
 * below.
 *
 * ---- the history: one salesperson, 12 customers, all visits ----
 *
 *  C1-C4  01-05 timeframe 不确定                         C at every Monday
 *  C5     02-10 7天 (H); 02-20 订车                          buy 02-20
 *  C6     01-20 7天 (H), nothing after                      never buys
 *  C7     02-17 15天 (A+); 03-04 订车                        buy 03-04
 *  C8     03-05 订车, its first contact                      buy 03-05
 *  C9     01-26 7天 but no model (N)                        never buys
 *  C10    02-24 7天 (H); 03-12 订车                          buy 03-12
 *  C11    01-19 3个月 (B); 02-25 7天 (H)                     never buys
 *  C12    01-13 1个月 (A); 02-11 战败 (defeated)             never buys
 *
 * F, the first contact, is 2026-01-05 (a Monday); F + 28 = 02-02. D =
 * 2026-03-16 (a Monday). Mondays M1..M6 = 02-02, 02-09, 02-16, 02-23,
 * 03-02, 03-09.
 *
 * Samples (active, grade other than O, first contact on or before d):
 *   M1 02-02  C1-4 C; C6 H; C9 N; C11 B; C12 A
 *   M2 02-09  the same (C12's defeat is on 02-11)
 *   M3 02-16  C1-4 C; C6, C5 H; C9 N; C11 B              (C12 defeated)
 *   M4 02-23  C1-4 C; C6 H; C7 A+; C9 N; C11 B            (C5 is O)
 *   M5 03-02  C1-4 C; C6, C10, C11 H; C7 A+; C9 N
 *   M6 03-09  C1-4 C; C6, C10, C11 H; C9 N                (C7, C8 are O)
 * Hits within 7 days: M3 C5 (H, 02-20); M5 C7 (A+, 03-04); M6 C10 (H,
 * 03-12); none at M1, M2, M4. Walk-ins within 7 days (first contact after
 * d, buy in (d, d + 7]): M5 C8 (03-05); 0 elsewhere.
 * Hits within 30 days (M1, M2 only, as d <= D - 30 = 02-14): the samples
 * of M1 and M2 never buy, so none: a horizon without hits. Walk-ins within
 * 30 days: M1 (02-02, 03-04]: C5, C7 = 2; M2 (02-09, 03-11]: C5, C7, C8 = 3.
 *
 * As of D, h = 7: calibration Mondays M1..M6 (6).
 *   H  samples 1+1+2+1+3+3 = 11 (few), hits 2, rate 2/11
 *   A+ samples 2 (M4, M5), hits 1, rate 1/2
 *   A  2, B 4, N 6 samples, C 4 x 6 = 24 (not few), no hits: rate 0
 *   B+ no samples: rate 0
 *   walk_in = 1/6. Customers as of D: H 2 (C6, C11), C 4, N 1, the rest 0
 *   (C5, C7, C8, C10 are O). expected = 2 x 2/11 + 1/6 = 35/66.
 * As of D, h = 30: calibration Mondays M1, M2 (2). Samples C 8 (few),
 *   H 2, A 2, B 2, N 2; all rates 0. walk_in = (2 + 3) / 2 = 2.5 =
 *   expected.
 * Back-test, h = 7: Mondays m in [D - 91, D - 7] with at least 4
 *   calibration Mondays (M1 .. m - 7):
 *   m = 02-23 has M1..M3: 3, left out.
 *   m = 03-02: M1..M4. H samples 5, hits 1 (M3): 1/5; the others no hits;
 *     walk_in 0. Customers as of 03-02: H 3 (C6, C10, C11), A+ 1 (C7, rate
 *     0/1), C 4, N 1. expected = 3/5 = 0.6; actual (03-02, 03-09]: C7,
 *     C8 = 2; error -1.4.
 *   m = 03-09: M1..M5. H samples 8, hits 1: 1/8; A+ 1/2 but no A+
 *     customer on 03-09; walk_in 1/5. expected = 3/8 + 1/5 = 0.575;
 *     actual (03-09, 03-16]: C10 = 1; error -0.425.
 *   mae_7 = (1.4 + 0.425) / 2 = 0.9125, bias_7 = -0.9125.
 * Back-test, h = 30: m <= 02-14 has no calibration Monday (m - 30 < F +
 *   28): none, so mae_30 and bias_30 are null (not enough history).
 */
#include "testutil.h"

#include <unistd.h>

#define DATA "data/forecast/"
#define AS_OF "--as-of 2026-03-16"

static void import_history(char *db, size_t size, const char *name, const char *options)
{
    tu_fresh_db(db, size, name);
    char *out = NULL;
    int status =
        tu_runf(&out, TU_FUNNEL " --db '%s' import %s " DATA "visits.csv 2>&1", db, options);
    if (status != 0) fail_msg("import exited %d:\n%s", status, out);
    free(out);
}

/* The index of grade in by_grade of horizon h (0 = 7 days, 1 = 30). */
static int grade_at(const char *json, int h, const char *grade)
{
    char expr[512];
    snprintf(expr, sizeof expr,
             "(SELECT key FROM json_each(?1, '$.horizons[%d].by_grade')"
             " WHERE json_extract(value, '$.grade') = '%s')",
             h, grade);
    char *index = tu_json_eval(json, expr);
    if (!*index) fail_msg("no grade %s in horizon %d:\n%s", grade, h, json);
    int i = atoi(index);
    free(index);
    return i;
}

/* customers, rate, samples and few of grade in horizon h. */
static void expect_grade(const char *json, int h, const char *grade, long long customers,
                         double rate, long long samples, const char *few)
{
    int i = grade_at(json, h, grade);
    char path[128];
    snprintf(path, sizeof path, "$.horizons[%d].by_grade[%d].customers", h, i);
    tu_expect_int(json, path, customers);
    snprintf(path, sizeof path, "$.horizons[%d].by_grade[%d].rate", h, i);
    tu_expect_real(json, path, rate, 0.0001);
    snprintf(path, sizeof path, "$.horizons[%d].by_grade[%d].samples", h, i);
    tu_expect_int(json, path, samples);
    snprintf(path, sizeof path, "$.horizons[%d].by_grade[%d].few", h, i);
    tu_expect_text(json, path, few);
}

static void test_rates_pool_the_samples_and_hits_of_the_calibration_mondays(void **state)
{
    (void)state;
    char db[256];
    import_history(db, sizeof db, "fc-rates", "");
    char *json = tu_report_json(db, "forecast " AS_OF);
    tu_expect_text(json, "$.as_of", "2026-03-16");
    tu_expect_int(json, "$.horizons[0].days", 7);
    tu_expect_int(json, "$.horizons[0].calibration_mondays", 6);
    expect_grade(json, 0, "H", 2, 2.0 / 11, 11, "1");
    expect_grade(json, 0, "A+", 0, 0.5, 2, "1");
    expect_grade(json, 0, "A", 0, 0, 2, "1");
    expect_grade(json, 0, "B+", 0, 0, 0, "1");
    expect_grade(json, 0, "B", 0, 0, 4, "1");
    expect_grade(json, 0, "C", 4, 0, 24, "0");
    expect_grade(json, 0, "N", 1, 0, 6, "1");
    /* O has bought already: never a sample, never a row */
    char *o = tu_json_eval(json, "(SELECT count(*) FROM json_each(?1, '$.horizons[0].by_grade')"
                                 " WHERE json_extract(value, '$.grade') = 'O')");
    assert_string_equal(o, "0");
    free(o);
    free(json);
}

static void test_few_marks_a_grade_under_20_samples(void **state)
{
    (void)state;
    char db[256];
    import_history(db, sizeof db, "fc-few", "");
    char *json = tu_report_json(db, "forecast " AS_OF);
    /* json true reads back as 1: H has 11 samples in 7 days, C 24 */
    tu_expect_text(json, "$.horizons[0].by_grade[0].few", "1");
    expect_grade(json, 0, "H", 2, 2.0 / 11, 11, "1");
    expect_grade(json, 0, "C", 4, 0, 24, "0");
    /* C has 8 samples over the two 30-day Mondays */
    expect_grade(json, 1, "C", 4, 0, 8, "1");
    free(json);
}

static void test_a_horizon_without_hits_expects_only_its_walk_ins(void **state)
{
    (void)state;
    char db[256];
    import_history(db, sizeof db, "fc-nohits", "");
    char *json = tu_report_json(db, "forecast " AS_OF);
    tu_expect_int(json, "$.horizons[1].days", 30);
    tu_expect_int(json, "$.horizons[1].calibration_mondays", 2);
    expect_grade(json, 1, "H", 2, 0, 2, "1");
    expect_grade(json, 1, "A", 0, 0, 2, "1");
    expect_grade(json, 1, "B", 0, 0, 2, "1");
    expect_grade(json, 1, "N", 1, 0, 2, "1");
    tu_expect_real(json, "$.horizons[1].walk_in", 2.5, 0.0001);
    tu_expect_real(json, "$.horizons[1].expected", 2.5, 0.0001);
    free(json);
}

static void test_expected_is_customers_times_rates_plus_walk_ins(void **state)
{
    (void)state;
    char db[256];
    import_history(db, sizeof db, "fc-expected", "");
    char *json = tu_report_json(db, "forecast " AS_OF);
    tu_expect_real(json, "$.horizons[0].walk_in", 1.0 / 6, 0.0001);
    tu_expect_real(json, "$.horizons[0].expected", 35.0 / 66, 0.0001);
    free(json);
}

static void test_backtest_mondays_need_four_calibration_mondays_of_their_own(void **state)
{
    (void)state;
    char db[256];
    import_history(db, sizeof db, "fc-backtest", "");
    char *json = tu_report_json(db, "forecast " AS_OF);
    char *n = tu_json_eval(json, "json_array_length(?1, '$.backtest')");
    assert_string_equal(n, "2");
    free(n);
    tu_expect_text(json, "$.backtest[0].date", "2026-03-02");
    tu_expect_int(json, "$.backtest[0].days", 7);
    tu_expect_real(json, "$.backtest[0].expected", 0.6, 0.0001);
    tu_expect_int(json, "$.backtest[0].actual", 2);
    tu_expect_text(json, "$.backtest[1].date", "2026-03-09");
    tu_expect_int(json, "$.backtest[1].days", 7);
    tu_expect_real(json, "$.backtest[1].expected", 0.575, 0.0001);
    tu_expect_int(json, "$.backtest[1].actual", 1);
    tu_expect_real(json, "$.mae_7", 0.9125, 0.0001);
    tu_expect_real(json, "$.bias_7", -0.9125, 0.0001);
    /* no 30-day back-test Monday: not enough history */
    tu_expect_null(json, "$.mae_30");
    tu_expect_null(json, "$.bias_30");
    /* and people read the same in the error table */
    tu_expect_int(json, "$.backtest_error[0].mondays", 2);
    tu_expect_real(json, "$.backtest_error[0].mae", 0.9125, 0.0001);
    tu_expect_int(json, "$.backtest_error[1].mondays", 0);
    tu_expect_text(json, "$.backtest_error[1].note", "历史不足 not enough history");
    free(json);
}

static void test_without_a_calibration_monday_nothing_is_expected(void **state)
{
    (void)state;
    char db[256];
    import_history(db, sizeof db, "fc-nohistory", "");
    /* D - 7 = 01-23 is before F + 28 = 02-02 */
    char *json = tu_report_json(db, "forecast --as-of 2026-01-30");
    tu_expect_int(json, "$.horizons[0].calibration_mondays", 0);
    tu_expect_null(json, "$.horizons[0].expected");
    tu_expect_null(json, "$.horizons[0].walk_in");
    expect_grade(json, 0, "C", 4, 0, 0, "1");
    char *n = tu_json_eval(json, "json_array_length(?1, '$.backtest')");
    assert_string_equal(n, "0");
    free(n);
    tu_expect_null(json, "$.mae_7");
    tu_expect_null(json, "$.bias_30");
    free(json);
}

static void test_mondays_keep_only_the_grades_of_customers_who_buy_soon(void **state)
{
    (void)state;
    char db[256];
    import_history(db, sizeof db, "fc-rows", "");
    free(tu_report_json(db, "forecast " AS_OF));
    /* 03-02: of the 11 customers known by then, C7 (03-04) and C10 (03-12)
     * buy within 30 days; C8 buys on 03-05 but is not known on 03-02 */
    assert_int_equal(tu_db_int(db, "SELECT count(*) FROM grades WHERE as_of = '2026-03-02'"), 2);
    assert_int_equal(tu_db_int(db, "SELECT sum(customers) FROM grade_summary"
                                   " WHERE as_of = '2026-03-02'"),
                     11);
    assert_int_equal(tu_db_int(db, "SELECT full FROM grade_runs WHERE as_of = '2026-03-02'"), -30);
    /* so is every Monday: only the as-of date is graded in full */
    assert_int_equal(tu_db_int(db, "SELECT count(*) FROM grade_runs WHERE full <> -30"), 1);
    assert_int_equal(tu_db_int(db, "SELECT full FROM grade_runs WHERE as_of = '2026-03-16'"), 1);
    /* a report that needs that Monday in full grades it again, in full */
    free(tu_report_json(db, "audit --as-of 2026-03-02"));
    assert_int_equal(tu_db_int(db, "SELECT count(*) FROM grades WHERE as_of = '2026-03-02'"), 11);
    /* and the forecast reads the full grades alike */
    char *json = tu_report_json(db, "forecast " AS_OF);
    tu_expect_real(json, "$.horizons[0].expected", 35.0 / 66, 0.0001);
    tu_expect_real(json, "$.mae_7", 0.9125, 0.0001);
    free(json);
}

static void test_a_stores_forecast_equals_the_store_alone(void **state)
{
    (void)state;
    char db[256];
    import_history(db, sizeof db, "fc-store", "--store 东店");
    char *out = NULL;
    /* the same history in a second store doubles the group, not 东店 */
    int status =
        tu_runf(&out, TU_FUNNEL " --db '%s' import --store 西店 " DATA "visits.csv 2>&1", db);
    if (status != 0) fail_msg("import exited %d:\n%s", status, out);
    free(out);
    char *json = tu_report_json(db, "forecast --store 东店 " AS_OF);
    expect_grade(json, 0, "H", 2, 2.0 / 11, 11, "1");
    expect_grade(json, 0, "C", 4, 0, 24, "0");
    tu_expect_real(json, "$.horizons[0].expected", 35.0 / 66, 0.0001);
    tu_expect_real(json, "$.horizons[1].walk_in", 2.5, 0.0001);
    tu_expect_real(json, "$.mae_7", 0.9125, 0.0001);
    free(json);
    json = tu_report_json(db, "forecast " AS_OF);
    expect_grade(json, 0, "C", 8, 0, 48, "0");
    tu_expect_real(json, "$.horizons[0].expected", 2 * 35.0 / 66, 0.0001);
    free(json);
}

static void test_monthly_pack_shows_the_30_day_forecast(void **state)
{
    (void)state;
    char db[256];
    import_history(db, sizeof db, "fc-monthly", "");
    char dir[256], path[300];
    snprintf(dir, sizeof dir, "/tmp/funnel-test-%d-fc-monthly-out", (int)getpid());
    int status = tu_runf(NULL,
                         TU_FUNNEL " --db '%s' report monthly --month 2026-03 " AS_OF
                                   " --out '%s' >/dev/null 2>&1",
                         db, dir);
    assert_int_equal(status, 0);
    snprintf(path, sizeof path, "%s/monthly.json", dir);
    char *json = tu_read_file(path, NULL);
    assert_non_null(json);
    /* the grades in display order (O aside), then the walk-ins and the total */
    tu_expect_text(json, "$.forecast_30[0].grade", "H");
    tu_expect_int(json, "$.forecast_30[0].customers", 2);
    tu_expect_int(json, "$.forecast_30[0].samples", 2);
    tu_expect_text(json, "$.forecast_30[7].grade", "新客");
    tu_expect_real(json, "$.forecast_30[7].expected", 2.5, 0.0001);
    tu_expect_text(json, "$.forecast_30[8].grade", "合计");
    tu_expect_real(json, "$.forecast_30[8].expected", 2.5, 0.0001);
    tu_expect_null(json, "$.mae_30");
    tu_expect_real(json, "$.mae_7", 0.9125, 0.0001);
    free(json);
    /* the 30-day back-test has no Monday: its chart says there is no data */
    snprintf(path, sizeof path, "%s/monthly.html", dir);
    char *html = tu_read_file(path, NULL);
    assert_non_null(html);
    assert_non_null(strstr(html, "未来30天预计成交"));
    free(html);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rates_pool_the_samples_and_hits_of_the_calibration_mondays),
        cmocka_unit_test(test_few_marks_a_grade_under_20_samples),
        cmocka_unit_test(test_a_horizon_without_hits_expects_only_its_walk_ins),
        cmocka_unit_test(test_expected_is_customers_times_rates_plus_walk_ins),
        cmocka_unit_test(test_backtest_mondays_need_four_calibration_mondays_of_their_own),
        cmocka_unit_test(test_without_a_calibration_monday_nothing_is_expected),
        cmocka_unit_test(test_mondays_keep_only_the_grades_of_customers_who_buy_soon),
        cmocka_unit_test(test_a_stores_forecast_equals_the_store_alone),
        cmocka_unit_test(test_monthly_pack_shows_the_30_day_forecast),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
