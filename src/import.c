/* import.c - one file into the database: its digest tells whether the
 * ledger knows it; if not, guess its encoding, parse it with csvin,
 * normalize each record into a contact, and hand contacts, rejects and
 * warnings to a writer thread that stores them, all in one transaction. */
#include "import.h"

#include "csvin.h"
#include "db.h"
#include "i18n.h"
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
#define QUOTE_MAX 40           /* bytes of a cell quoted in a message */
#define GUESS_PREFIX (1 << 18) /* bytes whose being UTF-8 lets a file be read as UTF-8 */
#define IMPORT_READ_AGAIN 1    /* import_parse: the file is to be read again (read_again) */
#define CUSTOMER_KEY_SIZE 160  /* a store's name, a separator and a phone or a row's place */

/* A contact's insert, before the VALUES of its rows (CONTACT_COLUMNS each) */
static const char insert_contact_sql[] =
    "INSERT OR IGNORE INTO contacts (import_id, line, kind, day, time, customer_key, customer,"
    " phone, phone_raw, salesperson, model, source, competitor, test_drive, quote, financing,"
    " trade_in, invited, direction, duration, visit_no, party_size, time_out, appointment,"
    " timeframe, timeframe_days, outcome, defeat_reason, notes, rowkey, store) VALUES ";
#define CONTACT_COLUMNS 31
/* Contacts stored by one statement: a multi-row insert costs SQLite less per
 * row than one statement each (it opens its cursors once) */
#define CONTACTS_AT_ONCE 32

/* The writer's statements. */
enum {
    STATEMENT_CONTACT,
    STATEMENT_REJECT,
    STATEMENT_WARNING,
    STATEMENT_TARGET,
    STATEMENT_ASSIGNMENT,
    STATEMENT_COUNT
};

/* A customer handed to a new salesperson from a day (DOMAIN.md 7.12); the
 * same hand-over again changes nothing. */
static const char insert_assignment_sql[] =
    "INSERT INTO assignments (customer_key, day, salesperson, store, import_id, line)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
    " ON CONFLICT (customer_key, day) DO UPDATE SET salesperson = excluded.salesperson,"
    " import_id = excluded.import_id, line = excluded.line"
    " WHERE salesperson IS NOT excluded.salesperson";

/* A target replaces the one of the same store, month and salesperson; the
 * same numbers again change nothing, and count as a duplicate. */
static const char insert_target_sql[] =
    "INSERT INTO targets (store, month, salesperson, buyers, visitors, prospects, import_id, line)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
    " ON CONFLICT (store, month, salesperson) DO UPDATE SET buyers = excluded.buyers,"
    " visitors = excluded.visitors, prospects = excluded.prospects,"
    " import_id = excluded.import_id, line = excluded.line"
    " WHERE buyers IS NOT excluded.buyers OR visitors IS NOT excluded.visitors"
    " OR prospects IS NOT excluded.prospects";

/* A column's readings, remembered: an export repeats a few words down a
 * column (是/否, 呼出/呼入, 1-3个月), so each is read once, not on every
 * row. A slot holds its cell (and, for a reading that depends on the row's
 * day, the day after a unit separator); len 0 is an empty slot. */
#define MEMO_SLOTS 32
#define MEMO_KEY 48
struct memo {
    struct memo_slot {
        unsigned char len;
        signed char ok;
        int value;
        char key[MEMO_KEY];
    } slots[MEMO_SLOTS];
};
enum { MEMO_FLAG, MEMO_DIRECTION = MEMO_FLAG + 5, MEMO_TIMEFRAME, MEMO_COUNT };

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
    sqlite3_stmt *contacts;   /* stores CONTACTS_AT_ONCE contacts */
    struct writer *writer;    /* stores rows while the file is parsed */
    unsigned char secret[16]; /* this database's key for row digests */
    char *content;            /* a row's normalized content, digested for its key */
    size_t content_size;
    char value[COL_COUNT][CSVIN_MAX_FIELD + 1]; /* trimmed UTF-8 cells of the row */
    size_t value_len[COL_COUNT];
    struct timespec started;
    long next_progress;
    int fd;                   /* the file the reader reads, closed after it, or -1 */
    int utf8_unsure;          /* read as UTF-8 on its first bytes, the rest being checked */
    int utf8_checked;         /* the reader checks the bytes: cells need no check */
    enum encoding read_again; /* the file turned out to be this: read it again so */
    char read_options[512];   /* the options that change how the file reads, for the ledger */
    int fill[COL_COUNT];      /* --fill-down: an empty cell takes the one above */
    char *above[COL_COUNT];   /* the last non-empty cell of a filled or required column */
    size_t above_len[COL_COUNT], above_size[COL_COUNT]; /* its length, and its buffer's */
    long merged[COL_COUNT];      /* rows missing a required value that the row above has */
    long merged_line[COL_COUNT]; /* the last row counted in merged */
    long last_line, this_line;   /* the line of the row above, and of this row */
    unsigned char had[COL_COUNT], had_above[COL_COUNT]; /* this row's and the last row's cell
                                                           was not empty */
    enum column when;                                   /* the column the row's date comes from */
    int date_order;                           /* NORM_ORDER_*: how the file's A/B/YYYY dates read */
    unsigned char date_fit[CSVIN_MAX_FIELDS]; /* per field, the orders its A/B/YYYY dates fit */
    int date_fit_known;                       /* date_fit was filled by a pass over the file */
    int header_found;                         /* one of the first lines names two known columns */
    long named_rows, unnamed_rows;            /* rows of a named store and of the unnamed one */
    struct memo memos[MEMO_COUNT];            /* the readings of the flags, direction, timeframe */
    char other_phones[COLUMNS_MAX_PHONES * 64];   /* every phone cell, for the duplicate key */
    char phone_cell[COLUMNS_MAX_PHONES][64];      /* each phone column's cell, trimmed */
    signed char phone_status[COLUMNS_MAX_PHONES]; /* norm_phone of each */
    int phone_best;                               /* the one that is the row's phone, or -1 */
    size_t other_phones_len;
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

static void keep_message(char list[][640], int *count, const char *path, long line,
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
    char reason[512];
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
    char message[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    im->sum->warnings++;
    keep_message(im->sum->warned, &im->sum->nwarned, im->path, line, "warning: ", message);
    keep_for_script(im->sum, line, "warning", message);
    if (!im->writer) { /* after the rows: stored at once */
        sqlite3_stmt *st = im->statements[STATEMENT_WARNING];
        sqlite3_bind_int64(st, 1, im->import_id);
        sqlite3_bind_text(st, 2, im->path, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, line);
        sqlite3_bind_text(st, 4, message, -1, SQLITE_STATIC);
        int rc = sqlite3_step(st);
        sqlite3_reset(st);
        return rc == SQLITE_DONE ? 0 : -1;
    }
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
static const char *const summary_words[] = {"合计", "小计", "总计", "汇总",
                                            "制表", "审核", "打印", "total"};

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
        /* every summary word starts with one of these bytes */
        if (outlen == 0 || !strchr("\xE5\xE6tT", *out)) return 0;
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
                     _("%s: --fill-down: the file has no column '%s'"), im->path, name);
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
    size_t len = im->value_len[col];
    if (len == 0) {
        if (im->fill[col] && im->above[col]) {
            im->value_len[col] = im->above_len[col];
            memcpy(im->value[col], im->above[col], im->above_len[col] + 1);
        }
        return 0;
    }
    if (im->above[col] && im->above_len[col] == len &&
        memcmp(im->above[col], im->value[col], len) == 0)
        return 0;
    if (len >= im->above_size[col]) {
        size_t size = len < 64 ? 64 : len + 1;
        char *grown = realloc(im->above[col], size);
        if (!grown) return -1;
        im->above[col] = grown;
        im->above_size[col] = size;
    }
    memcpy(im->above[col], im->value[col], len + 1);
    im->above_len[col] = len;
    return 0;
}

static int is_required(const struct importer *im, enum column col)
{
    return col == COL_SALESPERSON || col == im->when;
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
                 _("%ld rows lack %s where the row above has one (merged cells?): import again"
                   " with --fill-down %s"),
                 im->merged[c], column_name(c), column_name(c));
        keep_for_script(im->sum, 0, "info", im->sum->advice);
    }
}

/* Where the row's date comes from (DOMAIN.md 3.4: a visit log may hold
 * date and time in one column, a phone log date and time in two), and how
 * its A/B/YYYY dates read: the rules' date_order, else the one order that
 * every such date of that column fits. */
