/*
 * lemma.c - the lemmatizer: suffix rules learned per XPOS plus an
 * exception lexicon of the treebank words the rules get wrong.
 *
 * A word's "case form" is the form lowercased (ASCII), or the form as
 * written for the tags whose lemmas keep their case (NNP, NNPS: learned,
 * by word types, so that "I" alone does not make PRP keep its case).
 * A rule maps (XPOS, the last L bytes of the case form) to "strip k bytes,
 * append s" with k <= L (a rule only rewrites the suffix it has seen:
 * "Iranian" teaches no rule that makes "Brownian" "bIranian"); the
 * longest stored suffix wins. Rules are learned from word types, not
 * tokens, since they serve the words training never saw ("are" -> "be"
 * is the exception, "declare" the rule). A rule is stored only when it
 * differs from the one its one-byte-shorter suffix would give, so the
 * table stays small. Exceptions ("was"/VBD -> "be") come first.
 *
 * Models since this file learned them also hold the lemmas seen in
 * training per word class and the runner-up rule of each suffix: the
 * rules' outputs are then checked against the lemmas seen and the words
 * the tagger knows (see apply_rules). Older models lack both and are
 * applied as before.
 */
#include <stdlib.h>
#include <string.h>

#include "syntax/syntax_int.h"

/* MIN_SECOND: the word types a runner-up rule needs to be kept. */
enum { MAX_SUFFIX = 6, MAX_WORD = 256, MIN_SECOND = 3 };

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

/* The word class of a tag, for the lemmas seen in training: verbs,
 * nouns, adjectives, adverbs; 0 = none. */
static int lemma_class(int xpos)
{
    const char *t = w5_xpos_names[xpos];
    if (t[0] == 'V' && t[1] == 'B')
        return 1;
    if (t[0] == 'N' && t[1] == 'N')
        return 2;
    if (t[0] == 'J' && t[1] == 'J')
        return 3;
    if (t[0] == 'R' && t[1] == 'B')
        return 4;
    return 0;
}

/* The class a tag's rule outputs are checked against: only the inflected
 * tags' (VBD, VBG, VBN, VBZ, NNS, NNPS, JJR, JJS, RBR, RBS); a base form
 * (VB, VBP, NN, NNP, JJ, RB) keeps its first rule, mostly "unchanged":
 * checking those costs time and gains nothing on EWT and GUM dev. */
static int checked_class(int xpos)
{
    static const char *const base[] = {"VB", "VBP", "NN", "NNP", "JJ", "RB"};
    for (size_t i = 0; i < sizeof base / sizeof *base; i++)
        if (strcmp(w5_xpos_names[xpos], base[i]) == 0)
            return 0;
    return lemma_class(xpos);
}

static void set_checked(w5_lemmatizer *lem)
{
    for (int x = 0; x < W5_XPOS_COUNT; x++)
        lem->checked[x] = lem->vocab ? (unsigned char)checked_class(x) : 0;
}

static uint64_t vocab_key(int cls, const char *lemma, size_t len)
{
    return w5_hash_bytes(lemma, len, 0x27d4eb2fu + (uint64_t)cls * 65599u) | 1;
}

static uint32_t vocab_print(uint64_t key)
{
    return (uint32_t)(key >> 32) | 1;
}

static int in_vocab(const w5_lemmatizer *lem, int cls, const char *lemma, size_t len)
{
    uint64_t key = vocab_key(cls, lemma, len);
    uint32_t fp = vocab_print(key);
    for (uint64_t i = key & lem->vocab_mask; lem->vocab[i]; i = (i + 1) & lem->vocab_mask)
        if (lem->vocab[i] == fp)
            return 1;
    return 0;
}

static size_t copy_out(const char *s, size_t n, char *buf, size_t cap)
{
    size_t at = put(buf, cap, 0, s, n);
    if (cap)
        buf[at] = '\0';
    return at;
}

