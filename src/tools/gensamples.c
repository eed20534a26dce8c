/* gensamples.c - writes funnel's sample exports and benchmark files.
 *
 *   gensamples --out DIR
 *       The samples: one dealership (星辰汽车4S店), August to October 2026, as
 *       three exports (a UTF-8 phone log with Chinese headers, a UTF-8+BOM
 *       visit log with English headers, a GB18030/CRLF visit log with Chinese
 *       headers that overlaps the previous one by September) and two more of
 *       October as real systems write them (a DMS visit register with a title,
 *       two phone columns and a totals row; a call-centre log saved by Excel
 *       as UTF-16 text); the GB18030 visit log, which has a store column, also
 *       holds a second, smaller store of the group (星辰汽车城西店); plus the
 *       counts, grades and defeat categories per store an import of them must
 *       give, and the first store's after-sales care as of the last day.
 *   gensamples --rows N --kind visits|calls --out FILE [--seed S]
 *       One large UTF-8 file of N realistic rows for benchmarks, written as a
 *       stream in date order.
 *
 * Everything comes from a splitmix64 generator with a fixed seed: no rand(),
 * no clock, no locale, so two runs write byte-identical files. The samples are
 * a story: each customer is planned with a final state (DOMAIN.md section 6)
 * and given the contacts that lead to it, so the expected grades and defeat
 * categories are known from the plan, not recomputed from the rows; the
 * after-sales care is worked out from the plan's contacts.
 * Build: gcc -std=c11 -O2 -Wall -Wextra -Werror src/tools/gensamples.c -o gensamples */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define ARRAY_LEN(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define PICK(r, table) ((table)[rng_below((r), ARRAY_LEN(table))])

/* ---- random numbers: splitmix64 ---- */

struct rng {
    uint64_t state;
};

static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

static uint64_t rng_next(struct rng *r)
{
    r->state += 0x9E3779B97F4A7C15u;
    return mix64(r->state);
}

/* 0 to n-1. */
static int rng_below(struct rng *r, int n)
{
    return (int)(rng_next(r) % (uint64_t)n);
}

/* lo to hi, both included. */
static int rng_between(struct rng *r, int lo, int hi)
{
    return lo + rng_below(r, hi - lo + 1);
}

static int rng_percent(struct rng *r, int percent)
{
    return rng_below(r, 100) < percent;
}

/* An index into weights, drawn in proportion to them. */
static int rng_weighted(struct rng *r, const int *weights, int n)
{
    int total = 0;
    for (int i = 0; i < n; i++)
        total += weights[i];
    int x = rng_below(r, total);
    for (int i = 0; i < n; i++) {
        if (x < weights[i]) return i;
        x -= weights[i];
    }
    return n - 1;
}

/* ---- calendar: days since 1970-01-01 (H. Hinnant's algorithm) ---- */

static void civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* ---- growing byte buffers ---- */

/* Appends never fail visibly: after an allocation failure the buffer stops
 * growing and sets failed, which the writer checks once at the end. */
struct buf {
    char *data;
    size_t len, cap;
    int failed;
};

static int buf_reserve(struct buf *b, size_t extra)
{
    if (b->failed) return 0;
    if (b->len + extra <= b->cap) return 1;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + extra)
        cap *= 2;
    char *data = realloc(b->data, cap);
    if (data == NULL) {
        b->failed = 1;
        return 0;
    }
    b->data = data;
    b->cap = cap;
    return 1;
}

static void buf_put(struct buf *b, const char *text)
{
    size_t n = strlen(text);
    if (n > 0 && buf_reserve(b, n)) {
        memcpy(b->data + b->len, text, n);
        b->len += n;
    }
}

static void buf_printf(struct buf *b, const char *format, ...)
{
    char tmp[256];
    va_list ap;
    va_start(ap, format);
    vsnprintf(tmp, sizeof tmp, format, ap);
    va_end(ap);
    buf_put(b, tmp);
}

/* A CSV field, quoted when it holds a comma, a quote or a line end. */
static void buf_field(struct buf *b, const char *text)
{
    if (text == NULL) return;
    if (strpbrk(text, ",\"\r\n") == NULL) {
        buf_put(b, text);
        return;
    }
    buf_put(b, "\"");
    for (const char *p = text; *p; p++)
        buf_put(b, *p == '"' ? "\"\"" : (char[2]){*p, '\0'});
    buf_put(b, "\"");
}

/* ---- tables ---- */

static const char *const salespeople[] = {"王磊", "李娜", "张伟", "刘洋", "陈静", "杨帆"};
static const int salespeople_weights[] = {22, 20, 18, 16, 14, 10};
#define SALESPEOPLE 6
#define MAX_TEAM 6 /* the largest store's salespeople */
/* The group's second, smaller store: one of its salespeople has the name of
 * one of the first store's (张伟), so a group report shows two of them. */
static const char *const west_salespeople[] = {"张伟", "赵敏", "孙浩"};
static const int west_salespeople_weights[] = {40, 35, 25};

static const char *const surnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
                                       "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗",
                                       "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
                                       "彭", "曾", "田", "董", "袁", "潘", "蒋", "蔡", "余", "杜",
                                       "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢"};
static const char *const given_names[] = {
    "建国", "秀英", "志强", "丽华", "海燕", "晓明", "俊杰", "雪梅", "国庆", "玉兰", "文博",
    "子涵", "欣怡", "浩然", "宇航", "佳琪", "明辉", "桂芳", "振华", "婷婷", "磊",   "洁",
    "鹏",   "静",   "军",   "敏",   "刚",   "霞",   "强",   "勇",   "凯",   "芳",   "红梅",
    "立新", "春燕", "伟东", "思远", "梦瑶", "天宇", "慧敏", "德华", "建华", "少华"};
static const char *const honorifics[] = {"先生", "女士"};

static const char *const models[] = {"星辰X3", "星辰X5", "星辰S7", "星辰EV6"};
static const int model_weights[] = {30, 35, 15, 20};

static const char *const competitors[] = {"丰田RAV4荣放",  "本田CR-V",  "大众途观L", "比亚迪宋PLUS",
                                          "哈弗H6",        "吉利星越L", "日产奇骏",  "马自达CX-5",
                                          "特斯拉Model Y", "理想L6"};

static const char *const visit_notes[] = {
    "带家人一起来看车", "对内饰比较满意", "关注油耗",     "想等国庆活动",   "主要看空间",
    "对比了几款车",     "询问置换补贴",   "关心贷款政策", "试驾后感觉不错", "孩子上学用车",
    "想要白色",         "老婆比较喜欢",   "看了展车",     "问了保养费用",   "对价格有顾虑"};
static const char *const call_notes[] = {
    "询问最新优惠", "约周末试驾",   "客户在外地出差", "发送了车型资料", "确认金融方案",
    "客户说再考虑", "介绍国庆活动", "客户询问现车",   "加了微信",       "约下周到店"};
static const char *const walk_in_notes[] = {"看了看展车就走了", "不愿留电话", "随便看看",
                                            "路过进店", "只拿了宣传册"};

/* Timeframe phrases by grade tier (DOMAIN.md 5.4), as staff type them. */
enum tier { TIER_H, TIER_A_PLUS, TIER_A, TIER_B, TIER_C, TIERS };
static const char *const tf_h[] = {"一周内", "3天内", "马上", "本周", "两天"};
static const char *const tf_a_plus[] = {"15天", "半个月", "两周", "10天左右"};
static const char *const tf_a[] = {"1个月内", "一个月", "30天", "20天内"};
static const char *const tf_b[] = {"1-3个月", "2个月", "3个月内", "两个月"};
static const char *const tf_c[] = {"3个月以上", "3个月以上", "3个月以上", "6个月以上", "4个月后"};

static const char *tier_phrase(struct rng *r, enum tier tier)
{
    switch (tier) {
    case TIER_H:
        return PICK(r, tf_h);
    case TIER_A_PLUS:
        return PICK(r, tf_a_plus);
    case TIER_A:
        return PICK(r, tf_a);
    case TIER_B:
        return PICK(r, tf_b);
    default:
        return PICK(r, tf_c);
    }
}

/* Final states of customers, in the column order of expected_grades.csv. */
enum state {
    ST_O,
    ST_H,
    ST_A_PLUS,
    ST_A,
    ST_B_PLUS,
    ST_B,
    ST_C,
    ST_N,
    ST_DELIVERED,
    ST_DEFEATED,
    ST_LOST,
    STATES
};
static const char *const state_names[STATES] = {"O", "H", "A+",        "A",        "B+",  "B",
                                                "C", "N", "delivered", "defeated", "lost"};

/* Defeat categories of DOMAIN.md 7.3, in table order. */
enum category {
    CAT_UNREACHABLE,
    CAT_COMPETITOR,
    CAT_PRICE,
    CAT_BUDGET,
    CAT_STOCK,
    CAT_CONFIDENCE,
    CAT_NEEDS,
    CAT_SERVICE,
    CAT_POSTPONED,
    CAT_OTHER,
    CATEGORIES
};
static const char *const category_names[CATEGORIES] = {
    "unreachable", "competitor", "price",   "budget",    "stock",
    "confidence",  "needs",      "service", "postponed", "other"};

/* A defeat as the salesperson wrote it, with the category its words fall in
 * (checked by hand against the ordered keyword table) and, for sales lost to
 * another brand, what goes in the competitor column. */
struct reason {
    const char *text;
    enum category category;
    const char *competitor;
    int in_notes; /* the reason column left empty, the words typed into notes */
};

/* One October case per entry: every category occurs in the month's report. */
static const struct reason october_defeats[] = {
    {"价格比丰田贵三万", CAT_PRICE, "丰田RAV4荣放", 0},
    {"已经买了比亚迪汉", CAT_COMPETITOR, "比亚迪汉", 0},
    {"在本田店订了CR-V", CAT_COMPETITOR, "本田CR-V", 0},
    {"已购买大众途观L", CAT_COMPETITOR, "大众途观L", 0},
    {"对比后选了特斯拉Model Y", CAT_COMPETITOR, "特斯拉Model Y", 0},
    {"首付不够，贷款没批下来", CAT_BUDGET, NULL, 0},
    {"想要的颜色没现车，要等两个月", CAT_STOCK, NULL, 0},
    {"担心电池质量，网上口碑一般", CAT_CONFIDENCE, NULL, 0},
    {"保值率不如丰田", CAT_CONFIDENCE, "丰田凯美瑞", 0},
    {"后排空间太小，不合适", CAT_NEEDS, NULL, 0},
    {"销售态度不好，等了半小时没人理", CAT_SERVICE, NULL, 0},
    {"家人不同意，暂不考虑", CAT_POSTPONED, NULL, 0},
    {"老婆不让换车，以后再说", CAT_POSTPONED, NULL, 1},
    {"客户手机停机，联系不上", CAT_UNREACHABLE, NULL, 0},
    {"孩子出国留学，用车计划取消", CAT_OTHER, NULL, 0},
};
static const struct reason earlier_defeats[] = {
    {"价格没谈拢，对方优惠多八千", CAT_PRICE, "哈弗H6", 0},
    {"在隔壁4S店提了哈弗H6", CAT_COMPETITOR, "哈弗H6", 0},
    {"选了吉利星越L", CAT_COMPETITOR, "吉利星越L", 0},
    {"已经买了理想L6", CAT_COMPETITOR, "理想L6", 0},
    {"觉得五菱更便宜", CAT_PRICE, "五菱星光", 0},
    {"贷款审批没通过", CAT_BUDGET, NULL, 0},
    {"等车时间太长", CAT_STOCK, NULL, 0},
    {"油耗太高", CAT_NEEDS, NULL, 0},
    {"动力不够", CAT_NEEDS, NULL, 0},
    {"售后网点太远", CAT_CONFIDENCE, NULL, 0},
    {"接待不专业", CAT_SERVICE, NULL, 0},
    {"暂不换车了", CAT_POSTPONED, NULL, 0},
    {"预算只有十万", CAT_BUDGET, NULL, 0},
    {"搬家去外地了", CAT_OTHER, NULL, 0},
};
static const char *const lost_reasons[] = {"电话一直打不通", "多次致电关机", "号码已停机",
                                           "电话不接，微信也不回", "拒接电话"};
static const char *const unanswered_notes[] = {"未接通", "无人接听", "关机", "占线"};

/* ---- the samples' calendar: day 0 is 2026-08-01, day 91 is 2026-10-31 ---- */

#define SAMPLES_FIRST_DAY 20666 /* 2026-08-01 */
#define DAYS 92
#define SEPTEMBER 31 /* first day of September */
#define OCTOBER 61   /* first day of October */
#define LAST_DAY 91
#define MINUTES 1440
#define STORE_NAME "星辰汽车4S店"
#define WEST_STORE_NAME "星辰汽车城西店"

/* ---- customers and contacts ---- */

/* The exports: the three of August to October, then October's DMS visit
 * register and call-centre log. */
enum sample_file { FILE_EARLIER, FILE_DMS, FILE_CALLCENTRE };

enum contact_kind { VISIT, CALL };
enum direction { DIR_IN, DIR_OUT, DIR_TRANSFER };
enum { BOOL_NO, BOOL_YES, BOOL_ODD }; /* BOOL_ODD is written "可能": not a boolean */
enum phone_style { PHONE_MOBILE, PHONE_FIXED, PHONE_NONE };
enum duration_form { DUR_SECONDS, DUR_CLOCK, DUR_CHINESE };

#define FLAG_REJECT 1    /* a bad row: the importer must reject it */
#define FLAG_BAD_DATE 2  /* written as the 31st of its month (September has 30) */
#define FLAG_RAW_NOTES 4 /* notes written unquoted, comma and all */
#define FLAG_TWICE 8     /* the export holds this row twice */

