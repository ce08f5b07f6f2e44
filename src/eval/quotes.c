/*
 * quotes.c (eval) - quote scorer (see eval/quotes.h).
 */
#include "eval/quotes.h"

#include <stdio.h>
#include <string.h>

void w5_eval_quotes_init(w5_eval_quotes *ev)
{
    memset(ev, 0, sizeof *ev);
}

/* Length of a curly quotation mark or dash at p (E2 80 9x), else 0. */
static int wide_punct(const char *p, const char *end)
{
    return end - p >= 3 && (unsigned char)p[0] == 0xE2 &&
                   (unsigned char)p[1] == 0x80 &&
                   (unsigned char)p[2] >= 0x90 && (unsigned char)p[2] <= 0xA6
               ? 3 : 0;
}

static int ascii_punct(char ch)
{
    unsigned char c = (unsigned char)ch;
    return c < 0x80 && !((c | 0x20) >= 'a' && (c | 0x20) <= 'z') &&
           !(c >= '0' && c <= '9');
}

/* The word core of each token (punctuation stripped); 0,0 when none. */
static uint32_t *token_cores(const w5_doc *doc)
{
    uint32_t *core = malloc(2 * (doc->toks.n ? doc->toks.n : 1) * sizeof *core);
    if (!core)
        return NULL;
    for (size_t t = 0; t < doc->toks.n; t++) {
        const char *s = doc->text + doc->toks.v[t].start;
        const char *e = doc->text + doc->toks.v[t].end;
        for (;;) {
            int w = wide_punct(s, e);
            if (w)
                s += w;
            else if (s < e && ascii_punct(*s))
                s++;
            else
                break;
        }
        for (;;) {
            if (e - s >= 3 && wide_punct(e - 3, e))
                e -= 3;
            else if (e > s && ascii_punct(e[-1]))
                e--;
            else
                break;
        }
        core[2 * t] = e > s ? (uint32_t)(s - doc->text) : 0;
        core[2 * t + 1] = e > s ? (uint32_t)(e - doc->text) : 0;
    }
    return core;
}

typedef struct tset {
    uint32_t *ids;
    size_t n;
} tset;

/* Word tokens whose core overlaps one of the fragments. */
static int span_words(const w5_doc *doc, const uint32_t *core,
                      const w5_brat_frag *frags, size_t nfrag, tset *out)
{
    out->n = 0;
    out->ids = NULL;
    size_t cap = 0;
    for (size_t t = 0; t < doc->toks.n; t++) {
        if (core[2 * t + 1] == 0)
            continue;
        int in = 0;
        for (size_t f = 0; f < nfrag && !in; f++)
            in = core[2 * t] < frags[f].end && core[2 * t + 1] > frags[f].start;
        if (!in)
            continue;
        if (w5_grow((void **)&out->ids, &cap, out->n + 1, sizeof *out->ids))
            return W5_ERR_NOMEM;
        out->ids[out->n++] = (uint32_t)t;
    }
    return W5_OK;
}

static size_t common(const tset *a, const tset *b)
{
    size_t i = 0, j = 0, n = 0;
    while (i < a->n && j < b->n) {
        if (a->ids[i] == b->ids[j]) {
            n++;
            i++;
            j++;
        } else if (a->ids[i] < b->ids[j]) {
            i++;
        } else {
            j++;
        }
    }
    return n;
}

static int is_open_mark(const char *p, const char *end)
{
    return *p == '"' || (end - p >= 2 && p[0] == '\'' && p[1] == '\'') || (end - p >= 3 && (unsigned char)p[0] == 0xE2 &&
                         (unsigned char)p[1] == 0x80 &&
                         ((unsigned char)p[2] == 0x9C ||
                          (unsigned char)p[2] == 0x98));
}

/* Gold content that opens with a quotation mark (inside or just before
 * the annotated span): a direct quote, possibly with its frame inside
 * ("\"A,\" X said, \"B.\""), but not a mixed quote ("X has \"...\""). */
int w5_eval_quotes_gold_direct(const w5_doc *doc, const w5_brat_span *s)
{
    const char *text = doc->text, *end = doc->text + doc->len;
    const char *a = text + s->start, *b = text + s->end;
    while (a < b && (*a == ' ' || *a == '\n'))
        a++;
    while (b > a && strchr(" \n.,;:!?", b[-1]))
        b--;
    if (a >= b)
        return 0;
    int open = is_open_mark(a, end);
    if (!open) {                        /* just before the span */
        const char *p = a;
        while (p > text && p[-1] == ' ')
            p--;
        open = (p > text && p[-1] == '"') ||
               (p - text >= 2 && is_open_mark(p - 2, end)) ||
               (p - text >= 3 && is_open_mark(p - 3, end));
    }
    return open;
}

