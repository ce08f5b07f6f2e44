/* timewords.c - see timewords.h. */
#include "time/timewords.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* ---- splitting ----------------------------------------------------------- */

static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static int is_alpha_ascii(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The code point at s[i..n) and its length (1 for an invalid byte). */
static int32_t cp_at(const char *s, size_t i, size_t n, size_t *len)
{
    if ((unsigned char)s[i] < 0x80) {   /* ASCII: what utf8proc would say */
        *len = 1;
        return (unsigned char)s[i];
    }
    utf8proc_int32_t cp;
    utf8proc_ssize_t l = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                          (utf8proc_ssize_t)(n - i), &cp);
    if (l <= 0) {
        *len = 1;
        return -1;
    }
    *len = (size_t)l;
    return cp;
}

static int cp_is_letter(int32_t cp)
{
    if (cp < 0)
        return 0;
    if (cp < 0x80)
        return is_alpha_ascii((unsigned char)cp);
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LL ||
           c == UTF8PROC_CATEGORY_LT || c == UTF8PROC_CATEGORY_LM ||
           c == UTF8PROC_CATEGORY_LO || c == UTF8PROC_CATEGORY_MN;
}

static int cp_is_upper(int32_t cp)
{
    if (cp < 0)
        return 0;
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z';
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_LU;
}

static int cp_is_apostrophe(int32_t cp) { return cp == '\'' || cp == 0x2019; }

/* Abbreviations whose final period belongs to the word. */
static int keeps_period(const char *s, size_t n)
{
    static const char *const abbr[] = {
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
        "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thur", "thurs",
        "fri", "sat", "sun", "no", "st", "mr", "mrs", "ms", "dr", "gen", "rs",
        "approx", NULL};
    for (int i = 0; abbr[i]; i++) {
        size_t k = strlen(abbr[i]);
        if (k != n)
            continue;
        size_t j = 0;
        while (j < n && (s[j] | 0x20) == abbr[i][j])
            j++;
        if (j == n)
            return 1;
    }
    return 0;
}

/* Length of the letter run at t[i..n): letters, inner apostrophes
 * ("o'clock") and inner periods ("a.m.", "U.S."). A final "'s" is left
 * out (the possessive is a word of its own). */
static size_t letter_run(const char *t, size_t i, size_t n)
{
    size_t j = i, len;
    int inner_period = 0;
    while (j < n) {
        int32_t cp = cp_at(t, j, n, &len);
        if (cp_is_letter(cp)) {
            j += len;
            continue;
        }
        size_t len2;
        if (cp_is_apostrophe(cp) && j + len < n &&
            cp_is_letter(cp_at(t, j + len, n, &len2))) {
            /* possessive 's at the end of the token: stop before it */
            if ((t[j + len] == 's' || t[j + len] == 'S') && j + len + 1 == n)
                break;
            j += len;
            continue;
        }
        if (cp == '.' && j + 1 < n && is_alpha_ascii((unsigned char)t[j + 1])) {
            inner_period = 1;
            j++;
            continue;
        }
        if (cp == '.' && (inner_period || keeps_period(t + i, j - i))) {
            j++;
        }
        break;
    }
    return j - i;
}

/* Length of the digit run at t[i..n): digits with inner , . : */
static size_t digit_run(const char *t, size_t i, size_t n, int *clock)
{
    size_t j = i;
    *clock = 0;
    while (j < n) {
        if (is_digit((unsigned char)t[j])) {
            j++;
        } else if ((t[j] == ',' || t[j] == '.' || t[j] == ':') && j + 1 < n &&
                   is_digit((unsigned char)t[j + 1]) && j > i) {
            if (t[j] == ':')
                *clock = 1;
            j++;
        } else {
            break;
        }
    }
    return j - i;
}

int w5_time_split_words(const w5_doc *doc, uint32_t tok_begin,
                        uint32_t tok_end, uint32_t lo, uint32_t hi,
                        w5_tw_vec *out)
{
    for (uint32_t ti = tok_begin; ti < tok_end && ti < doc->toks.n; ti++) {
        const w5_tok *tok = &doc->toks.v[ti];
        uint32_t a = tok->start > lo ? tok->start : lo;
        uint32_t b = tok->end < hi ? tok->end : hi;
        if (a >= b)
            continue;
        const char *t = doc->text + a;
        size_t n = b - a, i = 0;
        while (i < n) {
            size_t len;
            int32_t cp = cp_at(t, i, n, &len);
            w5_tw w = {.start = a + (uint32_t)i, .tok = ti};
            int clock = 0;
            if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0) {
                i += len;
                continue;
            }
            if (is_digit((unsigned char)t[i])) {
                len = digit_run(t, i, n, &clock);
                w.kind = clock ? W5_TW_CLOCK : W5_TW_NUM;
            } else if (cp_is_letter(cp)) {
                len = letter_run(t, i, n);
                w.kind = W5_TW_ALPHA;
                w.upper = (uint8_t)cp_is_upper(cp);
            } else if (cp_is_apostrophe(cp) && i + len < n &&
                       (t[i + len] == 's' || t[i + len] == 'S') && i + len + 1 == n) {
                len += 1; /* the possessive "'s" */
                w.kind = W5_TW_ALPHA;
            } else {
                w.kind = W5_TW_PUNCT;
            }
            if (len == 0)
                len = 1;
            w.end = w.start + (uint32_t)len;
            w.glued = out->n > 0 && out->v[out->n - 1].end == w.start;
            if (w5_vec_push(out, w))
                return W5_ERR_NOMEM;
            i += len;
        }
    }
    return 0;
}

