/*
 * test_rowtab.c - the sparse scoring table gives exactly the sums of the
 * linear model it is built from (dense and sparse rows, one decision or
 * many, features present and absent), load-time pruning drops only the
 * rows below the bound, and the tagger tags a document (w5_tagger_run,
 * which shares work between repeated words) exactly as it tags each of
 * its sentences alone (w5_tagger_tag).
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "learn/linear.h"
#include "syntax/syntax.h"
#include "w5.h"

static uint64_t next(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

enum { NFEAT = 3000, NCLASS = 19, NQUERY = 400 };

/* A model of NFEAT features whose rows have 0 to NCLASS non-zero
 * weights; keys[] gets its features. */
static w5_linear *random_model(uint64_t *keys)
{
    static float avg[NFEAT * NCLASS];
    uint64_t s = 0x9E3779B97F4A7C15ull;
    for (size_t f = 0; f < NFEAT; f++) {
        keys[f] = next(&s);
        uint32_t nz = (uint32_t)(next(&s) % (NCLASS + 1));
        for (uint32_t c = 0; c < NCLASS; c++)
            avg[f * NCLASS + c] = c < nz ? (float)((int)(next(&s) % 2001) - 1000) : 0;
    }
    w5_linear *lin = NULL;
    if (w5_linear_build(NCLASS, keys, avg, NFEAT, 1000.0f, &lin))
        return NULL;
    return lin;
}

/* The exact sums of feats over lin's dense rows. */
static void dense_sums(const w5_linear *lin, const uint64_t *feats, size_t n, int32_t *acc,
                       int min_abs)
{
    size_t mask = lin->meta.nslots - 1;
    for (size_t f = 0; f < n; f++) {
        uint32_t key = w5_linear_key32(feats[f]);
        for (size_t i = feats[f] & mask; lin->slots[i].key; i = (i + 1) & mask) {
            if (lin->slots[i].key != key)
                continue;
            const int16_t *w = lin->w + (size_t)lin->slots[i].row * NCLASS;
            int max = 0;
            for (uint32_t c = 0; c < NCLASS; c++)
                max = abs(w[c]) > max ? abs(w[c]) : max;
            for (uint32_t c = 0; max >= min_abs && c < NCLASS; c++)
                acc[c] += w[c];
            break;
        }
    }
}

/* Queries: a mix of the model's features and unknown ones. */
static void make_queries(const uint64_t *keys, uint64_t *q, size_t n)
{
    uint64_t s = 12345;
    for (size_t i = 0; i < n; i++)
        q[i] = next(&s) % 3 ? keys[next(&s) % NFEAT] : next(&s);
}

static void check_table(const w5_linear *lin, const uint64_t *keys, int sparse, int min_abs)
{
    w5_rowtab_opts opts = {.sparse = sparse, .min_abs = min_abs};
    w5_rowtab *t = NULL;
    CHECK(w5_rowtab_from_linear(lin, &opts, &t) == 0, "build (sparse %d)", sparse);
    if (!t)
        return;
    uint32_t width = w5_rowtab_width(t);
    CHECK(width == 24, "width %u", width);
    static uint64_t q[NQUERY];
    make_queries(keys, q, NQUERY);
    /* one decision of every size up to 150 features (past one batch) */
    for (size_t n = 0; n <= 150; n += 7) {
        int32_t want[24] = {0}, got[24] = {0};
        dense_sums(lin, q, n, want, min_abs);
        w5_rowtab_sum(t, q, n, got);
        CHECK(memcmp(want, got, sizeof want) == 0, "sums of %zu features (sparse %d)", n,
              sparse);
    }
    /* many decisions at once, of 0 to 140 features each */
    uint32_t off[12] = {0, 3, 3, 20, 160, 170, 171, 200, 260, 300, 340, 400};
    static int32_t got[11 * 24];
    memset(got, 0, sizeof got);
    w5_rowtab_sum_seq(t, q, off, 11, got);
    for (size_t d = 0; d < 11; d++) {
        int32_t want[24] = {0};
        dense_sums(lin, q + off[d], off[d + 1] - off[d], want, min_abs);
        CHECK(memcmp(want, got + d * 24, sizeof want) == 0, "decision %zu (sparse %d)", d,
              sparse);
    }
    w5_rowtab_free(t);
}

