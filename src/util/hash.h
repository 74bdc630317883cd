/* hash.h — FNV-1a of a string, 32 and 64 bits, for the in-memory indexes
 * (event list, timeline): spread is all they need, not resistance; every
 * user confirms a match on the real value. */
#pragma once

#include <stddef.h>
#include <stdint.h>

static inline uint32_t hash_str32(const char *s) {
        uint32_t h = 2166136261u;
        for (; *s; s++)
                h = (h ^ (uint8_t)*s) * 16777619u;
        return h;
}

static inline uint64_t hash_str64(const char *s) {
        uint64_t h = 1469598103934665603u;
        for (; *s; s++)
                h = (h ^ (uint8_t)*s) * 1099511628211u;
        return h;
}

static inline uint64_t hash_mem64(const void *p, size_t n) {
        const unsigned char *b = p;
        uint64_t h = 1469598103934665603u;
        for (size_t i = 0; i < n; i++)
                h = (h ^ b[i]) * 1099511628211u;
        return h;
}

/* Two numbers into 32 bits (a final avalanche of their 64-bit mix). */
static inline uint32_t hash_pair32(uint64_t a, uint64_t b) {
        uint64_t h = a * 0x9e3779b97f4a7c15u ^ b;
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdu;
        h ^= h >> 33;
        return (uint32_t)h;
}
