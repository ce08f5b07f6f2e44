/*
 * tagger_lstm.c - the BiLSTM kind of the opt-in neural tagger
 * (tagger_nn.h): parameter layout, the forward pass and its gradient
 * (the LSTM steps are the graph parser's, graph_nn.c), the model file
 * (int8 in chunks, graph_file.h) and the log-probabilities the tagger
 * adds to its scores.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "syntax/graph_file.h"
#include "syntax/tagger_nn.h"

enum { NG = W5_NN_GROUPS };

/* ---- layout ------------------------------------------------------------------ */

size_t w5_tl_layout(const w5_tl_dims *d, float *base, w5_tl_params *p)
{
    size_t h = d->h, h2 = 2 * h, h4 = 4 * h, off = 0;
#define TAKE(field, n) \
    do { (field) = base ? base + off : NULL; off += (n); } while (0)
    for (int g = 0; g < NG; g++)
        TAKE(p->emb[g], (size_t)d->rows[g] * d->dim[g]);
    p->nemb = off;
    for (uint32_t l = 0; l < d->layers; l++) {
        size_t in = l ? h2 : d->din;
        for (int dir = 0; dir < 2; dir++) {
            TAKE(p->wx[l][dir], in * h4);
            TAKE(p->wh[l][dir], h * h4);
            TAKE(p->b[l][dir], h4);
        }
    }
    w5_nn_dense *o = &p->out;
    o->nin = (uint32_t)h2;
    o->nhid = d->nhid;
    o->nx = W5_XPOS_COUNT;
    o->nu = W5_UPOS_COUNT;
    TAKE(o->w1, h2 * d->nhid);
    TAKE(o->b1, d->nhid);
    TAKE(o->w2, (size_t)d->nhid * o->nx);
    TAKE(o->b2, o->nx);
    TAKE(o->w3, (size_t)d->nhid * o->nu);
    TAKE(o->b3, o->nu);
#undef TAKE
    p->base = base;
    p->total = off;
    return off;
}

/* ---- scratch ------------------------------------------------------------------ */

void w5_tl_work_free(w5_tl_work *w)
{
    free(w->x);
    for (int l = 0; l < W5_TL_MAX_LAYERS; l++) {
        for (int dir = 0; dir < 2; dir++) {
            free(w->gates[l][dir]);
            free(w->c[l][dir]);
            free(w->hs[l][dir]);
        }
        free(w->y[l]);
        free(w->ymask[l]);
    }
    free(w->hid);
    free(w->drop);
    free(w->px);
    free(w->pu);
    free(w->urows);
    free(w->dy);
    free(w->dy2);
    free(w->dhs);
    free(w->tmp);
    memset(w, 0, sizeof *w);
}

static int grow(void **p, size_t bytes)
{
    void *q = realloc(*p, bytes ? bytes : 1);
    if (!q)
        return -1;
    *p = q;
    return 0;
}
#define GROW(p, n) grow((void **)&(p), (n) * sizeof *(p))

/* Training scratch: every layer kept. */
int w5_tl_work_reserve(w5_tl_work *w, const w5_tl_dims *d, size_t n)
{
    w->train = 1;
    if (n <= w->cap)
        return 0;
    size_t h = d->h, h2 = 2 * h, h4 = 4 * h, big = d->din > h2 ? d->din : h2;
    int bad = GROW(w->x, n * d->din) || GROW(w->hid, n * d->nhid) ||
              GROW(w->drop, n * d->nhid) || GROW(w->px, n * W5_XPOS_COUNT) ||
              GROW(w->pu, n * W5_UPOS_COUNT) || GROW(w->urows, n * NG) ||
              GROW(w->dy, n * big) || GROW(w->dy2, n * big) || GROW(w->dhs, n * h) ||
              GROW(w->tmp, n * h4 + 2 * h + d->nhid + 8);
    for (uint32_t l = 0; l < d->layers && !bad; l++) {
        for (int dir = 0; dir < 2 && !bad; dir++)
            bad = GROW(w->gates[l][dir], n * h4) || GROW(w->c[l][dir], n * h) ||
                  GROW(w->hs[l][dir], n * h);
        bad = bad || GROW(w->y[l], n * h2) || GROW(w->ymask[l], n * h2);
    }
    if (bad)
        return W5_ERR_NOMEM;
    w->cap = n;
    return 0;
}

/* ---- forward ------------------------------------------------------------------ */

static inline float unit(uint64_t *rng)
{
    return (float)(w5_rand_next(rng) >> 40) * (1.0f / 16777216.0f);
}

