/*
 * values.c - value mentions (DATE, TIME, MONEY, PERCENT, QUANTITY,
 * CARDINAL, ORDINAL) and NORP by rules; see values.h.
 *
 * Each sentence is cut into fine words (time/timewords.h). At each word
 * every matcher says how far its kind of expression reaches from there;
 * the longest wins, ties going to the more specific type (MONEY before
 * PERCENT before QUANTITY before TIME before DATE before ORDINAL before
 * CARDINAL: "1984" is a DATE, "three hours" a TIME, not a CARDINAL).
 * Where no value starts, capitalised words the lexicon knows as demonyms
 * or groups become NORP.
 */
#include "ner/values.h"

#include <stdlib.h>
#include <string.h>

#include "time/timewords.h"

typedef struct vctx {
    const w5_doc *doc;
    const w5_lexicon *lex;
    const w5_tw *w;
    size_t n;
    /* approx_end() of word approx_at, which run_sentence() works out once
     * for the matchers that all start with it (SIZE_MAX: none) */
    size_t approx_at, approx_e;
} vctx;

#define W(i) (&c->w[(i)])

static int is(const vctx *c, size_t i, const char *lower)
{
    return i < c->n && w5_time_word_is(c->doc, W(i), lower);
}

static int in(const vctx *c, size_t i, const char *const *list)
{
    return i < c->n && w5_time_word_in(c->doc, W(i), list);
}

static int kind(const vctx *c, size_t i)
{
    return i < c->n ? W(i)->kind : -1;
}

static int glued(const vctx *c, size_t i)
{
    return i < c->n && W(i)->glued;
}

/* A hyphen joining two words with no space ("2,600-km", "three-hour"). */
static int glue_hyphen(const vctx *c, size_t i)
{
    return (is(c, i, "-") || is(c, i, "\xE2\x80\x90")) && glued(c, i) &&
           glued(c, i + 1);
}

static double digits(const vctx *c, size_t i)
{
    return i < c->n ? w5_time_digits(c->doc, W(i)) : -1;
}

static size_t word_len(const vctx *c, size_t i)
{
    return i < c->n ? W(i)->end - W(i)->start : 0;
}

/* A number glued to letters before it is part of a name ("G8", "F-16"). */
static int inside_name(const vctx *c, size_t i)
{
    if (i == 0 || !glued(c, i))
        return 0;
    if (kind(c, i - 1) == W5_TW_ALPHA)
        return 1;
    static const char *const prefixes[] = {"mid", "pre", "post", "early",
                                           "late", NULL};
    return is(c, i - 1, "-") && i >= 2 && glued(c, i - 1) &&
           kind(c, i - 2) == W5_TW_ALPHA && !in(c, i - 2, prefixes);
}

/* ---- numbers -------------------------------------------------------------- */

static const char *const plural_counts[] = {"tens", "dozens", "hundreds",
                                            "thousands", "millions",
                                            "billions", NULL};

static int big_multiplier(const vctx *c, size_t i)
{
    static const char *const words[] = {"hundred", "thousand", "million",
                                        "billion", "trillion", "bn", "mn",
                                        "mln", "bln", "tn", NULL};
    return in(c, i, words);
}

static int number_word(const vctx *c, size_t i)
{
    return i < c->n && w5_time_number_word(c->doc, W(i)) >= 0;
}

/* The end of a number expression starting at i, or 0: "2,600", "1.5bn",
 * "three", "twenty-five", "two hundred and ten", "a million", "half a
 * million", "tens of thousands". With money, "m" and "k" glued to the
 * digits are multipliers too ("$10m"). */
static size_t number_end(const vctx *c, size_t i, int money)
{
    size_t j;
    if (i >= c->n)
        return 0;
    if (kind(c, i) == W5_TW_NUM) {
        if (inside_name(c, i))
            return 0;
        j = i + 1;
    } else if (in(c, i, plural_counts)) {
        j = i + 1;
        if (is(c, j, "of") && in(c, j + 1, plural_counts))
            j += 2;
        return j;
    } else if ((is(c, i, "a") || is(c, i, "an")) &&
               (big_multiplier(c, i + 1) || is(c, i + 1, "dozen"))) {
        j = i + 1;
    } else if (is(c, i, "half") && is(c, i + 1, "a") && big_multiplier(c, i + 2)) {
        j = i + 2;
    } else if (number_word(c, i)) {
        j = i + 1;
        while (j < c->n) {
            if (glue_hyphen(c, j) && number_word(c, j + 1))
                j += 2;
            else if (number_word(c, j) && !glued(c, j))
                j++;
            else if (is(c, j, "and") && big_multiplier(c, j - 1) && number_word(c, j + 1))
                j += 2;
            else if (big_multiplier(c, j) && !is(c, j, "bn") && !is(c, j, "mn"))
                j++;
            else
                break;
        }
        return j;
    } else {
        return 0;
    }
    while (j < c->n) {
        if (big_multiplier(c, j) || (big_multiplier(c, j) == 0 && money &&
                                     glued(c, j) && (is(c, j, "m") || is(c, j, "k"))))
            j++;
        else
            break;
    }
    return j;
}

