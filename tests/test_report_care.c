/* test_report_care.c - pins down the reports that keep the dealer's
 * customers (DOMAIN.md 7.12, 7.13) end to end: `funnel import` the small
 * files in tests/data/handover/ and tests/data/care/, run `funnel report
 * handover|care|daily|monthly ... --format json` and compare with numbers
 * worked out by hand below. Default rules: O follows up every 4 days, H
 * every 2, C every 30, N has no schedule; 3天 is H, 1个月 A, 不确定 C.
 *
 * ---- handover_calls.csv: 走 leaves ----
 *
 *  走's customers as of 10-31:
 *   客一 订车 10-10: O, due 10-14            客二 3天 10-20: H, due 10-22
 *   客三 3天 10-15: H, due 10-17             客四 不确定 10-05: C, due 11-04
 *   客五 no model: N, no due date            客六 delivered 10-12 (apart)
 *   客七 defeated 10-08: not listed          客八 delivered 2025-09-01: its
 *        care ended 2026-09-03 (T + 367), listed nowhere; called 10-31
 *  dealt in grade order (O, H, A+, A, B+, B, C, N) then due date:
 *   客一, 客三, 客二, 客四, 客五
 *  others: 甲 holds 甲客 (C, called 10-20); 乙 called 乙客 10-05 and lost it
 *   10-25 (0 held); 丁 holds 丁客 (C), called only on 10-01; 丙 never appears.
 *  Names sort by code point: 丁 U+4E01 < 丙 U+4E19 < 乙 U+4E59 < 甲 U+7532.
 *
 *  As of 10-31 the 30 days to the date are 10-02..10-31: candidates 甲 (1
 *  held) and 乙 (0); 丁's 10-01 call is a day too early.
 *   客一 -> 乙 (0 < 1)            乙 1, 甲 1
 *   客三 -> 乙 (tie, 乙 < 甲)      乙 2, 甲 1
 *   客二 -> 甲 (1 < 2)            乙 2, 甲 2
 *   客四 -> 乙 (tie)              乙 3, 甲 2
 *   客五 -> 甲 (2 < 3)            乙 3, 甲 3
 *  As of 10-30 (10-01..10-30) 丁 is a candidate too: 甲 1, 乙 0, 丁 1
 *   客一 -> 乙 (0)                乙 1
 *   客三 -> 丁 (1, 1, 1: 丁 first) 丁 2
 *   客二 -> 乙 (甲 1, 乙 1: 乙)    乙 2
 *   客四 -> 甲 (1)                甲 2
 *   客五 -> 丁 (2, 2, 2: 丁)
 *  --to '甲, 丙，丁,走' (spaces, a full-width comma, the leaver himself):
 *   甲 1, 丙 0 (a new hire), 丁 1; 乙 and 走 get nothing
 *   客一 -> 丙 (0)                丙 1
 *   客三 -> 丁 (1, 1, 1: 丁)       丁 2
 *   客二 -> 丙 (甲 1, 丙 1: 丙)    丙 2
 *   客四 -> 甲 (1)                甲 2
 *   客五 -> 丁 (2, 2, 2: 丁)
 *  客六 (delivered T = 10-12, called 10-13 = T+1): call_24h done, call_7d
 *   (10-13, 10-19] missed: 1 overdue; next is care_1, by T+67 = 12-18.
 *
 * ---- care_calls.csv: after-sales care, as of D = 10-31 unless said ----
 *
 *  D + 7 = 11-07; the 90 days to D: windows ending 08-02 (D - 90) to 10-30.
 *  T = 08-12: T+1 = 08-13, T+2 = 08-14, T+7 = 08-19, T+8 = 08-20,
 *  T+67 = 10-18, T+68 = 10-19, T+127 = 12-17.
 *   边一 甲  T 08-12, contacts 08-13 (T+1, by 经理), 08-19 (T+7), 10-18 (T+67):
 *            call_24h, call_7d, care_1 done; care_2 (ends 12-17) open
 *   边二 乙  T 08-12, contacts 08-14 (T+2), 08-20 (T+8), 10-19 (T+68): call_24h
 *            missed (overdue, 08-13); T+2 counts for call_7d, T+8 for care_1,
 *            T+68 for care_2
 *   边三 甲  T 08-12 and a second call the same day: counts for no step;
 *            call_24h 08-13, call_7d 08-19, care_1 10-18 overdue
 *   老一 乙  T 07-26, nothing after: call_24h ends 07-27 (91 days before D:
 *            left out), call_7d ends 08-02 (D - 90: overdue), care_1 ends
 *            10-01 (overdue), care_2 ends 11-30
 *   到一 丙  T 10-30: call_24h ends 10-31 = D, open: due; call_7d 11-06 due
 *   到二 丙  T 10-29: call_24h ended 10-30: overdue; call_7d 11-05 due
 *   到三 丙  T 10-31 = D: call_24h 11-01 due; call_7d 11-07 = D + 7 due
 *   到四 丁  T 09-02, calls 09-03, 09-09: done; care_1 ends 11-08 = D + 8: not due
 *   到五 丁  T 09-01, calls 09-02, 09-08: done; care_1 ends 11-07 = D + 7: due
 *   订一 甲  ordered only: no care
 *
 *  due (6): 到一 call_24h, 到三 call_24h, 到二 call_7d, 到一 call_7d,
 *           到三 call_7d, 到五 care_1
 *  overdue (7): 边二 call_24h; 边三 call_24h, call_7d, care_1; 老一 call_7d,
 *           care_1; 到二 call_24h
 *  by owner, steps closed 08-02..10-30:
 *   甲: 边一 3 of 3, 边三 0 of 3            steps 6, done 3, share 0.5
 *   乙: 边二 2 of 3, 老一 0 of 2            steps 5, done 2, share 0.4
 *   丙: 到二 call_24h 0 of 1                steps 1, done 0, share 0
 *   丁: 到四 2 of 2, 到五 2 of 2            steps 4, done 4, share 1
 *  daily 10-31, steps ending 10-31 or 11-01 not done: 到一 call_24h,
 *   到三 call_24h.
 *  As of 12-20 (windows ending 09-21..12-19): 边二's care_2 is done by its
 *   T+68 call; 边一's care_2 (12-17) is overdue. 甲: 边一 care_1 done,
 *   care_2 not; 边三 care_1, care_2 not: steps 4, done 1. 乙: 边二 care_1,
 *   care_2 done; 老一 care_1, care_2 not: steps 4, done 2.
 */
