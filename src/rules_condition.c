/* rules_condition.c - grade conditions: the small language of the rules
 * file's "when" lines ("timeframe <= 90 and (test_drive or quote)")
 * compiled to an expression tree, and tested against a customer's facts. */
#include "rules_internal.h"

#include "i18n.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *name;
    int flag;
} flag_names[] = {{"test_drive", RULES_TEST_DRIVE}, {"quote", RULES_QUOTE},
                  {"financing", RULES_FINANCING},   {"trade_in", RULES_TRADE_IN},
                  {"invited", RULES_INVITED},       {"visit", RULES_VISIT}};

#define NFLAGS (int)(sizeof flag_names / sizeof flag_names[0])

/* ---- condition parser ---- */

struct cond_parser {
    struct rules *r;
    const char *p;
    char *err;
    size_t errsize;
    const char *where; /* "FILE:LINE" */
};

static int cond_error(struct cond_parser *cp, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(cp->err, cp->errsize, "%s: %s", cp->where, msg);
    return -1;
}

static void skip_spaces(struct cond_parser *cp)
{
    while (*cp->p == ' ' || *cp->p == '\t')
        cp->p++;
}

/* Reads the next word (letters, digits, _ and +) into out; returns its length. */
static size_t next_word(struct cond_parser *cp, char *out, size_t size)
{
    skip_spaces(cp);
    size_t n = 0;
    while ((cp->p[n] >= 'a' && cp->p[n] <= 'z') || (cp->p[n] >= 'A' && cp->p[n] <= 'Z') ||
           (cp->p[n] >= '0' && cp->p[n] <= '9') || cp->p[n] == '_')
        n++;
    if (n >= size) n = size - 1;
    memcpy(out, cp->p, n);
    out[n] = '\0';
    return n;
}

static int accept_word(struct cond_parser *cp, const char *word)
{
    char w[32];
    const char *save = cp->p;
    size_t n = next_word(cp, w, sizeof w);
    if (n && strcmp(w, word) == 0) {
        cp->p += n;
        return 1;
    }
    cp->p = save;
    return 0;
}

static int new_node(struct cond_parser *cp, enum node_type type, int value, int left, int right)
{
    struct rules *r = cp->r;
    if (r->nnodes >= RULES_MAX_NODES) return cond_error(cp, _("condition too long"));
    r->nodes[r->nnodes] = (struct rules_node){type, value, CMP_LE, left, right};
    return r->nnodes++;
}

static int parse_or(struct cond_parser *cp);

static int parse_atom(struct cond_parser *cp)
{
    char w[32];
    skip_spaces(cp);
    if (*cp->p == '(') {
        cp->p++;
        int node = parse_or(cp);
        if (node < 0) return -1;
        skip_spaces(cp);
        if (*cp->p != ')') return cond_error(cp, _("missing ')' in condition"));
        cp->p++;
        return node;
    }
    if (accept_word(cp, "not")) {
        int child = parse_atom(cp);
        return child < 0 ? -1 : new_node(cp, NODE_NOT, 0, child, -1);
    }
    if (accept_word(cp, "always")) return new_node(cp, NODE_ALWAYS, 0, -1, -1);
    if (accept_word(cp, "missing")) {
        static const char *what[] = {"phone", "name", "model"};
        for (int i = 0; i < 3; i++)
            if (accept_word(cp, what[i])) return new_node(cp, NODE_MISSING, i, -1, -1);
        return cond_error(cp, _("'missing' must be followed by phone, name or model"));
    }
    if (accept_word(cp, "timeframe")) {
        if (accept_word(cp, "unknown")) return new_node(cp, NODE_TIMEFRAME_UNKNOWN, 0, -1, -1);
        skip_spaces(cp);
        static const struct {
            const char *text;
            enum compare op;
        } ops[] = {{"<=", CMP_LE}, {">=", CMP_GE}, {"<", CMP_LT}, {">", CMP_GT}, {"=", CMP_EQ}};
        for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
            size_t len = strlen(ops[i].text);
            if (strncmp(cp->p, ops[i].text, len) != 0) continue;
            cp->p += len;
            skip_spaces(cp);
            char *end;
            errno = 0;
            long days = strtol(cp->p, &end, 10);
            if (end == cp->p || errno || days < 0 || days > 100000)
                return cond_error(cp, _("timeframe %s needs a number of days"), ops[i].text);
            cp->p = end;
            int node = new_node(cp, NODE_TIMEFRAME, (int)days, -1, -1);
            if (node >= 0) cp->r->nodes[node].op = ops[i].op;
            return node;
        }
        return cond_error(cp, _("'timeframe' must be followed by <=, <, >=, >, = or unknown"));
    }
    for (int i = 0; i < NFLAGS; i++)
        if (accept_word(cp, flag_names[i].name))
            return new_node(cp, NODE_FLAG, flag_names[i].flag, -1, -1);
    next_word(cp, w, sizeof w);
    if (!*cp->p) return cond_error(cp, _("condition ends too early"));
    return cond_error(cp, _("unknown condition '%s'"), *w ? w : cp->p);
}

