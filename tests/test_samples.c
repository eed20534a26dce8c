/* test_samples.c - the sample exports against what their generator was
 * made to write: the import counts per file (skipped summary rows and phones
 * Excel stored as numbers included), each of the group's two stores' grades
 * as of the last day and October's lost sales by reason, the group's people
 * and shared customers, the first store's after-sales care as of the last
 * day; and the generator writes the same bytes again. */
#include "testutil.h"

#define SAMPLES "../samples/"
#define EXPECTED "../samples/expected/"
/* in the order of expected.csv */
static const char *const files[] = {"calls_2026-08_10.csv", "visits_2026-08_09.csv",
                                    "visits_2026-09_10.csv", "dms_visits_2026-10.csv",
                                    "callcentre_calls_2026-10.txt"};
#define NFILES ((int)(sizeof files / sizeof files[0]))
/* the store of the exports without a store column (make demo passes it too) */
#define STORE "--store 星辰汽车4S店 "
#define FILES                                                                                      \
    SAMPLES "calls_2026-08_10.csv " SAMPLES "visits_2026-08_09.csv " SAMPLES                       \
            "visits_2026-09_10.csv " SAMPLES "dms_visits_2026-10.csv " SAMPLES                     \
            "callcentre_calls_2026-10.txt"

/* Reads a small comma-separated file without quoting into lines of cells.
 * Returns the number of lines (header included). */
static int read_plain_csv(const char *path, char cells[][16][64], int max_lines)
{
    FILE *fp = fopen(path, "r");
    char line[1024];
    int n = 0;
    if (!fp) fail_msg("cannot open %s", path);
    while (n < max_lines && fgets(line, sizeof line, fp)) {
        line[strcspn(line, "\r\n")] = '\0';
        int c = 0;
        for (char *save = NULL, *cell = strtok_r(line, ",", &save); cell && c < 16;
             cell = strtok_r(NULL, ",", &save))
            snprintf(cells[n][c++], sizeof cells[n][0], "%s", cell);
        n++;
    }
    fclose(fp);
    return n;
}

static char db[256];

static int setup(void **state)
{
    (void)state;
    tu_fresh_db(db, sizeof db, "samples");
    char *out = NULL;
    int status = tu_runf(&out, TU_FUNNEL " --db '%s' import --format json " STORE "%s", db, FILES);
    free(out);
    return status == 2 ? 0 : -1; /* the samples hold rejected rows on purpose */
}

static void test_import_counts_are_the_generators(void **state)
{
    (void)state;
    static char cells[8][16][64];
    char *json = NULL, path[128];
    int lines = read_plain_csv(EXPECTED "expected.csv", cells, 8);
    assert_int_equal(lines, NFILES + 1);
    /* imported again under another database, to read the first summary */
    char other[256];
    tu_fresh_db(other, sizeof other, "samples-again");
    assert_int_equal(
        tu_runf(&json, TU_FUNNEL " --db '%s' import --format json " STORE "%s", other, FILES), 2);
    for (int f = 0; f < NFILES; f++) {
        const char *keys[] = {"read",    "imported", "duplicates",  "rejected",
                              "skipped", "warnings", "excel_phones"};
        snprintf(path, sizeof path, "$.files[%d].file", f);
        char *file = tu_json_text(json, path);
        assert_non_null(strstr(file, cells[f + 1][0]));
        free(file);
        long long sum = 0;
        for (int k = 0; k < 7; k++) {
            snprintf(path, sizeof path, "$.files[%d].%s", f, keys[k]);
            long long got = tu_json_int(json, path);
            if (got != atoll(cells[f + 1][k + 1]))
                fail_msg("%s %s: got %lld, the generator wrote %s", cells[f + 1][0], keys[k], got,
                         cells[f + 1][k + 1]);
            if (k >= 1 && k <= 4) sum += got; /* imported, duplicates, rejected, skipped */
        }
        snprintf(path, sizeof path, "$.files[%d].read", f);
        assert_int_equal(tu_json_int(json, path), sum);
    }
    free(json);
}

/* Each store's customers by grade and by state as of the last day, from the
 * grades table (grade grades every store at once; the table has the store),
 * and the audit of the store gives the same grades. */
