/* cli.c - helpers shared by the commands: option values and error lines. */
#include "cli.h"

#include "db.h"
#include "output.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *text = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (text) {
        va_start(ap, fmt);
        vsnprintf(text, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    /* names and values in the message may hold control characters */
    output_terminal_printf(stderr, "funnel: %s\n", text ? text : fmt);
    free(text);
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
