/* rules.c - reading, checking and printing the rules file: an INI-like text
 * of [sections] and "key = value" lines. Conditions are compiled by
 * rules_condition.c; the rules are applied to text by rules_match.c. */
#include "rules_internal.h"

#include "columns.h"
#include "embedded.h"
#include "i18n.h"
#include "normalize.h"
#include "textfile.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

int rules_grade_index(const struct rules *r, const char *name)
{
    for (int g = 0; g < r->ngrades; g++)
        if (strcmp(r->grades[g].name, name) == 0) return g;
    return -1;
}

/* ---- the file ---- */

static void free_list(char **list, int n)
{
    for (int i = 0; i < n; i++)
        free(list[i]);
    free(list);
}

void rules_free(struct rules *r)
{
    if (!r) return;
    for (int i = 0; i < r->nreasons; i++)
        free_list(r->reasons[i].keywords, r->reasons[i].nkeywords);
    free_list(r->brands, r->nbrands);
    free(r->columns);
    free(r->words);
    free(r->nodes);
    free(r);
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    char *end = s + strlen(s);
    while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
        *--end = '\0';
    return s;
}

/* Splits a comma-separated list (ASCII or full-width commas) into a new
 * array of trimmed, non-empty items. Returns the count, or -1 on no memory. */
static int split_list(const char *value, char ***out)
{
    char *copy = strdup(value);
    char **items = NULL;
    int n = 0;
    if (!copy) return -1;
    for (char *p = copy; p;) {
        char *comma = strchr(p, ',');
        char *wide = strstr(p, "，");
        char *next = NULL;
        if (wide && (!comma || wide < comma)) {
            *wide = '\0';
            next = wide + strlen("，");
        } else if (comma) {
            *comma = '\0';
            next = comma + 1;
        }
        char *item = trim(p);
        if (*item) {
            char **grown = realloc(items, (size_t)(n + 1) * sizeof *items);
            if (!grown || !(grown[n] = strdup(item))) {
                free_list(grown ? grown : items, n);
                free(copy);
                return -1;
            }
            items = grown;
            n++;
        }
        p = next;
    }
    free(copy);
    *out = items;
    return n;
}

enum section {
    SEC_NONE,
    SEC_FUNNEL,
    SEC_GRADE,
    SEC_REASON,
    SEC_BRANDS,
    SEC_COLUMNS,
    SEC_DEALER,
    SEC_VOCAB /* + enum rules_vocab */
};

static const char *const vocab_sections[RULES_VOCABS] = {"outcomes", "booleans", "directions",
                                                         "timeframes"};

const char *rules_vocab_section(enum rules_vocab vocab)
{
    return vocab >= 0 && vocab < RULES_VOCABS ? vocab_sections[vocab] : "";
}

struct file_parser {
    struct rules *r;
    const char *name;
    int line;
    enum section section;
    int index;         /* current grade or reason */
    char seen[16][32]; /* keys seen in this section */
    int seen_funnel, seen_brands, seen_columns, seen_dealer, seen_vocab[RULES_VOCABS];
    char grade_order[256]; /* [funnel] grade_order, checked once the grades are known */
    int grade_order_line;
    int nseen;
    char *err;
    size_t errsize;
};

static int file_error(struct file_parser *fp, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(fp->err, fp->errsize, "%s:%d: %s", fp->name, fp->line, msg);
    return -1;
}

/* A grade or reason name: a short word without the characters that
 * separate a line's parts, so that grade_order lists it and rules_print
 * writes a file that reads back. */
static int valid_name(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n == 0 || n >= max || strstr(s, "，")) return 0;
    for (; *s; s++)
        if (strchr(" \t]=[,", *s)) return 0;
    return 1;
}

static int vocab_section(const char *name)
{
    for (int v = 0; v < RULES_VOCABS; v++)
        if (strcmp(name, vocab_sections[v]) == 0) return v;
    return -1;
}

