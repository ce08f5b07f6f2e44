/*
 * tagger_nn.c - the opt-in neural tagger at run time: the dense layers,
 * the word features, loading a network file and the log-probabilities
 * the tagger adds to its scores (see tagger_nn.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "syntax/tagger_nn.h"

/* Embedding sizes of the groups, in the order of w5_nn_word_values: the
 * word forms get the most room, affixes and flags little. */
const uint16_t w5_nn_group_dim[W5_NN_GROUPS] = {
    32, 16,         /* lowercase form, form */
    8, 8, 16, 16,   /* suffixes of 1-4 bytes */
    8, 8, 8,        /* prefixes of 1-3 bytes */
    8, 8, 16,       /* shape, flags, ambiguity class */
    16, 8, 8,       /* cluster path prefixes of 20, 10 and 6 bits */
    0,              /* word vectors: their own size */
};

struct w5_tagnn {
    w5_mfile *mf;
    w5_smap feats;            /* key -> a = row, b = group */
    w5_nn_dense d;            /* views into the file */
    uint32_t nrows[W5_NN_GROUPS], rbase[W5_NN_GROUPS];
    size_t ebase[W5_NN_GROUPS];
    uint32_t wdim;            /* floats of one word's embeddings */
    uint16_t woff[W5_NN_GROUPS], dim[W5_NN_GROUPS];
    const int8_t *emb;
    const float *scale;
    uint32_t fingerprint;
    float alpha_x, alpha_u;
    float *pad;               /* the embeddings of the pad word */
    int lstm;                 /* the BiLSTM kind: tl, not the above */
    w5_tl_net tl;
};

/* ---- the dense layers ---------------------------------------------------- */

static void softmax(float *z, uint32_t n)
{
    float m = z[0], s = 0;
    for (uint32_t c = 1; c < n; c++)
        m = z[c] > m ? z[c] : m;
    for (uint32_t c = 0; c < n; c++)
        s += z[c] = expf(z[c] - m);
    for (uint32_t c = 0; c < n; c++)
        z[c] /= s;
}

/* out (nout) = b + w^T h, w hidden-major (nh x nout). */
static void layer_out(const float *w, const float *b, const float *h, uint32_t nh,
                      uint32_t nout, float *out)
{
    memcpy(out, b, nout * sizeof *out);
    for (uint32_t j = 0; j < nh; j++) {
        float hj = h[j];
        if (hj == 0)
            continue;
        const float *row = w + (size_t)j * nout;
        for (uint32_t c = 0; c < nout; c++)
            out[c] += hj * row[c];
    }
}

/* The AVX2 builds of the loops below exist only on x86 with GCC or clang
 * (the target attribute, __builtin_cpu_supports); elsewhere the plain C
 * loops run alone (review #6). -DW5_NN_PLAIN drops them on x86 too, to
 * test the fallback. */
#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__)) && \
    !defined(W5_NN_PLAIN)
#define W5_NN_AVX2 1
#endif

/* The hidden layer's products, nhid a multiple of 8: blocks of 8 with a
 * fixed trip count vectorise at -O2 (no reassociation, so the AVX2 and
 * the plain builds compute the same floats); built twice, the AVX2 one
 * picked when the CPU has it. Unvectorised, the network tagged 7,500
 * words/s. */
#define W1_FORWARD_BODY                                                        \
    for (uint32_t k = 0; k < nin; k++) {                                       \
        float xk = x[k];                                                       \
        if (xk == 0) /* dropped and unknown features: whole zero blocks */     \
            continue;                                                          \
        const float *row = w1 + (size_t)k * nh;                                \
        for (size_t j = 0; j < nh; j += 8) {                                   \
            float *hj = h + j;                                                 \
            const float *rj = row + j;                                         \
            for (int t = 0; t < 8; t++)                                        \
                hj[t] += xk * rj[t];                                           \
        }                                                                      \
    }

#ifdef W5_NN_AVX2
__attribute__((target("avx2"))) static void w1_forward_avx2(
    const float *restrict w1, const float *restrict x, uint32_t nin, uint32_t nh,
    float *restrict h)
{
    W1_FORWARD_BODY
}
#endif

static void w1_forward_plain(const float *restrict w1, const float *restrict x,
                             uint32_t nin, uint32_t nh, float *restrict h)
{
    W1_FORWARD_BODY
}

