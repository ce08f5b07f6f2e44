/*
 * test_tagger_nn.c - the opt-in neural tagger: the network's gradient
 * against finite differences, a quick training run on the fixture and
 * the model file's round trip, a network refused by another tagger or
 * when damaged, and pathological sentences (empty, 10,000 words, only
 * punctuation) tagged without a crash.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "doc/tagset.h"
#include "syntax/syntax.h"
#include "syntax/syntax_int.h"
#include "syntax/tagger_nn.h"

static const char *fixture = "tests/fixtures/syntax/small.conllu";

static float frand(uint64_t *s)
{
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return (float)(*s >> 40) / (float)(1 << 24) * 2 - 1;
}

enum { NIN = 6, NHID = 8, NX = 5, NU = 3 };

/* A tiny network with its parameters in one block. */
typedef struct tiny {
    w5_nn_dense d;
    float p[NIN * NHID + NHID + NHID * NX + NX + NHID * NU + NU];
} tiny;

static void tiny_init(tiny *t, uint64_t *rng, int zero)
{
    w5_nn_dense *d = &t->d;
    d->nin = NIN;
    d->nhid = NHID;
    d->nx = NX;
    d->nu = NU;
    d->w1 = t->p;
    d->b1 = d->w1 + NIN * NHID;
    d->w2 = d->b1 + NHID;
    d->b2 = d->w2 + NHID * NX;
    d->w3 = d->b2 + NX;
    d->b3 = d->w3 + NHID * NU;
    for (size_t i = 0; i < sizeof t->p / sizeof *t->p; i++)
        t->p[i] = zero ? 0 : frand(rng);
}

static double loss_of(const tiny *t, const float *x, const float *drop)
{
    float h[NHID], px[NX], pu[NU];
    return w5_nn_forward(&t->d, x, drop, h, px, pu, 2, 1);
}

