/*
 * tagger_nn_train.c - training the opt-in neural tagger (tagger_nn.h):
 * the feature map, Adam on mini-batches with dropout, early stopping on
 * dev, the weight of the network in the combination with the perceptron
 * (tuned on a second dev set), and the compact model file (int8
 * embeddings with a scale per row, float32 dense layers).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "syntax/tagger_nn.h"

uint64_t w5_rand_next(uint64_t *state);
void w5_shuffle(uint32_t *order, size_t n, uint64_t *state);

enum { NG = W5_NN_GROUPS, HALF = W5_NN_WINDOW / 2 };

/* ---- the feature map: (group, value) -> embedding row -------------------- */

typedef struct fmap {
    uint64_t *keys;
    uint32_t *val;   /* count while counting, then row + 1 (0 = dropped) */
    size_t mask, n;
} fmap;

static int fmap_init(fmap *m, size_t cap)
{
    size_t slots = 1024;
    while (slots < 2 * cap)
        slots *= 2;
    m->keys = calloc(slots, sizeof *m->keys);
    m->val = calloc(slots, sizeof *m->val);
    m->mask = slots - 1;
    m->n = 0;
    return m->keys && m->val ? 0 : W5_ERR_NOMEM;
}

static void fmap_free(fmap *m)
{
    free(m->keys);
    free(m->val);
}

static size_t fmap_slot(const fmap *m, uint64_t key)
{
    size_t i = key & m->mask;
    while (m->keys[i] && m->keys[i] != key)
        i = (i + 1) & m->mask;
    return i;
}

/* ---- the data: every word's feature rows --------------------------------- */

typedef struct nn_data {
    const w5_treebank *tb;
    int32_t *rows;   /* words x NG, -1 = unknown */
} nn_data;

/* Calls the tagger's hashes on each sentence and writes each word's
 * group values into v (words x NG). */
static int data_values(const w5_treebank *tb, const w5_tagger *tg, uint64_t *v)
{
    size_t maxlen = 1;
    for (size_t s = 0; s < tb->sents.n; s++) {
        size_t len = tb->sents.v[s].word_end - tb->sents.v[s].word_begin;
        maxlen = len > maxlen ? len : maxlen;
    }
    w5_span *sp = malloc(maxlen * sizeof *sp);
    w5_tword *tw = malloc(maxlen * sizeof *tw);
    if (!sp || !tw) {
        free(sp);
        free(tw);
        return W5_ERR_NOMEM;
    }
    for (size_t s = 0; s < tb->sents.n; s++) {
        size_t b = tb->sents.v[s].word_begin, n = tb->sents.v[s].word_end - b;
        for (size_t i = 0; i < n; i++) {
            sp[i].s = w5_tb_str(tb, tb->words.v[b + i].form);
            sp[i].len = (uint32_t)strlen(sp[i].s);
        }
        w5_tagger_word_hashes(tg, sp, n, tw);
        for (size_t i = 0; i < n; i++)
            w5_nn_word_values(&tw[i], v + (b + i) * NG);
    }
    free(sp);
    free(tw);
    return 0;
}

/* Row of every word's groups, from the map (-1 = not kept). */
static int data_rows(nn_data *d, const w5_treebank *tb, const w5_tagger *tg,
                     const fmap *m)
{
    d->tb = tb;
    size_t n = tb->words.n;
    uint64_t *v = malloc((n + 1) * NG * sizeof *v);
    d->rows = malloc((n + 1) * NG * sizeof *d->rows);
    int rc = v && d->rows ? data_values(tb, tg, v) : W5_ERR_NOMEM;
    for (size_t i = 0; !rc && i < n * NG; i++) {
        size_t s = fmap_slot(m, w5_nn_key((unsigned)(i % NG), v[i]));
        d->rows[i] = m->keys[s] ? (int32_t)m->val[s] - 1 : -1;
    }
    free(v);
    return rc;
}

/* Counts the training features; keeps those seen min_count times, plus
 * the pad of each group, numbered group by group (nrows per group,
 * pad_row: the pad's row per group). */
static int build_map(const w5_treebank *tb, const w5_tagger *tg, uint32_t min_count,
                     const w5_nn_vectors *vec, fmap *m, uint32_t *nrows, int32_t *pad_row)
{
    size_t n = tb->words.n;
    uint64_t *v = malloc((n + 1) * NG * sizeof *v);
    int rc = v ? fmap_init(m, n * NG / 4 + vec->n + 1024) : W5_ERR_NOMEM;
    uint8_t *grp = rc ? NULL : malloc(m->mask + 1);
    if (!rc && !grp)
        rc = W5_ERR_NOMEM;
    if (!rc)
        rc = data_values(tb, tg, v);
    /* the treebank's values, the pads, then the words with vectors (the
     * vector group takes no values from the treebank) */
    for (size_t i = 0; !rc && i < n * NG + NG + vec->n; i++) {
        int pad = i >= n * NG;
        unsigned g = i < n * NG + NG ? (unsigned)(i % NG) : W5_NN_VEC_GROUP;
        if (g == W5_NN_VEC_GROUP && !pad)
            continue;
        uint64_t value = i < n * NG ? v[i] : i < n * NG + NG ? W5_NN_PAD
                                                              : vec->keys[i - n * NG - NG];
        uint64_t key = w5_nn_key(g, value);
        size_t s = fmap_slot(m, key);
        if (!m->keys[s]) {
            if (2 * ++m->n > m->mask) {
                rc = W5_ERR_TOO_LARGE;
                break;
            }
            m->keys[s] = key;
            grp[s] = (uint8_t)g;
        }
        m->val[s] = pad ? min_count : m->val[s] + 1;
    }
    free(v);
    uint32_t row = 0;
    for (unsigned g = 0; !rc && g < NG; g++) {
        nrows[g] = 0;
        for (size_t s = 0; s <= m->mask; s++) {
            if (!m->keys[s] || grp[s] != g)
                continue;
            if (m->val[s] >= min_count) {
                m->val[s] = ++row; /* row + 1 */
                nrows[g]++;
            } else {
                m->val[s] = 0;
            }
        }
        pad_row[g] = (int32_t)m->val[fmap_slot(m, w5_nn_key(g, W5_NN_PAD))] - 1;
    }
    free(grp);
    return rc;
}

