/* test_grade.c - pins down grade.c (DOMAIN.md section 6): state and grade of
 * hand-made customers edge case by edge case, then `funnel grade` end to end
 * on the small files in tests/data/grade/ with counts worked out by hand. */
#include "testutil.h"

#include "dates.h"
#include "db.h"
#include "grade.h"
#include "normalize.h"

#define DATA "data/grade/"
#define AS_OF "2026-10-31"

/* ---- helpers: each names the customer when it fails ---- */

static struct rules *default_rules(void)
{
    char err[512] = "";
    struct rules *r = rules_load(NULL, err, sizeof err);
    if (!r) fail_msg("built-in rules refused: %s", err);
    return r;
}

/* The serial number of a day written "YYYY-MM-DD". */
static long day_number(const char *day)
{
    long n = 0;
    if (dates_parse(day, &n) != 0) fail_msg("'%s' is not a day", day);
    return n;
}

/* A visit by 张伟 with name and model, outcome FOLLOW unless told. */
static struct grade_contact visit(const char *day, int timeframe_days, int flags)
{
    struct grade_contact k = {
        day_number(day), 1, OUTCOME_FOLLOW, "王一", "卡罗拉", "张伟", timeframe_days, flags, ""};
    return k;
}

/* A call with that outcome ("ORDER" ...), no timeframe, no flags. */
static struct grade_contact call(const char *day, const char *outcome)
{
    int code = OUTCOME_FOLLOW;
    while (strcmp(norm_outcome_name(code), outcome) != 0 && code <= OUTCOME_LOST)
        code++;
    if (code > OUTCOME_LOST) fail_msg("'%s' is no outcome", outcome);
    struct grade_contact k = {day_number(day), 0, code, "王一", "卡罗拉", "张伟", -1, 0, ""};
    return k;
}

static void verdict(const struct grade_customer *c, const char *as_of, struct grade_verdict *v)
{
    struct rules *r = default_rules();
    grade_customer_verdict(c, r, as_of, v);
    rules_free(r);
}

static const char *grade_name(const struct grade_verdict *v)
{
    static char name[16];
    struct rules *r = default_rules();
    snprintf(name, sizeof name, "%s", v->grade >= 0 ? r->grades[v->grade].name : "(none)");
    rules_free(r);
    return name;
}

static void expect_pipeline(const struct grade_customer *c, const char *as_of, const char *grade)
{
    struct grade_verdict v;
    verdict(c, as_of, &v);
    if (v.state != STATE_PIPELINE || strcmp(grade_name(&v), grade) != 0)
        fail_msg("customer %s as of %s: %s, grade %s (%s); expected pipeline, grade %s", c->key,
                 as_of, grade_state_name(v.state), grade_name(&v), v.rule, grade);
}

static void expect_state(const struct grade_customer *c, const char *as_of, enum grade_state state)
{
    struct grade_verdict v;
    verdict(c, as_of, &v);
    if (v.state != state || v.grade != -1)
        fail_msg("customer %s as of %s: %s, grade %s (%s); expected %s without a grade", c->key,
                 as_of, grade_state_name(v.state), grade_name(&v), v.rule, grade_state_name(state));
}

/* ---- hand-made customers ---- */

static void test_delivered_has_no_grade(void **state)
{
    (void)state;
    struct grade_customer c;
    grade_customer_begin(&c, "13800000001");
    struct grade_contact k = visit("2026-10-01", 3, RULES_TEST_DRIVE);
    grade_customer_add(&c, &k);
    k = call("2026-10-05", "ORDER");
    grade_customer_add(&c, &k);
    k = call("2026-10-20", "DELIVERED");
    grade_customer_add(&c, &k);
    expect_state(&c, AS_OF, STATE_DELIVERED);
}

static void test_delivered_stays_delivered_after_a_later_defeat(void **state)
{
    (void)state;
    struct grade_customer c;
    grade_customer_begin(&c, "13800000001");
    struct grade_contact k = call("2026-10-20", "DELIVERED");
    grade_customer_add(&c, &k);
    k = call("2026-10-25", "DEFEAT");
    grade_customer_add(&c, &k);
    k = visit("2026-10-26", 3, 0);
    grade_customer_add(&c, &k);
    expect_state(&c, AS_OF, STATE_DELIVERED);
}

/* The after-sales windows by whole days after the first delivery T (DOMAIN.md
 * 7.13): (T, T+1], (T+1, T+7], then 60 days each from T+7 to T+367. */
static void test_care_steps_by_days_after_the_delivery(void **state)
{
    (void)state;
    static const long days[] = {0, 1, 2, 7, 8, 67, 68, 127, 128, 307, 308, 367, 368, -3};
    static const int ranks[] = {-1, 0, 1, 1, 2, 2, 3, 3, 4, 6, 7, 7, -1, -1};
    for (size_t i = 0; i < sizeof days / sizeof days[0]; i++)
        if (grade_care_step(days[i]) != ranks[i])
            fail_msg("T+%ld: step %d, expected %d", days[i], grade_care_step(days[i]), ranks[i]);
}

/* Delivered on 01-10: a contact later that day counts for no step; 01-17
 * (T+7) is call_7d, 03-18 (T+67) care_1, a defeat on 05-18 (T+128) care_3,
 * 2027-01-13 (T+368) none; a second delivery does not move T. */
static void test_care_counts_the_contacts_after_the_first_delivery(void **state)
{
    (void)state;
    struct grade_customer c;
    grade_customer_begin(&c, "13800000001");
    static const char *const days[] = {"2026-01-10", "2026-01-10", "2026-01-17", "2026-03-18",
                                       "2026-04-01", "2026-05-18", "2027-01-13"};
    static const char *const outcomes[] = {"DELIVERED", "FOLLOW", "FOLLOW", "FOLLOW",
                                           "DELIVERED", "DEFEAT", "FOLLOW"};
    for (size_t i = 0; i < sizeof days / sizeof days[0]; i++) {
        struct grade_contact k = call(days[i], outcomes[i]);
        grade_customer_add(&c, &k);
        if (i == 1) assert_int_equal(c.care, 0);
    }
    assert_int_equal(c.delivered_day, day_number("2026-01-10"));
    /* 04-01 is T+81: care_2 (T+67, T+127] */
    assert_int_equal(c.care, 1 << 1 | 1 << 2 | 1 << 3 | 1 << 4);
}

/* The lead source is the first non-empty one in time order (DOMAIN.md
 * 7.11), a defeat's included; a later one does not replace it. */
static void test_source_is_the_first_non_empty_one(void **state)
{
    (void)state;
    struct grade_customer c;
    grade_customer_begin(&c, "13800000001");
    static const char *const sources[] = {NULL, "", "车展", "网络", NULL};
    static const char *const outcomes[] = {"FOLLOW", "FOLLOW", "DEFEAT", "FOLLOW", "FOLLOW"};
    static const char *const expected[] = {"", "", "车展", "车展", "车展"};
    for (size_t i = 0; i < sizeof sources / sizeof sources[0]; i++) {
        struct grade_contact k = call("2026-10-01", outcomes[i]);
        k.day += (long)i;
        k.source = sources[i];
        grade_customer_add(&c, &k);
        assert_string_equal(c.source, expected[i]);
    }
}

static void test_order_gives_o_due_4_days_after_the_last_contact(void **state)
{
    (void)state;
    struct grade_customer c;
    grade_customer_begin(&c, "13800000001");
    struct grade_contact k = visit("2026-10-01", -1, 0);
    grade_customer_add(&c, &k);
    k = call("2026-10-15", "ORDER");
    grade_customer_add(&c, &k);
    k = call("2026-10-20", "FOLLOW"); /* a later follow-up keeps O */
    grade_customer_add(&c, &k);
    expect_pipeline(&c, AS_OF, "O");
    struct grade_verdict v;
    verdict(&c, AS_OF, &v);
    assert_string_equal(v.next_due, "2026-10-24");
    assert_int_equal(v.days_overdue, 11 - 4); /* 10-20 to 10-31 is 11 days, 4 allowed */
}

