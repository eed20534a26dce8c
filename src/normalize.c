/* normalize.c - turns the text of one CSV cell into funnel's canonical values
 * (DOMAIN.md section 5): dates, times, phones, booleans, durations, timeframes, outcomes. */
#include "normalize.h"

#include <stdint.h>
#include <string.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ---- reading text: a cursor over a byte range and small ASCII helpers ---- */

/* The bytes [p, end) still to be read. Parsers work on a copy and only write
 * it back when a whole piece matched, so a failed attempt consumes nothing. */
struct cursor {
    const char *p;
    const char *end;
};

static const char ideographic_space[] = "\xE3\x80\x80"; /* U+3000 */

static int is_ascii_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static char ascii_lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static int is_utf8_continuation(char c)
{
    return ((unsigned char)c & 0xC0) == 0x80;
}

/* A cursor over text without its leading and trailing spaces; NULL reads as "". */
static struct cursor trimmed(const char *text)
{
    if (text == NULL) text = "";
    struct cursor c = {text, text + strlen(text)};
    for (;;) {
        if (c.p < c.end && is_ascii_space(*c.p))
            c.p += 1;
        else if (c.end - c.p >= 3 && memcmp(c.p, ideographic_space, 3) == 0)
            c.p += 3;
        else
            break;
    }
    for (;;) {
        if (c.p < c.end && is_ascii_space(c.end[-1]))
            c.end -= 1;
        else if (c.end - c.p >= 3 && memcmp(c.end - 3, ideographic_space, 3) == 0)
            c.end -= 3;
        else
            break;
    }
    return c;
}

static int at_end(struct cursor c)
{
    return c.p == c.end;
}

/* Reads word if the text continues with it (ASCII letters compared ignoring case). */
static int take_word(struct cursor *c, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(c->end - c->p) < n) return 0;
    for (size_t i = 0; i < n; i++)
        if (ascii_lower(c->p[i]) != ascii_lower(word[i])) return 0;
    c->p += n;
    return 1;
}

/* 1 when the whole of c is word, ignoring the case of ASCII letters. */
static int is_word(struct cursor c, const char *word)
{
    return take_word(&c, word) && at_end(c);
}

/* Skips ASCII spaces; returns how many there were. */
static int take_spaces(struct cursor *c)
{
    int n = 0;
    while (c->p < c->end && *c->p == ' ') {
        c->p++;
        n++;
    }
    return n;
}

/* Reads a run of ASCII digits as a number. Fails, reading nothing, unless the
 * run has from min_digits to max_digits digits (max_digits <= 9). */
static int take_number(struct cursor *c, int min_digits, int max_digits, long *value)
{
    const char *p = c->p;
    long v = 0;
    int n = 0;
    while (p < c->end && is_digit(*p)) {
        if (++n > max_digits) return 0;
        v = v * 10 + (*p - '0');
        p++;
    }
    if (n < min_digits) return 0;
    c->p = p;
    *value = v;
    return 1;
}

/* Writes value as exactly width decimal digits, zero-padded. */
static void put_digits(char *out, long value, int width)
{
    for (int i = width - 1; i >= 0; i--) {
        out[i] = (char)('0' + value % 10);
        value /= 10;
    }
}

/* ---- vocabularies ---- */

struct word_value {
    const char *word;
    int value;
};

/* Looks the whole of c up in a table of words; 1 and *value when found. */
static int lookup_word(struct cursor c, const struct word_value *table, size_t count, int *value)
{
    for (size_t i = 0; i < count; i++) {
        if (is_word(c, table[i].word)) {
            *value = table[i].value;
            return 1;
        }
    }
    return 0;
}

/* Looks up the first word of the table that c starts with. */
static int lookup_prefix(struct cursor c, const struct word_value *table, size_t count, int *value)
{
    for (size_t i = 0; i < count; i++) {
        struct cursor rest = c;
        if (take_word(&rest, table[i].word)) {
            *value = table[i].value;
            return 1;
        }
    }
    return 0;
}

/* ---- trimming ---- */

size_t norm_trim(const char *text, char *out, size_t size)
{
    if (out == NULL || size == 0) return 0;
    struct cursor c = trimmed(text);
    size_t n = (size_t)(c.end - c.p);
    if (n > size - 1) {
        n = size - 1;
        while (n > 0 && is_utf8_continuation(c.p[n])) /* never cut a character in two */
            n--;
    }
    memmove(out, c.p, n);
    out[n] = '\0';
    return n;
}

/* ---- dates and times ---- */