/* ---- parameters ---------------------------------------------------------- */

typedef struct nn_params {
    w5_nn_dense d;
    float *dense;       /* all dense floats (d points into it) */
    size_t ndense;
    float *emb;         /* all embedding rows, group by group */
    size_t nemb;
    uint32_t nrows[NG], rbase[NG];
    size_t ebase[NG];
    uint16_t dim[NG];
} nn_params;

static void dense_point(nn_params *p)
{
    w5_nn_dense *d = &p->d;
    size_t nh = d->nhid;
    d->w1 = p->dense;
    d->b1 = d->w1 + (size_t)d->nin * nh;
    d->w2 = d->b1 + nh;
    d->b2 = d->w2 + nh * d->nx;
    d->w3 = d->b2 + d->nx;
    d->b3 = d->w3 + nh * d->nu;
}

static int params_alloc(nn_params *p, const nn_params *like)
{
    *p = *like;
    p->dense = calloc(p->ndense, sizeof *p->dense);
    p->emb = calloc(p->nemb + 1, sizeof *p->emb);
    dense_point(p);
    return p->dense && p->emb ? 0 : W5_ERR_NOMEM;
}

static void params_free(nn_params *p)
{
    free(p->dense);
    free(p->emb);
}

static void params_copy(nn_params *to, const nn_params *from)
{
    memcpy(to->dense, from->dense, from->ndense * sizeof *to->dense);
    memcpy(to->emb, from->emb, from->nemb * sizeof *to->emb);
}

static float uniform(uint64_t *rng, float r)
{
    return ((float)(w5_rand_next(rng) >> 40) / (float)(1 << 24) * 2 - 1) * r;
}

static int params_init(nn_params *p, const uint32_t *nrows, uint32_t vec_dim, uint32_t nhid,
                       uint64_t *rng)
{
    memset(p, 0, sizeof *p);
    for (unsigned g = 0; g < NG; g++)
        p->dim[g] = g == W5_NN_VEC_GROUP ? (uint16_t)vec_dim : w5_nn_group_dim[g];
    uint32_t wdim = 0;
    size_t rows = 0;
    for (unsigned g = 0; g < NG; g++) {
        p->nrows[g] = nrows[g];
        p->rbase[g] = (uint32_t)rows;
        p->ebase[g] = p->nemb;
        rows += nrows[g];
        p->nemb += (size_t)nrows[g] * p->dim[g];
        wdim += p->dim[g];
    }
    w5_nn_dense *d = &p->d;
    d->nin = W5_NN_WINDOW * wdim;
    d->nhid = nhid;
    d->nx = W5_XPOS_COUNT;
    d->nu = W5_UPOS_COUNT;
    p->ndense = (size_t)d->nin * nhid + nhid + (size_t)nhid * (d->nx + d->nu) + d->nx + d->nu;
    nn_params shape = *p;
    if (params_alloc(p, &shape))
        return W5_ERR_NOMEM;
    /* He initialisation for the ReLU layer, Glorot for the outputs */
    float r1 = sqrtf(6.0f / (float)d->nin), r2 = sqrtf(6.0f / (float)(nhid + d->nx));
    for (size_t i = 0; i < (size_t)d->nin * nhid; i++)
        d->w1[i] = uniform(rng, r1);
    for (size_t i = 0; i < (size_t)nhid * d->nx; i++)
        d->w2[i] = uniform(rng, r2);
    for (size_t i = 0; i < (size_t)nhid * d->nu; i++)
        d->w3[i] = uniform(rng, r2);
    for (size_t i = 0; i < p->nemb; i++)
        p->emb[i] = uniform(rng, 0.5f);
    return 0;
}

/* ---- Adam ---------------------------------------------------------------- */

typedef struct adam {
    float lr, b1, b2, eps;
    long t;
} adam;

static void adam_step(const adam *a, float *w, float *g, float *m, float *v, size_t n,
                      float scale)
{
    float c1 = 1 - powf(a->b1, (float)a->t), c2 = 1 - powf(a->b2, (float)a->t);
    float lr = a->lr * sqrtf(c2) / c1;
    for (size_t i = 0; i < n; i++) {
        float gi = g[i] * scale;
        m[i] = a->b1 * m[i] + (1 - a->b1) * gi;
        v[i] = a->b2 * v[i] + (1 - a->b2) * gi * gi;
        w[i] -= lr * m[i] / (sqrtf(v[i]) + a->eps);
        g[i] = 0;
    }
}

/* ---- training ------------------------------------------------------------ */

typedef struct nn_trainer {
    nn_params p, g, m, v, best;
    uint32_t *touched;      /* embedding rows with a gradient this batch */
    uint8_t *is_touched;
    size_t ntouched;
    uint32_t wdim;
    uint16_t woff[NG];
    int32_t pad_row[NG];
    float *x, *h, *px, *pu, *drop, *dx, *scratch;
    adam opt;
    float keep_feat, keep_hid;
    uint64_t rng;
} nn_trainer;

static uint32_t group_of_row(const nn_params *p, uint32_t r)
{
    unsigned g = 0;
    while (g + 1 < NG && r >= p->rbase[g + 1])
        g++;
    return g;
}

/* x of word i of the sentence [b, e) of d (dropping feature blocks at
 * random while training); marks what it used in used (NG x window). */
