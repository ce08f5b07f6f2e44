/*
 * features.c - NER features and decoding (Viterbi under the BILOU
 * constraints; greedy left to right when label history is a feature).
 *
 * Speed comes from hashing each token's strings once (ner_tok) and then
 * building every feature as a mix of a template id and those hashes, so a
 * feature costs one multiply-xorshift, not a string.
 */
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "learn/linear.h"
#include "ner/ner_int.h"

/* Feature templates. Ids only need to be distinct and stable: changing
 * one invalidates trained models. */
enum {
    T_BIAS = 1, T_W, T_LW, T_SHAPE, T_SSHAPE, T_PRE, T_SUF = T_PRE + 4,
    T_LW_M2 = T_SUF + 4, T_LW_M1, T_LW_P1, T_LW_P2, T_W_M1, T_W_P1,
    T_SH_M1, T_SH_P1, T_SS_M2, T_SS_P2, T_BI_M1, T_BI_P1, T_TRI_SS,
    T_LW_M1_SH, T_SH_LW_P1,
    T_CL0 = 40, /* + 4 * (offset + 1) + prefix index */
    T_GAZ0 = 60, /* + offset + 1 */
    T_CL_M2 = 64, T_CL_P2, T_GAZ_CAP,
    T_HL_LW = 70, T_HL_SS, T_FIRST_LW, T_FIRST_SH, T_HL_CL,
    T_P1 = 80, T_P2P1, T_P1_SS = 83, T_EPH_FRAC, T_EPH_MAJ, T_EPH_MAJ_SS,
    T_AGG_FRAC = 90, T_AGG_MAJ, T_AGG_MAJ_SS, T_PRIOR, T_PRIOR_M1, T_PRIOR_P1,
    T_PRIOR_WIN
};

#define NL W5_NER_NLABELS
#define START NL /* the label "before" a sentence */

#define BOS_HASH 0x5BD1E9955BD1E995ull
#define EOS_HASH 0x2545F4914F6CDD1Dull

static inline uint64_t feat(uint64_t tmpl, uint64_t v)
{
    return w5_hash_mix(tmpl * 0x9E3779B97F4A7C15ull, v);
}

uint64_t ner_hash(const char *s, size_t n)
{
    return w5_hash_bytes(s, n, 0x4E4552);
}

uint32_t ner_cluster_find(const ner_cfg *cfg, uint64_t h)
{
    if (!cfg->clusters)
        return 0;
    uint32_t key = ner_cluster_key(h);
    for (uint32_t i = (uint32_t)h & cfg->cluster_mask, probes = 0;
         cfg->clusters[2 * i] && probes <= cfg->cluster_mask;
         i = (i + 1) & cfg->cluster_mask, probes++)
        if (cfg->clusters[2 * i] == key)
            return cfg->clusters[2 * i + 1];
    return 0;
}

/* The shape class of a code point: X upper, x lower, l other letter,
 * d digit, the character itself for ASCII punctuation, s other. */
static char char_class(int32_t cp)
{
    if (cp < 128 && cp >= 0) {
        if (cp >= 'A' && cp <= 'Z')
            return 'X';
        if (cp >= 'a' && cp <= 'z')
            return 'x';
        if (cp >= '0' && cp <= '9')
            return 'd';
        return cp > ' ' ? (char)cp : 's';
    }
    if (cp < 0)
        return 's';
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LT:
        return 'X';
    case UTF8PROC_CATEGORY_LL:
        return 'x';
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
        return 'l';
    case UTF8PROC_CATEGORY_ND:
        return 'd';
    default:
        return 's';
    }
}

static inline uint64_t hash_step(uint64_t h, unsigned char c)
{
    return (h ^ c) * 0x100000001B3ull;
}

static inline uint64_t hash_final(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xC4CEB9FE1A85EC53ull;
    h ^= h >> 33;
    return h;
}

/* Typographic quotes and dashes as the ASCII that CoNLL-2003 (and most
 * training text) uses: "\xe2\x80\x99s" reads as "'s". Returns the new
 * length in buf, or 0 when the word has none (or is too long). */
static uint32_t ascii_punct(const char *s, uint32_t len, char *buf, uint32_t cap)
{
    if (len > cap || !memchr(s, 0xE2, len))
        return 0;
    uint32_t n = 0;
    int changed = 0;
    for (uint32_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0xE2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80) {
            unsigned char d = (unsigned char)s[i + 2];
            char r = d == 0x98 || d == 0x99 ? '\'' : d == 0x9C || d == 0x9D ? '"'
                                              : d == 0x93 || d == 0x94 ? '-' : 0;
            if (r) {
                buf[n++] = r;
                i += 2;
                changed = 1;
                continue;
            }
        }
        buf[n++] = (char)c;
    }
    return changed ? n : 0;
}

