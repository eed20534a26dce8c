/* encoding.h - telling UTF-8 from GB18030 and converting text to UTF-8
 * (DOMAIN.md section 3.3). */
#ifndef FUNNEL_ENCODING_H
#define FUNNEL_ENCODING_H

#include <stddef.h>

/* ENCODING_UTF16: UTF-16LE or BE with a BOM, which the CSV reader turns
 * into UTF-8 before anything else sees it. */
enum encoding { ENCODING_AUTO = 0, ENCODING_UTF8 = 1, ENCODING_GB18030 = 2, ENCODING_UTF16 = 3 };

/* "utf-8", "gb18030", "utf-16" or "auto". */
const char *encoding_name(enum encoding enc);

/* Parses "auto", "utf-8"/"utf8", "gb18030"/"gbk" or "utf-16"/"utf16"/
 * "unicode" (any case). Returns -1 for anything else. */
int encoding_parse(const char *text);

/* Number of bytes of s that are not part of a valid UTF-8 sequence (NUL
 * counts as invalid). */
size_t encoding_invalid_utf8(const unsigned char *s, size_t len);

/* Number of bytes of s that are not part of a valid GB18030 sequence (NUL
 * counts as invalid). */
size_t encoding_invalid_gb18030(const unsigned char *s, size_t len);

/* Counts of invalid bytes under each encoding, fed a file in chunks. A
 * file's encoding (without a BOM) is the one with fewer, UTF-8 on a tie. */
struct encoding_guess {
    size_t bad_utf8, bad_gb;
    int utf8_need, utf8_pending, gb_state;
    unsigned char utf8_lo, utf8_hi;
};

void encoding_guess_init(struct encoding_guess *g);
void encoding_guess_feed(struct encoding_guess *g, const unsigned char *s, size_t len);
/* Feeds the UTF-8 count alone (bad_gb stays as it was): for checking that
 * a file is UTF-8 while it is read, at the cost of one validation. */
void encoding_utf8_feed(struct encoding_guess *g, const unsigned char *s, size_t len);
/* Counts a sequence left unfinished at the end of the file. */
void encoding_guess_finish(struct encoding_guess *g);
enum encoding encoding_guess_result(const struct encoding_guess *g);

struct encoder;

/* Makes a converter from enc to UTF-8 (UTF-16 text reaches it as UTF-8
 * already). Returns NULL on error. */
struct encoder *encoder_new(enum encoding enc);

/* Converts len bytes of text to NUL-terminated UTF-8. *out points into the
 * encoder's buffer (valid until the next call) or to text itself for UTF-8.
 * Returns 0, or -1 when the text holds bytes invalid in the encoding. */
int encoder_to_utf8(struct encoder *e, const char *text, size_t len, const char **out,
                    size_t *outlen);

/* Tells a UTF-8 encoder that the text it is given from now on is valid
 * UTF-8 without NULs (its reader checked every byte), or no longer known to
 * be: encoder_to_utf8 then skips or makes the check. */
void encoder_text_is_valid(struct encoder *e, int valid);

/* Like encoder_to_utf8, but never fails: bytes invalid in the encoding, and
 * NULs, each become U+FFFD. For showing a rejected row as it was. */
void encoder_to_utf8_lossy(struct encoder *e, const char *text, size_t len, const char **out,
                           size_t *outlen);

/* Frees the converter; NULL is a no-op. */
void encoder_free(struct encoder *e);

#endif
