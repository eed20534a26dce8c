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
    const char *raw;   /* the record's bytes without its final line end, cut to
                        * the first CSVIN_MAX_RECORD bytes of the record */
    size_t raw_length;
    const char *error; /* NULL, or why the record cannot be used */
};

/* How to read. A NULL options pointer means all defaults. */
struct csvin_options {
    char delimiter; /* 0 = ',' */
    long max_lines; /* 0 = all; stop after this many physical lines (for sniffing the header) */
    int check_utf8; /* check that the bytes are UTF-8 as they are read (csvin_invalid_utf8) */
};

/* Called once per record; a non-zero return stops the reading. */
typedef int (*csvin_record_fn)(const struct csvin_record *record, void *data);

struct csvin;

/* Reads the regular file open on fd from its start (it seeks to 0 first;
 * csvin_read is to be called once).
 * The reader never closes fd: the caller does, after csvin_close. Returns
 * NULL on error with a reason in err. */
struct csvin *csvin_open_fd(int fd, const struct csvin_options *options, char *err, size_t errsize);

/* Opens path with default options; the reader owns that descriptor and
 * csvin_close closes it. Returns NULL on error with a reason in err. */
struct csvin *csvin_open(const char *path, char *err, size_t errsize);

/* Tells the reader how many fields a record has (the header's count, once
 * it is known), so that a stray quote can be told from a quoted field that
 * holds line ends. 0 (the start) means unknown. */
void csvin_expect_fields(struct csvin *in, int nfields);

/* Reads every record and passes each to fn. A leading UTF-8 BOM is skipped;
 * a UTF-16LE or UTF-16BE BOM makes the file UTF-16, transcoded to UTF-8
 * before parsing (line numbers, raw text and fields are then of the UTF-8
 * text; a record holding an odd trailing byte or a bad surrogate gets the
 * error "bytes that are not valid UTF-16"). Empty lines yield nothing; a
 * field holding a NUL byte gives its record the error "NUL byte in a field".
 * A quote that is never closed, or whose record has another field count
 * than expected once it ran over line ends, or that runs past the caps to
 * the end of the file, rejects only the first line of its record (error
 * "unterminated quote", raw = that line) and reading resumes at the next
 * line. A lone CR inside a quoted field is data, not a line end, unless the
 * file's first line end is a lone CR. Returns 0
 * at the end of the file (or after max_lines lines), 1 if fn stopped it,
 * -1 on a read error (reason in err). */
int csvin_read(struct csvin *in, csvin_record_fn fn, void *data, char *err, size_t errsize);

/* With check_utf8: how many bytes read so far are not valid UTF-8 (NULs
 * included; a sequence cut by the end of the file counts once the end is
 * read). The count covers every byte of each record by the time the record
 * is handed out. 0 for a UTF-16 file or without check_utf8. */
size_t csvin_invalid_utf8(const struct csvin *in);

/* 0 when the file is not UTF-16, 1 when it is UTF-16LE, 2 when UTF-16BE
 * (known from the BOM as soon as the reader is open). */
int csvin_utf16(const struct csvin *in);

/* Bytes of the file consumed so far, for progress reports. */
uint64_t csvin_offset(const struct csvin *in);

/* Closes the reader, and the descriptor only if csvin_open opened it; NULL
 * is a no-op. */
void csvin_close(struct csvin *in);

#endif