static void w1_forward(const float *w1, const float *x, uint32_t nin, uint32_t nh, float *h)
{
#ifdef W5_NN_AVX2
    if (__builtin_cpu_supports("avx2")) {
        w1_forward_avx2(w1, x, nin, nh, h);
        return;
    }
#endif
    w1_forward_plain(w1, x, nin, nh, h);
}

/* g1 += x dh^T and dx = w1 dh (dx may be NULL). */
#define W1_BACKWARD_BODY                                                       \
    for (uint32_t k = 0; k < nin; k++) {                                       \
        const float *row = w1 + (size_t)k * nh;                                \
        if (dx) {                                                              \
            float s[8] = {0};                                                  \
            for (size_t j = 0; j < nh; j += 8) {                               \
                const float *rj = row + j, *dj = dh + j;                       \
                for (int t = 0; t < 8; t++)                                    \
                    s[t] += rj[t] * dj[t];                                     \
            }                                                                  \
            dx[k] = ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7])); \
        }                                                                      \
        float xk = x[k];                                                       \
        if (xk == 0)                                                           \
            continue;                                                          \
        float *grow = g1 + (size_t)k * nh;                                     \
        for (size_t j = 0; j < nh; j += 8) {                                   \
            float *gj = grow + j;                                              \
            const float *dj = dh + j;                                          \
            for (int t = 0; t < 8; t++)                                        \
                gj[t] += xk * dj[t];                                           \
        }                                                                      \
    }

#ifdef W5_NN_AVX2
__attribute__((target("avx2"))) static void w1_backward_avx2(
    const float *restrict w1, const float *restrict x, const float *restrict dh,
    uint32_t nin, uint32_t nh, float *restrict g1, float *restrict dx)
{
    W1_BACKWARD_BODY
}
#endif

static void w1_backward_plain(const float *restrict w1, const float *restrict x,
                              const float *restrict dh, uint32_t nin, uint32_t nh,
                              float *restrict g1, float *restrict dx)
{
    W1_BACKWARD_BODY
}

static void w1_backward(const float *w1, const float *x, const float *dh, uint32_t nin,
                        uint32_t nh, float *g1, float *dx)
{
#ifdef W5_NN_AVX2
    if (__builtin_cpu_supports("avx2")) {
        w1_backward_avx2(w1, x, dh, nin, nh, g1, dx);
        return;
    }
#endif
    w1_backward_plain(w1, x, dh, nin, nh, g1, dx);
}

/* The rest of the forward pass once h holds w1 x + b1. */
static float forward_rest(const w5_nn_dense *d, const float *drop, float *h, float *px,
                          float *pu, int yx, int yu)
{
    uint32_t nh = d->nhid;
    for (uint32_t j = 0; j < nh; j++) {
        h[j] = h[j] > 0 ? h[j] : 0;
        if (drop)
            h[j] *= drop[j];
    }
    layer_out(d->w2, d->b2, h, nh, d->nx, px);
    layer_out(d->w3, d->b3, h, nh, d->nu, pu);
    softmax(px, d->nx);
    softmax(pu, d->nu);
    float loss = 0;
    if (yx >= 0)
        loss -= logf(px[yx] > 1e-30f ? px[yx] : 1e-30f);
    if (yu >= 0)
        loss -= logf(pu[yu] > 1e-30f ? pu[yu] : 1e-30f);
    return loss;
}

float w5_nn_forward(const w5_nn_dense *d, const float *x, const float *drop,
                    float *h, float *px, float *pu, int yx, int yu)
{
    memcpy(h, d->b1, d->nhid * sizeof *h);
    w1_forward(d->w1, x, d->nin, d->nhid, h);
    return forward_rest(d, drop, h, px, pu, yx, yu);
}

/* The hidden layers (before the ReLU) of the words [b, e) of a sentence
 * of n, whose embeddings are the rows of `words` (wd floats each): each
 * row of w1 read once for all of them, not once a word (w1, 0.9 MB,
 * about fills the L2 cache): bench/syntax 46-48 k words/s against 39 k
 * one word at a time (-DW5_NN_BATCH_WORDS=1; busy machine). The
 * same sums in the same order as w5_nn_forward, so the same floats. */
