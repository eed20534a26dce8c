/* import.c - one file into the database: its digest tells whether the
 * ledger knows it; if not, guess its encoding, parse it with csvin,
 * normalize each record into a contact, and hand contacts, rejects and
 * warnings to a writer thread that stores them, all in one transaction. */
#include "import.h"

#include "csvin.h"
#include "db.h"
#include "normalize.h"
#include "sha256.h"
#include "siphash.h"
#include "writer.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define PROGRESS_EVERY 50000
#define QUOTE_MAX 40 /* bytes of a cell quoted in a message */

static const char insert_contact_sql[] =
    "INSERT OR IGNORE INTO contacts (import_id, line, kind, day, time, customer_key, customer,"
    " phone, phone_raw, salesperson, model, source, competitor, test_drive, quote, financing,"
    " trade_in, invited, direction, duration, visit_no, party_size, time_out, appointment,"
    " timeframe, timeframe_days, outcome, defeat_reason, notes, rowkey)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,"
    " ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30)";

/* The writer's statements. */
enum { STATEMENT_CONTACT, STATEMENT_REJECT, STATEMENT_WARNING, STATEMENT_COUNT };

struct importer {
    sqlite3 *db;
    const char *path;
    const struct import_options *options;
    struct import_summary *sum;
    struct encoder *encoder;
    struct column_map map;
    unsigned char mapped[CSVIN_MAX_FIELDS]; /* field i feeds a column */
    int have_header;
    sqlite3_int64 import_id;
    sqlite3_stmt *statements[STATEMENT_COUNT];
    struct writer *writer;    /* stores rows while the file is parsed */
    unsigned char secret[16]; /* this database's key for row digests */
    char *content;            /* a row's normalized content, digested for its key */
    size_t content_size;
    char value[COL_COUNT][CSVIN_MAX_FIELD + 1]; /* trimmed UTF-8 cells of the row */
    size_t value_len[COL_COUNT];
    struct timespec started;
    long next_progress;
    int fd;                    /* the file the reader reads, closed after it, or -1 */
    char read_options[512];    /* the options that change how the file reads, for the ledger */
    int fill[COL_COUNT];       /* --fill-down: an empty cell takes the one above */
    char *above[COL_COUNT];    /* the last non-empty cell of a filled or required column */
    long merged[COL_COUNT];    /* rows missing a required value that the row above has */
    long merged_line[COL_COUNT]; /* the last row counted in merged */
    long last_line, this_line;   /* the line of the row above, and of this row */
    unsigned char had[COL_COUNT], had_above[COL_COUNT]; /* this row's and the last row's cell
                                                           was not empty */
};

/* Copies at most QUOTE_MAX bytes of text, cut at a character boundary, with
 * "..." when cut. */
static void quote_cell(const char *text, char *out, size_t size)
{
    size_t len = strlen(text), keep = len;
    if (keep > QUOTE_MAX) {
        keep = QUOTE_MAX;
        while (keep > 0 && ((unsigned char)text[keep] & 0xC0) == 0x80)
            keep--;
    }
    snprintf(out, size, "%.*s%s", (int)keep, text, keep < len ? "..." : "");
}

static void keep_message(char list[][256], int *count, const char *path, long line,
                         const char *prefix, const char *text)
{
    if (*count >= IMPORT_FIRST_MESSAGES) return;
    snprintf(list[*count], sizeof list[0], "%s:%ld: %s%s", path, line, prefix, text);
    ++*count;
}

/* Keeps one of the first IMPORT_MESSAGES messages for the JSON summary. */
static void keep_for_script(struct import_summary *s, long line, const char *level,
                            const char *text)
{
    if (s->nmessages >= IMPORT_MESSAGES) return;
    struct import_message *m = &s->messages[s->nmessages++];
    m->line = line;
    snprintf(m->level, sizeof m->level, "%s", level);
    snprintf(m->text, sizeof m->text, "%s", text);
}

