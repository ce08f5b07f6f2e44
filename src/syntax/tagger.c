/*
 * tagger.c - the part-of-speech tagger at run time: features, greedy
 * decoding, the tag dictionary, model loading, and tagging a document.
 */
#include <stdlib.h>
#include <string.h>

#include "learn/linear.h"
#include "syntax/syntax_int.h"

enum { HASH_CAP = 64 };

/* Sentinels for context outside the sentence. */
#define W5_NO_WORD 0x3c5b0a61e4f2d907ull
enum { TAG_START1 = 60, TAG_START2 = 61 };

static uint64_t shape_hash(const char *s, size_t len)
{
    char buf[24];
    size_t n = 0;
    char last = 0;
    int run = 0;
    for (size_t i = 0; i < len && n < sizeof buf; i++) {
        unsigned char c = (unsigned char)s[i];
        char k = c >= 'A' && c <= 'Z' ? 'X'
               : c >= 'a' && c <= 'z' ? 'x'
               : c >= '0' && c <= '9' ? 'd'
               : c >= 0x80 ? 'u' : (char)c;
        run = k == last ? run + 1 : 1;
        last = k;
        if (run <= 2)
            buf[n++] = k;
    }
    return w5_hash_bytes(buf, n, 0x51);
}

static uint64_t word_flags(const char *s, size_t len)
{
    unsigned f = 0;
    int upper = 0, lower = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= '0' && c <= '9')
            f |= 1;
        else if (c == '-')
            f |= 2;
        else if (c == '.')
            f |= 4;
        else if (c >= 'A' && c <= 'Z')
            upper++;
        else if (c >= 'a' && c <= 'z')
            lower++;
    }
    if (upper)
        f |= 8;
    if (upper && !lower)
        f |= 16;
    if (len && s[0] >= 'A' && s[0] <= 'Z')
        f |= 32;
    f |= (unsigned)(len < 4 ? len : len < 7 ? 4 : 5) << 6;
    return f;
}

void w5_syntax_score(const w5_linear *lin, const uint64_t *feats,
                     size_t nfeat, float *scores)
{
    enum { MAX_ROWS = 128, MAX_CLASS = 64 };
    uint32_t nclass = lin->meta.nclass;
    if (nfeat > MAX_ROWS || nclass > MAX_CLASS) {
        w5_linear_score(lin, feats, nfeat, scores);
        return;
    }
    size_t mask = lin->meta.nslots - 1;
    const w5_linear_slot *slots = lin->slots;
    for (size_t f = 0; f < nfeat; f++)
        __builtin_prefetch(&slots[feats[f] & mask]);
    const int16_t *rows[MAX_ROWS];
    size_t nrow = 0;
    for (size_t f = 0; f < nfeat; f++) {
        uint32_t key = w5_linear_key32(feats[f]);
        for (size_t i = feats[f] & mask; slots[i].key; i = (i + 1) & mask) {
            if (slots[i].key != key)
                continue;
            const int16_t *w = lin->w + (size_t)slots[i].row * nclass;
            __builtin_prefetch(w);
            if (nclass > 32)
                __builtin_prefetch(w + 32);
            rows[nrow++] = w;
            break;
        }
    }
    int32_t acc[MAX_CLASS];
    memset(acc, 0, nclass * sizeof *acc);
    uint32_t blocks = nclass & ~7u;
    if (nclass == 4) { /* the parser's transitions */
        for (size_t r = 0; r < nrow; r++)
            for (uint32_t k = 0; k < 4; k++)
                acc[k] += rows[r][k];
        blocks = nrow = 0;
    }
    for (size_t r = 0; r < nrow; r++) {
        const int16_t *w = rows[r];
        /* blocks of 8 with a fixed trip count vectorize at -O2 */
        for (uint32_t c = 0; c < blocks; c += 8)
            for (uint32_t k = 0; k < 8; k++)
                acc[c + k] += w[c + k];
        for (uint32_t c = blocks; c < nclass; c++)
            acc[c] += w[c];
    }
    for (uint32_t c = 0; c < nclass; c++)
        scores[c] = (float)acc[c] * lin->meta.scale;
}

