/* cmd_import.c - the import and rejects commands: options, the per-file
 * summary (text or JSON) and the quarantine listing. */
#include "cli.h"
#include "db.h"
#include "i18n.h"
#include "import.h"
#include "jsonw.h"
#include "output.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Prints the columns of the header and the field each feeds. */
static void columns_text(const struct import_summary *s, FILE *fp)
{
    fprintf(fp, _("  columns:"));
    for (int i = 0; i < s->ncolumns; i++)
        output_terminal_printf(fp, "%s %s -> %s", i ? "," : "", s->columns[i][0],
                               s->columns[i][1][0] ? s->columns[i][1] : _("(ignored)"));
    fprintf(fp, "\n");
}

/* The separator as a person names it. */
static const char *delimiter_name(char delimiter)
{
    return delimiter == '\t' ? "tab" : delimiter == ';' ? ";" : delimiter == '|' ? "|" : ",";
}

/* Prints how each field of a fixed vocabulary read (inspect). */
static void fields_text(const struct import_summary *s, FILE *fp)
{
    for (int f = 0; f < s->nfields; f++) {
        const struct import_field *field = &s->fields[f];
        fprintf(fp, _("  %-12s %5.1f%% of %ld values understood"), field->name,
                100.0 * (double)field->understood / (double)field->values, field->values);
        for (int k = 0; k < field->nnot_read; k++)
            output_terminal_printf(fp, "%s '%s' (%ld)", k ? "," : _("; not:"), field->not_read[k].text,
                                   field->not_read[k].count);
        fputc('\n', fp);
    }
}