static void build_x(nn_trainer *t, const nn_data *d, size_t b, size_t e, size_t i,
                    int train, int32_t *used)
{
    const nn_params *p = &t->p;
    for (uint32_t pos = 0; pos < W5_NN_WINDOW; pos++) {
        size_t j = i + pos;
        int inside = j >= b + HALF && j - HALF < e;
        for (unsigned g = 0; g < NG; g++) {
            int32_t r = inside ? d->rows[(j - HALF) * NG + g] : t->pad_row[g];
            float *o = t->x + pos * t->wdim + t->woff[g];
            uint32_t dim = p->dim[g];
            if (r >= 0 && train && inside &&
                (float)(w5_rand_next(&t->rng) >> 40) / (float)(1 << 24) >= t->keep_feat)
                r = -1;
            used[pos * NG + g] = r;
            if (r < 0) {
                memset(o, 0, dim * sizeof *o);
                continue;
            }
            memcpy(o, p->emb + p->ebase[g] + (size_t)(r - p->rbase[g]) * dim, dim * sizeof *o);
        }
    }
}

/* Adds dx to the gradient rows of the embeddings used. */
static void embed_grad(nn_trainer *t, const int32_t *used)
{
    nn_params *p = &t->p;
    for (uint32_t pos = 0; pos < W5_NN_WINDOW; pos++)
        for (unsigned g = 0; g < NG; g++) {
            int32_t r = used[pos * NG + g];
            if (r < 0 || g == W5_NN_VEC_GROUP) /* the word vectors stay */
                continue;
            uint32_t dim = p->dim[g];
            float *gr = t->g.emb + p->ebase[g] + (size_t)(r - p->rbase[g]) * dim;
            const float *dx = t->dx + pos * t->wdim + t->woff[g];
            for (uint32_t k = 0; k < dim; k++)
                gr[k] += dx[k];
            if (!t->is_touched[r]) {
                t->is_touched[r] = 1;
                t->touched[t->ntouched++] = (uint32_t)r;
            }
        }
}

static void batch_step(nn_trainer *t, size_t nbatch)
{
    float scale = 1.0f / (float)nbatch;
    t->opt.t++;
    adam_step(&t->opt, t->p.dense, t->g.dense, t->m.dense, t->v.dense, t->p.ndense, scale);
    for (size_t k = 0; k < t->ntouched; k++) {
        uint32_t r = t->touched[k], g = group_of_row(&t->p, r);
        uint32_t dim = t->p.dim[g];
        size_t at = t->p.ebase[g] + (size_t)(r - t->p.rbase[g]) * dim;
        adam_step(&t->opt, t->p.emb + at, t->g.emb + at, t->m.emb + at, t->v.emb + at, dim,
                  scale);
        t->is_touched[r] = 0;
    }
    t->ntouched = 0;
}

enum { BATCH = 32 };

static double train_epoch(nn_trainer *t, const nn_data *d, uint32_t *order)
{
    const w5_treebank *tb = d->tb;
    int32_t used[W5_NN_WINDOW * NG];
    size_t nbatch = 0;
    double loss = 0;
    w5_shuffle(order, tb->sents.n, &t->rng);
    for (size_t k = 0; k < tb->sents.n; k++) {
        const w5_tb_sent *s = &tb->sents.v[order[k]];
        for (size_t i = s->word_begin; i < s->word_end; i++) {
            const w5_tb_word *w = &tb->words.v[i];
            build_x(t, d, s->word_begin, s->word_end, i, 1, used);
            for (uint32_t j = 0; j < t->p.d.nhid; j++)
                t->drop[j] = (float)(w5_rand_next(&t->rng) >> 40) / (float)(1 << 24) < t->keep_hid
                                 ? 1 / t->keep_hid : 0;
            int yx = w->xpos ? w->xpos : -1, yu = w->upos ? w->upos : -1;
            loss += w5_nn_forward(&t->p.d, t->x, t->drop, t->h, t->px, t->pu, yx, yu);
            w5_nn_backward(&t->p.d, t->x, t->drop, t->h, t->px, t->pu, yx, yu, &t->g.d, t->dx,
                           t->scratch);
            embed_grad(t, used);
            if (++nbatch == BATCH) {
                batch_step(t, nbatch);
                nbatch = 0;
            }
        }
    }
    if (nbatch)
        batch_step(t, nbatch);
    return loss / (double)(tb->words.n ? tb->words.n : 1);
}

/* The network's own accuracy (XPOS, UPOS) on d. */
static void nn_accuracy(nn_trainer *t, const nn_data *d, double *ax, double *au)
{
    const w5_treebank *tb = d->tb;
    int32_t used[W5_NN_WINDOW * NG];
    long cx = 0, cu = 0, total = 0;
    for (size_t k = 0; k < tb->sents.n; k++) {
        const w5_tb_sent *s = &tb->sents.v[k];
        for (size_t i = s->word_begin; i < s->word_end; i++) {
            build_x(t, d, s->word_begin, s->word_end, i, 0, used);
            w5_nn_forward(&t->p.d, t->x, NULL, t->h, t->px, t->pu, -1, -1);
            const w5_tb_word *w = &tb->words.v[i];
            cx += w5_argmax(t->px, W5_XPOS_COUNT, NULL) == w->xpos;
            cu += w5_argmax(t->pu, W5_UPOS_COUNT, NULL) == w->upos;
            total++;
        }
    }
    *ax = total ? 100.0 * (double)cx / (double)total : 0;
    *au = total ? 100.0 * (double)cu / (double)total : 0;
}

/* ---- the model file ------------------------------------------------------ */

