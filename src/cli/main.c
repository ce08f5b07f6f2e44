/*
 * main.c - the w5 command: finds the subcommand in a table and calls it.
 * `w5 eval WHAT` and `w5 train WHAT` are two-level: they dispatch to
 * cmd_eval_<what> / cmd_train_<what>. Adding a command is one row below.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} command;

/* One row per subcommand, in the order `w5 help` lists them. */
static const command commands[] = {
    {"analyze", cmd_analyze, "extract who, what, when, where and quotes"},
    {"tokenize", cmd_tokenize, "split text into sentences and tokens"},
    {"parse", cmd_parse, "POS tags, lemmas and dependency parse (CoNLL-U, JSON)"},
    {"ner", cmd_ner, "find names of people, organisations, places"},
    {"ingest", cmd_ingest, "analyse documents into a corpus database"},
    {"query", cmd_query, "ask a corpus database: who, quotes, search, network"},
    {NULL, NULL, NULL}};

static const command eval_commands[] = {
    {"segment", cmd_eval_segment, "score tokens and sentences against UD CoNLL-U data"},
    {"ner", cmd_eval_ner, "score named entities against CoNLL-2003 data (conlleval)"},
    {"quotes", cmd_eval_quotes, "score quotes and speakers against PolNeAR attributions"},
    {"coref", cmd_eval_coref, "score coreference (MUC, B3, CEAF-e) against GUM Entity= data"},
    {"syntax", cmd_eval_syntax, "score tagger, lemmatizer and parser (CoNLL 2018 metrics)"},
    {NULL, NULL, NULL}};

static const command train_commands[] = {
    {"lexicon", cmd_train_lexicon, "compile the name lists into lexicon.w5m"},
    {"events", cmd_train_events, "compile the CAMEO verb dictionary into events.w5m"},
    {"tagger", cmd_train_tagger, "train the POS tagger and lemmatizer (tagger.w5m)"},
    {"parser", cmd_train_parser, "train the dependency parser (parser.w5m)"},
    {"morph", cmd_train_morph, "train the morphological features (morph.w5m)"},
    {"ner", cmd_train_ner, "train the named-entity recognizer into ner.w5m"},
    {"clusters", cmd_train_clusters, "learn word clusters from unlabeled text"},
    {"segment", cmd_train_segment, "train the sentence-boundary model (segment.w5m)"},
    {NULL, NULL, NULL}};

/* The two-level groups. */
static const struct group {
    const char *name;
    const command *table;
    const char *summary;
} groups[] = {
    {"eval", eval_commands, "score a stage against annotated data"},
    {"train", train_commands, "train a model from annotated data"},
};

enum { NGROUPS = sizeof groups / sizeof *groups };

static const command *find(const command *table, const char *name)
{
    for (; table->name; table++)
        if (strcmp(table->name, name) == 0)
            return table;
    return NULL;
}

static const struct group *find_group(const char *name)
{
    for (int i = 0; i < NGROUPS; i++)
        if (strcmp(groups[i].name, name) == 0)
            return &groups[i];
    return NULL;
}

static void usage(FILE *f)
{
    fprintf(f, "usage: w5 COMMAND [ARGS]\n\ncommands:\n");
    for (const command *c = commands; c->name; c++)
        fprintf(f, "  %-12s %s\n", c->name, c->summary);
    for (int i = 0; i < NGROUPS; i++) {
        if (!groups[i].table->name)
            continue; /* a group with no subcommand yet */
        fprintf(f, "  %-12s %s\n", groups[i].name, groups[i].summary);
    }
    fprintf(f, "  %-12s %s\n", "help", "help on a command: w5 help COMMAND");
    fprintf(f, "  %-12s %s\n", "version", "print the version");
    fprintf(f, "\nRun 'w5 COMMAND --help' for a command's options; "
               "'man w5' for the manual.\n");
}

static void group_usage(const struct group *g, FILE *f)
{
    fprintf(f, "usage: w5 %s WHAT [ARGS]\n\n%s:\n", g->name, g->summary);
    for (const command *c = g->table; c->name; c++)
        fprintf(f, "  %-12s %s\n", c->name, c->summary);
    fprintf(f, "\nRun 'w5 %s WHAT --help' for the options.\n", g->name);
}

/* Runs `run` with argv = {name, "--help"}. */
static int run_help(const command *c)
{
    char help[] = "--help";
    char name[64];
    snprintf(name, sizeof name, "%s", c->name);
    char *argv[] = {name, help, NULL};
    return c->run(2, argv);
}

/* `w5 help [COMMAND [WHAT]]` */
static int help(int argc, char **argv)
{
    if (argc < 2) {
        usage(stdout);
        return CLI_OK;
    }
    const struct group *g = find_group(argv[1]);
    if (g) {
        const command *c = argc > 2 ? find(g->table, argv[2]) : NULL;
        if (argc > 2 && !c) {
            fprintf(stderr, "w5: unknown command '%s %s'\n", g->name, argv[2]);
            group_usage(g, stderr);
            return CLI_USAGE;
        }
        if (c)
            return run_help(c);
        group_usage(g, stdout);
        return CLI_OK;
    }
    const command *c = find(commands, argv[1]);
    if (!c) {
        fprintf(stderr, "w5: unknown command '%s'\n", argv[1]);
        usage(stderr);
        return CLI_USAGE;
    }
    return run_help(c);
}

static int run_group(const struct group *g, int argc, char **argv)
{
    if (argc < 2) {
        group_usage(g, stderr);
        return CLI_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        group_usage(g, stdout);
        return CLI_OK;
    }
    const command *c = find(g->table, argv[1]);
    if (!c) {
        fprintf(stderr, "w5: unknown command '%s %s'\n", g->name, argv[1]);
        group_usage(g, stderr);
        return CLI_USAGE;
    }
    return c->run(argc - 1, argv + 1);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return CLI_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0 ||
        strcmp(name, "-V") == 0) {
        printf("w5 %s\n", w5_version());
        return CLI_OK;
    }
    if (strcmp(name, "help") == 0 || strcmp(name, "--help") == 0 ||
        strcmp(name, "-h") == 0)
        return help(argc - 1, argv + 1);
    const struct group *g = find_group(name);
    if (g)
        return run_group(g, argc - 1, argv + 1);
    const command *c = find(commands, name);
    if (!c) {
        fprintf(stderr, "w5: unknown command '%s'\n", name);
        usage(stderr);
        return CLI_USAGE;
    }
    return c->run(argc - 1, argv + 1);
}
