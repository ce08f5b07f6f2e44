/*
 * cmd_train_parser.c - `w5 train parser`: read CoNLL-U treebanks, tag the
 * training words as the tagger will at run time (jackknifed), train, keep
 * the epoch that scores best on dev and write the model. GUM documents of
 * non-commercial genres are left out unless --keep-nc is given, so the
 * shipped model carries no NC terms.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "syntax/syntax.h"

typedef struct parser_args {
    char **train;
    int ntrain;
    const char *dev, *out, *tagger, *clusters;
    int epochs, keep_nc, jackknife, beam, rev0, r2l, graph, graph_opts;
    unsigned hidden, layers, batch, threads;
    float lr, drop[3];
    unsigned min_updates;
    float min_weight;
    unsigned long long seed;
} parser_args;

static void usage(FILE *f)
{
    fputs("usage: w5 train parser --train FILE... [--dev FILE] --out MODEL\n"
          "                [--tagger MODEL [--jackknife K]] [--clusters FILE]\n"
          "                [--epochs N] [--seed S] [--beam K] [--rev0] [--r2l] [--keep-nc]\n\n"
          "Trains the dependency parser on CoNLL-U treebanks and keeps the\n"
          "epoch that scores best (LAS) on --dev.\n\n"
          "  --train FILE...  training treebanks (CoNLL-U)\n"
          "  --dev FILE       development treebank for early stopping\n"
          "  --out MODEL      the model file to write\n"
          "  --tagger MODEL   train on the tags this tagger predicts\n"
          "  --jackknife K    ... on the training data by K-fold jackknifing\n"
          "  --clusters FILE  word clusters (w5 train clusters) for features,\n"
          "                   embedded in the model\n"
          "  --epochs N       passes over the data (default 15)\n"
          "  --seed S         shuffling seed (default 1)\n"
          "  --beam K         train for beam search of width K (2-64) with\n"
          "                   global updates; parses with the model use it\n"
          "                   (default 1: greedy, dynamic oracle)\n"
          "  --rev0           the first feature set (no clusters, no\n"
          "                   in-between counts): faster parses\n"
          "  --r2l            parse right to left (the sentence read backwards:\n"
          "                   a member of the ensemble, w5 parse --ensemble)\n"
          "  --keep-nc        keep GUM documents of non-commercial genres\n"
          "  --graph          train the graph parser instead (BiLSTMs and\n"
          "                   biaffine arc scores; w5 parse --ensemble uses it)\n"
          "  --hidden N       graph: LSTM units per direction (default 200)\n"
          "  --layers N       graph: stacked BiLSTM layers (default 2)\n"
          "  --batch N        graph: words per update (default 1000)\n"
          "  --lr X           graph: Adam's step (default 0.002)\n"
          "  --threads N      graph: 1 or 2 threads (default 1)\n"
          "  --dropout W,T,H  graph: word, tag and hidden dropout\n"
          "                   (default 0.25,0.25,0.33)\n"
          "  --min-updates N  prune features updated fewer than N times\n"
          "  --min-weight W   ... or whose weights are all below W in size\n",
          f);
}

static int number(const char *v, const char *opt, double min, double *out)
{
    char *end;
    *out = strtod(v, &end);
    if (end == v || *end || *out < min)
        return cli_usage_error("train parser", "%s needs a number (at least %g)", opt, min);
    return 0;
}

/* A whole number in [min, max] (no fraction, sign, NaN or trailing text). */
static int whole(const char *v, const char *opt, unsigned long min, unsigned long max,
                 unsigned *out)
{
    char *end;
    unsigned long x = *v >= '0' && *v <= '9' ? strtoul(v, &end, 10) : 0;
    if (*v < '0' || *v > '9' || *end || x < min || x > max)
        return cli_usage_error("train parser", "%s needs a whole number from %lu to %lu", opt,
                               min, max);
    *out = (unsigned)x;
    return 0;
}

/* A rate r with lo <= r < hi (or <= hi when hi_in), parsed from *v up to
 * a comma or the end; NaN and trailing text are refused. */
