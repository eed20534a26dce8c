/* test_columns.c - pins down columns.c: every English and Chinese column
 * name of DOMAIN.md sections 3.1 and 3.2, how header cells are matched, how
 * the kind of a file is told, and the errors of a bad header. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "columns.h"
#include "rules.h"

/* ---- helpers ---- */

#define MAX_HEADER 32

/* Matches a header given as a NULL-terminated list of cells. */
static int match(const char *const *cells, enum kind kind, struct column_map *map, char *err,
                 size_t errsize)
{
    size_t lengths[MAX_HEADER];
    int n = 0;
    while (cells[n]) {
        lengths[n] = strlen(cells[n]);
        n++;
    }
    err[0] = '\0';
    const struct columns_options options = {kind, NULL, NULL};
    return columns_match(cells, lengths, n, &options, map, err, errsize);
}

#define HEADER(...) ((const char *const[]){__VA_ARGS__, NULL})

static void expect_match(const char *const *cells, enum kind kind, struct column_map *map)
{
    char err[256];
    if (match(cells, kind, map, err, sizeof err) != 0)
        fail_msg("header starting \"%s\" refused: %s", cells[0], err);
}

static void expect_error(const char *const *cells, enum kind kind, const char *needle)
{
    struct column_map map;
    char err[256];
    if (match(cells, kind, &map, err, sizeof err) == 0)
        fail_msg("header starting \"%s\" accepted; expected an error naming %s", cells[0], needle);
    if (!strstr(err, needle)) fail_msg("error \"%s\" does not name %s", err, needle);
}

/* The header [name, required columns of kind but col] must map name to col. */
static void expect_name(enum kind kind, const char *name, enum column col)
{
    const char *first = kind == KIND_VISITS ? "date" : "datetime";
    enum column first_col = kind == KIND_VISITS ? COL_DATE : COL_DATETIME;
    const char *cells[4];
    int n = 0;
    cells[n++] = name;
    if (col != first_col) cells[n++] = first;
    if (col != COL_SALESPERSON) cells[n++] = "salesperson";
    cells[n] = NULL;
    struct column_map map;
    char err[256];
    if (match(cells, kind, &map, err, sizeof err) != 0)
        fail_msg("%s header with \"%s\" refused: %s", kind_name(kind), name, err);
    if (map.index[col] != 0)
        fail_msg("in a %s header, \"%s\" is not column %s (index %d, unknown \"%s\")",
                 kind_name(kind), name, column_name(col), map.index[col], map.unknown);
    if (map.unknown[0]) fail_msg("\"%s\" left unknown columns \"%s\"", name, map.unknown);
}

struct name_case {
    enum column col;
    const char *names[5]; /* canonical name first */
};

static const struct name_case visit_columns[] = {
    {COL_DATE, {"date", "日期", "来店日期"}},
    {COL_TIME_IN, {"time_in", "进店时间", "到店时间"}},
    {COL_TIME_OUT, {"time_out", "离店时间"}},
    {COL_CUSTOMER, {"customer", "顾客姓名", "客户姓名", "姓名"}},
    {COL_PHONE, {"phone", "联系电话", "电话", "手机"}},
    {COL_SALESPERSON, {"salesperson", "销售顾问", "接待顾问", "销售参谋"}},
    {COL_VISIT_NO, {"visit_no", "来店次数"}},
    {COL_PARTY_SIZE, {"party_size", "来店人数", "人数"}},
    {COL_MODEL, {"model", "意向车型"}},
    {COL_SOURCE, {"source", "信息来源", "客户来源"}},
    {COL_TEST_DRIVE, {"test_drive", "试驾", "是否试驾"}},
    {COL_QUOTE, {"quote", "报价", "是否报价"}},
    {COL_FINANCING, {"financing", "分期", "是否分期"}},
    {COL_TRADE_IN, {"trade_in", "置换", "是否置换"}},
    {COL_COMPETITOR, {"competitor", "竞品", "对比车型"}},
    {COL_TIMEFRAME, {"timeframe", "预计购车时间", "购车时间"}},
    {COL_OUTCOME, {"outcome", "结果", "跟进结果"}},
    {COL_DEFEAT_REASON, {"defeat_reason", "战败原因", "失控原因"}},
    {COL_NOTES, {"notes", "备注"}},
};

