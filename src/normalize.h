/* normalize.h - pure functions that turn the text of an export's cell into
 * funnel's canonical values (DOMAIN.md section 5). No I/O, no allocation. */
#ifndef FUNNEL_NORMALIZE_H
#define FUNNEL_NORMALIZE_H

#include <stddef.h>

/* Every normalizer returns one of these. */
enum norm_status {
    NORM_OK = 0,          /* parsed; the output holds the value */
    NORM_EMPTY = 1,       /* blank after trimming; the output holds the default */
    NORM_INVALID = -1,    /* not in the vocabulary; the output is unspecified */
    NORM_EXCEL_NUMBER = 2 /* a phone Excel stored as a number (1.38E+10): its digits are lost */
};

/* How to read a date A/B/YYYY: unknown (only when one reading is a valid
 * date, or both give the same day), month first, or day first. */
enum { NORM_ORDER_UNKNOWN, NORM_ORDER_MDY, NORM_ORDER_DMY };

enum outcome {
    OUTCOME_FOLLOW = 0,
    OUTCOME_ORDER = 1,
    OUTCOME_DELIVERED = 2,
    OUTCOME_DEFEAT = 3,
    OUTCOME_LOST = 4
};

enum direction { DIRECTION_IN = 0, DIRECTION_OUT = 1 };

#define NORM_DAY_SIZE 11   /* "YYYY-MM-DD" + NUL */
#define NORM_TIME_SIZE 9   /* "HH:MM:SS" + NUL */
#define NORM_PHONE_SIZE 16 /* up to 12 digits + NUL, with room */
#define NORM_TIMEFRAME_UNKNOWN (-1)

/* Copies text without leading and trailing spaces (ASCII space, tab, CR, LF,
 * and the ideographic space U+3000) into out, at most size-1 bytes, always
 * NUL-terminated. Returns the length written. */
size_t norm_trim(const char *text, char *out, size_t size);
/* norm_trim of the len bytes at text (which need no NUL). */
size_t norm_trim_bytes(const char *text, size_t len, char *out, size_t size);

/* Copies text into out folding full-width ASCII (U+FF01..U+FF5E) to ASCII
 * and the ideographic space U+3000 to a space; other bytes are unchanged. At
 * most size-1 bytes, whole characters only, always NUL-terminated (size 0
 * writes nothing). NULL reads as "". Returns the length written. */
size_t norm_fold(const char *text, char *out, size_t size);

/* The vocabulary normalizers below trim and fold their text first (section
 * 5.7), so full-width digits, letters and punctuation read as ASCII. */

/* Date (sections 5.1, 5.7): YYYY-M-D, YYYY/M/D, YYYY.M.D, YYYY年M月D日,
 * YYYYMMDD or A/B/YYYY read in the given order (enum NORM_ORDER_*), then
 * optionally a weekday (星期六, 周六, (六), Sat) and, after spaces or 'T', a
 * time as norm_time reads it; or an Excel serial day from 20000 to 80000 (a
 * fraction gives the time). Writes "YYYY-MM-DD" to day and "HH:MM:SS" to time,
 * or "" to time when the text has none. Impossible dates (2026-02-30) and
 * A/B/YYYY that the order cannot settle are NORM_INVALID. */
int norm_datetime_order(const char *text, int order, char day[NORM_DAY_SIZE],
                        char time[NORM_TIME_SIZE]);

/* norm_datetime_order with NORM_ORDER_UNKNOWN. */
int norm_datetime(const char *text, char day[NORM_DAY_SIZE], char time[NORM_TIME_SIZE]);

/* Which orders an A/B/YYYY date (with its time) fits: bit 1 month first, bit
 * 2 day first; 0 when the text is no such date or fits neither. Lets the
 * importer choose one order for a whole file. */
int norm_date_order_fit(const char *text);

/* Time of day to "HH:MM:SS": H:MM, H:MM:SS (a fraction and a zone such as Z
 * or +08:00 are ignored: the clock time is kept as written), 08时05分, 8点05分,
 * 8点半, 8点, each optionally after 上午/下午/晚上/中午/早上/凌晨/傍晚 or before
 * AM/PM. */
