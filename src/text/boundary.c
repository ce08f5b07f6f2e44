/*
 * boundary.c - the learned sentence-boundary model (see text.h).
 *
 * Each gap between two tokens that has whitespace, that the rules did not
 * split and whose next token could start a sentence is one binary
 * decision. Its features are hashed strings: the
 * words on each side (lower-cased) and one further out, their shapes
 * ("Xx", "dd/dd/dddd", ":"), pairs of these, the length of the rule
 * sentence so far, and whether a line break lies in the gap. The model
 * is the shared averaged perceptron (src/learn), stored compact in
 * models/segment.w5m together with its threshold.
 */
#include <stdlib.h>
#include <string.h>

#include "learn/learn.h"
#include "learn/linear.h"
#include "text/text.h"

#define MODEL_STAGE "segment"
#define MAX_FEATS 28

/* One slot of the model's hash table with the feature's two weights
 * beside its key: a lookup is one load instead of a slot and then its
 * weight row (the table is built from lin when the model is made). */
typedef struct packed_slot {
    uint32_t key;
    int16_t w[2];
} packed_slot;

/* The three features of a gap that depend only on the lengths of the
 * sentences around it (the bias, the length so far, both lengths): 8
 * buckets before, 8 after, and whether the sentence starts a paragraph
 * make 128 cases, whose weights are summed once when the model is made
 * instead of looked up at every gap. */
enum { LENGTH_CASES = 8 * 8 * 2 };

struct w5_boundary_model {
    w5_mfile *mf;       /* NULL for a model trained in memory */
    w5_linear *lin;
    packed_slot *packed; /* lin's slots and weights, lin->meta.nslots */
    int32_t lengths[LENGTH_CASES][2]; /* see length_case() */
    float threshold;   /* margin to add a boundary in a gap */
};

static void sum_length_weights(w5_boundary_model *m);

/* Builds m->packed from m->lin (a two-class model). */
static int pack_slots(w5_boundary_model *m)
{
    const w5_linear *lin = m->lin;
    size_t nslots = lin->meta.nslots;
    m->packed = malloc(nslots * sizeof *m->packed);
    if (!m->packed)
        return W5_ERR_NOMEM;
    for (size_t i = 0; i < nslots; i++) {
        packed_slot p = {lin->slots[i].key, {0, 0}};
        if (p.key) {
            const int16_t *w = lin->w + (size_t)lin->slots[i].row * 2;
            p.w[0] = w[0];
            p.w[1] = w[1];
        }
        m->packed[i] = p;
    }
    sum_length_weights(m);
    return W5_OK;
}

void w5_boundary_model_free(w5_boundary_model *m)
{
    if (!m)
        return;
    free(m->packed);
    w5_linear_free(m->lin);
    w5_mfile_close(m->mf);
    free(m);
}

float w5_boundary_model_threshold(const w5_boundary_model *m)
{
    return m->threshold;
}

void w5_boundary_model_set_threshold(w5_boundary_model *m, float t)
{
    m->threshold = t;
}

int w5_boundary_model_load(const char *path, w5_boundary_model **out,
                           w5_error *err)
{
    *out = NULL;
    w5_boundary_model *m = calloc(1, sizeof *m);
    if (!m)
        return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    int rc = w5_mfile_open(path, MODEL_STAGE, &m->mf, err);
    if (!rc)
        rc = w5_mfile_linear(m->mf, "boundary", &m->lin, err);
    size_t size = 0;
    const void *th = rc ? NULL : w5_mfile_section(m->mf, "threshold", &size);
    if (!rc && (!th || size != sizeof(float)))
        rc = w5_fail(err, W5_ERR_FORMAT, "%s: no threshold section", path);
    if (!rc && w5_linear_nclass(m->lin) != 2)
        rc = w5_fail(err, W5_ERR_FORMAT, "%s: not a two-class model", path);
    if (!rc && pack_slots(m))
        rc = w5_fail(err, W5_ERR_NOMEM, "out of memory");
    if (rc) {
        w5_boundary_model_free(m);
        return rc;
    }
    memcpy(&m->threshold, th, sizeof(float));
    *out = m;
    return W5_OK;
}

