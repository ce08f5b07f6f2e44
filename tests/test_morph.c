/*
 * test_morph.c - morphological features (UD FEATS): the relation and tag
 * indices the features use; a model trained here on a small treebank
 * written for the test learns agreement from the subject (the same word
 * "walked" gets Person=1 after "I" and Person=3 after "they"), round
 * trips through its file and refuses a truncated one; the shipped model
 * through the pipeline gives the FEATS of a few sentences (agreement,
 * imperative, passive, case) in CoNLL-U and the token API; and
 * pathological sentences (none, 10,000 words) analyse without trouble.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "doc/tagset.h"
#include "syntax/morph.h"
#include "w5.h"

static void test_indices(void)
{
    static const struct { int index; const char *name; } rels[] = {
        {W5_MREL_DET, "det"}, {W5_MREL_NSUBJ, "nsubj"}, {W5_MREL_MARK, "mark"},
        {W5_MREL_AUX, "aux"}, {W5_MREL_COP, "cop"}, {W5_MREL_ACL_RELCL, "acl:relcl"},
        {W5_MREL_ACL, "acl"}, {W5_MREL_AUX_PASS, "aux:pass"},
        {W5_MREL_NSUBJ_PASS, "nsubj:pass"}, {W5_MREL_EXPL, "expl"},
        {W5_MREL_CSUBJ, "csubj"}, {W5_MREL_NSUBJ_OUTER, "nsubj:outer"},
        {W5_MREL_CSUBJ_PASS, "csubj:pass"}, {W5_MREL_CSUBJ_OUTER, "csubj:outer"}};
    for (size_t k = 0; k < sizeof rels / sizeof *rels; k++)
        CHECK_STR(w5_deprel_names[rels[k].index], rels[k].name);
    CHECK_STR(w5_xpos_names[W5_MXPOS_WDT], "WDT");
    CHECK_STR(w5_xpos_names[W5_MXPOS_WP], "WP");
}

/* "<subject> walked home ." with the subject's FEATS and the verb's,
 * which agree with it. */
static void append_sentence(char *buf, size_t cap, const char *subj,
                            const char *subj_feats, const char *verb_feats)
{
    size_t len = strlen(buf);
    snprintf(buf + len, cap - len,
             "1\t%s\t%s\tPRON\tPRP\t%s\t2\tnsubj\t_\t_\n"
             "2\twalked\twalk\tVERB\tVBD\t%s\t0\troot\t_\t_\n"
             "3\thome\thome\tADV\tRB\t_\t2\tadvmod\t_\t_\n"
             "4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n",
             subj, subj, subj_feats, verb_feats);
}

static const char *const verb_i =
    "Mood=Ind|Number=Sing|Person=1|Tense=Past|VerbForm=Fin";
static const char *const verb_they =
    "Mood=Ind|Number=Plur|Person=3|Tense=Past|VerbForm=Fin";

static char *small_treebank(void)
{
    size_t cap = 64 * 1024;
    char *buf = calloc(1, cap);
    if (!buf)
        return NULL;
    for (int k = 0; k < 20; k++) {
        append_sentence(buf, cap, "I", "Case=Nom|Number=Sing|Person=1|PronType=Prs", verb_i);
        append_sentence(buf, cap, "they", "Case=Nom|Number=Plur|Person=3|PronType=Prs",
                        verb_they);
    }
    return buf;
}

/* Word 1 ("walked") of "<subj> walked home ." analysed by m. */
static const char *walked_after(const w5_morph *m, const char *subj)
{
    w5_span words[4] = {{subj, (uint32_t)strlen(subj)}, {"walked", 6}, {"home", 4}, {".", 1}};
    uint8_t xpos[4] = {(uint8_t)w5_xpos_index("PRP"), (uint8_t)w5_xpos_index("VBD"),
                       (uint8_t)w5_xpos_index("RB"), (uint8_t)w5_xpos_index(".")};
    uint8_t upos[4] = {(uint8_t)w5_upos_index("PRON"), (uint8_t)w5_upos_index("VERB"),
                       (uint8_t)w5_upos_index("ADV"), (uint8_t)w5_upos_index("PUNCT")};
    uint8_t rels[4] = {(uint8_t)w5_deprel_index("nsubj"), (uint8_t)w5_deprel_index("root"),
                       (uint8_t)w5_deprel_index("advmod"), (uint8_t)w5_deprel_index("punct")};
    int32_t heads[4] = {1, -1, 1, 1};
    uint16_t classes[4] = {0};
    w5_morph_input in = {words, xpos, upos, heads, rels, 4};
    if (w5_morph_analyze(m, &in, classes))
        return NULL;
    return w5_morph_name(m, classes[1]);
}

