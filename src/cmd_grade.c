/* cmd_grade.c - the grade and rules commands: grade every customer as of a
 * date and print the counts, explain one customer's grade, print the rules. */
#include "cli.h"
#include "dates.h"
#include "db.h"
#include "grade.h"
#include "jsonw.h"
#include "normalize.h"
#include "output.h"

#include <string.h>

static void counts_text(const struct rules *r, const struct grade_counts *k, FILE *fp)
{
    long pipeline = 0;
    fprintf(fp, "Grades as of %s (rules: %s)\n", k->as_of, r->source);
    for (int i = 0; i < r->ngrades; i++) {
        int g = r->display[i];
        fprintf(fp, "  %-4s %8ld  %s\n", r->grades[g].name, k->grades[g], r->grades[g].label);
        pipeline += k->grades[g];
    }
    fprintf(fp, "  in the pipeline %ld; delivered %ld, defeated %ld, lost %ld\n", pipeline,
            k->delivered, k->defeated, k->lost);
}

static void counts_json(const struct rules *r, const struct grade_counts *k, FILE *fp)
{
    struct jsonw w;
    jsonw_init(&w, fp);
    jsonw_object_begin(&w);
    jsonw_key(&w, "as_of");
    jsonw_string(&w, k->as_of);
    jsonw_key(&w, "rules");
    jsonw_string(&w, r->source);
    jsonw_key(&w, "grades");
    jsonw_object_begin(&w);
    for (int i = 0; i < r->ngrades; i++) {
        jsonw_key(&w, r->grades[r->display[i]].name);
        jsonw_int(&w, k->grades[r->display[i]]);
    }
    jsonw_object_end(&w);
    jsonw_key(&w, "delivered");
    jsonw_int(&w, k->delivered);
    jsonw_key(&w, "defeated");
    jsonw_int(&w, k->defeated);
    jsonw_key(&w, "lost");
    jsonw_int(&w, k->lost);
    jsonw_object_end(&w);
    jsonw_finish(&w);
}

/* Prints one customer's contacts in grading order and the verdict, with
 * control characters in the stored text shown as escapes. */
static int explain(sqlite3 *db, const struct rules *r, const char *as_of, const char *phone_text,
                   FILE *fp)
{
    char phone[NORM_PHONE_SIZE], err[256];
    if (norm_phone(phone_text, phone) != NORM_OK) {
        cli_error("--explain: '%s' is not a valid phone number", phone_text);
        return 1;
    }
    sqlite3_stmt *st = db_prepare(
        db,
        "SELECT c.customer_key, c.day, c.time, c.kind, c.customer, c.model, c.salesperson,"
        " c.outcome, coalesce(c.timeframe_days, -1), c.test_drive, c.quote, c.financing,"
        " c.trade_in, c.invited, coalesce(c.timeframe, ''), i.file, c.line,"
        " coalesce(c.defeat_reason, '')"
        " FROM contacts c JOIN imports i ON i.id = c.import_id"
        " WHERE c.customer_key = ?1 AND c.day <= ?2"
        " ORDER BY c.day, coalesce(c.time, '00:00:00'), c.id",
        err, sizeof err);
    if (!st) {
        cli_error("%s", err);
        return 1;
    }
    sqlite3_bind_text(st, 1, phone, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, as_of, -1, SQLITE_STATIC);
    struct grade_customer c;
    grade_customer_begin(&c, phone);
    output_terminal_printf(fp, "Customer %s as of %s (rules: %s)\n", phone, as_of, r->source);
    while (sqlite3_step(st) == SQLITE_ROW) {
        struct grade_contact k = {0};
        static const int bits[] = {RULES_TEST_DRIVE, RULES_QUOTE, RULES_FINANCING, RULES_TRADE_IN,
                                   RULES_INVITED};
        static const char *flag_names[] = {"test drive", "quote", "financing", "trade-in",
                                           "invited"};
        k.day = (const char *)sqlite3_column_text(st, 1);
        k.time = (const char *)sqlite3_column_text(st, 2);
        k.kind = (const char *)sqlite3_column_text(st, 3);
        k.customer = (const char *)sqlite3_column_text(st, 4);
        k.model = (const char *)sqlite3_column_text(st, 5);
        k.salesperson = (const char *)sqlite3_column_text(st, 6);
        k.outcome = (const char *)sqlite3_column_text(st, 7);
        k.timeframe_days = sqlite3_column_int(st, 8);
        output_terminal_printf(
            fp, "  %s %-8s %-5s %s  %s, %s, model %s, timeframe '%s'", k.day, k.time ? k.time : "",
            k.kind, k.outcome, k.salesperson, k.customer && *k.customer ? k.customer : "(no name)",
            k.model && *k.model ? k.model : "(none)", (const char *)sqlite3_column_text(st, 14));
        if (k.timeframe_days >= 0) fprintf(fp, " = %d days", k.timeframe_days);
        for (int i = 0; i < 5; i++) {
            if (!sqlite3_column_int(st, 9 + i)) continue;
            k.flags |= bits[i];
            fprintf(fp, ", %s", flag_names[i]);
        }
        const char *reason = (const char *)sqlite3_column_text(st, 17);
        if (*reason) output_terminal_printf(fp, ", reason '%s'", reason);
        output_terminal_printf(fp, "  [%s:%d]\n", (const char *)sqlite3_column_text(st, 15),
                               sqlite3_column_int(st, 16));
        grade_customer_add(&c, &k);
    }
    sqlite3_finalize(st);
    if (c.contacts == 0) {
        cli_error("--explain: no contact with phone %s on or before %s", phone, as_of);
        return 1;
    }
    struct grade_verdict v;
    grade_customer_verdict(&c, r, as_of, &v);
    if (v.state == STATE_PIPELINE && v.grade >= 0) {
        output_terminal_printf(fp, "Grade %s (%s): %s\n", r->grades[v.grade].name,
                               r->grades[v.grade].label, v.rule);
        if (v.next_due[0])
            fprintf(fp, "Last contact %s; next follow-up due %s%s", c.last_day, v.next_due,
                    v.days_overdue ? "" : "\n");
        if (v.days_overdue) fprintf(fp, ", overdue by %d days\n", v.days_overdue);
    } else {
        output_terminal_printf(fp, "%s: %s\n", grade_state_name(v.state), v.rule);
    }
    output_terminal_printf(fp, "Owner %s (first contact %s)\n", c.owner, c.first_day);
    return 0;
}

