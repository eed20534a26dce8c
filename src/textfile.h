/* textfile.h - reading a whole small text file (a rules file, an SQL file,
 * a chart's SVG) into memory. */
#ifndef FUNNEL_TEXTFILE_H
#define FUNNEL_TEXTFILE_H

#include <stddef.h>

/* Reads the file at path into a malloc'd NUL-terminated string the caller
 * frees, and its length into *length when length is not NULL (the file may
 * hold NULs). Refuses files over max bytes. Returns NULL with "PATH: reason"
 * in err (err may be NULL). */
char *textfile_read(const char *path, size_t max, size_t *length, char *err, size_t errsize);

#endif