static void test_order_then_defeat_is_defeated(void **state)
{
    (void)state;
    struct grade_customer c;
    grade_customer_begin(&c, "13800000001");
    struct grade_contact k = call("2026-10-05", "ORDER");
    grade_customer_add(&c, &k);
    k = call("2026-10-12", "DEFEAT");
    grade_customer_add(&c, &k);
    expect_state(&c, AS_OF, STATE_DEFEATED);
}

static void test_defeat_with_nothing_after_is_defeated(void **state)
{
    (void)state;
    struct grade_customer c;
    grade_customer_begin(&c, "13800000001");
    struct grade_contact k = visit("2026-10-01", 3, RULES_TEST_DRIVE);
    grade_customer_add(&c, &k);
    k = call("2026-10-10", "DEFEAT");
    grade_customer_add(&c, &k);
    expect_state(&c, AS_OF, STATE_DEFEATED);
}

static void test_lost_contact_is_lost(void **state)
{
    (void)state;
    struct grade_customer c;
    grade_customer_begin(&c, "13800000001");
    struct grade_contact k = visit("2026-10-01", 3, 0);
    grade_customer_add(&c, &k);
    k = call("2026-10-10", "LOST");
    grade_customer_add(&c, &k);
    expect_state(&c, AS_OF, STATE_LOST);
}

static void test_back_after_defeat_ignores_timeframe_stated_before(void **state)
{
    (void)state;
    struct grade_customer c;
    grade_customer_begin(&c, "13800000001");
    struct grade_contact k = visit("2026-09-01", 3, 0); /* would be H */
    grade_customer_add(&c, &k);
    k = call("2026-09-10", "DEFEAT");
    grade_customer_add(&c, &k);
    k = call("2026-10-20", "FOLLOW"); /* no timeframe since the defeat */
    grade_customer_add(&c, &k);
    expect_pipeline(&c, AS_OF, "C");
}

static void test_back_after_defeat_ignores_test_drive_before(void **state)
{
    (void)state;
    struct grade_customer c;
    grade_customer_begin(&c, "13800000001");
    struct grade_contact k = visit("2026-09-01", 60, RULES_TEST_DRIVE | RULES_QUOTE);
    grade_customer_add(&c, &k);
    k = call("2026-09-10", "DEFEAT");
    grade_customer_add(&c, &k);
    k = call("2026-10-20", "FOLLOW");
    k.timeframe_days = 60;
    grade_customer_add(&c, &k);
    expect_pipeline(&c, AS_OF, "B"); /* not B+ */
}

static void test_back_after_lost_contact_is_graded_again(void **state)
{
    (void)state;
    struct grade_customer c;
    grade_customer_begin(&c, "13800000001");
    struct grade_contact k = call("2026-09-10", "LOST");
    grade_customer_add(&c, &k);
    k = visit("2026-10-28", 20, 0);
    grade_customer_add(&c, &k);
    expect_pipeline(&c, AS_OF, "A");
}

static void test_back_after_defeat_name_given_before_still_counts(void **state)
{
    (void)state;
    struct grade_customer c;
    grade_customer_begin(&c, "13800000001");
    struct grade_contact k = visit("2026-09-01", -1, 0); /* the only contact with a name */
    grade_customer_add(&c, &k);
    k = call("2026-09-10", "DEFEAT");
    k.customer = "";
    grade_customer_add(&c, &k);
    k = call("2026-10-28", "FOLLOW");
    k.customer = NULL;
    k.timeframe_days = 5;
    grade_customer_add(&c, &k);
    expect_pipeline(&c, AS_OF, "H"); /* not N */
    struct grade_verdict v;
    verdict(&c, AS_OF, &v);
    assert_string_equal(v.missing, "");
}

static void test_back_after_defeat_rule_n_looks_at_all_contacts(void **state)
{
    (void)state;
    struct grade_customer c;
    grade_customer_begin(&c, "13800000001");
    struct grade_contact k = visit("2026-09-01", -1, 0);
    k.model = ""; /* no model, ever */
    grade_customer_add(&c, &k);
    k = call("2026-09-10", "DEFEAT");
    k.model = "";
    grade_customer_add(&c, &k);
    k = call("2026-10-28", "FOLLOW");
    k.model = NULL;
    k.timeframe_days = 5;
    grade_customer_add(&c, &k);
    expect_pipeline(&c, AS_OF, "N");
}

static void test_contacts_at_the_same_moment_keep_the_order_added(void **state)
{
    (void)state;
    struct grade_customer c;
    grade_customer_begin(&c, "13800000001");
    struct grade_contact first = visit("2026-10-27", 60, 0), second = visit("2026-10-27", 5, 0);
    grade_customer_add(&c, &first);
    grade_customer_add(&c, &second);
    expect_pipeline(&c, AS_OF, "H"); /* the second one added is the latest */

    grade_customer_begin(&c, "13800000001");
    grade_customer_add(&c, &second);
    grade_customer_add(&c, &first);
    expect_pipeline(&c, AS_OF, "B");
}

static void test_visit_without_time_keeps_the_order_added(void **state)
{
    (void)state;
    struct grade_customer c;
    grade_customer_begin(&c, "13800000001");
    struct grade_contact morning = call("2026-10-27", "FOLLOW"),
                         no_time = visit("2026-10-27", 5, 0);
    morning.timeframe_days = 60;
    grade_customer_add(&c,
                       &morning); /* the caller decides the order; there is no time to re-read */
    grade_customer_add(&c, &no_time);
    expect_pipeline(&c, AS_OF, "H");

    grade_customer_begin(&c, "13800000001");
    grade_customer_add(&c, &no_time);
    grade_customer_add(&c, &morning);
    expect_pipeline(&c, AS_OF, "B");
}

static void test_unknown_timeframe_is_c(void **state)
{
    (void)state;
    struct grade_customer c;
    grade_customer_begin(&c, "13800000001");
    struct grade_contact k = visit("2026-10-28", -1, RULES_TEST_DRIVE | RULES_QUOTE);
    grade_customer_add(&c, &k);
    expect_pipeline(&c, AS_OF, "C");
}

static void test_latest_stated_timeframe_wins(void **state)
{
    (void)state;
    struct grade_customer c;
    grade_customer_begin(&c, "13800000001");
    struct grade_contact k = visit("2026-10-01", 7, 0);
    grade_customer_add(&c, &k);
    k = visit("2026-10-10", -1, 0); /* "unknown" keeps the 7 days */
    grade_customer_add(&c, &k);
    expect_pipeline(&c, AS_OF, "H");
    k = visit("2026-10-20", 60, 0);
    grade_customer_add(&c, &k);
    expect_pipeline(&c, AS_OF, "B");
}

static void test_missing_name_is_n_with_missing_name(void **state)
{
    (void)state;
    struct grade_customer c;
    grade_customer_begin(&c, "13800000001");
    struct grade_contact k = visit("2026-10-28", 5, 0);
    k.customer = "";
    grade_customer_add(&c, &k);
    expect_pipeline(&c, AS_OF, "N");
    struct grade_verdict v;
    verdict(&c, AS_OF, &v);
    assert_string_equal(v.missing, "name");
    assert_string_equal(v.next_due, ""); /* N has no follow-up schedule */
    assert_int_equal(v.days_overdue, 0);
}

static void test_missing_model_is_n_with_missing_model(void **state)
{
    (void)state;
    struct grade_customer c;
    grade_customer_begin(&c, "13800000001");
    struct grade_contact k = visit("2026-10-28", 5, 0);
    k.model = NULL;
    grade_customer_add(&c, &k);
    expect_pipeline(&c, AS_OF, "N");
    struct grade_verdict v;
    verdict(&c, AS_OF, &v);
    assert_string_equal(v.missing, "model");
}

static void test_customer_without_phone_is_n_missing_phone(void **state)
{
    (void)state;
    struct grade_customer c;
    grade_customer_begin(&c, "#1:5");
    assert_string_equal(c.phone, "");
    struct grade_contact k = visit("2026-10-28", 5, RULES_TEST_DRIVE);
    grade_customer_add(&c, &k);
    expect_pipeline(&c, AS_OF, "N");
    struct grade_verdict v;
    verdict(&c, AS_OF, &v);
    assert_non_null(strstr(v.missing, "phone"));
    assert_string_equal(v.missing, "phone");
}

