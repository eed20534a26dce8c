/* test_encoding.c - pins down encoding.c: the names of encodings, the
 * validators of UTF-8 and GB18030, telling one from the other (DOMAIN.md
 * section 3.3), and converting GB18030 to UTF-8. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "encoding.h"

/* "销售顾问" (salesperson) in each encoding */
#define SALES_UTF8 "\xE9\x94\x80\xE5\x94\xAE\xE9\xA1\xBE\xE9\x97\xAE"
#define SALES_GB "\xCF\xFA\xCA\xDB\xB9\xCB\xCE\xCA"
#define REPLACEMENT "\xEF\xBF\xBD"

static const char chinese_text[] = "日期,销售顾问,顾客姓名,联系电话,意向车型,结果\n"
                                   "2026-09-05,张伟,李先生,13800138000,卡罗拉,继续跟进\n"
                                   "2026-09-06,王芳,赵女士,13912345678,凯美瑞,已订车\n";

/* ---- helpers ---- */

static size_t bad_utf8(const char *s, size_t len)
{
    return encoding_invalid_utf8((const unsigned char *)s, len);
}

static size_t bad_gb(const char *s, size_t len)
{
    return encoding_invalid_gb18030((const unsigned char *)s, len);
}

#define BAD_UTF8(lit) bad_utf8(lit, sizeof(lit) - 1)
#define BAD_GB(lit) bad_gb(lit, sizeof(lit) - 1)

/* The text converted from UTF-8 to GB18030 by the system's iconv (malloc'd). */
static char *to_gb18030(const char *utf8, size_t *outlen)
{
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    assert_true(cd != (iconv_t)-1);
    size_t len = strlen(utf8), left = len * 2 + 1;
    char *buf = malloc(left), *src = (char *)utf8, *dst = buf;
    assert_non_null(buf);
    assert_true(iconv(cd, &src, &len, &dst, &left) != (size_t)-1);
    iconv_close(cd);
    *outlen = (size_t)(dst - buf);
    return buf;
}

static enum encoding guess_chunked(const char *s, size_t len, size_t chunk,
                                   struct encoding_guess *g)
{
    encoding_guess_init(g);
    for (size_t i = 0; i < len; i += chunk)
        encoding_guess_feed(g, (const unsigned char *)s + i, len - i < chunk ? len - i : chunk);
    encoding_guess_finish(g);
    return encoding_guess_result(g);
}

static enum encoding guess(const char *s, size_t len)
{
    struct encoding_guess g;
    return guess_chunked(s, len, len ? len : 1, &g);
}

static void expect_converts(enum encoding enc, const char *text, size_t len, const char *expected)
{
    struct encoder *e = encoder_new(enc);
    assert_non_null(e);
    const char *out = NULL;
    size_t outlen = 0;
    if (encoder_to_utf8(e, text, len, &out, &outlen) != 0)
        fail_msg("encoder_to_utf8(%s) refused \"%s\"", encoding_name(enc), text);
    assert_int_equal(outlen, strlen(expected));
    assert_memory_equal(out, expected, outlen);
    assert_int_equal(out[outlen], '\0');
    encoder_free(e);
}

static void expect_refused(enum encoding enc, const char *text, size_t len)
{
    struct encoder *e = encoder_new(enc);
    assert_non_null(e);
    const char *out = NULL;
    size_t outlen = 0;
    if (encoder_to_utf8(e, text, len, &out, &outlen) == 0)
        fail_msg("encoder_to_utf8(%s) accepted %zu bytes \"%s\"", encoding_name(enc), len, text);
    encoder_free(e);
}

static void expect_lossy(enum encoding enc, const char *text, size_t len, const char *expected)
{
    struct encoder *e = encoder_new(enc);
    assert_non_null(e);
    const char *out = NULL;
    size_t outlen = 0;
    encoder_to_utf8_lossy(e, text, len, &out, &outlen);
    if (outlen != strlen(expected) || memcmp(out, expected, outlen) != 0)
        fail_msg("lossy %s gave \"%.*s\" (%zu bytes); expected \"%s\"", encoding_name(enc),
                 (int)outlen, out, outlen, expected);
    encoder_free(e);
}

/* ---- names ---- */

