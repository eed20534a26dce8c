/* test_report_meeting.c - pins down the reports of the meeting rhythm
 * (DOMAIN.md 7.8 to 7.11) end to end: `funnel import` the small files in
 * tests/data/meeting/, run `funnel report NAME ... --format json` and compare
 * with numbers worked out by hand below. Default rules: follow-up every 2
 * days for H, 4 for O, A+ and A, 15 for B+ and B, 30 for C, none for N;
 * 3天 is H, 1个月 A, 2个月 B (no test drive or quote), 不确定 C.
 *
 * ---- followup_calls.csv: the plan for 2026-W45 (Mon 11-02 to Sun 11-08),
 * as of Sunday 11-01 ----
 *
 *  一号 甲 H, last 10-20: due 10-22, before the Monday: overdue 11-02 - 10-22 = 11
 *  二号 甲 C, last 10-05: due 11-04, in the week, 0 days overdue
 *  三号 甲 C, last 10-09: due 11-08, the Sunday of the week: on the plan
 *  四号 甲 C, last 10-10: due 11-09, the Monday after: NOT on the plan
 *  五号 乙 no model: N, no schedule: NOT on the plan
 *  六号 乙 B, last 10-31: due 11-15: NOT on the plan
 *  七号 乙 O (订车 10-28): due 11-01, the Sunday before: overdue 1
 *  八号 乙 B, last 10-18: due 11-02, the Monday itself: 0 days overdue
 *  九号 乙 defeated 10-25: not in the pipeline
 *
 * ---- changes_calls.csv: --from 10-11 --to 10-20, so D1 = 10-10, D2 = 10-20 ----
 *
 *  升一  甲 C (10-05 不确定) -> H (10-15 3天)              up
 *  降二  甲 H (10-05 3天) -> B (10-12 2个月)               down
 *  新三  甲 first contact 10-11 (D1 + 1), A             new
 *  停三乙 甲 first contact 10-10 18:00 (on D1), A, nothing after   stuck
 *  离四  甲 A (10-05) -> defeated 10-18                   left
 *  停五  乙 B since 10-01, nothing after                   stuck
 *  同六  乙 B (10-05) and B again on 10-20 23:00 (on D2): same grade but
 *        followed up: none of the five
 *  回七  乙 defeated 10-02, back 10-14 with 1个月 (A)       new (back in the pipeline)
 *  后八  乙 first contact 10-21, after D2: in neither
 *  交九  乙 delivered 10-03: in the pipeline at neither date
 *  交十  乙 O (订车 10-06) -> delivered 10-16              left
 *  订十一 乙 B (10-05) -> O (订车 10-19)                    up
 *
 *  totals: up 2, down 1, new 2, left 2, stuck 2
 *  甲: up 1 down 1 new 1 left 1 stuck 1;  乙: up 1 down 0 new 1 left 1 stuck 1
 *
 * ---- daily_visits.csv and daily_calls.csv: the day 10-31 ----
 *
 *  日一 甲 visits 10-20 and 10-31: the second is not a first visit
 *  日二 visits 10-31 09:00 by 甲 (first ever, test drive, quote) and 15:00 by
 *       乙 (not the first)
 *  日三 call 10-25 by 乙, visit 10-31 by 乙: its first visit (calls do not count)
 *  日九 visit 10-10 by 乙, visit 10-31 by 乙 交车: not a first visit
 *  calls of 10-31: 日四 甲 in; 日五 甲 out, invited; 日六 乙 out 订车;
 *       日七 乙 out 战败 "价格太贵买了丰田" (competitor: 买了 comes before the
 *       price keywords; brand 丰田); 日八 甲 in 失控 (unreachable)
 *  owners' follow-ups as of 10-31: 日十 甲 H last 10-30, due 11-01 (tomorrow);
 *       日十一 甲 H last 10-27, due 10-29: overdue; 日十二 乙 H last 10-29, due
 *       10-31 (today, not overdue yet): due by tomorrow; 日十三 乙 C due 11-25;
 *       every customer contacted on 10-31 is due on 11-02 at the earliest.
 *
 *  甲: visits 2 (日一, 日二), first_visits 1 (日二), calls_in 2 (日四, 日八),
 *      calls_out 1 (日五), invited 1, test_drives 1, quotes 1, orders 0,
 *      delivered 0, defeats 1 (日八), due_tomorrow 1 (日十), overdue 1 (日十一)
 *  乙: visits 3 (日二 15:00, 日三, 日九), first_visits 1 (日三), calls_in 0,
 *      calls_out 2 (日六, 日七), invited 0, test_drives 0, quotes 0, orders 1,
 *      delivered 1, defeats 1 (日七), due_tomorrow 1 (日十二), overdue 0
 *
 * ---- sources_visits.csv and sources_calls.csv: --month 2026-10 ----
 *
 *  源一 09-20 call without a source, 10-05 visit 汽车之家, 10-06 visit 懂车帝,
 *       10-10 订车: source 汽车之家 (the first non-empty), visitor, buyer
 *  源二 10-03 call 汽车之家, 10-04 visit, 10-20 战败: 汽车之家, visitor, defeat
 *  源三 10-05 call 懂车帝: prospect only
 *  源四 visits 10-07 and 10-08 订车, never a source: "", visitor, buyer
 *  源五 10-09 call, no source: "", prospect only
 *  源六 09-01 call 车展 only: not a customer of October
 *  源七 10-15 call 车展: prospect only
 *  源八 10-12 call 汽车之家: prospect only
 *
 *  汽车之家: prospects 3, visitors 2, buyers 1, visit rate 2/3, close 1/2, defeats 1
 *  "":       prospects 2, visitors 1, buyers 1, visit rate 1/2, close 1/1, defeats 0
 *  懂车帝:    prospects 1, visitors 0, buyers 0, visit rate 0, close null
 *  车展:      prospects 1, visitors 0, buyers 0, visit rate 0, close null
 *  sorted by buyers, then prospects, then source: 汽车之家, "", 懂车帝, 车展
 *  (懂 U+61C2 sorts before 车 U+8F66)
 */
