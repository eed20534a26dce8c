/* cmd_report.c - the report command: works out the period, builds the
 * report, and writes it to the terminal or, for a meeting pack, into a
 * folder (HTML, JSON, an Excel workbook, a CSV per table, a PNG and SVG per
 * chart). */
#include "chart.h"
#include "cli.h"
#include "dates.h"
#include "db.h"
#include "grade.h"
#include "i18n.h"
#include "output.h"
#include "render.h"
#include "report.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The reports of the registry as "a, b, c or d" into out. */
static void report_names(char *out, size_t size)
{
    size_t used = 0;
    int n = report_count(), last = n - 1;
    while (last > 0 && report_period_of(report_name(last)) == PERIOD_MONTHS_BEFORE)
        last--;
    out[0] = '\0';
    for (int i = 0, k = 0; i <= last && used < size; i++) {
        if (report_period_of(report_name(i)) == PERIOD_MONTHS_BEFORE) continue; /* funnel plan */
        const char *sep = k++ == 0 ? "" : i == last ? _(" or ") : ", ";
        int w = snprintf(out + used, size - used, "%s%s", sep, report_name(i));
        used += w > 0 ? (size_t)w : 0;
    }
}

void cli_report_usage_names(FILE *fp)
{
    int n = report_count(), packs = 0, shown = 0;
    fputs(_("  NAME: "), fp);
    for (int i = 0; i < n; i++) {
        const char *name = report_name(i);
        if (report_period_of(name) == PERIOD_MONTHS_BEFORE) continue; /* funnel plan */
        if (report_is_pack(name)) {
            packs++;
            continue;
        }
        enum report_period kind = report_period_of(name);
        fprintf(fp, "%s%s%s", shown++ ? ", " : "", name,
                kind == PERIOD_AS_OF      ? _(" (as of a date)")
                : kind == PERIOD_PLAN     ? _(" (--week: the week planned)")
                : kind == PERIOD_DAY      ? _(" (--date)")
                : kind == PERIOD_HANDOVER ? _(" (--salesperson NAME [--to A,B,...]: who takes over)")
                                          : "");
    }
    fputs(packs ? _(", or the meeting packs\n  ") : "\n", fp);
    for (int i = 0, k = 0; i < n; i++) {
        const char *name = report_name(i);
        if (!report_is_pack(name)) continue;
        fprintf(fp, "%s%s", k == 0 ? "" : k == packs - 1 ? _(" and ") : ", ", name);
        k++;
    }
}

struct report_args {
    const char *name, *month, *week, *from, *to, *as_of, *date, *salesperson, *store;
    const char *format, *out, *rules, *queries;
    int show_phones;
    int wide; /* text tables as wide as their content, bilingual headers */
};

static int parse_args(const struct cli *cli, struct report_args *a)
{
    int missing = 0;
    memset(a, 0, sizeof *a);
    a->format = "text";
    for (int i = 1; i < cli->argc; i++) {
        const char *arg = cli->argv[i], *v;
        static const char *names[] = {"--month", "--week",  "--from",        "--to",
                                      "--as-of", "--date",  "--salesperson", "--format",
                                      "--out",   "--rules", "--queries",     "--store"};
        const char **slots[] = {&a->month, &a->week,  &a->from,        &a->to,
                                &a->as_of, &a->date,  &a->salesperson, &a->format,
                                &a->out,   &a->rules, &a->queries,     &a->store};
        int taken = 0;
        for (size_t k = 0; k < sizeof names / sizeof names[0] && !taken; k++) {
            if ((v = cli_option(cli->argv, cli->argc, &i, names[k], &missing))) {
                *slots[k] = v;
                taken = 1;
            }
        }
        if (taken) continue;
        if (missing) {
            cli_error(_("option %s needs a value"), arg);
            return -1;
        }
        if (strcmp(arg, "--show-phones") == 0)
            a->show_phones = 1;
        else if (strcmp(arg, "--wide") == 0)
            a->wide = 1;
        else if (arg[0] != '-' && !a->name)
            a->name = arg;
        else {
            cli_error(_("unknown report option %s (funnel report --help)"), arg);
            return -1;
        }
    }
    char names[512];
    report_names(names, sizeof names);
    if (!a->name) {
        cli_error(_("report: which report? %s"), names);
        return -1;
    }
    if (!report_exists(a->name) || report_period_of(a->name) == PERIOD_MONTHS_BEFORE) {
        cli_error(_("unknown report '%s': %s"), a->name, names);
        return -1;
    }
    static const char *formats[] = {"text", "csv", "json", "html", "xlsx"};
    for (int f = 0; f < 5; f++)
        if (strcmp(a->format, formats[f]) == 0) return 0;
    cli_error(_("--format must be text, csv, json, html or xlsx, not '%s'"), a->format);
    return -1;
}

