/* normalize.h - pure functions that turn the text of an export's cell into
 * funnel's canonical values (DOMAIN.md section 5). No I/O, no allocation. */
#ifndef FUNNEL_NORMALIZE_H
#define FUNNEL_NORMALIZE_H

#include <stddef.h>

/* Every normalizer returns one of these. */
enum norm_status {
    NORM_OK = 0,      /* parsed; the output holds the value */
    NORM_EMPTY = 1,   /* blank after trimming; the output holds the default */
    NORM_INVALID = -1 /* not in the vocabulary; the output is unspecified */
};

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

/* Date, optionally followed by a space and HH:MM or HH:MM:SS (section 5.1),
 * or an Excel serial day from 20000 to 80000 (a fractional part gives the
 * time). Writes "YYYY-MM-DD" to day and "HH:MM:SS" to time, or "" to time
 * when the text has none. Impossible dates (2026-02-30) are NORM_INVALID. */
int norm_datetime(const char *text, char day[NORM_DAY_SIZE], char time[NORM_TIME_SIZE]);

/* Time of day "H:MM", "HH:MM" or "HH:MM:SS" to "HH:MM:SS". */
int norm_time(const char *text, char time[NORM_TIME_SIZE]);

/* Phone (section 5.2): NORM_OK writes the normalized digits to out;
 * NORM_EMPTY when blank; NORM_INVALID when not a valid mobile or landline
 * (out is then ""). */
int norm_phone(const char *text, char out[NORM_PHONE_SIZE]);

/* Masks a normalized phone for shared reports: first 3 and last 4 digits,
 * "138****5678". Shorter numbers keep their last 2 digits only. Writes at most
 * size-1 bytes to out. An empty phone gives "". */
void norm_mask_phone(const char *phone, char *out, size_t size);

/* Boolean (section 5.3): NORM_OK with *value 0 or 1; blank is NORM_EMPTY with
 * *value 0. */
int norm_bool(const char *text, int *value);

/* Direction (section 5.3): *value is enum direction; blank is NORM_EMPTY with
 * DIRECTION_IN. */
int norm_direction(const char *text, int *value);

/* Duration in seconds: "S", "M:SS", "H:MM:SS", "N秒", "N分", "N分M秒".
 * Blank is NORM_EMPTY with *seconds 0. */
int norm_duration(const char *text, long *seconds);

/* Timeframe phrase to days (section 5.4). NORM_OK with *days >= 0; blank and
 * the explicit unknown words give NORM_EMPTY with NORM_TIMEFRAME_UNKNOWN;
 * anything else NORM_INVALID with NORM_TIMEFRAME_UNKNOWN (a warning). */
int norm_timeframe(const char *text, int *days);

/* Outcome (section 5.5): *value is enum outcome; blank is NORM_EMPTY with
 * OUTCOME_FOLLOW. */
int norm_outcome(const char *text, int *value);

/* Name of an outcome code: "FOLLOW", "ORDER", ... or "" when out of range. */
const char *norm_outcome_name(int outcome);

#endif
