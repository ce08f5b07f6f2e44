/*
 * eval.h - the segmentation scorer behind `w5 eval segment`.
 *
 * It rebuilds raw text from a UD CoNLL-U file the way the CoNLL 2018
 * shared task did: the surface tokens of a sentence joined with a space
 * unless SpaceAfter=No, the sentences of a paragraph joined with a space,
 * paragraphs (`# newpar`) and documents (`# newdoc`) separated by a blank
 * line. It runs the text layer on that text and scores the result exactly
 * as conll18_ud_eval.py does:
 *   Tokens     surface tokens (a multiword token like "don't" is one),
 *              correct when the character span matches;
 *   Sentences  correct when the span from first to last character matches;
 *   Words      syntactic words; outside multiword tokens by span, inside
 *              them by the LCS of the case-folded forms (the script's
 *              align_words).
 * Spans are compared over the text's non-whitespace characters only, as
 * in the script; the text is built from the FORM column, so the gold and
 * system character sequences are the same by construction.
 */
#ifndef W5_EVAL_H
#define W5_EVAL_H

#include <stddef.h>
#include <stdio.h>

#include "input/conllu.h"
#include "text/text.h"
#include "w5.h"

typedef struct w5_eval_prf {
    size_t gold, system, correct;
} w5_eval_prf;

typedef struct w5_eval_segment {
    w5_eval_prf tokens, words, sentences;
    size_t text_bytes;
} w5_eval_segment;

/* Precision, recall, F1 in percent (0 when undefined). */
double w5_eval_precision(const w5_eval_prf *s);
double w5_eval_recall(const w5_eval_prf *s);
double w5_eval_f1(const w5_eval_prf *s);

/* A growing NUL-terminated text, for rebuilding raw text from treebanks
 * (segment.c, syntax.c). Start from {0}; free buf with free(). */
typedef struct w5_textbuf {
    char *buf;
    size_t len, cap;
} w5_textbuf;
/* Appends s[0..n); 0 or W5_ERR_NOMEM. */
int w5_textbuf_append(w5_textbuf *b, const char *s, size_t n);

/* Builds the raw text of a CoNLL-U file into a malloc'd, NUL-terminated
 * buffer (*text, *len; free with free()). */
int w5_eval_segment_text(const w5_conllu *gold, char **text, size_t *len,
                         w5_error *err);

/* Segments the text of `gold` and scores it into *out. When `errors` is
 * not NULL, writes the token and sentence mismatches to it (for tuning:
 * "T" lines for tokens, "S" lines for sentence boundaries). */
int w5_eval_segment_run(const w5_conllu *gold, w5_eval_segment *out,
                        FILE *errors, w5_error *err);
/* The same with the learned boundary model (NULL: rules only). */
int w5_eval_segment_run_model(const w5_conllu *gold,
                              const w5_boundary_model *model,
                              w5_eval_segment *out, FILE *errors,
                              w5_error *err);

/* The raw text of sentences [from, to) of `gold` (as above) and the byte
 * offsets where its sentences start, for training the boundary model.
 * Free *text and *starts with free(). */
int w5_eval_segment_gold(const w5_conllu *gold, size_t from, size_t to,
                         char **text, size_t *len, uint32_t **starts,
                         size_t *nstarts, w5_error *err);

#endif
