/* rules.h - the dealer's rules, read from a file a manager can edit: grades
 * and their conditions, follow-up intervals, lost-sale reasons and brands,
 * the funnel target. The defaults (reports/default.rules) reproduce
 * DOMAIN.md sections 6 and 7.3. A rules value owns all its memory. */
#ifndef FUNNEL_RULES_H
#define FUNNEL_RULES_H

#include <stddef.h>
#include <stdio.h>

#define RULES_MAX_GRADES 16
#define RULES_MAX_REASONS 32
#define RULES_MAX_NODES 64
#define RULES_NO_FOLLOW_UP (-1)

/* Facts about one customer that grade conditions test. */
enum rules_flag {
    RULES_TEST_DRIVE = 1 << 0,
    RULES_QUOTE = 1 << 1,
    RULES_FINANCING = 1 << 2,
    RULES_TRADE_IN = 1 << 3,
    RULES_INVITED = 1 << 4,
    RULES_VISIT = 1 << 5
};

struct rules_facts {
    int timeframe_days; /* latest stated since the last defeat; -1 unknown */
    int flags;          /* enum rules_flag bits, on contacts since the last defeat */
    int has_phone, has_name, has_model; /* over all contacts */
};

struct rules_node; /* a compiled condition */

struct rules_grade {
    char name[8]; /* "H", "A+", ... */
    char label[64];
    char purpose[128]; /* why the customer is followed up (追踪目的), "" when not said */
    char when[256];    /* the condition as written */
    int root;          /* index of its condition in nodes, -1 for O */
    int follow_up;     /* days, or RULES_NO_FOLLOW_UP */
    int line;          /* line of its [grade X] header, for messages */
};

struct rules_reason {
    char name[32]; /* "price" */
    char label[64];
    char **keywords;
    int nkeywords;
};

/* A dealer's own name for a column ([columns] phone = 客户电话). */
struct rules_column {
    int column;    /* enum column */
    char key[64];  /* the name in column_key form */
    char name[64]; /* as written */
};

/* The vocabularies a dealer can widen with words of its own. */
enum rules_vocab {
    RULES_OUTCOMES,   /* [outcomes] ORDER = 已成交, 成交 */
    RULES_BOOLEANS,   /* [booleans] true = 要 */
    RULES_DIRECTIONS, /* [directions] out = 外拨 */
    RULES_TIMEFRAMES, /* [timeframes] 年底前 = 60 */
    RULES_VOCABS
};

struct rules_word {
    enum rules_vocab vocab;
    int value;     /* enum outcome, 0/1, enum direction, or days */
    char word[64]; /* as written */
    char key[64];  /* folded, ASCII in lower case: what a cell is compared in */
};

struct rules {
    char source[512]; /* the file read, or "(built-in defaults)" */
    char dealer[128]; /* [dealer] name: shown in the packs' footers, "" when not given */
    struct rules_column *columns;
    int ncolumns;
    struct rules_word *words;
    int nwords;
    int nvocab[RULES_VOCABS]; /* words per vocabulary */
    int date_order;           /* NORM_ORDER_*: how A/B/YYYY dates read */
    int target[3];            /* prospects : visitors : buyers */
    struct rules_grade grades[RULES_MAX_GRADES];
    int ngrades;
    int order_grade;               /* index of grade O */
    int display[RULES_MAX_GRADES]; /* grade indexes in the order reports show them */
    struct rules_reason reasons[RULES_MAX_REASONS];
    int nreasons;
    int unreachable, other; /* indexes of the two fixed reasons */
    char **brands;
    int nbrands;
    struct rules_node *nodes;
    int nnodes;
};

/* Reads the rules file at path, or the built-in defaults when path is NULL.
 * Returns a rules value the caller frees with rules_free, or NULL with
 * "FILE:LINE: what is wrong" in err; nothing is half-read. */
struct rules *rules_load(const char *path, char *err, size_t errsize);

/* Parses rules from text; name is used in messages. Same contract. */
struct rules *rules_parse(const char *text, const char *name, char *err, size_t errsize);

void rules_free(struct rules *r);

/* Index of the first grade (other than O) whose condition holds, or -1 if
 * none does. */
int rules_grade(const struct rules *r, const struct rules_facts *facts);

/* Index of the grade named name ("A+"), or -1. */
int rules_grade_index(const struct rules *r, const char *name);

/* Reason of a lost sale: LOST (lost_contact non-zero) is always the
 * unreachable reason; otherwise the first reason with a keyword in text
 * (the defeat reason, or the notes when it is empty); else "other". */
int rules_reason(const struct rules *r, int lost_contact, const char *reason, const char *notes);

/* The first brand of the list occurring in reason or notes, or NULL. An
 * ASCII brand must stand as a word ("Ford" is not in "afford"). */
const char *rules_brand(const struct rules *r, const char *reason, const char *notes);

/* Non-zero when keyword occurs in text: as a substring, ignoring ASCII case
 * when the keyword is all ASCII. */
int rules_keyword_in(const char *text, const char *keyword);

/* The dealer's word for text (a trimmed cell) in vocab: 1 with its value
 * in *value, or 0 when the rules file adds no such word. Compared after
 * full-width folding, ignoring ASCII case. */
int rules_word(const struct rules *r, enum rules_vocab vocab, const char *text, int *value);

/* The rules-file section of a vocabulary: "outcomes", "booleans", ... */
const char *rules_vocab_section(enum rules_vocab vocab);

/* Prints the rules in force in the file format (so the output can be saved
 * and edited). */
void rules_print(const struct rules *r, FILE *fp);

#endif
