/* fuzz_import.c - libFuzzer target: the input bytes are one CSV file. They
 * go through the streaming reader (csvin) with every normalizer run on every
 * field, then through import_file into an in-memory database, once with the
 * encoding detected, once as GB18030, and once with the reading options of
 * real exports that the first byte picks (a separator, --kind, --fill-down,
 * --ignore-column, and a rules file of the dealer's own column names, words
 * and date order); a successful import must add up (read = imported +
 * duplicates + rejected + skipped). Build with `make fuzz`. */
#include "csvin.h"
#include "db.h"
#include "encoding.h"
#include "import.h"
#include "normalize.h"
#include "rules.h"

#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char path[64];

/* Runs every normalizer on the field (as UTF-8 and as GB18030 text). */
static int each_record(const struct csvin_record *rec, void *data)
{
    struct encoder *gb = data;
    static char trimmed[CSVIN_MAX_FIELD + 1];
    for (int i = 0; i < rec->nfields; i++) {
        const char *texts[2] = {rec->fields[i], NULL};
        const char *out;
        size_t outlen;
        if (encoder_to_utf8(gb, rec->fields[i], rec->lengths[i], &out, &outlen) == 0)
            texts[1] = out;
        encoder_to_utf8_lossy(gb, rec->fields[i], rec->lengths[i], &out, &outlen);
        for (int t = 0; t < 2; t++) {
            if (!texts[t]) continue;
            char day[NORM_DAY_SIZE], time[NORM_TIME_SIZE], phone[NORM_PHONE_SIZE], mask[32];
            int v;
            long seconds;
            norm_trim(texts[t], trimmed, sizeof trimmed);
            norm_datetime(trimmed, day, time);
            norm_time(trimmed, time);
            if (norm_phone(trimmed, phone) == NORM_OK) norm_mask_phone(phone, mask, sizeof mask);
            norm_bool(trimmed, &v);
            norm_direction(trimmed, &v);
            norm_duration(trimmed, &seconds);
            norm_timeframe(trimmed, &v);
            if (norm_outcome(trimmed, &v) == NORM_OK) (void)norm_outcome_name(v);
        }
    }
    if (rec->raw_length > CSVIN_MAX_RECORD) abort();
    if (rec->nfields > CSVIN_MAX_FIELDS || rec->nfields_seen < rec->nfields) abort();
    return 0;
}

static void read_with_csvin(void)
{
    char err[256];
    struct csvin *in = csvin_open(path, err, sizeof err);
    struct encoder *gb = encoder_new(ENCODING_GB18030);
    if (in && gb) csvin_read(in, each_record, gb, err, sizeof err);
    encoder_free(gb);
    csvin_close(in);
}

static void import_into_memory(const struct import_options *options)
{
    sqlite3 *db = NULL;
    char err[256];
    if (sqlite3_open(":memory:", &db) != SQLITE_OK) abort();
    if (db_exec(db, "PRAGMA foreign_keys = ON", err, sizeof err) != 0 ||
        db_migrate(db, err, sizeof err) != 0) {
        fprintf(stderr, "migrate: %s\n", err);
        abort();
    }
    static struct import_summary sum;
    if (import_file(db, path, options, &sum) == 0) {
        if (sum.read != sum.imported + sum.duplicates + sum.rejected + sum.skipped) {
            fprintf(stderr,
                    "unbalanced: read %ld imported %ld duplicates %ld rejected %ld skipped %ld\n",
                    sum.read, sum.imported, sum.duplicates, sum.rejected, sum.skipped);
            abort();
        }
        long long stored = -1;
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(db,
                               "SELECT (SELECT count(*) FROM contacts),"
                               " (SELECT count(*) FROM quarantine)",
                               -1, &st, NULL) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW) {
            stored = sqlite3_column_int64(st, 0);
            if (sqlite3_column_int64(st, 1) != sum.rejected) abort();
        }
        sqlite3_finalize(st);
        if (stored != sum.imported) abort();
    } else if (!sum.fatal[0]) {
        abort(); /* a refused file always says why */
    }
    sqlite3_close(db);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!path[0]) snprintf(path, sizeof path, "/tmp/fuzz-import-%d.csv", (int)getpid());
    FILE *fp = fopen(path, "wb");
    if (!fp) abort();
    if (size && fwrite(data, 1, size, fp) != size) abort();
    fclose(fp);
    read_with_csvin();
    struct import_options options = {.kind = KIND_UNKNOWN, .encoding = ENCODING_AUTO};
    import_into_memory(&options);
    options.encoding = ENCODING_GB18030;
    import_into_memory(&options);

    static struct rules *dealer;
    if (!dealer) {
        char err[256];
        dealer = rules_parse("[funnel]\ndate_order = dmy\n[grade O]\n[grade C]\nwhen = always\n"
                             "[reason unreachable]\n[reason other]\n"
                             "[columns]\nphone = 号码, tel2\nsalesperson = 跟单人\n"
                             "[outcomes]\nORDER = 签了\n[booleans]\ntrue = 要\n"
                             "[directions]\nout = 外拨\n[timeframes]\n年底前 = 60\n",
                             "fuzz.rules", err, sizeof err);
        if (!dealer) abort();
    }
    static const char delimiters[] = {0, ',', ';', '\t', '|'};
    unsigned pick = size ? data[0] : 0;
    options = (struct import_options){
        .kind = (enum kind)(pick & 3) == KIND_VISITS  ? KIND_VISITS
                : (enum kind)(pick & 3) == KIND_CALLS ? KIND_CALLS
                                                      : KIND_UNKNOWN,
        .encoding = ENCODING_AUTO,
        .delimiter = delimiters[(pick >> 2) % sizeof delimiters],
        .fill_down = (pick & 0x20) ? "salesperson,date" : NULL,
        .ignore = (pick & 0x40) ? "notes,备注" : NULL,
        .rules = (pick & 0x80) ? dealer : NULL,
        .tally = 1,
    };
    import_into_memory(&options);
    return 0;
}