static int reject(struct importer *im, const struct csvin_record *rec, const char *fmt, ...)
{
    char reason[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    im->sum->rejected++;
    keep_message(im->sum->rejects, &im->sum->nrejects, im->path, rec->line, "", reason);
    keep_for_script(im->sum, rec->line, "reject", reason);
    const char *raw;
    size_t raw_length;
    encoder_to_utf8_lossy(im->encoder, rec->raw, rec->raw_length, &raw, &raw_length);
    struct writer *w = im->writer;
    writer_row(w, STATEMENT_REJECT, rec->line);
    writer_int(w, im->import_id);
    writer_string(w, im->path);
    writer_int(w, rec->line);
    writer_text(w, raw, raw_length);
    writer_string(w, reason);
    return writer_end_row(w);
}

static int warn(struct importer *im, long line, const char *fmt, ...)
{
    char message[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    im->sum->warnings++;
    keep_message(im->sum->warned, &im->sum->nwarned, im->path, line, "warning: ", message);
    keep_for_script(im->sum, line, "warning", message);
    struct writer *w = im->writer;
    writer_row(w, STATEMENT_WARNING, line);
    writer_int(w, im->import_id);
    writer_string(w, im->path);
    writer_int(w, line);
    writer_string(w, message);
    return writer_end_row(w);
}

static int blank(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n') return 0;
    return 1;
}

static int all_blank(const struct csvin_record *rec)
{
    for (int i = 0; i < rec->nfields; i++)
        if (!blank(rec->fields[i], rec->lengths[i])) return 0;
    return 1;
}

/* Words that open a summary or signature row (DOMAIN.md section 3.4). */
static const char *const summary_words[] = {"合计", "小计", "总计", "汇总", "制表",
                                            "审核", "打印", "total"};

/* Whether the first non-empty cell of rec begins with a summary word. */
static int is_summary_row(struct importer *im, const struct csvin_record *rec)
{
    for (int i = 0; i < rec->nfields; i++) {
        if (blank(rec->fields[i], rec->lengths[i])) continue;
        const char *out;
        size_t outlen;
        if (encoder_to_utf8(im->encoder, rec->fields[i], rec->lengths[i], &out, &outlen) != 0)
            return 0;
        while (outlen > 0 && (*out == ' ' || *out == '\t'))
            out++, outlen--;
        for (size_t w = 0; w < sizeof summary_words / sizeof summary_words[0]; w++) {
            size_t n = strlen(summary_words[w]);
            if (outlen >= n && strncasecmp(out, summary_words[w], n) == 0) return 1;
        }
        return 0;
    }
    return 0;
}

/* Resolves --fill-down's names (a field's name, or a column of the header
 * as written) into im->fill. Returns 0, or -1 with the file refused. */
static int take_fill_down(struct importer *im, const char *const *names, int nnames)
{
    const char *list = im->options->fill_down;
    while (list && *list) {
        size_t len = strcspn(list, ",");
        char name[128];
        snprintf(name, sizeof name, "%.*s", (int)len, list);
        list += len + (list[len] == ',');
        int col = -1;
        for (int c = 0; c < COL_COUNT && col < 0; c++)
            if (strcmp(name, column_name(c)) == 0) col = c;
        for (int i = 0; i < nnames && col < 0; i++)
            if (strcmp(name, names[i]) == 0)
                for (int c = 0; c < COL_COUNT; c++)
                    if (im->map.index[c] == i) col = c;
        if (col < 0 || im->map.index[col] < 0) {
            snprintf(im->sum->fatal, sizeof im->sum->fatal,
                     "%s: --fill-down: the file has no column '%s'", im->path, name);
            return -1;
        }
        im->fill[col] = 1;
    }
    return 0;
}

/* Remembers the last non-empty cell of col, or fills an empty one from it
 * under --fill-down. Returns 0, or -1 when out of memory. */
static int fill_from_above(struct importer *im, enum column col)
{
    im->had_above[col] = im->had[col];
    im->had[col] = im->value_len[col] > 0;
    if (im->value_len[col] == 0) {
        if (im->fill[col] && im->above[col]) {
            im->value_len[col] = strlen(im->above[col]);
            memcpy(im->value[col], im->above[col], im->value_len[col] + 1);
        }
        return 0;
    }
    if (im->above[col] && strcmp(im->above[col], im->value[col]) == 0) return 0;
    free(im->above[col]);
    im->above[col] = strdup(im->value[col]);
    return im->above[col] ? 0 : -1;
}

static int is_required(const struct importer *im, enum column col)
{
    return col == COL_SALESPERSON ||
           col == (im->map.kind == KIND_VISITS ? COL_DATE : COL_DATETIME);
}

/* Rejects the row for a missing required value, noting when a row above has
 * one (merged cells exported as blanks). */
static int reject_missing(struct importer *im, const struct csvin_record *rec, enum column col)
{
    /* the row above has one, or is itself one of a run of blanks below one */
    if (im->had_above[col] || im->merged_line[col] == im->last_line) {
        im->merged[col]++;
        im->merged_line[col] = rec->line;
    }
    return reject(im, rec, "missing %s", column_name(col));
}

/* After the file: says which --fill-down would have kept the rows that
 * merged cells cost. */
static void suggest_fill_down(struct importer *im)
{
    for (int c = 0; c < COL_COUNT; c++) {
        if (im->merged[c] == 0 || im->fill[c]) continue;
        snprintf(im->sum->advice, sizeof im->sum->advice,
                 "%ld rows lack %s where the row above has one (merged cells?): import again"
                 " with --fill-down %s",
                 im->merged[c], column_name(c), column_name(c));
        keep_for_script(im->sum, 0, "info", im->sum->advice);
    }
}

static int take_header(struct importer *im, const struct csvin_record *rec)
{
    const char *fields[CSVIN_MAX_FIELDS] = {0};
    char *copies[CSVIN_MAX_FIELDS];
    size_t lengths[CSVIN_MAX_FIELDS] = {0};
    int n = rec->nfields, rc = 0;

    if (rec->error) {
        snprintf(im->sum->fatal, sizeof im->sum->fatal, "%s:%ld: header: %s", im->path, rec->line,
                 rec->error);
        return -1;
    }
    for (int i = 0; i < n; i++) {
        const char *out;
        size_t outlen;
        copies[i] = NULL;
        if (encoder_to_utf8(im->encoder, rec->fields[i], rec->lengths[i], &out, &outlen) != 0) {
            snprintf(im->sum->fatal, sizeof im->sum->fatal,
                     "%s:%ld: header: field %d is not valid %s text", im->path, rec->line, i + 1,
                     encoding_name(im->sum->encoding));
            for (int j = 0; j < i; j++)
                free(copies[j]);
            return -1;
        }
        copies[i] = strndup(out, outlen);
        fields[i] = copies[i] ? copies[i] : "";
        lengths[i] = copies[i] ? outlen : 0;
    }
    char err[256];
    if (columns_match(fields, lengths, n, im->options->kind, &im->map, err, sizeof err) != 0) {
        snprintf(im->sum->fatal, sizeof im->sum->fatal, "%s:%ld: %s", im->path, rec->line, err);
        rc = -1;
    }
    if (rc == 0) rc = take_fill_down(im, fields, n);
    for (int i = 0; rc == 0 && i < n && im->sum->ncolumns < IMPORT_COLUMNS_SHOWN; i++) {
        char(*shown)[64] = im->sum->columns[im->sum->ncolumns++];
        snprintf(shown[0], sizeof shown[0], "%s", fields[i]);
        shown[1][0] = '\0';
        for (int c = 0; c < COL_COUNT; c++)
            if (im->map.index[c] == i) snprintf(shown[1], sizeof shown[1], "%s", column_name(c));
    }
    for (int i = 0; i < n; i++)
        free(copies[i]);
    if (rc == 0) {
        im->sum->kind = im->map.kind;
        im->have_header = 1;
        for (int c = 0; c < COL_COUNT; c++)
            if (im->map.index[c] >= 0) im->mapped[im->map.index[c]] = 1;
        if (im->map.unknown[0] &&
            warn(im, rec->line, "unknown columns ignored: %s", im->map.unknown))
            rc = -1;
    }
    return rc;
}

/* The normalized form of a row, whose digest is its duplicate key. */
struct contact {
    char day[NORM_DAY_SIZE], time[NORM_TIME_SIZE];
    char phone[NORM_PHONE_SIZE];
    int phone_valid;
    int flags[5]; /* test_drive, quote, financing, trade_in, invited */
    int outcome, direction, timeframe_days;
    long duration;
    int has_duration;
};

static const enum column flag_columns[5] = {COL_TEST_DRIVE, COL_QUOTE, COL_FINANCING, COL_TRADE_IN,
                                            COL_INVITED};

/* Fills im->value from the record (and from the row above under
 * --fill-down); returns 0, the 1-based field that is not valid in the
 * file's encoding, or -1 when out of memory. */
static int take_values(struct importer *im, const struct csvin_record *rec)
{
    for (int c = 0; c < COL_COUNT; c++) {
        int i = im->map.index[c];
        im->value[c][0] = '\0';
        im->value_len[c] = 0;
        if (i < 0 || i >= rec->nfields) continue;
        const char *out;
        size_t outlen;
        if (encoder_to_utf8(im->encoder, rec->fields[i], rec->lengths[i], &out, &outlen) != 0 ||
            memchr(out, '\0', outlen))
            return i + 1;
        im->value_len[c] = norm_trim(out, im->value[c], sizeof im->value[c]);
    }
    for (int c = 0; c < COL_COUNT; c++)
        if ((im->fill[c] || is_required(im, (enum column)c)) &&
            fill_from_above(im, (enum column)c) != 0)
            return -1;
    for (int i = 0; i < rec->nfields; i++) {
        const char *out;
        size_t outlen;
        if (i < im->map.nfields && im->mapped[i]) continue; /* checked above */
        if (encoder_to_utf8(im->encoder, rec->fields[i], rec->lengths[i], &out, &outlen) != 0 ||
            memchr(out, '\0', outlen))
            return i + 1;
    }
    return 0;
}

/* Normalizes im->value into c. Returns 0, or -1 after rejecting the row. */
static int normalize_row(struct importer *im, const struct csvin_record *rec, struct contact *c)
{
    char quoted[64];
    const char(*v)[CSVIN_MAX_FIELD + 1] = im->value;
    int visits = im->map.kind == KIND_VISITS;
    const char *when = visits ? v[COL_DATE] : v[COL_DATETIME];
    const char *when_name = visits ? "date" : "datetime";

    memset(c, 0, sizeof *c);
    int rc = norm_datetime(when, c->day, c->time);
    if (rc == NORM_EMPTY) return reject_missing(im, rec, visits ? COL_DATE : COL_DATETIME), -1;
    if (rc != NORM_OK) {
        quote_cell(when, quoted, sizeof quoted);
        return reject(im, rec, "%s '%s' is not a date", when_name, quoted), -1;
    }
    if (!v[COL_SALESPERSON][0]) return reject_missing(im, rec, COL_SALESPERSON), -1;
    if (norm_outcome(v[COL_OUTCOME], &c->outcome) == NORM_INVALID) {
        quote_cell(v[COL_OUTCOME], quoted, sizeof quoted);
        return reject(im, rec, "outcome '%s' is not a known outcome", quoted), -1;
    }
    if (norm_direction(v[COL_DIRECTION], &c->direction) == NORM_INVALID) {
        quote_cell(v[COL_DIRECTION], quoted, sizeof quoted);
        return reject(im, rec, "direction '%s' is neither in nor out", quoted), -1;
    }
    for (int f = 0; f < 5; f++) {
        if (norm_bool(v[flag_columns[f]], &c->flags[f]) == NORM_INVALID) {
            quote_cell(v[flag_columns[f]], quoted, sizeof quoted);
            return reject(im, rec, "%s '%s' is not yes or no", column_name(flag_columns[f]),
                          quoted),
                   -1;
        }
    }
    if (visits && v[COL_TIME_IN][0]) {
        if (norm_time(v[COL_TIME_IN], c->time) != NORM_OK) {
            quote_cell(v[COL_TIME_IN], quoted, sizeof quoted);
            c->time[0] = '\0';
            if (warn(im, rec->line, "time_in '%s' is not a time: taken as unknown", quoted))
                return -1;
        }
    }
    rc = norm_phone(v[COL_PHONE], c->phone);
    c->phone_valid = rc == NORM_OK;
    if (rc == NORM_EXCEL_NUMBER) {
        im->sum->excel_phones++;
        quote_cell(v[COL_PHONE], quoted, sizeof quoted);
        if (warn(im, rec->line,
                 "phone '%s': Excel stored the phone as a number; its digits are lost: export the"
                 " column as text",
                 quoted))
            return -1;
    } else if (rc == NORM_INVALID) {
        quote_cell(v[COL_PHONE], quoted, sizeof quoted);
        if (warn(im, rec->line, "phone '%s' is not a valid phone: the row identifies no one",
                 quoted))
            return -1;
    }
    if (norm_timeframe(v[COL_TIMEFRAME], &c->timeframe_days) == NORM_INVALID) {
        quote_cell(v[COL_TIMEFRAME], quoted, sizeof quoted);
        if (warn(im, rec->line, "timeframe '%s' is not understood: taken as unknown", quoted))
            return -1;
    }
    rc = norm_duration(v[COL_DURATION], &c->duration);
    c->has_duration = rc == NORM_OK;
    if (rc == NORM_INVALID) {
        quote_cell(v[COL_DURATION], quoted, sizeof quoted);
        if (warn(im, rec->line, "duration '%s' is not understood: taken as empty", quoted))
            return -1;
    }
    return 0;
}

/* Appends len bytes and a unit separator to the row's content. */
static int content_add(struct importer *im, size_t *used, const char *text, size_t len)
{
    if (*used + len + 1 > im->content_size) {
        size_t size = (*used + len + 1) * 2;
        char *grown = realloc(im->content, size);
        if (!grown) return -1;
        im->content = grown;
        im->content_size = size;
    }
    memcpy(im->content + *used, text, len);
    im->content[*used + len] = '\x1f';
    *used += len + 1;
    return 0;
}

/* The duplicate key: a keyed digest of the row's normalized content (date,
 * time, phone, flags, outcome, direction and duration normalized; every
 * other column trimmed). Returns 0, or -1 when out of memory. */
static int row_key(struct importer *im, const struct contact *c, unsigned char key[16])
{
    char num[32];
    size_t used = 0;
    /* one digit each: no printf for every row */
    const int codes[8] = {im->map.kind, c->outcome,  c->direction, c->flags[0],
                          c->flags[1],  c->flags[2], c->flags[3],  c->flags[4]};
    for (int i = 0; i < 8; i++)
        num[i] = (char)('0' + codes[i]);
    int rc = content_add(im, &used, num, 8);
    rc |= content_add(im, &used, c->day, strlen(c->day));
    rc |= content_add(im, &used, c->time, strlen(c->time));
    int len = c->has_duration ? snprintf(num, sizeof num, "%ld", c->duration) : 0;
    rc |= content_add(im, &used, num, (size_t)len);
    const char *phone = c->phone_valid ? c->phone : im->value[COL_PHONE];
    rc |= content_add(im, &used, phone, strlen(phone));
    for (int col = 0; col < COL_COUNT; col++) {
        switch (col) {
        case COL_DATE:
        case COL_DATETIME:
        case COL_TIME_IN:
        case COL_PHONE:
        case COL_OUTCOME:
        case COL_DIRECTION:
        case COL_DURATION:
        case COL_TEST_DRIVE:
        case COL_QUOTE:
        case COL_FINANCING:
        case COL_TRADE_IN:
        case COL_INVITED:
            continue; /* in normalized form above */
        default:
            rc |= content_add(im, &used, im->value[col], im->value_len[col]);
        }
    }
    if (rc) return -1;
    siphash128(im->secret, im->content, used, key);
    return 0;
}

/* Stages the cell of column col (NULL when empty and empty_is_null). */
static void stage_value(struct writer *w, const struct importer *im, enum column col,
                        int empty_is_null)
{
    if (empty_is_null && im->value_len[col] == 0)
        writer_null(w);
    else
        writer_text(w, im->value[col], im->value_len[col]);
}

/* Stages text, NULL when empty. */
static void stage_text_or_null(struct writer *w, const char *text)
{
    if (*text)
        writer_string(w, text);
    else
        writer_null(w);
}

static int store_contact(struct importer *im, const struct csvin_record *rec,
                         const struct contact *c)
{
    struct writer *w = im->writer;
    unsigned char key[16];
    char unlinked[64];
    const char *customer_key = c->phone;

    if (row_key(im, c, key) != 0) return -1;
    if (!c->phone_valid) {
        snprintf(unlinked, sizeof unlinked, "#%lld:%ld", (long long)im->import_id, rec->line);
        customer_key = unlinked;
    }
    writer_row(w, STATEMENT_CONTACT, rec->line);
    writer_int(w, im->import_id);
    writer_int(w, rec->line);
    writer_string(w, im->map.kind == KIND_VISITS ? "visit" : "call");
    writer_string(w, c->day);
    stage_text_or_null(w, c->time);
    writer_string(w, customer_key);
    stage_value(w, im, COL_CUSTOMER, 0);
    stage_text_or_null(w, c->phone_valid ? c->phone : "");
    stage_value(w, im, COL_PHONE, 1);
    stage_value(w, im, COL_SALESPERSON, 0);
    stage_value(w, im, COL_MODEL, 0);
    stage_value(w, im, COL_SOURCE, 0);
    stage_value(w, im, COL_COMPETITOR, 0);
    for (int f = 0; f < 5; f++)
        writer_int(w, c->flags[f]);
    if (im->map.kind != KIND_CALLS)
        writer_null(w);
    else
        writer_string(w, c->direction == DIRECTION_OUT ? "out" : "in");
    if (c->has_duration)
        writer_int(w, c->duration);
    else
        writer_null(w);
    stage_value(w, im, COL_VISIT_NO, 1);
    stage_value(w, im, COL_PARTY_SIZE, 1);
    stage_value(w, im, COL_TIME_OUT, 1);
    stage_value(w, im, COL_APPOINTMENT, 1);
    stage_value(w, im, COL_TIMEFRAME, 1);
    if (c->timeframe_days >= 0)
        writer_int(w, c->timeframe_days);
    else
        writer_null(w);
    writer_string(w, norm_outcome_name(c->outcome));
    stage_value(w, im, COL_DEFEAT_REASON, 0);
    stage_value(w, im, COL_NOTES, 0);
    writer_blob(w, key, sizeof key);
    return writer_end_row(w);
}

static void progress(struct importer *im, const struct csvin *in, int last)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double secs = (double)(now.tv_sec - im->started.tv_sec) +
                  (double)(now.tv_nsec - im->started.tv_nsec) / 1e9;
    double mb = (double)csvin_offset(in) / (1024.0 * 1024.0);
    fprintf(im->options->progress, "\r%s: %ld rows, %.1f MB, %.0f rows/s%s", im->path,
            im->sum->read, mb, secs > 0 ? (double)im->sum->read / secs : 0.0, last ? "\n" : "");
    fflush(im->options->progress);
}

struct parse_state {
    struct importer *im;
    struct csvin *in;
    int failed; /* the header was refused, or a row could not be staged: stop */
};

static int take_record(const struct csvin_record *rec, void *data)
{
    struct parse_state *ps = data;
    struct importer *im = ps->im;
    struct contact c;

    if (!im->have_header) {
        if (rec->nfields == 0 || (all_blank(rec) && !rec->error)) return 0;
        if (take_header(im, rec) != 0) return ps->failed = 1;
        csvin_expect_fields(ps->in, rec->nfields);
        return 0;
    }
    if (!rec->error && all_blank(rec)) return 0;
    im->sum->read++;
    if (!rec->error && is_summary_row(im, rec)) {
        im->sum->skipped++;
        keep_for_script(im->sum, rec->line, "skipped", "a summary or signature row");
        return 0;
    }
    if (im->options->progress && im->sum->read >= im->next_progress) {
        progress(im, ps->in, 0);
        im->next_progress += PROGRESS_EVERY;
    }
    int rc = 0;
    if (rec->error) {
        rc = reject(im, rec, "%s", rec->error);
    } else if (rec->nfields > im->map.nfields) {
        for (int i = im->map.nfields; i < rec->nfields; i++) {
            if (!blank(rec->fields[i], rec->lengths[i])) {
                rc = reject(im, rec, "%d fields, more than the header's %d", rec->nfields,
                            im->map.nfields);
                goto done;
            }
        }
    }
    if (rec->error) goto done;
    im->last_line = im->this_line;
    im->this_line = rec->line;
    int bad_field = take_values(im, rec);
    if (bad_field < 0) {
        rc = -1;
    } else if (bad_field) {
        rc = reject(im, rec, "field %d holds bytes that are not valid %s", bad_field,
                    encoding_name(im->sum->encoding));
    } else if (normalize_row(im, rec, &c) == 0) {
        rc = store_contact(im, rec, &c);
    }
done:
    if (rc != 0) return ps->failed = 1; /* writer_finish tells why */
    return 0;
}

/* Hands the file to fn chunk by chunk. Returns 0, or -1 with a reason in
 * err. */
static int read_chunks(const char *path, void (*fn)(void *, const unsigned char *, size_t),
                       void *data, char *err, size_t errsize)
{
    static unsigned char buf[1 << 18];
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        snprintf(err, errsize, "cannot open: %s", strerror(errno));
        return -1;
    }
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
        fn(data, buf, n);
    int failed = ferror(fp);
    fclose(fp);
    if (failed) {
        snprintf(err, errsize, "read error");
        return -1;
    }
    return 0;
}

