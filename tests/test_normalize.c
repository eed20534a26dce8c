/* test_normalize.c - pins down how normalize.c reads the cells of an export:
 * every row of DOMAIN.md section 5 and the edge cases around them. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "normalize.h"

/* ---- helpers: each names the input when it fails ---- */

static void expect_trim(const char *text, size_t size, const char *expected)
{
    char out[64];
    size_t n = norm_trim(text, out, size);
    if (strcmp(out, expected) != 0 || n != strlen(expected))
        fail_msg("norm_trim(\"%s\", %zu) = \"%s\" (%zu); expected \"%s\"", text, size, out, n,
                 expected);
}

static void expect_datetime(const char *text, int status, const char *day, const char *time)
{
    char d[NORM_DAY_SIZE] = "x", t[NORM_TIME_SIZE] = "x";
    int rc = norm_datetime(text, d, t);
    if (rc != status) fail_msg("norm_datetime(\"%s\") returned %d; expected %d", text, rc, status);
    if (status != NORM_INVALID && (strcmp(d, day) != 0 || strcmp(t, time) != 0))
        fail_msg("norm_datetime(\"%s\") = \"%s\" \"%s\"; expected \"%s\" \"%s\"", text, d, t, day,
                 time);
}

static void expect_invalid_datetime(const char *text)
{
    expect_datetime(text, NORM_INVALID, "", "");
}

static void expect_time(const char *text, int status, const char *time)
{
    char t[NORM_TIME_SIZE] = "x";
    int rc = norm_time(text, t);
    if (rc != status || (status != NORM_INVALID && strcmp(t, time) != 0))
        fail_msg("norm_time(\"%s\") = %d \"%s\"; expected %d \"%s\"", text, rc, t, status, time);
}

static void expect_phone(const char *text, int status, const char *digits)
{
    char out[NORM_PHONE_SIZE] = "x";
    int rc = norm_phone(text, out);
    if (rc != status || strcmp(out, digits) != 0)
        fail_msg("norm_phone(\"%s\") = %d \"%s\"; expected %d \"%s\"", text, rc, out, status,
                 digits);
}

static void expect_invalid_phone(const char *text)
{
    expect_phone(text, NORM_INVALID, "");
}

static void expect_mask(const char *phone, size_t size, const char *expected)
{
    char out[32];
    memset(out, 'x', sizeof(out));
    norm_mask_phone(phone, out, size);
    if (strcmp(out, expected) != 0)
        fail_msg("norm_mask_phone(\"%s\", %zu) = \"%s\"; expected \"%s\"", phone, size, out,
                 expected);
}

typedef int (*int_normalizer)(const char *, int *);

static void expect_int(const char *name, int_normalizer f, const char *text, int status, int value)
{
    int got = -99;
    int rc = f(text, &got);
    if (rc != status || got != value)
        fail_msg("%s(\"%s\") = %d, %d; expected %d, %d", name, text, rc, got, status, value);
}

static void expect_bool(const char *text, int status, int value)
{
    expect_int("norm_bool", norm_bool, text, status, value);
}

static void expect_direction(const char *text, int status, int value)
{
    expect_int("norm_direction", norm_direction, text, status, value);
}

static void expect_timeframe(const char *text, int status, int days)
{
    expect_int("norm_timeframe", norm_timeframe, text, status, days);
}

static void expect_days(const char *text, int days)
{
    expect_timeframe(text, NORM_OK, days);
}

static void expect_outcome(const char *text, int status, int value)
{
    expect_int("norm_outcome", norm_outcome, text, status, value);
}

static void expect_duration(const char *text, int status, long seconds)
{
    long got = -99;
    int rc = norm_duration(text, &got);
    if (rc != status || (status != NORM_INVALID && got != seconds))
        fail_msg("norm_duration(\"%s\") = %d, %ld; expected %d, %ld", text, rc, got, status,
                 seconds);
}

/* ---- trimming ---- */

static void test_trim_removes_ascii_spaces_tabs_and_line_ends(void **state)
{
    (void)state;
    expect_trim("  \t王伟 \r\n", 64, "王伟");
    expect_trim("a b", 64, "a b");
    expect_trim(" \t\r\n", 64, "");
    expect_trim("", 64, "");
}

static void test_trim_removes_ideographic_space_at_both_ends(void **state)
{
    (void)state;
    expect_trim("\xE3\x80\x80 王伟\xE3\x80\x80", 64, "王伟");
    expect_trim("王\xE3\x80\x80伟", 64, "王\xE3\x80\x80伟");
}

static void test_trim_truncates_without_splitting_a_character(void **state)
{
    (void)state;
    expect_trim("abcdef", 4, "abc");
    expect_trim("王伟", 5, "王"); /* 4 bytes fit, but the second character needs 3 */
    expect_trim("王伟", 7, "王伟");
}

static void test_trim_into_zero_size_writes_nothing(void **state)
{
    (void)state;
    char out[2] = "x";
    assert_int_equal(norm_trim("abc", out, 0), 0);
    assert_string_equal(out, "x");
}

/* ---- dates (5.1) ---- */

static void test_datetime_accepts_each_listed_date_format(void **state)
{
    (void)state;
    expect_datetime("2026-10-05", NORM_OK, "2026-10-05", "");
    expect_datetime("2026/10/05", NORM_OK, "2026-10-05", "");
    expect_datetime("2026/10/5", NORM_OK, "2026-10-05", "");
    expect_datetime("2026/1/5", NORM_OK, "2026-01-05", "");
    expect_datetime("2026.10.5", NORM_OK, "2026-10-05", "");
    expect_datetime("2026年10月5日", NORM_OK, "2026-10-05", "");
}

static void test_datetime_accepts_time_after_spaces_or_t(void **state)
{
    (void)state;
    expect_datetime("2026-10-05 14:30", NORM_OK, "2026-10-05", "14:30:00");
    expect_datetime("2026/10/5 9:05:07", NORM_OK, "2026-10-05", "09:05:07");
    expect_datetime("2026.10.5   23:59:59", NORM_OK, "2026-10-05", "23:59:59");
    expect_datetime("2026年10月5日 8:00", NORM_OK, "2026-10-05", "08:00:00");
    expect_datetime("2026-10-05T14:30:00", NORM_OK, "2026-10-05", "14:30:00");
}

static void test_datetime_trims_surrounding_spaces(void **state)
{
    (void)state;
    expect_datetime(" \xE3\x80\x80"
                    "2026-10-05 14:30\r\n",
                    NORM_OK, "2026-10-05", "14:30:00");
}

static void test_datetime_blank_is_empty(void **state)
{
    (void)state;
    expect_datetime("", NORM_EMPTY, "", "");
    expect_datetime("  ", NORM_EMPTY, "", "");
}

static void test_datetime_rejects_impossible_dates(void **state)
{
    (void)state;
    expect_invalid_datetime("2026-02-30");
    expect_invalid_datetime("9999-99-99");
    expect_invalid_datetime("2026-13-01");
    expect_invalid_datetime("2026-00-10");
    expect_invalid_datetime("2026-04-31");
    expect_invalid_datetime("2026-04-00");
}

static void test_datetime_knows_leap_years(void **state)
{
    (void)state;
    expect_invalid_datetime("2023-02-29");
    expect_datetime("2024-02-29", NORM_OK, "2024-02-29", "");
    expect_invalid_datetime("1900-02-29");
    expect_datetime("2000-02-29", NORM_OK, "2000-02-29", "");
}

static void test_datetime_accepts_years_1900_to_2999_only(void **state)
{
    (void)state;
    expect_datetime("1900-01-01", NORM_OK, "1900-01-01", "");
    expect_datetime("2999-12-31", NORM_OK, "2999-12-31", "");
    expect_invalid_datetime("1899-12-31");
    expect_invalid_datetime("3000-01-01");
}

