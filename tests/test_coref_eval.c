/* test_coref_eval.c - the coreference metrics on hand-computed cases,
 * and `w5 eval coref` on a tiny CoNLL-U fixture. */
#include <math.h>

#include "check.h"
#include "eval/coref.h"

static int near(double a, double b) { return fabs(a - b) < 0.01; }

static void test_split_cluster(void)
{
    /* key {a b c d}; response {a b} {c d} */
    int32_t gold[4] = {1, 1, 1, 1}, sys[4] = {7, 7, 9, 9};
    w5_eval_coref r;
    memset(&r, 0, sizeof r);
    CHECK(w5_eval_coref_score(gold, sys, 4, &r) == 0, "score");
    CHECK(near(w5_eval_coref_r(&r.muc), 66.67) && near(w5_eval_coref_p(&r.muc), 100),
          "MUC %f %f", w5_eval_coref_r(&r.muc), w5_eval_coref_p(&r.muc));
    CHECK(near(w5_eval_coref_r(&r.b3), 50) && near(w5_eval_coref_p(&r.b3), 100),
          "B3 %f %f", w5_eval_coref_r(&r.b3), w5_eval_coref_p(&r.b3));
    CHECK(near(w5_eval_coref_r(&r.ceafe), 66.67) && near(w5_eval_coref_p(&r.ceafe), 33.33),
          "CEAF-e %f %f", w5_eval_coref_r(&r.ceafe), w5_eval_coref_p(&r.ceafe));
}

static void test_perfect_and_missing(void)
{
    int32_t gold[5] = {1, 1, 2, 2, -1}, sys[5] = {3, 3, 4, 4, -1};
    w5_eval_coref r;
    memset(&r, 0, sizeof r);
    w5_eval_coref_score(gold, sys, 5, &r);
    CHECK(near(w5_eval_coref_f1(&r.muc), 100) && near(w5_eval_coref_f1(&r.b3), 100) &&
              near(w5_eval_coref_f1(&r.ceafe), 100), "perfect");
    /* a system mention the gold lacks lowers precision only */
    int32_t g2[3] = {1, 1, -1}, s2[3] = {5, 5, 5};
    memset(&r, 0, sizeof r);
    w5_eval_coref_score(g2, s2, 3, &r);
    CHECK(near(w5_eval_coref_r(&r.muc), 100) && near(w5_eval_coref_p(&r.muc), 50),
          "MUC with extra %f", w5_eval_coref_p(&r.muc));
}

/* The whole scorer on a tiny annotated file of our own, with the gold
 * layers (no models needed). */
static void test_fixture_run(void)
{
    const char *paths[] = {"tests/fixtures/coref/tiny.conllu",
                           "../tests/fixtures/coref/tiny.conllu"};
    w5_conllu gold;
    w5_error err;
    int rc = -1;
    for (int i = 0; i < 2 && rc; i++) {
        rc = w5_conllu_read_file(paths[i], &gold, &err);
        if (rc)
            w5_conllu_free(&gold);
    }
    CHECK(rc == 0, "fixture: %s", err.message);
    if (rc)
        return;
    w5_eval_coref_opts o;
    memset(&o, 0, sizeof o);
    o.gold_syntax = 1;
    o.gold_names = 1;
    w5_eval_coref r;
    CHECK(w5_eval_coref_run(&gold, &o, &r, &err) == 0, "%s", err.message);
    CHECK(r.docs == 1, "docs %zu", r.docs);
    CHECK(r.gold_ments == 6, "gold mentions %zu (the talks is a NOUN)", r.gold_ments);
    CHECK(r.sys_ments == 6, "system mentions %zu", r.sys_ments);
    CHECK(near(w5_eval_coref_f1(&r.muc), 100) && near(w5_eval_coref_f1(&r.b3), 100) &&
              near(w5_eval_coref_f1(&r.ceafe), 100),
          "MUC %.1f B3 %.1f CEAF %.1f", w5_eval_coref_f1(&r.muc), w5_eval_coref_f1(&r.b3),
          w5_eval_coref_f1(&r.ceafe));
    o.genre = "_interview_";
    CHECK(w5_eval_coref_run(&gold, &o, &r, &err) == 0 && r.docs == 0, "genre filter");
    w5_conllu_free(&gold);
}

int main(void)
{
    RUN(test_fixture_run);
    RUN(test_split_cluster);
    RUN(test_perfect_and_missing);
    return check_summary();
}
