/* test_report.c - pins down the reports (DOMAIN.md sections 7, 8, 9) end to
 * end: `funnel import` the small files in tests/data/report/, then
 * `funnel report NAME ... --format json` (or text, csv, --out DIR) and compare
 * with numbers worked out by hand below.
 *
 * ---- the customers of visits.csv and calls.csv ----
 *
 * Salespeople: 张伟, 欧阳娜娜 (both Chinese, 4 and 8 display columns) and Tom
 * (who only takes calls). "V" is a visit-log row, "C" a phone-log row.
 *
 *  C1  王一   13811110001  owner 张伟
 *      V 09-10 10:00 张伟 test drive; C 09-20 订车 (buy day 09-20: a September
 *      buyer); V 10-08 10:00 by 欧阳娜娜 交车 (an October visitor, NOT an October
 *      buyer, and still 张伟's).                                    -> delivered
 *  C2  李二   13811110002  owner 张伟
 *      V 10-03 10:00 test drive + quote, 7天; V 10-10 15:00 订车 (buy 10-10,
 *      7 days after the first contact).         -> O, last 10-10, 21-4 = 17 overdue
 *  C3  张三   13811110003  owner 张伟 (first contact a call by 张伟 in September)
 *      C 09-25 3个月; V 10-12 10:00 by 欧阳娜娜 2个月; C 10-13 09:00 by 欧阳娜娜
 *      2个月 (23 h after the visit).             -> B, last 10-13, 18-15 = 3 overdue
 *  C4  刘四   13811110004  owner 张伟
 *      V 10-15 14:00 no test drive; C 10-20 战败 价格太贵; C 10-29 战败 已经买了丰田
 *      (the latest: one case, competitor, 丰田, dated 10-29).       -> defeated
 *  C5  陈五   13811110005  owner 欧阳娜娜
 *      V 10-05 WITHOUT time, test drive; C 10-06 18:00 (next calendar day);
 *      V 10-25 16:00 交车, no order ever (buy day 10-25, 20 days).   -> delivered
 *  C6  杨六   13811110006  owner 欧阳娜娜
 *      V 10-01 10:00 (the audit's first day, D-30); C 10-02 11:00 (25 h: next
 *      calendar day but NOT within 24 h); C 10-31 订车 (buy 10-31, 30 days).
 *                                               -> O, last 10-31, not overdue
 *  C7  黄七   13811110007  owner Tom; C 10-18 no model       -> N, missing "model"
 *  C8  赵八   (no phone)   owner Tom; C 10-22                -> N, missing "phone"
 *  C9  吴九   13811110009  owner 欧阳娜娜
 *      V 10-07 10:00; C 10-08 09:00 失控 "价格太贵去看丰田了" (LOST: unreachable
 *      whatever the text says; brand 丰田).                       -> lost
 *  C10 郑十   13811110010  owner 欧阳娜娜
 *      V 10-14 11:00; C 10-15 10:30 by 张伟 战败, reason empty, notes "嫌等车太久"
 *      (stock, from the notes; no brand; the case is 欧阳娜娜's).    -> defeated
 *  C11 孙十一 13811110011  owner Tom
 *      C 10-09; C 10-19 战败 选了本田雅阁 (competitor, 本田).           -> defeated
 *  C12 冯十二 13811110012  owner 张伟
 *      V 10-30 15:00 test drive, 3天; C 10-31 14:00 (23 h).   -> H, not overdue
 *  C13 褚十三 13811110013  owner Tom
 *      C 09-15 不确定 only.                       -> C, last 09-15, 46-30 = 16 overdue
 *  C14 卫十四 13811110014  owner 张伟
 *      C 08-01 3个月; C 10-20 订车 (buy 10-20, 31+30+19 = 80 days; October
 *      contacts are calls only).                   -> O, last 10-20, 11-4 = 7 overdue
 *  C15 蒋十五 13811110015  owner 张伟
 *      V 10-19 10:00 quote; C 10-29 11:00 订车 (buy 10-29, 10 days).
 *                                               -> O, last 10-29, not overdue
 *  C16 周十六 13811110016  owner 张伟; C 11-01 (a Sunday, ISO 2026-W44) 战败 预算不够
 *  C17 吴十七 13811110017  owner 张伟; V 11-02 (the Monday after: 2026-W45)
 *
 * visits_formula.csv: one customer (马一) served by a salesperson written
 * =HYPERLINK(...), defeated on 10-06 with notes =HYPERLINK(...).
 * calls_injection.csv: one customer (钱一) of a salesperson named
 * '); DROP TABLE contacts; --, who orders on 10-06.
 */
#include "testutil.h"

#include "db.h"
#include "output.h"
#include "report.h"
#include "rules.h"

#include <limits.h>
#include <sys/stat.h>

#define DATA "data/report/"
#define FILES DATA "visits.csv " DATA "calls.csv"

/* ---- helpers ---- */

static void import_data(char *db, size_t size, const char *name)
{
    tu_import_files(db, size, name, FILES);
}

static void fresh_dir(char *dir, size_t size, const char *name)
{
    snprintf(dir, size, "/tmp/funnel-test-%d-%s", (int)getpid(), name);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) fail_msg("cannot remove %s", dir);
}

/* A copy of the built-in query files in a fresh folder, for --queries. */
static void copy_queries(char *dir, size_t size, const char *name)
{
    fresh_dir(dir, size, name);
    if (tu_runf(NULL, "cp -r ../queries '%s'", dir) != 0) fail_msg("cannot copy ../queries");
}

/* ---- funnel (DOMAIN 7.1) ---- */

static void test_funnel_month_counts_prospects_visitors_buyers(void **state)
{
    (void)state;
    char db[256];
    import_data(db, sizeof db, "rep-funnel");
    char *json = tu_report_json(db, "funnel --month 2026-10");
    tu_expect_text(json, "$.from", "2026-10-01");
    tu_expect_text(json, "$.to", "2026-10-31");
    /* October contacts: C1-C12, C14, C15 = 14 (C13 only September, C16/C17 November) */
    tu_expect_int(json, "$.prospects", 14);
    /* visit rows in October: C1 C2 C3 C4 C5 C6 C9 C10 C12 C15 = 10 (C7 C8 C11 C14 calls only) */
    tu_expect_int(json, "$.visitors", 10);
    /* buy days in October: C2 10-10, C5 10-25 (delivered, no order), C6 10-31, C14 10-20,
     * C15 10-29 = 5; C1 ordered 09-20 so its 10-08 delivery does not count */
    tu_expect_int(json, "$.buyers", 5);
    free(json);
}

/* The reports of a period's funnel grade, on a fresh import, only the
 * customers contacted in the period (and every customer in sum): what they
 * show is what they show with every customer's grade stored. */
static void test_period_reports_read_alike_with_every_customer_graded(void **state)
{
    (void)state;
    static const char *const reports[] = {
        "funnel --month 2026-10", "salespeople --month 2026-10", "stores --month 2026-10",
        "sources --month 2026-10", "funnel --from 2026-10-08 --to 2026-10-08"};
    enum { N = sizeof reports / sizeof reports[0] };
    char *period[N], db[256];
    import_data(db, sizeof db, "rep-period-rows");
    period[0] = tu_report_json(db, reports[0]);
    /* the 14 customers contacted in October (C1-C12, C14, C15), of the 15
     * known by its end (C13 only in September); 31 days */
    assert_int_equal(tu_query_int(db, "SELECT count(*) FROM grades WHERE as_of = '2026-10-31'"),
                     14);
    assert_int_equal(tu_query_int(db, "SELECT full FROM grade_runs WHERE as_of = '2026-10-31'"),
                     32);
    for (int i = 1; i < N; i++)
        period[i] = tu_report_json(db, reports[i]);
    assert_int_equal(tu_runf(NULL, TU_FUNNEL " --db '%s' grade --as-of 2026-10-31 >/dev/null", db),
                     0);
    assert_int_equal(tu_runf(NULL, TU_FUNNEL " --db '%s' grade --as-of 2026-10-08 >/dev/null", db),
                     0);
    assert_int_equal(tu_query_int(db, "SELECT count(*) FROM grades WHERE as_of = '2026-10-31'"),
                     15);
    for (int i = 0; i < N; i++) {
        char *every = tu_report_json(db, reports[i]);
        if (strcmp(period[i], every) != 0)
            fail_msg("%s with the period's grades:\n%s\nwith every customer's:\n%s", reports[i],
                     period[i], every);
        free(every);
        free(period[i]);
    }
}

static void test_funnel_ratio_is_per_buyer_beside_the_25_5_1_target(void **state)
{
    (void)state;
    char db[256];
    import_data(db, sizeof db, "rep-ratio");
    char *json = tu_report_json(db, "funnel --month 2026-10");
    assert_int_equal(tu_array_length(json, "$.ratio"), 3);
    tu_expect_real(json, "$.ratio[0]", 2.8, 0.001); /* 14 prospects / 5 buyers */
    tu_expect_real(json, "$.ratio[1]", 2.0, 0.001); /* 10 visitors / 5 buyers */
    tu_expect_int(json, "$.ratio[2]", 1);
    tu_expect_text(json, "$.target", "[25,5,1]");
    free(json);
}

static void test_funnel_ratio_is_rounded_to_one_decimal(void **state)
{
    (void)state;
    char db[256];
    import_data(db, sizeof db, "rep-round");
    /* 10-01..10-25: prospects C1-C11 (C7 10-18, C8 10-22), C14, C15 = 13; visitors C1 C2 C3
     * C4 C5 C6 C9 C10 C15 = 9; buyers C2 10-10, C14 10-20, C5 10-25 = 3 */
    char *json = tu_report_json(db, "funnel --from 2026-10-01 --to 2026-10-25");
    tu_expect_int(json, "$.prospects", 13);
    tu_expect_int(json, "$.visitors", 9);
    tu_expect_int(json, "$.buyers", 3);
    tu_expect_real(json, "$.ratio[0]", 4.3, 0.001); /* 13 / 3 = 4.333... */
    tu_expect_real(json, "$.ratio[1]", 3.0, 0.001); /* 9 / 3 */
    char *exact = tu_json_eval(json, "json_extract(?1, '$.ratio[0]') = 4.3");
    assert_string_equal(exact, "1"); /* rounded, not 4.3333 */
    free(exact);
    free(json);
}

static void test_funnel_ratio_is_null_in_a_month_without_buyers(void **state)
{
    (void)state;
    char db[256];
    import_data(db, sizeof db, "rep-nobuyer");
    char *json = tu_report_json(db, "funnel --month 2026-11");
    tu_expect_int(json, "$.prospects", 2); /* C16 11-01, C17 11-02 */
    tu_expect_int(json, "$.visitors", 1);  /* C17 */
    tu_expect_int(json, "$.buyers", 0);
    tu_expect_null(json, "$.ratio");
    tu_expect_text(json, "$.target", "[25,5,1]");
    free(json);
}

static void test_funnel_by_owner_counts_under_the_first_contacts_salesperson(void **state)
{
    (void)state;
    char db[256];
    import_data(db, sizeof db, "rep-owner");
    char *json = tu_report_json(db, "funnel --month 2026-10");
    assert_int_equal(tu_array_length(json, "$.by_owner"), 3);
    /* 张伟 owns C1 and C3 although 欧阳娜娜 served their October visits:
     * C1 C2 C3 C4 C12 C14 C15 = 7; visitors all but C14 = 6; buyers C2 C14 C15 = 3 */
    tu_expect_int(json, tu_row_path(json, "$.by_owner", "salesperson", "张伟", "prospects"), 7);
    tu_expect_int(json, tu_row_path(json, "$.by_owner", "salesperson", "张伟", "visitors"), 6);
    tu_expect_int(json, tu_row_path(json, "$.by_owner", "salesperson", "张伟", "buyers"), 3);
    /* 欧阳娜娜: C5 C6 C9 C10 = 4, all visited; buyers C5 C6 = 2 */
    tu_expect_int(json, tu_row_path(json, "$.by_owner", "salesperson", "欧阳娜娜", "prospects"), 4);
    tu_expect_int(json, tu_row_path(json, "$.by_owner", "salesperson", "欧阳娜娜", "visitors"), 4);
    tu_expect_int(json, tu_row_path(json, "$.by_owner", "salesperson", "欧阳娜娜", "buyers"), 2);
    /* Tom: C7 C8 C11, calls only */
    tu_expect_int(json, tu_row_path(json, "$.by_owner", "salesperson", "Tom", "prospects"), 3);
    tu_expect_int(json, tu_row_path(json, "$.by_owner", "salesperson", "Tom", "visitors"), 0);
    tu_expect_int(json, tu_row_path(json, "$.by_owner", "salesperson", "Tom", "buyers"), 0);
    free(json);
}

static void test_funnel_order_in_september_delivery_in_october_buys_in_september(void **state)
{
    (void)state;
    char db[256];
    import_data(db, sizeof db, "rep-buyday");
    /* September: C1 (V 09-10, C 09-20 订车), C3 (C 09-25), C13 (C 09-15) */
    char *json = tu_report_json(db, "funnel --month 2026-09");
    tu_expect_int(json, "$.prospects", 3);
    tu_expect_int(json, "$.visitors", 1);
    tu_expect_int(json, "$.buyers", 1); /* C1, buy day 09-20 */
    free(json);
    /* 10-08: C1's delivery visit and C9's LOST call; C1 is not a buyer again */
    json = tu_report_json(db, "funnel --from 2026-10-08 --to 2026-10-08");
    tu_expect_int(json, "$.prospects", 2);
    tu_expect_int(json, "$.visitors", 1);
    tu_expect_int(json, "$.buyers", 0);
    tu_expect_null(json, "$.ratio");
    free(json);
}

static void test_funnel_delivered_without_order_buys_on_the_delivery_day(void **state)
{
    (void)state;
    char db[256];
    import_data(db, sizeof db, "rep-delivered");
    /* 10-25: only C5's 交车 visit, and C5 never ordered */
    char *json = tu_report_json(db, "funnel --from 2026-10-25 --to 2026-10-25");
    tu_expect_int(json, "$.prospects", 1);
    tu_expect_int(json, "$.buyers", 1);
    free(json);
}

/* ---- salespeople (DOMAIN 7.2) ---- */

