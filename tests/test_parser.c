/*
 * test_parser.c - the dependency parser with word clusters: training on
 * the small self-written treebank with a clusters file written here, the
 * clusters section of the model, parses that agree with the training
 * trees, a bad clusters file refused with a message, and a model trained
 * without clusters still loading; beam search: a model trained for a beam
 * (global updates) keeps its width, parses into valid trees at any width,
 * and the shipped beam model gives the golden parses; the revision-0
 * feature set trains without clusters; a model read from memory parses
 * as from its file, and bad buffers are refused; a 10,000-word sentence
 * parses at a beam and in an ensemble.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "doc/tagset.h"
#include "learn/learn.h"
#include "syntax/syntax.h"
#include "text/text.h"

static const char *fixture = "tests/fixtures/syntax/small.conllu";

/* A few words of the fixture in made-up clusters: determiners, nouns,
 * verbs (bit strings as `w5 train clusters` writes them). */
static const char clusters_text[] =
    "000\tthe\t50\n"
    "000\tThe\t20\n"
    "001\ta\t30\n"
    "0100\tbird\t5\n"
    "0101\triver\t4\n"
    "0101\tgarden\t4\n"
    "10\twatched\t3\n"
    "10\tsaw\t3\n"
    "110\tin\t9\n";

static int write_temp(char *path, size_t cap, const char *what, const char *text)
{
    snprintf(path, cap, "/tmp/w5-test-%s-XXXXXX", what);
    int fd = mkstemp(path);
    if (fd < 0)
        return -1;
    size_t len = strlen(text);
    int ok = write(fd, text, len) == (ssize_t)len;
    close(fd);
    return ok ? 0 : -1;
}

/* Parses every training sentence with gold tags; the share of right heads. */
static double train_uas(const w5_parser *ps, const w5_treebank *tb)
{
    long right = 0, total = 0;
    for (size_t s = 0; s < tb->sents.n; s++) {
        const w5_tb_sent *se = &tb->sents.v[s];
        size_t n = se->word_end - se->word_begin;
        w5_span *sp = malloc(n * sizeof *sp);
        uint8_t *u = malloc(3 * n);
        int32_t *h = malloc(n * sizeof *h);
        if (!sp || !u || !h) {
            free(sp);
            free(u);
            free(h);
            return 0;
        }
        for (size_t i = 0; i < n; i++) {
            const w5_tb_word *w = &tb->words.v[se->word_begin + i];
            sp[i].s = w5_tb_str(tb, w->form);
            sp[i].len = (uint32_t)strlen(sp[i].s);
            u[i] = w->upos;
            u[n + i] = w->xpos;
        }
        if (w5_parser_parse(ps, sp, u, u + n, n, h, u + 2 * n) == 0) {
            int roots = 0;
            for (size_t i = 0; i < n; i++) {
                right += h[i] == tb->words.v[se->word_begin + i].head;
                roots += h[i] == -1;
            }
            CHECK(roots == 1, "sentence %zu has %d roots", s, roots);
        }
        total += (long)n;
        free(sp);
        free(u);
        free(h);
    }
    return total ? (double)right / (double)total : 0;
}

