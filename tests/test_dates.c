/* test_dates.c - pins down dates.c: valid days, differences and offsets
 * across months and years, months, ISO weeks at year boundaries, and the
 * month before (the periods of DOMAIN.md section 7). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "dates.h"

/* ---- helpers: each names the input when it fails ---- */

static const char *shown(const char *text)
{
    return text ? text : "(null)";
}

static void expect_valid(const char *text)
{
    long days = -12345;
    if (dates_parse(text, &days) != 0) fail_msg("dates_parse(\"%s\") refused a valid day", text);
    char back[DATES_DAY_SIZE];
    dates_format(days, back);
    if (strcmp(back, text) != 0)
        fail_msg("dates_parse(\"%s\") then dates_format gives \"%s\"", text, back);
}

static void expect_invalid(const char *text)
{
    long days = 0;
    if (dates_parse(text, &days) == 0)
        fail_msg("dates_parse(\"%s\") accepted an invalid day (serial %ld)", shown(text), days);
}

static void expect_between(const char *a, const char *b, long expected)
{
    long got = dates_between(a, b);
    if (got != expected)
        fail_msg("dates_between(\"%s\", \"%s\") = %ld; expected %ld", a, b, got, expected);
}

static void expect_add(const char *day, long n, const char *expected)
{
    char out[DATES_DAY_SIZE] = "x";
    dates_add(day, n, out);
    if (strcmp(out, expected) != 0)
        fail_msg("dates_add(\"%s\", %ld) = \"%s\"; expected \"%s\"", day, n, out, expected);
}

static void expect_month(const char *text, const char *from, const char *to)
{
    char f[DATES_DAY_SIZE] = "x", t[DATES_DAY_SIZE] = "x";
    if (dates_month(text, f, t) != 0) fail_msg("dates_month(\"%s\") refused", text);
    if (strcmp(f, from) != 0 || strcmp(t, to) != 0)
        fail_msg("dates_month(\"%s\") = %s..%s; expected %s..%s", text, f, t, from, to);
}

static void expect_bad_month(const char *text)
{
    char f[DATES_DAY_SIZE] = "", t[DATES_DAY_SIZE] = "";
    if (dates_month(text, f, t) == 0)
        fail_msg("dates_month(\"%s\") accepted (%s..%s)", shown(text), f, t);
}

static void expect_week(const char *text, const char *from, const char *to)
{
    char f[DATES_DAY_SIZE] = "x", t[DATES_DAY_SIZE] = "x";
    if (dates_week(text, f, t) != 0) fail_msg("dates_week(\"%s\") refused", text);
    if (strcmp(f, from) != 0 || strcmp(t, to) != 0)
        fail_msg("dates_week(\"%s\") = %s..%s; expected %s..%s", text, f, t, from, to);
}

static void expect_bad_week(const char *text)
{
    char f[DATES_DAY_SIZE] = "", t[DATES_DAY_SIZE] = "";
    if (dates_week(text, f, t) == 0)
        fail_msg("dates_week(\"%s\") accepted (%s..%s)", shown(text), f, t);
}

static void expect_week_of(const char *day, const char *expected)
{
    char out[9] = "x";
    dates_week_of(day, out);
    if (strcmp(out, expected) != 0)
        fail_msg("dates_week_of(\"%s\") = \"%s\"; expected \"%s\"", day, out, expected);
}

static void expect_previous_month(const char *month, const char *expected)
{
    char out[8] = "x";
    dates_previous_month(month, out);
    if (strcmp(out, expected) != 0)
        fail_msg("dates_previous_month(\"%s\") = \"%s\"; expected \"%s\"", month, out, expected);
}

/* ---- dates_parse ---- */

static void test_parse_valid_days(void **state)
{
    (void)state;
    expect_valid("2026-01-01");
    expect_valid("2026-12-31");
    expect_valid("2026-04-30");
    expect_valid("1970-01-01");
    expect_valid("2000-02-29"); /* divisible by 400: leap */
}

static void test_parse_serial_counts_from_1970(void **state)
{
    (void)state;
    long days = -1;
    assert_int_equal(dates_parse("1970-01-01", &days), 0);
    assert_int_equal(days, 0);
    assert_int_equal(dates_parse("1970-01-02", &days), 0);
    assert_int_equal(days, 1);
}

