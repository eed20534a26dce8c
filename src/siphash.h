/* siphash.h - SipHash-2-4 with a 128-bit output (Aumasson and Bernstein): a
 * fast keyed hash, for the compact duplicate key of a row. With a secret key
 * per database, nobody can craft two rows that collide. */
#ifndef FUNNEL_SIPHASH_H
#define FUNNEL_SIPHASH_H

#include <stddef.h>

/* Writes the 16-byte SipHash-2-4-128 of data under key to out. */
void siphash128(const unsigned char key[16], const void *data, size_t len, unsigned char out[16]);

#endif
