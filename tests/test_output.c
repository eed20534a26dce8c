/* test_output.c - pins down output.c: CSV cells that Excel opens safely
 * (quoting, the formula guard of DOMAIN.md section 8), the width of UTF-8
 * text in a terminal, control characters shown as escapes, cuts at
 * character boundaries, and the report folder and its files (never
 * following a planted link, never changing what exists). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* ---- terminal text ---- */

static void expect_escaped(const char *text, size_t size, const char *expected)
{
    char out[256];
    output_terminal_escape(text, out, size);
    if (strcmp(out, expected) != 0)
        fail_msg("output_terminal_escape(size %zu) gave [%s]; expected [%s]", size, out, expected);
}

static void test_escape_shows_c0_del_and_c1_as_hex(void **state)
{
    (void)state;
    expect_escaped("a\x1b[31mred", 256, "a\\x1b[31mred");
    expect_escaped("tab\there\r\n", 256, "tab\\x09here\\x0d\\x0a");
    expect_escaped("\x07\x7f", 256, "\\x07\\x7f");
    /* U+009B (CSI) and U+0085 are C1 controls: two bytes in UTF-8 each */
    expect_escaped("x\xC2\x9B"
                   "2J\xC2\x85",
                   256, "x\\x9b2J\\x85");
}

static void test_escape_keeps_printable_utf8_and_marks_invalid_bytes(void **state)
{
    (void)state;
    expect_escaped("张伟 A+ é \xC2\xA0", 256, "张伟 A+ é \xC2\xA0"); /* U+00A0 is not C1 */
    expect_escaped("a\xFF"
                   "b",
                   256, "a\\xffb");
    expect_escaped("\xE5\xBC", 256, "\\xe5\\xbc");     /* a cut character */
    expect_escaped("\\x1b stays", 256, "\\x1b stays"); /* a backslash is not a control */
}

static void test_escape_cuts_before_a_character_or_an_escape(void **state)
{
    (void)state;
    expect_escaped("ab\x1b", 6, "ab");      /* \x1b needs 4 bytes, 3 are left */
    expect_escaped("ab\x1b", 7, "ab\\x1b"); /* 2 + 4 + NUL */
    expect_escaped("a张伟", 6, "a张");      /* 1 + 3, and 伟 would need 3 more */
    expect_escaped("a张伟", 4, "a");
    expect_escaped("abc", 1, "");
}

static void test_terminal_printf_escapes_values_and_keeps_the_final_newline(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t size = 0;
    FILE *fp = open_memstream(&buf, &size);
    assert_non_null(fp);
    output_terminal_printf(fp, "%s: line %d\n", "f\x1b]0;x\x07.csv", 3);
    output_terminal_printf(fp, "  %s", "two\nlines\n");
    fclose(fp);
    assert_string_equal(buf, "f\\x1b]0;x\\x07.csv: line 3\n  two\\x0alines\\x0a");
    free(buf);
}

static void test_utf8_trim_drops_only_a_cut_character(void **state)
{
    (void)state;
    char text[32];
    strcpy(text, "ab\xE5\xBC");
    output_utf8_trim(text);
    assert_string_equal(text, "ab");
    strcpy(text, "ab\xE5");
    output_utf8_trim(text);
    assert_string_equal(text, "ab");
    strcpy(text, "a\xF0\x9F\x98");
    output_utf8_trim(text);
    assert_string_equal(text, "a");
    strcpy(text, "ab张");
    output_utf8_trim(text);
    assert_string_equal(text, "ab张");
    strcpy(text, "a\xF0\x9F\x98\x80");
    output_utf8_trim(text);
    assert_string_equal(text, "a\xF0\x9F\x98\x80");
    strcpy(text, "plain");
    output_utf8_trim(text);
    assert_string_equal(text, "plain");
}

/* ---- the report folder and its files ---- */

/* The text of the file at path (malloc'd). */
static char *read_text(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) fail_msg("cannot read %s", path);
    char *buf = calloc(1, 4096);
    assert_non_null(buf);
    if (fread(buf, 1, 4095, fp) == 0 && ferror(fp)) fail_msg("cannot read %s", path);
    fclose(fp);
    return buf;
}

/* A fresh folder under /tmp for one test; the caller removes it with rm -rf. */
static void scratch(char *dir, size_t size)
{
    snprintf(dir, size, "/tmp/funnel-test-output-XXXXXX");
    if (!mkdtemp(dir)) fail_msg("cannot make a temporary folder");
}

static void remove_tree(const char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) fail_msg("cannot remove %s", dir);
}

static void write_text(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

static mode_t mode_of(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0) fail_msg("%s does not exist", path);
    return st.st_mode;
}

static void test_missing_folder_is_made_0700_with_its_parents(void **state)
{
    (void)state;
    char base[64], dir[128], err[512];
    scratch(base, sizeof base);
    snprintf(dir, sizeof dir, "%s/a/b/", base);
    mode_t old = umask(0277); /* mkdir alone would give 0500 */
    int rc = output_dir_prepare(dir, err, sizeof err);
    umask(old);
    if (rc != 0) fail_msg("output_dir_prepare: %s", err);
    snprintf(dir, sizeof dir, "%s/a/b", base);
    assert_true(S_ISDIR(mode_of(dir)));
    assert_int_equal(mode_of(dir) & 07777, 0700);
    remove_tree(base);
}