void ner_tok_fill(const ner_cfg *cfg, const char *s, uint32_t len, ner_tok *t)
{
    char ascii[64];
    uint32_t alen = ascii_punct(s, len, ascii, sizeof ascii);
    if (alen) {
        s = ascii;
        len = alen;
    }
    memset(t, 0, sizeof *t);
    t->len = len > 255 ? 255 : (uint8_t)len;
    t->word = ner_hash(s, len);
    uint64_t lower = 0xCBF29CE484222325ull ^ 0x4E4552, shape = 0xA1, sshape = 0xB2;
    uint64_t title = lower; /* "JAPAN" -> "Japan", for cluster lookups */
    char last = 0;
    int run = 0, nclass = 0;
    for (uint32_t i = 0; i < len;) {
        int32_t cp;
        unsigned char c = (unsigned char)s[i];
        utf8proc_ssize_t step = 1;
        if (c < 128) {
            cp = c;
        } else {
            step = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                    (utf8proc_ssize_t)(len - i), &cp);
            if (step <= 0) {
                step = 1;
                cp = -1;
            }
        }
        for (utf8proc_ssize_t k = 0; k < step; k++) {
            unsigned char b = (unsigned char)s[i + (uint32_t)k];
            unsigned char lb = b >= 'A' && b <= 'Z' ? (unsigned char)(b + 32) : b;
            lower = hash_step(lower, lb);
            title = hash_step(title, i == 0 ? b : lb);
        }
        char cls = char_class(cp);
        if (nclass == 0)
            t->cap = cls == 'X';
        nclass++;
        if (cls == last) {
            if (++run <= 4)
                shape = hash_step(shape, (unsigned char)cls);
        } else {
            run = 1;
            shape = hash_step(shape, (unsigned char)cls);
            sshape = hash_step(sshape, (unsigned char)cls);
            last = cls;
        }
        i += (uint32_t)step;
    }
    /* the lower-case hash must equal ner_hash of the lower-cased string */
    t->lower = hash_final(lower);
    t->shape = hash_final(shape);
    t->sshape = hash_final(sshape);
    for (uint32_t k = 1; k <= 4; k++) {
        if (len >= k) {
            t->pre[k - 1] = w5_hash_bytes(s, k, 0x505245);
            t->suf[k - 1] = w5_hash_bytes(s + len - k, k, 0x535546);
        }
    }
    if (cfg->clusters) {
        t->cluster = ner_cluster_find(cfg, t->word);
        if (!t->cluster)
            t->cluster = ner_cluster_find(cfg, t->lower);
        if (!t->cluster)
            t->cluster = ner_cluster_find(cfg, hash_final(title));
    }
}

static int first_is_upper(const char *s, uint32_t len)
{
    if (!len)
        return 0;
    unsigned char c = (unsigned char)s[0];
    return (c >= 'A' && c <= 'Z') || c >= 0x80;
}

static int is_joiner(const char *s, uint32_t len)
{
    static const char *const joiners[] = {"of", "de", "the", "and", "for", "-", "&",
                                          "la", "le", "du", "von", "van", "da", "del",
                                          "al", "el", "bin", "on", "upon", "am"};
    for (size_t i = 0; i < sizeof joiners / sizeof *joiners; i++)
        if (strlen(joiners[i]) == len && memcmp(joiners[i], s, len) == 0)
            return 1;
    return 0;
}

void ner_gaz_fill(const w5_lexicon *lex, const w5_ner_word *words, size_t b,
                  size_t e, ner_tok *toks)
{
    if (!lex)
        return;
    int maxw = w5_lexicon_max_words(lex);
    if (maxw > 6)
        maxw = 6;
    /* phrases longer than this are not looked up */
    enum { MAX_PHRASE = 256 };
    for (size_t j = b; j < e; j++) {
        if (!first_is_upper(words[j].s, words[j].len))
            continue;
        size_t n = 0;
        /* the key grows word by word: the same hash as the phrase "w1 w2 ..."
         * without hashing its first words again for every longer one */
        w5_lexkey key;
        w5_lexkey_init(&key);
        for (int k = 0; k < maxw && j + (size_t)k < e; k++) {
            const w5_ner_word *w = &words[j + (size_t)k];
            /* names go on through capitalised words and a few joiners */
            if (k && !first_is_upper(w->s, w->len) && !is_joiner(w->s, w->len))
                break;
            if (n + w->len + 1 >= MAX_PHRASE)
                break;
            n += w->len + (k ? 1 : 0);
            w5_lexkey_add(&key, w->s, w->len);
            uint32_t flags = w5_lexicon_flags_key(lex, &key);
            for (int f = 0; flags && f < 16; f++) {
                if (!(flags & (1u << f)))
                    continue;
                toks[j].gaz |= 1u << (2 * f);
                for (int m = 1; m <= k; m++)
                    toks[j + (size_t)m].gaz |= 1u << (2 * f + 1);
            }
        }
    }
}

