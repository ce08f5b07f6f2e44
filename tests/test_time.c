/* test_time.c - TIMEX3 normalisation (time/time.c) of the value mentions
 * found by ner/values.c, with and without a document date. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "doc/doc.h"
#include "doc/tagset.h"
#include "ner/values.h"
#include "time/time.h"
#include "time/timewords.h"

/* Runs tokens, sentences, values and times on text; date may be NULL.
 * `past`/`future` mark the first token reading so as VBD or MD (a
 * stand-in for the tagger) when not NULL. */
static w5_doc *run_tagged(const char *text, const char *date, const char *vbd,
                          const char *md)
{
    w5_doc *doc = NULL;
    w5_error err;
    if (w5_doc_new(text, strlen(text), &doc, &err) ||
        (date && w5_doc_set_meta(doc, W5_META_DATE, date, &err)) ||
        w5_analyze(NULL, doc, W5_STAGE_SENTENCES, &err)) {
        CHECK(0, "%s", err.message);
        w5_doc_free(doc);
        return NULL;
    }
    if (vbd || md) {
        for (size_t i = 0; i < doc->toks.n; i++) {
            w5_tok *t = &doc->toks.v[i];
            size_t n = t->end - t->start;
            if (vbd && strlen(vbd) == n && !memcmp(doc->text + t->start, vbd, n))
                t->xpos = (uint8_t)w5_xpos_index("VBD");
            if (md && strlen(md) == n && !memcmp(doc->text + t->start, md, n))
                t->xpos = (uint8_t)w5_xpos_index("MD");
        }
        doc->stages |= W5_STAGE_TAGS;
    }
    if (w5_values_run(NULL, doc, &err) || w5_time_run(doc, &err)) {
        CHECK(0, "%s", err.message);
        w5_doc_free(doc);
        return NULL;
    }
    return doc;
}

/* The time whose text is exactly `span` (first occurrence), or NULL. */
static int find_time(const w5_doc *doc, const char *span, w5_time *out)
{
    const char *at = strstr(doc->text, span);
    if (!at)
        return 0;
    size_t start = (size_t)(at - doc->text), end = start + strlen(span);
    for (size_t i = 0; i < w5_doc_time_count(doc); i++) {
        w5_doc_time(doc, i, out);
        if (out->start == start && out->end == end)
            return 1;
    }
    return 0;
}

static void expect(const char *text, const char *date, const char *vbd,
                   const char *md, const char *span, const char *value,
                   const char *mod, int kind, int resolved, int line)
{
    w5_doc *doc = run_tagged(text, date, vbd, md);
    w5_time t;
    if (!doc)
        return;
    if (!find_time(doc, span, &t)) {
        CHECK(0, "line %d: no time \"%s\" in \"%s\"", line, span, text);
    } else {
        CHECK(strcmp(t.value, value) == 0, "line %d: \"%s\" (date %s): got %s, want %s",
              line, span, date ? date : "none", t.value, value);
        CHECK((mod == NULL) == (t.modifier == NULL) &&
                  (!mod || strcmp(mod, t.modifier) == 0),
              "line %d: \"%s\": modifier %s, want %s", line, span,
              t.modifier ? t.modifier : "none", mod ? mod : "none");
        CHECK((int)t.kind == kind, "line %d: \"%s\": kind %d, want %d", line, span,
              (int)t.kind, kind);
        CHECK(t.resolved == resolved, "line %d: \"%s\": resolved %d, want %d",
              line, span, t.resolved, resolved);
    }
    w5_doc_free(doc);
}

#define D W5_TIME_DATE
#define T W5_TIME_TIME
#define P W5_TIME_DURATION
#define S W5_TIME_SET
#define DOC "2013-04-24" /* a Wednesday */
#define E(text, date, span, value, mod, kind, res) \
    expect(text, date, NULL, NULL, span, value, mod, kind, res, __LINE__)
