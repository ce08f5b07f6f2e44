/*
 * parser.c - the arc-eager transition parser: state, features, greedy
 * decoding, the dynamic oracle and training.
 *
 * Words are 0..n-1; the artificial root is word n and sits at the end of
 * the buffer (Ballesteros & Nivre 2013), so it is never shifted and the
 * parse ends when only the root is left in the buffer and the stack is
 * empty. Words still headless then were attached to the root by LEFT.
 * If several were, the first becomes the root and the others attach to it
 * (parataxis), so every sentence gets exactly one root.
 *
 * Decoding is greedy, or, for a model trained for one, a beam search
 * (see "beam search" and "global training for the beam" below).
 */
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "learn/linear.h"
#include "syntax/graph.h"
#include "syntax/syntax_int.h"

enum { T_SHIFT = 0, T_REDUCE, T_LEFT, T_RIGHT, T_COUNT };
enum { TAG_NONE = 62, TAG_ROOT = 63 };
/* UPOS indices (w5_upos_names; checked by tests/test_parser.c) the
 * in-between counts look at */
enum { UPOS_CCONJ = 5, UPOS_PUNCT = 13, UPOS_VERB = 16 };
enum { W5_PARSER_MAX_FEATS = 100, W5_LABEL_MAX_FEATS = 32 };
/* The feature set's revision within W5_PARSER_FEATURES (model meta[1]):
 * 0 = the first 88 transition and 26 label features below, 1 = all of
 * them (word clusters and the in-between counts). Revision 0 models are
 * still read: their features are the leading ones, hashed the same. */
enum { PARSER_REVISION = 1, REV0_TRANS_FEATS = 88, REV0_LABEL_FEATS = 26 };

#define WORD_NONE 0x6a09e667f3bcc908ull
#define WORD_ROOT 0xbb67ae8584caa73bull

/* The transition table as the parser reads it: buckets of one cache line,
 * each holding up to 12 features as 16 bits of their key and the weights
 * of REDUCE, LEFT and RIGHT minus that of SHIFT (only differences between
 * classes decide, so SHIFT's weight need not be kept) in int8, one step
 * per model. A feature is looked up in its one bucket with no branch: its
 * key is compared with all 12 at once and the weights of the (at most
 * one) match are added, so a feature costs one cache line and no
 * mispredicted probe loop, present or absent alike (this lookup is most
 * of parsing time). Built when the model is loaded, from the linear model
 * (whose packed copy took 8 MB of 8-byte slots a quarter full, and
 * probe loops; this is 1.4 MB); a bucket keeps its 12 strongest features,
 * the few weakest others are dropped like pruned ones. On EWT dev (gold
 * tokens) LAS moves by less than 0.1 either way. */
enum { TB_WAYS = 12 };
typedef struct tbucket {
    uint16_t key[TB_WAYS];          /* 0 = empty */
    int8_t d[T_COUNT - 1][TB_WAYS];
    uint8_t pad[4];
} tbucket;
/* Features per way the transition table is sized for (0.8: 4% of the
 * features dropped from full buckets, LAS as with all of them). */
#define TB_LOAD 0.8
/* Features whose largest difference is below this share of the model's
 * largest (2.5 int8 steps) are left out: a quarter of the features of the
 * shipped model (1.4 MB instead of 2), LAS as with all of them. */
#define TB_MIN_SHARE 0.02

/* The transition table of a model trained for a beam: the beam compares
 * the summed scores of different states, so every move's own weight is
 * kept (not differences to SHIFT): 10 features a bucket, their keys and
 * the four weights in int8. */
enum { TB4_WAYS = 10 };
typedef struct tbucket4 {
    uint16_t key[TB4_WAYS];         /* 0 = empty */
    int8_t w[T_COUNT][TB4_WAYS];
    uint8_t pad[4];
} tbucket4;
_Static_assert(sizeof(tbucket4) == 64, "a tbucket4 is one cache line");

/* The label table likewise: buckets of 16 features' 16-bit keys and the
 * numbers of their weight rows (0 = the row of zeros, for empty ways), and
 * rows of W5_DEPREL_COUNT int8 weights padded to one cache line (half the
 * int16 row, and one line instead of two). */
enum { LB_WAYS = 16, LROW = 64, LROWS_MAX = 65535 };
#define LB_LOAD 0.7
typedef struct lbucket {
    uint16_t key[LB_WAYS];
    uint16_t row[LB_WAYS];
} lbucket;

enum { ENSEMBLE_MAX = 8 };

struct w5_parser {
    w5_mfile *mf;
    w5_linear *trans, *label; /* files of the first format only */
    /* The tables parses read: built from trans and label at load (files
     * of the first format, and training; tables_owned set), or views of
     * a compact file's sections, which hold these tables as they are
     * (see "compact model files"). */
    const tbucket *ttab; /* the packed copy of trans (greedy models) */
    size_t tbuckets;    /* bucket count */
    const lbucket *ltab; /* the packed copy of label */
    const int8_t *lrows; /* its rows, LROW bytes each */
    size_t lbuckets;    /* label bucket count */
    size_t lrow_count;  /* rows in lrows */
    int tables_owned;   /* the tables are ours to free */
    w5_smap clusters;   /* word hash -> a = cluster bit path, b = depth
                           (empty map: no clusters in the model) */
    size_t ntrans, nlabel; /* features the model was trained with */
    const tbucket4 *ttab4; /* ... with all four weights, for beam models */
    size_t tbuckets4;
    int beam;           /* beam width parses use (1 = greedy) */
    int trained_beam;   /* the width the model was trained for (meta[2]) */
    int r2l;            /* parses the sentence read backwards (meta[3] bit 0) */
    /* an ensemble (w5_parser_ensemble): no model of its own */
    w5_parser *members[ENSEMBLE_MAX];
    float weights[ENSEMBLE_MAX];
    int widths[ENSEMBLE_MAX]; /* each member's width when made one */
    size_t nmembers;
    struct w5_graph *graph; /* a graph parser's network (graph.h), or NULL */
};

/* ---- state ---------------------------------------------------------------- */

typedef struct pstate {
    size_t n;
    uint64_t *w;        /* n+1 lowercased word hashes (root at n) */
    uint32_t *cl;       /* n+1 word clusters: path | depth << 24, 0 = none */
    uint32_t *cl4, *cl6; /* ... cut to their first 4 and 6 bits */
    uint32_t *before;   /* n+2 counts of verbs, punctuation and
                           conjunctions before word i (10 bits each) */
    uint8_t *p, *u;     /* n+1 XPOS and UPOS */
    /* the parse so far: the arrays below live in one block of mbytes at
     * mut (copied whole when a beam item is copied); the words above are
     * shared by the items of a beam */
    int32_t *stack;
    size_t sp, b;
    int32_t *head;      /* -1 = none; n = the root */
    uint8_t *label;
    int32_t *l1, *l2, *r1, *r2; /* two leftmost / rightmost children */
    uint32_t *nl, *nr;
    uint64_t *lset, *rset;      /* label sets of left / right children */
    uint8_t *in_stack;
    void *mut;
    size_t mbytes;
    void *block;
} pstate;

/* The bytes of a state's parse arrays for n words (a multiple of 8). */
static size_t mut_bytes(size_t n)
{
    size_t m = n + 1;
    return (m * (sizeof(uint64_t) * 2 + sizeof(int32_t) * 6 +
                 sizeof(uint32_t) * 2 + 2) + 7) / 8 * 8;
}

/* Points st's parse arrays into p (mut_bytes(st->n) bytes). */
static void set_mut(pstate *st, char *p)
{
    size_t m = st->n + 1;
    st->mut = p;
    st->mbytes = mut_bytes(st->n);
    st->lset = (uint64_t *)p; p += m * sizeof(uint64_t);
    st->rset = (uint64_t *)p; p += m * sizeof(uint64_t);
    st->stack = (int32_t *)p; p += m * sizeof(int32_t);
    st->head = (int32_t *)p; p += m * sizeof(int32_t);
    st->l1 = (int32_t *)p; p += m * sizeof(int32_t);
    st->l2 = (int32_t *)p; p += m * sizeof(int32_t);
    st->r1 = (int32_t *)p; p += m * sizeof(int32_t);
    st->r2 = (int32_t *)p; p += m * sizeof(int32_t);
    st->nl = (uint32_t *)p; p += m * sizeof(uint32_t);
    st->nr = (uint32_t *)p; p += m * sizeof(uint32_t);
    st->label = (uint8_t *)p; p += m;
    st->in_stack = (uint8_t *)p;
}

static int state_alloc(pstate *st, size_t n)
{
    size_t m = n + 1, mb = mut_bytes(n);
    size_t bytes = mb + m * (sizeof(uint64_t) + sizeof(uint32_t) * 4 + 2) +
                   sizeof(uint32_t);
    char *p = calloc(1, bytes + 64);
    if (!p)
        return W5_ERR_NOMEM;
    memset(st, 0, sizeof *st);
    st->block = p;
    st->n = n;
    set_mut(st, p);
    p += mb;
    st->w = (uint64_t *)p; p += m * sizeof(uint64_t);
    st->cl = (uint32_t *)p; p += m * sizeof(uint32_t);
    st->cl4 = (uint32_t *)p; p += m * sizeof(uint32_t);
    st->cl6 = (uint32_t *)p; p += m * sizeof(uint32_t);
    st->before = (uint32_t *)p; p += (m + 1) * sizeof(uint32_t);
    st->p = (uint8_t *)p; p += m;
    st->u = (uint8_t *)p;
    return 0;
}

static void state_free(pstate *st)
{
    free(st->block);
    st->block = NULL;
}

/* Makes dst a state over the words of src with its parse arrays at mem
 * (mut_bytes(src->n) bytes, owned by the caller); copy with state_copy. */
static void state_view(pstate *dst, const pstate *src, char *mem)
{
    *dst = *src;
    dst->block = NULL;
    set_mut(dst, mem);
}

/* Copies the parse of src into dst (a state over the same words). */
static void state_copy(pstate *dst, const pstate *src)
{
    memcpy(dst->mut, src->mut, src->mbytes);
    dst->sp = src->sp;
    dst->b = src->b;
}

/* Resets the parse of the words already loaded (w, p, u). */
static void state_reset(pstate *st)
{
    size_t m = st->n + 1;
    st->sp = 0;
    st->b = 0;
    for (size_t i = 0; i < m; i++) {
        st->head[i] = st->l1[i] = st->l2[i] = st->r1[i] = st->r2[i] = -1;
        st->nl[i] = st->nr[i] = 0;
        st->lset[i] = st->rset[i] = 0;
        st->label[i] = 0;
        st->in_stack[i] = 0;
    }
}

/* The parser's hash of a word: its first 64 bytes lowercased (ASCII), and
 * its length. Also the key of the word's cluster (| 1: never 0). */
uint64_t w5_parser_word_hash(const char *s, size_t len)
{
    char low[64];
    size_t m = len < sizeof low ? len : sizeof low;
    for (size_t k = 0; k < m; k++) {
        char c = s[k];
        low[k] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
    }
    return w5_hash_bytes(low, m, 3 + len);
}

static uint64_t word_hash(const char *s, size_t len)
{
    return w5_parser_word_hash(s, len);
}

/* A cluster (path | depth << 24) cut to its first `bits` bits. A depth
 * is at most 24 in a file we wrote; a damaged one's up to 255 shifts
 * every bit out (no shift of 32 or more: undefined; fuzz_model). */
static uint32_t cluster_prefix(uint32_t cl, uint32_t bits)
{
    uint32_t depth = cl >> 24, path = cl & 0xffffff;
    if (depth <= bits)
        return cl;
    return (depth - bits < 32 ? path >> (depth - bits) : 0) | bits << 24;
}

static void load_words(pstate *st, const w5_smap *clusters,
                       const w5_span *words, const uint8_t *upos,
                       const uint8_t *xpos)
{
    for (size_t i = 0; i < st->n; i++) {
        st->w[i] = word_hash(words[i].s, words[i].len);
        const w5_smap_entry *e =
            clusters->slots ? w5_smap_get(clusters, st->w[i] | 1) : NULL;
        st->cl[i] = e ? e->a | e->b << 24 : 0;
        st->p[i] = xpos[i] < W5_XPOS_COUNT ? xpos[i] : 0;
        st->u[i] = upos[i] < W5_UPOS_COUNT ? upos[i] : 0;
    }
    st->cl[st->n] = 0xffffffu;
    for (size_t i = 0; i <= st->n; i++) {
        st->cl4[i] = cluster_prefix(st->cl[i], 4);
        st->cl6[i] = cluster_prefix(st->cl[i], 6);
    }
    /* running counts, each saturating at 1023 (only 0, 1 and 2+ are
     * told apart by the features) */
    uint32_t v = 0, pu = 0, cc = 0;
    for (size_t i = 0; i <= st->n; i++) {
        st->before[i] = v | pu << 10 | cc << 20;
        uint8_t u = i < st->n ? st->u[i] : 0;
        v += u == UPOS_VERB && v < 1023;
        pu += u == UPOS_PUNCT && pu < 1023;
        cc += u == UPOS_CCONJ && cc < 1023;
    }
    st->w[st->n] = WORD_ROOT;
    st->p[st->n] = TAG_ROOT;
    st->u[st->n] = TAG_ROOT;
}

static int is_terminal(const pstate *st)
{
    return st->b >= st->n && st->sp == 0;
}

static void valid_moves(const pstate *st, int *ok)
{
    int s = st->sp ? st->stack[st->sp - 1] : -1;
    ok[T_SHIFT] = st->b < st->n;
    ok[T_REDUCE] = s >= 0 && st->head[s] >= 0;
    ok[T_LEFT] = s >= 0 && st->head[s] < 0;
    ok[T_RIGHT] = s >= 0 && st->b < st->n;
}

static void add_arc(pstate *st, int32_t h, int32_t d, uint8_t lab)
{
    st->head[d] = h;
    st->label[d] = lab;
    uint64_t bit = 1ull << (lab & 63);
    if (d < h) {
        st->l2[h] = st->l1[h];
        st->l1[h] = d;
        st->nl[h]++;
        st->lset[h] |= bit;
    } else {
        st->r2[h] = st->r1[h];
        st->r1[h] = d;
        st->nr[h]++;
        st->rset[h] |= bit;
    }
}

static void apply_move(pstate *st, int t, uint8_t lab)
{
    int32_t s = st->sp ? st->stack[st->sp - 1] : -1;
    int32_t b = (int32_t)st->b;
    switch (t) {
    case T_SHIFT:
        st->in_stack[b] = 1;
        st->stack[st->sp++] = b;
        st->b++;
        break;
    case T_REDUCE:
        st->in_stack[s] = 0;
        st->sp--;
        break;
    case T_LEFT:
        st->in_stack[s] = 0;
        st->sp--;
        add_arc(st, b, s, lab);
        break;
    default:
        add_arc(st, s, b, lab);
        st->in_stack[b] = 1;
        st->stack[st->sp++] = b;
        st->b++;
        break;
    }
}

/* ---- features ------------------------------------------------------------- */