int ner_is_headline(const w5_ner_word *words, size_t b, size_t e)
{
    size_t upper_words = 0;
    for (size_t i = b; i < e; i++) {
        size_t upper = 0;
        for (uint32_t k = 0; k < words[i].len; k++) {
            unsigned char c = (unsigned char)words[i].s[k];
            if (c >= 'a' && c <= 'z')
                return 0;
            upper += c >= 'A' && c <= 'Z';
        }
        upper_words += upper >= 2;
    }
    return upper_words >= 2;
}

/* Cluster prefixes of 4, 6, 10 and 20 bits. */
static size_t cluster_feats(uint32_t cl, uint64_t tmpl, uint64_t *out)
{
    static const uint32_t lens[4] = {4, 6, 10, 20};
    if (!cl)
        return 0;
    uint32_t depth = cl >> 24, path = cl & 0xFFFFFFu;
    size_t n = 0;
    for (int k = 0; k < 4; k++) {
        uint32_t l = lens[k] < depth ? lens[k] : depth;
        uint32_t prefix = path >> (depth - l);
        out[n++] = feat(tmpl + (uint64_t)k, prefix | (l << 24));
        if (lens[k] >= depth)
            break;
    }
    return n;
}

#define LOWERED_SALT 0x6C6F776572656421ull

static size_t static_feats(const ner_cfg *cfg, const ner_tok *toks, size_t b,
                           size_t e, size_t i, int headline, uint64_t *out);

static void salt(uint64_t *f, size_t n)
{
    for (size_t k = 0; k < n; k++)
        f[k] = w5_hash_mix(f[k], LOWERED_SALT);
}

int ner_is_lowered(const w5_ner_word *words, size_t n)
{
    size_t letters = 0, caps = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = words[i].len ? (unsigned char)words[i].s[0] : 0;
        caps += c >= 'A' && c <= 'Z';
        letters += (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }
    return letters >= 3 && caps * 50 < letters;
}

size_t ner_static_feats(const ner_cfg *cfg, const ner_tok *toks, size_t b,
                        size_t e, size_t i, int flags, uint64_t *out)
{
    size_t n = static_feats(cfg, toks, b, e, i, flags & NER_SENT_HEADLINE, out);
    if (flags & NER_DOC_LOWERED)
        salt(out, n);
    return n;
}

static size_t static_feats(const ner_cfg *cfg, const ner_tok *toks, size_t b,
                           size_t e, size_t i, int headline, uint64_t *out)
{
    unsigned fs = cfg->features;
    const ner_tok *t = &toks[i];
    const ner_tok *m1 = i > b ? &toks[i - 1] : NULL;
    const ner_tok *p1 = i + 1 < e ? &toks[i + 1] : NULL;
    const ner_tok *m2 = i > b + 1 ? &toks[i - 2] : NULL;
    const ner_tok *p2 = i + 2 < e ? &toks[i + 2] : NULL;
    uint64_t lw_m1 = m1 ? m1->lower : BOS_HASH, lw_p1 = p1 ? p1->lower : EOS_HASH;
    size_t n = 0;
    out[n++] = feat(T_BIAS, 0);
    if (fs & W5_NERF_WORD) {
        out[n++] = feat(T_W, t->word);
        out[n++] = feat(T_LW, t->lower);
    }
    if (fs & W5_NERF_AFFIX) {
        for (int k = 0; k < 4 && k < t->len; k++) {
            out[n++] = feat(T_PRE + (uint64_t)k, t->pre[k]);
            out[n++] = feat(T_SUF + (uint64_t)k, t->suf[k]);
        }
    }
    if (fs & W5_NERF_SHAPE) {
        out[n++] = feat(T_SHAPE, t->shape);
        out[n++] = feat(T_SSHAPE, t->sshape);
    }
    if (fs & W5_NERF_CONTEXT) {
        out[n++] = feat(T_LW_M1, lw_m1);
        out[n++] = feat(T_LW_P1, lw_p1);
        out[n++] = feat(T_LW_M2, m2 ? m2->lower : BOS_HASH);
        out[n++] = feat(T_LW_P2, p2 ? p2->lower : EOS_HASH);
        out[n++] = feat(T_W_M1, m1 ? m1->word : BOS_HASH);
        out[n++] = feat(T_W_P1, p1 ? p1->word : EOS_HASH);
        out[n++] = feat(T_SH_M1, m1 ? m1->shape : BOS_HASH);
        out[n++] = feat(T_SH_P1, p1 ? p1->shape : EOS_HASH);
        out[n++] = feat(T_SS_M2, m2 ? m2->sshape : BOS_HASH);
        out[n++] = feat(T_SS_P2, p2 ? p2->sshape : EOS_HASH);
        out[n++] = feat(T_BI_M1, w5_hash_mix(lw_m1, t->lower));
        out[n++] = feat(T_BI_P1, w5_hash_mix(t->lower, lw_p1));
        out[n++] = feat(T_TRI_SS, w5_hash_mix(w5_hash_mix(m1 ? m1->sshape : BOS_HASH,
                                                          t->sshape),
                                              p1 ? p1->sshape : EOS_HASH));
        out[n++] = feat(T_LW_M1_SH, w5_hash_mix(lw_m1, t->shape));
        out[n++] = feat(T_SH_LW_P1, w5_hash_mix(t->shape, lw_p1));
    }
    if (fs & W5_NERF_CLUSTERS) {
        n += cluster_feats(t->cluster, T_CL0 + 4, out + n);
        if (m1)
            n += cluster_feats(m1->cluster, T_CL0, out + n);
        if (p1)
            n += cluster_feats(p1->cluster, T_CL0 + 8, out + n);
        if (m2 && m2->cluster)
            out[n++] = feat(T_CL_M2, m2->cluster >> 24 > 6 ? (m2->cluster & 0xFFFFFFu) >> ((m2->cluster >> 24) - 6) : m2->cluster);
        if (p2 && p2->cluster)
            out[n++] = feat(T_CL_P2, p2->cluster >> 24 > 6 ? (p2->cluster & 0xFFFFFFu) >> ((p2->cluster >> 24) - 6) : p2->cluster);
    }
    if (fs & W5_NERF_GAZ) {
        for (int off = -1; off <= 1; off++) {
            const ner_tok *g = off < 0 ? m1 : off > 0 ? p1 : t;
            if (!g || !g->gaz)
                continue;
            for (uint32_t bits = g->gaz, k = 0; bits; bits >>= 1, k++)
                if (bits & 1)
                    out[n++] = feat(T_GAZ0 + (uint64_t)(off + 1), k);
        }
    }
    if (fs & W5_NERF_HEADLINE) {
        if (headline) {
            out[n++] = feat(T_HL_LW, t->lower);
            out[n++] = feat(T_HL_SS, t->sshape);
            if (t->cluster)
                out[n++] = feat(T_HL_CL, t->cluster);
        }
        if (i == b) {
            out[n++] = feat(T_FIRST_LW, t->lower);
            out[n++] = feat(T_FIRST_SH, t->shape);
        }
    }
    return n;
}

