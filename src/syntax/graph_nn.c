/*
 * graph_nn.c - the network of the graph parser (graph.h): vector
 * kernels, the parameter layout, the forward pass (embeddings, BiLSTMs,
 * MLPs, biaffine arc scores) and its gradient.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "syntax/graph.h"

/* ---- kernels ---------------------------------------------------------------- */

static void mv_plain(const float *w, const float *x, size_t k, size_t m, float *y)
{
    for (size_t a = 0; a < k; a++) {
        float xa = x[a];
        if (xa == 0)
            continue;
        const float *row = w + a * m;
        for (size_t b = 0; b < m; b++)
            y[b] += xa * row[b];
    }
}

static float dot_plain(const float *a, const float *b, size_t n)
{
    float s = 0;
    for (size_t i = 0; i < n; i++)
        s += a[i] * b[i];
    return s;
}

static void mtv_plain(const float *w, const float *dy, size_t k, size_t m, float *dx)
{
    for (size_t a = 0; a < k; a++)
        dx[a] += dot_plain(w + a * m, dy, m);
}

static void outer_plain(float *dw, const float *x, size_t k, const float *dy, size_t m)
{
    for (size_t a = 0; a < k; a++) {
        float xa = x[a];
        if (xa == 0)
            continue;
        float *row = dw + a * m;
        for (size_t b = 0; b < m; b++)
            row[b] += xa * dy[b];
    }
}

/* Y (n x m) += X (n x k) W (k x m), all row-major. */
static void gemm_plain(const float *x, size_t n, size_t k, const float *w, size_t m, float *y)
{
    for (size_t i = 0; i < n; i++)
        mv_plain(w, x + i * k, k, m, y + i * m);
}

/* dW (k x m) += X^T dY: X n x k, dY n x m. */
static void gemm_tn_plain(const float *x, size_t n, size_t k, const float *dy, size_t m,
                          float *dw)
{
    for (size_t i = 0; i < n; i++)
        outer_plain(dw, x + i * k, k, dy + i * m, m);
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define W5_G_AVX2 1

__attribute__((target("avx2,fma"))) static void axpy_avx2(float a, const float *x,
                                                          float *y, size_t m)
{
    __m256 va = _mm256_set1_ps(a);
    size_t b = 0;
    for (; b + 8 <= m; b += 8)
        _mm256_storeu_ps(y + b, _mm256_fmadd_ps(va, _mm256_loadu_ps(x + b),
                                                _mm256_loadu_ps(y + b)));
    for (; b < m; b++)
        y[b] += a * x[b];
}

__attribute__((target("avx2,fma"))) static float dot_avx2(const float *a, const float *b,
                                                         size_t n)
{
    __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps();
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), s0);
        s1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8), s1);
    }
    for (; i + 8 <= n; i += 8)
        s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), s0);
    s0 = _mm256_add_ps(s0, s1);
    __m128 h = _mm_add_ps(_mm256_castps256_ps128(s0), _mm256_extractf128_ps(s0, 1));
    h = _mm_add_ps(h, _mm_movehl_ps(h, h));
    h = _mm_add_ss(h, _mm_shuffle_ps(h, h, 1));
    float s = _mm_cvtss_f32(h);
    for (; i < n; i++)
        s += a[i] * b[i];
    return s;
}

__attribute__((target("avx2,fma"))) static void mv_avx2(const float *w, const float *x,
                                                       size_t k, size_t m, float *y)
{
    for (size_t a = 0; a < k; a++)
        if (x[a] != 0)
            axpy_avx2(x[a], w + a * m, y, m);
}

__attribute__((target("avx2,fma"))) static void mtv_avx2(const float *w, const float *dy,
                                                        size_t k, size_t m, float *dx)
{
    for (size_t a = 0; a < k; a++)
        dx[a] += dot_avx2(w + a * m, dy, m);
}

__attribute__((target("avx2,fma"))) static void outer_avx2(float *dw, const float *x,
                                                          size_t k, const float *dy,
                                                          size_t m)
{
    for (size_t a = 0; a < k; a++)
        if (x[a] != 0)
            axpy_avx2(x[a], dy, dw + a * m, m);
}

/* Y += X W four rows at a time, 16 columns of each in registers: every
 * W load feeds eight FMAs (an axpy per row feeds one per load and
 * store). Columns past a multiple of 16 and rows past one of 4 go the
 * plain way. */