#include "testutil.h"

#define DATA "data/meeting/"

/* ---- helpers ---- */

/* Each key of a row at path exists (json_type is not NULL for it). */
static void expect_keys(const char *json, const char *path, const char *const *keys)
{
    for (int k = 0; keys[k]; k++) {
        char expr[512];
        snprintf(expr, sizeof expr, "json_type(?1, '%s.%s') IS NOT NULL", path, keys[k]);
        char *ok = tu_json_eval(json, expr);
        if (strcmp(ok, "1") != 0) fail_msg("no key %s at %s in:\n%s", keys[k], path, json);
        free(ok);
    }
}

/* ---- followup (DOMAIN 7.8) ---- */

static void test_followup_keys_week_and_as_of_the_sunday_before(void **state)
{
    (void)state;
    char db[256];
    tu_import_files(db, sizeof db, "meet-fu-keys", DATA "followup_calls.csv");
    char *json = tu_report_json(db, "followup --week 2026-W45");
    tu_expect_text(json, "$.week", "2026-W45");
    tu_expect_text(json, "$.as_of", "2026-11-01");
    static const char *const top[] = {"week", "as_of", "by_owner", "rows", NULL};
    expect_keys(json, "$", top);
    static const char *const owner[] = {"salesperson", "due", "overdue", NULL};
    expect_keys(json, "$.by_owner[0]", owner);
    static const char *const row[] = {"salesperson",  "customer", "phone",        "grade",
                                      "purpose",      "model",    "last_contact", "due",
                                      "overdue_days", NULL};
    expect_keys(json, "$.rows[0]", row);
    free(json);
}

