/* table.h - the view model every renderer reads: a report is a list of
 * tables of cells (text as SQL gave it) plus the charts drawn from them.
 * Built by report.c from SQL results; renderers never run SQL. A table owns
 * its strings; report_result owns its tables and charts and is freed with
 * report_result_free (report.h). */
#ifndef FUNNEL_TABLE_H
#define FUNNEL_TABLE_H

#include <stdio.h>

enum cell_type {
    CELL_TEXT, /* free text: guarded against formulas in CSV */
    CELL_INT,  /* integer */
    CELL_REAL, /* number with decimals */
    CELL_RATE, /* fraction 0..1: JSON as is, text/HTML as a percentage */
    CELL_JSON, /* a JSON value made by SQL (array or object): JSON as is */
    CELL_PHONE /* a phone: masked unless phones are to be shown */
};

/* How a table goes into the report's JSON object. */
enum table_shape {
    SHAPE_ROWS,    /* key: [ {col: value, ...}, ... ] */
    SHAPE_SCALARS, /* the first row's columns become top-level keys */
    SHAPE_OBJECT   /* key: { first column's value: second column's value, ... } */
};

struct table_column {
    char *name;  /* JSON key and CSV header: "visit_rate" */
    char *label; /* header for people: "到店率 visit rate" */
    enum cell_type type;
    int hidden;  /* in JSON only: its label in the SQL header is "-" */
    int varying; /* shown only when its cells differ: the label starts with "?"
                  * (a store column, empty in a one-store database) */
};

struct table {
    char *key;   /* JSON key: "by_owner" */
    char *file;  /* the pack's CSV file is NAME_FILE.csv: "salespeople" (the key when the
                  * SQL's header names no file) */
    char *title; /* section title for people */
    enum table_shape shape;
    int hidden; /* in JSON only (scalars that text shows elsewhere) */
    int paged;  /* printed HTML: a page for each value of the first column */
    int ncols;
    struct table_column *cols;
    int nrows;
    char ***cells; /* cells[row][col], NULL for SQL NULL */
};

/* Where a chart goes on the page, which decides its size: beside a narrow
 * table (a few columns), or below a wide one, or alone (hidden table). */
enum chart_layout {
    CHART_BELOW, /* the content's full width, under its table */
    CHART_BESIDE /* about half the width, to the right of its table */
};

/* A chart: a gnuplot template from reports/ drawn from one table. */
struct chart {
    char *name;                /* file name without extension: "defeats_pareto" */
    char *title;               /* caption */
    char *template_name;       /* "pareto.gp" */
    int table;                 /* index into report_result.tables */
    char *columns;             /* comma-separated column names written to the data file, in order */
    char *png_path, *svg_path; /* set once drawn, else NULL */
    enum chart_layout layout;
};

struct report_result {
    char *name;  /* "funnel", "monthly", ... */
    char *title; /* "销售漏斗 Funnel 2026-10" */
    char from[11], to[11], as_of[11];
    int ntables;
    struct table **tables;
    int ncharts;
    struct chart *charts;
    char *notes;           /* warnings for the reader (no gnuplot, no CJK font), or NULL */
    char generated[17];    /* when it was made, local time "YYYY-MM-DD HH:MM", or "" */
    long long made;        /* the same time in seconds since 1970, or 0 */
    char data_through[11]; /* the latest contact's day, or "" without contacts */
    char *dealer;          /* the rules' [dealer] name, or NULL */
};

/* Non-zero for the types that hold a number (int, real, rate): written as
 * numbers and right-aligned. */
int table_type_is_number(enum cell_type type);

/* The number of columns shown to people (not hidden). */
int table_visible_columns(const struct table *t);

/* The layout of a chart drawn from t: beside t when t is shown with at most
 * TABLE_NARROW_COLUMNS columns, else below it (or alone, when t is hidden). */
#define TABLE_NARROW_COLUMNS 4
enum chart_layout table_chart_layout(const struct table *t);

/* The length in bytes of the Chinese part of a bilingual label ("到店率
 * visit rate" -> the 9 bytes of "到店率"): the text before the first space
 * that has Chinese (any non-ASCII) before it and only ASCII after it; the
 * whole label when there is no such space. */
size_t table_label_chinese_length(const char *label);

/* Cell text: "" for NULL. */
const char *table_cell(const struct table *t, int row, int col);

/* Index of the column named name, or -1. */
int table_column_index(const struct table *t, const char *name);

/* Frees a table; NULL is a no-op. */
void table_free(struct table *t);

#endif
