/*
 * train.c - training the NER model: a structured averaged perceptron
 * (Viterbi decoding, an update on every wrong token) over shuffled
 * documents (fixed seed), early stopping on the dev set's phrase F1, then
 * a second stage on 4-fold jackknifed first-stage labels, pruning, and
 * quantisation into the model file.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "input/conll.h"
#include "learn/linear.h"
#include "ner/ner_int.h"

typedef struct ner_docspan {
    size_t tok_begin, tok_end;
    size_t sent_begin, sent_end;  /* into corpus.sent_end */
    int lowered;                  /* ner_is_lowered() */
} ner_docspan;

/* A labelled corpus with every token's static features computed once. */
typedef struct ner_corpus {
    w5_conll conll;
    W5_VEC(w5_ner_word) words;
    W5_VEC(uint8_t) gold;
    W5_VEC(uint32_t) sent_end;    /* relative to the document's first token */
    W5_VEC(ner_docspan) docs;
    ner_tok *toks;
    uint32_t *off;
    W5_VEC(uint64_t) feats;
    char *lowered;                /* text of the lower-cased copies */
} ner_corpus;

static void corpus_free(ner_corpus *c)
{
    w5_conll_free(&c->conll);
    w5_vec_free(&c->words);
    w5_vec_free(&c->gold);
    w5_vec_free(&c->sent_end);
    w5_vec_free(&c->docs);
    w5_vec_free(&c->feats);
    free(c->toks);
    free(c->off);
    free(c->lowered);
}

/* Appends a lower-cased copy of every k-th document, so the model also
 * learns names from context in text that lost its capitals. */
static int corpus_add_lowered(ner_corpus *c, size_t every, w5_error *err)
{
    size_t ndocs = c->docs.n, bytes = 0;
    for (size_t d = 0; d < ndocs; d += every)
        for (size_t i = c->docs.v[d].tok_begin; i < c->docs.v[d].tok_end; i++)
            bytes += c->words.v[i].len;
    c->lowered = malloc(bytes ? bytes : 1);
    if (!c->lowered)
        return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    char *p = c->lowered;
    for (size_t d = 0; d < ndocs; d += every) {
        ner_docspan src = c->docs.v[d];
        ner_docspan dst = {c->words.n, c->words.n, c->sent_end.n, c->sent_end.n, 0};
        for (size_t i = src.tok_begin; i < src.tok_end; i++) {
            w5_ner_word w = c->words.v[i];
            for (uint32_t k = 0; k < w.len; k++)
                p[k] = (char)(w.s[k] >= 'A' && w.s[k] <= 'Z' ? w.s[k] + 32 : w.s[k]);
            w.s = p;
            p += w.len;
            if (w5_vec_push(&c->words, w) || w5_vec_push(&c->gold, c->gold.v[i]))
                return w5_fail(err, W5_ERR_NOMEM, "out of memory");
        }
        for (size_t s = src.sent_begin; s < src.sent_end; s++)
            if (w5_vec_push(&c->sent_end, c->sent_end.v[s]))
                return w5_fail(err, W5_ERR_NOMEM, "out of memory");
        dst.tok_end = c->words.n;
        dst.sent_end = c->sent_end.n;
        if (w5_vec_push(&c->docs, dst))
            return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    }
    return W5_OK;
}

#define TRY_PUSH(vec, x)                                     \
    do {                                                     \
        if (w5_vec_push((vec), (x)))                         \
            return w5_fail(err, W5_ERR_NOMEM, "out of memory"); \
    } while (0)

