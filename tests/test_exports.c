/* test_exports.c - end to end: ./funnel on small exports written the way
 * DMS, call-centre systems and Excel write them (tests/data/exports/,
 * DOMAIN.md sections 3.4 and 5.7). Every count is worked out by hand from
 * the file's rows, in the comment beside it. */
#include "testutil.h"

#define DATA "data/exports/"

static int import_json(const char *db, const char *args, char **json)
{
    return tu_runf(json, TU_FUNNEL " --db '%s' import --format json %s 2>/dev/null", db, args);
}

/* Checks read, imported, duplicates, rejected, skipped and warnings of the
 * first file, and that they add up. */
static void expect_counts(const char *json, long long read, long long imported,
                          long long duplicates, long long rejected, long long skipped,
                          long long warnings)
{
    const char *keys[6] = {"read", "imported", "duplicates", "rejected", "skipped", "warnings"};
    const long long want[6] = {read, imported, duplicates, rejected, skipped, warnings};
    char path[64];
    for (int k = 0; k < 6; k++) {
        snprintf(path, sizeof path, "$.files[0].%s", keys[k]);
        long long got = tu_json_int(json, path);
        if (got != want[k]) fail_msg("%s is %lld; expected %lld in:\n%s", path, got, want[k], json);
    }
    assert_int_equal(read, imported + duplicates + rejected + skipped);
}

static void expect_contains(const char *json, const char *path, const char *needle)
{
    char *got = tu_json_text(json, path);
    if (!strstr(got, needle)) fail_msg("%s is '%s'; expected it to hold '%s'", path, got, needle);
    free(got);
}

static void test_a_dms_export_with_a_title_line_and_totals_rows(void **state)
{
    (void)state;
    char db[256], *json;
    tu_fresh_db(db, sizeof db, "dms");
    assert_int_equal(import_json(db, DATA "dms_visits.csv", &json), 0);
    /* 5 visits, then 合计 and 制表人 skipped; the title above the header
     * and the blank line are no rows */
    expect_counts(json, 7, 5, 0, 0, 2, 0);
    tu_expect_text(json, "$.files[0].kind", "visits");
    assert_int_equal(tu_json_int(json, "$.files[0].header_line"), 3);
    assert_int_equal(tu_json_int(json, "$.files[0].title_lines"), 1);
    tu_expect_text(json, "$.files[0].columns[3].column", "手机号码(必填)");
    tu_expect_text(json, "$.files[0].columns[3].field", "phone");
    tu_expect_text(json, "$.files[0].columns[8].field", "outcome");
    free(json);
    /* 李雷, 韩梅 (twice), 王芳, 赵强 */
    assert_int_equal(tu_db_int(db, "SELECT count(DISTINCT customer_key) FROM contacts"), 4);
    /* 已下订 and 已成交; 已战败 and 放弃购买 */
    assert_int_equal(tu_db_int(db, "SELECT count(*) FROM contacts WHERE outcome = 'ORDER'"), 2);
    assert_int_equal(tu_db_int(db, "SELECT count(*) FROM contacts WHERE outcome = 'DEFEAT'"), 2);
    /* ✔ 是的 已试驾 are yes; - and 否（客户赶时间） are no */
    assert_int_equal(tu_db_int(db, "SELECT sum(test_drive) FROM contacts"), 3);
    assert_int_equal(
        tu_db_int(db, "SELECT count(*) FROM contacts WHERE defeat_reason = '家人不同意'"), 1);
}

static void test_a_semicolon_file_with_date_and_time_columns_is_a_visit_log(void **state)
{
    (void)state;
    char db[256], *json;
    tu_fresh_db(db, sizeof db, "semicolon");
    assert_int_equal(import_json(db, DATA "semicolon_visits.csv", &json), 0);
    expect_counts(json, 3, 3, 0, 0, 0, 0);
    tu_expect_text(json, "$.files[0].kind", "visits");
    tu_expect_text(json, "$.files[0].delimiter", ";");
    free(json);
    /* 周杰 came twice, 吴磊 once; the time comes from 时间 */
    assert_int_equal(tu_db_int(db, "SELECT count(DISTINCT customer_key) FROM contacts"), 2);
    assert_int_equal(tu_db_int(db, "SELECT count(*) FROM contacts WHERE kind = 'visit'"), 3);
    assert_int_equal(
        tu_db_int(db,
                  "SELECT count(*) FROM contacts WHERE day = '2026-10-05' AND time = '14:30:00'"),
        1);
}