struct customer {
    char name[24];
    char phone[24]; /* digits of a mobile, or the text of a fixed number */
    int phone_style;
    int cycle_phone;   /* write the mobile in a different format on each row */
    const char *model; /* NULL: never said */
    const char *source;
    int owner, visits, rows;
    int state;     /* the planned final state (enum state) */
    int came_back; /* defeated, then active again: left out of October's other exports */
    int picked;    /* given a story in October's other exports already */
};

struct contact {
    int kind, day, minute, second, seq;
    int customer;    /* index into the plan's customers */
    int salesperson; /* -1: left empty */
    int file;        /* the export that holds the row (enum sample_file) */
    char name[24], phone[48];
    char office[48]; /* the DMS export's second phone column (办公电话) */
    const char *model, *source, *competitor, *timeframe, *outcome, *reason;
    char notes[128];
    int minute_out, visit_no, party_size; /* visits */
    int test_drive, quote, financing, trade_in;
    int direction, duration, duration_form, invited, appointment_day; /* calls */
    const char *duration_text;  /* written instead of duration when set */
    const char *direction_text; /* the call centre's word for the direction */
    int flags, warnings;
    int excel_phone; /* the phone is written as Excel shows a number: 1.38123E+10 */
};

/* The plan of one store of the samples: every customer and contact of the
 * three months, drawn from the store's own random numbers. */
#define MAX_CUSTOMERS 512
#define MAX_CONTACTS 4096
#define MAX_STORES 2

struct gen {
    struct rng rng;
    const char *store;       /* written in the 门店 column */
    const char *const *team; /* the store's salespeople, and how many customers each gets */
    const int *team_weights;
    int team_size;
    int first_day;            /* the store's rows start on this day */
    int visits_only;          /* its rows are all in a visit log: no calls */
    const struct gen *sister; /* a store planned before: its phones are not reused by chance */
    struct customer customers[MAX_CUSTOMERS];
    struct contact contacts[MAX_CONTACTS];
    int ncustomers, ncontacts;
    unsigned char busy[MAX_TEAM][DAYS][MINUTES]; /* 1 once the salesperson is busy */
    int states[STATES];                          /* customers planned per final state */
    int shared;              /* customers who are customers of the sister store too */
    int defeats[CATEGORIES]; /* October defeat cases per category */
};

/* Plans cu's final state. */
static void plan_state(struct gen *g, struct customer *cu, enum state state)
{
    cu->state = state;
    g->states[state]++;
}

/* 1 when a customer other than cu has the phone already, in this store or
 * the sister store (or it is reserved). */
static int phone_taken(const struct gen *g, const struct customer *cu)
{
    for (int i = 0; i < g->ncustomers; i++)
        if (&g->customers[i] != cu && strcmp(g->customers[i].phone, cu->phone) == 0) return 1;
    for (int i = 0; g->sister && i < g->sister->ncustomers; i++)
        if (strcmp(g->sister->customers[i].phone, cu->phone) == 0) return 1;
    return strcmp(cu->phone, "13812345678") == 0;
}

static void random_name(struct rng *r, char *out, size_t size)
{
    const char *surname = PICK(r, surnames);
    snprintf(out, size, "%s%s", surname,
             rng_percent(r, 12) ? PICK(r, honorifics) : PICK(r, given_names));
}

/* A new customer with a name, a mobile, a model and an owner; the lead
 * source is chosen with the first contact. The plan has room for all. */
static struct customer *new_customer(struct gen *g)
{
    static const char *const prefixes[] = {"135", "136", "137", "138", "139", "150",
                                           "151", "152", "158", "159", "177", "180",
                                           "186", "187", "188", "189", "191", "199"};
    struct rng *r = &g->rng;
    struct customer *cu = &g->customers[g->ncustomers++];
    random_name(r, cu->name, sizeof cu->name);
    do
        snprintf(cu->phone, sizeof cu->phone, "%s%08d", PICK(r, prefixes), rng_below(r, 100000000));
    while (phone_taken(g, cu));
    cu->phone_style = PHONE_MOBILE;
    cu->model = models[rng_weighted(r, model_weights, ARRAY_LEN(models))];
    cu->owner = rng_weighted(r, g->team_weights, g->team_size);
    return cu;
}

/* The phone as this row shows it: "13812345678", "138-1234-5678" or "+86 138 1234 5678". */
static void phone_text(struct rng *r, struct customer *cu, char *out, size_t size)
{
    const char *p = cu->phone;
    int form = cu->cycle_phone ? cu->rows % 3 : rng_weighted(r, (const int[]){75, 15, 10}, 3);
    if (cu->phone_style != PHONE_MOBILE || form == 0)
        snprintf(out, size, "%s", p);
    else if (form == 1)
        snprintf(out, size, "%.3s-%.4s-%.4s", p, p + 3, p + 7);
    else
        snprintf(out, size, "+86 %.3s %.4s %.4s", p, p + 3, p + 7);
}

/* The lead source, fixed by the customer's first contact. */
static const char *first_source(struct rng *r, int kind, int direction, int day)
{
    static const char *const walk_in[] = {"自然到店",   "自然到店", "自然到店",
                                          "老客户介绍", "汽车之家", "懂车帝"};
    static const char *const inbound[] = {"汽车之家", "汽车之家", "懂车帝", "懂车帝", "老客户介绍"};
    if (kind == VISIT) return PICK(r, walk_in);
    if (direction == DIR_IN) return PICK(r, inbound);
    return day >= 49 && rng_percent(r, 60) ? "车展" : "电话邀约"; /* show: 9月18-20日 */
}

/* A free minute of the salesperson's day between from and to (minutes since
 * midnight), so that no two rows of the samples are ever the same. */
static int free_minute(struct gen *g, int salesperson, int day, int from, int to)
{
    int minute = rng_between(&g->rng, from, to);
    if (salesperson < 0) return minute;
    unsigned char *busy = g->busy[salesperson][day];
    while (busy[minute])
        minute = minute < to ? minute + 1 : from;
    busy[minute] = 1;
    return minute;
}

static void set_notes(struct contact *c, const char *text)
{
    snprintf(c->notes, sizeof c->notes, "%s", text);
}

/* A contact of cu on day, served by its owner, with the customer's details. */
static struct contact *new_contact(struct gen *g, struct customer *cu, int kind, int day,
                                   int direction)
{
    struct rng *r = &g->rng;
    struct contact *c = &g->contacts[g->ncontacts];
    memset(c, 0, sizeof *c);
    c->seq = g->ncontacts++;
    c->customer = (int)(cu - g->customers);
    c->kind = kind;
    c->day = day;
    c->second = -1;
    c->direction = direction;
    c->salesperson = cu->owner;
    c->appointment_day = -1;
    if (cu->source == NULL) cu->source = first_source(r, kind, direction, day);
    snprintf(c->name, sizeof c->name, "%s", cu->name);
    if (cu->phone_style != PHONE_NONE) phone_text(r, cu, c->phone, sizeof c->phone);
    cu->rows++;
    c->model = cu->model;
    c->source = cu->source;
    c->outcome = rng_percent(r, 60) ? "跟进" : "";
    c->timeframe = "";
    if (kind == VISIT) {
        c->minute = free_minute(g, c->salesperson, day, 9 * 60, 17 * 60 + 30);
        c->minute_out = c->minute + rng_between(r, 15, 110);
        c->visit_no = ++cu->visits;
        c->party_size = rng_weighted(r, (const int[]){35, 40, 18, 7}, 4) + 1;
        c->financing = rng_percent(r, 25);
        c->trade_in = rng_percent(r, 15);
        c->competitor = rng_percent(r, 25) ? PICK(r, competitors) : "";
        if (rng_percent(r, 35)) set_notes(c, PICK(r, visit_notes));
    } else {
        c->minute = free_minute(g, c->salesperson, day, 9 * 60, 19 * 60 + 30);
        c->duration = rng_between(r, 25, 480);
        c->duration_form = rng_weighted(r, (const int[]){40, 30, 30}, 3);
        c->competitor = "";
        if (rng_percent(r, 35)) set_notes(c, PICK(r, call_notes));
    }
    return c;
}

/* A visit; a returning customer is now and then served by a colleague of the
 * owner, which the notes say. */
static struct contact *add_visit(struct gen *g, struct customer *cu, int day, int by_colleague)
{
    struct contact *c = new_contact(g, cu, VISIT, day, DIR_IN);
    if (c->visit_no > 1 && (by_colleague || rng_percent(&g->rng, 8))) {
        int other = (cu->owner + rng_between(&g->rng, 1, g->team_size - 1)) % g->team_size;
        g->busy[cu->owner][day][c->minute] = 0;
        c->salesperson = other;
        c->minute = free_minute(g, other, day, c->minute, 17 * 60 + 30);
        c->minute_out = c->minute + rng_between(&g->rng, 15, 110);
        snprintf(c->notes, sizeof c->notes, "%s休息，%s代为接待", g->team[cu->owner],
                 g->team[other]);
    }
    return c;
}

static struct contact *add_call(struct gen *g, struct customer *cu, int day, int direction)
{
    return new_contact(g, cu, CALL, day, direction);
}

/* The call agrees a showroom visit on day (邀约到店). */
static void invite(struct contact *call, int day)
{
    call->invited = 1;
    call->appointment_day = day;
    set_notes(call, "邀约到店");
}

/* An outbound call that nobody answered. */
static struct contact *add_unanswered_call(struct gen *g, struct customer *cu, int day)
{
    struct contact *c = add_call(g, cu, day, DIR_OUT);
    c->duration = 0;
    c->duration_form = DUR_SECONDS;
    c->outcome = "";
    set_notes(c, PICK(&g->rng, unanswered_notes));
    return c;
}

/* Fills days[0..n-1] with increasing days in [lo, hi], 1 to max_gap days
 * apart; with pin_last the last one is hi. Returns -1 when they cannot fit. */
static int plan_days(struct rng *r, int n, int lo, int hi, int max_gap, int pin_last, int *days)
{
    int gaps[16] = {0}, total = 0;
    if (n < 1 || n > 16 || hi - lo + 1 < n) return -1;
    for (int i = 1; i < n; i++)
        total += gaps[i] = rng_between(r, 1, max_gap);
    while (total > hi - lo) { /* narrow the widest gap */
        int w = 1;
        for (int i = 2; i < n; i++)
            if (gaps[i] > gaps[w]) w = i;
        gaps[w]--, total--;
    }
    days[0] = pin_last ? hi - total : lo + rng_below(r, hi - lo - total + 1);
    for (int i = 1; i < n; i++)
        days[i] = days[i - 1] + gaps[i];
    return 0;
}

/* The kinds of n contacts: visits and calls in a plausible order. The first
 * is a visit or a call; a first call is followed by the visit it invites. */
static void order_kinds(struct rng *r, int visits, int calls, int *kinds)
{
    int n = visits + calls, first_call = calls > 0 && rng_percent(r, 30);
    kinds[0] = first_call ? CALL : VISIT;
    if (first_call)
        calls--;
    else
        visits--;
    for (int i = 1; i < n; i++)
        kinds[i] = i <= visits ? VISIT : CALL;
    for (int i = n - 1; i > 1; i--) { /* shuffle kinds[1..n-1] */
        int j = rng_between(r, 1, i), t = kinds[i];
        kinds[i] = kinds[j], kinds[j] = t;
    }
    if (first_call && n > 1 && kinds[1] == CALL) /* bring a visit forward */
        for (int i = 2; i < n; i++)
            if (kinds[i] == VISIT) {
                kinds[i] = CALL, kinds[1] = VISIT;
                break;
            }
}

/* Adds contacts of the given kinds on the given days; a call right before a
 * visit usually invites it, and the first visit is followed up the next day
 * when the plan has a call there. Returns the first contact's index. */
static int add_contacts(struct gen *g, struct customer *cu, int n, const int *kinds, int *days)
{
    int first = g->ncontacts;
    if (n > 1 && kinds[0] == VISIT && kinds[1] == CALL) days[1] = days[0] + 1;
    for (int i = 0; i < n; i++) {
        int direction = (i == 0 || rng_percent(&g->rng, 20)) ? DIR_IN : DIR_OUT;
        if (i == 0 && kinds[0] == CALL && rng_percent(&g->rng, 40)) direction = DIR_OUT;
        if (kinds[i] == VISIT) {
            add_visit(g, cu, days[i], 0);
        } else {
            struct contact *c = add_call(g, cu, days[i], direction);
            if (i + 1 < n && kinds[i + 1] == VISIT && (i == 0 || rng_percent(&g->rng, 70)))
                invite(c, days[i + 1]);
        }
    }
    return first;
}

static const enum tier grade_tier[STATES] = {
    [ST_H] = TIER_H,      [ST_A_PLUS] = TIER_A_PLUS, [ST_A] = TIER_A,
    [ST_B_PLUS] = TIER_B, [ST_B] = TIER_B,           [ST_C] = TIER_C};

/* Timeframe of a contact before the last: often unstated, else no sooner
 * than the customer's final one (grade C: only later than 90 days). */
static const char *earlier_timeframe(struct rng *r, enum tier tier, int kind)
{
    if (rng_percent(r, kind == CALL ? 60 : 30)) return rng_percent(r, 85) ? "" : "不确定";
    int top = tier + 2 < TIER_C ? tier + 2 : TIER_C;
    return tier_phrase(r, (enum tier)rng_between(r, tier, top));
}

/* ---- stories: one function per kind of customer ---- */

/* An active customer graded H, A+, A, B+, B or C as of the last day: every
 * contact between lo and hi; the last contact states the grade's timeframe;
 * B+ has a test drive or a quote, B has neither. cu: a customer made
 * beforehand, or NULL for a new one. Returns the customer, NULL if the plan
 * does not fit. */
