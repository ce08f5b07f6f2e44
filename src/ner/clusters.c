/*
 * clusters.c - hierarchical word clusters from unlabeled text, a fast
 * stand-in for Brown clusters (whose agglomerative search takes hours on a
 * few million words).
 *
 * Flat classes first, by the exchange algorithm on the predictive class
 * bigram model of Uszkoreit & Brants (2008): P(w | v) = P(c(w) | v) P(w |
 * c(w)); moving a word between classes changes the log-likelihood
 * F = sum_{v,c} N(v,c) log N(v,c) - sum_c N(c) log N(c) by an amount that
 * needs only the counts of the word's predecessors, so a pass over the
 * vocabulary costs (bigram types) x (classes). Then the classes are merged
 * two by two, always the pair whose merge loses the least likelihood (as
 * Brown does, on the frequent predecessors only), which gives every class,
 * and so every word, a bit string: prefixes of it are clusters at several
 * granularities, used as NER features like Brown cluster prefixes.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/conll.h"
#include "ner/ner_int.h"

#define MERGE_CONTEXTS 4000 /* predecessors used when building the tree */

void w5_clusters_defaults(w5_clusters_opts *o)
{
    memset(o, 0, sizeof *o);
    o->max_words = 80000;
    o->min_count = 2;
    o->classes = 1000;
    o->passes = 10;
    o->seed = 1;
}

/* ---- vocabulary --------------------------------------------------------- */

typedef struct vocab_slot {
    uint64_t key;
    uint32_t id;
} vocab_slot;

typedef struct vocab {
    vocab_slot *slots;
    size_t mask, n;
    W5_VEC(char *) words;
    W5_VEC(uint32_t) counts;
} vocab;

static void vocab_free(vocab *v)
{
    for (size_t i = 0; i < v->words.n; i++)
        free(v->words.v[i]);
    w5_vec_free(&v->words);
    w5_vec_free(&v->counts);
    free(v->slots);
}

static int vocab_grow(vocab *v)
{
    size_t n = (v->mask + 1) * 2;
    vocab_slot *s = calloc(n, sizeof *s);
    if (!s)
        return W5_ERR_NOMEM;
    for (size_t i = 0; v->slots && i <= v->mask; i++) {
        if (!v->slots[i].key)
            continue;
        size_t j = v->slots[i].key & (n - 1);
        while (s[j].key)
            j = (j + 1) & (n - 1);
        s[j] = v->slots[i];
    }
    free(v->slots);
    v->slots = s;
    v->mask = n - 1;
    return W5_OK;
}

/* The id of word s[0..n), added if new; -1 on no memory. */
static long vocab_id(vocab *v, const char *s, size_t n)
{
    if (!v->slots || 2 * (v->n + 1) > v->mask + 1) {
        if (!v->slots)
            v->mask = 1023;
        if (vocab_grow(v))
            return -1;
    }
    uint64_t key = ner_hash(s, n) | 1;
    size_t i = key & v->mask;
    while (v->slots[i].key && v->slots[i].key != key)
        i = (i + 1) & v->mask;
    if (v->slots[i].key)
        return v->slots[i].id;
    char *copy = w5_strndup(s, n);
    if (!copy || w5_vec_push(&v->words, copy) || w5_vec_push(&v->counts, 0u)) {
        free(copy);
        return -1;
    }
    v->slots[i].key = key;
    v->slots[i].id = (uint32_t)v->n++;
    return v->slots[i].id;
}

/* ---- tokenizing raw text the way CoNLL-2003 is tokenized ---------------- */

static int is_lead_punct(char c)
{
    return c == '"' || c == '\'' || c == '(' || c == '[' || c == '`' || c == '{';
}

static int is_trail_punct(char c)
{
    return c == '"' || c == '\'' || c == ')' || c == ']' || c == ',' || c == ';' ||
           c == ':' || c == '!' || c == '?' || c == '}';
}

typedef W5_VEC(int32_t) idvec;

static int push_word(vocab *v, idvec *ids, const char *s, size_t n)
{
    if (!n)
        return 0;
    long id = vocab_id(v, s, n);
    if (id < 0 || w5_vec_push(ids, (int32_t)id))
        return W5_ERR_NOMEM;
    v->counts.v[id]++;
    return 0;
}

