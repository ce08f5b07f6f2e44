/*
 * test_ner.c - the CoNLL reader, the conlleval scorer, and the NER model:
 * quick training on a self-written fixture, save/load round trip, loader
 * rejection of damaged files, robustness on odd input, and golden outputs
 * of the shipped model (skipped when models/ner.w5m is missing).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "eval/ner.h"
#include "input/conll.h"
#include "ner/ner.h"
#include "ner/ner_int.h"
#include "text/text.h"

#define FIXTURES "tests/fixtures/ner/"

static char model_path[64];
static int have_model;

static void test_conll_reader(void)
{
    const char *text = "-DOCSTART- -X- O O\n\nEU NNP I-NP I-ORG\r\nrejects\tVBZ O\n\n"
                       "  \nsolo\nlast x B-PER";
    w5_conll c;
    w5_error err;
    CHECK(w5_conll_parse(text, strlen(text), &c, &err) == 0, "parse: %s", err.message);
    CHECK(c.lines.n == 8, "lines %zu", c.lines.n);
    CHECK(c.lines.v[0].kind == W5_CONLL_DOCSTART, "docstart");
    CHECK(c.lines.v[1].kind == W5_CONLL_BLANK, "blank");
    const w5_conll_line *l = &c.lines.v[2];
    CHECK(l->kind == W5_CONLL_TOKEN && l->word_end - l->word_start == 2, "EU");
    CHECK(strncmp(c.text + l->tag_start, "I-ORG", l->tag_end - l->tag_start) == 0 &&
              l->tag_end - l->tag_start == 5, "tag with CRLF");
    l = &c.lines.v[3];
    CHECK(strncmp(c.text + l->tag_start, "O", 1) == 0 && l->tag_end - l->tag_start == 1,
          "tab separated");
    CHECK(c.lines.v[5].kind == W5_CONLL_BLANK, "spaces only = blank");
    l = &c.lines.v[6];
    CHECK(l->tag_start == l->tag_end, "one column has no tag");
    size_t pos = 0, doc = 0, nsent = 0;
    w5_conll_sent s;
    while (w5_conll_next_sent(&c, &pos, &doc, &s))
        nsent++;
    CHECK(nsent == 2 && doc == 1, "sentences %zu docs %zu", nsent, doc);
    w5_conll_free(&c);
    CHECK(w5_conll_parse("", 0, &c, &err) == 0 && c.lines.n == 0, "empty input");
    w5_conll_free(&c);
}

/* Feeds "gold pred" pairs; "|" is a sentence boundary. */
static void score(w5_eval_ner *ev, const char *const *pairs, size_t n)
{
    w5_eval_ner_init(ev);
    for (size_t i = 0; i < n; i += 2) {
        if (!strcmp(pairs[i], "|")) {
            w5_eval_ner_boundary(ev);
            i--;
            continue;
        }
        w5_eval_ner_token(ev, pairs[i], strlen(pairs[i]), pairs[i + 1], strlen(pairs[i + 1]));
    }
    w5_eval_ner_finish(ev);
}

static void test_conlleval(void)
{
    /* IOB1 gold against IOB2 predictions: same phrases. */
    static const char *const a[] = {"I-PER", "B-PER", "I-PER", "I-PER", "O", "O",
                                    "I-LOC", "B-LOC", "B-LOC", "B-LOC", "|",
                                    "I-ORG", "B-ORG"};
    w5_eval_ner ev;
    score(&ev, a, sizeof a / sizeof *a);
    CHECK(ev.all.gold == 4 && ev.all.pred == 4 && ev.all.correct == 4,
          "gold %zu pred %zu correct %zu", ev.all.gold, ev.all.pred, ev.all.correct);
    /* Wrong boundary and wrong type are both errors. */
    static const char *const b[] = {"B-PER", "B-PER", "I-PER", "O",   "O", "O",
                                    "B-LOC", "B-ORG", "O",     "B-MISC"};
    score(&ev, b, sizeof b / sizeof *b);
    CHECK(ev.all.gold == 2 && ev.all.pred == 3 && ev.all.correct == 0,
          "gold %zu pred %zu correct %zu", ev.all.gold, ev.all.pred, ev.all.correct);
    double p, r, f;
    w5_eval_ner_prf(&ev.all, &p, &r, &f);
    CHECK(p == 0 && r == 0 && f == 0, "prf");
    char *rep = w5_eval_ner_report(&ev);
    CHECK(rep && strstr(rep, "processed 5 tokens with 2 phrases; found: 3 phrases; correct: 0."),
          "report: %s", rep ? rep : "(null)");
    CHECK(rep && strstr(rep, "MISC:") < strstr(rep, "ORG:"), "types sorted");
    free(rep);
}

