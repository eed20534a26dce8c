/* timeline.c - reads the contacts in id order, the two halves of the ids at
 * once on two connections (two cores), keeps each contact in 28 bytes (each
 * text once per half, days and times as numbers), chains each customer's
 * contacts, and hands them out sorted by day, time and id: SQLite's ORDER BY
 * over all of them cost most of the grading. */
#include "timeline.h"

#include "dates.h"
#include "db.h"
#include "hash.h"
#include "i18n.h"
#include "normalize.h"
#include "rules.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- open addressing: slots hold an id + 1, 0 when empty ---- */

/* Doubles *slots (first of them when there are none) and puts ids 0 to
 * count - 1 back, each at its hash(owner, id). Returns 0, or -1 when out
 * of memory. */
static int slots_grow(uint32_t **slots, uint32_t *nslots, uint32_t first, uint32_t count,
                      uint32_t (*hash)(const void *owner, uint32_t id), const void *owner)
{
    uint32_t n = *nslots ? *nslots * 2 : first, mask = n - 1;
    uint32_t *grown = calloc(n, sizeof *grown);
    if (!grown) return -1;
    for (uint32_t id = 0; id < count; id++) {
        uint32_t h = hash(owner, id) & mask;
        while (grown[h])
            h = (h + 1) & mask;
        grown[h] = id + 1;
    }
    free(*slots);
    *slots = grown;
    *nslots = n;
    return 0;
}

/* ---- a pool of texts, each kept once, numbered 0, 1, 2 ... ---- */

struct pool {
    char *bytes; /* the texts, each ended by '\0' */
    size_t used, size;
    uint32_t *offsets; /* text id -> offset in bytes */
    uint32_t count, capacity;
    uint32_t *slots; /* open addressing: text id + 1, 0 when empty */
    uint32_t nslots; /* a power of two, more than count by a third */
};

static uint32_t pool_hash(const void *owner, uint32_t id)
{
    const struct pool *p = owner;
    const char *s = p->bytes + p->offsets[id];
    return (uint32_t)hash_bytes(s, strlen(s));
}

static int pool_rehash(struct pool *p)
{
    return slots_grow(&p->slots, &p->nslots, 1024, p->count, pool_hash, p);
}

/* Appends a new text of len bytes as the next id; 0, or -1 when out of
 * memory (or past 4 GB of text). */
static int pool_append(struct pool *p, const char *s, size_t len)
{
    if (p->used + len + 1 > UINT32_MAX) return -1;
    if (!p->bytes || p->used + len + 1 > p->size) {
        size_t size = p->size ? p->size * 2 : 1 << 16;
        while (size < p->used + len + 1)
            size *= 2;
        char *bytes = realloc(p->bytes, size);
        if (!bytes) return -1;
        p->bytes = bytes;
        p->size = size;
    }
    if (p->count == p->capacity) {
        uint32_t capacity = p->capacity ? p->capacity * 2 : 1024;
        uint32_t *offsets = realloc(p->offsets, capacity * sizeof *offsets);
        if (!offsets) return -1;
        p->offsets = offsets;
        p->capacity = capacity;
    }
    memcpy(p->bytes + p->used, s, len);
    p->bytes[p->used + len] = '\0';
    p->offsets[p->count++] = (uint32_t)p->used;
    p->used += len + 1;
    return 0;
}

/* The id of the text s of len bytes, added when new; 0, or -1 when out of
 * memory. */
static int pool_intern(struct pool *p, const char *s, size_t len, uint32_t *id)
{
    if (4 * (p->count + 1) > 3 * p->nslots && pool_rehash(p) != 0) return -1;
    uint32_t mask = p->nslots - 1, h = (uint32_t)hash_bytes(s, len) & mask;
    for (; p->count > 0 && p->slots[h]; h = (h + 1) & mask) {
        const char *t = p->bytes + p->offsets[p->slots[h] - 1];
        if (memcmp(t, s, len) == 0 && t[len] == '\0') {
            *id = p->slots[h] - 1;
            return 0;
        }
    }
    if (pool_append(p, s, len) != 0) return -1;
    p->slots[h] = p->count;
    *id = p->count - 1;
    return 0;
}

