/*
 * conll.h - the CoNLL-2003 column format: one token per line, the token in
 * the first column and its tag in the last, sentences separated by blank
 * lines, documents started by a "-DOCSTART-" line. Columns are separated by
 * spaces or tabs; CR before LF is ignored.
 *
 * The reader keeps every line (also blank and -DOCSTART- lines) so a
 * writer can echo the input back with a column added.
 */
#ifndef W5_CONLL_H
#define W5_CONLL_H

#include <stddef.h>
#include <stdint.h>

#include "util/util.h"

typedef enum w5_conll_kind {
    W5_CONLL_TOKEN = 0,
    W5_CONLL_BLANK,    /* an empty (or all-space) line: sentence boundary */
    W5_CONLL_DOCSTART  /* a line whose first column is -DOCSTART- */
} w5_conll_kind;

typedef struct w5_conll_line {
    uint32_t start, end;          /* the line's bytes without the newline */
    uint32_t word_start, word_end;/* the first column */
    uint32_t tag_start, tag_end;  /* the last column (empty if only one) */
    uint32_t lineno;              /* 1-based */
    uint8_t kind;                 /* w5_conll_kind */
} w5_conll_line;

typedef struct w5_conll {
    char *text;                   /* a NUL-terminated copy of the input */
    size_t len;
    W5_VEC(w5_conll_line) lines;
} w5_conll;

/* Splits data[0..len) into lines (copied). Fails only on no memory or an
 * input over 4 GB. Free with w5_conll_free. */
int w5_conll_parse(const char *data, size_t len, w5_conll *out,
                   w5_error *err);
/* Reads and parses a file ("-" = stdin). */
int w5_conll_read(const char *path, w5_conll *out, w5_error *err);
void w5_conll_free(w5_conll *c);

/* A sentence: lines [begin, end) are all tokens; `doc` counts documents
 * (incremented by each -DOCSTART-). Fills *s with the next sentence from
 * *pos on; returns 0 when there is none left. */
typedef struct w5_conll_sent {
    size_t begin, end;
    size_t doc;
} w5_conll_sent;

int w5_conll_next_sent(const w5_conll *c, size_t *pos, size_t *doc,
                       w5_conll_sent *s);

#endif