int w5_boundary_model_save(const w5_boundary_model *m, const char *path,
                           w5_error *err)
{
    w5_mwriter *w = w5_mwriter_new(MODEL_STAGE);
    if (!w)
        return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    int rc = w5_mwriter_add_linear(w, "boundary", m->lin);
    if (!rc)
        rc = w5_mwriter_add(w, "threshold", &m->threshold, sizeof(float));
    if (rc)
        rc = w5_fail(err, rc, "cannot build the model file");
    else
        rc = w5_mwriter_save(w, path, err);
    w5_mwriter_free(w);
    return rc;
}

/* ---- features --------------------------------------------------------- */

/* Per token, the hashes of its lower-cased text and of its shape, so
 * that each gap's features are a few hash mixes. */
typedef struct tok_hash {
    uint64_t word, shape;
} tok_hash;

/* The hashes of the few tokens around the current gap, computed when
 * first needed: a small direct-mapped cache keyed by token index (the
 * gaps are visited in order, so each token is hashed about once). */
typedef struct hash_cache {
    size_t key[8];    /* token index + 1; 0 = empty */
    tok_hash h[8];
    tok_hash edge;    /* before the first and after the last token */
} hash_cache;

static void hash_cache_init(hash_cache *c)
{
    memset(c, 0, sizeof *c);
    c->edge.word = w5_hash_bytes("<>", 2, 1);
    c->edge.shape = w5_hash_bytes("<>", 2, 2);
}

/* w5_hash_bytes, one byte at a time (FNV-1a), and its final mix: the
 * word and shape hashes of a token are taken in one pass over its bytes,
 * their two multiply chains side by side. */
enum { WORD_CAP = 24, SHAPE_CAP = 8 };
#define FNV_BASIS 0xCBF29CE484222325ull
#define FNV_STEP(h, b) (((h) ^ (uint8_t)(b)) * 0x100000001B3ull)

static uint64_t fnv_final(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xC4CEB9FE1A85EC53ull;
    h ^= h >> 33;
    return h;
}

/* The same as hashing token_word (cap WORD_CAP) with seed 1 and
 * token_shape (cap SHAPE_CAP) with seed 2. */