#define YEAR_MIN 1900
#define YEAR_MAX 2999
#define EXCEL_SERIAL_MIN 20000
#define EXCEL_SERIAL_MAX 80000
#define EXCEL_EPOCH_TO_UNIX_DAYS 25569 /* serial of 1970-01-01; serial 0 is 1899-12-30 */
#define SECONDS_PER_DAY 86400L

struct date {
    long year, month, day;
};

static int is_leap_year(long year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int is_valid_date(struct date d)
{
    static const int month_days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (d.year < YEAR_MIN || d.year > YEAR_MAX || d.month < 1 || d.month > 12 || d.day < 1)
        return 0;
    long last = month_days[d.month - 1] + (d.month == 2 && is_leap_year(d.year));
    return d.day <= last;
}

/* The civil date of a count of days since 1970-01-01 (H. Hinnant's algorithm). */
static struct date date_from_unix_days(long z)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    struct date d;
    d.day = doy - (153 * mp + 2) / 5 + 1;
    d.month = mp < 10 ? mp + 3 : mp - 9;
    d.year = yoe + era * 400 + (d.month <= 2);
    return d;
}

/* YYYY-M-D, YYYY/M/D, YYYY.M.D (one separator, month and day of 1 or 2
 * digits) or YYYY年M月D日. Does not check the calendar. */
static int take_date(struct cursor *c, struct date *d)
{
    static const char *const separators[] = {"-", "/", "."};
    struct cursor r = *c;
    if (!take_number(&r, 4, 4, &d->year)) return 0;
    if (take_word(&r, "年")) {
        if (!take_number(&r, 1, 2, &d->month) || !take_word(&r, "月") ||
            !take_number(&r, 1, 2, &d->day) || !take_word(&r, "日"))
            return 0;
        *c = r;
        return 1;
    }
    for (size_t i = 0; i < ARRAY_LEN(separators); i++) {
        if (take_word(&r, separators[i])) {
            if (!take_number(&r, 1, 2, &d->month) || !take_word(&r, separators[i]) ||
                !take_number(&r, 1, 2, &d->day))
                return 0;
            *c = r;
            return 1;
        }
    }
    return 0;
}

/* H:MM, HH:MM, H:MM:SS or HH:MM:SS on a 24-hour clock, as seconds since midnight. */
static int take_clock(struct cursor *c, long *seconds)
{
    struct cursor r = *c;
    long hour, minute, second = 0;
    if (!take_number(&r, 1, 2, &hour) || !take_word(&r, ":") || !take_number(&r, 2, 2, &minute))
        return 0;
    if (take_word(&r, ":") && !take_number(&r, 2, 2, &second)) return 0;
    if (hour > 23 || minute > 59 || second > 59) return 0;
    *c = r;
    *seconds = hour * 3600 + minute * 60 + second;
    return 1;
}

static void format_day(char out[NORM_DAY_SIZE], struct date d)
{
    put_digits(out, d.year, 4);
    out[4] = '-';
    put_digits(out + 5, d.month, 2);
    out[7] = '-';
    put_digits(out + 8, d.day, 2);
    out[10] = '\0';
}

static void format_time(char out[NORM_TIME_SIZE], long seconds)
{
    put_digits(out, seconds / 3600, 2);
    out[2] = ':';
    put_digits(out + 3, seconds / 60 % 60, 2);
    out[5] = ':';
    put_digits(out + 6, seconds % 60, 2);
    out[8] = '\0';
}

/* An Excel serial day, 20000 to 80000, optionally with a fraction of a day
 * (rounded to the second). *seconds is -1 when there is no fraction. */
static int parse_excel_serial(struct cursor c, struct date *d, long *seconds)
{
    long serial;
    if (!take_number(&c, 1, 9, &serial) || serial < EXCEL_SERIAL_MIN || serial > EXCEL_SERIAL_MAX)
        return 0;
    *seconds = -1;
    if (take_word(&c, ".")) {
        /* The fraction as numerator / 10^k, exact in 64 bits up to 12 digits;
         * later digits cannot move the result by a second. */
        int64_t numerator = 0, denominator = 1;
        int digits = 0;
        for (; c.p < c.end && is_digit(*c.p); c.p++, digits++) {
            if (digits < 12) {
                numerator = numerator * 10 + (*c.p - '0');
                denominator *= 10;
            }
        }
        if (digits == 0) return 0;
        *seconds = (long)((numerator * SECONDS_PER_DAY + denominator / 2) / denominator);
        if (*seconds == SECONDS_PER_DAY) {
            serial += 1;
            *seconds = 0;
        }
    }
    if (!at_end(c)) return 0;
    *d = date_from_unix_days(serial - EXCEL_EPOCH_TO_UNIX_DAYS);
    return 1;
}

