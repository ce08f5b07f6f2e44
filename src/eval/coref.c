/* coref.c - see coref.h (the coreference scorer). */
#include "pipeline/pipeline.h"
#include "eval/coref.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "coref/coref.h"
#include "doc/doc.h"
#include "doc/tagset.h"
#include "lexicon/lexicon.h"
#include "ner/merge.h"
#include "ner/ner.h"
#include "ner/values.h"
#include "syntax/syntax.h"

/* ---- metrics ------------------------------------------------------------- */

static double ratio(double a, double b) { return b > 0 ? 100.0 * a / b : 0.0; }
double w5_eval_coref_p(const w5_eval_coref_counts *c) { return ratio(c->num_p, c->den_p); }
double w5_eval_coref_r(const w5_eval_coref_counts *c) { return ratio(c->num_r, c->den_r); }
double w5_eval_coref_f1(const w5_eval_coref_counts *c)
{
    double p = w5_eval_coref_p(c), r = w5_eval_coref_r(c);
    return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
}

/* Clusters as lists: ids renumbered 0..k-1 per side. */
typedef struct side {
    int32_t *id;     /* per mention: cluster number or -1 */
    size_t k;        /* clusters */
    size_t *size;    /* per cluster */
} side;

static int make_side(const int32_t *raw, size_t n, side *s)
{
    s->id = malloc((n + 1) * sizeof *s->id);
    s->size = calloc(n + 1, sizeof *s->size);
    int32_t *map = malloc((n + 1) * sizeof *map);
    int32_t *keys = malloc((n + 1) * sizeof *keys);
    if (!s->id || !s->size || !map || !keys) {
        free(map);
        free(keys);
        return W5_ERR_NOMEM;
    }
    s->k = 0;
    for (size_t i = 0; i < n; i++) {
        s->id[i] = -1;
        if (raw[i] < 0)
            continue;
        size_t j = 0;
        while (j < s->k && keys[j] != raw[i])
            j++;
        if (j == s->k) {
            keys[s->k] = raw[i];
            s->k++;
        }
        s->id[i] = (int32_t)j;
        s->size[j]++;
    }
    free(map);
    free(keys);
    return 0;
}

static void free_side(side *s)
{
    free(s->id);
    free(s->size);
}

/* MUC: for each key cluster, |K| minus the number of parts the response
 * cuts it into (mentions missing from the response are parts of one). */
static void muc_half(const side *key, const side *resp, size_t n, double *num,
                     double *den)
{
    for (size_t c = 0; c < key->k; c++) {
        if (key->size[c] == 0)
            continue;
        size_t parts = 0;
        /* distinct response clusters + missing mentions */
        int32_t seen[512];
        size_t nseen = 0;
        for (size_t i = 0; i < n; i++) {
            if (key->id[i] != (int32_t)c)
                continue;
            int32_t r = resp->id[i];
            if (r < 0) {
                parts++;
                continue;
            }
            size_t j = 0;
            while (j < nseen && seen[j] != r)
                j++;
            if (j == nseen) {
                if (nseen < 512)
                    seen[nseen++] = r;
                parts++;
            }
        }
        *num += (double)(key->size[c] - parts);
        *den += (double)(key->size[c] - 1);
    }
}

/* Overlap counts |K_a ∩ R_b| as a dense matrix. */
static size_t *overlaps(const side *g, const side *s, size_t n)
{
    size_t *ov = calloc(g->k * s->k + 1, sizeof *ov);
    if (!ov)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (g->id[i] >= 0 && s->id[i] >= 0)
            ov[(size_t)g->id[i] * s->k + (size_t)s->id[i]]++;
    return ov;
}

/* Kuhn-Munkres (Hungarian) on an n x n cost matrix, minimising; returns
 * the assignment row -> column in match. O(n^3). */
