/*
 * morph_train.c - training the FEATS classifier of morph.c on treebanks:
 * the classes and candidate lists are counted from the training words,
 * the perceptron learns from their gold tags and trees, and the epoch
 * that scores best on dev is written.
 */
#include <stdlib.h>
#include <string.h>

#include "syntax/morph.h"
#include "syntax/syntax_int.h"

/* A word seen at least this often keeps the FEATS it was seen with as
 * its candidates; rarer words get their tag pair's (a verb seen twice,
 * both times after "I", must still agree with "they"). */
#define MORPH_LEX_MIN 5
/* A pair's candidates: the FEATS seen with it at least twice and in at
 * least this share of its words. Rarer ones (NN with Typo=Yes, 0.1%)
 * are hardly ever predicted right and each candidate costs a scoring. */
#define MORPH_PAIR_MIN 2
#define MORPH_PAIR_SHARE 0.002
/* A word's candidates: its FEATS seen at least twice and in this share of
 * its occurrences ("of" is ExtPos=ADP or Typo=Yes once in a hundred) */
#define MORPH_WORD_SHARE 0.01

typedef W5_VEC(char) char_vec;
typedef W5_VEC(uint16_t) u16_vec;

/* The FEATS strings seen, as classes: a string pool, the offsets, and an
 * open-addressing index by hash. */
typedef struct class_table {
    char_vec strs;
    W5_VEC(uint32_t) offs;
    uint32_t slots[4096];       /* class + 1, 0 = empty */
} class_table;

static uint32_t class_find(class_table *t, const char *s, int add)
{
    size_t n = strlen(s), mask = sizeof t->slots / sizeof t->slots[0] - 1;
    size_t at = w5_hash_bytes(s, n, 5) & mask;
    for (; t->slots[at]; at = (at + 1) & mask)
        if (strcmp(t->strs.v + t->offs.v[t->slots[at] - 1], s) == 0)
            return t->slots[at] - 1;
    if (!add || t->offs.n >= mask / 2)
        return UINT32_MAX;
    uint32_t cls = (uint32_t)t->offs.n;
    if (w5_vec_push(&t->offs, (uint32_t)t->strs.n))
        return UINT32_MAX;
    for (size_t k = 0; k <= n; k++)
        if (w5_vec_push(&t->strs, s[k]))
            return UINT32_MAX;
    t->slots[at] = cls + 1;
    return cls;
}

static void class_table_free(class_table *t)
{
    w5_vec_free(&t->strs);
    w5_vec_free(&t->offs);
}

static w5_span word_span(const w5_treebank *tb, const w5_tb_word *w)
{
    w5_span s = {w5_tb_str(tb, w->form), 0};
    s.len = (uint32_t)strlen(s.s);
    return s;
}

static size_t pair_of(const w5_tb_word *w)
{
    return (size_t)w->xpos * W5_UPOS_COUNT + w->upos;
}

/* ---- candidate lists ------------------------------------------------------ */

typedef struct word_class {
    uint64_t key;
    uint32_t cls;
} word_class;

static int by_key_class(const void *a, const void *b)
{
    const word_class *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->cls < y->cls ? -1 : x->cls > y->cls;
}

/* Appends the classes with counts[c] >= min (most frequent first) to
 * cands; returns how many. */
static uint32_t push_frequent(u16_vec *cands, const uint32_t *counts,
                              uint32_t nclass, uint32_t min, int *rc)
{
    uint32_t added = 0;
    for (;;) {
        uint32_t best = UINT32_MAX, best_n = 0;
        for (uint32_t c = 0; c < nclass; c++)
            if (counts[c] >= min && counts[c] > best_n) {
                int dup = 0;
                for (uint32_t k = 0; k < added; k++)
                    dup |= cands->v[cands->n - added + k] == c;
                if (!dup) {
                    best = c;
                    best_n = counts[c];
                }
            }
        if (best == UINT32_MAX)
            return added;
        if (w5_vec_push(cands, (uint16_t)best)) {
            *rc = W5_ERR_NOMEM;
            return added;
        }
        added++;
    }
}

