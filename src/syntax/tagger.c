/*
 * tagger.c - the part-of-speech tagger at run time: features, greedy
 * decoding, the tag dictionary, model loading, and tagging a document.
 */
#include <stdlib.h>
#include <string.h>

#include "learn/linear.h"
#include "syntax/syntax_int.h"
#include "syntax/tagger_nn.h"

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

/* The features of word i come in groups: those of the word alone, those
 * of its neighbours (both known before any tag is: the tagger sums them
 * for all words of a sentence together, their cache misses overlapping)
 * and those of the tags before it (summed at the decision). Training
 * sees them all (w5_tagger_features). */
static size_t word_feats(const w5_tword *t, uint64_t *f)
{
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
    f[k++] = w5_f1(41, t->amb);
    /* the word's cluster from unlabeled text, at four granularities: what
     * an unknown word resembles (the clusters of the words around it cost
     * size and speed for nothing on EWT dev) */
    if (t->cl) {
        f[k++] = w5_f1(48, w5_cluster_prefix(t->cl, 4));
        f[k++] = w5_f1(49, w5_cluster_prefix(t->cl, 6));
        f[k++] = w5_f1(50, w5_cluster_prefix(t->cl, 10));
        f[k++] = w5_f1(51, w5_cluster_prefix(t->cl, 20));
    }
    return k;
}

/* The features a neighbour gives word i depend on that neighbour alone
 * and on where it stands (its role); outside the sentence stand the edge
 * words. (Summing them once per distinct word and role cut the tagger's
 * instructions by a third but not its time: what costs is the cache
 * misses of rare words' features, which that does not save.) */
enum { ROLE_SELF, ROLE_M1, ROLE_M2, ROLE_P1, ROLE_P2, NROLE };

static const w5_tword left_edge = {.lw = W5_NO_WORD + 1, .sfx3 = W5_NO_WORD + 1,
                                   .shape = W5_NO_WORD + 1, .amb = 1};
static const w5_tword right_edge = {.lw = W5_NO_WORD, .sfx3 = W5_NO_WORD,
                                    .shape = W5_NO_WORD, .amb = 1};

static size_t role_feats(const w5_tword *t, int role, uint64_t *f)
{
    size_t k = 0;
    switch (role) {
    case ROLE_SELF:
        return word_feats(t, f);
    case ROLE_M1:
        f[k++] = w5_f1(16, t->lw);
        f[k++] = w5_f1(17, t->sfx3);
        break;
    case ROLE_M2:
        f[k++] = w5_f1(18, t->lw);
        break;
    case ROLE_P1:
        f[k++] = w5_f1(19, t->lw);
        f[k++] = w5_f1(20, t->sfx3);
        f[k++] = w5_f1(25, t->shape);
        /* ambiguity classes: what the next words can be */
        f[k++] = w5_f1(42, t->amb);
        break;
    default:
        f[k++] = w5_f1(21, t->lw);
        f[k++] = w5_f1(31, t->sfx3);
        f[k++] = w5_f1(43, t->amb);
        break;
    }
    return k;
}

/* The word at offset d (-2..2) from word i of a sentence of n words. */
static const w5_tword *at(const w5_tword *tw, size_t n, size_t i, int d)
{
    long j = (long)i + d;
    return j < 0 ? &left_edge : (size_t)j >= n ? &right_edge : &tw[j];
}

/* The features of word i that pair it with a neighbour. */
static size_t pair_feats(const w5_tword *tw, size_t n, size_t i, uint64_t *f)
{
    const w5_tword *t = &tw[i], *m1 = at(tw, n, i, -1);
    const w5_tword *p1 = at(tw, n, i, 1), *p2 = at(tw, n, i, 2);
    size_t k = 0;
    f[k++] = w5_f2(22, m1->lw, t->lw);
    f[k++] = w5_f2(23, t->lw, p1->lw);
    f[k++] = w5_f2(27, p1->lw, p2->lw);
    f[k++] = w5_f2(28, t->shape, m1->shape);
    f[k++] = w5_f2(30, t->sfx3, p1->lw);
    f[k++] = w5_f2(44, t->amb, p1->amb);
    f[k++] = w5_f2(45, t->lw, p1->amb);
    f[k++] = w5_f2(47, t->sfx3, p1->amb);
    /* capitals mean less at the start of a sentence */
    f[k++] = w5_f2(58, i == 0, t->flags);
    return k;
}

