/* test_bad_input.c - every file of the bad-input corpus (tests/data/bad/,
 * described with its expected outcome in tests/data/bad/EXPECTED) through
 * `funnel import`: exit status, counts that add up, the quarantine's lines
 * and reasons, and never a crash (DOMAIN.md section 4). Files too big to
 * keep (a 10 MB field, a million columns) are generated into /tmp. Also:
 * text Excel would run as a formula is stored as text and guarded on CSV
 * output, and the fuzzer's regression inputs import without a crash. */
#include "testutil.h"

#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>

#define BAD "data/bad/"
#define EXPECTED_FILE BAD "EXPECTED"
#define REGRESSIONS "fuzz/regressions/"
#define MAX_CASES 128
#define MAX_ENTRIES 24
#define SANITIZER_EXIT 86 /* what a sanitizer report exits with (set in main) */

/* ---- the EXPECTED file ---- */

struct entry {
    int warning; /* 0: a quarantine row; 1: a warning */
    long line;   /* 0: the fatal error of a refused file */
    char text[256];
};

struct bad_case {
    char name[512]; /* the test's name */
    char file[256]; /* as written in EXPECTED; '@' = generated */
    char args[256];
    int exit_status;
    long read, imported, duplicates, rejected;
    int nentries;
    struct entry entries[MAX_ENTRIES];
};

static struct bad_case cases[MAX_CASES];
static int ncases;

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    char *end = s + strlen(s);
    while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' || end[-1] == '\r'))
        *--end = '\0';
    return s;
}

/* Parses "[W ]LINE:TEXT". Returns 0, or -1 when malformed. */
static int parse_entry(char *text, struct entry *e)
{
    text = trim(text);
    e->warning = 0;
    if (text[0] == 'W' && text[1] == ' ') {
        e->warning = 1;
        text = trim(text + 2);
    }
    char *colon = strchr(text, ':');
    if (!colon || colon == text) return -1;
    *colon = '\0';
    char *end;
    e->line = strtol(text, &end, 10);
    if (*end || e->line < 0) return -1;
    snprintf(e->text, sizeof e->text, "%s", colon + 1);
    return 0;
}

/* Parses one non-comment line of EXPECTED into c. Returns 0 or -1. */
static int parse_case(char *line, struct bad_case *c)
{
    memset(c, 0, sizeof *c);
    char *bar = strstr(line, " | ");
    char *rest = NULL;
    if (bar) {
        *bar = '\0';
        rest = bar + 3;
    }
    int used = 0;
    if (sscanf(line, "%255s %d %ld %ld %ld %ld %n", c->file, &c->exit_status, &c->read,
               &c->imported, &c->duplicates, &c->rejected, &used) != 6)
        return -1;
    snprintf(c->args, sizeof c->args, "%s", trim(line + used));
    while (rest) {
        char *next = strstr(rest, " | ");
        if (next) *next = '\0';
        if (c->nentries == MAX_ENTRIES || parse_entry(rest, &c->entries[c->nentries++]) != 0)
            return -1;
        rest = next ? next + 3 : NULL;
    }
    char name[sizeof c->name];
    snprintf(name, sizeof name, "bad_input_%s%s%s", c->file[0] == '@' ? c->file + 1 : c->file,
             c->args[0] ? " " : "", c->args);
    memcpy(c->name, name, sizeof name);
    return 0;
}

/* Reads EXPECTED into cases. Returns -1 (after printing why) on error. */
static int load_expected(void)
{
    FILE *fp = fopen(EXPECTED_FILE, "r");
    char line[4096];
    int lineno = 0;
    if (!fp) {
        fprintf(stderr, "%s: %s\n", EXPECTED_FILE, strerror(errno));
        return -1;
    }
    while (fgets(line, sizeof line, fp)) {
        lineno++;
        char *text = trim(line);
        if (!*text || *text == '#') continue;
        if (ncases == MAX_CASES || parse_case(text, &cases[ncases]) != 0) {
            fprintf(stderr, "%s:%d: cannot parse this line\n", EXPECTED_FILE, lineno);
            fclose(fp);
            return -1;
        }
        ncases++;
    }
    fclose(fp);
    return 0;
}

/* ---- generated files ---- */

static const char visits_header[] =
    "date,time_in,customer,phone,salesperson,model,test_drive,outcome,notes\n";
static const char first_row[] =
    "2026-09-01,10:00,Li Lei,13800138000,Zhang Wei,Corolla,Y,follow,ok\n";
static const char big_row_start[] =
    "2026-09-02,11:00,Han Mei,13800138001,Zhang Wei,Camry,N,follow,";
