/* cmd_grade.c - the grade and rules commands: grade every customer as of a
 * date and print the counts, explain one customer's grade, print the rules. */
#include "cli.h"
#include "dates.h"
#include "db.h"
#include "grade.h"
#include "i18n.h"
#include "jsonw.h"
#include "normalize.h"
#include "timeline.h"

#include <stdlib.h>
#include "output.h"

#include <string.h>

static void counts_text(const struct rules *r, const struct grade_counts *k, FILE *fp)
{
    long pipeline = 0;
    fprintf(fp, _("Grades as of %s (rules: %s)\n"), k->as_of, r->source);
    for (int i = 0; i < r->ngrades; i++) {
        int g = r->display[i];
        fprintf(fp, "  %-4s %8ld  %s\n", r->grades[g].name, k->grades[g], r->grades[g].label);
        pipeline += k->grades[g];
    }
    fprintf(fp, _("  in the pipeline %ld; delivered %ld, defeated %ld, lost %ld\n"), pipeline,
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

/* What a contact's line shows besides what the grading reads. */
struct contact_details {
    char *time, *timeframe, *file, *reason;
    int line;
};

static void free_details(struct contact_details *d, size_t n)
{
    for (size_t i = 0; d && i < n; i++) {
        free(d[i].time);
        free(d[i].timeframe);
        free(d[i].file);
        free(d[i].reason);
    }
    free(d);
}

/* The details of customer key's n contacts dated on or before as_of, in
 * id order (a timeline contact's read_order); NULL with a reason in err. */
static struct contact_details *read_details(sqlite3 *db, const char *key, const char *as_of,
                                            size_t n, char *err, size_t errsize)
{
    sqlite3_stmt *st = db_prepare(db,
                                  "SELECT c.time, coalesce(c.timeframe, ''), i.file, c.line,"
                                  " coalesce(c.defeat_reason, '')"
                                  " FROM contacts c JOIN imports i ON i.id = c.import_id"
                                  " WHERE c.customer_key = ?1 AND c.day <= ?2 ORDER BY c.id",
                                  err, errsize);
    struct contact_details *d = st ? calloc(n + 1, sizeof *d) : NULL;
    if (st && !d) snprintf(err, errsize, _("out of memory"));
    if (!d) {
        sqlite3_finalize(st);
        return NULL;
    }
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, as_of, -1, SQLITE_STATIC);
    size_t i = 0;
    int step, rc = 0;
    while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW && i < n) {
        const char *time = (const char *)sqlite3_column_text(st, 0);
        d[i].time = strdup(time ? time : "");
        d[i].timeframe = strdup((const char *)sqlite3_column_text(st, 1));
        d[i].file = strdup((const char *)sqlite3_column_text(st, 2));
        d[i].line = sqlite3_column_int(st, 3);
        d[i].reason = strdup((const char *)sqlite3_column_text(st, 4));
        if (!d[i].time || !d[i].timeframe || !d[i].file || !d[i].reason) rc = -1;
        i++;
    }
    if (rc != 0)
        snprintf(err, errsize, _("out of memory"));
    else if (step != SQLITE_DONE && step != SQLITE_ROW)
        snprintf(err, errsize, "%s", sqlite3_errmsg(db)), rc = -1;
    else if (i != n || step == SQLITE_ROW)
        snprintf(err, errsize, _("the contacts changed while they were read: try again")), rc = -1;
    sqlite3_finalize(st);
    if (rc != 0) {
        free_details(d, n);
        return NULL;
    }
    return d;
}

/* Prints one customer's contacts in grading order and the verdict: the
 * contacts and the verdict are those the grading reads and gives
 * (timeline_load, grade_customer_verdict), with control characters in the
 * stored text shown as escapes. */
