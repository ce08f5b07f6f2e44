/*
 * cmd_eval_ner.c - `w5 eval ner`: conlleval scores of the NER model (or of
 * a file of predictions) against a CoNLL-2003 style gold file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "eval/ner.h"
#include "input/conll.h"
#include "ner/ner.h"

static const char eval_ner_help[] =
    "usage: w5 eval ner --gold FILE [--model MODEL] [--pred FILE]\n"
    "\n"
    "Tags the tokens of the gold file (token first, tag last; IOB1 or IOB2)\n"
    "with the NER model and prints precision, recall and F1 per type and\n"
    "overall exactly as conlleval computes them (a phrase is correct when\n"
    "its span and type both match). With --pred, scores the last column of\n"
    "FILE (the same lines as the gold file) instead of running a model.\n"
    "\n"
    "options:\n"
    "  --gold FILE      the annotated file\n"
    "  --model MODEL    ner.w5m (default: the model folder's)\n"
    "  --lexicon FILE   lexicon.w5m (default: next to the model, if there)\n"
    "  --pred FILE      predictions to score instead of the model's\n"
    "  -h, --help       show this help\n";

/* The model folder's file `name`: $W5_MODEL_DIR or the built-in one. */
static void default_model_path(const char *name, char *buf, size_t cap)
{
    const char *dir = getenv("W5_MODEL_DIR");
    snprintf(buf, cap, "%s/%s", dir && *dir ? dir : W5_MODEL_DIR, name);
}

/* Loads the lexicon beside the model when the model wants one. */
static w5_lexicon *lexicon_for(const w5_ner_model *model, const char *model_path,
                               const char *lex_path)
{
    char buf[4096];
    w5_lexicon *lex = NULL;
    w5_error err;
    if (!w5_ner_uses_lexicon(model))
        return NULL;
    if (!lex_path) {
        const char *slash = strrchr(model_path, '/');
        int dirlen = slash ? (int)(slash - model_path) : 1;
        snprintf(buf, sizeof buf, "%.*s/lexicon.w5m", dirlen, slash ? model_path : ".");
        lex_path = buf;
    }
    if (w5_lexicon_load(lex_path, &lex, &err)) {
        fprintf(stderr, "w5: warning: %s (tagging without gazetteers)\n", err.message);
        return NULL;
    }
    return lex;
}

static int score_lines(const w5_conll *gold, const w5_conll *pred,
                       const uint8_t *labels)
{
    w5_eval_ner ev;
    w5_eval_ner_init(&ev);
    for (size_t k = 0; k < gold->lines.n; k++) {
        const w5_conll_line *g = &gold->lines.v[k];
        if (g->kind == W5_CONLL_BLANK) {
            w5_eval_ner_boundary(&ev);
            continue;
        }
        const char *gt = gold->text + g->tag_start;
        size_t gn = g->tag_end - g->tag_start;
        if (g->kind == W5_CONLL_DOCSTART) {
            /* conlleval counts the -DOCSTART- line as a token tagged O */
            w5_eval_ner_token(&ev, "O", 1, "O", 1);
            continue;
        }
        char buf[8];
        const char *pt;
        size_t pn;
        if (pred) {
            const w5_conll_line *p = &pred->lines.v[k];
            pt = pred->text + p->tag_start;
            pn = p->tag_end - p->tag_start;
        } else {
            pt = w5_ner_iob2(labels[k], buf);
            pn = strlen(pt);
        }
        w5_eval_ner_token(&ev, gt, gn, pt, pn);
    }
    w5_eval_ner_finish(&ev);
    char *report = w5_eval_ner_report(&ev);
    if (!report) {
        fprintf(stderr, "w5 eval ner: out of memory\n");
        return CLI_FAILED;
    }
    fputs(report, stdout);
    free(report);
    return CLI_OK;
}

int cmd_eval_ner(int argc, char **argv)
{
    const char *gold_path = NULL, *model_path = NULL, *lex_path = NULL, *pred_path = NULL;
    for (int i = 1; i < argc; i++) {
        int r;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(eval_ner_help, stdout);
            return CLI_OK;
        }
        if ((r = cli_option(argc, argv, &i, "--gold", &gold_path)) ||
            (r = cli_option(argc, argv, &i, "--model", &model_path)) ||
            (r = cli_option(argc, argv, &i, "--lexicon", &lex_path)) ||
            (r = cli_option(argc, argv, &i, "--pred", &pred_path))) {
            if (r < 0)
                return CLI_USAGE;
            continue;
        }
        return cli_usage_error(argv[0], "unknown argument '%s'", argv[i]);
    }
    if (!gold_path)
        return cli_usage_error(argv[0], "--gold FILE is required");
    w5_conll gold, pred;
    w5_error err;
    int rc = CLI_FAILED;
    memset(&pred, 0, sizeof pred);
    if (w5_conll_read(gold_path, &gold, &err)) {
        fprintf(stderr, "w5 eval ner: %s\n", err.message);
        return CLI_FAILED;
    }
    if (pred_path) {
        if (w5_conll_read(pred_path, &pred, &err)) {
            fprintf(stderr, "w5 eval ner: %s\n", err.message);
        } else if (pred.lines.n != gold.lines.n) {
            fprintf(stderr, "w5 eval ner: %s has %zu lines, %s has %zu\n", pred_path,
                    pred.lines.n, gold_path, gold.lines.n);
        } else {
            rc = score_lines(&gold, &pred, NULL);
        }
        w5_conll_free(&gold);
        w5_conll_free(&pred);
        return rc;
    }
    char buf[4096];
    if (!model_path) {
        default_model_path("ner.w5m", buf, sizeof buf);
        model_path = buf;
    }
    w5_ner_model *model = NULL;
    uint8_t *labels = malloc(gold.lines.n ? gold.lines.n : 1);
    if (!labels) {
        fprintf(stderr, "w5 eval ner: out of memory\n");
    } else if (w5_ner_load(model_path, &model, &err)) {
        fprintf(stderr, "w5 eval ner: %s\n", err.message);
    } else {
        w5_lexicon *lex = lexicon_for(model, model_path, lex_path);
        if (w5_ner_tag_conll(model, lex, &gold, labels, &err))
            fprintf(stderr, "w5 eval ner: %s\n", err.message);
        else
            rc = score_lines(&gold, NULL, labels);
        w5_lexicon_free(lex);
    }
    w5_ner_free(model);
    free(labels);
    w5_conll_free(&gold);
    return rc;
}
