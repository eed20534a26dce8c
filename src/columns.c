/* columns.c - the names real exports give the columns of visit and phone
 * logs, and the matching of a header row to them: the kind told from all
 * the columns, several phone columns, and a refusal for a column that looks
 * like a field but is not one funnel knows (DOMAIN.md sections 3 and 3.4). */
#include "columns.h"

#include "i18n.h"
#include "normalize.h"
#include "rules.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define KINDS_BOTH (KIND_VISITS | KIND_CALLS)
#define KINDS_ALL (KIND_VISITS | KIND_CALLS | KIND_TARGETS)
#define V(w) (w)    /* a vote for visits */
#define C(w) (-(w)) /* a vote for calls */

/* One name of a column. kinds: the kinds of file in which the name means
 * col. vote: how strongly the name tells a visit log (> 0) from a phone log
 * (< 0). with_date: in a visit log without a date column, the column holds
 * the date and the time (来店时间 = "2026-10-05 14:30"). */
struct alias {
    const char *name;
    enum column col;
    int kinds;
    int vote;
    int with_date;
};

/* Canonical names first (column_name reads them), then the names of the
 * visit and phone logs that Chinese DMS, CRM and call-centre systems
 * export. Compared in column_key form. */
static const struct alias aliases[] = {
    {"date", COL_DATE, KINDS_BOTH, V(1), 0},
    {"time_in", COL_TIME_IN, KIND_VISITS, V(2), 0},
    {"time_out", COL_TIME_OUT, KIND_VISITS, V(4), 0},
    {"datetime", COL_DATETIME, KIND_CALLS, C(2), 0},
    {"direction", COL_DIRECTION, KIND_CALLS, C(4), 0},
    {"customer", COL_CUSTOMER, KINDS_BOTH, 0, 0},
    {"phone", COL_PHONE, KINDS_BOTH, 0, 0},
    {"salesperson", COL_SALESPERSON, KINDS_ALL, 0, 0},
    {"visit_no", COL_VISIT_NO, KIND_VISITS, V(4), 0},
    {"party_size", COL_PARTY_SIZE, KIND_VISITS, V(4), 0},
    {"model", COL_MODEL, KINDS_BOTH, 0, 0},
    {"source", COL_SOURCE, KINDS_BOTH, 0, 0},
    {"test_drive", COL_TEST_DRIVE, KIND_VISITS, V(2), 0},
    {"quote", COL_QUOTE, KIND_VISITS, V(1), 0},
    {"financing", COL_FINANCING, KINDS_BOTH, 0, 0},
    {"trade_in", COL_TRADE_IN, KINDS_BOTH, 0, 0},
    {"competitor", COL_COMPETITOR, KINDS_BOTH, 0, 0},
    {"timeframe", COL_TIMEFRAME, KINDS_BOTH, 0, 0},
    {"outcome", COL_OUTCOME, KINDS_BOTH, 0, 0},
    {"defeat_reason", COL_DEFEAT_REASON, KINDS_BOTH, 0, 0},
    {"notes", COL_NOTES, KINDS_BOTH, 0, 0},
    {"duration", COL_DURATION, KIND_CALLS, C(4), 0},
    {"invited", COL_INVITED, KIND_CALLS, C(2), 0},
    {"appointment", COL_APPOINTMENT, KIND_CALLS, C(2), 0},
    {"store", COL_STORE, KINDS_ALL, 0, 0},
    {"month", COL_MONTH, KIND_TARGETS, 0, 0},
    {"buyers", COL_BUYERS, KIND_TARGETS, 0, 0},
    {"visitors", COL_VISITORS, KIND_TARGETS, 0, 0},
    {"prospects", COL_PROSPECTS, KIND_TARGETS, 0, 0},
    {"new_salesperson", COL_NEW_SALESPERSON, KIND_ASSIGNMENTS, 0, 0},

    /* assignments (DOMAIN.md 7.12) */
    {"新销售顾问", COL_NEW_SALESPERSON, KIND_ASSIGNMENTS, 0, 0},
    {"新顾问", COL_NEW_SALESPERSON, KIND_ASSIGNMENTS, 0, 0},
    {"接手顾问", COL_NEW_SALESPERSON, KIND_ASSIGNMENTS, 0, 0},
    {"接手销售顾问", COL_NEW_SALESPERSON, KIND_ASSIGNMENTS, 0, 0},
    {"新负责人", COL_NEW_SALESPERSON, KIND_ASSIGNMENTS, 0, 0},

    /* targets (DOMAIN.md 7.5) */
    {"月份", COL_MONTH, KIND_TARGETS, 0, 0},
    {"月度", COL_MONTH, KIND_TARGETS, 0, 0},
    {"目标月份", COL_MONTH, KIND_TARGETS, 0, 0},
    {"成交目标", COL_BUYERS, KIND_TARGETS, 0, 0},
    {"销售目标", COL_BUYERS, KIND_TARGETS, 0, 0},
    {"目标台数", COL_BUYERS, KIND_TARGETS, 0, 0},
    {"成交台数目标", COL_BUYERS, KIND_TARGETS, 0, 0},
    {"到店目标", COL_VISITORS, KIND_TARGETS, 0, 0},
    {"来店目标", COL_VISITORS, KIND_TARGETS, 0, 0},
    {"访客目标", COL_VISITORS, KIND_TARGETS, 0, 0},
    {"潜客目标", COL_PROSPECTS, KIND_TARGETS, 0, 0},
    {"潜在客户目标", COL_PROSPECTS, KIND_TARGETS, 0, 0},
    {"线索目标", COL_PROSPECTS, KIND_TARGETS, 0, 0},

    /* dates and times */
    {"日期", COL_DATE, KINDS_BOTH, V(1), 0},
    {"登记日期", COL_DATE, KINDS_BOTH, V(1), 0},
    {"跟进日期", COL_DATE, KINDS_BOTH, 0, 0},
    {"来店日期", COL_DATE, KINDS_BOTH, V(2), 0},
    {"到店日期", COL_DATE, KINDS_BOTH, V(2), 0},
    {"进店日期", COL_DATE, KINDS_BOTH, V(2), 0},
    {"来访日期", COL_DATE, KINDS_BOTH, V(2), 0},
    {"接待日期", COL_DATE, KINDS_BOTH, V(2), 0},
    {"visitdate", COL_DATE, KINDS_BOTH, V(2), 0},
    {"来电日期", COL_DATE, KINDS_BOTH, C(2), 0},
    {"通话日期", COL_DATE, KINDS_BOTH, C(2), 0},
    {"呼叫日期", COL_DATE, KINDS_BOTH, C(2), 0},
    {"calldate", COL_DATE, KINDS_BOTH, C(2), 0},
    {"时间", COL_TIME_IN, KIND_VISITS, 0, 1},
    {"时间", COL_DATETIME, KIND_CALLS, 0, 0},
    {"time", COL_TIME_IN, KIND_VISITS, 0, 1},
    {"time", COL_DATETIME, KIND_CALLS, 0, 0},
    {"进店时间", COL_TIME_IN, KIND_VISITS, V(2), 1},
    {"到店时间", COL_TIME_IN, KIND_VISITS, V(2), 1},
    {"来店时间", COL_TIME_IN, KIND_VISITS, V(2), 1},
    {"入店时间", COL_TIME_IN, KIND_VISITS, V(2), 1},
    {"来访时间", COL_TIME_IN, KIND_VISITS, V(2), 1},
    {"接待时间", COL_TIME_IN, KIND_VISITS, V(2), 1},
    {"接待开始时间", COL_TIME_IN, KIND_VISITS, V(2), 1},
    {"离店时间", COL_TIME_OUT, KIND_VISITS, V(4), 0},
    {"离开时间", COL_TIME_OUT, KIND_VISITS, V(4), 0},
    {"出店时间", COL_TIME_OUT, KIND_VISITS, V(4), 0},
    {"接待结束时间", COL_TIME_OUT, KIND_VISITS, V(4), 0},
    {"来电时间", COL_DATETIME, KIND_CALLS, C(2), 0},
    {"去电时间", COL_DATETIME, KIND_CALLS, C(2), 0},
    {"通话时间", COL_DATETIME, KIND_CALLS, C(2), 0},
    {"呼叫时间", COL_DATETIME, KIND_CALLS, C(2), 0},
    {"拨打时间", COL_DATETIME, KIND_CALLS, C(2), 0},
    {"接听时间", COL_DATETIME, KIND_CALLS, C(2), 0},
    {"开始时间", COL_DATETIME, KIND_CALLS, C(2), 0},
    {"通话开始时间", COL_DATETIME, KIND_CALLS, C(2), 0},
    {"calltime", COL_DATETIME, KIND_CALLS, C(2), 0},
    {"starttime", COL_DATETIME, KIND_CALLS, C(2), 0},

    /* phone log */
    {"呼入呼出", COL_DIRECTION, KIND_CALLS, C(4), 0},
    {"类型", COL_DIRECTION, KIND_CALLS, C(1), 0},
    {"呼叫类型", COL_DIRECTION, KIND_CALLS, C(4), 0},
    {"通话类型", COL_DIRECTION, KIND_CALLS, C(4), 0},
    {"呼叫方向", COL_DIRECTION, KIND_CALLS, C(4), 0},
    {"来去电", COL_DIRECTION, KIND_CALLS, C(4), 0},
    {"来电/去电", COL_DIRECTION, KIND_CALLS, C(4), 0},
    {"电话类型", COL_DIRECTION, KIND_CALLS, C(4), 0},
    {"calltype", COL_DIRECTION, KIND_CALLS, C(4), 0},
    {"通话时长", COL_DURATION, KIND_CALLS, C(4), 0},
    {"时长", COL_DURATION, KIND_CALLS, C(4), 0},
    {"通话秒数", COL_DURATION, KIND_CALLS, C(4), 0},
    {"邀约到店", COL_INVITED, KIND_CALLS, C(2), 0},
    {"是否邀约", COL_INVITED, KIND_CALLS, C(2), 0},
    {"是否邀约到店", COL_INVITED, KIND_CALLS, C(2), 0},
    {"邀约", COL_INVITED, KIND_CALLS, C(2), 0},
    {"预约到店日期", COL_APPOINTMENT, KIND_CALLS, C(2), 0},
    {"预约日期", COL_APPOINTMENT, KIND_CALLS, C(2), 0},
    {"预约到店时间", COL_APPOINTMENT, KIND_CALLS, C(2), 0},
    {"预约时间", COL_APPOINTMENT, KIND_CALLS, C(2), 0},
    {"邀约到店日期", COL_APPOINTMENT, KIND_CALLS, C(2), 0},

    /* visit log */
    {"来店次数", COL_VISIT_NO, KIND_VISITS, V(4), 0},
    {"到店次数", COL_VISIT_NO, KIND_VISITS, V(4), 0},
    {"来访次数", COL_VISIT_NO, KIND_VISITS, V(4), 0},
    {"首次/再次", COL_VISIT_NO, KIND_VISITS, V(4), 0},
    {"来店人数", COL_PARTY_SIZE, KIND_VISITS, V(4), 0},
    {"到店人数", COL_PARTY_SIZE, KIND_VISITS, V(4), 0},
    {"人数", COL_PARTY_SIZE, KIND_VISITS, V(4), 0},
    {"随行人数", COL_PARTY_SIZE, KIND_VISITS, V(4), 0},
    {"试驾", COL_TEST_DRIVE, KIND_VISITS, V(2), 0},
    {"是否试驾", COL_TEST_DRIVE, KIND_VISITS, V(2), 0},
    {"试乘试驾", COL_TEST_DRIVE, KIND_VISITS, V(2), 0},
    {"是否试乘试驾", COL_TEST_DRIVE, KIND_VISITS, V(2), 0},
    {"试乘", COL_TEST_DRIVE, KIND_VISITS, V(2), 0},
    {"是否试乘", COL_TEST_DRIVE, KIND_VISITS, V(2), 0},
    {"testdrive", COL_TEST_DRIVE, KIND_VISITS, V(2), 0},
    {"报价", COL_QUOTE, KIND_VISITS, V(1), 0},
    {"是否报价", COL_QUOTE, KIND_VISITS, V(1), 0},

    /* both */
    {"顾客姓名", COL_CUSTOMER, KINDS_BOTH, 0, 0},
    {"客户姓名", COL_CUSTOMER, KINDS_BOTH, 0, 0},
    {"姓名", COL_CUSTOMER, KINDS_BOTH, 0, 0},
    {"客户名称", COL_CUSTOMER, KINDS_BOTH, 0, 0},
    {"顾客名称", COL_CUSTOMER, KINDS_BOTH, 0, 0},
    {"客户名", COL_CUSTOMER, KINDS_BOTH, 0, 0},
    {"客户", COL_CUSTOMER, KINDS_BOTH, 0, 0},
    {"顾客", COL_CUSTOMER, KINDS_BOTH, 0, 0},
    {"联系人", COL_CUSTOMER, KINDS_BOTH, 0, 0},
    {"name", COL_CUSTOMER, KINDS_BOTH, 0, 0},
    {"customername", COL_CUSTOMER, KINDS_BOTH, 0, 0},
    {"联系电话", COL_PHONE, KINDS_BOTH, 0, 0},
    {"电话", COL_PHONE, KINDS_BOTH, 0, 0},
    {"手机", COL_PHONE, KINDS_BOTH, 0, 0},
    {"手机号", COL_PHONE, KINDS_BOTH, 0, 0},
    {"手机号码", COL_PHONE, KINDS_BOTH, 0, 0},
    {"客户手机", COL_PHONE, KINDS_BOTH, 0, 0},
    {"客户手机号", COL_PHONE, KINDS_BOTH, 0, 0},
    {"客户电话", COL_PHONE, KINDS_BOTH, 0, 0},
    {"客户号码", COL_PHONE, KINDS_BOTH, 0, 0},
    {"客户联系电话", COL_PHONE, KINDS_BOTH, 0, 0},
    {"联系方式", COL_PHONE, KINDS_BOTH, 0, 0},
    {"联系号码", COL_PHONE, KINDS_BOTH, 0, 0},
    {"电话号码", COL_PHONE, KINDS_BOTH, 0, 0},
    {"移动电话", COL_PHONE, KINDS_BOTH, 0, 0},
    {"对方号码", COL_PHONE, KINDS_BOTH, 0, 0},
    {"来电号码", COL_PHONE, KINDS_BOTH, 0, 0},
    {"办公电话", COL_PHONE, KINDS_BOTH, 0, 0},
    {"家庭电话", COL_PHONE, KINDS_BOTH, 0, 0},
    {"固定电话", COL_PHONE, KINDS_BOTH, 0, 0},
    {"备用电话", COL_PHONE, KINDS_BOTH, 0, 0},
    {"座机", COL_PHONE, KINDS_BOTH, 0, 0},
    {"mobile", COL_PHONE, KINDS_BOTH, 0, 0},
    {"tel", COL_PHONE, KINDS_BOTH, 0, 0},
    {"telephone", COL_PHONE, KINDS_BOTH, 0, 0},
    {"phonenumber", COL_PHONE, KINDS_BOTH, 0, 0},
    {"销售顾问", COL_SALESPERSON, KINDS_ALL, 0, 0},
    {"接待顾问", COL_SALESPERSON, KINDS_ALL, 0, 0},
    {"销售参谋", COL_SALESPERSON, KINDS_ALL, 0, 0},
    {"销售顾问姓名", COL_SALESPERSON, KINDS_ALL, 0, 0},
    {"顾问", COL_SALESPERSON, KINDS_ALL, 0, 0},
    {"所属顾问", COL_SALESPERSON, KINDS_ALL, 0, 0},
    {"跟进顾问", COL_SALESPERSON, KINDS_ALL, 0, 0},
    {"跟进人", COL_SALESPERSON, KINDS_ALL, 0, 0},
    {"接待人", COL_SALESPERSON, KINDS_ALL, 0, 0},
    {"接待人员", COL_SALESPERSON, KINDS_ALL, 0, 0},
    {"销售员", COL_SALESPERSON, KINDS_ALL, 0, 0},
    {"销售人员", COL_SALESPERSON, KINDS_ALL, 0, 0},
    {"销售", COL_SALESPERSON, KINDS_ALL, 0, 0},
    {"坐席", COL_SALESPERSON, KINDS_ALL, C(2), 0},
    {"坐席姓名", COL_SALESPERSON, KINDS_ALL, C(2), 0},
    {"坐席名称", COL_SALESPERSON, KINDS_ALL, C(2), 0},
    {"话务员", COL_SALESPERSON, KINDS_ALL, C(2), 0},
    {"sales", COL_SALESPERSON, KINDS_ALL, 0, 0},
    {"salesrep", COL_SALESPERSON, KINDS_ALL, 0, 0},
    {"consultant", COL_SALESPERSON, KINDS_ALL, 0, 0},
    {"agent", COL_SALESPERSON, KINDS_ALL, C(2), 0},
    {"意向车型", COL_MODEL, KINDS_BOTH, 0, 0},
    {"意向车型名称", COL_MODEL, KINDS_BOTH, 0, 0},
    {"车型", COL_MODEL, KINDS_BOTH, 0, 0},
    {"意向车系", COL_MODEL, KINDS_BOTH, 0, 0},
    {"车系", COL_MODEL, KINDS_BOTH, 0, 0},
    {"关注车型", COL_MODEL, KINDS_BOTH, 0, 0},
    {"咨询车型", COL_MODEL, KINDS_BOTH, 0, 0},
    {"兴趣车型", COL_MODEL, KINDS_BOTH, 0, 0},
    {"拟购车型", COL_MODEL, KINDS_BOTH, 0, 0},
    {"信息来源", COL_SOURCE, KINDS_BOTH, 0, 0},
    {"客户来源", COL_SOURCE, KINDS_BOTH, 0, 0},
    {"线索来源", COL_SOURCE, KINDS_BOTH, 0, 0},
    {"来源", COL_SOURCE, KINDS_BOTH, 0, 0},
    {"来源渠道", COL_SOURCE, KINDS_BOTH, 0, 0},
    {"渠道", COL_SOURCE, KINDS_BOTH, 0, 0},
    {"信息渠道", COL_SOURCE, KINDS_BOTH, 0, 0},
    {"获知渠道", COL_SOURCE, KINDS_BOTH, 0, 0},
    {"了解渠道", COL_SOURCE, KINDS_BOTH, 0, 0},
    {"客源", COL_SOURCE, KINDS_BOTH, 0, 0},
    {"leadsource", COL_SOURCE, KINDS_BOTH, 0, 0},
    {"分期", COL_FINANCING, KINDS_BOTH, 0, 0},
    {"是否分期", COL_FINANCING, KINDS_BOTH, 0, 0},
    {"贷款", COL_FINANCING, KINDS_BOTH, 0, 0},
    {"是否贷款", COL_FINANCING, KINDS_BOTH, 0, 0},
    {"按揭", COL_FINANCING, KINDS_BOTH, 0, 0},
    {"是否按揭", COL_FINANCING, KINDS_BOTH, 0, 0},
    {"置换", COL_TRADE_IN, KINDS_BOTH, 0, 0},
    {"是否置换", COL_TRADE_IN, KINDS_BOTH, 0, 0},
    {"二手车置换", COL_TRADE_IN, KINDS_BOTH, 0, 0},
    {"是否二手车置换", COL_TRADE_IN, KINDS_BOTH, 0, 0},
    {"竞品", COL_COMPETITOR, KINDS_BOTH, 0, 0},
    {"对比车型", COL_COMPETITOR, KINDS_BOTH, 0, 0},
    {"竞品车型", COL_COMPETITOR, KINDS_BOTH, 0, 0},
    {"竞争车型", COL_COMPETITOR, KINDS_BOTH, 0, 0},
    {"对比品牌", COL_COMPETITOR, KINDS_BOTH, 0, 0},
    {"竞品品牌", COL_COMPETITOR, KINDS_BOTH, 0, 0},
    {"预计购车时间", COL_TIMEFRAME, KINDS_BOTH, 0, 0},
    {"购车时间", COL_TIMEFRAME, KINDS_BOTH, 0, 0},
    {"预购时间", COL_TIMEFRAME, KINDS_BOTH, 0, 0},
    {"预计购买时间", COL_TIMEFRAME, KINDS_BOTH, 0, 0},
    {"计划购车时间", COL_TIMEFRAME, KINDS_BOTH, 0, 0},
    {"拟购时间", COL_TIMEFRAME, KINDS_BOTH, 0, 0},
    {"购车计划", COL_TIMEFRAME, KINDS_BOTH, 0, 0},
    {"结果", COL_OUTCOME, KINDS_BOTH, 0, 0},
    {"跟进结果", COL_OUTCOME, KINDS_BOTH, 0, 0},
    {"来店结果", COL_OUTCOME, KINDS_BOTH, V(2), 0},
    {"接待结果", COL_OUTCOME, KINDS_BOTH, V(2), 0},
    {"通话结果", COL_OUTCOME, KINDS_BOTH, C(2), 0},
    {"回访结果", COL_OUTCOME, KINDS_BOTH, 0, 0},
    {"处理结果", COL_OUTCOME, KINDS_BOTH, 0, 0},
    {"跟进状态", COL_OUTCOME, KINDS_BOTH, 0, 0},
    {"客户状态", COL_OUTCOME, KINDS_BOTH, 0, 0},
    {"状态", COL_OUTCOME, KINDS_BOTH, 0, 0},
    {"result", COL_OUTCOME, KINDS_BOTH, 0, 0},
    {"status", COL_OUTCOME, KINDS_BOTH, 0, 0},
    {"战败原因", COL_DEFEAT_REASON, KINDS_BOTH, 0, 0},
    {"失控原因", COL_DEFEAT_REASON, KINDS_BOTH, 0, 0},
    {"战败原因说明", COL_DEFEAT_REASON, KINDS_BOTH, 0, 0},
    {"战败说明", COL_DEFEAT_REASON, KINDS_BOTH, 0, 0},
    {"流失原因", COL_DEFEAT_REASON, KINDS_BOTH, 0, 0},
    {"失败原因", COL_DEFEAT_REASON, KINDS_BOTH, 0, 0},
    {"备注", COL_NOTES, KINDS_BOTH, 0, 0},
    {"备注信息", COL_NOTES, KINDS_BOTH, 0, 0},
    {"说明", COL_NOTES, KINDS_BOTH, 0, 0},
    {"情况说明", COL_NOTES, KINDS_BOTH, 0, 0},
    {"跟进记录", COL_NOTES, KINDS_BOTH, 0, 0},
    {"跟进内容", COL_NOTES, KINDS_BOTH, 0, 0},
    {"沟通内容", COL_NOTES, KINDS_BOTH, 0, 0},
    {"通话内容", COL_NOTES, KINDS_BOTH, C(1), 0},
    {"note", COL_NOTES, KINDS_BOTH, 0, 0},
    {"remark", COL_NOTES, KINDS_BOTH, 0, 0},
    {"remarks", COL_NOTES, KINDS_BOTH, 0, 0},
    {"comment", COL_NOTES, KINDS_BOTH, 0, 0},
    {"门店", COL_STORE, KINDS_ALL, 0, 0},
    {"门店名称", COL_STORE, KINDS_ALL, 0, 0},
    {"所属门店", COL_STORE, KINDS_ALL, 0, 0},
    {"店面", COL_STORE, KINDS_ALL, 0, 0},
    {"分店", COL_STORE, KINDS_ALL, 0, 0},
    {"店名", COL_STORE, KINDS_ALL, 0, 0},
    {"经销商", COL_STORE, KINDS_ALL, 0, 0},
    {"经销商名称", COL_STORE, KINDS_ALL, 0, 0},
    {"4s店", COL_STORE, KINDS_ALL, 0, 0},
};

