/*
 * titles.h - the title lexicon shared by coreference (titles are stripped
 * from names, "the general" finds the person titled General, "Mr" gives a
 * gender) and roles (titles are what a role is made of).
 *
 * Entries are lower-case phrases of words separated by single spaces
 * ("secretary of state", "gen"); a token's trailing full stop is ignored
 * when matching ("Gen." = "gen") and hyphens count as word breaks inside
 * the entry only when the text has them as separate tokens. The table is
 * static const data: no loading, no state.
 */
#ifndef W5_ROLES_TITLES_H
#define W5_ROLES_TITLES_H

#include <stdint.h>

#include "doc/doc.h"

enum {
    W5_TITLE_HONORIFIC = 1u << 0, /* Mr, Mrs, Dr: stripped from names, no role */
    W5_TITLE_MALE = 1u << 1,
    W5_TITLE_FEMALE = 1u << 2,
    W5_TITLE_TAKES_OF = 1u << 3,  /* "minister of defence": the of-phrase is part of it */
    W5_TITLE_MODIFIER = 1u << 4,  /* "senior", "deputy": kept before a title */
    W5_TITLE_ORG = 1u << 5,       /* "army", "police": an institution word that
                                     can open a title ("army chief") */
    W5_TITLE_CAP = 1u << 6        /* a common word too ("major", "general",
                                     "head"): a title before a name only
                                     when capitalised */
};

typedef struct w5_title {
    const char *phrase;  /* lower case, words separated by one space */
    const char *norm;    /* the normalised title ("general" for "gen") */
    uint8_t flags;       /* W5_TITLE_* */
    uint8_t cls;         /* class for matching "the general" to "Gen X":
                            entries with the same cls name the same office */
} w5_title;

/* The longest table entry whose words match tokens [i, limit) from token i;
 * returns the number of tokens matched (0 when none) and sets *out. Only
 * entries with flags & `want` (any), or all when want is 0, are tried;
 * modifiers are never returned unless asked for. */
int w5_title_match(const w5_doc *doc, uint32_t i, uint32_t limit,
                   unsigned want, const w5_title **out);

/* w5_title_match with want 0 (returned, entry in *office) and with want
 * W5_TITLE_MODIFIER | W5_TITLE_ORG (*nmod, entry in *mod) in one look-up:
 * the rules that read a phrase word by word ask both of every word. */
int w5_title_match_both(const w5_doc *doc, uint32_t i, uint32_t limit,
                        const w5_title **office, int *nmod,
                        const w5_title **mod);

/* The table entry whose phrase is the one word word[0, n) (any case), or
 * NULL: a title by its lemma ("leader" for "leaders"). */
const w5_title *w5_title_word(const char *word, size_t n);

/* The classes (bit c for class c) of the offices a description titled
 * with class `cls` can refer to: its own, and for a generic word the
 * offices it covers ("the French leader" for President Macron). 0 for
 * class 0. */
uint64_t w5_title_classes_named_by(uint8_t cls);

/* 1 when the table is in strcmp order, as w5_title_match's binary search
 * needs (for the tests). */
int w5_title_table_sorted(void);

/* 1 when token i is the word w (ASCII case-insensitive, a trailing "." on
 * the token ignored). */
int w5_title_tok_is(const w5_doc *doc, uint32_t i, const char *w);

#endif