static const struct name_case call_columns[] = {
    {COL_DATETIME, {"datetime", "来电时间", "通话时间", "时间"}},
    {COL_DIRECTION, {"direction", "呼入呼出", "类型"}},
    {COL_CUSTOMER, {"customer", "顾客姓名", "客户姓名", "姓名"}},
    {COL_PHONE, {"phone", "联系电话", "电话", "手机"}},
    {COL_SALESPERSON, {"salesperson", "销售顾问", "接待顾问", "销售参谋"}},
    {COL_MODEL, {"model", "意向车型"}},
    {COL_SOURCE, {"source", "信息来源", "客户来源"}},
    {COL_TIMEFRAME, {"timeframe", "预计购车时间", "购车时间"}},
    {COL_COMPETITOR, {"competitor", "竞品", "对比车型"}},
    {COL_FINANCING, {"financing", "分期", "是否分期"}},
    {COL_TRADE_IN, {"trade_in", "置换", "是否置换"}},
    {COL_OUTCOME, {"outcome", "结果", "跟进结果"}},
    {COL_DEFEAT_REASON, {"defeat_reason", "战败原因", "失控原因"}},
    {COL_NOTES, {"notes", "备注"}},
    {COL_DURATION, {"duration", "通话时长"}},
    {COL_INVITED, {"invited", "邀约到店", "是否邀约"}},
    {COL_APPOINTMENT, {"appointment", "预约到店日期", "预约日期"}},
};

static void expect_names(enum kind kind, const struct name_case *cases, size_t n)
{
    for (size_t k = 0; k < n; k++)
        for (int a = 0; a < 5 && cases[k].names[a]; a++)
            expect_name(kind, cases[k].names[a], cases[k].col);
}

/* ---- names ---- */

static void test_every_visit_column_by_english_and_chinese_name(void **state)
{
    (void)state;
    expect_names(KIND_VISITS, visit_columns, sizeof visit_columns / sizeof visit_columns[0]);
}

static void test_every_call_column_by_english_and_chinese_name(void **state)
{
    (void)state;
    expect_names(KIND_CALLS, call_columns, sizeof call_columns / sizeof call_columns[0]);
}

static void test_column_name_is_the_canonical_english_name(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof visit_columns / sizeof visit_columns[0]; k++)
        assert_string_equal(column_name(visit_columns[k].col), visit_columns[k].names[0]);
    for (size_t k = 0; k < sizeof call_columns / sizeof call_columns[0]; k++)
        assert_string_equal(column_name(call_columns[k].col), call_columns[k].names[0]);
}

static void test_kind_names_parse_both_ways(void **state)
{
    (void)state;
    assert_string_equal(kind_name(KIND_VISITS), "visits");
    assert_string_equal(kind_name(KIND_CALLS), "calls");
    assert_string_equal(kind_name(KIND_UNKNOWN), "unknown");
    assert_int_equal(kind_parse("visits"), KIND_VISITS);
    assert_int_equal(kind_parse("calls"), KIND_CALLS);
    assert_int_equal(kind_parse("visit"), KIND_UNKNOWN);
    assert_int_equal(kind_parse(""), KIND_UNKNOWN);
    assert_int_equal(kind_parse(NULL), KIND_UNKNOWN);
}

static void test_full_visit_header_maps_every_position(void **state)
{
    (void)state;
    struct column_map map;
    expect_match(HEADER("notes", "date", "phone", "salesperson", "model", "outcome"), KIND_UNKNOWN,
                 &map);
    assert_int_equal(map.kind, KIND_VISITS);
    assert_int_equal(map.nfields, 6);
    assert_int_equal(map.index[COL_NOTES], 0);
    assert_int_equal(map.index[COL_DATE], 1);
    assert_int_equal(map.index[COL_PHONE], 2);
    assert_int_equal(map.index[COL_SALESPERSON], 3);
    assert_int_equal(map.index[COL_MODEL], 4);
    assert_int_equal(map.index[COL_OUTCOME], 5);
    assert_int_equal(map.index[COL_CUSTOMER], COLUMN_ABSENT);
    assert_int_equal(map.index[COL_DATETIME], COLUMN_ABSENT);
    assert_string_equal(map.unknown, "");
}

/* ---- matching ---- */

