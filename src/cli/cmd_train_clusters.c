/*
 * cmd_train_clusters.c - `w5 train clusters`: hierarchical word clusters
 * from unlabeled text, for the NER model's cluster features.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "ner/ner.h"

static const char train_clusters_help[] =
    "usage: w5 train clusters --out FILE [OPTIONS] [--conll FILE] TEXTFILE...\n"
    "\n"
    "Learns a binary tree of word clusters from plain text (exchange\n"
    "clustering of a class bigram model, then Brown-style merging of the\n"
    "classes into a tree) and writes one line per word:\n"
    "bits<TAB>word<TAB>count, the format of Brown clusters, for\n"
    "`w5 train ner --clusters FILE`.\n"
    "\n"
    "options:\n"
    "  --out FILE      the clusters file to write\n"
    "  --conll FILE    also learn from the tokens of a CoNLL file (first\n"
    "                  column; labels are not read); repeatable\n"
    "  --words N       vocabulary: the N most frequent words (default 80000)\n"
    "  --min-count N   ignore words seen fewer than N times (default 2)\n"
    "  --classes N     flat classes before merging (default 1000)\n"
    "  --passes N      at most N exchange passes (default 10)\n"
    "  --seed S        random seed (default 1)\n"
    "  -h, --help      show this help\n";

static void progress(void *ctx, const char *what)
{
    (void)ctx;
    fprintf(stderr, "w5 train clusters: %s\n", what);
}

int cmd_train_clusters(int argc, char **argv)
{
    w5_clusters_opts o;
    w5_clusters_defaults(&o);
    const char *v;
    const char **inputs = calloc((size_t)argc + 1, sizeof *inputs);
    const char **conll = calloc((size_t)argc + 1, sizeof *conll);
    if (!inputs || !conll) {
        free(inputs);
        free(conll);
        return CLI_FAILED;
    }
    size_t n = 0, nconll = 0;
    for (int i = 1; i < argc; i++) {
        int r;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(train_clusters_help, stdout);
            free(inputs);
            free(conll);
            return CLI_OK;
        }
        if ((r = cli_option(argc, argv, &i, "--out", &o.out_path))) {
            if (r < 0)
                goto usage;
        } else if ((r = cli_option(argc, argv, &i, "--conll", &v))) {
            if (r < 0)
                goto usage;
            conll[nconll++] = v;
        } else if ((r = cli_option(argc, argv, &i, "--words", &v))) {
            if (r < 0)
                goto usage;
            o.max_words = (size_t)strtoul(v, NULL, 10);
        } else if ((r = cli_option(argc, argv, &i, "--min-count", &v))) {
            if (r < 0)
                goto usage;
            o.min_count = (uint32_t)strtoul(v, NULL, 10);
        } else if ((r = cli_option(argc, argv, &i, "--classes", &v))) {
            if (r < 0)
                goto usage;
            o.classes = (size_t)strtoul(v, NULL, 10);
        } else if ((r = cli_option(argc, argv, &i, "--passes", &v))) {
            if (r < 0)
                goto usage;
            o.passes = atoi(v);
        } else if ((r = cli_option(argc, argv, &i, "--seed", &v))) {
            if (r < 0)
                goto usage;
            o.seed = strtoull(v, NULL, 10);
        } else if (argv[i][0] == '-' && argv[i][1]) {
            free(inputs);
            free(conll);
            return cli_usage_error(argv[0], "unknown option '%s'", argv[i]);
        } else {
            inputs[n++] = argv[i];
        }
    }
    if (!o.out_path || !(n + nconll)) {
        free(inputs);
        free(conll);
        return cli_usage_error(argv[0], "--out FILE and at least one text file are needed");
    }
    if (o.classes < 2 || o.classes > 4096 || o.passes < 1) {
        free(inputs);
        free(conll);
        return cli_usage_error(argv[0], "--classes must be 2..4096 and --passes at least 1");
    }
    o.inputs = inputs;
    o.ninputs = n;
    o.conll_inputs = conll;
    o.nconll = nconll;
    o.progress = progress;
    w5_error err;
    int rc = w5_clusters_build(&o, &err);
    free(inputs);
    free(conll);
    if (rc) {
        fprintf(stderr, "w5 train clusters: %s\n", err.message);
        return CLI_FAILED;
    }
    return CLI_OK;
usage:
    free(inputs);
    free(conll);
    return CLI_USAGE;
}