static const char *pool_text(const struct pool *p, uint32_t id)
{
    return p->bytes + p->offsets[id];
}

static void pool_free(struct pool *p)
{
    free(p->bytes);
    free(p->offsets);
    free(p->slots);
}

/* Frees the pool's hash slots: no text can be added after, and its texts
 * and ids stay. */
static void pool_seal(struct pool *p)
{
    free(p->slots);
    p->slots = NULL;
    p->nslots = 0;
}

/* ---- pairs of text ids, each kept once, numbered 0, 1, 2 ... ---- */

/* A contact's model and lead source as one number: the pairs are few (each
 * model with the sources it came from), so the record holds one number for
 * both. */
struct pairs {
    uint32_t (*items)[2];
    uint32_t count, capacity;
    uint32_t *slots; /* open addressing: pair id + 1, 0 when empty */
    uint32_t nslots; /* a power of two, more than count by a third */
};

static uint32_t pair_hash(uint32_t a, uint32_t b)
{
    uint64_t x = ((uint64_t)a << 32 | b) * 0x9e3779b97f4a7c15u;
    return (uint32_t)(x >> 32);
}

static uint32_t pairs_hash(const void *owner, uint32_t id)
{
    const struct pairs *p = owner;
    return pair_hash(p->items[id][0], p->items[id][1]);
}

static int pairs_rehash(struct pairs *p)
{
    return slots_grow(&p->slots, &p->nslots, 256, p->count, pairs_hash, p);
}

/* The id of the pair (a, b), added when new; 0, or -1 when out of memory. */
static int pairs_intern(struct pairs *p, uint32_t a, uint32_t b, uint32_t *id)
{
    if (4 * (p->count + 1) > 3 * p->nslots && pairs_rehash(p) != 0) return -1;
    uint32_t mask = p->nslots - 1, h = pair_hash(a, b) & mask;
    for (; p->slots[h]; h = (h + 1) & mask) {
        const uint32_t *item = p->items[p->slots[h] - 1];
        if (item[0] == a && item[1] == b) {
            *id = p->slots[h] - 1;
            return 0;
        }
    }
    if (p->count == p->capacity) {
        uint32_t capacity = p->capacity ? p->capacity * 2 : 256;
        uint32_t(*items)[2] = realloc(p->items, capacity * sizeof *items);
        if (!items) return -1;
        p->items = items;
        p->capacity = capacity;
    }
    p->items[p->count][0] = a;
    p->items[p->count][1] = b;
    p->slots[h] = ++p->count;
    *id = p->count - 1;
    return 0;
}

/* ---- one range of ids, read by one thread ---- */

/* A contact in 28 bytes: its texts are ids in the part's pool (the model
 * and the source through a pair), its time, outcome, kind and flags share
 * one word. */
struct record {
    int32_t day; /* days since 1970-01-01 */
    uint32_t moment;
    uint32_t customer, model_source, salesperson;
    int32_t timeframe_days;
    uint32_t next; /* the customer's record before it in id order + 1, 0 for none */
};

/* moment: the flags (enum rules_flag, RULES_VISIT for a visit), the
 * outcome above them, the seconds of the day above that */
#define MOMENT_FLAGS 0x3fu
#define MOMENT_OUTCOME_SHIFT 6
#define MOMENT_OUTCOME_MASK 0x7u
#define MOMENT_SECONDS_SHIFT 9

/* The columns of the query, in order. */
enum {
    COL_KEY,
    COL_DAY,
    COL_TIME,
    COL_OUTCOME,
    COL_KIND,
    COL_CUSTOMER,
    COL_MODEL,
    COL_SALESPERSON,
    COL_TIMEFRAME,
    COL_FLAGS,
    COL_SOURCE,
    COL_COUNT
};

