/* testutil.h - helpers for the cmocka test programs: running the built
 * funnel binary, reading values out of its JSON with SQLite's json_extract,
 * and querying a database. Tests run from the tests/ directory. */
#ifndef FUNNEL_TESTUTIL_H
#define FUNNEL_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "textfile.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* The binary under test. A command line that starts with it runs
 * $FUNNEL_BIN instead when that is set (make check-sanitize sets it to the
 * sanitizer build). */
#define TU_FUNNEL "../funnel"

/* Runs a shell command line; returns its exit status (or -1) and, when out is
 * not NULL, its standard output as a malloc'd string the caller frees. */
static inline int tu_run(const char *cmdline, char **out)
{
    char swapped[8192];
    const char *bin = getenv("FUNNEL_BIN");
    size_t prefix = strlen(TU_FUNNEL);
    if (bin && *bin && strncmp(cmdline, TU_FUNNEL, prefix) == 0 &&
        (cmdline[prefix] == ' ' || cmdline[prefix] == '\0')) {
        snprintf(swapped, sizeof swapped, "%s%s", bin, cmdline + prefix);
        cmdline = swapped;
    }
    FILE *fp = popen(cmdline, "r");
    if (!fp) return -1;
    size_t size = 4096, used = 0, n;
    char *buf = malloc(size);
    while (buf && (n = fread(buf + used, 1, size - used - 1, fp)) > 0) {
        used += n;
        if (size - used < 2) {
            char *bigger = realloc(buf, size * 2);
            if (!bigger) break;
            buf = bigger;
            size *= 2;
        }
    }
    if (buf) buf[used] = '\0';
    int status = pclose(fp);
    if (out)
        *out = buf;
    else
        free(buf);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* printf-style tu_run. */
static inline int tu_runf(char **out, const char *fmt, ...)
{
    char cmd[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    return tu_run(cmd, out);
}

/* Evaluates an SQL expression with one text parameter ?1 = json, in an
 * in-memory database; returns the result as a malloc'd string ("" for NULL;
 * the caller frees). */
static inline char *tu_json_eval(const char *json, const char *expr)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    char sql[1024], *result = NULL;
    snprintf(sql, sizeof sql, "SELECT %s", expr);
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("bad test expression %s: %s", expr, sqlite3_errmsg(db));
    sqlite3_bind_text(st, 1, json, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) {
        const char *text = (const char *)sqlite3_column_text(st, 0);
        result = strdup(text ? text : "");
    } else {
        fail_msg("expression %s gave no row: %s", expr, sqlite3_errmsg(db));
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return result;
}

/* The integer at a JSON path ("$.files[0].read"); fails the test when the
 * document is not JSON or the path holds no number. */
static inline long long tu_json_int(const char *json, const char *path)
{
    char expr[512];
    snprintf(expr, sizeof expr, "json_type(?1, '%s') IN ('integer', 'real')", path);
    char *ok = tu_json_eval(json, expr);
    if (strcmp(ok, "1") != 0) fail_msg("no number at %s in:\n%s", path, json);
    free(ok);
    snprintf(expr, sizeof expr, "json_extract(?1, '%s')", path);
    char *text = tu_json_eval(json, expr);
    long long value = atoll(text);
    free(text);
    return value;
}

/* The value at a JSON path as text (malloc'd; "" for null or absent). */
static inline char *tu_json_text(const char *json, const char *path)
{
    char expr[512];
    snprintf(expr, sizeof expr, "json_extract(?1, '%s')", path);
    return tu_json_eval(json, expr);
}

/* The number at a JSON path, within tolerance of want; fails the test when
 * the path holds no number or another one. */
static inline void tu_expect_real(const char *json, const char *path, double want, double tolerance)
{
    char expr[512];
    snprintf(expr, sizeof expr, "json_type(?1, '%s') IN ('integer', 'real')", path);
    char *ok = tu_json_eval(json, expr);
    if (strcmp(ok, "1") != 0) fail_msg("no number at %s (want %g) in:\n%s", path, want, json);
    free(ok);
    char *text = tu_json_text(json, path);
    double got = strtod(text, NULL);
    free(text);
    if (got < want - tolerance || got > want + tolerance)
        fail_msg("%s is %.6f; expected %.6f in:\n%s", path, got, want, json);
}

/* The index of the element of the array at path whose field is value, or
 * fail. */
static inline int tu_find_row(const char *json, const char *array, const char *field,
                              const char *value)
{
    char path[256], expr[512];
    snprintf(expr, sizeof expr, "json_array_length(?1, '%s')", array);
    char *len = tu_json_eval(json, expr);
    long long n = atoll(len);
    free(len);
    for (int i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s[%d].%s", array, i, field);
        char *got = tu_json_text(json, path);
        int same = strcmp(got, value) == 0;
        free(got);
        if (same) return i;
    }
    fail_msg("no element of %s with %s = '%s' in:\n%s", array, field, value, json);
    return -1;
}

/* "$.array[i].field" of the row whose key_field is key, or fail (a static
 * buffer, valid until the next call). */
static inline const char *tu_row_path(const char *json, const char *array, const char *key_field,
                                      const char *key, const char *field)
{
    static char path[256];
    int i = tu_find_row(json, array, key_field, key);
    snprintf(path, sizeof path, "%s[%d].%s", array, i, field);
    return path;
}

/* The first column of the first row of sql on the database at path, as an
 * integer (0 when NULL). */
static inline long long tu_query_int(const char *db_path, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    long long value = 0;
    assert_int_equal(sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("bad query %s: %s", sql, sqlite3_errmsg(db));
    if (sqlite3_step(st) == SQLITE_ROW) value = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return value;
}

/* The whole file at path (malloc'd; its length in *size when size is not
 * NULL); fails the test when it cannot be read. */
static inline char *tu_read_file(const char *path, size_t *size)
{
    char err[512];
    char *text = textfile_read(path, (size_t)256 << 20, size, err, sizeof err);
    if (!text) fail_msg("cannot read %s", err);
    return text;
}

/* printf-style tu_query_int; %q and %Q quote as in sqlite3_mprintf. */
static inline long long tu_db_int(const char *db, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *sql = sqlite3_vmprintf(fmt, ap);
    va_end(ap);
    long long value = tu_query_int(db, sql);
    sqlite3_free(sql);
    return value;
}

/* The first column of the first row of a printf-style query, as malloc'd
 * text ("(null)" when there is no row or it is NULL). */
static inline char *tu_db_text(const char *db_path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *sql = sqlite3_vmprintf(fmt, ap);
    va_end(ap);
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    char *result = NULL;
    assert_int_equal(sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("bad query %s: %s", sql, sqlite3_errmsg(db));
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        result = strdup((const char *)sqlite3_column_text(st, 0));
    else
        result = strdup("(null)");
    sqlite3_finalize(st);
    sqlite3_close(db);
    sqlite3_free(sql);
    return result;
}

/* A fresh temporary database path for one test (removed first). */
static inline void tu_fresh_db(char *path, size_t size, const char *name)
{
    snprintf(path, size, "/tmp/funnel-test-%d-%s.db", (int)getpid(), name);
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "rm -f '%s' '%s-wal' '%s-shm' '%s-journal'", path, path, path, path);
    if (system(cmd) != 0) fail_msg("cannot remove %s", path);
}

/* A fresh database called name (its path into db) holding files, imported
 * with every row accepted; fails the test otherwise. */
static inline void tu_import_files(char *db, size_t size, const char *name, const char *files)
{
    tu_fresh_db(db, size, name);
    char *out = NULL;
    int status = tu_runf(&out, TU_FUNNEL " --db '%s' import %s 2>&1", db, files);
    if (status != 0) fail_msg("import %s exited %d:\n%s", files, status, out);
    free(out);
}

/* `funnel --db DB report ARGS --format json`: its output (malloc'd); fails
 * the test unless it exits 0. */
static inline char *tu_report_json(const char *db, const char *args)
{
    char *json = NULL;
    int status =
        tu_runf(&json, TU_FUNNEL " --db '%s' report %s --format json 2>/dev/null", db, args);
    if (status != 0) fail_msg("funnel report %s exited %d:\n%s", args, status, json ? json : "");
    return json;
}

/* Fails unless the number at path is want. */
static inline void tu_expect_int(const char *json, const char *path, long long want)
{
    long long got = tu_json_int(json, path);
    if (got != want) fail_msg("%s is %lld; expected %lld in:\n%s", path, got, want, json);
}

/* Fails unless the text at path is want ("" for null or absent). */
static inline void tu_expect_text(const char *json, const char *path, const char *want)
{
    char *got = tu_json_text(json, path);
    if (strcmp(got, want) != 0)
        fail_msg("%s is '%s'; expected '%s' in:\n%s", path, got, want, json);
    free(got);
}

/* Fails unless path holds JSON null. */
static inline void tu_expect_null(const char *json, const char *path)
{
    char expr[512];
    snprintf(expr, sizeof expr, "json_type(?1, '%s')", path);
    char *type = tu_json_eval(json, expr);
    if (strcmp(type, "null") != 0) fail_msg("%s is %s; expected null in:\n%s", path, type, json);
    free(type);
}

/* The length of the JSON array at path. */
static inline long long tu_array_length(const char *json, const char *path)
{
    char expr[512];
    snprintf(expr, sizeof expr, "json_array_length(?1, '%s')", path);
    char *len = tu_json_eval(json, expr);
    long long n = atoll(len);
    free(len);
    return n;
}

#endif
