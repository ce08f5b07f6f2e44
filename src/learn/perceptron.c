/*
 * perceptron.c - the averaged perceptron used for training every
 * statistical stage, and its compilation into a compact w5_linear.
 *
 * Averaging is lazy (Daume III's trick): each weight keeps the running
 * sum of its past values and the time it last changed, so an update costs
 * O(features) and the average is only computed at compile time.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "learn/learn.h"
#include "learn/linear.h"

typedef struct ap_row {
    uint64_t key;       /* feature hash, 0 = empty slot */
    uint32_t data;      /* index of the row's class block */
    uint32_t updates;   /* updates the feature took part in */
} ap_row;

struct w5_ap {
    uint32_t nclass;
    uint32_t clock;     /* training decisions seen */
    ap_row *slots;      /* open addressing, power-of-two size */
    size_t nslots, nused;
    float *weights;     /* nused * nclass current weights */
    double *totals;     /* nused * nclass summed past weights */
    uint32_t *stamps;   /* nused * nclass clock of last change */
    size_t cap_rows;
};

static uint64_t nonzero_key(uint64_t h) { return h ? h : 1; }

w5_ap *w5_ap_new(uint32_t nclass)
{
    if (nclass == 0 || nclass > 65535)
        return NULL;
    w5_ap *ap = calloc(1, sizeof *ap);
    if (!ap)
        return NULL;
    ap->nclass = nclass;
    ap->nslots = 1 << 16;
    ap->slots = calloc(ap->nslots, sizeof *ap->slots);
    if (!ap->slots) {
        free(ap);
        return NULL;
    }
    return ap;
}

void w5_ap_free(w5_ap *ap)
{
    if (!ap)
        return;
    free(ap->slots);
    free(ap->weights);
    free(ap->totals);
    free(ap->stamps);
    free(ap);
}

uint32_t w5_ap_nclass(const w5_ap *ap) { return ap->nclass; }
size_t w5_ap_feature_count(const w5_ap *ap) { return ap->nused; }
void w5_ap_tick(w5_ap *ap) { ap->clock++; }

static const ap_row *find_row(const w5_ap *ap, uint64_t key)
{
    size_t mask = ap->nslots - 1;
    for (size_t i = key & mask;; i = (i + 1) & mask) {
        if (ap->slots[i].key == key)
            return &ap->slots[i];
        if (ap->slots[i].key == 0)
            return NULL;
    }
}

static int rehash(w5_ap *ap)
{
    size_t nslots = ap->nslots * 2, mask = nslots - 1;
    ap_row *slots = calloc(nslots, sizeof *slots);
    if (!slots)
        return W5_ERR_NOMEM;
    for (size_t j = 0; j < ap->nslots; j++) {
        if (!ap->slots[j].key)
            continue;
        size_t i = ap->slots[j].key & mask;
        while (slots[i].key)
            i = (i + 1) & mask;
        slots[i] = ap->slots[j];
    }
    free(ap->slots);
    ap->slots = slots;
    ap->nslots = nslots;
    return 0;
}

/* Grows the class blocks to hold `need` rows. */
static int reserve_rows(w5_ap *ap, size_t need)
{
    if (need <= ap->cap_rows)
        return 0;
    size_t cap = ap->cap_rows ? ap->cap_rows * 2 : 4096;
    while (cap < need)
        cap *= 2;
    size_t n = cap * ap->nclass;
    float *w = realloc(ap->weights, n * sizeof *w);
    if (!w)
        return W5_ERR_NOMEM;
    ap->weights = w;
    double *t = realloc(ap->totals, n * sizeof *t);
    if (!t)
        return W5_ERR_NOMEM;
    ap->totals = t;
    uint32_t *s = realloc(ap->stamps, n * sizeof *s);
    if (!s)
        return W5_ERR_NOMEM;
    ap->stamps = s;
    ap->cap_rows = cap;
    return 0;
}

/* The row of `key`, created with zero weights when new; NULL on no memory. */
static ap_row *get_or_add_row(w5_ap *ap, uint64_t key)
{
    if ((ap->nused + 1) * 10 > ap->nslots * 7 && rehash(ap))
        return NULL;
    size_t mask = ap->nslots - 1, i = key & mask;
    while (ap->slots[i].key && ap->slots[i].key != key)
        i = (i + 1) & mask;
    if (ap->slots[i].key)
        return &ap->slots[i];
    if (ap->nused >= UINT32_MAX || reserve_rows(ap, ap->nused + 1))
        return NULL;
    size_t base = ap->nused * ap->nclass;
    memset(ap->weights + base, 0, ap->nclass * sizeof *ap->weights);
    memset(ap->totals + base, 0, ap->nclass * sizeof *ap->totals);
    memset(ap->stamps + base, 0, ap->nclass * sizeof *ap->stamps);
    ap->slots[i].key = key;
    ap->slots[i].data = (uint32_t)ap->nused++;
    ap->slots[i].updates = 0;
    return &ap->slots[i];
}

void w5_ap_score(const w5_ap *ap, const uint64_t *feats, size_t nfeat,
                 float *scores)
{
    memset(scores, 0, ap->nclass * sizeof *scores);
    for (size_t f = 0; f < nfeat; f++) {
        const ap_row *row = find_row(ap, nonzero_key(feats[f]));
        if (!row)
            continue;
        const float *w = ap->weights + (size_t)row->data * ap->nclass;
        for (uint32_t c = 0; c < ap->nclass; c++)
            scores[c] += w[c];
    }
}

