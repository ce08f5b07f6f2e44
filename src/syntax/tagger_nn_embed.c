/*
 * tagger_nn_embed.c - word vectors for the neural tagger, learned from
 * unlabeled text by skip-gram with negative sampling (Mikolov et al.
 * 2013): the network's only view of the words its treebanks never show.
 * Words are known by the tagger's lowercase hash (w5_tword.lw), so no
 * strings are kept.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "syntax/tagger_nn.h"

uint64_t w5_rand_next(uint64_t *state);

enum { MAX_WORD = 64, WINDOW = 5, NEGATIVE = 5, TABLE_BITS = 22 };

/* The tagger's lowercase hash of a word (w5_tagger_word_hashes). */
static uint64_t lower_hash(const char *s, size_t n)
{
    char low[MAX_WORD];
    for (size_t k = 0; k < n; k++)
        low[k] = s[k] >= 'A' && s[k] <= 'Z' ? (char)(s[k] + 32) : s[k];
    return w5_hash_bytes(low, n, 2);
}

typedef struct vocab {
    uint64_t *keys;
    uint32_t *count, *id;  /* id: row + 1 once chosen, 0 = left out */
    size_t mask, n;
} vocab;

static size_t vocab_slot(const vocab *v, uint64_t key)
{
    size_t i = key & v->mask;
    while (v->keys[i] && v->keys[i] != key)
        i = (i + 1) & v->mask;
    return i;
}

typedef W5_VEC(uint64_t) keyvec;

/* Appends a token's hash (0 = a sentence break). */
static int push_token(keyvec *toks, const char *s, size_t n)
{
    if (n == 0 || n > MAX_WORD)
        return 0;
    return w5_vec_push(toks, lower_hash(s, n) | 1);
}

static int is_lead(char c)
{
    return c == '"' || c == '\'' || c == '(' || c == '[' || c == '`' || c == '{';
}

static int is_trail(char c)
{
    return c == '"' || c == '\'' || c == ')' || c == ']' || c == ',' || c == ';' ||
           c == ':' || c == '!' || c == '?' || c == '}' || c == '.';
}

/* Splits one whitespace-free chunk as the treebanks do: punctuation off
 * both ends, the clitics 's n't 're 've 'll 'd 'm off the word. */
static int push_chunk(keyvec *toks, const char *s, size_t n)
{
    const char *e = s + n;
    int rc = 0;
    while (s < e && is_lead(*s) && !rc)
        rc = push_token(toks, s++, 1);
    const char *tail = e;
    while (tail > s && is_trail(tail[-1])) {
        if (tail[-1] == '.' && memchr(s, '.', (size_t)(tail - s - 1)))
            break; /* "U.S." keeps its full stop */
        tail--;
    }
    const char *we = tail;
    static const char *const clitics[] = {"n't", "'s", "'re", "'ve", "'ll", "'d", "'m"};
    for (size_t c = 0; c < sizeof clitics / sizeof *clitics; c++) {
        size_t l = strlen(clitics[c]);
        if ((size_t)(tail - s) > l) {
            int same = 1;
            for (size_t k = 0; k < l; k++)
                same &= (tail[-(long)l + (long)k] | 0x20) == clitics[c][k];
            if (same) {
                we = tail - l;
                break;
            }
        }
    }
    if (!rc)
        rc = push_token(toks, s, (size_t)(we - s));
    if (!rc)
        rc = push_token(toks, we, (size_t)(tail - we));
    for (const char *p = tail; p < e && !rc; p++)
        rc = push_token(toks, p, 1);
    return rc;
}

/* The tokens of a text file; a break after each line. */
static int read_text(const char *path, keyvec *toks, w5_error *err)
{
    char *data;
    size_t len;
    int rc = w5_read_file(path, &data, &len, err);
    if (rc)
        return rc;
    for (size_t i = 0; i < len && !rc;) {
        if (data[i] == '\n') {
            rc = w5_vec_push(toks, 0);
            i++;
            continue;
        }
        if (data[i] == ' ' || data[i] == '\t' || data[i] == '\r') {
            i++;
            continue;
        }
        size_t b = i;
        while (i < len && data[i] != ' ' && data[i] != '\t' && data[i] != '\n' &&
               data[i] != '\r')
            i++;
        rc = push_chunk(toks, data + b, i - b);
    }
    free(data);
    if (rc == W5_ERR_NOMEM)
        return w5_fail(err, rc, "out of memory");
    return rc;
}