/* Writes the output of rule e on the case form cf into buf. */
static size_t rule_output(const w5_lemmatizer *lem, const w5_smap_entry *e,
                          const char *cf, size_t len, char *buf, size_t cap)
{
    size_t at = put(buf, cap, 0, cf, len - e->a);
    const char *tail = lem->strs + e->b;
    at = put(buf, cap, at, tail, strnlen(tail, lem->strs_size - e->b));
    if (cap)
        buf[at] = '\0';
    return at;
}

/* Applies the rules only (no exceptions) to a case form. Without a
 * vocabulary the longest stored suffix decides. With one, the rules of
 * the stored suffixes are candidates, from the longest down, then their
 * runner-up rules, then the word unchanged: the first that is a lemma
 * seen in training for the tag's word class wins ("faded": "-ed" gives
 * "fad", not a verb seen; "-d" gives "fade"); else the first that changes
 * the word into one the tagger knows (its ambiguity map: the treebank's
 * and the news corpora's words; "provoking": "provok" no, the runner-up
 * "provoke" yes); else the longest suffix's rule. Learning sees no
 * ambiguity map, and needs none: a treebank word reaches that second test
 * only when its lemma is no candidate, so the rule is wrong for it and it
 * is an exception. */
static size_t apply_rules(const w5_lemmatizer *lem, const char *cf,
                          size_t len, int xpos, char *buf, size_t cap)
{
    int cls = lem->checked[xpos];
    const w5_smap_entry *cands[2 * MAX_SUFFIX + 2];
    size_t nc = 0, nbest;
    char c[MAX_WORD * 2 + 1];
    size_t max = len < MAX_SUFFIX ? len : MAX_SUFFIX;
    for (size_t l = max + 1; l-- > 0;) {
        const w5_smap_entry *e =
            w5_smap_get(&lem->rules, rule_key(xpos, cf + len - l, l));
        if (!e)
            continue;
        if (e->a > len || e->b >= lem->strs_size)
            break;
        if (!cls)
            return rule_output(lem, e, cf, len, buf, cap);
        size_t n = rule_output(lem, e, cf, len, c, sizeof c);
        if (n + 1 < sizeof c && in_vocab(lem, cls, c, n))
            return copy_out(c, n, buf, cap);
        cands[nc++] = e;
    }
    nbest = nc;
    for (size_t l = max + 1; lem->rules2.slots && nbest && l-- > 0;) {
        const w5_smap_entry *e =
            w5_smap_get(&lem->rules2, rule_key(xpos, cf + len - l, l));
        if (!e || e->a > len || e->b >= lem->strs_size)
            continue;
        size_t n = rule_output(lem, e, cf, len, c, sizeof c);
        if (n + 1 < sizeof c && in_vocab(lem, cls, c, n))
            return copy_out(c, n, buf, cap);
        cands[nc++] = e;
    }
    if (!nbest || in_vocab(lem, cls, cf, len))
        return copy_out(cf, len, buf, cap);
    for (size_t i = 0; lem->words.slots && i < nc; i++) {
        size_t n = rule_output(lem, cands[i], cf, len, c, sizeof c);
        if (n + 1 < sizeof c && (n != len || memcmp(c, cf, n) != 0) &&
            w5_smap_get(&lem->words, w5_tagdict_key(c, n)))
            return copy_out(c, n, buf, cap);
    }
    return rule_output(lem, cands[0], cf, len, buf, cap);
}

/* A cardinal written with thousands separators ("1,200", "84,121.5"):
 * the treebanks' lemma drops the commas. */
static int grouped_number(const char *s, size_t n)
{
    size_t i = 0, digits = 0, groups = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        i++;
    digits = i;
    if (digits < 1 || digits > 3)
        return 0;
    while (i + 3 < n && s[i] == ',') {
        for (size_t k = 1; k <= 3; k++)
            if (s[i + k] < '0' || s[i + k] > '9')
                return 0;
        i += 4;
        groups++;
    }
    if (i < n && s[i] == '.') {
        size_t j = ++i;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == j)
            return 0;
    }
    return groups > 0 && i == n;
}