static int overlaps_frags(const w5_brat *g, const w5_brat_span *s,
                          uint32_t a, uint32_t b)
{
    for (uint32_t f = 0; f < s->count; f++) {
        const w5_brat_frag *fr = &g->frags.v[s->first + f];
        if (a < fr->end && b > fr->start)
            return 1;
    }
    return 0;
}

static int speaker_mention_right(const w5_doc *doc, const w5_quo *q,
                                 const w5_brat *g, const w5_brat_span *src)
{
    if (q->speaker_ment >= 0 && (size_t)q->speaker_ment < doc->ments.n) {
        const w5_ment *m = &doc->ments.v[q->speaker_ment];
        if (overlaps_frags(g, src, m->start, m->end))
            return 1;
    }
    if (q->speaker_ent < 0)
        return 0;
    for (size_t m = 0; m < doc->ments.n; m++)
        if (doc->ments.v[m].entity == q->speaker_ent &&
            overlaps_frags(g, src, doc->ments.v[m].start, doc->ments.v[m].end))
            return 1;
    return 0;
}

/* The head word of a gold Source: its last word before a comma, a
 * parenthesis or a post-modifier ("of", "who", "which", "that"), so
 * "Afghan officials" -> officials, "Karzai's spokesman" -> spokesman,
 * "Hugh Hill, a doctor," -> Hill; -1 when it has no word. */
static long source_head(const w5_doc *doc, const uint32_t *core,
                        const w5_brat *g, const w5_brat_span *src)
{
    if (!src->count)
        return -1;
    const w5_brat_frag *f = &g->frags.v[src->first];
    long head = -1;
    for (size_t t = 0; t < doc->toks.n; t++) {
        const w5_tok *tk = &doc->toks.v[t];
        if (tk->end <= f->start)
            continue;
        if (tk->start >= f->end)
            break;
        const char *w = doc->text + tk->start;
        size_t n = tk->end - tk->start;
        int stop = (n == 1 && (*w == ',' || *w == '(')) ||
                   (n == 2 && memcmp(w, "of", 2) == 0) ||
                   (n == 3 && memcmp(w, "who", 3) == 0) ||
                   (n == 4 && memcmp(w, "that", 4) == 0) ||
                   (n == 5 && memcmp(w, "which", 5) == 0);
        if (stop && head >= 0)
            break;
        if (core[2 * t + 1] > core[2 * t])
            head = (long)t;
    }
    return head;
}

/* Whether the predicted speaker mention, or a mention of its entity,
 * holds the gold Source's head word. */
static int speaker_head_right(const w5_doc *doc, const w5_quo *q,
                              const uint32_t *core, long head)
{
    if (head < 0)
        return 0;
    uint32_t hs = core[2 * head], he = core[2 * head + 1];
    if (q->speaker_ment >= 0 && (size_t)q->speaker_ment < doc->ments.n) {
        const w5_ment *m = &doc->ments.v[q->speaker_ment];
        if (m->start <= hs && he <= m->end)
            return 1;
    }
    if (q->speaker_ent < 0)
        return 0;
    for (size_t m = 0; m < doc->ments.n; m++)
        if (doc->ments.v[m].entity == q->speaker_ent &&
            doc->ments.v[m].start <= hs && he <= doc->ments.v[m].end)
            return 1;
    return 0;
}

typedef struct pair {
    uint32_t p, g;
    double f1;
} pair;

static int pair_cmp(const void *a, const void *b)
{
    const pair *x = a, *y = b;
    if (x->f1 != y->f1)
        return x->f1 > y->f1 ? -1 : 1;
    if (x->p != y->p)
        return x->p < y->p ? -1 : 1;
    return x->g < y->g ? -1 : x->g > y->g;
}

/* The predictions grouped into relations (see grouping below). */
typedef struct groups {
    size_t n;
    tset *words;          /* per group */
    uint32_t *rep;        /* per group: the quote giving cue and speaker */
    uint8_t *in;          /* per group: in the subset */
    const uint8_t *qin;   /* per quote: in the subset */
} groups;