static int hungarian(const double *cost, size_t n, int32_t *match)
{
    double *u = calloc(n + 1, sizeof *u), *v = calloc(n + 1, sizeof *v),
           *minv = malloc((n + 1) * sizeof *minv);
    size_t *p = calloc(n + 1, sizeof *p), *way = calloc(n + 1, sizeof *way);
    char *used = malloc(n + 1);
    if (!u || !v || !minv || !p || !way || !used) {
        free(u); free(v); free(minv); free(p); free(way); free(used);
        return W5_ERR_NOMEM;
    }
    for (size_t i = 1; i <= n; i++) {
        p[0] = i;
        size_t j0 = 0;
        for (size_t j = 0; j <= n; j++) {
            minv[j] = INFINITY;
            used[j] = 0;
        }
        do {
            used[j0] = 1;
            size_t i0 = p[j0], j1 = 0;
            double delta = INFINITY;
            for (size_t j = 1; j <= n; j++) {
                if (used[j])
                    continue;
                double cur = cost[(i0 - 1) * n + (j - 1)] - u[i0] - v[j];
                if (cur < minv[j]) {
                    minv[j] = cur;
                    way[j] = j0;
                }
                if (minv[j] < delta) {
                    delta = minv[j];
                    j1 = j;
                }
            }
            for (size_t j = 0; j <= n; j++) {
                if (used[j]) {
                    u[p[j]] += delta;
                    v[j] -= delta;
                } else {
                    minv[j] -= delta;
                }
            }
            j0 = j1;
        } while (p[j0] != 0);
        do {
            size_t j1 = way[j0];
            p[j0] = p[j1];
            j0 = j1;
        } while (j0);
    }
    for (size_t j = 1; j <= n; j++)
        if (p[j])
            match[p[j] - 1] = (int32_t)(j - 1);
    free(u); free(v); free(minv); free(p); free(way); free(used);
    return 0;
}

int w5_eval_coref_score(const int32_t *gold, const int32_t *sys, size_t n,
                        w5_eval_coref *out)
{
    side g, s;
    memset(&g, 0, sizeof g);
    memset(&s, 0, sizeof s);
    int rc = make_side(gold, n, &g);
    if (!rc)
        rc = make_side(sys, n, &s);
    size_t *ov = rc ? NULL : overlaps(&g, &s, n);
    if (!rc && !ov)
        rc = W5_ERR_NOMEM;
    if (rc)
        goto done;
    muc_half(&g, &s, n, &out->muc.num_r, &out->muc.den_r);
    muc_half(&s, &g, n, &out->muc.num_p, &out->muc.den_p);
    /* B-cubed */
    for (size_t a = 0; a < g.k; a++)
        for (size_t b = 0; b < s.k; b++) {
            double o = (double)ov[a * s.k + b];
            if (o == 0)
                continue;
            out->b3.num_r += o * o / (double)g.size[a];
            out->b3.num_p += o * o / (double)s.size[b];
        }
    for (size_t a = 0; a < g.k; a++)
        out->b3.den_r += (double)g.size[a];
    for (size_t b = 0; b < s.k; b++)
        out->b3.den_p += (double)s.size[b];
    /* CEAF-e: phi4 = 2|K∩R| / (|K|+|R|), best one-to-one alignment */
    size_t m = g.k > s.k ? g.k : s.k;
    if (m) {
        double *cost = calloc(m * m, sizeof *cost);
        int32_t *match = malloc(m * sizeof *match);
        if (!cost || !match) {
            free(cost);
            free(match);
            rc = W5_ERR_NOMEM;
            goto done;
        }
        for (size_t a = 0; a < g.k; a++)
            for (size_t b = 0; b < s.k; b++)
                cost[a * m + b] = -2.0 * (double)ov[a * s.k + b] /
                                  (double)(g.size[a] + s.size[b]);
        rc = hungarian(cost, m, match);
        double total = 0;
        for (size_t a = 0; a < m && !rc; a++)
            total += -cost[a * m + (size_t)match[a]];
        out->ceafe.num_r += total;
        out->ceafe.num_p += total;
        free(cost);
        free(match);
    }
    out->ceafe.den_r += (double)g.k;
    out->ceafe.den_p += (double)s.k;
done:
    free(ov);
    free_side(&g);
    free_side(&s);
    return rc;
}