static void take_date_source(struct importer *im)
{
    const int *index = im->map.index;
    if (im->map.kind == KIND_TARGETS)
        im->when = COL_MONTH;
    else if (im->map.kind == KIND_ASSIGNMENTS)
        im->when = COL_NEW_SALESPERSON; /* the value a hand-over needs on every row */
    else if (im->map.kind == KIND_VISITS)
        im->when = index[COL_DATE] >= 0 ? COL_DATE : COL_DATETIME;
    else
        im->when = index[COL_DATETIME] >= 0 ? COL_DATETIME : COL_DATE;
    const struct rules *rules = im->options->rules;
    im->date_order = rules ? rules->date_order : NORM_ORDER_UNKNOWN;
    if (im->date_order == NORM_ORDER_UNKNOWN && im->date_fit_known && index[im->when] >= 0) {
        int fit = im->date_fit[index[im->when]];
        im->date_order = fit == 1 ? NORM_ORDER_MDY : fit == 2 ? NORM_ORDER_DMY : NORM_ORDER_UNKNOWN;
    }
}

static int take_header(struct importer *im, const struct csvin_record *rec)
{
    const char *fields[CSVIN_MAX_FIELDS] = {0};
    char *copies[CSVIN_MAX_FIELDS];
    size_t lengths[CSVIN_MAX_FIELDS] = {0};
    int n = rec->nfields, rc = 0;

    if (rec->error) {
        snprintf(im->sum->fatal, sizeof im->sum->fatal, _("%s:%ld: header: %s"), im->path,
                 rec->line, rec->error);
        return -1;
    }
    for (int i = 0; i < n; i++) {
        const char *out;
        size_t outlen;
        copies[i] = NULL;
        if (encoder_to_utf8(im->encoder, rec->fields[i], rec->lengths[i], &out, &outlen) != 0) {
            snprintf(im->sum->fatal, sizeof im->sum->fatal,
                     _("%s:%ld: header: field %d is not valid %s text"), im->path, rec->line, i + 1,
                     encoding_name(im->sum->encoding));
            for (int j = 0; j < i; j++)
                free(copies[j]);
            return -1;
        }
        copies[i] = strndup(out, outlen);
        fields[i] = copies[i] ? copies[i] : "";
        lengths[i] = copies[i] ? outlen : 0;
    }
    char err[512];
    const struct columns_options match = {im->options->kind, im->options->rules,
                                          im->options->ignore};
    if (columns_match(fields, lengths, n, &match, &im->map, err, sizeof err) != 0) {
        if (im->header_found)
            snprintf(im->sum->fatal, sizeof im->sum->fatal, "%s:%ld: %s", im->path, rec->line, err);
        else
            snprintf(im->sum->fatal, sizeof im->sum->fatal,
                     _("%s:%ld: no header: none of the first %d lines names two of funnel's columns"
                       " (日期, 销售顾问, 联系电话, ...), and the first line reads: %s; name the"
                       " columns as funnel does, or map the file's names under [columns] in a rules"
                       " file (--rules FILE)"),
                     im->path, rec->line, IMPORT_HEADER_LINES, err);
        rc = -1;
    }
    if (rc == 0) take_date_source(im);
    if (rc == 0) rc = take_fill_down(im, fields, n);
    for (int i = 0; rc == 0 && i < n && im->sum->ncolumns < IMPORT_COLUMNS_SHOWN; i++) {
        char(*shown)[64] = im->sum->columns[im->sum->ncolumns++];
        snprintf(shown[0], sizeof shown[0], "%s", fields[i]);
        shown[1][0] = '\0';
        for (int c = 0; c < COL_COUNT; c++)
            if (im->map.index[c] == i) snprintf(shown[1], sizeof shown[1], "%s", column_name(c));
        for (int k = 0; k < im->map.nphones; k++)
            if (im->map.phones[k] == i) snprintf(shown[1], sizeof shown[1], "phone");
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

/* Of several phone columns (DOMAIN.md 3.4), the row's phone is the first
 * valid mobile in column order, else the first valid landline, else the
 * first cell written. Every phone cell goes into im->other_phones, for the
 * row's duplicate key. Returns 0, or the 1-based field that is not valid in
 * the file's encoding. */
static int choose_phone(struct importer *im, const struct csvin_record *rec)
{
    int best = -1, best_rank = 3; /* 0 mobile, 1 landline, 2 written */
    im->other_phones_len = 0;
    im->phone_best = -1;
    for (int k = 0; k < im->map.nphones; k++) {
        int i = im->map.phones[k];
        const char *out;
        size_t outlen;
        char *cell = im->phone_cell[k], phone[NORM_PHONE_SIZE];
        cell[0] = '\0';
        im->phone_status[k] = NORM_EMPTY;
        if (i >= rec->nfields) continue;
        if (encoder_to_utf8(im->encoder, rec->fields[i], rec->lengths[i], &out, &outlen) != 0 ||
            memchr(out, '\0', outlen))
            return i + 1;
        size_t len = norm_trim(out, cell, sizeof im->phone_cell[k]);
        memcpy(im->other_phones + im->other_phones_len, cell, len);
        im->other_phones_len += len;
        im->other_phones[im->other_phones_len++] = '\x1f';
        im->phone_status[k] = (signed char)norm_phone(cell, phone);
        int rank = !len                                       ? 3
                   : im->phone_status[k] != NORM_OK           ? 2
                   : (strlen(phone) == 11 && phone[0] == '1') ? 0
                                                              : 1;
        if (rank < best_rank) best = i, best_rank = rank, im->phone_best = k;
    }
    if (best >= 0 && best != im->map.index[COL_PHONE]) {
        const char *out;
        size_t outlen;
        encoder_to_utf8(im->encoder, rec->fields[best], rec->lengths[best], &out, &outlen);
        im->value_len[COL_PHONE] = norm_trim(out, im->value[COL_PHONE], sizeof im->value[0]);
    }
    return 0;
}

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
        const char *out = rec->fields[i];
        size_t outlen = rec->lengths[i];
        /* text the reader checked is UTF-8 without NULs */
        if (!im->utf8_checked &&
            (encoder_to_utf8(im->encoder, rec->fields[i], rec->lengths[i], &out, &outlen) != 0 ||
             memchr(out, '\0', outlen)))
            return i + 1;
        im->value_len[c] = norm_trim_bytes(out, outlen, im->value[c], sizeof im->value[c]);
    }
    if (im->map.nphones > 1) {
        int bad = choose_phone(im, rec);
        if (bad) return bad;
    }
    for (int c = 0; c < COL_COUNT; c++)
        if ((im->fill[c] || is_required(im, (enum column)c)) &&
            fill_from_above(im, (enum column)c) != 0)
            return -1;
    for (int i = 0; i < rec->nfields && !im->utf8_checked; i++) {
        const char *out;
        size_t outlen;
        if (i < im->map.nfields && im->mapped[i]) continue; /* checked above */
        if (encoder_to_utf8(im->encoder, rec->fields[i], rec->lengths[i], &out, &outlen) != 0 ||
            memchr(out, '\0', outlen))
            return i + 1;
    }
    return 0;
}

/* Warns of a phone cell that identifies no one (status from norm_phone);
 * where says which column when the file has several. Returns 0, or -1 when
 * the warning cannot be staged. */
static int warn_phone(struct importer *im, const struct csvin_record *rec, const char *cell,
                      int status, const char *where)
{
    char quoted[64];
    if (status != NORM_EXCEL_NUMBER && status != NORM_INVALID) return 0;
    quote_cell(cell, quoted, sizeof quoted);
    if (status == NORM_EXCEL_NUMBER) {
        im->sum->excel_phones++;
        return warn(im, rec->line,
                    "phone '%s'%s: Excel stored the phone as a number; its digits are lost: export"
                    " the column as text",
                    quoted, where);
    }
    return warn(im, rec->line, "phone '%s'%s is not a valid phone: %s (phones read: %s)", quoted,
                where, *where ? "the row is identified by another" : "the row identifies no one",
                norm_phone_forms);
}

/* The readings a memo remembers: 1 with *value when the cell reads (the
 * rules file's words first), else 0. */
typedef int reading(const struct rules *rules, const char *cell, const char *day, int *value);

static int read_flag(const struct rules *rules, const char *cell, const char *day, int *value)
{
    (void)day;
    return rules_word(rules, RULES_BOOLEANS, cell, value) || norm_bool(cell, value) != NORM_INVALID;
}

static int read_direction(const struct rules *rules, const char *cell, const char *day, int *value)
{
    (void)day;
    return rules_word(rules, RULES_DIRECTIONS, cell, value) ||
           norm_direction(cell, value) != NORM_INVALID;
}