static void test_a_utf16_tab_separated_call_centre_export(void **state)
{
    (void)state;
    char db[256], *json;
    tu_fresh_db(db, sizeof db, "utf16");
    assert_int_equal(import_json(db, DATA "unicode_calls.txt", &json), 0);
    expect_counts(json, 3, 3, 0, 0, 0, 0);
    tu_expect_text(json, "$.files[0].kind", "calls");
    tu_expect_text(json, "$.files[0].encoding", "utf-16");
    tu_expect_text(json, "$.files[0].delimiter", "\t");
    free(json);
    /* 外呼 and 回拨 are out, 未接来电 in */
    assert_int_equal(tu_db_int(db, "SELECT count(*) FROM contacts WHERE direction = 'out'"), 2);
    /* 65 s, 0 s and 2:05 */
    assert_int_equal(tu_db_int(db, "SELECT sum(duration) FROM contacts"), 65 + 0 + 125);
    assert_int_equal(tu_db_int(db, "SELECT count(*) FROM contacts WHERE salesperson = '小李'"), 2);
}

static void test_utf16_asked_of_a_file_without_its_mark_is_refused(void **state)
{
    (void)state;
    char db[256], *json;
    tu_fresh_db(db, sizeof db, "notutf16");
    assert_int_equal(import_json(db, "--encoding utf-16 " DATA "semicolon_visits.csv", &json), 1);
    expect_contains(json, "$.files[0].error", "byte-order mark");
    free(json);
}

static void test_the_first_valid_mobile_of_several_phone_columns_is_the_customer(void **state)
{
    (void)state;
    char db[256], *json;
    tu_fresh_db(db, sizeof db, "phones");
    assert_int_equal(import_json(db, DATA "two_phones.csv", &json), 0);
    expect_counts(json, 3, 3, 0, 0, 0, 0);
    tu_expect_text(json, "$.files[0].columns[2].field", "phone");
    tu_expect_text(json, "$.files[0].columns[3].field", "phone");
    free(json);
    /* rows 1 and 3 have the mobile; row 2 the landline alone */
    assert_int_equal(
        tu_db_int(db, "SELECT count(*) FROM contacts WHERE customer_key = '13600000001'"), 2);
    assert_int_equal(
        tu_db_int(db, "SELECT count(*) FROM contacts WHERE customer_key = '01088886666'"), 1);
}

static void test_a_damaged_mobile_beside_a_landline_is_still_warned_of(void **state)
{
    (void)state;
    char db[256], *json;
    tu_fresh_db(db, sizeof db, "phones-damaged");
    assert_int_equal(import_json(db, DATA "two_phones_damaged.csv", &json), 0);
    /* row 1: mobile 1.38123E+10, row 2: mobile of 10 digits, each beside a
     * landline that identifies the row; row 3: a valid mobile */
    expect_counts(json, 3, 3, 0, 0, 0, 2);
    assert_int_equal(tu_json_int(json, "$.files[0].excel_phones"), 1);
    expect_contains(json, "$.files[0].messages[0].text", "Excel stored the phone as a number");
    expect_contains(json, "$.files[0].messages[1].text", "'1381234567' (another phone column)");
    free(json);
    assert_int_equal(
        tu_db_int(db, "SELECT count(*) FROM contacts WHERE customer_key = '02155501234'"), 1);
    assert_int_equal(
        tu_db_int(db, "SELECT count(*) FROM contacts WHERE customer_key = '02155509999'"), 1);
    assert_int_equal(
        tu_db_int(db, "SELECT count(*) FROM contacts WHERE customer_key = '13812345678'"), 1);
}

static void test_phones_excel_stored_as_numbers_identify_no_one_and_are_counted(void **state)
{
    (void)state;
    char db[256], *json;
    tu_fresh_db(db, sizeof db, "excel");
    assert_int_equal(import_json(db, DATA "excel_damage.csv", &json), 0);
    /* rows 5-6 repeat row 4 and row 8 repeats row 7 once normalized */
    expect_counts(json, 8, 5, 3, 0, 0, 3);
    assert_int_equal(tu_json_int(json, "$.files[0].excel_phones"), 3);
    expect_contains(json, "$.files[0].messages[0].text", "Excel stored the phone as a number");
    free(json);
    /* 甲, 乙, 丙 are one customer each, not one customer of 1.38123E+10 */
    assert_int_equal(tu_db_int(db, "SELECT count(*) FROM contacts WHERE phone IS NULL"), 3);
    assert_int_equal(tu_db_int(db, "SELECT count(DISTINCT customer_key) FROM contacts"), 5);
}