/* w5_linear_score specialised for the NER label count, with the hash
 * table probes and weight rows prefetched first so their cache misses
 * overlap instead of following one another (most of tagging time). */
void ner_score_linear(const void *model, const uint64_t *feats, size_t n,
                      float *scores)
{
    const w5_linear *lin = model;
    if (lin->meta.nclass != W5_NER_NLABELS || n > NER_MAX_STATIC + NER_MAX_DYN) {
        w5_linear_score(lin, feats, n, scores);
        return;
    }
    size_t mask = lin->meta.nslots - 1;
    const w5_linear_slot *slots = lin->slots;
    for (size_t f = 0; f < n; f++)
        __builtin_prefetch(&slots[feats[f] & mask]);
    const int16_t *rows[NER_MAX_STATIC + NER_MAX_DYN];
    size_t nrows = 0;
    for (size_t f = 0; f < n; f++) {
        uint32_t key = w5_linear_key32(feats[f]);
        for (size_t i = feats[f] & mask; slots[i].key; i = (i + 1) & mask) {
            if (slots[i].key == key) {
                const int16_t *w = lin->w + (size_t)slots[i].row * W5_NER_NLABELS;
                __builtin_prefetch(w);
                __builtin_prefetch(w + W5_NER_NLABELS - 1);
                rows[nrows++] = w;
                break;
            }
        }
    }
    int32_t acc[W5_NER_NLABELS] = {0};
    w5_sum_rows(rows, nrows, W5_NER_NLABELS, acc);
    for (int c = 0; c < W5_NER_NLABELS; c++)
        scores[c] = (float)acc[c] * lin->meta.scale;
}

typedef struct enum_ctx {
    void (*add)(void *, uint64_t);
    void *ctx;
} enum_ctx;

/* Adds a feature both as it is and as in a lower-cased document. */
static void add_both(const enum_ctx *ec, uint64_t f)
{
    ec->add(ec->ctx, f);
    ec->add(ec->ctx, w5_hash_mix(f, LOWERED_SALT));
}

void ner_enum_dyn(const uint64_t *sshapes, size_t n, void (*add_fn)(void *, uint64_t),
                  void *add_ctx)
{
    enum_ctx ec = {add_fn, add_ctx};
#define add(ctx, f) add_both(&ec, (f))
    for (uint64_t t = 0; t <= W5_NER_NTYPES; t++) {
        for (uint64_t frac = 1; frac <= 4; frac++) {
            add(ctx, feat(T_EPH_FRAC, t * 8 + frac));
            add(ctx, feat(T_AGG_FRAC, t * 8 + frac));
        }
        add(ctx, feat(T_EPH_MAJ, t));
        add(ctx, feat(T_AGG_MAJ, t));
        for (size_t k = 0; k < n; k++) {
            add(ctx, feat(T_EPH_MAJ_SS, w5_hash_mix(t, sshapes[k])));
            add(ctx, feat(T_AGG_MAJ_SS, w5_hash_mix(t, sshapes[k])));
        }
    }
    /* first-stage labels and the start/end marker 31; label history */
    for (uint64_t a = 0; a < 32; a++) {
        if (a >= NL && a != 31 && a != START)
            continue;
        add(ctx, feat(T_PRIOR, a));
        add(ctx, feat(T_PRIOR_M1, a));
        add(ctx, feat(T_PRIOR_P1, a));
        add(ctx, feat(T_P1, a));
        for (size_t k = 0; k < n; k++)
            add(ctx, feat(T_P1_SS, w5_hash_mix(a, sshapes[k])));
        for (uint64_t b = 0; b < 32; b++) {
            if (b >= NL && b != 31 && b != START)
                continue;
            add(ctx, feat(T_P2P1, a * 32 + b));
            for (uint64_t c = 0; c < 32; c++)
                if (c < NL || c == 31)
                    add(ctx, feat(T_PRIOR_WIN, (a * 32 + b) * 32 + c));
        }
    }
#undef add
}