/* Reads a CoNLL file into words, BILOU labels, sentences and documents. */
static int corpus_read(const char *path, ner_corpus *c, w5_error *err)
{
    int rc = w5_conll_read(path, &c->conll, err);
    if (rc)
        return rc;
    const w5_conll *cn = &c->conll;
    size_t pos = 0, docno = 0, last_doc = (size_t)-1;
    w5_conll_sent s;
    int types[1024];
    char parts[1024];
    while (w5_conll_next_sent(cn, &pos, &docno, &s)) {
        if (s.doc != last_doc || !c->docs.n) {
            ner_docspan d = {c->words.n, c->words.n, c->sent_end.n, c->sent_end.n, 0};
            TRY_PUSH(&c->docs, d);
            last_doc = s.doc;
        }
        ner_docspan *d = &c->docs.v[c->docs.n - 1];
        size_t n = s.end - s.begin;
        if (n > 1024)
            return w5_fail(err, W5_ERR_FORMAT, "%s:%u: sentence over 1024 tokens",
                           path, cn->lines.v[s.begin].lineno);
        for (size_t k = 0; k < n; k++) {
            const w5_conll_line *ln = &cn->lines.v[s.begin + k];
            w5_ner_word w = {cn->text + ln->word_start, ln->word_end - ln->word_start};
            TRY_PUSH(&c->words, w);
            ner_parse_tag(cn->text + ln->tag_start, ln->tag_end - ln->tag_start,
                          &types[k], &parts[k]);
        }
        if (w5_vec_reserve(&c->gold, c->gold.n + n))
            return w5_fail(err, W5_ERR_NOMEM, "out of memory");
        ner_tags_to_bilou(types, parts, n, c->gold.v + c->gold.n);
        c->gold.n += n;
        d->tok_end = c->words.n;
        TRY_PUSH(&c->sent_end, (uint32_t)(d->tok_end - d->tok_begin));
        d->sent_end = c->sent_end.n;
    }
    if (!c->words.n)
        return w5_fail(err, W5_ERR_FORMAT, "%s: no tokens", path);
    return W5_OK;
}

/* Computes the tokens' hashes and static features under cfg. */
static int corpus_features(ner_corpus *c, const ner_cfg *cfg,
                           const w5_lexicon *lex, w5_error *err)
{
    size_t n = c->words.n;
    c->toks = malloc(n * sizeof *c->toks);
    c->off = malloc((n + 1) * sizeof *c->off);
    if (!c->toks || !c->off)
        return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++)
        ner_tok_fill(cfg, c->words.v[i].s, c->words.v[i].len, &c->toks[i]);
    for (size_t d = 0; d < c->docs.n; d++) {
        ner_docspan *ds = &c->docs.v[d];
        size_t b = ds->tok_begin;
        ds->lowered = ner_is_lowered(c->words.v + b, ds->tok_end - b);
        for (size_t s = ds->sent_begin; s < ds->sent_end; s++) {
            size_t e = ds->tok_begin + c->sent_end.v[s];
            if (cfg->features & W5_NERF_GAZ)
                ner_gaz_fill(lex, c->words.v, b, e, c->toks);
            int flags = (ner_is_headline(c->words.v, b, e) ? NER_SENT_HEADLINE : 0) |
                        (ds->lowered ? NER_DOC_LOWERED : 0);
            for (size_t i = b; i < e; i++) {
                if (w5_vec_reserve(&c->feats, c->feats.n + NER_MAX_STATIC))
                    return w5_fail(err, W5_ERR_NOMEM, "out of memory");
                c->off[i] = (uint32_t)c->feats.n;
                c->feats.n += ner_static_feats(cfg, c->toks, b, e, i, flags,
                                               c->feats.v + c->feats.n);
            }
            b = e;
        }
    }
    c->off[n] = (uint32_t)c->feats.n;
    return W5_OK;
}

/* Document d of c; prior (second stage) is per corpus token. */
static ner_seq doc_seq(const ner_corpus *c, size_t d, const uint8_t *prior)
{
    const ner_docspan *ds = &c->docs.v[d];
    ner_seq seq = {c->toks + ds->tok_begin, c->feats.v, c->off + ds->tok_begin,
                   ds->tok_end - ds->tok_begin, c->sent_end.v + ds->sent_begin,
                   ds->sent_end - ds->sent_begin, prior ? prior + ds->tok_begin : NULL,
                   ds->lowered, NULL};
    return seq;
}

/* Phrase counts of predicted against gold BILOU labels. */
static void count_phrases(const uint8_t *gold, const uint8_t *pred, size_t n,
                          size_t *ngold, size_t *npred, size_t *ncorrect)
{
    size_t i = 0;
    while (i < n) {
        char gp = w5_ner_label_part(gold[i]), pp = w5_ner_label_part(pred[i]);
        *ngold += gp == 'B' || gp == 'U';
        *npred += pp == 'B' || pp == 'U';
        if ((gp == 'B' || gp == 'U') && gold[i] == pred[i]) {
            size_t j = i;
            int same = 1;
            while (same && w5_ner_label_part(gold[j]) != 'L' &&
                   w5_ner_label_part(gold[j]) != 'U') {
                j++;
                same = j < n && gold[j] == pred[j];
            }
            *ncorrect += same;
        }
        i++;
    }
}