static int explain(sqlite3 *db, const struct rules *r, const char *as_of, const char *key,
                   const char *phone, FILE *fp)
{
    char err[256];
    struct timeline_filter only = {as_of, NULL, NULL, key};
    struct timeline *t = timeline_load(db, &only, err, sizeof err);
    if (!t) {
        cli_error("%s", err);
        return 1;
    }
    const struct timeline_contact *const *k = NULL;
    size_t n = timeline_customers(t) > 0 ? timeline_contacts(t, 0, 0, &k) : 0;
    struct contact_details *d = n ? read_details(db, key, as_of, n, err, sizeof err) : NULL;
    if (timeline_customers(t) > 0 && !d) {
        cli_error("%s", n ? err : _("out of memory"));
        timeline_free(t);
        return 1;
    }
    output_terminal_printf(fp, _("Customer %s as of %s (rules: %s)\n"), phone, as_of, r->source);
    struct grade_customer c;
    grade_customer_begin(&c, key);
    static const int bits[] = {RULES_TEST_DRIVE, RULES_QUOTE, RULES_FINANCING, RULES_TRADE_IN,
                               RULES_INVITED};
    static const char *flag_names[] = {N_("test drive"), N_("quote"), N_("financing"),
                                       N_("trade-in"), N_("invited")};
    for (size_t j = 0; j < n; j++) {
        struct grade_contact g = grade_contact_of(k[j]);
        const struct contact_details *e = &d[k[j]->read_order];
        char day[DATES_DAY_SIZE];
        dates_format(g.day, day);
        output_terminal_printf(fp, _("  %s %-8s %-5s %s  %s, %s, model %s, timeframe '%s'"), day,
                               e->time, g.visit ? "visit" : "call", norm_outcome_name(g.outcome),
                               g.salesperson, *g.customer ? g.customer : _("(no name)"),
                               *g.model ? g.model : _("(none)"), e->timeframe);
        if (g.timeframe_days >= 0) fprintf(fp, _(" = %d days"), g.timeframe_days);
        for (int i = 0; i < 5; i++)
            if (g.flags & bits[i]) fprintf(fp, ", %s", _(flag_names[i]));
        if (*e->reason) output_terminal_printf(fp, _(", reason '%s'"), e->reason);
        output_terminal_printf(fp, "  [%s:%d]\n", e->file, e->line);
        grade_customer_add(&c, &g);
    }
    free_details(d, n);
    if (c.contacts == 0) {
        cli_error(_("--explain: no contact with phone %s on or before %s"), phone, as_of);
        timeline_free(t);
        return 1;
    }
    /* the customer's texts are the timeline's, and its days numbers */
    char first_day[DATES_DAY_SIZE], last_day[DATES_DAY_SIZE];
    dates_format(c.first_day, first_day);
    dates_format(c.last_day, last_day);
    struct grade_verdict v;
    grade_customer_verdict(&c, r, as_of, &v);
    if (v.state == STATE_PIPELINE && v.grade >= 0) {
        output_terminal_printf(fp, _("Grade %s (%s): %s\n"), r->grades[v.grade].name,
                               r->grades[v.grade].label, v.rule);
        if (v.next_due[0])
            fprintf(fp, _("Last contact %s; next follow-up due %s%s"), last_day, v.next_due,
                    v.days_overdue ? "" : "\n");
        if (v.days_overdue) fprintf(fp, _(", overdue by %d days\n"), v.days_overdue);
    } else {
        output_terminal_printf(fp, "%s: %s\n", grade_state_name(v.state), v.rule);
    }
    char handed_to[128], handed_on[11];
    if (grade_handover(db, key, as_of, handed_to, sizeof handed_to, handed_on) == 1)
        output_terminal_printf(fp, _("Owner %s (handed over on %s; first contact %s with %.127s)\n"),
                               handed_to, handed_on, first_day, c.owner);
    else
        output_terminal_printf(fp, _("Owner %.127s (first contact %s)\n"), c.owner, first_day);
    timeline_free(t);
    return 0;
}

/* Whether text is a phone as the reports mask it (norm_mask_phone): three
 * digits, asterisks, four digits ("138****5678"); its first and last
 * digits into head and tail. */
static int masked_phone(const char *text, char head[4], char tail[5])
{
    size_t n = strlen(text);
    if (n < 8 || 3 + strspn(text + 3, "*") + 4 != n) return 0;
    for (size_t i = 0; i < n; i++)
        if ((i < 3 || i >= n - 4) && (text[i] < '0' || text[i] > '9')) return 0;
    snprintf(head, 4, "%.3s", text);
    snprintf(tail, 5, "%s", text + n - 4);
    return 1;
}

/* A customer --explain may mean: its key, its phone and what tells it
 * from the others (name, store, owner, last contact). */
struct candidate {
    char key[200], phone[NORM_PHONE_SIZE], name[128], store[128], owner[128], last_day[11];
};

