/*
 * graph_train.c - training the graph parser (graph.h): the key map of
 * the words, clusters and suffixes seen in training, Adam over
 * minibatches of sentences with dropout, and the epoch best on dev
 * written as a model file.
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "syntax/graph_file.h"

/* Counted values of the hashed groups while the key map is built. */
typedef struct vcount {
    uint64_t key;
    uint32_t count, group;
} vcount;

typedef struct vtable {
    vcount *v;
    size_t mask, n;
} vtable;

static int vt_add(vtable *t, uint64_t key, uint32_t group)
{
    if (2 * (t->n + 1) > t->mask + 1) {
        size_t cap = t->mask ? 2 * (t->mask + 1) : 1u << 16;
        vcount *nv = calloc(cap, sizeof *nv);
        if (!nv)
            return W5_ERR_NOMEM;
        for (size_t i = 0; t->v && i <= t->mask; i++) {
            if (!t->v[i].key)
                continue;
            size_t s = t->v[i].key & (cap - 1);
            while (nv[s].key)
                s = (s + 1) & (cap - 1);
            nv[s] = t->v[i];
        }
        free(t->v);
        t->v = nv;
        t->mask = cap - 1;
    }
    size_t s = key & t->mask;
    while (t->v[s].key && t->v[s].key != key)
        s = (s + 1) & t->mask;
    if (!t->v[s].key) {
        t->v[s] = (vcount){key, 0, group};
        t->n++;
    }
    t->v[s].count++;
    return 0;
}

/* Rows for the values seen often enough: min_count for words, 2 for
 * suffixes, 1 for cluster prefixes (row 0 of each group: unknown). */
static int build_keys(const w5_span *words, size_t nwords, const w5_smap *clusters,
                      uint32_t min_count, w5_gdims *d, void **kdata, size_t *ksize)
{
    vtable t = {0};
    int rc = 0;
    for (size_t i = 0; i < nwords && !rc; i++) {
        uint64_t v[W5_G_GROUPS];
        w5_graph_values(clusters, &words[i], v);
        for (unsigned g = 0; g < W5_G_HASHED && !rc; g++)
            rc = vt_add(&t, w5_graph_key(g, v[g]), g);
    }
    w5_smap_entry *e = rc ? NULL : malloc((t.n + 1) * sizeof *e);
    if (!e) {
        free(t.v);
        return W5_ERR_NOMEM;
    }
    uint32_t need[W5_G_HASHED] = {min_count ? min_count : 2, 2, 1, 1};
    for (unsigned g = 0; g < W5_G_HASHED; g++)
        d->rows[g] = 1;
    size_t n = 0;
    for (size_t s = 0; s <= t.mask; s++) {
        const vcount *c = &t.v[s];
        if (c->key && c->count >= need[c->group])
            e[n++] = (w5_smap_entry){c->key, d->rows[c->group]++, c->group};
    }
    free(t.v);
    rc = w5_smap_build(e, n, kdata, ksize);
    free(e);
    return rc;
}

/* ---- the trainer ------------------------------------------------------------ */

typedef struct gdata {
    const w5_treebank *tb;
    uint32_t *rows;     /* words x groups */
    int32_t *heads;     /* 0 = root, k + 1 = word k of the sentence */
    uint8_t *labels;
} gdata;

typedef struct gtrainer {
    w5_gdims d;
    w5_gparams p, g, m, v, best;
    w5_gkern k;
    w5_gwork w;
    uint8_t *used;      /* embedding rows touched in the batch */
    long step;
    float lr, b1, b2;
    w5_adam adam;       /* over p, g, m, v */
    uint64_t rng;
} gtrainer;

static void gdata_free(gdata *g)
{
    free(g->rows);
    free(g->heads);
    free(g->labels);
}

static int gdata_init(gdata *g, const w5_treebank *tb, const w5_span *spans,
                      const uint8_t *upos, const uint8_t *xpos, const w5_smap *keys,
                      const w5_smap *clusters)
{
    size_t n = tb->words.n + 1;
    g->tb = tb;
    g->rows = malloc(n * W5_G_GROUPS * sizeof *g->rows);
    g->heads = malloc(n * sizeof *g->heads);
    g->labels = malloc(n);
    if (!g->rows || !g->heads || !g->labels)
        return W5_ERR_NOMEM;
    w5_graph_rows_with(keys, clusters, spans, upos, xpos, tb->words.n, g->rows);
    for (size_t i = 0; i < tb->words.n; i++) {
        g->heads[i] = tb->words.v[i].head + 1;
        g->labels[i] = tb->words.v[i].deprel;
    }
    return 0;
}