static void test_one_person_written_three_ways_is_one_customer(void **state)
{
    (void)state;
    char db[256], *json;
    tu_fresh_db(db, sizeof db, "threeways");
    assert_int_equal(import_json(db, DATA "one_person_three_ways.csv", &json), 0);
    expect_counts(json, 5, 5, 0, 0, 0, 0);
    free(json);
    assert_int_equal(
        tu_db_int(db, "SELECT count(*) FROM contacts WHERE customer_key = '13712440706'"), 3);
    assert_int_equal(
        tu_db_int(db, "SELECT count(*) FROM contacts WHERE customer_key = '057188776655'"), 2);
    assert_int_equal(tu_db_int(db, "SELECT count(DISTINCT customer_key) FROM contacts"), 2);
}

static void test_merged_cells_are_named_and_filled_down_on_request(void **state)
{
    (void)state;
    char db[256], *json;
    tu_fresh_db(db, sizeof db, "merged");
    /* lines 3, 4 and 6 lack the salesperson that a row above has */
    assert_int_equal(import_json(db, DATA "merged_cells.csv", &json), 2);
    expect_counts(json, 5, 2, 0, 3, 0, 0);
    char *all = tu_json_eval(json, "(SELECT group_concat(json_extract(value, '$.text'), '|')"
                                   " FROM json_each(?1, '$.files[0].messages')"
                                   " WHERE json_extract(value, '$.level') = 'info')");
    assert_non_null(strstr(all, "--fill-down salesperson"));
    free(all);
    free(json);
    tu_fresh_db(db, sizeof db, "merged-filled");
    assert_int_equal(import_json(db, "--fill-down salesperson " DATA "merged_cells.csv", &json), 0);
    expect_counts(json, 5, 5, 0, 0, 0, 0);
    free(json);
    assert_int_equal(tu_db_int(db, "SELECT count(*) FROM contacts WHERE salesperson = '张伟'"), 3);
    assert_int_equal(tu_db_int(db, "SELECT count(*) FROM contacts WHERE salesperson = '刘洋'"), 2);
}

static void test_a_look_alike_column_refuses_the_file_until_mapped_or_ignored(void **state)
{
    (void)state;
    char db[256], *json;
    tu_fresh_db(db, sizeof db, "lookalike");
    assert_int_equal(import_json(db, DATA "look_alike.csv", &json), 1);
    expect_contains(json, "$.files[0].error", "\"phone = 客户主要号码\" under [columns]");
    expect_contains(json, "$.files[0].error", "--ignore-column '客户主要号码'");
    free(json);
    assert_int_equal(tu_db_int(db, "SELECT count(*) FROM contacts"), 0);
    /* left out, the two rows are one row twice; the column left out is
     * listed in the one warning of ignored columns */
    assert_int_equal(import_json(db, "--ignore-column 客户主要号码 " DATA "look_alike.csv", &json),
                     0);
    expect_counts(json, 2, 1, 1, 0, 0, 1);
    expect_contains(json, "$.files[0].messages[0].text", "客户主要号码");
    free(json);
}

static void test_the_dealers_own_column_names_and_words(void **state)
{
    (void)state;
    char db[256], *json;
    tu_fresh_db(db, sizeof db, "dealer");
    assert_int_equal(
        import_json(db, "--rules " DATA "dealer.rules " DATA "dealer_words.csv", &json), 0);
    expect_counts(json, 2, 2, 0, 0, 0, 0);
    free(json);
    /* 签了 and 拿下 are orders, 要 a yes, 年底前 60 days */
    assert_int_equal(tu_db_int(db, "SELECT count(*) FROM contacts WHERE outcome = 'ORDER'"), 2);
    assert_int_equal(
        tu_db_int(db, "SELECT test_drive FROM contacts WHERE customer_key = '13300000001'"), 1);
    assert_int_equal(
        tu_db_int(db, "SELECT timeframe_days FROM contacts WHERE customer_key = '13300000001'"),
        60);
    /* without the rules file, the words would be rejected */
    tu_fresh_db(db, sizeof db, "dealer-without");
    assert_int_equal(
        import_json(db, "--ignore-column 客户主要号码 " DATA "dealer_words.csv", &json), 2);
    expect_contains(json, "$.files[0].rejects[0]", "\"FOLLOW = 签了\" (or ORDER");
    free(json);
}

