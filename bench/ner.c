/*
 * bench/ner.c - NER speed: loads models/ner.w5m (timing the load), turns
 * the CoNLL-2003 dev set into plain-text documents and tokenizes them
 * first, then times only the tagging (w5_ner_run) on one thread.
 * Prints load time, tokens/s (wall clock and per CPU second) and peak
 * RSS; accuracy is `w5 eval ner`'s business.
 *
 *   build/bench/ner DATA_DIR    (DATA_DIR = ../shared/data)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "input/conll.h"
#include "ner/ner.h"
#include "text/text.h"

static double clock_seconds(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double now(void)
{
    return clock_seconds(CLOCK_MONOTONIC);
}

/* Joins the tokens of each CoNLL document with spaces, one sentence per
 * line. */
static int make_docs(const w5_conll *c, w5_doc ***docs_out, size_t *ndocs)
{
    W5_VEC(w5_doc *) docs = {0};
    W5_VEC(char) buf = {0};
    for (size_t k = 0; k <= c->lines.n; k++) {
        int end_doc = k == c->lines.n || c->lines.v[k].kind == W5_CONLL_DOCSTART;
        if (end_doc && buf.n) {
            w5_doc *doc;
            w5_error err;
            if (w5_doc_new(buf.v, buf.n, &doc, &err) || w5_vec_push(&docs, doc))
                return -1;
            buf.n = 0;
        }
        if (k == c->lines.n)
            break;
        const w5_conll_line *l = &c->lines.v[k];
        if (l->kind == W5_CONLL_BLANK && buf.n) {
            if (w5_vec_push(&buf, '\n'))
                return -1;
        } else if (l->kind == W5_CONLL_TOKEN) {
            size_t n = l->word_end - l->word_start;
            if (w5_vec_reserve(&buf, buf.n + n + 1))
                return -1;
            memcpy(buf.v + buf.n, c->text + l->word_start, n);
            buf.n += n;
            buf.v[buf.n++] = ' ';
        }
    }
    free(buf.v);
    *docs_out = docs.v;
    *ndocs = docs.n;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s DATA_DIR\n", argv[0]);
        return 2;
    }
    char path[4096];
    const char *dir = getenv("W5_MODEL_DIR");
    snprintf(path, sizeof path, "%s/ner.w5m", dir && *dir ? dir : W5_MODEL_DIR);
    w5_error err;
    w5_ner_model *model = NULL;
    w5_lexicon *lex = NULL;
    double t0 = now();
    if (w5_ner_load(path, &model, &err)) {
        fprintf(stderr, "bench/ner: %s\n", err.message);
        return 1;
    }
    double load_ms = (now() - t0) * 1000;
    char lpath[4096];
    snprintf(lpath, sizeof lpath, "%s/lexicon.w5m", dir && *dir ? dir : W5_MODEL_DIR);
    double t1 = now();
    if (w5_ner_uses_lexicon(model) && w5_lexicon_load(lpath, &lex, &err))
        lex = NULL;
    double lex_ms = (now() - t1) * 1000;
    snprintf(path, sizeof path, "%s/conll2003/dev.txt", argv[1]);
    w5_conll c;
    if (w5_conll_read(path, &c, &err)) {
        fprintf(stderr, "bench/ner: %s (skipped)\n", err.message);
        w5_ner_free(model);
        w5_lexicon_free(lex);
        return 0;
    }
    w5_doc **docs;
    size_t ndocs, ntok = 0;
    if (make_docs(&c, &docs, &ndocs)) {
        fprintf(stderr, "bench/ner: out of memory\n");
        return 1;
    }
    for (size_t d = 0; d < ndocs; d++) {
        if (w5_analyze(NULL, docs[d], W5_STAGE_TOKENS | W5_STAGE_SENTENCES, &err)) {
            fprintf(stderr, "bench/ner: %s\n", err.message);
            return 1;
        }
        ntok += docs[d]->toks.n;
    }
    size_t tagged = 0, mentions = 0;
    double start = now(), elapsed = 0, cpu0 = clock_seconds(CLOCK_THREAD_CPUTIME_ID);
    int reps = 0;
    double best = 1e30; /* the fastest pass: the least disturbed by other work */
    while (elapsed < 2.0 || reps < 2) {
        double pass0 = clock_seconds(CLOCK_THREAD_CPUTIME_ID);
        for (size_t d = 0; d < ndocs; d++) {
            docs[d]->ments.n = 0;
            if (w5_ner_run(model, lex, docs[d], &err)) {
                fprintf(stderr, "bench/ner: %s\n", err.message);
                return 1;
            }
            mentions += docs[d]->ments.n;
        }
        double pass = clock_seconds(CLOCK_THREAD_CPUTIME_ID) - pass0;
        if (pass < best)
            best = pass;
        tagged += ntok;
        reps++;
        elapsed = now() - start;
    }
    double cpu = clock_seconds(CLOCK_THREAD_CPUTIME_ID) - cpu0;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("ner: model load %.1f ms, lexicon load %.1f ms (%s)\n", load_ms, lex_ms,
           lex ? "used" : "not used");
    printf("ner: %zu documents, %zu tokens x %d passes, %zu mentions per pass\n", ndocs,
           ntok, reps, mentions / (size_t)reps);
    printf("ner: %.0f tokens/s (one thread, tagging only, wall clock)\n",
           (double)tagged / elapsed);
    printf("ner: %.0f tokens/s of CPU time (the same on a machine shared with other "
           "work)\n", (double)tagged / cpu);
    printf("ner: %.0f tokens/s of CPU time in the fastest pass\n", (double)ntok / best);
    printf("ner: peak RSS %.1f MB\n", (double)ru.ru_maxrss / 1024.0);
    for (size_t d = 0; d < ndocs; d++)
        w5_doc_free(docs[d]);
    free(docs);
    w5_conll_free(&c);
    w5_lexicon_free(lex);
    w5_ner_free(model);
    return 0;
}
