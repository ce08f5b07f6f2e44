/*
 * quotes.h (eval) - scores predicted quotes against attribution relations
 * (PolNeAR): content spans (exact and overlapping), cues, speakers.
 *
 * Spans are compared as sets of word tokens (tokens with a letter or
 * digit), so quotation marks and punctuation at the edges never decide a
 * match. Predicted and gold contents are paired greedily by token F1.
 *   exact    : the paired spans hold the same words;
 *   overlap  : the paired spans share a word;
 *   token    : the sum of the pairs' token F1 (partial credit);
 * each as precision (over predictions), recall (over gold) and F1.
 * Cues match when they overlap. A speaker is right when the predicted
 * speaker mention, or any mention of the predicted speaker entity,
 * overlaps the gold Source; "head" accuracy is stricter: the mention
 * (or one of its entity's) must hold the Source's head word, its last
 * word before a comma, parenthesis, "of", "who", "which" or "that" (a
 * modifier such as "Afghan" in "Afghan officials" overlaps the Source but
 * is not the speaker); "phrase" accuracy uses the speaker phrase the
 * rules found, whether or not a mention covers it. Speaker accuracy is
 * over the pairs that share a word and have a gold Source.
 *
 * Predicted quotes are first grouped into relations the way the gold
 * annotates them: a quote with no cue of its own, or with the cue of the
 * quote just before it in the same paragraph (`"A," X said, "B."`),
 * continues that quote's relation; a group's words are the union.
 *
 * "direct" restricts gold to contents opening with a quotation mark and
 * predictions to DIRECT quotes; "all" takes every relation and every
 * quote except a PARTIAL quote lying inside an INDIRECT one (the gold
 * annotates such a mixed quote once).
 */
#ifndef W5_EVAL_QUOTES_H
#define W5_EVAL_QUOTES_H

#include <stddef.h>
#include <stdint.h>

#include "doc/doc.h"
#include "input/brat.h"

typedef struct w5_eval_quotes_counts {
    size_t gold, pred;
    size_t exact, overlap;
    double token;                  /* sum of token F1 over pairs */
    size_t cue_gold, cue_pred, cue_match;
    size_t spk_total, spk_ment, spk_phrase, spk_head;
} w5_eval_quotes_counts;

typedef struct w5_eval_quotes {
    size_t docs;
    w5_eval_quotes_counts all, direct;
} w5_eval_quotes;

void w5_eval_quotes_init(w5_eval_quotes *ev);

/* Adds one document: doc with its quotes, `speakers` the phrase spans of
 * w5_quotes_detect (two per quote, may be NULL), gold its relations. */
int w5_eval_quotes_doc(w5_eval_quotes *ev, const w5_doc *doc,
                       const uint32_t *speakers, const w5_brat *gold,
                       w5_error *err);

/* 1 when the gold content s lies within quotation marks. */
int w5_eval_quotes_gold_direct(const w5_doc *doc, const w5_brat_span *s);

/* The report as a malloc'd string (NULL when out of memory). */
char *w5_eval_quotes_report(const w5_eval_quotes *ev);

#endif