__attribute__((target("avx2,fma"))) static void gemm_avx2(const float *x, size_t n,
                                                         size_t k, const float *w,
                                                         size_t m, float *y)
{
    size_t m16 = m & ~(size_t)15, n4 = n & ~(size_t)3;
    /* a strip of 16 columns of W (k x 64 bytes) stays in L1 while every
     * block of rows passes over it */
    for (size_t j = 0; j < m16; j += 16) {
        for (size_t i = 0; i < n4; i += 4) {
            const float *x0 = x + i * k, *x1 = x0 + k, *x2 = x1 + k, *x3 = x2 + k;
            float *y0 = y + i * m + j, *y1 = y0 + m, *y2 = y1 + m, *y3 = y2 + m;
            __m256 a00 = _mm256_loadu_ps(y0), a01 = _mm256_loadu_ps(y0 + 8);
            __m256 a10 = _mm256_loadu_ps(y1), a11 = _mm256_loadu_ps(y1 + 8);
            __m256 a20 = _mm256_loadu_ps(y2), a21 = _mm256_loadu_ps(y2 + 8);
            __m256 a30 = _mm256_loadu_ps(y3), a31 = _mm256_loadu_ps(y3 + 8);
            const float *wj = w + j;
            for (size_t a = 0; a < k; a++, wj += m) {
                __m256 w0 = _mm256_loadu_ps(wj), w1 = _mm256_loadu_ps(wj + 8);
                __m256 b0 = _mm256_set1_ps(x0[a]), b1 = _mm256_set1_ps(x1[a]);
                __m256 b2 = _mm256_set1_ps(x2[a]), b3 = _mm256_set1_ps(x3[a]);
                a00 = _mm256_fmadd_ps(b0, w0, a00);
                a01 = _mm256_fmadd_ps(b0, w1, a01);
                a10 = _mm256_fmadd_ps(b1, w0, a10);
                a11 = _mm256_fmadd_ps(b1, w1, a11);
                a20 = _mm256_fmadd_ps(b2, w0, a20);
                a21 = _mm256_fmadd_ps(b2, w1, a21);
                a30 = _mm256_fmadd_ps(b3, w0, a30);
                a31 = _mm256_fmadd_ps(b3, w1, a31);
            }
            _mm256_storeu_ps(y0, a00);
            _mm256_storeu_ps(y0 + 8, a01);
            _mm256_storeu_ps(y1, a10);
            _mm256_storeu_ps(y1 + 8, a11);
            _mm256_storeu_ps(y2, a20);
            _mm256_storeu_ps(y2 + 8, a21);
            _mm256_storeu_ps(y3, a30);
            _mm256_storeu_ps(y3 + 8, a31);
        }
    }
    /* the columns past the strips, then the rows past the blocks */
    for (size_t i = 0; i < n4 && m16 < m; i++)
        for (size_t a = 0; a < k; a++)
            for (size_t j = m16; j < m; j++)
                y[i * m + j] += x[i * k + a] * w[a * m + j];
    for (size_t i = n4; i < n; i++)
        mv_avx2(w, x + i * k, k, m, y + i * m);
}

/* dW += X^T dY four rows of dW at a time, 16 columns in registers. */
__attribute__((target("avx2,fma"))) static void gemm_tn_avx2(const float *x, size_t n,
                                                            size_t k, const float *dy,
                                                            size_t m, float *dw)
{
    size_t m16 = m & ~(size_t)15, a = 0;
    for (; a + 4 <= k; a += 4) {
        float *d0 = dw + a * m, *d1 = d0 + m, *d2 = d1 + m, *d3 = d2 + m;
        for (size_t j = 0; j < m16; j += 16) {
            __m256 a00 = _mm256_loadu_ps(d0 + j), a01 = _mm256_loadu_ps(d0 + j + 8);
            __m256 a10 = _mm256_loadu_ps(d1 + j), a11 = _mm256_loadu_ps(d1 + j + 8);
            __m256 a20 = _mm256_loadu_ps(d2 + j), a21 = _mm256_loadu_ps(d2 + j + 8);
            __m256 a30 = _mm256_loadu_ps(d3 + j), a31 = _mm256_loadu_ps(d3 + j + 8);
            for (size_t t = 0; t < n; t++) {
                const float *xt = x + t * k + a;
                __m256 g0 = _mm256_loadu_ps(dy + t * m + j), g1 = _mm256_loadu_ps(dy + t * m + j + 8);
                __m256 b0 = _mm256_set1_ps(xt[0]), b1 = _mm256_set1_ps(xt[1]);
                __m256 b2 = _mm256_set1_ps(xt[2]), b3 = _mm256_set1_ps(xt[3]);
                a00 = _mm256_fmadd_ps(b0, g0, a00);
                a01 = _mm256_fmadd_ps(b0, g1, a01);
                a10 = _mm256_fmadd_ps(b1, g0, a10);
                a11 = _mm256_fmadd_ps(b1, g1, a11);
                a20 = _mm256_fmadd_ps(b2, g0, a20);
                a21 = _mm256_fmadd_ps(b2, g1, a21);
                a30 = _mm256_fmadd_ps(b3, g0, a30);
                a31 = _mm256_fmadd_ps(b3, g1, a31);
            }
            _mm256_storeu_ps(d0 + j, a00);
            _mm256_storeu_ps(d0 + j + 8, a01);
            _mm256_storeu_ps(d1 + j, a10);
            _mm256_storeu_ps(d1 + j + 8, a11);
            _mm256_storeu_ps(d2 + j, a20);
            _mm256_storeu_ps(d2 + j + 8, a21);
            _mm256_storeu_ps(d3 + j, a30);
            _mm256_storeu_ps(d3 + j + 8, a31);
        }
        for (size_t r = 0; r < 4 && m16 < m; r++)
            for (size_t t = 0; t < n; t++)
                for (size_t j = m16; j < m; j++)
                    dw[(a + r) * m + j] += x[t * k + a + r] * dy[t * m + j];
    }
    for (; a < k; a++)
        for (size_t t = 0; t < n; t++)
            axpy_avx2(x[t * k + a], dy + t * m, dw + a * m, m);
}
#endif

