/* cmd_import.c - the import and rejects commands: options, the per-file
 * summary (text or JSON) and the quarantine listing. */
#include "cli.h"
#include "db.h"
#include "import.h"
#include "jsonw.h"
#include "output.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void summary_text(const struct import_summary *s, FILE *fp)
{
    if (s->fatal[0]) return;
    fprintf(fp,
            "%s: read %ld, imported %ld, duplicates %ld, rejected %ld, warnings %ld (%s, %s%s)\n",
            s->file, s->read, s->imported, s->duplicates, s->rejected, s->warnings,
            kind_name(s->kind), encoding_name(s->encoding), s->known ? ", imported before" : "");
    for (int i = 0; i < s->nrejects; i++)
        fprintf(fp, "  %s\n", s->rejects[i]);
    if (s->rejected > s->nrejects)
        fprintf(fp, "  ... and %ld more: funnel rejects\n", s->rejected - s->nrejects);
    for (int i = 0; i < s->nwarned; i++)
        fprintf(fp, "  %s\n", s->warned[i]);
    if (s->warnings > s->nwarned)
        fprintf(fp, "  ... and %ld more warnings\n", s->warnings - s->nwarned);
}

static void summary_json(struct jsonw *w, const struct import_summary *s)
{
    jsonw_object_begin(w);
    jsonw_key(w, "file");
    jsonw_string(w, s->file);
    jsonw_key(w, "kind");
    jsonw_string(w, kind_name(s->kind));
    jsonw_key(w, "encoding");
    jsonw_string(w, encoding_name(s->encoding));
    const char *names[] = {"read", "imported", "duplicates", "rejected", "warnings"};
    const long values[] = {s->read, s->imported, s->duplicates, s->rejected, s->warnings};
    for (int i = 0; i < 5; i++) {
        jsonw_key(w, names[i]);
        jsonw_int(w, values[i]);
    }
    jsonw_key(w, "known");
    jsonw_int(w, s->known);
    jsonw_key(w, "error");
    jsonw_string(w, s->fatal[0] ? s->fatal : NULL);
    jsonw_key(w, "rejects");
    jsonw_array_begin(w);
    for (int i = 0; i < s->nrejects; i++)
        jsonw_string(w, s->rejects[i]);
    jsonw_array_end(w);
    jsonw_object_end(w);
}

int cli_import(const struct cli *cli)
{
    struct import_options options = {KIND_UNKNOWN, ENCODING_AUTO, NULL};
    const char *format = "text";
    int missing = 0, nfiles = 0, status = 0;
    char **files = calloc((size_t)cli->argc, sizeof *files);

    if (!files) return 1;
    for (int i = 1; i < cli->argc; i++) {
        const char *value;
        if ((value = cli_option(cli->argv, cli->argc, &i, "--kind", &missing))) {
            options.kind = kind_parse(value);
            if (options.kind == KIND_UNKNOWN) {
                cli_error("--kind must be visits or calls, not '%s'", value);
                free(files);
                return 1;
            }
        } else if ((value = cli_option(cli->argv, cli->argc, &i, "--encoding", &missing))) {
            int enc = encoding_parse(value);
            if (enc < 0) {
                cli_error("--encoding must be auto, utf-8 or gb18030, not '%s'", value);
                free(files);
                return 1;
            }
            options.encoding = (enum encoding)enc;
        } else if ((value = cli_option(cli->argv, cli->argc, &i, "--format", &missing))) {
            format = value;
        } else if (missing || (cli->argv[i][0] == '-' && cli->argv[i][1])) {
            cli_error(missing ? "option %s needs a value" : "unknown import option %s",
                      cli->argv[i]);
            free(files);
            return 1;
        } else {
            files[nfiles++] = cli->argv[i];
        }
    }
    int json = strcmp(format, "json") == 0;
    if (!json && strcmp(format, "text") != 0) {
        cli_error("--format for import must be text or json, not '%s'", format);
        free(files);
        return 1;
    }
    if (nfiles == 0) {
        cli_error("import: no file given (funnel import --help)");
        free(files);
        return 1;
    }
    char err[512];
    sqlite3 *db = db_open(cli->db_path, err, sizeof err);
    if (!db) {
        cli_error("%s", err);
        free(files);
        return 1;
    }
    if (isatty(STDERR_FILENO)) options.progress = stderr;

    struct import_summary *s = malloc(sizeof *s);
    struct jsonw w;
    if (json) {
        jsonw_init(&w, stdout);
        jsonw_object_begin(&w);
        jsonw_key(&w, "files");
        jsonw_array_begin(&w);
    }
    for (int f = 0; s && f < nfiles; f++) {
        if (import_file(db, files[f], &options, s) != 0) {
            cli_error("%s", s->fatal);
            status = 1;
        } else if (s->rejected > 0 && status == 0) {
            status = EXIT_REJECTS;
        }
        if (json)
            summary_json(&w, s);
        else
            summary_text(s, stdout);
    }
    if (json) {
        jsonw_array_end(&w);
        jsonw_object_end(&w);
        jsonw_finish(&w);
    }
    if (!s) status = 1;
    free(s);
    free(files);
    db_close(db);
    return status;
}

int cli_rejects(const struct cli *cli)
{
    const char *format = "text";
    int missing = 0;
    for (int i = 1; i < cli->argc; i++) {
        const char *value = cli_option(cli->argv, cli->argc, &i, "--format", &missing);
        if (value) {
            format = value;
            continue;
        }
        cli_error(missing ? "option %s needs a value" : "unknown rejects option %s", cli->argv[i]);
        return 1;
    }
    int csv = strcmp(format, "csv") == 0;
    if (!csv && strcmp(format, "text") != 0) {
        cli_error("--format for rejects must be text or csv, not '%s'", format);
        return 1;
    }
    char err[512];
    sqlite3 *db = db_open_existing(cli->db_path, err, sizeof err);
    if (!db) {
        cli_error("%s", err);
        return 1;
    }
    sqlite3_stmt *st =
        db_prepare(db,
                   "SELECT q.file, q.line, q.reason, q.raw FROM quarantine q"
                   " WHERE q.import_id = (SELECT max(i.id) FROM imports i"
                   "                      WHERE i.file = q.file AND i.same_as IS NULL)"
                   " ORDER BY q.file, q.line",
                   err, sizeof err);
    if (!st) {
        cli_error("%s", err);
        db_close(db);
        return 1;
    }
    if (csv) {
        output_csv_bom(stdout);
        output_csv_row(stdout, (const char *[]){"file", "line", "reason", "raw"}, 4);
    }
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *file = (const char *)sqlite3_column_text(st, 0);
        const char *line = (const char *)sqlite3_column_text(st, 1);
        const char *reason = (const char *)sqlite3_column_text(st, 2);
        const char *raw = (const char *)sqlite3_column_text(st, 3);
        if (csv)
            output_csv_row(stdout, (const char *[]){file, line, reason, raw}, 4);
        else
            printf("%s:%s: %s\n    %s\n", file, line, reason, raw);
    }
    sqlite3_finalize(st);
    db_close(db);
    return 0;
}