static void test_salespeople_rates_per_owner(void **state)
{
    (void)state;
    char db[256];
    import_data(db, sizeof db, "rep-rates");
    char *json = tu_report_json(db, "salespeople --month 2026-10");
    assert_int_equal(tu_array_length(json, "$.rows"), 3);
    const char *z = "张伟", *o = "欧阳娜娜";
    tu_expect_int(json, tu_row_path(json, "$.rows", "salesperson", z, "prospects"), 7);
    tu_expect_int(json, tu_row_path(json, "$.rows", "salesperson", z, "visitors"), 6);
    tu_expect_int(json, tu_row_path(json, "$.rows", "salesperson", z, "buyers"), 3);
    tu_expect_real(json, tu_row_path(json, "$.rows", "salesperson", z, "visit_rate"), 6.0 / 7,
                   0.001);
    tu_expect_real(json, tu_row_path(json, "$.rows", "salesperson", z, "close_rate"), 3.0 / 6,
                   0.001);
    /* October test drives on 张伟's visitors: C2 10-03, C12 10-30 (C1's was in September) */
    tu_expect_real(json, tu_row_path(json, "$.rows", "salesperson", z, "test_drive_rate"), 2.0 / 6,
                   0.001);
    /* C4; C10's defeat was logged by 张伟 but C10 is 欧阳娜娜's */
    tu_expect_int(json, tu_row_path(json, "$.rows", "salesperson", z, "defeats"), 1);

    tu_expect_int(json, tu_row_path(json, "$.rows", "salesperson", o, "prospects"), 4);
    tu_expect_real(json, tu_row_path(json, "$.rows", "salesperson", o, "visit_rate"), 1.0, 0.001);
    tu_expect_real(json, tu_row_path(json, "$.rows", "salesperson", o, "close_rate"), 2.0 / 4,
                   0.001);
    tu_expect_real(json, tu_row_path(json, "$.rows", "salesperson", o, "test_drive_rate"), 1.0 / 4,
                   0.001);
    tu_expect_int(json, tu_row_path(json, "$.rows", "salesperson", o, "defeats"),
                  2); /* C9 LOST, C10 */
    free(json);
}

static void test_salespeople_days_to_buy_is_the_median(void **state)
{
    (void)state;
    char db[256];
    import_data(db, sizeof db, "rep-median");
    char *json = tu_report_json(db, "salespeople --month 2026-10");
    /* 张伟's buyers: C2 7 days, C15 10 days, C14 80 days: median 10 (the mean is 32.3) */
    tu_expect_real(json, tu_row_path(json, "$.rows", "salesperson", "张伟", "days_to_buy"), 10,
                   0.001);
    free(json);
}

static void
test_salespeople_days_to_buy_of_an_even_count_is_the_mean_of_the_middle_two(void **state)
{
    (void)state;
    char db[256];
    import_data(db, sizeof db, "rep-median2");
    char *json = tu_report_json(db, "salespeople --month 2026-10");
    /* 欧阳娜娜's buyers: C5 10-05 -> 10-25 = 20 days, C6 10-01 -> 10-31 = 30 days: 25 */
    tu_expect_real(json, tu_row_path(json, "$.rows", "salesperson", "欧阳娜娜", "days_to_buy"), 25,
                   0.001);
    free(json);
}

static void test_salespeople_rates_are_null_when_the_owner_had_only_calls(void **state)
{
    (void)state;
    char db[256];
    import_data(db, sizeof db, "rep-nullrate");
    char *json = tu_report_json(db, "salespeople --month 2026-10");
    const char *t = "Tom";
    tu_expect_int(json, tu_row_path(json, "$.rows", "salesperson", t, "prospects"), 3);
    tu_expect_int(json, tu_row_path(json, "$.rows", "salesperson", t, "visitors"), 0);
    tu_expect_real(json, tu_row_path(json, "$.rows", "salesperson", t, "visit_rate"), 0,
                   0.001);                                                             /* 0 / 3 */
    tu_expect_null(json, tu_row_path(json, "$.rows", "salesperson", t, "close_rate")); /* 0 / 0 */
    tu_expect_null(json,
                   tu_row_path(json, "$.rows", "salesperson", t, "test_drive_rate")); /* 0 / 0 */
    tu_expect_null(json,
                   tu_row_path(json, "$.rows", "salesperson", t, "days_to_buy"));     /* no buyer */
    tu_expect_int(json, tu_row_path(json, "$.rows", "salesperson", t, "defeats"), 1); /* C11 */
    free(json);
}

/* ---- periods (DOMAIN 7, 9) ---- */

static void test_week_runs_monday_to_sunday(void **state)
{
    (void)state;
    char db[256];
    import_data(db, sizeof db, "rep-week");
    char *json = tu_report_json(db, "funnel --week 2026-W44");
    tu_expect_text(json, "$.from", "2026-10-26");
    tu_expect_text(json, "$.to", "2026-11-01");
    /* C4 10-29, C15 10-29, C12 10-30/31, C6 10-31, C16 Sunday 11-01 = 5; not C17 (Monday
     * 11-02) nor C5 (Sunday 10-25, the week before) */
    tu_expect_int(json, "$.prospects", 5);
    tu_expect_int(json, "$.visitors", 1); /* C12 */
    tu_expect_int(json, "$.buyers", 2);   /* C15 10-29, C6 10-31 */
    free(json);
    json = tu_report_json(db, "funnel --week 2026-W45");
    tu_expect_text(json, "$.from", "2026-11-02");
    tu_expect_int(json, "$.prospects", 1); /* C17 */
    free(json);
}

static void test_from_to_includes_both_days(void **state)
{
    (void)state;
    char db[256];
    import_data(db, sizeof db, "rep-fromto");
    char *json = tu_report_json(db, "funnel --from 2026-10-29 --to 2026-10-31");
    /* C4 and C15 on 10-29 (the first day), C12, C6 on 10-31 (the last day) */
    tu_expect_int(json, "$.prospects", 4);
    tu_expect_int(json, "$.buyers", 2); /* C15 10-29, C6 10-31 */
    free(json);
}

/* Runs a report that must fail: exit 1, nothing on stdout, one line on stderr
 * that starts "funnel: " and names the bad value. */
static void expect_one_line_error(const char *db, const char *args, const char *value)
{
    char *err = NULL;
    int status =
        tu_runf(&err, TU_FUNNEL " --db '%s' report %s --format json 2>&1 >/dev/null", db, args);
    if (status != 1) fail_msg("report %s exited %d; expected 1:\n%s", args, status, err);
    const char *nl = strchr(err, '\n');
    if (strncmp(err, "funnel: ", 8) != 0 || !nl || nl[1] != '\0' || !strstr(err, value))
        fail_msg("report %s: expected one line naming '%s', got:\n%s", args, value, err);
    free(err);
    char *out = NULL;
    tu_runf(&out, TU_FUNNEL " --db '%s' report %s --format json 2>/dev/null", db, args);
    if (out[0]) fail_msg("report %s wrote to stdout:\n%s", args, out);
    free(out);
}

static void test_bad_month_exits_1_with_a_one_line_error(void **state)
{
    (void)state;
    char db[256];
    import_data(db, sizeof db, "rep-badmonth");
    expect_one_line_error(db, "funnel --month 2026-13", "2026-13");
    expect_one_line_error(db, "funnel --month 2026-1", "2026-1");
    expect_one_line_error(db, "funnel --month 2026-10-01", "2026-10-01");
    expect_one_line_error(db, "funnel --month October", "October");
    expect_one_line_error(db, "monthly --month 2026-00", "2026-00");
}

static void test_bad_week_exits_1_with_a_one_line_error(void **state)
{
    (void)state;
    char db[256];
    import_data(db, sizeof db, "rep-badweek");
    expect_one_line_error(db, "funnel --week 2027-W53", "2027-W53"); /* 2027 has 52 weeks */
    expect_one_line_error(db, "funnel --week 2026-W54", "2026-W54");
    expect_one_line_error(db, "funnel --week 2026-W00", "2026-W00");
    expect_one_line_error(db, "funnel --week 2026-44", "2026-44");
    expect_one_line_error(db, "weekly --week 2026-w44", "2026-w44");
    /* 2026 starts on a Thursday, so it has a week 53: 12-28 to 2027-01-03 */
    char *json = tu_report_json(db, "funnel --week 2026-W53");
    tu_expect_text(json, "$.from", "2026-12-28");
    tu_expect_text(json, "$.to", "2027-01-03");
    free(json);
}

/* ---- defeats (DOMAIN 7.3) ---- */

static void test_defeats_one_case_per_customer_the_latest(void **state)
{
    (void)state;
    char db[256];
    import_data(db, sizeof db, "rep-cases");
    char *json = tu_report_json(db, "defeats --month 2026-10");
    /* C4 (twice), C9, C10, C11 */
    tu_expect_int(json, "$.cases", 4);
    assert_int_equal(tu_array_length(json, "$.list"), 4);
    /* C4: the 10-29 defeat (bought a 丰田), not the 10-20 one (price) */
    const char *c4 = "刘四";
    tu_expect_text(json, tu_row_path(json, "$.list", "customer", c4, "date"), "2026-10-29");
    tu_expect_text(json, tu_row_path(json, "$.list", "customer", c4, "reason"), "competitor");
    tu_expect_text(json, tu_row_path(json, "$.list", "customer", c4, "brand"), "丰田");
    tu_expect_text(json, tu_row_path(json, "$.list", "customer", c4, "text"), "已经买了丰田");
    free(json);
}

static void test_defeats_by_reason_sorted_descending_with_labels(void **state)
{
    (void)state;
    char db[256];
    import_data(db, sizeof db, "rep-reasons");
    char *json = tu_report_json(db, "defeats --month 2026-10");
    /* competitor C4 C11 = 2; unreachable C9 = 1; stock C10 = 1 */
    assert_int_equal(tu_array_length(json, "$.by_reason"), 3);
    tu_expect_text(json, "$.by_reason[0].reason", "competitor");
    tu_expect_text(json, "$.by_reason[0].label", "竞品");
    tu_expect_int(json, "$.by_reason[0].count", 2);
    tu_expect_int(json, "$.by_reason[1].count", 1);
    tu_expect_int(json, "$.by_reason[2].count", 1);
    tu_expect_text(json, tu_row_path(json, "$.by_reason", "reason", "unreachable", "label"),
                   "失控/联系不上");
    tu_expect_text(json, tu_row_path(json, "$.by_reason", "reason", "stock", "label"), "库存/交期");
    free(json);
}

static void test_defeats_lost_contact_is_unreachable_whatever_the_reason_says(void **state)
{
    (void)state;
    char db[256];
    import_data(db, sizeof db, "rep-lost");
    char *json = tu_report_json(db, "defeats --month 2026-10");
    /* C9: 失控 with "价格太贵去看丰田了", which would be price for a DEFEAT */
    const char *c9 = "吴九";
    tu_expect_text(json, tu_row_path(json, "$.list", "customer", c9, "outcome"), "LOST");
    tu_expect_text(json, tu_row_path(json, "$.list", "customer", c9, "reason"), "unreachable");
    tu_expect_text(json, tu_row_path(json, "$.list", "customer", c9, "brand"), "丰田");
    free(json);
}

static void test_defeats_notes_are_read_when_the_reason_is_empty(void **state)
{
    (void)state;
    char db[256];
    import_data(db, sizeof db, "rep-notes");
    char *json = tu_report_json(db, "defeats --month 2026-10");
    /* C10: reason empty, notes 嫌等车太久 -> 等车 -> stock; no brand named */
    const char *c10 = "郑十";
    tu_expect_text(json, tu_row_path(json, "$.list", "customer", c10, "reason"), "stock");
    tu_expect_text(json, tu_row_path(json, "$.list", "customer", c10, "text"), "嫌等车太久");
    tu_expect_null(json, tu_row_path(json, "$.list", "customer", c10, "brand"));
    free(json);
}

static void test_defeats_by_brand_model_and_owner(void **state)
{
    (void)state;
    char db[256];
    import_data(db, sizeof db, "rep-groups");
    char *json = tu_report_json(db, "defeats --month 2026-10");
    /* brands: 丰田 C4 C9, 本田 C11; C10 names none and is left out */
    assert_int_equal(tu_array_length(json, "$.by_brand"), 2);
    tu_expect_text(json, "$.by_brand[0].name", "丰田");
    tu_expect_int(json, "$.by_brand[0].count", 2);
    tu_expect_text(json, "$.by_brand[1].name", "本田");
    tu_expect_int(json, "$.by_brand[1].count", 1);
    /* models: 凯美瑞 C10 C11, 卡罗拉 C4, 雷凌 C9 */
    assert_int_equal(tu_array_length(json, "$.by_model"), 3);
    tu_expect_text(json, "$.by_model[0].name", "凯美瑞");
    tu_expect_int(json, "$.by_model[0].count", 2);
    tu_expect_int(json, tu_row_path(json, "$.by_model", "name", "卡罗拉", "count"), 1);
    tu_expect_int(json, tu_row_path(json, "$.by_model", "name", "雷凌", "count"), 1);
    /* owners: 欧阳娜娜 C9 C10 (C10 logged by 张伟), 张伟 C4, Tom C11; in the
     * order of the conversion table (3, 2 and 0 buyers), not by count */
    assert_int_equal(tu_array_length(json, "$.by_salesperson"), 3);
    tu_expect_text(json, "$.by_salesperson[0].name", "张伟");
    tu_expect_text(json, "$.by_salesperson[1].name", "欧阳娜娜");
    tu_expect_int(json, "$.by_salesperson[1].count", 2);
    tu_expect_int(json, tu_row_path(json, "$.by_salesperson", "name", "张伟", "count"), 1);
    tu_expect_int(json, tu_row_path(json, "$.by_salesperson", "name", "Tom", "count"), 1);
    free(json);
}

static void test_defeats_list_entry_has_every_field_and_a_masked_phone(void **state)
{
    (void)state;
    char db[256];
    import_data(db, sizeof db, "rep-entry");
    char *json = tu_report_json(db, "defeats --month 2026-10");
    int i = tu_find_row(json, "$.list", "customer", "郑十");
    char path[128];
    const char *fields[] = {"date",  "customer", "phone",  "salesperson",
                            "model", "outcome",  "reason", "text"};
    const char *want[] = {"2026-10-15", "郑十",   "138****0010", "欧阳娜娜",
                          "凯美瑞",     "DEFEAT", "stock",       "嫌等车太久"};
    for (int f = 0; f < 8; f++) {
        snprintf(path, sizeof path, "$.list[%d].%s", i, fields[f]);
        tu_expect_text(json, path, want[f]);
    }
    snprintf(path, sizeof path, "$.list[%d].brand", i);
    tu_expect_null(json, path); /* present, and null */
    assert_null(strstr(json, "13811110010"));
    free(json);
}

static void test_defeats_show_phones_shows_the_whole_number(void **state)
{
    (void)state;
    char db[256];
    import_data(db, sizeof db, "rep-showphones");
    char *json = tu_report_json(db, "defeats --month 2026-10 --show-phones");
    tu_expect_text(json, tu_row_path(json, "$.list", "customer", "郑十", "phone"), "13811110010");
    free(json);
}

static void test_defeats_of_an_iso_week_include_its_sunday(void **state)
{
    (void)state;
    char db[256];
    import_data(db, sizeof db, "rep-weekdef");
    char *json = tu_report_json(db, "defeats --week 2026-W44");
    /* C4 10-29 (competitor) and C16 Sunday 11-01 (预算不够: budget) */
    tu_expect_int(json, "$.cases", 2);
    tu_expect_text(json, tu_row_path(json, "$.list", "customer", "周十六", "reason"), "budget");
    tu_expect_text(json, tu_row_path(json, "$.list", "customer", "周十六", "date"), "2026-11-01");
    free(json);
}