static void test_clusters(void)
{
    w5_treebank tb;
    w5_error err;
    w5_treebank_init(&tb);
    if (w5_treebank_read(&tb, fixture, 0, &err)) {
        CHECK(0, "%s", err.message);
        return;
    }
    char cpath[64], mpath[64], bad[64];
    CHECK(write_temp(cpath, sizeof cpath, "clusters", clusters_text) == 0, "temp file");
    CHECK(write_temp(mpath, sizeof mpath, "parser", "") == 0, "temp file");
    w5_train_opts opts = {.epochs = 6, .seed = 5, .clusters = cpath};
    CHECK(w5_parser_train(&tb, &tb, NULL, &opts, mpath, &err) == 0, "%s", err.message);

    w5_mfile *mf = NULL;
    size_t size = 0;
    CHECK(w5_mfile_open(mpath, "parser", &mf, &err) == 0, "%s", err.message);
    CHECK(mf && w5_mfile_section(mf, "clusters", &size) && size > 16,
          "no clusters section");
    w5_mfile_close(mf);

    w5_parser *ps = NULL;
    CHECK(w5_parser_load(mpath, &ps, &err) == 0, "%s", err.message);
    if (ps) {
        double uas = train_uas(ps, &tb);
        CHECK(uas > 0.75, "training UAS %.3f", uas);
    }
    w5_parser_free(ps);

    /* without clusters: a model all the same */
    opts.clusters = NULL;
    ps = NULL;
    CHECK(w5_parser_train(&tb, &tb, NULL, &opts, mpath, &err) == 0, "%s", err.message);
    CHECK(w5_parser_load(mpath, &ps, &err) == 0, "%s", err.message);
    if (ps)
        CHECK(train_uas(ps, &tb) > 0.75, "training UAS without clusters");
    w5_parser_free(ps);

    /* a clusters file without a single bits<TAB>word line */
    CHECK(write_temp(bad, sizeof bad, "badcl", "no clusters here\n") == 0, "temp file");
    opts.clusters = bad;
    CHECK(w5_parser_train(&tb, &tb, NULL, &opts, mpath, &err) == W5_ERR_FORMAT,
          "bad clusters accepted");
    CHECK(strstr(err.message, "clusters") != NULL, "%s", err.message);
    opts.clusters = "/nonexistent/w5-clusters.txt";
    CHECK(w5_parser_train(&tb, &tb, NULL, &opts, mpath, &err) != 0,
          "missing clusters file accepted");

    unlink(cpath);
    unlink(mpath);
    unlink(bad);
    w5_treebank_free(&tb);
}

/* A parser trained for a beam of 4 on the fixture: the width is kept in
 * the model and used by default; any width gives one-rooted trees that
 * agree with the training trees; 0 goes back to the model's width. */
static void test_beam_training(void)
{
    w5_treebank tb;
    w5_error err;
    w5_treebank_init(&tb);
    if (w5_treebank_read(&tb, fixture, 0, &err)) {
        CHECK(0, "%s", err.message);
        return;
    }
    char mpath[64];
    CHECK(write_temp(mpath, sizeof mpath, "parser", "") == 0, "temp file");
    w5_train_opts opts = {.epochs = 6, .seed = 5, .beam = 4};
    CHECK(w5_parser_train(&tb, &tb, NULL, &opts, mpath, &err) == 0, "%s", err.message);
    w5_parser *ps = NULL;
    CHECK(w5_parser_load(mpath, &ps, &err) == 0, "%s", err.message);
    if (ps) {
        CHECK(w5_parser_trained_beam(ps) == 4, "trained beam %d", w5_parser_trained_beam(ps));
        CHECK(w5_parser_beam(ps) == 4, "beam %d", w5_parser_beam(ps));
        double uas = train_uas(ps, &tb);
        CHECK(uas > 0.75, "training UAS %.3f at beam 4", uas);
        w5_parser_set_beam(ps, 1);
        CHECK(w5_parser_beam(ps) == 1, "beam %d", w5_parser_beam(ps));
        CHECK(train_uas(ps, &tb) > 0.5, "training UAS greedy");
        w5_parser_set_beam(ps, 1000);
        CHECK(w5_parser_beam(ps) == 64, "beam capped at %d", w5_parser_beam(ps));
        CHECK(train_uas(ps, &tb) > 0.75, "training UAS at beam 64");
        w5_parser_set_beam(ps, 0);
        CHECK(w5_parser_beam(ps) == 4, "beam back to %d", w5_parser_beam(ps));
    }
    w5_parser_free(ps);
    unlink(mpath);
    w5_treebank_free(&tb);
}