uint64_t w5_tagdict_key(const char *s, size_t len)
{
    return w5_hash_bytes(s, len, 0x7a9d) | 1;
}

/* The entry of a word's other casing: a word with capitals lowercased
 * (*variant = 1), a lowercase word capitalized (*variant = 2), so that
 * "Excerpt" finds "excerpt" and "lisa" finds "Lisa". */
static const w5_smap_entry *other_casing(const w5_smap *map, const char *s,
                                         size_t len, int *variant)
{
    char other[HASH_CAP];
    int changed = 0;
    if (len >= HASH_CAP || len == 0)
        return NULL;
    for (size_t k = 0; k < len; k++) {
        other[k] = s[k] >= 'A' && s[k] <= 'Z' ? (char)(s[k] + 32) : s[k];
        changed |= other[k] != s[k];
    }
    if (changed) {
        *variant = 1;
    } else if (s[0] >= 'a' && s[0] <= 'z') {
        other[0] = (char)(s[0] - 32);
        *variant = 2;
    } else {
        return NULL;
    }
    return w5_smap_get(map, w5_tagdict_key(other, len));
}

/* The first `bits` bits of a cluster path (all of it when shorter), with
 * the length, so prefixes of different lengths never collide. */
static uint64_t cluster_prefix(uint32_t cl, unsigned bits)
{
    unsigned depth = cl >> 24;
    uint32_t path = cl & 0xFFFFFFu;
    if (depth > bits) {
        path >>= depth - bits;
        depth = bits;
    }
    return (uint64_t)path << 8 | depth;
}

static uint64_t entry_tags(const w5_smap_entry *e)
{
    uint32_t high = e->b & ((1u << W5_CLUSTER_SHIFT) - 1);
    return (uint64_t)high << 32 | e->a;
}

static uint32_t entry_cluster(const w5_tagger *tg, const w5_smap_entry *e)
{
    uint32_t id = e->b >> W5_CLUSTER_SHIFT;
    return id && id <= tg->ncluster ? tg->cluster_paths[id - 1] : 0;
}

/* The XPOS tags seen with a word (its ambiguity class) and its cluster;
 * each from the word's other casing when the word itself has none (the
 * tags then marked as borrowed). */
static void word_classes(const w5_tagger *tg, const char *s, size_t len,
                         w5_tword *t)
{
    static const uint64_t mark[3] = {0, 0xABCDull, 0x5E1Full << 40};
    t->amb = 0;
    t->cl = 0;
    if (!tg->amb.slots)
        return;
    const w5_smap_entry *e = w5_smap_get(&tg->amb, w5_tagdict_key(s, len));
    if (e) {
        t->amb = entry_tags(e);
        t->cl = entry_cluster(tg, e);
        if (t->amb && (t->cl || !tg->ncluster))
            return;
    }
    int variant = 0;
    const w5_smap_entry *o = other_casing(&tg->amb, s, len, &variant);
    if (!o)
        return;
    if (!t->amb && entry_tags(o))
        t->amb = entry_tags(o) ^ mark[variant];
    if (!t->cl)
        t->cl = entry_cluster(tg, o);
}

void w5_tagger_word_hashes(const w5_tagger *tg, const w5_span *words,
                           size_t n, w5_tword *out)
{
    char low[HASH_CAP];
    for (size_t i = 0; i < n; i++) {
        const char *s = words[i].s;
        size_t len = words[i].len, m = len < HASH_CAP ? len : HASH_CAP;
        w5_tword *t = &out[i];
        for (size_t k = 0; k < m; k++) {
            char c = s[len - m + k];
            low[k] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
        }
        /* low holds the lowercased last m bytes (the whole word when
         * short); prefixes are taken from the word itself. */
        t->w = w5_hash_bytes(s, len, 1);
        t->lw = len <= HASH_CAP ? w5_hash_bytes(low, m, 2) : t->w ^ 2;
        for (size_t k = 0; k < 4; k++) {
            size_t l = k + 1 < m ? k + 1 : m;
            t->sfx[k] = w5_hash_bytes(low + m - l, l, 10 + k);
        }
        t->sfx3 = t->sfx[2];
        for (size_t k = 0; k < 3; k++) {
            char p[3];
            size_t l = k + 1 < len ? k + 1 : len;
            for (size_t j = 0; j < l; j++)
                p[j] = s[j] >= 'A' && s[j] <= 'Z' ? (char)(s[j] + 32) : s[j];
            t->pfx[k] = w5_hash_bytes(p, l, 20 + k);
        }
        t->shape = shape_hash(s, len);
        t->flags = word_flags(s, len);
        word_classes(tg, s, len, t);
    }
}

