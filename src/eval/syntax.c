/*
 * syntax.c - the tagging and parsing scorer behind `w5 eval syntax`, with
 * the metrics of the CoNLL 2018 shared task (conll18_ud_eval.py):
 * Tokens, Sentences, Words, UPOS, XPOS, Lemmas, UAS, LAS as F1 over
 * words aligned by character span (multiword tokens by the LCS of their
 * case-folded word forms). LAS compares the universal part of the
 * relation (before ':'), as the script does; a gold lemma "_" matches
 * anything.
 *
 * Two runs: on gold tokenization (the gold words are tagged and parsed
 * sentence by sentence, so every score is an accuracy), and end to end
 * (raw text rebuilt as `w5 eval segment` does - tokens joined by a space
 * unless SpaceAfter=No, sentences by a space, paragraphs and documents by
 * a blank line - then tokenizer, sentence splitter (with the boundary
 * model when one is given, as in the pipeline), tagger and parser).
 */
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "doc/tagset.h"
#include "eval/eval.h"
#include "syntax/morph.h"
#include "syntax/syntax.h"
#include "text/text.h"

typedef struct sword {
    uint32_t start, end;       /* span (chars after conversion) */
    const char *form;
    uint32_t form_len;
    int multi;
    int32_t head;              /* global word index, -1 root */
    const char *deprel, *lemma;
    int upos, xpos;
    const char *feats;         /* "_" when none or not predicted */
} sword;

typedef struct layer {
    W5_VEC(sword) words;
    W5_VEC(uint64_t) toks;     /* start << 32 | end */
    W5_VEC(uint64_t) sents;
} layer;

static void layer_free(layer *l)
{
    w5_vec_free(&l->words);
    w5_vec_free(&l->toks);
    w5_vec_free(&l->sents);
}

static int push_span(void *vec, uint32_t start, uint32_t end)
{
    W5_VEC(uint64_t) *v = vec;
    return w5_vec_push(v, (uint64_t)start << 32 | end);
}

/* The raw text and the gold layer (byte spans, global heads). */
static int build_gold(const w5_conllu *c, w5_textbuf *b, layer *g)
{
    for (size_t si = 0; si < c->sents.n; si++) {
        const w5_conllu_sent *s = &c->sents.v[si];
        if (si > 0) {
            const char *sep = s->newpar || s->newdoc ? "\n\n" : " ";
            if (w5_textbuf_append(b, sep, strlen(sep)))
                return W5_ERR_NOMEM;
        }
        uint32_t sent_start = (uint32_t)b->len, last_end = sent_start;
        uint32_t skip_to = 0, tok_start = 0, tok_end = 0;
        size_t first_word = g->words.n;
        int any = 0;
        for (uint32_t r = s->row_begin; r < s->row_end; r++) {
            const w5_conllu_row *row = &c->rows.v[r];
            if (row->kind == W5_CONLLU_EMPTY)
                continue;
            const char *form = w5_conllu_col(c, row, W5_CONLLU_FORM);
            sword w = {0};
            if (row->kind == W5_CONLLU_WORD && row->id <= skip_to) {
                w.start = tok_start;
                w.end = tok_end;
                w.multi = 1;
            } else {
                tok_start = (uint32_t)b->len;
                if (w5_textbuf_append(b, form, strlen(form)))
                    return W5_ERR_NOMEM;
                tok_end = last_end = (uint32_t)b->len;
                if (push_span(&g->toks, tok_start, tok_end))
                    return W5_ERR_NOMEM;
                any = 1;
                if (row->space_after && w5_textbuf_append(b, " ", 1))
                    return W5_ERR_NOMEM;
                if (row->kind == W5_CONLLU_RANGE) {
                    skip_to = row->id_last;
                    continue;
                }
                w.start = tok_start;
                w.end = tok_end;
            }
            w.form = form;
            w.form_len = (uint32_t)strlen(form);
            w.head = row->head <= 0 ? -1 : (int32_t)(first_word + (size_t)row->head - 1);
            w.deprel = w5_conllu_col(c, row, W5_CONLLU_DEPREL);
            w.lemma = w5_conllu_col(c, row, W5_CONLLU_LEMMA);
            w.upos = w5_upos_index(w5_conllu_col(c, row, W5_CONLLU_UPOS));
            w.xpos = w5_xpos_index(w5_conllu_col(c, row, W5_CONLLU_XPOS));
            w.feats = w5_conllu_col(c, row, W5_CONLLU_FEATS);
            if (w5_vec_push(&g->words, w))
                return W5_ERR_NOMEM;
        }
        while (b->len > sent_start && b->buf[b->len - 1] == ' ')
            b->buf[--b->len] = '\0';
        if (any && push_span(&g->sents, sent_start, last_end))
            return W5_ERR_NOMEM;
    }
    if (!b->buf && w5_textbuf_append(b, "", 0))
        return W5_ERR_NOMEM;
    return 0;
}