/* The revision-0 feature set: a model that parses the training trees,
 * and no clusters with it. */
static void test_rev0(void)
{
    w5_treebank tb;
    w5_error err;
    w5_treebank_init(&tb);
    if (w5_treebank_read(&tb, fixture, 0, &err)) {
        CHECK(0, "%s", err.message);
        return;
    }
    char mpath[64], cpath[64];
    CHECK(write_temp(mpath, sizeof mpath, "parser", "") == 0, "temp file");
    CHECK(write_temp(cpath, sizeof cpath, "clusters", clusters_text) == 0, "temp file");
    w5_train_opts opts = {.epochs = 6, .seed = 5, .rev0_features = 1};
    CHECK(w5_parser_train(&tb, &tb, NULL, &opts, mpath, &err) == 0, "%s", err.message);
    w5_parser *ps = NULL;
    CHECK(w5_parser_load(mpath, &ps, &err) == 0, "%s", err.message);
    if (ps)
        CHECK(train_uas(ps, &tb) > 0.75, "training UAS with revision-0 features");
    w5_parser_free(ps);
    opts.clusters = cpath;
    CHECK(w5_parser_train(&tb, &tb, NULL, &opts, mpath, &err) == W5_ERR_INVALID,
          "revision 0 with clusters accepted");
    unlink(mpath);
    unlink(cpath);
    w5_treebank_free(&tb);
}

static w5_doc *parse_text(const w5_tagger *tg, const w5_parser *ps,
                          const char *text)
{
    w5_doc *doc;
    w5_error err;
    if (w5_doc_new(text, strlen(text), &doc, &err))
        return NULL;
    if (w5_text_tokenize(doc, &err) || w5_text_split_sentences(doc, &err) ||
        w5_tagger_run(tg, doc, &err) || w5_parser_run(ps, doc, &err)) {
        w5_doc_free(doc);
        return NULL;
    }
    return doc;
}

static long find_token(const w5_doc *doc, const char *form)
{
    size_t n = strlen(form);
    for (size_t i = 0; i < doc->toks.n; i++)
        if (doc->toks.v[i].end - doc->toks.v[i].start == n &&
            memcmp(doc->text + doc->toks.v[i].start, form, n) == 0)
            return (long)i;
    return -1;
}

/* The golden parses of test_syntax.c with the shipped beam model at the
 * width it was trained for: one root per sentence, the same heads. */
static void test_beam_golden(void)
{
    w5_tagger *tg = NULL;
    w5_parser *ps = NULL;
    w5_error err;
    if (w5_tagger_load(W5_MODEL_DIR "/tagger.w5m", &tg, &err) ||
        w5_parser_load(W5_MODEL_DIR "/parser-beam.w5m", &ps, &err)) {
        w5_tagger_free(tg);
        printf("  (skipped: no shipped tagger/beam parser models)\n");
        return;
    }
    CHECK(w5_parser_beam(ps) > 1, "beam model of width %d", w5_parser_beam(ps));
    w5_doc *doc = parse_text(tg, ps, "\"We made progress,\" Kerry told reporters.");
    CHECK(doc != NULL, "parse failed");
    if (doc) {
        long told = find_token(doc, "told"), kerry = find_token(doc, "Kerry");
        long reporters = find_token(doc, "reporters");
        CHECK(told >= 0 && kerry >= 0 && reporters >= 0, "tokens missing");
        if (told >= 0 && kerry >= 0 && reporters >= 0) {
            CHECK(doc->toks.v[kerry].head == told, "head of Kerry is %d",
                  doc->toks.v[kerry].head);
            CHECK_STR(w5_deprel_names[doc->toks.v[kerry].deprel], "nsubj");
            CHECK(doc->toks.v[told].head == -1, "told hangs from %d",
                  doc->toks.v[told].head);
            CHECK(doc->toks.v[reporters].head == told, "head of reporters is %d",
                  doc->toks.v[reporters].head);
        }
        int roots = 0;
        for (size_t i = 0; i < doc->toks.n; i++)
            roots += doc->toks.v[i].head == -1;
        CHECK(roots == 1, "%d roots", roots);
        w5_doc_free(doc);
    }
    doc = parse_text(tg, ps, "Bismillah Mohammadi Khan, Afghanistan's minister of defence, said.");
    CHECK(doc != NULL, "parse failed");
    if (doc) {
        long minister = find_token(doc, "minister");
        long name[3] = {find_token(doc, "Bismillah"), find_token(doc, "Mohammadi"),
                        find_token(doc, "Khan")};
        CHECK(minister >= 0, "no minister");
        if (minister >= 0) {
            int32_t h = doc->toks.v[minister].head;
            CHECK(h == name[0] || h == name[1] || h == name[2],
                  "minister hangs from token %d", h);
            CHECK_STR(w5_deprel_names[doc->toks.v[minister].deprel], "appos");
        }
        w5_doc_free(doc);
    }
    w5_tagger_free(tg);
    w5_parser_free(ps);
}

