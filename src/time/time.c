/*
 * time.c - TIMEX3 normalisation of DATE/TIME mentions (see time.h).
 *
 * Each mention is re-read word by word (time/timewords.h) into a small
 * record of what it says (a year, a month, a weekday, "next" + a unit, a
 * count of units, "ago", a clock time, a modifier...), and the record is
 * then turned into a value, using the document date for the relative
 * parts. Calendar arithmetic is on day numbers (days since 1970-01-01,
 * proleptic Gregorian).
 */
#include "time/time.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "doc/tagset.h"
#include "time/timewords.h"

/* ---- calendar ---------------------------------------------------------------- */

/* Days since 1970-01-01 (H. Hinnant's days_from_civil). */
long w5_days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* ISO weekday, Monday = 1 (1970-01-01 was a Thursday). */
static int iso_weekday(long z)
{
    return (int)(((z % 7) + 7 + 3) % 7) + 1;
}

static void iso_week(long z, int *wy, int *wn)
{
    long thursday = z - (iso_weekday(z) - 1) + 3;
    int y, m, d;
    civil_from_days(thursday, &y, &m, &d);
    *wy = y;
    *wn = (int)((thursday - w5_days_from_civil(y, 1, 1)) / 7 + 1);
}

/* ---- what a mention says ------------------------------------------------------- */

enum { REL_NONE = 0, REL_THIS, REL_NEXT, REL_LAST };
enum { TENSE_NONE = 0, TENSE_PAST, TENSE_FUTURE };
enum { DAY_NONE = 0, DAY_TODAY, DAY_YESTERDAY, DAY_TOMORROW, DAY_TONIGHT };

typedef struct tparse {
    int year, month, day, weekday, decade, season, quarter, part;
    int hour, minute, has_clock;
    int rel, rel_unit;     /* "next" + unit */
    int rel_target;        /* "next" + a weekday/month/season */
    int rel_year;          /* "January of last year": the rel of the year */
    int today;
    double count;
    int has_count, vague_count;
    int unit, unit_plural;
    int ago, every, ordinal;
    const char *mod;
} tparse;

typedef struct tctx {
    const w5_doc *doc;
    const w5_tw *w;
    size_t n;
} tctx;

#define TW(i) (&c->w[(i)])

static int tis(const tctx *c, size_t i, const char *s)
{
    return i < c->n && w5_time_word_is(c->doc, TW(i), s);
}

static int tin(const tctx *c, size_t i, const char *const *list)
{
    return i < c->n && w5_time_word_in(c->doc, TW(i), list);
}

/* Reads the modifier words at the start; returns the first other word. */
static size_t read_modifier(const tctx *c, size_t i, tparse *p)
{
    static const char *const approx[] = {
        "about", "around", "some", "roughly", "approximately", "nearly",
        "almost", "circa", "approx.", NULL};
    if ((tis(c, i, "more") || tis(c, i, "upwards")) &&
        (tis(c, i + 1, "than") || tis(c, i + 1, "of"))) {
        p->mod = "MORE_THAN";
        return i + 2;
    }
    if ((tis(c, i, "less") || tis(c, i, "fewer")) && tis(c, i + 1, "than")) {
        p->mod = "LESS_THAN";
        return i + 2;
    }
    if (tis(c, i, "up") && tis(c, i + 1, "to")) {
        p->mod = "EQUAL_OR_LESS";
        return i + 2;
    }
    if (tis(c, i, "at") && tis(c, i + 1, "least")) {
        p->mod = "EQUAL_OR_MORE";
        return i + 2;
    }
    if (tis(c, i, "at") && tis(c, i + 1, "most")) {
        p->mod = "EQUAL_OR_LESS";
        return i + 2;
    }
    if ((tis(c, i, "no") || tis(c, i, "not")) && tis(c, i + 1, "more") &&
        tis(c, i + 2, "than")) {
        p->mod = "EQUAL_OR_LESS";
        return i + 3;
    }
    if (tis(c, i, "just") && (tis(c, i + 1, "over") || tis(c, i + 1, "under"))) {
        p->mod = tis(c, i + 1, "over") ? "MORE_THAN" : "LESS_THAN";
        return i + 2;
    }
    if (tis(c, i, "over")) {
        p->mod = "MORE_THAN";
        return i + 1;
    }
    if (tis(c, i, "under")) {
        p->mod = "LESS_THAN";
        return i + 1;
    }
    if (tis(c, i, "an") && tis(c, i + 1, "estimated")) {
        p->mod = "APPROX";
        return i + 2;
    }
    if (tin(c, i, approx)) {
        p->mod = "APPROX";
        return i + 1;
    }
    return i;
}

static void add_count(tparse *p, double v)
{
    if (!p->has_count) {
        p->count = v;
    } else if (v >= 100 && p->count < v) {
        p->count *= v; /* "two hundred" */
    } else {
        p->count += v; /* "twenty-five", "hundred and ten" */
    }
    p->has_count = 1;
}