static tok_hash hash_token(const w5_doc *doc, const w5_tok *t)
{
    const unsigned char *s = (const unsigned char *)doc->text;
    uint64_t word = FNV_BASIS ^ 1, shape = FNV_BASIS ^ 2;
    uint32_t word_end = t->end - t->start > WORD_CAP ? t->start + WORD_CAP
                                                     : t->end;
    size_t nshape = 0;
    char last = 0;
    for (uint32_t i = t->start; i < t->end; i++) {
        unsigned char c = s[i];
        if (i >= word_end && nshape >= SHAPE_CAP)
            break;
        if (i < word_end)
            word = FNV_STEP(word, c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        if (nshape >= SHAPE_CAP || (c >= 0x80 && (c & 0xC0) == 0x80))
            continue;
        char sh = c >= 'A' && c <= 'Z' ? 'X' : c >= 'a' && c <= 'z' ? 'x'
                : c >= '0' && c <= '9' ? 'd' : c < 0x80 ? (char)c : 'u';
        if (nshape == 0 || last != sh) {
            shape = FNV_STEP(shape, sh);
            last = sh;
            nshape++;
        }
    }
    tok_hash h = {fnv_final(word), fnv_final(shape)};
    return h;
}

static const tok_hash *token_hash(const w5_doc *doc, hash_cache *c, long k)
{
    if (k < 0 || (size_t)k >= doc->toks.n)
        return &c->edge;
    size_t slot = (size_t)k & 7;
    if (c->key[slot] != (size_t)k + 1) {
        c->h[slot] = hash_token(doc, &doc->toks.v[k]);
        c->key[slot] = (size_t)k + 1;
    }
    return &c->h[slot];
}

#define F1(id, a) w5_hash_mix(0x51ED0000u + (id), (a))
#define F2(id, a, b) w5_hash_mix(F1((id), (a)), (b))

static uint64_t length_bucket(size_t len)
{
    return len <= 3 ? len : len <= 5 ? 4 : len <= 10 ? 5 : len <= 20 ? 6 : 7;
}

/* The features that depend only on the lengths (see LENGTH_CASES). */
static size_t length_features(uint64_t before, uint64_t after, uint64_t para,
                              uint64_t *f)
{
    f[0] = F1(1, 0);
    f[1] = F1(13, before);
    /* the lengths of the two sentences the gap would make */
    f[2] = F2(22, before * 8 + after, para);
    return 3;
}

static unsigned length_case(uint64_t before, uint64_t after, uint64_t para)
{
    return (unsigned)((before * 8 + after) * 2 + para);
}

/* The features of the gap before token k, in a sentence (by the rules)
 * that started at token start (with flags start_flags) and a rule
 * sentence that would end at next. With `lengths` NULL these are all the
 * features (training); otherwise the three length features are left out
 * and *lengths gets their case, for the sums in the model. */
static size_t gap_features(const w5_doc *doc, hash_cache *hc, size_t start,
                           uint16_t start_flags, size_t k, size_t next,
                           uint64_t *f, unsigned *lengths)
{
    long i = (long)k;
    tok_hash pp = *token_hash(doc, hc, i - 2), p = *token_hash(doc, hc, i - 1),
             nx = *token_hash(doc, hc, i), nn = *token_hash(doc, hc, i + 1);
    uint64_t before = length_bucket(k - start), after = length_bucket(next - k);
    uint64_t line = (doc->toks.v[k].flags & W5_TOKEN_LINE_START) != 0;
    uint64_t para = (start_flags & W5_TOKEN_PARA_START) != 0;
    /* how many capitalised tokens end at the gap (a name, a title) */
    uint64_t caps = 0;
    while (caps < 3 && caps + 1 <= k - start) {
        unsigned char c =
            (unsigned char)doc->text[doc->toks.v[k - 1 - caps].start];
        if (c < 'A' || c > 'Z')
            break;
        caps++;
    }
    uint64_t fixed[3] = {0, 0, 0};
    if (lengths)
        *lengths = length_case(before, after, para);
    else
        length_features(before, after, para, fixed);
    size_t n = 0;
    if (!lengths)
        f[n++] = fixed[0];
    f[n++] = F1(2, p.word);
    f[n++] = F1(3, nx.word);
    f[n++] = F1(4, pp.word);
    f[n++] = F1(5, nn.word);
    f[n++] = F1(6, p.shape);
    f[n++] = F1(7, nx.shape);
    f[n++] = F1(8, pp.shape);
    f[n++] = F1(9, nn.shape);
    f[n++] = F2(10, p.shape, nx.shape);
    f[n++] = F2(11, p.word, nx.shape);
    f[n++] = F2(12, p.shape, nx.word);
    if (!lengths)
        f[n++] = fixed[1];
    f[n++] = F2(14, line, nx.shape);
    f[n++] = F2(15, p.word, nx.word);
    f[n++] = F2(16, pp.shape, p.shape);
    f[n++] = F2(17, nx.shape, nn.shape);
    f[n++] = F2(18, before, nx.shape);
    f[n++] = F2(19, caps, nx.shape);
    f[n++] = F2(20, w5_hash_mix(p.shape, nx.shape), nn.shape);
    f[n++] = F2(21, nx.word, nn.shape);
    if (!lengths)
        f[n++] = fixed[2];
    f[n++] = F2(23, after * 2 + para, nx.shape);
    f[n++] = F2(24, nx.word, nn.word);
    f[n++] = F2(25, pp.word, p.word);
    return n;
}

/* The index of the first rule boundary after k (or the token count). */
static size_t next_boundary(const w5_doc *doc, size_t k, size_t *cache)
{
    if (*cache > k)
        return *cache;
    size_t j = k + 1;
    while (j < doc->toks.n && !(doc->toks.v[j].flags & W5_TOKEN_SENT_START))
        j++;
    return *cache = j;
}

/* 1 when the gap before k is a decision for the model: whitespace, no
 * boundary by the rules (the model only adds boundaries: letting it
 * remove rule boundaries too was tried and lost on EWT dev), and a next
 * token that can start a sentence (skipping the others is both faster
 * and, by cross-validation on EWT and GUM train, more accurate). */
static int candidate(const w5_doc *doc, size_t k)
{
    const w5_tok *t = doc->toks.v;
    if ((t[k].flags & W5_TOKEN_SENT_START) ||
        !(t[k - 1].flags & W5_TOKEN_SPACE_AFTER))
        return 0;
    unsigned char first = (unsigned char)doc->text[t[k].start];
    /* a sentence rarely starts with a lower-case word or , ; : . ) */
    return !((first >= 'a' && first <= 'z') || first == ',' || first == ';' ||
             first == ':' || first == '.' || first == ')');
}

/* Candidate gaps are scored in batches: the features of 16
 * gaps are hashed and their table slots prefetched before the first is
 * looked up, so that the cache misses of the probes overlap (one gap's
 * 25 probes alone leave the core waiting). The features of a gap do not
 * depend on the model's decisions before it (see split_with_model), so
 * deciding later changes nothing. */
enum { BATCH = 16 };
/* tokens the rules mark per step ahead of the model (32 bytes each) */
enum { MARK_CHUNK = 2048 };

typedef struct gap_batch {
    size_t n;
    size_t tok[BATCH];               /* the token after the gap */
    uint8_t nfeat[BATCH];
    uint8_t lengths[BATCH];          /* length_case() of the gap */
    uint64_t feats[BATCH][MAX_FEATS];
} gap_batch;

/* Adds the weights of the features to acc[0] and acc[1] (nothing for a
 * feature the model lacks). Whether a feature is known is close to a
 * coin toss, so the lookup selects instead of branching on it. */
static void add_weights(const w5_boundary_model *m, const uint64_t *feats,
                        size_t nfeat, int32_t acc[2])
{
    size_t mask = m->lin->meta.nslots - 1;
    const packed_slot *slots = m->packed;
    for (size_t f = 0; f < nfeat; f++) {
        uint32_t key = w5_linear_key32(feats[f]);
        size_t i = feats[f] & mask;
        /* linear probing: up to the key or the first empty slot */
        while (slots[i].key != key && slots[i].key != 0)
            i = (i + 1) & mask;
        int known = slots[i].key != 0;
        acc[0] += known ? slots[i].w[0] : 0;
        acc[1] += known ? slots[i].w[1] : 0;
    }
}

/* The margin of class 1 over class 0 of a gap with the summed weights
 * acc, exactly as w5_linear_score would give it (scores[1] - scores[0])
 * for a two-class model (the loader checks there are two): the integer
 * sums are the same in any order. */
static float margin(const w5_linear *lin, const int32_t acc[2])
{
    /* two statements, so that no compiler fuses them into one rounding */
    float score0 = (float)acc[0] * lin->meta.scale;
    float score1 = (float)acc[1] * lin->meta.scale;
    return score1 - score0;
}

static void sum_length_weights(w5_boundary_model *m)
{
    for (uint64_t before = 0; before < 8; before++)
        for (uint64_t after = 0; after < 8; after++)
            for (uint64_t para = 0; para < 2; para++) {
                uint64_t f[3];
                int32_t *acc = m->lengths[length_case(before, after, para)];
                acc[0] = acc[1] = 0;
                add_weights(m, f, length_features(before, after, para, f),
                            acc);
            }
}

/* Decides the batch's gaps: sets W5_TOKEN_SENT_START where the model
 * adds a boundary, and empties the batch. */
static void decide_batch(w5_doc *doc, const w5_boundary_model *m,
                         gap_batch *b)
{
    for (size_t g = 0; g < b->n; g++) {
        int32_t acc[2] = {m->lengths[b->lengths[g]][0],
                          m->lengths[b->lengths[g]][1]};
        add_weights(m, b->feats[g], b->nfeat[g], acc);
        if (margin(m->lin, acc) > m->threshold)
            doc->toks.v[b->tok[g]].flags |= W5_TOKEN_SENT_START;
    }
    b->n = 0;
}

/* Builds the sentences that start before token `to` (exclusive) from the
 * flags, from token *walked on; *begin is the open sentence's first. */
static int push_sentences(w5_doc *doc, size_t to, size_t *walked,
                          size_t *begin, uint32_t *para)
{
    const w5_tok *t = doc->toks.v;
    for (size_t k = *walked; k < to; k++) {
        if (!(t[k].flags & W5_TOKEN_SENT_START))
            continue;
        if (w5_text_push_sentence(doc, *begin, k, para))
            return W5_ERR_NOMEM;
        *begin = k;
    }
    *walked = to;
    return W5_OK;
}

/* The model's pass: decides each candidate gap and builds the sentences
 * (w5_text_build_sentences) in the same walk over the tokens. */
static int split_with_model(w5_doc *doc, const w5_boundary_model *m,
                            w5_error *err)
{
    hash_cache hc;
    hash_cache_init(&hc);
    gap_batch *batch = malloc(sizeof *batch);
    if (!batch)
        return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    batch->n = 0;
    size_t n = doc->toks.n, start = 0, cache = 0, begin = 0, walked = 1;
    size_t marked = 0, last_rule = 0; /* tokens the rules marked so far */
    size_t mask = m->lin->meta.nslots - 1;
    uint32_t para = 0;
    const w5_tok *t = doc->toks.v;
    /* the paragraph flag of the rule sentence's first token as the rules
     * left it (building the sentences may set it later) */
    w5_text_mark_range(doc, &last_rule, 0, 1);
    marked = 1;
    uint16_t start_flags = t[0].flags;
    int rc = W5_OK;
    doc->sents.n = 0;
    /* A boundary the model adds before k is set after the features of
     * later gaps were taken: they only look ahead at rule boundaries
     * (next_boundary reads tokens after the gap), and `start` follows
     * rule boundaries only. The rules mark the tokens a chunk ahead of
     * the model (far enough to hold the next rule boundary), so that the
     * tokens are still in the cache when the model reads them. */
    for (size_t k = 1; k < n && !rc; k++) {
        while (marked < n && last_rule <= k) {
            size_t to = n - marked > MARK_CHUNK ? marked + MARK_CHUNK : n;
            w5_text_mark_range(doc, &last_rule, marked, to);
            marked = to;
        }
        if (t[k].flags & W5_TOKEN_SENT_START) {
            start = k;
            start_flags = t[k].flags;
            continue;
        }
        if (!candidate(doc, k))
            continue;
        size_t next = next_boundary(doc, k, &cache);
        size_t g = batch->n++;
        uint64_t *f = batch->feats[g];
        unsigned lengths;
        size_t nf = gap_features(doc, &hc, start, start_flags, k, next, f,
                                 &lengths);
        batch->nfeat[g] = (uint8_t)nf;
        batch->lengths[g] = (uint8_t)lengths;
        batch->tok[g] = k;
        for (size_t i = 0; i < nf; i++)
            __builtin_prefetch(&m->packed[f[i] & mask]);
        if (batch->n == BATCH) {
            decide_batch(doc, m, batch);
            rc = push_sentences(doc, k + 1, &walked, &begin, &para);
        }
    }
    if (!rc) {
        decide_batch(doc, m, batch);
        rc = push_sentences(doc, n, &walked, &begin, &para);
    }
    if (!rc)
        rc = w5_text_push_sentence(doc, begin, n, &para);
    free(batch);
    return rc ? w5_fail(err, W5_ERR_NOMEM, "out of memory") : W5_OK;
}

int w5_text_split_sentences_model(w5_doc *doc, const w5_boundary_model *m,
                                  w5_error *err)
{
    if (m && doc->toks.n)
        return split_with_model(doc, m, err);
    w5_text_mark_boundaries(doc);
    return w5_text_build_sentences(doc, err);
}

/* ---- training --------------------------------------------------------- */

/* One candidate gap of the training data. */
typedef struct example {
    uint64_t feats[MAX_FEATS];
    uint8_t nfeat, label;
} example;

typedef W5_VEC(example) example_vec;

static int collect(const w5_boundary_corpus *c, example_vec *out,
                   w5_error *err)
{
    w5_doc *doc;
    int rc = w5_doc_new(c->text, c->len, &doc, err);
    if (rc)
        return rc;
    if ((rc = w5_text_tokenize(doc, err))) {
        w5_doc_free(doc);
        return rc;
    }
    w5_text_mark_boundaries(doc);
    size_t g = 0, start = 0, cache = 0;
    const w5_tok *t = doc->toks.v;
    hash_cache hc;
    hash_cache_init(&hc);
    for (size_t k = 1; k < doc->toks.n && !rc; k++) {
        if (!candidate(doc, k)) {
            if (t[k].flags & W5_TOKEN_SENT_START)
                start = k;
            continue;
        }
        while (g < c->nstarts && c->starts[g] < t[k].start)
            g++;
        example ex;
        ex.nfeat = (uint8_t)gap_features(doc, &hc, start, t[start].flags, k,
                                         next_boundary(doc, k, &cache),
                                         ex.feats, NULL);
        ex.label = g < c->nstarts && c->starts[g] == t[k].start;
        if (w5_vec_push(out, ex))
            rc = w5_fail(err, W5_ERR_NOMEM, "out of memory");
        if (t[k].flags & W5_TOKEN_SENT_START)
            start = k;
    }
    w5_doc_free(doc);
    return rc;
}

int w5_boundary_train(const w5_boundary_corpus *corpora, size_t ncorpora,
                      int epochs, w5_boundary_model **out, w5_error *err)
{
    *out = NULL;
    example_vec ex = {0};
    int rc = 0;
    for (size_t i = 0; i < ncorpora && !rc; i++)
        rc = collect(&corpora[i], &ex, err);
    w5_ap *ap = rc ? NULL : w5_ap_new(2);
    if (!rc && !ap)
        rc = w5_fail(err, W5_ERR_NOMEM, "out of memory");
    /* a fixed shuffle (LCG) so training is reproducible */
    uint64_t seed = 0x9E3779B97F4A7C15ull;
    for (int e = 0; e < epochs && !rc; e++) {
        for (size_t i = ex.n; i > 1; i--) {
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            size_t j = (size_t)((seed >> 33) % i);
            example tmp = ex.v[i - 1];
            ex.v[i - 1] = ex.v[j];
            ex.v[j] = tmp;
        }
        for (size_t i = 0; i < ex.n && !rc; i++) {
            float scores[2];
            w5_ap_score(ap, ex.v[i].feats, ex.v[i].nfeat, scores);
            uint32_t guess = scores[1] > scores[0];
            if (guess != ex.v[i].label)
                rc = w5_ap_update(ap, ex.v[i].feats, ex.v[i].nfeat,
                                  ex.v[i].label, guess, 1.0f);
            w5_ap_tick(ap);
        }
        if (rc)
            rc = w5_fail(err, rc, "out of memory");
    }
    w5_boundary_model *m = NULL;
    if (!rc && !(m = calloc(1, sizeof *m)))
        rc = w5_fail(err, W5_ERR_NOMEM, "out of memory");
    if (!rc) {
        w5_compile_opts opts = {0.05f, 1};
        if ((rc = w5_ap_compile(ap, &opts, &m->lin)))
            rc = w5_fail(err, rc, "cannot compile the boundary model");
        else if (pack_slots(m))
            rc = w5_fail(err, W5_ERR_NOMEM, "out of memory");
    }
    w5_ap_free(ap);
    free(ex.v);
    if (rc) {
        w5_boundary_model_free(m);
        return rc;
    }
    *out = m;
    return W5_OK;
}
