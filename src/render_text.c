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

/* Returns 0, or -1 when out of memory. */
static int rows_text(const struct table *t, FILE *fp)
{
    int *width = calloc((size_t)t->ncols + 1, sizeof *width);
    char cell[TEXT_CELL_SIZE * 4];
    if (!width) return -1;
    int last = t->ncols - 1; /* the last column shown: no padding after it */
    while (last > 0 && t->cols[last].hidden)
        last--;
    for (int c = 0; c < t->ncols; c++)
        width[c] = output_width(t->cols[c].label);
    for (int r = 0; r < t->nrows; r++)
        for (int c = 0; c < t->ncols; c++) {
            cell_shown(t, r, c, cell, sizeof cell);
            int w = output_width(cell);
            if (w > width[c]) width[c] = w;
        }
    for (int c = 0; c <= last; c++) {
        if (t->cols[c].hidden) continue;
        int w = output_width(t->cols[c].label);
        if (table_type_is_number(t->cols[c].type)) pad(fp, width[c] - w);
        fputs(t->cols[c].label, fp);
        if (!table_type_is_number(t->cols[c].type) && c < last) pad(fp, width[c] - w);
        fputs(c < last ? "  " : "\n", fp);
    }
    for (int c = 0; c <= last; c++) {
        if (t->cols[c].hidden) continue;
        for (int i = 0; i < width[c]; i++)
            fputc('-', fp);
        fputs(c < last ? "  " : "\n", fp);
    }
    for (int r = 0; r < t->nrows; r++)
        for (int c = 0; c <= last; c++) {
            if (t->cols[c].hidden) continue;
            cell_shown(t, r, c, cell, sizeof cell);
            int w = output_width(cell);
            if (table_type_is_number(t->cols[c].type)) pad(fp, width[c] - w);
            fputs(cell, fp);
            if (!table_type_is_number(t->cols[c].type) && c < last) pad(fp, width[c] - w);
            fputs(c < last ? "  " : "\n", fp);
        }
    if (t->nrows == 0) fputs("(无 none)\n", fp);
    free(width);
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

int render_text(const struct report_result *r, FILE *fp)
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
        else if (rows_text(t, fp) != 0)
            rc = -1;
    }
    return rc != 0 || ferror(fp) ? -1 : 0;
}
