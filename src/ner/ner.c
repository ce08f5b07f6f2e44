/*
 * ner.c - loading a NER model and tagging documents with it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/conll.h"
#include "learn/linear.h"
#include "ner/ner_int.h"

/* How the merged rows are stored (see w5_rowtab_opts): dense, as for
 * the tagger (faster on the real machine, see tagger.c). */
#ifndef W5_NER_SPARSE_ROWS
#define W5_NER_SPARSE_ROWS 0
#endif
#ifndef W5_NER_MIN_ABS
#define W5_NER_MIN_ABS 0
#endif

struct w5_ner_model {
    w5_mfile *mf;
    w5_linear *lin;
    ner_merged merged; /* both stages of a two-stage model */
    w5_rowtab *mrows;  /* merged's rows as a sparse table */
    int two_stage;
    ner_cfg cfg;
};

const char *w5_ner_type_name(int type)
{
    static const char *const names[W5_NER_NTYPES] = {"PER", "ORG", "LOC", "MISC"};
    return type >= 0 && type < W5_NER_NTYPES ? names[type] : "O";
}

/* The merged table of a two-stage model, every bound checked. */
static int load_merged(w5_ner_model *m, const char *what, w5_error *err)
{
    size_t size = 0, ksize = 0, wsize = 0;
    const ner_merged_meta *meta = w5_mfile_section(m->mf, "merged.meta", &size);
    const uint32_t *slots = w5_mfile_section(m->mf, "merged.keys", &ksize);
    const int16_t *w = w5_mfile_section(m->mf, "merged.w", &wsize);
    if (!meta || size != sizeof *meta || !slots || !w)
        return w5_fail(err, W5_ERR_FORMAT, "%s: two-stage model without its tables", what);
    ner_merged_meta mm = *meta;
    if (!mm.nslots || (mm.nslots & (mm.nslots - 1)) || mm.nrows > mm.nslots ||
        ksize != (size_t)mm.nslots * 8 || wsize != (size_t)mm.nrows * NER_MSTRIDE * 2 ||
        !(mm.scale > 0) || mm.scale > 1e6f)
        return w5_fail(err, W5_ERR_FORMAT, "%s: bad merged table", what);
    uint32_t used = 0;
    for (uint32_t i = 0; i < mm.nslots; i++) {
        if (!slots[2 * i])
            continue;
        if (slots[2 * i + 1] >= mm.nrows)
            return w5_fail(err, W5_ERR_FORMAT, "%s: bad merged table row", what);
        used++;
    }
    if (used == mm.nslots)
        return w5_fail(err, W5_ERR_FORMAT, "%s: merged table has no empty slot", what);
    m->merged.meta = mm;
    m->merged.slots = slots;
    m->merged.w = w;
    w5_rowtab_opts ro = {.sparse = W5_NER_SPARSE_ROWS, .min_abs = W5_NER_MIN_ABS};
    int rc = w5_rowtab_build(slots, mm.nslots, w, mm.nrows, NER_MSTRIDE, NER_MROW, &ro,
                             &m->mrows);
    if (rc)
        return w5_fail(err, rc, "%s: merged table: %s", what, w5_strerror(rc));
    m->merged.rows = m->mrows;
    w5_mfile_release(m->mf, w, wsize); /* the weights now live in mrows */
    m->two_stage = 1;
    return W5_OK;
}

