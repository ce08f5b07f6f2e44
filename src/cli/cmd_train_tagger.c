/*
 * cmd_train_tagger.c - `w5 train tagger` (the parser has its own command,
 * cmd_train_parser.c): read CoNLL-U treebanks, train, keep the epoch that
 * scores best on dev and write the model. GUM documents of non-commercial
 * genres are left out unless --keep-nc is given, so the shipped models
 * carry no NC terms.
 */
#include <math.h>
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
    const char *dev, *out, *clusters, *tagger, *tune;
    char **corpus;
    int ncorpus;
    int epochs, keep_nc, neural;
    unsigned hidden, lstm, layers;
    float lr, feat_dropout, hidden_dropout;
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
            "  --epochs N       passes over the data, 1..1000 (default 10; the\n"
            "                   network's 12)\n"
            "  --seed S         shuffling seed (default 1)\n"
            "  --keep-nc        keep GUM documents of non-commercial genres\n"
            "  --min-updates N  prune features updated fewer than N times\n"
            "  --min-weight W   ... or whose weights are all below W in size\n"
            "  --clusters FILE  word clusters (w5 train clusters) for features,\n"
            "                   embedded in the model\n\n"
            "  --neural         train the opt-in neural tagger (tagger-nn.w5m)\n"
            "                   for the perceptron tagger --tagger MODEL instead\n"
            "  --tagger MODEL   (--neural) the tagger model the network joins\n"
            "  --tune FILE      (--neural) treebank on which to tune the\n"
            "                   network's weight in the combination (default:\n"
            "                   the --dev treebank)\n"
            "  --hidden N       (--neural) hidden units, a multiple of 8 up to\n"
            "                   4096 (default 256; with --lstm 128)\n"
            "  --lstm N         (--neural) a BiLSTM network of N units per\n"
            "                   direction, 1..1024, instead of the window network\n"
            "                   (--dropout F,H: F of the words' forms, H of the\n"
            "                   LSTM outputs and hidden units)\n"
            "  --layers N       (--lstm) stacked BiLSTM layers, 1..4 (default 2)\n"
            "  --lr X           (--neural) Adam's step size, in (0, 1] (default\n"
            "                   0.001)\n"
            "  --corpus FILE... (--neural) plain text from which to learn word\n"
            "                   vectors first (with the training words)\n"
            "  --dropout F,H    (--neural) dropout of the input features and of\n"
            "                   the hidden units, each in [0, 1): 0 is none\n"
            "                   (default 0.25,0.5)\n");
}

/* A whole number in [lo, hi] (no trailing characters); 0 or -1. */
static int int_in(const char *v, long lo, long hi, long *out)
{
    char *end;
    long x = strtol(v, &end, 10);
    if (end == v || *end || x < lo || x > hi)
        return -1;
    *out = x;
    return 0;
}

/* A number in [lo, hi] (lo excluded when open_lo, hi when open_hi),
 * finite, no trailing characters (at *end when end is given: then
 * *end is set past the number). 0 or -1. */
static int float_in(const char *v, float lo, float hi, int open_lo, int open_hi,
                    char **end, float *out)
{
    char *e;
    float x = strtof(v, &e);
    if (e == v || (!end && *e) || !isfinite(x) || x < lo || x > hi ||
        (open_lo && x == lo) || (open_hi && x == hi))
        return -1;
    if (end)
        *end = e;
    *out = x;
    return 0;
}

/* Options the network's loader would refuse are refused here, before any
 * treebank is read (review #14): --hidden a multiple of 8 up to 4096,
 * --epochs 1..1000, --dropout F,H each in [0, 1) (0 = none), --lr in
 * (0, 1]. */