#include "testutil.h"

#define HANDOVER "data/handover/handover_calls.csv"
#define CARE "data/care/care_calls.csv"

/* ---- helpers ---- */

/* How many elements of the array have customer and step. */
static long long count_steps(const char *json, const char *array, const char *customer,
                             const char *step)
{
    char expr[512];
    snprintf(expr, sizeof expr,
             "(SELECT count(*) FROM json_each(?1, '%s') WHERE json_extract(value, '$.customer')"
             " = '%s' AND json_extract(value, '$.step') = '%s')",
             array, customer, step);
    char *n = tu_json_eval(json, expr);
    long long count = atoll(n);
    free(n);
    return count;
}

static void expect_step(const char *json, const char *array, const char *customer, const char *step,
                        long long want)
{
    long long got = count_steps(json, array, customer, step);
    if (got != want)
        fail_msg("%s %s is %lld times in %s; expected %lld:\n%s", customer, step, got, array, want,
                 json);
}

/* The new salespeople of $.rows in order, joined by spaces into out. */
static void dealt(const char *json, char *out, size_t size)
{
    char *got = tu_json_eval(json, "(SELECT group_concat(json_extract(value, '$.customer') || ':'"
                                   " || coalesce(json_extract(value, '$.new_salesperson'), '-'),"
                                   " ' ') FROM json_each(?1, '$.rows'))");
    snprintf(out, size, "%s", got);
    free(got);
}

static void expect_dealt(const char *db, const char *args, const char *want)
{
    char *json = tu_report_json(db, args);
    char got[512];
    dealt(json, got, sizeof got);
    if (strcmp(got, want) != 0) fail_msg("report %s dealt\n  %s\nexpected\n  %s", args, got, want);
    free(json);
}

/* ---- handover (DOMAIN 7.12) ---- */