/* Checks the sections of an opened model file and builds the model. */
static int model_from_mfile(w5_mfile *mf, const char *what, w5_ner_model **out,
                            w5_error *err)
{
    size_t size = 0;
    const ner_config_rec *rec = w5_mfile_section(mf, "config", &size);
    if (!rec || size != sizeof *rec) {
        w5_mfile_close(mf);
        return w5_fail(err, W5_ERR_FORMAT, "%s: no NER config section", what);
    }
    if (rec->version != NER_CONFIG_VERSION) {
        uint32_t version = rec->version;
        w5_mfile_close(mf);
        return w5_fail(err, W5_ERR_VERSION,
                       "%s: NER config version %u, this build reads %u", what,
                       version, NER_CONFIG_VERSION);
    }
    if (rec->nlabels != W5_NER_NLABELS || (rec->features & ~W5_NERF_ALL) ||
        rec->stages < 1 || rec->stages > 2) {
        w5_mfile_close(mf);
        return w5_fail(err, W5_ERR_FORMAT, "%s: unexpected NER labels or features", what);
    }
    w5_ner_model *m = calloc(1, sizeof *m);
    if (!m) {
        w5_mfile_close(mf);
        return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    }
    m->mf = mf;
    m->cfg.features = rec->features;
    uint32_t slots = rec->cluster_slots;
    if (slots) {
        const uint32_t *cl = w5_mfile_section(mf, "clusters", &size);
        if ((slots & (slots - 1)) || !cl || size != (size_t)slots * 8) {
            w5_ner_free(m);
            return w5_fail(err, W5_ERR_FORMAT, "%s: bad clusters section", what);
        }
        m->cfg.clusters = cl;
        m->cfg.cluster_mask = slots - 1;
    }
    if (rec->stages == 2) {
        int rc = load_merged(m, what, err);
        if (rc)
            w5_ner_free(m);
        else
            *out = m;
        return rc;
    }
    int rc = w5_mfile_linear(mf, "lin", &m->lin, err);
    if (rc) {
        w5_ner_free(m);
        return rc;
    }
    if (w5_linear_nclass(m->lin) != W5_NER_NLABELS) {
        w5_ner_free(m);
        return w5_fail(err, W5_ERR_FORMAT, "%s: the linear model has %u classes, not %d",
                       what, w5_linear_nclass(m->lin), W5_NER_NLABELS);
    }
    /* As for the merged table: scores beyond ~1e12 would swamp the
     * decoder's -1e30 for impossible label sequences (fuzz_model found
     * a scale of 3e29 giving I- without B-). Trained scales are ~1e-3. */
    if (!(m->lin->meta.scale <= 1e6f)) {
        w5_ner_free(m);
        return w5_fail(err, W5_ERR_FORMAT, "%s: bad linear model scale", what);
    }
    *out = m;
    return W5_OK;
}

int w5_ner_load(const char *path, w5_ner_model **out, w5_error *err)
{
    w5_mfile *mf = NULL;
    *out = NULL;
    int rc = w5_mfile_open(path, "ner", &mf, err);
    if (rc)
        return rc;
    return model_from_mfile(mf, path, out, err);
}

int w5_ner_from_buffer(const void *data, size_t size, w5_ner_model **out,
                       w5_error *err)
{
    w5_mfile *mf = NULL;
    *out = NULL;
    int rc = w5_mfile_from_buffer(data, size, "ner", &mf, err);
    if (rc)
        return rc;
    return model_from_mfile(mf, "model buffer", out, err);
}

void w5_ner_free(w5_ner_model *m)
{
    if (!m)
        return;
    w5_linear_free(m->lin);
    w5_rowtab_free(m->mrows);
    w5_mfile_close(m->mf);
    free(m);
}

/* The merged sums of the static features of tokens [b, b + m) into
 * acc (m x NER_MSTRIDE), several tokens at a time when the model has its
 * sparse table (their cache misses then overlap). */
enum { SUM_CHUNK = 32 };

static void merged_sums(const ner_merged *mg, const ner_seq *seq, size_t b, size_t m,
                        int32_t *acc)
{
    memset(acc, 0, m * NER_MSTRIDE * sizeof *acc);
    if (mg->rows) {
        uint32_t off[SUM_CHUNK + 1];
        for (size_t k = 0; k <= m; k++)
            off[k] = seq->off[b + k] - seq->off[b];
        w5_rowtab_sum_seq(mg->rows, seq->feats + seq->off[b], off, m, acc);
        return;
    }
    for (size_t k = 0; k < m; k++)
        ner_merged_sum(mg, seq->feats + seq->off[b + k],
                       seq->off[b + k + 1] - seq->off[b + k], acc + k * NER_MSTRIDE);
}

/* Both stages: one probe per static feature gives both stages' sums; the
 * second stage then reads the first one's labels of the document. */
