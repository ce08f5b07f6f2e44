/* test_pipeline.c - opening pipelines: missing models are errors that name
 * the file, the shipped models load, and one pipeline serves threads. */
#include <pthread.h>

#include "check.h"
#include "w5.h"

static void test_missing_models_named(void)
{
    w5_options opts = w5_default_options();
    opts.model_dir = "/nonexistent/w5-models";
    w5_pipeline *pipe = (w5_pipeline *)1;
    w5_error err;
    CHECK(w5_pipeline_open(&opts, &pipe, &err) == W5_ERR_NOT_FOUND, "code %d", err.code);
    CHECK(pipe == NULL, "no pipeline on failure");
    CHECK(strstr(err.message, "/nonexistent/w5-models/") != NULL, "names the file: %s", err.message);
    opts.stages = W5_STAGE_EVENTS;
    CHECK(w5_pipeline_open(&opts, &pipe, &err) == W5_ERR_NOT_FOUND, "events alone");
    CHECK(strstr(err.message, ".w5m") != NULL, "%s", err.message);
}

static void test_stage_not_loaded(void)
{
    w5_options opts = w5_default_options();
    opts.model_dir = W5_MODEL_DIR;
    opts.stages = W5_STAGE_TAGS;
    w5_pipeline *pipe = NULL;
    w5_error err;
    if (w5_pipeline_open(&opts, &pipe, &err) != W5_OK) {
        fprintf(stderr, "  (skipped: %s)\n", err.message);
        return;
    }
    w5_doc *doc;
    w5_doc_new("Kerry met Karzai.", 17, &doc, &err);
    CHECK(w5_analyze(pipe, doc, W5_STAGE_TAGS, &err) == W5_OK, "%s", err.message);
    CHECK(w5_analyze(pipe, doc, W5_STAGE_QUOTES, &err) == W5_ERR_STATE, "quotes were not loaded");
    w5_doc_free(doc);
    w5_pipeline_free(pipe);
}

/* Inputs the fuzzers found or that sit on edges: every stage must give a
 * result (ASan in `make asan` checks the reads). */
static void test_odd_inputs_through_every_stage(void)
{
    static const char *const inputs[] = {
        "\":\"x\",\"datez:\"April\"}", /* a colon first: quotes read unit -1 */
        ":", "\"", "\u201c", "- - -", "A: B", "He said:", "\"Yes,\" he said.",
        "Kerry", ".\n\n.\n\n.", "\xff\xfe\x00 said \"x\"", NULL};
    w5_options opts = w5_default_options();
    opts.model_dir = W5_MODEL_DIR;
    w5_pipeline *pipe = NULL;
    w5_error err;
    if (w5_pipeline_open(&opts, &pipe, &err) != W5_OK) {
        fprintf(stderr, "  (skipped: %s)\n", err.message);
        return;
    }
    for (int i = 0; inputs[i]; i++) {
        w5_doc *doc;
        size_t len = strlen(inputs[i]);
        char *copy = check_exact_copy(inputs[i], len);
        CHECK(w5_doc_new(copy, len, &doc, &err) == W5_OK, "%s", err.message);
        CHECK(w5_analyze(pipe, doc, W5_STAGE_ALL, &err) == W5_OK, "input %d: %s", i, err.message);
        w5_doc_free(doc);
        free(copy);
    }
    w5_pipeline_free(pipe);
}

typedef struct job {
    const w5_pipeline *pipe;
    size_t mentions;
    int rc;
} job;

static void *analyze_in_thread(void *arg)
{
    job *j = arg;
    static const char text[] =
        "Afghan President Hamid Karzai met Pakistani army chief Gen Ashfaq Kayani "
        "in Brussels on Wednesday. \"We made progress,\" Kerry told reporters.";
    for (int round = 0; round < 20 && !j->rc; round++) {
        w5_doc *doc;
        w5_error err;
        j->rc = w5_doc_new(text, sizeof text - 1, &doc, &err);
        if (!j->rc)
            j->rc = w5_analyze(j->pipe, doc, W5_STAGE_ALL, &err);
        j->mentions = w5_doc_mention_count(doc);
        w5_doc_free(doc);
    }
    return NULL;
}

static void test_one_pipeline_many_threads(void)
{
    w5_options opts = w5_default_options();
    opts.model_dir = W5_MODEL_DIR;
    w5_pipeline *pipe = NULL;
    w5_error err;
    if (w5_pipeline_open(&opts, &pipe, &err) != W5_OK) {
        fprintf(stderr, "  (skipped: %s)\n", err.message);
        return;
    }
    job jobs[4];
    pthread_t threads[4];
    for (int i = 0; i < 4; i++) {
        jobs[i] = (job){pipe, 0, 0};
        pthread_create(&threads[i], NULL, analyze_in_thread, &jobs[i]);
    }
    for (int i = 0; i < 4; i++)
        pthread_join(threads[i], NULL);
    for (int i = 0; i < 4; i++) {
        CHECK(jobs[i].rc == 0, "thread %d failed", i);
        CHECK(jobs[i].mentions == jobs[0].mentions && jobs[i].mentions > 3,
              "thread %d found %zu mentions, thread 0 %zu", i, jobs[i].mentions, jobs[0].mentions);
    }
    w5_pipeline_free(pipe);
}

int main(void)
{
    RUN(test_missing_models_named);
    RUN(test_stage_not_loaded);
    RUN(test_odd_inputs_through_every_stage);
    RUN(test_one_pipeline_many_threads);
    return check_summary();
}
