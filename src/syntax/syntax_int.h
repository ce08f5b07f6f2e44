/*
 * syntax_int.h - internals shared by the tagger, lemmatizer and parser
 * files of src/syntax (not used outside this folder).
 */
#ifndef W5_SYNTAX_INT_H
#define W5_SYNTAX_INT_H

#include <stdint.h>

#include "doc/tagset.h"
#include "learn/learn.h"
#include "syntax/syntax.h"

/* Bumped whenever feature extraction changes, so that old models are
 * refused instead of silently scoring garbage. */
enum { W5_TAGGER_FEATURES = 7, W5_PARSER_FEATURES = 3 };

/* The lemmatizer: suffix rules per XPOS and exceptions (all zero-copy
 * views into the tagger's model file). */
typedef struct w5_lemmatizer {
    w5_smap rules;      /* hash(xpos, suffix) -> a = chars to strip,
                           b = offset of the ending to append in strs */
    w5_smap exc;        /* hash(xpos, form) -> a = offset of the lemma */
    const char *strs;
    size_t strs_size;
    const unsigned char *keep_case; /* per XPOS: 1 = lemma keeps case */
    /* The lemmas seen in training per word class: a set of 32-bit
     * fingerprints of hash(class, lemma), open addressing (vocab_mask + 1
     * slots, 0 = empty); NULL in older models, which use the rules alone. */
    const uint32_t *vocab;
    uint64_t vocab_mask;
    w5_smap rules2;     /* the same key as rules -> the runner-up rule */
    w5_smap words;      /* the tagger's ambiguity map, as the words it knows */
    unsigned char checked[W5_XPOS_COUNT]; /* per XPOS: the word class its
                           rule outputs are checked against, 0 = none */
} w5_lemmatizer;

struct w5_tagger {
    w5_mfile *mf;
    w5_linear *xpos, *upos;
    w5_rowtab *xrows, *urows; /* their sparse scoring tables */
    w5_smap tagdict;    /* hash(form) -> a = xpos, b = upos */
    w5_smap amb;        /* hash(form) -> the XPOS tags seen with the word
                           (ambiguity class; 0 = none): a = bits 0-31,
                           b = bits 32-50 | cluster id << W5_CLUSTER_SHIFT
                           (one lookup finds both) */
    const uint32_t *cluster_paths; /* cluster id - 1 -> path | depth << 24 */
    uint32_t ncluster;
    const unsigned char *upos_allowed; /* W5_XPOS_COUNT x 3 bytes */
    w5_lemmatizer lem;
    const struct w5_tagnn *nn;  /* the opt-in network, NULL = none */
    struct w5_tagnn *nn_owned;
    void *owned, *owned2; /* in-memory taggers (jackknifing): their maps */
};

/* Where a word's cluster id (1-based, 0 = none) sits in the ambiguity
 * map's b, above the 19 high bits of the XPOS set. */
enum { W5_CLUSTER_SHIFT = 19, W5_CLUSTER_MAX = (1 << 13) - 1 };

/* Pruning of the compiled models (the size / accuracy trade-off). */
#define W5_TAGGER_MIN_WEIGHT 1.0f
#define W5_TAGGER_MIN_UPDATES 3
#define W5_UPOS_MIN_WEIGHT 0.05f
#define W5_UPOS_MIN_UPDATES 2
#define W5_PARSER_MIN_WEIGHT 0.05f
#define W5_PARSER_MIN_UPDATES 2

/* Trains a tagger (no lemmatizer) in memory on the sentences of train
 * whose skip flag is 0, for jackknifed parser training; `like` (may be
 * NULL) is unused (kept for the signature). Free with w5_tagger_free. */
int w5_tagger_train_mem(const w5_treebank *train, const uint8_t *skip,
                        const w5_train_opts *opts, const w5_tagger *like,
                        w5_tagger **out);

/* Combines k parses of n words (heads[m][i]: a word index or -1 for the
 * root, labels[m][i]) by arc votes (weights[m] each) into the maximum
 * spanning tree with one root, relations by vote (ensemble.c). When the
 * votes hold no tree (a parse was not one), the first parse is kept. */
int w5_arc_vote(const int32_t *const *heads, const uint8_t *const *labels,
                const float *weights, size_t k, size_t n, int32_t *out_heads,
                uint8_t *out_labels);

/* ---- parser internals shared with the graph parser (parser.c) ---- */

/* The parser's hash of a word (its first 64 bytes lowercased, and its
 * length); | 1 it keys the word's cluster. */
uint64_t w5_parser_word_hash(const char *s, size_t len);
/* Reads a clusters file (bits<TAB>word<TAB>count) into the bytes of a
 * map section: w5_parser_word_hash | 1 -> a = bit path, b = depth. */
int w5_parser_read_clusters(const char *path, void **data, size_t *size,
                            w5_error *err);