static int tag_two_stages(const w5_ner_model *model, ner_seq *seq, uint8_t *labels,
                          w5_error *err)
{
    size_t n = seq->n;
    float *s1 = malloc(n * W5_NER_NLABELS * sizeof *s1);
    float *s2 = malloc(n * W5_NER_NLABELS * sizeof *s2);
    uint8_t *prior = malloc(n);
    int rc = W5_OK;
    if (!s1 || !s2 || !prior) {
        rc = w5_fail(err, W5_ERR_NOMEM, "out of memory");
        goto done;
    }
    const ner_merged *mg = &model->merged;
    int32_t acc[SUM_CHUNK * NER_MSTRIDE];
    for (size_t b = 0; b < n; b += SUM_CHUNK) {
        size_t m = n - b < SUM_CHUNK ? n - b : SUM_CHUNK;
        merged_sums(mg, seq, b, m, acc);
        for (size_t i = b; i < b + m; i++) {
            const int32_t *a = acc + (i - b) * NER_MSTRIDE;
            for (int c = 0; c < W5_NER_NLABELS; c++) {
                s1[i * W5_NER_NLABELS + (size_t)c] = (float)a[c] * mg->meta.scale;
                s2[i * W5_NER_NLABELS + (size_t)c] = (float)a[W5_NER_NLABELS + c] * mg->meta.scale;
            }
        }
    }
    seq->static_scores = s1;
    if (ner_decode(&model->cfg, ner_score_merged1, mg, seq, prior, NULL, NULL, NULL)) {
        rc = w5_fail(err, W5_ERR_NOMEM, "out of memory");
        goto done;
    }
    seq->static_scores = s2;
    seq->prior = prior;
    if (ner_decode(&model->cfg, ner_score_merged2, mg, seq, labels, NULL, NULL, NULL))
        rc = w5_fail(err, W5_ERR_NOMEM, "out of memory");
done:
    free(s1);
    free(s2);
    free(prior);
    return rc;
}

/* The label-independent facts of every word. A word seen before in the
 * document copies them from its first occurrence (a news story repeats
 * about half of its tokens): the hashes and three cluster lookups of
 * ner_tok_fill are done once per distinct word. */
static void fill_tokens(const ner_cfg *cfg, const w5_ner_word *words, size_t n,
                        ner_tok *toks)
{
    size_t cap = 16;
    while (cap < 2 * n)
        cap *= 2;
    uint32_t *first = n < UINT32_MAX ? calloc(cap, sizeof *first) : NULL;
    size_t mask = cap - 1;
    for (size_t i = 0; i < n; i++) {
        const char *s = words[i].s;
        uint32_t len = words[i].len;
        if (!first) { /* no memory for the table: fill every token */
            ner_tok_fill(cfg, s, len, &toks[i]);
            continue;
        }
        size_t j = w5_hash_bytes(s, len, 0x70C5) & mask;
        for (; first[j]; j = (j + 1) & mask) {
            const w5_ner_word *seen = &words[first[j] - 1];
            if (seen->len == len && memcmp(seen->s, s, len) == 0)
                break;
        }
        if (first[j]) {
            toks[i] = toks[first[j] - 1];
            continue;
        }
        ner_tok_fill(cfg, s, len, &toks[i]);
        first[j] = (uint32_t)i + 1;
    }
    free(first);
}

