/* output.c - CSV cells and terminal widths. */
#include "output.h"

#include <string.h>

void output_csv_bom(FILE *fp)
{
    fputs("\xEF\xBB\xBF", fp);
}

void output_csv_cell(FILE *fp, const char *text, int is_number)
{
    if (!text) return;
    int guard = !is_number && strchr("=+-@\t\r", text[0]) && text[0];
    int quote = guard || strpbrk(text, ",\"\r\n") != NULL;
    if (quote) fputc('"', fp);
    if (guard) fputc('\'', fp);
    for (const char *p = text; *p; p++) {
        if (*p == '"') fputc('"', fp);
        fputc(*p, fp);
    }
    if (quote) fputc('"', fp);
}

void output_csv_row(FILE *fp, const char *const *cells, int n)
{
    for (int i = 0; i < n; i++) {
        if (i) fputc(',', fp);
        output_csv_cell(fp, cells[i], 0);
    }
    fputs("\r\n", fp);
}

/* Decodes one UTF-8 character at *p, advancing it; invalid bytes give U+FFFD. */
static unsigned decode(const unsigned char **p)
{
    const unsigned char *s = *p;
    unsigned c = s[0];
    int n = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
    if (c >= 0x80 && c < 0xC0) {
        *p += 1;
        return 0xFFFD;
    }
    if (n) c &= 0x3F >> n;
    for (int i = 1; i <= n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *p += i;
            return 0xFFFD;
        }
        c = (c << 6) | (s[i] & 0x3F);
    }
    *p += n + 1;
    return c;
}

static int is_wide(unsigned c)
{
    return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) ||
           (c >= 0x3041 && c <= 0x33FF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
           (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
           (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
           (c >= 0x20000 && c <= 0x3FFFD);
}

int output_width(const char *text)
{
    int width = 0;
    const unsigned char *p = (const unsigned char *)text;
    while (*p) {
        unsigned c = decode(&p);
        if (c >= 0x300 && c <= 0x36F) continue;
        width += is_wide(c) ? 2 : 1;
    }
    return width;
}
