/*
 * graph_file.h - the graph parser's model sections (graph.c): writing
 * them from a trained network and reading them back, checked, into
 * floats. Parameters are stored as int8, one float scale per chunk of
 * W5_GQ_CHUNK values (a quarter of the floats' size). Unlike the
 * transition parsers' tables, which parses read straight from the mapped
 * file, the network is turned back into floats at load (four times the
 * file's size in memory, not shared between processes): its products
 * run on floats.
 */
#ifndef W5_GRAPH_FILE_H
#define W5_GRAPH_FILE_H

#include "syntax/graph.h"

enum { W5_GQ_CHUNK = 32, W5_GRAPH_VERSION = 1 };

/* The int8 storage of total floats (also the neural tagger's BiLSTM,
 * tagger_lstm.c): chunks of W5_GQ_CHUNK values, each with the scale
 * max |v| / 127 (-1 when a value is not finite). Dequantising checks every scale first (finite, in
 * [0, 1e3]): -1 when one is not, and out is left unwritten. */
size_t w5_gq_chunks(size_t total);
int w5_gq_quantise(const float *v, size_t total, int8_t *q, float *scale);
int w5_gq_dequantise(const int8_t *q, const float *scale, size_t total, float *out);

/* Writes a model file of the network d / p with its key map and (when
 * csize > 0) clusters section. */
int w5_gfile_write(const char *path, const w5_gdims *d, const w5_gparams *p,
                   const void *keys, size_t ksize, const void *clusters, size_t csize,
                   w5_error *err);
/* Reads the sections of an open parser model: d, p (p->base malloc'd,
 * the caller frees it) and views of the maps (valid while mf is open). */
int w5_gfile_read(const w5_mfile *mf, const char *path, w5_gdims *d, w5_gparams *p,
                  w5_smap *keys, w5_smap *clusters, w5_error *err);

#endif