static void read_words(const tctx *c, tparse *p)
{
    static const char *const rel_this[] = {"this", "current", "coming", NULL};
    static const char *const rel_last[] = {"last", "past", "previous", NULL};
    static const char *const ampm_pm[] = {"p.m.", "pm", "p.m", NULL};
    static const char *const ampm_am[] = {"a.m.", "am", "a.m", NULL};
    static const char *const vague[] = {"several", "few", "many", "some",
                                        "recent", NULL};
    static const char *const every[] = {"every", "each", NULL};
    static const char *const adverbs[] = {"daily", "weekly", "monthly",
                                          "annually", "yearly", "hourly", NULL};
    static const int adverb_units[] = {W5_TU_DAY, W5_TU_WEEK, W5_TU_MONTH,
                                       W5_TU_YEAR, W5_TU_YEAR, W5_TU_HOUR};
    size_t i = read_modifier(c, 0, p);
    for (; i < c->n; i++) {
        const w5_tw *w = TW(i);
        int k, plural = 0;
        double v;
        if (w->kind == W5_TW_CLOCK) {
            const char *s = c->doc->text + w->start;
            int h = 0, mi = 0;
            size_t j = 0, n = w->end - w->start;
            /* capped: "777777777:99" must not overflow */
            for (; j < n && s[j] != ':'; j++)
                if (h < 1000 && s[j] >= '0' && s[j] <= '9')
                    h = h * 10 + (s[j] - '0');
            for (j++; j < n && s[j] >= '0' && s[j] <= '9'; j++)
                if (mi < 1000)
                    mi = mi * 10 + (s[j] - '0');
            p->hour = h;
            p->minute = mi;
            p->has_clock = h <= 24 && mi < 60;
            if (tin(c, i + 1, ampm_pm) && p->hour < 12)
                p->hour += 12;
            if (tin(c, i + 1, ampm_am) && p->hour == 12)
                p->hour = 0;
            continue;
        }
        if (w->kind == W5_TW_NUM) {
            v = w5_time_digits(c->doc, w);
            if (!(v >= 0 && v < 1e9)) /* also NaN; keeps (int)v defined */
                continue;
            size_t len = w->end - w->start;
            if (len == 4 && v >= 1000 && v <= 2099 && i + 4 < c->n &&
                tis(c, i + 1, "-") && tis(c, i + 3, "-") &&
                TW(i + 2)->kind == W5_TW_NUM && TW(i + 4)->kind == W5_TW_NUM &&
                TW(i + 1)->glued && TW(i + 2)->glued && TW(i + 3)->glued &&
                TW(i + 4)->glued) {
                /* ISO 8601 "1996-08-22" */
                double mo = w5_time_digits(c->doc, TW(i + 2));
                double dd = w5_time_digits(c->doc, TW(i + 4));
                if (mo >= 1 && mo <= 12 && dd >= 1 && dd <= 31) {
                    p->year = (int)v;
                    p->month = (int)mo;
                    p->day = (int)dd;
                }
                i += 4;
            } else if (len == 4 && v >= 1000 && v <= 2099 && tis(c, i + 1, "s") &&
                TW(i + 1)->glued) {
                p->decade = (int)v / 10;
                i++;
            } else if (len == 2 && i > 0 && (tis(c, i - 1, "'") ||
                                             tis(c, i - 1, "\xE2\x80\x99")) &&
                       tis(c, i + 1, "s")) {
                p->decade = (v >= 30 ? 190 : 200) + (int)v / 10;
                i++;
            } else if (tin(c, i + 1, ampm_pm) || tin(c, i + 1, ampm_am) ||
                       tis(c, i + 1, "o'clock")) {
                p->hour = (int)v % 12 + (tin(c, i + 1, ampm_pm) ? 12 : 0);
                p->minute = 0;
                p->has_clock = v >= 0 && v <= 12;
            } else if (i > 0 && tis(c, i - 1, "q") && w->glued) {
                p->quarter = (int)v;
            } else if (len == 4 && v >= 1000 && v <= 2099 &&
                       !(i + 1 < c->n && w5_time_unit(c->doc, TW(i + 1), NULL))) {
                p->year = (int)v;
            } else if (len <= 2 && v >= 1 && v <= 31 &&
                       ((i > 0 && w5_time_month(c->doc, TW(i - 1))) ||
                        (i + 1 < c->n && w5_time_month(c->doc, TW(i + 1))) ||
                        (i + 2 < c->n && tis(c, i + 2, "of")) ||
                        (i + 2 < c->n && w5_time_month(c->doc, TW(i + 2))))) {
                if (i + 1 < c->n && TW(i + 1)->glued && tis(c, i + 1, "th")) {
                    /* "24th" */
                }
                if (!(i + 1 < c->n && tis(c, i + 1, "quarter")))
                    p->day = (int)v;
            } else if (i + 1 < c->n && TW(i + 1)->glued &&
                       (tis(c, i + 1, "st") || tis(c, i + 1, "nd") ||
                        tis(c, i + 1, "rd") || tis(c, i + 1, "th"))) {
                p->ordinal = (int)v;
                i++;
            } else {
                add_count(p, v);
            }
            continue;
        }
        if (w->kind != W5_TW_ALPHA)
            continue;
        if (tis(c, i, "today") || tis(c, i, "now"))
            p->today = DAY_TODAY;
        else if (tis(c, i, "yesterday"))
            p->today = DAY_YESTERDAY;
        else if (tis(c, i, "tomorrow"))
            p->today = DAY_TOMORROW;
        else if (tis(c, i, "tonight")) {
            p->today = DAY_TONIGHT;
            p->part = 4;
        } else if (tis(c, i, "noon") || tis(c, i, "midday")) {
            p->hour = 12;
            p->has_clock = 1;
        } else if (tis(c, i, "midnight")) {
            p->hour = 24;
            p->has_clock = 1;
        } else if (tin(c, i, rel_this))
            p->rel = REL_THIS;
        else if (tis(c, i, "next"))
            p->rel = REL_NEXT;
        else if (tin(c, i, rel_last))
            p->rel = REL_LAST;
        else if (tis(c, i, "ago") || (p->unit && (tis(c, i, "earlier") ||
                                                  tis(c, i, "before"))))
            p->ago = 1;
        else if (tis(c, i, "early") || tis(c, i, "beginning") || tis(c, i, "start"))
            p->mod = "START";
        else if (tis(c, i, "late") || tis(c, i, "end"))
            p->mod = "END";
        else if (tis(c, i, "mid") || tis(c, i, "middle"))
            p->mod = "MID";
        else if (tin(c, i, every))
            p->every = 1;
        else if ((k = tin(c, i, adverbs))) {
            p->every = 1;
            p->unit = adverb_units[k - 1];
        } else if ((k = w5_time_weekday(c->doc, w)))
            p->weekday = k, p->rel_target |= p->rel != REL_NONE;
        else if ((k = w5_time_month(c->doc, w)) && (w->upper || i > 0))
            p->month = k, p->rel_target |= p->rel != REL_NONE;
        else if ((k = w5_time_season(c->doc, w)))
            p->season = k, p->rel_target |= p->rel != REL_NONE;
        else if ((k = w5_time_part_of_day(c->doc, w)))
            p->part = k;
        else if ((k = w5_time_unit(c->doc, w, &plural))) {
            if (k == W5_TU_QUARTER && p->ordinal) {
                p->quarter = p->ordinal;
            } else {
                p->unit = k;
                p->unit_plural = plural;
            }
        } else if ((k = w5_time_ordinal_word(c->doc, w)))
            p->ordinal = k;
        else if ((v = w5_time_number_word(c->doc, w)) >= 0)
            add_count(p, v);
        else if ((tis(c, i, "a") || tis(c, i, "an")) && !p->has_count)
            add_count(p, 1);
        else if (tis(c, i, "half"))
            add_count(p, 0.5);
        else if (tin(c, i, vague))
            p->vague_count = 1;
    }
    /* "January of last year", "May 5 this year": a date in the year
     * the relative names (not a shift of a year from today) */
    if (p->rel && p->unit == W5_TU_YEAR && (p->month || p->season) && !p->year &&
        !p->has_count && !p->vague_count && !p->unit_plural && !p->rel_target) {
        p->rel_year = p->rel;
        p->rel = REL_NONE;
        p->unit = 0;
    }
    /* a lone singular unit is definite: "the end of the year", "the
     * weekend" mean this one */
    if (!p->rel && p->unit && !p->has_count && !p->vague_count &&
        !p->unit_plural && !p->every && !p->ago)
        p->rel = REL_THIS;
    if (p->rel && p->unit && !p->has_count && !p->vague_count && !p->unit_plural)
        p->rel_unit = p->unit;
}

