/*
 * ner.h (eval) - the CoNLL shared-task scorer (conlleval) for named
 * entities: a phrase counts as correct only when its span and type both
 * match. IOB1, IOB2 and IOE tags are read exactly as conlleval reads them,
 * so the figures are the ones conlleval prints.
 *
 * Feed tokens in order with w5_eval_ner_token(); a sentence or document
 * boundary is w5_eval_ner_boundary(); then w5_eval_ner_finish() once.
 */
#ifndef W5_EVAL_NER_H
#define W5_EVAL_NER_H

#include <stddef.h>

#define W5_EVAL_NER_MAX_TYPES 32
#define W5_EVAL_NER_TYPE_LEN 24

typedef struct w5_eval_ner_counts {
    size_t gold, pred, correct;   /* phrases */
} w5_eval_ner_counts;

typedef struct w5_eval_ner {
    size_t tokens, correct_tags;
    w5_eval_ner_counts all;
    int ntypes;
    char types[W5_EVAL_NER_MAX_TYPES][W5_EVAL_NER_TYPE_LEN];
    w5_eval_ner_counts by_type[W5_EVAL_NER_MAX_TYPES];
    /* conlleval's running state */
    char last_gold, last_pred;
    int last_gold_type, last_pred_type;
    int in_correct;
} w5_eval_ner;

void w5_eval_ner_init(w5_eval_ner *ev);
/* One token's gold and predicted tags ("B-PER", "I-LOC", "O", ...). */
void w5_eval_ner_token(w5_eval_ner *ev, const char *gold, size_t gold_len,
                       const char *pred, size_t pred_len);
void w5_eval_ner_boundary(w5_eval_ner *ev);
void w5_eval_ner_finish(w5_eval_ner *ev);

/* Precision, recall and F1 in percent (0 when undefined). */
void w5_eval_ner_prf(const w5_eval_ner_counts *c, double *p, double *r,
                     double *f1);
/* The conlleval report as a malloc'd string (NULL on no memory); types in
 * alphabetical order, as conlleval prints them. */
char *w5_eval_ner_report(const w5_eval_ner *ev);

#endif
