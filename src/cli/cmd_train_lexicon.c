/*
 * cmd_train_lexicon.c - `w5 train lexicon`: compiles the name lists of the
 * data kit (gazetteers, PETRARCH actor dictionaries) into lexicon.w5m and
 * checks the result by loading it back.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "lexicon/lexicon.h"

static void train_lexicon_usage(FILE *f)
{
    fprintf(f,
            "usage: w5 train lexicon [--data DIR] [--out FILE]\n\n"
            "Compiles first names (with gender), surnames, countries, demonyms,\n"
            "cities, admin1 divisions, regions, languages, CAMEO organisations\n"
            "and leaders into one lexicon file.\n\n"
            "  --data DIR   the data kit (default ../shared/data)\n"
            "  --out FILE   the lexicon to write (default models/lexicon.w5m)\n");
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

int cmd_train_lexicon(int argc, char **argv)
{
    const char *data = "../shared/data", *out = "models/lexicon.w5m";
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            train_lexicon_usage(stdout);
            return CLI_OK;
        } else if (strcmp(argv[i], "--data") == 0 && i + 1 < argc) {
            data = argv[++i];
        } else if (strcmp(argv[i], "--out") == 0 && i + 1 < argc) {
            out = argv[++i];
        } else {
            fprintf(stderr, "w5 train lexicon: unknown option '%s'\n", argv[i]);
            train_lexicon_usage(stderr);
            return CLI_USAGE;
        }
    }
    w5_error err;
    w5_lexicon_build_stats st;
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (w5_lexicon_build(data, out, &st, &err)) {
        fprintf(stderr, "w5 train lexicon: %s\n", err.message);
        return CLI_FAILED;
    }
    double build_s = seconds_since(&t0);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    w5_lexicon *lex = NULL;
    if (w5_lexicon_load(out, &lex, &err)) {
        fprintf(stderr, "w5 train lexicon: reloading %s: %s\n", out, err.message);
        return CLI_FAILED;
    }
    double load_ms = seconds_since(&t0) * 1000.0;
    printf("lexicon: %zu phrases (first names %zu, surnames %zu, countries %zu, "
           "demonyms %zu, cities %zu, admin1 %zu, regions %zu, languages %zu, "
           "organisations %zu, people %zu, groups %zu), longest %d words\n",
           st.phrases, st.first_names, st.surnames, st.countries, st.demonyms,
           st.cities, st.admin1, st.regions, st.languages, st.orgs, st.persons,
           st.groups, w5_lexicon_max_words(lex));
    printf("wrote %s: about %.1f MB in %.2f s; reload %.2f ms\n", out,
           (double)st.bytes / 1e6, build_s, load_ms);
    w5_lexicon_free(lex);
    return CLI_OK;
}