static struct customer *story_active(struct gen *g, enum state grade, int lo, int hi,
                                     struct customer *cu)
{
    struct rng *r = &g->rng;
    if (cu == NULL) cu = new_customer(g);
    int low_interest = grade == ST_B || grade == ST_C;
    int visits = low_interest ? rng_between(r, 2, 4) : rng_between(r, 3, 5);
    int calls = g->visits_only ? 0 : rng_between(r, 1, 4), n = visits + calls;
    int kinds[10] = {0}, days[10] = {0};
    enum tier tier = grade_tier[grade];
    order_kinds(r, visits, calls, kinds);
    if (plan_days(r, n, lo, hi, 9, 0, days) != 0) return NULL;
    int first = add_contacts(g, cu, n, kinds, days);
    int first_visit = 1;
    for (int i = first; i < g->ncontacts; i++) {
        struct contact *c = &g->contacts[i];
        if (i == g->ncontacts - 1)
            c->timeframe = tier == TIER_C && rng_percent(r, 40)
                               ? (rng_percent(r, 50) ? "不确定" : "")
                               : tier_phrase(r, tier);
        else
            c->timeframe = earlier_timeframe(r, tier, c->kind);
        if (c->kind != VISIT) continue;
        c->test_drive = rng_percent(r, 35);
        c->quote = rng_percent(r, 45);
        if (grade == ST_B) c->test_drive = c->quote = 0;
        if (grade == ST_B_PLUS && first_visit && !c->test_drive && !c->quote) c->quote = 1;
        first_visit = 0;
    }
    plan_state(g, cu, grade);
    return cu;
}

/* Days a buyer's delivery is moved into, for one buyer. */
struct delivery_days {
    int lo, hi, used;
};

/* A buyer: first visit with test drive, follow-up the next day, a second
 * visit that orders, the call that the car has come, the delivery visit.
 * With stay_ordered the delivery has not happened yet (grade O). A buyer
 * whose story is short enough to be delivered by the end of the first of
 * moves not used yet starts so that the delivery falls within it, and uses
 * it up; the same random numbers are drawn either way. */
static void story_buyer(struct gen *g, int stay_ordered, struct customer *cu,
                        struct delivery_days *moves, int nmoves)
{
    struct rng *r = &g->rng;
    int by_call = rng_percent(r, 35), second_look = rng_percent(r, 75);
    int o_invite = by_call ? rng_between(r, 1, 4) : 0;
    int o_look = o_invite + (second_look ? rng_between(r, 2, 6) : 0);
    int o_order = o_look + rng_between(r, 2, 8);
    int o_arrived = o_order + rng_between(r, 4, 12);
    int o_deliver = o_arrived + rng_between(r, 1, 4);
    int o_after = o_deliver + 3;
    int span = stay_ordered ? o_order + 3 : o_after;
    int start =
        stay_ordered ? rng_between(r, 30, LAST_DAY - span) : rng_between(r, 0, LAST_DAY - span);
    for (int m = 0; !stay_ordered && m < nmoves; m++) {
        struct delivery_days *move = &moves[m];
        if (move->used || o_deliver > move->hi) continue;
        int lo = move->lo > o_deliver ? move->lo - o_deliver : 0;
        start = lo + start % (move->hi - o_deliver - lo + 1);
        move->used = 1;
        break;
    }
    if (cu == NULL) cu = new_customer(g);
    if (by_call) invite(add_call(g, cu, start, DIR_IN), start + o_invite);
    struct contact *c = add_visit(g, cu, start + o_invite, 0);
    c->test_drive = rng_percent(r, 80);
    c->quote = 1;
    c->timeframe = rng_percent(r, 50) ? tier_phrase(r, TIER_H) : tier_phrase(r, TIER_A_PLUS);
    struct contact *follow = add_call(g, cu, start + o_invite + 1, DIR_OUT);
    set_notes(follow, "24小时回访");
    if (second_look) {
        invite(follow, start + o_look);
        c = add_visit(g, cu, start + o_look, 0);
        c->test_drive = 1;
        c->quote = 1;
        c->timeframe = tier_phrase(r, TIER_H);
    }
    c = add_visit(g, cu, start + o_order, 0);
    c->outcome = rng_percent(r, 80) ? "订车" : "下定";
    c->quote = 1;
    c->financing = rng_percent(r, 40);
    snprintf(c->notes, sizeof c->notes, "交定金%s", rng_percent(r, 50) ? "5000元" : "1万元");
    if (stay_ordered) {
        c = add_call(g, cu, start + o_order + rng_between(r, 1, 3), DIR_OUT);
        c->outcome = "";
        set_notes(c, "车辆在途，预计下周到店");
        plan_state(g, cu, ST_O);
        return;
    }
    c = add_call(g, cu, start + o_arrived, DIR_OUT);
    invite(c, start + o_deliver);
    set_notes(c, "车已到店，约交车");
    c = add_visit(g, cu, start + o_deliver, 0);
    c->outcome = rng_percent(r, 85) ? "交车" : "提车";
    set_notes(c, "交车仪式，赠送脚垫");
    if (rng_percent(r, 60)) {
        c = add_call(g, cu, start + o_after, DIR_OUT);
        c->outcome = "";
        set_notes(c, "交车后回访，客户满意");
    }
    plan_state(g, cu, ST_DELIVERED);
}

/* A new customer's contacts before a defeat or a lost contact on day end:
 * a first visit (or a call inviting it) and follow-ups, at most max_before
 * in all, within the 40 days before. */
static struct customer *contacts_before(struct gen *g, int end, int max_before)
{
    struct rng *r = &g->rng;
    struct customer *cu = new_customer(g);
    int lo = end - 40 < g->first_day ? g->first_day : end - 40;
    int n = rng_between(r, 1, max_before), kinds[8], days[8];
    if (n > end - lo) n = end - lo;
    int visits = g->visits_only ? n : rng_between(r, 1, n);
    order_kinds(r, visits, n - visits, kinds);
    plan_days(r, n + 1, lo, end, 10, 1, days);
    add_contacts(g, cu, n, kinds, days);
    for (int i = g->ncontacts - n; i < g->ncontacts; i++) {
        struct contact *c = &g->contacts[i];
        c->timeframe = earlier_timeframe(r, (enum tier)rng_below(r, TIERS), c->kind);
        if (c->kind == VISIT) c->test_drive = rng_percent(r, 30), c->quote = rng_percent(r, 50);
    }
    return cu;
}

/* The DEFEAT row itself, by phone or in the showroom. */
static struct contact *add_defeat(struct gen *g, struct customer *cu, int day,
                                  const struct reason *why)
{
    struct contact *c = !g->visits_only && rng_percent(&g->rng, 65) ? add_call(g, cu, day, DIR_OUT)
                                                                    : add_visit(g, cu, day, 0);
    c->outcome = "战败";
    c->timeframe = "";
    c->notes[0] = '\0';
    if (why->in_notes)
        set_notes(c, why->text);
    else
        c->reason = why->text;
    if (why->competitor) c->competitor = why->competitor;
    return c;
}

/* A customer defeated on day for the given reason. */
static void story_defeat(struct gen *g, int day, const struct reason *why)
{
    struct customer *cu = contacts_before(g, day, 4);
    add_defeat(g, cu, day, why);
    plan_state(g, cu, ST_DEFEATED);
    if (day >= OCTOBER) g->defeats[why->category]++;
}

/* A customer lost on day: a visit, calls nobody answers, then 失控. */
static void story_lost(struct gen *g, int day)
{
    struct customer *cu = contacts_before(g, day - 8, 2);
    int first_try = day - rng_between(&g->rng, 4, 7);
    add_unanswered_call(g, cu, first_try);
    if (day - first_try > 2) add_unanswered_call(g, cu, first_try + 2);
    struct contact *c = add_unanswered_call(g, cu, day);
    c->outcome = "失控";
    c->reason = PICK(&g->rng, lost_reasons);
    c->notes[0] = '\0';
    plan_state(g, cu, ST_LOST);
    if (day >= OCTOBER) g->defeats[CAT_UNREACHABLE]++;
}

/* Defeated, then back: only the contacts after the defeat grade them.
 * final H: came back to the showroom in a hurry; final B: called back, had
 * test-driven before the defeat but not since (so B, not B+); final O: came
 * back and ordered. */
static void story_comeback(struct gen *g, enum state final)
{
    static const struct reason postponed = {"先不买了，以后再说", CAT_POSTPONED, NULL, 0};
    static const struct reason budget = {"预算不够，首付凑不齐", CAT_BUDGET, NULL, 0};
    static const struct reason price = {"比亚迪优惠更大", CAT_PRICE, "比亚迪宋PLUS", 0};
    struct rng *r = &g->rng;
    int defeat_day = final == ST_H ? 12 : final == ST_B ? 20 : 45;
    const struct reason *why = final == ST_H ? &postponed : final == ST_B ? &budget : &price;
    struct customer *cu = new_customer(g);
    struct contact *c = add_visit(g, cu, defeat_day - 6, 0);
    c->test_drive = c->quote = 1;
    c->timeframe = tier_phrase(r, TIER_A);
    add_call(g, cu, defeat_day - 5, DIR_OUT)->timeframe = "";
    add_defeat(g, cu, defeat_day, why);
    if (final == ST_H) {
        c = add_visit(g, cu, 70, 0);
        c->timeframe = "一周内";
        c->test_drive = rng_percent(r, 50);
        set_notes(c, "战败后又回来看车");
    } else if (final == ST_B) {
        c = add_call(g, cu, 75, DIR_IN);
        c->timeframe = "2个月";
        set_notes(c, "客户主动来电问国庆后活动");
    } else {
        c = add_visit(g, cu, 66, 0);
        c->timeframe = "一周内";
        c->quote = 1;
        set_notes(c, "战败客户回店，重新报价");
        c = add_visit(g, cu, 72, 0);
        c->outcome = "订车";
        set_notes(c, "交定金5000元");
    }
    cu->came_back = 1;
    plan_state(g, cu, final);
}

/* A caller who never gives a name (grade N). */
static void story_no_name(struct gen *g)
{
    struct rng *r = &g->rng;
    struct customer *cu = new_customer(g);
    int day = rng_between(r, g->first_day, LAST_DAY - 10);
    cu->name[0] = '\0';
    struct contact *c = add_call(g, cu, day, DIR_IN);
    c->timeframe = rng_percent(r, 50) ? tier_phrase(r, TIER_A) : "";
    set_notes(c, "网上留资，未留姓名");
    add_call(g, cu, day + rng_between(r, 1, 5), DIR_OUT)->timeframe = "";
    if (rng_percent(r, 50)) {
        c = add_visit(g, cu, day + rng_between(r, 6, 10), 0);
        set_notes(c, "客户不愿留姓名");
    }
    plan_state(g, cu, ST_N);
}

/* A visitor with a name and a phone who never names a model (grade N). */
static void story_no_model(struct gen *g)
{
    struct rng *r = &g->rng;
    struct customer *cu = new_customer(g);
    int day = rng_between(r, g->first_day, LAST_DAY - 5);
    cu->model = NULL;
    struct contact *c = add_visit(g, cu, day, 0);
    c->timeframe = "不确定";
    c->competitor = "";
    set_notes(c, "随便看看，未确定车型");
    if (!g->visits_only) add_call(g, cu, day + 1, DIR_OUT)->timeframe = "";
    plan_state(g, cu, ST_N);
}

/* A walk-in who leaves neither name nor phone: one N customer per row. */
static void story_walk_in(struct gen *g)
{
    struct rng *r = &g->rng;
    struct customer *cu = new_customer(g);
    cu->name[0] = '\0';
    cu->phone[0] = '\0';
    cu->phone_style = PHONE_NONE;
    if (rng_percent(r, 40)) cu->model = NULL;
    struct contact *c = add_visit(g, cu, rng_between(r, g->first_day, LAST_DAY), 0);
    c->outcome = "";
    c->timeframe = rng_percent(r, 50) ? "" : "不确定";
    c->financing = c->trade_in = 0;
    c->competitor = "";
    c->minute_out = c->minute + rng_between(r, 5, 25);
    set_notes(c, PICK(r, walk_in_notes));
    plan_state(g, cu, ST_N);
}

/* A customer whose phone was mistyped: the row warns, and with no valid phone
 * it is a customer of its own, graded N. */
static void story_invalid_phone(struct gen *g, int kind, int day, const char *name,
                                const char *phone)
{
    struct customer *cu = new_customer(g);
    snprintf(cu->name, sizeof cu->name, "%s", name);
    snprintf(cu->phone, sizeof cu->phone, "%s", phone);
    cu->phone_style = PHONE_FIXED;
    struct contact *c = kind == VISIT ? add_visit(g, cu, day, 0) : add_call(g, cu, day, DIR_IN);
    c->timeframe = "1个月内";
    c->outcome = "跟进";
    set_notes(c, "电话号码没记全");
    c->warnings = 1;
    cu->phone[0] = '\0'; /* identifies no one */
    plan_state(g, cu, ST_N);
}

/* The latest contact of cu of the given kind between days lo and hi, or NULL. */
static struct contact *last_of(struct gen *g, const struct customer *cu, int kind, int lo, int hi)
{
    for (int i = g->ncontacts - 1; i >= 0; i--) {
        struct contact *c = &g->contacts[i];
        if (c->customer == cu - g->customers && c->kind == kind && c->day >= lo && c->day <= hi &&
            !(c->flags & FLAG_REJECT))
            return c;
    }
    return NULL;
}

/* A bad row of cu on day: a copy of an ordinary contact, then spoilt. */
static struct contact *add_bad_row(struct gen *g, struct customer *cu, int kind, int day)
{
    struct contact *c = kind == VISIT ? add_visit(g, cu, day, 0) : add_call(g, cu, day, DIR_OUT);
    c->timeframe = "";
    c->outcome = "跟进";
    c->flags |= FLAG_REJECT;
    return c;
}

