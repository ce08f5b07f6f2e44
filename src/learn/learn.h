/*
 * learn.h - the learning core every statistical stage shares: hashed
 * sparse features, an averaged perceptron for training, a compact
 * quantised linear model for use, and the one binary model file format.
 *
 * Why this design
 * ---------------
 * Features are 64-bit hashes the stage computes from strings
 * (w5_hash_bytes / w5_hash_mix in util.h), so no feature dictionary has to
 * be built, stored or looked up by string. Training (w5_ap) keeps, per
 * feature, a dense row of `nclass` float weights plus the sums needed for
 * averaging (lazy, timestamped, as in Collins 2002 / Daume's trick), in an
 * open-addressing table. The trained model (w5_linear) keeps only the
 * averaged weights, pruned (features whose every |weight| is small, or
 * that took part in few updates, are dropped) and quantised to int16 with
 * one scale per model, in an open-addressing table of 32-bit keys that is
 * stored in the model file exactly as in memory: loading maps the file
 * and scores in place.
 *
 * Stages with many classes (a labelled parser) should factor them (e.g.
 * transition + label) so that rows stay short.
 *
 * Model files
 * -----------
 * A model file is a header plus named sections:
 *   header (64 bytes): magic "W5MODEL\0", u32 format version, u32 section
 *   count, char stage[16] (NUL-padded: "ner", "tagger", "parser", ...),
 *   u64 file size, u64 checksum (FNV-1a 64 over every byte after the
 *   header), 16 bytes reserved (zero);
 *   section table: per section char name[24], u64 offset, u64 size;
 *   section data, each starting on a 64-byte boundary.
 * All integers little-endian. w5_mfile_open() checks magic, version,
 * stage, size, checksum and every section's bounds before handing out a
 * pointer, so a truncated, corrupted or foreign file gives an error,
 * never a crash.
 *
 * Thread safety: a w5_linear and a w5_mfile are read-only after creation
 * and may be shared by threads; a w5_ap is used by one thread.
 */
#ifndef W5_LEARN_H
#define W5_LEARN_H

#include <stddef.h>
#include <stdint.h>

#include "util/util.h"

#define W5_MODEL_FORMAT_VERSION 1

/* ---- training: averaged perceptron -------------------------------------- */

typedef struct w5_ap w5_ap;

/* A trainable model with nclass classes (1..65535). NULL on no memory. */
w5_ap *w5_ap_new(uint32_t nclass);
void w5_ap_free(w5_ap *ap);
uint32_t w5_ap_nclass(const w5_ap *ap);

/* scores[c] = sum over the features of the current weight w[f][c].
 * Unknown features add nothing. scores has nclass entries. */
void w5_ap_score(const w5_ap *ap, const uint64_t *feats, size_t nfeat,
                 float *scores);

/* The perceptron update for one decision: for every feature,
 * w[f][truth] += delta and w[f][guess] -= delta (no-op if truth==guess).
 * Returns 0 or W5_ERR_NOMEM. */
int w5_ap_update(w5_ap *ap, const uint64_t *feats, size_t nfeat,
                 uint32_t truth, uint32_t guess, float delta);

/* One side of an update: w[f][cls] += delta for every feature (global
 * training of structured models, whose two paths differ in features).
 * Returns 0 or W5_ERR_NOMEM. */
int w5_ap_add(w5_ap *ap, const uint64_t *feats, size_t nfeat, uint32_t cls,
              float delta);
/* Advances the averaging clock: call once per training decision (or per
 * instance) whether or not it updated. */
void w5_ap_tick(w5_ap *ap);

/* Number of distinct features seen in updates. */
size_t w5_ap_feature_count(const w5_ap *ap);

/* ---- the trained, compact model ----------------------------------------- */

typedef struct w5_linear w5_linear;

typedef struct w5_compile_opts {
    /* Drop a feature when max_c |avg w[f][c]| is below this. */
    float min_weight;
    /* Drop a feature that took part in fewer updates than this. */
    uint32_t min_updates;
} w5_compile_opts;