int norm_datetime(const char *text, char day[NORM_DAY_SIZE], char time[NORM_TIME_SIZE])
{
    struct cursor c = trimmed(text);
    struct date d;
    long seconds = -1;
    day[0] = '\0';
    time[0] = '\0';
    if (at_end(c)) return NORM_EMPTY;
    if (!parse_excel_serial(c, &d, &seconds)) {
        if (!take_date(&c, &d) || !is_valid_date(d)) return NORM_INVALID;
        if (!at_end(c)) {
            /* date and time are separated by spaces or by ISO 8601's 'T' */
            if (!take_word(&c, "T") && take_spaces(&c) == 0) return NORM_INVALID;
            if (!take_clock(&c, &seconds) || !at_end(c)) return NORM_INVALID;
        }
    }
    format_day(day, d);
    if (seconds >= 0) format_time(time, seconds);
    return NORM_OK;
}

int norm_time(const char *text, char time[NORM_TIME_SIZE])
{
    struct cursor c = trimmed(text);
    long seconds;
    time[0] = '\0';
    if (at_end(c)) return NORM_EMPTY;
    if (!take_clock(&c, &seconds) || !at_end(c)) return NORM_INVALID;
    format_time(time, seconds);
    return NORM_OK;
}

/* ---- phones ---- */

#define PHONE_MAX_DIGITS 15 /* "0086" + 11 digits */

static int is_mobile(const char *digits, size_t n)
{
    return n == 11 && digits[0] == '1' && digits[1] >= '3' && digits[1] <= '9';
}

/* With an area code: 7 to 12 digits starting 0; without: 7 or 8 digits. */
static int is_landline(const char *digits, size_t n)
{
    if (digits[0] == '0') return n >= 7 && n <= 12;
    return n >= 7 && n <= 8;
}

int norm_phone(const char *text, char out[NORM_PHONE_SIZE])
{
    struct cursor c = trimmed(text);
    char digits[PHONE_MAX_DIGITS];
    size_t n = 0;
    out[0] = '\0';
    if (at_end(c)) return NORM_EMPTY;
    for (; c.p < c.end; c.p++) {
        if (!is_digit(*c.p)) continue;
        if (n == PHONE_MAX_DIGITS) return NORM_INVALID;
        digits[n++] = *c.p;
    }
    const char *number = digits;
    if (n == 13 && memcmp(digits, "86", 2) == 0) {
        number += 2;
        n -= 2;
    } else if (n == 15 && memcmp(digits, "0086", 4) == 0) {
        number += 4;
        n -= 4;
    }
    if (n == 0 || !(is_mobile(number, n) || is_landline(number, n))) return NORM_INVALID;
    memcpy(out, number, n);
    out[n] = '\0';
    return NORM_OK;
}

void norm_mask_phone(const char *phone, char *out, size_t size)
{
    char masked[16];
    size_t n = phone == NULL ? 0 : strlen(phone);
    if (out == NULL || size == 0) return;
    if (n >= 7) {
        memcpy(masked, phone, 3);
        memcpy(masked + 3, "****", 4);
        memcpy(masked + 7, phone + n - 4, 4);
        masked[11] = '\0';
    } else if (n > 0) {
        size_t keep = n < 2 ? n : 2;
        memcpy(masked, "****", 4);
        memcpy(masked + 4, phone + n - keep, keep);
        masked[4 + keep] = '\0';
    } else {
        masked[0] = '\0';
    }
    norm_trim(masked, out, size); /* a truncating copy: masked has no spaces */
}

/* ---- booleans and directions ---- */

static const struct word_value bool_words[] = {
    {"是", 1}, {"有", 1}, {"y", 1},  {"yes", 1}, {"1", 1},  {"true", 1}, {"√", 1},
    {"✓", 1},  {"否", 0}, {"无", 0}, {"n", 0},   {"no", 0}, {"0", 0},    {"false", 0},
};

/* Any text starting with one of these: 已试驾, 未试驾, 没有. */
static const struct word_value bool_prefixes[] = {{"已", 1}, {"未", 0}, {"没", 0}};

int norm_bool(const char *text, int *value)
{
    struct cursor c = trimmed(text);
    *value = 0;
    if (at_end(c)) return NORM_EMPTY;
    if (lookup_word(c, bool_words, ARRAY_LEN(bool_words), value) ||
        lookup_prefix(c, bool_prefixes, ARRAY_LEN(bool_prefixes), value))
        return NORM_OK;
    return NORM_INVALID;
}