/* The end of an approximator before a number ("more than", "about"), or
 * i when there is none. */
static size_t approx_scan(const vctx *c, size_t i)
{
    static const char *const one[] = {
        "about", "around", "nearly", "almost", "over", "some", "roughly",
        "approximately", "under", "approx.", "circa", NULL};
    static const char *const first_of_two[] = {"more", "less", "fewer", "up",
                                              "at", "just", "an",
                                              "upwards", "well", NULL};
    static const char *const second_of_two[] = {"than", "than", "than", "to",
                                               "least", "over", "estimated",
                                               "of", "over", NULL};
    if (is(c, i, "as") && (is(c, i + 1, "many") || is(c, i + 1, "much")) &&
        is(c, i + 2, "as"))
        return i + 3;
    if ((is(c, i, "no") || is(c, i, "not")) && is(c, i + 1, "more") &&
        is(c, i + 2, "than"))
        return i + 3;
    int k = in(c, i, first_of_two);
    if (k && is(c, i + 1, second_of_two[k - 1]))
        return i + 2;
    if (is(c, i, "at") && is(c, i + 1, "most"))
        return i + 2;
    if (is(c, i, "just") && is(c, i + 1, "under"))
        return i + 2;
    if (in(c, i, one))
        return i + 1;
    return i;
}

static size_t approx_end(const vctx *c, size_t i)
{
    return i == c->approx_at ? c->approx_e : approx_scan(c, i);
}

/* ---- MONEY, PERCENT, QUANTITY --------------------------------------------- */

static int currency_symbol(const vctx *c, size_t i)
{
    static const char *const syms[] = {"$", "\xC2\xA3", "\xE2\x82\xAC",
                                       "\xC2\xA5", NULL};
    return in(c, i, syms);
}

static int currency_word(const vctx *c, size_t i)
{
    static const char *const words[] = {
        "dollars", "dollar", "euros", "euro", "pounds", "sterling", "yen",
        "yuan", "renminbi", "rupees", "rupee", "francs", "cents", "pence",
        "rand", "roubles", "rubles", "dinars", "riyals", "rials", "dirhams",
        "pesos", "lira", "lire", "won", "afghanis", "shillings", "naira",
        "baht", "ringgit", "kroner", "krona", "kronor", "zlotys", "zloty",
        "reais", "marks", "dong", "taka", "kwacha", "cedis", "bolivars", NULL};
    return in(c, i, words);
}

static size_t money_end(const vctx *c, size_t i)
{
    static const char *const prefixes[] = {"us", "a", "c", "hk", "nz", "s",
                                           "r", NULL};
    static const char *const codes[] = {"usd", "eur", "gbp", "jpy", "chf",
                                        "cny", "inr", "rs", "rs.", NULL};
    static const char *const adjs[] = {"us", "u.s.", "american", "canadian",
                                       "australian", "singapore", "taiwan",
                                       "hong", "new", NULL};
    size_t a = approx_end(c, i), p = a;
    if (currency_symbol(c, p))
        p++;
    else if (in(c, p, prefixes) && currency_symbol(c, p + 1) && glued(c, p + 1))
        p += 2;
    else if (in(c, p, codes) && (kind(c, p + 1) == W5_TW_NUM))
        p++;
    if (p > a) {
        size_t e = number_end(c, p, 1);
        return e ? e : 0;
    }
    size_t e = number_end(c, a, 0);
    if (!e)
        return 0;
    if (is(c, e, "of") && currency_word(c, e + 1))
        return e + 2; /* "millions of dollars" */
    size_t q = e;
    if (in(c, q, adjs)) {
        q++;
        if (is(c, q, "kong") || is(c, q, "zealand"))
            q++;
    }
    if (currency_word(c, q))
        return q + 1;
    return 0;
}

static size_t percent_end(const vctx *c, size_t i)
{
    size_t e = number_end(c, approx_end(c, i), 0);
    if (!e)
        return 0;
    if (is(c, e, "%") || is(c, e, "percent") || is(c, e, "pct") || is(c, e, "pc"))
        return e + 1;
    if (is(c, e, "per") && is(c, e + 1, "cent"))
        return e + 2;
    if (is(c, e, "percentage") && (is(c, e + 1, "points") || is(c, e + 1, "point")))
        return e + 2;
    return 0;
}

