/*
 * test_parser_ensemble.c - the right-to-left parser, compact parser model
 * files and the reparsing ensemble: right-to-left models trained on the
 * small fixture (greedy and beam) parse its trees; a trained model is
 * compact (tables, no linear models) and saving a loaded one gives the
 * same parses; files of the first format still load; a label table
 * pointing past its rows is refused; arc votes give one-rooted trees,
 * the majority's arcs and relations, and break cycles; an ensemble of
 * fixture models parses; the shipped ensemble gives the golden parse.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "doc/tagset.h"
#include "learn/learn.h"
#include "learn/linear.h"
#include "syntax/syntax.h"
#include "syntax/syntax_int.h"
#include "text/text.h"

static const char *fixture = "tests/fixtures/syntax/small.conllu";

static int temp_path(char *path, size_t cap, const char *what)
{
    snprintf(path, cap, "/tmp/w5-test-%s-XXXXXX", what);
    int fd = mkstemp(path);
    if (fd < 0)
        return -1;
    close(fd);
    return 0;
}

/* The fixture's sentences, gold tags, parsed: heads and labels of every
 * word into h and l (tb->words.n each); the share of right heads, and
 * each sentence checked to have one root. */
static double parse_all(const w5_parser *ps, const w5_treebank *tb,
                        int32_t *h, uint8_t *l)
{
    long right = 0;
    for (size_t s = 0; s < tb->sents.n; s++) {
        const w5_tb_sent *se = &tb->sents.v[s];
        size_t b = se->word_begin, n = se->word_end - b;
        w5_span sp[64];
        uint8_t u[64], x[64];
        if (n > 64)
            continue;
        for (size_t i = 0; i < n; i++) {
            const w5_tb_word *w = &tb->words.v[b + i];
            sp[i].s = w5_tb_str(tb, w->form);
            sp[i].len = (uint32_t)strlen(sp[i].s);
            u[i] = w->upos;
            x[i] = w->xpos;
        }
        int rc = w5_parser_parse(ps, sp, u, x, n, h + b, l + b);
        CHECK(rc == 0, "parse of sentence %zu: %d", s, rc);
        int roots = 0;
        for (size_t i = 0; i < n; i++) {
            right += h[b + i] == tb->words.v[b + i].head;
            roots += h[b + i] == -1;
        }
        CHECK(roots == 1, "sentence %zu has %d roots", s, roots);
    }
    return tb->words.n ? (double)right / (double)tb->words.n : 0;
}

static int read_fixture(w5_treebank *tb)
{
    w5_error err;
    w5_treebank_init(tb);
    if (w5_treebank_read(tb, fixture, 0, &err)) {
        CHECK(0, "%s", err.message);
        return -1;
    }
    return 0;
}

/* Trains a model on the fixture into path; loads it. */
static w5_parser *train_load(const w5_treebank *tb, w5_train_opts opts,
                             const char *path)
{
    w5_error err;
    w5_parser *ps = NULL;
    CHECK(w5_parser_train(tb, tb, NULL, &opts, path, &err) == 0, "%s", err.message);
    CHECK(w5_parser_load(path, &ps, &err) == 0, "%s", err.message);
    return ps;
}

static int has_section(const char *path, const char *name)
{
    w5_mfile *mf;
    w5_error err;
    size_t size = 0;
    if (w5_mfile_open(path, "parser", &mf, &err))
        return -1;
    int has = w5_mfile_section(mf, name, &size) != NULL;
    w5_mfile_close(mf);
    return has;
}

/* Right-to-left models (greedy and beam) learn the fixture's trees; the
 * file is compact; a saved copy of a loaded model parses the same. */