/* The averaged, pruned, quantised model of the current training state.
 * Non-destructive: training may continue afterwards (used for early
 * stopping: compile after each epoch, score dev, keep the best). */
int w5_ap_compile(const w5_ap *ap, const w5_compile_opts *opts,
                  w5_linear **out);

/* The mean of the averaged weights of naps models trained alike (say
 * with other shuffles), pruned as w5_ap_compile does (min_updates then
 * counts the mean number of updates). */
int w5_ap_compile_mean(const w5_ap *const *aps, size_t naps,
                       const w5_compile_opts *opts, w5_linear **out);

void w5_linear_free(w5_linear *lin);
uint32_t w5_linear_nclass(const w5_linear *lin);
size_t w5_linear_feature_count(const w5_linear *lin);

/* scores[c] = sum of weights of the known features (nclass entries). */
void w5_linear_score(const w5_linear *lin, const uint64_t *feats,
                     size_t nfeat, float *scores);

/* acc[c] += the sum over r < nrows of rows[r][c], for every c < ncols:
 * the inner loop of a linear scorer once it has found its features'
 * weight rows. Exact int32 sums; uses AVX2 when the CPU has it. */
void w5_sum_rows(const int16_t *const *rows, size_t nrows, uint32_t ncols,
                 int32_t *acc);

/* ---- sparse rows: the scoring table a loaded model is turned into ------ */

/* Most weight rows of a trained perceptron are almost empty (the tagger's
 * rows have 5 non-zero weights of 51 on average, NER's 7 of 34): a
 * perceptron update touches two classes only. A w5_rowtab holds the same
 * features and weights as the table it is built from, but a row with few
 * non-zero weights as (class, weight) pairs, so that the whole table is
 * 3-5 times smaller and the rows a decision reads stay in the caches.
 * Sums are the same exact int32 sums as over the dense rows, so a scorer
 * gives identical scores either way. Built once at load time; read-only
 * afterwards (may be shared by threads). */
typedef struct w5_rowtab w5_rowtab;

typedef struct w5_rowtab_opts {
    /* 0 keeps every row dense (a copy that still gains the filter of
     * absent features and the batched probes); 1 stores the rows with few
     * non-zero weights as pairs (smaller, more instructions per row). */
    int sparse;
    /* Load-time pruning: a row whose every |weight| (in the int16 units
     * of the table) is below this is scored as absent. 0 = keep all. */
    int min_abs;
} w5_rowtab_opts;

/* Builds a table from an open-addressing table as w5_linear stores it:
 * nslots (a power of two) x {u32 key, u32 row}, key 0 = empty, probed
 * from the low bits of the 64-bit feature hash, key = w5_linear_key32 of
 * it; rows are nrows x stride int16, of which the first ncols are used.
 * opts may be NULL (dense, no pruning).
 * Returns 0, W5_ERR_NOMEM, W5_ERR_TOO_LARGE or W5_ERR_FORMAT (a row index
 * out of range, or no empty slot). */
int w5_rowtab_build(const uint32_t *slots, uint32_t nslots, const int16_t *w,
                    uint32_t nrows, uint32_t stride, uint32_t ncols,
                    const w5_rowtab_opts *opts, w5_rowtab **out);
/* The table of a linear model (its classes are the columns). */
int w5_rowtab_from_linear(const w5_linear *lin, const w5_rowtab_opts *opts,
                          w5_rowtab **out);
void w5_rowtab_free(w5_rowtab *t);
/* The accumulator size w5_rowtab_sum needs: ncols rounded up to 8. */
uint32_t w5_rowtab_width(const w5_rowtab *t);
/* acc[c] += the weight of class c summed over the features found, for
 * every c < w5_rowtab_width(t) (the columns past ncols get 0). Features
 * the table lacks add nothing. */
void w5_rowtab_sum(const w5_rowtab *t, const uint64_t *feats, size_t n,
                   int32_t *acc);