void ner_merged_sum(const ner_merged *m, const uint64_t *feats, size_t n, int32_t *acc)
{
    if (m->rows) {
        memset(acc, 0, NER_MSTRIDE * sizeof *acc);
        w5_rowtab_sum(m->rows, feats, n, acc);
        return;
    }
    size_t mask = m->meta.nslots - 1;
    const uint32_t *slots = m->slots;
    for (size_t f = 0; f < n; f++)
        __builtin_prefetch(&slots[2 * (feats[f] & mask)]);
    const int16_t *rows[NER_MAX_STATIC + NER_MAX_DYN];
    size_t nrows = 0;
    /* The loader checked that some slot is empty, so every probe ends. */
    for (size_t f = 0; f < n && nrows < NER_MAX_STATIC + NER_MAX_DYN; f++) {
        uint32_t key = w5_linear_key32(feats[f]);
        for (size_t i = feats[f] & mask; slots[2 * i]; i = (i + 1) & mask) {
            if (slots[2 * i] == key) {
                const int16_t *w = m->w + (size_t)slots[2 * i + 1] * NER_MSTRIDE;
                __builtin_prefetch(w);
                __builtin_prefetch(w + NER_MSTRIDE - 1);
                rows[nrows++] = w;
                break;
            }
        }
    }
    memset(acc, 0, NER_MSTRIDE * sizeof *acc);
    w5_sum_rows(rows, nrows, NER_MSTRIDE, acc);
}

static void score_merged_half(const ner_merged *m, const uint64_t *feats, size_t n,
                              float *scores, int half)
{
    int32_t acc[NER_MSTRIDE];
    ner_merged_sum(m, feats, n, acc);
    for (int c = 0; c < W5_NER_NLABELS; c++)
        scores[c] = (float)acc[half * W5_NER_NLABELS + c] * m->meta.scale;
}

void ner_score_merged1(const void *model, const uint64_t *feats, size_t n, float *scores)
{
    score_merged_half(model, feats, n, scores, 0);
}

void ner_score_merged2(const void *model, const uint64_t *feats, size_t n, float *scores)
{
    score_merged_half(model, feats, n, scores, 1);
}

void ner_score_ap(const void *model, const uint64_t *feats, size_t n,
                  float *scores)
{
    w5_ap_score(model, feats, n, scores);
}

/* ---- decoding ----------------------------------------------------------- */


/* Bit set of the labels allowed after `prev` (START at a sentence start);
 * at the sentence's last token only labels that close a span. */
static void allowed_after(int prev, int last, unsigned char mask[(NL + 7) / 8])
{
    memset(mask, 0, (NL + 7) / 8);
    char part = prev == START ? 'O' : w5_ner_label_part(prev);
    for (int l = 0; l < NL; l++) {
        char lp = w5_ner_label_part(l);
        int ok;
        if (part == 'B' || part == 'I')
            ok = (lp == 'I' || lp == 'L') && w5_ner_label_type(l) == w5_ner_label_type(prev);
        else
            ok = lp == 'O' || lp == 'B' || lp == 'U';
        if (ok && last && (lp == 'B' || lp == 'I'))
            ok = 0;
        if (ok)
            mask[l / 8] |= (unsigned char)(1u << (l % 8));
    }
}

/* Earlier labels of a word in the document: counts per type (4 = O). */
typedef struct eph_slot {
    uint64_t key;
    uint16_t count[W5_NER_NTYPES + 1];
} eph_slot;

static eph_slot *eph_find(eph_slot *tab, size_t mask, uint64_t key, int add)
{
    key |= 1;
    for (size_t i = key & mask;; i = (i + 1) & mask) {
        if (tab[i].key == key)
            return &tab[i];
        if (!tab[i].key) {
            if (!add)
                return NULL;
            tab[i].key = key;
            return &tab[i];
        }
    }
}