static void test_train_agreement_and_round_trip(void)
{
    char *text = small_treebank();
    char path[] = "/tmp/w5-test-morph-XXXXXX";
    int fd = mkstemp(path);
    CHECK(text && fd >= 0, "setup");
    if (!text || fd < 0) {
        free(text);
        return;
    }
    close(fd);
    w5_treebank tb;
    w5_treebank_init(&tb);
    w5_error err;
    /* no pruning: on 40 sentences every feature is updated once or twice */
    w5_train_opts opts = {.epochs = 4, .seed = 1, .min_updates = 1, .min_weight = 0.01f};
    int rc = w5_treebank_parse(&tb, text, strlen(text), "small", 0, &err);
    CHECK(rc == 0, "%s", err.message);
    if (rc == 0) {
        rc = w5_morph_train(&tb, &tb, &opts, path, &err);
        CHECK(rc == 0, "%s", err.message);
    }
    w5_morph *m = NULL;
    if (rc == 0) {
        rc = w5_morph_load(path, &m, &err);
        CHECK(rc == 0, "%s", err.message);
    }
    if (m) {
        CHECK_STR(walked_after(m, "I"), verb_i);
        CHECK_STR(walked_after(m, "they"), verb_they);
        CHECK(w5_morph_class_count(m) == 5, "%u classes", w5_morph_class_count(m));
        CHECK_STR(w5_morph_name(m, 0), "_");
        CHECK_STR(w5_morph_name(m, 9999), "_");
    }
    w5_morph_free(m);
    /* a truncated file is refused with a message, not read */
    FILE *f = fopen(path, "r+b");
    if (f) {
        fseek(f, 0, SEEK_END);
        long size = ftell(f);
        fclose(f);
        CHECK(truncate(path, size / 2) == 0, "truncate");
        m = NULL;
        CHECK(w5_morph_load(path, &m, &err) != 0 && m == NULL, "truncated file loaded");
        CHECK(strlen(err.message) > 0, "no message");
    }
    unlink(path);
    w5_treebank_free(&tb);
    free(text);
}

/* The FEATS of the words of text through the pipeline, one per line. */
static void feats_of(const char *text, const char *const *want_words,
                     const char *const *want_feats, size_t nwant)
{
    w5_options opts = w5_default_options();
    opts.stages = W5_STAGE_PARSE;
    w5_pipeline *pipe = NULL;
    w5_doc *doc = NULL;
    w5_error err;
    if (w5_pipeline_open(&opts, &pipe, &err) ||
        w5_doc_new(text, strlen(text), &doc, &err) ||
        w5_analyze(pipe, doc, W5_STAGE_PARSE, &err)) {
        CHECK(0, "%s", err.message);
        w5_doc_free(doc);
        w5_pipeline_free(pipe);
        return;
    }
    size_t found = 0;
    for (size_t i = 0; i < w5_doc_token_count(doc); i++) {
        w5_token t;
        w5_doc_token(doc, i, &t);
        CHECK(t.feats != NULL, "token %zu has no FEATS", i);
        for (size_t k = 0; k < nwant; k++) {
            size_t len = strlen(want_words[k]);
            if (t.end - t.start == len && memcmp(text + t.start, want_words[k], len) == 0) {
                CHECK_STR(t.feats, want_feats[k]);
                found++;
            }
        }
    }
    CHECK(found == nwant, "%zu of %zu words found", found, nwant);
    w5_doc_free(doc);
    w5_pipeline_free(pipe);
}

static void test_shipped_model(void)
{
    if (access(W5_MODEL_DIR "/morph.w5m", R_OK) != 0) {
        CHECK(0, "no " W5_MODEL_DIR "/morph.w5m");
        return;
    }
    static const char *const words1[] = {"They", "were", "Go", "sold", "it", "him"};
    static const char *const feats1[] = {
        "Case=Nom|Number=Plur|Person=3|PronType=Prs",
        "Mood=Ind|Number=Plur|Person=3|Tense=Past|VerbForm=Fin",
        "Mood=Imp|VerbForm=Fin",
        "Tense=Past|VerbForm=Part|Voice=Pass",
        "Case=Nom|Gender=Neut|Number=Sing|Person=3|PronType=Prs",
        "Case=Acc|Gender=Masc|Number=Sing|Person=3|PronType=Prs"};
    feats_of("They were there. Go home! The house was sold because it was old. "
             "She saw him.", words1, feats1, 6);
    static const char *const words2[] = {"I", "am", "reporters", "the"};
    static const char *const feats2[] = {
        "Case=Nom|Number=Sing|Person=1|PronType=Prs",
        "Mood=Ind|Number=Sing|Person=1|Tense=Pres|VerbForm=Fin",
        "Number=Plur", "Definite=Def|PronType=Art"};
    feats_of("I am glad, Kerry told reporters in the hall.", words2, feats2, 4);
}