static void test_missing_lists_everything_missing(void **state)
{
    (void)state;
    struct grade_customer c;
    grade_customer_begin(&c, "#1:5");
    struct grade_contact k = visit("2026-10-28", 5, 0);
    k.customer = "";
    k.model = "";
    grade_customer_add(&c, &k);
    struct grade_verdict v;
    verdict(&c, AS_OF, &v);
    assert_string_equal(v.missing, "phone, name, model");
    k = visit("2026-10-29", 5, 0);
    k.customer = "";
    grade_customer_add(&c, &k);
    verdict(&c, AS_OF, &v);
    assert_string_equal(v.missing, "phone, name");
}

static void test_c_overdue_after_more_than_30_days(void **state)
{
    (void)state;
    struct grade_customer c;
    grade_customer_begin(&c, "13800000001");
    struct grade_contact k = visit("2026-09-30", -1, 0); /* 31 days before 10-31 */
    grade_customer_add(&c, &k);
    struct grade_verdict v;
    verdict(&c, AS_OF, &v);
    assert_string_equal(grade_name(&v), "C");
    assert_string_equal(v.next_due, "2026-10-30");
    assert_int_equal(v.days_overdue, 1);
}

static void test_c_not_overdue_at_exactly_30_days(void **state)
{
    (void)state;
    struct grade_customer c;
    grade_customer_begin(&c, "13800000001");
    struct grade_contact k = visit("2026-10-01", -1, 0); /* 30 days before 10-31 */
    grade_customer_add(&c, &k);
    struct grade_verdict v;
    verdict(&c, AS_OF, &v);
    assert_string_equal(grade_name(&v), "C");
    assert_string_equal(v.next_due, "2026-10-31");
    assert_int_equal(v.days_overdue, 0);
}

static void test_rule_text_numbers_the_rules_as_domain_does(void **state)
{
    (void)state;
    /* DOMAIN 6 numbers the rules 1 N, 2 H, ..., 7 C; O is not a rule */
    struct grade_customer c;
    grade_customer_begin(&c, "13800000001");
    struct grade_contact k = visit("2026-10-28", 5, 0);
    grade_customer_add(&c, &k);
    struct grade_verdict v;
    verdict(&c, AS_OF, &v);
    if (strncmp(v.rule, "rule 2 'timeframe <= 7'", 23) != 0)
        fail_msg("rule text \"%s\"; expected it to start \"rule 2 'timeframe <= 7'\"", v.rule);
}

static void test_rule_text_says_after_the_defeat(void **state)
{
    (void)state;
    struct grade_customer c;
    grade_customer_begin(&c, "13800000001");
    struct grade_contact k = call("2026-09-10", "DEFEAT");
    grade_customer_add(&c, &k);
    k = visit("2026-10-28", 5, 0);
    grade_customer_add(&c, &k);
    struct grade_verdict v;
    verdict(&c, AS_OF, &v);
    assert_non_null(strstr(v.rule, "after the defeat of 2026-09-10"));
}

/* ---- end to end: funnel grade on tests/data/grade/ ----
 *
 * Customers (visits.csv, calls.csv), as of 2026-10-31 with the built-in rules:
 *  1 13800000001 王一   visit 10-25 timeframe 一周内 (7)                 -> H
 *  2 13800000002 李二   visit 10-28 timeframe 半个月 (15)                -> A+
 *  3 13800000003 张三   visit 10-28 timeframe 1个月 (30)                 -> A
 *  4 13800000004 刘四   visit 10-20 2个月 (60) with a test drive         -> B+
 *  5 13800000005 陈五   visit 10-20 3个月 (90), no test drive or quote   -> B
 *  6 13800000006 杨六   visit 09-15 不确定, test drive and quote         -> C (unknown)
 *  7 13800000007 黄七   visit 10-10 3天 but no model on any contact      -> N (model)
 *  8 (no phone)  赵八   visit 10-12 3天, test drive                      -> N (phone)
 *  9 13800000009 吴九   visit 10-05, call 10-15 订车                     -> O
 * 10 13800000010 周十   call 10-01 订车, visit 10-20 交车, call 10-25 战败 -> delivered
 * 11 13800000011 郑十一 visit 10-01 7天, call 10-10 战败                  -> defeated
 * 12 13800000012 孙十二 visit 09-20, call 10-05 失控                      -> lost
 * 13 13800000013 钱十三 visit 09-01 3天 + test drive, call 09-10 战败,
 *                       call 10-20 (no name) 2个月: only the call after
 *                       the defeat counts, the old name still does       -> B
 * 14 13800000014 冯十四 visit 10-20 2个月 + quote; call 11-03 订车 comes
 *                       after the as-of date                             -> B+ (O as of 11-05)
 * 15 13800000015 褚十五 call 10-05 订车, call 10-12 战败                  -> defeated
 * 16 13800000016 卫十六 visit 10-26 without time_in 2个月, call 10-26
 *                       09:00 5天: the visit counts as 00:00, before it  -> H
 * 17 13800000017 蒋十七 two calls 10-27 10:00, 3个月 then 2天: file order -> H
 *
 * As of 2026-10-31: O 1, H 3 (1, 16, 17), A+ 1, A 1, B+ 2 (4, 14), B 2 (5, 13),
 * C 1, N 2 (7, 8); delivered 1, defeated 2 (11, 15), lost 1.
 * calls.csv is imported first so that id order alone would put customer 16's
 * call before the visit. */

static void import_data(char *db, size_t size, const char *name)
{
    tu_fresh_db(db, size, name);
    int status = tu_runf(
        NULL, TU_FUNNEL " --db '%s' import " DATA "calls.csv " DATA "visits.csv >/dev/null 2>&1",
        db);
    assert_int_equal(status, 0);
}

static char *grade_json(const char *db, const char *args)
{
    char *json = NULL;
    int status = tu_runf(&json, TU_FUNNEL " --db '%s' grade --format json %s", db, args);
    if (status != 0) fail_msg("funnel grade %s exited %d:\n%s", args, status, json);
    return json;
}

struct counts {
    long long o, h, aplus, a, bplus, b, c, n, delivered, defeated, lost;
};

static void expect_counts(const char *json, struct counts want)
{
    const char *paths[] = {"$.grades.O",      "$.grades.H", "$.grades.\"A+\"", "$.grades.A",
                           "$.grades.\"B+\"", "$.grades.B", "$.grades.C",      "$.grades.N",
                           "$.delivered",     "$.defeated", "$.lost"};
    const long long values[] = {want.o, want.h, want.aplus,     want.a,        want.bplus, want.b,
                                want.c, want.n, want.delivered, want.defeated, want.lost};
    for (int i = 0; i < 11; i++) {
        long long got = tu_json_int(json, paths[i]);
        if (got != values[i])
            fail_msg("%s is %lld; expected %lld in:\n%s", paths[i], got, values[i], json);
    }
}

static void test_e2e_counts_by_grade_and_state(void **state)
{
    (void)state;
    char db[256];
    import_data(db, sizeof db, "grade-counts");
    char *json = grade_json(db, "--as-of " AS_OF);
    char *as_of = tu_json_text(json, "$.as_of");
    assert_string_equal(as_of, AS_OF);
    free(as_of);
    expect_counts(json, (struct counts){.o = 1,
                                        .h = 3,
                                        .aplus = 1,
                                        .a = 1,
                                        .bplus = 2,
                                        .b = 2,
                                        .c = 1,
                                        .n = 2,
                                        .delivered = 1,
                                        .defeated = 2,
                                        .lost = 1});
    free(json);
}

static void test_e2e_rules_file_with_h_within_15_days_moves_aplus_to_h(void **state)
{
    (void)state;
    char db[256];
    import_data(db, sizeof db, "grade-h15");
    /* customer 2 (15 days) becomes H; nothing is left for A+ */
    char *json = grade_json(db, "--as-of " AS_OF " --rules " DATA "h_within_15_days.rules");
    expect_counts(json, (struct counts){.o = 1,
                                        .h = 4,
                                        .aplus = 0,
                                        .a = 1,
                                        .bplus = 2,
                                        .b = 2,
                                        .c = 1,
                                        .n = 2,
                                        .delivered = 1,
                                        .defeated = 2,
                                        .lost = 1});
    free(json);
}