/* ---- gold documents ------------------------------------------------------- */

typedef struct gment {
    uint32_t b, e;     /* word indices [b, e) in the document */
    int32_t ent;       /* gold entity number */
    char etype[24];
} gment;

typedef struct gdoc {
    W5_VEC(gment) ments;
    W5_VEC(int32_t) head;    /* per word: document index of its head, -1 root */
    W5_VEC(uint8_t) upos;
    W5_VEC(uint8_t) xpos;
    W5_VEC(uint8_t) deprel;
} gdoc;

typedef struct open_ment {
    int32_t ent;
    uint32_t b;
    char etype[24];
} open_ment;

typedef W5_VEC(open_ment) open_vec;

/* Parses the Entity= value of one word (document index w). */
static int parse_entity(const char *v, uint32_t w, gdoc *gd, open_vec *open)
{
    while (*v && *v != '|') {
        if (*v == '(') {
            v++;
            int32_t id = (int32_t)strtol(v, (char **)&v, 10);
            char etype[24] = "";
            if (*v == '-') {
                v++;
                size_t k = 0;
                while (*v && *v != '-' && *v != ')' && *v != '(' && *v != '|' && k + 1 < sizeof etype)
                    etype[k++] = *v++;
                etype[k] = '\0';
            }
            while (*v && *v != ')' && *v != '(' && *v != '|')
                v++;
            if (*v == ')') {
                gment g = {w, w + 1, id, ""};
                memcpy(g.etype, etype, sizeof etype);
                if (w5_vec_push(&gd->ments, g))
                    return W5_ERR_NOMEM;
                v++;
            } else {
                open_ment o = {id, w, ""};
                memcpy(o.etype, etype, sizeof etype);
                if (w5_vec_push(open, o))
                    return W5_ERR_NOMEM;
            }
        } else if (*v >= '0' && *v <= '9') {
            int32_t id = (int32_t)strtol(v, (char **)&v, 10);
            if (*v == ')')
                v++;
            for (size_t k = open->n; k-- > 0;) {
                if (open->v[k].ent != id)
                    continue;
                gment g = {open->v[k].b, w + 1, id, ""};
                memcpy(g.etype, open->v[k].etype, sizeof g.etype);
                open->v[k] = open->v[--open->n];
                if (w5_vec_push(&gd->ments, g))
                    return W5_ERR_NOMEM;
                break;
            }
        } else {
            v++;
        }
    }
    return 0;
}

static const char *misc_field(const char *misc, const char *key)
{
    size_t kn = strlen(key);
    for (const char *p = misc; p && *p;) {
        if (strncmp(p, key, kn) == 0)
            return p + kn;
        p = strchr(p, '|');
        if (p)
            p++;
    }
    return NULL;
}

/* Builds one document from sentences [sb, se) of the file: text and
 * tokens (one per syntactic word), sentences, paragraphs, and the gold
 * layers kept aside in gd. */
