/*
 * ner.h - the statistical named-entity recognizer: PERSON, ORG, LOC, MISC
 * (a MISC that the lexicon knows as a demonym becomes NORP), trained on
 * CoNLL-2003 by `w5 train ner` into models/ner.w5m.
 *
 * Model: an averaged perceptron over BILOU labels (Ratinov & Roth 2009)
 * decoded per sentence by Viterbi under the BILOU constraints, with hashed
 * features: the word, its lower case, shape, affixes, neighbours at +-2,
 * word clusters learned from unlabeled news (stored inside the model
 * file), gazetteer matches from the lexicon, and how the same word was
 * labelled earlier in the document ("extended prediction history"). A
 * second stage sees the first stage's labels of the whole document
 * (trained on 4-fold jackknifed labels); both stages share one weight
 * table, so a feature costs one probe for both. Label-independent
 * features of a token are hashed once per token and then combined.
 *
 * Thread safety: a loaded model is read-only; share it freely.
 */
#ifndef W5_NER_H
#define W5_NER_H

#include <stddef.h>
#include <stdint.h>

#include "doc/doc.h"
#include "learn/learn.h"
#include "lexicon/lexicon.h"

typedef struct w5_ner_model w5_ner_model;

/* Loads ner.w5m (errors name the file: missing, not a model, other
 * version, damaged, or a model of another stage). */
int w5_ner_load(const char *path, w5_ner_model **out, w5_error *err);
/* The same from bytes in memory (copied): for tests and fuzzing. */
int w5_ner_from_buffer(const void *data, size_t size, w5_ner_model **out,
                       w5_error *err);
void w5_ner_free(w5_ner_model *model);
/* 1 when the model was trained with gazetteer features (then it wants
 * the lexicon it was trained with). */
int w5_ner_uses_lexicon(const w5_ner_model *model);

/* Appends the named-entity mentions of doc (tokens and sentences must be
 * there) to doc->ments in text order: type PERSON/ORG/LOC/MISC/NORP, kind
 * W5_MENTION_NAME, entity -1. `lex` may be NULL (no gazetteer features,
 * no MISC -> NORP). */
int w5_ner_run(const w5_ner_model *model, const w5_lexicon *lex, w5_doc *doc,
               w5_error *err);

/* ---- lower level: tagging token strings -------------------------------- */

/* Entity types of the model, in label order. */
enum { W5_NER_PER = 0, W5_NER_ORG, W5_NER_LOC, W5_NER_MISC, W5_NER_NTYPES };
/* BILOU labels: 0 = O, then for type t: 1+4t = B, 2+4t = I, 3+4t = L,
 * 4+4t = U. */
#define W5_NER_NLABELS (1 + 4 * W5_NER_NTYPES)

static inline int w5_ner_label_type(int label)
{
    return label ? (label - 1) / 4 : -1;
}
/* 'O', 'B', 'I', 'L' or 'U'. */
static inline char w5_ner_label_part(int label)
{
    return label ? "BILU"[(label - 1) % 4] : 'O';
}
/* CoNLL type names: "PER", "ORG", "LOC", "MISC". */
const char *w5_ner_type_name(int type);

typedef struct w5_ner_word {
    const char *s;
    uint32_t len;
} w5_ner_word;

/* Tags one document given as words; sentence i is words
 * [sent_end[i-1], sent_end[i]) (sent_end[-1] = 0, sent_end[nsent-1] = n).
 * labels gets n BILOU labels, each span well formed. */
int w5_ner_tag(const w5_ner_model *model, const w5_lexicon *lex,
               const w5_ner_word *words, size_t n, const uint32_t *sent_end,
               size_t nsent, uint8_t *labels, w5_error *err);

/* Tags a CoNLL file (see input/conll.h) document by document (documents
 * start at -DOCSTART- lines): labels[k] gets the BILOU label of line k (0
 * for blank and -DOCSTART- lines); labels has c->lines.n entries. */
struct w5_conll;
int w5_ner_tag_conll(const w5_ner_model *model, const w5_lexicon *lex,
                     const struct w5_conll *c, uint8_t *labels, w5_error *err);

/* The IOB2 tag of a BILOU label into buf ("B-PER", "I-LOC", "O"). */
const char *w5_ner_iob2(int label, char buf[8]);

/* ---- training ----------------------------------------------------------- */

/* Feature groups, for ablation (all on by default). */
enum {
    W5_NERF_WORD = 1u << 0,      /* word, lower case */
    W5_NERF_AFFIX = 1u << 1,     /* prefixes, suffixes 1-4 */
    W5_NERF_SHAPE = 1u << 2,     /* shape, short shape */
    W5_NERF_CONTEXT = 1u << 3,   /* neighbour words and shapes at +-2 */
    W5_NERF_CLUSTERS = 1u << 4,  /* word cluster bit-string prefixes */
    W5_NERF_GAZ = 1u << 5,       /* lexicon matches */
    W5_NERF_HISTORY = 1u << 6,   /* previous two labels (then greedy
                                    decoding instead of Viterbi; off) */
    W5_NERF_NONLOCAL = 1u << 7,  /* earlier labels of the word in the doc */
    W5_NERF_HEADLINE = 1u << 8,  /* all-caps sentence, sentence start */
    W5_NERF_ALL = 0x1FFu
};

typedef struct w5_ner_train_opts {
    const char *train_path, *dev_path;
    const char *lexicon_path;   /* NULL: no gazetteer features */
    const char *clusters_path;  /* NULL: no cluster features */
    int epochs;                 /* at most; stops early on dev */
    int patience;               /* epochs without dev gain before stopping */
    uint64_t seed;
    unsigned features;          /* W5_NERF_* */
    int lowered_every;          /* > 0: also train on a lower-cased copy
                                   of every n-th training document */
    int stages;                 /* 1, or 2: a second model that also sees
                                   the first's labels of the whole document */
    w5_compile_opts compile;
    /* Called after each epoch (may be NULL). stage: 1, 2, or 10 + k for
     * the k-th jackknife fold; dev_f1 < 0 when not measured. */
    void (*progress)(void *ctx, int stage, int epoch, double train_acc,
                     double dev_f1, size_t nfeat, double seconds);
    void *progress_ctx;
} w5_ner_train_opts;

void w5_ner_train_defaults(w5_ner_train_opts *opts);

typedef struct w5_ner_train_result {
    int best_epoch;
    double dev_f1;      /* of the final model */
    double stage1_f1;   /* of the first stage alone (two stages) */
    size_t features;
} w5_ner_train_result;

/* Trains and writes the model to out_path. */
int w5_ner_train(const w5_ner_train_opts *opts, const char *out_path,
                 w5_ner_train_result *res, w5_error *err);

/* ---- word clusters ------------------------------------------------------ */

typedef struct w5_clusters_opts {
    const char *const *inputs;  /* plain text files */
    size_t ninputs;
    const char *const *conll_inputs; /* CoNLL files: their first column */
    size_t nconll;
    const char *out_path;       /* "bits<TAB>word<TAB>count" lines */
    size_t max_words;           /* vocabulary size (most frequent words) */
    uint32_t min_count;
    size_t classes;             /* flat classes before the tree is built */
    int passes;                 /* at most this many exchange passes */
    uint64_t seed;
    void (*progress)(void *ctx, const char *what);
    void *progress_ctx;
} w5_clusters_opts;

void w5_clusters_defaults(w5_clusters_opts *opts);
int w5_clusters_build(const w5_clusters_opts *opts, w5_error *err);

#endif
