/*
 * rowtab.c - the sparse scoring table (see learn.h). A loaded model's
 * dense int16 rows are mostly zeros; read as they are, a decision pulls
 * two cache lines per feature from a table larger than the caches. Here
 * a row with few non-zero weights becomes a short run of (weight, class)
 * pairs and only the rows with many keep their dense form, so the table
 * shrinks 3-5 times and its hot part stays in L2/L3.
 *
 * The hash slots keep the positions they have in the source table (only
 * the row field is replaced by a reference), so probing is unchanged:
 *   ref = start << 8 | count    a sparse row: ents[start .. start+count)
 *   ref = index << 8 | 0xFF     a dense row:  dense[index * width ...]
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "learn/linear.h"

typedef struct rowtab_entry {
    int16_t w;
    uint16_t c;
} rowtab_entry;

struct w5_rowtab {
    uint32_t mask, ncols, width;
    w5_rowtab_opts opts;
    w5_linear_slot *slots;
    rowtab_entry *ents;
    int16_t *dense;
    /* A blocked Bloom filter of the keys (two bits of one word per key,
     * about 8 bits per feature): a feature the model lacks (a quarter of
     * a tagger's lookups, most of them of rare words, so most of them
     * cache misses) is mostly turned away here, in a table small enough
     * to stay in L2, without probing the slots. */
    uint64_t *filter;
    uint32_t fmask;
    void *block; /* slots, filter, ents and dense in one allocation */
};

enum { DENSE_REF = 0xFF, MAX_START = 1u << 24 };

/* The filter bits of a key (see w5_rowtab.filter). */
static inline uint64_t filter_bits(uint32_t key)
{
    return 1ull << ((key >> 20) & 63) | 1ull << ((key >> 26) & 63);
}

/* A row with more non-zero weights than this stays dense: summing it
 * costs a few vector adds where the pairs would cost a scalar add each. */
static uint32_t sparse_max(uint32_t ncols, int sparse)
{
    if (!sparse)
        return 0;
    uint32_t m = ncols / 4 + 2;
    return m < DENSE_REF ? m : DENSE_REF - 1;
}

/* The number of weights of a row that count: 0 when every |weight| is
 * below min_abs (the row is then pruned: scored as absent). */
static uint32_t row_count(const int16_t *row, uint32_t ncols, int min_abs)
{
    uint32_t nz = 0;
    int max = 0;
    for (uint32_t c = 0; c < ncols; c++) { /* branch-free: vectorises */
        int a = abs(row[c]);
        nz += a != 0;
        max = a > max ? a : max;
    }
    return max < min_abs ? 0 : nz;
}

/* Checks the slots and returns the number of empty ones. */
static size_t check_slots(const w5_linear_slot *slots, uint32_t nslots,
                          uint32_t nrows, int *bad)
{
    size_t empty = 0;
    *bad = 0;
    for (uint32_t i = 0; i < nslots; i++) {
        if (!slots[i].key)
            empty++;
        else if (slots[i].row >= nrows)
            *bad = 1;
    }
    return empty;
}

/* One block for the whole table. Probes land anywhere in it, so with
 * 4 KB pages nearly every one would also miss the TLB: a block of a few
 * MB asks for huge pages (where the system gives them on request). */
static int alloc_block(w5_rowtab *t, size_t nslots, size_t nents, size_t ndense)
{
    enum { HUGE = 2u << 20, LINE = 64 };
    size_t slots = (nslots * sizeof *t->slots + LINE - 1) / LINE * LINE;
    size_t filter = ((size_t)t->fmask + 1) * sizeof *t->filter;
    size_t ents = ((nents + t->ncols) * sizeof *t->ents + LINE - 1) / LINE * LINE;
    size_t size = slots + filter + ents + ndense * t->width * sizeof *t->dense;
    size_t align = size >= HUGE / 2 ? HUGE : LINE;
    size = (size + align - 1) / align * align;
    if (posix_memalign(&t->block, align, size))
        return W5_ERR_NOMEM;
#ifdef MADV_HUGEPAGE
    if (align == HUGE)
        madvise(t->block, size, MADV_HUGEPAGE); /* only a hint: ignore failure */
#endif
    t->slots = t->block;
    t->filter = (uint64_t *)((char *)t->block + slots);
    t->ents = (rowtab_entry *)((char *)t->block + slots + filter);
    t->dense = (int16_t *)((char *)t->block + slots + filter + ents);
    memset(t->filter, 0, filter);
    return 0;
}

/* Allocates t and fills its entries and dense rows from w, giving each
 * row its ref. */
/* Row r of w as dense row d of t (the columns past ncols zero). */
static void copy_dense(w5_rowtab *t, const int16_t *row, size_t d)
{
    int16_t *out = t->dense + d * t->width;
    memcpy(out, row, t->ncols * sizeof *row);
    memset(out + t->ncols, 0, (t->width - t->ncols) * sizeof *out);
}