static void test_datetime_rejects_impossible_times(void **state)
{
    (void)state;
    expect_invalid_datetime("2026-10-05 24:00");
    expect_invalid_datetime("2026-10-05 12:60");
    expect_invalid_datetime("2026-10-05 12:30:60");
    expect_invalid_datetime("2026-10-05 12:3");
    expect_invalid_datetime("2026-10-05 123:30");
}

static void test_datetime_rejects_malformed_text(void **state)
{
    (void)state;
    expect_invalid_datetime("2026-10/05");  /* mixed separators */
    expect_invalid_datetime("26-10-05");    /* two-digit year */
    expect_invalid_datetime("2026-010-05"); /* three-digit month */
    expect_invalid_datetime("2026年10月5"); /* 日 missing */
    expect_invalid_datetime("2026-10-05x");
    expect_invalid_datetime("2026-10-0514:30"); /* no separator before the time */
    expect_invalid_datetime("2026-10-05 14:30 extra");
    expect_invalid_datetime("yesterday");
    expect_invalid_datetime("-45292");
}

static void test_datetime_reads_excel_serial_days(void **state)
{
    (void)state;
    expect_datetime("45292", NORM_OK, "2024-01-01", "");
    expect_datetime("20000", NORM_OK, "1954-10-03", "");
    expect_datetime("80000", NORM_OK, "2119-01-11", "");
}

static void test_datetime_excel_serial_outside_20000_to_80000_is_invalid(void **state)
{
    (void)state;
    expect_invalid_datetime("19999");
    expect_invalid_datetime("80001");
    expect_invalid_datetime("0");
    expect_invalid_datetime("2024");
}

static void test_datetime_excel_serial_fraction_is_time_rounded_to_second(void **state)
{
    (void)state;
    expect_datetime("45292.5", NORM_OK, "2024-01-01", "12:00:00");
    expect_datetime("45292.0", NORM_OK, "2024-01-01", "00:00:00");
    expect_datetime("45292.604166666667", NORM_OK, "2024-01-01", "14:30:00");
    expect_datetime("45292.99999", NORM_OK, "2024-01-01", "23:59:59");
    expect_datetime("45292.999999", NORM_OK, "2024-01-02", "00:00:00"); /* rounds up a day */
    expect_invalid_datetime("45292.");
    expect_invalid_datetime("45292.5x");
}

/* ---- times of day ---- */

static void test_time_accepts_h_mm_hh_mm_and_hh_mm_ss(void **state)
{
    (void)state;
    expect_time("9:05", NORM_OK, "09:05:00");
    expect_time("14:30", NORM_OK, "14:30:00");
    expect_time("14:30:15", NORM_OK, "14:30:15");
    expect_time(" 00:00 ", NORM_OK, "00:00:00");
}

static void test_time_blank_is_empty(void **state)
{
    (void)state;
    expect_time("", NORM_EMPTY, "");
    expect_time(" \t", NORM_EMPTY, "");
}

static void test_time_rejects_impossible_or_malformed(void **state)
{
    (void)state;
    expect_time("24:00", NORM_INVALID, "");
    expect_time("12:60", NORM_INVALID, "");
    expect_time("12:30:60", NORM_INVALID, "");
    expect_time("1430", NORM_INVALID, "");
    expect_time("14:3", NORM_INVALID, "");
    expect_time("noon", NORM_INVALID, "");
}

/* ---- phones (5.2) ---- */

static void test_phone_mobile_of_11_digits(void **state)
{
    (void)state;
    expect_phone("13800138000", NORM_OK, "13800138000");
    expect_phone("19912345678", NORM_OK, "19912345678");
}

static void test_phone_removes_every_non_digit(void **state)
{
    (void)state;
    expect_phone("138-0013-8000", NORM_OK, "13800138000");
    expect_phone("138 0013 8000", NORM_OK, "13800138000");
    expect_phone("(138)0013.8000", NORM_OK, "13800138000");
    expect_phone("138abc00138000", NORM_OK, "13800138000"); /* the rule drops letters too */
    expect_phone(" \xE3\x80\x80"
                 "13800138000\r\n",
                 NORM_OK, "13800138000");
}

static void test_phone_drops_86_and_0086_country_codes(void **state)
{
    (void)state;
    expect_phone("+86 138 0013 8000", NORM_OK, "13800138000");
    expect_phone("8613800138000", NORM_OK, "13800138000");
    expect_phone("0086 13800138000", NORM_OK, "13800138000");
    expect_phone("+86 010-12345678", NORM_OK, "01012345678");
}

static void test_phone_landline_with_area_code_is_7_to_12_digits_from_0(void **state)
{
    (void)state;
    expect_phone("010-12345678", NORM_OK, "01012345678");
    expect_phone("0755-1234567", NORM_OK, "07551234567");
    expect_phone("0755-12345678", NORM_OK, "075512345678");
    expect_phone("0123456", NORM_OK, "0123456");
    expect_invalid_phone("012345");
    expect_invalid_phone("0755123456789");
}

static void test_phone_local_landline_is_7_or_8_digits(void **state)
{
    (void)state;
    expect_phone("1234567", NORM_OK, "1234567");
    expect_phone("8765-4321", NORM_OK, "87654321");
    expect_invalid_phone("123456");
    expect_invalid_phone("876543210");
}

static void test_phone_rejects_bad_mobiles(void **state)
{
    (void)state;
    expect_invalid_phone("138001380001"); /* 12 digits */
    expect_invalid_phone("12345678901");  /* second digit 2 */
    expect_invalid_phone("11345678901");  /* second digit 1 */
    expect_invalid_phone("23800138000");  /* 11 digits from 2 */
    expect_invalid_phone("1380013800");   /* 10 digits */
}

static void test_phone_country_code_only_with_the_right_length(void **state)
{
    (void)state;
    expect_invalid_phone("861380013800");     /* 12 digits: 86 is not dropped */
    expect_invalid_phone("86138001380001");   /* 14 digits */
    expect_invalid_phone("0086138001380001"); /* 16 digits */
    expect_invalid_phone("8612345678901");    /* dropped, but 12345678901 is not a mobile */
    expect_invalid_phone("12345678901234567890123456789");
}

static void test_phone_without_digits_is_invalid_and_blank_is_empty(void **state)
{
    (void)state;
    expect_invalid_phone("无");
    expect_invalid_phone("-");
    expect_phone("", NORM_EMPTY, "");
    expect_phone(" \t", NORM_EMPTY, "");
}

static void test_mask_phone_keeps_first_3_and_last_4(void **state)
{
    (void)state;
    expect_mask("13800138000", 32, "138****8000");
    expect_mask("13812345678", 32, "138****5678");
    expect_mask("01012345678", 32, "010****5678");
    expect_mask("1234567", 32, "123****4567");
}

static void test_mask_phone_shorter_than_7_keeps_last_2(void **state)
{
    (void)state;
    expect_mask("123456", 32, "****56");
    expect_mask("5", 32, "****5");
}

static void test_mask_phone_empty_or_null_gives_empty(void **state)
{
    (void)state;
    expect_mask("", 32, "");
    expect_mask(NULL, 32, "");
}

static void test_mask_phone_truncates_to_size(void **state)
{
    (void)state;
    expect_mask("13800138000", 6, "138**");
    expect_mask("13800138000", 12, "138****8000");
}

/* ---- booleans (5.3) ---- */

static void test_bool_true_words(void **state)
{
    (void)state;
    static const char *const words[] = {"是", "有",   "Y",    "y",    "yes", "Yes", "YES",
                                        "1",  "true", "True", "TRUE", "√",   "✓"};
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
        expect_bool(words[i], NORM_OK, 1);
}

static void test_bool_false_words(void **state)
{
    (void)state;
    static const char *const words[] = {"否", "无", "N",     "n",     "no",   "No",
                                        "NO", "0",  "false", "False", "FALSE"};
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
        expect_bool(words[i], NORM_OK, 0);
}

static void test_bool_text_starting_with_yi_is_true(void **state)
{
    (void)state;
    expect_bool("已试驾", NORM_OK, 1);
    expect_bool("已报价", NORM_OK, 1);
    expect_bool("已", NORM_OK, 1);
}