static void test_followup_due_on_the_sunday_is_in_the_monday_after_is_not(void **state)
{
    (void)state;
    char db[256];
    tu_import_files(db, sizeof db, "meet-fu-edges", DATA "followup_calls.csv");
    char *json = tu_report_json(db, "followup --week 2026-W45");
    /* 一号 二号 三号 (due 11-08, the Sunday) of 甲, 七号 八号 of 乙; not 四号
     * (due 11-09), 五号 (N: no schedule), 六号 (due 11-15), 九号 (defeated) */
    assert_int_equal(tu_array_length(json, "$.rows"), 5);
    tu_expect_text(json, tu_row_path(json, "$.rows", "customer", "三号", "due"), "2026-11-08");
    tu_expect_int(json, tu_row_path(json, "$.rows", "customer", "三号", "overdue_days"), 0);
    static const char *const absent[] = {"四号", "五号", "六号", "九号"};
    for (int i = 0; i < 4; i++) {
        char expr[256];
        snprintf(expr, sizeof expr,
                 "(SELECT count(*) FROM json_each(?1, '$.rows') WHERE json_extract(value,"
                 " '$.customer') = '%s')",
                 absent[i]);
        char *n = tu_json_eval(json, expr);
        if (strcmp(n, "0") != 0) fail_msg("%s is on the plan:\n%s", absent[i], json);
        free(n);
    }
    free(json);
}

static void test_followup_overdue_before_the_monday_come_first_with_days(void **state)
{
    (void)state;
    char db[256];
    tu_import_files(db, sizeof db, "meet-fu-order", DATA "followup_calls.csv");
    char *json = tu_report_json(db, "followup --week 2026-W45");
    /* salespeople in name order (乙 U+4E59 before 甲 U+7532), each by due date */
    tu_expect_text(json, "$.rows[0].customer", "七号"); /* O, due 11-01: the Sunday before */
    tu_expect_int(json, "$.rows[0].overdue_days", 1);   /* 11-02 - 11-01 */
    tu_expect_text(json, "$.rows[0].grade", "O");
    tu_expect_text(json, "$.rows[0].purpose", "尽快交车");
    tu_expect_text(json, "$.rows[0].phone", "138****0007");
    tu_expect_text(json, "$.rows[1].customer", "八号"); /* B, due on the Monday itself */
    tu_expect_int(json, "$.rows[1].overdue_days", 0);
    tu_expect_text(json, "$.rows[1].purpose", "了解动向");
    tu_expect_text(json, "$.rows[2].customer", "一号"); /* H, due 10-22 */
    tu_expect_text(json, "$.rows[2].due", "2026-10-22");
    tu_expect_text(json, "$.rows[2].last_contact", "2026-10-20");
    tu_expect_int(json, "$.rows[2].overdue_days", 11); /* 11-02 - 10-22 */
    tu_expect_text(json, "$.rows[2].purpose", "加速签单");
    tu_expect_text(json, "$.rows[2].model", "星辰X5");
    tu_expect_text(json, "$.rows[3].customer", "二号"); /* C, due 11-04 */
    tu_expect_text(json, "$.rows[3].purpose", "结交朋友");
    tu_expect_text(json, "$.rows[4].customer", "三号"); /* C, due 11-08 */
    /* by owner: 甲 due 3, overdue 1 (一号); 乙 due 2, overdue 1 (七号) */
    tu_expect_int(json, tu_row_path(json, "$.by_owner", "salesperson", "甲", "due"), 3);
    tu_expect_int(json, tu_row_path(json, "$.by_owner", "salesperson", "甲", "overdue"), 1);
    tu_expect_int(json, tu_row_path(json, "$.by_owner", "salesperson", "乙", "due"), 2);
    tu_expect_int(json, tu_row_path(json, "$.by_owner", "salesperson", "乙", "overdue"), 1);
    free(json);
}

static void test_followup_defaults_to_the_week_after_the_latest_contact(void **state)
{
    (void)state;
    char db[256];
    tu_import_files(db, sizeof db, "meet-fu-default", DATA "followup_calls.csv");
    /* the latest contact is 10-31 (六号), in 2026-W44: the plan is for W45 */
    char *json = tu_report_json(db, "followup");
    tu_expect_text(json, "$.week", "2026-W45");
    tu_expect_text(json, "$.as_of", "2026-11-01");
    tu_expect_text(json, "$.from", "2026-11-02");
    tu_expect_text(json, "$.to", "2026-11-08");
    assert_int_equal(tu_array_length(json, "$.rows"), 5);
    free(json);
}