struct part {
    struct pool keys;       /* customer keys: the id is the customer's number */
    struct pool texts;      /* names, models, salespeople, sources */
    struct pairs model_sources;
    uint32_t last_model, last_source, last_pair; /* the pair of the row before */
    struct record *records; /* in id order */
    size_t nrecords, capacity;
    uint32_t *head; /* per customer number: its latest record in id order + 1 */
    size_t customers_capacity;
    uint32_t *order;          /* customer numbers sorted by key */
    uint32_t last[COL_COUNT]; /* the text ids of the row before, by column */
    size_t last_len[COL_COUNT];
    char last_day[16]; /* the day of the row before, and its number */
    int32_t last_days;
    char last_outcome[16]; /* the outcome of the row before, and its code */
    uint32_t last_code;
};

/* The interned id of column col of the row (NULL as ""). The column's text
 * in the row before is tried first: most columns repeat from row to row. */
static int column_id(struct part *p, struct pool *pool, sqlite3_stmt *st, int col, uint32_t *id)
{
    const char *s = (const char *)sqlite3_column_text(st, col);
    size_t len = s ? (size_t)sqlite3_column_bytes(st, col) : 0;
    if (!s) s = "";
    if (p->nrecords && len == p->last_len[col] &&
        memcmp(pool_text(pool, p->last[col]), s, len) == 0) {
        *id = p->last[col];
        return 0;
    }
    if (pool_intern(pool, s, len, id) != 0) return -1;
    p->last[col] = *id;
    p->last_len[col] = len;
    return 0;
}

/* The day of the row as days since 1970-01-01 (the row before's, parsed
 * once, when it is the same). Returns 0, or -1 when it is not a day. */
static int row_day(struct part *p, sqlite3_stmt *st, int32_t *days)
{
    const char *s = (const char *)sqlite3_column_text(st, COL_DAY);
    long d;
    if (!s) return -1;
    if (p->nrecords && strcmp(s, p->last_day) == 0) {
        *days = p->last_days;
        return 0;
    }
    if (dates_parse(s, &d) != 0) return -1;
    memcpy(p->last_day, s, strlen(s) + 1); /* a day parsed is 10 bytes */
    *days = p->last_days = (int32_t)d;
    return 0;
}

/* The seconds of "HH:MM:SS", the form the import stores; 0 for none. The
 * numbers sort as the texts do. */
static uint32_t row_seconds(sqlite3_stmt *st)
{
    const unsigned char *s = sqlite3_column_text(st, COL_TIME);
    if (!s || sqlite3_column_bytes(st, COL_TIME) != 8) return 0;
    uint32_t h = (s[0] - '0') * 10u + (s[1] - '0'), m = (s[3] - '0') * 10u + (s[4] - '0');
    return (h * 60u + m) * 60u + (s[6] - '0') * 10u + (s[7] - '0');
}