/* ---- audit (DOMAIN 6.1, 6.2, 7.4) ---- */

static void expect_audit_grades(const char *json)
{
    /* pipeline as of 10-31: O C2 C6 C14 C15, H C12, B C3, C C13, N C7 C8; C1 C5 delivered,
     * C4 C10 C11 defeated, C9 lost */
    const char *paths[] = {"$.grades.O",      "$.grades.H", "$.grades.\"A+\"", "$.grades.A",
                           "$.grades.\"B+\"", "$.grades.B", "$.grades.C",      "$.grades.N"};
    const long long want[] = {4, 1, 0, 0, 0, 1, 1, 2};
    for (int i = 0; i < 8; i++)
        tu_expect_int(json, paths[i], want[i]);
}

static void test_audit_counts_customers_by_grade(void **state)
{
    (void)state;
    char db[256];
    import_data(db, sizeof db, "rep-audit");
    char *json = tu_report_json(db, "audit --as-of 2026-10-31");
    tu_expect_text(json, "$.as_of", "2026-10-31");
    expect_audit_grades(json);
    free(json);
}

static void test_audit_overdue_list_most_overdue_first(void **state)
{
    (void)state;
    char db[256];
    import_data(db, sizeof db, "rep-overdue");
    char *json = tu_report_json(db, "audit --as-of 2026-10-31");
    tu_expect_int(json, "$.overdue", 4);
    assert_int_equal(tu_array_length(json, "$.overdue_list"), 4);
    /* C2 O: last 10-10, 21 days, 4 allowed -> 17 */
    tu_expect_text(json, "$.overdue_list[0].customer", "李二");
    tu_expect_text(json, "$.overdue_list[0].phone", "138****0002");
    tu_expect_text(json, "$.overdue_list[0].grade", "O");
    tu_expect_text(json, "$.overdue_list[0].last_contact", "2026-10-10");
    tu_expect_int(json, "$.overdue_list[0].days_overdue", 17);
    /* C13 C: last 09-15, 46 days, 30 allowed -> 16 */
    tu_expect_text(json, "$.overdue_list[1].customer", "褚十三");
    tu_expect_text(json, "$.overdue_list[1].grade", "C");
    tu_expect_int(json, "$.overdue_list[1].days_overdue", 16);
    /* C14 O: last 10-20, 11 days, 4 allowed -> 7 */
    tu_expect_text(json, "$.overdue_list[2].customer", "卫十四");
    tu_expect_int(json, "$.overdue_list[2].days_overdue", 7);
    /* C3 B: last 10-13, 18 days, 15 allowed -> 3 */
    tu_expect_text(json, "$.overdue_list[3].customer", "张三");
    tu_expect_text(json, "$.overdue_list[3].grade", "B");
    tu_expect_int(json, "$.overdue_list[3].days_overdue", 3);
    free(json);
}

static void test_audit_missing_list_says_what_is_missing(void **state)
{
    (void)state;
    char db[256];
    import_data(db, sizeof db, "rep-missing");
    char *json = tu_report_json(db, "audit --as-of 2026-10-31");
    assert_int_equal(tu_array_length(json, "$.missing_list"), 2);
    tu_expect_text(json, tu_row_path(json, "$.missing_list", "customer", "黄七", "missing"),
                   "model");
    tu_expect_text(json, tu_row_path(json, "$.missing_list", "customer", "黄七", "phone"),
                   "138****0007");
    tu_expect_text(json, tu_row_path(json, "$.missing_list", "customer", "赵八", "missing"),
                   "phone");
    tu_expect_text(json, tu_row_path(json, "$.missing_list", "customer", "赵八", "salesperson"),
                   "Tom");
    free(json);
}

/* The incomplete records of incomplete_visits.csv and incomplete_calls.csv,
 * as of 10-31, each with what finds it: the owner, the model (the latest
 * one given), the first contact's day and its file and line (the first in
 * time order, wherever it was imported from).
 *   visits:2  10-05 10:00 李娜 凯美瑞, no name, no phone   -> phone, name
 *   visits:3  10-06 李娜, no name, phone or model          -> phone, name, model
 *   calls:2   10-08 09:00 王强 13900000001, no name or model; then visits:4
 *             10-08 15:00 汉兰达 and calls:3 10-12 汉兰达    -> name; first
 *             contact calls:2, last 10-12, 3 contacts
 *   visits:5  10-09 王强 周先生 13900000002, no model       -> model
 *   visits:6  10-10 王强 吴女士 13900000003 汉兰达 3天 is H: complete, not listed */
static void test_audit_missing_list_identifies_each_record(void **state)
{
    (void)state;
    char db[256];
    tu_import_files(db, sizeof db, "rep-incomplete",
                    DATA "incomplete_visits.csv " DATA "incomplete_calls.csv");
    char *json = tu_report_json(db, "audit --as-of 2026-10-31");
    assert_int_equal(tu_array_length(json, "$.missing_list"), 4);
    static const char *const fields[] = {"salesperson",   "customer",      "phone",
                                         "missing",       "missing_label", "model",
                                         "first_contact", "last_contact",  "record"};
    static const char *const rows[][9] = {
        {"李娜", "", "", "phone, name", "电话、姓名", "凯美瑞", "2026-10-05", "2026-10-05",
         "incomplete_visits.csv:2"},
        {"李娜", "", "", "phone, name, model", "电话、姓名、车型", "", "2026-10-06", "2026-10-06",
         "incomplete_visits.csv:3"},
        {"王强", "", "139****0001", "name", "姓名", "汉兰达", "2026-10-08", "2026-10-12",
         "incomplete_calls.csv:2"},
        {"王强", "周先生", "139****0002", "model", "车型", "", "2026-10-09", "2026-10-09",
         "incomplete_visits.csv:5"},
    };
    for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++)
        for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++)
            tu_expect_text(json,
                           tu_row_path(json, "$.missing_list", "record", rows[r][8], fields[f]),
                           rows[r][f]);
    tu_expect_text(
        json, tu_row_path(json, "$.missing_list", "record", "incomplete_calls.csv:2", "file_line"),
        DATA "incomplete_calls.csv:2");
    tu_expect_int(
        json, tu_row_path(json, "$.missing_list", "record", "incomplete_calls.csv:2", "contacts"),
        3);
    free(json);
}

static void test_audit_followup_24h_share_per_owner(void **state)
{
    (void)state;
    char db[256];
    import_data(db, sizeof db, "rep-24h");
    char *json = tu_report_json(db, "audit --as-of 2026-10-31");
    /* visits 10-01..10-30 not ending in 订车/交车, by owner:
     * 张伟: C2 10-03 (next 10-10: no), C3 10-12 10:00 (call 10-13 09:00: yes), C4 10-15
     *       (next 10-20: no), C15 10-19 (next 10-29: no), C12 10-30 15:00 (10-31 14:00: yes)
     *       -> 2 / 5; C1's 交车 and C2's 订车 visits do not count
     * 欧阳娜娜: C6 10-01 10:00 (10-02 11:00 is 25 h: no), C5 10-05 no time (10-06: next
     *       calendar day, yes), C9 10-07 10:00 (10-08 09:00: yes), C10 10-14 11:00
     *       (10-15 10:30: yes) -> 3 / 4; C5's 交车 visit does not count */
    tu_expect_real(json, tu_row_path(json, "$.by_owner", "salesperson", "张伟", "followup_24h"),
                   0.4, 0.001);
    tu_expect_real(json, tu_row_path(json, "$.by_owner", "salesperson", "欧阳娜娜", "followup_24h"),
                   0.75, 0.001);
    free(json);
}

static void test_audit_followup_24h_is_null_for_an_owner_without_visits(void **state)
{
    (void)state;
    char db[256];
    import_data(db, sizeof db, "rep-24hnull");
    char *json = tu_report_json(db, "audit --as-of 2026-10-31");
    const char *t = "Tom"; /* C7 N, C8 N, C13 C in the pipeline; calls only */
    tu_expect_null(json, tu_row_path(json, "$.by_owner", "salesperson", t, "followup_24h"));
    tu_expect_int(json, tu_row_path(json, "$.by_owner", "salesperson", t, "overdue"), 1); /* C13 */
    tu_expect_int(json, tu_row_path(json, "$.by_owner", "salesperson", t, "missing"),
                  2); /* C7 C8 */
    tu_expect_int(json, tu_row_path(json, "$.by_owner", "salesperson", t, "grades.C"), 1);
    tu_expect_int(json, tu_row_path(json, "$.by_owner", "salesperson", t, "grades.N"), 2);
    tu_expect_int(json, tu_row_path(json, "$.by_owner", "salesperson", t, "grades.O"), 0);
    free(json);
}

static void test_audit_as_of_defaults_to_the_periods_last_day(void **state)
{
    (void)state;
    char db[256];
    import_data(db, sizeof db, "rep-auditmonth");
    /* DOMAIN 9: --as-of defaults to the period's last day (the latest contact, 11-02,
     * only when no period is given) */
    char *json = tu_report_json(db, "audit --month 2026-10");
    tu_expect_text(json, "$.as_of", "2026-10-31");
    expect_audit_grades(json);
    free(json);
}

/* ---- --salesperson ---- */

static void test_salesperson_option_limits_to_that_owners_customers(void **state)
{
    (void)state;
    char db[256];
    import_data(db, sizeof db, "rep-filter");
    char *json = tu_report_json(db, "funnel --month 2026-10 --salesperson 欧阳娜娜");
    tu_expect_int(json, "$.prospects", 4); /* C5 C6 C9 C10 */
    tu_expect_int(json, "$.visitors", 4);
    tu_expect_int(json, "$.buyers", 2); /* C5 C6 */
    assert_int_equal(tu_array_length(json, "$.by_owner"), 1);
    free(json);
    json = tu_report_json(db, "salespeople --month 2026-10 --salesperson 欧阳娜娜");
    assert_int_equal(tu_array_length(json, "$.rows"), 1);
    tu_expect_text(json, "$.rows[0].salesperson", "欧阳娜娜");
    free(json);
    json = tu_report_json(db, "defeats --month 2026-10 --salesperson 欧阳娜娜");
    tu_expect_int(json, "$.cases", 2); /* C9, and C10 although 张伟 logged its defeat */
    free(json);
    json = tu_report_json(db, "audit --as-of 2026-10-31 --salesperson Tom");
    tu_expect_int(json, "$.grades.C", 1);
    tu_expect_int(json, "$.grades.N", 2);
    tu_expect_int(json, "$.grades.O", 0);
    tu_expect_int(json, "$.overdue", 1);
    assert_int_equal(tu_array_length(json, "$.overdue_list"), 1);
    assert_int_equal(tu_array_length(json, "$.by_owner"), 1);
    free(json);
}

/* ---- text (DOMAIN 8) ---- */

/* Display columns of n bytes of UTF-8: 2 for CJK and other wide characters. */
static int display_width(const char *s, size_t n)
{
    int width = 0;
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    while (p < end) {
        unsigned c = *p;
        int more = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
        if (more) c &= 0x3F >> more;
        for (int i = 1; i <= more && p + i < end; i++)
            c = (c << 6) | (p[i] & 0x3F);
        p += more + 1;
        int wide = (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) ||
                   (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
                   (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
                   (c >= 0xFFE0 && c <= 0xFFE6);
        width += wide ? 2 : 1;
    }
    return width;
}

/* The display column where each field of a table line starts and ends;
 * fields are separated by two or more spaces. Returns the number of
 * fields. */
static int field_ends(const char *line, size_t len, int *starts, int *ends, int max)
{
    int n = 0;
    size_t i = 0;
    while (i < len && n < max) {
        while (i < len && line[i] == ' ')
            i++;
        if (i >= len) break;
        size_t j = i;
        while (j < len && !(line[j] == ' ' && (j + 1 >= len || line[j + 1] == ' ')))
            j++;
        starts[n] = display_width(line, i);
        ends[n++] = display_width(line, j);
        i = j;
    }
    return n;
}

static void test_text_columns_line_up_with_chinese_names(void **state)
{
    (void)state;
    char db[256];
    import_data(db, sizeof db, "rep-text");
    char *out = NULL;
    int status = tu_runf(
        &out, TU_FUNNEL " --db '%s' report salespeople --month 2026-10 --wide 2>/dev/null", db);
    assert_int_equal(status, 0);
    const char *starts[] = {"销售顾问 salesperson", "---", "张伟", "欧阳娜娜", "Tom"};
    int ref[16], ref_starts[16], nref = -1, seen = 0;
    for (const char *line = out; *line;) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        for (int s = 0; s < 5; s++) {
            if (strncmp(line, starts[s], strlen(starts[s])) != 0) continue;
            int ends[16], begins[16];
            int n = field_ends(line, len, begins, ends, 16);
            if (nref < 0) {
                nref = n;
                memcpy(ref, ends, sizeof ends);
                memcpy(ref_starts, begins, sizeof begins);
            } else {
                if (n != nref)
                    fail_msg("%d fields in \"%.*s\", %d in the header", n, (int)len, line, nref);
                /* the name column and the weakest stage (the last) are left-aligned
                 * text: they start where the header does; every column between ends
                 * (numbers are right-aligned) at the same display column as in the
                 * header */
                for (int f = 1; f < n - 1; f++)
                    if (ends[f] != ref[f])
                        fail_msg("column %d ends at display column %d in \"%.*s\", at %d in the "
                                 "header:\n%s",
                                 f + 1, ends[f], (int)len, line, ref[f], out);
                if (begins[n - 1] != ref_starts[n - 1])
                    fail_msg("the last column starts at display column %d in \"%.*s\", at %d in "
                             "the header:\n%s",
                             begins[n - 1], (int)len, line, ref_starts[n - 1], out);
            }
            seen++;
        }
        line = nl ? nl + 1 : line + len;
    }
    assert_int_equal(seen, 5);
    free(out);
}

/* ---- the weakest stage (DOMAIN 7.7) ----
 *
 * bottleneck_visits.csv and bottleneck_calls.csv, October 2026, target
 * 25:5:1 (v/p = 0.2, b/v = 0.2), one owner per letter:
 *   甲 10 prospects (1 visit that orders, 9 calls): visit rate 0.1 is 0.5 of
 *      its target, close rate 1 is 5 of it                      -> visit
 *   乙 4 prospects (2 visits, one orders; 2 calls): visit rate 0.5 and close
 *      rate 0.5 are both 2.5 times their targets: a tie          -> visit
 *   丙 2 prospects, both visit, none buys: visit 5, close 0      -> close
 *   丁 1 call: visit rate 0, close rate none (no visitors)       -> visit
 * Both rates none would need an owner without prospects, who has no row. */
static void test_bottleneck_is_the_stage_furthest_below_its_target(void **state)
{
    (void)state;
    char db[256];
    tu_import_files(db, sizeof db, "rep-bottleneck",
                    DATA "bottleneck_visits.csv " DATA "bottleneck_calls.csv");
    char *json = tu_report_json(db, "salespeople --month 2026-10");
    static const struct {
        const char *name, *stage;
    } want[] = {{"甲", "visit"}, {"乙", "visit"}, {"丙", "close"}, {"丁", "visit"}};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        char expr[256];
        snprintf(expr, sizeof expr,
                 "(SELECT json_extract(value, '$.bottleneck') FROM json_each(?1, '$.rows')"
                 " WHERE json_extract(value, '$.salesperson') = '%s')",
                 want[i].name);
        char *got = tu_json_eval(json, expr);
        if (strcmp(got, want[i].stage) != 0)
            fail_msg("%s: bottleneck '%s', expected '%s' in:\n%s", want[i].name, got, want[i].stage,
                     json);
        free(got);
    }
    free(json);
}