static void test_matching_ignores_case(void **state)
{
    (void)state;
    struct column_map map;
    expect_match(HEADER("DATE", "SalesPerson", "Time_In", "PHONE"), KIND_UNKNOWN, &map);
    assert_int_equal(map.index[COL_DATE], 0);
    assert_int_equal(map.index[COL_SALESPERSON], 1);
    assert_int_equal(map.index[COL_TIME_IN], 2);
    assert_int_equal(map.index[COL_PHONE], 3);
}

static void test_matching_ignores_surrounding_spaces(void **state)
{
    (void)state;
    struct column_map map;
    expect_match(HEADER("  date ", "\tsalesperson\t", " 联系电话  "), KIND_UNKNOWN, &map);
    assert_int_equal(map.index[COL_DATE], 0);
    assert_int_equal(map.index[COL_SALESPERSON], 1);
    assert_int_equal(map.index[COL_PHONE], 2);
    assert_string_equal(map.unknown, "");
}

static void test_matching_ignores_a_bom(void **state)
{
    (void)state;
    struct column_map map;
    expect_match(HEADER("\xEF\xBB\xBF"
                        "date",
                        "salesperson"),
                 KIND_UNKNOWN, &map);
    assert_int_equal(map.index[COL_DATE], 0);
    expect_match(HEADER("\xEF\xBB\xBF"
                        "来电时间",
                        "销售顾问"),
                 KIND_UNKNOWN, &map);
    assert_int_equal(map.kind, KIND_CALLS);
    assert_int_equal(map.index[COL_DATETIME], 0);
}

static void test_trailing_empty_header_cells_are_dropped(void **state)
{
    (void)state;
    struct column_map map;
    expect_match(HEADER("date", "", "salesperson", "", ""), KIND_UNKNOWN, &map);
    assert_int_equal(map.nfields, 3);
    assert_int_equal(map.index[COL_SALESPERSON], 2);
    assert_string_equal(map.unknown, "");
}

/* ---- kinds ---- */

static void test_direction_column_means_calls(void **state)
{
    (void)state;
    struct column_map map;
    expect_match(HEADER("direction", "datetime", "salesperson"), KIND_UNKNOWN, &map);
    assert_int_equal(map.kind, KIND_CALLS);
    expect_match(HEADER("销售顾问", "呼入呼出", "时间"), KIND_UNKNOWN, &map);
    assert_int_equal(map.kind, KIND_CALLS);
}

static void test_datetime_column_means_calls(void **state)
{
    (void)state;
    struct column_map map;
    expect_match(HEADER("salesperson", "datetime"), KIND_UNKNOWN, &map);
    assert_int_equal(map.kind, KIND_CALLS);
    expect_match(HEADER("来电时间", "销售顾问", "联系电话"), KIND_UNKNOWN, &map);
    assert_int_equal(map.kind, KIND_CALLS);
}

static void test_time_in_column_means_visits(void **state)
{
    (void)state;
    struct column_map map;
    expect_match(HEADER("time_in", "date", "salesperson"), KIND_UNKNOWN, &map);
    assert_int_equal(map.kind, KIND_VISITS);
    expect_match(HEADER("进店时间", "来店日期", "接待顾问"), KIND_UNKNOWN, &map);
    assert_int_equal(map.kind, KIND_VISITS);
}

static void test_header_without_a_telling_column_is_an_error(void **state)
{
    (void)state;
    expect_error(HEADER("customer", "salesperson", "phone"), KIND_UNKNOWN, "--kind");
}

static void test_kind_option_overrides_detection(void **state)
{
    (void)state;
    struct column_map map;
    expect_match(HEADER("date", "salesperson", "direction"), KIND_VISITS, &map);
    assert_int_equal(map.kind, KIND_VISITS);
    assert_int_equal(map.index[COL_DIRECTION], COLUMN_ABSENT);
    expect_match(HEADER("customer", "salesperson", "datetime"), KIND_CALLS, &map);
    assert_int_equal(map.kind, KIND_CALLS);
    expect_match(HEADER("customer", "salesperson", "date"), KIND_VISITS, &map);
    assert_int_equal(map.kind, KIND_VISITS);
}

static void test_kind_option_still_requires_that_kinds_columns(void **state)
{
    (void)state;
    expect_error(HEADER("time_in", "salesperson", "customer"), KIND_CALLS, "datetime");
}

