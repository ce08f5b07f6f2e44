/*
 * syntax.h - part-of-speech tagger, lemmatizer and dependency parser.
 *
 * The tagger is a greedy left-to-right averaged perceptron over hashed
 * context features (words, affixes, shapes, the two previous tags) that
 * predicts the Penn XPOS tag; a second, small classifier picks the UPOS
 * among the ones seen with that XPOS. Frequent unambiguous words skip the
 * classifiers (a tag dictionary). The lemmatizer applies suffix rules
 * learned per XPOS from the treebanks plus an exception lexicon of the
 * words the rules get wrong; both live in the tagger's model file.
 *
 * The parser is a greedy arc-eager transition parser (root at the end of
 * the buffer) trained with the dynamic oracle of Goldberg & Nivre (2012)
 * on Zhang & Nivre (2011) style features, word clusters (Koo et al. 2008)
 * and counts of the verbs, punctuation and conjunctions between the two
 * words it weighs. Its decisions are factored: one
 * classifier picks among SHIFT / REDUCE / LEFT / RIGHT, a second one the
 * relation of each arc as it is made. Non-projective training trees are
 * projectivised by lifting arcs. Work is linear in the sentence length.
 * A model trained with --beam K (global max-violation updates, Huang et
 * al. 2012) parses with a beam of K instead: the K best partial parses
 * by their summed transition scores (Zhang & Nivre 2011), K times the
 * work and more; the width is kept in the model (meta[2]).
 *
 * Morphological features (UD FEATS) are predicted after parsing, from
 * the word, its tags and its dependents (morph.h).
 *
 * Models are read-only once loaded and may be shared by threads; every
 * call allocates its own scratch space.
 */
#ifndef W5_SYNTAX_H
#define W5_SYNTAX_H

#include <stddef.h>
#include <stdint.h>

#include "doc/doc.h"
#include "eval/eval.h"
#include "input/conllu.h"
#include "util/util.h"

typedef struct w5_tagger w5_tagger;
typedef struct w5_parser w5_parser;

/* A word of a sentence: its bytes (not NUL-terminated). */
typedef struct w5_span {
    const char *s;
    uint32_t len;
} w5_span;

/* ---- loading and running on documents ----------------------------------- */

int w5_tagger_load(const char *path, w5_tagger **out, w5_error *err);
void w5_tagger_free(w5_tagger *tagger);
int w5_parser_load(const char *path, w5_parser **out, w5_error *err);
/* The same checks on a model file in memory (copied): for tests and
 * fuzzing (fuzz/fuzz_model.c, stage "parser"). */
int w5_parser_from_buffer(const void *data, size_t size, w5_parser **out,
                          w5_error *err);
void w5_parser_free(w5_parser *parser);

/* Sets upos, xpos and lemma of every token, sentence by sentence (tokens
 * outside sentences are tagged as one sentence each run). */
int w5_tagger_run(const w5_tagger *tagger, w5_doc *doc, w5_error *err);
/* Sets head and deprel of every token from the tags; needs TAGS. */
int w5_parser_run(const w5_parser *parser, w5_doc *doc, w5_error *err);

/* ---- running on one sentence -------------------------------------------- */

/* Tags n words: xpos[i], upos[i] get tag-table indices. */
int w5_tagger_tag(const w5_tagger *tagger, const w5_span *words, size_t n,
                  uint8_t *xpos, uint8_t *upos);
/* Writes the lemma of a word with tag xpos into buf (NUL-terminated,
 * truncated to cap); returns its length. */
size_t w5_tagger_lemma(const w5_tagger *tagger, const char *form,
                       size_t len, int xpos, char *buf, size_t cap);