int w5_ner_tag(const w5_ner_model *model, const w5_lexicon *lex,
               const w5_ner_word *words, size_t n, const uint32_t *sent_end,
               size_t nsent, uint8_t *labels, w5_error *err)
{
    if (!model || (!words && n))
        return w5_fail(err, W5_ERR_INVALID, "w5_ner_tag: no model or words");
    if (!n)
        return W5_OK;
    const ner_cfg *cfg = &model->cfg;
    ner_tok *toks = malloc(n * sizeof *toks);
    uint32_t *off = malloc((n + 1) * sizeof *off);
    size_t fcap = n * 48 + NER_MAX_STATIC;
    uint64_t *feats = malloc(fcap * sizeof *feats);
    int rc = W5_OK;
    if (!toks || !off || !feats) {
        rc = w5_fail(err, W5_ERR_NOMEM, "out of memory");
        goto done;
    }
    fill_tokens(cfg, words, n, toks);
    size_t nf = 0, b = 0;
    int lowered = ner_is_lowered(words, n);
    for (size_t s = 0; s < nsent; s++) {
        size_t e = sent_end[s];
        if (e < b || e > n) {
            rc = w5_fail(err, W5_ERR_INVALID, "w5_ner_tag: bad sentence ends");
            goto done;
        }
        if (cfg->features & W5_NERF_GAZ)
            ner_gaz_fill(lex, words, b, e, toks);
        int flags = (ner_is_headline(words, b, e) ? NER_SENT_HEADLINE : 0) |
                    (lowered ? NER_DOC_LOWERED : 0);
        for (size_t i = b; i < e; i++) {
            if (nf + NER_MAX_STATIC > fcap) {
                if (w5_grow((void **)&feats, &fcap, fcap * 2, sizeof *feats)) {
                    rc = w5_fail(err, W5_ERR_NOMEM, "out of memory");
                    goto done;
                }
            }
            off[i] = (uint32_t)nf;
            nf += ner_static_feats(cfg, toks, b, e, i, flags, feats + nf);
        }
        b = e;
    }
    if (b != n) {
        rc = w5_fail(err, W5_ERR_INVALID, "w5_ner_tag: sentences do not cover the words");
        goto done;
    }
    off[n] = (uint32_t)nf;
    ner_seq seq = {toks, feats, off, n, sent_end, nsent, NULL, lowered, NULL};
    if (model->two_stage) {
        rc = tag_two_stages(model, &seq, labels, err);
        goto done;
    }
    if (ner_decode(cfg, ner_score_linear, model->lin, &seq, labels, NULL, NULL, NULL))
        rc = w5_fail(err, W5_ERR_NOMEM, "out of memory");
done:
    free(toks);
    free(off);
    free(feats);
    return rc;
}

static w5_etype mention_type(int type)
{
    switch (type) {
    case W5_NER_PER:
        return W5_E_PERSON;
    case W5_NER_ORG:
        return W5_E_ORG;
    case W5_NER_LOC:
        return W5_E_LOC;
    default:
        return W5_E_MISC;
    }
}

/* A MISC mention the lexicon knows as a demonym ("Afghan") is NORP. */
static int is_demonym(const w5_lexicon *lex, const w5_doc *doc, uint32_t start,
                      uint32_t end)
{
    return lex && (w5_lexicon_flags(lex, doc->text + start, end - start) &
                   W5_LEX_DEMONYM) != 0;
}