void w5_gkern_pick(w5_gkern *k)
{
    *k = (w5_gkern){mv_plain, mtv_plain, outer_plain, dot_plain, gemm_plain, gemm_tn_plain};
#ifdef W5_G_AVX2
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        *k = (w5_gkern){mv_avx2, mtv_avx2, outer_avx2, dot_avx2, gemm_avx2, gemm_tn_avx2};
#endif
}

void w5_adam_range(const w5_adam *a, size_t b, size_t e, float lr, float scale)
{
    float *w = a->w, *g = a->g, *m = a->m, *v = a->v;
    for (size_t i = b; i < e; i++) {
        float gi = g[i] * scale;
        m[i] = a->b1 * m[i] + (1 - a->b1) * gi;
        v[i] = a->b2 * v[i] + (1 - a->b2) * gi * gi;
        w[i] -= lr * m[i] / (sqrtf(v[i]) + 1e-8f);
        g[i] = 0;
    }
}

/* ---- layout ------------------------------------------------------------------ */

void w5_gdims_finish(w5_gdims *d)
{
    d->din = 0;
    for (int g = 0; g < W5_G_GROUPS; g++)
        d->din += d->dim[g];
}

size_t w5_gparams_layout(const w5_gdims *d, float *base, w5_gparams *p)
{
    size_t h4 = 4 * (size_t)d->h, h2 = 2 * (size_t)d->h, off = 0, rows = 0;
    /* each field: base + its offset (NULL when only counting) */
#define TAKE(field, n) \
    do { (field) = base ? base + off : NULL; off += (n); } while (0)
    for (int g = 0; g < W5_G_GROUPS; g++) {
        TAKE(p->emb[g], (size_t)d->rows[g] * d->dim[g]);
        p->rowbase[g] = rows;
        rows += d->rows[g];
    }
    p->nrows = rows;
    p->nemb = off;
    for (uint32_t l = 0; l < d->layers; l++) {
        size_t in = l ? h2 : d->din;
        for (int dir = 0; dir < 2; dir++) {
            TAKE(p->wx[l][dir], in * h4);
            TAKE(p->wh[l][dir], (size_t)d->h * h4);
            TAKE(p->b[l][dir], h4);
        }
    }
    TAKE(p->root, h2);
    TAKE(p->wad, h2 * d->da);
    TAKE(p->bad, d->da);
    TAKE(p->wah, h2 * d->da);
    TAKE(p->bah, d->da);
    TAKE(p->ua, (size_t)d->da * d->da);
    TAKE(p->uh, d->da);
    TAKE(p->wld, h2 * d->dl);
    TAKE(p->bld, d->dl);
    TAKE(p->wlh, h2 * d->dl);
    TAKE(p->blh, d->dl);
    TAKE(p->ul, (size_t)d->nlab * d->dl * d->dl);
    TAKE(p->vd, (size_t)d->nlab * d->dl);
    TAKE(p->vh, (size_t)d->nlab * d->dl);
    TAKE(p->bl, d->nlab);
#undef TAKE
    p->base = base;
    p->total = off;
    return off;
}

/* ---- scratch ------------------------------------------------------------------ */

