/* test_rules.c - pins down rules.c: the built-in rules reproduce DOMAIN.md
 * sections 6 and 7.3 row by row, another dealer's rules file works without
 * code changes, bad files are refused with FILE:LINE, rules_print reads back,
 * and `funnel rules` prints the rules or the error. */
#include "testutil.h"

#include "normalize.h"
#include "rules.h"

/* ---- helpers: each names the input when it fails ---- */

#define BAD_NAME "t.rules"

static struct rules *default_rules(void)
{
    char err[512] = "";
    struct rules *r = rules_load(NULL, err, sizeof err);
    if (!r) fail_msg("built-in rules refused: %s", err);
    return r;
}

static struct rules *parse_ok(const char *text)
{
    char err[512] = "";
    struct rules *r = rules_parse(text, BAD_NAME, err, sizeof err);
    if (!r) fail_msg("rules refused: %s\n--- text ---\n%s", err, text);
    return r;
}

static struct rules_facts facts(int timeframe_days, int flags)
{
    struct rules_facts f = {timeframe_days, flags, 1, 1, 1};
    return f;
}

static void expect_grade(const struct rules *r, struct rules_facts f, const char *grade)
{
    int g = rules_grade(r, &f);
    const char *got = g >= 0 ? r->grades[g].name : "(none)";
    if (strcmp(got, grade) != 0)
        fail_msg("timeframe %d, flags %#x, phone %d name %d model %d: grade %s; expected %s",
                 f.timeframe_days, (unsigned)f.flags, f.has_phone, f.has_name, f.has_model, got,
                 grade);
}

static void expect_follow_up(const struct rules *r, const char *grade, int days)
{
    int g = rules_grade_index(r, grade);
    if (g < 0) fail_msg("no grade %s", grade);
    if (r->grades[g].follow_up != days)
        fail_msg("grade %s follow_up %d; expected %d", grade, r->grades[g].follow_up, days);
}

static void expect_reason(const struct rules *r, int lost, const char *reason, const char *notes,
                          const char *category)
{
    int i = rules_reason(r, lost, reason, notes);
    const char *got = i >= 0 && i < r->nreasons ? r->reasons[i].name : "(bad index)";
    if (strcmp(got, category) != 0)
        fail_msg("rules_reason(lost %d, \"%s\", \"%s\") = %s; expected %s", lost,
                 reason ? reason : "(null)", notes ? notes : "(null)", got, category);
}

static void expect_brand(const struct rules *r, const char *reason, const char *notes,
                         const char *brand)
{
    const char *got = rules_brand(r, reason, notes);
    if ((got == NULL) != (brand == NULL) || (got && strcmp(got, brand) != 0))
        fail_msg("rules_brand(\"%s\", \"%s\") = %s; expected %s", reason ? reason : "(null)",
                 notes ? notes : "(null)", got ? got : "NULL", brand ? brand : "NULL");
}

/* rules_parse must refuse text, return NULL and start its message with
 * "t.rules:LINE: "; the message must also contain words (when not NULL). */
static void expect_refused(const char *text, int line, const char *words)
{
    char err[512] = "", prefix[64];
    struct rules *r = rules_parse(text, BAD_NAME, err, sizeof err);
    if (r) {
        rules_free(r);
        fail_msg("rules accepted; expected an error at line %d\n--- text ---\n%s", line, text);
    }
    snprintf(prefix, sizeof prefix, BAD_NAME ":%d: ", line);
    if (strncmp(err, prefix, strlen(prefix)) != 0)
        fail_msg("error \"%s\" does not start with \"%s\"\n--- text ---\n%s", err, prefix, text);
    if (words && !strstr(err, words)) fail_msg("error \"%s\" does not mention \"%s\"", err, words);
}

/* Whole-file errors (something missing) belong to no single line: they are
 * reported at the file's last line. */
static void expect_refused_at_end(const char *text, const char *words)
{
    int lines = 0;
    for (const char *p = text; *p; p++)
        if (*p == '\n' || p[1] == '\0') lines++;
    expect_refused(text, lines, words);
}

/* Refused with "t.rules:LINE: ..." (LINE a line of the file) mentioning words. */
static void expect_refused_anywhere(const char *text, const char *words)
{
    char err[512] = "";
    struct rules *r = rules_parse(text, BAD_NAME, err, sizeof err);
    if (r) {
        rules_free(r);
        fail_msg("rules accepted; expected an error mentioning \"%s\"\n--- text ---\n%s", words,
                 text);
    }
    int line = -1, n = 0;
    if (sscanf(err, BAD_NAME ":%d: %n", &line, &n) != 1 || n == 0 || line < 1)
        fail_msg("error \"%s\" does not start with \"" BAD_NAME ":LINE: \"", err);
    if (!strstr(err, words)) fail_msg("error \"%s\" does not mention \"%s\"", err, words);
}

static void write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    if (!fp) fail_msg("cannot write %s", path);
    fputs(text, fp);
    fclose(fp);
}

static void temp_path(char *path, size_t size, const char *name)
{
    snprintf(path, size, "/tmp/funnel-test-%d-%s", (int)getpid(), name);
}

/* rules_print's output as a malloc'd string. */
static char *printed(const struct rules *r)
{
    char *text = NULL;
    size_t size = 0;
    FILE *fp = open_memstream(&text, &size);
    assert_non_null(fp);
    rules_print(r, fp);
    fclose(fp);
    return text;
}

