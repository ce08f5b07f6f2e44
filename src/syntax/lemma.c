/*
 * lemma.c - the lemmatizer: suffix rules learned per XPOS plus an
 * exception lexicon of the treebank words the rules get wrong.
 *
 * A word's "case form" is the form lowercased (ASCII), or the form as
 * written for the tags whose lemmas keep their case (NNP, NNPS: learned).
 * A rule maps (XPOS, the last L bytes of the case form) to "strip k bytes,
 * append s"; the longest stored suffix wins. A rule is stored only when it
 * differs from the one its one-byte-shorter suffix would give, so the
 * table stays small. Exceptions ("was"/VBD -> "be") come first.
 */
#include <stdlib.h>
#include <string.h>

#include "syntax/syntax_int.h"

enum { MAX_SUFFIX = 6, MAX_WORD = 256 };

static uint64_t rule_key(int xpos, const char *sfx, size_t len)
{
    return w5_hash_bytes(sfx, len, 0x5bd1e995u + (uint64_t)xpos * 7919u) | 1;
}

static uint64_t exc_key(int xpos, const char *form, size_t len)
{
    return w5_hash_bytes(form, len, 0xc2b2ae35u + (uint64_t)xpos * 104729u) | 1;
}

/* The case form of a word into buf (at most MAX_WORD bytes); its length. */
static size_t case_form(const char *form, size_t len, int keep, char *buf)
{
    if (len > MAX_WORD)
        len = MAX_WORD;
    for (size_t i = 0; i < len; i++) {
        char c = form[i];
        buf[i] = (!keep && c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
    }
    return len;
}

static size_t put(char *buf, size_t cap, size_t at, const char *s, size_t n)
{
    for (size_t i = 0; i < n && at + 1 < cap; i++)
        buf[at++] = s[i];
    return at;
}

/* Applies the rules only (no exceptions) to a case form. */
static size_t apply_rules(const w5_lemmatizer *lem, const char *cf,
                          size_t len, int xpos, char *buf, size_t cap)
{
    size_t max = len < MAX_SUFFIX ? len : MAX_SUFFIX;
    for (size_t l = max + 1; l-- > 0;) {
        const w5_smap_entry *e =
            w5_smap_get(&lem->rules, rule_key(xpos, cf + len - l, l));
        if (!e)
            continue;
        if (e->a > len || e->b >= lem->strs_size)
            break;
        size_t at = put(buf, cap, 0, cf, len - e->a);
        const char *tail = lem->strs + e->b;
        at = put(buf, cap, at, tail, strnlen(tail, lem->strs_size - e->b));
        if (cap)
            buf[at] = '\0';
        return at;
    }
    size_t at = put(buf, cap, 0, cf, len);
    if (cap)
        buf[at] = '\0';
    return at;
}

size_t w5_lemma_apply(const w5_lemmatizer *lem, const char *form,
                      size_t len, int xpos, char *buf, size_t cap)
{
    char cf[MAX_WORD];
    if (xpos < 0 || xpos >= W5_XPOS_COUNT)
        xpos = 0;
    int keep = lem->keep_case ? lem->keep_case[xpos] : 0;
    size_t n = case_form(form, len, keep, cf);
    const w5_smap_entry *e = w5_smap_get(&lem->exc, exc_key(xpos, cf, n));
    if (e && e->a < lem->strs_size) {
        const char *s = lem->strs + e->a;
        size_t at = put(buf, cap, 0, s, strnlen(s, lem->strs_size - e->a));
        if (cap)
            buf[at] = '\0';
        return at;
    }
    return apply_rules(lem, cf, n, xpos, buf, cap);
}

int w5_lemma_view(const w5_mfile *mf, w5_lemmatizer *lem, w5_error *err)
{
    size_t size;
    memset(lem, 0, sizeof *lem);
    const void *rules = w5_mfile_section(mf, "lemma.rules", &size);
    if (!rules || w5_smap_view(rules, size, &lem->rules))
        return w5_fail(err, W5_ERR_FORMAT, "tagger model: bad lemma.rules");
    const void *exc = w5_mfile_section(mf, "lemma.exc", &size);
    if (!exc || w5_smap_view(exc, size, &lem->exc))
        return w5_fail(err, W5_ERR_FORMAT, "tagger model: bad lemma.exc");
    lem->strs = w5_mfile_section(mf, "lemma.str", &lem->strs_size);
    lem->keep_case = w5_mfile_section(mf, "lemma.case", &size);
    if (!lem->strs || lem->strs_size == 0 || lem->strs[lem->strs_size - 1] ||
        !lem->keep_case || size != W5_XPOS_COUNT)
        return w5_fail(err, W5_ERR_FORMAT, "tagger model: bad lemma sections");
    return 0;
}

/* ---- learning ------------------------------------------------------------ */

typedef struct obs {
    uint64_t key;      /* rule or exception key */
    uint64_t parent;   /* rule key of the one-shorter suffix (rules) */
    uint64_t what;     /* hash of the transformation or lemma */
    uint32_t strip;    /* rules: bytes stripped */
    uint32_t str;      /* offset in the string pool of the ending/lemma */
} obs;

static int obs_cmp(const void *a, const void *b)
{
    const obs *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    if (x->what != y->what)
        return x->what < y->what ? -1 : 1;
    return 0;
}

typedef struct best {
    uint64_t key, parent, what;
    uint32_t strip, str, count, total;
} best;

static int best_cmp(const void *a, const void *b)
{
    const best *x = a, *y = b;
    return x->key < y->key ? -1 : x->key > y->key;
}

/* Reduces sorted observations to the most frequent value per key. */
static size_t reduce_best(const obs *o, size_t n, best *out)
{
    size_t nb = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        best b = {.key = o[i].key, .parent = o[i].parent};
        while (j < n && o[j].key == o[i].key) {
            size_t k = j;
            while (k < n && o[k].key == o[j].key && o[k].what == o[j].what)
                k++;
            if (k - j > b.count) {
                b.count = (uint32_t)(k - j);
                b.what = o[j].what;
                b.strip = o[j].strip;
                b.str = o[j].str;
            }
            b.total += (uint32_t)(k - j);
            j = k;
        }
        out[nb++] = b;
        i = j;
    }
    return nb;
}