typedef struct lists {
    uint32_t *pairs;            /* W5_MORPH_NPAIR x {offset, count} */
    u16_vec cands;
    W5_VEC(w5_smap_entry) lex;
} lists;

static void lists_free(lists *l)
{
    free(l->pairs);
    w5_vec_free(&l->cands);
    w5_vec_free(&l->lex);
}

static int pair_lists(const w5_treebank *tb, const uint32_t *cls,
                      uint32_t nclass, lists *l)
{
    uint32_t *counts = calloc((size_t)W5_MORPH_NPAIR * nclass, sizeof *counts);
    l->pairs = calloc(2 * W5_MORPH_NPAIR, sizeof *l->pairs);
    int rc = counts && l->pairs ? 0 : W5_ERR_NOMEM;
    for (size_t i = 0; i < tb->words.n && !rc; i++)
        counts[pair_of(&tb->words.v[i]) * nclass + cls[i]]++;
    for (size_t p = 0; p < W5_MORPH_NPAIR && !rc; p++) {
        l->pairs[2 * p] = (uint32_t)l->cands.n;
        size_t total = 0;
        for (uint32_t c = 0; c < nclass; c++)
            total += counts[p * nclass + c];
        uint32_t min = (uint32_t)((double)total * MORPH_PAIR_SHARE);
        uint32_t n = push_frequent(&l->cands, counts + p * nclass, nclass,
                                   min > MORPH_PAIR_MIN ? min : MORPH_PAIR_MIN, &rc);
        if (n == 0) /* each seen once only: all of them */
            n = push_frequent(&l->cands, counts + p * nclass, nclass, 1, &rc);
        l->pairs[2 * p + 1] = n;
    }
    free(counts);
    return rc;
}

/* The words seen MORPH_LEX_MIN times with a pair keep their own
 * candidates. */
static int word_lists(const w5_treebank *tb, const uint32_t *cls,
                      uint32_t nclass, lists *l)
{
    word_class *wc = malloc((tb->words.n + 1) * sizeof *wc);
    uint32_t *counts = calloc(nclass, sizeof *counts);
    if (!wc || !counts) {
        free(wc);
        free(counts);
        return W5_ERR_NOMEM;
    }
    for (size_t i = 0; i < tb->words.n; i++) {
        const w5_tb_word *w = &tb->words.v[i];
        w5_span s = word_span(tb, w);
        wc[i].key = w5_morph_word_key(&s, w->xpos, w->upos);
        wc[i].cls = cls[i];
    }
    qsort(wc, tb->words.n, sizeof *wc, by_key_class);
    int rc = 0;
    for (size_t a = 0, b; a < tb->words.n && !rc; a = b) {
        for (b = a; b < tb->words.n && wc[b].key == wc[a].key; b++)
            counts[wc[b].cls]++;
        if (b - a >= MORPH_LEX_MIN) {
            uint32_t off = (uint32_t)l->cands.n;
            uint32_t min = (uint32_t)((double)(b - a) * MORPH_WORD_SHARE);
            uint32_t n = push_frequent(&l->cands, counts, nclass, min > 2 ? min : 2, &rc);
            w5_smap_entry e = {wc[a].key, off, n};
            if (!rc && n > 0 && w5_vec_push(&l->lex, e))
                rc = W5_ERR_NOMEM;
        }
        for (size_t k = a; k < b; k++)
            counts[wc[k].cls] = 0;
    }
    free(wc);
    free(counts);
    return rc;
}

/* ---- the model in memory ------------------------------------------------- */