static int measure_unit(const vctx *c, size_t i)
{
    static const char *const units[] = {
        "km", "kms", "kilometre", "kilometres", "kilometer", "kilometers",
        "mile", "miles", "metre", "metres", "meter", "meters", "cm", "mm",
        "foot", "feet", "ft", "inch", "inches", "yard", "yards", "acre",
        "acres", "hectare", "hectares", "ton", "tons", "tonne", "tonnes",
        "kg", "kgs", "kilo", "kilos", "kilogram", "kilograms", "kilogramme",
        "kilogrammes", "gram", "grams", "lb", "lbs", "ounce", "ounces", "oz",
        "litre", "litres", "liter", "liters", "gallon", "gallons", "barrel",
        "barrels", "bpd", "degrees", "degree", "mph", "kph", "knots",
        "megawatts", "megawatt", "mw", "gw", "kw", "kwh", "gigawatts",
        "watts", "calories", "bushels", "carats", "megatons", "sq", NULL};
    return in(c, i, units);
}

static size_t quantity_end(const vctx *c, size_t i)
{
    size_t e = number_end(c, approx_end(c, i), 0);
    if (!e)
        return 0;
    size_t q = e;
    if (glue_hyphen(c, q))
        q++;
    if (is(c, q, "square") || is(c, q, "cubic") || is(c, q, "metric") ||
        is(c, q, "nautical") || is(c, q, "sq"))
        q++;
    if (q == e && glued(c, q) && !measure_unit(c, q))
        return 0;
    if (measure_unit(c, q))
        return q + 1;
    return 0;
}

/* ---- TIME ------------------------------------------------------------------- */

static size_t ampm_end(const vctx *c, size_t i)
{
    static const char *const ampm[] = {"a.m.", "p.m.", "am", "pm", "a.m",
                                       "p.m", NULL};
    if (in(c, i, ampm))
        return i + 1;
    if (is(c, i, "o'clock"))
        return i + 1;
    return i;
}

static size_t zone_end(const vctx *c, size_t i)
{
    static const char *const zones[] = {"gmt", "utc", "bst", "cet", "cest",
                                        "est", "edt", "et", "pst", "pdt",
                                        "pt", "ist", NULL};
    if (in(c, i, zones))
        return i + 1;
    if (is(c, i, "local") && is(c, i + 1, "time"))
        return i + 2;
    return i;
}

static int day_word(const vctx *c, size_t i)
{
    static const char *const days[] = {"today", "yesterday", "tomorrow", NULL};
    return (i < c->n && w5_time_weekday(c->doc, W(i))) || in(c, i, days);
}

static size_t time_end(const vctx *c, size_t i)
{
    static const char *const rel[] = {"this", "last", "next", "that", NULL};
    size_t a = approx_end(c, i), p;
    if (kind(c, a) == W5_TW_CLOCK)
        return zone_end(c, ampm_end(c, a + 1));
    if (kind(c, a) == W5_TW_NUM && digits(c, a) >= 1 && digits(c, a) <= 12 &&
        word_len(c, a) <= 2 && ampm_end(c, a + 1) > a + 1 && !inside_name(c, a))
        return zone_end(c, ampm_end(c, a + 1));
    if (is(c, i, "noon") || is(c, i, "midnight") || is(c, i, "tonight") ||
        is(c, i, "overnight"))
        return i + 1;
    /* "Monday morning", "yesterday afternoon", "this morning", "late
     * Wednesday night" */
    p = (is(c, i, "early") || is(c, i, "late")) ? i + 1 : i;
    if ((day_word(c, p) || in(c, p, rel)) && p + 1 < c->n &&
        w5_time_part_of_day(c->doc, W(p + 1)))
        return p + 2;
    /* durations in hours, minutes and seconds */
    int plural = 0;
    size_t e = number_end(c, a, 0);
    if (!e && is(c, a, "a") && is(c, a + 1, "few"))
        e = a + 2;
    if (!e && (is(c, a, "an") || is(c, a, "a")) && !is(c, a + 1, "second"))
        e = a + 1; /* "an hour", but "a second" is mostly the ordinal */
    if (!e && is(c, a, "half") && (is(c, a + 1, "an") || is(c, a + 1, "a")))
        e = a + 2;
    if (!e && (is(c, a, "several") || is(c, a, "few") || is(c, a, "many")))
        e = a + 1;
    if (e && glue_hyphen(c, e))
        e++;
    if (!e)
        e = a;
    int u = e < c->n ? w5_time_unit(c->doc, W(e), &plural) : 0;
    if ((u == W5_TU_HOUR || u == W5_TU_MINUTE || u == W5_TU_SECOND) &&
        (e > a || plural))
        return e + 1;
    return 0;
}

