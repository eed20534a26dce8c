/* rules_match.c - the rules applied to text: keywords of lost-sale
 * reasons, the brand a sale went to, and the dealer's own words. */
#include "rules_internal.h"

#include "normalize.h"

#include <string.h>

static int is_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80) return 0;
    return 1;
}

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int ascii_letter(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Whether needle occurs in text: as a substring, ignoring ASCII case when
 * needle is all ASCII, and then, with whole_word, not inside a longer word
 * ("Ford" is not in "afford", nor "Kia" in "Nokia"). */
static int occurs(const char *text, const char *needle, int whole_word)
{
    if (!text || !needle || !*needle) return 0;
    if (!is_ascii(needle)) return strstr(text, needle) != NULL;
    size_t k = strlen(needle);
    for (const char *p = text; *p; p++) {
        size_t i = 0;
        while (i < k && p[i] && lower((unsigned char)p[i]) == lower((unsigned char)needle[i]))
            i++;
        if (i == k && (!whole_word || ((p == text || !ascii_letter((unsigned char)p[-1])) &&
                                       !ascii_letter((unsigned char)p[k]))))
            return 1;
    }
    return 0;
}

int rules_keyword_in(const char *text, const char *keyword)
{
    return occurs(text, keyword, 0);
}

int rules_reason(const struct rules *r, int lost_contact, const char *reason, const char *notes)
{
    if (lost_contact) return r->unreachable;
    const char *text = reason && *reason ? reason : notes;
    for (int i = 0; i < r->nreasons; i++)
        for (int k = 0; k < r->reasons[i].nkeywords; k++)
            if (rules_keyword_in(text, r->reasons[i].keywords[k])) return i;
    return r->other;
}

const char *rules_brand(const struct rules *r, const char *reason, const char *notes)
{
    for (int b = 0; b < r->nbrands; b++)
        if (occurs(reason, r->brands[b], 1) || occurs(notes, r->brands[b], 1)) return r->brands[b];
    return NULL;
}

void rules_word_key(const char *text, char *out, size_t size)
{
    size_t n = norm_fold(text, out, size);
    for (size_t i = 0; i < n; i++)
        if (out[i] >= 'A' && out[i] <= 'Z') out[i] = (char)(out[i] - 'A' + 'a');
}

int rules_word(const struct rules *r, enum rules_vocab vocab, const char *text, int *value)
{
    if (!r || r->nvocab[vocab] == 0 || !text || !*text) return 0;
    char key[64];
    if (strlen(text) >= sizeof key) return 0;
    rules_word_key(text, key, sizeof key);
    for (int i = 0; i < r->nwords; i++) {
        if (r->words[i].vocab == vocab && strcmp(r->words[i].key, key) == 0) {
            *value = r->words[i].value;
            return 1;
        }
    }
    return 0;
}