static int parse_train_args(int argc, char **argv, train_args *a)
{
    for (int i = 1; i < argc; i++) {
        const char *v;
        int r;
        long n;
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            train_usage(stdout);
            return -1;
        } else if (cli_file_list(argc, argv, &i, "--train", &a->train, &a->ntrain)) {
            continue;
        } else if (strcmp(argv[i], "--keep-nc") == 0) {
            a->keep_nc = 1;
        } else if (strcmp(argv[i], "--neural") == 0) {
            a->neural = 1;
        } else if (cli_file_list(argc, argv, &i, "--corpus", &a->corpus, &a->ncorpus)) {
            continue;
        } else if ((r = cli_option(argc, argv, &i, "--hidden", &v))) {
            if (r < 0)
                return CLI_USAGE;
            if (int_in(v, 8, W5_NN_MAX_HIDDEN, &n) || n % 8)
                return cli_usage_error("tagger", "--hidden needs a multiple of 8 in 8..%d, "
                                       "not '%s'", W5_NN_MAX_HIDDEN, v);
            a->hidden = (unsigned)n;
        } else if ((r = cli_option(argc, argv, &i, "--lstm", &v))) {
            if (r < 0)
                return CLI_USAGE;
            if (int_in(v, 1, W5_NN_MAX_LSTM, &n))
                return cli_usage_error("tagger", "--lstm needs a number in 1..%d, not '%s'",
                                       W5_NN_MAX_LSTM, v);
            a->lstm = (unsigned)n;
        } else if ((r = cli_option(argc, argv, &i, "--layers", &v))) {
            if (r < 0)
                return CLI_USAGE;
            if (int_in(v, 1, 4, &n))
                return cli_usage_error("tagger", "--layers needs a number in 1..4, not '%s'",
                                       v);
            a->layers = (unsigned)n;
        } else if ((r = cli_option(argc, argv, &i, "--dropout", &v))) {
            if (r < 0)
                return CLI_USAGE;
            char *end;
            if (float_in(v, 0, 1, 0, 1, &end, &a->feat_dropout) || *end != ',' ||
                float_in(end + 1, 0, 1, 0, 1, NULL, &a->hidden_dropout))
                return cli_usage_error("tagger", "--dropout needs F,H, each at least 0 and "
                                       "below 1 (0: none), not '%s'", v);
        } else if ((r = cli_option(argc, argv, &i, "--lr", &v))) {
            if (r < 0)
                return CLI_USAGE;
            if (float_in(v, 0, 1, 1, 0, NULL, &a->lr))
                return cli_usage_error("tagger", "--lr needs a number above 0 and at most 1, "
                                       "not '%s'", v);
        } else if ((r = cli_option(argc, argv, &i, "--dev", &a->dev)) ||
                   (r = cli_option(argc, argv, &i, "--out", &a->out)) ||
                   (r = cli_option(argc, argv, &i, "--clusters", &a->clusters)) ||
                   (r = cli_option(argc, argv, &i, "--tagger", &a->tagger)) ||
                   (r = cli_option(argc, argv, &i, "--tune", &a->tune))) {
            if (r < 0)
                return CLI_USAGE;
        } else if ((r = cli_option(argc, argv, &i, "--epochs", &v))) {
            if (r < 0)
                return CLI_USAGE;
            if (int_in(v, 1, W5_NN_MAX_EPOCHS, &n))
                return cli_usage_error("tagger", "--epochs needs a number in 1..%d, not '%s'",
                                       W5_NN_MAX_EPOCHS, v);
            a->epochs = (int)n;
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
    if (a->neural && (!a->tagger || !a->dev))
        return cli_usage_error("tagger", "--neural needs --tagger and --dev");
    return 0;
}

static int train_neural(const train_args *a);

static void progress(int epoch, int epochs, double train_acc, double dev_a,
                     double dev_b, int best, void *ctx)
{
    (void)ctx;
    fprintf(stderr, "epoch %2d/%d  train %.2f  dev XPOS %.2f  UPOS %.2f%s\n", epoch,
            epochs, train_acc, dev_a, dev_b, best ? "  *" : "");
}

int cmd_train_tagger(int argc, char **argv)
{
    train_args a = {.seed = 1, .feat_dropout = W5_NN_FEAT_DROPOUT,
                    .hidden_dropout = W5_NN_HIDDEN_DROPOUT};
    int rc = parse_train_args(argc, argv, &a);
    if (rc)
        return rc < 0 ? CLI_OK : rc;
    if (a.neural)
        return train_neural(&a);
    w5_treebank train, dev;
    w5_treebank_init(&train);
    w5_treebank_init(&dev);
    w5_error err;
    unsigned flags = a.keep_nc ? 0 : W5_TB_SKIP_NC;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    rc = cli_read_treebanks("train tagger", a.train, a.ntrain, flags, &train);
    if (!rc && a.dev)
        rc = cli_read_treebanks("train tagger", (char **)&a.dev, 1, 0, &dev);
    if (!rc) {
        fprintf(stderr, "tagger: %zu training sentences (%zu words), %zu dev sentences\n",
                train.sents.n, train.words.n, dev.sents.n);
        w5_train_opts opts = {.epochs = a.epochs ? a.epochs : 10, .seed = a.seed,
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

static void nn_progress(int epoch, int epochs, double loss, double dev_a, double dev_b,
                        int best, void *ctx)
{
    (void)ctx;
    if (epoch == -3)
        fprintf(stderr, "word vectors: %d words, %.0f dimensions\n", epochs, dev_a);
    else if (epoch < 0)
        fprintf(stderr, "weight of the network's %s log-probabilities %5.2f: dev XPOS %.2f"
                        "  UPOS %.2f%s\n", epoch == -1 ? "XPOS" : "UPOS",
                epochs / 100.0, dev_a, dev_b, best ? "  *" : "");
    else
        fprintf(stderr, "epoch %2d/%d  loss %.4f  dev (network alone) XPOS %.2f  UPOS %.2f%s\n",
                epoch, epochs, loss, dev_a, dev_b, best ? "  *" : "");
}

/* w5 train tagger --neural: the network for an existing tagger model. */
static int train_neural(const train_args *a)
{
    w5_treebank train, dev, tune;
    w5_treebank_init(&train);
    w5_treebank_init(&dev);
    w5_treebank_init(&tune);
    w5_tagger *tg = NULL;
    w5_error err;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int rc = cli_read_treebanks("train tagger", a->train, a->ntrain,
                                a->keep_nc ? 0 : W5_TB_SKIP_NC, &train);
    if (!rc)
        rc = cli_read_treebanks("train tagger", (char **)&a->dev, 1, 0, &dev);
    /* the network's weight in the combination is tuned on --tune, else
     * on --dev: untuned, it would be 0 and the network do nothing */
    if (!rc && (a->tune || a->dev))
        rc = cli_read_treebanks("train tagger", (char **)(a->tune ? &a->tune : &a->dev), 1,
                                0, &tune);
    if (!rc && w5_tagger_load(a->tagger, &tg, &err)) {
        fprintf(stderr, "w5 train tagger: %s\n", err.message);
        rc = CLI_FAILED;
    }
    if (!rc) {
        fprintf(stderr, "tagger-nn: %zu training sentences (%zu words), %zu dev sentences\n",
                train.sents.n, train.words.n, dev.sents.n);
        w5_nn_train_opts o = {.epochs = a->epochs, .seed = a->seed, .hidden = a->hidden,
                              .lstm = a->lstm, .layers = a->layers,
                              .lr = a->lr, .feat_dropout = a->feat_dropout,
                              .hidden_dropout = a->hidden_dropout, .progress = nn_progress,
                              .pretrain = {.files = (const char *const *)a->corpus,
                                           .nfiles = (size_t)a->ncorpus, .seed = a->seed}};
        if (w5_tagger_train_nn(&train, &dev, &tune, tg, &o, a->out, &err)) {
            fprintf(stderr, "w5 train tagger: %s\n", err.message);
            rc = CLI_FAILED;
        } else {
            clock_gettime(CLOCK_MONOTONIC, &t1);
            fprintf(stderr, "wrote %s in %.1f s\n", a->out,
                    (double)(t1.tv_sec - t0.tv_sec) +
                        (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
        }
    }
    w5_tagger_free(tg);
    w5_treebank_free(&train);
    w5_treebank_free(&dev);
    w5_treebank_free(&tune);
    return rc;
}

