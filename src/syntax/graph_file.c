/*
 * graph_file.c - writing and reading the graph parser's model sections
 * (graph_file.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "syntax/graph_file.h"

/* Layout of "graph.meta" (u32 words). */
enum { GM_VERSION, GM_H, GM_LAYERS, GM_DA, GM_DL, GM_NLAB, GM_DIM,
       GM_ROWS = GM_DIM + W5_G_GROUPS, GM_WORDS = GM_ROWS + W5_G_GROUPS };

size_t w5_gq_chunks(size_t total)
{
    return (total + W5_GQ_CHUNK - 1) / W5_GQ_CHUNK;
}
#define chunks w5_gq_chunks

/* int8 values and a scale per chunk; -1 when a value is not finite (a
 * diverged network, which would load as garbage). */
int w5_gq_quantise(const float *v, size_t total, int8_t *q, float *scale)
{
    for (size_t c = 0; c < chunks(total); c++) {
        size_t b = c * W5_GQ_CHUNK, e = b + W5_GQ_CHUNK < total ? b + W5_GQ_CHUNK : total;
        float m = 0;
        for (size_t i = b; i < e; i++) {
            if (!isfinite(v[i]))
                return -1;
            m = fabsf(v[i]) > m ? fabsf(v[i]) : m;
        }
        scale[c] = m / 127.0f;
        for (size_t i = b; i < e; i++)
            q[i] = (int8_t)(m > 0 ? lrintf(v[i] / scale[c]) : 0);
    }
    return 0;
}

int w5_gfile_write(const char *path, const w5_gdims *d, const w5_gparams *p,
                   const void *keys, size_t ksize, const void *clusters, size_t csize,
                   w5_error *err)
{
    uint32_t meta[GM_WORDS] = {W5_GRAPH_VERSION, d->h, d->layers, d->da, d->dl, d->nlab};
    for (int g = 0; g < W5_G_GROUPS; g++) {
        meta[GM_DIM + g] = d->dim[g];
        meta[GM_ROWS + g] = d->rows[g];
    }
    int8_t *q = malloc(p->total ? p->total : 1);
    float *scale = malloc(chunks(p->total) * sizeof *scale + 1);
    w5_mwriter *w = w5_mwriter_new("parser");
    int rc = W5_ERR_NOMEM;
    if (q && scale && w && w5_gq_quantise(p->base, p->total, q, scale)) {
        rc = W5_ERR_INVALID;
    } else if (q && scale && w) {
        if (!w5_mwriter_add(w, "graph.meta", meta, sizeof meta) &&
            !w5_mwriter_add(w, "graph.keys", keys, ksize) &&
            !w5_mwriter_add(w, "graph.q", q, p->total) &&
            !w5_mwriter_add(w, "graph.scale", scale, chunks(p->total) * sizeof *scale) &&
            (!csize || !w5_mwriter_add(w, "clusters", clusters, csize)))
            rc = 0;
    }
    rc = rc == W5_ERR_INVALID ? w5_fail(err, rc, "writing %s: the network holds values that are not finite", path)
         : rc ? w5_fail(err, rc, "writing %s: out of memory", path)
              : w5_mwriter_save(w, path, err);
    w5_mwriter_free(w);
    free(q);
    free(scale);
    return rc;
}

/* The sizes of a meta section, refused when out of the ranges a trainer
 * makes (so a damaged file cannot ask for absurd allocations). */
static int read_dims(const uint32_t *m, w5_gdims *d)
{
    if (m[GM_VERSION] != W5_GRAPH_VERSION)
        return W5_ERR_VERSION;
    *d = (w5_gdims){.h = m[GM_H], .layers = m[GM_LAYERS], .da = m[GM_DA], .dl = m[GM_DL],
                    .nlab = m[GM_NLAB]};
    for (int g = 0; g < W5_G_GROUPS; g++) {
        d->dim[g] = m[GM_DIM + g];
        d->rows[g] = m[GM_ROWS + g];
        if (d->dim[g] == 0 || d->dim[g] > 1024 || d->rows[g] == 0 || d->rows[g] > (1u << 22))
            return W5_ERR_FORMAT;
    }
    if (d->h == 0 || d->h > 1024 || d->layers == 0 || d->layers > W5_G_MAX_LAYERS ||
        d->da == 0 || d->da > 1024 || d->dl == 0 || d->dl > 512 ||
        d->nlab != W5_DEPREL_COUNT || d->rows[W5_G_FLAGS] != W5_G_FLAG_ROWS ||
        d->rows[W5_G_XPOS] != W5_XPOS_COUNT || d->rows[W5_G_UPOS] != W5_UPOS_COUNT)
        return W5_ERR_FORMAT;
    w5_gdims_finish(d);
    return 0;
}

/* Every key's row lies inside its group's table. */
static int keys_ok(const w5_smap *keys, const w5_gdims *d)
{
    for (uint64_t s = 0; s <= keys->mask; s++) {
        const w5_smap_entry *e = &keys->slots[s];
        if (e->key && (e->b >= W5_G_HASHED || e->a >= d->rows[e->b]))
            return 0;
    }
    return 1;
}

int w5_gfile_read(const w5_mfile *mf, const char *path, w5_gdims *d, w5_gparams *p,
                  w5_smap *keys, w5_smap *clusters, w5_error *err)
{
    size_t msize, ksize, qsize, ssize, csize;
    const uint32_t *meta = w5_mfile_section(mf, "graph.meta", &msize);
    const void *kdata = w5_mfile_section(mf, "graph.keys", &ksize);
    const int8_t *q = w5_mfile_section(mf, "graph.q", &qsize);
    const float *scale = w5_mfile_section(mf, "graph.scale", &ssize);
    const void *cdata = w5_mfile_section(mf, "clusters", &csize);
    int rc = meta && msize == GM_WORDS * sizeof *meta ? read_dims(meta, d) : W5_ERR_FORMAT;
    if (rc)
        return w5_fail(err, rc, "%s: %s", path,
                       rc == W5_ERR_VERSION ? "made for another graph parser version"
                                            : "bad graph.meta section");
    memset(clusters, 0, sizeof *clusters);
    if (!kdata || w5_smap_view(kdata, ksize, keys) || !keys_ok(keys, d) ||
        (cdata && w5_smap_view(cdata, csize, clusters)))
        return w5_fail(err, W5_ERR_FORMAT, "%s: bad graph.keys or clusters section", path);
    size_t total = w5_gparams_layout(d, NULL, p);
    if (!q || !scale || qsize != total || ssize != chunks(total) * sizeof *scale)
        return w5_fail(err, W5_ERR_FORMAT, "%s: the parameters do not fit graph.meta", path);
    float *base = malloc(total * sizeof *base);
    if (!base)
        return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    if (w5_gq_dequantise(q, scale, total, base)) {
        free(base);
        return w5_fail(err, W5_ERR_FORMAT, "%s: bad scale in graph.scale", path);
    }
    w5_gparams_layout(d, base, p);
    return 0;
}

int w5_gq_dequantise(const int8_t *q, const float *scale, size_t total, float *out)
{
    for (size_t c = 0; c < chunks(total); c++)
        if (!isfinite(scale[c]) || scale[c] < 0 || scale[c] > 1e3f)
            return -1;
    for (size_t i = 0; i < total; i++)
        out[i] = (float)q[i] * scale[i / W5_GQ_CHUNK];
    return 0;
}