static size_t context_feats(const w5_tword *tw, size_t n, size_t i, uint64_t *f)
{
    static const int offset[NROLE] = {0, -1, -2, 1, 2};
    size_t k = 0;
    for (int r = ROLE_M1; r < NROLE; r++)
        k += role_feats(at(tw, n, i, offset[r]), r, f + k);
    return k + pair_feats(tw, n, i, f + k);
}

static size_t history_feats(const w5_tword *tw, size_t n, size_t i, int p1, int p2,
                            uint64_t *f)
{
    const w5_tword *t = &tw[i];
    uint64_t wp1 = at(tw, n, i, 1)->lw, a1 = at(tw, n, i, 1)->amb;
    size_t k = 0;
    f[k++] = w5_f1(12, (uint64_t)p1);
    f[k++] = w5_f1(13, (uint64_t)p2);
    f[k++] = w5_f2(14, (uint64_t)p1, (uint64_t)p2);
    f[k++] = w5_f2(15, (uint64_t)p1, t->lw);
    f[k++] = w5_f2(24, (uint64_t)p1, wp1);
    f[k++] = w5_f2(26, (uint64_t)p1, t->sfx3);
    f[k++] = w5_f2(29, (uint64_t)p1, t->shape);
    f[k++] = w5_f3(46, (uint64_t)p1, t->amb, a1);
    return k;
}

size_t w5_tagger_features(const w5_tword *tw, size_t n, size_t i, int p1,
                          int p2, uint64_t *f)
{
    size_t k = word_feats(&tw[i], f);
    k += context_feats(tw, n, i, f + k);
    return k + history_feats(tw, n, i, p1, p2, f + k);
}

/* The UPOS features of a word given its XPOS x: of the word alone, then
 * of its neighbours and their tags. */
static size_t upos_word_feats(const w5_tword *t, uint64_t x, uint64_t *f)
{
    size_t k = 0;
    f[k++] = w5_f1(100, x);
    f[k++] = w5_f2(101, x, t->lw);
    f[k++] = w5_f2(102, x, t->w);
    f[k++] = w5_f2(103, x, t->sfx3);
    f[k++] = w5_f2(109, x, t->shape);
    f[k++] = w5_f2(113, x, w5_cluster_prefix(t->cl, 10));
    f[k++] = w5_f2(114, x, t->flags);
    f[k++] = w5_f2(116, x, t->amb);
    return k;
}

static size_t upos_context_feats(const w5_tword *tw, size_t n, size_t i,
                                 const uint8_t *xpos, uint64_t *f)
{
    const w5_tword *t = &tw[i];
    uint64_t x = xpos[i];
    uint64_t xm1 = i > 0 ? xpos[i - 1] : TAG_START1;
    uint64_t xp1 = i + 1 < n ? xpos[i + 1] : TAG_START2;
    size_t k = 0;
    f[k++] = w5_f2(104, x, at(tw, n, i, -1)->lw);
    f[k++] = w5_f2(105, x, at(tw, n, i, 1)->lw);
    f[k++] = w5_f2(106, x, xm1);
    f[k++] = w5_f2(107, x, xp1);
    f[k++] = w5_f3(108, x, xp1, at(tw, n, i, 1)->lw);
    f[k++] = w5_f3(110, x, xm1, xp1);
    f[k++] = w5_f3(111, x, t->lw, xp1);
    f[k++] = w5_f3(112, x, t->lw, at(tw, n, i, 2)->lw);
    f[k++] = w5_f3(115, x, i == 0, t->flags);
    f[k++] = w5_f3(117, x, xm1, t->lw);
    return k;
}

