/* output.h - cell-level helpers shared by the writers: CSV cells that Excel
 * opens safely, and the display width of UTF-8 text in a terminal. */
#ifndef FUNNEL_OUTPUT_H
#define FUNNEL_OUTPUT_H

#include <stddef.h>
#include <stdio.h>

/* Writes the UTF-8 byte order mark, so that Excel reads the CSV as UTF-8. */
void output_csv_bom(FILE *fp);

/* Writes one CSV cell (quoted when needed). A text cell that Excel would run
 * as a formula (starting with =, +, -, @, tab or CR) gets a leading '; a
 * number cell is written as it is. NULL writes an empty cell. */
void output_csv_cell(FILE *fp, const char *text, int is_number);

/* Writes n text cells and a CRLF line end. */
void output_csv_row(FILE *fp, const char *const *cells, int n);

/* Columns the UTF-8 text takes in a terminal: East Asian wide and full-width
 * characters count two, combining marks zero, the rest one. */
int output_width(const char *text);

#endif
