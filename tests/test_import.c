/* test_import.c - end-to-end tests of `funnel import` and `funnel rejects`
 * on the small files in tests/data/import/: the per-file summary, the exit
 * status, the quarantine, warnings, duplicates, atomicity and the customers
 * view (DOMAIN.md sections 3, 4 and 9). */
#include "testutil.h"

#include <sys/stat.h>

#define DATA "data/import/"

/* ---- helpers ---- */

/* Every file of an import summary must add up: read = imported +
 * duplicates + rejected. */
static void expect_balanced(const char *json)
{
    char *n = tu_json_eval(json, "json_array_length(?1, '$.files')");
    int files = atoi(n);
    free(n);
    for (int i = 0; i < files; i++) {
        char path[64];
        long long v[4];
        const char *keys[4] = {"read", "imported", "duplicates", "rejected"};
        for (int k = 0; k < 4; k++) {
            snprintf(path, sizeof path, "$.files[%d].%s", i, keys[k]);
            v[k] = tu_json_int(json, path);
        }
        if (v[0] != v[1] + v[2] + v[3])
            fail_msg("file %d: read %lld != imported %lld + duplicates %lld + rejected %lld", i,
                     v[0], v[1], v[2], v[3]);
    }
}

/* Runs `funnel --db db import --format json [options] files`; returns the
 * exit status and the JSON (malloc'd), checked for balance. */
static int import_json(const char *db, const char *args, char **json)
{
    int status =
        tu_runf(json, TU_FUNNEL " --db '%s' import --format json %s 2>/dev/null", db, args);
    expect_balanced(*json);
    return status;
}

/* Like import_json, for tests that only want the exit status. */
static int import_status(const char *db, const char *args)
{
    char *json = NULL;
    int status = import_json(db, args, &json);
    free(json);
    return status;
}

static void expect_counts(const char *json, int file, long long read, long long imported,
                          long long duplicates, long long rejected, long long warnings)
{
    char path[64];
    const char *keys[5] = {"read", "imported", "duplicates", "rejected", "warnings"};
    const long long want[5] = {read, imported, duplicates, rejected, warnings};
    for (int k = 0; k < 5; k++) {
        snprintf(path, sizeof path, "$.files[%d].%s", file, keys[k]);
        long long got = tu_json_int(json, path);
        if (got != want[k]) fail_msg("%s is %lld; expected %lld in:\n%s", path, got, want[k], json);
    }
}

static void expect_json_text(const char *json, const char *path, const char *expected)
{
    char *got = tu_json_text(json, path);
    if (strcmp(got, expected) != 0) fail_msg("%s is \"%s\"; expected \"%s\"", path, got, expected);
    free(got);
}

static void expect_file_kind(const char *json, int file, const char *kind, const char *encoding)
{
    char path[64];
    snprintf(path, sizeof path, "$.files[%d].kind", file);
    expect_json_text(json, path, kind);
    snprintf(path, sizeof path, "$.files[%d].encoding", file);
    expect_json_text(json, path, encoding);
}

static void expect_db_text(const char *db, const char *expected, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *sql = sqlite3_vmprintf(fmt, ap);
    va_end(ap);
    char *got = tu_db_text(db, "%s", sql);
    if (strcmp(got, expected) != 0) fail_msg("%s gave \"%s\"; expected \"%s\"", sql, got, expected);
    free(got);
    sqlite3_free(sql);
}

/* Exactly one quarantine row for file:line, with needle in its reason. */
static void expect_reject(const char *db, const char *file, int line, const char *needle)
{
    long long n =
        tu_db_int(db, "SELECT count(*) FROM quarantine WHERE file = %Q AND line = %d", file, line);
    if (n != 1) fail_msg("%lld quarantine rows for %s:%d; expected 1", n, file, line);
    char *reason =
        tu_db_text(db, "SELECT reason FROM quarantine WHERE file = %Q AND line = %d", file, line);
    if (!strstr(reason, needle))
        fail_msg("reason for %s:%d is \"%s\"; expected it to mention \"%s\"", file, line, reason,
                 needle);
    free(reason);
}

static void expect_warning(const char *db, const char *file, int line, const char *needle)
{
    long long n = tu_db_int(db,
                            "SELECT count(*) FROM warnings WHERE file = %Q AND line = %d"
                            " AND instr(message, %Q) > 0",
                            file, line, needle);
    if (n != 1)
        fail_msg("%lld warnings for %s:%d mentioning \"%s\"; expected 1", n, file, line, needle);
}

static long long count_rows(const char *db, const char *table)
{
    return tu_db_int(db, "SELECT count(*) FROM %s", table);
}

static int count_lines(const char *text)
{
    int n = 0;
    for (const char *p = text; *p; p++)
        n += *p == '\n';
    return n;
}

/* ---- files of each shape ---- */

static void test_utf8_bom_english_file_imports_every_row(void **state)
{
    (void)state;
    char db[256], *json;
    tu_fresh_db(db, sizeof db, "bom");
    assert_int_equal(import_json(db, DATA "visits_utf8_bom_english.csv", &json), 0);
    expect_counts(json, 0, 4, 4, 0, 0, 0);
    expect_file_kind(json, 0, "visits", "utf-8");
    expect_json_text(json, "$.files[0].file", DATA "visits_utf8_bom_english.csv");
    free(json);
    assert_int_equal(count_rows(db, "contacts"), 4);
    expect_db_text(db, "2026-09-01 10:00:00 Li Lei",
                   "SELECT day || ' ' || time || ' ' || customer FROM contacts WHERE line = 2");
    expect_db_text(db, "13700001111", "SELECT phone FROM contacts WHERE line = 5");
    expect_db_text(db, "DEFEAT", "SELECT outcome FROM contacts WHERE line = 5");
}