/* ---- DATE --------------------------------------------------------------------- */

static int year_at(const vctx *c, size_t i)
{
    if (kind(c, i) != W5_TW_NUM || word_len(c, i) != 4 || inside_name(c, i))
        return 0;
    double v = digits(c, i);
    return v >= 1000 && v <= 2099 ? (int)v : 0;
}

static int day_of_month_at(const vctx *c, size_t i)
{
    if (kind(c, i) != W5_TW_NUM || word_len(c, i) > 2)
        return 0;
    double v = digits(c, i);
    return v >= 1 && v <= 31 ? (int)v : 0;
}

static size_t ordinal_suffix_end(const vctx *c, size_t i)
{
    static const char *const sfx[] = {"st", "nd", "rd", "th", NULL};
    return glued(c, i) && in(c, i, sfx) ? i + 1 : i;
}

/* "last year", "next year", "this year", "past year" at k. */
static int relative_year_at(const vctx *c, size_t k)
{
    return (is(c, k, "last") || is(c, k, "next") || is(c, k, "this") || is(c, k, "past")) &&
           is(c, k + 1, "year");
}

/* A month name the context makes a date: "May" and "March" are also
 * words, so they need a day, a year or a date preposition nearby. */
static int month_at(const vctx *c, size_t i, size_t *end)
{
    static const char *const preps[] = {"in", "since", "until", "till", "by",
                                        "of", "early", "late", "mid", "last",
                                        "next", "this", "from", "through",
                                        "before", "after", "during", NULL};
    if (i >= c->n || !W(i)->upper)
        return 0;
    int m = w5_time_month(c->doc, W(i));
    if (!m)
        return 0;
    size_t e = i + 1;
    int has_day = 0;
    if (day_of_month_at(c, e) && !glued(c, e)) {
        e = ordinal_suffix_end(c, e + 1);
        has_day = 1;
        if (is(c, e, ",") && year_at(c, e + 1))
            e += 2;
        else if (year_at(c, e))
            e++;
        else if (relative_year_at(c, e))
            e += 2;                         /* "May 5 last year" */
    } else if (year_at(c, e)) {
        e++;
    } else if (is(c, e, "of") && year_at(c, e + 1)) {
        e += 2;
    } else if (relative_year_at(c, e)) {
        e += 2;                             /* "January last year" */
    } else if (is(c, e, "of") && relative_year_at(c, e + 1)) {
        e += 3;                             /* "March of next year" */
    }
    /* abbreviations and ambiguous months need more than themselves */
    int ambiguous = m == 5 || m == 3 || word_len(c, i) <= 4;
    if (e == i + 1 && ambiguous && !(i > 0 && in(c, i - 1, preps)))
        return 0;
    (void)has_day;
    *end = e;
    return m;
}

static int decade_end(const vctx *c, size_t i, size_t *end)
{
    /* "1990s", "'90s" */
    if (kind(c, i) == W5_TW_NUM && word_len(c, i) == 4 && glued(c, i + 1) &&
        is(c, i + 1, "s") && !inside_name(c, i)) {
        *end = i + 2;
        return 1;
    }
    if ((is(c, i, "'") || is(c, i, "\xE2\x80\x99")) && kind(c, i + 1) == W5_TW_NUM &&
        word_len(c, i + 1) == 2 && glued(c, i + 1) && glued(c, i + 2) &&
        is(c, i + 2, "s")) {
        *end = i + 3;
        return 1;
    }
    return 0;
}

/* Prepositions before "the <season>" that make it a time. */
static const char *const season_preps[] = {
    "in", "during", "until", "till", "by", "through", "over", "since", "before",
    "after", "throughout", "for", "this", "that", NULL};

/* Whether a four-digit number at i reads as a year here. */
static int year_in_context(const vctx *c, size_t i)
{
    static const char *const preps[] = {
        "in", "since", "by", "until", "till", "from", "to", "of", "before",
        "after", "during", "through", "between", "and", "or", "early", "late",
        "mid", "around", "circa", "the", "fiscal", "spring", "summer",
        "autumn", "fall", "winter", "year", NULL};
    static const char *const counted[] = {"people", "men", "women",
                                          "children", "police", "staff",
                                          "personnel", "cattle", NULL};
    int y = year_at(c, i);
    if (!y)
        return 0;
    if (i > 0 && in(c, i - 1, preps))
        return 1;
    /* "mid-2020", "early-2019" */
    if (i >= 2 && is(c, i - 1, "-") && glued(c, i) && glued(c, i - 1) && in(c, i - 2, preps))
        return 1;
    if (y < 1900)
        return 0;
    if (i + 1 < c->n && kind(c, i + 1) == W5_TW_ALPHA && !W(i + 1)->upper) {
        size_t n = word_len(c, i + 1);
        const char *s = c->doc->text + W(i + 1)->start;
        if (in(c, i + 1, counted) || (n > 3 && s[n - 1] == 's' && !glued(c, i + 1)))
            return 0;
    }
    return 1;
}