static int add_word(struct file_parser *fp, enum rules_vocab vocab, int value, const char *word)
{
    struct rules *r = fp->r;
    if (strlen(word) >= sizeof r->words[0].word)
        return file_error(fp, _("'%s' is longer than %zu bytes"), word, sizeof r->words[0].word - 1);
    for (int i = 0; i < r->nwords; i++)
        if (r->words[i].vocab == vocab && strcmp(r->words[i].word, word) == 0)
            return file_error(fp, _("'%s' is listed twice in [%s]"), word, vocab_sections[vocab]);
    struct rules_word *grown = realloc(r->words, (size_t)(r->nwords + 1) * sizeof *grown);
    if (!grown) return file_error(fp, _("out of memory"));
    r->words = grown;
    struct rules_word *w = &r->words[r->nwords++];
    w->vocab = vocab;
    w->value = value;
    snprintf(w->word, sizeof w->word, "%s", word);
    rules_word_key(word, w->key, sizeof w->key);
    r->nvocab[vocab]++;
    return 0;
}

/* Adds each word of the list value with the given value. */
static int add_words(struct file_parser *fp, enum rules_vocab vocab, int value, const char *list)
{
    char **words = NULL;
    int n = split_list(list, &words), rc = 0;
    if (n < 0) return file_error(fp, _("out of memory"));
    for (int i = 0; rc == 0 && i < n; i++)
        rc = add_word(fp, vocab, value, words[i]);
    free_list(words, n);
    return rc;
}

/* A [outcomes], [booleans], [directions] or [timeframes] line. */
static int take_vocab(struct file_parser *fp, enum rules_vocab vocab, const char *key,
                      const char *value)
{
    static const char *const booleans[] = {"false", "true"};
    static const char *const directions[] = {"in", "out"};
    if (vocab == RULES_TIMEFRAMES) {
        char *end;
        long days = strtol(value, &end, 10);
        if (end == value || *trim(end) || days < 0 || days > 3650)
            return file_error(fp, _("[timeframes]: '%s' must be a number of days, not '%s'"), key,
                              value);
        return add_word(fp, vocab, (int)days, key);
    }
    for (int v = 0; v <= OUTCOME_LOST; v++) {
        const char *name = vocab == RULES_OUTCOMES   ? norm_outcome_name(v)
                           : vocab == RULES_BOOLEANS ? (v < 2 ? booleans[v] : "")
                                                     : (v < 2 ? directions[v] : "");
        if (*name && strcasecmp(key, name) == 0) return add_words(fp, vocab, v, value);
    }
    return file_error(fp, _("[%s]: '%s' is not one of %s"), vocab_sections[vocab], key,
                      vocab == RULES_OUTCOMES   ? "FOLLOW, ORDER, DELIVERED, DEFEAT, LOST"
                      : vocab == RULES_BOOLEANS ? "true, false"
                                                : "in, out");
}

/* A [columns] line: field = name, name. */
static int take_columns(struct file_parser *fp, const char *key, const char *value)
{
    struct rules *r = fp->r;
    int col = column_parse(key);
    if (col < 0) return file_error(fp, _("[columns]: '%s' is not a column of funnel's"), key);
    char **names = NULL;
    int n = split_list(value, &names), rc = 0;
    if (n < 0) return file_error(fp, _("out of memory"));
    for (int i = 0; rc == 0 && i < n; i++) {
        struct rules_column *grown = realloc(r->columns, (size_t)(r->ncolumns + 1) * sizeof *grown);
        if (!grown) {
            rc = file_error(fp, _("out of memory"));
            break;
        }
        r->columns = grown;
        struct rules_column *c = &r->columns[r->ncolumns];
        c->column = col;
        snprintf(c->name, sizeof c->name, "%s", names[i]);
        column_key(names[i], strlen(names[i]), c->key, sizeof c->key);
        for (int j = 0; j < r->ncolumns; j++)
            if (strcmp(r->columns[j].key, c->key) == 0)
                rc = file_error(fp, _("[columns]: '%s' is already the name of %s"), names[i],
                                column_name(r->columns[j].column));
        if (rc == 0) r->ncolumns++;
    }
    free_list(names, n);
    return rc;
}