static void test_bool_text_starting_with_wei_or_mei_is_false(void **state)
{
    (void)state;
    expect_bool("未试驾", NORM_OK, 0);
    expect_bool("没有", NORM_OK, 0);
    expect_bool("没试驾", NORM_OK, 0);
}

static void test_bool_english_words_ignore_case_and_spaces(void **state)
{
    (void)state;
    expect_bool("yEs", NORM_OK, 1);
    expect_bool(" tRuE ", NORM_OK, 1);
    expect_bool("\tnO\r\n", NORM_OK, 0);
    expect_bool("\xE3\x80\x80是\xE3\x80\x80", NORM_OK, 1);
}

static void test_bool_blank_is_empty_and_false(void **state)
{
    (void)state;
    expect_bool("", NORM_EMPTY, 0);
    expect_bool("   ", NORM_EMPTY, 0);
}

static void test_bool_other_words_are_invalid(void **state)
{
    (void)state;
    expect_bool("maybe", NORM_INVALID, 0);
    expect_bool("可能", NORM_INVALID, 0);
    expect_bool("yes!", NORM_INVALID, 0);
    expect_bool("2", NORM_INVALID, 0);
}

/* ---- directions (5.3) ---- */

static void test_direction_in_words(void **state)
{
    (void)state;
    expect_direction("呼入", NORM_OK, DIRECTION_IN);
    expect_direction("来电", NORM_OK, DIRECTION_IN);
    expect_direction("in", NORM_OK, DIRECTION_IN);
    expect_direction("inbound", NORM_OK, DIRECTION_IN);
    expect_direction(" Inbound ", NORM_OK, DIRECTION_IN);
    expect_direction("IN", NORM_OK, DIRECTION_IN);
}

static void test_direction_out_words(void **state)
{
    (void)state;
    expect_direction("呼出", NORM_OK, DIRECTION_OUT);
    expect_direction("去电", NORM_OK, DIRECTION_OUT);
    expect_direction("out", NORM_OK, DIRECTION_OUT);
    expect_direction("outbound", NORM_OK, DIRECTION_OUT);
    expect_direction("OUTBOUND", NORM_OK, DIRECTION_OUT);
}

static void test_direction_blank_is_empty_and_in(void **state)
{
    (void)state;
    expect_direction("", NORM_EMPTY, DIRECTION_IN);
    expect_direction(" ", NORM_EMPTY, DIRECTION_IN);
}

static void test_direction_other_words_are_invalid(void **state)
{
    int value;
    (void)state;
    assert_int_equal(norm_direction("呼叫", &value), NORM_INVALID);
    assert_int_equal(norm_direction("input", &value), NORM_INVALID);
    assert_int_equal(norm_direction("o", &value), NORM_INVALID);
}

/* ---- durations (5.3) ---- */

static void test_duration_plain_seconds(void **state)
{
    (void)state;
    expect_duration("75", NORM_OK, 75);
    expect_duration("0", NORM_OK, 0);
    expect_duration(" 75 ", NORM_OK, 75);
}

static void test_duration_m_ss(void **state)
{
    (void)state;
    expect_duration("1:15", NORM_OK, 75);
    expect_duration("0:05", NORM_OK, 5);
    expect_duration("75:00", NORM_OK, 4500);
}

static void test_duration_h_mm_ss(void **state)
{
    (void)state;
    expect_duration("1:01:15", NORM_OK, 3675);
    expect_duration("0:00:30", NORM_OK, 30);
}

static void test_duration_chinese_units(void **state)
{
    (void)state;
    expect_duration("30秒", NORM_OK, 30);
    expect_duration("2分", NORM_OK, 120);
    expect_duration("2分30秒", NORM_OK, 150);
    expect_duration("2分5秒", NORM_OK, 125);
}

static void test_duration_blank_is_empty_zero(void **state)
{
    (void)state;
    expect_duration("", NORM_EMPTY, 0);
    expect_duration(" ", NORM_EMPTY, 0);
}

static void test_duration_negative_or_not_understood_is_invalid(void **state)
{
    (void)state;
    expect_duration("-5", NORM_INVALID, 0);
    expect_duration("abc", NORM_INVALID, 0);
    expect_duration("1.5", NORM_INVALID, 0);
    expect_duration("1:5", NORM_INVALID, 0);
    expect_duration("1:75", NORM_INVALID, 0);
    expect_duration("1:60:00", NORM_INVALID, 0);
    expect_duration("2分75秒", NORM_INVALID, 0);
    expect_duration("分", NORM_INVALID, 0);
    expect_duration("30秒钟", NORM_INVALID, 0);
}

static void test_duration_longer_than_a_week_is_invalid(void **state)
{
    (void)state;
    expect_duration("604800", NORM_OK, 604800);
    expect_duration("604801", NORM_INVALID, 0);
    expect_duration("168:00:00", NORM_OK, 604800);
    expect_duration("168:00:01", NORM_INVALID, 0);
    expect_duration("99999999999999999999", NORM_INVALID, 0);
}

/* ---- timeframes (5.4) ---- */

static void test_timeframe_unknown_words_are_empty(void **state)
{
    (void)state;
    expect_timeframe("", NORM_EMPTY, NORM_TIMEFRAME_UNKNOWN);
    expect_timeframe(" ", NORM_EMPTY, NORM_TIMEFRAME_UNKNOWN);
    expect_timeframe("不确定", NORM_EMPTY, NORM_TIMEFRAME_UNKNOWN);
    expect_timeframe("未知", NORM_EMPTY, NORM_TIMEFRAME_UNKNOWN);
    expect_timeframe("unknown", NORM_EMPTY, NORM_TIMEFRAME_UNKNOWN);
    expect_timeframe(" Unknown ", NORM_EMPTY, NORM_TIMEFRAME_UNKNOWN);
}

static void test_timeframe_now_words_are_0_days(void **state)
{
    (void)state;
    expect_days("当天", 0);
    expect_days("今天", 0);
    expect_days("马上", 0);
    expect_days("立即", 0);
    expect_days("now", 0);
    expect_days("NOW", 0);
}

static void test_timeframe_n_days_is_n(void **state)
{
    (void)state;
    expect_days("10天", 10);
    expect_days("10天内", 10);
    expect_days("10天左右", 10);
    expect_days("10 days", 10);
    expect_days("10days", 10);
    expect_days("1 day", 1);
    expect_days("三天", 3);
}

static void test_timeframe_weeks_are_7_days_each(void **state)
{
    (void)state;
    expect_days("一周内", 7);
    expect_days("本周", 7);
    expect_days("一周", 7);
    expect_days("2周", 14);
    expect_days("两周", 14);
    expect_days("2周内", 14);
    expect_days("2 weeks", 14);
    expect_days("1 week", 7);
    expect_days("2 Weeks", 14);
}

static void test_timeframe_half_month_is_15_days(void **state)
{
    (void)state;
    expect_days("半个月", 15);
    expect_days("半月", 15);
}

static void test_timeframe_n_months_are_30_days_each(void **state)
{
    (void)state;
    expect_days("3个月", 90);
    expect_days("三个月", 90);
    expect_days("3个月内", 90);
    expect_days("3月内", 90);
    expect_days("1 month", 30);
    expect_days("2 months", 60);
    expect_days("2 MONTHS", 60);
    expect_days("12个月", 360);
}

static void test_timeframe_month_range_takes_the_upper_bound(void **state)
{
    (void)state;
    expect_days("1-3个月", 90);
    expect_days("1~3个月", 90);
    expect_days("1～3个月", 90); /* full-width tilde, as Chinese input methods type it */
    expect_days("1到3个月", 90);
    expect_days("一到三个月", 90);
    expect_days("2-6个月", 180);
}

static void test_timeframe_more_than_n_months_adds_one_day(void **state)
{
    (void)state;
    expect_days("3个月以上", 91);
    expect_days("3个月后", 91);
    expect_days("3+ months", 91);
    expect_days(">3 months", 91);
    expect_days("六个月以上", 181);
}