/* ---- bad headers ---- */

static void test_missing_required_column_is_named(void **state)
{
    (void)state;
    expect_error(HEADER("date", "customer", "phone"), KIND_UNKNOWN, "salesperson");
    expect_error(HEADER("time_in", "salesperson"), KIND_UNKNOWN, "'date'");
    expect_error(HEADER("direction", "salesperson"), KIND_UNKNOWN, "datetime");
    expect_error(HEADER("呼入呼出", "联系电话", "来电时间"), KIND_UNKNOWN, "salesperson");
    expect_error(HEADER("salesperson", "phone"), KIND_VISITS, "date");
}

static void test_column_appearing_twice_is_an_error(void **state)
{
    (void)state;
    expect_error(HEADER("date", "salesperson", "日期"), KIND_UNKNOWN, "twice");
    expect_error(HEADER("date", "salesperson", "Salesperson"), KIND_UNKNOWN, "salesperson");
    expect_error(HEADER("datetime", "phone", "salesperson", "来电时间"), KIND_UNKNOWN, "datetime");
}

static void test_unknown_columns_are_listed(void **state)
{
    (void)state;
    struct column_map map;
    expect_match(HEADER("date", "colour", "salesperson", "vin", "车架号"), KIND_UNKNOWN, &map);
    assert_int_equal(map.kind, KIND_VISITS);
    assert_non_null(strstr(map.unknown, "colour"));
    assert_non_null(strstr(map.unknown, "vin"));
    assert_non_null(strstr(map.unknown, "车架号"));
    assert_int_equal(map.index[COL_SALESPERSON], 2);
}

static void test_visits_only_column_in_a_calls_file_is_unknown(void **state)
{
    (void)state;
    struct column_map map;
    expect_match(HEADER("datetime", "direction", "salesperson", "test_drive", "进店时间"),
                 KIND_CALLS, &map);
    assert_int_equal(map.kind, KIND_CALLS);
    assert_int_equal(map.index[COL_TEST_DRIVE], COLUMN_ABSENT);
    assert_int_equal(map.index[COL_TIME_IN], COLUMN_ABSENT);
    assert_non_null(strstr(map.unknown, "test_drive"));
    assert_non_null(strstr(map.unknown, "进店时间"));
}

static void test_calls_only_column_in_a_visits_file_is_unknown(void **state)
{
    (void)state;
    struct column_map map;
    expect_match(HEADER("date", "salesperson", "time_out", "party_size", "duration", "邀约到店"),
                 KIND_VISITS, &map);
    assert_int_equal(map.kind, KIND_VISITS);
    assert_int_equal(map.index[COL_DURATION], COLUMN_ABSENT);
    assert_int_equal(map.index[COL_INVITED], COLUMN_ABSENT);
    assert_non_null(strstr(map.unknown, "duration"));
    assert_non_null(strstr(map.unknown, "邀约到店"));
}

/* ---- real exports (DOMAIN.md 3.4) ---- */

static void test_names_real_dms_and_call_centre_exports_use(void **state)
{
    (void)state;
    static const struct name_case visits[] = {
        {COL_PHONE, {"手机号码", "客户手机", "联系方式", "客户号码"}},
        {COL_DATE, {"到店日期", "来店日期"}},
        {COL_SALESPERSON, {"接待顾问", "销售顾问姓名"}},
        {COL_SOURCE, {"线索来源", "来源渠道"}},
        {COL_MODEL, {"意向车型名称", "车型"}},
        {COL_TEST_DRIVE, {"是否试乘试驾"}},
        {COL_DEFEAT_REASON, {"战败原因说明"}},
        {COL_STORE, {"门店", "经销商名称", "4S店"}},
    };
    static const struct name_case calls[] = {
        {COL_DIRECTION, {"呼叫类型"}},
        {COL_PHONE, {"客户号码"}},
        {COL_DATETIME, {"开始时间"}},
        {COL_SALESPERSON, {"坐席姓名"}},
    };
    expect_names(KIND_VISITS, visits, sizeof visits / sizeof visits[0]);
    expect_names(KIND_CALLS, calls, sizeof calls / sizeof calls[0]);
}