/* x of the n words from their rows (word dropout in training). */
static void embed(const w5_tl_dims *d, const w5_tl_params *p, const uint32_t *rows,
                  size_t n, float *x, uint32_t *urows, const w5_tl_drop *drop)
{
    for (size_t i = 0; i < n; i++) {
        float *xi = x + i * d->din;
        int unknown = drop && drop->word > 0 && unit(drop->rng) < drop->word;
        for (int g = 0; g < NG; g++) {
            uint32_t r = rows[i * NG + (size_t)g];
            if (unknown && g <= 1) /* the lowercase form and the form */
                r = 0;
            memcpy(xi, p->emb[g] + (size_t)r * d->dim[g], d->dim[g] * sizeof *xi);
            urows[i * NG + (size_t)g] = r;
            xi += d->dim[g];
        }
    }
}

double w5_tl_forward(const w5_tl_dims *d, const w5_tl_params *p, const w5_gkern *k,
                     const uint32_t *rows, size_t n, const uint8_t *yx, const uint8_t *yu,
                     w5_tl_work *w, const w5_tl_drop *drop)
{
    size_t h = d->h, h2 = 2 * h;
    if (rows)
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
        if (drop && drop->hidden > 0) {
            float keep = 1.0f / (1.0f - drop->hidden);
            uint8_t *mask = w->ymask[l];
            for (size_t i = 0; i < n * h2; i++) {
                mask[i] = unit(drop->rng) >= drop->hidden;
                y[i] = mask[i] ? y[i] * keep : 0;
            }
        }
        in = y;
        nin = h2;
    }
    double loss = 0;
    size_t nh = d->nhid;
    for (size_t t = 0; t < n; t++) {
        float *dr = NULL;
        if (drop && drop->hidden > 0) {
            float keep = 1.0f / (1.0f - drop->hidden);
            dr = w->drop + t * nh;
            for (size_t j = 0; j < nh; j++)
                dr[j] = unit(drop->rng) >= drop->hidden ? keep : 0;
        }
        loss += w5_nn_forward(&p->out, in + t * h2, dr, w->hid + t * nh,
                              w->px + t * W5_XPOS_COUNT, w->pu + t * W5_UPOS_COUNT,
                              yx && yx[t] ? yx[t] : -1, yu && yu[t] ? yu[t] : -1);
    }
    return loss;
}

/* ---- backward ----------------------------------------------------------------- */

void w5_tl_backward(const w5_tl_dims *d, const w5_tl_params *p, const w5_gkern *k,
                    size_t n, const uint8_t *yx, const uint8_t *yu, w5_tl_work *w,
                    const w5_tl_drop *drop, w5_tl_params *g, uint8_t *used)
{
    size_t h = d->h, h2 = 2 * h, nh = d->nhid;
    int dropping = drop && drop->hidden > 0;
    float *dy = w->dy, *dnext = w->dy2;
    const float *top = w->y[d->layers - 1];
    for (size_t t = 0; t < n; t++)
        w5_nn_backward(&p->out, top + t * h2, dropping ? w->drop + t * nh : NULL,
                       w->hid + t * nh, w->px + t * W5_XPOS_COUNT, w->pu + t * W5_UPOS_COUNT,
                       yx && yx[t] ? yx[t] : -1, yu && yu[t] ? yu[t] : -1, &g->out,
                       dy + t * h2, w->tmp);
    for (uint32_t l = d->layers; l-- > 0;) {
        if (dropping) {
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
                         g->wx[l][dir], g->wh[l][dir], g->b[l][dir], dnext, w->tmp,
                         w->tmp + n * 4 * h, w->tmp + n * 4 * h + h);
        }
        float *swap = dy;
        dy = dnext;
        dnext = swap;
    }
    /* dy: the gradient wrt the embeddings */
    size_t rowbase = 0;
    for (size_t i = 0; i < n; i++) {
        const float *dxi = dy + i * d->din;
        rowbase = 0;
        for (int gr = 0; gr < NG; gr++) {
            uint32_t r = w->urows[i * NG + (size_t)gr], dim = d->dim[gr];
            if (dim) {
                float *e = g->emb[gr] + (size_t)r * dim;
                for (uint32_t a = 0; a < dim; a++)
                    e[a] += dxi[a];
                if (used)
                    used[rowbase + r] = 1;
            }
            dxi += dim;
            rowbase += d->rows[gr];
        }
    }
}

/* ---- the file ----------------------------------------------------------------- */