/* ---- tense ------------------------------------------------------------------------ */

/* "will", "shall", "'ll", "wo" (of "won't"), any case. */
static int is_future_modal(const char *w, size_t n)
{
    static const char *const modals[] = {"will", "shall", "'ll", "\xE2\x80\x99ll",
                                         "wo", NULL};
    for (int i = 0; modals[i]; i++) {
        size_t k = strlen(modals[i]), j = 0;
        if (k != n)
            continue;
        while (j < n && (w[j] | 0x20) == (modals[i][j] | 0x20))
            j++;
        if (j == n)
            return 1;
    }
    return 0;
}

static const char *xpos_of(const w5_doc *doc, uint32_t t)
{
    uint8_t x = doc->toks.v[t].xpos;
    return x && x < W5_XPOS_COUNT ? w5_xpos_names[x] : "";
}

/* The tense of the verb governing a mention, from the parse: walk up from
 * the mention's last token to the first verb; its own tag (VBD) or its
 * auxiliaries (will, did, had, was) give the tense. TENSE_NONE when the
 * walk finds no verb or a present one. -1 when there is no parse. */
static int governing_tense(const w5_doc *doc, const w5_ment *m)
{
    if (!(doc->stages & W5_STAGE_PARSE) || m->tok_end == 0 ||
        m->tok_end > doc->toks.n)
        return -1;
    int32_t t = (int32_t)m->tok_end - 1;
    for (int steps = 0; steps < 64; steps++) {
        t = doc->toks.v[t].head;
        if (t < 0 || (size_t)t >= doc->toks.n)
            return -1;
        if (xpos_of(doc, (uint32_t)t)[0] == 'V')
            break;
    }
    if (t < 0 || xpos_of(doc, (uint32_t)t)[0] != 'V')
        return -1;
    if (strcmp(xpos_of(doc, (uint32_t)t), "VBD") == 0)
        return TENSE_PAST;
    /* auxiliaries are the verb's dependents to its left */
    const w5_sent *s = &doc->sents.v[doc->toks.v[t].sent];
    for (uint32_t a = s->tok_begin; a < (uint32_t)t && a < doc->toks.n; a++) {
        if (doc->toks.v[a].head != t)
            continue;
        const char *x = xpos_of(doc, a);
        const w5_tok *tok = &doc->toks.v[a];
        if (strcmp(x, "MD") == 0 && is_future_modal(doc->text + tok->start,
                                                    tok->end - tok->start))
            return TENSE_FUTURE;
        if (strcmp(x, "VBD") == 0)
            return TENSE_PAST; /* did, had, was */
        /* the present perfect looks back: "have protested since October" */
        size_t tn = tok->end - tok->start;
        if ((strcmp(x, "VBZ") == 0 || strcmp(x, "VBP") == 0) &&
            strcmp(xpos_of(doc, (uint32_t)t), "VBN") == 0 &&
            ((tn == 3 && strncasecmp(doc->text + tok->start, "has", 3) == 0) ||
             (tn == 4 && strncasecmp(doc->text + tok->start, "have", 4) == 0)))
            return TENSE_PAST;
    }
    return TENSE_NONE;
}