static void test_parse_accepts_the_three_names_in_any_case(void **state)
{
    (void)state;
    assert_int_equal(encoding_parse("auto"), ENCODING_AUTO);
    assert_int_equal(encoding_parse("AUTO"), ENCODING_AUTO);
    assert_int_equal(encoding_parse("utf-8"), ENCODING_UTF8);
    assert_int_equal(encoding_parse("UTF-8"), ENCODING_UTF8);
    assert_int_equal(encoding_parse("utf8"), ENCODING_UTF8);
    assert_int_equal(encoding_parse("Utf8"), ENCODING_UTF8);
    assert_int_equal(encoding_parse("gb18030"), ENCODING_GB18030);
    assert_int_equal(encoding_parse("GB18030"), ENCODING_GB18030);
    assert_int_equal(encoding_parse("gbk"), ENCODING_GB18030);
    assert_int_equal(encoding_parse("GBK"), ENCODING_GB18030);
}

static void test_parse_rejects_other_names(void **state)
{
    (void)state;
    assert_int_equal(encoding_parse(""), -1);
    assert_int_equal(encoding_parse("latin1"), -1);
    assert_int_equal(encoding_parse("utf-"), -1);
    assert_int_equal(encoding_parse("utf-88"), -1);
    assert_int_equal(encoding_parse("gb2312"), -1);
    assert_int_equal(encoding_parse(" utf-8"), -1);
}

static void test_name_of_each_encoding(void **state)
{
    (void)state;
    assert_string_equal(encoding_name(ENCODING_AUTO), "auto");
    assert_string_equal(encoding_name(ENCODING_UTF8), "utf-8");
    assert_string_equal(encoding_name(ENCODING_GB18030), "gb18030");
}

/* ---- validators ---- */

static void test_utf8_valid_text_has_no_invalid_bytes(void **state)
{
    (void)state;
    assert_int_equal(BAD_UTF8(""), 0);
    assert_int_equal(BAD_UTF8("plain ascii, 123"), 0);
    assert_int_equal(BAD_UTF8(SALES_UTF8), 0);
    assert_int_equal(BAD_UTF8("\xC2\xA9 \xF0\x9F\x98\x80 \xEF\xBF\xBD"), 0);
    assert_int_equal(bad_utf8(chinese_text, strlen(chinese_text)), 0);
}

static void test_utf8_counts_each_invalid_byte(void **state)
{
    (void)state;
    assert_int_equal(BAD_UTF8("\xFF"), 1);
    assert_int_equal(BAD_UTF8("a\x80z"), 1);           /* stray continuation */
    assert_int_equal(BAD_UTF8("\xC0\xAF"), 2);         /* overlong */
    assert_int_equal(BAD_UTF8("\xE9\x94"), 2);         /* cut at the end */
    assert_int_equal(BAD_UTF8("\xE9\x94z"), 2);        /* broken by ASCII */
    assert_int_equal(BAD_UTF8("\xED\xA0\x80"), 3);     /* surrogate */
    assert_int_equal(BAD_UTF8("\xF4\x90\x80\x80"), 4); /* above U+10FFFF */
    assert_int_equal(BAD_UTF8(SALES_GB), 6);
}

static void test_utf8_counts_nul_as_invalid(void **state)
{
    (void)state;
    assert_int_equal(bad_utf8("a\0b", 3), 1);
}

static void test_gb18030_valid_text_has_no_invalid_bytes(void **state)
{
    (void)state;
    assert_int_equal(BAD_GB(""), 0);
    assert_int_equal(BAD_GB("plain ascii, 123"), 0);
    assert_int_equal(BAD_GB(SALES_GB), 0);
    assert_int_equal(BAD_GB("\x94\x39\xFC\x36"), 0); /* a four-byte sequence */
    assert_int_equal(BAD_GB("\x81\x40\xFE\xFE"), 0);
}

static void test_gb18030_counts_each_invalid_byte(void **state)
{
    (void)state;
    assert_int_equal(BAD_GB("\x80"), 1);
    assert_int_equal(BAD_GB("\xFF"), 1);
    assert_int_equal(BAD_GB("\xCF"), 1);         /* lead byte at the end */
    assert_int_equal(BAD_GB("\xCF z"), 1);       /* lead byte broken by ASCII */
    assert_int_equal(BAD_GB("\xCF\x7F"), 1);     /* 0x7F is no trail byte */
    assert_int_equal(BAD_GB("\x81\x30\x81"), 3); /* four-byte sequence cut */
}

static void test_gb18030_counts_nul_as_invalid(void **state)
{
    (void)state;
    assert_int_equal(bad_gb("\xCF\xFA\0", 3), 1);
}

/* ---- guessing ---- */

static void test_guess_utf8_chinese_is_utf8(void **state)
{
    (void)state;
    assert_int_equal(guess(chinese_text, strlen(chinese_text)), ENCODING_UTF8);
}

static void test_guess_gb18030_chinese_is_gb18030(void **state)
{
    (void)state;
    size_t len;
    char *gb = to_gb18030(chinese_text, &len);
    assert_int_equal(guess(gb, len), ENCODING_GB18030);
    free(gb);
}

