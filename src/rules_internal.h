/* rules_internal.h - what the modules of the rules share and nothing else
 * needs: the compiled condition's nodes, compiling and testing them, and the
 * form dealer words are compared in. */
#ifndef FUNNEL_RULES_INTERNAL_H
#define FUNNEL_RULES_INTERNAL_H

#include "rules.h"

enum node_type {
    NODE_OR,
    NODE_AND,
    NODE_NOT,
    NODE_TIMEFRAME,
    NODE_TIMEFRAME_UNKNOWN,
    NODE_FLAG,
    NODE_MISSING,
    NODE_ALWAYS
};
enum compare { CMP_LE, CMP_LT, CMP_GE, CMP_GT, CMP_EQ };
enum missing { MISSING_PHONE, MISSING_NAME, MISSING_MODEL };

struct rules_node {
    enum node_type type;
    int value; /* days, flag bits, enum missing, or enum compare in op */
    enum compare op;
    int left, right; /* child nodes, -1 when none */
};

/* Compiles the condition text into r's nodes; where ("FILE:LINE") prefixes
 * a message. Returns the root node, or -1 with err. */
int rules_condition_compile(struct rules *r, const char *text, const char *where, char *err,
                            size_t errsize);

/* Non-zero when node root is "always". */
int rules_condition_always(const struct rules *r, int root);

/* Folds text and lowers its ASCII letters into out: the form dealer words
 * and cells are compared in. */
void rules_word_key(const char *text, char *out, size_t size);

#endif
