/* encoding.c - byte-level validators for UTF-8 and GB18030, detection of a
 * file's encoding, and conversion of GB18030 fields to UTF-8 with iconv. */
#include "encoding.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *encoding_name(enum encoding enc)
{
    return enc == ENCODING_UTF8      ? "utf-8"
           : enc == ENCODING_GB18030 ? "gb18030"
           : enc == ENCODING_UTF16   ? "utf-16"
                                     : "auto";
}

static int equals_nocase(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = (*a >= 'A' && *a <= 'Z') ? (char)(*a + 32) : *a;
        if (x != *b) return 0;
    }
    return *a == *b;
}

int encoding_parse(const char *text)
{
    if (equals_nocase(text, "auto")) return ENCODING_AUTO;
    if (equals_nocase(text, "utf-8") || equals_nocase(text, "utf8")) return ENCODING_UTF8;
    if (equals_nocase(text, "gb18030") || equals_nocase(text, "gbk")) return ENCODING_GB18030;
    if (equals_nocase(text, "utf-16") || equals_nocase(text, "utf16") ||
        equals_nocase(text, "unicode"))
        return ENCODING_UTF16;
    return -1;
}

/* The validators are byte-at-a-time state machines, so that a file can be
 * fed in chunks. A broken sequence counts each of its bytes as invalid; the
 * byte that broke it starts afresh. */

static void utf8_feed(struct encoding_guess *g, unsigned char b)
{
    if (g->utf8_need > 0) {
        if (b >= g->utf8_lo && b <= g->utf8_hi) {
            g->utf8_lo = 0x80, g->utf8_hi = 0xBF;
            if (--g->utf8_need == 0)
                g->utf8_pending = 0;
            else
                g->utf8_pending++;
            return;
        }
        g->bad_utf8 += g->utf8_pending;
        g->utf8_need = g->utf8_pending = 0;
    }
    g->utf8_lo = 0x80, g->utf8_hi = 0xBF;
    if (b >= 0x01 && b <= 0x7F) return;
    if (b >= 0xC2 && b <= 0xDF)
        g->utf8_need = 1;
    else if (b >= 0xE0 && b <= 0xEF) {
        g->utf8_need = 2;
        if (b == 0xE0) g->utf8_lo = 0xA0;
        if (b == 0xED) g->utf8_hi = 0x9F;
    } else if (b >= 0xF0 && b <= 0xF4) {
        g->utf8_need = 3;
        if (b == 0xF0) g->utf8_lo = 0x90;
        if (b == 0xF4) g->utf8_hi = 0x8F;
    } else {
        g->bad_utf8++;
        return;
    }
    g->utf8_pending = 1;
}

static void gb18030_feed(struct encoding_guess *g, unsigned char b)
{
    switch (g->gb_state) {
    case 1: /* after a lead byte */
        if ((b >= 0x40 && b <= 0x7E) || (b >= 0x80 && b <= 0xFE)) {
            g->gb_state = 0;
            return;
        }
        if (b >= 0x30 && b <= 0x39) {
            g->gb_state = 2;
            return;
        }
        break;
    case 2: /* lead, digit */
        if (b >= 0x81 && b <= 0xFE) {
            g->gb_state = 3;
            return;
        }
        break;
    case 3: /* lead, digit, lead */
        if (b >= 0x30 && b <= 0x39) {
            g->gb_state = 0;
            return;
        }
        break;
    default:
        break;
    }
    g->bad_gb += (size_t)g->gb_state;
    g->gb_state = 0;
    if (b >= 0x01 && b <= 0x7F) return;
    if (b >= 0x81 && b <= 0xFE)
        g->gb_state = 1;
    else
        g->bad_gb++;
}

/* Length of the run of ASCII bytes other than NUL at the start of s, read a
 * word at a time: most of an export is ASCII. */
static size_t ascii_run(const unsigned char *s, size_t len)
{
    size_t i = 0;
    const uint64_t high = 0x8080808080808080ULL, ones = 0x0101010101010101ULL;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if ((w & high) || ((w - ones) & ~w & high)) break; /* a byte >= 0x80, or a NUL */
    }
    while (i < len && s[i] >= 0x01 && s[i] <= 0x7F)
        i++;
    return i;
}

void encoding_guess_init(struct encoding_guess *g)
{
    memset(g, 0, sizeof *g);
}

void encoding_guess_feed(struct encoding_guess *g, const unsigned char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (g->utf8_need == 0 && g->gb_state == 0) {
            i += ascii_run(s + i, len - i);
            if (i == len) break;
        }
        utf8_feed(g, s[i]);
        gb18030_feed(g, s[i]);
    }
}

void encoding_guess_finish(struct encoding_guess *g)
{
    g->bad_utf8 += g->utf8_pending;
    g->bad_gb += (size_t)g->gb_state;
    g->utf8_need = g->utf8_pending = 0;
    g->gb_state = 0;
}

enum encoding encoding_guess_result(const struct encoding_guess *g)
{
    return g->bad_gb < g->bad_utf8 ? ENCODING_GB18030 : ENCODING_UTF8;
}

