/* csvin.c - streaming CSV reader: the file is cut into physical lines (LF,
 * CRLF or a lone CR), each line is fed to libcsv, and a record is handed out
 * when libcsv ends it, with the number of the line it started on. */
#include "csvin.h"

#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CSVIN_CHUNK (256 * 1024)
#define CSV_ROW_NOT_BEGUN 0 /* libcsv's parser state between records */
#define CSV_FIELD_BEGUN 2   /* libcsv's parser state inside a field */

struct csvin {
    FILE *fp;
    struct csv_parser parser;
    uint64_t offset;

    /* the record being assembled */
    char *text; /* field bytes, each NUL-terminated */
    size_t text_used, text_size;
    size_t *starts, *lengths;
    const char **fields;
    int nfields;
    long nfields_seen;
    char *raw;
    size_t raw_used;
    int raw_cut;
    long start_line;
    int ended;         /* libcsv ended the record in the line just fed */
    const char *error; /* set when the record broke a cap */
    int skipping;      /* the cap broke a quoted field: follow its quotes */
    int in_quotes;     /* while skipping: inside the quoted field */
};

/* libcsv grows its field buffer with this; refusing makes csv_parse fail
 * with CSV_ENOMEM, which caps the size of one field. */
static void *capped_realloc(void *ptr, size_t size)
{
    if (size > CSVIN_MAX_FIELD + 256) return NULL;
    return realloc(ptr, size);
}