static void test_a_wrong_encoding_can_be_corrected_by_importing_again(void **state)
{
    (void)state;
    char db[256], *json;
    const char *file = DATA "visits_gb18030_english_header.csv";
    tu_fresh_db(db, sizeof db, "retry-encoding");
    char args[512];
    /* read as UTF-8, both rows hold bytes that are not UTF-8 */
    snprintf(args, sizeof args, "--encoding utf-8 %s", file);
    assert_int_equal(import_json(db, args, &json), 2);
    expect_counts(json, 0, 2, 0, 0, 2, 0);
    free(json);
    /* the import stored nothing, so the ledger does not hold the file back */
    snprintf(args, sizeof args, "--encoding gb18030 %s", file);
    assert_int_equal(import_json(db, args, &json), 0);
    expect_counts(json, 0, 2, 2, 0, 0, 0);
    assert_int_equal(tu_json_int(json, "$.files[0].known"), 0);
    free(json);
    expect_db_text(db, "李雷", "SELECT customer FROM contacts WHERE phone = '13800138000'");
}

static void test_gb18030_chinese_crlf_file_is_detected_and_converted(void **state)
{
    (void)state;
    char db[256], *json;
    tu_fresh_db(db, sizeof db, "gb");
    assert_int_equal(import_json(db, DATA "visits_gb18030_chinese_crlf.csv", &json), 2);
    expect_counts(json, 0, 4, 3, 0, 1, 0);
    expect_file_kind(json, 0, "visits", "gb18030");
    free(json);
    assert_int_equal(tu_db_int(db, "SELECT count(*) FROM contacts WHERE salesperson = '张伟'"), 2);
    expect_db_text(db, "李先生|2026-09-05|第一次来店",
                   "SELECT customer || '|' || day || '|' || notes FROM contacts WHERE line = 2");
    expect_db_text(db, "2026-09-06|1|0|ORDER|7",
                   "SELECT day || '|' || test_drive || '|' || quote || '|' || outcome || '|' ||"
                   " timeframe_days FROM contacts WHERE line = 3");
    expect_db_text(db, "2026-09-07|DEFEAT|价格太贵，买了本田",
                   "SELECT day || '|' || outcome || '|' || notes FROM contacts WHERE line = 4");
    assert_int_equal(
        tu_db_int(db, "SELECT count(*) FROM contacts WHERE instr(notes, char(13)) > 0"), 0);
    expect_reject(db, DATA "visits_gb18030_chinese_crlf.csv", 5, "not a date");
    expect_db_text(db, "下周,10:00,钱先生,13600002222,王芳,卡罗拉,否,否,,,日期写错了",
                   "SELECT raw FROM quarantine WHERE line = 5");
}

static void test_encoding_option_gb18030_reads_the_gb_file(void **state)
{
    (void)state;
    char db[256], *json;
    tu_fresh_db(db, sizeof db, "encgb");
    assert_int_equal(
        import_json(db, "--encoding gb18030 " DATA "visits_gb18030_chinese_crlf.csv", &json), 2);
    expect_counts(json, 0, 4, 3, 0, 1, 0);
    expect_file_kind(json, 0, "visits", "gb18030");
    free(json);
    assert_int_equal(tu_db_int(db, "SELECT count(*) FROM contacts WHERE customer = '王女士'"), 1);
}

static void test_encoding_option_utf8_refuses_the_gb_file(void **state)
{
    (void)state;
    char db[256], *json;
    tu_fresh_db(db, sizeof db, "encu8");
    assert_int_equal(
        import_json(db, "--encoding utf-8 " DATA "visits_gb18030_chinese_crlf.csv", &json), 1);
    expect_counts(json, 0, 0, 0, 0, 0, 0);
    char *error = tu_json_text(json, "$.files[0].error");
    assert_non_null(strstr(error, "visits_gb18030_chinese_crlf.csv"));
    assert_non_null(strstr(error, "utf-8"));
    free(error);
    free(json);
    assert_int_equal(count_rows(db, "contacts"), 0);
    assert_int_equal(count_rows(db, "imports"), 0);
}

static void test_encoding_option_value_is_checked(void **state)
{
    (void)state;
    char db[256];
    tu_fresh_db(db, sizeof db, "encbad");
    assert_int_equal(tu_runf(NULL, TU_FUNNEL " --db '%s' import --encoding latin1 %s 2>/dev/null",
                             db, DATA "visits_week1.csv"),
                     1);
}

/* ---- bad rows (DOMAIN.md section 4) ---- */

static void test_bad_visit_rows_are_quarantined_with_line_and_reason(void **state)
{
    (void)state;
    char db[256], *json;
    const char *file = DATA "visits_bad_rows.csv";
    tu_fresh_db(db, sizeof db, "badvisits");
    assert_int_equal(import_json(db, file, &json), 2);
    expect_counts(json, 0, 10, 3, 0, 7, 0);
    free(json);
    expect_reject(db, file, 3, "'2026-13-45' is not a date");
    expect_reject(db, file, 4, "missing date");
    expect_reject(db, file, 5, "missing salesperson");
    expect_reject(db, file, 6, "outcome 'maybe later'");
    expect_reject(db, file, 7, "test_drive 'perhaps'");
    expect_reject(db, file, 8, "more than the header");
    expect_reject(db, file, 11, "test_drive 'maybe'");
    assert_int_equal(count_rows(db, "quarantine"), 7);
    expect_db_text(db, "2026-13-45,Bad Date,13800138001,Zhang Wei,Corolla,N,follow",
                   "SELECT raw FROM quarantine WHERE line = 3");
}