/* Parses n tagged words: heads[i] is a word index or -1 (root), deprels[i]
 * a relation-table index. Exactly one word gets head -1. A sentence of
 * more than W5_PARSER_BEAM_MAX_WORDS words is parsed greedily whatever
 * the beam width (a beam model with its own table; in an ensemble every
 * member so, their parses voted as usual): a beam step copies its k
 * partial parses, each as long as the sentence, so a beam's time grows
 * with the square of the length (20,000 words: 12 s at beam 8, 49 s with
 * the ensemble; now 0.1 and 0.3 s). No news sentence is that long; a
 * run-on list or a table read as one sentence is. EWT dev parsed so
 * throughout (-DW5_PARSER_BEAM_MAX_WORDS=0): parser-beam.w5m LAS 80.20,
 * the ensemble 81.81 (parser.w5m 81.48), against 83.19 and 84.26 with
 * their beams. */
int w5_parser_parse(const w5_parser *parser, const w5_span *words,
                    const uint8_t *upos, const uint8_t *xpos, size_t n,
                    int32_t *heads, uint8_t *deprels);
#ifndef W5_PARSER_BEAM_MAX_WORDS
#define W5_PARSER_BEAM_MAX_WORDS 400
#endif

/* A parser that parses with each of the k members (k <= 8, the first
 * the best) and combines their parses by arc votes of the members'
 * weights into a maximum spanning tree (reparsing, Sagae & Lavie 2006;
 * relations by vote). Takes the members over, also on failure: they are
 * freed with the ensemble. w5_parser_set_beam on it sets the width of
 * its members trained for a beam (0: back to the widths they had when
 * the ensemble was made). */
int w5_parser_ensemble(w5_parser **members, const float *weights, size_t k,
                       w5_parser **out, w5_error *err);
/* The ensemble the pipeline and `w5 parse --ensemble` use: eight parsers
 * of model_dir (beam: parser-beam.w5m, parser-beam16.w5m, parser-r2l.w5m,
 * right to left; greedy: parser.w5m, parser-greedy-l2r.w5m,
 * parser-greedy-r2l.w5m; graph: parser-graph.w5m, parser-graph2.w5m), each with
 * the weight tuned on EWT dev; beam: as
 * w5_parser_set_beam for the members trained for one (0: the widths of
 * the table in parser.c). */
int w5_parser_load_ensemble(const char *model_dir, int beam, w5_parser **out,
                            w5_error *err);

/* Writes a loaded parser to path in the compact format (the tables
 * parses read, as they are in memory): the same parses from a file a
 * fifth of the size of one of the first format. */
int w5_parser_save(const w5_parser *parser, const char *path, w5_error *err);

/* The beam width parses use: k > 1 keeps the k best partial parses
 * (slower, about k times; best with a model trained for a beam), 1 parses
 * greedily, 0 goes back to the width the model was trained for (greedy
 * for a greedily trained one), capped at 64. A greedy model in the
 * compact file format always parses greedily (its table keeps too little
 * for a beam). Call before the parser is shared by threads. */
void w5_parser_set_beam(w5_parser *parser, int k);
int w5_parser_beam(const w5_parser *parser);
/* The width the model was trained for (1 = greedy). */
int w5_parser_trained_beam(const w5_parser *parser);

/* ---- treebanks (CoNLL-U) for training and evaluation -------------------- */

typedef struct w5_tb_word {
    uint32_t form, lemma;   /* pool offsets */
    uint32_t feats;         /* pool offset of the FEATS column */
    int32_t head;           /* word index in the sentence, -1 root */
    uint8_t upos, xpos, deprel;
    uint8_t has_lemma;      /* 0 when the lemma column is "_" */
    uint32_t tok;           /* index of the surface token holding it */
} w5_tb_word;

typedef struct w5_tb_tok {
    uint32_t form;          /* pool offset of the surface form */
    uint32_t word_begin, word_end;
    uint8_t space_after;
} w5_tb_tok;

typedef struct w5_tb_sent {
    uint32_t word_begin, word_end;
    uint32_t tok_begin, tok_end;
    uint8_t new_doc, new_par;
} w5_tb_sent;

