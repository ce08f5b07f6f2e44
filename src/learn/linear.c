/*
 * linear.c - scoring with the compact quantised linear model. This is the
 * hot loop of every statistical stage at run time: one hash probe per
 * feature, then nclass int16 adds.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "learn/linear.h"

static size_t slot_count_for(size_t n)
{
    size_t nslots = 16;
    while (nslots < 2 * n)
        nslots *= 2;
    return nslots;
}

int w5_linear_build(uint32_t nclass, const uint64_t *keys, const float *avg,
                    size_t n, float max_abs, w5_linear **out)
{
    *out = NULL;
    if (n > UINT32_MAX / 4)
        return W5_ERR_TOO_LARGE;
    w5_linear *lin = calloc(1, sizeof *lin);
    size_t nslots = slot_count_for(n);
    w5_linear_slot *slots = calloc(nslots, sizeof *slots);
    int16_t *w = malloc((n ? n : 1) * nclass * sizeof *w);
    if (!lin || !slots || !w) {
        free(lin);
        free(slots);
        free(w);
        return W5_ERR_NOMEM;
    }
    float scale = max_abs > 0 ? max_abs / 32767.0f : 1.0f;
    size_t mask = nslots - 1;
    for (size_t f = 0; f < n; f++) {
        size_t i = keys[f] & mask;
        while (slots[i].key)
            i = (i + 1) & mask;
        slots[i].key = w5_linear_key32(keys[f]);
        slots[i].row = (uint32_t)f;
        for (uint32_t c = 0; c < nclass; c++)
            w[f * nclass + c] = (int16_t)lrintf(avg[f * nclass + c] / scale);
    }
    lin->meta.nclass = nclass;
    lin->meta.nslots = (uint32_t)nslots;
    lin->meta.nfeat = (uint32_t)n;
    lin->meta.scale = scale;
    lin->slots = slots;
    lin->w = w;
    lin->owned_slots = slots;
    lin->owned_w = w;
    *out = lin;
    return 0;
}

void w5_linear_free(w5_linear *lin)
{
    if (!lin)
        return;
    free(lin->owned_slots);
    free(lin->owned_w);
    free(lin);
}

uint32_t w5_linear_nclass(const w5_linear *lin) { return lin->meta.nclass; }
size_t w5_linear_feature_count(const w5_linear *lin) { return lin->meta.nfeat; }

/* The weight row of feature hash h, or NULL when the model lacks it. */
static inline const int16_t *find_row(const w5_linear *lin, uint64_t h)
{
    size_t mask = lin->meta.nslots - 1;
    uint32_t key = w5_linear_key32(h);
    for (size_t i = h & mask; lin->slots[i].key; i = (i + 1) & mask)
        if (lin->slots[i].key == key)
            return lin->w + (size_t)lin->slots[i].row * lin->meta.nclass;
    return NULL;
}

/* Small class counts (NER, transitions) accumulate in int32 on the stack,
 * which the compiler keeps in registers; larger ones straight in floats. */
enum { SMALL_NCLASS = 64 };

void w5_linear_score(const w5_linear *lin, const uint64_t *feats,
                     size_t nfeat, float *scores)
{
    uint32_t nclass = lin->meta.nclass;
    if (nclass > SMALL_NCLASS) {
        memset(scores, 0, nclass * sizeof *scores);
        for (size_t f = 0; f < nfeat; f++) {
            const int16_t *w = find_row(lin, feats[f]);
            for (uint32_t c = 0; w && c < nclass; c++)
                scores[c] += w[c];
        }
        for (uint32_t c = 0; c < nclass; c++)
            scores[c] *= lin->meta.scale;
        return;
    }
    int32_t acc[SMALL_NCLASS] = {0};
    for (size_t f = 0; f < nfeat; f++) {
        const int16_t *w = find_row(lin, feats[f]);
        for (uint32_t c = 0; w && c < nclass; c++)
            acc[c] += w[c];
    }
    for (uint32_t c = 0; c < nclass; c++)
        scores[c] = (float)acc[c] * lin->meta.scale;
}

uint32_t w5_argmax(const float *scores, uint32_t nclass,
                   const unsigned char *allowed)
{
    if (!allowed) { /* every decision of a scorer: the loop without the mask test */
        uint32_t top = 0;
        for (uint32_t c = 1; c < nclass; c++)
            if (scores[c] > scores[top])
                top = c;
        return top;
    }
    uint32_t best = 0;
    int found = 0;
    for (uint32_t c = 0; c < nclass; c++) {
        if (allowed && !(allowed[c >> 3] & (1u << (c & 7))))
            continue;
        if (!found || scores[c] > scores[best]) {
            best = c;
            found = 1;
        }
    }
    return best;
}
