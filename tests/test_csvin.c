/* test_csvin.c - pins down the CSV reader: the csv-spectrum cases, line
 * numbers and raw text of records, BOM, line ends, and the caps on fields. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvin.h"

#define SPECTRUM "data/csv/spectrum"

/* ---- helpers: records are copied out of the callback ---- */

struct rec {
    long line;
    int nfields;
    long nfields_seen;
    char **fields;
    size_t *lengths;
    char *raw;
    size_t raw_length;
    char *error; /* NULL or a copy of the reader's reason */
};

struct recs {
    int n, size;
    struct rec *r;
};

static char *copy_bytes(const char *s, size_t len)
{
    char *p = malloc(len + 1);
    assert_non_null(p);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

static int collect(const struct csvin_record *record, void *data)
{
    struct recs *out = data;
    if (out->n == out->size) {
        out->size = out->size ? out->size * 2 : 16;
        out->r = realloc(out->r, (size_t)out->size * sizeof *out->r);
        assert_non_null(out->r);
    }
    struct rec *r = &out->r[out->n++];
    r->line = record->line;
    r->nfields = record->nfields;
    r->nfields_seen = record->nfields_seen;
    r->fields = calloc((size_t)record->nfields + 1, sizeof *r->fields);
    r->lengths = calloc((size_t)record->nfields + 1, sizeof *r->lengths);
    assert_non_null(r->fields);
    assert_non_null(r->lengths);
    for (int i = 0; i < record->nfields; i++) {
        r->fields[i] = copy_bytes(record->fields[i], record->lengths[i]);
        r->lengths[i] = record->lengths[i];
    }
    r->raw = copy_bytes(record->raw, record->raw_length);
    r->raw_length = record->raw_length;
    r->error = record->error ? strdup(record->error) : NULL;
    return 0;
}

static void recs_free(struct recs *out)
{
    for (int k = 0; k < out->n; k++) {
        for (int i = 0; i < out->r[k].nfields; i++)
            free(out->r[k].fields[i]);
        free(out->r[k].fields);
        free(out->r[k].lengths);
        free(out->r[k].raw);
        free(out->r[k].error);
    }
    free(out->r);
    memset(out, 0, sizeof *out);
}

/* Reads the file at path into out; csvin_read must reach the end. */
static void read_path(const char *path, struct recs *out)
{
    char err[256] = "";
    memset(out, 0, sizeof *out);
    struct csvin *in = csvin_open(path, err, sizeof err);
    if (!in) fail_msg("csvin_open(%s): %s", path, err);
    int rc = csvin_read(in, collect, out, err, sizeof err);
    csvin_close(in);
    if (rc != 0) fail_msg("csvin_read(%s) = %d: %s", path, rc, err);
}

/* Writes len bytes to a temporary file and reads it into out. */
static void read_bytes(const char *bytes, size_t len, struct recs *out)
{
    char path[] = "/tmp/funnel-test-csvin-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    size_t done = 0;
    while (done < len) {
        ssize_t n = write(fd, bytes + done, len - done);
        assert_true(n > 0);
        done += (size_t)n;
    }
    close(fd);
    read_path(path, out);
    unlink(path);
}

static void read_text(const char *text, struct recs *out)
{
    read_bytes(text, strlen(text), out);
}

static void expect_lines(const struct recs *got, int n, const long *lines)
{
    if (got->n != n) fail_msg("%d records; expected %d", got->n, n);
    for (int k = 0; k < n; k++)
        if (got->r[k].line != lines[k])
            fail_msg("record %d on line %ld; expected line %ld", k + 1, got->r[k].line, lines[k]);
}

static void expect_field(const struct rec *r, int i, const char *expected)
{
    if (i >= r->nfields) fail_msg("record on line %ld has no field %d", r->line, i + 1);
    if (r->lengths[i] != strlen(expected) || memcmp(r->fields[i], expected, r->lengths[i]) != 0)
        fail_msg("line %ld field %d is \"%s\" (%zu bytes); expected \"%s\"", r->line, i + 1,
                 r->fields[i], r->lengths[i], expected);
}

static void expect_raw(const struct rec *r, const char *expected)
{
    if (r->raw_length != strlen(expected) || memcmp(r->raw, expected, r->raw_length) != 0)
        fail_msg("raw text of line %ld is \"%s\"; expected \"%s\"", r->line, r->raw, expected);
}

static char *slurp(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) fail_msg("cannot open %s", path);
    fseek(fp, 0, SEEK_END);
    long size = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *text = malloc((size_t)size + 1);
    assert_non_null(text);
    assert_int_equal(fread(text, 1, (size_t)size, fp), (size_t)size);
    text[size] = '\0';
    fclose(fp);
    return text;
}

static long long sql_int(sqlite3 *db, const char *sql, const char *json, const char *path)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("bad query %s: %s", sql, sqlite3_errmsg(db));
    sqlite3_bind_text(st, 1, json, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, path, -1, SQLITE_STATIC);
    long long value = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return value;
}

/* Parses SPECTRUM/csvs/NAME.csv and compares every record, mapped by the
 * header, with the array of objects in SPECTRUM/json/NAME.json. */