/* Copies src into dst of size bytes, cut to fit. */
static void copy_cut(char *dst, size_t size, const char *src)
{
    size_t n = strlen(src);
    if (n >= size) n = size - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

/* The outcome of the row as an OUTCOME_ code (FOLLOW for a name it does
 * not know), and RULES_VISIT when it is a row of the visit log: what the
 * record's moment keeps beside the flags. The row before's outcome is
 * tried first. */
static uint32_t row_outcome_kind(struct part *p, sqlite3_stmt *st)
{
    const char *outcome = (const char *)sqlite3_column_text(st, COL_OUTCOME);
    const char *kind = (const char *)sqlite3_column_text(st, COL_KIND);
    uint32_t visit = kind && strcmp(kind, "visit") == 0 ? RULES_VISIT : 0;
    if (!outcome) outcome = "";
    if (!p->nrecords || strcmp(outcome, p->last_outcome) != 0) {
        int code = OUTCOME_LOST;
        while (code > OUTCOME_FOLLOW && strcmp(norm_outcome_name(code), outcome) != 0)
            code--;
        p->last_code = (uint32_t)code;
        copy_cut(p->last_outcome, sizeof p->last_outcome, outcome);
    }
    return p->last_code << MOMENT_OUTCOME_SHIFT | visit;
}

/* Makes room for customer number customer in head. */
static int grow_customers(struct part *p, uint32_t customer)
{
    if (customer < p->customers_capacity) return 0;
    size_t n = p->keys.capacity;
    uint32_t *head = realloc(p->head, n * sizeof *head);
    if (!head) return -1;
    p->head = head;
    p->customers_capacity = n;
    return 0;
}

/* Adds the row as the next record, chained before its customer's others
 * (no tail to keep per customer: timeline_contacts turns the chain round).
 * Returns 0, -1 when out of memory, -2 when the row's day is not a day. */
static int add_row(struct part *p, sqlite3_stmt *st)
{
    if (p->nrecords == p->capacity) {
        size_t capacity = p->capacity ? p->capacity * 2 : 1 << 14;
        if (capacity > UINT32_MAX - 1) return -1;
        struct record *records = realloc(p->records, capacity * sizeof *records);
        if (!records) return -1;
        p->records = records;
        p->capacity = capacity;
    }
    struct record *k = &p->records[p->nrecords];
    if (row_day(p, st, &k->day) != 0) return -2;
    uint32_t customer, known = p->keys.count;
    if (column_id(p, &p->keys, st, COL_KEY, &customer) != 0) return -1;
    if (p->keys.count != known) { /* a new customer */
        if (grow_customers(p, customer) != 0) return -1;
        p->head[customer] = 0;
    }
    uint32_t model, source;
    if (column_id(p, &p->texts, st, COL_CUSTOMER, &k->customer) != 0 ||
        column_id(p, &p->texts, st, COL_MODEL, &model) != 0 ||
        column_id(p, &p->texts, st, COL_SALESPERSON, &k->salesperson) != 0 ||
        column_id(p, &p->texts, st, COL_SOURCE, &source) != 0)
        return -1;
    if (p->nrecords == 0 || model != p->last_model || source != p->last_source) {
        if (pairs_intern(&p->model_sources, model, source, &p->last_pair) != 0) return -1;
        p->last_model = model;
        p->last_source = source;
    }
    k->model_source = p->last_pair;
    k->moment = row_seconds(st) << MOMENT_SECONDS_SHIFT | row_outcome_kind(p, st) |
                ((uint32_t)sqlite3_column_int(st, COL_FLAGS) & MOMENT_FLAGS);
    k->timeframe_days = sqlite3_column_int(st, COL_TIMEFRAME);
    k->next = p->head[customer];
    p->head[customer] = (uint32_t)++p->nrecords;
    return 0;
}

/* Sorts the n customer numbers at ids by key, as ORDER BY customer_key
 * does: a merge sort, as qsort passes no pool to its comparison. */
static int sort_by_key(const struct pool *keys, uint32_t *ids, size_t n)
{
    uint32_t *spare = malloc((n + 1) * sizeof *spare), *from = ids, *to = spare;
    if (!spare) return -1;
    for (size_t width = 1; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n, hi = mid + width < n ? mid + width : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                to[k++] = strcmp(pool_text(keys, from[j]), pool_text(keys, from[i])) < 0
                              ? from[j++]
                              : from[i++];
            while (i < mid)
                to[k++] = from[i++];
            while (j < hi)
                to[k++] = from[j++];
        }
        uint32_t *swap = from;
        from = to;
        to = swap;
    }
    if (from != ids) memcpy(ids, from, n * sizeof *ids);
    free(spare);
    return 0;
}

/* Sorts the part's customers by key into p->order, after dropping what
 * only the reading needed. */