static size_t eph_feats(const eph_slot *s, uint64_t sshape, uint64_t *out)
{
    unsigned total = 0, best = 0;
    int maj = 0;
    for (int t = 0; t <= W5_NER_NTYPES; t++) {
        total += s->count[t];
        if (s->count[t] > best) {
            best = s->count[t];
            maj = t;
        }
    }
    if (!total)
        return 0;
    size_t n = 0;
    for (int t = 0; t <= W5_NER_NTYPES; t++) {
        if (!s->count[t])
            continue;
        unsigned frac = s->count[t] == total ? 4 : 1 + 3 * s->count[t] / total;
        out[n++] = feat(T_EPH_FRAC, (uint64_t)t * 8 + frac);
    }
    out[n++] = feat(T_EPH_MAJ, (uint64_t)maj);
    out[n++] = feat(T_EPH_MAJ_SS, w5_hash_mix((uint64_t)maj, sshape));
    return n;
}

/* Second-stage features of token i of sentence [b, e): the first stage's
 * labels of the token and its neighbours, and how the same capitalised
 * word is labelled elsewhere in the document (both directions). */
static size_t prior_feats(const ner_seq *seq, eph_slot *agg, size_t mask, size_t b,
                          size_t e, size_t i, uint64_t *out)
{
    const uint8_t *pr = seq->prior;
    size_t n = 0;
    uint64_t m1 = i > b ? pr[i - 1] : 31, p1 = i + 1 < e ? pr[i + 1] : 31;
    out[n++] = feat(T_PRIOR, pr[i]);
    out[n++] = feat(T_PRIOR_M1, m1);
    out[n++] = feat(T_PRIOR_P1, p1);
    out[n++] = feat(T_PRIOR_WIN, (m1 * 32 + pr[i]) * 32 + p1);
    const ner_tok *t = &seq->toks[i];
    if (!t->cap)
        return n;
    eph_slot *s = eph_find(agg, mask, t->lower, 0);
    if (!s)
        return n;
    eph_slot others = *s;
    int own = w5_ner_label_type(pr[i]);
    others.count[own < 0 ? W5_NER_NTYPES : own]--;
    unsigned total = 0, best = 0;
    int maj = 0;
    for (int ty = 0; ty <= W5_NER_NTYPES; ty++) {
        total += others.count[ty];
        if (others.count[ty] > best) {
            best = others.count[ty];
            maj = ty;
        }
    }
    if (!total)
        return n;
    for (int ty = 0; ty <= W5_NER_NTYPES; ty++) {
        if (!others.count[ty])
            continue;
        unsigned frac = others.count[ty] == total ? 4 : 1 + 3 * others.count[ty] / total;
        out[n++] = feat(T_AGG_FRAC, (uint64_t)ty * 8 + frac);
    }
    out[n++] = feat(T_AGG_MAJ, (uint64_t)maj);
    out[n++] = feat(T_AGG_MAJ_SS, w5_hash_mix((uint64_t)maj, t->sshape));
    return n;
}

static void eph_add(eph_slot *tab, size_t mask, const ner_tok *t, int label)
{
    if (!t->cap)
        return;
    eph_slot *es = eph_find(tab, mask, t->lower, 1);
    int ty = w5_ner_label_type(label);
    uint16_t *c = &es->count[ty < 0 ? W5_NER_NTYPES : ty];
    if (*c < 65535)
        (*c)++;
}

/* The label-dependent features of token i that do not depend on the
 * sentence's own labels: earlier labels of the word in the document, and
 * the first stage's labels (second stage). */
static size_t dyn_feats(const ner_seq *seq, eph_slot *tab, eph_slot *agg, size_t mask,
                        size_t b, size_t e, size_t i, uint64_t *out)
{
    const ner_tok *t = &seq->toks[i];
    size_t n = 0;
    if (tab && t->cap) {
        eph_slot *es = eph_find(tab, mask, t->lower, 0);
        if (es)
            n += eph_feats(es, t->sshape, out + n);
    }
    if (seq->prior)
        n += prior_feats(seq, agg, mask, b, e, i, out + n);
    if (seq->lowered)
        salt(out, n);
    return n;
}

typedef W5_VEC(float) float_vec;
typedef W5_VEC(uint8_t) byte_vec;
typedef W5_VEC(uint64_t) u64_vec;
typedef W5_VEC(uint32_t) u32_vec;

/* Viterbi over the BILOU constraints for the sentence [b, e): the best
 * well-formed label sequence under per-token scores. Training (ap set)
 * updates on every wrong token. */