static void test_existing_folder_is_used_as_it_is(void **state)
{
    (void)state;
    char dir[64], err[512];
    scratch(dir, sizeof dir);
    assert_int_equal(chmod(dir, 01777), 0); /* like /tmp: sticky, world-writable */
    if (output_dir_prepare(dir, err, sizeof err) != 0) fail_msg("output_dir_prepare: %s", err);
    assert_int_equal(mode_of(dir) & 07777, 01777);
    remove_tree(dir);
}

static void test_symlink_file_and_foreign_folder_are_refused_unchanged(void **state)
{
    (void)state;
    char base[64], path[128], target[128], err[512];
    scratch(base, sizeof base);
    snprintf(target, sizeof target, "%s/real", base);
    assert_int_equal(mkdir(target, 0755), 0);
    assert_int_equal(chmod(target, 0755), 0);

    snprintf(path, sizeof path, "%s/link", base);
    assert_int_equal(symlink("real", path), 0);
    assert_int_equal(output_dir_prepare(path, err, sizeof err), -1);
    assert_non_null(strstr(err, "symbolic link"));
    assert_int_equal(mode_of(target) & 07777, 0755);
    snprintf(path, sizeof path, "%s/link/", base); /* a trailing slash does not follow it */
    assert_int_equal(output_dir_prepare(path, err, sizeof err), -1);
    assert_non_null(strstr(err, "symbolic link"));

    snprintf(path, sizeof path, "%s/file", base);
    write_text(path, "x");
    assert_int_equal(chmod(path, 0644), 0);
    assert_int_equal(output_dir_prepare(path, err, sizeof err), -1);
    assert_non_null(strstr(err, "not a folder"));
    assert_int_equal(mode_of(path) & 07777, 0644);

    if (geteuid() == 0) { /* only root can give a folder to another user */
        assert_int_equal(chown(target, 65534, 65534), 0);
        assert_int_equal(output_dir_prepare(target, err, sizeof err), -1);
        assert_non_null(strstr(err, "another user"));
        assert_int_equal(mode_of(target) & 07777, 0755);
    }
    remove_tree(base);
}

static void test_file_replaces_a_planted_link_without_writing_through_it(void **state)
{
    (void)state;
    char dir[64], victim[128], path[128], hard[128], err[512];
    scratch(dir, sizeof dir);
    snprintf(victim, sizeof victim, "%s/victim", dir);
    write_text(victim, "secret");
    snprintf(path, sizeof path, "%s/report.html", dir);
    assert_int_equal(symlink(victim, path), 0);
    snprintf(hard, sizeof hard, "%s/report.csv", dir);
    assert_int_equal(link(victim, hard), 0);

    const char *names[] = {"report.html", "report.csv"};
    for (int i = 0; i < 2; i++) {
        struct output_file f;
        if (output_file_open(&f, dir, names[i], err, sizeof err) != 0)
            fail_msg("output_file_open: %s", err);
        fputs("<p>new</p>", f.fp);
        if (output_file_commit(&f, err, sizeof err) != 0) fail_msg("commit: %s", err);
    }
    char *text = read_text(victim);
    assert_string_equal(text, "secret");
    free(text);
    const char *paths[] = {path, hard};
    for (int i = 0; i < 2; i++) {
        mode_t mode = mode_of(paths[i]);
        assert_true(S_ISREG(mode));
        assert_int_equal(mode & 07777, 0600);
        text = read_text(paths[i]);
        assert_string_equal(text, "<p>new</p>");
        free(text);
    }
    remove_tree(dir);
}

static void test_write_error_is_reported_and_leaves_nothing(void **state)
{
    (void)state;
    char dir[64], path[128], err[512];
    scratch(dir, sizeof dir);
    struct rlimit old, small;
    assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
    small = old;
    small.rlim_cur = 1000;
    void (*old_handler)(int) = signal(SIGXFSZ, SIG_IGN);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
    struct output_file f;
    int opened = output_file_open(&f, dir, "big.json", err, sizeof err);
    int rc = -1;
    if (opened == 0) {
        for (int i = 0; i < 1000; i++)
            fputs("0123456789", f.fp);
        rc = output_file_commit(&f, err, sizeof err);
    }
    setrlimit(RLIMIT_FSIZE, &old);
    signal(SIGXFSZ, old_handler);
    assert_int_equal(opened, 0);
    assert_int_equal(rc, -1);
    assert_non_null(strstr(err, "big.json: cannot write: File too large"));
    snprintf(path, sizeof path, "rmdir '%s'", dir); /* the temporary file is gone too */
    assert_int_equal(system(path), 0);
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
        cmocka_unit_test(test_escape_shows_c0_del_and_c1_as_hex),
        cmocka_unit_test(test_escape_keeps_printable_utf8_and_marks_invalid_bytes),
        cmocka_unit_test(test_escape_cuts_before_a_character_or_an_escape),
        cmocka_unit_test(test_terminal_printf_escapes_values_and_keeps_the_final_newline),
        cmocka_unit_test(test_utf8_trim_drops_only_a_cut_character),
        cmocka_unit_test(test_missing_folder_is_made_0700_with_its_parents),
        cmocka_unit_test(test_existing_folder_is_used_as_it_is),
        cmocka_unit_test(test_symlink_file_and_foreign_folder_are_refused_unchanged),
        cmocka_unit_test(test_file_replaces_a_planted_link_without_writing_through_it),
        cmocka_unit_test(test_write_error_is_reported_and_leaves_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