/* A feature's bucket (in either table) is chosen by the high bits of the
 * linear model's 32-bit key (scaled to the bucket count: any count, not
 * only powers of two) and checked against its low 16 bits, so that the
 * tables can be built, pruned and sized from the model file alone (which
 * keeps only those 32 bits). */
static inline size_t tb_index(uint32_t key32, size_t nbuckets)
{
    return (size_t)(((uint64_t)key32 * nbuckets) >> 32);
}

static inline uint16_t tb_key(uint32_t key32)
{
    uint16_t k = (uint16_t)key32;
    return k ? k : 1;
}


static inline uint64_t W(const pstate *st, int32_t t)
{
    return t < 0 ? WORD_NONE : st->w[t];
}
static inline uint64_t P(const pstate *st, int32_t t)
{
    return t < 0 ? TAG_NONE : st->p[t];
}
static inline uint64_t U(const pstate *st, int32_t t)
{
    return t < 0 ? TAG_NONE : st->u[t];
}
static inline uint64_t L(const pstate *st, int32_t t)
{
    return t < 0 ? 0 : st->label[t];
}
static inline uint64_t WP(const pstate *st, int32_t t)
{
    return t < 0 ? WORD_NONE : st->w[t] ^ ((uint64_t)st->p[t] << 56);
}
/* The cluster of word t (CL), and cut to 4 and 6 bits; unknown words
 * and no word get values of their own. */
static inline uint64_t CL(const pstate *st, int32_t t)
{
    return t < 0 ? 1ull << 40 : st->cl[t] | 1ull << 32;
}
static inline uint64_t C4(const pstate *st, int32_t t)
{
    return t < 0 ? 1ull << 40 : st->cl4[t] | 1ull << 32;
}
static inline uint64_t C6(const pstate *st, int32_t t)
{
    return t < 0 ? 1ull << 40 : st->cl6[t] | 1ull << 32;
}
static inline int32_t CH(const int32_t *a, int32_t t) { return t < 0 ? -1 : a[t]; }

/* How many verbs, punctuation marks and conjunctions lie strictly between
 * words a < b, each as 0, 1 or 2+ (one value). Counts past 1023 saturate,
 * which only blurs sentences with over a thousand of one kind. */
static uint64_t between(const pstate *st, int32_t a, int32_t b)
{
    if (a < 0 || b < 0 || b <= a)
        return 27;
    uint32_t x = st->before[b], y = st->before[a + 1];
    uint64_t out = 0;
    for (int k = 0; k < 3; k++) {
        uint32_t d = ((x >> (10 * k)) & 1023) - ((y >> (10 * k)) & 1023);
        out = out * 3 + (d < 2 ? d : 2);
    }
    return out;
}

static uint64_t dist_bucket(int32_t a, int32_t b)
{
    if (a < 0 || b < 0)
        return 0;
    int32_t d = b - a;
    return d < 5 ? (uint64_t)d : d < 10 ? 6 : 7;
}

/* ---- batched feature hashing --------------------------------------------- */

/* The features of one decision are gathered as operands (template number
 * and one to three values), then hashed together: w5_f1 / w5_f2 / w5_f3
 * of each, the same values as one by one, but 8 at a time with AVX-512
 * where the CPU has it (hashing was a third of parsing time). */
/* a multiple of 8: the AVX-512 path reads t and arity 8 bytes at a time */
enum { FB_CAP = (W5_PARSER_MAX_FEATS + 7) / 8 * 8 };
typedef struct fbatch {
    uint64_t a[FB_CAP], b[FB_CAP], c[FB_CAP];
    uint8_t t[FB_CAP], arity[FB_CAP]; /* b is set when arity >= 2, c at 3 */
} fbatch;

/* Where each feature of a decision is looked up when parsing: its bucket
 * (a tbucket or an lbucket, prefetched as soon as known) and its key
 * there. */
typedef struct probes {
    const unsigned char *bucket[FB_CAP];
    uint16_t key[FB_CAP];
} probes;

/* The buckets of a table (tbuckets and lbuckets are both 64 bytes). */
typedef struct table_ref {
    const unsigned char *base;
    size_t nbuckets;
} table_ref;

#define FB_ADD1(tn, x) (fb.t[k] = (tn), fb.arity[k] = 1, fb.a[k] = (x), k++)
#define FB_ADD2(tn, x, y) \
    (fb.t[k] = (tn), fb.arity[k] = 2, fb.a[k] = (x), fb.b[k] = (y), k++)
#define FB_ADD3(tn, x, y, z) \
    (fb.t[k] = (tn), fb.arity[k] = 3, fb.a[k] = (x), fb.b[k] = (y), \
     fb.c[k] = (z), k++)