/* The tense around a mention: that of the verb governing it when the
 * parse exists, else the closest past-tense verb or future modal in its
 * sentence when the tagger has run. */
static int mention_tense(const w5_doc *doc, const w5_ment *m)
{
    /* "since October" is behind us whatever the verb */
    if (m->tok_begin > 0 && m->tok_begin < doc->toks.n) {
        const w5_tok *p = &doc->toks.v[m->tok_begin - 1];
        if (p->end - p->start == 5 && strncasecmp(doc->text + p->start, "since", 5) == 0)
            return TENSE_PAST;
    }
    if (!(doc->stages & W5_STAGE_TAGS) || m->sent >= doc->sents.n)
        return TENSE_NONE;
    int governed = governing_tense(doc, m);
    if (governed >= 0)
        return governed;
    const w5_sent *s = &doc->sents.v[m->sent];
    long best = -1;
    int tense = TENSE_NONE;
    for (uint32_t t = s->tok_begin; t < s->tok_end && t < doc->toks.n; t++) {
        if (t >= m->tok_begin && t < m->tok_end)
            continue;
        const w5_tok *tok = &doc->toks.v[t];
        if (!tok->xpos || tok->xpos >= W5_XPOS_COUNT)
            continue;
        const char *x = w5_xpos_names[tok->xpos];
        int this_tense = TENSE_NONE;
        if (strcmp(x, "VBD") == 0) {
            this_tense = TENSE_PAST;
        } else if (strcmp(x, "MD") == 0) {
            if (is_future_modal(doc->text + tok->start, tok->end - tok->start))
                this_tense = TENSE_FUTURE;
        }
        if (this_tense == TENSE_NONE)
            continue;
        long d = t < m->tok_begin ? (long)(m->tok_begin - t) : (long)(t - m->tok_end + 1);
        if (best < 0 || d < best) {
            best = d;
            tense = this_tense;
        }
    }
    return tense;
}

/* ---- values ------------------------------------------------------------------------ */

typedef struct tvalue {
    char value[64];
    const char *mod;
    int kind;
    int resolved;
} tvalue;

static const char *const part_codes[] = {"", "MO", "AF", "EV", "NI"};
static const char *const season_codes[] = {"", "SP", "SU", "FA", "WI"};

static void put_date(tvalue *v, long z)
{
    int y, m, d;
    civil_from_days(z, &y, &m, &d);
    snprintf(v->value, sizeof v->value, "%04d-%02d-%02d", y, m, d);
}

static void append(tvalue *v, const char *fmt, int a, int b)
{
    size_t n = strlen(v->value);
    snprintf(v->value + n, sizeof v->value - n, fmt, a, b);
}

/* The day of a weekday seen from the anchor, by tense (or "last"/"next"). */
static long place_weekday(long anchor, int wd, int tense, int rel)
{
    int awd = iso_weekday(anchor);
    int back = (awd - wd + 7) % 7, fwd = (wd - awd + 7) % 7;
    if (rel == REL_LAST)
        return anchor - (back ? back : 7);
    if (rel == REL_NEXT)
        return anchor + (fwd ? fwd : 7);
    if (tense == TENSE_PAST)
        return anchor - back;
    if (tense == TENSE_FUTURE)
        return anchor + fwd;
    return back <= fwd ? anchor - back : anchor + fwd;
}