static void test_bottleneck_tie_goes_to_the_visit_stage(void **state)
{
    (void)state;
    char db[256];
    tu_import_files(db, sizeof db, "rep-bottleneck-tie",
                    DATA "bottleneck_visits.csv " DATA "bottleneck_calls.csv");
    /* 乙 alone: both stages at 2.5 times the target */
    char *json = tu_report_json(db, "salespeople --month 2026-10 --salesperson 乙");
    tu_expect_real(json, "$.rows[0].visit_rate", 0.5, 0.001);
    tu_expect_real(json, "$.rows[0].close_rate", 0.5, 0.001);
    tu_expect_text(json, "$.rows[0].bottleneck", "visit");
    free(json);
}

/* ---- CSV (DOMAIN 8) ---- */

static void test_csv_starts_with_a_bom_and_writes_plain_numbers(void **state)
{
    (void)state;
    char db[256];
    import_data(db, sizeof db, "rep-csv");
    char *out = NULL;
    int status = tu_runf(
        &out, TU_FUNNEL " --db '%s' report salespeople --month 2026-10 --format csv 2>/dev/null",
        db);
    assert_int_equal(status, 0);
    assert_memory_equal(out, "\xEF\xBB\xBF", 3);
    assert_non_null(
        strstr(out, "\xEF\xBB\xBF销售顾问 salesperson,潜在客户 prospects,到店 visitors,"));
    /* rates as fractions, medians and counts unquoted; null is an empty cell */
    assert_non_null(strstr(out, "\r\n张伟,7,6,3,0.857"));
    assert_non_null(strstr(out, "\r\nTom,3,0,0,0,,1,,,邀约到店 visit\r\n"));
    free(out);
}

/* Reads dir/name into a malloc'd string, failing the test when it is missing. */
static char *read_out(const char *dir, const char *name)
{
    char path[400];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    char *text = tu_read_file(path, NULL);
    if (!text) fail_msg("%s was not written", path);
    return text;
}

static void expect_in(const char *text, const char *what, const char *where)
{
    if (!strstr(text, what)) fail_msg("%s lacks \"%s\":\n%s", where, what, text);
}

static void expect_not_in(const char *text, const char *what, const char *where)
{
    if (strstr(text, what)) fail_msg("%s shows \"%s\":\n%s", where, what, text);
}

/* DOMAIN 8: people read Chinese labels in text, CSV and HTML; the codes
 * (DEFEAT, LOST, unreachable, competitor, phone, model) are in the JSON
 * only. October's cases: 吴九 LOST (unreachable), 郑十 DEFEAT (stock), 孙十一
 * and 刘四 DEFEAT (competitor); 赵八 lacks a phone, 黄七 a model. */
static void test_people_read_labels_and_json_keeps_the_codes(void **state)
{
    (void)state;
    char db[256], dir[256];
    import_data(db, sizeof db, "rep-labels");
    fresh_dir(dir, sizeof dir, "labels-out");
    assert_int_equal(tu_runf(NULL,
                             TU_FUNNEL " --db '%s' report defeats --month 2026-10 --out '%s'"
                                       " >/dev/null 2>&1",
                             db, dir),
                     0);
    assert_int_equal(tu_runf(NULL,
                             TU_FUNNEL " --db '%s' report audit --as-of 2026-10-31 --out '%s'"
                                       " >/dev/null 2>&1",
                             db, dir),
                     0);
    const char *codes[] = {"DEFEAT", "LOST", "unreachable", "competitor", "stock"};

    /* CSV: the HTML's bilingual headers, labels in the cells */
    char *csv = read_out(dir, "defeats_lost_sale_cases.csv");
    expect_in(csv,
              "\xEF\xBB\xBF日期 date,客户 customer,电话 phone,销售顾问 salesperson,车型 model,"
              "结果 outcome,原因 reason,流失品牌 brand,原话 as written\r\n",
              "defeats_lost_sale_cases.csv");
    expect_in(csv, "\r\n2026-10-08,吴九,138****0009,欧阳娜娜,雷凌,失控,失控/联系不上,丰田,",
              "defeats_lost_sale_cases.csv");
    expect_in(csv, ",凯美瑞,战败,库存/交期,,嫌等车太久\r\n", "defeats_lost_sale_cases.csv");
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        expect_not_in(csv, codes[i], "defeats_lost_sale_cases.csv");
    free(csv);
    csv = read_out(dir, "defeats_lost_sales_by_reason.csv");
    expect_in(
        csv, "\xEF\xBB\xBF战败原因 reason,客户数 cases,累计占比 cumulative share\r\n竞品,2,0.5\r\n",
        "defeats_lost_sales_by_reason.csv");
    free(csv);
    csv = read_out(dir, "audit_missing_list.csv");
    expect_in(csv, "\r\nTom,赵八,,电话,卡罗拉,2026-10-22,2026-10-22,calls.csv:11\r\n",
              "audit_missing_list.csv");
    expect_in(csv, "\r\nTom,黄七,138****0007,车型,,2026-10-18,2026-10-18,calls.csv:10\r\n",
              "audit_missing_list.csv");
    free(csv);
    /* a grade with its meaning, from the rules file's label */
    csv = read_out(dir, "audit_grades.csv");
    expect_in(csv,
              "\xEF\xBB\xBF级别 grade,客户数 customers,说明 meaning\r\nO,4,订单\r\nH,1,7天内\r\n",
              "audit_grades.csv");
    free(csv);

    /* HTML and text: no code either */
    char *html = read_out(dir, "defeats.html");
    expect_in(html, "<td>失控</td><td>失控/联系不上</td>", "defeats.html");
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        expect_not_in(strstr(html, "<body>"), codes[i], "defeats.html");
    free(html);
    char *out = NULL;
    assert_int_equal(
        tu_runf(&out, TU_FUNNEL " --db '%s' report defeats --month 2026-10 2>/dev/null", db), 0);
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        expect_not_in(out, codes[i], "the text report");
    expect_in(out, "失控/联系不上", "the text report");
    free(out);

    /* JSON: the codes, with the labels beside them */
    char *json = read_out(dir, "defeats.json");
    expect_in(json, "\"outcome\": \"LOST\"", "defeats.json");
    expect_in(json, "\"reason\": \"unreachable\"", "defeats.json");
    expect_in(json, "\"reason_label\": \"失控/联系不上\"", "defeats.json");
    expect_in(json, "\"reason\": \"competitor\",\n      \"label\": \"竞品\",", "defeats.json");
    free(json);
    json = read_out(dir, "audit.json");
    expect_in(json, "\"missing\": \"phone\"", "audit.json");
    expect_in(json, "\"grades\": {\n    \"O\": 4,\n    \"H\": 1,", "audit.json");
    free(json);
}

/* DOMAIN 9: --format xlsx writes the workbook to standard output. */
static void test_format_xlsx_writes_a_workbook_to_standard_output(void **state)
{
    (void)state;
    char db[256], dir[256], path[400];
    import_data(db, sizeof db, "rep-xlsx");
    fresh_dir(dir, sizeof dir, "xlsx-out");
    assert_int_equal(mkdir(dir, 0700), 0);
    snprintf(path, sizeof path, "%s/salespeople.xlsx", dir);
    assert_int_equal(tu_runf(NULL,
                             TU_FUNNEL " --db '%s' report salespeople --month 2026-10"
                                       " --format xlsx >'%s' 2>/dev/null",
                             db, path),
                     0);
    char *sheet = NULL;
    assert_int_equal(tu_runf(&sheet, "unzip -p '%s' xl/workbook.xml", path), 0);
    if (!strstr(sheet, "<sheet name=\"销售顾问转化\""))
        fail_msg("no sheet 销售顾问转化:\n%s", sheet);
    free(sheet);
    /* 张伟: 7 prospects, 6 visitors, 3 buyers */
    char *strings = NULL;
    assert_int_equal(tu_runf(&strings, "unzip -p '%s' xl/worksheets/sheet1.xml", path), 0);
    if (!strstr(strings, "<v>7</v></c><c r=\"C2\" s=\"") || !strstr(strings, "<v>6</v>"))
        fail_msg("张伟's row is not 7, 6, ... in:\n%s", strings);
    free(strings);
}

static void test_csv_guards_text_cells_that_start_with_equals(void **state)
{
    (void)state;
    char db[256], dir[256];
    tu_import_files(db, sizeof db, "rep-formula", DATA "visits_formula.csv");
    char *out = NULL;
    int status = tu_runf(
        &out, TU_FUNNEL " --db '%s' report salespeople --month 2026-10 --format csv 2>/dev/null",
        db);
    assert_int_equal(status, 0);
    /* the salesperson cell gets a leading ' ; its numbers stay plain (1 prospect, 1 visitor,
     * 0 buyers, visit rate 1, close rate 0, 1 defeat, test-drive rate 0, no days to buy;
     * close is the weaker stage) */
    if (!strstr(out, "\r\n\"'=HYPERLINK(\"\"http://evil.example/\"\",\"\"x\"\")\",1,1,0,1,0,1,0,,"
                     "成交 close\r\n"))
        fail_msg("formula not guarded, or numbers not plain:\n%s", out);
    free(out);
    /* the defeat's note, in the case list of a pack */
    fresh_dir(dir, sizeof dir, "formula-out");
    status = tu_runf(NULL,
                     TU_FUNNEL " --db '%s' report defeats --month 2026-10 --out '%s'"
                               " >/dev/null 2>&1",
                     db, dir);
    assert_int_equal(status, 0);
    char path[400];
    snprintf(path, sizeof path, "%s/defeats_lost_sale_cases.csv", dir);
    char *csv = tu_read_file(path, NULL);
    if (!strstr(csv, ",\"'=HYPERLINK(\"\"http://evil.example/\"\",\"\"y\"\")\"\r\n"))
        fail_msg("note not guarded in %s:\n%s", path, csv);
    free(csv);
}

static void test_csv_negative_numbers_are_not_guarded(void **state)
{
    (void)state;
    char db[256], dir[256];
    import_data(db, sizeof db, "rep-negative");
    fresh_dir(dir, sizeof dir, "negative-out");
    int status = tu_runf(NULL,
                         TU_FUNNEL " --db '%s' report monthly --month 2026-10 --out '%s'"
                                   " >/dev/null 2>&1",
                         db, dir);
    assert_int_equal(status, 0);
    char path[400];
    snprintf(path, sizeof path, "%s/monthly_grade_compare.csv", dir);
    char *csv = tu_read_file(path, NULL);
    /* grade B: C3 at the end of October; C3 and C14 (08-01 3个月) at the end of September */
    const char *b = strstr(csv, "\r\nB,");
    if (!b || !strstr(b, ",1,2,-1\r\n")) fail_msg("grade B row not 1, 2, -1 in:\n%s", csv);
    free(csv);
}

/* ---- meeting packs (DOMAIN 9) ---- */

static int has_gnuplot(void)
{
    return system("command -v gnuplot >/dev/null 2>&1") == 0;
}

/* The pack's workbook NAME.xlsx: private, a zip, a sheet for each table
 * shown, and a native chart for each of the pack's charts (whether or not
 * gnuplot is installed). */
static void check_workbook(const char *dir, const char *name, const char *const *keys, int ncharts)
{
    char path[600];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s.xlsx", dir, name);
    if (stat(path, &st) != 0) fail_msg("%s was not written", path);
    if ((st.st_mode & 0777) != 0600) fail_msg("%s has mode %o", path, st.st_mode & 0777);
    size_t size = 0;
    char *bytes = tu_read_file(path, &size);
    if (size < 4 || memcmp(bytes, "PK\x03\x04", 4) != 0) fail_msg("%s is not a zip", path);
    free(bytes);
    char *book = NULL;
    assert_int_equal(tu_runf(&book, "unzip -p '%s' xl/workbook.xml", path), 0);
    int sheets = 0, nkeys = 0;
    for (const char *p = book; (p = strstr(p, "<sheet ")); p++)
        sheets++;
    while (keys[nkeys])
        nkeys++;
    /* one sheet per table shown, and one per hidden table drawn (the funnel) */
    if (sheets < nkeys) fail_msg("%s has %d sheets for %d tables:\n%s", path, sheets, nkeys, book);
    free(book);
    char *list = NULL;
    assert_int_equal(tu_runf(&list, "unzip -l '%s'", path), 0);
    for (int i = 1; i <= ncharts + 1; i++) {
        char chart[64];
        snprintf(chart, sizeof chart, "xl/charts/chart%d.xml", i);
        if ((strstr(list, chart) != NULL) != (i <= ncharts))
            fail_msg("%s: expected %d charts:\n%s", path, ncharts, list);
    }
    free(list);
}

static void check_pack(const char *dir, const char *name, const char *const *keys, int ncharts)
{
    char path[600];
    struct stat st;
    assert_int_equal(stat(dir, &st), 0);
    if ((st.st_mode & 0777) != 0700)
        fail_msg("%s has mode %o; expected 700", dir, st.st_mode & 0777);

    snprintf(path, sizeof path, "%s/%s.html", dir, name);
    char *html = tu_read_file(path, NULL);
    snprintf(path, sizeof path, "%s/%s.json", dir, name);
    char *json = tu_read_file(path, NULL);
    tu_expect_text(json, "$.report", name);

    for (int k = 0; keys[k]; k++) {
        /* "KEY" or "KEY=FILE": the table KEY written to NAME_FILE.csv */
        char needle[128], key[64];
        const char *file = strchr(keys[k], '=');
        snprintf(key, sizeof key, "%.*s", (int)(file ? (size_t)(file - keys[k]) : strlen(keys[k])),
                 keys[k]);
        snprintf(needle, sizeof needle, "data-table=\"%s\"", key);
        if (!strstr(html, needle)) fail_msg("%s.html lacks %s", name, needle);
        snprintf(path, sizeof path, "%s/%s_%s.csv", dir, name, file ? file + 1 : key);
        size_t size = 0;
        char *csv = tu_read_file(path, &size);
        if (size < 3 || memcmp(csv, "\xEF\xBB\xBF", 3) != 0) fail_msg("%s lacks the BOM", path);
        free(csv);
    }
    assert_null(strstr(html, "data-table=\"funnel_chart\"")); /* hidden */

    long long n = tu_array_length(json, "$.charts");
    int drawn = 0;
    for (int i = 0; i < n; i++) {
        char p[64];
        snprintf(p, sizeof p, "$.charts[%d].name", i);
        char *chart = tu_json_text(json, p);
        snprintf(p, sizeof p, "$.charts[%d].png", i);
        char *png = tu_json_text(json, p);
        snprintf(p, sizeof p, "$.charts[%d].svg", i);
        char *svg = tu_json_text(json, p);
        if (png[0] && svg[0]) { /* relative to the JSON's folder */
            size_t size = 0;
            snprintf(path, sizeof path, "%s/%s", dir, png);
            char *bytes = tu_read_file(path, &size);
            if (size < 8 || memcmp(bytes, "\x89PNG\r\n\x1a\n", 8) != 0)
                fail_msg("%s is not a PNG", path);
            free(bytes);
            snprintf(path, sizeof path, "%s/%s", dir, svg);
            bytes = tu_read_file(path, NULL);
            if (!strstr(bytes, "<svg")) fail_msg("%s has no <svg", path);
            free(bytes);
            char needle[128];
            snprintf(needle, sizeof needle, "data-chart=\"%s\"", chart);
            if (!strstr(html, needle)) fail_msg("%s.html lacks %s", name, needle);
            drawn++;
        }
        free(chart);
        free(png);
        free(svg);
    }
    /* every chart of these packs has data; with gnuplot installed each is drawn */
    if (has_gnuplot() && drawn != ncharts)
        fail_msg("%d of %lld charts drawn in %s; expected %d", drawn, n, dir, ncharts);
    free(html);
    free(json);
    check_workbook(dir, name, keys, ncharts);
}

