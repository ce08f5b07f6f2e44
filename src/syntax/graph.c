/*
 * graph.c - the graph parser at run time (graph.h): the words' embedding
 * rows, loading a model and parsing a sentence.
 *
 * Model sections (besides the "parser" stage header):
 *   graph.meta   u32: version, h, layers, da, dl, nlab, dim[groups], rows[groups]
 *   graph.keys   map: w5_f1(group + 1, value) -> a = row, b = group
 *   graph.q      int8 parameters, graph.scale one float per W5_GQ_CHUNK of them
 *   clusters     map: w5_parser_word_hash | 1 -> a = bit path, b = depth (optional)
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "syntax/graph.h"
#include "syntax/graph_file.h"

struct w5_graph {
    w5_gdims d;
    w5_gparams p;
    w5_gkern k;
    w5_smap keys, clusters;
};

/* Spelling flags: capitalised, all capitals, a digit, a hyphen, no letter. */
static uint32_t word_flags(const char *s, size_t len)
{
    int upper = 0, lower = 0, digit = 0, hyphen = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        upper += c >= 'A' && c <= 'Z';
        lower += (c >= 'a' && c <= 'z') || c >= 0x80;
        digit += c >= '0' && c <= '9';
        hyphen += c == '-';
    }
    uint32_t f = 0;
    f |= len && s[0] >= 'A' && s[0] <= 'Z' ? 1u : 0;
    f |= upper > 1 && !lower ? 2u : 0;
    f |= digit ? 4u : 0;
    f |= hyphen ? 8u : 0;
    f |= !upper && !lower ? 16u : 0;
    return f;
}

void w5_graph_values(const w5_smap *clusters, const w5_span *word, uint64_t *v)
{
    const char *s = word->s;
    size_t len = word->len;
    uint64_t wk = w5_parser_word_hash(s, len);
    v[W5_G_WORD] = wk;
    char low[3];
    size_t m = len < 3 ? len : 3;
    for (size_t i = 0; i < m; i++) {
        char c = s[len - m + i];
        low[i] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
    }
    v[W5_G_SFX] = w5_hash_bytes(low, m, 31);
    const w5_smap_entry *e = clusters->slots ? w5_smap_get(clusters, wk | 1) : NULL;
    uint32_t cl = e ? e->a | e->b << 24 : 0;
    v[W5_G_CL_SHORT] = e ? w5_cluster_prefix(cl, 8) : 1;
    v[W5_G_CL_LONG] = e ? w5_cluster_prefix(cl, 16) : 1;
    v[W5_G_FLAGS] = word_flags(s, len);
}

uint64_t w5_graph_key(unsigned group, uint64_t value)
{
    uint64_t k = w5_f1(group + 1, value);
    return k ? k : 1;
}

static void rows_of(const w5_smap *keys, const w5_smap *clusters, const w5_span *words,
                    const uint8_t *upos, const uint8_t *xpos, size_t n, uint32_t *rows)
{
    for (size_t i = 0; i < n; i++) {
        uint64_t v[W5_G_GROUPS];
        uint32_t *r = rows + i * W5_G_GROUPS;
        w5_graph_values(clusters, &words[i], v);
        for (unsigned g = 0; g < W5_G_HASHED; g++) {
            const w5_smap_entry *e = w5_smap_get(keys, w5_graph_key(g, v[g]));
            /* a damaged file's key of another group would index past
             * this group's table */
            r[g] = e && e->b == g ? e->a : 0;
        }
        r[W5_G_FLAGS] = (uint32_t)v[W5_G_FLAGS];
        r[W5_G_XPOS] = xpos[i] < W5_XPOS_COUNT ? xpos[i] : 0;
        r[W5_G_UPOS] = upos[i] < W5_UPOS_COUNT ? upos[i] : 0;
    }
}

void w5_graph_rows(const w5_graph *g, const w5_span *words, const uint8_t *upos,
                   const uint8_t *xpos, size_t n, uint32_t *rows)
{
    rows_of(&g->keys, &g->clusters, words, upos, xpos, n, rows);
}

void w5_graph_rows_with(const w5_smap *keys, const w5_smap *clusters, const w5_span *words,
                        const uint8_t *upos, const uint8_t *xpos, size_t n, uint32_t *rows)
{
    rows_of(keys, clusters, words, upos, xpos, n, rows);
}

/* ---- parsing ------------------------------------------------------------------ */

/* Log-softmax of each word's head scores (the tree maximises their sum),
 * kept at -1000 or above (NaN too) so that no word's candidates differ
 * by anything near the root penalty of w5_max_tree, which keeps the
 * tree to one root: even a damaged model's infinities cannot break it. */