static void test_e2e_as_of_ignores_later_contacts(void **state)
{
    (void)state;
    char db[256];
    import_data(db, sizeof db, "grade-as-of");
    /* customer 14's order on 11-03 is after 10-31: B+, not O */
    char *json = grade_json(db, "--as-of " AS_OF);
    assert_int_equal(tu_json_int(json, "$.grades.O"), 1);
    assert_int_equal(tu_json_int(json, "$.grades.\"B+\""), 2);
    free(json);
    assert_int_equal(tu_query_int(db, "SELECT grade = 'B+' FROM grades WHERE as_of = '" AS_OF
                                      "' AND customer_key = '13800000014'"),
                     1);
    /* as of 11-05 the order counts */
    json = grade_json(db, "--as-of 2026-11-05");
    assert_int_equal(tu_json_int(json, "$.grades.O"), 2);
    assert_int_equal(tu_json_int(json, "$.grades.\"B+\""), 1);
    free(json);
    /* and as of 09-30 only the September customers exist: 6, 10, 12, 13 */
    json = grade_json(db, "--as-of 2026-09-30");
    /* 6 C; 10 visit 09-01 7天 -> H; 12 visit 09-20 2个月 -> B; 13 defeated on 09-10 */
    expect_counts(json, (struct counts){.o = 0,
                                        .h = 1,
                                        .aplus = 0,
                                        .a = 0,
                                        .bplus = 0,
                                        .b = 1,
                                        .c = 1,
                                        .n = 0,
                                        .delivered = 0,
                                        .defeated = 1,
                                        .lost = 0});
    free(json);
}

static void test_e2e_grades_table_has_one_row_per_customer_with_a_rule(void **state)
{
    (void)state;
    char db[256];
    import_data(db, sizeof db, "grade-table");
    char *json = grade_json(db, "--as-of " AS_OF);
    free(json);
    json = grade_json(db, "--as-of " AS_OF); /* grading again replaces, never adds */
    free(json);
    assert_int_equal(tu_query_int(db, "SELECT count(*) FROM grades WHERE as_of = '" AS_OF "'"), 17);
    assert_int_equal(tu_query_int(db, "SELECT count(DISTINCT customer_key) FROM contacts"
                                      " WHERE day <= '" AS_OF "'"),
                     17);
    assert_int_equal(tu_query_int(db, "SELECT count(*) FROM grades WHERE as_of = '" AS_OF
                                      "' AND (rule IS NULL OR rule = '')"),
                     0);
    assert_int_equal(tu_query_int(db, "SELECT count(*) FROM grades WHERE as_of <> '" AS_OF "'"), 0);
}

/* The sums of the month-end as_of per owner, state and grade, one line
 * each: "owner state grade customers overdue". */
static char *month_end_sums(const char *db, const char *as_of)
{
    return tu_db_text(db,
                      "SELECT group_concat(line, '; ') FROM (SELECT owner || ' ' || state || ' '"
                      " || grade || ' ' || customers || ' ' || overdue AS line FROM grade_summary"
                      " WHERE as_of = '%s' ORDER BY owner, state, grade)",
                      as_of);
}

static void test_e2e_grade_keeps_the_sums_of_the_month_before_until_an_import(void **state)
{
    (void)state;
    char db[256], dir[300];
    import_data(db, sizeof db, "grade-month-before");
    free(grade_json(db, "--as-of " AS_OF));
    /* as of 09-30: 周十 H (7 days, last contact 09-01: 29 days, 2 allowed,
     * overdue) and 孙十二 B (2 months) with 张伟; 杨六 C (unknown) with 王芳,
     * and 钱十三 defeated on 09-10 */
    char *sums = month_end_sums(db, "2026-09-30");
    assert_string_equal(sums, "张伟 pipeline B 1 0; 张伟 pipeline H 1 1; 王芳 defeated  1 0;"
                              " 王芳 pipeline C 1 0");
    free(sums);
    assert_int_equal(tu_query_int(db, "SELECT full FROM grade_runs WHERE as_of = '2026-09-30'"), 0);
    /* sums only: the grades table holds the date graded alone */
    assert_int_equal(tu_query_int(db, "SELECT count(*) FROM grades WHERE as_of <> '" AS_OF "'"), 0);

    /* a new import changes September: the pack grades the month-end again */
    int status = tu_runf(NULL,
                         TU_FUNNEL " --db '%s' import " DATA "september.csv"
                                   " >/dev/null 2>&1",
                         db);
    assert_int_equal(status, 0);
    snprintf(dir, sizeof dir, "/tmp/funnel-test-%d-month-before", (int)getpid());
    status = tu_runf(NULL,
                     TU_FUNNEL " --db '%s' report monthly --month 2026-10 --out '%s'"
                               " >/dev/null 2>&1",
                     db, dir);
    assert_int_equal(status, 0);
    sums = month_end_sums(db, "2026-09-30");
    /* 沈二十 (一周内, 09-25: 5 days, 2 allowed) joins H with 王芳 */
    assert_string_equal(sums, "张伟 pipeline B 1 0; 张伟 pipeline H 1 1; 王芳 defeated  1 0;"
                              " 王芳 pipeline C 1 0; 王芳 pipeline H 1 1");
    free(sums);
    char path[400];
    snprintf(path, sizeof path, "%s/monthly.json", dir);
    char *json = tu_read_file(path, NULL);
    assert_non_null(json);
    tu_expect_text(json, "$.grade_compare[1].grade", "H");
    tu_expect_int(json, "$.grade_compare[1].last_month", 2);
    free(json);
    tu_runf(NULL, "rm -rf '%s'", dir);
}

static void test_e2e_grades_table_holds_overdue_days_and_missing(void **state)
{
    (void)state;
    char db[256];
    import_data(db, sizeof db, "grade-overdue");
    free(grade_json(db, "--as-of " AS_OF));
    /* 1: H, last contact 10-25, 6 days, 2 allowed -> 4 */
    assert_int_equal(tu_query_int(db, "SELECT days_overdue FROM grades WHERE customer_key ="
                                      " '13800000001'"),
                     4);
    /* 6: C, last contact 09-15, 46 days, 30 allowed -> 16 */
    assert_int_equal(tu_query_int(db, "SELECT days_overdue FROM grades WHERE customer_key ="
                                      " '13800000006'"),
                     16);
    /* 9: O, last contact 10-15, 16 days, 4 allowed -> 12 */
    assert_int_equal(tu_query_int(db, "SELECT days_overdue FROM grades WHERE customer_key ="
                                      " '13800000009'"),
                     12);
    /* 3: A, last contact 10-28, 3 days, 4 allowed -> 0 */
    assert_int_equal(tu_query_int(db, "SELECT days_overdue FROM grades WHERE customer_key ="
                                      " '13800000003'"),
                     0);
    /* 7 misses the model, 8 the phone */
    assert_int_equal(tu_query_int(db, "SELECT missing = 'model' FROM grades WHERE customer_key ="
                                      " '13800000007'"),
                     1);
    assert_int_equal(tu_query_int(db, "SELECT count(*) FROM grades WHERE customer_key LIKE '#%'"
                                      " AND grade = 'N' AND missing = 'phone'"),
                     1);
    /* 13 is graded after the defeat and keeps its name */
    assert_int_equal(tu_query_int(db, "SELECT grade = 'B' AND name = '钱十三' FROM grades"
                                      " WHERE customer_key = '13800000013'"),
                     1);
}