static int open_section(struct file_parser *fp, char *header)
{
    struct rules *r = fp->r;
    char *close = strchr(header, ']');
    if (!close || *trim(close + 1)) return file_error(fp, _("a section header is [name] alone"));
    *close = '\0';
    char *name = trim(header + 1), *arg = strchr(name, ' ');
    if (arg) *arg++ = '\0', arg = trim(arg);
    fp->nseen = 0;
    if ((strcmp(name, "funnel") == 0 || strcmp(name, "brands") == 0) && !arg) {
        int *seen = name[0] == 'f' ? &fp->seen_funnel : &fp->seen_brands;
        if ((*seen)++) return file_error(fp, _("[%s] appears twice"), name);
        fp->section = name[0] == 'f' ? SEC_FUNNEL : SEC_BRANDS;
    } else if (strcmp(name, "dealer") == 0 && !arg) {
        if (fp->seen_dealer++) return file_error(fp, _("[dealer] appears twice"));
        fp->section = SEC_DEALER;
    } else if (strcmp(name, "columns") == 0 && !arg) {
        if (fp->seen_columns++) return file_error(fp, _("[columns] appears twice"));
        fp->section = SEC_COLUMNS;
    } else if (vocab_section(name) >= 0 && !arg) {
        int v = vocab_section(name);
        if (fp->seen_vocab[v]++) return file_error(fp, _("[%s] appears twice"), name);
        fp->section = SEC_VOCAB + v;
    } else if (strcmp(name, "grade") == 0 && arg) {
        if (!valid_name(arg, sizeof r->grades[0].name))
            return file_error(fp, _("grade name '%s' must be a short word"), arg);
        if (rules_grade_index(r, arg) >= 0) return file_error(fp, _("grade %s appears twice"), arg);
        if (r->ngrades >= RULES_MAX_GRADES) return file_error(fp, _("too many grades"));
        fp->section = SEC_GRADE;
        fp->index = r->ngrades++;
        struct rules_grade *g = &r->grades[fp->index];
        snprintf(g->name, sizeof g->name, "%s", arg);
        g->root = -1;
        g->follow_up = RULES_NO_FOLLOW_UP;
        g->line = fp->line;
    } else if (strcmp(name, "reason") == 0 && arg) {
        if (!valid_name(arg, sizeof r->reasons[0].name))
            return file_error(fp, _("reason name '%s' must be a short word"), arg);
        for (int i = 0; i < r->nreasons; i++)
            if (strcmp(r->reasons[i].name, arg) == 0)
                return file_error(fp, _("reason %s appears twice"), arg);
        if (r->nreasons >= RULES_MAX_REASONS) return file_error(fp, _("too many reasons"));
        fp->section = SEC_REASON;
        fp->index = r->nreasons++;
        snprintf(r->reasons[fp->index].name, sizeof r->reasons[0].name, "%s", arg);
    } else
        return file_error(fp,
                          _("unknown section [%s%s%s]: expected [funnel], [dealer], [grade X], "
                          "[reason X], [brands], [columns], [outcomes], [booleans], "
                          "[directions] or [timeframes]"),
                          name, arg ? " " : "", arg ? arg : "");
    return 0;
}

static int parse_target(struct file_parser *fp, const char *value)
{
    int *t = fp->r->target;
    char extra;
    if (sscanf(value, "%d : %d : %d %c", &t[0], &t[1], &t[2], &extra) != 3 || t[0] <= 0 ||
        t[1] <= 0 || t[2] <= 0)
        return file_error(fp, _("target must read like 25:5:1 (three positive numbers)"));
    return 0;
}

static int parse_follow_up(struct file_parser *fp, const char *value, int *days)
{
    char *end;
    if (strcmp(value, "none") == 0) {
        *days = RULES_NO_FOLLOW_UP;
        return 0;
    }
    long n = strtol(value, &end, 10);
    if (end == value || *trim(end) || n < 0 || n > 3650)
        return file_error(fp, _("follow_up must be a number of days or none, not '%s'"), value);
    *days = (int)n;
    return 0;
}