/* Splits one whitespace-delimited chunk into tokens. */
static int push_chunk(vocab *v, idvec *ids, const char *s, size_t n, int *end_sent)
{
    const char *e = s + n;
    while (s < e && is_lead_punct(*s)) {
        if (push_word(v, ids, s, 1))
            return W5_ERR_NOMEM;
        s++;
    }
    const char *tail = e;
    while (tail > s && (is_trail_punct(tail[-1]) || tail[-1] == '.')) {
        if (tail[-1] == '.' && memchr(s, '.', (size_t)(tail - s - 1)))
            break; /* "U.S." keeps its full stop */
        tail--;
    }
    const char *word_end = tail;
    if (word_end - s > 2 && word_end[-2] == '\'' && (word_end[-1] == 's' || word_end[-1] == 'S'))
        word_end -= 2;
    else if (word_end - s > 3 && word_end[-3] == 'n' && word_end[-2] == '\'' && word_end[-1] == 't')
        word_end -= 3;
    if (push_word(v, ids, s, (size_t)(word_end - s)) ||
        push_word(v, ids, word_end, (size_t)(tail - word_end)))
        return W5_ERR_NOMEM;
    for (const char *p = tail; p < e; p++) {
        if (push_word(v, ids, p, 1))
            return W5_ERR_NOMEM;
        if (*p == '.' || *p == '!' || *p == '?')
            *end_sent = 1;
    }
    return 0;
}

static int read_text(const char *path, vocab *v, idvec *ids, w5_error *err)
{
    char *data;
    size_t len;
    int rc = w5_read_file(path, &data, &len, err);
    if (rc)
        return rc;
    size_t i = 0;
    while (i < len) {
        while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r'))
            i++;
        if (i < len && data[i] == '\n') {
            if (ids->n && ids->v[ids->n - 1] != -1 && w5_vec_push(ids, -1))
                goto nomem;
            i++;
            continue;
        }
        size_t b = i;
        while (i < len && data[i] != ' ' && data[i] != '\t' && data[i] != '\n' &&
               data[i] != '\r')
            i++;
        int end_sent = 0;
        if (i > b && push_chunk(v, ids, data + b, i - b, &end_sent))
            goto nomem;
        if (end_sent && w5_vec_push(ids, -1))
            goto nomem;
    }
    free(data);
    return W5_OK;
nomem:
    free(data);
    return w5_fail(err, W5_ERR_NOMEM, "out of memory");
}

/* ---- vectors and splitting ---------------------------------------------- */

/* The tokens of a CoNLL file (first column), a break after each sentence. */
static int read_conll(const char *path, vocab *v, idvec *ids, w5_error *err)
{
    w5_conll c;
    int rc = w5_conll_read(path, &c, err);
    if (rc)
        return rc;
    for (size_t k = 0; k < c.lines.n && !rc; k++) {
        const w5_conll_line *l = &c.lines.v[k];
        if (l->kind == W5_CONLL_TOKEN)
            rc = push_word(v, ids, c.text + l->word_start, l->word_end - l->word_start);
        else if (ids->n && ids->v[ids->n - 1] != -1)
            rc = w5_vec_push(ids, -1);
    }
    w5_conll_free(&c);
    return rc ? w5_fail(err, W5_ERR_NOMEM, "out of memory") : W5_OK;
}

typedef struct sort_item {
    uint32_t id, count;
} sort_item;