#define NALIASES (sizeof aliases / sizeof aliases[0])

/* Words by which an unmapped column resembles a field (DOMAIN.md 3.4). */
static const struct {
    const char *word;
    enum column col;
} resemblances[] = {
    {"电话", COL_PHONE},         {"手机", COL_PHONE},         {"号码", COL_PHONE},
    {"phone", COL_PHONE},        {"tel", COL_PHONE},          {"车型", COL_MODEL},
    {"model", COL_MODEL},        {"顾问", COL_SALESPERSON},   {"销售", COL_SALESPERSON},
    {"坐席", COL_SALESPERSON},   {"试驾", COL_TEST_DRIVE},    {"试乘", COL_TEST_DRIVE},
    {"报价", COL_QUOTE},         {"战败", COL_DEFEAT_REASON}, {"失控", COL_DEFEAT_REASON},
    {"流失", COL_DEFEAT_REASON}, {"来源", COL_SOURCE},        {"渠道", COL_SOURCE},
    {"结果", COL_OUTCOME},       {"状态", COL_OUTCOME},       {"门店", COL_STORE},
    {"店名", COL_STORE},         {"经销商", COL_STORE},
};

/* Columns that hold none of funnel's fields although a word of one is in
 * their name: read as unknown columns, not refused. */
static const char *const unrelated[] = {"销售经理", "展厅经理", "销售主管", "销售部门",
                                        "车型代码", "车型编码", "订单号码", "身份证号码"};