/* A model over the lists (copied) and lin (taken), to score dev. */
static int build_model(const class_table *ct, const lists *l, w5_linear *lin,
                       w5_morph **out)
{
    w5_morph *m = calloc(1, sizeof *m);
    if (!m) {
        w5_linear_free(lin);    /* taken over, as on success */
        return W5_ERR_NOMEM;
    }
    m->lin = lin;
    m->nclass = (uint32_t)ct->offs.n;
    m->names = malloc(m->nclass * sizeof *m->names);
    void *pairs = malloc(2 * W5_MORPH_NPAIR * sizeof(uint32_t));
    void *cands = malloc(l->cands.n * sizeof(uint16_t) + 1);
    void *lex = NULL;
    size_t lex_size = 0;
    m->owned[0] = pairs;
    m->owned[1] = cands;
    if (!m->names || !pairs || !cands ||
        w5_smap_build(l->lex.v, l->lex.n, &lex, &lex_size)) {
        w5_morph_free(m);
        return W5_ERR_NOMEM;
    }
    m->owned[2] = lex;
    for (uint32_t c = 0; c < m->nclass; c++)
        m->names[c] = ct->strs.v + ct->offs.v[c];
    memcpy(pairs, l->pairs, 2 * W5_MORPH_NPAIR * sizeof(uint32_t));
    memcpy(cands, l->cands.v, l->cands.n * sizeof(uint16_t));
    m->pair_cands = pairs;
    m->cands = cands;
    m->ncands = (uint32_t)l->cands.n;
    if (w5_smap_view(lex, lex_size, &m->lex)) {
        w5_morph_free(m);
        return W5_ERR_FORMAT;
    }
    *out = m;
    return 0;
}

/* ---- sentences ------------------------------------------------------------- */

/* A treebank sentence as morph input (gold tags and tree). */
typedef struct sent_buf {
    W5_VEC(w5_span) words;
    W5_VEC(uint8_t) tags;       /* xpos, upos, deprel: 3 x n */
    W5_VEC(int32_t) heads;
    W5_VEC(morph_ctx) ctx;
} sent_buf;

static void sent_buf_free(sent_buf *b)
{
    w5_vec_free(&b->words);
    w5_vec_free(&b->tags);
    w5_vec_free(&b->heads);
    w5_vec_free(&b->ctx);
}

static int load_sentence(const w5_treebank *tb, const w5_tb_sent *s,
                         sent_buf *b, w5_morph_input *in)
{
    size_t n = s->word_end - s->word_begin;
    b->words.n = b->tags.n = b->heads.n = b->ctx.n = 0;
    if (w5_vec_reserve(&b->words, n + 1) || w5_vec_reserve(&b->tags, 3 * n + 1) ||
        w5_vec_reserve(&b->heads, n + 1) || w5_vec_reserve(&b->ctx, n + 1))
        return W5_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) {
        const w5_tb_word *w = &tb->words.v[s->word_begin + i];
        b->words.v[i] = word_span(tb, w);
        b->tags.v[i] = w->xpos;
        b->tags.v[n + i] = w->upos;
        b->tags.v[2 * n + i] = w->deprel;
        b->heads.v[i] = w->head > 0 && (size_t)w->head <= n ? w->head - 1 : -1;
    }
    *in = (w5_morph_input){b->words.v, b->tags.v, b->tags.v + n, b->heads.v,
                           b->tags.v + 2 * n, n};
    w5_morph_context(in->words, in->heads, in->deprels, n, b->ctx.v);
    return 0;
}

/* *acc = FEATS accuracy (percent) of m on the gold tags and trees of tb;
 * 0 or W5_ERR_NOMEM. */
static int score_dev(const w5_morph *m, const w5_treebank *tb, const uint32_t *cls,
                     sent_buf *b, double *acc)
{
    size_t right = 0;
    for (size_t si = 0; si < tb->sents.n; si++) {
        const w5_tb_sent *s = &tb->sents.v[si];
        w5_morph_input in;
        if (load_sentence(tb, s, b, &in))
            return W5_ERR_NOMEM;
        for (size_t i = 0; i < in.n; i++)
            right += w5_morph_predict(m, &in, b->ctx.v, i) == cls[s->word_begin + i];
    }
    *acc = tb->words.n ? 100.0 * (double)right / (double)tb->words.n : 0;
    return 0;
}