/* ---- word classes -------------------------------------------------------- */

int w5_time_word_in(const w5_doc *doc, const w5_tw *w, const char *const *list)
{
    /* Most entries differ from the word in the first letter: compare that
     * before the whole word (the value rules call this for every word
     * against lists of up to 60 entries). */
    char first = w->end > w->start ? doc->text[w->start] : '\0';
    if (first >= 'A' && first <= 'Z')
        first = (char)(first + 32);
    if (first == '\0') {
        for (int i = 0; list[i]; i++)
            if (list[i][0] == first && w5_time_word_is(doc, w, list[i]))
                return i + 1;
        return 0;
    }
    /* and the second letter ('\0' for a one-letter word): an entry
     * whose first letter matched has a second byte to read */
    char second = w->end - w->start > 1 ? doc->text[w->start + 1] : '\0';
    if (second >= 'A' && second <= 'Z')
        second = (char)(second + 32);
    for (int i = 0; list[i]; i++)
        if (list[i][0] == first && list[i][1] == second &&
            w5_time_word_is(doc, w, list[i]))
            return i + 1;
    return 0;
}

int w5_time_month(const w5_doc *doc, const w5_tw *w)
{
    static const char *const full[] = {
        "january", "february", "march", "april", "may", "june", "july",
        "august", "september", "october", "november", "december", NULL};
    static const char *const abbr[] = {
        "jan.", "feb.", "mar.", "apr.", "may.", "jun.", "jul.", "aug.",
        "sep.", "oct.", "nov.", "dec.", NULL};
    static const char *const abbr2[] = {
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sept",
        "oct", "nov", "dec", NULL};
    int m;
    if (w->kind != W5_TW_ALPHA)
        return 0;
    if ((m = w5_time_word_in(doc, w, full)) || (m = w5_time_word_in(doc, w, abbr)) ||
        (m = w5_time_word_in(doc, w, abbr2)))
        return m;
    if (w5_time_word_is(doc, w, "sept."))
        return 9;
    return 0;
}

/* The word's length and lower-cased first letter: the word classes
 * below run for every word, and most words fail these tests. */