/* parser.c counts verbs, punctuation and conjunctions by UPOS index */
static void test_upos_indices(void)
{
    CHECK(w5_upos_index("CCONJ") == 5, "CCONJ %d", w5_upos_index("CCONJ"));
    CHECK(w5_upos_index("PUNCT") == 13, "PUNCT %d", w5_upos_index("PUNCT"));
    CHECK(w5_upos_index("VERB") == 16, "VERB %d", w5_upos_index("VERB"));
}

/* A parser from a model in memory (w5_parser_from_buffer, the fuzz
 * target's way in): parses as the one loaded from the file, greedy and
 * at a beam; damaged, truncated, empty and foreign buffers are refused
 * with a message. */
static void test_from_buffer(void)
{
    w5_treebank tb;
    w5_error err;
    w5_treebank_init(&tb);
    if (w5_treebank_read(&tb, fixture, 0, &err)) {
        CHECK(0, "%s", err.message);
        return;
    }
    char mpath[64];
    CHECK(write_temp(mpath, sizeof mpath, "parser", "") == 0, "temp file");
    w5_train_opts opts = {.epochs = 4, .seed = 5, .beam = 4};
    CHECK(w5_parser_train(&tb, &tb, NULL, &opts, mpath, &err) == 0, "%s", err.message);
    FILE *f = fopen(mpath, "rb");
    static unsigned char buf[1 << 20];
    size_t size = f ? fread(buf, 1, sizeof buf, f) : 0;
    if (f)
        fclose(f);
    CHECK(size > 64 && size < sizeof buf, "model of %zu bytes", size);
    w5_parser *file = NULL, *mem = NULL;
    CHECK(w5_parser_load(mpath, &file, &err) == 0, "%s", err.message);
    CHECK(w5_parser_from_buffer(buf, size, &mem, &err) == 0, "%s", err.message);
    if (file && mem) {
        CHECK(w5_parser_trained_beam(mem) == 4, "trained beam %d", w5_parser_trained_beam(mem));
        for (int beam = 1; beam <= 4; beam += 3) {
            w5_parser_set_beam(file, beam);
            w5_parser_set_beam(mem, beam);
            double a = train_uas(file, &tb), b = train_uas(mem, &tb);
            CHECK(a == b && b > 0.5, "beam %d: UAS %.3f from the file, %.3f from memory", beam,
                  a, b);
        }
    }
    w5_parser_free(file);
    w5_parser_free(mem);
    mem = NULL;
    buf[size / 2] ^= 0x40;
    CHECK(w5_parser_from_buffer(buf, size, &mem, &err) == W5_ERR_CHECKSUM && !mem,
          "a damaged buffer accepted");
    CHECK(strstr(err.message, "buffer") != NULL, "%s", err.message);
    buf[size / 2] ^= 0x40;
    CHECK(w5_parser_from_buffer(buf, size - 64, &mem, &err) != 0 && !mem, "a truncated buffer");
    CHECK(w5_parser_from_buffer(buf, 0, &mem, &err) != 0 && !mem, "an empty buffer");
    CHECK(w5_parser_from_buffer(NULL, 10, &mem, &err) == W5_ERR_INVALID && !mem, "NULL data");
    memcpy(buf + 16, "tagger\0", 7);
    CHECK(w5_parser_from_buffer(buf, size, &mem, &err) != 0 && !mem, "a tagger's header");
    unlink(mpath);
    w5_treebank_free(&tb);
}

