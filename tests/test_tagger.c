/*
 * test_tagger.c - the tagger's word clusters: a clusters file embedded in
 * the model at training time, used for words never seen in training,
 * kept by the jackknifed taggers the parser trains with, and bad files
 * refused with a message.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "doc/tagset.h"
#include "syntax/syntax.h"
#include "syntax/syntax_int.h"

static const char *fixture = "tests/fixtures/syntax/small.conllu";

static int temp_file(char *buf, size_t cap, const char *what, const char *text)
{
    snprintf(buf, cap, "/tmp/w5-test-%s-XXXXXX", what);
    int fd = mkstemp(buf);
    if (fd < 0)
        return -1;
    size_t n = strlen(text);
    int ok = write(fd, text, n) == (ssize_t)n;
    close(fd);
    return ok ? 0 : -1;
}

static int read_fixture(w5_treebank *tb)
{
    w5_error err;
    w5_treebank_init(tb);
    if (w5_treebank_read(tb, fixture, 0, &err)) {
        fprintf(stderr, "%s\n", err.message);
        return -1;
    }
    return 0;
}

/* Tags words (NULL-terminated) and returns the XPOS name of word `at`. */
static const char *xpos_of(const w5_tagger *tg, const char **words, int at)
{
    w5_span sp[16];
    uint8_t x[16], u[16];
    size_t n = 0;
    for (; words[n] && n < 16; n++) {
        sp[n].s = words[n];
        sp[n].len = (uint32_t)strlen(words[n]);
    }
    if (w5_tagger_tag(tg, sp, n, x, u))
        return "(failed)";
    return w5_xpos_names[x[at]];
}

static void test_clusters(void)
{
    /* "meadow" and "Zoltan" never occur in the fixture; their clusters
     * are those of its nouns and names. A line without bits is skipped. */
    static const char clusters[] =
        "0110\tvillage\t5\n0110\tcity\t4\n0110\tmeadow\t3\n"
        "10\tAnna\t3\n10\tElena\t2\n10\tZoltan\t1\nnot a cluster line\n";
    char cpath[64], mpath[64];
    w5_treebank tb;
    w5_error err;
    if (read_fixture(&tb) || temp_file(cpath, sizeof cpath, "clusters", clusters) ||
        temp_file(mpath, sizeof mpath, "tagger", "")) {
        CHECK(0, "setup failed");
        return;
    }
    /* no pruning: the fixture is too small for the defaults */
    w5_train_opts opts = {.epochs = 6, .seed = 3, .clusters = cpath,
                          .min_updates = 1, .min_weight = 0.01f};
    w5_tagger *tg = NULL;
    CHECK(w5_tagger_train(&tb, &tb, &opts, mpath, &err) == 0, "%s", err.message);
    CHECK(w5_tagger_load(mpath, &tg, &err) == 0, "%s", err.message);
    if (tg) {
        const char *s1[] = {"The", "old", "teacher", "saw", "the", "dog", "in",
                            "the", "meadow", ".", NULL};
        CHECK_STR(xpos_of(tg, s1, 8), "NN");
        /* a word's cluster, else that of its other casing */
        const char *forms[] = {"Zoltan", "zoltan", "MEADOW", "Meadow", "Anna", "unclustered"};
        w5_tword tw[6];
        w5_span sp[6];
        for (int k = 0; k < 6; k++) {
            sp[k].s = forms[k];
            sp[k].len = (uint32_t)strlen(forms[k]);
        }
        w5_tagger_word_hashes(tg, sp, 6, tw);
        CHECK(tw[0].cl == (2u | 2u << 24), "Zoltan: cluster %x", tw[0].cl);
        CHECK(tw[1].cl == tw[0].cl, "zoltan: cluster %x", tw[1].cl);
        CHECK(tw[2].cl == (6u | 4u << 24), "MEADOW: cluster %x", tw[2].cl);
        CHECK(tw[3].cl == tw[2].cl, "Meadow: cluster %x", tw[3].cl);
        CHECK(tw[4].cl == tw[0].cl, "Anna: cluster %x", tw[4].cl);
        CHECK(tw[5].cl == 0, "unclustered: cluster %x", tw[5].cl);
        /* the parser's jackknifed taggers borrow the loaded clusters */
        char ppath[64];
        w5_parser *ps = NULL;
        opts.jackknife = 2;
        if (temp_file(ppath, sizeof ppath, "parser", "") == 0) {
            CHECK(w5_parser_train(&tb, &tb, tg, &opts, ppath, &err) == 0, "%s",
                  err.message);
            CHECK(w5_parser_load(ppath, &ps, &err) == 0, "%s", err.message);
            w5_parser_free(ps);
            remove(ppath);
        }
    }
    w5_tagger_free(tg);
    w5_treebank_free(&tb);
    remove(cpath);
    remove(mpath);
}

static void test_bad_clusters(void)
{
    char cpath[64], mpath[64];
    w5_treebank tb;
    w5_error err;
    if (read_fixture(&tb) || temp_file(cpath, sizeof cpath, "clusters", "no tabs here\n") ||
        temp_file(mpath, sizeof mpath, "tagger", "")) {
        CHECK(0, "setup failed");
        return;
    }
    w5_train_opts opts = {.epochs = 1, .seed = 3, .clusters = "/nonexistent/clusters.txt"};
    CHECK(w5_tagger_train(&tb, &tb, &opts, mpath, &err) != 0, "missing file accepted");
    CHECK(strstr(err.message, "/nonexistent/clusters.txt") != NULL, "%s", err.message);
    opts.clusters = cpath;
    CHECK(w5_tagger_train(&tb, &tb, &opts, mpath, &err) == W5_ERR_FORMAT,
          "a file without clusters accepted");
    CHECK(strstr(err.message, "no clusters") != NULL, "%s", err.message);
    w5_treebank_free(&tb);
    remove(cpath);
    remove(mpath);
}

int main(void)
{
    RUN(test_clusters);
    RUN(test_bad_clusters);
    return check_summary();
}
