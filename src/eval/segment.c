/* segment.c - see eval.h. */
#include "eval/eval.h"

#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "doc/doc.h"
#include "text/text.h"

double w5_eval_precision(const w5_eval_prf *s)
{
    return s->system ? 100.0 * (double)s->correct / (double)s->system : 0.0;
}

double w5_eval_recall(const w5_eval_prf *s)
{
    return s->gold ? 100.0 * (double)s->correct / (double)s->gold : 0.0;
}

double w5_eval_f1(const w5_eval_prf *s)
{
    size_t denom = s->gold + s->system;
    return denom ? 200.0 * (double)s->correct / (double)denom : 0.0;
}

/* A span in bytes of the built text, then in non-whitespace characters. */
typedef struct span {
    uint32_t start, end;
} span;

/* A syntactic word for the alignment: its span (the whole surface token
 * when it is part of a multiword token) and its form. */
typedef struct eword {
    span sp;
    uint32_t form, form_len;  /* gold: pool offset; system: text offset */
    int multi;
} eword;

typedef struct layer {
    W5_VEC(span) tokens;
    W5_VEC(span) sents;
    W5_VEC(eword) words;
} layer;

static void layer_free(layer *l)
{
    w5_vec_free(&l->tokens);
    w5_vec_free(&l->sents);
    w5_vec_free(&l->words);
}

int w5_textbuf_append(w5_textbuf *b, const char *s, size_t n)
{
    if (w5_grow((void **)&b->buf, &b->cap, b->len + n + 1, 1))
        return W5_ERR_NOMEM;
    memcpy(b->buf + b->len, s, n);
    b->len += n;
    b->buf[b->len] = '\0';
    return 0;
}

/* Builds the text of sentences [from, to) and, if `gold` is not NULL, the
 * gold layer (byte spans). */
static int build(const w5_conllu *c, size_t from, size_t to, w5_textbuf *b,
                 layer *gold)
{
    for (size_t si = from; si < to; si++) {
        const w5_conllu_sent *s = &c->sents.v[si];
        if (si > from) {
            const char *sep = s->newpar || s->newdoc ? "\n\n" : " ";
            if (w5_textbuf_append(b, sep, strlen(sep)))
                return W5_ERR_NOMEM;
        }
        uint32_t sent_start = (uint32_t)b->len, last_end = sent_start;
        uint32_t skip_to = 0;
        int any = 0;
        for (uint32_t r = s->row_begin; r < s->row_end; r++) {
            const w5_conllu_row *row = &c->rows.v[r];
            if (row->kind == W5_CONLLU_EMPTY)
                continue;
            if (row->kind == W5_CONLLU_WORD && row->id <= skip_to) {
                /* a word inside the multiword token before it */
                if (gold) {
                    const char *f = w5_conllu_col(c, row, W5_CONLLU_FORM);
                    eword w = {gold->tokens.v[gold->tokens.n - 1], row->col[1],
                               (uint32_t)strlen(f), 1};
                    if (w5_vec_push(&gold->words, w))
                        return W5_ERR_NOMEM;
                }
                continue;
            }
            const char *form = w5_conllu_col(c, row, W5_CONLLU_FORM);
            uint32_t start = (uint32_t)b->len;
            if (w5_textbuf_append(b, form, strlen(form)))
                return W5_ERR_NOMEM;
            span t = {start, (uint32_t)b->len};
            last_end = t.end;
            if (gold && w5_vec_push(&gold->tokens, t))
                return W5_ERR_NOMEM;
            if (row->kind == W5_CONLLU_RANGE) {
                skip_to = row->id_last;
            } else if (gold) {
                eword w = {t, row->col[1], (uint32_t)strlen(form), 0};
                if (w5_vec_push(&gold->words, w))
                    return W5_ERR_NOMEM;
            }
            any = 1;
            if (row->space_after && w5_textbuf_append(b, " ", 1))
                return W5_ERR_NOMEM;
        }
        /* no trailing space inside the text: trim what the last token left */
        while (b->len > sent_start && b->buf[b->len - 1] == ' ')
            b->buf[--b->len] = '\0';
        if (gold && any) {
            span sp = {sent_start, last_end};
            if (w5_vec_push(&gold->sents, sp))
                return W5_ERR_NOMEM;
        }
    }
    if (!b->buf && w5_textbuf_append(b, "", 0))
        return W5_ERR_NOMEM;
    return 0;
}

