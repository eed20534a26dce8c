/* jsonw.c - streaming JSON writer. */
#include "jsonw.h"

#include <math.h>
#include <string.h>

void jsonw_init(struct jsonw *w, FILE *fp)
{
    memset(w, 0, sizeof *w);
    w->fp = fp;
}

static void indent(struct jsonw *w)
{
    fputc('\n', w->fp);
    for (int i = 0; i < w->depth; i++)
        fputs("  ", w->fp);
}

/* Separator and indentation before a value or a key. */
static void before_value(struct jsonw *w)
{
    if (w->after_key) {
        w->after_key = 0;
        return;
    }
    if (w->depth == 0) return;
    if (w->count[w->depth]++) fputc(',', w->fp);
    indent(w);
}

static void open_container(struct jsonw *w, char c)
{
    before_value(w);
    fputc(c, w->fp);
    if (w->depth < JSONW_MAX_DEPTH - 1) w->depth++;
    w->count[w->depth] = 0;
}

static void close_container(struct jsonw *w, char c)
{
    int had = w->count[w->depth];
    if (w->depth > 0) w->depth--;
    if (had) indent(w);
    fputc(c, w->fp);
}

void jsonw_object_begin(struct jsonw *w)
{
    open_container(w, '{');
}

void jsonw_object_end(struct jsonw *w)
{
    close_container(w, '}');
}

void jsonw_array_begin(struct jsonw *w)
{
    open_container(w, '[');
}

void jsonw_array_end(struct jsonw *w)
{
    close_container(w, ']');
}

static void write_string(FILE *fp, const char *text)
{
    fputc('"', fp);
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        /* the bytes that need no escape, in one write */
        size_t plain = 0;
        while (p[plain] >= 0x20 && p[plain] != '"' && p[plain] != '\\')
            plain++;
        if (plain) {
            fwrite(p, 1, plain, fp);
            p += plain;
            if (!*p) break;
        }
        switch (*p) {
        case '"':
            fputs("\\\"", fp);
            break;
        case '\\':
            fputs("\\\\", fp);
            break;
        case '\n':
            fputs("\\n", fp);
            break;
        case '\r':
            fputs("\\r", fp);
            break;
        case '\t':
            fputs("\\t", fp);
            break;
        default:
            fprintf(fp, "\\u%04x", *p);
        }
    }
    fputc('"', fp);
}

void jsonw_key(struct jsonw *w, const char *key)
{
    before_value(w);
    write_string(w->fp, key);
    fputs(": ", w->fp);
    w->after_key = 1;
}

void jsonw_string(struct jsonw *w, const char *text)
{
    if (!text) {
        jsonw_null(w);
        return;
    }
    before_value(w);
    write_string(w->fp, text);
}

void jsonw_int(struct jsonw *w, long long value)
{
    before_value(w);
    fprintf(w->fp, "%lld", value);
}

void jsonw_double(struct jsonw *w, double value)
{
    if (!isfinite(value)) {
        jsonw_null(w);
        return;
    }
    char buf[64];
    before_value(w);
    snprintf(buf, sizeof buf, "%.4f", value);
    char *end = buf + strlen(buf) - 1;
    while (end > buf && *end == '0')
        *end-- = '\0';
    if (*end == '.') *end = '\0';
    if (strcmp(buf, "-0") == 0) strcpy(buf, "0");
    fputs(buf, w->fp);
}

void jsonw_null(struct jsonw *w)
{
    before_value(w);
    fputs("null", w->fp);
}

void jsonw_raw(struct jsonw *w, const char *text)
{
    before_value(w);
    fputs(text, w->fp);
}

int jsonw_finish(struct jsonw *w)
{
    fputc('\n', w->fp);
    return fflush(w->fp) != 0 || ferror(w->fp) ? -1 : 0;
}