static void expect_spectrum(const char *name)
{
    char path[256];
    struct recs got;
    snprintf(path, sizeof path, SPECTRUM "/csvs/%s.csv", name);
    read_path(path, &got);
    snprintf(path, sizeof path, SPECTRUM "/json/%s.json", name);
    char *json = slurp(path);

    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    assert_int_equal(sql_int(db, "SELECT json_valid(?1)", json, NULL), 1);
    long long expected = sql_int(db, "SELECT json_array_length(?1)", json, NULL);
    assert_true(got.n >= 1);
    if (got.n - 1 != expected)
        fail_msg("%s: %d records after the header; expected %lld", name, got.n - 1, expected);

    const struct rec *header = &got.r[0];
    sqlite3_stmt *st = NULL;
    assert_int_equal(
        sqlite3_prepare_v2(db, "SELECT value FROM json_each(?1, ?2) WHERE key = ?3", -1, &st, NULL),
        SQLITE_OK);
    for (int k = 1; k < got.n; k++) {
        const struct rec *r = &got.r[k];
        char elem[32];
        snprintf(elem, sizeof elem, "$[%d]", k - 1);
        if (r->error) fail_msg("%s: record %d has error %s", name, k, r->error);
        long long keys = sql_int(db, "SELECT count(*) FROM json_each(?1, ?2)", json, elem);
        if (r->nfields != header->nfields || keys != header->nfields)
            fail_msg("%s: record %d has %d fields, header %d, JSON %lld keys", name, k, r->nfields,
                     header->nfields, keys);
        for (int i = 0; i < r->nfields; i++) {
            sqlite3_reset(st);
            sqlite3_bind_text(st, 1, json, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 2, elem, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 3, header->fields[i], (int)header->lengths[i], SQLITE_STATIC);
            if (sqlite3_step(st) != SQLITE_ROW)
                fail_msg("%s: %s has no key \"%s\"", name, elem, header->fields[i]);
            const char *want = (const char *)sqlite3_column_text(st, 0);
            size_t want_len = (size_t)sqlite3_column_bytes(st, 0);
            if (want_len != r->lengths[i] || memcmp(want, r->fields[i], want_len) != 0)
                fail_msg("%s: record %d \"%s\" is \"%s\"; expected \"%s\"", name, k,
                         header->fields[i], r->fields[i], want);
        }
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    free(json);
    recs_free(&got);
}

/* Writes len bytes to a new temporary file; returns its descriptor, open
 * for reading and writing, with path filled in. */
static int temp_file(const char *bytes, size_t len, char *path)
{
    strcpy(path, "/tmp/funnel-test-csvin-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    size_t done = 0;
    while (done < len) {
        ssize_t n = write(fd, bytes + done, len - done);
        assert_true(n > 0);
        done += (size_t)n;
    }
    return fd;
}

/* Reads bytes with options, telling the reader the header's field count
 * (0: not told) once the first record arrives. */
struct expecting {
    struct recs *out;
    struct csvin *in;
    int nfields;
};

static int collect_expecting(const struct csvin_record *record, void *data)
{
    struct expecting *e = data;
    if (e->out->n == 0 && e->nfields) csvin_expect_fields(e->in, e->nfields);
    return collect(record, e->out);
}

static int read_bytes_with(const char *bytes, size_t len, const struct csvin_options *options,
                           int nfields, struct recs *out)
{
    char path[64], err[256] = "";
    int fd = temp_file(bytes, len, path);
    memset(out, 0, sizeof *out);
    struct csvin *in = csvin_open_fd(fd, options, err, sizeof err);
    if (!in) fail_msg("csvin_open_fd: %s", err);
    struct expecting e = {out, in, nfields};
    int rc = csvin_read(in, collect_expecting, &e, err, sizeof err);
    if (rc != 0) fail_msg("csvin_read = %d: %s", rc, err);
    int utf16 = csvin_utf16(in);
    csvin_close(in);
    close(fd);
    unlink(path);
    return utf16;
}

static void expect_error(const struct rec *r, const char *expected)
{
    if (!r->error || strcmp(r->error, expected) != 0)
        fail_msg("record on line %ld has error %s; expected %s", r->line,
                 r->error ? r->error : "none", expected);
}

/* ---- csv-spectrum ---- */

static void test_spectrum_comma_in_quotes(void **state)
{
    (void)state;
    expect_spectrum("comma_in_quotes");
}

static void test_spectrum_empty(void **state)
{
    (void)state;
    expect_spectrum("empty");
}

static void test_spectrum_empty_crlf(void **state)
{
    (void)state;
    expect_spectrum("empty_crlf");
}

static void test_spectrum_escaped_quotes(void **state)
{
    (void)state;
    expect_spectrum("escaped_quotes");
}

static void test_spectrum_json(void **state)
{
    (void)state;
    expect_spectrum("json");
}

static void test_spectrum_newlines(void **state)
{
    (void)state;
    expect_spectrum("newlines");
}

static void test_spectrum_newlines_crlf(void **state)
{
    (void)state;
    expect_spectrum("newlines_crlf");
}

static void test_spectrum_quotes_and_newlines(void **state)
{
    (void)state;
    expect_spectrum("quotes_and_newlines");
}

static void test_spectrum_simple(void **state)
{
    (void)state;
    expect_spectrum("simple");
}

static void test_spectrum_simple_crlf(void **state)
{
    (void)state;
    expect_spectrum("simple_crlf");
}

static void test_spectrum_utf8(void **state)
{
    (void)state;
    expect_spectrum("utf8");
}

/* Its JSON is in another shape and encoding: only the CSV side is checked. */
static void test_spectrum_location_coordinates_reads_without_error(void **state)
{
    (void)state;
    struct recs got;
    read_path(SPECTRUM "/csvs/location_coordinates.csv", &got);
    expect_lines(&got, 2, (const long[]){1, 2});
    assert_int_equal(got.r[1].nfields, 4);
    assert_null(got.r[1].error);
    expect_field(&got.r[1], 0, "2095257564");
    expect_field(&got.r[1], 3, "Stanislaus");
    recs_free(&got);
}

/* ---- line numbers ---- */

static void test_multiline_field_reports_its_first_line(void **state)
{
    (void)state;
    struct recs got;
    read_text("a,b\n\"x\ny\nz\",2\n3,4\n", &got);
    expect_lines(&got, 3, (const long[]){1, 2, 5});
    expect_field(&got.r[1], 0, "x\ny\nz");
    expect_field(&got.r[2], 0, "3");
    recs_free(&got);
}

static void test_crlf_line_ends_count_one_line_each(void **state)
{
    (void)state;
    struct recs got;
    read_text("a,b\r\n1,2\r\n\"p\r\nq\",3\r\n5,6\r\n", &got);
    expect_lines(&got, 4, (const long[]){1, 2, 3, 5});
    expect_field(&got.r[1], 1, "2");
    expect_field(&got.r[2], 0, "p\r\nq");
    expect_field(&got.r[3], 1, "6");
    recs_free(&got);
}

static void test_lone_cr_line_ends_count_one_line_each(void **state)
{
    (void)state;
    struct recs got;
    read_text("a,b\r1,2\r\"p\rq\",3\r5,6\r", &got);
    expect_lines(&got, 4, (const long[]){1, 2, 3, 5});
    expect_field(&got.r[1], 0, "1");
    expect_field(&got.r[2], 0, "p\rq");
    expect_field(&got.r[3], 1, "6");
    recs_free(&got);
}

static void test_lone_cr_inside_quotes_of_an_lf_file_is_not_a_line(void **state)
{
    (void)state;
    struct recs got;
    read_text("a,b\n\"p\rq\",3\r\n5,6\n", &got);
    expect_lines(&got, 3, (const long[]){1, 2, 3});
    expect_field(&got.r[1], 0, "p\rq");
    expect_raw(&got.r[1], "\"p\rq\",3");
    expect_field(&got.r[2], 1, "6");
    recs_free(&got);
}

static void test_empty_lines_are_skipped_but_counted(void **state)
{
    (void)state;
    struct recs got;
    read_text("\n\na,b\n\n\r\n1,2\n\n", &got);
    expect_lines(&got, 2, (const long[]){3, 6});
    expect_field(&got.r[1], 0, "1");
    recs_free(&got);
}

static void test_file_without_records_gives_none(void **state)
{
    (void)state;
    struct recs got;
    read_text("", &got);
    assert_int_equal(got.n, 0);
    recs_free(&got);
    read_text("\n\r\n\n", &got);
    assert_int_equal(got.n, 0);
    recs_free(&got);
}

/* csvin.c reads 256 KiB at a time: with a 5-byte header and 5-byte records,
 * the CR of record 52428 is the last byte of the first read and its LF the
 * first byte of the next. */
#define BOUNDARY_RECORDS 52427

static char *crlf_records(int before, const char *middle, int after, size_t *len)
{
    size_t mlen = strlen(middle);
    char *text = malloc(5 + (size_t)(before + after) * 5 + mlen + 1), *p = text;
    assert_non_null(text);
    memcpy(p, "a,b\r\n", 5), p += 5;
    for (int i = 0; i < before; i++)
        memcpy(p, "1,2\r\n", 5), p += 5;
    memcpy(p, middle, mlen), p += mlen;
    for (int i = 0; i < after; i++)
        memcpy(p, "1,2\r\n", 5), p += 5;
    *p = '\0';
    *len = (size_t)(p - text);
    return text;
}

static void test_crlf_split_between_reads_is_one_line_end(void **state)
{
    (void)state;
    struct recs got;
    size_t len;
    char *text = crlf_records(BOUNDARY_RECORDS, "1,2\r\n", 3, &len);
    assert_int_equal(text[262143], '\r');
    read_bytes(text, len, &got);
    assert_int_equal(got.n, 1 + BOUNDARY_RECORDS + 1 + 3);
    for (int k = 1; k < got.n; k++) {
        if (got.r[k].line != k + 1 || got.r[k].error || got.r[k].nfields != 2)
            fail_msg("record %d: line %ld, %d fields, error %s", k, got.r[k].line, got.r[k].nfields,
                     got.r[k].error ? got.r[k].error : "none");
        expect_field(&got.r[k], 1, "2");
        expect_raw(&got.r[k], "1,2");
    }
    recs_free(&got);
    free(text);
}

static void test_crlf_inside_quotes_split_between_reads_is_kept(void **state)
{
    (void)state;
    struct recs got;
    size_t len;
    char *text = crlf_records(BOUNDARY_RECORDS, "\"pp\r\nq\",3\r\n", 2, &len);
    assert_int_equal(text[262143], '\r');
    read_bytes(text, len, &got);
    assert_int_equal(got.n, 1 + BOUNDARY_RECORDS + 1 + 2);
    const struct rec *quoted = &got.r[1 + BOUNDARY_RECORDS];
    assert_int_equal(quoted->line, BOUNDARY_RECORDS + 2);
    expect_field(quoted, 0, "pp\r\nq");
    expect_field(quoted, 1, "3");
    expect_raw(quoted, "\"pp\r\nq\",3");
    assert_int_equal(got.r[got.n - 1].line, BOUNDARY_RECORDS + 5);
    recs_free(&got);
    free(text);
}

/* ---- raw text ---- */

static void test_raw_text_is_the_record_without_its_line_end(void **state)
{
    (void)state;
    struct recs got;
    read_text("a,b\r\n\"x\r\ny\",\"q\"\"q\"\r\n3,4\n", &got);
    assert_int_equal(got.n, 3);
    expect_raw(&got.r[0], "a,b");
    expect_raw(&got.r[1], "\"x\r\ny\",\"q\"\"q\"");
    expect_raw(&got.r[2], "3,4");
    recs_free(&got);
}

/* ---- start and end of the file ---- */

static void test_bom_is_skipped(void **state)
{
    (void)state;
    struct recs got;
    read_text("\xEF\xBB\xBF"
              "date,b\n1,2\n",
              &got);
    expect_lines(&got, 2, (const long[]){1, 2});
    expect_field(&got.r[0], 0, "date");
    expect_raw(&got.r[0], "date,b");
    recs_free(&got);
}

static void test_last_record_without_line_end_is_read(void **state)
{
    (void)state;
    struct recs got;
    read_text("a,b\n1,2\n3,\"4\"", &got);
    expect_lines(&got, 3, (const long[]){1, 2, 3});
    assert_null(got.r[2].error);
    expect_field(&got.r[2], 0, "3");
    expect_field(&got.r[2], 1, "4");
    expect_raw(&got.r[2], "3,\"4\"");
    recs_free(&got);
}

static void test_unterminated_quote_rejects_its_first_line_and_reading_goes_on(void **state)
{
    (void)state;
    struct recs got;
    read_text("a,b\n1,2\n3,\"open\nmore\n", &got);
    expect_lines(&got, 4, (const long[]){1, 2, 3, 4});
    assert_null(got.r[1].error);
    if (!got.r[2].error)
        fail_msg("unterminated quote on line 3 accepted: field 2 is \"%s\"", got.r[2].fields[1]);
    assert_string_equal(got.r[2].error, "unterminated quote");
    expect_raw(&got.r[2], "3,\"open");
    assert_null(got.r[3].error);
    expect_field(&got.r[3], 0, "more");
    recs_free(&got);
}

static void test_unterminated_quote_without_line_end_gives_one_error_record(void **state)
{
    (void)state;
    struct recs got;
    read_text("a,b\n3,\"open", &got);
    expect_lines(&got, 2, (const long[]){1, 2});
    if (!got.r[1].error)
        fail_msg("unterminated quote on line 2 accepted: field 2 is \"%s\"", got.r[1].fields[1]);
    expect_raw(&got.r[1], "3,\"open");
    recs_free(&got);
}

/* ---- caps ---- */

static char *long_line_file(size_t field_bytes, const char *before, const char *after, size_t *len)
{
    size_t nb = strlen(before), na = strlen(after);
    char *text = malloc(nb + field_bytes + na + 1);
    assert_non_null(text);
    memcpy(text, before, nb);
    memset(text + nb, 'x', field_bytes);
    memcpy(text + nb + field_bytes, after, na + 1);
    *len = nb + field_bytes + na;
    return text;
}

static void test_field_of_max_size_is_kept(void **state)
{
    (void)state;
    struct recs got;
    size_t len;
    char *text = long_line_file(CSVIN_MAX_FIELD, "a,b\n1,", "\n3,4\n", &len);
    read_bytes(text, len, &got);
    expect_lines(&got, 3, (const long[]){1, 2, 3});
    assert_null(got.r[1].error);
    assert_int_equal(got.r[1].lengths[1], CSVIN_MAX_FIELD);
    recs_free(&got);
    free(text);
}

static void test_field_over_max_size_is_an_error_and_reading_goes_on(void **state)
{
    (void)state;
    struct recs got;
    size_t len;
    char *text = long_line_file(CSVIN_MAX_FIELD + 1000, "a,b\n1,", "\n3,4\n", &len);
    read_bytes(text, len, &got);
    expect_lines(&got, 3, (const long[]){1, 2, 3});
    assert_non_null(got.r[1].error);
    assert_null(got.r[2].error);
    expect_field(&got.r[2], 0, "3");
    expect_field(&got.r[2], 1, "4");
    recs_free(&got);
    free(text);
}

/* The cap is CSVIN_MAX_FIELD bytes exactly, as csvin.h says. */
static void test_field_one_byte_over_max_size_is_an_error(void **state)
{
    (void)state;
    struct recs got;
    size_t len;
    char *text = long_line_file(CSVIN_MAX_FIELD + 1, "a,b\n1,", "\n3,4\n", &len);
    read_bytes(text, len, &got);
    expect_lines(&got, 3, (const long[]){1, 2, 3});
    if (!got.r[1].error)
        fail_msg("a field of %d bytes was kept (%zu bytes); expected an error", CSVIN_MAX_FIELD + 1,
                 got.r[1].lengths[1]);
    recs_free(&got);
    free(text);
}

static void test_quoted_field_over_max_size_is_an_error_and_reading_goes_on(void **state)
{
    (void)state;
    struct recs got;
    size_t len;
    char *text = long_line_file(CSVIN_MAX_FIELD + 1000, "a,b\n1,\"", "\"\n3,4\n", &len);
    read_bytes(text, len, &got);
    expect_lines(&got, 3, (const long[]){1, 2, 3});
    assert_non_null(got.r[1].error);
    assert_null(got.r[2].error);
    expect_field(&got.r[2], 1, "4");
    recs_free(&got);
    free(text);
}

static char *fields_line(int nfields)
{
    char *text = malloc((size_t)nfields * 2 + 8);
    assert_non_null(text);
    char *p = text;
    p += sprintf(p, "a\n");
    for (int i = 0; i < nfields; i++)
        *p++ = 'f', *p++ = i + 1 < nfields ? ',' : '\n';
    p += sprintf(p, "z\n");
    return text;
}

static void test_record_of_max_fields_is_kept(void **state)
{
    (void)state;
    struct recs got;
    char *text = fields_line(CSVIN_MAX_FIELDS);
    read_text(text, &got);
    expect_lines(&got, 3, (const long[]){1, 2, 3});
    assert_null(got.r[1].error);
    assert_int_equal(got.r[1].nfields, CSVIN_MAX_FIELDS);
    assert_int_equal(got.r[1].nfields_seen, CSVIN_MAX_FIELDS);
    recs_free(&got);
    free(text);
}

static void test_record_over_max_fields_is_an_error_and_reading_goes_on(void **state)
{
    (void)state;
    struct recs got;
    char *text = fields_line(CSVIN_MAX_FIELDS + 5);
    read_text(text, &got);
    expect_lines(&got, 3, (const long[]){1, 2, 3});
    assert_non_null(got.r[1].error);
    assert_string_equal(got.r[1].error, "too many fields");
    assert_int_equal(got.r[1].nfields, CSVIN_MAX_FIELDS);
    assert_int_equal(got.r[1].nfields_seen, CSVIN_MAX_FIELDS + 5);
    assert_null(got.r[2].error);
    expect_field(&got.r[2], 0, "z");
    recs_free(&got);
    free(text);
}

/* ---- stray and unterminated quotes ---- */

static void test_stray_quote_rejects_only_its_own_record(void **state)
{
    (void)state;
    struct recs got;
    static const char text[] = "a,b,c\n1,x,2\n3,\"b\"x,4\n5,y,6\n7,z,8\n";
    read_bytes_with(text, sizeof text - 1, NULL, 3, &got);
    expect_lines(&got, 5, (const long[]){1, 2, 3, 4, 5});
    assert_null(got.r[1].error);
    expect_error(&got.r[2], "unterminated quote");
    expect_raw(&got.r[2], "3,\"b\"x,4");
    for (int k = 3; k < 5; k++) {
        assert_null(got.r[k].error);
        assert_int_equal(got.r[k].nfields, 3);
    }
    expect_field(&got.r[3], 1, "y");
    expect_field(&got.r[4], 2, "8");
    recs_free(&got);
}

/* Here a later quote closes the stray one: the record then ends with
 * another field count than the header's. */
static void test_stray_quote_closed_later_to_wrong_field_count_is_resynchronized(void **state)
{
    (void)state;
    struct recs got;
    static const char text[] = "a,b,c\n4,\"b\"x,6\n7,8,9\n10,11,\"c\"\n12,13,14\n";
    read_bytes_with(text, sizeof text - 1, NULL, 3, &got);
    expect_lines(&got, 5, (const long[]){1, 2, 3, 4, 5});
    expect_error(&got.r[1], "unterminated quote");
    expect_raw(&got.r[1], "4,\"b\"x,6");
    assert_null(got.r[2].error);
    expect_field(&got.r[2], 0, "7");
    assert_null(got.r[3].error);
    expect_field(&got.r[3], 2, "c");
    assert_null(got.r[4].error);
    expect_field(&got.r[4], 2, "14");
    recs_free(&got);
}

static void test_stray_quote_closed_on_the_next_line_keeps_the_line_numbers(void **state)
{
    (void)state;
    struct recs got;
    static const char text[] = "a,b,c\n1,\"b\"x,3\n4,5,\"z\"\n6,7,8\n";
    read_bytes_with(text, sizeof text - 1, NULL, 3, &got);
    expect_lines(&got, 4, (const long[]){1, 2, 3, 4});
    expect_error(&got.r[1], "unterminated quote");
    expect_raw(&got.r[1], "1,\"b\"x,3");
    assert_null(got.r[2].error);
    expect_field(&got.r[2], 2, "z");
    expect_raw(&got.r[3], "6,7,8");
    recs_free(&got);
}

static void test_multiline_note_with_the_header_field_count_is_one_record(void **state)
{
    (void)state;
    struct recs got;
    static const char text[] = "a,b,note\n1,2,\"first\nsecond\r\nthird\"\n3,4,ok\n";
    read_bytes_with(text, sizeof text - 1, NULL, 3, &got);
    expect_lines(&got, 3, (const long[]){1, 2, 5});
    assert_null(got.r[1].error);
    expect_field(&got.r[1], 2, "first\nsecond\r\nthird");
    expect_raw(&got.r[1], "1,2,\"first\nsecond\r\nthird\"");
    expect_field(&got.r[2], 2, "ok");
    recs_free(&got);
}

#define BIG_ROWS 200000

/* An unterminated quote on line 3 of a 200k-row file: the quoted field
 * breaks the cap, runs to the end, and only line 3 is lost. */
static char *big_file_with_open_quote(size_t *len)
{
    size_t size = 64 + (size_t)BIG_ROWS * 16;
    char *text = malloc(size), *p = text;
    assert_non_null(text);
    p += sprintf(p, "a,b,c\n1,2,3\n4,\"open,6\n");
    for (int i = 0; i < BIG_ROWS; i++)
        p += sprintf(p, "%d,x,y\n", i);
    *len = (size_t)(p - text);
    return text;
}

static void expect_big_file_records(const struct recs *got)
{
    assert_int_equal(got->n, 3 + BIG_ROWS);
    expect_error(&got->r[2], "unterminated quote");
    expect_raw(&got->r[2], "4,\"open,6");
    assert_int_equal(got->r[2].line, 3);
    for (int k = 3; k < got->n; k++) {
        const struct rec *r = &got->r[k];
        if (r->error || r->line != k + 1 || r->nfields != 3)
            fail_msg("record %d: line %ld, %d fields, error %s", k, r->line, r->nfields,
                     r->error ? r->error : "none");
    }
    expect_field(&got->r[got->n - 1], 0, "199999");
}

static void test_unterminated_quote_in_a_large_file_loses_only_its_line(void **state)
{
    (void)state;
    struct recs got;
    size_t len;
    char *text = big_file_with_open_quote(&len);
    read_bytes_with(text, len, NULL, 3, &got);
    expect_big_file_records(&got);
    recs_free(&got);
    free(text);
}

/* Every one of these quotes is stray: none may swallow the lines after
 * it, and going back for each stays cheap. */
static void test_many_unterminated_quotes_each_lose_only_their_line(void **state)
{
    (void)state;
    enum { BAD = 20, FILLER = 1200 };
    char *text = malloc((size_t)BAD * (FILLER + 1) * 64 + 16), *p = text;
    assert_non_null(text);
    p += sprintf(p, "a,b\n");
    for (int i = 0; i < BAD; i++) {
        p += sprintf(p, "x,\"open %d\n", i);
        for (int j = 0; j < FILLER; j++)
            p += sprintf(p, "%d,filler filler filler filler filler filler filler\n", j);
    }
    struct recs got;
    read_bytes_with(text, (size_t)(p - text), NULL, 2, &got);
    assert_int_equal(got.n, 1 + BAD * (FILLER + 1));
    int errors = 0;
    for (int k = 0; k < got.n; k++) {
        if (got.r[k].line != k + 1) fail_msg("record %d on line %ld", k, got.r[k].line);
        if (got.r[k].error) {
            expect_error(&got.r[k], "unterminated quote");
            assert_int_equal((k - 1) % (FILLER + 1), 0);
            errors++;
        }
    }
    assert_int_equal(errors, BAD);
    recs_free(&got);
    free(text);
}

static void test_field_over_cap_in_closed_quotes_stays_one_record(void **state)
{
    (void)state;
    struct recs got;
    size_t len;
    char *text = long_line_file(CSVIN_MAX_FIELD + 1000, "a,b\n1,\"x\n", "\n1,2\n\"\n3,4\n", &len);
    read_bytes_with(text, len, NULL, 2, &got);
    expect_lines(&got, 3, (const long[]){1, 2, 6});
    expect_error(&got.r[1], "field longer than the limit of 64 KiB");
    assert_null(got.r[2].error);
    recs_free(&got);
    free(text);
}

/* ---- UTF-16 ---- */

/* ASCII text as UTF-16 with its BOM; big_endian picks the order. */
static char *utf16(const char *text, size_t tlen, int big_endian, size_t *len)
{
    char *out = malloc(2 + 2 * tlen), *p = out;
    assert_non_null(out);
    *p++ = big_endian ? '\xFE' : '\xFF';
    *p++ = big_endian ? '\xFF' : '\xFE';
    for (size_t i = 0; i < tlen; i++) {
        *p++ = big_endian ? 0 : text[i];
        *p++ = big_endian ? text[i] : 0;
    }
    *len = (size_t)(p - out);
    return out;
}

static void test_utf16le_is_read_as_utf8(void **state)
{
    (void)state;
    struct recs got;
    /* "date,名\r\n1,\"李\n雷\"\r\n" in UTF-16LE */
    static const char text[] = "\xFF\xFE"
                               "d\0a\0t\0e\0,\0\x0D\x54\r\0\n\0"
                               "1\0,\0\"\0\x4E\x67\n\0\xF7\x96\"\0\r\0\n\0";
    assert_int_equal(read_bytes_with(text, sizeof text - 1, NULL, 2, &got), 1);
    expect_lines(&got, 2, (const long[]){1, 2});
    expect_field(&got.r[0], 1, "\xE5\x90\x8D");
    expect_raw(&got.r[0], "date,\xE5\x90\x8D");
    assert_null(got.r[1].error);
    expect_field(&got.r[1], 1, "\xE6\x9D\x8E\n\xE9\x9B\xB7");
    recs_free(&got);
}

static void test_utf16be_is_read_as_utf8(void **state)
{
    (void)state;
    struct recs got;
    size_t len;
    char *text = utf16("a,b\n1,2\n", 8, 1, &len);
    assert_int_equal(read_bytes_with(text, len, NULL, 0, &got), 2);
    expect_lines(&got, 2, (const long[]){1, 2});
    expect_field(&got.r[1], 1, "2");
    expect_raw(&got.r[1], "1,2");
    recs_free(&got);
    free(text);
}

static void test_utf16_bad_surrogate_is_an_error_of_its_record_only(void **state)
{
    (void)state;
    struct recs got;
    /* a,b / 1,<lone high surrogate>x / 3,4 */
    static const char text[] = "\xFF\xFE"
                               "a\0,\0b\0\n\0"
                               "1\0,\0\x00\xD8x\0\n\0"
                               "3\0,\0"
                               "4\0\n\0";
    read_bytes_with(text, sizeof text - 1, NULL, 2, &got);
    expect_lines(&got, 3, (const long[]){1, 2, 3});
    assert_null(got.r[0].error);
    expect_error(&got.r[1], "bytes that are not valid UTF-16");
    assert_null(got.r[2].error);
    expect_field(&got.r[2], 1, "4");
    recs_free(&got);
}

static void test_utf16_odd_trailing_byte_is_an_error_of_the_last_record(void **state)
{
    (void)state;
    struct recs got;
    static const char text[] = "\xFE\xFF\0a\0,\0b\0\n\0"
                               "1\0,\0"
                               "2\0";
    read_bytes_with(text, sizeof text - 1, NULL, 2, &got);
    expect_lines(&got, 2, (const long[]){1, 2});
    assert_null(got.r[0].error);
    expect_error(&got.r[1], "bytes that are not valid UTF-16");
    recs_free(&got);
}

/* Going back after a cap in UTF-16 converts the file again from its start. */
static void test_utf16_unterminated_quote_in_a_large_file_loses_only_its_line(void **state)
{
    (void)state;
    struct recs got;
    size_t len, wlen;
    char *text = big_file_with_open_quote(&len);
    char *wide = utf16(text, len, 0, &wlen);
    assert_int_equal(read_bytes_with(wide, wlen, NULL, 3, &got), 1);
    expect_big_file_records(&got);
    recs_free(&got);
    free(wide);
    free(text);
}

/* ---- options and the descriptor ---- */

static void test_delimiter_option_sets_the_separator(void **state)
{
    (void)state;
    static const char delimiters[] = {';', '\t', '|'};
    for (size_t d = 0; d < sizeof delimiters; d++) {
        char text[64];
        char c = delimiters[d];
        int len = snprintf(text, sizeof text, "a%cb%cc\n1%c\"x%cy\"%c3\n", c, c, c, c, c);
        struct csvin_options options = {c, 0, 0};
        struct recs got;
        read_bytes_with(text, (size_t)len, &options, 3, &got);
        expect_lines(&got, 2, (const long[]){1, 2});
        assert_int_equal(got.r[1].nfields, 3);
        char want[4] = {'x', c, 'y', '\0'};
        expect_field(&got.r[1], 1, want);
        recs_free(&got);
    }
}

static void test_max_lines_stops_after_that_many_lines(void **state)
{
    (void)state;
    struct csvin_options options = {0, 2, 0};
    struct recs got;
    static const char text[] = "title\na,b\n1,2\n3,4\n";
    read_bytes_with(text, sizeof text - 1, &options, 0, &got);
    expect_lines(&got, 2, (const long[]){1, 2});
    expect_field(&got.r[1], 1, "b");
    recs_free(&got);
}

static void test_open_fd_reads_from_the_start_and_leaves_fd_open(void **state)
{
    (void)state;
    char path[64], err[256];
    int fd = temp_file("a,b\n1,2\n", 8, path); /* its offset is at the end */
    struct recs got = {0};
    struct csvin *in = csvin_open_fd(fd, NULL, err, sizeof err);
    assert_non_null(in);
    assert_int_equal(csvin_read(in, collect, &got, err, sizeof err), 0);
    csvin_close(in);
    expect_lines(&got, 2, (const long[]){1, 2});
    assert_int_equal(csvin_utf16(in = csvin_open_fd(fd, NULL, err, sizeof err)), 0);
    csvin_close(in);
    assert_int_equal(lseek(fd, 0, SEEK_SET), 0); /* still open */
    assert_int_equal(close(fd), 0);
    unlink(path);
    recs_free(&got);
}

/* ---- raw text of a long record ---- */

static void test_raw_text_of_a_long_record_is_its_first_max_record_bytes(void **state)
{
    (void)state;
    struct recs got;
    size_t len;
    char *text = long_line_file(CSVIN_MAX_RECORD + 100, "a,b\n1,", "\n3,4\n", &len);
    read_bytes(text, len, &got);
    expect_lines(&got, 3, (const long[]){1, 2, 3});
    assert_non_null(got.r[1].error);
    assert_int_equal(got.r[1].raw_length, CSVIN_MAX_RECORD);
    assert_memory_equal(got.r[1].raw, "1,xxx", 5);
    expect_raw(&got.r[2], "3,4");
    recs_free(&got);
    free(text);
}

/* ---- bytes ---- */

static void test_nul_bytes_inside_a_field_are_kept_and_an_error(void **state)
{
    (void)state;
    struct recs got;
    static const char text[] = "a,b\nx\0y,\"p\0q\0\"\n";
    read_bytes(text, sizeof text - 1, &got);
    assert_int_equal(got.n, 2);
    assert_int_equal(got.r[1].lengths[0], 3);
    assert_memory_equal(got.r[1].fields[0], "x\0y", 3);
    assert_int_equal(got.r[1].lengths[1], 4);
    assert_memory_equal(got.r[1].fields[1], "p\0q\0", 4);
    assert_non_null(got.r[1].error);
    assert_string_equal(got.r[1].error, "NUL byte in a field");
    assert_null(got.r[0].error);
    recs_free(&got);
}

static void test_fields_are_nul_terminated(void **state)
{
    (void)state;
    struct recs got;
    read_text("a,,\"\"\n", &got);
    assert_int_equal(got.n, 1);
    assert_int_equal(got.r[0].nfields, 3);
    expect_field(&got.r[0], 0, "a");
    expect_field(&got.r[0], 1, "");
    expect_field(&got.r[0], 2, "");
    recs_free(&got);
}

/* ---- the interface ---- */

static int stop_at_second(const struct csvin_record *record, void *data)
{
    int *seen = data;
    (void)record;
    return ++*seen == 2;
}

static void test_callback_can_stop_the_reading(void **state)
{
    (void)state;
    char path[] = "/tmp/funnel-test-csvin-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "a\nb\nc\n", 6), 6);
    close(fd);
    char err[256];
    int seen = 0;
    struct csvin *in = csvin_open(path, err, sizeof err);
    assert_non_null(in);
    assert_int_equal(csvin_read(in, stop_at_second, &seen, err, sizeof err), 1);
    assert_int_equal(seen, 2);
    csvin_close(in);
    unlink(path);
}

static void test_open_missing_file_fails_with_reason(void **state)
{
    (void)state;
    char err[256] = "";
    assert_null(csvin_open("/nonexistent/funnel/none.csv", err, sizeof err));
    assert_true(strlen(err) > 0);
    csvin_close(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spectrum_comma_in_quotes),
        cmocka_unit_test(test_spectrum_empty),
        cmocka_unit_test(test_spectrum_empty_crlf),
        cmocka_unit_test(test_spectrum_escaped_quotes),
        cmocka_unit_test(test_spectrum_json),
        cmocka_unit_test(test_spectrum_newlines),
        cmocka_unit_test(test_spectrum_newlines_crlf),
        cmocka_unit_test(test_spectrum_quotes_and_newlines),
        cmocka_unit_test(test_spectrum_simple),
        cmocka_unit_test(test_spectrum_simple_crlf),
        cmocka_unit_test(test_spectrum_utf8),
        cmocka_unit_test(test_spectrum_location_coordinates_reads_without_error),
        cmocka_unit_test(test_multiline_field_reports_its_first_line),
        cmocka_unit_test(test_crlf_line_ends_count_one_line_each),
        cmocka_unit_test(test_lone_cr_line_ends_count_one_line_each),
        cmocka_unit_test(test_lone_cr_inside_quotes_of_an_lf_file_is_not_a_line),
        cmocka_unit_test(test_empty_lines_are_skipped_but_counted),
        cmocka_unit_test(test_file_without_records_gives_none),
        cmocka_unit_test(test_crlf_split_between_reads_is_one_line_end),
        cmocka_unit_test(test_crlf_inside_quotes_split_between_reads_is_kept),
        cmocka_unit_test(test_raw_text_is_the_record_without_its_line_end),
        cmocka_unit_test(test_bom_is_skipped),
        cmocka_unit_test(test_last_record_without_line_end_is_read),
        cmocka_unit_test(test_unterminated_quote_rejects_its_first_line_and_reading_goes_on),
        cmocka_unit_test(test_unterminated_quote_without_line_end_gives_one_error_record),
        cmocka_unit_test(test_field_of_max_size_is_kept),
        cmocka_unit_test(test_field_over_max_size_is_an_error_and_reading_goes_on),
        cmocka_unit_test(test_field_one_byte_over_max_size_is_an_error),
        cmocka_unit_test(test_quoted_field_over_max_size_is_an_error_and_reading_goes_on),
        cmocka_unit_test(test_record_of_max_fields_is_kept),
        cmocka_unit_test(test_record_over_max_fields_is_an_error_and_reading_goes_on),
        cmocka_unit_test(test_stray_quote_rejects_only_its_own_record),
        cmocka_unit_test(test_stray_quote_closed_later_to_wrong_field_count_is_resynchronized),
        cmocka_unit_test(test_stray_quote_closed_on_the_next_line_keeps_the_line_numbers),
        cmocka_unit_test(test_multiline_note_with_the_header_field_count_is_one_record),
        cmocka_unit_test(test_unterminated_quote_in_a_large_file_loses_only_its_line),
        cmocka_unit_test(test_many_unterminated_quotes_each_lose_only_their_line),
        cmocka_unit_test(test_field_over_cap_in_closed_quotes_stays_one_record),
        cmocka_unit_test(test_utf16le_is_read_as_utf8),
        cmocka_unit_test(test_utf16be_is_read_as_utf8),
        cmocka_unit_test(test_utf16_bad_surrogate_is_an_error_of_its_record_only),
        cmocka_unit_test(test_utf16_odd_trailing_byte_is_an_error_of_the_last_record),
        cmocka_unit_test(test_utf16_unterminated_quote_in_a_large_file_loses_only_its_line),
        cmocka_unit_test(test_delimiter_option_sets_the_separator),
        cmocka_unit_test(test_max_lines_stops_after_that_many_lines),
        cmocka_unit_test(test_open_fd_reads_from_the_start_and_leaves_fd_open),
        cmocka_unit_test(test_raw_text_of_a_long_record_is_its_first_max_record_bytes),
        cmocka_unit_test(test_nul_bytes_inside_a_field_are_kept_and_an_error),
        cmocka_unit_test(test_fields_are_nul_terminated),
        cmocka_unit_test(test_callback_can_stop_the_reading),
        cmocka_unit_test(test_open_missing_file_fails_with_reason),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