/* Scores one subset: the groups' and gold's `in` flags say which count. */
static int score_subset(w5_eval_quotes_counts *c, const w5_doc *doc,
                        const uint32_t *speakers, const w5_brat *g,
                        const groups *gr, const tset *gw, const uint8_t *gin,
                        const uint32_t *core)
{
    size_t ngr = gr->n, np = doc->quotes.n, ng = g->rels.n;
    const tset *pw = gr->words;
    const uint8_t *pin = gr->in;
    W5_VEC(pair) pairs = {NULL, 0, 0};
    for (size_t i = 0; i < ngr; i++) {
        if (!pin[i])
            continue;
        c->pred++;
        for (size_t j = 0; j < ng; j++) {
            if (!gin[j])
                continue;
            size_t k = common(&pw[i], &gw[j]);
            if (!k)
                continue;
            pair pr = {(uint32_t)i, (uint32_t)j,
                       2.0 * (double)k / (double)(pw[i].n + gw[j].n)};
            if (w5_vec_push(&pairs, pr)) {
                w5_vec_free(&pairs);
                return W5_ERR_NOMEM;
            }
        }
    }
    for (size_t j = 0; j < ng; j++)
        c->gold += gin[j];
    if (pairs.n)
        qsort(pairs.v, pairs.n, sizeof *pairs.v, pair_cmp);
    uint8_t *pused = calloc((np > ngr ? np : ngr) + 1, 1);
    uint8_t *gused = calloc(ng + 1, 1);
    if (!pused || !gused) {
        free(pused);
        free(gused);
        w5_vec_free(&pairs);
        return W5_ERR_NOMEM;
    }
    for (size_t k = 0; k < pairs.n; k++) {
        const pair *pr = &pairs.v[k];
        if (pused[pr->p] || gused[pr->g])
            continue;
        pused[pr->p] = gused[pr->g] = 1;
        c->overlap++;
        c->token += pr->f1;
        c->exact += pr->f1 >= 1.0 - 1e-9;
        const w5_brat_rel *rel = &g->rels.v[pr->g];
        if (!rel->source.count)
            continue;
        uint32_t qi = gr->rep[pr->p];
        const w5_quo *q = &doc->quotes.v[qi];
        c->spk_total++;
        int ment_ok = speaker_mention_right(doc, q, g, &rel->source);
        c->spk_ment += ment_ok;
        c->spk_head += speaker_head_right(doc, q, core,
                                          source_head(doc, core, g, &rel->source));
        c->spk_phrase += ment_ok ||
            (speakers && speakers[2 * qi + 1] > speakers[2 * qi] &&
             overlaps_frags(g, &rel->source, speakers[2 * qi],
                            speakers[2 * qi + 1]));
    }
    /* cues: distinct spans on each side, matched when they overlap */
    pin = gr->qin;
    memset(pused, 0, np + 1);
    for (size_t j = 0; j < ng; j++) {
        const w5_brat_span *cue = &g->rels.v[j].cue;
        int dup = 0;
        if (!gin[j] || !cue->count)
            continue;
        for (size_t k = 0; k < j && !dup; k++)
            dup = gin[k] && g->rels.v[k].cue.count &&
                  g->rels.v[k].cue.start == cue->start &&
                  g->rels.v[k].cue.end == cue->end;
        if (dup)
            continue;
        c->cue_gold++;
        for (size_t i = 0; i < np; i++) {
            const w5_quo *q = &doc->quotes.v[i];
            if (!pin[i] || pused[i] || q->cue_end <= q->cue_start ||
                !overlaps_frags(g, cue, q->cue_start, q->cue_end))
                continue;
            c->cue_match++;
            for (size_t k = 0; k < np; k++)     /* the same cue span */
                if (doc->quotes.v[k].cue_start == q->cue_start &&
                    doc->quotes.v[k].cue_end == q->cue_end)
                    pused[k] = 1;
            break;
        }
    }
    for (size_t i = 0; i < np; i++) {
        const w5_quo *q = &doc->quotes.v[i];
        int dup = 0;
        if (!pin[i] || q->cue_end <= q->cue_start)
            continue;
        for (size_t k = 0; k < i && !dup; k++)
            dup = pin[k] && doc->quotes.v[k].cue_start == q->cue_start &&
                  doc->quotes.v[k].cue_end == q->cue_end;
        c->cue_pred += !dup;
    }
    free(pused);
    free(gused);
    w5_vec_free(&pairs);
    return W5_OK;
}