static void test_e2e_explain_prints_contacts_and_grade_line(void **state)
{
    (void)state;
    char db[256], *out = NULL;
    import_data(db, sizeof db, "grade-explain");
    int status = tu_runf(
        &out, TU_FUNNEL " --db '%s' grade --as-of " AS_OF " --explain 138-0000-0013 2>&1", db);
    assert_int_equal(status, 0);
    static const char *want[] = {"2026-09-01", "2026-09-10", "2026-10-20",
                                 "DEFEAT",     "Grade B (",  "after the defeat of 2026-09-10"};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        if (!strstr(out, want[i])) fail_msg("--explain output lacks \"%s\":\n%s", want[i], out);
    free(out);

    /* a contact after the as-of date is not listed */
    status = tu_runf(&out,
                     TU_FUNNEL " --db '%s' grade --as-of " AS_OF " --explain 13800000014 2>&1", db);
    assert_int_equal(status, 0);
    if (strstr(out, "2026-11-03") || !strstr(out, "Grade B+ ("))
        fail_msg("--explain 13800000014 as of " AS_OF ":\n%s", out);
    free(out);
}

static void test_e2e_explain_shows_control_characters_as_escapes(void **state)
{
    (void)state;
    char db[256], csv[256], *out = NULL;
    tu_fresh_db(db, sizeof db, "grade-explain-escapes");
    snprintf(csv, sizeof csv, "/tmp/funnel-test-%d-explain-escapes.csv", (int)getpid());
    FILE *fp = fopen(csv, "w");
    assert_non_null(fp);
    fputs("date,time_in,customer,phone,salesperson,model,test_drive,timeframe\n"
          "2026-10-05,10:00,王\x1b[2J一,13811110001,张\x07伟,卡罗拉\xC2\x9B,是,1个月\n",
          fp);
    fclose(fp);
    assert_int_equal(tu_runf(NULL, TU_FUNNEL " --db '%s' import '%s' >/dev/null 2>&1", db, csv), 0);
    unlink(csv);
    int status = tu_runf(
        &out, TU_FUNNEL " --db '%s' grade --as-of 2026-10-31 --explain 13811110001 2>&1", db);
    assert_int_equal(status, 0);
    if (strchr(out, 0x1b) || strchr(out, 0x07) || strstr(out, "\xC2\x9B"))
        fail_msg("--explain printed control characters raw:\n%s", out);
    if (!strstr(out, "王\\x1b[2J一") || !strstr(out, "张\\x07伟") || !strstr(out, "卡罗拉\\x9b") ||
        !strstr(out, "Owner 张\\x07伟 (first contact 2026-10-05)\n"))
        fail_msg("--explain lacks the escapes:\n%s", out);
    free(out);
}

static void test_e2e_explain_of_a_defeated_customer_says_so(void **state)
{
    (void)state;
    char db[256], *out = NULL;
    import_data(db, sizeof db, "grade-explain-defeat");
    int status = tu_runf(
        &out, TU_FUNNEL " --db '%s' grade --as-of " AS_OF " --explain 13800000011 2>&1", db);
    assert_int_equal(status, 0);
    if (!strstr(out, "defeated: defeat on 2026-10-10")) fail_msg("--explain output:\n%s", out);
    free(out);
}

/* masked_east.csv (imported --store 城东店) and masked_west.csv (--store
 * 城西店): three customers whose phones the reports show as 138****5678 —
 * 王先生 13812345678 of 城东店 (张伟, last contact 10-08), 李女士 13899995678
 * of 城东店 (欧阳娜娜, 10-06), 王先生 13812345678 of 城西店 (刘洋, 10-12) — and
 * a 王先生 of another phone, 13900001111, whom the mask does not fit. */
static void import_masked(char *db, size_t size, const char *name)
{
    tu_fresh_db(db, size, name);
    assert_int_equal(tu_runf(NULL,
                             TU_FUNNEL " --db '%s' import --store 城东店 " DATA
                                       "masked_east.csv >/dev/null 2>&1",
                             db),
                     0);
    assert_int_equal(tu_runf(NULL,
                             TU_FUNNEL " --db '%s' import --store 城西店 " DATA
                                       "masked_west.csv >/dev/null 2>&1",
                             db),
                     0);
}

/* `grade --explain PHONE ARGS` as of AS_OF: its exit status, its standard
 * output (malloc'd, into *out) and its standard error (into *err). */
static int explain_run(const char *db, const char *args, char **out, char **err)
{
    char path[256];
    snprintf(path, sizeof path, "/tmp/funnel-test-%d-explain.err", (int)getpid());
    int status = tu_runf(out, TU_FUNNEL " --db '%s' grade --as-of " AS_OF " --explain %s 2>'%s'",
                         db, args, path);
    *err = tu_read_file(path, NULL);
    unlink(path);
    return status;
}

static void test_e2e_explain_by_masked_phone_and_name_is_the_whole_phones(void **state)
{
    (void)state;
    char db[256], *by_mask, *by_phone, *err;
    import_masked(db, sizeof db, "grade-explain-mask");
    assert_int_equal(explain_run(db, "'138****5678' --name 王先生 --store 城东店", &by_mask, &err),
                     0);
    assert_string_equal(err, "");
    free(err);
    assert_int_equal(explain_run(db, "13812345678 --store 城东店", &by_phone, &err), 0);
    free(err);
    assert_string_equal(by_mask, by_phone);
    if (!strstr(by_mask, "Customer 13812345678 as of") || !strstr(by_mask, "Owner 张伟") ||
        !strstr(by_mask, "masked_east.csv:5]"))
        fail_msg("--explain of 城东店's 王先生:\n%s", by_mask);
    free(by_mask);
    free(by_phone);
    /* the mask alone fits one customer of 城西店 */
    assert_int_equal(explain_run(db, "'138****5678' --store 城西店", &by_mask, &err), 0);
    free(err);
    assert_int_equal(explain_run(db, "13812345678 --store 城西店", &by_phone, &err), 0);
    free(err);
    assert_string_equal(by_mask, by_phone);
    free(by_mask);
    free(by_phone);
}

static void test_e2e_explain_by_masked_phone_lists_the_candidates(void **state)
{
    (void)state;
    char db[256], *out, *err;
    import_masked(db, sizeof db, "grade-explain-candidates");
    /* two 王先生 of 138****5678, one in each store: listed, nothing explained */
    assert_int_equal(explain_run(db, "'138****5678' --name 王先生", &out, &err), 1);
    assert_string_equal(out, "");
    static const char *want[] = {
        "2 customers with phone 138****5678 named 王先生: pick one with --store NAME",
        "  138****5678  王先生  store 城东店  salesperson 张伟  last contact 2026-10-08\n",
        "  138****5678  王先生  store 城西店  salesperson 刘洋  last contact 2026-10-12\n"};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        if (!strstr(err, want[i])) fail_msg("--explain lacks \"%s\":\n%s", want[i], err);
    if (strstr(err, "李女士")) fail_msg("--name 王先生 lists 李女士:\n%s", err);
    free(out);
    free(err);
    /* in 城东店, 王先生 and 李女士: the message says to pass the name */
    assert_int_equal(explain_run(db, "'138****5678' --store 城东店", &out, &err), 1);
    assert_string_equal(out, "");
    if (!strstr(err, "2 customers with phone 138****5678 in store 城东店: pick one with --name") ||
        !strstr(err, "  138****5678  李女士  store 城东店  salesperson 欧阳娜娜  last contact"
                     " 2026-10-06\n") ||
        strstr(err, "城西店"))
        fail_msg("--explain 138****5678 --store 城东店:\n%s", err);
    free(out);
    free(err);
}

static void test_e2e_explain_by_masked_phone_that_fits_no_one_says_so(void **state)
{
    (void)state;
    char db[256], *out, *err;
    import_masked(db, sizeof db, "grade-explain-none");
    assert_int_equal(explain_run(db, "'138****5678' --name 赵先生", &out, &err), 1);
    if (!strstr(err, "no customer with phone 138****5678 named 赵先生 on or before " AS_OF))
        fail_msg("--explain of no one:\n%s", err);
    free(out);
    free(err);
    /* 王先生 of 139****1111 is no 138****5678 */
    assert_int_equal(explain_run(db, "'139****5678' --name 王先生", &out, &err), 1);
    if (!strstr(err, "no customer with phone 139****5678 named 王先生")) fail_msg("%s", err);
    free(out);
    free(err);
    /* neither a phone nor a mask */
    assert_int_equal(explain_run(db, "'13*5678'", &out, &err), 1);
    if (!strstr(err, "'13*5678' is neither a valid phone number nor one masked"))
        fail_msg("%s", err);
    free(out);
    free(err);
}