static const best *find_best(const best *b, size_t n, uint64_t key)
{
    best probe = {.key = key};
    return bsearch(&probe, b, n, sizeof *b, best_cmp);
}

typedef struct learn_state {
    const w5_treebank *tb;
    w5_strpool strs;
    unsigned char keep[W5_XPOS_COUNT];
    W5_VEC(obs) rules;
    W5_VEC(obs) lemmas;
    W5_VEC(w5_smap_entry) rule_out;
    W5_VEC(w5_smap_entry) exc_out;
} learn_state;

static void learn_case_modes(learn_state *st)
{
    long keep[W5_XPOS_COUNT] = {0}, lower[W5_XPOS_COUNT] = {0};
    const w5_treebank *tb = st->tb;
    for (size_t i = 0; i < tb->words.n; i++) {
        const w5_tb_word *w = &tb->words.v[i];
        const char *f = w5_tb_str(tb, w->form), *l = w5_tb_str(tb, w->lemma);
        if (!w->has_lemma || !(f[0] >= 'A' && f[0] <= 'Z') || w->xpos >= W5_XPOS_COUNT)
            continue;
        if (l[0] == f[0])
            keep[w->xpos]++;
        else if (l[0] == f[0] + 32)
            lower[w->xpos]++;
    }
    for (int x = 0; x < W5_XPOS_COUNT; x++)
        st->keep[x] = keep[x] > lower[x];
}

/* Records one word's transformation for every suffix length, and its
 * lemma for the exception lexicon. */
static int observe(learn_state *st, const char *form, size_t flen, int xpos,
                   const char *lemma, size_t llen)
{
    char cf[MAX_WORD];
    size_t n = case_form(form, flen, st->keep[xpos], cf);
    size_t p = 0;
    while (p < n && p < llen && cf[p] == lemma[p])
        p++;
    uint32_t tail, whole;
    if (w5_strpool_add(&st->strs, lemma + p, llen - p, &tail) ||
        w5_strpool_add(&st->strs, lemma, llen, &whole))
        return W5_ERR_NOMEM;
    uint64_t what = w5_hash_bytes(lemma + p, llen - p, n - p);
    size_t max = n < MAX_SUFFIX ? n : MAX_SUFFIX;
    for (size_t l = 0; l <= max; l++) {
        obs o = {.key = rule_key(xpos, cf + n - l, l),
                 .parent = l ? rule_key(xpos, cf + n - l + 1, l - 1) : 0,
                 .what = what, .strip = (uint32_t)(n - p), .str = tail};
        if (w5_vec_push(&st->rules, o))
            return W5_ERR_NOMEM;
    }
    obs e = {.key = exc_key(xpos, cf, n), .what = w5_hash_bytes(lemma, llen, 0),
             .str = whole};
    return w5_vec_push(&st->lemmas, e) ? W5_ERR_NOMEM : 0;
}

static int build_rules(learn_state *st, best **rb_out, size_t *nrb_out)
{
    qsort(st->rules.v, st->rules.n, sizeof *st->rules.v, obs_cmp);
    best *rb = malloc((st->rules.n + 1) * sizeof *rb);
    if (!rb)
        return W5_ERR_NOMEM;
    size_t nrb = reduce_best(st->rules.v, st->rules.n, rb);
    qsort(rb, nrb, sizeof *rb, best_cmp);
    for (size_t i = 0; i < nrb; i++) {
        const best *b = &rb[i];
        const best *par = b->parent ? find_best(rb, nrb, b->parent) : NULL;
        if (b->parent && b->total < 2)
            continue;
        if (par && par->what == b->what)
            continue;
        w5_smap_entry e = {.key = b->key, .a = b->strip, .b = b->str};
        if (w5_vec_push(&st->rule_out, e))
            return free(rb), W5_ERR_NOMEM;
    }
    *rb_out = rb;
    *nrb_out = nrb;
    return 0;
}

