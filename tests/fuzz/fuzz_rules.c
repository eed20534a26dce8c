/* fuzz_rules.c - libFuzzer target: the input bytes are one rules file. A
 * file rules_parse accepts must grade every combination of facts without
 * fault, name a reason and a brand for any text, and print as a rules file
 * that parses again (what `funnel rules > our.rules` relies on); a refused
 * file must say why. Build with `make fuzz`. */
#include "rules.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Grades a spread of facts: every flag combination, timeframes around
 * the usual limits, with and without phone, name and model. */
static void grade_everything(const struct rules *r)
{
    static const int timeframes[] = {-1, 0, 1, 3, 7, 15, 30, 90, 365, 100000};
    for (int flags = 0; flags < 32; flags++)
        for (size_t t = 0; t < sizeof timeframes / sizeof timeframes[0]; t++)
            for (int missing = 0; missing < 8; missing++) {
                struct rules_facts facts = {timeframes[t], flags, !(missing & 1), !(missing & 2),
                                            !(missing & 4)};
                int g = rules_grade(r, &facts);
                if (g < -1 || g >= r->ngrades) abort();
            }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1), err[512] = "";
    if (!text) return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    struct rules *r = rules_parse(text, "fuzz.rules", err, sizeof err);
    free(text);
    if (!r) {
        if (!err[0]) abort(); /* a refused file always says why */
        return 0;
    }
    grade_everything(r);
    for (int i = 0; i < r->ngrades; i++)
        if (rules_grade_index(r, r->grades[i].name) < 0) abort();
    const char *samples[] = {"", "价格太贵", "买了丰田", "can't afford it", "Ford", "\xE5"};
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        (void)rules_reason(r, 0, samples[i], samples[(i + 1) % 6]);
        (void)rules_reason(r, 1, samples[i], "");
        (void)rules_brand(r, samples[i], samples[(i + 2) % 6]);
    }

    char *printed = NULL;
    size_t printed_size = 0;
    FILE *fp = open_memstream(&printed, &printed_size);
    if (!fp) abort();
    rules_print(r, fp);
    fclose(fp);
    struct rules *again = rules_parse(printed, "printed.rules", err, sizeof err);
    if (!again) {
        fprintf(stderr, "printed rules do not parse: %s\n%s\n", err, printed);
        abort();
    }
    if (again->ngrades != r->ngrades) abort();
    rules_free(again);
    free(printed);
    rules_free(r);
    return 0;
}