static void test_bilou(void)
{
    int types[] = {0, 0, -1, 2, 2, 2, 1};
    char parts[] = {'I', 'I', 'O', 'I', 'B', 'I', 'I'};
    uint8_t lab[7];
    ner_tags_to_bilou(types, parts, 7, lab);
    /* PER PER | O | LOC | LOC LOC | ORG */
    CHECK(w5_ner_label_part(lab[0]) == 'B' && w5_ner_label_part(lab[1]) == 'L', "B L");
    CHECK(lab[2] == 0, "O");
    CHECK(w5_ner_label_part(lab[3]) == 'U' && w5_ner_label_type(lab[3]) == W5_NER_LOC, "U-LOC");
    CHECK(w5_ner_label_part(lab[4]) == 'B' && w5_ner_label_part(lab[5]) == 'L', "IOB1 B");
    CHECK(w5_ner_label_part(lab[6]) == 'U' && w5_ner_label_type(lab[6]) == W5_NER_ORG, "U-ORG");
}

/* Tags a CoNLL file; returns the share of tokens whose entity type (or O)
 * is right, and optionally the labels. */
static double type_accuracy(const w5_ner_model *m, const char *path, uint8_t **labels_out,
                            double *majority)
{
    w5_conll c;
    w5_error err;
    if (w5_conll_read(path, &c, &err))
        return -1;
    uint8_t *lab = calloc(c.lines.n + 1, 1);
    size_t ok = 0, n = 0, o = 0;
    if (lab && !w5_ner_tag_conll(m, NULL, &c, lab, &err)) {
        for (size_t k = 0; k < c.lines.n; k++) {
            const w5_conll_line *l = &c.lines.v[k];
            if (l->kind != W5_CONLL_TOKEN)
                continue;
            int type;
            char part;
            ner_parse_tag(c.text + l->tag_start, l->tag_end - l->tag_start, &type, &part);
            ok += type == w5_ner_label_type(lab[k]);
            o += type < 0;
            n++;
        }
    }
    w5_conll_free(&c);
    if (majority)
        *majority = n ? (double)o / (double)n : 0;
    if (labels_out)
        *labels_out = lab;
    else
        free(lab);
    return n ? (double)ok / (double)n : 0;
}

static void test_quick_train(void)
{
    w5_ner_train_opts o;
    w5_ner_train_defaults(&o);
    o.train_path = FIXTURES "train.conll";
    o.dev_path = FIXTURES "dev.conll";
    o.epochs = 8;
    o.compile.min_updates = 0;
    strcpy(model_path, "/tmp/w5-test-ner-XXXXXX");
    int fd = mkstemp(model_path);
    CHECK(fd >= 0, "mkstemp");
    if (fd < 0)
        return;
    close(fd);
    w5_ner_train_result res;
    w5_error err;
    int rc = w5_ner_train(&o, model_path, &res, &err);
    CHECK(rc == 0, "train: %s", err.message);
    if (rc)
        return;
    have_model = 1;
    CHECK(res.dev_f1 > 80, "dev F1 %.2f", res.dev_f1);
    w5_ner_model *m = NULL;
    CHECK(w5_ner_load(model_path, &m, &err) == 0, "load: %s", err.message);
    double majority = 0;
    double acc = type_accuracy(m, FIXTURES "dev.conll", NULL, &majority);
    CHECK(acc > majority + 0.1 && acc > 0.9, "accuracy %.3f, majority %.3f", acc, majority);
    w5_ner_free(m);
}

static void test_round_trip(void)
{
    if (!have_model)
        return;
    w5_error err;
    w5_ner_model *a = NULL, *b = NULL;
    CHECK(w5_ner_load(model_path, &a, &err) == 0, "load: %s", err.message);
    char *data;
    size_t len;
    CHECK(w5_read_file(model_path, &data, &len, &err) == 0, "read");
    CHECK(w5_ner_from_buffer(data, len, &b, &err) == 0, "from buffer: %s", err.message);
    uint8_t *la = NULL, *lb = NULL;
    type_accuracy(a, FIXTURES "train.conll", &la, NULL);
    type_accuracy(b, FIXTURES "train.conll", &lb, NULL);
    w5_conll c;
    w5_conll_read(FIXTURES "train.conll", &c, &err);
    CHECK(la && lb && memcmp(la, lb, c.lines.n) == 0, "same predictions after reload");
    w5_conll_free(&c);
    free(la);
    free(lb);
    w5_ner_free(a);
    w5_ner_free(b);
    free(data);
}