static const struct word_value direction_words[] = {
    {"呼入", DIRECTION_IN},    {"来电", DIRECTION_IN},      {"in", DIRECTION_IN},
    {"inbound", DIRECTION_IN}, {"呼出", DIRECTION_OUT},     {"去电", DIRECTION_OUT},
    {"out", DIRECTION_OUT},    {"outbound", DIRECTION_OUT},
};

int norm_direction(const char *text, int *value)
{
    struct cursor c = trimmed(text);
    *value = DIRECTION_IN;
    if (at_end(c)) return NORM_EMPTY;
    return lookup_word(c, direction_words, ARRAY_LEN(direction_words), value) ? NORM_OK
                                                                              : NORM_INVALID;
}

/* ---- durations ---- */

#define DURATION_MAX_SECONDS (7 * SECONDS_PER_DAY) /* a longer call is a data error */

/* "S": whole seconds. */
static int duration_seconds(struct cursor c, long *seconds)
{
    return take_number(&c, 1, 9, seconds) && at_end(c);
}

/* "M:SS" (minutes may exceed 59). */
static int duration_minutes_clock(struct cursor c, long *seconds)
{
    long minutes, secs;
    if (!take_number(&c, 1, 7, &minutes) || !take_word(&c, ":") || !take_number(&c, 2, 2, &secs) ||
        !at_end(c) || secs > 59)
        return 0;
    *seconds = minutes * 60 + secs;
    return 1;
}

/* "H:MM:SS". */
static int duration_hours_clock(struct cursor c, long *seconds)
{
    long hours, minutes, secs;
    if (!take_number(&c, 1, 5, &hours) || !take_word(&c, ":") || !take_number(&c, 2, 2, &minutes) ||
        !take_word(&c, ":") || !take_number(&c, 2, 2, &secs) || !at_end(c) || minutes > 59 ||
        secs > 59)
        return 0;
    *seconds = hours * 3600 + minutes * 60 + secs;
    return 1;
}

/* "N秒", "N分", "N分M秒" (M below 60). */
static int duration_chinese(struct cursor c, long *seconds)
{
    long n, m = 0;
    if (!take_number(&c, 1, 7, &n)) return 0;
    if (take_word(&c, "秒") && at_end(c)) {
        *seconds = n;
        return 1;
    }
    if (!take_word(&c, "分")) return 0;
    if (!at_end(c) && (!take_number(&c, 1, 2, &m) || m > 59 || !take_word(&c, "秒") || !at_end(c)))
        return 0;
    *seconds = n * 60 + m;
    return 1;
}

static int (*const duration_forms[])(struct cursor, long *) = {
    duration_seconds, duration_minutes_clock, duration_hours_clock, duration_chinese};

int norm_duration(const char *text, long *seconds)
{
    struct cursor c = trimmed(text);
    *seconds = 0;
    if (at_end(c)) return NORM_EMPTY;
    for (size_t i = 0; i < ARRAY_LEN(duration_forms); i++) {
        long s;
        if (duration_forms[i](c, &s)) {
            if (s > DURATION_MAX_SECONDS) return NORM_INVALID;
            *seconds = s;
            return NORM_OK;
        }
    }
    return NORM_INVALID;
}

/* ---- timeframes ---- */

static const char *const timeframe_unknown_words[] = {"不确定", "未知", "unknown"};

static const struct word_value chinese_numerals[] = {
    {"一", 1}, {"二", 2}, {"两", 2}, {"三", 3}, {"四", 4}, {"五", 5}, {"六", 6},
};

/* A phrase of section 5.4. In the pattern '#' stands for a number (ASCII
 * digits or one Chinese numeral) and ' ' for any run of spaces, possibly none;
 * other bytes match literally, ASCII letters ignoring case. The phrase means
 * days_per_unit * N + extra_days, N being the pattern's last number. */
struct timeframe_form {
    const char *pattern;
    int days_per_unit;
    int extra_days;
};

