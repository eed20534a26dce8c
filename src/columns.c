/* columns.c - column names and aliases of visit and phone logs, and the
 * matching of a header row to them (DOMAIN.md section 3). */
#include "columns.h"

#include <stdio.h>
#include <string.h>

#define KINDS_BOTH (KIND_VISITS | KIND_CALLS)

struct column_def {
    const char *name;
    const char *aliases[4];
    int kinds;    /* bit set of enum kind the column belongs to */
    int required; /* bit set of enum kind that require it */
};

static const struct column_def column_defs[COL_COUNT] = {
    [COL_DATE] = {"date", {"日期", "来店日期"}, KIND_VISITS, KIND_VISITS},
    [COL_TIME_IN] = {"time_in", {"进店时间", "到店时间"}, KIND_VISITS, 0},
    [COL_TIME_OUT] = {"time_out", {"离店时间"}, KIND_VISITS, 0},
    [COL_DATETIME] = {"datetime", {"来电时间", "通话时间", "时间"}, KIND_CALLS, KIND_CALLS},
    [COL_DIRECTION] = {"direction", {"呼入呼出", "类型"}, KIND_CALLS, 0},
    [COL_CUSTOMER] = {"customer", {"顾客姓名", "客户姓名", "姓名"}, KINDS_BOTH, 0},
    [COL_PHONE] = {"phone", {"联系电话", "电话", "手机"}, KINDS_BOTH, 0},
    [COL_SALESPERSON] = {"salesperson",
                         {"销售顾问", "接待顾问", "销售参谋"},
                         KINDS_BOTH,
                         KINDS_BOTH},
    [COL_VISIT_NO] = {"visit_no", {"来店次数"}, KIND_VISITS, 0},
    [COL_PARTY_SIZE] = {"party_size", {"来店人数", "人数"}, KIND_VISITS, 0},
    [COL_MODEL] = {"model", {"意向车型"}, KINDS_BOTH, 0},
    [COL_SOURCE] = {"source", {"信息来源", "客户来源"}, KINDS_BOTH, 0},
    [COL_TEST_DRIVE] = {"test_drive", {"试驾", "是否试驾"}, KIND_VISITS, 0},
    [COL_QUOTE] = {"quote", {"报价", "是否报价"}, KIND_VISITS, 0},
    [COL_FINANCING] = {"financing", {"分期", "是否分期"}, KINDS_BOTH, 0},
    [COL_TRADE_IN] = {"trade_in", {"置换", "是否置换"}, KINDS_BOTH, 0},
    [COL_COMPETITOR] = {"competitor", {"竞品", "对比车型"}, KINDS_BOTH, 0},
    [COL_TIMEFRAME] = {"timeframe", {"预计购车时间", "购车时间"}, KINDS_BOTH, 0},
    [COL_OUTCOME] = {"outcome", {"结果", "跟进结果"}, KINDS_BOTH, 0},
    [COL_DEFEAT_REASON] = {"defeat_reason", {"战败原因", "失控原因"}, KINDS_BOTH, 0},
    [COL_NOTES] = {"notes", {"备注"}, KINDS_BOTH, 0},
    [COL_DURATION] = {"duration", {"通话时长"}, KIND_CALLS, 0},
    [COL_INVITED] = {"invited", {"邀约到店", "是否邀约"}, KIND_CALLS, 0},
    [COL_APPOINTMENT] = {"appointment", {"预约到店日期", "预约日期"}, KIND_CALLS, 0},
};

const char *column_name(enum column col)
{
    return (col >= 0 && col < COL_COUNT) ? column_defs[col].name : "";
}

const char *kind_name(enum kind kind)
{
    return kind == KIND_VISITS ? "visits" : kind == KIND_CALLS ? "calls" : "unknown";
}

enum kind kind_parse(const char *text)
{
    if (text && strcmp(text, "visits") == 0) return KIND_VISITS;
    if (text && strcmp(text, "calls") == 0) return KIND_CALLS;
    return KIND_UNKNOWN;
}

static int ascii_lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

/* Strips a BOM and surrounding spaces from a header cell into out, in
 * lower case when lower is set. */
static void header_clean(const char *field, size_t len, int lower, char *out, size_t size)
{
    const unsigned char *s = (const unsigned char *)field;
    if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) s += 3, len -= 3;
    while (len > 0 && (*s == ' ' || *s == '\t'))
        s++, len--;
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r'))
        len--;
    if (len >= size) len = size - 1;
    for (size_t i = 0; i < len; i++)
        out[i] = lower ? (char)ascii_lower(s[i]) : (char)s[i];
    out[len] = '\0';
}

/* Column whose name or alias is text, or -1. */
static int column_lookup(const char *text)
{
    for (int c = 0; c < COL_COUNT; c++) {
        if (strcmp(text, column_defs[c].name) == 0) return c;
        for (int a = 0; a < 4 && column_defs[c].aliases[a]; a++)
            if (strcmp(text, column_defs[c].aliases[a]) == 0) return c;
    }
    return -1;
}

static enum kind kind_detect(const int *found)
{
    if (found[COL_DIRECTION] >= 0 || found[COL_DATETIME] >= 0) return KIND_CALLS;
    if (found[COL_TIME_IN] >= 0 || found[COL_DATE] >= 0) return KIND_VISITS;
    return KIND_UNKNOWN;
}

static void unknown_append(struct column_map *map, const char *name)
{
    size_t used = strlen(map->unknown);
    if (used + strlen(name) + 3 >= sizeof map->unknown) return;
    snprintf(map->unknown + used, sizeof map->unknown - used, "%s%s", used ? ", " : "", name);
}

int columns_match(const char *const *fields, const size_t *lengths, int nfields, enum kind kind,
                  struct column_map *map, char *err, size_t errsize)
{
    int found[COL_COUNT];
    char name[256];

    memset(map, 0, sizeof *map);
    for (int c = 0; c < COL_COUNT; c++)
        found[c] = map->index[c] = COLUMN_ABSENT;
    while (nfields > 0 && lengths[nfields - 1] == 0)
        nfields--;
    map->nfields = nfields;

    for (int i = 0; i < nfields; i++) {
        header_clean(fields[i], lengths[i], 1, name, sizeof name);
        int c = column_lookup(name);
        if (c < 0) continue;
        if (found[c] >= 0) {
            snprintf(err, errsize, "column '%s' appears twice (fields %d and %d)",
                     column_defs[c].name, found[c] + 1, i + 1);
            return -1;
        }
        found[c] = i;
    }
    map->kind = kind != KIND_UNKNOWN ? kind : kind_detect(found);
    if (map->kind == KIND_UNKNOWN) {
        snprintf(err, errsize, "cannot tell visits from calls by the header: use --kind");
        return -1;
    }
    for (int c = 0; c < COL_COUNT; c++) {
        if ((column_defs[c].required & map->kind) && found[c] < 0) {
            snprintf(err, errsize, "missing required column '%s' (%s)", column_defs[c].name,
                     column_defs[c].aliases[0]);
            return -1;
        }
    }
    for (int i = 0; i < nfields; i++) {
        header_clean(fields[i], lengths[i], 1, name, sizeof name);
        int c = column_lookup(name);
        if (c >= 0 && (column_defs[c].kinds & map->kind))
            map->index[c] = i;
        else if (name[0]) {
            header_clean(fields[i], lengths[i], 0, name, sizeof name);
            unknown_append(map, name);
        }
    }
    return 0;
}