static void test_monthly_pack_has_html_json_csv_and_charts(void **state)
{
    (void)state;
    char db[256], dir[256];
    import_data(db, sizeof db, "rep-monthly");
    fresh_dir(dir, sizeof dir, "monthly-out");
    int status = tu_runf(NULL,
                         TU_FUNNEL " --db '%s' report monthly --month 2026-10 --out '%s'"
                                   " >/dev/null 2>&1",
                         db, dir);
    assert_int_equal(status, 0);
    /* the tables whose keys say little are written under a file name that
     * says what they hold */
    const char *keys[] = {"compare",
                          "totals=funnel",
                          "by_owner=funnel_by_salesperson",
                          "rows=salespeople",
                          "grade_compare",
                          "grade_mix",
                          "defeat_totals",
                          "by_reason=lost_sales_by_reason",
                          "by_model=lost_sales_by_model",
                          "by_brand=lost_sales_by_brand",
                          "by_salesperson=lost_sales_by_salesperson",
                          "trend=lost_sales_trend",
                          "list=lost_sale_cases",
                          "changes_by_owner",
                          "changes_down_left",
                          "sources",
                          NULL};
    /* funnel, conversion, defeats_pareto, the lost sales by model, brand and
     * salesperson, grade_mix, by_source (no targets for pace, too little
     * history for the back-test) */
    check_pack(dir, "monthly", keys, 8);
}

static void test_pack_without_gnuplot_comes_out_without_charts_and_one_warning(void **state)
{
    (void)state;
    char db[256], dir[256], path[400];
    char *err = NULL;
    import_data(db, sizeof db, "rep-nognuplot");
    fresh_dir(dir, sizeof dir, "nognuplot-out");
    /* no gnuplot on this PATH: the pack must still be written */
    int status = tu_runf(&err,
                         "PATH=/nonexistent " TU_FUNNEL
                         " --db '%s' report monthly --month 2026-10 --out '%s' 2>&1 >/dev/null",
                         db, dir);
    assert_int_equal(status, 0);
    assert_non_null(strstr(err, "gnuplot"));
    assert_null(strchr(strchr(err, '\n') + 1, '\n')); /* one warning line */
    free(err);
    snprintf(path, sizeof path, "%s/monthly.html", dir);
    char *html = tu_read_file(path, NULL);
    assert_non_null(strstr(html, "data-table=\"rows\""));
    assert_null(strstr(html, "<svg"));
    assert_non_null(strstr(html, "gnuplot"));
    free(html);
    snprintf(path, sizeof path, "%s/monthly.json", dir);
    char *json = tu_read_file(path, NULL);
    char *png = tu_json_text(json, "$.charts[0].png");
    assert_string_equal(png, "");
    free(png);
    free(json);
}

static void test_pack_without_a_chinese_font_warns_that_labels_will_not_render(void **state)
{
    (void)state;
    char db[256], dir[256], conf[300];
    char *err = NULL;
    import_data(db, sizeof db, "rep-nofont");
    fresh_dir(dir, sizeof dir, "nofont-out");
    /* a fontconfig setup that knows no fonts at all */
    snprintf(conf, sizeof conf, "%s.fonts.conf", dir);
    FILE *fp = fopen(conf, "w");
    assert_non_null(fp);
    fputs("<?xml version=\"1.0\"?><fontconfig><dir>/nonexistent</dir></fontconfig>\n", fp);
    fclose(fp);
    int status = tu_runf(&err,
                         "FONTCONFIG_FILE='%s' " TU_FUNNEL
                         " --db '%s' report weekly --week 2026-W44 --out '%s' 2>&1 >/dev/null",
                         conf, db, dir);
    assert_int_equal(status, 0);
    assert_non_null(strstr(err, "Chinese"));
    free(err);
}

static void test_weekly_pack_has_html_json_csv_and_charts(void **state)
{
    (void)state;
    char db[256], dir[256];
    import_data(db, sizeof db, "rep-weekly");
    fresh_dir(dir, sizeof dir, "weekly-out");
    int status = tu_runf(NULL,
                         TU_FUNNEL " --db '%s' report weekly --week 2026-W44 --out '%s'"
                                   " >/dev/null 2>&1",
                         db, dir);
    assert_int_equal(status, 0);
    const char *keys[] = {"defeat_totals",
                          "by_reason=lost_sales_by_reason",
                          "by_model=lost_sales_by_model",
                          "by_brand=lost_sales_by_brand",
                          "by_salesperson=lost_sales_by_salesperson",
                          "trend=lost_sales_trend",
                          "list=lost_sale_cases",
                          "changes_by_owner",
                          "changes_down_left",
                          "plan_week",
                          "followup_by_owner",
                          "followup",
                          NULL};
    check_pack(dir, "weekly", keys, 5); /* pareto, by model, by brand, by salesperson, trend */
    char path[400];
    snprintf(path, sizeof path, "%s/weekly.json", dir);
    char *json = tu_read_file(path, NULL);
    tu_expect_int(json, "$.cases", 2); /* C4, C16 */
    free(json);
}

static void test_audit_pack_has_html_json_csv_and_charts(void **state)
{
    (void)state;
    char db[256], dir[256];
    import_data(db, sizeof db, "rep-auditpack");
    fresh_dir(dir, sizeof dir, "audit-out");
    int status = tu_runf(NULL,
                         TU_FUNNEL " --db '%s' report audit --as-of 2026-10-31 --out '%s'"
                                   " >/dev/null 2>&1",
                         db, dir);
    assert_int_equal(status, 0);
    const char *keys[] = {"grades",       "audit_totals=totals", "by_owner", "grade_mix",
                          "overdue_list", "missing_list",        NULL};
    check_pack(dir, "audit", keys, 1); /* grade_mix */
    /* the 24-hour share says which visits it covers: D-30 to D-1 */
    char path[400];
    snprintf(path, sizeof path, "%s/audit_by_owner.csv", dir);
    char *csv = tu_read_file(path, NULL);
    if (!strstr(csv, ",D-30~D-1到店 visits D-30 to D-1,") ||
        !strstr(csv, ",24h回访率(D-30~D-1) 24h share of visits D-30 to D-1\r\n"))
        fail_msg("the 24-hour columns do not say the visits they cover:\n%.400s", csv);
    free(csv);
}

/* The JSON of a pack lists its charts by paths relative to its own folder:
 * the same whether --out was relative (from two working directories) or
 * absolute, and each names a file beside the JSON. Without --out the JSON
 * goes to standard output and no chart is drawn: the paths are null. */
static void test_pack_json_chart_paths_are_relative_to_the_json_file(void **state)
{
    (void)state;
    if (!has_gnuplot()) skip();
    char db[256], base[256], abs_db[PATH_MAX], bin[PATH_MAX + 8];
    import_data(db, sizeof db, "rep-chartpaths");
    fresh_dir(base, sizeof base, "chartpaths");
    assert_int_equal(tu_runf(NULL, "mkdir -p '%s/a/b' '%s/c'", base, base), 0);
    assert_non_null(realpath(db, abs_db));
    const char *env = getenv("FUNNEL_BIN");
    if (env && *env)
        snprintf(bin, sizeof bin, "%s", env);
    else if (!realpath(TU_FUNNEL, bin))
        fail_msg("no %s", TU_FUNNEL);
    /* the working directory, and --out as given */
    const char *runs[][2] = {{"a", "out"}, {"a/b", "../../c/out"}, {"/", NULL}};
    char *charts[3];
    for (int i = 0; i < 3; i++) {
        char cwd[300], out[300], dir[300], path[400];
        snprintf(cwd, sizeof cwd, "%s/%s", base, runs[i][0]);
        if (runs[i][1])
            snprintf(out, sizeof out, "%s", runs[i][1]);
        else
            snprintf(out, sizeof out, "%s/absolute", base);
        int status = tu_runf(NULL,
                             "cd '%s' && %s --db '%s' report audit --as-of 2026-10-31 --out '%s'"
                             " >/dev/null 2>&1",
                             cwd, bin, abs_db, out);
        assert_int_equal(status, 0);
        snprintf(dir, sizeof dir, "%s%s%s", out[0] == '/' ? "" : cwd, out[0] == '/' ? "" : "/",
                 out);
        snprintf(path, sizeof path, "%s/audit.json", dir);
        char *json = tu_read_file(path, NULL);
        charts[i] = tu_json_text(json, "$.charts");
        tu_expect_text(json, "$.charts[0].png", "audit_grade_mix.png");
        tu_expect_text(json, "$.charts[0].svg", "audit_grade_mix.svg");
        snprintf(path, sizeof path, "%s/audit_grade_mix.png", dir);
        free(tu_read_file(path, NULL));
        snprintf(path, sizeof path, "%s/audit_grade_mix.svg", dir);
        free(tu_read_file(path, NULL));
        free(json);
    }
    assert_string_equal(charts[0], charts[1]);
    assert_string_equal(charts[0], charts[2]);
    for (int i = 0; i < 3; i++)
        free(charts[i]);
    char *json = tu_report_json(db, "audit --as-of 2026-10-31");
    tu_expect_text(json, "$.charts[0].name", "audit_grade_mix");
    tu_expect_null(json, "$.charts[0].png");
    tu_expect_null(json, "$.charts[0].svg");
    free(json);
}

/* Fails unless every per-salesperson table of the pack dir/NAME.json (an
 * array whose rows have a "salesperson", or by_salesperson's "name") lists
 * the salespeople in the order of want ("a|b|c"): each run of rows of one
 * salesperson counted once, they appear in want, in its order. The lists of
 * cases (list, by date) and of overdue follow-ups (most overdue first) go by
 * what they are about and are left out. Returns how many tables it checked. */
static int expect_salesperson_order(const char *dir, const char *name, const char *want)
{
    char path[400], expr[512];
    snprintf(path, sizeof path, "%s/%s.json", dir, name);
    char *json = tu_read_file(path, NULL);
    char *keys =
        tu_json_eval(json, "group_concat(key, '|') FROM json_each(?1)"
                           " WHERE type = 'array' AND key NOT IN ('list', 'overdue_list')");
    int checked = 0;
    for (char *key = strtok(keys, "|"); key; key = strtok(NULL, "|")) {
        snprintf(expr, sizeof expr,
                 "group_concat(json_extract(value, '$.%s'), '|') FROM json_each(?1, '$.%s')",
                 strcmp(key, "by_salesperson") == 0 ? "name" : "salesperson", key);
        char *names = tu_json_eval(json, expr), previous[128] = "";
        const char *at = want;
        for (const char *p = names; *p;) {
            size_t n = strcspn(p, "|");
            char one[128];
            snprintf(one, sizeof one, "%.*s", (int)n, p);
            p += n + (p[n] == '|');
            if (strcmp(one, previous) == 0) continue; /* the same salesperson's rows */
            snprintf(previous, sizeof previous, "%s", one);
            /* the next place of one in want, at or after the last one's */
            const char *found = at;
            while (found && (strncmp(found, one, n) != 0 || (found[n] && found[n] != '|'))) {
                found = strchr(found, '|');
                if (found) found++;
            }
            if (!found)
                fail_msg("%s.json: %s lists %s out of the order %s: %s", name, key, one, want,
                         names);
            at = found;
        }
        checked += names[0] != '\0';
        free(names);
    }
    free(keys);
    free(json);
    return checked;
}

/* One order of salespeople in every table of a pack: the conversion
 * table's, by the period's buyers, visitors, prospects, then the customers
 * in the pipeline, most first (salesperson_order.sql). By hand:
 *   October (monthly): 张伟 3 buyers (C2, C14, C15), 欧阳娜娜 2 (C5, C6), Tom 0
 *     -> 张伟, 欧阳娜娜, Tom; by name it would be Tom, 张伟, 欧阳娜娜, and by
 *     lost sales 欧阳娜娜 2 (C9, C10), then Tom and 张伟 1 each.
 *   2026-W44 (weekly, 10-26 to 11-01): 张伟 1 buyer (C15) and 1 visitor
 *     (C12), 欧阳娜娜 1 buyer (C6) and no visitor, Tom nothing -> the same.
 *   the audit as of 10-31 has no period: in the pipeline 张伟 5 (C2, C3,
 *     C12, C14, C15), Tom 3 (C7, C8, C13), 欧阳娜娜 1 (C6)
 *     -> 张伟, Tom, 欧阳娜娜. */
