/*
 * tagger_train.c - training the tagger: the tag dictionary, the UPOS
 * sets per XPOS, the two averaged perceptrons (early-stopped on dev) and
 * the lemmatizer, all written into one model file.
 */
#include <stdlib.h>
#include <string.h>

#include "syntax/syntax_int.h"

/* Words seen at least this often with one tag pair this share of the
 * time are tagged by the dictionary alone. */
enum { DICT_MIN_COUNT = 20 };
#define DICT_MIN_SHARE 0.995

typedef struct pair_obs {
    uint64_t key;
    uint8_t xpos, upos;
} pair_obs;

static int pair_cmp(const void *a, const void *b)
{
    const pair_obs *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    int dx = (x->xpos << 8 | x->upos) - (y->xpos << 8 | y->upos);
    return dx;
}

/* 1 when word i is in a sentence left out (skip: per sentence, or NULL). */
static uint8_t *word_skips(const w5_treebank *tb, const uint8_t *skip)
{
    uint8_t *ws = calloc(tb->words.n + 1, 1);
    if (ws && skip)
        for (size_t s = 0; s < tb->sents.n; s++)
            if (skip[s])
                memset(ws + tb->sents.v[s].word_begin, 1,
                       tb->sents.v[s].word_end - tb->sents.v[s].word_begin);
    return ws;
}

static int build_tagdict(const w5_treebank *tb, const uint8_t *ws,
                         void **data, size_t *size)
{
    pair_obs *o = malloc((tb->words.n + 1) * sizeof *o);
    W5_VEC(w5_smap_entry) out = {0};
    if (!o)
        return W5_ERR_NOMEM;
    size_t no = 0;
    for (size_t i = 0; i < tb->words.n; i++) {
        if (ws[i])
            continue;
        const char *f = w5_tb_str(tb, tb->words.v[i].form);
        o[no].key = w5_tagdict_key(f, strlen(f));
        o[no].xpos = tb->words.v[i].xpos;
        o[no].upos = tb->words.v[i].upos;
        no++;
    }
    qsort(o, no, sizeof *o, pair_cmp);
    int rc = 0;
    for (size_t i = 0; i < no && !rc;) {
        size_t j = i, best = 0, best_at = i;
        while (j < no && o[j].key == o[i].key) {
            size_t k = j;
            while (k < no && o[k].key == o[j].key &&
                   o[k].xpos == o[j].xpos && o[k].upos == o[j].upos)
                k++;
            if (k - j > best) {
                best = k - j;
                best_at = j;
            }
            j = k;
        }
        size_t total = j - i;
        if (total >= DICT_MIN_COUNT && best >= DICT_MIN_SHARE * (double)total &&
            o[best_at].xpos && o[best_at].upos) {
            w5_smap_entry e = {o[i].key, o[best_at].xpos, o[best_at].upos};
            rc = w5_vec_push(&out, e);
        }
        i = j;
    }
    if (!rc)
        rc = w5_smap_build(out.v, out.n, data, size);
    free(o);
    w5_vec_free(&out);
    return rc;
}

typedef W5_VEC(w5_smap_entry) entry_vec;

static int u32_cmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static int entry_key_cmp(const void *a, const void *b)
{
    uint64_t x = ((const w5_smap_entry *)a)->key, y = ((const w5_smap_entry *)b)->key;
    return x < y ? -1 : x > y;
}

/* Gives the words of the ambiguity entries (sorted by key) their cluster
 * ids, adding entries without tags for clustered words not among them;
 * *paths gets the distinct clusters (path | depth << 24), in id order. */
