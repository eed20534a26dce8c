/* cli.h - the command line: option parsing shared by the commands, and the
 * commands themselves. Only main decides the exit status. */
#ifndef FUNNEL_CLI_H
#define FUNNEL_CLI_H

#include "rules.h"

#include <sqlite3.h>
#include <stdio.h>

#define EXIT_REJECTS 2 /* finished, with rejected rows */

/* Options every command may read; commands add their own. */
struct cli {
    const char *db_path;
    int argc;    /* the command's own arguments */
    char **argv; /* argv[0] is the command name */
};

/* Takes the value of option name from argv[*i] ("--name value" or
 * "--name=value"). Returns the value and advances *i, or NULL if argv[*i] is
 * not that option. Sets *missing when the option has no value. */
const char *cli_option(char **argv, int argc, int *i, const char *name, int *missing);

/* Loads the rules (rules_path, or the built-in ones when NULL) and opens the
 * existing database of cli. Returns 0, or 1 after printing why; then
 * nothing is left open. */
int cli_open_rules_and_db(const struct cli *cli, const char *rules_path, struct rules **rules,
                          sqlite3 **db);

/* Prints "funnel: message" on stderr, control characters in it shown as
 * escapes (output_terminal_escape). */
void cli_error(const char *fmt, ...);

int cli_import(const struct cli *cli);
/* Reads files as import would and says what importing them would do; writes
 * nothing. */
int cli_inspect(const struct cli *cli);
int cli_rejects(const struct cli *cli);
int cli_grade(const struct cli *cli);
int cli_rules(const struct cli *cli);
int cli_report(const struct cli *cli);
int cli_plan(const struct cli *cli);

/* Prints the "  NAME: ..." lines of the report command's usage: the
 * reports of the registry, the meeting packs last. */
void cli_report_usage_names(FILE *fp);

#endif
