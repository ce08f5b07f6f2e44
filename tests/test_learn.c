/* test_learn.c - the learning core: perceptron, compiled model, model files. */
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "check.h"
#include "learn/learn.h"

/* A toy task: class = which of three "words" the instance holds, with
 * noise features shared by every class. */
static void toy_instance(unsigned i, uint64_t feats[3], uint32_t *label)
{
    *label = i % 3;
    feats[0] = w5_hash_bytes("word", 4, *label + 1);
    feats[1] = w5_hash_bytes("bias", 4, 0);
    feats[2] = w5_hash_bytes("noise", 5, i % 7);
}

static w5_linear *train_toy(void)
{
    w5_ap *ap = w5_ap_new(3);
    for (int epoch = 0; epoch < 5; epoch++) {
        for (unsigned i = 0; i < 60; i++) {
            uint64_t feats[3];
            uint32_t label;
            float scores[3];
            toy_instance(i, feats, &label);
            w5_ap_score(ap, feats, 3, scores);
            uint32_t guess = w5_argmax(scores, 3, NULL);
            w5_ap_update(ap, feats, 3, label, guess, 1.0f);
            w5_ap_tick(ap);
        }
    }
    w5_linear *lin = NULL;
    w5_compile_opts opts = {0.0f, 0};
    CHECK(w5_ap_compile(ap, &opts, &lin) == 0, "compile");
    w5_ap_free(ap);
    return lin;
}

static unsigned accuracy(const w5_linear *lin)
{
    unsigned correct = 0;
    for (unsigned i = 0; i < 60; i++) {
        uint64_t feats[3];
        uint32_t label;
        float scores[3];
        toy_instance(i, feats, &label);
        w5_linear_score(lin, feats, 3, scores);
        correct += w5_argmax(scores, 3, NULL) == label;
    }
    return correct;
}

static void test_perceptron_learns(void)
{
    w5_linear *lin = train_toy();
    CHECK(lin && accuracy(lin) == 60, "accuracy %u/60", lin ? accuracy(lin) : 0);
    w5_linear_free(lin);
}

static void test_argmax_allowed(void)
{
    float scores[4] = {1, 5, 3, 2};
    unsigned char allowed = (1u << 0) | (1u << 2);
    CHECK(w5_argmax(scores, 4, NULL) == 1, "argmax");
    CHECK(w5_argmax(scores, 4, &allowed) == 2, "argmax allowed");
}

static char *save_toy(const w5_linear *lin, const char *stage, size_t *size)
{
    char path[] = "/tmp/w5-test-learn-XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    w5_mwriter *w = w5_mwriter_new(stage);
    const char *labels[] = {"A", "B", "C"};
    w5_error err;
    CHECK(w5_mwriter_add_strings(w, "labels", labels, 3) == 0, "strings");
    CHECK(w5_mwriter_add_linear(w, "toy", lin) == 0, "linear");
    CHECK(w5_mwriter_save(w, path, &err) == 0, "%s", err.message);
    w5_mwriter_free(w);
    char *data;
    CHECK(w5_read_file(path, &data, size, &err) == 0, "%s", err.message);
    /* The file itself also loads through mmap. */
    w5_mfile *mf = NULL;
    CHECK(w5_mfile_open(path, stage, &mf, &err) == 0, "%s", err.message);
    w5_mfile_close(mf);
    unlink(path);
    return data;
}

static void test_model_round_trip(void)
{
    w5_linear *lin = train_toy();
    size_t size;
    char *data = save_toy(lin, "toy", &size);
    w5_mfile *mf = NULL;
    w5_error err;
    CHECK(w5_mfile_from_buffer(data, size, "toy", &mf, &err) == 0, "%s", err.message);
    if (mf) {
        const char *labels[4];
        CHECK(w5_mfile_strings(mf, "labels", labels, 4) == 3, "labels");
        CHECK_STR(labels[2], "C");
        w5_linear *view = NULL;
        CHECK(w5_mfile_linear(mf, "toy", &view, &err) == 0, "%s", err.message);
        if (view) {
            CHECK(accuracy(view) == 60, "loaded model accuracy");
            for (unsigned i = 0; i < 10; i++) {
                uint64_t feats[3];
                uint32_t label;
                float a[3], b[3];
                toy_instance(i, feats, &label);
                w5_linear_score(lin, feats, 3, a);
                w5_linear_score(view, feats, 3, b);
                CHECK(memcmp(a, b, sizeof a) == 0, "scores differ after reload");
            }
        }
        w5_linear_free(view);
    }
    w5_mfile_close(mf);
    free(data);
    w5_linear_free(lin);
}

