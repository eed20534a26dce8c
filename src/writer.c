/* writer.c - a thread that binds and steps staged rows. Rows are staged in
 * batches; a small ring of batches goes from the staging thread to the
 * writer and back, so neither waits while the other has work. */
#include "writer.h"

#include "i18n.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BATCHES 3
#define BATCH_ROWS 1024
#define BATCH_BYTES (512 * 1024)

enum cell_type { CELL_ROW, CELL_NULL, CELL_INT, CELL_TEXT, CELL_BLOB };

/* One staged value. A row is a CELL_ROW cell (value: the row's tag, len:
 * the number of values) followed by its values; text and blobs keep the
 * offset of their bytes in the batch. */
struct cell {
    sqlite3_int64 value;
    uint32_t len;
    unsigned char type;
    unsigned char statement; /* of a CELL_ROW */
};

struct batch {
    struct cell *cells;
    size_t ncells, cells_size;
    char *bytes;
    size_t nbytes, bytes_size;
    size_t nrows;
};

struct writer {
    sqlite3 *db;
    sqlite3_stmt *statements[WRITER_MAX_STATEMENTS];
    sqlite3_stmt *many; /* stores many_rows rows of many_statement at once, or NULL */
    int many_statement, many_rows;
    struct writer_result result; /* the writer thread's until joined */

    struct batch batches[BATCHES];
    int fill;        /* the batch being staged (the staging thread's) */
    size_t row;      /* the cell of the row being staged */
    size_t complete; /* the cells of the rows staged whole */
    int nomem;       /* staging ran out of memory */
    int stopped;     /* the staging thread has seen the writer fail */

    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t work, room;
    /* under lock */
    int pending; /* batches handed to the writer, from drain on */
    int drain;   /* the batch the writer stores next */
    int done;    /* nothing more will be handed over */
    int failed;

    const char *hold; /* FUNNEL_TEST_HOLD_IMPORT, or NULL (the writer thread's) */
};

/* Grows the batch being staged to hold one more cell and len more bytes.
 * Returns 0, or -1 when out of memory. */
static int __attribute__((noinline)) batch_grow(struct writer *w, size_t len)
{
    struct batch *b = &w->batches[w->fill];
    if (w->nomem) return -1;
    if (b->ncells == b->cells_size) {
        size_t size = b->cells_size ? b->cells_size * 2 : 32 * BATCH_ROWS;
        struct cell *cells = realloc(b->cells, size * sizeof *cells);
        if (!cells) return w->nomem = 1, -1;
        b->cells = cells;
        b->cells_size = size;
    }
    if (b->nbytes + len > b->bytes_size) {
        size_t size = b->bytes_size ? b->bytes_size : BATCH_BYTES;
        while (b->nbytes + len > size)
            size *= 2;
        char *bytes = realloc(b->bytes, size);
        if (!bytes) return w->nomem = 1, -1;
        b->bytes = bytes;
        b->bytes_size = size;
    }
    return 0;
}

/* Makes room for one more cell and len more bytes in the batch being
 * staged. Returns NULL when out of memory. */
static inline struct cell *cell_new(struct writer *w, size_t len)
{
    struct batch *b = &w->batches[w->fill];
    if ((b->ncells == b->cells_size || b->nbytes + len > b->bytes_size || w->nomem) &&
        batch_grow(w, len) != 0)
        return NULL;
    struct cell *c = &b->cells[b->ncells++];
    c->len = (uint32_t)len;
    return c;
}

static void stage_bytes(struct writer *w, enum cell_type type, const void *data, size_t len)
{
    struct batch *b = &w->batches[w->fill];
    size_t at = b->nbytes;
    struct cell *c = cell_new(w, len);
    if (!c) return;
    c->type = (unsigned char)type;
    c->value = (sqlite3_int64)at;
    if (len) memcpy(b->bytes + at, data, len);
    b->nbytes += len;
}

void writer_row(struct writer *w, int statement, long tag)
{
    w->row = w->batches[w->fill].ncells;
    struct cell *c = cell_new(w, 0);
    if (!c) return;
    c->type = CELL_ROW;
    c->statement = (unsigned char)statement;
    c->value = tag;
}