/* The customers (of store, when not NULL) with a contact on or before
 * as_of whose phone is phone or fits the mask head****tail, and, when name
 * is not NULL, who gave that name on a contact: up to max into found, the
 * number there are in *count. Returns 0, or -1 with a reason in err. */
static int find_candidates(sqlite3 *db, const char *as_of, const char *phone, const char *head,
                           const char *tail, const char *name, const char *store,
                           struct candidate *found, int max, int *count, char *err,
                           size_t errsize)
{
    sqlite3_stmt *st = db_prepare(
        db,
        "SELECT c.customer_key, c.phone, c.store,"
        "       (SELECT n.customer FROM contacts n WHERE n.customer_key = c.customer_key"
        "          AND n.day <= ?1 AND n.customer <> ''"
        "        ORDER BY n.day DESC, coalesce(n.time, '00:00:00') DESC, n.id DESC LIMIT 1),"
        "       (SELECT f.salesperson FROM contacts f WHERE f.customer_key = c.customer_key"
        "        ORDER BY f.day, coalesce(f.time, '00:00:00'), f.id LIMIT 1),"
        "       max(c.day)"
        " FROM contacts c"
        " WHERE c.day <= ?1 AND (c.phone = ?2 OR (?2 IS NULL AND length(c.phone) >= 7"
        "   AND substr(c.phone, 1, 3) = ?3 AND substr(c.phone, -4) = ?4))"
        "   AND (?6 IS NULL OR c.store = ?6)"
        " GROUP BY c.customer_key"
        " HAVING ?5 IS NULL OR max(trim(c.customer) = trim(?5))"
        " ORDER BY c.store, max(c.day) DESC, c.customer_key",
        err, errsize);
    if (!st) return -1;
    db_bind_text(st, 1, as_of, 0);
    db_bind_text(st, 2, phone, 1);
    db_bind_text(st, 3, head, 1);
    db_bind_text(st, 4, tail, 1);
    db_bind_text(st, 5, name, 1);
    db_bind_text(st, 6, store, 0);
    int step;
    *count = 0;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (*count < max) {
            struct candidate *c = &found[*count];
            char *fields[] = {c->key, c->phone, c->store, c->name, c->owner, c->last_day};
            size_t sizes[] = {sizeof c->key,  sizeof c->phone, sizeof c->store,
                              sizeof c->name, sizeof c->owner, sizeof c->last_day};
            for (int i = 0; i < 6; i++) {
                const char *text = (const char *)sqlite3_column_text(st, i);
                snprintf(fields[i], sizes[i], "%s", text ? text : "");
            }
            char handed_to[128], handed_on[11];
            if (grade_handover(db, c->key, as_of, handed_to, sizeof handed_to, handed_on) == 1)
                snprintf(c->owner, sizeof c->owner, "%s", handed_to);
        }
        ++*count;
    }
    if (step != SQLITE_DONE) snprintf(err, errsize, "%s", sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return step == SQLITE_DONE ? 0 : -1;
}

/* The customer --explain names, into *one: by the whole phone (of the
 * unnamed store, or of store) as ever; by the phone as the reports mask it,
 * or with --name, the one customer of any store (or of store) that fits.
 * Returns 0, or 1 after saying why not: no such customer, or several,
 * listed with how to pick one. */
