/*
 * morph.c - morphological features (the FEATS column of UD: Number,
 * Person, Tense, VerbForm, Mood, Case, PronType, Voice...) of tagged and
 * parsed words, at run time.
 *
 * English FEATS follow mostly from the word and its tags ("were"/VBD is
 * Mood=Ind|Tense=Past|VerbForm=Fin), but a good part of them needs the
 * parse: a present or past verb takes the person and number of its
 * subject ("I was" / "he was"), VB is an imperative heading a clause
 * without subject and an infinitive under "to" or a modal, VBN is passive
 * with aux:pass, VBG a gerund as a nominal and a participle after "be",
 * "it" and "you" are nominative as subjects and accusative elsewhere.
 * With the word and its tags alone, 94.2% of EWT dev words get their
 * FEATS right (gold tags); the parse brings the rest.
 *
 * So the features are predicted after parsing, one class per word (a
 * whole FEATS string seen in training), among the candidates training
 * saw: those of the word with its XPOS and UPOS when it was seen, else
 * those of the tag pair. Most words have one candidate and need no
 * scoring; the others are scored by an averaged perceptron whose
 * features are conjoined with the candidate (a weight per feature and
 * class, nclass = 1), so the work is (features x candidates) lookups and
 * the model holds only the pairs training updated.
 */
#include <stdlib.h>
#include <string.h>

#include "learn/learn.h"
#include "learn/linear.h"
#include "syntax/morph.h"
#include "syntax/syntax_int.h"

#define MORPH_STAGE "morph"


/* ---- the context of a word in its parsed sentence ----------------------- */

static int is_subject(int deprel)
{
    return deprel == W5_MREL_NSUBJ || deprel == W5_MREL_NSUBJ_PASS ||
           deprel == W5_MREL_NSUBJ_OUTER || deprel == W5_MREL_CSUBJ ||
           deprel == W5_MREL_CSUBJ_PASS || deprel == W5_MREL_CSUBJ_OUTER ||
           deprel == W5_MREL_EXPL;
}

static int lower_eq(const w5_span *w, const char *s)
{
    size_t n = strlen(s);
    if (w->len != n)
        return 0;
    for (size_t k = 0; k < n; k++) {
        char c = w->s[k];
        if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != s[k])
            return 0;
    }
    return 1;
}

void w5_morph_context(const w5_span *words, const int32_t *heads,
                      const uint8_t *deprels, size_t n, morph_ctx *ctx)
{
    static const morph_ctx none = {-1, -1, -1, 0, 0, 0};
    for (size_t i = 0; i < n; i++)
        ctx[i] = none;
    for (size_t i = 0; i < n; i++) {
        int32_t h = heads[i];
        if (h < 0 || (size_t)h >= n || deprels[i] >= W5_DEPREL_COUNT)
            continue;
        int rel = deprels[i];
        morph_ctx *c = &ctx[h];
        if (is_subject(rel) && c->subj < 0)
            c->subj = (int32_t)i;
        if (rel == W5_MREL_AUX)
            c->aux = (int32_t)i;
        c->pass |= rel == W5_MREL_AUX_PASS || rel == W5_MREL_NSUBJ_PASS;
        if (rel == W5_MREL_DET && c->det < 0)
            c->det = (int32_t)i;
        c->cop |= rel == W5_MREL_COP;
        c->to |= rel == W5_MREL_MARK && lower_eq(&words[i], "to");
    }
}

/* ---- features ----------------------------------------------------------- */

static uint64_t lower_hash(const w5_span *w, uint64_t seed)
{
    char buf[64];
    size_t n = w->len < sizeof buf ? w->len : sizeof buf;
    for (size_t k = 0; k < n; k++) {
        char c = w->s[k];
        buf[k] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
    }
    return w5_hash_bytes(buf, n, seed);
}

static uint64_t suffix_hash(const w5_span *w, size_t len)
{
    w5_span tail = *w;
    if (tail.len > len) {
        tail.s += tail.len - len;
        tail.len = (uint32_t)len;
    }
    return lower_hash(&tail, 40 + len);
}