static int viterbi_sentence(const ner_seq *seq, ner_score_fn score, const void *model,
                            eph_slot *tab,
                            eph_slot *agg, size_t mask, size_t b, size_t e, uint8_t *labels,
                            const uint8_t *gold, w5_ap *ap, size_t *ok, void *lattice_v,
                            void *back_v, void *sfeats_v, void *soff_v)
{
    float_vec *lattice = lattice_v;
    byte_vec *back = back_v;
    u64_vec *sfeats = sfeats_v;
    u32_vec *soff = soff_v;
    size_t len = e - b;
    if (!len)
        return W5_OK;
    if (w5_vec_reserve(lattice, len * NL) || w5_vec_reserve(back, len * NL) ||
        w5_vec_reserve(soff, len + 1))
        return W5_ERR_NOMEM;
    sfeats->n = 0;
    for (size_t k = 0; k < len; k++) {
        size_t i = b + k, nst = seq->static_scores ? 0 : seq->off[i + 1] - seq->off[i];
        if (w5_vec_reserve(sfeats, sfeats->n + NER_MAX_STATIC + NER_MAX_DYN))
            return W5_ERR_NOMEM;
        uint64_t *f = sfeats->v + sfeats->n;
        float *row = lattice->v + k * NL;
        if (seq->static_scores) {
            size_t n = dyn_feats(seq, tab, agg, mask, b, e, i, f);
            score(model, f, n, row);
            for (int l = 0; l < NL; l++)
                row[l] += seq->static_scores[i * NL + (size_t)l];
            soff->v[k] = soff->v[k + 1] = (uint32_t)sfeats->n;
            continue;
        }
        memcpy(f, seq->feats + seq->off[i], nst * sizeof *f);
        size_t n = nst + dyn_feats(seq, tab, agg, mask, b, e, i, f + nst);
        score(model, f, n, row);
        soff->v[k] = (uint32_t)sfeats->n;
        if (ap)
            sfeats->n += n; /* kept for the updates */
        soff->v[k + 1] = (uint32_t)sfeats->n;
    }
    /* BILOU transitions, unrolled: O, B-x and U-x follow O, L-* or U-*
     * (or the start); I-x and L-x follow B-x or I-x; the last label closes
     * its span. */
    float *d = lattice->v;
    for (int t = 0; t < W5_NER_NTYPES; t++)
        d[2 + 4 * t] = d[3 + 4 * t] = -1e30f;
    for (size_t k = 1; k < len; k++) {
        const float *prev = d + (k - 1) * NL;
        float *cur = d + k * NL;
        uint8_t *bk = back->v + k * NL;
        float out = prev[0];
        int out_arg = 0;
        for (int t = 0; t < W5_NER_NTYPES; t++) {
            if (prev[3 + 4 * t] > out)
                out = prev[3 + 4 * t], out_arg = 3 + 4 * t;
            if (prev[4 + 4 * t] > out)
                out = prev[4 + 4 * t], out_arg = 4 + 4 * t;
        }
        cur[0] += out;
        bk[0] = (uint8_t)out_arg;
        for (int t = 0; t < W5_NER_NTYPES; t++) {
            int bl = 1 + 4 * t, il = 2 + 4 * t, ll = 3 + 4 * t, ul = 4 + 4 * t;
            float in = prev[bl];
            int in_arg = bl;
            if (prev[il] > in)
                in = prev[il], in_arg = il;
            cur[bl] += out;
            cur[ul] += out;
            cur[il] += in;
            cur[ll] += in;
            bk[bl] = bk[ul] = (uint8_t)out_arg;
            bk[il] = bk[ll] = (uint8_t)in_arg;
        }
    }
    float *lastrow = d + (len - 1) * NL;
    for (int t = 0; t < W5_NER_NTYPES; t++)
        lastrow[1 + 4 * t] = lastrow[2 + 4 * t] = -1e30f;
    int l = (int)w5_argmax(d + (len - 1) * NL, NL, NULL);
    for (size_t k = len; k-- > 0;) {
        labels[b + k] = (uint8_t)l;
        if (k)
            l = back->v[k * NL + (size_t)l];
    }
    if (!gold)
        return W5_OK;
    for (size_t k = 0; k < len; k++) {
        size_t i = b + k;
        *ok += labels[i] == gold[i];
        if (ap) {
            if (labels[i] != gold[i]) {
                int rc = w5_ap_update(ap, sfeats->v + soff->v[k], soff->v[k + 1] - soff->v[k],
                                      gold[i], labels[i], 1.0f);
                if (rc)
                    return rc;
            }
            w5_ap_tick(ap);
        }
    }
    return W5_OK;
}