static float uniform(uint64_t *rng, float r)
{
    return r * (2.0f * (float)(w5_rand_next(rng) >> 40) / 16777216.0f - 1.0f);
}

static void fill(float *v, size_t n, float r, uint64_t *rng)
{
    for (size_t i = 0; i < n; i++)
        v[i] = uniform(rng, r);
}

/* Initial weights: small uniform embeddings, LSTMs as PyTorch starts
 * them (forget gates biased open), Glorot MLPs, zero biaffine maps
 * (Dozat & Manning). */
static void init_params(gtrainer *t)
{
    const w5_gdims *d = &t->d;
    w5_gparams *p = &t->p;
    memset(p->base, 0, p->total * sizeof *p->base);
    for (int g = 0; g < W5_G_GROUPS; g++)
        fill(p->emb[g], (size_t)d->rows[g] * d->dim[g], 0.1f, &t->rng);
    size_t h = d->h, h2 = 2 * h, h4 = 4 * h;
    float r = 1.0f / sqrtf((float)h);
    for (uint32_t l = 0; l < d->layers; l++) {
        size_t in = l ? h2 : d->din;
        for (int dir = 0; dir < 2; dir++) {
            fill(p->wx[l][dir], in * h4, r, &t->rng);
            fill(p->wh[l][dir], h * h4, r, &t->rng);
            for (size_t u = 0; u < h; u++)
                p->b[l][dir][h + u] = 1.0f;
        }
    }
    fill(p->root, h2, 0.1f, &t->rng);
    fill(p->wad, h2 * d->da, sqrtf(6.0f / (float)(h2 + d->da)), &t->rng);
    fill(p->wah, h2 * d->da, sqrtf(6.0f / (float)(h2 + d->da)), &t->rng);
    fill(p->wld, h2 * d->dl, sqrtf(6.0f / (float)(h2 + d->dl)), &t->rng);
    fill(p->wlh, h2 * d->dl, sqrtf(6.0f / (float)(h2 + d->dl)), &t->rng);
}

static int alloc_like(w5_gparams *q, const w5_gdims *d)
{
    size_t total = w5_gparams_layout(d, NULL, q);
    float *b = calloc(total ? total : 1, sizeof *b);
    if (!b)
        return W5_ERR_NOMEM;
    w5_gparams_layout(d, b, q);
    return 0;
}

/* One Adam step (Dozat & Manning: beta2 0.9) on the batch's gradient,
 * averaged over its words and clipped to norm 5; embedding rows the
 * batch did not touch are left alone. */
static void batch_step(gtrainer *t, size_t words)
{
    const w5_gparams *g = &t->g;
    double norm = 0;
    float inv = 1.0f / (float)(words ? words : 1);
    for (size_t i = g->nemb; i < g->total; i++)
        norm += (double)g->base[i] * g->base[i];
    for (int gr = 0; gr < W5_G_GROUPS; gr++)
        for (size_t r = 0; r < t->d.rows[gr]; r++)
            if (t->used[g->rowbase[gr] + r])
                for (size_t a = 0; a < t->d.dim[gr]; a++) {
                    float x = g->emb[gr][r * t->d.dim[gr] + a];
                    norm += (double)x * x;
                }
    norm = sqrt(norm) * inv;
    float scale = inv * (norm > 5.0 ? (float)(5.0 / norm) : 1.0f);
    t->step++;
    float lr = t->lr * sqrtf(1 - powf(t->b2, (float)t->step)) / (1 - powf(t->b1, (float)t->step));
    w5_adam_range(&t->adam, g->nemb, g->total, lr, scale);
    for (int gr = 0; gr < W5_G_GROUPS; gr++) {
        size_t off = (size_t)(g->emb[gr] - g->base);
        for (size_t r = 0; r < t->d.rows[gr]; r++) {
            if (!t->used[g->rowbase[gr] + r])
                continue;
            t->used[g->rowbase[gr] + r] = 0;
            w5_adam_range(&t->adam, off + r * t->d.dim[gr], off + (r + 1) * t->d.dim[gr], lr,
                          scale);
        }
    }
}

/* A share of a batch one thread computes: its sentences, its own
 * scratch, gradient and dropout stream. */
typedef struct gshare {
    gtrainer *t;
    const gdata *data;
    const w5_graph_train_opts *o;
    const uint32_t *sents;
    size_t nsents;
    w5_gwork w;
    w5_gparams g;       /* the first share uses the trainer's */
    uint8_t *used;
    uint64_t rng;
    double loss;
    long ok, words;
    int rc;             /* W5_ERR_NOMEM when its scratch could not grow */
} gshare;