static void hash_batch_scalar(const fbatch *fb, size_t n, uint64_t *f,
                              const table_ref *tab, probes *pr)
{
    for (size_t k = 0; k < n; k++) {
        uint64_t h = w5_f1(fb->t[k], fb->a[k]);
        if (fb->arity[k] >= 2)
            h = w5_hash_mix(h, fb->b[k]);
        if (fb->arity[k] >= 3)
            h = w5_hash_mix(h, fb->c[k]);
        f[k] = h;
        if (tab) {
            uint32_t key32 = w5_linear_key32(h);
            pr->bucket[k] = tab->base + tb_index(key32, tab->nbuckets) * 64;
            pr->key[k] = tb_key(key32);
            __builtin_prefetch(pr->bucket[k]);
        }
    }
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define W5_HAVE_AVX512_HASH 1

/* w5_hash_mix on 8 lanes */
__attribute__((target("avx512f,avx512dq")))
static inline __m512i mix8(__m512i x, __m512i y)
{
    const __m512i golden = _mm512_set1_epi64((long long)0x9E3779B97F4A7C15ull);
    const __m512i fmix = _mm512_set1_epi64((long long)0xFF51AFD7ED558CCDull);
    __m512i s = _mm512_add_epi64(_mm512_add_epi64(y, golden),
                                 _mm512_add_epi64(_mm512_slli_epi64(x, 6),
                                                  _mm512_srli_epi64(x, 2)));
    __m512i h = _mm512_xor_si512(x, s);
    h = _mm512_xor_si512(h, _mm512_srli_epi64(h, 33));
    h = _mm512_mullo_epi64(h, fmix);
    return _mm512_xor_si512(h, _mm512_srli_epi64(h, 33));
}

/* ... and, when parsing (tab set), each feature's bucket and key: those
 * of 8 features computed at once and prefetched while the next 8 are
 * hashed. */
__attribute__((target("avx512f,avx512dq")))
static void hash_batch_avx512(const fbatch *fb, size_t n, uint64_t *f,
                              const table_ref *tab, probes *pr)
{
    const __m512i golden = _mm512_set1_epi64((long long)0x9E3779B97F4A7C15ull);
    const __m512i one = _mm512_set1_epi64(1), zero = _mm512_setzero_si512();
    const __m512i low16 = _mm512_set1_epi64(0xffff);
    const __m512i nb = _mm512_set1_epi64(tab ? (long long)tab->nbuckets : 0);
    const __m512i base = _mm512_set1_epi64(tab ? (long long)(uintptr_t)tab->base : 0);
    for (size_t k = 0; k < n; k += 8) {
        __mmask8 live = n - k >= 8 ? 0xff : (__mmask8)((1u << (n - k)) - 1);
        __m128i ar = _mm_loadl_epi64((const __m128i *)(fb->arity + k));
        __mmask8 two = (__mmask8)(_mm_movemask_epi8(_mm_cmpgt_epi8(ar, _mm_set1_epi8(1))) & live);
        __mmask8 three = (__mmask8)(_mm_movemask_epi8(_mm_cmpgt_epi8(ar, _mm_set1_epi8(2))) & live);
        __m512i t = _mm512_cvtepu8_epi64(_mm_loadl_epi64((const __m128i *)(fb->t + k)));
        __m512i h = _mm512_add_epi64(_mm512_mullo_epi64(t, golden), one);
        h = mix8(h, _mm512_maskz_loadu_epi64(live, fb->a + k));
        h = _mm512_mask_mov_epi64(h, two, mix8(h, _mm512_maskz_loadu_epi64(two, fb->b + k)));
        h = _mm512_mask_mov_epi64(h, three, mix8(h, _mm512_maskz_loadu_epi64(three, fb->c + k)));
        _mm512_mask_storeu_epi64(f + k, live, h);
        if (!tab)
            continue;
        /* w5_linear_key32, tb_index and tb_key on 8 lanes */
        __m512i key32 = _mm512_srli_epi64(h, 32);
        key32 = _mm512_mask_mov_epi64(key32, _mm512_cmpeq_epi64_mask(key32, zero), one);
        __m512i idx = _mm512_srli_epi64(_mm512_mul_epu32(key32, nb), 32);
        __m512i addr = _mm512_add_epi64(base, _mm512_slli_epi64(idx, 6));
        __m512i key = _mm512_and_si512(key32, low16);
        key = _mm512_mask_mov_epi64(key, _mm512_cmpeq_epi64_mask(key, zero), one);
        _mm512_mask_storeu_epi64((void *)(pr->bucket + k), live, addr);
        _mm512_mask_cvtepi64_storeu_epi16(pr->key + k, live, key);
        for (size_t j = k; j < n && j < k + 8; j++)
            __builtin_prefetch(pr->bucket[j]);
    }
}
#endif

/* Hashes the n gathered features into f and, when parsing (tab set),
 * finds and prefetches their buckets in tab (into pr). */
static void hash_batch(const fbatch *fb, size_t n, uint64_t *f,
                       const table_ref *tab, probes *pr)
{
#ifdef W5_HAVE_AVX512_HASH
    /* reads a flag libgcc / compiler-rt set once at start-up */
    if (__builtin_cpu_supports("avx512dq")) {
        hash_batch_avx512(fb, n, f, tab, pr);
        return;
    }
#endif
    hash_batch_scalar(fb, n, f, tab, pr);
}

/* The transition features of st (the first `limit` of them: a model of
 * revision 0 has fewer) into f; pf: the parser whose table to prefetch
 * from, or NULL. */
static size_t trans_features(const pstate *st, uint64_t *f, size_t limit,
                             const table_ref *tab, probes *pr)
{
    int32_t s0 = st->sp ? st->stack[st->sp - 1] : -1;
    int32_t s1 = st->sp > 1 ? st->stack[st->sp - 2] : -1;
    int32_t n0 = st->b <= st->n ? (int32_t)st->b : -1;
    int32_t n1 = st->b + 1 <= st->n ? (int32_t)st->b + 1 : -1;
    int32_t n2 = st->b + 2 <= st->n ? (int32_t)st->b + 2 : -1;
    int32_t s0h = s0 >= 0 ? st->head[s0] : -1;
    int32_t s0h2 = s0h >= 0 && s0h < (int32_t)st->n ? st->head[s0h] : -1;
    int32_t s0l = CH(st->l1, s0), s0r = CH(st->r1, s0);
    int32_t s0l2 = CH(st->l2, s0), s0r2 = CH(st->r2, s0);
    int32_t n0l = CH(st->l1, n0), n0l2 = CH(st->l2, n0);
    uint64_t s0w = W(st, s0), s0p = P(st, s0), s0wp = WP(st, s0);
    uint64_t n0w = W(st, n0), n0p = P(st, n0), n0wp = WP(st, n0);
    uint64_t n1w = W(st, n1), n1p = P(st, n1);
    uint64_t n2w = W(st, n2), n2p = P(st, n2);
    uint64_t d = dist_bucket(s0, n0);
    uint64_t s0vl = s0 >= 0 ? st->nl[s0] : 99, s0vr = s0 >= 0 ? st->nr[s0] : 99;
    uint64_t n0vl = n0 >= 0 ? st->nl[n0] : 99;
    uint64_t s0sl = s0 >= 0 ? st->lset[s0] : 1, s0sr = s0 >= 0 ? st->rset[s0] : 1;
    uint64_t n0sl = n0 >= 0 ? st->lset[n0] : 1;
    uint64_t s0hashead = s0 >= 0 ? (s0h >= 0) + 1 : 0;
    fbatch fb;
    size_t k = 0;
    /* single words */
    FB_ADD1(1, s0w);
    FB_ADD1(2, s0p);
    FB_ADD1(3, s0wp);
    FB_ADD1(4, n0w);
    FB_ADD1(5, n0p);
    FB_ADD1(6, n0wp);
    FB_ADD1(7, n1w);
    FB_ADD1(8, n1p);
    FB_ADD1(9, WP(st, n1));
    FB_ADD1(10, n2w);
    FB_ADD1(11, n2p);
    /* pairs */
    FB_ADD2(12, s0wp, n0wp);
    FB_ADD2(13, s0wp, n0w);
    FB_ADD2(14, s0w, n0wp);
    FB_ADD2(15, s0wp, n0p);
    FB_ADD2(16, s0p, n0wp);
    FB_ADD2(17, s0w, n0w);
    FB_ADD2(18, s0p, n0p);
    FB_ADD2(19, n0p, n1p);
    /* triples of tags */
    FB_ADD3(20, n0p, n1p, n2p);
    FB_ADD3(21, s0p, n0p, n1p);
    FB_ADD3(22, P(st, s0h), s0p, n0p);
    FB_ADD3(23, s0p, P(st, s0l), n0p);
    FB_ADD3(24, s0p, P(st, s0r), n0p);
    FB_ADD3(25, s0p, n0p, P(st, n0l));
    /* distance */
    FB_ADD2(26, s0w, d);
    FB_ADD2(27, s0p, d);
    FB_ADD2(28, n0w, d);
    FB_ADD2(29, n0p, d);
    FB_ADD3(30, s0w, n0w, d);
    FB_ADD3(31, s0p, n0p, d);
    /* valency */
    FB_ADD2(32, s0w, s0vr);
    FB_ADD2(33, s0p, s0vr);
    FB_ADD2(34, s0w, s0vl);
    FB_ADD2(35, s0p, s0vl);
    FB_ADD2(36, n0w, n0vl);
    FB_ADD2(37, n0p, n0vl);
    /* second order */
    FB_ADD1(38, W(st, s0h));
    FB_ADD1(39, P(st, s0h));
    FB_ADD1(40, L(st, s0));
    FB_ADD1(41, W(st, s0l));
    FB_ADD1(42, P(st, s0l));
    FB_ADD1(43, L(st, s0l));
    FB_ADD1(44, W(st, s0r));
    FB_ADD1(45, P(st, s0r));
    FB_ADD1(46, L(st, s0r));
    FB_ADD1(47, W(st, n0l));
    FB_ADD1(48, P(st, n0l));
    FB_ADD1(49, L(st, n0l));
    /* third order */
    FB_ADD1(50, W(st, s0h2));
    FB_ADD1(51, P(st, s0h2));
    FB_ADD1(52, s0h >= 0 && s0h < (int32_t)st->n ? L(st, s0h) : 0);
    FB_ADD1(53, W(st, s0l2));
    FB_ADD1(54, P(st, s0l2));
    FB_ADD1(55, L(st, s0l2));
    FB_ADD1(56, W(st, s0r2));
    FB_ADD1(57, P(st, s0r2));
    FB_ADD1(58, L(st, s0r2));
    FB_ADD1(59, W(st, n0l2));
    FB_ADD1(60, P(st, n0l2));
    FB_ADD1(61, L(st, n0l2));
    FB_ADD3(62, s0p, P(st, s0l), P(st, s0l2));
    FB_ADD3(63, s0p, P(st, s0r), P(st, s0r2));
    FB_ADD3(64, s0p, P(st, s0h), P(st, s0h2));
    FB_ADD3(65, n0p, P(st, n0l), P(st, n0l2));
    /* label sets */
    FB_ADD2(66, s0w, s0sr);
    FB_ADD2(67, s0p, s0sr);
    FB_ADD2(68, s0w, s0sl);
    FB_ADD2(69, s0p, s0sl);
    FB_ADD2(70, n0w, n0sl);
    FB_ADD2(71, n0p, n0sl);
    /* extras: the word below the top, whether the top is attached */
    FB_ADD1(72, P(st, s1));
    FB_ADD3(73, P(st, s1), s0p, n0p);
    FB_ADD3(74, s0hashead, s0p, n0p);
    FB_ADD3(75, s0hashead, s0w, n0p);
    FB_ADD2(76, W(st, s1), s0p);
    FB_ADD3(77, s0p, n0p, L(st, s0));
    FB_ADD3(78, s0hashead, s0p, n0w);
    FB_ADD3(79, s0p, n0p, n1w);
    /* universal tags: a second, coarser view that survives XPOS errors */
    FB_ADD1(80, U(st, s0));
    FB_ADD1(81, U(st, n0));
    FB_ADD1(82, U(st, n1));
    FB_ADD2(83, U(st, s0), U(st, n0));
    FB_ADD3(84, U(st, s0), U(st, n0), U(st, n1));
    FB_ADD3(85, U(st, s1), U(st, s0), U(st, n0));
    FB_ADD2(86, s0w, U(st, n0));
    FB_ADD2(87, U(st, s0), n0w);
    if (limit <= REV0_TRANS_FEATS)
        goto hash;
    /* word clusters (Koo et al. 2008): coarse word classes that generalise
     * past the words seen in the treebank and past tagging errors */
    FB_ADD1(88, CL(st, s0));
    FB_ADD1(89, CL(st, n0));
    FB_ADD1(90, CL(st, n1));
    FB_ADD2(91, C4(st, s0), C4(st, n0));
    FB_ADD2(92, C6(st, s0), n0p);
    FB_ADD2(93, s0p, C6(st, n0));
    FB_ADD3(94, C4(st, s0), C4(st, n0), C4(st, n1));
    FB_ADD2(95, C6(st, s0), C6(st, n0));
    /* what lies between the top and the next word: verbs, punctuation,
     * conjunctions (clause and coordination boundaries) */
    uint64_t btw = between(st, s0, n0);
    FB_ADD3(96, s0p, n0p, btw);
    FB_ADD3(97, s0w, n0p, btw);
    FB_ADD3(98, s0p, n0w, btw);
    FB_ADD3(99, s0p, n0p, btw * 8 + d);
hash:
    hash_batch(&fb, k, f, tab, pr);
    return k;
}

/* The label features of the arc h -> d, as trans_features. */
static size_t label_features(const pstate *st, int32_t h, int32_t d,
                             uint64_t *f, size_t limit, const w5_parser *pf,
                             probes *pr)
{
    uint64_t dir = d < h ? 1 : 2;
    uint64_t dw = W(st, d), dp = P(st, d), hw = W(st, h), hp = P(st, h);
    uint64_t du = d >= 0 ? st->u[d] : TAG_NONE, hu = h >= 0 ? st->u[h] : TAG_NONE;
    int32_t lo = d < h ? d : h, hi = d < h ? h : d;
    uint64_t dist = dist_bucket(lo, hi) * 4 + dir;
    int32_t dm1 = d > 0 ? d - 1 : -1, dp1 = d + 1 <= (int32_t)st->n ? d + 1 : -1;
    uint64_t hsets = h >= 0 ? st->lset[h] | st->rset[h] : 0;
    int32_t hh = h >= 0 && h < (int32_t)st->n ? st->head[h] : -1;
    fbatch fb;
    size_t k = 0;
    FB_ADD1(200, dir);
    FB_ADD2(201, dw, dir);
    FB_ADD2(202, dp, dir);
    FB_ADD2(203, hw, dir);
    FB_ADD2(204, hp, dir);
    FB_ADD3(205, dp, hp, dir);
    FB_ADD3(206, dw, hp, dir);
    FB_ADD3(207, dp, hw, dir);
    FB_ADD3(208, dw, hw, dir);
    FB_ADD3(209, du, hu, dist);
    FB_ADD2(210, dp, dist);
    FB_ADD3(211, dp, hp, st->lset[d]);
    FB_ADD3(212, dp, hp, hsets);
    FB_ADD2(213, dp, L(st, CH(st->l1, d)));
    FB_ADD3(214, dp, hp, P(st, dp1));
    FB_ADD3(215, dp, hp, P(st, dm1));
    FB_ADD3(216, dp, hp, L(st, hh >= 0 ? h : -1));
    FB_ADD3(217, dw, hu, L(st, hh >= 0 ? h : -1));
    FB_ADD3(218, dp, hp, L(st, d < h ? CH(st->l1, h) : CH(st->r1, h)));
    FB_ADD3(219, du, dir, W(st, CH(st->l1, d)));
    FB_ADD3(220, dp, hp, st->nl[d] + 8u * (h == (int32_t)st->n));
    FB_ADD2(221, dw, hu);
    FB_ADD3(222, du, hu, P(st, dp1) << 8 | P(st, dm1));
    int32_t dp2 = d + 2 <= (int32_t)st->n ? d + 2 : -1;
    FB_ADD3(223, dp, hp, W(st, dp1));
    FB_ADD3(224, dp, P(st, dp1), P(st, dp2));
    FB_ADD3(225, dw, W(st, dp1), dir);
    if (limit <= REV0_LABEL_FEATS)
        goto hash;
    FB_ADD3(226, CL(st, d), hp, dir);
    FB_ADD3(227, dp, CL(st, h), dir);
    FB_ADD3(228, C6(st, d), C6(st, h), dir);
    FB_ADD3(229, dp, hp, between(st, lo, hi) * 4 + dir);
hash:;
    table_ref tab = {pf ? (const unsigned char *)pf->ltab : NULL,
                     pf ? pf->lbuckets : 0};
    hash_batch(&fb, k, f, pf ? &tab : NULL, pr);
    return k;
}

/* ---- the packed transition table ----------------------------------------- */

static int32_t abs32(int32_t x) { return x < 0 ? -x : x; }

typedef struct tfeat {
    uint32_t key32;
    int32_t strength;   /* largest |difference| */
    int32_t d[T_COUNT - 1];
} tfeat;

/* Strongest first; ties in a fixed order (qsort is not stable). */
static int by_strength_desc(const void *a, const void *b)
{
    const tfeat *x = a, *y = b;
    if (x->strength != y->strength)
        return x->strength < y->strength ? 1 : -1;
    if (x->key32 != y->key32)
        return x->key32 < y->key32 ? -1 : 1;
    return memcmp(x->d, y->d, sizeof x->d);
}

/* One int8 step of a model whose largest weight is max_abs, as the
 * 2^-24ths of a step a unit of weight is (integers: loading quantises
 * millions of weights). */
static int64_t step_q24(int32_t max_abs)
{
    return ((int64_t)127 << 24) / (max_abs > 0 ? max_abs : 1);
}

/* v in int8 steps (per_step from step_q24), rounded half away from zero */
static int8_t quantise8(int32_t v, int64_t per_step)
{
    int64_t a = v < 0 ? -(int64_t)v : v;
    int64_t q = (a * per_step + ((int64_t)1 << 23)) >> 24;
    q = q > 127 ? 127 : q;
    return (int8_t)(v < 0 ? -q : q);
}

/* Inserts f into its bucket unless the bucket is full or already holds
 * its key (two features one lookup could not tell apart): features
 * come strongest first, so the weaker one is the one left out. */
static int tb_insert(tbucket *tab, size_t nb, const tfeat *f, int64_t per_step)
{
    tbucket *b = &tab[tb_index(f->key32, nb)];
    uint16_t key = tb_key(f->key32);
    for (int j = 0; j < TB_WAYS; j++) {
        if (b->key[j] == key)
            return 0;
        if (b->key[j])
            continue;
        b->key[j] = key;
        for (int c = 0; c < T_COUNT - 1; c++)
            b->d[c][j] = quantise8(f->d[c], per_step);
        return 1;
    }
    return 0;
}

/* Builds the transition table from the linear model: the differences
 * to SHIFT's weight in int8, one step for the model, the largest
 * difference being 127 steps. */
static int pack_trans(w5_parser *ps)
{
    const w5_linear *lin = ps->trans;
    size_t nslots = lin->meta.nslots, n = 0;
    tfeat *feats = malloc((lin->meta.nfeat + 1) * sizeof *feats);
    if (!feats)
        return W5_ERR_NOMEM;
    int32_t max_abs = 1;
    for (size_t i = 0; i < nslots && n < lin->meta.nfeat; i++) {
        if (!lin->slots[i].key)
            continue;
        const int16_t *w = lin->w + (size_t)lin->slots[i].row * T_COUNT;
        tfeat *f = &feats[n++];
        f->key32 = lin->slots[i].key;
        f->strength = 0;
        for (int c = 1; c < T_COUNT; c++) {
            f->d[c - 1] = (int32_t)w[c] - w[0];
            int32_t a = abs32(f->d[c - 1]);
            f->strength = a > f->strength ? a : f->strength;
        }
        max_abs = f->strength > max_abs ? f->strength : max_abs;
    }
    size_t kept = 0;
    for (size_t i = 0; i < n; i++)
        if (feats[i].strength >= TB_MIN_SHARE * max_abs)
            feats[kept++] = feats[i];
    n = kept;
    size_t nb = (size_t)((double)n / (TB_WAYS * TB_LOAD)) + 1;
    tbucket *tab = aligned_alloc(64, nb * sizeof *tab);
    /* the features of each bucket together (counting sort), so that only
     * those need sorting strongest first: the table is the same as with
     * the whole list sorted, without a sort of it (most of loading time) */
    uint32_t *start = calloc(nb + 1, sizeof *start);
    tfeat *by_bucket = malloc((n + 1) * sizeof *by_bucket);
    if (!tab || !start || !by_bucket) {
        free(tab);
        free(start);
        free(by_bucket);
        free(feats);
        return W5_ERR_NOMEM;
    }
    for (size_t i = 0; i < n; i++)
        start[tb_index(feats[i].key32, nb) + 1]++;
    for (size_t b = 0; b < nb; b++)
        start[b + 1] += start[b];
    for (size_t i = 0; i < n; i++)
        by_bucket[start[tb_index(feats[i].key32, nb)]++] = feats[i];
    /* start[b] is now the end of bucket b's features */
    memset(tab, 0, nb * sizeof *tab);
    int64_t per_step = step_q24(max_abs);
    for (size_t b = 0, lo = 0; b < nb; lo = start[b++]) {
        tfeat *f = by_bucket + lo;
        size_t m = start[b] - lo;
        for (size_t i = 1; i < m; i++) { /* insertion sort: a few each */
            tfeat x = f[i];
            size_t j = i;
            for (; j > 0 && by_strength_desc(&x, &f[j - 1]) < 0; j--)
                f[j] = f[j - 1];
            f[j] = x;
        }
        for (size_t i = 0; i < m; i++)
            tb_insert(tab, nb, &f[i], per_step);
    }
    free(start);
    free(by_bucket);
    free(feats);
    ps->ttab = tab;
    ps->tbuckets = nb;
    ps->tables_owned = 1;
    return 0;
}

/* The table of all four weights (tbucket4) for beam search, built as
 * pack_trans builds its own: features under TB_MIN_SHARE of the largest
 * weight left out, the strongest kept in a full bucket. */
static int pack_trans4(w5_parser *ps)
{
    const w5_linear *lin = ps->trans;
    size_t nslots = lin->meta.nslots, n = 0;
    typedef struct { uint32_t key32; int32_t strength; int16_t w[T_COUNT]; } f4;
    f4 *feats = malloc((lin->meta.nfeat + 1) * sizeof *feats);
    if (!feats)
        return W5_ERR_NOMEM;
    int32_t max_abs = 1;
    for (size_t i = 0; i < nslots && n < lin->meta.nfeat; i++) {
        if (!lin->slots[i].key)
            continue;
        const int16_t *w = lin->w + (size_t)lin->slots[i].row * T_COUNT;
        f4 *f = &feats[n++];
        f->key32 = lin->slots[i].key;
        f->strength = 0;
        for (int c = 0; c < T_COUNT; c++) {
            f->w[c] = w[c];
            int32_t a = abs32(w[c]);
            f->strength = a > f->strength ? a : f->strength;
        }
        max_abs = f->strength > max_abs ? f->strength : max_abs;
    }
    size_t kept = 0;
    for (size_t i = 0; i < n; i++)
        if (feats[i].strength >= TB_MIN_SHARE * max_abs)
            feats[kept++] = feats[i];
    n = kept;
    size_t nb = (size_t)((double)n / (TB4_WAYS * TB_LOAD)) + 1;
    /* one bucket more: the scorer reads 16 bytes from a bucket's last
     * weights, 2 past its end */
    tbucket4 *tab = aligned_alloc(64, (nb + 1) * sizeof *tab);
    uint32_t *start = calloc(nb + 1, sizeof *start);
    f4 *by_bucket = malloc((n + 1) * sizeof *by_bucket);
    if (!tab || !start || !by_bucket) {
        free(tab);
        free(start);
        free(by_bucket);
        free(feats);
        return W5_ERR_NOMEM;
    }
    /* each bucket's features together (counting sort), then strongest
     * first (ties by key): a full bucket keeps the strongest */
    for (size_t i = 0; i < n; i++)
        start[tb_index(feats[i].key32, nb) + 1]++;
    for (size_t b = 0; b < nb; b++)
        start[b + 1] += start[b];
    for (size_t i = 0; i < n; i++)
        by_bucket[start[tb_index(feats[i].key32, nb)]++] = feats[i];
    memset(tab, 0, (nb + 1) * sizeof *tab);
    int64_t per_step = step_q24(max_abs);
    for (size_t bi = 0, lo = 0; bi < nb; lo = start[bi++]) {
        f4 *f = by_bucket + lo;
        size_t m = start[bi] - lo;
        for (size_t i = 1; i < m; i++) {
            f4 x = f[i];
            size_t j = i;
            for (; j > 0 && (f[j - 1].strength < x.strength ||
                             (f[j - 1].strength == x.strength &&
                              f[j - 1].key32 > x.key32)); j--)
                f[j] = f[j - 1];
            f[j] = x;
        }
        tbucket4 *b = &tab[bi];
        for (size_t i = 0; i < m; i++) {
            uint16_t key = tb_key(f[i].key32);
            for (int j = 0; j < TB4_WAYS; j++) {
                if (b->key[j] == key)
                    break;
                if (b->key[j])
                    continue;
                b->key[j] = key;
                for (int c = 0; c < T_COUNT; c++)
                    b->w[c][j] = quantise8(f[i].w[c], per_step);
                break;
            }
        }
    }
    free(start);
    free(by_bucket);
    free(feats);
    ps->ttab4 = tab;
    ps->tbuckets4 = nb;
    ps->tables_owned = 1;
    return 0;
}

/* The four move scores of the features pr holds (found in a tbucket4
 * table), in int8 steps. */
static void score_trans4(const probes *pr, size_t nf, float *scores)
{
#ifdef __SSE2__
    __m128i acc[T_COUNT];
    const __m128i zero = _mm_setzero_si128(), bias = _mm_set1_epi8((char)0x80);
    const __m128i ways = _mm_set_epi32(0, 0xffff, -1, -1); /* lanes 0-9 */
    for (int c = 0; c < T_COUNT; c++)
        acc[c] = zero;
    for (size_t k = 0; k < nf; k++) {
        const char *b = (const char *)pr->bucket[k];
        __m128i kv = _mm_set1_epi16((short)pr->key[k]);
        __m128i m = _mm_packs_epi16(_mm_cmpeq_epi16(_mm_load_si128((const __m128i *)b), kv),
                                    _mm_cmpeq_epi16(_mm_loadu_si128((const __m128i *)(b + 16)), kv));
        m = _mm_and_si128(m, ways);
        for (int c = 0; c < T_COUNT; c++) {
            __m128i d = _mm_loadu_si128((const __m128i *)(b + 20 + TB4_WAYS * c));
            acc[c] = _mm_add_epi64(acc[c], _mm_sad_epu8(_mm_xor_si128(_mm_and_si128(m, d), bias), zero));
        }
    }
    int64_t off = (int64_t)nf * 16 * 128;
    for (int c = 0; c < T_COUNT; c++) {
        int64_t s2[2];
        _mm_storeu_si128((__m128i *)s2, acc[c]);
        scores[c] = (float)(s2[0] + s2[1] - off);
    }
#else
    int32_t a[T_COUNT] = {0};
    for (size_t k = 0; k < nf; k++) {
        const tbucket4 *b = (const tbucket4 *)pr->bucket[k];
        for (int j = 0; j < TB4_WAYS; j++)
            if (b->key[j] == pr->key[k])
                for (int c = 0; c < T_COUNT; c++)
                    a[c] += b->w[c][j];
    }
    for (int c = 0; c < T_COUNT; c++)
        scores[c] = (float)a[c];
#endif
}

typedef struct lfeat {
    uint32_t key32;
    int32_t strength;   /* largest |weight| */
    const int16_t *w;
} lfeat;

static int lfeat_by_strength_desc(const void *a, const void *b)
{
    const lfeat *x = a, *y = b;
    if (x->strength != y->strength)
        return x->strength < y->strength ? 1 : -1;
    if (x->key32 != y->key32)
        return x->key32 < y->key32 ? -1 : 1;
    return x->w < y->w ? -1 : x->w > y->w;
}

/* Inserts f into its bucket unless the bucket is full or already holds
 * its 16-bit key (strongest first, as tb_insert), noting in src the way's
 * feature (its row in the linear model + 1). */
static int lb_insert(lbucket *tab, uint32_t *src, size_t nb, const lfeat *f,
                     uint32_t row)
{
    size_t bi = tb_index(f->key32, nb);
    lbucket *b = &tab[bi];
    uint16_t key = tb_key(f->key32);
    for (int j = 0; j < LB_WAYS; j++) {
        if (b->key[j] == key)
            return 0;
        if (b->key[j])
            continue;
        b->key[j] = key;
        src[bi * LB_WAYS + (size_t)j] = row + 1;
        return 1;
    }
    return 0;
}

/* Builds the label table and its int8 rows: the int16 weights divided by
 * one step per model, chosen so that the largest fits in int8. The linear
 * model's rows are read in their order (not the strength order the
 * buckets are filled in): random reads of its 4 MB were most of loading. */
static int pack_label(w5_parser *ps)
{
    const w5_linear *lin = ps->label;
    size_t nslots = lin->meta.nslots, nfeat = lin->meta.nfeat, n = 0;
    uint32_t *key_of = calloc(nfeat + 1, sizeof *key_of);   /* by row */
    uint32_t *new_row = calloc(nfeat + 1, sizeof *new_row); /* by row */
    lfeat *feats = malloc((nfeat + 1) * sizeof *feats);
    if (!key_of || !new_row || !feats)
        goto nomem;
    for (size_t i = 0; i < nslots; i++)
        if (lin->slots[i].key && lin->slots[i].row < nfeat)
            key_of[lin->slots[i].row] = lin->slots[i].key;
    int32_t max_abs = 1;
    for (size_t r = 0; r < nfeat; r++) {
        if (!key_of[r])
            continue;
        lfeat *f = &feats[n++];
        f->key32 = key_of[r];
        f->w = lin->w + r * W5_DEPREL_COUNT;
        f->strength = 0;
        for (int c = 0; c < W5_DEPREL_COUNT; c++) {
            int32_t a = abs32(f->w[c]);
            f->strength = a > f->strength ? a : f->strength;
        }
        max_abs = f->strength > max_abs ? f->strength : max_abs;
    }
    qsort(feats, n, sizeof *feats, lfeat_by_strength_desc);
    size_t kept = n < LROWS_MAX - 1 ? n : LROWS_MAX - 1;
    size_t nb = (size_t)((double)kept / (LB_WAYS * LB_LOAD)) + 1;
    lbucket *tab = aligned_alloc(64, nb * sizeof *tab);
    int8_t *rows = aligned_alloc(64, (kept + 1) * LROW);
    uint32_t *src = calloc(nb * LB_WAYS, sizeof *src);
    if (!tab || !rows || !src) {
        free(tab);
        free(rows);
        free(src);
        goto nomem;
    }
    memset(tab, 0, nb * sizeof *tab);
    memset(rows, 0, (kept + 1) * LROW);
    for (size_t i = 0; i < kept; i++)
        lb_insert(tab, src, nb, &feats[i],
                  (uint32_t)((size_t)(feats[i].w - lin->w) / W5_DEPREL_COUNT));
    for (size_t i = 0; i < nb * LB_WAYS; i++)
        if (src[i])
            new_row[src[i] - 1] = 1;
    /* rows numbered (from 1) and quantised in the linear model's order */
    int64_t per_step = step_q24(max_abs);
    uint32_t nrow = 0;
    for (size_t r = 0; r < nfeat; r++) {
        if (!new_row[r])
            continue;
        new_row[r] = ++nrow;
        int8_t *out = rows + (size_t)nrow * LROW;
        const int16_t *w = lin->w + r * W5_DEPREL_COUNT;
        for (int c = 0; c < W5_DEPREL_COUNT; c++)
            out[c] = quantise8(w[c], per_step);
    }
    for (size_t i = 0; i < nb * LB_WAYS; i++)
        if (src[i])
            tab[i / LB_WAYS].row[i % LB_WAYS] = (uint16_t)new_row[src[i] - 1];
    free(src);
    free(key_of);
    free(new_row);
    free(feats);
    ps->ltab = tab;
    ps->lrows = rows;
    ps->lbuckets = nb;
    ps->lrow_count = kept + 1;
    ps->tables_owned = 1;
    return 0;
nomem:
    free(key_of);
    free(new_row);
    free(feats);
    return W5_ERR_NOMEM;
}

/* Frees the models and tables of a parser (not its file). */
static void parser_clear(w5_parser *ps)
{
    w5_graph_free(ps->graph);
    w5_linear_free(ps->trans);
    w5_linear_free(ps->label);
    if (ps->tables_owned) {
        free((void *)ps->ttab);
        free((void *)ps->ttab4);
        free((void *)ps->ltab);
        free((void *)ps->lrows);
    }
    memset(ps, 0, sizeof *ps);
}

/* Transition scores relative to SHIFT (unscaled: only their order
 * matters); trans_features has prefetched the buckets. */
static void score_trans(const probes *pr, size_t nf, int32_t *acc)
{
    const unsigned char *const *bk = pr->bucket;
    const uint16_t *key = pr->key;
#ifdef __SSE2__
    /* The matching way's weight (or none) kept per lane, biased by 128 to
     * unsigned, and the 16 lanes summed by psadbw: every feature adds
     * its weight plus 16 * 128. */
    __m128i a0 = _mm_setzero_si128(), a1 = a0, a2 = a0;
    const __m128i zero = _mm_setzero_si128(), bias = _mm_set1_epi8((char)0x80);
    /* keys 8-11 share their 16 bytes with the first weights: the lanes
     * past the 12th are cleared */
    const __m128i ways = _mm_set_epi32(0, -1, -1, -1);
    for (size_t k = 0; k < nf; k++) {
        const char *b = (const char *)bk[k];
        __m128i kv = _mm_set1_epi16((short)key[k]);
        __m128i m = _mm_packs_epi16(_mm_cmpeq_epi16(_mm_load_si128((const __m128i *)b), kv),
                                    _mm_cmpeq_epi16(_mm_load_si128((const __m128i *)(b + 16)), kv));
        m = _mm_and_si128(m, ways);
        __m128i d0 = _mm_loadu_si128((const __m128i *)(b + 24));
        __m128i d1 = _mm_loadu_si128((const __m128i *)(b + 36));
        __m128i d2 = _mm_loadu_si128((const __m128i *)(b + 48));
        a0 = _mm_add_epi64(a0, _mm_sad_epu8(_mm_xor_si128(_mm_and_si128(m, d0), bias), zero));
        a1 = _mm_add_epi64(a1, _mm_sad_epu8(_mm_xor_si128(_mm_and_si128(m, d1), bias), zero));
        a2 = _mm_add_epi64(a2, _mm_sad_epu8(_mm_xor_si128(_mm_and_si128(m, d2), bias), zero));
    }
    int64_t s[3][2];
    _mm_storeu_si128((__m128i *)s[0], a0);
    _mm_storeu_si128((__m128i *)s[1], a1);
    _mm_storeu_si128((__m128i *)s[2], a2);
    int64_t off = (int64_t)nf * 16 * 128;
    acc[0] = 0;
    for (int c = 0; c < 3; c++)
        acc[c + 1] = (int32_t)(s[c][0] + s[c][1] - off);
#else
    int32_t a[T_COUNT - 1] = {0};
    for (size_t k = 0; k < nf; k++) {
        const tbucket *b = (const tbucket *)bk[k];
        for (int j = 0; j < TB_WAYS; j++) {
            int32_t m = -(int32_t)(b->key[j] == key[k]);
            for (int c = 0; c < T_COUNT - 1; c++)
                a[c] += b->d[c][j] & m;
        }
    }
    acc[0] = 0;
    for (int c = 0; c < T_COUNT - 1; c++)
        acc[c + 1] = a[c];
#endif
}

static uint8_t root_label(void)
{
    static const uint8_t root = 5; /* w5_deprel_names[5] == "root" */
    return root;
}

/* The label scores of the features pr holds, into acc (LROW entries). */
static void label_sums(const w5_parser *ps, const probes *pr, size_t nf,
                       int16_t *acc)
{
    const unsigned char *const *bk = pr->bucket;
    const uint16_t *key = pr->key;
    const int8_t *rows[W5_LABEL_MAX_FEATS];
    for (size_t k = 0; k < nf; k++) {
        const lbucket *b = (const lbucket *)bk[k];
        uint32_t r = 0;
        for (int j = 0; j < LB_WAYS; j++)
            r |= b->row[j] & -(uint32_t)(b->key[j] == key[k]);
        rows[k] = ps->lrows + (size_t)r * LROW;
        __builtin_prefetch(rows[k]);
    }
#ifdef __SSE2__
    /* eight registers of 8 sums (written out: as an array they would
     * live in memory); bytes sign-extended to int16 by unpacking each
     * byte twice and shifting down */
#define W5_ADD8(lo, hi, x) \
    (lo = _mm_add_epi16(lo, _mm_srai_epi16(_mm_unpacklo_epi8(x, x), 8)), \
     hi = _mm_add_epi16(hi, _mm_srai_epi16(_mm_unpackhi_epi8(x, x), 8)))
    __m128i a0 = _mm_setzero_si128(), a1 = a0, a2 = a0, a3 = a0, a4 = a0,
            a5 = a0, a6 = a0, a7 = a0;
    for (size_t k = 0; k < nf; k++) {
        const __m128i *r = (const __m128i *)rows[k];
        __m128i x0 = _mm_load_si128(r), x1 = _mm_load_si128(r + 1);
        __m128i x2 = _mm_load_si128(r + 2), x3 = _mm_load_si128(r + 3);
        W5_ADD8(a0, a1, x0);
        W5_ADD8(a2, a3, x1);
        W5_ADD8(a4, a5, x2);
        W5_ADD8(a6, a7, x3);
    }
#undef W5_ADD8
    _mm_storeu_si128((__m128i *)acc, a0);
    _mm_storeu_si128((__m128i *)(acc + 8), a1);
    _mm_storeu_si128((__m128i *)(acc + 16), a2);
    _mm_storeu_si128((__m128i *)(acc + 24), a3);
    _mm_storeu_si128((__m128i *)(acc + 32), a4);
    _mm_storeu_si128((__m128i *)(acc + 40), a5);
    _mm_storeu_si128((__m128i *)(acc + 48), a6);
    _mm_storeu_si128((__m128i *)(acc + 56), a7);
#else
    memset(acc, 0, LROW * sizeof *acc);
    for (size_t k = 0; k < nf; k++)
        for (int c = 0; c < LROW; c++)
            acc[c] = (int16_t)(acc[c] + rows[k][c]);
#endif
}

#ifdef W5_HAVE_AVX512_HASH
/* label_sums with AVX-512: a bucket's 16 keys compared in one instruction,
 * a row widened and added in two. */
__attribute__((target("avx512f,avx512bw")))
static void label_sums_avx512(const w5_parser *ps, const probes *pr,
                              size_t nf, int16_t *acc)
{
    const int8_t *rows[W5_LABEL_MAX_FEATS];
    for (size_t k = 0; k < nf; k++) {
        const lbucket *b = (const lbucket *)pr->bucket[k];
        /* lanes 16-31 hold the row numbers, not keys */
        uint32_t hit = (uint32_t)_mm512_cmpeq_epi16_mask(
                           _mm512_load_si512((const void *)b),
                           _mm512_set1_epi16((short)pr->key[k])) & 0xffff;
        uint32_t j = (uint32_t)__builtin_ctz(hit | 0x10000) & (LB_WAYS - 1);
        uint32_t r = b->row[j] & -(uint32_t)(hit != 0);
        rows[k] = ps->lrows + (size_t)r * LROW;
        __builtin_prefetch(rows[k]);
    }
    __m512i lo = _mm512_setzero_si512(), hi = lo;
    for (size_t k = 0; k < nf; k++) {
        lo = _mm512_add_epi16(lo, _mm512_cvtepi8_epi16(_mm256_load_si256((const __m256i *)rows[k])));
        hi = _mm512_add_epi16(hi, _mm512_cvtepi8_epi16(_mm256_load_si256((const __m256i *)(rows[k] + 32))));
    }
    _mm512_storeu_si512((void *)acc, lo);
    _mm512_storeu_si512((void *)(acc + 32), hi);
}
#endif

/* The label of the arc whose features pr holds: the row of each feature's
 * match in its bucket (0, the zeros, when none: no branch), the rows summed
 * in int16 (32 features of at most 127 in size cannot overflow) and the
 * best label but root picked. */
static uint8_t score_label(const w5_parser *ps, const probes *pr, size_t nf)
{
    int16_t acc[LROW];
#ifdef W5_HAVE_AVX512_HASH
    if (__builtin_cpu_supports("avx512bw"))
        label_sums_avx512(ps, pr, nf, acc);
    else
#endif
        label_sums(ps, pr, nf, acc);
    /* the first highest of labels 1.. but root: the others (and the
     * padding) out of the running */
    acc[0] = acc[root_label()] = INT16_MIN;
    for (int c = W5_DEPREL_COUNT; c < LROW; c++)
        acc[c] = INT16_MIN;
#ifdef __SSE2__
    __m128i top = _mm_loadu_si128((const __m128i *)acc);
    for (int c = 8; c < LROW; c += 8)
        top = _mm_max_epi16(top, _mm_loadu_si128((const __m128i *)(acc + c)));
    top = _mm_max_epi16(top, _mm_shuffle_epi32(top, 0x4e));
    top = _mm_max_epi16(top, _mm_shuffle_epi32(top, 0xb1));
    top = _mm_max_epi16(top, _mm_shufflelo_epi16(_mm_shufflehi_epi16(top, 0xb1), 0xb1));
    int16_t best = (int16_t)_mm_cvtsi128_si32(top);
#else
    int16_t best = INT16_MIN;
    for (int c = 0; c < LROW; c++)
        best = acc[c] > best ? acc[c] : best;
#endif
    int c = 1;
    while (acc[c] != best)
        c++;
    return (uint8_t)c;
}

/* ---- decoding ------------------------------------------------------------- */

static int best_valid_int(const int32_t *scores, const int *ok)
{
    int best = -1;
    for (int t = 0; t < T_COUNT; t++)
        if (ok[t] && (best < 0 || scores[t] > scores[best]))
            best = t;
    return best;
}

static int best_valid(const float *scores, const int *ok)
{
    int best = -1;
    for (int t = 0; t < T_COUNT; t++)
        if (ok[t] && (best < 0 || scores[t] > scores[best]))
            best = t;
    return best;
}

/* The label of a new arc h -> d from a label model (root arcs: "root"). */
typedef void (*score_fn)(const void *model, const uint64_t *f, size_t nf,
                         float *scores);


static uint8_t pick_label(const float *scores)
{
    int best = -1;
    for (int c = 1; c < W5_DEPREL_COUNT; c++)
        if (c != root_label() && (best < 0 || scores[c] > scores[best]))
            best = c;
    return (uint8_t)best;
}

/* Makes sure exactly one word hangs from the root. */
static void single_root(pstate *st)
{
    int32_t root = -1;
    uint8_t parataxis = (uint8_t)w5_deprel_index("parataxis");
    for (size_t i = 0; i < st->n; i++) {
        if (st->head[i] == (int32_t)st->n || st->head[i] < 0) {
            if (root < 0) {
                root = (int32_t)i;
                st->head[i] = (int32_t)st->n;
                st->label[i] = root_label();
            } else {
                st->head[i] = root;
                st->label[i] = parataxis;
            }
        }
    }
}

/* ---- beam search ------------------------------------------------------- */

/* A beam search over the transitions (Zhang & Nivre 2011): the `k` best
 * partial parses by the sum of their transition scores are kept at every
 * step; every parse of n words takes 2n steps, so all items end together.
 * A relation is picked for an arc (greedily, by the label model) when the
 * arc is made. Transition scores come from the model's linear table
 * itself (full scores of every move: the packed table keeps differences
 * to SHIFT, which do not compare across states). */
enum { BEAM_MAX = 64 };

typedef struct bcand {
    double score;
    int32_t parent;
    uint8_t move;
} bcand;

/* Best first; ties by parent and move (a fixed order). */
static int bcand_cmp(const void *a, const void *b)
{
    const bcand *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    if (x->parent != y->parent)
        return x->parent < y->parent ? -1 : 1;
    return (int)x->move - (int)y->move;
}

typedef struct beam {
    size_t k, nitems;
    pstate items[2][BEAM_MAX];
    double score[2][BEAM_MAX];
    int cur;
    bcand *cand;        /* 4k candidates */
    char *mem;
} beam;

static int beam_init(beam *bm, const pstate *base, size_t k)
{
    size_t mb = mut_bytes(base->n);
    bm->k = k;
    bm->cur = 0;
    bm->nitems = 1;
    bm->mem = malloc(2 * k * mb);
    bm->cand = malloc(T_COUNT * k * sizeof *bm->cand);
    if (!bm->mem || !bm->cand) {
        free(bm->mem);
        free(bm->cand);
        return W5_ERR_NOMEM;
    }
    for (size_t g = 0; g < 2; g++)
        for (size_t i = 0; i < k; i++)
            state_view(&bm->items[g][i], base, bm->mem + (g * k + i) * mb);
    state_copy(&bm->items[0][0], base);
    bm->score[0][0] = 0;
    return 0;
}

static void beam_free(beam *bm)
{
    free(bm->mem);
    free(bm->cand);
}

/* The candidates of one step into bm->cand, sorted best first; returns
 * how many. tscore gives the scores of the moves of a state (called only
 * when more than one move is valid). */
typedef void (*tscore_fn)(const void *model, const pstate *st, float *scores);

static size_t beam_expand(beam *bm, tscore_fn fn, const void *model)
{
    size_t nc = 0;
    int ok[T_COUNT];
    float sc[T_COUNT];
    for (size_t i = 0; i < bm->nitems; i++) {
        const pstate *st = &bm->items[bm->cur][i];
        valid_moves(st, ok);
        int nvalid = ok[0] + ok[1] + ok[2] + ok[3];
        if (nvalid > 1)
            fn(model, st, sc);
        for (int t = 0; t < T_COUNT; t++)
            if (ok[t])
                bm->cand[nc++] = (bcand){bm->score[bm->cur][i] +
                                             (nvalid > 1 ? sc[t] : 0),
                                         (int32_t)i, (uint8_t)t};
    }
    qsort(bm->cand, nc, sizeof *bm->cand, bcand_cmp);
    return nc;
}

/* The dependent and head of move t from st (t is LEFT or RIGHT). */
static void arc_of(const pstate *st, int t, int32_t *h, int32_t *d)
{
    int32_t s = st->stack[st->sp - 1], b = (int32_t)st->b;
    *h = t == T_LEFT ? b : s;
    *d = t == T_LEFT ? s : b;
}

static void linear_tscore(const void *model, const pstate *st, float *scores)
{
    const w5_parser *ps = model;
    uint64_t f[W5_PARSER_MAX_FEATS];
    if (ps->ttab4) {
        table_ref tab = {(const unsigned char *)ps->ttab4, ps->tbuckets4};
        probes pr;
        size_t nf = trans_features(st, f, ps->ntrans, &tab, &pr);
        score_trans4(&pr, nf, scores);
        return;
    }
    if (ps->trans) {
        size_t nf = trans_features(st, f, ps->ntrans, NULL, NULL);
        w5_linear_score(ps->trans, f, nf, scores);
        return;
    }
    /* a compact greedy model keeps only the differences to SHIFT */
    table_ref tab = {(const unsigned char *)ps->ttab, ps->tbuckets};
    probes pr;
    int32_t acc[T_COUNT];
    size_t nf = trans_features(st, f, ps->ntrans, &tab, &pr);
    score_trans(&pr, nf, acc);
    for (int t = 0; t < T_COUNT; t++)
        scores[t] = (float)acc[t];
}

/* The label of the arc of move t from st, by the packed label model. */
static uint8_t packed_label(const w5_parser *ps, const pstate *st, int t)
{
    int32_t h, d;
    arc_of(st, t, &h, &d);
    if (h == (int32_t)st->n)
        return root_label();
    uint64_t f[W5_PARSER_MAX_FEATS];
    probes pr;
    size_t nf = label_features(st, h, d, f, ps->nlabel, ps, &pr);
    return score_label(ps, &pr, nf);
}

/* Parses the words loaded in st (reset) with a beam of k; the best parse
 * is left in st. */
static int parse_beam(const w5_parser *ps, pstate *st, size_t k)
{
    beam bm;
    if (beam_init(&bm, st, k))
        return W5_ERR_NOMEM;
    while (!is_terminal(&bm.items[bm.cur][0])) {
        size_t nc = beam_expand(&bm, linear_tscore, ps);
        int nxt = !bm.cur;
        size_t keep = nc < k ? nc : k;
        for (size_t j = 0; j < keep; j++) {
            const bcand *c = &bm.cand[j];
            const pstate *from = &bm.items[bm.cur][c->parent];
            pstate *to = &bm.items[nxt][j];
            uint8_t lab = c->move == T_LEFT || c->move == T_RIGHT
                              ? packed_label(ps, from, c->move) : 0;
            state_copy(to, from);
            apply_move(to, c->move, lab);
            bm.score[nxt][j] = c->score;
        }
        bm.nitems = keep;
        bm.cur = nxt;
    }
    state_copy(st, &bm.items[bm.cur][0]);
    beam_free(&bm);
    return 0;
}

/* Parses n words (0 < n < INT32_MAX / 2) in their order. */
static int parse_forward(const w5_parser *ps, const w5_span *words,
                         const uint8_t *upos, const uint8_t *xpos, size_t n,
                         int32_t *heads, uint8_t *deprels)
{
    pstate st;
    if (state_alloc(&st, n))
        return W5_ERR_NOMEM;
    load_words(&st, &ps->clusters, words, upos, xpos);
    state_reset(&st);
    uint64_t f[W5_PARSER_MAX_FEATS];
    int32_t tscores[T_COUNT];
    probes pr;
    int ok[T_COUNT];
    table_ref ttab = {(const unsigned char *)ps->ttab, ps->tbuckets};
    /* beyond the limit, greedily (see w5_parser_parse in syntax.h) */
    if (ps->beam > 1 && n <= W5_PARSER_BEAM_MAX_WORDS && parse_beam(ps, &st, (size_t)ps->beam)) {
        state_free(&st);
        return W5_ERR_NOMEM;
    }
    while (!is_terminal(&st)) {
        valid_moves(&st, ok);
        int t;
        if (ok[T_SHIFT] + ok[T_REDUCE] + ok[T_LEFT] + ok[T_RIGHT] == 1) {
            /* forced (empty stack, or only the root left in the buffer):
             * nothing to score */
            t = ok[T_SHIFT] ? T_SHIFT : ok[T_REDUCE] ? T_REDUCE
                : ok[T_LEFT] ? T_LEFT : T_RIGHT;
        } else if (ps->ttab) {
            size_t nf = trans_features(&st, f, ps->ntrans, &ttab, &pr);
            score_trans(&pr, nf, tscores);
            t = best_valid_int(tscores, ok);
        } else {
            /* a compact beam model parsing greedily: its own table */
            float fs[T_COUNT];
            linear_tscore(ps, &st, fs);
            t = best_valid(fs, ok);
        }
        uint8_t lab = 0;
        if (t == T_LEFT || t == T_RIGHT) {
            int32_t s = st.stack[st.sp - 1], b = (int32_t)st.b;
            int32_t h = t == T_LEFT ? b : s, d = t == T_LEFT ? s : b;
            if (h == (int32_t)n) {
                lab = root_label();
            } else {
                size_t nf = label_features(&st, h, d, f, ps->nlabel, ps, &pr);
                lab = score_label(ps, &pr, nf);
            }
        }
        apply_move(&st, t, lab);
    }
    single_root(&st);
    for (size_t i = 0; i < n; i++) {
        heads[i] = st.head[i] == (int32_t)n ? -1 : st.head[i];
        deprels[i] = st.label[i];
    }
    state_free(&st);
    return 0;
}

/* Parses the n words read backwards (a right-to-left model) and maps
 * the parse back to their order. */
static int parse_backward(const w5_parser *ps, const w5_span *words,
                          const uint8_t *upos, const uint8_t *xpos, size_t n,
                          int32_t *heads, uint8_t *deprels)
{
    w5_span *rw = malloc(n * sizeof *rw);
    uint8_t *tags = malloc(3 * n);
    int32_t *rh = malloc(n * sizeof *rh);
    int rc = W5_ERR_NOMEM;
    if (rw && tags && rh) {
        uint8_t *ru = tags, *rx = tags + n, *rl = tags + 2 * n;
        for (size_t i = 0; i < n; i++) {
            rw[i] = words[n - 1 - i];
            ru[i] = upos[n - 1 - i];
            rx[i] = xpos[n - 1 - i];
        }
        rc = parse_forward(ps, rw, ru, rx, n, rh, rl);
        for (size_t i = 0; i < n && !rc; i++) {
            int32_t h = rh[n - 1 - i];
            heads[i] = h < 0 ? -1 : (int32_t)n - 1 - h;
            deprels[i] = rl[n - 1 - i];
        }
    }
    free(rw);
    free(tags);
    free(rh);
    return rc;
}

/* Parses with every member of an ensemble and combines their parses. */
static int parse_ensemble(const w5_parser *ps, const w5_span *words,
                          const uint8_t *upos, const uint8_t *xpos, size_t n,
                          int32_t *heads, uint8_t *deprels)
{
    size_t k = ps->nmembers;
    int32_t *h = malloc(k * n * sizeof *h);
    uint8_t *l = malloc(k * n);
    const int32_t *hv[ENSEMBLE_MAX];
    const uint8_t *lv[ENSEMBLE_MAX];
    int rc = h && l ? 0 : W5_ERR_NOMEM;
    for (size_t m = 0; m < k && !rc; m++) {
        rc = w5_parser_parse(ps->members[m], words, upos, xpos, n, h + m * n,
                             l + m * n);
        hv[m] = h + m * n;
        lv[m] = l + m * n;
    }
    if (!rc)
        rc = w5_arc_vote(hv, lv, ps->weights, k, n, heads, deprels);
    free(h);
    free(l);
    return rc;
}

int w5_parser_parse(const w5_parser *ps, const w5_span *words,
                    const uint8_t *upos, const uint8_t *xpos, size_t n,
                    int32_t *heads, uint8_t *deprels)
{
    if (n == 0)
        return 0;
    if (n >= INT32_MAX / 2)
        return W5_ERR_TOO_LARGE;
    if (ps->nmembers)
        return parse_ensemble(ps, words, upos, xpos, n, heads, deprels);
    if (ps->graph)
        return w5_graph_parse(ps->graph, words, upos, xpos, n, heads, deprels);
    return ps->r2l ? parse_backward(ps, words, upos, xpos, n, heads, deprels)
                   : parse_forward(ps, words, upos, xpos, n, heads, deprels);
}

/* ---- loading -------------------------------------------------------------- */

/* Builds the tables from the linear models of a file of the first format
 * (sections trans.* and label.*). */
static int load_linear(w5_parser *ps, const char *path, w5_error *err)
{
    int rc;
    if ((rc = w5_mfile_linear(ps->mf, "trans", &ps->trans, err)) ||
        (rc = w5_mfile_linear(ps->mf, "label", &ps->label, err)))
        return rc;
    if (w5_linear_nclass(ps->trans) != T_COUNT ||
        w5_linear_nclass(ps->label) != W5_DEPREL_COUNT)
        return w5_fail(err, W5_ERR_FORMAT, "%s: wrong class counts", path);
    if (pack_trans(ps) || pack_label(ps) ||
        (ps->trained_beam > 1 && pack_trans4(ps)))
        return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    return 0;
}

/* A section of whole 64-byte buckets, at least `min` of them: their
 * count, or 0. */
static size_t bucket_section(const w5_mfile *mf, const char *name,
                             size_t min, const void **out)
{
    size_t size = 0;
    *out = w5_mfile_section(mf, name, &size);
    return *out && size % 64 == 0 && size / 64 >= min ? size / 64 : 0;
}

/* Points the tables at the sections of a compact file (written by
 * write_compact), checking their sizes and that every row number of
 * the label table names a row. */
static int view_tables(w5_parser *ps, const char *path, w5_error *err)
{
    const void *tt, *t4, *lt, *lr;
    size_t ntt = bucket_section(ps->mf, "ttab", 1, &tt);
    size_t nt4 = bucket_section(ps->mf, "ttab4", 2, &t4);
    size_t nlt = bucket_section(ps->mf, "ltab", 1, &lt);
    size_t nlr = bucket_section(ps->mf, "lrows", 1, &lr);
    int want4 = ps->trained_beam > 1;
    if (!nlt || !nlr || (want4 ? !nt4 : !ntt))
        return w5_fail(err, W5_ERR_FORMAT, "%s: bad or missing parser tables",
                       path);
    const lbucket *lb = lt;
    for (size_t i = 0; i < nlt; i++)
        for (int j = 0; j < LB_WAYS; j++)
            if (lb[i].row[j] >= nlr)
                return w5_fail(err, W5_ERR_FORMAT, "%s: bad label table", path);
    ps->ttab = ntt ? tt : NULL;
    ps->tbuckets = ntt;
    /* the last bucket is padding the scorer may read into */
    ps->ttab4 = want4 ? t4 : NULL;
    ps->tbuckets4 = want4 ? nt4 - 1 : 0;
    ps->ltab = lb;
    ps->lbuckets = nlt;
    ps->lrows = lr;
    ps->lrow_count = nlr;
    return 0;
}

/* A parser from the file at path, or from the buffer data (size bytes;
 * copied) when data is given, path then naming it in messages. */
static int parser_open(const char *path, const void *data, size_t data_size,
                       w5_parser **out, w5_error *err)
{
    *out = NULL;
    w5_mfile *mf;
    int rc = data ? w5_mfile_from_buffer(data, data_size, "parser", &mf, err)
                  : w5_mfile_open(path, "parser", &mf, err);
    if (rc)
        return rc;
    w5_parser *ps = calloc(1, sizeof *ps);
    if (!ps) {
        w5_mfile_close(mf);
        return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    }
    ps->mf = mf;
    size_t size, msize;
    if (w5_mfile_section(mf, "graph.meta", &size)) {
        /* a graph parser: the network does the parsing */
        ps->beam = ps->trained_beam = 1;
        rc = w5_graph_from_mfile(mf, path, &ps->graph, err);
        if (rc) {
            w5_parser_free(ps);
            return rc;
        }
        *out = ps;
        return 0;
    }
    const uint32_t *meta = w5_mfile_section(mf, "meta", &msize);
    const void *cl = w5_mfile_section(mf, "clusters", &size);
    if (cl && w5_smap_view(cl, size, &ps->clusters)) {
        rc = w5_fail(err, W5_ERR_FORMAT, "%s: bad clusters section", path);
    } else if (!meta || msize < 8 || meta[0] != W5_PARSER_FEATURES ||
               meta[1] > PARSER_REVISION) {
        rc = w5_fail(err, W5_ERR_VERSION, "%s: made for other parser features",
                     path);
    } else {
        ps->trained_beam = msize >= 12 && meta[2] > 1
                               ? (int)(meta[2] < BEAM_MAX ? meta[2] : BEAM_MAX) : 1;
        ps->beam = ps->trained_beam;
        ps->r2l = msize >= 16 && (meta[3] & 1);
        rc = w5_mfile_section(mf, "ltab", &size) ? view_tables(ps, path, err)
                                                 : load_linear(ps, path, err);
    }
    ps->ntrans = meta && meta[1] ? W5_PARSER_MAX_FEATS : REV0_TRANS_FEATS;
    ps->nlabel = meta && meta[1] ? W5_LABEL_MAX_FEATS : REV0_LABEL_FEATS;
    if (rc) {
        w5_parser_free(ps);
        return rc;
    }
    *out = ps;
    return 0;
}

int w5_parser_load(const char *path, w5_parser **out, w5_error *err)
{
    if (!out || !path)
        return w5_fail(err, W5_ERR_INVALID, "w5_parser_load: NULL argument");
    return parser_open(path, NULL, 0, out, err);
}

int w5_parser_from_buffer(const void *data, size_t size, w5_parser **out, w5_error *err)
{
    if (out)
        *out = NULL;
    if (!out || (!data && size))
        return w5_fail(err, W5_ERR_INVALID, "w5_parser_from_buffer: NULL argument");
    return parser_open("(buffer)", data ? data : "", size, out, err);
}

int w5_parser_ensemble(w5_parser **members, const float *weights, size_t k,
                       w5_parser **out, w5_error *err)
{
    w5_parser *ps = NULL;
    int rc = 0;
    if (!out || !members || !weights || k == 0 || k > ENSEMBLE_MAX)
        rc = w5_fail(err, W5_ERR_INVALID,
                     "w5_parser_ensemble: 1 to %d members and their weights",
                     ENSEMBLE_MAX);
    for (size_t m = 0; m < k && !rc; m++)
        if (!members[m] || !(weights[m] > 0))
            rc = w5_fail(err, W5_ERR_INVALID,
                         "w5_parser_ensemble: member %zu missing or not weighed", m);
    if (!rc && !(ps = calloc(1, sizeof *ps)))
        rc = w5_fail(err, W5_ERR_NOMEM, "out of memory");
    if (rc) {
        for (size_t m = 0; members && m < k; m++)   /* all taken over */
            w5_parser_free(members[m]);
        if (out)
            *out = NULL;
        return rc;
    }
    for (size_t m = 0; m < k; m++) {
        ps->members[m] = members[m];
        ps->weights[m] = weights[m];
        ps->widths[m] = w5_parser_beam(members[m]);
    }
    ps->nmembers = k;
    ps->beam = ps->trained_beam = w5_parser_beam(members[0]);
    *out = ps;
    return 0;
}

/* The members of the shipped ensemble, their weights and the beam widths
 * they parse with when the caller sets none (0: the width trained for).
 * EWT dev, gold tokens, predicted tags (w5 eval syntax --ensemble): UAS
 * 89.04, LAS 85.78 (the tool's own scorer: full relations) with the two
 * graph parsers at 2.5 each (2 and 2: 89.03, 85.62; 3 and 3: 89.03,
 * 85.76; 1.5 and 1.5: 89.05, 85.64); with parser-graph.w5m alone at 3,
 * 88.87, 85.41 (1: 88.30, 2: 88.69, 3.5: 88.73); 87.79, 84.05 without
 * either. parser-graph.w5m alone 88.18, 84.82, parser-graph2.w5m 87.82,
 * 84.40, parser-beam.w5m 86.85, 82.96.
 * Among the six transition parsers every member
 * helps (LAS with the tool's own scorer, full relations): without
 * greedy-r2l 0.1 lower, without greedy-l2r 0.1, without both and beam16
 * 0.4. parser-beam16.w5m parses at 8 about as well as at 16 (LAS 83.31
 * and 83.33 alone, 84.26 and 84.32 in the ensemble) in half the time.
 * The weights: a round point near the best of a grid search over
 * 0.25-1.5 (the best was at most 0.03 LAS higher: noise). */
static const struct {
    const char *file;
    float weight;
    int width;
} ensemble_members[] = {
    {"parser-beam.w5m", 1.0f, 0},        /* left to right, beam 8 */
    {"parser-beam16.w5m", 1.0f, 8},      /* ... trained at 16 */
    {"parser-r2l.w5m", 0.75f, 0},        /* right to left, beam */
    {"parser.w5m", 0.5f, 0},             /* left to right, greedy */
    {"parser-greedy-l2r.w5m", 0.5f, 0},  /* ... with clusters */
    {"parser-greedy-r2l.w5m", 0.5f, 0},  /* right to left, greedy */
    {"parser-graph.w5m", 2.5f, 0},       /* the graph parser (graph.h) */
    {"parser-graph2.w5m", 2.5f, 0},      /* ... trained with another seed */
};
enum { ENSEMBLE_SIZE = sizeof ensemble_members / sizeof *ensemble_members };
_Static_assert((int)ENSEMBLE_SIZE <= (int)ENSEMBLE_MAX, "too many ensemble members");

int w5_parser_load_ensemble(const char *model_dir, int beam, w5_parser **out,
                            w5_error *err)
{
    w5_parser *m[ENSEMBLE_SIZE] = {0};
    float weights[ENSEMBLE_SIZE];
    if (!out)
        return w5_fail(err, W5_ERR_INVALID, "w5_parser_load_ensemble: out is NULL");
    *out = NULL;
    for (size_t i = 0; i < ENSEMBLE_SIZE; i++) {
        char path[4096];
        int rc;
        weights[i] = ensemble_members[i].weight;
        if ((size_t)snprintf(path, sizeof path, "%s/%s", model_dir ? model_dir : ".",
                             ensemble_members[i].file) >= sizeof path)
            rc = w5_fail(err, W5_ERR_INVALID, "model folder name too long");
        else
            rc = w5_parser_load(path, &m[i], err);
        if (rc) {
            for (size_t j = 0; j < i; j++)
                w5_parser_free(m[j]);
            return rc;
        }
        if (w5_parser_trained_beam(m[i]) > 1)
            w5_parser_set_beam(m[i], beam > 0 ? beam : ensemble_members[i].width);
    }
    return w5_parser_ensemble(m, weights, ENSEMBLE_SIZE, out, err);
}

void w5_parser_set_beam(w5_parser *ps, int k)
{
    if (!ps)
        return;
    if (ps->nmembers) {
        for (size_t m = 0; m < ps->nmembers; m++)
            if (w5_parser_trained_beam(ps->members[m]) > 1)
                w5_parser_set_beam(ps->members[m], k > 0 ? k : ps->widths[m]);
        ps->beam = w5_parser_beam(ps->members[0]);
        return;
    }
    ps->beam = k <= 0 ? ps->trained_beam : k > BEAM_MAX ? BEAM_MAX : k;
    /* a compact greedy model keeps each move's weight minus SHIFT's only:
     * sums of those over different move sequences rank nothing (EWT dev
     * at beam 4: LAS 62.21, against 75.83 from the full model), so it
     * parses greedily (review h33) */
    if (!ps->ttab4 && !ps->trans)
        ps->beam = 1;
}

int w5_parser_beam(const w5_parser *ps)
{
    return ps ? ps->beam : 0;
}

int w5_parser_trained_beam(const w5_parser *ps)
{
    return ps ? ps->trained_beam : 0;
}

void w5_parser_free(w5_parser *ps)
{
    if (!ps)
        return;
    for (size_t m = 0; m < ps->nmembers; m++)
        w5_parser_free(ps->members[m]);
    w5_mfile *mf = ps->mf;
    parser_clear(ps);
    w5_mfile_close(mf);
    free(ps);
}

/* ---- training ------------------------------------------------------------- */

uint64_t w5_rand_next(uint64_t *state);
void w5_shuffle(uint32_t *order, size_t n, uint64_t *state);

/* Lifts non-projective arcs (shortest first) until the tree is
 * projective; heads use n for the root. Returns the number of lifts. */
static int is_ancestor(const int32_t *head, int32_t n, int32_t a, int32_t k)
{
    for (int32_t steps = 0; k != n && k >= 0 && steps <= n; steps++) {
        k = head[k];
        if (k == a)
            return 1;
    }
    return a == n;
}

static int arc_projective(const int32_t *head, int32_t n, int32_t d)
{
    int32_t h = head[d];
    int32_t lo = d < h ? d : h, hi = d < h ? h : d;
    for (int32_t k = lo + 1; k < hi; k++)
        if (!is_ancestor(head, n, h, k))
            return 0;
    return 1;
}

static long projectivize(int32_t *head, int32_t n)
{
    long lifts = 0;
    for (;;) {
        int32_t pick = -1, best_len = 0;
        for (int32_t d = 0; d < n; d++) {
            int32_t h = head[d];
            if (h == n || arc_projective(head, n, d))
                continue;
            int32_t len = d < h ? h - d : d - h;
            if (pick < 0 || len < best_len) {
                pick = d;
                best_len = len;
            }
        }
        if (pick < 0 || lifts > 4 * n)
            return lifts;
        head[pick] = head[head[pick]];
        lifts++;
    }
}

/* Costs of the four moves under the dynamic oracle (gold heads gh, with
 * n = the root), -1 for an invalid move. */
static void move_costs(const pstate *st, const int32_t *gh, const int *ok,
                       int *cost)
{
    int32_t n = (int32_t)st->n, b = (int32_t)st->b;
    int32_t s = st->sp ? st->stack[st->sp - 1] : -1;
    for (int t = 0; t < T_COUNT; t++)
        cost[t] = ok[t] ? 0 : -1;
    if (ok[T_LEFT]) {
        int c = 0;
        for (int32_t k = b; k < n; k++)
            c += gh[k] == s;
        if (gh[s] > b)
            c++;
        cost[T_LEFT] = c;
    }
    if (ok[T_RIGHT]) {
        int c = 0;
        if (gh[b] != s && (gh[b] > b || (gh[b] < n && st->in_stack[gh[b]])))
            c++;
        for (size_t i = 0; i < st->sp; i++) {
            int32_t k = st->stack[i];
            c += gh[k] == b && st->head[k] < 0;
        }
        cost[T_RIGHT] = c;
    }
    if (ok[T_REDUCE]) {
        int c = 0;
        for (int32_t k = b; k < n; k++)
            c += gh[k] == s;
        cost[T_REDUCE] = c;
    }
    if (ok[T_SHIFT]) {
        int c = 0;
        if (gh[b] < n && st->in_stack[gh[b]])
            c++;
        for (size_t i = 0; i < st->sp; i++) {
            int32_t k = st->stack[i];
            c += gh[k] == b && st->head[k] < 0;
        }
        cost[T_SHIFT] = c;
    }
}

typedef struct ptrainer {
    w5_ap *trans, *label;
    size_t ntrans, nlabel; /* the features of the revision trained */
    long moves, correct;
    int explore;
    uint64_t rng;
} ptrainer;

static int train_sentence(ptrainer *tr, pstate *st, const int32_t *gh,
                          const uint8_t *glab)
{
    uint64_t f[W5_PARSER_MAX_FEATS];
    float scores[W5_DEPREL_COUNT];
    int ok[T_COUNT], cost[T_COUNT];
    state_reset(st);
    while (!is_terminal(st)) {
        valid_moves(st, ok);
        size_t nf = trans_features(st, f, tr->ntrans, NULL, NULL);
        w5_ap_score(tr->trans, f, nf, scores);
        int pred = best_valid(scores, ok);
        move_costs(st, gh, ok, cost);
        int gold = -1;
        for (int t = 0; t < T_COUNT; t++)
            if (cost[t] == 0 && (gold < 0 || scores[t] > scores[gold]))
                gold = t;
        if (gold < 0)
            gold = pred; /* cannot happen on projective trees */
        tr->moves++;
        if (cost[pred] == 0) {
            tr->correct++;
        } else if (w5_ap_update(tr->trans, f, nf, (uint32_t)gold, (uint32_t)pred, 1.0f)) {
            return W5_ERR_NOMEM;
        }
        w5_ap_tick(tr->trans);
        int next = gold;
        if (cost[pred] == 0 || (tr->explore && w5_rand_next(&tr->rng) % 10 != 0))
            next = pred;
        uint8_t lab = 0;
        if (next == T_LEFT || next == T_RIGHT) {
            int32_t s = st->stack[st->sp - 1], b = (int32_t)st->b;
            int32_t h = next == T_LEFT ? b : s, d = next == T_LEFT ? s : b;
            if (h == (int32_t)st->n) {
                lab = root_label();
            } else {
                size_t nl = label_features(st, h, d, f, tr->nlabel, NULL, NULL);
                w5_ap_score(tr->label, f, nl, scores);
                lab = pick_label(scores);
                if (gh[d] == h && glab[d] && glab[d] != root_label()) {
                    if (w5_ap_update(tr->label, f, nl, glab[d], lab, 1.0f))
                        return W5_ERR_NOMEM;
                    w5_ap_tick(tr->label);
                }
            }
        }
        apply_move(st, next, lab);
    }
    return 0;
}

/* ---- global training for the beam ---------------------------------------- */

/* One step of a path: the move and the relation its arc got. */
typedef struct bstep {
    int32_t parent;     /* the beam slot it extended */
    uint8_t move, label;
} bstep;

static void ap_tscore(const void *model, const pstate *st, float *scores)
{
    const ptrainer *tr = model;
    uint64_t f[W5_PARSER_MAX_FEATS];
    size_t nf = trans_features(st, f, tr->ntrans, NULL, NULL);
    w5_ap_score(tr->trans, f, nf, scores);
}

/* The relation of the arc of move t from st by the label perceptron;
 * when the arc is a gold one, the perceptron learns from it. */
static int train_label(ptrainer *tr, const pstate *st, int t, const int32_t *gh,
                       const uint8_t *glab, int learn, uint8_t *out)
{
    int32_t h, d;
    arc_of(st, t, &h, &d);
    if (h == (int32_t)st->n) {
        *out = root_label();
        return 0;
    }
    uint64_t f[W5_PARSER_MAX_FEATS];
    float scores[W5_DEPREL_COUNT];
    size_t nl = label_features(st, h, d, f, tr->nlabel, NULL, NULL);
    w5_ap_score(tr->label, f, nl, scores);
    *out = pick_label(scores);
    if (learn && gh[d] == h && glab[d] && glab[d] != root_label()) {
        if (w5_ap_update(tr->label, f, nl, glab[d], *out, 1.0f))
            return W5_ERR_NOMEM;
        w5_ap_tick(tr->label);
    }
    return 0;
}

/* Replays the moves of a path from the start on st, adding delta to the
 * weights of each scored move's features, from step `from` on (the
 * steps before are shared with the other path). */
static int replay_update(ptrainer *tr, pstate *st, const bstep *path,
                         size_t from, size_t len, float delta)
{
    uint64_t f[W5_PARSER_MAX_FEATS];
    int ok[T_COUNT];
    state_reset(st);
    for (size_t j = 0; j < len; j++) {
        if (j >= from) {
            valid_moves(st, ok);
            if (ok[0] + ok[1] + ok[2] + ok[3] > 1) {
                size_t nf = trans_features(st, f, tr->ntrans, NULL, NULL);
                if (w5_ap_add(tr->trans, f, nf, path[j].move, delta))
                    return W5_ERR_NOMEM;
            }
        }
        apply_move(st, path[j].move, path[j].label);
    }
    return 0;
}

/* Beam training on one sentence with the max-violation update (Huang,
 * Fayong & Guo 2012): the gold path is the best-scoring one of zero cost
 * under the dynamic oracle; the update is made at the step where the best
 * item of the beam outscores the gold prefix by most, once the gold
 * prefix has left the top of the beam. */
static int train_sentence_beam(ptrainer *tr, pstate *st, const int32_t *gh,
                               const uint8_t *glab, size_t k)
{
    size_t n = st->n, steps = 2 * n, mb = mut_bytes(n);
    int rc = W5_ERR_NOMEM;
    beam bm;
    state_reset(st);
    if (beam_init(&bm, st, k))
        return W5_ERR_NOMEM;
    bstep *hist = malloc((steps + 1) * k * sizeof *hist);
    bstep *gold = malloc((steps + 1) * sizeof *gold);
    bstep *pred = malloc((steps + 1) * sizeof *pred);
    uint8_t *isgold = malloc(2 * k);
    char *gmem = malloc(mb);
    pstate g;
    if (!hist || !gold || !pred || !isgold || !gmem)
        goto out;
    state_view(&g, st, gmem);
    state_copy(&g, st);
    isgold[0] = 1;
    double gscore = 0, maxv = -1;
    size_t jstar = 0;
    int found = 0;
    uint64_t f[W5_PARSER_MAX_FEATS];
    float sc[T_COUNT];
    int ok[T_COUNT], cost[T_COUNT];
    for (size_t j = 0; j < steps && !is_terminal(&g); j++) {
        size_t nc = beam_expand(&bm, ap_tscore, tr);
        /* the gold move: the best of those of zero cost */
        valid_moves(&g, ok);
        move_costs(&g, gh, ok, cost);
        int nvalid = ok[0] + ok[1] + ok[2] + ok[3], gt = -1;
        if (nvalid > 1) {
            size_t nf = trans_features(&g, f, tr->ntrans, NULL, NULL);
            w5_ap_score(tr->trans, f, nf, sc);
        } else {
            memset(sc, 0, sizeof sc);
        }
        for (int t = 0; t < T_COUNT; t++)
            if (cost[t] == 0 && (gt < 0 || sc[t] > sc[gt]))
                gt = t;
        if (gt < 0) /* cannot happen on projective trees */
            for (int t = 0; t < T_COUNT; t++)
                if (ok[t] && gt < 0)
                    gt = t;
        gscore += nvalid > 1 ? sc[gt] : 0;
        uint8_t glabel = 0;
        if ((gt == T_LEFT || gt == T_RIGHT) &&
            (rc = train_label(tr, &g, gt, gh, glab, 0, &glabel)))
            goto out;
        rc = W5_ERR_NOMEM;
        /* the new beam */
        int nxt = !bm.cur;
        size_t keep = nc < k ? nc : k;
        uint8_t *cg = isgold + (size_t)bm.cur * k, *ng = isgold + (size_t)nxt * k;
        int gold_in = 0, gold_top = 0;
        for (size_t i = 0; i < keep; i++) {
            const bcand *c = &bm.cand[i];
            const pstate *from = &bm.items[bm.cur][c->parent];
            uint8_t lab = 0;
            if ((c->move == T_LEFT || c->move == T_RIGHT) &&
                (rc = train_label(tr, from, c->move, gh, glab, 0, &lab)))
                goto out;
            rc = W5_ERR_NOMEM;
            pstate *to = &bm.items[nxt][i];
            state_copy(to, from);
            apply_move(to, c->move, lab);
            bm.score[nxt][i] = c->score;
            hist[j * k + i] = (bstep){c->parent, c->move, lab};
            ng[i] = cg[c->parent] && c->move == gt && lab == glabel;
            gold_in |= ng[i];
            if (i == 0)
                gold_top = ng[i];
        }
        /* the label model learns from the gold path's arcs */
        if ((gt == T_LEFT || gt == T_RIGHT) &&
            (rc = train_label(tr, &g, gt, gh, glab, 1, &glabel)))
            goto out;
        rc = W5_ERR_NOMEM;
        gold[j] = (bstep){0, (uint8_t)gt, glabel};
        apply_move(&g, gt, glabel);
        bm.nitems = keep;
        bm.cur = nxt;
        tr->moves++;
        tr->correct += gold_top;
        if (!gold_top) {
            double v = bm.score[nxt][0] - gscore;
            if (!found || v > maxv) {
                maxv = v;
                jstar = j;
                found = 1;
            }
        }
        (void)gold_in;
    }
    if (found) {
        /* the best path at jstar, back from its slot 0 */
        int32_t slot = 0;
        for (size_t j = jstar + 1; j-- > 0;) {
            pred[j] = hist[j * k + (size_t)slot];
            slot = pred[j].parent;
        }
        size_t same = 0;
        while (same <= jstar && pred[same].move == gold[same].move &&
               pred[same].label == gold[same].label)
            same++;
        pstate tmp;
        state_view(&tmp, st, gmem);
        if ((rc = replay_update(tr, &tmp, gold, same, jstar + 1, 1.0f)) ||
            (rc = replay_update(tr, &tmp, pred, same, jstar + 1, -1.0f)))
            goto out;
    }
    w5_ap_tick(tr->trans);
    rc = 0;
out:
    beam_free(&bm);
    free(hist);
    free(gold);
    free(pred);
    free(isgold);
    free(gmem);
    return rc;
}

/* ---- word clusters ------------------------------------------------------- */

/* Only the most frequent words keep a cluster: rarer ones have noisy
 * clusters, and this keeps the table at 1 MB. */
enum { MAX_CLUSTER_WORDS = 32000 };

typedef struct cluster_line {
    w5_smap_entry e;
    uint32_t count;
} cluster_line;

static int by_count_desc(const void *a, const void *b)
{
    uint32_t x = ((const cluster_line *)a)->count;
    uint32_t y = ((const cluster_line *)b)->count;
    return x < y ? 1 : x > y ? -1 : 0;
}

static int by_count_asc(const void *a, const void *b)
{
    return by_count_desc(b, a);
}

/* Reads "bits<TAB>word<TAB>count" lines (`w5 train clusters`) into the
 * section bytes of a map from word hash to cluster. Words differing only
 * in case share a hash: the most frequent one's cluster wins. */
int w5_parser_read_clusters(const char *path, void **data, size_t *size,
                            w5_error *err)
{
    char *text = NULL;
    size_t len = 0;
    int rc = w5_read_file(path, &text, &len, err);
    if (rc)
        return rc;
    size_t lines = 1;
    for (size_t i = 0; i < len; i++)
        lines += text[i] == '\n';
    cluster_line *cl = malloc(lines * sizeof *cl);
    w5_smap_entry *e = malloc(lines * sizeof *e);
    size_t n = 0;
    for (char *p = text, *end = text + len; cl && e && p < end;) {
        char *le = memchr(p, '\n', (size_t)(end - p));
        le = le ? le : end;
        char *w = memchr(p, '\t', (size_t)(le - p));
        char *we = w ? memchr(w + 1, '\t', (size_t)(le - w - 1)) : NULL;
        uint32_t bits = 0, depth = 0;
        for (char *b = p; w && b < w && depth < 24 && (*b == '0' || *b == '1'); b++) {
            bits = bits << 1 | (uint32_t)(*b - '0');
            depth++;
        }
        if (w && we && depth && we > w + 1) {
            cl[n].e.key = word_hash(w + 1, (size_t)(we - w - 1)) | 1;
            cl[n].e.a = bits;
            cl[n].e.b = depth;
            cl[n].count = (uint32_t)strtoul(we + 1, NULL, 10);
            n++;
        }
        p = le + 1;
    }
    free(text);
    if (!cl || !e) {
        free(cl);
        free(e);
        return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    }
    qsort(cl, n, sizeof *cl, by_count_desc);
    n = n < MAX_CLUSTER_WORDS ? n : MAX_CLUSTER_WORDS;
    /* later entries overwrite earlier ones: least frequent first */
    qsort(cl, n, sizeof *cl, by_count_asc);
    for (size_t i = 0; i < n; i++)
        e[i] = cl[i].e;
    rc = n ? w5_smap_build(e, n, data, size) : W5_ERR_FORMAT;
    free(cl);
    free(e);
    if (rc == W5_ERR_FORMAT)
        return w5_fail(err, rc, "%s: no clusters (want bits<TAB>word<TAB>count lines)", path);
    return rc ? w5_fail(err, rc, "out of memory") : 0;
}

/* ---- model size ---------------------------------------------------------- */

/* Most features each compiled model keeps (the strongest, by averaged
 * weight): the transition table then has 2^19 slots, half full (4 MB;
 * 280000 features took 2^20 slots, 8 MB, for features the load-time
 * packing drops anyway), and the model stays near 13 MB. Unpruned models
 * are four times larger and score about 0.3 LAS higher on EWT dev. */
enum {
    TRANS_MAX_FEATS = 262144,
    LABEL_MAX_FEATS = 40000
};

/* Compiles ap with the options' pruning, then raises min_weight (by
 * bisection) until at most max_feats features are left. */
static int compile_capped(const w5_ap *ap, const w5_compile_opts *opts,
                          size_t max_feats, w5_linear **out)
{
    int rc = w5_ap_compile(ap, opts, out);
    if (rc || w5_linear_feature_count(*out) <= max_feats)
        return rc;
    w5_compile_opts o = *opts;
    float lo = o.min_weight, hi = lo > 0 ? lo * 2 : 0.05f;
    w5_linear *best = NULL;
    /* hi: a threshold that prunes enough; lo: one that does not */
    for (int step = 0; step < 40 && !best; step++) {
        o.min_weight = hi;
        if ((rc = w5_ap_compile(ap, &o, &best)))
            goto fail;
        if (w5_linear_feature_count(best) > max_feats) {
            w5_linear_free(best);
            best = NULL;
            lo = hi;
            hi *= 2;
        }
    }
    for (int step = 0; step < 8 && best; step++) {
        w5_linear *mid = NULL;
        o.min_weight = (lo + hi) / 2;
        if ((rc = w5_ap_compile(ap, &o, &mid)))
            goto fail;
        if (w5_linear_feature_count(mid) <= max_feats) {
            w5_linear_free(best);
            best = mid;
            hi = o.min_weight;
        } else {
            w5_linear_free(mid);
            lo = o.min_weight;
        }
    }
    if (!best) {
        rc = W5_ERR_TOO_LARGE;
        goto fail;
    }
    w5_linear_free(*out);
    *out = best;
    return 0;
fail:
    w5_linear_free(best);
    w5_linear_free(*out);
    *out = NULL;
    return rc;
}

/* ---- compact model files ------------------------------------------------ */

/* A model file holds the tables parses read, as they are in memory, and
 * the loader points at them (view_tables): a greedy model its transition
 * table (ttab), a beam model the one with all four weights (ttab4, plus
 * the padding bucket; its greedy parses read it too), and both the label
 * table and its rows. The first format held the linear models the
 * tables are built from at load (still read: load_linear), whose int16
 * weights and half-empty slots of features the packing drops made the
 * shipped files 16.2 and 12.6 MB for tables of 2-4 MB. Parses are the
 * same: the tables are those the first format's files were packed into
 * (but a beam model's greedy parses, which used a table of its own). */
static int add_tables(w5_mwriter *mw, const w5_parser *ps)
{
    int beam = ps->trained_beam > 1;
    return (beam ? w5_mwriter_add(mw, "ttab4", ps->ttab4,
                                  (ps->tbuckets4 + 1) * sizeof *ps->ttab4)
                 : w5_mwriter_add(mw, "ttab", ps->ttab,
                                  ps->tbuckets * sizeof *ps->ttab)) ||
           w5_mwriter_add(mw, "ltab", ps->ltab, ps->lbuckets * sizeof *ps->ltab) ||
           w5_mwriter_add(mw, "lrows", ps->lrows, ps->lrow_count * LROW);
}

/* Writes ps as a compact file, with the clusters section cdata. */
static int save_compact(const w5_parser *ps, const void *cdata, size_t csize,
                        const char *path, w5_error *err)
{
    uint32_t meta[4] = {W5_PARSER_FEATURES,
                        ps->ntrans > REV0_TRANS_FEATS ? PARSER_REVISION : 0,
                        (uint32_t)(ps->trained_beam > 1 ? ps->trained_beam : 0),
                        (uint32_t)(ps->r2l ? 1 : 0)};
    w5_mwriter *mw = w5_mwriter_new("parser");
    if (!mw || w5_mwriter_add(mw, "meta", meta, sizeof meta) ||
        (cdata && w5_mwriter_add(mw, "clusters", cdata, csize)) ||
        add_tables(mw, ps)) {
        w5_mwriter_free(mw);
        return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    }
    int rc = w5_mwriter_save(mw, path, err);
    w5_mwriter_free(mw);
    return rc;
}

int w5_parser_save(const w5_parser *ps, const char *path, w5_error *err)
{
    if (!ps || !path || ps->nmembers || ps->graph)
        return w5_fail(err, W5_ERR_INVALID,
                       "w5_parser_save: no parser or path, an ensemble, or a graph "
                       "parser (its file is compact already)");
    size_t csize = 0;
    const void *cdata = w5_mfile_section(ps->mf, "clusters", &csize);
    return save_compact(ps, cdata, csize, path, err);
}

/* Tags every sentence of tb (or copies the gold tags). */
static int tag_treebank(const w5_treebank *tb, const w5_tagger *tagger,
                        const w5_span *spans, uint8_t *upos, uint8_t *xpos)
{
    for (size_t i = 0; i < tb->words.n; i++) {
        upos[i] = tb->words.v[i].upos;
        xpos[i] = tb->words.v[i].xpos;
    }
    if (!tagger)
        return 0;
    for (size_t s = 0; s < tb->sents.n; s++) {
        const w5_tb_sent *st = &tb->sents.v[s];
        if (w5_tagger_tag(tagger, spans + st->word_begin,
                          st->word_end - st->word_begin, xpos + st->word_begin,
                          upos + st->word_begin))
            return W5_ERR_NOMEM;
    }
    return 0;
}

typedef struct tb_view {
    const w5_treebank *tb;
    w5_span *spans;
    uint8_t *upos, *xpos;
} tb_view;

static int view_init(tb_view *v, const w5_treebank *tb, const w5_tagger *tagger)
{
    v->tb = tb;
    size_t n = tb->words.n + 1;
    v->spans = malloc(n * sizeof *v->spans);
    v->upos = malloc(n);
    v->xpos = malloc(n);
    if (!v->spans || !v->upos || !v->xpos)
        return W5_ERR_NOMEM;
    for (size_t i = 0; i < tb->words.n; i++) {
        v->spans[i].s = w5_tb_str(tb, tb->words.v[i].form);
        v->spans[i].len = (uint32_t)strlen(v->spans[i].s);
    }
    return tag_treebank(tb, tagger, v->spans, v->upos, v->xpos);
}

static void view_free(tb_view *v)
{
    free(v->spans);
    free(v->upos);
    free(v->xpos);
}

/* Replaces the tags of the training view by jackknifed ones. */
static int jackknife_tags(const w5_treebank *tb, const w5_tagger *like,
                          const w5_train_opts *opts, tb_view *v)
{
    int k = opts->jackknife;
    uint8_t *skip = malloc(tb->sents.n + 1);
    if (!skip)
        return W5_ERR_NOMEM;
    w5_train_opts topts = *opts;
    topts.epochs = 6; /* near the plateau, and 4-5 times faster than the parser */
    int rc = 0;
    for (int fold = 0; fold < k && !rc; fold++) {
        for (size_t s = 0; s < tb->sents.n; s++)
            skip[s] = (int)(s % (size_t)k) == fold;
        w5_tagger *tg;
        if ((rc = w5_tagger_train_mem(tb, skip, &topts, like, &tg)))
            break;
        for (size_t s = 0; s < tb->sents.n && !rc; s++) {
            if (!skip[s])
                continue;
            const w5_tb_sent *st = &tb->sents.v[s];
            rc = w5_tagger_tag(tg, v->spans + st->word_begin,
                               st->word_end - st->word_begin,
                               v->xpos + st->word_begin, v->upos + st->word_begin);
        }
        w5_tagger_free(tg);
    }
    free(skip);
    return rc;
}

int w5_parser_tagged_words(const w5_treebank *tb, const w5_tagger *tagger,
                           const w5_train_opts *opts, w5_span **spans,
                           uint8_t **upos, uint8_t **xpos)
{
    tb_view v = {0};
    int rc = view_init(&v, tb, tagger);
    if (!rc && tagger && opts->jackknife > 1)
        rc = jackknife_tags(tb, tagger, opts, &v);
    if (rc) {
        view_free(&v);
        return rc;
    }
    *spans = v.spans;
    *upos = v.upos;
    *xpos = v.xpos;
    return 0;
}

/* Reads every sentence of a training view backwards (for a right-to-left
 * model: its words, and their tags). */
static void reverse_view(tb_view *v)
{
    const w5_treebank *tb = v->tb;
    for (size_t s = 0; s < tb->sents.n; s++) {
        size_t lo = tb->sents.v[s].word_begin, hi = tb->sents.v[s].word_end;
        for (; lo + 1 < hi; lo++, hi--) {
            w5_span w = v->spans[lo];
            v->spans[lo] = v->spans[hi - 1];
            v->spans[hi - 1] = w;
            uint8_t t = v->upos[lo];
            v->upos[lo] = v->upos[hi - 1];
            v->upos[hi - 1] = t;
            t = v->xpos[lo];
            v->xpos[lo] = v->xpos[hi - 1];
            v->xpos[hi - 1] = t;
        }
    }
}

/* The gold tree of a sentence of n words (heads: n = the root) with its
 * words read backwards. */
static void reverse_tree(int32_t *head, uint8_t *label, int32_t n)
{
    for (int32_t i = 0, j = n - 1; i < j; i++, j--) {
        int32_t h = head[i];
        head[i] = head[j];
        head[j] = h;
        uint8_t l = label[i];
        label[i] = label[j];
        label[j] = l;
    }
    for (int32_t i = 0; i < n; i++)
        head[i] = head[i] == n ? n : n - 1 - head[i];
}

static int evaluate(const w5_parser *ps, const tb_view *v, double *uas,
                    double *las)
{
    const w5_treebank *tb = v->tb;
    long total = 0, u = 0, l = 0;
    int32_t *heads = malloc((tb->words.n + 1) * sizeof *heads);
    uint8_t *labs = malloc(tb->words.n + 1);
    int rc = heads && labs ? 0 : W5_ERR_NOMEM;
    for (size_t s = 0; s < tb->sents.n && !rc; s++) {
        const w5_tb_sent *st = &tb->sents.v[s];
        size_t b = st->word_begin, n = st->word_end - st->word_begin;
        rc = w5_parser_parse(ps, v->spans + b, v->upos + b, v->xpos + b, n,
                             heads + b, labs + b);
        for (size_t i = 0; i < n && !rc; i++) {
            const w5_tb_word *g = &tb->words.v[b + i];
            total++;
            if (heads[b + i] == g->head) {
                u++;
                l += labs[b + i] == g->deprel;
            }
        }
    }
    free(heads);
    free(labs);
    *uas = total ? 100.0 * (double)u / (double)total : 0;
    *las = total ? 100.0 * (double)l / (double)total : 0;
    return rc;
}

int w5_parser_train(const w5_treebank *train, const w5_treebank *dev,
                    const w5_tagger *tagger, const w5_train_opts *opts,
                    const char *out_path, w5_error *err)
{
    void *cdata = NULL;
    size_t csize = 0;
    w5_smap clusters = {0};
    int rc;
    if (opts->rev0_features && opts->clusters)
        return w5_fail(err, W5_ERR_INVALID,
                       "training the parser: the revision-0 features use no clusters");
    if (opts->clusters) {
        if ((rc = w5_parser_read_clusters(opts->clusters, &cdata, &csize, err)))
            return rc;
        if (w5_smap_view(cdata, csize, &clusters)) {
            free(cdata);
            return w5_fail(err, W5_ERR_FORMAT, "%s: bad clusters", opts->clusters);
        }
    }
    int rev = opts->rev0_features ? 0 : PARSER_REVISION;
    ptrainer tr = {.rng = opts->seed ? opts->seed : 1,
                   .ntrans = rev ? W5_PARSER_MAX_FEATS : REV0_TRANS_FEATS,
                   .nlabel = rev ? W5_LABEL_MAX_FEATS : REV0_LABEL_FEATS};
    tb_view tv = {0}, dv = {0};
    uint32_t *order = malloc((train->sents.n + 1) * sizeof *order);
    int32_t *gh = malloc((train->words.n + 1) * sizeof *gh);
    uint8_t *glab = malloc(train->words.n + 1);
    w5_parser best = {0};
    pstate st = {0};
    double best_las = -1;
    rc = W5_ERR_NOMEM;
    tr.trans = w5_ap_new(T_COUNT);
    tr.label = w5_ap_new(W5_DEPREL_COUNT);
    if (!order || !gh || !glab || !tr.trans || !tr.label)
        goto done;
    best.clusters = clusters;
    if (view_init(&tv, train, tagger) || view_init(&dv, dev, tagger))
        goto done;
    if (tagger && opts->jackknife > 1 && (rc = jackknife_tags(train, tagger, opts, &tv)))
        goto done;
    if (opts->right_to_left)
        reverse_view(&tv);
    rc = W5_ERR_NOMEM;
    /* Gold heads per sentence (root = n), projectivised. */
    long lifts = 0;
    size_t maxn = 0;
    for (size_t s = 0; s < train->sents.n; s++) {
        const w5_tb_sent *se = &train->sents.v[s];
        int32_t n = (int32_t)(se->word_end - se->word_begin);
        for (int32_t i = 0; i < n; i++) {
            const w5_tb_word *w = &train->words.v[se->word_begin + (size_t)i];
            gh[se->word_begin + (size_t)i] = w->head < 0 ? n : w->head;
            glab[se->word_begin + (size_t)i] = w->deprel;
        }
        if (opts->right_to_left)
            reverse_tree(gh + se->word_begin, glab + se->word_begin, n);
        lifts += projectivize(gh + se->word_begin, n);
        if ((size_t)n > maxn)
            maxn = (size_t)n;
        order[s] = (uint32_t)s;
    }
    (void)lifts;
    w5_compile_opts copts = {.min_weight = opts->min_weight > 0 ? opts->min_weight
                                                                : W5_PARSER_MIN_WEIGHT,
                             .min_updates = opts->min_updates ? opts->min_updates
                                                              : W5_PARSER_MIN_UPDATES};
    for (int epoch = 1; epoch <= opts->epochs; epoch++) {
        tr.explore = epoch > 1;
        tr.moves = tr.correct = 0;
        w5_shuffle(order, train->sents.n, &tr.rng);
        for (size_t k = 0; k < train->sents.n; k++) {
            const w5_tb_sent *se = &train->sents.v[order[k]];
            size_t b = se->word_begin, n = se->word_end - se->word_begin;
            if (state_alloc(&st, n))
                goto done;
            load_words(&st, &clusters, tv.spans + b, tv.upos + b, tv.xpos + b);
            rc = opts->beam > 1
                     ? train_sentence_beam(&tr, &st, gh + b, glab + b, (size_t)opts->beam)
                     : train_sentence(&tr, &st, gh + b, glab + b);
            state_free(&st);
            if (rc)
                goto done;
            rc = W5_ERR_NOMEM;
        }
        int width = opts->beam > 1 ? (opts->beam < BEAM_MAX ? opts->beam : BEAM_MAX) : 1;
        w5_parser cand = {.clusters = clusters, .ntrans = tr.ntrans,
                          .nlabel = tr.nlabel, .beam = width,
                          .trained_beam = width, .r2l = opts->right_to_left};
        if (compile_capped(tr.trans, &copts, TRANS_MAX_FEATS, &cand.trans) ||
            compile_capped(tr.label, &copts, LABEL_MAX_FEATS, &cand.label) ||
            pack_trans(&cand) || pack_label(&cand) ||
            (width > 1 && pack_trans4(&cand))) {
            parser_clear(&cand);
            goto done;
        }
        double uas = 0, las = 0;
        if (dev->sents.n && evaluate(&cand, &dv, &uas, &las)) {
            parser_clear(&cand);
            goto done;
        }
        int better = las >= best_las;
        if (better) {
            best_las = las;
            parser_clear(&best);
            best = cand;
        } else {
            parser_clear(&cand);
        }
        if (opts->progress)
            opts->progress(epoch, opts->epochs,
                           tr.moves ? 100.0 * (double)tr.correct / (double)tr.moves : 0,
                           uas, las, better, opts->ctx);
    }
    if (!best.trans)
        goto done;
    rc = save_compact(&best, cdata, csize, out_path, err);
    goto out;
done:
    rc = w5_fail(err, rc ? rc : W5_ERR_NOMEM, "training the parser: %s",
                 w5_strerror(rc ? rc : W5_ERR_NOMEM));
out:
    parser_clear(&best);
    w5_ap_free(tr.trans);
    w5_ap_free(tr.label);
    view_free(&tv);
    view_free(&dv);
    free(cdata);
    free(order);
    free(gh);
    free(glab);
    return rc;
}