#define ET(text, date, vbd, md, span, value, kind, res) \
    expect(text, date, vbd, md, span, value, NULL, kind, res, __LINE__)

static void test_with_date(void)
{
    E("They met on Wednesday.", DOC, "Wednesday", "2013-04-24", NULL, D, 1);
    E("His spokesman said Monday that it failed.", DOC, "Monday", "2013-04-22", NULL, D, 1);
    E("The Nato presence dwindles next year.", DOC, "next year", "2014", NULL, D, 1);
    E("He said so last week.", DOC, "last week", "2013-W16", NULL, D, 1);
    E("He comes this week.", DOC, "this week", "2013-W17", NULL, D, 1);
    E("He comes next week.", DOC, "next week", "2013-W18", NULL, D, 1);
    E("a meeting in February hosted by Cameron", DOC, "February", "2013-02", NULL, D, 1);
    E("It was sold in 1984 by his widow.", DOC, "1984", "1984", NULL, D, 0);
    E("They met on April 24 in Brussels.", DOC, "April 24", "2013-04-24", NULL, D, 1);
    E("They met on April 24, 2013 in Brussels.", DOC, "April 24, 2013", "2013-04-24", NULL, D, 0);
    E("They met on Monday morning.", DOC, "Monday morning", "2013-04-22TMO", NULL, T, 1);
    E("They meet today.", DOC, "today", "2013-04-24", NULL, D, 1);
    E("They met yesterday.", DOC, "yesterday", "2013-04-23", NULL, D, 1);
    E("They meet tomorrow.", DOC, "tomorrow", "2013-04-25", NULL, D, 1);
    E("They met two days ago.", DOC, "two days ago", "2013-04-22", NULL, D, 1);
    E("They met three years ago.", DOC, "three years ago", "2010", NULL, D, 1);
    E("Prices fell last month.", DOC, "last month", "2013-03", NULL, D, 1);
    E("Prices fell in the 1990s.", DOC, "the 1990s", "199X", NULL, D, 0);
    E("Prices fell in the mid-1990s.", DOC, "the mid-1990s", "199X", "MID", D, 0);
    E("Talks resume next spring.", DOC, "next spring", "2014-SP", NULL, D, 1);
    E("Talks resumed last summer.", DOC, "last summer", "2012-SU", NULL, D, 1);
    E("Sales rose in the first quarter.", DOC, "the first quarter", "2013-Q1", NULL, D, 1);
    E("Sales rose in the third quarter of 2012.", DOC, "the third quarter of 2012",
      "2012-Q3", NULL, D, 0);
    E("Talks resume early next year.", DOC, "early next year", "2014", "START", D, 1);
    /* a month or a day of the year a relative names */
    E("They were held in January of last year.", DOC, "January of last year", "2012-01",
      NULL, D, 1);
    E("Talks resume in March next year.", DOC, "March next year", "2014-03", NULL, D, 1);
    E("It opened on May 5 last year.", DOC, "May 5 last year", "2012-05-05", NULL, D, 1);
    E("Sales rose in May this year.", DOC, "May this year", "2013-05", NULL, D, 1);
    E("Kerry emerged after more than three hours of talks.", DOC,
      "more than three hours", "PT3H", "MORE_THAN", P, 0);
    E("The fighting lasted three weeks.", DOC, "three weeks", "P3W", NULL, P, 0);
    E("The meeting follows weeks of tension.", DOC, "weeks", "PXW", NULL, P, 0);
    E("Growth slowed over the past three years.", DOC, "the past three years", "P3Y",
      NULL, P, 0);
    E("The vote starts at 10:30 a.m. sharp.", DOC, "10:30 a.m.", "2013-04-24T10:30",
      NULL, T, 1);
    E("The vote starts at 3 p.m. sharp.", DOC, "3 p.m.", "2013-04-24T15:00", NULL, T, 1);
    E("They meet every week.", DOC, "every week", "P1W", NULL, S, 0);
    E("They meet tonight.", DOC, "tonight", "2013-04-24TNI", NULL, T, 1);
    E("They met this morning.", DOC, "this morning", "2013-04-24TMO", NULL, T, 1);
    E("They met last night.", DOC, "last night", "2013-04-23TNI", NULL, T, 1);
    E("That night they left.", DOC, "That night", "XXXX-XX-XXTNI", NULL, T, 0);
    E("It happened in May 2012.", DOC, "May 2012", "2012-05", NULL, D, 0);
    E("A deal is due by the end of the year.", DOC, "the end of the year", "2013",
      "END", D, 1);
    E("They rested over the weekend.", DOC, "the weekend", "2013-W16-WE", NULL, D, 1);
    E("They rest over the weekend.", "2013-04-26", "the weekend", "2013-W17-WE", NULL, D, 1);
    E("It happened in spring 2012.", DOC, "spring 2012", "2012-SP", NULL, D, 0);
    E("LONDON 1996-08-22 Shares fell.", DOC, "1996-08-22", "1996-08-22", NULL, D, 0);
    /* nearest weekday, ties to the past: Friday is 2 days ahead, 5 back */
    E("They meet Friday.", DOC, "Friday", "2013-04-26", NULL, D, 1);
    E("They met last Monday.", DOC, "last Monday", "2013-04-22", NULL, D, 1);
    E("They meet next Monday.", DOC, "next Monday", "2013-04-29", NULL, D, 1);
    /* year boundaries and ISO weeks */
    E("He said so last week.", "2013-01-02", "last week", "2012-W52", NULL, D, 1);
    E("It happened yesterday.", "2013-03-01", "yesterday", "2013-02-28", NULL, D, 1);
    /* no tense known: the nearest December */
    E("It happened in December.", "2013-01-10", "December", "2012-12", NULL, D, 1);
    E("The summit is on March 10.", "2013-11-20", "March 10", "2014-03-10", NULL, D, 1);
    /* a clock time right after a date is on that date */
    E("The hearing is set for April 30 at 10 a.m. sharp.", DOC, "10 a.m.", "2013-04-30T10:00",
      NULL, T, 1);
    E("It opens on Friday, at 9:30 a.m. sharp.", DOC, "9:30 a.m.", "2013-04-26T09:30", NULL, T,
      1);
    E("The truce began at 6 a.m. on April 20, officials said.", DOC, "6 a.m.",
      "2013-04-20T06:00", NULL, T, 1);
    E("Prices rose in mid-2012.", DOC, "mid-2012", "2012", "MID", D, 0);
    /* a season with "the" */
    E("Prices rose in the summer.", DOC, "the summer", "2013-SU", NULL, D, 1);
    /* "since" looks back */
    E("They have protested since October.", DOC, "October", "2012-10", NULL, D, 1);
}