static int cmp_count(const void *a, const void *b)
{
    const sort_item *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static inline double xlogx(double x)
{
    return x > 0 ? x * log(x) : 0;
}

/* The exchange state: bigrams grouped by second word (CSR), class counts
 * per predecessor (dense nctx_rows x K), class sizes. Word ids are
 * frequency ranks; predecessors are ranks < npred, the rest share row
 * npred, sentence starts row npred + 1. */
typedef struct exchange {
    size_t nwords, npred, k;
    uint32_t *start;      /* nwords + 1 */
    uint32_t *pred;       /* predecessor row of each bigram type */
    uint32_t *count;      /* its count */
    uint32_t *wcount;     /* per word */
    uint32_t *cls;        /* per word */
    int32_t *nvc;         /* (npred + 2) x k */
    double *nc;           /* per class */
    double *table;        /* xlogx of small integers */
    size_t table_n;
} exchange;

static inline double g(const exchange *ex, int64_t x)
{
    return (size_t)x < ex->table_n ? ex->table[x] : xlogx((double)x);
}

static void move_word(exchange *ex, size_t w, uint32_t to, int sign)
{
    for (uint32_t b = ex->start[w]; b < ex->start[w + 1]; b++)
        ex->nvc[(size_t)ex->pred[b] * ex->k + to] += sign * (int32_t)ex->count[b];
    ex->nc[to] += sign * (double)ex->wcount[w];
}

/* One pass over the words: each goes to the class that gains most. */
static size_t exchange_pass(exchange *ex, double *delta)
{
    size_t moved = 0, k = ex->k;
    for (size_t w = 0; w < ex->nwords; w++) {
        uint32_t from = ex->cls[w];
        move_word(ex, w, from, -1);
        double cw = ex->wcount[w];
        for (size_t c = 0; c < k; c++)
            delta[c] = xlogx(ex->nc[c]) - xlogx(ex->nc[c] + cw);
        for (uint32_t b = ex->start[w]; b < ex->start[w + 1]; b++) {
            const int32_t *row = ex->nvc + (size_t)ex->pred[b] * k;
            int32_t n = (int32_t)ex->count[b];
            for (size_t c = 0; c < k; c++)
                delta[c] += g(ex, row[c] + n) - g(ex, row[c]);
        }
        uint32_t best = from;
        for (size_t c = 0; c < k; c++)
            if (delta[c] > delta[best] + 1e-9)
                best = (uint32_t)c;
        move_word(ex, w, best, +1);
        if (best != from) {
            ex->cls[w] = best;
            moved++;
        }
    }
    return moved;
}

typedef struct merger {
    size_t k, rows;
    double *col;     /* k x rows: class counts per frequent predecessor */
    double *size;    /* k */
} merger;

/* Likelihood lost by merging classes a and b (>= 0). */
static double merge_loss(const merger *m, size_t a, size_t b)
{
    double loss = xlogx(m->size[a] + m->size[b]) - xlogx(m->size[a]) - xlogx(m->size[b]);
    const double *x = m->col + a * m->rows, *y = m->col + b * m->rows;
    for (size_t v = 0; v < m->rows; v++)
        if (x[v] > 0 && y[v] > 0)
            loss -= xlogx(x[v] + y[v]) - xlogx(x[v]) - xlogx(y[v]);
    return loss;
}

/* Merges the K classes into a binary tree, Brown style; bits[c] gets
 * class c's path from the root ("0110..."), at most 63 bits. */
static int build_tree(const exchange *ex, char (*bits)[64])
{
    size_t k = ex->k;
    merger m = {k, ex->npred < MERGE_CONTEXTS ? ex->npred : MERGE_CONTEXTS, NULL, NULL};
    m.col = malloc(k * m.rows * sizeof *m.col);
    m.size = malloc(k * sizeof *m.size);
    double *loss = malloc(k * k * sizeof *loss);
    int *alive = malloc(k * sizeof *alive), *node = malloc(k * sizeof *node);
    int *parent = malloc(2 * k * sizeof *parent), *bit = malloc(2 * k * sizeof *bit);
    int rc = W5_OK;
    if (!m.col || !m.size || !loss || !alive || !node || !parent || !bit) {
        rc = W5_ERR_NOMEM;
        goto done;
    }
    for (size_t c = 0; c < k; c++) {
        for (size_t v = 0; v < m.rows; v++)
            m.col[c * m.rows + v] = ex->nvc[v * k + c];
        m.size[c] = ex->nc[c];
        alive[c] = 1;
        node[c] = (int)c;
    }
    for (size_t i = 0; i < 2 * k; i++)
        parent[i] = -1, bit[i] = 0;
    for (size_t a = 0; a < k; a++)
        for (size_t b = a + 1; b < k; b++)
            loss[a * k + b] = merge_loss(&m, a, b);
    for (size_t step = 0; step + 1 < k; step++) {
        size_t ba = 0, bb = 0;
        double best = 0;
        int found = 0;
        for (size_t a = 0; a < k; a++) {
            if (!alive[a])
                continue;
            for (size_t b = a + 1; b < k; b++) {
                if (alive[b] && (!found || loss[a * k + b] < best)) {
                    best = loss[a * k + b];
                    ba = a;
                    bb = b;
                    found = 1;
                }
            }
        }
        if (!found)
            break;
        int id = (int)(k + step);
        parent[node[ba]] = id;
        bit[node[ba]] = 0;
        parent[node[bb]] = id;
        bit[node[bb]] = 1;
        node[ba] = id;
        alive[bb] = 0;
        m.size[ba] += m.size[bb];
        for (size_t v = 0; v < m.rows; v++)
            m.col[ba * m.rows + v] += m.col[bb * m.rows + v];
        for (size_t c = 0; c < k; c++) {
            if (!alive[c] || c == ba)
                continue;
            double l = merge_loss(&m, ba < c ? ba : c, ba < c ? c : ba);
            loss[(ba < c ? ba : c) * k + (ba < c ? c : ba)] = l;
        }
    }
    for (size_t c = 0; c < k; c++) {
        char rev[2 * 64];
        int n = 0;
        for (int x = (int)c; parent[x] >= 0 && n < (int)sizeof rev; x = parent[x])
            rev[n++] = (char)('0' + bit[x]);
        int len = n < 63 ? n : 63;
        for (int i = 0; i < len; i++)
            bits[c][i] = rev[n - 1 - i];
        if (!len)
            bits[c][len++] = '0';
        bits[c][len] = '\0';
    }
done:
    free(m.col);
    free(m.size);
    free(loss);
    free(alive);
    free(node);
    free(parent);
    free(bit);
    return rc;
}

static void exchange_free(exchange *ex)
{
    free(ex->start);
    free(ex->pred);
    free(ex->count);
    free(ex->wcount);
    free(ex->cls);
    free(ex->nvc);
    free(ex->nc);
    free(ex->table);
}

/* Bigram counts (predecessor row, word) of the clustered words. */
static int exchange_init(exchange *ex, const idvec *ids, const int32_t *rank,
                         const sort_item *order, size_t nwords, size_t k)
{
    memset(ex, 0, sizeof *ex);
    ex->nwords = nwords;
    ex->npred = nwords;
    ex->k = k;
    W5_VEC(uint64_t) pairs = {0};
    for (size_t i = 0; i < ids->n; i++) {
        if (ids->v[i] < 0 || (size_t)rank[ids->v[i]] >= nwords)
            continue;
        uint64_t row = nwords + 1;
        if (i > 0 && ids->v[i - 1] >= 0) {
            size_t r = (size_t)rank[ids->v[i - 1]];
            row = r < nwords ? r : nwords;
        }
        if (w5_vec_push(&pairs, (uint64_t)rank[ids->v[i]] << 32 | row))
            goto nomem;
    }
    qsort(pairs.v, pairs.n, sizeof *pairs.v, cmp_u64);
    size_t types = 0;
    for (size_t i = 0; i < pairs.n; i++)
        types += i == 0 || pairs.v[i] != pairs.v[i - 1];
    ex->start = calloc(nwords + 1, sizeof *ex->start);
    ex->pred = malloc((types ? types : 1) * sizeof *ex->pred);
    ex->count = malloc((types ? types : 1) * sizeof *ex->count);
    ex->wcount = calloc(nwords, sizeof *ex->wcount);
    ex->cls = malloc(nwords * sizeof *ex->cls);
    ex->nvc = calloc((nwords + 2) * k, sizeof *ex->nvc);
    ex->nc = calloc(k, sizeof *ex->nc);
    ex->table_n = 1u << 20;
    ex->table = malloc(ex->table_n * sizeof *ex->table);
    if (!ex->start || !ex->pred || !ex->count || !ex->wcount || !ex->cls || !ex->nvc ||
        !ex->nc || !ex->table)
        goto nomem;
    for (size_t x = 0; x < ex->table_n; x++)
        ex->table[x] = xlogx((double)x);
    size_t t = 0;
    for (size_t i = 0; i < pairs.n;) {
        size_t e = i + 1;
        while (e < pairs.n && pairs.v[e] == pairs.v[i])
            e++;
        size_t w = (size_t)(pairs.v[i] >> 32);
        ex->pred[t] = (uint32_t)(pairs.v[i] & 0xFFFFFFFFu);
        ex->count[t] = (uint32_t)(e - i);
        ex->start[w + 1] = (uint32_t)(t + 1);
        t++;
        i = e;
    }
    for (size_t w = 0; w < nwords; w++) {
        if (ex->start[w + 1] < ex->start[w])
            ex->start[w + 1] = ex->start[w];
        ex->wcount[w] = order[w].count;
        ex->cls[w] = (uint32_t)(w % k);
        move_word(ex, w, ex->cls[w], +1);
    }
    w5_vec_free(&pairs);
    return W5_OK;
nomem:
    w5_vec_free(&pairs);
    exchange_free(ex);
    return W5_ERR_NOMEM;
}

int w5_clusters_build(const w5_clusters_opts *o, w5_error *err)
{
    vocab v;
    idvec ids = {0};
    memset(&v, 0, sizeof v);
    exchange ex;
    memset(&ex, 0, sizeof ex);
    sort_item *order = NULL;
    int32_t *rank = NULL;
    double *delta = NULL;
    char (*bits)[64] = NULL;
    int rc = W5_OK;
    char msg[256];
    for (size_t f = 0; f < o->ninputs; f++) {
        if ((rc = read_text(o->inputs[f], &v, &ids, err)))
            goto done;
        if (w5_vec_push(&ids, -1))
            goto nomem;
    }
    for (size_t f = 0; f < o->nconll; f++) {
        if ((rc = read_conll(o->conll_inputs[f], &v, &ids, err)))
            goto done;
        if (w5_vec_push(&ids, -1))
            goto nomem;
    }
    if (o->progress) {
        snprintf(msg, sizeof msg, "%zu tokens, %zu distinct words", ids.n, v.n);
        o->progress(o->progress_ctx, msg);
    }
    order = malloc((v.n ? v.n : 1) * sizeof *order);
    rank = malloc((v.n ? v.n : 1) * sizeof *rank);
    if (!order || !rank)
        goto nomem;
    for (size_t i = 0; i < v.n; i++)
        order[i] = (sort_item){(uint32_t)i, v.counts.v[i]};
    qsort(order, v.n, sizeof *order, cmp_count);
    size_t nwords = 0;
    while (nwords < v.n && nwords < o->max_words && order[nwords].count >= o->min_count)
        nwords++;
    size_t k = o->classes;
    if (nwords < 2 * k) {
        rc = w5_fail(err, W5_ERR_FORMAT, "too little text: %zu words for %zu classes",
                     nwords, k);
        goto done;
    }
    for (size_t i = 0; i < v.n; i++)
        rank[order[i].id] = (int32_t)i;
    if (exchange_init(&ex, &ids, rank, order, nwords, k))
        goto nomem;
    delta = malloc(k * sizeof *delta);
    bits = malloc(k * sizeof *bits);
    if (!delta || !bits)
        goto nomem;
    for (int pass = 1; pass <= o->passes; pass++) {
        size_t moved = exchange_pass(&ex, delta);
        if (o->progress) {
            snprintf(msg, sizeof msg, "pass %d: %zu of %zu words moved", pass, moved, nwords);
            o->progress(o->progress_ctx, msg);
        }
        if (moved * 1000 < nwords)
            break;
    }
    if (build_tree(&ex, bits))
        goto nomem;
    FILE *out = fopen(o->out_path, "w");
    if (!out) {
        rc = w5_fail(err, W5_ERR_IO, "%s: cannot write", o->out_path);
        goto done;
    }
    for (size_t c = 0; c < k; c++)
        for (size_t w = 0; w < nwords; w++)
            if (ex.cls[w] == c)
                fprintf(out, "%s\t%s\t%u\n", bits[c], v.words.v[order[w].id], order[w].count);
    if (fclose(out) != 0)
        rc = w5_fail(err, W5_ERR_IO, "%s: write error", o->out_path);
    if (!rc && o->progress) {
        snprintf(msg, sizeof msg, "wrote %zu words in %zu classes to %s", nwords, k, o->out_path);
        o->progress(o->progress_ctx, msg);
    }
    goto done;
nomem:
    rc = w5_fail(err, W5_ERR_NOMEM, "out of memory");
done:
    vocab_free(&v);
    w5_vec_free(&ids);
    exchange_free(&ex);
    free(order);
    free(rank);
    free(delta);
    free(bits);
    return rc;
}