/* The system layer of an analysed document. */
static int build_system(const w5_doc *doc, layer *sys)
{
    size_t n = doc->toks.n;
    for (size_t k = 0; k < n;) {
        size_t e = k + 1;
        while (e < n && (doc->toks.v[e].flags & W5_TOKEN_JOINED))
            e++;
        uint32_t ts = doc->toks.v[k].start, te = doc->toks.v[e - 1].end;
        if (push_span(&sys->toks, ts, te))
            return W5_ERR_NOMEM;
        for (size_t j = k; j < e; j++) {
            const w5_tok *t = &doc->toks.v[j];
            sword w = {ts, te, doc->text + t->start, t->end - t->start,
                       e - k > 1, t->head,
                       t->deprel < W5_DEPREL_COUNT ? w5_deprel_names[t->deprel] : "_",
                       w5_strpool_get(&doc->pool, t->lemma), t->upos, t->xpos,
                       t->feats ? w5_strpool_get(&doc->pool, t->feats) : "_"};
            if (w5_vec_push(&sys->words, w))
                return W5_ERR_NOMEM;
        }
        k = e;
    }
    for (size_t s = 0; s < doc->sents.n; s++)
        if (push_span(&sys->sents, doc->sents.v[s].start, doc->sents.v[s].end))
            return W5_ERR_NOMEM;
    return 0;
}

/* Byte offsets to counts of non-whitespace characters before them. */
static uint32_t *char_index(const char *text, size_t len)
{
    uint32_t *idx = malloc((len + 1) * sizeof *idx);
    if (!idx)
        return NULL;
    uint32_t count = 0, i = 0;
    const uint8_t *s = (const uint8_t *)text;
    while (i < len) {
        w5_uch c = w5_text_char(s, i, (uint32_t)len);
        for (uint32_t k = 0; k < c.len && i + k < len; k++)
            idx[i + k] = count;
        count += c.kind != W5_CK_SPACE;
        i += c.len ? c.len : 1;
    }
    idx[len] = count;
    return idx;
}

static void layer_to_chars(layer *l, const uint32_t *idx)
{
    for (size_t i = 0; i < l->words.n; i++) {
        l->words.v[i].start = idx[l->words.v[i].start];
        l->words.v[i].end = idx[l->words.v[i].end];
    }
    for (size_t i = 0; i < l->toks.n; i++)
        l->toks.v[i] = (uint64_t)idx[l->toks.v[i] >> 32] << 32 |
                       idx[l->toks.v[i] & 0xFFFFFFFFu];
    for (size_t i = 0; i < l->sents.n; i++)
        l->sents.v[i] = (uint64_t)idx[l->sents.v[i] >> 32] << 32 |
                        idx[l->sents.v[i] & 0xFFFFFFFFu];
}

static size_t spans_correct(const uint64_t *g, size_t ng, const uint64_t *s,
                            size_t ns)
{
    size_t gi = 0, si = 0, correct = 0;
    while (gi < ng && si < ns) {
        uint32_t gs = (uint32_t)(g[gi] >> 32), ss = (uint32_t)(s[si] >> 32);
        if (gs < ss) {
            gi++;
        } else if (ss < gs) {
            si++;
        } else {
            correct += g[gi] == s[si];
            gi++;
            si++;
        }
    }
    return correct;
}

static int same_form(const char *a, size_t na, const char *b, size_t nb)
{
    if (na == nb && memcmp(a, b, na) == 0)
        return 1;
    utf8proc_uint8_t *fa = NULL, *fb = NULL;
    utf8proc_map((const utf8proc_uint8_t *)a, (utf8proc_ssize_t)na, &fa,
                 UTF8PROC_CASEFOLD);
    utf8proc_map((const utf8proc_uint8_t *)b, (utf8proc_ssize_t)nb, &fb,
                 UTF8PROC_CASEFOLD);
    int same = fa && fb && strcmp((char *)fa, (char *)fb) == 0;
    free(fa);
    free(fb);
    return same;
}

static int words_match(const sword *g, const sword *s)
{
    return same_form(g->form, g->form_len, s->form, s->form_len);
}

static int beyond_end(const sword *w, size_t n, size_t i, uint32_t end)
{
    if (i >= n)
        return 1;
    return w[i].multi ? w[i].start >= end : w[i].end > end;
}