void writer_null(struct writer *w)
{
    struct cell *c = cell_new(w, 0);
    if (c) c->type = CELL_NULL;
}

void writer_int(struct writer *w, sqlite3_int64 value)
{
    struct cell *c = cell_new(w, 0);
    if (!c) return;
    c->type = CELL_INT;
    c->value = value;
}

void writer_text(struct writer *w, const char *text, size_t len)
{
    stage_bytes(w, CELL_TEXT, text, len);
}

void writer_string(struct writer *w, const char *text)
{
    stage_bytes(w, CELL_TEXT, text, strlen(text));
}

void writer_string_or_null(struct writer *w, const char *text)
{
    if (text && *text)
        writer_string(w, text);
    else
        writer_null(w);
}

void writer_blob(struct writer *w, const void *data, size_t len)
{
    stage_bytes(w, CELL_BLOB, data, len);
}

/* Binds the values of the n rows staged from cell *i on to st's parameters,
 * one row's after the other's, and steps st. Returns 0 with *i past the
 * rows, or -1 with the reason in w->result, which names the first row. */
static int store_rows(struct writer *w, const struct batch *b, size_t *i, sqlite3_stmt *st, int n)
{
    const struct cell *first = &b->cells[*i];
    int p = 1;
    size_t at = *i;
    for (int r = 0; r < n; r++) {
        const struct cell *row = &b->cells[at++];
        for (uint32_t k = 0; k < row->len; k++, p++, at++) {
            const struct cell *c = &b->cells[at];
            switch (c->type) {
            case CELL_INT:
                sqlite3_bind_int64(st, p, c->value);
                break;
            case CELL_TEXT:
                sqlite3_bind_text(st, p, b->bytes + c->value, (int)c->len, SQLITE_STATIC);
                break;
            case CELL_BLOB:
                sqlite3_bind_blob(st, p, b->bytes + c->value, (int)c->len, SQLITE_STATIC);
                break;
            default:
                sqlite3_bind_null(st, p);
            }
        }
    }
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE) {
        snprintf(w->result.error, sizeof w->result.error, "%s", sqlite3_errmsg(w->db));
        w->result.failed_tag = (long)first->value;
        sqlite3_reset(st);
        return -1;
    }
    sqlite3_reset(st);
    long changed = sqlite3_changes(w->db);
    w->result.changed[first->statement] += changed;
    w->result.unchanged[first->statement] += n - changed;
    *i = at;
    return 0;
}

/* How many rows from cell i on a run of w->many stores: its rows when that
 * many rows of its statement, each as wide, follow; else 1. */
static int run_length(const struct writer *w, const struct batch *b, size_t i)
{
    const struct cell *row = &b->cells[i];
    if (!w->many || row->statement != w->many_statement) return 1;
    size_t width = (size_t)row->len + 1;
    if (i + (size_t)w->many_rows * width > b->ncells) return 1;
    for (int r = 1; r < w->many_rows; r++) {
        const struct cell *next = &b->cells[i + (size_t)r * width];
        if (next->statement != row->statement || next->len != row->len) return 1;
    }
    return w->many_rows;
}

/* Stores one batch. Returns 0, or -1 with the reason in w->result. */
static int store_batch(struct writer *w, const struct batch *b)
{
    for (size_t i = 0; i < b->ncells;) {
        int run = run_length(w, b, i);
        sqlite3_stmt *st = run > 1 ? w->many : w->statements[b->cells[i].statement];
        if (store_rows(w, b, &i, st, run) != 0) return -1;
    }
    return 0;
}

/* A test hook: with FUNNEL_TEST_HOLD_IMPORT=PATH in the environment, the
 * writer stops once, after storing its first batch inside the import's
 * open transaction: it creates PATH, then waits until PATH is removed (a
 * minute at most). tests/test_concurrency.c reads the database there. */
static void hold_for_test(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0) return;
    close(fd);
    struct timespec pause = {0, 10 * 1000000L};
    for (int i = 0; i < 6000 && access(path, F_OK) == 0; i++)
        nanosleep(&pause, NULL);
}

