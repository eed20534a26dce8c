/* dates.h - calendar arithmetic on "YYYY-MM-DD" days: differences, offsets,
 * months and ISO weeks (periods of DOMAIN.md section 7). */
#ifndef FUNNEL_DATES_H
#define FUNNEL_DATES_H

#define DATES_DAY_SIZE 11

/* Days since 1970-01-01 of a valid "YYYY-MM-DD"; returns 0 and sets *days,
 * or -1 when text is not a valid day. */
int dates_parse(const char *text, long *days);

/* Writes the day with that serial number as "YYYY-MM-DD" (years 0 to 9999;
 * another year is written as 0000). */
void dates_format(long days, char out[DATES_DAY_SIZE]);

/* b - a in whole days (both valid days). */
long dates_between(const char *a, const char *b);

/* The day n days after day. */
void dates_add(const char *day, long n, char out[DATES_DAY_SIZE]);

/* "YYYY-MM" to its first and last day; returns 0 or -1. */
int dates_month(const char *text, char from[DATES_DAY_SIZE], char to[DATES_DAY_SIZE]);

/* "YYYY-Www" (ISO 8601 week, Monday to Sunday) to its first and last day;
 * returns 0 or -1 (also for week 53 of a year that has none). */
int dates_week(const char *text, char from[DATES_DAY_SIZE], char to[DATES_DAY_SIZE]);

/* The ISO week "YYYY-Www" of a day. */
void dates_week_of(const char *day, char out[9]);

/* The month before "YYYY-MM" into out ("YYYY-MM"). */
void dates_previous_month(const char *month, char out[8]);

#endif