static int add_clusters(const w5_smap *clusters, entry_vec *out, uint32_t **paths,
                        uint32_t *npaths)
{
    entry_vec extra = {0};
    size_t nslot = clusters->slots ? clusters->mask + 1 : 0, nv = 0;
    uint32_t *v = malloc((nslot + 1) * sizeof *v);
    if (!v)
        return W5_ERR_NOMEM;
    for (size_t i = 0; i < nslot; i++)
        if (clusters->slots[i].key)
            v[nv++] = clusters->slots[i].a;
    qsort(v, nv, sizeof *v, u32_cmp);
    size_t nu = 0;
    for (size_t i = 0; i < nv; i++)
        if (nu == 0 || v[i] != v[nu - 1])
            v[nu++] = v[i];
    int rc = nu > W5_CLUSTER_MAX ? W5_ERR_INVALID : 0;
    size_t nout = out->n;
    for (size_t i = 0; i < nslot && !rc; i++) {
        const w5_smap_entry *c = &clusters->slots[i];
        if (!c->key)
            continue;
        uint32_t *at = bsearch(&c->a, v, nu, sizeof *v, u32_cmp);
        uint32_t id = (uint32_t)(at - v) + 1;
        w5_smap_entry probe = {c->key, 0, 0};
        w5_smap_entry *e = bsearch(&probe, out->v, nout, sizeof *out->v, entry_key_cmp);
        if (e) {
            e->b |= id << W5_CLUSTER_SHIFT;
        } else {
            probe.b = id << W5_CLUSTER_SHIFT;
            rc = w5_vec_push(&extra, probe);
        }
    }
    for (size_t i = 0; i < extra.n && !rc; i++)
        rc = w5_vec_push(out, extra.v[i]);
    w5_vec_free(&extra);
    if (rc) {
        free(v);
        return rc;
    }
    *paths = v;
    *npaths = (uint32_t)nu;
    return 0;
}

/* Ambiguity classes: per word form seen at least twice, the XPOS tags it
 * had at least twice (or in 10% of its uses), and the clusters of the
 * clustered words (may be NULL). *size is the map's size; the cluster
 * paths (*npaths) follow it in *data. */
static int build_ambiguity(const w5_treebank *tb, const uint8_t *ws,
                           const w5_smap *clusters, void **data, size_t *size,
                           uint32_t *npaths)
{
    pair_obs *o = malloc((tb->words.n + 1) * sizeof *o);
    entry_vec out = {0};
    if (!o)
        return W5_ERR_NOMEM;
    size_t no = 0;
    for (size_t i = 0; i < tb->words.n; i++) {
        if (ws[i])
            continue;
        const char *f = w5_tb_str(tb, tb->words.v[i].form);
        o[no].key = w5_tagdict_key(f, strlen(f));
        o[no].xpos = tb->words.v[i].xpos;
        o[no].upos = 0;
        no++;
    }
    qsort(o, no, sizeof *o, pair_cmp);
    int rc = 0;
    for (size_t i = 0; i < no && !rc;) {
        size_t j = i;
        while (j < no && o[j].key == o[i].key)
            j++;
        size_t total = j - i;
        uint64_t mask = 0;
        for (size_t k = i; k < j;) {
            size_t e = k;
            while (e < j && o[e].xpos == o[k].xpos)
                e++;
            if (e - k >= 2 && (e - k) * 10 >= total)
                mask |= 1ull << (o[k].xpos & 63);
            k = e;
        }
        if (total >= 2 && mask) {
            w5_smap_entry x = {o[i].key, (uint32_t)mask, (uint32_t)(mask >> 32)};
            rc = w5_vec_push(&out, x);
        }
        i = j;
    }
    uint32_t *paths = NULL;
    *npaths = 0;
    if (!rc && clusters && clusters->slots)
        rc = add_clusters(clusters, &out, &paths, npaths);
    if (!rc)
        rc = w5_smap_build(out.v, out.n, data, size);
    if (!rc && *npaths) {
        unsigned char *grown = realloc(*data, *size + *npaths * sizeof *paths);
        if (grown) {
            memcpy(grown + *size, paths, *npaths * sizeof *paths);
            *data = grown;
        } else {
            rc = W5_ERR_NOMEM;
        }
    }
    free(paths);
    free(o);
    w5_vec_free(&out);
    return rc;
}