/* Everything stored for as_of, one line per row, in key order (malloc'd). */
static char *stored(const char *db, const char *as_of)
{
    return tu_db_text(
        db,
        "SELECT coalesce((SELECT group_concat(line, char(10)) FROM (SELECT json_array("
        " customer_key, state, grade, rule, phone, name, model, owner, first_day, last_day,"
        " buy_day, terminal_day, follow_up, next_due, days_overdue, missing, contacts) AS line"
        " FROM grades WHERE as_of = %Q ORDER BY customer_key)), '') || char(10) || '--' ||"
        " char(10) || coalesce((SELECT group_concat(line, char(10)) FROM (SELECT"
        " json_array(owner, state, grade, customers, overdue) AS line FROM grade_summary"
        " WHERE as_of = %Q ORDER BY owner, state, grade)), '')",
        as_of, as_of);
}

static sqlite3 *open_db(const char *path)
{
    char err[512] = "";
    sqlite3 *db = db_open(path, err, sizeof err);
    if (!db) fail_msg("cannot open %s: %s", path, err);
    return db;
}

static void test_dates_graded_in_one_pass_match_each_graded_alone(void **state)
{
    (void)state;
    /* before any contact, between September and October, a day with
     * contacts, the month end, the day of customer 14's order and after it;
     * given out of order */
    static const struct grade_date dates[] = {
        {"2026-10-31", 1, 0, 0, 0}, {"2026-09-30", 0, 0, 0, 0}, {"2026-11-05", 1, 0, 0, 0},
        {"2025-01-01", 1, 0, 0, 0}, {"2026-10-20", 0, 0, 0, 0}, {"2026-11-03", 1, 0, 0, 0}};
    enum { N = sizeof dates / sizeof dates[0] };
    char together[256], alone[256], err[512] = "";
    import_data(together, sizeof together, "grade-dates-together");
    import_data(alone, sizeof alone, "grade-dates-alone");
    struct rules *r = default_rules();
    struct grade_counts counts[N], each[N];

    sqlite3 *db = open_db(together);
    if (grade_run_dates(db, r, dates, N, counts, err, sizeof err) != 0)
        fail_msg("grade_run_dates: %s", err);
    db_close(db);
    db = open_db(alone);
    for (int i = 0; i < N; i++)
        if (grade_run(db, r, dates[i].as_of, dates[i].full, &each[i], err, sizeof err) != 0)
            fail_msg("grade_run %s: %s", dates[i].as_of, err);
    db_close(db);

    for (int i = 0; i < N; i++) {
        if (memcmp(&counts[i], &each[i], sizeof counts[i]) != 0)
            fail_msg("counts as of %s differ from grading that date alone", dates[i].as_of);
        char *a = stored(together, dates[i].as_of), *b = stored(alone, dates[i].as_of);
        if (strcmp(a, b) != 0)
            fail_msg("as of %s, graded together:\n%s\ngraded alone:\n%s", dates[i].as_of, a, b);
        free(a);
        free(b);
    }
    /* the summary-only date stores no grades; the month end has all 17 */
    assert_int_equal(
        tu_query_int(together, "SELECT count(*) FROM grades WHERE as_of = '2026-09-30'"), 0);
    assert_int_equal(
        tu_query_int(together, "SELECT count(*) FROM grades WHERE as_of = '" AS_OF "'"), 17);
    assert_int_equal(counts[0].grades[r->order_grade], 1);
    assert_int_equal(counts[2].grades[r->order_grade], 2);
    assert_int_equal(counts[5].grades[r->order_grade], 2);
    assert_int_equal(tu_query_int(together, "SELECT count(*) FROM grade_summary"
                                            " WHERE as_of = '2025-01-01'"),
                     0);
    rules_free(r);
}

static void test_ensure_grades_only_the_dates_not_up_to_date(void **state)
{
    (void)state;
    char path[256], err[512] = "";
    import_data(path, sizeof path, "grade-ensure-dates");
    struct rules *r = default_rules();
    sqlite3 *db = open_db(path);
    struct grade_counts counts;
    if (grade_run(db, r, AS_OF, 1, &counts, err, sizeof err) != 0) fail_msg("grade_run: %s", err);
    /* a mark that grading AS_OF again would wipe */
    assert_int_equal(db_exec(db,
                             "UPDATE grades SET rule = 'kept' WHERE as_of = '" AS_OF
                             "' AND customer_key = '13800000001'",
                             err, sizeof err),
                     0);
    const struct grade_date dates[] = {
        {AS_OF, 1, 0, 0, 0}, {"2026-09-30", 0, 0, 0, 0}, {"2026-09-30", 1, 0, 0, 0}};
    if (grade_ensure_dates(db, r, dates, 3, err, sizeof err) != 0)
        fail_msg("grade_ensure_dates: %s", err);
    db_close(db);
    assert_int_equal(tu_query_int(path, "SELECT count(*) FROM grades WHERE rule = 'kept'"), 1);
    /* 09-30 asked for twice, once in full: graded once, in full */
    assert_int_equal(tu_query_int(path, "SELECT full FROM grade_runs WHERE as_of = '2026-09-30'"),
                     1);
    assert_int_equal(tu_query_int(path, "SELECT count(*) FROM grades WHERE as_of = '2026-09-30'"),
                     4);
    rules_free(r);
}

/* The rows of temp.grades_before on db, one line each (customer, state,
 * grade, owner, rule, days overdue). */
static char *grades_before_rows(sqlite3 *db)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT group_concat(line, char(10)) FROM (SELECT customer_key || ' '"
                           " || state || ' ' || coalesce(grade, '-') || ' ' || owner || ' ' ||"
                           " rule || ' ' || days_overdue AS line FROM temp.grades_before"
                           " ORDER BY customer_key)",
                           -1, &st, NULL) != SQLITE_OK)
        fail_msg("grades_before: %s", sqlite3_errmsg(db));
    char *rows = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0)
                     ? strdup((const char *)sqlite3_column_text(st, 0))
                     : strdup("");
    sqlite3_finalize(st);
    return rows;
}

static void test_grade_changes_verdicts_in_the_pass_match_those_graded_alone(void **state)
{
    (void)state;
    char path[256], err[512] = "";
    import_data(path, sizeof path, "grade-changes-in-pass");
    struct rules *r = default_rules();
    sqlite3 *db = open_db(path);
    /* nothing graded yet: AS_OF needs a pass, which grades 09-30 for the
     * grade changes too */
    const struct grade_date dates[] = {{AS_OF, 1, 0, 0, 0}};
    if (grade_ensure_dates_before(db, r, dates, 1, "2026-09-30", AS_OF, err, sizeof err) != 0)
        fail_msg("grade_ensure_dates_before: %s", err);
    char *in_pass = grades_before_rows(db);
    /* contacted after 09-30, with a contact by then: 周十 (H, last contact
     * 09-01, 2 days allowed: 27 overdue), 孙十二 (B, 09-20: 10 days, 15
     * allowed), 钱十三 (defeated on 09-10) */
    size_t lines = 1;
    for (const char *p = in_pass; *p; p++)
        lines += *p == '\n';
    if (lines != 3 || !strstr(in_pass, "13800000010 pipeline H 张伟 ") ||
        !strstr(in_pass, " 27\n13800000012 pipeline B 张伟 ") ||
        !strstr(in_pass, "13800000013 defeated - 王芳 defeat on 2026-09-10, no contact since 0"))
        fail_msg("grade changes' verdicts as of 2026-09-30:\n%s", in_pass);
    /* AS_OF is up to date now: no pass, so graded on their own, alike */
    if (grade_ensure_dates_before(db, r, dates, 1, "2026-09-30", AS_OF, err, sizeof err) != 0)
        fail_msg("grade_ensure_dates_before: %s", err);
    char *alone = grades_before_rows(db);
    assert_string_equal(in_pass, alone);
    /* the date graded for the grade changes alone is not stored */
    assert_int_equal(tu_query_int(path, "SELECT count(*) FROM grade_runs"
                                        " WHERE as_of = '2026-09-30'"),
                     0);
    /* AS_OF in sum only: the customers shared between two threads, the
     * verdicts kept and the sums alike */
    char sums_only[256];
    import_data(sums_only, sizeof sums_only, "grade-changes-sums-only");
    sqlite3 *db2 = open_db(sums_only);
    const struct grade_date sums[] = {{AS_OF, 0, 0, 0, 0}};
    if (grade_ensure_dates_before(db2, r, sums, 1, "2026-09-30", AS_OF, err, sizeof err) != 0)
        fail_msg("grade_ensure_dates_before: %s", err);
    char *shared = grades_before_rows(db2);
    assert_string_equal(in_pass, shared);
    db_close(db2);
    char *a = stored(path, AS_OF), *b = stored(sums_only, AS_OF);
    assert_string_equal(strstr(a, "\n--\n"), strstr(b, "\n--\n"));
    assert_int_equal(tu_query_int(sums_only, "SELECT count(*) FROM grades"), 0);
    free(a);
    free(b);
    free(shared);
    free(in_pass);
    free(alone);
    db_close(db);
    rules_free(r);
}

