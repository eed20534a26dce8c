/* cli.c - helpers shared by the commands: option values and error lines. */
#include "cli.h"

#include "db.h"

#include <stdarg.h>
#include <string.h>

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("funnel: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

const char *cli_option(char **argv, int argc, int *i, const char *name, int *missing)
{
    const char *arg = argv[*i];
    size_t len = strlen(name);
    if (strncmp(arg, name, len) != 0) return NULL;
    if (arg[len] == '=') return arg + len + 1;
    if (arg[len] != '\0') return NULL;
    if (*i + 1 >= argc) {
        *missing = 1;
        return NULL;
    }
    return argv[++*i];
}

int cli_open_rules_and_db(const struct cli *cli, const char *rules_path, struct rules **rules,
                          sqlite3 **db)
{
    char err[512];
    *db = NULL;
    *rules = rules_load(rules_path, err, sizeof err);
    if (*rules) *db = db_open_existing(cli->db_path, err, sizeof err);
    if (*db) return 0;
    cli_error("%s", err);
    rules_free(*rules);
    *rules = NULL;
    return 1;
}