static void test_timeframe_bare_integer_is_days(void **state)
{
    (void)state;
    expect_days("45", 45);
    expect_days("0", 0);
    expect_days(" 120 ", 120);
}

static void test_timeframe_each_chinese_numeral_counts_as_a_digit(void **state)
{
    (void)state;
    expect_days("一个月", 30);
    expect_days("二个月", 60);
    expect_days("两个月", 60);
    expect_days("三个月", 90);
    expect_days("四个月", 120);
    expect_days("五个月", 150);
    expect_days("六个月", 180);
}

static void test_timeframe_other_phrases_are_invalid_and_unknown(void **state)
{
    (void)state;
    static const char *const phrases[] = {"下个季度", "明年", "3月", "三", "-5", "soon", "个月"};
    for (size_t i = 0; i < sizeof(phrases) / sizeof(phrases[0]); i++)
        expect_timeframe(phrases[i], NORM_INVALID, NORM_TIMEFRAME_UNKNOWN);
}

static void test_timeframe_huge_number_is_invalid(void **state)
{
    (void)state;
    expect_timeframe("99999999999", NORM_INVALID, NORM_TIMEFRAME_UNKNOWN);
    expect_timeframe("99999999999个月", NORM_INVALID, NORM_TIMEFRAME_UNKNOWN);
}

/* ---- outcomes (5.5) ---- */

static void test_outcome_follow_words(void **state)
{
    (void)state;
    expect_outcome("跟进", NORM_OK, OUTCOME_FOLLOW);
    expect_outcome("继续跟进", NORM_OK, OUTCOME_FOLLOW);
    expect_outcome("待跟进", NORM_OK, OUTCOME_FOLLOW);
    expect_outcome("follow", NORM_OK, OUTCOME_FOLLOW);
    expect_outcome("follow-up", NORM_OK, OUTCOME_FOLLOW);
}

static void test_outcome_order_words(void **state)
{
    (void)state;
    static const char *const words[] = {"订车",   "下定",  "订单",   "已订车",
                                        "交定金", "order", "deposit"};
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
        expect_outcome(words[i], NORM_OK, OUTCOME_ORDER);
}

static void test_outcome_delivered_words(void **state)
{
    (void)state;
    expect_outcome("交车", NORM_OK, OUTCOME_DELIVERED);
    expect_outcome("已交车", NORM_OK, OUTCOME_DELIVERED);
    expect_outcome("提车", NORM_OK, OUTCOME_DELIVERED);
    expect_outcome("delivered", NORM_OK, OUTCOME_DELIVERED);
}

static void test_outcome_defeat_words(void **state)
{
    (void)state;
    expect_outcome("战败", NORM_OK, OUTCOME_DEFEAT);
    expect_outcome("defeat", NORM_OK, OUTCOME_DEFEAT);
    expect_outcome("lost sale", NORM_OK, OUTCOME_DEFEAT);
}

static void test_outcome_lost_words(void **state)
{
    (void)state;
    expect_outcome("失控", NORM_OK, OUTCOME_LOST);
    expect_outcome("lost contact", NORM_OK, OUTCOME_LOST);
}

static void test_outcome_english_ignores_case_and_surrounding_spaces(void **state)
{
    (void)state;
    expect_outcome("  Follow-Up ", NORM_OK, OUTCOME_FOLLOW);
    expect_outcome("ORDER", NORM_OK, OUTCOME_ORDER);
    expect_outcome("\tDelivered\r\n", NORM_OK, OUTCOME_DELIVERED);
    expect_outcome(" Lost Sale ", NORM_OK, OUTCOME_DEFEAT);
    expect_outcome("LOST CONTACT", NORM_OK, OUTCOME_LOST);
    expect_outcome("\xE3\x80\x80战败\xE3\x80\x80", NORM_OK, OUTCOME_DEFEAT);
}

static void test_outcome_blank_is_empty_and_follow(void **state)
{
    (void)state;
    expect_outcome("", NORM_EMPTY, OUTCOME_FOLLOW);
    expect_outcome("  ", NORM_EMPTY, OUTCOME_FOLLOW);
}

static void test_outcome_other_words_are_invalid(void **state)
{
    int value;
    (void)state;
    assert_int_equal(norm_outcome("成交了", &value), NORM_INVALID);
    assert_int_equal(norm_outcome("lostsale", &value), NORM_INVALID);
    assert_int_equal(norm_outcome("orders", &value), NORM_INVALID);
}

static void test_outcome_names(void **state)
{
    (void)state;
    assert_string_equal(norm_outcome_name(OUTCOME_FOLLOW), "FOLLOW");
    assert_string_equal(norm_outcome_name(OUTCOME_ORDER), "ORDER");
    assert_string_equal(norm_outcome_name(OUTCOME_DELIVERED), "DELIVERED");
    assert_string_equal(norm_outcome_name(OUTCOME_DEFEAT), "DEFEAT");
    assert_string_equal(norm_outcome_name(OUTCOME_LOST), "LOST");
    assert_string_equal(norm_outcome_name(-1), "");
    assert_string_equal(norm_outcome_name(5), "");
}

/* ---- 5.7: full-width forms, Excel damage and the dealer's own words ---- */

static void expect_fold(const char *text, size_t size, const char *expected)
{
    char out[64];
    size_t n = norm_fold(text, out, size);
    if (strcmp(out, expected) != 0 || n != strlen(expected))
        fail_msg("norm_fold(\"%s\", %zu) = \"%s\" (%zu); expected \"%s\"", text, size, out, n,
                 expected);
}

static void expect_datetime_order(const char *text, int order, int status, const char *day,
                                  const char *time)
{
    char d[NORM_DAY_SIZE] = "x", t[NORM_TIME_SIZE] = "x";
    int rc = norm_datetime_order(text, order, d, t);
    if (rc != status)
        fail_msg("norm_datetime_order(\"%s\", %d) returned %d; expected %d", text, order, rc,
                 status);
    if (status != NORM_INVALID && (strcmp(d, day) != 0 || strcmp(t, time) != 0))
        fail_msg("norm_datetime_order(\"%s\", %d) = \"%s\" \"%s\"; expected \"%s\" \"%s\"", text,
                 order, d, t, day, time);
}

static void expect_timeframe_on(const char *text, const char *day, int status, int days)
{
    int got = -99;
    int rc = norm_timeframe_on(text, day, &got);
    if (rc != status || got != days)
        fail_msg("norm_timeframe_on(\"%s\", \"%s\") = %d, %d; expected %d, %d", text,
                 day ? day : "(null)", rc, got, status, days);
}

static void expect_reason(const char *text, size_t size, int status, int value, const char *reason)
{
    char out[64];
    int got = -99;
    memset(out, 'x', sizeof(out));
    int rc = norm_outcome_reason(text, &got, out, size);
    if (rc != status || got != value || strcmp(out, reason) != 0)
        fail_msg("norm_outcome_reason(\"%s\") = %d, %d, \"%s\"; expected %d, %d, \"%s\"", text, rc,
                 got, out, status, value, reason);
}

static void test_fold_turns_full_width_ascii_and_ideographic_space_to_ascii(void **state)
{
    (void)state;
    expect_fold("１３８", 64, "138");
    expect_fold("Ｙ", 64, "Y");
    expect_fold("ａｚＡＺ！～", 64, "azAZ!~");
    expect_fold("（价格）：－", 64, "(价格):-");
    expect_fold("a\xE3\x80\x80"
                "b",
                64, "a b");
    expect_fold("中文 text", 64, "中文 text");
    expect_fold("", 64, "");
    expect_fold(NULL, 64, "");
}

static void test_fold_truncates_to_whole_characters(void **state)
{
    char out[4] = "xyz";
    (void)state;
    expect_fold("１２３", 3, "12");
    expect_fold("中文", 4, "中");
    expect_fold("中文", 3, "");
    assert_int_equal(norm_fold("abc", out, 0), 0);
    assert_string_equal(out, "xyz");
}