static void expect_reject(const void *data, size_t len, int code, const char *what)
{
    w5_ner_model *m = NULL;
    w5_error err;
    int rc = w5_ner_from_buffer(data, len, &m, &err);
    CHECK(rc != 0 && m == NULL, "%s accepted", what);
    CHECK(code == 0 || rc == code, "%s: code %d, want %d (%s)", what, rc, code, err.message);
    CHECK(rc == 0 || err.message[0], "%s: empty message", what);
    w5_ner_free(m);
}

static void test_loader_rejects(void)
{
    if (!have_model)
        return;
    char *data;
    size_t len;
    w5_error err;
    if (w5_read_file(model_path, &data, &len, &err))
        return;
    expect_reject(data, len / 2, 0, "truncated");
    expect_reject(data, 10, 0, "header only");
    expect_reject(data, 0, 0, "empty");
    char *bad = malloc(len);
    memcpy(bad, data, len);
    bad[len - 3] ^= 0x5A;
    expect_reject(bad, len, W5_ERR_CHECKSUM, "corrupted");
    memcpy(bad, data, len);
    bad[8] = 99; /* format version */
    expect_reject(bad, len, W5_ERR_VERSION, "wrong version");
    memcpy(bad, "NOTMODEL", 8);
    expect_reject(bad, len, W5_ERR_FORMAT, "bad magic");
    free(bad);
    /* a well-formed file of another stage, and a NER file of another
     * config version */
    ner_config_rec rec = {.version = NER_CONFIG_VERSION, .features = W5_NERF_ALL,
                          .nlabels = W5_NER_NLABELS, .stages = 1};
    const char *stages[2] = {"tagger", "ner"};
    for (int k = 0; k < 2; k++) {
        w5_mwriter *w = w5_mwriter_new(stages[k]);
        if (k == 1)
            rec.version = 99;
        w5_mwriter_add(w, "config", &rec, sizeof rec);
        char path[] = "/tmp/w5-test-ner-bad-XXXXXX";
        int fd = mkstemp(path);
        close(fd);
        CHECK(w5_mwriter_save(w, path, &err) == 0, "save: %s", err.message);
        w5_mwriter_free(w);
        w5_ner_model *m = NULL;
        int rc = w5_ner_load(path, &m, &err);
        CHECK(rc != 0 && !m, "%s file accepted", stages[k]);
        CHECK(k == 0 || rc == W5_ERR_VERSION, "config version: %d", rc);
        CHECK(strstr(err.message, path) != NULL, "message names the file: %s", err.message);
        unlink(path);
    }
    w5_ner_model *m = NULL;
    CHECK(w5_ner_load("/nonexistent/ner.w5m", &m, &err) != 0 && !m, "missing file");
    free(data);
}

/* Runs the model on text; returns the doc (caller frees). */
static w5_doc *run_text(const w5_ner_model *m, const w5_lexicon *lex, const char *text,
                        size_t len)
{
    w5_doc *doc = NULL;
    w5_error err;
    if (w5_doc_new(text, len, &doc, &err))
        return NULL;
    int rc = w5_analyze(NULL, doc, W5_STAGE_TOKENS | W5_STAGE_SENTENCES, &err);
    if (!rc)
        rc = w5_ner_run(m, lex, doc, &err);
    CHECK(rc == 0, "run: %s", err.message);
    /* mentions are in order, inside the text, on token boundaries */
    for (size_t i = 0; i < doc->ments.n; i++) {
        const w5_ment *mt = &doc->ments.v[i];
        CHECK(mt->tok_begin < mt->tok_end && mt->tok_end <= doc->toks.n, "tokens");
        CHECK(mt->start < mt->end && mt->end <= doc->len, "bytes");
        CHECK(i == 0 || mt->tok_begin >= doc->ments.v[i - 1].tok_end, "order");
        CHECK(mt->entity == -1 && mt->kind == W5_MENTION_NAME, "kind");
    }
    return doc;
}