const char *column_name(enum column col)
{
    return (col >= 0 && col < COL_COUNT) ? aliases[col].name : "";
}

int column_parse(const char *name)
{
    for (int c = 0; name && c < COL_COUNT; c++)
        if (strcmp(name, aliases[c].name) == 0) return c;
    return -1;
}

const char *kind_name(enum kind kind)
{
    return kind == KIND_VISITS        ? "visits"
           : kind == KIND_CALLS       ? "calls"
           : kind == KIND_TARGETS     ? "targets"
           : kind == KIND_ASSIGNMENTS ? "assignments"
                                      : "unknown";
}

enum kind kind_parse(const char *text)
{
    if (text && strcmp(text, "visits") == 0) return KIND_VISITS;
    if (text && strcmp(text, "calls") == 0) return KIND_CALLS;
    if (text && strcmp(text, "targets") == 0) return KIND_TARGETS;
    if (text && strcmp(text, "assignments") == 0) return KIND_ASSIGNMENTS;
    return KIND_UNKNOWN;
}

/* Length of a note in brackets that text of len bytes ends with, or 0. */
static size_t bracket_note(const char *text, size_t len)
{
    static const char *const pairs[][2] = {{"(", ")"}, {"[", "]"}, {"（", "）"}, {"【", "】"}};
    for (size_t p = 0; p < sizeof pairs / sizeof pairs[0]; p++) {
        size_t close = strlen(pairs[p][1]), open = strlen(pairs[p][0]);
        if (len <= close || memcmp(text + len - close, pairs[p][1], close) != 0) continue;
        for (size_t i = len - close; i-- > 0;)
            if (i + open <= len - close && memcmp(text + i, pairs[p][0], open) == 0)
                return i > 0 ? len - i : 0; /* a name that is all note stays */
    }
    return 0;
}