static void test_month_first_dates_are_settled_by_the_file_or_by_date_order(void **state)
{
    (void)state;
    char db[256], *json;
    tu_fresh_db(db, sizeof db, "mdy");
    /* 10/13/2026 can only be October 13: the file is month first */
    assert_int_equal(import_json(db, DATA "us_dates.csv", &json), 0);
    expect_counts(json, 2, 2, 0, 0, 0, 0);
    free(json);
    assert_int_equal(tu_db_int(db, "SELECT count(*) FROM contacts WHERE day = '2026-10-03'"), 1);
    assert_int_equal(tu_db_int(db, "SELECT count(*) FROM contacts WHERE day = '2026-10-13'"), 1);

    /* 10/3 could be either; 3/3 is the same day both ways */
    tu_fresh_db(db, sizeof db, "ambiguous");
    assert_int_equal(import_json(db, DATA "ambiguous_dates.csv", &json), 2);
    expect_counts(json, 2, 1, 0, 1, 0, 0);
    expect_contains(json, "$.files[0].rejects[0]", "ambiguous_dates.csv:2: date '10/3/2026'");
    expect_contains(json, "$.files[0].rejects[0]", "date_order = dmy");
    free(json);
    tu_fresh_db(db, sizeof db, "dmy");
    assert_int_equal(
        import_json(db, "--rules " DATA "dmy.rules " DATA "ambiguous_dates.csv", &json), 0);
    free(json);
    assert_int_equal(tu_db_int(db, "SELECT count(*) FROM contacts WHERE day = '2026-03-10'"), 1);
    assert_int_equal(tu_db_int(db, "SELECT count(*) FROM contacts WHERE day = '2026-03-03'"), 1);
}

static void test_a_pipe_is_refused_not_waited_on(void **state)
{
    (void)state;
    char db[256], *json;
    tu_fresh_db(db, sizeof db, "pipe");
    assert_int_equal(tu_runf(&json,
                             "printf 'date,salesperson\\n' | " TU_FUNNEL
                             " --db '%s' import --format json /dev/stdin 2>/dev/null",
                             db),
                     1);
    expect_contains(json, "$.files[0].error", "not a regular file");
    free(json);
}

static void test_inspect_tallies_each_field_and_writes_nothing(void **state)
{
    (void)state;
    char *json;
    assert_int_equal(tu_runf(&json,
                             TU_FUNNEL " --db /nonexistent/dir/x.db inspect --format json " DATA
                                       "ambiguous_dates.csv 2>/dev/null"),
                     2);
    expect_counts(json, 2, 1, 0, 1, 0, 0);
    tu_expect_text(json, "$.files[0].fields[0].field", "date");
    assert_int_equal(tu_json_int(json, "$.files[0].fields[0].values"), 2);
    assert_int_equal(tu_json_int(json, "$.files[0].fields[0].understood"), 1);
    tu_expect_text(json, "$.files[0].fields[0].not_understood[0].value", "10/3/2026");
    assert_int_equal(tu_json_int(json, "$.files[0].fields[0].not_understood[0].count"), 1);
    free(json);
    char *text;
    assert_int_equal(tu_runf(&text, TU_FUNNEL " inspect " DATA "dms_visits.csv"), 0);
    assert_non_null(strstr(text, "header on line 3 (1 lines above it skipped)"));
    assert_non_null(strstr(text, "手机号码(必填) -> phone"));
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_dms_export_with_a_title_line_and_totals_rows),
        cmocka_unit_test(test_a_semicolon_file_with_date_and_time_columns_is_a_visit_log),
        cmocka_unit_test(test_a_utf16_tab_separated_call_centre_export),
        cmocka_unit_test(test_utf16_asked_of_a_file_without_its_mark_is_refused),
        cmocka_unit_test(test_the_first_valid_mobile_of_several_phone_columns_is_the_customer),
        cmocka_unit_test(test_a_damaged_mobile_beside_a_landline_is_still_warned_of),
        cmocka_unit_test(test_phones_excel_stored_as_numbers_identify_no_one_and_are_counted),
        cmocka_unit_test(test_one_person_written_three_ways_is_one_customer),
        cmocka_unit_test(test_merged_cells_are_named_and_filled_down_on_request),
        cmocka_unit_test(test_a_look_alike_column_refuses_the_file_until_mapped_or_ignored),
        cmocka_unit_test(test_the_dealers_own_column_names_and_words),
        cmocka_unit_test(test_month_first_dates_are_settled_by_the_file_or_by_date_order),
        cmocka_unit_test(test_a_pipe_is_refused_not_waited_on),
        cmocka_unit_test(test_inspect_tallies_each_field_and_writes_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