/* The words of a treebank's sentences, a break after each. */
static int read_treebank(const w5_treebank *tb, keyvec *toks)
{
    int rc = 0;
    for (size_t s = 0; s < tb->sents.n && !rc; s++) {
        for (size_t i = tb->sents.v[s].word_begin; i < tb->sents.v[s].word_end && !rc; i++) {
            const char *f = w5_tb_str(tb, tb->words.v[i].form);
            rc = push_token(toks, f, strlen(f));
        }
        if (!rc)
            rc = w5_vec_push(toks, 0);
    }
    return rc;
}

typedef struct count_key {
    uint64_t key;
    uint32_t count;
} count_key;

static int by_count(const void *a, const void *b)
{
    const count_key *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return x->key < y->key ? -1 : x->key > y->key;
}

/* Counts the tokens and keeps the max_words most frequent seen at least
 * min_count times (ids in order of frequency); *kept gets them. */
static int build_vocab(const keyvec *toks, size_t max_words, uint32_t min_count,
                       vocab *v, count_key **kept, size_t *nkept)
{
    size_t slots = 1024;
    while (slots < 2 * toks->n + 2 && slots < ((size_t)1 << 26))
        slots *= 2;
    v->keys = calloc(slots, sizeof *v->keys);
    v->count = calloc(slots, sizeof *v->count);
    v->id = calloc(slots, sizeof *v->id);
    v->mask = slots - 1;
    if (!v->keys || !v->count || !v->id)
        return W5_ERR_NOMEM;
    for (size_t i = 0; i < toks->n; i++) {
        if (!toks->v[i])
            continue;
        size_t s = vocab_slot(v, toks->v[i]);
        if (!v->keys[s]) {
            if (2 * ++v->n > slots)
                return W5_ERR_TOO_LARGE;
            v->keys[s] = toks->v[i];
        }
        v->count[s]++;
    }
    count_key *all = malloc((v->n + 1) * sizeof *all);
    if (!all)
        return W5_ERR_NOMEM;
    size_t n = 0;
    for (size_t s = 0; s < slots; s++)
        if (v->keys[s])
            all[n++] = (count_key){v->keys[s], v->count[s]};
    qsort(all, n, sizeof *all, by_count);
    size_t k = 0;
    while (k < n && k < max_words && all[k].count >= min_count) {
        v->id[vocab_slot(v, all[k].key)] = (uint32_t)k + 1;
        k++;
    }
    *kept = all;
    *nkept = k;
    return 0;
}

static float rand01(uint64_t *rng)
{
    return (float)(w5_rand_next(rng) >> 40) / (float)(1 << 24);
}

/* One (word, context) pair and its negatives: the SGNS update. */
static void sgns_pair(float *in, float *out, uint32_t dim, uint32_t w, uint32_t c,
                      const uint32_t *table, float lr, uint64_t *rng, float *grad)
{
    float *vi = in + (size_t)w * dim;
    memset(grad, 0, dim * sizeof *grad);
    for (int k = 0; k <= NEGATIVE; k++) {
        uint32_t t = k ? table[w5_rand_next(rng) >> (64 - TABLE_BITS)] : c;
        if (k && t == c)
            continue;
        float *vo = out + (size_t)t * dim, dot = 0;
        for (uint32_t d = 0; d < dim; d++)
            dot += vi[d] * vo[d];
        dot = dot > 8 ? 8 : dot < -8 ? -8 : dot;
        float g = ((k == 0) - 1 / (1 + expf(-dot))) * lr;
        for (uint32_t d = 0; d < dim; d++) {
            grad[d] += g * vo[d];
            vo[d] += g * vi[d];
        }
    }
    for (uint32_t d = 0; d < dim; d++)
        vi[d] += grad[d];
}