static int parse_and(struct cond_parser *cp)
{
    int left = parse_atom(cp);
    while (left >= 0 && accept_word(cp, "and")) {
        int right = parse_atom(cp);
        if (right < 0) return -1;
        left = new_node(cp, NODE_AND, 0, left, right);
    }
    return left;
}

static int parse_or(struct cond_parser *cp)
{
    int left = parse_and(cp);
    while (left >= 0 && accept_word(cp, "or")) {
        int right = parse_and(cp);
        if (right < 0) return -1;
        left = new_node(cp, NODE_OR, 0, left, right);
    }
    return left;
}

int rules_condition_compile(struct rules *r, const char *text, const char *where, char *err,
                            size_t errsize)
{
    struct cond_parser cp = {r, text, err, errsize, where};
    int root = parse_or(&cp);
    if (root < 0) return -1;
    skip_spaces(&cp);
    if (*cp.p) return cond_error(&cp, _("unexpected '%s' in condition"), cp.p);
    return root;
}

static int node_holds(const struct rules *r, int i, const struct rules_facts *f)
{
    const struct rules_node *n = &r->nodes[i];
    switch (n->type) {
    case NODE_OR:
        return node_holds(r, n->left, f) || node_holds(r, n->right, f);
    case NODE_AND:
        return node_holds(r, n->left, f) && node_holds(r, n->right, f);
    case NODE_NOT:
        return !node_holds(r, n->left, f);
    case NODE_ALWAYS:
        return 1;
    case NODE_FLAG:
        return (f->flags & n->value) != 0;
    case NODE_TIMEFRAME_UNKNOWN:
        return f->timeframe_days < 0;
    case NODE_MISSING:
        return n->value == MISSING_PHONE  ? !f->has_phone
               : n->value == MISSING_NAME ? !f->has_name
                                          : !f->has_model;
    case NODE_TIMEFRAME:
        if (f->timeframe_days < 0) return 0;
        switch (n->op) {
        case CMP_LE:
            return f->timeframe_days <= n->value;
        case CMP_LT:
            return f->timeframe_days < n->value;
        case CMP_GE:
            return f->timeframe_days >= n->value;
        case CMP_GT:
            return f->timeframe_days > n->value;
        case CMP_EQ:
            return f->timeframe_days == n->value;
        }
    }
    return 0;
}

int rules_condition_always(const struct rules *r, int root)
{
    return root >= 0 && r->nodes[root].type == NODE_ALWAYS;
}

int rules_grade(const struct rules *r, const struct rules_facts *facts)
{
    for (int g = 0; g < r->ngrades; g++)
        if (r->grades[g].root >= 0 && node_holds(r, r->grades[g].root, facts)) return g;
    return -1;
}