/* A count before a calendar unit: a number, "a", "several", "a few". */
static size_t count_end(const vctx *c, size_t i)
{
    static const char *const vague[] = {"several", "few", "many", "a", "an",
                                        "some", "recent", "coming", NULL};
    size_t e = number_end(c, i, 0);
    if (e)
        return e;
    if (is(c, i, "a") && is(c, i + 1, "few"))
        return i + 2;
    if (in(c, i, vague))
        return i + 1;
    return 0;
}

static int date_unit(const vctx *c, size_t i, int *plural)
{
    int u = i < c->n ? w5_time_unit(c->doc, W(i), plural) : 0;
    return u >= W5_TU_DAY ? u : 0;
}

/* A DATE starting exactly at i (no "the" or modifier before it). *the_ok
 * says whether a "the" before it belongs to the span ("the 1990s", "the
 * past three years", "the first quarter"). */
static size_t date_core(const vctx *c, size_t i, int *the_ok)
{
    static const char *const rel[] = {"this", "next", "last", "past",
                                      "previous", "coming", "current", NULL};
    static const char *const ago[] = {"ago", "earlier", "later", "old",
                                      "long", NULL};
    static const char *const days[] = {"today", "yesterday", "tomorrow", NULL};
    size_t e = 0;
    int plural = 0;
    *the_ok = 0;
    if (i >= c->n)
        return 0;
    if (in(c, i, days))
        return i + 1;
    /* ISO 8601: "1996-08-22" */
    if (year_at(c, i) && glue_hyphen(c, i + 1) && kind(c, i + 2) == W5_TW_NUM &&
        word_len(c, i + 2) == 2 && glue_hyphen(c, i + 3) &&
        kind(c, i + 4) == W5_TW_NUM && word_len(c, i + 4) == 2)
        return i + 5;
    if (w5_time_weekday(c->doc, W(i)) && W(i)->upper) {
        e = i + 1;
        size_t me;
        if (is(c, e, ",") && month_at(c, e + 1, &me) && me > e + 2)
            e = me;
        else if (month_at(c, e, &me) && me > e + 1)
            e = me;
        return e;
    }
    if (month_at(c, i, &e))
        return e;
    /* "24 April 2013" */
    if (day_of_month_at(c, i) && !inside_name(c, i)) {
        size_t m = ordinal_suffix_end(c, i + 1);
        if (is(c, m, "of"))
            m++;
        if (m < c->n && W(m)->upper && w5_time_month(c->doc, W(m))) {
            e = m + 1;
            if (year_at(c, e))
                e++;
            return e;
        }
    }
    if (decade_end(c, i, &e)) {
        *the_ok = 1;
        return e;
    }
    if (in(c, i, rel)) {
        int u = date_unit(c, i + 1, &plural);
        if ((u && !plural) || (i + 1 < c->n && (w5_time_season(c->doc, W(i + 1)) ||
                                                 w5_time_weekday(c->doc, W(i + 1)) ||
                                                 w5_time_month(c->doc, W(i + 1))))) {
            *the_ok = 1;
            return i + 2;
        }
        size_t k = count_end(c, i + 1);
        if (k && date_unit(c, k, &plural)) {
            *the_ok = 1;
            return k + 1;
        }
        if (u && plural) { /* "the past weeks" */
            *the_ok = 1;
            return i + 2;
        }
    }
    /* quarters: "first quarter", "third quarter of 2012", "Q3" */
    size_t q = i;
    if (i < c->n && w5_time_ordinal_word(c->doc, W(i)) >= 1 &&
        w5_time_ordinal_word(c->doc, W(i)) <= 4)
        q = i + 1;
    else if (kind(c, i) == W5_TW_NUM && digits(c, i) >= 1 && digits(c, i) <= 4 &&
             ordinal_suffix_end(c, i + 1) > i + 1)
        q = i + 2;
    if (q > i) {
        if (glue_hyphen(c, q))
            q++;
        if (is(c, q, "quarter")) {
            e = q + 1;
            if (is(c, e, "of") && year_at(c, e + 1))
                e += 2;
            *the_ok = 1;
            return e;
        }
    }
    if (is(c, i, "q") && W(i)->upper && kind(c, i + 1) == W5_TW_NUM &&
        glued(c, i + 1) && digits(c, i + 1) >= 1 && digits(c, i + 1) <= 4 &&
        word_len(c, i + 1) == 1) {
        e = i + 2;
        if (year_at(c, e))
            e++;
        return e;
    }
    /* seasons with a year: "spring 2013" */
    if (w5_time_season(c->doc, W(i)) && year_at(c, i + 1))
        return i + 2;
    /* "until the spring", "in the summer", "the summer of 2013": after a
     * time preposition only ("the fall of Kabul", "the spring in the
     * village" are no dates) */
    if (w5_time_season(c->doc, W(i)) && i > 1 && is(c, i - 1, "the") &&
        in(c, i - 2, season_preps)) {
        if (is(c, i + 1, "of")) {
            if (!year_at(c, i + 2))
                return 0;
            *the_ok = 1;
            return i + 3;
        }
        *the_ok = 1;
        return i + 1;
    }
    /* "every week", "each Monday" */
    if ((is(c, i, "every") || is(c, i, "each")) &&
        (date_unit(c, i + 1, &plural) || (i + 1 < c->n && w5_time_weekday(c->doc, W(i + 1)))))
        return i + 2;
    /* durations and distances in time: "three years", "two days ago",
     * "a 10-year", "more than a decade" */
    size_t a = approx_end(c, i);
    size_t k = count_end(c, a);
    if (k) {
        size_t u = k;
        if (glue_hyphen(c, u))
            u++;
        /* "a quarter" of something is rarely a time */
        if (date_unit(c, u, &plural) && date_unit(c, u, &plural) != W5_TU_QUARTER) {
            e = u + 1;
            if (in(c, e, ago) && !glued(c, e))
                e++;
            else if (glue_hyphen(c, e) && is(c, e + 1, "old"))
                e += 2; /* "4-year-old" */
            return e;
        }
    }
    /* bare plural calendar units: "weeks of tension", "for years" */
    if (date_unit(c, i, &plural) && plural) {
        e = i + 1;
        if (is(c, e, "ago"))
            e++;
        return e;
    }
    if (year_in_context(c, i))
        return i + 1;
    return 0;
}