/* The year of a month (and day) without one, by tense. */
static int place_year(const w5_doc *doc, int month, int day, int tense, int rel)
{
    int ay = doc->anchor_year, am = doc->anchor_month, ad = doc->anchor_day;
    int cmp = month != am ? month - am : (day ? day - ad : 0);
    if (rel == REL_LAST)
        return cmp < 0 ? ay : ay - 1;
    if (rel == REL_NEXT)
        return cmp > 0 ? ay : ay + 1;
    if (tense == TENSE_PAST)
        return cmp <= 0 ? ay : ay - 1;
    if (tense == TENSE_FUTURE)
        return cmp >= 0 ? ay : ay + 1;
    /* no tense to go by: the nearest ("the summit on March 10", written
     * in November, is next March's) */
    if (month - am > 6)
        return ay - 1;
    if (am - month > 6)
        return ay + 1;
    return ay;
}

static const char *unit_code(int unit)
{
    switch (unit) {
    case W5_TU_SECOND: return "S";
    case W5_TU_MINUTE: return "M";
    case W5_TU_HOUR: return "H";
    case W5_TU_DAY: return "D";
    case W5_TU_WEEK: return "W";
    case W5_TU_WEEKEND: return "WE";
    case W5_TU_MONTH: return "M";
    case W5_TU_QUARTER: return "Q";
    case W5_TU_YEAR: return "Y";
    case W5_TU_DECADE: return "DE";
    case W5_TU_CENTURY: return "CE";
    default: return "";
    }
}

static void put_duration(tvalue *v, const tparse *p)
{
    const char *t = p->unit <= W5_TU_HOUR ? "T" : "";
    if (p->has_count) {
        char num[32];
        snprintf(num, sizeof num, "%g", p->count);
        snprintf(v->value, sizeof v->value, "P%s%s%s", t, num, unit_code(p->unit));
    } else {
        snprintf(v->value, sizeof v->value, "P%sX%s", t, unit_code(p->unit));
    }
    v->kind = W5_TIME_DURATION;
}

/* A date some units before (sign -1) or after the anchor, at the unit's
 * precision: "two days ago", "last month", "next year". */
static void put_shifted(tvalue *v, const w5_doc *doc, int unit, long amount)
{
    long anchor = w5_days_from_civil(doc->anchor_year, doc->anchor_month,
                                  doc->anchor_day);
    int y = doc->anchor_year, m = doc->anchor_month, wy, wn;
    long months;
    switch (unit) {
    case W5_TU_DAY:
        put_date(v, anchor + amount);
        break;
    case W5_TU_WEEK:
    case W5_TU_WEEKEND:
        iso_week(anchor + 7 * amount, &wy, &wn);
        snprintf(v->value, sizeof v->value, "%04d-W%02d%s", wy, wn,
                 unit == W5_TU_WEEKEND ? "-WE" : "");
        break;
    case W5_TU_MONTH:
        months = (long)y * 12 + (m - 1) + amount;
        snprintf(v->value, sizeof v->value, "%04ld-%02ld", months / 12, months % 12 + 1);
        break;
    case W5_TU_QUARTER:
        months = (long)y * 4 + (m - 1) / 3 + amount;
        snprintf(v->value, sizeof v->value, "%04ld-Q%ld", months / 4, months % 4 + 1);
        break;
    case W5_TU_YEAR:
        snprintf(v->value, sizeof v->value, "%04ld", y + amount);
        break;
    case W5_TU_DECADE:
        snprintf(v->value, sizeof v->value, "%03ldX", y / 10 + amount);
        break;
    case W5_TU_CENTURY:
        snprintf(v->value, sizeof v->value, "%02ldXX", y / 100 + amount);
        break;
    default:
        v->value[0] = '\0';
        return;
    }
    v->resolved = 1;
}

static void put_unresolved_unit(tvalue *v, int unit)
{
    const char *s = "";
    switch (unit) {
    case W5_TU_DAY: s = "XXXX-XX-XX"; break;
    case W5_TU_WEEK: s = "XXXX-WXX"; break;
    case W5_TU_WEEKEND: s = "XXXX-WXX-WE"; break;
    case W5_TU_MONTH: s = "XXXX-XX"; break;
    case W5_TU_QUARTER: s = "XXXX-QX"; break;
    case W5_TU_YEAR: s = "XXXX"; break;
    case W5_TU_DECADE: s = "XXXX"; break;
    case W5_TU_CENTURY: s = "XXXX"; break;
    default: break;
    }
    snprintf(v->value, sizeof v->value, "%s", s);
}

/* The calendar day of a mention (explicit, today/yesterday, weekday);
 * -1 when it names none, -2 when it does but there is no anchor. */