/* Starts loading what summing feats will read: their hash slots (rows =
 * 0), or, once those are in cache, the rows they point to (rows = 1).
 * For a scorer that can guess a decision's features ahead of it. */
void w5_rowtab_prefetch(const w5_rowtab *t, const uint64_t *feats, size_t n, int rows);
/* The sums of n decisions at once, decision d having the features
 * feats[off[d] .. off[d+1]): acc[d * width + c] += as w5_rowtab_sum
 * gives them. Faster than one call per decision: the cache misses of the
 * next decisions are started while this one is summed. */
void w5_rowtab_sum_seq(const w5_rowtab *t, const uint64_t *feats,
                       const uint32_t *off, size_t n, int32_t *acc);

/* Index of the highest score among the classes whose bit is set in
 * `allowed` (NULL = all). Ties go to the lower index. */
uint32_t w5_argmax(const float *scores, uint32_t nclass,
                   const unsigned char *allowed);

/* ---- model files -------------------------------------------------------- */

/* The checksum stored in a model file's header, over every byte after the
 * 64-byte header (exported for tools and fuzzers that re-seal files). */
uint64_t w5_model_checksum(const void *data, size_t n);

typedef struct w5_mwriter w5_mwriter;

/* A model file under construction for `stage` (up to 15 chars). */
w5_mwriter *w5_mwriter_new(const char *stage);
void w5_mwriter_free(w5_mwriter *w);
/* Adds a section (copied). Names up to 23 chars, unique. */
int w5_mwriter_add(w5_mwriter *w, const char *name, const void *data,
                   size_t size);
/* Adds a section holding n NUL-terminated strings back to back. */
int w5_mwriter_add_strings(w5_mwriter *w, const char *name,
                           const char *const *strs, size_t n);
/* Adds the sections "<prefix>.meta", "<prefix>.keys", "<prefix>.w". */
int w5_mwriter_add_linear(w5_mwriter *w, const char *prefix,
                          const w5_linear *lin);
/* Writes the file atomically (temp file + rename). */
int w5_mwriter_save(w5_mwriter *w, const char *path, w5_error *err);

typedef struct w5_mfile w5_mfile;

/* Maps and validates a model file; `stage` must match the file's stage.
 * Errors name the file: missing (W5_ERR_IO / W5_ERR_NOT_FOUND), not a
 * model (W5_ERR_FORMAT), other version (W5_ERR_VERSION), damaged
 * (W5_ERR_CHECKSUM). The caller frees *out with w5_mfile_close(). */
int w5_mfile_open(const char *path, const char *stage, w5_mfile **out,
                  w5_error *err);
/* The same checks on a buffer in memory (copied); for tests and fuzzing. */
int w5_mfile_from_buffer(const void *data, size_t size, const char *stage,
                         w5_mfile **out, w5_error *err);
void w5_mfile_close(w5_mfile *mf);
const char *w5_mfile_stage(const w5_mfile *mf);

/* A section's bytes (64-byte aligned) or NULL when absent. */
const void *w5_mfile_section(const w5_mfile *mf, const char *name,
                             size_t *size);
/* Hands the pages of [p, p + size) (inside a section) back to the system
 * when the file is mapped: they leave the process's resident memory and
 * are read from the file again if touched. For the sections a loader has
 * copied into a better form (w5_rowtab) and will not read again; a no-op
 * for a model read from a buffer. */
void w5_mfile_release(const w5_mfile *mf, const void *p, size_t size);
/* Splits a strings section into at most max pointers; returns the count,
 * or -1 when the section is missing or not NUL-terminated. */
long w5_mfile_strings(const w5_mfile *mf, const char *name,
                      const char **out, size_t max);
/* A zero-copy view of a linear model stored under `prefix`; valid while
 * mf is open. Free the view with w5_linear_free(). */
int w5_mfile_linear(const w5_mfile *mf, const char *prefix, w5_linear **out,
                    w5_error *err);

#endif