static void test_vocabularies_read_full_width_text(void **state)
{
    (void)state;
    expect_phone("１３８１２３４５６７８", NORM_OK, "13812345678");
    expect_datetime("２０２６－１０－０３", NORM_OK, "2026-10-03", "");
    expect_datetime("２０２６－１０－０３　１４：０５", NORM_OK, "2026-10-03", "14:05:00");
    expect_time("１４：０５", NORM_OK, "14:05:00");
    expect_bool("Ｙ", NORM_OK, 1);
    expect_bool("ｎｏ", NORM_OK, 0);
    expect_direction("ＯＵＴ", NORM_OK, DIRECTION_OUT);
    expect_outcome("ＯＲＤＥＲ", NORM_OK, OUTCOME_ORDER);
    expect_days("３个月", 90);
    expect_days("２～３个月", 90);
    expect_duration("２分３０秒", NORM_OK, 150);
}

static void test_phone_trailing_point_zero_is_removed(void **state)
{
    (void)state;
    expect_phone("13712440706.0", NORM_OK, "13712440706");
    expect_phone("075512345678.0", NORM_OK, "075512345678");
}

static void test_phone_in_scientific_notation_is_an_excel_number(void **state)
{
    (void)state;
    expect_phone("1.38123E+10", NORM_EXCEL_NUMBER, "");
    expect_phone("1.38E+10", NORM_EXCEL_NUMBER, "");
    expect_phone("1,38123E+10", NORM_EXCEL_NUMBER, "");
    expect_phone("1.38123e+10", NORM_EXCEL_NUMBER, "");
    expect_phone("1.38123E10", NORM_EXCEL_NUMBER, "");
    expect_phone(" 1.38123E+10 ", NORM_EXCEL_NUMBER, "");
    expect_phone("１．３８Ｅ＋１０", NORM_EXCEL_NUMBER, "");
    assert_int_equal(NORM_EXCEL_NUMBER, 2);
}

static void test_phone_extension_is_dropped_from_the_identity(void **state)
{
    (void)state;
    expect_phone("0755-12345678转123", NORM_OK, "075512345678");
    expect_phone("0755-12345678 转 123", NORM_OK, "075512345678");
    expect_phone("0755-12345678 ext 123", NORM_OK, "075512345678");
    expect_phone("0755-12345678 EXT 123", NORM_OK, "075512345678");
    expect_phone("0755-12345678 ext.123", NORM_OK, "075512345678");
    expect_phone("0755-12345678x123", NORM_OK, "075512345678");
    expect_phone("0755-12345678分机123", NORM_OK, "075512345678");
    expect_phone("0755-12345678-转123", NORM_OK, "075512345678");
    expect_phone("12345678转8", NORM_OK, "12345678");
}

static void test_phone_extension_is_kept_when_the_rest_is_no_phone(void **state)
{
    (void)state;
    expect_phone("13812x345678", NORM_OK, "13812345678"); /* "13812" alone is no phone */
    expect_phone("138x123", NORM_INVALID, "");
}

static void test_bool_wide_true_vocabulary(void **state)
{
    (void)state;
    static const char *const words[] = {"是的", "对", "有", "要", "需要", "已试驾",
                                        "✔",    "✓",  "√",  "☑",  "ok",   " 是的 "};
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
        expect_bool(words[i], NORM_OK, 1);
}

static void test_bool_wide_false_vocabulary(void **state)
{
    (void)state;
    static const char *const words[] = {"否", "不", "没",   "无",   "×",
                                        "✗",  "✘",  "不是", "没有", "不要"};
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
        expect_bool(words[i], NORM_OK, 0);
}

static void test_bool_a_negation_anywhere_wins(void **state)
{
    (void)state;
    expect_bool("已预约未试驾", NORM_OK, 0);
    expect_bool("已拒绝", NORM_OK, 0);
    expect_bool("已取消", NORM_OK, 0);
    expect_bool("客户拒绝", NORM_OK, 0);
    expect_bool("暂时不需要", NORM_OK, 0);
    expect_bool("无需", NORM_OK, 0);
}

static void test_bool_placeholders_are_false(void **state)
{
    (void)state;
    expect_bool("-", NORM_OK, 0);
    expect_bool("—", NORM_OK, 0);
    expect_bool("/", NORM_OK, 0);
    expect_bool("暂无", NORM_OK, 0);
    expect_bool("－", NORM_OK, 0); /* full-width hyphen folds to '-' */
}

static void test_bool_note_in_parentheses_is_ignored(void **state)
{
    (void)state;
    expect_bool("否（客户赶时间）", NORM_OK, 0);
    expect_bool("是（试驾30分钟）", NORM_OK, 1);
    expect_bool("是(试驾30分钟)", NORM_OK, 1);
    expect_bool("Y (ok)", NORM_OK, 1);
    expect_bool("已试驾（未购买）", NORM_OK, 1);
    expect_bool("可能（再问）", NORM_INVALID, 0);
    expect_bool("（备注）", NORM_INVALID, 0);
}

static void test_direction_wide_in_vocabulary(void **state)
{
    (void)state;
    static const char *const words[] = {"接听", "已接来电", "未接来电", "未接",  "漏接",
                                        "回电", "incoming", "Incoming", " 来电 "};
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
        expect_direction(words[i], NORM_OK, DIRECTION_IN);
}

static void test_direction_wide_out_vocabulary(void **state)
{
    (void)state;
    static const char *const words[] = {"外呼",     "回拨",     "回访",     "拨出",    "致电",
                                        "电话回访", "outgoing", "callback", "CallBack"};
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
        expect_direction(words[i], NORM_OK, DIRECTION_OUT);
}

static void test_direction_matches_the_whole_cell(void **state)
{
    (void)state;
    expect_direction("外呼了", NORM_INVALID, DIRECTION_IN);
    expect_direction("呼入呼出", NORM_INVALID, DIRECTION_IN);
    expect_direction("call", NORM_INVALID, DIRECTION_IN);
}

static void test_outcome_wide_vocabulary(void **state)
{
    (void)state;
    static const char *const orders[] = {"下订",     "已下订",   "已下定",   "定车", "已定车",
                                         "订金已付", "已交定金", "已付定金", "成交", "已成交",
                                         "签约",     "已签约",   "ordered",  "sold"};
    static const char *const delivered[] = {"已提车", "交付", "已交付"};
    static const char *const defeats[] = {"已战败", "放弃购买", "放弃", "不买了",
                                          "流失",   "已流失",   "lost"};
    static const char *const lost[] = {"已失控", "联系不上", "unreachable", "Unreachable"};
    static const char *const follow[] = {"跟进中", "意向", "犹豫", "观望", "再联系", "pending"};
    for (size_t i = 0; i < sizeof(orders) / sizeof(orders[0]); i++)
        expect_outcome(orders[i], NORM_OK, OUTCOME_ORDER);
    for (size_t i = 0; i < sizeof(delivered) / sizeof(delivered[0]); i++)
        expect_outcome(delivered[i], NORM_OK, OUTCOME_DELIVERED);
    for (size_t i = 0; i < sizeof(defeats) / sizeof(defeats[0]); i++)
        expect_outcome(defeats[i], NORM_OK, OUTCOME_DEFEAT);
    for (size_t i = 0; i < sizeof(lost) / sizeof(lost[0]); i++)
        expect_outcome(lost[i], NORM_OK, OUTCOME_LOST);
    for (size_t i = 0; i < sizeof(follow) / sizeof(follow[0]); i++)
        expect_outcome(follow[i], NORM_OK, OUTCOME_FOLLOW);
}

