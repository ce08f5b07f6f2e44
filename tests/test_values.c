/* test_values.c - rule-based value and NORP mentions (ner/values.c). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "doc/doc.h"
#include "lexicon/lexicon.h"
#include "ner/values.h"

static w5_lexicon *lex;

/* A document of `text` with tokens, sentences and value mentions. */
static w5_doc *run(const char *text)
{
    w5_doc *doc = NULL;
    w5_error err;
    if (w5_doc_new(text, strlen(text), &doc, &err) ||
        w5_analyze(NULL, doc, W5_STAGE_SENTENCES, &err) ||
        w5_values_run(lex, doc, &err)) {
        CHECK(0, "%s", err.message);
        w5_doc_free(doc);
        return NULL;
    }
    return doc;
}

/* The type of the mention spanning exactly the first occurrence of
 * `span` in the text, or "none". */
static const char *type_of(const w5_doc *doc, const char *span)
{
    const char *at = strstr(doc->text, span);
    if (!at)
        return "no such text";
    uint32_t start = (uint32_t)(at - doc->text), end = start + (uint32_t)strlen(span);
    for (size_t i = 0; i < doc->ments.n; i++)
        if (doc->ments.v[i].start == start && doc->ments.v[i].end == end)
            return w5_etype_name((w5_etype)doc->ments.v[i].type);
    return "none";
}

/* Checks that `span` in `text` is a mention of `type`. */
#define EXPECT(text, span, type)                                           \
    do {                                                                   \
        w5_doc *d_ = run(text);                                            \
        if (d_) {                                                          \
            const char *got_ = type_of(d_, span);                          \
            CHECK(strcmp(got_, type) == 0, "\"%s\" in \"%s\": got %s, want %s", \
                  span, text, got_, type);                                 \
            w5_doc_free(d_);                                               \
        }                                                                  \
    } while (0)

static void test_dates(void)
{
    EXPECT("They met on Wednesday.", "Wednesday", "DATE");
    EXPECT("It was built in 1984 by him.", "1984", "DATE");
    EXPECT("They met on April 24, 2013 in Brussels.", "April 24, 2013", "DATE");
    EXPECT("They met on April 24 in Brussels.", "April 24", "DATE");
    EXPECT("They met on 24 April 2013 in Brussels.", "24 April 2013", "DATE");
    EXPECT("a meeting in February hosted by Cameron", "February", "DATE");
    EXPECT("before the presence dwindles next year.", "next year", "DATE");
    EXPECT("He said so last week.", "last week", "DATE");
    EXPECT("The meeting follows weeks of tension.", "weeks", "DATE");
    EXPECT("It happened two days ago.", "two days ago", "DATE");
    EXPECT("Prices fell in the 1990s.", "the 1990s", "DATE");
    EXPECT("Prices fell in the mid-1990s.", "the mid-1990s", "DATE");
    EXPECT("Sales rose in the first quarter of 2012.", "the first quarter of 2012", "DATE");
    EXPECT("Growth slowed over the past three years.", "the past three years", "DATE");
    EXPECT("Talks resume early next year.", "early next year", "DATE");
    EXPECT("Talks resume next spring.", "next spring", "DATE");
    EXPECT("Kerry said before Wednesday's meeting that it was over.", "Wednesday", "DATE");
    EXPECT("Kerry said before Wednesday\xE2\x80\x99s meeting that it was over.",
           "Wednesday", "DATE");
    EXPECT("The firm employs 2000 people.", "2000", "CARDINAL");
    EXPECT("LONDON 1996-08-22 Shares fell.", "1996-08-22", "DATE");
    EXPECT("A deal is due by the end of the year.", "the end of the year", "DATE");
    EXPECT("They rested over the weekend.", "the weekend", "DATE");
    EXPECT("She may come.", "may", "none");
    EXPECT("She May come.", "May", "none"); /* "May" alone is not a month */
    EXPECT("They met in May.", "May", "DATE");
}

static void test_times(void)
{
    EXPECT("Kerry emerged after more than three hours of talks.",
           "more than three hours", "TIME");
    EXPECT("They met on Monday morning.", "Monday morning", "TIME");
    EXPECT("The vote starts at 10:30 a.m. sharp.", "10:30 a.m.", "TIME");
    EXPECT("The vote starts at 3pm sharp.", "3pm", "TIME");
    EXPECT("The vote starts at 3 p.m. sharp.", "3 p.m.", "TIME");
    EXPECT("They talked for hours.", "hours", "TIME");
    EXPECT("They talked for a few hours.", "a few hours", "TIME");
    EXPECT("He won a second term.", "second", "ORDINAL");
    EXPECT("About a quarter of voters agreed.", "a quarter", "none");
}

static void test_money_percent(void)
{
    EXPECT("The deal is worth $1.5bn in all.", "$1.5bn", "MONEY");
    EXPECT("The deal is worth \xC2\xA3" "3 million in all.", "\xC2\xA3" "3 million", "MONEY");
    EXPECT("The ticket costs 10 euros here.", "10 euros", "MONEY");
    EXPECT("The deal is worth about $5 million.", "about $5 million", "MONEY");
    EXPECT("The deal is worth US$5 million.", "US$5 million", "MONEY");
    EXPECT("Prices rose 5% last year.", "5%", "PERCENT");
    EXPECT("Prices rose 5 per cent last year.", "5 per cent", "PERCENT");
    EXPECT("Prices rose 2.5 percent last year.", "2.5 percent", "PERCENT");
}