static void test_parse_february_29_only_in_leap_years(void **state)
{
    (void)state;
    expect_valid("2024-02-29");
    expect_invalid("2026-02-29");
    expect_invalid("1900-02-29"); /* divisible by 100, not 400 */
    expect_invalid("2024-02-30");
}

static void test_parse_rejects_days_out_of_range(void **state)
{
    (void)state;
    expect_invalid("2026-00-10");
    expect_invalid("2026-13-01");
    expect_invalid("2026-01-00");
    expect_invalid("2026-01-32");
    expect_invalid("2026-04-31");
}

static void test_parse_rejects_other_shapes(void **state)
{
    (void)state;
    expect_invalid("");
    expect_invalid(NULL);
    expect_invalid("2026/01/01");
    expect_invalid("2026-1-1");
    expect_invalid("2026-01-1");
    expect_invalid("2026-01-01 10:00");
    expect_invalid("20260101");
    expect_invalid("2026-01-0x");
    expect_invalid("next week");
}

static void test_parse_rejects_signs_and_spaces_inside_the_fields(void **state)
{
    (void)state;
    /* 10 characters with '-' at 4 and 7, but not YYYY-MM-DD */
    expect_invalid("2026-+1-01");
    expect_invalid("2026- 1-01");
    expect_invalid("2026-01-+1");
}

/* ---- dates_between and dates_add ---- */

static void test_between_counts_whole_days(void **state)
{
    (void)state;
    expect_between("2026-10-01", "2026-10-01", 0);
    expect_between("2026-10-01", "2026-10-31", 30);
    expect_between("2026-10-31", "2026-10-01", -30);
    expect_between("2026-02-28", "2026-03-01", 1);
    expect_between("2024-02-28", "2024-03-01", 2);
    expect_between("2025-12-31", "2026-01-01", 1);
    expect_between("2026-01-01", "2027-01-01", 365);
    expect_between("2024-01-01", "2025-01-01", 366);
}

static void test_add_across_months(void **state)
{
    (void)state;
    expect_add("2026-10-30", 4, "2026-11-03");
    expect_add("2026-01-31", 1, "2026-02-01");
    expect_add("2026-02-28", 1, "2026-03-01");
    expect_add("2024-02-28", 1, "2024-02-29");
    expect_add("2026-03-01", -1, "2026-02-28");
    expect_add("2026-10-31", 0, "2026-10-31");
}

static void test_add_across_years(void **state)
{
    (void)state;
    expect_add("2026-12-30", 2, "2027-01-01");
    expect_add("2026-12-31", 30, "2027-01-30");
    expect_add("2027-01-01", -1, "2026-12-31");
    expect_add("2026-01-01", 365, "2027-01-01");
    expect_add("2024-01-01", 366, "2025-01-01");
}

/* ---- dates_month ---- */

static void test_month_gives_first_and_last_day(void **state)
{
    (void)state;
    expect_month("2026-01", "2026-01-01", "2026-01-31");
    expect_month("2026-04", "2026-04-01", "2026-04-30");
    expect_month("2026-12", "2026-12-01", "2026-12-31");
}

static void test_month_february_has_28_or_29_days(void **state)
{
    (void)state;
    expect_month("2026-02", "2026-02-01", "2026-02-28");
    expect_month("2024-02", "2024-02-01", "2024-02-29");
    expect_month("2100-02", "2100-02-01", "2100-02-28");
}

static void test_month_rejects_bad_input(void **state)
{
    (void)state;
    expect_bad_month("");
    expect_bad_month(NULL);
    expect_bad_month("2026-13");
    expect_bad_month("2026-00");
    expect_bad_month("2026-1");
    expect_bad_month("2026/01");
    expect_bad_month("2026-01-01");
    expect_bad_month("October");
}

/* ---- dates_week: ISO 8601, Monday to Sunday ---- */

static void test_week_1_can_start_in_the_previous_year(void **state)
{
    (void)state;
    expect_week("2026-W01", "2025-12-29", "2026-01-04");
    expect_week("2021-W01", "2021-01-04", "2021-01-10");
}

