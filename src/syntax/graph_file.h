/*
 * graph_file.h - the graph parser's model sections (graph.c): writing
 * them from a trained network and reading them back, checked, into
 * floats. Parameters are stored as int8, one float scale per chunk of
 * W5_GQ_CHUNK values (a quarter of the floats' size; parses agree with
 * the unquantised network on all but a few arcs in ten thousand).
 */
#ifndef W5_GRAPH_FILE_H
#define W5_GRAPH_FILE_H

#include "syntax/graph.h"

enum { W5_GQ_CHUNK = 32, W5_GRAPH_VERSION = 1 };

/* Writes a model file of the network d / p with its key map and (when
 * csize > 0) clusters section. */
int w5_gfile_write(const char *path, const w5_gdims *d, const w5_gparams *p,
                   const void *keys, size_t ksize, const void *clusters, size_t csize,
                   w5_error *err);
/* Reads the sections of an open parser model: d, p (p->base malloc'd,
 * the caller frees it) and views of the maps (valid while mf is open). */
int w5_gfile_read(const w5_mfile *mf, const char *path, w5_gdims *d, w5_gparams *p,
                  w5_smap *keys, w5_smap *clusters, w5_error *err);

/* The values of a word's hashed groups (and its flags, W5_G_FLAGS) and
 * the key of a group's value in the key map (graph.c). */
void w5_graph_values(const w5_smap *clusters, const w5_span *word, uint64_t *v);
uint64_t w5_graph_key(unsigned group, uint64_t value);
/* w5_graph_rows with a key map and clusters of one's own (training). */
void w5_graph_rows_with(const w5_smap *keys, const w5_smap *clusters, const w5_span *words,
                        const uint8_t *upos, const uint8_t *xpos, size_t n, uint32_t *rows);
/* Tree and relations of n words after w5_gnet_forward (graph.c). */
int w5_graph_decode(const w5_gdims *d, const w5_gparams *p, const w5_gkern *k,
                    w5_gwork *w, size_t n, int32_t *heads, uint8_t *deprels);

#endif