size_t w5_upos_features(const w5_tword *tw, size_t n, size_t i,
                        const uint8_t *xpos, uint64_t *f)
{
    size_t k = upos_word_feats(&tw[i], xpos[i], f);
    return k + upos_context_feats(tw, n, i, xpos, f + k);
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

/* ---- tagging: each distinct word's work once ---------------------------- */

enum { XW = 56, UW = 24, NO_TAG = 0xFF };

/* A distinct word form of the document being tagged: its hashes and tag
 * dictionary entry, computed once (a news story repeats about 60% of its
 * words), and its last lemma. */
typedef struct tag_word {
    w5_tword tw;
    uint32_t first;        /* its first token */
    uint32_t lemma;        /* pool offset of the lemma for lemma_x */
    uint8_t fixed, fx, fu; /* the tag dictionary's tags when fixed */
    uint8_t lemma_x;       /* the XPOS of `lemma`, NO_TAG = none */
} tag_word;

/* The state of one document: its words, their distinct forms, and
 * buffers sized for the longest sentence. */
typedef struct tag_run {
    const w5_tagger *tg;
    const w5_span *spans;
    size_t n;
    uint32_t *word_of;   /* token -> its tag_word */
    tag_word *words;
    /* per sentence */
    w5_tword *tw;
    uint64_t *feats;
    uint32_t *off, *todo;
    uint64_t *guess;     /* history features of the likely previous tags */
    int32_t *acc;
    float *lpx, *lpu, *nn_scratch; /* the network's log-probabilities */
} tag_run;

/* Fills run->word_of and run->words: each distinct form hashed and
 * looked up once. */
static int find_words(tag_run *run)
{
    const w5_tagger *tg = run->tg;
    size_t cap = 16, nw = 0;
    while (cap < 2 * run->n)
        cap *= 2;
    uint32_t *first = calloc(cap, sizeof *first);
    if (!first)
        return W5_ERR_NOMEM;
    for (size_t i = 0; i < run->n; i++) {
        const w5_span *sp = &run->spans[i];
        uint64_t key = w5_tagdict_key(sp->s, sp->len);
        size_t j = key & (cap - 1);
        for (; first[j]; j = (j + 1) & (cap - 1)) {
            const w5_span *seen = &run->spans[run->words[first[j] - 1].first];
            if (seen->len == sp->len && memcmp(seen->s, sp->s, sp->len) == 0)
                break;
        }
        if (first[j]) {
            run->word_of[i] = first[j] - 1;
            continue;
        }
        tag_word *w = &run->words[nw];
        w5_tagger_word_hashes(tg, sp, 1, &w->tw);
        w->first = (uint32_t)i;
        const w5_smap_entry *d = w5_smap_get(&tg->tagdict, key);
        w->fixed = d && d->a < W5_XPOS_COUNT && d->b < W5_UPOS_COUNT;
        w->fx = w->fixed ? (uint8_t)d->a : 0;
        w->fu = w->fixed ? (uint8_t)d->b : 0;
        w->lemma_x = NO_TAG;
        w->lemma = 0;
        run->word_of[i] = (uint32_t)nw;
        first[j] = (uint32_t)++nw;
    }
    free(first);
    return 0;
}

/* scores += alpha * lp: the network's say in a decision. */
static void add_logprobs(float *scores, const float *lp, uint32_t n, float alpha)
{
    for (uint32_t c = 0; c < n; c++)
        scores[c] += alpha * lp[c];
}

static void to_scores(const int32_t *acc, const w5_linear *lin, float *scores)
{
    for (uint32_t c = 0; c < lin->meta.nclass; c++)
        scores[c] = (float)acc[c] * lin->meta.scale;
}

/* The history features of word i (of a sentence of n words) that depend
 * on the previous tag, for the tags that word can have (its ambiguity
 * class, at most MAX_GUESS of them): the decision will read some of
 * them, so they can be fetched while the sentence's other sums are
 * made. Returns the count. */
enum { MAX_GUESS = 3, GUESS_FEATS = 5 * MAX_GUESS };

static size_t guess_history(const tag_run *run, size_t b, size_t n, size_t i, uint64_t *f)
{
    const w5_tword *tw = run->tw, *t = &tw[i];
    uint64_t wp1 = at(tw, n, i, 1)->lw, a1 = at(tw, n, i, 1)->amb, tags;
    if (i == 0) {
        tags = 1ull << TAG_START1;
    } else {
        const tag_word *prev = &run->words[run->word_of[b + i - 1]];
        tags = prev->fixed ? 1ull << prev->fx : prev->tw.amb & ((1ull << W5_XPOS_COUNT) - 1);
    }
    size_t k = 0;
    for (int g = 0; tags && g < MAX_GUESS; g++, tags &= tags - 1) {
        uint64_t p1 = (uint64_t)__builtin_ctzll(tags);
        f[k++] = w5_f2(15, p1, t->lw);
        f[k++] = w5_f2(24, p1, wp1);
        f[k++] = w5_f2(26, p1, t->sfx3);
        f[k++] = w5_f2(29, p1, t->shape);
        f[k++] = w5_f3(46, p1, t->amb, a1);
    }
    return k;
}

/* XPOS of the words [b, e): the sums of the features that do not depend
 * on tags first, for all the words to score together (so that their
 * cache misses overlap), then greedy decisions adding the features of
 * the tags before. */
static void tag_xpos(tag_run *run, size_t b, size_t e, uint8_t *xpos, uint8_t *upos)
{
    const w5_tagger *tg = run->tg;
    size_t n = e - b, m = 0, nf = 0, ng = 0;
    for (size_t i = 0; i < n; i++) {
        const tag_word *w = &run->words[run->word_of[b + i]];
        run->tw[i] = w->tw;
        if (!w->fixed)
            run->todo[m++] = (uint32_t)i;
    }
    for (size_t k = 0; k < m; k++) {
        size_t i = run->todo[k];
        run->off[k] = (uint32_t)nf;
        nf += word_feats(&run->tw[i], run->feats + nf);
        nf += context_feats(run->tw, n, i, run->feats + nf);
        ng += guess_history(run, b, n, i, run->guess + ng);
    }
    run->off[m] = (uint32_t)nf;
    if (tg->nn)
        w5_tagnn_logprobs(tg->nn, run->tw, n, run->lpx, run->lpu, run->nn_scratch);
    w5_rowtab_prefetch(tg->xrows, run->guess, ng, 0);
    memset(run->acc, 0, m * XW * sizeof *run->acc);
    w5_rowtab_sum_seq(tg->xrows, run->feats, run->off, m, run->acc);
    w5_rowtab_prefetch(tg->xrows, run->guess, ng, 1);
    int p1 = TAG_START1, p2 = TAG_START2;
    float scores[W5_XPOS_COUNT];
    uint64_t hf[W5_TAGGER_MAX_FEATS];
    for (size_t i = 0, k = 0; i < n; i++) {
        const tag_word *w = &run->words[run->word_of[b + i]];
        if (w->fixed) {
            xpos[i] = w->fx;
            upos[i] = w->fu;
        } else {
            int32_t *acc = run->acc + k++ * XW;
            w5_rowtab_sum(tg->xrows, hf, history_feats(run->tw, n, i, p1, p2, hf), acc);
            to_scores(acc, tg->xpos, scores);
            if (tg->nn)
                add_logprobs(scores, run->lpx + i * W5_XPOS_COUNT, W5_XPOS_COUNT,
                             w5_tagnn_alpha_x(tg->nn));
            scores[0] = -1e30f;
            xpos[i] = (uint8_t)w5_argmax(scores, W5_XPOS_COUNT, NULL);
        }
        p2 = p1;
        p1 = xpos[i];
    }
}

/* UPOS of the words [b, e) that the tag dictionary and their XPOS leave
 * open, all of the sentence's scored together. */
static void tag_upos(tag_run *run, size_t b, size_t e, const uint8_t *xpos, uint8_t *upos)
{
    const w5_tagger *tg = run->tg;
    size_t n = e - b, m = 0, nf = 0;
    for (size_t i = 0; i < n; i++) {
        if (run->words[run->word_of[b + i]].fixed)
            continue;
        int only = single_upos(tg->upos_allowed + 3 * xpos[i]);
        if (only) {
            upos[i] = (uint8_t)only;
            continue;
        }
        run->todo[m] = (uint32_t)i;
        run->off[m++] = (uint32_t)nf;
        nf += w5_upos_features(run->tw, n, i, xpos, run->feats + nf);
    }
    run->off[m] = (uint32_t)nf;
    memset(run->acc, 0, m * UW * sizeof *run->acc);
    w5_rowtab_sum_seq(tg->urows, run->feats, run->off, m, run->acc);
    float scores[W5_UPOS_COUNT];
    for (size_t k = 0; k < m; k++) {
        size_t i = run->todo[k];
        to_scores(run->acc + k * UW, tg->upos, scores);
        if (tg->nn)
            add_logprobs(scores, run->lpu + i * W5_UPOS_COUNT, W5_UPOS_COUNT,
                         w5_tagnn_alpha_u(tg->nn));
        const unsigned char *allowed = tg->upos_allowed + 3 * xpos[i];
        int any = allowed[0] | allowed[1] | allowed[2];
        upos[i] = (uint8_t)w5_argmax(scores, W5_UPOS_COUNT, any ? allowed : NULL);
    }
}

static void run_free(tag_run *run)
{
    free(run->word_of);
    free(run->words);
    free(run->tw);
    free(run->feats);
    free(run->off);
    free(run->todo);
    free(run->guess);
    free(run->acc);
    free(run->lpx);
}

/* Prepares tagging the n words of spans in sentences of at most maxlen. */
static int run_init(tag_run *run, const w5_tagger *tg, const w5_span *spans, size_t n,
                    size_t maxlen)
{
    /* word_feats + context_feats (17 + 19), w5_upos_features (18) */
    enum { MAX_STATIC = 40 };
    memset(run, 0, sizeof *run);
    run->tg = tg;
    run->spans = spans;
    run->n = n;
    run->word_of = malloc(n * sizeof *run->word_of);
    run->words = malloc(n * sizeof *run->words);
    run->tw = malloc(maxlen * sizeof *run->tw);
    run->feats = malloc(maxlen * MAX_STATIC * sizeof *run->feats);
    run->off = malloc((maxlen + 1) * sizeof *run->off);
    run->todo = malloc(maxlen * sizeof *run->todo);
    run->guess = malloc(maxlen * GUESS_FEATS * sizeof *run->guess);
    run->acc = malloc(maxlen * XW * sizeof *run->acc);
    if (tg->nn) {
        size_t nlp = maxlen * (W5_XPOS_COUNT + W5_UPOS_COUNT);
        run->lpx = malloc((nlp + w5_tagnn_scratch(tg->nn, maxlen)) * sizeof *run->lpx);
        if (!run->lpx) {
            run_free(run);
            return W5_ERR_NOMEM;
        }
        run->lpu = run->lpx + maxlen * W5_XPOS_COUNT;
        run->nn_scratch = run->lpx + nlp;
    }
    if (!run->word_of || !run->words || !run->tw || !run->feats || !run->off ||
        !run->todo || !run->guess || !run->acc || !tg->xrows || !tg->urows) {
        run_free(run);
        return W5_ERR_NOMEM;
    }
    int rc = find_words(run);
    if (rc)
        run_free(run);
    return rc;
}

/* scores = the model's scores of feats (rows: its table). */
static void score(const w5_rowtab *rows, const w5_linear *lin, const uint64_t *feats,
                  size_t nf, float *scores)
{
    int32_t acc[XW];
    memset(acc, 0, sizeof acc);
    w5_rowtab_sum(rows, feats, nf, acc);
    to_scores(acc, lin, scores);
}

/* One sentence on its own: nothing to share between its words (they
 * seldom repeat within a sentence), so each word's features are summed
 * at its decision, without the document's bookkeeping. The same sums,
 * hence the same tags, as tag_doc. */
int w5_tagger_tag(const w5_tagger *tg, const w5_span *words, size_t n,
                  uint8_t *xpos, uint8_t *upos)
{
    if (n == 0)
        return 0;
    if (!tg->xrows || !tg->urows)
        return W5_ERR_INVALID;
    w5_tword *tw = malloc(n * sizeof *tw + n);
    float *lpx = NULL, *lpu = NULL;
    if (tw && tg->nn) {
        size_t nlp = n * (W5_XPOS_COUNT + W5_UPOS_COUNT);
        lpx = malloc((nlp + w5_tagnn_scratch(tg->nn, n)) * sizeof *lpx);
        lpu = lpx ? lpx + n * W5_XPOS_COUNT : NULL;
    }
    if (!tw || (tg->nn && !lpx)) {
        free(tw);
        free(lpx);
        return W5_ERR_NOMEM;
    }
    uint8_t *fixed = (uint8_t *)(tw + n);
    w5_tagger_word_hashes(tg, words, n, tw);
    if (tg->nn)
        w5_tagnn_logprobs(tg->nn, tw, n, lpx, lpu, lpx + n * (W5_XPOS_COUNT + W5_UPOS_COUNT));
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
            score(tg->xrows, tg->xpos, feats, w5_tagger_features(tw, n, i, p1, p2, feats),
                  scores);
            if (tg->nn)
                add_logprobs(scores, lpx + i * W5_XPOS_COUNT, W5_XPOS_COUNT,
                             w5_tagnn_alpha_x(tg->nn));
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
        score(tg->urows, tg->upos, feats, w5_upos_features(tw, n, i, xpos, feats), scores);
        if (tg->nn)
            add_logprobs(scores, lpu + i * W5_UPOS_COUNT, W5_UPOS_COUNT,
                         w5_tagnn_alpha_u(tg->nn));
        int any = allowed[0] | allowed[1] | allowed[2];
        upos[i] = (uint8_t)w5_argmax(scores, W5_UPOS_COUNT, any ? allowed : NULL);
    }
    free(tw);
    free(lpx);
    return 0;
}