/* The rules on a word not in the exceptions (its case form). */
static size_t apply_unseen(const w5_lemmatizer *lem, const char *cf, size_t n,
                           int xpos, char *buf, size_t cap)
{
    if (strcmp(w5_xpos_names[xpos], "CD") == 0 && grouped_number(cf, n)) {
        size_t at = 0;
        for (size_t i = 0; i < n; i++)
            if (cf[i] != ',')
                at = put(buf, cap, at, cf + i, 1);
        if (cap)
            buf[at] = '\0';
        return at;
    }
    return apply_rules(lem, cf, n, xpos, buf, cap);
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
    return apply_unseen(lem, cf, n, xpos, buf, cap);
}

/* A view of the fingerprint set: u64 slot count (a power of two), then
 * the u32 slots, at least one empty. */
static int vocab_view(const unsigned char *data, size_t size, w5_lemmatizer *lem)
{
    uint64_t nslot;
    if (size < 8)
        return -1;
    memcpy(&nslot, data, 8);
    if (nslot == 0 || (nslot & (nslot - 1)) || nslot > (size - 8) / 4 ||
        8 + nslot * 4 != size)
        return -1;
    lem->vocab = (const uint32_t *)(data + 8);
    lem->vocab_mask = nslot - 1;
    for (uint64_t i = 0; i < nslot; i++)
        if (!lem->vocab[i])
            return 0;
    return -1;
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
    const unsigned char *vocab = w5_mfile_section(mf, "lemma.vocab", &size);
    if (vocab) {
        if (vocab_view(vocab, size, lem))
            return w5_fail(err, W5_ERR_FORMAT, "tagger model: bad lemma.vocab");
        const void *rules2 = w5_mfile_section(mf, "lemma.rules2", &size);
        if (!rules2 || w5_smap_view(rules2, size, &lem->rules2))
            return w5_fail(err, W5_ERR_FORMAT, "tagger model: bad lemma.rules2");
        const void *words = w5_mfile_section(mf, "ambiguity", &size);
        if (words && w5_smap_view(words, size, &lem->words))
            return w5_fail(err, W5_ERR_FORMAT, "tagger model: bad ambiguity");
    }
    set_checked(lem);
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
    uint32_t strip2, str2, count2; /* the runner-up value */
} best;

static int best_cmp(const void *a, const void *b)
{
    const best *x = a, *y = b;
    return x->key < y->key ? -1 : x->key > y->key;
}

/* Reduces sorted observations to the most frequent value per key (and
 * the next most frequent). */
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
                b.count2 = b.count;
                b.strip2 = b.strip;
                b.str2 = b.str;
                b.count = (uint32_t)(k - j);
                b.what = o[j].what;
                b.strip = o[j].strip;
                b.str = o[j].str;
            } else if (k - j > b.count2) {
                b.count2 = (uint32_t)(k - j);
                b.strip2 = o[j].strip;
                b.str2 = o[j].str;
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
    W5_VEC(w5_smap_entry) rule2_out;
    W5_VEC(w5_smap_entry) exc_out;
} learn_state;

