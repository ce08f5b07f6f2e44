/*
 * test_syntax.c - tagger, lemmatizer and parser: the CoNLL-U reader,
 * quick training on a small self-written treebank, model round trips,
 * pathological input, and golden parses with the shipped models (skipped
 * when they are missing).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "doc/doc.h"
#include "doc/tagset.h"
#include "syntax/syntax.h"
#include "text/text.h"

static const char *fixture = "tests/fixtures/syntax/small.conllu";
static char tagger_path[64], parser_path[64];
static w5_tagger *tagger;
static w5_parser *parser;

static void test_treebank_reader(void)
{
    static const char text[] =
        "# newdoc id = GUM_fiction_x\n"
        "1\tSkipped\tskip\tVERB\tVB\t_\t0\troot\t_\t_\n"
        "\n"
        "# newdoc id = GUM_news_y\n"
        "# newpar\n"
        "1\tShe\tshe\tPRON\tPRP\t_\t4\tnsubj\t_\t_\n"
        "2-3\tdoesn't\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n"
        "2\tdoes\tdo\tAUX\tVBZ\t_\t4\taux\t_\t_\n"
        "3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_\n"
        "3.1\tx\tx\tX\tXX\t_\t_\t_\t4:dep\t_\n"
        "4\tknow\tknow\tVERB\tVB\t_\t0\troot\t_\t_\n"
        "5\tit\tit\tPRON\tPRP\t_\t4\tobj:x\t_\t_\n";
    w5_treebank tb;
    w5_error err;
    w5_treebank_init(&tb);
    CHECK(w5_treebank_parse(&tb, text, sizeof text - 1, "t", W5_TB_SKIP_NC, &err) == 0,
          "%s", err.message);
    CHECK(tb.sents.n == 1, "%zu sentences", tb.sents.n);
    CHECK(tb.words.n == 5, "%zu words", tb.words.n);
    CHECK(tb.toks.n == 4, "%zu tokens", tb.toks.n);
    if (tb.words.n == 5 && tb.sents.n == 1) {
        CHECK(tb.sents.v[0].new_doc && tb.sents.v[0].new_par, "doc/par flags");
        CHECK(tb.words.v[0].head == 3, "head %d", tb.words.v[0].head);
        CHECK(tb.words.v[3].head == -1, "root head %d", tb.words.v[3].head);
        CHECK(tb.words.v[1].tok == tb.words.v[2].tok, "one surface token");
        CHECK(!tb.toks.v[1].space_after, "SpaceAfter=No on the range");
        /* an unknown subtype falls back to its universal relation */
        CHECK_STR(w5_deprel_names[tb.words.v[4].deprel], "obj");
        CHECK_STR(w5_tb_str(&tb, tb.words.v[2].lemma), "not");
    }
    w5_treebank_free(&tb);

    /* without the flag the fiction document is kept */
    w5_treebank_init(&tb);
    CHECK(w5_treebank_parse(&tb, text, sizeof text - 1, "t", 0, &err) == 0, "%s",
          err.message);
    CHECK(tb.sents.n == 2, "%zu sentences", tb.sents.n);
    w5_treebank_free(&tb);

    static const char bad[] = "1\tonly\tthree\n";
    w5_treebank_init(&tb);
    CHECK(w5_treebank_parse(&tb, bad, sizeof bad - 1, "bad", 0, &err) == W5_ERR_FORMAT,
          "malformed line accepted");
    CHECK(strstr(err.message, "bad:1") != NULL, "%s", err.message);
    w5_treebank_free(&tb);
}

static int temp_path(char *buf, size_t cap, const char *what)
{
    snprintf(buf, cap, "/tmp/w5-test-%s-XXXXXX", what);
    int fd = mkstemp(buf);
    if (fd < 0)
        return -1;
    close(fd);
    return 0;
}

static void train_models(void)
{
    w5_treebank tb;
    w5_error err;
    w5_treebank_init(&tb);
    if (w5_treebank_read(&tb, fixture, 0, &err)) {
        fprintf(stderr, "%s\n", err.message);
        return;
    }
    if (temp_path(tagger_path, sizeof tagger_path, "tagger") ||
        temp_path(parser_path, sizeof parser_path, "parser"))
        return;
    w5_train_opts opts = {.epochs = 6, .seed = 3};
    CHECK(w5_tagger_train(&tb, &tb, &opts, tagger_path, &err) == 0, "%s", err.message);
    CHECK(w5_tagger_load(tagger_path, &tagger, &err) == 0, "%s", err.message);
    opts.epochs = 8;
    opts.jackknife = 2;
    CHECK(w5_parser_train(&tb, &tb, tagger, &opts, parser_path, &err) == 0, "%s",
          err.message);
    CHECK(w5_parser_load(parser_path, &parser, &err) == 0, "%s", err.message);
    w5_treebank_free(&tb);
}