static size_t date_end(const vctx *c, size_t i)
{
    static const char *const mods[] = {"early", "late", "mid", "earlier",
                                       "later", NULL};
    static const char *const parts[] = {"end", "beginning", "start",
                                        "middle", "turn", NULL};
    int the_ok = 0;
    size_t e;
    if (is(c, i, "the") && in(c, i + 1, parts) && is(c, i + 2, "of")) {
        size_t s = i + 3;
        int plural = 0;
        if (is(c, s, "the") && (e = date_core(c, s + 1, &the_ok)) && the_ok)
            return e;
        /* "the end of the year", "the start of the week" */
        if (is(c, s, "the") && date_unit(c, s + 1, &plural) && !plural)
            return s + 2;
        e = date_core(c, s, &the_ok);
        return e;
    }
    if (is(c, i, "the") && is(c, i + 1, "weekend"))
        return i + 2;
    if (is(c, i, "the")) {
        size_t s = i + 1;
        if (in(c, s, mods)) {
            s++;
            if (glue_hyphen(c, s))
                s++;
        }
        e = date_core(c, s, &the_ok);
        return the_ok ? e : 0;
    }
    if (in(c, i, mods)) {
        size_t s = i + 1;
        if (glue_hyphen(c, s))
            s++;
        if ((e = date_core(c, s, &the_ok)))
            return e;
        if (is(c, s, "the") && (e = date_core(c, s + 1, &the_ok)) && the_ok)
            return e;
        return 0;
    }
    return date_core(c, i, &the_ok);
}

/* ---- ORDINAL, CARDINAL ---------------------------------------------------------- */

static size_t ordinal_end(const vctx *c, size_t i)
{
    if (i < c->n && w5_time_ordinal_word(c->doc, W(i)))
        return i + 1;
    if (kind(c, i) == W5_TW_NUM && !inside_name(c, i) &&
        ordinal_suffix_end(c, i + 1) > i + 1)
        return i + 2;
    return 0;
}

static size_t cardinal_end(const vctx *c, size_t i)
{
    static const char *const not_count[] = {"no", "any", "every", "each",
                                            "the", "this", "that", "which",
                                            NULL};
    size_t a = approx_end(c, i);
    size_t e = number_end(c, a, 0);
    if (!e)
        return 0;
    /* "no one", "the one who", "one another" are not counts */
    if (e == a + 1 && is(c, a, "one") &&
        ((a > 0 && in(c, a - 1, not_count)) || is(c, a + 1, "another")))
        return 0;
    /* digits glued to letters after them are a code ("5G", "3D") */
    if (kind(c, e - 1) == W5_TW_NUM && glued(c, e) && kind(c, e) == W5_TW_ALPHA)
        return 0;
    return e;
}

