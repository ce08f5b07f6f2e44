/*
 * cmd_eval_syntax.c - `w5 eval syntax`: CoNLL 2018 shared-task scores of
 * the tagger, lemmatizer and parser on a gold CoNLL-U file, on gold
 * tokenization and end to end from the rebuilt raw text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "syntax/morph.h"
#include "syntax/syntax.h"
#include "text/text.h"

static const char eval_syntax_help[] =
    "usage: w5 eval syntax --gold FILE.conllu [OPTIONS]\n"
    "\n"
    "Scores the tagger, lemmatizer and parser as the CoNLL 2018 shared task\n"
    "does (F1 of Tokens, Sentences, Words, UPOS, XPOS, UFeats, AllTags,\n"
    "Lemmas, UAS, LAS over words aligned by character span; UFeats on the\n"
    "universal features, LAS on the universal relation), on the gold words\n"
    "and end to end from the raw text rebuilt from FILE.\n"
    "\n"
    "options:\n"
    "  --gold FILE       the gold CoNLL-U file\n"
    "  --model-dir DIR   folder with tagger.w5m, parser.w5m and morph.w5m\n"
    "                    (FEATS: '_' without it)\n"
    "  --tagger MODEL    the tagger model (overrides --model-dir)\n"
    "  --parser MODEL    the parser model (overrides --model-dir)\n"
    "  --tagger-nn MODEL add the opt-in neural tagger (tagger-nn.w5m) to\n"
    "                    the tagger's decisions (slower, more accurate)\n"
    "  --morph MODEL     the FEATS model (default: morph.w5m in --model-dir\n"
    "                    when it is there; 'none': no FEATS)\n"
    "  --segment MODEL   the sentence boundary model for the raw-text run\n"
    "                    (default: segment.w5m in --model-dir when it is\n"
    "                    there, as the pipeline does; 'none': rules only)\n"
    "  --gold-only       skip the end-to-end run\n"
    "  --beam K          parse with a beam of K (parser-beam.w5m unless\n"
    "                    --parser is given; 8 is the width it was trained\n"
    "                    for); default: the width the parser model was\n"
    "                    trained for (parser.w5m: greedy)\n"
    "  --ensemble        parse with the reparsing ensemble of --model-dir\n"
    "                    (eight parsers: parser-beam.w5m, parser-beam16.w5m,\n"
    "                    parser-r2l.w5m, parser.w5m, parser-greedy-l2r.w5m,\n"
    "                    parser-greedy-r2l.w5m, parser-graph.w5m and\n"
    "                    parser-graph2.w5m, combined by arc votes;\n"
    "                    --beam K sets the width of its beam members)\n"
    "  -h, --help        show this help\n";

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int cmd_eval_syntax(int argc, char **argv)
{
    const char *gold = NULL, *model_dir = NULL, *tpath = NULL, *ppath = NULL,
               *spath = NULL, *mpath = NULL, *nnpath = NULL;
    int gold_only = 0, beam = 0, ensemble = 0;
    const char *beam_arg = NULL;
    for (int i = 1; i < argc; i++) {
        int rc;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(eval_syntax_help, stdout);
            return CLI_OK;
        } else if (strcmp(argv[i], "--gold-only") == 0) {
            gold_only = 1;
        } else if (strcmp(argv[i], "--ensemble") == 0) {
            ensemble = 1;
        } else if ((rc = cli_option(argc, argv, &i, "--gold", &gold)) ||
                   (rc = cli_option(argc, argv, &i, "--model-dir", &model_dir)) ||
                   (rc = cli_option(argc, argv, &i, "--tagger", &tpath)) ||
                   (rc = cli_option(argc, argv, &i, "--tagger-nn", &nnpath)) ||
                   (rc = cli_option(argc, argv, &i, "--parser", &ppath)) ||
                   (rc = cli_option(argc, argv, &i, "--segment", &spath)) ||
                   (rc = cli_option(argc, argv, &i, "--morph", &mpath)) ||
                   (rc = cli_option(argc, argv, &i, "--beam", &beam_arg))) {
            if (rc < 0)
                return CLI_USAGE;
        } else {
            return cli_usage_error(argv[0], "unknown argument '%s'", argv[i]);
        }
    }
    if (!gold)
        return cli_usage_error(argv[0], "--gold FILE is required");
    if (beam_arg && cli_beam_value(argv[0], beam_arg, &beam))
        return CLI_USAGE;
    if (ensemble && ppath)
        return cli_usage_error(argv[0], "--ensemble reads its parsers from --model-dir, not --parser");
    if (!model_dir)
        model_dir = getenv("W5_MODEL_DIR") && *getenv("W5_MODEL_DIR")
                        ? getenv("W5_MODEL_DIR") : W5_MODEL_DIR;
    char tbuf[4096], pbuf[4096], sbuf[4096], mbuf[4096];
    snprintf(tbuf, sizeof tbuf, "%s/tagger.w5m", model_dir);
    snprintf(pbuf, sizeof pbuf, "%s/%s", model_dir,
             beam > 0 ? "parser-beam.w5m" : "parser.w5m");
    snprintf(sbuf, sizeof sbuf, "%s/segment.w5m", model_dir);
    if (!spath && access(sbuf, R_OK) == 0)
        spath = sbuf;
    if (spath && strcmp(spath, "none") == 0)
        spath = NULL;
    snprintf(mbuf, sizeof mbuf, "%s/morph.w5m", model_dir);
    if (!mpath && access(mbuf, R_OK) == 0)
        mpath = mbuf;
    if (mpath && strcmp(mpath, "none") == 0)
        mpath = NULL;
    w5_morph *morph = NULL;
    w5_tagger *tg = NULL;
    w5_parser *ps = NULL;
    w5_boundary_model *seg = NULL;
    w5_conllu c;
    w5_error err;
    int rc = CLI_FAILED;
    memset(&c, 0, sizeof c);
    if (w5_tagger_load(tpath ? tpath : tbuf, &tg, &err) ||
        (nnpath && w5_tagger_attach_nn(tg, nnpath, &err)) ||
        (ensemble ? w5_parser_load_ensemble(model_dir, beam, &ps, &err)
                  : w5_parser_load(ppath ? ppath : pbuf, &ps, &err)) ||
        (spath && w5_boundary_model_load(spath, &seg, &err)) ||
        (mpath && w5_morph_load(mpath, &morph, &err)) ||
        w5_conllu_read_file(gold, &c, &err)) {
        fprintf(stderr, "w5 eval syntax: %s\n", err.message);
        goto done;
    }
    w5_parser_set_beam(ps, beam);
    w5_syntax_scores sc[2];
    double secs[2] = {0, 0};
    int runs = gold_only ? 1 : 2;
    for (int r = 0; r < runs; r++) {
        double t0 = now();
        w5_syntax_models models = {tg, ps, morph, seg};
        if (w5_eval_syntax_run_with(&c, &models, r, &sc[r], &err)) {
            fprintf(stderr, "w5 eval syntax: %s\n", err.message);
            goto done;
        }
        secs[r] = now() - t0;
    }
    printf("%s: %zu words\n", gold, sc[0].words.gold);
    printf("%-10s %12s", "metric", "gold tokens");
    if (runs > 1)
        printf(" %12s", "raw text");
    putchar('\n');
    const struct { const char *name; size_t off; } rows[] = {
        {"Tokens", offsetof(w5_syntax_scores, tokens)},
        {"Sentences", offsetof(w5_syntax_scores, sentences)},
        {"Words", offsetof(w5_syntax_scores, words)},
        {"UPOS", offsetof(w5_syntax_scores, upos)},
        {"XPOS", offsetof(w5_syntax_scores, xpos)},
        {"UFeats", offsetof(w5_syntax_scores, ufeats)},
        {"AllTags", offsetof(w5_syntax_scores, alltags)},
        {"Lemmas", offsetof(w5_syntax_scores, lemmas)},
        {"UAS", offsetof(w5_syntax_scores, uas)},
        {"LAS", offsetof(w5_syntax_scores, las)}};
    for (size_t k = 0; k < sizeof rows / sizeof *rows; k++) {
        printf("%-10s", rows[k].name);
        for (int r = 0; r < runs; r++) {
            const w5_eval_prf *p =
                (const w5_eval_prf *)((const char *)&sc[r] + rows[k].off);
            printf(" %12.2f", w5_eval_f1(p));
        }
        putchar('\n');
    }
    printf("%-10s", "seconds");
    for (int r = 0; r < runs; r++)
        printf(" %12.2f", secs[r]);
    putchar('\n');
    rc = CLI_OK;
done:
    w5_conllu_free(&c);
    w5_tagger_free(tg);
    w5_parser_free(ps);
    w5_boundary_model_free(seg);
    w5_morph_free(morph);
    return rc;
}