static void test_r2l_and_compact(void)
{
    w5_treebank tb;
    if (read_fixture(&tb))
        return;
    size_t nw = tb.words.n;
    int32_t *h1 = malloc(nw * sizeof *h1), *h2 = malloc(nw * sizeof *h2);
    uint8_t *l1 = malloc(nw), *l2 = malloc(nw);
    char mpath[64], copy[64];
    CHECK(temp_path(mpath, sizeof mpath, "parser") == 0, "temp file");
    CHECK(temp_path(copy, sizeof copy, "parser") == 0, "temp file");
    for (int beam = 1; beam <= 4 && h1 && h2 && l1 && l2; beam += 3) {
        w5_train_opts opts = {.epochs = 6, .seed = 5, .beam = beam,
                              .right_to_left = 1};
        w5_parser *ps = train_load(&tb, opts, mpath);
        if (!ps)
            continue;
        double uas = parse_all(ps, &tb, h1, l1);
        CHECK(uas > 0.75, "right-to-left training UAS %.3f at beam %d", uas, beam);
        CHECK(has_section(mpath, beam > 1 ? "ttab4" : "ttab") == 1, "no table");
        CHECK(has_section(mpath, "ltab") == 1 && has_section(mpath, "lrows") == 1,
              "no label table");
        CHECK(has_section(mpath, "trans.keys") == 0, "a linear model in the file");
        w5_error err;
        w5_parser *again = NULL;
        CHECK(w5_parser_save(ps, copy, &err) == 0, "%s", err.message);
        CHECK(w5_parser_load(copy, &again, &err) == 0, "%s", err.message);
        if (again) {
            CHECK(w5_parser_trained_beam(again) == beam, "width %d",
                  w5_parser_trained_beam(again));
            parse_all(again, &tb, h2, l2);
            CHECK(memcmp(h1, h2, nw * sizeof *h1) == 0 && memcmp(l1, l2, nw) == 0,
                  "the saved copy parses otherwise (beam %d)", beam);
        }
        w5_parser_free(again);
        w5_parser_free(ps);
    }
    unlink(mpath);
    unlink(copy);
    free(h1);
    free(h2);
    free(l1);
    free(l2);
    w5_treebank_free(&tb);
}

/* A file of the first format (linear models) with a few made-up
 * features still loads, parses into trees and converts to compact. */
static void test_first_format(void)
{
    uint64_t keys[64];
    float w[64 * W5_DEPREL_COUNT];
    for (size_t i = 0; i < 64; i++) {
        keys[i] = (i + 1) * 0x9E3779B97F4A7C15ull;
        for (size_t c = 0; c < W5_DEPREL_COUNT; c++)
            w[i * W5_DEPREL_COUNT + c] = (float)((i * 7 + c * 3) % 11) - 5.0f;
    }
    w5_linear *trans = NULL, *label = NULL;
    CHECK(w5_linear_build(4, keys, w, 64, 5.0f, &trans) == 0, "trans");
    CHECK(w5_linear_build(W5_DEPREL_COUNT, keys, w, 64, 5.0f, &label) == 0, "label");
    char mpath[64], copy[64];
    CHECK(temp_path(mpath, sizeof mpath, "parser") == 0, "temp file");
    CHECK(temp_path(copy, sizeof copy, "parser") == 0, "temp file");
    uint32_t meta[4] = {W5_PARSER_FEATURES, 1, 0, 0};
    w5_mwriter *mw = w5_mwriter_new("parser");
    w5_error err;
    CHECK(mw && trans && label && w5_mwriter_add(mw, "meta", meta, sizeof meta) == 0 &&
          w5_mwriter_add_linear(mw, "trans", trans) == 0 &&
          w5_mwriter_add_linear(mw, "label", label) == 0 &&
          w5_mwriter_save(mw, mpath, &err) == 0, "writing the first format");
    w5_mwriter_free(mw);
    w5_linear_free(trans);
    w5_linear_free(label);
    w5_treebank tb;
    if (read_fixture(&tb) == 0) {
        size_t nw = tb.words.n;
        int32_t *h = malloc(nw * sizeof *h), *h2 = malloc(nw * sizeof *h2);
        uint8_t *l = malloc(nw), *l2 = malloc(nw);
        w5_parser *ps = NULL, *again = NULL;
        CHECK(w5_parser_load(mpath, &ps, &err) == 0, "%s", err.message);
        if (ps && h && l && h2 && l2) {
            parse_all(ps, &tb, h, l);
            CHECK(w5_parser_save(ps, copy, &err) == 0, "%s", err.message);
            CHECK(w5_parser_load(copy, &again, &err) == 0, "%s", err.message);
            if (again) {
                parse_all(again, &tb, h2, l2);
                CHECK(memcmp(h, h2, nw * sizeof *h) == 0 && memcmp(l, l2, nw) == 0,
                      "the compact copy parses as the first format does");
                /* a compact greedy table cannot rank a beam: greedy */
                w5_parser_set_beam(again, 4);
                CHECK(w5_parser_beam(again) == 1, "beam %d", w5_parser_beam(again));
            }
            w5_parser_set_beam(ps, 4);
            CHECK(w5_parser_beam(ps) == 4, "first format: beam %d", w5_parser_beam(ps));
        }
        w5_parser_free(ps);
        w5_parser_free(again);
        free(h);
        free(l);
        free(h2);
        free(l2);
        w5_treebank_free(&tb);
    }
    unlink(mpath);
    unlink(copy);
}