void w5_gwork_free(w5_gwork *w)
{
    free(w->x);
    for (int l = 0; l < W5_G_MAX_LAYERS; l++) {
        for (int dir = 0; dir < 2; dir++) {
            free(w->gates[l][dir]);
            free(w->c[l][dir]);
            free(w->hs[l][dir]);
        }
        free(w->y[l]);
        free(w->ymask[l]);
    }
    free(w->r);
    free(w->ad);
    free(w->ah);
    free(w->ld);
    free(w->lh);
    free(w->t);
    free(w->s);
    free(w->q);
    free(w->tmp);
    free(w->dhs);
    free(w->urows);
    free(w->dy);
    free(w->dy2);
    free(w->dr);
    free(w->dad);
    free(w->dah);
    free(w->dld);
    free(w->dlh);
    free(w->dt);
    free(w->dgate);
    free(w->dh);
    free(w->dc);
    memset(w, 0, sizeof *w);
}

static int grow(float **p, size_t n)
{
    float *q = realloc(*p, (n ? n : 1) * sizeof *q);
    if (!q)
        return -1;
    *p = q;
    return 0;
}

static int grow32(uint32_t **p, size_t n)
{
    uint32_t *q = realloc(*p, (n ? n : 1) * sizeof *q);
    if (!q)
        return -1;
    *p = q;
    return 0;
}

static int grow8(uint8_t **p, size_t n)
{
    uint8_t *q = realloc(*p, n ? n : 1);
    if (!q)
        return -1;
    *p = q;
    return 0;
}

int w5_gwork_reserve(w5_gwork *w, const w5_gdims *d, size_t n)
{
    if (n <= w->cap)
        return 0;
    size_t h = d->h, h2 = 2 * h, h4 = 4 * h, n1 = n + 1;
    size_t big = d->din > h2 ? d->din : h2;
    size_t tmpn = h4 + big + (size_t)d->nlab * d->dl + d->da + d->dl + 64;
    int bad = grow(&w->x, n * d->din) || grow(&w->r, n1 * h2) ||
              grow(&w->ad, n1 * d->da) || grow(&w->ah, n1 * d->da) ||
              grow(&w->ld, n1 * d->dl) || grow(&w->lh, n1 * d->dl) ||
              grow(&w->t, n1 * d->da) || grow(&w->s, n * n1) ||
              grow(&w->q, (size_t)d->nlab * d->dl) || grow(&w->tmp, tmpn) ||
              grow(&w->dhs, n * h) || grow(&w->dy, n * big) || grow(&w->dy2, n * big) ||
              grow32(&w->urows, n * W5_G_GROUPS) ||
              grow(&w->dr, n1 * h2) || grow(&w->dad, n1 * d->da) ||
              grow(&w->dah, n1 * d->da) || grow(&w->dld, n1 * d->dl) ||
              grow(&w->dlh, n1 * d->dl) || grow(&w->dt, n1 * d->da) ||
              grow(&w->dgate, n * h4) || grow(&w->dh, h) || grow(&w->dc, h);
    for (uint32_t l = 0; l < d->layers && !bad; l++) {
        for (int dir = 0; dir < 2 && !bad; dir++)
            bad = grow(&w->gates[l][dir], n * h4) || grow(&w->c[l][dir], n * h) ||
                  grow(&w->hs[l][dir], n * h);
        bad = bad || grow(&w->y[l], n * h2) || grow8(&w->ymask[l], n * h2);
    }
    if (bad)
        return W5_ERR_NOMEM;
    w->cap = n;
    return 0;
}

/* ---- forward ------------------------------------------------------------------ */

static inline float sigm(float x)
{
    return 1.0f / (1.0f + expf(-x));
}

/* tanh from one exp (glibc's tanhf was an eighth of the parse time);
 * exact to a few units in the last place away from 0, to 1e-7 near it. */
static inline float tanh_fast(float x)
{
    if (x > 15.0f)
        return 1.0f;
    if (x < -15.0f)
        return -1.0f;
    return 1.0f - 2.0f / (expf(2.0f * x) + 1.0f);
}

static inline float lrelu(float x)
{
    return x > 0 ? x : 0.1f * x;
}

/* A uniform number in [0, 1). */
static inline float unit(uint64_t *rng)
{
    return (float)(w5_rand_next(rng) >> 40) * (1.0f / 16777216.0f);
}

/* The input vectors x of the n words: their rows' embeddings, with word
 * dropout in training (a word becomes unknown, a tag nothing). */