static void test_tense(void)
{
    /* past tense: Friday is the one before the document date */
    ET("They met Friday.", DOC, "met", NULL, "Friday", "2013-04-19", D, 1);
    /* future: Monday is the one after */
    ET("They will meet Monday.", DOC, NULL, "will", "Monday", "2013-04-29", D, 1);
    /* a month later in the year, in the past tense: last year's */
    ET("It happened in December.", DOC, "happened", NULL, "December", "2012-12", D, 1);
    ET("It will happen in February.", DOC, NULL, "will", "February", "2014-02", D, 1);
    ET("They met on May 3.", DOC, "met", NULL, "May 3", "2012-05-03", D, 1);
    ET("They will rest over the weekend.", DOC, NULL, "will", "the weekend",
       "2013-W17-WE", D, 1);
    /* a season behind us, or ahead, by the tense */
    ET("They met in the autumn.", DOC, "met", NULL, "the autumn", "2012-FA", D, 1);
    ET("Talks will resume in the winter.", DOC, NULL, "will", "the winter", "2013-WI", D, 1);
    ET("Talks will resume in the spring.", "2013-11-20", NULL, "will", "the spring", "2014-SP",
       D, 1);
}

/* With a parse, the verb governing the mention decides, not the nearest
 * one: "said" (past) governs "Monday", though "will" is nearer. */