static void test_gradient(void)
{
    uint64_t rng = 7;
    tiny net, grad;
    tiny_init(&net, &rng, 0);
    tiny_init(&grad, &rng, 1);
    float x[NIN], h[NHID], px[NX], pu[NU], dx[NIN], scratch[NHID];
    /* one input zero (as an unknown feature is), one hidden unit dropped */
    float drop[NHID] = {1.25f, 1.25f, 0, 1.25f, 1.25f, 1.25f, 1.25f, 1.25f};
    for (int k = 0; k < NIN; k++)
        x[k] = k == 3 ? 0 : frand(&rng);
    w5_nn_forward(&net.d, x, drop, h, px, pu, 2, 1);
    w5_nn_backward(&net.d, x, drop, h, px, pu, 2, 1, &grad.d, dx, scratch);
    /* every parameter against central differences (in double) */
    const double eps = 1e-3;
    int bad = 0;
    for (size_t i = 0; i < sizeof net.p / sizeof *net.p; i++) {
        float keep = net.p[i];
        net.p[i] = keep + (float)eps;
        double up = loss_of(&net, x, drop);
        net.p[i] = keep - (float)eps;
        double down = loss_of(&net, x, drop);
        net.p[i] = keep;
        double num = (up - down) / (2 * eps), got = grad.p[i];
        if (fabs(num - got) > 2e-3 + 2e-2 * fabs(num)) {
            bad++;
            fprintf(stderr, "  param %zu: numeric %g, backprop %g\n", i, num, got);
        }
    }
    CHECK(bad == 0, "%d parameters with a wrong gradient", bad);
    for (int k = 0; k < NIN; k++) {
        float keep = x[k];
        x[k] = keep + (float)eps;
        double up = loss_of(&net, x, drop);
        x[k] = keep - (float)eps;
        double down = loss_of(&net, x, drop);
        x[k] = keep;
        double num = (up - down) / (2 * eps);
        CHECK(fabs(num - dx[k]) <= 2e-3 + 2e-2 * fabs(num), "dx[%d]: numeric %g, backprop %g",
              k, num, dx[k]);
    }
    /* the outputs are distributions */
    double sx = 0, su = 0;
    for (int c = 0; c < NX; c++)
        sx += px[c];
    for (int c = 0; c < NU; c++)
        su += pu[c];
    CHECK(fabs(sx - 1) < 1e-5 && fabs(su - 1) < 1e-5, "sums %g %g", sx, su);
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

/* Tags n words (spans), checking every tag is a real one. */
static int tags_valid(const w5_tagger *tg, const w5_span *sp, size_t n)
{
    uint8_t *x = malloc(n + 1), *u = malloc(n + 1);
    int ok = x && u && w5_tagger_tag(tg, sp, n, x, u) == 0;
    for (size_t i = 0; ok && i < n; i++)
        ok = x[i] > 0 && x[i] < W5_XPOS_COUNT && u[i] > 0 && u[i] < W5_UPOS_COUNT;
    free(x);
    free(u);
    return ok;
}

static void test_pathological(const w5_tagger *tg)
{
    enum { LONG = 10000 };
    w5_span *sp = malloc(LONG * sizeof *sp);
    if (!sp)
        return;
    static const char *words[] = {"the", "Zorblax", "ran", ",", "42", "!!!", "", "\xff\xfe"};
    for (size_t i = 0; i < LONG; i++) {
        sp[i].s = words[i % 8];
        sp[i].len = (uint32_t)strlen(words[i % 8]);
    }
    CHECK(tags_valid(tg, sp, LONG), "a 10,000-word sentence");
    CHECK(w5_tagger_tag(tg, sp, 0, NULL, NULL) == 0, "an empty sentence");
    static const char *punct[] = {".", ",", "!", "?", "...", "--", "(", ")"};
    for (size_t i = 0; i < 8; i++) {
        sp[i].s = punct[i];
        sp[i].len = (uint32_t)strlen(punct[i]);
    }
    CHECK(tags_valid(tg, sp, 8), "only punctuation");
    free(sp);
}

static void test_train_round_trip(void)
{
    char tpath[64], npath[64], opath[64];
    w5_treebank tb;
    w5_error err;
    w5_treebank_init(&tb);
    if (w5_treebank_read(&tb, fixture, 0, &err) || temp_path(tpath, sizeof tpath, "tagger") ||
        temp_path(npath, sizeof npath, "tagnn") || temp_path(opath, sizeof opath, "other")) {
        CHECK(0, "setup failed");
        return;
    }
    w5_train_opts popts = {.epochs = 4, .seed = 3, .min_updates = 1, .min_weight = 0.01f};
    w5_tagger *tg = NULL, *other = NULL;
    CHECK(w5_tagger_train(&tb, &tb, &popts, tpath, &err) == 0, "%s", err.message);
    CHECK(w5_tagger_load(tpath, &tg, &err) == 0, "%s", err.message);
    if (!tg)
        goto done;
    /* weights fixed (no tuning set), so the combination is exercised */
    w5_nn_train_opts o = {.epochs = 3, .hidden = 16, .seed = 5, .alpha_x = 1, .alpha_u = 1};
    CHECK(w5_tagger_train_nn(&tb, &tb, NULL, tg, &o, npath, &err) == 0, "%s", err.message);
    /* before and after attaching: the network changes scores, not the
     * tag set, and the model reads back */
    const char *s[] = {"The", "old", "teacher", "saw", "the", "dog", "."};
    w5_span sp[7];
    for (int k = 0; k < 7; k++) {
        sp[k].s = s[k];
        sp[k].len = (uint32_t)strlen(s[k]);
    }
    uint8_t x1[7], u1[7], x2[7], u2[7];
    CHECK(w5_tagger_tag(tg, sp, 7, x1, u1) == 0, "tag without the network");
    CHECK(w5_tagger_attach_nn(tg, npath, &err) == 0, "%s", err.message);
    CHECK(w5_tagger_tag(tg, sp, 7, x2, u2) == 0, "tag with the network");
    CHECK_STR(w5_xpos_names[x2[2]], "NN");
    CHECK_STR(w5_upos_names[u2[5]], "NOUN");
    w5_tagnn *nn = NULL;
    CHECK(w5_tagnn_load(npath, &nn, &err) == 0, "%s", err.message);
    if (nn) {
        CHECK(w5_tagnn_alpha_x(nn) == 1 && w5_tagnn_alpha_u(nn) == 1, "weights %g %g",
              w5_tagnn_alpha_x(nn), w5_tagnn_alpha_u(nn));
        CHECK(w5_tagnn_check(nn, tg) == 0, "the fingerprint of its tagger");
        w5_tagnn_free(nn);
    }
    /* the meta section in the one layout of tagger_nn.h */
    w5_mfile *mf = NULL;
    CHECK(w5_mfile_open(npath, "tagger-nn", &mf, &err) == 0, "%s", err.message);
    if (mf) {
        size_t size = 0;
        const uint32_t *m = w5_mfile_section(mf, "nn.meta", &size);
        CHECK(m && size == W5_NN_META_WORDS * 4, "meta of %zu bytes", size);
        if (m && size == W5_NN_META_WORDS * 4) {
            CHECK(m[W5_NN_META_VERSION] == W5_NN_FILE_VERSION, "version %u", m[W5_NN_META_VERSION]);
            CHECK(m[W5_NN_META_NHID] == 16, "hidden %u", m[W5_NN_META_NHID]);
            CHECK(m[W5_NN_META_FINGERPRINT] == w5_tagger_fingerprint(tg), "fingerprint");
            CHECK(m[W5_NN_META_VEC_DIM] == 0, "vector size %u", m[W5_NN_META_VEC_DIM]);
        }
        w5_mfile_close(mf);
    }
    test_pathological(tg);
    /* a document through the document path gives the sentence's tags */
    /* another tagger model (other features seen): refused */
    popts.seed = 4;
    popts.epochs = 2;
    w5_treebank half;
    w5_treebank_init(&half);
    FILE *f = fopen(fixture, "rb");
    char buf[8192];
    size_t got = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    if (f)
        fclose(f);
    char *cut = got ? strstr(buf + got / 2, "\n\n") : NULL;
    if (cut && w5_treebank_parse(&half, buf, (size_t)(cut - buf) + 2, "half", 0, &err) == 0 &&
        w5_tagger_train(&half, &half, &popts, opath, &err) == 0 &&
        w5_tagger_load(opath, &other, &err) == 0) {
        CHECK(w5_tagger_attach_nn(other, npath, &err) == W5_ERR_VERSION,
              "a network for another tagger accepted");
        CHECK(strstr(err.message, "another tagger") != NULL, "%s", err.message);
    } else {
        CHECK(0, "could not train the other tagger");
    }
    w5_treebank_free(&half);
    /* damaged or missing files: errors, not crashes */
    CHECK(w5_tagger_attach_nn(tg, "/nonexistent/tagger-nn.w5m", &err) != 0, "missing file");
    CHECK(w5_tagger_attach_nn(tg, tpath, &err) != 0, "a tagger file taken for a network");
    /* (a copy: the attached network maps npath) */
    FILE *nf = fopen(npath, "rb"), *cf = fopen(opath, "wb");
    static char copy[1 << 20];
    size_t size = nf ? fread(copy, 1, sizeof copy, nf) : 0;
    if (cf && size > 100) {
        CHECK(fwrite(copy, 1, size / 2, cf) == size / 2, "write");
        fclose(cf);
        cf = NULL;
        CHECK(w5_tagger_attach_nn(tg, opath, &err) != 0, "a truncated network");
    }
    if (nf)
        fclose(nf);
    if (cf)
        fclose(cf);
    /* the attached network survives the failed attempts */
    CHECK(w5_tagger_tag(tg, sp, 7, x1, u1) == 0 && memcmp(x1, x2, 7) == 0 &&
              memcmp(u1, u2, 7) == 0,
          "tags changed by failed attaches");
done:
    w5_tagger_free(tg);
    w5_tagger_free(other);
    w5_treebank_free(&tb);
    remove(tpath);
    remove(npath);
    remove(opath);
}

/* Word vectors from a small text, then a network that uses them: words
 * of the text unseen in the treebank get their vector (its rows are in
 * the model) and tagging stays sound. */
static void test_vectors(void)
{
    char text[64], tpath[64], npath[64];
    w5_treebank tb;
    w5_error err;
    w5_treebank_init(&tb);
    if (w5_treebank_read(&tb, fixture, 0, &err) || temp_path(text, sizeof text, "text") ||
        temp_path(tpath, sizeof tpath, "tagger") || temp_path(npath, sizeof npath, "tagnn")) {
        CHECK(0, "setup failed");
        return;
    }
    FILE *f = fopen(text, "w");
    for (int i = 0; f && i < 200; i++)
        fprintf(f, "The (old) teacher's dog didn't see the meadow, or the %s.\n",
                i % 2 ? "village" : "Zorblax");
    if (f)
        fclose(f);
    const char *files[] = {text};
    w5_nn_pretrain_opts po = {.files = files, .nfiles = 1, .dim = 8, .min_count = 2,
                              .epochs = 2, .seed = 1};
    w5_nn_vectors vec;
    CHECK(w5_nn_pretrain(files, 1, &tb, &po, &vec, &err) == 0, "%s", err.message);
    CHECK(vec.n > 10 && vec.dim == 8, "%zu vectors of %u", vec.n, vec.dim);
    int finite = 1;
    for (size_t i = 0; i < vec.n * vec.dim; i++)
        finite &= isfinite(vec.vecs[i]) != 0;
    CHECK(finite, "vectors not finite");
    w5_nn_vectors_free(&vec);
    const char *missing[] = {"/nonexistent/text.txt"};
    CHECK(w5_nn_pretrain(missing, 1, NULL, &po, &vec, &err) != 0, "a missing text file");
    w5_train_opts popts = {.epochs = 3, .seed = 3, .min_updates = 1, .min_weight = 0.01f};
    w5_tagger *tg = NULL;
    CHECK(w5_tagger_train(&tb, &tb, &popts, tpath, &err) == 0, "%s", err.message);
    CHECK(w5_tagger_load(tpath, &tg, &err) == 0, "%s", err.message);
    w5_nn_train_opts o = {.epochs = 2, .hidden = 8, .seed = 5, .pretrain = po};
    if (tg) {
        /* tuned on the fixture itself: any weights will do */
        CHECK(w5_tagger_train_nn(&tb, &tb, &tb, tg, &o, npath, &err) == 0, "%s", err.message);
        CHECK(w5_tagger_attach_nn(tg, npath, &err) == 0, "%s", err.message);
        const char *s[] = {"The", "Zorblax", "saw", "the", "meadow", "."};
        w5_span sp[6];
        for (int k = 0; k < 6; k++) {
            sp[k].s = s[k];
            sp[k].len = (uint32_t)strlen(s[k]);
        }
        CHECK(tags_valid(tg, sp, 6), "tags with word vectors");
    }
    w5_tagger_free(tg);
    w5_treebank_free(&tb);
    remove(text);
    remove(tpath);
    remove(npath);
}

/* Writes a clusters file: the words of the fixture in four clusters, the
 * second file with the same clusters given to other words. */
static int write_clusters(const char *path, int swap)
{
    static const char *const words[] = {"the", "house", "farmer", "city", "saw",
                                        "happy", "red", "old", "in", "cat"};
    static const char *const bits[] = {"00", "01", "10", "11"};
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    for (int i = 0; i < 10; i++)
        fprintf(f, "%s\t%s\t%d\n", bits[(i + (swap && i < 4 ? 1 : 0)) % 4], words[i], 10 - i);
    return fclose(f);
}

/* A network is refused by a tagger trained on the same words with other
 * clusters of the same count (and the same map size): the fingerprint
 * covers every ambiguity entry and cluster path (review h34 #1; it
 * sampled 8 slots and passed such a tagger). */
static void test_other_clusters(void)
{
    char ca[64], cb[64], ta[64], tb_path[64], npath[64];
    w5_treebank tb;
    w5_error err;
    w5_treebank_init(&tb);
    if (w5_treebank_read(&tb, fixture, 0, &err) || temp_path(ca, sizeof ca, "cla") ||
        temp_path(cb, sizeof cb, "clb") || temp_path(ta, sizeof ta, "tagger") ||
        temp_path(tb_path, sizeof tb_path, "tagger") || temp_path(npath, sizeof npath, "tagnn") ||
        write_clusters(ca, 0) || write_clusters(cb, 1)) {
        CHECK(0, "setup failed");
        return;
    }
    w5_train_opts popts = {.epochs = 2, .seed = 3, .min_updates = 1, .min_weight = 0.01f,
                           .clusters = ca};
    w5_tagger *a = NULL, *b = NULL;
    CHECK(w5_tagger_train(&tb, &tb, &popts, ta, &err) == 0, "%s", err.message);
    popts.clusters = cb;
    CHECK(w5_tagger_train(&tb, &tb, &popts, tb_path, &err) == 0, "%s", err.message);
    CHECK(w5_tagger_load(ta, &a, &err) == 0, "%s", err.message);
    CHECK(w5_tagger_load(tb_path, &b, &err) == 0, "%s", err.message);
    if (!a || !b)
        goto done;
    CHECK(a->ncluster == 4 && b->ncluster == 4 && a->amb.mask == b->amb.mask,
          "clusters %u %u, map slots %llu %llu", a->ncluster, b->ncluster,
          (unsigned long long)a->amb.mask + 1, (unsigned long long)b->amb.mask + 1);
    CHECK(w5_tagger_fingerprint(a) != w5_tagger_fingerprint(b), "same fingerprint");
    w5_nn_train_opts o = {.epochs = 1, .hidden = 8, .seed = 5, .alpha_x = 1, .alpha_u = 1};
    CHECK(w5_tagger_train_nn(&tb, &tb, NULL, a, &o, npath, &err) == 0, "%s", err.message);
    CHECK(w5_tagger_attach_nn(a, npath, &err) == 0, "%s", err.message);
    CHECK(w5_tagger_attach_nn(b, npath, &err) == W5_ERR_VERSION,
          "a network for other clusters accepted");
    /* the same paths read in another order: refused too */
    w5_tagger c = *a;
    uint32_t paths[4];
    memcpy(paths, a->cluster_paths, sizeof paths);
    uint32_t t = paths[0];
    paths[0] = paths[3];
    paths[3] = t;
    c.cluster_paths = paths;
    CHECK(w5_tagger_fingerprint(&c) != w5_tagger_fingerprint(a), "paths not in the fingerprint");
done:
    w5_tagger_free(a);
    w5_tagger_free(b);
    w5_treebank_free(&tb);
    remove(ca);
    remove(cb);
    remove(ta);
    remove(tb_path);
    remove(npath);
}

/* Options the loader would refuse are refused before training, with
 * W5_ERR_INVALID and a message naming the option; no file is written
 * (review #14). Dropout 0 is none, not the default (review #10). */
static void test_bad_options(void)
{
    char tpath[64], npath[64], dpath[64];
    w5_treebank tb;
    w5_error err;
    w5_treebank_init(&tb);
    if (w5_treebank_read(&tb, fixture, 0, &err) || temp_path(tpath, sizeof tpath, "tagger") ||
        temp_path(npath, sizeof npath, "tagnn") || temp_path(dpath, sizeof dpath, "tagnn")) {
        CHECK(0, "setup failed");
        return;
    }
    w5_train_opts popts = {.epochs = 2, .seed = 3, .min_updates = 1, .min_weight = 0.01f};
    w5_tagger *tg = NULL;
    CHECK(w5_tagger_train(&tb, &tb, &popts, tpath, &err) == 0, "%s", err.message);
    CHECK(w5_tagger_load(tpath, &tg, &err) == 0, "%s", err.message);
    if (!tg)
        goto done;
    const w5_nn_train_opts good = {.epochs = 1, .hidden = 8, .seed = 5, .alpha_x = 1,
                                   .alpha_u = 1};
    struct { w5_nn_train_opts o; const char *word; } bad[12];
    for (int k = 0; k < 12; k++)
        bad[k].o = good;
    bad[0].o.hidden = 12, bad[0].word = "hidden";
    bad[1].o.hidden = 4104, bad[1].word = "hidden";
    bad[2].o.epochs = -1, bad[2].word = "epochs";
    bad[3].o.epochs = 1000000, bad[3].word = "epochs";
    bad[4].o.feat_dropout = 1, bad[4].word = "dropout";
    bad[5].o.hidden_dropout = -0.5f, bad[5].word = "dropout";
    bad[6].o.hidden_dropout = NAN, bad[6].word = "dropout";
    bad[7].o.lr = NAN, bad[7].word = "step";
    bad[8].o.lr = -1, bad[8].word = "step";
    bad[9].o.lr_decay = 2, bad[9].word = "decay";
    bad[10].o.pretrain.dim = 4096, bad[10].word = "vector size";
    bad[11].o.pretrain.epochs = -3, bad[11].word = "vector epochs";
    remove(npath);
    for (int k = 0; k < 12; k++) {
        err.message[0] = 0;
        CHECK(w5_tagger_train_nn(&tb, &tb, NULL, tg, &bad[k].o, npath, &err) == W5_ERR_INVALID,
              "bad option %d accepted", k);
        CHECK(strstr(err.message, bad[k].word) != NULL, "option %d: '%s'", k, err.message);
        CHECK(access(npath, F_OK) != 0, "option %d: a file written", k);
    }
    /* no dropout and the usual dropout: two networks */
    w5_nn_train_opts none = good, usual = good;
    usual.feat_dropout = W5_NN_FEAT_DROPOUT;
    usual.hidden_dropout = W5_NN_HIDDEN_DROPOUT;
    CHECK(w5_tagger_train_nn(&tb, &tb, NULL, tg, &none, npath, &err) == 0, "%s", err.message);
    CHECK(w5_tagger_train_nn(&tb, &tb, NULL, tg, &usual, dpath, &err) == 0, "%s", err.message);
    FILE *a = fopen(npath, "rb"), *b = fopen(dpath, "rb");
    static char ba[1 << 20], bb[1 << 20];
    size_t na = a ? fread(ba, 1, sizeof ba, a) : 0, nb = b ? fread(bb, 1, sizeof bb, b) : 0;
    CHECK(na > 0 && nb > 0 && (na != nb || memcmp(ba, bb, na) != 0),
          "dropout 0 trained the network of the default dropout");
    if (a)
        fclose(a);
    if (b)
        fclose(b);
done:
    w5_tagger_free(tg);
    w5_treebank_free(&tb);
    remove(tpath);
    remove(npath);
    remove(dpath);
}

/* Training a network (with its weights tuned) for a tagger that already
 * has one attached leaves the tagger as it was: the attached network
 * stays and tags as before (review #9: it was detached). */
static void test_train_leaves_tagger(void)
{
    char tpath[64], npath[64], n2path[64];
    w5_treebank tb;
    w5_error err;
    w5_treebank_init(&tb);
    if (w5_treebank_read(&tb, fixture, 0, &err) || temp_path(tpath, sizeof tpath, "tagger") ||
        temp_path(npath, sizeof npath, "tagnn") || temp_path(n2path, sizeof n2path, "tagnn")) {
        CHECK(0, "setup failed");
        return;
    }
    w5_train_opts popts = {.epochs = 2, .seed = 3, .min_updates = 1, .min_weight = 0.01f};
    w5_tagger *tg = NULL;
    CHECK(w5_tagger_train(&tb, &tb, &popts, tpath, &err) == 0, "%s", err.message);
    CHECK(w5_tagger_load(tpath, &tg, &err) == 0, "%s", err.message);
    if (!tg)
        goto done;
    /* a network with large fixed weights, so that it changes tags */
    w5_nn_train_opts o = {.epochs = 1, .hidden = 8, .seed = 5, .alpha_x = 32, .alpha_u = 32};
    CHECK(w5_tagger_train_nn(&tb, &tb, NULL, tg, &o, npath, &err) == 0, "%s", err.message);
    CHECK(w5_tagger_attach_nn(tg, npath, &err) == 0, "%s", err.message);
    const struct w5_tagnn *attached = tg->nn;
    const char *s[] = {"The", "old", "teacher", "saw", "the", "dog", "in", "the", "city", "."};
    enum { N = 10 };
    w5_span sp[N];
    for (int k = 0; k < N; k++) {
        sp[k].s = s[k];
        sp[k].len = (uint32_t)strlen(s[k]);
    }
    uint8_t x1[N], u1[N], x2[N], u2[N];
    CHECK(w5_tagger_tag(tg, sp, N, x1, u1) == 0, "tag");
    w5_nn_train_opts tuned = {.epochs = 1, .hidden = 8, .seed = 6};
    CHECK(w5_tagger_train_nn(&tb, &tb, &tb, tg, &tuned, n2path, &err) == 0, "%s", err.message);
    CHECK(tg->nn == attached && tg->nn_owned == attached, "the attached network detached");
    CHECK(w5_tagger_tag(tg, sp, N, x2, u2) == 0 && memcmp(x1, x2, N) == 0 &&
              memcmp(u1, u2, N) == 0,
          "tags changed by training another network");
done:
    w5_tagger_free(tg);
    w5_treebank_free(&tb);
    remove(tpath);
    remove(npath);
    remove(n2path);
}

int main(void)
{
    RUN(test_gradient);
    RUN(test_train_round_trip);
    RUN(test_vectors);
    RUN(test_other_clusters);
    RUN(test_bad_options);
    RUN(test_train_leaves_tagger);
    return check_summary();
}