static void embed(const w5_gdims *d, const w5_gparams *p, const uint32_t *rows,
                  size_t n, float *x, uint32_t *urows, const w5_gdrop *drop)
{
    for (size_t i = 0; i < n; i++) {
        float *xi = x + i * d->din;
        for (int g = 0; g < W5_G_GROUPS; g++) {
            uint32_t r = rows[i * W5_G_GROUPS + (size_t)g];
            if (drop && g == W5_G_WORD && unit(drop->rng) < drop->word)
                r = 0;
            const float *e = p->emb[g] + (size_t)r * d->dim[g];
            if (drop && (g == W5_G_XPOS || g == W5_G_UPOS) && unit(drop->rng) < drop->tag) {
                memset(xi, 0, d->dim[g] * sizeof *xi);
                r = UINT32_MAX;
            } else {
                memcpy(xi, e, d->dim[g] * sizeof *xi);
            }
            urows[i * W5_G_GROUPS + (size_t)g] = r;
            xi += d->dim[g];
        }
    }
}

void w5_lstm_run(const w5_gkern *k, size_t h, const float *wx, const float *wh,
                 const float *b, const float *x, size_t in, size_t n, int backward,
                 float *gates, float *c, float *hs)
{
    size_t h4 = 4 * h;
    /* the inputs' part of every step at once */
    for (size_t t = 0; t < n; t++)
        memcpy(gates + t * h4, b, h4 * sizeof *gates);
    k->gemm(x, n, in, wx, h4, gates);
    for (size_t s = 0; s < n; s++) {
        size_t t = backward ? n - 1 - s : s;
        size_t prev = backward ? t + 1 : t - 1;
        float *gt = gates + t * h4;
        if (s)
            k->mv(wh, hs + prev * h, h, h4, gt);
        float *ct = c + t * h, *ht = hs + t * h;
        for (size_t u = 0; u < h; u++) {
            float ig = sigm(gt[u]), fg = sigm(gt[h + u]);
            float gg = tanh_fast(gt[2 * h + u]), og = sigm(gt[3 * h + u]);
            gt[u] = ig;
            gt[h + u] = fg;
            gt[2 * h + u] = gg;
            gt[3 * h + u] = og;
            ct[u] = ig * gg + (s ? fg * c[prev * h + u] : 0);
            ht[u] = og * tanh_fast(ct[u]);
        }
    }
}

/* Inverted dropout of v (n values) with a kept mask. */
static void dropout(float *v, uint8_t *mask, size_t n, float rate, uint64_t *rng)
{
    float keep = 1.0f / (1.0f - rate);
    for (size_t i = 0; i < n; i++) {
        mask[i] = unit(rng) >= rate;
        v[i] = mask[i] ? v[i] * keep : 0;
    }
}

/* out (rows x m) = act(b + x W) of an MLP layer, x rows x in. */
static void mlp(const w5_gkern *k, const float *w, const float *b, const float *x,
                size_t rows, size_t in, size_t m, float *out)
{
    for (size_t r = 0; r < rows; r++)
        memcpy(out + r * m, b, m * sizeof *out);
    k->gemm(x, rows, in, w, m, out);
    for (size_t i = 0; i < rows * m; i++)
        out[i] = lrelu(out[i]);
}

void w5_gnet_forward(const w5_gdims *d, const w5_gparams *p, const w5_gkern *k,
                     const uint32_t *rows, size_t n, w5_gwork *w, const w5_gdrop *drop)
{
    size_t h = d->h, h2 = 2 * h, n1 = n + 1;
    embed(d, p, rows, n, w->x, w->urows, drop);
    const float *in = w->x;
    size_t nin = d->din;
    for (uint32_t l = 0; l < d->layers; l++) {
        for (int dir = 0; dir < 2; dir++)
            w5_lstm_run(k, h, p->wx[l][dir], p->wh[l][dir], p->b[l][dir], in, nin, n, dir,
                        w->gates[l][dir], w->c[l][dir], w->hs[l][dir]);
        float *y = w->y[l];
        for (size_t t = 0; t < n; t++) {
            memcpy(y + t * h2, w->hs[l][0] + t * h, h * sizeof *y);
            memcpy(y + t * h2 + h, w->hs[l][1] + t * h, h * sizeof *y);
        }
        if (drop && drop->hidden > 0)
            dropout(y, w->ymask[l], n * h2, drop->hidden, drop->rng);
        in = y;
        nin = h2;
    }
    memcpy(w->r, p->root, h2 * sizeof *w->r);
    memcpy(w->r + h2, in, n * h2 * sizeof *w->r);
    /* the MLPs of every word at once: heads (the root too), dependents */
    mlp(k, p->wah, p->bah, w->r, n1, h2, d->da, w->ah);
    mlp(k, p->wlh, p->blh, w->r, n1, h2, d->dl, w->lh);
    mlp(k, p->wad, p->bad, w->r + h2, n, h2, d->da, w->ad + d->da);
    mlp(k, p->wld, p->bld, w->r + h2, n, h2, d->dl, w->ld + d->dl);
    /* t[j] = ah[j] U: what a dependent's vector is dotted with */
    memset(w->t, 0, n1 * d->da * sizeof *w->t);
    k->gemm(w->ah, n1, d->da, p->ua, d->da, w->t);
    for (size_t i = 0; i < n; i++) {
        const float *ai = w->ad + (i + 1) * d->da;
        float *si = w->s + i * n1;
        for (size_t j = 0; j < n1; j++)
            si[j] = k->dot(ai, w->t + j * d->da, d->da) +
                    k->dot(p->uh, w->ah + j * d->da, d->da);
        si[i + 1] = -INFINITY; /* no word heads itself */
    }
}