static void test_parse_tense(void)
{
    const char *text = "He said Monday that they will sign.";
    w5_doc *doc = NULL;
    w5_error err;
    if (w5_doc_new(text, strlen(text), &doc, &err) ||
        w5_doc_set_meta(doc, W5_META_DATE, DOC, &err) ||
        w5_analyze(NULL, doc, W5_STAGE_SENTENCES, &err)) {
        CHECK(0, "%s", err.message);
        w5_doc_free(doc);
        return;
    }
    /* He said Monday that they will sign . */
    static const char *const xpos[] = {"PRP", "VBD", "NNP", "IN", "PRP", "MD", "VB", "."};
    static const int heads[] = {1, -1, 1, 6, 6, 6, 1, 1};
    CHECK(doc->toks.n == 8, "%zu tokens", doc->toks.n);
    if (doc->toks.n == 8) {
        for (size_t i = 0; i < 8; i++) {
            doc->toks.v[i].xpos = (uint8_t)w5_xpos_index(xpos[i]);
            doc->toks.v[i].head = heads[i];
        }
        doc->stages |= W5_STAGE_TAGS | W5_STAGE_PARSE;
        w5_time t;
        if (w5_values_run(NULL, doc, &err) || w5_time_run(doc, &err)) {
            CHECK(0, "%s", err.message);
        } else if (!find_time(doc, "Monday", &t)) {
            CHECK(0, "no Monday");
        } else {
            CHECK_STR(t.value, "2013-04-22");
        }
    }
    w5_doc_free(doc);
}

static void test_without_date(void)
{
    E("They met on Wednesday.", NULL, "Wednesday", "XXXX-WXX-3", NULL, D, 0);
    E("His spokesman said Monday that it failed.", NULL, "Monday", "XXXX-WXX-1", NULL, D, 0);
    E("The presence dwindles next year.", NULL, "next year", "XXXX", NULL, D, 0);
    E("He said so last week.", NULL, "last week", "XXXX-WXX", NULL, D, 0);
    E("a meeting in February hosted by Cameron", NULL, "February", "XXXX-02", NULL, D, 0);
    E("It was sold in 1984 by his widow.", NULL, "1984", "1984", NULL, D, 0);
    E("They met on April 24 in Brussels.", NULL, "April 24", "XXXX-04-24", NULL, D, 0);
    E("They met on Monday morning.", NULL, "Monday morning", "XXXX-WXX-1TMO", NULL, T, 0);
    E("They met last night.", NULL, "last night", "XXXX-XX-XXTNI", NULL, T, 0);
    E("They met two days ago.", NULL, "two days ago", "XXXX-XX-XX", NULL, D, 0);
    E("Talks resume next spring.", NULL, "next spring", "XXXX-SP", NULL, D, 0);
    E("Kerry emerged after more than three hours of talks.", NULL,
      "more than three hours", "PT3H", "MORE_THAN", P, 0);
    E("The vote starts at 10:30 a.m. sharp.", NULL, "10:30 a.m.", "XXXX-XX-XXT10:30",
      NULL, T, 0);
}