static long day_of(const w5_doc *doc, const tparse *p, int tense, tvalue *v)
{
    int has_anchor = doc->anchor_year > 0;
    long anchor = has_anchor ? w5_days_from_civil(doc->anchor_year, doc->anchor_month,
                                               doc->anchor_day) : 0;
    if (p->month && p->day && p->year)
        return w5_days_from_civil(p->year, p->month, p->day);
    if (p->month && p->day) {
        if (!has_anchor)
            return -2;
        v->resolved = 1;
        return w5_days_from_civil(place_year(doc, p->month, p->day, tense, p->rel),
                               p->month, p->day);
    }
    if (p->today) {
        if (!has_anchor)
            return -2;
        v->resolved = 1;
        return anchor + (p->today == DAY_YESTERDAY ? -1 : p->today == DAY_TOMORROW ? 1 : 0);
    }
    if (p->weekday) {
        if (!has_anchor)
            return -2;
        v->resolved = 1;
        return place_weekday(anchor, p->weekday, tense, p->rel);
    }
    return -1;
}

/* The unresolved form of a day: "XXXX-WXX-1", "XXXX-04-24", "XXXX-XX-XX". */
static void put_unresolved_day(tvalue *v, const tparse *p)
{
    if (p->month && p->day)
        snprintf(v->value, sizeof v->value, "XXXX-%02d-%02d", p->month, p->day);
    else if (p->weekday && !p->today)
        snprintf(v->value, sizeof v->value, "XXXX-WXX-%d", p->weekday);
    else
        snprintf(v->value, sizeof v->value, "XXXX-XX-XX");
}

static int normalise_parse(const w5_doc *doc, const tparse *p, int tense, tvalue *v)
{
    int has_anchor = doc->anchor_year > 0;
    v->kind = W5_TIME_DATE;
    v->mod = p->mod;
    v->resolved = 0;
    v->value[0] = '\0';
    /* sets: "every week", "each Monday", "daily" */
    if (p->every) {
        v->kind = W5_TIME_SET;
        if (p->weekday)
            snprintf(v->value, sizeof v->value, "XXXX-WXX-%d", p->weekday);
        else if (p->unit)
            snprintf(v->value, sizeof v->value, "P%s1%s",
                     p->unit <= W5_TU_HOUR ? "T" : "", unit_code(p->unit));
        return v->value[0] != '\0';
    }
    /* "two days ago", "three years earlier" */
    if (p->ago && p->unit && p->count > 100000)
        return 0; /* no calendar reaches that far */
    if (p->ago && p->unit) {
        if (!p->has_count) {
            snprintf(v->value, sizeof v->value, "PAST_REF");
            return 1;
        }
        if (!has_anchor) {
            put_unresolved_unit(v, p->unit);
            return v->value[0] != '\0';
        }
        if (p->unit <= W5_TU_HOUR) {
            put_date(v, w5_days_from_civil(doc->anchor_year, doc->anchor_month,
                                        doc->anchor_day));
            v->resolved = 1;
            return 1;
        }
        put_shifted(v, doc, p->unit, -(long)p->count);
        return v->value[0] != '\0';
    }
    /* clock times, on the day the mention names or the document's */
    if (p->has_clock) {
        v->kind = W5_TIME_TIME;
        long z = day_of(doc, p, tense, v);
        if (z == -1 && has_anchor) {
            z = w5_days_from_civil(doc->anchor_year, doc->anchor_month, doc->anchor_day);
            v->resolved = 1;
        }
        if (z >= 0 || z < -2)
            put_date(v, z);
        else
            put_unresolved_day(v, p);
        append(v, "T%02d:%02d", p->hour, p->minute);
        return 1;
    }
    /* durations: "three weeks", "more than three hours", "the past three
     * years", "weeks" */
    if (p->unit && (p->has_count || p->vague_count || p->unit_plural) &&
        !p->rel_unit && !p->rel_target) {
        put_duration(v, p);
        return 1;
    }
    /* "next year", "last week", "this month" */
    if (p->rel_unit) {
        long amount = p->rel == REL_NEXT ? 1 : p->rel == REL_LAST ? -1 : 0;
        if (p->rel_unit == W5_TU_WEEKEND && p->rel == REL_THIS && has_anchor) {
            /* "the weekend" seen from a weekday: the one before in the
             * past tense, the one after in the future, else the nearer */
            int awd = iso_weekday(w5_days_from_civil(doc->anchor_year,
                                                  doc->anchor_month,
                                                  doc->anchor_day));
            if (awd <= 5 && (tense == TENSE_PAST ||
                             (tense == TENSE_NONE && awd <= 3)))
                amount = -1;
        }
        if (!has_anchor) {
            put_unresolved_unit(v, p->rel_unit);
        } else {
            put_shifted(v, doc, p->rel_unit, amount);
        }
        return v->value[0] != '\0';
    }
    /* "next spring", "last summer", "spring 2013" */
    if (p->season) {
        int y = p->year;
        if (!y && has_anchor) {
            y = doc->anchor_year + (p->rel == REL_NEXT ? 1 : p->rel == REL_LAST ? -1 : 0);
            /* with no "next" or "last", the tense says which: "will
             * resume in the spring" said in November is next year's */
            int starts = 3 * p->season, now = doc->anchor_month;
            if (!p->rel && tense == TENSE_FUTURE && starts < now - 1)
                y++;
            else if (!p->rel && tense == TENSE_PAST && starts > now)
                y--;
            v->resolved = 1;
        }
        if (y)
            snprintf(v->value, sizeof v->value, "%04d-%s", y, season_codes[p->season]);
        else
            snprintf(v->value, sizeof v->value, "XXXX-%s", season_codes[p->season]);
        return 1;
    }
    /* quarters */
    if (p->quarter >= 1 && p->quarter <= 4) {
        int y = p->year;
        if (!y && has_anchor) {
            y = doc->anchor_year;
            v->resolved = 1;
        }
        if (y)
            snprintf(v->value, sizeof v->value, "%04d-Q%d", y, p->quarter);
        else
            snprintf(v->value, sizeof v->value, "XXXX-Q%d", p->quarter);
        return 1;
    }
    /* a day: explicit, today/yesterday/tomorrow, a weekday */
    long z = day_of(doc, p, tense, v);
    if (z != -1) {
        if (z == -2)
            put_unresolved_day(v, p);
        else
            put_date(v, z);
        if (p->part) {
            size_t n = strlen(v->value);
            snprintf(v->value + n, sizeof v->value - n, "T%s", part_codes[p->part]);
            v->kind = W5_TIME_TIME;
        }
        return 1;
    }
    /* a part of a day with no day named: "this morning", "last night" */
    if (p->part && !p->month && !p->year) {
        v->kind = W5_TIME_TIME;
        if (has_anchor && (p->rel == REL_THIS || p->rel == REL_LAST)) {
            long anchor = w5_days_from_civil(doc->anchor_year, doc->anchor_month,
                                          doc->anchor_day);
            put_date(v, anchor - (p->rel == REL_LAST ? 1 : 0));
            v->resolved = 1;
        } else {
            snprintf(v->value, sizeof v->value, "XXXX-XX-XX");
        }
        size_t n = strlen(v->value);
        snprintf(v->value + n, sizeof v->value - n, "T%s", part_codes[p->part]);
        return 1;
    }
    /* a month, with or without a year */
    if (p->month) {
        int y = p->year;
        if (!y && has_anchor) {
            y = place_year(doc, p->month, 0, tense, p->rel);
            v->resolved = 1;
        }
        if (y)
            snprintf(v->value, sizeof v->value, "%04d-%02d", y, p->month);
        else
            snprintf(v->value, sizeof v->value, "XXXX-%02d", p->month);
        return 1;
    }
    if (p->year) {
        snprintf(v->value, sizeof v->value, "%04d", p->year);
        return 1;
    }
    if (p->decade) {
        snprintf(v->value, sizeof v->value, "%03dX", p->decade);
        return 1;
    }
    if (p->unit && !p->rel) {
        put_duration(v, p);
        return 1;
    }
    return 0;
}