/* Keeps only the strings the stored rules and exceptions point to. */
static int compact_strings(learn_state *st)
{
    w5_strpool kept;
    if (w5_strpool_init(&kept))
        return W5_ERR_NOMEM;
    for (size_t i = 0; i < st->rule_out.n; i++) {
        const char *s = st->strs.buf + st->rule_out.v[i].b;
        if (w5_strpool_add(&kept, s, strlen(s), &st->rule_out.v[i].b))
            return w5_strpool_free(&kept), W5_ERR_NOMEM;
    }
    for (size_t i = 0; i < st->exc_out.n; i++) {
        const char *s = st->strs.buf + st->exc_out.v[i].a;
        if (w5_strpool_add(&kept, s, strlen(s), &st->exc_out.v[i].a))
            return w5_strpool_free(&kept), W5_ERR_NOMEM;
    }
    w5_strpool_free(&st->strs);
    st->strs = kept;
    return 0;
}

int w5_lemma_learn(const w5_treebank *tb, w5_mwriter *w, w5_error *err)
{
    learn_state st = {.tb = tb};
    int rc = W5_ERR_NOMEM;
    best *rb = NULL, *lb = NULL;
    size_t nrb = 0;
    void *rules_data = NULL, *exc_data = NULL;
    size_t rules_size, exc_size;
    if (w5_strpool_init(&st.strs))
        goto done;
    learn_case_modes(&st);
    for (size_t i = 0; i < tb->words.n; i++) {
        const w5_tb_word *wd = &tb->words.v[i];
        if (!wd->has_lemma || wd->xpos >= W5_XPOS_COUNT)
            continue;
        const char *f = w5_tb_str(tb, wd->form), *l = w5_tb_str(tb, wd->lemma);
        size_t fl = strlen(f), ll = strlen(l);
        if (fl > MAX_WORD || ll > MAX_WORD)
            continue;
        if (observe(&st, f, fl, wd->xpos, l, ll))
            goto done;
    }
    if (build_rules(&st, &rb, &nrb))
        goto done;
    /* A view of the rules as they will be stored, to find exceptions. */
    if (w5_smap_build(st.rule_out.v, st.rule_out.n, &rules_data, &rules_size))
        goto done;
    w5_lemmatizer lem = {.strs = st.strs.buf, .strs_size = st.strs.len,
                         .keep_case = st.keep};
    if (w5_smap_view(rules_data, rules_size, &lem.rules))
        goto done;
    qsort(st.lemmas.v, st.lemmas.n, sizeof *st.lemmas.v, obs_cmp);
    lb = malloc((st.lemmas.n + 1) * sizeof *lb);
    if (!lb)
        goto done;
    size_t nlb = reduce_best(st.lemmas.v, st.lemmas.n, lb);
    /* For each (xpos, case form) the majority lemma; keep it when the
     * rules give something else. The case form is recovered from any
     * word with that key: scan the words once more. */
    for (size_t i = 0; i < tb->words.n; i++) {
        const w5_tb_word *wd = &tb->words.v[i];
        if (!wd->has_lemma || wd->xpos >= W5_XPOS_COUNT)
            continue;
        const char *f = w5_tb_str(tb, wd->form);
        size_t fl = strlen(f);
        if (fl > MAX_WORD)
            continue;
        char cf[MAX_WORD], got[MAX_WORD * 2];
        size_t n = case_form(f, fl, st.keep[wd->xpos], cf);
        uint64_t key = exc_key(wd->xpos, cf, n);
        best probe = {.key = key};
        best *b = bsearch(&probe, lb, nlb, sizeof *lb, best_cmp);
        if (!b || b->count == 0)
            continue;
        const char *want = st.strs.buf + b->str;
        apply_rules(&lem, cf, n, wd->xpos, got, sizeof got);
        if (strcmp(got, want) != 0) {
            w5_smap_entry e = {.key = key, .a = b->str};
            if (w5_vec_push(&st.exc_out, e))
                goto done;
        }
        b->count = 0; /* done with this key */
    }
    if (compact_strings(&st))
        goto done;
    free(rules_data);
    rules_data = NULL;
    if (w5_smap_build(st.rule_out.v, st.rule_out.n, &rules_data, &rules_size) ||
        w5_smap_build(st.exc_out.v, st.exc_out.n, &exc_data, &exc_size))
        goto done;
    if (w5_mwriter_add(w, "lemma.rules", rules_data, rules_size) ||
        w5_mwriter_add(w, "lemma.exc", exc_data, exc_size) ||
        w5_mwriter_add(w, "lemma.str", st.strs.buf, st.strs.len) ||
        w5_mwriter_add(w, "lemma.case", st.keep, sizeof st.keep))
        goto done;
    rc = 0;
done:
    free(rb);
    free(lb);
    free(rules_data);
    free(exc_data);
    w5_vec_free(&st.rules);
    w5_vec_free(&st.lemmas);
    w5_vec_free(&st.rule_out);
    w5_vec_free(&st.exc_out);
    w5_strpool_free(&st.strs);
    return rc ? w5_fail(err, rc, "out of memory learning lemmas") : 0;
}