int norm_time(const char *text, char time[NORM_TIME_SIZE]);

/* Phone (sections 5.2, 5.7): NORM_OK writes the normalized digits to out; a
 * trailing ".0" and an extension (转123, 分机123, ext 123, x123) are dropped
 * first. NORM_EMPTY when blank; NORM_EXCEL_NUMBER for scientific notation
 * (1.38123E+10); NORM_INVALID when not a valid mobile or landline. Out is ""
 * unless NORM_OK. */
int norm_phone(const char *text, char out[NORM_PHONE_SIZE]);

/* Masks a normalized phone for shared reports: first 3 and last 4 digits,
 * "138****5678". Shorter numbers keep their last 2 digits only. Writes at most
 * size-1 bytes to out. An empty phone gives "". */
void norm_mask_phone(const char *phone, char *out, size_t size);

/* Boolean (sections 5.3, 5.7), the whole cell without a note in parentheses
 * at its end: NORM_OK with *value 0 or 1. A yes-word (是, 是的, 对, 有, 要,
 * 需要, Y, yes, 1, true, √, ✓, ✔, ☑), or text starting 已, is 1; a no-word
 * (否, N, no, 0, false, ×, ✗, ✘), a placeholder (- — / 暂无) or text holding
 * 未, 没, 不, 拒绝, 取消 or 无 is 0. Blank is NORM_EMPTY with *value 0;
 * anything else NORM_INVALID. */
int norm_bool(const char *text, int *value);

/* Direction (sections 5.3, 5.7), the whole cell: *value is enum direction;
 * blank is NORM_EMPTY with DIRECTION_IN; a word not listed in
 * norm_direction_forms is NORM_INVALID. */
int norm_direction(const char *text, int *value);

/* Duration in seconds: "S", "M:SS", "H:MM:SS", or numbers with units from
 * the largest down ("N秒", "N分", "N分钟M秒", "1小时2分3秒", "N min", "Ns"),
 * at most a week. Blank is NORM_EMPTY with *seconds 0. */
int norm_duration(const char *text, long *seconds);

/* Timeframe phrase to days (sections 5.4, 5.7) for a contact on day
 * ("YYYY-MM-DD"): 本月 is the days to the end of day's month, 下个月 to the
 * end of the next month; with day NULL, "" or not a date they are
 * NORM_INVALID. NORM_OK with *days >= 0; blank and the explicit unknown words
 * give NORM_EMPTY with NORM_TIMEFRAME_UNKNOWN; anything else NORM_INVALID with
 * NORM_TIMEFRAME_UNKNOWN (a warning). */
int norm_timeframe_on(const char *text, const char *day, int *days);

/* norm_timeframe_on(text, NULL, days). */
int norm_timeframe(const char *text, int *days);

/* Outcome (sections 5.5, 5.7), the whole cell: *value is enum outcome; blank
 * is NORM_EMPTY with OUTCOME_FOLLOW. 战败 or 已战败 followed by - : ( or a
 * space and a text is DEFEAT with that text, as written and without its
 * parentheses, copied to reason (at most size-1 bytes); otherwise reason is
 * "". reason may be NULL when size is 0. */
int norm_outcome_reason(const char *text, int *value, char *reason, size_t size);

/* norm_outcome_reason without the reason. */
int norm_outcome(const char *text, int *value);

/* Name of an outcome code: "FOLLOW", "ORDER", ... or "" when out of range. */
const char *norm_outcome_name(int outcome);

/* The forms each vocabulary understands, for messages about a value that is
 * not understood. */
extern const char norm_bool_forms[];
extern const char norm_direction_forms[];
extern const char norm_outcome_forms[];
extern const char norm_date_forms[];
extern const char norm_time_forms[];
extern const char norm_timeframe_forms[];
extern const char norm_phone_forms[];
extern const char norm_duration_forms[];

#endif