char *column_key(const char *name, size_t len, char *out, size_t size)
{
    char folded[256], raw[256];
    if (len >= sizeof raw) len = sizeof raw - 1;
    memcpy(raw, name, len);
    raw[len] = '\0';
    size_t n = norm_fold(raw, folded, sizeof folded), o = 0;
    const unsigned char *s = (const unsigned char *)folded;
    if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) s += 3, n -= 3;
    for (size_t i = 0; i < n && o + 1 < size; i++) {
        unsigned char c = s[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '_' || c == '-' || c == '*')
            continue;
        out[o++] = (char)((c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c);
    }
    out[o] = '\0';
    for (size_t note; (note = bracket_note(out, o)) > 0;)
        out[o -= note] = '\0';
    while (o > 0 && out[o - 1] == ':')
        out[--o] = '\0';
    return out;
}

/* The kinds whose columns a file of kind reads: an assignments sheet is
 * made from the logs (the hand-over sheet), so any log column may be in it,
 * read and not used. */
static int kinds_read_by(enum kind kind)
{
    return kind == KIND_ASSIGNMENTS ? KIND_ASSIGNMENTS | KINDS_BOTH : (int)kind;
}

/* The aliases in column_key form, made once. */
static char alias_keys[NALIASES][48];
static pthread_once_t alias_keys_once = PTHREAD_ONCE_INIT;

