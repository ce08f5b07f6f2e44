/*
 * ner_int.h - internals shared by the NER tagger (ner.c), its features
 * (features.c) and its trainer (train.c). Not part of the library's API.
 */
#ifndef W5_NER_INT_H
#define W5_NER_INT_H

#include "ner/ner.h"

/* The most label-independent features one token can have; a token's
 * feature list is this plus NER_MAX_DYN label-dependent ones. */
#define NER_MAX_STATIC 96
#define NER_MAX_DYN 32
#define NER_CONFIG_VERSION 1

/* The "config" section of a ner model file. */
typedef struct ner_config_rec {
    uint32_t version;       /* NER_CONFIG_VERSION */
    uint32_t features;      /* W5_NERF_* the model was trained with */
    uint32_t nlabels;       /* W5_NER_NLABELS */
    uint32_t cluster_slots; /* entries (pairs of u32) in "clusters", 2^k */
    uint32_t stages;        /* 1, or 2 with a second model "lin2" */
    uint32_t reserved[3];
} ner_config_rec;

/* What feature extraction needs from a model. */
typedef struct ner_cfg {
    uint32_t features;
    uint32_t cluster_mask;     /* slots - 1, or 0 with no clusters */
    const uint32_t *clusters;  /* slots x {key32, path | depth << 24} */
} ner_cfg;

/* Label-independent facts about a token, hashed once. */
typedef struct ner_tok {
    uint64_t word, lower, shape, sshape;
    uint64_t pre[4], suf[4];
    uint32_t cluster;        /* path | depth << 24; 0 = unknown word */
    uint32_t gaz;            /* bit 2k: begins a phrase with lexicon flag k,
                                bit 2k+1: inside one */
    uint8_t cap;             /* first character upper case */
    uint8_t len;             /* bytes, capped at 255 */
} ner_tok;

/* The 64-bit hash every NER string goes through (also the cluster keys). */
uint64_t ner_hash(const char *s, size_t n);
/* Cluster table key and lookup. */
static inline uint32_t ner_cluster_key(uint64_t h)
{
    uint32_t k = (uint32_t)(h >> 32);
    return k ? k : 1;
}
uint32_t ner_cluster_find(const ner_cfg *cfg, uint64_t h);

void ner_tok_fill(const ner_cfg *cfg, const char *s, uint32_t len,
                  ner_tok *t);
/* Marks gazetteer matches of words [b, e) in toks[b..e). */
void ner_gaz_fill(const w5_lexicon *lex, const w5_ner_word *words, size_t b,
                  size_t e, ner_tok *toks);
/* 1 when the sentence [b, e) is a headline in capitals. */
int ner_is_headline(const w5_ner_word *words, size_t b, size_t e);
/* 1 when a document has (almost) no capital letters: its features then
 * live in a weight space of their own, learnt from lower-cased copies of
 * training documents, so well-cased text is scored as if they were not
 * there. */
int ner_is_lowered(const w5_ner_word *words, size_t n);

/* The flags argument of ner_static_feats. */
enum { NER_SENT_HEADLINE = 1, NER_DOC_LOWERED = 2 };

/* The label-independent features of token i of sentence [b, e). */
size_t ner_static_feats(const ner_cfg *cfg, const ner_tok *toks, size_t b,
                        size_t e, size_t i, int flags, uint64_t *out);

typedef void (*ner_score_fn)(const void *model, const uint64_t *feats,
                             size_t n, float *scores);

/* One document to decode: tokens with their static features
 * (feats[off[i]..off[i+1])), sentences ending at sent_end[]. */
typedef struct ner_seq {
    const ner_tok *toks;
    const uint64_t *feats;
    const uint32_t *off;
    size_t n;
    const uint32_t *sent_end;
    size_t nsent;
    /* Second stage only: the first stage's labels of the document, whose
     * document-wide agreement becomes features (NULL in the first). */
    const uint8_t *prior;
    int lowered;            /* ner_is_lowered() of the document */
    /* Optional: the scores of each token's static features, already
     * summed (n x W5_NER_NLABELS); feats/off are then not read and the
     * scorer sees only the label-dependent features. */
    const float *static_scores;
} ner_seq;

/* Both stages of a two-stage model in one table, so one probe per
 * feature serves both: rows of 2 x W5_NER_NLABELS int16 weights (first
 * stage, then second), keys and slots as in w5_linear. Sections
 * "merged.meta", "merged.keys", "merged.w". */
typedef struct ner_merged_meta {
    uint32_t nslots, nrows;
    float scale;
    uint32_t reserved;
} ner_merged_meta;

typedef struct ner_merged {
    ner_merged_meta meta;
    const uint32_t *slots;   /* nslots x {key32, row} */
    const int16_t *w;        /* nrows x NER_MSTRIDE (2 x NLABELS used) */
    /* the same rows as a sparse table, which sums use when it is set */
    const w5_rowtab *rows;
} ner_merged;

#define NER_MROW (2 * W5_NER_NLABELS)
/* Rows are stored padded to a multiple of 8 weights so that summing them
 * vectorises without a remainder loop. */
#define NER_MSTRIDE 40

/* Calls add(ctx, f) for every label-dependent feature the decoder can
 * make, given the distinct short shapes of the training tokens (the only
 * open-ended part of them): for building a model table from weights. */
void ner_enum_dyn(const uint64_t *sshapes, size_t n, void (*add)(void *, uint64_t),
                  void *ctx);

/* Sums the rows of feats into acc[NER_MSTRIDE] (unscaled). */
void ner_merged_sum(const ner_merged *m, const uint64_t *feats, size_t n,
                    int32_t *acc);
/* Scorers over one half of the merged rows (model = the ner_merged). */
void ner_score_merged1(const void *model, const uint64_t *feats, size_t n,
                       float *scores);
void ner_score_merged2(const void *model, const uint64_t *feats, size_t n,
                       float *scores);

/* Greedy left-to-right decoding into labels[]. With gold and ap given,
 * also trains: a perceptron update on every wrong decision. *correct (if
 * not NULL) gets the number of labels equal to gold. */
int ner_decode(const ner_cfg *cfg, ner_score_fn score, const void *model,
               const ner_seq *seq, uint8_t *labels, const uint8_t *gold,
               w5_ap *ap, size_t *correct);

void ner_score_linear(const void *model, const uint64_t *feats, size_t n,
                      float *scores);
void ner_score_ap(const void *model, const uint64_t *feats, size_t n,
                  float *scores);

/* Parses a CoNLL tag ("I-PER", "B-LOC", "O", "S-ORG", ...) into a type
 * (W5_NER_*) and part ('B' 'I' 'E' 'S' 'O'); -1 type for O / unknown. */
void ner_parse_tag(const char *s, size_t n, int *type, char *part);
/* Converts per-token CoNLL tags (IOB1, IOB2 or IOBES; type -1 = O) into
 * BILOU labels for one sentence. */
void ner_tags_to_bilou(const int *types, const char *parts, size_t n,
                       uint8_t *labels);

#endif
