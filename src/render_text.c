/* render_text.c - reports as aligned tables for a terminal (control
 * characters shown as escapes), and the cell formatting the text, CSV and
 * HTML writers share. */
#include "output.h"
#include "render.h"

#include <stdlib.h>
#include <string.h>

#define TEXT_CELL_SIZE 512 /* a cell's text is cut to 511 bytes, at a character */

/* Flattens a JSON array ("a : b : c") or flat object ("k v, k v") made by
 * SQLite into out. Strings lose their quotes, null is "-"; nothing nested is
 * expected. */
static void flatten_json(const char *json, char *out, size_t size)
{
    int object = json[0] == '{', in_string = 0;
    size_t o = 0;
    for (const char *p = json + 1; *p && o + 4 < size; p++) {
        if (in_string) {
            if (*p == '\\' && p[1])
                out[o++] = *++p;
            else if (*p == '"')
                in_string = 0;
            else
                out[o++] = *p;
        } else if (*p == '"') {
            in_string = 1;
        } else if (*p == ':' && object) {
            out[o++] = ' ';
        } else if (*p == ',') {
            const char *sep = object ? ", " : " : ";
            size_t n = strlen(sep);
            memcpy(out + o, sep, n);
            o += n;
        } else if (strncmp(p, "null", 4) == 0) {
            out[o++] = '-';
            p += 3;
        } else if (*p != ']' && *p != '}' && *p != ' ') {
            out[o++] = *p;
        }
    }
    out[o] = '\0';
}

void render_cell_text(const struct table *t, int row, int col, char *out, size_t size)
{
    const char *text = t->cells[row][col];
    if (!text) {
        snprintf(out, size, "-");
        return;
    }
    switch (t->cols[col].type) {
    case CELL_RATE:
        snprintf(out, size, "%.1f%%", strtod(text, NULL) * 100.0);
        break;
    case CELL_REAL: {
        double v = strtod(text, NULL);
        snprintf(out, size, "%.1f", v);
        size_t n = strlen(out);
        if (n > 2 && strcmp(out + n - 2, ".0") == 0) out[n - 2] = '\0';
        if (strcmp(out, "-0") == 0) snprintf(out, size, "0");
        break;
    }
    case CELL_JSON:
        flatten_json(text, out, size);
        break;
    default:
        snprintf(out, size, "%s", text);
    }
    output_utf8_trim(out); /* a cell cut short ends with a whole character */
}

static void pad(FILE *fp, int n)
{
    for (int i = 0; i < n; i++)
        fputc(' ', fp);
}

/* The text of a cell as a terminal shows it (see output_terminal_escape). */
static void cell_shown(const struct table *t, int row, int col, char *out, size_t size)
{
    char cell[TEXT_CELL_SIZE];
    render_cell_text(t, row, col, cell, sizeof cell);
    output_terminal_escape(cell, out, size);
}

/* The bytes of text that fill at most width terminal columns (at least one
 * character, so that text always moves on); a line breaks after a space
 * when one is in reach, else at a character. */
static size_t line_bytes(const char *text, int width)
{
    size_t n = 0, space = 0;
    int used = 0;
    while (text[n]) {
        size_t len = 1;
        while (((unsigned char)text[n + len] & 0xC0) == 0x80)
            len++;
        char one[8] = "";
        memcpy(one, text + n, len < sizeof one ? len : sizeof one - 1);
        int w = output_width(one);
        if (used + w > width && n > 0) return space > 0 ? space : n;
        used += w;
        n += len;
        if (text[n - 1] == ' ') space = n;
    }
    return n;
}

/* Writes the next line of *text (advanced past it and the spaces after)
 * padded to width, numbers right-aligned; pads when *text is used up. */
static void put_line(FILE *fp, const char **text, int width, int number, int last)
{
    size_t n = line_bytes(*text, width);
    char line[TEXT_CELL_SIZE * 4];
    if (n >= sizeof line) n = sizeof line - 1;
    memcpy(line, *text, n);
    line[n] = '\0';
    *text += n;
    while (**text == ' ')
        (*text)++;
    size_t end = strlen(line);
    while (end > 0 && line[end - 1] == ' ')
        line[--end] = '\0';
    int w = output_width(line);
    if (number) pad(fp, width - w);
    fputs(line, fp);
    if (!number && !last) pad(fp, width - w);
}

/* Whether column c of t may wrap to fit: text, not a number or phone. */
static int column_wraps(const struct table *t, int c)
{
    return t->cols[c].type == CELL_TEXT || t->cols[c].type == CELL_JSON;
}

/* The header of column c: its whole label when wide, else its Chinese part. */
static void header_text(const struct table *t, int c, int wide, char *out, size_t size)
{
    const char *label = t->cols[c].label;
    size_t len = wide ? strlen(label) : table_label_chinese_length(label);
    snprintf(out, size, "%.*s", (int)len, label);
}

