/* main.c - funnel's entry point: global options, the command table, and the
 * exit status. */
#include "cli.h"
#include "i18n.h"
#include "version.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

/* Where the message catalogs are (LOCALE/LC_MESSAGES/funnel.mo): the
 * Makefile sets the build tree's for ./funnel and PREFIX's for make install. */
#ifndef FUNNEL_LOCALEDIR
#define FUNNEL_LOCALEDIR "/usr/local/share/locale"
#endif

struct command {
    const char *name;
    int (*run)(const struct cli *cli);
    const char *usage;
    void (*usage_list)(FILE *fp); /* a list printed after usage, or NULL */
    const char *usage_more;       /* printed after the list, or NULL */
};

static const struct command commands[] = {
    {"import", cli_import,
     N_("funnel [--db FILE] import [--kind visits|calls|targets|assignments]\n"
     "                          [--encoding auto|utf-8|gb18030|utf-16]\n"
     "                          [--delimiter C] [--fill-down COLUMN,...] [--ignore-column NAME]\n"
     "                          [--store NAME] [--rules FILE] [--format text|json] FILE...\n"
     "  Imports visit and phone logs (CSV). Bad rows go to the quarantine with their line\n"
     "  and reason; rows already in the database count as duplicates; summary rows (合计,\n"
     "  制表, ...) are skipped. Each file lands whole or not at all. Exit status: 0 all rows\n"
     "  imported, duplicates or skipped, 2 some rows rejected, 1 a file refused or bad usage.\n"),
     NULL, NULL},
    {"inspect", cli_inspect,
     N_("funnel inspect [--kind ...] [--encoding ...] [--delimiter C] [--fill-down COLUMN,...]\n"
     "               [--ignore-column NAME] [--rules FILE] [--format text|json] FILE...\n"
     "  Shows how each file would be read (encoding, separator, header line, kind, each\n"
     "  column's field, the share of each field's values understood and the commonest\n"
     "  that are not) and what importing it would do (read, imported, rejected, skipped,\n"
     "  the first messages), without writing anything.\n"),
     NULL, NULL},
    {"rejects", cli_rejects,
     N_("funnel [--db FILE] rejects [--format text|csv]\n"
     "  Lists the quarantine: the rejected rows of the latest import of each file, with\n"
     "  file, line, reason and the row as it was, so they can be fixed and imported again.\n"),
     NULL, NULL},
    {"grade", cli_grade,
     N_("funnel [--db FILE] grade [--as-of DATE] [--rules FILE] [--format text|json]\n"
     "                         [--explain PHONE [--name NAME] [--store NAME]]\n"
     "  Grades every customer as of DATE (default: the latest contact) with the rules\n"
     "  (default: built in) and prints the count per grade, delivered, defeated and lost.\n"
     "  --explain PHONE shows that customer's contacts in order and the rule that gave\n"
     "  the grade (of store NAME in a dealer group's database). PHONE may be masked as\n"
     "  the reports show it (138****5678): the customer whose phone fits it, with --name\n"
     "  the one of that name, in any store or in --store NAME; when several fit, they\n"
     "  are listed and nothing is explained.\n"),
     NULL, NULL},
    {"report", cli_report,
     N_("funnel [--db FILE] report NAME [--month YYYY-MM | --week YYYY-Www | --from D --to D]\n"
     "                   [--as-of DATE] [--date DATE] [--salesperson NAME] [--store NAME]\n"
     "                   [--format text|csv|json|html|xlsx] [--out DIR] [--rules FILE]\n"
     "                   [--queries DIR] [--show-phones] [--wide]\n"),
     cli_report_usage_names,
     N_(", written with every table (CSV), chart (PNG, SVG), JSON, a workbook (XLSX) and\n"
     "  one HTML file into --out (default out/); any report with --out is written so.\n"
     "  The period defaults to the month (week) of --as-of or of the latest contact;\n"
     "  followup plans the week after it (as of the Sunday before the week), daily\n"
     "  reports --date (default: the latest contact's day). handover --salesperson X\n"
     "  [--to A,B,...] deals X's active customers as of --as-of to A, B, ... (default:\n"
     "  everyone else with a contact in the 30 days to it); its CSV, with a 新销售顾问\n"
     "  column, is the sheet to edit and import back (import --kind assignments).\n"
     "  Phones are masked (138****5678) unless --show-phones is given. --queries DIR\n"
     "  runs edited copies of the SQL files in queries/. --store NAME reports one store\n"
     "  of a dealer group as if the database held it alone; without it a group's\n"
     "  reports cover every store, a person counted once (report stores compares them).\n"
     "  Text tables fit 100 columns (Chinese headers, long text wrapped); --wide prints\n"
     "  them whole, bilingual.\n")},
    {"plan", cli_plan,
     N_("funnel [--db FILE] plan --buyers N [--month YYYY-MM] [--salesperson NAME] [--store NAME]\n"
     "                        [--format text|json] [--rules FILE]\n"
     "  What N buyers in the month need: visitors and prospects by the target ratio\n"
     "  (25:5:1 unless the rules say otherwise), and by the dealer's own visit and close\n"
     "  rates of the three full months before it; per salesperson with a target.\n"),
     NULL, NULL},
    {"rules", cli_rules,
     N_("funnel rules [--rules FILE]\n"
     "  Prints the rules in force (built in, or FILE) in the rules-file format.\n"),
     NULL, NULL},
};