static void test_outcome_defeat_with_a_reason(void **state)
{
    (void)state;
    expect_reason("战败-价格", 64, NORM_OK, OUTCOME_DEFEAT, "价格");
    expect_reason("战败（价格）", 64, NORM_OK, OUTCOME_DEFEAT, "价格");
    expect_reason("战败(价格)", 64, NORM_OK, OUTCOME_DEFEAT, "价格");
    expect_reason("已战败：竞品", 64, NORM_OK, OUTCOME_DEFEAT, "竞品");
    expect_reason("战败:买了别家", 64, NORM_OK, OUTCOME_DEFEAT, "买了别家");
    expect_reason("战败 价格太高", 64, NORM_OK, OUTCOME_DEFEAT, "价格太高");
    expect_reason("战败 (价格太高)", 64, NORM_OK, OUTCOME_DEFEAT, "价格太高");
    expect_reason("战败－ 价格 ", 64, NORM_OK, OUTCOME_DEFEAT, "价格");
    expect_reason("战败-ＳＵＶ", 64, NORM_OK, OUTCOME_DEFEAT, "ＳＵＶ"); /* as written */
    expect_outcome("战败-价格", NORM_OK, OUTCOME_DEFEAT);
}

static void test_outcome_reason_is_empty_without_one(void **state)
{
    (void)state;
    expect_reason("战败", 64, NORM_OK, OUTCOME_DEFEAT, "");
    expect_reason("已成交", 64, NORM_OK, OUTCOME_ORDER, "");
    expect_reason("", 64, NORM_EMPTY, OUTCOME_FOLLOW, "");
    expect_reason("战败价格", 64, NORM_INVALID, OUTCOME_FOLLOW, "");
    expect_reason("成交了", 64, NORM_INVALID, OUTCOME_FOLLOW, "");
    expect_reason("战败-价格", 4, NORM_OK, OUTCOME_DEFEAT, "价"); /* whole characters */
}

static void test_timeframe_numerals_seven_to_ten_and_compounds(void **state)
{
    (void)state;
    expect_days("七个月", 210);
    expect_days("八周", 56);
    expect_days("九天", 9);
    expect_days("十天", 10);
    expect_days("十五天", 15);
    expect_days("二十天", 20);
    expect_days("三十天", 30);
    expect_days("十个月", 300);
}

static void test_timeframe_half_and_years(void **state)
{
    (void)state;
    expect_days("半年", 180);
    expect_days("一个半月", 45);
    expect_days("半个月", 15);
    expect_days("一年", 365);
    expect_days("2年", 730);
    expect_days("三年", 1095);
    expect_days("一年半", 545);
    expect_days("一年内", 365);
    expect_days("1 year", 365);
}

static void test_timeframe_suffixes_keep_the_number(void **state)
{
    (void)state;
    expect_days("3个月左右", 90);
    expect_days("2周以内", 14);
    expect_days("10天之内", 10);
    expect_days("一个月内", 30);
    expect_days("两个月前", 60);
    expect_days("半年内", 180);
}

static void test_timeframe_ranges_of_weeks_and_months_take_the_upper_bound(void **state)
{
    (void)state;
    expect_days("1-2周", 14);
    expect_days("一到两个月", 60);
    expect_days("2~3个月", 90);
    expect_days("两到三周", 21);
    expect_days("3-5天", 5);
    expect_timeframe("-2周", NORM_INVALID, NORM_TIMEFRAME_UNKNOWN);
}

static void test_timeframe_this_and_next_month_count_from_the_contact_day(void **state)
{
    (void)state;
    expect_timeframe_on("本月", "2026-10-03", NORM_OK, 28);
    expect_timeframe_on("下个月", "2026-10-03", NORM_OK, 58);
    expect_timeframe_on("下月", "2026-10-03", NORM_OK, 58);
    expect_timeframe_on("本月", "2026-02-10", NORM_OK, 18);
    expect_timeframe_on("下个月", "2026-12-15", NORM_OK, 47);
    expect_timeframe_on("下个月", "2026-01-31", NORM_OK, 28);
    expect_timeframe_on("本月", "2026-10-31", NORM_OK, 0);
    expect_timeframe_on("3个月", "2026-10-03", NORM_OK, 90);
}

static void test_timeframe_this_month_without_a_day_is_invalid(void **state)
{
    (void)state;
    expect_timeframe_on("本月", NULL, NORM_INVALID, NORM_TIMEFRAME_UNKNOWN);
    expect_timeframe_on("本月", "", NORM_INVALID, NORM_TIMEFRAME_UNKNOWN);
    expect_timeframe_on("下个月", "2026-02-30", NORM_INVALID, NORM_TIMEFRAME_UNKNOWN);
    expect_timeframe("下个月", NORM_INVALID, NORM_TIMEFRAME_UNKNOWN);
}

static void test_datetime_yyyymmdd(void **state)
{
    (void)state;
    expect_datetime("20261003", NORM_OK, "2026-10-03", "");
    expect_datetime("20261003 14:05", NORM_OK, "2026-10-03", "14:05:00");
    expect_invalid_datetime("20261303");
    expect_invalid_datetime("2026100");
}

static void test_datetime_weekday_after_the_date(void **state)
{
    (void)state;
    expect_datetime("2026-10-03 星期六", NORM_OK, "2026-10-03", "");
    expect_datetime("2026-10-03 周六 14:05", NORM_OK, "2026-10-03", "14:05:00");
    expect_datetime("2026-10-03(六)", NORM_OK, "2026-10-03", "");
    expect_datetime("2026-10-03（六） 14:05", NORM_OK, "2026-10-03", "14:05:00");
    expect_datetime("2026-10-03 Sat", NORM_OK, "2026-10-03", "");
    expect_datetime("2026-10-03 Sat 14:05", NORM_OK, "2026-10-03", "14:05:00");
    expect_datetime("2026年10月3日星期六", NORM_OK, "2026-10-03", "");
    expect_invalid_datetime("2026-10-03 星期八");
    expect_invalid_datetime("2026-10-03 (七)");
    expect_invalid_datetime("2026-10-03 Saturn");
}

static void test_datetime_iso_with_fraction_and_zone_keeps_the_clock(void **state)
{
    (void)state;
    expect_datetime("2026-10-03T14:05:00", NORM_OK, "2026-10-03", "14:05:00");
    expect_datetime("2026-10-03T14:05:00.123", NORM_OK, "2026-10-03", "14:05:00");
    expect_datetime("2026-10-03T14:05:00Z", NORM_OK, "2026-10-03", "14:05:00");
    expect_datetime("2026-10-03T14:05:00+08:00", NORM_OK, "2026-10-03", "14:05:00");
    expect_datetime("2026-10-03T14:05:00.123-05:00", NORM_OK, "2026-10-03", "14:05:00");
    expect_invalid_datetime("2026-10-03T14:05:00+8");
}

static void test_datetime_twelve_hour_and_chinese_clock_times(void **state)
{
    (void)state;
    expect_datetime("2026-10-03 下午2:05", NORM_OK, "2026-10-03", "14:05:00");
    expect_datetime("2026-10-03 2:05 PM", NORM_OK, "2026-10-03", "14:05:00");
    expect_datetime("2026-10-03 12:30 AM", NORM_OK, "2026-10-03", "00:30:00");
    expect_datetime("2026-10-03 08时05分", NORM_OK, "2026-10-03", "08:05:00");
    expect_datetime("2026-10-03 8点05分", NORM_OK, "2026-10-03", "08:05:00");
    expect_datetime("2026-10-03 8点半", NORM_OK, "2026-10-03", "08:30:00");
    expect_datetime("2026年10月3日 晚上8点", NORM_OK, "2026-10-03", "20:00:00");
    expect_invalid_datetime("2026-10-03 13:00 PM");
}