/* ---- NORP ------------------------------------------------------------------------ */

/* Group words that are also ordinary capitalised words at the start of a
 * sentence or in names. */
static int ambiguous_group(const vctx *c, size_t i)
{
    static const char *const words[] = {
        "green", "greens", "liberal", "liberals", "conservative",
        "conservatives", "democratic", "western", "orthodox", "roma",
        "unionist", "unionists", "nationalist", "nationalists", "socialist",
        "loyalist", "loyalists", "labourite", "pole", "poles", "finn", "kiwi",
        "kiwis", NULL};
    return in(c, i, words);
}

/* The number of words of a NORP phrase at i (0 when none). */
static size_t norp_len(const vctx *c, size_t i, size_t sent_first)
{
    if (!c->lex || kind(c, i) != W5_TW_ALPHA || !W(i)->upper)
        return 0;
    w5_lexkey key;
    w5_lexkey_init(&key);
    size_t best = 0;
    for (size_t k = 0; k < 3 && i + k < c->n; k++) {
        const w5_tw *w = W(i + k);
        if (w->kind != W5_TW_ALPHA || !w->upper || (k > 0 && w->glued))
            break;
        w5_lexkey_add(&key, c->doc->text + w->start, w->end - w->start);
        uint32_t f = w5_lexicon_flags_key(c->lex, &key);
        if ((f & (W5_LEX_DEMONYM | W5_LEX_GROUP)) && !(f & W5_LEX_COUNTRY))
            best = k + 1;
    }
    if (best == 1 && i == sent_first && ambiguous_group(c, i))
        return 0;
    if (best == 1 && ambiguous_group(c, i) && i + 1 < c->n &&
        W(i + 1)->upper && !W(i + 1)->glued)
        return 0; /* "Green Party", "Liberal Democrats" are names */
    return best;
}

/* Whether a value expression can start at word i: digits, a currency
 * sign, or one of the few words that open one. Most words are none of
 * these, so this check keeps the matchers off them (the scan is then
 * about as fast as the tokenizer). */
/* strcmp's order, inline: the words compared are a few letters long, and
 * this runs for every word of every document. */
static int cmp_word(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return (unsigned char)*a - (unsigned char)*b;
}

/* Whether `word` is one of the n sorted `words`. */
static int in_sorted(const char *word, const char *const *words, size_t n)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = cmp_word(word, words[mid]);
        if (c == 0)
            return 1;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return 0;
}

static int may_start_value(const vctx *c, size_t i)
{
    static const char *const starters[] = {
        "a", "about", "almost", "an", "approx.", "approximately", "apr",
        "apr.", "april", "around", "as", "at", "aug", "aug.", "august",
        "autumn", "billions", "c", "centuries", "chf", "circa", "cny",
        "coming", "current", "days", "dec", "dec.", "decades", "december",
        "dozen", "dozens", "each", "earlier", "early", "eight", "eighteen",
        "eighteenth", "eighth", "eighty", "eleven", "eleventh", "eur",
        "every", "fall", "feb", "feb.", "february", "few", "fewer", "fifteen",
        "fifteenth", "fifth", "fifty", "first", "five", "forty", "four",
        "fourteen", "fourteenth", "fourth", "friday", "gbp", "half", "hk",
        "hours", "hrs", "hundreds", "hundredth", "inr", "jan", "jan.",
        "january", "jpy", "jul", "jul.", "july", "jun", "jun.", "june",
        "just", "last", "late", "later", "less", "many", "mar", "mar.",
        "march", "may", "may.", "mid", "midnight", "millions", "mins",
        "minutes", "monday", "months", "more", "nearly", "next", "nine",
        "nineteen", "nineteenth", "ninety", "ninth", "no", "noon", "not",
        "nov", "nov.", "november", "nz", "oct", "oct.", "october", "one",
        "over", "overnight", "past", "previous", "q", "quarters", "r",
        "recent", "roughly", "rs", "rs.", "s", "saturday", "second",
        "seconds", "sep", "sep.", "sept", "sept.", "september", "seven",
        "seventeen", "seventeenth", "seventh", "seventy", "several", "six",
        "sixteen", "sixteenth", "sixth", "sixty", "some", "spring", "summer",
        "sunday", "ten", "tens", "tenth", "that", "the", "third", "thirteen",
        "thirteenth", "thirtieth", "thirty", "this", "thousands", "three",
        "thursday", "today", "tomorrow", "tonight", "tuesday", "twelfth",
        "twelve", "twentieth", "twenty", "two", "under", "up", "upwards",
        "us", "usd", "wednesday", "weekends", "weeks", "well", "winter",
        "years", "yesterday", "yrs",
    };
    const w5_tw *w = W(i);
    if (w->kind == W5_TW_NUM || w->kind == W5_TW_CLOCK)
        return 1;
    if (w->kind == W5_TW_PUNCT)
        return currency_symbol(c, i) || is(c, i, "'") || is(c, i, "\xE2\x80\x99");
    size_t n = w->end - w->start;
    char lower[16];
    if (n >= sizeof lower)
        return 0;
    for (size_t k = 0; k < n; k++) {
        char ch = c->doc->text[w->start + k];
        lower[k] = ch >= 'A' && ch <= 'Z' ? (char)(ch + 32) : ch;
    }
    lower[n] = '\0';
    return in_sorted(lower, starters, sizeof starters / sizeof *starters);
}