/* The deliberate mistakes and oddities: rows that are rejected, rows that
 * warn, a row exported twice in each kind. Each sits in a customer story of
 * its own whose final state does not depend on it. */
static int story_mistakes(struct gen *g)
{
    struct customer *cu;
    struct contact *c;

    /* 2026-09-31: in September, so in both visit files */
    if (!(cu = story_active(g, ST_B, 48, 72, NULL))) return -1;
    c = add_bad_row(g, cu, VISIT, 60);
    c->flags |= FLAG_BAD_DATE;
    /* salesperson left empty on a call */
    if (!(cu = story_active(g, ST_A, 20, 80, NULL))) return -1;
    c = add_bad_row(g, cu, CALL, 50);
    c->salesperson = -1;
    /* an outcome that is no outcome, in August (first visit file only) */
    if (!(cu = story_active(g, ST_C, 2, 28, NULL))) return -1;
    add_bad_row(g, cu, VISIT, 29)->outcome = "考虑中";
    /* a boolean that is no boolean, in October (second visit file only) */
    if (!(cu = story_active(g, ST_B_PLUS, 62, 90, NULL))) return -1;
    add_bad_row(g, cu, VISIT, 91)->test_drive = BOOL_ODD;
    /* notes with an unquoted comma, in September (both visit files) */
    if (!(cu = story_active(g, ST_A_PLUS, 33, 80, NULL))) return -1;
    c = add_bad_row(g, cu, VISIT, 45);
    set_notes(c, "客户说要和家人商量,下周再来");
    c->flags |= FLAG_RAW_NOTES;
    /* a call transferred from the switchboard: not a direction */
    if (!(cu = story_active(g, ST_H, 40, 88, NULL))) return -1;
    add_bad_row(g, cu, CALL, 39)->direction = DIR_TRANSFER;

    /* timeframes nobody can read: one August visit, one call (grade C either way) */
    if (!(cu = story_active(g, ST_C, 0, 30, NULL)) || !(c = last_of(g, cu, VISIT, 0, 30)))
        return -1;
    c->timeframe = "看情况";
    c->warnings = 1;
    if (!(cu = story_active(g, ST_C, 10, 85, NULL)) || !(c = last_of(g, cu, CALL, 0, LAST_DAY)))
        return -1;
    c->timeframe = "看情况";
    c->warnings = 1;
    /* a duration nobody can read */
    if (!(cu = story_active(g, ST_B, 5, 85, NULL)) || !(c = last_of(g, cu, CALL, 0, LAST_DAY)))
        return -1;
    c->duration_text = "很久";
    c->warnings = 1;
    /* mistyped phones */
    story_invalid_phone(g, CALL, 23, "钱先生", "138123456789");
    story_invalid_phone(g, VISIT, 77, "孙女士", "12345");

    /* notes that need CSV quoting: a comma and quotes, and line breaks */
    if (!(cu = story_active(g, ST_B_PLUS, 0, 40, NULL)) || !(c = last_of(g, cu, VISIT, 0, 30)))
        return -1;
    set_notes(c, "客户说\"再比较一下\",下个月再来");
    if (!(c = last_of(g, cu, CALL, 0, LAST_DAY))) return -1;
    set_notes(c, "客户要求：\n1. 白色\n2. 带全景天窗");

    /* exported twice: an August visit and a call */
    if (!(cu = story_active(g, ST_A, 0, 29, NULL)) || !(c = last_of(g, cu, VISIT, 0, 29)))
        return -1;
    c->flags |= FLAG_TWICE;
    if (!(c = last_of(g, cu, CALL, 0, LAST_DAY))) return -1;
    c->flags |= FLAG_TWICE;
    return 0;
}

/* The whole story of the three months. Returns -1 if a plan did not fit. */
static int plan_samples(struct gen *g)
{
    struct rng *r = &g->rng;
    static const struct {
        enum state grade;
        int count;
    } active[] = {{ST_H, 16}, {ST_A_PLUS, 16}, {ST_A, 17}, {ST_B_PLUS, 17}, {ST_B, 15}, {ST_C, 16}};

    /* the regular customer whose phone comes in every format, and a landline */
    struct customer *cu = new_customer(g);
    snprintf(cu->name, sizeof cu->name, "%s", "张建国");
    snprintf(cu->phone, sizeof cu->phone, "%s", "13812345678");
    cu->cycle_phone = 1;
    story_buyer(g, 0, cu, NULL, 0);
    cu = new_customer(g);
    snprintf(cu->phone, sizeof cu->phone, "%s", "021-55501234");
    cu->phone_style = PHONE_FIXED;
    if (!story_active(g, ST_A, 30, 85, cu)) return -1;

    /* after-sales care (DOMAIN.md 7.13) as of the last day: three buyers
     * delivered in August by the 24th, whose first two-month window (T+7,
     * T+67] closes before the last day, and one by 1 September, whose
     * window closes in the week after it */
    struct delivery_days early[] = {{6, 14, 0}, {12, 19, 0}, {17, 23, 0}, {24, 31, 0}};
    for (int i = 0; i < 17; i++)
        story_buyer(g, 0, NULL, early, ARRAY_LEN(early));
    for (int i = 0; i < 13; i++)
        story_buyer(g, 1, NULL, NULL, 0);
    for (int k = 0; k < ARRAY_LEN(active); k++)
        for (int i = 0; i < active[k].count; i++) {
            int late = active[k].grade <= ST_A; /* hot customers were seen lately */
            if (!story_active(g, active[k].grade, late ? rng_between(r, 30, 60) : 0, LAST_DAY,
                              NULL))
                return -1;
        }
    for (int i = 0; i < ARRAY_LEN(october_defeats); i++)
        story_defeat(g, rng_between(r, OCTOBER, LAST_DAY), &october_defeats[i]);
    for (int i = 0; i < ARRAY_LEN(earlier_defeats); i++)
        story_defeat(g, rng_between(r, 6, OCTOBER - 1), &earlier_defeats[i]);
    for (int i = 0; i < 3; i++)
        story_lost(g, rng_between(r, OCTOBER + 2, LAST_DAY));
    for (int i = 0; i < 5; i++)
        story_lost(g, rng_between(r, 15, OCTOBER - 1));
    story_comeback(g, ST_H);
    story_comeback(g, ST_B);
    story_comeback(g, ST_O);
    for (int i = 0; i < 6; i++)
        story_no_name(g);
    for (int i = 0; i < 4; i++)
        story_no_model(g);
    for (int i = 0; i < 30; i++)
        story_walk_in(g);
    return story_mistakes(g);
}

/* ---- October's other exports: a DMS visit register and a call-centre log ---- */

/* They tell more of the same story: October contacts of customers the three
 * earlier exports know (same phones, same salespeople), and a few new ones.
 * Their randomness is drawn after the earlier plan's, so the earlier exports
 * stay as they were; every contact that changes a customer's final state
 * moves the customer from one planned state to another. */

#define MASK(state) (1u << (state))
#define ACTIVE_STATES                                                                              \
    (MASK(ST_H) | MASK(ST_A_PLUS) | MASK(ST_A) | MASK(ST_B_PLUS) | MASK(ST_B) | MASK(ST_C))

/* Moves cu's planned final state to state. */
static void replan_state(struct gen *g, struct customer *cu, enum state state)
{
    g->states[cu->state]--;
    plan_state(g, cu, state);
}

/* The day of cu's latest contact in any export, or -1. */
static int last_day_of(const struct gen *g, const struct customer *cu)
{
    int last = -1;
    for (int i = 0; i < g->ncontacts; i++)
        if (g->contacts[i].customer == cu - g->customers && g->contacts[i].day > last)
            last = g->contacts[i].day;
    return last;
}

/* A day of October after cu's latest contact that leaves room more days
 * (itself included) before the month ends. */
static int day_after(struct gen *g, const struct customer *cu, int room)
{
    int lo = last_day_of(g, cu) + 1;
    return rng_between(&g->rng, lo > OCTOBER ? lo : OCTOBER, LAST_DAY - room + 1);
}

/* A customer of the earlier exports planned in one of the states of mask,
 * reached by mobile, with a name and a model, not picked before, whose
 * latest contact leaves room days in October; NULL when there is none. */
static struct customer *pick_known(struct gen *g, unsigned mask, int room)
{
    static int eligible[MAX_CUSTOMERS];
    int n = 0;
    for (int i = 0; i < g->ncustomers; i++) {
        const struct customer *cu = &g->customers[i];
        if (!(mask & MASK(cu->state)) || cu->picked || cu->came_back ||
            cu->phone_style != PHONE_MOBILE || !cu->name[0] || cu->model == NULL ||
            last_day_of(g, cu) + room > LAST_DAY)
            continue;
        eligible[n++] = i;
    }
    if (n == 0) return NULL;
    struct customer *cu = &g->customers[eligible[rng_below(&g->rng, n)]];
    cu->picked = 1;
    return cu;
}

/* A customer first seen in October's other exports, planned in state. */
static struct customer *october_customer(struct gen *g, enum state state)
{
    struct customer *cu = new_customer(g);
    cu->picked = 1;
    plan_state(g, cu, state);
    return cu;
}

/* A landline of the dealership's city, not anyone else's number. */
static void city_landline(struct gen *g, struct customer *cu)
{
    do
        snprintf(cu->phone, sizeof cu->phone, "021-6%07d", rng_below(&g->rng, 10000000));
    while (phone_taken(g, cu));
    cu->phone_style = PHONE_FIXED;
}

/* A row of the DMS visit register: the mobile in 手机号码 (empty for a
 * customer known by a landline only), now and then an office landline. */
static struct contact *dms_visit(struct gen *g, struct customer *cu, int day, const char *timeframe)
{
    struct rng *r = &g->rng;
    struct contact *c = new_contact(g, cu, VISIT, day, DIR_IN);
    c->file = FILE_DMS;
    c->phone[0] = c->office[0] = '\0';
    if (cu->phone_style == PHONE_FIXED)
        snprintf(c->office, sizeof c->office, "%s", cu->phone);
    else if (cu->phone_style == PHONE_MOBILE)
        snprintf(c->phone, sizeof c->phone, "%s", cu->phone);
    if (cu->phone_style == PHONE_MOBILE && rng_percent(r, 30))
        snprintf(c->office, sizeof c->office, "021-5%07d", rng_below(r, 10000000));
    c->outcome = rng_percent(r, 60) ? "跟进中" : "";
    c->timeframe = timeframe;
    c->test_drive = rng_percent(r, 35);
    c->quote = rng_percent(r, 45);
    return c;
}

/* A row of the call-centre log; direction is its word for the call. */
static struct contact *callcentre_call(struct gen *g, struct customer *cu, int day,
                                       const char *direction, const char *outcome)
{
    int in = strcmp(direction, "呼入") == 0 || strcmp(direction, "未接来电") == 0;
    struct contact *c = new_contact(g, cu, CALL, day, in ? DIR_IN : DIR_OUT);
    c->file = FILE_CALLCENTRE;
    c->direction_text = direction;
    c->outcome = outcome;
    c->second = rng_below(&g->rng, 60);
    snprintf(c->phone, sizeof c->phone, "%s", cu->phone);
    if (strcmp(direction, "未接来电") == 0 || strcmp(outcome, "未接通") == 0 ||
        strcmp(outcome, "无人接听") == 0 || strcmp(outcome, "失联") == 0) {
        c->duration = 0;
        c->notes[0] = '\0';
    }
    return c;
}

/* The digits of text in full-width forms (１３８…), as typed with a Chinese
 * input method left in full-width mode. */
static void full_width_digits(const char *text, char *out, size_t size)
{
    size_t n = 0;
    for (const char *p = text; *p && n + 4 < size; p++)
        n += (size_t)snprintf(out + n, size - n, "\xEF\xBC%c", (char)(0x90 + (*p - '0')));
    out[n] = '\0';
}