static void test_quick_training(void)
{
    train_models();
    if (!tagger || !parser)
        return;
    /* A sentence of the training patterns, not in the fixture. */
    const char *words[] = {"The", "small", "bird", "watched", "the", "river",
                           "in", "the", "garden", "."};
    const int want_head[] = {2, 2, 3, -1, 5, 3, 8, 8, 3, 3};
    enum { N = 10 };
    w5_span sp[N];
    uint8_t x[N], u[N], d[N];
    int32_t h[N];
    for (int i = 0; i < N; i++) {
        sp[i].s = words[i];
        sp[i].len = (uint32_t)strlen(words[i]);
    }
    CHECK(w5_tagger_tag(tagger, sp, N, x, u) == 0, "tagging failed");
    CHECK_STR(w5_xpos_names[x[3]], "VBD");
    CHECK_STR(w5_upos_names[u[2]], "NOUN");
    CHECK(w5_parser_parse(parser, sp, u, x, N, h, d) == 0, "parsing failed");
    int correct = 0;
    for (int i = 0; i < N; i++)
        correct += h[i] == want_head[i];
    CHECK(correct >= 8, "%d of %d heads right", correct, N);
    CHECK(h[3] == -1 && strcmp(w5_deprel_names[d[3]], "root") == 0, "root %d", h[3]);

    char lemma[64];
    w5_tagger_lemma(tagger, "saw", 3, w5_xpos_index("VBD"), lemma, sizeof lemma);
    CHECK_STR(lemma, "see");
    w5_tagger_lemma(tagger, "Rivers", 6, w5_xpos_index("NNS"), lemma, sizeof lemma);
    CHECK_STR(lemma, "river");
    w5_tagger_lemma(tagger, "The", 3, w5_xpos_index("DT"), lemma, sizeof lemma);
    CHECK_STR(lemma, "the");
}

/* A document of `n` words, one sentence, tagged and parsed. */
static void check_doc_parse(const char *text, const char *what)
{
    w5_doc *doc;
    w5_error err;
    if (w5_doc_new(text, strlen(text), &doc, &err))
        return;
    CHECK(w5_text_tokenize(doc, &err) == 0, "%s", err.message);
    CHECK(w5_text_split_sentences(doc, &err) == 0, "%s", err.message);
    CHECK(w5_tagger_run(tagger, doc, &err) == 0, "%s: %s", what, err.message);
    CHECK(w5_parser_run(parser, doc, &err) == 0, "%s: %s", what, err.message);
    for (size_t s = 0; s < doc->sents.n; s++) {
        const w5_sent *se = &doc->sents.v[s];
        int roots = 0, bad = 0;
        for (uint32_t i = se->tok_begin; i < se->tok_end; i++) {
            const w5_tok *t = &doc->toks.v[i];
            roots += t->head == -1;
            bad += t->head != -1 && (t->head < (int32_t)se->tok_begin ||
                                     t->head >= (int32_t)se->tok_end ||
                                     t->head == (int32_t)i);
            bad += t->upos == 0 || t->xpos == 0 || t->deprel == 0;
        }
        CHECK(roots == 1, "%s: sentence %zu has %d roots", what, s, roots);
        CHECK(bad == 0, "%s: sentence %zu has %d bad tokens", what, s, bad);
    }
    w5_doc_free(doc);
}