static uint64_t ctx_lw(const w5_tword *tw, size_t n, long j)
{
    return j < 0 || (size_t)j >= n ? W5_NO_WORD + (uint64_t)(j < 0) : tw[j].lw;
}

static uint64_t ctx_sfx3(const w5_tword *tw, size_t n, long j)
{
    return j < 0 || (size_t)j >= n ? W5_NO_WORD + (uint64_t)(j < 0) : tw[j].sfx3;
}

static uint64_t ctx_shape(const w5_tword *tw, size_t n, long j)
{
    return j < 0 || (size_t)j >= n ? W5_NO_WORD + (uint64_t)(j < 0) : tw[j].shape;
}

size_t w5_tagger_features(const w5_tword *tw, size_t n, size_t i, int p1,
                          int p2, uint64_t *f)
{
    const w5_tword *t = &tw[i];
    long j = (long)i;
    uint64_t wm1 = ctx_lw(tw, n, j - 1), wm2 = ctx_lw(tw, n, j - 2);
    uint64_t wp1 = ctx_lw(tw, n, j + 1), wp2 = ctx_lw(tw, n, j + 2);
    size_t k = 0;
    f[k++] = w5_f1(0, 0);
    f[k++] = w5_f1(1, t->w);
    f[k++] = w5_f1(2, t->lw);
    for (int s = 0; s < 4; s++)
        f[k++] = w5_f1(3 + s, t->sfx[s]);
    for (int s = 0; s < 3; s++)
        f[k++] = w5_f1(7 + s, t->pfx[s]);
    f[k++] = w5_f1(10, t->shape);
    f[k++] = w5_f1(11, t->flags);
    f[k++] = w5_f1(12, (uint64_t)p1);
    f[k++] = w5_f1(13, (uint64_t)p2);
    f[k++] = w5_f2(14, (uint64_t)p1, (uint64_t)p2);
    f[k++] = w5_f2(15, (uint64_t)p1, t->lw);
    f[k++] = w5_f1(16, wm1);
    f[k++] = w5_f1(17, ctx_sfx3(tw, n, j - 1));
    f[k++] = w5_f1(18, wm2);
    f[k++] = w5_f1(19, wp1);
    f[k++] = w5_f1(20, ctx_sfx3(tw, n, j + 1));
    f[k++] = w5_f1(21, wp2);
    f[k++] = w5_f2(22, wm1, t->lw);
    f[k++] = w5_f2(23, t->lw, wp1);
    f[k++] = w5_f2(24, (uint64_t)p1, wp1);
    f[k++] = w5_f1(25, ctx_shape(tw, n, j + 1));
    f[k++] = w5_f2(26, (uint64_t)p1, t->sfx3);
    f[k++] = w5_f2(27, wp1, wp2);
    f[k++] = w5_f2(28, t->shape, ctx_shape(tw, n, j - 1));
    f[k++] = w5_f2(29, (uint64_t)p1, t->shape);
    f[k++] = w5_f2(30, t->sfx3, wp1);
    f[k++] = w5_f1(31, ctx_sfx3(tw, n, j + 2));
    /* ambiguity classes: what the next words can be */
    uint64_t a1 = (size_t)j + 1 < n ? tw[j + 1].amb : 1, a2 = (size_t)j + 2 < n ? tw[j + 2].amb : 1;
    f[k++] = w5_f1(41, t->amb);
    f[k++] = w5_f1(42, a1);
    f[k++] = w5_f1(43, a2);
    f[k++] = w5_f2(44, t->amb, a1);
    f[k++] = w5_f2(45, t->lw, a1);
    f[k++] = w5_f3(46, (uint64_t)p1, t->amb, a1);
    f[k++] = w5_f2(47, t->sfx3, a1);
    /* the word's cluster from unlabeled text, at four granularities: what
     * an unknown word resembles (the clusters of the words around it cost
     * size and speed for nothing on EWT dev) */
    if (t->cl) {
        f[k++] = w5_f1(48, cluster_prefix(t->cl, 4));
        f[k++] = w5_f1(49, cluster_prefix(t->cl, 6));
        f[k++] = w5_f1(50, cluster_prefix(t->cl, 10));
        f[k++] = w5_f1(51, cluster_prefix(t->cl, 20));
    }
    /* capitals mean less at the start of a sentence */
    f[k++] = w5_f2(58, i == 0, t->flags);
    return k;
}