static uint32_t extend_end(const sword *w, uint32_t end)
{
    return w->multi && w->end > end ? w->end : end;
}

/* conll18_ud_eval.py align_words; map[g] = aligned system word or -1. */
static int align_words(const sword *g, size_t ng, const sword *s, size_t ns,
                       long *map)
{
    size_t gi = 0, si = 0;
    size_t *lcs = NULL, lcs_cap = 0;
    for (size_t i = 0; i < ng; i++)
        map[i] = -1;
    while (gi < ng && si < ns) {
        if (!g[gi].multi && !s[si].multi) {
            if (g[gi].start == s[si].start && g[gi].end == s[si].end) {
                map[gi++] = (long)si++;
            } else if (g[gi].start <= s[si].start) {
                gi++;
            } else {
                si++;
            }
            continue;
        }
        uint32_t end;
        if (g[gi].multi) {
            end = g[gi].end;
            if (!s[si].multi && s[si].start < g[gi].start)
                si++;
        } else {
            end = s[si].end;
            if (g[gi].start < s[si].start)
                gi++;
        }
        size_t gs = gi, ss = si;
        while (!beyond_end(g, ng, gi, end) || !beyond_end(s, ns, si, end)) {
            if (gi < ng && (si >= ns || g[gi].start <= s[si].start)) {
                end = extend_end(&g[gi], end);
                gi++;
            } else {
                end = extend_end(&s[si], end);
                si++;
            }
        }
        if (!(si > ss && gi > gs))
            continue;
        size_t G = gi - gs, S = si - ss, need = (G + 1) * (S + 1);
        if (need > lcs_cap) {
            free(lcs);
            lcs = malloc(need * sizeof *lcs);
            lcs_cap = lcs ? need : 0;
            if (!lcs)
                return W5_ERR_NOMEM;
        }
#define LCS(a, b) lcs[(a) * (S + 1) + (b)]
        for (size_t a = 0; a <= G; a++)
            LCS(a, S) = 0;
        for (size_t b2 = 0; b2 <= S; b2++)
            LCS(G, b2) = 0;
        for (size_t a = G; a-- > 0;)
            for (size_t b2 = S; b2-- > 0;) {
                size_t v = 0;
                if (words_match(&g[gs + a], &s[ss + b2]))
                    v = 1 + LCS(a + 1, b2 + 1);
                if (LCS(a + 1, b2) > v)
                    v = LCS(a + 1, b2);
                if (LCS(a, b2 + 1) > v)
                    v = LCS(a, b2 + 1);
                LCS(a, b2) = v;
            }
        size_t a = 0, b2 = 0;
        while (a < G && b2 < S) {
            if (words_match(&g[gs + a], &s[ss + b2])) {
                map[gs + a] = (long)(ss + b2);
                a++;
                b2++;
            } else if (LCS(a, b2) == LCS(a + 1, b2)) {
                a++;
            } else {
                b2++;
            }
        }
#undef LCS
    }
    free(lcs);
    return 0;
}

/* UFeats compares the universal features only, as conll18_ud_eval.py
 * does (so not Typo, Style, NumForm, ExtPos...). */
static int universal_feature(const char *f, size_t n)
{
    static const char *const names[] = {
        "PronType", "NumType", "Poss", "Reflex", "Foreign", "Abbr", "Gender",
        "Animacy", "Number", "Case", "Definite", "Degree", "VerbForm", "Mood",
        "Tense", "Aspect", "Voice", "Evident", "Polarity", "Person", "Polite"};
    size_t name_len = strcspn(f, "=");
    if (name_len > n)
        name_len = n;
    for (size_t k = 0; k < sizeof names / sizeof *names; k++)
        if (strlen(names[k]) == name_len && memcmp(names[k], f, name_len) == 0)
            return 1;
    return 0;
}

/* The next universal "Name=Value" of a FEATS string at *at (sorted by
 * name in valid CoNLL-U); length 0 at the end. */
static size_t next_universal(const char *feats, size_t *at, const char **f)
{
    while (feats[*at]) {
        const char *start = feats + *at;
        size_t n = strcspn(start, "|");
        *at += n + (start[n] == '|');
        if (!(n == 1 && start[0] == '_') && universal_feature(start, n)) {
            *f = start;
            return n;
        }
    }
    return 0;
}

int w5_eval_same_ufeats(const char *a, const char *b)
{
    size_t ia = 0, ib = 0;
    for (;;) {
        const char *fa = NULL, *fb = NULL;
        size_t na = next_universal(a, &ia, &fa), nb = next_universal(b, &ib, &fb);
        if (na != nb || (na && memcmp(fa, fb, na) != 0))
            return 0;
        if (na == 0)
            return 1;
    }
}

