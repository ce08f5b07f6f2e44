/*
 * bench/syntax - tagging and parsing speed on one thread: the gold words
 * of the UD English dev sets (EWT, GUM) tagged, then parsed, again and
 * again for about two seconds each of this thread's CPU time (wall time
 * misleads on a shared, loaded machine). Prints tokens/s, model load
 * time, model sizes and peak RSS. When the model folder has
 * parser-beam.w5m, parsing with it at the width it was trained for is
 * timed too, the graph parser alone when it has parser-graph.w5m, the
 * reparsing ensemble when it has parser-r2l.w5m, and tagging with the
 * neural tagger when it has tagger-nn.w5m.
 * Usage: syntax DATA_DIR [MODEL_DIR]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "syntax/syntax.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

/* Parses the sentences of tb again and again for about two seconds of
 * CPU time; returns tokens/s. */
static double parse_speed(const w5_parser *ps, const w5_treebank *tb,
                          const w5_span *sp, const uint8_t *up,
                          const uint8_t *xp, int32_t *heads, uint8_t *dr)
{
    double secs = 0;
    size_t parsed = 0;
    while (secs < 2.0) {
        double t0 = now();
        for (size_t s = 0; s < tb->sents.n; s++) {
            const w5_tb_sent *st = &tb->sents.v[s];
            size_t b = st->word_begin;
            w5_parser_parse(ps, sp + b, up + b, xp + b, st->word_end - b,
                            heads + b, dr + b);
        }
        secs += now() - t0;
        parsed += tb->words.n;
    }
    return (double)parsed / secs;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: syntax DATA_DIR [MODEL_DIR]\n");
        return 2;
    }
    const char *models = argc > 2 ? argv[2] : W5_MODEL_DIR;
    char tpath[4096], ppath[4096], path[4096];
    snprintf(tpath, sizeof tpath, "%s/tagger.w5m", models);
    snprintf(ppath, sizeof ppath, "%s/parser.w5m", models);
    w5_error err;
    w5_tagger *tg = NULL;
    w5_parser *ps = NULL;
    double t0 = now();
    if (w5_tagger_load(tpath, &tg, &err) || w5_parser_load(ppath, &ps, &err)) {
        fprintf(stderr, "syntax: %s\n", err.message);
        return 1;
    }
    double load_ms = (now() - t0) * 1000;
    w5_treebank tb;
    w5_treebank_init(&tb);
    const char *files[] = {"ud/en_ewt/en_ewt-ud-dev.conllu", "ud/en_gum/en_gum-ud-dev.conllu"};
    for (int i = 0; i < 2; i++) {
        snprintf(path, sizeof path, "%s/%s", argv[1], files[i]);
        if (w5_treebank_read(&tb, path, 0, &err)) {
            fprintf(stderr, "syntax: %s\n", err.message);
            return 1;
        }
    }
    size_t n = tb.words.n;
    w5_span *sp = malloc((n + 1) * sizeof *sp);
    uint8_t *tags = malloc(3 * n + 3);
    int32_t *heads = malloc((n + 1) * sizeof *heads);
    if (!sp || !tags || !heads)
        return 1;
    for (size_t i = 0; i < n; i++) {
        sp[i].s = w5_tb_str(&tb, tb.words.v[i].form);
        sp[i].len = (uint32_t)strlen(sp[i].s);
    }
    uint8_t *xp = tags, *up = tags + n, *dr = tags + 2 * n;
    double tag_s = 0, parse_s = 0;
    double tag_best = 1e30; /* the fastest pass: the least disturbed by other work */
    size_t tagged = 0, parsed = 0, lemma_bytes = 0;
    char lemma[256];
    while (tag_s < 2.0) {
        t0 = now();
        for (size_t s = 0; s < tb.sents.n; s++) {
            const w5_tb_sent *st = &tb.sents.v[s];
            w5_tagger_tag(tg, sp + st->word_begin, st->word_end - st->word_begin,
                          xp + st->word_begin, up + st->word_begin);
            for (size_t i = st->word_begin; i < st->word_end; i++)
                lemma_bytes += w5_tagger_lemma(tg, sp[i].s, sp[i].len, xp[i],
                                               lemma, sizeof lemma);
        }
        double pass = now() - t0;
        tag_best = pass < tag_best ? pass : tag_best;
        tag_s += pass;
        tagged += n;
    }
    while (parse_s < 2.0) {
        t0 = now();
        for (size_t s = 0; s < tb.sents.n; s++) {
            const w5_tb_sent *st = &tb.sents.v[s];
            size_t b = st->word_begin;
            w5_parser_parse(ps, sp + b, up + b, xp + b, st->word_end - b,
                            heads + b, dr + b);
        }
        parse_s += now() - t0;
        parsed += n;
    }
    /* the beam model, when there is one */
    char bpath[4096];
    snprintf(bpath, sizeof bpath, "%s/parser-beam.w5m", models);
    w5_parser *bps = NULL;
    double beam_s = 0;
    size_t beamed = 0;
    if (file_size(bpath) > 0 && w5_parser_load(bpath, &bps, &err) == 0) {
        while (beam_s < 2.0) {
            t0 = now();
            for (size_t s = 0; s < tb.sents.n; s++) {
                const w5_tb_sent *st = &tb.sents.v[s];
                size_t b = st->word_begin;
                w5_parser_parse(bps, sp + b, up + b, xp + b, st->word_end - b,
                                heads + b, dr + b);
            }
            beam_s += now() - t0;
            beamed += n;
        }
    }
    /* the graph parser, when there is one */
    char gpath[4096];
    snprintf(gpath, sizeof gpath, "%s/parser-graph.w5m", models);
    w5_parser *gps = NULL;
    double graph_rate = 0;
    if (file_size(gpath) > 0 && w5_parser_load(gpath, &gps, &err) == 0)
        graph_rate = parse_speed(gps, &tb, sp, up, xp, heads, dr);
    /* the reparsing ensemble, when its right-to-left member is there */
    char rpath[4096];
    snprintf(rpath, sizeof rpath, "%s/parser-r2l.w5m", models);
    w5_parser *eps = NULL;
    double ens_rate = 0;
    if (file_size(rpath) > 0 && w5_parser_load_ensemble(models, 0, &eps, &err) == 0)
        ens_rate = parse_speed(eps, &tb, sp, up, xp, heads, dr);
    /* the neural tagger, when there is one (a second tagger, so that the
     * default one is timed alone above) */
    char npath[4096];
    snprintf(npath, sizeof npath, "%s/tagger-nn.w5m", models);
    w5_tagger *ntg = NULL;
    double nn_s = 0;
    size_t nn_tagged = 0;
    if (file_size(npath) > 0 && w5_tagger_load(tpath, &ntg, &err) == 0 &&
        w5_tagger_attach_nn(ntg, npath, &err) == 0) {
        while (nn_s < 2.0) {
            t0 = now();
            for (size_t s = 0; s < tb.sents.n; s++) {
                const w5_tb_sent *st = &tb.sents.v[s];
                w5_tagger_tag(ntg, sp + st->word_begin, st->word_end - st->word_begin,
                              xp + st->word_begin, up + st->word_begin);
            }
            nn_s += now() - t0;
            nn_tagged += n;
        }
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("syntax: %zu words (%zu sentences) of EWT+GUM dev\n", n, tb.sents.n);
    printf("models: tagger %.1f MB, parser %.1f MB, loaded in %.1f ms\n",
           (double)file_size(tpath) / 1e6, (double)file_size(ppath) / 1e6, load_ms);
    printf("tagging: %.0f tokens/s (XPOS, UPOS and lemma; %zu lemma bytes)\n",
           (double)tagged / tag_s, lemma_bytes);
    printf("tagging: %.0f tokens/s in the fastest pass\n", (double)n / tag_best);
    printf("parsing: %.0f tokens/s\n", (double)parsed / parse_s);
    if (bps)
        printf("parsing with parser-beam.w5m (%.1f MB), beam %d: %.0f tokens/s\n",
               (double)file_size(bpath) / 1e6, w5_parser_beam(bps),
               (double)beamed / beam_s);
    if (gps)
        printf("parsing with parser-graph.w5m (%.1f MB): %.0f tokens/s\n",
               (double)file_size(gpath) / 1e6, graph_rate);
    if (eps)
        printf("parsing with the ensemble (parser-r2l.w5m %.1f MB): %.0f tokens/s\n",
               (double)file_size(rpath) / 1e6, ens_rate);
    if (nn_tagged)
        printf("tagging with tagger-nn.w5m (%.1f MB): %.0f tokens/s (XPOS, UPOS)\n",
               (double)file_size(npath) / 1e6, (double)nn_tagged / nn_s);
    printf("peak RSS: %.1f MB\n", (double)ru.ru_maxrss / 1024.0);
    free(sp);
    free(tags);
    free(heads);
    w5_treebank_free(&tb);
    w5_tagger_free(tg);
    w5_tagger_free(ntg);
    w5_parser_free(ps);
    w5_parser_free(bps);
    w5_parser_free(eps);
    w5_parser_free(gps);
    return 0;
}