/* October's DMS visit register. Returns -1 if the plan does not fit. */
static int plan_dms_visits(struct gen *g, struct customer **new_ones)
{
    static const enum state returning[] = {ST_H, ST_H,      ST_A_PLUS, ST_A_PLUS, ST_A,
                                           ST_A, ST_B_PLUS, ST_B_PLUS, ST_B,      ST_C};
    static const char *const orders[] = {"已成交", "已下订"};
    static const struct reason defeats[] = {{"落地价比别家贵八千", CAT_PRICE, NULL, 0},
                                            {"公司效益不好，购车资金紧张", CAT_BUDGET, NULL, 0}};
    static const char *const defeat_words[] = {"已战败", "放弃购买"};
    struct rng *r = &g->rng;
    struct customer *cu;
    struct contact *c;

    /* known customers come back; the timeframe, if stated, keeps the grade */
    for (int i = 0; i < ARRAY_LEN(returning); i++) {
        enum state grade = returning[i];
        if (!(cu = pick_known(g, MASK(grade), 1))) return -1;
        c = dms_visit(g, cu, day_after(g, cu, 1),
                      rng_percent(r, 60) ? tier_phrase(r, grade_tier[grade]) : "");
        if (grade == ST_B) c->test_drive = c->quote = 0;
        if (i == 2) snprintf(c->phone, sizeof c->phone, "%s.0", cu->phone);
        if (i == 5) full_width_digits(cu->phone, c->phone, sizeof c->phone);
    }
    /* the customer known by a landline, now written with its extension */
    cu = &g->customers[1];
    cu->picked = 1;
    c = dms_visit(g, cu, day_after(g, cu, 1), rng_percent(r, 50) ? tier_phrase(r, TIER_A) : "");
    snprintf(c->office, sizeof c->office, "%s转801", cu->phone);
    /* ordered cars handed over */
    for (int i = 0; i < 2; i++) {
        if (!(cu = pick_known(g, MASK(ST_O), 1))) return -1;
        c = dms_visit(g, cu, day_after(g, cu, 1), "");
        c->outcome = "已提车";
        c->test_drive = 0;
        set_notes(c, "交车仪式，赠送脚垫");
        replan_state(g, cu, ST_DELIVERED);
    }
    /* hot customers order */
    for (int i = 0; i < ARRAY_LEN(orders); i++) {
        if (!(cu = pick_known(g, MASK(ST_H) | MASK(ST_A_PLUS), 1))) return -1;
        c = dms_visit(g, cu, day_after(g, cu, 1), tier_phrase(r, TIER_H));
        c->outcome = orders[i];
        c->test_drive = c->quote = 1;
        set_notes(c, "交定金5000元");
        replan_state(g, cu, ST_O);
    }
    /* lukewarm customers give up, the reason in 战败原因说明 */
    for (int i = 0; i < ARRAY_LEN(defeats); i++) {
        if (!(cu = pick_known(g, MASK(ST_B_PLUS) | MASK(ST_B) | MASK(ST_C), 1))) return -1;
        c = dms_visit(g, cu, day_after(g, cu, 1), "");
        c->outcome = defeat_words[i];
        c->reason = defeats[i].text;
        c->test_drive = c->quote = 0;
        c->notes[0] = '\0';
        replan_state(g, cu, ST_DEFEATED);
        g->defeats[defeats[i].category]++;
    }
    /* new visitors: A (followed up by the call centre), B+, C (followed up) */
    new_ones[0] = cu = october_customer(g, ST_A);
    c = dms_visit(g, cu, rng_between(r, OCTOBER, LAST_DAY - 1), tier_phrase(r, TIER_A));
    snprintf(c->office, sizeof c->office, "021-5%07d", rng_below(r, 10000000));
    cu = october_customer(g, ST_B_PLUS);
    c = dms_visit(g, cu, rng_between(r, OCTOBER, LAST_DAY), tier_phrase(r, TIER_B));
    c->test_drive = 1;
    new_ones[1] = cu = october_customer(g, ST_C);
    dms_visit(g, cu, rng_between(r, OCTOBER, LAST_DAY - 1), tier_phrase(r, TIER_C));
    /* new visitors who left an office landline only: B and C */
    cu = october_customer(g, ST_B);
    city_landline(g, cu);
    c = dms_visit(g, cu, rng_between(r, OCTOBER, LAST_DAY), tier_phrase(r, TIER_B));
    c->test_drive = c->quote = 0;
    cu = october_customer(g, ST_C);
    city_landline(g, cu);
    dms_visit(g, cu, rng_between(r, OCTOBER, LAST_DAY), tier_phrase(r, TIER_C));
    /* a mobile Excel stored as a number: the row identifies no one (grade N) */
    cu = october_customer(g, ST_N);
    c = dms_visit(g, cu, rng_between(r, OCTOBER, LAST_DAY), tier_phrase(r, TIER_B));
    snprintf(c->phone, sizeof c->phone, "%.5E", strtod(cu->phone, NULL));
    c->office[0] = '\0';
    c->excel_phone = c->warnings = 1;
    return 0;
}

/* October's call-centre log. Returns -1 if the plan does not fit. */
static int plan_callcentre_calls(struct gen *g, struct customer *const *new_ones)
{
    static const char *const lost_tries[] = {"无人接听", "未接通", "失联"};
    struct rng *r = &g->rng;
    struct customer *cu;
    struct contact *c;

    /* after-sales calls to buyers */
    for (int i = 0; i < 4; i++) {
        if (!(cu = pick_known(g, MASK(ST_DELIVERED), 1))) return -1;
        c = callcentre_call(g, cu, day_after(g, cu, 1), "外呼", "已回访");
        set_notes(c, "交车后回访，客户满意");
    }
    /* active customers: invited, called back, a missed call, a call in */
    for (int i = 0; i < 9; i++) {
        static const char *const directions[] = {"外呼", "外呼", "外呼",     "外呼", "外呼",
                                                 "回拨", "回拨", "未接来电", "呼入"};
        static const char *const outcomes[] = {"邀约成功", "邀约成功", "邀约成功",
                                               "邀约成功", "跟进",     "跟进",
                                               "跟进",     "未接通",   "跟进"};
        if (!(cu = pick_known(g, ACTIVE_STATES, 1))) return -1;
        c = callcentre_call(g, cu, day_after(g, cu, 1), directions[i], outcomes[i]);
        if (strcmp(outcomes[i], "邀约成功") == 0) set_notes(c, "邀约周末到店试驾");
    }
    /* never reached again: two tries, then 失联 (lost) */
    if (!(cu = pick_known(g, MASK(ST_B) | MASK(ST_C), 5))) return -1;
    int day = day_after(g, cu, 5);
    for (int i = 0; i < ARRAY_LEN(lost_tries); i++)
        callcentre_call(g, cu, day + 2 * i, "外呼", lost_tries[i]);
    set_notes(&g->contacts[g->ncontacts - 1], "多次外呼无人接听");
    replan_state(g, cu, ST_LOST);
    g->defeats[CAT_UNREACHABLE]++;
    /* a defeat by phone, the reason in the notes (推迟: postponed) */
    if (!(cu = pick_known(g, MASK(ST_B) | MASK(ST_C), 1))) return -1;
    c = callcentre_call(g, cu, day_after(g, cu, 1), "外呼", "暂不购买");
    set_notes(c, "客户说推迟到明年再换车");
    replan_state(g, cu, ST_DEFEATED);
    g->defeats[CAT_POSTPONED]++;
    /* the DMS register's new visitors followed up the next day */
    c = callcentre_call(g, new_ones[0], last_day_of(g, new_ones[0]) + 1, "外呼", "邀约成功");
    set_notes(c, "24小时回访，约周末试驾");
    c = callcentre_call(g, new_ones[1], last_day_of(g, new_ones[1]) + 1, "外呼", "跟进");
    set_notes(c, "24小时回访");
    /* new callers: two who say who they are (grade C: no timeframe), one
     * missed call from a number nobody knows (grade N) */
    for (int i = 0; i < 2; i++) {
        cu = october_customer(g, ST_C);
        c = callcentre_call(g, cu, rng_between(r, OCTOBER, LAST_DAY), "呼入", "跟进");
        set_notes(c, "询问现车和优惠");
    }
    cu = october_customer(g, ST_N);
    cu->name[0] = '\0';
    cu->model = NULL;
    callcentre_call(g, cu, rng_between(r, OCTOBER, LAST_DAY), "未接来电", "未接通");
    return 0;
}

/* ---- after-sales care: the calls after a delivery (DOMAIN.md 7.13) ---- */

/* The steps of a delivered customer's care: done when the customer has a
 * contact on a day of (T + after, T + until], T the first delivery's day. */
static const struct care_step {
    const char *step;
    int after, until;
} care_steps[] = {{"call_24h", 0, 1},   {"call_7d", 1, 7},    {"care_1", 7, 67},
                  {"care_2", 67, 127},  {"care_3", 127, 187}, {"care_4", 187, 247},
                  {"care_5", 247, 307}, {"care_6", 307, 367}};

/* 1 when the outcome is a delivery in the words the samples use. */
static int delivery_word(const char *outcome)
{
    return outcome && (strcmp(outcome, "交车") == 0 || strcmp(outcome, "提车") == 0 ||
                       strcmp(outcome, "已提车") == 0);
}

/* The day cu was first delivered, or -1. */
static int delivered_day(const struct gen *g, const struct customer *cu)
{
    int first = -1;
    for (int i = 0; i < g->ncontacts; i++) {
        const struct contact *c = &g->contacts[i];
        if (c->customer == cu - g->customers && !(c->flags & FLAG_REJECT) &&
            delivery_word(c->outcome) && (first < 0 || c->day < first))
            first = c->day;
    }
    return first;
}

/* 1 when cu has a contact on a day after lo, up to hi. */
static int contact_between(const struct gen *g, const struct customer *cu, int lo, int hi)
{
    for (int i = 0; i < g->ncontacts; i++) {
        const struct contact *c = &g->contacts[i];
        if (c->customer == cu - g->customers && !(c->flags & FLAG_REJECT) && c->day > lo &&
            c->day <= hi)
            return 1;
    }
    return 0;
}

/* A call to a delivered customer on day, with notes: in October the
 * next-day call comes from the call centre (外呼, 已回访), every other one
 * is the owner's, in the phone log. Neither states a timeframe, and their
 * outcomes (已回访: follow-up, or none) leave the customer delivered. */
static void care_call(struct gen *g, struct customer *cu, int day, int next_day, const char *notes)
{
    struct contact *c;
    if (next_day && day >= OCTOBER) {
        c = callcentre_call(g, cu, day, "外呼", "已回访");
    } else {
        c = add_call(g, cu, day, DIR_OUT);
        c->outcome = "";
    }
    c->timeframe = "";
    set_notes(c, notes);
}

/* The first store's calls after each delivery, planned after every other
 * contact (the buyers' own stories have a call three days after the
 * delivery three times in five): every other buyer is called the next day
 * (call_24h); of those not called in (T+1, T+7] yet, one in three is called
 * then, one in three late (T+8 to T+10, which counts for care_1) and one in
 * three not at all; every other buyer whose care_1 window (T+7, T+67] closes
 * before the last day, if nothing fell in it, gets the two-month call. A
 * call after the last day is not made. Draws its random numbers after the
 * October exports', so theirs stay as they were. */
static int plan_care_calls(struct gen *g)
{
    struct rng *r = &g->rng;
    int buyers = 0, missed_7d = 0, closing = 0;
    for (int i = 0; i < g->ncustomers; i++) {
        struct customer *cu = &g->customers[i];
        if (cu->state != ST_DELIVERED) continue;
        int t = delivered_day(g, cu);
        if (t < 0) return -1;
        if (buyers++ % 2 == 0 && t + 1 <= LAST_DAY)
            care_call(g, cu, t + 1, 1, "交车次日回访，客户满意");
        if (!contact_between(g, cu, t + 1, t + 7)) {
            int day = missed_7d % 3 == 0   ? t + rng_between(r, 2, 7)
                      : missed_7d % 3 == 1 ? t + rng_between(r, 8, 10)
                                           : -1;
            missed_7d++;
            if (day >= 0 && day <= LAST_DAY) care_call(g, cu, day, 0, "交车后回访，询问首保时间");
        }
        if (t + 67 < LAST_DAY && closing++ % 2 == 0 && !contact_between(g, cu, t + 7, t + 67))
            care_call(g, cu, t + rng_between(r, 50, 67), 0, "两个月关怀回访，车况良好");
    }
    return 0;
}

/* ---- the group's second store: 星辰汽车城西店 ---- */

/* A smaller store of the same group, seen only in the visit log that has the
 * 门店 column (September and October), so its customers have visits alone. It
 * is planned in a gen of its own, from its own random numbers, after the
 * first store's whole plan: the first store's rows and every other sample
 * file stay as they were. A few of the first store's customers come to
 * compare (the same person, the same phone): customers of both stores. */

#define WEST_SHARED 5 /* customers of both stores */

/* A buyer in the showroom only: a first look with a test drive, a second
 * look, the visit that orders, the delivery. With stay_ordered the car is
 * ordered in October and not delivered yet (grade O). */
static void story_visit_buyer(struct gen *g, int stay_ordered, struct customer *cu)
{
    struct rng *r = &g->rng;
    int o_look = rng_between(r, 2, 7);
    int o_order = o_look + rng_between(r, 2, 8);
    int o_deliver = o_order + rng_between(r, 5, 14);
    int start = stay_ordered ? rng_between(r, OCTOBER - o_look, LAST_DAY - o_order)
                             : rng_between(r, g->first_day, LAST_DAY - o_deliver);
    if (cu == NULL) cu = new_customer(g);
    struct contact *c = add_visit(g, cu, start, 0);
    c->test_drive = rng_percent(r, 80);
    c->quote = 1;
    c->timeframe = rng_percent(r, 50) ? tier_phrase(r, TIER_H) : tier_phrase(r, TIER_A_PLUS);
    c = add_visit(g, cu, start + o_look, 0);
    c->test_drive = c->quote = 1;
    c->timeframe = tier_phrase(r, TIER_H);
    c = add_visit(g, cu, start + o_order, 0);
    c->outcome = rng_percent(r, 80) ? "订车" : "下定";
    c->quote = 1;
    snprintf(c->notes, sizeof c->notes, "交定金%s", rng_percent(r, 50) ? "5000元" : "1万元");
    if (stay_ordered) {
        plan_state(g, cu, ST_O);
        return;
    }
    c = add_visit(g, cu, start + o_deliver, 0);
    c->outcome = rng_percent(r, 85) ? "交车" : "提车";
    set_notes(c, "交车仪式，赠送脚垫");
    plan_state(g, cu, ST_DELIVERED);
}

/* 1 when one of g's customers has the phone. */
static int has_phone(const struct gen *g, const char *phone)
{
    for (int i = 0; i < g->ncustomers; i++)
        if (strcmp(g->customers[i].phone, phone) == 0) return 1;
    return 0;
}

/* A new customer of g who is a customer of the sister store already: the
 * same name and mobile (a sister customer with both, not picked before). */
static struct customer *share_customer(struct gen *g)
{
    const struct gen *sister = g->sister;
    struct customer *cu = new_customer(g);
    const struct customer *known;
    do
        known = &sister->customers[rng_between(&g->rng, 1, sister->ncustomers - 1)];
    while (known->phone_style != PHONE_MOBILE || !known->name[0] || known->state == ST_N ||
           has_phone(g, known->phone));
    snprintf(cu->name, sizeof cu->name, "%s", known->name);
    snprintf(cu->phone, sizeof cu->phone, "%s", known->phone);
    g->shared++;
    return cu;
}