/* How the tagger's rows are stored (see w5_rowtab_opts). Dense: sparse
 * rows cut the misses of a small last-level cache by a third (cachegrind
 * --LL=8388608) but cost instructions, and on the real machine (32 MB L3)
 * bench/analyze's tagger was 3-8% faster with dense rows. */
#ifndef W5_TAGGER_SPARSE_ROWS
#define W5_TAGGER_SPARSE_ROWS 0
#endif
#ifndef W5_TAGGER_MIN_ABS
#define W5_TAGGER_MIN_ABS 0
#endif
#ifndef W5_UPOS_MIN_ABS
#define W5_UPOS_MIN_ABS 0
#endif

int w5_tagger_index(w5_tagger *tg)
{
    w5_rowtab_free(tg->xrows);
    w5_rowtab_free(tg->urows);
    tg->xrows = tg->urows = NULL;
    w5_rowtab_opts xo = {.sparse = W5_TAGGER_SPARSE_ROWS, .min_abs = W5_TAGGER_MIN_ABS};
    w5_rowtab_opts uo = {.sparse = W5_TAGGER_SPARSE_ROWS, .min_abs = W5_UPOS_MIN_ABS};
    int rc = w5_rowtab_from_linear(tg->xpos, &xo, &tg->xrows);
    if (!rc)
        rc = w5_rowtab_from_linear(tg->upos, &uo, &tg->urows);
    return rc;
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
    if ((rc = w5_tagger_index(tg))) {
        rc = w5_fail(err, rc, "tagger model: %s", w5_strerror(rc));
        goto fail;
    }
    /* the weights now live in the tables: their file pages can go */
    const void *w = w5_mfile_section(mf, "xpos.w", &size);
    w5_mfile_release(mf, w, size);
    w = w5_mfile_section(mf, "upos.w", &size);
    w5_mfile_release(mf, w, size);
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
    w5_rowtab_free(tg->xrows);
    w5_rowtab_free(tg->urows);
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
    w5_rowtab_free(tg->xrows);
    w5_rowtab_free(tg->urows);
    w5_linear_free(tg->xpos);
    w5_linear_free(tg->upos);
    w5_mfile_close(tg->mf);
    w5_tagnn_free(tg->nn_owned);
    free(tg->owned);
    free(tg->owned2);
    free(tg);
}

