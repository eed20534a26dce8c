/* test_i18n.c - end to end: ./funnel speaks Simplified Chinese when the
 * locale is Chinese (LANG=zh_CN.UTF-8) and English otherwise, through
 * gettext and po/zh_CN.po; what the database stores and what scripts read
 * (reject reasons, JSON keys) does not change with the locale. Needs the
 * zh_CN.UTF-8 locale, which src/tools/deps.sh makes. */
#include "testutil.h"

#define DATA "data/i18n/"

/* Runs a funnel command line (TU_FUNNEL ...) with the messages' locale set
 * to locale (LC_ALL and LANG; LANGUAGE unset, as it would override them),
 * and the catalogs found where the build put them unless locale_dir is
 * given ($FUNNEL_LOCALEDIR). Returns the exit status; out as tu_run. */
static int run_in(const char *locale, const char *locale_dir, char **out, const char *cmdline)
{
    setenv("LC_ALL", locale, 1);
    setenv("LANG", locale, 1);
    unsetenv("LANGUAGE");
    if (locale_dir)
        setenv("FUNNEL_LOCALEDIR", locale_dir, 1);
    else
        unsetenv("FUNNEL_LOCALEDIR");
    int status = tu_run(cmdline, out);
    unsetenv("LC_ALL");
    unsetenv("LANG");
    unsetenv("FUNNEL_LOCALEDIR");
    return status;
}

static void expect_in(const char *text, const char *needle)
{
    if (!strstr(text, needle)) fail_msg("expected '%s' in:\n%s", needle, text);
}

static void expect_not_in(const char *text, const char *needle)
{
    if (strstr(text, needle)) fail_msg("did not expect '%s' in:\n%s", needle, text);
}

/* The Chinese locale must exist, or setlocale falls back to C in silence
 * and every Chinese check below would fail for a reason it does not say. */
static int setup_chinese_locale(void **state)
{
    (void)state;
    char *out = NULL;
    tu_run("locale -a", &out);
    int found = out && (strstr(out, "zh_CN.utf8") || strstr(out, "zh_CN.UTF-8"));
    if (!found)
        fprintf(stderr, "the zh_CN.UTF-8 locale is not installed: run src/tools/deps.sh (as root)"
                        " or localedef -i zh_CN -f UTF-8 zh_CN.UTF-8\n");
    free(out);
    return found ? 0 : -1;
}

static void test_help_is_chinese_under_a_chinese_locale(void **state)
{
    (void)state;
    char *out = NULL;
    assert_int_equal(run_in("zh_CN.UTF-8", NULL, &out, TU_FUNNEL " --help"), 0);
    expect_in(out, "用法：");
    expect_in(out, "导入来店和来电登记表（CSV）");
    expect_in(out, "按规则文件的格式输出当前生效的规则");
    /* the synopsis keeps the command and option names */
    expect_in(out, "funnel [--db FILE] import [--kind visits|calls|targets|assignments]");
    expect_not_in(out, "Usage:");
    expect_not_in(out, "Imports visit and phone logs");
    free(out);

    assert_int_equal(run_in("zh_CN.UTF-8", NULL, &out, TU_FUNNEL " grade --help"), 0);
    expect_in(out, "并输出各级别、已交车、战败和失控的客户数");
    free(out);
}

static void test_help_is_english_under_the_c_locale(void **state)
{
    (void)state;
    char *out = NULL;
    assert_int_equal(run_in("C", NULL, &out, TU_FUNNEL " --help"), 0);
    expect_in(out, "\n\nUsage:\nfunnel [--db FILE] import [--kind visits|calls|targets|assignments]\n");
    expect_in(out, "  Imports visit and phone logs (CSV). Bad rows go to the quarantine with their"
                   " line\n");
    expect_not_in(out, "用法");
    free(out);
}

static void test_a_missing_file_is_reported_in_the_locales_language(void **state)
{
    (void)state;
    char db[256], *out = NULL;
    tu_fresh_db(db, sizeof db, "i18n-missing");
    char cmd[512];
    snprintf(cmd, sizeof cmd, TU_FUNNEL " --db '%s' import " DATA "no_such_file.csv 2>&1", db);
    assert_int_equal(run_in("zh_CN.UTF-8", NULL, &out, cmd), 1);
    expect_in(out, "funnel: " DATA "no_such_file.csv: 无法打开：");
    expect_not_in(out, "cannot open");
    free(out);

    assert_int_equal(run_in("C", NULL, &out, cmd), 1);
    expect_in(out, "funnel: " DATA "no_such_file.csv: cannot open: ");
    expect_not_in(out, "无法打开");
    free(out);
}

