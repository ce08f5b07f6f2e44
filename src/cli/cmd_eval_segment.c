/*
 * cmd_eval_segment.c - `w5 eval segment`: token, word and sentence F1 of
 * the text layer against a UD CoNLL-U file, scored as the CoNLL 2018
 * shared task script does (see src/eval/eval.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "eval/eval.h"

static const char eval_segment_help[] =
    "usage: w5 eval segment --gold FILE.conllu [--model FILE] [--errors FILE]\n"
    "                       [--text]\n"
    "\n"
    "Rebuilds the raw text of a UD CoNLL-U file (tokens joined by their\n"
    "SpaceAfter, the sentences of a paragraph by a space, paragraphs and\n"
    "documents by a blank line), splits it into tokens and sentences and\n"
    "prints precision, recall and F1 of Tokens (surface tokens), Words\n"
    "(syntactic words) and Sentences, computed as conll18_ud_eval.py does.\n"
    "\n"
    "options:\n"
    "  --gold FILE      the annotated CoNLL-U file\n"
    "  --model FILE     also use the learned boundary model (segment.w5m;\n"
    "                   without it: the rules alone, as w5_analyze with no\n"
    "                   pipeline)\n"
    "  --threshold X    override the model's margin to add a boundary\n"

    "  --errors FILE    also write every token and sentence-boundary\n"
    "                   mismatch to FILE (\"-\" for stdout)\n"
    "  --text           only print the rebuilt raw text\n"
    "  -h, --help       show this help\n";

static void print_row(const char *name, const w5_eval_prf *s)
{
    printf("%-10s %8zu %8zu %8zu %8.2f %8.2f %8.2f\n", name, s->gold,
           s->system, s->correct, w5_eval_precision(s), w5_eval_recall(s),
           w5_eval_f1(s));
}

int cmd_eval_segment(int argc, char **argv)
{
    const char *gold_path = NULL, *errors_path = NULL, *model_path = NULL;
    const char *threshold = NULL;
    int text_only = 0;
    for (int i = 1; i < argc; i++) {
        int r;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(eval_segment_help, stdout);
            return CLI_OK;
        }
        if (strcmp(argv[i], "--text") == 0) {
            text_only = 1;
            continue;
        }
        if ((r = cli_option(argc, argv, &i, "--gold", &gold_path)) ||
            (r = cli_option(argc, argv, &i, "--errors", &errors_path)) ||
            (r = cli_option(argc, argv, &i, "--model", &model_path)) ||
            (r = cli_option(argc, argv, &i, "--threshold", &threshold))) {
            if (r < 0)
                return CLI_USAGE;
            continue;
        }
        return cli_usage_error(argv[0], "unknown argument '%s'", argv[i]);
    }
    if (!gold_path)
        return cli_usage_error(argv[0], "--gold FILE is required");
    w5_conllu gold;
    w5_error err;
    if (w5_conllu_read_file(gold_path, &gold, &err)) {
        fprintf(stderr, "w5 eval segment: %s: %s\n", gold_path, err.message);
        w5_conllu_free(&gold);
        return CLI_FAILED;
    }
    int rc = CLI_OK;
    if (text_only) {
        char *text;
        size_t len;
        if (w5_eval_segment_text(&gold, &text, &len, &err)) {
            fprintf(stderr, "w5 eval segment: %s\n", err.message);
            rc = CLI_FAILED;
        } else {
            fwrite(text, 1, len, stdout);
            putchar('\n');
            free(text);
        }
        w5_conllu_free(&gold);
        return rc;
    }
    w5_boundary_model *model = NULL;
    if (model_path && w5_boundary_model_load(model_path, &model, &err)) {
        fprintf(stderr, "w5 eval segment: %s\n", err.message);
        w5_conllu_free(&gold);
        return CLI_FAILED;
    }
    if (model && threshold)
        w5_boundary_model_set_threshold(model, (float)atof(threshold));
    FILE *errors = NULL;
    if (errors_path) {
        errors = strcmp(errors_path, "-") == 0 ? stdout
                                               : fopen(errors_path, "w");
        if (!errors) {
            fprintf(stderr, "w5 eval segment: cannot write %s\n", errors_path);
            w5_boundary_model_free(model);
            w5_conllu_free(&gold);
            return CLI_FAILED;
        }
    }
    w5_eval_segment res;
    if (w5_eval_segment_run_model(&gold, model, &res, errors, &err)) {
        fprintf(stderr, "w5 eval segment: %s\n", err.message);
        rc = CLI_FAILED;
    } else {
        printf("%-10s %8s %8s %8s %8s %8s %8s\n", "metric", "gold", "system",
               "correct", "P", "R", "F1");
        print_row("Tokens", &res.tokens);
        print_row("Words", &res.words);
        print_row("Sentences", &res.sentences);
    }
    if (errors && errors != stdout && fclose(errors)) {
        fprintf(stderr, "w5 eval segment: cannot write %s\n", errors_path);
        rc = CLI_FAILED;
    }
    w5_boundary_model_free(model);
    w5_conllu_free(&gold);
    return rc;
}