/* The day of the daily report (--date, else the latest contact's): from =
 * to = as_of. Returns 0, or -1 after saying why not. */
static int resolve_day(const struct report_args *a, const char *latest, struct report_options *o)
{
    long ignored;
    if (a->month || a->week || a->from || a->to || a->as_of) {
        cli_error(_("the daily report takes --date YYYY-MM-DD"));
        return -1;
    }
    if (a->date && dates_parse(a->date, &ignored) != 0) {
        cli_error(_("--date must be a date YYYY-MM-DD, not '%s'"), a->date);
        return -1;
    }
    const char *day = a->date ? a->date : latest;
    snprintf(o->from, sizeof o->from, "%s", day);
    snprintf(o->to, sizeof o->to, "%s", day);
    snprintf(o->as_of, sizeof o->as_of, "%s", day);
    return 0;
}

/* The week a plan is for (--week, else the week after that of --as-of or
 * of the latest contact) into from, to; as of --as-of, else the Sunday
 * before the week. Returns 0, or -1 after saying why not. */
static int resolve_plan(const struct report_args *a, const char *latest, struct report_options *o)
{
    if (a->month || a->from || a->to) {
        cli_error(_("the follow-up plan takes --week YYYY-Www (the week planned) or --as-of"));
        return -1;
    }
    char week[9], next[DATES_DAY_SIZE];
    if (a->week) {
        if (dates_week(a->week, o->from, o->to) != 0) {
            cli_error(_("--week must be an ISO week YYYY-Www, not '%s'"), a->week);
            return -1;
        }
    } else {
        char monday[DATES_DAY_SIZE], sunday[DATES_DAY_SIZE];
        dates_week_of(a->as_of ? a->as_of : latest, week);
        dates_week(week, monday, sunday);
        dates_add(sunday, 1, next);
        dates_week_of(next, week);
        dates_week(week, o->from, o->to);
    }
    dates_add(o->from, -1, o->as_of);
    if (a->as_of) {
        if (strcmp(a->as_of, o->from) >= 0) {
            cli_error(_("--as-of %s is not before the week planned (%s to %s)"), a->as_of, o->from,
                      o->to);
            return -1;
        }
        snprintf(o->as_of, sizeof o->as_of, "%s", a->as_of);
    }
    return 0;
}

/* The hand-over of --salesperson as of --as-of, else the latest contact's
 * day; --to is the list of who takes over, not a period. Returns 0, or -1
 * after saying why not. */
static int resolve_handover(const struct report_args *a, const char *latest,
                            struct report_options *o)
{
    if (a->month || a->week || a->from || !a->salesperson || !a->salesperson[0]) {
        cli_error(_("the hand-over takes --salesperson NAME (who leaves), --as-of DATE and"
                  " --to A,B,... (who takes over; else everyone with a contact in the 30 days"
                  " to the date)"));
        return -1;
    }
    snprintf(o->as_of, sizeof o->as_of, "%s", a->as_of ? a->as_of : latest);
    o->to_list = a->to;
    return 0;
}