static void test_weekly_pack_holds_the_plan_for_the_next_week(void **state)
{
    (void)state;
    char db[256], dir[256];
    tu_import_files(db, sizeof db, "meet-fu-weekly", DATA "followup_calls.csv");
    snprintf(dir, sizeof dir, "/tmp/funnel-test-%d-meet-weekly", (int)getpid());
    int status = tu_runf(NULL,
                         "rm -rf '%s' && " TU_FUNNEL
                         " --db '%s' report weekly --week 2026-W44 --out '%s' >/dev/null 2>&1",
                         dir, db, dir);
    assert_int_equal(status, 0);
    char path[400];
    snprintf(path, sizeof path, "%s/weekly.json", dir);
    char *json = tu_read_file(path, NULL);
    tu_expect_text(json, "$.week", "2026-W45"); /* the pack of W44 plans W45 */
    assert_int_equal(tu_array_length(json, "$.followup"), 5);
    tu_expect_int(json, tu_row_path(json, "$.followup_by_owner", "salesperson", "甲", "due"), 3);
    free(json);
    snprintf(path, sizeof path, "%s/weekly.html", dir);
    char *html = tu_read_file(path, NULL);
    /* one page group per salesperson, without the salesperson column */
    const char *p = html;
    int groups = 0;
    while ((p = strstr(p, "<div class=\"page-group\">"))) {
        groups++;
        p++;
    }
    assert_int_equal(groups, 2);
    free(html);
}

static void test_followup_html_has_a_page_per_salesperson(void **state)
{
    (void)state;
    char db[256];
    tu_import_files(db, sizeof db, "meet-fu-html", DATA "followup_calls.csv");
    char *html = NULL;
    int status = tu_runf(
        &html, TU_FUNNEL " --db '%s' report followup --week 2026-W45 --format html 2>/dev/null",
        db);
    assert_int_equal(status, 0);
    assert_non_null(strstr(html, "<h3>下周跟踪回访计划 Follow-up plan \xC2\xB7 甲</h3>"));
    assert_non_null(strstr(html, "<h3>下周跟踪回访计划 Follow-up plan \xC2\xB7 乙</h3>"));
    assert_non_null(strstr(html, ".page-group {"));
    free(html);
}

static void test_followup_week_and_as_of_that_is_not_before_it_exit_1(void **state)
{
    (void)state;
    char db[256];
    tu_import_files(db, sizeof db, "meet-fu-bad", DATA "followup_calls.csv");
    char *out = NULL;
    int status = tu_runf(&out,
                         TU_FUNNEL " --db '%s' report followup --week 2026-W45 --as-of 2026-11-02"
                                   " --format json 2>&1",
                         db);
    assert_int_equal(status, 1);
    assert_non_null(strstr(out, "not before the week planned"));
    free(out);
    status = tu_runf(&out, TU_FUNNEL " --db '%s' report followup --month 2026-10 2>&1", db);
    assert_int_equal(status, 1);
    free(out);
}

/* ---- changes (DOMAIN 7.9) ---- */

static void test_changes_counts_up_down_new_left_stuck(void **state)
{
    (void)state;
    char db[256];
    tu_import_files(db, sizeof db, "meet-ch-totals", DATA "changes_calls.csv");
    char *json = tu_report_json(db, "changes --from 2026-10-11 --to 2026-10-20");
    tu_expect_text(json, "$.from", "2026-10-11");
    tu_expect_text(json, "$.to", "2026-10-20");
    tu_expect_int(json, "$.up", 2);    /* 升一, 订十一 */
    tu_expect_int(json, "$.down", 1);  /* 降二 */
    tu_expect_int(json, "$.new", 2);   /* 新三, 回七 */
    tu_expect_int(json, "$.left", 2);  /* 离四, 交十 */
    tu_expect_int(json, "$.stuck", 2); /* 停三乙, 停五 */
    assert_int_equal(tu_array_length(json, "$.list"), 9);
    static const char *const row[] = {"customer", "phone",  "salesperson", "before",
                                      "after",    "change", NULL};
    expect_keys(json, "$.list[0]", row);
    free(json);
}

