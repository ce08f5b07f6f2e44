/*
 * test_graph.c - the graph parser (src/syntax/graph*.c): its gradient
 * against finite differences, the one-root spanning tree, a quick
 * training run whose model parses, round-trips and survives long and
 * odd sentences.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "check.h"
#include "doc/doc.h"
#include "doc/tagset.h"
#include "text/text.h"
#include "syntax/graph.h"
#include "syntax/graph_file.h"

static float rnd(uint64_t *s)
{
    return (float)(w5_rand_next(s) >> 40) / 16777216.0f * 2.0f - 1.0f;
}

static void tiny_dims(w5_gdims *d)
{
    const uint32_t dims[W5_G_GROUPS] = {3, 2, 2, 2, 2, 3, 2};
    const uint32_t rows[W5_G_GROUPS] = {6, 4, 3, 3, W5_G_FLAG_ROWS, W5_XPOS_COUNT,
                                        W5_UPOS_COUNT};
    *d = (w5_gdims){.h = 3, .layers = 2, .da = 4, .dl = 3, .nlab = 5};
    memcpy(d->dim, dims, sizeof dims);
    memcpy(d->rows, rows, sizeof rows);
    w5_gdims_finish(d);
}

/* loss of the gold tree; g (may be NULL) gets the gradient */
static double loss_of(const w5_gdims *d, const w5_gparams *p, const w5_gkern *k,
                      const uint32_t *rows, size_t n, const int32_t *heads,
                      const uint8_t *labels, w5_gwork *w, w5_gparams *g)
{
    long ok = 0;
    w5_gnet_forward(d, p, k, rows, n, w, NULL);
    return w5_gnet_backward(d, p, k, n, heads, labels, w, NULL, g, NULL, &ok);
}

static void test_gradient(void)
{
    w5_gdims d;
    tiny_dims(&d);
    w5_gparams p, g, scratch;
    size_t total = w5_gparams_layout(&d, NULL, &p);
    float *pb = malloc(total * sizeof *pb), *gb = calloc(total, sizeof *gb),
          *sb = calloc(total, sizeof *sb);
    w5_gparams_layout(&d, pb, &p);
    w5_gparams_layout(&d, gb, &g);
    w5_gparams_layout(&d, sb, &scratch);
    uint64_t rng = 7;
    for (size_t i = 0; i < total; i++)
        pb[i] = 0.5f * rnd(&rng);
    w5_gkern k;
    w5_gkern_pick(&k);
    enum { N = 5 };
    uint32_t rows[N * W5_G_GROUPS];
    for (size_t i = 0; i < N; i++)
        for (int gr = 0; gr < W5_G_GROUPS; gr++)
            rows[i * W5_G_GROUPS + (size_t)gr] = (uint32_t)(i + (size_t)gr) % d.rows[gr];
    const int32_t heads[N] = {2, 0, 4, 2, 2};
    const uint8_t labels[N] = {1, 2, 3, 4, 1};
    w5_gwork w = {0};
    CHECK(w5_gwork_reserve(&w, &d, N) == 0, "reserve");
    loss_of(&d, &p, &k, rows, N, heads, labels, &w, &g);
    int bad = 0;
    double worst = 0;
    for (size_t i = 0; i < total; i++) {
        float keep = pb[i];
        const float eps = 2e-3f;
        pb[i] = keep + eps;
        double up = loss_of(&d, &p, &k, rows, N, heads, labels, &w, &scratch);
        pb[i] = keep - eps;
        double down = loss_of(&d, &p, &k, rows, N, heads, labels, &w, &scratch);
        pb[i] = keep;
        double num = (up - down) / (2 * eps), an = gb[i];
        double err = fabs(num - an) / (fabs(num) + fabs(an) + 1e-2);
        worst = err > worst ? err : worst;
        bad += err > 0.05;
        if (err > 0.05)
            fprintf(stderr, "param %zu (emb %zu): num %g an %g\n", i, p.nemb, num, an);
    }
    CHECK(bad == 0, "%d of %zu gradients disagree with finite differences (worst %.3f)", bad,
          total, worst);
    w5_gwork_free(&w);
    free(pb);
    free(gb);
    free(sb);
}

/* The picked kernels (AVX2 on this machine, most likely) against plain
 * loops, on sizes with and without whole blocks. */
