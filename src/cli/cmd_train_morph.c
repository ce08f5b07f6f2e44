/*
 * cmd_train_morph.c - `w5 train morph`: learn the FEATS classifier
 * (morph.w5m) from the gold tags, trees and FEATS of CoNLL-U treebanks.
 * GUM documents of non-commercial genres are left out unless --keep-nc
 * is given, as for the tagger and parser.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "syntax/morph.h"

typedef struct morph_args {
    char **train;
    int ntrain, epochs, keep_nc;
    const char *dev, *out;
} morph_args;

static void morph_usage(FILE *f)
{
    fprintf(f,
            "usage: w5 train morph --train FILE... [--dev FILE] --out MODEL\n"
            "                [--epochs N] [--keep-nc]\n\n"
            "Learns the morphological features (UD FEATS) of words from their\n"
            "word form, tags and parse, and keeps the epoch that scores best on\n"
            "--dev (gold tags and trees).\n\n"
            "  --train FILE...  training treebanks (CoNLL-U)\n"
            "  --dev FILE       development treebank for early stopping\n"
            "  --out MODEL      the model file to write (morph.w5m)\n"
            "  --epochs N       passes over the data (default 6)\n"
            "  --keep-nc        keep GUM documents of non-commercial genres\n");
}

static int parse_morph_args(int argc, char **argv, morph_args *a)
{
    for (int i = 1; i < argc; i++) {
        const char *v;
        int r;
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            morph_usage(stdout);
            return -1;
        } else if (cli_file_list(argc, argv, &i, "--train", &a->train, &a->ntrain)) {
            continue;
        } else if (strcmp(argv[i], "--keep-nc") == 0) {
            a->keep_nc = 1;
        } else if ((r = cli_option(argc, argv, &i, "--dev", &a->dev)) ||
                   (r = cli_option(argc, argv, &i, "--out", &a->out))) {
            if (r < 0)
                return CLI_USAGE;
        } else if ((r = cli_option(argc, argv, &i, "--epochs", &v))) {
            if (r < 0 || (a->epochs = atoi(v)) <= 0)
                return cli_usage_error("train morph", "--epochs needs a positive number");
        } else {
            return cli_usage_error("train morph", "unknown argument '%s'", argv[i]);
        }
    }
    if (a->ntrain == 0 || !a->out)
        return cli_usage_error("train morph", "--train and --out are required");
    return 0;
}

static void morph_progress(int epoch, int epochs, double train_acc, double dev_a,
                           double dev_b, int best, void *ctx)
{
    (void)dev_b;
    (void)ctx;
    fprintf(stderr, "epoch %2d/%d  train %.2f  dev FEATS %.2f%s\n", epoch, epochs,
            train_acc, dev_a, best ? "  *" : "");
}

int cmd_train_morph(int argc, char **argv)
{
    morph_args a = {.epochs = 6};
    int rc = parse_morph_args(argc, argv, &a);
    if (rc)
        return rc < 0 ? CLI_OK : rc;
    w5_treebank train, dev;
    w5_treebank_init(&train);
    w5_treebank_init(&dev);
    rc = cli_read_treebanks("train morph", a.train, a.ntrain,
                            a.keep_nc ? 0 : W5_TB_SKIP_NC, &train);
    if (!rc && a.dev)
        rc = cli_read_treebanks("train morph", (char **)&a.dev, 1, 0, &dev);
    if (!rc) {
        fprintf(stderr, "morph: %zu training words, %zu dev words\n", train.words.n,
                dev.words.n);
        w5_train_opts opts = {.epochs = a.epochs, .seed = 1,
                              .progress = morph_progress};
        w5_error err;
        if (w5_morph_train(&train, &dev, &opts, a.out, &err)) {
            fprintf(stderr, "w5 train morph: %s\n", err.message);
            rc = CLI_FAILED;
        } else {
            fprintf(stderr, "wrote %s\n", a.out);
        }
    }
    w5_treebank_free(&train);
    w5_treebank_free(&dev);
    return rc;
}