static int build_doc(const w5_conllu *cu, size_t sb, size_t se, w5_doc **out,
                     gdoc *gd, w5_error *err)
{
    W5_VEC(char) text = {0};
    W5_VEC(w5_tok) toks = {0};
    open_vec open = {0};
    W5_VEC(w5_sent) sents = {0};
    int rc = 0;
    uint32_t para = 0;
    for (size_t si = sb; si < se && !rc; si++) {
        const w5_conllu_sent *s = &cu->sents.v[si];
        if (si > sb && s->newpar) {
            para++;
            rc |= w5_vec_push(&text, '\n');
            rc |= w5_vec_push(&text, '\n');
        } else if (si > sb) {
            rc |= w5_vec_push(&text, ' ');
        }
        w5_sent sent = {(uint32_t)toks.n, 0, (uint32_t)text.n, 0, para};
        uint32_t base = (uint32_t)toks.n, range_last = 0;
        int range_space = 1;
        for (uint32_t r = s->row_begin; r < s->row_end && !rc; r++) {
            const w5_conllu_row *row = &cu->rows.v[r];
            if (row->kind == W5_CONLLU_RANGE) {
                range_last = row->id_last;
                range_space = row->space_after;
                continue;
            }
            if (row->kind != W5_CONLLU_WORD)
                continue;
            const char *form = w5_conllu_col(cu, row, W5_CONLLU_FORM);
            w5_tok t;
            memset(&t, 0, sizeof t);
            t.start = (uint32_t)text.n;
            for (const char *p = form; *p && !rc; p++)
                rc |= w5_vec_push(&text, *p);
            t.end = (uint32_t)text.n;
            t.sent = (uint32_t)(si - sb);
            t.head = -2;
            int space = row->id <= range_last ? (row->id == range_last ? range_space : 0)
                                              : row->space_after;
            if (space)
                t.flags |= W5_TOKEN_SPACE_AFTER;
            if (toks.n == base && (si == sb || s->newpar))
                t.flags |= W5_TOKEN_PARA_START;
            rc |= w5_vec_push(&toks, t);
            int32_t h = row->head > 0 ? (int32_t)base + row->head - 1 : -1;
            rc |= w5_vec_push(&gd->head, h);
            rc |= w5_vec_push(&gd->upos, (uint8_t)w5_upos_index(w5_conllu_col(cu, row, W5_CONLLU_UPOS)));
            rc |= w5_vec_push(&gd->xpos, (uint8_t)w5_xpos_index(w5_conllu_col(cu, row, W5_CONLLU_XPOS)));
            rc |= w5_vec_push(&gd->deprel, (uint8_t)w5_deprel_index(w5_conllu_col(cu, row, W5_CONLLU_DEPREL)));
            const char *ent = misc_field(w5_conllu_col(cu, row, W5_CONLLU_MISC), "Entity=");
            if (ent && !rc)
                rc = parse_entity(ent, (uint32_t)(toks.n - 1), gd, &open);
            /* the space after the last word of a sentence goes between
             * sentences instead */
            if (space && r + 1 < s->row_end)
                rc |= w5_vec_push(&text, ' ');
        }
        sent.tok_end = (uint32_t)toks.n;
        sent.end = toks.n > base ? toks.v[toks.n - 1].end : sent.start;
        if (sent.tok_end > sent.tok_begin)
            rc |= w5_vec_push(&sents, sent);
    }
    rc |= w5_vec_push(&text, '\0');
    w5_doc *doc = NULL;
    if (!rc)
        rc = w5_doc_new(text.v, text.n - 1, &doc, err);
    if (!rc) {
        /* sentence numbers of tokens follow the kept sentences */
        for (size_t i = 0; i < sents.n; i++)
            for (uint32_t t = sents.v[i].tok_begin; t < sents.v[i].tok_end; t++)
                toks.v[t].sent = (uint32_t)i;
        doc->toks.v = toks.v;
        doc->toks.n = toks.n;
        doc->toks.cap = toks.cap;
        doc->sents.v = sents.v;
        doc->sents.n = sents.n;
        doc->sents.cap = sents.cap;
        toks.v = NULL;
        sents.v = NULL;
        doc->stages = W5_STAGE_TOKENS | W5_STAGE_SENTENCES;
    }
    free(text.v);
    free(toks.v);
    free(sents.v);
    free(open.v);
    *out = doc;
    if (rc && rc != W5_ERR_NOMEM)
        return rc;
    return rc ? w5_fail(err, W5_ERR_NOMEM, "out of memory") : 0;
}

static uint32_t gold_head(const gdoc *gd, uint32_t b, uint32_t e)
{
    for (uint32_t i = b; i < e; i++) {
        int32_t h = gd->head.v[i];
        if (h < (int32_t)b || h >= (int32_t)e)
            return i;
    }
    return b;
}