static int fill_rows(w5_rowtab *t, uint32_t nslots, const int16_t *w, uint32_t nrows,
                     uint32_t stride, uint32_t *refs)
{
    size_t nents = 0, ndense = 0;
    uint32_t smax = sparse_max(t->ncols, t->opts.sparse);
    if (!t->opts.sparse && t->opts.min_abs <= 0) { /* every row as it is */
        if (nrows >= MAX_START)
            return W5_ERR_TOO_LARGE;
        int rc = alloc_block(t, nslots, 0, nrows);
        for (uint32_t r = 0; r < nrows && !rc; r++) {
            copy_dense(t, w + (size_t)r * stride, r);
            refs[r] = r << 8 | DENSE_REF;
        }
        return rc;
    }
    for (uint32_t r = 0; r < nrows; r++) { /* refs[] holds the counts meanwhile */
        uint32_t nz = refs[r] = row_count(w + (size_t)r * stride, t->ncols, t->opts.min_abs);
        if (nz > smax)
            ndense++;
        else
            nents += nz;
    }
    if (nents >= MAX_START || ndense >= MAX_START)
        return W5_ERR_TOO_LARGE;
    int rc = alloc_block(t, nslots, nents, ndense);
    if (rc)
        return rc;
    size_t e = 0, d = 0;
    for (uint32_t r = 0; r < nrows; r++) {
        const int16_t *row = w + (size_t)r * stride;
        uint32_t nz = refs[r];
        if (nz > smax) {
            copy_dense(t, row, d);
            refs[r] = (uint32_t)d++ << 8 | DENSE_REF;
            continue;
        }
        refs[r] = nz ? (uint32_t)e << 8 | nz : 0; /* 0: nothing to add */
        /* branch-free: a zero weight is written and overwritten (the
         * block has room for one row past the last entry) */
        for (uint32_t c = 0; nz && c < t->ncols; c++) {
            t->ents[e] = (rowtab_entry){row[c], (uint16_t)c};
            e += row[c] != 0;
        }
    }
    return 0;
}

int w5_rowtab_build(const uint32_t *slots, uint32_t nslots, const int16_t *w,
                    uint32_t nrows, uint32_t stride, uint32_t ncols,
                    const w5_rowtab_opts *opts, w5_rowtab **out)
{
    *out = NULL;
    const w5_linear_slot *src = (const w5_linear_slot *)slots;
    int bad;
    if (!nslots || (nslots & (nslots - 1)) || !ncols || ncols > stride ||
        ncols > UINT16_MAX || check_slots(src, nslots, nrows, &bad) == 0 || bad)
        return W5_ERR_FORMAT;
    w5_rowtab *t = calloc(1, sizeof *t);
    uint32_t *refs = malloc((nrows ? nrows : 1) * sizeof *refs);
    int rc = W5_ERR_NOMEM;
    if (!t || !refs)
        goto fail;
    t->mask = nslots - 1;
    t->ncols = ncols;
    if (opts)
        t->opts = *opts;
    t->width = (ncols + 7) & ~7u;
    size_t used = nslots - check_slots(src, nslots, nrows, &bad), words = 8;
    while (words < used / 8)
        words *= 2;
    t->fmask = (uint32_t)(words - 1);
    if ((rc = fill_rows(t, nslots, w, nrows, stride, refs)))
        goto fail;
    for (uint32_t i = 0; i < nslots; i++) {
        t->slots[i].key = src[i].key;
        t->slots[i].row = src[i].key ? refs[src[i].row] : 0;
        if (src[i].key && t->slots[i].row) /* pruned rows stay out */
            t->filter[src[i].key & t->fmask] |= filter_bits(src[i].key);
    }
    free(refs);
    *out = t;
    return 0;
fail:
    free(refs);
    w5_rowtab_free(t);
    return rc;
}

int w5_rowtab_from_linear(const w5_linear *lin, const w5_rowtab_opts *opts,
                          w5_rowtab **out)
{
    return w5_rowtab_build((const uint32_t *)lin->slots, lin->meta.nslots, lin->w,
                           lin->meta.nfeat, lin->meta.nclass, lin->meta.nclass, opts,
                           out);
}

void w5_rowtab_free(w5_rowtab *t)
{
    if (!t)
        return;
    free(t->block);
    free(t);
}

uint32_t w5_rowtab_width(const w5_rowtab *t) { return t->width; }

/* Scoring a decision goes in three steps, so that a scorer with several
 * decisions at hand can overlap the cache misses of one with the work of
 * another: prefetch the hash slots of its features, probe them (noting
 * and prefetching the rows found), sum the rows. */
enum { BATCH = 128 };

typedef struct found_rows {
    const int16_t *dense[BATCH];
    uint32_t sparse[BATCH];
    size_t nd, ns;
} found_rows;