static void build_upos_allowed(const w5_treebank *tb, const uint8_t *ws,
                               unsigned char *allowed)
{
    long count[W5_XPOS_COUNT][W5_UPOS_COUNT];
    memset(count, 0, sizeof count);
    memset(allowed, 0, 3 * W5_XPOS_COUNT);
    for (size_t i = 0; i < tb->words.n; i++) {
        const w5_tb_word *w = &tb->words.v[i];
        if (ws[i])
            continue;
        if (w->xpos < W5_XPOS_COUNT && w->upos < W5_UPOS_COUNT)
            count[w->xpos][w->upos]++;
    }
    for (int x = 0; x < W5_XPOS_COUNT; x++)
        for (int u = 1; u < W5_UPOS_COUNT; u++)
            if (count[x][u] >= 2)
                allowed[3 * x + (u >> 3)] |= (unsigned char)(1u << (u & 7));
}

/* At most this many words of a clusters file are kept (the most
 * frequent), so that they and the treebank's words fit a 2 MB map. */
enum { CLUSTER_WORDS = 50000 };

typedef struct cluster_word {
    w5_smap_entry e;
    unsigned long count;
} cluster_word;

static int cluster_word_cmp(const void *a, const void *b)
{
    const cluster_word *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return x->e.key < y->e.key ? -1 : x->e.key > y->e.key;
}

/* Reads "bits<TAB>word[<TAB>count]" lines into a map from the word's
 * dictionary key to a = path (the first 24 bits) | depth << 24. */
static int read_clusters(const char *path, void **data, size_t *size,
                         w5_error *err)
{
    char *text = NULL;
    size_t len = 0;
    int rc = w5_read_file(path, &text, &len, err);
    if (rc)
        return rc;
    W5_VEC(cluster_word) words = {0};
    for (char *p = text, *end = text + len; p < end && !rc;) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *le = nl ? nl : end;
        char *tab = memchr(p, '\t', (size_t)(le - p));
        if (tab) {
            char *w = tab + 1, *we = memchr(w, '\t', (size_t)(le - w));
            cluster_word cw = {{0, 0, 0}, we ? strtoul(we + 1, NULL, 10) : 0};
            if (!we)
                we = le;
            for (char *b = p; b < tab && cw.e.b < 24 && (*b == '0' || *b == '1'); b++) {
                cw.e.a = cw.e.a << 1 | (uint32_t)(*b - '0');
                cw.e.b++;
            }
            cw.e.key = w5_tagdict_key(w, (size_t)(we - w));
            if (cw.e.b && we > w)
                rc = w5_vec_push(&words, cw);
        }
        p = le + 1;
    }
    free(text);
    if (!rc && words.n == 0)
        rc = w5_fail(err, W5_ERR_FORMAT, "%s: no clusters (want bits<TAB>word lines)", path);
    w5_smap_entry *e = NULL;
    size_t ne = 0;
    if (!rc) {
        qsort(words.v, words.n, sizeof *words.v, cluster_word_cmp);
        e = malloc(words.n * sizeof *e);
        if (!e)
            rc = W5_ERR_NOMEM;
        /* the words of the file are distinct, so are their 64-bit keys */
        for (size_t i = 0; e && i < words.n && ne < CLUSTER_WORDS; i++) {
            e[ne] = words.v[i].e;
            e[ne].a |= e[ne].b << 24;
            e[ne++].b = 0;
        }
    }
    if (!rc && w5_smap_build(e, ne, data, size))
        rc = W5_ERR_NOMEM;
    if (rc == W5_ERR_NOMEM)
        w5_fail(err, rc, "out of memory");
    free(e);
    w5_vec_free(&words);
    return rc;
}

/* Spans of the words of every sentence of a treebank. */
static w5_span *treebank_spans(const w5_treebank *tb)
{
    w5_span *s = malloc((tb->words.n + 1) * sizeof *s);
    if (!s)
        return NULL;
    for (size_t i = 0; i < tb->words.n; i++) {
        s[i].s = w5_tb_str(tb, tb->words.v[i].form);
        s[i].len = (uint32_t)strlen(s[i].s);
    }
    return s;
}

uint64_t w5_rand_next(uint64_t *state);
uint64_t w5_rand_next(uint64_t *state)
{
    uint64_t x = *state ? *state : 0x9E3779B97F4A7C15ull;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *state = x;
}