/* The second store's plan. Returns -1 if a plan did not fit. */
static int plan_second_store(struct gen *g)
{
    static const enum state shared[WEST_SHARED] = {ST_DELIVERED, ST_H, ST_A, ST_B_PLUS, ST_C};
    static const struct {
        enum state grade;
        int count;
    } active[] = {{ST_H, 2}, {ST_A_PLUS, 3}, {ST_A, 3}, {ST_B_PLUS, 3}, {ST_B, 3}, {ST_C, 3}};
    static const struct reason october[] = {
        {"价格谈不拢，别家便宜五千", CAT_PRICE, NULL, 0},
        {"选了比亚迪宋PLUS", CAT_COMPETITOR, "比亚迪宋PLUS", 0},
        {"没现车，客户不愿等", CAT_STOCK, NULL, 0},
        {"暂不换车，以后再说", CAT_POSTPONED, NULL, 0},
    };
    static const struct reason september[] = {{"首付凑不齐", CAT_BUDGET, NULL, 0},
                                              {"后排空间小", CAT_NEEDS, NULL, 0}};
    struct rng *r = &g->rng;

    for (int i = 0; i < WEST_SHARED; i++) {
        struct customer *cu = share_customer(g);
        if (shared[i] == ST_DELIVERED)
            story_visit_buyer(g, 0, cu);
        else if (!story_active(g, shared[i], OCTOBER - 20, LAST_DAY, cu))
            return -1;
    }
    for (int i = 0; i < 3; i++)
        story_visit_buyer(g, 0, NULL);
    for (int i = 0; i < 3; i++)
        story_visit_buyer(g, 1, NULL);
    for (int k = 0; k < ARRAY_LEN(active); k++)
        for (int i = 0; i < active[k].count; i++)
            if (!story_active(g, active[k].grade, rng_between(r, SEPTEMBER, OCTOBER), LAST_DAY,
                              NULL))
                return -1;
    for (int i = 0; i < ARRAY_LEN(october); i++)
        story_defeat(g, rng_between(r, OCTOBER, LAST_DAY), &october[i]);
    for (int i = 0; i < ARRAY_LEN(september); i++)
        story_defeat(g, rng_between(r, SEPTEMBER + 5, OCTOBER - 1), &september[i]);
    for (int i = 0; i < 4; i++)
        story_walk_in(g);
    for (int i = 0; i < 2; i++)
        story_no_model(g);
    return 0;
}

/* ---- writing rows ---- */

/* How an export writes values: English headers, 2026-09-05 and Y/N; or
 * Chinese headers, 2026/9/5 and 是/否. */
enum style { STYLE_EN, STYLE_CN };

static const char *const visit_header[2] = {
    "date,time_in,time_out,customer,phone,salesperson,visit_no,party_size,model,source,"
    "test_drive,quote,financing,trade_in,competitor,timeframe,outcome,defeat_reason,notes",
    "来店日期,进店时间,离店时间,顾客姓名,联系电话,销售顾问,来店次数,来店人数,意向车型,"
    "信息来源,是否试驾,是否报价,是否分期,是否置换,对比车型,预计购车时间,跟进结果,战败原因,"
    "备注,门店"};
static const char *const call_header[2] = {
    "datetime,direction,customer,phone,salesperson,model,source,timeframe,duration,invited,"
    "appointment,outcome,defeat_reason,notes",
    "来电时间,呼入呼出,顾客姓名,联系电话,销售顾问,意向车型,信息来源,预计购车时间,通话时长,"
    "邀约到店,预约到店日期,跟进结果,战败原因,备注"};

/* The day, or with bad_date the 31st of its month (September has 30). */
static void format_date(char out[16], long epoch_day, int day, int bad_date, enum style style)
{
    int y, m, d;
    civil_from_days(epoch_day + day, &y, &m, &d);
    if (bad_date) d = 31;
    snprintf(out, 16, style == STYLE_CN ? "%d/%d/%d" : "%04d-%02d-%02d", y, m, d);
}

/* "HH:MM", or "HH:MM:SS" when second is not negative. */
static void format_clock(char out[16], int minute, int second)
{
    if (second >= 0)
        snprintf(out, 16, "%02d:%02d:%02d", minute / 60 % 24, minute % 60, second % 60);
    else
        snprintf(out, 16, "%02d:%02d", minute / 60 % 24, minute % 60);
}

static void format_duration(char out[24], const struct contact *c)
{
    int s = c->duration;
    if (c->duration_text)
        snprintf(out, 24, "%s", c->duration_text);
    else if (c->duration_form == DUR_CLOCK)
        snprintf(out, 24, "%d:%02d", s / 60, s % 60);
    else if (c->duration_form == DUR_CHINESE && s >= 60)
        snprintf(out, 24, s % 60 ? "%d分%d秒" : "%d分", s / 60, s % 60);
    else
        snprintf(out, 24, c->duration_form == DUR_CHINESE ? "%d秒" : "%d", s);
}

static const char *bool_word(int value, enum style style)
{
    static const char *const words[2][3] = {{"N", "Y", "可能"}, {"否", "是", "可能"}};
    return words[style][value];
}

/* Fields separated by commas, each quoted when it needs to be. */
static void put_fields(struct buf *b, const char *const *fields, int n)
{
    for (int i = 0; i < n; i++) {
        if (i > 0) buf_put(b, ",");
        buf_field(b, fields[i]);
    }
}

/* One visit-log row without its line end; the Chinese export adds the store.
 * team: the salespeople's names. */
static void put_visit_row(struct buf *b, long epoch_day, const char *const *team, const char *store,
                          const struct contact *c, enum style style)
{
    char date[16], in[16], out[16], visit_no[12], party[12];
    format_date(date, epoch_day, c->day, c->flags & FLAG_BAD_DATE, style);
    format_clock(in, c->minute, c->second);
    format_clock(out, c->minute_out, -1);
    snprintf(visit_no, sizeof visit_no, "%d", c->visit_no);
    snprintf(party, sizeof party, "%d", c->party_size);
    const char *fields[] = {date,
                            in,
                            out,
                            c->name,
                            c->phone,
                            c->salesperson >= 0 ? team[c->salesperson] : "",
                            visit_no,
                            party,
                            c->model,
                            c->source,
                            bool_word(c->test_drive, style),
                            bool_word(c->quote, style),
                            bool_word(c->financing, style),
                            bool_word(c->trade_in, style),
                            c->competitor,
                            c->timeframe,
                            c->outcome,
                            c->reason};
    put_fields(b, fields, ARRAY_LEN(fields));
    buf_put(b, ",");
    if (c->flags & FLAG_RAW_NOTES)
        buf_put(b, c->notes);
    else
        buf_field(b, c->notes);
    if (style == STYLE_CN) {
        buf_put(b, ",");
        buf_put(b, store);
    }
}

/* One phone-log row without its line end (the values read alike in both styles). */
static void put_call_row(struct buf *b, long epoch_day, const char *const *team,
                         const struct contact *c)
{
    static const char *const directions[] = {"呼入", "呼出", "转接"};
    char date[16], clock[16], when[40], duration[24], appointment[16] = "";
    format_date(date, epoch_day, c->day, 0, STYLE_EN);
    format_clock(clock, c->minute, c->second);
    snprintf(when, sizeof when, "%s %s", date, clock);
    format_duration(duration, c);
    if (c->appointment_day >= 0)
        format_date(appointment, epoch_day, c->appointment_day, 0, STYLE_EN);
    const char *fields[] = {when,
                            directions[c->direction],
                            c->name,
                            c->phone,
                            c->salesperson >= 0 ? team[c->salesperson] : "",
                            c->model,
                            c->source,
                            c->timeframe,
                            duration,
                            bool_word(c->invited, STYLE_CN),
                            appointment,
                            c->outcome,
                            c->reason,
                            c->notes};
    put_fields(b, fields, ARRAY_LEN(fields));
}

/* ---- the sample files and their expected counts ---- */

/* One sample export: which rows, in what shape, and what importing it gives. */
struct export
{
    const char *file;
    int kind;
    enum style style;
    int bom, gb18030; /* a UTF-8 BOM; GB18030 with CRLF line ends */
    int from, to;     /* the days it covers */
    int exported_to;  /* its first store's rows up to this day were in the previous export */
    int blank_after;  /* an empty line (calls) or all-empty row (visits) after so many rows */
    int group;        /* it has a store column and holds every store's rows, else the first's */
    int read, duplicates, rejected, warnings;
    int skipped, excel_phones; /* summary and signature rows; phones Excel stored as numbers */
};

/* Counts one written row; repeat: it repeats a row already imported. A row
 * that warns is never skipped, so that its warnings count either way. */
static int count_row(struct export *x, const struct contact *c, int repeat, char *err, size_t size)
{
    x->read++;
    if (c->flags & FLAG_REJECT)
        x->rejected++;
    else if (repeat)
        x->duplicates++;
    else
        x->warnings += c->warnings;
    if (c->warnings && (repeat || (c->flags & FLAG_REJECT))) {
        snprintf(err, size, "internal: row %d both warns and is skipped", c->seq);
        return -1;
    }
    return 0;
}

static int write_file(const char *dir, const char *name, const struct buf *b, char *err,
                      size_t size)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (b->failed) {
        snprintf(err, size, "%s: out of memory", path);
        return -1;
    }
    FILE *f = fopen(path, "wb");
    int failed = f == NULL || fwrite(b->data, 1, b->len, f) != b->len;
    if (f != NULL && fclose(f) != 0) failed = 1;
    if (failed) {
        snprintf(err, size, "cannot write %s: %s", path, strerror(errno));
        return -1;
    }
    return 0;
}

/* UTF-8 to the encoding (GB18030, UTF-16LE), appended to out. */
static int convert(const struct buf *in, const char *encoding, struct buf *out, char *err,
                   size_t size)
{
    iconv_t cd = iconv_open(encoding, "UTF-8");
    if (cd == (iconv_t)-1) {
        snprintf(err, size, "iconv cannot convert to %s: %s", encoding, strerror(errno));
        return -1;
    }
    size_t rc = (size_t)-1, left = in->len, room = in->len * 2 + 16;
    char *src = in->data, *dst;
    if (buf_reserve(out, room)) {
        dst = out->data + out->len;
        rc = iconv(cd, &src, &left, &dst, &room);
        out->len = (size_t)(dst - out->data);
    }
    iconv_close(cd);
    if (rc == (size_t)-1)
        snprintf(err, size, "cannot convert to %s: %s", encoding, strerror(errno));
    return rc == (size_t)-1 ? -1 : 0;
}

/* Numbers each customer's visits in the earlier exports in time order
 * (来店次数; the DMS export has no such column); a rejected row carries the
 * number the next visit would have. */
static void number_visits(struct gen *g)
{
    for (int i = 0; i < g->ncustomers; i++)
        g->customers[i].visits = 0;
    for (int i = 0; i < g->ncontacts; i++) {
        struct contact *c = &g->contacts[i];
        struct customer *cu = &g->customers[c->customer];
        if (c->kind == VISIT && c->file == FILE_EARLIER)
            c->visit_no = (c->flags & FLAG_REJECT) ? cu->visits + 1 : ++cu->visits;
    }
}

static int by_moment(const void *a, const void *b)
{
    const struct contact *x = a, *y = b;
    if (x->day != y->day) return x->day < y->day ? -1 : 1;
    if (x->minute != y->minute) return x->minute < y->minute ? -1 : 1;
    return (x->seq > y->seq) - (x->seq < y->seq);
}

/* The index of the first contact of g from i on that the export holds. */
static int next_in_export(const struct gen *g, int i, const struct export *x)
{
    for (; i < g->ncontacts; i++) {
        const struct contact *c = &g->contacts[i];
        if (c->file == FILE_EARLIER && c->kind == x->kind && c->day >= x->from && c->day <= x->to)
            break;
    }
    return i;
}

/* Writes one export of the stores' sorted contacts and counts what importing
 * it gives. An export of the group holds every store's rows merged in time
 * order (at the same minute the first store's first); its empty row follows
 * the same row of the first store as in an export of that store alone. */
static int write_export(const struct gen *const *stores, int nstores, long epoch_day,
                        const char *dir, struct export *x, char *err, size_t size)
{
    const char *eol = x->gb18030 ? "\r\n" : "\n";
    struct buf b = {0}, gb = {0};
    int written = 0, rc = 0, at[MAX_STORES];
    if (!x->group) nstores = 1;
    for (int s = 0; s < nstores; s++)
        at[s] = next_in_export(stores[s], 0, x);
    if (x->bom) buf_put(&b, "\xEF\xBB\xBF");
    buf_put(&b, x->kind == VISIT ? visit_header[x->style] : call_header[x->style]);
    buf_put(&b, eol);
    while (rc == 0) {
        int s = -1; /* the store whose next row comes first */
        for (int t = 0; t < nstores; t++) {
            if (at[t] >= stores[t]->ncontacts) continue;
            const struct contact *c = &stores[t]->contacts[at[t]], *first;
            if (s < 0 || c->day < (first = &stores[s]->contacts[at[s]])->day ||
                (c->day == first->day && c->minute < first->minute))
                s = t;
        }
        if (s < 0) break;
        const struct gen *g = stores[s];
        const struct contact *c = &g->contacts[at[s]];
        at[s] = next_in_export(g, at[s] + 1, x);
        for (int copy = 0; copy < ((c->flags & FLAG_TWICE) ? 2 : 1) && rc == 0; copy++) {
            if (x->kind == VISIT)
                put_visit_row(&b, epoch_day, g->team, g->store, c, x->style);
            else
                put_call_row(&b, epoch_day, g->team, c);
            buf_put(&b, eol);
            /* the previous export held the first store's rows only */
            rc = count_row(x, c, copy > 0 || (s == 0 && c->day <= x->exported_to), err, size);
        }
        if (s == 0 && ++written == x->blank_after) {
            buf_put(&b, x->kind == VISIT ? ",,,,,,,,,,,,,,,,,,," : "");
            buf_put(&b, eol);
        }
    }
    if (rc == 0 && x->gb18030) rc = convert(&b, "GB18030", &gb, err, size);
    if (rc == 0) rc = write_file(dir, x->file, x->gb18030 ? &gb : &b, err, size);
    free(b.data);
    free(gb.data);
    return rc;
}