/* A compact file whose label table names a row it does not have. */
static void test_bad_tables(void)
{
    char mpath[64];
    CHECK(temp_path(mpath, sizeof mpath, "parser") == 0, "temp file");
    uint32_t meta[4] = {W5_PARSER_FEATURES, 1, 0, 0};
    unsigned char ttab[64] = {0}, ltab[64] = {0}, lrows[64] = {0};
    ltab[0] = 7;  /* way 0: key 7 ... */
    ltab[32] = 5; /* ... row 5 of 1 */
    w5_mwriter *mw = w5_mwriter_new("parser");
    w5_error err;
    CHECK(mw && w5_mwriter_add(mw, "meta", meta, sizeof meta) == 0 &&
          w5_mwriter_add(mw, "ttab", ttab, sizeof ttab) == 0 &&
          w5_mwriter_add(mw, "ltab", ltab, sizeof ltab) == 0 &&
          w5_mwriter_add(mw, "lrows", lrows, sizeof lrows) == 0 &&
          w5_mwriter_save(mw, mpath, &err) == 0, "writing");
    w5_mwriter_free(mw);
    w5_parser *ps = NULL;
    CHECK(w5_parser_load(mpath, &ps, &err) == W5_ERR_FORMAT, "bad label table loaded");
    CHECK(ps == NULL && strstr(err.message, "label table"), "%s", err.message);
    /* a table of a part of a bucket */
    mw = w5_mwriter_new("parser");
    CHECK(mw && w5_mwriter_add(mw, "meta", meta, sizeof meta) == 0 &&
          w5_mwriter_add(mw, "ttab", ttab, 32) == 0 &&
          w5_mwriter_add(mw, "ltab", lrows, sizeof lrows) == 0 &&
          w5_mwriter_add(mw, "lrows", lrows, sizeof lrows) == 0 &&
          w5_mwriter_save(mw, mpath, &err) == 0, "writing");
    w5_mwriter_free(mw);
    CHECK(w5_parser_load(mpath, &ps, &err) == W5_ERR_FORMAT, "half a bucket loaded");
    unlink(mpath);
}

/* Arc votes: the majority's arcs and relations, one root, a tree. */
static void test_arc_vote(void)
{
    /* 0 <- 1 -> 2, root 1; the second parse differs on word 2 and the
     * third on word 0 */
    const int32_t a[] = {1, -1, 1}, b[] = {1, -1, 0}, c[] = {2, -1, 1};
    const uint8_t la[] = {3, 5, 4}, lb[] = {3, 5, 7}, lc[] = {9, 5, 7};
    const int32_t *hv[] = {a, b, c};
    const uint8_t *lv[] = {la, lb, lc};
    const float w[] = {1, 1, 1};
    int32_t h[3];
    uint8_t l[3];
    CHECK(w5_arc_vote(hv, lv, w, 3, 3, h, l) == 0, "vote");
    CHECK(h[0] == 1 && h[1] == -1 && h[2] == 1, "heads %d %d %d", h[0], h[1], h[2]);
    /* word 0's label: 3 from a and b; word 2's arc is a's and c's, label 4
     * vs 7: equal weight, the first parse's */
    CHECK(l[0] == 3 && l[1] == 5 && l[2] == 4, "labels %d %d %d", l[0], l[1], l[2]);
    /* the first parse outweighed on word 2's relation */
    const float w2[] = {1, 1, 2};
    CHECK(w5_arc_vote(hv, lv, w2, 3, 3, h, l) == 0 && l[2] == 7, "label %d", l[2]);

    /* the best arcs make a cycle 0 -> 1 -> 0: broken at the weaker end */
    const int32_t p[] = {-1, 0, 1, 2}, q[] = {1, 2, -1, 2}, r[] = {1, 2, 3, -1};
    const uint8_t lz[] = {1, 1, 1, 1};
    const int32_t *hv2[] = {p, q, r};
    const uint8_t *lv2[] = {lz, lz, lz};
    const float w3[] = {1.5f, 1, 1};
    int32_t h4[4];
    uint8_t l4[4];
    CHECK(w5_arc_vote(hv2, lv2, w3, 3, 4, h4, l4) == 0, "vote");
    int roots = 0;
    for (int i = 0; i < 4; i++) {
        roots += h4[i] == -1;
        /* a tree: every word reaches the root */
        int32_t k = i, steps = 0;
        while (k >= 0 && steps++ < 5)
            k = h4[k];
        CHECK(k == -1, "word %d is on a cycle", i);
    }
    CHECK(roots == 1, "%d roots", roots);
    CHECK(h4[0] == -1, "root %d", h4[0]);
    /* 0 -> 1 and 2 -> 3 are shared by two parsers */
    CHECK(h4[1] == 2 || h4[1] == 0, "head of 1: %d", h4[1]);

    /* no parsers */
    CHECK(w5_arc_vote(hv, lv, w, 0, 3, h, l) == W5_ERR_INVALID, "no parses accepted");
}

/* An ensemble of fixture models (beam left to right, greedy right to
 * left, greedy left to right) parses the fixture. */