#define COMMAND_COUNT (sizeof commands / sizeof commands[0])

static void command_usage(const struct command *c, FILE *fp)
{
    fputs(_(c->usage), fp);
    if (c->usage_list) c->usage_list(fp);
    if (c->usage_more) fputs(_(c->usage_more), fp);
}

static void usage(FILE *fp)
{
    fprintf(fp, _("funnel %s - visit and phone logs of a car dealership, graded and reported\n\n"
                  "Usage:\n"),
            FUNNEL_VERSION);
    for (size_t i = 0; i < COMMAND_COUNT; i++)
        command_usage(&commands[i], fp);
    fputs(_("funnel --help | --version\n\n"
          "--db defaults to $FUNNEL_DB, else funnel.db; it is created with mode 0600.\n"
          "'funnel COMMAND --help' describes one command.\n"),
          fp);
}

/* Runs the command and checks that its standard output was written: a
 * write error (a full disk, `ulimit -f`) is exit status 1 with the reason. */
static int run_command(const struct command *command, const struct cli *cli)
{
    int status = command->run(cli);
    errno = 0;
    int flushed = fflush(stdout) == 0;
    if (!flushed || ferror(stdout)) {
        cli_error(_("standard output: %s"), !flushed && errno ? strerror(errno) : _("write error"));
        return 1;
    }
    return status;
}

int main(int argc, char **argv)
{
    struct cli cli = {getenv("FUNNEL_DB"), 0, NULL};
    int i = 1, missing = 0;
    /* over `ulimit -f`, a write fails with "File too large" that the
     * command reports, instead of the process being killed in silence */
    signal(SIGXFSZ, SIG_IGN);
    if (!cli.db_path || !*cli.db_path) cli.db_path = "funnel.db";
    i18n_init(FUNNEL_LOCALEDIR);

    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *value;
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        }
        if (strcmp(argv[i], "--version") == 0) {
            puts("funnel " FUNNEL_VERSION);
            return 0;
        }
        if ((value = cli_option(argv, argc, &i, "--db", &missing))) {
            cli.db_path = value;
            continue;
        }
        if (missing)
            cli_error(_("option %s needs a value"), argv[i]);
        else
            cli_error(_("unknown option %s (see funnel --help)"), argv[i]);
        return 1;
    }
    if (i >= argc) {
        usage(stderr);
        return 1;
    }
    for (size_t c = 0; c < COMMAND_COUNT; c++) {
        if (strcmp(argv[i], commands[c].name) != 0) continue;
        for (int j = i + 1; j < argc; j++) {
            if (strcmp(argv[j], "--help") == 0 || strcmp(argv[j], "-h") == 0) {
                command_usage(&commands[c], stdout);
                return 0;
            }
        }
        cli.argc = argc - i;
        cli.argv = argv + i;
        return run_command(&commands[c], &cli);
    }
    cli_error(_("unknown command '%s' (see funnel --help)"), argv[i]);
    return 1;
}
