/*
 * boundary.c - the learned sentence-boundary model (see text.h).
 *
 * Each gap between two tokens that has whitespace and that the rules did
 * not split is one binary decision. Its features are hashed strings: the
 * words on each side (lower-cased) and one further out, their shapes
 * ("Xx", "dd/dd/dddd", ":"), pairs of these, the length of the rule
 * sentence so far, and whether a line break lies in the gap. The model
 * is the shared averaged perceptron (src/learn), stored compact in
 * models/segment.w5m together with its threshold.
 */
#include <stdlib.h>
#include <string.h>

#include "learn/learn.h"
#include "text/text.h"

#define MODEL_STAGE "segment"
#define MAX_FEATS 28

struct w5_boundary_model {
    w5_mfile *mf;       /* NULL for a model trained in memory */
    w5_linear *lin;
    float threshold;   /* margin to add a boundary in a gap */
};

void w5_boundary_model_free(w5_boundary_model *m)
{
    if (!m)
        return;
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

/* The lower-cased text of token k (at most cap bytes), or a marker past
 * either end. */
static size_t token_word(const w5_doc *doc, long k, char *buf, size_t cap)
{
    if (k < 0 || (size_t)k >= doc->toks.n) {
        memcpy(buf, "<>", 2);
        return 2;
    }
    const w5_tok *t = &doc->toks.v[k];
    size_t n = t->end - t->start;
    if (n > cap)
        n = cap;
    for (size_t i = 0; i < n; i++) {
        char c = doc->text[t->start + i];
        buf[i] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
    }
    return n;
}

/* The shape of token k: X upper, x lower, d digit, other ASCII as is,
 * u for other bytes; runs collapsed; at most cap bytes. */
static size_t token_shape(const w5_doc *doc, long k, char *buf, size_t cap)
{
    if (k < 0 || (size_t)k >= doc->toks.n) {
        memcpy(buf, "<>", 2);
        return 2;
    }
    const w5_tok *t = &doc->toks.v[k];
    size_t n = 0;
    for (uint32_t i = t->start; i < t->end && n < cap; i++) {
        unsigned char c = (unsigned char)doc->text[i];
        char s = c >= 'A' && c <= 'Z' ? 'X' : c >= 'a' && c <= 'z' ? 'x'
               : c >= '0' && c <= '9' ? 'd' : c < 0x80 ? (char)c : 'u';
        if (c >= 0x80 && (c & 0xC0) == 0x80)
            continue; /* a continuation byte: one 'u' per character */
        if (n == 0 || buf[n - 1] != s)
            buf[n++] = s;
    }
    return n;
}

static uint64_t feat(uint32_t id, const char *a, size_t na, const char *b,
                     size_t nb)
{
    uint64_t h = w5_hash_bytes(a, na, 0x51ED0000u + id);
    if (b)
        h = w5_hash_mix(h, w5_hash_bytes(b, nb, id));
    return h;
}

static size_t length_bucket(size_t len)
{
    return len <= 3 ? len : len <= 5 ? 4 : len <= 10 ? 5 : len <= 20 ? 6 : 7;
}

/* The features of the gap before token k, in a sentence (by the rules)
 * that started at token start. */
static size_t gap_features(const w5_doc *doc, size_t start, size_t k,
                           size_t next, uint64_t *f)
{
    char wp[24], wn[24], wpp[24], wnn[24], sp[8], sn[8], spp[8], snn[8];
    size_t lwp = token_word(doc, (long)k - 1, wp, sizeof wp);
    size_t lwn = token_word(doc, (long)k, wn, sizeof wn);
    size_t lwpp = token_word(doc, (long)k - 2, wpp, sizeof wpp);
    size_t lwnn = token_word(doc, (long)k + 1, wnn, sizeof wnn);
    size_t lsp = token_shape(doc, (long)k - 1, sp, sizeof sp);
    size_t lsn = token_shape(doc, (long)k, sn, sizeof sn);
    size_t lspp = token_shape(doc, (long)k - 2, spp, sizeof spp);
    size_t lsnn = token_shape(doc, (long)k + 1, snn, sizeof snn);
    char misc[4] = {(char)('0' + length_bucket(k - start)),
                    (doc->toks.v[k].flags & W5_TOKEN_LINE_START) ? 'L' : '-',
                    0, 0};
    size_t n = 0;
    f[n++] = feat(1, "bias", 4, NULL, 0);
    f[n++] = feat(2, wp, lwp, NULL, 0);
    f[n++] = feat(3, wn, lwn, NULL, 0);
    f[n++] = feat(4, wpp, lwpp, NULL, 0);
    f[n++] = feat(5, wnn, lwnn, NULL, 0);
    f[n++] = feat(6, sp, lsp, NULL, 0);
    f[n++] = feat(7, sn, lsn, NULL, 0);
    f[n++] = feat(8, spp, lspp, NULL, 0);
    f[n++] = feat(9, snn, lsnn, NULL, 0);
    f[n++] = feat(10, sp, lsp, sn, lsn);
    f[n++] = feat(11, wp, lwp, sn, lsn);
    f[n++] = feat(12, sp, lsp, wn, lwn);
    f[n++] = feat(13, misc, 1, NULL, 0);
    f[n++] = feat(14, misc + 1, 1, sn, lsn);
    f[n++] = feat(15, wp, lwp, wn, lwn);
    f[n++] = feat(16, spp, lspp, sp, lsp);
    f[n++] = feat(17, sn, lsn, snn, lsnn);
    f[n++] = feat(18, misc, 1, sn, lsn);
    /* how many capitalised tokens end at the gap (a name, a title) */
    size_t caps = 0;
    while (caps < 3 && caps + 1 <= k - start) {
        unsigned char c = (unsigned char)doc->text[doc->toks.v[k - 1 - caps].start];
        if (c < 'A' || c > 'Z')
            break;
        caps++;
    }
    misc[2] = (char)('0' + caps);
    f[n++] = feat(19, misc + 2, 1, sn, lsn);
    char tri[24];
    size_t lt = 0;
    memcpy(tri, sp, lsp);
    lt += lsp;
    tri[lt++] = '|';
    memcpy(tri + lt, sn, lsn);
    lt += lsn;
    f[n++] = feat(20, tri, lt, snn, lsnn);
    f[n++] = feat(21, wn, lwn, snn, lsnn);
    /* the lengths of the two sentences the gap would make */
    char lens[3] = {(char)('0' + length_bucket(k - start)),
                    (char)('0' + length_bucket(next - k)),
                    (doc->toks.v[start].flags & W5_TOKEN_PARA_START) ? 'P' : '-'};
    f[n++] = feat(22, lens, 2, NULL, 0);
    f[n++] = feat(23, lens + 1, 2, sn, lsn);
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

/* 1 when the gap before k is a decision for the model: whitespace, and
 * no boundary by the rules (the model only adds boundaries: letting it
 * remove rule boundaries too was tried and lost on EWT dev). */
static int candidate(const w5_doc *doc, size_t k)
{
    const w5_tok *t = doc->toks.v;
    return !(t[k].flags & W5_TOKEN_SENT_START) &&
           (t[k - 1].flags & W5_TOKEN_SPACE_AFTER);
}

int w5_text_split_sentences_model(w5_doc *doc, const w5_boundary_model *m,
                                  w5_error *err)
{
    w5_text_mark_boundaries(doc);
    if (m && doc->toks.n) {
        uint64_t feats[MAX_FEATS];
        float scores[2];
        size_t start = 0, cache = 0;
        w5_tok *t = doc->toks.v;
        /* decisions go to a second flag first, so that the look-ahead
         * keeps seeing the rule boundaries only */
        for (size_t k = 1; k < doc->toks.n; k++) {
            int rule = (t[k].flags & W5_TOKEN_SENT_START) != 0;
            if (candidate(doc, k)) {
                size_t next = next_boundary(doc, k, &cache);
                size_t nf = gap_features(doc, start, k, next, feats);
                w5_linear_score(m->lin, feats, nf, scores);
                if (scores[1] - scores[0] > m->threshold)
                    t[k].flags |= W5_TOKEN_MODEL_START;
            } else if (rule) {
                t[k].flags |= W5_TOKEN_MODEL_START;
            }
            if (rule)
                start = k;
        }
        for (size_t k = 1; k < doc->toks.n; k++) {
            uint16_t f = t[k].flags & (uint16_t)~W5_TOKEN_SENT_START;
            if (f & W5_TOKEN_MODEL_START)
                f = (uint16_t)((f & ~W5_TOKEN_MODEL_START) | W5_TOKEN_SENT_START);
            t[k].flags = f;
        }
    }
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
    for (size_t k = 1; k < doc->toks.n && !rc; k++) {
        if (!candidate(doc, k)) {
            if (t[k].flags & W5_TOKEN_SENT_START)
                start = k;
            continue;
        }
        while (g < c->nstarts && c->starts[g] < t[k].start)
            g++;
        example ex;
        ex.nfeat = (uint8_t)gap_features(doc, start, k,
                                         next_boundary(doc, k, &cache), ex.feats);
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
