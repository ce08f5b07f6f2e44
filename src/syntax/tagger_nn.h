/*
 * tagger_nn.h - the opt-in neural tagger (internal to src/syntax): a
 * feed-forward network over a window of five words (Botha et al. 2017,
 * Chen & Manning 2014), each word given by embeddings of the hashes the
 * perceptron tagger already computes (word, lowercase form, affixes,
 * shape, flags, ambiguity class, word-cluster prefixes). One ReLU hidden
 * layer, two softmax outputs (XPOS and UPOS). Its log-probabilities are
 * added, times a weight tuned on dev, to the perceptron's scores at each
 * greedy decision: the network sees the right context and generalises
 * over similar words, the perceptron keeps the tag history. On EWT dev
 * (gold tokens) the network alone tags UPOS 95.15, XPOS 94.33, the
 * perceptron 95.28, 94.59, the two together 95.51, 94.77 (GUM dev
 * 96.91, 96.63 against 96.49, 96.16); about 45 k words/s on one thread.
 *
 * The network reads the perceptron model's ambiguity classes and cluster
 * ids, so a network file belongs to the tagger model it was trained
 * with (checked when attached).
 */
#ifndef W5_TAGGER_NN_H
#define W5_TAGGER_NN_H

#include <stddef.h>
#include <stdint.h>

#include "syntax/syntax_int.h"

/* Feature groups of a word: each has its own embedding table. */
enum { W5_NN_GROUPS = 16, W5_NN_WINDOW = 5 };
/* The last group, the word vectors learned from unlabeled text, is
 * fixed during training and has the vectors' size (0 = none). */
enum { W5_NN_VEC_GROUP = W5_NN_GROUPS - 1 };
extern const uint16_t w5_nn_group_dim[W5_NN_GROUPS];

/* The dense part of the network: x (nin) -> h = relu(w1 x + b1) (nhid)
 * -> softmax(w2 h + b2) (nx XPOS) and softmax(w3 h + b3) (nu UPOS).
 * w1 is input-major (nin x nhid), w2 / w3 hidden-major (nhid x nx/nu),
 * so that every product is an axpy the compiler vectorises; nhid is a
 * multiple of 8. */
typedef struct w5_nn_dense {
    uint32_t nin, nhid, nx, nu;
    float *w1, *b1, *w2, *b2, *w3, *b3;
} w5_nn_dense;

/* h (nhid), px (nx), pu (nu) of input x: the hidden layer and the two
 * distributions. drop (nhid; NULL = none) multiplies the hidden units
 * (inverted dropout: 0 or 1 / keep). Returns the loss -log px[yx] -
 * log pu[yu] (a label < 0 adds nothing). */
float w5_nn_forward(const w5_nn_dense *d, const float *x, const float *drop,
                    float *h, float *px, float *pu, int yx, int yu);
/* Adds the loss's gradient to g (same shape as d) and writes dx (nin,
 * NULL = not wanted); scratch holds nhid floats. */
void w5_nn_backward(const w5_nn_dense *d, const float *x, const float *drop,
                    const float *h, const float *px, const float *pu, int yx,
                    int yu, w5_nn_dense *g, float *dx, float *scratch);

/* Values of the feature groups of a word (hashes from w5_tagger_word_hashes). */
void w5_nn_word_values(const w5_tword *t, uint64_t *v);
/* The key of a group's value in the feature map (never 0). */
uint64_t w5_nn_key(unsigned group, uint64_t value);
/* The value standing for the words outside the sentence. */
#define W5_NN_PAD 0x7061645f706164ull

/* The "nn.meta" section of a network file: u32 words, written by
 * tagger_nn_train.c, read by tagger_nn.c (one definition for both;
 * review #13). The weights are float bits. */
enum {
    W5_NN_META_VERSION,     /* W5_NN_FILE_VERSION */
    W5_NN_META_GROUPS,      /* W5_NN_GROUPS */
    W5_NN_META_WINDOW,      /* W5_NN_WINDOW */
    W5_NN_META_NIN, W5_NN_META_NHID, W5_NN_META_NX, W5_NN_META_NU,
    W5_NN_META_FINGERPRINT, /* w5_tagger_fingerprint of its tagger */
    W5_NN_META_ALPHA_X, W5_NN_META_ALPHA_U,
    W5_NN_META_ROWS,        /* embedding rows of each group (W5_NN_GROUPS words) */
    W5_NN_META_VEC_DIM = W5_NN_META_ROWS + W5_NN_GROUPS, /* word vectors' size */
    W5_NN_META_WORDS
};
enum { W5_NN_FILE_VERSION = 2 };

/* The network loaded from a file (read-only, may be shared). */
typedef struct w5_tagnn w5_tagnn;

int w5_tagnn_load(const char *path, w5_tagnn **out, w5_error *err);
int w5_tagnn_from_mfile(w5_mfile *mf, w5_tagnn **out, w5_error *err);
void w5_tagnn_free(w5_tagnn *nn);
/* 0 when nn was trained with tagger tg's classes and clusters. */
int w5_tagnn_check(const w5_tagnn *nn, const w5_tagger *tg);
/* A fingerprint of a tagger's ambiguity map and clusters. */
uint32_t w5_tagger_fingerprint(const w5_tagger *tg);
/* The weights of the network's log-probabilities in the combination. */
float w5_tagnn_alpha_x(const w5_tagnn *nn);
float w5_tagnn_alpha_u(const w5_tagnn *nn);
/* Scratch floats w5_tagnn_logprobs needs for a sentence of n words. */
size_t w5_tagnn_scratch(const w5_tagnn *nn, size_t n);
/* Log-probabilities of the n words' XPOS (lpx, n x W5_XPOS_COUNT) and
 * UPOS (lpu, n x W5_UPOS_COUNT). */
void w5_tagnn_logprobs(const w5_tagnn *nn, const w5_tword *tw, size_t n,
                       float *lpx, float *lpu, float *scratch);

/* ---- word vectors from unlabeled text (tagger_nn_embed.c) ---- */

/* Vectors of words known by their lowercase hash (w5_tword.lw). */
typedef struct w5_nn_vectors {
    uint64_t *keys;
    float *vecs;   /* n x dim */
    size_t n;
    uint32_t dim;
} w5_nn_vectors;

/* Skip-gram with negative sampling over the text files and the words of
 * tb (may be NULL): window 5, 5 negatives, subsampling 1e-4. */
int w5_nn_pretrain(const char *const *files, size_t nfiles, const w5_treebank *tb,
                   const w5_nn_pretrain_opts *o, w5_nn_vectors *out, w5_error *err);
void w5_nn_vectors_free(w5_nn_vectors *v);

#endif