void w5_gnet_label_scores(const w5_gdims *d, const w5_gparams *p, const w5_gkern *k,
                          w5_gwork *w, size_t dep, size_t head, float *out)
{
    size_t dl = d->dl;
    const float *ld = w->ld + (dep + 1) * dl, *lh = w->lh + head * dl;
    for (uint32_t c = 0; c < d->nlab; c++) {
        /* q_c = lh U_c, kept for the gradient */
        float *q = w->q + (size_t)c * dl;
        memset(q, 0, dl * sizeof *q);
        k->mv(p->ul + (size_t)c * dl * dl, lh, dl, dl, q);
        out[c] = k->dot(ld, q, dl) + k->dot(p->vd + (size_t)c * dl, ld, dl) +
                 k->dot(p->vh + (size_t)c * dl, lh, dl) + p->bl[c];
    }
}

/* ---- backward ----------------------------------------------------------------- */

/* softmax of v (n) in place; returns log of the sum of exp (for the loss). */
static float softmax_inplace(float *v, size_t n)
{
    float m = -INFINITY;
    for (size_t i = 0; i < n; i++)
        m = v[i] > m ? v[i] : m;
    float s = 0;
    for (size_t i = 0; i < n; i++) {
        v[i] = v[i] == -INFINITY ? 0 : expf(v[i] - m);
        s += v[i];
    }
    for (size_t i = 0; i < n; i++)
        v[i] /= s;
    return m + logf(s);
}

/* The gradient of an MLP layer of `rows` inputs x (rows x in) given
 * dout (rows x m, wrt its activated output `out`): adds to dw, db and
 * dx (rows x in). */
static void mlp_back(const w5_gkern *k, const float *w, const float *x, const float *out,
                     float *dout, size_t rows, size_t in, size_t m, float *dw, float *db,
                     float *dx)
{
    for (size_t r = 0; r < rows; r++)
        for (size_t i = 0; i < m; i++) {
            float *g = dout + r * m + i;
            *g *= out[r * m + i] > 0 ? 1.0f : 0.1f;
            db[i] += *g;
        }
    k->gemm_tn(x, rows, in, dout, m, dw);
    for (size_t r = 0; r < rows; r++)
        k->mtv(w, dout + r * m, in, m, dx + r * in);
}

void w5_lstm_back(const w5_gkern *k, size_t h, const float *wx, const float *wh,
                  const float *x, size_t in, size_t n, int backward, const float *gates,
                  const float *c, const float *hs, const float *dhs, float *gwx, float *gwh,
                  float *gb, float *dx, float *dgate, float *dh, float *dc)
{
    size_t h4 = 4 * h;
    memset(dh, 0, h * sizeof *dh);
    memset(dc, 0, h * sizeof *dc);
    for (size_t s = n; s-- > 0;) {
        size_t t = backward ? n - 1 - s : s;
        size_t prev = backward ? t + 1 : t - 1;
        const float *gt = gates + t * h4, *ct = c + t * h;
        float *dg = dgate + t * h4;
        for (size_t u = 0; u < h; u++) {
            float ig = gt[u], fg = gt[h + u], gg = gt[2 * h + u], og = gt[3 * h + u];
            float tc = tanh_fast(ct[u]);
            float dhu = dhs[t * h + u] + dh[u];
            float dcu = dhu * og * (1 - tc * tc) + dc[u];
            float cprev = s ? c[prev * h + u] : 0;
            dg[u] = dcu * gg * ig * (1 - ig);
            dg[h + u] = dcu * cprev * fg * (1 - fg);
            dg[2 * h + u] = dcu * ig * (1 - gg * gg);
            dg[3 * h + u] = dhu * tc * og * (1 - og);
            dc[u] = dcu * fg;
        }
        for (size_t u = 0; u < h4; u++)
            gb[u] += dg[u];
        k->mtv(wx, dg, in, h4, dx + t * in);
        memset(dh, 0, h * sizeof *dh);
        if (s)
            k->mtv(wh, dg, h, h4, dh);
    }
    k->gemm_tn(x, n, in, dgate, h4, gwx);
    /* step t's gates read the output of step t - 1 (t + 1 backwards) */
    if (n > 1)
        k->gemm_tn(backward ? hs + h : hs, n - 1, h, backward ? dgate : dgate + h4, h4, gwh);
}