static void *share_run(void *arg)
{
    gshare *sh = arg;
    gtrainer *t = sh->t;
    const gdata *data = sh->data;
    w5_gdrop drop = {sh->o->drop_word, sh->o->drop_tag, sh->o->drop_hidden, &sh->rng};
    for (size_t k = 0; k < sh->nsents; k++) {
        const w5_tb_sent *st = &data->tb->sents.v[sh->sents[k]];
        size_t b = st->word_begin, n = st->word_end - st->word_begin;
        if ((sh->rc = w5_gwork_reserve(&sh->w, &t->d, n)))
            break;
        const uint32_t *rows = data->rows + b * W5_G_GROUPS;
        w5_gnet_forward(&t->d, &t->p, &t->k, rows, n, &sh->w, &drop);
        sh->loss += w5_gnet_backward(&t->d, &t->p, &t->k, n, data->heads + b,
                                     data->labels + b, &sh->w, &drop, &sh->g, sh->used,
                                     &sh->ok);
        sh->words += (long)n;
    }
    return NULL;
}

/* Adds share sh's gradient into the trainer's and clears it. */
static void merge_share(gtrainer *t, gshare *sh)
{
    float *to = t->g.base, *from = sh->g.base;
    for (size_t i = t->g.nemb; i < t->g.total; i++) {
        to[i] += from[i];
        from[i] = 0;
    }
    for (int gr = 0; gr < W5_G_GROUPS; gr++) {
        size_t off = (size_t)(t->g.emb[gr] - t->g.base), dim = t->d.dim[gr];
        for (size_t r = 0; r < t->d.rows[gr]; r++) {
            size_t u = t->g.rowbase[gr] + r;
            if (!sh->used[u])
                continue;
            sh->used[u] = 0;
            t->used[u] = 1;
            for (size_t a = off + r * dim; a < off + (r + 1) * dim; a++) {
                to[a] += from[a];
                from[a] = 0;
            }
        }
    }
}

/* One batch: its sentences split between the shares by words, computed
 * in parallel, gradients summed, one Adam step. */
static int run_batch(gtrainer *t, gshare *sh, int nshare, const uint32_t *batch,
                     size_t nb, uint32_t *split)
{
    size_t words[2] = {0, 0}, count[2] = {0, 0};
    for (size_t k = 0; k < nb; k++) {
        const w5_tb_sent *st = &sh[0].data->tb->sents.v[batch[k]];
        int to = nshare > 1 && words[1] < words[0];
        split[(size_t)to * nb + count[to]++] = batch[k];
        words[to] += st->word_end - st->word_begin;
    }
    for (int s = 0; s < nshare; s++) {
        sh[s].sents = split + (size_t)s * nb;
        sh[s].nsents = count[s];
        sh[s].rng = w5_rand_next(&t->rng);
    }
    pthread_t th;
    int threaded = nshare > 1 && pthread_create(&th, NULL, share_run, &sh[1]) == 0;
    share_run(&sh[0]);
    if (threaded)
        pthread_join(th, NULL);
    else if (nshare > 1)
        share_run(&sh[1]);
    int rc = sh[0].rc ? sh[0].rc : nshare > 1 ? sh[1].rc : 0;
    if (rc)
        return rc;
    if (nshare > 1)
        merge_share(t, &sh[1]);
    batch_step(t, words[0] + words[1]);
    return 0;
}

/* One pass over the training sentences (those of 1 to
 * W5_GRAPH_MAX_WORDS words: longer ones are parsed in pieces, and are
 * left out of training and dev scores; EWT and GUM have none). The mean
 * loss a word into *loss; 0 or W5_ERR_NOMEM. */
static int train_epoch(gtrainer *t, gshare *sh, int nshare, uint32_t *order,
                       uint32_t *split, const w5_graph_train_opts *o, double *acc,
                       double *mean_loss)
{
    int rc = 0;
    const w5_treebank *tb = sh[0].data->tb;
    double loss = 0;
    long ok = 0, total = 0;
    w5_shuffle(order, tb->sents.n, &t->rng);
    size_t start = 0, in_batch = 0, kept = 0;
    /* the sentences of a batch are moved to the front of the window */
    for (size_t k = 0; k < tb->sents.n; k++) {
        const w5_tb_sent *st = &tb->sents.v[order[k]];
        size_t n = st->word_end - st->word_begin;
        if (n == 0 || n > W5_GRAPH_MAX_WORDS)
            continue;
        order[start + kept++] = order[k];
        in_batch += n;
        if (in_batch >= o->batch || k + 1 == tb->sents.n) {
            if ((rc = run_batch(t, sh, nshare, order + start, kept, split)))
                return rc;
            start += kept;
            kept = in_batch = 0;
        }
    }
    if (kept && (rc = run_batch(t, sh, nshare, order + start, kept, split)))
        return rc;
    for (int s = 0; s < nshare; s++) {
        loss += sh[s].loss;
        ok += sh[s].ok;
        total += sh[s].words;
        sh[s].loss = 0;
        sh[s].ok = sh[s].words = 0;
    }
    *acc = total ? 100.0 * (double)ok / (double)total : 0;
    *mean_loss = total ? loss / (double)total : 0;
    return 0;
}