static void test_guess_ascii_is_a_tie_and_gives_utf8(void **state)
{
    (void)state;
    static const char ascii[] = "date,salesperson\n2026-09-05,Zhang\n";
    struct encoding_guess g;
    assert_int_equal(guess_chunked(ascii, sizeof ascii - 1, 8, &g), ENCODING_UTF8);
    assert_int_equal(g.bad_utf8, 0);
    assert_int_equal(g.bad_gb, 0);
    assert_int_equal(guess("", 0), ENCODING_UTF8);
}

static void test_guess_fed_byte_by_byte_equals_one_chunk(void **state)
{
    (void)state;
    size_t gblen;
    char *gb = to_gb18030(chinese_text, &gblen);
    /* both encodings and some broken bytes, so that sequences span chunks */
    size_t u8len = strlen(chinese_text), len = gblen + u8len + 6;
    char *mixed = malloc(len);
    assert_non_null(mixed);
    memcpy(mixed, gb, gblen);
    memcpy(mixed + gblen,
           "\xE9\x94"
           "\x81\x30"
           "\xFF\x80",
           6);
    memcpy(mixed + gblen + 6, chinese_text, u8len);

    const char *inputs[] = {chinese_text, gb, mixed};
    const size_t lengths[] = {u8len, gblen, len};
    for (int k = 0; k < 3; k++) {
        struct encoding_guess whole, bytes;
        enum encoding a = guess_chunked(inputs[k], lengths[k], lengths[k], &whole);
        enum encoding b = guess_chunked(inputs[k], lengths[k], 1, &bytes);
        assert_int_equal(a, b);
        assert_int_equal(whole.bad_utf8, bytes.bad_utf8);
        assert_int_equal(whole.bad_gb, bytes.bad_gb);
        assert_int_equal(whole.bad_utf8, bad_utf8(inputs[k], lengths[k]));
        assert_int_equal(whole.bad_gb, bad_gb(inputs[k], lengths[k]));
        /* the UTF-8 count alone, as a reader checks a file, in chunks of
         * 1 to 7 bytes so that sequences of every length span them */
        for (size_t chunk = 1; chunk <= 7; chunk++) {
            struct encoding_guess alone;
            encoding_guess_init(&alone);
            for (size_t i = 0; i < lengths[k]; i += chunk)
                encoding_utf8_feed(&alone, (const unsigned char *)inputs[k] + i,
                                   lengths[k] - i < chunk ? lengths[k] - i : chunk);
            encoding_guess_finish(&alone);
            assert_int_equal(alone.bad_utf8, whole.bad_utf8);
            assert_int_equal(alone.bad_gb, 0);
        }
    }
    free(mixed);
    free(gb);
}

/* Three-byte sequences next to the ones UTF-8 forbids: E0 and ED limit
 * their second byte, and a sequence cut short counts its bytes. */
static void test_utf8_three_byte_sequences_at_their_limits(void **state)
{
    (void)state;
    assert_int_equal(BAD_UTF8("\xE4\xB8\xAD\xE6\x96\x87" "ab\xEF\xBF\xBD"), 0);
    assert_int_equal(BAD_UTF8("\xE0\xA0\x80\xED\x9F\xBF"), 0);
    assert_int_equal(BAD_UTF8("\xE0\x80\x80"), 3);     /* overlong */
    assert_int_equal(BAD_UTF8("\xED\xA0\x80"), 3);     /* a surrogate */
    assert_int_equal(BAD_UTF8("\xE4\xB8\xE6\x96\x87"), 2); /* the first cut short */
    assert_int_equal(BAD_UTF8("\xE4\xB8\xADx\xE4\xB8"), 2); /* cut by the end */
    assert_int_equal(BAD_UTF8("\xE4\xB8\xAD\0"), 1);
}

/* ---- conversion ---- */

static void test_gb18030_salesperson_converts_to_utf8(void **state)
{
    (void)state;
    expect_converts(ENCODING_GB18030, SALES_GB, sizeof SALES_GB - 1, SALES_UTF8);
    expect_converts(ENCODING_GB18030, "a," SALES_GB, sizeof SALES_GB + 1, "a," SALES_UTF8);
    expect_converts(ENCODING_GB18030, "\x94\x39\xFC\x36", 4, "\xF0\x9F\x98\x80");
    expect_converts(ENCODING_GB18030, "", 0, "");
}

static void test_gb18030_whole_file_converts_like_iconv(void **state)
{
    (void)state;
    size_t len;
    char *gb = to_gb18030(chinese_text, &len);
    expect_converts(ENCODING_GB18030, gb, len, chinese_text);
    free(gb);
}