/* The universal part of a relation name is equal ("nsubj:pass" = "nsubj"). */
static int same_relation(const char *a, const char *b)
{
    size_t na = strcspn(a, ":"), nb = strcspn(b, ":");
    return na == nb && memcmp(a, b, na) == 0;
}

static void score_layers(const layer *g, const layer *s, const long *map,
                         w5_syntax_scores *out)
{
    w5_eval_prf *all[] = {&out->words, &out->upos, &out->xpos, &out->lemmas,
                          &out->uas, &out->las, &out->ufeats, &out->alltags};
    for (size_t k = 0; k < sizeof all / sizeof *all; k++) {
        all[k]->gold = g->words.n;
        all[k]->system = s->words.n;
    }
    out->tokens.gold = g->toks.n;
    out->tokens.system = s->toks.n;
    out->tokens.correct = spans_correct(g->toks.v, g->toks.n, s->toks.v, s->toks.n);
    out->sentences.gold = g->sents.n;
    out->sentences.system = s->sents.n;
    out->sentences.correct =
        spans_correct(g->sents.v, g->sents.n, s->sents.v, s->sents.n);
    for (size_t i = 0; i < g->words.n; i++) {
        if (map[i] < 0)
            continue;
        const sword *gw = &g->words.v[i], *sw = &s->words.v[map[i]];
        out->words.correct++;
        out->upos.correct += gw->upos == sw->upos;
        out->xpos.correct += gw->xpos == sw->xpos;
        int feats_ok = w5_eval_same_ufeats(gw->feats ? gw->feats : "_", sw->feats ? sw->feats : "_");
        out->ufeats.correct += feats_ok;
        out->alltags.correct += feats_ok && gw->upos == sw->upos && gw->xpos == sw->xpos;
        out->lemmas.correct += strcmp(gw->lemma, "_") == 0 ||
                               strcmp(gw->lemma, sw->lemma) == 0;
        int head_ok = gw->head < 0 ? sw->head < 0
                                   : sw->head >= 0 && map[gw->head] == sw->head;
        out->uas.correct += head_ok;
        out->las.correct += head_ok && same_relation(gw->deprel, sw->deprel);
    }
}

/* The system layer on gold words: tag and parse each gold sentence. */
static int run_gold_words(const w5_conllu *c, const layer *g,
                          const w5_syntax_models *models, layer *s,
                          w5_strpool *lemmas)
{
    size_t maxn = 0, w0 = 0;
    for (size_t si = 0; si < c->sents.n; si++) {
        size_t n = w5_conllu_word_count(c, &c->sents.v[si]);
        maxn = n > maxn ? n : maxn;
    }
    w5_span *sp = malloc((maxn + 1) * sizeof *sp);
    uint8_t *tags = malloc(3 * (maxn + 1));
    const w5_tagger *tg = models->tagger;
    const w5_parser *ps = models->parser;
    const w5_morph *morph = ps ? models->morph : NULL; /* FEATS need the tree */
    int32_t *heads = malloc((maxn + 1) * sizeof *heads);
    uint16_t *feats = malloc((maxn + 1) * sizeof *feats);
    int rc = sp && tags && heads && feats ? 0 : W5_ERR_NOMEM;
    if (!rc && w5_vec_reserve(&s->words, g->words.n + 1))
        rc = W5_ERR_NOMEM;
    char buf[512];
    for (size_t si = 0; si < c->sents.n && !rc; si++) {
        size_t n = w5_conllu_word_count(c, &c->sents.v[si]);
        if (w0 + n > g->words.n)
            break;
        for (size_t i = 0; i < n; i++) {
            sp[i].s = g->words.v[w0 + i].form;
            sp[i].len = g->words.v[w0 + i].form_len;
        }
        uint8_t *xp = tags, *up = tags + n, *dr = tags + 2 * n;
        rc = w5_tagger_tag(tg, sp, n, xp, up);
        if (!rc && ps)
            rc = w5_parser_parse(ps, sp, up, xp, n, heads, dr);
        w5_morph_input in = {sp, xp, up, heads, dr, n};
        if (!rc && morph)
            rc = w5_morph_analyze(morph, &in, feats);
        for (size_t i = 0; i < n && !rc; i++) {
            sword w = g->words.v[w0 + i];
            size_t ll = w5_tagger_lemma(tg, sp[i].s, sp[i].len, xp[i], buf, sizeof buf);
            uint32_t off;
            if (w5_strpool_add(lemmas, buf, ll, &off)) {
                rc = W5_ERR_NOMEM;
                break;
            }
            w.lemma = (const char *)(uintptr_t)off; /* fixed up below */
            w.upos = up[i];
            w.xpos = xp[i];
            w.head = ps ? (heads[i] < 0 ? -1 : (int32_t)(w0 + (size_t)heads[i])) : -2;
            w.deprel = ps ? w5_deprel_names[dr[i] < W5_DEPREL_COUNT ? dr[i] : 0] : "_";
            w.feats = morph ? w5_morph_name(morph, feats[i]) : "_";
            s->words.v[s->words.n++] = w;
        }
        w0 += n;
    }
    for (size_t i = 0; i < s->words.n; i++)
        s->words.v[i].lemma = w5_strpool_get(lemmas, (uint32_t)(uintptr_t)s->words.v[i].lemma);
    free(sp);
    free(tags);
    free(heads);
    free(feats);
    return rc;
}