static void test_pathological(void)
{
    w5_morph *m = NULL;
    w5_error err;
    if (w5_morph_load(W5_MODEL_DIR "/morph.w5m", &m, &err)) {
        CHECK(0, "%s", err.message);
        return;
    }
    /* no words */
    w5_morph_input none = {NULL, NULL, NULL, NULL, NULL, 0};
    CHECK(w5_morph_analyze(m, &none, NULL) == 0, "empty sentence");
    /* 10,000 words: unknown tags, heads out of range, a cycle, junk */
    enum { N = 10000 };
    w5_span *words = malloc(N * sizeof *words);
    uint8_t *tags = malloc(3 * N);
    int32_t *heads = malloc(N * sizeof *heads);
    uint16_t *classes = malloc(N * sizeof *classes);
    if (words && tags && heads && classes) {
        for (size_t i = 0; i < N; i++) {
            words[i].s = i % 3 ? "\xff\xfe" : "word";
            words[i].len = i % 3 ? 2 : 4;
            tags[i] = (uint8_t)(i % 256);
            tags[N + i] = (uint8_t)((i * 7) % 256);
            tags[2 * N + i] = (uint8_t)((i * 13) % 256);
            heads[i] = i % 5 == 0 ? (int32_t)(N + i) : (int32_t)((i + 1) % N);
        }
        w5_morph_input in = {words, tags, tags + N, heads, tags + 2 * N, N};
        CHECK(w5_morph_analyze(m, &in, classes) == 0, "long sentence");
        for (size_t i = 0; i < N; i++)
            CHECK(classes[i] < w5_morph_class_count(m), "class %u", classes[i]);
    }
    free(words);
    free(tags);
    free(heads);
    free(classes);
    w5_morph_free(m);
}

/* FEATS are NULL before the parse ("_" in CoNLL-U), and without
 * morph.w5m in the model folder the parse still runs, with no FEATS. */
static void test_no_feats(void)
{
    const char *text = "They were there.";
    w5_doc *doc = NULL;
    w5_error err;
    w5_options opts = w5_default_options();
    opts.stages = W5_STAGE_TOKENS;
    w5_pipeline *pipe = NULL;
    if (w5_pipeline_open(&opts, &pipe, &err) || w5_doc_new(text, strlen(text), &doc, &err) ||
        w5_analyze(pipe, doc, W5_STAGE_TOKENS, &err)) {
        CHECK(0, "%s", err.message);
    } else {
        w5_token t;
        CHECK(w5_doc_token(doc, 0, &t) == 0 && t.feats == NULL, "feats before the parse");
        char *out = NULL;
        size_t len = 0;
        CHECK(w5_doc_write(doc, W5_FORMAT_CONLLU, &out, &len, &err) == 0, "%s", err.message);
        CHECK(out && strstr(out, "They\t_\t_\t_\t_\t_\t"), "CoNLL-U: %s", out ? out : "");
        w5_free(out);
    }
    w5_doc_free(doc);
    w5_pipeline_free(pipe);
    /* a folder with the tagger, parser and sentence model only */
    char dir[] = "/tmp/w5-test-nomorph-XXXXXX";
    if (!mkdtemp(dir)) {
        CHECK(0, "mkdtemp");
        return;
    }
    static const char *const models[] = {"tagger.w5m", "parser.w5m", "segment.w5m"};
    char from[512], to[512];
    for (int k = 0; k < 3; k++) {
        snprintf(from, sizeof from, "%s/%s", W5_MODEL_DIR, models[k]);
        snprintf(to, sizeof to, "%s/%s", dir, models[k]);
        CHECK(symlink(from, to) == 0, "symlink %s", models[k]);
    }
    opts.model_dir = dir;
    opts.stages = W5_STAGE_PARSE;
    doc = NULL;
    pipe = NULL;
    if (w5_pipeline_open(&opts, &pipe, &err) || w5_doc_new(text, strlen(text), &doc, &err) ||
        w5_analyze(pipe, doc, W5_STAGE_PARSE, &err)) {
        CHECK(0, "%s", err.message);
    } else {
        w5_token t;
        CHECK(w5_doc_token(doc, 1, &t) == 0 && t.deprel && !t.feats, "parsed, no FEATS");
    }
    w5_doc_free(doc);
    w5_pipeline_free(pipe);
    for (int k = 0; k < 3; k++) {
        snprintf(to, sizeof to, "%s/%s", dir, models[k]);
        unlink(to);
    }
    rmdir(dir);
}

/* UFeats compares the universal features only, in any order. */
static void test_ufeats_metric(void)
{
    CHECK(w5_eval_same_ufeats("Number=Sing", "Number=Sing|Typo=Yes"), "Typo ignored");
    CHECK(w5_eval_same_ufeats("_", "NumForm=Digit"), "NumForm ignored");
    CHECK(w5_eval_same_ufeats("ExtPos=ADP", "_"), "ExtPos ignored");
    CHECK(!w5_eval_same_ufeats("Number=Sing", "Number=Plur"), "Number differs");
    CHECK(!w5_eval_same_ufeats("Number=Sing", "_"), "missing Number");
    CHECK(w5_eval_same_ufeats("Mood=Ind|Number=Sing|Person=3|Tense=Past|VerbForm=Fin",
                              "Mood=Ind|Number=Sing|Person=3|Tense=Past|VerbForm=Fin"),
          "same");
}

int main(void)
{
    RUN(test_indices);
    RUN(test_train_agreement_and_round_trip);
    RUN(test_shipped_model);
    RUN(test_pathological);
    RUN(test_no_feats);
    RUN(test_ufeats_metric);
    return check_summary();
}