/* The words of tb and the tags a parser trains on: gold ones without a
 * tagger, the tagger's, or with opts->jackknife > 1 those of k taggers
 * trained on the other folds (opts->clusters, seed). The caller frees
 * the three arrays (tb->words.n + 1 entries). */
int w5_parser_tagged_words(const w5_treebank *tb, const w5_tagger *tagger,
                           const w5_train_opts *opts, w5_span **spans,
                           uint8_t **upos, uint8_t **xpos);
/* Random numbers and shuffles of the trainers (tagger_train.c). */
uint64_t w5_rand_next(uint64_t *state);
void w5_shuffle(uint32_t *order, size_t n, uint64_t *state);

/* The maximum spanning tree with one root of the arc scores s (n x (n +
 * 1): s[i * (n + 1) + j] scores word i's head j, j = 0 the root, j = k +
 * 1 word k; log-probabilities): heads[i] = -1 (the root) or a word
 * index. Only the best `keep` word heads of each word are candidates
 * (ensemble.c). */
int w5_max_tree(const float *s, size_t n, size_t keep, int32_t *heads);

/* The first `bits` bits of a cluster path (all of it when shorter), with
 * the length, so prefixes of different lengths never collide (the
 * tagger's features and its network's). */
static inline uint64_t w5_cluster_prefix(uint32_t cl, unsigned bits)
{
    unsigned depth = cl >> 24;
    uint32_t path = cl & 0xFFFFFFu;
    if (depth > bits) {     /* (a damaged model's depth: up to 255) */
        path = depth - bits < 32 ? path >> (depth - bits) : 0;
        depth = bits;
    }
    return (uint64_t)path << 8 | depth;
}

/* Feature hashes: a template number mixed with one to three values. */
static inline uint64_t w5_f1(uint64_t t, uint64_t a)
{
    return w5_hash_mix(t * 0x9E3779B97F4A7C15ull + 1, a);
}
static inline uint64_t w5_f2(uint64_t t, uint64_t a, uint64_t b)
{
    return w5_hash_mix(w5_f1(t, a), b);
}
static inline uint64_t w5_f3(uint64_t t, uint64_t a, uint64_t b, uint64_t c)
{
    return w5_hash_mix(w5_f2(t, a, b), c);
}

/* Scores like w5_linear_score, but first prefetches every feature's hash
 * slot and then every found weight row, so that the cache misses of one
 * decision overlap instead of queueing (the models are larger than the
 * caches; this is most of the tagger's and parser's time). */
void w5_syntax_score(const w5_linear *lin, const uint64_t *feats,
                     size_t nfeat, float *scores);

/* ---- tagger internals shared with training ---- */

/* Per-word hashes the tagger's features use, computed once a sentence. */
typedef struct w5_tword {
    uint64_t w, lw, sfx[4], pfx[3], shape, flags, sfx3;
    uint64_t amb;       /* ambiguity class (tags seen in training) */
    uint32_t cl;        /* word cluster: path | depth << 24, 0 = none */
} w5_tword;



enum { W5_TAGGER_MAX_FEATS = 56, W5_UPOS_MAX_FEATS = 24 };

void w5_tagger_word_hashes(const w5_tagger *tg, const w5_span *words,
                           size_t n, w5_tword *out);
/* Features of word i given the XPOS of the two words before it. */
size_t w5_tagger_features(const w5_tword *tw, size_t n, size_t i, int p1,
                          int p2, uint64_t *feats);
/* Features of the UPOS decision of word i given all XPOS tags. */
size_t w5_upos_features(const w5_tword *tw, size_t n, size_t i,
                        const uint8_t *xpos, uint64_t *feats);
uint64_t w5_tagdict_key(const char *s, size_t len);

/* Builds the sparse scoring tables of tg's linear models (xrows, urows),
 * which tagging needs. 0 or W5_ERR_NOMEM / W5_ERR_TOO_LARGE. */
int w5_tagger_index(w5_tagger *tg);

/* Opens the linear models and views of a tagger from its model file. */
int w5_tagger_from_mfile(w5_mfile *mf, w5_tagger **out, w5_error *err);

/* Makes tg use network nn (NULL = none), not owning it. */
struct w5_tagnn;
void w5_tagger_set_nn(w5_tagger *tg, const struct w5_tagnn *nn);
void w5_tagnn_set_alpha(struct w5_tagnn *nn, float ax, float au);

/* ---- lemmatizer ---- */

/* Learns rules and exceptions from a treebank and adds the sections
 * "lemma.rules", "lemma.exc", "lemma.str", "lemma.case", "lemma.vocab",
 * "lemma.rules2" to w. The view reads the last two when present (with the
 * tagger's "ambiguity" map) and applies older models without them as
 * before. */
int w5_lemma_learn(const w5_treebank *tb, w5_mwriter *w, w5_error *err);
int w5_lemma_view(const w5_mfile *mf, w5_lemmatizer *lem, w5_error *err);
size_t w5_lemma_apply(const w5_lemmatizer *lem, const char *form,
                      size_t len, int xpos, char *buf, size_t cap);

#endif