#define HIDDEN_BATCH_BODY                                                      \
    for (size_t i = b; i < e; i++)                                             \
        memcpy(h + (i - b) * nh, b1, nh * sizeof *h);                          \
    for (uint32_t p = 0; p < W5_NN_WINDOW; p++)                                \
        for (uint32_t kk = 0; kk < wd; kk++) {                                 \
            const float *row = w1 + ((size_t)p * wd + kk) * nh;                \
            for (size_t i = b; i < e; i++) {                                   \
                size_t j = i + p - W5_NN_WINDOW / 2; /* >= n below 0 */        \
                float xk = i + p >= W5_NN_WINDOW / 2 && j < n                  \
                               ? words[j * wd + kk] : pad[kk];                 \
                if (xk == 0)                                                   \
                    continue;                                                  \
                float *hi = h + (i - b) * nh;                                  \
                for (size_t c = 0; c < nh; c += 8) {                           \
                    float *hc = hi + c;                                        \
                    const float *rc = row + c;                                 \
                    for (int t = 0; t < 8; t++)                                \
                        hc[t] += xk * rc[t];                                   \
                }                                                              \
            }                                                                  \
        }

#ifdef W5_NN_AVX2
__attribute__((target("avx2"))) static void hidden_batch_avx2(
    const float *restrict w1, const float *restrict b1, const float *restrict words,
    const float *restrict pad, size_t n, size_t b, size_t e, uint32_t wd, uint32_t nh,
    float *restrict h)
{
    HIDDEN_BATCH_BODY
}
#endif

static void hidden_batch_plain(const float *restrict w1, const float *restrict b1,
                               const float *restrict words, const float *restrict pad,
                               size_t n, size_t b, size_t e, uint32_t wd, uint32_t nh,
                               float *restrict h)
{
    HIDDEN_BATCH_BODY
}

static void hidden_batch(const float *w1, const float *b1, const float *words,
                         const float *pad, size_t n, size_t b, size_t e, uint32_t wd,
                         uint32_t nh, float *h)
{
#ifdef W5_NN_AVX2
    if (__builtin_cpu_supports("avx2")) {
        hidden_batch_avx2(w1, b1, words, pad, n, b, e, wd, nh, h);
        return;
    }
#endif
    hidden_batch_plain(w1, b1, words, pad, n, b, e, wd, nh, h);
}

/* g's output layer += dz h^T; dh += w dz (dz = p - onehot(y)). */
static void backward_out(const float *w, const float *p, int y, const float *h,
                         uint32_t nh, uint32_t nout, float *gw, float *gb, float *dh)
{
    float dz[64];
    if (y < 0 || nout > 64)
        return;
    for (uint32_t c = 0; c < nout; c++)
        dz[c] = p[c] - (c == (uint32_t)y);
    for (uint32_t c = 0; c < nout; c++)
        gb[c] += dz[c];
    for (uint32_t j = 0; j < nh; j++) {
        const float *row = w + (size_t)j * nout;
        float *grow = gw + (size_t)j * nout, s = 0;
        for (uint32_t c = 0; c < nout; c++) {
            grow[c] += h[j] * dz[c];
            s += row[c] * dz[c];
        }
        dh[j] += s;
    }
}

void w5_nn_backward(const w5_nn_dense *d, const float *x, const float *drop,
                    const float *h, const float *px, const float *pu, int yx,
                    int yu, w5_nn_dense *g, float *dx, float *scratch)
{
    uint32_t nh = d->nhid;
    float *dh = scratch;
    memset(dh, 0, nh * sizeof *dh);
    backward_out(d->w2, px, yx, h, nh, d->nx, g->w2, g->b2, dh);
    backward_out(d->w3, pu, yu, h, nh, d->nu, g->w3, g->b3, dh);
    /* through the dropout and the ReLU: h = relu(a) * drop */
    for (uint32_t j = 0; j < nh; j++) {
        dh[j] = h[j] > 0 ? dh[j] * (drop ? drop[j] : 1) : 0;
        g->b1[j] += dh[j];
    }
    w1_backward(d->w1, x, dh, d->nin, nh, g->w1, dx);
}

/* ---- the word features --------------------------------------------------- */


void w5_nn_word_values(const w5_tword *t, uint64_t *v)
{
    v[0] = t->lw;
    v[1] = t->w;
    for (int s = 0; s < 4; s++)
        v[2 + s] = t->sfx[s];
    for (int s = 0; s < 3; s++)
        v[6 + s] = t->pfx[s];
    v[9] = t->shape;
    v[10] = t->flags;
    v[11] = t->amb;
    v[12] = w5_cluster_prefix(t->cl, 20);
    v[13] = w5_cluster_prefix(t->cl, 10);
    v[14] = w5_cluster_prefix(t->cl, 6);
    v[15] = t->lw;
}