int w5_eval_segment_text(const w5_conllu *gold, char **text, size_t *len,
                         w5_error *err)
{
    w5_textbuf b = {NULL, 0, 0};
    *text = NULL;
    *len = 0;
    if (build(gold, 0, gold->sents.n, &b, NULL)) {
        free(b.buf);
        return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    }
    *text = b.buf;
    *len = b.len;
    return W5_OK;
}

/* The system layer from the segmented document (byte spans). */
static int system_layer(const w5_doc *doc, layer *sys)
{
    size_t n = doc->toks.n;
    for (size_t k = 0; k < n;) {
        size_t e = k + 1;
        while (e < n && (doc->toks.v[e].flags & W5_TOKEN_JOINED))
            e++;
        span t = {doc->toks.v[k].start, doc->toks.v[e - 1].end};
        if (w5_vec_push(&sys->tokens, t))
            return W5_ERR_NOMEM;
        for (size_t j = k; j < e; j++) {
            const w5_tok *w = &doc->toks.v[j];
            eword ew = {t, w->start, w->end - w->start, e - k > 1};
            if (w5_vec_push(&sys->words, ew))
                return W5_ERR_NOMEM;
        }
        k = e;
    }
    for (size_t s = 0; s < doc->sents.n; s++) {
        span sp = {doc->sents.v[s].start, doc->sents.v[s].end};
        if (w5_vec_push(&sys->sents, sp))
            return W5_ERR_NOMEM;
    }
    return 0;
}

/* chars[b] = number of non-whitespace characters before byte b. */
static uint32_t *char_index(const char *text, size_t len)
{
    uint32_t *idx = malloc((len + 1) * sizeof *idx);
    if (!idx)
        return NULL;
    uint32_t count = 0, i = 0;
    const uint8_t *s = (const uint8_t *)text;
    while (i < len) {
        w5_uch c = w5_text_char(s, i, (uint32_t)len);
        for (uint32_t k = 0; k < c.len; k++)
            idx[i + k] = count;
        count += c.kind != W5_CK_SPACE;
        i += c.len;
    }
    idx[len] = count;
    return idx;
}

static void to_chars(span *v, size_t n, const uint32_t *idx)
{
    for (size_t i = 0; i < n; i++) {
        v[i].start = idx[v[i].start];
        v[i].end = idx[v[i].end];
    }
}

/* conll18_ud_eval.py spans_score. */
static size_t spans_correct(const span *g, size_t ng, const span *s, size_t ns)
{
    size_t gi = 0, si = 0, correct = 0;
    while (gi < ng && si < ns) {
        if (g[gi].start < s[si].start) {
            gi++;
        } else if (s[si].start < g[gi].start) {
            si++;
        } else {
            correct += g[gi].end == s[si].end;
            gi++;
            si++;
        }
    }
    return correct;
}

/* ---- word alignment (the script's align_words) ------------------------ */

typedef struct forms {
    const char *gold_pool, *text;
} forms;

static const char *word_form(const forms *f, const eword *w, int is_gold)
{
    return is_gold ? f->gold_pool + w->form : f->text + w->form;
}

/* Case-folded equality of two forms. */
static int same_form(const char *a, size_t na, const char *b, size_t nb)
{
    int ascii = 1;
    for (size_t i = 0; i < na; i++)
        ascii &= (uint8_t)a[i] < 0x80;
    for (size_t i = 0; i < nb; i++)
        ascii &= (uint8_t)b[i] < 0x80;
    if (ascii) {
        if (na != nb)
            return 0;
        for (size_t i = 0; i < na; i++) {
            int x = a[i], y = b[i];
            if (x >= 'A' && x <= 'Z')
                x += 32;
            if (y >= 'A' && y <= 'Z')
                y += 32;
            if (x != y)
                return 0;
        }
        return 1;
    }
    utf8proc_uint8_t *fa = NULL, *fb = NULL;
    utf8proc_map((const utf8proc_uint8_t *)a, (utf8proc_ssize_t)na, &fa,
                 UTF8PROC_CASEFOLD);
    utf8proc_map((const utf8proc_uint8_t *)b, (utf8proc_ssize_t)nb, &fb,
                 UTF8PROC_CASEFOLD);
    int same = fa && fb ? strcmp((char *)fa, (char *)fb) == 0
                        : na == nb && memcmp(a, b, na) == 0;
    free(fa);
    free(fb);
    return same;
}

static int words_match(const forms *f, const eword *g, const eword *s)
{
    return same_form(word_form(f, g, 1), g->form_len, word_form(f, s, 0),
                     s->form_len);
}