/* The DMS visit register: a title and an empty row above the header, a
 * running number (序号, a column funnel does not read: one warning), two
 * phone columns, ✔/-/是的 booleans, a totals row and a signature row. */
#define DMS_COLUMNS 16
static const char dms_header[] =
    "序号,到店日期,来店时间,离店时间,客户姓名,手机号码(必填),办公电话,接待顾问,意向车型名称,"
    "线索来源,是否试乘试驾,是否报价,预计购车时间,跟进结果,战败原因说明,备注";

static void put_dms_row(struct buf *b, long epoch_day, const struct contact *c, int number)
{
    char serial[12], date[16], in[16], out[16];
    int y, m, d;
    civil_from_days(epoch_day + c->day, &y, &m, &d);
    snprintf(serial, sizeof serial, "%d", number);
    snprintf(date, sizeof date, "%04d-%02d-%02d", y, m, d);
    format_clock(in, c->minute, -1);
    format_clock(out, c->minute_out, -1);
    const char *fields[DMS_COLUMNS] = {serial,
                                       date,
                                       in,
                                       out,
                                       c->name,
                                       c->phone,
                                       c->office,
                                       salespeople[c->salesperson],
                                       c->model,
                                       c->source,
                                       c->test_drive ? "✔" : "-",
                                       c->quote ? "是的" : "-",
                                       c->timeframe,
                                       c->outcome,
                                       c->reason,
                                       c->notes};
    put_fields(b, fields, DMS_COLUMNS);
}

/* A row of DMS_COLUMNS cells, empty but for cells[column] = text pairs. */
static void put_sparse_row(struct buf *b, const char *eol, int n, const int *columns,
                           const char *const *texts)
{
    const char *fields[DMS_COLUMNS] = {0};
    for (int i = 0; i < n; i++)
        fields[columns[i]] = texts[i];
    put_fields(b, fields, DMS_COLUMNS);
    buf_put(b, eol);
}

static int write_dms(const struct gen *g, long epoch_day, const char *dir, struct export *x,
                     char *err, size_t size)
{
    static const char *const eol = "\r\n";
    struct buf b = {0};
    int rows = 0, test_drives = 0, rc = 0;
    buf_put(&b, "\xEF\xBB\xBF");
    put_sparse_row(&b, eol, 1, (const int[]){0},
                   (const char *const[]){STORE_NAME "来店登记表 2026年10月"});
    put_sparse_row(&b, eol, 0, NULL, NULL);
    buf_put(&b, dms_header);
    buf_put(&b, eol);
    x->warnings++; /* 序号 is no field of funnel's */
    for (int i = 0; i < g->ncontacts && rc == 0; i++) {
        const struct contact *c = &g->contacts[i];
        if (c->file != FILE_DMS) continue;
        put_dms_row(&b, epoch_day, c, ++rows);
        buf_put(&b, eol);
        test_drives += c->test_drive;
        x->excel_phones += c->excel_phone;
        rc = count_row(x, c, 0, err, size);
    }
    char visitors[32], driven[16];
    snprintf(visitors, sizeof visitors, "%d批次", rows);
    snprintf(driven, sizeof driven, "%d", test_drives);
    put_sparse_row(&b, eol, 3, (const int[]){0, 4, 10},
                   (const char *const[]){"合计", visitors, driven});
    put_sparse_row(&b, eol, 3, (const int[]){0, 7, 13},
                   (const char *const[]){"制表人：周晓燕", "审核：赵经理", "打印日期：2026-11-01"});
    x->read += 2;
    x->skipped += 2;
    if (rc == 0) rc = write_file(dir, x->file, &b, err, size);
    free(b.data);
    return rc;
}

/* The call-centre log as Excel saves "Unicode 文本": UTF-16LE with a BOM,
 * TAB-separated, CRLF, the call system's column names and words. */
static const char callcentre_header[] =
    "开始时间\t呼叫类型\t客户号码\t客户姓名\t坐席姓名\t通话时长\t通话结果\t意向车型\t备注";

static void put_callcentre_row(struct buf *b, long epoch_day, const struct contact *c)
{
    char date[16], clock[16], duration[16];
    format_date(date, epoch_day, c->day, 0, STYLE_EN);
    format_clock(clock, c->minute, c->second);
    snprintf(duration, sizeof duration, "%02d:%02d:%02d", c->duration / 3600, c->duration / 60 % 60,
             c->duration % 60);
    buf_printf(b, "%s %s\t%s\t%s\t", date, clock, c->direction_text, c->phone);
    const char *fields[] = {c->name, salespeople[c->salesperson], duration, c->outcome, c->model,
                            c->notes};
    for (int i = 0; i < ARRAY_LEN(fields); i++) {
        if (i > 0) buf_put(b, "\t");
        if (fields[i]) buf_put(b, fields[i]);
    }
}

static int write_callcentre(const struct gen *g, long epoch_day, const char *dir, struct export *x,
                            char *err, size_t size)
{
    struct buf b = {0}, utf16 = {0};
    int rc = 0;
    buf_put(&b, callcentre_header);
    buf_put(&b, "\r\n");
    for (int i = 0; i < g->ncontacts && rc == 0; i++) {
        const struct contact *c = &g->contacts[i];
        if (c->file != FILE_CALLCENTRE) continue;
        put_callcentre_row(&b, epoch_day, c);
        buf_put(&b, "\r\n");
        rc = count_row(x, c, 0, err, size);
    }
    buf_put(&utf16, "\xFF\xFE");
    if (rc == 0) rc = convert(&b, "UTF-16LE", &utf16, err, size);
    if (rc == 0) rc = write_file(dir, x->file, &utf16, err, size);
    free(b.data);
    free(utf16.data);
    return rc;
}

/* expected/expected.csv, expected_grades.csv, expected_defeats.csv and
 * expected_group.csv: in a folder of their own, so that the exports are the
 * only CSV files in samples. expected.csv has a line per file; the grades and
 * defeats a line per store (and reason); the group's line counts the people
 * of the three months, a customer of both stores once, and those shared. */
static int write_expected(const struct gen *const *stores, int nstores, const char *samples_dir,
                          const struct export *x, int n, char *err, size_t size)
{
    struct buf counts = {0}, grades = {0}, defeats = {0}, group = {0};
    int people = 0, shared = 0;
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/expected", samples_dir);
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        snprintf(err, size, "cannot create %s: %s", dir, strerror(errno));
        return -1;
    }
    buf_put(&counts, "file,read,imported,duplicates,rejected,skipped,warnings,excel_phones\n");
    for (int i = 0; i < n; i++)
        buf_printf(&counts, "%s,%d,%d,%d,%d,%d,%d,%d\n", x[i].file, x[i].read,
                   x[i].read - x[i].duplicates - x[i].rejected - x[i].skipped, x[i].duplicates,
                   x[i].rejected, x[i].skipped, x[i].warnings, x[i].excel_phones);
    buf_put(&grades, "store,as_of");
    for (int s = 0; s < STATES; s++)
        buf_printf(&grades, ",%s", state_names[s]);
    buf_put(&grades, "\n");
    buf_put(&defeats, "store,reason,count\n");
    for (int t = 0; t < nstores; t++) {
        buf_printf(&grades, "%s,2026-10-31", stores[t]->store);
        for (int s = 0; s < STATES; s++)
            buf_printf(&grades, ",%d", stores[t]->states[s]);
        buf_put(&grades, "\n");
        for (int k = 0; k < CATEGORIES; k++)
            buf_printf(&defeats, "%s,%s,%d\n", stores[t]->store, category_names[k],
                       stores[t]->defeats[k]);
        for (int s = 0; s < STATES; s++)
            people += stores[t]->states[s];
        shared += stores[t]->shared;
    }
    buf_printf(&group, "from,to,prospects,shared_customers\n2026-08-01,2026-10-31,%d,%d\n",
               people - shared, shared);
    int rc = write_file(dir, "expected.csv", &counts, err, size);
    if (rc == 0) rc = write_file(dir, "expected_grades.csv", &grades, err, size);
    if (rc == 0) rc = write_file(dir, "expected_defeats.csv", &defeats, err, size);
    if (rc == 0) rc = write_file(dir, "expected_group.csv", &group, err, size);
    free(counts.data), free(grades.data), free(defeats.data), free(group.data);
    return rc;
}

/* expected/expected_care.csv: the first store's after-sales care as of the
 * last day (DOMAIN.md 7.13), worked out from its plan: per owner (the
 * salesperson of the customer's first contact; contacts are in time order
 * by now) the steps whose windows closed in the 90 days to the day and how
 * many were done, the steps due (undone, the window ending on the day or in
 * the week after it) and overdue (undone, closed in those 90 days); then a
 * 合计 line. Owners in code-point order, as the report lists them. */
static int write_expected_care(const struct gen *g, const char *samples_dir, char *err, size_t size)
{
    enum { STEPS, DONE, DUE, OVERDUE, CARE_COUNTS };
    int counts[MAX_TEAM][CARE_COUNTS] = {{0}}, total[CARE_COUNTS] = {0}, order[MAX_TEAM];
    const int as_of = LAST_DAY;
    for (int i = 0; i < g->ncustomers; i++) {
        const struct customer *cu = &g->customers[i];
        if (cu->state != ST_DELIVERED) continue;
        int t = delivered_day(g, cu), owner = -1;
        for (int k = 0; k < g->ncontacts && owner < 0; k++)
            if (g->contacts[k].customer == i && !(g->contacts[k].flags & FLAG_REJECT))
                owner = g->contacts[k].salesperson;
        if (t < 0 || owner < 0) {
            snprintf(err, size, "internal: delivered customer %d has no delivery or owner", i);
            return -1;
        }
        for (int k = 0; k < ARRAY_LEN(care_steps); k++) {
            int end = t + care_steps[k].until;
            int done = contact_between(g, cu, t + care_steps[k].after, end < as_of ? end : as_of);
            int closed = end < as_of && end >= as_of - 90;
            int *n = counts[owner];
            n[STEPS] += closed;
            n[DONE] += closed && done;
            n[DUE] += !done && end >= as_of && end <= as_of + 7;
            n[OVERDUE] += closed && !done;
        }
    }
    for (int p = 0; p < g->team_size; p++) {
        int at = p;
        while (at > 0 && strcmp(g->team[order[at - 1]], g->team[p]) > 0) {
            order[at] = order[at - 1];
            at--;
        }
        order[at] = p;
    }
    struct buf b = {0};
    buf_put(&b, "store,as_of,salesperson,steps,done,due,overdue\n");
    for (int i = 0; i < g->team_size; i++) {
        const int *n = counts[order[i]];
        if (n[STEPS] + n[DUE] + n[OVERDUE] == 0) continue;
        buf_printf(&b, "%s,2026-10-31,%s,%d,%d,%d,%d\n", g->store, g->team[order[i]], n[STEPS],
                   n[DONE], n[DUE], n[OVERDUE]);
        for (int k = 0; k < CARE_COUNTS; k++)
            total[k] += n[k];
    }
    buf_printf(&b, "%s,2026-10-31,合计,%d,%d,%d,%d\n", g->store, total[STEPS], total[DONE],
               total[DUE], total[OVERDUE]);
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/expected", samples_dir);
    int rc = write_file(dir, "expected_care.csv", &b, err, size);
    free(b.data);
    return rc;
}

/* A store's empty plan, its random numbers started from seed. NULL when out
 * of memory. */
static struct gen *new_store(const char *name, const char *const *team, const int *weights,
                             int team_size, uint64_t seed)
{
    struct gen *g = calloc(1, sizeof *g);
    if (g == NULL) return NULL;
    g->rng.state = seed;
    g->store = name;
    g->team = team;
    g->team_weights = weights;
    g->team_size = team_size;
    return g;
}

/* The group's October targets, as a manager fills them in Excel (DOMAIN.md
 * 7.5): a title line, both stores in a 门店 column, the buyers target of
 * each salesperson (one visitors target set, the rest derived), a 合计 row. */
static int write_targets(const char *dir, char *err, size_t size)
{
    static const int buyers[] = {3, 3, 2, 2, 2, 2};
    static const int west_buyers[] = {1, 1, 1};
    struct buf b = {0};
    int total = 0;
    buf_put(&b, "星辰汽车集团 2026年10月销售目标,,,,\n月份,门店,销售顾问,成交目标,到店目标\n");
    for (int i = 0; i < ARRAY_LEN(salespeople); i++) {
        buf_printf(&b, "2026-10,星辰汽车4S店,%s,%d,%s\n", salespeople[i], buyers[i],
                   i == 0 ? "18" : "");
        total += buyers[i];
    }
    for (int i = 0; i < ARRAY_LEN(west_salespeople); i++) {
        buf_printf(&b, "2026-10,星辰汽车城西店,%s,%d,\n", west_salespeople[i], west_buyers[i]);
        total += west_buyers[i];
    }
    buf_printf(&b, "合计,,,%d,\n", total);
    int rc = write_file(dir, "targets_2026-10.csv", &b, err, size);
    free(b.data);
    return rc;
}

/* Plans the story and writes every sample file into dir (created if need be).
 * Returns 0, or -1 with a reason in err. */