static void test_handover_lists_active_customers_in_grade_then_due_order(void **state)
{
    (void)state;
    char db[256];
    tu_import_files(db, sizeof db, "care-ho-order", HANDOVER);
    char *json = tu_report_json(db, "handover --salesperson 走 --as-of 2026-10-31");
    tu_expect_text(json, "$.salesperson", "走");
    tu_expect_text(json, "$.as_of", "2026-10-31");
    assert_int_equal(tu_array_length(json, "$.rows"), 5);
    static const char *const customers[] = {"客一", "客三", "客二", "客四", "客五"};
    static const char *const grades[] = {"O", "H", "H", "C", "N"};
    static const char *const dues[] = {"2026-10-14", "2026-10-17", "2026-10-22", "2026-11-04"};
    for (int i = 0; i < 5; i++) {
        char path[64];
        snprintf(path, sizeof path, "$.rows[%d].customer", i);
        tu_expect_text(json, path, customers[i]);
        snprintf(path, sizeof path, "$.rows[%d].grade", i);
        tu_expect_text(json, path, grades[i]);
        snprintf(path, sizeof path, "$.rows[%d].due", i);
        if (i < 4)
            tu_expect_text(json, path, dues[i]);
        else
            tu_expect_null(json, path); /* N: no follow-up schedule */
    }
    tu_expect_text(json, "$.rows[0].phone", "139****0001");
    tu_expect_text(json, "$.rows[0].last_contact", "2026-10-10");
    tu_expect_text(json, "$.rows[0].model", "星辰X5");
    tu_expect_text(json, "$.rows[4].model", "");
    static const char *const keys[] = {"customer",     "phone", "grade",           "due",
                                       "last_contact", "model", "new_salesperson", NULL};
    for (int k = 0; keys[k]; k++) {
        char expr[128];
        snprintf(expr, sizeof expr, "json_type(?1, '$.rows[0].%s') IS NOT NULL", keys[k]);
        char *ok = tu_json_eval(json, expr);
        if (strcmp(ok, "1") != 0) fail_msg("no key %s in:\n%s", keys[k], json);
        free(ok);
    }
    free(json);
}

static void test_handover_deals_to_the_fewest_held_ties_by_name(void **state)
{
    (void)state;
    char db[256];
    tu_import_files(db, sizeof db, "care-ho-deal", HANDOVER);
    /* 甲 holds 1, 乙 0; 丁's only call (10-01) is outside 10-02..10-31 */
    expect_dealt(db, "handover --salesperson 走 --as-of 2026-10-31",
                 "客一:乙 客三:乙 客二:甲 客四:乙 客五:甲");
    /* the latest contact is 10-31: the same without --as-of */
    expect_dealt(db, "handover --salesperson 走", "客一:乙 客三:乙 客二:甲 客四:乙 客五:甲");
}

static void test_handover_candidates_had_a_contact_in_the_30_days_to_the_date(void **state)
{
    (void)state;
    char db[256];
    tu_import_files(db, sizeof db, "care-ho-30", HANDOVER);
    /* as of 10-30 the 30 days are 10-01..10-30: 丁 (1 held) is in */
    expect_dealt(db, "handover --salesperson 走 --as-of 2026-10-30",
                 "客一:乙 客三:丁 客二:乙 客四:甲 客五:丁");
}

static void test_handover_to_list_replaces_the_candidates(void **state)
{
    (void)state;
    char db[256];
    tu_import_files(db, sizeof db, "care-ho-to", HANDOVER);
    /* 丙 is new (0 held); 乙 is not on the list; 走 himself is left out */
    expect_dealt(db, "handover --salesperson 走 --as-of 2026-10-31 --to '甲, 丙，丁,走'",
                 "客一:丙 客三:丁 客二:丙 客四:甲 客五:丁");
}

static void test_handover_lists_delivered_customers_apart(void **state)
{
    (void)state;
    char db[256];
    tu_import_files(db, sizeof db, "care-ho-delivered", HANDOVER);
    char *json = tu_report_json(db, "handover --salesperson 走 --as-of 2026-10-31");
    /* 客六 only: 客八's care ended in 2026-09 */
    assert_int_equal(tu_array_length(json, "$.delivered"), 1);
    tu_expect_text(json, "$.delivered[0].customer", "客六");
    tu_expect_text(json, "$.delivered[0].delivered", "2026-10-12");
    tu_expect_text(json, "$.delivered[0].last_contact", "2026-10-13");
    tu_expect_text(json, "$.delivered[0].next_step", "care_1");
    tu_expect_text(json, "$.delivered[0].next_step_label", "第1次关怀");
    tu_expect_text(json, "$.delivered[0].next_window_end", "2026-12-18");
    tu_expect_int(json, "$.delivered[0].overdue_steps", 1); /* call_7d */
    tu_expect_text(json, "$.delivered[0].new_salesperson", "");
    free(json);
}