static void test_pathological(void)
{
    if (!tagger || !parser)
        return;
    /* 10,000 words without punctuation: one sentence, linear time */
    size_t n = 10000;
    char *big = malloc(n * 6 + 1);
    if (!big)
        return;
    size_t len = 0;
    const char *w[] = {"dog ", "saw ", "the ", "cat ", "red "};
    for (size_t i = 0; i < n; i++) {
        memcpy(big + len, w[i % 5], 4);
        len += 4;
    }
    big[len] = '\0';
    check_doc_parse(big, "long");
    free(big);
    check_doc_parse("the dog saw the cat", "no punctuation");
    check_doc_parse("!!! ... ??? --- ,,, ;;", "only punctuation");
    check_doc_parse("", "empty");
    check_doc_parse(".", "one token");

    /* the same straight on spans, with a huge sentence of one repeated word */
    w5_span *sp = malloc(n * sizeof *sp);
    uint8_t *t = malloc(3 * n);
    int32_t *h = malloc(n * sizeof *h);
    if (sp && t && h) {
        for (size_t i = 0; i < n; i++) {
            sp[i].s = ",";
            sp[i].len = 1;
        }
        CHECK(w5_tagger_tag(tagger, sp, n, t, t + n) == 0, "tag");
        CHECK(w5_parser_parse(parser, sp, t + n, t, n, h, t + 2 * n) == 0, "parse");
        int roots = 0;
        for (size_t i = 0; i < n; i++)
            roots += h[i] == -1;
        CHECK(roots == 1, "%d roots", roots);
    }
    free(sp);
    free(t);
    free(h);
}

static void test_model_files(void)
{
    w5_tagger *tg = NULL;
    w5_parser *ps = NULL;
    w5_error err;
    CHECK(w5_tagger_load("/nonexistent/tagger.w5m", &tg, &err) != 0 && !tg,
          "missing file loaded");
    CHECK(strstr(err.message, "/nonexistent/tagger.w5m") != NULL, "%s", err.message);
    if (!tagger_path[0])
        return;
    /* a tagger is not a parser */
    CHECK(w5_parser_load(tagger_path, &ps, &err) != 0 && !ps, "stage not checked");
    /* a truncated copy is refused */
    char *data;
    size_t len;
    if (w5_read_file(parser_path, &data, &len, &err))
        return;
    char cut[64];
    if (temp_path(cut, sizeof cut, "cut") == 0) {
        FILE *f = fopen(cut, "wb");
        if (f) {
            fwrite(data, 1, len / 2, f);
            fclose(f);
            CHECK(w5_parser_load(cut, &ps, &err) != 0 && !ps, "truncated model loaded");
        }
        remove(cut);
    }
    free(data);
}

/* Golden parses with the shipped models. */
static int shipped(w5_tagger **tg, w5_parser **ps)
{
    w5_error err;
    if (w5_tagger_load(W5_MODEL_DIR "/tagger.w5m", tg, &err) ||
        w5_parser_load(W5_MODEL_DIR "/parser.w5m", ps, &err)) {
        w5_tagger_free(*tg);
        *tg = NULL;
        return 0;
    }
    return 1;
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

static void test_golden_parses(void)
{
    w5_tagger *tg = NULL;
    w5_parser *ps = NULL;
    if (!shipped(&tg, &ps)) {
        printf("  (skipped: no shipped tagger/parser models)\n");
        return;
    }
    w5_doc *doc = parse_text(tg, ps, "\"We made progress,\" Kerry told reporters.");
    CHECK(doc != NULL, "parse failed");
    if (doc) {
        long told = find_token(doc, "told"), kerry = find_token(doc, "Kerry");
        CHECK(told >= 0 && kerry >= 0, "tokens missing");
        if (told >= 0 && kerry >= 0) {
            CHECK(doc->toks.v[kerry].head == told, "head of Kerry is %d",
                  doc->toks.v[kerry].head);
            CHECK_STR(w5_deprel_names[doc->toks.v[kerry].deprel], "nsubj");
        }
        w5_doc_free(doc);
    }
    doc = parse_text(tg, ps, "Bismillah Mohammadi Khan, Afghanistan's minister of defence, said.");
    CHECK(doc != NULL, "parse failed");
    if (doc) {
        long minister = find_token(doc, "minister");
        long name[3] = {find_token(doc, "Bismillah"), find_token(doc, "Mohammadi"),
                        find_token(doc, "Khan")};
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

int main(void)
{
    RUN(test_treebank_reader);
    RUN(test_quick_training);
    RUN(test_pathological);
    RUN(test_model_files);
    RUN(test_golden_parses);
    w5_tagger_free(tagger);
    w5_parser_free(parser);
    if (tagger_path[0])
        remove(tagger_path);
    if (parser_path[0])
        remove(parser_path);
    return check_summary();
}