static void test_every_table_of_a_pack_lists_salespeople_in_one_order(void **state)
{
    (void)state;
    char db[256], dir[256];
    import_data(db, sizeof db, "rep-order");
    fresh_dir(dir, sizeof dir, "order-out");
    const char *packs[][3] = {{"monthly", "--month 2026-10", "张伟|欧阳娜娜|Tom"},
                              {"weekly", "--week 2026-W44", "张伟|欧阳娜娜|Tom"},
                              {"audit", "--as-of 2026-10-31", "张伟|Tom|欧阳娜娜"}};
    /* per-salesperson tables: monthly by_owner, rows, grade_mix, by_salesperson,
     * changes_by_owner, changes_down_left; weekly by_salesperson,
     * changes_by_owner, changes_down_left, followup_by_owner, followup; audit
     * by_owner, grade_mix, missing_list (care_by_owner and targets are empty) */
    const int tables[] = {6, 4, 3};
    for (int i = 0; i < 3; i++) {
        assert_int_equal(tu_runf(NULL,
                                 TU_FUNNEL " --db '%s' report %s %s --out '%s' >/dev/null 2>&1", db,
                                 packs[i][0], packs[i][1], dir),
                         0);
        int checked = expect_salesperson_order(dir, packs[i][0], packs[i][2]);
        if (checked < tables[i])
            fail_msg("%s: %d per-salesperson tables with rows; expected %d at least", packs[i][0],
                     checked, tables[i]);
    }
    char path[400];
    snprintf(path, sizeof path, "%s/monthly.json", dir);
    char *json = tu_read_file(path, NULL);
    tu_expect_text(json, "$.rows[0].salesperson", "张伟");
    tu_expect_text(json, "$.rows[2].salesperson", "Tom");
    tu_expect_text(json, "$.by_salesperson[0].name", "张伟");
    tu_expect_text(json, "$.changes_by_owner[0].salesperson", "张伟");
    free(json);
    snprintf(path, sizeof path, "%s/audit.json", dir);
    json = tu_read_file(path, NULL);
    tu_expect_text(json, "$.by_owner[0].salesperson", "张伟");
    tu_expect_text(json, "$.by_owner[1].salesperson", "Tom");
    free(json);
}

/* Runs the monthly pack of October 2026 on db into a fresh folder (with
 * --queries dir when not NULL) and returns its JSON. */
static char *monthly_json(const char *db, const char *queries)
{
    char dir[256], path[400], opt[300] = "";
    fresh_dir(dir, sizeof dir, "monthly-json");
    if (queries) snprintf(opt, sizeof opt, " --queries '%s'", queries);
    int status = tu_runf(NULL,
                         TU_FUNNEL " --db '%s' report monthly --month 2026-10%s --out '%s'"
                                   " >/dev/null 2>&1",
                         db, opt, dir);
    assert_int_equal(status, 0);
    snprintf(path, sizeof path, "%s/monthly.json", dir);
    return tu_read_file(path, NULL);
}

#define MONTH_END_ROWS "SELECT count(*) FROM grades WHERE as_of = '2026-10-31'"
#define MONTH_END_RUN                                                                              \
    "SELECT full * 1000 + bought_within FROM grade_runs WHERE as_of = '2026-10-31'"

/* The monthly pack stores, as of the month's end, the grades of the
 * customers contacted in the 63 days to it or who bought in the 458 days
 * to it (report.c), and the sums of all: of the 12 customers of
 * recent_*.csv, R4 (last seen 2026-05-10), R5 (2025-06-01) and R11
 * (delivered 2025-05-01) are neither. Its numbers are those read from every
 * customer's grades: the care steps due in the 90 days before 10-31 are
 * 王芳's R1 (delivered 2025-09-25, its sixth care window (2026-07-29,
 * 2026-09-27] has the call of 08-10) and R2 (2025-08-05, window ends
 * 2026-08-07, no call), 张伟's R10 (delivered 10-25, no call on 10-26); the
 * forecast counts R3, who ordered on 2026-03-20. With --queries DIR, a file
 * that reads the grades other than the built-in one is given every
 * customer's. */
static void test_monthly_pack_reads_alike_with_every_customer_graded(void **state)
{
    (void)state;
    char db[256], dir[256];
    tu_import_files(db, sizeof db, "rep-recent", DATA "recent_visits.csv " DATA "recent_calls.csv");
    char *recent = monthly_json(db, NULL);
    assert_int_equal(tu_query_int(db, MONTH_END_ROWS), 9);
    assert_int_equal(tu_query_int(db, MONTH_END_RUN), 64458); /* 1 + 63 days, 458 */
    tu_expect_int(recent, tu_row_path(recent, "$.care_by_owner", "salesperson", "王芳", "steps"),
                  2);
    tu_expect_int(recent, tu_row_path(recent, "$.care_by_owner", "salesperson", "王芳", "done"), 1);
    tu_expect_int(recent, tu_row_path(recent, "$.care_by_owner", "salesperson", "张伟", "steps"),
                  1);
    tu_expect_int(recent, tu_row_path(recent, "$.care_by_owner", "salesperson", "张伟", "done"), 0);
    assert_int_equal(tu_runf(NULL, TU_FUNNEL " --db '%s' grade --as-of 2026-10-31 >/dev/null", db),
                     0);
    assert_int_equal(tu_query_int(db, MONTH_END_ROWS), 12);
    char *every = monthly_json(db, NULL);
    if (strcmp(recent, every) != 0)
        fail_msg("the monthly pack with the recent customers' grades:\n%s\nwith every"
                 " customer's:\n%s",
                 recent, every);
    free(every);
    free(recent);

    copy_queries(dir, sizeof dir, "queries-recent");
    tu_import_files(db, sizeof db, "rep-recent-queries",
                    DATA "recent_visits.csv " DATA "recent_calls.csv");
    free(monthly_json(db, dir)); /* the built-in files, from dir */
    assert_int_equal(tu_query_int(db, MONTH_END_ROWS), 9);
    assert_int_equal(tu_runf(NULL, "echo '-- ours' >>'%s/care_steps.sql'", dir), 0);
    free(monthly_json(db, dir));
    assert_int_equal(tu_query_int(db, MONTH_END_ROWS), 12);
    assert_int_equal(tu_query_int(db, MONTH_END_RUN), 1000);
}

static void test_monthly_compare_has_this_and_last_months_prospects(void **state)
{
    (void)state;
    char db[256], dir[256];
    import_data(db, sizeof db, "rep-compare");
    fresh_dir(dir, sizeof dir, "compare-out");
    int status = tu_runf(NULL,
                         TU_FUNNEL " --db '%s' report monthly --month 2026-10 --out '%s'"
                                   " >/dev/null 2>&1",
                         db, dir);
    assert_int_equal(status, 0);
    char path[400];
    snprintf(path, sizeof path, "%s/monthly.json", dir);
    char *json = tu_read_file(path, NULL);
    const char *metric = "潜在客户 prospects";
    /* October 14 (see the funnel); September C1 C3 C13 = 3 */
    tu_expect_int(json, tu_row_path(json, "$.compare", "metric", metric, "this_month"), 14);
    tu_expect_int(json, tu_row_path(json, "$.compare", "metric", metric, "last_month"), 3);
    tu_expect_int(json, tu_row_path(json, "$.compare", "metric", metric, "change"), 11);
    free(json);
}

/* The footer of a pack: the dealer of the rules file, the latest contact's
 * day (C17's 11-02, after the month), when it was made (SOURCE_DATE_EPOCH
 * 1793694600 is 2026-11-03 08:30 UTC) and the version --version prints. */
static void test_pack_footer_names_dealer_data_through_time_and_version(void **state)
{
    (void)state;
    char db[256], dir[256], rules[400], path[400];
    import_data(db, sizeof db, "rep-footer");
    fresh_dir(dir, sizeof dir, "footer-out");
    snprintf(rules, sizeof rules, "%s.rules", dir);
    int status = tu_runf(
        NULL, TU_FUNNEL " rules > '%s' && printf '[dealer]\\nname = 星辰 <汽车>\\n' >> '%s'", rules,
        rules);
    assert_int_equal(status, 0);
    status = tu_runf(NULL,
                     "TZ=UTC SOURCE_DATE_EPOCH=1793694600 " TU_FUNNEL
                     " --db '%s' report monthly --month 2026-10 --rules '%s' --out '%s'"
                     " >/dev/null 2>&1",
                     db, rules, dir);
    assert_int_equal(status, 0);
    char *version = NULL;
    assert_int_equal(tu_runf(&version, TU_FUNNEL " --version"), 0);
    version[strcspn(version, "\n")] = '\0';
    snprintf(path, sizeof path, "%s/monthly.html", dir);
    char *html = tu_read_file(path, NULL);
    const char *footer = strstr(html, "<footer>");
    if (!footer) fail_msg("no footer in %s", path);
    char want[256];
    snprintf(want, sizeof want, "%s", strchr(version, ' ') + 1);
    const char *parts[] = {"<span class=\"dealer\">星辰 &lt;汽车&gt;</span>",
                           "数据截至 data through <span class=\"data-through\">2026-11-02</span>",
                           "生成于 generated <span class=\"generated\">2026-11-03 08:30</span>",
                           want};
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        if (!strstr(footer, parts[i])) fail_msg("the footer lacks %s:\n%.600s", parts[i], footer);
    unlink(rules);
    free(version);
    free(html);
}

/* An unknown --salesperson and a month without contacts print zeros: each
 * is said on stderr and noted in the report. */
static void test_unknown_salesperson_and_empty_period_are_warned_and_noted(void **state)
{
    (void)state;
    char db[256], dir[256], path[400];
    import_data(db, sizeof db, "rep-empty");
    char *out = NULL;
    int status = tu_runf(&out,
                         TU_FUNNEL " --db '%s' report salespeople --month 2026-10"
                                   " --salesperson 无此人 --format json 2>&1 >/dev/null",
                         db);
    assert_int_equal(status, 0);
    if (!strstr(out, "funnel: warning:") || !strstr(out, "no salesperson '无此人'"))
        fail_msg("no warning of the unknown salesperson on stderr:\n%s", out);
    free(out);
    char *json = tu_report_json(db, "salespeople --month 2026-10 --salesperson 无此人");
    char *notes = tu_json_text(json, "$.notes");
    if (!strstr(notes, "无此人")) fail_msg("notes '%s' do not name the salesperson", notes);
    free(notes);
    free(json);
    /* 张伟 is known: no note */
    json = tu_report_json(db, "salespeople --month 2026-10 --salesperson 张伟");
    if (strstr(json, "\"notes\"")) fail_msg("a known salesperson has notes:\n%s", json);
    free(json);
    fresh_dir(dir, sizeof dir, "empty-out");
    status = tu_runf(
        &out, TU_FUNNEL " --db '%s' report monthly --month 2026-03 --out '%s' 2>&1 >/dev/null", db,
        dir);
    assert_int_equal(status, 0);
    if (!strstr(out, "no contacts from 2026-03-01 to 2026-03-31"))
        fail_msg("no warning of the empty month on stderr:\n%s", out);
    free(out);
    snprintf(path, sizeof path, "%s/monthly.html", dir);
    char *html = tu_read_file(path, NULL);
    const char *note = strstr(html, "class=\"notes\"");
    if (!note || !strstr(note, "2026-03-01 至 2026-03-31 没有联系记录"))
        fail_msg("the pack does not note the empty month");
    free(html);
}

/* ---- --queries DIR ---- */

static void test_queries_dir_replaces_the_built_in_sql(void **state)
{
    (void)state;
    char db[256], dir[256];
    import_data(db, sizeof db, "rep-queries");
    copy_queries(dir, sizeof dir, "queries");
    assert_int_equal(tu_runf(NULL,
                             "sed -i 's/^SELECT count(\\*) AS prospects,/SELECT count(*)"
                             " + 1000 AS prospects,/' '%s/funnel.sql'",
                             dir),
                     0);
    assert_int_equal(tu_runf(NULL, "grep -q '+ 1000 AS prospects' '%s/funnel.sql'", dir), 0);
    char args[400];
    snprintf(args, sizeof args, "funnel --month 2026-10 --queries '%s'", dir);
    char *json = tu_report_json(db, args);
    tu_expect_int(json, "$.prospects", 1014); /* 14 + 1000 */
    tu_expect_int(json, "$.buyers", 5);
    free(json);
}

/* Runs `report ARGS --queries DIR --format json` on db: it must exit 1 and
 * say message. */
static void expect_queries_refused(const char *db, const char *args, const char *dir,
                                   const char *message)
{
    char *err = NULL;
    int status = tu_runf(&err,
                         TU_FUNNEL " --db '%s' report %s --queries '%s' --format json"
                                   " 2>&1 >/dev/null",
                         db, args, dir);
    assert_int_equal(status, 1);
    if (!strstr(err, message)) fail_msg("no message '%s':\n%s", message, err);
    free(err);
}

static void test_queries_dir_missing_a_file_exits_1_naming_it(void **state)
{
    (void)state;
    char db[256], dir[256];
    import_data(db, sizeof db, "rep-queries-missing");
    copy_queries(dir, sizeof dir, "queries-missing");
    assert_int_equal(tu_runf(NULL, "rm '%s/funnel_by_owner.sql'", dir), 0);
    expect_queries_refused(db, "funnel --month 2026-10", dir, "funnel_by_owner.sql");
}

/* The period's end holds the grades of the period's customers alone for
 * the period's reports: a file of theirs that reads the grades table
 * (rather than temp.period) is refused, not counted short. A mention in a
 * comment or a string is not a read. */
static void test_a_period_report_reading_the_grades_table_is_refused(void **state)
{
    (void)state;
    char db[256], dir[256];
    import_data(db, sizeof db, "rep-period-grades");
    copy_queries(dir, sizeof dir, "queries-period-grades");
    assert_int_equal(tu_runf(NULL,
                             "printf -- \"-- every source, from the grades\\nCREATE TEMP TABLE x AS"
                             " SELECT 'grades' AS x FROM temp.period LIMIT 0;\\n\""
                             " >> '%s/sources.sql'",
                             dir),
                     0);
    char args[400];
    snprintf(args, sizeof args, "sources --month 2026-10 --queries '%s'", dir);
    free(tu_report_json(db, args));
    assert_int_equal(tu_runf(NULL,
                             "sed -i 's/FROM temp.period LIMIT 0/FROM main.Grades LIMIT 0/'"
                             " '%s/sources.sql'",
                             dir),
                     0);
    expect_queries_refused(db, "sources --month 2026-10", dir,
                           "sources.sql reads the grades table");
}

/* ---- the registry and the definitions it checks ---- */

static void test_every_report_in_the_registry_is_well_defined(void **state)
{
    (void)state;
    char err[512] = "";
    assert_true(report_count() >= 6);
    for (int i = 0; i < report_count(); i++)
        if (report_check(report_name(i), NULL, err, sizeof err) != 0)
            fail_msg("report %s: %s", report_name(i), err);
    if (report_check_all(NULL, err, sizeof err) != 0) fail_msg("%s", err);
    /* and the SQL files of queries/ are those built in */
    if (report_check_all("../queries", err, sizeof err) != 0) fail_msg("%s", err);
    assert_null(report_name(report_count()));
}

/* A copy of queries/ with one file edited by sed_script; report_check of
 * report must then fail with a message holding expected. */
static void expect_definition_error(const char *report, const char *file, const char *sed_script,
                                    const char *expected)
{
    char dir[256], err[512] = "";
    copy_queries(dir, sizeof dir, "queries-broken");
    assert_int_equal(tu_runf(NULL, "sed -i '%s' '%s/%s'", sed_script, dir, file), 0);
    if (report_check(report, dir, err, sizeof err) == 0)
        fail_msg("%s with %s edited by %s passes the check", report, file, sed_script);
    if (!strstr(err, expected)) fail_msg("the message '%s' does not say '%s'", err, expected);
    err[0] = '\0';
    assert_int_equal(report_check_all(dir, err, sizeof err), -1);
    assert_true(err[0] != '\0');
}