static void robustness(const w5_ner_model *m, const w5_lexicon *lex)
{
    static const char *const texts[] = {
        "SOCCER - NORTHWIND BANK BEAT RIVERTON IN CUP FINAL .",
        "anna kowalski visited paris on monday and met the acme motors board .",
        "\xd8\xa7\xd9\x84\xd8\xb1\xd8\xa6\xd9\x8a\xd8\xb3 \xd8\xa3\xd9\x88\xd8\xa8\xd8\xa7\xd9\x85\xd8\xa7 "
        "\xd9\x81\xd9\x8a \xd8\xa7\xd9\x84\xd9\x82\xd8\xa7\xd9\x87\xd8\xb1\xd8\xa9",
        "\xe4\xb9\xa0\xe8\xbf\x91\xe5\xb9\xb3\xe5\x9c\xa8\xe5\x8c\x97\xe4\xba\xac\xe4\xbc\x9a\xe8\xa7\x81"
        "\xe4\xba\x86 Angela Merkel \xe3\x80\x82",
        "\xff\xfe invalid \xc3 bytes Paris \x80",
        "", " ", ".", "A",
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        w5_doc_free(run_text(m, lex, texts[i], strlen(texts[i])));
    /* a 10,000-token sentence with no full stop */
    size_t cap = 10000 * 8;
    char *big = malloc(cap);
    size_t n = 0;
    for (int i = 0; i < 10000; i++)
        n += (size_t)snprintf(big + n, cap - n, "%s ", i % 7 ? "word" : "Paris");
    w5_doc *doc = run_text(m, lex, big, n);
    CHECK(doc && doc->toks.n == 10000, "tokens %zu", doc ? doc->toks.n : 0);
    w5_doc_free(doc);
    free(big);
}

static void test_robustness(void)
{
    if (!have_model)
        return;
    w5_ner_model *m = NULL;
    w5_error err;
    if (w5_ner_load(model_path, &m, &err))
        return;
    robustness(m, NULL);
    w5_ner_free(m);
}

/* Word clusters from a small self-written text, then a model that
 * carries them. */
static void test_clusters(void)
{
    char text_path[] = "/tmp/w5-test-clusters-XXXXXX";
    char out_path[] = "/tmp/w5-test-clusters-out-XXXXXX";
    int fd = mkstemp(text_path), fd2 = mkstemp(out_path);
    CHECK(fd >= 0 && fd2 >= 0, "mkstemp");
    if (fd < 0 || fd2 < 0)
        return;
    close(fd2);
    FILE *f = fdopen(fd, "w");
    static const char *const people[] = {"Anna", "Peter", "Maria", "Omar", "Ruth"};
    static const char *const places[] = {"Paris", "Oslo", "Lisbon", "Nairobi", "Riverton"};
    static const char *const verbs[] = {"visited", "left", "reached", "toured"};
    for (int i = 0; i < 400; i++)
        fprintf(f, "%s %s %s on Monday. The minister from %s said so.\n", people[i % 5],
                verbs[i % 4], places[(i * 3) % 5], places[(i * 7 + 1) % 5]);
    fclose(f);
    w5_clusters_opts o;
    w5_clusters_defaults(&o);
    const char *inputs[1] = {text_path};
    const char *conll[1] = {FIXTURES "train.conll"};
    o.inputs = inputs;
    o.ninputs = 1;
    o.conll_inputs = conll;
    o.nconll = 1;
    o.out_path = out_path;
    o.classes = 8;
    o.min_count = 2;
    w5_error err;
    int rc = w5_clusters_build(&o, &err);
    CHECK(rc == 0, "clusters: %s", err.message);
    char *data;
    size_t len;
    if (!rc && w5_read_file(out_path, &data, &len, &err) == 0) {
        CHECK(strstr(data, "\tParis\t") && strstr(data, "\tAnna\t"), "words listed");
        CHECK(data[0] == '0' || data[0] == '1', "bit strings first");
        free(data);
    }
    o.classes = 100000;
    CHECK(w5_clusters_build(&o, &err) != 0, "too many classes for the text");
    /* a model with the clusters inside loads and tags */
    w5_ner_train_opts t;
    w5_ner_train_defaults(&t);
    t.train_path = FIXTURES "train.conll";
    t.dev_path = FIXTURES "dev.conll";
    t.clusters_path = out_path;
    t.epochs = 3;
    t.stages = 1;
    char model[] = "/tmp/w5-test-ner-cl-XXXXXX";
    fd = mkstemp(model);
    close(fd);
    w5_ner_train_result res;
    CHECK(w5_ner_train(&t, model, &res, &err) == 0, "train with clusters: %s", err.message);
    w5_ner_model *m = NULL;
    CHECK(w5_ner_load(model, &m, &err) == 0, "load: %s", err.message);
    if (m)
        CHECK(type_accuracy(m, FIXTURES "dev.conll", NULL, NULL) > 0.8, "accuracy");
    w5_ner_free(m);
    unlink(model);
    unlink(text_path);
    unlink(out_path);
}

/* ---- the shipped model -------------------------------------------------- */

static int has_mention(const w5_doc *doc, const char *text, const char *type)
{
    for (size_t i = 0; i < doc->ments.n; i++) {
        const w5_ment *m = &doc->ments.v[i];
        if (m->end - m->start == strlen(text) &&
            memcmp(doc->text + m->start, text, m->end - m->start) == 0 &&
            (!type || strcmp(w5_etype_name(m->type), type) == 0))
            return 1;
    }
    return 0;
}

static void test_shipped_model(void)
{
    w5_ner_model *m = NULL;
    w5_lexicon *lex = NULL;
    w5_error err;
    if (access("models/ner.w5m", R_OK) != 0) {
        printf("skipped: models/ner.w5m is missing\n");
        return;
    }
    CHECK(w5_ner_load("models/ner.w5m", &m, &err) == 0, "load: %s", err.message);
    if (!m)
        return;
    if (access("models/lexicon.w5m", R_OK) == 0 && w5_lexicon_load("models/lexicon.w5m", &lex, &err))
        lex = NULL;
    const char *t1 = "Afghan President Hamid Karzai arrived in Kabul on Monday.";
    w5_doc *doc = run_text(m, lex, t1, strlen(t1));
    CHECK(doc && has_mention(doc, "Hamid Karzai", "PERSON"), "Hamid Karzai");
    CHECK(doc && (has_mention(doc, "Afghan", "NORP") || (!lex && has_mention(doc, "Afghan", "MISC"))),
          "Afghan");
    w5_doc_free(doc);
    /* text without capitals is scored in a space of its own */
    const char *t3 = "afghan president hamid karzai met john kerry in brussels on wednesday.";
    doc = run_text(m, lex, t3, strlen(t3));
    CHECK(doc && has_mention(doc, "hamid karzai", "PERSON"), "lower-cased name");
    w5_doc_free(doc);
    const char *t2 = "Ministers of the North Atlantic Treaty Organisation met in Brussels.";
    doc = run_text(m, lex, t2, strlen(t2));
    CHECK(doc && has_mention(doc, "North Atlantic Treaty Organisation", "ORG"), "NATO long form");
    w5_doc_free(doc);
    char *text;
    size_t len;
    if (w5_read_file("examples/brussels.txt", &text, &len, &err) == 0) {
        doc = run_text(m, lex, text, len);
        static const char *const want[][2] = {
            {"Hamid Karzai", "PERSON"},   {"Ashfaq Kayani", "PERSON"}, {"Brussels", "LOC"},
            {"Afghanistan", "LOC"},       {"Pakistan", "LOC"},         {"Kerry", "PERSON"},
            {"John F Kerry", "PERSON"},   {"Douglas Lute", "PERSON"},  {"Joseph Dunford", "PERSON"},
            {"David Cameron", "PERSON"},  {"Jean Michiels", "PERSON"}, {"NATO", "ORG"},
            {"State Department", "ORG"},  {"Taliban", "ORG"},          {"Islamabad", "LOC"},
            {"White House", NULL},
        };
        for (size_t i = 0; doc && i < sizeof want / sizeof *want; i++)
            CHECK(has_mention(doc, want[i][0], want[i][1]), "brussels: %s %s", want[i][0],
                  want[i][1]);
        w5_doc_free(doc);
        free(text);
    }
    robustness(m, lex);
    w5_lexicon_free(lex);
    w5_ner_free(m);
}

int main(void)
{
    RUN(test_conll_reader);
    RUN(test_conlleval);
    RUN(test_bilou);
    RUN(test_quick_train);
    RUN(test_round_trip);
    RUN(test_loader_rejects);
    RUN(test_robustness);
    RUN(test_clusters);
    RUN(test_shipped_model);
    if (have_model)
        unlink(model_path);
    return check_summary();
}