static void test_handover_csv_is_the_sheet_to_edit_with_full_phones(void **state)
{
    (void)state;
    char db[256], dir[256];
    tu_import_files(db, sizeof db, "care-ho-csv", HANDOVER);
    char *csv = NULL;
    int status = tu_runf(&csv,
                         TU_FUNNEL " --db '%s' report handover --salesperson 走 --as-of 2026-10-31"
                                   " --format csv --show-phones",
                         db);
    assert_int_equal(status, 0);
    const char *header = "\xEF\xBB\xBF"
                         "客户 customer,电话 phone,级别 grade,应跟进日 due,最近联系 last contact,"
                         "车型 model,新销售顾问 new salesperson\r\n";
    if (strncmp(csv, header, strlen(header)) != 0) fail_msg("the CSV opens with:\n%s", csv);
    assert_non_null(strstr(csv, "\r\n客一,13900000001,O,2026-10-14,2026-10-10,星辰X5,乙\r\n"));
    assert_non_null(strstr(csv, "\r\n客五,13900000005,N,,2026-10-06,,甲\r\n"));
    assert_null(strstr(csv, "store")); /* the hidden store column */
    free(csv);
    /* --out: both sheets, the delivered one with a 新销售顾问 column too */
    snprintf(dir, sizeof dir, "/tmp/funnel-test-%d-care-ho", (int)getpid());
    status = tu_runf(NULL,
                     "rm -rf '%s' && " TU_FUNNEL " --db '%s' report handover --salesperson 走"
                     " --as-of 2026-10-31 --out '%s' >/dev/null 2>&1",
                     dir, db, dir);
    assert_int_equal(status, 0);
    char path[400];
    snprintf(path, sizeof path, "%s/handover_delivered.csv", dir);
    char *delivered = tu_read_file(path, NULL);
    assert_non_null(delivered);
    assert_non_null(strstr(delivered, "新销售顾问 new salesperson\r\n"));
    assert_non_null(strstr(delivered, "客六,139****0006,"));
    free(delivered);
    snprintf(path, sizeof path, "%s/handover_customers.csv", dir);
    char *rows = tu_read_file(path, NULL);
    assert_non_null(rows);
    free(rows);
    tu_runf(NULL, "rm -rf '%s'", dir);
}

static void test_handover_without_salesperson_exits_1(void **state)
{
    (void)state;
    char db[256];
    tu_import_files(db, sizeof db, "care-ho-bad", HANDOVER);
    char *out = NULL;
    assert_int_equal(tu_runf(&out, TU_FUNNEL " --db '%s' report handover 2>&1", db), 1);
    assert_non_null(strstr(out, "--salesperson NAME"));
    free(out);
    assert_int_equal(
        tu_runf(&out, TU_FUNNEL " --db '%s' report handover --salesperson 走 --month 2026-10 2>&1",
                db),
        1);
    free(out);
}

/* ---- care (DOMAIN 7.13) ---- */

static void test_care_keys(void **state)
{
    (void)state;
    char db[256];
    tu_import_files(db, sizeof db, "care-keys", CARE);
    char *json = tu_report_json(db, "care --as-of 2026-10-31");
    tu_expect_text(json, "$.as_of", "2026-10-31");
    static const char *const paths[] = {"$.due[0].salesperson",
                                        "$.due[0].customer",
                                        "$.due[0].phone",
                                        "$.due[0].delivered",
                                        "$.due[0].step",
                                        "$.due[0].window_end",
                                        "$.overdue[0].salesperson",
                                        "$.overdue[0].step",
                                        "$.overdue[0].window_end",
                                        "$.by_owner[0].salesperson",
                                        "$.by_owner[0].steps",
                                        "$.by_owner[0].done",
                                        "$.by_owner[0].share",
                                        NULL};
    for (int k = 0; paths[k]; k++) {
        char expr[128];
        snprintf(expr, sizeof expr, "json_type(?1, '%s') IS NOT NULL", paths[k]);
        char *ok = tu_json_eval(json, expr);
        if (strcmp(ok, "1") != 0) fail_msg("no %s in:\n%s", paths[k], json);
        free(ok);
    }
    free(json);
}