void encoding_utf8_feed(struct encoding_guess *g, const unsigned char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (g->utf8_need == 0) {
            i += ascii_run(s + i, len - i);
            /* the common three-byte sequences (CJK) whole, outside E0 and ED */
            while (i + 2 < len && s[i] >= 0xE1 && s[i] <= 0xEF && s[i] != 0xED &&
                   (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80)
                i += 3;
            if (i == len) break;
            if (s[i] < 0x80 && s[i] != 0) {
                i--; /* an ASCII run again */
                continue;
            }
        }
        utf8_feed(g, s[i]);
    }
}

size_t encoding_invalid_utf8(const unsigned char *s, size_t len)
{
    struct encoding_guess g;
    encoding_guess_init(&g);
    encoding_utf8_feed(&g, s, len);
    encoding_guess_finish(&g);
    return g.bad_utf8;
}

size_t encoding_invalid_gb18030(const unsigned char *s, size_t len)
{
    struct encoding_guess g;
    encoding_guess_init(&g);
    for (size_t i = 0; i < len; i++)
        gb18030_feed(&g, s[i]);
    encoding_guess_finish(&g);
    return g.bad_gb;
}

struct encoder {
    enum encoding enc;
    int valid; /* the UTF-8 text it is given was checked already */
    iconv_t cd;
    char *buf;
    size_t size;
};

struct encoder *encoder_new(enum encoding enc)
{
    struct encoder *e = calloc(1, sizeof *e);
    if (!e) return NULL;
    e->enc = enc;
    e->cd = (iconv_t)-1;
    if (enc == ENCODING_GB18030) {
        e->cd = iconv_open("UTF-8", "GB18030");
        if (e->cd == (iconv_t)-1) {
            free(e);
            return NULL;
        }
    }
    return e;
}

static int encoder_reserve(struct encoder *e, size_t need)
{
    if (need <= e->size) return 0;
    char *buf = realloc(e->buf, need);
    if (!buf) return -1;
    e->buf = buf;
    e->size = need;
    return 0;
}

int encoder_to_utf8(struct encoder *e, const char *text, size_t len, const char **out,
                    size_t *outlen)
{
    if (e->enc != ENCODING_GB18030) {
        if (!e->valid && encoding_invalid_utf8((const unsigned char *)text, len) != 0) return -1;
        *out = text;
        *outlen = len;
        return 0;
    }
    if (memchr(text, '\0', len)) return -1;
    /* GB18030 -> UTF-8 at most doubles: 2 bytes give 3, 4 give 4 */
    if (encoder_reserve(e, len * 2 + 1) != 0) return -1;
    char *src = (char *)text, *dst = e->buf;
    size_t srcleft = len, dstleft = e->size - 1;
    iconv(e->cd, NULL, NULL, NULL, NULL);
    if (iconv(e->cd, &src, &srcleft, &dst, &dstleft) == (size_t)-1) return -1;
    *dst = '\0';
    *out = e->buf;
    *outlen = (size_t)(dst - e->buf);
    return 0;
}

void encoder_text_is_valid(struct encoder *e, int valid)
{
    e->valid = valid && e->enc != ENCODING_GB18030;
}

/* Length of the valid sequence at s in e's encoding (NUL is not valid), or 0. */
static size_t sequence_length(const struct encoder *e, const unsigned char *s, size_t len)
{
    size_t n = len < 4 ? len : 4;
    for (size_t k = 1; k <= n; k++) {
        size_t bad = e->enc == ENCODING_GB18030 ? encoding_invalid_gb18030(s, k)
                                                : encoding_invalid_utf8(s, k);
        if (bad == 0) return k;
    }
    return 0;
}

void encoder_to_utf8_lossy(struct encoder *e, const char *text, size_t len, const char **out,
                           size_t *outlen)
{
    if (encoder_to_utf8(e, text, len, out, outlen) == 0 && !memchr(*out, '\0', *outlen)) return;
    /* slow path, for rejected rows only: sequence by sequence */
    size_t used = 0, cap = len * 4 + 4;
    char *result = malloc(cap);
    if (!result) {
        *out = "";
        *outlen = 0;
        return;
    }
    for (size_t i = 0; i < len;) {
        size_t n = sequence_length(e, (const unsigned char *)text + i, len - i);
        const char *conv;
        size_t convlen;
        if (n > 0 && encoder_to_utf8(e, text + i, n, &conv, &convlen) == 0) {
            memcpy(result + used, conv, convlen);
            used += convlen;
            i += n;
        } else {
            memcpy(result + used, "\xEF\xBF\xBD", 3);
            used += 3;
            i++;
        }
    }
    if (encoder_reserve(e, used + 1) != 0) {
        free(result);
        *out = "";
        *outlen = 0;
        return;
    }
    memcpy(e->buf, result, used);
    e->buf[used] = '\0';
    free(result);
    *out = e->buf;
    *outlen = used;
}

void encoder_free(struct encoder *e)
{
    if (!e) return;
    if (e->cd != (iconv_t)-1) iconv_close(e->cd);
    free(e->buf);
    free(e);
}