int w5_eval_syntax_run(const w5_conllu *gold, const w5_tagger *tg,
                       const w5_parser *ps, int end_to_end,
                       w5_syntax_scores *out, w5_error *err)
{
    w5_syntax_models models = {.tagger = tg, .parser = ps};
    return w5_eval_syntax_run_with(gold, &models, end_to_end, out, err);
}

int w5_eval_syntax_run_model(const w5_conllu *gold, const w5_tagger *tg,
                             const w5_parser *ps,
                             const w5_boundary_model *seg, int end_to_end,
                             w5_syntax_scores *out, w5_error *err)
{
    w5_syntax_models models = {.tagger = tg, .parser = ps, .segment = seg};
    return w5_eval_syntax_run_with(gold, &models, end_to_end, out, err);
}

int w5_eval_syntax_run_with(const w5_conllu *gold, const w5_syntax_models *models,
                            int end_to_end, w5_syntax_scores *out, w5_error *err)
{
    if (!gold || !models || !models->tagger || !out)
        return w5_fail(err, W5_ERR_INVALID, "w5_eval_syntax_run_with: NULL argument");
    const w5_tagger *tg = models->tagger;
    const w5_parser *ps = models->parser;
    memset(out, 0, sizeof *out);
    w5_textbuf b = {NULL, 0, 0};
    layer g, s;
    memset(&g, 0, sizeof g);
    memset(&s, 0, sizeof s);
    w5_doc *doc = NULL;
    uint32_t *idx = NULL;
    long *map = NULL;
    w5_strpool lemmas = {0};
    int rc = build_gold(gold, &b, &g);
    if (rc || w5_strpool_init(&lemmas))
        goto nomem;
    if (end_to_end) {
        if ((rc = w5_doc_new(b.buf, b.len, &doc, err)) ||
            (rc = w5_text_tokenize(doc, err)) ||
            (rc = w5_text_split_sentences_model(doc, models->segment, err)) ||
            (rc = w5_tagger_run(tg, doc, err)) ||
            (ps && (rc = w5_parser_run(ps, doc, err))) ||
            (ps && models->morph && (rc = w5_morph_run(models->morph, doc, err))))
            goto done;
        if ((rc = build_system(doc, &s)))
            goto nomem;
    } else {
        if ((rc = w5_vec_reserve(&s.toks, g.toks.n + 1)) ||
            (rc = w5_vec_reserve(&s.sents, g.sents.n + 1)))
            goto nomem;
        memcpy(s.toks.v, g.toks.v, g.toks.n * sizeof *g.toks.v);
        s.toks.n = g.toks.n;
        memcpy(s.sents.v, g.sents.v, g.sents.n * sizeof *g.sents.v);
        s.sents.n = g.sents.n;
        if ((rc = run_gold_words(gold, &g, models, &s, &lemmas)))
            goto nomem;
    }
    if (!(idx = char_index(b.buf, b.len)) ||
        !(map = malloc((g.words.n + 1) * sizeof *map)))
        goto nomem;
    layer_to_chars(&g, idx);
    layer_to_chars(&s, idx);
    if ((rc = align_words(g.words.v, g.words.n, s.words.v, s.words.n, map)))
        goto nomem;
    score_layers(&g, &s, map, out);
    rc = 0;
    goto done;
nomem:
    rc = w5_fail(err, W5_ERR_NOMEM, "out of memory");
done:
    free(idx);
    free(map);
    w5_doc_free(doc);
    free(b.buf);
    layer_free(&g);
    layer_free(&s);
    w5_strpool_free(&lemmas);
    return rc;
}