static int pick_customer(sqlite3 *db, const char *as_of, const char *text, const char *name,
                         const char *store, struct candidate *one)
{
    char phone[NORM_PHONE_SIZE], head[4] = "", tail[5] = "", err[256];
    int masked = masked_phone(text, head, tail);
    if (!masked && norm_phone(text, phone) != NORM_OK) {
        cli_error(_("--explain: '%s' is neither a valid phone number nor one masked as the"
                    " reports show it (138****5678)"),
                  text);
        return 1;
    }
    if (!masked && !name) { /* the customer is the (store, phone) pair: the key import.c makes */
        snprintf(one->key, sizeof one->key, "%s%s%s", store ? store : "", store ? "\x1f" : "",
                 phone);
        snprintf(one->phone, sizeof one->phone, "%s", phone);
        return 0;
    }
    enum { SHOWN = 20 };
    struct candidate *found = calloc(SHOWN, sizeof *found);
    int count = 0;
    if (!found || find_candidates(db, as_of, masked ? NULL : phone, head, tail, name, store, found,
                                  SHOWN, &count, err, sizeof err) != 0) {
        cli_error("%s", found ? err : _("out of memory"));
        free(found);
        return 1;
    }
    char named[160] = "", in_store[160] = "";
    if (name) snprintf(named, sizeof named, _(" named %s"), name);
    if (store) snprintf(in_store, sizeof in_store, _(" in store %s"), store);
    if (count == 0)
        cli_error(_("--explain: no customer with phone %s%s%s on or before %s"), text, named,
                  in_store, as_of);
    else if (count == 1)
        *one = found[0];
    else {
        cli_error(_("--explain: %d customers with phone %s%s%s: pick one with %s--store NAME,"
                    " or give the whole phone number (with --store NAME in a dealer group)"),
                  count, text, named, in_store, name ? "" : _("--name NAME (the customer's name) or "));
        for (int i = 0; i < count && i < SHOWN; i++) {
            char mask[32];
            norm_mask_phone(found[i].phone, mask, sizeof mask);
            output_terminal_printf(stderr, _("  %s  %s%s%s  salesperson %s  last contact %s\n"),
                                   mask, found[i].name[0] ? found[i].name : _("(no name)"),
                                   found[i].store[0] ? _("  store ") : "", found[i].store,
                                   found[i].owner, found[i].last_day);
        }
        if (count > SHOWN) fprintf(stderr, _("  ... and %d more\n"), count - SHOWN);
    }
    free(found);
    return count == 1 ? 0 : 1;
}

int cli_grade(const struct cli *cli)
{
    const char *as_of = NULL, *rules_path = NULL, *format = "text", *explain_phone = NULL;
    const char *store = NULL, *name = NULL; /* --explain: the customer's store and name */
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
        else if ((v = cli_option(cli->argv, cli->argc, &i, "--store", &missing)))
            store = v;
        else if ((v = cli_option(cli->argv, cli->argc, &i, "--name", &missing)))
            name = v;
        else {
            cli_error(missing ? _("option %s needs a value") : _("unknown grade option %s"),
                      cli->argv[i]);
            return 1;
        }
    }
    if (name && !explain_phone) {
        cli_error(_("--name picks the customer of --explain PHONE"));
        return 1;
    }
    int json = strcmp(format, "json") == 0;
    if (!json && strcmp(format, "text") != 0) {
        cli_error(_("--format for grade must be text or json, not '%s'"), format);
        return 1;
    }
    long ignored;
    if (as_of && dates_parse(as_of, &ignored) != 0) {
        cli_error(_("--as-of must be a date YYYY-MM-DD, not '%s'"), as_of);
        return 1;
    }
    char err[512], latest[11];
    struct rules *r;
    sqlite3 *db;
    if (cli_open_rules_and_db(cli, rules_path, &r, &db) != 0) return 1;
    int status = 0;
    if (!as_of) {
        if (grade_latest_day(db, latest) != 0) {
            cli_error(_("%s: no contacts yet (run 'funnel import' first)"), cli->db_path);
            status = 1;
        }
        as_of = latest;
    }
    if (status == 0 && explain_phone) {
        struct candidate *one = calloc(1, sizeof *one);
        if (!one) cli_error("out of memory");
        status = one ? pick_customer(db, as_of, explain_phone, name, store, one) : 1;
        if (status == 0) status = explain(db, r, as_of, one->key, one->phone, stdout);
        free(one);
    } else if (status == 0) {
        /* in the same pass, the sums as of the last day of the month
         * before: the monthly pack of as_of's month compares with them
         * and finds them stored, until the next import */
        struct grade_date dates[2] = {{"", 1, 0, 0, 0}, {"", 0, 0, 0, 0}};
        struct grade_counts counts[2];
        char month[8], first[DATES_DAY_SIZE], last[DATES_DAY_SIZE];
        snprintf(dates[0].as_of, sizeof dates[0].as_of, "%s", as_of);
        snprintf(month, sizeof month, "%.7s", as_of);
        dates_month(month, first, last);
        dates_add(first, -1, dates[1].as_of);
        if (grade_run_dates(db, r, dates, 2, counts, err, sizeof err) != 0) {
            cli_error("%s: %s", cli->db_path, err);
            status = 1;
        } else if (json) {
            counts_json(r, &counts[0], stdout);
        } else {
            counts_text(r, &counts[0], stdout);
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
        cli_error(missing ? _("option %s needs a value") : _("unknown rules option %s"), cli->argv[i]);
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