static void learn_case_modes(learn_state *st, const unsigned char *first)
{
    long keep[W5_XPOS_COUNT] = {0}, lower[W5_XPOS_COUNT] = {0};
    const w5_treebank *tb = st->tb;
    for (size_t i = 0; i < tb->words.n; i++) {
        const w5_tb_word *w = &tb->words.v[i];
        if (!first[i])
            continue;
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

/* Records one word's transformation for every suffix length that can
 * express it (first of its type only), and its lemma for the exception
 * lexicon. */
static int observe(learn_state *st, const char *form, size_t flen, int xpos,
                   const char *lemma, size_t llen, int first)
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
    for (size_t l = n - p; first && l <= max; l++) {
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
        if (b->count2 >= MIN_SECOND) {
            w5_smap_entry e = {.key = b->key, .a = b->strip2, .b = b->str2};
            if (w5_vec_push(&st->rule2_out, e))
                return free(rb), W5_ERR_NOMEM;
        }
        /* a rule that differs from the shorter suffix's needs most of
         * its types (with types, ties are common: "Vietnam" and one odd
         * word would make "-nam" "-ham") */
        if ((par && par->what == b->what) || (b->parent && b->count * 2 <= b->total))
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
    for (size_t i = 0; i < st->rule2_out.n; i++) {
        const char *s = st->strs.buf + st->rule2_out.v[i].b;
        if (w5_strpool_add(&kept, s, strlen(s), &st->rule2_out.v[i].b))
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

typedef struct type_ref {
    uint64_t key;
    size_t at;
} type_ref;

static int type_ref_cmp(const void *a, const void *b)
{
    const type_ref *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->at < y->at ? -1 : x->at > y->at;
}

/* Per word of tb, 1 when it is the first of its type (XPOS, form, lemma):
 * the rules learn from types, since the words they serve are the unseen
 * ones (a seen word whose rule is wrong gets an exception). NULL on no
 * memory. */
static unsigned char *first_of_types(const w5_treebank *tb)
{
    size_t n = tb->words.n;
    type_ref *r = malloc((n + 1) * sizeof *r);
    unsigned char *first = calloc(n + 1, 1);
    if (!r || !first) {
        free(r);
        free(first);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        const w5_tb_word *w = &tb->words.v[i];
        const char *f = w5_tb_str(tb, w->form), *l = w5_tb_str(tb, w->lemma);
        uint64_t h = w5_hash_bytes(f, strlen(f), 0x9e37u + w->xpos);
        r[i].key = w5_hash_mix(h, w5_hash_bytes(l, strlen(l), 0x85ebu));
        r[i].at = i;
    }
    qsort(r, n, sizeof *r, type_ref_cmp);
    for (size_t i = 0; i < n; i++)
        first[r[i].at] = i == 0 || r[i].key != r[i - 1].key;
    free(r);
    return first;
}

static int u64_cmp(const void *a, const void *b)
{
    const uint64_t *x = a, *y = b;
    return *x < *y ? -1 : *x > *y;
}

/* The vocabulary: every lemma of the treebank under its word class, as
 * the fingerprint set vocab_view reads. */
static int build_vocab(const w5_treebank *tb, void **data, size_t *size)
{
    uint64_t *keys = malloc((tb->words.n + 1) * sizeof *keys);
    if (!keys)
        return W5_ERR_NOMEM;
    size_t n = 0;
    for (size_t i = 0; i < tb->words.n; i++) {
        const w5_tb_word *w = &tb->words.v[i];
        int cls = w->has_lemma && w->xpos < W5_XPOS_COUNT ? lemma_class(w->xpos) : 0;
        if (cls) {
            const char *l = w5_tb_str(tb, w->lemma);
            keys[n++] = vocab_key(cls, l, strlen(l));
        }
    }
    qsort(keys, n, sizeof *keys, u64_cmp);
    size_t nu = 0;
    for (size_t i = 0; i < n; i++)
        if (nu == 0 || keys[i] != keys[nu - 1])
            keys[nu++] = keys[i];
    n = nu;
    uint64_t nslot = 16;
    while (nslot < n * 2 + 1)
        nslot *= 2;
    unsigned char *buf = calloc(1, 8 + nslot * 4);
    if (!buf) {
        free(keys);
        return W5_ERR_NOMEM;
    }
    memcpy(buf, &nslot, 8);
    uint32_t *slots = (uint32_t *)(buf + 8);
    for (size_t i = 0; i < n; i++) {
        uint64_t j = keys[i] & (nslot - 1);
        uint32_t fp = vocab_print(keys[i]);
        while (slots[j] && slots[j] != fp)
            j = (j + 1) & (nslot - 1);
        slots[j] = fp;
    }
    free(keys);
    *data = buf;
    *size = 8 + nslot * 4;
    return 0;
}

int w5_lemma_learn(const w5_treebank *tb, w5_mwriter *w, w5_error *err)
{
    learn_state st = {.tb = tb};
    int rc = W5_ERR_NOMEM;
    best *rb = NULL, *lb = NULL;
    unsigned char *first = NULL;
    size_t nrb = 0;
    void *rules_data = NULL, *exc_data = NULL, *vocab_data = NULL, *rules2_data = NULL;
    size_t rules_size, exc_size, vocab_size = 0, rules2_size = 0;
    if (w5_strpool_init(&st.strs) || !(first = first_of_types(tb)))
        goto done;
    learn_case_modes(&st, first);
    for (size_t i = 0; i < tb->words.n; i++) {
        const w5_tb_word *wd = &tb->words.v[i];
        if (!wd->has_lemma || wd->xpos >= W5_XPOS_COUNT)
            continue;
        const char *f = w5_tb_str(tb, wd->form), *l = w5_tb_str(tb, wd->lemma);
        size_t fl = strlen(f), ll = strlen(l);
        if (fl > MAX_WORD || ll > MAX_WORD)
            continue;
        if (observe(&st, f, fl, wd->xpos, l, ll, first[i]))
            goto done;
    }
    if (build_rules(&st, &rb, &nrb))
        goto done;
    /* A view of the rules as they will be stored, to find exceptions. */
    if (w5_smap_build(st.rule_out.v, st.rule_out.n, &rules_data, &rules_size))
        goto done;
    w5_lemmatizer lem = {.strs = st.strs.buf, .strs_size = st.strs.len,
                         .keep_case = st.keep};
    if (w5_smap_build(st.rule2_out.v, st.rule2_out.n, &rules2_data, &rules2_size) ||
        w5_smap_view(rules2_data, rules2_size, &lem.rules2) ||
        w5_smap_view(rules_data, rules_size, &lem.rules) ||
        build_vocab(tb, &vocab_data, &vocab_size) ||
        vocab_view(vocab_data, vocab_size, &lem))
        goto done;
    set_checked(&lem);
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
        apply_unseen(&lem, cf, n, wd->xpos, got, sizeof got);
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
    free(rules2_data);
    rules_data = rules2_data = NULL;
    if (w5_smap_build(st.rule_out.v, st.rule_out.n, &rules_data, &rules_size) ||
        w5_smap_build(st.rule2_out.v, st.rule2_out.n, &rules2_data, &rules2_size) ||
        w5_smap_build(st.exc_out.v, st.exc_out.n, &exc_data, &exc_size))
        goto done;
    if (w5_mwriter_add(w, "lemma.rules", rules_data, rules_size) ||
        w5_mwriter_add(w, "lemma.exc", exc_data, exc_size) ||
        w5_mwriter_add(w, "lemma.str", st.strs.buf, st.strs.len) ||
        w5_mwriter_add(w, "lemma.case", st.keep, sizeof st.keep) ||
        w5_mwriter_add(w, "lemma.vocab", vocab_data, vocab_size) ||
        w5_mwriter_add(w, "lemma.rules2", rules2_data, rules2_size))
        goto done;
    rc = 0;
done:
    free(first);
    free(rb);
    free(lb);
    free(rules_data);
    free(exc_data);
    free(vocab_data);
    free(rules2_data);
    w5_vec_free(&st.rules);
    w5_vec_free(&st.lemmas);
    w5_vec_free(&st.rule_out);
    w5_vec_free(&st.rule2_out);
    w5_vec_free(&st.exc_out);
    w5_strpool_free(&st.strs);
    return rc ? w5_fail(err, rc, "out of memory learning lemmas") : 0;
}