static void test_care_contacts_at_t_plus_1_7_67_count_a_day_later_the_next(void **state)
{
    (void)state;
    char db[256];
    tu_import_files(db, sizeof db, "care-edges", CARE);
    char *json = tu_report_json(db, "care --as-of 2026-10-31");
    /* 边一: T+1, T+7, T+67 do call_24h, call_7d, care_1 */
    expect_step(json, "$.overdue", "边一", "call_24h", 0);
    expect_step(json, "$.overdue", "边一", "call_7d", 0);
    expect_step(json, "$.overdue", "边一", "care_1", 0);
    /* 边二: T+2 misses call_24h and does call_7d; T+8 does care_1 */
    expect_step(json, "$.overdue", "边二", "call_24h", 1);
    expect_step(json, "$.overdue", "边二", "call_7d", 0);
    expect_step(json, "$.overdue", "边二", "care_1", 0);
    tu_expect_text(json, tu_row_path(json, "$.overdue", "customer", "边二", "window_end"),
                   "2026-08-13");
    tu_expect_text(json, tu_row_path(json, "$.overdue", "customer", "边二", "delivered"),
                   "2026-08-12");
    tu_expect_text(json, tu_row_path(json, "$.overdue", "customer", "边二", "salesperson"), "乙");
    tu_expect_text(json, tu_row_path(json, "$.overdue", "customer", "边二", "step_label"),
                   "24小时回访");
    tu_expect_text(json, tu_row_path(json, "$.overdue", "customer", "边二", "phone"),
                   "137****0002");
    /* 边三: a second call on T itself counts for nothing */
    expect_step(json, "$.overdue", "边三", "call_24h", 1);
    expect_step(json, "$.overdue", "边三", "call_7d", 1);
    expect_step(json, "$.overdue", "边三", "care_1", 1);
    free(json);
    /* as of 12-20: 边二's T+68 call does care_2; 边一 has none in it */
    json = tu_report_json(db, "care --as-of 2026-12-20");
    expect_step(json, "$.overdue", "边二", "care_2", 0);
    expect_step(json, "$.overdue", "边一", "care_2", 1);
    tu_expect_text(json, tu_row_path(json, "$.overdue", "customer", "边一", "window_end"),
                   "2026-12-17");
    tu_expect_int(json, tu_row_path(json, "$.by_owner", "salesperson", "甲", "steps"), 4);
    tu_expect_int(json, tu_row_path(json, "$.by_owner", "salesperson", "甲", "done"), 1);
    tu_expect_int(json, tu_row_path(json, "$.by_owner", "salesperson", "乙", "steps"), 4);
    tu_expect_int(json, tu_row_path(json, "$.by_owner", "salesperson", "乙", "done"), 2);
    free(json);
}

static void test_care_due_while_open_until_d_plus_7_overdue_once_closed(void **state)
{
    (void)state;
    char db[256];
    tu_import_files(db, sizeof db, "care-due", CARE);
    char *json = tu_report_json(db, "care --as-of 2026-10-31");
    assert_int_equal(tu_array_length(json, "$.due"), 6);
    expect_step(json, "$.due", "到一", "call_24h", 1); /* ends on D: still open */
    expect_step(json, "$.due", "到一", "call_7d", 1);
    expect_step(json, "$.due", "到二", "call_24h", 0); /* ended D - 1: overdue */
    expect_step(json, "$.overdue", "到二", "call_24h", 1);
    expect_step(json, "$.due", "到二", "call_7d", 1);
    expect_step(json, "$.due", "到三", "call_24h", 1); /* delivered on D */
    expect_step(json, "$.due", "到三", "call_7d", 1);  /* ends D + 7 */
    expect_step(json, "$.due", "到五", "care_1", 1);   /* ends D + 7 */
    expect_step(json, "$.due", "到四", "care_1", 0);   /* ends D + 8 */
    tu_expect_text(json, tu_row_path(json, "$.due", "customer", "到五", "window_end"),
                   "2026-11-07");
    tu_expect_text(json, tu_row_path(json, "$.due", "customer", "到五", "salesperson"), "丁");
    tu_expect_text(json, tu_row_path(json, "$.due", "customer", "到五", "step_label"), "第1次关怀");
    /* windows still open far ahead are not due */
    expect_step(json, "$.due", "边一", "care_2", 0);
    expect_step(json, "$.due", "老一", "care_2", 0);
    free(json);
}

static void test_care_overdue_are_windows_closed_in_the_90_days_to_the_date(void **state)
{
    (void)state;
    char db[256];
    tu_import_files(db, sizeof db, "care-overdue", CARE);
    char *json = tu_report_json(db, "care --as-of 2026-10-31");
    assert_int_equal(tu_array_length(json, "$.overdue"), 7);
    expect_step(json, "$.overdue", "老一", "call_7d", 1);  /* ended D - 90 */
    expect_step(json, "$.overdue", "老一", "call_24h", 0); /* ended D - 91 */
    expect_step(json, "$.overdue", "老一", "care_1", 1);
    expect_step(json, "$.overdue", "订一", "call_24h", 0); /* ordered, not delivered */
    free(json);
}