static void test_model_rejects_damage(void)
{
    w5_linear *lin = train_toy();
    size_t size;
    char *data = save_toy(lin, "toy", &size);
    w5_mfile *mf = NULL;
    w5_error err;
    /* Every truncation is refused. */
    for (size_t cut = 0; cut < size; cut += 1 + size / 97) {
        CHECK(w5_mfile_from_buffer(data, cut, "toy", &mf, &err) != 0, "cut %zu", cut);
        CHECK(mf == NULL, "no handle on failure");
    }
    /* Any flipped byte after the header breaks the checksum. */
    data[size - 1] ^= 0x40;
    CHECK(w5_mfile_from_buffer(data, size, "toy", &mf, &err) == W5_ERR_CHECKSUM, "flip: %s", err.message);
    data[size - 1] ^= 0x40;
    /* Wrong stage, wrong version, wrong magic. */
    CHECK(w5_mfile_from_buffer(data, size, "ner", &mf, &err) == W5_ERR_FORMAT, "stage");
    CHECK(strstr(err.message, "'toy'") != NULL, "message names stage: %s", err.message);
    data[8] = 99;
    CHECK(w5_mfile_from_buffer(data, size, "toy", &mf, &err) == W5_ERR_VERSION, "version");
    data[8] = 1;
    data[0] = 'X';
    CHECK(w5_mfile_from_buffer(data, size, "toy", &mf, &err) == W5_ERR_FORMAT, "magic");
    CHECK(w5_mfile_open("/nonexistent/model.w5m", "toy", &mf, &err) == W5_ERR_NOT_FOUND, "missing");
    CHECK(strstr(err.message, "/nonexistent/model.w5m") != NULL, "names file");
    free(data);
    w5_linear_free(lin);
}

static void test_pruning(void)
{
    w5_ap *ap = w5_ap_new(2);
    uint64_t common = 11, rare = 12;
    for (int i = 0; i < 10; i++) {
        w5_ap_update(ap, &common, 1, (uint32_t)(i % 2), (uint32_t)((i + 1) % 2), 1.0f);
        w5_ap_tick(ap);
    }
    w5_ap_update(ap, &rare, 1, 0, 1, 1.0f);
    w5_ap_tick(ap);
    CHECK(w5_ap_feature_count(ap) == 2, "features %zu", w5_ap_feature_count(ap));
    w5_linear *lin = NULL;
    w5_compile_opts opts = {0.0f, 2};
    CHECK(w5_ap_compile(ap, &opts, &lin) == 0, "compile");
    CHECK(lin && w5_linear_feature_count(lin) == 1, "rare feature pruned");
    w5_linear_free(lin);
    w5_ap_free(ap);
}

/* The mean of two perceptrons: a feature only one of them has counts
 * half; one model alone compiles as w5_ap_compile does. */
static void test_compile_mean(void)
{
    w5_ap *a = w5_ap_new(2), *b = w5_ap_new(2);
    uint64_t shared = 21, only_a = 22;
    w5_ap_update(a, &shared, 1, 0, 1, 1.0f);
    w5_ap_update(a, &only_a, 1, 0, 1, 1.0f);
    w5_ap_tick(a);
    w5_ap_update(b, &shared, 1, 0, 1, 1.0f);
    w5_ap_tick(b);
    w5_linear *mean = NULL, *one = NULL, *single = NULL;
    const w5_ap *both[2] = {a, b};
    CHECK(w5_ap_compile_mean(both, 2, NULL, &mean) == 0, "compile mean");
    CHECK(mean && w5_linear_feature_count(mean) == 2, "union of features");
    float s_shared[2], s_only[2];
    w5_linear_score(mean, &shared, 1, s_shared);
    w5_linear_score(mean, &only_a, 1, s_only);
    CHECK(s_shared[0] > 0 && s_shared[1] < 0, "shared %g %g", s_shared[0], s_shared[1]);
    CHECK(s_only[0] > 0.4f * s_shared[0] && s_only[0] < 0.6f * s_shared[0],
          "half weight: %g vs %g", s_only[0], s_shared[0]);
    /* pruning counts the mean number of updates: only_a has 1 of 2 */
    w5_compile_opts opts = {0.0f, 1};
    w5_linear_free(mean);
    CHECK(w5_ap_compile_mean(both, 2, &opts, &mean) == 0, "compile pruned");
    CHECK(mean && w5_linear_feature_count(mean) == 1, "rare feature pruned");
    CHECK(w5_ap_compile_mean(both, 1, NULL, &one) == 0 &&
          w5_ap_compile(a, NULL, &single) == 0, "compile one");
    CHECK(one && single && w5_linear_feature_count(one) == w5_linear_feature_count(single),
          "one model alone");
    w5_linear_free(mean);
    w5_linear_free(one);
    w5_linear_free(single);
    w5_ap_free(a);
    w5_ap_free(b);
}

int main(void)
{
    RUN(test_perceptron_learns);
    RUN(test_argmax_allowed);
    RUN(test_model_round_trip);
    RUN(test_model_rejects_damage);
    RUN(test_pruning);
    RUN(test_compile_mean);
    return check_summary();
}
