/* csvin.c - streaming CSV reader: the file (transcoded when it is UTF-16)
 * is cut into physical lines (LF, CRLF or a lone CR outside quotes), each
 * line is fed to libcsv (a lone CR inside quotes is data unless the file's
 * lines end with lone CRs), and a record is handed out when libcsv ends it,
 * with the number of the line it started on. A record broken by a stray
 * quote gives back all but its first line to be read again. */
#include "csvin.h"

#include "encoding.h"
#include "i18n.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CSVIN_CHUNK (256 * 1024)
#define CSV_ROW_NOT_BEGUN 0 /* libcsv's parser state between records */
#define CSV_FIELD_BEGUN 2   /* libcsv's parser state inside a field */
#define BAD_UTF16 '\xFF'    /* stands for a bad UTF-16 unit: never in UTF-8 */

struct csvin {
    int fd, owns_fd;
    char delimiter;
    long max_lines;
    int expected_fields;
    int line_ends; /* 0 = none seen yet, 1 = LF or CRLF, 2 = lone CR */
    struct csv_parser parser;
    uint64_t offset; /* bytes of the file read */

    /* the source: the file's bytes after the BOM, as UTF-8 */
    int utf16; /* 0, 1 = LE, 2 = BE */
    size_t bom_length;
    iconv_t cd;
    char *wide; /* UTF-16 bytes read but not yet converted */
    size_t wide_used;
    int file_ended;
    uint64_t discard; /* UTF-8 bytes to drop after going back in a UTF-16 file */

    /* the bytes to be cut into lines: q[q_pos, q_used), q[0] being byte
     * q_stream of the source */
    char *q;
    size_t q_pos, q_used, q_size;
    uint64_t q_stream;

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
    uint64_t start_stream;  /* source byte where the record starts */
    size_t first_line_used; /* raw bytes of its first line, line end included */
    int first_line_fields;  /* fields complete at the end of its first line */
    int ended;              /* libcsv ended the record in the line just fed */
    int has_nul;            /* a field holds a NUL byte */
    const char *error;      /* set when the record broke a cap */
    int skipping;           /* the cap broke a quoted field: follow its quotes */
    int in_quotes;          /* while skipping: inside the quoted field */
    int quote_seen;         /* while skipping: the last byte was a quote inside quotes */

    /* check_utf8: every byte of the file checked once, as it is first read */
    int check_utf8;
    struct encoding_guess utf8;
    uint64_t checked; /* file offset up to which bytes were checked */

    /* going back after a quote that ran to the end of the file rereads it;
     * once the bytes reread pass the file's size, a quoted field that
     * breaks a cap is taken as unterminated at once (the cost stays linear) */
    uint64_t reread, reread_budget;
};

/* libcsv grows its field buffer with this; refusing makes csv_parse fail
 * with CSV_ENOMEM, which caps the size of one field. */
static void *capped_realloc(void *ptr, size_t size)
{
    if (size > CSVIN_MAX_FIELD + 256) return NULL;
    return realloc(ptr, size);
}

static int parser_init(struct csvin *in)
{
    if (csv_init(&in->parser, CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) return -1;
    csv_set_realloc_func(&in->parser, capped_realloc);
    csv_set_blk_size(&in->parser, 1024);
    csv_set_delim(&in->parser, (unsigned char)(in->delimiter ? in->delimiter : ','));
    return 0;
}

static void parser_restart(struct csvin *in)
{
    csv_free(&in->parser);
    parser_init(in);
}

static int source_start(struct csvin *in, char *err, size_t errsize);

struct csvin *csvin_open_fd(int fd, const struct csvin_options *options, char *err, size_t errsize)
{
    struct csvin *in = calloc(1, sizeof *in);
    if (!in) {
        snprintf(err, errsize, _("out of memory"));
        return NULL;
    }
    in->fd = fd;
    in->cd = (iconv_t)-1;
    if (options) {
        in->delimiter = options->delimiter;
        in->max_lines = options->max_lines;
        in->check_utf8 = options->check_utf8;
    }
    encoding_guess_init(&in->utf8);
    in->raw = malloc(CSVIN_MAX_RECORD);
    in->starts = malloc(CSVIN_MAX_FIELDS * sizeof *in->starts);
    in->lengths = malloc(CSVIN_MAX_FIELDS * sizeof *in->lengths);
    in->fields = malloc(CSVIN_MAX_FIELDS * sizeof *in->fields);
    in->text_size = 4096;
    in->text = malloc(in->text_size);
    in->q_size = 2 * CSVIN_CHUNK;
    in->q = malloc(in->q_size);
    if (!in->raw || !in->starts || !in->lengths || !in->fields || !in->text || !in->q ||
        parser_init(in) != 0) {
        snprintf(err, errsize, _("out of memory"));
        csvin_close(in);
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) == 0) in->reread_budget = (uint64_t)st.st_size;
    if (source_start(in, err, errsize) != 0) {
        csvin_close(in);
        return NULL;
    }
    return in;
}