/* Shape bits: digits, capitals, all capitals, a period (abbreviations and
 * numbers written as digits have FEATS of their own). */
static uint64_t shape_bits(const w5_span *w)
{
    unsigned digit = 0, upper = 0, lower = 0, dot = 0;
    for (size_t k = 0; k < w->len; k++) {
        unsigned char c = (unsigned char)w->s[k];
        digit |= c >= '0' && c <= '9';
        upper |= c >= 'A' && c <= 'Z';
        lower |= c >= 'a' && c <= 'z';
        dot |= c == '.';
    }
    unsigned first_upper = w->len && w->s[0] >= 'A' && w->s[0] <= 'Z';
    return digit | upper << 1 | (upper && !lower) << 2 | dot << 3 |
           first_upper << 4;
}

/* The word a relative pronoun subject stands for: the head of the
 * relative clause ("the men who were ..." -> "men"). */
static int32_t antecedent(const int32_t *heads, const uint8_t *deprels,
                          size_t n, int32_t verb)
{
    if (verb < 0 || (deprels[verb] != W5_MREL_ACL && deprels[verb] != W5_MREL_ACL_RELCL))
        return -1;
    int32_t h = heads[verb];
    return h >= 0 && (size_t)h < n ? h : -1;
}

static int is_relative(uint8_t xpos)
{
    return xpos == W5_MXPOS_WDT || xpos == W5_MXPOS_WP;
}

size_t w5_morph_features(const w5_morph_input *in, const morph_ctx *ctx,
                         size_t i, uint64_t *f)
{
    const w5_span *w = &in->words[i];
    uint64_t x = in->xpos[i], u = in->upos[i], rel = in->deprels[i];
    uint64_t pair = x << 8 | u;
    int32_t h = in->heads[i];
    size_t k = 0;
    f[k++] = w5_f1(1, pair);
    f[k++] = w5_f2(2, pair, lower_hash(w, 3));
    for (size_t s = 1; s <= 3; s++)
        f[k++] = w5_f2(2 + s, pair, suffix_hash(w, s));
    f[k++] = w5_f2(6, pair, shape_bits(w));
    f[k++] = w5_f2(7, pair, rel);
    uint64_t hx = h >= 0 && (size_t)h < in->n ? in->xpos[h] : 0;
    uint64_t hrel = h >= 0 && (size_t)h < in->n ? in->deprels[h] : 0;
    f[k++] = w5_f3(8, pair, rel, hx);
    f[k++] = w5_f3(9, pair, rel, hrel);
    const morph_ctx *c = &ctx[i];
    /* whose person and number a verb takes: its subject's, else (a verb
     * of a conjunct or a complement) its head's subject's */
    int32_t subj = c->subj;
    if (subj < 0 && h >= 0 && (size_t)h < in->n)
        subj = ctx[h].subj;
    if (subj >= 0) {
        f[k++] = w5_f2(10, pair, lower_hash(&in->words[subj], 3));
        f[k++] = w5_f3(11, pair, in->xpos[subj], c->subj >= 0);
        int32_t ante = is_relative(in->xpos[subj])
                       ? antecedent(in->heads, in->deprels, in->n, (int32_t)i)
                       : -1;
        if (ante >= 0)
            f[k++] = w5_f2(12, pair, in->xpos[ante]);
    } else {
        f[k++] = w5_f2(13, pair, rel);
    }
    f[k++] = w5_f3(14, pair, c->pass, c->cop);
    f[k++] = w5_f2(15, pair, c->aux >= 0 ? lower_hash(&in->words[c->aux], 3) : 0);
    f[k++] = w5_f2(16, pair, c->to);
    if (c->det >= 0)
        f[k++] = w5_f2(17, pair, lower_hash(&in->words[c->det], 3));
    f[k++] = w5_f2(18, pair, i > 0 ? lower_hash(&in->words[i - 1], 3) : 1);
    f[k++] = w5_f2(19, pair, i + 1 < in->n ? lower_hash(&in->words[i + 1], 3) : 1);
    f[k++] = w5_f3(20, pair, i > 0 ? in->xpos[i - 1] : 99,
                   i + 1 < in->n ? in->xpos[i + 1] : 99);
    return k;
}