static void test_each_stores_grades_are_the_generators(void **state)
{
    (void)state;
    static char cells[8][16][64];
    char *json = NULL, path[64];
    int lines = read_plain_csv(EXPECTED "expected_grades.csv", cells, 8);
    assert_true(lines >= 3); /* the header and the group's two stores */
    for (int l = 1; l < lines; l++) {
        const char *store = cells[l][0], *as_of = cells[l][1];
        assert_int_equal(tu_runf(NULL, TU_FUNNEL " --db '%s' grade --as-of %s", db, as_of), 0);
        assert_int_equal(tu_runf(&json,
                                 TU_FUNNEL " --db '%s' report audit --as-of %s --store %s"
                                           " --format json",
                                 db, as_of, store),
                         0);
        for (int c = 2; c < 16 && cells[0][c][0]; c++) {
            const char *name = cells[0][c];
            int state_key = strcmp(name, "delivered") == 0 || strcmp(name, "defeated") == 0 ||
                            strcmp(name, "lost") == 0;
            long long got = tu_db_int(db,
                                      "SELECT count(*) FROM grades WHERE as_of = '%s'"
                                      " AND store = '%s' AND %s = '%s'",
                                      as_of, store, state_key ? "state" : "grade", name);
            if (got != atoll(cells[l][c]))
                fail_msg("%s %s: graded %lld, the generator planned %s", store, name, got,
                         cells[l][c]);
            if (state_key) continue;
            snprintf(path, sizeof path, "$.grades.\"%s\"", name);
            if (tu_json_int(json, path) != got)
                fail_msg("%s %s: the audit says %lld, the grades table %lld", store, name,
                         tu_json_int(json, path), got);
        }
        free(json);
    }
}

/* October's lost sales of each store by reason. */
static void test_october_lost_sales_by_reason_are_each_stores_generators(void **state)
{
    (void)state;
    static char cells[64][16][64];
    char *json = NULL, expr[256];
    int lines = read_plain_csv(EXPECTED "expected_defeats.csv", cells, 64), stores = 0;
    for (int first = 1; first < lines; stores++) {
        const char *store = cells[first][0];
        long long total = 0;
        int l = first;
        assert_int_equal(tu_runf(&json,
                                 TU_FUNNEL " --db '%s' report defeats --month 2026-10 --store %s"
                                           " --format json",
                                 db, store),
                         0);
        for (; l < lines && strcmp(cells[l][0], store) == 0; l++) {
            snprintf(expr, sizeof expr,
                     "coalesce((SELECT json_extract(value, '$.count') FROM"
                     " json_each(?1, '$.by_reason') WHERE json_extract(value, '$.reason') = '%s'),"
                     " 0)",
                     cells[l][1]);
            char *got = tu_json_eval(json, expr);
            if (atoll(got) != atoll(cells[l][2]))
                fail_msg("%s reason %s: %s cases, the generator planned %s", store, cells[l][1],
                         got, cells[l][2]);
            total += atoll(cells[l][2]);
            free(got);
        }
        assert_int_equal(tu_json_int(json, "$.cases"), total);
        free(json);
        first = l;
    }
    assert_int_equal(stores, 2);
}

/* The group over the three months: a customer of both stores is one person,
 * and counted among the shared customers. */
static void test_the_groups_people_and_shared_customers_are_the_generators(void **state)
{
    (void)state;
    static char cells[4][16][64];
    char *json = NULL;
    assert_int_equal(read_plain_csv(EXPECTED "expected_group.csv", cells, 4), 2);
    assert_int_equal(tu_runf(&json,
                             TU_FUNNEL " --db '%s' report stores --from %s --to %s --format json",
                             db, cells[1][0], cells[1][1]),
                     0);
    if (tu_json_int(json, "$.prospects") != atoll(cells[1][2]))
        fail_msg("group prospects: %lld, the generator planned %s",
                 tu_json_int(json, "$.prospects"), cells[1][2]);
    if (tu_json_int(json, "$.shared_customers") != atoll(cells[1][3]))
        fail_msg("shared customers: %lld, the generator planned %s",
                 tu_json_int(json, "$.shared_customers"), cells[1][3]);
    char *stores = tu_json_eval(json, "json_array_length(?1, '$.rows')");
    assert_string_equal(stores, "2");
    free(stores);
    free(json);
}