static void test_multiline_row_and_trailing_empty_fields_are_imported(void **state)
{
    (void)state;
    char db[256];
    tu_fresh_db(db, sizeof db, "multiline");
    assert_int_equal(import_status(db, DATA "visits_bad_rows.csv"), 2);
    expect_db_text(db, "2 9 12",
                   "SELECT group_concat(line, ' ') FROM"
                   " (SELECT line FROM contacts ORDER BY line)");
    expect_db_text(db, "Multi\nLine", "SELECT customer FROM contacts WHERE line = 9");
}

static void test_bad_call_rows_are_quarantined_with_line_and_reason(void **state)
{
    (void)state;
    char db[256], *json;
    const char *file = DATA "calls_bad_rows.csv";
    tu_fresh_db(db, sizeof db, "badcalls");
    assert_int_equal(import_json(db, file, &json), 2);
    expect_counts(json, 0, 4, 1, 0, 3, 0);
    expect_file_kind(json, 0, "calls", "utf-8");
    char *first = tu_json_text(json, "$.files[0].rejects[0]");
    assert_string_equal(
        first, DATA "calls_bad_rows.csv:3: direction 'sideways' is neither in nor out: to accept"
                    " it, add a line \"in = sideways\" or \"out = sideways\" under"
                    " [directions] in a rules file (--rules FILE)");
    free(first);
    free(json);
    expect_reject(db, file, 3, "direction 'sideways'");
    expect_reject(db, file, 4, "datetime 'yesterday' is not a date");
    expect_reject(db, file, 5, "invited 'maybe'");
    expect_db_text(db, "in|120", "SELECT direction || '|' || duration FROM contacts");
}

static void test_invalid_utf8_bytes_reject_the_row(void **state)
{
    (void)state;
    char db[256], *json;
    const char *file = DATA "visits_invalid_utf8.csv";
    tu_fresh_db(db, sizeof db, "badutf8");
    assert_int_equal(import_json(db, file, &json), 2);
    expect_counts(json, 0, 2, 1, 0, 1, 0);
    expect_file_kind(json, 0, "visits", "utf-8");
    free(json);
    expect_reject(db, file, 3, "not valid utf-8");
    /* the raw text keeps the row, with U+FFFD for the bad byte */
    expect_db_text(db, "2026-09-01,Bad\xEF\xBF\xBDName,Zhang Wei",
                   "SELECT raw FROM quarantine WHERE line = 3");
}

static void test_encoding_option_utf8_rejects_only_the_bad_row(void **state)
{
    (void)state;
    char db[256], *json;
    tu_fresh_db(db, sizeof db, "badutf8opt");
    assert_int_equal(import_json(db, "--encoding utf8 " DATA "visits_invalid_utf8.csv", &json), 2);
    expect_counts(json, 0, 2, 1, 0, 1, 0);
    free(json);
}

/* Writes a visit log whose first 8000 rows (more than the bytes funnel
 * reads before it settles on UTF-8) are ASCII, followed by tail; returns
 * its path in path. */
static void write_late_tail_file(char *path, size_t size, const char *name, const char *tail)
{
    snprintf(path, size, "/tmp/funnel-test-%d-%s.csv", (int)getpid(), name);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    fputs("date,time_in,customer,phone,salesperson,model,outcome\n", fp);
    for (int i = 0; i < 8000; i++)
        fprintf(fp, "2026-10-%02d,10:00,customer%d,138%08d,Zhang,X5,\n", 1 + i % 28, i, i);
    fputs(tail, fp);
    assert_int_equal(fclose(fp), 0);
}

/* The first 260 KiB are ASCII, the Chinese rows at the end GB18030: the
 * file is GB18030 (DOMAIN.md 3.3, the encoding with fewer invalid bytes),
 * though it was read as UTF-8 until those rows. */
static void test_gb18030_met_late_in_the_file_reads_the_file_again_as_gb18030(void **state)
{
    (void)state;
    char db[256], file[256], *json;
    /* 王先生 and 张伟 in GB18030 */
    write_late_tail_file(file, sizeof file, "lategb",
                         "2026-10-29,11:00,\xCD\xF5\xCF\xC8\xC9\xFA,13900000001,"
                         "\xD5\xC5\xCE\xB0,X5,\n"
                         "2026-10-30,11:00,\xCD\xF5\xCF\xC8\xC9\xFA,13900000002,"
                         "\xD5\xC5\xCE\xB0,X5,\n");
    tu_fresh_db(db, sizeof db, "lategb");
    assert_int_equal(import_json(db, file, &json), 0);
    expect_counts(json, 0, 8002, 8002, 0, 0, 0);
    expect_file_kind(json, 0, "visits", "gb18030");
    free(json);
    assert_int_equal(tu_db_int(db, "SELECT count(*) FROM contacts WHERE customer = '王先生' AND"
                                   " salesperson = '张伟'"),
                     2);
    assert_int_equal(count_rows(db, "contacts"), 8002);
    expect_db_text(db, "gb18030", "SELECT group_concat(encoding) FROM imports");
    unlink(file);
}

/* A stray byte late in a UTF-8 file: still UTF-8 (its Chinese is valid
 * UTF-8), and only the row holding the byte is rejected. */