static void test_datetime_slash_dates_with_year_last_need_an_order(void **state)
{
    (void)state;
    expect_datetime_order("10/3/2026", NORM_ORDER_UNKNOWN, NORM_INVALID, "", "");
    expect_datetime_order("10/3/2026", NORM_ORDER_MDY, NORM_OK, "2026-10-03", "");
    expect_datetime_order("10/3/2026", NORM_ORDER_DMY, NORM_OK, "2026-03-10", "");
    expect_datetime_order("25/10/2026", NORM_ORDER_UNKNOWN, NORM_OK, "2026-10-25", "");
    expect_datetime_order("25/10/2026", NORM_ORDER_MDY, NORM_INVALID, "", "");
    expect_datetime_order("10/25/2026", NORM_ORDER_UNKNOWN, NORM_OK, "2026-10-25", "");
    expect_datetime_order("5/5/2026", NORM_ORDER_UNKNOWN, NORM_OK, "2026-05-05", "");
    expect_datetime_order("10/3/2026 14:05", NORM_ORDER_MDY, NORM_OK, "2026-10-03", "14:05:00");
    expect_datetime_order("13/13/2026", NORM_ORDER_UNKNOWN, NORM_INVALID, "", "");
    expect_datetime_order("2026-10-03", NORM_ORDER_DMY, NORM_OK, "2026-10-03", "");
    expect_invalid_datetime("10/3/2026");
}

static void test_date_order_fit_says_which_orders_a_date_fits(void **state)
{
    (void)state;
    assert_int_equal(norm_date_order_fit("10/3/2026"), 3);
    assert_int_equal(norm_date_order_fit("25/10/2026"), 2);
    assert_int_equal(norm_date_order_fit("10/25/2026"), 1);
    assert_int_equal(norm_date_order_fit("10/3/2026 14:05"), 3);
    assert_int_equal(norm_date_order_fit("13/13/2026"), 0);
    assert_int_equal(norm_date_order_fit("2026-10-03"), 0);
    assert_int_equal(norm_date_order_fit(""), 0);
    assert_int_equal(norm_date_order_fit(NULL), 0);
}

static void test_time_accepts_twelve_hour_and_chinese_forms(void **state)
{
    (void)state;
    expect_time("下午2:05", NORM_OK, "14:05:00");
    expect_time("2:05 PM", NORM_OK, "14:05:00");
    expect_time("2:05pm", NORM_OK, "14:05:00");
    expect_time("9:05 a.m.", NORM_OK, "09:05:00");
    expect_time("12:00 PM", NORM_OK, "12:00:00");
    expect_time("上午9:30", NORM_OK, "09:30:00");
    expect_time("中午12点", NORM_OK, "12:00:00");
    expect_time("中午1点", NORM_OK, "13:00:00");
    expect_time("下午3点半", NORM_OK, "15:30:00");
    expect_time("08时05分", NORM_OK, "08:05:00");
    expect_time("8点05分", NORM_OK, "08:05:00");
    expect_time("8点半", NORM_OK, "08:30:00");
    expect_time("14:05:00.123", NORM_OK, "14:05:00");
    expect_time("14:05:00+08:00", NORM_OK, "14:05:00");
    expect_time("13:05 PM", NORM_INVALID, "");
    expect_time("0:30 AM", NORM_INVALID, "");
    expect_time("8点60分", NORM_INVALID, "");
}

static void test_duration_minutes_hours_and_english_units(void **state)
{
    (void)state;
    expect_duration("5分钟", NORM_OK, 300);
    expect_duration("5分钟30秒", NORM_OK, 330);
    expect_duration("1小时2分3秒", NORM_OK, 3723);
    expect_duration("5 min", NORM_OK, 300);
    expect_duration("45s", NORM_OK, 45);
    expect_duration("1h 30min", NORM_OK, 5400);
    expect_duration("1小时75分", NORM_INVALID, 0);
    expect_duration("30秒1分", NORM_INVALID, 0);
    expect_duration("200小时", NORM_INVALID, 0);
}

static void test_form_strings_name_the_understood_forms(void **state)
{
    (void)state;
    assert_non_null(strstr(norm_bool_forms, "是/否"));
    assert_non_null(strstr(norm_direction_forms, "呼入"));
    assert_non_null(strstr(norm_outcome_forms, "战败"));
    assert_non_null(strstr(norm_date_forms, "YYYY-MM-DD"));
    assert_non_null(strstr(norm_time_forms, "HH:MM"));
    assert_non_null(strstr(norm_timeframe_forms, "N个月"));
}

/* ---- no input crashes a normalizer ---- */

static void test_null_text_reads_as_blank(void **state)
{
    char day[NORM_DAY_SIZE], time[NORM_TIME_SIZE], phone[NORM_PHONE_SIZE], out[4];
    int value;
    long seconds;
    (void)state;
    assert_int_equal(norm_trim(NULL, out, sizeof(out)), 0);
    assert_int_equal(norm_datetime(NULL, day, time), NORM_EMPTY);
    assert_int_equal(norm_time(NULL, time), NORM_EMPTY);
    assert_int_equal(norm_phone(NULL, phone), NORM_EMPTY);
    assert_int_equal(norm_bool(NULL, &value), NORM_EMPTY);
    assert_int_equal(norm_direction(NULL, &value), NORM_EMPTY);
    assert_int_equal(norm_duration(NULL, &seconds), NORM_EMPTY);
    assert_int_equal(norm_timeframe(NULL, &value), NORM_EMPTY);
    assert_int_equal(norm_outcome(NULL, &value), NORM_EMPTY);
}

/* Dates and times as exports write them most ("2025-03-09 14:05:00") are
 * read by a shorter way; the same text behind a space takes the general
 * one. Both must give the same answer for every date, valid or not. */