/* Works out from, to, as_of (and the month before, for monthly). */
static int resolve_period(sqlite3 *db, const struct report_args *a, struct report_options *o)
{
    enum report_period kind = report_period_of(a->name);
    char latest[11], month[8];
    long ignored;
    int periods = (a->month != NULL) + (a->week != NULL) + (a->from || a->to);

    if (kind == PERIOD_HANDOVER) periods = 0; /* its --to names people */
    if (periods > 1) {
        cli_error(_("give one period: --month, --week, or --from and --to"));
        return -1;
    }
    if (a->as_of && dates_parse(a->as_of, &ignored) != 0) {
        cli_error(_("--as-of must be a date YYYY-MM-DD, not '%s'"), a->as_of);
        return -1;
    }
    if (grade_latest_day(db, latest) != 0) {
        cli_error(_("no contacts in the database yet (run 'funnel import' first)"));
        return -1;
    }
    if (a->date && kind != PERIOD_DAY) {
        cli_error(_("only the daily report takes --date"));
        return -1;
    }
    if (kind == PERIOD_DAY) return resolve_day(a, latest, o);
    if (kind == PERIOD_PLAN) return resolve_plan(a, latest, o);
    if (kind == PERIOD_HANDOVER) return resolve_handover(a, latest, o);
    const char *anchor = a->as_of ? a->as_of : latest;
    if (kind == PERIOD_MONTH && (a->week || a->from || a->to)) {
        cli_error(_("the monthly pack takes --month YYYY-MM"));
        return -1;
    }
    if (kind == PERIOD_WEEK && (a->month || a->from || a->to)) {
        cli_error(_("the weekly pack takes --week YYYY-Www"));
        return -1;
    }
    if (a->month) {
        if (dates_month(a->month, o->from, o->to) != 0) {
            cli_error(_("--month must be YYYY-MM, not '%s'"), a->month);
            return -1;
        }
    } else if (a->week) {
        if (dates_week(a->week, o->from, o->to) != 0) {
            cli_error(_("--week must be an ISO week YYYY-Www, not '%s'"), a->week);
            return -1;
        }
    } else if (a->from || a->to) {
        if (!a->from || !a->to || dates_parse(a->from, &ignored) != 0 ||
            dates_parse(a->to, &ignored) != 0 || strcmp(a->from, a->to) > 0) {
            cli_error(_("--from and --to must both be dates YYYY-MM-DD, from before to"));
            return -1;
        }
        snprintf(o->from, sizeof o->from, "%s", a->from);
        snprintf(o->to, sizeof o->to, "%s", a->to);
    } else if (kind == PERIOD_WEEK) {
        char week[9];
        dates_week_of(anchor, week);
        dates_week(week, o->from, o->to);
    } else if (kind != PERIOD_AS_OF) {
        snprintf(month, sizeof month, "%.7s", anchor);
        dates_month(month, o->from, o->to);
    }
    if (kind == PERIOD_AS_OF) {
        /* as of the given date, else the last day of a given period */
        snprintf(o->as_of, sizeof o->as_of, "%s", a->as_of ? a->as_of : o->to[0] ? o->to : anchor);
        o->from[0] = o->to[0] = '\0';
    } else {
        snprintf(o->as_of, sizeof o->as_of, "%s", a->as_of ? a->as_of : o->to);
    }
    /* a pack of a month or week still running ends with the latest data:
     * counts are the same, and nothing is graded in the future */
    if ((kind == PERIOD_MONTH || kind == PERIOD_WEEK) && !a->as_of &&
        strcmp(latest, o->from) >= 0 && strcmp(latest, o->to) < 0) {
        snprintf(o->to, sizeof o->to, "%s", latest);
        snprintf(o->as_of, sizeof o->as_of, "%s", latest);
        o->running = 1;
    }
    if (kind == PERIOD_MONTH) {
        char prev[8];
        snprintf(month, sizeof month, "%.7s", o->from);
        dates_previous_month(month, prev);
        dates_month(prev, o->prev_from, o->prev_to);
    }
    return 0;
}

/* Opens dir/name.ext for writing as f (see output_file_open); prints why
 * not and returns -1 when it cannot. */
static int open_out(struct output_file *f, const char *dir, const char *name, const char *ext)
{
    char file[300], err[512];
    if (snprintf(file, sizeof file, "%s.%s", name, ext) >= (int)sizeof file) {
        cli_error(_("%s/%s.%s: the file name is too long"), dir, name, ext);
        return -1;
    }
    if (output_file_open(f, dir, file, err, sizeof err) == 0) return 0;
    cli_error("%s", err);
    return -1;
}

/* Renames f into place when rendered is 0 and every write succeeded;
 * otherwise removes it and says why. */
static int close_out(struct output_file *f, int rendered)
{
    char err[512];
    if (rendered != 0 && !ferror(f->fp)) {
        cli_error(_("%s: out of memory"), f->path);
        output_file_discard(f);
        return -1;
    }
    if (output_file_commit(f, err, sizeof err) == 0) return 0;
    cli_error("%s", err);
    return -1;
}