typedef struct w5_treebank {
    W5_VEC(w5_tb_word) words;
    W5_VEC(w5_tb_tok) toks;
    W5_VEC(w5_tb_sent) sents;
    w5_strpool pool;
} w5_treebank;

enum {
    /* Skip GUM documents of genres under a non-commercial licence
     * (fiction, whow, essay, letter, podcast). */
    W5_TB_SKIP_NC = 1u << 0
};

void w5_treebank_init(w5_treebank *tb);
void w5_treebank_free(w5_treebank *tb);
/* Appends the sentences of a CoNLL-U file (empty nodes are skipped). */
int w5_treebank_read(w5_treebank *tb, const char *path, unsigned flags,
                     w5_error *err);
/* The same from a buffer; `name` names it in errors. */
int w5_treebank_parse(w5_treebank *tb, const char *data, size_t len,
                      const char *name, unsigned flags, w5_error *err);
static inline const char *w5_tb_str(const w5_treebank *tb, uint32_t off)
{
    return tb->pool.buf + off;
}

/* ---- training ----------------------------------------------------------- */

/* Called after each epoch with the dev scores (percent); may be NULL. */
typedef void (*w5_train_progress)(int epoch, int epochs, double train_acc,
                                  double dev_a, double dev_b, int best,
                                  void *ctx);

typedef struct w5_train_opts {
    int epochs;
    uint64_t seed;
    /* Parser: tag the training data by k-fold jackknifing (k taggers,
     * each trained without one fold, tag that fold) so the parser learns
     * from tags as noisy as it will see; 0 or 1 = tag with `tagger`. */
    int jackknife;
    /* Pruning of the written model: drop features that took part in
     * fewer updates than this (0 = the default of the stage). */
    uint32_t min_updates;
    /* ... and features whose largest |weight| is below this (0 = the
     * default of the stage). */
    float min_weight;
    /* Tagger and parser: a word clusters file (bits<TAB>word<TAB>count,
     * from `w5 train clusters`) embedded in the model for cluster
     * features; NULL = none. */
    const char *clusters;
    /* Parser: train for a beam of this width with global updates
     * (max-violation, Huang et al. 2012); 0 or 1 = greedy with the
     * dynamic oracle. */
    int beam;
    /* Parser: train the first feature set (revision 0: 88 transition and
     * 26 label features, no clusters, no in-between counts), which
     * parses faster; 0 = all of them. */
    int rev0_features;
    /* Parser: train a right-to-left model, one that parses the sentence
     * read backwards (a member of the reparsing ensemble); 0 = left to
     * right. */
    int right_to_left;
    w5_train_progress progress;
    void *ctx;
} w5_train_opts;

/* Trains a tagger + lemmatizer on train, keeps the epoch best on dev
 * (dev may be empty: then the last), writes it to out_path. dev_a = XPOS
 * accuracy, dev_b = UPOS accuracy. */
int w5_tagger_train(const w5_treebank *train, const w5_treebank *dev,
                    const w5_train_opts *opts, const char *out_path,
                    w5_error *err);
/* The opt-in neural tagger (tagger_nn.h): a feed-forward network over a
 * window of words (tagger_nn.c) or a BiLSTM over the sentence
 * (tagger_lstm.c, opts.lstm > 0), whose log-probabilities the tagger adds
 * to its own scores. The window network's word vectors may be learned
 * first from unlabeled text: */
typedef struct w5_nn_pretrain_opts {
    const char *const *files;  /* plain text files */
    size_t nfiles;             /* 0 = no word vectors */
    uint32_t dim;              /* 1..W5_NN_MAX_VEC_DIM, 0 = 32 */
    uint32_t max_words;        /* the most frequent words kept (60000) */
    uint32_t min_count;        /* ... seen at least this often (3) */
    int epochs;                /* 1..W5_NN_MAX_EPOCHS, 0 = 3 */
    uint64_t seed;
} w5_nn_pretrain_opts;