size_t w5_upos_features(const w5_tword *tw, size_t n, size_t i,
                        const uint8_t *xpos, uint64_t *f)
{
    const w5_tword *t = &tw[i];
    uint64_t x = xpos[i];
    uint64_t xm1 = i > 0 ? xpos[i - 1] : TAG_START1;
    uint64_t xp1 = i + 1 < n ? xpos[i + 1] : TAG_START2;
    long j = (long)i;
    size_t k = 0;
    f[k++] = w5_f1(100, x);
    f[k++] = w5_f2(101, x, t->lw);
    f[k++] = w5_f2(102, x, t->w);
    f[k++] = w5_f2(103, x, t->sfx3);
    f[k++] = w5_f2(104, x, ctx_lw(tw, n, j - 1));
    f[k++] = w5_f2(105, x, ctx_lw(tw, n, j + 1));
    f[k++] = w5_f2(106, x, xm1);
    f[k++] = w5_f2(107, x, xp1);
    f[k++] = w5_f3(108, x, xp1, ctx_lw(tw, n, j + 1));
    f[k++] = w5_f2(109, x, t->shape);
    f[k++] = w5_f3(110, x, xm1, xp1);
    f[k++] = w5_f3(111, x, t->lw, xp1);
    f[k++] = w5_f3(112, x, t->lw, ctx_lw(tw, n, j + 2));
    f[k++] = w5_f2(113, x, cluster_prefix(t->cl, 10));
    f[k++] = w5_f2(114, x, t->flags);
    f[k++] = w5_f3(115, x, i == 0, t->flags);
    f[k++] = w5_f2(116, x, t->amb);
    f[k++] = w5_f3(117, x, xm1, t->lw);
    return k;
}

/* The one allowed UPOS for this XPOS, or 0 when there are several. */
static int single_upos(const unsigned char *allowed)
{
    int found = 0;
    for (int u = 1; u < W5_UPOS_COUNT; u++) {
        if (allowed[u >> 3] & (1u << (u & 7))) {
            if (found)
                return 0;
            found = u;
        }
    }
    return found;
}

int w5_tagger_tag(const w5_tagger *tg, const w5_span *words, size_t n,
                  uint8_t *xpos, uint8_t *upos)
{
    if (n == 0)
        return 0;
    w5_tword *tw = malloc(n * sizeof *tw + n);
    if (!tw)
        return W5_ERR_NOMEM;
    uint8_t *fixed = (uint8_t *)(tw + n);
    w5_tagger_word_hashes(tg, words, n, tw);
    uint64_t feats[W5_TAGGER_MAX_FEATS];
    float scores[W5_XPOS_COUNT];
    int p1 = TAG_START1, p2 = TAG_START2;
    for (size_t i = 0; i < n; i++) {
        const w5_smap_entry *d =
            w5_smap_get(&tg->tagdict, w5_tagdict_key(words[i].s, words[i].len));
        fixed[i] = d && d->a < W5_XPOS_COUNT && d->b < W5_UPOS_COUNT;
        if (fixed[i]) {
            xpos[i] = (uint8_t)d->a;
            upos[i] = (uint8_t)d->b;
        } else {
            size_t nf = w5_tagger_features(tw, n, i, p1, p2, feats);
            w5_syntax_score(tg->xpos, feats, nf, scores);
            scores[0] = -1e30f;
            xpos[i] = (uint8_t)w5_argmax(scores, W5_XPOS_COUNT, NULL);
        }
        p2 = p1;
        p1 = xpos[i];
    }
    for (size_t i = 0; i < n; i++) {
        if (fixed[i])
            continue;
        const unsigned char *allowed = tg->upos_allowed + 3 * xpos[i];
        int only = single_upos(allowed);
        if (only) {
            upos[i] = (uint8_t)only;
            continue;
        }
        size_t nf = w5_upos_features(tw, n, i, xpos, feats);
        w5_syntax_score(tg->upos, feats, nf, scores);
        int any = allowed[0] | allowed[1] | allowed[2];
        upos[i] = (uint8_t)w5_argmax(scores, W5_UPOS_COUNT, any ? allowed : NULL);
    }
    free(tw);
    return 0;
}