static void test_care_share_done_per_owner(void **state)
{
    (void)state;
    char db[256];
    tu_import_files(db, sizeof db, "care-share", CARE);
    char *json = tu_report_json(db, "care --as-of 2026-10-31");
    assert_int_equal(tu_array_length(json, "$.by_owner"), 4);
    static const char *const names[] = {"甲", "乙", "丙", "丁"};
    static const int steps[] = {6, 5, 1, 4}, done[] = {3, 2, 0, 4};
    static const double share[] = {0.5, 0.4, 0.0, 1.0};
    for (int i = 0; i < 4; i++) {
        tu_expect_int(json, tu_row_path(json, "$.by_owner", "salesperson", names[i], "steps"),
                      steps[i]);
        tu_expect_int(json, tu_row_path(json, "$.by_owner", "salesperson", names[i], "done"),
                      done[i]);
        tu_expect_real(json, tu_row_path(json, "$.by_owner", "salesperson", names[i], "share"),
                       share[i], 0.001);
    }
    /* 经理 made a call but owns no delivered customer */
    char *n = tu_json_eval(json, "(SELECT count(*) FROM json_each(?1, '$.by_owner') WHERE"
                                 " json_extract(value, '$.salesperson') = '经理')");
    assert_string_equal(n, "0");
    free(n);
    free(json);
}

static void test_daily_lists_care_steps_due_by_tomorrow(void **state)
{
    (void)state;
    char db[256];
    tu_import_files(db, sizeof db, "care-daily", CARE);
    char *json = tu_report_json(db, "daily --date 2026-10-31");
    assert_int_equal(tu_array_length(json, "$.care_due"), 2);
    expect_step(json, "$.care_due", "到一", "call_24h", 1); /* ends today */
    expect_step(json, "$.care_due", "到三", "call_24h", 1); /* ends tomorrow */
    free(json);
}

static void test_monthly_pack_holds_the_care_share_per_salesperson(void **state)
{
    (void)state;
    char db[256], dir[256];
    tu_import_files(db, sizeof db, "care-monthly", CARE);
    snprintf(dir, sizeof dir, "/tmp/funnel-test-%d-care-monthly", (int)getpid());
    int status = tu_runf(NULL,
                         "rm -rf '%s' && " TU_FUNNEL
                         " --db '%s' report monthly --month 2026-10 --out '%s' >/dev/null 2>&1",
                         dir, db, dir);
    assert_int_equal(status, 0);
    char path[400];
    snprintf(path, sizeof path, "%s/monthly.json", dir);
    char *json = tu_read_file(path, NULL);
    tu_expect_int(json, tu_row_path(json, "$.care_by_owner", "salesperson", "甲", "steps"), 6);
    tu_expect_real(json, tu_row_path(json, "$.care_by_owner", "salesperson", "乙", "share"), 0.4,
                   0.001);
    free(json);
    snprintf(path, sizeof path, "%s/monthly_care_by_owner.csv", dir);
    char *csv = tu_read_file(path, NULL);
    assert_non_null(csv);
    assert_non_null(strstr(csv, "完成率 share done"));
    free(csv);
    tu_runf(NULL, "rm -rf '%s'", dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_handover_lists_active_customers_in_grade_then_due_order),
        cmocka_unit_test(test_handover_deals_to_the_fewest_held_ties_by_name),
        cmocka_unit_test(test_handover_candidates_had_a_contact_in_the_30_days_to_the_date),
        cmocka_unit_test(test_handover_to_list_replaces_the_candidates),
        cmocka_unit_test(test_handover_lists_delivered_customers_apart),
        cmocka_unit_test(test_handover_csv_is_the_sheet_to_edit_with_full_phones),
        cmocka_unit_test(test_handover_without_salesperson_exits_1),
        cmocka_unit_test(test_care_keys),
        cmocka_unit_test(test_care_contacts_at_t_plus_1_7_67_count_a_day_later_the_next),
        cmocka_unit_test(test_care_due_while_open_until_d_plus_7_overdue_once_closed),
        cmocka_unit_test(test_care_overdue_are_windows_closed_in_the_90_days_to_the_date),
        cmocka_unit_test(test_care_share_done_per_owner),
        cmocka_unit_test(test_daily_lists_care_steps_due_by_tomorrow),
        cmocka_unit_test(test_monthly_pack_holds_the_care_share_per_salesperson),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