static int read_timeframe(const struct rules *rules, const char *cell, const char *day, int *value)
{
    return rules_word(rules, RULES_TIMEFRAMES, cell, value) ||
           norm_timeframe_on(cell, day, value) != NORM_INVALID;
}

/* read(cell) through the memo m: the cell's remembered reading, else its
 * reading, remembered. day is part of the key when not NULL. */
static int memo_read(struct memo *m, const struct rules *rules, reading *read, const char *cell,
                     size_t len, const char *day, int *value)
{
    char key[MEMO_KEY];
    size_t day_len = day ? strlen(day) : 0, n = len + (day ? 1 + day_len : 0);
    if (n >= MEMO_KEY) return read(rules, cell, day, value);
    memcpy(key, cell, len);
    if (day) {
        key[len] = '\x1f';
        memcpy(key + len + 1, day, day_len);
    }
    unsigned hash = (unsigned)n;
    for (size_t i = 0; i < n; i++)
        hash = hash * 31 + (unsigned char)key[i];
    struct memo_slot *slot = &m->slots[hash % MEMO_SLOTS];
    if (slot->len == n + 1 && memcmp(slot->key, key, n) == 0) {
        *value = slot->value;
        return slot->ok;
    }
    int ok = read(rules, cell, day, value);
    slot->len = (unsigned char)(n + 1);
    slot->ok = (signed char)ok;
    slot->value = *value;
    memcpy(slot->key, key, n);
    return ok;
}

/* Normalizes im->value into c. Returns 0, or -1 after rejecting the row. */
static int normalize_row(struct importer *im, const struct csvin_record *rec, struct contact *c)
{
    char quoted[64];
    char(*v)[CSVIN_MAX_FIELD + 1] = im->value;
    const struct rules *rules = im->options->rules;
    const char *when = v[im->when];

    memset(c, 0, sizeof *c);
    int rc = norm_datetime_order(when, im->date_order, c->day, c->time);
    if (rc == NORM_EMPTY) return reject_missing(im, rec, im->when), -1;
    if (rc != NORM_OK) {
        quote_cell(when, quoted, sizeof quoted);
        if (norm_date_order_fit(when) == 3)
            return reject(im, rec,
                          "%s '%s' is not a date: it reads as month/day or as day/month; set"
                          " \"date_order = mdy\" or \"date_order = dmy\" under [funnel] in a"
                          " rules file (--rules FILE)",
                          column_name(im->when), quoted),
                   -1;
        return reject(im, rec, "%s '%s' is not a date: dates are read as %s", column_name(im->when),
                      quoted, norm_date_forms),
               -1;
    }
    if (!v[COL_SALESPERSON][0]) return reject_missing(im, rec, COL_SALESPERSON), -1;
    char said[256];
    if (!rules_word(rules, RULES_OUTCOMES, v[COL_OUTCOME], &c->outcome)) {
        if (norm_outcome_reason(v[COL_OUTCOME], &c->outcome, said, sizeof said) == NORM_INVALID) {
            quote_cell(v[COL_OUTCOME], quoted, sizeof quoted);
            return reject(im, rec,
                          "outcome '%s' is not a known outcome: to accept it, add a line"
                          " \"FOLLOW = %s\" (or ORDER, DELIVERED, DEFEAT, LOST) under [outcomes]"
                          " in a rules file (--rules FILE)",
                          quoted, quoted),
                   -1;
        }
        if (said[0] && !v[COL_DEFEAT_REASON][0]) /* 战败-价格: the reason is in the outcome */
            im->value_len[COL_DEFEAT_REASON] =
                norm_trim(said, v[COL_DEFEAT_REASON], sizeof v[COL_DEFEAT_REASON]);
    }
    if (!memo_read(&im->memos[MEMO_DIRECTION], rules, read_direction, v[COL_DIRECTION],
                   im->value_len[COL_DIRECTION], NULL, &c->direction)) {
        quote_cell(v[COL_DIRECTION], quoted, sizeof quoted);
        return reject(im, rec,
                      "direction '%s' is neither in nor out: to accept it, add a line \"in = %s\""
                      " or \"out = %s\" under [directions] in a rules file (--rules FILE)",
                      quoted, quoted, quoted),
               -1;
    }
    for (int f = 0; f < 5; f++) {
        const char *cell = v[flag_columns[f]];
        if (!memo_read(&im->memos[MEMO_FLAG + f], rules, read_flag, cell,
                       im->value_len[flag_columns[f]], NULL, &c->flags[f])) {
            quote_cell(cell, quoted, sizeof quoted);
            return reject(im, rec,
                          "%s '%s' is not yes or no: to accept it, add a line \"true = %s\" or"
                          " \"false = %s\" under [booleans] in a rules file (--rules FILE)",
                          column_name(flag_columns[f]), quoted, quoted, quoted),
                   -1;
        }
    }
    if (v[COL_TIME_IN][0]) {
        char day[NORM_DAY_SIZE];
        if (norm_time(v[COL_TIME_IN], c->time) != NORM_OK &&
            (norm_datetime(v[COL_TIME_IN], day, c->time) != NORM_OK || !c->time[0])) {
            quote_cell(v[COL_TIME_IN], quoted, sizeof quoted);
            c->time[0] = '\0';
            if (warn(im, rec->line, "time_in '%s' is not a time: taken as unknown (times read: %s)",
                     quoted, norm_time_forms))
                return -1;
        }
    }
    rc = norm_phone(v[COL_PHONE], c->phone);
    c->phone_valid = rc == NORM_OK;
    if (warn_phone(im, rec, v[COL_PHONE], rc, "") != 0) return -1;
    for (int k = 0; im->map.nphones > 1 && k < im->map.nphones; k++)
        if (k != im->phone_best &&
            warn_phone(im, rec, im->phone_cell[k], im->phone_status[k], " (another phone column)"))
            return -1;
    if (!memo_read(&im->memos[MEMO_TIMEFRAME], rules, read_timeframe, v[COL_TIMEFRAME],
                   im->value_len[COL_TIMEFRAME], c->day, &c->timeframe_days)) {
        quote_cell(v[COL_TIMEFRAME], quoted, sizeof quoted);
        if (warn(im, rec->line,
                 "timeframe '%s' is not understood: taken as unknown; to read it, add a line"
                 " \"%s = DAYS\" under [timeframes] in a rules file (--rules FILE)",
                 quoted, quoted))
            return -1;
    }
    rc = norm_duration(v[COL_DURATION], &c->duration);
    c->has_duration = rc == NORM_OK;
    if (rc == NORM_INVALID) {
        quote_cell(v[COL_DURATION], quoted, sizeof quoted);
        if (warn(im, rec->line,
                 "duration '%s' is not understood: taken as empty (durations read: %s)", quoted,
                 norm_duration_forms))
            return -1;
    }
    return 0;
}

/* ---- inspect: how each field's values read ---- */

/* Counts one cell of field f: understood or not (keeping the value). */
static void tally(struct import_summary *s, int f, const char *name, const char *cell, int ok)
{
    struct import_field *field = &s->fields[f];
    if (f >= s->nfields) s->nfields = f + 1;
    snprintf(field->name, sizeof field->name, "%s", name);
    if (!*cell) return;
    field->values++;
    if (ok) {
        field->understood++;
        return;
    }
    char text[48];
    quote_cell(cell, text, sizeof text);
    int k = 0;
    while (k < field->nnot_read && strcmp(field->not_read[k].text, text) != 0)
        k++;
    if (k == field->nnot_read) {
        if (k == IMPORT_NOT_READ * 3) return; /* the candidates are full: a rare value */
        snprintf(field->not_read[k].text, sizeof field->not_read[k].text, "%s", text);
        field->nnot_read++;
    }
    field->not_read[k].count++;
}

/* Reads every field of a fixed vocabulary on its own, whatever else the
 * row holds, for inspect's table of what is understood. */