/* Two rule sets grade, follow up, name reasons and brands the same way. */
static void expect_equivalent(const struct rules *a, const struct rules *b)
{
    assert_int_equal(a->target[0], b->target[0]);
    assert_int_equal(a->target[1], b->target[1]);
    assert_int_equal(a->target[2], b->target[2]);
    assert_int_equal(a->ngrades, b->ngrades);
    assert_int_equal(a->order_grade, b->order_grade);
    for (int g = 0; g < a->ngrades; g++) {
        assert_string_equal(a->grades[g].name, b->grades[g].name);
        assert_string_equal(a->grades[g].label, b->grades[g].label);
        assert_string_equal(a->grades[g].when, b->grades[g].when);
        assert_int_equal(a->grades[g].follow_up, b->grades[g].follow_up);
        assert_int_equal(a->display[g], b->display[g]);
    }
    assert_int_equal(a->nreasons, b->nreasons);
    assert_int_equal(a->unreachable, b->unreachable);
    assert_int_equal(a->other, b->other);
    for (int i = 0; i < a->nreasons; i++) {
        assert_string_equal(a->reasons[i].name, b->reasons[i].name);
        assert_string_equal(a->reasons[i].label, b->reasons[i].label);
        assert_int_equal(a->reasons[i].nkeywords, b->reasons[i].nkeywords);
        for (int k = 0; k < a->reasons[i].nkeywords; k++)
            assert_string_equal(a->reasons[i].keywords[k], b->reasons[i].keywords[k]);
    }
    assert_int_equal(a->nbrands, b->nbrands);
    for (int i = 0; i < a->nbrands; i++)
        assert_string_equal(a->brands[i], b->brands[i]);
    /* and they grade a spread of customers alike */
    static const int days[] = {-1, 0, 7, 8, 15, 16, 30, 31, 60, 90, 91, 400};
    for (size_t i = 0; i < sizeof days / sizeof days[0]; i++)
        for (int flags = 0; flags < 4; flags++)
            for (int missing = 0; missing < 2; missing++) {
                struct rules_facts f = {days[i], flags, !missing, 1, 1};
                assert_int_equal(rules_grade(a, &f), rules_grade(b, &f));
            }
}

static void expect_print_reads_back(const struct rules *r)
{
    char *text = printed(r);
    char err[512] = "";
    struct rules *back = rules_parse(text, "printed.rules", err, sizeof err);
    if (!back) fail_msg("rules_print output refused: %s\n--- printed ---\n%s", err, text);
    expect_equivalent(r, back);
    rules_free(back);
    free(text);
}

/* The end of a minimal valid file: the two reasons every file needs. */
#define REASONS                                                                                    \
    "[reason unreachable]\n"                                                                       \
    "keywords = 联系不上\n"                                                                    \
    "[reason other]\n"                                                                             \
    "label = 其他\n"

/* A minimal valid file: lines 1-10, then REASONS at 11-14. */
#define MINIMAL_GRADES                                                                             \
    "[funnel]\n"              /* 1 */                                                              \
    "target = 25:5:1\n"       /* 2 */                                                              \
    "[grade O]\n"             /* 3 */                                                              \
    "follow_up = 4\n"         /* 4 */                                                              \
    "[grade H]\n"             /* 5 */                                                              \
    "when = timeframe <= 7\n" /* 6 */                                                              \
    "follow_up = 2\n"         /* 7 */                                                              \
    "[grade C]\n"             /* 8 */                                                              \
    "when = always\n"         /* 9 */                                                              \
    "follow_up = 30\n"        /* 10 */

/* A file whose grade H condition (line 6) is cond. */
static void expect_condition_refused(const char *cond, const char *words)
{
    char text[1024];
    snprintf(text, sizeof text,
             "[funnel]\ntarget = 25:5:1\n[grade O]\nfollow_up = 4\n[grade H]\nwhen = %s\n"
             "follow_up = 2\n[grade C]\nwhen = always\nfollow_up = 30\n" REASONS,
             cond);
    expect_refused(text, 6, words);
}

/* Another dealer's table: H weekly, A every 15 days (and only with a test
 * drive), B monthly, C every three months; no A+ or B+. */
/* clang-format off */
static const char other_dealer[] =
    "# another dealer\n"
    "[funnel]\n"
    "target = 30:6:1\n"
    "grade_order = O, H, A, B, C, N\n"
    "[grade O]\n"
    "label = 订单\n"
    "follow_up = 3\n"
    "[grade N]\n"
    "when = missing phone or missing name or missing model\n"
    "follow_up = none\n"
    "[grade H]\n"
    "label = 一周内\n"
    "when = timeframe <= 7\n"
    "follow_up = 7\n"
    "[grade A]\n"
    "when = timeframe <= 30 and test_drive\n"
    "follow_up = 15\n"
    "[grade B]\n"
    "when = timeframe <= 90\n"
    "follow_up = 30\n"
    "[grade C]\n"
    "when = always\n"
    "follow_up = 90\n"
    "[reason unreachable]\n"
    "keywords = 联系不上, 空号\n"
    "[reason price]\n"
    "label = 价格\n"
    "keywords = 价格, 贵\n"
    "[reason other]\n"
    "label = 其他\n"
    "[brands]\n"
    "list = 丰田, 本田\n";
/* clang-format on */

/* ---- the built-in rules: DOMAIN.md sections 6 and 7.3 ---- */

static void test_default_target_is_25_5_1(void **state)
{
    (void)state;
    struct rules *r = default_rules();
    assert_int_equal(r->target[0], 25);
    assert_int_equal(r->target[1], 5);
    assert_int_equal(r->target[2], 1);
    rules_free(r);
}

static void test_default_rules_are_tried_in_the_order_n_h_aplus_a_bplus_b_c(void **state)
{
    (void)state;
    struct rules *r = default_rules();
    static const char *order[] = {"N", "H", "A+", "A", "B+", "B", "C"};
    int k = 0;
    for (int g = 0; g < r->ngrades; g++) {
        if (g == r->order_grade) continue;
        assert_true(k < 7);
        assert_string_equal(r->grades[g].name, order[k++]);
    }
    assert_int_equal(k, 7);
    assert_string_equal(r->grades[r->order_grade].name, "O");
    assert_int_equal(r->grades[r->order_grade].root, -1);
    rules_free(r);
}

static void test_default_display_order_is_o_h_aplus_a_bplus_b_c_n(void **state)
{
    (void)state;
    struct rules *r = default_rules();
    static const char *order[] = {"O", "H", "A+", "A", "B+", "B", "C", "N"};
    assert_int_equal(r->ngrades, 8);
    for (int i = 0; i < 8; i++)
        assert_string_equal(r->grades[r->display[i]].name, order[i]);
    rules_free(r);
}

static void test_default_follow_up_days_per_grade(void **state)
{
    (void)state;
    struct rules *r = default_rules();
    expect_follow_up(r, "O", 4);
    expect_follow_up(r, "H", 2);
    expect_follow_up(r, "A+", 4);
    expect_follow_up(r, "A", 4);
    expect_follow_up(r, "B+", 15);
    expect_follow_up(r, "B", 15);
    expect_follow_up(r, "C", 30);
    expect_follow_up(r, "N", RULES_NO_FOLLOW_UP);
    rules_free(r);
}

