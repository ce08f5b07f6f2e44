/*
 * bench/segment - the text layer alone (tokens + sentences) on one thread.
 * Reads the Wikinews text of the data kit, repeats it in memory to at
 * least 50 MB, runs w5_analyze(NULL, doc, W5_STAGE_SENTENCES) on it and
 * prints MB/s, tokens/s and peak RSS; then the same with the learned
 * boundary model (models/segment.w5m) when it is there, as a pipeline
 * runs it. Usage: segment DATA_DIR [ROUNDS] (default 3 rounds; the best
 * round is reported). Without the data it prints a message and exits 0.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "doc/doc.h"
#include "text/text.h"
#include "util/util.h"
#include "w5.h"

#ifndef W5_MODEL_DIR
#define W5_MODEL_DIR "models"
#endif

static double clock_secs(clockid_t id)
{
    struct timespec t;
    clock_gettime(id, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    const char *data = argc > 1 ? argv[1] : "../shared/data";
    int rounds = argc > 2 ? atoi(argv[2]) : 3;
    char path[4096];
    snprintf(path, sizeof path, "%s/corpus/wikinews/wikinews_2019-2021.txt", data);
    char *one;
    size_t one_len;
    if (w5_read_file(path, &one, &one_len, NULL) || one_len == 0) {
        printf("segment: %s not found: skipped\n", path);
        return 0;
    }
    const size_t target = 50u << 20;
    size_t copies = (target + one_len - 1) / one_len, len = copies * one_len;
    char *text = malloc(len);
    if (!text) {
        fprintf(stderr, "segment: out of memory\n");
        return 1;
    }
    for (size_t c = 0; c < copies; c++) {
        memcpy(text + c * one_len, one, one_len);
        text[c * one_len + one_len - 1] = '\n'; /* keep copies apart */
    }
    free(one);
    w5_boundary_model *model = NULL;
    w5_error err;
    if (w5_boundary_model_load(W5_MODEL_DIR "/segment.w5m", &model, &err))
        model = NULL;
    for (int pass = 0; pass < (model ? 2 : 1); pass++) {
        const w5_boundary_model *m = pass ? model : NULL;
        double best = 1e30, best_cpu = 1e30;
        size_t tokens = 0, sentences = 0;
        for (int r = 0; r < (rounds > 0 ? rounds : 1); r++) {
            w5_doc *doc;
            if (w5_doc_new(text, len, &doc, &err)) {
                fprintf(stderr, "segment: %s\n", err.message);
                return 1;
            }
            double t0 = clock_secs(CLOCK_MONOTONIC);
            double c0 = clock_secs(CLOCK_PROCESS_CPUTIME_ID);
            if (w5_text_tokenize(doc, &err) ||
                w5_text_split_sentences_model(doc, m, &err)) {
                fprintf(stderr, "segment: %s\n", err.message);
                return 1;
            }
            double secs = clock_secs(CLOCK_MONOTONIC) - t0;
            double cpu = clock_secs(CLOCK_PROCESS_CPUTIME_ID) - c0;
            if (secs < best)
                best = secs;
            if (cpu < best_cpu)
                best_cpu = cpu;
            tokens = doc->toks.n;
            sentences = doc->sents.n;
            w5_doc_free(doc);
        }
        printf("segment (%s): %.1f MB, %zu tokens, %zu sentences, best of %d:"
               " %.3f s (%.3f s CPU)\n", m ? "rules + model" : "rules",
               len / 1e6, tokens, sentences, rounds, best, best_cpu);
        printf("segment: %.1f MB/s, %.0f tokens/s, one thread (wall clock)\n",
               len / 1e6 / best, tokens / best);
        printf("segment: %.1f MB/s, %.0f tokens/s of CPU time (a busy machine"
               " slows\n         the wall clock, not this)\n",
               len / 1e6 / best_cpu, tokens / best_cpu);
    }
    w5_boundary_model_free(model);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("segment: peak RSS %.1f MB\n", ru.ru_maxrss / 1024.0);
    free(text);
    return 0;
}