static int take_key(struct file_parser *fp, const char *key, const char *value)
{
    struct rules *r = fp->r;
    for (int i = 0; i < fp->nseen; i++)
        if (strcmp(fp->seen[i], key) == 0) return file_error(fp, _("'%s' set twice"), key);
    if (fp->nseen < 16) snprintf(fp->seen[fp->nseen++], sizeof fp->seen[0], "%s", key);

    if (fp->section >= SEC_VOCAB)
        return take_vocab(fp, (enum rules_vocab)(fp->section - SEC_VOCAB), key, value);
    switch (fp->section) {
    case SEC_COLUMNS:
        return take_columns(fp, key, value);
    case SEC_VOCAB:
        break;
    case SEC_NONE:
        return file_error(fp, _("'%s' outside any section"), key);
    case SEC_FUNNEL:
        if (strcmp(key, "target") == 0) return parse_target(fp, value);
        if (strcmp(key, "date_order") == 0) {
            if (strcmp(value, "mdy") == 0) return r->date_order = NORM_ORDER_MDY, 0;
            if (strcmp(value, "dmy") == 0) return r->date_order = NORM_ORDER_DMY, 0;
            return file_error(fp, _("date_order must be mdy or dmy, not '%s'"), value);
        }
        if (strcmp(key, "grade_order") == 0) {
            snprintf(fp->grade_order, sizeof fp->grade_order, "%s", value);
            fp->grade_order_line = fp->line;
            return 0;
        }
        break;
    case SEC_DEALER:
        if (strcmp(key, "name") == 0) {
            if (strlen(value) >= sizeof r->dealer)
                return file_error(fp, _("name longer than %zu bytes"), sizeof r->dealer - 1);
            snprintf(r->dealer, sizeof r->dealer, "%s", value);
            return 0;
        }
        break;
    case SEC_BRANDS:
        if (strcmp(key, "list") == 0) {
            free_list(r->brands, r->nbrands);
            r->brands = NULL;
            r->nbrands = split_list(value, &r->brands);
            return r->nbrands < 0 ? file_error(fp, _("out of memory")) : 0;
        }
        break;
    case SEC_GRADE: {
        struct rules_grade *g = &r->grades[fp->index];
        if (strcmp(key, "label") == 0) {
            snprintf(g->label, sizeof g->label, "%s", value);
            return 0;
        }
        if (strcmp(key, "purpose") == 0) {
            if (strlen(value) >= sizeof g->purpose)
                return file_error(fp, _("purpose longer than %zu bytes"), sizeof g->purpose - 1);
            snprintf(g->purpose, sizeof g->purpose, "%s", value);
            return 0;
        }
        if (strcmp(key, "follow_up") == 0) return parse_follow_up(fp, value, &g->follow_up);
        if (strcmp(key, "when") == 0) {
            char where[600];
            if (strcmp(g->name, "O") == 0)
                return file_error(fp, _("grade O is given by an order and takes no 'when'"));
            snprintf(where, sizeof where, "%s:%d", fp->name, fp->line);
            if (strlen(value) >= sizeof g->when)
                return file_error(fp, _("condition longer than %zu characters"), sizeof g->when - 1);
            snprintf(g->when, sizeof g->when, "%s", value);
            g->root = rules_condition_compile(r, value, where, fp->err, fp->errsize);
            return g->root < 0 ? -1 : 0;
        }
        break;
    }
    case SEC_REASON: {
        struct rules_reason *reason = &r->reasons[fp->index];
        if (strcmp(key, "label") == 0) {
            snprintf(reason->label, sizeof reason->label, "%s", value);
            return 0;
        }
        if (strcmp(key, "keywords") == 0) {
            reason->nkeywords = split_list(value, &reason->keywords);
            return reason->nkeywords < 0 ? file_error(fp, _("out of memory")) : 0;
        }
        break;
    }
    }
    return file_error(fp, _("unknown key '%s' in this section"), key);
}

/* The order reports show grades in: [funnel] grade_order, else the order
 * of the [grade] sections. Every grade must be listed once. */
static int check_display_order(struct file_parser *fp)
{
    struct rules *r = fp->r;
    for (int g = 0; g < r->ngrades; g++)
        r->display[g] = g;
    if (!fp->grade_order[0]) return 0;
    char **names = NULL;
    int n = split_list(fp->grade_order, &names), rc = 0;
    fp->line = fp->grade_order_line;
    if (n != r->ngrades)
        rc = file_error(fp, _("grade_order must list each of the %d grades once"), r->ngrades);
    for (int i = 0; rc == 0 && i < n; i++) {
        int g = rules_grade_index(r, names[i]);
        for (int j = 0; j < i && g >= 0; j++)
            if (r->display[j] == g) g = -1;
        if (g < 0)
            rc = file_error(fp, _("grade_order: '%s' is not a grade, or is listed twice"), names[i]);
        else
            r->display[i] = g;
    }
    free_list(names, n < 0 ? 0 : n);
    return rc;
}