static void test_a_stray_byte_late_in_a_utf8_file_rejects_only_its_row(void **state)
{
    (void)state;
    char db[256], file[256], *json;
    write_late_tail_file(file, sizeof file, "latebad",
                         "2026-10-29,11:00,\xE7\x8E\x8B\xE5\x85\x88\xE7\x94\x9F,"
                         "13900000001,Zhang,X5,\n"
                         "2026-10-30,11:00,Bad\xFFName,13900000002,Zhang,X5,\n");
    tu_fresh_db(db, sizeof db, "latebad");
    assert_int_equal(import_json(db, file, &json), 2);
    expect_counts(json, 0, 8002, 8001, 0, 1, 0);
    expect_file_kind(json, 0, "visits", "utf-8");
    free(json);
    expect_reject(db, file, 8003, "not valid utf-8");
    assert_int_equal(tu_db_int(db, "SELECT count(*) FROM contacts WHERE customer = '王先生'"), 1);
    unlink(file);
}

static void test_unterminated_quote_at_the_end_rejects_that_row(void **state)
{
    (void)state;
    char db[256], *json;
    const char *file = DATA "visits_unterminated_quote.csv";
    tu_fresh_db(db, sizeof db, "openquote");
    int status = import_json(db, file, &json);
    expect_counts(json, 0, 3, 2, 0, 1, 0);
    free(json);
    assert_int_equal(status, 2);
    expect_reject(db, file, 3, "unterminated");
    assert_int_equal(tu_db_int(db, "SELECT count(*) FROM contacts WHERE customer = 'Han Mei'"), 0);
}

/* ---- warnings ---- */

static void test_warnings_are_counted_and_rows_still_imported(void **state)
{
    (void)state;
    char db[256], *json;
    const char *file = DATA "visits_warnings.csv";
    tu_fresh_db(db, sizeof db, "warnings");
    assert_int_equal(import_json(db, file, &json), 0);
    expect_counts(json, 0, 3, 3, 0, 0, 3);
    free(json);
    expect_warning(db, file, 1, "colour");
    expect_warning(db, file, 2, "phone '12345'");
    expect_warning(db, file, 3, "timeframe 'someday maybe'");
    /* an invalid phone identifies no one; an unknown timeframe counts as unknown */
    expect_db_text(db, "12345", "SELECT phone_raw FROM contacts WHERE line = 2 AND phone IS NULL");
    assert_int_equal(
        tu_db_int(db, "SELECT count(*) FROM contacts WHERE line = 3 AND timeframe_days IS NULL"),
        1);
    assert_int_equal(tu_db_int(db, "SELECT timeframe_days FROM contacts WHERE line = 4"), 14);
}

/* The same words down a column read alike, but 月底 (month end) counts
 * from each row's own day, and a word not understood is warned of on
 * every row that has it. */
static void test_repeated_words_read_on_each_row_from_its_own_day(void **state)
{
    (void)state;
    char db[256], *json;
    const char *file = DATA "visits_month_end.csv";
    tu_fresh_db(db, sizeof db, "monthend");
    assert_int_equal(import_json(db, file, &json), 0);
    expect_counts(json, 0, 6, 6, 0, 0, 2);
    free(json);
    /* March 10th: 31 - 10; April 10th: 30 - 10; 下个月 on April 25th: 5 + 31 */
    expect_db_text(
        db, "2:21:1:0,3:20:0:1,4:36:1:1,5:5:0:0",
        "SELECT group_concat(line || ':' || timeframe_days || ':' || test_drive || ':' ||"
        " quote, ',') FROM contacts WHERE line <= 5 ORDER BY line");
    expect_warning(db, file, 6, "timeframe 'maybe'");
    expect_warning(db, file, 7, "timeframe 'maybe'");
}

static void test_bad_duration_is_a_warning_and_taken_as_empty(void **state)
{
    (void)state;
    char db[256], *json;
    const char *file = DATA "calls_warnings.csv";
    tu_fresh_db(db, sizeof db, "duration");
    assert_int_equal(import_json(db, file, &json), 0);
    expect_counts(json, 0, 2, 2, 0, 0, 1);
    expect_file_kind(json, 0, "calls", "utf-8");
    free(json);
    expect_warning(db, file, 2, "duration 'long'");
    assert_int_equal(
        tu_db_int(db, "SELECT count(*) FROM contacts WHERE line = 2 AND duration IS NULL"), 1);
    assert_int_equal(tu_db_int(db, "SELECT duration FROM contacts WHERE line = 3"), 125);
    expect_db_text(db, "out", "SELECT direction FROM contacts WHERE line = 3");
}

/* ---- funnel rejects ---- */

static void test_rejects_lists_file_line_reason_and_raw_text(void **state)
{
    (void)state;
    char db[256], *out;
    tu_fresh_db(db, sizeof db, "rejects");
    assert_int_equal(import_status(db, DATA "visits_bad_rows.csv"), 2);
    assert_int_equal(tu_runf(&out, TU_FUNNEL " --db '%s' rejects", db), 0);
    assert_non_null(strstr(out, DATA "visits_bad_rows.csv:3: date '2026-13-45' is not a date:"));
    assert_non_null(strstr(out, "2026-13-45,Bad Date,13800138001,Zhang Wei,Corolla,N,follow"));
    assert_non_null(strstr(out, DATA "visits_bad_rows.csv:5: missing salesperson\n"));
    assert_non_null(strstr(out, DATA "visits_bad_rows.csv:11: test_drive 'maybe'"));
    assert_int_equal(count_lines(out), 7 * 2);
    free(out);
}