static void test_kernels(void)
{
    w5_gkern k;
    w5_gkern_pick(&k);
    uint64_t rng = 11;
    const size_t sizes[][3] = {{7, 9, 37}, {8, 16, 32}, {1, 3, 5}, {13, 40, 800}};
    for (size_t c = 0; c < sizeof sizes / sizeof *sizes; c++) {
        size_t n = sizes[c][0], kk = sizes[c][1], m = sizes[c][2];
        float *x = malloc(n * kk * sizeof *x), *w = malloc(kk * m * sizeof *w);
        float *y = calloc(n * m, sizeof *y), *dw = calloc(kk * m, sizeof *dw);
        float *dy = malloc(n * m * sizeof *dy);
        for (size_t i = 0; i < n * kk; i++)
            x[i] = rnd(&rng);
        for (size_t i = 0; i < kk * m; i++)
            w[i] = rnd(&rng);
        for (size_t i = 0; i < n * m; i++)
            dy[i] = rnd(&rng);
        k.gemm(x, n, kk, w, m, y);
        k.gemm_tn(x, n, kk, dy, m, dw);
        double worst = 0;
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < m; j++) {
                double want = 0;
                for (size_t a = 0; a < kk; a++)
                    want += (double)x[i * kk + a] * w[a * m + j];
                worst = fabs(want - y[i * m + j]) > worst ? fabs(want - y[i * m + j]) : worst;
            }
        for (size_t a = 0; a < kk; a++)
            for (size_t j = 0; j < m; j++) {
                double want = 0;
                for (size_t i = 0; i < n; i++)
                    want += (double)x[i * kk + a] * dy[i * m + j];
                worst = fabs(want - dw[a * m + j]) > worst ? fabs(want - dw[a * m + j]) : worst;
            }
        CHECK(worst < 1e-4, "%zu x %zu x %zu: off by %g", n, kk, m, worst);
        free(x);
        free(w);
        free(y);
        free(dw);
        free(dy);
    }
}

static void test_max_tree(void)
{
    /* 3 words; scores favour two roots (words 0 and 2) and 1 <- 0 */
    const float s[3 * 4] = {
        -0.1f, -9, -5, -5,  /* word 0: root best */
        -5, -0.1f, -9, -5,  /* word 1: head word 0 */
        -0.2f, -5, -1, -9,  /* word 2: root, else word 1 */
    };
    int32_t heads[3];
    CHECK(w5_max_tree(s, 3, 16, heads) == 0, "max tree");
    CHECK(heads[0] == -1 && heads[1] == 0 && heads[2] == 1, "heads %d %d %d", heads[0],
          heads[1], heads[2]);
    /* a cycle 0 <-> 1 is broken */
    const float c[2 * 3] = {-5, -9, -0.1f, -4, -0.1f, -9};
    CHECK(w5_max_tree(c, 2, 1, heads) == 0, "max tree 2");
    int roots = (heads[0] < 0) + (heads[1] < 0);
    CHECK(roots == 1, "one root, got %d", roots);
    /* NaN scores (a damaged model's) still give one root */
    float nan[6 * 7];
    for (size_t i = 0; i < 6 * 7; i++)
        nan[i] = NAN;
    int32_t h6[6];
    CHECK(w5_max_tree(nan, 6, 16, h6) == 0, "max tree of NaN");
    roots = 0;
    for (int i = 0; i < 6; i++)
        roots += h6[i] < 0;
    CHECK(roots == 1, "NaN scores: %d roots", roots);
}

static const char *fixture = "tests/fixtures/syntax/small.conllu";

/* Parses n words (tags all NOUN / NN) and checks the result is a tree. */
static void check_tree(const w5_parser *ps, const w5_span *words, size_t n, const char *what)
{
    uint8_t *tags = calloc(2 * n + 1, 1);
    uint8_t *labs = malloc(n + 1);
    int32_t *heads = malloc((n + 1) * sizeof *heads);
    for (size_t i = 0; i < 2 * n; i++)
        tags[i] = i < n ? W5_UPOS_NOUN : 0;
    CHECK(w5_parser_parse(ps, words, tags, tags + n, n, heads, labs) == 0, "%s: parse", what);
    int roots = 0, bad = 0;
    for (size_t i = 0; i < n; i++) {
        roots += heads[i] == -1;
        bad += heads[i] < -1 || heads[i] >= (int32_t)n || heads[i] == (int32_t)i ||
               labs[i] == 0 || labs[i] >= W5_DEPREL_COUNT;
        /* no cycles: following heads from i reaches the root in < n steps */
        int32_t at = (int32_t)i;
        size_t steps = 0;
        while (at >= 0 && steps <= n) {
            at = heads[at];
            steps++;
        }
        bad += steps > n;
    }
    CHECK(roots == 1 && bad == 0, "%s: %d roots, %d bad heads", what, roots, bad);
    free(tags);
    free(labs);
    free(heads);
}