/* A model whose word clusters claim a depth of 255 bits (a damaged file
 * with a good checksum; fuzz_model found it): parses without a shift of
 * 32 bits or more (undefined; make asan stops on it). */
static void test_damaged_cluster_depth(void)
{
    w5_treebank tb;
    w5_error err;
    w5_treebank_init(&tb);
    if (w5_treebank_read(&tb, fixture, 0, &err)) {
        CHECK(0, "%s", err.message);
        return;
    }
    char cpath[64], mpath[64];
    CHECK(write_temp(cpath, sizeof cpath, "clusters", clusters_text) == 0, "temp file");
    CHECK(write_temp(mpath, sizeof mpath, "parser", "") == 0, "temp file");
    w5_train_opts opts = {.epochs = 2, .seed = 5, .clusters = cpath};
    CHECK(w5_parser_train(&tb, &tb, NULL, &opts, mpath, &err) == 0, "%s", err.message);
    FILE *f = fopen(mpath, "rb");
    static unsigned char buf[1 << 20];
    size_t size = f ? fread(buf, 1, sizeof buf, f) : 0;
    if (f)
        fclose(f);
    /* the section table: name[24], offset, size from byte 64 */
    uint32_t nsec = 0;
    memcpy(&nsec, buf + 12, 4);
    int changed = 0;
    for (uint32_t i = 0; size > 64 && i < nsec && i < 64; i++) {
        const unsigned char *e = buf + 64 + 40 * i;
        uint64_t off, len;
        memcpy(&off, e + 24, 8);
        memcpy(&len, e + 32, 8);
        if (strcmp((const char *)e, "clusters") || off + len > size)
            continue;
        for (uint64_t at = off + 16; at + 16 <= off + len; at += 16) {
            uint64_t key;
            memcpy(&key, buf + at, 8);
            if (key) {
                buf[at + 11] = 0xFF;  /* a's top byte: the depth */
                changed++;
            }
        }
    }
    CHECK(changed > 0, "no clusters in the model");
    uint64_t sum = w5_model_checksum(buf + 64, size - 64);
    memcpy(buf + 40, &sum, 8);
    w5_parser *ps = NULL;
    CHECK(w5_parser_from_buffer(buf, size, &ps, &err) == 0, "%s", err.message);
    if (ps)
        train_uas(ps, &tb);     /* one root each, checked inside */
    w5_parser_free(ps);
    unlink(cpath);
    unlink(mpath);
    w5_treebank_free(&tb);
}

/* A sentence of 10,000 words parses at a beam (greedily beyond
 * W5_PARSER_BEAM_MAX_WORDS words: a beam's time grew with the square of
 * the length) into one tree, alone and in an ensemble. No time is
 * asserted. */