static void alias_keys_make(void)
{
    for (size_t a = 0; a < NALIASES; a++)
        column_key(aliases[a].name, strlen(aliases[a].name), alias_keys[a], sizeof alias_keys[a]);
}

/* The alias named key that applies to kind (KIND_UNKNOWN: the first of
 * any kind), or NULL. */
static const struct alias *alias_find(const char *key, enum kind kind)
{
    pthread_once(&alias_keys_once, alias_keys_make);
    for (size_t a = 0; a < NALIASES; a++) {
        if (kind != KIND_UNKNOWN && !(aliases[a].kinds & kinds_read_by(kind))) continue;
        if (strcmp(alias_keys[a], key) == 0) return &aliases[a];
    }
    return NULL;
}

/* The dealer's column for key from [columns], or -1. */
static int dealer_column(const struct rules *rules, const char *key)
{
    for (int i = 0; rules && i < rules->ncolumns; i++)
        if (strcmp(rules->columns[i].key, key) == 0) return rules->columns[i].column;
    return -1;
}

/* The alias a header cell names for kind, the dealer's [columns] first;
 * a bilingual cell ("新销售顾问 new salesperson", as funnel's own CSV files
 * head their columns) is read by its first word when the whole names
 * nothing. NULL when it names no column. */
static const struct alias *cell_alias(const char *name, size_t len, enum kind kind,
                                      const struct rules *rules)
{
    char key[256];
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1) { /* the first word of a bilingual name */
            size_t n = 0;
            while (n < len && name[n] == ' ')
                n++;
            while (n < len && name[n] != ' ')
                n++;
            if (n >= len) break;
            len = n;
        }
        column_key(name, len, key, sizeof key);
        int col = dealer_column(rules, key);
        if (col >= 0)
            return (kind == KIND_UNKNOWN || (aliases[col].kinds & kinds_read_by(kind)))
                       ? &aliases[col]
                       : NULL;
        const struct alias *a = alias_find(key, kind);
        if (a) return a;
    }
    return NULL;
}