static int rate(const char **v, float lo, float hi, int hi_in, float *out)
{
    char *end;
    float x = strtof(*v, &end);
    if (end == *v || (*end && *end != ',') || !(x >= lo && (hi_in ? x <= hi : x < hi)))
        return -1;
    *out = x;
    *v = *end ? end + 1 : end;
    return 0;
}

/* The graph parser's options: 1 when argv[*i] was one, 0 when not, -1
 * on a bad value (reported). */
static int graph_option(int argc, char **argv, int *i, parser_args *a)
{
    static const struct {
        const char *name;
        unsigned long max;
        size_t off;
    } counts[] = {{"--hidden", 1024, offsetof(parser_args, hidden)},
                  {"--layers", 4, offsetof(parser_args, layers)},
                  {"--batch", 100000, offsetof(parser_args, batch)},
                  {"--threads", 2, offsetof(parser_args, threads)}};
    const char *v;
    int r;
    for (size_t k = 0; k < sizeof counts / sizeof *counts; k++) {
        if ((r = cli_option(argc, argv, i, counts[k].name, &v)) == 0)
            continue;
        a->graph_opts = 1;
        return r < 0 || whole(v, counts[k].name, 1, counts[k].max,
                              (unsigned *)((char *)a + counts[k].off)) ? -1 : 1;
    }
    if ((r = cli_option(argc, argv, i, "--lr", &v))) {
        a->graph_opts = 1;
        if (r > 0 && rate(&v, 1e-6f, 1, 1, &a->lr) == 0 && !*v)
            return 1;
        if (r > 0)
            cli_usage_error("train parser", "--lr needs a number in (0, 1]");
        return -1;
    }
    if ((r = cli_option(argc, argv, i, "--dropout", &v))) {
        a->graph_opts = 1;
        if (r > 0 && rate(&v, 0, 1, 0, &a->drop[0]) == 0 && rate(&v, 0, 1, 0, &a->drop[1]) == 0 &&
            rate(&v, 0, 1, 0, &a->drop[2]) == 0 && !*v)
            return 1;
        if (r > 0)
            cli_usage_error("train parser", "--dropout needs three rates in [0, 1): W,T,H");
        return -1;
    }
    return 0;
}

/* 0, -1 after --help, or CLI_USAGE. */
static int parse_args(int argc, char **argv, parser_args *a)
{
    for (int i = 1; i < argc; i++) {
        const char *v;
        double x;
        int r;
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return -1;
        } else if (cli_file_list(argc, argv, &i, "--train", &a->train, &a->ntrain)) {
            continue;
        } else if (strcmp(argv[i], "--keep-nc") == 0) {
            a->keep_nc = 1;
        } else if (strcmp(argv[i], "--rev0") == 0) {
            a->rev0 = 1;
        } else if (strcmp(argv[i], "--r2l") == 0) {
            a->r2l = 1;
        } else if (strcmp(argv[i], "--graph") == 0) {
            a->graph = 1;
        } else if ((r = graph_option(argc, argv, &i, a)) != 0) {
            if (r < 0)
                return CLI_USAGE;
        } else if ((r = cli_option(argc, argv, &i, "--dev", &a->dev)) ||
                   (r = cli_option(argc, argv, &i, "--out", &a->out)) ||
                   (r = cli_option(argc, argv, &i, "--tagger", &a->tagger)) ||
                   (r = cli_option(argc, argv, &i, "--clusters", &a->clusters))) {
            if (r < 0)
                return CLI_USAGE;
        } else if ((r = cli_option(argc, argv, &i, "--epochs", &v))) {
            if (r < 0 || number(v, "--epochs", 1, &x))
                return CLI_USAGE;
            a->epochs = (int)x;
        } else if ((r = cli_option(argc, argv, &i, "--beam", &v))) {
            if (r < 0 || number(v, "--beam", 1, &x))
                return CLI_USAGE;
            if (x > 64)
                return cli_usage_error("train parser", "--beam is at most 64");
            a->beam = (int)x;
        } else if ((r = cli_option(argc, argv, &i, "--jackknife", &v))) {
            if (r < 0 || number(v, "--jackknife", 0, &x))
                return CLI_USAGE;
            a->jackknife = (int)x;
        } else if ((r = cli_option(argc, argv, &i, "--min-updates", &v))) {
            if (r < 0 || number(v, "--min-updates", 0, &x))
                return CLI_USAGE;
            a->min_updates = (unsigned)x;
        } else if ((r = cli_option(argc, argv, &i, "--min-weight", &v))) {
            if (r < 0 || number(v, "--min-weight", 0, &x))
                return CLI_USAGE;
            a->min_weight = (float)x;
        } else if ((r = cli_option(argc, argv, &i, "--seed", &v))) {
            if (r < 0 || number(v, "--seed", 0, &x))
                return CLI_USAGE;
            a->seed = strtoull(v, NULL, 10);
        } else {
            return cli_usage_error("train parser", "unknown argument '%s'", argv[i]);
        }
    }
    if (a->ntrain == 0 || !a->out)
        return cli_usage_error("train parser", "--train and --out are required");
    if (a->graph_opts && !a->graph)
        return cli_usage_error("train parser", "--hidden, --layers, --batch, --threads, "
                               "--lr and --dropout are options of --graph");
    if (a->graph && (a->beam > 1 || a->rev0 || a->r2l || a->min_updates || a->min_weight > 0))
        return cli_usage_error("train parser", "--beam, --rev0, --r2l and --min-* are not "
                               "options of --graph");
    return 0;
}