size_t w5_tagger_lemma(const w5_tagger *tg, const char *form, size_t len,
                       int xpos, char *buf, size_t cap)
{
    return w5_lemma_apply(&tg->lem, form, len, xpos, buf, cap);
}

int w5_tagger_from_mfile(w5_mfile *mf, w5_tagger **out, w5_error *err)
{
    *out = NULL;
    w5_tagger *tg = calloc(1, sizeof *tg);
    if (!tg)
        return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    size_t size;
    const uint32_t *meta = w5_mfile_section(mf, "meta", &size);
    int rc;
    if (!meta || size < 4 || meta[0] != W5_TAGGER_FEATURES) {
        rc = w5_fail(err, W5_ERR_VERSION,
                     "tagger model: made for other tagger features");
        goto fail;
    }
    if ((rc = w5_mfile_linear(mf, "xpos", &tg->xpos, err)) ||
        (rc = w5_mfile_linear(mf, "upos", &tg->upos, err)))
        goto fail;
    if (w5_linear_nclass(tg->xpos) != W5_XPOS_COUNT ||
        w5_linear_nclass(tg->upos) != W5_UPOS_COUNT) {
        rc = w5_fail(err, W5_ERR_FORMAT, "tagger model: wrong tag set size");
        goto fail;
    }
    tg->cluster_paths = w5_mfile_section(mf, "cluster.paths", &size);
    tg->ncluster = tg->cluster_paths ? (uint32_t)(size / 4) : 0;
    const void *dict = w5_mfile_section(mf, "tagdict", &size);
    if (!dict || w5_smap_view(dict, size, &tg->tagdict)) {
        rc = w5_fail(err, W5_ERR_FORMAT, "tagger model: bad tagdict");
        goto fail;
    }
    const void *amb = w5_mfile_section(mf, "ambiguity", &size);
    if (!amb || w5_smap_view(amb, size, &tg->amb)) {
        rc = w5_fail(err, W5_ERR_FORMAT, "tagger model: bad ambiguity classes");
        goto fail;
    }
    tg->upos_allowed = w5_mfile_section(mf, "upos.allowed", &size);
    if (!tg->upos_allowed || size != 3 * W5_XPOS_COUNT) {
        rc = w5_fail(err, W5_ERR_FORMAT, "tagger model: bad upos.allowed");
        goto fail;
    }
    if ((rc = w5_lemma_view(mf, &tg->lem, err)))
        goto fail;
    tg->mf = mf;
    *out = tg;
    return 0;
fail:
    w5_linear_free(tg->xpos);
    w5_linear_free(tg->upos);
    free(tg);
    return rc;
}

int w5_tagger_load(const char *path, w5_tagger **out, w5_error *err)
{
    w5_mfile *mf;
    if (!out)
        return w5_fail(err, W5_ERR_INVALID, "w5_tagger_load: out is NULL");
    *out = NULL;
    int rc = w5_mfile_open(path, "tagger", &mf, err);
    if (rc)
        return rc;
    if ((rc = w5_tagger_from_mfile(mf, out, err)))
        w5_mfile_close(mf);
    return rc;
}

void w5_tagger_free(w5_tagger *tg)
{
    if (!tg)
        return;
    w5_linear_free(tg->xpos);
    w5_linear_free(tg->upos);
    w5_mfile_close(tg->mf);
    free(tg->owned);
    free(tg->owned2);
    free(tg);
}