void w5_shuffle(uint32_t *order, size_t n, uint64_t *state);
void w5_shuffle(uint32_t *order, size_t n, uint64_t *state)
{
    for (size_t i = n; i > 1; i--) {
        size_t j = (size_t)(w5_rand_next(state) % i);
        uint32_t t = order[i - 1];
        order[i - 1] = order[j];
        order[j] = t;
    }
}

/* The XPOS and UPOS models are each the mean of this many perceptrons
 * trained side by side, each on its own shuffles of the sentences (same
 * features, so no cost at run time; 3x the training time). On EWT dev
 * 3 gave UPOS 95.28 / 95.26 (seeds 1, 2) against 95.20 / 95.08 / 95.16
 * for one (XPOS 94.59 / 94.60 against 94.45 / 94.40 / 94.43), and a
 * smaller model (9.8 MB, the mean's small weights pruned); 5: 95.29. */
enum { TAGGER_ENSEMBLE = 3 };

typedef struct trainer {
    w5_ap *xap, *uap;
    w5_tagger tg;        /* dictionary and UPOS sets, for decoding */
    unsigned char allowed[3 * W5_XPOS_COUNT];
    w5_tword *tw;
    uint8_t *xpos, *upos, *fixed;
    size_t cap;
    long correct, total;
} trainer;

static int reserve(trainer *t, size_t n)
{
    if (n <= t->cap)
        return 0;
    free(t->tw);
    free(t->xpos);
    t->tw = malloc(n * sizeof *t->tw);
    t->xpos = malloc(3 * n);
    t->upos = t->xpos + n;
    t->fixed = t->xpos + 2 * n;
    t->cap = n;
    return t->tw && t->xpos ? 0 : W5_ERR_NOMEM;
}

/* Tags one training sentence with the current weights and learns from
 * its mistakes. */
static int train_sentence(trainer *t, const w5_tb_word *gold,
                          const w5_span *words, size_t n)
{
    uint64_t feats[W5_TAGGER_MAX_FEATS];
    float scores[W5_XPOS_COUNT];
    if (reserve(t, n))
        return W5_ERR_NOMEM;
    w5_tagger_word_hashes(&t->tg, words, n, t->tw);
    int p1 = 60, p2 = 61;
    for (size_t i = 0; i < n; i++) {
        const w5_smap_entry *d =
            w5_smap_get(&t->tg.tagdict, w5_tagdict_key(words[i].s, words[i].len));
        t->fixed[i] = d != NULL;
        if (d) {
            t->xpos[i] = (uint8_t)d->a;
            t->upos[i] = (uint8_t)d->b;
        } else {
            size_t nf = w5_tagger_features(t->tw, n, i, p1, p2, feats);
            w5_ap_score(t->xap, feats, nf, scores);
            scores[0] = -1e30f;
            uint32_t guess = w5_argmax(scores, W5_XPOS_COUNT, NULL);
            if (gold[i].xpos && w5_ap_update(t->xap, feats, nf, gold[i].xpos, guess, 1.0f))
                return W5_ERR_NOMEM;
            w5_ap_tick(t->xap);
            t->xpos[i] = (uint8_t)guess;
        }
        p2 = p1;
        p1 = t->xpos[i];
    }
    for (size_t i = 0; i < n; i++) {
        t->correct += t->xpos[i] == gold[i].xpos;
        t->total++;
    }
    for (size_t i = 0; i < n; i++) {
        if (t->fixed[i])
            continue;
        const unsigned char *al = t->allowed + 3 * t->xpos[i];
        int u = gold[i].upos;
        if (!(al[u >> 3] & (1u << (u & 7))))
            continue;
        size_t nf = w5_upos_features(t->tw, n, i, t->xpos, feats);
        w5_ap_score(t->uap, feats, nf, scores);
        uint32_t guess = w5_argmax(scores, W5_UPOS_COUNT, al);
        if (w5_ap_update(t->uap, feats, nf, (uint32_t)u, guess, 1.0f))
            return W5_ERR_NOMEM;
        w5_ap_tick(t->uap);
    }
    return 0;
}

