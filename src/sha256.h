/* sha256.h - SHA-256 (FIPS 180-4), for the imports ledger's file digests and
 * the compact duplicate key of a row. */
#ifndef FUNNEL_SHA256_H
#define FUNNEL_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct sha256 {
    uint32_t state[8];
    uint64_t length;
    unsigned char block[64];
    size_t used;
};

void sha256_init(struct sha256 *h);
void sha256_update(struct sha256 *h, const void *data, size_t len);
/* Writes the 32-byte digest; h must be initialised again before reuse. */
void sha256_final(struct sha256 *h, unsigned char digest[32]);
/* Writes the digest of data as 64 lowercase hex digits and a NUL. */
void sha256_hex(const unsigned char digest[32], char hex[65]);
/* For tests: with on nonzero, the sha256_update calls that follow use the
 * portable block function even where the CPU has SHA instructions; 0 goes
 * back to the fastest. Returns 1 when that fastest one uses the x86 SHA
 * extensions, 0 when it is the portable one anyway. */
int sha256_force_portable(int on);

#endif