static int named_or_pronoun(const gdoc *gd, uint32_t b, uint32_t e)
{
    uint8_t u = gd->upos.v[gold_head(gd, b, e)];
    return u == (uint8_t)w5_upos_index("PROPN") || u == (uint8_t)w5_upos_index("PRON");
}

static int type_of_gold(const char *etype)
{
    if (strcmp(etype, "person") == 0)
        return W5_E_PERSON;
    if (strcmp(etype, "organization") == 0)
        return W5_E_ORG;
    if (strcmp(etype, "place") == 0)
        return W5_E_GPE;
    return W5_E_MISC;
}

/* --gold-names: gold PROPN-headed mentions of people, places,
 * organisations become NER mentions (without a leading "the"). */
static int add_gold_names(w5_doc *doc, const gdoc *gd)
{
    uint8_t propn = (uint8_t)w5_upos_index("PROPN");
    for (size_t k = 0; k < gd->ments.n; k++) {
        const gment *g = &gd->ments.v[k];
        if (gd->upos.v[gold_head(gd, g->b, g->e)] != propn)
            continue;
        uint32_t b = g->b;
        if (b + 1 < g->e && gd->upos.v[b] == (uint8_t)w5_upos_index("DET"))
            b++;
        w5_ment m;
        memset(&m, 0, sizeof m);
        m.tok_begin = b;
        m.tok_end = g->e;
        m.start = doc->toks.v[b].start;
        m.end = doc->toks.v[g->e - 1].end;
        m.sent = doc->toks.v[b].sent;
        m.type = (uint8_t)type_of_gold(g->etype);
        m.kind = W5_MENTION_NAME;
        m.entity = -1;
        m.head_tok = g->e - 1;
        if (w5_vec_push(&doc->ments, m))
            return W5_ERR_NOMEM;
    }
    return 0;
}

typedef struct models {
    w5_tagger *tagger;
    w5_parser *parser;
    w5_ner_model *ner;
    w5_lexicon *lex;
    w5_pipeline *pipe;  /* the real pipeline, when no gold layer is asked */
} models;

static void load_models(const char *dir, models *m)
{
    char path[4096];
    w5_error err;
    memset(m, 0, sizeof *m);
    if (!dir)
        return;
    snprintf(path, sizeof path, "%s/tagger.w5m", dir);
    if (w5_tagger_load(path, &m->tagger, &err))
        m->tagger = NULL;
    snprintf(path, sizeof path, "%s/parser.w5m", dir);
    if (w5_parser_load(path, &m->parser, &err))
        m->parser = NULL;
    snprintf(path, sizeof path, "%s/ner.w5m", dir);
    if (w5_ner_load(path, &m->ner, &err))
        m->ner = NULL;
    snprintf(path, sizeof path, "%s/lexicon.w5m", dir);
    if (w5_lexicon_load(path, &m->lex, &err))
        m->lex = NULL;
}

static void free_models(models *m)
{
    w5_pipeline_free(m->pipe);
    w5_tagger_free(m->tagger);
    w5_parser_free(m->parser);
    w5_ner_free(m->ner);
    w5_lexicon_free(m->lex);
}

static int run_layers(const models *md, const w5_eval_coref_opts *o, w5_doc *doc,
                      const gdoc *gd, w5_error *err)
{
    int rc = 0;
    if (md->pipe && !o->gold_syntax && !o->gold_names)
        return w5_pipeline_run_layers(md->pipe, doc, W5_STAGE_COREF, err);
    if (o->gold_syntax) {
        for (size_t i = 0; i < doc->toks.n; i++) {
            doc->toks.v[i].upos = gd->upos.v[i];
            doc->toks.v[i].xpos = gd->xpos.v[i];
            doc->toks.v[i].head = gd->head.v[i];
            doc->toks.v[i].deprel = gd->deprel.v[i];
        }
        doc->stages |= W5_STAGE_TAGS | W5_STAGE_PARSE;
    } else {
        if (md->tagger && !(rc = w5_tagger_run(md->tagger, doc, err)))
            doc->stages |= W5_STAGE_TAGS;
        if (!rc && md->tagger && md->parser && !(rc = w5_parser_run(md->parser, doc, err)))
            doc->stages |= W5_STAGE_PARSE;
    }
    if (rc)
        return rc;
    size_t names = 0;
    if (o->gold_names) {
        if ((rc = add_gold_names(doc, gd)))
            return w5_fail(err, rc, "out of memory");
    } else if (md->ner) {
        if ((rc = w5_ner_run(md->ner, md->lex, doc, err)))
            return rc;
    }
    names = doc->ments.n;
    if ((rc = w5_values_run(md->lex, doc, err)))
        return rc;
    w5_mentions_merge(doc, names);
    doc->stages |= W5_STAGE_ENTITIES;
    return w5_coref_run(md->lex, doc, err);
}