static const char last_row[] =
    "2026-09-03,12:00,Wang Fang,13800138002,Zhang Wei,Camry,N,follow,after\n";

static void put_repeated(FILE *fp, const char *text, long times)
{
    for (long i = 0; i < times; i++)
        fputs(text, fp);
}

/* Writes the generated file called name (without its '@') to path.
 * Returns 0, or -1 when no generator has that name. */
static int generate(const char *name, const char *path)
{
    FILE *fp = fopen(path, "wb");
    int rc = 0;
    if (!fp) fail_msg("cannot write %s: %s", path, strerror(errno));
    if (strcmp(name, "field_10mb.csv") == 0) {
        /* a 10 MB unquoted field on one line, between two good rows */
        fprintf(fp, "%s%s%s", visits_header, first_row, big_row_start);
        put_repeated(fp, "xxxxxxxxxx", 1000000);
        fprintf(fp, "\n%s", last_row);
    } else if (strcmp(name, "field_10mb_quoted_lines.csv") == 0) {
        /* a 10 MB quoted field whose lines look like rows: nothing inside
         * the quotes may become a contact */
        fprintf(fp, "%s%s%s\"", visits_header, first_row, big_row_start);
        put_repeated(fp, "2026-09-09,10:00,Ghost,13900139000,Ghost Rep,X,N,follow,inside\n",
                     160000);
        fprintf(fp, "\"\n%s", last_row);
    } else if (strcmp(name, "unterminated_quote_mid_large.csv") == 0) {
        /* a quote opened mid-file with 140 KB of rows after it: the record
         * it opens holds the rest of the file (README), so no row after it
         * is imported */
        fprintf(fp, "%s%s%s\"Han Mei,opens a quote\n", visits_header, first_row, big_row_start);
        for (int i = 0; i < 2000; i++)
            fprintf(fp, "2026-09-%02d,12:00,Row %d,138%08d,Zhang Wei,Camry,N,follow,after it\n",
                    1 + i % 28, i, i);
    } else if (strcmp(name, "million_columns.csv") == 0) {
        fprintf(fp, "%s%s%s", visits_header, first_row, big_row_start);
        put_repeated(fp, "x,", 999999);
        fprintf(fp, "x\n%s", last_row);
    } else if (strcmp(name, "million_empty_columns.csv") == 0) {
        /* Excel's ",,,," a million wide: a row of empty cells, skipped */
        fprintf(fp, "%s%s", visits_header, first_row);
        put_repeated(fp, ",", 1000000);
        fprintf(fp, "\n%s", last_row);
    } else if (strcmp(name, "trailing_empty_fields_2000.csv") == 0) {
        /* a row with 2000 trailing empty fields (DOMAIN.md 3.3 accepts them) */
        fputs("date,customer,phone,salesperson\n2026-09-01,Li Lei,13800138000,Zhang Wei", fp);
        put_repeated(fp, ",", 2000);
        fputs("\n2026-09-02,Han Mei,13800138001,Zhang Wei\n", fp);
    } else if (strcmp(name, "trailing_empty_columns_2000.csv") == 0) {
        /* an export whose used range runs 2000 empty columns to the right */
        fputs("date,customer,phone,salesperson", fp);
        put_repeated(fp, ",", 2000);
        fputs("\n2026-09-01,Li Lei,13800138000,Zhang Wei", fp);
        put_repeated(fp, ",", 2000);
        fputs("\n2026-09-02,Han Mei,13800138001,Zhang Wei", fp);
        put_repeated(fp, ",", 2000);
        fputs("\n", fp);
    } else if (strcmp(name, "record_2mb_of_short_fields.csv") == 0) {
        /* 1000 fields of 2100 bytes: every field and the count within the
         * caps, the record over 1 MiB */
        char field[2102];
        memset(field, 'y', 2100);
        field[2100] = ',';
        field[2101] = '\0';
        fprintf(fp, "%s%s%s", visits_header, first_row, big_row_start);
        put_repeated(fp, field, 1000);
        fprintf(fp, "z\n%s", last_row);
    } else {
        rc = -1;
    }
    if (fclose(fp) != 0) fail_msg("cannot write %s", path);
    return rc;
}

/* ---- running funnel ---- */

/* Fails the test when status says funnel died of a signal or a sanitizer
 * report. */
static void expect_no_crash(int status, const char *what)
{
    if (status == -1) fail_msg("%s: funnel was killed by a signal (a crash)", what);
    if (status == SANITIZER_EXIT) fail_msg("%s: a sanitizer reported an error", what);
    if (status > 2) fail_msg("%s: unexpected exit status %d", what, status);
}

