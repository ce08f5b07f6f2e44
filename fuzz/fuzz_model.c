/*
 * fuzz_model.c - libFuzzer target for the model-file loader and the NER
 * model built on it. Each input is tried twice: as given (almost always
 * stopped by the checksum) and with its header's size and checksum
 * recomputed, so mutations reach the section table, the sections and the
 * NER model's own checks. Whatever loads must tag a sentence with
 * well-formed BILOU spans (abort() otherwise). Seed: fuzz/seeds/model-ner.w5m.
 * Inputs whose header names the stage "morph" (seed:
 * fuzz/seeds/model-morph.w5m) go to the FEATS model instead, which must
 * give every word of a sentence a class it has (abort() otherwise); the
 * stage "tagger-nn" to the neural tagger, either kind (seeds
 * fuzz/seeds/model-tagger-nn.w5m, the window network, and
 * model-tagger-lstm.w5m, a BiLSTM of 8 units), whose log-probabilities
 * must be finite and at most 0; the stage "parser" to the dependency parser
 * (w5_parser_from_buffer), which must give one tree (seeds:
 * fuzz/seeds/model-parser.w5m, greedy with clusters, and
 * model-parser-beam.w5m, beam 4, right to left).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "learn/learn.h"
#include "ner/ner.h"
#include "syntax/morph.h"
#include "syntax/syntax.h"
#include "syntax/syntax_int.h"
#include "syntax/tagger_nn.h"

/* Three words of made-up hashes through a neural tagger network. */
static void try_tagger_nn(const uint8_t *data, size_t size)
{
    w5_error err;
    w5_mfile *mf = NULL;
    w5_tagnn *nn = NULL;
    if (w5_mfile_from_buffer(data, size, "tagger-nn", &mf, &err))
        return;
    if (w5_tagnn_from_mfile(mf, &nn, &err)) {
        w5_mfile_close(mf);
        return;
    }
    enum { N = 3 };
    w5_tword tw[N];
    memset(tw, 0, sizeof tw);
    for (int i = 0; i < N; i++)
        tw[i].w = tw[i].lw = 0x9E3779B97F4A7C15ull * (uint64_t)(i + 1);
    float lpx[N * W5_XPOS_COUNT], lpu[N * W5_UPOS_COUNT];
    float *scratch = malloc(w5_tagnn_scratch(nn, N) * sizeof *scratch + 1);
    if (scratch) {
        w5_tagnn_logprobs(nn, tw, N, lpx, lpu, scratch);
        for (int i = 0; i < N * W5_XPOS_COUNT; i++)
            if (!(lpx[i] <= 0.0f))      /* NaN fails too */
                abort();
        for (int i = 0; i < N * W5_UPOS_COUNT; i++)
            if (!(lpu[i] <= 0.0f))
                abort();
    }
    free(scratch);
    w5_tagnn_free(nn);          /* closes mf */
}

/* 1 when heads (n words, -1 = root) form one tree and every relation is
 * one of the table. */
static int is_tree(const int32_t *heads, const uint8_t *rels, size_t n)
{
    size_t roots = 0;
    for (size_t i = 0; i < n; i++) {
        if (rels[i] >= W5_DEPREL_COUNT || heads[i] < -1 || heads[i] >= (int32_t)n ||
            heads[i] == (int32_t)i)
            return 0;
        roots += heads[i] == -1;
        int32_t h = heads[i];
        for (size_t steps = 0; h >= 0; steps++, h = heads[h])
            if (steps > n)
                return 0;               /* a cycle */
    }
    return roots == 1;
}

/* A sentence through a parser model (compact tables or the first format,
 * greedy and beam, left to right or right to left): whatever loads must
 * give one tree with relations of the table, greedy and at a beam of 4
 * (abort() otherwise). Seeds: fuzz/seeds/model-parser*.w5m. */
static void try_parser(const uint8_t *data, size_t size)
{
    w5_error err;
    w5_parser *ps = NULL;
    if (w5_parser_from_buffer(data, size, &ps, &err))
        return;
    enum { N = 7 };
    w5_span words[N] = {{"Police", 6}, {"said", 4}, {"the", 3}, {"man", 3},
                        {"was", 3},    {"sold", 4}, {".", 1}};
    uint8_t xpos[N] = {10, 13, 3, 1, 13, 17, 7};   /* NNS VBD DT NN VBD VBN . */
    uint8_t upos[N] = {8, 16, 6, 8, 4, 16, 13};
    int32_t heads[N];
    uint8_t rels[N];
    for (int beam = 1; beam <= 4; beam += 3) {
        w5_parser_set_beam(ps, beam);
        if (w5_parser_parse(ps, words, upos, xpos, N, heads, rels) == 0 &&
            !is_tree(heads, rels, N))
            abort();
    }
    /* one word, and none */
    if (w5_parser_parse(ps, words, upos, xpos, 1, heads, rels) == 0 && !is_tree(heads, rels, 1))
        abort();
    w5_parser_parse(ps, words, upos, xpos, 0, heads, rels);
    w5_parser_free(ps);
}