/* The reference article, with and without its date. */
static void test_brussels(void)
{
    static const char *const text =
        "Brussels - Afghan and Pakistani leaders met with US Secretary of State "
        "John F Kerry on Wednesday to try to reverse a deterioration in relations.\n\n"
        "Kerry emerged after more than three hours of talks saying that he believed "
        "\xE2\x80\x9cwe made progress.\xE2\x80\x9d\n\n"
        "Karzai and Kayani had sought to reach a deal at a meeting in February hosted "
        "by British Prime Minister David Cameron. The Wednesday meeting follows weeks "
        "of tension with Pakistan over their 2,600-km (1,600-mile) border.\n\n"
        "Afghan leaders are trying to hammer out a deal before the US and Nato "
        "presence dwindles next year. Karzai\xE2\x80\x99s spokesman said Monday that "
        "Islamabad had not taken any of the needed steps toward peace.\n\n"
        "Kerry said before Wednesday\xE2\x80\x99s meeting that he wanted a discussion. "
        "Truman Hall is a 27-acre property that was sold to the United States in 1984.";
    static const struct { const char *span, *with, *without; int kind; } want[] = {
        {"Wednesday", "2013-04-24", "XXXX-WXX-3", D},
        {"more than three hours", "PT3H", "PT3H", P},
        {"February", "2013-02", "XXXX-02", D},
        {"weeks", "PXW", "PXW", P},
        {"next year", "2014", "XXXX", D},
        {"Monday", "2013-04-22", "XXXX-WXX-1", D},
        {"1984", "1984", "1984", D},
    };
    for (int dated = 0; dated < 2; dated++) {
        w5_doc *doc = run_tagged(text, dated ? DOC : NULL, NULL, NULL);
        if (!doc)
            return;
        for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
            w5_time t;
            if (!find_time(doc, want[i].span, &t)) {
                CHECK(0, "no time \"%s\"", want[i].span);
                continue;
            }
            CHECK_STR(t.value, dated ? want[i].with : want[i].without);
            CHECK((int)t.kind == want[i].kind, "%s: kind %d", want[i].span, (int)t.kind);
        }
        /* times come in text order, and "The Wednesday meeting" resolves too */
        for (size_t i = 1; i < w5_doc_time_count(doc); i++) {
            w5_time a, b;
            w5_doc_time(doc, i - 1, &a);
            w5_doc_time(doc, i, &b);
            CHECK(a.start < b.start, "order at %zu", i);
        }
        CHECK(w5_doc_time_count(doc) == 9, "%zu times", w5_doc_time_count(doc));
        w5_doc_free(doc);
    }
}

static void test_calendar_edges(void)
{
    E("It happened yesterday.", "2012-03-01", "yesterday", "2012-02-29", NULL, D, 1);
    E("He said so last week.", "2021-01-04", "last week", "2020-W53", NULL, D, 1);
    E("It happened three months ago.", "2013-02-15", "three months ago", "2012-11", NULL, D, 1);
    E("The next quarter will be better.", "2013-11-15", "The next quarter", "2014-Q1", NULL, D, 1);
    /* absurd numbers are left out or kept, never overflow */
    w5_doc *doc = run_tagged("At 777777777:99 and 99999999999999 years ago, "
                             "in 4000000000000000000000 days, Q9, the 9990s.",
                             DOC, NULL, NULL);
    w5_doc_free(doc);
    w5_error err;
    CHECK(w5_time_run(NULL, &err) == W5_ERR_INVALID, "NULL doc");
}

/* Every number, ordinal and weekday word (any case) reads as its value
 * through the word classes' fast paths; near misses read as nothing. */