/* One perceptron step on word i; returns 1 when it was wrong. */
static int train_word(w5_ap *ap, const w5_morph *lists_only,
                      const w5_morph_input *in, const morph_ctx *ctx, size_t i,
                      uint32_t truth, int *rc)
{
    uint32_t ncand;
    const uint16_t *cand = w5_morph_candidates(lists_only, &in->words[i], in->xpos[i],
                                               in->upos[i], &ncand);
    int in_list = 0;
    for (uint32_t k = 0; k < ncand; k++)
        in_list |= cand[k] == truth;
    if (ncand < 2 || !in_list)
        return 0;
    uint64_t f[W5_MORPH_MAX_FEATS], conj[W5_MORPH_MAX_FEATS];
    size_t nf = w5_morph_features(in, ctx, i, f);
    uint32_t guess = cand[0];
    float best = 0;
    for (uint32_t k = 0; k < ncand; k++) {
        float s;
        w5_ap_score(ap, conj, w5_morph_conjoin(f, nf, cand[k], conj), &s);
        if (k == 0 || s > best) {
            best = s;
            guess = cand[k];
        }
    }
    w5_ap_tick(ap);
    if (guess == truth)
        return 0;
    if (w5_ap_add(ap, conj, w5_morph_conjoin(f, nf, truth, conj), 0, 1.0f) ||
        w5_ap_add(ap, conj, w5_morph_conjoin(f, nf, guess, conj), 0, -1.0f))
        *rc = W5_ERR_NOMEM;
    return 1;
}

static int train_epoch(w5_ap *ap, const w5_morph *lists_only,
                       const w5_treebank *tb, const uint32_t *cls,
                       const uint32_t *order, sent_buf *b, double *acc)
{
    size_t wrong = 0;
    int rc = 0;
    for (size_t k = 0; k < tb->sents.n && !rc; k++) {
        const w5_tb_sent *s = &tb->sents.v[order[k]];
        w5_morph_input in;
        if ((rc = load_sentence(tb, s, b, &in)))
            break;
        for (size_t i = 0; i < in.n && !rc; i++)
            wrong += (size_t)train_word(ap, lists_only, &in, b->ctx.v, i,
                                        cls[s->word_begin + i], &rc);
    }
    *acc = tb->words.n ? 100.0 * (1.0 - (double)wrong / (double)tb->words.n) : 0;
    return rc;
}

/* ---- writing --------------------------------------------------------------- */

static int save_model(const w5_morph *m, const lists *l, const char *path,
                      w5_error *err)
{
    w5_mwriter *w = w5_mwriter_new("morph");
    void *lex = NULL;
    size_t lex_size = 0;
    int rc = w ? 0 : W5_ERR_NOMEM;
    if (!rc)
        rc = w5_mwriter_add_strings(w, "names", m->names, m->nclass);
    if (!rc)
        rc = w5_mwriter_add(w, "pairs", l->pairs, 2 * W5_MORPH_NPAIR * sizeof(uint32_t));
    if (!rc)
        rc = w5_mwriter_add(w, "cands", l->cands.v, l->cands.n * sizeof(uint16_t));
    if (!rc)
        rc = w5_smap_build(l->lex.v, l->lex.n, &lex, &lex_size) ? W5_ERR_NOMEM : 0;
    if (!rc)
        rc = w5_mwriter_add(w, "lex", lex, lex_size);
    if (!rc)
        rc = w5_mwriter_add_linear(w, "morph", m->lin);
    if (!rc)
        rc = w5_mwriter_save(w, path, err);
    else
        w5_fail(err, rc, "%s: %s", path, w5_strerror(rc));
    free(lex);
    w5_mwriter_free(w);
    return rc;
}

/* ---- training -------------------------------------------------------------- */

void w5_shuffle(uint32_t *order, size_t n, uint64_t *state); /* tagger_train.c */

/* The class of every word of tb (UINT32_MAX for FEATS never seen in
 * training when add is 0). */
