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
/* For a country name, alias, demonym or a group tied to one country
 * ("Flemish" -> BE): the country's ISO alpha-2 code
 * and its short English name ("AF", "Afghanistan"); 0 when not one. */
int w5_lexicon_country(const w5_lexicon *lex, const char *phrase, size_t n,
                       const char **alpha2, const char **name);
/* The longest phrase in the lexicon, in words (for n-gram lookups). */
int w5_lexicon_max_words(const w5_lexicon *lex);

/* Like w5_lexicon_country, for any entry that carries a country: also
 * cities (the country of the most populous place of that name) and admin1
 * divisions ("Kabul" -> AF, "Flanders" -> BE). 0 when none. */
int w5_lexicon_place_country(const w5_lexicon *lex, const char *phrase,
                             size_t n, const char **alpha2,
                             const char **name);
/* Number of phrases in the lexicon. */
size_t w5_lexicon_size(const w5_lexicon *lex);

/* ---- incremental keys (n-gram scans without copying) --------------------
 * A phrase is normalised as it is hashed: UTF-8 case folding (utf8proc),
 * runs of white space become one space, leading/trailing space and
 * apostrophes (' and U+2019) are dropped ("O'Brien" = "obrien", as in the
 * Census list). A scan over tokens i..j extends one key word by word:
 *     w5_lexkey k; w5_lexkey_init(&k);
 *     for (j = i; j < i + max; j++) {
 *         w5_lexkey_add(&k, text + tok[j].start, tok[j].end - tok[j].start);
 *         flags = w5_lexicon_flags_key(lex, &k);
 *     }
 */
typedef struct w5_lexkey {
    uint64_t state;   /* FNV-1a state over the normalised bytes */
    int words;        /* words added so far (non-empty ones) */
    int pending;      /* a separating space is due before the next byte */
} w5_lexkey;

void w5_lexkey_init(w5_lexkey *key);
/* Appends one word (or several, separated by white space). */
void w5_lexkey_add(w5_lexkey *key, const char *word, size_t n);
uint32_t w5_lexicon_flags_key(const w5_lexicon *lex, const w5_lexkey *key);
/* w5_lexicon_place_country for a key; 1 when the entry has a country. */
int w5_lexicon_country_key(const w5_lexicon *lex, const w5_lexkey *key,
                           const char **alpha2, const char **name);

/* ---- building ------------------------------------------------------------ */

typedef struct w5_lexicon_build_stats {
    size_t phrases;       /* distinct phrases stored */
    size_t first_names, surnames, countries, demonyms, cities, admin1,
        regions, languages, orgs, persons, groups; /* phrases per source */
    size_t bytes;         /* size of the written file */
} w5_lexicon_build_stats;

/* Compiles the lexicon from a data folder laid out like ../shared/data
 * (the .tsv files of gazetteers/persons, gazetteers/countries and
 * gazetteers/places, and cameo/petrarch2/Phoenix.International,
 * Phoenix.MilNonState and Phoenix.Countries .actors.txt)
 * and writes it to out_path. stats may be NULL. */
int w5_lexicon_build(const char *data_dir, const char *out_path,
                     w5_lexicon_build_stats *stats, w5_error *err);

#endif
