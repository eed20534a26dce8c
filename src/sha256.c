/* sha256.c - SHA-256 (FIPS 180-4): a portable block function, and one using
 * the x86 SHA extensions, chosen at run time where the CPU has them. */
#include "sha256.h"

#include <string.h>

#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#define SHA256_X86 1
#include <cpuid.h>
#include <immintrin.h>
#endif

static const uint32_t k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void compress(uint32_t *s, const unsigned char *p)
{
    uint32_t w[64], a, b, c, d, e, f, g, h;
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
               (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    a = s[0], b = s[1], c = s[2], d = s[3], e = s[4], f = s[5], g = s[6], h = s[7];
    for (int i = 0; i < 64; i++) {
        uint32_t t1 =
            h + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + ((e & f) ^ (~e & g)) + k[i] + w[i];
        uint32_t t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        h = g, g = f, f = e, e = d + t1, d = c, c = b, b = a, a = t1 + t2;
    }
    s[0] += a, s[1] += b, s[2] += c, s[3] += d, s[4] += e, s[5] += f, s[6] += g, s[7] += h;
}

/* A block function hashes n whole 64-byte blocks at p into the state s. */
typedef void block_function(uint32_t *s, const unsigned char *p, size_t n);

static void blocks_portable(uint32_t *s, const unsigned char *p, size_t n)
{
    for (; n; n--, p += 64)
        compress(s, p);
}

#ifdef SHA256_X86
/* SHA-NI and SSE4.1 (leaf 7 EBX bit 29, leaf 1 ECX bit 19). */
static int cpu_has_sha(void)
{
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & 1u << 19)) return 0;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    return (b >> 29) & 1;
}

/* With the SHA extensions, sha256rnds2 does two rounds on the state split as
 * ABEF and CDGH (A in the top lane); sha256msg1/msg2 extend the schedule. */
#define SHA_TARGET __attribute__((target("sha,sse4.1")))

/* Rounds i..i+3 with the schedule words w[i..i+3] in m. */
SHA_TARGET static inline void rounds4(__m128i *abef, __m128i *cdgh, __m128i m, int i)
{
    __m128i wk = _mm_add_epi32(m, _mm_loadu_si128((const __m128i *)&k[i]));
    *cdgh = _mm_sha256rnds2_epu32(*cdgh, *abef, wk);
    *abef = _mm_sha256rnds2_epu32(*abef, *cdgh, _mm_shuffle_epi32(wk, 0x0e));
}

/* The four schedule words after the sixteen in m0..m3. */
SHA_TARGET static inline __m128i schedule(__m128i m0, __m128i m1, __m128i m2, __m128i m3)
{
    __m128i w = _mm_add_epi32(_mm_sha256msg1_epu32(m0, m1), _mm_alignr_epi8(m3, m2, 4));
    return _mm_sha256msg2_epu32(w, m3);
}

SHA_TARGET static void blocks_sha(uint32_t *s, const unsigned char *p, size_t n)
{
    const __m128i byteswap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
    __m128i dcba = _mm_loadu_si128((const __m128i *)&s[0]);
    __m128i hgfe = _mm_loadu_si128((const __m128i *)&s[4]);
    __m128i cdab = _mm_shuffle_epi32(dcba, 0xb1);
    __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1b);
    __m128i abef = _mm_alignr_epi8(cdab, efgh, 8);
    __m128i cdgh = _mm_blend_epi16(efgh, cdab, 0xf0);

    for (; n; n--, p += 64) {
        __m128i abef_in = abef, cdgh_in = cdgh;
        __m128i m0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)p), byteswap);
        __m128i m1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16)), byteswap);
        __m128i m2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 32)), byteswap);
        __m128i m3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 48)), byteswap);
        rounds4(&abef, &cdgh, m0, 0);
        rounds4(&abef, &cdgh, m1, 4);
        rounds4(&abef, &cdgh, m2, 8);
        rounds4(&abef, &cdgh, m3, 12);
        for (int i = 16; i < 64; i += 16) {
            m0 = schedule(m0, m1, m2, m3);
            rounds4(&abef, &cdgh, m0, i);
            m1 = schedule(m1, m2, m3, m0);
            rounds4(&abef, &cdgh, m1, i + 4);
            m2 = schedule(m2, m3, m0, m1);
            rounds4(&abef, &cdgh, m2, i + 8);
            m3 = schedule(m3, m0, m1, m2);
            rounds4(&abef, &cdgh, m3, i + 12);
        }
        abef = _mm_add_epi32(abef, abef_in);
        cdgh = _mm_add_epi32(cdgh, cdgh_in);
    }

    __m128i feba = _mm_shuffle_epi32(abef, 0x1b);
    __m128i dchg = _mm_shuffle_epi32(cdgh, 0xb1);
    _mm_storeu_si128((__m128i *)&s[0], _mm_blend_epi16(feba, dchg, 0xf0));
    _mm_storeu_si128((__m128i *)&s[4], _mm_alignr_epi8(dchg, feba, 8));
}
#endif

/* The fastest block function this CPU runs, chosen on first use (funnel
 * hashes on one thread). */
static block_function *fastest_blocks(void)
{
    static block_function *fastest;
    if (!fastest) {
        fastest = blocks_portable;
#ifdef SHA256_X86
        if (cpu_has_sha()) fastest = blocks_sha;
#endif
    }
    return fastest;
}

static int force_portable;

static void hash_blocks(uint32_t *s, const unsigned char *p, size_t n)
{
    (force_portable ? blocks_portable : fastest_blocks())(s, p, n);
}

int sha256_force_portable(int on)
{
    force_portable = on;
    return fastest_blocks() != blocks_portable;
}

void sha256_init(struct sha256 *h)
{
    static const uint32_t iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    memcpy(h->state, iv, sizeof iv);
    h->length = 0;
    h->used = 0;
}

void sha256_update(struct sha256 *h, const void *data, size_t len)
{
    const unsigned char *p = data;
    h->length += len;
    if (h->used) {
        size_t take = 64 - h->used < len ? 64 - h->used : len;
        memcpy(h->block + h->used, p, take);
        h->used += take, p += take, len -= take;
        if (h->used < 64) return;
        hash_blocks(h->state, h->block, 1);
        h->used = 0;
    }
    if (len >= 64) {
        hash_blocks(h->state, p, len / 64);
        p += len / 64 * 64, len %= 64;
    }
    memcpy(h->block, p, len);
    h->used = len;
}

void sha256_final(struct sha256 *h, unsigned char digest[32])
{
    uint64_t bits = h->length * 8;
    unsigned char pad[72] = {0x80};
    size_t padlen = (h->used < 56 ? 56 : 120) - h->used;
    for (int i = 0; i < 8; i++)
        pad[padlen + i] = (unsigned char)(bits >> (56 - 8 * i));
    sha256_update(h, pad, padlen + 8);
    for (int i = 0; i < 8; i++) {
        digest[4 * i] = (unsigned char)(h->state[i] >> 24);
        digest[4 * i + 1] = (unsigned char)(h->state[i] >> 16);
        digest[4 * i + 2] = (unsigned char)(h->state[i] >> 8);
        digest[4 * i + 3] = (unsigned char)h->state[i];
    }
}

void sha256_hex(const unsigned char digest[32], char hex[65])
{
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        hex[2 * i] = digits[digest[i] >> 4];
        hex[2 * i + 1] = digits[digest[i] & 15];
    }
    hex[64] = '\0';
}