static int evaluate(gtrainer *t, const gdata *data, double *uas, double *las)
{
    const w5_treebank *tb = data->tb;
    long total = 0, u = 0, l = 0;
    int32_t *heads = malloc((W5_GRAPH_MAX_WORDS + 1) * sizeof *heads);
    uint8_t *labs = malloc(W5_GRAPH_MAX_WORDS + 1);
    int rc = heads && labs ? 0 : W5_ERR_NOMEM;
    for (size_t s = 0; s < tb->sents.n && !rc; s++) {
        const w5_tb_sent *st = &tb->sents.v[s];
        size_t b = st->word_begin, n = st->word_end - st->word_begin;
        if (n == 0 || n > W5_GRAPH_MAX_WORDS)
            continue;
        if ((rc = w5_gwork_reserve(&t->w, &t->d, n)))
            break;
        w5_gnet_forward(&t->d, &t->p, &t->k, data->rows + b * W5_G_GROUPS, n, &t->w, NULL);
        if ((rc = w5_graph_decode(&t->d, &t->p, &t->k, &t->w, n, heads, labs)))
            break;
        for (size_t i = 0; i < n; i++) {
            total++;
            if (heads[i] + 1 == data->heads[b + i]) {
                u++;
                l += labs[i] == data->labels[b + i];
            }
        }
    }
    free(heads);
    free(labs);
    *uas = total ? 100.0 * (double)u / (double)total : 0;
    *las = total ? 100.0 * (double)l / (double)total : 0;
    return rc;
}

static void trainer_free(gtrainer *t)
{
    free(t->p.base);
    free(t->g.base);
    free(t->m.base);
    free(t->v.base);
    free(t->best.base);
    free(t->used);
    w5_gwork_free(&t->w);
}

static void default_dims(const w5_graph_train_opts *o, w5_gdims *d)
{
    static const uint32_t dims[W5_G_GROUPS] = {100, 32, 16, 32, 8, 32, 16};
    for (int g = 0; g < W5_G_GROUPS; g++)
        d->dim[g] = dims[g];
    if (o->word_dim)
        d->dim[W5_G_WORD] = o->word_dim;
    d->rows[W5_G_FLAGS] = W5_G_FLAG_ROWS;
    d->rows[W5_G_XPOS] = W5_XPOS_COUNT;
    d->rows[W5_G_UPOS] = W5_UPOS_COUNT;
    d->h = o->hidden ? o->hidden : 200;
    d->layers = o->layers ? o->layers : 2;
    d->da = o->arc_dim ? o->arc_dim : 256;
    d->dl = o->label_dim ? o->label_dim : 64;
    d->nlab = W5_DEPREL_COUNT;
    w5_gdims_finish(d);
}

