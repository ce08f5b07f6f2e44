/*
 * tagger_nn.h - the opt-in neural tagger (internal to src/syntax), of two
 * kinds that read the same word features: the hashes the perceptron
 * tagger already computes (word, lowercase form, affixes, shape, flags,
 * ambiguity class, word-cluster prefixes), each group with its own
 * embedding table.
 *
 * The window network (tagger_nn.c): a feed-forward network over a window
 * of five words (Botha et al. 2017, Chen & Manning 2014), one ReLU hidden
 * layer, two softmax outputs (XPOS and UPOS). On EWT dev (gold tokens)
 * it tags alone UPOS 95.15, XPOS 94.33, with the perceptron 95.51, 94.77;
 * about 45 k words/s on one thread.
 *
 * The BiLSTM (tagger_lstm.c, `w5 train tagger --neural --lstm N`): the
 * words' embeddings read by stacked bidirectional LSTMs over the whole
 * sentence (the graph parser's LSTM code, graph.h), then per word a ReLU
 * layer and the two softmax outputs; trained with word dropout (a word's
 * forms become unknown) and dropout on the LSTM outputs. With the
 * perceptron EWT dev UPOS 95.62, XPOS 94.91 (models/tagger-nn.w5m);
 * about 11 k words/s (figures: README.md).
 *
 * Either network's log-probabilities are added, times weights tuned on
 * dev, to the perceptron's scores at each greedy decision: the network
 * sees the right context and generalises over similar words, the
 * perceptron keeps the tag history. A file holds one kind ("nn.meta" or
 * "tl.meta"); w5_tagnn_load reads both.
 *
 * The network reads the perceptron model's ambiguity classes and cluster
 * ids, so a network file belongs to the tagger model it was trained
 * with (checked when attached).
 */
#ifndef W5_TAGGER_NN_H
#define W5_TAGGER_NN_H

#include <stddef.h>
#include <stdint.h>

#include "syntax/graph.h"
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

/* ---- the BiLSTM kind (tagger_lstm.c) -------------------------------------
 * The same feature groups, each word the concatenation of its groups'
 * embeddings (row 0 of each table: unknown), read by stacked
 * bidirectional LSTMs (graph.h's w5_lstm_run / w5_lstm_back); per word
 * a w5_nn_dense from the top layer's 2h outputs to the XPOS and UPOS
 * distributions. Its file holds "tl.meta" instead of "nn.meta" and is
 * read by the same w5_tagnn_load. */
enum { W5_TL_MAX_LAYERS = 4, W5_TL_MAX_UNITS = 1024, W5_TL_FILE_VERSION = 1 };
/* Sentences longer than this are read in pieces of this many words (the
 * scratch stays bounded; no EWT or GUM sentence is near it). */
enum { W5_TL_MAX_WORDS = 256 };

typedef struct w5_tl_dims {
    uint32_t rows[W5_NN_GROUPS];  /* table rows of each group (>= 1) */
    uint32_t dim[W5_NN_GROUPS];   /* w5_nn_group_dim (0: no table) */
    uint32_t din;                 /* sum of dim */
    uint32_t h, layers;           /* LSTM units per direction, layers */
    uint32_t nhid;                /* the output MLP's units (multiple of 8) */
} w5_tl_dims;

/* The parameters: views into one float block, embeddings first (nemb
 * floats), then the LSTMs and the dense layers. */
typedef struct w5_tl_params {
    float *emb[W5_NN_GROUPS];
    float *wx[W5_TL_MAX_LAYERS][2], *wh[W5_TL_MAX_LAYERS][2], *b[W5_TL_MAX_LAYERS][2];
    w5_nn_dense out;              /* nin = 2h */
    float *base;
    size_t nemb, total;
} w5_tl_params;

/* Lays the parameters of d out from base (NULL: only counts); returns
 * the number of floats. */
size_t w5_tl_layout(const w5_tl_dims *d, float *base, w5_tl_params *p);

