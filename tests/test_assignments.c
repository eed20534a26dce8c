/* test_assignments.c - end to end: customers handed to a new salesperson
 * (DOMAIN.md 7.12). From an assignment's date the customer's owner is the
 * new salesperson in every report; before it nothing changes. Worked out by
 * hand from tests/data/assignments/:
 *
 *   甲 (13500000001) and 乙 (13500000002) are 张伟's, 丙 (13500000003)
 *   李娜's; 乙 comes back on 10-03. The sheet hands 甲 to 李娜 and 乙 to 王磊
 *   from 10-10. */
#include "testutil.h"

#define DATA "data/assignments/"

static char *run_json(const char *db, const char *args, int want_status)
{
    char *json = NULL;
    int status = tu_runf(&json, TU_FUNNEL " --db '%s' %s 2>/dev/null", db, args);
    if (status != want_status) fail_msg("%s exited %d:\n%s", args, status, json ? json : "");
    return json;
}

static void fresh(char *db, size_t size, const char *name)
{
    tu_fresh_db(db, size, name);
    free(run_json(db, "import " DATA "visits.csv", 0));
}

/* "name:pipeline ..." of an audit's owners, in its order. */
static char *owners(const char *db, const char *as_of)
{
    char args[128];
    snprintf(args, sizeof args, "report audit --as-of %s --format json", as_of);
    char *json = run_json(db, args, 0);
    char *list = tu_json_eval(json, "(SELECT group_concat(json_extract(value, '$.salesperson')"
                                    " || ':' || json_extract(value, '$.pipeline'), ' ')"
                                    " FROM json_each(?1, '$.by_owner'))");
    free(json);
    return list;
}

static void test_a_hand_over_sheet_imports_once_and_warns_of_what_it_cannot_place(void **state)
{
    (void)state;
    char db[256];
    fresh(db, sizeof db, "assign-import");
    char *json = run_json(db, "import --format json " DATA "handover.csv", 0);
    char *kind = tu_json_text(json, "$.files[0].kind");
    assert_string_equal(kind, "assignments");
    free(kind);
    /* three rows kept; a phone that is no customer and a salesperson in no
     * log are warned of, with their lines */
    assert_int_equal(tu_json_int(json, "$.files[0].imported"), 3);
    assert_int_equal(tu_json_int(json, "$.files[0].warnings"), 2);
    assert_int_equal(tu_json_int(json, "$.files[0].messages[0].line"), 3);
    assert_int_equal(tu_json_int(json, "$.files[0].messages[1].line"), 4);
    free(json);
    /* twice changes nothing */
    json = run_json(db, "import --format json " DATA "handover.csv", 0);
    assert_int_equal(tu_json_int(json, "$.files[0].duplicates"), 3);
    free(json);
    assert_int_equal(tu_db_int(db, "SELECT count(*) FROM assignments"), 3);
}

static void test_the_owner_changes_on_the_hand_over_day_and_not_before(void **state)
{
    (void)state;
    char db[256];
    fresh(db, sizeof db, "assign-owner");
    char *before = owners(db, "2026-10-31");
    assert_string_equal(before, "张伟:2 李娜:1");
    free(before);
    free(run_json(db, "import " DATA "handover.csv", 0));
    /* the day before the hand-over: as it was */
    char *list = owners(db, "2026-10-09");
    assert_string_equal(list, "张伟:2 李娜:1");
    free(list);
    /* from the day: 甲 is 李娜's, 乙 王磊's */
    list = owners(db, "2026-10-10");
    assert_string_equal(list, "李娜:2 王磊:1");
    free(list);
    /* the funnel of September is unchanged; October's (乙 came back on
     * 10-03) is 王磊's as of its end */
    char *json = run_json(db, "report funnel --month 2026-09 --format json", 0);
    char *sep = tu_json_eval(json, "(SELECT group_concat(json_extract(value, '$.salesperson')"
                                   " || ':' || json_extract(value, '$.prospects'), ' ')"
                                   " FROM json_each(?1, '$.by_owner'))");
    assert_string_equal(sep, "张伟:2 李娜:1");
    free(sep);
    free(json);
    json = run_json(db, "report funnel --month 2026-10 --format json", 0);
    char *oct = tu_json_text(json, "$.by_owner[0].salesperson");
    assert_string_equal(oct, "王磊");
    free(oct);
    free(json);
    /* and --explain says so */
    char *text = NULL;
    assert_int_equal(
        tu_runf(&text, TU_FUNNEL " --db '%s' grade --explain 13500000001 --as-of 2026-10-31", db),
        0);
    assert_non_null(strstr(text, "Owner 李娜 (handed over on 2026-10-10; first contact 2026-09-05"
                                 " with 张伟)"));
    free(text);
}

static void test_a_sheet_of_masked_phones_is_rejected_with_the_way_out(void **state)
{
    (void)state;
    char db[256];
    fresh(db, sizeof db, "assign-masked");
    char *json = run_json(db, "import --format json " DATA "masked.csv", 2);
    char *reason = tu_json_text(json, "$.files[0].rejects[0]");
    assert_non_null(strstr(reason, "--show-phones"));
    free(reason);
    free(json);
    assert_int_equal(tu_db_int(db, "SELECT count(*) FROM assignments"), 0);
}

static void test_the_hand_over_sheet_of_report_handover_imports_back(void **state)
{
    (void)state;
    char db[256], dir[256], path[300];
    fresh(db, sizeof db, "assign-roundtrip");
    snprintf(dir, sizeof dir, "/tmp/funnel-test-%d-handover", (int)getpid());
    char args[512];
    /* 张伟's 甲 (due 09-09) and 乙 (due 10-07), dealt to 王磊 (holds 0)
     * and 李娜 (holds 丙): 甲 to 王磊, then a tie at 1 each, by name: 乙 to
     * 李娜 */
    snprintf(args, sizeof args,
             "report handover --salesperson 张伟 --as-of 2026-10-31 --to 李娜,王磊"
             " --show-phones --out '%s'",
             dir);
    free(run_json(db, args, 0));
    snprintf(path, sizeof path, "%s/handover_customers.csv", dir);
    snprintf(args, sizeof args, "import --format json '%s'", path);
    char *json = run_json(db, args, 0);
    char *kind = tu_json_text(json, "$.files[0].kind");
    assert_string_equal(kind, "assignments");
    free(kind);
    assert_int_equal(tu_json_int(json, "$.files[0].imported"), 2);
    free(json);
    /* from the day of the import (no date column), well before 2099 */
    char *list = owners(db, "2099-12-31");
    assert_string_equal(list, "李娜:2 王磊:1");
    free(list);
    tu_runf(NULL, "rm -rf '%s'", dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_hand_over_sheet_imports_once_and_warns_of_what_it_cannot_place),
        cmocka_unit_test(test_the_owner_changes_on_the_hand_over_day_and_not_before),
        cmocka_unit_test(test_a_sheet_of_masked_phones_is_rejected_with_the_way_out),
        cmocka_unit_test(test_the_hand_over_sheet_of_report_handover_imports_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