struct digest_state {
    struct sha256 sha;
    long long size;
};

static void digest_chunk(void *data, const unsigned char *chunk, size_t len)
{
    struct digest_state *d = data;
    sha256_update(&d->sha, chunk, len);
    d->size += (long long)len;
}

/* The file's SHA-256 as hex, and its size: what the ledger knows it by. */
static int digest_file(const char *path, char hex[65], long long *size, char *err, size_t errsize)
{
    struct digest_state d = {.size = 0};
    unsigned char digest[32];
    sha256_init(&d.sha);
    if (read_chunks(path, digest_chunk, &d, err, errsize) != 0) return -1;
    sha256_final(&d.sha, digest);
    sha256_hex(digest, hex);
    *size = d.size;
    return 0;
}

struct guess_state {
    struct encoding_guess guess;
    int first, bom;
};

static void guess_chunk(void *data, const unsigned char *chunk, size_t len)
{
    struct guess_state *g = data;
    if (g->first && len >= 3 && memcmp(chunk, "\xEF\xBB\xBF", 3) == 0) g->bom = 1;
    g->first = 0;
    if (!g->bom) encoding_guess_feed(&g->guess, chunk, len);
}

/* Tells the encoding of a file when *encoding is ENCODING_AUTO (DOMAIN.md
 * section 3.3): a BOM means UTF-8, else the encoding with fewer invalid
 * bytes. A separate pass, made only for files the ledger does not know. */
