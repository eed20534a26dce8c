/* timeline.c - reads the contacts in one scan in id order, keeps each text
 * once (two pools: customer keys, and the other texts), chains each
 * customer's contacts, and hands them out sorted by day, time and id, which
 * is what SQLite's ORDER BY over all of them cost most of the grading. */
#include "timeline.h"

#include "db.h"
#include "rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- a pool of texts, each kept once, numbered 0, 1, 2 ... ---- */

struct pool {
    char *bytes; /* the texts, each ended by '\0' */
    size_t used, size;
    uint32_t *offsets; /* text id -> offset in bytes */
    uint32_t count, capacity;
    uint32_t *slots; /* open addressing: text id + 1, 0 when empty */
    uint32_t nslots; /* a power of two, more than twice count */
};

static uint32_t hash_bytes(const char *s, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static int pool_rehash(struct pool *p)
{
    uint32_t nslots = p->nslots ? p->nslots * 2 : 1024, mask = nslots - 1;
    uint32_t *slots = calloc(nslots, sizeof *slots);
    if (!slots) return -1;
    for (uint32_t id = 0; id < p->count; id++) {
        const char *s = p->bytes + p->offsets[id];
        uint32_t h = hash_bytes(s, strlen(s)) & mask;
        while (slots[h])
            h = (h + 1) & mask;
        slots[h] = id + 1;
    }
    free(p->slots);
    p->slots = slots;
    p->nslots = nslots;
    return 0;
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
    if (2 * (p->count + 1) > p->nslots && pool_rehash(p) != 0) return -1;
    uint32_t mask = p->nslots - 1, h = hash_bytes(s, len) & mask;
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

/* ---- the timeline ---- */

/* A contact with the texts its place in time is read from. */
struct moment {
    const char *day, *time;
    const struct timeline_contact *contact; /* in the array in id order */
};

struct timeline {
    struct pool keys;                  /* customer keys: the id is the customer's number */
    struct pool texts;                 /* every other text of the contacts */
    struct timeline_contact *contacts; /* in id order */
    size_t ncontacts, capacity;
    uint32_t *head, *tail; /* per customer number: first and last contact + 1 */
    size_t customers_capacity;
    uint32_t *order; /* customer numbers sorted by key */
    /* one customer's contacts: sorted, and what the sort compares */
    const struct timeline_contact **sorted;
    struct moment *moments;
    size_t nscratch;
    uint32_t last[8]; /* the text ids of the row before, by column */
};

/* The interned id of column col of the row (NULL as ""). The column's id
 * in the row before is tried first: most columns repeat from row to row. */
static int column_id(struct timeline *t, struct pool *p, sqlite3_stmt *st, int col, uint32_t *id)
{
    const char *s = (const char *)sqlite3_column_text(st, col);
    size_t len = s ? (size_t)sqlite3_column_bytes(st, col) : 0;
    if (!s) s = "";
    const char *last = t->ncontacts ? pool_text(p, t->last[col]) : NULL;
    if (last && memcmp(last, s, len) == 0 && last[len] == '\0') {
        *id = t->last[col];
        return 0;
    }
    if (pool_intern(p, s, len, id) != 0) return -1;
    t->last[col] = *id;
    return 0;
}

/* Adds the row as the next contact, chained after its customer's last. */
static int add_row(struct timeline *t, sqlite3_stmt *st)
{
    if (t->ncontacts == t->capacity) {
        size_t capacity = t->capacity ? t->capacity * 2 : 1 << 14;
        struct timeline_contact *contacts = realloc(t->contacts, capacity * sizeof *contacts);
        if (!contacts || capacity > UINT32_MAX - 1) return -1;
        t->contacts = contacts;
        t->capacity = capacity;
    }
    struct timeline_contact *k = &t->contacts[t->ncontacts];
    uint32_t customer, known = t->keys.count;
    if (column_id(t, &t->keys, st, 0, &customer) != 0) return -1;
    if (t->keys.count != known) { /* a new customer */
        if (t->keys.count > t->customers_capacity) {
            size_t n = t->keys.capacity;
            uint32_t *head = realloc(t->head, n * sizeof *head);
            if (head) t->head = head;
            uint32_t *tail = head ? realloc(t->tail, n * sizeof *tail) : NULL;
            if (!tail) return -1;
            t->tail = tail;
            t->customers_capacity = n;
        }
        t->head[customer] = t->tail[customer] = 0;
    }
    if (column_id(t, &t->texts, st, 1, &k->day) != 0 ||
        column_id(t, &t->texts, st, 2, &k->time) != 0 ||
        column_id(t, &t->texts, st, 3, &k->kind) != 0 ||
        column_id(t, &t->texts, st, 4, &k->customer) != 0 ||
        column_id(t, &t->texts, st, 5, &k->model) != 0 ||
        column_id(t, &t->texts, st, 6, &k->salesperson) != 0 ||
        column_id(t, &t->texts, st, 7, &k->outcome) != 0)
        return -1;
    k->timeframe_days = sqlite3_column_int(st, 8);
    k->flags = 0;
    static const int bits[] = {RULES_TEST_DRIVE, RULES_QUOTE, RULES_FINANCING, RULES_TRADE_IN,
                               RULES_INVITED};
    for (int i = 0; i < 5; i++)
        if (sqlite3_column_int(st, 9 + i)) k->flags |= bits[i];
    k->next = 0;
    uint32_t number = (uint32_t)++t->ncontacts;
    if (t->tail[customer])
        t->contacts[t->tail[customer] - 1].next = number;
    else
        t->head[customer] = number;
    t->tail[customer] = number;
    return 0;
}

struct keyed {
    const char *key;
    uint32_t customer;
};

static int by_key(const void *a, const void *b)
{
    return strcmp(((const struct keyed *)a)->key, ((const struct keyed *)b)->key);
}

/* Sorts the customers by key, as ORDER BY customer_key does. */
static int sort_customers(struct timeline *t)
{
    size_t n = t->keys.count;
    struct keyed *keyed = malloc((n + 1) * sizeof *keyed);
    t->order = malloc((n + 1) * sizeof *t->order);
    if (!keyed || !t->order) {
        free(keyed);
        return -1;
    }
    for (uint32_t i = 0; i < n; i++)
        keyed[i] = (struct keyed){pool_text(&t->keys, i), i};
    qsort(keyed, n, sizeof *keyed, by_key);
    for (size_t i = 0; i < n; i++)
        t->order[i] = keyed[i].customer;
    free(keyed);
    return 0;
}

struct timeline *timeline_load(sqlite3 *db, const char *until, char *err, size_t errsize)
{
    /* NOT INDEXED: when most contacts are wanted, a scan in id order reads
     * less than the day index and a table lookup per row */
    sqlite3_stmt *st = db_prepare(
        db,
        "SELECT customer_key, day, coalesce(time, '00:00:00'), kind, customer, model,"
        " salesperson, outcome, coalesce(timeframe_days, -1), test_drive, quote, financing,"
        " trade_in, invited FROM contacts NOT INDEXED WHERE day <= ?1 ORDER BY id",
        err, errsize);
    struct timeline *t = calloc(1, sizeof *t);
    int rc = st && t ? 0 : -1, step = SQLITE_DONE;
    if (rc == 0) {
        sqlite3_bind_text(st, 1, until, -1, SQLITE_STATIC);
        while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW)
            rc = add_row(t, st);
        if (rc == 0 && step != SQLITE_DONE) rc = -1;
        if (rc == 0) rc = sort_customers(t);
        if (rc != 0) {
            if (step != SQLITE_DONE && step != SQLITE_ROW)
                snprintf(err, errsize, "%s", sqlite3_errmsg(db));
            else
                snprintf(err, errsize, "out of memory reading the contacts");
        }
    }
    sqlite3_finalize(st);
    if (rc != 0) {
        timeline_free(t);
        return NULL;
    }
    return t;
}

size_t timeline_customers(const struct timeline *t)
{
    return t->keys.count;
}

const char *timeline_key(const struct timeline *t, size_t i)
{
    return pool_text(&t->keys, t->order[i]);
}

const char *timeline_text(const struct timeline *t, uint32_t id)
{
    return pool_text(&t->texts, id);
}

/* Day, then time, then id (the place in the array in id order). */
static int in_time_order(const void *a, const void *b)
{
    const struct moment *x = a, *y = b;
    int c = x->day == y->day ? 0 : strcmp(x->day, y->day);
    if (c == 0 && x->time != y->time) c = strcmp(x->time, y->time);
    return c != 0 ? c : (x->contact > y->contact) - (x->contact < y->contact);
}

static int grow_scratch(struct timeline *t)
{
    size_t size = t->nscratch ? t->nscratch * 2 : 64;
    struct moment *moments = realloc(t->moments, size * sizeof *moments);
    if (moments) t->moments = moments;
    const struct timeline_contact **sorted =
        moments ? realloc(t->sorted, size * sizeof *sorted) : NULL;
    if (!sorted) return -1;
    t->sorted = sorted;
    t->nscratch = size;
    return 0;
}

size_t timeline_contacts(struct timeline *t, size_t i,
                         const struct timeline_contact *const **contacts)
{
    size_t n = 0;
    int sorted = 1;
    for (uint32_t k = t->head[t->order[i]]; k; k = t->contacts[k - 1].next) {
        if (n == t->nscratch && grow_scratch(t) != 0) return 0;
        const struct timeline_contact *contact = &t->contacts[k - 1];
        t->moments[n] = (struct moment){pool_text(&t->texts, contact->day),
                                        pool_text(&t->texts, contact->time), contact};
        if (n > 0 && sorted) sorted = in_time_order(&t->moments[n - 1], &t->moments[n]) < 0;
        n++;
    }
    if (!sorted) qsort(t->moments, n, sizeof *t->moments, in_time_order);
    for (size_t k = 0; k < n; k++)
        t->sorted[k] = t->moments[k].contact;
    *contacts = t->sorted;
    return n;
}

void timeline_free(struct timeline *t)
{
    if (!t) return;
    pool_free(&t->keys);
    pool_free(&t->texts);
    free(t->contacts);
    free(t->head);
    free(t->tail);
    free(t->order);
    free(t->moments);
    free(t->sorted);
    free(t);
}