static void tally_row(struct importer *im)
{
    const char(*v)[CSVIN_MAX_FIELD + 1] = im->value;
    const struct rules *rules = im->options->rules;
    struct import_summary *s = im->sum;
    char day[NORM_DAY_SIZE], time[NORM_TIME_SIZE], phone[NORM_PHONE_SIZE];
    int value, f = 0;
    long seconds;

    tally(s, f++, column_name(im->when), v[im->when],
          norm_datetime_order(v[im->when], im->date_order, day, time) == NORM_OK);
    tally(s, f++, "time_in", v[COL_TIME_IN],
          norm_time(v[COL_TIME_IN], time) == NORM_OK ||
              norm_datetime(v[COL_TIME_IN], day, time) == NORM_OK);
    tally(s, f++, "phone", v[COL_PHONE], norm_phone(v[COL_PHONE], phone) == NORM_OK);
    tally(s, f++, "outcome", v[COL_OUTCOME],
          rules_word(rules, RULES_OUTCOMES, v[COL_OUTCOME], &value) ||
              norm_outcome(v[COL_OUTCOME], &value) != NORM_INVALID);
    tally(s, f++, "direction", v[COL_DIRECTION],
          rules_word(rules, RULES_DIRECTIONS, v[COL_DIRECTION], &value) ||
              norm_direction(v[COL_DIRECTION], &value) != NORM_INVALID);
    for (int k = 0; k < 5; k++) {
        const char *cell = v[flag_columns[k]];
        tally(s, f++, column_name(flag_columns[k]), cell,
              rules_word(rules, RULES_BOOLEANS, cell, &value) ||
                  norm_bool(cell, &value) != NORM_INVALID);
    }
    tally(s, f++, "timeframe", v[COL_TIMEFRAME],
          rules_word(rules, RULES_TIMEFRAMES, v[COL_TIMEFRAME], &value) ||
              norm_timeframe_on(v[COL_TIMEFRAME], day, &value) != NORM_INVALID);
    tally(s, f++, "duration", v[COL_DURATION],
          norm_duration(v[COL_DURATION], &seconds) != NORM_INVALID);
}

/* Keeps the fields that have values, each with its most common values not
 * understood first. */
