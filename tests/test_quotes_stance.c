/* test_quotes_stance.c - reports read off the parse: stance words and
 * their objects, "about" phrases and that-clauses, passives, relative
 * clauses, common-noun speakers as mentions, nested reports. The table
 * checks need nothing; the rest runs when the trained models are there
 * (it needs tags and a parse). The fixture text is our own. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "doc/doc.h"
#include "quotes/quotes.h"
#include "w5.h"

static const char fixture[] =
    "The mayor criticized the new parking rules on Monday.\n\n"
    "Local farmers were worried about the long drought.\n\n"
    "The governor's criticism of the bridge project surprised the council.\n\n"
    "The proposal was rejected by the harbour board.\n\n"
    "The plan that the minister announced was dropped in May.\n\n"
    "Afghan officials said the talks would resume in March.\n\n"
    "Mr. Haldane said he hoped the bill would pass before winter.\n\n"
    "The union urged members to vote against the contract.\n\n"
    "Several residents are convinced that the factory caused the flooding.\n\n"
    "The senator, who criticized the tariffs, left early.\n\n"
    "The ministers met on Friday to discuss the budget.\n\n"
    "The delay was due to the fact that the bridge was closed.\n\n"
    "Scott found fame in the TV series and has since starred in films.\n\n"
    "The study found most patients and doctors were satisfied.\n";

static void test_stance_table(void)
{
    CHECK(w5_quotes_stance_sorted(), "the stance table is sorted");
    CHECK(w5_quotes_stance_class("criticize", 9) & W5_STANCE_VERB, "criticize");
    CHECK(w5_quotes_stance_class("Criticism", 9) & W5_STANCE_NOUN, "criticism");
    CHECK(w5_quotes_stance_class("wary", 4) & W5_STANCE_ADJ, "wary");
    CHECK(!(w5_quotes_stance_class("criticize", 9) & W5_STANCE_NOUN),
          "criticize is no noun");
    CHECK(w5_quotes_stance_class("toute", 5) & W5_STANCE_VERB,
          "a lemma with a stray e (touted -> toute)");
    CHECK(w5_quotes_stance_class("make", 4) == 0, "make is no stance word");
    CHECK(w5_quotes_stance_class("", 0) == 0 && w5_quotes_stance_class(NULL, 3) == 0,
          "empty");
    CHECK(w5_quotes_stance_class("abcdefghijklmnopqrstuvwxyzabcdef", 32) == 0,
          "too long");
}

static w5_doc *doc;

static int span_is(uint32_t s, uint32_t e, const char *want)
{
    return e - s == strlen(want) && memcmp(doc->text + s, want, e - s) == 0;
}

/* The quote whose cue is `cue` and whose content holds `part`, or NULL. */
static const w5_quo *quote_with(const char *cue, const char *part)
{
    for (size_t i = 0; i < doc->quotes.n; i++) {
        const w5_quo *q = &doc->quotes.v[i];
        if (!span_is(q->cue_start, q->cue_end, cue))
            continue;
        char buf[256];
        size_t n = q->end - q->start < sizeof buf - 1 ? q->end - q->start
                                                       : sizeof buf - 1;
        memcpy(buf, doc->text + q->start, n);
        buf[n] = '\0';
        if (strstr(buf, part))
            return q;
    }
    return NULL;
}

/* Checks one report: its cue, a part of its content, its kind (reported
 * speech, or a stance: a position with no words reported), and the text
 * of its speaker mention. */
static void expect_kind(const char *cue, const char *part, const char *speaker,
                        w5_quote_kind kind)
{
    const w5_quo *q = quote_with(cue, part);
    CHECK(q != NULL, "a report \"%s\" ... \"%s\"", cue, part);
    if (!q)
        return;
    CHECK(q->kind == kind, "\"%s\": kind %d, not %d", cue, (int)q->kind, (int)kind);
    CHECK(q->speaker_ment >= 0 && (size_t)q->speaker_ment < doc->ments.n,
          "\"%s\": a speaker mention", cue);
    if (q->speaker_ment >= 0 && (size_t)q->speaker_ment < doc->ments.n) {
        const w5_ment *m = &doc->ments.v[q->speaker_ment];
        CHECK(span_is(m->start, m->end, speaker), "\"%s\": speaker \"%.*s\", not %s",
              cue, (int)(m->end - m->start), doc->text + m->start, speaker);
    }
}