/* A chart's problem becomes a note in the report. */
static void chart_note(struct report_result *res, const char *err)
{
    report_add_note(res, err);
    fprintf(stderr, _("funnel: warning: %s\n"), err); /* err names the chart */
}

/* Starts drawing every chart of res into dir, all at once: jobs (one per
 * chart, NULL when there is nothing to draw) for end_charts to finish, NULL
 * when none can be drawn. Problems become notes in the report. */
static struct chart_job **begin_charts(struct report_result *res, const char *dir)
{
    char warning[256], err[512];
    int ok = chart_available(warning, sizeof warning) == 0;
    if (warning[0]) {
        report_add_note(res, warning);
        fprintf(stderr, _("funnel: warning: %s\n"), warning);
    }
    struct chart_job **jobs = ok ? calloc((size_t)res->ncharts + 1, sizeof *jobs) : NULL;
    if (ok && !jobs) chart_note(res, _("out of memory: the charts are not drawn"));
    for (int i = 0; jobs && i < res->ncharts; i++) {
        struct chart *c = &res->charts[i];
        jobs[i] = chart_begin(c, res->tables[c->table], dir, err, sizeof err);
        if (!jobs[i] && err[0]) chart_note(res, err);
    }
    return jobs;
}

/* Waits for the charts begin_charts started, and frees jobs. */
static void end_charts(struct report_result *res, struct chart_job **jobs)
{
    char err[512];
    for (int i = 0; jobs && i < res->ncharts; i++)
        if (jobs[i] && chart_end(jobs[i], err, sizeof err) != 0) chart_note(res, err);
    free(jobs);
}

/* Writes res as an Excel workbook dir/NAME.xlsx. libxlsxwriter writes by
 * name: it works in a new folder of its own inside dir (mode 0700), and the
 * finished workbook (mode 0600) is renamed into place, replacing whatever is
 * at its name (a planted link itself, never its target). Returns 0, or -1
 * after saying why. */
static int write_xlsx(const struct report_result *res, const char *dir)
{
    char err[512];
    size_t size = strlen(dir) + 2 * strlen(res->name) + 32;
    char *work = malloc(size), *path = malloc(size), *final = malloc(size);
    int rc = work && path && final ? 0 : -1;
    if (rc != 0) cli_error(_("%s/%s.xlsx: out of memory"), dir, res->name);
    if (rc == 0) {
        snprintf(work, size, "%s/.%s-xlsx-XXXXXX", dir, res->name);
        snprintf(path, size, "%s/.%s-xlsx-XXXXXX/%s.xlsx", dir, res->name, res->name);
        snprintf(final, size, "%s/%s.xlsx", dir, res->name);
        if (!mkdtemp(work)) {
            cli_error(_("%s: cannot make a working folder: %s"), final, strerror(errno));
            rc = -1;
        } else {
            memcpy(path, work, strlen(work)); /* the folder's name as made */
        }
    }
    if (rc == 0 && render_xlsx(res, path, work, err, sizeof err) != 0) {
        cli_error("%s", err);
        rc = -1;
    } else if (rc == 0 && (chmod(path, 0600) != 0 || rename(path, final) != 0)) {
        cli_error("%s: %s", final, strerror(errno));
        rc = -1;
    }
    if (path) unlink(path);
    if (work) rmdir(work);
    free(work);
    free(path);
    free(final);
    return rc;
}

/* Writes the whole pack into dir: NAME.html, NAME.json, NAME.xlsx,
 * NAME_TABLE.csv and the charts. Returns 0 or 1. */