/* Bounds of the network's options: w5_tagger_train_nn refuses others
 * (W5_ERR_INVALID) and the loader files made with others. */
enum { W5_NN_MAX_EPOCHS = 1000, W5_NN_MAX_HIDDEN = 4096, W5_NN_MAX_VEC_DIM = 1024,
       W5_NN_MAX_LSTM = 1024 };
/* The dropout `w5 train tagger --neural` uses unless told otherwise: at
 * 0.25, 0.5 the network alone tagged EWT dev UPOS 95.15 (best of 12
 * epochs), at 0.1, 0.25 94.99 (of 10; it overfit from the 6th). */
#define W5_NN_FEAT_DROPOUT 0.25f
#define W5_NN_HIDDEN_DROPOUT 0.5f

typedef struct w5_nn_train_opts {
    int epochs;            /* 1..W5_NN_MAX_EPOCHS, 0 = 12 */
    uint32_t hidden;       /* hidden units: a multiple of 8 up to
                              W5_NN_MAX_HIDDEN, 0 = 256 */
    uint32_t min_count;    /* features seen fewer times get no embedding (2) */
    uint64_t seed;
    float lr, lr_decay;    /* Adam's step in (0, 1] (0 = 1e-3), its factor
                              per epoch in (0, 1] (0 = 0.85) */
    float feat_dropout, hidden_dropout; /* each in [0, 1), as given: 0 = no
                              dropout (W5_NN_*_DROPOUT: the usual) */
    float alpha_x, alpha_u; /* > 0: fixed weights, else tuned on `tune` */
    uint32_t lstm;         /* > 0: the BiLSTM kind with this many units per
                              direction (up to W5_NN_MAX_LSTM; hidden is then
                              its output layer, 0 = 128; dropout F of the
                              words' forms, H of the LSTM outputs and the
                              hidden units), 0: the window network */
    uint32_t layers;       /* the BiLSTM's layers, 1..4 (0 = 2) */
    w5_nn_pretrain_opts pretrain;
    w5_train_progress progress;  /* epoch -1 / -2: the weight tuning */
    void *ctx;
} w5_nn_train_opts;

/* Trains a network for tagger tg on train, keeping the epoch best on dev,
 * tunes its weights in the combination on tune (may be NULL or empty:
 * then opts' alphas) and writes it to out_path. tg is only read: a
 * network attached to it stays attached (and plays no part: the new one
 * is tuned alone with the perceptron). */
int w5_tagger_train_nn(const w5_treebank *train, const w5_treebank *dev,
                       const w5_treebank *tune, const w5_tagger *tg,
                       const w5_nn_train_opts *opts, const char *out_path,
                       w5_error *err);
/* Loads a network file trained for tg and makes tg use it (tg owns it).
 * Call before tg is shared by threads. W5_ERR_VERSION when the network
 * was trained for another tagger model. */
int w5_tagger_attach_nn(w5_tagger *tg, const char *path, w5_error *err);

/* Trains a parser; words are tagged by `tagger` when not NULL (so the
 * parser learns from the tags it will see), else gold tags are used.
 * dev_a = UAS, dev_b = LAS. */
int w5_parser_train(const w5_treebank *train, const w5_treebank *dev,
                    const w5_tagger *tagger, const w5_train_opts *opts,
                    const char *out_path, w5_error *err);

/* The opt-in graph parser (graph.h: BiLSTMs and biaffine arc scores,
 * Dozat & Manning 2017), trained with Adam on the words' embeddings,
 * their clusters and the tagger's (jackknifed) tags; its model file is a
 * parser model w5_parser_load reads. dev_a = UAS, dev_b = LAS. */