/* 0 when the table certainly lacks the feature of this key. */
static inline int maybe_has(const w5_rowtab *t, uint32_t key)
{
    uint64_t bits = filter_bits(key);
    return (t->filter[key & t->fmask] & bits) == bits;
}

static void prefetch_slots(const w5_rowtab *t, const uint64_t *feats, size_t n)
{
    for (size_t f = 0; f < n; f++)
        if (maybe_has(t, w5_linear_key32(feats[f])))
            __builtin_prefetch(&t->slots[feats[f] & t->mask]);
}

static void probe(const w5_rowtab *t, const uint64_t *feats, size_t n,
                  found_rows *fr)
{
    const w5_linear_slot *slots = t->slots;
    fr->nd = fr->ns = 0;
    for (size_t f = 0; f < n; f++) {
        uint32_t key = w5_linear_key32(feats[f]);
        if (!maybe_has(t, key))
            continue;
        for (size_t i = feats[f] & t->mask; slots[i].key; i = (i + 1) & t->mask) {
            if (slots[i].key != key)
                continue;
            uint32_t ref = slots[i].row;
            if ((ref & 0xFF) == DENSE_REF) {
                const int16_t *row = t->dense + (size_t)(ref >> 8) * t->width;
                __builtin_prefetch(row);
                __builtin_prefetch(row + t->width - 1);
                fr->dense[fr->nd++] = row;
            } else {
                __builtin_prefetch(t->ents + (ref >> 8));
                fr->sparse[fr->ns++] = ref;
            }
            break;
        }
    }
}

static void add_rows(const w5_rowtab *t, const found_rows *fr, int32_t *acc)
{
    if (fr->nd)
        w5_sum_rows(fr->dense, fr->nd, t->width, acc);
    for (size_t r = 0; r < fr->ns; r++) {
        const rowtab_entry *e = t->ents + (fr->sparse[r] >> 8);
        for (uint32_t k = 0, nz = fr->sparse[r] & 0xFF; k < nz; k++)
            acc[e[k].c] += e[k].w;
    }
}

void w5_rowtab_prefetch(const w5_rowtab *t, const uint64_t *feats, size_t n, int rows)
{
    if (!rows) {
        prefetch_slots(t, feats, n);
        return;
    }
    found_rows fr;
    for (size_t b = 0; b < n; b += BATCH)
        probe(t, feats + b, n - b < BATCH ? n - b : BATCH, &fr);
}

void w5_rowtab_sum(const w5_rowtab *t, const uint64_t *feats, size_t n,
                   int32_t *acc)
{
    found_rows fr;
    for (size_t b = 0; b < n; b += BATCH) {
        size_t m = n - b < BATCH ? n - b : BATCH;
        prefetch_slots(t, feats + b, m);
        probe(t, feats + b, m, &fr);
        add_rows(t, &fr, acc);
    }
}

/* How far ahead of the decision being summed its successors' slots are
 * prefetched and probed (their rows then prefetched): far enough for a
 * miss to be served meanwhile, near enough for few buffers. */
#ifndef W5_ROWTAB_SLOT_AHEAD
#define W5_ROWTAB_SLOT_AHEAD 4
#endif
#ifndef W5_ROWTAB_PROBE_AHEAD
#define W5_ROWTAB_PROBE_AHEAD 2
#endif
enum { SLOT_AHEAD = W5_ROWTAB_SLOT_AHEAD, PROBE_AHEAD = W5_ROWTAB_PROBE_AHEAD,
       RING = PROBE_AHEAD + 1 };

void w5_rowtab_sum_seq(const w5_rowtab *t, const uint64_t *feats,
                       const uint32_t *off, size_t n, int32_t *acc)
{
    found_rows fr[RING];
    for (size_t d = 0; d < n && d < SLOT_AHEAD; d++)
        prefetch_slots(t, feats + off[d], off[d + 1] - off[d]);
    for (size_t d = 0; d < n && d < PROBE_AHEAD; d++)
        if (off[d + 1] - off[d] <= BATCH)
            probe(t, feats + off[d], off[d + 1] - off[d], &fr[d % RING]);
    for (size_t d = 0; d < n; d++) {
        size_t s = d + SLOT_AHEAD, p = d + PROBE_AHEAD, nf = off[d + 1] - off[d];
        if (s < n)
            prefetch_slots(t, feats + off[s], off[s + 1] - off[s]);
        if (p < n && off[p + 1] - off[p] <= BATCH)
            probe(t, feats + off[p], off[p + 1] - off[p], &fr[p % RING]);
        if (nf <= BATCH)
            add_rows(t, &fr[d % RING], acc + d * t->width);
        else
            w5_rowtab_sum(t, feats + off[d], nf, acc + d * t->width);
    }
}
