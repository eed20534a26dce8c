/* embedded.h - the files of queries/ and reports/ built into the binary. */
#ifndef FUNNEL_EMBEDDED_H
#define FUNNEL_EMBEDDED_H

struct embedded_file {
    const char *name; /* base name, e.g. "funnel.sql" */
    const char *text; /* NUL-terminated contents */
};

/* Ends with {NULL, NULL}. */
extern const struct embedded_file embedded_files[];

/* The text of the built-in file called name ("funnel.sql"), or NULL when
 * there is none. The text is the binary's: never freed. */
const char *embedded_find(const char *name);

#endif
