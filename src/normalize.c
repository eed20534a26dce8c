/* normalize.c - turns the text of one CSV cell into funnel's canonical values
 * (DOMAIN.md sections 5 and 5.7): dates, times, phones, booleans, durations,
 * timeframes, outcomes. Vocabulary cells are folded from full-width forms first. */
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

/* c without its leading and trailing spaces (ASCII ones and U+3000). */
static struct cursor trim_cursor(struct cursor c)
{
    for (;;) {
        /* the analyzer cannot see that folded() fills the bytes up to c.end */
        if (c.p < c.end && is_ascii_space(*c.p)) // NOLINT(clang-analyzer-core.CallAndMessage)
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

/* A cursor over text without its leading and trailing spaces; NULL reads as "". */
static struct cursor trimmed(const char *text)
{
    if (text == NULL) text = "";
    return trim_cursor((struct cursor){text, text + strlen(text)});
}

static int at_end(struct cursor c)
{
    return c.p == c.end;
}

/* 1 when the n bytes at p are those of word, ASCII letters compared
 * ignoring case. */
static int same_ignoring_case(const char *p, const char *word, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        /* as in trim_cursor: the bytes up to c->end are set */
        char have = ascii_lower(p[i]); // NOLINT(clang-analyzer-core.CallAndMessage)
        if (have != ascii_lower(word[i])) return 0;
    }
    return 1;
}

/* Reads word if the text continues with it (ASCII letters compared ignoring case). */
static int take_word(struct cursor *c, const char *word)
{
    /* most words differ at their first byte: no length needed for them */
    if (*word && (c->p == c->end || ascii_lower(*c->p) != ascii_lower(*word))) return 0;
    size_t n = strlen(word);
    if ((size_t)(c->end - c->p) < n || !same_ignoring_case(c->p, word, n)) return 0;
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
    size_t length; /* strlen(word), written by WORD() */
    int value;
};

/* The word and its length, for a table of struct word_value. */
#define WORD(literal) literal, sizeof(literal) - 1

/* Looks the whole of c up in a table of words; 1 and *value when found. */
static int lookup_word(struct cursor c, const struct word_value *table, size_t count, int *value)
{
    size_t n = (size_t)(c.end - c.p);
    for (size_t i = 0; i < count; i++) {
        if (table[i].length == n && same_ignoring_case(c.p, table[i].word, n)) {
            *value = table[i].value;
            return 1;
        }
    }
    return 0;
}

/* Reads the first word of the table that c continues with; 1 and *value when found. */
static int take_table_word(struct cursor *c, const struct word_value *table, size_t count,
                           int *value)
{
    for (size_t i = 0; i < count; i++) {
        if (take_word(c, table[i].word)) {
            *value = table[i].value;
            return 1;
        }
    }
    return 0;
}

/* Reads the first word of a list that the text continues with; its index, or -1. */
static int take_any(struct cursor *c, const char *const *words, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (take_word(c, words[i])) return (int)i;
    return -1;
}

/* 1 when the bytes of c hold needle anywhere (UTF-8 never matches inside a character). */
static int contains(struct cursor c, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *p = c.p; (size_t)(c.end - p) >= n; p++)
        if (memcmp(p, needle, n) == 0) return 1;
    return 0;
}

/* Copies [p, end) into out, at most size-1 bytes, never cutting a character in
 * two; always NUL-terminated. Returns the length written. */
static size_t copy_range(const char *p, const char *end, char *out, size_t size)
{
    size_t n = (size_t)(end - p);
    if (out == NULL || size == 0) return 0;
    if (n > size - 1) {
        n = size - 1;
        while (n > 0 && is_utf8_continuation(p[n]))
            n--;
    }
    memmove(out, p, n);
    out[n] = '\0';
    return n;
}

/* ---- trimming and folding ---- */

size_t norm_trim(const char *text, char *out, size_t size)
{
    struct cursor c = trimmed(text);
    return copy_range(c.p, c.end, out, size);
}

size_t norm_trim_bytes(const char *text, size_t len, char *out, size_t size)
{
    struct cursor c = trim_cursor((struct cursor){text, text + len});
    return copy_range(c.p, c.end, out, size);
}

/* Full-width ASCII U+FF01..U+FF5E is EF BC 81..BF and EF BD 80..9E in UTF-8;
 * the ideographic space U+3000 is E3 80 80. Writes the folded form of [p, end)
 * to out (at most size-1 bytes, whole characters only, NUL-terminated). */
static size_t fold_range(const char *p, const char *end, char *out, size_t size)
{
    size_t n = 0;
    if (out == NULL || size == 0) return 0;
    while (p < end) {
        const unsigned char *u = (const unsigned char *)p;
        size_t len = 1;
        char ascii = 0;
        if (end - p >= 3 && u[0] == 0xEF && u[1] == 0xBC && u[2] >= 0x81 && u[2] <= 0xBF) {
            ascii = (char)(u[2] - 0x60);
            len = 3;
        } else if (end - p >= 3 && u[0] == 0xEF && u[1] == 0xBD && u[2] >= 0x80 && u[2] <= 0x9E) {
            ascii = (char)(u[2] - 0x20);
            len = 3;
        } else if (end - p >= 3 && memcmp(p, ideographic_space, 3) == 0) {
            ascii = ' ';
            len = 3;
        }
        if (ascii != 0) {
            if (n + 1 > size - 1) break;
            out[n++] = ascii;
            p += len;
            continue;
        }
        /* any other character is copied whole */
        size_t char_len = 1;
        while (p + char_len < end && is_utf8_continuation(p[char_len]))
            char_len++;
        if (n + char_len > size - 1) break;
        memcpy(out + n, p, char_len);
        n += char_len;
        p += char_len;
    }
    out[n] = '\0';
    return n;
}