static uint32_t float_u32(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

/* Writes the network p (feature map m) to path: int8 embeddings with one
 * scale per row (a quarter of the floats' size; on EWT dev the
 * quantised network tags as the float one to within 0.02 points), float
 * dense layers. */
static int save_nn(const nn_params *p, const fmap *m, uint32_t fingerprint, float ax,
                   float au, const char *path, w5_error *err)
{
    size_t rows = p->rbase[NG - 1] + p->nrows[NG - 1];
    uint32_t meta[W5_NN_META_WORDS] = {0};
    int8_t *q = malloc(p->nemb + 1);
    float *scale = malloc((rows + 1) * sizeof *scale);
    w5_smap_entry *e = malloc((m->n + 1) * sizeof *e);
    w5_mwriter *w = w5_mwriter_new("tagger-nn");
    void *map = NULL;
    size_t map_size = 0, ne = 0;
    int rc = q && scale && e && w ? 0 : W5_ERR_NOMEM;
    for (unsigned g = 0; !rc && g < NG; g++) {
        uint32_t dim = p->dim[g];
        for (uint32_t r = 0; r < p->nrows[g]; r++) {
            const float *v = p->emb + p->ebase[g] + (size_t)r * dim;
            float big = 0;
            for (uint32_t k = 0; k < dim; k++)
                big = fabsf(v[k]) > big ? fabsf(v[k]) : big;
            float s = big > 0 ? big / 127 : 1;
            scale[p->rbase[g] + r] = s;
            for (uint32_t k = 0; k < dim; k++)
                q[p->ebase[g] + (size_t)r * dim + k] = (int8_t)lrintf(v[k] / s);
        }
    }
    for (size_t s = 0; !rc && s <= m->mask; s++) {
        if (!m->keys[s] || !m->val[s])
            continue;
        uint32_t row = m->val[s] - 1;
        e[ne++] = (w5_smap_entry){m->keys[s], row, group_of_row(p, row)};
    }
    if (!rc)
        rc = w5_smap_build(e, ne, &map, &map_size);
    meta[W5_NN_META_VERSION] = W5_NN_FILE_VERSION;
    meta[W5_NN_META_GROUPS] = NG;
    meta[W5_NN_META_WINDOW] = W5_NN_WINDOW;
    meta[W5_NN_META_NIN] = p->d.nin;
    meta[W5_NN_META_NHID] = p->d.nhid;
    meta[W5_NN_META_NX] = p->d.nx;
    meta[W5_NN_META_NU] = p->d.nu;
    meta[W5_NN_META_FINGERPRINT] = fingerprint;
    meta[W5_NN_META_ALPHA_X] = float_u32(ax);
    meta[W5_NN_META_ALPHA_U] = float_u32(au);
    for (unsigned g = 0; g < NG; g++)
        meta[W5_NN_META_ROWS + g] = p->nrows[g];
    meta[W5_NN_META_VEC_DIM] = p->dim[W5_NN_VEC_GROUP];
    if (!rc && ((rc = w5_mwriter_add(w, "nn.meta", meta, sizeof meta)) ||
                (rc = w5_mwriter_add(w, "nn.feats", map, map_size)) ||
                (rc = w5_mwriter_add(w, "nn.emb", q, p->nemb)) ||
                (rc = w5_mwriter_add(w, "nn.scale", scale, rows * sizeof *scale)) ||
                (rc = w5_mwriter_add(w, "nn.dense", p->dense, p->ndense * sizeof *p->dense))))
        rc = w5_fail(err, rc, "tagger-nn: %s", w5_strerror(rc));
    else if (!rc)
        rc = w5_mwriter_save(w, path, err);
    else
        w5_fail(err, rc, "tagger-nn: %s", w5_strerror(rc));
    w5_mwriter_free(w);
    free(map);
    free(e);
    free(scale);
    free(q);
    return rc;
}

/* ---- the combination's weights ------------------------------------------- */

/* XPOS and UPOS accuracy of the tagger (with its network) on tb. */
static void tagger_accuracy(const w5_tagger *tg, const w5_treebank *tb, double *ax,
                            double *au)
{
    long cx = 0, cu = 0, total = 0;
    size_t maxlen = 1;
    for (size_t s = 0; s < tb->sents.n; s++) {
        size_t len = tb->sents.v[s].word_end - tb->sents.v[s].word_begin;
        maxlen = len > maxlen ? len : maxlen;
    }
    w5_span *sp = malloc(maxlen * sizeof *sp);
    uint8_t *tags = malloc(2 * maxlen);
    for (size_t s = 0; sp && tags && s < tb->sents.n; s++) {
        size_t b = tb->sents.v[s].word_begin, n = tb->sents.v[s].word_end - b;
        for (size_t i = 0; i < n; i++) {
            sp[i].s = w5_tb_str(tb, tb->words.v[b + i].form);
            sp[i].len = (uint32_t)strlen(sp[i].s);
        }
        if (w5_tagger_tag(tg, sp, n, tags, tags + maxlen))
            continue;
        for (size_t i = 0; i < n; i++) {
            cx += tags[i] == tb->words.v[b + i].xpos;
            cu += tags[maxlen + i] == tb->words.v[b + i].upos;
            total++;
        }
    }
    free(sp);
    free(tags);
    *ax = total ? 100.0 * (double)cx / (double)total : 0;
    *au = total ? 100.0 * (double)cu / (double)total : 0;
}

/* Picks the weights of the network's log-probabilities (XPOS, then
 * UPOS) that tag tb best, from a geometric grid; 0 keeps the perceptron
 * alone. The tagging runs on a copy of the tagger's handle with nn in
 * place of its own network: the caller's tagger is not touched (it lost
 * the network attached to it; review #9). */
static void tune_alpha(const w5_tagger *tagger, w5_tagnn *nn, const w5_treebank *tb,
                       const w5_nn_train_opts *o, float *ax, float *au)
{
    static const float grid[] = {0, 0.5f, 1, 1.5f, 2, 3, 4, 6, 8, 12, 16, 24, 32};
    double best = -1, x, u;
    *ax = *au = 0;
    w5_tagger with = *tagger, *tg = &with;  /* shares the models, owns nothing */
    with.nn_owned = NULL;
    with.owned = with.owned2 = NULL;
    w5_tagger_set_nn(tg, nn);
    for (size_t k = 0; k < sizeof grid / sizeof *grid; k++) {
        w5_tagnn_set_alpha(nn, grid[k], 0);
        tagger_accuracy(tg, tb, &x, &u);
        if (o->progress)
            o->progress(-1, (int)(grid[k] * 100), 0, x, u, x > best, o->ctx);
        if (x > best) {
            best = x;
            *ax = grid[k];
        }
    }
    best = -1;
    for (size_t k = 0; k < sizeof grid / sizeof *grid; k++) {
        w5_tagnn_set_alpha(nn, *ax, grid[k]);
        tagger_accuracy(tg, tb, &x, &u);
        if (o->progress)
            o->progress(-2, (int)(grid[k] * 100), 0, x, u, u > best, o->ctx);
        if (u > best) {
            best = u;
            *au = grid[k];
        }
    }
    w5_tagnn_set_alpha(nn, *ax, *au);
}

/* ---- the BiLSTM kind (tagger_lstm.c) -------------------------------------- */

typedef struct tl_trainer {
    w5_tl_dims d;
    w5_tl_params p, g, m, v, best;
    uint32_t rbase[NG];     /* the feature map's first row of each group */
    uint32_t *rows;         /* train words x NG table rows */
    uint32_t *dev_rows;
    uint8_t *yx, *dev_yx;   /* words' XPOS, then (at words + 1) UPOS */
    uint8_t *used;          /* table rows touched in the batch */
    size_t nrows;
    w5_gkern k;
    w5_tl_work w;
    long step;
    float lr, b1, b2;
    w5_adam adam;           /* over p, g, m, v */
    uint64_t rng;
} tl_trainer;

static void tl_free(tl_trainer *t)
{
    free(t->p.base);
    free(t->g.base);
    free(t->m.base);
    free(t->v.base);
    free(t->best.base);
    free(t->rows);
    free(t->dev_rows);
    free(t->yx);
    free(t->dev_yx);
    free(t->used);
    w5_tl_work_free(&t->w);
}

static int tl_alloc(const w5_tl_dims *d, w5_tl_params *q)
{
    size_t total = w5_tl_layout(d, NULL, q);
    float *b = calloc(total ? total : 1, sizeof *b);
    if (!b)
        return W5_ERR_NOMEM;
    w5_tl_layout(d, b, q);
    return 0;
}

/* Table rows of a treebank's words (row 0: not in the map) and labels. */
static int tl_data(tl_trainer *t, const w5_treebank *tb, const w5_tagger *tg, const fmap *m,
                   uint32_t **rows, uint8_t **yx)
{
    nn_data d = {0};
    size_t n = tb->words.n;
    int rc = data_rows(&d, tb, tg, m);
    *rows = malloc((n + 1) * NG * sizeof **rows);
    *yx = malloc(2 * (n + 1));
    if (!rc && (!*rows || !*yx))
        rc = W5_ERR_NOMEM;
    for (size_t i = 0; !rc && i < n * NG; i++) {
        int32_t r = d.rows[i];
        unsigned g = (unsigned)(i % NG);
        (*rows)[i] = r < 0 || !t->d.dim[g] ? 0 : (uint32_t)r - t->rbase[g] + 1;
    }
    for (size_t i = 0; !rc && i < n; i++) {
        (*yx)[i] = tb->words.v[i].xpos;
        (*yx)[n + 1 + i] = tb->words.v[i].upos;
    }
    free(d.rows);
    return rc;
}

static void tl_fill(float *v, size_t n, float r, uint64_t *rng)
{
    for (size_t i = 0; i < n; i++)
        v[i] = uniform(rng, r);
}

/* Small uniform embeddings, LSTMs as PyTorch starts them (forget gates
 * biased open), as the graph parser; He / Glorot for the output layers. */
static void tl_init(tl_trainer *t)
{
    const w5_tl_dims *d = &t->d;
    w5_tl_params *p = &t->p;
    for (int g = 0; g < NG; g++)
        tl_fill(p->emb[g], (size_t)d->rows[g] * d->dim[g], 0.1f, &t->rng);
    size_t h = d->h, h2 = 2 * h, h4 = 4 * h;
    float r = 1.0f / sqrtf((float)h);
    for (uint32_t l = 0; l < d->layers; l++) {
        size_t in = l ? h2 : d->din;
        for (int dir = 0; dir < 2; dir++) {
            tl_fill(p->wx[l][dir], in * h4, r, &t->rng);
            tl_fill(p->wh[l][dir], h * h4, r, &t->rng);
            for (size_t u = 0; u < h; u++)
                p->b[l][dir][h + u] = 1.0f;
        }
    }
    w5_nn_dense *o = &p->out;
    tl_fill(o->w1, h2 * o->nhid, sqrtf(6.0f / (float)h2), &t->rng);
    tl_fill(o->w2, (size_t)o->nhid * o->nx, sqrtf(6.0f / (float)(o->nhid + o->nx)), &t->rng);
    tl_fill(o->w3, (size_t)o->nhid * o->nu, sqrtf(6.0f / (float)(o->nhid + o->nu)), &t->rng);
}

/* One Adam step (beta2 0.9) on the batch's gradient averaged over its
 * words, clipped to norm 5; untouched embedding rows are left alone
 * (as the graph parser's trainer). */
static void tl_step(tl_trainer *t, size_t words)
{
    const w5_tl_dims *d = &t->d;
    const w5_tl_params *g = &t->g;
    double norm = 0;
    float inv = 1.0f / (float)(words ? words : 1);
    for (size_t i = g->nemb; i < g->total; i++)
        norm += (double)g->base[i] * g->base[i];
    size_t rb = 0;
    for (int gr = 0; gr < NG; gr++) {
        for (size_t r = 0; r < d->rows[gr]; r++)
            if (t->used[rb + r])
                for (size_t a = 0; a < d->dim[gr]; a++) {
                    float x = g->emb[gr][r * d->dim[gr] + a];
                    norm += (double)x * x;
                }
        rb += d->rows[gr];
    }
    norm = sqrt(norm) * inv;
    float scale = inv * (norm > 5.0 ? (float)(5.0 / norm) : 1.0f);
    t->step++;
    float lr = t->lr * sqrtf(1 - powf(t->b2, (float)t->step)) /
               (1 - powf(t->b1, (float)t->step));
    w5_adam_range(&t->adam, g->nemb, g->total, lr, scale);
    rb = 0;
    for (int gr = 0; gr < NG; gr++) {
        size_t off = (size_t)(g->emb[gr] - g->base), dim = d->dim[gr];
        for (size_t r = 0; r < d->rows[gr]; r++) {
            if (!t->used[rb + r])
                continue;
            t->used[rb + r] = 0;
            w5_adam_range(&t->adam, off + r * dim, off + (r + 1) * dim, lr, scale);
        }
        rb += d->rows[gr];
    }
}

/* Sentences of a batch (about 500 words). */
enum { TL_BATCH_WORDS = 500 };

static double tl_epoch(tl_trainer *t, const w5_treebank *tb, uint32_t *order,
                       const w5_nn_train_opts *o)
{
    w5_tl_drop drop = {o->feat_dropout, o->hidden_dropout, &t->rng};
    size_t n1 = tb->words.n + 1, words = 0;
    double loss = 0;
    w5_shuffle(order, tb->sents.n, &t->rng);
    for (size_t k = 0; k < tb->sents.n; k++) {
        const w5_tb_sent *st = &tb->sents.v[order[k]];
        size_t b = st->word_begin, n = st->word_end - b;
        if (n == 0 || w5_tl_work_reserve(&t->w, &t->d, n))
            continue;
        const uint8_t *yx = t->yx + b, *yu = t->yx + n1 + b;
        loss += w5_tl_forward(&t->d, &t->p, &t->k, t->rows + b * NG, n, yx, yu, &t->w, &drop);
        w5_tl_backward(&t->d, &t->p, &t->k, n, yx, yu, &t->w, &drop, &t->g, t->used);
        if ((words += n) >= TL_BATCH_WORDS) {
            tl_step(t, words);
            words = 0;
        }
    }
    if (words)
        tl_step(t, words);
    return loss / (double)(tb->words.n ? tb->words.n : 1);
}

static void tl_accuracy(tl_trainer *t, const w5_treebank *tb, double *ax, double *au)
{
    long cx = 0, cu = 0, total = 0;
    for (size_t k = 0; k < tb->sents.n; k++) {
        const w5_tb_sent *st = &tb->sents.v[k];
        size_t b = st->word_begin, n = st->word_end - b;
        if (n == 0 || w5_tl_work_reserve(&t->w, &t->d, n))
            continue;
        w5_tl_forward(&t->d, &t->p, &t->k, t->dev_rows + b * NG, n, NULL, NULL, &t->w, NULL);
        for (size_t i = 0; i < n; i++) {
            const w5_tb_word *w = &tb->words.v[b + i];
            cx += w5_argmax(t->w.px + i * W5_XPOS_COUNT, W5_XPOS_COUNT, NULL) == w->xpos;
            cu += w5_argmax(t->w.pu + i * W5_UPOS_COUNT, W5_UPOS_COUNT, NULL) == w->upos;
            total++;
        }
    }
    *ax = total ? 100.0 * (double)cx / (double)total : 0;
    *au = total ? 100.0 * (double)cu / (double)total : 0;
}

/* The map of the file: key -> a = row in its group's table, b = group. */
static int tl_feats(const tl_trainer *t, const fmap *m, void **map, size_t *size)
{
    w5_smap_entry *e = malloc((m->n + 1) * sizeof *e);
    if (!e)
        return W5_ERR_NOMEM;
    size_t ne = 0;
    for (size_t s = 0; s <= m->mask; s++) {
        if (!m->keys[s] || !m->val[s])
            continue;
        uint32_t row = m->val[s] - 1, g = 0;
        while (g + 1 < NG && row >= t->rbase[g + 1])
            g++;
        if (t->d.dim[g])
            e[ne++] = (w5_smap_entry){m->keys[s], row - t->rbase[g] + 1, g};
    }
    int rc = w5_smap_build(e, ne, map, size);
    free(e);
    return rc;
}

static int train_lstm(const w5_treebank *train, const w5_treebank *dev,
                      const w5_treebank *tune, const w5_tagger *tg,
                      const w5_nn_train_opts *o, const char *out_path, w5_error *err)
{
    fmap m = {0};
    tl_trainer t;
    memset(&t, 0, sizeof t);
    uint32_t nrows[NG];
    int32_t pad_row[NG];
    w5_nn_vectors vec = {0};
    void *feats = NULL;
    size_t fsize = 0;
    uint32_t *order = malloc((train->sents.n + 1) * sizeof *order);
    int rc = order ? build_map(train, tg, o->min_count ? o->min_count : 2, &vec, &m, nrows,
                               pad_row)
                   : W5_ERR_NOMEM;
    t.rng = o->seed ? o->seed : 1;
    t.d.h = o->lstm;
    t.d.layers = o->layers ? o->layers : 2;
    t.d.nhid = o->hidden ? o->hidden : 128;
    uint32_t rb = 0;
    for (int g = 0; g < NG; g++) {
        t.rbase[g] = rb;
        rb += nrows[g];
        t.d.dim[g] = g == W5_NN_VEC_GROUP ? 0 : w5_nn_group_dim[g];
        t.d.rows[g] = nrows[g] + 1;     /* row 0: unknown */
        t.d.din += t.d.dim[g];
        t.nrows += t.d.rows[g];
    }
    if (!rc && ((rc = tl_alloc(&t.d, &t.p)) || (rc = tl_alloc(&t.d, &t.g)) ||
                (rc = tl_alloc(&t.d, &t.m)) || (rc = tl_alloc(&t.d, &t.v)) ||
                (rc = tl_alloc(&t.d, &t.best))))
        rc = W5_ERR_NOMEM;
    if (!rc && !(t.used = calloc(t.nrows, 1)))
        rc = W5_ERR_NOMEM;
    if (!rc)
        rc = tl_data(&t, train, tg, &m, &t.rows, &t.yx);
    if (!rc)
        rc = tl_data(&t, dev, tg, &m, &t.dev_rows, &t.dev_yx);
    if (!rc)
        rc = tl_feats(&t, &m, &feats, &fsize);
    if (!rc) {
        w5_gkern_pick(&t.k);
        tl_init(&t);
        t.lr = o->lr > 0 ? o->lr : 2e-3f;
        t.b1 = 0.9f;
        t.b2 = 0.9f;
        t.adam = (w5_adam){t.p.base, t.g.base, t.m.base, t.v.base, t.b1, t.b2};
        for (size_t s = 0; s < train->sents.n; s++)
            order[s] = (uint32_t)s;
        double best = -1;
        int epochs = o->epochs > 0 ? o->epochs : 12;
        for (int ep = 1; ep <= epochs; ep++) {
            double loss = tl_epoch(&t, train, order, o), ax = 0, au = 0;
            if (dev->words.n)
                tl_accuracy(&t, dev, &ax, &au);
            int better = ax + au > best || !dev->words.n;
            if (better) {
                best = ax + au;
                memcpy(t.best.base, t.p.base, t.p.total * sizeof *t.p.base);
            }
            if (o->progress)
                o->progress(ep, epochs, loss, ax, au, better, o->ctx);
            t.lr *= o->lr_decay > 0 ? o->lr_decay : 0.85f;
        }
    }
    if (rc) {
        w5_fail(err, rc, "tagger-nn: %s", w5_strerror(rc));
    } else {
        uint32_t fp = w5_tagger_fingerprint(tg);
        float ax = o->alpha_x, au = o->alpha_u;
        rc = w5_tl_save(out_path, &t.d, &t.best, feats, fsize, fp, ax, au, err);
        w5_tagnn *nn = NULL;
        if (!rc && tune && tune->words.n && !(ax > 0) &&
            !(rc = w5_tagnn_load(out_path, &nn, err))) {
            tune_alpha(tg, nn, tune, o, &ax, &au);
            w5_tagnn_free(nn);
            rc = w5_tl_save(out_path, &t.d, &t.best, feats, fsize, fp, ax, au, err);
        }
    }
    free(feats);
    free(order);
    tl_free(&t);
    fmap_free(&m);
    return rc;
}

/* ---- the driver ---------------------------------------------------------- */

static void trainer_free(nn_trainer *t)
{
    params_free(&t->p);
    params_free(&t->g);
    params_free(&t->m);
    params_free(&t->v);
    params_free(&t->best);
    free(t->touched);
    free(t->is_touched);
    free(t->x);
}

/* The rows of the word vectors: each scaled to length 2 (the other
 * embeddings start uniform in [-0.5, 0.5], length about 2 at 32). */
static void init_vectors(nn_params *p, const fmap *m, const w5_nn_vectors *vec)
{
    uint32_t g = W5_NN_VEC_GROUP, dim = p->dim[g];
    memset(p->emb + p->ebase[g], 0, (size_t)p->nrows[g] * dim * sizeof *p->emb);
    for (size_t i = 0; i < vec->n && dim == vec->dim; i++) {
        size_t s = fmap_slot(m, w5_nn_key(g, vec->keys[i]));
        if (!m->keys[s] || !m->val[s])
            continue;
        const float *src = vec->vecs + i * dim;
        float norm = 0;
        for (uint32_t k = 0; k < dim; k++)
            norm += src[k] * src[k];
        norm = norm > 0 ? 2 / sqrtf(norm) : 0;
        float *dst = p->emb + p->ebase[g] + (size_t)(m->val[s] - 1 - p->rbase[g]) * dim;
        for (uint32_t k = 0; k < dim; k++)
            dst[k] = src[k] * norm;
    }
}

static int trainer_init(nn_trainer *t, const uint32_t *nrows, const int32_t *pad_row,
                        uint32_t vec_dim, const w5_nn_train_opts *o)
{
    memset(t, 0, sizeof *t);
    t->rng = o->seed ? o->seed : 1;
    uint32_t nhid = o->hidden ? o->hidden : 256; /* a multiple of 8 (opts_check) */
    int rc = params_init(&t->p, nrows, vec_dim, nhid, &t->rng);
    if (rc || (rc = params_alloc(&t->g, &t->p)) || (rc = params_alloc(&t->m, &t->p)) ||
        (rc = params_alloc(&t->v, &t->p)) || (rc = params_alloc(&t->best, &t->p)))
        return W5_ERR_NOMEM;
    size_t rows = t->p.rbase[NG - 1] + t->p.nrows[NG - 1];
    t->touched = malloc((rows + 1) * sizeof *t->touched);
    t->is_touched = calloc(rows + 1, 1);
    for (unsigned g = 0; g < NG; g++) {
        t->woff[g] = (uint16_t)t->wdim;
        t->wdim += t->p.dim[g];
        t->pad_row[g] = pad_row[g];
    }
    uint32_t nin = t->p.d.nin, nh = t->p.d.nhid;
    t->x = malloc((2 * nin + 3 * nh + 128) * sizeof *t->x);
    if (!t->touched || !t->is_touched || !t->x)
        return W5_ERR_NOMEM;
    t->dx = t->x + nin;
    t->h = t->dx + nin;
    t->drop = t->h + nh;
    t->scratch = t->drop + nh;
    t->px = t->scratch + nh;
    t->pu = t->px + 64;
    t->opt = (adam){.lr = o->lr > 0 ? o->lr : 1e-3f, .b1 = 0.9f, .b2 = 0.999f, .eps = 1e-8f};
    /* dropout as given: 0 is none, not the default (review #10) */
    t->keep_feat = 1 - o->feat_dropout;
    t->keep_hid = 1 - o->hidden_dropout;
    return 0;
}

/* Trains on train, keeping the epoch best on dev (XPOS + UPOS). */
static int train_loop(nn_trainer *t, const nn_data *train, const nn_data *dev,
                      const w5_nn_train_opts *o)
{
    uint32_t *order = malloc((train->tb->sents.n + 1) * sizeof *order);
    if (!order)
        return W5_ERR_NOMEM;
    for (size_t s = 0; s < train->tb->sents.n; s++)
        order[s] = (uint32_t)s;
    double best = -1;
    int epochs = o->epochs > 0 ? o->epochs : 12;
    for (int ep = 1; ep <= epochs; ep++) {
        double loss = train_epoch(t, train, order), ax = 0, au = 0;
        if (dev->tb->words.n)
            nn_accuracy(t, dev, &ax, &au);
        int better = ax + au > best || !dev->tb->words.n;
        if (better) {
            best = ax + au;
            params_copy(&t->best, &t->p);
        }
        if (o->progress)
            o->progress(ep, epochs, loss, ax, au, better, o->ctx);
        t->opt.lr *= o->lr_decay > 0 ? o->lr_decay : 0.85f;
    }
    free(order);
    return 0;
}

/* 0 when the options make a network the loader takes, else
 * W5_ERR_INVALID with a message naming the option (review #14: a
 * hidden size of 12 was rounded up silently, a NaN step or a negative
 * one taken for the default, a vector size over 1024 trained for hours
 * into a file the loader refuses). */
static int opts_check(const w5_nn_train_opts *o, w5_error *err)
{
    const char *what = NULL;
    if (o->epochs < 0 || o->epochs > W5_NN_MAX_EPOCHS)
        what = "epochs: want 1..1000 (0: 12)";
    else if (o->hidden % 8 || o->hidden > W5_NN_MAX_HIDDEN)
        what = "hidden units: want a multiple of 8 up to 4096 (0: 256)";
    else if (!(o->lr >= 0 && o->lr <= 1))          /* NaN fails too */
        what = "step size: want a number in (0, 1] (0: 0.001)";
    else if (!(o->lr_decay >= 0 && o->lr_decay <= 1))
        what = "step decay: want a number in (0, 1] (0: 0.85)";
    else if (!(o->feat_dropout >= 0 && o->feat_dropout < 1) ||
             !(o->hidden_dropout >= 0 && o->hidden_dropout < 1))
        what = "dropout: want numbers in [0, 1)";
    else if (o->lstm > W5_NN_MAX_LSTM || o->layers > W5_TL_MAX_LAYERS)
        what = "BiLSTM: want up to 1024 units and 1..4 layers";
    else if (o->lstm && o->pretrain.nfiles)
        what = "BiLSTM: no word vectors (--corpus) for it";
    else if (o->pretrain.dim > W5_NN_MAX_VEC_DIM)
        what = "word vector size: want 1..1024 (0: 32)";
    else if (o->pretrain.epochs < 0 || o->pretrain.epochs > W5_NN_MAX_EPOCHS)
        what = "word vector epochs: want 1..1000 (0: 3)";
    return what ? w5_fail(err, W5_ERR_INVALID, "tagger-nn: %s", what) : 0;
}

int w5_tagger_train_nn(const w5_treebank *train, const w5_treebank *dev,
                       const w5_treebank *tune, const w5_tagger *tg,
                       const w5_nn_train_opts *o, const char *out_path, w5_error *err)
{
    if (!train || !dev || !tg || !o || !out_path || train->words.n == 0)
        return w5_fail(err, W5_ERR_INVALID, "w5_tagger_train_nn: bad arguments");
    int rc = opts_check(o, err);
    if (rc)
        return rc;
    if (o->lstm)
        return train_lstm(train, dev, tune, tg, o, out_path, err);
    fmap m = {0};
    nn_data dtrain = {0}, ddev = {0};
    nn_trainer t;
    memset(&t, 0, sizeof t);
    uint32_t nrows[NG];
    int32_t pad_row[NG];
    uint32_t min_count = o->min_count ? o->min_count : 2;
    w5_nn_vectors vec = {0};
    if (o->pretrain.nfiles)
        rc = w5_nn_pretrain(o->pretrain.files, o->pretrain.nfiles, train, &o->pretrain, &vec,
                            err);
    if (rc) {
        w5_nn_vectors_free(&vec);
        return rc;
    }
    if (o->progress && vec.n)
        o->progress(-3, (int)vec.n, 0, vec.dim, 0, 0, o->ctx);
    rc = build_map(train, tg, min_count, &vec, &m, nrows, pad_row);
    if (!rc)
        rc = data_rows(&dtrain, train, tg, &m);
    if (!rc)
        rc = data_rows(&ddev, dev, tg, &m);
    if (!rc && !(rc = trainer_init(&t, nrows, pad_row, vec.n ? vec.dim : 0, o)))
        init_vectors(&t.p, &m, &vec);
    w5_nn_vectors_free(&vec);
    if (!rc)
        rc = train_loop(&t, &dtrain, &ddev, o);
    if (rc) {
        w5_fail(err, rc, "tagger-nn: %s", w5_strerror(rc));
    } else {
        uint32_t fp = w5_tagger_fingerprint(tg);
        float ax = o->alpha_x, au = o->alpha_u;
        rc = save_nn(&t.best, &m, fp, ax, au, out_path, err);
        w5_tagnn *nn = NULL;
        if (!rc && tune && tune->words.n && !(ax > 0) &&
            !(rc = w5_tagnn_load(out_path, &nn, err))) {
            tune_alpha(tg, nn, tune, o, &ax, &au);
            w5_tagnn_free(nn);
            rc = save_nn(&t.best, &m, fp, ax, au, out_path, err);
        }
    }
    trainer_free(&t);
    free(dtrain.rows);
    free(ddev.rows);
    fmap_free(&m);
    return rc;
}