/* DOMAIN 7.8: 追踪目的 per grade, from the seeds; N has none (no schedule) */
static void test_default_purpose_per_grade(void **state)
{
    (void)state;
    struct rules *r = default_rules();
    static const char *want[][2] = {{"O", "尽快交车"}, {"H", "加速签单"},  {"A+", "促进级别"},
                                    {"A", "促进级别"}, {"B+", "了解动向"}, {"B", "了解动向"},
                                    {"C", "结交朋友"}, {"N", ""}};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        int g = rules_grade_index(r, want[i][0]);
        assert_true(g >= 0);
        assert_string_equal(r->grades[g].purpose, want[i][1]);
    }
    rules_free(r);
}

static void test_purpose_is_read_and_printed_back(void **state)
{
    (void)state;
    struct rules *r = parse_ok("[grade O]\npurpose = 尽快交车, 确认交车日\n[grade C]\n"
                               "when = always\nfollow_up = 30\n"
                               "[reason unreachable]\n[reason other]\n");
    assert_string_equal(r->grades[rules_grade_index(r, "O")].purpose, "尽快交车, 确认交车日");
    assert_string_equal(r->grades[rules_grade_index(r, "C")].purpose, "");
    char *text = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&text, &len);
    rules_print(r, fp);
    fclose(fp);
    assert_non_null(strstr(text, "[grade O]\nfollow_up = none\npurpose = 尽快交车, 确认交车日\n"));
    free(text);
    rules_free(r);
}

static void test_dealer_name_is_read_and_printed_back(void **state)
{
    (void)state;
    char err[512] = "";
    struct rules *r = parse_ok("[dealer]\nname = 星辰汽车4S店 (东区)\n[grade O]\n[grade C]\n"
                               "when = always\nfollow_up = 30\n"
                               "[reason unreachable]\n[reason other]\n");
    assert_string_equal(r->dealer, "星辰汽车4S店 (东区)");
    char *text = printed(r);
    assert_non_null(strstr(text, "\n[dealer]\nname = 星辰汽车4S店 (东区)\n"));
    struct rules *back = rules_parse(text, "printed.rules", err, sizeof err);
    assert_non_null(back);
    assert_string_equal(back->dealer, "星辰汽车4S店 (东区)");
    rules_free(back);
    free(text);
    rules_free(r);
    /* without the section there is no name, and none is printed */
    r = default_rules();
    assert_string_equal(r->dealer, "");
    text = printed(r);
    assert_null(strstr(text, "[dealer]"));
    free(text);
    rules_free(r);
}

static void test_refuses_dealer_twice_or_an_unknown_dealer_key(void **state)
{
    (void)state;
    expect_refused(MINIMAL_GRADES "[dealer]\nname = A\n[dealer]\n" REASONS, 13, "twice");
    expect_refused(MINIMAL_GRADES "[dealer]\naddress = B\n" REASONS, 12, "address");
}

static void test_default_source_says_built_in(void **state)
{
    (void)state;
    struct rules *r = default_rules();
    assert_string_equal(r->source, "(built-in defaults)");
    rules_free(r);
}

/* ---- DOMAIN 6, one test per rule row ---- */

static void test_rule_n_missing_phone(void **state)
{
    (void)state;
    struct rules *r = default_rules();
    struct rules_facts f = facts(3, RULES_TEST_DRIVE);
    f.has_phone = 0;
    expect_grade(r, f, "N");
    rules_free(r);
}

static void test_rule_n_missing_name(void **state)
{
    (void)state;
    struct rules *r = default_rules();
    struct rules_facts f = facts(3, RULES_TEST_DRIVE);
    f.has_name = 0;
    expect_grade(r, f, "N");
    rules_free(r);
}

static void test_rule_n_missing_model(void **state)
{
    (void)state;
    struct rules *r = default_rules();
    struct rules_facts f = facts(3, RULES_TEST_DRIVE);
    f.has_model = 0;
    expect_grade(r, f, "N");
    rules_free(r);
}

static void test_rule_h_timeframe_0_to_7(void **state)
{
    (void)state;
    struct rules *r = default_rules();
    expect_grade(r, facts(0, 0), "H");
    expect_grade(r, facts(7, 0), "H");
    rules_free(r);
}

static void test_rule_aplus_timeframe_8_to_15(void **state)
{
    (void)state;
    struct rules *r = default_rules();
    expect_grade(r, facts(8, 0), "A+");
    expect_grade(r, facts(15, 0), "A+");
    rules_free(r);
}

static void test_rule_a_timeframe_16_to_30(void **state)
{
    (void)state;
    struct rules *r = default_rules();
    expect_grade(r, facts(16, 0), "A");
    expect_grade(r, facts(30, 0), "A");
    rules_free(r);
}

static void test_rule_bplus_timeframe_31_to_90_with_test_drive_or_quote(void **state)
{
    (void)state;
    struct rules *r = default_rules();
    expect_grade(r, facts(31, RULES_TEST_DRIVE), "B+");
    expect_grade(r, facts(90, RULES_TEST_DRIVE), "B+");
    expect_grade(r, facts(31, RULES_QUOTE), "B+");
    expect_grade(r, facts(90, RULES_QUOTE), "B+");
    expect_grade(r, facts(60, RULES_TEST_DRIVE | RULES_QUOTE), "B+");
    rules_free(r);
}

static void test_rule_b_timeframe_31_to_90_without_test_drive_or_quote(void **state)
{
    (void)state;
    struct rules *r = default_rules();
    expect_grade(r, facts(31, 0), "B");
    expect_grade(r, facts(90, 0), "B");
    /* other facts are no test drive nor quote */
    expect_grade(r, facts(90, RULES_FINANCING | RULES_TRADE_IN | RULES_INVITED | RULES_VISIT), "B");
    rules_free(r);
}

static void test_rule_c_timeframe_over_90(void **state)
{
    (void)state;
    struct rules *r = default_rules();
    expect_grade(r, facts(91, 0), "C");
    expect_grade(r, facts(91, RULES_TEST_DRIVE | RULES_QUOTE), "C");
    rules_free(r);
}