static void test_quantities(void)
{
    EXPECT("their 2,600-km (1,600-mile) border", "2,600-km", "QUANTITY");
    EXPECT("their 2,600-km (1,600-mile) border", "1,600-mile", "QUANTITY");
    EXPECT("It is a 27-acre property.", "27-acre", "QUANTITY");
    EXPECT("They walked 10 kilometres today.", "10 kilometres", "QUANTITY");
    EXPECT("They shipped 5 tons of rice.", "5 tons", "QUANTITY");
}

static void test_numbers(void)
{
    EXPECT("all three had agreed", "three", "CARDINAL");
    EXPECT("a border of 2,600 kilometres or so", "2,600 kilometres", "QUANTITY");
    EXPECT("They counted 2,600 votes.", "2,600", "CARDINAL");
    EXPECT("It was the first time.", "first", "ORDINAL");
    EXPECT("It was the 3rd time.", "3rd", "ORDINAL");
    EXPECT("twenty-five people came", "twenty-five", "CARDINAL");
    EXPECT("No one came.", "one", "none");
    EXPECT("They helped one another.", "one", "none");
    EXPECT("He met one of them.", "one", "CARDINAL");
    EXPECT("tens of thousands marched", "tens of thousands", "CARDINAL");
    EXPECT("The G8 met.", "8", "none");
    EXPECT("The F-16 flew.", "16", "none");
}

static void test_norp(void)
{
    if (!lex)
        return;
    EXPECT("Afghan President Hamid Karzai flew in.", "Afghan", "NORP");
    EXPECT("Afghan and Pakistani leaders met.", "Pakistani", "NORP");
    EXPECT("Muslims and Christians prayed.", "Muslims", "NORP");
    EXPECT("a sprawling Flemish-style estate", "Flemish", "NORP");
    EXPECT("The US and Nato agreed.", "US", "none");
    EXPECT("the afghan side", "afghan", "none"); /* lower case */
    w5_doc *doc = run("Afghans and an Afghan met.");
    if (doc) {
        CHECK(doc->ments.n == 2, "%zu mentions", doc->ments.n);
        if (doc->ments.n == 2)
            CHECK(doc->ments.v[0].plural == 1 && doc->ments.v[1].plural == 0,
                  "plural flags %d %d", doc->ments.v[0].plural, doc->ments.v[1].plural);
        w5_doc_free(doc);
    }
}

static void test_norp_model(void)
{
    w5_lexicon *model = NULL;
    w5_error err;
    if (access("models/lexicon.w5m", R_OK) != 0)
        return;
    if (w5_lexicon_load("models/lexicon.w5m", &model, &err)) {
        CHECK(0, "%s", err.message);
        return;
    }
    w5_lexicon *saved = lex;
    lex = model;
    EXPECT("But they say the Pakistanis don't want it.", "Pakistanis", "NORP");
    EXPECT("the senior American commander", "American", "NORP");
    EXPECT("British Prime Minister David Cameron", "British", "NORP");
    EXPECT("Sunni and Shia leaders", "Sunni", "NORP");
    EXPECT("Republicans in Congress", "Republicans", "NORP");
    lex = saved;
    w5_lexicon_free(model);
}

static void test_order_and_offsets(void)
{
    const char *text = "On Wednesday 3 Afghan officials spent $5 and 10% of 27 acres.";
    w5_doc *doc = run(text);
    if (!doc)
        return;
    for (size_t i = 1; i < doc->ments.n; i++)
        CHECK(doc->ments.v[i - 1].end <= doc->ments.v[i].start, "overlap or order at %zu", i);
    for (size_t i = 0; i < doc->ments.n; i++) {
        const w5_ment *m = &doc->ments.v[i];
        CHECK(m->tok_begin < m->tok_end && m->tok_end <= doc->toks.n, "tokens of %zu", i);
        CHECK(doc->toks.v[m->tok_begin].start <= m->start &&
                  doc->toks.v[m->tok_end - 1].end >= m->end, "token cover of %zu", i);
        CHECK(m->entity == -1 && m->kind == W5_MENTION_NAME, "kind of %zu", i);
    }
    w5_doc_free(doc);
}

static void test_no_crash(void)
{
    static const char *const odd[] = {
        "", "$", "%", "-", "'", "’s", "10:", ":30", "1,", ",1", "1.2.3",
        "the", "the the the", "more than", "about $", "Q", "Q5", "mid-",
        "\xff\xfe\xfd", "99999999999999999999999 km", "$$$ 5", "3rd-", "'90",
        "every", "next", "ago", "twenty-", "a million", "half a"};
    for (size_t i = 0; i < sizeof odd / sizeof *odd; i++) {
        w5_doc *doc = run(odd[i]);
        w5_doc_free(doc);
    }
    w5_error err;
    CHECK(w5_values_run(lex, NULL, &err) == W5_ERR_INVALID, "NULL doc");
}

int main(void)
{
    char path[256];
    w5_error err;
    snprintf(path, sizeof path, "/tmp/w5-test-values-lexicon-%ld.w5m", (long)getpid());
    if (w5_lexicon_build("tests/fixtures/lexicon", path, NULL, &err) ||
        w5_lexicon_load(path, &lex, &err))
        fprintf(stderr, "fixture lexicon: %s\n", err.message);
    remove(path);
    RUN(test_dates);
    RUN(test_times);
    RUN(test_money_percent);
    RUN(test_quantities);
    RUN(test_numbers);
    RUN(test_norp);
    RUN(test_norp_model);
    RUN(test_order_and_offsets);
    RUN(test_no_crash);
    w5_lexicon_free(lex);
    return check_summary();
}