static void dump_doc(FILE *f, const char *id, const w5_doc *doc, const gdoc *gd,
                     const uint32_t *keep_g, size_t ng, const int32_t *gcl,
                     const int32_t *scl, const uint32_t *span_b, const uint32_t *span_e)
{
    fprintf(f, "# %s\n", id);
    for (size_t i = 0; i < ng; i++) {
        uint32_t b = span_b[i], e = span_e[i];
        fprintf(f, "%s gold=%d sys=%d  %.*s\n", keep_g[i] ? "G" : " ", gcl[i], scl[i],
                (int)(doc->toks.v[e - 1].end - doc->toks.v[b].start),
                doc->text + doc->toks.v[b].start);
    }
    (void)gd;
}

static int score_doc(const w5_doc *doc, const gdoc *gd, const w5_eval_coref_opts *o,
                     const char *id, w5_eval_coref *out)
{
    size_t ng = gd->ments.n, ns = doc->ments.n, cap = ng + ns + 1;
    uint32_t *sb = malloc(cap * sizeof *sb), *se = malloc(cap * sizeof *se);
    int32_t *gcl = malloc(cap * sizeof *gcl), *scl = malloc(cap * sizeof *scl);
    uint32_t *keep = calloc(cap, sizeof *keep);
    int rc = 0;
    if (!sb || !se || !gcl || !scl || !keep) {
        rc = W5_ERR_NOMEM;
        goto done;
    }
    /* items 0..ng-1: gold mentions (first of duplicate spans kept) */
    size_t n = 0;
    for (size_t k = 0; k < ng; k++) {
        const gment *g = &gd->ments.v[k];
        int dup = 0;
        for (size_t j = 0; j < n && !dup; j++)
            dup = sb[j] == g->b && se[j] == g->e;
        if (dup)
            continue;
        sb[n] = g->b;
        se[n] = g->e;
        gcl[n] = g->ent;
        scl[n] = -1;
        keep[n] = named_or_pronoun(gd, g->b, g->e);
        n++;
    }
    size_t gold_items = n;
    int32_t next_single = 1 << 30;
    for (size_t k = 0; k < ns; k++) {
        const w5_ment *m = &doc->ments.v[k];
        if (m->kind == W5_MENTION_NAME && m->type >= W5_E_DATE)
            continue;  /* values are not entity mentions */
        int32_t cl = m->entity >= 0 ? m->entity : next_single++;
        /* align: same span, else the smallest gold span holding it and
         * its gold head */
        int64_t best = -1;
        for (size_t j = 0; j < gold_items; j++)
            if (sb[j] == m->tok_begin && se[j] == m->tok_end) {
                best = (int64_t)j;
                break;
            }
        int exact = best >= 0 && scl[best] < 0;
        if (best >= 0 && scl[best] >= 0)
            best = -1;
        if (best < 0) {
            for (size_t j = 0; j < gold_items; j++) {
                if (scl[j] >= 0 || sb[j] > m->tok_begin || se[j] < m->tok_end)
                    continue;
                uint32_t h = gold_head(gd, sb[j], se[j]);
                if (h < m->tok_begin || h >= m->tok_end)
                    continue;
                if (best < 0 || se[j] - sb[j] < se[best] - sb[best])
                    best = (int64_t)j;
            }
        }
        if (best >= 0) {
            scl[best] = cl;
            out->aligned++;
            out->exact += (size_t)exact;
            continue;
        }
        sb[n] = m->tok_begin;
        se[n] = m->tok_end;
        gcl[n] = -1;
        scl[n] = cl;
        keep[n] = named_or_pronoun(gd, m->tok_begin, m->tok_end);
        n++;
    }
    /* keep only named and pronominal items */
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        if (!keep[i])
            continue;
        sb[w] = sb[i];
        se[w] = se[i];
        gcl[w] = gcl[i];
        scl[w] = scl[i];
        keep[w] = i < gold_items;
        w++;
    }
    n = w;
    if (o->no_singletons) {
        for (int pass = 0; pass < 2; pass++) {
            int32_t *cl = pass ? scl : gcl;
            for (size_t i = 0; i < n; i++) {
                if (cl[i] < 0)
                    continue;
                size_t count = 0;
                for (size_t j = 0; j < n; j++)
                    count += cl[j] == cl[i];
                if (count == 1)
                    cl[i] = -1;
            }
        }
    }
    for (size_t i = 0; i < n; i++) {
        out->gold_ments += gcl[i] >= 0;
        out->sys_ments += scl[i] >= 0;
    }
    if (o->errors)
        dump_doc(o->errors, id, doc, gd, keep, n, gcl, scl, sb, se);
    rc = w5_eval_coref_score(gcl, scl, n, out);