static void test_matching_ignores_full_width_forms_spaces_and_a_bracketed_note(void **state)
{
    (void)state;
    struct column_map map;
    expect_match(HEADER("*日期", "手机号码(必填)", "销售顾问（必填）", "Ｍｏｄｅｌ", "Time In",
                        "test-drive", "客户姓名：", "备注【选填】"),
                 KIND_UNKNOWN, &map);
    assert_int_equal(map.kind, KIND_VISITS);
    assert_int_equal(map.index[COL_DATE], 0);
    assert_int_equal(map.index[COL_PHONE], 1);
    assert_int_equal(map.index[COL_SALESPERSON], 2);
    assert_int_equal(map.index[COL_MODEL], 3);
    assert_int_equal(map.index[COL_TIME_IN], 4);
    assert_int_equal(map.index[COL_TEST_DRIVE], 5);
    assert_int_equal(map.index[COL_CUSTOMER], 6);
    assert_int_equal(map.index[COL_NOTES], 7);
    assert_string_equal(map.unknown, "");
}

static void test_every_phone_column_is_kept_in_header_order(void **state)
{
    (void)state;
    struct column_map map;
    expect_match(HEADER("日期", "办公电话", "销售顾问", "手机", "家庭电话"), KIND_UNKNOWN, &map);
    assert_int_equal(map.nphones, 3);
    assert_int_equal(map.phones[0], 1);
    assert_int_equal(map.phones[1], 3);
    assert_int_equal(map.phones[2], 4);
    assert_int_equal(map.index[COL_PHONE], 1);
}

static void
test_a_column_that_looks_like_a_field_refuses_the_file_with_the_line_to_add(void **state)
{
    (void)state;
    struct column_map map;
    char err[512];
    assert_int_equal(
        match(HEADER("日期", "销售顾问", "客户主要号码"), KIND_UNKNOWN, &map, err, sizeof err), -1);
    assert_non_null(strstr(err, "'客户主要号码'"));
    assert_non_null(strstr(err, "phone = 客户主要号码"));
    assert_non_null(strstr(err, "[columns]"));
    assert_non_null(strstr(err, "--ignore-column"));
    expect_error(HEADER("日期", "销售顾问", "意向车型代号"), KIND_UNKNOWN, "model = 意向车型代号");
    expect_error(HEADER("日期", "销售顾问", "订单状态"), KIND_UNKNOWN, "outcome = 订单状态");
    /* a name that holds no word of a field is ignored, as before */
    expect_match(HEADER("日期", "销售顾问", "车架号"), KIND_UNKNOWN, &map);
    assert_string_equal(map.unknown, "车架号");
}

static void test_ignore_column_leaves_a_look_alike_out(void **state)
{
    (void)state;
    struct column_map map;
    const char *cells[] = {"日期", "销售顾问", "客户主要号码", "备用车型"};
    size_t lengths[4];
    for (int i = 0; i < 4; i++)
        lengths[i] = strlen(cells[i]);
    char err[512] = "";
    const struct columns_options options = {KIND_UNKNOWN, NULL, "客户主要号码, 备用车型"};
    if (columns_match(cells, lengths, 4, &options, &map, err, sizeof err) != 0)
        fail_msg("refused: %s", err);
    assert_int_equal(map.index[COL_PHONE], COLUMN_ABSENT);
    assert_non_null(strstr(map.unknown, "客户主要号码"));
    assert_non_null(strstr(map.unknown, "备用车型"));
}

static void test_dealer_names_from_the_rules_file_map_columns(void **state)
{
    (void)state;
    char err[512];
    struct rules *rules =
        rules_parse("[grade O]\n[grade C]\nwhen = always\n"
                    "[reason unreachable]\n[reason other]\n"
                    "[columns]\nphone = 客户主要号码, 号码2\nsalesperson = 跟单人\n",
                    "test.rules", err, sizeof err);
    if (!rules) fail_msg("rules refused: %s", err);
    const char *cells[] = {"日期", "跟单人", "客户主要号码", "号码2"};
    size_t lengths[4];
    for (int i = 0; i < 4; i++)
        lengths[i] = strlen(cells[i]);
    struct column_map map;
    const struct columns_options options = {KIND_UNKNOWN, rules, NULL};
    if (columns_match(cells, lengths, 4, &options, &map, err, sizeof err) != 0)
        fail_msg("refused: %s", err);
    assert_int_equal(map.index[COL_SALESPERSON], 1);
    assert_int_equal(map.nphones, 2);
    assert_int_equal(map.phones[0], 2);
    assert_int_equal(map.phones[1], 3);
    rules_free(rules);
}