int column_lookup(const char *name, size_t len, enum kind kind, const struct rules *rules)
{
    const struct alias *a = cell_alias(name, len, kind, rules);
    return a ? (int)a->col : -1;
}

/* Whether key is one of the --ignore-column names (as written or in key
 * form). */
static int ignored(const char *list, const char *key)
{
    char name[256];
    while (list && *list) {
        size_t len = strcspn(list, ",");
        if (strcmp(column_key(list, len, name, sizeof name), key) == 0) return 1;
        list += len + (list[len] == ',');
    }
    return 0;
}

static void unknown_append(struct column_map *map, const char *name, size_t len)
{
    size_t used = strlen(map->unknown);
    if (used + len + 3 >= sizeof map->unknown) return;
    snprintf(map->unknown + used, sizeof map->unknown - used, "%s%.*s", used ? ", " : "", (int)len,
             name);
}

/* The header cell without surrounding spaces and a BOM, for messages. */
static const char *cell_text(const char *field, size_t len, size_t *outlen)
{
    if (len >= 3 && memcmp(field, "\xEF\xBB\xBF", 3) == 0) field += 3, len -= 3;
    while (len > 0 && (*field == ' ' || *field == '\t'))
        field++, len--;
    while (len > 0 && (field[len - 1] == ' ' || field[len - 1] == '\t' || field[len - 1] == '\r'))
        len--;
    *outlen = len;
    return field;
}

