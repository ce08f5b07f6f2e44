/*
 * util.h - small shared helpers: growable arrays, a string pool, error
 * filling, hashing. Internal to libw5 (not installed).
 *
 * Growable arrays are plain structs {T *v; size_t n, cap;} declared with
 * W5_VEC(T); w5_vec_reserve() grows one to hold at least `need` items,
 * doubling, so pushes are amortised O(1).
 */
#ifndef W5_UTIL_H
#define W5_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include "w5.h"

#define W5_VEC(T) struct { T *v; size_t n, cap; }

/* Grows *items (of `size`-byte elements, capacity *cap) to hold `need`.
 * Returns 0 or W5_ERR_NOMEM (the array is left unchanged). */
int w5_grow(void **items, size_t *cap, size_t need, size_t size);

/* (The capacity test is inline: pushes run per token and per unit, and
 * almost all of them fit.) */
#define w5_vec_reserve(vec, need)                                         \
    ((size_t)(need) <= (vec)->cap                                         \
         ? 0                                                              \
         : w5_grow((void **)&(vec)->v, &(vec)->cap, (need), sizeof(*(vec)->v)))
/* Appends one element; evaluates to 0 or W5_ERR_NOMEM. */
#define w5_vec_push(vec, elem) \
    (w5_vec_reserve((vec), (vec)->n + 1) ? W5_ERR_NOMEM \
                                          : ((vec)->v[(vec)->n++] = (elem), 0))
#define w5_vec_free(vec) (free((vec)->v), (vec)->v = NULL, (vec)->n = (vec)->cap = 0)

/* An append-only pool of NUL-terminated strings addressed by offset.
 * Offset 0 is always the empty string, so 0 can mean "none". */
typedef struct w5_strpool {
    char *buf;
    size_t len, cap;
} w5_strpool;

int w5_strpool_init(w5_strpool *pool);
void w5_strpool_free(w5_strpool *pool);
/* Copies s[0..n) plus a NUL; stores its offset in *off. */
int w5_strpool_add(w5_strpool *pool, const char *s, size_t n, uint32_t *off);
static inline const char *w5_strpool_get(const w5_strpool *pool, uint32_t off)
{
    return pool->buf + off;
}

/* Fills err (if not NULL) with code and a printf-style message; returns
 * code, so `return w5_fail(err, W5_ERR_IO, "cannot read %s", path);`. */
int w5_fail(w5_error *err, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* Clears err to W5_OK with an empty message. */
void w5_error_clear(w5_error *err);

/* 64-bit FNV-1a style hash with a final avalanche (fast, well spread).
 * Inline: the taggers and the parser hash every word, prefix and suffix,
 * a few bytes each, where the call cost as much as the hashing. The
 * values are part of every model file: they must never change. */
static inline uint64_t w5_hash_bytes(const void *data, size_t n, uint64_t seed)
{
    const unsigned char *p = (const unsigned char *)data;
    uint64_t h = 0xCBF29CE484222325ull ^ seed;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001B3ull;
    }
    h ^= h >> 33;
    h *= 0xC4CEB9FE1A85EC53ull;
    h ^= h >> 33;
    return h;
}
static inline uint64_t w5_hash_mix(uint64_t a, uint64_t b)
{
    uint64_t h = a ^ (b + 0x9E3779B97F4A7C15ull + (a << 6) + (a >> 2));
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDull;
    h ^= h >> 33;
    return h;
}

/* strdup that reports failure through NULL (C11 has no strdup). */
char *w5_strndup(const char *s, size_t n);

/* Reads a whole file into a NUL-terminated malloc'd buffer. */
/* 1 when the n bytes of w are one of the words of `list`, a string of
 * words each within spaces (" said told added "); words over 31 bytes
 * are in no list. */
int w5_word_in_list(const char *list, const char *w, size_t n);

int w5_read_file(const char *path, char **data, size_t *len, w5_error *err);

#endif
