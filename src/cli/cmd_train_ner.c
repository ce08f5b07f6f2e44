/*
 * cmd_train_ner.c - `w5 train ner`: trains the named-entity model.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "ner/ner.h"

static const char train_ner_help[] =
    "usage: w5 train ner --train FILE --dev FILE --out MODEL [OPTIONS]\n"
    "\n"
    "Trains the named-entity recognizer (PER, ORG, LOC, MISC) on CoNLL-2003\n"
    "style files (token first, IOB1 or IOB2 tag last) with a greedy averaged\n"
    "perceptron; after each epoch the model is scored on --dev and the best\n"
    "epoch is kept.\n"
    "\n"
    "options:\n"
    "  --train FILE      training data\n"
    "  --dev FILE        development data (early stopping)\n"
    "  --out MODEL       the model file to write (ner.w5m)\n"
    "  --epochs N        at most N epochs (default 30)\n"
    "  --patience N      stop after N epochs without a dev gain (default 6)\n"
    "  --seed S          shuffling seed (default 1)\n"
    "  --lowered N       also train on a lower-cased copy of every N-th\n"
    "                    training document (default 2; 0 = none)\n"
    "  --stages N        2 (default): a second model that also sees the first\n"
    "                    model's labels of the whole document; 1: one model\n"
    "  --lexicon FILE    lexicon.w5m for gazetteer features\n"
    "  --clusters FILE   word clusters (bits<TAB>word lines, from\n"
    "                    `w5 train clusters`), stored inside the model\n"
    "  --without LIST    drop feature groups (comma-separated): word, affix,\n"
    "                    shape, context, clusters, gaz, history, nonlocal,\n"
    "                    headline (for ablation)\n"
    "  --with LIST       add feature groups (history is off by default)\n"
    "  --min-updates N   prune features updated fewer than N times (2)\n"
    "  --min-weight W    prune features whose largest |weight| is <= W (0)\n"
    "  --progress        report every epoch even when stderr is not a terminal\n"
    "  -h, --help        show this help\n";

static void progress(void *ctx, int stage, int epoch, double acc, double f1,
                     size_t nfeat, double seconds)
{
    (void)ctx;
    if (stage >= 10)
        fprintf(stderr, "fold %d  epoch %2d  train acc %6.2f%%  %.1fs\n", stage - 9, epoch,
                acc, seconds);
    else
        fprintf(stderr, "stage %d  epoch %2d  train acc %6.2f%%  dev F1 %6.2f  features %zu  %.1fs\n",
                stage, epoch, acc, f1, nfeat, seconds);
}

/* Clears (on = 0) or sets the named feature groups. */
static int parse_groups(const char *list, unsigned *features, int on)
{
    static const struct {
        const char *name;
        unsigned bit;
    } groups[] = {{"word", W5_NERF_WORD},         {"affix", W5_NERF_AFFIX},
                  {"shape", W5_NERF_SHAPE},       {"context", W5_NERF_CONTEXT},
                  {"clusters", W5_NERF_CLUSTERS}, {"gaz", W5_NERF_GAZ},
                  {"history", W5_NERF_HISTORY},   {"nonlocal", W5_NERF_NONLOCAL},
                  {"headline", W5_NERF_HEADLINE}};
    while (*list) {
        size_t n = strcspn(list, ",");
        int found = 0;
        for (size_t g = 0; g < sizeof groups / sizeof *groups; g++) {
            if (strlen(groups[g].name) == n && strncmp(groups[g].name, list, n) == 0) {
                if (on)
                    *features |= groups[g].bit;
                else
                    *features &= ~groups[g].bit;
                found = 1;
            }
        }
        if (!found)
            return -1;
        list += n;
        if (*list == ',')
            list++;
    }
    return 0;
}

int cmd_train_ner(int argc, char **argv)
{
    w5_ner_train_opts o;
    w5_ner_train_defaults(&o);
    const char *out = NULL, *v;
    int show_progress = isatty(2);
    for (int i = 1; i < argc; i++) {
        int r;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(train_ner_help, stdout);
            return CLI_OK;
        }
        if (strcmp(argv[i], "--progress") == 0) {
            show_progress = 1;
            continue;
        }
        if ((r = cli_option(argc, argv, &i, "--train", &o.train_path)) ||
            (r = cli_option(argc, argv, &i, "--dev", &o.dev_path)) ||
            (r = cli_option(argc, argv, &i, "--out", &out)) ||
            (r = cli_option(argc, argv, &i, "--lexicon", &o.lexicon_path)) ||
            (r = cli_option(argc, argv, &i, "--clusters", &o.clusters_path))) {
            if (r < 0)
                return CLI_USAGE;
            continue;
        }
        if ((r = cli_option(argc, argv, &i, "--epochs", &v))) {
            if (r < 0 || (o.epochs = atoi(v)) <= 0)
                return cli_usage_error(argv[0], "--epochs needs a positive number");
        } else if ((r = cli_option(argc, argv, &i, "--patience", &v))) {
            if (r < 0 || (o.patience = atoi(v)) <= 0)
                return cli_usage_error(argv[0], "--patience needs a positive number");
        } else if ((r = cli_option(argc, argv, &i, "--lowered", &v))) {
            if (r < 0 || (o.lowered_every = atoi(v)) < 0)
                return cli_usage_error(argv[0], "--lowered needs a number >= 0");
        } else if ((r = cli_option(argc, argv, &i, "--stages", &v))) {
            if (r < 0 || (o.stages = atoi(v)) < 1 || o.stages > 2)
                return cli_usage_error(argv[0], "--stages is 1 or 2");
        } else if ((r = cli_option(argc, argv, &i, "--seed", &v))) {
            if (r < 0)
                return CLI_USAGE;
            o.seed = strtoull(v, NULL, 10);
        } else if ((r = cli_option(argc, argv, &i, "--min-updates", &v))) {
            if (r < 0)
                return CLI_USAGE;
            o.compile.min_updates = (uint32_t)strtoul(v, NULL, 10);
        } else if ((r = cli_option(argc, argv, &i, "--min-weight", &v))) {
            if (r < 0)
                return CLI_USAGE;
            o.compile.min_weight = strtof(v, NULL);
        } else if ((r = cli_option(argc, argv, &i, "--without", &v))) {
            if (r < 0 || parse_groups(v, &o.features, 0))
                return cli_usage_error(argv[0], "--without: unknown feature group in '%s'",
                                       r < 0 ? "" : v);
        } else if ((r = cli_option(argc, argv, &i, "--with", &v))) {
            if (r < 0 || parse_groups(v, &o.features, 1))
                return cli_usage_error(argv[0], "--with: unknown feature group in '%s'",
                                       r < 0 ? "" : v);
        } else {
            return cli_usage_error(argv[0], "unknown argument '%s'", argv[i]);
        }
    }
    if (!o.train_path || !o.dev_path || !out)
        return cli_usage_error(argv[0], "--train, --dev and --out are required");
    if (show_progress)
        o.progress = progress;
    w5_ner_train_result res;
    w5_error err;
    if (w5_ner_train(&o, out, &res, &err)) {
        fprintf(stderr, "w5 train ner: %s\n", err.message);
        return CLI_FAILED;
    }
    if (o.stages > 1)
        fprintf(stderr, "w5 train ner: first stage dev F1 %.2f\n", res.stage1_f1);
    fprintf(stderr, "w5 train ner: best epoch %d, dev F1 %.2f, %zu features, wrote %s\n",
            res.best_epoch, res.dev_f1, res.features, out);
    return CLI_OK;
}
