/*
 * test_tagger_lstm.c - the BiLSTM kind of the neural tagger
 * (src/syntax/tagger_lstm.c): its gradient against finite differences,
 * a quick training run on the fixture whose file attaches, tags long and
 * odd sentences, and damaged copies of which are refused.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "check.h"
#include "syntax/tagger_nn.h"

static const char *fixture = "tests/fixtures/syntax/small.conllu";

static float rnd(uint64_t *s)
{
    return (float)(w5_rand_next(s) >> 40) / 16777216.0f * 2.0f - 1.0f;
}

static void tiny_dims(w5_tl_dims *d)
{
    memset(d, 0, sizeof *d);
    d->h = 3;
    d->layers = 2;
    d->nhid = 8;
    for (int g = 0; g < W5_NN_GROUPS; g++) {
        d->dim[g] = g == W5_NN_VEC_GROUP ? 0 : 1 + (uint32_t)g % 2;
        d->rows[g] = 3;
        d->din += d->dim[g];
    }
}

static double loss_of(const w5_tl_dims *d, const w5_tl_params *p, const w5_gkern *k,
                      const uint32_t *rows, size_t n, const uint8_t *yx, const uint8_t *yu,
                      w5_tl_work *w, w5_tl_params *g)
{
    double loss = w5_tl_forward(d, p, k, rows, n, yx, yu, w, NULL);
    if (g)
        w5_tl_backward(d, p, k, n, yx, yu, w, NULL, g, NULL);
    return loss;
}

static void test_gradient(void)
{
    w5_tl_dims d;
    tiny_dims(&d);
    w5_tl_params p, g;
    size_t total = w5_tl_layout(&d, NULL, &p);
    float *pb = malloc(total * sizeof *pb), *gb = calloc(total, sizeof *gb);
    if (!pb || !gb) {
        CHECK(0, "out of memory");
        return;
    }
    w5_tl_layout(&d, pb, &p);
    w5_tl_layout(&d, gb, &g);
    uint64_t rng = 11;
    for (size_t i = 0; i < total; i++)
        pb[i] = 0.5f * rnd(&rng);
    w5_gkern k;
    w5_gkern_pick(&k);
    enum { N = 5 };
    uint32_t rows[N * W5_NN_GROUPS];
    for (size_t i = 0; i < N; i++)
        for (int gr = 0; gr < W5_NN_GROUPS; gr++)
            rows[i * W5_NN_GROUPS + (size_t)gr] = (uint32_t)(i + (size_t)gr) % 3;
    /* a label 0 adds nothing: word 3 has no XPOS */
    const uint8_t yx[N] = {3, 7, 12, 0, 20}, yu[N] = {1, 2, 5, 9, 4};
    w5_tl_work w = {0};
    CHECK(w5_tl_work_reserve(&w, &d, N) == 0, "reserve");
    loss_of(&d, &p, &k, rows, N, yx, yu, &w, &g);
    int bad = 0;
    double worst = 0;
    for (size_t i = 0; i < total; i++) {
        float keep = pb[i];
        const float eps = 5e-3f; /* float losses: 2e-3 leaves noise of 5e-4 */
        pb[i] = keep + eps;
        double up = loss_of(&d, &p, &k, rows, N, yx, yu, &w, NULL);
        pb[i] = keep - eps;
        double down = loss_of(&d, &p, &k, rows, N, yx, yu, &w, NULL);
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
    /* with dropout, the same masks forward and backward: the gradient of
     * the dropped loss is still finite and the forward pass repeatable */
    uint64_t r1 = 5;
    w5_tl_drop drop = {0.25f, 0.3f, &r1};
    double l1 = w5_tl_forward(&d, &p, &k, rows, N, yx, yu, &w, &drop);
    w5_tl_backward(&d, &p, &k, N, yx, yu, &w, &drop, &g, NULL);
    int finite = isfinite(l1);
    for (size_t i = 0; i < total; i++)
        finite = finite && isfinite(gb[i]);
    CHECK(finite, "dropout pass not finite");
    w5_tl_work_free(&w);
    free(pb);
    free(gb);
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

/* Writes the first `keep` bytes of src to dst, byte `flip` (if below
 * keep) xored with 0xff. */
static int write_damaged(const char *src, const char *dst, size_t keep, size_t flip)
{
    static unsigned char buf[1 << 21];
    FILE *f = fopen(src, "rb");
    size_t size = f ? fread(buf, 1, sizeof buf, f) : 0;
    if (f)
        fclose(f);
    if (!size)
        return -1;
    keep = keep < size ? keep : size;
    if (flip < keep)
        buf[flip] ^= 0xff;
    f = fopen(dst, "wb");
    int ok = f && fwrite(buf, 1, keep, f) == keep;
    if (f)
        fclose(f);
    return ok ? (int)0 : -1;
}

/* Writes a copy of the network file src to dst with nbytes of section
 * `section` at off replaced by bytes (section NULL: a plain copy). */
static int rewrite_with(const char *src, const char *dst, const char *section, size_t off,
                        const void *bytes, size_t nbytes)
{
    static const char *names[] = {"tl.meta", "tl.feats", "tl.q", "tl.scale"};
    w5_error err;
    w5_mfile *mf = NULL;
    if (w5_mfile_open(src, "tagger-nn", &mf, &err))
        return -1;
    w5_mwriter *w = w5_mwriter_new("tagger-nn");
    int rc = w ? 0 : -1;
    for (int k = 0; !rc && k < 4; k++) {
        size_t size = 0;
        const void *data = w5_mfile_section(mf, names[k], &size);
        unsigned char *copy = malloc(size + 1);
        if (!data || !copy) {
            free(copy);
            rc = -1;
            break;
        }
        memcpy(copy, data, size);
        if (section && strcmp(section, names[k]) == 0 && off + nbytes <= size)
            memcpy(copy + off, bytes, nbytes);
        rc = w5_mwriter_add(w, names[k], copy, size) ? -1 : 0;
        free(copy);
    }
    if (!rc && w5_mwriter_save(w, dst, &err))
        rc = -1;
    w5_mwriter_free(w);
    w5_mfile_close(mf);
    return rc;
}

static void test_train_round_trip(void)
{
    char tpath[64], npath[64], opath[64];
    w5_treebank tb;
    w5_error err;
    w5_treebank_init(&tb);
    if (w5_treebank_read(&tb, fixture, 0, &err) || temp_path(tpath, sizeof tpath, "tagger") ||
        temp_path(npath, sizeof npath, "taglstm") || temp_path(opath, sizeof opath, "dmg")) {
        CHECK(0, "setup failed");
        return;
    }
    w5_train_opts popts = {.epochs = 4, .seed = 3, .min_updates = 1, .min_weight = 0.01f};
    w5_tagger *tg = NULL;
    CHECK(w5_tagger_train(&tb, &tb, &popts, tpath, &err) == 0, "%s", err.message);
    CHECK(w5_tagger_load(tpath, &tg, &err) == 0, "%s", err.message);
    if (!tg)
        goto done;
    w5_nn_train_opts o = {.epochs = 2, .hidden = 16, .lstm = 8, .layers = 2, .seed = 5,
                          .feat_dropout = 0.25f, .hidden_dropout = 0.3f};
    /* tuned on the fixture itself: any weights will do */
    CHECK(w5_tagger_train_nn(&tb, &tb, &tb, tg, &o, npath, &err) == 0, "%s", err.message);
    w5_mfile *mf = NULL;
    CHECK(w5_mfile_open(npath, "tagger-nn", &mf, &err) == 0, "%s", err.message);
    if (mf) {
        size_t size = 0;
        const uint32_t *m = w5_mfile_section(mf, "tl.meta", &size);
        CHECK(m && size == W5_TL_META_WORDS * 4, "meta of %zu bytes", size);
        if (m && size == W5_TL_META_WORDS * 4) {
            CHECK(m[W5_TL_META_H] == 8 && m[W5_TL_META_LAYERS] == 2 && m[W5_TL_META_NHID] == 16,
                  "sizes %u %u %u", m[W5_TL_META_H], m[W5_TL_META_LAYERS], m[W5_TL_META_NHID]);
            CHECK(m[W5_TL_META_FINGERPRINT] == w5_tagger_fingerprint(tg), "fingerprint");
        }
        CHECK(w5_mfile_section(mf, "nn.meta", &size) == NULL, "a window network's meta too");
        w5_mfile_close(mf);
    }
    CHECK(w5_tagger_attach_nn(tg, npath, &err) == 0, "%s", err.message);
    const char *s[] = {"The", "old", "teacher", "saw", "the", "dog", "."};
    w5_span sp[7];
    for (int i = 0; i < 7; i++) {
        sp[i].s = s[i];
        sp[i].len = (uint32_t)strlen(s[i]);
    }
    uint8_t x1[7], u1[7], x2[7], u2[7];
    CHECK(tags_valid(tg, sp, 7), "a sentence");
    CHECK(w5_tagger_tag(tg, sp, 7, x1, u1) == 0, "tag");
    /* log-probabilities of a loaded network: distributions */
    w5_tagnn *nn = NULL;
    CHECK(w5_tagnn_load(npath, &nn, &err) == 0, "%s", err.message);
    if (nn) {
        w5_tword tw[7];
        w5_tagger_word_hashes(tg, sp, 7, tw);
        float lpx[7 * W5_XPOS_COUNT], lpu[7 * W5_UPOS_COUNT];
        float *scratch = malloc(w5_tagnn_scratch(nn, 7) * sizeof *scratch);
        if (scratch) {
            w5_tagnn_logprobs(nn, tw, 7, lpx, lpu, scratch);
            double sx = 0, su = 0;
            for (int c = 0; c < W5_XPOS_COUNT; c++)
                sx += exp(lpx[3 * W5_XPOS_COUNT + c]);
            for (int c = 0; c < W5_UPOS_COUNT; c++)
                su += exp(lpu[3 * W5_UPOS_COUNT + c]);
            CHECK(fabs(sx - 1) < 1e-3 && fabs(su - 1) < 1e-3, "sums %g %g", sx, su);
        }
        free(scratch);
        CHECK(w5_tagnn_check(nn, tg) == 0, "the fingerprint of its tagger");
        w5_tagnn_free(nn);
    }
    /* long and odd sentences */
    enum { LONG = 5000 };
    w5_span *lsp = malloc(LONG * sizeof *lsp);
    static const char *words[] = {"the", "Zorblax", "ran", ",", "42", "!!!", "", "\xff\xfe"};
    for (size_t i = 0; lsp && i < LONG; i++) {
        lsp[i].s = words[i % 8];
        lsp[i].len = (uint32_t)strlen(words[i % 8]);
    }
    CHECK(lsp && tags_valid(tg, lsp, LONG), "a 5,000-word sentence");
    CHECK(lsp && tags_valid(tg, lsp, 1), "one word");
    CHECK(w5_tagger_tag(tg, sp, 0, NULL, NULL) == 0, "an empty sentence");
    free(lsp);
    /* damaged copies: refused or loaded, never a crash; a truncated one
     * and one with a scale turned into a NaN are refused */
    long size = 0;
    FILE *f = fopen(npath, "rb");
    if (f && fseek(f, 0, SEEK_END) == 0)
        size = ftell(f);
    if (f)
        fclose(f);
    CHECK(size > 1000, "file of %ld bytes", size);
    if (write_damaged(npath, opath, (size_t)size / 2, (size_t)-1) == 0)
        CHECK(w5_tagger_attach_nn(tg, opath, &err) != 0, "a truncated network");
    for (long at = 0; at < size; at += size / 97 + 1) {
        if (write_damaged(npath, opath, (size_t)size, (size_t)at) == 0 &&
            w5_tagnn_load(opath, &nn, &err) == 0) {
            w5_tagnn_free(nn);
        }
    }
    /* sections rewritten (checksums right): a NaN scale, sizes out of
     * bounds or not matching the parameters are refused */
    float nan = NAN;
    uint32_t big = 0xffffffffu, zero = 0, other = 9;
    CHECK(rewrite_with(npath, opath, "tl.scale", 4, &nan, 4) == 0 &&
              w5_tagnn_load(opath, &nn, &err) == W5_ERR_FORMAT,
          "a NaN scale taken");
    CHECK(rewrite_with(npath, opath, "tl.meta", 4 * (W5_TL_META_ROWS + 0), &big, 4) == 0 &&
              w5_tagnn_load(opath, &nn, &err) == W5_ERR_FORMAT,
          "4 G rows taken");
    CHECK(rewrite_with(npath, opath, "tl.meta", 4 * (W5_TL_META_ROWS + 2), &other, 4) == 0 &&
              w5_tagnn_load(opath, &nn, &err) == W5_ERR_FORMAT,
          "rows that do not fit the parameters taken");
    CHECK(rewrite_with(npath, opath, "tl.meta", 4 * W5_TL_META_H, &big, 4) == 0 &&
              w5_tagnn_load(opath, &nn, &err) == W5_ERR_FORMAT,
          "4 G units taken");
    CHECK(rewrite_with(npath, opath, "tl.meta", 4 * W5_TL_META_LAYERS, &zero, 4) == 0 &&
              w5_tagnn_load(opath, &nn, &err) == W5_ERR_FORMAT,
          "no layers taken");
    CHECK(rewrite_with(npath, opath, "tl.meta", 4 * W5_TL_META_VERSION, &other, 4) == 0 &&
              w5_tagnn_load(opath, &nn, &err) == W5_ERR_VERSION,
          "another version taken");
    CHECK(rewrite_with(npath, opath, "tl.meta", 4 * W5_TL_META_ALPHA_X, &nan, 4) == 0 &&
              w5_tagnn_load(opath, &nn, &err) == W5_ERR_FORMAT,
          "a NaN weight taken");
    CHECK(rewrite_with(npath, opath, NULL, 0, NULL, 0) == 0 &&
              w5_tagnn_load(opath, &nn, &err) == 0,
          "the rewritten copy itself refused: %s", err.message);
    w5_tagnn_free(nn);
    nn = NULL;
    /* the attached network survives the failed attempts */
    CHECK(w5_tagger_tag(tg, sp, 7, x2, u2) == 0 && memcmp(x1, x2, 7) == 0 &&
              memcmp(u1, u2, 7) == 0,
          "tags changed by failed attaches");
    /* bad options are refused before training */
    o.lstm = W5_NN_MAX_LSTM + 1;
    CHECK(w5_tagger_train_nn(&tb, &tb, NULL, tg, &o, opath, &err) == W5_ERR_INVALID,
          "too many units taken");
    o.lstm = 8;
    o.layers = 5;
    CHECK(w5_tagger_train_nn(&tb, &tb, NULL, tg, &o, opath, &err) == W5_ERR_INVALID,
          "5 layers taken");
done:
    w5_tagger_free(tg);
    w5_treebank_free(&tb);
    remove(tpath);
    remove(npath);
    remove(opath);
}

int main(void)
{
    RUN(test_gradient);
    RUN(test_train_round_trip);
    return check_summary();
}