static int sort_customers(struct part *p)
{
    size_t n = p->keys.count;
    pool_seal(&p->keys);
    pool_seal(&p->texts);
    free(p->model_sources.slots);
    p->model_sources.slots = NULL;
    p->order = malloc((n + 1) * sizeof *p->order);
    if (!p->order) return -1;
    for (uint32_t i = 0; i < n; i++)
        p->order[i] = i;
    return sort_by_key(&p->keys, p->order, n);
}

/* Reads the contacts f selects with ids first to last into p, its customers
 * sorted. Returns 0, or -1 with a reason in err. */
static int part_load(struct part *p, sqlite3 *db, const struct timeline_filter *f,
                     sqlite3_int64 first, sqlite3_int64 last, char *err, size_t errsize)
{
    /* NOT INDEXED: when most contacts are wanted, a scan in id order reads
     * less than the day index and a table lookup per row; the recent
     * customers come from the day index, once per statement */
#define CONTACTS_SELECT                                                                            \
    "SELECT customer_key, day, time, outcome, kind, customer, model, salesperson,"                 \
    " coalesce(timeframe_days, -1),"                                                               \
    " (test_drive <> 0) * ?4 | (quote <> 0) * ?5 | (financing <> 0) * ?6"                          \
    " | (trade_in <> 0) * ?7 | (invited <> 0) * ?8, source"                                        \
    " FROM contacts NOT INDEXED WHERE id BETWEEN ?2 AND ?3 AND day <= ?1"
    static const char *const sql[] = {
        CONTACTS_SELECT " AND (?9 IS NULL OR customer_key IN (SELECT customer_key FROM contacts"
                        " WHERE day > ?9 AND day <= ?10 UNION SELECT customer_key"
                        " FROM assignments WHERE day > ?9 AND day <= ?10)) ORDER BY id",
        CONTACTS_SELECT " AND customer_key = ?11 ORDER BY id"};
    int one_customer = f->customer && !f->since;
    sqlite3_stmt *st = db_prepare(db, sql[one_customer], err, errsize);
    if (!st) return -1;
    static const int bits[] = {RULES_TEST_DRIVE, RULES_QUOTE, RULES_FINANCING, RULES_TRADE_IN,
                               RULES_INVITED};
    sqlite3_bind_text(st, 1, f->until, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, first);
    sqlite3_bind_int64(st, 3, last);
    for (int i = 0; i < 5; i++)
        sqlite3_bind_int(st, 4 + i, bits[i]);
    if (f->since) {
        sqlite3_bind_text(st, 9, f->since, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 10, f->recent_until, -1, SQLITE_STATIC);
    } else if (one_customer) {
        sqlite3_bind_text(st, 11, f->customer, -1, SQLITE_STATIC);
    }
    int rc = 0, step;
    while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW)
        rc = add_row(p, st);
    if (rc == 0 && step != SQLITE_DONE)
        snprintf(err, errsize, "%s", sqlite3_errmsg(db));
    else if (rc == 0)
        rc = sort_customers(p);
    if (rc != 0 || step != SQLITE_DONE) {
        if (rc == -2)
            snprintf(err, errsize, _("a contact's day '%s' is not a day YYYY-MM-DD"),
                     (const char *)sqlite3_column_text(st, COL_DAY));
        else if (rc != 0)
            snprintf(err, errsize, _("out of memory reading the contacts"));
        rc = -1;
    }
    sqlite3_finalize(st);
    return rc;
}

static void part_free(struct part *p)
{
    pool_free(&p->keys);
    pool_free(&p->texts);
    free(p->model_sources.items);
    free(p->model_sources.slots);
    free(p->records);
    free(p->head);
    free(p->order);
}

/* The second half, read on a connection of its own in another thread. */
struct job {
    struct part *part;
    const char *path;
    const struct timeline_filter *filter;
    sqlite3_int64 first, last;
    int rc;
    char err[256];
};