static int parser_init(struct csv_parser *p)
{
    if (csv_init(p, CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) return -1;
    csv_set_realloc_func(p, capped_realloc);
    csv_set_blk_size(p, 1024);
    return 0;
}

struct csvin *csvin_open(const char *path, char *err, size_t errsize)
{
    struct csvin *in = calloc(1, sizeof *in);
    if (!in) {
        snprintf(err, errsize, "out of memory");
        return NULL;
    }
    in->fp = fopen(path, "rb");
    if (!in->fp) {
        snprintf(err, errsize, "cannot open: %s", strerror(errno));
        free(in);
        return NULL;
    }
    in->raw = malloc(CSVIN_MAX_RECORD);
    in->starts = malloc(CSVIN_MAX_FIELDS * sizeof *in->starts);
    in->lengths = malloc(CSVIN_MAX_FIELDS * sizeof *in->lengths);
    in->fields = malloc(CSVIN_MAX_FIELDS * sizeof *in->fields);
    in->text_size = 4096;
    in->text = malloc(in->text_size);
    if (!in->raw || !in->starts || !in->lengths || !in->fields || !in->text ||
        parser_init(&in->parser) != 0) {
        snprintf(err, errsize, "out of memory");
        csvin_close(in);
        return NULL;
    }
    return in;
}

void csvin_close(struct csvin *in)
{
    if (!in) return;
    if (in->fp) fclose(in->fp);
    csv_free(&in->parser);
    free(in->raw);
    free(in->starts);
    free(in->lengths);
    free(in->fields);
    free(in->text);
    free(in);
}

uint64_t csvin_offset(const struct csvin *in)
{
    return in->offset;
}

static void record_reset(struct csvin *in, long line)
{
    in->text_used = 0;
    in->nfields = 0;
    in->nfields_seen = 0;
    in->raw_used = 0;
    in->raw_cut = 0;
    in->start_line = line;
    in->ended = 0;
    in->error = NULL;
    in->skipping = 0;
    in->in_quotes = 0;
}

static void on_field(void *field, size_t len, void *data)
{
    struct csvin *in = data;
    in->nfields_seen++;
    if (in->nfields >= CSVIN_MAX_FIELDS && len == 0) return; /* a trailing empty column */
    if (len > CSVIN_MAX_FIELD) {
        in->error = "field longer than the limit of 64 KiB";
        return;
    }
    if (in->nfields >= CSVIN_MAX_FIELDS) {
        in->error = "too many fields";
        return;
    }
    if (in->text_used + len + 1 > in->text_size) {
        size_t size = in->text_size;
        while (in->text_used + len + 1 > size)
            size *= 2;
        char *text = realloc(in->text, size);
        if (!text) {
            in->error = "out of memory";
            return;
        }
        in->text = text;
        in->text_size = size;
    }
    if (len) memcpy(in->text + in->text_used, field, len);
    in->text[in->text_used + len] = '\0';
    in->starts[in->nfields] = in->text_used;
    in->lengths[in->nfields] = len;
    in->nfields++;
    in->text_used += len + 1;
}

static void on_record(int terminator, void *data)
{
    (void)terminator;
    ((struct csvin *)data)->ended = 1;
}

static void raw_append(struct csvin *in, const char *bytes, size_t len)
{
    size_t room = CSVIN_MAX_RECORD - in->raw_used;
    if (len > room) {
        len = room;
        in->raw_cut = 1;
    }
    memcpy(in->raw + in->raw_used, bytes, len);
    in->raw_used += len;
}

/* Hands the assembled record to fn and starts a new one. */
static int record_emit(struct csvin *in, csvin_record_fn fn, void *data)
{
    struct csvin_record rec;
    size_t raw_len = in->raw_used;
    while (raw_len > 0 && (in->raw[raw_len - 1] == '\n' || in->raw[raw_len - 1] == '\r'))
        raw_len--;
    for (int i = 0; i < in->nfields; i++)
        in->fields[i] = in->text + in->starts[i];
    rec.fields = in->fields;
    rec.lengths = in->lengths;
    rec.nfields = in->nfields;
    rec.nfields_seen = in->nfields_seen;
    rec.line = in->start_line;
    rec.raw = in->raw;
    rec.raw_length = raw_len;
    rec.error = in->error;
    if (!rec.error && in->raw_cut) rec.error = "record longer than the limit of 1 MiB";
    int stop = fn(&rec, data);
    if (rec.error || in->parser.pstate != CSV_ROW_NOT_BEGUN) { /* broken: restart the parser */
        csv_free(&in->parser);
        parser_init(&in->parser);
    }
    record_reset(in, 0);
    return stop;
}

/* Feeds bytes of line lineno to libcsv; the first bytes of a record note
 * its line. After a field breaks a cap, bytes are only kept as raw text:
 * to the end of the line, or, when the field was quoted, to the line where
 * its quotes close (followed here, since libcsv has given up). */
static void feed_bytes(struct csvin *in, const char *bytes, size_t len, long lineno)
{
    if (in->raw_used == 0) record_reset(in, lineno);
    raw_append(in, bytes, len);
    size_t used = 0;
    if (!in->error) {
        used = csv_parse(&in->parser, bytes, len, on_field, on_record, in);
        if (used == len) return;
        in->error = csv_error(&in->parser) == CSV_ENOMEM ? "field longer than the limit of 64 KiB"
                                                         : "malformed CSV";
        if (!in->parser.quoted) return;
        in->skipping = in->in_quotes = 1;
        used++; /* the byte libcsv could not take is field data */
    }
    if (in->skipping)
        for (size_t i = used; i < len; i++)
            if (bytes[i] == '"') in->in_quotes = !in->in_quotes;
}

/* Called at the end of each physical line: hands out a record that ended in
 * it (or broke a cap), or forgets an empty line. */
static int line_end(struct csvin *in, csvin_record_fn fn, void *data)
{
    if (in->skipping && in->in_quotes) return 0; /* the broken field goes on */
    if (in->ended || in->error) return record_emit(in, fn, data);
    if (in->parser.pstate == CSV_ROW_NOT_BEGUN) record_reset(in, 0);
    return 0;
}

int csvin_read(struct csvin *in, csvin_record_fn fn, void *data, char *err, size_t errsize)
{
    char *buf = malloc(CSVIN_CHUNK);
    long lineno = 1;
    int stop = 0, first = 1, after_cr = 0;
    size_t n;

    if (!buf) {
        snprintf(err, errsize, "out of memory");
        return -1;
    }
    record_reset(in, 1);
    while (!stop && (n = fread(buf, 1, CSVIN_CHUNK, in->fp)) > 0) {
        size_t pos = 0;
        in->offset += n;
        if (first) {
            first = 0;
            if (n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) pos = 3;
        }
        /* an LF right after a CR that ended the previous chunk belongs to
         * that line: data inside a quoted field, else nothing */
        if (after_cr && pos < n && buf[pos] == '\n') {
            if (in->raw_used > 0) feed_bytes(in, "\n", 1, lineno - 1);
            pos++;
        }
        after_cr = 0;
        while (!stop && pos < n) {
            size_t end = pos;
            while (end < n && buf[end] != '\n' && buf[end] != '\r')
                end++;
            if (end == n) { /* the line goes on in the next chunk */
                feed_bytes(in, buf + pos, end - pos, lineno);
                break;
            }
            if (buf[end] == '\r') {
                if (end + 1 < n && buf[end + 1] == '\n')
                    end++;
                else if (end + 1 == n)
                    after_cr = 1;
            }
            feed_bytes(in, buf + pos, end + 1 - pos, lineno);
            stop = line_end(in, fn, data);
            lineno++;
            pos = end + 1;
        }
    }
    if (ferror(in->fp)) {
        snprintf(err, errsize, "read error: %s", strerror(errno));
        free(buf);
        return -1;
    }
    free(buf);
    if (stop) return 1;
    /* the last record, when the file does not end with a line end; libcsv
     * accepts an open quote at the end unless in strict mode, which would
     * also refuse a stray quote inside a field, so look for it here */
    if (!in->error && in->parser.quoted && in->parser.pstate == CSV_FIELD_BEGUN)
        in->error = "unterminated quoted field";
    if (!in->error && csv_fini(&in->parser, on_field, on_record, in) != 0)
        in->error = "unterminated quoted field";
    if (in->ended || in->error) return record_emit(in, fn, data) ? 1 : 0;
    return 0;
}