/* Quick training on the small treebank (gold tags), two threads: the
 * model learns its training trees, loads as a parser, parses long and odd
 * sentences into trees, and a truncated file is refused. */
static void test_train_small(void)
{
    w5_treebank tb;
    w5_treebank_init(&tb);
    w5_error err;
    CHECK(w5_treebank_read(&tb, fixture, 0, &err) == 0, "%s", err.message);
    char path[] = "/tmp/w5-test-graph-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0, "temp file");
    close(fd);
    w5_graph_train_opts o = {.epochs = 25, .hidden = 32, .layers = 2, .arc_dim = 64,
                             .label_dim = 16, .word_dim = 16, .min_count = 1, .batch = 40,
                             .lr = 4e-3f, .drop_hidden = 0.1f, .threads = 2, .seed = 3};
    CHECK(w5_graph_train(&tb, &tb, NULL, &o, path, &err) == 0, "%s", err.message);
    w5_parser *ps = NULL;
    CHECK(w5_parser_load(path, &ps, &err) == 0, "%s", err.message);
    if (ps) {
        long right = 0, total = 0;
        for (size_t s = 0; s < tb.sents.n; s++) {
            const w5_tb_sent *se = &tb.sents.v[s];
            size_t n = se->word_end - se->word_begin;
            w5_span sp[64];
            uint8_t u[64], x[64], l[64];
            int32_t h[64];
            if (n > 64)
                continue;
            for (size_t i = 0; i < n; i++) {
                const w5_tb_word *w = &tb.words.v[se->word_begin + i];
                sp[i].s = w5_tb_str(&tb, w->form);
                sp[i].len = (uint32_t)strlen(sp[i].s);
                u[i] = w->upos;
                x[i] = w->xpos;
            }
            if (w5_parser_parse(ps, sp, u, x, n, h, l) == 0)
                for (size_t i = 0; i < n; i++, total++)
                    right += h[i] == tb.words.v[se->word_begin + i].head;
        }
        CHECK(total && right > total * 9 / 10, "fits %ld of %ld training heads", right, total);
        CHECK(w5_parser_save(ps, path, &err) == W5_ERR_INVALID, "a graph parser is not re-saved");
        /* 10,000 words with no punctuation, then only punctuation */
        enum { LONG = 10000 };
        w5_span *words = malloc(LONG * sizeof *words);
        for (size_t i = 0; i < LONG; i++)
            words[i] = (w5_span){i % 3 ? "word" : "the", i % 3 ? 4u : 3u};
        check_tree(ps, words, LONG, "10,000 words");
        for (size_t i = 0; i < 300; i++)
            words[i] = (w5_span){i % 2 ? "." : "!!", i % 2 ? 1u : 2u};
        check_tree(ps, words, 300, "punctuation");
        words[0] = (w5_span){"\xff\xfe", 2};
        check_tree(ps, words, 1, "one junk word");
        free(words);
        w5_parser_free(ps);
    }
    /* a truncated model is refused with a message */
    FILE *f = fopen(path, "rb");
    long size = 0;
    char *data = NULL;
    if (f && fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (data = malloc((size_t)size)) && fread(data, 1, (size_t)size, f) == (size_t)size) {
        fclose(f);
        f = fopen(path, "wb");
        fwrite(data, 1, (size_t)size / 2, f);
    }
    if (f)
        fclose(f);
    ps = NULL;
    CHECK(w5_parser_load(path, &ps, &err) != 0 && ps == NULL && err.message[0],
          "truncated model loaded");
    free(data);
    remove(path);
    w5_treebank_free(&tb);
}

/* A damaged model whose key map gives a suffix a row of the (larger)
 * word table must not read past the suffix table (ASan). */
