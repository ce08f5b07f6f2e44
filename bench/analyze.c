/*
 * bench/analyze - the whole pipeline (w5_analyze with every stage) on the
 * Wikinews articles of the data kit, one thread. Prints documents/s,
 * tokens/s, model load time and peak RSS. Usage: analyze DATA_DIR [ROUNDS
 * [BEAM [ENSEMBLE]]] (each round analyses all 295 articles; default 3;
 * BEAM > 0 parses with parser-beam.w5m and that beam,
 * w5_options.parser_beam; ENSEMBLE 1 with the reparsing ensemble,
 * w5_options.parser_ensemble).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "util/util.h"
#include "w5.h"

static double clock_seconds(clockid_t clock)
{
    struct timespec t;
    clock_gettime(clock, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double now(void) { return clock_seconds(CLOCK_MONOTONIC); }

/* CPU time of this process: the figure to compare on a busy machine. */
static double cpu_now(void) { return clock_seconds(CLOCK_PROCESS_CPUTIME_ID); }

typedef struct article {
    char *text, date[16];
    size_t len;
} article;

/* Reads articles/wnNNNN.txt with their dates from index.tsv. */
static size_t read_articles(const char *data, article **out)
{
    char path[4096], line[8192];
    snprintf(path, sizeof path, "%s/corpus/wikinews/index.tsv", data);
    FILE *index = fopen(path, "r");
    if (!index)
        return 0;
    W5_VEC(article) arts = {0};
    while (fgets(line, sizeof line, index)) {
        char id[64], date[16];
        if (sscanf(line, "%63[^\t]\t%15[^\t]", id, date) != 2 || strcmp(id, "id") == 0)
            continue;
        article a = {0};
        snprintf(path, sizeof path, "%s/corpus/wikinews/articles/%s.txt", data, id);
        if (w5_read_file(path, &a.text, &a.len, NULL))
            continue;
        snprintf(a.date, sizeof a.date, "%s", date);
        if (w5_vec_push(&arts, a))
            free(a.text);
    }
    fclose(index);
    *out = arts.v;
    return arts.n;
}

int main(int argc, char **argv)
{
    const char *data = argc > 1 ? argv[1] : "../shared/data";
    int rounds = argc > 2 ? atoi(argv[2]) : 3;
    w5_options opts = w5_default_options();
    opts.parser_beam = argc > 3 ? atoi(argv[3]) : 0;
    opts.parser_ensemble = argc > 4 ? atoi(argv[4]) : 0;
    article *arts = NULL;
    size_t n = read_articles(data, &arts);
    if (!n) {
        printf("analyze: no Wikinews articles under %s/corpus/wikinews: skipped\n", data);
        return 0;
    }
    w5_error err;
    w5_pipeline *pipe = NULL;
    double t0 = now();
    if (w5_pipeline_open(&opts, &pipe, &err)) {
        fprintf(stderr, "analyze: %s\n", err.message);
        return 1;
    }
    double load_ms = (now() - t0) * 1000;
    size_t tokens = 0, bytes = 0, docs = 0, mentions = 0, quotes = 0, events = 0;
    unsigned ran = 0;
    t0 = now();
    double cpu0 = cpu_now();
    for (int r = 0; r < rounds; r++) {
        for (size_t i = 0; i < n; i++) {
            w5_doc *doc;
            if (w5_doc_new(arts[i].text, arts[i].len, &doc, &err))
                return 1;
            w5_doc_set_meta(doc, W5_META_DATE, arts[i].date, NULL);
            if (w5_analyze(pipe, doc, W5_STAGE_ALL, &err)) {
                fprintf(stderr, "analyze: %s\n", err.message);
                return 1;
            }
            tokens += w5_doc_token_count(doc);
            mentions += w5_doc_mention_count(doc);
            quotes += w5_doc_quote_count(doc);
            events += w5_doc_event_count(doc);
            bytes += arts[i].len;
            docs++;
            ran = w5_doc_stages(doc);
            w5_doc_free(doc);
        }
    }
    double secs = now() - t0;
    double cpu_secs = cpu_now() - cpu0;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("analyze: %zu documents, %zu tokens, %.1f MB in %.2f s (stages run: 0x%x)\n", docs,
           tokens, bytes / 1e6, secs, ran);
    printf("analyze: %.0f tokens/s, %.1f documents/s, %.2f MB/s, one thread\n", tokens / secs,
           docs / secs, bytes / 1e6 / secs);
    printf("analyze: CPU %.2f s = %.0f tokens/s (one thread; compare this on a busy machine)\n",
           cpu_secs, tokens / cpu_secs);
    printf("analyze: %zu mentions, %zu quotes, %zu events found\n", mentions, quotes, events);
    printf("analyze: model load %.1f ms, peak RSS %.1f MB\n", load_ms, ru.ru_maxrss / 1024.0);
    w5_pipeline_free(pipe);
    for (size_t i = 0; i < n; i++)
        free(arts[i].text);
    free(arts);
    return 0;
}