static int write_pack(struct report_result *res, const char *dir)
{
    char err[512];
    struct output_file f;
    if (output_dir_prepare(dir, err, sizeof err) != 0) {
        cli_error("%s", err);
        return 1;
    }
    /* gnuplot draws while the tables are written */
    struct chart_job **jobs = begin_charts(res, dir);
    for (int i = 0; i < res->ntables; i++) {
        const struct table *t = res->tables[i];
        char name[256];
        if (t->hidden) continue;
        snprintf(name, sizeof name, "%s_%s", res->name, t->file ? t->file : t->key);
        if (open_out(&f, dir, name, "csv") != 0 || close_out(&f, render_csv_table(t, f.fp)) != 0) {
            end_charts(res, jobs);
            return 1;
        }
    }
    end_charts(res, jobs);
    if (open_out(&f, dir, res->name, "json") != 0) return 1;
    if (close_out(&f, render_json(res, f.fp)) != 0) return 1;
    if (write_xlsx(res, dir) != 0) return 1;
    if (open_out(&f, dir, res->name, "html") != 0) return 1;
    int rendered = render_html(res, f.fp);
    if (rendered != 0 && !ferror(f.fp)) { /* the page is written, with a note for the chart */
        fprintf(stderr, _("funnel: warning: %s/%s.html: a chart file could not be read\n"), dir,
                res->name);
        rendered = 0;
    }
    if (close_out(&f, rendered) != 0) return 1;
    printf("%s/%s.html\n", dir, res->name);
    return 0;
}

/* The exit status after a renderer wrote to standard output and returned
 * rendered: 0, or 1 after saying what failed. */
static int stdout_status(int rendered)
{
    errno = 0;
    int failed = fflush(stdout) != 0 || ferror(stdout);
    if (!failed && rendered == 0) return 0;
    cli_error(_("cannot write the report: %s"),
              failed ? (errno ? strerror(errno) : _("write error")) : _("out of memory"));
    return 1;
}

/* HTML on standard output: charts are drawn in a temporary folder, inlined,
 * and the folder removed. */
static int html_to_stdout(struct report_result *res)
{
    char dir[] = "/tmp/funnel-charts-XXXXXX";
    if (!mkdtemp(dir)) {
        cli_error(_("cannot make a temporary folder: %s"), strerror(errno));
        return 1;
    }
    end_charts(res, begin_charts(res, dir));
    int rc = render_html(res, stdout);
    if (rc != 0 && !ferror(stdout))
        fprintf(stderr, _("funnel: warning: a chart file could not be read\n"));
    for (int i = 0; i < res->ncharts; i++) {
        if (res->charts[i].png_path) unlink(res->charts[i].png_path);
        if (res->charts[i].svg_path) unlink(res->charts[i].svg_path);
    }
    rmdir(dir);
    return stdout_status(rc != 0 && ferror(stdout) ? -1 : 0);
}

/* The workbook on standard output (not a terminal): written in a
 * temporary folder, then copied. */
static int xlsx_to_stdout(const struct report_result *res)
{
    if (isatty(STDOUT_FILENO)) {
        cli_error(
            "--format xlsx writes a binary workbook: redirect it to a file, or give --out DIR");
        return 1;
    }
    char dir[] = "/tmp/funnel-xlsx-XXXXXX", path[300];
    if (!mkdtemp(dir)) {
        cli_error(_("cannot make a temporary folder: %s"), strerror(errno));
        return 1;
    }
    if (write_xlsx(res, dir) != 0) {
        rmdir(dir);
        return 1;
    }
    snprintf(path, sizeof path, "%s/%s.xlsx", dir, res->name);
    FILE *in = fopen(path, "rb");
    int rc = in ? 0 : -1;
    char buffer[65536];
    size_t n;
    while (in && (n = fread(buffer, 1, sizeof buffer, in)) > 0)
        if (fwrite(buffer, 1, n, stdout) != n) break;
    if (in) {
        if (ferror(in)) rc = -1;
        fclose(in);
    }
    unlink(path);
    rmdir(dir);
    return stdout_status(rc);
}

static int write_stdout(const struct report_result *res, const char *format, int wide)
{
    if (strcmp(format, "xlsx") == 0) return xlsx_to_stdout(res);
    if (strcmp(format, "json") == 0) return stdout_status(render_json(res, stdout));
    if (strcmp(format, "csv") == 0) {
        /* one CSV document: the report's first list table */
        for (int i = 0; i < res->ntables; i++) {
            if (res->tables[i]->hidden || res->tables[i]->shape != SHAPE_ROWS) continue;
            return stdout_status(render_csv_table(res->tables[i], stdout));
        }
        if (res->ntables == 0) return stdout_status(0);
        return stdout_status(render_csv_table(res->tables[0], stdout));
    }
    return stdout_status(render_text(res, stdout, wide ? 0 : RENDER_TEXT_WIDTH));
}