/* Union of two sorted word sets, into a. */
static int tset_union(tset *a, const tset *b)
{
    uint32_t *ids = malloc((a->n + b->n + 1) * sizeof *ids);
    if (!ids)
        return W5_ERR_NOMEM;
    size_t i = 0, j = 0, n = 0;
    while (i < a->n || j < b->n) {
        if (j >= b->n || (i < a->n && a->ids[i] < b->ids[j]))
            ids[n++] = a->ids[i++];
        else if (i >= a->n || b->ids[j] < a->ids[i])
            ids[n++] = b->ids[j++];
        else {
            ids[n++] = a->ids[i++];
            j++;
        }
    }
    free(a->ids);
    a->ids = ids;
    a->n = n;
    return W5_OK;
}

/* Whether quote k continues the relation of quote p (the gold annotates
 * `"A," X said, "B."` and `"A," X said. "B."` as one relation): same
 * paragraph, close together, and k has no cue of its own or p's cue. */
static int continues(const w5_doc *doc, const w5_quo *p, const w5_quo *k)
{
    if (k->start < p->end || k->start - p->end > 160)
        return 0;
    for (uint32_t i = p->end; i + 1 < k->start; i++)
        if (doc->text[i] == '\n')
            return 0;
    if (k->kind >= W5_QUOTE_INDIRECT || p->kind >= W5_QUOTE_INDIRECT)
        return 0;   /* reported speech and stances stand alone */
    return k->cue_end == k->cue_start ||
           (k->cue_start == p->cue_start && k->cue_end == p->cue_end);
}

static int build_groups(const w5_doc *doc, const tset *qw, const uint8_t *qin,
                        groups *gr)
{
    size_t np = doc->quotes.n;
    gr->n = 0;
    gr->qin = qin;
    gr->words = calloc(np + 1, sizeof *gr->words);
    gr->rep = calloc(np + 1, sizeof *gr->rep);
    gr->in = calloc(np + 1, 1);
    if (!gr->words || !gr->rep || !gr->in)
        return W5_ERR_NOMEM;
    long last = -1;       /* the last quote in the subset */
    for (size_t i = 0; i < np; i++) {
        if (!qin[i])
            continue;
        const w5_quo *q = &doc->quotes.v[i];
        if (last >= 0 && continues(doc, &doc->quotes.v[last], q)) {
            if (tset_union(&gr->words[gr->n - 1], &qw[i]))
                return W5_ERR_NOMEM;
        } else {
            tset *t = &gr->words[gr->n];
            if (!(t->ids = malloc((qw[i].n + 1) * sizeof *t->ids)))
                return W5_ERR_NOMEM;
            if (qw[i].n)
                memcpy(t->ids, qw[i].ids, qw[i].n * sizeof *t->ids);
            t->n = qw[i].n;
            gr->rep[gr->n] = (uint32_t)i;
            gr->in[gr->n] = 1;
            gr->n++;
        }
        last = (long)i;
    }
    return W5_OK;
}

static void free_groups(groups *gr)
{
    for (size_t i = 0; gr->words && i < gr->n; i++)
        free(gr->words[i].ids);
    free(gr->words);
    free(gr->rep);
    free(gr->in);
}