/* In the care report's JSON: the sum of key over the by_owner rows (steps,
 * done), or the number of rows of a list (due, overdue); of one salesperson,
 * or of all with NULL. */
static long long care_number(const char *json, const char *key, const char *salesperson)
{
    char expr[512], where[128] = "";
    int list = strcmp(key, "due") == 0 || strcmp(key, "overdue") == 0;
    if (salesperson)
        snprintf(where, sizeof where, " WHERE json_extract(value, '$.salesperson') = '%s'",
                 salesperson);
    if (list)
        snprintf(expr, sizeof expr, "(SELECT count(*) FROM json_each(?1, '$.%s')%s)", key, where);
    else
        snprintf(expr, sizeof expr,
                 "(SELECT coalesce(sum(json_extract(value, '$.%s')), 0)"
                 " FROM json_each(?1, '$.by_owner')%s)",
                 key, where);
    char *text = tu_json_eval(json, expr);
    long long value = atoll(text);
    free(text);
    return value;
}

/* The first store's after-sales care as of the last day: per owner the steps
 * whose windows closed in the 90 days to it and those done (by_owner), the
 * steps due and overdue; the 合计 line against the whole report. */
static void test_the_first_stores_after_sales_care_is_the_generators(void **state)
{
    (void)state;
    static char cells[16][16][64];
    static const char *const keys[] = {"steps", "done", "due", "overdue"};
    char *json = NULL;
    int lines = read_plain_csv(EXPECTED "expected_care.csv", cells, 16), owners = 0;
    assert_true(lines >= 3); /* the header, an owner, the 合计 line */
    assert_string_equal(cells[lines - 1][2], "合计");
    assert_int_equal(tu_runf(&json,
                             TU_FUNNEL " --db '%s' report care --as-of %s --store %s"
                                       " --format json",
                             db, cells[1][1], cells[1][0]),
                     0);
    for (int l = 1; l < lines; l++) {
        const char *who = l == lines - 1 ? NULL : cells[l][2];
        for (int k = 0; k < 4; k++) {
            long long got = care_number(json, keys[k], who);
            if (got != atoll(cells[l][3 + k]))
                fail_msg("care of %s, %s: the report says %lld, the generator planned %s",
                         cells[l][2], keys[k], got, cells[l][3 + k]);
        }
        if (who && atoll(cells[l][3]) > 0) owners++;
    }
    /* by_owner lists the planned owners with closed steps, and no one else */
    char *listed = tu_json_eval(json, "json_array_length(?1, '$.by_owner')");
    assert_int_equal(atoll(listed), owners);
    free(listed);
    free(json);
}

static void test_generator_writes_the_same_bytes_again(void **state)
{
    (void)state;
    char dir[] = "/tmp/funnel-samples-XXXXXX";
    assert_non_null(mkdtemp(dir));
    assert_int_equal(tu_runf(NULL, "../build/gensamples --out %s", dir), 0);
    for (int f = 0; f < NFILES; f++)
        if (tu_runf(NULL, "cmp -s %s/%s " SAMPLES "%s", dir, files[f], files[f]) != 0)
            fail_msg("%s: the generator wrote other bytes", files[f]);
    const char *expected[] = {"expected.csv", "expected_grades.csv", "expected_defeats.csv",
                              "expected_group.csv", "expected_care.csv"};
    for (int f = 0; f < (int)(sizeof expected / sizeof expected[0]); f++)
        if (tu_runf(NULL, "cmp -s %s/expected/%s " EXPECTED "%s", dir, expected[f], expected[f]) !=
            0)
            fail_msg("expected/%s: the generator wrote other bytes", expected[f]);
    assert_int_equal(tu_runf(NULL, "rm -rf %s", dir), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_import_counts_are_the_generators),
        cmocka_unit_test(test_each_stores_grades_are_the_generators),
        cmocka_unit_test(test_october_lost_sales_by_reason_are_each_stores_generators),
        cmocka_unit_test(test_the_groups_people_and_shared_customers_are_the_generators),
        cmocka_unit_test(test_the_first_stores_after_sales_care_is_the_generators),
        cmocka_unit_test(test_generator_writes_the_same_bytes_again),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