static int evaluate(const ner_cfg *cfg, const w5_linear *lin, const ner_corpus *dev,
                    const uint8_t *prior, uint8_t *pred, double *f1)
{
    size_t ng = 0, np = 0, nc = 0;
    for (size_t d = 0; d < dev->docs.n; d++) {
        ner_seq seq = doc_seq(dev, d, prior);
        uint8_t *out = pred + dev->docs.v[d].tok_begin;
        int rc = ner_decode(cfg, ner_score_linear, lin, &seq, out, NULL, NULL, NULL);
        if (rc)
            return rc;
        count_phrases(dev->gold.v + dev->docs.v[d].tok_begin, out, seq.n, &ng, &np, &nc);
    }
    double p = np ? (double)nc / (double)np : 0, r = ng ? (double)nc / (double)ng : 0;
    *f1 = p + r > 0 ? 200.0 * p * r / (p + r) : 0;
    return W5_OK;
}

/* ---- word clusters file ------------------------------------------------- */

/* Reads "bits<TAB>word[<TAB>count]" lines into an open-addressing table. */
static int read_clusters(const char *path, uint32_t **table, uint32_t *slots,
                         w5_error *err)
{
    char *data = NULL;
    size_t len = 0;
    int rc = w5_read_file(path, &data, &len, err);
    if (rc)
        return rc;
    size_t lines = 1;
    for (size_t i = 0; i < len; i++)
        lines += data[i] == '\n';
    uint32_t n = 64;
    while (n < 2 * lines)
        n *= 2;
    uint32_t *tab = calloc((size_t)n * 2, sizeof *tab);
    if (!tab) {
        free(data);
        return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    }
    size_t words = 0;
    for (char *p = data, *end = data + len; p < end;) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *le = nl ? nl : end;
        char *tab1 = memchr(p, '\t', (size_t)(le - p));
        if (tab1) {
            char *w = tab1 + 1, *we = memchr(w, '\t', (size_t)(le - w));
            if (!we)
                we = le;
            uint32_t path_bits = 0, depth = 0;
            for (char *b = p; b < tab1 && depth < 24; b++) {
                if (*b != '0' && *b != '1')
                    break;
                path_bits = path_bits << 1 | (uint32_t)(*b - '0');
                depth++;
            }
            if (depth && we > w) {
                uint64_t h = ner_hash(w, (size_t)(we - w));
                uint32_t key = ner_cluster_key(h), i = (uint32_t)h & (n - 1);
                while (tab[2 * i] && tab[2 * i] != key)
                    i = (i + 1) & (n - 1);
                tab[2 * i] = key;
                tab[2 * i + 1] = path_bits | depth << 24;
                words++;
            }
        }
        p = le + 1;
    }
    free(data);
    if (!words) {
        free(tab);
        return w5_fail(err, W5_ERR_FORMAT, "%s: no clusters (want bits<TAB>word lines)", path);
    }
    *table = tab;
    *slots = n;
    return W5_OK;
}

/* ---- training ----------------------------------------------------------- */

void w5_ner_train_defaults(w5_ner_train_opts *o)
{
    memset(o, 0, sizeof *o);
    o->epochs = 30;
    o->patience = 6;
    o->seed = 1;
    /* Label history features cost dev F1 here (about 0.4: the BILOU
     * constraints already carry the label sequence), so they are off. */
    o->features = W5_NERF_ALL & ~(unsigned)W5_NERF_HISTORY;
    o->compile.min_weight = 0.0f;
    o->compile.min_updates = 2;
    /* The second stage adds about 0.6 dev F1 for a tenth of the speed
     * (its table shares the first stage's probes). */
    o->stages = 2;
    /* Lower-cased copies of every other document: their features live in a
     * space of their own (see ner_is_lowered), so well-cased text keeps
     * its dev F1 while text without capitals gets names too. */
    o->lowered_every = 2;
}

