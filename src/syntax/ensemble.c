/*
 * ensemble.c - reparsing (Sagae & Lavie 2006): the parses of several
 * parsers of one sentence combined into one tree. Every arc a parser
 * proposes gets its parser's weight as a vote; the tree is the maximum
 * spanning tree of the voted arcs (Chu-Liu/Edmonds), so it holds the
 * arcs most parsers agree on while staying a tree, and each arc's
 * relation is the one most of the votes for the arc carry.
 */
#include <stdlib.h>
#include <string.h>

#include "syntax/syntax_int.h"

/* A voted arc h -> d (h = n: the root) and its summed weight. */
typedef struct varc {
    int32_t h, d;
    double w;
} varc;

/* The arcs of the contracted graph of one level of Chu-Liu/Edmonds:
 * ends renumbered, weight adjusted, and the arc of the level above (or
 * the voted arc, at the top) each stands for. */
typedef struct carc {
    int32_t h, d;
    double w;
    int32_t up;
} carc;

/* The maximum spanning arborescence rooted at `root` of the graph of
 * nn nodes and arcs a[0..na) (every node but the root has an arc in; at
 * equal weights the earlier arc wins): pick[v] = the arc into v (index
 * into a), pick[root] = -1. Cycles of the best arcs in are contracted
 * into one node each and the smaller graph solved the same way; the arc
 * that enters a cycle there breaks it here. */
static int cle_solve(int32_t nn, int32_t root, const carc *a, size_t na,
                     int32_t *pick)
{
    int rc = W5_ERR_NOMEM;
    int32_t *best = malloc((size_t)nn * sizeof *best);
    int32_t *comp = malloc((size_t)nn * sizeof *comp);
    int32_t *mark = malloc((size_t)nn * sizeof *mark);
    uint8_t *in_cycle = calloc((size_t)nn, 1);
    carc *sub = NULL;
    int32_t *subpick = NULL;
    if (!best || !comp || !mark || !in_cycle)
        goto out;
    for (int32_t v = 0; v < nn; v++)
        best[v] = -1;
    for (size_t i = 0; i < na; i++)
        if (a[i].d != root && a[i].h != a[i].d &&
            (best[a[i].d] < 0 || a[i].w > a[best[a[i].d]].w))
            best[a[i].d] = (int32_t)i;
    for (int32_t v = 0; v < nn; v++) {
        if (v != root && best[v] < 0) {
            rc = W5_ERR_INVALID; /* no arc into v: no tree */
            goto out;
        }
        comp[v] = -1;
        mark[v] = -1;
    }
    /* the cycles of the best arcs: walk up from each node, marking the
     * walk; meeting the walk's own mark closes a cycle */
    int32_t ncomp = 0;
    for (int32_t v = 0; v < nn; v++) {
        int32_t u = v;
        while (u != root && mark[u] < 0) {
            mark[u] = v;
            u = a[best[u]].h;
        }
        if (u == root || mark[u] != v || comp[u] >= 0)
            continue;
        for (int32_t c = u;;) {
            comp[c] = ncomp;
            in_cycle[c] = 1;
            c = a[best[c]].h;
            if (c == u)
                break;
        }
        ncomp++;
    }
    if (ncomp == 0) {
        for (int32_t v = 0; v < nn; v++)
            pick[v] = v == root ? -1 : best[v];
        rc = 0;
        goto out;
    }
    for (int32_t v = 0; v < nn; v++)
        if (comp[v] < 0)
            comp[v] = ncomp++;
    size_t ns = 0;
    sub = malloc((na + 1) * sizeof *sub);
    subpick = malloc((size_t)ncomp * sizeof *subpick);
    if (!sub || !subpick)
        goto out;
    for (size_t i = 0; i < na; i++) {
        int32_t h = comp[a[i].h], d = comp[a[i].d];
        if (h == d || a[i].d == root)
            continue;
        /* entering a cycle at d replaces d's best arc in it */
        double w = a[i].w - (in_cycle[a[i].d] ? a[best[a[i].d]].w : 0);
        sub[ns++] = (carc){h, d, w, (int32_t)i};
    }
    if ((rc = cle_solve(ncomp, comp[root], sub, ns, subpick)))
        goto out;
    for (int32_t v = 0; v < nn; v++)
        pick[v] = v == root ? -1 : in_cycle[v] ? best[v] : -1;
    for (int32_t c = 0; c < ncomp; c++) {
        if (subpick[c] < 0)
            continue;
        int32_t i = sub[subpick[c]].up;
        pick[a[i].d] = i;
    }
    rc = 0;
out:
    free(best);
    free(comp);
    free(mark);
    free(in_cycle);
    free(sub);
    free(subpick);
    return rc;
}

/* The root word: the one most weight puts there; at equal weights the
 * first parser's root. */
static int32_t vote_root(const int32_t *const *heads, const float *weights,
                         size_t k, size_t n, double *vote)
{
    memset(vote, 0, n * sizeof *vote);
    for (size_t m = 0; m < k; m++)
        for (size_t d = 0; d < n; d++)
            if (heads[m][d] < 0)
                vote[d] += weights[m];
    int32_t root = -1;
    for (size_t d = 0; d < n; d++)
        if (heads[0][d] < 0)
            root = (int32_t)d;
    for (size_t d = 0; d < n; d++)
        if (root < 0 || vote[d] > vote[root])
            root = (int32_t)d;
    return root;
}