uint64_t w5_morph_word_key(const w5_span *w, int xpos, int upos)
{
    return w5_hash_mix(lower_hash(w, 77), (uint64_t)xpos << 8 | (uint64_t)upos) | 1;
}

/* A feature conjoined with a candidate class. */
static inline uint64_t conjoin(uint64_t f, uint32_t cls)
{
    return w5_hash_mix(f, 0x6d6f7270ull + cls);
}

size_t w5_morph_conjoin(const uint64_t *f, size_t nf, uint32_t cls,
                        uint64_t *out)
{
    for (size_t k = 0; k < nf; k++)
        out[k] = conjoin(f[k], cls);
    return nf;
}

/* ---- candidates ----------------------------------------------------------- */

const uint16_t *w5_morph_candidates(const w5_morph *m, const w5_span *w,
                                    int xpos, int upos, uint32_t *count)
{
    *count = 0;
    if (xpos < 0 || xpos >= W5_XPOS_COUNT || upos < 0 || upos >= W5_UPOS_COUNT)
        return NULL;
    const w5_smap_entry *e = m->lex.slots
        ? w5_smap_get(&m->lex, w5_morph_word_key(w, xpos, upos)) : NULL;
    uint32_t off, cnt;
    if (e) {
        off = e->a;
        cnt = e->b;
    } else {
        size_t p = (size_t)xpos * W5_UPOS_COUNT + (size_t)upos;
        off = m->pair_cands[2 * p];
        cnt = m->pair_cands[2 * p + 1];
    }
    if (off > m->ncands || cnt > m->ncands - off)
        return NULL; /* checked at load; kept for the hand-built model */
    *count = cnt;
    return m->cands + off;
}

/* ---- prediction ------------------------------------------------------------ */

/* The summed weights of features f conjoined with each of the ncand
 * candidates (scores in model units). All the slots are prefetched
 * before any is read, so the cache misses of a word's candidates
 * overlap: this lookup is most of the stage's time. */
enum { MORPH_MAX_SCORED = 16 };

static void score_candidates(const w5_linear *lin, const uint64_t *f, size_t nf,
                             const uint16_t *cand, uint32_t ncand, int32_t *scores)
{
    uint64_t conj[MORPH_MAX_SCORED * W5_MORPH_MAX_FEATS];
    size_t mask = lin->meta.nslots - 1, n = 0;
    const w5_linear_slot *slots = lin->slots;
    for (uint32_t k = 0; k < ncand; k++)
        n += w5_morph_conjoin(f, nf, cand[k], conj + n);
    for (size_t j = 0; j < n; j++)
        __builtin_prefetch(&slots[conj[j] & mask]);
    for (uint32_t k = 0; k < ncand; k++) {
        int32_t acc = 0;
        for (size_t j = k * nf; j < (k + 1) * nf; j++) {
            uint32_t key = w5_linear_key32(conj[j]);
            for (size_t at = conj[j] & mask; slots[at].key; at = (at + 1) & mask)
                if (slots[at].key == key) {
                    acc += lin->w[slots[at].row];
                    break;
                }
        }
        scores[k] = acc;
    }
}

uint32_t w5_morph_predict(const w5_morph *m, const w5_morph_input *in,
                          const morph_ctx *ctx, size_t i)
{
    uint32_t ncand;
    const uint16_t *cand = w5_morph_candidates(m, &in->words[i], in->xpos[i],
                                               in->upos[i], &ncand);
    if (ncand == 0)
        return 0;
    if (ncand == 1)
        return cand[0];
    if (ncand > MORPH_MAX_SCORED) /* the most frequent come first */
        ncand = MORPH_MAX_SCORED;
    uint64_t f[W5_MORPH_MAX_FEATS];
    int32_t scores[MORPH_MAX_SCORED];
    score_candidates(m->lin, f, w5_morph_features(in, ctx, i, f), cand, ncand, scores);
    uint32_t best = 0;
    for (uint32_t k = 1; k < ncand; k++)
        if (scores[k] > scores[best])
            best = k;
    return cand[best];
}