static void test_sums_before_a_date_graded_in_full_match_a_pass(void **state)
{
    (void)state;
    /* in sum only, before AS_OF graded in full: derived from its grades (the
     * customers contacted between the two dates graded again) */
    static const struct grade_date dates[] = {{"2026-09-30", 0, 0, 0, 0},
                                              {"2026-10-20", 0, 0, 0, 0},
                                              {"2026-10-27", 0, 0, 0, 0},
                                              {"2025-01-01", 0, 0, 0, 0}};
    enum { N = sizeof dates / sizeof dates[0] };
    char derived[256], alone[256], err[512] = "";
    import_data(derived, sizeof derived, "grade-derived");
    import_data(alone, sizeof alone, "grade-derived-alone");
    struct rules *r = default_rules();
    struct grade_counts counts;

    sqlite3 *db = open_db(derived);
    if (grade_run(db, r, AS_OF, 1, &counts, err, sizeof err) != 0) fail_msg("grade_run: %s", err);
    if (grade_ensure_dates(db, r, dates, N, err, sizeof err) != 0)
        fail_msg("grade_ensure_dates: %s", err);
    db_close(db);
    db = open_db(alone);
    for (int i = 0; i < N; i++)
        if (grade_run(db, r, dates[i].as_of, 0, &counts, err, sizeof err) != 0)
            fail_msg("grade_run %s: %s", dates[i].as_of, err);
    db_close(db);

    for (int i = 0; i < N; i++) {
        char *a = stored(derived, dates[i].as_of), *b = stored(alone, dates[i].as_of);
        if (strcmp(a, b) != 0)
            fail_msg("as of %s, derived:\n%s\ngraded:\n%s", dates[i].as_of, a, b);
        free(a);
        free(b);
    }
    /* the overdue follow-ups are counted as of each date: 09-30 has some */
    assert_true(tu_query_int(derived, "SELECT sum(overdue) FROM grade_summary"
                                      " WHERE as_of = '2026-09-30'") > 0);
    assert_int_equal(tu_query_int(derived, "SELECT count(*) FROM grade_runs WHERE full = 0"), N);
    rules_free(r);
}

/* A pass whose contacts cannot be read (a day that is no day, as only a
 * file changed by hand holds) fails with the reason, whether it would have
 * shared its customers between two threads or not. */
static void test_a_pass_over_a_day_that_is_no_day_fails_with_the_reason(void **state)
{
    (void)state;
    char path[256], err[512] = "";
    import_data(path, sizeof path, "grade-no-day");
    sqlite3 *db = open_db(path);
    assert_int_equal(
        db_exec(db, "UPDATE contacts SET day = '2026-02-30' WHERE id = 3", err, sizeof err), 0);
    const struct grade_date dates[][1] = {{{AS_OF, 0, 0, 0, 0}}, {{AS_OF, 1, 0, 0, 0}}};
    struct rules *r = default_rules();
    struct grade_counts counts;
    for (int i = 0; i < 2; i++) {
        assert_int_equal(grade_run_dates(db, r, dates[i], 1, &counts, err, sizeof err), -1);
        if (!strstr(err, "a contact's day '2026-02-30' is not a day YYYY-MM-DD"))
            fail_msg("%s", err);
    }
    db_close(db);
    assert_int_equal(tu_query_int(path, "SELECT count(*) FROM grade_runs"), 0);
    rules_free(r);
}

/* Imports the data into a fresh database of name (its path into path) and
 * grades every customer as of AS_OF. */
static void import_graded_in_full(char *path, size_t size, const char *name, const struct rules *r)
{
    char err[512] = "";
    struct grade_counts counts;
    import_data(path, size, name);
    sqlite3 *db = open_db(path);
    if (grade_run(db, r, AS_OF, 1, &counts, err, sizeof err) != 0) fail_msg("grade_run: %s", err);
    db_close(db);
}

/* Each row stored as of AS_OF in db part as in db full (graded in full),
 * and the sums of all 17 alike. */
static void expect_rows_as_full(const char *part, const char *full)
{
    char *a = stored(part, AS_OF), *b = stored(full, AS_OF);
    char *sums_a = strstr(a, "\n--\n"), *sums_b = strstr(b, "\n--\n");
    if (!sums_a || !sums_b) fail_msg("no sums:\n%s\n%s", a, b);
    assert_string_equal(sums_a, sums_b);
    for (char *line = a; line < sums_a;) {
        char *end = strchr(line, '\n');
        *end = '\0';
        if (!strstr(b, line)) fail_msg("as of %s, %s is not as a full grading has it", AS_OF, line);
        line = end + 1;
    }
    free(a);
    free(b);
}

/* A date graded for a period's funnel stores the grades of the customers
 * contacted in its days alone, as a full grading grades them, with the sums
 * of every customer; it serves a shorter period, and a longer one or every
 * customer's grade is graded again. */
static void test_a_period_date_stores_the_customers_contacted_in_it(void **state)
{
    (void)state;
    char period[256], full[256], err[512] = "";
    import_data(period, sizeof period, "grade-period");
    struct rules *r = default_rules();
    import_graded_in_full(full, sizeof full, "grade-period-full", r);
    sqlite3 *db;

    /* the 12 days to AS_OF, 10-20 to 10-31: 王一, 李二, 张三, 刘四, 陈五,
     * 周十, 钱十三, 冯十四, 卫十六, 蒋十七, of whom 刘四, 陈五, 钱十三 and
     * 冯十四 were last contacted on its first day (吴九's last call is on
     * 10-15) */
    const struct grade_date twelve = {AS_OF, 0, 0, 12, 0};
    db = open_db(period);
    if (grade_ensure_dates(db, r, &twelve, 1, err, sizeof err) != 0)
        fail_msg("grade_ensure_dates: %s", err);
    db_close(db);
    assert_int_equal(tu_query_int(period, "SELECT count(*) FROM grades"), 10);
    assert_int_equal(tu_query_int(period, "SELECT count(*) FROM grades WHERE customer_key IN"
                                          " ('13800000004', '13800000005', '13800000013',"
                                          " '13800000014')"),
                     4);
    assert_int_equal(tu_query_int(period, "SELECT full FROM grade_runs WHERE as_of = '" AS_OF "'"),
                     13);
    assert_int_equal(tu_query_int(period, "SELECT count(*) FROM grades WHERE customer_key IN"
                                          " ('13800000009', '13800000006')"),
                     0);
    expect_rows_as_full(period, full);

    /* a mark that grading AS_OF again would wipe */
    db = open_db(period);
    assert_int_equal(db_exec(db, "UPDATE grades SET rule = 'kept'", err, sizeof err), 0);
    const struct grade_date week = {AS_OF, 0, 0, 7, 0}, month = {AS_OF, 0, 0, 31, 0},
                            every = {AS_OF, 1, 0, 0, 0};
    if (grade_ensure_dates(db, r, &week, 1, err, sizeof err) != 0)
        fail_msg("grade_ensure_dates: %s", err);
    assert_int_equal(tu_query_int(period, "SELECT count(*) FROM grades WHERE rule = 'kept'"), 10);
    if (grade_ensure_dates(db, r, &month, 1, err, sizeof err) != 0)
        fail_msg("grade_ensure_dates: %s", err);
    assert_int_equal(tu_query_int(period, "SELECT count(*) FROM grades WHERE rule = 'kept'"), 0);
    assert_int_equal(tu_query_int(period, "SELECT full FROM grade_runs WHERE as_of = '" AS_OF "'"),
                     32);
    if (grade_ensure_dates(db, r, &every, 1, err, sizeof err) != 0)
        fail_msg("grade_ensure_dates: %s", err);
    db_close(db);
    assert_int_equal(tu_query_int(period, "SELECT count(*) FROM grades"), 17);
    assert_int_equal(tu_query_int(period, "SELECT full FROM grade_runs WHERE as_of = '" AS_OF "'"),
                     1);
    rules_free(r);
}