static int guess_encoding(const char *path, enum encoding *encoding, char *err, size_t errsize)
{
    if (*encoding != ENCODING_AUTO) return 0;
    struct guess_state g = {.first = 1, .bom = 0};
    encoding_guess_init(&g.guess);
    if (read_chunks(path, guess_chunk, &g, err, errsize) != 0) return -1;
    encoding_guess_finish(&g.guess);
    *encoding = g.bom ? ENCODING_UTF8 : encoding_guess_result(&g.guess);
    return 0;
}

static void now_text(char *out, size_t size)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static sqlite3_int64 ledger_add(struct importer *im, const char *hex, long long size,
                                sqlite3_int64 same_as)
{
    char when[32];
    now_text(when, sizeof when);
    char err[256];
    sqlite3_stmt *st = db_prepare(im->db,
                                  "INSERT INTO imports (file, sha256, size, kind, encoding,"
                                  " imported_at, read, imported, duplicates, rejected, warnings,"
                                  " same_as, skipped, options)"
                                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                  err, sizeof err);
    if (!st) return -1;
    struct import_summary *s = im->sum;
    sqlite3_bind_text(st, 1, im->path, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, hex, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, size);
    sqlite3_bind_text(st, 4, kind_name(s->kind), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, encoding_name(s->encoding), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, when, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 7, s->read);
    sqlite3_bind_int64(st, 8, s->imported);
    sqlite3_bind_int64(st, 9, s->duplicates);
    sqlite3_bind_int64(st, 10, s->rejected);
    sqlite3_bind_int64(st, 11, s->warnings);
    if (same_as > 0)
        sqlite3_bind_int64(st, 12, same_as);
    else
        sqlite3_bind_null(st, 12);
    sqlite3_bind_int64(st, 13, s->skipped);
    sqlite3_bind_text(st, 14, im->read_options, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? sqlite3_last_insert_rowid(im->db) : -1;
}

static int ledger_finish(struct importer *im)
{
    char err[256];
    sqlite3_stmt *st = db_prepare(im->db,
                                  "UPDATE imports SET kind = ?, read = ?, imported = ?,"
                                  " duplicates = ?, rejected = ?, warnings = ?, skipped = ?,"
                                  " encoding = ? WHERE id = ?",
                                  err, sizeof err);
    if (!st) return -1;
    struct import_summary *s = im->sum;
    sqlite3_bind_text(st, 1, kind_name(s->kind), -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, s->read);
    sqlite3_bind_int64(st, 3, s->imported);
    sqlite3_bind_int64(st, 4, s->duplicates);
    sqlite3_bind_int64(st, 5, s->rejected);
    sqlite3_bind_int64(st, 6, s->warnings);
    sqlite3_bind_int64(st, 7, s->skipped);
    sqlite3_bind_text(st, 8, encoding_name(s->encoding), -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 9, im->import_id);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* If a file with this digest was read before with the same options and
 * stored rows, fills the summary from that import (every row it read is
 * now a duplicate, or rejected or skipped again) and returns its id; else
 * returns 0. An import that stored nothing (read with the wrong encoding,
 * say) can be tried again with other options. */
static sqlite3_int64 ledger_known(struct importer *im, const char *hex)
{
    char err[256];
    sqlite3_int64 id = 0;
    sqlite3_stmt *st = db_prepare(im->db,
                                  "SELECT id, kind, encoding, read, rejected, warnings, skipped"
                                  " FROM imports WHERE sha256 = ? AND options = ?"
                                  " AND same_as IS NULL AND imported + duplicates > 0"
                                  " ORDER BY id DESC LIMIT 1",
                                  err, sizeof err);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, hex, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, im->read_options, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) {
        struct import_summary *s = im->sum;
        id = sqlite3_column_int64(st, 0);
        s->kind = kind_parse((const char *)sqlite3_column_text(st, 1));
        s->encoding = encoding_parse((const char *)sqlite3_column_text(st, 2));
        s->read = sqlite3_column_int64(st, 3);
        s->rejected = sqlite3_column_int64(st, 4);
        s->warnings = sqlite3_column_int64(st, 5);
        s->skipped = sqlite3_column_int64(st, 6);
        s->duplicates = s->read - s->rejected - s->skipped;
        s->known = 1;
    }
    sqlite3_finalize(st);
    if (id <= 0) return id;
    st = db_prepare(im->db, "SELECT line, reason FROM quarantine WHERE import_id = ? ORDER BY id",
                    err, sizeof err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, id);
    while (sqlite3_step(st) == SQLITE_ROW)
        keep_message(im->sum->rejects, &im->sum->nrejects, im->path, sqlite3_column_int64(st, 0),
                     "", (const char *)sqlite3_column_text(st, 1));
    sqlite3_finalize(st);
    return id;
}

/* Reads this database's secret for row digests into im->secret. */
static int load_secret(struct importer *im, char *err, size_t errsize)
{
    sqlite3_stmt *st =
        db_prepare(im->db, "SELECT value FROM settings WHERE name = 'rowkey_secret'", err, errsize);
    int rc = -1;
    if (st && sqlite3_step(st) == SQLITE_ROW && sqlite3_column_bytes(st, 0) == 16) {
        memcpy(im->secret, sqlite3_column_blob(st, 0), 16);
        rc = 0;
    } else if (st) {
        snprintf(err, errsize, "the settings table has no rowkey_secret");
    }
    sqlite3_finalize(st);
    return rc;
}

static int prepare_statements(struct importer *im, char *err, size_t errsize)
{
    if (load_secret(im, err, errsize) != 0) return -1;
    static const char *const sql[STATEMENT_COUNT] = {
        [STATEMENT_CONTACT] = insert_contact_sql,
        [STATEMENT_REJECT] = "INSERT INTO quarantine (import_id, file, line, raw, reason)"
                             " VALUES (?, ?, ?, ?, ?)",
        [STATEMENT_WARNING] = "INSERT INTO warnings (import_id, file, line, message)"
                              " VALUES (?, ?, ?, ?)",
    };
    for (int i = 0; i < STATEMENT_COUNT; i++)
        if (!(im->statements[i] = db_prepare(im->db, sql[i], err, errsize))) return -1;
    return 0;
}

static void finalize_statements(struct importer *im)
{
    for (int i = 0; i < STATEMENT_COUNT; i++)
        sqlite3_finalize(im->statements[i]);
}

/* Parses the file inside the open transaction. Returns 0 or -1 (fatal). */
static int import_parse(struct importer *im, const char *hex, long long size)
{
    char err[256];
    struct import_summary *s = im->sum;
    if (guess_encoding(im->path, &s->encoding, err, sizeof err) != 0) {
        snprintf(s->fatal, sizeof s->fatal, "%s: %s", im->path, err);
        return -1;
    }
    im->encoder = encoder_new(s->encoding);
    if (!im->encoder) {
        snprintf(s->fatal, sizeof s->fatal, "%s: no converter from %s", im->path,
                 encoding_name(s->encoding));
        return -1;
    }
    im->import_id = ledger_add(im, hex, size, 0);
    if (im->import_id < 0 || prepare_statements(im, err, sizeof err) != 0) {
        snprintf(s->fatal, sizeof s->fatal, "%s: database error: %s", im->path,
                 sqlite3_errmsg(im->db));
        return -1;
    }
    im->fd = open(im->path, O_RDONLY);
    struct csvin_options read_as = {im->options->delimiter, 0};
    struct csvin *in = im->fd < 0 ? NULL : csvin_open_fd(im->fd, &read_as, err, sizeof err);
    if (im->fd < 0) snprintf(err, sizeof err, "cannot open: %s", strerror(errno));
    if (!in) {
        snprintf(s->fatal, sizeof s->fatal, "%s: %s", im->path, err);
        return -1;
    }
    if (csvin_utf16(in)) { /* the reader hands out its fields as UTF-8 */
        encoder_free(im->encoder);
        im->encoder = encoder_new(ENCODING_UTF8);
        if (!im->encoder) {
            snprintf(s->fatal, sizeof s->fatal, "%s: no converter from utf-8", im->path);
            csvin_close(in);
            return -1;
        }
    }
    im->writer = writer_start(im->db, im->statements, STATEMENT_COUNT);
    if (!im->writer) {
        snprintf(s->fatal, sizeof s->fatal, "%s: cannot start a thread to store rows", im->path);
        csvin_close(in);
        return -1;
    }
    struct parse_state ps = {im, in, 0};
    clock_gettime(CLOCK_MONOTONIC, &im->started);
    im->next_progress = PROGRESS_EVERY;
    int rc = csvin_read(in, take_record, &ps, err, sizeof err);
    suggest_fill_down(im);
    if (im->options->progress && s->read >= PROGRESS_EVERY) progress(im, in, 1);
    csvin_close(in);
    struct writer_result stored;
    int store_rc = writer_finish(im->writer, &stored);
    im->writer = NULL;
    s->imported = stored.changed[STATEMENT_CONTACT];
    s->duplicates = stored.unchanged[STATEMENT_CONTACT];
    if (rc < 0) {
        snprintf(s->fatal, sizeof s->fatal, "%s: %s", im->path, err);
        return -1;
    }
    if (store_rc != 0) {
        if (stored.failed_tag > 0)
            snprintf(s->fatal, sizeof s->fatal, "%s:%ld: database error: %s", im->path,
                     stored.failed_tag, stored.error);
        else
            snprintf(s->fatal, sizeof s->fatal, "%s: %s", im->path, stored.error);
        return -1;
    }
    if (ps.failed) {
        if (!s->fatal[0]) snprintf(s->fatal, sizeof s->fatal, "%s: out of memory", im->path);
        return -1;
    }
    if (!im->have_header) {
        snprintf(s->fatal, sizeof s->fatal, "%s: empty file: no header row", im->path);
        return -1;
    }
    if (ledger_finish(im) != 0) {
        snprintf(s->fatal, sizeof s->fatal, "%s: database error: %s", im->path,
                 sqlite3_errmsg(im->db));
        return -1;
    }
    return 0;
}

int import_file(sqlite3 *db, const char *path, const struct import_options *options,
                struct import_summary *summary)
{
    struct importer *im = calloc(1, sizeof *im);
    char hex[65], err[256];
    long long size = 0;
    int rc = -1;

    memset(summary, 0, sizeof *summary);
    snprintf(summary->file, sizeof summary->file, "%s", path);
    summary->kind = options->kind;
    summary->encoding = options->encoding;
    if (!im) {
        snprintf(summary->fatal, sizeof summary->fatal, "%s: out of memory", path);
        return -1;
    }
    im->db = db;
    im->path = path;
    im->options = options;
    im->sum = summary;
    im->fd = -1;
    snprintf(im->read_options, sizeof im->read_options,
             "kind=%s encoding=%s delimiter=%d fill-down=%s ignore=%s rules=%s",
             kind_name(options->kind), encoding_name(options->encoding), options->delimiter,
             options->fill_down ? options->fill_down : "", options->ignore ? options->ignore : "",
             options->rules ? options->rules->source : "");
    struct stat sb;
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        snprintf(summary->fatal, sizeof summary->fatal, "%s: is a directory", path);
        goto out;
    }
    if (digest_file(path, hex, &size, err, sizeof err) != 0) {
        snprintf(summary->fatal, sizeof summary->fatal, "%s: %s", path, err);
        goto out;
    }
    if (db_exec(db, "BEGIN IMMEDIATE", err, sizeof err) != 0) {
        snprintf(summary->fatal, sizeof summary->fatal, "%s: database busy: %s", path, err);
        goto out;
    }
    sqlite3_int64 known = ledger_known(im, hex);
    if (known > 0)
        rc = ledger_add(im, hex, size, known) > 0 ? 0 : -1;
    else if (known == 0)
        rc = import_parse(im, hex, size);
    finalize_statements(im);
    if (rc == 0 && db_exec(db, "COMMIT", err, sizeof err) != 0) {
        snprintf(summary->fatal, sizeof summary->fatal, "%s: database error: %s", path, err);
        rc = -1;
    }
    if (rc != 0) {
        db_exec(db, "ROLLBACK", err, sizeof err);
        if (!summary->fatal[0])
            snprintf(summary->fatal, sizeof summary->fatal, "%s: database error: %s", path,
                     sqlite3_errmsg(db));
        summary->read = summary->imported = summary->duplicates = 0;
        summary->rejected = summary->warnings = 0;
        summary->nrejects = summary->nwarned = 0;
    }
out:
    if (im->fd >= 0) close(im->fd);
    for (int c = 0; c < COL_COUNT; c++)
        free(im->above[c]);
    encoder_free(im->encoder);
    free(im->content);
    free(im);
    return rc;
}