static void test_kind_is_told_from_all_the_columns(void **state)
{
    (void)state;
    struct column_map map;
    /* date and time in 日期 + 时间, with the columns of a visit */
    expect_match(HEADER("日期", "时间", "客户姓名", "手机号码", "销售顾问", "来店人数", "是否试驾"),
                 KIND_UNKNOWN, &map);
    assert_int_equal(map.kind, KIND_VISITS);
    assert_int_equal(map.index[COL_DATE], 0);
    assert_int_equal(map.index[COL_TIME_IN], 1);
    /* the same two columns in a call-centre export */
    expect_match(HEADER("日期", "时间", "客户号码", "坐席姓名", "通话时长"), KIND_UNKNOWN, &map);
    assert_int_equal(map.kind, KIND_CALLS);
    assert_int_equal(map.index[COL_DATE], 0);
    assert_int_equal(map.index[COL_TIME_IN], 1);
    assert_int_equal(map.index[COL_DATETIME], COLUMN_ABSENT);
    /* a visit log with date and time in one 来店时间 column */
    expect_match(HEADER("来店时间", "客户姓名", "电话", "销售顾问", "离店时间"), KIND_UNKNOWN,
                 &map);
    assert_int_equal(map.kind, KIND_VISITS);
    assert_int_equal(map.index[COL_DATETIME], 0);
    assert_int_equal(map.index[COL_TIME_IN], COLUMN_ABSENT);
    /* columns of both kinds: the vote would drop one kind's, so --kind */
    expect_error(HEADER("来电时间", "呼入呼出", "销售顾问", "是否试驾"), KIND_UNKNOWN,
                 "the columns speak for a phone log ('呼入呼出') and for a visit log ('是否试驾')");
    /* only a file that could be either needs --kind */
    expect_error(HEADER("时间", "客户", "电话", "销售顾问"), KIND_UNKNOWN, "--kind visits");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_visit_column_by_english_and_chinese_name),
        cmocka_unit_test(test_every_call_column_by_english_and_chinese_name),
        cmocka_unit_test(test_column_name_is_the_canonical_english_name),
        cmocka_unit_test(test_kind_names_parse_both_ways),
        cmocka_unit_test(test_full_visit_header_maps_every_position),
        cmocka_unit_test(test_matching_ignores_case),
        cmocka_unit_test(test_matching_ignores_surrounding_spaces),
        cmocka_unit_test(test_matching_ignores_a_bom),
        cmocka_unit_test(test_trailing_empty_header_cells_are_dropped),
        cmocka_unit_test(test_direction_column_means_calls),
        cmocka_unit_test(test_datetime_column_means_calls),
        cmocka_unit_test(test_time_in_column_means_visits),
        cmocka_unit_test(test_header_without_a_telling_column_is_an_error),
        cmocka_unit_test(test_kind_option_overrides_detection),
        cmocka_unit_test(test_kind_option_still_requires_that_kinds_columns),
        cmocka_unit_test(test_missing_required_column_is_named),
        cmocka_unit_test(test_column_appearing_twice_is_an_error),
        cmocka_unit_test(test_unknown_columns_are_listed),
        cmocka_unit_test(test_visits_only_column_in_a_calls_file_is_unknown),
        cmocka_unit_test(test_names_real_dms_and_call_centre_exports_use),
        cmocka_unit_test(test_matching_ignores_full_width_forms_spaces_and_a_bracketed_note),
        cmocka_unit_test(test_every_phone_column_is_kept_in_header_order),
        cmocka_unit_test(
            test_a_column_that_looks_like_a_field_refuses_the_file_with_the_line_to_add),
        cmocka_unit_test(test_ignore_column_leaves_a_look_alike_out),
        cmocka_unit_test(test_dealer_names_from_the_rules_file_map_columns),
        cmocka_unit_test(test_kind_is_told_from_all_the_columns),
        cmocka_unit_test(test_calls_only_column_in_a_visits_file_is_unknown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