static void test_two_tables_with_one_key_are_a_definition_error(void **state)
{
    (void)state;
    expect_definition_error("defeats", "defeats_by_model.sql",
                            "s/^-- key: by_model/-- key: by_brand/",
                            "two tables are called by_brand");
    /* the case that wrote two "by_owner" keys into monthly.json */
    expect_definition_error("monthly", "monthly_grades.sql",
                            "s/^-- key: grade_compare/-- key: by_owner/",
                            "two tables are called by_owner");
}

static void test_two_tables_in_one_csv_file_or_a_bad_file_name_are_definition_errors(void **state)
{
    (void)state;
    expect_definition_error("monthly", "salespeople.sql",
                            "s/^-- file: salespeople/-- file: compare/",
                            "two tables are written to monthly_compare.csv");
    expect_definition_error("salespeople", "salespeople.sql",
                            "s/^-- file: salespeople/-- file: ..\\/x/", "is not a name of a-z");
}

static void test_a_scalar_colliding_with_a_top_level_key_is_a_definition_error(void **state)
{
    (void)state;
    expect_definition_error("funnel", "funnel.sql",
                            "s/^-- columns: prospects int/-- columns: title int/",
                            "writes the key \"title\"");
    expect_definition_error("funnel", "funnel.sql",
                            "s/^-- columns: prospects int/-- columns: by_owner int/",
                            "writes the key \"by_owner\"");
}

static void test_a_chart_naming_a_missing_column_or_chart_is_a_definition_error(void **state)
{
    (void)state;
    expect_definition_error("defeats", "defeats_by_model.sql",
                            "s/^\\(-- chart: .* bars.gp\\) name,count/\\1 name,cnt/",
                            "has no column cnt");
    expect_definition_error("defeats", "defeats_by_model.sql", "s/ bars.gp / nosuch.gp /",
                            "no template nosuch.gp");
    /* monthly names the charts it draws: one no file declares any more */
    expect_definition_error("monthly", "defeats_by_reason.sql",
                            "s/^-- chart: defeats_pareto/-- chart: pareto/",
                            "the chart defeats_pareto is declared by none of its files");
    expect_definition_error("audit", "audit_grade_mix.sql",
                            "s/ stacked.gp \\* / stacked.gp salesperson,A /",
                            "known only when it runs");
}

static void test_a_definition_error_stops_the_report_with_its_message(void **state)
{
    (void)state;
    char db[256], dir[256];
    import_data(db, sizeof db, "rep-broken-definition");
    copy_queries(dir, sizeof dir, "queries-broken-run");
    assert_int_equal(
        tu_runf(NULL, "sed -i 's/^-- key: by_model/-- key: by_brand/' '%s/defeats_by_model.sql'",
                dir),
        0);
    expect_queries_refused(db, "defeats --month 2026-10", dir,
                           "report defeats: defeats: two tables are called by_brand");
}

/* report_build of the audit on an empty database, with the grade mix
 * replaced by a long table of known values. */
static struct report_result *build_audit_with_mix(const char *mix_sql, sqlite3 **db)
{
    char dir[256], path[512], err[512] = "";
    copy_queries(dir, sizeof dir, "queries-pivot");
    snprintf(path, sizeof path, "%s/audit_grade_mix.sql", dir);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(mix_sql, fp);
    fclose(fp);
    struct rules *r = rules_load(NULL, err, sizeof err);
    assert_non_null(r);
    *db = db_open(":memory:", err, sizeof err);
    assert_non_null(*db);
    struct report_options o;
    memset(&o, 0, sizeof o);
    snprintf(o.as_of, sizeof o.as_of, "2026-10-31");
    o.queries_dir = dir;
    struct report_result *res = report_build(*db, r, "audit", &o, err, sizeof err);
    if (!res) fail_msg("report_build: %s", err);
    rules_free(r);
    return res;
}

static const struct table *table_of(const struct report_result *res, const char *key)
{
    for (int i = 0; i < res->ntables; i++)
        if (strcmp(res->tables[i]->key, key) == 0) return res->tables[i];
    fail_msg("no table %s", key);
    return NULL;
}

static void test_headers_give_the_tables_keys_titles_shapes_and_columns(void **state)
{
    (void)state;
    sqlite3 *db;
    struct report_result *res = build_audit_with_mix(
        "-- key: grade_mix\n-- title: 级别 Mix\n-- pivot: yes\n"
        "-- columns: salesperson text 销售顾问 salesperson | grade text 级别 | count int n\n"
        "-- chart: grade_mix stacked.gp * 各销售顾问客户级别 Grade mix by salesperson\n"
        "SELECT 'x', 'A', 1;\n",
        &db);
    assert_string_equal(res->name, "audit");
    assert_string_equal(res->title, "客户跟进检查 Pipeline audit 2026-10-31");
    const struct table *totals = table_of(res, "audit_totals");
    assert_int_equal(totals->shape, SHAPE_SCALARS);
    assert_string_equal(totals->title, "跟进检查汇总 Pipeline audit totals");
    assert_int_equal(totals->ncols, 3);
    assert_string_equal(totals->cols[0].name, "pipeline");
    assert_string_equal(totals->cols[0].label, "在跟客户 in the pipeline");
    assert_int_equal(totals->cols[0].type, CELL_INT);
    const struct table *grades = table_of(res, "grades");
    assert_int_equal(grades->shape, SHAPE_OBJECT);
    const struct table *owners = table_of(res, "by_owner");
    assert_int_equal(owners->shape, SHAPE_ROWS);
    assert_string_equal(owners->cols[1].name, "grades");
    assert_int_equal(owners->cols[1].type, CELL_JSON);
    assert_int_equal(owners->cols[1].hidden, 1); /* its label is "-" */
    assert_int_equal(owners->cols[7].type, CELL_RATE);
    const struct table *overdue = table_of(res, "overdue_list");
    assert_int_equal(overdue->cols[2].type, CELL_PHONE);
    assert_int_equal(res->ncharts, 1);
    assert_string_equal(res->charts[0].name, "audit_grade_mix");
    assert_string_equal(res->charts[0].template_name, "stacked.gp");
    assert_string_equal(res->charts[0].title, "各销售顾问客户级别 Grade mix by salesperson");
    assert_ptr_equal(res->tables[res->charts[0].table], table_of(res, "grade_mix"));
    report_result_free(res);
    db_close(db);
}

static void test_pivot_makes_one_row_per_row_key_and_one_column_per_column_key(void **state)
{
    (void)state;
    sqlite3 *db;
    struct report_result *res = build_audit_with_mix(
        "-- key: grade_mix\n-- title: 级别 Mix\n-- pivot: yes\n"
        "-- columns: salesperson text 销售顾问 salesperson | grade text 级别 | count int n\n"
        "-- chart: grade_mix stacked.gp * Mix\n"
        "SELECT * FROM (VALUES ('王磊', 'H', 1), ('王磊', 'A', 2), ('王磊', 'C', NULL),"
        " ('李娜', 'A', 3), ('李娜', 'B', 0), ('刘洋', 'H', 4));\n",
        &db);
    const struct table *t = table_of(res, "grade_mix");
    assert_string_equal(t->title, "级别 Mix");
    assert_int_equal(t->ncols, 5);
    const char *names[] = {"salesperson", "H", "A", "C", "B"};
    for (int c = 0; c < 5; c++) {
        assert_string_equal(t->cols[c].name, names[c]);
        assert_int_equal(t->cols[c].type, c == 0 ? CELL_TEXT : CELL_INT);
    }
    assert_string_equal(t->cols[0].label, "销售顾问 salesperson");
    assert_string_equal(t->cols[1].label, "H");
    assert_int_equal(t->nrows, 3);
    /* rows in order of appearance; a pair that never occurs, or whose
     * value is NULL, is NULL */
    const char *expected[3][5] = {{"王磊", "1", "2", NULL, NULL},
                                  {"李娜", NULL, "3", NULL, "0"},
                                  {"刘洋", "4", NULL, NULL, NULL}};
    for (int r = 0; r < 3; r++)
        for (int c = 0; c < 5; c++) {
            const char *cell = t->cells[r][c];
            if (!expected[r][c] ? cell != NULL : !cell || strcmp(cell, expected[r][c]) != 0)
                fail_msg("row %d column %s: %s, expected %s", r, names[c], cell ? cell : "NULL",
                         expected[r][c] ? expected[r][c] : "NULL");
        }
    /* the chart draws every column of the wide table */
    assert_string_equal(res->charts[0].columns, "salesperson,H,A,C,B");
    report_result_free(res);
    db_close(db);
}

/* ---- a name that looks like SQL ---- */

#define EVIL "'); DROP TABLE contacts; --"

static void test_salesperson_named_like_sql_is_just_a_name(void **state)
{
    (void)state;
    char db[256];
    tu_import_files(db, sizeof db, "rep-evil", DATA "calls_injection.csv");
    char *json = tu_report_json(db, "salespeople --month 2026-10");
    assert_int_equal(tu_array_length(json, "$.rows"), 1);
    tu_expect_text(json, "$.rows[0].salesperson", EVIL);
    tu_expect_int(json, "$.rows[0].prospects", 1);
    tu_expect_int(json, "$.rows[0].buyers", 1); /* ordered 10-06, 1 day after the first call */
    tu_expect_real(json, "$.rows[0].days_to_buy", 1, 0.001);
    free(json);
    json = tu_report_json(db, "funnel --month 2026-10 --salesperson \"" EVIL "\"");
    tu_expect_int(json, "$.prospects", 1);
    free(json);
    json = tu_report_json(db, "audit --as-of 2026-10-31 --salesperson \"" EVIL "\"");
    tu_expect_int(json, "$.grades.O", 1);
    free(json);
    assert_int_equal(tu_query_int(db, "SELECT count(*) FROM contacts"), 2);
}

/* ---- the --out folder ---- */

static mode_t lmode(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0) fail_msg("%s does not exist", path);
    return st.st_mode;
}

static void write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    if (!fp) fail_msg("cannot write %s", path);
    fputs(text, fp);
    fclose(fp);
}

static void test_out_that_is_a_symlink_or_a_file_is_refused_and_left_unchanged(void **state)
{
    (void)state;
    char db[256], base[256], target[300], path[300];
    char *err = NULL;
    import_data(db, sizeof db, "rep-out-refused");
    fresh_dir(base, sizeof base, "out-refused");
    snprintf(target, sizeof target, "%s/shared", base);
    snprintf(path, sizeof path, "mkdir -p '%s' && chmod 1777 '%s' && ln -s shared '%s/link'",
             target, target, base);
    assert_int_equal(system(path), 0);

    snprintf(path, sizeof path, "%s/link", base);
    int status = tu_runf(&err,
                         TU_FUNNEL " --db '%s' report defeats --month 2026-10 --out '%s'"
                                   " 2>&1 >/dev/null",
                         db, path);
    assert_int_equal(status, 1);
    if (!strstr(err, "symbolic link")) fail_msg("no reason given:\n%s", err);
    free(err);
    assert_int_equal(lmode(target) & 07777, 01777);
    snprintf(path, sizeof path, "%s/defeats.html", target);
    assert_int_equal(access(path, F_OK), -1);

    snprintf(path, sizeof path, "%s/file", base);
    write_file(path, "mine");
    assert_int_equal(chmod(path, 0644), 0);
    status = tu_runf(&err,
                     TU_FUNNEL " --db '%s' report defeats --month 2026-10 --out '%s'"
                               " 2>&1 >/dev/null",
                     db, path);
    assert_int_equal(status, 1);
    if (!strstr(err, "not a folder")) fail_msg("no reason given:\n%s", err);
    free(err);
    assert_int_equal(lmode(path) & 07777, 0644);
}

static void test_out_existing_folder_keeps_its_mode(void **state)
{
    (void)state;
    char db[256], dir[256], path[400];
    import_data(db, sizeof db, "rep-out-existing");
    fresh_dir(dir, sizeof dir, "out-existing");
    assert_int_equal(mkdir(dir, 0700), 0);
    assert_int_equal(chmod(dir, 0750), 0);
    int status = tu_runf(NULL,
                         TU_FUNNEL " --db '%s' report defeats --month 2026-10 --out '%s'"
                                   " >/dev/null 2>&1",
                         db, dir);
    assert_int_equal(status, 0);
    assert_int_equal(lmode(dir) & 07777, 0750);
    snprintf(path, sizeof path, "%s/defeats.html", dir);
    assert_int_equal(lmode(path) & 07777, 0600);
}

static void test_out_links_planted_in_the_folder_are_replaced_not_followed(void **state)
{
    (void)state;
    char db[256], dir[256], victim[300], path[400];
    import_data(db, sizeof db, "rep-out-planted");
    fresh_dir(dir, sizeof dir, "out-planted");
    assert_int_equal(mkdir(dir, 0700), 0);
    snprintf(victim, sizeof victim, "%s.victim", dir);
    write_file(victim, "root's secret");
    const char *names[] = {"monthly.html", "monthly.json", "monthly_salespeople.csv",
                           "monthly_funnel.png", "monthly_funnel.svg"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        if (symlink(victim, path) != 0) fail_msg("cannot plant %s", path);
    }
    int status = tu_runf(NULL,
                         TU_FUNNEL " --db '%s' report monthly --month 2026-10 --out '%s'"
                                   " >/dev/null 2>&1",
                         db, dir);
    assert_int_equal(status, 0);
    char *text = tu_read_file(victim, NULL);
    assert_string_equal(text, "root's secret");
    free(text);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (i >= 3 && !has_gnuplot()) break; /* no charts drawn, the links stay */
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        mode_t mode = lmode(path);
        if (!S_ISREG(mode)) fail_msg("%s is not a regular file", path);
        assert_int_equal(mode & 07777, 0600);
    }
    /* nothing else is left in the folder: no temporary files, no work folders */
    char *list = NULL;
    tu_runf(&list, "ls -A '%s' | grep '^\\.' ; true", dir);
    if (list[0]) fail_msg("left behind in %s:\n%s", dir, list);
    free(list);
    unlink(victim);
}

static void test_out_path_longer_than_1023_bytes_is_used_whole(void **state)
{
    (void)state;
    char db[256], dir[2048], path[2100];
    import_data(db, sizeof db, "rep-out-long");
    fresh_dir(dir, sizeof dir, "out-long");
    for (int i = 0; i < 6; i++) /* 6 x 201 bytes more */
        snprintf(dir + strlen(dir), sizeof dir - strlen(dir), "/%0200d", i);
    assert_true(strlen(dir) > 1200);
    int status = tu_runf(NULL,
                         TU_FUNNEL " --db '%s' report defeats --month 2026-10 --out '%s'"
                                   " >/dev/null 2>&1",
                         db, dir);
    assert_int_equal(status, 0);
    snprintf(path, sizeof path, "%s/defeats.html", dir);
    assert_int_equal(access(path, R_OK), 0);

    /* past what the system takes: an error, not a shorter path */
    char *err = NULL;
    status = tu_runf(&err,
                     TU_FUNNEL " --db '%s' report defeats --month 2026-10"
                               " --out \"$(printf '%s/%%0240d' $(seq 20))\" 2>&1 >/dev/null",
                     db, dir);
    assert_int_equal(status, 1);
    if (!strstr(err, "too long")) fail_msg("no reason given:\n%s", err);
    free(err);
}

