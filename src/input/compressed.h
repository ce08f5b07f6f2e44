/*
 * compressed.h - reading input files that may be compressed.
 *
 * A w5_instream reads a file (or standard input) as plain bytes, whatever
 * it is stored as: the format is found from the first bytes, not the name
 * (gzip 1F 8B, zstd 28 B5 2F FD, anything else plain), so "news.jsonl.gz"
 * and a gzip file without the suffix both work. Decompression streams in
 * fixed-size blocks, so memory stays flat on huge JSONL files read line by
 * line. Concatenated gzip members and zstd frames are read in sequence.
 * Broken or truncated compressed data is an error (W5_ERR_FORMAT), never
 * silently short input.
 */
#ifndef W5_COMPRESSED_H
#define W5_COMPRESSED_H

#include <stddef.h>
#include <stdio.h>

#include "w5.h"

typedef struct w5_instream w5_instream;

typedef enum w5_compression {
    W5_COMPRESSION_NONE = 0,
    W5_COMPRESSION_GZIP,
    W5_COMPRESSION_ZSTD
} w5_compression;

/* Opens `path` ("-" for standard input). Free with w5_instream_close. */
int w5_instream_open(const char *path, w5_instream **out, w5_error *err);
/* Reads from an open FILE the caller keeps owning (closes nothing). */
int w5_instream_from_file(FILE *f, w5_instream **out, w5_error *err);
void w5_instream_close(w5_instream *s);

/* The compression found at the start of the stream. */
w5_compression w5_instream_compression(const w5_instream *s);

/* The next line, with its '\n' if it has one. *line points into the
 * stream's buffer and stays valid until the next call. Returns 1 for a
 * line, 0 at the end, or a negative w5_status. */
int w5_instream_getline(w5_instream *s, const char **line, size_t *len,
                        w5_error *err);

/* Reads everything left into a malloc'd NUL-terminated buffer the
 * caller frees. Fails with W5_ERR_TOO_LARGE past `max` bytes. */
int w5_instream_read_all(w5_instream *s, size_t max, char **data,
                         size_t *len, w5_error *err);

/* Decompresses a whole buffer (any of the formats above) into a malloc'd
 * NUL-terminated buffer; a plain buffer is copied. */
int w5_decompress(const void *data, size_t len, size_t max, char **out,
                  size_t *out_len, w5_error *err);

/* 1 when the name ends in ".gz" or ".zst"; *stem_len gets the length of
 * the name without that suffix. */
int w5_compressed_name(const char *name, size_t *stem_len);

#endif