size_t norm_fold(const char *text, char *out, size_t size)
{
    if (text == NULL) text = "";
    return fold_range(text, text + strlen(text), out, size);
}

/* Longest cell a vocabulary normalizer folds; a longer one is no value of any
 * vocabulary. */
#define FOLD_BUFFER_SIZE 512

/* The trimmed, folded text of a cell. The quick path: text with no lead byte
 * of a foldable character (0xEF, 0xE3) is read in place. Returns 0 when the
 * cell is too long to fold. */
static int folded(const char *text, char buffer[FOLD_BUFFER_SIZE], struct cursor *c)
{
    *c = trimmed(text);
    const char *start = c->p, *end = c->end, *p = start;
    while (p < end && *p != '\xEF' && *p != '\xE3')
        p++;
    if (p >= end) return 1;
    if (end - start >= FOLD_BUFFER_SIZE) return 0;
    fold_range(start, end, buffer, FOLD_BUFFER_SIZE);
    *c = trimmed(buffer);
    return 1;
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

static long days_in_month(long year, long month)
{
    static const int month_days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month_days[month - 1] + (month == 2 && is_leap_year(year));
}

static int is_valid_date(struct date d)
{
    if (d.year < YEAR_MIN || d.year > YEAR_MAX || d.month < 1 || d.month > 12 || d.day < 1)
        return 0;
    return d.day <= days_in_month(d.year, d.month);
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
 * digits), YYYY年M月D日 or YYYYMMDD. Does not check the calendar. */
static int take_year_first_date(struct cursor *c, struct date *d)
{
    static const char *const separators[] = {"-", "/", "."};
    struct cursor r = *c;
    long packed;
    if (take_number(&r, 8, 8, &packed)) {
        d->year = packed / 10000;
        d->month = packed / 100 % 100;
        d->day = packed % 100;
        *c = r;
        return 1;
    }
    if (!take_number(&r, 4, 4, &d->year)) return 0;
    if (take_word(&r, "年")) {
        if (!take_number(&r, 1, 2, &d->month) || !take_word(&r, "月") ||
            !take_number(&r, 1, 2, &d->day) || take_any(&r, (const char *[]){"日", "号"}, 2) < 0)
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

/* A/B/YYYY: month and day in an order the text does not say. */
static int take_year_last_date(struct cursor *c, long *a, long *b, long *year)
{
    struct cursor r = *c;
    if (!take_number(&r, 1, 2, a) || !take_word(&r, "/") || !take_number(&r, 1, 2, b) ||
        !take_word(&r, "/") || !take_number(&r, 4, 4, year))
        return 0;
    *c = r;
    return 1;
}

/* Any date form; A/B/YYYY is read in the given order, or, with
 * NORM_ORDER_UNKNOWN, in the only order that gives a valid date. Checks the
 * calendar. */
static int take_date(struct cursor *c, int order, struct date *d)
{
    long a, b, year;
    if (take_year_first_date(c, d)) return is_valid_date(*d);
    if (!take_year_last_date(c, &a, &b, &year)) return 0;
    struct date mdy = {year, a, b}, dmy = {year, b, a};
    int fits_mdy = is_valid_date(mdy), fits_dmy = is_valid_date(dmy);
    if (order == NORM_ORDER_MDY) {
        *d = mdy;
        return fits_mdy;
    }
    if (order == NORM_ORDER_DMY) {
        *d = dmy;
        return fits_dmy;
    }
    if (fits_mdy && (!fits_dmy || a == b)) {
        *d = mdy;
        return 1;
    }
    *d = dmy;
    return fits_dmy && !fits_mdy;
}

/* A weekday after a date, which says nothing the date does not: 星期六, 周六,
 * 礼拜六, (六), Sat, Saturday (a comma after the English name is allowed). */
static int take_weekday(struct cursor *c)
{
    static const char *const chinese_prefixes[] = {"星期", "礼拜", "周"};
    static const char *const chinese_days[] = {"一", "二", "三", "四", "五", "六", "日", "天"};
    static const char *const english_days[] = {
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon",
        "tues",   "tue",     "wed",       "thurs",    "thu",    "fri",      "sat",    "sun"};
    struct cursor r = *c;
    if (at_end(r) || is_digit(*r.p)) return 0; /* the quick path: a time follows */
    if (take_any(&r, chinese_prefixes, ARRAY_LEN(chinese_prefixes)) >= 0) {
        if (take_any(&r, chinese_days, ARRAY_LEN(chinese_days)) < 0) return 0;
    } else if (take_word(&r, "(")) {
        take_spaces(&r);
        take_any(&r, chinese_prefixes, ARRAY_LEN(chinese_prefixes));
        if (take_any(&r, chinese_days, ARRAY_LEN(chinese_days)) < 0 &&
            take_any(&r, english_days, ARRAY_LEN(english_days)) < 0)
            return 0;
        take_spaces(&r);
        if (!take_word(&r, ")")) return 0;
    } else if (take_any(&r, english_days, ARRAY_LEN(english_days)) >= 0) {
        if (r.p < r.end && ((*r.p >= 'a' && *r.p <= 'z') || (*r.p >= 'A' && *r.p <= 'Z'))) return 0;
        take_word(&r, ".");
        take_word(&r, ",");
    } else {
        return 0;
    }
    *c = r;
    return 1;
}

/* H:MM[:SS[.fraction]] with an optional zone (Z, +08:00, -0500) that is
 * ignored: the clock time is kept as written. Hours are not checked here. */
static int take_colon_clock(struct cursor *c, long *hour, long *minute, long *second)
{
    struct cursor r = *c;
    long ignored;
    *second = 0;
    if (!take_number(&r, 1, 2, hour) || !take_word(&r, ":") || !take_number(&r, 2, 2, minute))
        return 0;
    if (take_word(&r, ":")) {
        if (!take_number(&r, 2, 2, second)) return 0;
        struct cursor fraction = r;
        if (take_word(&fraction, ".") && take_number(&fraction, 1, 9, &ignored)) r = fraction;
    }
    struct cursor zone = r;
    if (take_word(&zone, "Z")) {
        r = zone;
    } else if (take_word(&zone, "+") || take_word(&zone, "-")) {
        long zone_hour, zone_minute;
        if (!take_number(&zone, 2, 2, &zone_hour)) return 0;
        take_word(&zone, ":");
        if (!take_number(&zone, 2, 2, &zone_minute) || zone_hour > 14 || zone_minute > 59) return 0;
        r = zone;
    }
    *c = r;
    return 1;
}

/* 08时05分, 8时, 8点05分, 8点05, 8点半, 8点, each with optional seconds (N秒). */
static int take_chinese_clock(struct cursor *c, long *hour, long *minute, long *second)
{
    struct cursor r = *c;
    *minute = 0;
    *second = 0;
    if (!take_number(&r, 1, 2, hour) || take_any(&r, (const char *[]){"时", "点"}, 2) < 0) return 0;
    if (take_word(&r, "半")) {
        *minute = 30;
    } else if (take_number(&r, 1, 2, minute)) {
        if (take_word(&r, "分") && take_number(&r, 1, 2, second) && !take_word(&r, "秒")) return 0;
    }
    *c = r;
    return 1;
}

enum day_period { PERIOD_NONE, PERIOD_MORNING, PERIOD_NOON, PERIOD_AFTERNOON, PERIOD_NIGHT };

/* A time of day as seconds since midnight: a 24-hour clock, or a 12-hour one
 * with 上午/下午/晚上/中午/早上/凌晨/傍晚 before it or AM/PM after it. */
static int take_time_of_day(struct cursor *c, long *seconds)
{
    static const char *const chinese_periods[] = {"上午", "早上", "凌晨", "中午",
                                                  "下午", "傍晚", "晚上"};
    static const int chinese_period_values[] = {PERIOD_MORNING, PERIOD_MORNING,   PERIOD_MORNING,
                                                PERIOD_NOON,    PERIOD_AFTERNOON, PERIOD_AFTERNOON,
                                                PERIOD_NIGHT};
    static const char *const english_periods[] = {"am", "a.m.", "pm", "p.m."};
    struct cursor r = *c;
    long hour, minute, second;
    int period = PERIOD_NONE, english = 0;
    int i = at_end(r) || is_digit(*r.p) ? -1
                                        : take_any(&r, chinese_periods, ARRAY_LEN(chinese_periods));
    if (i >= 0) {
        period = chinese_period_values[i];
        take_spaces(&r);
    }
    if (!take_colon_clock(&r, &hour, &minute, &second) &&
        !take_chinese_clock(&r, &hour, &minute, &second))
        return 0;
    if (period == PERIOD_NONE) {
        struct cursor suffix = r;
        take_spaces(&suffix);
        i = take_any(&suffix, english_periods, ARRAY_LEN(english_periods));
        if (i >= 0) {
            period = i < 2 ? PERIOD_MORNING : PERIOD_AFTERNOON;
            english = 1;
            r = suffix;
        }
    }
    if (english && (hour < 1 || hour > 12)) return 0;
    if (period == PERIOD_MORNING && english && hour == 12) hour = 0;
    if ((period == PERIOD_AFTERNOON || period == PERIOD_NIGHT) && hour < 12) hour += 12;
    if (period == PERIOD_NIGHT && hour == 12) hour = 0;
    if (period == PERIOD_NOON && hour < 11) hour += 12;
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

/* A date with an optional weekday and time after it, the whole of c. */
static int parse_datetime(struct cursor c, int order, struct date *d, long *seconds)
{
    *seconds = -1;
    if (parse_excel_serial(c, d, seconds)) return 1;
    if (!take_date(&c, order, d)) return 0;
    int spaces = take_spaces(&c);
    if (take_weekday(&c)) spaces += 1 + take_spaces(&c);
    if (at_end(c)) return 1;
    /* date and time are separated by spaces, a weekday or ISO 8601's 'T' */
    if (spaces == 0 && !take_word(&c, "T") && is_digit(c.p[-1])) return 0;
    return take_time_of_day(&c, seconds) && at_end(c);
}

/* A clock "HH:MM" or "HH:MM:SS" of len bytes at p, as seconds, or -1 for any
 * other text (which the general reader reads). */
static long plain_clock(const char *p, size_t len)
{
    struct cursor c = {p, p + len};
    long hour, minute, second = 0;
    if ((len != 5 && len != 8) || !take_number(&c, 2, 2, &hour) || *c.p++ != ':' ||
        !take_number(&c, 2, 2, &minute) ||
        (len == 8 && (*c.p++ != ':' || !take_number(&c, 2, 2, &second))))
        return -1;
    if (hour > 23 || minute > 59 || second > 59) return -1;
    return hour * 3600 + minute * 60 + second;
}

/* Text that is exactly "YYYY-MM-DD", alone or with " HH:MM" or " HH:MM:SS",
 * a valid date and time, as most exports write it: read without folding
 * or the general reader, to the same day and time. Returns 0 for any other
 * text. *seconds is -1 without a time. */
static int plain_datetime(const char *text, struct date *d, long *seconds)
{
    size_t len = strlen(text);
    struct cursor c = {text, text + len};
    if ((len != 10 && len != 16 && len != 19) || !take_number(&c, 4, 4, &d->year) ||
        *c.p++ != '-' || !take_number(&c, 2, 2, &d->month) || *c.p++ != '-' ||
        !take_number(&c, 2, 2, &d->day) || !is_valid_date(*d))
        return 0;
    *seconds = -1;
    if (len == 10) return 1;
    if (*c.p++ != ' ') return 0;
    *seconds = plain_clock(c.p, len - 11);
    return *seconds >= 0;
}

int norm_datetime_order(const char *text, int order, char day[NORM_DAY_SIZE],
                        char time[NORM_TIME_SIZE])
{
    char buffer[FOLD_BUFFER_SIZE];
    struct cursor c;
    struct date d;
    long seconds;
    day[0] = '\0';
    time[0] = '\0';
    if (text && plain_datetime(text, &d, &seconds)) {
        format_day(day, d);
        if (seconds >= 0) format_time(time, seconds);
        return NORM_OK;
    }
    if (!folded(text, buffer, &c)) return NORM_INVALID;
    if (at_end(c)) return NORM_EMPTY;
    if (!parse_datetime(c, order, &d, &seconds)) return NORM_INVALID;
    format_day(day, d);
    if (seconds >= 0) format_time(time, seconds);
    return NORM_OK;
}

int norm_datetime(const char *text, char day[NORM_DAY_SIZE], char time[NORM_TIME_SIZE])
{
    return norm_datetime_order(text, NORM_ORDER_UNKNOWN, day, time);
}

int norm_date_order_fit(const char *text)
{
    char buffer[FOLD_BUFFER_SIZE];
    struct cursor c, probe;
    struct date d;
    long a, b, year, seconds;
    if (!folded(text, buffer, &c)) return 0;
    probe = c;
    if (!take_year_last_date(&probe, &a, &b, &year)) return 0;
    return (parse_datetime(c, NORM_ORDER_MDY, &d, &seconds) ? 1 : 0) |
           (parse_datetime(c, NORM_ORDER_DMY, &d, &seconds) ? 2 : 0);
}

int norm_time(const char *text, char time[NORM_TIME_SIZE])
{
    char buffer[FOLD_BUFFER_SIZE];
    struct cursor c;
    long seconds;
    time[0] = '\0';
    if (text && (seconds = plain_clock(text, strlen(text))) >= 0) {
        format_time(time, seconds);
        return NORM_OK;
    }
    if (!folded(text, buffer, &c)) return NORM_INVALID;
    if (at_end(c)) return NORM_EMPTY;
    if (!take_time_of_day(&c, &seconds) || !at_end(c)) return NORM_INVALID;
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

/* 1.38123E+10, 1,38123e10: what Excel shows of a long number it stored as one. */
static int is_scientific_notation(struct cursor c)
{
    long ignored;
    if (!take_number(&c, 1, 9, &ignored)) return 0;
    if (take_word(&c, ".") || take_word(&c, ",")) {
        if (!take_number(&c, 1, 9, &ignored)) return 0;
    }
    if (!take_word(&c, "e")) return 0;
    if (!take_word(&c, "+")) take_word(&c, "-");
    return take_number(&c, 1, 3, &ignored) && at_end(c);
}

/* The cell without a landline extension (转123, 分机 123, ext 123, ext.123,
 * x123): the words and 1 to 6 digits at the end. */
static struct cursor without_extension(struct cursor c)
{
    static const char *const markers[] = {"分机", "转", "ext", "x"};
    for (const char *p = c.p + 1; p < c.end; p++) {
        char first = ascii_lower(*p);
        if (first != 'e' && first != 'x' && first != '\xE5' && first != '\xE8')
            continue; /* no marker starts here: 分 is E5 88 86, 转 E8 BD AC */
        struct cursor r = {p, c.end};
        long ignored;
        if (take_any(&r, markers, ARRAY_LEN(markers)) < 0) continue;
        take_word(&r, ".");
        take_word(&r, ":");
        take_spaces(&r);
        if (take_number(&r, 1, 6, &ignored) && at_end(r)) return (struct cursor){c.p, p};
    }
    return c;
}

/* The digits of c as a phone (section 5.2): 1 and out when they are a valid
 * mobile or landline. */
static int phone_digits(struct cursor c, char out[NORM_PHONE_SIZE])
{
    char digits[PHONE_MAX_DIGITS] = {0};
    size_t n = 0;
    for (; c.p < c.end; c.p++) {
        if (!is_digit(*c.p)) continue;
        if (n == PHONE_MAX_DIGITS) return 0;
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
    if (n == 0 || !(is_mobile(number, n) || is_landline(number, n))) return 0;
    memcpy(out, number, n);
    out[n] = '\0';
    return 1;
}

int norm_phone(const char *text, char out[NORM_PHONE_SIZE])
{
    char buffer[FOLD_BUFFER_SIZE];
    struct cursor c;
    out[0] = '\0';
    if (!folded(text, buffer, &c)) return NORM_INVALID;
    if (at_end(c)) return NORM_EMPTY;
    if (is_scientific_notation(c)) return NORM_EXCEL_NUMBER;
    if (c.end - c.p > 2 && c.end[-2] == '.' && c.end[-1] == '0' && is_digit(c.end[-3]))
        c.end -= 2; /* 13712440706.0: a number Excel kept whole */
    /* the number without its extension, else (when that is no phone) all its digits */
    if (phone_digits(without_extension(c), out) || phone_digits(c, out)) return NORM_OK;
    out[0] = '\0';
    return NORM_INVALID;
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
    copy_range(masked, masked + strlen(masked), out, size);
}

/* ---- booleans and directions ---- */

const char norm_bool_forms[] = "是/否, 是的/不是, 对/不对, 有/无, 要/不要, 需要/不需要, Y/N, "
                               "yes/no, true/false, 1/0, √/×, ✓/✗, ✔/✘, 已…/未…, "
                               "- or / or 暂无 (no); a note in parentheses after the word";

static const struct word_value bool_words[] = {
    {WORD("是"), 1},   {WORD("是的"), 1}, {WORD("对"), 1}, {WORD("对的"), 1}, {WORD("有"), 1},
    {WORD("要"), 1},   {WORD("需要"), 1}, {WORD("好"), 1}, {WORD("可以"), 1}, {WORD("同意"), 1},
    {WORD("y"), 1},    {WORD("yes"), 1},  {WORD("1"), 1},  {WORD("true"), 1}, {WORD("ok"), 1},
    {WORD("√"), 1},    {WORD("✓"), 1},    {WORD("✔"), 1},  {WORD("☑"), 1},    {WORD("✅"), 1},
    {WORD("否"), 0},   {WORD("n"), 0},    {WORD("no"), 0}, {WORD("0"), 0},    {WORD("false"), 0},
    {WORD("×"), 0},    {WORD("✗"), 0},    {WORD("✘"), 0},  {WORD("❌"), 0},    {WORD("✕"), 0},
    {WORD("-"), 0},    {WORD("--"), 0},   {WORD("—"), 0},  {WORD("——"), 0},   {WORD("/"), 0},
    {WORD("暂无"), 0},
};

/* A word holding one of these means no, whatever else it says. */
static const char *const bool_negations[] = {"未", "没", "不", "拒绝", "取消", "无"};

/* The cell without a note in parentheses at its end: 否（客户赶时间）. The
 * text is folded, so full-width parentheses read as ASCII ones. */
static struct cursor without_note(struct cursor c)
{
    if (c.end - c.p < 2 || c.end[-1] != ')') return c;
    for (const char *p = c.end - 2; p > c.p; p--) {
        if (*p == '(') {
            struct cursor word = {c.p, p};
            while (word.end > word.p && word.end[-1] == ' ')
                word.end--;
            return word;
        }
    }
    return c;
}

int norm_bool(const char *text, int *value)
{
    char buffer[FOLD_BUFFER_SIZE];
    struct cursor c;
    *value = 0;
    if (!folded(text, buffer, &c)) return NORM_INVALID;
    if (at_end(c)) return NORM_EMPTY;
    c = without_note(c);
    if (lookup_word(c, bool_words, ARRAY_LEN(bool_words), value)) return NORM_OK;
    for (size_t i = 0; i < ARRAY_LEN(bool_negations); i++)
        if (contains(c, bool_negations[i])) return NORM_OK; /* *value is 0 */
    struct cursor rest = c;
    if (take_word(&rest, "已")) {
        *value = 1;
        return NORM_OK;
    }
    return NORM_INVALID;
}

const char norm_direction_forms[] =
    "in: 呼入, 来电, 接听, 已接来电, 未接来电, 未接, 漏接, 回电, in, inbound, incoming; "
    "out: 呼出, 去电, 外呼, 回拨, 回访, 拨出, 致电, 电话回访, out, outbound, outgoing, callback";

static const struct word_value direction_words[] = {
    {WORD("呼入"), DIRECTION_IN},      {WORD("来电"), DIRECTION_IN},
    {WORD("接听"), DIRECTION_IN},      {WORD("已接来电"), DIRECTION_IN},
    {WORD("已接"), DIRECTION_IN},      {WORD("未接来电"), DIRECTION_IN},
    {WORD("未接"), DIRECTION_IN},      {WORD("漏接"), DIRECTION_IN},
    {WORD("回电"), DIRECTION_IN},      {WORD("打入"), DIRECTION_IN},
    {WORD("in"), DIRECTION_IN},        {WORD("inbound"), DIRECTION_IN},
    {WORD("incoming"), DIRECTION_IN},  {WORD("呼出"), DIRECTION_OUT},
    {WORD("去电"), DIRECTION_OUT},     {WORD("外呼"), DIRECTION_OUT},
    {WORD("回拨"), DIRECTION_OUT},     {WORD("回访"), DIRECTION_OUT},
    {WORD("拨出"), DIRECTION_OUT},     {WORD("致电"), DIRECTION_OUT},
    {WORD("电话回访"), DIRECTION_OUT}, {WORD("打出"), DIRECTION_OUT},
    {WORD("已拨电话"), DIRECTION_OUT}, {WORD("out"), DIRECTION_OUT},
    {WORD("outbound"), DIRECTION_OUT}, {WORD("outgoing"), DIRECTION_OUT},
    {WORD("callback"), DIRECTION_OUT}, {WORD("call back"), DIRECTION_OUT},
};

int norm_direction(const char *text, int *value)
{
    char buffer[FOLD_BUFFER_SIZE];
    struct cursor c;
    *value = DIRECTION_IN;
    if (!folded(text, buffer, &c)) return NORM_INVALID;
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

/* Numbers with units from the largest down: 1小时2分3秒, 2分钟30秒, 5 min,
 * 45s. A part after the first is below 60. */
static int duration_units(struct cursor c, long *seconds)
{
    static const struct word_value units[] = {
        {WORD("小时"), 3600},  {WORD("hours"), 3600}, {WORD("hour"), 3600}, {WORD("hrs"), 3600},
        {WORD("hr"), 3600},    {WORD("h"), 3600},     {WORD("分钟"), 60},   {WORD("分"), 60},
        {WORD("minutes"), 60}, {WORD("minute"), 60},  {WORD("mins"), 60},   {WORD("min"), 60},
        {WORD("m"), 60},       {WORD("秒"), 1},       {WORD("seconds"), 1}, {WORD("second"), 1},
        {WORD("secs"), 1},     {WORD("sec"), 1},      {WORD("s"), 1},
    };
    long total = 0, previous_unit = 0;
    while (!at_end(c)) {
        long n;
        int unit = 0;
        if (!take_number(&c, 1, 7, &n)) return 0;
        take_spaces(&c);
        size_t i;
        for (i = 0; i < ARRAY_LEN(units); i++)
            if (take_word(&c, units[i].word)) break;
        if (i == ARRAY_LEN(units)) return 0;
        unit = units[i].value;
        if (previous_unit != 0 && (unit >= previous_unit || n > 59)) return 0;
        previous_unit = unit;
        total += n * unit;
        take_spaces(&c);
    }
    if (previous_unit == 0) return 0;
    *seconds = total;
    return 1;
}

static int (*const duration_forms[])(struct cursor, long *) = {
    duration_seconds, duration_minutes_clock, duration_hours_clock, duration_units};

int norm_duration(const char *text, long *seconds)
{
    char buffer[FOLD_BUFFER_SIZE];
    struct cursor c;
    *seconds = 0;
    if (!folded(text, buffer, &c)) return NORM_INVALID;
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

const char norm_phone_forms[] = "11-digit mobiles, landlines of 7-12 digits";

const char norm_duration_forms[] = "seconds, M:SS, H:MM:SS, N秒, N分M秒, 1小时2分3秒, N min";

const char norm_timeframe_forms[] =
    "当天/马上/now, N天, 本周, N周, 半个月, N个月, 一个半月, 半年, N年, N-M周, N到M个月, "
    "N个月以上, 本月, 下个月, a number of days, 不确定/未知 (unknown); N in digits or "
    "一…九十, with 左右/以内/之内/内/前 after it";

static const char *const timeframe_unknown_words[] = {"不确定", "未知", "unknown", "待定"};

/* Now (0 days) and this week (7). */
static const struct word_value timeframe_now_words[] = {
    {WORD("当天"), 0}, {WORD("今天"), 0}, {WORD("马上"), 0}, {WORD("立即"), 0},   {WORD("立刻"), 0},
    {WORD("now"), 0},  {WORD("本周"), 7}, {WORD("这周"), 7}, {WORD("一周内"), 7},
};

#define TIMEFRAME_MAX_DIGITS 6 /* keeps 365 * N + 180 far inside an int */

static const struct word_value chinese_digits[] = {
    {WORD("一"), 1}, {WORD("二"), 2}, {WORD("两"), 2}, {WORD("三"), 3}, {WORD("四"), 4},
    {WORD("五"), 5}, {WORD("六"), 6}, {WORD("七"), 7}, {WORD("八"), 8}, {WORD("九"), 9},
};

/* A Chinese number from 一 to 九十九: 七, 十, 十五, 二十, 三十五. */
static int take_chinese_number(struct cursor *c, long *value)
{
    struct cursor r = *c;
    int digit = 0, units = 0;
    int has_digit = take_table_word(&r, chinese_digits, ARRAY_LEN(chinese_digits), &digit);
    if (take_word(&r, "十")) {
        take_table_word(&r, chinese_digits, ARRAY_LEN(chinese_digits), &units);
        *value = (has_digit ? digit : 1) * 10 + units;
    } else if (has_digit) {
        *value = digit;
    } else {
        return 0;
    }
    *c = r;
    return 1;
}

/* ASCII digits or a Chinese number. */
static int take_amount(struct cursor *c, long *value)
{
    return take_number(c, 1, TIMEFRAME_MAX_DIGITS, value) || take_chinese_number(c, value);
}

struct timeframe_unit {
    const char *word;
    int days;
    int half_days;  /* 半年 180, 半个月 15; -1 when 半 does not apply */
    int month_name; /* 3月 alone is March: the bare 月 needs 个, 半 or a suffix */
};

static const struct timeframe_unit timeframe_units[] = {
    {"天", 1, 0, 0},       {"days", 1, -1, 0},    {"day", 1, -1, 0},    {"周", 7, -1, 0},
    {"星期", 7, -1, 0},    {"礼拜", 7, -1, 0},    {"weeks", 7, -1, 0},  {"week", 7, -1, 0},
    {"月", 30, 15, 1},     {"months", 30, -1, 0}, {"month", 30, -1, 0}, {"年", 365, 180, 0},
    {"years", 365, -1, 0}, {"year", 365, -1, 0},
};

/* After the unit: 左右, 以内, 内, 前 keep the number; 以上, 后, + add a day. */
static const struct word_value timeframe_suffixes[] = {
    {WORD("左右"), 0}, {WORD("以内"), 0}, {WORD("之内"), 0}, {WORD("内"), 0},   {WORD("之前"), 0},
    {WORD("以前"), 0}, {WORD("前"), 0},   {WORD("以上"), 1}, {WORD("之后"), 1}, {WORD("后"), 1},
};

/* [>] N [- M] [+] [个] [半] unit [半] [suffix], the whole of c: a range
 * counts its upper bound, 半 adds half a unit. */
static int parse_quantity(struct cursor c, int *days)
{
    static const char *const range_separators[] = {"-", "~", "到", "至", "—"};
    long n = 0, extra = 0;
    int has_number, half = 0, has_ge = 0, has_suffix = 0;
    if (take_word(&c, ">")) {
        extra = 1;
        take_spaces(&c);
    }
    has_number = take_amount(&c, &n);
    take_spaces(&c);
    if (has_number && take_any(&c, range_separators, ARRAY_LEN(range_separators)) >= 0) {
        take_spaces(&c);
        if (!take_amount(&c, &n)) return 0;
        take_spaces(&c);
    }
    if (has_number && take_word(&c, "+")) {
        extra = 1;
        take_spaces(&c);
    }
    has_ge = take_word(&c, "个");
    if (take_word(&c, "半")) {
        half = 1;
        if (!has_ge) has_ge = take_word(&c, "个");
    }
    if (!has_number && !half) return 0;
    size_t i;
    for (i = 0; i < ARRAY_LEN(timeframe_units); i++)
        if (take_word(&c, timeframe_units[i].word)) break;
    if (i == ARRAY_LEN(timeframe_units)) return 0;
    const struct timeframe_unit *unit = &timeframe_units[i];
    if (!half && has_number && unit->half_days > 0 && take_word(&c, "半")) half = 1;
    if (half && unit->half_days < 0) return 0;
    take_spaces(&c);
    int suffix_extra;
    if (take_table_word(&c, timeframe_suffixes, ARRAY_LEN(timeframe_suffixes), &suffix_extra)) {
        extra += suffix_extra;
        has_suffix = 1;
    }
    if (!at_end(c)) return 0;
    if (unit->month_name && !has_ge && !half && !has_suffix) return 0;
    *days = (int)(unit->days * (has_number ? n : 0) + (half ? unit->half_days : 0) + extra);
    return 1;
}

/* 本月 and 下个月: the days from day ("YYYY-MM-DD") to the end of its month,
 * or of the next month. */
static int parse_month_end(struct cursor c, const char *day, int *days)
{
    static const char *const this_month[] = {"本月", "这个月", "当月", "月底"};
    static const char *const next_month[] = {"下个月", "下月"};
    static const char *const endings[] = {"底前", "底", "之内", "以内", "内", "前"};
    int months_ahead;
    if (at_end(c) || is_digit(*c.p)) return 0;
    if (take_any(&c, this_month, ARRAY_LEN(this_month)) >= 0)
        months_ahead = 0;
    else if (take_any(&c, next_month, ARRAY_LEN(next_month)) >= 0)
        months_ahead = 1;
    else
        return 0;
    take_any(&c, endings, ARRAY_LEN(endings));
    if (!at_end(c) || day == NULL) return 0;
    struct cursor on = {day, day + strlen(day)};
    struct date d;
    if (!take_year_first_date(&on, &d) || !at_end(on) || !is_valid_date(d)) return 0;
    long left = days_in_month(d.year, d.month) - d.day;
    if (months_ahead == 1) {
        long year = d.month == 12 ? d.year + 1 : d.year;
        long month = d.month == 12 ? 1 : d.month + 1;
        left += days_in_month(year, month);
    }
    *days = (int)left;
    return 1;
}

int norm_timeframe_on(const char *text, const char *day, int *days)
{
    char buffer[FOLD_BUFFER_SIZE];
    struct cursor c;
    long n;
    *days = NORM_TIMEFRAME_UNKNOWN;
    if (!folded(text, buffer, &c)) return NORM_INVALID;
    if (at_end(c)) return NORM_EMPTY;
    for (size_t i = 0; i < ARRAY_LEN(timeframe_unknown_words); i++)
        if (is_word(c, timeframe_unknown_words[i])) return NORM_EMPTY;
    if (lookup_word(c, timeframe_now_words, ARRAY_LEN(timeframe_now_words), days)) return NORM_OK;
    struct cursor bare = c;
    if (take_number(&bare, 1, TIMEFRAME_MAX_DIGITS, &n) && at_end(bare)) {
        *days = (int)n;
        return NORM_OK;
    }
    int value;
    if (parse_month_end(c, day, &value) || parse_quantity(c, &value)) {
        *days = value;
        return NORM_OK;
    }
    return NORM_INVALID;
}

int norm_timeframe(const char *text, int *days)
{
    return norm_timeframe_on(text, NULL, days);
}

/* ---- outcomes ---- */

const char norm_outcome_forms[] =
    "FOLLOW: 跟进, 继续跟进, 意向, 邀约成功, follow; ORDER: 订车, 下定, 已成交, 交定金, order, "
    "deposit; DELIVERED: 交车, 提车, 已交付, delivered; DEFEAT: 战败, 战败-原因, 放弃购买, "
    "流失, defeat, lost sale; LOST: 失控, 联系不上, lost contact";

static const struct word_value outcome_words[] = {
    {WORD("跟进"), OUTCOME_FOLLOW},         {WORD("继续跟进"), OUTCOME_FOLLOW},
    {WORD("待跟进"), OUTCOME_FOLLOW},       {WORD("跟进中"), OUTCOME_FOLLOW},
    {WORD("意向"), OUTCOME_FOLLOW},         {WORD("有意向"), OUTCOME_FOLLOW},
    {WORD("考虑"), OUTCOME_FOLLOW},         {WORD("犹豫"), OUTCOME_FOLLOW},
    {WORD("观望"), OUTCOME_FOLLOW},         {WORD("再联系"), OUTCOME_FOLLOW},
    {WORD("待回访"), OUTCOME_FOLLOW},       {WORD("follow"), OUTCOME_FOLLOW},
    {WORD("follow-up"), OUTCOME_FOLLOW},    {WORD("follow up"), OUTCOME_FOLLOW},
    {WORD("pending"), OUTCOME_FOLLOW},      {WORD("邀约成功"), OUTCOME_FOLLOW},
    {WORD("已邀约"), OUTCOME_FOLLOW},       {WORD("邀约到店"), OUTCOME_FOLLOW},
    {WORD("已到店"), OUTCOME_FOLLOW},       {WORD("已回访"), OUTCOME_FOLLOW},
    {WORD("已接通"), OUTCOME_FOLLOW},       {WORD("未接通"), OUTCOME_FOLLOW},
    {WORD("无人接听"), OUTCOME_FOLLOW},

    {WORD("订车"), OUTCOME_ORDER},          {WORD("下定"), OUTCOME_ORDER},
    {WORD("下订"), OUTCOME_ORDER},          {WORD("已下订"), OUTCOME_ORDER},
    {WORD("已下定"), OUTCOME_ORDER},        {WORD("定车"), OUTCOME_ORDER},
    {WORD("订单"), OUTCOME_ORDER},          {WORD("已订车"), OUTCOME_ORDER},
    {WORD("已定车"), OUTCOME_ORDER},        {WORD("交定金"), OUTCOME_ORDER},
    {WORD("订金已付"), OUTCOME_ORDER},      {WORD("定金已付"), OUTCOME_ORDER},
    {WORD("已交定金"), OUTCOME_ORDER},      {WORD("已交订金"), OUTCOME_ORDER},
    {WORD("已付定金"), OUTCOME_ORDER},      {WORD("已付订金"), OUTCOME_ORDER},
    {WORD("成交"), OUTCOME_ORDER},          {WORD("已成交"), OUTCOME_ORDER},
    {WORD("签约"), OUTCOME_ORDER},          {WORD("已签约"), OUTCOME_ORDER},
    {WORD("order"), OUTCOME_ORDER},         {WORD("deposit"), OUTCOME_ORDER},
    {WORD("ordered"), OUTCOME_ORDER},       {WORD("sold"), OUTCOME_ORDER},
    {WORD("下单"), OUTCOME_ORDER},          {WORD("已下单"), OUTCOME_ORDER},
    {WORD("付定金"), OUTCOME_ORDER},        {WORD("已订"), OUTCOME_ORDER},

    {WORD("交车"), OUTCOME_DELIVERED},      {WORD("已交车"), OUTCOME_DELIVERED},
    {WORD("提车"), OUTCOME_DELIVERED},      {WORD("已提车"), OUTCOME_DELIVERED},
    {WORD("交付"), OUTCOME_DELIVERED},      {WORD("已交付"), OUTCOME_DELIVERED},
    {WORD("delivered"), OUTCOME_DELIVERED},

    {WORD("战败"), OUTCOME_DEFEAT},         {WORD("已战败"), OUTCOME_DEFEAT},
    {WORD("放弃购买"), OUTCOME_DEFEAT},     {WORD("放弃"), OUTCOME_DEFEAT},
    {WORD("不买了"), OUTCOME_DEFEAT},       {WORD("流失"), OUTCOME_DEFEAT},
    {WORD("已流失"), OUTCOME_DEFEAT},       {WORD("defeat"), OUTCOME_DEFEAT},
    {WORD("defeated"), OUTCOME_DEFEAT},     {WORD("lost sale"), OUTCOME_DEFEAT},
    {WORD("lost"), OUTCOME_DEFEAT},         {WORD("已购竞品"), OUTCOME_DEFEAT},
    {WORD("购买竞品"), OUTCOME_DEFEAT},     {WORD("暂不购买"), OUTCOME_DEFEAT},
    {WORD("无意向"), OUTCOME_DEFEAT},       {WORD("战败关闭"), OUTCOME_DEFEAT},

    {WORD("失控"), OUTCOME_LOST},           {WORD("已失控"), OUTCOME_LOST},
    {WORD("联系不上"), OUTCOME_LOST},       {WORD("lost contact"), OUTCOME_LOST},
    {WORD("unreachable"), OUTCOME_LOST},    {WORD("失联"), OUTCOME_LOST},
    {WORD("无法联系"), OUTCOME_LOST},       {WORD("空号"), OUTCOME_LOST},
};

/* Reads a closing parenthesis, ASCII or full-width, at the end of c. */
static int drop_closing_parenthesis(struct cursor *c)
{
    if (c->end > c->p && c->end[-1] == ')') {
        c->end -= 1;
        return 1;
    }
    if (c->end - c->p >= 3 && memcmp(c->end - 3, "）", 3) == 0) {
        c->end -= 3;
        return 1;
    }
    return 0;
}

/* 战败-价格, 已战败：价格, 战败（价格）, 战败 价格: DEFEAT with the text after
 * 战败 as its reason, copied as written (a reason is text, not vocabulary). */
static int take_defeat_reason(const char *text, char *reason, size_t size)
{
    static const char *const separators[] = {"(",  "（", "-",  "－",          ":",
                                             "：", " ",  "\t", "\xE3\x80\x80"};
    struct cursor c = trimmed(text);
    take_word(&c, "已");
    if (!take_word(&c, "战败")) return 0;
    int i = take_any(&c, separators, ARRAY_LEN(separators));
    if (i < 0) return 0;
    c = trim_cursor(c);
    if (i < 2) {
        drop_closing_parenthesis(&c);
    } else {
        struct cursor inner = c;
        if ((take_word(&inner, "(") || take_word(&inner, "（")) && drop_closing_parenthesis(&inner))
            c = inner;
    }
    c = trim_cursor(c);
    copy_range(c.p, c.end, reason, size);
    return 1;
}

int norm_outcome_reason(const char *text, int *value, char *reason, size_t size)
{
    char buffer[FOLD_BUFFER_SIZE];
    struct cursor c;
    *value = OUTCOME_FOLLOW;
    copy_range("", "", reason, size);
    if (!folded(text, buffer, &c)) return NORM_INVALID;
    if (at_end(c)) return NORM_EMPTY;
    if (lookup_word(c, outcome_words, ARRAY_LEN(outcome_words), value)) return NORM_OK;
    if (take_defeat_reason(text, reason, size)) {
        *value = OUTCOME_DEFEAT;
        return NORM_OK;
    }
    return NORM_INVALID;
}

int norm_outcome(const char *text, int *value)
{
    return norm_outcome_reason(text, value, NULL, 0);
}

const char *norm_outcome_name(int outcome)
{
    static const char *const names[] = {"FOLLOW", "ORDER", "DELIVERED", "DEFEAT", "LOST"};
    if (outcome < 0 || (size_t)outcome >= ARRAY_LEN(names)) return "";
    return names[outcome];
}

const char norm_date_forms[] =
    "YYYY-MM-DD, YYYY/M/D, YYYY.M.D, YYYY年M月D日, YYYYMMDD, M/D/YYYY or D/M/YYYY (by "
    "date_order), an Excel serial day; then optionally a weekday (星期六, 周六, (六), Sat) and "
    "a time after a space or T";

const char norm_time_forms[] = "HH:MM, HH:MM:SS (optionally .fraction and a zone), 08时05分, "
                               "8点05分, 8点半, 下午2:05, 上午/晚上/中午…, 2:05 PM";
