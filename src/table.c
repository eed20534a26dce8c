/* table.c - the tables of the view model: small lookups, and freeing one. */
#include "table.h"

#include <stdlib.h>
#include <string.h>

int table_type_is_number(enum cell_type type)
{
    return type == CELL_INT || type == CELL_REAL || type == CELL_RATE;
}

int table_visible_columns(const struct table *t)
{
    int n = 0;
    for (int c = 0; c < t->ncols; c++)
        n += !t->cols[c].hidden;
    return n;
}

enum chart_layout table_chart_layout(const struct table *t)
{
    int shown = t->hidden ? 0 : table_visible_columns(t);
    return shown > 0 && shown <= TABLE_NARROW_COLUMNS ? CHART_BESIDE : CHART_BELOW;
}

size_t table_label_chinese_length(const char *label)
{
    size_t len = strlen(label);
    int wide = 0; /* a non-ASCII byte so far */
    for (size_t i = 0; i < len; i++) {
        if ((unsigned char)label[i] >= 0x80) wide = 1;
        if (label[i] != ' ' || !wide) continue;
        size_t j = i + 1;
        while (j < len && (unsigned char)label[j] < 0x80)
            j++;
        if (j == len) {
            while (i > 0 && label[i - 1] == ' ')
                i--;
            return i;
        }
    }
    return len;
}

const char *table_cell(const struct table *t, int row, int col)
{
    const char *s = t->cells[row][col];
    return s ? s : "";
}

int table_column_index(const struct table *t, const char *name)
{
    for (int c = 0; c < t->ncols; c++)
        if (strcmp(t->cols[c].name, name) == 0) return c;
    return -1;
}

void table_free(struct table *t)
{
    if (!t) return;
    for (int r = 0; r < t->nrows; r++) {
        for (int c = 0; c < t->ncols; c++)
            free(t->cells[r][c]);
        free(t->cells[r]);
    }
    free(t->cells);
    for (int c = 0; c < t->ncols; c++) {
        free(t->cols[c].name);
        free(t->cols[c].label);
    }
    free(t->cols);
    free(t->key);
    free(t->file);
    free(t->title);
    free(t);
}