int w5_morph_analyze(const w5_morph *m, const w5_morph_input *in,
                     uint16_t *classes)
{
    if (in->n == 0)
        return 0;
    morph_ctx *ctx = malloc(in->n * sizeof *ctx);
    if (!ctx)
        return W5_ERR_NOMEM;
    w5_morph_context(in->words, in->heads, in->deprels, in->n, ctx);
    for (size_t i = 0; i < in->n; i++)
        classes[i] = (uint16_t)w5_morph_predict(m, in, ctx, i);
    free(ctx);
    return 0;
}

const char *w5_morph_name(const w5_morph *m, uint32_t cls)
{
    return cls < m->nclass ? m->names[cls] : "_";
}

uint32_t w5_morph_class_count(const w5_morph *m) { return m->nclass; }

/* ---- documents ---------------------------------------------------------- */

/* Fills the feats of the tokens [b, e) of one sentence; pool_of caches
 * the pool offset of each class's string (0 = not added yet). */
static int morph_range(const w5_morph *m, w5_doc *doc, uint32_t b, uint32_t e,
                       uint32_t *pool_of)
{
    size_t n = e - b;
    w5_span *words = malloc(n * sizeof *words);
    uint8_t *tags = malloc(3 * n);
    int32_t *heads = malloc(n * sizeof *heads);
    uint16_t *classes = malloc(n * sizeof *classes);
    int rc = words && tags && heads && classes ? 0 : W5_ERR_NOMEM;
    for (size_t i = 0; i < n && !rc; i++) {
        const w5_tok *t = &doc->toks.v[b + i];
        words[i].s = doc->text + t->start;
        words[i].len = t->end - t->start;
        tags[i] = t->xpos;
        tags[n + i] = t->upos;
        tags[2 * n + i] = t->deprel;
        heads[i] = t->head >= (int32_t)b && t->head < (int32_t)e ? t->head - (int32_t)b : -1;
    }
    w5_morph_input in = {words, tags, tags + n, heads, tags + 2 * n, n};
    if (!rc)
        rc = w5_morph_analyze(m, &in, classes);
    for (size_t i = 0; i < n && !rc; i++) {
        uint16_t cls = classes[i];
        if (!pool_of[cls]) {
            const char *name = m->names[cls];
            rc = w5_strpool_add(&doc->pool, name, strlen(name), &pool_of[cls]);
        }
        doc->toks.v[b + i].feats = pool_of[cls];
    }
    free(words);
    free(tags);
    free(heads);
    free(classes);
    return rc;
}

int w5_morph_run(const w5_morph *m, w5_doc *doc, w5_error *err)
{
    if (!m || !doc)
        return w5_fail(err, W5_ERR_INVALID, "w5_morph_run: NULL argument");
    uint32_t *pool_of = calloc(m->nclass + 1, sizeof *pool_of);
    int rc = pool_of ? 0 : W5_ERR_NOMEM;
    /* tokens with no sentences were parsed as one range: so here */
    if (!rc && doc->sents.n == 0 && doc->toks.n)
        rc = morph_range(m, doc, 0, (uint32_t)doc->toks.n, pool_of);
    for (size_t s = 0; s < doc->sents.n && !rc; s++) {
        uint32_t b = doc->sents.v[s].tok_begin, e = doc->sents.v[s].tok_end;
        if (b < e && e <= doc->toks.n)
            rc = morph_range(m, doc, b, e, pool_of);
    }
    free(pool_of);
    if (rc)
        return w5_fail(err, rc, "morph: %s", w5_strerror(rc));
    return 0;
}

/* ---- models ---------------------------------------------------------------- */

void w5_morph_free(w5_morph *m)
{
    if (!m)
        return;
    w5_linear_free(m->lin);
    free(m->names);
    for (size_t k = 0; k < sizeof m->owned / sizeof m->owned[0]; k++)
        free(m->owned[k]);
    w5_mfile_close(m->mf);
    free(m);
}

