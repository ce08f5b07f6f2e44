/*
 * test_lemma.c - the lemmatizer learned from a small treebank written
 * here: rules learned from word types and rewriting only the suffix they
 * saw, case modes by types, rule outputs checked against the lemmas seen
 * and the words the tagger knows, grouped numbers; and a model without
 * the newer sections (vocabulary, runner-up rules) applied as before.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "doc/tagset.h"
#include "learn/learn.h"
#include "syntax/syntax.h"
#include "syntax/syntax_int.h"

/* One-word sentences "form lemma XPOS", repeated `times`. */
typedef struct tw {
    const char *form, *lemma, *xpos;
    int times;
} tw;

static const tw words[] = {
    /* "are" is frequent, the other -are verbs are types */
    {"are", "be", "VBP", 8},
    {"declare", "declare", "VBP", 1},
    {"compare", "compare", "VBP", 1},
    {"care", "care", "VBP", 1},
    {"share", "share", "VBP", 1},
    /* proper adjectives keep their case; their rules must not spread */
    {"Iranian", "Iranian", "JJ", 2},
    {"Syrian", "Syrian", "JJ", 2},
    {"big", "big", "JJ", 1},
    {"Big", "big", "JJ", 1},
    {"small", "small", "JJ", 1},
    {"Small", "small", "JJ", 1},
    /* past tenses: "-ed" strips two letters, "-d" one */
    {"walked", "walk", "VBD", 1},
    {"talked", "talk", "VBD", 1},
    {"jumped", "jump", "VBD", 1},
    {"used", "use", "VBD", 1},
    {"liked", "like", "VBD", 1},
    {"was", "be", "VBD", 3},
    {"fade", "fade", "VB", 1},
    /* -ing: the runner-up rule restores the e */
    {"walking", "walk", "VBG", 1},
    {"talking", "talk", "VBG", 1},
    {"jumping", "jump", "VBG", 1},
    {"reading", "read", "VBG", 1},
    {"hoping", "hope", "VBG", 1},
    {"writing", "write", "VBG", 1},
    {"using", "use", "VBG", 1},
    /* "I" is frequent, but most capitalised pronouns lowercase */
    {"I", "I", "PRP", 12},
    {"We", "we", "PRP", 1},
    {"They", "they", "PRP", 1},
    {"You", "you", "PRP", 1},
    {"It", "it", "PRP", 1},
    {"themselves", "themselves", "PRP", 1},
    {"2,000", "2000", "CD", 1},
};

static char *treebank_text(void)
{
    size_t cap = 1 << 16, at = 0;
    char *s = malloc(cap);
    if (!s)
        return NULL;
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        for (int k = 0; k < words[i].times; k++)
            at += (size_t)snprintf(s + at, cap - at, "1\t%s\t%s\tX\t%s\t_\t0\troot\t_\t_\n\n",
                                   words[i].form, words[i].lemma, words[i].xpos);
    return s;
}

/* Learns the lemmatizer into a model file with the sections in `keep`
 * (all when NULL) plus `extra` (name, data, size; may be NULL). */
static int make_model(const char *path, const char *const *keep,
                      const char *extra, const void *edata, size_t esize)
{
    w5_error err;
    w5_treebank tb;
    w5_treebank_init(&tb);
    char *text = treebank_text();
    int rc = -1;
    w5_mwriter *all = w5_mwriter_new("tagger"), *out = w5_mwriter_new("tagger");
    char tmp[] = "/tmp/w5-test-lemma-all-XXXXXX";
    int fd = mkstemp(tmp);
    w5_mfile *mf = NULL;
    if (fd >= 0)
        close(fd);
    if (!text || !all || !out || fd < 0 ||
        w5_treebank_parse(&tb, text, strlen(text), "lemmas", 0, &err) ||
        w5_lemma_learn(&tb, all, &err) || w5_mwriter_save(all, tmp, &err) ||
        w5_mfile_open(tmp, "tagger", &mf, &err))
        goto done;
    static const char *const names[] = {"lemma.rules", "lemma.exc", "lemma.str",
                                        "lemma.case", "lemma.vocab", "lemma.rules2",
                                        NULL};
    for (const char *const *n = keep ? keep : names; *n; n++) {
        size_t size;
        const void *p = w5_mfile_section(mf, *n, &size);
        if (!p || w5_mwriter_add(out, *n, p, size))
            goto done;
    }
    if (extra && w5_mwriter_add(out, extra, edata, esize))
        goto done;
    rc = w5_mwriter_save(out, path, &err);
done:
    if (rc)
        fprintf(stderr, "  make_model: %s\n", err.message);
    w5_mfile_close(mf);
    if (fd >= 0)
        unlink(tmp);
    w5_mwriter_free(all);
    w5_mwriter_free(out);
    w5_treebank_free(&tb);
    free(text);
    return rc;
}

typedef struct model {
    char path[64];
    w5_mfile *mf;
    w5_lemmatizer lem;
} model;