static size_t word_len(const w5_tw *w) { return w->end - w->start; }
static char first_lower(const w5_doc *doc, const w5_tw *w)
{
    char c = doc->text[w->start];
    return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

int w5_time_weekday(const w5_doc *doc, const w5_tw *w)
{
    static const char *const days[] = {"monday", "tuesday", "wednesday",
                                       "thursday", "friday", "saturday",
                                       "sunday", NULL};
    if (w->kind != W5_TW_ALPHA || word_len(w) < 6 || word_len(w) > 9)
        return 0;
    return w5_time_word_in(doc, w, days);
}

double w5_time_number_word(const w5_doc *doc, const w5_tw *w)
{
    /* The number words grouped by first letter, with their values: this
     * runs for every word, and a word is compared with the few entries
     * of its letter only (the groups are the ranges in `from` below). */
    static const struct { const char *word; int value; } nums[] = {
        {"one", 1},                                                /* o */
        {"two", 2}, {"three", 3}, {"ten", 10}, {"twelve", 12},    /* t */
        {"thirteen", 13}, {"twenty", 20}, {"thirty", 30},
        {"four", 4}, {"five", 5}, {"fourteen", 14}, {"fifteen", 15}, /* f */
        {"forty", 40}, {"fifty", 50},
        {"six", 6}, {"seven", 7}, {"sixteen", 16}, {"seventeen", 17}, /* s */
        {"sixty", 60}, {"seventy", 70},
        {"eight", 8}, {"eleven", 11}, {"eighteen", 18}, {"eighty", 80}, /* e */
        {"nine", 9}, {"nineteen", 19}, {"ninety", 90},             /* n */
        {"dozen", 12}};                                            /* d */
    /* number words have 3 to 9 letters */
    if (w->kind != W5_TW_ALPHA || word_len(w) < 3 || word_len(w) > 9)
        return -1;
    int from, to;
    switch (first_lower(doc, w)) {
    case 'o': from = 0, to = 1; break;
    case 't': from = 1, to = 8; break;
    case 'f': from = 8, to = 14; break;
    case 's': from = 14, to = 20; break;
    case 'e': from = 20, to = 24; break;
    case 'n': from = 24, to = 27; break;
    case 'd': from = 27, to = 28; break;
    default: return -1;
    }
    for (int i = from; i < to; i++)
        if (w5_time_word_is(doc, w, nums[i].word))
            return nums[i].value;
    return -1;
}

double w5_time_multiplier(const w5_doc *doc, const w5_tw *w)
{
    if (w->kind != W5_TW_ALPHA)
        return 0;
    if (w5_time_word_is(doc, w, "hundred"))
        return 1e2;
    if (w5_time_word_is(doc, w, "thousand") || w5_time_word_is(doc, w, "k"))
        return 1e3;
    if (w5_time_word_is(doc, w, "million") || w5_time_word_is(doc, w, "mn") ||
        w5_time_word_is(doc, w, "mln") || w5_time_word_is(doc, w, "m"))
        return 1e6;
    if (w5_time_word_is(doc, w, "billion") || w5_time_word_is(doc, w, "bn") ||
        w5_time_word_is(doc, w, "bln"))
        return 1e9;
    if (w5_time_word_is(doc, w, "trillion") || w5_time_word_is(doc, w, "tn"))
        return 1e12;
    return 0;
}

int w5_time_ordinal_word(const w5_doc *doc, const w5_tw *w)
{
    static const char *const ords[] = {
        "first", "second", "third", "fourth", "fifth", "sixth", "seventh",
        "eighth", "ninth", "tenth", "eleventh", "twelfth", "thirteenth",
        "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth",
        "nineteenth", "twentieth", NULL};
    /* 5 to 11 letters ("first" .. "seventeenth") */
    if (w->kind != W5_TW_ALPHA || word_len(w) < 5 || word_len(w) > 11)
        return 0;
    int i = w5_time_word_in(doc, w, ords);
    if (i)
        return i;
    if (w5_time_word_is(doc, w, "thirtieth"))
        return 30;
    if (w5_time_word_is(doc, w, "hundredth"))
        return 100;
    return 0;
}

double w5_time_digits(const w5_doc *doc, const w5_tw *w)
{
    if (w->kind != W5_TW_NUM)
        return -1;
    double v = 0, scale = 0;
    const char *s = doc->text + w->start;
    size_t n = w->end - w->start;
    /* a single comma followed by 1-2 digits is a decimal comma; commas
     * before groups of three are thousands separators */
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9') {
            if (scale > 0) {
                v += (c - '0') * scale;
                scale /= 10;
            } else {
                v = v * 10 + (c - '0');
            }
        } else if (c == '.') {
            if (scale > 0)
                return -1; /* 1.2.3: not a number */
            scale = 0.1;
        }
    }
    return v;
}

int w5_time_unit(const w5_doc *doc, const w5_tw *w, int *plural)
{
    static const struct { const char *sg, *pl; int unit; } units[] = {
        {"second", "seconds", W5_TU_SECOND}, {"minute", "minutes", W5_TU_MINUTE},
        {"hour", "hours", W5_TU_HOUR}, {"day", "days", W5_TU_DAY},
        {"week", "weeks", W5_TU_WEEK}, {"weekend", "weekends", W5_TU_WEEKEND},
        {"month", "months", W5_TU_MONTH}, {"quarter", "quarters", W5_TU_QUARTER},
        {"year", "years", W5_TU_YEAR}, {"decade", "decades", W5_TU_DECADE},
        {"century", "centuries", W5_TU_CENTURY}, {"hr", "hrs", W5_TU_HOUR},
        {"min", "mins", W5_TU_MINUTE}, {"yr", "yrs", W5_TU_YEAR}};
    int pl = 0;
    if (plural)
        *plural = 0;
    /* 2 to 9 letters ("hr" .. "centuries"), one of these first letters:
     * most words stop here instead of 28 comparisons */
    if (w->kind != W5_TW_ALPHA || word_len(w) < 2 || word_len(w) > 9)
        return W5_TU_NONE;
    char c0 = first_lower(doc, w);
    if (c0 != 's' && c0 != 'm' && c0 != 'h' && c0 != 'd' && c0 != 'w' &&
        c0 != 'q' && c0 != 'y' && c0 != 'c')
        return W5_TU_NONE;
    for (size_t i = 0; i < sizeof units / sizeof *units; i++) {
        if (w5_time_word_is(doc, w, units[i].sg) ||
            (pl = w5_time_word_is(doc, w, units[i].pl))) {
            if (plural)
                *plural = pl;
            return units[i].unit;
        }
    }
    return W5_TU_NONE;
}

int w5_time_season(const w5_doc *doc, const w5_tw *w)
{
    static const char *const seasons[] = {"spring", "summer", "autumn",
                                          "winter", "fall", NULL};
    int i = w->kind == W5_TW_ALPHA ? w5_time_word_in(doc, w, seasons) : 0;
    return i == 5 ? 3 : i;
}

int w5_time_part_of_day(const w5_doc *doc, const w5_tw *w)
{
    static const char *const parts[] = {"morning", "afternoon", "evening",
                                        "night", NULL};
    return w->kind == W5_TW_ALPHA ? w5_time_word_in(doc, w, parts) : 0;
}