int w5_eval_quotes_doc(w5_eval_quotes *ev, const w5_doc *doc,
                       const uint32_t *speakers, const w5_brat *gold,
                       w5_error *err)
{
    size_t np = doc->quotes.n, ng = gold->rels.n;
    uint32_t *core = token_cores(doc);
    tset *pw = calloc(np + 1, sizeof *pw), *gw = calloc(ng + 1, sizeof *gw);
    uint8_t *pin = calloc(2 * (np + 1), 1), *gin = calloc(2 * (ng + 1), 1);
    groups all, direct;
    memset(&all, 0, sizeof all);
    memset(&direct, 0, sizeof direct);
    int rc = core && pw && gw && pin && gin ? W5_OK : W5_ERR_NOMEM;
    for (size_t i = 0; i < np && !rc; i++) {
        const w5_quo *q = &doc->quotes.v[i];
        w5_brat_frag f = {q->start, q->end};
        rc = span_words(doc, core, &f, 1, &pw[i]);
        int inside = 0;     /* a PARTIAL inside an INDIRECT: a mixed quote */
        for (size_t k = 0; k < np && q->kind == W5_QUOTE_PARTIAL && !inside; k++)
            inside = doc->quotes.v[k].kind >= W5_QUOTE_INDIRECT &&
                     doc->quotes.v[k].start <= q->start &&
                     q->end <= doc->quotes.v[k].end;
        pin[i] = !inside;
        pin[np + 1 + i] = q->kind == W5_QUOTE_DIRECT;
    }
    for (size_t j = 0; j < ng && !rc; j++) {
        const w5_brat_span *s = &gold->rels.v[j].content;
        rc = span_words(doc, core, &gold->frags.v[s->first], s->count, &gw[j]);
        gin[j] = 1;
        gin[ng + 1 + j] = (uint8_t)w5_eval_quotes_gold_direct(doc, s);
    }
    if (!rc)
        rc = build_groups(doc, pw, pin, &all);
    if (!rc)
        rc = build_groups(doc, pw, pin + np + 1, &direct);
    if (!rc)
        rc = score_subset(&ev->all, doc, speakers, gold, &all, gw, gin, core);
    if (!rc)
        rc = score_subset(&ev->direct, doc, speakers, gold, &direct, gw,
                          gin + ng + 1, core);
    free_groups(&all);
    free_groups(&direct);
    for (size_t i = 0; pw && i < np; i++)
        free(pw[i].ids);
    for (size_t j = 0; gw && j < ng; j++)
        free(gw[j].ids);
    free(core);
    free(pw);
    free(gw);
    free(pin);
    free(gin);
    if (rc)
        return w5_fail(err, rc, "eval quotes: out of memory");
    ev->docs++;
    return W5_OK;
}

static void prf(double hit_p, double hit_r, size_t pred, size_t gold,
                double *p, double *r, double *f)
{
    *p = pred ? hit_p / (double)pred : 0;
    *r = gold ? hit_r / (double)gold : 0;
    *f = *p + *r > 0 ? 2 * *p * *r / (*p + *r) : 0;
}

static int report_counts(char *buf, size_t cap, const char *name,
                         const w5_eval_quotes_counts *c)
{
    double p, r, f;
    int n = 0, k;
#define ADD(...) \
    do { k = snprintf(buf + n, cap > (size_t)n ? cap - (size_t)n : 0, __VA_ARGS__); \
         n += k > 0 ? k : 0; } while (0)
    ADD("%s: %zu gold, %zu predicted\n", name, c->gold, c->pred);
    prf((double)c->exact, (double)c->exact, c->pred, c->gold, &p, &r, &f);
    ADD("  content exact     P %.4f  R %.4f  F1 %.4f\n", p, r, f);
    prf((double)c->overlap, (double)c->overlap, c->pred, c->gold, &p, &r, &f);
    ADD("  content overlap   P %.4f  R %.4f  F1 %.4f\n", p, r, f);
    prf(c->token, c->token, c->pred, c->gold, &p, &r, &f);
    ADD("  content tokens    P %.4f  R %.4f  F1 %.4f\n", p, r, f);
    prf((double)c->cue_match, (double)c->cue_match, c->cue_pred, c->cue_gold,
        &p, &r, &f);
    ADD("  cue               P %.4f  R %.4f  F1 %.4f  (%zu gold, %zu predicted)\n",
        p, r, f, c->cue_gold, c->cue_pred);
    ADD("  speaker (mention) %.4f  (%zu/%zu)\n",
        c->spk_total ? (double)c->spk_ment / (double)c->spk_total : 0,
        c->spk_ment, c->spk_total);
    ADD("  speaker (head)    %.4f  (%zu/%zu)\n",
        c->spk_total ? (double)c->spk_head / (double)c->spk_total : 0,
        c->spk_head, c->spk_total);
    ADD("  speaker (phrase)  %.4f  (%zu/%zu)\n",
        c->spk_total ? (double)c->spk_phrase / (double)c->spk_total : 0,
        c->spk_phrase, c->spk_total);
#undef ADD
    return n;
}

char *w5_eval_quotes_report(const w5_eval_quotes *ev)
{
    size_t cap = 4096;
    char *buf = malloc(cap);
    if (!buf)
        return NULL;
    int n = snprintf(buf, cap, "documents: %zu\n", ev->docs);
    n += report_counts(buf + n, cap - (size_t)n, "direct quotes", &ev->direct);
    report_counts(buf + n, cap - (size_t)n, "all relations", &ev->all);
    return buf;
}