/* Runs `funnel --db db import --format json args path`; returns the exit
 * status, failing on a crash; *json gets the output (malloc'd). */
static int import_json(const char *db, const char *args, const char *path, char **json)
{
    int status = tu_runf(json, TU_FUNNEL " --db '%s' import --format json %s '%s' 2>/dev/null", db,
                         args, path);
    expect_no_crash(status, path);
    return status;
}

static void check_entry(const struct bad_case *c, const char *db, const char *json,
                        const struct entry *e)
{
    if (e->line == 0) {
        char *error = tu_json_text(json, "$.files[0].error");
        if (!strstr(error, e->text))
            fail_msg("%s: error is \"%s\"; expected it to contain \"%s\"", c->file, error, e->text);
        free(error);
        return;
    }
    const char *table = e->warning ? "warnings" : "quarantine";
    const char *column = e->warning ? "message" : "reason";
    long long n = tu_db_int(db, "SELECT count(*) FROM %s WHERE line = %ld AND instr(%s, %Q) > 0",
                            table, e->line, column, e->text);
    if (n != 1) {
        char *all = tu_db_text(db, "SELECT group_concat(line || ': ' || %s, char(10)) FROM %s",
                               column, table);
        fail_msg("%s: %lld %s rows at line %ld containing \"%s\"; expected 1. The %s holds:\n%s",
                 c->file, n, table, e->line, e->text, table, all);
    }
}

/* The output of the running case, freed by its teardown (a failed check
 * leaves the test function early). */
static char *case_json;

static int free_case_json(void **state)
{
    (void)state;
    free(case_json);
    case_json = NULL;
    return 0;
}

static void test_bad_input_file(void **state)
{
    const struct bad_case *c = *state;
    char db[256], path[512], *json = NULL;
    int generated = c->file[0] == '@';

    tu_fresh_db(db, sizeof db, "bad");
    if (generated) {
        snprintf(path, sizeof path, "/tmp/funnel-bad-%d-%s", (int)getpid(), c->file + 1);
        if (generate(c->file + 1, path) != 0) fail_msg("%s: no generator for this name", c->file);
    } else {
        snprintf(path, sizeof path, BAD "%s", c->file);
    }
    int status = import_json(db, c->args, path, &json);
    case_json = json;
    if (generated) unlink(path);

    long long got[4];
    const long want[4] = {c->read, c->imported, c->duplicates, c->rejected};
    const char *keys[4] = {"read", "imported", "duplicates", "rejected"};
    for (int k = 0; k < 4; k++) {
        char key[64];
        snprintf(key, sizeof key, "$.files[0].%s", keys[k]);
        got[k] = tu_json_int(json, key);
    }
    if (status != c->exit_status || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] ||
        got[3] != want[3])
        fail_msg("%s: exit %d, read %lld, imported %lld, duplicates %lld, rejected %lld;"
                 " expected exit %d, read %ld, imported %ld, duplicates %ld, rejected %ld\n%.2000s",
                 c->file, status, got[0], got[1], got[2], got[3], c->exit_status, want[0], want[1],
                 want[2], want[3], json);
    if (got[0] != got[1] + got[2] + got[3]) fail_msg("%s: the counts do not add up", c->file);

    /* the database agrees with the summary */
    assert_int_equal(tu_db_int(db, "SELECT count(*) FROM contacts"), c->imported);
    assert_int_equal(tu_db_int(db, "SELECT count(*) FROM quarantine"), c->rejected);
    if (c->exit_status == 1)
        assert_int_equal(tu_db_int(db, "SELECT count(*) FROM imports"), 0);
    else
        assert_int_equal(tu_db_int(db,
                                   "SELECT count(*) FROM imports WHERE read = %ld AND"
                                   " imported = %ld AND rejected = %ld",
                                   c->read, c->imported, c->rejected),
                         1);
    for (int i = 0; i < c->nentries; i++)
        check_entry(c, db, json, &c->entries[i]);
}

/* ---- particular behaviours ---- */

/* Imports one corpus file into a fresh database named name; returns the
 * database path in db. */