void w5_tagger_set_nn(w5_tagger *tg, const struct w5_tagnn *nn)
{
    tg->nn = nn;
}

int w5_tagger_attach_nn(w5_tagger *tg, const char *path, w5_error *err)
{
    if (!tg || !path)
        return w5_fail(err, W5_ERR_INVALID, "w5_tagger_attach_nn: NULL argument");
    w5_tagnn *nn;
    int rc = w5_tagnn_load(path, &nn, err);
    if (rc)
        return rc;
    if (w5_tagnn_check(nn, tg)) {
        w5_tagnn_free(nn);
        return w5_fail(err, W5_ERR_VERSION,
                       "%s: trained for another tagger model", path);
    }
    w5_tagnn_free(tg->nn_owned);
    tg->nn = tg->nn_owned = nn;
    return 0;
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

/* The lemma of token i (a document's word given the same XPOS again
 * shares the pool string of its first lemma). */
static int lemma_of(tag_run *run, w5_doc *doc, size_t i, uint8_t xpos)
{
    tag_word *w = &run->words[run->word_of[i]];
    w5_tok *t = &doc->toks.v[i];
    if (w->lemma_x == xpos) {
        t->lemma = w->lemma;
        return 0;
    }
    char lemma[512];
    size_t ll = w5_tagger_lemma(run->tg, run->spans[i].s, run->spans[i].len, xpos,
                                lemma, sizeof lemma);
    int rc = w5_strpool_add(&doc->pool, lemma, ll, &t->lemma);
    if (!rc) {
        w->lemma = t->lemma;
        w->lemma_x = xpos;
    }
    return rc;
}

static int tag_doc_range(tag_run *run, w5_doc *doc, uint32_t b, uint32_t e,
                         uint8_t *tags)
{
    size_t n = e - b;
    tag_xpos(run, b, e, tags, tags + n);
    tag_upos(run, b, e, tags, tags + n);
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        w5_tok *t = &doc->toks.v[b + i];
        t->xpos = tags[i];
        t->upos = tags[n + i];
        rc = lemma_of(run, doc, b + i, tags[i]);
    }
    return rc;
}