/* The arcs' part of the loss: a softmax over each word's heads. Adds
 * the gradient wrt the arc MLPs' outputs to w->dad / w->dah. */
static double arcs_back(const w5_gdims *d, const w5_gparams *p, const w5_gkern *k, size_t n,
                        const int32_t *heads, w5_gwork *w, w5_gparams *g, long *arc_ok)
{
    size_t n1 = n + 1, da = d->da;
    double loss = 0;
    memset(w->dt, 0, n1 * da * sizeof *w->dt);
    for (size_t i = 0; i < n; i++) {
        float *si = w->s + i * n1;
        size_t best = 0;
        for (size_t j = 1; j < n1; j++)
            best = si[j] > si[best] ? j : best;
        *arc_ok += (int32_t)best == heads[i];
        float gold = si[heads[i]];
        loss += softmax_inplace(si, n1) - gold;
        si[heads[i]] -= 1;
        const float *ai = w->ad + (i + 1) * da;
        float *dai = w->dad + (i + 1) * da;
        for (size_t j = 0; j < n1; j++) {
            float gs = si[j];
            if (gs == 0)
                continue;
            /* s = ad[i] . t[j] + uh . ah[j] */
            const float *tj = w->t + j * da, *aj = w->ah + j * da;
            float *dtj = w->dt + j * da, *dahj = w->dah + j * da;
            for (size_t a = 0; a < da; a++) {
                dai[a] += gs * tj[a];
                dtj[a] += gs * ai[a];
                dahj[a] += gs * p->uh[a];
                g->uh[a] += gs * aj[a];
            }
        }
    }
    /* t[j] = ah[j] U */
    k->gemm_tn(w->ah, n1, da, w->dt, da, g->ua);
    for (size_t j = 0; j < n1; j++)
        k->mtv(p->ua, w->dt + j * da, da, da, w->dah + j * da);
    return loss;
}

/* The relations' part of the loss, on the gold arcs. Adds the gradient
 * wrt the label MLPs' outputs to w->dld / w->dlh. */
static double labels_back(const w5_gdims *d, const w5_gparams *p, const w5_gkern *k,
                          size_t n, const int32_t *heads, const uint8_t *labels, w5_gwork *w,
                          w5_gparams *g)
{
    size_t dl = d->dl;
    double loss = 0;
    float *dq = w->tmp, *sc = w->tmp + dl;
    for (size_t i = 0; i < n; i++) {
        size_t hd = (size_t)heads[i];
        w5_gnet_label_scores(d, p, k, w, i, hd, sc);
        float gold = sc[labels[i]];
        loss += softmax_inplace(sc, d->nlab) - gold;
        sc[labels[i]] -= 1;
        const float *ldi = w->ld + (i + 1) * dl, *lhj = w->lh + hd * dl;
        float *dldi = w->dld + (i + 1) * dl, *dlhj = w->dlh + hd * dl;
        for (uint32_t c = 0; c < d->nlab; c++) {
            float gs = sc[c];
            g->bl[c] += gs;
            const float *u = p->ul + (size_t)c * dl * dl, *q = w->q + (size_t)c * dl;
            /* score = ld . q_c + vd_c . ld + vh_c . lh, q_c = lh U_c */
            for (size_t a = 0; a < dl; a++) {
                dldi[a] += gs * (q[a] + p->vd[c * dl + a]);
                dlhj[a] += gs * p->vh[c * dl + a];
                g->vd[c * dl + a] += gs * ldi[a];
                g->vh[c * dl + a] += gs * lhj[a];
                dq[a] = gs * ldi[a];
            }
            k->outer(g->ul + (size_t)c * dl * dl, lhj, dl, dq, dl);
            k->mtv(u, dq, dl, dl, dlhj);
        }
    }
    return loss;
}