int w5_graph_train(const w5_treebank *train, const w5_treebank *dev,
                   const w5_tagger *tagger, const w5_graph_train_opts *opts,
                   const char *out_path, w5_error *err)
{
    w5_graph_train_opts o = *opts;
    o.epochs = o.epochs > 0 ? o.epochs : 12;
    o.batch = o.batch ? o.batch : 1000;
    o.lr = o.lr > 0 ? o.lr : 2e-3f;
    if (o.layers > W5_G_MAX_LAYERS || o.hidden > 1024 || o.arc_dim > 1024 ||
        o.label_dim > 512 || o.word_dim > 1024 || o.drop_word < 0 || o.drop_word >= 1 ||
        o.drop_tag < 0 || o.drop_tag >= 1 || o.drop_hidden < 0 || o.drop_hidden >= 1)
        return w5_fail(err, W5_ERR_INVALID, "training the graph parser: an option is out of range");
    gtrainer t = {.lr = o.lr, .b1 = 0.9f, .b2 = 0.9f, .rng = o.seed ? o.seed : 1};
    gdata tr = {0}, dv = {0};
    w5_span *tspans = NULL, *dspans = NULL;
    uint8_t *tup = NULL, *txp = NULL, *dup = NULL, *dxp = NULL;
    void *cdata = NULL, *kdata = NULL;
    size_t csize = 0, ksize = 0;
    uint32_t *order = malloc((train->sents.n + 1) * sizeof *order), *split = NULL;
    gshare sh[2] = {{0}};
    w5_smap clusters = {0}, keys = {0};
    int rc;
    if (o.clusters && (rc = w5_parser_read_clusters(o.clusters, &cdata, &csize, err)))
        goto out_quiet;
    if (cdata && w5_smap_view(cdata, csize, &clusters)) {
        rc = w5_fail(err, W5_ERR_FORMAT, "%s: bad clusters", o.clusters);
        goto out_quiet;
    }
    w5_train_opts topts = {.jackknife = o.jackknife, .seed = o.seed, .clusters = o.clusters};
    w5_train_opts dopts = {0};
    default_dims(&o, &t.d);
    rc = W5_ERR_NOMEM;
    if (!order)
        goto out;
    if ((rc = w5_parser_tagged_words(train, tagger, &topts, &tspans, &tup, &txp)) ||
        (rc = w5_parser_tagged_words(dev, tagger, &dopts, &dspans, &dup, &dxp)) ||
        (rc = build_keys(tspans, train->words.n, &clusters, o.min_count, &t.d, &kdata,
                         &ksize)) ||
        (rc = w5_smap_view(kdata, ksize, &keys)) ||
        (rc = gdata_init(&tr, train, tspans, tup, txp, &keys, &clusters)) ||
        (rc = gdata_init(&dv, dev, dspans, dup, dxp, &keys, &clusters)) ||
        (rc = alloc_like(&t.p, &t.d)) || (rc = alloc_like(&t.g, &t.d)) ||
        (rc = alloc_like(&t.m, &t.d)) || (rc = alloc_like(&t.v, &t.d)) ||
        (rc = alloc_like(&t.best, &t.d)))
        goto out;
    t.adam = (w5_adam){t.p.base, t.g.base, t.m.base, t.v.base, t.b1, t.b2};
    rc = W5_ERR_NOMEM;
    if (!(t.used = calloc(t.p.nrows + 1, 1)))
        goto out;
    int nshare = o.threads > 1 ? 2 : 1;
    split = malloc(2 * (train->sents.n + 1) * sizeof *split);
    if (!split)
        goto out;
    for (int s = 0; s < nshare; s++) {
        sh[s] = (gshare){.t = &t, .data = &tr, .o = &o};
        if (s == 0) {
            sh[s].g = t.g;
            sh[s].used = t.used;
        } else if (alloc_like(&sh[s].g, &t.d) || !(sh[s].used = calloc(t.p.nrows + 1, 1))) {
            goto out;
        }
    }
    w5_gkern_pick(&t.k);
    init_params(&t);
    for (size_t s = 0; s < train->sents.n; s++)
        order[s] = (uint32_t)s;
    double best_las = -1;
    float lr0 = t.lr;
    for (int epoch = 1; epoch <= o.epochs; epoch++) {
        double acc, loss, uas = 0, las = 0;
        if ((rc = train_epoch(&t, sh, nshare, order, split, &o, &acc, &loss)))
            goto out;
        if (!isfinite(loss)) {
            rc = w5_fail(err, W5_ERR_INVALID,
                         "training the graph parser: the loss diverged at epoch %d "
                         "(try a lower --lr)", epoch);
            goto out_quiet;
        }
        if (dev->sents.n && (rc = evaluate(&t, &dv, &uas, &las)))
            goto out;
        int better = las >= best_las;
        if (better) {
            best_las = las;
            memcpy(t.best.base, t.p.base, t.p.total * sizeof *t.p.base);
        }
        if (o.progress)
            o.progress(epoch, o.epochs, acc, uas, las, better, o.ctx);
        t.lr = lr0 * powf(0.85f, (float)epoch);
    }
    rc = w5_gfile_write(out_path, &t.d, &t.best, kdata, ksize, cdata, csize, err);
    goto out_quiet;
out:
    rc = w5_fail(err, rc ? rc : W5_ERR_NOMEM, "training the graph parser: %s",
                 w5_strerror(rc ? rc : W5_ERR_NOMEM));
out_quiet:
    for (int s = 0; s < 2; s++) {
        w5_gwork_free(&sh[s].w);
        if (s) {
            free(sh[s].g.base);
            free(sh[s].used);
        }
    }
    free(split);
    trainer_free(&t);
    gdata_free(&tr);
    gdata_free(&dv);
    free(tspans);
    free(tup);
    free(txp);
    free(dspans);
    free(dup);
    free(dxp);
    free(cdata);
    free(kdata);
    free(order);
    return rc;
}