static uint64_t next_rand(uint64_t *state)
{
    uint64_t x = *state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *state = x;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* A set of 64-bit feature hashes (open addressing, 0 = empty). */
typedef struct hash_set {
    uint64_t *slots;
    size_t mask, n;
    int failed;
} hash_set;

static void set_add(void *ctx, uint64_t h)
{
    hash_set *set = ctx;
    if (set->failed)
        return;
    if (2 * (set->n + 1) > set->mask + 1) {
        size_t cap = (set->mask + 1) * 2;
        uint64_t *s = calloc(cap, sizeof *s);
        if (!s) {
            set->failed = 1;
            return;
        }
        for (size_t i = 0; i <= set->mask; i++) {
            if (!set->slots[i])
                continue;
            size_t j = set->slots[i] & (cap - 1);
            while (s[j])
                j = (j + 1) & (cap - 1);
            s[j] = set->slots[i];
        }
        free(set->slots);
        set->slots = s;
        set->mask = cap - 1;
    }
    h = h ? h : 1;
    size_t i = h & set->mask;
    while (set->slots[i] && set->slots[i] != h)
        i = (i + 1) & set->mask;
    if (!set->slots[i]) {
        set->slots[i] = h;
        set->n++;
    }
}

/* The merged table of a two-stage model: every feature the decoder can
 * make from the training tokens that has a weight in either stage. */
typedef struct merged_build {
    W5_VEC(uint32_t) slots;
    W5_VEC(int16_t) w;
    ner_merged_meta meta;
} merged_build;

static int build_merged(const ner_corpus *train, const w5_linear *lin1,
                        const w5_linear *lin2, merged_build *mb, w5_error *err)
{
    hash_set set = {calloc(1024, sizeof(uint64_t)), 1023, 0, 0}, shapes = set;
    shapes.slots = calloc(1024, sizeof(uint64_t));
    float *rows = NULL;
    uint64_t *keys = NULL;
    int rc = W5_OK;
    if (!set.slots || !shapes.slots)
        goto nomem;
    for (size_t k = 0; k < train->feats.n; k++)
        set_add(&set, train->feats.v[k]);
    for (size_t i = 0; i < train->words.n; i++)
        set_add(&shapes, train->toks[i].sshape);
    W5_VEC(uint64_t) ss = {0};
    for (size_t i = 0; i <= shapes.mask; i++)
        if (shapes.slots[i] && w5_vec_push(&ss, shapes.slots[i]))
            shapes.failed = 1;
    ner_enum_dyn(ss.v, ss.n, set_add, &set);
    w5_vec_free(&ss);
    if (set.failed || shapes.failed)
        goto nomem;
    rows = malloc(set.n * NER_MROW * sizeof *rows);
    keys = malloc(set.n * sizeof *keys);
    if (!rows || !keys)
        goto nomem;
    size_t nrows = 0;
    float max_abs = 0;
    for (size_t i = 0; i <= set.mask; i++) {
        if (!set.slots[i])
            continue;
        float *r = rows + nrows * NER_MROW;
        w5_linear_score(lin1, &set.slots[i], 1, r);
        w5_linear_score(lin2, &set.slots[i], 1, r + W5_NER_NLABELS);
        float row_max = 0;
        for (int c = 0; c < NER_MROW; c++)
            row_max = fmaxf(row_max, fabsf(r[c]));
        if (row_max == 0)
            continue;
        max_abs = fmaxf(max_abs, row_max);
        keys[nrows++] = set.slots[i];
    }
    uint32_t nslots = 64;
    while (nslots < 2 * nrows)
        nslots *= 2;
    float scale = max_abs > 0 ? max_abs / 32767.0f : 1.0f;
    if (w5_vec_reserve(&mb->slots, (size_t)nslots * 2) ||
        w5_vec_reserve(&mb->w, (nrows ? nrows : 1) * NER_MSTRIDE))
        goto nomem;
    memset(mb->slots.v, 0, (size_t)nslots * 2 * sizeof *mb->slots.v);
    mb->slots.n = (size_t)nslots * 2;
    for (size_t r = 0; r < nrows; r++) {
        size_t i = keys[r] & (nslots - 1);
        while (mb->slots.v[2 * i])
            i = (i + 1) & (nslots - 1);
        mb->slots.v[2 * i] = w5_linear_key32(keys[r]);
        mb->slots.v[2 * i + 1] = (uint32_t)r;
        int16_t *dst = mb->w.v + r * NER_MSTRIDE;
        for (int c = 0; c < NER_MSTRIDE; c++)
            dst[c] = c < NER_MROW ? (int16_t)lrintf(rows[r * NER_MROW + (size_t)c] / scale) : 0;
    }
    mb->w.n = nrows * NER_MSTRIDE;
    mb->meta.nslots = nslots;
    mb->meta.nrows = (uint32_t)nrows;
    mb->meta.scale = scale;
    goto done;
nomem:
    rc = w5_fail(err, W5_ERR_NOMEM, "out of memory");
done:
    free(set.slots);
    free(shapes.slots);
    free(rows);
    free(keys);
    return rc;
}

static int save_model(const char *path, const ner_cfg *cfg, uint32_t slots,
                      const w5_linear *lin, const w5_linear *lin2,
                      const ner_corpus *train, w5_error *err)
{
    merged_build mb;
    memset(&mb, 0, sizeof mb);
    if (lin2) {
        int rc = build_merged(train, lin, lin2, &mb, err);
        if (rc) {
            w5_vec_free(&mb.slots);
            w5_vec_free(&mb.w);
            return rc;
        }
    }
    ner_config_rec rec = {.version = NER_CONFIG_VERSION, .features = cfg->features,
                          .nlabels = W5_NER_NLABELS, .cluster_slots = slots,
                          .stages = lin2 ? 2 : 1};
    w5_mwriter *w = w5_mwriter_new("ner");
    if (!w) {
        w5_vec_free(&mb.slots);
        w5_vec_free(&mb.w);
        return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    }
    int rc = w5_mwriter_add(w, "config", &rec, sizeof rec);
    if (!rc && slots)
        rc = w5_mwriter_add(w, "clusters", cfg->clusters, (size_t)slots * 8);
    if (!rc && !lin2)
        rc = w5_mwriter_add_linear(w, "lin", lin);
    if (!rc && lin2)
        rc = w5_mwriter_add(w, "merged.meta", &mb.meta, sizeof mb.meta);
    if (!rc && lin2)
        rc = w5_mwriter_add(w, "merged.keys", mb.slots.v, mb.slots.n * sizeof *mb.slots.v);
    if (!rc && lin2)
        rc = w5_mwriter_add(w, "merged.w", mb.w.v, mb.w.n * sizeof *mb.w.v);
    w5_vec_free(&mb.slots);
    w5_vec_free(&mb.w);
    if (rc) {
        w5_mwriter_free(w);
        return w5_fail(err, rc, "cannot build the model file");
    }
    rc = w5_mwriter_save(w, path, err);
    w5_mwriter_free(w);
    return rc;
}

/* What one training run of one stage works on. */
typedef struct stage_job {
    const w5_ner_train_opts *o;
    const ner_cfg *cfg;
    const ner_corpus *train, *dev;  /* dev NULL: no early stopping */
    const uint8_t *train_prior, *dev_prior;
    const size_t *docs;             /* training documents */
    size_t ndocs;
    int epochs;
    int stage;                      /* for progress reports */
    uint64_t seed;
} stage_job;

/* Trains one model; *best gets the best epoch's compiled model (the last
 * one without a dev set). */
static int train_stage(const stage_job *job, w5_linear **best, int *best_epoch,
                       double *best_f1, w5_error *err)
{
    const ner_corpus *train = job->train;
    w5_ap *ap = w5_ap_new(W5_NER_NLABELS);
    uint8_t *pred = malloc(train->words.n);
    uint8_t *dev_pred = job->dev ? malloc(job->dev->words.n) : NULL;
    size_t *order = malloc((job->ndocs ? job->ndocs : 1) * sizeof *order);
    int rc = W5_OK;
    *best = NULL;
    *best_epoch = 0;
    *best_f1 = -1;
    if (!ap || !pred || (job->dev && !dev_pred) || !order) {
        rc = w5_fail(err, W5_ERR_NOMEM, "out of memory");
        goto done;
    }
    memcpy(order, job->docs, job->ndocs * sizeof *order);
    uint64_t rng = job->seed * 0x9E3779B97F4A7C15ull + 0x632BE59BD9B4E019ull;
    int since_best = 0;
    size_t ntok = 0;
    for (size_t k = 0; k < job->ndocs; k++)
        ntok += train->docs.v[order[k]].tok_end - train->docs.v[order[k]].tok_begin;
    for (int epoch = 1; epoch <= job->epochs; epoch++) {
        double t0 = now_seconds();
        for (size_t d = job->ndocs; d > 1; d--) {
            size_t j = (size_t)(next_rand(&rng) % d);
            size_t tmp = order[d - 1];
            order[d - 1] = order[j];
            order[j] = tmp;
        }
        size_t correct = 0;
        for (size_t k = 0; k < job->ndocs; k++) {
            size_t d = order[k], ok = 0;
            ner_seq seq = doc_seq(train, d, job->train_prior);
            rc = ner_decode(job->cfg, ner_score_ap, ap, &seq,
                            pred + train->docs.v[d].tok_begin,
                            train->gold.v + train->docs.v[d].tok_begin, ap, &ok);
            if (rc) {
                rc = w5_fail(err, rc, "out of memory while training");
                goto done;
            }
            correct += ok;
        }
        int last = epoch == job->epochs;
        if (!job->dev && !last)
            continue;
        w5_linear *lin = NULL;
        double f1 = -1;
        if ((rc = w5_ap_compile(ap, &job->o->compile, &lin)) ||
            (job->dev && (rc = evaluate(job->cfg, lin, job->dev, job->dev_prior, dev_pred, &f1)))) {
            w5_linear_free(lin);
            rc = w5_fail(err, rc, "out of memory while compiling");
            goto done;
        }
        if (job->o->progress)
            job->o->progress(job->o->progress_ctx, job->stage, epoch,
                             100.0 * (double)correct / (double)(ntok ? ntok : 1), f1,
                             w5_linear_feature_count(lin), now_seconds() - t0);
        if (!*best || f1 > *best_f1) {
            w5_linear_free(*best);
            *best = lin;
            *best_f1 = f1;
            *best_epoch = epoch;
            since_best = 0;
        } else {
            w5_linear_free(lin);
            if (++since_best >= job->o->patience)
                break;
        }
    }
done:
    if (rc) {
        w5_linear_free(*best);
        *best = NULL;
    }
    w5_ap_free(ap);
    free(pred);
    free(dev_pred);
    free(order);
    return rc;
}

/* Labels of the documents docs[] of c by lin, into out (per token). */
static int predict(const ner_cfg *cfg, const w5_linear *lin, const ner_corpus *c,
                   const size_t *docs, size_t ndocs, uint8_t *out)
{
    for (size_t k = 0; k < ndocs; k++) {
        size_t d = docs ? docs[k] : k;
        ner_seq seq = doc_seq(c, d, NULL);
        int rc = ner_decode(cfg, ner_score_linear, lin, &seq, out + c->docs.v[d].tok_begin,
                            NULL, NULL, NULL);
        if (rc)
            return rc;
    }
    return W5_OK;
}

#define NER_FOLDS 4

/* First-stage labels of the training set as a model that never saw them
 * would give (4-fold jackknife), so the second stage learns how far to
 * trust them. */
static int jackknife(const w5_ner_train_opts *o, const ner_cfg *cfg, const ner_corpus *train,
                     int epochs, uint8_t *prior, w5_error *err)
{
    size_t n = train->docs.n, *in = malloc(n * sizeof *in), *out = malloc(n * sizeof *out);
    int rc = W5_OK;
    if (!in || !out) {
        rc = w5_fail(err, W5_ERR_NOMEM, "out of memory");
        goto done;
    }
    for (int f = 0; f < NER_FOLDS && !rc; f++) {
        size_t nin = 0, nout = 0;
        for (size_t d = 0; d < n; d++) {
            if ((int)(d % NER_FOLDS) == f)
                out[nout++] = d;
            else
                in[nin++] = d;
        }
        stage_job job = {o, cfg, train, NULL, NULL, NULL, in, nin, epochs, 10 + f,
                         o->seed + 1 + (uint64_t)f};
        w5_linear *lin = NULL;
        int best_epoch;
        double f1;
        if ((rc = train_stage(&job, &lin, &best_epoch, &f1, err)))
            break;
        if (predict(cfg, lin, train, out, nout, prior))
            rc = w5_fail(err, W5_ERR_NOMEM, "out of memory");
        w5_linear_free(lin);
    }
done:
    free(in);
    free(out);
    return rc;
}

int w5_ner_train(const w5_ner_train_opts *o, const char *out_path,
                 w5_ner_train_result *res, w5_error *err)
{
    ner_corpus train, dev;
    memset(&train, 0, sizeof train);
    memset(&dev, 0, sizeof dev);
    w5_lexicon *lex = NULL;
    uint32_t *clusters = NULL, slots = 0;
    w5_linear *lin1 = NULL, *lin2 = NULL;
    uint8_t *train_prior = NULL, *dev_prior = NULL;
    size_t *all = NULL;
    ner_cfg cfg = {.features = o->features & W5_NERF_ALL};
    int rc;
    memset(res, 0, sizeof *res);
    if ((rc = corpus_read(o->train_path, &train, err)) ||
        (rc = corpus_read(o->dev_path, &dev, err)))
        goto done;
    if (o->lowered_every && (rc = corpus_add_lowered(&train, (size_t)o->lowered_every, err)))
        goto done;
    if (o->lexicon_path && (cfg.features & W5_NERF_GAZ)) {
        if ((rc = w5_lexicon_load(o->lexicon_path, &lex, err)))
            goto done;
    } else {
        cfg.features &= ~(unsigned)W5_NERF_GAZ;
    }
    if (o->clusters_path && (cfg.features & W5_NERF_CLUSTERS)) {
        if ((rc = read_clusters(o->clusters_path, &clusters, &slots, err)))
            goto done;
        cfg.clusters = clusters;
        cfg.cluster_mask = slots - 1;
    } else {
        cfg.features &= ~(unsigned)W5_NERF_CLUSTERS;
    }
    if ((rc = corpus_features(&train, &cfg, lex, err)) ||
        (rc = corpus_features(&dev, &cfg, lex, err)))
        goto done;
    all = malloc(train.docs.n * sizeof *all);
    if (!all) {
        rc = w5_fail(err, W5_ERR_NOMEM, "out of memory");
        goto done;
    }
    for (size_t d = 0; d < train.docs.n; d++)
        all[d] = d;
    stage_job job1 = {o, &cfg, &train, &dev, NULL, NULL, all, train.docs.n,
                      o->epochs, 1, o->seed};
    if ((rc = train_stage(&job1, &lin1, &res->best_epoch, &res->dev_f1, err)))
        goto done;
    res->features = w5_linear_feature_count(lin1);
    if (o->stages >= 2) {
        train_prior = malloc(train.words.n);
        dev_prior = malloc(dev.words.n);
        if (!train_prior || !dev_prior) {
            rc = w5_fail(err, W5_ERR_NOMEM, "out of memory");
            goto done;
        }
        if ((rc = jackknife(o, &cfg, &train, res->best_epoch, train_prior, err)))
            goto done;
        if (predict(&cfg, lin1, &dev, NULL, dev.docs.n, dev_prior)) {
            rc = w5_fail(err, W5_ERR_NOMEM, "out of memory");
            goto done;
        }
        stage_job job2 = {o, &cfg, &train, &dev, train_prior, dev_prior, all, train.docs.n,
                          o->epochs, 2, o->seed + 100};
        int epoch2;
        double f1;
        if ((rc = train_stage(&job2, &lin2, &epoch2, &f1, err)))
            goto done;
        res->stage1_f1 = res->dev_f1;
        res->dev_f1 = f1;
        res->best_epoch = epoch2;
        res->features += w5_linear_feature_count(lin2);
    }
    rc = save_model(out_path, &cfg, slots, lin1, lin2, &train, err);
done:
    corpus_free(&train);
    corpus_free(&dev);
    w5_lexicon_free(lex);
    free(clusters);
    w5_linear_free(lin1);
    w5_linear_free(lin2);
    free(train_prior);
    free(dev_prior);
    free(all);
    return rc;
}