static int beyond_end(const eword *w, size_t n, size_t i, uint32_t end)
{
    if (i >= n)
        return 1;
    if (w[i].multi)
        return w[i].sp.start >= end;
    return w[i].sp.end > end;
}

static uint32_t extend_end(const eword *w, uint32_t end)
{
    return w->multi && w->sp.end > end ? w->sp.end : end;
}

static size_t align_words(const forms *f, const eword *g, size_t ng,
                          const eword *s, size_t ns)
{
    size_t gi = 0, si = 0, aligned = 0;
    size_t *lcs = NULL, lcs_cap = 0;
    while (gi < ng && si < ns) {
        if (!g[gi].multi && !s[si].multi) {
            if (g[gi].sp.start == s[si].sp.start &&
                g[gi].sp.end == s[si].sp.end) {
                aligned++;
                gi++;
                si++;
            } else if (g[gi].sp.start <= s[si].sp.start) {
                gi++;
            } else {
                si++;
            }
            continue;
        }
        /* find_multiword_span */
        uint32_t end;
        if (g[gi].multi) {
            end = g[gi].sp.end;
            if (!s[si].multi && s[si].sp.start < g[gi].sp.start)
                si++;
        } else {
            end = s[si].sp.end;
            if (!g[gi].multi && g[gi].sp.start < s[si].sp.start)
                gi++;
        }
        size_t gs = gi, ss = si;
        while (!beyond_end(g, ng, gi, end) || !beyond_end(s, ns, si, end)) {
            if (gi < ng && (si >= ns || g[gi].sp.start <= s[si].sp.start)) {
                end = extend_end(&g[gi], end);
                gi++;
            } else {
                end = extend_end(&s[si], end);
                si++;
            }
        }
        if (!(si > ss && gi > gs))
            continue;
        /* compute_lcs over the words of the span */
        size_t G = gi - gs, S = si - ss, need = (G + 1) * (S + 1);
        if (need > lcs_cap) {
            free(lcs);
            lcs = malloc(need * sizeof *lcs);
            lcs_cap = lcs ? need : 0;
            if (!lcs)
                return aligned; /* out of memory: a lower bound */
        }
#define LCS(a, b) lcs[(a) * (S + 1) + (b)]
        for (size_t a = 0; a <= G; a++)
            LCS(a, S) = 0;
        for (size_t b2 = 0; b2 <= S; b2++)
            LCS(G, b2) = 0;
        for (size_t a = G; a-- > 0;)
            for (size_t b2 = S; b2-- > 0;) {
                size_t v = 0;
                if (words_match(f, &g[gs + a], &s[ss + b2]))
                    v = 1 + LCS(a + 1, b2 + 1);
                if (LCS(a + 1, b2) > v)
                    v = LCS(a + 1, b2);
                if (LCS(a, b2 + 1) > v)
                    v = LCS(a, b2 + 1);
                LCS(a, b2) = v;
            }
        size_t a = 0, b2 = 0;
        while (a < G && b2 < S) {
            if (words_match(f, &g[gs + a], &s[ss + b2])) {
                aligned++;
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
    return aligned;
}

/* ---- error listing ---------------------------------------------------- */

static void print_context(FILE *out, const char *text, size_t len, size_t at)
{
    size_t from = at > 40 ? at - 40 : 0, to = at + 40 < len ? at + 40 : len;
    for (size_t i = from; i < to; i++) {
        if (i == at)
            fputs(" | ", out);
        fputc(text[i] == '\n' ? '/' : text[i], out);
    }
    fputc('\n', out);
}

static void list_token_errors(FILE *out, const char *text, const span *g,
                              size_t ng, const span *s, size_t ns)
{
    size_t gi = 0, si = 0;
    while (gi < ng) {
        while (si < ns && s[si].end <= g[gi].start)
            si++;
        int ok = si < ns && s[si].start == g[gi].start &&
                 s[si].end == g[gi].end;
        if (!ok) {
            fprintf(out, "T\tgold=%.*s\tsys=", (int)(g[gi].end - g[gi].start),
                    text + g[gi].start);
            for (size_t k = si; k < ns && s[k].start < g[gi].end; k++)
                fprintf(out, "%s%.*s", k > si ? " " : "",
                        (int)(s[k].end - s[k].start), text + s[k].start);
            fputc('\n', out);
        }
        gi++;
    }
}

static void list_sentence_errors(FILE *out, const char *text, size_t len,
                                 const span *g, size_t ng, const span *s,
                                 size_t ns)
{
    size_t gi = 1, si = 1;
    while (gi < ng || si < ns) {
        uint32_t gs = gi < ng ? g[gi].start : UINT32_MAX;
        uint32_t ss = si < ns ? s[si].start : UINT32_MAX;
        if (gs == ss) {
            gi++;
            si++;
        } else if (gs < ss) {
            fputs("S-missed\t", out);
            print_context(out, text, len, gs);
            gi++;
        } else {
            fputs("S-extra\t", out);
            print_context(out, text, len, ss);
            si++;
        }
    }
}

int w5_eval_segment_gold(const w5_conllu *gold, size_t from, size_t to,
                         char **text, size_t *len, uint32_t **starts,
                         size_t *nstarts, w5_error *err)
{
    w5_textbuf b = {NULL, 0, 0};
    layer g;
    memset(&g, 0, sizeof g);
    *text = NULL;
    *starts = NULL;
    *len = *nstarts = 0;
    if (to > gold->sents.n)
        to = gold->sents.n;
    uint32_t *st = NULL;
    if (build(gold, from, to, &b, &g) ||
        !(st = malloc((g.sents.n + 1) * sizeof *st))) {
        free(b.buf);
        layer_free(&g);
        return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < g.sents.n; i++)
        st[i] = g.sents.v[i].start;
    *text = b.buf;
    *len = b.len;
    *starts = st;
    *nstarts = g.sents.n;
    layer_free(&g);
    return W5_OK;
}

int w5_eval_segment_run(const w5_conllu *gold, w5_eval_segment *out,
                        FILE *errors, w5_error *err)
{
    return w5_eval_segment_run_model(gold, NULL, out, errors, err);
}

int w5_eval_segment_run_model(const w5_conllu *gold,
                              const w5_boundary_model *model,
                              w5_eval_segment *out, FILE *errors,
                              w5_error *err)
{
    memset(out, 0, sizeof *out);
    w5_textbuf b = {NULL, 0, 0};
    layer g, s;
    memset(&g, 0, sizeof g);
    memset(&s, 0, sizeof s);
    w5_doc *doc = NULL;
    uint32_t *idx = NULL;
    int rc = build(gold, 0, gold->sents.n, &b, &g);
    if (rc)
        goto fail_nomem;
    if ((rc = w5_doc_new(b.buf, b.len, &doc, err)))
        goto done;
    if ((rc = w5_text_tokenize(doc, err)) ||
        (rc = w5_text_split_sentences_model(doc, model, err)))
        goto done;
    if ((rc = system_layer(doc, &s)))
        goto fail_nomem;
    if (errors) {
        list_token_errors(errors, b.buf, g.tokens.v, g.tokens.n, s.tokens.v,
                          s.tokens.n);
        list_sentence_errors(errors, b.buf, b.len, g.sents.v, g.sents.n,
                             s.sents.v, s.sents.n);
    }
    if (!(idx = char_index(b.buf, b.len)))
        goto fail_nomem;
    to_chars(g.tokens.v, g.tokens.n, idx);
    to_chars(s.tokens.v, s.tokens.n, idx);
    to_chars(g.sents.v, g.sents.n, idx);
    to_chars(s.sents.v, s.sents.n, idx);
    for (size_t i = 0; i < g.words.n; i++) {
        g.words.v[i].sp.start = idx[g.words.v[i].sp.start];
        g.words.v[i].sp.end = idx[g.words.v[i].sp.end];
    }
    for (size_t i = 0; i < s.words.n; i++) {
        s.words.v[i].sp.start = idx[s.words.v[i].sp.start];
        s.words.v[i].sp.end = idx[s.words.v[i].sp.end];
    }
    out->text_bytes = b.len;
    out->tokens.gold = g.tokens.n;
    out->tokens.system = s.tokens.n;
    out->tokens.correct = spans_correct(g.tokens.v, g.tokens.n, s.tokens.v,
                                        s.tokens.n);
    out->sentences.gold = g.sents.n;
    out->sentences.system = s.sents.n;
    out->sentences.correct = spans_correct(g.sents.v, g.sents.n, s.sents.v,
                                           s.sents.n);
    forms f = {gold->pool.buf, b.buf};
    out->words.gold = g.words.n;
    out->words.system = s.words.n;
    out->words.correct = align_words(&f, g.words.v, g.words.n, s.words.v,
                                     s.words.n);
    rc = W5_OK;
    goto done;
fail_nomem:
    rc = w5_fail(err, W5_ERR_NOMEM, "out of memory");
done:
    free(idx);
    w5_doc_free(doc);
    free(b.buf);
    layer_free(&g);
    layer_free(&s);
    return rc;
}