int w5_nn_pretrain(const char *const *files, size_t nfiles, const w5_treebank *tb,
                   const w5_nn_pretrain_opts *o, w5_nn_vectors *out, w5_error *err)
{
    memset(out, 0, sizeof *out);
    keyvec toks = {0};
    vocab v;
    memset(&v, 0, sizeof v);
    count_key *kept = NULL;
    size_t nkept = 0;
    uint32_t dim = o->dim ? o->dim : 32;
    int rc = 0;
    for (size_t f = 0; f < nfiles && !rc; f++)
        rc = read_text(files[f], &toks, err);
    if (!rc && tb && (rc = read_treebank(tb, &toks)))
        w5_fail(err, rc, "out of memory");
    if (!rc && (rc = build_vocab(&toks, o->max_words ? o->max_words : 60000,
                                 o->min_count ? o->min_count : 3, &v, &kept, &nkept)))
        w5_fail(err, rc, "word vectors: %s", w5_strerror(rc));
    if (!rc && nkept < 2)
        rc = w5_fail(err, W5_ERR_FORMAT, "word vectors: too little text");
    float *in = NULL, *outv = NULL, *grad = NULL;
    uint32_t *table = NULL, *ids = NULL;
    if (!rc) {
        in = malloc(nkept * dim * sizeof *in);
        outv = calloc(nkept * dim, sizeof *outv);
        grad = malloc(dim * sizeof *grad);
        table = malloc(((size_t)1 << TABLE_BITS) * sizeof *table);
        ids = malloc((toks.n + 1) * sizeof *ids);
        if (!in || !outv || !grad || !table || !ids)
            rc = w5_fail(err, W5_ERR_NOMEM, "out of memory");
    }
    uint64_t rng = o->seed ? o->seed : 1;
    if (!rc) {
        /* negatives drawn by count^0.75 (word2vec's table) */
        double total = 0;
        for (size_t k = 0; k < nkept; k++)
            total += pow(kept[k].count, 0.75);
        size_t k = 0, tn = (size_t)1 << TABLE_BITS;
        double upto = pow(kept[0].count, 0.75) / total;
        for (size_t t = 0; t < tn; t++) {
            table[t] = (uint32_t)k;
            if ((double)t / (double)tn > upto && k + 1 < nkept)
                upto += pow(kept[++k].count, 0.75) / total;
        }
        for (size_t i = 0; i < nkept * dim; i++)
            in[i] = (rand01(&rng) - 0.5f) / (float)dim;
        /* token ids: 0 = a break, else id + 1; left-out words vanish */
        size_t n = 0;
        double sum = 0;
        for (size_t i = 0; i < nkept; i++)
            sum += kept[i].count;
        for (size_t i = 0; i < toks.n; i++) {
            if (!toks.v[i]) {
                ids[n++] = 0;
                continue;
            }
            size_t s = vocab_slot(&v, toks.v[i]);
            if (v.id[s])
                ids[n++] = v.id[s];
        }
        int epochs = o->epochs > 0 ? o->epochs : 3;
        float lr0 = 0.025f;
        double done = 0, work = (double)epochs * (double)n;
        for (int ep = 0; ep < epochs; ep++) {
            for (size_t i = 0; i < n; i++, done++) {
                if (!ids[i])
                    continue;
                uint32_t w = ids[i] - 1;
                /* subsampling of frequent words (t = 1e-4) */
                double f = kept[w].count / sum, keep = (sqrt(f / 1e-4) + 1) * 1e-4 / f;
                if (keep < 1 && rand01(&rng) > keep)
                    continue;
                float lr = lr0 * (float)(1 - done / work);
                lr = lr < lr0 * 1e-4f ? lr0 * 1e-4f : lr;
                size_t b = 1 + (size_t)(w5_rand_next(&rng) % WINDOW);
                for (size_t j = i > b ? i - b : 0; j <= i + b && j < n; j++) {
                    if (j == i)
                        continue;
                    if (!ids[j]) { /* stop at sentence breaks */
                        if (j < i)
                            continue;
                        break;
                    }
                    sgns_pair(in, outv, dim, ids[j] - 1, w, table, lr, &rng, grad);
                }
            }
        }
        out->keys = malloc(nkept * sizeof *out->keys);
        if (!out->keys) {
            rc = w5_fail(err, W5_ERR_NOMEM, "out of memory");
        } else {
            for (size_t i = 0; i < nkept; i++)
                out->keys[i] = kept[i].key;
            out->vecs = in;
            in = NULL;
            out->n = nkept;
            out->dim = dim;
        }
    }
    free(in);
    free(outv);
    free(grad);
    free(table);
    free(ids);
    free(kept);
    free(v.keys);
    free(v.count);
    free(v.id);
    w5_vec_free(&toks);
    return rc;
}

void w5_nn_vectors_free(w5_nn_vectors *v)
{
    free(v->keys);
    free(v->vecs);
    memset(v, 0, sizeof *v);
}