static void test_changes_per_owner(void **state)
{
    (void)state;
    char db[256];
    tu_import_files(db, sizeof db, "meet-ch-owner", DATA "changes_calls.csv");
    char *json = tu_report_json(db, "changes --from 2026-10-11 --to 2026-10-20");
    static const char *const keys[] = {"up", "down", "new", "left", "stuck"};
    static const int jia[] = {1, 1, 1, 1, 1}, yi[] = {1, 0, 1, 1, 1};
    for (int k = 0; k < 5; k++) {
        tu_expect_int(json, tu_row_path(json, "$.by_owner", "salesperson", "甲", keys[k]), jia[k]);
        tu_expect_int(json, tu_row_path(json, "$.by_owner", "salesperson", "乙", keys[k]), yi[k]);
    }
    free(json);
}

static void test_changes_at_the_d1_and_d2_boundaries(void **state)
{
    (void)state;
    char db[256];
    tu_import_files(db, sizeof db, "meet-ch-edges", DATA "changes_calls.csv");
    char *json = tu_report_json(db, "changes --from 2026-10-11 --to 2026-10-20");
    /* first contact on D1: not new; nothing after it: stuck */
    tu_expect_text(json, tu_row_path(json, "$.list", "customer", "停三乙", "change"), "stuck");
    tu_expect_text(json, tu_row_path(json, "$.list", "customer", "停三乙", "before"), "A");
    /* first contact on D1 + 1: new, nothing before */
    tu_expect_text(json, tu_row_path(json, "$.list", "customer", "新三", "change"), "new");
    tu_expect_null(json, tu_row_path(json, "$.list", "customer", "新三", "before"));
    tu_expect_text(json, tu_row_path(json, "$.list", "customer", "新三", "after"), "A");
    tu_expect_text(json, tu_row_path(json, "$.list", "customer", "降二", "before"), "H");
    tu_expect_text(json, tu_row_path(json, "$.list", "customer", "降二", "after"), "B");
    tu_expect_text(json, tu_row_path(json, "$.list", "customer", "离四", "after"), "defeated");
    tu_expect_text(json, tu_row_path(json, "$.list", "customer", "交十", "before"), "O");
    tu_expect_text(json, tu_row_path(json, "$.list", "customer", "交十", "after"), "delivered");
    tu_expect_text(json, tu_row_path(json, "$.list", "customer", "回七", "before"), "defeated");
    tu_expect_text(json, tu_row_path(json, "$.list", "customer", "订十一", "after"), "O");
    tu_expect_text(json, tu_row_path(json, "$.list", "customer", "升一", "phone"), "138****0101");
    /* followed up on D2 with the same grade, first contact after D2, and out
     * of the pipeline at both dates: not listed */
    static const char *const absent[] = {"同六", "后八", "交九"};
    for (int i = 0; i < 3; i++) {
        char expr[256];
        snprintf(expr, sizeof expr,
                 "(SELECT count(*) FROM json_each(?1, '$.list') WHERE json_extract(value,"
                 " '$.customer') = '%s')",
                 absent[i]);
        char *n = tu_json_eval(json, expr);
        if (strcmp(n, "0") != 0) fail_msg("%s is listed:\n%s", absent[i], json);
        free(n);
    }
    free(json);
}

