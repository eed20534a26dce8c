/* test_output.c - pins down output.c: CSV cells that Excel opens safely
 * (quoting, the formula guard of DOMAIN.md section 8) and the width of UTF-8
 * text in a terminal. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"

/* ---- helpers ---- */

/* What output_csv_cell writes for text (malloc'd). */
static char *cell(const char *text, int is_number)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *fp = open_memstream(&buf, &size);
    assert_non_null(fp);
    output_csv_cell(fp, text, is_number);
    fclose(fp);
    return buf;
}

static void expect_cell(const char *text, int is_number, const char *expected)
{
    char *got = cell(text, is_number);
    if (strcmp(got, expected) != 0)
        fail_msg("output_csv_cell(\"%s\", %d) wrote [%s]; expected [%s]", text ? text : "(null)",
                 is_number, got, expected);
    free(got);
}

/* The value a CSV reader gets back from a written cell. */
static void expect_reads_back(const char *text, int is_number, const char *expected)
{
    char *got = cell(text, is_number);
    char value[256];
    size_t n = 0, len = strlen(got);
    if (len >= 2 && got[0] == '"' && got[len - 1] == '"') {
        for (size_t i = 1; i + 1 < len; i++) {
            if (got[i] == '"') i++; /* "" stands for " */
            value[n++] = got[i];
        }
    } else {
        if (strpbrk(got, ",\"\r\n")) fail_msg("[%s] needs quotes", got);
        memcpy(value, got, len);
        n = len;
    }
    value[n] = '\0';
    if (strcmp(value, expected) != 0)
        fail_msg("output_csv_cell(\"%s\", %d) reads back as [%s]; expected [%s]", text, is_number,
                 value, expected);
    free(got);
}

/* ---- quoting ---- */

static void test_plain_text_is_written_as_it_is(void **state)
{
    (void)state;
    expect_cell("abc", 0, "abc");
    expect_cell("销售顾问", 0, "销售顾问");
    expect_cell("a=b", 0, "a=b");
    expect_cell("", 0, "");
}

static void test_null_writes_an_empty_cell(void **state)
{
    (void)state;
    expect_cell(NULL, 0, "");
    expect_cell(NULL, 1, "");
}

static void test_comma_quote_and_line_ends_are_quoted(void **state)
{
    (void)state;
    expect_cell("a,b", 0, "\"a,b\"");
    expect_cell("say \"hi\"", 0, "\"say \"\"hi\"\"\"");
    expect_cell("a\nb", 0, "\"a\nb\"");
    expect_cell("a\r\nb", 0, "\"a\r\nb\"");
    expect_reads_back("x,\"y\"", 0, "x,\"y\"");
}

/* ---- the formula guard ---- */

static void test_text_starting_like_a_formula_gets_a_quote_mark(void **state)
{
    (void)state;
    expect_reads_back("=SUM(A1:A9)", 0, "'=SUM(A1:A9)");
    expect_reads_back("+86 138", 0, "'+86 138");
    expect_reads_back("-5", 0, "'-5");
    expect_reads_back("@cmd", 0, "'@cmd");
    expect_reads_back("\tx", 0, "'\tx");
    expect_reads_back("\rx", 0, "'\rx");
    expect_reads_back("=HYPERLINK(\"http://x\",\"y\")", 0, "'=HYPERLINK(\"http://x\",\"y\")");
}

static void test_numbers_are_not_guarded(void **state)
{
    (void)state;
    expect_cell("-5", 1, "-5");
    expect_cell("+5", 1, "+5");
    expect_cell("-0.25", 1, "-0.25");
    expect_cell("42", 1, "42");
}

static void test_row_writes_cells_with_commas_and_crlf(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t size = 0;
    FILE *fp = open_memstream(&buf, &size);
    assert_non_null(fp);
    output_csv_row(fp, (const char *[]){"a", "b,c", NULL, "=1"}, 4);
    fclose(fp);
    assert_string_equal(buf, "a,\"b,c\",,\"'=1\"\r\n");
    free(buf);
}

static void test_bom_is_the_utf8_byte_order_mark(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t size = 0;
    FILE *fp = open_memstream(&buf, &size);
    assert_non_null(fp);
    output_csv_bom(fp);
    fclose(fp);
    assert_int_equal(size, 3);
    assert_memory_equal(buf, "\xEF\xBB\xBF", 3);
    free(buf);
}

/* ---- width ---- */

static void test_width_of_ascii_is_one_per_character(void **state)
{
    (void)state;
    assert_int_equal(output_width(""), 0);
    assert_int_equal(output_width("a"), 1);
    assert_int_equal(output_width("Zhang Wei"), 9);
}

static void test_width_of_cjk_is_two_per_character(void **state)
{
    (void)state;
    assert_int_equal(output_width("销"), 2);
    assert_int_equal(output_width("销售顾问"), 8);
    assert_int_equal(output_width("，"), 2);               /* full-width comma */
    assert_int_equal(output_width("ＡＢ"), 4);             /* full-width letters */
    assert_int_equal(output_width("한국"), 4);             /* Hangul */
    assert_int_equal(output_width("\xF0\xA0\x80\x80"), 2); /* U+20000, CJK extension B */
}

static void test_width_of_mixed_text_adds_up(void **state)
{
    (void)state;
    assert_int_equal(output_width("A+级客户"), 2 + 3 * 2);
    assert_int_equal(output_width("138****5678 张伟"), 12 + 4);
    assert_int_equal(output_width("é"), 1);
    assert_int_equal(output_width("e\xCC\x81"), 1); /* e and a combining accent */
}

static void test_width_counts_invalid_bytes_without_overrunning(void **state)
{
    (void)state;
    assert_int_equal(output_width("\xFF"
                                  "a"),
                     2);
    assert_int_equal(output_width("a\xE9\x94"), 2); /* cut sequence at the end */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_text_is_written_as_it_is),
        cmocka_unit_test(test_null_writes_an_empty_cell),
        cmocka_unit_test(test_comma_quote_and_line_ends_are_quoted),
        cmocka_unit_test(test_text_starting_like_a_formula_gets_a_quote_mark),
        cmocka_unit_test(test_numbers_are_not_guarded),
        cmocka_unit_test(test_row_writes_cells_with_commas_and_crlf),
        cmocka_unit_test(test_bom_is_the_utf8_byte_order_mark),
        cmocka_unit_test(test_width_of_ascii_is_one_per_character),
        cmocka_unit_test(test_width_of_cjk_is_two_per_character),
        cmocka_unit_test(test_width_of_mixed_text_adds_up),
        cmocka_unit_test(test_width_counts_invalid_bytes_without_overrunning),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