static void summary_text(const struct import_summary *s, int inspect, FILE *fp)
{
    if (s->fatal[0]) return;
    output_terminal_printf(
        fp,
        _("%s: read %ld, %s %ld, duplicates %ld, rejected %ld, skipped %ld, warnings %ld"
        " (%s, %s%s)\n"),
        s->file, s->read, inspect ? _("would import") : _("imported"), s->imported, s->duplicates,
        s->rejected, s->skipped, s->warnings, kind_name(s->kind), encoding_name(s->encoding),
        s->known ? _(", imported before") : "");
    if (!s->known && (inspect || s->title_lines || s->delimiter != ',')) {
        fprintf(fp, _("  header on line %ld"), s->header_line);
        if (s->title_lines) fprintf(fp, _(" (%ld lines above it skipped)"), s->title_lines);
        fprintf(fp, _(", separator '%s'\n"), delimiter_name(s->delimiter));
    }
    if (inspect) columns_text(s, fp);
    if (inspect) fields_text(s, fp);
    if (s->excel_phones > 0)
        fprintf(fp,
                _("  %ld phones were stored by Excel as numbers and lost their digits: export the"
                " phone column as text\n"),
                s->excel_phones);
    if (s->advice[0]) output_terminal_printf(fp, "  %s\n", s->advice);
    for (int i = 0; i < s->nrejects; i++)
        output_terminal_printf(fp, "  %s\n", s->rejects[i]);
    if (s->rejected > s->nrejects)
        fprintf(fp, _("  ... and %ld more%s\n"), s->rejected - s->nrejects,
                inspect ? "" : _(": funnel rejects"));
    for (int i = 0; i < s->nwarned; i++)
        output_terminal_printf(fp, "  %s\n", s->warned[i]);
    if (s->warnings > s->nwarned)
        fprintf(fp, _("  ... and %ld more warnings\n"), s->warnings - s->nwarned);
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
    const char *names[] = {"read",    "imported", "duplicates",  "rejected",
                           "skipped", "warnings", "excel_phones"};
    const long values[] = {s->read,    s->imported, s->duplicates,  s->rejected,
                           s->skipped, s->warnings, s->excel_phones};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        jsonw_key(w, names[i]);
        jsonw_int(w, values[i]);
    }
    jsonw_key(w, "known");
    jsonw_int(w, s->known);
    if (!s->known) {
        jsonw_key(w, "delimiter");
        jsonw_string(w, s->delimiter == '\t' ? "\t" : delimiter_name(s->delimiter));
        jsonw_key(w, "header_line");
        jsonw_int(w, s->header_line);
        jsonw_key(w, "title_lines");
        jsonw_int(w, s->title_lines);
    }
    jsonw_key(w, "error");
    jsonw_string(w, s->fatal[0] ? s->fatal : NULL);
    jsonw_key(w, "rejects");
    jsonw_array_begin(w);
    for (int i = 0; i < s->nrejects; i++)
        jsonw_string(w, s->rejects[i]);
    jsonw_array_end(w);
    jsonw_key(w, "columns");
    jsonw_array_begin(w);
    for (int i = 0; i < s->ncolumns; i++) {
        jsonw_object_begin(w);
        jsonw_key(w, "column");
        jsonw_string(w, s->columns[i][0]);
        jsonw_key(w, "field");
        jsonw_string(w, s->columns[i][1][0] ? s->columns[i][1] : NULL);
        jsonw_object_end(w);
    }
    jsonw_array_end(w);
    if (s->nfields) {
        jsonw_key(w, "fields");
        jsonw_array_begin(w);
        for (int f = 0; f < s->nfields; f++) {
            const struct import_field *field = &s->fields[f];
            jsonw_object_begin(w);
            jsonw_key(w, "field");
            jsonw_string(w, field->name);
            jsonw_key(w, "values");
            jsonw_int(w, field->values);
            jsonw_key(w, "understood");
            jsonw_int(w, field->understood);
            jsonw_key(w, "not_understood");
            jsonw_array_begin(w);
            for (int k = 0; k < field->nnot_read; k++) {
                jsonw_object_begin(w);
                jsonw_key(w, "value");
                jsonw_string(w, field->not_read[k].text);
                jsonw_key(w, "count");
                jsonw_int(w, field->not_read[k].count);
                jsonw_object_end(w);
            }
            jsonw_array_end(w);
            jsonw_object_end(w);
        }
        jsonw_array_end(w);
    }
    jsonw_key(w, "messages");
    jsonw_array_begin(w);
    for (int i = 0; i < s->nmessages; i++) {
        jsonw_object_begin(w);
        jsonw_key(w, "line");
        jsonw_int(w, s->messages[i].line);
        jsonw_key(w, "level");
        jsonw_string(w, s->messages[i].level);
        jsonw_key(w, "text");
        jsonw_string(w, s->messages[i].text);
        jsonw_object_end(w);
    }
    jsonw_array_end(w);
    jsonw_object_end(w);
}

/* Appends value to a comma-separated list (for --ignore-column given more
 * than once). Returns 0, or -1 when it does not fit. */
static int list_append(char *list, size_t size, const char *value)
{
    size_t used = strlen(list);
    int n = snprintf(list + used, size - used, "%s%s", used ? "," : "", value);
    return n < 0 || (size_t)n >= size - used ? -1 : 0;
}

/* import and inspect: inspect reads the files the same way into a database
 * in memory, which is thrown away, so it writes nothing. */