static void test_changes_of_a_later_period_after_grading(void **state)
{
    (void)state;
    char db[256];
    tu_import_files(db, sizeof db, "meet-ch-graded", DATA "changes_calls.csv");
    /* grades stored as of 10-31 first: D2 = 10-20 is then derived from them
     * and the numbers are the same */
    assert_int_equal(tu_runf(NULL, TU_FUNNEL " --db '%s' grade --as-of 2026-10-31 >/dev/null", db),
                     0);
    char *json = tu_report_json(db, "changes --from 2026-10-11 --to 2026-10-20");
    tu_expect_int(json, "$.up", 2);
    tu_expect_int(json, "$.down", 1);
    tu_expect_int(json, "$.new", 2);
    tu_expect_int(json, "$.left", 2);
    tu_expect_int(json, "$.stuck", 2);
    free(json);
}

/* ---- daily (DOMAIN 7.10) ---- */

#define DAILY_FILES DATA "daily_visits.csv " DATA "daily_calls.csv"

static void test_daily_counts_per_rows_own_salesperson(void **state)
{
    (void)state;
    char db[256];
    tu_import_files(db, sizeof db, "meet-daily", DAILY_FILES);
    char *json = tu_report_json(db, "daily --date 2026-10-31");
    tu_expect_text(json, "$.date", "2026-10-31");
    static const char *const keys[] = {"visits",    "first_visits", "calls_in",     "calls_out",
                                       "invited",   "test_drives",  "quotes",       "orders",
                                       "delivered", "defeats",      "due_tomorrow", "overdue"};
    static const int jia[] = {2, 1, 2, 1, 1, 1, 1, 0, 0, 1, 1, 1};
    static const int yi[] = {3, 1, 0, 2, 0, 0, 0, 1, 1, 1, 1, 0};
    for (int k = 0; k < 12; k++) {
        tu_expect_int(json, tu_row_path(json, "$.rows", "salesperson", "甲", keys[k]), jia[k]);
        tu_expect_int(json, tu_row_path(json, "$.rows", "salesperson", "乙", keys[k]), yi[k]);
    }
    assert_int_equal(tu_array_length(json, "$.rows"), 2);
    free(json);
}

static void test_daily_defeat_list_has_the_days_defeat_and_lost_rows(void **state)
{
    (void)state;
    char db[256];
    tu_import_files(db, sizeof db, "meet-daily-defeats", DAILY_FILES);
    char *json = tu_report_json(db, "daily --date 2026-10-31");
    assert_int_equal(tu_array_length(json, "$.defeat_list"), 2);
    const char *p = tu_row_path(json, "$.defeat_list", "customer", "日七", "salesperson");
    tu_expect_text(json, p, "乙");
    tu_expect_text(json, tu_row_path(json, "$.defeat_list", "customer", "日七", "outcome"),
                   "DEFEAT");
    tu_expect_text(json, tu_row_path(json, "$.defeat_list", "customer", "日七", "reason"),
                   "competitor");
    tu_expect_text(json, tu_row_path(json, "$.defeat_list", "customer", "日七", "brand"), "丰田");
    tu_expect_text(json, tu_row_path(json, "$.defeat_list", "customer", "日七", "text"),
                   "价格太贵买了丰田");
    tu_expect_text(json, tu_row_path(json, "$.defeat_list", "customer", "日七", "phone"),
                   "138****0207");
    tu_expect_text(json, tu_row_path(json, "$.defeat_list", "customer", "日七", "model"), "星辰X7");
    tu_expect_text(json, tu_row_path(json, "$.defeat_list", "customer", "日八", "outcome"), "LOST");
    tu_expect_text(json, tu_row_path(json, "$.defeat_list", "customer", "日八", "reason"),
                   "unreachable");
    tu_expect_null(json, tu_row_path(json, "$.defeat_list", "customer", "日八", "brand"));
    free(json);
}

