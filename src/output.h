/* output.h - helpers shared by the writers: CSV cells that Excel opens
 * safely, UTF-8 text for a terminal (its width, control characters shown as
 * escapes, cuts at character boundaries), and the private folder a report
 * is written into, with files that never follow a planted link. */
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

/* Drops a partial UTF-8 character from the end of text, as snprintf leaves
 * text it cut short, so that a cut string stays valid UTF-8. */
void output_utf8_trim(char *text);

/* Copies text into out (size bytes, NUL-terminated) as a terminal should
 * show it: control characters (C0, DEL, C1 U+0080..U+009F) and bytes that
 * are not UTF-8 become \xHH escapes (ESC is \x1b), the rest is copied.
 * Text that does not fit is cut before a character or an escape. */
void output_terminal_escape(const char *text, char *out, size_t size);

/* fprintf for a terminal: the formatted text is written with control
 * characters escaped as output_terminal_escape does, except a newline that
 * ends fmt itself. Returns 0, or -1 when out of memory. */
int output_terminal_printf(FILE *fp, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Makes dir ready for a report's files. A missing folder is made (with its
 * parents) with mode 0700; an existing one is used as it is if it is a
 * directory, not a symbolic link, owned by this user; anything else is
 * refused, and nothing that exists is changed. Returns 0, or -1 with a
 * reason in err. */
int output_dir_prepare(const char *dir, char *err, size_t errsize);

/* A file being written into a report folder: a new file (mode 0600) with a
 * temporary name, renamed to its name when complete. */
struct output_file {
    FILE *fp;
    char *temp; /* the temporary name, NULL once renamed or removed */
    char *path; /* dir/name */
};

/* Opens dir/name for writing as f: f->fp writes a new temporary file in
 * dir, so whatever is at dir/name (a planted symbolic or hard link) is
 * never written through. Returns 0, or -1 with a reason in err (then f
 * holds nothing). */
int output_file_open(struct output_file *f, const char *dir, const char *name, char *err,
                     size_t errsize);

/* Closes f and renames it to its name, replacing what was there (a link
 * itself, not its target). Returns 0, or -1 with a reason in err (a write
 * error such as "File too large"), when the temporary file is removed.
 * Either way f is released. */
int output_file_commit(struct output_file *f, char *err, size_t errsize);

/* Closes and removes f's temporary file and releases f; a released f is a
 * no-op. */
void output_file_discard(struct output_file *f);

#endif