static void test_key_of_other_group(void)
{
    w5_gdims d;
    tiny_dims(&d);
    d.rows[W5_G_WORD] = 1000;
    d.rows[W5_G_SFX] = 1;
    d.nlab = W5_DEPREL_COUNT;
    w5_gparams p;
    size_t total = w5_gparams_layout(&d, NULL, &p);
    float *base = calloc(total, sizeof *base);
    w5_gparams_layout(&d, base, &p);
    w5_smap empty = {0};
    w5_span word = {"abc", 3};
    uint64_t v[W5_G_GROUPS];
    w5_graph_values(&empty, &word, v);
    w5_smap_entry e = {w5_graph_key(W5_G_SFX, v[W5_G_SFX]), 999, W5_G_WORD};
    void *kdata = NULL;
    size_t ksize = 0;
    char path[] = "/tmp/w5-test-graph-key-XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    w5_error err;
    CHECK(w5_smap_build(&e, 1, &kdata, &ksize) == 0, "key map");
    CHECK(w5_gfile_write(path, &d, &p, kdata, ksize, NULL, 0, &err) == 0, "%s", err.message);
    w5_parser *ps = NULL;
    CHECK(w5_parser_load(path, &ps, &err) == 0, "%s", err.message);
    if (ps) {
        w5_span words[2] = {word, word};
        check_tree(ps, words, 2, "damaged key");
        w5_parser_free(ps);
    }
    remove(path);
    free(kdata);
    free(base);
}

/* The index of the token `word` in doc, or -1. */
static long token_of(const w5_doc *doc, const char *word)
{
    for (size_t i = 0; i < doc->toks.n; i++) {
        size_t len = doc->toks.v[i].end - doc->toks.v[i].start;
        if (len == strlen(word) && memcmp(doc->text + doc->toks.v[i].start, word, len) == 0)
            return (long)i;
    }
    return -1;
}

/* The shipped graph parser gives the golden parses: Kerry the
 * subject of "told", and the apposition to Bismillah Mohammadi Khan. */
static void test_shipped_golden(void)
{
    w5_tagger *tg = NULL;
    w5_parser *ps = NULL;
    w5_error err;
    if (access(W5_MODEL_DIR "/parser-graph.w5m", R_OK) != 0 ||
        w5_tagger_load(W5_MODEL_DIR "/tagger.w5m", &tg, &err) ||
        w5_parser_load(W5_MODEL_DIR "/parser-graph.w5m", &ps, &err)) {
        w5_tagger_free(tg);
        printf("  (skipped: no shipped graph parser)\n");
        return;
    }
    const char *text = "\"We made progress,\" Kerry told reporters. Bismillah Mohammadi "
                       "Khan, Afghanistan's minister of defence, attended the meeting.";
    w5_doc *doc = NULL;
    CHECK(w5_doc_new(text, strlen(text), &doc, &err) == 0 && w5_text_tokenize(doc, &err) == 0 &&
              w5_text_split_sentences(doc, &err) == 0 && w5_tagger_run(tg, doc, &err) == 0 &&
              w5_parser_run(ps, doc, &err) == 0,
          "analysis failed");
    if (doc) {
        long told = token_of(doc, "told"), kerry = token_of(doc, "Kerry");
        long khan = token_of(doc, "Khan"), minister = token_of(doc, "minister");
        CHECK(told >= 0 && kerry >= 0 && khan >= 0 && minister >= 0, "tokens missing");
        if (told >= 0 && kerry >= 0 && khan >= 0 && minister >= 0) {
            CHECK(doc->toks.v[kerry].head == told, "head of Kerry is %d", doc->toks.v[kerry].head);
            CHECK_STR(w5_deprel_names[doc->toks.v[kerry].deprel], "nsubj");
            CHECK(doc->toks.v[told].head == -1, "told hangs from %d", doc->toks.v[told].head);
            /* the minister hangs from the name (whichever of its three
             * words heads it) as its apposition */
            long bism = token_of(doc, "Bismillah");
            int32_t mh = doc->toks.v[minister].head;
            CHECK(mh >= bism && mh <= khan, "head of minister is %d", mh);
            CHECK_STR(w5_deprel_names[doc->toks.v[minister].deprel], "appos");
        }
        w5_doc_free(doc);
    }
    w5_tagger_free(tg);
    w5_parser_free(ps);
}

int main(void)
{
    RUN(test_gradient);
    RUN(test_kernels);
    RUN(test_max_tree);
    RUN(test_train_small);
    RUN(test_key_of_other_group);
    RUN(test_shipped_golden);
    return check_summary();
}