/* The field an unmapped column named key looks like, or -1. */
static int resembles(const char *key)
{
    for (size_t u = 0; u < sizeof unrelated / sizeof unrelated[0]; u++)
        if (strcmp(key, unrelated[u]) == 0) return -1;
    for (size_t r = 0; r < sizeof resemblances / sizeof resemblances[0]; r++)
        if (strstr(key, resemblances[r].word)) return (int)resemblances[r].col;
    return -1;
}

/* The kind the header's columns tell together: targets when a column names
 * the buyers target, else the sum of the columns' votes. */
static enum kind kind_vote(const char *const *fields, const size_t *lengths, int nfields,
                           const struct rules *rules)
{
    int votes = 0;
    char key[256];
    for (int i = 0; i < nfields; i++) {
        column_key(fields[i], lengths[i], key, sizeof key);
        const struct alias *a = cell_alias(fields[i], lengths[i], KIND_UNKNOWN, rules);
        if (a && a->col == COL_BUYERS) return KIND_TARGETS;
        if (a && a->col == COL_NEW_SALESPERSON) return KIND_ASSIGNMENTS;
        if (a) votes += a->vote;
    }
    return votes > 0 ? KIND_VISITS : votes < 0 ? KIND_CALLS : KIND_UNKNOWN;
}

/* The field whose name speaks most for kind (the first of the strongest). */
static int strongest_vote(const char *const *fields, const size_t *lengths, int nfields,
                          const struct rules *rules, enum kind kind)
{
    int best = 0, best_vote = 0;
    char key[256];
    for (int i = 0; i < nfields; i++) {
        column_key(fields[i], lengths[i], key, sizeof key);
        const struct alias *a = cell_alias(fields[i], lengths[i], KIND_UNKNOWN, rules);
        int vote = a ? (kind == KIND_VISITS ? a->vote : -a->vote) : 0;
        if (vote > best_vote) best = i, best_vote = vote;
    }
    return best;
}

/* Maps field i, named key, into map for kind; -1 with err on a repeat. */
static int map_field(struct column_map *map, int col, int i, const char *field, size_t len,
                     char *err, size_t errsize)
{
    if (col == COL_PHONE) {
        if (map->nphones < COLUMNS_MAX_PHONES) map->phones[map->nphones++] = i;
        if (map->index[COL_PHONE] < 0) map->index[COL_PHONE] = i;
        return 0;
    }
    if (map->index[col] >= 0) {
        size_t n;
        const char *text = cell_text(field, len, &n);
        snprintf(err, errsize, _("column '%s' appears twice (fields %d and %d, the second '%.*s')"),
                 column_name(col), map->index[col] + 1, i + 1, (int)n, text);
        return -1;
    }
    map->index[col] = i;
    return 0;
}

/* Checks the columns a kind needs; in a visit log without a date column, a
 * time column that may hold the date is read as date and time. */