static void test_out_file_size_limit_gives_a_message_not_a_silent_kill(void **state)
{
    (void)state;
    char db[256], dir[256];
    char *err = NULL;
    import_data(db, sizeof db, "rep-out-fsize");
    fresh_dir(dir, sizeof dir, "out-fsize");
    /* graded once without the limit, so the second run writes only the pack;
     * 80 blocks of 512 bytes hold the database's shared memory file (32 KiB)
     * but not the HTML page (about 65 KiB) */
    int status = tu_runf(NULL,
                         TU_FUNNEL " --db '%s' report defeats --month 2026-10 --out '%s'"
                                   " >/dev/null 2>&1",
                         db, dir);
    assert_int_equal(status, 0);
    status = tu_runf(&err,
                     "ulimit -f 80; " TU_FUNNEL " --db '%s' report defeats --month 2026-10"
                     " --out '%s' 2>&1 >/dev/null",
                     db, dir);
    assert_int_equal(status, 1);
    if (!strstr(err, "File too large")) fail_msg("no reason given:\n%s", err);
    free(err);
}

static void test_chart_failure_names_the_chart_once(void **state)
{
    (void)state;
    char db[256], dir[256], bin[300], cmd[700];
    char *err = NULL;
    import_data(db, sizeof db, "rep-chart-fails");
    fresh_dir(dir, sizeof dir, "chart-fails");
    /* a gnuplot that answers --version and fails every drawing */
    snprintf(bin, sizeof bin, "%s-bin", dir);
    snprintf(cmd, sizeof cmd,
             "rm -rf '%s' && mkdir -p '%s' && printf '#!/bin/sh\\n[ \"$1\" = --version ] && "
             "exit 0\\necho broken >&2; exit 1\\n' > '%s/gnuplot' && chmod +x '%s/gnuplot'",
             bin, bin, bin, bin);
    assert_int_equal(system(cmd), 0);
    int status = tu_runf(&err,
                         "PATH='%s':\"$PATH\" " TU_FUNNEL
                         " --db '%s' report defeats --month 2026-10 --out '%s' 2>&1 >/dev/null",
                         bin, db, dir);
    assert_int_equal(status, 0);
    if (!strstr(err, "warning: chart defeats_defeats_pareto: gnuplot failed"))
        fail_msg("no warning for the chart:\n%s", err);
    if (strstr(err, "chart defeats_defeats_pareto: chart")) fail_msg("said twice:\n%s", err);
    free(err);
}

/* ---- terminal text and cut cells ---- */

/* Imports one visit, a defeat on 2026-10-05 whose customer and reason (the
 * defeats list's text as written) are given, into a fresh database at db. */
static void import_one_defeat(char *db, size_t size, const char *name, const char *customer,
                              const char *reason)
{
    char csv[300];
    snprintf(csv, sizeof csv, "/tmp/funnel-test-%d-%s.csv", (int)getpid(), name);
    FILE *fp = fopen(csv, "w");
    if (!fp) fail_msg("cannot write %s", csv);
    fprintf(fp,
            "date,time_in,customer,phone,salesperson,model,test_drive,quote,timeframe,"
            "outcome,defeat_reason,notes\n"
            "2026-10-05,10:00,%s,13811110001,张伟,卡罗拉,否,,,战败,%s,\n",
            customer, reason);
    fclose(fp);
    tu_import_files(db, size, name, csv);
    unlink(csv);
}

static void test_text_report_shows_control_characters_as_escapes(void **state)
{
    (void)state;
    char db[256];
    char *out = NULL;
    import_one_defeat(db, sizeof db, "rep-escapes", "王\x1b[2J一",
                      "太贵\x1b]0;owned\x07了\xC2\x9B"
                      "31m");
    int status = tu_runf(&out, TU_FUNNEL " --db '%s' report defeats --month 2026-10 --wide", db);
    assert_int_equal(status, 0);
    if (strchr(out, 0x1b) || strchr(out, 0x07) || strstr(out, "\xC2\x9B"))
        fail_msg("control characters printed raw:\n%s", out);
    if (!strstr(out, "王\\x1b[2J一") || !strstr(out, "太贵\\x1b]0;owned\\x07了\\x9b31m"))
        fail_msg("escapes missing:\n%s", out);
    free(out);
}

/* Item 5 of the terminal: a table fits 100 columns, with Chinese headers
 * and long text wrapped within its column; --wide prints it whole. */
static void test_text_tables_fit_100_columns_and_wrap_long_text(void **state)
{
    (void)state;
    char db[256];
    /* 45 characters, 90 columns: more than the room left beside the case's
     * date, name, phone, salesperson, model, outcome, reason and brand */
    const char *reason = "价格太贵了客户说隔壁店优惠两万还送保险和贴膜"
                         "所以先去那边看看再说下周也许会回来";
    import_one_defeat(db, sizeof db, "rep-fit", "王一", reason);
    char *out = NULL;
    assert_int_equal(
        tu_runf(&out, TU_FUNNEL " --db '%s' report defeats --month 2026-10 2>/dev/null", db), 0);
    int header_at = -1, text_lines = 0;
    char joined[1000] = "";
    for (char *line = out; *line;) {
        char *nl = strchr(line, '\n');
        if (nl) *nl = '\0';
        if (output_width(line) > 100) fail_msg("a line wider than 100 columns: \"%s\"", line);
        if (strncmp(line, "日期  ", 8) == 0) {
            /* the Chinese part of each label only */
            if (strstr(line, "date") || strstr(line, "as written")) fail_msg("bilingual: %s", line);
            char *text = strstr(line, "原话");
            assert_non_null(text);
            *text = '\0';
            header_at = output_width(line);
        } else if (header_at > 0 &&
                   (strncmp(line, "2026-10-05", 10) == 0 || (text_lines > 0 && line[0] == ' '))) {
            /* the case's first line and the lines its text wraps onto: the
             * text starts in the column of its header */
            const char *p = line;
            int at = 0;
            while (*p && at < header_at) {
                size_t len = 1;
                while (((unsigned char)p[len] & 0xC0) == 0x80)
                    len++;
                char one[8] = "";
                memcpy(one, p, len);
                at += output_width(one);
                p += len;
            }
            if (at != header_at) fail_msg("text not in its column: \"%s\"", line);
            strcat(joined, p);
            text_lines++;
        }
        line = nl ? nl + 1 : line + strlen(line);
    }
    if (text_lines < 2) fail_msg("the text did not wrap:\n%s", out);
    if (strcmp(joined, reason) != 0) fail_msg("wrapped text reads \"%s\"", joined);
    free(out);
    /* --wide: one line per case, the bilingual header */
    assert_int_equal(
        tu_runf(&out, TU_FUNNEL " --db '%s' report defeats --month 2026-10 --wide 2>/dev/null", db),
        0);
    if (!strstr(out, "原话 as written") || !strstr(out, reason))
        fail_msg("--wide does not print the table whole:\n%s", out);
    free(out);
}

static void test_long_cells_are_cut_at_a_character_boundary(void **state)
{
    (void)state;
    char db[256];
    /* "ab" and 1,500 three-byte characters: 4,502 bytes, so the text table's
     * 511 bytes and the HTML cell's 4,095 both fall inside a character */
    char reason[5000] = "ab";
    for (int i = 0; i < 1500; i++)
        strcat(reason, "价");
    import_one_defeat(db, sizeof db, "rep-cut", "王一", reason);
    const char *formats[] = {"text", "html"};
    for (int f = 0; f < 2; f++) {
        int status = tu_runf(NULL,
                             TU_FUNNEL " --db '%s' report defeats --month 2026-10 --format %s"
                                       " >'%s.out' 2>/dev/null && iconv -f UTF-8 -t UTF-8 '%s.out'"
                                       " >/dev/null 2>&1",
                             db, formats[f], db, db);
        if (status != 0) fail_msg("--format %s wrote invalid UTF-8", formats[f]);
    }
    /* the text cell keeps as many whole characters as fit: "ab" and 169 */
    char *out = NULL;
    tu_runf(&out, TU_FUNNEL " --db '%s' report defeats --month 2026-10 --wide 2>/dev/null", db);
    char expected[600] = "ab";
    for (int i = 0; i < 169; i++)
        strcat(expected, "价");
    const char *at = strstr(out, expected);
    if (!at || strncmp(at + strlen(expected), "价", 3) == 0)
        fail_msg("cell not cut after 169 characters:\n%s", out);
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_funnel_month_counts_prospects_visitors_buyers),
        cmocka_unit_test(test_period_reports_read_alike_with_every_customer_graded),
        cmocka_unit_test(test_funnel_ratio_is_per_buyer_beside_the_25_5_1_target),
        cmocka_unit_test(test_funnel_ratio_is_rounded_to_one_decimal),
        cmocka_unit_test(test_funnel_ratio_is_null_in_a_month_without_buyers),
        cmocka_unit_test(test_funnel_by_owner_counts_under_the_first_contacts_salesperson),
        cmocka_unit_test(test_funnel_order_in_september_delivery_in_october_buys_in_september),
        cmocka_unit_test(test_funnel_delivered_without_order_buys_on_the_delivery_day),

        cmocka_unit_test(test_salespeople_rates_per_owner),
        cmocka_unit_test(test_salespeople_days_to_buy_is_the_median),
        cmocka_unit_test(
            test_salespeople_days_to_buy_of_an_even_count_is_the_mean_of_the_middle_two),
        cmocka_unit_test(test_salespeople_rates_are_null_when_the_owner_had_only_calls),

        cmocka_unit_test(test_week_runs_monday_to_sunday),
        cmocka_unit_test(test_from_to_includes_both_days),
        cmocka_unit_test(test_bad_month_exits_1_with_a_one_line_error),
        cmocka_unit_test(test_bad_week_exits_1_with_a_one_line_error),

        cmocka_unit_test(test_defeats_one_case_per_customer_the_latest),
        cmocka_unit_test(test_defeats_by_reason_sorted_descending_with_labels),
        cmocka_unit_test(test_defeats_lost_contact_is_unreachable_whatever_the_reason_says),
        cmocka_unit_test(test_defeats_notes_are_read_when_the_reason_is_empty),
        cmocka_unit_test(test_defeats_by_brand_model_and_owner),
        cmocka_unit_test(test_defeats_list_entry_has_every_field_and_a_masked_phone),
        cmocka_unit_test(test_defeats_show_phones_shows_the_whole_number),
        cmocka_unit_test(test_defeats_of_an_iso_week_include_its_sunday),

        cmocka_unit_test(test_audit_counts_customers_by_grade),
        cmocka_unit_test(test_audit_overdue_list_most_overdue_first),
        cmocka_unit_test(test_audit_missing_list_says_what_is_missing),
        cmocka_unit_test(test_audit_missing_list_identifies_each_record),
        cmocka_unit_test(test_audit_followup_24h_share_per_owner),
        cmocka_unit_test(test_audit_followup_24h_is_null_for_an_owner_without_visits),
        cmocka_unit_test(test_audit_as_of_defaults_to_the_periods_last_day),

        cmocka_unit_test(test_salesperson_option_limits_to_that_owners_customers),
        cmocka_unit_test(test_text_columns_line_up_with_chinese_names),
        cmocka_unit_test(test_bottleneck_is_the_stage_furthest_below_its_target),
        cmocka_unit_test(test_bottleneck_tie_goes_to_the_visit_stage),
        cmocka_unit_test(test_csv_starts_with_a_bom_and_writes_plain_numbers),
        cmocka_unit_test(test_people_read_labels_and_json_keeps_the_codes),
        cmocka_unit_test(test_format_xlsx_writes_a_workbook_to_standard_output),
        cmocka_unit_test(test_csv_guards_text_cells_that_start_with_equals),
        cmocka_unit_test(test_csv_negative_numbers_are_not_guarded),

        cmocka_unit_test(test_monthly_pack_has_html_json_csv_and_charts),
        cmocka_unit_test(test_weekly_pack_has_html_json_csv_and_charts),
        cmocka_unit_test(test_pack_without_gnuplot_comes_out_without_charts_and_one_warning),
        cmocka_unit_test(test_pack_without_a_chinese_font_warns_that_labels_will_not_render),
        cmocka_unit_test(test_audit_pack_has_html_json_csv_and_charts),
        cmocka_unit_test(test_pack_json_chart_paths_are_relative_to_the_json_file),
        cmocka_unit_test(test_every_table_of_a_pack_lists_salespeople_in_one_order),
        cmocka_unit_test(test_monthly_pack_reads_alike_with_every_customer_graded),
        cmocka_unit_test(test_monthly_compare_has_this_and_last_months_prospects),
        cmocka_unit_test(test_pack_footer_names_dealer_data_through_time_and_version),
        cmocka_unit_test(test_unknown_salesperson_and_empty_period_are_warned_and_noted),

        cmocka_unit_test(test_queries_dir_replaces_the_built_in_sql),
        cmocka_unit_test(test_queries_dir_missing_a_file_exits_1_naming_it),
        cmocka_unit_test(test_a_period_report_reading_the_grades_table_is_refused),
        cmocka_unit_test(test_every_report_in_the_registry_is_well_defined),
        cmocka_unit_test(test_two_tables_with_one_key_are_a_definition_error),
        cmocka_unit_test(test_two_tables_in_one_csv_file_or_a_bad_file_name_are_definition_errors),
        cmocka_unit_test(test_a_scalar_colliding_with_a_top_level_key_is_a_definition_error),
        cmocka_unit_test(test_a_chart_naming_a_missing_column_or_chart_is_a_definition_error),
        cmocka_unit_test(test_a_definition_error_stops_the_report_with_its_message),
        cmocka_unit_test(test_headers_give_the_tables_keys_titles_shapes_and_columns),
        cmocka_unit_test(test_pivot_makes_one_row_per_row_key_and_one_column_per_column_key),
        cmocka_unit_test(test_salesperson_named_like_sql_is_just_a_name),
        cmocka_unit_test(test_out_that_is_a_symlink_or_a_file_is_refused_and_left_unchanged),
        cmocka_unit_test(test_out_existing_folder_keeps_its_mode),
        cmocka_unit_test(test_out_links_planted_in_the_folder_are_replaced_not_followed),
        cmocka_unit_test(test_out_path_longer_than_1023_bytes_is_used_whole),
        cmocka_unit_test(test_out_file_size_limit_gives_a_message_not_a_silent_kill),
        cmocka_unit_test(test_chart_failure_names_the_chart_once),
        cmocka_unit_test(test_text_report_shows_control_characters_as_escapes),
        cmocka_unit_test(test_text_tables_fit_100_columns_and_wrap_long_text),
        cmocka_unit_test(test_long_cells_are_cut_at_a_character_boundary),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