static void test_gb18030_invalid_sequence_is_refused(void **state)
{
    (void)state;
    expect_refused(ENCODING_GB18030, "\xCF\xFA\x80", 3);
    expect_refused(ENCODING_GB18030, "\xCF", 1);
    expect_refused(ENCODING_GB18030, "\xCF z", 3);
    expect_refused(ENCODING_GB18030, "\xFF", 1);
    expect_refused(ENCODING_GB18030, "a\0b", 3);
}

static void test_utf8_passes_valid_text_through(void **state)
{
    (void)state;
    struct encoder *e = encoder_new(ENCODING_UTF8);
    assert_non_null(e);
    const char *out = NULL;
    size_t outlen = 0;
    assert_int_equal(encoder_to_utf8(e, SALES_UTF8, sizeof SALES_UTF8 - 1, &out, &outlen), 0);
    assert_ptr_equal(out, SALES_UTF8);
    assert_int_equal(outlen, sizeof SALES_UTF8 - 1);
    encoder_free(e);
}

static void test_utf8_invalid_bytes_are_refused(void **state)
{
    (void)state;
    expect_refused(ENCODING_UTF8, "\xFF", 1);
    expect_refused(ENCODING_UTF8, SALES_GB, sizeof SALES_GB - 1);
    expect_refused(ENCODING_UTF8, "\xE9\x94", 2);
    expect_refused(ENCODING_UTF8, "a\0b", 3);
}

static void test_lossy_replaces_bad_utf8_bytes(void **state)
{
    (void)state;
    expect_lossy(ENCODING_UTF8,
                 "a\xFF"
                 "b",
                 3, "a" REPLACEMENT "b");
    expect_lossy(ENCODING_UTF8, SALES_UTF8 "\x80", sizeof SALES_UTF8, SALES_UTF8 REPLACEMENT);
    expect_lossy(ENCODING_UTF8, "x\0y", 3, "x" REPLACEMENT "y");
    expect_lossy(ENCODING_UTF8, "ok", 2, "ok");
}

static void test_lossy_replaces_bad_gb18030_bytes(void **state)
{
    (void)state;
    expect_lossy(ENCODING_GB18030, "\xCF\xFA\x80\xCA\xDB", 5,
                 "\xE9\x94\x80" REPLACEMENT "\xE5\x94\xAE");
    expect_lossy(ENCODING_GB18030, "\xCF z", 3, REPLACEMENT " z");
    expect_lossy(ENCODING_GB18030, "a\0" SALES_GB, sizeof SALES_GB + 1, "a" REPLACEMENT SALES_UTF8);
    expect_lossy(ENCODING_GB18030, SALES_GB, sizeof SALES_GB - 1, SALES_UTF8);
}

static void test_new_and_free(void **state)
{
    (void)state;
    struct encoder *e = encoder_new(ENCODING_GB18030);
    assert_non_null(e);
    encoder_free(e);
    encoder_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_accepts_the_three_names_in_any_case),
        cmocka_unit_test(test_parse_rejects_other_names),
        cmocka_unit_test(test_name_of_each_encoding),
        cmocka_unit_test(test_utf8_valid_text_has_no_invalid_bytes),
        cmocka_unit_test(test_utf8_counts_each_invalid_byte),
        cmocka_unit_test(test_utf8_counts_nul_as_invalid),
        cmocka_unit_test(test_gb18030_valid_text_has_no_invalid_bytes),
        cmocka_unit_test(test_gb18030_counts_each_invalid_byte),
        cmocka_unit_test(test_gb18030_counts_nul_as_invalid),
        cmocka_unit_test(test_guess_utf8_chinese_is_utf8),
        cmocka_unit_test(test_guess_gb18030_chinese_is_gb18030),
        cmocka_unit_test(test_guess_ascii_is_a_tie_and_gives_utf8),
        cmocka_unit_test(test_guess_fed_byte_by_byte_equals_one_chunk),
        cmocka_unit_test(test_utf8_three_byte_sequences_at_their_limits),
        cmocka_unit_test(test_gb18030_salesperson_converts_to_utf8),
        cmocka_unit_test(test_gb18030_whole_file_converts_like_iconv),
        cmocka_unit_test(test_gb18030_invalid_sequence_is_refused),
        cmocka_unit_test(test_utf8_passes_valid_text_through),
        cmocka_unit_test(test_utf8_invalid_bytes_are_refused),
        cmocka_unit_test(test_lossy_replaces_bad_utf8_bytes),
        cmocka_unit_test(test_lossy_replaces_bad_gb18030_bytes),
        cmocka_unit_test(test_new_and_free),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