static int check_required(const char *const *fields, const size_t *lengths, struct column_map *map,
                          const struct rules *rules, char *err, size_t errsize)
{
    if (map->kind == KIND_VISITS && map->index[COL_DATE] < 0 && map->index[COL_TIME_IN] >= 0) {
        int i = map->index[COL_TIME_IN];
        char key[256];
        column_key(fields[i], lengths[i], key, sizeof key);
        const struct alias *a =
            dealer_column(rules, key) >= 0 ? NULL : alias_find(key, KIND_VISITS);
        if (a && a->with_date) {
            map->index[COL_DATETIME] = i;
            map->index[COL_TIME_IN] = COLUMN_ABSENT;
        }
    }
    if (map->kind == KIND_CALLS && map->index[COL_DATE] >= 0 && map->index[COL_DATETIME] >= 0) {
        /* 来电日期 + 来电时间: the second column is the time of day */
        map->index[COL_TIME_IN] = map->index[COL_DATETIME];
        map->index[COL_DATETIME] = COLUMN_ABSENT;
    }
    if (map->kind == KIND_ASSIGNMENTS) {
        if (map->index[COL_NEW_SALESPERSON] < 0 || map->index[COL_PHONE] < 0) {
            snprintf(err, errsize, _("missing required column '%s' of an assignments sheet"),
                     map->index[COL_PHONE] < 0 ? "phone (电话)" : "new_salesperson (新销售顾问)");
            return -1;
        }
        return 0;
    }
    if (map->kind == KIND_TARGETS) {
        static const enum column need[] = {COL_MONTH, COL_SALESPERSON, COL_BUYERS};
        static const char *const chinese[] = {"月份", "销售顾问", "成交目标"};
        for (int k = 0; k < 3; k++)
            if (map->index[need[k]] < 0) {
                snprintf(err, errsize, _("missing required column '%s' (%s) of a targets file"),
                         column_name(need[k]), chinese[k]);
                return -1;
            }
        return 0;
    }
    /* a call has a time: its datetime, or a date and a time column */
    int when = map->kind == KIND_VISITS
                   ? (map->index[COL_DATE] >= 0 || map->index[COL_DATETIME] >= 0)
                   : (map->index[COL_DATETIME] >= 0 ||
                      (map->index[COL_DATE] >= 0 && map->index[COL_TIME_IN] >= 0));
    if (!when) {
        snprintf(err, errsize,
                 _("missing required column '%s' (%s): no column of the header holds the %s"),
                 map->kind == KIND_VISITS ? "date" : "datetime",
                 map->kind == KIND_VISITS ? "日期" : "来电时间",
                 map->kind == KIND_VISITS ? _("visit's date")
                                          : _("call's date and time (or a date and a time column)"));
        return -1;
    }
    if (map->index[COL_SALESPERSON] < 0) {
        snprintf(err, errsize, _("missing required column 'salesperson' (销售顾问)"));
        return -1;
    }
    return 0;
}

int columns_match(const char *const *fields, const size_t *lengths, int nfields,
                  const struct columns_options *options, struct column_map *map, char *err,
                  size_t errsize)
{
    const struct rules *rules = options->rules;
    char key[256];
    int other = -1; /* a column only the other kind reads */

    memset(map, 0, sizeof *map);
    for (int c = 0; c < COL_COUNT; c++)
        map->index[c] = COLUMN_ABSENT;
    while (nfields > 0 && lengths[nfields - 1] == 0)
        nfields--;
    map->nfields = nfields;
    map->kind =
        options->kind != KIND_UNKNOWN ? options->kind : kind_vote(fields, lengths, nfields, rules);
    if (map->kind == KIND_UNKNOWN) {
        snprintf(err, errsize,
                 _("cannot tell a visit log from a phone log by its columns: pass --kind visits"
                 " or --kind calls"));
        return -1;
    }
    for (int i = 0; i < nfields; i++) {
        size_t len;
        const char *text = cell_text(fields[i], lengths[i], &len);
        column_key(fields[i], lengths[i], key, sizeof key);
        if (!key[0]) continue;
        if (ignored(options->ignore, key)) {
            unknown_append(map, text, len);
            continue;
        }
        int col = column_lookup(fields[i], lengths[i], map->kind, rules);
        if (col >= 0) {
            if (map_field(map, col, i, fields[i], lengths[i], err, errsize) != 0) return -1;
            continue;
        }
        if (column_lookup(fields[i], lengths[i], KIND_UNKNOWN, rules) >= 0) {
            if (options->kind == KIND_UNKNOWN && other < 0) other = i; /* of the other kind */
            unknown_append(map, text, len);
            continue;
        }
        int like = resembles(key);
        if (like >= 0) {
            snprintf(err, errsize,
                     _("column '%.*s' looks like the %s column but is not one funnel knows: to read"
                     " it as %s, add the line \"%s = %.*s\" under [columns] in a rules file"
                     " (--rules FILE); to leave it out, pass --ignore-column '%.*s'"),
                     (int)len, text, column_name(like), column_name(like), column_name(like),
                     (int)len, text, (int)len, text);
            return -1;
        }
        unknown_append(map, text, len);
    }
    if (other >= 0) { /* told by a vote, with a column the kind cannot read */
        size_t len, strong_len;
        const char *text = cell_text(fields[other], lengths[other], &len);
        int strong = strongest_vote(fields, lengths, nfields, rules, map->kind);
        const char *strong_text = cell_text(fields[strong], lengths[strong], &strong_len);
        snprintf(err, errsize,
                 _("the columns speak for a %s ('%.*s') and for a %s ('%.*s'): pass --kind %s or"
                 " --kind %s (the other kind's columns are then ignored)"),
                 map->kind == KIND_VISITS ? _("visit log") : _("phone log"), (int)strong_len, strong_text,
                 map->kind == KIND_VISITS ? _("phone log") : _("visit log"), (int)len, text,
                 kind_name(map->kind),
                 kind_name(map->kind == KIND_VISITS ? KIND_CALLS : KIND_VISITS));
        return -1;
    }
    return check_required(fields, lengths, map, rules, err, errsize);
}