/* Calls fn on every sentence's token range (the whole document when it
 * has tokens but no sentences). */
typedef int (*range_fn)(const void *model, w5_doc *doc, uint32_t b,
                        uint32_t e, w5_span *spans);

static int for_each_range(const void *model, w5_doc *doc, range_fn fn)
{
    if (doc->toks.n == 0)
        return 0;
    w5_span *spans = malloc(doc->toks.n * sizeof *spans);
    if (!spans)
        return W5_ERR_NOMEM;
    for (size_t i = 0; i < doc->toks.n; i++) {
        spans[i].s = doc->text + doc->toks.v[i].start;
        spans[i].len = doc->toks.v[i].end - doc->toks.v[i].start;
    }
    int rc = 0;
    if (doc->sents.n == 0) {
        rc = fn(model, doc, 0, (uint32_t)doc->toks.n, spans);
    } else {
        /* Tokens between sentences (should not happen) are left as they
         * are; each sentence is checked against the token count. */
        for (size_t s = 0; s < doc->sents.n && !rc; s++) {
            uint32_t b = doc->sents.v[s].tok_begin, e = doc->sents.v[s].tok_end;
            if (b < e && e <= doc->toks.n)
                rc = fn(model, doc, b, e, spans);
        }
    }
    free(spans);
    return rc;
}

static int tag_range(const void *model, w5_doc *doc, uint32_t b, uint32_t e,
                     w5_span *spans)
{
    const w5_tagger *tg = model;
    size_t n = e - b;
    uint8_t *tags = malloc(2 * n);
    if (!tags)
        return W5_ERR_NOMEM;
    int rc = w5_tagger_tag(tg, spans + b, n, tags, tags + n);
    char lemma[512];
    for (size_t i = 0; i < n && !rc; i++) {
        w5_tok *t = &doc->toks.v[b + i];
        t->xpos = tags[i];
        t->upos = tags[n + i];
        size_t ll = w5_tagger_lemma(tg, spans[b + i].s, spans[b + i].len,
                                    tags[i], lemma, sizeof lemma);
        rc = w5_strpool_add(&doc->pool, lemma, ll, &t->lemma);
    }
    free(tags);
    return rc;
}

int w5_tagger_run(const w5_tagger *tg, w5_doc *doc, w5_error *err)
{
    if (!tg || !doc)
        return w5_fail(err, W5_ERR_INVALID, "w5_tagger_run: NULL argument");
    int rc = for_each_range(tg, doc, tag_range);
    if (rc)
        return w5_fail(err, rc, "tagger: %s", w5_strerror(rc));
    return 0;
}

/* ---- the parser's document driver lives here too, sharing the ranges ---- */

static int parse_range(const void *model, w5_doc *doc, uint32_t b, uint32_t e,
                       w5_span *spans)
{
    size_t n = e - b;
    uint8_t *tags = calloc(3, n);
    int32_t *heads = malloc(n * sizeof *heads);
    int rc = W5_ERR_NOMEM;
    if (tags && heads) {
        for (size_t i = 0; i < n; i++) {
            tags[i] = doc->toks.v[b + i].upos;
            tags[n + i] = doc->toks.v[b + i].xpos;
        }
        rc = w5_parser_parse(model, spans + b, tags, tags + n, n, heads,
                             tags + 2 * n);
        for (size_t i = 0; i < n && !rc; i++) {
            w5_tok *t = &doc->toks.v[b + i];
            t->head = heads[i] < 0 ? -1 : (int32_t)b + heads[i];
            t->deprel = tags[2 * n + i];
        }
    }
    free(tags);
    free(heads);
    return rc;
}

int w5_parser_run(const w5_parser *parser, w5_doc *doc, w5_error *err)
{
    if (!parser || !doc)
        return w5_fail(err, W5_ERR_INVALID, "w5_parser_run: NULL argument");
    int rc = for_each_range(parser, doc, parse_range);
    if (rc)
        return w5_fail(err, rc, "parser: %s", w5_strerror(rc));
    return 0;
}