done:
    free(sb);
    free(se);
    free(gcl);
    free(scl);
    free(keep);
    return rc;
}

static const char *doc_id(const w5_conllu *cu, size_t si)
{
    const w5_conllu_sent *s = &cu->sents.v[si];
    for (uint32_t c = s->comment_begin; c < s->comment_end; c++) {
        const char *line = cu->pool.buf + cu->comments.v[c];
        const char *p = strstr(line, "newdoc id = ");
        if (p)
            return p + strlen("newdoc id = ");
    }
    return "";
}

int w5_eval_coref_run(const w5_conllu *gold, const w5_eval_coref_opts *opts,
                      w5_eval_coref *out, w5_error *err)
{
    memset(out, 0, sizeof *out);
    models md;
    load_models(opts->model_dir, &md);
    if (opts->model_dir && !opts->gold_syntax && !opts->gold_names) {
        /* measure exactly what w5_analyze does after the tokens */
        w5_options po = w5_default_options();
        po.model_dir = opts->model_dir;
        po.stages = W5_STAGE_COREF;
        w5_error perr;
        if (w5_pipeline_open(&po, &md.pipe, &perr))
            md.pipe = NULL;
    }
    out->used_pipeline = md.pipe != NULL;
    out->used_tagger = md.tagger != NULL;
    out->used_parser = md.parser != NULL;
    out->used_ner = md.ner != NULL;
    out->used_lexicon = md.lex != NULL;
    int rc = 0;
    for (size_t sb = 0; sb < gold->sents.n && !rc;) {
        size_t se = sb + 1;
        while (se < gold->sents.n && !gold->sents.v[se].newdoc)
            se++;
        const char *id = doc_id(gold, sb);
        if (opts->genre && !strstr(id, opts->genre)) {
            sb = se;
            continue;
        }
        gdoc gd;
        memset(&gd, 0, sizeof gd);
        w5_doc *doc = NULL;
        rc = build_doc(gold, sb, se, &doc, &gd, err);
        if (!rc)
            rc = run_layers(&md, opts, doc, &gd, err);
        if (!rc && (rc = score_doc(doc, &gd, opts, id, out)))
            w5_fail(err, rc, "out of memory");
        out->docs++;
        w5_doc_free(doc);
        w5_vec_free(&gd.ments);
        w5_vec_free(&gd.head);
        w5_vec_free(&gd.upos);
        w5_vec_free(&gd.xpos);
        w5_vec_free(&gd.deprel);
        sb = se;
    }
    free_models(&md);
    return rc;
}