static uint32_t float_u32(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

static float u32_float(uint32_t u)
{
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

int w5_tl_save(const char *path, const w5_tl_dims *d, const w5_tl_params *p,
               const void *feats, size_t fsize, uint32_t fingerprint, float ax, float au,
               w5_error *err)
{
    uint32_t meta[W5_TL_META_WORDS] = {0};
    meta[W5_TL_META_VERSION] = W5_TL_FILE_VERSION;
    meta[W5_TL_META_GROUPS] = NG;
    meta[W5_TL_META_H] = d->h;
    meta[W5_TL_META_LAYERS] = d->layers;
    meta[W5_TL_META_NHID] = d->nhid;
    meta[W5_TL_META_NX] = W5_XPOS_COUNT;
    meta[W5_TL_META_NU] = W5_UPOS_COUNT;
    meta[W5_TL_META_FINGERPRINT] = fingerprint;
    meta[W5_TL_META_ALPHA_X] = float_u32(ax);
    meta[W5_TL_META_ALPHA_U] = float_u32(au);
    for (int g = 0; g < NG; g++)
        meta[W5_TL_META_ROWS + g] = d->rows[g];
    size_t nc = w5_gq_chunks(p->total);
    int8_t *q = malloc(p->total ? p->total : 1);
    float *scale = malloc(nc * sizeof *scale + 1);
    w5_mwriter *w = w5_mwriter_new("tagger-nn");
    int rc = W5_ERR_NOMEM;
    if (q && scale && w && w5_gq_quantise(p->base, p->total, q, scale)) {
        rc = W5_ERR_INVALID;    /* a diverged network: it would load as garbage */
    } else if (q && scale && w) {
        if (!w5_mwriter_add(w, "tl.meta", meta, sizeof meta) &&
            !w5_mwriter_add(w, "tl.feats", feats, fsize) &&
            !w5_mwriter_add(w, "tl.q", q, p->total) &&
            !w5_mwriter_add(w, "tl.scale", scale, nc * sizeof *scale))
            rc = 0;
    }
    rc = rc == W5_ERR_INVALID ? w5_fail(err, rc, "%s: the network's weights are not finite",
                                        path)
         : rc ? w5_fail(err, rc, "writing %s: out of memory", path)
              : w5_mwriter_save(w, path, err);
    w5_mwriter_free(w);
    free(q);
    free(scale);
    return rc;
}

/* The dims of a meta section; 0, W5_ERR_FORMAT or W5_ERR_VERSION. Every
 * size is bounded, so the parameter count cannot wrap. */
static int read_dims(const uint32_t *m, w5_tl_dims *d)
{
    if (m[W5_TL_META_VERSION] != W5_TL_FILE_VERSION || m[W5_TL_META_GROUPS] != NG)
        return W5_ERR_VERSION;
    memset(d, 0, sizeof *d);
    d->h = m[W5_TL_META_H];
    d->layers = m[W5_TL_META_LAYERS];
    d->nhid = m[W5_TL_META_NHID];
    if (d->h == 0 || d->h > W5_TL_MAX_UNITS || d->layers == 0 ||
        d->layers > W5_TL_MAX_LAYERS || d->nhid == 0 || d->nhid > W5_NN_MAX_HIDDEN ||
        d->nhid % 8 || m[W5_TL_META_NX] != W5_XPOS_COUNT || m[W5_TL_META_NU] != W5_UPOS_COUNT)
        return W5_ERR_FORMAT;
    for (int g = 0; g < NG; g++) {
        d->dim[g] = g == W5_NN_VEC_GROUP ? 0 : w5_nn_group_dim[g];
        d->rows[g] = m[W5_TL_META_ROWS + g];
        if (d->rows[g] == 0 || d->rows[g] > (1u << 26))
            return W5_ERR_FORMAT;
        d->din += d->dim[g];
    }
    return 0;
}

/* 1 when every entry of the feature map names a row of its group. */
static int feats_ok(const w5_smap *m, const w5_tl_dims *d)
{
    if (!m->slots)
        return 1;
    for (uint64_t i = 0; i <= m->mask; i++) {
        const w5_smap_entry *e = &m->slots[i];
        if (e->key && (e->b >= NG || e->a >= d->rows[e->b]))
            return 0;
    }
    return 1;
}

int w5_tl_read(const w5_mfile *mf, w5_tl_net *net)
{
    memset(net, 0, sizeof *net);
    size_t msize, fsize, qsize, ssize;
    const uint32_t *meta = w5_mfile_section(mf, "tl.meta", &msize);
    const void *feats = w5_mfile_section(mf, "tl.feats", &fsize);
    const int8_t *q = w5_mfile_section(mf, "tl.q", &qsize);
    const float *scale = w5_mfile_section(mf, "tl.scale", &ssize);
    if (!meta || msize != W5_TL_META_WORDS * sizeof *meta)
        return W5_ERR_FORMAT;
    int rc = read_dims(meta, &net->d);
    if (rc)
        return rc;
    net->fingerprint = meta[W5_TL_META_FINGERPRINT];
    net->alpha_x = u32_float(meta[W5_TL_META_ALPHA_X]);
    net->alpha_u = u32_float(meta[W5_TL_META_ALPHA_U]);
    if (!(net->alpha_x >= 0 && net->alpha_x < 1e6f && net->alpha_u >= 0 &&
          net->alpha_u < 1e6f))
        return W5_ERR_FORMAT;
    if (!feats || w5_smap_view(feats, fsize, &net->feats) || !feats_ok(&net->feats, &net->d))
        return W5_ERR_FORMAT;
    size_t total = w5_tl_layout(&net->d, NULL, &net->p);
    if (!q || !scale || qsize != total || ssize != w5_gq_chunks(total) * sizeof *scale)
        return W5_ERR_FORMAT;
    float *base = malloc(total * sizeof *base);
    if (!base)
        return W5_ERR_NOMEM;
    if (w5_gq_dequantise(q, scale, total, base)) {
        free(base);
        return W5_ERR_FORMAT;
    }
    w5_tl_layout(&net->d, base, &net->p);
    w5_gkern_pick(&net->k);
    return 0;
}

void w5_tl_net_free(w5_tl_net *net)
{
    free(net->p.base);
    net->p.base = NULL;
}

/* ---- tagging ------------------------------------------------------------------ */

void w5_tl_word_rows(const w5_smap *feats, const w5_tl_dims *d, const uint64_t *v,
                     uint32_t *rows)
{
    for (unsigned g = 0; g < NG; g++) {
        rows[g] = 0;
        if (!d->dim[g])
            continue;
        const w5_smap_entry *e = w5_smap_get(feats, w5_nn_key(g, v[g]));
        if (e && e->b == g && e->a < d->rows[g])
            rows[g] = e->a;
    }
}

/* Floats: x, the gates, cells and outputs of one layer's two directions
 * (reused layer after layer), two output buffers, the hidden units. */
size_t w5_tl_scratch(const w5_tl_net *net, size_t n)
{
    size_t h = net->d.h;
    n = n < W5_TL_MAX_WORDS ? n : W5_TL_MAX_WORDS;
    return n * (net->d.din + 2 * 6 * h + 2 * 2 * h + net->d.nhid) + 64;
}

/* One piece of at most W5_TL_MAX_WORDS words. */
static void logprobs_piece(const w5_tl_net *net, const w5_tword *tw, size_t n, float *lpx,
                           float *lpu, float *scratch)
{
    const w5_tl_dims *d = &net->d;
    size_t h = d->h;
    w5_tl_work w;
    memset(&w, 0, sizeof w);
    float *s = scratch;
    w.x = s;
    s += n * d->din;
    for (int dir = 0; dir < 2; dir++) {
        float *gates = s, *c = s + n * 4 * h, *hs = c + n * h;
        s += n * 6 * h;
        for (uint32_t l = 0; l < d->layers; l++) {
            w.gates[l][dir] = gates;
            w.c[l][dir] = c;
            w.hs[l][dir] = hs;
        }
    }
    float *ya = s, *yb = s + n * 2 * h;
    s += n * 4 * h;
    for (uint32_t l = 0; l < d->layers; l++)
        w.y[l] = l % 2 ? yb : ya;
    w.hid = s;
    w.px = lpx;
    w.pu = lpu;
    uint64_t v[NG];
    uint32_t rows[NG];
    for (size_t i = 0; i < n; i++) {
        w5_nn_word_values(&tw[i], v);
        w5_tl_word_rows(&net->feats, d, v, rows);
        float *xi = w.x + i * d->din;
        for (int g = 0; g < NG; g++) {
            memcpy(xi, net->p.emb[g] + (size_t)rows[g] * d->dim[g], d->dim[g] * sizeof *xi);
            xi += d->dim[g];
        }
    }
    w5_tl_forward(d, &net->p, &net->k, NULL, n, NULL, NULL, &w, NULL);
    for (size_t i = 0; i < n * W5_XPOS_COUNT; i++)
        lpx[i] = logf(lpx[i] > 1e-30f ? lpx[i] : 1e-30f);
    for (size_t i = 0; i < n * W5_UPOS_COUNT; i++)
        lpu[i] = logf(lpu[i] > 1e-30f ? lpu[i] : 1e-30f);
}

void w5_tl_logprobs(const w5_tl_net *net, const w5_tword *tw, size_t n, float *lpx,
                    float *lpu, float *scratch)
{
    for (size_t b = 0; b < n; b += W5_TL_MAX_WORDS) {
        size_t m = n - b < W5_TL_MAX_WORDS ? n - b : W5_TL_MAX_WORDS;
        logprobs_piece(net, tw + b, m, lpx + b * W5_XPOS_COUNT, lpu + b * W5_UPOS_COUNT,
                       scratch);
    }
}
