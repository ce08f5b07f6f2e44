/*
 * linear.h - internals of the compact linear model shared by the trainer
 * (perceptron.c) and the model file code (modelfile.c).
 *
 * Layout (identical in memory and in the model file):
 *   meta: w5_linear_meta
 *   keys: nslots x {u32 key, u32 row}: open addressing on the low bits of
 *         the 64-bit feature hash, key = the high 32 bits (0 = empty,
 *         never stored: mapped to 1), load factor <= 0.5
 *   w:    nfeat x nclass int16, weight = value * scale
 */
#ifndef W5_LINEAR_H
#define W5_LINEAR_H

#include <stdint.h>

#include "learn/learn.h"

typedef struct w5_linear_meta {
    uint32_t nclass, nslots, nfeat;
    float scale;
    uint32_t reserved[4];
} w5_linear_meta;

typedef struct w5_linear_slot {
    uint32_t key, row;
} w5_linear_slot;

struct w5_linear {
    w5_linear_meta meta;
    const w5_linear_slot *slots;
    const int16_t *w;
    void *owned_slots, *owned_w; /* set when the model owns its arrays */
};

/* Builds a model from n features (keys[i], weights avg[i*nclass..]). */
int w5_linear_build(uint32_t nclass, const uint64_t *keys, const float *avg,
                    size_t n, float max_abs, w5_linear **out);

static inline uint32_t w5_linear_key32(uint64_t h)
{
    uint32_t k = (uint32_t)(h >> 32);
    return k ? k : 1;
}

#endif