static void *run_job(void *arg)
{
    struct job *j = arg;
    sqlite3 *db = NULL;
    j->rc = -1;
    if (sqlite3_open_v2(j->path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) !=
        SQLITE_OK) {
        snprintf(j->err, sizeof j->err, "%s", db ? sqlite3_errmsg(db) : "out of memory");
    } else {
        sqlite3_busy_timeout(db, DB_BUSY_TIMEOUT_MS);
        j->rc = part_load(j->part, db, j->filter, j->first, j->last, j->err, sizeof j->err);
    }
    sqlite3_close(db);
    return NULL;
}

/* ---- the timeline: the parts' customers merged by key ---- */

/* A contact with its place in the order its customer's were read in. */
struct moment {
    struct timeline_contact contact;
    size_t seq;
};

/* One customer's contacts, and the same sorted: a lane's. */
struct scratch {
    struct moment *moments;
    const struct timeline_contact **sorted;
    size_t size;
};

struct timeline {
    struct part parts[2];
    int nparts;
    int32_t (*customers)[2]; /* in key order: the customer's number in each part, or -1 */
    size_t ncustomers;
    struct scratch lanes[TIMELINE_LANES];
};

/* Merges the parts' customers, each sorted by key, into t->customers. */
static int merge_customers(struct timeline *t)
{
    size_t n0 = t->parts[0].keys.count, n1 = t->nparts > 1 ? t->parts[1].keys.count : 0;
    t->customers = malloc((n0 + n1 + 1) * sizeof *t->customers);
    if (!t->customers) return -1;
    size_t i = 0, j = 0;
    while (i < n0 || j < n1) {
        uint32_t a = i < n0 ? t->parts[0].order[i] : 0, b = j < n1 ? t->parts[1].order[j] : 0;
        int c = i == n0 ? 1
                : j == n1
                    ? -1
                    : strcmp(pool_text(&t->parts[0].keys, a), pool_text(&t->parts[1].keys, b));
        int32_t *both = t->customers[t->ncustomers++];
        both[0] = c <= 0 ? (int32_t)a : -1;
        both[1] = c >= 0 ? (int32_t)b : -1;
        i += c <= 0;
        j += c >= 0;
    }
    for (int p = 0; p < t->nparts; p++) { /* merged: no longer needed */
        free(t->parts[p].order);
        t->parts[p].order = NULL;
    }
    return 0;
}