/* The four MLPs, down to the word vectors r (w->dr) and the root's. */
static void mlps_back(const w5_gdims *d, const w5_gparams *p, const w5_gkern *k, size_t n,
                      w5_gwork *w, w5_gparams *g)
{
    size_t h2 = 2 * (size_t)d->h, da = d->da, dl = d->dl, n1 = n + 1;
    mlp_back(k, p->wah, w->r, w->ah, w->dah, n1, h2, da, g->wah, g->bah, w->dr);
    mlp_back(k, p->wlh, w->r, w->lh, w->dlh, n1, h2, dl, g->wlh, g->blh, w->dr);
    mlp_back(k, p->wad, w->r + h2, w->ad + da, w->dad + da, n, h2, da, g->wad, g->bad,
             w->dr + h2);
    mlp_back(k, p->wld, w->r + h2, w->ld + dl, w->dld + dl, n, h2, dl, g->wld, g->bld,
             w->dr + h2);
    for (size_t a = 0; a < h2; a++)
        g->root[a] += w->dr[a];
}

/* The LSTM layers, top down, from the gradient wrt the word vectors;
 * returns the gradient wrt the embeddings (n x din). */
static const float *lstms_back(const w5_gdims *d, const w5_gparams *p, const w5_gkern *k,
                               size_t n, w5_gwork *w, const w5_gdrop *drop, w5_gparams *g)
{
    size_t h = d->h, h2 = 2 * h;
    /* dy: the gradient wrt a layer's output, dnext wrt its input (the
     * output of the layer below) */
    float *dy = w->dy, *dnext = w->dy2;
    memcpy(dy, w->dr + h2, n * h2 * sizeof *dy);
    for (uint32_t l = d->layers; l-- > 0;) {
        if (drop && drop->hidden > 0) {
            float keep = 1.0f / (1.0f - drop->hidden);
            for (size_t i = 0; i < n * h2; i++)
                dy[i] = w->ymask[l][i] ? dy[i] * keep : 0;
        }
        const float *x = l ? w->y[l - 1] : w->x;
        size_t in = l ? h2 : d->din;
        memset(dnext, 0, n * in * sizeof *dnext);
        for (int dir = 0; dir < 2; dir++) {
            for (size_t t = 0; t < n; t++)
                memcpy(w->dhs + t * h, dy + t * h2 + (size_t)dir * h, h * sizeof *dy);
            w5_lstm_back(k, h, p->wx[l][dir], p->wh[l][dir], x, in, n, dir,
                         w->gates[l][dir], w->c[l][dir], w->hs[l][dir], w->dhs,
                         g->wx[l][dir], g->wh[l][dir], g->b[l][dir], dnext, w->dgate, w->dh,
                         w->dc);
        }
        float *swap = dy;
        dy = dnext;
        dnext = swap;
    }
    return dy;
}

/* The embedding rows' gradient (the rows the forward pass used). */
static void embed_back(const w5_gdims *d, const w5_gparams *p, size_t n, const float *dx,
                       const w5_gwork *w, w5_gparams *g, uint8_t *used)
{
    for (size_t i = 0; i < n; i++) {
        const float *dxi = dx + i * d->din;
        for (int gr = 0; gr < W5_G_GROUPS; gr++) {
            uint32_t r = w->urows[i * W5_G_GROUPS + (size_t)gr];
            if (r != UINT32_MAX) {
                float *e = g->emb[gr] + (size_t)r * d->dim[gr];
                for (uint32_t a = 0; a < d->dim[gr]; a++)
                    e[a] += dxi[a];
                if (used)
                    used[p->rowbase[gr] + r] = 1;
            }
            dxi += d->dim[gr];
        }
    }
}

double w5_gnet_backward(const w5_gdims *d, const w5_gparams *p, const w5_gkern *k,
                        size_t n, const int32_t *heads,
                        const uint8_t *labels, w5_gwork *w, const w5_gdrop *drop,
                        w5_gparams *g, uint8_t *used, long *arc_ok)
{
    size_t n1 = n + 1;
    memset(w->dad, 0, n1 * d->da * sizeof *w->dad);
    memset(w->dah, 0, n1 * d->da * sizeof *w->dah);
    memset(w->dld, 0, n1 * d->dl * sizeof *w->dld);
    memset(w->dlh, 0, n1 * d->dl * sizeof *w->dlh);
    memset(w->dr, 0, n1 * 2 * d->h * sizeof *w->dr);
    double loss = arcs_back(d, p, k, n, heads, w, g, arc_ok);
    loss += labels_back(d, p, k, n, heads, labels, w, g);
    mlps_back(d, p, k, n, w, g);
    embed_back(d, p, n, lstms_back(d, p, k, n, w, drop, g), w, g, used);
    return loss;
}

/* ---- decoding ------------------------------------------------------------------- */