static void test_a_bad_option_is_reported_in_the_locales_language(void **state)
{
    (void)state;
    char *out = NULL;
    const char *cmd = TU_FUNNEL " import --kind shop " DATA "visits_one_rejected.csv 2>&1";
    assert_int_equal(run_in("zh_CN.UTF-8", NULL, &out, cmd), 1);
    expect_in(out, "funnel: --kind 只能是 visits、calls、targets 或 assignments，不能是 'shop'\n");
    free(out);
    assert_int_equal(run_in("C", NULL, &out, cmd), 1);
    expect_in(out, "funnel: --kind must be visits, calls, targets or assignments, not 'shop'\n");
    free(out);
}

/* Imports visits_one_rejected.csv (line 2 imported, line 3 without a
 * salesperson) into a fresh database db called name, under locale, with
 * the import's options; returns the exit status, out as tu_run. */
static int import_in(const char *locale, char *db, size_t size, const char *name,
                     const char *options, char **out)
{
    char cmd[512];
    tu_fresh_db(db, size, name);
    snprintf(cmd, sizeof cmd,
             TU_FUNNEL " --db '%s' import %s --kind visits " DATA "visits_one_rejected.csv", db,
             options);
    return run_in(locale, NULL, out, cmd);
}

static void test_the_import_summary_is_translated_and_the_stored_reason_is_not(void **state)
{
    (void)state;
    char db[256], *out = NULL;
    assert_int_equal(import_in("zh_CN.UTF-8", db, sizeof db, "i18n-summary-zh", "", &out), 2);
    expect_in(out, DATA "visits_one_rejected.csv：读取 2，导入 1，重复 0，拒收 1，跳过 0，警告 0"
                        "（visits，utf-8）\n");
    /* the reason is the one the quarantine stores, the same in any locale */
    expect_in(out, "  " DATA "visits_one_rejected.csv:3: missing salesperson\n");
    free(out);
    char *reason = tu_db_text(db, "SELECT reason FROM quarantine");
    assert_string_equal(reason, "missing salesperson");
    free(reason);

    /* the English line, which src/tools/bench.sh reads, as it always was */
    assert_int_equal(import_in("C", db, sizeof db, "i18n-summary-c", "", &out), 2);
    expect_in(out, DATA "visits_one_rejected.csv: read 2, imported 1, duplicates 0, rejected 1,"
                        " skipped 0, warnings 0 (visits, utf-8)\n");
    free(out);
}

static void test_json_keeps_its_keys_under_a_chinese_locale(void **state)
{
    (void)state;
    char db[256], *out = NULL;
    assert_int_equal(import_in("zh_CN.UTF-8", db, sizeof db, "i18n-json", "--format json", &out),
                     2);
    assert_int_equal(tu_json_int(out, "$.files[0].read"), 2);
    assert_int_equal(tu_json_int(out, "$.files[0].imported"), 1);
    assert_int_equal(tu_json_int(out, "$.files[0].rejected"), 1);
    char *kind = tu_json_text(out, "$.files[0].kind");
    assert_string_equal(kind, "visits");
    free(kind);
    free(out);
}

/* $FUNNEL_LOCALEDIR overrides where the catalogs are: a folder without
 * them leaves the messages in English, whatever the locale. */
static void test_funnel_localedir_overrides_the_catalogs_folder(void **state)
{
    (void)state;
    char *out = NULL;
    assert_int_equal(run_in("zh_CN.UTF-8", "/nonexistent-funnel-locale", &out, TU_FUNNEL " --help"),
                     0);
    expect_in(out, "Usage:");
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_help_is_chinese_under_a_chinese_locale),
        cmocka_unit_test(test_help_is_english_under_the_c_locale),
        cmocka_unit_test(test_a_missing_file_is_reported_in_the_locales_language),
        cmocka_unit_test(test_a_bad_option_is_reported_in_the_locales_language),
        cmocka_unit_test(test_the_import_summary_is_translated_and_the_stored_reason_is_not),
        cmocka_unit_test(test_json_keeps_its_keys_under_a_chinese_locale),
        cmocka_unit_test(test_funnel_localedir_overrides_the_catalogs_folder),
    };
    return cmocka_run_group_tests(tests, setup_chinese_locale, NULL);
}