typedef struct w5_graph_train_opts {
    int epochs;                  /* default 12 */
    uint32_t hidden, layers;     /* LSTM size per direction (200), layers (2) */
    uint32_t arc_dim, label_dim; /* 256, 64 */
    uint32_t word_dim;           /* 100 */
    uint32_t min_count;          /* words seen fewer times are unknown (2) */
    uint32_t batch;              /* words a batch (1000) */
    float lr;                    /* Adam (2e-3) */
    float drop_word, drop_tag, drop_hidden; /* 0.25, 0.25, 0.33 */
    int jackknife;               /* with a tagger: k-fold jackknifed tags */
    const char *clusters;        /* word clusters file, or NULL */
    uint64_t seed;
    int threads;                 /* 2: each batch split between two threads */
    w5_train_progress progress;
    void *ctx;
} w5_graph_train_opts;

int w5_graph_train(const w5_treebank *train, const w5_treebank *dev,
                   const w5_tagger *tagger, const w5_graph_train_opts *opts,
                   const char *out_path, w5_error *err);

/* ---- evaluation (src/eval/syntax.c) ------------------------------------- */

/* CoNLL 2018 shared-task metrics: F1 of each over aligned words. */
typedef struct w5_syntax_scores {
    w5_eval_prf tokens, sentences, words, upos, xpos, lemmas, uas, las;
    w5_eval_prf ufeats;   /* universal features, as conll18_ud_eval.py */
    w5_eval_prf alltags;  /* UPOS, XPOS and UFeats all right */
} w5_syntax_scores;

/* The models an evaluation runs: a tagger; a parser or NULL (tags
 * only); a morph model or NULL (no FEATS; they need the parser too); a
 * sentence-boundary model for the raw-text run or NULL (rules only). */
struct w5_boundary_model;
struct w5_morph;
typedef struct w5_syntax_models {
    const w5_tagger *tagger;
    const w5_parser *parser;
    const struct w5_morph *morph;
    const struct w5_boundary_model *segment;
} w5_syntax_models;

/* Tags, parses and analyses gold with the models: on the gold words, or
 * with end_to_end from the rebuilt raw text through the text layer. */
int w5_eval_syntax_run_with(const w5_conllu *gold, const w5_syntax_models *models,
                            int end_to_end, w5_syntax_scores *out,
                            w5_error *err);

/* 1 when two FEATS strings agree on the universal features (the UFeats
 * metric: conll18_ud_eval.py ignores Typo, Style, NumForm, ExtPos...). */
int w5_eval_same_ufeats(const char *a, const char *b);

/* Tags (and parses, when ps is not NULL) gold: on the gold words, or
 * with end_to_end from the rebuilt raw text through the text layer. */
int w5_eval_syntax_run(const w5_conllu *gold, const w5_tagger *tg,
                       const w5_parser *ps, int end_to_end,
                       w5_syntax_scores *out, w5_error *err);
/* The same, splitting the raw text's sentences with the learned boundary
 * model `seg` as the pipeline does (NULL: rules only). */
struct w5_boundary_model;
int w5_eval_syntax_run_model(const w5_conllu *gold, const w5_tagger *tg,
                             const w5_parser *ps,
                             const struct w5_boundary_model *seg,
                             int end_to_end, w5_syntax_scores *out,
                             w5_error *err);

/* ---- internal: a zero-copy hash map section (u64 key -> two u32) -------- */

typedef struct w5_smap_entry {
    uint64_t key;   /* 0 = empty slot */
    uint32_t a, b;
} w5_smap_entry;

typedef struct w5_smap {
    const w5_smap_entry *slots;
    uint64_t mask;
} w5_smap;

/* Builds the section bytes (header + slots) of the n entries (keys must be
 * distinct and non-zero) into a malloc'd buffer. */
int w5_smap_build(const w5_smap_entry *entries, size_t n, void **data,
                  size_t *size);
/* Views a section; 0 or W5_ERR_FORMAT. */
int w5_smap_view(const void *data, size_t size, w5_smap *map);
const w5_smap_entry *w5_smap_get(const w5_smap *map, uint64_t key);

#endif