/* XPOS and UPOS accuracy (percent) of a compiled tagger on a treebank. */
static int evaluate(const w5_tagger *tg, const w5_treebank *tb,
                    const w5_span *spans, double *xacc, double *uacc)
{
    long xok = 0, uok = 0, total = 0;
    uint8_t *buf = NULL;
    size_t cap = 0;
    for (size_t s = 0; s < tb->sents.n; s++) {
        const w5_tb_sent *st = &tb->sents.v[s];
        size_t n = st->word_end - st->word_begin;
        if (n > cap) {
            free(buf);
            cap = n;
            if (!(buf = malloc(2 * cap)))
                return W5_ERR_NOMEM;
        }
        if (w5_tagger_tag(tg, spans + st->word_begin, n, buf, buf + n)) {
            free(buf);
            return W5_ERR_NOMEM;
        }
        for (size_t i = 0; i < n; i++) {
            xok += buf[i] == tb->words.v[st->word_begin + i].xpos;
            uok += buf[n + i] == tb->words.v[st->word_begin + i].upos;
        }
        total += (long)n;
    }
    free(buf);
    *xacc = total ? 100.0 * (double)xok / (double)total : 0;
    *uacc = total ? 100.0 * (double)uok / (double)total : 0;
    return 0;
}

/* What training produces before it is written: an in-memory tagger. */
typedef struct core_result {
    w5_linear *x, *u;
    void *dict_data, *amb_data; /* amb_data: the map, then the cluster paths */
    size_t dict_size, amb_size;
    uint32_t ncluster;
    unsigned char allowed[3 * W5_XPOS_COUNT];
} core_result;

static void core_free(core_result *r)
{
    w5_linear_free(r->x);
    w5_linear_free(r->u);
    free(r->dict_data);
    free(r->amb_data);
    memset(r, 0, sizeof *r);
}

/* Trains on the sentences not skipped; keeps the epoch best on dev (the
 * last one when dev is NULL or empty). */