static int word_classes(const w5_treebank *tb, class_table *ct, int add,
                        uint32_t **out)
{
    uint32_t *cls = malloc((tb->words.n + 1) * sizeof *cls);
    if (!cls)
        return W5_ERR_NOMEM;
    for (size_t i = 0; i < tb->words.n; i++) {
        cls[i] = class_find(ct, w5_tb_str(tb, tb->words.v[i].feats), add);
        if (add && cls[i] == UINT32_MAX) {
            free(cls);
            return W5_ERR_TOO_LARGE;
        }
    }
    *out = cls;
    return 0;
}

int w5_morph_train(const w5_treebank *train, const w5_treebank *dev,
                   const w5_train_opts *opts, const char *out_path,
                   w5_error *err)
{
    class_table *ct = calloc(1, sizeof *ct);
    lists l = {0};
    sent_buf b = {0};
    uint32_t *train_cls = NULL, *dev_cls = NULL, *order = NULL;
    w5_ap *ap = NULL;
    w5_morph *best = NULL, *lists_only = NULL;
    double best_dev = -1;
    int rc = ct ? 0 : W5_ERR_NOMEM;
    if (!rc && class_find(ct, "_", 1) != 0)
        rc = W5_ERR_NOMEM;
    if (!rc)
        rc = word_classes(train, ct, 1, &train_cls);
    if (!rc)
        rc = word_classes(dev, ct, 0, &dev_cls);
    uint32_t nclass = ct ? (uint32_t)ct->offs.n : 0;
    if (!rc)
        rc = pair_lists(train, train_cls, nclass, &l);
    if (!rc)
        rc = word_lists(train, train_cls, nclass, &l);
    w5_linear *empty = NULL;
    /* pruning measured on EWT dev: 0.5 / 2 updates 97.51 (0.9 MB), 0.2 / 1
     * 97.42 (2.5 MB), 1.0 / 3 96.98 */
    w5_compile_opts copts = {opts->min_weight > 0 ? opts->min_weight : 0.5f,
                             opts->min_updates ? opts->min_updates : 2};
    if (!rc && !(ap = w5_ap_new(1)))
        rc = W5_ERR_NOMEM;
    if (!rc && !(rc = w5_ap_compile(ap, &copts, &empty)))
        rc = build_model(ct, &l, empty, &lists_only);
    order = rc ? NULL : malloc((train->sents.n + 1) * sizeof *order);
    if (!rc && !order)
        rc = W5_ERR_NOMEM;
    for (size_t k = 0; !rc && k < train->sents.n; k++)
        order[k] = (uint32_t)k;
    uint64_t seed = opts->seed ? opts->seed : 1;
    int epochs = opts->epochs > 0 ? opts->epochs : 6;
    for (int e = 0; e < epochs && !rc; e++) {
        double acc;
        w5_shuffle(order, train->sents.n, &seed);
        if ((rc = train_epoch(ap, lists_only, train, train_cls, order, &b, &acc)))
            break;
        w5_linear *lin;
        w5_morph *m = NULL;
        if ((rc = w5_ap_compile(ap, &copts, &lin)) ||
            (rc = build_model(ct, &l, lin, &m)))
            break;
        double dev_acc = 0;
        if (dev->words.n && (rc = score_dev(m, dev, dev_cls, &b, &dev_acc))) {
            w5_morph_free(m);
            break;
        }
        int better = dev_acc >= best_dev || !dev->words.n;
        if (better) {
            w5_morph_free(best);
            best = m;
            best_dev = dev_acc;
        } else {
            w5_morph_free(m);
        }
        if (opts->progress)
            opts->progress(e + 1, epochs, acc, dev_acc, 0, better, opts->ctx);
    }
    if (!rc && !best)
        rc = W5_ERR_INVALID;
    if (!rc)
        rc = save_model(best, &l, out_path, err);
    else
        w5_fail(err, rc, "training morph: %s", w5_strerror(rc));
    w5_morph_free(best);
    w5_morph_free(lists_only);
    w5_ap_free(ap);
    free(order);
    free(train_cls);
    free(dev_cls);
    lists_free(&l);
    sent_buf_free(&b);
    if (ct)
        class_table_free(ct);
    free(ct);
    return rc;
}