struct csvin *csvin_open(const char *path, char *err, size_t errsize)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        snprintf(err, errsize, _("cannot open: %s"), strerror(errno));
        return NULL;
    }
    struct csvin *in = csvin_open_fd(fd, NULL, err, errsize);
    if (!in) {
        close(fd);
        return NULL;
    }
    in->owns_fd = 1;
    return in;
}

void csvin_expect_fields(struct csvin *in, int nfields)
{
    in->expected_fields = nfields;
}

void csvin_close(struct csvin *in)
{
    if (!in) return;
    if (in->owns_fd) close(in->fd);
    if (in->cd != (iconv_t)-1) iconv_close(in->cd);
    csv_free(&in->parser);
    free(in->wide);
    free(in->q);
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

size_t csvin_invalid_utf8(const struct csvin *in)
{
    return in->utf8.bad_utf8;
}

int csvin_utf16(const struct csvin *in)
{
    return in->utf16;
}

/* ---- the source ---- */

/* Reads the BOM: skips a UTF-8 one, and sets up the converter for UTF-16. */
static int source_start(struct csvin *in, char *err, size_t errsize)
{
    unsigned char bom[3];
    ssize_t n = pread(in->fd, bom, sizeof bom, 0);
    if (n < 0) {
        snprintf(err, errsize, _("read error: %s"), strerror(errno));
        return -1;
    }
    in->bom_length = 0;
    if (n == 3 && bom[0] == 0xEF && bom[1] == 0xBB && bom[2] == 0xBF) {
        in->bom_length = 3;
    } else if (n >= 2 &&
               ((bom[0] == 0xFF && bom[1] == 0xFE) || (bom[0] == 0xFE && bom[1] == 0xFF))) {
        in->utf16 = bom[0] == 0xFF ? 1 : 2;
        in->bom_length = 2;
        in->cd = iconv_open("UTF-8", in->utf16 == 1 ? "UTF-16LE" : "UTF-16BE");
        in->wide = malloc(CSVIN_CHUNK);
        if (in->cd == (iconv_t)-1 || !in->wide) {
            snprintf(err, errsize, _("cannot read UTF-16: %s"), strerror(errno));
            return -1;
        }
    }
    if (lseek(in->fd, (off_t)in->bom_length, SEEK_SET) < 0) {
        snprintf(err, errsize, _("cannot seek: %s"), strerror(errno));
        return -1;
    }
    in->offset = in->bom_length;
    in->checked = in->bom_length;
    return 0;
}

/* Checks the bytes read at file offset offset that were not checked yet. */
static void check_read(struct csvin *in, const char *bytes, size_t len, uint64_t offset)
{
    if (!in->check_utf8 || in->utf16) return;
    if (len == 0) { /* the end: a sequence left open is invalid */
        encoding_guess_finish(&in->utf8);
        return;
    }
    if (offset + len <= in->checked) return;
    size_t skip = (size_t)(in->checked - offset);
    encoding_utf8_feed(&in->utf8, (const unsigned char *)bytes + skip, len - skip);
    in->checked = offset + len;
}

/* Moves the source to its byte stream (after the BOM), for reading again. */
static int source_seek(struct csvin *in, uint64_t stream)
{
    in->file_ended = 0;
    if (!in->utf16) {
        if (lseek(in->fd, (off_t)(in->bom_length + stream), SEEK_SET) < 0) return -1;
        in->offset = in->bom_length + stream;
        return 0;
    }
    /* UTF-16 has no byte map to UTF-8: convert again from the start */
    if (lseek(in->fd, (off_t)in->bom_length, SEEK_SET) < 0) return -1;
    in->offset = in->bom_length;
    iconv(in->cd, NULL, NULL, NULL, NULL);
    in->wide_used = 0;
    in->discard = stream;
    return 0;
}

/* Converts in->wide into out; bad units become BAD_UTF16. */
static size_t convert_utf16(struct csvin *in, char *out, size_t room)
{
    char *src = in->wide, *dst = out;
    size_t left = in->wide_used, space = room;
    while (left > 0 && space > 0) {
        if (iconv(in->cd, &src, &left, &dst, &space) != (size_t)-1) break;
        if (errno == E2BIG) break;
        if (errno == EINVAL && !in->file_ended) break; /* the rest comes next read */
        /* a bad surrogate, or an odd or unpaired unit at the end of the file */
        size_t skip = left >= 2 ? 2 : left;
        src += skip;
        left -= skip;
        *dst++ = BAD_UTF16;
        space--;
        iconv(in->cd, NULL, NULL, NULL, NULL);
    }
    memmove(in->wide, src, left);
    in->wide_used = left;
    return room - space;
}

/* Puts up to room source bytes into out; 0 at the end, -1 on error. */
static ssize_t source_read(struct csvin *in, char *out, size_t room)
{
    for (;;) {
        if (!in->utf16) {
            ssize_t n = read(in->fd, out, room);
            if (n >= 0) check_read(in, out, (size_t)n, in->offset);
            if (n > 0) in->offset += (uint64_t)n;
            return n;
        }
        if (!in->file_ended && in->wide_used < CSVIN_CHUNK) {
            ssize_t n = read(in->fd, in->wide + in->wide_used, CSVIN_CHUNK - in->wide_used);
            if (n < 0) return -1;
            if (n == 0) in->file_ended = 1;
            in->wide_used += (size_t)n;
            in->offset += (uint64_t)n;
        }
        size_t got = convert_utf16(in, out, room);
        if (got == 0 && in->file_ended && in->wide_used == 0) return 0;
        if (in->discard >= got) {
            in->discard -= got;
            continue;
        }
        size_t keep = got - (size_t)in->discard;
        memmove(out, out + in->discard, keep);
        in->discard = 0;
        if (keep > 0) return (ssize_t)keep;
    }
}

/* Appends source bytes to the queue, dropping what was cut already;
 * returns how many, 0 at the end, -1 on error. */
static ssize_t queue_fill(struct csvin *in)
{
    memmove(in->q, in->q + in->q_pos, in->q_used - in->q_pos);
    in->q_stream += in->q_pos;
    in->q_used -= in->q_pos;
    in->q_pos = 0;
    if (in->q_size - in->q_used < CSVIN_CHUNK) {
        char *q = realloc(in->q, in->q_used + CSVIN_CHUNK);
        if (!q) return -1;
        in->q = q;
        in->q_size = in->q_used + CSVIN_CHUNK;
    }
    ssize_t n = source_read(in, in->q + in->q_used, CSVIN_CHUNK);
    if (n > 0) in->q_used += (size_t)n;
    return n;
}

/* ---- records ---- */

static void record_reset(struct csvin *in, long line)
{
    in->text_used = 0;
    in->nfields = 0;
    in->nfields_seen = 0;
    in->raw_used = 0;
    in->raw_cut = 0;
    in->start_line = line;
    in->first_line_used = 0;
    in->first_line_fields = 0;
    in->ended = 0;
    in->has_nul = 0;
    in->error = NULL;
    in->skipping = 0;
    in->in_quotes = 0;
    in->quote_seen = 0;
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
    if (len && memchr(field, '\0', len)) in->has_nul = 1;
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

static int in_quoted_field(const struct csvin *in)
{
    if (in->skipping) return in->in_quotes && !in->quote_seen;
    return !in->error && in->parser.quoted && in->parser.pstate == CSV_FIELD_BEGUN;
}

/* Hands the first nfields fields and raw_length bytes of the record to fn,
 * with error (or the record's own), and starts a new record. */
static int record_emit(struct csvin *in, int nfields, size_t raw_length, const char *error,
                       csvin_record_fn fn, void *data)
{
    struct csvin_record rec;
    while (raw_length > 0 && (in->raw[raw_length - 1] == '\n' || in->raw[raw_length - 1] == '\r'))
        raw_length--;
    for (int i = 0; i < nfields; i++)
        in->fields[i] = in->text + in->starts[i];
    rec.fields = in->fields;
    rec.lengths = in->lengths;
    rec.nfields = nfields;
    rec.nfields_seen = error ? nfields : in->nfields_seen;
    rec.line = in->start_line;
    rec.raw = in->raw;
    rec.raw_length = raw_length;
    rec.error = error ? error : in->error;
    if (!rec.error && in->raw_cut) rec.error = "record longer than the limit of 1 MiB";
    if (!rec.error && in->utf16 && memchr(in->raw, (unsigned char)BAD_UTF16, in->raw_used))
        rec.error = "bytes that are not valid UTF-16";
    if (!rec.error && in->has_nul) rec.error = "NUL byte in a field";
    int stop = fn(&rec, data);
    if (rec.error || in->parser.pstate != CSV_ROW_NOT_BEGUN) parser_restart(in);
    record_reset(in, 0);
    return stop;
}

/* The record's quote never closed where it should: hands out its first
 * line alone as "unterminated quote" and reads again from its second line
 * (from the raw text when it is whole, else from the file). Sets *lineno,
 * the number of the next line to read, to that line. Returns fn's answer, or -1 on a read error. */
static int record_resync(struct csvin *in, long *lineno, csvin_record_fn fn, void *data)
{
    size_t first = in->first_line_used, tail = in->raw_used - first;
    uint64_t stream = in->start_stream + first;
    int whole = !in->raw_cut;
    long line = in->start_line;
    char *rest = NULL;

    if (whole) { /* the rest goes back in front of the queue */
        size_t queued = in->q_used - in->q_pos;
        rest = malloc(tail + queued + CSVIN_CHUNK);
        if (!rest) return -1;
        memcpy(rest, in->raw + first, tail);
        memcpy(rest + tail, in->q + in->q_pos, queued);
        free(in->q);
        in->q = rest;
        in->q_pos = 0;
        in->q_used = tail + queued;
        in->q_size = tail + queued + CSVIN_CHUNK;
        in->q_stream = stream;
    }
    int stop = record_emit(in, in->first_line_fields, first, "unterminated quote", fn, data);
    parser_restart(in);
    if (!whole) {
        in->reread += in->q_stream + in->q_used - stream;
        in->q_pos = in->q_used = 0;
        in->q_stream = stream;
        if (source_seek(in, stream) != 0) return -1;
    }
    *lineno = line + 1;
    return stop;
}

/* Follows the quotes of bytes libcsv no longer sees. As libcsv does, a
 * quote inside quotes closes them only before a delimiter or a line end;
 * two quotes are one quote; before anything else it is a stray quote. */
static void skip_bytes(struct csvin *in, const char *bytes, size_t len)
{
    char delimiter = in->delimiter ? in->delimiter : ',';
    for (size_t i = 0; i < len; i++) {
        char c = bytes[i];
        if (in->quote_seen) {
            in->quote_seen = 0;
            if (c == delimiter || c == '\n' || c == '\r') in->in_quotes = 0;
        } else if (c == '"') {
            if (in->in_quotes)
                in->quote_seen = 1;
            else
                in->in_quotes = 1;
        }
    }
}

/* Feeds bytes of line lineno, source byte stream, to libcsv; the first
 * bytes of a record note its line. After a field breaks a cap, bytes are
 * only kept as raw text: to the end of the line, or, when the field was
 * quoted, to the line where its quotes close (followed here, since libcsv
 * has given up). */
static void feed_bytes(struct csvin *in, const char *bytes, size_t len, long lineno,
                       uint64_t stream)
{
    if (in->raw_used == 0) {
        record_reset(in, lineno);
        in->start_stream = stream;
    }
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
    if (in->skipping) skip_bytes(in, bytes + used, len - used);
}

/* Called at the end of each physical line: hands out a record that ended in
 * it (or broke a cap), gives back a record whose quote ran over line ends
 * to the wrong field count, or forgets an empty line. */
static int line_end(struct csvin *in, long *lineno, csvin_record_fn fn, void *data)
{
    if (in->raw_used > 0 && in->first_line_used == 0) {
        in->first_line_used = in->raw_used;
        in->first_line_fields = in->nfields;
    }
    if (in->skipping && in->in_quotes) {
        if (in->reread <= in->reread_budget || in->raw_used == in->first_line_used)
            return 0; /* the broken field goes on */
        return record_resync(in, lineno, fn, data);
    }
    int spanned = in->raw_used > in->first_line_used;
    if (in->ended && !in->error && spanned && !in->raw_cut && in->expected_fields > 0 &&
        in->nfields_seen != in->expected_fields)
        return record_resync(in, lineno, fn, data);
    if (in->ended || in->error) return record_emit(in, in->nfields, in->raw_used, NULL, fn, data);
    if (in->parser.pstate == CSV_ROW_NOT_BEGUN) record_reset(in, 0);
    return 0;
}

/* At the end of the file: the last record, when the file does not end with
 * a line end, or one whose quote never closed. Returns 0 when done, 1 if fn
 * stopped, 2 when a resync gave bytes to read again, -1 on a read error.
 * libcsv accepts an open quote at the end unless in strict mode, which
 * would also refuse a stray quote inside a field, so look for it here. */
static int file_end(struct csvin *in, long *lineno, csvin_record_fn fn, void *data)
{
    if (in->raw_used == 0) return 0;
    int open_quote = in_quoted_field(in);
    if (!open_quote && !in->error && csv_fini(&in->parser, on_field, on_record, in) != 0)
        open_quote = 1;
    if (open_quote) {
        if (in->first_line_used > 0 && in->raw_used > in->first_line_used) {
            int stop = record_resync(in, lineno, fn, data);
            return stop < 0 ? -1 : stop ? 1 : 2;
        }
        return record_emit(in, in->first_line_fields ? in->first_line_fields : in->nfields,
                           in->raw_used, "unterminated quote", fn, data)
                   ? 1
                   : 0;
    }
    if (in->ended || in->error)
        return record_emit(in, in->nfields, in->raw_used, NULL, fn, data) ? 1 : 0;
    return 0;
}

int csvin_read(struct csvin *in, csvin_record_fn fn, void *data, char *err, size_t errsize)
{
    long lineno = 1;
    int stop = 0;

    record_reset(in, 1);
    while (!stop) {
        if (in->max_lines > 0 && lineno > in->max_lines) return 0;
        if (in->q_pos == in->q_used) {
            ssize_t n = queue_fill(in);
            if (n < 0) goto read_error;
            if (n == 0) {
                stop = file_end(in, &lineno, fn, data);
                if (stop < 0) goto read_error;
                if (stop == 2) {
                    stop = 0;
                    continue;
                }
                return stop;
            }
        }
        const char *line = in->q + in->q_pos;
        size_t len = in->q_used - in->q_pos;
        /* the line ends at its first LF or CR */
        const char *lf = memchr(line, '\n', len);
        size_t end = lf ? (size_t)(lf - line) : len;
        const char *cr = memchr(line, '\r', end);
        if (cr) end = (size_t)(cr - line);
        uint64_t stream = in->q_stream + in->q_pos;
        if (end == len) { /* the line goes on in the next read */
            feed_bytes(in, line, len, lineno, stream);
            in->q_pos = in->q_used;
            continue;
        }
        int lone_cr = 0;
        if (line[end] == '\r') {
            if (end + 1 == len) { /* is an LF next? */
                ssize_t n = queue_fill(in);
                if (n < 0) goto read_error;
                if (n > 0) continue;
            }
            if (end + 1 < len && line[end + 1] == '\n')
                end++;
            else
                lone_cr = 1;
        }
        feed_bytes(in, line, end + 1, lineno, stream);
        in->q_pos += end + 1;
        if (lone_cr && in_quoted_field(in) && in->line_ends != 2)
            continue; /* data, not a line end, unless lines end with CRs */
        if (!in->line_ends && !in_quoted_field(in)) in->line_ends = lone_cr ? 2 : 1;
        lineno++;
        stop = line_end(in, &lineno, fn, data);
        if (stop < 0) goto read_error;
    }
    return 1;

read_error:
    snprintf(err, errsize, _("read error: %s"), strerror(errno));
    return -1;
}
