/*
 * graph.h - the opt-in graph parser (internal to src/syntax): a deep
 * biaffine parser (Dozat & Manning 2017) written for w5. Each word is a
 * vector of embeddings (lowercase form, 3-byte suffix, word-cluster
 * prefixes, spelling flags, the predicted XPOS and UPOS); stacked
 * bidirectional LSTMs read the sentence; two small MLPs give each word a
 * vector as a dependent and one as a head, and a biaffine product of the
 * two scores every possible arc at once. The tree is the maximum spanning
 * tree of the arcs' log-probabilities with one root (Chu-Liu/Edmonds);
 * each arc's relation comes from a second biaffine classifier.
 *
 * Unlike the transition parsers it scores every head of every word from
 * the whole sentence, so it errs differently: it is worth most as a
 * member of the reparsing ensemble. Its work is quadratic in the sentence
 * length for the arcs (linear for the LSTMs), so sentences longer than
 * W5_GRAPH_MAX_WORDS are parsed in pieces of that many words.
 *
 * A graph model is a "parser" model file with a "graph.meta" section;
 * w5_parser_load recognises it and w5_parser_parse runs it.
 */
#ifndef W5_GRAPH_H
#define W5_GRAPH_H

#include <stddef.h>
#include <stdint.h>

#include "syntax/syntax_int.h"

/* Embedding groups of a word. The first four are looked up in the
 * model's key map (rows of values seen in training, row 0 = unknown);
 * the last three are indexed by their value. */
enum {
    W5_G_WORD, W5_G_SFX, W5_G_CL_SHORT, W5_G_CL_LONG, W5_G_HASHED,
    W5_G_FLAGS = W5_G_HASHED, W5_G_XPOS, W5_G_UPOS, W5_G_GROUPS
};
enum { W5_G_FLAG_ROWS = 32, W5_G_MAX_LAYERS = 4, W5_GRAPH_MAX_WORDS = 256 };

/* Sizes of the network. */
typedef struct w5_gdims {
    uint32_t dim[W5_G_GROUPS];   /* embedding sizes */
    uint32_t rows[W5_G_GROUPS];  /* table rows */
    uint32_t din;                /* sum of dim */
    uint32_t h;                  /* LSTM units per direction */
    uint32_t layers;             /* stacked BiLSTMs */
    uint32_t da, dl;             /* arc and label MLP sizes */
    uint32_t nlab;               /* relations */
} w5_gdims;

/* The parameters: views into one float block (w5_gparams_layout). All
 * matrices are input-major (in x out): y = x W is a sum of rows. */
typedef struct w5_gparams {
    float *emb[W5_G_GROUPS];
    float *wx[W5_G_MAX_LAYERS][2], *wh[W5_G_MAX_LAYERS][2], *b[W5_G_MAX_LAYERS][2];
    float *root;                 /* the root's vector (2h) */
    float *wad, *bad, *wah, *bah; /* arc MLPs: 2h x da */
    float *ua, *uh;              /* arc biaffine da x da, head bias da */
    float *wld, *bld, *wlh, *blh; /* label MLPs: 2h x dl */
    float *ul;                   /* nlab x dl x dl */
    float *vd, *vh, *bl;         /* nlab x dl, nlab x dl, nlab */
    float *base;
    size_t rowbase[W5_G_GROUPS]; /* a group's first row among all rows */
    size_t nrows;                /* rows of all groups */
    size_t nemb;                 /* floats of the embeddings (first in base) */
    size_t total;
} w5_gparams;

/* Lays the parameters of d out from base (NULL: only counts); returns
 * the number of floats. */
size_t w5_gparams_layout(const w5_gdims *d, float *base, w5_gparams *p);
void w5_gdims_finish(w5_gdims *d);

/* Adam's state over one parameter block: the weights, their gradient
 * and the two moments (same length), and the moments' decay rates. */
typedef struct w5_adam {
    float *w, *g, *m, *v;
    float b1, b2;
} w5_adam;
/* One Adam step on [b, e) of the block with step size lr, the gradient
 * times scale (its average and clipping); the gradient is cleared. */
void w5_adam_range(const w5_adam *a, size_t b, size_t e, float lr, float scale);

/* Vector kernels: AVX2/FMA when the CPU has them, plain C otherwise. */
typedef struct w5_gkern {
    /* y[m] += sum_k x[k] W[k][m] */
    void (*mv)(const float *w, const float *x, size_t k, size_t m, float *y);
    /* dx[k] += sum_m W[k][m] dy[m] */
    void (*mtv)(const float *w, const float *dy, size_t k, size_t m, float *dx);
    /* dW[k][m] += x[k] dy[m] */
    void (*outer)(float *dw, const float *x, size_t k, const float *dy, size_t m);
    float (*dot)(const float *a, const float *b, size_t n);
    /* Y (n x m) += X (n x k) W (k x m), row-major */
    void (*gemm)(const float *x, size_t n, size_t k, const float *w, size_t m, float *y);
    /* dW (k x m) += X^T dY (X n x k, dY n x m) */
    void (*gemm_tn)(const float *x, size_t n, size_t k, const float *dy, size_t m, float *dw);
} w5_gkern;
void w5_gkern_pick(w5_gkern *k);