static int write_samples(const char *dir, char *err, size_t size)
{
    struct export exports[] = {{.file = "calls_2026-08_10.csv",
                                .kind = CALL,
                                .style = STYLE_CN,
                                .to = LAST_DAY,
                                .exported_to = -1,
                                .blank_after = 200},
                               {.file = "visits_2026-08_09.csv",
                                .kind = VISIT,
                                .style = STYLE_EN,
                                .bom = 1,
                                .to = OCTOBER - 1,
                                .exported_to = -1},
                               {.file = "visits_2026-09_10.csv",
                                .kind = VISIT,
                                .style = STYLE_CN,
                                .gb18030 = 1,
                                .from = SEPTEMBER,
                                .to = LAST_DAY,
                                .exported_to = OCTOBER - 1,
                                .blank_after = 250,
                                .group = 1},
                               {.file = "dms_visits_2026-10.csv", .kind = VISIT},
                               {.file = "callcentre_calls_2026-10.txt", .kind = CALL}};
    struct customer *new_ones[2];
    long epoch_day = SAMPLES_FIRST_DAY;
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        snprintf(err, size, "cannot create %s: %s", dir, strerror(errno));
        return -1;
    }
    struct gen *g = new_store(STORE_NAME, salespeople, salespeople_weights, SALESPEOPLE, 20260801);
    struct gen *west = new_store(WEST_STORE_NAME, west_salespeople, west_salespeople_weights,
                                 ARRAY_LEN(west_salespeople), 20260901);
    if (g == NULL || west == NULL) {
        snprintf(err, size, "out of memory");
        free(g), free(west);
        return -1;
    }
    west->first_day = SEPTEMBER;
    west->visits_only = 1;
    west->sister = g;
    struct gen *plans[MAX_STORES] = {g, west};
    const struct gen *const stores[MAX_STORES] = {g, west};
    int rc = plan_samples(g);
    if (rc == 0) rc = plan_dms_visits(g, new_ones);
    if (rc == 0) rc = plan_callcentre_calls(g, new_ones);
    if (rc == 0) rc = plan_care_calls(g);
    if (rc == 0) rc = plan_second_store(west);
    if (rc != 0) snprintf(err, size, "internal: a story did not fit in the three months");
    for (int s = 0; s < MAX_STORES; s++) {
        qsort(plans[s]->contacts, (size_t)plans[s]->ncontacts, sizeof *plans[s]->contacts,
              by_moment);
        number_visits(plans[s]);
    }
    for (int i = 0; i < 3 && rc == 0; i++)
        rc = write_export(stores, MAX_STORES, epoch_day, dir, &exports[i], err, size);
    if (rc == 0) rc = write_dms(g, epoch_day, dir, &exports[3], err, size);
    if (rc == 0) rc = write_callcentre(g, epoch_day, dir, &exports[4], err, size);
    if (rc == 0) rc = write_targets(dir, err, size);
    if (rc == 0)
        rc = write_expected(stores, MAX_STORES, dir, exports, ARRAY_LEN(exports), err, size);
    if (rc == 0) rc = write_expected_care(g, dir, err, size);
    free(g), free(west);
    return rc;
}

/* ---- benchmark files: a stream of rows in date order ---- */

#define BENCH_FIRST_DAY 20089   /* 2025-01-01 */
#define BENCH_DAYS 669          /* to 2026-10-31 */
#define BENCH_REPEAT_PERCENT 63 /* rows of returning customers: ~30% of customers */

static const char *const bench_salespeople[] = {
    "王磊", "李娜", "张伟", "刘洋", "陈静", "杨帆", "赵强", "黄丽", "周明", "吴婷", "徐涛", "孙悦",
    "马超", "朱琳", "胡斌", "郭敏", "何勇", "高雅", "林峰", "罗佳", "郑凯", "梁爽", "谢磊", "宋洁"};
static const char *const bench_models[] = {"星辰X3",  "星辰X5", "星辰S7",
                                           "星辰EV6", "星辰X7", "星辰S5"};
static const char *const bench_sources[] = {"自然到店", "汽车之家", "懂车帝", "老客户介绍",
                                            "电话邀约", "车展",     "易车"};

/* A returning customer in the ring: its number (everything else about it
 * derives from that), the contacts it has left, its visits so far. */
struct bench_slot {
    uint64_t id;
    int remaining;
    int visits;
};

/* The customer's name, phone, model, source and owner into c, derived from
 * its number alone so that a returning customer reads alike on every row. */
static void bench_customer(uint64_t seed, uint64_t id, int returning, struct contact *c)
{
    static const char *const prefixes[] = {"135", "136", "138", "139", "150", "158",
                                           "177", "186", "188", "189", "199"};
    struct rng r = {mix64(seed ^ (id * 0xD1B54A32D192ED03u))};
    uint64_t digits = (id * 87420489u + 13579u) % 100000000u; /* a permutation: unique phones */
    int kind = rng_below(&r, 1000);
    char mobile[16];
    random_name(&r, c->name, sizeof c->name);
    snprintf(mobile, sizeof mobile, "%s%08llu", PICK(&r, prefixes), (unsigned long long)digits);
    snprintf(c->phone, sizeof c->phone, "%s", mobile);
    if (!returning && kind < 30) /* anonymous walk-in or caller */
        c->name[0] = c->phone[0] = '\0';
    else if (!returning && kind < 33) /* a digit short: invalid, warns */
        c->phone[10] = '\0';
    else if (kind < 150)
        snprintf(c->phone, sizeof c->phone, "%.3s-%.4s-%.4s", mobile, mobile + 3, mobile + 7);
    c->model = rng_percent(&r, 97) ? PICK(&r, bench_models) : "";
    c->source = PICK(&r, bench_sources);
    c->salesperson = rng_below(&r, ARRAY_LEN(bench_salespeople));
}

/* Outcome, reason and timeframe of one bench row. A returning customer's
 * last contact often ends the story (order, delivery, defeat, lost); a one-off
 * contact now and then ends in a defeat or a lost contact. */
static void bench_outcome(struct rng *r, struct contact *c, int returning, int last)
{
    static const char *const reasons[] = {"价格比丰田贵三万", "已经买了比亚迪汉", "首付不够",
                                          "没现车",           "担心质量",         "空间太小",
                                          "服务态度差",       "暂不考虑",         "联系不上",
                                          "搬家去外地了",     "选了吉利星越L",    "预算不够"};
    static const char *const frames[] = {"",        "",        "不确定",    "一周内", "15天",
                                         "1个月内", "1-3个月", "3个月以上", "半个月", "2个月"};
    int x = rng_below(r, 100);
    c->timeframe = PICK(r, frames);
    c->outcome = rng_percent(r, 50) ? "跟进" : "";
    c->reason = "";
    if (returning ? (last ? x < 35 : x < 3) : x < 8) {
        int which = returning ? rng_below(r, 4) : rng_between(r, 2, 3);
        c->outcome = (const char *[]){"订车", "交车", "战败", "失控"}[which];
        if (which >= 2) c->reason = which == 3 ? "电话一直打不通" : PICK(r, reasons);
        c->timeframe = "";
    }
}

/* The rest of a bench row: time, visit or call details, notes. */
static void bench_row(struct rng *r, struct contact *c, int kind, int day, int second_of_day)
{
    c->kind = kind;
    c->day = day;
    c->minute = second_of_day / 60;
    c->second = second_of_day % 60;
    c->competitor = rng_percent(r, 20) ? PICK(r, competitors) : "";
    c->notes[0] = '\0';
    if (rng_percent(r, 30))
        set_notes(c, kind == VISIT ? PICK(r, visit_notes) : PICK(r, call_notes));
    c->appointment_day = -1;
    c->duration_text = NULL;
    c->flags = 0;
    if (kind == VISIT) {
        c->minute_out = c->minute + rng_between(r, 10, 100);
        if (c->minute_out >= MINUTES) c->minute_out = MINUTES - 1;
        c->party_size = rng_between(r, 1, 4);
        c->test_drive = rng_percent(r, 35), c->quote = rng_percent(r, 45);
        c->financing = rng_percent(r, 25), c->trade_in = rng_percent(r, 15);
    } else {
        c->direction = rng_percent(r, 40) ? DIR_IN : DIR_OUT;
        c->duration = rng_between(r, 0, 600);
        c->duration_form = rng_below(r, 3);
        c->invited = rng_percent(r, 20);
        if (c->invited) c->appointment_day = day + rng_between(r, 1, 5);
    }
}

/* Writes rows rows of the given kind to path in date order, spread evenly
 * over each day's opening hours, holding only a ring of returning customers
 * in memory. Returns 0, or -1 with a reason in err. */
static int write_bench(const char *path, int kind, uint64_t rows, uint64_t seed, char *err,
                       size_t size)
{
    struct rng r = {seed};
    uint64_t per_day = rows / BENCH_DAYS + 1, next_id = 0;
    size_t ring = per_day * 6 < 8 ? 8 : per_day * 6 > (1u << 20) ? (1u << 20) : per_day * 6;
    struct bench_slot *slots = calloc(ring, sizeof *slots);
    FILE *f = fopen(path, "wb");
    static char iobuf[1 << 20];
    struct buf line = {0};
    int rc = 0;
    if (slots == NULL || f == NULL) {
        snprintf(err, size, "cannot write %s: %s", path, f ? "out of memory" : strerror(errno));
        free(slots);
        if (f) fclose(f);
        return -1;
    }
    setvbuf(f, iobuf, _IOFBF, sizeof iobuf);
    for (size_t i = 0; i < ring; i++)
        slots[i] = (struct bench_slot){next_id++, rng_between(&r, 2, 6), 0};
    fputs(kind == VISIT ? visit_header[STYLE_EN] : call_header[STYLE_EN], f);
    fputc('\n', f);
    for (int day = 0; day < BENCH_DAYS; day++) {
        uint64_t first = rows * (uint64_t)day / BENCH_DAYS,
                 end = rows * (uint64_t)(day + 1) / BENCH_DAYS;
        for (uint64_t i = first; i < end; i++) {
            struct contact c;
            struct bench_slot one_off = {next_id++, 1, 0}, *slot = &one_off;
            int returning = rng_percent(&r, BENCH_REPEAT_PERCENT);
            if (returning) slot = &slots[rng_below(&r, (int)ring)];
            memset(&c, 0, sizeof c);
            bench_customer(seed, slot->id, returning, &c);
            if (returning && rng_percent(&r, 10))
                c.salesperson = rng_below(&r, ARRAY_LEN(bench_salespeople));
            int open_seconds = kind == VISIT ? 10 * 3600 : 11 * 3600; /* 09:00-19:00 or 20:00 */
            bench_row(&r, &c, kind, day,
                      9 * 3600 + (int)((i - first) * open_seconds / (end - first)));
            bench_outcome(&r, &c, returning, slot->remaining == 1);
            c.visit_no = ++slot->visits;
            if (--slot->remaining == 0 && returning)
                *slot = (struct bench_slot){next_id++, rng_between(&r, 2, 6), 0};
            line.len = 0;
            if (kind == VISIT) {
                put_visit_row(&line, BENCH_FIRST_DAY, bench_salespeople, "", &c, STYLE_EN);
            } else {
                put_call_row(&line, BENCH_FIRST_DAY, bench_salespeople, &c);
            }
            buf_put(&line, "\n");
            if (line.failed || fwrite(line.data, 1, line.len, f) != line.len) {
                rc = -1;
                break;
            }
        }
        if (rc) break;
    }
    if (fclose(f) != 0 || rc != 0) {
        snprintf(err, size, "cannot write %s: %s", path,
                 line.failed ? "out of memory" : strerror(errno));
        rc = -1;
    }
    free(line.data);
    free(slots);
    return rc;
}

/* ---- command line ---- */

#define USAGE "gensamples --out DIR | gensamples --rows N --kind visits|calls --out FILE [--seed S]"

/* Reports a usage error on one line; returns the exit status. */
static int usage_error(const char *problem, const char *what)
{
    fprintf(stderr, "gensamples: %s%s; usage: " USAGE "\n", what, problem);
    return 1;
}

static int parse_count(const char *text, uint64_t *value)
{
    char *end;
    if (text == NULL || *text < '0' || *text > '9') return -1;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (errno != 0 || *end != '\0') return -1;
    *value = v;
    return 0;
}

int main(int argc, char **argv)
{
    const char *out = NULL, *kind = NULL, *rows_text = NULL, *seed_text = NULL;
    char err[4352];
    for (int i = 1; i < argc; i++) {
        const char **slot = strcmp(argv[i], "--out") == 0    ? &out
                            : strcmp(argv[i], "--kind") == 0 ? &kind
                            : strcmp(argv[i], "--rows") == 0 ? &rows_text
                            : strcmp(argv[i], "--seed") == 0 ? &seed_text
                                                             : NULL;
        if (slot == NULL) return usage_error(": unknown option", argv[i]);
        if (i + 1 >= argc) return usage_error(": needs a value", argv[i]);
        *slot = argv[++i];
    }
    if (out == NULL) return usage_error(" is required", "--out");
    if (rows_text == NULL) {
        if (kind || seed_text) return usage_error(" go with --rows", "--kind and --seed");
        if (write_samples(out, err, sizeof err) != 0) {
            fprintf(stderr, "gensamples: %s\n", err);
            return 1;
        }
        return 0;
    }
    uint64_t rows, seed = 1;
    if (parse_count(rows_text, &rows) != 0) {
        fprintf(stderr, "gensamples: --rows %s: not a number of rows\n", rows_text);
        return 1;
    }
    if (seed_text && parse_count(seed_text, &seed) != 0) {
        fprintf(stderr, "gensamples: --seed %s: not a number\n", seed_text);
        return 1;
    }
    if (kind == NULL || (strcmp(kind, "visits") != 0 && strcmp(kind, "calls") != 0))
        return usage_error(" must be visits or calls", "--kind");
    if (write_bench(out, strcmp(kind, "visits") == 0 ? VISIT : CALL, rows, seed, err, sizeof err)) {
        fprintf(stderr, "gensamples: %s\n", err);
        return 1;
    }
    return 0;
}