static void test_messages_and_rejects_show_control_characters_as_escapes(void **state)
{
    (void)state;
    char db[256], csv[256], *out = NULL;
    tu_fresh_db(db, sizeof db, "escapes");
    snprintf(csv, sizeof csv, "/tmp/funnel-test-%d-esc\x1b[1m.csv", (int)getpid());
    FILE *fp = fopen(csv, "w");
    assert_non_null(fp);
    fputs("date,time_in,customer,phone,salesperson,model,test_drive,outcome\n"
          "2026-10-05,10:00,Wang,13811110001,Zhang Wei,Corolla,maybe\x1b[31m,\n",
          fp);
    fclose(fp);
    assert_int_equal(tu_runf(&out, TU_FUNNEL " --db '%s' import '%s' 2>&1", db, csv), 2);
    if (strchr(out, 0x1b)) fail_msg("import printed ESC raw:\n%s", out);
    if (!strstr(out, "esc\\x1b[1m.csv: read 1") || !strstr(out, "'maybe\\x1b[31m'"))
        fail_msg("import lacks the escapes:\n%s", out);
    free(out);
    assert_int_equal(tu_runf(&out, TU_FUNNEL " --db '%s' rejects", db), 0);
    if (strchr(out, 0x1b)) fail_msg("rejects printed ESC raw:\n%s", out);
    if (!strstr(out, "esc\\x1b[1m.csv:2: ") ||
        !strstr(out, "\n    2026-10-05,10:00,Wang,13811110001,Zhang Wei,Corolla,maybe\\x1b[31m,"))
        fail_msg("rejects lacks the escapes:\n%s", out);
    free(out);
    unlink(csv);
}

static void test_rejects_as_csv_starts_with_a_bom(void **state)
{
    (void)state;
    char db[256], *out;
    tu_fresh_db(db, sizeof db, "rejectscsv");
    assert_int_equal(import_status(db, DATA "visits_bad_rows.csv"), 2);
    assert_int_equal(tu_runf(&out, TU_FUNNEL " --db '%s' rejects --format csv", db), 0);
    assert_memory_equal(out,
                        "\xEF\xBB\xBF"
                        "file,line,reason,raw\r\n",
                        24);
    assert_non_null(strstr(out, "\r\n" DATA "visits_bad_rows.csv,4,missing date,"
                                "\",No Date,13800138002,Zhang Wei,Corolla,N,follow\"\r\n"));
    assert_non_null(strstr(out, "\r\n" DATA "visits_bad_rows.csv,6,"
                                "\"outcome 'maybe later' is not a known outcome: to accept it,"));
    assert_int_equal(count_lines(out), 1 + 7);
    free(out);
}

static void test_rejects_without_a_database_is_an_error(void **state)
{
    (void)state;
    char db[256];
    tu_fresh_db(db, sizeof db, "rejectsnodb");
    assert_int_equal(tu_runf(NULL, TU_FUNNEL " --db '%s' rejects 2>/dev/null", db), 1);
}

/* ---- duplicates and idempotence ---- */

static void test_same_file_twice_imports_nothing_the_second_time(void **state)
{
    (void)state;
    char db[256], *json;
    tu_fresh_db(db, sizeof db, "twice");
    assert_int_equal(import_status(db, DATA "visits_utf8_bom_english.csv"), 0);
    assert_int_equal(count_rows(db, "contacts"), 4);
    assert_int_equal(import_json(db, DATA "visits_utf8_bom_english.csv", &json), 0);
    expect_counts(json, 0, 4, 0, 4, 0, 0);
    free(json);
    assert_int_equal(count_rows(db, "contacts"), 4);
}

static void test_same_file_twice_in_one_command(void **state)
{
    (void)state;
    char db[256], *json;
    tu_fresh_db(db, sizeof db, "twiceone");
    assert_int_equal(import_json(db, DATA "visits_week1.csv " DATA "visits_week1.csv", &json), 0);
    expect_counts(json, 0, 3, 3, 0, 0, 0);
    expect_counts(json, 1, 3, 0, 3, 0, 0);
    free(json);
    assert_int_equal(count_rows(db, "contacts"), 3);
}

static void test_file_with_rejects_twice_rejects_the_same_rows_again(void **state)
{
    (void)state;
    char db[256], *json;
    tu_fresh_db(db, sizeof db, "twicebad");
    assert_int_equal(import_status(db, DATA "visits_bad_rows.csv"), 2);
    assert_int_equal(import_json(db, DATA "visits_bad_rows.csv", &json), 2);
    expect_counts(json, 0, 10, 0, 3, 7, 0);
    free(json);
    assert_int_equal(count_rows(db, "contacts"), 3);
}

static void test_overlapping_files_count_shared_rows_as_duplicates(void **state)
{
    (void)state;
    char db[256], *json;
    tu_fresh_db(db, sizeof db, "overlap");
    /* the same rows written as 2026/9/5 and 2026-09-05, 是 and Y, 订车 and
     * order, +86 138 0013 8000 and 13800138000 */
    assert_int_equal(
        import_json(db, DATA "visits_week1.csv " DATA "visits_week1_overlap_other_formats.csv",
                    &json),
        0);
    expect_counts(json, 0, 3, 3, 0, 0, 0);
    expect_counts(json, 1, 4, 1, 3, 0, 0);
    free(json);
    assert_int_equal(count_rows(db, "contacts"), 4);
    assert_int_equal(tu_db_int(db, "SELECT count(*) FROM contacts WHERE customer = 'Sun Li'"), 1);
}