static int open_model(model *m, const char *const *keep, const char *extra,
                      const void *edata, size_t esize)
{
    w5_error err;
    memset(m, 0, sizeof *m);
    snprintf(m->path, sizeof m->path, "/tmp/w5-test-lemma-XXXXXX");
    int fd = mkstemp(m->path);
    if (fd < 0)
        return -1;
    close(fd);
    if (make_model(m->path, keep, extra, edata, esize) ||
        w5_mfile_open(m->path, "tagger", &m->mf, &err))
        return -1;
    return w5_lemma_view(m->mf, &m->lem, &err) ? -1 : 0;
}

static void close_model(model *m)
{
    w5_mfile_close(m->mf);
    unlink(m->path);
}

static const char *lemma(const model *m, const char *form, const char *xpos)
{
    static char buf[4][128]; /* the test's own scratch, not the library's */
    static int next;
    char *b = buf[next++ & 3];
    w5_lemma_apply(&m->lem, form, strlen(form), w5_xpos_index(xpos), b, 128);
    return b;
}

static void test_rules_from_types(void)
{
    model m;
    CHECK(open_model(&m, NULL, NULL, NULL, 0) == 0, "model");
    CHECK_STR(lemma(&m, "are", "VBP"), "be");
    CHECK_STR(lemma(&m, "prepare", "VBP"), "prepare");
    CHECK_STR(lemma(&m, "was", "VBD"), "be");
    /* a rule rewrites only the suffix it saw */
    CHECK_STR(lemma(&m, "brownian", "JJ"), "brownian");
    CHECK_STR(lemma(&m, "Iranian", "JJ"), "Iranian");
    CHECK_STR(lemma(&m, "Big", "JJ"), "big");
    /* pronouns lowercase although "I" keeps its capital */
    CHECK_STR(lemma(&m, "Themselves", "PRP"), "themselves");
    CHECK_STR(lemma(&m, "I", "PRP"), "I");
    close_model(&m);
}

static void test_checked_against_lemmas(void)
{
    model m;
    CHECK(open_model(&m, NULL, NULL, NULL, 0) == 0, "model");
    CHECK_STR(lemma(&m, "faded", "VBD"), "fade"); /* "fade" seen as a verb */
    CHECK_STR(lemma(&m, "zorked", "VBD"), "zork"); /* nothing seen: "-ed" */
    CHECK_STR(lemma(&m, "provoking", "VBG"), "provok");
    close_model(&m);

    /* the tagger's words: "provoke" known, so the runner-up rule wins */
    w5_smap_entry e = {.key = w5_tagdict_key("provoke", 7)};
    void *data;
    size_t size;
    CHECK(w5_smap_build(&e, 1, &data, &size) == 0, "smap");
    CHECK(open_model(&m, NULL, "ambiguity", data, size) == 0, "model");
    CHECK_STR(lemma(&m, "provoking", "VBG"), "provoke");
    CHECK_STR(lemma(&m, "zorking", "VBG"), "zork");
    close_model(&m);
    free(data);
}

static void test_grouped_numbers(void)
{
    model m;
    CHECK(open_model(&m, NULL, NULL, NULL, 0) == 0, "model");
    CHECK_STR(lemma(&m, "1,100", "CD"), "1100");
    CHECK_STR(lemma(&m, "12,345,678.5", "CD"), "12345678.5");
    CHECK_STR(lemma(&m, "3,40", "CD"), "3,40");
    CHECK_STR(lemma(&m, "1,2345", "CD"), "1,2345");
    CHECK_STR(lemma(&m, ",100", "CD"), ",100");
    CHECK_STR(lemma(&m, "1,100", "NN"), "1,100");
    close_model(&m);
}

static void test_older_model(void)
{
    /* no vocabulary and no runner-up rules: the longest suffix's rule */
    static const char *const old[] = {"lemma.rules", "lemma.exc", "lemma.str",
                                      "lemma.case", NULL};
    model m;
    CHECK(open_model(&m, old, NULL, NULL, 0) == 0, "model");
    CHECK_STR(lemma(&m, "faded", "VBD"), "fad");
    CHECK_STR(lemma(&m, "are", "VBP"), "be");
    CHECK_STR(lemma(&m, "1,100", "CD"), "1100");
    close_model(&m);
}

static void test_bad_vocabulary(void)
{
    /* a vocabulary with no empty slot would make lookups loop: refused */
    unsigned char bad[8 + 16 * 4];
    uint64_t nslot = 16;
    memcpy(bad, &nslot, 8);
    memset(bad + 8, 0xff, 16 * 4);
    static const char *const old[] = {"lemma.rules", "lemma.exc", "lemma.str",
                                      "lemma.case", "lemma.rules2", NULL};
    model m;
    CHECK(open_model(&m, old, "lemma.vocab", bad, sizeof bad) == -1, "accepted");
    close_model(&m);
}

int main(void)
{
    RUN(test_rules_from_types);
    RUN(test_checked_against_lemmas);
    RUN(test_grouped_numbers);
    RUN(test_older_model);
    RUN(test_bad_vocabulary);
    return check_summary();
}