static void test_week_53_exists_only_in_long_years(void **state)
{
    (void)state;
    expect_week("2020-W53", "2020-12-28", "2021-01-03");
    expect_week("2026-W53", "2026-12-28", "2027-01-03");
    expect_bad_week("2021-W53");
    expect_bad_week("2025-W53");
}

static void test_week_in_the_middle_of_the_year(void **state)
{
    (void)state;
    expect_week("2026-W44", "2026-10-26", "2026-11-01");
    expect_week("2026-W52", "2026-12-21", "2026-12-27");
}

static void test_week_rejects_bad_input(void **state)
{
    (void)state;
    expect_bad_week("");
    expect_bad_week(NULL);
    expect_bad_week("2026-W00");
    expect_bad_week("2026-W54");
    expect_bad_week("2026-W1");
    expect_bad_week("2026W01");
    expect_bad_week("2026-01");
}

/* ---- dates_week_of ---- */

static void test_week_of_early_january_can_be_last_week_of_previous_year(void **state)
{
    (void)state;
    expect_week_of("2027-01-01", "2026-W53");
    expect_week_of("2027-01-03", "2026-W53");
    expect_week_of("2021-01-03", "2020-W53");
    expect_week_of("2021-01-04", "2021-W01");
}

static void test_week_of_late_december_can_be_week_1_of_next_year(void **state)
{
    (void)state;
    expect_week_of("2024-12-30", "2025-W01");
    expect_week_of("2025-12-29", "2026-W01");
    expect_week_of("2025-12-28", "2025-W52");
}

static void test_week_of_agrees_with_dates_week(void **state)
{
    (void)state;
    expect_week_of("2026-10-26", "2026-W44"); /* Monday */
    expect_week_of("2026-11-01", "2026-W44"); /* Sunday */
    expect_week_of("2026-11-02", "2026-W45");
    /* every day of 2020..2027 lies inside the week dates_week_of names */
    long first, last;
    assert_int_equal(dates_parse("2020-01-01", &first), 0);
    assert_int_equal(dates_parse("2027-12-31", &last), 0);
    for (long d = first; d <= last; d++) {
        char day[DATES_DAY_SIZE], week[9], from[DATES_DAY_SIZE], to[DATES_DAY_SIZE];
        dates_format(d, day);
        dates_week_of(day, week);
        if (dates_week(week, from, to) != 0) fail_msg("%s: week %s refused", day, week);
        if (strcmp(from, day) > 0 || strcmp(day, to) > 0)
            fail_msg("%s is in week %s = %s..%s", day, week, from, to);
    }
}

/* ---- dates_previous_month ---- */

static void test_previous_month_within_a_year(void **state)
{
    (void)state;
    expect_previous_month("2026-10", "2026-09");
    expect_previous_month("2026-03", "2026-02");
}

static void test_previous_month_of_january_is_december_before(void **state)
{
    (void)state;
    expect_previous_month("2026-01", "2025-12");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_valid_days),
        cmocka_unit_test(test_parse_serial_counts_from_1970),
        cmocka_unit_test(test_parse_february_29_only_in_leap_years),
        cmocka_unit_test(test_parse_rejects_days_out_of_range),
        cmocka_unit_test(test_parse_rejects_other_shapes),
        cmocka_unit_test(test_parse_rejects_signs_and_spaces_inside_the_fields),
        cmocka_unit_test(test_between_counts_whole_days),
        cmocka_unit_test(test_add_across_months),
        cmocka_unit_test(test_add_across_years),
        cmocka_unit_test(test_month_gives_first_and_last_day),
        cmocka_unit_test(test_month_february_has_28_or_29_days),
        cmocka_unit_test(test_month_rejects_bad_input),
        cmocka_unit_test(test_week_1_can_start_in_the_previous_year),
        cmocka_unit_test(test_week_53_exists_only_in_long_years),
        cmocka_unit_test(test_week_in_the_middle_of_the_year),
        cmocka_unit_test(test_week_rejects_bad_input),
        cmocka_unit_test(test_week_of_early_january_can_be_last_week_of_previous_year),
        cmocka_unit_test(test_week_of_late_december_can_be_week_1_of_next_year),
        cmocka_unit_test(test_week_of_agrees_with_dates_week),
        cmocka_unit_test(test_previous_month_within_a_year),
        cmocka_unit_test(test_previous_month_of_january_is_december_before),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