int cli_report(const struct cli *cli)
{
    struct report_args a;
    if (parse_args(cli, &a) != 0) return 1;
    char err[512] = "";
    struct rules *r;
    sqlite3 *db;
    if (cli_open_rules_and_db(cli, a.rules, &r, &db) != 0) return 1;
    struct report_options o;
    memset(&o, 0, sizeof o);
    o.salesperson = a.salesperson;
    o.store = a.store;
    o.queries_dir = a.queries;
    o.show_phones = a.show_phones;
    int status = 1;
    if (resolve_period(db, &a, &o) == 0) {
        struct report_result *res = report_build(db, r, a.name, &o, err, sizeof err);
        /* what report_build noted (an unknown salesperson, an empty
         * period) goes to stderr too */
        if (res && res->notes) fprintf(stderr, _("funnel: warning: %s\n"), res->notes);
        if (!res)
            cli_error(_("report %s: %s"), a.name, err[0] ? err : _("out of memory"));
        else if (report_is_pack(a.name) || a.out)
            status = write_pack(res, a.out ? a.out : "out");
        else if (strcmp(a.format, "html") == 0)
            status = html_to_stdout(res);
        else
            status = write_stdout(res, a.format, a.wide);
        report_result_free(res);
    }
    db_close(db);
    rules_free(r);
    return status;
}

/* funnel plan --buyers N [--month M] [--salesperson NAME] [--store NAME]:
 * what N buyers need, by the target ratio and by the own rates of the three
 * full months before M (default: the month of the latest contact). */
int cli_plan(const struct cli *cli)
{
    const char *buyers = NULL, *month = NULL, *salesperson = NULL, *store = NULL;
    const char *format = "text", *rules_path = NULL;
    int missing = 0;
    for (int i = 1; i < cli->argc; i++) {
        static const char *names[] = {"--buyers", "--month",  "--salesperson",
                                      "--store",  "--format", "--rules"};
        const char **slots[] = {&buyers, &month, &salesperson, &store, &format, &rules_path};
        const char *v = NULL;
        for (size_t k = 0; k < sizeof names / sizeof names[0] && !v; k++)
            if ((v = cli_option(cli->argv, cli->argc, &i, names[k], &missing))) *slots[k] = v;
        if (v) continue;
        cli_error(missing ? _("option %s needs a value")
                          : _("unknown plan option %s (funnel plan --help)"),
                  cli->argv[i]);
        return 1;
    }
    char *end = NULL;
    long n = buyers ? strtol(buyers, &end, 10) : 0;
    if (!buyers || *end || n <= 0 || n > 100000) {
        cli_error(_("plan: --buyers N, a number of buyers from 1 up, is needed"));
        return 1;
    }
    int json = strcmp(format, "json") == 0;
    if (!json && strcmp(format, "text") != 0) {
        cli_error(_("--format for plan must be text or json, not '%s'"), format);
        return 1;
    }
    struct rules *r;
    sqlite3 *db;
    if (cli_open_rules_and_db(cli, rules_path, &r, &db) != 0) return 1;
    struct report_options o;
    memset(&o, 0, sizeof o);
    o.buyers = n;
    o.salesperson = salesperson;
    o.store = store;
    char latest[11], first[11], last[11], m[8];
    int status = 1;
    if (!month && grade_latest_day(db, latest) != 0) {
        cli_error(_("no contacts in the database yet (run 'funnel import' first)"));
    } else if (dates_month(month ? month : "", first, last) != 0 && month) {
        cli_error(_("--month must be YYYY-MM, not '%s'"), month);
    } else {
        snprintf(o.month, sizeof o.month, "%.7s", month ? month : latest);
        /* the three full months before the month planned */
        dates_previous_month(o.month, m);
        dates_month(m, first, o.to);
        dates_previous_month(m, m);
        dates_previous_month(m, m);
        dates_month(m, o.from, last);
        snprintf(o.as_of, sizeof o.as_of, "%s", o.to);
        char err[512] = "";
        struct report_result *res = report_build(db, r, "plan", &o, err, sizeof err);
        if (!res)
            cli_error(_("plan: %s"), err[0] ? err : _("out of memory"));
        else
            status = json ? stdout_status(render_json(res, stdout)) : write_stdout(res, "text", 0);
        report_result_free(res);
    }
    db_close(db);
    rules_free(r);
    return status;
}