static void import_into_fresh(char *db, size_t size, const char *name, const char *file,
                              int expected_status)
{
    char *json = NULL;
    tu_fresh_db(db, size, name);
    assert_int_equal(import_json(db, "", file, &json), expected_status);
    free(json);
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

static void test_stray_quote_in_an_unquoted_field_is_kept_as_a_literal_quote(void **state)
{
    (void)state;
    char db[256];
    import_into_fresh(db, sizeof db, "strayquote", BAD "stray_quote_in_unquoted_field.csv", 0);
    expect_db_text(db, "Li \"Lei\" Smith|Han Mei\"|5\" screen",
                   "SELECT group_concat(x, '|') FROM (SELECT CASE line WHEN 4 THEN notes"
                   " ELSE customer END AS x FROM contacts ORDER BY line)");
}

static void test_cr_only_line_ends_give_the_right_lines(void **state)
{
    (void)state;
    char db[256];
    import_into_fresh(db, sizeof db, "cronly", BAD "cr_only_line_ends.csv", 2);
    expect_db_text(db, "2 3 5",
                   "SELECT group_concat(line, ' ') FROM"
                   " (SELECT line FROM contacts ORDER BY line)");
    expect_db_text(db, "Han\rMei", "SELECT customer FROM contacts WHERE line = 3");
}

static void test_formula_text_is_imported_as_written(void **state)
{
    (void)state;
    char db[256];
    import_into_fresh(db, sizeof db, "formula", BAD "excel_formulas.csv", 2);
    expect_db_text(db, "=HYPERLINK(\"http://evil.example/x\",\"click\")",
                   "SELECT customer FROM contacts WHERE line = 2");
    expect_db_text(db, "=HYPERLINK(\"http://evil.example/y\",\"notes\")",
                   "SELECT notes FROM contacts WHERE line = 2");
    expect_db_text(db, "+1+cmd|' /C calc'!A0", "SELECT customer FROM contacts WHERE line = 3");
    expect_db_text(db, "-2+3", "SELECT customer FROM contacts WHERE line = 4");
    expect_db_text(db, "@SUM(A1:A9)", "SELECT customer FROM contacts WHERE line = 5");
}

static void test_rejects_csv_defuses_a_raw_row_that_starts_a_formula(void **state)
{
    (void)state;
    char db[256], *out = NULL;
    import_into_fresh(db, sizeof db, "formularejects", BAD "excel_formulas.csv", 2);
    int status = tu_runf(&out, TU_FUNNEL " --db '%s' rejects --format csv 2>/dev/null", db);
    expect_no_crash(status, "rejects --format csv");
    assert_int_equal(status, 0);
    if (!strstr(out, ",\"'=1+1,10:00,Formula Date,"))
        fail_msg("the raw row is not guarded with a leading ':\n%s", out);
    if (strstr(out, ",=1+1")) fail_msg("an unguarded formula cell:\n%s", out);
    free(out);
}

/* Every cell of a CSV text that starts with = + - or @ must not: a guarded
 * cell starts with ' (inside quotes). Returns the first bad cell or NULL. */
static const char *unguarded_cell(const char *csv)
{
    const char *p = csv;
    if (strncmp(p, "\xEF\xBB\xBF", 3) == 0) p += 3;
    int cell_start = 1;
    for (; *p; p++) {
        if (cell_start) {
            const char *q = *p == '"' ? p + 1 : p;
            if (*q && strchr("=+-@", *q) &&
                !(q[0] == '-' && q[1] >= '0' && q[1] <= '9' &&
                  strspn(q + 1, "0123456789.") == strcspn(q + 1, ",\r\n")))
                return p;
        }
        if (*p == '"') { /* skip a quoted cell */
            for (p++; *p && !(p[0] == '"' && p[1] != '"'); p++)
                if (p[0] == '"') p++;
            if (!*p) break;
        }
        cell_start = *p == ',' || *p == '\n';
    }
    return NULL;
}

static void test_report_csv_defuses_formula_names_and_notes(void **state)
{
    (void)state;
    char db[256], dir[300], *out = NULL;
    import_into_fresh(db, sizeof db, "formulareport", BAD "excel_formulas.csv", 2);
    snprintf(dir, sizeof dir, "%s.out", db);
    tu_runf(NULL, "rm -rf '%s'", dir);
    int status = tu_runf(NULL,
                         TU_FUNNEL " --db '%s' report defeats --from 2026-09-01 --to 2026-09-30"
                                   " --out '%s' >/dev/null 2>&1",
                         db, dir);
    expect_no_crash(status, "report defeats --out");
    assert_int_equal(status, 0);
    assert_int_equal(tu_runf(&out, "cat '%s/defeats_lost_sale_cases.csv'", dir), 0);
    assert_non_null(strstr(out, "\"'=HYPERLINK(\"\"http://evil.example/x\"\",\"\"click\"\")\""));
    assert_non_null(strstr(out, "\"'=HYPERLINK(\"\"http://evil.example/y\"\",\"\"notes\"\")\""));
    assert_non_null(strstr(out, "\"'+1+cmd|' /C calc'!A0\""));
    assert_non_null(strstr(out, "\"'-2+3\""));
    assert_non_null(strstr(out, "\"'@SUM(A1:A9)\""));
    const char *bad = unguarded_cell(out);
    if (bad) fail_msg("an unguarded cell in defeats_lost_sale_cases.csv: %.60s", bad);
    free(out);
    /* every CSV of the pack */
    assert_int_equal(tu_runf(&out, "cat '%s'/*.csv", dir), 0);
    bad = unguarded_cell(out);
    if (bad) fail_msg("an unguarded cell in the pack's CSV: %.60s", bad);
    free(out);
    tu_runf(NULL, "rm -rf '%s'", dir);
}

static void test_nothing_inside_an_over_long_quoted_field_becomes_a_contact(void **state)
{
    (void)state;
    char db[256], path[256], *json = NULL;
    tu_fresh_db(db, sizeof db, "ghost");
    snprintf(path, sizeof path, "/tmp/funnel-bad-%d-ghost.csv", (int)getpid());
    assert_int_equal(generate("field_10mb_quoted_lines.csv", path), 0);
    int status = import_json(db, "", path, &json);
    unlink(path);
    free(json);
    (void)status;
    assert_int_equal(tu_db_int(db, "SELECT count(*) FROM contacts WHERE customer = 'Ghost'"), 0);
    assert_int_equal(tu_db_int(db, "SELECT count(*) FROM contacts WHERE customer = 'Wang Fang'"),
                     1);
}

static void test_fuzz_regressions_import_without_a_crash(void **state)
{
    (void)state;
    DIR *dir = opendir(REGRESSIONS);
    struct dirent *de;
    int n = 0;
    if (!dir) skip();
    while ((de = readdir(dir)) != NULL) {
        char path[512], db[256], *json = NULL;
        if (de->d_name[0] == '.' || strcmp(de->d_name, "README") == 0) continue;
        snprintf(path, sizeof path, REGRESSIONS "%s", de->d_name);
        struct stat st;
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) continue; /* pending/ is not replayed */
        for (int e = 0; e < 2; e++) {
            tu_fresh_db(db, sizeof db, "fuzzreg");
            int status = tu_runf(&json,
                                 TU_FUNNEL " --db '%s' import --format json %s '%s'"
                                           " 2>/dev/null",
                                 db, e ? "--encoding gb18030" : "", path);
            expect_no_crash(status, path);
            if (status != 1) {
                long long r = tu_json_int(json, "$.files[0].read");
                long long sum = tu_json_int(json, "$.files[0].imported") +
                                tu_json_int(json, "$.files[0].duplicates") +
                                tu_json_int(json, "$.files[0].rejected") +
                                tu_json_int(json, "$.files[0].skipped");
                if (r != sum) fail_msg("%s: read %lld but the others add up to %lld", path, r, sum);
            }
            free(json);
        }
        n++;
    }
    closedir(dir);
    print_message("%d fuzz regression inputs\n", n);
}