/* A date graded for the monthly pack stores, beside the customers
 * contacted in its last days, those whose first order or delivery falls in
 * bought_within days to it, as a full grading grades them; it serves a date
 * asking for as many days or fewer, and one asking for more is graded
 * again. */
static void test_a_month_end_stores_the_customers_who_bought_lately(void **state)
{
    (void)state;
    char part[256], full[256], err[512] = "";
    import_data(part, sizeof part, "grade-bought");
    struct rules *r = default_rules();
    import_graded_in_full(full, sizeof full, "grade-bought-full", r);
    sqlite3 *db;

    /* the ten contacted from 10-20 (as in the test above), and of the
     * others who ordered or took delivery: 吴九 ordered on 10-15, 褚十五
     * on 10-05; 26 days to 10-31 start on 10-06, 27 on 10-05 */
    const struct grade_date days26 = {AS_OF, 0, 0, 12, 26}, days27 = {AS_OF, 0, 0, 12, 27};
    db = open_db(part);
    if (grade_ensure_dates(db, r, &days26, 1, err, sizeof err) != 0)
        fail_msg("grade_ensure_dates: %s", err);
    assert_int_equal(tu_query_int(part, "SELECT count(*) FROM grades"), 11);
    assert_int_equal(tu_query_int(part, "SELECT count(*) FROM grades WHERE customer_key IN"
                                        " ('13800000009', '13800000015')"),
                     1);
    if (grade_ensure_dates(db, r, &days27, 1, err, sizeof err) != 0)
        fail_msg("grade_ensure_dates: %s", err);
    db_close(db);
    assert_int_equal(tu_query_int(part, "SELECT count(*) FROM grades"), 12);
    assert_int_equal(tu_query_int(part, "SELECT count(*) FROM grades WHERE customer_key IN"
                                        " ('13800000009', '13800000015')"),
                     2);
    assert_int_equal(tu_query_int(part, "SELECT full * 1000 + bought_within FROM grade_runs"
                                        " WHERE as_of = '" AS_OF "'"),
                     13027);
    expect_rows_as_full(part, full);

    /* a mark that grading AS_OF again would wipe */
    db = open_db(part);
    assert_int_equal(db_exec(db, "UPDATE grades SET rule = 'kept'", err, sizeof err), 0);
    const struct grade_date contacted = {AS_OF, 0, 0, 12, 0}, more = {AS_OF, 0, 0, 12, 28};
    if (grade_ensure_dates(db, r, &contacted, 1, err, sizeof err) != 0)
        fail_msg("grade_ensure_dates: %s", err);
    assert_int_equal(tu_query_int(part, "SELECT count(*) FROM grades WHERE rule = 'kept'"), 12);
    if (grade_ensure_dates(db, r, &days26, 1, err, sizeof err) != 0)
        fail_msg("grade_ensure_dates: %s", err);
    assert_int_equal(tu_query_int(part, "SELECT count(*) FROM grades WHERE rule = 'kept'"), 12);
    if (grade_ensure_dates(db, r, &more, 1, err, sizeof err) != 0)
        fail_msg("grade_ensure_dates: %s", err);
    db_close(db);
    assert_int_equal(tu_query_int(part, "SELECT count(*) FROM grades WHERE rule = 'kept'"), 0);
    assert_int_equal(tu_query_int(part, "SELECT count(*) FROM grades"), 12);
    rules_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_delivered_has_no_grade),
        cmocka_unit_test(test_delivered_stays_delivered_after_a_later_defeat),
        cmocka_unit_test(test_care_steps_by_days_after_the_delivery),
        cmocka_unit_test(test_care_counts_the_contacts_after_the_first_delivery),
        cmocka_unit_test(test_source_is_the_first_non_empty_one),
        cmocka_unit_test(test_order_gives_o_due_4_days_after_the_last_contact),
        cmocka_unit_test(test_order_then_defeat_is_defeated),
        cmocka_unit_test(test_defeat_with_nothing_after_is_defeated),
        cmocka_unit_test(test_lost_contact_is_lost),
        cmocka_unit_test(test_back_after_defeat_ignores_timeframe_stated_before),
        cmocka_unit_test(test_back_after_defeat_ignores_test_drive_before),
        cmocka_unit_test(test_back_after_lost_contact_is_graded_again),
        cmocka_unit_test(test_back_after_defeat_name_given_before_still_counts),
        cmocka_unit_test(test_back_after_defeat_rule_n_looks_at_all_contacts),
        cmocka_unit_test(test_contacts_at_the_same_moment_keep_the_order_added),
        cmocka_unit_test(test_visit_without_time_keeps_the_order_added),
        cmocka_unit_test(test_unknown_timeframe_is_c),
        cmocka_unit_test(test_latest_stated_timeframe_wins),
        cmocka_unit_test(test_missing_name_is_n_with_missing_name),
        cmocka_unit_test(test_missing_model_is_n_with_missing_model),
        cmocka_unit_test(test_customer_without_phone_is_n_missing_phone),
        cmocka_unit_test(test_missing_lists_everything_missing),
        cmocka_unit_test(test_c_overdue_after_more_than_30_days),
        cmocka_unit_test(test_c_not_overdue_at_exactly_30_days),
        cmocka_unit_test(test_rule_text_numbers_the_rules_as_domain_does),
        cmocka_unit_test(test_rule_text_says_after_the_defeat),

        cmocka_unit_test(test_e2e_counts_by_grade_and_state),
        cmocka_unit_test(test_e2e_rules_file_with_h_within_15_days_moves_aplus_to_h),
        cmocka_unit_test(test_e2e_as_of_ignores_later_contacts),
        cmocka_unit_test(test_e2e_grades_table_has_one_row_per_customer_with_a_rule),
        cmocka_unit_test(test_e2e_grade_keeps_the_sums_of_the_month_before_until_an_import),
        cmocka_unit_test(test_e2e_grades_table_holds_overdue_days_and_missing),
        cmocka_unit_test(test_e2e_explain_prints_contacts_and_grade_line),
        cmocka_unit_test(test_e2e_explain_of_a_defeated_customer_says_so),
        cmocka_unit_test(test_e2e_explain_by_masked_phone_and_name_is_the_whole_phones),
        cmocka_unit_test(test_e2e_explain_by_masked_phone_lists_the_candidates),
        cmocka_unit_test(test_e2e_explain_by_masked_phone_that_fits_no_one_says_so),
        cmocka_unit_test(test_e2e_explain_shows_control_characters_as_escapes),
        cmocka_unit_test(test_dates_graded_in_one_pass_match_each_graded_alone),
        cmocka_unit_test(test_ensure_grades_only_the_dates_not_up_to_date),
        cmocka_unit_test(test_sums_before_a_date_graded_in_full_match_a_pass),
        cmocka_unit_test(test_a_period_date_stores_the_customers_contacted_in_it),
        cmocka_unit_test(test_a_month_end_stores_the_customers_who_bought_lately),
        cmocka_unit_test(test_a_pass_over_a_day_that_is_no_day_fails_with_the_reason),
        cmocka_unit_test(test_grade_changes_verdicts_in_the_pass_match_those_graded_alone),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
