/*
 * coref.h - the coreference scorer behind `w5 eval coref`.
 *
 * Gold: a CoNLL-U file with GUM/CorefUD-style `Entity=` brackets in MISC
 * ("(3-person-giv:act-...-coref" opens a mention of entity 3, "3)" closes
 * it, "(5-place-...)" is a one-word mention).
 *
 * Each gold document is rebuilt on GOLD TOKENS (one w5 token per
 * syntactic word, joined by SpaceAfter; gold sentences and paragraphs);
 * everything else is predicted by the pipeline itself (the stages
 * w5_analyze runs after the tokens: tags, parse, names, coreference, with
 * whatever models the model folder holds), unless --gold-syntax /
 * --gold-names substitute the gold layers (to measure coreference alone).
 *
 * Mentions scored: NAMED AND PRONOMINAL ones. A gold mention is kept
 * when its head (the first word of the span whose gold head lies outside
 * the span) has gold UPOS PROPN or PRON. A system mention is aligned to
 * the gold mention with the same word span, else to the smallest gold
 * mention whose span contains it and whose head it contains; it is kept
 * when its aligned gold mention is kept, or, unaligned, when its own head
 * (same rule, gold tree) is PROPN or PRON. System mentions without an
 * entity are singletons.
 *
 * Metrics: MUC, B-cubed and CEAF-e (entity-based, Kuhn-Munkres
 * alignment), micro-averaged over documents as the CoNLL-2012 scorer
 * does, and their mean F1 (the CoNLL score). Singletons are kept (GUM
 * annotates them) unless `no_singletons` removes clusters of one mention
 * from both sides after the restriction (the CorefUD convention).
 */
#ifndef W5_EVAL_COREF_H
#define W5_EVAL_COREF_H

#include <stdio.h>

#include "input/conllu.h"
#include "w5.h"

typedef struct w5_eval_coref_opts {
    const char *model_dir;   /* tagger/parser/ner/lexicon .w5m; NULL = none */
    int gold_syntax;         /* use gold UPOS/XPOS/head/deprel */
    int gold_names;          /* use gold PROPN-headed mentions as names */
    int no_singletons;
    const char *genre;       /* only documents whose id contains this */
    FILE *errors;            /* per-document cluster dump, or NULL */
} w5_eval_coref_opts;

typedef struct w5_eval_coref_counts {
    double num_r, den_r, num_p, den_p;
} w5_eval_coref_counts;

typedef struct w5_eval_coref {
    w5_eval_coref_counts muc, b3, ceafe;
    size_t docs, gold_ments, sys_ments, aligned, exact;
    int used_tagger, used_parser, used_ner, used_lexicon;
    int used_pipeline;       /* layers made by w5_pipeline_run_layers */
} w5_eval_coref;

int w5_eval_coref_run(const w5_conllu *gold, const w5_eval_coref_opts *opts,
                      w5_eval_coref *out, w5_error *err);

/* Precision, recall, F1 in percent of one metric. */
double w5_eval_coref_p(const w5_eval_coref_counts *c);
double w5_eval_coref_r(const w5_eval_coref_counts *c);
double w5_eval_coref_f1(const w5_eval_coref_counts *c);

/* Scores one document given cluster ids: gold[i] / sys[i] is the cluster
 * of mention i on each side, -1 when the mention is not on that side.
 * Adds to the three metrics of *out. Exposed for tests. */
int w5_eval_coref_score(const int32_t *gold, const int32_t *sys, size_t n,
                        w5_eval_coref *out);

#endif