static void test_rule_c_unknown_timeframe_even_with_test_drive(void **state)
{
    (void)state;
    struct rules *r = default_rules();
    expect_grade(r, facts(-1, RULES_TEST_DRIVE | RULES_QUOTE), "C");
    rules_free(r);
}

/* ---- DOMAIN 7.3, one test per category row ---- */

static void test_reason_unreachable_by_keyword(void **state)
{
    (void)state;
    struct rules *r = default_rules();
    expect_reason(r, 0, "客户电话一直打不通,放弃", NULL, "unreachable");
    expect_reason(r, 0, "Customer UNREACHABLE since May", NULL, "unreachable");
    rules_free(r);
}

static void test_reason_competitor_by_keyword(void **state)
{
    (void)state;
    struct rules *r = default_rules();
    expect_reason(r, 0, "上周去隔壁店买了一台", NULL, "competitor");
    expect_reason(r, 0, "He Bought elsewhere", NULL, "competitor");
    rules_free(r);
}

static void test_reason_price_by_keyword(void **state)
{
    (void)state;
    struct rules *r = default_rules();
    expect_reason(r, 0, "觉得我们的优惠力度太小", NULL, "price");
    expect_reason(r, 0, "Too EXPENSIVE", NULL, "price");
    rules_free(r);
}

static void test_reason_budget_by_keyword(void **state)
{
    (void)state;
    struct rules *r = default_rules();
    expect_reason(r, 0, "这个月首付凑不齐", NULL, "budget");
    expect_reason(r, 0, "over BUDGET", NULL, "budget");
    rules_free(r);
}

static void test_reason_stock_by_keyword(void **state)
{
    (void)state;
    struct rules *r = default_rules();
    expect_reason(r, 0, "想要的颜色没现车,要等两个月", NULL, "stock");
    expect_reason(r, 0, "Out of Stock", NULL, "stock");
    rules_free(r);
}

static void test_reason_confidence_by_keyword(void **state)
{
    (void)state;
    struct rules *r = default_rules();
    expect_reason(r, 0, "担心这款车的口碑不好", NULL, "confidence");
    expect_reason(r, 0, "worried about Quality", NULL, "confidence");
    rules_free(r);
}

static void test_reason_needs_by_keyword(void **state)
{
    (void)state;
    struct rules *r = default_rules();
    expect_reason(r, 0, "后排空间太小了", NULL, "needs");
    expect_reason(r, 0, "needs more SPACE", NULL, "needs");
    rules_free(r);
}

static void test_reason_service_by_keyword(void **state)
{
    (void)state;
    struct rules *r = default_rules();
    expect_reason(r, 0, "嫌销售态度不好", NULL, "service");
    expect_reason(r, 0, "bad Attitude of staff", NULL, "service");
    rules_free(r);
}

static void test_reason_postponed_by_keyword(void **state)
{
    (void)state;
    struct rules *r = default_rules();
    expect_reason(r, 0, "家人不同意,明年再看", NULL, "postponed");
    expect_reason(r, 0, "will decide LATER", NULL, "postponed");
    rules_free(r);
}

static void test_reason_other_when_nothing_matches(void **state)
{
    (void)state;
    struct rules *r = default_rules();
    expect_reason(r, 0, "搬家去外地了", NULL, "other");
    expect_reason(r, 0, "moved abroad", "", "other");
    expect_reason(r, 0, "", "", "other");
    expect_reason(r, 0, NULL, NULL, "other");
    rules_free(r);
}

static void test_reason_earlier_category_wins_when_two_match(void **state)
{
    (void)state;
    struct rules *r = default_rules();
    /* 买了 (competitor, 2) and 便宜 (price, 3) */
    expect_reason(r, 0, "已经买了别的车,价格便宜", NULL, "competitor");
    /* the order of the categories, not of the words in the text */
    expect_reason(r, 0, "价格便宜所以已经买了别的车", NULL, "competitor");
    /* 贵 (price, 3) before 预算 (budget, 4) */
    expect_reason(r, 0, "超预算了,太贵", NULL, "price");
    rules_free(r);
}

static void test_reason_notes_used_only_when_reason_is_empty(void **state)
{
    (void)state;
    struct rules *r = default_rules();
    expect_reason(r, 0, "", "客户说太贵", "price");
    expect_reason(r, 0, NULL, "客户说太贵", "price");
    /* a reason that matches nothing still hides the notes */
    expect_reason(r, 0, "搬家去外地了", "客户说太贵", "other");
    expect_reason(r, 0, "空间不够", "客户说太贵", "needs");
    rules_free(r);
}

static void test_reason_lost_contact_is_always_unreachable(void **state)
{
    (void)state;
    struct rules *r = default_rules();
    expect_reason(r, 1, "已经买了别的车,价格便宜", NULL, "unreachable");
    expect_reason(r, 1, "", "太贵", "unreachable");
    expect_reason(r, 1, NULL, NULL, "unreachable");
    rules_free(r);
}

static void test_brand_first_of_the_list_order_wins(void **state)
{
    (void)state;
    struct rules *r = default_rules();
    /* 本田 comes first in the text, 丰田 first in the list */
    expect_brand(r, "价格比丰田贵,也看了本田", NULL, "丰田");
    expect_brand(r, "看了本田,最后选了丰田", NULL, "丰田");
    rules_free(r);
}

static void test_brand_found_in_reason_or_notes(void **state)
{
    (void)state;
    struct rules *r = default_rules();
    expect_brand(r, "太贵", "去了比亚迪4S店", "比亚迪");
    expect_brand(r, "买了大众", "", "大众");
    /* the list order decides across reason and notes as well */
    expect_brand(r, "买了本田", "也看过丰田", "丰田");
    rules_free(r);
}

static void test_brand_ascii_ignores_case(void **state)
{
    (void)state;
    struct rules *r = default_rules();
    expect_brand(r, "chose a bmw", NULL, "BMW");
    expect_brand(r, "went to TESLA", NULL, "Tesla");
    rules_free(r);
}

static void test_brand_none_is_null(void **state)
{
    (void)state;
    struct rules *r = default_rules();
    expect_brand(r, "太贵", "搬家了", NULL);
    expect_brand(r, "", "", NULL);
    expect_brand(r, NULL, NULL, NULL);
    rules_free(r);
}