/* Tags every sentence of doc (the whole document when it has tokens but
 * no sentences; tokens between sentences, which should not happen, are
 * left as they are). */
static int tag_doc(const w5_tagger *tg, w5_doc *doc)
{
    size_t n = doc->toks.n, maxlen = 1;
    if (n == 0)
        return 0;
    if (doc->sents.n == 0)
        maxlen = n;
    for (size_t s = 0; s < doc->sents.n; s++) {
        uint32_t b = doc->sents.v[s].tok_begin, e = doc->sents.v[s].tok_end;
        if (b < e && e <= n && e - b > maxlen)
            maxlen = e - b;
    }
    w5_span *spans = malloc(n * sizeof *spans);
    uint8_t *tags = malloc(2 * maxlen);
    tag_run run;
    int rc = spans && tags ? 0 : W5_ERR_NOMEM;
    for (size_t i = 0; i < n && !rc; i++) {
        spans[i].s = doc->text + doc->toks.v[i].start;
        spans[i].len = doc->toks.v[i].end - doc->toks.v[i].start;
    }
    if (!rc && !(rc = run_init(&run, tg, spans, n, maxlen))) {
        if (doc->sents.n == 0)
            rc = tag_doc_range(&run, doc, 0, (uint32_t)n, tags);
        for (size_t s = 0; s < doc->sents.n && !rc; s++) {
            uint32_t b = doc->sents.v[s].tok_begin, e = doc->sents.v[s].tok_end;
            if (b < e && e <= n)
                rc = tag_doc_range(&run, doc, b, e, tags);
        }
        run_free(&run);
    }
    free(spans);
    free(tags);
    return rc;
}

int w5_tagger_run(const w5_tagger *tg, w5_doc *doc, w5_error *err)
{
    if (!tg || !doc)
        return w5_fail(err, W5_ERR_INVALID, "w5_tagger_run: NULL argument");
    int rc = tag_doc(tg, doc);
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