static void test_overlapping_files_in_the_other_order(void **state)
{
    (void)state;
    char db[256], *json;
    tu_fresh_db(db, sizeof db, "overlaprev");
    assert_int_equal(import_status(db, DATA "visits_week1_overlap_other_formats.csv"), 0);
    assert_int_equal(import_json(db, DATA "visits_week1.csv", &json), 0);
    expect_counts(json, 0, 3, 0, 3, 0, 0);
    free(json);
    assert_int_equal(count_rows(db, "contacts"), 4);
}

static void test_duplicate_rows_within_one_file(void **state)
{
    (void)state;
    char db[256], *json;
    tu_fresh_db(db, sizeof db, "dupwithin");
    assert_int_equal(import_json(db, DATA "visits_duplicate_rows.csv", &json), 0);
    expect_counts(json, 0, 3, 2, 1, 0, 0);
    free(json);
    expect_db_text(db, "2 4",
                   "SELECT group_concat(line, ' ') FROM"
                   " (SELECT line FROM contacts ORDER BY line)");
}

static void test_database_of_schema_3_is_migrated_keeping_its_rows(void **state)
{
    (void)state;
    char db[256], *json;
    tu_fresh_db(db, sizeof db, "schema3");
    assert_int_equal(tu_runf(NULL, "sqlite3 '%s' < " DATA "schema_v3.sql", db), 0);
    assert_int_equal(import_json(db, DATA "visits_week1_overlap_other_formats.csv", &json), 0);
    expect_counts(json, 0, 4, 1, 3, 0, 0); /* the old rows still catch duplicates */
    free(json);
    assert_int_equal(tu_db_int(db, "PRAGMA user_version"), 12);
    assert_int_equal(count_rows(db, "contacts"), 7);
    assert_int_equal(count_rows(db, "quarantine"), 7);
    assert_int_equal(tu_db_int(db, "SELECT count(*) FROM pragma_index_list('contacts')"
                                   " WHERE name = 'contacts_by_day' AND \"unique\""),
                     1);
    /* grades are made again, by the rules in force */
    assert_int_equal(count_rows(db, "grades"), 0);
    assert_int_equal(count_rows(db, "grade_runs"), 0);
    assert_int_equal(tu_runf(NULL, TU_FUNNEL " --db '%s' grade --as-of 2026-10-31 >/dev/null", db),
                     0);
    assert_int_equal(count_rows(db, "grades"), tu_db_int(db, "SELECT count(*) FROM customers"));
}

/* ---- atomicity ---- */

struct snapshot {
    long long contacts, quarantine, imports, warnings;
};

static struct snapshot take_snapshot(const char *db)
{
    struct snapshot s = {count_rows(db, "contacts"), count_rows(db, "quarantine"),
                         count_rows(db, "imports"), count_rows(db, "warnings")};
    return s;
}

static void expect_unchanged(const char *db, struct snapshot before)
{
    struct snapshot after = take_snapshot(db);
    if (memcmp(&before, &after, sizeof before) != 0)
        fail_msg("contacts %lld->%lld, quarantine %lld->%lld, imports %lld->%lld, warnings "
                 "%lld->%lld",
                 before.contacts, after.contacts, before.quarantine, after.quarantine,
                 before.imports, after.imports, before.warnings, after.warnings);
}

static void test_file_missing_a_required_column_changes_nothing(void **state)
{
    (void)state;
    char db[256], *json;
    tu_fresh_db(db, sizeof db, "refused");
    assert_int_equal(import_status(db, DATA "visits_bad_rows.csv " DATA "visits_warnings.csv"), 2);
    struct snapshot before = take_snapshot(db);
    assert_true(before.contacts > 0 && before.quarantine > 0 && before.warnings > 0);
    assert_int_equal(import_json(db, DATA "visits_missing_salesperson_column.csv", &json), 1);
    expect_counts(json, 0, 0, 0, 0, 0, 0);
    char *error = tu_json_text(json, "$.files[0].error");
    assert_non_null(strstr(error, "visits_missing_salesperson_column.csv"));
    assert_non_null(strstr(error, "salesperson"));
    free(error);
    free(json);
    expect_unchanged(db, before);
}

static void test_refused_file_among_others_gives_exit_1_and_the_others_land(void **state)
{
    (void)state;
    char db[256], *json;
    tu_fresh_db(db, sizeof db, "refusedamong");
    assert_int_equal(import_json(db,
                                 DATA "calls_bad_rows.csv " DATA
                                      "visits_missing_salesperson_column.csv " DATA
                                      "visits_week1.csv",
                                 &json),
                     1);
    expect_counts(json, 0, 4, 1, 0, 3, 0);
    expect_counts(json, 1, 0, 0, 0, 0, 0);
    expect_counts(json, 2, 3, 3, 0, 0, 0);
    expect_json_text(json, "$.files[0].error", "");
    expect_json_text(json, "$.files[2].error", "");
    free(json);
    assert_int_equal(count_rows(db, "contacts"), 4);
}