static void test_keyword_chinese_is_a_substring_ascii_ignores_case(void **state)
{
    (void)state;
    assert_true(rules_keyword_in("客户觉得价格偏高", "价格"));
    assert_false(rules_keyword_in("客户觉得偏高", "价格"));
    assert_true(rules_keyword_in("Too EXPENSIVE for him", "expensive"));
    assert_true(rules_keyword_in("expensive", "EXPENSIVE"));
    assert_false(rules_keyword_in("expens", "expensive"));
    assert_false(rules_keyword_in(NULL, "price"));
    assert_false(rules_keyword_in("price", ""));
}

/* ---- another dealer's rules, no code changes ---- */

static void test_other_dealer_table_parses_from_a_file(void **state)
{
    (void)state;
    char path[256], err[512] = "";
    temp_path(path, sizeof path, "other-dealer.rules");
    write_file(path, other_dealer);
    struct rules *r = rules_load(path, err, sizeof err);
    if (!r) fail_msg("other dealer's rules refused: %s", err);
    assert_string_equal(r->source, path);
    assert_int_equal(r->target[0], 30);
    assert_int_equal(r->target[1], 6);
    assert_int_equal(r->target[2], 1);
    assert_int_equal(r->ngrades, 6);
    assert_int_equal(rules_grade_index(r, "A+"), -1);
    assert_int_equal(rules_grade_index(r, "B+"), -1);
    static const char *display[] = {"O", "H", "A", "B", "C", "N"};
    for (int i = 0; i < 6; i++)
        assert_string_equal(r->grades[r->display[i]].name, display[i]);
    expect_follow_up(r, "O", 3);
    expect_follow_up(r, "H", 7);
    expect_follow_up(r, "A", 15);
    expect_follow_up(r, "B", 30);
    expect_follow_up(r, "C", 90);
    expect_follow_up(r, "N", RULES_NO_FOLLOW_UP);
    rules_free(r);
    unlink(path);
}

static void test_other_dealer_table_grades_a_only_with_a_test_drive(void **state)
{
    (void)state;
    struct rules *r = parse_ok(other_dealer);
    expect_grade(r, facts(5, 0), "H");
    expect_grade(r, facts(20, RULES_TEST_DRIVE), "A");
    expect_grade(r, facts(30, RULES_TEST_DRIVE), "A");
    expect_grade(r, facts(20, 0), "B");           /* no test drive: not A */
    expect_grade(r, facts(20, RULES_QUOTE), "B"); /* a quote is not a test drive */
    expect_grade(r, facts(31, RULES_TEST_DRIVE), "B");
    expect_grade(r, facts(91, RULES_TEST_DRIVE), "C");
    expect_grade(r, facts(-1, 0), "C");
    struct rules_facts f = facts(5, 0);
    f.has_model = 0;
    expect_grade(r, f, "N");
    rules_free(r);
}

static void test_other_dealer_table_has_its_own_reasons_and_brands(void **state)
{
    (void)state;
    struct rules *r = parse_ok(other_dealer);
    expect_reason(r, 0, "太贵了", NULL, "price");
    expect_reason(r, 0, "买了别的车", NULL, "other"); /* no competitor category here */
    expect_reason(r, 1, "太贵了", NULL, "unreachable");
    expect_brand(r, "买了本田", NULL, "本田");
    expect_brand(r, "买了比亚迪", NULL, NULL);
    rules_free(r);
}

static void test_conditions_and_binds_tighter_than_or_and_not_negates(void **state)
{
    (void)state;
    struct rules *r = parse_ok("[grade O]\n"
                               "[grade X]\n"
                               "when = test_drive or quote and financing\n"
                               "[grade Y]\n"
                               "when = not (timeframe unknown) and timeframe > 10\n"
                               "[grade Z]\n"
                               "when = always\n" REASONS);
    expect_grade(r, facts(-1, RULES_TEST_DRIVE), "X");
    expect_grade(r, facts(-1, RULES_QUOTE), "Z");
    expect_grade(r, facts(-1, RULES_QUOTE | RULES_FINANCING), "X");
    expect_grade(r, facts(11, 0), "Y");
    expect_grade(r, facts(10, 0), "Z");
    rules_free(r);
}

static void test_without_grade_order_display_follows_the_file(void **state)
{
    (void)state;
    struct rules *r = parse_ok("[grade O]\n[grade H]\nwhen = timeframe <= 7\n"
                               "[grade C]\nwhen = always\n" REASONS);
    assert_string_equal(r->grades[r->display[0]].name, "O");
    assert_string_equal(r->grades[r->display[1]].name, "H");
    assert_string_equal(r->grades[r->display[2]].name, "C");
    assert_int_equal(r->grades[1].follow_up, RULES_NO_FOLLOW_UP); /* not given */
    rules_free(r);
}

/* ---- bad files: refused with FILE:LINE, nothing returned ---- */

static void test_refuses_unknown_section(void **state)
{
    (void)state;
    expect_refused(MINIMAL_GRADES "[grades B]\n" REASONS, 11, "grades B");
}

static void test_refuses_unknown_key(void **state)
{
    (void)state;
    expect_refused("[funnel]\ntarget = 25:5:1\n[grade O]\nfollow_up = 4\n[grade H]\n"
                   "when = timeframe <= 7\ncolour = red\n[grade C]\nwhen = always\n" REASONS,
                   7, "colour");
}

static void test_refuses_key_outside_a_section(void **state)
{
    (void)state;
    expect_refused("# comment\n\ntarget = 25:5:1\n" MINIMAL_GRADES REASONS, 3, "target");
}

static void test_refuses_line_without_equals(void **state)
{
    (void)state;
    expect_refused("[funnel]\ntarget = 25:5:1\n[grade O]\nfollow_up 4\n[grade C]\n"
                   "when = always\n" REASONS,
                   4, "follow_up 4");
}

static void test_refuses_condition_with_a_word_for_days(void **state)
{
    (void)state;
    expect_condition_refused("timeframe <= soon", NULL);
}

static void test_refuses_condition_missing_something_unknown(void **state)
{
    (void)state;
    expect_condition_refused("missing age", "missing");
}

