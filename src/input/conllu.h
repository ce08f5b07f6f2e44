/*
 * conllu.h - a general CoNLL-U reader.
 *
 * Reads a whole CoNLL-U file (https://universaldependencies.org/format.html)
 * into flat arrays: sentences, and per sentence its comment lines and its
 * rows. A row is a syntactic word ("3"), a multiword-token range ("3-4",
 * whose words follow it) or an empty node ("5.1"). All ten columns are
 * kept as strings in one pool; the ones the evaluators and trainers need
 * most are also decoded (ids, head, SpaceAfter). The sentence-level
 * comments that matter for raw text are decoded too: `# text = `,
 * `# sent_id = `, `# newpar` and `# newdoc` (with or without an id; the
 * GUM-style `# newpar_block` is not a paragraph marker).
 *
 * Why read everything into memory: UD files are at most tens of MB and
 * every user (scorers, trainers) walks them more than once.
 *
 * Malformed input (wrong column count, bad ID, a row before any sentence
 * break is fine) gives W5_ERR_FORMAT with the line number; the reader
 * never crashes on bad bytes. A final sentence without a trailing blank
 * line is accepted.
 */
#ifndef W5_CONLLU_H
#define W5_CONLLU_H

#include <stddef.h>
#include <stdint.h>

#include "util/util.h"

enum { W5_CONLLU_ID = 0, W5_CONLLU_FORM, W5_CONLLU_LEMMA, W5_CONLLU_UPOS,
       W5_CONLLU_XPOS, W5_CONLLU_FEATS, W5_CONLLU_HEAD, W5_CONLLU_DEPREL,
       W5_CONLLU_DEPS, W5_CONLLU_MISC, W5_CONLLU_NCOLS };

typedef enum w5_conllu_kind {
    W5_CONLLU_WORD = 0,  /* "7": a syntactic word */
    W5_CONLLU_RANGE,     /* "3-4": a multiword token; its words follow */
    W5_CONLLU_EMPTY      /* "5.1": an empty node of the enhanced graph */
} w5_conllu_kind;

typedef struct w5_conllu_row {
    uint32_t col[W5_CONLLU_NCOLS]; /* pool offsets of the ten columns */
    uint32_t id, id_last;  /* word: id == id_last; range: first..last;
                              empty node: id = the word it follows */
    uint32_t sub;          /* empty node: the part after the dot */
    int32_t head;          /* HEAD as a number, -1 when "_" */
    uint8_t kind;          /* w5_conllu_kind */
    uint8_t space_after;   /* 0 when MISC has SpaceAfter=No */
} w5_conllu_row;

typedef struct w5_conllu_sent {
    uint32_t row_begin, row_end;         /* into rows */
    uint32_t comment_begin, comment_end; /* into comments */
    uint32_t text;      /* pool offset of `# text = ...`, 0 when absent */
    uint32_t sent_id;   /* pool offset of `# sent_id = ...`, 0 if absent */
    uint8_t newdoc;     /* `# newdoc` seen before this sentence */
    uint8_t newpar;     /* `# newpar` seen (a newdoc implies a newpar) */
    long line;          /* line number of the sentence's first line */
} w5_conllu_sent;

typedef struct w5_conllu {
    W5_VEC(w5_conllu_sent) sents;
    W5_VEC(w5_conllu_row) rows;
    W5_VEC(uint32_t) comments;  /* pool offsets: comment lines without "#" */
    w5_strpool pool;
} w5_conllu;

/* Parses `len` bytes of CoNLL-U into *out (which it initialises; free it
 * with w5_conllu_free even on failure). */
int w5_conllu_parse(const char *data, size_t len, w5_conllu *out,
                    w5_error *err);
/* Reads and parses a file. */
int w5_conllu_read_file(const char *path, w5_conllu *out, w5_error *err);
void w5_conllu_free(w5_conllu *c);

/* A column of a row, as a NUL-terminated string. */
static inline const char *w5_conllu_col(const w5_conllu *c,
                                        const w5_conllu_row *row, int col)
{
    return c->pool.buf + row->col[col];
}

/* The number of syntactic words (kind WORD) of sentence s. */
size_t w5_conllu_word_count(const w5_conllu *c, const w5_conllu_sent *s);

#endif