static void test_same_sums(void)
{
    static uint64_t keys[NFEAT];
    w5_linear *lin = random_model(keys);
    CHECK(lin != NULL, "model");
    if (!lin)
        return;
    check_table(lin, keys, 0, 0);
    check_table(lin, keys, 1, 0);
    check_table(lin, keys, 1, 20000);
    check_table(lin, keys, 0, 32767);
    w5_linear_free(lin);
}

static void test_bad_tables(void)
{
    uint32_t full[8] = {1, 0, 2, 0, 3, 0, 4, 0}; /* no empty slot */
    uint32_t bad_row[8] = {1, 0, 2, 7, 0, 0, 0, 0};
    int16_t w[16] = {0};
    w5_rowtab *t = NULL;
    CHECK(w5_rowtab_build(full, 4, w, 4, 4, 4, NULL, &t) == W5_ERR_FORMAT && !t, "full");
    CHECK(w5_rowtab_build(bad_row, 4, w, 4, 4, 4, NULL, &t) == W5_ERR_FORMAT && !t,
          "row out of range");
    CHECK(w5_rowtab_build(bad_row, 3, w, 4, 4, 4, NULL, &t) == W5_ERR_FORMAT && !t,
          "slots not a power of two");
}

/* A document tagged whole gives the tags of its sentences tagged alone
 * (with the shipped tagger; skipped without it). */
static void test_doc_equals_sentences(void)
{
    w5_tagger *tg = NULL;
    w5_error err;
    if (w5_tagger_load(W5_MODEL_DIR "/tagger.w5m", &tg, &err)) {
        printf("  (skipped: no shipped tagger model)\n");
        return;
    }
    static const char text[] =
        "The minister said the plan would cut costs. The plan, she said, was fair.\n"
        "Critics said the minister's plan would cut jobs; the minister said it would not. "
        "Zorblax Quentin of Ruritania said nothing about the plan or the costs.\n"
        "PLAN CUTS COSTS, MINISTER SAYS\n"
        "She says she will present the plan again on Monday, and again on Tuesday.";
    w5_doc *doc = NULL;
    CHECK(w5_doc_new(text, sizeof text - 1, &doc, &err) == 0, "doc");
    CHECK(w5_analyze(NULL, doc, W5_STAGE_TOKENS | W5_STAGE_SENTENCES, &err) == 0, "split");
    CHECK(w5_tagger_run(tg, doc, &err) == 0, "run");
    size_t n = doc->toks.n;
    w5_span *sp = malloc(n * sizeof *sp);
    uint8_t *tags = malloc(2 * n);
    CHECK(n > 60 && doc->sents.n >= 4 && sp && tags, "%zu tokens, %zu sentences", n,
          doc->sents.n);
    for (size_t i = 0; sp && i < n; i++) {
        sp[i].s = doc->text + doc->toks.v[i].start;
        sp[i].len = doc->toks.v[i].end - doc->toks.v[i].start;
    }
    size_t differ = 0;
    for (size_t s = 0; sp && tags && s < doc->sents.n; s++) {
        uint32_t b = doc->sents.v[s].tok_begin, e = doc->sents.v[s].tok_end;
        CHECK(w5_tagger_tag(tg, sp + b, e - b, tags + b, tags + n + b) == 0, "tag");
        for (uint32_t i = b; i < e; i++)
            differ += tags[i] != doc->toks.v[i].xpos || tags[n + i] != doc->toks.v[i].upos;
    }
    CHECK(differ == 0, "%zu tokens tagged differently", differ);
    /* a repeated word with the same XPOS shares its lemma */
    const char *plan = NULL;
    int plan_xpos = -1;
    for (size_t i = 0; i < n; i++) {
        const w5_tok *t = &doc->toks.v[i];
        if (t->end - t->start == 4 && memcmp(doc->text + t->start, "plan", 4) == 0 && t->lemma) {
            const char *l = w5_strpool_get(&doc->pool, t->lemma);
            CHECK(strcmp(l, "plan") == 0, "lemma %s", l);
            if (plan_xpos < 0)
                plan_xpos = t->xpos;
            CHECK(t->xpos != plan_xpos || !plan || plan == l, "one lemma string for 'plan'");
            if (t->xpos == plan_xpos)
                plan = l;
        }
    }
    free(sp);
    free(tags);
    w5_doc_free(doc);
    w5_tagger_free(tg);
}

int main(void)
{
    RUN(test_same_sums);
    RUN(test_bad_tables);
    RUN(test_doc_equals_sentences);
    return check_summary();
}