/* The relation of the arc h -> d: the one with the most weight among the
 * parsers that made that arc, at equal weights the first's. */
static uint8_t vote_label(const int32_t *const *heads,
                          const uint8_t *const *labels, const float *weights,
                          size_t k, int32_t h, size_t d)
{
    double w[256] = {0};
    int best = -1;
    for (size_t m = 0; m < k; m++) {
        if (heads[m][d] != h)
            continue;
        uint8_t l = labels[m][d];
        w[l] += weights[m];
        if (best < 0 || w[l] > w[best])
            best = l;
    }
    return (uint8_t)(best < 0 ? 0 : best);
}

int w5_arc_vote(const int32_t *const *heads, const uint8_t *const *labels,
                const float *weights, size_t k, size_t n, int32_t *out_heads,
                uint8_t *out_labels)
{
    if (k == 0 || n == 0)
        return k ? 0 : W5_ERR_INVALID;
    if (n >= INT32_MAX / 2)
        return W5_ERR_TOO_LARGE;
    int32_t nn = (int32_t)n + 1, root_node = (int32_t)n;
    carc *arcs = malloc((k * n + 1) * sizeof *arcs);
    int32_t *pick = malloc((size_t)nn * sizeof *pick);
    double *vote = malloc(n * sizeof *vote);
    int rc = W5_ERR_NOMEM;
    if (!arcs || !pick || !vote)
        goto out;
    /* Only the root word's root arc is kept, so the tree has one root.
     * A tree of the candidates exists: the parser whose root it is
     * proposed one. */
    int32_t root = vote_root(heads, weights, k, n, vote);
    size_t na = 0;
    arcs[na++] = (carc){root_node, root, vote[root], -1};
    for (size_t d = 0; d < n; d++) {
        /* each distinct head once, the first parser's first: it wins ties */
        size_t first = na;
        for (size_t m = 0; m < k; m++) {
            int32_t h = heads[m][d];
            if (h < 0 || h >= (int32_t)n || h == (int32_t)d)
                continue;
            size_t j = first;
            while (j < na && arcs[j].h != h)
                j++;
            if (j == na)
                arcs[na++] = (carc){h, (int32_t)d, 0, -1};
            arcs[j].w += weights[m];
        }
    }
    rc = cle_solve(nn, root_node, arcs, na, pick);
    if (rc == W5_ERR_INVALID) {
        /* some parser proposed no tree (cannot happen with w5's parsers):
         * the first parser's parse stands */
        memcpy(out_heads, heads[0], n * sizeof *out_heads);
        memcpy(out_labels, labels[0], n);
        rc = 0;
        goto out;
    }
    if (rc)
        goto out;
    for (size_t d = 0; d < n; d++) {
        int32_t h = arcs[pick[d]].h;
        out_heads[d] = h == root_node ? -1 : h;
        out_labels[d] = vote_label(heads, labels, weights, k, out_heads[d], d);
    }
out:
    free(arcs);
    free(pick);
    free(vote);
    return rc;
}

/* A word's candidate heads: the root, and its best `keep` word heads. */
static size_t candidate_arcs(const float *si, size_t n, size_t d, size_t keep, carc *out)
{
    /* Every root arc is penalised by the same amount, so a tree with one
     * root arc always beats one with more; as every word may hang from
     * the root, a tree of the candidates exists. */
    const double root_penalty = 1e6;
    int32_t root_node = (int32_t)n;
    size_t na = 0;
    out[na++] = (carc){root_node, (int32_t)d, (double)si[0] - root_penalty, -1};
    for (size_t j = 1; j <= n; j++) {
        if (j == d + 1)
            continue;
        double w = si[j];
        if (na <= keep) {
            out[na++] = (carc){(int32_t)j - 1, (int32_t)d, w, -1};
            continue;
        }
        size_t worst = 1;
        for (size_t c = 2; c < na; c++)
            if (out[c].w < out[worst].w)
                worst = c;
        if (w > out[worst].w)
            out[worst] = (carc){(int32_t)j - 1, (int32_t)d, w, -1};
    }
    return na;
}

int w5_max_tree(const float *s, size_t n, size_t keep, int32_t *heads)
{
    if (n == 0)
        return 0;
    if (n >= INT32_MAX / 2 || keep == 0)
        return n >= INT32_MAX / 2 ? W5_ERR_TOO_LARGE : W5_ERR_INVALID;
    keep = keep < n ? keep : n;
    int32_t nn = (int32_t)n + 1;
    carc *arcs = malloc(n * (keep + 1) * sizeof *arcs);
    int32_t *pick = malloc((size_t)nn * sizeof *pick);
    int rc = W5_ERR_NOMEM;
    if (arcs && pick) {
        size_t na = 0;
        for (size_t d = 0; d < n; d++)
            na += candidate_arcs(s + d * (n + 1), n, d, keep, arcs + na);
        rc = cle_solve(nn, (int32_t)n, arcs, na, pick);
        int32_t root = -1;
        for (size_t d = 0; d < n && !rc; d++) {
            int32_t h = arcs[pick[d]].h;
            heads[d] = h == (int32_t)n ? -1 : h;
            /* scores far apart (NaN, or beyond the penalty) could leave
             * several roots: the first stays, the others hang from it */
            if (heads[d] < 0 && root >= 0)
                heads[d] = root;
            else if (heads[d] < 0)
                root = (int32_t)d;
        }
    }
    free(arcs);
    free(pick);
    return rc;
}