uint64_t w5_nn_key(unsigned group, uint64_t value)
{
    return w5_f2(0x4e4e, group, value) | 1;
}

/* Every entry of the ambiguity map (word key, tags, cluster id, in slot
 * order) and every cluster path: a tagger retrained with other clusters
 * of the same count, or other classes in the same map size, differs
 * (the first version sampled 8 slots and passed such a tagger; review
 * h34 #1). One pass over the map when a network is attached or saved. */
uint32_t w5_tagger_fingerprint(const w5_tagger *tg)
{
    uint64_t h = w5_hash_mix(tg->amb.slots ? tg->amb.mask : 0, tg->ncluster);
    if (tg->amb.slots)
        for (uint64_t i = 0; i <= tg->amb.mask; i++) {
            const w5_smap_entry *e = &tg->amb.slots[i];
            if (e->key)
                h = w5_hash_mix(w5_hash_mix(h, e->key), (uint64_t)e->a << 32 | e->b);
        }
    for (uint32_t c = 0; c < tg->ncluster; c++)
        h = w5_hash_mix(h, tg->cluster_paths[c]);
    return (uint32_t)(h ^ h >> 32);
}

/* ---- the loaded network -------------------------------------------------- */

/* Writes the embeddings of a word (groups' values v) into out (wdim). */
static void word_embed(const w5_tagnn *nn, const uint64_t *v, float *out)
{
    for (unsigned g = 0; g < W5_NN_GROUPS; g++) {
        float *o = out + nn->woff[g];
        uint32_t dim = nn->dim[g];
        if (!dim)
            continue;
        const w5_smap_entry *e = w5_smap_get(&nn->feats, w5_nn_key(g, v[g]));
        if (!e || e->b != g || e->a < nn->rbase[g] ||
            e->a - nn->rbase[g] >= nn->nrows[g]) {
            memset(o, 0, dim * sizeof *o);
            continue;
        }
        const int8_t *q = nn->emb + nn->ebase[g] + (size_t)(e->a - nn->rbase[g]) * dim;
        float s = nn->scale[e->a];
        for (uint32_t k = 0; k < dim; k++)
            o[k] = (float)q[k] * s;
    }
}

/* Words whose hidden layers are summed together (their sums stay in
 * the L1 / L2 caches). */
#ifndef W5_NN_BATCH_WORDS
#define W5_NN_BATCH_WORDS 16
#endif
enum { BATCH_WORDS = W5_NN_BATCH_WORDS };

size_t w5_tagnn_scratch(const w5_tagnn *nn, size_t n)
{
    if (nn->lstm)
        return w5_tl_scratch(&nn->tl, n);
    return n * nn->wdim + BATCH_WORDS * (size_t)nn->d.nhid + 128;
}

void w5_tagnn_logprobs(const w5_tagnn *nn, const w5_tword *tw, size_t n,
                       float *lpx, float *lpu, float *scratch)
{
    if (nn->lstm) {
        w5_tl_logprobs(&nn->tl, tw, n, lpx, lpu, scratch);
        return;
    }
    uint32_t wd = nn->wdim, nh = nn->d.nhid;
    float *words = scratch, *h = words + n * wd;
    uint64_t v[W5_NN_GROUPS];
    for (size_t i = 0; i < n; i++) {
        w5_nn_word_values(&tw[i], v);
        word_embed(nn, v, words + i * wd);
    }
    for (size_t i = 0; i < n; i++) {
        size_t b = i - i % BATCH_WORDS;
        if (i == b) {
            size_t e = b + BATCH_WORDS < n ? b + BATCH_WORDS : n;
            hidden_batch(nn->d.w1, nn->d.b1, words, nn->pad, n, b, e, wd, nh, h);
        }
        float *px = lpx + i * W5_XPOS_COUNT, *pu = lpu + i * W5_UPOS_COUNT;
        forward_rest(&nn->d, NULL, h + (i - b) * nh, px, pu, -1, -1);
        for (uint32_t c = 0; c < W5_XPOS_COUNT; c++)
            px[c] = logf(px[c] > 1e-30f ? px[c] : 1e-30f);
        for (uint32_t c = 0; c < W5_UPOS_COUNT; c++)
            pu[c] = logf(pu[c] > 1e-30f ? pu[c] : 1e-30f);
    }
}