static void log_normalise(float *s, size_t n)
{
    size_t n1 = n + 1;
    for (size_t i = 0; i < n; i++) {
        float *si = s + i * n1, m = -INFINITY, z = 0;
        for (size_t j = 0; j < n1; j++)
            m = si[j] > m ? si[j] : m;
        for (size_t j = 0; j < n1; j++)
            z += si[j] == -INFINITY ? 0 : expf(si[j] - m);
        float lz = m + logf(z);
        for (size_t j = 0; j < n1; j++) {
            float v = si[j] - lz;
            si[j] = si[j] == -INFINITY ? -1e30f : v >= -1e3f ? v : -1e3f;
        }
    }
}

int w5_graph_decode(const w5_gdims *d, const w5_gparams *p, const w5_gkern *k,
                    w5_gwork *w, size_t n, int32_t *heads, uint8_t *deprels)
{
    log_normalise(w->s, n);
    int rc = w5_max_tree(w->s, n, 16, heads);
    if (rc)
        return rc;
    float *sc = w->tmp + d->dl;
    for (size_t i = 0; i < n; i++) {
        w5_gnet_label_scores(d, p, k, w, i, heads[i] < 0 ? 0 : (size_t)heads[i] + 1, sc);
        uint32_t best = 1; /* 0 is no relation */
        for (uint32_t c = 2; c < d->nlab; c++)
            best = sc[c] > sc[best] ? c : best;
        /* the root word's relation is root, others' never */
        if (heads[i] < 0) {
            best = W5_DEP_ROOT;
        } else if (best == W5_DEP_ROOT) {
            best = 1;
            for (uint32_t c = 1; c < d->nlab; c++)
                if (c != W5_DEP_ROOT && sc[c] > sc[best])
                    best = c;
        }
        deprels[i] = (uint8_t)best;
    }
    return 0;
}

/* One piece of at most W5_GRAPH_MAX_WORDS words, in the caller's
 * scratch (w reserved and rows sized for that many). */
static int parse_piece(const w5_graph *g, const w5_span *words, const uint8_t *upos,
                       const uint8_t *xpos, size_t n, int32_t *heads, uint8_t *deprels,
                       w5_gwork *w, uint32_t *rows)
{
    rows_of(&g->keys, &g->clusters, words, upos, xpos, n, rows);
    w5_gnet_forward(&g->d, &g->p, &g->k, rows, n, w, NULL);
    return w5_graph_decode(&g->d, &g->p, &g->k, w, n, heads, deprels);
}

int w5_graph_parse(const w5_graph *g, const w5_span *words, const uint8_t *upos,
                   const uint8_t *xpos, size_t n, int32_t *heads, uint8_t *deprels)
{
    /* Long sentences (lists, tables, junk) are parsed in pieces, each
     * piece's root hanging from the first piece's: the arcs are
     * quadratic in the length. */
    size_t most = n < W5_GRAPH_MAX_WORDS ? n : W5_GRAPH_MAX_WORDS;
    w5_gwork w = {0};
    uint32_t *rows = malloc((most + 1) * W5_G_GROUPS * sizeof *rows);
    int rc = rows && !w5_gwork_reserve(&w, &g->d, most) ? 0 : W5_ERR_NOMEM;
    int32_t first_root = -1;
    for (size_t b = 0; b < n && !rc; b += W5_GRAPH_MAX_WORDS) {
        size_t m = n - b < W5_GRAPH_MAX_WORDS ? n - b : W5_GRAPH_MAX_WORDS;
        rc = parse_piece(g, words + b, upos + b, xpos + b, m, heads + b, deprels + b, &w, rows);
        for (size_t i = b; i < b + m && !rc; i++) {
            if (heads[i] >= 0) {
                heads[i] += (int32_t)b;
            } else if (first_root < 0) {
                first_root = (int32_t)i;
            } else {
                heads[i] = first_root;
                deprels[i] = W5_DEP_PARATAXIS;
            }
        }
    }
    free(rows);
    w5_gwork_free(&w);
    return rc;
}

/* ---- loading ------------------------------------------------------------------ */

void w5_graph_free(w5_graph *g)
{
    if (!g)
        return;
    free(g->p.base);
    free(g);
}

int w5_graph_from_mfile(const w5_mfile *mf, const char *path, w5_graph **out,
                        w5_error *err)
{
    *out = NULL;
    w5_graph *g = calloc(1, sizeof *g);
    if (!g)
        return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    int rc = w5_gfile_read(mf, path, &g->d, &g->p, &g->keys, &g->clusters, err);
    if (rc) {
        w5_graph_free(g);
        return rc;
    }
    w5_gkern_pick(&g->k);
    *out = g;
    return 0;
}
