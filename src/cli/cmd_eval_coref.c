/*
 * cmd_eval_coref.c - `w5 eval coref`: MUC, B-cubed, CEAF-e and the CoNLL
 * score of coreference on named and pronominal mentions of a CoNLL-U file
 * with GUM-style Entity= annotation (see src/eval/coref.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "eval/coref.h"

static const char eval_coref_help[] =
    "usage: w5 eval coref --gold FILE.conllu [--model-dir DIR] [--gold-syntax]\n"
    "                     [--gold-names] [--no-singletons] [--genre NAME]\n"
    "                     [--errors FILE]\n"
    "\n"
    "Runs coreference on every document of FILE (GUM/CorefUD Entity=\n"
    "annotation) and scores MUC, B3 and CEAF-e; CoNLL F1 is their mean.\n"
    "\n"
    "Input: gold tokens (one token per syntactic word), gold sentences and\n"
    "paragraphs; tags, parse and names are predicted with the models in the\n"
    "model folder when they are there (else left out), or taken from FILE\n"
    "with --gold-syntax / --gold-names.\n"
    "\n"
    "Mentions scored: gold mentions whose head (the first word of the span\n"
    "whose gold head is outside the span) has gold UPOS PROPN or PRON; a\n"
    "system mention aligns to the gold mention with the same span, else to\n"
    "the smallest gold mention containing it and its head, and is kept when\n"
    "that gold mention is kept or (unaligned) when its own head is PROPN or\n"
    "PRON.\n"
    "\n"
    "options:\n"
    "  --gold FILE       the annotated CoNLL-U file\n"
    "  --model-dir DIR   tagger/parser/ner/lexicon models (default: the\n"
    "                    usual model folder)\n"
    "  --gold-syntax     use the gold UPOS, XPOS, heads and relations\n"
    "  --gold-names      use the gold PROPN-headed mentions as the names\n"
    "  --no-singletons   drop one-mention clusters from both sides\n"
    "  --genre NAME      only documents whose id contains NAME (\"news\")\n"
    "  --errors FILE     write each document's mentions with gold and system\n"
    "                    cluster ids to FILE (\"-\" for stdout)\n"
    "  -h, --help        show this help\n";

static void row(const char *name, const w5_eval_coref_counts *c)
{
    printf("%-8s %8.2f %8.2f %8.2f\n", name, w5_eval_coref_p(c), w5_eval_coref_r(c),
           w5_eval_coref_f1(c));
}

int cmd_eval_coref(int argc, char **argv)
{
    const char *gold_path = NULL, *errors_path = NULL, *model_dir = NULL;
    w5_eval_coref_opts opts;
    memset(&opts, 0, sizeof opts);
    for (int i = 1; i < argc; i++) {
        int r;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(eval_coref_help, stdout);
            return CLI_OK;
        }
        if (strcmp(argv[i], "--gold-syntax") == 0) {
            opts.gold_syntax = 1;
            continue;
        }
        if (strcmp(argv[i], "--gold-names") == 0) {
            opts.gold_names = 1;
            continue;
        }
        if (strcmp(argv[i], "--no-singletons") == 0) {
            opts.no_singletons = 1;
            continue;
        }
        if ((r = cli_option(argc, argv, &i, "--gold", &gold_path)) ||
            (r = cli_option(argc, argv, &i, "--errors", &errors_path)) ||
            (r = cli_option(argc, argv, &i, "--model-dir", &model_dir)) ||
            (r = cli_option(argc, argv, &i, "--genre", &opts.genre))) {
            if (r < 0)
                return CLI_USAGE;
            continue;
        }
        return cli_usage_error(argv[0], "unknown argument '%s'", argv[i]);
    }
    if (!gold_path)
        return cli_usage_error(argv[0], "--gold FILE is required");
    if (!model_dir) {
        const char *env = getenv("W5_MODEL_DIR");
        model_dir = env && *env ? env : W5_MODEL_DIR;
    }
    opts.model_dir = model_dir;
    w5_conllu gold;
    w5_error err;
    if (w5_conllu_read_file(gold_path, &gold, &err)) {
        fprintf(stderr, "w5 eval coref: %s: %s\n", gold_path, err.message);
        w5_conllu_free(&gold);
        return CLI_FAILED;
    }
    if (errors_path) {
        opts.errors = strcmp(errors_path, "-") == 0 ? stdout : fopen(errors_path, "w");
        if (!opts.errors) {
            fprintf(stderr, "w5 eval coref: cannot write %s\n", errors_path);
            w5_conllu_free(&gold);
            return CLI_FAILED;
        }
    }
    w5_eval_coref res;
    int rc = CLI_OK;
    if (w5_eval_coref_run(&gold, &opts, &res, &err)) {
        fprintf(stderr, "w5 eval coref: %s\n", err.message);
        rc = CLI_FAILED;
    } else {
        printf("documents: %zu%s%s\n", res.docs, opts.genre ? " of genre " : "",
               opts.genre ? opts.genre : "");
        printf("input: gold tokens and sentences; then %s; tags+parse: %s; names: %s; "
               "lexicon: %s\n",
               res.used_pipeline ? "the w5 pipeline's stages" : "the stages called one by one",
               opts.gold_syntax ? "gold" : res.used_tagger ? (res.used_parser ? "predicted" : "predicted tags, no parse") : "none",
               opts.gold_names ? "gold PROPN-headed mentions" : res.used_ner ? "predicted (NER)" : "none (no ner.w5m)",
               res.used_lexicon ? "yes" : "no");
        printf("mentions: gold mentions whose head (first word of the span with its gold head\n"
               "  outside the span) has gold UPOS PROPN or PRON; system mentions aligned by\n"
               "  span (exact, else the smallest gold span holding them and its head)%s\n",
               opts.no_singletons ? "; singletons removed" : "; singletons kept");
        printf("gold mentions %zu, system mentions %zu, aligned %zu (exact span %zu)\n",
               res.gold_ments, res.sys_ments, res.aligned, res.exact);
        printf("%-8s %8s %8s %8s\n", "metric", "P", "R", "F1");
        row("MUC", &res.muc);
        row("B3", &res.b3);
        row("CEAF-e", &res.ceafe);
        printf("CoNLL F1 %.2f\n", (w5_eval_coref_f1(&res.muc) + w5_eval_coref_f1(&res.b3) +
                                   w5_eval_coref_f1(&res.ceafe)) / 3.0);
    }
    if (opts.errors && opts.errors != stdout)
        fclose(opts.errors);
    w5_conllu_free(&gold);
    return rc;
}