int ner_decode(const ner_cfg *cfg, ner_score_fn score, const void *model,
               const ner_seq *seq, uint8_t *labels, const uint8_t *gold,
               w5_ap *ap, size_t *correct)
{
    unsigned char allow[NL + 1][2][(NL + 7) / 8];
    for (int p = 0; p <= NL; p++)
        for (int last = 0; last < 2; last++)
            allowed_after(p, last, allow[p][last]);
    int nonlocal = (cfg->features & W5_NERF_NONLOCAL) != 0;
    size_t tab_size = 64;
    while ((nonlocal || seq->prior) && tab_size < 2 * seq->n)
        tab_size *= 2;
    eph_slot *tab = nonlocal ? calloc(tab_size, sizeof *tab) : NULL;
    if (nonlocal && !tab)
        return W5_ERR_NOMEM;
    /* second stage: the first stage's label counts of every capitalised
     * word over the whole document */
    eph_slot *agg = NULL;
    if (seq->prior) {
        agg = calloc(tab_size, sizeof *agg);
        if (!agg) {
            free(tab);
            return W5_ERR_NOMEM;
        }
        for (size_t i = 0; i < seq->n; i++) {
            if (!seq->toks[i].cap)
                continue;
            int ty = w5_ner_label_type(seq->prior[i]);
            uint16_t *c = &eph_find(agg, tab_size - 1, seq->toks[i].lower, 1)
                               ->count[ty < 0 ? W5_NER_NTYPES : ty];
            if (*c < 65535)
                (*c)++;
        }
    }
    uint64_t feats[NER_MAX_STATIC + NER_MAX_DYN];
    float scores[NL];
    size_t ok = 0, b = 0;
    int rc = W5_OK;
    int viterbi = !(cfg->features & W5_NERF_HISTORY);
    W5_VEC(float) lattice = {0};
    W5_VEC(uint8_t) back = {0};
    W5_VEC(uint64_t) sfeats = {0};
    W5_VEC(uint32_t) soff = {0};
    for (size_t s = 0; s < seq->nsent; s++) {
        size_t e = seq->sent_end[s];
        if (viterbi) {
            if ((rc = viterbi_sentence(seq, score, model, tab, agg, tab_size - 1, b, e,
                                       labels, gold, ap, &ok, &lattice, &back, &sfeats, &soff)))
                goto done;
            for (size_t i = b; tab && i < e; i++)
                eph_add(tab, tab_size - 1, &seq->toks[i], labels[i]);
            b = e;
            continue;
        }
        int p1 = START, p2 = START;
        for (size_t i = b; i < e; i++) {
            const ner_tok *t = &seq->toks[i];
            size_t nst = seq->static_scores ? 0 : seq->off[i + 1] - seq->off[i], n = nst;
            if (nst)
                memcpy(feats, seq->feats + seq->off[i], nst * sizeof *feats);
            feats[n++] = feat(T_P1, (uint64_t)p1);
            feats[n++] = feat(T_P2P1, (uint64_t)(p2 * 32 + p1));
            feats[n++] = feat(T_P1_SS, w5_hash_mix((uint64_t)p1, t->sshape));
            if (seq->lowered)
                salt(feats + n - 3, 3);
            n += dyn_feats(seq, tab, agg, tab_size - 1, b, e, i, feats + n);
            score(model, feats, n, scores);
            for (int l = 0; seq->static_scores && l < NL; l++)
                scores[l] += seq->static_scores[i * NL + (size_t)l];
            int guess = (int)w5_argmax(scores, NL, allow[p1][i + 1 == e]);
            if (gold) {
                ok += guess == gold[i];
                if (ap) {
                    if (guess != gold[i] &&
                        (rc = w5_ap_update(ap, feats, n, gold[i], (uint32_t)guess, 1.0f)))
                        goto done;
                    w5_ap_tick(ap);
                }
            }
            labels[i] = (uint8_t)guess;
            if (tab)
                eph_add(tab, tab_size - 1, t, labels[i]);
            p2 = p1;
            p1 = guess;
        }
        b = e;
    }
done:
    free(tab);
    free(agg);
    w5_vec_free(&lattice);
    w5_vec_free(&back);
    w5_vec_free(&sfeats);
    w5_vec_free(&soff);
    if (correct)
        *correct = ok;
    return rc;
}

/* ---- tags --------------------------------------------------------------- */

void ner_parse_tag(const char *s, size_t n, int *type, char *part)
{
    static const char *const names[W5_NER_NTYPES] = {"PER", "ORG", "LOC", "MISC"};
    *type = -1;
    *part = 'O';
    if (n < 3 || s[1] != '-')
        return;
    for (int t = 0; t < W5_NER_NTYPES; t++) {
        if (strlen(names[t]) == n - 2 && memcmp(names[t], s + 2, n - 2) == 0) {
            *type = t;
            *part = s[0];
            return;
        }
    }
}

void ner_tags_to_bilou(const int *types, const char *parts, size_t n,
                       uint8_t *labels)
{
    /* First find spans: a span starts at a typed token whose type differs
     * from the previous token's, or whose part is B or S, or after an E/S. */
    size_t i = 0;
    while (i < n) {
        if (types[i] < 0) {
            labels[i++] = 0;
            continue;
        }
        size_t j = i + 1;
        while (j < n && types[j] == types[i] && parts[j] != 'B' &&
               parts[j] != 'S' && parts[j - 1] != 'E' && parts[j - 1] != 'S')
            j++;
        int base = 1 + 4 * types[i];
        if (j - i == 1) {
            labels[i] = (uint8_t)(base + 3);
        } else {
            labels[i] = (uint8_t)base;
            for (size_t k = i + 1; k + 1 < j; k++)
                labels[k] = (uint8_t)(base + 1);
            labels[j - 1] = (uint8_t)(base + 2);
        }
        i = j;
    }
}