static void test_daily_defaults_to_the_latest_contacts_day(void **state)
{
    (void)state;
    char db[256];
    tu_import_files(db, sizeof db, "meet-daily-default", DAILY_FILES);
    char *json = tu_report_json(db, "daily");
    tu_expect_text(json, "$.date", "2026-10-31");
    free(json);
    /* 10-30: only 日十's call, by 甲 (out); as of 10-30 日十一 (due 10-29) is
     * overdue and 日十 (due 11-01) is due by tomorrow */
    json = tu_report_json(db, "daily --date 2026-10-30");
    tu_expect_text(json, "$.date", "2026-10-30");
    tu_expect_int(json, tu_row_path(json, "$.rows", "salesperson", "甲", "calls_out"), 1);
    tu_expect_int(json, tu_row_path(json, "$.rows", "salesperson", "甲", "visits"), 0);
    tu_expect_int(json, tu_row_path(json, "$.rows", "salesperson", "甲", "overdue"), 1);
    tu_expect_int(json, tu_row_path(json, "$.rows", "salesperson", "甲", "due_tomorrow"), 0);
    assert_int_equal(tu_array_length(json, "$.defeat_list"), 0);
    free(json);
}

static void test_date_is_refused_by_other_reports_and_checked(void **state)
{
    (void)state;
    char db[256];
    tu_import_files(db, sizeof db, "meet-daily-bad", DAILY_FILES);
    char *out = NULL;
    assert_int_equal(tu_runf(&out, TU_FUNNEL " --db '%s' report funnel --date 2026-10-31 2>&1", db),
                     1);
    assert_non_null(strstr(out, "only the daily report takes --date"));
    free(out);
    assert_int_equal(tu_runf(&out, TU_FUNNEL " --db '%s' report daily --date 2026-13-01 2>&1", db),
                     1);
    assert_non_null(strstr(out, "--date must be a date"));
    free(out);
    assert_int_equal(tu_runf(&out, TU_FUNNEL " --db '%s' report daily --month 2026-10 2>&1", db),
                     1);
    free(out);
}

/* ---- sources (DOMAIN 7.11) ---- */

#define SOURCE_FILES DATA "sources_visits.csv " DATA "sources_calls.csv"

static void test_sources_first_non_empty_source_sorted_by_buyers(void **state)
{
    (void)state;
    char db[256];
    tu_import_files(db, sizeof db, "meet-sources", SOURCE_FILES);
    char *json = tu_report_json(db, "sources --month 2026-10");
    assert_int_equal(tu_array_length(json, "$.rows"), 4);
    tu_expect_text(json, "$.rows[0].source", "汽车之家");
    tu_expect_int(json, "$.rows[0].prospects", 3); /* 源一 源二 源八 */
    tu_expect_int(json, "$.rows[0].visitors", 2);  /* 源一 源二 */
    tu_expect_int(json, "$.rows[0].buyers", 1);    /* 源一 */
    tu_expect_real(json, "$.rows[0].visit_rate", 2.0 / 3.0, 0.001);
    tu_expect_real(json, "$.rows[0].close_rate", 0.5, 0.001);
    tu_expect_int(json, "$.rows[0].defeats", 1);  /* 源二 */
    tu_expect_text(json, "$.rows[1].source", ""); /* 源四 源五: never a source */
    tu_expect_int(json, "$.rows[1].prospects", 2);
    tu_expect_int(json, "$.rows[1].visitors", 1);
    tu_expect_int(json, "$.rows[1].buyers", 1);
    tu_expect_real(json, "$.rows[1].visit_rate", 0.5, 0.001);
    tu_expect_real(json, "$.rows[1].close_rate", 1.0, 0.001);
    tu_expect_int(json, "$.rows[1].defeats", 0);
    tu_expect_text(json, "$.rows[2].source", "懂车帝"); /* 源三 only: not 源一's later 懂车帝 */
    tu_expect_int(json, "$.rows[2].prospects", 1);
    tu_expect_text(json, "$.rows[3].source", "车展"); /* 源七; 源六 is September's */
    tu_expect_int(json, "$.rows[3].prospects", 1);
    free(json);
}