static void test_database_error_mid_file_lands_none_of_its_rows(void **state)
{
    (void)state;
    char db[256], *json;
    tu_fresh_db(db, sizeof db, "midfile");
    assert_int_equal(import_status(db, DATA "visits_week1.csv"), 0);
    /* line 9 of visits_bad_rows.csv comes after an imported row (line 2),
     * six rejected rows and before two more good rows */
    assert_int_equal(tu_runf(NULL,
                             "sqlite3 '%s' \"CREATE TRIGGER boom BEFORE INSERT ON contacts"
                             " WHEN NEW.line = 9 BEGIN SELECT RAISE(ABORT, 'boom'); END\"",
                             db),
                     0);
    struct snapshot before = take_snapshot(db);
    assert_int_equal(import_json(db, DATA "visits_bad_rows.csv", &json), 1);
    char *error = tu_json_text(json, "$.files[0].error");
    assert_non_null(strstr(error, "visits_bad_rows.csv:9"));
    free(error);
    /* no row of the file was quarantined either: none is listed */
    char *listed = tu_json_eval(json, "json_array_length(?1, '$.files[0].rejects')");
    assert_string_equal(listed, "0");
    free(listed);
    free(json);
    expect_unchanged(db, before);
    assert_int_equal(
        tu_db_int(db,
                  "SELECT count(*) FROM contacts WHERE customer IN ('Ok Row', 'Trailing Empty')"),
        0);
}

/* ---- the database ---- */