static void tally_finish(struct import_summary *s)
{
    int kept = 0;
    for (int f = 0; f < s->nfields; f++) {
        struct import_field *field = &s->fields[f];
        if (field->values == 0) continue;
        for (int i = 1; i < field->nnot_read; i++)
            for (int j = i; j > 0 && field->not_read[j].count > field->not_read[j - 1].count; j--) {
                struct import_value swap = field->not_read[j];
                field->not_read[j] = field->not_read[j - 1];
                field->not_read[j - 1] = swap;
            }
        if (field->nnot_read > IMPORT_NOT_READ) field->nnot_read = IMPORT_NOT_READ;
        s->fields[kept++] = *field;
    }
    s->nfields = kept;
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

/* The row's store (DOMAIN.md 6.3): its own cell, else --store, else the
 * unnamed store "". */
static const char *row_store(const struct importer *im)
{
    if (im->value_len[COL_STORE] > 0) return im->value[COL_STORE];
    return im->options->store ? im->options->store : "";
}

/* Writes n in decimal, as "%ld" does, into out (at least 21 bytes, not
 * NUL-terminated); returns its length. */
static size_t decimal(long n, char *out)
{
    char digits[24];
    size_t k = 0, len = 0;
    unsigned long u = n < 0 ? 0UL - (unsigned long)n : (unsigned long)n;
    do
        digits[k++] = (char)('0' + u % 10);
    while ((u /= 10) > 0);
    if (n < 0) out[len++] = '-';
    while (k > 0)
        out[len++] = digits[--k];
    return len;
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
    size_t len = c->has_duration ? decimal(c->duration, num) : 0;
    rc |= content_add(im, &used, num, len);
    const char *phone = c->phone_valid ? c->phone : im->value[COL_PHONE];
    rc |= content_add(im, &used, phone, strlen(phone));
    if (im->map.nphones > 1) /* a file of one phone column keeps the keys it always had */
        rc |= content_add(im, &used, im->other_phones, im->other_phones_len);
    const char *store = row_store(im);
    if (*store) /* the unnamed store's rows keep the keys they always had */
        rc |= content_add(im, &used, store, strlen(store));
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
        case COL_MONTH: /* the targets' columns are no log's */
        case COL_BUYERS:
        case COL_VISITORS:
        case COL_PROSPECTS:
        case COL_NEW_SALESPERSON:
        case COL_STORE: /* added below when there is one */
            continue;   /* the others in normalized form above */
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

static int store_contact(struct importer *im, const struct csvin_record *rec,
                         const struct contact *c)
{
    struct writer *w = im->writer;
    unsigned char key[16];
    char customer_key[CUSTOMER_KEY_SIZE];
    const char *store = row_store(im);

    if (row_key(im, c, key) != 0) return -1;
    if (*store)
        im->named_rows++;
    else
        im->unnamed_rows++;
    /* a customer is a (store, phone) pair; the unnamed store's keys are the
     * phones alone, and a row without a valid phone is a customer of its own */
    char place[48];
    if (!c->phone_valid)
        snprintf(place, sizeof place, "#%lld:%ld", (long long)im->import_id, rec->line);
    size_t store_len = strlen(store), sep = store_len > 0;
    const char *who = c->phone_valid ? c->phone : place;
    size_t who_len = strlen(who);
    if (store_len + sep + who_len >= sizeof customer_key)
        return reject(im, rec, "store '%.40s' is longer than funnel keeps", store) ? -1 : 0;
    memcpy(customer_key, store, store_len);
    customer_key[store_len] = '\x1f';
    memcpy(customer_key + store_len + sep, who, who_len + 1);
    writer_row(w, STATEMENT_CONTACT, rec->line);
    writer_int(w, im->import_id);
    writer_int(w, rec->line);
    writer_string(w, im->map.kind == KIND_VISITS ? "visit" : "call");
    writer_string(w, c->day);
    writer_string_or_null(w, c->time);
    writer_string(w, customer_key);
    stage_value(w, im, COL_CUSTOMER, 0);
    writer_string_or_null(w, c->phone_valid ? c->phone : "");
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
    writer_string(w, store);
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

/* A line above the header (a title such as "XX汽车4S店来店登记表"):
 * skipped, and said in the summary. */
static int take_title(struct importer *im, const struct csvin_record *rec)
{
    char text[512] = "";
    size_t used = 0;
    for (int i = 0; i < rec->nfields && used + 1 < sizeof text; i++) {
        const char *out;
        size_t outlen;
        if (blank(rec->fields[i], rec->lengths[i])) continue;
        encoder_to_utf8_lossy(im->encoder, rec->fields[i], rec->lengths[i], &out, &outlen);
        int n =
            snprintf(text + used, sizeof text - used, "%s%.*s", used ? " " : "", (int)outlen, out);
        used = n < 0 ? used : used + (size_t)n < sizeof text ? used + (size_t)n : sizeof text - 1;
    }
    char quoted[64], message[128];
    quote_cell(text, quoted, sizeof quoted);
    snprintf(message, sizeof message, "above the header: '%s'", quoted);
    im->sum->title_lines++;
    keep_for_script(im->sum, rec->line, "skipped", message);
    return 0;
}

/* ---- targets (DOMAIN.md 7.5) ---- */

/* A target's number: digits, optionally with 台 or 人 after them or .0;
 * 0 and *value, NORM_EMPTY when blank, -1 when not a count (-2 when
 * negative). */
static int target_number(const char *cell, long *value)
{
    char folded[64], *end;
    if (!*cell) return NORM_EMPTY;
    if (norm_fold(cell, folded, sizeof folded) >= sizeof folded - 1) return -1;
    errno = 0;
    double n = strtod(folded, &end);
    while (*end == ' ')
        end++;
    if (strcmp(end, "台") == 0 || strcmp(end, "人") == 0 || strcmp(end, "个") == 0)
        end += strlen(end);
    if (end == folded || *end || errno || n != (double)(long)n || n > 1e6) return -1;
    if (n < 0) return -2;
    *value = (long)n;
    return 0;
}

/* A target's month as "YYYY-MM": YYYY-MM, YYYY/M, YYYY.M, YYYY年M月, YYYYMM,
 * or a date in it. Returns 0, or -1. */
static int target_month(const char *cell, char month[8])
{
    char folded[64], day[NORM_DAY_SIZE], time[NORM_TIME_SIZE];
    int y, m, used = 0;
    norm_fold(cell, folded, sizeof folded);
    if ((sscanf(folded, "%4d-%2d%n", &y, &m, &used) == 2 ||
         sscanf(folded, "%4d/%2d%n", &y, &m, &used) == 2 ||
         sscanf(folded, "%4d.%2d%n", &y, &m, &used) == 2 ||
         sscanf(folded, "%4d年%2d月%n", &y, &m, &used) == 2) &&
        (folded[used] == '\0' || strcmp(folded + used, "月") == 0) && y >= 1900 && y <= 2999 &&
        m >= 1 && m <= 12) {
        snprintf(month, 8, "%04d-%02d", y, m);
        return 0;
    }
    if (strlen(folded) == 6 && sscanf(folded, "%4d%2d%n", &y, &m, &used) == 2 && used == 6 &&
        y >= 1900 && y <= 2999 && m >= 1 && m <= 12) {
        snprintf(month, 8, "%04d-%02d", y, m);
        return 0;
    }
    if (norm_datetime(cell, day, time) == NORM_OK) {
        snprintf(month, 8, "%.7s", day);
        return 0;
    }
    return -1;
}

/* Reads one targets row into the targets table, or rejects it. Returns 0,
 * or -1 when it cannot be staged. */
static int take_target(struct importer *im, const struct csvin_record *rec)
{
    char month[8], quoted[64];
    long n[3] = {0, 0, 0};
    int have[3];
    static const enum column counts[3] = {COL_BUYERS, COL_VISITORS, COL_PROSPECTS};
    const char(*v)[CSVIN_MAX_FIELD + 1] = im->value;

    if (!v[COL_MONTH][0]) return reject_missing(im, rec, COL_MONTH);
    if (target_month(v[COL_MONTH], month) != 0) {
        quote_cell(v[COL_MONTH], quoted, sizeof quoted);
        return reject(im, rec, "month '%s' is not a month: write it as YYYY-MM (2026-10)", quoted);
    }
    if (!v[COL_SALESPERSON][0]) return reject_missing(im, rec, COL_SALESPERSON);
    for (int k = 0; k < 3; k++) {
        int rc = target_number(v[counts[k]], &n[k]);
        have[k] = rc == 0;
        if (rc == NORM_EMPTY && k == 0) return reject_missing(im, rec, COL_BUYERS);
        if (rc < 0) {
            quote_cell(v[counts[k]], quoted, sizeof quoted);
            return reject(im, rec, "%s '%s' is %s", column_name(counts[k]), quoted,
                          rc == -2 ? "a negative target" : "not a number of people");
        }
    }
    struct writer *w = im->writer;
    writer_row(w, STATEMENT_TARGET, rec->line);
    writer_string(w, row_store(im));
    writer_string(w, month);
    writer_text(w, v[COL_SALESPERSON], im->value_len[COL_SALESPERSON]);
    for (int k = 0; k < 3; k++)
        if (have[k])
            writer_int(w, n[k]);
        else
            writer_null(w);
    writer_int(w, im->import_id);
    writer_int(w, rec->line);
    return writer_end_row(w);
}

/* Reads one row of an assignments sheet (DOMAIN.md 7.12): the customer, by
 * phone in the row's store, goes to the new salesperson from the row's date,
 * else from today. A phone that is no customer of the store is warned of
 * once the rows are stored (warn_unknown_customers). Returns 0, or -1 when
 * the row cannot be staged. */
static int take_assignment(struct importer *im, const struct csvin_record *rec)
{
    char quoted[64], phone[NORM_PHONE_SIZE], day[NORM_DAY_SIZE], clock[NORM_TIME_SIZE];
    char key[CUSTOMER_KEY_SIZE];
    const char(*v)[CSVIN_MAX_FIELD + 1] = im->value;
    const char *store = row_store(im);

    if (!v[COL_NEW_SALESPERSON][0]) return reject_missing(im, rec, COL_NEW_SALESPERSON);
    if (!v[COL_PHONE][0]) return reject_missing(im, rec, COL_PHONE);
    if (strchr(v[COL_PHONE], '*') || norm_phone(v[COL_PHONE], phone) != NORM_OK) {
        quote_cell(v[COL_PHONE], quoted, sizeof quoted);
        return reject(im, rec, "phone '%s' is not a phone%s", quoted,
                      strchr(v[COL_PHONE], '*') ? ": the sheet has masked phones (138****5678);"
                                                  " make it with report handover --show-phones"
                                                : "");
    }
    if (!v[COL_DATE][0]) {
        time_t now = time(NULL);
        struct tm tm;
        localtime_r(&now, &tm);
        strftime(day, sizeof day, "%Y-%m-%d", &tm);
    } else if (norm_datetime_order(v[COL_DATE], im->date_order, day, clock) != NORM_OK) {
        quote_cell(v[COL_DATE], quoted, sizeof quoted);
        return reject(im, rec, "date '%s' is not a date: dates are read as %s", quoted,
                      norm_date_forms);
    }
    snprintf(key, sizeof key, "%s%s%s", store, *store ? "\x1f" : "", phone);
    struct writer *w = im->writer;
    writer_row(w, STATEMENT_ASSIGNMENT, rec->line);
    writer_string(w, key);
    writer_string(w, day);
    writer_text(w, v[COL_NEW_SALESPERSON], im->value_len[COL_NEW_SALESPERSON]);
    writer_string(w, store);
    writer_int(w, im->import_id);
    writer_int(w, rec->line);
    return writer_end_row(w);
}

/* Warns of each hand-over of a phone that is no customer of its store (in
 * one pass over the contacts). Returns 0, or -1 when a warning cannot be
 * stored. */
static int warn_unknown_customers(struct importer *im)
{
    sqlite3_stmt *st = NULL;
    int rc = 0;
    if (sqlite3_prepare_v2(im->db,
                           "SELECT a.line, a.customer_key, a.store FROM assignments a"
                           " WHERE a.import_id = ?1 AND a.customer_key NOT IN"
                           " (SELECT customer_key FROM contacts) ORDER BY a.line",
                           -1, &st, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_int64(st, 1, im->import_id);
    while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
        const char *key = (const char *)sqlite3_column_text(st, 1);
        const char *mark = strchr(key, '\x1f'), *store = (const char *)sqlite3_column_text(st, 2);
        rc = warn(im, sqlite3_column_int64(st, 0),
                  "phone %s is no customer%s%s%s: the hand-over changes nothing until it is",
                  mark ? mark + 1 : key, *store ? " of store '" : "", store, *store ? "'" : "");
    }
    sqlite3_finalize(st);
    return rc;
}

/* Warns of each target whose salesperson appears in no log of the store:
 * a name written otherwise, or someone who has not started. Run after the
 * rows are stored. Returns 0, or -1 when a warning cannot be stored. */
static int warn_unknown_salespeople(struct importer *im, const char *table)
{
    sqlite3_stmt *st = NULL;
    int rc = 0;
    char *sql = sqlite3_mprintf("WITH known AS (SELECT DISTINCT store, salesperson FROM contacts)"
                                " SELECT t.line, t.salesperson FROM %s t"
                                " WHERE t.import_id = ?1 AND NOT EXISTS (SELECT 1 FROM known k"
                                "   WHERE k.store = t.store AND k.salesperson = t.salesperson)"
                                " ORDER BY t.line",
                                table);
    int prepared = sql && sqlite3_prepare_v2(im->db, sql, -1, &st, NULL) == SQLITE_OK;
    sqlite3_free(sql);
    if (!prepared) return -1;
    sqlite3_bind_int64(st, 1, im->import_id);
    while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
        char quoted[64];
        quote_cell((const char *)sqlite3_column_text(st, 1), quoted, sizeof quoted);
        rc = warn(im, sqlite3_column_int64(st, 0),
                  "salesperson '%s' appears in no visit or phone log of the store: the %s is"
                  " kept; check the name",
                  quoted, strcmp(table, "targets") == 0 ? "target" : "hand-over");
    }
    sqlite3_finalize(st);
    return rc;
}

/* The reader met bytes that are not UTF-8 in a file read as UTF-8: from
 * now on each cell is checked; and when the encoding was only guessed from
 * the first bytes, the whole file's count decides, and a file that is
 * GB18030 after all is read again from the start (im->read_again).
 * Returns 0 to read on, 1 to stop and read again, or -1 on a read error
 * (in the summary's fatal). */
static int guess_whole(int fd, enum encoding *encoding, char *err, size_t errsize);

static int utf8_broken(struct importer *im)
{
    im->utf8_checked = 0;
    encoder_text_is_valid(im->encoder, 0);
    if (!im->utf8_unsure) return 0;
    im->utf8_unsure = 0;
    enum encoding guessed;
    char err[256];
    if (guess_whole(im->fd, &guessed, err, sizeof err) != 0) {
        snprintf(im->sum->fatal, sizeof im->sum->fatal, "%s: %s", im->path, err);
        return -1;
    }
    if (guessed == ENCODING_UTF8) return 0;
    im->read_again = guessed;
    return 1;
}

static int take_record(const struct csvin_record *rec, void *data)
{
    struct parse_state *ps = data;
    struct importer *im = ps->im;
    struct contact c;

    if (im->utf8_checked && csvin_invalid_utf8(ps->in) > 0) {
        int again = utf8_broken(im);
        if (again < 0) return ps->failed = 1;
        if (again) return 1;
    }
    if (!im->have_header) {
        if (rec->nfields == 0 || (all_blank(rec) && !rec->error)) return 0;
        if (rec->line < im->sum->header_line) return take_title(im, rec);
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
    } else if (im->map.kind == KIND_TARGETS) {
        rc = take_target(im, rec);
    } else if (im->map.kind == KIND_ASSIGNMENTS) {
        rc = take_assignment(im, rec);
    } else {
        if (im->options->tally) tally_row(im);
        if (normalize_row(im, rec, &c) == 0) rc = store_contact(im, rec, &c);
    }
done:
    if (rc != 0) return ps->failed = 1; /* writer_finish tells why */
    return 0;
}

/* Hands the file open on fd to fn chunk by chunk, from its start. Returns
 * 0, or -1 with a reason in err. */
static int read_chunks(int fd, void (*fn)(void *, const unsigned char *, size_t), void *data,
                       char *err, size_t errsize)
{
    static unsigned char buf[1 << 18];
    off_t offset = 0;
    for (;;) {
        ssize_t n = pread(fd, buf, sizeof buf, offset);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            snprintf(err, errsize, _("read error: %s"), strerror(errno));
            return -1;
        }
        if (n == 0) return 0;
        fn(data, buf, (size_t)n);
        offset += n;
    }
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
static int digest_file(int fd, char hex[65], long long *size, char *err, size_t errsize)
{
    struct digest_state d = {.size = 0};
    unsigned char digest[32];
    sha256_init(&d.sha);
    if (read_chunks(fd, digest_chunk, &d, err, errsize) != 0) return -1;
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

/* The encoding with fewer invalid bytes over the whole file (DOMAIN.md
 * section 3.3), a BOM meaning UTF-8. */
static int guess_whole(int fd, enum encoding *encoding, char *err, size_t errsize)
{
    struct guess_state g = {.first = 1, .bom = 0};
    encoding_guess_init(&g.guess);
    if (read_chunks(fd, guess_chunk, &g, err, errsize) != 0) return -1;
    encoding_guess_finish(&g.guess);
    *encoding = g.bom ? ENCODING_UTF8 : encoding_guess_result(&g.guess);
    return 0;
}

/* Whether the first GUESS_PREFIX bytes of the file are UTF-8 (a sequence
 * cut at the end of them is not held against it). Returns 1, 0, or -1 with
 * err. */
static int starts_as_utf8(int fd, char *err, size_t errsize)
{
    static unsigned char buf[GUESS_PREFIX];
    ssize_t n;
    while ((n = pread(fd, buf, sizeof buf, 0)) < 0 && errno == EINTR)
        ;
    if (n < 0) {
        snprintf(err, errsize, _("read error: %s"), strerror(errno));
        return -1;
    }
    struct encoding_guess g;
    encoding_guess_init(&g);
    encoding_utf8_feed(&g, buf, (size_t)n);
    return g.bad_utf8 == 0;
}

/* Tells the encoding of a file when *encoding is ENCODING_AUTO (DOMAIN.md
 * section 3.3): a BOM means UTF-8, else the encoding with fewer invalid
 * bytes. A file whose first bytes are UTF-8 is read as UTF-8 at once
 * (*unsure set): the reader checks the rest as it reads it, and only a byte
 * that is not UTF-8 calls for the whole file's count (take_record). */
static int guess_encoding(int fd, enum encoding *encoding, int *unsure, char *err, size_t errsize)
{
    unsigned char bom[2];
    int utf16 = pread(fd, bom, 2, 0) == 2 &&
                ((bom[0] == 0xFF && bom[1] == 0xFE) || (bom[0] == 0xFE && bom[1] == 0xFF));
    if (utf16 || *encoding == ENCODING_UTF16) {
        if (!utf16) {
            snprintf(err, errsize,
                     _("--encoding utf-16: the file does not start with a UTF-16 byte-order mark"));
            return -1;
        }
        *encoding = ENCODING_UTF16; /* the BOM says so, whatever --encoding says */
        return 0;
    }
    if (*encoding != ENCODING_AUTO) return 0;
    int utf8 = starts_as_utf8(fd, err, errsize);
    if (utf8 < 0) return -1;
    if (utf8) {
        *encoding = ENCODING_UTF8;
        *unsure = 1;
        return 0;
    }
    return guess_whole(fd, encoding, err, errsize);
}

static void now_text(char *out, size_t size)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Adds this import's row to the ledger, as id when id > 0, with the
 * summary's counts and began as its time. Returns its id, or -1. */
static sqlite3_int64 ledger_add(struct importer *im, const char *hex, long long size,
                                sqlite3_int64 same_as, sqlite3_int64 id, const char *began)
{
    char err[256];
    sqlite3_stmt *st = db_prepare(im->db,
                                  "INSERT INTO imports (id, file, sha256, size, kind, encoding,"
                                  " imported_at, read, imported, duplicates, rejected, warnings,"
                                  " same_as, skipped, options)"
                                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                  err, sizeof err);
    if (!st) return -1;
    struct import_summary *s = im->sum;
    if (id > 0)
        sqlite3_bind_int64(st, 1, id);
    else
        sqlite3_bind_null(st, 1);
    sqlite3_bind_text(st, 2, im->path, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, hex, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, size);
    sqlite3_bind_text(st, 5, kind_name(s->kind), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, encoding_name(s->encoding), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, began, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 8, s->read);
    sqlite3_bind_int64(st, 9, s->imported);
    sqlite3_bind_int64(st, 10, s->duplicates);
    sqlite3_bind_int64(st, 11, s->rejected);
    sqlite3_bind_int64(st, 12, s->warnings);
    if (same_as > 0)
        sqlite3_bind_int64(st, 13, same_as);
    else
        sqlite3_bind_null(st, 13);
    sqlite3_bind_int64(st, 14, s->skipped);
    sqlite3_bind_text(st, 15, im->read_options, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? sqlite3_last_insert_rowid(im->db) : -1;
}

/* The id the ledger gives the next row, which the rows an import stores
 * name: the import adds its ledger row only once it has its counts, so
 * that the row's page is written once, after the rows' pages (a page
 * written early in a long transaction and changed at its end makes SQLite
 * rewrite the whole write-ahead log's checksums). Returns -1 on error. */
static sqlite3_int64 ledger_next_id(struct importer *im)
{
    char err[256];
    sqlite3_stmt *st =
        db_prepare(im->db, "SELECT coalesce(max(id), 0) + 1 FROM imports", err, sizeof err);
    if (!st) return -1;
    sqlite3_int64 id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return id;
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
        snprintf(err, errsize, _("the settings table has no rowkey_secret"));
    }
    sqlite3_finalize(st);
    return rc;
}

static int prepare_statements(struct importer *im, char *err, size_t errsize)
{
    if (load_secret(im, err, errsize) != 0) return -1;
    static const char *const sql[STATEMENT_COUNT] = {
        [STATEMENT_REJECT] = "INSERT INTO quarantine (import_id, file, line, raw, reason)"
                             " VALUES (?, ?, ?, ?, ?)",
        [STATEMENT_WARNING] = "INSERT INTO warnings (import_id, file, line, message)"
                              " VALUES (?, ?, ?, ?)",
        [STATEMENT_TARGET] = insert_target_sql,
        [STATEMENT_ASSIGNMENT] = insert_assignment_sql,
    };
    for (int i = 0; i < STATEMENT_COUNT; i++)
        if (i != STATEMENT_CONTACT &&
            !(im->statements[i] = db_prepare(im->db, sql[i], err, errsize)))
            return -1;
    im->statements[STATEMENT_CONTACT] =
        db_prepare_rows(im->db, insert_contact_sql, CONTACT_COLUMNS, 1, err, errsize);
    if (!im->statements[STATEMENT_CONTACT]) return -1;
    im->contacts =
        db_prepare_rows(im->db, insert_contact_sql, CONTACT_COLUMNS, CONTACTS_AT_ONCE, err, errsize);
    return im->contacts ? 0 : -1;
}

static void finalize_statements(struct importer *im)
{
    for (int i = 0; i < STATEMENT_COUNT; i++)
        sqlite3_finalize(im->statements[i]);
    sqlite3_finalize(im->contacts);
}

/* ---- finding the header ---- */

/* What the first lines of a file say, read with one separator. */
struct sniff {
    struct importer *im;
    long first_line;  /* the first line that is not blank */
    long header_line; /* the first line naming two of funnel's columns, or 0 */
    int known;        /* the columns it names */
    int slash_dates;  /* a later cell reads as A/B/YYYY */
};

static int sniff_record(const struct csvin_record *rec, void *data)
{
    struct sniff *sn = data;
    int known = 0;
    if (!rec->error && all_blank(rec)) return 0;
    if (!sn->first_line) sn->first_line = rec->line;
    if (rec->error) return 0;
    for (int i = 0; i < rec->nfields; i++) {
        const char *out;
        size_t outlen;
        if (encoder_to_utf8(sn->im->encoder, rec->fields[i], rec->lengths[i], &out, &outlen) != 0)
            continue;
        if (sn->header_line)
            sn->slash_dates |= outlen >= 8 && norm_date_order_fit(out) != 0;
        else if (column_lookup(out, outlen, KIND_UNKNOWN, sn->im->options->rules) >= 0)
            known++;
    }
    if (!sn->header_line && known >= 2) sn->header_line = rec->line, sn->known = known;
    return 0;
}

/* Reads the first IMPORT_HEADER_LINES lines with delimiter into sn. */
static int sniff_with(struct importer *im, char delimiter, struct sniff *sn, char *err,
                      size_t errsize)
{
    struct csvin_options options = {delimiter, IMPORT_HEADER_LINES, 0};
    struct csvin *in = csvin_open_fd(im->fd, &options, err, errsize);
    if (!in) return -1;
    if (csvin_utf16(in) && im->sum->encoding != ENCODING_UTF16) {
        snprintf(err, errsize, _("a UTF-16 byte-order mark read as %s"),
                 encoding_name(im->sum->encoding));
        csvin_close(in);
        return -1;
    }
    memset(sn, 0, sizeof *sn);
    sn->im = im;
    int rc = csvin_read(in, sniff_record, sn, err, errsize);
    csvin_close(in);
    return rc < 0 ? -1 : 0;
}

static int fit_record(const struct csvin_record *rec, void *data)
{
    struct importer *im = data;
    if (rec->error || rec->line <= im->sum->header_line) return 0;
    for (int i = 0; i < rec->nfields; i++) {
        const char *out;
        size_t outlen;
        if (rec->lengths[i] < 8 ||
            encoder_to_utf8(im->encoder, rec->fields[i], rec->lengths[i], &out, &outlen) != 0)
            continue;
        int fit = norm_date_order_fit(out);
        if (fit) im->date_fit[i] &= (unsigned char)fit;
    }
    return 0;
}

/* The separator and the header line (DOMAIN.md 3.4): of , ; TAB | (or the
 * --delimiter given), the one whose header line, the first of the first
 * lines to name two known columns, names the most (comma on a tie); with
 * none, a comma and the first line. When the lines below it hold A/B/YYYY
 * dates and the rules set no date_order, a pass over the file finds the
 * orders each column's such dates fit. Returns 0, or -1 with err. */
static int find_header(struct importer *im, char *err, size_t errsize)
{
    static const char candidates[] = {',', ';', '\t', '|'};
    struct import_summary *s = im->sum;
    struct sniff best = {0}, sn;
    char delimiter = im->options->delimiter ? im->options->delimiter : ',';
    int slash_dates = 0;

    for (size_t k = 0; k < sizeof candidates; k++) {
        char d = im->options->delimiter ? im->options->delimiter : candidates[k];
        if (k > 0 && im->options->delimiter) break;
        if (sniff_with(im, d, &sn, err, errsize) != 0) return -1;
        if (k == 0) best = sn; /* the first line, when no line names two columns */
        if (sn.header_line && sn.known > (best.header_line ? best.known : 0)) {
            best = sn;
            delimiter = d;
        }
    }
    s->delimiter = delimiter;
    s->header_line = best.header_line ? best.header_line : best.first_line;
    im->header_found = best.header_line > 0;
    slash_dates = best.slash_dates;
    const struct rules *rules = im->options->rules;
    if (slash_dates && (!rules || rules->date_order == NORM_ORDER_UNKNOWN)) {
        struct csvin_options options = {delimiter, 0, 0};
        struct csvin *in = csvin_open_fd(im->fd, &options, err, errsize);
        if (!in) return -1;
        memset(im->date_fit, 3, sizeof im->date_fit);
        int rc = csvin_read(in, fit_record, im, err, errsize);
        csvin_close(in);
        if (rc < 0) return -1;
        im->date_fit_known = 1;
    }
    return 0;
}

/* Warns when the database now holds rows of a named store and of the
 * unnamed store "": the same dealership split in two when some of its
 * exports have a store column and others not (DOMAIN.md 6.3); notes which
 * this import added. Run after the rows are stored, in the import's
 * transaction. Returns 0, or -1 on a database error. */
static int warn_split_store(struct importer *im)
{
    if (im->named_rows == 0 && im->unnamed_rows == 0) return 0;
    int split = im->named_rows > 0 && im->unnamed_rows > 0;
    /* the other kind of rows in the imports before: settings kept since
     * schema 9, so that no import scans the contacts for it */
    const char *other = im->named_rows > 0
                            ? "SELECT value FROM settings WHERE name = 'stores_unnamed'"
                            : "SELECT value FROM settings WHERE name = 'stores_named'";
    sqlite3_stmt *st = NULL;
    if (!split && sqlite3_prepare_v2(im->db, other, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        split = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    char err[256];
    if (im->named_rows > 0 &&
        db_exec(im->db, "INSERT OR REPLACE INTO settings VALUES ('stores_named', 1)", err,
                sizeof err) != 0)
        return -1;
    if (im->unnamed_rows > 0 &&
        db_exec(im->db, "INSERT OR REPLACE INTO settings VALUES ('stores_unnamed', 1)", err,
                sizeof err) != 0)
        return -1;
    if (!split) return 0;
    return warn(im, 0,
                "the database holds rows of a named store and rows of no store: if they are one"
                " store, import the files without a store column with --store NAME (in a new"
                " database, or each store apart); funnel counts them as two");
}

/* Parses the file inside the open transaction. Returns 0, -1 (fatal) or
 * IMPORT_READ_AGAIN (im->read_again is the file's encoding). */
static int import_parse(struct importer *im, const char *hex, long long size, const char *began)
{
    char err[256];
    struct import_summary *s = im->sum;
    if (guess_encoding(im->fd, &s->encoding, &im->utf8_unsure, err, sizeof err) != 0) {
        snprintf(s->fatal, sizeof s->fatal, "%s: %s", im->path, err);
        return -1;
    }
    im->encoder = encoder_new(s->encoding);
    if (!im->encoder) {
        snprintf(s->fatal, sizeof s->fatal, _("%s: no converter from %s"), im->path,
                 encoding_name(s->encoding));
        return -1;
    }
    im->import_id = ledger_next_id(im);
    if (im->import_id < 0 || prepare_statements(im, err, sizeof err) != 0) {
        snprintf(s->fatal, sizeof s->fatal, _("%s: database error: %s"), im->path,
                 sqlite3_errmsg(im->db));
        return -1;
    }
    if (find_header(im, err, sizeof err) != 0) {
        snprintf(s->fatal, sizeof s->fatal, "%s: %s", im->path, err);
        return -1;
    }
    struct csvin_options read_as = {s->delimiter, 0, s->encoding == ENCODING_UTF8};
    struct csvin *in = csvin_open_fd(im->fd, &read_as, err, sizeof err);
    if (!in) {
        snprintf(s->fatal, sizeof s->fatal, "%s: %s", im->path, err);
        return -1;
    }
    im->writer = writer_start(im->db, im->statements, STATEMENT_COUNT);
    if (!im->writer) {
        snprintf(s->fatal, sizeof s->fatal, _("%s: cannot start a thread to store rows"), im->path);
        csvin_close(in);
        return -1;
    }
    writer_many(im->writer, STATEMENT_CONTACT, im->contacts, CONTACTS_AT_ONCE);
    struct parse_state ps = {im, in, 0};
    im->utf8_checked = read_as.check_utf8 && !csvin_utf16(in);
    encoder_text_is_valid(im->encoder, im->utf8_checked);
    clock_gettime(CLOCK_MONOTONIC, &im->started);
    im->next_progress = PROGRESS_EVERY;
    int rc = csvin_read(in, take_record, &ps, err, sizeof err);
    suggest_fill_down(im);
    tally_finish(s);
    if (im->options->progress && s->read >= PROGRESS_EVERY) progress(im, in, 1);
    csvin_close(in);
    struct writer_result stored;
    int store_rc = writer_finish(im->writer, &stored);
    im->writer = NULL;
    s->imported = stored.changed[STATEMENT_CONTACT] + stored.changed[STATEMENT_TARGET] +
                  stored.changed[STATEMENT_ASSIGNMENT];
    s->duplicates = stored.unchanged[STATEMENT_CONTACT] + stored.unchanged[STATEMENT_TARGET] +
                    stored.unchanged[STATEMENT_ASSIGNMENT];
    if (im->read_again) return IMPORT_READ_AGAIN;
    if (rc < 0) {
        snprintf(s->fatal, sizeof s->fatal, "%s: %s", im->path, err);
        return -1;
    }
    if (store_rc != 0) {
        if (stored.failed_tag > 0)
            snprintf(s->fatal, sizeof s->fatal, _("%s:%ld: database error: %s"), im->path,
                     stored.failed_tag, stored.error);
        else
            snprintf(s->fatal, sizeof s->fatal, "%s: %s", im->path, stored.error);
        return -1;
    }
    if (ps.failed) {
        if (!s->fatal[0]) snprintf(s->fatal, sizeof s->fatal, _("%s: out of memory"), im->path);
        return -1;
    }
    if (!im->have_header) {
        snprintf(s->fatal, sizeof s->fatal, _("%s: empty file: no header row"), im->path);
        return -1;
    }
    int warned = im->map.kind == KIND_TARGETS ? warn_unknown_salespeople(im, "targets")
                 : im->map.kind == KIND_ASSIGNMENTS
                     ? (warn_unknown_customers(im) || warn_unknown_salespeople(im, "assignments"))
                     : warn_split_store(im);
    if (warned != 0) {
        snprintf(s->fatal, sizeof s->fatal, _("%s: database error: %s"), im->path,
                 sqlite3_errmsg(im->db));
        return -1;
    }
    if (ledger_add(im, hex, size, 0, im->import_id, began) != im->import_id) {
        snprintf(s->fatal, sizeof s->fatal, _("%s: database error: %s"), im->path,
                 sqlite3_errmsg(im->db));
        return -1;
    }
    return 0;
}

/* Opens im->path once for everything the import reads (digest, encoding,
 * header, rows): a regular file only, as a FIFO or a device never ends.
 * Returns 0 with *st filled, or -1 with err. */
static int open_regular(struct importer *im, struct stat *st, char *err, size_t errsize)
{
    if (strcmp(im->path, "-") == 0) {
        snprintf(err, errsize, _("standard input is not read: save the export to a file"));
        return -1;
    }
    im->fd = open(im->path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (im->fd < 0) {
        snprintf(err, errsize, _("cannot open: %s"), strerror(errno));
        return -1;
    }
    if (fstat(im->fd, st) != 0) {
        snprintf(err, errsize, _("cannot read: %s"), strerror(errno));
        return -1;
    }
    if (S_ISDIR(st->st_mode)) {
        snprintf(err, errsize, _("is a directory"));
        return -1;
    }
    if (!S_ISREG(st->st_mode)) {
        snprintf(err, errsize,
                 _("not a regular file (a pipe, a device or a socket): save the export to a file"
                   " and import that"));
        return -1;
    }
    int flags = fcntl(im->fd, F_GETFL);
    if (flags >= 0) fcntl(im->fd, F_SETFL, flags & ~O_NONBLOCK);
    return 0;
}

/* Whether the open file is no longer what was digested: another size or
 * modification time than when it was opened, or than the bytes read. */
static int changed_since(const struct importer *im, const struct stat *before, long long size)
{
    struct stat after;
    if (fstat(im->fd, &after) != 0) return 1;
    return after.st_size != before->st_size || (long long)after.st_size != size ||
           after.st_mtim.tv_sec != before->st_mtim.tv_sec ||
           after.st_mtim.tv_nsec != before->st_mtim.tv_nsec;
}

static void summary_start(struct import_summary *summary, const char *path,
                          const struct import_options *options)
{
    memset(summary, 0, sizeof *summary);
    snprintf(summary->file, sizeof summary->file, "%s", path);
    summary->kind = options->kind;
    summary->encoding = options->encoding;
}

/* Frees what a parse of the file made and sets im and its summary back to
 * their start, the encoding now known, for reading the file again. */
static void importer_restart(struct importer *im, enum encoding encoding)
{
    finalize_statements(im);
    for (int c = 0; c < COL_COUNT; c++)
        free(im->above[c]);
    encoder_free(im->encoder);
    free(im->content);
    sqlite3 *db = im->db;
    const char *path = im->path;
    const struct import_options *options = im->options;
    struct import_summary *sum = im->sum;
    int fd = im->fd;
    char read_options[sizeof im->read_options];
    memcpy(read_options, im->read_options, sizeof read_options);
    memset(im, 0, sizeof *im);
    im->db = db, im->path = path, im->options = options, im->sum = sum, im->fd = fd;
    memcpy(im->read_options, read_options, sizeof read_options);
    summary_start(im->sum, im->path, im->options);
    im->sum->encoding = encoding;
}

/* import_parse, again as long as the file turns out to be in another
 * encoding than it was read in (the rows it staged are rolled back). */
static int import_parse_all(struct importer *im, const char *hex, long long size, const char *began)
{
    char err[256];
    if (db_exec(im->db, "SAVEPOINT parse", err, sizeof err) != 0) return -1;
    int rc;
    while ((rc = import_parse(im, hex, size, began)) == IMPORT_READ_AGAIN) {
        importer_restart(im, im->read_again);
        if (db_exec(im->db, "ROLLBACK TO parse", err, sizeof err) != 0) return -1;
    }
    return rc;
}

int import_file(sqlite3 *db, const char *path, const struct import_options *options,
                struct import_summary *summary)
{
    struct importer *im = calloc(1, sizeof *im);
    char hex[65], err[256];
    long long size = 0;
    int rc = -1;

    summary_start(summary, path, options);
    if (!im) {
        snprintf(summary->fatal, sizeof summary->fatal, _("%s: out of memory"), path);
        return -1;
    }
    im->db = db;
    im->path = path;
    im->options = options;
    im->sum = summary;
    im->fd = -1;
    snprintf(im->read_options, sizeof im->read_options,
             "kind=%s encoding=%s delimiter=%d fill-down=%s ignore=%s rules=%s%s%s",
             kind_name(options->kind), encoding_name(options->encoding), options->delimiter,
             options->fill_down ? options->fill_down : "", options->ignore ? options->ignore : "",
             options->rules ? options->rules->source : "", options->store ? " store=" : "",
             options->store ? options->store : "");
    struct stat before;
    if (open_regular(im, &before, err, sizeof err) != 0) {
        snprintf(summary->fatal, sizeof summary->fatal, "%s: %s", path, err);
        goto out;
    }
    if (digest_file(im->fd, hex, &size, err, sizeof err) != 0) {
        snprintf(summary->fatal, sizeof summary->fatal, "%s: %s", path, err);
        goto out;
    }
    /* the rows name the ledger row the import adds itself: SQLite's check
     * of that name costs each row a lookup, and a multi-row insert under
     * it a statement journal (on again at the end) */
    db_exec(db, "PRAGMA foreign_keys = OFF", err, sizeof err);
    if (db_exec(db, "BEGIN IMMEDIATE", err, sizeof err) != 0) {
        snprintf(summary->fatal, sizeof summary->fatal, _("%s: database busy: %s"), path, err);
        goto out;
    }
    sqlite3_int64 known = ledger_known(im, hex);
    char began[32];
    now_text(began, sizeof began);
    if (known > 0)
        rc = ledger_add(im, hex, size, known, 0, began) > 0 ? 0 : -1;
    else if (known == 0)
        rc = import_parse_all(im, hex, size, began);
    finalize_statements(im);
    if (rc == 0 && changed_since(im, &before, size)) {
        snprintf(summary->fatal, sizeof summary->fatal,
                 _("%s: the file changed while it was read: import it again once it is complete"),
                 path);
        rc = -1;
    }
    if (rc == 0 && db_exec(db, "COMMIT", err, sizeof err) != 0) {
        snprintf(summary->fatal, sizeof summary->fatal, _("%s: database error: %s"), path, err);
        rc = -1;
    }
    if (rc != 0) {
        db_exec(db, "ROLLBACK", err, sizeof err);
        if (!summary->fatal[0])
            snprintf(summary->fatal, sizeof summary->fatal, _("%s: database error: %s"), path,
                     sqlite3_errmsg(db));
        summary->read = summary->imported = summary->duplicates = 0;
        summary->rejected = summary->warnings = 0;
        summary->nrejects = summary->nwarned = 0;
    }
out:
    db_exec(db, "PRAGMA foreign_keys = ON", err, sizeof err);
    if (im->fd >= 0) close(im->fd);
    for (int c = 0; c < COL_COUNT; c++)
        free(im->above[c]);
    encoder_free(im->encoder);
    free(im->content);
    free(im);
    return rc;
}