static void progress(int epoch, int epochs, double train_acc, double uas,
                     double las, int best, void *ctx)
{
    (void)ctx;
    fprintf(stderr, "epoch %2d/%d  train %.2f  dev UAS %.2f  LAS %.2f%s\n", epoch,
            epochs, train_acc, uas, las, best ? "  *" : "");
}

int cmd_train_parser(int argc, char **argv)
{
    parser_args a = {.epochs = 15, .seed = 1, .drop = {0.25f, 0.25f, 0.33f}};
    int rc = parse_args(argc, argv, &a);
    if (rc)
        return rc < 0 ? CLI_OK : rc;
    w5_treebank train, dev;
    w5_treebank_init(&train);
    w5_treebank_init(&dev);
    w5_tagger *tagger = NULL;
    w5_error err;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    rc = cli_read_treebanks("train parser", a.train, a.ntrain,
                            a.keep_nc ? 0 : W5_TB_SKIP_NC, &train);
    if (!rc && a.dev)
        rc = cli_read_treebanks("train parser", (char **)&a.dev, 1, 0, &dev);
    if (!rc && a.tagger && w5_tagger_load(a.tagger, &tagger, &err)) {
        fprintf(stderr, "w5 train parser: %s\n", err.message);
        rc = CLI_FAILED;
    }
    if (!rc) {
        fprintf(stderr, "parser: %zu training sentences (%zu words), %zu dev sentences\n",
                train.sents.n, train.words.n, dev.sents.n);
        w5_train_opts opts = {.epochs = a.epochs, .seed = a.seed,
                              .jackknife = a.jackknife, .beam = a.beam,
                              .rev0_features = a.rev0,
                              .right_to_left = a.r2l,
                              .min_updates = a.min_updates,
                              .min_weight = a.min_weight,
                              .clusters = a.clusters,
                              .progress = progress};
        w5_graph_train_opts gopts = {.epochs = a.epochs, .seed = a.seed,
                                     .hidden = a.hidden, .layers = a.layers,
                                     .batch = a.batch, .lr = a.lr,
                                     .threads = (int)a.threads,
                                     .drop_word = a.drop[0], .drop_tag = a.drop[1],
                                     .drop_hidden = a.drop[2],
                                     .jackknife = a.jackknife, .clusters = a.clusters,
                                     .progress = progress};
        if (a.graph ? w5_graph_train(&train, &dev, tagger, &gopts, a.out, &err)
                    : w5_parser_train(&train, &dev, tagger, &opts, a.out, &err)) {
            fprintf(stderr, "w5 train parser: %s\n", err.message);
            rc = CLI_FAILED;
        } else {
            clock_gettime(CLOCK_MONOTONIC, &t1);
            fprintf(stderr, "wrote %s in %.1f s\n", a.out,
                    (double)(t1.tv_sec - t0.tv_sec) +
                        (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
        }
    }
    w5_tagger_free(tagger);
    w5_treebank_free(&train);
    w5_treebank_free(&dev);
    return rc;
}