static void test_refuses_condition_with_unbalanced_parenthesis(void **state)
{
    (void)state;
    expect_condition_refused("(timeframe <= 7 or test_drive", ")");
    expect_condition_refused("timeframe <= 7 or test_drive)", ")");
}

static void test_refuses_condition_with_trailing_garbage(void **state)
{
    (void)state;
    expect_condition_refused("timeframe <= 7 test_drive", "test_drive");
    expect_condition_refused("timeframe <= 7 and", NULL);
    expect_condition_refused("timeframe <= 7days", "days");
}

static void test_refuses_unknown_condition_word(void **state)
{
    (void)state;
    expect_condition_refused("hot", "hot");
    expect_condition_refused("test_drives", "test_drives");
}

static void test_refuses_when_on_grade_o(void **state)
{
    (void)state;
    expect_refused("[funnel]\ntarget = 25:5:1\n[grade O]\nwhen = always\n[grade C]\n"
                   "when = always\n" REASONS,
                   4, "O");
}

static void test_refuses_grade_without_when_at_its_header(void **state)
{
    (void)state;
    /* [grade A] on line 11 has no "when": the message should point there */
    expect_refused(MINIMAL_GRADES "[grade A]\nfollow_up = 4\n" REASONS, 11, "A");
}

static void test_refuses_duplicate_grade(void **state)
{
    (void)state;
    expect_refused(MINIMAL_GRADES "[grade H]\nwhen = timeframe <= 3\n" REASONS, 11, "H");
}

static void test_refuses_duplicate_key(void **state)
{
    (void)state;
    expect_refused("[funnel]\ntarget = 25:5:1\n[grade O]\nfollow_up = 4\n[grade H]\n"
                   "when = timeframe <= 7\nfollow_up = 2\nfollow_up = 3\n[grade C]\n"
                   "when = always\n" REASONS,
                   8, "follow_up");
}

static void test_refuses_target_with_two_numbers(void **state)
{
    (void)state;
    expect_refused("[funnel]\ntarget = 25:5\n[grade O]\n[grade C]\nwhen = always\n" REASONS, 2,
                   "target");
    expect_refused("[funnel]\ntarget = 25:0:1\n[grade O]\n[grade C]\nwhen = always\n" REASONS, 2,
                   "target");
    expect_refused("[funnel]\ntarget = 25:5:1:1\n[grade O]\n[grade C]\nwhen = always\n" REASONS, 2,
                   "target");
}

static void test_refuses_bad_follow_up(void **state)
{
    (void)state;
    expect_refused("[grade O]\nfollow_up = weekly\n[grade C]\nwhen = always\n" REASONS, 2,
                   "weekly");
    expect_refused("[grade O]\nfollow_up = -1\n[grade C]\nwhen = always\n" REASONS, 2, "-1");
    expect_refused("[grade O]\nfollow_up = 7 days\n[grade C]\nwhen = always\n" REASONS, 2,
                   "7 days");
}

static void test_refuses_rules_without_an_always_grade(void **state)
{
    (void)state;
    expect_refused_anywhere("[grade O]\n[grade H]\nwhen = timeframe <= 7\n" REASONS, "always");
}

static void test_refuses_rules_without_reason_other(void **state)
{
    (void)state;
    expect_refused_anywhere(MINIMAL_GRADES "[reason unreachable]\nkeywords = 空号\n",
                            "reason other");
}

static void test_refuses_rules_without_reason_unreachable(void **state)
{
    (void)state;
    expect_refused_anywhere(MINIMAL_GRADES "[reason other]\nlabel = 其他\n", "reason unreachable");
}

static void test_whole_file_errors_point_at_the_last_line(void **state)
{
    (void)state;
    /* 7 lines, with and without the final newline */
    expect_refused_at_end("[grade O]\n[grade H]\nwhen = timeframe <= 7\n" REASONS, "always");
    expect_refused_at_end("[grade O]\n[grade H]\nwhen = timeframe <= 7\n[reason unreachable]\n"
                          "keywords = 联系不上\n[reason other]\nlabel = 其他",
                          "always");
}

static void test_refuses_grade_order_missing_a_grade(void **state)
{
    (void)state;
    expect_refused("[funnel]\ngrade_order = O, H\n[grade O]\n[grade H]\nwhen = timeframe <= 7\n"
                   "[grade C]\nwhen = always\n" REASONS,
                   2, "grade_order");
}

static void test_refuses_grade_order_with_unknown_grade(void **state)
{
    (void)state;
    expect_refused("[funnel]\ngrade_order = O, H, X\n[grade O]\n[grade H]\n"
                   "when = timeframe <= 7\n[grade C]\nwhen = always\n" REASONS,
                   2, "X");
    expect_refused("[funnel]\ngrade_order = O, H, H\n[grade O]\n[grade H]\n"
                   "when = timeframe <= 7\n[grade C]\nwhen = always\n" REASONS,
                   2, "H");
}

static void test_failed_load_of_a_file_names_the_file_and_returns_null(void **state)
{
    (void)state;
    char path[256], err[512] = "", prefix[300];
    temp_path(path, sizeof path, "bad-last-line.rules");
    /* everything valid up to the last line */
    write_file(path, MINIMAL_GRADES REASONS "[brands]\nlist\n");
    struct rules *r = rules_load(path, err, sizeof err);
    assert_null(r);
    snprintf(prefix, sizeof prefix, "%s:16: ", path);
    if (strncmp(err, prefix, strlen(prefix)) != 0)
        fail_msg("error \"%s\" does not start with \"%s\"", err, prefix);
    unlink(path);
}

static void test_missing_file_is_refused_naming_it(void **state)
{
    (void)state;
    char err[512] = "";
    assert_null(rules_load("/nonexistent/funnel.rules", err, sizeof err));
    assert_non_null(strstr(err, "/nonexistent/funnel.rules"));
}

/* ---- rules_print reads back ---- */

static void test_print_of_default_rules_reads_back_the_same(void **state)
{
    (void)state;
    struct rules *r = default_rules();
    expect_print_reads_back(r);
    rules_free(r);
}

static void test_print_of_other_dealer_rules_reads_back_the_same(void **state)
{
    (void)state;
    struct rules *r = parse_ok(other_dealer);
    expect_print_reads_back(r);
    rules_free(r);
}