/* ---- driver --------------------------------------------------------------------- */

static int emit(w5_doc *doc, const vctx *c, size_t i, size_t e, uint32_t sent,
                w5_etype type)
{
    w5_ment m = {.tok_begin = W(i)->tok, .tok_end = W(e - 1)->tok + 1,
                 .start = W(i)->start, .end = W(e - 1)->end, .sent = sent,
                 .type = (uint8_t)type, .kind = W5_MENTION_NAME,
                 .entity = -1, .head_tok = W(e - 1)->tok};
    return w5_vec_push(&doc->ments, m);
}

static int run_sentence(const w5_lexicon *lex, w5_doc *doc, w5_tw_vec *words,
                        uint32_t tb, uint32_t te, uint32_t sent)
{
    words->n = 0;
    if (w5_time_split_words(doc, tb, te, 0, doc->len, words))
        return W5_ERR_NOMEM;
    vctx ctx = {.doc = doc, .lex = lex, .w = words->v, .n = words->n,
                .approx_at = SIZE_MAX};
    const vctx *c = &ctx;
    size_t (*const matchers[])(const vctx *, size_t) = {
        money_end, percent_end, quantity_end, time_end, date_end,
        ordinal_end, cardinal_end};
    static const w5_etype types[] = {W5_E_MONEY, W5_E_PERCENT, W5_E_QUANTITY,
                                     W5_E_TIME, W5_E_DATE, W5_E_ORDINAL,
                                     W5_E_CARDINAL};
    size_t i = 0;
    while (i < c->n) {
        size_t best = i;
        w5_etype type = W5_E_NONE;
        int starts = may_start_value(c, i);
        if (starts) {
            ctx.approx_e = approx_scan(c, i);
            ctx.approx_at = i;
        }
        for (size_t m = 0; starts && m < sizeof types / sizeof *types; m++) {
            size_t e = matchers[m](c, i);
            if (e > best) {
                best = e;
                type = types[m];
            }
        }
        if (type == W5_E_NONE) {
            size_t k = norp_len(c, i, 0);
            if (k) {
                best = i + k;
                type = W5_E_NORP;
            }
        }
        if (type == W5_E_NONE) {
            i++;
            continue;
        }
        if (emit(doc, c, i, best, sent, type))
            return W5_ERR_NOMEM;
        if (type == W5_E_NORP) {
            /* "Pakistanis", "Muslims" are plural ("they"); "Swiss" not */
            const w5_tw *last = W(best - 1);
            const char *t = doc->text + last->start;
            size_t n = last->end - last->start;
            doc->ments.v[doc->ments.n - 1].plural =
                n > 3 && t[n - 1] == 's' && t[n - 2] != 's';
        }
        i = best;
    }
    return 0;
}

int w5_values_run(const w5_lexicon *lex, w5_doc *doc, w5_error *err)
{
    if (!doc)
        return w5_fail(err, W5_ERR_INVALID, "w5_values_run: doc is NULL");
    w5_tw_vec words = {0};
    int rc = 0;
    if (doc->sents.n == 0) {
        rc = run_sentence(lex, doc, &words, 0, (uint32_t)doc->toks.n, 0);
    } else {
        for (size_t s = 0; s < doc->sents.n && !rc; s++)
            rc = run_sentence(lex, doc, &words, doc->sents.v[s].tok_begin,
                              doc->sents.v[s].tok_end, (uint32_t)s);
    }
    w5_vec_free(&words);
    if (rc)
        return w5_fail(err, rc, "out of memory");
    return W5_OK;
}
