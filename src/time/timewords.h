/*
 * timewords.h - the word layer that value mentions (ner/values.c) and time
 * normalisation (time/time.c) share: tokens cut into finer words, and the
 * closed word classes of dates, times, numbers and units. Internal.
 *
 * Why a second segmentation: value expressions live inside tokens as often
 * as across them ("2,600-km", "$1.5bn", "5%", "3rd", "1990s",
 * "Wednesday's"), and tokenizers differ on where they cut them. Cutting
 * every token into runs of digits, runs of letters and single symbols
 * gives the rules one view whatever the tokenizer did; `glued` records
 * that a word touches the one before (no space), which is what tells
 * "3rd" from "3 rd" and "2,600-km" from "2,600 - km".
 */
#ifndef W5_TIMEWORDS_H
#define W5_TIMEWORDS_H

#include <stddef.h>
#include <stdint.h>

#include "doc/doc.h"

enum {
    W5_TW_ALPHA = 0, /* letters (with inner apostrophes/periods: "a.m.") */
    W5_TW_NUM,       /* digits with inner , or . ("2,600", "1.5") */
    W5_TW_CLOCK,     /* digits with a colon ("10:30") */
    W5_TW_PUNCT      /* one symbol: "$", "%", "-", ",", "(" ... */
};

typedef struct w5_tw {
    uint32_t start, end; /* bytes */
    uint32_t tok;        /* index of the token holding the word */
    uint8_t kind;        /* W5_TW_* */
    uint8_t glued;       /* touches the previous word (no space) */
    uint8_t upper;       /* starts with an upper-case letter */
} w5_tw;

typedef W5_VEC(w5_tw) w5_tw_vec;

/* Appends the words of tokens [tok_begin, tok_end), keeping only bytes in
 * [lo, hi). Returns 0 or W5_ERR_NOMEM. */
int w5_time_split_words(const w5_doc *doc, uint32_t tok_begin,
                        uint32_t tok_end, uint32_t lo, uint32_t hi,
                        w5_tw_vec *out);

/* 1 when word w reads `lower` (ASCII, case-insensitive). Inline: it is
 * the innermost call of the value and time rules, made for every word
 * against every list entry, and mostly fails on the first byte. */
static inline int w5_time_word_is(const w5_doc *doc, const w5_tw *w,
                                  const char *lower)
{
    size_t n = w->end - w->start;
    const char *s = doc->text + w->start;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        /* the '\0' test keeps a NUL byte in the text from reading past
         * the end of lower */
        if (lower[i] == '\0' || c != lower[i])
            return 0;
    }
    return lower[n] == '\0';
}
/* The index (1-based) of the word in a NULL-terminated list, or 0. */
int w5_time_word_in(const w5_doc *doc, const w5_tw *w,
                    const char *const *lower_list);

/* Month 1..12 ("January", "Jan", "Jan.", "Sept"), or 0. */
int w5_time_month(const w5_doc *doc, const w5_tw *w);
/* ISO weekday 1..7 (Monday = 1), or 0. */
int w5_time_weekday(const w5_doc *doc, const w5_tw *w);
/* "one".."ninety", "hundred".. as numbers; -1 when not a number word. */
double w5_time_number_word(const w5_doc *doc, const w5_tw *w);
/* Multipliers: "hundred" 100 ... "trillion", "bn", "mn"; 0 when not. */
double w5_time_multiplier(const w5_doc *doc, const w5_tw *w);
/* "first".."thirtieth" -> 1..; 0 when not an ordinal word. */
int w5_time_ordinal_word(const w5_doc *doc, const w5_tw *w);
/* The value of a digit word ("2,600" -> 2600, "1.5"); -1 when not. */
double w5_time_digits(const w5_doc *doc, const w5_tw *w);

/* Calendar units of durations and relative dates. */
enum {
    W5_TU_NONE = 0, W5_TU_SECOND, W5_TU_MINUTE, W5_TU_HOUR, W5_TU_DAY,
    W5_TU_WEEK, W5_TU_WEEKEND, W5_TU_MONTH, W5_TU_QUARTER, W5_TU_YEAR,
    W5_TU_DECADE, W5_TU_CENTURY
};
/* The unit of a word ("hours" -> W5_TU_HOUR); *plural set when given. */
int w5_time_unit(const w5_doc *doc, const w5_tw *w, int *plural);
/* Season 1..4 (spring, summer, autumn/fall, winter), or 0. */
int w5_time_season(const w5_doc *doc, const w5_tw *w);
/* Part of day 1..4 (morning, afternoon, evening, night), or 0. */
int w5_time_part_of_day(const w5_doc *doc, const w5_tw *w);

#endif