/* Whole-file checks once every line is read. */
static int check_rules(struct file_parser *fp)
{
    struct rules *r = fp->r;
    int always = 0, end = fp->line; /* what is missing is reported at the end of the file */
    r->order_grade = rules_grade_index(r, "O");
    if (r->order_grade < 0) return file_error(fp, _("no [grade O] (the grade of an order)"));
    for (int g = 0; g < r->ngrades; g++) {
        fp->line = r->grades[g].line;
        if (g != r->order_grade && r->grades[g].root < 0)
            return file_error(fp, _("grade %s has no 'when'"), r->grades[g].name);
        if (rules_condition_always(r, r->grades[g].root)) always = 1;
    }
    fp->line = end;
    if (r->ngrades < 2) return file_error(fp, _("no grades besides O"));
    if (check_display_order(fp) != 0) return -1;
    fp->line = end;
    if (!always)
        return file_error(fp, _("no grade has 'when = always': some customers would get none"));
    r->unreachable = r->other = -1;
    for (int i = 0; i < r->nreasons; i++) {
        if (strcmp(r->reasons[i].name, "unreachable") == 0) r->unreachable = i;
        if (strcmp(r->reasons[i].name, "other") == 0) r->other = i;
    }
    if (r->unreachable < 0) return file_error(fp, _("no [reason unreachable] (for lost contacts)"));
    if (r->other < 0) return file_error(fp, _("no [reason other] (for what nothing matches)"));
    return 0;
}

struct rules *rules_parse(const char *text, const char *name, char *err, size_t errsize)
{
    struct rules *r = calloc(1, sizeof *r);
    char *copy = strdup(text);
    if (!r || !copy || !(r->nodes = calloc(RULES_MAX_NODES, sizeof *r->nodes))) {
        snprintf(err, errsize, _("%s: out of memory"), name);
        free(copy);
        rules_free(r);
        return NULL;
    }
    snprintf(r->source, sizeof r->source, "%s", name);
    r->target[0] = 25, r->target[1] = 5, r->target[2] = 1;
    struct file_parser fp = {
        .r = r, .name = name, .section = SEC_NONE, .err = err, .errsize = errsize};
    int rc = 0;
    char *line = copy;
    if (strncmp(line, "\xEF\xBB\xBF", 3) == 0) line += 3;
    while (rc == 0 && line && *line) {
        char *next = strchr(line, '\n');
        if (next) *next++ = '\0';
        fp.line++;
        char *hash = strchr(line, '#');
        if (hash) *hash = '\0';
        char *s = trim(line);
        if (*s == '[')
            rc = open_section(&fp, s);
        else if (*s) {
            char *eq = strchr(s, '=');
            if (!eq)
                rc = file_error(&fp, _("expected 'key = value' or a [section], not '%s'"), s);
            else {
                *eq = '\0';
                char *key = trim(s), *value = trim(eq + 1);
                if (!*value)
                    rc = file_error(&fp, _("'%s' has no value"), key);
                else
                    rc = take_key(&fp, key, value);
            }
        }
        line = next;
    }
    free(copy);
    if (rc == 0) rc = check_rules(&fp);
    if (rc != 0) {
        rules_free(r);
        return NULL;
    }
    return r;
}

struct rules *rules_load(const char *path, char *err, size_t errsize)
{
    if (!path) {
        const char *text = embedded_find("default.rules");
        if (!text) {
            snprintf(err, errsize, _("built-in rules missing from this build"));
            return NULL;
        }
        return rules_parse(text, "(built-in defaults)", err, errsize);
    }
    char *text = textfile_read(path, (size_t)4 << 20, NULL, err, errsize);
    if (!text) return NULL;
    if (!text[0]) {
        snprintf(err, errsize, _("%s:1: empty rules file"), path);
        free(text);
        return NULL;
    }
    struct rules *r = rules_parse(text, path, err, errsize);
    free(text);
    return r;
}