static void test_print_of_rules_without_brands_reads_back(void **state)
{
    (void)state;
    struct rules *r = parse_ok(MINIMAL_GRADES REASONS);
    assert_int_equal(r->nbrands, 0);
    expect_print_reads_back(r);
    rules_free(r);
}

static void test_print_of_a_long_condition_reads_back_or_it_is_refused(void **state)
{
    (void)state;
    /* a condition longer than struct rules_grade's when[256] */
    char cond[1024] = "", text[2048], err[512] = "";
    for (int i = 0; i < 20; i++)
        snprintf(cond + strlen(cond), sizeof cond - strlen(cond), "%stimeframe <= %d",
                 i ? " or " : "", i);
    assert_true(strlen(cond) > 300);
    snprintf(text, sizeof text,
             "[grade O]\n[grade H]\nwhen = %s\n[grade C]\nwhen = always\n" REASONS, cond);
    struct rules *r = rules_parse(text, BAD_NAME, err, sizeof err);
    if (!r) { /* refusing it is fine, at its line */
        assert_int_equal(strncmp(err, BAD_NAME ":3: ", strlen(BAD_NAME ":3: ")), 0);
        return;
    }
    expect_print_reads_back(r);
    rules_free(r);
}

/* ---- the dealer's column names and words (DOMAIN.md 3.4, 5.7) ---- */

#define DEALER_WORDS                                                                               \
    "[funnel]\ndate_order = dmy\n[grade O]\n[grade C]\nwhen = always\n" REASONS                    \
    "[columns]\nphone = 客户电话, 手机号\nsalesperson = 跟单人\n"                        \
    "[outcomes]\nORDER = 已成交, 拿下\nDEFEAT = 黄了\n"                                     \
    "[booleans]\ntrue = 要\nfalse = 不要\n"                                                     \
    "[directions]\nout = 外拨\n"                                                                 \
    "[timeframes]\n年底前 = 60\n"

static void test_dealer_words_are_read_and_matched_folded_and_ignoring_case(void **state)
{
    (void)state;
    struct rules *r = parse_ok(DEALER_WORDS);
    int value = -1;
    assert_int_equal(r->date_order, NORM_ORDER_DMY);
    assert_int_equal(r->ncolumns, 3);
    assert_true(rules_word(r, RULES_OUTCOMES, "拿下", &value));
    assert_int_equal(value, OUTCOME_ORDER);
    assert_true(rules_word(r, RULES_OUTCOMES, "黄了", &value));
    assert_int_equal(value, OUTCOME_DEFEAT);
    assert_true(rules_word(r, RULES_BOOLEANS, "不要", &value));
    assert_int_equal(value, 0);
    assert_true(rules_word(r, RULES_DIRECTIONS, "外拨", &value));
    assert_int_equal(value, DIRECTION_OUT);
    assert_true(rules_word(r, RULES_TIMEFRAMES, "年底前", &value));
    assert_int_equal(value, 60);
    /* a word of one vocabulary is not a word of another */
    assert_false(rules_word(r, RULES_BOOLEANS, "拿下", &value));
    assert_false(rules_word(r, RULES_OUTCOMES, "", &value));
    rules_free(r);
    r = parse_ok(MINIMAL_GRADES REASONS "[outcomes]\nORDER = Sold Out\n");
    assert_true(rules_word(r, RULES_OUTCOMES, "ＳＯＬＤ ｏｕｔ", &value));
    rules_free(r);
}

static void test_dealer_words_print_and_read_back(void **state)
{
    (void)state;
    struct rules *r = parse_ok(DEALER_WORDS);
    expect_print_reads_back(r);
    rules_free(r);
}

static void test_a_grade_name_with_a_list_separator_is_refused(void **state)
{
    (void)state;
    /* grade_order lists grades with commas: ",N" could not be listed */
    expect_refused("[grade O]\n[grade ,N]\nwhen = always\n" REASONS, 2, "short word");
    expect_refused("[grade O]\n[grade A，B]\nwhen = always\n" REASONS, 2, "short word");
}

static void test_dealer_words_that_are_wrong_are_refused_at_their_line(void **state)
{
    (void)state;
    expect_refused(MINIMAL_GRADES REASONS "[columns]\nphon = 客户电话\n", 16, "phon");
    expect_refused(MINIMAL_GRADES REASONS "[outcomes]\nBOUGHT = 拿下\n", 16, "FOLLOW, ORDER");
    expect_refused(MINIMAL_GRADES REASONS "[booleans]\nyes = 要\n", 16, "true, false");
    expect_refused(MINIMAL_GRADES REASONS "[timeframes]\n年底前 = soon\n", 16, "number of days");
    expect_refused("[funnel]\ndate_order = ymd\n[grade O]\n[grade C]\nwhen = always\n" REASONS, 2,
                   "mdy or dmy");
    expect_refused(MINIMAL_GRADES REASONS "[columns]\nphone = 电话A\nmodel = 电话Ａ\n", 17,
                   "already");
}

/* ---- funnel rules ---- */

static void test_cli_rules_prints_the_built_in_rules(void **state)
{
    (void)state;
    char *out = NULL;
    int status = tu_runf(&out, TU_FUNNEL " rules 2>&1");
    assert_int_equal(status, 0);
    assert_non_null(strstr(out, "[grade H]"));
    assert_non_null(strstr(out, "when = timeframe <= 7"));
    assert_non_null(strstr(out, "target = 25:5:1"));
    free(out);
}

static void test_cli_rules_with_a_bad_file_exits_1_with_file_and_line(void **state)
{
    (void)state;
    char path[256], expected[300], *out = NULL;
    temp_path(path, sizeof path, "cli-bad.rules");
    write_file(path, MINIMAL_GRADES "[grades B]\n" REASONS);
    int status = tu_runf(&out, TU_FUNNEL " rules --rules '%s' 2>&1", path);
    assert_int_equal(status, 1);
    snprintf(expected, sizeof expected, "%s:11:", path);
    if (!strstr(out, expected)) fail_msg("output lacks \"%s\":\n%s", expected, out);
    assert_null(strstr(out, "[grade H]"));
    free(out);
    unlink(path);
}