/* ---- driver ------------------------------------------------------------------------- */

static int cmp_by_start(const void *a, const void *b, const w5_doc *doc)
{
    const w5_ment *x = &doc->ments.v[*(const uint32_t *)a];
    const w5_ment *y = &doc->ments.v[*(const uint32_t *)b];
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->end < y->end ? -1 : x->end > y->end;
}

/* Insertion sort of mention indices by start (mentions are nearly sorted
 * already, and qsort has no context argument in C11). */
static void sort_mentions(uint32_t *idx, size_t n, const w5_doc *doc)
{
    for (size_t i = 1; i < n; i++) {
        uint32_t v = idx[i];
        size_t j = i;
        while (j > 0 && cmp_by_start(&idx[j - 1], &v, doc) > 0) {
            idx[j] = idx[j - 1];
            j--;
        }
        idx[j] = v;
    }
}

/* The value of a parse; a month or day "of last year" takes its year
 * from the anchor, and is then resolved. */
static int normalise(const w5_doc *doc, const tparse *given, int tense, tvalue *v)
{
    tparse in_year = *given;
    if (given->rel_year && doc->anchor_year > 0)
        in_year.year = doc->anchor_year + (given->rel_year == REL_NEXT   ? 1
                                           : given->rel_year == REL_LAST ? -1
                                                                         : 0);
    int found = normalise_parse(doc, &in_year, tense, v);
    if (given->rel_year && doc->anchor_year > 0)
        v->resolved = 1;
    return found;
}

/* 1 when value v is a clock time put on the document's day for want of a
 * date of its own ("6 a.m.", "midnight"). */
static int clock_on_anchor(const tparse *p, const tvalue *v)
{
    return !p->day && !p->weekday && !p->month && !p->rel && strlen(v->value) >= 11 &&
           v->value[10] == 'T';
}

