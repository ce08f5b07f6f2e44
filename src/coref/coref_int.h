/*
 * coref_int.h - the working state of one coreference run (internal to
 * src/coref; exposed for tests and for roles, which reuse the name span).
 */
#ifndef W5_COREF_INT_H
#define W5_COREF_INT_H

#include "coref/coref.h"

/* What the sieves know about one mention. */
typedef struct minfo {
    uint8_t pron;        /* index+1 into the pronoun table, 0 = not one */
    uint8_t person;      /* 1, 2, 3 for pronouns, 0 otherwise */
    uint8_t gender;      /* W5_GENDER_* */
    uint8_t gender_prior; /* gender is only the first name's usual one */
    uint8_t plural;
    uint8_t role;        /* 1 subject, 2 object, 0 other */
    uint8_t title_cls;   /* office class of a title before it / its head */
    uint8_t coord;       /* "A and B": a plural mention of two names */
    int32_t quote;       /* number of the quotation holding it, -1 */
    uint32_t name_b, name_e;  /* the name's tokens without titles, "the", 's */
    uint32_t surname_e;  /* name_e without "Jr", "III" (sieve_person sets it) */
    const char *country; /* lexicon country name for names and demonyms */
} minfo;

/* What a cluster (kept at its earliest mention, the root) knows. */
typedef struct cluster {
    uint8_t type;        /* a name's type wins over pronouns' */
    uint8_t named, nominal;
    uint8_t coord_only;  /* only coordinations so far: no entity alone */
    uint8_t person;      /* 1/2/3 for pronoun-only clusters */
    uint8_t plural, any_plural, named_plural;
    uint16_t male, female, neuter;  /* gender votes: titles, pronouns */
    uint16_t prior_male, prior_female; /* ... of first names ("Nicky": male
                                          four times in five) */
    uint64_t titles;     /* office classes seen (bit per class) */
    uint32_t size, last;
    int32_t first_tok;   /* first-name token of the longest person name, -1 */
} cluster;

typedef struct w5_coref {
    w5_doc *doc;
    const w5_lexicon *lex;
    minfo *info;         /* one per mention */
    cluster *cl;         /* one per mention; valid at roots */
    uint32_t *parent;    /* union-find over mentions */
    int32_t *quote_of;   /* per token: quotation number or -1 */
    int32_t nquotes;
    uint32_t *quote_first;  /* per quotation: its first token */
} w5_coref;

uint32_t w5_coref_find(w5_coref *c, uint32_t i);
void w5_coref_union(w5_coref *c, uint32_t a, uint32_t b);

/* The tokens of a mention's name: without a leading "the", a trailing
 * possessive, and (for persons) titles before the name proper
 * ("US Secretary of State John F Kerry" -> "John F Kerry"). */
void w5_coref_name_span(const w5_doc *doc, const w5_ment *m, uint32_t *b,
                        uint32_t *e);

#endif