static void test_database_file_is_created_mode_0600(void **state)
{
    (void)state;
    char db[256];
    struct stat sb;
    tu_fresh_db(db, sizeof db, "mode");
    mode_t old = umask(0);
    int status = import_status(db, DATA "visits_week1.csv");
    umask(old);
    assert_int_equal(status, 0);
    assert_int_equal(stat(db, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
}

static void test_customers_are_linked_by_normalized_phone(void **state)
{
    (void)state;
    char db[256], *json;
    tu_fresh_db(db, sizeof db, "customers");
    assert_int_equal(import_json(db, DATA "visits_customers_by_phone.csv", &json), 0);
    expect_counts(json, 0, 7, 7, 0, 0, 2);
    free(json);
    /* 138-0013-8000, +86 13800138000 and 13800138000 are one customer; the
     * two rows without a phone and the two with an invalid one are four */
    assert_int_equal(count_rows(db, "customers"), 5);
    assert_int_equal(tu_db_int(db, "SELECT contacts FROM customers WHERE phone = '13800138000'"),
                     3);
    expect_db_text(db, "Zhang Wei|2026-09-01|2026-09-03",
                   "SELECT owner || '|' || first_day || '|' || last_day FROM customers"
                   " WHERE phone = '13800138000'");
    assert_int_equal(tu_db_int(db, "SELECT count(*) FROM customers WHERE phone IS NULL"), 4);
    assert_int_equal(tu_db_int(db, "SELECT max(contacts) FROM customers WHERE phone IS NULL"), 1);
}

/* ---- kinds ---- */

static void test_kind_option_reads_a_header_that_detection_refuses(void **state)
{
    (void)state;
    char db[256], *json;
    const char *file = DATA "visits_header_needs_kind_option.csv";
    tu_fresh_db(db, sizeof db, "kind");
    /* a direction column makes it look like calls, which need a datetime */
    assert_int_equal(import_json(db, file, &json), 1);
    char *error = tu_json_text(json, "$.files[0].error");
    assert_non_null(strstr(error, "datetime"));
    free(error);
    free(json);
    assert_int_equal(
        import_json(db, "--kind visits " DATA "visits_header_needs_kind_option.csv", &json), 0);
    expect_counts(json, 0, 1, 1, 0, 0, 1);
    expect_file_kind(json, 0, "visits", "utf-8");
    free(json);
    expect_warning(db, file, 1, "direction");
    expect_db_text(db, "visit", "SELECT kind FROM contacts");
}

static void test_kind_option_calls_on_a_visits_file_is_refused(void **state)
{
    (void)state;
    char db[256], *json;
    tu_fresh_db(db, sizeof db, "kindcalls");
    assert_int_equal(import_json(db, "--kind calls " DATA "visits_week1.csv", &json), 1);
    char *error = tu_json_text(json, "$.files[0].error");
    assert_non_null(strstr(error, "datetime"));
    free(error);
    free(json);
}

static void test_kind_option_value_is_checked(void **state)
{
    (void)state;
    char db[256];
    tu_fresh_db(db, sizeof db, "kindbad");
    assert_int_equal(tu_runf(NULL, TU_FUNNEL " --db '%s' import --kind phone %s 2>/dev/null", db,
                             DATA "visits_week1.csv"),
                     1);
}

/* ---- empty and missing files ---- */

static void test_empty_file_is_refused_naming_it(void **state)
{
    (void)state;
    char db[256], *json, *err;
    tu_fresh_db(db, sizeof db, "empty");
    assert_int_equal(import_json(db, DATA "empty.csv", &json), 1);
    expect_counts(json, 0, 0, 0, 0, 0, 0);
    free(json);
    assert_int_equal(
        tu_runf(&err, TU_FUNNEL " --db '%s' import %s 2>&1 >/dev/null", db, DATA "empty.csv"), 1);
    assert_non_null(strstr(err, DATA "empty.csv"));
    assert_int_equal(count_lines(err), 1);
    free(err);
    assert_int_equal(count_rows(db, "imports"), 0);
}

static void test_header_only_file_imports_nothing(void **state)
{
    (void)state;
    char db[256], *json;
    tu_fresh_db(db, sizeof db, "headeronly");
    assert_int_equal(import_json(db, DATA "visits_header_only.csv", &json), 0);
    expect_counts(json, 0, 0, 0, 0, 0, 0);
    expect_file_kind(json, 0, "visits", "utf-8");
    expect_json_text(json, "$.files[0].error", "");
    free(json);
    assert_int_equal(count_rows(db, "contacts"), 0);
}

static void test_missing_file_is_a_one_line_error_naming_it(void **state)
{
    (void)state;
    char db[256], *err;
    tu_fresh_db(db, sizeof db, "missing");
    assert_int_equal(tu_runf(&err, TU_FUNNEL " --db '%s' import %s 2>&1 >/dev/null", db,
                             DATA "no_such_file.csv"),
                     1);
    assert_non_null(strstr(err, DATA "no_such_file.csv"));
    assert_int_equal(count_lines(err), 1);
    free(err);
    assert_int_equal(import_status(db, DATA "no_such_file.csv"), 1);
}

static void test_rejects_then_a_missing_file_gives_exit_1(void **state)
{
    (void)state;
    char db[256];
    tu_fresh_db(db, sizeof db, "rejmissing");
    assert_int_equal(import_status(db, DATA "calls_bad_rows.csv " DATA "no_such_file.csv"), 1);
    assert_int_equal(count_rows(db, "contacts"), 1);
}

/* ---- usage ---- */

static void test_help_and_version_exit_0(void **state)
{
    (void)state;
    char *out;
    assert_int_equal(tu_runf(&out, TU_FUNNEL " --help"), 0);
    assert_non_null(strstr(out, "import"));
    free(out);
    assert_int_equal(tu_runf(&out, TU_FUNNEL " import --help"), 0);
    assert_non_null(strstr(out, "--kind"));
    assert_non_null(strstr(out, "--encoding"));
    free(out);
    assert_int_equal(tu_runf(&out, TU_FUNNEL " --version"), 0);
    assert_non_null(strstr(out, "funnel "));
    assert_int_equal(count_lines(out), 1);
    free(out);
}

static void test_import_without_files_is_bad_usage(void **state)
{
    (void)state;
    char db[256];
    tu_fresh_db(db, sizeof db, "nofiles");
    assert_int_equal(tu_runf(NULL, TU_FUNNEL " --db '%s' import 2>/dev/null", db), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_bom_english_file_imports_every_row),
        cmocka_unit_test(test_gb18030_chinese_crlf_file_is_detected_and_converted),
        cmocka_unit_test(test_a_wrong_encoding_can_be_corrected_by_importing_again),
        cmocka_unit_test(test_encoding_option_gb18030_reads_the_gb_file),
        cmocka_unit_test(test_encoding_option_utf8_refuses_the_gb_file),
        cmocka_unit_test(test_encoding_option_value_is_checked),
        cmocka_unit_test(test_bad_visit_rows_are_quarantined_with_line_and_reason),
        cmocka_unit_test(test_multiline_row_and_trailing_empty_fields_are_imported),
        cmocka_unit_test(test_bad_call_rows_are_quarantined_with_line_and_reason),
        cmocka_unit_test(test_invalid_utf8_bytes_reject_the_row),
        cmocka_unit_test(test_encoding_option_utf8_rejects_only_the_bad_row),
        cmocka_unit_test(test_gb18030_met_late_in_the_file_reads_the_file_again_as_gb18030),
        cmocka_unit_test(test_a_stray_byte_late_in_a_utf8_file_rejects_only_its_row),
        cmocka_unit_test(test_unterminated_quote_at_the_end_rejects_that_row),
        cmocka_unit_test(test_warnings_are_counted_and_rows_still_imported),
        cmocka_unit_test(test_repeated_words_read_on_each_row_from_its_own_day),
        cmocka_unit_test(test_bad_duration_is_a_warning_and_taken_as_empty),
        cmocka_unit_test(test_rejects_lists_file_line_reason_and_raw_text),
        cmocka_unit_test(test_messages_and_rejects_show_control_characters_as_escapes),
        cmocka_unit_test(test_rejects_as_csv_starts_with_a_bom),
        cmocka_unit_test(test_rejects_without_a_database_is_an_error),
        cmocka_unit_test(test_same_file_twice_imports_nothing_the_second_time),
        cmocka_unit_test(test_same_file_twice_in_one_command),
        cmocka_unit_test(test_file_with_rejects_twice_rejects_the_same_rows_again),
        cmocka_unit_test(test_overlapping_files_count_shared_rows_as_duplicates),
        cmocka_unit_test(test_overlapping_files_in_the_other_order),
        cmocka_unit_test(test_duplicate_rows_within_one_file),
        cmocka_unit_test(test_database_of_schema_3_is_migrated_keeping_its_rows),
        cmocka_unit_test(test_file_missing_a_required_column_changes_nothing),
        cmocka_unit_test(test_refused_file_among_others_gives_exit_1_and_the_others_land),
        cmocka_unit_test(test_database_error_mid_file_lands_none_of_its_rows),
        cmocka_unit_test(test_database_file_is_created_mode_0600),
        cmocka_unit_test(test_customers_are_linked_by_normalized_phone),
        cmocka_unit_test(test_kind_option_reads_a_header_that_detection_refuses),
        cmocka_unit_test(test_kind_option_calls_on_a_visits_file_is_refused),
        cmocka_unit_test(test_kind_option_value_is_checked),
        cmocka_unit_test(test_empty_file_is_refused_naming_it),
        cmocka_unit_test(test_header_only_file_imports_nothing),
        cmocka_unit_test(test_missing_file_is_a_one_line_error_naming_it),
        cmocka_unit_test(test_rejects_then_a_missing_file_gives_exit_1),
        cmocka_unit_test(test_help_and_version_exit_0),
        cmocka_unit_test(test_import_without_files_is_bad_usage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