/* Narrows the widest text columns of width[] (natural widths) one column at
 * a time until the row fits limit, or none can narrow below floor. */
static void fit_widths(const struct table *t, int *width, int last, int limit)
{
    enum { FLOOR = 10 };
    for (;;) {
        int total = 0, widest = -1;
        for (int c = 0; c <= last; c++) {
            if (t->cols[c].hidden) continue;
            total += width[c] + (c < last ? 2 : 0);
            if (column_wraps(t, c) && width[c] > FLOOR && (widest < 0 || width[c] > width[widest]))
                widest = c;
        }
        if (total <= limit || widest < 0) return;
        width[widest]--;
    }
}

/* Writes one row of cells (texts[c] for each column shown), wrapping each
 * within its column over as many lines as the longest needs. */
static void put_row(FILE *fp, const struct table *t, const char **texts, const int *width, int last)
{
    for (;;) {
        for (int c = 0; c <= last; c++) {
            if (t->cols[c].hidden) continue;
            put_line(fp, &texts[c], width[c], table_type_is_number(t->cols[c].type), c == last);
            fputs(c < last ? "  " : "\n", fp);
        }
        int more = 0;
        for (int c = 0; c <= last; c++)
            if (!t->cols[c].hidden && *texts[c]) more = 1;
        if (!more) return;
    }
}

/* Returns 0, or -1 when out of memory. limit 0: as wide as the content, with
 * the whole bilingual labels; else Chinese headers and text columns
 * wrapped to fit limit columns. */
static int rows_text(const struct table *t, FILE *fp, int limit)
{
    int *width = calloc((size_t)t->ncols + 1, sizeof *width);
    const char **texts = calloc((size_t)t->ncols + 1, sizeof *texts);
    char(*cells)[TEXT_CELL_SIZE * 4] = calloc((size_t)t->ncols + 1, sizeof *cells);
    if (!width || !texts || !cells) {
        free(width);
        free(texts);
        free(cells);
        return -1;
    }
    int last = t->ncols - 1; /* the last column shown: no padding after it */
    while (last > 0 && t->cols[last].hidden)
        last--;
    for (int c = 0; c < t->ncols; c++) {
        header_text(t, c, limit == 0, cells[c], sizeof cells[c]);
        width[c] = output_width(cells[c]);
    }
    for (int r = 0; r < t->nrows; r++)
        for (int c = 0; c < t->ncols; c++) {
            char cell[TEXT_CELL_SIZE * 4];
            cell_shown(t, r, c, cell, sizeof cell);
            int w = output_width(cell);
            if (w > width[c]) width[c] = w;
        }
    if (limit > 0) fit_widths(t, width, last, limit);
    for (int c = 0; c <= last; c++)
        texts[c] = cells[c];
    put_row(fp, t, texts, width, last);
    for (int c = 0; c <= last; c++) {
        if (t->cols[c].hidden) continue;
        for (int i = 0; i < width[c]; i++)
            fputc('-', fp);
        fputs(c < last ? "  " : "\n", fp);
    }
    for (int r = 0; r < t->nrows; r++) {
        for (int c = 0; c <= last; c++) {
            cell_shown(t, r, c, cells[c], sizeof cells[c]);
            texts[c] = cells[c];
        }
        put_row(fp, t, texts, width, last);
    }
    if (t->nrows == 0) fputs("(无 none)\n", fp);
    free(width);
    free(texts);
    free(cells);
    return 0;
}

static void scalars_text(const struct table *t, FILE *fp)
{
    int width = 0;
    char cell[TEXT_CELL_SIZE * 4];
    for (int c = 0; c < t->ncols; c++)
        if (output_width(t->cols[c].label) > width) width = output_width(t->cols[c].label);
    for (int c = 0; c < t->ncols; c++) {
        if (t->cols[c].hidden) continue;
        fputs(t->cols[c].label, fp);
        pad(fp, width - output_width(t->cols[c].label));
        if (t->nrows > 0)
            cell_shown(t, 0, c, cell, sizeof cell);
        else
            snprintf(cell, sizeof cell, "-");
        fprintf(fp, "  %s\n", cell);
    }
}

int render_text(const struct report_result *r, FILE *fp, int width)
{
    int rc = 0;
    output_terminal_printf(fp, "%s\n", r->title);
    if (r->as_of[0]) output_terminal_printf(fp, "(as of %s)\n", r->as_of);
    if (r->notes) output_terminal_printf(fp, "note: %s\n", r->notes);
    for (int i = 0; i < r->ntables; i++) {
        const struct table *t = r->tables[i];
        if (t->hidden) continue;
        fputc('\n', fp);
        output_terminal_printf(fp, "== %s\n", t->title);
        if (t->shape == SHAPE_SCALARS)
            scalars_text(t, fp);
        else if (rows_text(t, fp, width) != 0)
            rc = -1;
    }
    return rc != 0 || ferror(fp) ? -1 : 0;
}