static void test_long_sentence_beam(void)
{
    w5_treebank tb;
    w5_error err;
    w5_treebank_init(&tb);
    if (w5_treebank_read(&tb, fixture, 0, &err)) {
        CHECK(0, "%s", err.message);
        return;
    }
    char mpath[64], rpath[64];
    CHECK(write_temp(mpath, sizeof mpath, "parser", "") == 0, "temp file");
    CHECK(write_temp(rpath, sizeof rpath, "parser", "") == 0, "temp file");
    w5_train_opts opts = {.epochs = 2, .seed = 5, .beam = 4};
    CHECK(w5_parser_train(&tb, &tb, NULL, &opts, mpath, &err) == 0, "%s", err.message);
    opts.right_to_left = 1;
    CHECK(w5_parser_train(&tb, &tb, NULL, &opts, rpath, &err) == 0, "%s", err.message);
    enum { N = 10000 };
    static const char *const words[] = {"the", "old", "man", "saw", "a", "dog", "in", "the",
                                        "park", "and"};
    static const char *const tags[][2] = {{"DET", "DT"}, {"ADJ", "JJ"}, {"NOUN", "NN"},
                                          {"VERB", "VBD"}, {"DET", "DT"}, {"NOUN", "NN"},
                                          {"ADP", "IN"}, {"DET", "DT"}, {"NOUN", "NN"},
                                          {"CCONJ", "CC"}};
    w5_span *sp = malloc(N * sizeof *sp);
    uint8_t *upos = malloc(N), *xpos = malloc(N), *rels = malloc(N);
    int32_t *heads = malloc(N * sizeof *heads);
    w5_parser *m[2] = {NULL, NULL}, *ens = NULL;
    if (!sp || !upos || !xpos || !rels || !heads) {
        CHECK(0, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < N; i++) {
        sp[i].s = words[i % 10];
        sp[i].len = (uint32_t)strlen(words[i % 10]);
        upos[i] = (uint8_t)w5_upos_index(tags[i % 10][0]);
        xpos[i] = (uint8_t)w5_xpos_index(tags[i % 10][1]);
    }
    CHECK(w5_parser_load(mpath, &m[0], &err) == 0, "%s", err.message);
    CHECK(w5_parser_load(rpath, &m[1], &err) == 0, "%s", err.message);
    if (!m[0] || !m[1])
        goto done;
    CHECK(w5_parser_beam(m[0]) == 4, "beam %d", w5_parser_beam(m[0]));
    float weights[2] = {1, 0.75f};
    for (int pass = 0; pass < 2; pass++) {
        const w5_parser *ps = pass ? ens : m[0];
        CHECK(w5_parser_parse(ps, sp, upos, xpos, N, heads, rels) == 0, "pass %d", pass);
        size_t roots = 0, bad = 0;
        for (size_t i = 0; i < N; i++) {
            roots += heads[i] == -1;
            bad += heads[i] < -1 || heads[i] >= N || heads[i] == (int32_t)i ||
                   rels[i] >= W5_DEPREL_COUNT;
        }
        CHECK(roots == 1 && bad == 0, "pass %d: %zu roots, %zu bad arcs", pass, roots, bad);
        if (!pass) {
            CHECK(w5_parser_ensemble(m, weights, 2, &ens, &err) == 0, "%s", err.message);
            m[0] = m[1] = NULL;     /* the ensemble's now */
            if (!ens)
                break;
        }
    }
    /* just under the limit, the beam itself (a shorter sentence) */
    size_t at = W5_PARSER_BEAM_MAX_WORDS < N ? W5_PARSER_BEAM_MAX_WORDS : N;
    CHECK(ens && w5_parser_parse(ens, sp, upos, xpos, at, heads, rels) == 0,
          "a sentence at the limit");
done:
    w5_parser_free(m[0]);
    w5_parser_free(m[1]);
    w5_parser_free(ens);
    free(sp);
    free(upos);
    free(xpos);
    free(rels);
    free(heads);
    unlink(mpath);
    unlink(rpath);
    w5_treebank_free(&tb);
}

int main(void)
{
    RUN(test_upos_indices);
    RUN(test_clusters);
    RUN(test_beam_training);
    RUN(test_rev0);
    RUN(test_beam_golden);
    RUN(test_from_buffer);
    RUN(test_damaged_cluster_depth);
    RUN(test_long_sentence_beam);
    return check_summary();
}
