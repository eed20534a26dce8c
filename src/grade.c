/* grade.c - one ordered pass over the contacts, customer by customer: state
 * (delivered, defeated, lost, in the pipeline), grade by the rules, follow-up
 * due date, and the grades table the reports read. */
#include "grade.h"

#include "dates.h"
#include "db.h"
#include "hash.h"
#include "i18n.h"
#include "normalize.h"
#include "sha256.h"
#include "timeline.h"
#include "writer.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

const char *grade_state_name(enum grade_state state)
{
    static const char *names[] = {"pipeline", "delivered", "defeated", "lost"};
    return names[state];
}

/* Copies src (NULL as "") into dst of size bytes, cut to fit. Called for
 * every contact, so no printf. */
static void copy(char *dst, size_t size, const char *src)
{
    if (!src) src = "";
    size_t n = strlen(src);
    if (n >= size) n = size - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

/* The longest name, model or owner the grades keep, in bytes (what a
 * 128-byte field held). */
#define TEXT_KEPT 127

/* ---- words built piece by piece, cut to fit as snprintf cuts: the
 * grading writes them for every customer, so no printf ---- */

struct words {
    char *at;    /* the terminating '\0' */
    size_t left; /* bytes left, the '\0' included */
};

static void words_begin(struct words *w, char *out, size_t size)
{
    out[0] = '\0';
    w->at = out;
    w->left = size;
}

/* Adds the first len bytes of s. */
static void words_add_len(struct words *w, const char *s, size_t len)
{
    if (len >= w->left) len = w->left - 1;
    memcpy(w->at, s, len);
    w->at += len;
    w->left -= len;
    *w->at = '\0';
}

static void words_add(struct words *w, const char *s)
{
    words_add_len(w, s, strlen(s));
}

static void words_int(struct words *w, long v)
{
    char digits[24], *p = digits + sizeof digits;
    unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
    do
        *--p = (char)('0' + u % 10);
    while ((u /= 10) > 0);
    if (v < 0) *--p = '-';
    words_add_len(w, p, (size_t)(digits + sizeof digits - p));
}

static void words_day(struct words *w, long day)
{
    char text[DATES_DAY_SIZE];
    dates_format(day, text);
    words_add(w, text);
}

void grade_customer_begin(struct grade_customer *c, const char *key)
{
    memset(c, 0, sizeof *c);
    copy(c->key, sizeof c->key, key);
    const char *mark = strchr(key, '\x1f'), *own = mark ? mark + 1 : key;
    if (mark) {
        struct words w;
        words_begin(&w, c->store, sizeof c->store);
        words_add_len(&w, key, (size_t)(mark - key));
    }
    if (own[0] != '#') copy(c->phone, sizeof c->phone, own);
    c->name = c->model = c->owner = c->source = "";
    c->first_day = c->last_day = c->order_day = c->delivered_day = c->terminal_day =
        c->timeframe_day = GRADE_NO_DAY;
    c->terminal = -1;
    c->timeframe_days = -1;
}

/* The rank of the after-sales step (DOMAIN.md 7.13) whose window holds a
 * contact days whole days after the first delivery T: call_24h (T, T+1] is
 * 0, call_7d (T+1, T+7] 1, care_k (T+7+60(k-1), T+7+60k] 1 + k; -1 after
 * the last window. queries/care_steps.sql names the steps by these ranks. */
int grade_care_step(long days)
{
    if (days < 1 || days > CARE_LAST_DAY) return -1;
    if (days == 1) return 0;
    if (days <= 7) return 1;
    return 2 + (int)((days - 8) / 60);
}

void grade_customer_add(struct grade_customer *c, const struct grade_contact *k)
{
    int outcome = k->outcome;
    if (c->delivered_day != GRADE_NO_DAY && k->day > c->delivered_day) {
        int step = grade_care_step(k->day - c->delivered_day);
        if (step >= 0) c->care |= 1 << step;
    }
    if (c->contacts++ == 0) {
        c->first_day = k->day;
        c->owner = k->salesperson ? k->salesperson : "";
    }
    c->last_day = k->day;
    if (k->customer && *k->customer) c->name = k->customer;
    if (k->model && *k->model) c->model = k->model;
    if (!*c->source && k->source && *k->source) c->source = k->source;

    if (outcome == OUTCOME_DEFEAT || outcome == OUTCOME_LOST) {
        /* the grade looks only at what comes after the last defeat */
        c->terminal = outcome;
        c->terminal_day = k->day;
        c->timeframe_days = -1;
        c->timeframe_day = GRADE_NO_DAY;
        c->flags = 0;
        return;
    }
    if (outcome == OUTCOME_ORDER) {
        c->terminal = outcome;
        c->terminal_day = k->day;
        if (c->order_day == GRADE_NO_DAY) c->order_day = k->day;
    }
    if (outcome == OUTCOME_DELIVERED) {
        c->delivered = 1;
        if (c->delivered_day == GRADE_NO_DAY) c->delivered_day = k->day;
    }
    if (c->terminal == OUTCOME_DEFEAT || c->terminal == OUTCOME_LOST) c->terminal = -1;
    if (k->timeframe_days >= 0) {
        c->timeframe_days = k->timeframe_days;
        c->timeframe_day = k->day;
    }
    c->flags |= k->flags;
    if (k->visit) c->flags |= RULES_VISIT;
}

static void missing_text(const struct grade_customer *c, char *out, size_t size)
{
    struct words w;
    int phone = c->phone[0] != '\0', name = c->name[0] != '\0', model = c->model[0] != '\0';
    words_begin(&w, out, size);
    if (!phone) words_add(&w, "phone");
    if (!phone && (!name || !model)) words_add(&w, ", ");
    if (!name) words_add(&w, "name");
    if (!name && !model) words_add(&w, ", ");
    if (!model) words_add(&w, "model");
}

/* Why an active customer got grade v->grade, in words, into v->rule. */
static void rule_text(const struct grade_customer *c, const struct rules *r,
                      struct grade_verdict *v)
{
    int number = 0; /* rules are numbered as written, O (no condition) aside */
    for (int g = 0; g <= v->grade; g++)
        number += r->grades[g].root >= 0;
    struct words w;
    words_begin(&w, v->rule, sizeof v->rule);
    words_add(&w, "rule ");
    words_int(&w, number);
    words_add(&w, " '");
    words_add(&w, r->grades[v->grade].when);
    words_add(&w, "'");
    if (c->terminal_day != GRADE_NO_DAY) {
        words_add(&w, " after the defeat of ");
        words_day(&w, c->terminal_day);
    }
    words_add(&w, "; ");
    if (c->timeframe_days >= 0) {
        words_add(&w, "timeframe ");
        words_int(&w, c->timeframe_days);
        words_add(&w, " days stated ");
        if (c->timeframe_day != GRADE_NO_DAY) words_day(&w, c->timeframe_day);
    } else {
        words_add(&w, "no timeframe stated");
    }
    if (v->missing[0]) {
        words_add(&w, "; missing ");
        words_add(&w, v->missing);
    }
}

/* "WHAT on DAY" into v->rule, and suffix after it. */
static void rule_on(struct grade_verdict *v, const char *what, long day, const char *suffix)
{
    struct words w;
    words_begin(&w, v->rule, sizeof v->rule);
    words_add(&w, what);
    words_add(&w, " on ");
    if (day != GRADE_NO_DAY) words_day(&w, day);
    words_add(&w, suffix);
}

/* The whole days past the follow-up of grade (-1: none) that customer c is
 * as of as_of_days; 0 when not overdue or the grade has no schedule. */
static int days_overdue(const struct grade_customer *c, const struct rules *r, int grade,
                        long as_of_days)
{
    int follow_up = grade >= 0 ? r->grades[grade].follow_up : RULES_NO_FOLLOW_UP;
    if (follow_up == RULES_NO_FOLLOW_UP) return 0;
    long since = as_of_days - (c->last_day == GRADE_NO_DAY ? 0 : c->last_day);
    return since > follow_up ? (int)(since - follow_up) : 0;
}

/* The verdict as of as_of (as_of_days its serial number), in words too
 * (rule, missing, next_due) when words is set, else only the state, grade
 * and days overdue that the sums count. */
static void judge(const struct grade_customer *c, const struct rules *r, long as_of_days, int words,
                  struct grade_verdict *v)
{
    v->state = STATE_PIPELINE;
    v->grade = -1;
    v->rule[0] = v->missing[0] = v->next_due[0] = '\0';
    v->days_overdue = 0;
    if (words) missing_text(c, v->missing, sizeof v->missing);
    if (c->delivered) {
        v->state = STATE_DELIVERED;
        if (words) rule_on(v, "delivered", c->delivered_day, "");
        return;
    }
    if (c->terminal == OUTCOME_DEFEAT || c->terminal == OUTCOME_LOST) {
        v->state = c->terminal == OUTCOME_DEFEAT ? STATE_DEFEATED : STATE_LOST;
        if (words)
            rule_on(v, c->terminal == OUTCOME_DEFEAT ? "defeat" : "lost contact", c->terminal_day,
                    ", no contact since");
        return;
    }
    if (c->terminal == OUTCOME_ORDER) {
        v->grade = r->order_grade;
        if (words) rule_on(v, "order", c->terminal_day, "");
    } else {
        struct rules_facts facts = {c->timeframe_days, c->flags, c->phone[0] != '\0',
                                    c->name[0] != '\0', c->model[0] != '\0'};
        v->grade = rules_grade(r, &facts);
        if (v->grade < 0) {
            if (words) copy(v->rule, sizeof v->rule, "no rule matched");
            return;
        }
        if (words) rule_text(c, r, v);
    }
    int follow_up = r->grades[v->grade].follow_up;
    if (words && follow_up != RULES_NO_FOLLOW_UP)
        dates_format((c->last_day == GRADE_NO_DAY ? 0 : c->last_day) + follow_up, v->next_due);
    v->days_overdue = days_overdue(c, r, v->grade, as_of_days);
}

void grade_customer_verdict(const struct grade_customer *c, const struct rules *r,
                            const char *as_of, struct grade_verdict *v)
{
    long as_of_days = 0;
    memset(v, 0, sizeof *v);
    dates_parse(as_of, &as_of_days);
    judge(c, r, as_of_days, 1, v);
}

/* The digest of the rules as printed: two rule sets that grade alike print
 * alike. */
static void rules_digest(const struct rules *r, char hex[65])
{
    char *text = NULL;
    size_t len = 0;
    unsigned char digest[32];
    struct sha256 h;
    FILE *fp = open_memstream(&text, &len);
    sha256_init(&h);
    if (fp) {
        rules_print(r, fp);
        fclose(fp);
        /* the first line names the file the rules came from: not part of them */
        const char *body = text ? strchr(text, '\n') : NULL;
        if (body) sha256_update(&h, body, len - (size_t)(body - text));
    }
    free(text);
    sha256_final(&h, digest);
    sha256_hex(digest, hex);
}

/* A number that changes whenever contacts are added: the latest import that
 * parsed a file. */
static sqlite3_int64 data_version(sqlite3 *db)
{
    sqlite3_stmt *st = NULL;
    sqlite3_int64 version = -1;
    if (sqlite3_prepare_v2(db, "SELECT coalesce(max(id), 0) FROM imports WHERE same_as IS NULL", -1,
                           &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        version = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return version;
}

/* What grade_runs.full records of a date: 1 every customer's grade, 0 the
 * sums only, -N the sums and the customers buying within N days, 1 + N the
 * sums and the customers with a contact in the N days to the date (and
 * those who bought in grade_runs.bought_within days to it). */
static int stored_level(const struct grade_date *date)
{
    if (date->full) return 1;
    if (date->rows_within > 0) return 1 + date->rows_within;
    return date->buying_within > 0 ? -date->buying_within : 0;
}

static int record_run(sqlite3 *db, const struct grade_date *date, const char *rules_hex,
                      sqlite3_int64 version, char *err, size_t errsize)
{
    sqlite3_stmt *st = db_prepare(db,
                                  "INSERT OR REPLACE INTO grade_runs (as_of, rules, data_version,"
                                  " full, bought_within, graded_at)"
                                  " VALUES (?1, ?2, ?3, ?4, ?5, datetime('now'))",
                                  err, errsize);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, date->as_of, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, rules_hex, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, version);
    sqlite3_bind_int(st, 4, stored_level(date));
    sqlite3_bind_int(st, 5, stored_level(date) > 1 ? date->bought_within : 0);
    int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
    if (rc) snprintf(err, errsize, "%s", sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return rc;
}

#define GRADE_COLUMNS                                                                              \
    " (as_of, customer_key, state, grade, rule, phone, name, model, owner, first_day, last_day,"   \
    " buy_day, terminal_day, follow_up, next_due, days_overdue, missing, contacts, store,"         \
    " delivered_day, care, source)"
#define GRADE_COLUMN_COUNT 22

/* OR FAIL: a row that breaks a constraint stops the statement without
 * undoing the rows before it, which the pass's transaction undoes; a
 * multi-row statement that could undo its own rows would copy each page it
 * changes to a statement journal first (the pack's dates interleave, so
 * every statement changes pages that were there before it) */
static const char grade_insert_sql[] = "INSERT OR FAIL INTO grades" GRADE_COLUMNS " VALUES ";
static const char grade_keep_sql[] =
    "INSERT OR FAIL INTO temp.grades_before" GRADE_COLUMNS " VALUES ";

/* Verdicts stored by one statement: a multi-row insert costs SQLite less
 * per row than a statement each. */
#define GRADES_AT_ONCE 32

/* ---- sums per owner, state and grade ---- */

#define NO_GRADE RULES_MAX_GRADES /* the grade slot of customers out of the pipeline */

struct tally_row {
    char *owner; /* "STORE\x1fOWNER", or the owner alone in the unnamed store */
    long customers[4][RULES_MAX_GRADES + 1]; /* [enum grade_state][grade or NO_GRADE] */
    long overdue[RULES_MAX_GRADES];
};

/* Rows per owner, found through an open-addressing hash of the owner name. */
struct tally {
    struct tally_row *rows;
    int nrows, cap;
    int *slots; /* row index + 1, 0 when empty */
    int nslots; /* a power of two, at least twice cap */
};

static unsigned long hash_text(const char *s)
{
    return (unsigned long)hash_bytes(s, strlen(s));
}

static int tally_grow(struct tally *t)
{
    int cap = t->cap ? t->cap * 2 : 64, nslots = cap * 2;
    struct tally_row *rows = realloc(t->rows, (size_t)cap * sizeof *rows);
    int *slots = calloc((size_t)nslots, sizeof *slots);
    if (!rows || !slots) {
        if (rows) t->rows = rows;
        free(slots);
        return -1;
    }
    t->rows = rows;
    for (int i = 0; i < t->nrows; i++) {
        unsigned long h = hash_text(rows[i].owner) & (unsigned long)(nslots - 1);
        while (slots[h])
            h = (h + 1) & (unsigned long)(nslots - 1);
        slots[h] = i + 1;
    }
    free(t->slots);
    t->slots = slots;
    t->nslots = nslots;
    t->cap = cap;
    return 0;
}

/* The row of owner, made if need be; NULL when out of memory. */
static struct tally_row *tally_row(struct tally *t, const char *owner)
{
    if (t->nrows == t->cap && tally_grow(t) != 0) return NULL;
    unsigned long mask = (unsigned long)(t->nslots - 1), h = hash_text(owner) & mask;
    for (; t->slots[h]; h = (h + 1) & mask)
        if (strcmp(t->rows[t->slots[h] - 1].owner, owner) == 0) return &t->rows[t->slots[h] - 1];
    struct tally_row *row = &t->rows[t->nrows];
    memset(row, 0, sizeof *row);
    row->owner = strdup(owner);
    if (!row->owner) return NULL;
    t->slots[h] = ++t->nrows;
    return row;
}

static void tally_free(struct tally *t)
{
    for (int i = 0; i < t->nrows; i++)
        free(t->rows[i].owner);
    free(t->rows);
    free(t->slots);
}

/* Writes the sums of the run as grade_summary rows of as_of. */
static int tally_store(sqlite3 *db, const struct rules *r, const char *as_of, const struct tally *t,
                       char *err, size_t errsize)
{
    sqlite3_stmt *st = db_prepare(db,
                                  "INSERT INTO grade_summary (as_of, owner, state, grade,"
                                  " customers, overdue, store) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                                  err, errsize);
    int rc = st ? 0 : -1;
    for (int i = 0; rc == 0 && i < t->nrows; i++)
        for (int s = STATE_PIPELINE; rc == 0 && s <= STATE_LOST; s++)
            for (int g = 0; rc == 0 && g <= NO_GRADE; g++) {
                const struct tally_row *row = &t->rows[i];
                if (row->customers[s][g] == 0) continue;
                const char *mark = strchr(row->owner, '\x1f');
                sqlite3_bind_text(st, 1, as_of, -1, SQLITE_STATIC);
                sqlite3_bind_text(st, 2, mark ? mark + 1 : row->owner, -1, SQLITE_STATIC);
                sqlite3_bind_text(st, 7, row->owner, mark ? (int)(mark - row->owner) : 0,
                                  SQLITE_STATIC);
                sqlite3_bind_text(st, 3, grade_state_name((enum grade_state)s), -1, SQLITE_STATIC);
                sqlite3_bind_text(st, 4, g < NO_GRADE ? r->grades[g].name : "", -1, SQLITE_STATIC);
                sqlite3_bind_int64(st, 5, row->customers[s][g]);
                sqlite3_bind_int64(st, 6, g < NO_GRADE ? row->overdue[g] : 0);
                rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
                sqlite3_reset(st);
            }
    if (rc != 0 && st) snprintf(err, errsize, "%s", sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return rc;
}

/* Counts a customer of owner in state with grade (-1 for none), overdue or
 * not, in counts and in the sums per owner. row, when not NULL, caches the
 * owner's row of t: -1 until it is looked up. */
static int count(struct grade_counts *counts, struct tally *t, const char *owner,
                 enum grade_state state, int grade, int overdue, int *row_index)
{
    switch (state) {
    case STATE_DELIVERED:
        counts->delivered++;
        break;
    case STATE_DEFEATED:
        counts->defeated++;
        break;
    case STATE_LOST:
        counts->lost++;
        break;
    case STATE_PIPELINE:
        if (grade >= 0) counts->grades[grade]++;
        break;
    }
    struct tally_row *row =
        row_index && *row_index >= 0 ? &t->rows[*row_index] : tally_row(t, owner);
    if (!row) return -1;
    if (row_index) *row_index = (int)(row - t->rows);
    row->customers[state][grade >= 0 ? grade : NO_GRADE]++;
    if (grade >= 0 && overdue) row->overdue[grade]++;
    return 0;
}

/* ---- hand-overs: the owner as of a date (DOMAIN.md 7.12) ---- */

struct assignment {
    char *key, *salesperson;
    char day[11];
};

/* Every hand-over, by customer key then day. */
struct assignments {
    struct assignment *list;
    size_t n;
};

static void assignments_free(struct assignments *a)
{
    for (size_t i = 0; i < a->n; i++) {
        free(a->list[i].key);
        free(a->list[i].salesperson);
    }
    free(a->list);
    a->list = NULL;
    a->n = 0;
}

/* Reads the assignments table into a (a hand-over sheet is small). Returns
 * 0, or -1 with a reason in err. */
static int assignments_load(sqlite3 *db, struct assignments *a, char *err, size_t errsize)
{
    sqlite3_stmt *st = db_prepare(db,
                                  "SELECT customer_key, day, salesperson FROM assignments"
                                  " ORDER BY customer_key, day",
                                  err, errsize);
    size_t cap = 0;
    int rc = st ? 0 : -1;
    a->list = NULL;
    a->n = 0;
    while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
        if (a->n == cap) {
            cap = cap ? cap * 2 : 64;
            struct assignment *grown = realloc(a->list, cap * sizeof *grown);
            if (!grown) {
                rc = -1;
                break;
            }
            a->list = grown;
        }
        struct assignment *x = &a->list[a->n];
        x->key = strdup((const char *)sqlite3_column_text(st, 0));
        x->salesperson = strdup((const char *)sqlite3_column_text(st, 2));
        copy(x->day, sizeof x->day, (const char *)sqlite3_column_text(st, 1));
        a->n++;
        if (!x->key || !x->salesperson) rc = -1;
    }
    if (rc != 0 && st) snprintf(err, errsize, _("out of memory"));
    sqlite3_finalize(st);
    if (rc != 0) assignments_free(a);
    return rc;
}

/* The index of the first hand-over of customer key in a (a->n when there
 * is none after it). */
static size_t first_handover(const struct assignments *a, const char *key)
{
    size_t lo = 0, hi = a ? a->n : 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(a->list[mid].key, key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The owner of customer key as of as_of: the latest hand-over on or before
 * it, else owner (the salesperson of the first contact). */
static const char *owner_as_of(const struct assignments *a, const char *key, const char *as_of,
                               const char *owner)
{
    size_t lo = first_handover(a, key);
    for (; a && lo < a->n && strcmp(a->list[lo].key, key) == 0; lo++)
        if (strcmp(a->list[lo].day, as_of) <= 0) owner = a->list[lo].salesperson;
    return owner;
}

/* One date of a pass: what its grading counts. */
struct run {
    const struct grade_date *date;
    long as_of_days;
    char until[11]; /* as_of + buying_within: the buy dates it looks ahead to */
    struct grade_counts *counts;
    struct tally tally;
    long until_days;
    /* the verdicts grade_before keeps in temp.grades_before: those of the
     * customers with a contact or hand-over after the date and on or before
     * keep_until (NULL for none); kept_only when the date is graded for that
     * alone (nothing of it is stored in grades, grade_summary, grade_runs) */
    const char *keep_until;
    long keep_until_days;
    int kept_only;
};

/* The statements a grading pass's writer stores verdicts with: the grades
 * of a date, the grade changes' verdicts (temp.grades_before). */
enum { STORE_GRADES, STORE_KEPT };

/* Stages the first TEXT_KEPT bytes of text, NULL when it is empty. */
static void stage_kept(struct writer *w, const char *text)
{
    size_t len = strlen(text);
    if (len == 0)
        writer_null(w);
    else
        writer_text(w, text, len < TEXT_KEPT ? len : TEXT_KEPT);
}

/* Stages day as "YYYY-MM-DD", NULL when there is none. */
static void stage_day(struct writer *w, long day)
{
    char text[DATES_DAY_SIZE];
    if (day == GRADE_NO_DAY) {
        writer_null(w);
        return;
    }
    dates_format(day, text);
    writer_text(w, text, DATES_DAY_SIZE - 1);
}

/* Stages customer c's verdict v as of run's date for w's statement (a
 * STORE_ value), in the columns GRADE_COLUMNS; owner as for store. Returns
 * 0, or -1 once the writer has stopped on an error. */
static int stage_verdict(struct writer *w, int statement, const struct rules *r,
                         const struct run *run, const struct grade_customer *c, const char *owner,
                         const struct grade_verdict *v)
{
    long buy = c->order_day != GRADE_NO_DAY ? c->order_day : c->delivered_day;
    const char *mark = strchr(owner, '\x1f');
    writer_row(w, statement, 0);
    writer_string(w, run->date->as_of);
    writer_string(w, c->key);
    writer_string(w, grade_state_name(v->state));
    writer_string_or_null(w, v->grade >= 0 ? r->grades[v->grade].name : NULL);
    writer_string(w, v->rule);
    writer_string_or_null(w, c->phone);
    stage_kept(w, c->name);
    stage_kept(w, c->model);
    writer_string(w, mark ? mark + 1 : owner);
    stage_day(w, c->first_day);
    stage_day(w, c->last_day);
    stage_day(w, buy);
    stage_day(w, c->terminal_day);
    if (v->grade >= 0 && r->grades[v->grade].follow_up != RULES_NO_FOLLOW_UP)
        writer_int(w, r->grades[v->grade].follow_up);
    else
        writer_null(w);
    writer_string_or_null(w, v->next_due);
    writer_int(w, v->days_overdue);
    writer_string_or_null(w, v->missing);
    writer_int(w, c->contacts);
    writer_string(w, c->store);
    stage_day(w, c->delivered ? c->delivered_day : GRADE_NO_DAY);
    if (c->delivered)
        writer_int(w, c->care);
    else
        writer_null(w);
    writer_string_or_null(w, c->source);
    return writer_end_row(w);
}

/* A customer's state and grade as judged at the last date, while no
 * contact has been added since: they do not change with the date, only the
 * days overdue do. */
struct known_verdict {
    int valid;
    enum grade_state state;
    int grade;
};

/* Counts one customer's verdict as of run's date, and stages it for w's
 * grades when stored and for its grade changes' verdicts when kept. owner
 * is the customer's owner as of that date, "STORE\x1fOWNER" (the owner
 * alone in the unnamed store); row caches its row of the run's sums (-1
 * unknown); known is the verdict of the customer's contacts so far, used
 * and kept when only the sums need it (the rules run once per contact
 * rather than once per date). */
static int store(struct writer *w, int stored, int kept, const struct rules *r, struct run *run,
                 const struct grade_customer *c, const char *owner, int *row,
                 struct known_verdict *known)
{
    struct grade_verdict v;
    if (!stored && !kept && known->valid) {
        v.state = known->state;
        v.grade = known->grade;
        v.days_overdue = days_overdue(c, r, v.grade, run->as_of_days);
    } else {
        judge(c, r, run->as_of_days, stored || kept, &v);
        *known = (struct known_verdict){1, v.state, v.grade};
    }
    if (count(run->counts, &run->tally, owner, v.state, v.grade, v.days_overdue > 0, row) != 0)
        return -1;
    if (stored && stage_verdict(w, STORE_GRADES, r, run, c, owner, &v) != 0) return -1;
    if (kept && stage_verdict(w, STORE_KEPT, r, run, c, owner, &v) != 0) return -1;
    return 0;
}

struct grade_contact grade_contact_of(const struct timeline_contact *k)
{
    struct grade_contact c = {k->day,         k->visit,          k->outcome, k->customer, k->model,
                              k->salesperson, k->timeframe_days, k->flags,   k->source};
    return c;
}

/* The first ORDER and the first DELIVERED day among a customer's n
 * contacts k (GRADE_NO_DAY when none). */
static void first_buys(const struct timeline_contact *const *k, size_t n, long *order,
                       long *delivered)
{
    *order = *delivered = GRADE_NO_DAY;
    for (size_t j = 0; j < n; j++) {
        if (*order == GRADE_NO_DAY && k[j]->outcome == OUTCOME_ORDER) *order = k[j]->day;
        if (*delivered == GRADE_NO_DAY && k[j]->outcome == OUTCOME_DELIVERED)
            *delivered = k[j]->day;
    }
}

/* Whether day is one of the n days that end with as_of, (as_of - n, as_of]. */
static int within(long day, long as_of, long n)
{
    return day != GRADE_NO_DAY && day <= as_of && day > as_of - n;
}

/* Whether the customer's grade as of run's date is stored: in full; when
 * the run asks for the customers contacted in the days to its date and the
 * customer's latest contact up to the date (last) is one of them, or for
 * those who bought in the days to it and the first ORDER or the first
 * DELIVERED is one of them; or when it asks for the customers buying soon
 * after its date and the buy date as of run->until (the first ORDER, else
 * the first DELIVERED, up to then) is after the date. */
static int stored_in_run(const struct run *run, long last, long order, long delivered)
{
    if (run->kept_only) return 0;
    if (run->date->full) return 1;
    if (run->date->rows_within > 0)
        return within(last, run->as_of_days, run->date->rows_within) ||
               within(order, run->as_of_days, run->date->bought_within) ||
               within(delivered, run->as_of_days, run->date->bought_within);
    if (run->date->buying_within <= 0) return 0;
    long buy = order != GRADE_NO_DAY && order <= run->until_days ? order : delivered;
    return within(buy, run->until_days, run->until_days - run->as_of_days);
}

/* "STORE\x1fOWNER" (the owner alone in the unnamed store) into out of
 * size bytes, cut to fit. */
static const char *owner_key(const char *store, const char *owner, char *out, size_t size)
{
    struct words w;
    words_begin(&w, out, size);
    if (*store) {
        words_add(&w, store);
        words_add(&w, "\x1f");
    }
    words_add(&w, owner);
    return out;
}

/* The owner of customer c as of as_of, hand-overs counted, as
 * "STORE\x1fOWNER" in out (the owner alone in the unnamed store). */
static const char *owner_of(const struct assignments *a, const struct grade_customer *c,
                            const char *as_of, char *out, size_t size)
{
    char first[TEXT_KEPT + 1];
    const char *owner = owner_as_of(a, c->key, as_of, NULL);
    if (!owner) owner = (copy(first, sizeof first, c->owner), first);
    return owner_key(c->store, owner, out, size);
}

/* Whether customer key was handed over after after and on or before
 * until. */
static int handed_over_between(const struct assignments *a, const char *key, const char *after,
                               const char *until)
{
    for (size_t lo = first_handover(a, key); lo < a->n && strcmp(a->list[lo].key, key) == 0; lo++)
        if (strcmp(a->list[lo].day, after) > 0 && strcmp(a->list[lo].day, until) <= 0) return 1;
    return 0;
}

/* Whether the customer whose n contacts are k (and key) goes into the grade
 * changes' verdicts of run: a contact or a hand-over after its date and on
 * or before its keep_until. */
static int kept_in_run(const struct run *run, const struct timeline_contact *const *k, size_t n,
                       const struct assignments *a, const char *key)
{
    if (!run->keep_until) return 0;
    for (size_t j = 0; j < n; j++)
        if (k[j]->day > run->as_of_days && k[j]->day <= run->keep_until_days) return 1;
    return handed_over_between(a, key, run->date->as_of, run->keep_until);
}

/* Each owner's row in the sums of every run of a pass (-1 until looked
 * up), found by the owner's key once per customer rather than once per
 * date: the owners are numbered by a tally of their own. */
struct owner_rows {
    struct tally owners; /* only the owners' keys and numbers are used */
    int *rows;           /* [owner number * nruns + run] */
    size_t capacity;     /* the owners rows has room for */
    int nruns;
};

/* The rows of owner ("STORE\x1fOWNER") in the runs, nruns of them; NULL
 * when out of memory. */
static int *owner_rows_of(struct owner_rows *o, const char *owner)
{
    struct tally_row *row = tally_row(&o->owners, owner);
    if (!row) return NULL;
    size_t number = (size_t)(row - o->owners.rows), nruns = (size_t)o->nruns;
    if (number >= o->capacity) {
        size_t capacity = o->capacity ? o->capacity * 2 : 16;
        int *rows = realloc(o->rows, capacity * nruns * sizeof *rows);
        if (!rows) return NULL;
        for (size_t i = o->capacity * nruns; i < capacity * nruns; i++)
            rows[i] = -1;
        o->rows = rows;
        o->capacity = capacity;
    }
    return &o->rows[number * nruns];
}

/* One thread's share of a grading pass: what grading a customer needs, and
 * the runs whose sums it counts in. */
struct share {
    const struct rules *r;
    struct timeline *t;
    int lane; /* the timeline's lane it reads through */
    struct run *runs;
    int nruns;
    const struct assignments *a;
    struct writer *w;     /* NULL for the share that stages nothing */
    int storing, keeping; /* whether the pass stores grades, keeps verdicts */
    struct grade_customer c;
    int *rows; /* room for a row index per run */
    struct owner_rows owners;
};

/* Whether run stores the verdict of the customer whose n contacts in time
 * order are k (and key) in grades (*stored), keeps it for the grade
 * changes (*kept): last is its latest contact up to the run's date, order
 * and delivered its first buys (first_buys). The one test of what a pass
 * stages, for grade_one and staged alike. */
static void staging(const struct share *s, const struct run *run, long last, long order,
                    long delivered, const struct timeline_contact *const *k, size_t n,
                    const char *key, int *stored, int *kept)
{
    *stored = s->storing && stored_in_run(run, last, order, delivered);
    *kept = s->keeping && kept_in_run(run, k, n, s->a, key);
}

/* Which runs of a customer grade_one takes: every one, or only those that
 * stage its verdict, or only the others. */
enum which_runs { ALL_RUNS, STAGING_RUNS, COUNTING_RUNS };

/* Customer i, whose n contacts in time order are k: the verdict as of each
 * date of the share's runs (sorted by date) that which takes is taken
 * before the first contact after it, counted in the run's sums, and staged
 * for the writer's statements (storing grades, keeping the grade changes'
 * verdicts) that the run stores the customer's verdict with. */
static int grade_one(struct share *s, size_t i, const struct timeline_contact *const *k, size_t n,
                     enum which_runs which)
{
    struct grade_customer *c = &s->c;
    struct run *runs = s->runs;
    const struct assignments *a = s->a;
    int nruns = s->nruns, *rows = s->rows;
    long order, delivered;
    char owner[sizeof c->store + TEXT_KEPT + 1], first[TEXT_KEPT + 1];
    first_buys(k, n, &order, &delivered);
    grade_customer_begin(c, timeline_key(s->t, i));
    /* a customer never handed over has the owner of its first contact as
     * of every date: its key and rows are looked up once */
    size_t h = first_handover(a, c->key);
    int handed = h < a->n && strcmp(a->list[h].key, c->key) == 0;
    if (!handed) {
        copy(first, sizeof first, k[0]->salesperson);
        rows = owner_rows_of(&s->owners, owner_key(c->store, first, owner, sizeof owner));
        if (!rows) return -1;
    } else {
        for (int d = 0; d < nruns; d++)
            rows[d] = -1;
    }
    int d = 0, rc = 0;
    struct known_verdict known = {0};
    for (size_t j = 0; rc == 0 && j <= n; j++) {
        /* the dates before contact j (every date left after the last) */
        struct grade_contact contact = j < n ? grade_contact_of(k[j]) : (struct grade_contact){0};
        for (; rc == 0 && d < nruns && (j == n || contact.day > runs[d].as_of_days); d++) {
            if (!c->contacts) continue;
            int stored, kept;
            staging(s, &runs[d], c->last_day, order, delivered, k, n, c->key, &stored, &kept);
            if (which == ALL_RUNS || (which == STAGING_RUNS) == (stored || kept))
                rc =
                    store(s->w, stored, kept, s->r, &runs[d], c,
                          handed ? owner_of(a, c, runs[d].date->as_of, owner, sizeof owner) : owner,
                          &rows[d], &known);
        }
        if (j == n) break;
        grade_customer_add(c, &contact);
        known.valid = 0;
    }
    return rc;
}

/* Whether grade_one stages a row of the customer whose n contacts in time
 * order are k (and key) for a run of the share. */
static int staged(const struct share *s, const char *key, const struct timeline_contact *const *k,
                  size_t n)
{
    long order, delivered;
    first_buys(k, n, &order, &delivered);
    size_t j = 0; /* the contacts up to the run's date */
    for (int d = 0; d < s->nruns; d++) {
        while (j < n && k[j]->day <= s->runs[d].as_of_days)
            j++;
        int stored, kept;
        if (j == 0) continue;
        staging(s, &s->runs[d], k[j - 1]->day, order, delivered, k, n, key, &stored, &kept);
        if (stored || kept) return 1;
    }
    return 0;
}

/* The second thread of a pass: it takes customers from the last down, the
 * first thread from the first up, a few at a time, until they meet; it
 * counts them in runs of its own; of those whose rows are staged, only the
 * runs that do not stage them, the others left for the first thread, which
 * stages every row the writer takes. */
struct second {
    struct share share;
    pthread_mutex_t lock;
    size_t up, down; /* under lock: the customers not taken, up to down - 1 */
    uint32_t *left;  /* under lock, as nleft */
    size_t nleft, capacity;
    size_t taken; /* of left, those the first thread has taken */
    int rc;
};

/* Customers taken a time: a lock a few hundred customers. */
#define TAKEN_AT_ONCE 256

/* Takes the next customers for the first thread (up) or the second,
 * *from to *to - 1; 0 when none are left. */
static int take(struct second *b, int up, size_t *from, size_t *to)
{
    pthread_mutex_lock(&b->lock);
    size_t n = b->down - b->up < TAKEN_AT_ONCE ? b->down - b->up : TAKEN_AT_ONCE;
    if (up) {
        *from = b->up;
        *to = b->up += n;
    } else {
        *to = b->down;
        *from = b->down -= n;
    }
    pthread_mutex_unlock(&b->lock);
    return n > 0;
}

/* Leaves customer i for the first thread; 0, or -1 when out of memory. */
static int leave(struct second *b, size_t i)
{
    int rc = 0;
    pthread_mutex_lock(&b->lock);
    if (b->nleft == b->capacity) {
        size_t capacity = b->capacity ? b->capacity * 2 : 1024;
        uint32_t *left = realloc(b->left, capacity * sizeof *left);
        if (left) {
            b->left = left;
            b->capacity = capacity;
        } else {
            rc = -1;
        }
    }
    if (rc == 0) b->left[b->nleft++] = (uint32_t)i;
    pthread_mutex_unlock(&b->lock);
    return rc;
}

/* Grades on the first share s the customers the second thread has left so
 * far, in the order left, while it goes on. */
static int grade_left(struct second *b, struct share *s)
{
    for (;;) {
        uint32_t some[TAKEN_AT_ONCE];
        size_t n = 0;
        pthread_mutex_lock(&b->lock);
        while (n < sizeof some / sizeof some[0] && b->taken < b->nleft)
            some[n++] = b->left[b->taken++];
        pthread_mutex_unlock(&b->lock);
        if (n == 0) return 0;
        for (size_t j = 0; j < n; j++) {
            const struct timeline_contact *const *k;
            size_t nk = timeline_contacts(s->t, s->lane, some[j], &k);
            if (nk == 0 || grade_one(s, some[j], k, nk, STAGING_RUNS) != 0) return -1;
        }
    }
}

static void *grade_second(void *arg)
{
    struct second *b = arg;
    struct share *s = &b->share;
    b->rc = 0;
    size_t from, to;
    while (b->rc == 0 && take(b, 0, &from, &to))
        for (size_t i = from; b->rc == 0 && i < to; i++) {
            const struct timeline_contact *const *k;
            size_t n = timeline_contacts(s->t, s->lane, i, &k);
            int staging = n > 0 && staged(s, timeline_key(s->t, i), k, n);
            b->rc = n > 0 ? grade_one(s, i, k, n, staging ? COUNTING_RUNS : ALL_RUNS) : -1;
            if (b->rc == 0 && staging) b->rc = leave(b, i);
        }
    return NULL;
}

/* Adds the sums of the runs from to those of into, nruns of each. */
static int add_sums(struct run *into, const struct run *from, int nruns)
{
    for (int d = 0; d < nruns; d++) {
        struct grade_counts *to = into[d].counts;
        const struct grade_counts *add = from[d].counts;
        for (int g = 0; g < RULES_MAX_GRADES; g++)
            to->grades[g] += add->grades[g];
        to->delivered += add->delivered;
        to->defeated += add->defeated;
        to->lost += add->lost;
        for (int i = 0; i < from[d].tally.nrows; i++) {
            const struct tally_row *row = &from[d].tally.rows[i];
            struct tally_row *sum = tally_row(&into[d].tally, row->owner);
            if (!sum) return -1;
            for (int st = STATE_PIPELINE; st <= STATE_LOST; st++)
                for (int g = 0; g <= NO_GRADE; g++)
                    sum->customers[st][g] += row->customers[st][g];
            for (int g = 0; g < RULES_MAX_GRADES; g++)
                sum->overdue[g] += row->overdue[g];
        }
    }
    return 0;
}

/* Starts the second thread of a pass over customers 0 to n - 1, with runs
 * of its own, copies of those of s; 0 when started, else -1 (nothing to
 * free). */
static int second_start(struct second *b, pthread_t *thread, const struct share *s, size_t n)
{
    memset(b, 0, sizeof *b);
    b->share = *s;
    b->share.lane = 1;
    b->share.w = NULL;
    b->share.owners = (struct owner_rows){.nruns = s->nruns};
    b->down = n;
    struct run *runs = malloc(sizeof *runs * (size_t)s->nruns);
    struct grade_counts *counts = calloc((size_t)s->nruns, sizeof *counts);
    int *rows = malloc(sizeof *rows * (size_t)s->nruns);
    if (runs && counts && rows) {
        for (int d = 0; d < s->nruns; d++) {
            runs[d] = s->runs[d];
            runs[d].tally = (struct tally){0};
            runs[d].counts = &counts[d];
        }
        b->share.runs = runs;
        b->share.rows = rows;
        if (pthread_mutex_init(&b->lock, NULL) == 0) {
            if (pthread_create(thread, NULL, grade_second, b) == 0) return 0;
            pthread_mutex_destroy(&b->lock);
        }
    }
    free(runs);
    free(counts);
    free(rows);
    return -1;
}

/* Waits for the second thread (stopped first, when the first thread's rc
 * is not 0), grades the customers it left that the first share s has not,
 * adds its sums to those of s, and frees it. Returns rc, or -1 when that
 * fails. */
static int second_finish(struct second *b, pthread_t thread, struct share *s, int rc)
{
    if (rc != 0) {
        pthread_mutex_lock(&b->lock);
        b->down = b->up; /* nothing more to take */
        pthread_mutex_unlock(&b->lock);
    }
    pthread_join(thread, NULL);
    if (rc == 0) rc = b->rc == 0 ? grade_left(b, s) : -1;
    if (rc == 0) rc = add_sums(s->runs, b->share.runs, s->nruns);
    pthread_mutex_destroy(&b->lock);
    for (int d = 0; d < s->nruns; d++)
        tally_free(&b->share.runs[d].tally);
    free(b->share.runs[0].counts);
    free(b->share.runs);
    free(b->share.rows);
    tally_free(&b->share.owners.owners);
    free(b->share.owners.rows);
    free(b->left);
    return rc;
}

/* Grades the customers whose contacts f selects (f->until the last date)
 * as of each date of runs (sorted by date) in one pass over the contacts,
 * inside the caller's transaction. Unless a date stores every customer,
 * the customers are shared between two threads. */
static int grade_pass(sqlite3 *db, const struct rules *r, struct run *runs, int nruns,
                      const struct timeline_filter *f, const char *insert_sql, char *err,
                      size_t errsize)
{
    int full = 0, kept = 0, every = 0;
    for (int d = 0; d < nruns; d++) {
        full |= !runs[d].kept_only && (runs[d].date->full || runs[d].date->buying_within > 0 ||
                                       runs[d].date->rows_within > 0);
        every |= !runs[d].kept_only && runs[d].date->full;
        kept |= runs[d].keep_until != NULL;
    }
    sqlite3_stmt *ins =
        full ? db_prepare_rows(db, insert_sql, GRADE_COLUMN_COUNT, 1, err, errsize) : NULL;
    sqlite3_stmt *many =
        ins ? db_prepare_rows(db, insert_sql, GRADE_COLUMN_COUNT, GRADES_AT_ONCE, err, errsize)
            : NULL;
    sqlite3_stmt *keep =
        kept ? db_prepare_rows(db, grade_keep_sql, GRADE_COLUMN_COUNT, 1, err, errsize) : NULL;
    struct assignments a;
    if ((full && !many) || (kept && !keep) || assignments_load(db, &a, err, errsize) != 0) {
        sqlite3_finalize(ins);
        sqlite3_finalize(many);
        sqlite3_finalize(keep);
        return -1;
    }
    db_cache_size(db, DB_PASS_CACHE_KIB);
    struct timeline *t = timeline_load(db, f, err, errsize);
    struct share *s = calloc(1, sizeof *s);
    int *rows = malloc(sizeof *rows * (size_t)nruns);
    /* the verdicts are stored on a thread of their own, beside the
     * grading; the connection is the writer's until it finishes */
    sqlite3_stmt *statements[] = {[STORE_GRADES] = ins, [STORE_KEPT] = keep};
    struct writer *w = t && (ins || keep) ? writer_start(db, statements, 2) : NULL;
    if (w && many) writer_many(w, STORE_GRADES, many, GRADES_AT_ONCE);
    int rc = t && s && rows && (w || (!ins && !keep)) ? 0 : -1;
    if (t && rc != 0) snprintf(err, errsize, _("out of memory"));
    size_t n = t ? timeline_customers(t) : 0;
    int split = 0;
    struct second b;
    pthread_t thread;
    if (rc == 0) {
        *s = (struct share){.r = r,
                            .t = t,
                            .runs = runs,
                            .nruns = nruns,
                            .a = &a,
                            .w = w,
                            .storing = ins != NULL,
                            .keeping = keep != NULL,
                            .rows = rows,
                            .owners = {.nruns = nruns}};
        /* when every customer is stored, the first thread stages them all */
        split = !every && n > 1 && second_start(&b, &thread, s, n) == 0;
    }
    size_t from = 0, to = split ? 0 : n;
    while (rc == 0 && (from < to || (split && take(&b, 1, &from, &to)))) {
        for (; rc == 0 && from < to; from++) {
            const struct timeline_contact *const *k;
            size_t nk = timeline_contacts(t, 0, from, &k);
            rc = nk ? grade_one(s, from, k, nk, ALL_RUNS) : -1;
        }
        /* the rows of those the second thread left, staged meanwhile */
        if (rc == 0 && split) rc = grade_left(&b, s);
    }
    if (split) rc = second_finish(&b, thread, s, rc);
    struct writer_result stored;
    if (w && writer_finish(w, &stored) != 0) {
        snprintf(err, errsize, "%s", stored.error);
        rc = -1;
    } else if (t && rc != 0) {
        snprintf(err, errsize, _("out of memory"));
    }
    if (s) {
        tally_free(&s->owners.owners);
        free(s->owners.rows);
    }
    free(rows);
    free(s);
    timeline_free(t);
    assignments_free(&a);
    sqlite3_finalize(ins);
    sqlite3_finalize(many);
    sqlite3_finalize(keep);
    db_cache_size(db, DB_CACHE_KIB);
    return rc;
}

/* Deletes what is stored for as_of. */
static int forget(sqlite3 *db, const char *as_of, char *err, size_t errsize)
{
    static const char *sql[] = {"DELETE FROM grades WHERE as_of = ?1",
                                "DELETE FROM grade_summary WHERE as_of = ?1"};
    int rc = 0;
    for (int i = 0; rc == 0 && i < 2; i++) {
        sqlite3_stmt *st = db_prepare(db, sql[i], err, errsize);
        if (!st) return -1;
        sqlite3_bind_text(st, 1, as_of, -1, SQLITE_STATIC);
        rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
        if (rc) snprintf(err, errsize, "%s", sqlite3_errmsg(db));
        sqlite3_finalize(st);
    }
    return rc;
}

/* Stores the sums of each run and records it, and ends the transaction:
 * COMMIT when rc is 0, else ROLLBACK. Frees the runs' sums. Returns 0, or -1
 * with a reason in err. */
static int finish(sqlite3 *db, const struct rules *r, struct run *runs, int n, int rc, char *err,
                  size_t errsize)
{
    char hex[65];
    sqlite3_int64 version = data_version(db);
    rules_digest(r, hex);
    for (int d = 0; rc == 0 && d < n; d++)
        if (!runs[d].kept_only)
            rc = tally_store(db, r, runs[d].date->as_of, &runs[d].tally, err, errsize);
    for (int d = 0; rc == 0 && d < n; d++)
        if (!runs[d].kept_only) rc = record_run(db, runs[d].date, hex, version, err, errsize);
    for (int d = 0; d < n; d++)
        tally_free(&runs[d].tally);
    if (rc == 0) return db_exec(db, "COMMIT", err, errsize);
    char ignored[64];
    db_exec(db, "ROLLBACK", ignored, sizeof ignored);
    return -1;
}

static int by_date(const void *a, const void *b)
{
    return strcmp(((const struct run *)a)->date->as_of, ((const struct run *)b)->date->as_of);
}

/* The temporary table of the grade changes' verdicts (grade_before), made
 * afresh. */
#define GRADES_BEFORE_TABLE                                                                        \
    "DROP TABLE IF EXISTS temp.grades_before;"                                                     \
    "CREATE TEMP TABLE grades_before (as_of TEXT, customer_key TEXT PRIMARY KEY,"                  \
    " state TEXT, grade TEXT, rule TEXT, phone TEXT, name TEXT, model TEXT,"                       \
    " owner TEXT, first_day TEXT, last_day TEXT, buy_day TEXT, terminal_day TEXT,"                 \
    " follow_up INTEGER, next_due TEXT, days_overdue INTEGER, missing TEXT,"                       \
    " contacts INTEGER, store TEXT, delivered_day TEXT, care INTEGER, source TEXT)"                \
    " WITHOUT ROWID;"

/* grade_run_dates, and when before is not NULL, in the same pass, what
 * grade_before makes for before and until. */
static int pass_dates(sqlite3 *db, const struct rules *r, const struct grade_date *dates, int n,
                      const char *before, const char *until_before, struct grade_counts *counts,
                      char *err, size_t errsize)
{
    err[0] = '\0';
    if (n <= 0) return 0;
    struct run *runs = calloc((size_t)n + 1, sizeof *runs);
    if (!runs) {
        snprintf(err, errsize, _("out of memory"));
        return -1;
    }
    char until[11] = "";
    for (int d = 0; d < n; d++) {
        runs[d].date = &dates[d];
        dates_parse(dates[d].as_of, &runs[d].as_of_days);
        runs[d].until_days = runs[d].as_of_days + (dates[d].full ? 0 : dates[d].buying_within);
        dates_format(runs[d].until_days, runs[d].until);
        if (strcmp(runs[d].until, until) > 0) copy(until, sizeof until, runs[d].until);
        runs[d].counts = &counts[d];
        memset(&counts[d], 0, sizeof counts[d]);
        copy(counts[d].as_of, sizeof counts[d].as_of, dates[d].as_of);
    }
    /* the grade changes' date: one of the dates, else graded for them alone */
    int nruns = n;
    struct grade_date kept_date = {"", 0, 0, 0, 0};
    struct grade_counts kept_counts = {0};
    if (before) {
        int d = 0;
        while (d < n && strcmp(dates[d].as_of, before) != 0)
            d++;
        if (d == n) {
            copy(kept_date.as_of, sizeof kept_date.as_of, before);
            runs[d].date = &kept_date;
            dates_parse(before, &runs[d].as_of_days);
            runs[d].until_days = runs[d].as_of_days;
            copy(runs[d].until, sizeof runs[d].until, before);
            runs[d].counts = &kept_counts;
            runs[d].kept_only = 1;
            nruns++;
        }
        runs[d].keep_until = until_before;
        dates_parse(until_before, &runs[d].keep_until_days);
        if (strcmp(until_before, until) > 0) copy(until, sizeof until, until_before);
    }
    qsort(runs, (size_t)nruns, sizeof *runs, by_date);
    db_checkpoint_hold(db);
    int rc = db_exec(db, "BEGIN IMMEDIATE", err, errsize);
    for (int d = 0; rc == 0 && d < nruns; d++) {
        if (d > 0 && strcmp(runs[d].date->as_of, runs[d - 1].date->as_of) == 0)
            rc = -1;
        else if (!runs[d].kept_only) /* nothing of it is stored */
            rc = forget(db, runs[d].date->as_of, err, errsize);
    }
    if (rc != 0 && !err[0]) snprintf(err, errsize, _("a date is given twice"));
    if (rc == 0 && before) rc = db_exec(db, GRADES_BEFORE_TABLE, err, errsize);
    /* up to the last date, or the latest buy date a date looks ahead to */
    struct timeline_filter all = {until, NULL, NULL, NULL};
    if (rc == 0) rc = grade_pass(db, r, runs, nruns, &all, grade_insert_sql, err, errsize);
    rc = finish(db, r, runs, nruns, rc, err, errsize);
    db_checkpoint_behind(db);
    free(runs);
    return rc;
}

int grade_run_dates(sqlite3 *db, const struct rules *r, const struct grade_date *dates, int n,
                    struct grade_counts *counts, char *err, size_t errsize)
{
    return pass_dates(db, r, dates, n, NULL, NULL, counts, err, errsize);
}

int grade_run(sqlite3 *db, const struct rules *r, const char *as_of, int full,
              struct grade_counts *counts, char *err, size_t errsize)
{
    struct grade_date date = {"", full, 0, 0, 0};
    copy(date.as_of, sizeof date.as_of, as_of);
    return grade_run_dates(db, r, &date, 1, counts, err, errsize);
}

static int state_number(const char *name)
{
    for (int s = STATE_PIPELINE; s <= STATE_LOST; s++)
        if (strcmp(grade_state_name((enum grade_state)s), name) == 0) return s;
    return -1;
}

/* Counts, as of run's date, the customers graded in full as of the date
 * base (earlier or later) that have no contact between the two dates (after
 * the earlier, up to the later): they are what they were as of base, but for
 * the days overdue. Both lists are read in key order and merged, which is
 * cheaper than a lookup per customer. */
static int count_unchanged(sqlite3 *db, const struct rules *r, struct run *run, const char *base,
                           char *err, size_t errsize)
{
    sqlite3_stmt *st = db_prepare(db,
                                  "SELECT customer_key, owner, state, grade, last_day, follow_up,"
                                  " store FROM grades WHERE as_of = ?2 ORDER BY customer_key",
                                  err, errsize);
    sqlite3_stmt *recent = db_prepare(db,
                                      "SELECT customer_key FROM contacts"
                                      " WHERE day > min(?1, ?2) AND day <= max(?1, ?2)"
                                      " UNION SELECT customer_key FROM assignments"
                                      " WHERE day > min(?1, ?2) AND day <= max(?1, ?2)"
                                      " ORDER BY customer_key",
                                      err, errsize);
    const char *as_of = run->date->as_of;
    int rc = st && recent ? 0 : -1, step = SQLITE_DONE, more = SQLITE_DONE;
    for (int i = 0; rc == 0 && i < 2; i++) {
        sqlite3_stmt *q = i ? recent : st;
        sqlite3_bind_text(q, 1, as_of, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 2, base, -1, SQLITE_STATIC);
    }
    if (rc == 0) more = sqlite3_step(recent);
    while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *key = (const char *)sqlite3_column_text(st, 0);
        int c = 1;
        while (more == SQLITE_ROW &&
               (c = strcmp((const char *)sqlite3_column_text(recent, 0), key)) < 0)
            more = sqlite3_step(recent);
        if (more == SQLITE_ROW && c == 0) continue; /* contacted since: graded again */
        const char *grade = (const char *)sqlite3_column_text(st, 3);
        int g = grade ? rules_grade_index(r, grade) : -1;
        int state = state_number((const char *)sqlite3_column_text(st, 2));
        int overdue = sqlite3_column_type(st, 5) != SQLITE_NULL &&
                      dates_between((const char *)sqlite3_column_text(st, 4), as_of) >
                          sqlite3_column_int(st, 5);
        if (state < 0 || (grade && g < 0)) {
            snprintf(err, errsize, _("grades as of %s do not match the rules"), base);
            rc = -1;
        } else {
            char owner[512];
            owner_key((const char *)sqlite3_column_text(st, 6),
                      (const char *)sqlite3_column_text(st, 1), owner, sizeof owner);
            rc = count(run->counts, &run->tally, owner, (enum grade_state)state, g, overdue, NULL);
        }
    }
    if (rc == 0 && (step != SQLITE_DONE || (more != SQLITE_ROW && more != SQLITE_DONE))) {
        snprintf(err, errsize, "%s", sqlite3_errmsg(db));
        rc = -1;
    }
    sqlite3_finalize(st);
    sqlite3_finalize(recent);
    return rc;
}

/* Copies into date the grades stored as of base of the customers without a
 * contact between the two dates, with the days overdue as of date. */
static int copy_unchanged(sqlite3 *db, const char *as_of, const char *base, char *err,
                          size_t errsize)
{
    sqlite3_stmt *st = db_prepare(
        db,
        "INSERT INTO grades" GRADE_COLUMNS
        " SELECT ?1, customer_key, state, grade, rule, phone, name, model, owner, first_day,"
        " last_day, buy_day, terminal_day, follow_up, next_due,"
        " CASE WHEN follow_up IS NOT NULL"
        "  AND julianday(?1) - julianday(last_day) > follow_up"
        "  THEN CAST(julianday(?1) - julianday(last_day) AS INTEGER) - follow_up ELSE 0 END,"
        " missing, contacts, store, delivered_day, care, source FROM grades"
        " WHERE as_of = ?2 AND customer_key NOT IN"
        " (SELECT customer_key FROM contacts WHERE day > min(?1, ?2) AND day <= max(?1, ?2)"
        "  UNION SELECT customer_key FROM assignments WHERE day > min(?1, ?2)"
        "  AND day <= max(?1, ?2))",
        err, errsize);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, as_of, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, base, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
    if (rc) snprintf(err, errsize, "%s", sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return rc;
}

/* Non-zero when a contact is dated after since and on or before until (or
 * when that cannot be told). */
static int any_contact(sqlite3 *db, const char *since, const char *until)
{
    sqlite3_stmt *st = NULL;
    int any = 1;
    if (sqlite3_prepare_v2(db,
                           "SELECT 1 FROM contacts WHERE day > ?1 AND day <= ?2"
                           " UNION ALL SELECT 1 FROM assignments WHERE day > ?1 AND day <= ?2"
                           " LIMIT 1",
                           -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, since, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, until, -1, SQLITE_STATIC);
        any = sqlite3_step(st) == SQLITE_ROW;
    }
    sqlite3_finalize(st);
    return any;
}

/* Grades date from what is stored in full for another date base (earlier or
 * later): the customers without a contact between the two dates are what
 * they were as of base but for the days overdue, counted (and, when date is
 * full, copied) from base's grades; only the others are graded again from
 * their contacts. One transaction; returns 0, or -1 with a reason in err. */
static int derive(sqlite3 *db, const struct rules *r, const struct grade_date *date,
                  const char *base, char *err, size_t errsize)
{
    struct grade_counts counts = {0};
    struct run run = {.date = date, .counts = &counts};
    dates_parse(date->as_of, &run.as_of_days);
    copy(run.until, sizeof run.until, date->as_of);
    run.until_days = run.as_of_days;
    int later = strcmp(base, date->as_of) > 0;
    struct timeline_filter recent = {date->as_of, later ? date->as_of : base,
                                     later ? base : date->as_of, NULL};
    int rc = db_exec(db, "BEGIN IMMEDIATE", err, errsize);
    if (rc == 0) rc = forget(db, date->as_of, err, errsize);
    if (rc == 0) rc = count_unchanged(db, r, &run, base, err, errsize);
    if (rc == 0 && date->full) rc = copy_unchanged(db, date->as_of, base, err, errsize);
    if (rc == 0 && any_contact(db, recent.since, recent.recent_until))
        rc = grade_pass(db, r, &run, 1, &recent, grade_insert_sql, err, errsize);
    return finish(db, r, &run, 1, rc, err, errsize);
}

/* The date nearest to date->as_of (the later on a tie), other than it,
 * graded in full with the rules of digest hex after the latest import, into
 * base, and its distance in days into *days; 0 when there is none. */
static int nearest_full(sqlite3 *db, const char *hex, sqlite3_int64 version,
                        const struct grade_date *date, char base[11], long *days)
{
    sqlite3_stmt *st = NULL;
    int found = 0;
    if (sqlite3_prepare_v2(db,
                           "SELECT as_of FROM grade_runs WHERE as_of <> ?1 AND rules = ?2"
                           " AND data_version = ?3 AND full = 1"
                           " ORDER BY abs(julianday(as_of) - julianday(?1)), as_of DESC LIMIT 1",
                           -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, date->as_of, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, hex, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, version);
        if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
            copy(base, 11, (const char *)sqlite3_column_text(st, 0));
            long d = dates_between(base, date->as_of);
            *days = d < 0 ? -d : d;
            found = 1;
        }
    }
    sqlite3_finalize(st);
    return found;
}

/* Non-zero when what is stored for date was graded with the rules of digest
 * hex after the latest import, and in full when full is asked for, or at
 * least with the customers buying within as many days, or contacted and
 * bought within as many, when that is. */
static int fresh(sqlite3 *db, const char *hex, sqlite3_int64 version, const struct grade_date *date)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT count(*) FROM grade_runs WHERE as_of = ?1 AND rules = ?2"
                           " AND data_version = ?3"
                           " AND (full = 1 OR ?4 = 0 OR (?4 < 0 AND full < 0 AND full <= ?4)"
                           " OR (?4 > 1 AND full >= ?4 AND bought_within >= ?5))",
                           -1, &st, NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        return 0;
    }
    sqlite3_bind_text(st, 1, date->as_of, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, hex, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, version);
    sqlite3_bind_int(st, 4, stored_level(date));
    sqlite3_bind_int(st, 5, date->bought_within);
    int yes = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) > 0;
    sqlite3_finalize(st);
    return yes;
}

int grade_ensure_dates(sqlite3 *db, const struct rules *r, const struct grade_date *dates, int n,
                       char *err, size_t errsize)
{
    return grade_ensure_dates_before(db, r, dates, n, NULL, NULL, err, errsize);
}

int grade_ensure_dates_before(sqlite3 *db, const struct rules *r, const struct grade_date *dates,
                              int n, const char *before, const char *until, char *err,
                              size_t errsize)
{
    char hex[65];
    rules_digest(r, hex);
    sqlite3_int64 version = data_version(db);
    struct grade_date *stale = calloc((size_t)n + 1, sizeof *stale);
    struct grade_counts *counts = calloc((size_t)n + 1, sizeof *counts);
    int nstale = 0, rc = stale && counts ? 0 : -1;
    for (int d = 0; rc == 0 && d < n; d++) {
        int k = 0; /* a date asked for twice is graded once, in full if either asks */
        while (k < nstale && strcmp(stale[k].as_of, dates[d].as_of) != 0)
            k++;
        if (k < nstale) {
            stale[k].full |= dates[d].full;
            if (dates[d].buying_within > stale[k].buying_within)
                stale[k].buying_within = dates[d].buying_within;
            if (dates[d].rows_within > stale[k].rows_within)
                stale[k].rows_within = dates[d].rows_within;
            if (dates[d].bought_within > stale[k].bought_within)
                stale[k].bought_within = dates[d].bought_within;
        } else if (!fresh(db, hex, version, &dates[d]))
            stale[nstale++] = dates[d];
    }
    /* one level is recorded a date: the rows of the customers contacted
     * lately and of those buying soon are, together, every customer's */
    for (int d = 0; d < nstale; d++)
        if (stale[d].rows_within > 0 && (stale[d].full || stale[d].buying_within > 0)) {
            stale[d].full = 1;
            stale[d].rows_within = stale[d].bought_within = 0;
        }
    if (rc != 0) snprintf(err, errsize, _("out of memory"));
    /* a date whose look-ahead rows are asked for is graded in a pass over
     * every contact: the other dates join that pass, which grades each at
     * the cost of a verdict per customer, rather than be derived first
     * (each derivation reads the contacts again) */
    int pass_anyway = 0;
    for (int d = 0; d < nstale; d++)
        pass_anyway |= stale[d].buying_within > 0;
    /* else a date near a date already graded in full is derived from it,
     * the nearest first so that each derived date in full can serve the
     * next; the rest are graded in one pass */
    int npass = 0;
    while (rc == 0 && nstale > 0 && !pass_anyway) {
        int best = -1;
        long best_days = 0;
        char base[11], best_base[11];
        for (int d = 0; d < nstale; d++) {
            long days;
            /* look-ahead rows and the rows of the customers contacted lately
             * are graded: a date derived copies every customer's or none */
            if (stale[d].buying_within > 0 || stale[d].rows_within > 0) continue;
            if (nearest_full(db, hex, version, &stale[d], base, &days) &&
                (best < 0 || days < best_days)) {
                best = d;
                best_days = days;
                memcpy(best_base, base, sizeof base);
            }
        }
        if (best < 0) break;
        rc = derive(db, r, &stale[best], best_base, err, errsize);
        stale[best] = stale[--nstale];
    }
    npass = nstale;
    /* the grade changes' verdicts in the pass, else on their own */
    if (rc == 0 && npass > 0)
        rc = pass_dates(db, r, stale, npass, before, until, counts, err, errsize);
    else if (rc == 0 && before)
        rc = grade_before(db, r, before, until, err, errsize);
    free(stale);
    free(counts);
    return rc;
}

int grade_before(sqlite3 *db, const struct rules *r, const char *as_of, const char *until,
                 char *err, size_t errsize)
{
    struct grade_counts counts = {0};
    struct grade_date date = {"", 1, 0, 0, 0};
    copy(date.as_of, sizeof date.as_of, as_of);
    struct run run = {.date = &date, .counts = &counts};
    dates_parse(date.as_of, &run.as_of_days);
    copy(run.until, sizeof run.until, date.as_of);
    run.until_days = run.as_of_days;
    struct timeline_filter recent = {as_of, as_of, until, NULL};
    int rc = db_exec(db, GRADES_BEFORE_TABLE "BEGIN", err, errsize);
    if (rc == 0) rc = grade_pass(db, r, &run, 1, &recent, grade_keep_sql, err, errsize);
    tally_free(&run.tally);
    if (rc == 0) return db_exec(db, "COMMIT", err, errsize);
    char ignored[64];
    db_exec(db, "ROLLBACK", ignored, sizeof ignored);
    return -1;
}

int grade_latest_day(sqlite3 *db, char *day)
{
    sqlite3_stmt *st = NULL;
    int rc = -1;
    if (sqlite3_prepare_v2(db, "SELECT max(day) FROM contacts", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
        copy(day, 11, (const char *)sqlite3_column_text(st, 0));
        rc = 0;
    }
    sqlite3_finalize(st);
    return rc;
}

int grade_handover(sqlite3 *db, const char *key, const char *as_of, char *salesperson, size_t size,
                   char day[11])
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT salesperson, day FROM assignments WHERE customer_key = ?1"
                           " AND day <= ?2 ORDER BY day DESC LIMIT 1",
                           -1, &st, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, as_of, -1, SQLITE_STATIC);
    int found = sqlite3_step(st) == SQLITE_ROW;
    if (found) {
        copy(salesperson, size, (const char *)sqlite3_column_text(st, 0));
        copy(day, 11, (const char *)sqlite3_column_text(st, 1));
    }
    sqlite3_finalize(st);
    return found;
}
