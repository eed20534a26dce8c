/* hash.h - FNV-1a, the one hash of funnel's in-memory tables (the text
 * pool of the timeline, the sums per owner of the grading). Not for
 * anything an outsider chooses the input of to collide: the duplicate key
 * of a row is a keyed SipHash (siphash.h). */
#ifndef FUNNEL_HASH_H
#define FUNNEL_HASH_H

#include <stddef.h>
#include <stdint.h>

/* The 64-bit FNV-1a hash of the len bytes at data. Inline: the timeline
 * calls it for every text it reads. */
static inline uint64_t hash_bytes(const void *data, size_t len)
{
    const unsigned char *p = data;
    uint64_t h = 14695981039346656037ULL;
    for (size_t i = 0; i < len; i++)
        h = (h ^ p[i]) * 1099511628211ULL;
    return h;
}

#endif