int cli_grade(const struct cli *cli)
{
    const char *as_of = NULL, *rules_path = NULL, *format = "text", *explain_phone = NULL;
    int missing = 0;
    for (int i = 1; i < cli->argc; i++) {
        const char *v;
        if ((v = cli_option(cli->argv, cli->argc, &i, "--as-of", &missing)))
            as_of = v;
        else if ((v = cli_option(cli->argv, cli->argc, &i, "--rules", &missing)))
            rules_path = v;
        else if ((v = cli_option(cli->argv, cli->argc, &i, "--format", &missing)))
            format = v;
        else if ((v = cli_option(cli->argv, cli->argc, &i, "--explain", &missing)))
            explain_phone = v;
        else {
            cli_error(missing ? "option %s needs a value" : "unknown grade option %s",
                      cli->argv[i]);
            return 1;
        }
    }
    int json = strcmp(format, "json") == 0;
    if (!json && strcmp(format, "text") != 0) {
        cli_error("--format for grade must be text or json, not '%s'", format);
        return 1;
    }
    long ignored;
    if (as_of && dates_parse(as_of, &ignored) != 0) {
        cli_error("--as-of must be a date YYYY-MM-DD, not '%s'", as_of);
        return 1;
    }
    char err[512], latest[11];
    struct rules *r;
    sqlite3 *db;
    if (cli_open_rules_and_db(cli, rules_path, &r, &db) != 0) return 1;
    int status = 0;
    if (!as_of) {
        if (grade_latest_day(db, latest) != 0) {
            cli_error("%s: no contacts yet (run 'funnel import' first)", cli->db_path);
            status = 1;
        }
        as_of = latest;
    }
    if (status == 0 && explain_phone) {
        status = explain(db, r, as_of, explain_phone, stdout);
    } else if (status == 0) {
        struct grade_counts counts;
        if (grade_run(db, r, as_of, 1, &counts, err, sizeof err) != 0) {
            cli_error("%s: %s", cli->db_path, err);
            status = 1;
        } else if (json) {
            counts_json(r, &counts, stdout);
        } else {
            counts_text(r, &counts, stdout);
        }
    }
    db_close(db);
    rules_free(r);
    return status;
}

int cli_rules(const struct cli *cli)
{
    const char *rules_path = NULL;
    int missing = 0;
    for (int i = 1; i < cli->argc; i++) {
        const char *v = cli_option(cli->argv, cli->argc, &i, "--rules", &missing);
        if (v) {
            rules_path = v;
            continue;
        }
        cli_error(missing ? "option %s needs a value" : "unknown rules option %s", cli->argv[i]);
        return 1;
    }
    char err[512];
    struct rules *r = rules_load(rules_path, err, sizeof err);
    if (!r) {
        cli_error("%s", err);
        return 1;
    }
    rules_print(r, stdout);
    rules_free(r);
    return 0;
}