void w5_tagnn_set_alpha(w5_tagnn *nn, float ax, float au)
{
    nn->alpha_x = nn->tl.alpha_x = ax;
    nn->alpha_u = nn->tl.alpha_u = au;
}

float w5_tagnn_alpha_x(const w5_tagnn *nn) { return nn->lstm ? nn->tl.alpha_x : nn->alpha_x; }
float w5_tagnn_alpha_u(const w5_tagnn *nn) { return nn->lstm ? nn->tl.alpha_u : nn->alpha_u; }

int w5_tagnn_check(const w5_tagnn *nn, const w5_tagger *tg)
{
    uint32_t fp = nn->lstm ? nn->tl.fingerprint : nn->fingerprint;
    return fp == w5_tagger_fingerprint(tg) ? 0 : W5_ERR_VERSION;
}

static float u32_float(uint32_t u)
{
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

/* Reads the meta section into nn; 0 or W5_ERR_FORMAT / W5_ERR_VERSION. */
static int read_meta(w5_tagnn *nn, const uint32_t *m, size_t size)
{
    if (!m || size < W5_NN_META_WORDS * 4)
        return W5_ERR_FORMAT;
    if (m[W5_NN_META_VERSION] != W5_NN_FILE_VERSION || m[W5_NN_META_GROUPS] != W5_NN_GROUPS ||
        m[W5_NN_META_WINDOW] != W5_NN_WINDOW)
        return W5_ERR_VERSION;
    nn->wdim = 0;
    size_t rows = 0, ebytes = 0;
    if (m[W5_NN_META_VEC_DIM] > W5_NN_MAX_VEC_DIM)
        return W5_ERR_FORMAT;
    for (unsigned g = 0; g < W5_NN_GROUPS; g++) {
        nn->dim[g] = g == W5_NN_VEC_GROUP ? (uint16_t)m[W5_NN_META_VEC_DIM] : w5_nn_group_dim[g];
        nn->woff[g] = (uint16_t)nn->wdim;
        nn->wdim += nn->dim[g];
        nn->nrows[g] = m[W5_NN_META_ROWS + g];
        nn->rbase[g] = (uint32_t)rows;
        nn->ebase[g] = ebytes;
        rows += nn->nrows[g];
        ebytes += (size_t)nn->nrows[g] * nn->dim[g];
        if (rows > UINT32_MAX / 2)
            return W5_ERR_FORMAT;
    }
    nn->d.nin = m[W5_NN_META_NIN];
    nn->d.nhid = m[W5_NN_META_NHID];
    nn->d.nx = m[W5_NN_META_NX];
    nn->d.nu = m[W5_NN_META_NU];
    if (nn->d.nin != W5_NN_WINDOW * nn->wdim || nn->d.nhid == 0 ||
        nn->d.nhid > W5_NN_MAX_HIDDEN || nn->d.nhid % 8 ||
        nn->d.nx != W5_XPOS_COUNT || nn->d.nu != W5_UPOS_COUNT)
        return W5_ERR_FORMAT;
    nn->fingerprint = m[W5_NN_META_FINGERPRINT];
    nn->alpha_x = u32_float(m[W5_NN_META_ALPHA_X]);
    nn->alpha_u = u32_float(m[W5_NN_META_ALPHA_U]);
    if (!(nn->alpha_x >= 0 && nn->alpha_x < 1e6f && nn->alpha_u >= 0 && nn->alpha_u < 1e6f))
        return W5_ERR_FORMAT;
    return 0;
}

/* Points the dense layers into the "nn.dense" floats; 0 or W5_ERR_FORMAT. */
static int view_dense(w5_tagnn *nn, const float *f, size_t size)
{
    w5_nn_dense *d = &nn->d;
    size_t nh = d->nhid;
    size_t need = (size_t)d->nin * nh + nh + nh * d->nx + d->nx + nh * d->nu + d->nu;
    if (!f || size != need * sizeof *f)
        return W5_ERR_FORMAT;
    d->w1 = (float *)f;
    d->b1 = d->w1 + (size_t)d->nin * nh;
    d->w2 = d->b1 + nh;
    d->b2 = d->w2 + nh * d->nx;
    d->w3 = d->b2 + d->nx;
    d->b3 = d->w3 + nh * d->nu;
    for (size_t i = 0; i < need; i++)
        if (!isfinite(f[i]))
            return W5_ERR_FORMAT;
    return 0;
}

/* 1 when every row's quantisation scale is a finite number of a sane
 * size: a NaN or huge scale (a corrupted file) would turn the network's
 * output into its biases alone or Inf, and tags would change silently
 * (review h34). */
static int scales_sane(const float *scale, size_t rows)
{
    for (size_t r = 0; r < rows; r++)
        if (!(fabsf(scale[r]) <= 1e3f))     /* NaN fails too */
            return 0;
    return 1;
}

int w5_tagnn_from_mfile(w5_mfile *mf, w5_tagnn **out, w5_error *err)
{
    *out = NULL;
    w5_tagnn *nn = calloc(1, sizeof *nn);
    if (!nn)
        return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    size_t size = 0, esize = 0, ssize = 0;
    if (w5_mfile_section(mf, "tl.meta", &size)) {    /* the BiLSTM kind */
        int rc = w5_tl_read(mf, &nn->tl);
        if (rc) {
            free(nn);
            return w5_fail(err, rc, rc == W5_ERR_VERSION ? "tagger-nn model: made for another "
                                                           "network"
                                    : rc == W5_ERR_NOMEM ? "out of memory"
                                                         : "tagger-nn model: bad BiLSTM sections");
        }
        nn->lstm = 1;
        nn->mf = mf;
        *out = nn;
        return 0;
    }
    const uint32_t *meta = w5_mfile_section(mf, "nn.meta", &size);
    int rc = read_meta(nn, meta, size);
    if (rc) {
        free(nn);
        return w5_fail(err, rc, rc == W5_ERR_VERSION
                                    ? "tagger-nn model: made for another network"
                                    : "tagger-nn model: bad meta");
    }
    size_t fsize = 0, dsize = 0;
    const void *feats = w5_mfile_section(mf, "nn.feats", &fsize);
    const float *dense = w5_mfile_section(mf, "nn.dense", &dsize);
    nn->emb = w5_mfile_section(mf, "nn.emb", &esize);
    nn->scale = w5_mfile_section(mf, "nn.scale", &ssize);
    size_t rows = nn->rbase[W5_NN_GROUPS - 1] + nn->nrows[W5_NN_GROUPS - 1];
    size_t ebytes = nn->ebase[W5_NN_GROUPS - 1] +
                    (size_t)nn->nrows[W5_NN_GROUPS - 1] * nn->dim[W5_NN_GROUPS - 1];
    if (!feats || w5_smap_view(feats, fsize, &nn->feats) || !nn->emb || esize != ebytes ||
        !nn->scale || ssize / sizeof(float) != rows || ssize % sizeof(float) ||
        view_dense(nn, dense, dsize) || !scales_sane(nn->scale, rows)) {
        free(nn);
        return w5_fail(err, W5_ERR_FORMAT, "tagger-nn model: bad sections");
    }
    nn->pad = malloc(nn->wdim * sizeof *nn->pad);
    if (!nn->pad) {
        free(nn);
        return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    }
    uint64_t v[W5_NN_GROUPS];
    for (unsigned g = 0; g < W5_NN_GROUPS; g++)
        v[g] = W5_NN_PAD;
    word_embed(nn, v, nn->pad);
    nn->mf = mf;
    *out = nn;
    return 0;
}

int w5_tagnn_load(const char *path, w5_tagnn **out, w5_error *err)
{
    w5_mfile *mf;
    *out = NULL;
    int rc = w5_mfile_open(path, "tagger-nn", &mf, err);
    if (rc)
        return rc;
    if ((rc = w5_tagnn_from_mfile(mf, out, err))) {
        w5_mfile_close(mf);
        if (err) {          /* the message names the file (review h34) */
            char what[sizeof err->message];
            snprintf(what, sizeof what, "%s", err->message);
            w5_fail(err, rc, "%s: %s", path, what);
        }
    }
    return rc;
}

void w5_tagnn_free(w5_tagnn *nn)
{
    if (!nn)
        return;
    w5_mfile_close(nn->mf);
    w5_tl_net_free(&nn->tl);
    free(nn->pad);
    free(nn);
}