static void test_cli_rules_with_a_good_file_prints_it(void **state)
{
    (void)state;
    char path[256], *out = NULL;
    temp_path(path, sizeof path, "cli-good.rules");
    write_file(path, other_dealer);
    int status = tu_runf(&out, TU_FUNNEL " rules --rules '%s' 2>&1", path);
    assert_int_equal(status, 0);
    assert_non_null(strstr(out, "when = timeframe <= 30 and test_drive"));
    assert_non_null(strstr(out, "grade_order = O, H, A, B, C, N"));
    assert_null(strstr(out, "[grade A+]"));
    free(out);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_target_is_25_5_1),
        cmocka_unit_test(test_default_rules_are_tried_in_the_order_n_h_aplus_a_bplus_b_c),
        cmocka_unit_test(test_default_display_order_is_o_h_aplus_a_bplus_b_c_n),
        cmocka_unit_test(test_default_follow_up_days_per_grade),
        cmocka_unit_test(test_default_purpose_per_grade),
        cmocka_unit_test(test_purpose_is_read_and_printed_back),
        cmocka_unit_test(test_default_source_says_built_in),
        cmocka_unit_test(test_dealer_name_is_read_and_printed_back),
        cmocka_unit_test(test_refuses_dealer_twice_or_an_unknown_dealer_key),

        cmocka_unit_test(test_rule_n_missing_phone),
        cmocka_unit_test(test_rule_n_missing_name),
        cmocka_unit_test(test_rule_n_missing_model),
        cmocka_unit_test(test_rule_h_timeframe_0_to_7),
        cmocka_unit_test(test_rule_aplus_timeframe_8_to_15),
        cmocka_unit_test(test_rule_a_timeframe_16_to_30),
        cmocka_unit_test(test_rule_bplus_timeframe_31_to_90_with_test_drive_or_quote),
        cmocka_unit_test(test_rule_b_timeframe_31_to_90_without_test_drive_or_quote),
        cmocka_unit_test(test_rule_c_timeframe_over_90),
        cmocka_unit_test(test_rule_c_unknown_timeframe_even_with_test_drive),

        cmocka_unit_test(test_reason_unreachable_by_keyword),
        cmocka_unit_test(test_reason_competitor_by_keyword),
        cmocka_unit_test(test_reason_price_by_keyword),
        cmocka_unit_test(test_reason_budget_by_keyword),
        cmocka_unit_test(test_reason_stock_by_keyword),
        cmocka_unit_test(test_reason_confidence_by_keyword),
        cmocka_unit_test(test_reason_needs_by_keyword),
        cmocka_unit_test(test_reason_service_by_keyword),
        cmocka_unit_test(test_reason_postponed_by_keyword),
        cmocka_unit_test(test_reason_other_when_nothing_matches),
        cmocka_unit_test(test_reason_earlier_category_wins_when_two_match),
        cmocka_unit_test(test_reason_notes_used_only_when_reason_is_empty),
        cmocka_unit_test(test_reason_lost_contact_is_always_unreachable),
        cmocka_unit_test(test_brand_first_of_the_list_order_wins),
        cmocka_unit_test(test_brand_found_in_reason_or_notes),
        cmocka_unit_test(test_brand_ascii_ignores_case),
        cmocka_unit_test(test_brand_none_is_null),
        cmocka_unit_test(test_keyword_chinese_is_a_substring_ascii_ignores_case),

        cmocka_unit_test(test_other_dealer_table_parses_from_a_file),
        cmocka_unit_test(test_other_dealer_table_grades_a_only_with_a_test_drive),
        cmocka_unit_test(test_other_dealer_table_has_its_own_reasons_and_brands),
        cmocka_unit_test(test_conditions_and_binds_tighter_than_or_and_not_negates),
        cmocka_unit_test(test_without_grade_order_display_follows_the_file),

        cmocka_unit_test(test_refuses_unknown_section),
        cmocka_unit_test(test_refuses_unknown_key),
        cmocka_unit_test(test_refuses_key_outside_a_section),
        cmocka_unit_test(test_refuses_line_without_equals),
        cmocka_unit_test(test_refuses_condition_with_a_word_for_days),
        cmocka_unit_test(test_refuses_condition_missing_something_unknown),
        cmocka_unit_test(test_refuses_condition_with_unbalanced_parenthesis),
        cmocka_unit_test(test_refuses_condition_with_trailing_garbage),
        cmocka_unit_test(test_refuses_unknown_condition_word),
        cmocka_unit_test(test_refuses_when_on_grade_o),
        cmocka_unit_test(test_refuses_grade_without_when_at_its_header),
        cmocka_unit_test(test_refuses_duplicate_grade),
        cmocka_unit_test(test_refuses_duplicate_key),
        cmocka_unit_test(test_refuses_target_with_two_numbers),
        cmocka_unit_test(test_refuses_bad_follow_up),
        cmocka_unit_test(test_refuses_rules_without_an_always_grade),
        cmocka_unit_test(test_refuses_rules_without_reason_other),
        cmocka_unit_test(test_refuses_rules_without_reason_unreachable),
        cmocka_unit_test(test_whole_file_errors_point_at_the_last_line),
        cmocka_unit_test(test_refuses_grade_order_missing_a_grade),
        cmocka_unit_test(test_refuses_grade_order_with_unknown_grade),
        cmocka_unit_test(test_failed_load_of_a_file_names_the_file_and_returns_null),
        cmocka_unit_test(test_missing_file_is_refused_naming_it),

        cmocka_unit_test(test_print_of_default_rules_reads_back_the_same),
        cmocka_unit_test(test_print_of_other_dealer_rules_reads_back_the_same),
        cmocka_unit_test(test_print_of_rules_without_brands_reads_back),
        cmocka_unit_test(test_print_of_a_long_condition_reads_back_or_it_is_refused),

        cmocka_unit_test(test_dealer_words_are_read_and_matched_folded_and_ignoring_case),
        cmocka_unit_test(test_dealer_words_print_and_read_back),
        cmocka_unit_test(test_dealer_words_that_are_wrong_are_refused_at_their_line),
        cmocka_unit_test(test_a_grade_name_with_a_list_separator_is_refused),

        cmocka_unit_test(test_cli_rules_prints_the_built_in_rules),
        cmocka_unit_test(test_cli_rules_with_a_bad_file_exits_1_with_file_and_line),
        cmocka_unit_test(test_cli_rules_with_a_good_file_prints_it),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