int main(void)
{
    /* a sanitizer build reports through this exit status (not 1, which is
     * funnel's own fatal error) */
    setenv("ASAN_OPTIONS", "exitcode=86", 0);
    setenv("UBSAN_OPTIONS", "exitcode=86:print_stacktrace=1", 0);
    if (load_expected() != 0) return 1;
    static struct CMUnitTest tests[MAX_CASES + 16];
    size_t n = 0;
    for (int i = 0; i < ncases; i++)
        tests[n++] = (struct CMUnitTest){cases[i].name, test_bad_input_file, NULL, free_case_json,
                                         &cases[i]};
    const struct CMUnitTest more[] = {
        cmocka_unit_test(test_stray_quote_in_an_unquoted_field_is_kept_as_a_literal_quote),
        cmocka_unit_test(test_cr_only_line_ends_give_the_right_lines),
        cmocka_unit_test(test_formula_text_is_imported_as_written),
        cmocka_unit_test(test_rejects_csv_defuses_a_raw_row_that_starts_a_formula),
        cmocka_unit_test(test_report_csv_defuses_formula_names_and_notes),
        cmocka_unit_test(test_nothing_inside_an_over_long_quoted_field_becomes_a_contact),
        cmocka_unit_test(test_fuzz_regressions_import_without_a_crash),
    };
    for (size_t i = 0; i < sizeof more / sizeof more[0]; i++)
        tests[n++] = more[i];
    return _cmocka_run_group_tests("test_bad_input", tests, n, NULL, NULL);
}
