/* test_jsonw.c - pins down jsonw.c, the JSON writer every JSON output goes
 * through: the layout (two-space indent, ", " and ": "), escaping, numbers
 * (up to four decimals, no trailing zeros, no -0, null for NaN and
 * infinities), null, raw values, and the status at the end. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "jsonw.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A writer on a memory stream; finish() returns what was written. */
struct sink {
    char *text;
    size_t len;
    FILE *fp;
    struct jsonw w;
};

static void sink_open(struct sink *s)
{
    s->text = NULL;
    s->fp = open_memstream(&s->text, &s->len);
    assert_non_null(s->fp);
    jsonw_init(&s->w, s->fp);
}

static char *sink_close(struct sink *s)
{
    assert_int_equal(jsonw_finish(&s->w), 0);
    fclose(s->fp);
    return s->text;
}

static void test_nested_objects_and_arrays_are_indented_two_spaces(void **state)
{
    (void)state;
    struct sink s;
    sink_open(&s);
    jsonw_object_begin(&s.w);
    jsonw_key(&s.w, "report");
    jsonw_string(&s.w, "funnel");
    jsonw_key(&s.w, "rows");
    jsonw_array_begin(&s.w);
    jsonw_object_begin(&s.w);
    jsonw_key(&s.w, "n");
    jsonw_int(&s.w, 3);
    jsonw_object_end(&s.w);
    jsonw_int(&s.w, -7);
    jsonw_array_end(&s.w);
    jsonw_key(&s.w, "empty");
    jsonw_array_begin(&s.w);
    jsonw_array_end(&s.w);
    jsonw_key(&s.w, "none");
    jsonw_object_begin(&s.w);
    jsonw_object_end(&s.w);
    jsonw_object_end(&s.w);
    char *text = sink_close(&s);
    assert_string_equal(text, "{\n"
                              "  \"report\": \"funnel\",\n"
                              "  \"rows\": [\n"
                              "    {\n"
                              "      \"n\": 3\n"
                              "    },\n"
                              "    -7\n"
                              "  ],\n"
                              "  \"empty\": [],\n"
                              "  \"none\": {}\n"
                              "}\n");
    free(text);
}

static void test_strings_escape_quotes_backslashes_and_control_characters(void **state)
{
    (void)state;
    struct sink s;
    sink_open(&s);
    jsonw_array_begin(&s.w);
    jsonw_string(&s.w, "say \"hi\"\\ \n\r\t\x01 王磊");
    jsonw_string(&s.w, NULL);
    jsonw_array_end(&s.w);
    char *text = sink_close(&s);
    assert_string_equal(text, "[\n  \"say \\\"hi\\\"\\\\ \\n\\r\\t\\u0001 王磊\",\n  null\n]\n");
    free(text);
}

static void test_keys_are_escaped_like_strings(void **state)
{
    (void)state;
    struct sink s;
    sink_open(&s);
    jsonw_object_begin(&s.w);
    jsonw_key(&s.w, "a\"b");
    jsonw_null(&s.w);
    jsonw_object_end(&s.w);
    char *text = sink_close(&s);
    assert_string_equal(text, "{\n  \"a\\\"b\": null\n}\n");
    free(text);
}

static void test_doubles_have_at_most_four_decimals_and_no_trailing_zeros(void **state)
{
    (void)state;
    const struct {
        double value;
        const char *text;
    } cases[] = {{0.5, "0.5"},           {2.0, "2"},      {1.0 / 3.0, "0.3333"},
                 {0.66666, "0.6667"},    {-0.00001, "0"}, {-2.5, "-2.5"},
                 {1234567.0, "1234567"}, {NAN, "null"},   {INFINITY, "null"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct sink s;
        sink_open(&s);
        jsonw_double(&s.w, cases[i].value);
        char *text = sink_close(&s);
        char expected[64];
        snprintf(expected, sizeof expected, "%s\n", cases[i].text);
        if (strcmp(text, expected) != 0)
            fail_msg("%g: got '%s', expected '%s'", cases[i].value, text, cases[i].text);
        free(text);
    }
}

static void test_raw_values_are_written_as_given(void **state)
{
    (void)state;
    struct sink s;
    sink_open(&s);
    jsonw_object_begin(&s.w);
    jsonw_key(&s.w, "ratio");
    jsonw_raw(&s.w, "[25.0,5.0,1]");
    jsonw_key(&s.w, "big");
    jsonw_int(&s.w, 9007199254740993LL);
    jsonw_object_end(&s.w);
    char *text = sink_close(&s);
    assert_string_equal(text, "{\n  \"ratio\": [25.0,5.0,1],\n  \"big\": 9007199254740993\n}\n");
    free(text);
}

static void test_finish_reports_a_failed_write(void **state)
{
    (void)state;
    FILE *fp = fopen("/dev/full", "w");
    if (!fp) skip();
    struct jsonw w;
    jsonw_init(&w, fp);
    jsonw_object_begin(&w);
    jsonw_key(&w, "a");
    jsonw_int(&w, 1);
    jsonw_object_end(&w);
    assert_int_equal(jsonw_finish(&w), -1);
    fclose(fp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nested_objects_and_arrays_are_indented_two_spaces),
        cmocka_unit_test(test_strings_escape_quotes_backslashes_and_control_characters),
        cmocka_unit_test(test_keys_are_escaped_like_strings),
        cmocka_unit_test(test_doubles_have_at_most_four_decimals_and_no_trailing_zeros),
        cmocka_unit_test(test_raw_values_are_written_as_given),
        cmocka_unit_test(test_finish_reports_a_failed_write),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