/* "<subject> was sold" with tags and a tree, through a FEATS model. */
static void try_morph(const uint8_t *data, size_t size)
{
    w5_error err;
    w5_morph *m = NULL;
    if (w5_morph_from_buffer(data, size, &m, &err) != 0)
        return;
    w5_span words[4] = {{"It", 2}, {"was", 3}, {"sold", 4}, {".", 1}};
    uint8_t xpos[4] = {6, 13, 17, 7};            /* PRP VBD VBN . */
    uint8_t upos[4] = {11, 4, 16, 13};          /* PRON AUX VERB PUNCT */
    uint8_t rels[4] = {W5_MREL_NSUBJ_PASS, W5_MREL_AUX_PASS, 5, 1};
    int32_t heads[4] = {2, 2, -1, 2};
    uint16_t classes[4];
    w5_morph_input in = {words, xpos, upos, heads, rels, 4};
    if (w5_morph_analyze(m, &in, classes) == 0)
        for (int i = 0; i < 4; i++)
            if (classes[i] >= w5_morph_class_count(m))
                abort();
    w5_morph_free(m);
}

static void try_model(const uint8_t *data, size_t size)
{
    if (size >= 64 && memcmp(data + 16, "morph", 6) == 0) {
        try_morph(data, size);
        return;
    }
    if (size >= 64 && memcmp(data + 16, "tagger-nn", 10) == 0) {
        try_tagger_nn(data, size);
        return;
    }
    if (size >= 64 && memcmp(data + 16, "parser", 7) == 0) {
        try_parser(data, size);
        return;
    }
    w5_error err;
    w5_mfile *mf = NULL;
    if (w5_mfile_from_buffer(data, size, "ner", &mf, &err) == 0) {
        size_t n;
        w5_mfile_section(mf, "config", &n);
        const char *strs[8];
        w5_mfile_strings(mf, "labels", strs, 8);
        w5_linear *lin = NULL;
        if (w5_mfile_linear(mf, "lin", &lin, &err) == 0) {
            uint64_t feats[3] = {1, 0x9E3779B97F4A7C15ull, 0xFFFFFFFFFFFFFFFFull};
            uint32_t nclass = w5_linear_nclass(lin);
            float *scores = malloc((nclass ? nclass : 1) * sizeof *scores);
            if (scores)
                w5_linear_score(lin, feats, 3, scores);
            free(scores);
            w5_linear_free(lin);
        }
        w5_mfile_close(mf);
    }
    w5_ner_model *m = NULL;
    if (w5_ner_from_buffer(data, size, &m, &err) != 0)
        return;
    static const char *const text[] = {"Afghan", "President", "Hamid", "Karzai", "met",
                                       "NATO", "in",     "Brussels", "."};
    enum { N = sizeof text / sizeof *text };
    w5_ner_word words[N];
    for (int i = 0; i < N; i++) {
        words[i].s = text[i];
        words[i].len = (uint32_t)strlen(text[i]);
    }
    uint32_t ends[2] = {4, N};
    uint8_t labels[N];
    if (w5_ner_tag(m, NULL, words, N, ends, 2, labels, &err) == 0) {
        /* spans must be well formed within each sentence */
        for (int s = 0, b = 0; s < 2; b = (int)ends[s++]) {
            char open = 0;
            int type = -1;
            for (int i = b; i < (int)ends[s]; i++) {
                if (labels[i] >= W5_NER_NLABELS)
                    abort();
                char part = w5_ner_label_part(labels[i]);
                int t = w5_ner_label_type(labels[i]);
                int inside = part == 'I' || part == 'L';
                if (open ? !(inside && t == type) : inside)
                    abort();
                open = part == 'B' || part == 'I';
                type = t;
            }
            if (open)
                abort();
        }
    }
    w5_ner_free(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    try_model(data, size);
    if (size >= 64) {
        unsigned char *copy = malloc(size);
        if (!copy)
            return 0;
        memcpy(copy, data, size);
        uint64_t fsize = size, sum = w5_model_checksum(copy + 64, size - 64);
        memcpy(copy + 32, &fsize, 8);
        memcpy(copy + 40, &sum, 8);
        try_model(copy, size);
        free(copy);
    }
    return 0;
}