/* Scratch of a sentence's forward (and, in training, backward) pass. */
typedef struct w5_tl_work {
    size_t cap;
    int train;                    /* keeps every layer (for the gradient) */
    float *x;                     /* n x din */
    float *gates[W5_TL_MAX_LAYERS][2], *c[W5_TL_MAX_LAYERS][2], *hs[W5_TL_MAX_LAYERS][2];
    float *y[W5_TL_MAX_LAYERS];   /* n x 2h outputs (after dropout) */
    uint8_t *ymask[W5_TL_MAX_LAYERS];
    float *hid, *drop;            /* n x nhid: hidden units, their dropout */
    float *px, *pu;               /* n x nx, n x nu */
    uint32_t *urows;              /* n x groups: rows used */
    float *dy, *dy2, *dhs, *tmp;  /* gradients; tmp: (4n + 2)h + nhid */
} w5_tl_work;

int w5_tl_work_reserve(w5_tl_work *w, const w5_tl_dims *d, size_t n);
void w5_tl_work_free(w5_tl_work *w);

/* Dropout of a training pass: a word's two form groups become unknown
 * (row 0) with p word, LSTM outputs and hidden units dropped with p
 * hidden. */
typedef struct w5_tl_drop {
    float word, hidden;
    uint64_t *rng;
} w5_tl_drop;

/* Forward pass of n words (rows: n x W5_NN_GROUPS table rows); fills
 * w->px, w->pu. Returns the loss of the labels yx, yu (NULL: none; a
 * label 0 adds nothing). */
double w5_tl_forward(const w5_tl_dims *d, const w5_tl_params *p, const w5_gkern *k,
                     const uint32_t *rows, size_t n, const uint8_t *yx, const uint8_t *yu,
                     w5_tl_work *w, const w5_tl_drop *drop);
/* The loss's gradient after w5_tl_forward (train work) added to g;
 * rows of the embeddings used marked in used (global row numbers, NULL:
 * not wanted). */
void w5_tl_backward(const w5_tl_dims *d, const w5_tl_params *p, const w5_gkern *k,
                    size_t n, const uint8_t *yx, const uint8_t *yu, w5_tl_work *w,
                    const w5_tl_drop *drop, w5_tl_params *g, uint8_t *used);

/* The "tl.meta" section: u32 words. The file's other sections: "tl.feats"
 * (key -> a = row within its group's table, b = group), "tl.q" (int8
 * parameters) and "tl.scale" (a float per W5_GQ_CHUNK of them). */
enum {
    W5_TL_META_VERSION, W5_TL_META_GROUPS, W5_TL_META_H, W5_TL_META_LAYERS,
    W5_TL_META_NHID, W5_TL_META_NX, W5_TL_META_NU, W5_TL_META_FINGERPRINT,
    W5_TL_META_ALPHA_X, W5_TL_META_ALPHA_U,
    W5_TL_META_ROWS,              /* W5_NN_GROUPS words */
    W5_TL_META_WORDS = W5_TL_META_ROWS + W5_NN_GROUPS
};
/* Writes a BiLSTM network file. */
int w5_tl_save(const char *path, const w5_tl_dims *d, const w5_tl_params *p,
               const void *feats, size_t fsize, uint32_t fingerprint, float ax, float au,
               w5_error *err);

/* A loaded BiLSTM network (part of a w5_tagnn). */
typedef struct w5_tl_net {
    w5_tl_dims d;
    w5_tl_params p;               /* p.base malloc'd (dequantised) */
    w5_smap feats;                /* a view into the file */
    w5_gkern k;
    uint32_t fingerprint;
    float alpha_x, alpha_u;
} w5_tl_net;

/* Reads the BiLSTM sections of mf into net: 0, W5_ERR_FORMAT (sizes
 * checked before anything is allocated, scales finite), W5_ERR_VERSION or
 * W5_ERR_NOMEM. */
int w5_tl_read(const w5_mfile *mf, w5_tl_net *net);
void w5_tl_net_free(w5_tl_net *net);
/* The table rows of a word's groups (values v) in a feature map. */
void w5_tl_word_rows(const w5_smap *feats, const w5_tl_dims *d, const uint64_t *v,
                     uint32_t *rows);
size_t w5_tl_scratch(const w5_tl_net *net, size_t n);
/* Log-probabilities of n words (pieces of W5_TL_MAX_WORDS). */
void w5_tl_logprobs(const w5_tl_net *net, const w5_tword *tw, size_t n, float *lpx,
                    float *lpu, float *scratch);

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