static void bump(w5_ap *ap, size_t at, float delta)
{
    ap->totals[at] += (double)(ap->clock - ap->stamps[at]) * ap->weights[at];
    ap->stamps[at] = ap->clock;
    ap->weights[at] += delta;
}

int w5_ap_update(w5_ap *ap, const uint64_t *feats, size_t nfeat,
                 uint32_t truth, uint32_t guess, float delta)
{
    if (truth == guess || truth >= ap->nclass || guess >= ap->nclass)
        return 0;
    for (size_t f = 0; f < nfeat; f++) {
        ap_row *row = get_or_add_row(ap, nonzero_key(feats[f]));
        if (!row)
            return W5_ERR_NOMEM;
        size_t base = (size_t)row->data * ap->nclass;
        bump(ap, base + truth, delta);
        bump(ap, base + guess, -delta);
        if (row->updates < UINT32_MAX)
            row->updates++;
    }
    return 0;
}

int w5_ap_add(w5_ap *ap, const uint64_t *feats, size_t nfeat, uint32_t cls,
              float delta)
{
    if (cls >= ap->nclass)
        return 0;
    for (size_t f = 0; f < nfeat; f++) {
        ap_row *row = get_or_add_row(ap, nonzero_key(feats[f]));
        if (!row)
            return W5_ERR_NOMEM;
        bump(ap, (size_t)row->data * ap->nclass + cls, delta);
        if (row->updates < UINT32_MAX)
            row->updates++;
    }
    return 0;
}

/* The averaged weight at class-block position `at`. */
static float averaged(const w5_ap *ap, size_t at)
{
    if (ap->clock == 0)
        return ap->weights[at];
    double total = ap->totals[at] +
                   (double)(ap->clock - ap->stamps[at]) * ap->weights[at];
    return (float)(total / ap->clock);
}

int w5_ap_compile(const w5_ap *ap, const w5_compile_opts *opts,
                  w5_linear **out)
{
    *out = NULL;
    w5_compile_opts none = {0, 0};
    if (!opts)
        opts = &none;
    uint32_t nclass = ap->nclass;
    float *avg = malloc((ap->nused ? ap->nused : 1) * nclass * sizeof *avg);
    uint64_t *keys = malloc((ap->nused ? ap->nused : 1) * sizeof *keys);
    if (!avg || !keys) {
        free(avg);
        free(keys);
        return W5_ERR_NOMEM;
    }
    /* Keep the features that matter, in slot order (deterministic). */
    size_t kept = 0;
    float max_abs = 0;
    for (size_t s = 0; s < ap->nslots; s++) {
        const ap_row *row = &ap->slots[s];
        if (!row->key || row->updates < opts->min_updates)
            continue;
        float *dst = avg + kept * nclass, row_max = 0;
        for (uint32_t c = 0; c < nclass; c++) {
            dst[c] = averaged(ap, (size_t)row->data * nclass + c);
            row_max = fmaxf(row_max, fabsf(dst[c]));
        }
        if (row_max <= opts->min_weight || row_max == 0)
            continue;
        max_abs = fmaxf(max_abs, row_max);
        keys[kept++] = row->key;
    }
    int rc = w5_linear_build(nclass, keys, avg, kept, max_abs, out);
    free(avg);
    free(keys);
    return rc;
}

int w5_ap_compile_mean(const w5_ap *const *aps, size_t naps,
                       const w5_compile_opts *opts, w5_linear **out)
{
    *out = NULL;
    if (naps == 0)
        return W5_ERR_INVALID;
    if (naps == 1)
        return w5_ap_compile(aps[0], opts, out);
    w5_compile_opts none = {0, 0};
    if (!opts)
        opts = &none;
    uint32_t nclass = aps[0]->nclass;
    size_t cap = 0;
    for (size_t a = 0; a < naps; a++) {
        if (aps[a]->nclass != nclass)
            return W5_ERR_INVALID;
        cap += aps[a]->nused;
    }
    float *avg = malloc((cap ? cap : 1) * nclass * sizeof *avg);
    uint64_t *keys = malloc((cap ? cap : 1) * sizeof *keys);
    if (!avg || !keys) {
        free(avg);
        free(keys);
        return W5_ERR_NOMEM;
    }
    /* Each feature once, at its first model (in slot order there). */
    size_t kept = 0;
    float max_abs = 0;
    for (size_t a = 0; a < naps; a++) {
        for (size_t s = 0; s < aps[a]->nslots; s++) {
            uint64_t key = aps[a]->slots[s].key;
            if (!key)
                continue;
            int earlier = 0;
            for (size_t b = 0; b < a && !earlier; b++)
                earlier = find_row(aps[b], key) != NULL;
            if (earlier)
                continue;
            float *dst = avg + kept * nclass, row_max = 0;
            memset(dst, 0, nclass * sizeof *dst);
            uint64_t updates = 0;
            for (size_t b = a; b < naps; b++) {
                const ap_row *row = find_row(aps[b], key);
                if (!row)
                    continue;
                updates += row->updates;
                for (uint32_t c = 0; c < nclass; c++)
                    dst[c] += averaged(aps[b], (size_t)row->data * nclass + c);
            }
            if (updates < (uint64_t)opts->min_updates * naps)
                continue;
            for (uint32_t c = 0; c < nclass; c++) {
                dst[c] /= (float)naps;
                row_max = fmaxf(row_max, fabsf(dst[c]));
            }
            if (row_max <= opts->min_weight || row_max == 0)
                continue;
            max_abs = fmaxf(max_abs, row_max);
            keys[kept++] = key;
        }
    }
    int rc = w5_linear_build(nclass, keys, avg, kept, max_abs, out);
    free(avg);
    free(keys);
    return rc;
}