static void test_ensemble(void)
{
    w5_treebank tb;
    if (read_fixture(&tb))
        return;
    char path[3][64];
    w5_parser *m[3] = {0};
    for (int i = 0; i < 3; i++) {
        CHECK(temp_path(path[i], sizeof path[i], "parser") == 0, "temp file");
        w5_train_opts opts = {.epochs = 6, .seed = 5, .beam = i == 0 ? 4 : 1,
                              .right_to_left = i == 1};
        m[i] = train_load(&tb, opts, path[i]);
        unlink(path[i]);
    }
    w5_parser *ens = NULL;
    w5_error err;
    const float w[] = {1.0f, 1.0f, 0.5f};
    if (m[0] && m[1] && m[2]) {
        CHECK(w5_parser_ensemble(m, w, 3, &ens, &err) == 0, "%s", err.message);
        size_t nw = tb.words.n;
        int32_t *h = malloc(nw * sizeof *h);
        uint8_t *l = malloc(nw);
        if (ens && h && l) {
            CHECK(w5_parser_beam(ens) == 4, "beam %d", w5_parser_beam(ens));
            CHECK(parse_all(ens, &tb, h, l) > 0.75, "ensemble training UAS");
            w5_parser_set_beam(ens, 2);
            CHECK(w5_parser_beam(ens) == 2, "beam %d", w5_parser_beam(ens));
            w5_parser_set_beam(ens, 0);
            CHECK(w5_parser_beam(ens) == 4, "beam back to %d", w5_parser_beam(ens));
            CHECK(w5_parser_save(ens, "/tmp/w5-test-never", &err) == W5_ERR_INVALID,
                  "an ensemble saved");
        }
        free(h);
        free(l);
    } else {
        for (int i = 0; i < 3; i++)
            w5_parser_free(m[i]);
    }
    w5_parser_free(ens);
    w5_parser *none[1] = {NULL};
    CHECK(w5_parser_ensemble(none, w, 1, &ens, &err) == W5_ERR_INVALID && !ens,
          "a missing member accepted");
    CHECK(w5_parser_ensemble(none, w, 0, &ens, &err) == W5_ERR_INVALID,
          "no members accepted");
    CHECK(w5_parser_load_ensemble("/nonexistent", 0, &ens, &err) != 0 && !ens,
          "an ensemble from nothing");
    w5_treebank_free(&tb);
}

/* The shipped ensemble: "Kerry" is the subject of "told". */
static void test_ensemble_golden(void)
{
    w5_tagger *tg = NULL;
    w5_parser *ps = NULL;
    w5_error err;
    if (access(W5_MODEL_DIR "/parser-r2l.w5m", R_OK) != 0 ||
        w5_tagger_load(W5_MODEL_DIR "/tagger.w5m", &tg, &err) ||
        w5_parser_load_ensemble(W5_MODEL_DIR, 0, &ps, &err)) {
        w5_tagger_free(tg);
        printf("  (skipped: no shipped ensemble models)\n");
        return;
    }
    const char *text = "\"We made progress,\" Kerry told reporters.";
    w5_doc *doc = NULL;
    CHECK(w5_doc_new(text, strlen(text), &doc, &err) == 0 &&
          w5_text_tokenize(doc, &err) == 0 &&
          w5_text_split_sentences(doc, &err) == 0 &&
          w5_tagger_run(tg, doc, &err) == 0 && w5_parser_run(ps, doc, &err) == 0,
          "analysis failed");
    if (doc) {
        long told = -1, kerry = -1;
        for (size_t i = 0; i < doc->toks.n; i++) {
            size_t len = doc->toks.v[i].end - doc->toks.v[i].start;
            const char *s = doc->text + doc->toks.v[i].start;
            if (len == 4 && memcmp(s, "told", 4) == 0)
                told = (long)i;
            if (len == 5 && memcmp(s, "Kerry", 5) == 0)
                kerry = (long)i;
        }
        CHECK(told >= 0 && kerry >= 0, "tokens missing");
        if (told >= 0 && kerry >= 0) {
            CHECK(doc->toks.v[kerry].head == told, "head of Kerry is %d",
                  doc->toks.v[kerry].head);
            CHECK_STR(w5_deprel_names[doc->toks.v[kerry].deprel], "nsubj");
            CHECK(doc->toks.v[told].head == -1, "told hangs from %d",
                  doc->toks.v[told].head);
        }
        w5_doc_free(doc);
    }
    w5_tagger_free(tg);
    w5_parser_free(ps);
}

int main(void)
{
    RUN(test_r2l_and_compact);
    RUN(test_first_format);
    RUN(test_bad_tables);
    RUN(test_arc_vote);
    RUN(test_ensemble);
    RUN(test_ensemble_golden);
    return check_summary();
}