/* The smallest and largest contact id; 0 when there are no contacts. */
static int id_range(sqlite3 *db, sqlite3_int64 *first, sqlite3_int64 *last)
{
    sqlite3_stmt *st = NULL;
    /* two subqueries: SQLite reads one end of the table for a lone min() or
     * max(), but scans it for both in one query */
    int rc = sqlite3_prepare_v2(
        db, "SELECT (SELECT min(id) FROM contacts), (SELECT max(id) FROM contacts)", -1, &st, NULL);
    if (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
        *first = sqlite3_column_int64(st, 0);
        *last = sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_OK ? 0 : -1;
}

struct timeline *timeline_load(sqlite3 *db, const struct timeline_filter *f, char *err,
                               size_t errsize)
{
    struct timeline *t = calloc(1, sizeof *t);
    sqlite3_int64 first = 0, last = 0;
    if (!t || id_range(db, &first, &last) != 0) {
        snprintf(err, errsize, "%s", t ? sqlite3_errmsg(db) : "out of memory");
        free(t);
        return NULL;
    }
    /* the second half on another connection, when the database is a file
     * that one can open (not in memory) */
    const char *path = sqlite3_db_filename(db, "main");
    struct job job = {&t->parts[1], path, f, first + (last - first) / 2 + 1, last, -1, ""};
    pthread_t thread;
    int split = path && *path && last > first && pthread_create(&thread, NULL, run_job, &job) == 0;
    t->nparts = split ? 2 : 1;
    int rc = part_load(&t->parts[0], db, f, first, split ? job.first - 1 : last, err, errsize);
    if (split) {
        pthread_join(thread, NULL);
        if (rc == 0 && job.rc != 0) {
            snprintf(err, errsize, "%s", job.err);
            rc = -1;
        }
    }
    if (rc == 0 && merge_customers(t) != 0) {
        snprintf(err, errsize, _("out of memory reading the contacts"));
        rc = -1;
    }
    if (rc != 0) {
        timeline_free(t);
        return NULL;
    }
    return t;
}

size_t timeline_customers(const struct timeline *t)
{
    return t->ncustomers;
}

const char *timeline_key(const struct timeline *t, size_t i)
{
    int p = t->customers[i][0] >= 0 ? 0 : 1;
    return pool_text(&t->parts[p].keys, (uint32_t)t->customers[i][p]);
}

/* Day, then time, then the order read in (id order). */
static int in_time_order(const void *a, const void *b)
{
    const struct moment *x = a, *y = b;
    if (x->contact.day != y->contact.day) return x->contact.day < y->contact.day ? -1 : 1;
    if (x->contact.seconds != y->contact.seconds)
        return x->contact.seconds < y->contact.seconds ? -1 : 1;
    return (x->seq > y->seq) - (x->seq < y->seq);
}

static int grow_scratch(struct scratch *s)
{
    size_t size = s->size ? s->size * 2 : 64;
    struct moment *moments = realloc(s->moments, size * sizeof *moments);
    if (moments) s->moments = moments;
    const struct timeline_contact **sorted =
        moments ? realloc(s->sorted, size * sizeof *sorted) : NULL;
    if (!sorted) return -1;
    s->sorted = sorted;
    s->size = size;
    return 0;
}

size_t timeline_contacts(struct timeline *t, int lane, size_t i,
                         const struct timeline_contact *const **contacts)
{
    struct scratch *scratch = &t->lanes[lane];
    struct moment *m = scratch->moments;
    size_t n = 0;
    for (int p = 0; p < t->nparts; p++) {
        const struct part *part = &t->parts[p];
        int32_t customer = t->customers[i][p];
        uint32_t k = customer >= 0 ? part->head[customer] : 0;
        size_t first = n;
        for (; k; k = part->records[k - 1].next) {
            if (n == scratch->size) {
                if (grow_scratch(scratch) != 0) return 0;
                m = scratch->moments;
            }
            const struct record *r = &part->records[k - 1];
            const struct pool *s = &part->texts;
            const uint32_t *model_source = part->model_sources.items[r->model_source];
            m[n++].contact = (struct timeline_contact){
                r->day,
                (int)(r->moment >> MOMENT_SECONDS_SHIFT),
                (r->moment & RULES_VISIT) != 0,
                (int)(r->moment >> MOMENT_OUTCOME_SHIFT & MOMENT_OUTCOME_MASK),
                pool_text(s, r->customer),
                pool_text(s, model_source[0]),
                pool_text(s, r->salesperson),
                r->timeframe_days,
                (int)(r->moment & MOMENT_FLAGS & ~(uint32_t)RULES_VISIT),
                0,
                pool_text(s, model_source[1])};
        }
        /* the chain runs from the latest id back: turn it round */
        for (size_t a = first, b = n; a + 1 < b; a++, b--) {
            struct moment swap = m[a];
            m[a] = m[b - 1];
            m[b - 1] = swap;
        }
    }
    int sorted = 1;
    for (size_t k = 0; k < n; k++) {
        m[k].seq = m[k].contact.read_order = k;
        if (k > 0 && sorted) sorted = in_time_order(&m[k - 1], &m[k]) < 0;
    }
    if (!sorted) qsort(m, n, sizeof *m, in_time_order);
    for (size_t k = 0; k < n; k++)
        scratch->sorted[k] = &m[k].contact;
    *contacts = scratch->sorted;
    return n;
}

void timeline_free(struct timeline *t)
{
    if (!t) return;
    for (int p = 0; p < 2; p++)
        part_free(&t->parts[p]);
    free(t->customers);
    for (int lane = 0; lane < TIMELINE_LANES; lane++) {
        free(t->lanes[lane].moments);
        free(t->lanes[lane].sorted);
    }
    free(t);
}