static void test_word_classes(void)
{
    static const char text[] =
        "one two three four five six seven eight nine ten eleven twelve "
        "thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty "
        "thirty forty fifty sixty seventy eighty ninety dozen Twenty NINE "
        "first second Third twentieth thirtieth hundredth Monday sunday "
        "Wednesday on tw nineteens fortieth mond";
    static const double nums[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,
                                  14, 15, 16, 17, 18, 19, 20, 30, 40, 50, 60,
                                  70, 80, 90, 12, 20, 9};
    static const int ords[] = {1, 2, 3, 20, 30, 100};
    static const int days[] = {1, 7, 3};
    w5_doc *doc = NULL;
    w5_error err;
    w5_tw_vec words = {0};
    CHECK(w5_doc_new(text, sizeof text - 1, &doc, &err) == W5_OK, "%s", err.message);
    CHECK(w5_analyze(NULL, doc, W5_STAGE_SENTENCES, &err) == W5_OK, "%s", err.message);
    CHECK(w5_time_split_words(doc, 0, (uint32_t)doc->toks.n, 0, (uint32_t)doc->len,
                              &words) == 0, "split");
    size_t nn = sizeof nums / sizeof *nums, no = sizeof ords / sizeof *ords;
    size_t nd = sizeof days / sizeof *days;
    CHECK(words.n == nn + no + nd + 5, "%zu words", words.n);
    for (size_t i = 0; i < words.n && i < nn + no + nd + 5; i++) {
        const w5_tw *w = &words.v[i];
        double num = w5_time_number_word(doc, w);
        int ord = w5_time_ordinal_word(doc, w), day = w5_time_weekday(doc, w);
        if (i < nn)
            CHECK(num == nums[i] && !ord && !day, "word %zu: %g", i, num);
        else if (i < nn + no)
            CHECK(ord == ords[i - nn] && num < 0, "word %zu: %d", i, ord);
        else if (i < nn + no + nd)
            CHECK(day == days[i - nn - no] && num < 0 && !ord, "word %zu: %d", i, day);
        else
            CHECK(num < 0 && !ord && !day, "word %zu reads as a value", i);
    }
    w5_vec_free(&words);
    w5_doc_free(doc);
}

/* Every calendar unit word, singular and plural, any case. */
static void test_unit_words(void)
{
    static const char text[] =
        "second seconds minute minutes hour hours day days week weeks weekend "
        "weekends month months quarter quarters year years decade decades "
        "century centuries hr hrs min mins yr yrs Years HOURS monthly centurys";
    static const int units[] = {
        W5_TU_SECOND, W5_TU_SECOND, W5_TU_MINUTE, W5_TU_MINUTE, W5_TU_HOUR,
        W5_TU_HOUR, W5_TU_DAY, W5_TU_DAY, W5_TU_WEEK, W5_TU_WEEK,
        W5_TU_WEEKEND, W5_TU_WEEKEND, W5_TU_MONTH, W5_TU_MONTH, W5_TU_QUARTER,
        W5_TU_QUARTER, W5_TU_YEAR, W5_TU_YEAR, W5_TU_DECADE, W5_TU_DECADE,
        W5_TU_CENTURY, W5_TU_CENTURY, W5_TU_HOUR, W5_TU_HOUR, W5_TU_MINUTE,
        W5_TU_MINUTE, W5_TU_YEAR, W5_TU_YEAR, W5_TU_YEAR, W5_TU_HOUR,
        W5_TU_NONE, W5_TU_NONE};
    w5_doc *doc = NULL;
    w5_error err;
    w5_tw_vec words = {0};
    CHECK(w5_doc_new(text, sizeof text - 1, &doc, &err) == W5_OK, "%s", err.message);
    CHECK(w5_analyze(NULL, doc, W5_STAGE_SENTENCES, &err) == W5_OK, "%s", err.message);
    CHECK(w5_time_split_words(doc, 0, (uint32_t)doc->toks.n, 0, (uint32_t)doc->len,
                              &words) == 0, "split");
    size_t n = sizeof units / sizeof *units;
    CHECK(words.n == n, "%zu words", words.n);
    for (size_t i = 0; i < words.n && i < n; i++) {
        int plural = -1, unit = w5_time_unit(doc, &words.v[i], &plural);
        CHECK(unit == units[i], "word %zu: unit %d", i, unit);
        CHECK(plural == (unit != W5_TU_NONE && i < 30 && (i % 2 == 1 || i >= 28)),
              "word %zu: plural %d", i, plural);
    }
    w5_vec_free(&words);
    w5_doc_free(doc);
}

int main(void)
{
    RUN(test_with_date);
    RUN(test_tense);
    RUN(test_parse_tense);
    RUN(test_without_date);
    RUN(test_brussels);
    RUN(test_calendar_edges);
    RUN(test_word_classes);
    RUN(test_unit_words);
    return check_summary();
}