static int train_core(const w5_treebank *train, const uint8_t *skip,
                      const w5_treebank *dev, const w5_train_opts *opts,
                      const w5_smap *clusters, core_result *res)
{
    trainer t = {0};
    w5_span *tspans = treebank_spans(train);
    w5_span *dspans = dev ? treebank_spans(dev) : NULL;
    uint32_t *order = malloc((train->sents.n + 1) * sizeof *order);
    uint8_t *ws = word_skips(train, skip);
    double best_score = -1;
    int rc = W5_ERR_NOMEM;
    uint64_t rng[TAGGER_ENSEMBLE];
    w5_ap *xaps[TAGGER_ENSEMBLE] = {0}, *uaps[TAGGER_ENSEMBLE] = {0};
    memset(res, 0, sizeof *res);
    int ok = 1;
    for (int m = 0; m < TAGGER_ENSEMBLE; m++) {
        rng[m] = (opts->seed ? opts->seed : 1) + 0x1000193ull * (uint64_t)m;
        xaps[m] = w5_ap_new(W5_XPOS_COUNT);
        uaps[m] = w5_ap_new(W5_UPOS_COUNT);
        ok &= xaps[m] && uaps[m];
    }
    if (!tspans || (dev && !dspans) || !order || !ws || !ok)
        goto done;
    if (build_tagdict(train, ws, &res->dict_data, &res->dict_size) ||
        w5_smap_view(res->dict_data, res->dict_size, &t.tg.tagdict) ||
        build_ambiguity(train, ws, clusters, &res->amb_data, &res->amb_size,
                        &res->ncluster) ||
        w5_smap_view(res->amb_data, res->amb_size, &t.tg.amb))
        goto done;
    t.tg.cluster_paths = (const uint32_t *)((char *)res->amb_data + res->amb_size);
    t.tg.ncluster = res->ncluster;
    build_upos_allowed(train, ws, t.allowed);
    memcpy(res->allowed, t.allowed, sizeof t.allowed);
    t.tg.upos_allowed = t.allowed;
    size_t norder = 0;
    for (size_t s = 0; s < train->sents.n; s++)
        if (!skip || !skip[s])
            order[norder++] = (uint32_t)s;
    w5_compile_opts copts = {.min_weight = opts->min_weight > 0 ? opts->min_weight
                                                                : W5_TAGGER_MIN_WEIGHT,
                             .min_updates = opts->min_updates ? opts->min_updates
                                                              : W5_TAGGER_MIN_UPDATES};
    /* the pruning options are for the XPOS model, most of the file; the
     * small UPOS model's weights are smaller and suffer from them */
    w5_compile_opts ucopts = {.min_weight = W5_UPOS_MIN_WEIGHT,
                              .min_updates = W5_UPOS_MIN_UPDATES};
    for (int epoch = 1; epoch <= opts->epochs; epoch++) {
        t.correct = t.total = 0;
        for (int m = 0; m < TAGGER_ENSEMBLE; m++) {
            /* every member its own order of the sentences */
            w5_shuffle(order, norder, &rng[m]);
            t.xap = xaps[m];
            t.uap = uaps[m];
            for (size_t k = 0; k < norder; k++) {
                const w5_tb_sent *st = &train->sents.v[order[k]];
                if ((rc = train_sentence(&t, train->words.v + st->word_begin,
                                         tspans + st->word_begin,
                                         st->word_end - st->word_begin)))
                    goto done;
            }
        }
        int last = epoch == opts->epochs, use_dev = dev && dev->sents.n;
        if (!use_dev && !last)
            continue;
        w5_tagger ev = t.tg;
        rc = W5_ERR_NOMEM;
        if (w5_ap_compile_mean((const w5_ap *const *)xaps, TAGGER_ENSEMBLE, &copts, &ev.xpos) ||
            w5_ap_compile_mean((const w5_ap *const *)uaps, TAGGER_ENSEMBLE, &ucopts, &ev.upos)) {
            w5_linear_free(ev.xpos);
            goto done;
        }
        double xacc = 0, uacc = 0;
        ev.xrows = ev.urows = NULL;
        if (use_dev && (w5_tagger_index(&ev) || evaluate(&ev, dev, dspans, &xacc, &uacc))) {
            w5_rowtab_free(ev.xrows);
            w5_rowtab_free(ev.urows);
            w5_linear_free(ev.xpos);
            w5_linear_free(ev.upos);
            goto done;
        }
        w5_rowtab_free(ev.xrows);
        w5_rowtab_free(ev.urows);
        int better = xacc + uacc >= best_score;
        if (better) {
            best_score = xacc + uacc;
            w5_linear_free(res->x);
            w5_linear_free(res->u);
            res->x = ev.xpos;
            res->u = ev.upos;
        } else {
            w5_linear_free(ev.xpos);
            w5_linear_free(ev.upos);
        }
        if (opts->progress)
            opts->progress(epoch, opts->epochs,
                           t.total ? 100.0 * (double)t.correct / (double)t.total : 0,
                           xacc, uacc, better, opts->ctx);
    }
    rc = res->x ? 0 : W5_ERR_INVALID;
done:
    if (rc)
        core_free(res);
    for (int m = 0; m < TAGGER_ENSEMBLE; m++) {
        w5_ap_free(xaps[m]);
        w5_ap_free(uaps[m]);
    }
    free(t.tw);
    free(t.xpos);
    free(tspans);
    free(dspans);
    free(order);
    free(ws);
    return rc;
}

/* The clusters of a loaded tagger as read_clusters gives them (NULL
 * when it has none). */
static int clusters_of(const w5_tagger *tg, void **data, size_t *size)
{
    W5_VEC(w5_smap_entry) out = {0};
    *data = NULL;
    size_t nslot = tg->amb.slots ? tg->amb.mask + 1 : 0;
    int rc = 0;
    for (size_t i = 0; i < nslot && tg->ncluster && !rc; i++) {
        const w5_smap_entry *e = &tg->amb.slots[i];
        uint32_t id = e->b >> W5_CLUSTER_SHIFT;
        if (e->key && id && id <= tg->ncluster) {
            w5_smap_entry c = {e->key, tg->cluster_paths[id - 1], 0};
            rc = w5_vec_push(&out, c);
        }
    }
    if (!rc && out.n)
        rc = w5_smap_build(out.v, out.n, data, size);
    w5_vec_free(&out);
    return rc;
}

