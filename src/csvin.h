/* csvin.h - streaming CSV reader on libcsv: hands out one record at a time
 * with the line number of its first line and its raw bytes, never holding a
 * whole file in memory, and with caps on field, record and column sizes. */
#ifndef FUNNEL_CSVIN_H
#define FUNNEL_CSVIN_H

#include <stddef.h>
#include <stdint.h>

#define CSVIN_MAX_FIELD (64 * 1024)    /* bytes in one field */
#define CSVIN_MAX_RECORD (1024 * 1024) /* bytes of raw text in one record */
#define CSVIN_MAX_FIELDS 1024          /* fields kept per record */

/* One record. Everything it points to is owned by the reader and valid only
 * during the callback that receives it. */
struct csvin_record {
    const char *const *fields; /* NUL-terminated bytes as in the file (may hold NULs) */
    const size_t *lengths;
    int nfields;       /* fields kept (at most CSVIN_MAX_FIELDS) */
    long nfields_seen; /* fields in the record, kept or not */
    long line;         /* line number of the record's first line, from 1 */
    const char *raw;   /* the record's bytes without its final line end */
    size_t raw_length; /* (cut to CSVIN_MAX_RECORD) */
    const char *error; /* NULL, or why the record cannot be used */
};

/* Called once per record; a non-zero return stops the reading. */
typedef int (*csvin_record_fn)(const struct csvin_record *record, void *data);

struct csvin;

/* Opens path for reading. Returns NULL on error with a reason in err. */
struct csvin *csvin_open(const char *path, char *err, size_t errsize);

/* Reads every record and passes each to fn. A leading UTF-8 BOM is skipped;
 * empty lines yield nothing. Returns 0 at the end of the file, 1 if fn
 * stopped it, -1 on a read error (reason in err). */
int csvin_read(struct csvin *in, csvin_record_fn fn, void *data, char *err, size_t errsize);

/* Bytes consumed so far, for progress reports. */
uint64_t csvin_offset(const struct csvin *in);

/* Closes the reader; NULL is a no-op. */
void csvin_close(struct csvin *in);

#endif