static void test_plain_datetimes_read_as_the_general_reader_reads_them(void **state)
{
    (void)state;
    static const char *const years[] = {"1899", "1900", "2024", "2025", "2100", "2999", "3000"};
    static const char *const clocks[] = {"",          " 00:00",    " 23:59",    " 09:05:07",
                                         " 23:59:59", " 24:00:00", " 12:60",    " 12:30:60",
                                         " 9:05:00",  " 09:05:0",  "T09:05:00", " 09-05-00"};
    int checked = 0;
    for (size_t y = 0; y < sizeof years / sizeof years[0]; y++)
        for (int month = 0; month <= 13; month++)
            for (int day = 0; day <= 32; day++)
                for (size_t k = 0; k < sizeof clocks / sizeof clocks[0]; k++) {
                    char plain[64], spaced[64];
                    char day1[NORM_DAY_SIZE], time1[NORM_TIME_SIZE];
                    char day2[NORM_DAY_SIZE], time2[NORM_TIME_SIZE];
                    snprintf(plain, sizeof plain, "%s-%02d-%02d%s", years[y], month, day,
                             clocks[k]);
                    snprintf(spaced, sizeof spaced, " %s", plain);
                    int rc1 = norm_datetime_order(plain, NORM_ORDER_UNKNOWN, day1, time1);
                    int rc2 = norm_datetime_order(spaced, NORM_ORDER_UNKNOWN, day2, time2);
                    if (rc1 != rc2 || strcmp(day1, day2) != 0 || strcmp(time1, time2) != 0)
                        fail_msg("'%s': %d %s %s, behind a space: %d %s %s", plain, rc1, day1,
                                 time1, rc2, day2, time2);
                    checked += rc1 == NORM_OK;
                }
    assert_true(checked > 4000); /* most valid dates were read */
    for (int hour = 0; hour <= 25; hour++)
        for (int minute = 0; minute <= 61; minute += 1)
            for (int second = -1; second <= 61; second += 1) {
                char plain[32], spaced[32], time1[NORM_TIME_SIZE], time2[NORM_TIME_SIZE];
                if (second < 0)
                    snprintf(plain, sizeof plain, "%02d:%02d", hour, minute);
                else
                    snprintf(plain, sizeof plain, "%02d:%02d:%02d", hour, minute, second);
                snprintf(spaced, sizeof spaced, " %s", plain);
                int rc1 = norm_time(plain, time1), rc2 = norm_time(spaced, time2);
                if (rc1 != rc2 || strcmp(time1, time2) != 0)
                    fail_msg("'%s': %d %s, behind a space: %d %s", plain, rc1, time1, rc2, time2);
            }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_trim_removes_ascii_spaces_tabs_and_line_ends),
        cmocka_unit_test(test_trim_removes_ideographic_space_at_both_ends),
        cmocka_unit_test(test_trim_truncates_without_splitting_a_character),
        cmocka_unit_test(test_trim_into_zero_size_writes_nothing),

        cmocka_unit_test(test_datetime_accepts_each_listed_date_format),
        cmocka_unit_test(test_plain_datetimes_read_as_the_general_reader_reads_them),
        cmocka_unit_test(test_datetime_accepts_time_after_spaces_or_t),
        cmocka_unit_test(test_datetime_trims_surrounding_spaces),
        cmocka_unit_test(test_datetime_blank_is_empty),
        cmocka_unit_test(test_datetime_rejects_impossible_dates),
        cmocka_unit_test(test_datetime_knows_leap_years),
        cmocka_unit_test(test_datetime_accepts_years_1900_to_2999_only),
        cmocka_unit_test(test_datetime_rejects_impossible_times),
        cmocka_unit_test(test_datetime_rejects_malformed_text),
        cmocka_unit_test(test_datetime_reads_excel_serial_days),
        cmocka_unit_test(test_datetime_excel_serial_outside_20000_to_80000_is_invalid),
        cmocka_unit_test(test_datetime_excel_serial_fraction_is_time_rounded_to_second),

        cmocka_unit_test(test_time_accepts_h_mm_hh_mm_and_hh_mm_ss),
        cmocka_unit_test(test_time_blank_is_empty),
        cmocka_unit_test(test_time_rejects_impossible_or_malformed),

        cmocka_unit_test(test_phone_mobile_of_11_digits),
        cmocka_unit_test(test_phone_removes_every_non_digit),
        cmocka_unit_test(test_phone_drops_86_and_0086_country_codes),
        cmocka_unit_test(test_phone_landline_with_area_code_is_7_to_12_digits_from_0),
        cmocka_unit_test(test_phone_local_landline_is_7_or_8_digits),
        cmocka_unit_test(test_phone_rejects_bad_mobiles),
        cmocka_unit_test(test_phone_country_code_only_with_the_right_length),
        cmocka_unit_test(test_phone_without_digits_is_invalid_and_blank_is_empty),
        cmocka_unit_test(test_mask_phone_keeps_first_3_and_last_4),
        cmocka_unit_test(test_mask_phone_shorter_than_7_keeps_last_2),
        cmocka_unit_test(test_mask_phone_empty_or_null_gives_empty),
        cmocka_unit_test(test_mask_phone_truncates_to_size),

        cmocka_unit_test(test_bool_true_words),
        cmocka_unit_test(test_bool_false_words),
        cmocka_unit_test(test_bool_text_starting_with_yi_is_true),
        cmocka_unit_test(test_bool_text_starting_with_wei_or_mei_is_false),
        cmocka_unit_test(test_bool_english_words_ignore_case_and_spaces),
        cmocka_unit_test(test_bool_blank_is_empty_and_false),
        cmocka_unit_test(test_bool_other_words_are_invalid),

        cmocka_unit_test(test_direction_in_words),
        cmocka_unit_test(test_direction_out_words),
        cmocka_unit_test(test_direction_blank_is_empty_and_in),
        cmocka_unit_test(test_direction_other_words_are_invalid),

        cmocka_unit_test(test_duration_plain_seconds),
        cmocka_unit_test(test_duration_m_ss),
        cmocka_unit_test(test_duration_h_mm_ss),
        cmocka_unit_test(test_duration_chinese_units),
        cmocka_unit_test(test_duration_blank_is_empty_zero),
        cmocka_unit_test(test_duration_negative_or_not_understood_is_invalid),
        cmocka_unit_test(test_duration_longer_than_a_week_is_invalid),

        cmocka_unit_test(test_timeframe_unknown_words_are_empty),
        cmocka_unit_test(test_timeframe_now_words_are_0_days),
        cmocka_unit_test(test_timeframe_n_days_is_n),
        cmocka_unit_test(test_timeframe_weeks_are_7_days_each),
        cmocka_unit_test(test_timeframe_half_month_is_15_days),
        cmocka_unit_test(test_timeframe_n_months_are_30_days_each),
        cmocka_unit_test(test_timeframe_month_range_takes_the_upper_bound),
        cmocka_unit_test(test_timeframe_more_than_n_months_adds_one_day),
        cmocka_unit_test(test_timeframe_bare_integer_is_days),
        cmocka_unit_test(test_timeframe_each_chinese_numeral_counts_as_a_digit),
        cmocka_unit_test(test_timeframe_other_phrases_are_invalid_and_unknown),
        cmocka_unit_test(test_timeframe_huge_number_is_invalid),

        cmocka_unit_test(test_outcome_follow_words),
        cmocka_unit_test(test_outcome_order_words),
        cmocka_unit_test(test_outcome_delivered_words),
        cmocka_unit_test(test_outcome_defeat_words),
        cmocka_unit_test(test_outcome_lost_words),
        cmocka_unit_test(test_outcome_english_ignores_case_and_surrounding_spaces),
        cmocka_unit_test(test_outcome_blank_is_empty_and_follow),
        cmocka_unit_test(test_outcome_other_words_are_invalid),
        cmocka_unit_test(test_outcome_names),

        cmocka_unit_test(test_fold_turns_full_width_ascii_and_ideographic_space_to_ascii),
        cmocka_unit_test(test_fold_truncates_to_whole_characters),
        cmocka_unit_test(test_vocabularies_read_full_width_text),
        cmocka_unit_test(test_phone_trailing_point_zero_is_removed),
        cmocka_unit_test(test_phone_in_scientific_notation_is_an_excel_number),
        cmocka_unit_test(test_phone_extension_is_dropped_from_the_identity),
        cmocka_unit_test(test_phone_extension_is_kept_when_the_rest_is_no_phone),
        cmocka_unit_test(test_bool_wide_true_vocabulary),
        cmocka_unit_test(test_bool_wide_false_vocabulary),
        cmocka_unit_test(test_bool_a_negation_anywhere_wins),
        cmocka_unit_test(test_bool_placeholders_are_false),
        cmocka_unit_test(test_bool_note_in_parentheses_is_ignored),
        cmocka_unit_test(test_direction_wide_in_vocabulary),
        cmocka_unit_test(test_direction_wide_out_vocabulary),
        cmocka_unit_test(test_direction_matches_the_whole_cell),
        cmocka_unit_test(test_outcome_wide_vocabulary),
        cmocka_unit_test(test_outcome_defeat_with_a_reason),
        cmocka_unit_test(test_outcome_reason_is_empty_without_one),
        cmocka_unit_test(test_timeframe_numerals_seven_to_ten_and_compounds),
        cmocka_unit_test(test_timeframe_half_and_years),
        cmocka_unit_test(test_timeframe_suffixes_keep_the_number),
        cmocka_unit_test(test_timeframe_ranges_of_weeks_and_months_take_the_upper_bound),
        cmocka_unit_test(test_timeframe_this_and_next_month_count_from_the_contact_day),
        cmocka_unit_test(test_timeframe_this_month_without_a_day_is_invalid),
        cmocka_unit_test(test_datetime_yyyymmdd),
        cmocka_unit_test(test_datetime_weekday_after_the_date),
        cmocka_unit_test(test_datetime_iso_with_fraction_and_zone_keeps_the_clock),
        cmocka_unit_test(test_datetime_twelve_hour_and_chinese_clock_times),
        cmocka_unit_test(test_datetime_slash_dates_with_year_last_need_an_order),
        cmocka_unit_test(test_date_order_fit_says_which_orders_a_date_fits),
        cmocka_unit_test(test_time_accepts_twelve_hour_and_chinese_forms),
        cmocka_unit_test(test_duration_minutes_hours_and_english_units),
        cmocka_unit_test(test_form_strings_name_the_understood_forms),
        cmocka_unit_test(test_null_text_reads_as_blank),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