int w5_tagger_train_mem(const w5_treebank *train, const uint8_t *skip,
                        const w5_train_opts *opts, const w5_tagger *like,
                        w5_tagger **out)
{
    core_result res;
    *out = NULL;
    w5_train_opts quiet = *opts;
    quiet.progress = NULL;
    /* the clusters are the loaded tagger's */
    void *cl_data = NULL;
    size_t cl_size = 0;
    w5_smap clusters = {0};
    int rc = like ? clusters_of(like, &cl_data, &cl_size) : 0;
    if (!rc && cl_data)
        w5_smap_view(cl_data, cl_size, &clusters);
    if (!rc)
        rc = train_core(train, skip, NULL, &quiet, &clusters, &res);
    free(cl_data);
    if (rc)
        return rc;
    w5_tagger *tg = calloc(1, sizeof *tg + sizeof res.allowed);
    if (!tg) {
        core_free(&res);
        return W5_ERR_NOMEM;
    }
    tg->xpos = res.x;
    tg->upos = res.u;
    if (w5_tagger_index(tg)) {
        w5_rowtab_free(tg->xrows);
        core_free(&res);
        free(tg);
        return W5_ERR_NOMEM;
    }
    tg->owned = res.dict_data;
    tg->owned2 = res.amb_data;
    w5_smap_view(res.dict_data, res.dict_size, &tg->tagdict);
    w5_smap_view(res.amb_data, res.amb_size, &tg->amb);
    tg->cluster_paths = (const uint32_t *)((char *)res.amb_data + res.amb_size);
    tg->ncluster = res.ncluster;
    unsigned char *allowed = (unsigned char *)(tg + 1);
    memcpy(allowed, res.allowed, sizeof res.allowed);
    tg->upos_allowed = allowed;
    *out = tg;
    return 0;
}

int w5_tagger_train(const w5_treebank *train, const w5_treebank *dev,
                    const w5_train_opts *opts, const char *out_path,
                    w5_error *err)
{
    core_result res = {0};
    w5_mwriter *mw = NULL;
    void *cl_data = NULL;
    size_t cl_size = 0;
    w5_smap clusters = {0};
    int rc;
    if (opts->clusters) {
        if ((rc = read_clusters(opts->clusters, &cl_data, &cl_size, err)))
            return rc;
        w5_smap_view(cl_data, cl_size, &clusters);
    }
    if ((rc = train_core(train, NULL, dev, opts, &clusters, &res)))
        goto done;
    rc = W5_ERR_NOMEM;
    uint32_t meta[4] = {W5_TAGGER_FEATURES, 0, 0, 0};
    if (!(mw = w5_mwriter_new("tagger")) ||
        w5_mwriter_add(mw, "meta", meta, sizeof meta) ||
        w5_mwriter_add_linear(mw, "xpos", res.x) ||
        w5_mwriter_add_linear(mw, "upos", res.u) ||
        w5_mwriter_add(mw, "tagdict", res.dict_data, res.dict_size) ||
        w5_mwriter_add(mw, "ambiguity", res.amb_data, res.amb_size) ||
        (res.ncluster &&
         w5_mwriter_add(mw, "cluster.paths", (char *)res.amb_data + res.amb_size,
                        res.ncluster * sizeof(uint32_t))) ||
        w5_mwriter_add(mw, "upos.allowed", res.allowed, sizeof res.allowed))
        goto done;
    if ((rc = w5_lemma_learn(train, mw, err)))
        goto out;
    rc = w5_mwriter_save(mw, out_path, err);
    goto out;
done:
    if (rc)
        rc = w5_fail(err, rc, "training the tagger: %s", w5_strerror(rc));
out:
    w5_mwriter_free(mw);
    core_free(&res);
    free(cl_data);
    return rc;
}