static void print_list(FILE *fp, const char *key, char **items, int n)
{
    fprintf(fp, "%s = ", key);
    for (int i = 0; i < n; i++)
        fprintf(fp, "%s%s", i ? ", " : "", items[i]);
    fputc('\n', fp);
}

/* The [columns] and vocabulary sections, when the file has them. */
static void print_dealer_names(const struct rules *r, FILE *fp)
{
    for (int c = 0; c < COL_COUNT; c++) {
        int n = 0;
        for (int i = 0; i < r->ncolumns; i++) {
            if (r->columns[i].column != c) continue;
            if (!n++)
                fprintf(fp, "%s%s = ", c == r->columns[0].column ? "\n[columns]\n" : "",
                        column_name(c));
            fprintf(fp, "%s%s", n > 1 ? ", " : "", r->columns[i].name);
        }
        if (n) fputc('\n', fp);
    }
    for (int v = 0; v < RULES_VOCABS; v++) {
        if (!r->nvocab[v]) continue;
        fprintf(fp, "\n[%s]\n", vocab_sections[v]);
        for (int i = 0; i < r->nwords; i++)
            if (v == RULES_TIMEFRAMES && (int)r->words[i].vocab == v)
                fprintf(fp, "%s = %d\n", r->words[i].word, r->words[i].value);
        for (int value = 0; v != RULES_TIMEFRAMES && value <= OUTCOME_LOST; value++) {
            int n = 0;
            for (int i = 0; i < r->nwords; i++) {
                const struct rules_word *w = &r->words[i];
                if ((int)w->vocab != v || w->value != value) continue;
                if (!n++)
                    fprintf(fp, "%s = ",
                            v == RULES_OUTCOMES   ? norm_outcome_name(value)
                            : v == RULES_BOOLEANS ? (value ? "true" : "false")
                                                  : (value ? "out" : "in"));
                fprintf(fp, "%s%s", n > 1 ? ", " : "", w->word);
            }
            if (n) fputc('\n', fp);
        }
    }
}

void rules_print(const struct rules *r, FILE *fp)
{
    fprintf(fp, "# rules in force: %s\n\n[funnel]\ntarget = %d:%d:%d\n", r->source, r->target[0],
            r->target[1], r->target[2]);
    if (r->date_order != NORM_ORDER_UNKNOWN)
        fprintf(fp, "date_order = %s\n", r->date_order == NORM_ORDER_MDY ? "mdy" : "dmy");
    fprintf(fp, "grade_order = ");
    for (int g = 0; g < r->ngrades; g++)
        fprintf(fp, "%s%s", g ? ", " : "", r->grades[r->display[g]].name);
    fputc('\n', fp);
    if (r->dealer[0]) fprintf(fp, "\n[dealer]\nname = %s\n", r->dealer);
    for (int g = 0; g < r->ngrades; g++) {
        const struct rules_grade *gr = &r->grades[g];
        fprintf(fp, "\n[grade %s]\n", gr->name);
        if (gr->label[0]) fprintf(fp, "label = %s\n", gr->label);
        if (gr->root >= 0) fprintf(fp, "when = %s\n", gr->when);
        if (gr->follow_up == RULES_NO_FOLLOW_UP)
            fprintf(fp, "follow_up = none\n");
        else
            fprintf(fp, "follow_up = %d\n", gr->follow_up);
        if (gr->purpose[0]) fprintf(fp, "purpose = %s\n", gr->purpose);
    }
    for (int i = 0; i < r->nreasons; i++) {
        const struct rules_reason *reason = &r->reasons[i];
        fprintf(fp, "\n[reason %s]\n", reason->name);
        if (reason->label[0]) fprintf(fp, "label = %s\n", reason->label);
        if (reason->nkeywords) print_list(fp, "keywords", reason->keywords, reason->nkeywords);
    }
    fprintf(fp, "\n[brands]\n");
    if (r->nbrands) print_list(fp, "list", r->brands, r->nbrands);
    print_dealer_names(r, fp);
}