static int import_or_inspect(const struct cli *cli, int inspect)
{
    struct import_options options = {.kind = KIND_UNKNOWN, .encoding = ENCODING_AUTO};
    const char *format = "text", *rules_path = NULL;
    char ignore[1024] = "";
    int missing = 0, nfiles = 0, status = 0;
    char **files = calloc((size_t)cli->argc, sizeof *files);

    if (!files) return 1;
    for (int i = 1; i < cli->argc; i++) {
        const char *value;
        if ((value = cli_option(cli->argv, cli->argc, &i, "--kind", &missing))) {
            options.kind = kind_parse(value);
            if (options.kind == KIND_UNKNOWN) {
                cli_error(_("--kind must be visits, calls, targets or assignments, not '%s'"), value);
                goto usage;
            }
        } else if ((value = cli_option(cli->argv, cli->argc, &i, "--encoding", &missing))) {
            int enc = encoding_parse(value);
            if (enc < 0) {
                cli_error(_("--encoding must be auto, utf-8, gb18030 or utf-16, not '%s'"), value);
                goto usage;
            }
            options.encoding = (enum encoding)enc;
        } else if ((value = cli_option(cli->argv, cli->argc, &i, "--delimiter", &missing))) {
            if (strcmp(value, "tab") == 0 || strcmp(value, "\\t") == 0) value = "\t";
            if (strlen(value) != 1 || !strchr(",;\t|", value[0])) {
                cli_error(_("--delimiter must be one of , ; | or tab, not '%s'"), value);
                goto usage;
            }
            options.delimiter = value[0];
        } else if ((value = cli_option(cli->argv, cli->argc, &i, "--fill-down", &missing))) {
            options.fill_down = value;
        } else if ((value = cli_option(cli->argv, cli->argc, &i, "--ignore-column", &missing))) {
            if (list_append(ignore, sizeof ignore, value) != 0) {
                cli_error(_("--ignore-column: too many columns"));
                goto usage;
            }
        } else if ((value = cli_option(cli->argv, cli->argc, &i, "--rules", &missing))) {
            rules_path = value;
        } else if ((value = cli_option(cli->argv, cli->argc, &i, "--store", &missing))) {
            if (!*value || strlen(value) > 100 || strchr(value, '\x1f')) {
                cli_error(_("--store needs a store's name (at most 100 bytes)"));
                goto usage;
            }
            options.store = value;
        } else if ((value = cli_option(cli->argv, cli->argc, &i, "--format", &missing))) {
            format = value;
        } else if (missing || (cli->argv[i][0] == '-' && cli->argv[i][1])) {
            cli_error(missing ? _("option %s needs a value") : _("unknown %s option %s"),
                      missing ? cli->argv[i] : cli->argv[0], cli->argv[i]);
            goto usage;
        } else {
            files[nfiles++] = cli->argv[i];
        }
    }
    if (ignore[0]) options.ignore = ignore;
    int json = strcmp(format, "json") == 0;
    if (!json && strcmp(format, "text") != 0) {
        cli_error(_("--format for %s must be text or json, not '%s'"), cli->argv[0], format);
        goto usage;
    }
    if (nfiles == 0) {
        cli_error(_("%s: no file given (funnel --help)"), cli->argv[0]);
        goto usage;
    }
    char err[512];
    struct rules *rules = rules_load(rules_path, err, sizeof err);
    if (!rules) {
        cli_error("%s", err);
        goto usage;
    }
    options.rules = rules;
    sqlite3 *db =
        inspect ? db_open(":memory:", err, sizeof err) : db_open(cli->db_path, err, sizeof err);
    if (!db) {
        cli_error("%s", err);
        rules_free(rules);
        goto usage;
    }
    if (!inspect && isatty(STDERR_FILENO)) options.progress = stderr;
    int bulk = !inspect && db_bulk_begin(db);
    options.tally = inspect;

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
            summary_text(s, inspect, stdout);
    }
    if (json) {
        jsonw_array_end(&w);
        jsonw_object_end(&w);
        jsonw_finish(&w);
    }
    if (!s) status = 1;
    free(s);
    free(files);
    rules_free(rules);
    if (bulk) db_bulk_end(db);
    db_close(db);
    return status;
usage:
    free(files);
    return 1;
}

int cli_import(const struct cli *cli)
{
    return import_or_inspect(cli, 0);
}

int cli_inspect(const struct cli *cli)
{
    return import_or_inspect(cli, 1);
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
        cli_error(missing ? _("option %s needs a value") : _("unknown rejects option %s"), cli->argv[i]);
        return 1;
    }
    int csv = strcmp(format, "csv") == 0;
    if (!csv && strcmp(format, "text") != 0) {
        cli_error(_("--format for rejects must be text or csv, not '%s'"), format);
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
        else {
            output_terminal_printf(stdout, "%s:%s: %s\n", file, line, reason);
            output_terminal_printf(stdout, "    %s\n", raw);
        }
    }
    sqlite3_finalize(st);
    db_close(db);
    return 0;
}