/* 1 when value v is a whole date, "YYYY-MM-DD". */
static int full_date(const char *v)
{
    return strlen(v) == 10 && v[4] == '-' && v[7] == '-';
}

/* 1 when the n bytes at gap hold only spaces, commas and the words of
 * `glue` ("Dec 5 at 10 a.m.", "6 a.m. on Friday"): a date and a clock
 * time read together. */
static int only_glue(const char *gap, size_t n, const char *const *glue)
{
    for (size_t i = 0; i < n;) {
        if (gap[i] == ' ' || gap[i] == ',') {
            i++;
            continue;
        }
        size_t w = 0;
        for (int k = 0; glue[k] && !w; k++) {
            size_t len = strlen(glue[k]);
            if (i + len <= n && strncmp(gap + i, glue[k], len) == 0 &&
                (i + len == n || gap[i + len] == ' '))
                w = len;
        }
        if (!w)
            return 0;
        i += w;
    }
    return 1;
}

/* "Dec 5 at 10 a.m.", "on Friday, at 9:30": a clock time right after a
 * date (nothing but "at", "from", commas and spaces between) is on that
 * date, not on the document's day. */
static void attach_to_date(const w5_doc *doc, const tparse *p, const w5_ment *m, tvalue *v)
{
    static const char *const glue[] = {"at", "from", NULL};
    if (!doc->times.n || !clock_on_anchor(p, v))
        return;
    const w5_tim *d = &doc->times.v[doc->times.n - 1];
    const char *dv = w5_strpool_get(&doc->pool, d->value);
    if (d->end > m->start || !full_date(dv) ||
        !only_glue(doc->text + d->end, m->start - d->end, glue))
        return;
    memcpy(v->value, dv, 10);
    v->resolved = d->resolved;
}

/* "6 a.m. local time on Friday": the clock time (times.v[k]) is on the
 * date that follows it (the last time), when only "on", commas and
 * spaces stand between. */
static int date_after_clock(w5_doc *doc, size_t k)
{
    static const char *const glue[] = {"on", NULL};
    const w5_tim *t = &doc->times.v[k], *d = &doc->times.v[doc->times.n - 1];
    const char *dv = w5_strpool_get(&doc->pool, d->value);
    if (!full_date(dv) || d->start < t->end ||
        !only_glue(doc->text + t->end, d->start - t->end, glue))
        return W5_OK;
    char value[64];
    snprintf(value, sizeof value, "%s", w5_strpool_get(&doc->pool, t->value));
    memcpy(value, dv, 10);
    doc->times.v[k].resolved = d->resolved;
    return w5_strpool_add(&doc->pool, value, strlen(value), &doc->times.v[k].value);
}

int w5_time_run(w5_doc *doc, w5_error *err)
{
    if (!doc)
        return w5_fail(err, W5_ERR_INVALID, "w5_time_run: doc is NULL");
    doc->times.n = 0;
    W5_VEC(uint32_t) idx = {0};
    w5_tw_vec words = {0};
    int rc = 0;
    long prev_clock = -1;   /* the last time, when a clock time on no date */
    for (size_t i = 0; i < doc->ments.n && !rc; i++) {
        uint8_t t = doc->ments.v[i].type;
        if (t == W5_E_DATE || t == W5_E_TIME)
            rc = w5_vec_push(&idx, (uint32_t)i);
    }
    if (!rc)
        sort_mentions(idx.v, idx.n, doc);
    for (size_t k = 0; k < idx.n && !rc; k++) {
        const w5_ment *m = &doc->ments.v[idx.v[k]];
        words.n = 0;
        if ((rc = w5_time_split_words(doc, m->tok_begin, m->tok_end, m->start,
                                      m->end, &words)))
            break;
        tctx c = {.doc = doc, .w = words.v, .n = words.n};
        tparse p;
        memset(&p, 0, sizeof p);
        read_words(&c, &p);
        tvalue v;
        if (!normalise(doc, &p, mention_tense(doc, m), &v) || !v.value[0])
            continue;
        attach_to_date(doc, &p, m, &v);
        int clock_only = clock_on_anchor(&p, &v);
        w5_tim tim = {.start = m->start, .end = m->end, .kind = (uint8_t)v.kind,
                      .resolved = (uint8_t)v.resolved};
        if ((rc = w5_strpool_add(&doc->pool, v.value, strlen(v.value), &tim.value)))
            break;
        if (v.mod && (rc = w5_strpool_add(&doc->pool, v.mod, strlen(v.mod),
                                          &tim.modifier)))
            break;
        rc = w5_vec_push(&doc->times, tim);
        if (!rc && prev_clock >= 0)
            rc = date_after_clock(doc, (size_t)prev_clock);
        prev_clock = clock_only ? (long)doc->times.n - 1 : -1;
    }
    w5_vec_free(&idx);
    w5_vec_free(&words);
    if (rc)
        return w5_fail(err, rc, "out of memory");
    return W5_OK;
}