int w5_ner_run(const w5_ner_model *model, const w5_lexicon *lex, w5_doc *doc,
               w5_error *err)
{
    if (!model || !doc)
        return w5_fail(err, W5_ERR_INVALID, "w5_ner_run: no model or document");
    size_t n = doc->toks.n, nsent = doc->sents.n;
    if (!n)
        return W5_OK;
    w5_ner_word *words = malloc(n * sizeof *words);
    uint32_t *ends = malloc((nsent + 1) * sizeof *ends);
    uint8_t *labels = malloc(n);
    int rc = W5_OK;
    if (!words || !ends || !labels) {
        rc = w5_fail(err, W5_ERR_NOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        words[i].s = doc->text + doc->toks.v[i].start;
        words[i].len = doc->toks.v[i].end - doc->toks.v[i].start;
    }
    /* Sentences as the splitter made them; with none, one sentence. */
    size_t ns = 0;
    for (size_t s = 0; s < nsent; s++) {
        uint32_t e = doc->sents.v[s].tok_end;
        if (e > (ns ? ends[ns - 1] : 0) && e <= n)
            ends[ns++] = e;
    }
    if (!ns || ends[ns - 1] != n)
        ends[ns++] = (uint32_t)n;
    if ((rc = w5_ner_tag(model, lex, words, n, ends, ns, labels, err)))
        goto done;
    for (size_t i = 0; i < n; i++) {
        char part = w5_ner_label_part(labels[i]);
        if (part != 'B' && part != 'U')
            continue;
        size_t j = i;
        if (part == 'B')
            while (j + 1 < n && w5_ner_label_part(labels[j + 1]) == 'I')
                j++;
        if (part == 'B' && j + 1 < n && w5_ner_label_part(labels[j + 1]) == 'L')
            j++;
        w5_ment m = {.tok_begin = (uint32_t)i, .tok_end = (uint32_t)j + 1,
                     .start = doc->toks.v[i].start, .end = doc->toks.v[j].end,
                     .sent = doc->toks.v[i].sent, .kind = W5_MENTION_NAME,
                     .entity = -1, .head_tok = (uint32_t)j};
        m.type = (uint8_t)mention_type(w5_ner_label_type(labels[i]));
        if (m.type == W5_E_MISC && is_demonym(lex, doc, m.start, m.end))
            m.type = W5_E_NORP;
        if (w5_vec_push(&doc->ments, m)) {
            rc = w5_fail(err, W5_ERR_NOMEM, "out of memory");
            goto done;
        }
        i = j;
    }
done:
    free(words);
    free(ends);
    free(labels);
    return rc;
}

const char *w5_ner_iob2(int label, char buf[8])
{
    char part = w5_ner_label_part(label);
    if (part == 'O')
        return "O";
    snprintf(buf, 8, "%c-%s", part == 'B' || part == 'U' ? 'B' : 'I',
             w5_ner_type_name(w5_ner_label_type(label)));
    return buf;
}

/* Tags lines [b, e) of c as one document. */
static int tag_conll_doc(const w5_ner_model *model, const w5_lexicon *lex,
                         const w5_conll *c, size_t b, size_t e, uint8_t *labels,
                         w5_error *err)
{
    size_t n = 0, nsent = 0;
    for (size_t k = b; k < e; k++) {
        if (c->lines.v[k].kind == W5_CONLL_TOKEN) {
            n++;
            if (k + 1 == e || c->lines.v[k + 1].kind != W5_CONLL_TOKEN)
                nsent++;
        }
    }
    if (!n)
        return W5_OK;
    w5_ner_word *words = malloc(n * sizeof *words);
    uint32_t *ends = malloc(nsent * sizeof *ends);
    uint8_t *out = malloc(n);
    int rc = W5_OK;
    if (!words || !ends || !out) {
        rc = w5_fail(err, W5_ERR_NOMEM, "out of memory");
        goto done;
    }
    size_t i = 0, s = 0;
    for (size_t k = b; k < e; k++) {
        const w5_conll_line *ln = &c->lines.v[k];
        if (ln->kind != W5_CONLL_TOKEN)
            continue;
        words[i].s = c->text + ln->word_start;
        words[i].len = ln->word_end - ln->word_start;
        i++;
        if (k + 1 == e || c->lines.v[k + 1].kind != W5_CONLL_TOKEN)
            ends[s++] = (uint32_t)i;
    }
    if ((rc = w5_ner_tag(model, lex, words, n, ends, nsent, out, err)))
        goto done;
    i = 0;
    for (size_t k = b; k < e; k++)
        labels[k] = c->lines.v[k].kind == W5_CONLL_TOKEN ? out[i++] : 0;
done:
    free(words);
    free(ends);
    free(out);
    return rc;
}

int w5_ner_tag_conll(const w5_ner_model *model, const w5_lexicon *lex,
                     const w5_conll *c, uint8_t *labels, w5_error *err)
{
    size_t b = 0;
    for (size_t k = 0; k <= c->lines.n; k++) {
        if (k == c->lines.n || c->lines.v[k].kind == W5_CONLL_DOCSTART) {
            int rc = tag_conll_doc(model, lex, c, b, k, labels, err);
            if (rc)
                return rc;
            if (k < c->lines.n)
                labels[k] = 0;
            b = k + 1;
        }
    }
    return W5_OK;
}

int w5_ner_uses_lexicon(const w5_ner_model *model)
{
    return model && (model->cfg.features & W5_NERF_GAZ) != 0;
}