static const struct timeframe_form timeframe_forms[] = {
    {"当天", 0, 0},        {"今天", 0, 0},        {"马上", 0, 0},         {"立即", 0, 0},
    {"now", 0, 0},

    {"# 天", 1, 0},        {"# 天内", 1, 0},      {"# 天左右", 1, 0},     {"# days", 1, 0},
    {"# day", 1, 0},

    {"一周内", 0, 7},      {"本周", 0, 7},        {"# 周", 7, 0},         {"# 周内", 7, 0},
    {"# weeks", 7, 0},     {"# week", 7, 0},

    {"半个月", 0, 15},     {"半月", 0, 15},

    {"# 个月", 30, 0},     {"# 个月内", 30, 0},   {"# 月内", 30, 0},      {"# months", 30, 0},
    {"# month", 30, 0},

    {"# - # 个月", 30, 0}, {"# ~ # 个月", 30, 0}, {"# ～ # 个月", 30, 0}, {"# 到 # 个月", 30, 0},

    {"# 个月以上", 30, 1}, {"# 个月后", 30, 1},   {"# + months", 30, 1},  {"> # months", 30, 1},
};

#define TIMEFRAME_MAX_DIGITS 6 /* keeps 30 * N + 1 far inside an int */

/* ASCII digits or one Chinese numeral. */
static int take_amount(struct cursor *c, long *value)
{
    if (take_number(c, 1, TIMEFRAME_MAX_DIGITS, value)) return 1;
    for (size_t i = 0; i < ARRAY_LEN(chinese_numerals); i++) {
        if (take_word(c, chinese_numerals[i].word)) {
            *value = chinese_numerals[i].value;
            return 1;
        }
    }
    return 0;
}

/* 1 when the whole of c matches pattern; *last is the last number read, 1 if none. */
static int match_timeframe(struct cursor c, const char *pattern, long *last)
{
    *last = 1;
    for (; *pattern != '\0'; pattern++) {
        if (*pattern == ' ') {
            take_spaces(&c);
        } else if (*pattern == '#') {
            if (!take_amount(&c, last)) return 0;
        } else if (c.p == c.end || ascii_lower(*c.p) != ascii_lower(*pattern)) {
            return 0;
        } else {
            c.p++;
        }
    }
    return at_end(c);
}

int norm_timeframe(const char *text, int *days)
{
    struct cursor c = trimmed(text);
    long n;
    *days = NORM_TIMEFRAME_UNKNOWN;
    if (at_end(c)) return NORM_EMPTY;
    for (size_t i = 0; i < ARRAY_LEN(timeframe_unknown_words); i++)
        if (is_word(c, timeframe_unknown_words[i])) return NORM_EMPTY;
    struct cursor bare = c;
    if (take_number(&bare, 1, TIMEFRAME_MAX_DIGITS, &n) && at_end(bare)) {
        *days = (int)n;
        return NORM_OK;
    }
    for (size_t i = 0; i < ARRAY_LEN(timeframe_forms); i++) {
        const struct timeframe_form *form = &timeframe_forms[i];
        if (match_timeframe(c, form->pattern, &n)) {
            *days = (int)(form->days_per_unit * n + form->extra_days);
            return NORM_OK;
        }
    }
    return NORM_INVALID;
}

/* ---- outcomes ---- */

static const struct word_value outcome_words[] = {
    {"跟进", OUTCOME_FOLLOW},         {"继续跟进", OUTCOME_FOLLOW},   {"待跟进", OUTCOME_FOLLOW},
    {"follow", OUTCOME_FOLLOW},       {"follow-up", OUTCOME_FOLLOW},

    {"订车", OUTCOME_ORDER},          {"下定", OUTCOME_ORDER},        {"订单", OUTCOME_ORDER},
    {"已订车", OUTCOME_ORDER},        {"交定金", OUTCOME_ORDER},      {"order", OUTCOME_ORDER},
    {"deposit", OUTCOME_ORDER},

    {"交车", OUTCOME_DELIVERED},      {"已交车", OUTCOME_DELIVERED},  {"提车", OUTCOME_DELIVERED},
    {"delivered", OUTCOME_DELIVERED},

    {"战败", OUTCOME_DEFEAT},         {"defeat", OUTCOME_DEFEAT},     {"lost sale", OUTCOME_DEFEAT},

    {"失控", OUTCOME_LOST},           {"lost contact", OUTCOME_LOST},
};

int norm_outcome(const char *text, int *value)
{
    struct cursor c = trimmed(text);
    *value = OUTCOME_FOLLOW;
    if (at_end(c)) return NORM_EMPTY;
    return lookup_word(c, outcome_words, ARRAY_LEN(outcome_words), value) ? NORM_OK : NORM_INVALID;
}

const char *norm_outcome_name(int outcome)
{
    static const char *const names[] = {"FOLLOW", "ORDER", "DELIVERED", "DEFEAT", "LOST"};
    if (outcome < 0 || (size_t)outcome >= ARRAY_LEN(names)) return "";
    return names[outcome];
}