static void *writer_main(void *data)
{
    struct writer *w = data;
    pthread_mutex_lock(&w->lock);
    for (;;) {
        while (w->pending == 0 && !w->done)
            pthread_cond_wait(&w->work, &w->lock);
        if (w->pending == 0) break;
        struct batch *b = &w->batches[w->drain];
        int failed = w->failed;
        pthread_mutex_unlock(&w->lock);
        int rc = failed ? 0 : store_batch(w, b);
        if (rc == 0 && w->hold) {
            hold_for_test(w->hold);
            w->hold = NULL;
        }
        b->ncells = b->nbytes = b->nrows = 0;
        pthread_mutex_lock(&w->lock);
        if (rc != 0) w->failed = 1;
        w->pending--;
        w->drain = (w->drain + 1) % BATCHES;
        pthread_cond_signal(&w->room);
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

/* Hands the batch being staged to the writer and waits for a free one.
 * Returns 0, or -1 when the writer has failed. */
static int hand_over(struct writer *w)
{
    pthread_mutex_lock(&w->lock);
    w->pending++;
    pthread_cond_signal(&w->work);
    w->fill = (w->fill + 1) % BATCHES;
    while (w->pending == BATCHES)
        pthread_cond_wait(&w->room, &w->lock);
    int failed = w->failed;
    pthread_mutex_unlock(&w->lock);
    return failed ? -1 : 0;
}

int writer_end_row(struct writer *w)
{
    struct batch *b = &w->batches[w->fill];
    if (w->stopped || w->nomem) return -1;
    b->cells[w->row].len = (uint32_t)(b->ncells - w->row - 1);
    w->complete = b->ncells;
    if (++b->nrows < BATCH_ROWS && b->nbytes < BATCH_BYTES) return 0;
    w->complete = 0;
    if (hand_over(w) != 0) w->stopped = 1;
    return w->stopped ? -1 : 0;
}

struct writer *writer_start(sqlite3 *db, sqlite3_stmt *const *statements, int count)
{
    struct writer *w = calloc(1, sizeof *w);
    if (!w || count > WRITER_MAX_STATEMENTS) {
        free(w);
        return NULL;
    }
    w->db = db;
    memcpy(w->statements, statements, (size_t)count * sizeof *statements);
    w->hold = getenv("FUNNEL_TEST_HOLD_IMPORT");
    if (w->hold && !*w->hold) w->hold = NULL;
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->work, NULL);
    pthread_cond_init(&w->room, NULL);
    if (pthread_create(&w->thread, NULL, writer_main, w) != 0) {
        pthread_mutex_destroy(&w->lock);
        pthread_cond_destroy(&w->work);
        pthread_cond_destroy(&w->room);
        free(w);
        return NULL;
    }
    return w;
}

void writer_many(struct writer *w, int statement, sqlite3_stmt *many, int rows)
{
    w->many = many;
    w->many_statement = statement;
    w->many_rows = rows;
}

int writer_finish(struct writer *w, struct writer_result *result)
{
    pthread_mutex_lock(&w->lock);
    w->batches[w->fill].ncells = w->complete; /* a row begun and not ended is dropped */
    if (w->batches[w->fill].nrows > 0 && !w->nomem) {
        w->pending++;
        w->fill = (w->fill + 1) % BATCHES;
    }
    w->done = 1;
    pthread_cond_signal(&w->work);
    pthread_mutex_unlock(&w->lock);
    pthread_join(w->thread, NULL);

    *result = w->result;
    int rc = w->failed || w->nomem ? -1 : 0;
    if (w->nomem && !w->failed) snprintf(result->error, sizeof result->error, _("out of memory"));
    for (int i = 0; i < BATCHES; i++) {
        free(w->batches[i].cells);
        free(w->batches[i].bytes);
    }
    pthread_mutex_destroy(&w->lock);
    pthread_cond_destroy(&w->work);
    pthread_cond_destroy(&w->room);
    free(w);
    return rc;
}
