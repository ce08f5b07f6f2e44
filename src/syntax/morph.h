/*
 * morph.h - morphological features (UD FEATS) of tagged and parsed words:
 * run time (morph.c) and training (morph_train.c).
 *
 * A model (stage "morph") holds the FEATS strings seen in training (the
 * classes; class 0 is "_"), the candidate classes of every XPOS x UPOS
 * pair and of the words seen with a pair, and a linear model over
 * features conjoined with the candidate. Read-only once loaded: one model
 * may serve many threads.
 */
#ifndef W5_MORPH_H
#define W5_MORPH_H

#include <stddef.h>
#include <stdint.h>

#include "doc/tagset.h"
#include "learn/learn.h"
#include "syntax/syntax.h"

enum {
    W5_MORPH_NPAIR = W5_XPOS_COUNT * W5_UPOS_COUNT,
    W5_MORPH_MAX_FEATS = 32
};

/* Relation and XPOS indices the features test (w5_deprel_names,
 * w5_xpos_names; checked by tests/test_morph.c). */
enum {
    W5_MREL_DET = 3, W5_MREL_NSUBJ = 4, W5_MREL_MARK = 14, W5_MREL_AUX = 15,
    W5_MREL_COP = 16, W5_MREL_ACL_RELCL = 20, W5_MREL_ACL = 23,
    W5_MREL_AUX_PASS = 26, W5_MREL_NSUBJ_PASS = 28, W5_MREL_EXPL = 33,
    W5_MREL_CSUBJ = 40, W5_MREL_NSUBJ_OUTER = 42, W5_MREL_CSUBJ_PASS = 50,
    W5_MREL_CSUBJ_OUTER = 51
};
enum { W5_MXPOS_WDT = 24, W5_MXPOS_WP = 32 };

typedef struct w5_morph w5_morph;

/* One tagged, parsed sentence: heads are word indices, -1 for the root. */
typedef struct w5_morph_input {
    const w5_span *words;
    const uint8_t *xpos, *upos;
    const int32_t *heads;
    const uint8_t *deprels;
    size_t n;
} w5_morph_input;

int w5_morph_load(const char *path, w5_morph **out, w5_error *err);
/* The same from a model file in memory (copied). */
int w5_morph_from_buffer(const void *data, size_t size, w5_morph **out,
                         w5_error *err);
void w5_morph_free(w5_morph *m);

/* classes[i] = the FEATS class of word i (0 = "_"); 0 or W5_ERR_NOMEM. */
int w5_morph_analyze(const w5_morph *m, const w5_morph_input *in,
                     uint16_t *classes);
/* The FEATS string of a class ("_" when out of range). */
const char *w5_morph_name(const w5_morph *m, uint32_t cls);
uint32_t w5_morph_class_count(const w5_morph *m);
/* Sets the feats of every token of a tagged and parsed document. */
int w5_morph_run(const w5_morph *m, w5_doc *doc, w5_error *err);

/* Trains on the gold tags and trees of train, keeps the epoch best on
 * dev (FEATS accuracy; dev may be empty: then the last epoch), writes the
 * model. progress gets dev_a = FEATS accuracy with gold tags and trees. */
int w5_morph_train(const w5_treebank *train, const w5_treebank *dev,
                   const w5_train_opts *opts, const char *out_path,
                   w5_error *err);

/* ---- shared by run time and training ------------------------------------ */

struct w5_morph {
    w5_mfile *mf;               /* NULL for a model built in memory */
    const char **names;         /* class -> FEATS string ("_" = class 0) */
    uint32_t nclass;
    const uint32_t *pair_cands; /* W5_MORPH_NPAIR x {offset, count} */
    const uint16_t *cands;      /* candidate class lists */
    uint32_t ncands;
    w5_smap lex;                /* w5_morph_word_key -> a = offset, b = count */
    w5_linear *lin;             /* conjoined feature -> weight */
    void *owned[4];             /* the arrays of a model built in memory */
};


typedef struct morph_ctx {
    int32_t subj;      /* the (first) subject dependent, -1 none */
    int32_t aux;       /* the last aux dependent, -1 none */
    int32_t det;       /* the first det dependent, -1 none */
    uint8_t pass;      /* has an aux:pass or nsubj:pass dependent */
    uint8_t to;        /* has a mark "to" */
    uint8_t cop;       /* has a cop dependent */
} morph_ctx;

void w5_morph_context(const w5_span *words, const int32_t *heads,
                      const uint8_t *deprels, size_t n, morph_ctx *ctx);
/* The features of word i (at most W5_MORPH_MAX_FEATS). */
size_t w5_morph_features(const w5_morph_input *in, const morph_ctx *ctx,
                         size_t i, uint64_t *f);
/* out[k] = f[k] conjoined with class cls; returns nf. */
size_t w5_morph_conjoin(const uint64_t *f, size_t nf, uint32_t cls,
                        uint64_t *out);
uint64_t w5_morph_word_key(const w5_span *w, int xpos, int upos);
const uint16_t *w5_morph_candidates(const w5_morph *m, const w5_span *w,
                                    int xpos, int upos, uint32_t *count);
uint32_t w5_morph_predict(const w5_morph *m, const w5_morph_input *in,
                          const morph_ctx *ctx, size_t i);

#endif
