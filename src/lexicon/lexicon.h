/*
 * lexicon.h - name lists compiled into models/lexicon.w5m from
 * ../shared/data/gazetteers (GeoNames places, countries, demonyms, first
 * names with gender, surnames) and the PETRARCH CAMEO actor dictionaries
 * (MIT). Built by `w5 train lexicon --data DIR --out FILE`.
 *
 * Lookups are case-insensitive on a phrase whose words are separated by
 * single spaces ("new york", "secretary of state"); callers join tokens
 * with one space. Used by NER (gazetteer features), value mentions (NORP),
 * coreference (gender of first names, demonym -> country).
 *
 * Thread safety: read-only after load; share freely.
 */
#ifndef W5_LEXICON_H
#define W5_LEXICON_H

#include <stddef.h>
#include <stdint.h>

#include "util/util.h"

enum {
    W5_LEX_FIRST_MALE = 1u << 0,   /* a first name given mostly to boys */
    W5_LEX_FIRST_FEMALE = 1u << 1, /* ... mostly to girls */
    W5_LEX_SURNAME = 1u << 2,
    W5_LEX_COUNTRY = 1u << 3,      /* country name or alias */
    W5_LEX_DEMONYM = 1u << 4,      /* "Afghan", "Pakistanis" */
    W5_LEX_CITY = 1u << 5,         /* GeoNames populated place */
    W5_LEX_ADMIN1 = 1u << 6,       /* state, province, region */
    W5_LEX_REGION = 1u << 7,       /* continent / UN region */
    W5_LEX_ORG = 1u << 8,          /* CAMEO international / non-state actor */
    W5_LEX_PERSON = 1u << 9,       /* CAMEO named person (leaders) */
    W5_LEX_GROUP = 1u << 10,       /* religious or political group (NORP) */
    W5_LEX_LANGUAGE = 1u << 11,
    W5_LEX_BIG_CITY = 1u << 12     /* city with population >= 100,000 */
};

typedef struct w5_lexicon w5_lexicon;

/* Loads lexicon.w5m; errors as w5_mfile_open. Free with w5_lexicon_free. */
int w5_lexicon_load(const char *path, w5_lexicon **out, w5_error *err);
void w5_lexicon_free(w5_lexicon *lex);

/* W5_LEX_* flags of the phrase (0 when unknown). */
uint32_t w5_lexicon_flags(const w5_lexicon *lex, const char *phrase,
                          size_t n);
/* For a country name, alias or demonym: the country's ISO alpha-2 code
 * and its short English name ("AF", "Afghanistan"); 0 when not one. */
int w5_lexicon_country(const w5_lexicon *lex, const char *phrase, size_t n,
                       const char **alpha2, const char **name);
/* The longest phrase in the lexicon, in words (for n-gram lookups). */
int w5_lexicon_max_words(const w5_lexicon *lex);

#endif
