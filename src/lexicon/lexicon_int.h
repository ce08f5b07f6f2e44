/*
 * lexicon_int.h - what the lexicon loader and compiler share: the file's
 * meta record and the hashing of a normalised phrase. Internal.
 */
#ifndef W5_LEXICON_INT_H
#define W5_LEXICON_INT_H

#include <stdint.h>

#include "lexicon/lexicon.h"

#define W5_LEX_MAGIC 0x3158454Cu /* "LEX1" little-endian: also catches a
                                    big-endian reader */

typedef struct w5_lex_meta {
    uint32_t magic;
    uint32_t cap;        /* slots in lex.keys / lex.vals */
    uint32_t count;      /* phrases stored */
    uint32_t max_words;  /* longest phrase, in words */
    uint32_t ncountries; /* rows of lex.countries (pairs of strings) */
    uint32_t reserved[3];
} w5_lex_meta;

/* The table hash of a finished key (never 0: 0 marks an empty slot). */
uint64_t w5_lexkey_hash(const w5_lexkey *key);
/* The home slot of a hash in a table of cap slots. */
uint32_t w5_lex_home_slot(uint64_t hash, uint32_t cap);

#endif