/* Checks that every candidate list lies inside the list array and names
 * a class, so that a corrupted file cannot make a lookup read outside. */
static int check_lists(const w5_morph *m)
{
    for (uint32_t k = 0; k < m->ncands; k++)
        if (m->cands[k] >= m->nclass)
            return W5_ERR_FORMAT;
    for (size_t p = 0; p < W5_MORPH_NPAIR; p++) {
        uint32_t off = m->pair_cands[2 * p], cnt = m->pair_cands[2 * p + 1];
        if (off > m->ncands || cnt > m->ncands - off)
            return W5_ERR_FORMAT;
    }
    for (uint64_t s = 0; m->lex.slots && s <= m->lex.mask; s++) {
        const w5_smap_entry *e = &m->lex.slots[s];
        if (e->key && (e->a > m->ncands || e->b > m->ncands - e->a))
            return W5_ERR_FORMAT;
    }
    return 0;
}

static int view_model(w5_morph *m, const char *path, w5_error *err)
{
    size_t size;
    const char *names = w5_mfile_section(m->mf, "names", &size);
    if (!names || size == 0 || names[size - 1] != '\0')
        return w5_fail(err, W5_ERR_FORMAT, "%s: no FEATS names", path);
    /* count the strings, then view them */
    uint32_t count = 0;
    for (size_t at = 0; at < size; at += strlen(names + at) + 1)
        count++;
    if (count == 0 || count > 65535 || !(m->names = malloc(count * sizeof *m->names)))
        return w5_fail(err, count ? W5_ERR_NOMEM : W5_ERR_FORMAT,
                       "%s: bad FEATS names", path);
    m->nclass = (uint32_t)w5_mfile_strings(m->mf, "names", m->names, count);
    m->pair_cands = w5_mfile_section(m->mf, "pairs", &size);
    if (!m->pair_cands || size != W5_MORPH_NPAIR * 2 * sizeof(uint32_t))
        return w5_fail(err, W5_ERR_FORMAT, "%s: bad pairs section", path);
    m->cands = w5_mfile_section(m->mf, "cands", &size);
    m->ncands = (uint32_t)(size / sizeof(uint16_t));
    if (!m->cands)
        return w5_fail(err, W5_ERR_FORMAT, "%s: no cands section", path);
    const void *lex = w5_mfile_section(m->mf, "lex", &size);
    if (!lex || w5_smap_view(lex, size, &m->lex))
        return w5_fail(err, W5_ERR_FORMAT, "%s: bad lex section", path);
    if (check_lists(m))
        return w5_fail(err, W5_ERR_FORMAT, "%s: candidate lists out of range", path);
    int rc = w5_mfile_linear(m->mf, "morph", &m->lin, err);
    if (!rc && w5_linear_nclass(m->lin) != 1) /* one weight per feature */
        rc = w5_fail(err, W5_ERR_FORMAT, "%s: the morph model has %u classes, not 1",
                     path, w5_linear_nclass(m->lin));
    return rc;
}

/* Loads from a file (path) or a buffer (data, size; path names it). */
static int morph_open(const char *path, const void *data, size_t size,
                      w5_morph **out, w5_error *err)
{
    *out = NULL;
    w5_morph *m = calloc(1, sizeof *m);
    if (!m)
        return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    int rc = data ? w5_mfile_from_buffer(data, size, MORPH_STAGE, &m->mf, err)
                  : w5_mfile_open(path, MORPH_STAGE, &m->mf, err);
    if (!rc)
        rc = view_model(m, path, err);
    if (rc) {
        w5_morph_free(m);
        return rc;
    }
    *out = m;
    return 0;
}

int w5_morph_load(const char *path, w5_morph **out, w5_error *err)
{
    return morph_open(path, NULL, 0, out, err);
}

int w5_morph_from_buffer(const void *data, size_t size, w5_morph **out,
                         w5_error *err)
{
    return morph_open("(buffer)", data, size, out, err);
}
