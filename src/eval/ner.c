/*
 * ner.c (eval) - conlleval for named entities, ported rule for rule from
 * the CoNLL-2000/2003 conlleval script (startOfChunk / endOfChunk), so the
 * scores match what the shared task's own scorer reports.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval/ner.h"

void w5_eval_ner_init(w5_eval_ner *ev)
{
    memset(ev, 0, sizeof *ev);
    ev->last_gold = ev->last_pred = 'O';
    ev->last_gold_type = ev->last_pred_type = -1;
}

/* Index of a type name, adding it; -1 for "" (no type). Types past the
 * table's size share the last slot rather than being lost. */
static int type_index(w5_eval_ner *ev, const char *s, size_t n)
{
    if (n == 0)
        return -1;
    if (n >= W5_EVAL_NER_TYPE_LEN)
        n = W5_EVAL_NER_TYPE_LEN - 1;
    for (int i = 0; i < ev->ntypes; i++)
        if (strlen(ev->types[i]) == n && memcmp(ev->types[i], s, n) == 0)
            return i;
    if (ev->ntypes == W5_EVAL_NER_MAX_TYPES)
        return W5_EVAL_NER_MAX_TYPES - 1;
    memcpy(ev->types[ev->ntypes], s, n);
    ev->types[ev->ntypes][n] = '\0';
    return ev->ntypes++;
}

/* Splits "B-PER" into 'B' and the type, as conlleval's /^([^-]*)-(.*)$/.
 * A tag without '-' is its own prefix with no type; only its first
 * character matters to the chunk rules ("O", "B", ...). */
static void split_tag(w5_eval_ner *ev, const char *tag, size_t n, char *prefix,
                      int *type)
{
    const char *dash = n ? memchr(tag, '-', n) : NULL;
    if (!dash) {
        *prefix = n == 1 ? tag[0] : (n == 0 ? 'O' : '?');
        *type = -1;
        return;
    }
    size_t plen = (size_t)(dash - tag);
    *prefix = plen == 1 ? tag[0] : '?';
    *type = type_index(ev, dash + 1, n - plen - 1);
}

static int end_of_chunk(char prev, char tag, int prev_type, int type)
{
    if ((prev == 'B' || prev == 'I') && (tag == 'B' || tag == 'O'))
        return 1;
    if (prev == 'E' && (tag == 'E' || tag == 'I' || tag == 'O'))
        return 1;
    if (prev != 'O' && prev != '.' && prev_type != type)
        return 1;
    return prev == ']' || prev == '[';
}

static int start_of_chunk(char prev, char tag, int prev_type, int type)
{
    if (tag == 'B' && (prev == 'B' || prev == 'I' || prev == 'O'))
        return 1;
    if (prev == 'O' && (tag == 'I' || tag == 'E'))
        return 1;
    if (prev == 'E' && (tag == 'E' || tag == 'I'))
        return 1;
    if (tag != 'O' && tag != '.' && prev_type != type)
        return 1;
    return tag == '[' || tag == ']';
}

static void count_correct(w5_eval_ner *ev)
{
    ev->all.correct++;
    if (ev->last_gold_type >= 0)
        ev->by_type[ev->last_gold_type].correct++;
}

static void step(w5_eval_ner *ev, char gold, int gold_type, char pred,
                 int pred_type)
{
    int gold_end = end_of_chunk(ev->last_gold, gold, ev->last_gold_type, gold_type);
    int pred_end = end_of_chunk(ev->last_pred, pred, ev->last_pred_type, pred_type);
    if (ev->in_correct) {
        if (gold_end && pred_end && ev->last_pred_type == ev->last_gold_type) {
            ev->in_correct = 0;
            count_correct(ev);
        } else if (gold_end != pred_end || pred_type != gold_type) {
            ev->in_correct = 0;
        }
    }
    int gold_start = start_of_chunk(ev->last_gold, gold, ev->last_gold_type, gold_type);
    int pred_start = start_of_chunk(ev->last_pred, pred, ev->last_pred_type, pred_type);
    if (gold_start && pred_start && pred_type == gold_type)
        ev->in_correct = 1;
    if (gold_start) {
        ev->all.gold++;
        if (gold_type >= 0)
            ev->by_type[gold_type].gold++;
    }
    if (pred_start) {
        ev->all.pred++;
        if (pred_type >= 0)
            ev->by_type[pred_type].pred++;
    }
    ev->last_gold = gold;
    ev->last_pred = pred;
    ev->last_gold_type = gold_type;
    ev->last_pred_type = pred_type;
}

void w5_eval_ner_token(w5_eval_ner *ev, const char *gold, size_t gold_len,
                       const char *pred, size_t pred_len)
{
    char gp, pp;
    int gt, pt;
    split_tag(ev, gold, gold_len, &gp, &gt);
    split_tag(ev, pred, pred_len, &pp, &pt);
    step(ev, gp, gt, pp, pt);
    if (gp == pp && gt == pt)
        ev->correct_tags++;
    ev->tokens++;
}

void w5_eval_ner_boundary(w5_eval_ner *ev)
{
    step(ev, 'O', -1, 'O', -1);
}

void w5_eval_ner_finish(w5_eval_ner *ev)
{
    if (ev->in_correct) {
        ev->in_correct = 0;
        count_correct(ev);
    }
}

void w5_eval_ner_prf(const w5_eval_ner_counts *c, double *p, double *r,
                     double *f1)
{
    *p = c->pred ? 100.0 * (double)c->correct / (double)c->pred : 0.0;
    *r = c->gold ? 100.0 * (double)c->correct / (double)c->gold : 0.0;
    *f1 = (*p + *r) > 0 ? 2 * *p * *r / (*p + *r) : 0.0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

char *w5_eval_ner_report(const w5_eval_ner *ev)
{
    size_t cap = 512 + (size_t)ev->ntypes * 128, n = 0;
    char *out = malloc(cap);
    if (!out)
        return NULL;
    double p, r, f;
    w5_eval_ner_prf(&ev->all, &p, &r, &f);
    double acc = ev->tokens ? 100.0 * (double)ev->correct_tags / (double)ev->tokens : 0;
    n += (size_t)snprintf(out + n, cap - n,
                          "processed %zu tokens with %zu phrases; found: %zu "
                          "phrases; correct: %zu.\n",
                          ev->tokens, ev->all.gold, ev->all.pred, ev->all.correct);
    n += (size_t)snprintf(out + n, cap - n,
                          "accuracy: %6.2f%%; precision: %6.2f%%; recall: "
                          "%6.2f%%; FB1: %6.2f\n",
                          acc, p, r, f);
    const char *names[W5_EVAL_NER_MAX_TYPES];
    for (int i = 0; i < ev->ntypes; i++)
        names[i] = ev->types[i];
    qsort(names, (size_t)ev->ntypes, sizeof names[0], by_name);
    for (int k = 0; k < ev->ntypes && n < cap; k++) {
        int i = (int)((names[k] - ev->types[0]) / W5_EVAL_NER_TYPE_LEN);
        w5_eval_ner_prf(&ev->by_type[i], &p, &r, &f);
        n += (size_t)snprintf(out + n, cap - n,
                              "%17s: precision: %6.2f%%; recall: %6.2f%%; "
                              "FB1: %6.2f  %zu\n",
                              ev->types[i], p, r, f, ev->by_type[i].pred);
    }
    return out;
}
