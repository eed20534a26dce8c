/* jsonw.h - a small streaming JSON writer: objects, arrays, strings (UTF-8,
 * escaped), numbers and null, indented two spaces. */
#ifndef FUNNEL_JSONW_H
#define FUNNEL_JSONW_H

#include <stdio.h>

#define JSONW_MAX_DEPTH 32

struct jsonw {
    FILE *fp;
    int depth;
    int count[JSONW_MAX_DEPTH]; /* values written at each depth */
    int after_key;
};

void jsonw_init(struct jsonw *w, FILE *fp);
void jsonw_object_begin(struct jsonw *w);
void jsonw_object_end(struct jsonw *w);
void jsonw_array_begin(struct jsonw *w);
void jsonw_array_end(struct jsonw *w);
/* Writes a member name; the next value written is its value. */
void jsonw_key(struct jsonw *w, const char *key);
/* NULL writes null. */
void jsonw_string(struct jsonw *w, const char *text);
void jsonw_int(struct jsonw *w, long long value);
/* Writes value with up to 4 decimals, trailing zeros dropped. */
void jsonw_double(struct jsonw *w, double value);
void jsonw_null(struct jsonw *w);
/* Writes text, a JSON value made elsewhere (SQLite's json functions), as is. */
void jsonw_raw(struct jsonw *w, const char *text);
/* Ends the document with a newline and flushes it. Returns 0, or -1 when
 * anything written to the stream failed (ferror). */
int jsonw_finish(struct jsonw *w);

#endif