static void expect(const char *cue, const char *part, const char *speaker)
{
    expect_kind(cue, part, speaker, W5_QUOTE_INDIRECT);
}

static void expect_stance(const char *cue, const char *part, const char *speaker)
{
    expect_kind(cue, part, speaker, W5_QUOTE_STANCE);
}

/* Mentions stay sorted (start, then longest) and every index into them
 * stays in range after the speaker mentions are added. */
static void check_mentions_consistent(void)
{
    for (size_t i = 1; i < doc->ments.n; i++) {
        const w5_ment *a = &doc->ments.v[i - 1], *b = &doc->ments.v[i];
        CHECK(a->start < b->start || (a->start == b->start && a->end >= b->end),
              "mentions sorted at %zu", i);
    }
    for (size_t i = 0; i < doc->ent_ments.n; i++)
        CHECK(doc->ent_ments.v[i] < doc->ments.n, "entity mention %zu", i);
    for (size_t e = 0; e < doc->ents.n; e++)
        for (uint32_t k = 0; k < doc->ents.v[e].ment_count; k++) {
            uint32_t m = doc->ent_ments.v[doc->ents.v[e].first_ment + k];
            CHECK(doc->ments.v[m].entity == (int32_t)e,
                  "mention %u belongs to entity %zu", m, e);
        }
    for (size_t r = 0; r < doc->roles.n; r++)
        CHECK(doc->roles.v[r].ment < doc->ments.n, "role %zu mention", r);
}

static void test_stance_reports(void)
{
    FILE *m = fopen("models/parser.w5m", "rb");
    if (!m) {
        printf("skipped: test_stance_reports (no models/parser.w5m)\n");
        return;
    }
    fclose(m);
    w5_pipeline *pipe = NULL;
    w5_error err;
    w5_options opts = w5_default_options();
    opts.model_dir = "models";
    if (w5_pipeline_open(&opts, &pipe, &err) != W5_OK) {
        printf("skipped: test_stance_reports (%s)\n", err.message);
        return;
    }
    size_t n = sizeof fixture - 1;
    char *copy = check_exact_copy(fixture, n);
    doc = NULL;
    CHECK(w5_doc_new(copy, n, &doc, &err) == W5_OK, "%s", err.message);
    free(copy);
    if (doc && w5_analyze(pipe, doc, W5_STAGE_QUOTES, &err) == W5_OK) {
        expect("criticized", "the new parking rules", "The mayor");
        expect_stance("worried", "the long drought", "Local farmers");
        expect_stance("criticism", "the bridge project", "The governor");
        /* a passive: the subject is what was rejected, the agent spoke */
        expect_stance("rejected", "The proposal", "the harbour board");
        /* a relative clause: the antecedent is what was announced */
        expect_stance("announced", "The plan", "the minister");
        /* a common-noun speaker is a mention of its own, no country */
        expect("said", "the talks would resume", "Afghan officials");
        const w5_quo *q = quote_with("said", "the talks would resume");
        CHECK(q && (q->speaker_ent < 0 ||
                    strcmp(w5_strpool_get(&doc->pool, doc->ents.v[q->speaker_ent].name),
                           "Afghanistan") != 0),
              "Afghan officials are not Afghanistan");
        expect("urged members", "to vote against the contract", "The union");
        expect_stance("convinced", "that the factory caused the flooding",
               "Several residents");
        /* a relative pronoun stands for its antecedent; a clause with no
         * subject shares its governor's */
        expect("criticized", "the tariffs", "The senator");
        expect_stance("discuss", "the budget", "The ministers");
        /* a report nested in the same speaker's report is part of it */
        expect("said", "he hoped the bill would pass", "Mr. Haldane");
        CHECK(quote_with("hoped", "the bill") == NULL,
              "no separate report for \"hoped\"");
        /* "the fact that ..." holds no one's position */
        CHECK(quote_with("fact", "the bridge was closed") == NULL, "the fact that");
        /* a verb after "and" goes on with the sentence: no clause reported */
        CHECK(quote_with("found", "fame") == NULL, "found fame ... and has starred");
        expect("found", "most patients and doctors were satisfied", "The study");
        check_mentions_consistent();
    } else {
        CHECK(0, "analyze: %s", err.message);
    }
    w5_doc_free(doc);
    doc = NULL;
    w5_pipeline_free(pipe);
}

int main(void)
{
    RUN(test_stance_table);
    RUN(test_stance_reports);
    return check_summary();
}