/* Scratch of one sentence's forward and backward passes. */
typedef struct w5_gwork {
    size_t cap;                  /* words it has room for */
    float *x;                    /* n x din */
    float *gates[W5_G_MAX_LAYERS][2]; /* n x 4h (i, f, g, o after squashing) */
    float *c[W5_G_MAX_LAYERS][2], *hs[W5_G_MAX_LAYERS][2]; /* n x h */
    float *y[W5_G_MAX_LAYERS];   /* n x 2h, the layer's output (after dropout) */
    uint8_t *ymask[W5_G_MAX_LAYERS]; /* n x 2h dropout (training) */
    float *r;                    /* (n + 1) x 2h: root, then the words */
    float *ad, *ah, *ld, *lh;    /* (n + 1) x da / dl, after the activation */
    float *t;                    /* (n + 1) x da: U ah[j] */
    float *s;                    /* n x (n + 1) arc scores, then gradients */
    float *q;                    /* nlab x dl: lh U_c of the last label scores */
    float *tmp;                  /* scratch */
    /* gradients */
    uint32_t *urows;             /* n x groups: the rows used (UINT32_MAX: dropped) */
    float *dhs, *dy, *dy2, *dr, *dad, *dah, *dld, *dlh, *dt, *dgate, *dh, *dc;
} w5_gwork;

int w5_gwork_reserve(w5_gwork *w, const w5_gdims *d, size_t n);
void w5_gwork_free(w5_gwork *w);

/* One direction (backward: right to left) of one LSTM layer of h units
 * over the n inputs x (stride in; wx in x 4h, wh h x 4h, b 4h, the gates
 * in the order i, f, g, o): the gates after squashing (n x 4h), cells
 * and outputs (n x h) of each step, in the sentence's order. Shared by
 * the graph parser and the neural tagger's BiLSTM (tagger_lstm.c). */
void w5_lstm_run(const w5_gkern *k, size_t h, const float *wx, const float *wh,
                 const float *b, const float *x, size_t in, size_t n, int backward,
                 float *gates, float *c, float *hs);
/* Its gradient given dhs (n x h, wrt the outputs): adds to the weights'
 * gradients gwx, gwh, gb and to dx (n x in). The gates' gradients of
 * every step are kept in dgate (n x 4h) so that the weights' gradients
 * are two matrix products after the walk back; dh and dc hold h floats
 * each. */
void w5_lstm_back(const w5_gkern *k, size_t h, const float *wx, const float *wh,
                  const float *x, size_t in, size_t n, int backward, const float *gates,
                  const float *c, const float *hs, const float *dhs, float *gwx, float *gwh,
                  float *gb, float *dx, float *dgate, float *dh, float *dc);

/* Dropout of a training pass (NULL for parsing). */
typedef struct w5_gdrop {
    float word, tag;             /* an embedding replaced by unknown / zero */
    float hidden;                /* the LSTM layers' outputs */
    uint64_t *rng;
} w5_gdrop;

/* The forward pass of n words whose embedding rows are rows[i *
 * W5_G_GROUPS + g]: fills w->s (n x (n + 1): arc score of word i's head
 * j, j = 0 the root, j = k + 1 word k) and the label vectors. */
void w5_gnet_forward(const w5_gdims *d, const w5_gparams *p, const w5_gkern *k,
                     const uint32_t *rows, size_t n, w5_gwork *w, const w5_gdrop *drop);
/* Scores of each relation of the arc head -> dep (head 0 = root, else
 * word head - 1) into out (nlab). */
void w5_gnet_label_scores(const w5_gdims *d, const w5_gparams *p, const w5_gkern *k,
                          w5_gwork *w, size_t dep, size_t head, float *out);
/* The loss of the gold tree (heads as in w5->s: 0 = root, k + 1 = word
 * k; labels) after w5_gnet_forward, its gradient added to g (with the
 * embedding rows used marked in used when not NULL). Returns the loss;
 * *arc_ok counts the words whose best-scored head is right. */
double w5_gnet_backward(const w5_gdims *d, const w5_gparams *p, const w5_gkern *k,
                        size_t n, const int32_t *heads,
                        const uint8_t *labels, w5_gwork *w, const w5_gdrop *drop,
                        w5_gparams *g, uint8_t *used, long *arc_ok);

/* ---- the model -------------------------------------------------------------- */

typedef struct w5_graph w5_graph;

/* The embedding rows of n words. */
void w5_graph_rows(const w5_graph *g, const w5_span *words, const uint8_t *upos,
                   const uint8_t *xpos, size_t n, uint32_t *rows);

/* The values of a word's hashed groups (and its flags, W5_G_FLAGS) and
 * the key of a group's value in the key map. */
void w5_graph_values(const w5_smap *clusters, const w5_span *word, uint64_t *v);
uint64_t w5_graph_key(unsigned group, uint64_t value);
/* w5_graph_rows with a key map and clusters of one's own (training). */
void w5_graph_rows_with(const w5_smap *keys, const w5_smap *clusters, const w5_span *words,
                        const uint8_t *upos, const uint8_t *xpos, size_t n, uint32_t *rows);
/* Tree and relations of n words after w5_gnet_forward. */
int w5_graph_decode(const w5_gdims *d, const w5_gparams *p, const w5_gkern *k,
                    w5_gwork *w, size_t n, int32_t *heads, uint8_t *deprels);

int w5_graph_from_mfile(const w5_mfile *mf, const char *path, w5_graph **out,
                        w5_error *err);
void w5_graph_free(w5_graph *g);
int w5_graph_parse(const w5_graph *g, const w5_span *words, const uint8_t *upos,
                   const uint8_t *xpos, size_t n, int32_t *heads, uint8_t *deprels);

#endif
