/*
 * cmd_train_tagger.c - `w5 train tagger` (the parser has its own command,
 * cmd_train_parser.c): read CoNLL-U treebanks, train, keep the epoch that
 * scores best on dev and write the model. GUM documents of non-commercial
 * genres are left out unless --keep-nc is given, so the shipped models
 * carry no NC terms.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "syntax/syntax.h"

typedef struct train_args {
    char **train;
    int ntrain;
    const char *dev, *out, *clusters;
    int epochs, keep_nc;
    unsigned min_updates;
    float min_weight;
    unsigned long long seed;
} train_args;

static void train_usage(FILE *f)
{
    fprintf(f,
            "usage: w5 train tagger --train FILE... [--dev FILE] --out MODEL\n"
            "                [--epochs N] [--seed S] [--keep-nc] [--clusters FILE]\n\n"
            "Trains the POS tagger and lemmatizer on CoNLL-U treebanks and keeps\n"
            "the epoch that scores best on --dev.\n\n"
            "  --train FILE...  training treebanks (CoNLL-U)\n"
            "  --dev FILE       development treebank for early stopping\n"
            "  --out MODEL      the model file to write\n"
            "  --epochs N       passes over the data (default 10)\n"
            "  --seed S         shuffling seed (default 1)\n"
            "  --keep-nc        keep GUM documents of non-commercial genres\n"
            "  --min-updates N  prune features updated fewer than N times\n"
            "  --min-weight W   ... or whose weights are all below W in size\n"
            "  --clusters FILE  word clusters (w5 train clusters) for features,\n"
            "                   embedded in the model\n");
}

static int parse_train_args(int argc, char **argv, train_args *a)
{
    for (int i = 1; i < argc; i++) {
        const char *v;
        int r;
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            train_usage(stdout);
            return -1;
        } else if (strcmp(argv[i], "--train") == 0) {
            a->train = argv + i + 1;
            while (i + 1 < argc && strncmp(argv[i + 1], "--", 2) != 0) {
                i++;
                a->ntrain++;
            }
        } else if (strcmp(argv[i], "--keep-nc") == 0) {
            a->keep_nc = 1;
        } else if ((r = cli_option(argc, argv, &i, "--dev", &a->dev)) ||
                   (r = cli_option(argc, argv, &i, "--out", &a->out)) ||
                   (r = cli_option(argc, argv, &i, "--clusters", &a->clusters))) {
            if (r < 0)
                return CLI_USAGE;
        } else if ((r = cli_option(argc, argv, &i, "--epochs", &v))) {
            if (r < 0 || (a->epochs = atoi(v)) <= 0)
                return cli_usage_error("tagger", "--epochs needs a positive number");
        } else if ((r = cli_option(argc, argv, &i, "--min-updates", &v))) {
            if (r < 0)
                return CLI_USAGE;
            a->min_updates = (unsigned)atoi(v);
        } else if ((r = cli_option(argc, argv, &i, "--min-weight", &v))) {
            if (r < 0)
                return CLI_USAGE;
            a->min_weight = (float)atof(v);
        } else if ((r = cli_option(argc, argv, &i, "--seed", &v))) {
            if (r < 0)
                return CLI_USAGE;
            a->seed = strtoull(v, NULL, 10);
        } else {
            return cli_usage_error("tagger", "unknown argument '%s'", argv[i]);
        }
    }
    if (a->ntrain == 0 || !a->out)
        return cli_usage_error("tagger", "--train and --out are required");
    return 0;
}

static void progress(int epoch, int epochs, double train_acc, double dev_a,
                     double dev_b, int best, void *ctx)
{
    (void)ctx;
    fprintf(stderr, "epoch %2d/%d  train %.2f  dev XPOS %.2f  UPOS %.2f%s\n", epoch,
            epochs, train_acc, dev_a, dev_b, best ? "  *" : "");
}

static int read_treebanks(char **files, int n, unsigned flags, w5_treebank *tb)
{
    w5_error err;
    for (int i = 0; i < n; i++) {
        if (w5_treebank_read(tb, files[i], flags, &err)) {
            fprintf(stderr, "w5 train: %s\n", err.message);
            return CLI_FAILED;
        }
    }
    return 0;
}

int cmd_train_tagger(int argc, char **argv)
{
    train_args a = {.seed = 1, .epochs = 10};
    int rc = parse_train_args(argc, argv, &a);
    if (rc)
        return rc < 0 ? CLI_OK : rc;
    w5_treebank train, dev;
    w5_treebank_init(&train);
    w5_treebank_init(&dev);
    w5_error err;
    unsigned flags = a.keep_nc ? 0 : W5_TB_SKIP_NC;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    rc = read_treebanks(a.train, a.ntrain, flags, &train);
    if (!rc && a.dev)
        rc = read_treebanks((char **)&a.dev, 1, 0, &dev);
    if (!rc) {
        fprintf(stderr, "tagger: %zu training sentences (%zu words), %zu dev sentences\n",
                train.sents.n, train.words.n, dev.sents.n);
        w5_train_opts opts = {.epochs = a.epochs, .seed = a.seed,
                              .min_updates = a.min_updates,
                              .min_weight = a.min_weight,
                              .clusters = a.clusters,
                              .progress = progress, .ctx = &a};
        if (w5_tagger_train(&train, &dev, &opts, a.out, &err)) {
            fprintf(stderr, "w5 train tagger: %s\n", err.message);
            rc = CLI_FAILED;
        } else {
            clock_gettime(CLOCK_MONOTONIC, &t1);
            fprintf(stderr, "wrote %s in %.1f s\n", a.out,
                    (double)(t1.tv_sec - t0.tv_sec) +
                        (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
        }
    }
    w5_treebank_free(&train);
    w5_treebank_free(&dev);
    return rc;
}