static void test_sources_rates_are_null_on_zero_denominators(void **state)
{
    (void)state;
    char db[256];
    tu_import_files(db, sizeof db, "meet-sources-null", SOURCE_FILES);
    char *json = tu_report_json(db, "sources --month 2026-10");
    int i = tu_find_row(json, "$.rows", "source", "车展");
    char path[64];
    snprintf(path, sizeof path, "$.rows[%d].close_rate", i); /* no visitors */
    tu_expect_null(json, path);
    snprintf(path, sizeof path, "$.rows[%d].visit_rate", i); /* 0 of 1 prospect */
    tu_expect_real(json, path, 0.0, 0.001);
    static const char *const row[] = {"source",     "prospects",  "visitors", "buyers",
                                      "visit_rate", "close_rate", "defeats",  NULL};
    expect_keys(json, "$.rows[0]", row);
    free(json);
}

static void test_monthly_pack_holds_sources_with_a_chart_and_changes(void **state)
{
    (void)state;
    char db[256], dir[256];
    tu_import_files(db, sizeof db, "meet-sources-monthly", SOURCE_FILES);
    snprintf(dir, sizeof dir, "/tmp/funnel-test-%d-meet-monthly", (int)getpid());
    int status = tu_runf(NULL,
                         "rm -rf '%s' && " TU_FUNNEL
                         " --db '%s' report monthly --month 2026-10 --out '%s' >/dev/null 2>&1",
                         dir, db, dir);
    assert_int_equal(status, 0);
    char path[400];
    snprintf(path, sizeof path, "%s/monthly.json", dir);
    char *json = tu_read_file(path, NULL);
    tu_expect_text(json, "$.sources[0].source", "汽车之家");
    tu_expect_int(json, "$.sources[0].buyers", 1);
    /* D1 = 09-30: 源一 (C, no timeframe) and 源六 (C) were in the pipeline;
     * by 10-31 源一 ordered (up to O), 源六 was not called (stuck); new in
     * October: 源三 源四 源五 源七 源八; 源二, defeated in October, was in the
     * pipeline at neither date */
    tu_expect_int(json, "$.new", 5);
    tu_expect_int(json, "$.up", 1);
    tu_expect_int(json, "$.stuck", 1);
    tu_expect_int(json, "$.left", 0);
    /* the pack lists only who moved down or left: nobody here */
    assert_int_equal(tu_array_length(json, "$.changes_down_left"), 0);
    tu_expect_int(json, tu_row_path(json, "$.changes_by_owner", "salesperson", "甲", "up"), 1);
    int i = tu_find_row(json, "$.charts", "name", "monthly_by_source");
    (void)i;
    free(json);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_followup_keys_week_and_as_of_the_sunday_before),
        cmocka_unit_test(test_followup_due_on_the_sunday_is_in_the_monday_after_is_not),
        cmocka_unit_test(test_followup_overdue_before_the_monday_come_first_with_days),
        cmocka_unit_test(test_followup_defaults_to_the_week_after_the_latest_contact),
        cmocka_unit_test(test_weekly_pack_holds_the_plan_for_the_next_week),
        cmocka_unit_test(test_followup_html_has_a_page_per_salesperson),
        cmocka_unit_test(test_followup_week_and_as_of_that_is_not_before_it_exit_1),
        cmocka_unit_test(test_changes_counts_up_down_new_left_stuck),
        cmocka_unit_test(test_changes_per_owner),
        cmocka_unit_test(test_changes_at_the_d1_and_d2_boundaries),
        cmocka_unit_test(test_changes_of_a_later_period_after_grading),
        cmocka_unit_test(test_daily_counts_per_rows_own_salesperson),
        cmocka_unit_test(test_daily_defeat_list_has_the_days_defeat_and_lost_rows),
        cmocka_unit_test(test_daily_defaults_to_the_latest_contacts_day),
        cmocka_unit_test(test_date_is_refused_by_other_reports_and_checked),
        cmocka_unit_test(test_sources_first_non_empty_source_sorted_by_buyers),
        cmocka_unit_test(test_sources_rates_are_null_on_zero_denominators),
        cmocka_unit_test(test_monthly_pack_holds_sources_with_a_chart_and_changes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
